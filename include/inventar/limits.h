/* limits.h: the longest value each field takes. Text limits are in
 * characters, what a person types and counts (128 Cyrillic letters fit a
 * field of 128 as well as 128 Latin ones); longer input is refused with a
 * message naming the field and both numbers. The *_MAX sizes are bytes:
 * a buffer of *_MAX + 1 holds any text of the limit (up to 4 bytes of
 * UTF-8 per character). */
#ifndef INVENTAR_LIMITS_H
#define INVENTAR_LIMITS_H

/* The bytes of UTF-8 that `chars` characters take at most. */
#define INV_UTF8_BYTES(chars) ((chars) * 4)

#define INV_CODE_MAX 32        /* office, kind and funding codes (ASCII) */
#define INV_TAG_CHARS 32       /* asset tags: at most this many characters */
#define INV_TAG_MAX 128        /* ... in bytes of UTF-8 (4 per character); also
                                  scan codes (3 ASCII letters per one at most) */
#define INV_NAME_CHARS 256     /* office and kind names, short names, titles */
#define INV_NAME_MAX INV_UTF8_BYTES(INV_NAME_CHARS)
#define INV_TEXT_CHARS 128     /* make, model, serial, custodian, doc,
                                  contract, a kind's own field */
#define INV_TEXT_MAX INV_UTF8_BYTES(INV_TEXT_CHARS)
#define INV_LONG_CHARS 1024    /* description, note, address, supplier */
#define INV_LONG_MAX INV_UTF8_BYTES(INV_LONG_CHARS)
#define INV_ATTRS_MAX 2048     /* attributes as a JSON object (bytes) */
#define INV_STATUS_MAX 16
#define INV_DATE_MAX 11        /* "YYYY-MM-DD" + NUL */
#define INV_TIME_MAX 21        /* "YYYY-MM-DDTHH:MM:SSZ" + NUL */

#endif
