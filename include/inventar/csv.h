/* csv.h: a streaming reader for CSV files as people really have them.
 *
 * - RFC 4180 quoting: fields in double quotes may hold the delimiter, line
 *   breaks and doubled quotes (""). Leniencies: a quote inside an unquoted
 *   field is kept as a character (24" monitor); spaces before an opening
 *   quote and after a closing one are dropped.
 * - Line breaks LF, CRLF or CR; inside a quoted field each becomes "\n".
 * - The delimiter is detected from the header line: comma, semicolon or
 *   tab, whichever occurs most often outside quotes (comma when none).
 * - Encoding: a UTF-8 byte order mark is skipped. A file that is valid
 *   UTF-8 is read as such; otherwise it is taken as Windows-1251 (the
 *   usual encoding of Bulgarian Excel exports) and converted to UTF-8
 *   through iconv. A file that is mostly UTF-8 with a few invalid bytes
 *   (or that has a BOM and invalid bytes) is refused, naming the line,
 *   rather than being garbled. UTF-16 files are refused with advice.
 * - Blank lines are skipped. The first record read is the header; every
 *   later record must have as many fields as the header.
 *
 * Fields come back as NUL-terminated UTF-8. Memory stays bounded whatever
 * the input: a field longer than CSV_FIELD_MAX or a record longer than
 * CSV_RECORD_MAX is refused (not stored), and a row with more fields than
 * the header only counts the extra ones.
 *
 * Every record knows the physical line it starts on (1-based, counting
 * the line breaks inside quoted fields too). Error messages are
 * "NAME:LINE: what is wrong". */
#ifndef INVENTAR_CSV_H
#define INVENTAR_CSV_H

#include <stddef.h>
#include <stdint.h>
#include "inventar/status.h"

#define CSV_FIELD_MAX (64 * 1024)     /* longest field, in bytes */
#define CSV_RECORD_MAX (1024 * 1024)  /* longest record, in bytes */
#define CSV_COLUMNS_MAX 1024          /* most fields a header may have */

typedef enum { CSV_UTF8, CSV_CP1251 } csv_encoding;

/* What csv_next returns. */
enum {
    CSV_RECORD = 1, /* a record was read */
    CSV_EOF = 0,    /* no more records */
    CSV_BAD = -1,   /* this record is bad (err says why); reading may go on */
    CSV_FATAL = -2, /* the file cannot be read further (err says why) */
};

typedef struct csv_reader csv_reader;

/* Open the regular file at path; name is what messages call it (path
 * when NULL). The whole file is read once here to detect its encoding
 * and delimiter. Returns NULL and fills err (naming the file, and the line
 * where it applies) when the file cannot be opened, is not a regular file,
 * is UTF-16, or mixes valid and invalid UTF-8. */
csv_reader *csv_open(const char *path, const char *name, inv_err *err);

/* The same over n bytes in memory (tests, fuzzing). The buffer must
 * outlive the reader. */
csv_reader *csv_open_mem(const void *buf, size_t n, const char *name, inv_err *err);

/* Read the next record. Returns CSV_RECORD, CSV_EOF, CSV_BAD (err names
 * the line and the problem: a wrong number of fields, a field or record
 * too long, text after a closing quote, a byte that is not Windows-1251;
 * the next call reads the following record) or CSV_FATAL (a NUL byte, an
 * unterminated quote at the end of the file, a read error, a header with
 * too many fields; every later call returns CSV_FATAL again). */
int csv_next(csv_reader *r, inv_err *err);

/* Go back to the start of the file (the header is read again). Returns 0,
 * or -1 with err filled. */
int csv_rewind(csv_reader *r, inv_err *err);

/* The fields of the current record. csv_field returns a NUL-terminated
 * string that the caller may modify in place (to trim it, say) until the
 * next call to csv_next; i must be below csv_nfields. */
size_t csv_nfields(const csv_reader *r);
char *csv_field(const csv_reader *r, size_t i);
size_t csv_field_len(const csv_reader *r, size_t i);

/* The physical line (1-based) on which the current record starts. */
long csv_line(const csv_reader *r);

/* How far reading has come, for a progress line: *done bytes of the
 * *total bytes of the input. */
void csv_position(const csv_reader *r, uint64_t *done, uint64_t *total);

/* The number of fields of the header (0 before it was read). */
size_t csv_columns(const csv_reader *r);

/* What was detected when the file was opened. */
char csv_delimiter(const csv_reader *r);
csv_encoding csv_encoding_of(const csv_reader *r);
int csv_had_bom(const csv_reader *r);

/* The name used in messages. */
const char *csv_name(const csv_reader *r);

/* Close the file and free the reader. NULL is ignored. */
void csv_close(csv_reader *r);

#endif
