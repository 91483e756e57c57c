/* alphabet.c: look-alike letters, transliteration, keyboard layouts. */
#include <ctype.h>
#include <string.h>

#include "inventar/alphabet.h"
#include "inventar/util.h"

/* Append code point cp to out (size n) at *at; -1 when it does not fit. */
static int put_cp(char *out, size_t n, size_t *at, unsigned cp)
{
    char b[4];
    size_t l;
    if (cp < 0x80) {
        b[0] = (char)cp;
        l = 1;
    } else if (cp < 0x800) {
        b[0] = (char)(0xC0 | (cp >> 6));
        b[1] = (char)(0x80 | (cp & 0x3F));
        l = 2;
    } else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | (cp >> 12));
        b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F));
        l = 3;
    } else {
        b[0] = (char)(0xF0 | (cp >> 18));
        b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[3] = (char)(0x80 | (cp & 0x3F));
        l = 4;
    }
    if (*at + l + 1 > n) return -1;
    memcpy(out + *at, b, l);
    *at += l;
    out[*at] = '\0';
    return 0;
}

static int put_str(char *out, size_t n, size_t *at, const char *s)
{
    size_t l = strlen(s);
    if (*at + l + 1 > n) return -1;
    memcpy(out + *at, s, l + 1);
    *at += l;
    return 0;
}

/* Decode the next character of s at *i (invalid bytes pass as themselves,
 * above the Unicode range so that nothing maps them). */
static unsigned next_cp(const char *s, size_t *i)
{
    unsigned cp;
    size_t left = strlen(s + *i);
    int l = utf8_decode_one(s + *i, left, &cp);
    if (l <= 0) {
        cp = 0x110000u + (unsigned char)s[*i];
        l = 1;
    }
    *i += (size_t)l;
    return cp;
}

/* Re-emit an undecodable byte as it was. */
static int put_any(char *out, size_t n, size_t *at, unsigned cp)
{
    if (cp >= 0x110000u) {
        if (*at + 2 > n) return -1;
        out[(*at)++] = (char)(cp - 0x110000u);
        out[*at] = '\0';
        return 0;
    }
    return put_cp(out, n, at, cp);
}

static int is_cyr(unsigned cp) { return cp >= 0x400 && cp <= 0x45F; }
static int cyr_lower(unsigned cp) { return cp >= 0x430 && cp <= 0x45F; }

static unsigned cyr_upper(unsigned cp)
{
    if (cp >= 0x430 && cp <= 0x44F) return cp - 0x20;
    if (cp >= 0x450 && cp <= 0x45F) return cp - 0x50;
    return cp;
}

static unsigned cyr_tolower(unsigned cp)
{
    if (cp >= 0x410 && cp <= 0x42F) return cp + 0x20;
    if (cp >= 0x400 && cp <= 0x40F) return cp + 0x50;
    return cp;
}

/* Upper-case Cyrillic look-alikes and their Latin letters. */
static const struct { unsigned cyr; char lat; } lookalike[] = {
    {0x410, 'A'}, {0x412, 'B'}, {0x415, 'E'}, {0x41A, 'K'}, {0x41C, 'M'}, {0x41D, 'H'},
    {0x41E, 'O'}, {0x420, 'P'}, {0x421, 'C'}, {0x422, 'T'}, {0x423, 'Y'}, {0x425, 'X'},
};
#define NLOOK (sizeof lookalike / sizeof lookalike[0])

int alpha_has_cyrillic(const char *s)
{
    for (size_t i = 0; s[i];)
        if (is_cyr(next_cp(s, &i))) return 1;
    return 0;
}

int alpha_is_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80) return 0;
    return 1;
}

size_t alpha_chars(const char *s)
{
    size_t c = 0;
    for (size_t i = 0; s[i]; c++) next_cp(s, &i);
    return c;
}

/* A letter of the Bulgarian alphabet (either case), or Ѝ/ѝ. */
static int bg_letter(unsigned cp)
{
    unsigned u = cyr_upper(cp);
    if (u == 0x40D) return 1;
    return u >= 0x410 && u <= 0x42F && u != 0x42B && u != 0x42D;
}

int alpha_tag_valid(const char *s, size_t max_chars)
{
    if (!s[0] || !utf8_valid(s, strlen(s))) return 0;
    size_t chars = 0;
    for (size_t i = 0; s[i]; chars++) {
        unsigned cp = next_cp(s, &i);
        if (cp < 0x80) {
            if (!isalnum((int)cp) && !strchr("-_./", (int)cp)) return 0;
        } else if (!bg_letter(cp)) {
            return 0;
        }
    }
    return chars >= 1 && chars <= max_chars;
}

int alpha_fold_key(const char *s, char *out, size_t n)
{
    size_t at = 0;
    if (n) out[0] = '\0';
    for (size_t i = 0; s[i];) {
        unsigned cp = next_cp(s, &i);
        if (cp < 0x80) cp = (unsigned)toupper((int)cp);
        else if (is_cyr(cp)) {
            cp = cyr_upper(cp);
            for (size_t k = 0; k < NLOOK; k++)
                if (lookalike[k].cyr == cp) {
                    cp = (unsigned char)lookalike[k].lat;
                    break;
                }
        }
        if (put_any(out, n, &at, cp) != 0) {
            if (n) out[0] = '\0';
            return -1;
        }
    }
    return 0;
}

int alpha_to_cyrillic(const char *s, char *out, size_t n)
{
    size_t at = 0;
    int latin = 0;
    if (n) out[0] = '\0';
    for (size_t i = 0; s[i];) {
        unsigned cp = next_cp(s, &i);
        if (cp < 0x80 && isalpha((int)cp)) {
            char u = (char)toupper((int)cp);
            unsigned c = 0;
            for (size_t k = 0; k < NLOOK; k++)
                if (lookalike[k].lat == u) c = lookalike[k].cyr;
            if (!c) {
                out[0] = '\0';
                return 0;
            }
            cp = c;
            latin = 1;
        } else if (is_cyr(cp)) {
            cp = cyr_upper(cp);
        }
        if (put_any(out, n, &at, cp) != 0) {
            if (n) out[0] = '\0';
            return -1;
        }
    }
    if (!latin) {
        out[0] = '\0';
        return 0;
    }
    return 1;
}

/* Transliteration of the lower-case letters а..я (U+0430 to U+044F);
 * NULL: none (ы, э are not Bulgarian letters). */
static const char *const translit[32] = {
    "a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p",
    "r", "s", "t", "u", "f", "h", "ts", "ch", "sh", "sht", "a", NULL, "y", NULL, "yu", "ya",
};

static int letter_cp(unsigned cp)
{
    return (cp < 0x80 && isalpha((int)cp)) || is_cyr(cp);
}

static int upper_cp(unsigned cp)
{
    if (cp < 0x80) return isupper((int)cp);
    return is_cyr(cp) && !cyr_lower(cp);
}

int alpha_translit(const char *s, char *out, size_t n)
{
    size_t at = 0, len = strlen(s);
    unsigned prev = 0;
    if (n) out[0] = '\0';
    for (size_t i = 0; i < len;) {
        unsigned cp = next_cp(s, &i);
        size_t j = i;
        unsigned next = j < len ? next_cp(s, &j) : 0;
        int rc;
        if (!is_cyr(cp)) {
            rc = put_any(out, n, &at, cp);
            prev = cp;
            if (rc) goto toolong;
            continue;
        }
        unsigned lo = cyr_tolower(cp);
        int up = !cyr_lower(cp);
        const char *t = NULL;
        if (lo == 0x45D) t = "i"; /* ѝ */
        else if (lo >= 0x430 && lo <= 0x44F) t = translit[lo - 0x430];
        if (!t) goto notascii;
        /* "ия" at the end of a word: "ia". */
        if (lo == 0x438 && cyr_tolower(next) == 0x44F) {
            size_t k = j;
            unsigned after = k < len ? next_cp(s, &k) : 0;
            if (!letter_cp(after)) {
                int up2 = !cyr_lower(next);
                if (put_str(out, n, &at, up ? "I" : "i") ||
                    put_str(out, n, &at, up2 ? "A" : "a"))
                    goto toolong;
                i = j;
                prev = next;
                continue;
            }
        }
        char buf[4];
        size_t tl = strlen(t);
        memcpy(buf, t, tl + 1);
        if (up) {
            int all = letter_cp(next) ? upper_cp(next) : upper_cp(prev) && letter_cp(prev);
            for (size_t k = 0; k < tl; k++)
                if (k == 0 || all) buf[k] = (char)toupper((unsigned char)buf[k]);
        }
        if (put_str(out, n, &at, buf)) goto toolong;
        prev = cp;
    }
    if (!alpha_is_ascii(out)) goto notascii;
    return 0;
toolong:
notascii:
    if (n) out[0] = '\0';
    return -1;
}

/* The key of each lower-case Cyrillic letter on a layout, and the
 * character its key gives with Shift on a US keyboard when that is not
 * simply the upper-case letter. */
typedef struct keymap {
    unsigned cyr; /* lower case */
    char key, shifted;
} keymap;

static const keymap bds[] = {
    {0x430, 'd', 0},   {0x431, '/', '?'}, {0x432, 'l', 0},    {0x433, 'h', 0},
    {0x434, 'o', 0},   {0x435, 'e', 0},   {0x436, 'g', 0},    {0x437, 'p', 0},
    {0x438, 'r', 0},   {0x439, 'x', 0},   {0x43A, 'u', 0},    {0x43B, '.', '>'},
    {0x43C, ';', ':'}, {0x43D, 'k', 0},   {0x43E, 'f', 0},    {0x43F, 'm', 0},
    {0x440, ',', '<'}, {0x441, 'i', 0},   {0x442, 'j', 0},    {0x443, 'w', 0},
    {0x444, 'b', 0},   {0x445, 'n', 0},   {0x446, '[', '{'},  {0x447, '\'', '"'},
    {0x448, 't', 0},   {0x449, 'y', 0},   {0x44A, 'c', 0},    {0x44C, 'a', 0},
    {0x44D, 'v', 0},   {0x44E, 'z', 0},   {0x44F, 's', 0},
};

static const keymap phonetic[] = {
    {0x430, 'a', 0},   {0x431, 'b', 0},   {0x432, 'w', 0},    {0x433, 'g', 0},
    {0x434, 'd', 0},   {0x435, 'e', 0},   {0x436, 'v', 0},    {0x437, 'z', 0},
    {0x438, 'i', 0},   {0x439, 'j', 0},   {0x43A, 'k', 0},    {0x43B, 'l', 0},
    {0x43C, 'm', 0},   {0x43D, 'n', 0},   {0x43E, 'o', 0},    {0x43F, 'p', 0},
    {0x440, 'r', 0},   {0x441, 's', 0},   {0x442, 't', 0},    {0x443, 'u', 0},
    {0x444, 'f', 0},   {0x445, 'h', 0},   {0x446, 'c', 0},    {0x447, '`', '~'},
    {0x448, '[', '{'}, {0x449, ']', '}'}, {0x44A, 'y', 0},    {0x44C, 'x', 0},
    {0x44E, '\\', '|'}, {0x44F, 'q', 0},
};

int alpha_layout_unmap(const char *s, alpha_layout layout, char *out, size_t n)
{
    const keymap *map = layout == ALPHA_LAYOUT_BDS ? bds : phonetic;
    size_t nmap = layout == ALPHA_LAYOUT_BDS ? sizeof bds / sizeof bds[0]
                                             : sizeof phonetic / sizeof phonetic[0];
    size_t at = 0;
    int mapped = 0;
    if (n) out[0] = '\0';
    for (size_t i = 0; s[i];) {
        unsigned cp = next_cp(s, &i);
        if (is_cyr(cp)) {
            unsigned lo = cyr_tolower(cp);
            const keymap *k = NULL;
            for (size_t j = 0; j < nmap; j++)
                if (map[j].cyr == lo) k = &map[j];
            if (!k) goto fail;
            char c = k->key;
            if (cyr_lower(cp) == 0) c = k->shifted ? k->shifted : (char)toupper((unsigned char)c);
            cp = (unsigned char)c;
            mapped++;
        }
        if (put_any(out, n, &at, cp) != 0) goto fail;
    }
    return mapped;
fail:
    if (n) out[0] = '\0';
    return -1;
}

const char *alpha_layout_name(alpha_layout layout)
{
    return layout == ALPHA_LAYOUT_BDS ? "BDS" : "phonetic";
}
