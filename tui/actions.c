/* actions.c: the acts (assign/transfer, return, change status) on the
 * current asset or on all marked ones, and the add and edit forms. Each
 * asks, confirms, calls the core and reports on the status line. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "inventar/asset.h"
#include "inventar/document.h"
#include "inventar/event.h"
#include "inventar/funding.h"
#include "inventar/kind.h"
#include "inventar/office.h"
#include "tui.h"

/* ---- targets ---- */

typedef struct targets {
    const char **tags;
    int n;
    int from_marks;
    /* The first argument of every message about the targets: the tag of
     * the one asset, or the count of the marked ones ("3"). */
    char arg[INV_TAG_MAX + 32];
} targets;

/* The message for the targets: one (an asset by its tag), mark1 (the one
 * marked asset, by its tag) or many (the marked ones, by their count,
 * from ngettext). Each is a whole sentence whose %1$s is t->arg. */
static const char *pick(const targets *t, const char *one, const char *mark1, const char *many)
{
    return !t->from_marks ? one : t->n == 1 ? mark1 : many;
}

static int get_targets(tui_app *app, const char *tag, int use_marks, targets *t)
{
    memset(t, 0, sizeof *t);
    if (use_marks && app->nmarks > 0) {
        t->tags = malloc((size_t)app->nmarks * sizeof *t->tags);
        if (!t->tags) abort();
        for (int i = 0; i < app->nmarks; i++) t->tags[i] = app->marks[i].tag;
        t->n = app->nmarks;
        t->from_marks = 1;
        if (t->n == 1) str_copy(t->arg, sizeof t->arg, t->tags[0]);
        else tui_count_str(t->n, t->arg, sizeof t->arg);
        return 1;
    }
    if (!tag || !*tag) {
        tui_err(app, "%s", _("No asset selected."));
        return 0;
    }
    t->tags = malloc(sizeof *t->tags);
    if (!t->tags) abort();
    t->tags[0] = tag;
    t->n = 1;
    str_copy(t->arg, sizeof t->arg, tag);
    return 1;
}

/* After an act: report, and clear the marks it used. */
static int finish_act(tui_app *app, targets *t, inv_status rc, const char *done)
{
    int ok = rc == INV_OK;
    if (ok) {
        tui_msg(app, "%s", done);
        if (t->from_marks) tui_marks_clear(app);
    } else {
        tui_db_err(app);
    }
    free(t->tags);
    return ok;
}

static int need_office(tui_app *app, tui_form *fm, void *arg)
{
    (void)app;
    tui_field *f = arg;
    if (!f->office_id) {
        str_copy(fm->msg, sizeof fm->msg, _("Choose the office (Enter on the field)."));
        for (int i = 0; i < fm->n; i++)
            if (&fm->f[i] == f) fm->cur = i;
        return -1;
    }
    return 0;
}

/* The checks of an act's form: its office (assign), its date and the
 * file of its handover protocol (optional). */
typedef struct act_fields {
    tui_field *office, *date, *pdf;
} act_fields;

/* The protocol file: empty, or a .pdf that is not the database. */
static int pdf_ok(tui_form *fm, tui_field *f)
{
    char path[1024];
    tui_field_text(f, path, sizeof path);
    if (!path[0]) return 0;
    size_t l = strlen(path);
    if (l < 5 || strcasecmp(path + l - 4, ".pdf") != 0)
        snprintf(fm->msg, sizeof fm->msg, _("Protocol file: '%s' must end in .pdf."), path);
    else if (safe_file_target_ok(path) != 0)
        snprintf(fm->msg, sizeof fm->msg, _("Protocol file: %s"), safe_file_strerror(errno));
    else
        return 0;
    for (int i = 0; i < fm->n; i++)
        if (&fm->f[i] == f) fm->cur = i;
    return -1;
}

static int act_validate(tui_app *app, tui_form *fm, void *arg)
{
    act_fields *af = arg;
    char iso[INV_DATE_MAX];
    if (af->office && need_office(app, fm, af->office) != 0) return -1;
    if (af->office && authz_check(app->db, AUTHZ_ASSET, af->office->office_id) != INV_OK) {
        /* An office outside the login's scope: the form stays, to choose
         * another (the core would refuse the act as well). */
        str_copy(fm->msg, sizeof fm->msg, db_errmsg(app->db));
        for (int i = 0; i < fm->n; i++)
            if (&fm->f[i] == af->office) fm->cur = i;
        return -1;
    }
    if (af->pdf && pdf_ok(fm, af->pdf) != 0) return -1;
    return tui_form_date_ok(fm, af->date, iso);
}

/* An act with a document number or a protocol file is done under a
 * handover protocol (recorded with the act); the PDF is written after
 * it. Otherwise the plain act. Reports on the status line. */
static int act_on_paper(tui_app *app, targets *t, int what, const inv_act *act,
                        const char *pdf, const char *done)
{
    if (!act->doc[0] && !pdf[0]) {
        inv_status rc = what == ASSET_ACT_ASSIGN ? asset_assign(app->db, t->tags, t->n, act)
                                                 : asset_return(app->db, t->tags, t->n, act);
        return finish_act(app, t, rc, done);
    }
    document_handover h = {.number = act->doc};
    char number[DOCUMENT_NUMBER_MAX * 4 + 1];
    inv_status rc = document_handover_act(app->db, what, t->tags, t->n, act, &h, number,
                                          sizeof number);
    if (rc != INV_OK || !pdf[0]) {
        char msg[1024];
        /* TRANSLATORS: %1$s says what was done, %2$s is the protocol's number. */
        snprintf(msg, sizeof msg, _("%1$s Handover protocol %2$s."), done, number);
        return finish_act(app, t, rc, msg);
    }
    inv_err e;
    inv_err_clear(&e);
    if (document_print(app->db, number, "handover", pdf, NULL, &e) != INV_OK) {
        finish_act(app, t, INV_OK, done);
        tui_err(app, _("%1$s The act is recorded; print its protocol with: inventar document "
                       "print %2$s -o FILE.pdf"), e.msg, number);
        return 1;
    }
    char msg[2048];
    snprintf(msg, sizeof msg, _("%1$s Handover protocol %2$s written to %3$s."), done, number,
             pdf);
    return finish_act(app, t, INV_OK, msg);
}

int tui_act_assign(tui_app *app, const char *tag, int use_marks)
{
    if (!tui_allow_assets(app, tag, use_marks)) return 0;
    targets t;
    if (!get_targets(app, tag, use_marks, &t)) return 0;
    static tui_form fm;
    memset(&fm, 0, sizeof fm);
    snprintf(fm.title, sizeof fm.title,
             pick(&t, _("Assign or transfer asset %1$s"), _("Assign or transfer marked asset %1$s"),
                  ngettext("Assign or transfer %1$s marked asset",
                           "Assign or transfer %1$s marked assets", t.n)),
             t.arg);
    tui_field *fo = tui_form_office(&fm, _("To office"), 0, NULL);
    tui_field *fc = tui_form_text(&fm, _("Custodian"), "", INV_TEXT_CHARS);
    tui_field *fd = tui_form_text(&fm, _("Document No."), "", INV_TEXT_CHARS);
    tui_field *fn = tui_form_text(&fm, _("Note"), "", INV_LONG_CHARS);
    act_fields chk = {fo, tui_form_date(&fm, _("Date of the act")), NULL};
    chk.pdf = tui_form_text(&fm, _("Protocol PDF file"), "", 250);
    if (!tui_form_run(app, &fm, act_validate, &chk)) {
        free(t.tags);
        tui_msg(app, "%s", _("Cancelled."));
        return 0;
    }
    inv_office o;
    if (office_get(app->db, fo->office_id, &o) != INV_OK) {
        tui_db_err(app);
        free(t.tags);
        return 0;
    }
    char q[INV_NAME_MAX + 200];
    /* TRANSLATORS: %2$s %3$s are the office's code and name. */
    snprintf(q, sizeof q,
             pick(&t, _("Assign asset %1$s to %2$s %3$s?"),
                  _("Assign marked asset %1$s to %2$s %3$s?"),
                  ngettext("Assign %1$s marked asset to %2$s %3$s?",
                           "Assign %1$s marked assets to %2$s %3$s?", t.n)),
             t.arg, o.code, o.name);
    if (!tui_confirm(app, q)) {
        free(t.tags);
        tui_msg(app, "%s", _("Cancelled."));
        return 0;
    }
    char cust[INV_TEXT_MAX + 1], doc[INV_TEXT_MAX + 1], note[INV_LONG_MAX + 1];
    char date[INV_DATE_MAX], pdf[1024];
    tui_field_text(fc, cust, sizeof cust);
    tui_field_text(fd, doc, sizeof doc);
    tui_field_text(fn, note, sizeof note);
    tui_field_text(chk.pdf, pdf, sizeof pdf);
    tui_form_date_ok(&fm, chk.date, date);
    inv_act act = {.office = o.code, .custodian = cust, .doc = doc, .note = note,
                   .date = date};
    char done[INV_NAME_MAX + 200];
    snprintf(done, sizeof done,
             pick(&t, _("Assigned asset %1$s to %2$s %3$s."),
                  _("Assigned marked asset %1$s to %2$s %3$s."),
                  ngettext("Assigned %1$s marked asset to %2$s %3$s.",
                           "Assigned %1$s marked assets to %2$s %3$s.", t.n)),
             t.arg, o.code, o.name);
    return act_on_paper(app, &t, ASSET_ACT_ASSIGN, &act, pdf, done);
}

int tui_act_return(tui_app *app, const char *tag, int use_marks)
{
    if (!tui_allow_assets(app, tag, use_marks)) return 0;
    targets t;
    if (!get_targets(app, tag, use_marks, &t)) return 0;
    static tui_form fm;
    memset(&fm, 0, sizeof fm);
    snprintf(fm.title, sizeof fm.title,
             pick(&t, _("Return asset %1$s to stock"), _("Return marked asset %1$s to stock"),
                  ngettext("Return %1$s marked asset to stock",
                           "Return %1$s marked assets to stock", t.n)),
             t.arg);
    tui_form_info(&fm, "", _("Back to the warehouse that owns its office."));
    tui_field *fd = tui_form_text(&fm, _("Document No."), "", INV_TEXT_CHARS);
    tui_field *fn = tui_form_text(&fm, _("Note"), "", INV_LONG_CHARS);
    act_fields chk = {NULL, tui_form_date(&fm, _("Date of the act")), NULL};
    chk.pdf = tui_form_text(&fm, _("Protocol PDF file"), "", 250);
    char q[256];
    snprintf(q, sizeof q,
             pick(&t, _("Return asset %1$s to stock?"), _("Return marked asset %1$s to stock?"),
                  ngettext("Return %1$s marked asset to stock?",
                           "Return %1$s marked assets to stock?", t.n)),
             t.arg);
    if (!tui_form_run(app, &fm, act_validate, &chk) || !tui_confirm(app, q)) {
        free(t.tags);
        tui_msg(app, "%s", _("Cancelled."));
        return 0;
    }
    char doc[INV_TEXT_MAX + 1], note[INV_LONG_MAX + 1], date[INV_DATE_MAX], pdf[1024];
    tui_field_text(fd, doc, sizeof doc);
    tui_field_text(fn, note, sizeof note);
    tui_field_text(chk.pdf, pdf, sizeof pdf);
    tui_form_date_ok(&fm, chk.date, date);
    inv_act act = {.doc = doc, .note = note, .date = date};
    char done[256];
    snprintf(done, sizeof done,
             pick(&t, _("Returned asset %1$s to stock."), _("Returned marked asset %1$s to stock."),
                  ngettext("Returned %1$s marked asset to stock.",
                           "Returned %1$s marked assets to stock.", t.n)),
             t.arg);
    return act_on_paper(app, &t, ASSET_ACT_RETURN, &act, pdf, done);
}

static const char *const status_codes[] = {"in_stock", "in_repair", "missing", "written_off"};

/* The status form's checks: the date, and the write-off's fields (the
 * commission, the reason, the override of the durability period, the
 * protocol file), which only a write-off takes. */
typedef struct status_fields {
    act_fields act;
    tui_field *status, *chair, *members, *reason, *before;
} status_fields;

static int status_validate(tui_app *app, tui_form *fm, void *arg)
{
    status_fields *sf = arg;
    char chair[16], members[16], reason[16], pdf[16];
    tui_field_text(sf->chair, chair, sizeof chair);
    tui_field_text(sf->members, members, sizeof members);
    tui_field_text(sf->reason, reason, sizeof reason);
    tui_field_text(sf->act.pdf, pdf, sizeof pdf);
    tui_field *off = NULL;
    if (strcmp(status_codes[sf->status->choice], "written_off") != 0) {
        off = chair[0] ? sf->chair : members[0] ? sf->members : reason[0] ? sf->reason
            : sf->before->check ? sf->before : pdf[0] ? sf->act.pdf : NULL;
        if (off)
            str_copy(fm->msg, sizeof fm->msg,
                     _("The commission, the reason and the protocol are for a write-off."));
    } else if (sf->before->check && !reason[0]) {
        off = sf->reason;
        str_copy(fm->msg, sizeof fm->msg,
                 _("A write-off before the durability period ends needs a reason."));
    }
    if (off) {
        for (int i = 0; i < fm->n; i++)
            if (&fm->f[i] == off) fm->cur = i;
        return -1;
    }
    return act_validate(app, fm, &sf->act);
}

/* A write-off under its protocol (always recorded; the PDF when a file
 * is given). members is a comma-separated list. */
static int write_off(tui_app *app, targets *t, inv_act *act, status_fields *sf,
                     const char *done)
{
    char chair[INV_TEXT_MAX * 2 + 1], members[INV_LONG_MAX + 1], reason[INV_LONG_MAX + 1];
    char pdf[1024];
    tui_field_text(sf->chair, chair, sizeof chair);
    tui_field_text(sf->members, members, sizeof members);
    tui_field_text(sf->reason, reason, sizeof reason);
    tui_field_text(sf->act.pdf, pdf, sizeof pdf);
    const char *list[16];
    int nm = 0;
    for (char *save = NULL, *m = strtok_r(members, ",", &save); m && nm < 16;
         m = strtok_r(NULL, ",", &save)) {
        m = str_trim(m);
        if (*m) list[nm++] = m;
    }
    document_write_off w = {.number = act->doc, .chair = chair, .members = list,
                            .nmembers = nm, .reason = reason,
                            .before_durability = sf->before->check};
    char number[DOCUMENT_NUMBER_MAX * 4 + 1] = "";
    inv_status rc = document_write_off_act(app->db, t->tags, t->n, act, &w, number,
                                           sizeof number);
    if (rc != INV_OK || !pdf[0]) {
        char msg[1024];
        /* TRANSLATORS: %1$s says what was done, %2$s is the protocol's number. */
        snprintf(msg, sizeof msg, _("%1$s Write-off protocol %2$s."), done, number);
        return finish_act(app, t, rc, msg);
    }
    inv_err e;
    inv_err_clear(&e);
    if (document_print(app->db, number, "write_off", pdf, NULL, &e) != INV_OK) {
        finish_act(app, t, INV_OK, done);
        tui_err(app, _("%1$s The act is recorded; print its protocol with: inventar document "
                       "print %2$s -o FILE.pdf"), e.msg, number);
        return 1;
    }
    char msg[2048];
    snprintf(msg, sizeof msg, _("%1$s Write-off protocol %2$s written to %3$s."), done, number,
             pdf);
    return finish_act(app, t, INV_OK, msg);
}

int tui_act_status(tui_app *app, const char *tag, int use_marks)
{
    if (!tui_allow_assets(app, tag, use_marks)) return 0;
    targets t;
    if (!get_targets(app, tag, use_marks, &t)) return 0;
    static tui_form fm;
    memset(&fm, 0, sizeof fm);
    snprintf(fm.title, sizeof fm.title,
             pick(&t, _("Change the status of asset %1$s"),
                  _("Change the status of marked asset %1$s"),
                  ngettext("Change the status of %1$s marked asset",
                           "Change the status of %1$s marked assets", t.n)),
             t.arg);
    const char *labels[4];
    for (int i = 0; i < 4; i++) labels[i] = asset_status_text(status_codes[i]);
    tui_field *fs = tui_form_choice(&fm, _("New status"), labels, 4, 1);
    tui_field *fd = tui_form_text(&fm, _("Document No."), "", INV_TEXT_CHARS);
    tui_field *fn = tui_form_text(&fm, _("Note"), "", INV_LONG_CHARS);
    status_fields sf = {{NULL, tui_form_date(&fm, _("Date of the act")), NULL}, fs, NULL, NULL,
                        NULL, NULL};
    act_fields chk = sf.act;
    /* TRANSLATORS: the write-off's fields on the status form. */
    sf.chair = tui_form_text(&fm, _("Commission chair"), "", INV_TEXT_CHARS);
    sf.members = tui_form_text(&fm, _("Members (a, b, ...)"), "", INV_LONG_CHARS);
    sf.reason = tui_form_text(&fm, _("Reason"), "", INV_LONG_CHARS);
    sf.before = tui_form_check(&fm, _("Before durability ends"), 0);
    sf.act.pdf = tui_form_text(&fm, _("Protocol PDF file"), "", 250);
    if (!tui_form_run(app, &fm, status_validate, &sf)) {
        free(t.tags);
        tui_msg(app, "%s", _("Cancelled."));
        return 0;
    }
    const char *code = status_codes[fs->choice];
    char q[256];
    /* TRANSLATORS: %2$s is the new status ("in repair"). */
    if (strcmp(code, "written_off"))
        snprintf(q, sizeof q,
                 pick(&t, _("Set asset %1$s to \"%2$s\"?"), _("Set marked asset %1$s to \"%2$s\"?"),
                      ngettext("Set %1$s marked asset to \"%2$s\"?",
                               "Set %1$s marked assets to \"%2$s\"?", t.n)),
                 t.arg, labels[fs->choice]);
    else
        snprintf(q, sizeof q,
                 pick(&t, _("Write off asset %1$s? Writing off is final."),
                      _("Write off marked asset %1$s? Writing off is final."),
                      ngettext("Write off %1$s marked asset? Writing off is final.",
                               "Write off %1$s marked assets? Writing off is final.", t.n)),
                 t.arg);
    if (!tui_confirm(app, q)) {
        free(t.tags);
        tui_msg(app, "%s", _("Cancelled."));
        return 0;
    }
    char doc[INV_TEXT_MAX + 1], note[INV_LONG_MAX + 1], date[INV_DATE_MAX];
    tui_field_text(fd, doc, sizeof doc);
    tui_field_text(fn, note, sizeof note);
    tui_form_date_ok(&fm, chk.date, date);
    inv_act act = {.status = code, .doc = doc, .note = note, .date = date};
    char done[256];
    /* TRANSLATORS: %2$s is the new status ("in repair"). */
    snprintf(done, sizeof done,
             pick(&t, _("Asset %1$s: the status is now \"%2$s\"."),
                  _("Marked asset %1$s: the status is now \"%2$s\"."),
                  ngettext("%1$s marked asset: the status is now \"%2$s\".",
                           "%1$s marked assets: the status is now \"%2$s\".", t.n)),
             t.arg, labels[fs->choice]);
    if (!strcmp(code, "written_off")) return write_off(app, &t, &act, &sf, done);
    return finish_act(app, &t, asset_set_status(app->db, t.tags, t.n, &act), done);
}

/* ---- add and edit ---- */

#define MAX_FUNDING 62

typedef struct asset_form {
    tui_form fm;
    int add;                         /* add (else edit) */
    inv_kind kind;
    inv_asset cur;                   /* edit: the asset as it was */
    tui_field *tag, *make, *model, *serial, *descr, *office, *cust, *pdate, *cost,
        *currency, *supplier, *contract, *funding, *warranty, *note;
    tui_field *taken;                /* add: the date taken on the books */
    tui_field *attr[16];
    int nattr;
    char fund_codes[MAX_FUNDING][64];
    const char *fund_choices[MAX_FUNDING + 1];
    int nfund;
    char result_tag[INV_TAG_MAX + 1];
    int changed;
} asset_form;

static int funding_visit(const inv_funding *f, void *arg)
{
    asset_form *af = arg;
    if (af->nfund >= MAX_FUNDING) return 1;
    str_copy(af->fund_codes[af->nfund], sizeof af->fund_codes[0], f->code);
    af->fund_choices[af->nfund + 1] = af->fund_codes[af->nfund];
    af->nfund++;
    return 0;
}

static void focus(tui_form *fm, const tui_field *f)
{
    for (int i = 0; i < fm->n; i++)
        if (&fm->f[i] == f) fm->cur = i;
}

/* Collect the form into a; check what can be checked here. */
static int collect(asset_form *af, inv_asset *a)
{
    tui_form *fm = &af->fm;
    if (af->tag) tui_field_text(af->tag, a->tag, sizeof a->tag);
    tui_field_text(af->make, a->make, sizeof a->make);
    tui_field_text(af->model, a->model, sizeof a->model);
    tui_field_text(af->serial, a->serial, sizeof a->serial);
    tui_field_text(af->descr, a->description, sizeof a->description);
    if (af->cust) tui_field_text(af->cust, a->custodian, sizeof a->custodian);
    tui_field_text(af->supplier, a->supplier, sizeof a->supplier);
    tui_field_text(af->contract, a->contract, sizeof a->contract);
    char d[64], iso[INV_DATE_MAX];
    tui_field_text(af->pdate, d, sizeof d);
    if (d[0] && date_parse(d, iso) != 0) {
        snprintf(fm->msg, sizeof fm->msg, _("Purchase date: '%s' is not a date (2023-04-01 "
                                            "or 01.04.2023)."), d);
        focus(fm, af->pdate);
        return -1;
    }
    str_copy(a->purchase_date, sizeof a->purchase_date, d[0] ? iso : "");
    tui_field_text(af->warranty, d, sizeof d);
    if (d[0] && date_parse(d, iso) != 0) {
        snprintf(fm->msg, sizeof fm->msg, _("Warranty until: '%s' is not a date (2023-04-01 "
                                            "or 01.04.2023)."), d);
        focus(fm, af->warranty);
        return -1;
    }
    str_copy(a->warranty_end, sizeof a->warranty_end, d[0] ? iso : "");
    if (af->taken) {
        if (tui_form_date_ok(fm, af->taken, iso) != 0) return -1;
        str_copy(a->taken_on, sizeof a->taken_on, iso);
    }
    tui_field_text(af->cost, d, sizeof d);
    a->has_cost = 0;
    a->cost = 0;
    a->currency[0] = '\0';
    if (d[0]) {
        if (money_parse(d, &a->cost) != 0) {
            snprintf(fm->msg, sizeof fm->msg, _("Cost: '%s' is not an amount (e.g. 1 234,50)."),
                     d);
            focus(fm, af->cost);
            return -1;
        }
        a->has_cost = 1;
        str_copy(a->currency, sizeof a->currency, af->currency->choice ? "EUR" : "BGN");
    }
    str_copy(a->funding, sizeof a->funding,
             af->funding->choice > 0 ? af->fund_codes[af->funding->choice - 1] : "");
    for (int i = 0; i < af->nattr; i++) {
        char v[INV_TEXT_MAX + 1], why[256];
        tui_field_text(af->attr[i], v, sizeof v);
        if (v[0] && kind_check_attr(af->attr[i]->key, v, why, sizeof why) != 0) {
            snprintf(fm->msg, sizeof fm->msg, "%s: %s", af->attr[i]->label, why);
            focus(fm, af->attr[i]);
            return -1;
        }
        if (asset_attr_set(a, af->attr[i]->key, v) != 0) {
            str_copy(fm->msg, sizeof fm->msg, _("The kind's fields are too long."));
            focus(fm, af->attr[i]);
            return -1;
        }
    }
    return 0;
}

static int asset_validate(tui_app *app, tui_form *fm, void *arg)
{
    asset_form *af = arg;
    inv_asset a;
    if (af->add) {
        memset(&a, 0, sizeof a);
        str_copy(a.kind, sizeof a.kind, af->kind.code);
    } else {
        a = af->cur;
        a.attrs[0] = '\0';
        /* Keep attributes the form does not show. */
        str_copy(a.attrs, sizeof a.attrs, af->cur.attrs);
    }
    if (collect(af, &a) != 0) return -1;
    inv_status rc;
    if (af->add) {
        if (af->office->office_id) {
            inv_office o;
            if (office_get(app->db, af->office->office_id, &o) != INV_OK) {
                str_copy(fm->msg, sizeof fm->msg, db_errmsg(app->db));
                return -1;
            }
            str_copy(a.office, sizeof a.office, o.code);
        }
        char doc[INV_TEXT_MAX + 1], note[INV_LONG_MAX + 1];
        doc[0] = '\0';
        tui_field_text(af->note, note, sizeof note);
        rc = asset_add(app->db, &a, 0, doc, note);
        if (rc == INV_OK) str_copy(af->result_tag, sizeof af->result_tag, a.tag);
    } else {
        char note[INV_LONG_MAX + 1];
        tui_field_text(af->note, note, sizeof note);
        rc = asset_update(app->db, af->cur.tag, &a, note, &af->changed);
    }
    if (rc != INV_OK) {
        /* Keep the form open: what was typed is not lost. */
        str_copy(fm->msg, sizeof fm->msg, db_errmsg(app->db));
        return -1;
    }
    return 0;
}

static void build_asset_form(tui_app *app, asset_form *af, const inv_asset *a)
{
    tui_form *fm = &af->fm;
    fm->hint = _("Enter: next field  F2: save  Left/Right: choose  Esc: cancel");
    fm->enter_next = 1;
    fm->confirm = af->add ? _("Save the new asset?") : _("Save the changes?");
    if (af->add) {
        snprintf(fm->title, sizeof fm->title, _("New asset: %s"), af->kind.name);
        af->tag = tui_form_text(fm, _("Tag (empty: next free)"), "", INV_TAG_CHARS);
    } else {
        snprintf(fm->title, sizeof fm->title, _("Edit %s (%s)"), a->tag, a->kind_name);
    }
    af->make = tui_form_text(fm, _("Make"), a->make, INV_TEXT_CHARS);
    af->model = tui_form_text(fm, _("Model"), a->model, INV_TEXT_CHARS);
    af->serial = tui_form_text(fm, _("Serial"), a->serial, INV_TEXT_CHARS);
    for (int i = 0; i < 16 && af->kind.fields[0]; i++) {
        /* The kind's own fields, in its order. */
        const char *p = af->kind.fields;
        for (int k = 0; k < i && p; k++) {
            p = strchr(p, ',');
            if (p) p++;
        }
        if (!p || !*p) break;
        char key[32];
        size_t len = strcspn(p, ",");
        if (len >= sizeof key) len = sizeof key - 1;
        memcpy(key, p, len);
        key[len] = '\0';
        char v[INV_TEXT_MAX + 1];
        asset_attr_get(a, key, v, sizeof v);
        af->attr[af->nattr] = tui_form_text(fm, asset_field_text(key), v, INV_TEXT_CHARS);
        str_copy(af->attr[af->nattr]->key, sizeof af->attr[0]->key, key);
        af->nattr++;
    }
    af->descr = tui_form_text(fm, _("Description"), a->description, INV_LONG_CHARS);
    if (af->add) {
        af->office = tui_form_office(fm, _("Office"), 0, _("(none: in stock)"));
        af->cust = tui_form_text(fm, _("Custodian"), "", INV_TEXT_CHARS);
    }
    af->pdate = tui_form_text(fm, _("Purchase date"), a->purchase_date, 20);
    char cost[64] = "";
    if (a->has_cost) money_format(a->cost, cost, sizeof cost);
    af->cost = tui_form_text(fm, _("Cost"), cost, 30);
    static const char *const cur[] = {"BGN", "EUR"};
    /* A cost without a currency is in EUR (as on the command line). */
    af->currency = tui_form_choice(fm, _("Currency"), cur, 2, strcmp(a->currency, "BGN") != 0);
    af->supplier = tui_form_text(fm, _("Supplier"), a->supplier, INV_LONG_CHARS);
    af->contract = tui_form_text(fm, _("Contract/invoice"), a->contract, INV_TEXT_CHARS);
    af->fund_choices[0] = _("(none)");
    af->nfund = 0;
    if (funding_walk(app->db, funding_visit, af) != INV_OK) tui_db_err(app);
    int fsel = 0;
    for (int i = 0; i < af->nfund; i++)
        if (!strcmp(af->fund_codes[i], a->funding)) fsel = i + 1;
    af->funding = tui_form_choice(fm, _("Funding"), af->fund_choices, af->nfund + 1, fsel);
    af->warranty = tui_form_text(fm, _("Warranty until"), a->warranty_end, 20);
    af->note = tui_form_text(fm, _("Note (history)"), "", INV_LONG_CHARS);
    if (af->add) af->taken = tui_form_date(fm, _("Taken on the books"));
}

static int kind_add_visit(const inv_kind *k, void *arg)
{
    inv_kind *v = arg;
    for (int i = 0; i < 60; i++)
        if (!v[i].id) {
            v[i] = *k;
            return 0;
        }
    return 1;
}

int tui_act_add(tui_app *app)
{
    if (!tui_allow(app, AUTHZ_ASSET, 0)) return 0;
    static inv_kind kinds[61];
    memset(kinds, 0, sizeof kinds);
    if (kind_walk(app->db, kind_add_visit, kinds) != INV_OK) {
        tui_db_err(app);
        return 0;
    }
    const char *names[60];
    int nk = 0;
    while (nk < 60 && kinds[nk].id) {
        names[nk] = kinds[nk].name;
        nk++;
    }
    static tui_form kf;
    memset(&kf, 0, sizeof kf);
    str_copy(kf.title, sizeof kf.title, _("New asset"));
    tui_field *fk = tui_form_choice(&kf, _("Kind"), names, nk, 0);
    kf.hint = _("Left/Right: kind  Enter: next  Esc: cancel");
    if (!tui_form_run(app, &kf, NULL, NULL)) {
        tui_msg(app, "%s", _("Cancelled."));
        return 0;
    }
    asset_form *af = calloc(1, sizeof *af);
    if (!af) abort();
    af->add = 1;
    af->kind = kinds[fk->choice];
    inv_asset blank;
    memset(&blank, 0, sizeof blank);
    build_asset_form(app, af, &blank);
    int ok = tui_form_run(app, &af->fm, asset_validate, af);
    if (ok) tui_msg(app, _("Added asset %s."), af->result_tag);
    else tui_msg(app, "%s", _("Cancelled."));
    free(af);
    return ok;
}

int tui_act_edit(tui_app *app, const char *tag)
{
    if (!tag || !*tag) {
        tui_err(app, "%s", _("No asset selected."));
        return 0;
    }
    if (!tui_allow_assets(app, tag, 0)) return 0;
    asset_form *af = calloc(1, sizeof *af);
    if (!af) abort();
    if (asset_get(app->db, tag, &af->cur) != INV_OK ||
        kind_find(app->db, af->cur.kind, &af->kind) != INV_OK) {
        tui_db_err(app);
        free(af);
        return 0;
    }
    build_asset_form(app, af, &af->cur);
    int ok = tui_form_run(app, &af->fm, asset_validate, af);
    if (!ok) tui_msg(app, "%s", _("Cancelled."));
    else if (af->changed) tui_msg(app, ngettext("%s: %d field changed.", "%s: %d fields changed.", af->changed),
                 af->cur.tag, af->changed);
    else tui_msg(app, _("%s: nothing changed."), af->cur.tag);
    int changed = ok && af->changed > 0;
    free(af);
    return changed;
}

/* ---- corrections ---- */

typedef struct revert_form {
    tui_field *no, *reason, *date;
    int64_t id;
    char iso[INV_DATE_MAX];
} revert_form;

static int revert_validate(tui_app *app, tui_form *fm, void *arg)
{
    (void)app;
    revert_form *rf = arg;
    char no[32], reason[INV_LONG_MAX + 1], *end;
    tui_field_text(rf->no, no, sizeof no);
    rf->id = strtoll(no, &end, 10);
    if (!no[0] || *end || rf->id <= 0) {
        snprintf(fm->msg, sizeof fm->msg, _("Event No.: '%s' is not an event number."), no);
        fm->cur = 0;
        return -1;
    }
    tui_field_text(rf->reason, reason, sizeof reason);
    if (!reason[0]) {
        str_copy(fm->msg, sizeof fm->msg, _("Give the reason for the correction."));
        fm->cur = 1;
        return -1;
    }
    return tui_form_date_ok(fm, rf->date, rf->iso);
}

int tui_act_revert(tui_app *app, int64_t event)
{
    static tui_form fm;
    memset(&fm, 0, sizeof fm);
    str_copy(fm.title, sizeof fm.title, _("Revert an act (a correction)"));
    char no[32] = "";
    if (event > 0) snprintf(no, sizeof no, "%lld", (long long)event);
    revert_form rf;
    memset(&rf, 0, sizeof rf);
    rf.no = tui_form_text(&fm, _("Event No."), no, 20);
    rf.reason = tui_form_text(&fm, _("Reason"), "", INV_LONG_CHARS);
    rf.date = tui_form_date(&fm, _("Date of the correction"));
    fm.cur = 1;
    if (!tui_form_run(app, &fm, revert_validate, &rf)) {
        tui_msg(app, "%s", _("Cancelled."));
        return 0;
    }
    inv_event *ev = malloc(sizeof *ev);
    if (!ev) abort();
    char q[256];
    if (event_get(app->db, rf.id, ev) != INV_OK) {
        free(ev);
        tui_db_err(app);
        return 0;
    }
    snprintf(q, sizeof q, _("Revert event %lld (%s, %s)? The event stays in the history."),
             (long long)rf.id, ev->tag, event_type_text(ev->type));
    free(ev);
    if (!tui_confirm(app, q)) {
        tui_msg(app, "%s", _("Cancelled."));
        return 0;
    }
    char reason[INV_LONG_MAX + 1];
    tui_field_text(rf.reason, reason, sizeof reason);
    int64_t new_id = 0;
    if (event_revert(app->db, rf.id, reason, rf.iso, &new_id) != INV_OK) {
        tui_db_err(app);
        return 0;
    }
    tui_msg(app, _("Event %lld reverted by event %lld."), (long long)rf.id, (long long)new_id);
    return 1;
}
