/* form.c: the shared parts of the agency's documents (form.h). */
#include <stdio.h>
#include <string.h>

#include "form.h"
#include "inventar/util.h"

#define FORM_MARGIN DOC_MM(15)

static inv_status begin(doc **out, const char *font, const char *title, const char *author,
                        double w, double h, inv_err *e)
{
    doc *d = NULL;
    inv_status rc = doc_open(&d, font, e);
    if (rc != INV_OK) return rc;
    doc_set_info(d, title, author);
    /* The flow has one margin for all sides: the header and footer live
     * inside it. */
    doc_flow_begin(d, w, h, FORM_MARGIN);
    *out = d;
    return INV_OK;
}

inv_status form_begin(doc **out, const char *font, const char *title, const char *author,
                      inv_err *e)
{
    return begin(out, font, title, author, DOC_A4_W, DOC_A4_H, e);
}

inv_status form_begin_landscape(doc **out, const char *font, const char *title,
                                const char *author, inv_err *e)
{
    return begin(out, font, title, author, DOC_A4_H, DOC_A4_W, e);
}

void form_title(doc *d, const char *title, const char *subtitle)
{
    doc_flow_skip(d, 4);
    doc_flow_title(d, title, 14, DOC_CENTER);
    if (subtitle && *subtitle) doc_flow_title(d, subtitle, 11, DOC_CENTER);
    doc_flow_skip(d, 6);
}

void form_facts(doc *d, const char *const *pairs, size_t n, double size)
{
    sbuf s = {0};
    for (size_t i = 0; i < n; i++) {
        const char *v = pairs[2 * i + 1];
        if (!v || !*v) continue;
        sbuf_reset(&s);
        sbuf_addf(&s, "%s: %s", pairs[2 * i], v);
        doc_flow_paragraph(d, s.s, size);
    }
    sbuf_free(&s);
    doc_flow_skip(d, 4);
}

void form_signatures(doc *d, const char *const *captions, const char *const *names,
                     size_t n, double size)
{
    double lh = doc_line_height(d, size);
    doc_flow_need(d, (double)n * 2.4 * lh + lh);
    double w = doc_flow_width(d);
    double x = (doc_page_width(d) - w) / 2;
    sbuf s = {0};
    for (size_t i = 0; i < n; i++) {
        doc_flow_skip(d, 1.4 * lh);
        double y = doc_flow_y(d);
        sbuf_reset(&s);
        const char *name = names && names[i] && *names[i] ? names[i] : NULL;
        sbuf_addf(&s, "%s ........................................ (%s)",
                  captions[i] ? captions[i] : "", name ? name : "                              ");
        doc_text_fit(d, x, y, w, size, size * 0.7, DOC_LEFT, s.s);
        doc_flow_skip(d, 1.0 * lh);
    }
    sbuf_free(&s);
    doc_flow_skip(d, lh);
}

void form_note(doc *d, const char *text, double size)
{
    doc_flow_paragraph(d, text, size);
}

inv_status form_finish(doc *d, const form_frame *f, const char *path, inv_err *e)
{
    size_t total = doc_page_count(d);
    sbuf s = {0};
    for (size_t i = 0; i < total; i++) {
        doc_select_page(d, i);
        double w = doc_page_width(d) - 2 * FORM_MARGIN;
        /* The agency's name above the flow, with a rule under it. */
        double top = doc_page_height(d) - FORM_MARGIN / 2;
        doc_text_fit(d, FORM_MARGIN, top, w, 10, 7, DOC_CENTER, f->agency ? f->agency : "");
        doc_set_line_width(d, 0.5);
        doc_line(d, FORM_MARGIN, top - 4, FORM_MARGIN + w, top - 4);
        doc_stroke(d);
        /* The footer: the number on the left, the page on the right. */
        double base = FORM_MARGIN / 2 - 4;
        sbuf_reset(&s);
        if (f->number && *f->number)
            sbuf_addf(&s, "%s %s", f->number_label ? f->number_label : "", f->number);
        doc_text_fit(d, FORM_MARGIN, base, w / 2, 8, 6, DOC_LEFT, s.s);
        char page[96];
        snprintf(page, sizeof page, f->page_fmt ? f->page_fmt : "%1$zu / %2$zu", i + 1, total);
        doc_text_fit(d, FORM_MARGIN + w / 2, base, w / 2, 8, 6, DOC_RIGHT, page);
    }
    sbuf_free(&s);
    if (total) doc_select_page(d, total - 1);
    inv_status rc = doc_save(d, path, e);
    doc_free(d);
    return rc;
}
