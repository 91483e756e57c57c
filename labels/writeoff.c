/* writeoff.c: the write-off protocol, block by block (writeoff.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "inventar/util.h"
#include "writeoff.h"

inv_status writeoff_write_pdf(const writeoff_spec *w, const char *path, inv_err *e)
{
    const char *title = _("WRITE-OFF PROTOCOL");
    doc *d = NULL;
    inv_status rc = form_begin(&d, w->font, title, w->author, e);
    if (rc != INV_OK) return rc;

    char sub[256];
    snprintf(sub, sizeof sub, _("No. %1$s of %2$s"), w->number, w->date);
    form_title(d, title, sub);

    sbuf members = {0};
    for (size_t i = 0; i < w->nmembers; i++) {
        if (!w->members[i] || !*w->members[i]) continue;
        if (members.len) sbuf_add(&members, ", ");
        sbuf_add(&members, w->members[i]);
    }
    const char *facts[] = {
        _("Under order"), w->order,
        /* TRANSLATORS: the commission that decides a write-off. */
        _("Chair of the commission"), w->chair,
        _("Members of the commission"), sbuf_str(&members),
        /* TRANSLATORS: why the assets are written off (their technical
         * condition). */
        _("Reason and technical condition"), w->reason,
    };
    form_facts(d, facts, sizeof facts / sizeof facts[0] / 2, 10);
    sbuf_free(&members);
    /* TRANSLATORS: the sentence before the table of a write-off protocol. */
    doc_flow_paragraph(d, _("The commission examined the assets below and finds them unfit "
                            "for further use; they are written off."), 10);
    doc_flow_skip(d, 4);

    doc_column cols[] = {
        {_("No."), DOC_MM(8), DOC_RIGHT},
        {_("Inventory number"), DOC_MM(22), DOC_LEFT},
        {_("Name"), DOC_MM(24), DOC_LEFT},
        {_("Make and model"), 0, DOC_LEFT},
        {_("Serial number"), DOC_MM(20), DOC_LEFT},
        /* TRANSLATORS: a table heading: the date an asset was put into
         * service. */
        {_("In service since"), DOC_MM(22), DOC_LEFT},
        /* TRANSLATORS: a table heading: what an asset cost when bought. */
        {_("Initial value"), DOC_MM(26), DOC_RIGHT},
        /* TRANSLATORS: a table heading: the project that paid for it. */
        {_("Funding"), DOC_MM(26), DOC_LEFT},
    };
    doc_table_begin(d, cols, sizeof cols / sizeof cols[0], 8);
    for (size_t i = 0; i < w->nrows; i++) {
        const writeoff_row *r = &w->rows[i];
        char no[24];
        snprintf(no, sizeof no, "%zu", i + 1);
        const char *cells[] = {no, r->tag, r->name, r->make_model, r->serial, r->in_service,
                               r->value, r->funding};
        doc_table_row(d, cells);
    }
    doc_table_end(d);

    char count[128];
    snprintf(count, sizeof count,
             ngettext("%zu asset", "%zu assets", (unsigned long)w->nrows), w->nrows);
    const char *tot[] = {_("Total"), count, _("Total value"), w->total_value};
    form_facts(d, tot, 2, 10);
    if (w->durability && *w->durability) {
        doc_flow_paragraph(d, w->durability, 10);
        doc_flow_skip(d, 4);
    }

    /* The commission signs: the chair, then each member. */
    size_t ns = 1 + (w->nmembers ? w->nmembers : 2);
    const char **caps = calloc(ns, sizeof *caps);
    const char **names = calloc(ns, sizeof *names);
    if (!caps || !names) abort();
    /* TRANSLATORS: a signature line's caption on a write-off protocol. */
    caps[0] = _("Chair:");
    names[0] = w->chair;
    for (size_t i = 1; i < ns; i++) {
        /* TRANSLATORS: a signature line's caption on a write-off protocol. */
        caps[i] = _("Member:");
        names[i] = w->nmembers ? w->members[i - 1] : NULL;
    }
    doc_flow_skip(d, 6);
    form_signatures(d, caps, names, ns, 10);
    free(caps);
    free(names);

    if (w->head && *w->head) {
        char head[256];
        snprintf(head, sizeof head, _("State of the history: No. %s"), w->head);
        form_note(d, head, 7.5);
    }

    form_frame f = {w->agency, w->number, _("No."), _("page %1$zu of %2$zu")};
    return form_finish(d, &f, path, e);
}
