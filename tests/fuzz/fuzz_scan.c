/* libFuzzer target: the scan parser (check_clean_code), which takes
 * whatever a keyboard-wedge scanner or a batch file sends. It must never
 * crash, and what it returns must be a clean code: no surrounding
 * whitespace, no control characters, within the length limit. The clean
 * code then goes through what resolving it does to its letters
 * (alphabet.h: look-alike folding, transliteration, keyboard layouts),
 * into buffers large and small. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "inventar/alphabet.h"
#include "inventar/check.h"
#include "inventar/util.h"

/* Every alphabet function on s, into a buffer of n bytes: the result is
 * a string within the buffer ("" when it did not fit). */
static void letters(const char *s, size_t n)
{
    char *out = malloc(n);
    if (!out) abort();
    if (alpha_fold_key(s, out, n) != 0 && out[0]) abort();
    if (strlen(out) >= n) abort();
    int r = alpha_to_cyrillic(s, out, n);
    if (r != 1 && out[0]) abort();
    if (alpha_translit(s, out, n) == 0) {
        if (strlen(out) >= n || !alpha_is_ascii(out)) abort();
    } else if (out[0]) {
        abort();
    }
    for (int lay = ALPHA_LAYOUT_BDS; lay <= ALPHA_LAYOUT_PHONETIC; lay++) {
        r = alpha_layout_unmap(s, (alpha_layout)lay, out, n);
        if (r < 0 && out[0]) abort();
        if (r > 0 && alpha_has_cyrillic(out)) abort(); /* every letter mapped */
    }
    (void)alpha_tag_valid(s, 32);
    free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* The first byte chooses a prefix/suffix configuration. */
    static const char *const pre[] = {NULL, "", "]C1", "*"};
    static const char *const suf[] = {NULL, "", "\t", "#"};
    unsigned sel = size ? data[0] : 0;
    const char *p = pre[sel & 3], *s = suf[(sel >> 2) & 3];
    char out[CHECK_CODE_MAX + 1];
    int n = check_clean_code((const char *)data, size, p, s, out, sizeof out);
    if (n > 0) {
        if ((size_t)n != strlen(out) || n > CHECK_CODE_MAX) abort();
        for (int i = 0; i < n; i++)
            if ((unsigned char)out[i] < 0x20 || out[i] == 0x7f) abort();
        if (out[0] == ' ' || out[n - 1] == ' ') abort();
        letters(out, 4);
        letters(out, 4 * CHECK_CODE_MAX + 1);
    } else if (n == 0 && out[0] != '\0') {
        abort();
    }
    return 0;
}
