/* detail.c: one asset: every field, its kind's own fields, the funding
 * project and the history as a timeline (when, who, what, from/to,
 * document). */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "inventar/asset.h"
#include "inventar/event.h"
#include "inventar/fmt.h"
#include "inventar/funding.h"
#include "inventar/kind.h"
#include "tui.h"

typedef enum { L_FIELD, L_SECTION, L_EVENT, L_TEXT } line_kind;

typedef struct dline {
    line_kind kind;
    char *a, *b;                 /* field: label, value; section/text: a */
    /* events: */
    char when[20], who[64], what[64], doc[INV_TEXT_MAX + 1];
    char no[24], date[INV_DATE_MAX];   /* the event's number; its act's date */
    char *fromto;
} dline;

static struct {
    dline *v;
    int n, cap;
    int top;
    int64_t last_act;            /* the newest act that a revert may undo */
    inv_asset asset;
    int loaded;
} D;

static void clear_lines(void)
{
    for (int i = 0; i < D.n; i++) {
        free(D.v[i].a);
        free(D.v[i].b);
        free(D.v[i].fromto);
    }
    D.n = 0;
}

static dline *push(line_kind k)
{
    if (D.n == D.cap) {
        int cap = D.cap ? D.cap * 2 : 64;
        dline *v = realloc(D.v, (size_t)cap * sizeof *v);
        if (!v) abort();
        D.v = v;
        D.cap = cap;
    }
    dline *l = &D.v[D.n++];
    memset(l, 0, sizeof *l);
    l->kind = k;
    return l;
}

static char *dup(const char *s)
{
    char *d = strdup(s ? s : "");
    if (!d) abort();
    return d;
}

static void field(const char *label, const char *value)
{
    dline *l = push(L_FIELD);
    l->a = dup(label);
    l->b = dup(value && *value ? value : "—");
}

static void section(const char *title)
{
    dline *l = push(L_SECTION);
    l->a = dup(title);
}

static void text(const char *t)
{
    dline *l = push(L_TEXT);
    l->a = dup(t);
}

/* At least the display width of a translated column heading. */
static int head_width(int base, const char *heading)
{
    int hw = str_width(heading);
    return hw > base ? hw : base;
}

/* The widths of the history's Who and Document columns at w columns:
 * never narrower than their translated headings ("Потребител"). */
static void hist_widths(int w, int *whow, int *docw)
{
    *whow = head_width(w >= 90 ? 12 : 8, _("Who"));
    *docw = head_width(w >= 90 ? 14 : 10, _("Document"));
}

static int event_visit(const inv_event *ev, void *arg)
{
    const tui_app *app = arg;
    dline *l = push(L_EVENT);
    /* When it was recorded, local time to the minute. */
    fmt_datetime(ev->at, l->when, sizeof l->when);
    snprintf(l->no, sizeof l->no, "%lld", (long long)ev->id);
    char iso[INV_DATE_MAX];
    if (ev->act_date[0]) str_copy(iso, sizeof iso, ev->act_date);
    else date_of_utc(ev->at, iso);
    fmt_date(iso, l->date, sizeof l->date);
    if (strcmp(ev->type, "label_printed") && strcmp(ev->type, "edited") &&
        strcmp(ev->type, "created") && strcmp(ev->type, "imported"))
        D.last_act = ev->type[0] == 'r' && !strcmp(ev->type, "reverted") ? 0 : ev->id;
    if (ev->reverts) {
        char t[64];
        snprintf(t, sizeof t, _("    reverts event %lld"), (long long)ev->reverts);
        text(t);
    }
    str_copy(l->who, sizeof l->who, ev->actor);
    str_copy(l->what, sizeof l->what, event_type_text(ev->type));
    str_copy(l->doc, sizeof l->doc, ev->doc);
    /* From/to: the offices, then the status (its change when it
     * changed); a change of custodian gets its own line below. */
    sbuf b = {0};
    int moved = ev->has_from && strcmp(ev->from_office, ev->to_office);
    if (moved) sbuf_addf(&b, "%s \xe2\x86\x92 ", ev->from_office[0] ? ev->from_office : "—");
    sbuf_add(&b, ev->to_office[0] ? ev->to_office : "—");
    if (ev->has_from && strcmp(ev->from_status, ev->to_status))
        sbuf_addf(&b, "  %s \xe2\x86\x92 %s", asset_status_text(ev->from_status),
                  asset_status_text(ev->to_status));
    else
        sbuf_addf(&b, "  %s", asset_status_text(ev->to_status));
    l->fromto = dup(sbuf_str(&b));
    sbuf_free(&b);
    /* The offices by the names they had then (a later rename doesn't
     * change what this event says). */
    if (moved || (!ev->has_from && ev->to_office[0])) {
        sbuf t = {0};
        sbuf_addf(&t, "    %s: ", asset_field_text("office"));
        if (moved)
            sbuf_addf(&t, "%s \xe2\x86\x92 ",
                      ev->from_office_name[0] ? ev->from_office_name : "\xe2\x80\x94");
        sbuf_add(&t, ev->to_office_name[0] ? ev->to_office_name : "\xe2\x80\x94");
        text(sbuf_str(&t));
        sbuf_free(&t);
    }
    /* A document number or an actor longer than its column is shown
     * whole on a line of its own below. */
    int whow, docw;
    hist_widths(app->cols, &whow, &docw);
    if (str_width(ev->doc) > docw || str_width(ev->actor) > whow) {
        sbuf t = {0};
        if (str_width(ev->doc) > docw) {
            sbuf_add(&t, "    ");
            /* TRANSLATORS: an event's document number, on a line of its own. */
            sbuf_addf(&t, _("document: %s"), ev->doc);
        }
        if (str_width(ev->actor) > whow) {
            sbuf_add(&t, t.len ? "  " : "    ");
            /* TRANSLATORS: the user who recorded an event, on a line of its own. */
            sbuf_addf(&t, P_("history", "by: %s"), ev->actor);
        }
        text(sbuf_str(&t));
        sbuf_free(&t);
    }
    if (ev->has_from ? strcmp(ev->from_custodian, ev->to_custodian) != 0
                     : ev->to_custodian[0] != '\0') {
        sbuf t = {0};
        sbuf_addf(&t, "    %s: ", _("custodian"));
        if (ev->has_from) sbuf_addf(&t, "%s \xe2\x86\x92 ", ev->from_custodian[0] ? ev->from_custodian : "—");
        sbuf_add(&t, ev->to_custodian[0] ? ev->to_custodian : "—");
        text(sbuf_str(&t));
        sbuf_free(&t);
    }
    sbuf d = {0}, note = {0};
    event_describe(ev, &d, &note);
    if (d.len) {
        sbuf t = {0};
        sbuf_addf(&t, "    %s", sbuf_str(&d));
        text(sbuf_str(&t));
        sbuf_free(&t);
    }
    if (note.len) {
        sbuf t = {0};
        sbuf_addf(&t, "    %s: %s", _("note"), sbuf_str(&note));
        text(sbuf_str(&t));
        sbuf_free(&t);
    }
    sbuf_free(&note);
    sbuf_reset(&d);
    event_describe_changes(ev, "\n", &d);
    if (d.len) {
        char *save = NULL;
        for (char *ln = strtok_r(d.s, "\n", &save); ln; ln = strtok_r(NULL, "\n", &save)) {
            sbuf t = {0};
            sbuf_addf(&t, "    %s", ln);
            text(sbuf_str(&t));
            sbuf_free(&t);
        }
    }
    sbuf_free(&d);
    return 0;
}

static void load(tui_app *app)
{
    clear_lines();
    D.loaded = 0;
    if (asset_get(app->db, app->detail_tag, &D.asset) != INV_OK) {
        tui_db_err(app);
        text(_("The asset could not be read."));
        return;
    }
    D.loaded = 1;
    inv_asset *a = &D.asset;
    app->current_id = a->id;
    str_copy(app->current_tag, sizeof app->current_tag, a->tag);
    char buf[INV_LONG_MAX + 64];
    section(_("Asset"));
    field(_("Tag"), a->tag);
    if (strcmp(a->scan_code, a->tag) != 0) field(_("Scan code"), a->scan_code);
    field(_("Kind"), a->kind_name);
    field(_("Make"), a->make);
    field(_("Model"), a->model);
    field(_("Serial"), a->serial);
    field(_("Status"), asset_status_text(a->status));
    snprintf(buf, sizeof buf, "%s%s%s", a->office, a->office[0] ? "  " : "", a->office_name);
    field(_("Office"), buf);
    field(_("Custodian"), a->custodian);
    field(_("Description"), a->description);
    section(_("Procurement"));
    char day[FMT_DATE_MAX];
    fmt_date(a->purchase_date, day, sizeof day);
    field(_("Purchase date"), day);
    if (a->has_cost) {
        fmt_money(a->cost, a->currency, buf, sizeof buf);
        field(_("Cost"), buf);
    } else {
        field(_("Cost"), "");
    }
    field(_("Supplier"), a->supplier);
    field(_("Contract/invoice"), a->contract);
    fmt_date(a->warranty_end, day, sizeof day);
    field(_("Warranty until"), day);
    fmt_datetime(a->last_seen, day, sizeof day);
    field(_("Last seen"), day);
    inv_kind k;
    if (kind_find(app->db, a->kind, &k) == INV_OK && k.fields[0]) {
        section(_("Kind's own fields"));
        char fields[sizeof k.fields];
        str_copy(fields, sizeof fields, k.fields);
        for (char *save = NULL, *f = strtok_r(fields, ",", &save); f;
             f = strtok_r(NULL, ",", &save)) {
            char v[INV_TEXT_MAX * 4];
            asset_attr_get(a, f, v, sizeof v);
            field(asset_field_text(f), v);
        }
    }
    section(_("Funding"));
    if (a->funding[0]) {
        inv_funding fu;
        field(_("Project"), a->funding);
        if (funding_find(app->db, a->funding, &fu) == INV_OK) {
            field(_("Title"), fu.title);
            field(_("Programme"), fu.programme);
            fmt_date(fu.durable_until, day, sizeof day);
            field(_("Durable until"), day);
        }
    } else {
        field(_("Project"), "");
    }
    section(_("History"));
    D.last_act = 0;
    if (event_walk_asset(app->db, a->id, event_visit, app) != INV_OK) tui_db_err(app);
}

static void detail_open(tui_app *app)
{
    /* The same asset read again (a change by another process): keep the
     * place; another asset starts at its top. */
    if (!D.loaded || D.asset.id != app->detail_id) D.top = 0;
    load(app);
    app->data_changed = 0;
}

static void detail_draw(tui_app *app)
{
    int h = app->rows - 4;
    int y = 1, w = app->cols;
    if (D.top > D.n - 1) D.top = D.n > 0 ? D.n - 1 : 0;
    /* The field labels' column as wide as the widest label (of the
     * translation; at least 18, so that it does not move from one asset
     * to the next), within a third of the screen. */
    int lw = 18;
    for (int i = 0; i < D.n; i++)
        if (D.v[i].kind == L_FIELD && str_width(D.v[i].a) > lw) lw = str_width(D.v[i].a);
    if (lw > w / 3) lw = w / 3;
    /* Timeline columns by display width. */
    /* The time it was recorded only where there is room. */
    /* TRANSLATORS: the event's number in the history. */
    int now = head_width(5, _("No.")), dw = head_width(10, _("Date"));
    int ww = w >= 120 ? head_width(16, _("Recorded")) : 0;
    int whow, whatw = head_width(w >= 90 ? 18 : 12, _("What")), docw;
    hist_widths(w, &whow, &docw);
    int ftw = w - 2 - now - dw - (ww ? ww + 1 : 0) - whow - whatw - docw - 6;
    if (ftw < 10) ftw = 10;
    for (int i = D.top; i < D.n && y < 1 + h; i++, y++) {
        dline *l = &D.v[i];
        switch (l->kind) {
        case L_SECTION:
            tui_put(y, 0, w, l->a, tui_attr(C_HEADER));
            if (!strcmp(l->a, _("History")) && y + 1 < 1 + h) {
                /* The section's column heads. */
                y++;
                int x = 1;
                x += tui_put(y, x, now, _("No."), A_BOLD) + 1;
                x += tui_put(y, x, dw, _("Date"), A_BOLD) + 1;
                if (ww) x += tui_put(y, x, ww, _("Recorded"), A_BOLD) + 1;
                x += tui_put(y, x, whow, _("Who"), A_BOLD) + 1;
                x += tui_put(y, x, whatw, _("What"), A_BOLD) + 1;
                x += tui_put(y, x, ftw, _("From → to"), A_BOLD) + 1;
                tui_put(y, x, docw, _("Document"), A_BOLD);
            }
            break;
        case L_FIELD:
            tui_put(y, 1, lw, l->a, A_BOLD);
            tui_put(y, lw + 2, w - lw - 3, l->b, A_NORMAL);
            break;
        case L_TEXT:
            tui_put(y, 1, w - 2, l->a, tui_attr(C_DIM));
            break;
        case L_EVENT: {
            int x = 1;
            x += tui_put(y, x, now, l->no, tui_attr(C_DIM)) + 1;
            x += tui_put(y, x, dw, l->date, A_NORMAL) + 1;
            if (ww) x += tui_put(y, x, ww, l->when, tui_attr(C_DIM)) + 1;
            x += tui_put(y, x, whow, l->who, A_NORMAL) + 1;
            x += tui_put(y, x, whatw, l->what, A_BOLD) + 1;
            x += tui_put(y, x, ftw, l->fromto, A_NORMAL) + 1;
            tui_put(y, x, docw, l->doc, A_NORMAL);
            break;
        }
        }
    }
}

static int acted(tui_app *app, int changed)
{
    if (changed) {
        app->data_changed = 1;
        app->data_gen++;
        load(app);
    }
    return changed;
}

static tui_result detail_key(tui_app *app, tui_action act, wint_t ch, int is_code)
{
    (void)ch;
    int h = app->rows - 5; /* the history's column heads take a row */
    const char *tag = D.loaded ? D.asset.tag : NULL;
    switch (act) {
    case A_UP: if (D.top > 0) D.top--; break;
    case A_DOWN: if (D.top < D.n - h) D.top++; break;
    case A_PGUP: D.top = D.top > h ? D.top - h : 0; break;
    case A_PGDN: if (D.n > h) { D.top += h; if (D.top > D.n - h) D.top = D.n - h; } break;
    case A_HOME: D.top = 0; break;
    case A_END: D.top = D.n > h ? D.n - h : 0; break;
    case A_ASSIGN: acted(app, tui_act_assign(app, tag, 0)); break;
    case A_RETURN: acted(app, tui_act_return(app, tag, 0)); break;
    case A_STATUS: acted(app, tui_act_status(app, tag, 0)); break;
    case A_EDIT: acted(app, tui_act_edit(app, tag)); break;
    case A_REVERT:
        if (tag && tui_allow_assets(app, tag, 0)) acted(app, tui_act_revert(app, D.last_act));
        break;
    case A_REFRESH: load(app); break;
    case A_OPEN: break;
    case A_QUIT:
        if (is_code) return TUI_UNHANDLED; /* F10 quits */
        tui_back(app);                      /* q: the detail is not the top level */
        break;
    default: return TUI_UNHANDLED;
    }
    return TUI_HANDLED;
}

static void detail_done(tui_app *app)
{
    (void)app;
    clear_lines();
    free(D.v);
    D.v = NULL;
    D.cap = 0;
}

const tui_screen tui_detail_screen = {
    .title = N_("Asset detail"),
    .open = detail_open,
    .draw = detail_draw,
    .key = detail_key,
    .mouse = NULL,
    .done = detail_done,
};
