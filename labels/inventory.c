/* inventory.c: the inventory list and the record of shortages and
 * surpluses, block by block (inventory.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "inventory.h"
#include "inventar/util.h"

/* The facts at the head of both parts. */
static void head_facts(doc *d, const inventory_spec *s, const char *members)
{
    char period[160];
    if (s->ended && *s->ended)
        /* TRANSLATORS: the dates of a stock check, start and end. */
        snprintf(period, sizeof period, _("%1$s - %2$s"), s->started, s->ended);
    else
        /* TRANSLATORS: the period of a stock check not closed yet: %s is
         * when it was started. */
        snprintf(period, sizeof period, _("%s - still open"), s->started);
    const char *facts[] = {
        _("Office"), s->office,
        /* TRANSLATORS: the written order a stock check rests on. */
        _("Under order"), s->order,
        _("Chair of the commission"), s->chair,
        _("Members of the commission"), members,
        /* TRANSLATORS: the materially responsible person (МОЛ). */
        _("Materially responsible person"), s->mol,
        _("Period"), period,
    };
    form_facts(d, facts, sizeof facts / sizeof facts[0] / 2, 10);
}

/* Signature lines: the chair, every member, the МОЛ, and the date. */
static void sign(doc *d, const inventory_spec *s)
{
    size_t n = s->nmembers + 2;
    const char **caps = calloc(n + 1, sizeof *caps), **names = calloc(n + 1, sizeof *names);
    if (!caps || !names) abort();
    size_t k = 0;
    caps[k] = _("Chair:");
    names[k++] = s->chair;
    for (size_t i = 0; i < s->nmembers; i++) {
        caps[k] = _("Member:");
        names[k++] = s->members[i];
    }
    if (!s->nmembers) { /* a blank line for a member to sign by hand */
        caps[k] = _("Member:");
        names[k++] = NULL;
    }
    /* TRANSLATORS: a signature line of the materially responsible person
     * (МОЛ). */
    caps[k] = _("MRP:");
    names[k++] = s->mol;
    doc_flow_skip(d, 6);
    form_signatures(d, caps, names, k, 10);
    char date[160];
    /* TRANSLATORS: under the signature lines: the date of the paper. */
    snprintf(date, sizeof date, _("Date: %s"), s->date);
    form_note(d, date, 10);
    free(caps);
    free(names);
}

inv_status inventory_write_pdf(const inventory_spec *s, const char *path, inv_err *e)
{
    const char *title = _("INVENTORY LIST");
    doc *d = NULL;
    inv_status rc = form_begin(&d, s->font, title, s->author, e);
    if (rc != INV_OK) return rc;

    char sub[256];
    if (s->number && *s->number)
        /* TRANSLATORS: under a document's title: its number and date. */
        snprintf(sub, sizeof sub, _("No. %1$s of %2$s"), s->number, s->date);
    else
        /* TRANSLATORS: under the title of the inventory list of a check
         * still open: not a document yet. */
        snprintf(sub, sizeof sub, _("Draft of %s: the check is still open"), s->date);
    form_title(d, title, sub);

    sbuf members = {0};
    for (size_t i = 0; i < s->nmembers; i++)
        sbuf_addf(&members, "%s%s", i ? ", " : "", s->members[i]);
    head_facts(d, s, sbuf_str(&members));

    doc_column cols[] = {
        /* TRANSLATORS: the row number in a document's table. */
        {_("No."), DOC_MM(8), DOC_RIGHT},
        {_("Inventory number"), DOC_MM(24), DOC_LEFT},
        {_("Name"), 0, DOC_LEFT},
        /* TRANSLATORS: a column: the unit of measure (pieces). */
        {_("Unit"), DOC_MM(9), DOC_LEFT},
        /* TRANSLATORS: a column: the quantity by the accounting records. */
        {_("By records"), DOC_MM(15), DOC_RIGHT},
        {_("Found"), DOC_MM(15), DOC_RIGHT},
        {_("Surplus"), DOC_MM(15), DOC_RIGHT},
        {_("Shortage"), DOC_MM(15), DOC_RIGHT},
        {_("Unit value"), DOC_MM(24), DOC_RIGHT},
        /* TRANSLATORS: a column: the value of a shortage or surplus. */
        {_("Difference value"), DOC_MM(24), DOC_RIGHT},
    };
    size_t ncols = sizeof cols / sizeof cols[0];
    /* TRANSLATORS: the unit of measure "pieces", short, in a table. */
    const char *unit = _("pcs.");
    doc_table_begin(d, cols, ncols, 7.5);
    for (size_t i = 0; i < s->nrows; i++) {
        const inventory_row *r = &s->rows[i];
        char no[24];
        snprintf(no, sizeof no, "%zu", i + 1);
        const char *cells[] = {no, r->tag, r->name, unit, r->book, r->found, r->surplus,
                               r->shortage, r->unit_value, r->diff_value};
        doc_table_row(d, cells);
    }
    doc_table_end(d);

    char q[256];
    snprintf(q, sizeof q, _("by the records %lld, found %lld, surplus %lld, shortage %lld"),
             s->n_book, s->n_found, s->n_surplus, s->n_shortage);
    const char *tot[] = {
        _("Quantities"), q,
        _("Value by the records"), s->total_book,
        _("Value found"), s->total_found,
        _("Value of the surpluses"), s->total_surplus,
        _("Value of the shortages"), s->total_shortage,
    };
    form_facts(d, tot, sizeof tot / sizeof tot[0] / 2, 10);

    char uh[128];
    snprintf(uh, sizeof uh, _("Codes that name no asset (%zu)"), s->nunknown);
    doc_flow_title(d, uh, 10, DOC_LEFT);
    if (!s->nunknown) {
        form_note(d, _("None."), 9);
    } else {
        doc_column ucols[] = {{_("No."), DOC_MM(8), DOC_RIGHT}, {_("Code"), 0, DOC_LEFT}};
        doc_table_begin(d, ucols, 2, 7.5);
        for (size_t i = 0; i < s->nunknown; i++) {
            char no[24];
            snprintf(no, sizeof no, "%zu", i + 1);
            const char *cells[] = {no, s->unknown[i]};
            doc_table_row(d, cells);
        }
        doc_table_end(d);
    }
    sign(d, s);

    /* The record of shortages and surpluses, on its own page(s). */
    doc_flow_need(d, DOC_A4_H);
    const char *rtitle = _("RECORD OF SHORTAGES AND SURPLUSES");
    form_title(d, rtitle, sub);
    head_facts(d, s, sbuf_str(&members));
    doc_column rcols[] = {
        {_("No."), DOC_MM(8), DOC_RIGHT},
        {_("Inventory number"), DOC_MM(26), DOC_LEFT},
        {_("Name"), 0, DOC_LEFT},
        {_("Unit"), DOC_MM(9), DOC_LEFT},
        {_("Surplus"), DOC_MM(14), DOC_RIGHT},
        {_("Shortage"), DOC_MM(14), DOC_RIGHT},
        {_("Unit value"), DOC_MM(28), DOC_RIGHT},
        {_("Difference value"), DOC_MM(28), DOC_RIGHT},
    };
    size_t nd = 0;
    for (size_t i = 0; i < s->nrows; i++) nd += s->rows[i].differs != 0;
    if (!nd) {
        form_note(d, _("No shortages and no surpluses were found."), 10);
    } else {
        doc_table_begin(d, rcols, sizeof rcols / sizeof rcols[0], 7.5);
        size_t k = 0;
        for (size_t i = 0; i < s->nrows; i++) {
            const inventory_row *r = &s->rows[i];
            if (!r->differs) continue;
            char no[24];
            snprintf(no, sizeof no, "%zu", ++k);
            const char *cells[] = {no, r->tag, r->name, unit, r->surplus, r->shortage,
                                   r->unit_value, r->diff_value};
            doc_table_row(d, cells);
        }
        doc_table_end(d);
    }
    const char *rtot[] = {
        _("Value of the surpluses"), s->total_surplus,
        _("Value of the shortages"), s->total_shortage,
    };
    form_facts(d, rtot, 2, 10);
    sign(d, s);

    if (s->head && *s->head) {
        char head[256];
        /* TRANSLATORS: the history's newest event (number and the start of
         * its hash) when the document was made, so the paper fixes it. */
        snprintf(head, sizeof head, _("State of the history: No. %s"), s->head);
        form_note(d, head, 7.5);
    }
    sbuf_free(&members);

    form_frame f = {s->agency, s->number, _("No."), _("page %1$zu of %2$zu")};
    return form_finish(d, &f, path, e);
}
