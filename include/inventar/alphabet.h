/* alphabet.h: Cyrillic and Latin in tags, codes and searched words.
 *
 * Bulgarian plates, serials and inventory numbers use the letters common
 * to both alphabets (А/A, В/B, Е/E, К/K, М/M, Н/H, О/O, Р/P, С/C, Т/T,
 * У/Y, Х/X), and a scanner or a clerk may type them in either. A PC whose
 * active keyboard layout is Bulgarian (BDS or phonetic) turns the keys of
 * a Latin code into Cyrillic letters. These functions fold, transliterate
 * and map such text back; they know nothing of the database.
 *
 * Every function writes a NUL-terminated string into out (size n) and
 * returns -1 when the result would not fit (out then holds ""). */
#ifndef INVENTAR_ALPHABET_H
#define INVENTAR_ALPHABET_H

#include <stddef.h>

/* 1 when s holds at least one Cyrillic letter (U+0400 to U+045F). */
int alpha_has_cyrillic(const char *s);

/* 1 when s is ASCII only. */
int alpha_is_ascii(const char *s);

/* The number of characters (code points) of a valid UTF-8 string. */
size_t alpha_chars(const char *s);

/* 1 when s is a valid tag: 1 to max_chars characters, each a Latin or
 * Bulgarian Cyrillic letter, a digit, '-', '_', '.' or '/'. */
int alpha_tag_valid(const char *s, size_t max_chars);

/* The look-alike key of s: ASCII and Cyrillic letters in upper case, and
 * the Cyrillic letters that look like Latin ones folded to them
 * (А->A, В->B, Е->E, К->K, М->M, Н->H, О->O, Р->P, С->C, Т->T, У->Y,
 * Х->X); everything else kept. "ов 1234 вк" -> "OB 1234 BK". Returns 0. */
int alpha_fold_key(const char *s, char *out, size_t n);

/* s with every Latin letter that has a Cyrillic look-alike turned into
 * it, in upper case ("OB1234" -> "ОВ1234"). Returns 1 when written, 0
 * when some Latin letter has no Cyrillic counterpart (out holds "") or s
 * has no Latin letter at all, -1 when out is too small. */
int alpha_to_cyrillic(const char *s, char *out, size_t n);

/* The official Bulgarian transliteration of s (Закон за
 * транслитерацията): а-a б-b в-v г-g д-d е-e ж-zh з-z и-i й-y к-k л-l
 * м-m н-n о-o п-p р-r с-s т-t у-u ф-f х-h ц-ts ч-ch ш-sh щ-sht ъ-a ь-y
 * ю-yu я-ya, "ия" at the end of a word -ia; case kept ("Ж" is "Zh"
 * before a lower-case letter, "ZH" in upper-case words). Other characters
 * are copied. Returns 0, or -1 when out is too small or the result is not
 * ASCII (a letter with no transliteration). */
int alpha_translit(const char *s, char *out, size_t n);

/* Bulgarian keyboard layouts a code may have been typed through. */
typedef enum alpha_layout {
    ALPHA_LAYOUT_BDS = 1,      /* БДС 5237: the typewriter layout */
    ALPHA_LAYOUT_PHONETIC = 2, /* the traditional phonetic layout */
} alpha_layout;

/* The code that the keys of s would have typed on a US keyboard, when s
 * was typed through layout: every Cyrillic letter becomes the character
 * of its key ("ЗЪ-000011" through BDS and "ПЦ-000011" through phonetic
 * -> "PC-000011"), upper case for shifted letters. Returns the number of
 * letters mapped (0 when s has no Cyrillic letter), or -1 when a letter
 * is not on that layout or out is too small. */
int alpha_layout_unmap(const char *s, alpha_layout layout, char *out, size_t n);

/* English name of a layout ("BDS", "phonetic"), not translated. */
const char *alpha_layout_name(alpha_layout layout);

#endif
