/* limits.h: the longest value each field takes, in bytes of UTF-8.
 * Longer input is refused with a message naming the field. */
#ifndef INVENTAR_LIMITS_H
#define INVENTAR_LIMITS_H

#define INV_CODE_MAX 32        /* office, kind and funding codes */
#define INV_TAG_CHARS 32       /* asset tags: at most this many characters */
#define INV_TAG_MAX 128        /* ... in bytes of UTF-8 (4 per character); also
                                  scan codes (3 ASCII letters per one at most) */
#define INV_NAME_MAX 256       /* office and kind names, titles */
#define INV_TEXT_MAX 128       /* make, model, serial, custodian, doc */
#define INV_LONG_MAX 1024      /* description, note, address, supplier */
#define INV_ATTRS_MAX 2048     /* attributes as a JSON object */
#define INV_STATUS_MAX 16
#define INV_DATE_MAX 11        /* "YYYY-MM-DD" + NUL */
#define INV_TIME_MAX 21        /* "YYYY-MM-DDTHH:MM:SSZ" + NUL */

#endif
