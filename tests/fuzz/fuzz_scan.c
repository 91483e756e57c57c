/* libFuzzer target: the scan parser (check_clean_code), which takes
 * whatever a keyboard-wedge scanner or a batch file sends. It must never
 * crash, and what it returns must be a clean code: no surrounding
 * whitespace, no control characters, within the length limit. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "inventar/check.h"

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
    } else if (n == 0 && out[0] != '\0') {
        abort();
    }
    return 0;
}
