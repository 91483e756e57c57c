/* qrwork.h: QR codes for labels, encoded ahead on worker threads.
 *
 * Each tag is encoded with libqrencode (error correction M, 8-bit
 * case-sensitive input, so the plain ASCII tag comes back unchanged) and
 * reduced to rectangles: runs of dark modules in a row merged, and equal
 * runs in consecutive rows stacked into one rectangle. The renderer asks
 * for codes in order (qr_work_get with non-decreasing indices); codes
 * before the one asked for are freed, and workers keep at most a window
 * of codes ready ahead, so memory stays bounded. Never prints. */
#ifndef INVENTAR_LABELS_QRWORK_H
#define INVENTAR_LABELS_QRWORK_H

#include <stddef.h>
#include <stdint.h>
#include "inventar/status.h"

/* A dark rectangle in module units; (0,0) is the symbol's top-left
 * module (the quiet zone is outside), y grows downwards. */
typedef struct qr_rect {
    uint8_t x, y, w, h;
} qr_rect;

typedef struct qr_code {
    int width;          /* modules per side, quiet zone excluded */
    size_t nrects;
    qr_rect *rects;
    int err;            /* errno of a failed encoding, else 0 */
} qr_code;

typedef struct qr_work qr_work;

/* Encode one tag into *out (rectangles malloc'd; free with
 * qr_code_free). Returns 0, or an errno value (ERANGE: the tag is too
 * long for any QR version; EINVAL; ENOMEM). */
int qr_code_encode(const char *tag, qr_code *out);
void qr_code_free(qr_code *q);

/* Start encoding the n tags (the strings must outlive the work) on
 * helper threads when that pays off. Returns INV_OK or INV_ENOMEM. */
inv_status qr_work_start(qr_work **out, const char *const *tags, size_t n,
                         inv_err *e);

/* The code of tag i, waiting for it if needed; i must not decrease
 * between calls. Codes before i are freed. Returns NULL when the tag
 * cannot be encoded (e says which tag and why). */
const qr_code *qr_work_get(qr_work *w, size_t i, inv_err *e);

/* Stop the helpers and free everything (NULL is allowed). */
void qr_work_stop(qr_work *w);

#endif
