/* qrwork.c: QR encoding on helper threads (see qrwork.h). */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <qrencode.h>

#include "inventar/util.h"
#include "qrwork.h"

#define MAX_HELPERS 3
#define WINDOW 4096       /* codes kept ready ahead of the renderer */
#define MIN_PARALLEL 256  /* fewer tags than this: no helper threads */

enum { TODO, BUSY, DONE };

struct qr_work {
    const char **tags;     /* copies of the caller's pointers */
    size_t n;
    qr_code *codes;
    unsigned char *state;  /* TODO, BUSY or DONE per tag */
    size_t next;           /* the next tag nobody has claimed */
    size_t consumed;       /* codes before this one are freed */
    int stop;
    pthread_mutex_t mu;
    pthread_cond_t done;   /* a code became DONE */
    pthread_cond_t space;  /* the window moved, or stop */
    pthread_t threads[MAX_HELPERS];
    int nthreads;
};

void qr_code_free(qr_code *q)
{
    if (!q) return;
    free(q->rects);
    q->rects = NULL;
    q->nrects = 0;
}

int qr_code_encode(const char *tag, qr_code *out)
{
    memset(out, 0, sizeof *out);
    errno = 0;
    QRcode *qr = QRcode_encodeString(tag, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!qr) return errno ? errno : EINVAL;
    int w = qr->width;
    /* used[y * w + x]: a run starting there was already stacked into a
     * rectangle started in a row above. */
    unsigned char *used = calloc((size_t)w * (size_t)w, 1);
    size_t cap = 64;
    qr_rect *rects = malloc(cap * sizeof *rects);
    if (!used || !rects) {
        free(used);
        free(rects);
        QRcode_free(qr);
        return ENOMEM;
    }
    const unsigned char *m = qr->data;
#define DARK(x, y) (m[(size_t)(y) * (size_t)w + (size_t)(x)] & 1)
    size_t n = 0;
    for (int y = 0; y < w; y++) {
        int x = 0;
        while (x < w) {
            if (!DARK(x, y)) { x++; continue; }
            int x0 = x;
            while (x < w && DARK(x, y)) x++;
            int len = x - x0;
            if (used[(size_t)y * (size_t)w + (size_t)x0]) continue;
            /* Stack the same run in the rows below. */
            int h = 1;
            while (y + h < w) {
                int yy = y + h, same = 1;
                if (x0 > 0 && DARK(x0 - 1, yy)) same = 0;
                if (x < w && DARK(x, yy)) same = 0;
                for (int i = x0; same && i < x; i++)
                    if (!DARK(i, yy)) same = 0;
                if (!same) break;
                used[(size_t)yy * (size_t)w + (size_t)x0] = 1;
                h++;
            }
            if (n == cap) {
                cap *= 2;
                qr_rect *r = realloc(rects, cap * sizeof *r);
                if (!r) {
                    free(used);
                    free(rects);
                    QRcode_free(qr);
                    return ENOMEM;
                }
                rects = r;
            }
            rects[n].x = (uint8_t)x0;
            rects[n].y = (uint8_t)y;
            rects[n].w = (uint8_t)len;
            rects[n].h = (uint8_t)h;
            n++;
        }
    }
#undef DARK
    free(used);
    out->width = w;
    out->rects = rects;
    out->nrects = n;
    QRcode_free(qr);
    return 0;
}

static void encode_at(qr_work *w, size_t i)
{
    int err = qr_code_encode(w->tags[i], &w->codes[i]);
    w->codes[i].err = err;
}

static void *helper(void *arg)
{
    qr_work *w = arg;
    pthread_mutex_lock(&w->mu);
    for (;;) {
        while (!w->stop && w->next < w->n && w->next >= w->consumed + WINDOW)
            pthread_cond_wait(&w->space, &w->mu);
        while (w->next < w->n && w->state[w->next] != TODO) w->next++;
        if (w->stop || w->next >= w->n) break;
        size_t i = w->next++;
        w->state[i] = BUSY;
        pthread_mutex_unlock(&w->mu);
        encode_at(w, i);
        pthread_mutex_lock(&w->mu);
        w->state[i] = DONE;
        pthread_cond_broadcast(&w->done);
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

inv_status qr_work_start(qr_work **out, const char *const *tags, size_t n,
                         inv_err *e)
{
    *out = NULL;
    qr_work *w = calloc(1, sizeof *w);
    if (!w) return inv_fail(e, INV_ENOMEM, "%s", _("out of memory"));
    w->n = n;
    w->tags = malloc((n ? n : 1) * sizeof *w->tags);
    w->codes = calloc(n ? n : 1, sizeof *w->codes);
    w->state = calloc(n ? n : 1, 1);
    if (!w->tags || !w->codes || !w->state) {
        free(w->tags);
        free(w->codes);
        free(w->state);
        free(w);
        return inv_fail(e, INV_ENOMEM, "%s", _("out of memory"));
    }
    memcpy(w->tags, tags, n * sizeof *tags);
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->done, NULL);
    pthread_cond_init(&w->space, NULL);
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    int want = cpus > 1 ? (int)(cpus - 1) : 0;
    if (want > MAX_HELPERS) want = MAX_HELPERS;
    if (n < MIN_PARALLEL) want = 0;
    for (int i = 0; i < want; i++) {
        if (pthread_create(&w->threads[w->nthreads], NULL, helper, w) != 0) break;
        w->nthreads++;
    }
    *out = w;
    return INV_OK;
}

const qr_code *qr_work_get(qr_work *w, size_t i, inv_err *e)
{
    if (!w || i >= w->n) {
        inv_fail(e, INV_EINVAL, "%s", _("no such QR code"));
        return NULL;
    }
    pthread_mutex_lock(&w->mu);
    if (i > w->consumed) {
        for (size_t j = w->consumed; j < i; j++)
            if (w->state[j] == DONE) qr_code_free(&w->codes[j]);
        w->consumed = i;
        pthread_cond_broadcast(&w->space);
    }
    while (w->state[i] != DONE) {
        if (w->state[i] == TODO) {
            /* Nobody has it yet: encode it here. What lies before it is
             * no longer needed, so the helpers go on after it. */
            if (w->next <= i) w->next = i + 1;
            w->state[i] = BUSY;
            pthread_mutex_unlock(&w->mu);
            encode_at(w, i);
            pthread_mutex_lock(&w->mu);
            w->state[i] = DONE;
            break;
        }
        pthread_cond_wait(&w->done, &w->mu);
    }
    pthread_mutex_unlock(&w->mu);
    const qr_code *q = &w->codes[i];
    if (q->err) {
        /* A tag too long for a QR code is too long for a message too. */
        char tag[64];
        if (str_copy(tag, 48, w->tags[i]) != 0) strcat(tag, "\xE2\x80\xA6");
        if (q->err == ERANGE)
            /* TRANSLATORS: %1$s is the tag (cut short), %2$zu its length. */
            inv_fail(e, INV_EINVAL,
                     ngettext("tag %1$s (%2$zu byte) is too long for a QR code",
                              "tag %1$s (%2$zu bytes) is too long for a QR code",
                              strlen(w->tags[i])),
                     tag, strlen(w->tags[i]));
        else if (q->err == ENOMEM)
            inv_fail(e, INV_ENOMEM, "%s", _("out of memory"));
        else
            inv_fail(e, INV_EINVAL, _("tag %s cannot be encoded as a QR code: %s"),
                     tag, strerror(q->err));
        return NULL;
    }
    return q;
}

void qr_work_stop(qr_work *w)
{
    if (!w) return;
    pthread_mutex_lock(&w->mu);
    w->stop = 1;
    pthread_cond_broadcast(&w->space);
    pthread_mutex_unlock(&w->mu);
    for (int i = 0; i < w->nthreads; i++) pthread_join(w->threads[i], NULL);
    for (size_t i = 0; i < w->n; i++) qr_code_free(&w->codes[i]);
    pthread_mutex_destroy(&w->mu);
    pthread_cond_destroy(&w->done);
    pthread_cond_destroy(&w->space);
    free(w->tags);
    free(w->codes);
    free(w->state);
    free(w);
}
