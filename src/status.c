/* status.c: status texts and the error record. */
#include <stdio.h>
#include <string.h>
#include "inventar/status.h"

const char *inv_status_text(inv_status code)
{
    switch (code) {
#define INV_X(c, text) case c: return text;
        INV_STATUS_LIST(INV_X)
#undef INV_X
    }
    return "unknown status";
}

inv_status inv_vfail(inv_err *e, inv_status code, const char *fmt, va_list ap)
{
    if (!e) return code;
    e->code = code;
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    return code;
}

inv_status inv_fail(inv_err *e, inv_status code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    inv_vfail(e, code, fmt, ap);
    va_end(ap);
    return code;
}

void inv_err_clear(inv_err *e)
{
    if (!e) return;
    e->code = INV_OK;
    e->msg[0] = '\0';
}
