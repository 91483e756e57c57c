/* funding_report.c: the report of a funding project, block by block
 * (funding_report.h). */
#include <stdio.h>
#include <string.h>

#include "form.h"
#include "funding_report.h"
#include "inventar/util.h"

/* A totals table: name, count, value; then its grand total. */
static void totals_table(doc *d, const char *heading, const char *name_title,
                         const funding_report_total *t, size_t n, const char *count,
                         const char *value)
{
    doc_flow_title(d, heading, 11, DOC_LEFT);
    doc_column cols[] = {
        {name_title, 0, DOC_LEFT},
        {_("Number of assets"), DOC_MM(35), DOC_RIGHT},
        {_("Value"), DOC_MM(60), DOC_RIGHT},
    };
    doc_table_begin(d, cols, 3, 9);
    for (size_t i = 0; i < n; i++) {
        const char *cells[] = {t[i].name, t[i].count, t[i].value};
        doc_table_row(d, cells);
    }
    const char *cells[] = {_("Total"), count, value};
    doc_table_row(d, cells);
    doc_table_end(d);
}

inv_status funding_report_write_pdf(const funding_report_spec *r, const char *path, inv_err *e)
{
    const char *title = _("FUNDING PROJECT REPORT");
    doc *d = NULL;
    inv_status rc = form_begin_landscape(&d, r->font, title, r->author, e);
    if (rc != INV_OK) return rc;

    char sub[256];
    /* TRANSLATORS: under the title of a funding project's report: the
     * project's code and the date of the report. */
    snprintf(sub, sizeof sub, _("Project %1$s as of %2$s"), r->code, r->date);
    form_title(d, title, sub);

    const char *facts[] = {
        _("Project code"), r->code,
        _("Project title"), r->title,
        _("Programme"), r->programme,
        _("Project amount"), r->amount,
        _("Project period"), r->period,
        _("End of the durability period"), r->durable_until,
        _("Assets bought under the project"), r->total_count,
        _("Their value"), r->total_value,
    };
    form_facts(d, facts, sizeof facts / sizeof facts[0] / 2, 10);

    doc_column cols[] = {
        /* TRANSLATORS: the row number in a document's table. */
        {_("No."), DOC_MM(8), DOC_RIGHT},
        {_("Inventory number"), DOC_MM(20), DOC_LEFT},
        {_("Kind"), DOC_MM(22), DOC_LEFT},
        {_("Make and model"), 0, DOC_LEFT},
        {_("Serial number"), DOC_MM(20), DOC_LEFT},
        {_("Value"), DOC_MM(24), DOC_RIGHT},
        {_("Purchase date"), DOC_MM(20), DOC_LEFT},
        {_("Office"), DOC_MM(27), DOC_LEFT},
        {_("Custodian"), DOC_MM(24), DOC_LEFT},
        {_("Status"), DOC_MM(16), DOC_LEFT},
        /* TRANSLATORS: a column of a funding project's report: the date
         * the asset came to the office it is at now. */
        {_("At the office since"), DOC_MM(17), DOC_LEFT},
        /* TRANSLATORS: a column of a funding project's report: the date
         * of the last stock check that saw the asset. */
        {_("Last seen in a stock check"), DOC_MM(23), DOC_LEFT},
        /* TRANSLATORS: a column of a funding project's report: the date
         * the asset's label was last printed. */
        {_("Label printed"), DOC_MM(17), DOC_LEFT},
    };
    size_t ncols = sizeof cols / sizeof cols[0];
    doc_table_begin(d, cols, ncols, 7);
    for (size_t i = 0; i < r->nrows; i++) {
        const funding_report_line *l = &r->rows[i];
        char no[24];
        snprintf(no, sizeof no, "%zu", i + 1);
        const char *cells[] = {no, l->tag, l->kind, l->make_model, l->serial, l->cost,
                               l->purchase_date, l->office, l->custodian, l->status, l->since,
                               l->last_seen, l->label_printed};
        doc_table_row(d, cells);
    }
    doc_table_end(d);

    totals_table(d, _("Totals per kind"), _("Kind"), r->kinds, r->nkinds, r->total_count,
                 r->total_value);
    totals_table(d, _("Totals per office"), _("Office"), r->offices, r->noffices,
                 r->total_count, r->total_value);

    if (r->head && *r->head) {
        char head[256];
        /* TRANSLATORS: the history's newest event (number and the start of
         * its hash) when the document was made, so the paper fixes it. */
        snprintf(head, sizeof head, _("State of the history: No. %s"), r->head);
        form_note(d, head, 7.5);
    }

    form_frame f = {r->agency, r->code, _("Project"), _("page %1$zu of %2$zu")};
    return form_finish(d, &f, path, e);
}
