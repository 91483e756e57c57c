/* fuzz_csv.c: libFuzzer target for the CSV reader (src/csv.c).
 *
 * Reads the input as a CSV file from memory until the end or a fatal
 * error, and checks what every reader must guarantee whatever the bytes:
 * fields are NUL-terminated valid UTF-8 of the length reported, within
 * CSV_FIELD_MAX; records after the header have the header's field count;
 * lines never go backwards; errors carry a message naming the file.
 * Then it reads the same input again after csv_rewind and compares.
 * Built by tests/fuzz/run.sh with clang -fsanitize=fuzzer,address,undefined. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventar/csv.h"
#include "inventar/util.h"

#define CHECK(c)                                                               \
    do {                                                                       \
        if (!(c)) {                                                            \
            fprintf(stderr, "fuzz_csv: check failed: %s (line %d)\n", #c,      \
                    __LINE__);                                                 \
            abort();                                                           \
        }                                                                      \
    } while (0)

/* Read everything; returns a digest of what was read, so two reads of
 * the same input can be compared. */
static uint64_t read_all(csv_reader *r)
{
    uint64_t h = 1469598103934665603ULL;
    long last = 0;
    for (int guard = 0; guard < 1000000; guard++) {
        inv_err err;
        inv_err_clear(&err);
        int rc = csv_next(r, &err);
        h = (h ^ (uint64_t)(rc + 3)) * 1099511628211ULL;
        if (rc == CSV_EOF) return h;
        if (rc == CSV_FATAL || rc == CSV_BAD) {
            CHECK(err.code != INV_OK);
            CHECK(strncmp(err.msg, "fuzz.csv", 8) == 0);
            if (rc == CSV_FATAL) {
                /* It stays fatal. */
                CHECK(csv_next(r, &err) == CSV_FATAL);
                return h;
            }
            continue;
        }
        CHECK(rc == CSV_RECORD);
        long line = csv_line(r);
        CHECK(line >= 1 && line >= last);
        last = line;
        size_t n = csv_nfields(r);
        CHECK(n >= 1);
        CHECK(csv_columns(r) >= 1);
        CHECK(n == csv_columns(r));
        for (size_t i = 0; i < n; i++) {
            const char *f = csv_field(r, i);
            size_t len = csv_field_len(r, i);
            CHECK(len <= CSV_FIELD_MAX);
            CHECK(strlen(f) == len);
            CHECK(utf8_valid(f, len));
            for (size_t k = 0; k < len; k++) h = (h ^ (unsigned char)f[k]) * 1099511628211ULL;
            h = (h ^ 0xff) * 1099511628211ULL;
        }
    }
    return h;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    inv_err err;
    inv_err_clear(&err);
    csv_reader *r = csv_open_mem(data, size, "fuzz.csv", &err);
    if (!r) {
        CHECK(err.code != INV_OK);
        CHECK(strncmp(err.msg, "fuzz.csv", 8) == 0);
        return 0;
    }
    char d = csv_delimiter(r);
    CHECK(d == ',' || d == ';' || d == '\t');
    uint64_t first = read_all(r);
    CHECK(csv_rewind(r, &err) == 0);
    CHECK(read_all(r) == first);
    csv_close(r);
    return 0;
}
