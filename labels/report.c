/* report.c: reports as PDF through the document layer. */
#include <stdio.h>
#include <string.h>

#include "report.h"

#define REPORT_MARGIN DOC_MM(15)

inv_status report_write_pdf(const report_spec *r, const char *path, inv_err *e)
{
    doc *d = NULL;
    inv_status rc = doc_open(&d, r->font_path, e);
    if (rc != INV_OK) return rc;
    doc_set_info(d, r->title, r->author);
    doc_flow_begin(d, DOC_A4_W, DOC_A4_H, REPORT_MARGIN);
    doc_flow_title(d, r->title, 15, DOC_CENTER);

    if (r->nfacts > 0) {
        doc_column facts[2] = {{NULL, DOC_MM(55), DOC_LEFT}, {NULL, 0, DOC_LEFT}};
        doc_table_begin(d, facts, 2, 9.5);
        for (size_t i = 0; i < r->nfacts; i++) {
            const char *row[2] = {r->facts[2 * i], r->facts[2 * i + 1]};
            doc_table_row(d, row);
        }
        doc_table_end(d);
    }
    for (size_t t = 0; t < r->ntables; t++) {
        const report_table *tb = &r->tables[t];
        doc_flow_need(d, 60);
        doc_flow_title(d, tb->title, 11.5, DOC_LEFT);
        if (tb->nrows == 0) {
            doc_flow_paragraph(d, tb->empty_text ? tb->empty_text : "-", 9);
            doc_flow_skip(d, 6);
            continue;
        }
        doc_table_begin(d, tb->cols, tb->ncols, 8);
        for (size_t i = 0; i < tb->nrows; i++) doc_table_row(d, tb->cells + i * tb->ncols);
        doc_table_end(d);
    }
    if (r->nsig > 0) {
        doc_flow_skip(d, 10);
        if (r->signatures_title) doc_flow_title(d, r->signatures_title, 11.5, DOC_LEFT);
        doc_flow_signatures(d, r->sig_captions, r->sig_names, r->nsig, 10);
    }
    doc_flow_page_numbers(d, r->page_word, 8);
    rc = doc_save(d, path, e);
    doc_free(d);
    return rc;
}
