/* status.h: status codes and the error record every core call fills.
 *
 * The core never prints. A failing call returns a non-zero inv_status and
 * leaves a human-readable message (naming the file, line, tag or office
 * involved) in an inv_err that the caller shows: the command line as
 * "inventar: <msg>" on stderr, the TUI on its status line. */
#ifndef INVENTAR_STATUS_H
#define INVENTAR_STATUS_H

#include <stdarg.h>

/* X-macro: code, short English description. */
#define INV_STATUS_LIST(X)                                   \
    X(INV_OK, "ok")                                          \
    X(INV_EINVAL, "invalid input")                           \
    X(INV_ENOTFOUND, "not found")                            \
    X(INV_EEXIST, "already exists")                          \
    X(INV_ESTATE, "not allowed in the current state")       \
    X(INV_EDB, "database error")                             \
    X(INV_EBUSY, "database busy")                            \
    X(INV_EIO, "input/output error")                         \
    X(INV_ECORRUPT, "integrity fault")                       \
    X(INV_ENOMEM, "out of memory")                           \
    X(INV_EPERM, "not permitted")

typedef enum {
#define INV_X(code, text) code,
    INV_STATUS_LIST(INV_X)
#undef INV_X
} inv_status;

#define INV_ERR_MAX 1024

/* An error: its code and message. code == INV_OK means no error. */
typedef struct inv_err {
    inv_status code;
    char msg[INV_ERR_MAX];
} inv_err;

/* The short description of a status code; never NULL. */
const char *inv_status_text(inv_status code);

/* Record an error in e (printf-style message) and return code.
 * Strings from user data in the message are kept as they are; the
 * caller sanitises before showing. e may be NULL (then only returns). */
inv_status inv_fail(inv_err *e, inv_status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
inv_status inv_vfail(inv_err *e, inv_status code, const char *fmt, va_list ap);

/* Clear e to INV_OK with an empty message. */
void inv_err_clear(inv_err *e);

#endif
