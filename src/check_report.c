/* check_report.c: the report of a stock check as a PDF: counts, the
 * found, missing, unexpected and unknown tables, and signature lines for
 * the check's commission. Gathered through check.h, rendered through the
 * labels module's report layer (labels/report.h); prints nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventar/check.h"
#include "inventar/check_report.h"
#include "inventar/fmt.h"
#include "inventar/util.h"
#include "report.h"

/* The cells of one table, row-major (strings owned here). */
typedef struct cells {
    char **v;
    size_t n, cap, nrows;
} cells;

static void cells_add(cells *c, const char *s)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 64;
        char **v = realloc(c->v, c->cap * sizeof *v);
        if (!v) abort();
        c->v = v;
    }
    c->v[c->n] = strdup(s ? s : "");
    if (!c->v[c->n]) abort();
    c->n++;
}

static void cells_free(cells *c)
{
    for (size_t i = 0; i < c->n; i++) free(c->v[i]);
    free(c->v);
}

static int item_row(const check_item *it, void *arg)
{
    cells *p = arg;
    char mm[INV_TEXT_MAX * 2 + 2], when[FMT_DATE_MAX];
    snprintf(mm, sizeof mm, "%s%s%s", it->make, it->make[0] && it->model[0] ? " " : "",
             it->model);
    fmt_datetime(it->at, when, sizeof when);
    if (!strcmp(it->category, "unknown")) {
        cells_add(p, it->code);
        cells_add(p, when);
        cells_add(p, it->operator_name);
    } else {
        cells_add(p, it->tag);
        cells_add(p, it->kind_name);
        cells_add(p, mm);
        cells_add(p, it->serial);
        cells_add(p, it->office_name);
        cells_add(p, !strcmp(it->category, "missing") ? it->custodian : when);
    }
    p->nrows++;
    return 0;
}

inv_status check_report_pdf(inv_db *db, int64_t id, const char *path, const char *font,
                            inv_err *e)
{
    inv_check k;
    check_counts n;
    if (check_get(db, id, &k) != INV_OK || check_count(db, id, &n) != INV_OK)
        return inv_fail(e, db_error(db)->code, "%s", db_errmsg(db));
    static const char *const cats[] = {"found", "missing", "unexpected", "unknown"};
    cells tabs[4];
    memset(tabs, 0, sizeof tabs);
    inv_status st = INV_OK;
    for (size_t i = 0; i < 4 && st == INV_OK; i++)
        st = check_items(db, id, cats[i], item_row, &tabs[i]);
    if (st != INV_OK) {
        for (size_t i = 0; i < 4; i++) cells_free(&tabs[i]);
        return inv_fail(e, st, "%s", db_errmsg(db));
    }
    doc_column asset_cols[6] = {
        {_("Tag"), DOC_MM(24), DOC_LEFT},      {_("Kind"), DOC_MM(30), DOC_LEFT},
        {_("Make and model"), 0, DOC_LEFT},    {_("Serial"), DOC_MM(26), DOC_LEFT},
        {_("Recorded at"), DOC_MM(38), DOC_LEFT}, {_("Scanned"), DOC_MM(24), DOC_LEFT}};
    doc_column missing_cols[6];
    memcpy(missing_cols, asset_cols, sizeof missing_cols);
    missing_cols[5].title = _("Custodian");
    missing_cols[5].width = DOC_MM(30);
    doc_column unknown_cols[3] = {{_("Code"), 0, DOC_LEFT},
                                  {_("Scanned"), DOC_MM(30), DOC_LEFT},
                                  {_("By"), DOC_MM(40), DOC_LEFT}};
    char t_found[128], t_missing[128], t_unexp[128], t_unknown[128];
    snprintf(t_found, sizeof t_found, _("Found (%lld)"), (long long)n.found);
    snprintf(t_missing, sizeof t_missing, _("Missing (%lld)"), (long long)n.missing);
    snprintf(t_unexp, sizeof t_unexp, _("Unexpected: recorded elsewhere (%lld)"),
             (long long)n.unexpected);
    snprintf(t_unknown, sizeof t_unknown, _("Unknown codes (%lld)"), (long long)n.unknown);
    report_table tables[4] = {
        {t_found, asset_cols, 6, (const char *const *)tabs[0].v, tabs[0].nrows, _("None.")},
        {t_missing, missing_cols, 6, (const char *const *)tabs[1].v, tabs[1].nrows, _("None.")},
        {t_unexp, asset_cols, 6, (const char *const *)tabs[2].v, tabs[2].nrows, _("None.")},
        {t_unknown, unknown_cols, 3, (const char *const *)tabs[3].v, tabs[3].nrows, _("None.")},
    };
    char office[INV_NAME_MAX + 64], period[96], counts[256], state[128], ident[32];
    snprintf(ident, sizeof ident, "%lld", (long long)k.id);
    if (k.recursive)
        /* TRANSLATORS: the office of a stock check that covers its
         * sub-offices too: %1$s is its name, %2$s its code. */
        snprintf(office, sizeof office, _("%1$s (%2$s), with its sub-offices"), k.office_name,
                 k.office);
    else
        /* TRANSLATORS: the office of a stock check: %1$s is its name, %2$s
         * its code. */
        snprintf(office, sizeof office, _("%1$s (%2$s)"), k.office_name, k.office);
    char from[FMT_DATE_MAX], to[FMT_DATE_MAX];
    fmt_datetime(k.started_at, from, sizeof from);
    fmt_datetime(k.closed_at, to, sizeof to);
    /* TRANSLATORS: the period of a stock check: from when it was started
     * to when it was closed (local dates and times). */
    if (k.closed_at[0])
        snprintf(period, sizeof period, _("%1$s - %2$s"), from, to);
    else
        /* TRANSLATORS: the period of a stock check not closed yet: %s is
         * when it was started. */
        snprintf(period, sizeof period, _("%s - still open"), from);
    snprintf(counts, sizeof counts, _("expected %lld, found %lld, missing %lld, unexpected %lld, "
                                      "unknown %lld, duplicate scans %lld"),
             (long long)n.expected, (long long)n.found, (long long)n.missing,
             (long long)n.unexpected, (long long)n.unknown, (long long)n.duplicate);
    snprintf(state, sizeof state, "%s", !k.closed_at[0] ? P_("check state", "open")
                                        : k.applied ? _("closed, results applied")
                                                    : _("closed, results not applied"));
    const char *facts[] = {_("Stock check"), ident,  _("Office"), office,
                           _("Period"), period, _("Started by"), k.started_by,
                           _("Closed by"), k.closed_by[0] ? k.closed_by : "-",
                           _("State"), state, _("Counts"), counts};
    /* Signature lines: the commission's names, else three blank ones. */
    const char *caps[8], *names[8];
    char namebuf[INV_LONG_MAX + 1];
    size_t nsig = 0;
    str_copy(namebuf, sizeof namebuf, k.commission);
    for (char *save = NULL, *p = strtok_r(namebuf, ";", &save); p && nsig < 8;
         p = strtok_r(NULL, ";", &save)) {
        str_trim(p);
        if (!*p) continue;
        caps[nsig] = nsig == 0 ? _("Chair") : _("Member");
        names[nsig++] = p;
    }
    if (nsig == 0) {
        caps[0] = _("Chair");
        caps[1] = caps[2] = _("Member");
        names[0] = names[1] = names[2] = NULL;
        nsig = 3;
    }
    char title[128];
    snprintf(title, sizeof title, _("Stock check report No. %lld"), (long long)k.id);
    report_spec spec = {title, db_user(db), facts, 7, tables, 4, _("Commission"),
                        caps, names, nsig, font, _("Page")};
    st = report_write_pdf(&spec, path, e);
    for (size_t i = 0; i < 4; i++) cells_free(&tabs[i]);
    return st;
}
