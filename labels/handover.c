/* handover.c: the handover protocol, block by block (handover.h). */
#include <stdio.h>
#include <string.h>

#include "form.h"
#include "handover.h"
#include "inventar/util.h"

inv_status handover_write_pdf(const handover_spec *h, const char *path, inv_err *e)
{
    const char *title = _("HANDOVER PROTOCOL");
    doc *d = NULL;
    inv_status rc = form_begin(&d, h->font, title, h->author, e);
    if (rc != INV_OK) return rc;

    char sub[256];
    /* TRANSLATORS: under a document's title: its number and date. */
    snprintf(sub, sizeof sub, _("No. %1$s of %2$s"), h->number, h->date);
    form_title(d, title, sub);

    char from[1024], to[1024];
    snprintf(from, sizeof from, "%s%s%s", h->from_name, *h->from_name && *h->from_office ? ", " : "",
             h->from_office);
    snprintf(to, sizeof to, "%s%s%s", h->to_name, *h->to_name && *h->to_office ? ", " : "",
             h->to_office);
    const char *facts[] = {
        _("Place"), h->place,
        /* TRANSLATORS: the written order a handover rests on. */
        _("Under order"), h->order,
        _("Handed over by"), from,
        _("Received by"), to,
    };
    form_facts(d, facts, sizeof facts / sizeof facts[0] / 2, 10);

    doc_column cols[] = {
        /* TRANSLATORS: the row number in a document's table. */
        {_("No."), DOC_MM(8), DOC_RIGHT},
        {_("Inventory number"), DOC_MM(24), DOC_LEFT},
        {_("Name"), DOC_MM(24), DOC_LEFT},
        {_("Make and model"), 0, DOC_LEFT},
        {_("Serial number"), DOC_MM(24), DOC_LEFT},
        {_("Quantity"), DOC_MM(16), DOC_RIGHT},
        {_("Value"), DOC_MM(29), DOC_RIGHT},
        {_("Condition"), DOC_MM(22), DOC_LEFT},
    };
    doc_table_begin(d, cols, sizeof cols / sizeof cols[0], 8);
    /* TRANSLATORS: a quantity of one piece in a document's table. */
    const char *one = _("1 pc.");
    for (size_t i = 0; i < h->nrows; i++) {
        const handover_row *r = &h->rows[i];
        char no[24];
        snprintf(no, sizeof no, "%zu", i + 1);
        const char *cells[] = {no, r->tag, r->name, r->make_model, r->serial, one,
                               r->value, r->condition};
        doc_table_row(d, cells);
    }
    doc_table_end(d);

    char count[128];
    snprintf(count, sizeof count,
             ngettext("%zu asset", "%zu assets", (unsigned long)h->nrows), h->nrows);
    const char *tot[] = {_("Total"), count, _("Total value"), h->total_value};
    form_facts(d, tot, 2, 10);

    const char *caps[] = {_("Handed over by:"), _("Received by:")};
    const char *names[] = {h->from_name, h->to_name};
    doc_flow_skip(d, 6);
    form_signatures(d, caps, names, 2, 10);

    if (h->head && *h->head) {
        char head[256];
        /* TRANSLATORS: the history's newest event (number and the start of
         * its hash) when the document was made, so the paper fixes it. */
        snprintf(head, sizeof head, _("State of the history: No. %s"), h->head);
        form_note(d, head, 7.5);
    }

    form_frame f = {h->agency, h->number, _("No."), _("page %1$zu of %2$zu")};
    return form_finish(d, &f, path, e);
}
