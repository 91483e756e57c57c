/* cmd_log.c: `log`, every event of the history whatever its subject. */
#include <getopt.h>
#include <string.h>

#include "cmds.h"
#include "inventar/asset.h"
#include "inventar/event.h"

enum { L_SINCE = 256, L_ACTOR, L_TYPE, L_SUBJECT, L_FORMAT };

#define LOG_USAGE                                                                      \
    "log [--since DATE] [--actor LOGIN] [--type TYPE]"                                 \
    " [--subject asset|office|kind|funding|check|document|user]"                       \
    " [--format table|csv|json | -o FILE.xlsx|FILE.csv]"                               \
    "   (--since: recorded on or after DATE, not the act's date)"

typedef struct log_ctx {
    out_table *t;
    int table; /* for people: words, names, local times */
} log_ctx;

/* The subject as people name it: a document by its number (its key is
 * "type/number"), anything else by its key. */
static const char *subject_text(const inv_event *ev)
{
    if (!strcmp(ev->subject_type, "document")) {
        const char *slash = strchr(ev->subject_key, '/');
        if (slash) return slash + 1;
    }
    return ev->subject_key;
}

static void part(sbuf *b)
{
    if (b->len) sbuf_add(b, "; ");
}

static const char *dash(const char *s) { return s && *s ? s : "\xe2\x80\x94"; }

/* What the event did, for a person: the offices by the names they had
 * then, the status and custodian when they changed, the document, the
 * facts and note (event_describe) and the changed fields. */
static void summary(const inv_event *ev, sbuf *b)
{
    const char *fo = ev->from_office_name[0] ? ev->from_office_name : ev->from_office;
    const char *to = ev->to_office_name[0] ? ev->to_office_name : ev->to_office;
    if (ev->has_from && ev->from_office_id != ev->to_office_id)
        sbuf_addf(b, "%s: %s \xe2\x86\x92 %s", asset_field_text("office"), dash(fo), dash(to));
    else if (ev->to_office_id)
        sbuf_addf(b, "%s: %s", asset_field_text("office"), to);
    if (ev->has_from && strcmp(ev->from_status, ev->to_status)) {
        part(b);
        sbuf_addf(b, "%s: %s \xe2\x86\x92 %s", asset_field_text("status"),
                  asset_status_text(ev->from_status), asset_status_text(ev->to_status));
    }
    if (ev->has_from ? strcmp(ev->from_custodian, ev->to_custodian) != 0
                     : ev->to_custodian[0] != '\0') {
        part(b);
        sbuf_addf(b, "%s: ", asset_field_text("custodian"));
        if (ev->has_from) sbuf_addf(b, "%s \xe2\x86\x92 ", dash(ev->from_custodian));
        sbuf_add(b, dash(ev->to_custodian));
    }
    if (ev->doc[0]) {
        part(b);
        sbuf_addf(b, "%s: %s", asset_field_text("document"), ev->doc);
    }
    sbuf d = {0};
    event_describe(ev, &d, &d);
    if (d.len) {
        part(b);
        sbuf_add(b, sbuf_str(&d));
    }
    sbuf_reset(&d);
    event_describe_changes(ev, "; ", &d);
    if (d.len) {
        part(b);
        sbuf_add(b, sbuf_str(&d));
    }
    sbuf_free(&d);
}

static int log_row(const inv_event *ev, void *arg)
{
    log_ctx *l = arg;
    char date[INV_DATE_MAX];
    /* The date the act took effect; older events took it when recorded. */
    if (ev->act_date[0]) str_copy(date, sizeof date, ev->act_date);
    else date_of_utc(ev->at, date);
    out_int(l->t, ev->id);
    out_time(l->t, ev->at);
    out_date(l->t, date);
    out_str(l->t, ev->actor);
    out_str(l->t, l->table ? event_type_text(ev->type) : ev->type);
    if (l->table) {
        out_str(l->t, subject_text(ev));
        sbuf b = {0};
        summary(ev, &b);
        out_str(l->t, sbuf_str(&b));
        sbuf_free(&b);
    } else {
        out_str(l->t, ev->subject_type);
        out_str(l->t, subject_text(ev));
        if (ev->has_from) out_str0(l->t, ev->from_office);
        else out_null(l->t);
        out_str0(l->t, ev->to_office);
        if (ev->has_from) out_str0(l->t, ev->from_status);
        else out_null(l->t);
        out_str0(l->t, ev->to_status);
        out_str0(l->t, ev->to_custodian);
        out_str0(l->t, ev->doc);
        out_str0(l->t, ev->note);
        if (ev->changes) out_json(l->t, ev->changes, ev->changes);
        else out_null(l->t);
        if (ev->check_id) out_int(l->t, ev->check_id);
        else out_null(l->t);
        if (ev->reverts) out_int(l->t, ev->reverts);
        else out_null(l->t);
        out_str(l->t, ev->hash);
    }
    out_row_end(l->t);
    return 0;
}

int cmd_log(cli_ctx *c, int argc, char **argv)
{
    static const struct option opts[] = {
        {"since", required_argument, NULL, L_SINCE}, {"actor", required_argument, NULL, L_ACTOR},
        {"type", required_argument, NULL, L_TYPE}, {"subject", required_argument, NULL, L_SUBJECT},
        {"format", required_argument, NULL, L_FORMAT}, {"output", required_argument, NULL, 'o'},
        {0, 0, 0, 0}};
    event_filter f = {0};
    const char *outfile = NULL;
    int ch, fmt_given = 0;
    out_format fmt = out_format_default();
    while ((ch = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
        switch (ch) {
        case 'o': outfile = optarg; break;
        case L_SINCE: f.since = optarg; break;
        case L_ACTOR: f.actor = optarg; break;
        case L_TYPE: f.type = optarg; break;
        case L_SUBJECT: f.subject_type = optarg; break;
        case L_FORMAT:
            if (out_format_parse(optarg, &fmt) != 0)
                return cli_usage(LOG_USAGE, _("unknown format '%s' (table, csv, json)"), optarg);
            fmt_given = 1;
            break;
        default: return cli_unknown_option(LOG_USAGE, argv[optind - 1]);
        }
    }
    if (optind < argc)
        return cli_usage(LOG_USAGE, _("unexpected argument '%s'"), argv[optind]);
    char iso[INV_DATE_MAX];
    if (f.since && date_parse(f.since, iso) != 0)
        return cli_usage(LOG_USAGE, _("'%s' is not a date (use 2023-04-01 or 01.04.2023)"),
                         f.since);
    if (f.actor && !*f.actor) return cli_usage(LOG_USAGE, _("--actor needs a login"));
    if (f.type && !event_type_valid(f.type)) {
#define LT_X(code, label) code,
        static const char *const types[] = {EVENT_TYPE_LIST(LT_X) NULL};
#undef LT_X
        const char *near = cli_nearest(f.type, types);
        if (near)
            return cli_usage(LOG_USAGE, _("unknown event type '%s'; did you mean '%s'?"), f.type,
                             near);
        sbuf all = {0};
        for (int i = 0; types[i]; i++) sbuf_addf(&all, "%s%s", i ? ", " : "", types[i]);
        int rc = cli_usage(LOG_USAGE, _("unknown event type '%s' (one of: %s)"), f.type,
                           sbuf_str(&all));
        sbuf_free(&all);
        return rc;
    }
    if (f.subject_type && !event_subject_valid(f.subject_type)) {
#define LS_X(code) code,
        static const char *const subjects[] = {EVENT_SUBJECT_LIST(LS_X) NULL};
#undef LS_X
        const char *near = cli_nearest(f.subject_type, subjects);
        if (near)
            return cli_usage(LOG_USAGE, _("unknown subject '%s'; did you mean '%s'?"),
                             f.subject_type, near);
        return cli_usage(LOG_USAGE, _("unknown subject '%s' (asset, office, kind, funding, "
                                      "check, document, user)"), f.subject_type);
    }
    sheet_kind sk;
    if (outfile && sheet_kind_of(outfile, &sk) != 0)
        return cli_usage(LOG_USAGE, _("the list file must end in .xlsx or .csv"));
    if (outfile && fmt_given)
        return cli_usage(LOG_USAGE, _("-o writes a file for people; --format is for standard "
                                      "output: give one of them"));
    if (outfile) fmt = OUT_SHEET;
    inv_db *db = cli_db_read(c, CLI_RO_IF_NEEDED);
    if (!db) return CLI_FAIL;
    log_ctx l = {NULL, fmt == OUT_TABLE || fmt == OUT_SHEET};
    sheet *sh = NULL;
    if (l.table) {
        static const char *keys[] = {"id", "at", "date", "actor", "type", "subject", "summary"};
        /* TRANSLATORS: the log's columns: the event's number, when it was
         * recorded (local time), the date the act took effect, who
         * recorded it, what it was, what it is about (an inventory
         * number, an office's code, ...) and what it did. */
        const char *titles[] = {_("No."), _("Recorded"), _("Date"), _("Who"), _("What"),
                                P_("log", "Subject"), P_("log", "Summary")};
        /* TRANSLATORS: the name of the worksheet of `log -o FILE.xlsx`. */
        if (outfile && !(sh = cli_sheet_open(outfile, _("History"), 7, titles))) return CLI_FAIL;
        l.t = sh ? out_begin_sheet(sh, 7, keys) : out_begin(fmt, stdout, 7, keys, titles, 0);
    } else {
        static const char *keys[] = {"id", "at", "date", "actor", "type", "subject_type",
                                     "subject", "from_office", "to_office", "from_status",
                                     "to_status", "custodian", "doc", "note", "changes",
                                     "check_id", "reverts", "hash"};
        l.t = out_begin(fmt, stdout, 18, keys, keys, 0);
    }
    inv_status st = event_walk_log(db, &f, log_row, &l);
    out_end(l.t);
    if (st != INV_OK) {
        sheet_abort(sh);
        return cli_db_error(db);
    }
    return sh ? cli_sheet_close(sh) : CLI_OK;
}
