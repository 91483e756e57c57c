/* labels.c: the labels screen: what to print (the marked assets, the
 * current one, or everything listed), the template, the start position
 * on a partly used sheet, copies, and a PDF file, a printer (lp) or both; it
 * tells how many sheets that takes, prints through the labels module
 * and records a "label printed" event for each asset. */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "inventar/asset.h"
#include "inventar/config.h"
#include "inventar/funding.h"
#include "inventar/office.h"
#include "inventar/print.h"
#include "inventar/priv.h"
#include "label.h"
#include "tui.h"

/* The most labels printed at once from the screen. */
#define LABELS_MAX 10000

enum { SEL_MARKED, SEL_CURRENT, SEL_LISTED };
/* The "Output to" choices. */
enum { OUT_FILE, OUT_PRINTER, OUT_BOTH };

static struct {
    int built;
    tui_form fm;
    tui_field *sel, *tmpl, *glabels, *start, *copies, *fund, *out, *file, *printer, *info;
    int sel_kind[3];              /* the selection choices' meaning */
    char sel_text[3][128];
    char tmpl_text[LABEL_MAX_LAYOUTS + 16][200];
    int ntmpl;                    /* built-in templates; the next entry is "other" */
} L;

static void build(tui_app *app)
{
    tui_form *fm = &L.fm;
    memset(fm, 0, sizeof *fm);
    str_copy(fm->title, sizeof fm->title, _("Labels"));
    /* A role that may not print (an auditor) is not offered the key. */
    fm->hint = tui_offered(app->db, A_PRINT)
                   ? _("Up/Down: field  Left/Right: choose  Enter or F2: print  Tab: next screen")
                   : _("Up/Down: field  Left/Right: choose  Tab: next screen");
    static const char *sel[3];
    for (int i = 0; i < 3; i++) sel[i] = L.sel_text[i];
    L.sel = tui_form_choice(fm, _("Print labels for"), sel, 1, 0);
    const char *t[LABEL_MAX_LAYOUTS + 16];
    L.ntmpl = 0;
    for (size_t i = 0; i < label_builtin_count() && L.ntmpl < LABEL_MAX_LAYOUTS + 14; i++) {
        const label_template *lt = label_builtin(i);
        snprintf(L.tmpl_text[L.ntmpl], sizeof L.tmpl_text[0], "%s: %s", lt->name,
                 _(lt->description));
        t[L.ntmpl] = L.tmpl_text[L.ntmpl];
        L.ntmpl++;
    }
    snprintf(L.tmpl_text[L.ntmpl], sizeof L.tmpl_text[0], "%s",
             _("a glabels template (BRAND:PART, below)"));
    t[L.ntmpl] = L.tmpl_text[L.ntmpl];
    L.tmpl = tui_form_choice(fm, _("Template"), t, L.ntmpl + 1, 0);
    L.glabels = tui_form_text(fm, _("glabels template"), "Avery:L7160", 95);
    L.start = tui_form_text(fm, _("Start at position"), "1", 6);
    L.copies = tui_form_text(fm, _("Copies of each"), "1", 6);
    L.fund = tui_form_check(fm, _("Funding line (EU projects)"), 0);
    static const char *outs[3];
    outs[OUT_FILE] = _("a PDF file");
    outs[OUT_PRINTER] = _("the printer (lp)");
    outs[OUT_BOTH] = _("the printer, and the PDF file");
    L.out = tui_form_choice(fm, _("Output to"), outs, 3, 0);
    L.file = tui_form_text(fm, _("PDF file"), "labels.pdf", 250);
    L.printer = tui_form_text(fm, _("Printer (empty: default)"), "", 120);
    L.info = tui_form_info(fm, _("Sheets"), "");
    L.built = 1;
}

/* The selection choices as things are now. */
static void update_selection(tui_app *app)
{
    int n = 0, keep = L.sel_kind[L.sel->choice];
    if (app->nmarks > 0) {
        L.sel_kind[n] = SEL_MARKED;
        snprintf(L.sel_text[n++], sizeof L.sel_text[0],
                 ngettext("the %d marked asset", "the %d marked assets", app->nmarks), app->nmarks);
    }
    if (app->current_tag[0]) {
        L.sel_kind[n] = SEL_CURRENT;
        snprintf(L.sel_text[n++], sizeof L.sel_text[0], _("the current asset %s"),
                 app->current_tag);
    }
    tui_listing li;
    tui_assets_listing(&li);
    if (li.count > 0) {
        char c[32];
        tui_count_str(li.count, c, sizeof c);
        L.sel_kind[n] = SEL_LISTED;
        /* TRANSLATORS: a choice of what to print labels for; "all 1 000+
         * listed assets" when the count is a lower bound. */
        snprintf(L.sel_text[n++], sizeof L.sel_text[0],
                 li.exact ? ngettext("the %s listed asset", "all %s listed assets",
                                     (unsigned long)li.count)
                          : _("all %s+ listed assets"),
                 c);
    }
    if (n == 0) {
        L.sel_kind[n] = SEL_CURRENT;
        snprintf(L.sel_text[n++], sizeof L.sel_text[0], "%s", _("(no assets)"));
    }
    L.sel->nchoices = n;
    L.sel->choice = 0;
    for (int i = 0; i < n; i++)
        if (L.sel_kind[i] == keep) L.sel->choice = i;
}

static int64_t selection_count(tui_app *app)
{
    switch (L.sel_kind[L.sel->choice]) {
    case SEL_MARKED: return app->nmarks;
    case SEL_CURRENT: return app->current_tag[0] ? 1 : 0;
    default: {
        tui_listing li;
        tui_assets_listing(&li);
        return li.count;
    }
    }
}

static int num_field(const tui_field *f, int def)
{
    char s[32];
    tui_field_text(f, s, sizeof s);
    char *end;
    long v = strtol(s, &end, 10);
    if (!s[0]) return def;
    if (*end || v < 1 || v > 100000) return -1;
    return (int)v;
}

/* The chosen template; 0 or -1 with the error in e. */
static int chosen_template(label_template *t, inv_err *e)
{
    if (L.tmpl->choice < L.ntmpl) {
        *t = *label_builtin((size_t)L.tmpl->choice);
        return 0;
    }
    char name[128];
    tui_field_text(L.glabels, name, sizeof name);
    return label_template_find(name, NULL, t, e) == INV_OK ? 0 : -1;
}

static void update_info(tui_app *app)
{
    label_template t;
    inv_err e;
    inv_err_clear(&e);
    int start = num_field(L.start, 1), copies = num_field(L.copies, 1);
    int64_t n = selection_count(app);
    if (L.tmpl->choice >= L.ntmpl) {
        str_copy(L.info->info, sizeof L.info->info, _("(counted when printing)"));
        return;
    }
    chosen_template(&t, &e);
    size_t per = label_template_count(&t);
    if (start < 1 || (size_t)start > per || copies < 1) {
        snprintf(L.info->info, sizeof L.info->info, _("start must be 1 to %zu, copies 1 or more"),
                 per);
        return;
    }
    int64_t labels = n * copies;
    size_t page = 0, idx = 0;
    if (labels > 0) label_place(&t, start, (size_t)(labels - 1), &page, &idx);
    char c[32];
    tui_count_str(labels, c, sizeof c);
    size_t sheets = labels > 0 ? page + 1 : 0;
    char s[64], p[64];
    /* TRANSLATORS: part of "12 labels on 1 sheet (21 labels a sheet)". */
    snprintf(s, sizeof s, ngettext("%zu sheet", "%zu sheets", sheets), sheets);
    /* TRANSLATORS: part of "12 labels on 1 sheet (21 labels a sheet)". */
    snprintf(p, sizeof p, ngettext("%zu label a sheet", "%zu labels a sheet", per), per);
    /* TRANSLATORS: %1$s is a number of labels (digits grouped), %2$s
     * "N sheets", %3$s "N labels a sheet". */
    snprintf(L.info->info, sizeof L.info->info,
             ngettext("%1$s label on %2$s (%3$s)", "%1$s labels on %2$s (%3$s)",
                      (unsigned long)labels),
             c, s, p);
}

static void labels_open(tui_app *app)
{
    if (!L.built) build(app);
    update_selection(app);
    update_info(app);
}

static void labels_draw(tui_app *app)
{
    update_info(app);
    tui_put(1, 0, app->cols, _("Print QR labels through the labels module; each printed label is "
                               "recorded in the asset's history."),
            A_BOLD);
    int h = L.fm.n + 3;
    if (h > app->rows - 5) h = app->rows - 5;
    tui_form_draw(app, &L.fm, 3, 2, h, app->cols - 4);
}

/* One asset's label record, with its own copies of the strings. */
typedef struct rec_store {
    int64_t id;
    char *tag, *code, *kind, *make, *model, *office, *funding;
} rec_store;

static void store_free(rec_store *v, int n)
{
    for (int i = 0; i < n; i++) {
        free(v[i].tag);
        free(v[i].code);
        free(v[i].kind);
        free(v[i].make);
        free(v[i].model);
        free(v[i].office);
        free(v[i].funding);
    }
    free(v);
}

static char *sdup(const char *s)
{
    char *d = strdup(s);
    if (!d) abort();
    return d;
}

/* Read the selected assets into *out. Returns the count, or -1. */
static int collect(tui_app *app, rec_store **out)
{
    int64_t want = selection_count(app);
    if (want > LABELS_MAX) {
        tui_err(app, _("That is more than %d labels at once: narrow the list with F4 or "
                       "a search."), LABELS_MAX);
        return -1;
    }
    char **tags = NULL;
    int ntags = 0;
    int kind = L.sel_kind[L.sel->choice];
    if (kind == SEL_MARKED) {
        tags = malloc((size_t)(app->nmarks + 1) * sizeof *tags);
        if (!tags) abort();
        for (int i = 0; i < app->nmarks; i++) tags[ntags++] = sdup(app->marks[i].tag);
    } else if (kind == SEL_CURRENT) {
        if (!app->current_tag[0]) {
            tui_err(app, "%s", _("No asset selected."));
            return -1;
        }
        tags = malloc(sizeof *tags);
        if (!tags) abort();
        tags[ntags++] = sdup(app->current_tag);
    } else {
        tui_listing li;
        tui_assets_listing(&li);
        browse_set *set = NULL;
        if (browse_open(app->db, &li.filter, &set) != INV_OK) {
            tui_db_err(app);
            return -1;
        }
        tags = malloc((size_t)(want + 1) * sizeof *tags);
        browse_row *page = malloc(256 * sizeof *page);
        if (!tags || !page) abort();
        int got = 0;
        browse_row last;
        int have_last = 0;
        while (ntags < want) {
            int n = want - ntags < 256 ? (int)(want - ntags) : 256;
            if (browse_fetch(set, have_last ? &last : NULL, 1, 0, page, n, &got) != INV_OK) {
                tui_db_err(app);
                break;
            }
            if (got == 0) break;
            for (int i = 0; i < got; i++) tags[ntags++] = sdup(page[i].tag);
            last = page[got - 1];
            have_last = 1;
        }
        free(page);
        browse_close(set);
    }
    rec_store *v = calloc((size_t)(ntags > 0 ? ntags : 1), sizeof *v);
    inv_asset *a = malloc(sizeof *a);
    inv_office *o = calloc(1, sizeof *o);
    if (!v || !a || !o) abort();
    int n = 0, ok = 1;
    /* Printing records a "label printed" event for each asset: an
     * operator prints for the assets of its offices only, and nothing
     * is drawn when one is outside them. */
    int scoped = authz_role(app->db) != ROLE_ADMIN;
    for (int i = 0; i < ntags && ok; i++) {
        if (asset_get(app->db, tags[i], a) != INV_OK) {
            tui_db_err(app);
            ok = 0;
            break;
        }
        if (scoped && a->office[0]) {
            if (strcmp(o->code, a->office) != 0 && office_find(app->db, a->office, o) != INV_OK) {
                tui_db_err(app);
                ok = 0;
                break;
            }
            if (!tui_allow(app, AUTHZ_ASSET, o->id)) {
                ok = 0;
                break;
            }
        }
        v[n].id = a->id;
        v[n].tag = sdup(a->tag);
        v[n].code = sdup(a->scan_code);
        v[n].kind = sdup(a->kind_name);
        v[n].make = sdup(a->make);
        v[n].model = sdup(a->model);
        v[n].office = sdup(a->office_short);
        /* The funding line, as `labels --funding-line` prints it:
         * "CODE, programme" (or the code alone). */
        char line[INV_NAME_MAX + 80] = "";
        if (L.fund->check && a->funding[0]) {
            inv_funding fu;
            if (funding_find(app->db, a->funding, &fu) == INV_OK && fu.programme[0])
                snprintf(line, sizeof line, "%s, %s", fu.code, fu.programme);
            else
                str_copy(line, sizeof line, a->funding);
        }
        v[n].funding = sdup(line);
        n++;
    }
    free(a);
    free(o);
    for (int i = 0; i < ntags; i++) free(tags[i]);
    free(tags);
    if (!ok) {
        store_free(v, n);
        return -1;
    }
    *out = v;
    return n;
}

/* The labels module's progress, as the database handle's (the status
 * line shows it). */
static void draw_progress(void *arg, size_t done, size_t total)
{
    db_progress(arg, N_("Drawing labels"), (int64_t)done, (int64_t)total);
}

/* May the login print (and record) the labels chosen? The marked assets
 * and the current one are asked before anything else; everything listed
 * is asked asset by asset as it is read (collect). */
static int allowed(tui_app *app)
{
    switch (L.sel_kind[L.sel->choice]) {
    case SEL_MARKED: return tui_allow_assets(app, NULL, 1);
    case SEL_CURRENT: return tui_allow_assets(app, app->current_tag, 0);
    default: return tui_allow(app, AUTHZ_ASSET, 0);
    }
}

static void do_print(tui_app *app)
{
    if (!allowed(app)) return;
    label_template t;
    inv_err e;
    inv_err_clear(&e);
    if (chosen_template(&t, &e) != 0) {
        tui_err(app, "%s", e.msg);
        return;
    }
    int start = num_field(L.start, 1), copies = num_field(L.copies, 1);
    if (start < 1 || (size_t)start > label_template_count(&t)) {
        tui_err(app, _("The start position must be 1 to %zu for %s."),
                label_template_count(&t), t.name);
        return;
    }
    if (copies < 1 || copies > LABEL_MAX_COPIES) {
        tui_err(app, _("Copies must be 1 to %d."), LABEL_MAX_COPIES);
        return;
    }
    int to_printer = L.out->choice != OUT_FILE, to_file = L.out->choice != OUT_PRINTER;
    char path[1024], printer[128];
    tui_field_text(L.file, path, sizeof path);
    tui_field_text(L.printer, printer, sizeof printer);
    if (to_file && !path[0]) {
        tui_err(app, "%s", _("Give the PDF file to write."));
        return;
    }
    if (to_printer && !print_available()) {
        tui_err(app, "%s", _("Cannot print: the CUPS command 'lp' is not installed (write the "
                             "labels to a PDF file instead)."));
        return;
    }
    int64_t n = selection_count(app);
    if (n <= 0) {
        tui_err(app, "%s", _("No assets to print labels for."));
        return;
    }
    size_t page = 0, idx = 0;
    label_place(&t, start, (size_t)(n * copies - 1), &page, &idx);
    char q[1200], sh[INV_NAME_MAX + 64];
    long long nl = (long long)(n * copies);
    /* TRANSLATORS: part of a question: "(3 sheets of L7160)". */
    snprintf(sh, sizeof sh, ngettext("%1$zu sheet of %2$s", "%1$zu sheets of %2$s", page + 1),
             page + 1, t.name);
    if (to_printer && to_file)
        /* TRANSLATORS: %2$s is "N sheets of TEMPLATE", %3$s the printer,
         * %4$s the file. */
        if (printer[0])
            snprintf(q, sizeof q,
                     ngettext("Print %1$lld label (%2$s) on %3$s and write it to %4$s?",
                              "Print %1$lld labels (%2$s) on %3$s and write them to %4$s?",
                              (unsigned long)nl),
                     nl, sh, printer, path);
        else
            /* TRANSLATORS: %2$s is "N sheets of TEMPLATE", %3$s the file. */
            snprintf(q, sizeof q,
                     ngettext("Print %1$lld label (%2$s) on the default printer and write it "
                              "to %3$s?",
                              "Print %1$lld labels (%2$s) on the default printer and write them "
                              "to %3$s?",
                              (unsigned long)nl),
                     nl, sh, path);
    else if (to_printer)
        /* TRANSLATORS: %2$s is "N sheets of TEMPLATE", %3$s the printer. */
        if (printer[0])
            snprintf(q, sizeof q, ngettext("Print %1$lld label (%2$s) on %3$s?",
                                           "Print %1$lld labels (%2$s) on %3$s?", (unsigned long)nl),
                     nl, sh, printer);
        else
            /* TRANSLATORS: %2$s is "N sheets of TEMPLATE". */
            snprintf(q, sizeof q, ngettext("Print %1$lld label (%2$s) on the default printer?",
                                           "Print %1$lld labels (%2$s) on the default printer?",
                                           (unsigned long)nl),
                     nl, sh);
    else
        /* TRANSLATORS: %2$s is "N sheets of TEMPLATE", %3$s the file. */
        snprintf(q, sizeof q, ngettext("Write %1$lld label (%2$s) to %3$s?",
                                       "Write %1$lld labels (%2$s) to %3$s?", (unsigned long)nl),
                 nl, sh, path);
    if (!tui_confirm(app, q)) {
        tui_msg(app, "%s", _("Cancelled."));
        return;
    }
    rec_store *v = NULL;
    int nrec = collect(app, &v);
    if (nrec <= 0) {
        if (nrec == 0) tui_err(app, "%s", _("No assets to print labels for."));
        return;
    }
    label_record *recs = calloc((size_t)nrec, sizeof *recs);
    int64_t *ids = calloc((size_t)nrec, sizeof *ids);
    if (!recs || !ids) abort();
    /* The owner line of the configuration (checked when inventar
     * started); the labels' default without one. */
    static inv_config conf;
    if (config_load(NULL, &conf, NULL) != INV_OK) conf.owner[0] = '\0';
    for (int i = 0; i < nrec; i++) {
        recs[i].tag = v[i].tag;
        recs[i].owner = conf.owner;
        recs[i].code = v[i].code;
        recs[i].kind = v[i].kind;
        recs[i].make = v[i].make;
        recs[i].model = v[i].model;
        recs[i].office = v[i].office;
        recs[i].funding = v[i].funding;
        ids[i] = v[i].id;
    }
    label_opts o = {.start = start, .copies = copies, .font_path = getenv("INVENTAR_FONT"),
                     .progress = draw_progress, .progress_arg = app->db};
    label_result res;
    memset(&res, 0, sizeof res);
    char out[1100];
    int tmp_fd = -1;
    if (!to_file) {
        tmp_fd = priv_mkstemp_user("inventar-labels", ".pdf", out, sizeof out);
        if (tmp_fd < 0) {
            tui_err(app, _("cannot make a temporary file: %s"), strerror(errno));
            goto done;
        }
        close(tmp_fd);
    } else {
        str_copy(out, sizeof out, path);
    }
    if (label_render_pdf(recs, (size_t)nrec, &t, &o, out, &res, &e) != INV_OK) {
        tui_err(app, "%s", e.msg);
        if (!to_file) priv_unlink_user(out);
        goto done;
    }
    if (to_printer) {
        /* As `labels --print`: the page's own size at 100 %, unrotated,
         * lp with a clean environment (print.h). */
        inv_status prc = print_pdf(printer, out, t.page_w, t.page_h, &e);
        if (!to_file) priv_unlink_user(out);
        if (prc != INV_OK) {
            /* Nothing was printed: no "label printed" events. */
            if (to_file)
                /* TRANSLATORS: %1$s is why printing failed (a whole
                 * message), %2$s the PDF file the labels were written to. */
                tui_err(app, _("%1$s (the labels are in %2$s)"), e.msg, path);
            else
                tui_err(app, "%s", e.msg);
            goto done;
        }
    }
    /* Facts, not a sentence (event.h): the template and where they went. */
    json_t *facts = json_object();
    json_object_set_new(facts, "@template", json_string(t.name));
    json_object_set_new(facts, "@output", json_string(to_printer ? "printer" : path));
    char *fj = json_dumps(facts, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(facts);
    if (!fj) abort();
    inv_status frc = asset_fact_events(app->db, ids, nrec, "label_printed", fj, 0);
    free(fj);
    if (frc != INV_OK) {
        tui_err(app, _("The labels were printed, but recording it failed: %s"),
                db_errmsg(app->db));
        goto done;
    }
    app->data_changed = 1;
    char pg[64];
    /* TRANSLATORS: part of "Wrote 12 labels (1 page) to FILE." */
    snprintf(pg, sizeof pg, ngettext("%zu page", "%zu pages", res.pages), res.pages);
    if (to_printer && to_file)
        /* TRANSLATORS: %2$s is "N pages", %3$s the file. */
        tui_msg(app, ngettext("Sent %1$zu label (%2$s) to the printer and wrote it to %3$s.",
                              "Sent %1$zu labels (%2$s) to the printer and wrote them to %3$s.",
                              res.labels),
                res.labels, pg, path);
    else if (to_printer)
        /* TRANSLATORS: %2$s is "N pages". */
        tui_msg(app, ngettext("Sent %1$zu label (%2$s) to the printer.",
                              "Sent %1$zu labels (%2$s) to the printer.", res.labels),
                res.labels, pg);
    else
        /* TRANSLATORS: %2$s is "N pages", %3$s the file. */
        tui_msg(app, ngettext("Wrote %1$zu label (%2$s) to %3$s.",
                              "Wrote %1$zu labels (%2$s) to %3$s.", res.labels),
                res.labels, pg, path);
done:
    free(recs);
    free(ids);
    store_free(v, nrec);
}

static tui_result labels_key(tui_app *app, tui_action act, wint_t ch, int is_code)
{
    tui_field *f = &L.fm.f[L.fm.cur];
    /* Typing into a text field: every printable key is text (q, ?, j...). */
    if (f->type == F_TEXT && !is_code && ch >= ' ' && ch != 127) {
        tui_line_key(&f->line, ch, 0);
        return TUI_HANDLED;
    }
    switch (act) {
    case A_NEXT: case A_PREV: case A_HELP: case A_QUIT: case A_BACK: case A_REFRESH:
        return TUI_UNHANDLED;
    case A_PRINT:
        do_print(app);
        return TUI_HANDLED;
    case A_HOME: case A_END:
        if (f->type == F_TEXT) break;
        L.fm.cur = act == A_HOME ? 0 : L.fm.n - 2;
        return TUI_HANDLED;
    default: break;
    }
    if (tui_form_key(app, &L.fm, ch, is_code) == FORM_SUBMIT) do_print(app);
    return TUI_HANDLED;
}

const tui_screen tui_labels_screen = {
    .title = N_("Labels"),
    .open = labels_open,
    .draw = labels_draw,
    .key = labels_key,
    .mouse = NULL,
    .done = NULL,
};
