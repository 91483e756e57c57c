/* cmd_act.c: `assign`, `return`, `status` and `history`. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "inventar/asset.h"
#include "inventar/document.h"
#include "inventar/event.h"
#include "inventar/office.h"

enum { A_TO = 256, A_CUST, A_DOC, A_NOTE, A_FORMAT, A_OFFICE, A_AT, A_REC, A_DATE, A_REASON,
       A_PROTOCOL, A_PLACE, A_ORDER, A_HANDED, A_COND, A_FONT, A_CHAIR, A_MEMBER, A_BEFORE };

#define WO_MEMBERS_MAX 16 /* members of a write-off commission */

/* On a terminal, before a write-off or an act on several assets: say
 * what will happen and ask. Returns 1 to go on; 0 after printing
 * "nothing changed" (or the error of the preview). */
static int confirm_act(inv_db *db, int kind, const char *const *tags, int n,
                       const inv_act *act)
{
    asset_act_counts p;
    int what = kind == 0 ? ASSET_ACT_ASSIGN : kind == 1 ? ASSET_ACT_RETURN : ASSET_ACT_STATUS;
    if (asset_act_preview(db, what, tags, n, act, &p) != INV_OK) {
        cli_db_error(db);
        return 0;
    }
    unsigned long un = (unsigned long)p.n;
    if (kind == 0)
        cli_say(ngettext("%d asset will be assigned to %s %s.",
                         "%d assets will be assigned to %s %s.", un), p.n, p.to, p.to_name);
    else if (kind == 1 && p.to_offices == 1)
        cli_say(ngettext("%d asset will be returned to stock at %s %s.",
                         "%d assets will be returned to stock at %s %s.", un),
                p.n, p.to, p.to_name);
    else if (kind == 1)
        cli_say(ngettext("%d asset will be returned to stock at its warehouse.",
                         "%d assets will be returned to stock at their warehouses.", un), p.n);
    else
        cli_say(ngettext("%d asset will get the status \"%s\".",
                         "%d assets will get the status \"%s\".", un),
                p.n, asset_status_text(p.status));
    if (p.from_offices == 1 && p.from[0])
        cli_say(ngettext("It is now at %s.", "They are now at %s.", un), p.from);
    else if (p.from_offices == 1)
        cli_say(ngettext("It is now at no office.", "They are now at no office.", un));
    else
        cli_say(_("They are now at several offices."));
    if (p.custodians_cleared)
        cli_say(ngettext("The custodian of %d asset will be cleared.",
                         "The custodians of %d assets will be cleared.",
                         (unsigned long)p.custodians_cleared), p.custodians_cleared);
    if (kind == 2 && !strcmp(p.status, "written_off"))
        cli_say(_("Writing off is final: nothing more can happen to a written-off asset."));
    if (cli_ask_continue()) return 1;
    cli_error(_("nothing changed"));
    return 0;
}

static int act_cmd(cli_ctx *c, int argc, char **argv, const char *usage, int kind)
{
    static const struct option opts[] = {
        {"to", required_argument, NULL, A_TO}, {"custodian", required_argument, NULL, A_CUST},
        {"doc", required_argument, NULL, A_DOC}, {"note", required_argument, NULL, A_NOTE},
        {"date", required_argument, NULL, A_DATE}, {"yes", no_argument, NULL, 'y'},
        {"protocol", required_argument, NULL, A_PROTOCOL},
        {"place", required_argument, NULL, A_PLACE}, {"order", required_argument, NULL, A_ORDER},
        {"handed-by", required_argument, NULL, A_HANDED},
        {"condition", required_argument, NULL, A_COND}, {"font", required_argument, NULL, A_FONT},
        {"chair", required_argument, NULL, A_CHAIR}, {"member", required_argument, NULL, A_MEMBER},
        {"reason", required_argument, NULL, A_REASON},
        {"before-durability", no_argument, NULL, A_BEFORE}, {0, 0, 0, 0}};
    inv_act act;
    memset(&act, 0, sizeof act);
    document_handover hand;
    memset(&hand, 0, sizeof hand);
    document_write_off wo;
    memset(&wo, 0, sizeof wo);
    const char *members[WO_MEMBERS_MAX];
    wo.members = members;
    const char *protocol = NULL, *font = getenv("INVENTAR_FONT");
    int ch, yes = 0, paper = 0, wopt = 0;
    while ((ch = getopt_long(argc, argv, "y", opts, NULL)) != -1) {
        switch (ch) {
        case 'y': yes = 1; break;
        case A_TO:
            if (kind != 0) return cli_usage(usage, _("--to is only for assign"));
            act.office = optarg;
            break;
        case A_CUST:
            if (kind != 0) return cli_usage(usage, _("--custodian is only for assign"));
            act.custodian = optarg;
            break;
        case A_DOC: act.doc = optarg; break;
        case A_NOTE: act.note = optarg; break;
        case A_DATE: {
            char iso[INV_DATE_MAX];
            if (date_parse(optarg, iso) != 0)
                return cli_usage(usage, _("'%s' is not a date (use 2024-03-14 or 14.03.2024)"),
                                 optarg);
            act.date = optarg;
            break;
        }
        case A_PROTOCOL: protocol = optarg; break;
        case A_PLACE: hand.place = optarg; paper = 1; break;
        case A_ORDER: hand.order = optarg; paper = 1; break;
        case A_HANDED: hand.handed_by = optarg; paper = 1; break;
        case A_COND: hand.condition = optarg; paper = 1; break;
        case A_FONT: font = optarg; break;
        case A_CHAIR: wo.chair = optarg; wopt = 1; break;
        case A_MEMBER:
            if (wo.nmembers == WO_MEMBERS_MAX)
                return cli_usage(usage, _("at most %d members of the commission"),
                                 WO_MEMBERS_MAX);
            members[wo.nmembers++] = optarg;
            wopt = 1;
            break;
        case A_REASON: wo.reason = optarg; wopt = 1; break;
        case A_BEFORE: wo.before_durability = 1; wopt = 1; break;
        default: return cli_unknown_option(usage, argv[optind - 1]);
        }
    }
    if (kind != 2 && wopt)
        return cli_usage(usage, _("--chair, --member, --reason and --before-durability are for "
                                  "a write-off (status written_off)"));
    /* status written_off: a write-off under its protocol (always recorded;
     * --protocol writes the PDF too). */
    char scode[INV_STATUS_MAX] = "";
    if (kind == 2 && optind < argc) asset_status_parse(argv[optind], scode);
    int write_off = kind == 2 && !strcmp(scode, "written_off");
    if (kind == 2 && !write_off && (protocol || paper || wopt))
        return cli_usage(usage, _("--protocol, --order, --chair, --member, --reason and "
                                  "--before-durability are for a write-off (status "
                                  "written_off)"));
    if (write_off && (hand.place || hand.handed_by || hand.condition))
        return cli_usage(usage, _("a handover protocol is for assign and return"));
    if (wo.before_durability && (!wo.reason || !*wo.reason))
        return cli_usage(usage, _("--before-durability needs --reason TEXT"));
    wo.number = act.doc;
    wo.order = hand.order;
    if (write_off) paper = 0;
    if (protocol) {
        size_t pl = strlen(protocol);
        if (pl < 5 || strcasecmp(protocol + pl - 4, ".pdf") != 0)
            return cli_usage(usage, _("the protocol file must end in .pdf"));
    }
    if (paper && !protocol && !act.doc)
        return cli_usage(usage, _("--place, --order, --handed-by and --condition go with "
                                  "--protocol FILE.pdf or --doc NO"));
    /* A handover under a document: --protocol, or a number (--doc). */
    int handover = kind != 2 && (protocol || act.doc);
    hand.number = act.doc;
    if (kind == 0 && !act.office) return cli_usage(usage, _("assign needs --to OFFICE"));
    if (kind == 2) {
        if (optind >= argc) return cli_usage(usage, _("status needs a STATUS and tags"));
        act.status = argv[optind++];
        char code[INV_STATUS_MAX];
        if (asset_status_parse(act.status, code) != 0)
            return cli_usage(usage, _("unknown status '%s' (in_stock, in_repair, missing, "
                                      "written_off)"), act.status);
        if (!strcmp(code, "assigned"))
            return cli_usage(usage, _("use 'assign --to OFFICE' to assign assets"));
    }
    if (optind >= argc) return cli_usage(usage, _("no asset tags given"));
    int n;
    char **tags = cli_collect_tags(argc, argv, optind, &n);
    if (n == 0) {
        cli_free_tags(tags, n);
        return cli_usage(usage, _("no asset tags given"));
    }
    inv_db *db = cli_db(c);
    if (!db) {
        cli_free_tags(tags, n);
        return CLI_FAIL;
    }
    if (protocol && safe_file_target_ok(protocol) != 0) {
        cli_error(_("%s: cannot write: %s"), protocol, safe_file_strerror(errno));
        cli_free_tags(tags, n);
        return CLI_FAIL;
    }
    cli_progress_attach(db);
    inv_status st;
    const char *const *t = (const char *const *)tags;
    char number[DOCUMENT_NUMBER_MAX * 4 + 1] = "";
    if (!yes && (n > 1 || !strcmp(scode, "written_off")) && cli_interactive() &&
        !confirm_act(db, kind, t, n, &act)) {
        cli_free_tags(tags, n);
        return CLI_FAIL;
    }
    if (write_off)
        st = document_write_off_act(db, t, n, &act, &wo, number, sizeof number);
    else if (handover)
        st = document_handover_act(db, kind == 0 ? ASSET_ACT_ASSIGN : ASSET_ACT_RETURN, t, n,
                                   &act, &hand, number, sizeof number);
    else if (kind == 0) st = asset_assign(db, t, n, &act);
    else if (kind == 1) st = asset_return(db, t, n, &act);
    else st = asset_set_status(db, t, n, &act);
    cli_free_tags(tags, n);
    if (st != INV_OK) return cli_db_error(db);
    if (kind == 0) {
        inv_office o;
        const char *where = office_find(db, act.office, &o) == INV_OK ? o.code : act.office;
        printf(ngettext("%d asset assigned to %s\n", "%d assets assigned to %s\n",
                        (unsigned long)n), n, where);
    }
    else if (kind == 1) printf(ngettext("%d asset returned to stock\n",
                                        "%d assets returned to stock\n", (unsigned long)n), n);
    else {
        char code[INV_STATUS_MAX];
        asset_status_parse(act.status, code);
        /* TRANSLATORS: %1$d is the number of assets, %2$s their new status
         * in words ("in repair"; context "status"). */
        printf(ngettext("%1$d asset now has the status \"%2$s\"\n",
                        "%1$d assets now have the status \"%2$s\"\n", (unsigned long)n),
               n, asset_status_text(code));
    }
    if (handover) printf(_("handover protocol %s\n"), number);
    if (write_off) printf(_("write-off protocol %s\n"), number);
    if (protocol) {
        inv_err e;
        inv_err_clear(&e);
        if (document_print(db, number, write_off ? "write_off" : "handover", protocol, font,
                           &e) != INV_OK) {
            cli_error("%s", e.msg);
            cli_error(_("the act is recorded; print its protocol with: inventar document "
                        "print %s -o FILE.pdf"), number);
            return CLI_RECORDED;
        }
    }
    return CLI_OK;
}

int cmd_assign(cli_ctx *c, int argc, char **argv)
{
    return act_cmd(c, argc, argv,
                   "assign --to OFFICE [--custodian NAME] [--doc NO] [--date DATE] [--note TEXT] "
                   "[--protocol FILE.pdf [--place TEXT] [--order TEXT] [--handed-by NAME] "
                   "[--condition TEXT] [--font FILE]] [--yes] TAG...", 0);
}

int cmd_return(cli_ctx *c, int argc, char **argv)
{
    return act_cmd(c, argc, argv, "return [--doc NO] [--date DATE] [--note TEXT] [--protocol FILE.pdf [--place TEXT] "
                   "[--order TEXT] [--handed-by NAME] [--condition TEXT] [--font FILE]] [--yes] "
                   "TAG...", 1);
}

int cmd_status(cli_ctx *c, int argc, char **argv)
{
    return act_cmd(c, argc, argv,
                   "status STATUS [--doc NO] [--date DATE] [--note TEXT] [--yes] TAG... |"
                   " status written_off [--chair NAME] [--member NAME]... [--reason TEXT]"
                   " [--order TEXT] [--before-durability] [--doc NO] [--date DATE]"
                   " [--note TEXT] [--protocol FILE.pdf [--font FILE]] [--yes] TAG...", 2);
}

typedef struct hist_ctx {
    out_table *t;
    out_format fmt;
} hist_ctx;

static void office_cell(hist_ctx *h, const char *code, const char *name)
{
    if (h->fmt == OUT_TABLE || h->fmt == OUT_SHEET) out_str(h->t, name);
    else out_str0(h->t, code);
}

static int hist_row(const inv_event *ev, void *arg)
{
    hist_ctx *h = arg;
    /* A sheet for people (-o) has the table's columns, with typed cells. */
    int table = h->fmt == OUT_TABLE || h->fmt == OUT_SHEET;
    char date[INV_DATE_MAX];
    /* The date the act took effect; older events took it when recorded. */
    if (ev->act_date[0]) str_copy(date, sizeof date, ev->act_date);
    else date_of_utc(ev->at, date);
    out_int(h->t, ev->id);
    out_date(h->t, date);
    out_time(h->t, ev->at);
    out_str(h->t, ev->actor);
    out_str(h->t, table ? event_type_text(ev->type) : ev->type);
    if (ev->has_from && (ev->from_office_id != ev->to_office_id || !table))
        office_cell(h, ev->from_office, ev->from_office_name);
    else if (table) out_str(h->t, "");
    else out_null(h->t);
    office_cell(h, ev->to_office, ev->to_office_name);
    out_str(h->t, table ? asset_status_text(ev->to_status) : ev->to_status);
    out_str0(h->t, ev->to_custodian);
    out_str0(h->t, ev->doc);
    if (table) {
        /* For a person: the facts and the note in words, the changed
         * fields as "field: old -> new". */
        sbuf d = {0};
        event_describe(ev, &d, &d);
        out_str(h->t, sbuf_str(&d));
        sbuf_reset(&d);
        event_describe_changes(ev, "; ", &d);
        out_str(h->t, sbuf_str(&d));
        sbuf_free(&d);
    } else {
        out_str0(h->t, ev->note);
        if (ev->changes) out_json(h->t, ev->changes, ev->changes);
        else out_null(h->t);
    }
    if (ev->reverts) out_int(h->t, ev->reverts);
    else if (table) out_str(h->t, "");
    else out_null(h->t);
    if (!table) out_str(h->t, ev->hash);
    out_row_end(h->t);
    return 0;
}

static int held_row(const inv_event *ev, void *arg)
{
    hist_ctx *h = arg;
    out_str(h->t, ev->tag);
    office_cell(h, ev->to_office, ev->to_office_name);
    out_str(h->t, h->fmt == OUT_TABLE || h->fmt == OUT_SHEET ? asset_status_text(ev->to_status)
                                                             : ev->to_status);
    out_str0(h->t, ev->to_custodian);
    out_date(h->t, ev->since[0] ? ev->since : ev->at);
    out_row_end(h->t);
    return 0;
}

int cmd_history(cli_ctx *c, int argc, char **argv)
{
    const char *usage = "history TAG [--format table|csv|json | -o FILE.xlsx|FILE.csv] |"
                        " history --office CODE [--recursive] [--at DATE]"
                        " [--format table|csv|json | -o FILE.xlsx|FILE.csv]";
    static const struct option opts[] = {
        {"office", required_argument, NULL, A_OFFICE}, {"at", required_argument, NULL, A_AT},
        {"recursive", no_argument, NULL, A_REC}, {"format", required_argument, NULL, A_FORMAT},
        {"output", required_argument, NULL, 'o'}, {0, 0, 0, 0}};
    const char *office = NULL, *at = NULL, *outfile = NULL;
    int recursive = 0, ch, fmt_given = 0;
    out_format fmt = out_format_default();
    while ((ch = getopt_long(argc, argv, "ro:", opts, NULL)) != -1) {
        switch (ch) {
        case 'o': outfile = optarg; break;
        case A_OFFICE: office = optarg; break;
        case A_AT: at = optarg; break;
        case 'r':
        case A_REC: recursive = 1; break;
        case A_FORMAT:
            if (out_format_parse(optarg, &fmt) != 0)
                return cli_usage(usage, _("unknown format '%s' (table, csv, json)"), optarg);
            fmt_given = 1;
            break;
        default: return cli_unknown_option(usage, argv[optind - 1]);
        }
    }
    sheet_kind sk;
    if (outfile && sheet_kind_of(outfile, &sk) != 0)
        return cli_usage(usage, _("the list file must end in .xlsx or .csv"));
    if (outfile && fmt_given)
        return cli_usage(usage, _("-o writes a file for people; --format is for standard "
                                  "output: give one of them"));
    if (outfile) fmt = OUT_SHEET;
    char iso[INV_DATE_MAX];
    if (at && date_parse(at, iso) != 0)
        return cli_usage(usage, _("'%s' is not a date (use 2023-04-01 or 01.04.2023)"), at);
    if (!office && (at || recursive))
        return cli_usage(usage, _("--at and --recursive need --office"));
    if (office && optind < argc)
        return cli_usage(usage, _("give a TAG or --office, not both"));
    if (!office && argc - optind != 1)
        return cli_usage(usage, _("history needs a TAG or --office CODE"));
    inv_db *db = cli_db_read(c, CLI_RO_IF_NEEDED);
    if (!db) return CLI_FAIL;
    hist_ctx h = {NULL, fmt};
    sheet *sh = NULL;
    inv_status st;
    if (office) {
        inv_office o;
        if (office_find(db, office, &o) != INV_OK) return cli_db_error(db);
        static const char *keys[] = {"tag", "office", "status", "custodian", "since"};
        const char *titles[] = {_("Tag"), _("Office"), _("Status"), _("Custodian"), _("Since")};
        if (outfile && !(sh = cli_sheet_open(outfile, o.code, 5, titles))) return CLI_FAIL;
        h.t = sh ? out_begin_sheet(sh, 5, keys) : out_begin(fmt, stdout, 5, keys, titles, 0);
        st = event_office_at(db, o.id, recursive, at, held_row, &h);
    } else {
        inv_asset a;
        if (asset_get(db, argv[optind], &a) != INV_OK) return cli_db_error(db);
        static const char *keys[] = {"id", "date", "at", "actor", "type", "from_office",
                                     "to_office", "status", "custodian", "doc", "note",
                                     "changes", "reverts", "hash"};
        /* TRANSLATORS: "No." is the event's number; "Date" the date the act
         * took effect, "Recorded" when it was entered (local time). */
        const char *titles[] = {_("No."), _("Date"), _("Recorded"), _("Who"), _("What"),
                                _("From"), _("To"), _("Status"), _("Custodian"),
                                _("Document"), _("Note"), _("Changes"), _("Reverts"),
                                _("Hash")};
        if (outfile && !(sh = cli_sheet_open(outfile, a.tag, 13, titles))) return CLI_FAIL;
        h.t = sh ? out_begin_sheet(sh, 13, keys)
                 : out_begin(fmt, stdout, fmt == OUT_TABLE ? 13 : 14, keys, titles, 0);
        st = event_walk_asset(db, a.id, hist_row, &h);
    }
    out_end(h.t);
    if (st != INV_OK) {
        sheet_abort(sh);
        return cli_db_error(db);
    }
    return sh ? cli_sheet_close(sh) : CLI_OK;
}

int cmd_revert(cli_ctx *c, int argc, char **argv)
{
    const char *usage = "revert EVENT --reason TEXT [--date DATE]";
    static const struct option opts[] = {
        {"reason", required_argument, NULL, A_REASON}, {"date", required_argument, NULL, A_DATE},
        {0, 0, 0, 0}};
    const char *reason = NULL, *date = NULL;
    int ch;
    while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (ch) {
        case A_REASON: reason = optarg; break;
        case A_DATE: {
            char iso[INV_DATE_MAX];
            if (date_parse(optarg, iso) != 0)
                return cli_usage(usage, _("'%s' is not a date (use 2024-03-14 or 14.03.2024)"),
                                 optarg);
            date = optarg;
            break;
        }
        default: return cli_unknown_option(usage, argv[optind - 1]);
        }
    }
    if (argc - optind != 1) return cli_usage(usage, _("revert needs one EVENT number"));
    char *end;
    long long id = strtoll(argv[optind], &end, 10);
    if (*argv[optind] == '\0' || *end || id <= 0)
        return cli_usage(usage, _("'%s' is not an event number (see 'history TAG')"),
                         argv[optind]);
    if (!reason || !*reason) return cli_usage(usage, _("revert needs --reason TEXT"));
    inv_db *db = cli_db(c);
    if (!db) return CLI_FAIL;
    int64_t new_id = 0;
    if (event_revert(db, id, reason, date, &new_id) != INV_OK) return cli_db_error(db);
    printf(_("event %lld reverted by event %lld\n"), id, (long long)new_id);
    return CLI_OK;
}
