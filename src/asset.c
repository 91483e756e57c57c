/* asset.c: assets, acts and queries. */
#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "inventar/alphabet.h"
#include "inventar/asset.h"
#include "inventar/event.h"
#include "inventar/history.h"
#include "inventar/fmt.h"
#include "inventar/funding.h"
#include "inventar/kind.h"
#include "inventar/office.h"

int asset_status_parse(const char *in, char out[INV_STATUS_MAX])
{
    /* Bulgarian words as registers and spreadsheets use them. */
    static const struct { const char *word, *code; } words[] = {
        {"stock", "in_stock"},          {"instock", "in_stock"},
        {"repair", "in_repair"},        {"writtenoff", "written_off"},
        {"write_off", "written_off"},
        {"на склад", "in_stock"},       {"склад", "in_stock"},
        {"зачислен", "assigned"},       {"зачислено", "assigned"},
        {"предоставен", "assigned"},    {"разпределен", "assigned"},
        {"в употреба", "assigned"},     {"в ремонт", "in_repair"},
        {"ремонт", "in_repair"},        {"липсва", "missing"},
        {"липсващ", "missing"},         {"изгубен", "missing"},
        {"бракуван", "written_off"},    {"отписан", "written_off"},
        {"брак", "written_off"},
    };
    char buf[64];
    if (!in || strlen(in) >= sizeof buf) return -1;
    utf8_fold(in, buf, sizeof buf);
    str_trim(buf);
    for (char *p = buf; *p; p++)
        if (*p == '-' || (*p == ' ' && (unsigned char)buf[0] < 0x80)) *p = '_';
#define ST_X(code, label) if (strcmp(buf, code) == 0) { str_copy(out, INV_STATUS_MAX, code); return 0; }
    ASSET_STATUS_LIST(ST_X)
#undef ST_X
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (!strcmp(buf, words[i].word)) {
            str_copy(out, INV_STATUS_MAX, words[i].code);
            return 0;
        }
    return -1;
}

const char *asset_status_label(const char *code)
{
#define ST_X(c, label) if (strcmp(code, c) == 0) return label;
    ASSET_STATUS_LIST(ST_X)
#undef ST_X
    return code;
}

const char *asset_status_text(const char *code)
{
    return inv_pgettext("status", asset_status_label(code));
}

const char *asset_field_text(const char *key)
{
#define FL_X(k, label) if (strcmp(key, k) == 0) return inv_pgettext("field", label);
    ASSET_FIELD_LIST(FL_X)
#undef FL_X
    return key;
}

int asset_attr_set(inv_asset *a, const char *key, const char *value)
{
    if (!utf8_valid(key, strlen(key)) || (value && !utf8_valid(value, strlen(value))))
        return -1;
    json_error_t jerr;
    json_t *obj = json_loads(a->attrs[0] ? a->attrs : "{}", 0, &jerr);
    if (!obj || !json_is_object(obj)) {
        json_decref(obj);
        obj = json_object();
    }
    int bad = 0;
    if (value && *value) bad = json_object_set_new(obj, key, json_string(value)) != 0;
    else json_object_del(obj, key);
    if (bad) {
        json_decref(obj);
        return -1;
    }
    char *s = json_dumps(obj, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(obj);
    if (!s) return -1;
    int rc = str_copy(a->attrs, sizeof a->attrs, s);
    free(s);
    return rc;
}

void asset_attr_get(const inv_asset *a, const char *key, char *out, size_t n)
{
    out[0] = '\0';
    json_error_t jerr;
    json_t *obj = json_loads(a->attrs[0] ? a->attrs : "{}", 0, &jerr);
    json_t *v = obj ? json_object_get(obj, key) : NULL;
    if (json_is_string(v)) str_copy(out, n, json_string_value(v));
    json_decref(obj);
}

/* ---- validation ---- */

static int tag_valid(const char *t)
{
    return strlen(t) <= INV_TAG_MAX && alpha_tag_valid(t, INV_TAG_CHARS);
}

int asset_tag_codes(const char *tag, char *scan_code, char *key)
{
    scan_code[0] = key[0] = '\0';
    if (!tag_valid(tag)) return -1;
    if (alpha_translit(tag, scan_code, INV_TAG_MAX + 1) != 0 ||
        alpha_fold_key(tag, key, INV_TAG_MAX + 1) != 0) {
        scan_code[0] = key[0] = '\0';
        return -1;
    }
    return 0;
}

/* Refuse a tag whose scan code or look-alike key is another asset's tag,
 * scan code or key, naming both assets. */
static inv_status codes_free(inv_db *db, const char *tag, const char *scan,
                             const char *key, int64_t self)
{
    sqlite3_stmt *st = db_stmt(db,
        "SELECT tag, coalesce(scan_code,''), coalesce(tag_key,'') FROM asset"
        " WHERE (tag = :t OR tag = :sc OR scan_code = :sc COLLATE NOCASE"
        " OR scan_code = :k COLLATE NOCASE OR tag_key = :k) AND id <> :self LIMIT 1");
    if (!st) return db_error(db)->code;
    db_bind_text(st, ":t", tag);
    db_bind_text(st, ":sc", scan);
    db_bind_text(st, ":k", key);
    db_bind_int(st, ":self", self);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        char other[INV_TAG_MAX + 1], osc[INV_TAG_MAX + 1];
        str_copy(other, sizeof other, db_col_text(st, 0));
        str_copy(osc, sizeof osc, db_col_text(st, 1));
        sqlite3_reset(st);
        if (!strcasecmp(other, tag))
            return db_fail(db, INV_EEXIST, _("%s: an asset with this tag already exists"),
                           tag);
        if (!strcasecmp(osc, scan) || !strcasecmp(other, scan))
            return db_fail(db, INV_EEXIST, _("%s: its scan code %s is already that of "
                                             "asset %s"), tag, scan, other);
        return db_fail(db, INV_EEXIST, _("%s: asset %s has a tag that reads the same "
                                         "(letters that look alike in Cyrillic and "
                                         "Latin)"), tag, other);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return db_fail_sqlite(db, _("checking the tag"));
    return INV_OK;
}

/* Check length and UTF-8 of one text field: at most max characters
 * (limits.h: INV_*_CHARS), whatever their bytes. */
static inv_status text_ok(inv_db *db, const char *tag, const char *field,
                          const char *v, size_t max)
{
    size_t n = strlen(v);
    field = asset_field_text(field);
    if (!utf8_valid(v, n))
        /* TRANSLATORS: %1$s is the asset's inventory number, %2$s a field's
         * name ("model", "plate"). */
        return db_fail(db, INV_EINVAL, _("%1$s: %2$s is not valid UTF-8"), tag, field);
    size_t chars = n > max ? utf8_chars(v) : n;
    if (chars > max)
        /* TRANSLATORS: %1$s is the asset's inventory number, %2$s a
         * field's name ("model", "plate"). */
        return db_fail(db, INV_EINVAL,
                       _("%1$s: %2$s is too long (%3$zu characters, at most %4$zu)"), tag,
                       field, chars, max);
    return INV_OK;
}

/* The attributes that identify an asset within its kind. */
static const char *const IDENT_KEYS[] = {"imei", "vin", "plate"};

void asset_ident_key(const char *v, char *out, size_t n)
{
    /* Cyrillic capitals that look like Latin ones, as on plates. */
    static const struct { unsigned cp; char latin; } look[] = {
        {0x410, 'A'}, {0x412, 'B'}, {0x415, 'E'}, {0x41a, 'K'}, {0x41c, 'M'}, {0x41d, 'H'},
        {0x41e, 'O'}, {0x420, 'P'}, {0x421, 'C'}, {0x422, 'T'}, {0x423, 'Y'}, {0x425, 'X'},
    };
    size_t o = 0, len = strlen(v);
    for (size_t i = 0; i < len && o + 5 < n;) {
        unsigned cp;
        int k = utf8_decode_one(v + i, len - i, &cp);
        if (k <= 0) { k = 1; cp = (unsigned char)v[i]; }
        if (cp >= 0x430 && cp <= 0x44f) cp -= 0x20; /* Cyrillic lower to upper */
        if (cp == ' ' || cp == '-' || cp == '\t' || cp == 0xa0) { i += (size_t)k; continue; }
        char c = 0;
        if (cp < 0x80) c = (char)toupper((int)cp);
        for (size_t j = 0; !c && j < sizeof look / sizeof look[0]; j++)
            if (look[j].cp == cp) c = look[j].latin;
        if (c) out[o++] = c;
        else {
            memcpy(out + o, v + i, (size_t)k);
            o += (size_t)k;
        }
        i += (size_t)k;
    }
    out[o < n ? o : n - 1] = '\0';
}

/* Refuse an IMEI, VIN or registration plate of a that another asset of
 * its kind already has (compared with spaces and dashes dropped, case
 * and look-alike letters folded). */
static inv_status idents_free(inv_db *db, const inv_asset *a, int64_t kind_id, int64_t self)
{
    for (size_t i = 0; i < sizeof IDENT_KEYS / sizeof IDENT_KEYS[0]; i++) {
        char v[INV_TEXT_MAX + 1], key[4 * INV_TEXT_MAX + 8];
        asset_attr_get(a, IDENT_KEYS[i], v, sizeof v);
        if (!v[0]) continue;
        asset_ident_key(v, key, sizeof key);
        char path[16];
        snprintf(path, sizeof path, "$.%s", IDENT_KEYS[i]);
        sqlite3_stmt *st = db_stmt(db, "SELECT tag, json_extract(attrs, :p) FROM asset"
                                       " WHERE kind_id = :k AND id <> :self AND"
                                       " json_extract(attrs, :p) IS NOT NULL");
        if (!st) return db_error(db)->code;
        db_bind_text(st, ":p", path);
        db_bind_int(st, ":k", kind_id);
        db_bind_int(st, ":self", self);
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            char other[4 * INV_TEXT_MAX + 8];
            asset_ident_key(db_col_text(st, 1), other, sizeof other);
            if (strcmp(other, key) == 0) {
                char otag[INV_TAG_MAX + 1];
                str_copy(otag, sizeof otag, db_col_text(st, 0));
                sqlite3_reset(st);
                /* TRANSLATORS: %1$s is the asset's inventory number, %2$s a
                 * field's name ("imei", "plate"), %3$s its value, %4$s the
                 * other asset's inventory number. */
                return db_fail(db, INV_EEXIST, _("%1$s: %2$s %3$s is already asset %4$s"),
                               a->tag[0] ? a->tag : _("new asset"),
                               asset_field_text(IDENT_KEYS[i]), v, otag);
            }
        }
        sqlite3_reset(st);
        if (rc != SQLITE_DONE) return db_fail_sqlite(db, _("checking identifiers"));
    }
    return INV_OK;
}

/* The resolved references of an asset being written. */
typedef struct refs {
    inv_kind kind;
    int64_t office_id;
    int office_is_warehouse;
    int64_t funding_id;
} refs;

/* Validate the descriptive fields of a and resolve kind and funding
 * (a->kind and a->funding may be names; they become codes). */
static inv_status validate(inv_db *db, inv_asset *a, refs *r)
{
    const char *t = a->tag[0] ? a->tag : _("new asset");
    inv_status rc;
    if ((rc = kind_find(db, a->kind, &r->kind)) != INV_OK)
        return db_fail(db, rc, _("%s: no asset kind '%s' (vehicle, tablet, computer, "
                                 "or one added with 'kind add')"), t, a->kind);
    str_copy(a->kind, sizeof a->kind, r->kind.code);
    str_copy(a->kind_name, sizeof a->kind_name, r->kind.name);
    struct { const char *name, *v; size_t max; } f[] = {
        {"make", a->make, INV_TEXT_CHARS},       {"model", a->model, INV_TEXT_CHARS},
        {"serial", a->serial, INV_TEXT_CHARS},   {"description", a->description, INV_LONG_CHARS},
        {"custodian", a->custodian, INV_TEXT_CHARS}, {"supplier", a->supplier, INV_LONG_CHARS},
        {"contract", a->contract, INV_TEXT_CHARS},
    };
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        if ((rc = text_ok(db, t, f[i].name, f[i].v, f[i].max)) != INV_OK) return rc;
    char iso[INV_DATE_MAX];
    if (a->purchase_date[0]) {
        if (date_parse(a->purchase_date, iso) != 0)
            return db_fail(db, INV_EINVAL, _("%s: purchase date '%s' is not a date (use "
                                             "2023-04-01 or 01.04.2023)"), t, a->purchase_date);
        memcpy(a->purchase_date, iso, sizeof iso);
        char today[INV_DATE_MAX];
        today_local(today);
        if (strcmp(a->purchase_date, today) > 0) {
            char d[FMT_DATE_MAX], now[FMT_DATE_MAX];
            fmt_date(a->purchase_date, d, sizeof d);
            fmt_date(today, now, sizeof now);
            /* TRANSLATORS: %1$s is the asset's inventory number, %2$s the
             * purchase date, %3$s today's date. */
            return db_fail(db, INV_EINVAL, _("%1$s: purchase date %2$s is in the future "
                                             "(today is %3$s)"), t, d, now);
        }
    }
    if (a->warranty_end[0]) {
        if (date_parse(a->warranty_end, iso) != 0)
            return db_fail(db, INV_EINVAL, _("%s: warranty end '%s' is not a date (use "
                                             "2023-04-01 or 01.04.2023)"), t, a->warranty_end);
        memcpy(a->warranty_end, iso, sizeof iso);
    }
    if (a->has_cost) {
        if (a->cost < 0)
            return db_fail(db, INV_EINVAL, _("%s: the cost cannot be negative"), t);
        for (char *p = a->currency; *p; p++) *p = (char)toupper((unsigned char)*p);
        if (!a->currency[0]) str_copy(a->currency, sizeof a->currency, "EUR");
        if (strcmp(a->currency, "BGN") && strcmp(a->currency, "EUR"))
            return db_fail(db, INV_EINVAL, _("%s: currency '%s' is not BGN or EUR"), t,
                           a->currency);
    } else {
        a->currency[0] = '\0';
    }
    r->funding_id = 0;
    if (a->funding[0]) {
        inv_funding fu;
        if ((rc = funding_find(db, a->funding, &fu)) != INV_OK)
            return db_fail(db, rc, _("%s: no funding project '%s' (add it with "
                                     "'funding add')"), t, a->funding);
        r->funding_id = fu.id;
        str_copy(a->funding, sizeof a->funding, fu.code);
    }
    /* Attributes: an object of strings, keys among the kind's fields. */
    json_error_t jerr;
    json_t *obj = json_loads(a->attrs[0] ? a->attrs : "{}", 0, &jerr);
    if (!json_is_object(obj)) {
        json_decref(obj);
        return db_fail(db, INV_EINVAL, _("%s: attributes are not a JSON object"), t);
    }
    const char *key;
    json_t *val;
    json_object_foreach(obj, key, val) {
        if (!kind_has_field(&r->kind, key)) {
            db_fail(db, INV_EINVAL, _("%s: kind %s has no field '%s' (its fields: %s)"),
                    t, r->kind.code, key, r->kind.fields[0] ? r->kind.fields : _("none"));
            json_decref(obj);
            return INV_EINVAL;
        }
        if (!json_is_string(val)) {
            db_fail(db, INV_EINVAL, _("%s: attribute '%s' is not text"), t, key);
            json_decref(obj);
            return INV_EINVAL;
        }
        char why[256];
        const char *v = json_string_value(val);
        if ((rc = text_ok(db, t, key, v, INV_TEXT_CHARS)) != INV_OK) {
            json_decref(obj);
            return rc;
        }
        if (kind_check_attr(key, v, why, sizeof why) != 0) {
            db_fail(db, INV_EINVAL, "%s: %s", t, why);
            json_decref(obj);
            return INV_EINVAL;
        }
    }
    char *canon = json_dumps(obj, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(obj);
    if (!canon || str_copy(a->attrs, sizeof a->attrs, canon) != 0) {
        free(canon);
        return db_fail(db, INV_EINVAL, _("%s: attributes are too long"), t);
    }
    free(canon);
    return INV_OK;
}

/* Refuse a (make, serial) pair already used by another asset. */
static inv_status serial_free(inv_db *db, const inv_asset *a, int64_t self)
{
    if (!a->serial[0]) return INV_OK;
    sqlite3_stmt *st = db_stmt(db, "SELECT tag FROM asset WHERE make = :m AND serial = :s"
                                   " AND id <> :self");
    if (!st) return db_error(db)->code;
    db_bind_text(st, ":m", a->make);
    db_bind_text(st, ":s", a->serial);
    db_bind_int(st, ":self", self);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        char other[INV_TAG_MAX + 1];
        str_copy(other, sizeof other, db_col_text(st, 0));
        sqlite3_reset(st);
        return db_fail(db, INV_EEXIST, _("%s: serial %s of make %s is already asset %s"),
                       a->tag[0] ? a->tag : _("new asset"), a->serial,
                       a->make[0] ? a->make : "-", other);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return db_fail_sqlite(db, _("checking the serial"));
    return INV_OK;
}

static void bind_descriptive(sqlite3_stmt *st, const inv_asset *a, const refs *r)
{
    db_bind_text(st, ":make", a->make);
    db_bind_text(st, ":model", a->model);
    db_bind_text0(st, ":serial", a->serial);
    db_bind_text(st, ":descr", a->description);
    db_bind_text0(st, ":pdate", a->purchase_date);
    if (a->has_cost) {
        db_bind_int(st, ":cost", a->cost);
        db_bind_text(st, ":cur", a->currency);
    }
    db_bind_text(st, ":supplier", a->supplier);
    db_bind_text(st, ":contract", a->contract);
    if (r->funding_id) db_bind_int(st, ":funding", r->funding_id);
    db_bind_text0(st, ":warranty", a->warranty_end);
    db_bind_text(st, ":attrs", a->attrs[0] ? a->attrs : "{}");
}

inv_status asset_add(inv_db *db, inv_asset *a, int imported, const char *doc,
                     const char *note)
{
    refs r;
    memset(&r, 0, sizeof r);
    inv_status rc;
    if (a->tag[0] && !tag_valid(a->tag))
        return db_fail(db, INV_EINVAL, _("'%s' is not a valid tag (1-%d Latin or Cyrillic "
                                         "letters, digits, '-', '_', '.', '/')"), a->tag,
                       INV_TAG_CHARS);
    if ((rc = validate(db, a, &r)) != INV_OK) return rc;
    const char *t = a->tag[0] ? a->tag : _("new asset");
    if (a->office[0]) {
        inv_office o;
        if ((rc = office_find(db, a->office, &o)) != INV_OK)
            return db_fail(db, rc, _("%s: no office '%s'"), t, a->office);
        if (!o.active)
            return db_fail(db, INV_ESTATE, _("%s: office %s is deactivated"), t, o.code);
        r.office_id = o.id;
        r.office_is_warehouse = !strcmp(o.kind, "warehouse");
        str_copy(a->office, sizeof a->office, o.code);
        str_copy(a->office_name, sizeof a->office_name, o.name);
        str_copy(a->office_short, sizeof a->office_short, office_short(&o));
    }
    if (a->status[0]) {
        char s[INV_STATUS_MAX];
        if (asset_status_parse(a->status, s) != 0)
            return db_fail(db, INV_EINVAL, _("%s: unknown status '%s' (in_stock, assigned, "
                                             "in_repair, missing, written_off)"), t, a->status);
        memcpy(a->status, s, sizeof s);
    } else {
        str_copy(a->status, sizeof a->status,
                 r.office_id && !r.office_is_warehouse ? "assigned" : "in_stock");
    }
    if (!strcmp(a->status, "assigned") && !r.office_id)
        return db_fail(db, INV_EINVAL, _("%s: an assigned asset needs an office"), t);
    if (a->custodian[0] && !r.office_id)
        return db_fail(db, INV_EINVAL, _("%s: custodian '%s' given without an office (a "
                                         "custodian holds the asset at an office)"),
                       t, a->custodian);
    if (a->custodian[0] && !strcmp(a->status, "in_stock"))
        return db_fail(db, INV_EINVAL, _("%s: custodian '%s' given for an asset in stock at "
                                         "%s (an asset in stock has no custodian)"),
                       t, a->custodian, a->office);
    if ((rc = text_ok(db, t, "document", doc ? doc : "", INV_TEXT_CHARS)) ||
        (rc = text_ok(db, t, "note", note ? note : "", INV_LONG_CHARS)))
        return rc;
    char day[INV_DATE_MAX];
    if ((rc = event_act_date(db, a->taken_on, day)) != INV_OK) {
        char why[256];
        str_copy(why, sizeof why, db_errmsg(db));
        return db_fail(db, rc, "%s: %s", t, why);
    }

    if ((rc = db_begin(db, DB_HERE)) != INV_OK) return rc;
    if (!a->tag[0]) {
        if ((rc = kind_next_tag(db, &r.kind, a->tag, sizeof a->tag)) != INV_OK) goto fail;
    }
    char key[INV_TAG_MAX + 1];
    if (asset_tag_codes(a->tag, a->scan_code, key) != 0) {
        rc = db_fail(db, INV_EINVAL, _("%s: the tag has no ASCII scan code"), a->tag);
        goto fail;
    }
    if ((rc = codes_free(db, a->tag, a->scan_code, key, 0)) != INV_OK) goto fail;
    if ((rc = serial_free(db, a, 0)) != INV_OK) goto fail;
    if ((rc = idents_free(db, a, r.kind.id, 0)) != INV_OK) goto fail;
    sqlite3_stmt *st = db_stmt(db,
        "INSERT INTO asset(tag, kind_id, make, model, serial, description, status,"
        " office_id, custodian, purchase_date, cost, currency, supplier, contract,"
        " funding_id, warranty_end, attrs, scan_code, tag_key) VALUES(:tag, :kind, :make,"
        " :model, :serial, :descr, :status, :office, :cust, :pdate, :cost, :cur, :supplier,"
        " :contract, :funding, :warranty, :attrs, :scan, :key)");
    if (!st) { rc = db_error(db)->code; goto fail; }
    db_bind_text(st, ":tag", a->tag);
    db_bind_text(st, ":scan", a->scan_code);
    db_bind_text(st, ":key", key);
    db_bind_int(st, ":kind", r.kind.id);
    db_bind_text(st, ":status", a->status);
    if (r.office_id) db_bind_int(st, ":office", r.office_id);
    db_bind_text(st, ":cust", a->custodian);
    bind_descriptive(st, a, &r);
    if ((rc = db_exec_stmt(db, st, a->tag)) != INV_OK) goto fail;
    a->id = sqlite3_last_insert_rowid(db_sqlite(db));

    inv_event ev;
    memset(&ev, 0, sizeof ev);
    ev.asset_id = a->id;
    str_copy(ev.tag, sizeof ev.tag, a->tag);
    str_copy(ev.type, sizeof ev.type, imported ? "imported" : "created");
    ev.to_office_id = r.office_id;
    str_copy(ev.to_office, sizeof ev.to_office, a->office);
    str_copy(ev.to_status, sizeof ev.to_status, a->status);
    str_copy(ev.to_custodian, sizeof ev.to_custodian, a->custodian);
    str_copy(ev.doc, sizeof ev.doc, doc ? doc : "");
    str_copy(ev.note, sizeof ev.note, note ? note : "");
    str_copy(ev.act_date, sizeof ev.act_date, day);
    if ((rc = history_asset_created(db, a->id, &ev.changes)) != INV_OK) goto fail;
    rc = event_append(db, &ev);
    free(ev.changes);
    if (rc != INV_OK) goto fail;
    return db_commit(db);
fail:
    db_rollback(db);
    return rc;
}

#define ASSET_COLS                                                              \
    "a.id, a.tag, k.code, k.name, a.make, a.model, coalesce(a.serial,''),"      \
    " a.description, a.status, coalesce(o.code,''), coalesce(o.name,''),"       \
    " a.custodian, coalesce(a.purchase_date,''), a.cost IS NOT NULL,"           \
    " coalesce(a.cost,0), coalesce(a.currency,''), a.supplier, a.contract,"     \
    " coalesce(f.code,''), coalesce(a.warranty_end,''), a.attrs,"               \
    " coalesce(a.last_seen,''), coalesce(a.office_id,0),"                       \
    " coalesce(nullif(o.short_name,''), o.name, ''), coalesce(a.scan_code,'')"
#define ASSET_FROM                                                              \
    " FROM asset a JOIN asset_kind k ON k.id = a.kind_id"                       \
    " LEFT JOIN office o ON o.id = a.office_id"                                 \
    " LEFT JOIN funding f ON f.id = a.funding_id"

static void asset_from_row(sqlite3_stmt *st, inv_asset *a)
{
    memset(a, 0, sizeof *a);
    a->id = sqlite3_column_int64(st, 0);
    str_copy(a->tag, sizeof a->tag, db_col_text(st, 1));
    str_copy(a->kind, sizeof a->kind, db_col_text(st, 2));
    str_copy(a->kind_name, sizeof a->kind_name, db_col_text(st, 3));
    str_copy(a->make, sizeof a->make, db_col_text(st, 4));
    str_copy(a->model, sizeof a->model, db_col_text(st, 5));
    str_copy(a->serial, sizeof a->serial, db_col_text(st, 6));
    str_copy(a->description, sizeof a->description, db_col_text(st, 7));
    str_copy(a->status, sizeof a->status, db_col_text(st, 8));
    str_copy(a->office, sizeof a->office, db_col_text(st, 9));
    str_copy(a->office_name, sizeof a->office_name, db_col_text(st, 10));
    str_copy(a->custodian, sizeof a->custodian, db_col_text(st, 11));
    str_copy(a->purchase_date, sizeof a->purchase_date, db_col_text(st, 12));
    a->has_cost = sqlite3_column_int(st, 13);
    a->cost = sqlite3_column_int64(st, 14);
    str_copy(a->currency, sizeof a->currency, db_col_text(st, 15));
    str_copy(a->supplier, sizeof a->supplier, db_col_text(st, 16));
    str_copy(a->contract, sizeof a->contract, db_col_text(st, 17));
    str_copy(a->funding, sizeof a->funding, db_col_text(st, 18));
    str_copy(a->warranty_end, sizeof a->warranty_end, db_col_text(st, 19));
    str_copy(a->attrs, sizeof a->attrs, db_col_text(st, 20));
    str_copy(a->last_seen, sizeof a->last_seen, db_col_text(st, 21));
    str_copy(a->office_short, sizeof a->office_short, db_col_text(st, 23));
    str_copy(a->scan_code, sizeof a->scan_code, db_col_text(st, 24));
}

/* One step of asset_resolve: the asset whose tag, scan code or (folded)
 * key is code. 1 found, 0 not, -1 on error. */
static int resolve_one(inv_db *db, const char *code, int64_t *id, char *tag,
                       asset_match *how)
{
    static const char *const sql[] = {
        "SELECT id, tag FROM asset WHERE tag = :c",
        "SELECT id, tag FROM asset WHERE scan_code = :c COLLATE NOCASE",
        "SELECT id, tag FROM asset WHERE tag_key = :c",
        "SELECT id, tag FROM asset WHERE scan_code = :c COLLATE NOCASE",
    };
    static const asset_match m[] = {ASSET_MATCH_TAG, ASSET_MATCH_SCAN_CODE,
                                    ASSET_MATCH_LOOKALIKE, ASSET_MATCH_LOOKALIKE};
    char key[INV_TAG_MAX + 1];
    if (alpha_fold_key(code, key, sizeof key) != 0) key[0] = '\0';
    for (int i = 0; i < 4; i++) {
        const char *c = i < 2 ? code : key;
        if (!*c || (i == 3 && !alpha_is_ascii(key))) continue;
        sqlite3_stmt *st = db_stmt(db, sql[i]);
        if (!st) return -1;
        db_bind_text(st, ":c", c);
        int rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            *id = sqlite3_column_int64(st, 0);
            str_copy(tag, INV_TAG_MAX + 1, db_col_text(st, 1));
            *how = m[i];
        }
        sqlite3_reset(st);
        if (rc == SQLITE_ROW) return 1;
        if (rc != SQLITE_DONE) {
            db_fail_sqlite(db, _("looking up a tag"));
            return -1;
        }
    }
    return 0;
}

inv_status asset_resolve(inv_db *db, const char *code, int64_t *id, char *tag,
                         asset_match *how, char *mapped)
{
    *id = 0;
    tag[0] = '\0';
    *how = ASSET_MATCH_NONE;
    if (mapped) mapped[0] = '\0';
    int r = resolve_one(db, code, id, tag, how);
    if (r < 0) return db_error(db)->code;
    if (r > 0) return INV_OK;
    /* Typed through a Bulgarian layout: each layout's reading, and only
     * one asset among them. */
    if (alpha_has_cyrillic(code)) {
        static const alpha_layout lay[] = {ALPHA_LAYOUT_BDS, ALPHA_LAYOUT_PHONETIC};
        char cand[2][INV_TAG_MAX + 1], ctag[2][INV_TAG_MAX + 1];
        int64_t cid[2] = {0, 0};
        int found = -1;
        for (int i = 0; i < 2; i++) {
            asset_match h;
            if (alpha_layout_unmap(code, lay[i], cand[i], sizeof cand[i]) <= 0) continue;
            r = resolve_one(db, cand[i], &cid[i], ctag[i], &h);
            if (r < 0) return db_error(db)->code;
            if (r == 0) continue;
            if (found >= 0 && cid[found] != cid[i]) {
                char *safe = term_safe(code);
                inv_status e = db_fail(db, INV_ENOTFOUND,
                                       _("'%s' is ambiguous: typed through the BDS layout it "
                                         "is %s (%s), through the phonetic one %s (%s)"),
                                       safe, ctag[0], cand[0], ctag[1], cand[1]);
                free(safe);
                *how = ASSET_MATCH_AMBIGUOUS;
                return e;
            }
            if (found < 0) found = i;
        }
        if (found >= 0) {
            *id = cid[found];
            str_copy(tag, INV_TAG_MAX + 1, ctag[found]);
            *how = lay[found] == ALPHA_LAYOUT_BDS ? ASSET_MATCH_BDS : ASSET_MATCH_PHONETIC;
            if (mapped) str_copy(mapped, INV_TAG_MAX + 1, cand[found]);
            return INV_OK;
        }
    }
    return db_fail(db, INV_ENOTFOUND, _("no asset '%s'"), code);
}

inv_status asset_get(inv_db *db, const char *tag, inv_asset *out)
{
    int64_t id;
    char found[INV_TAG_MAX + 1];
    asset_match how;
    inv_status e = asset_resolve(db, tag, &id, found, &how, NULL);
    if (e != INV_OK) return e;
    sqlite3_stmt *st = db_stmt(db, "SELECT " ASSET_COLS ASSET_FROM " WHERE a.id = :id");
    if (!st) return db_error(db)->code;
    db_bind_int(st, ":id", id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        asset_from_row(st, out);
        sqlite3_reset(st);
        return INV_OK;
    }
    sqlite3_reset(st);
    if (rc == SQLITE_DONE) return db_fail(db, INV_ENOTFOUND, _("no asset '%s'"), tag);
    return db_fail_sqlite(db, _("reading assets"));
}

/* ---- edit ---- */

static void change(json_t *ch, const char *field, const char *old, const char *new)
{
    if (strcmp(old, new) == 0) return;
    json_object_set_new(ch, field, json_pack("[ss]", old, new));
}

inv_status asset_update(inv_db *db, const char *tag, const inv_asset *in,
                        const char *note, int *changed)
{
    inv_status rc;
    *changed = 0;
    if ((rc = db_begin(db, DB_HERE)) != INV_OK) return rc;
    inv_asset cur, a = *in;
    if ((rc = asset_get(db, tag, &cur)) != INV_OK) goto fail;
    str_copy(a.tag, sizeof a.tag, cur.tag);
    str_copy(a.kind, sizeof a.kind, cur.kind);
    refs r;
    memset(&r, 0, sizeof r);
    if ((rc = validate(db, &a, &r)) != INV_OK) goto fail;
    if ((rc = text_ok(db, cur.tag, "note", note ? note : "", INV_LONG_CHARS))) goto fail;
    if ((rc = serial_free(db, &a, cur.id)) != INV_OK) goto fail;
    if ((rc = idents_free(db, &a, r.kind.id, cur.id)) != INV_OK) goto fail;

    json_t *ch = json_object();
    change(ch, "make", cur.make, a.make);
    change(ch, "model", cur.model, a.model);
    change(ch, "serial", cur.serial, a.serial);
    change(ch, "description", cur.description, a.description);
    change(ch, "purchase_date", cur.purchase_date, a.purchase_date);
    char oc[32] = "", nc[32] = "";
    if (cur.has_cost) snprintf(oc, sizeof oc, "%lld %s", (long long)cur.cost, cur.currency);
    if (a.has_cost) snprintf(nc, sizeof nc, "%lld %s", (long long)a.cost, a.currency);
    change(ch, "cost", oc, nc);
    change(ch, "supplier", cur.supplier, a.supplier);
    change(ch, "contract", cur.contract, a.contract);
    change(ch, "funding", cur.funding, a.funding);
    change(ch, "warranty_end", cur.warranty_end, a.warranty_end);
    change(ch, "attrs", cur.attrs, a.attrs);
    *changed = (int)json_object_size(ch);
    if (*changed == 0) {
        json_decref(ch);
        return db_commit(db);
    }
    char *changes = json_dumps(ch, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(ch);

    sqlite3_stmt *st = db_stmt(db,
        "UPDATE asset SET make = :make, model = :model, serial = :serial,"
        " description = :descr, purchase_date = :pdate, cost = :cost, currency = :cur,"
        " supplier = :supplier, contract = :contract, funding_id = :funding,"
        " warranty_end = :warranty, attrs = :attrs WHERE id = :id");
    if (!st) { free(changes); rc = db_error(db)->code; goto fail; }
    bind_descriptive(st, &a, &r);
    db_bind_int(st, ":id", cur.id);
    if ((rc = db_exec_stmt(db, st, cur.tag)) != INV_OK) { free(changes); goto fail; }

    inv_event ev;
    memset(&ev, 0, sizeof ev);
    ev.asset_id = cur.id;
    str_copy(ev.tag, sizeof ev.tag, cur.tag);
    str_copy(ev.type, sizeof ev.type, "edited");
    ev.has_from = 1;
    /* Office, status and custodian stay as they were. */
    ev.from_office_id = ev.to_office_id = 0;
    {
        inv_office o;
        if (cur.office[0] && office_find(db, cur.office, &o) == INV_OK)
            ev.from_office_id = ev.to_office_id = o.id;
    }
    str_copy(ev.from_office, sizeof ev.from_office, cur.office);
    str_copy(ev.to_office, sizeof ev.to_office, cur.office);
    str_copy(ev.from_status, sizeof ev.from_status, cur.status);
    str_copy(ev.to_status, sizeof ev.to_status, cur.status);
    str_copy(ev.from_custodian, sizeof ev.from_custodian, cur.custodian);
    str_copy(ev.to_custodian, sizeof ev.to_custodian, cur.custodian);
    str_copy(ev.note, sizeof ev.note, note ? note : "");
    ev.changes = changes;
    rc = event_append(db, &ev);
    free(changes);
    if (rc != INV_OK) goto fail;
    return db_commit(db);
fail:
    db_rollback(db);
    return rc;
}

/* ---- acts ---- */

typedef enum { ACT_ASSIGN, ACT_RETURN, ACT_STATUS } act_kind;

/* Current state of an asset for an act, read inside the transaction. */
typedef struct cur_state {
    int64_t id, office_id;
    char tag[INV_TAG_MAX + 1];
    char office[INV_CODE_MAX + 1];
    char status[INV_STATUS_MAX];
    char custodian[INV_TEXT_MAX + 1];
} cur_state;

static inv_status read_state(inv_db *db, const char *tag, cur_state *s)
{
    int64_t id;
    char found[INV_TAG_MAX + 1];
    asset_match how;
    inv_status e = asset_resolve(db, tag, &id, found, &how, NULL);
    if (e != INV_OK) return e;
    sqlite3_stmt *st = db_stmt(db,
        "SELECT a.id, a.tag, coalesce(a.office_id,0), coalesce(o.code,''), a.status,"
        " a.custodian FROM asset a LEFT JOIN office o ON o.id = a.office_id"
        " WHERE a.id = :id");
    if (!st) return db_error(db)->code;
    db_bind_int(st, ":id", id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        if (rc == SQLITE_DONE) return db_fail(db, INV_ENOTFOUND, _("no asset '%s'"), tag);
        return db_fail_sqlite(db, tag);
    }
    s->id = sqlite3_column_int64(st, 0);
    str_copy(s->tag, sizeof s->tag, db_col_text(st, 1));
    s->office_id = sqlite3_column_int64(st, 2);
    str_copy(s->office, sizeof s->office, db_col_text(st, 3));
    str_copy(s->status, sizeof s->status, db_col_text(st, 4));
    str_copy(s->custodian, sizeof s->custodian, db_col_text(st, 5));
    sqlite3_reset(st);
    return INV_OK;
}

static inv_status write_state(inv_db *db, const cur_state *from, int64_t office_id,
                              const char *office, const char *status,
                              const char *custodian, const char *type,
                              const inv_act *act, const char *day)
{
    inv_status drc = event_check_date(db, from->id, from->tag, day);
    if (drc != INV_OK) return drc;
    sqlite3_stmt *st = db_stmt(db, "UPDATE asset SET office_id = :o, status = :s,"
                                   " custodian = :c WHERE id = :id");
    if (!st) return db_error(db)->code;
    if (office_id) db_bind_int(st, ":o", office_id);
    else db_bind_null(st, ":o");
    db_bind_text(st, ":s", status);
    db_bind_text(st, ":c", custodian);
    db_bind_int(st, ":id", from->id);
    inv_status rc = db_exec_stmt(db, st, from->tag);
    if (rc != INV_OK) return rc;
    inv_event ev;
    memset(&ev, 0, sizeof ev);
    ev.asset_id = from->id;
    str_copy(ev.tag, sizeof ev.tag, from->tag);
    str_copy(ev.type, sizeof ev.type, type);
    ev.has_from = 1;
    ev.from_office_id = from->office_id;
    str_copy(ev.from_office, sizeof ev.from_office, from->office);
    str_copy(ev.from_status, sizeof ev.from_status, from->status);
    str_copy(ev.from_custodian, sizeof ev.from_custodian, from->custodian);
    ev.to_office_id = office_id;
    str_copy(ev.to_office, sizeof ev.to_office, office);
    str_copy(ev.to_status, sizeof ev.to_status, status);
    str_copy(ev.to_custodian, sizeof ev.to_custodian, custodian);
    str_copy(ev.doc, sizeof ev.doc, act->doc ? act->doc : "");
    str_copy(ev.note, sizeof ev.note, act->note ? act->note : "");
    ev.check_id = act->check_id;
    ev.changes = (char *)act->facts;
    str_copy(ev.act_date, sizeof ev.act_date, day);
    return event_append(db, &ev);
}

static int cmp_tag(const void *a, const void *b)
{
    return strcasecmp(*(const char *const *)a, *(const char *const *)b);
}

/* The progress of an act on many assets (db_progress). */
static const char act_phase[] = N_("Changing the assets");

static inv_status act_many(inv_db *db, const char *const *tags, int n,
                           const inv_act *act, act_kind kind)
{
    inv_status rc;
    if (n <= 0) return db_fail(db, INV_EINVAL, _("no asset tags given"));
    const char *t0 = tags[0];
    if ((rc = text_ok(db, t0, "document", act->doc ? act->doc : "", INV_TEXT_CHARS)) ||
        (rc = text_ok(db, t0, "note", act->note ? act->note : "", INV_LONG_CHARS)) ||
        (rc = text_ok(db, t0, "custodian", act->custodian ? act->custodian : "",
                      INV_TEXT_CHARS)))
        return rc;
    char day[INV_DATE_MAX];
    if ((rc = event_act_date(db, act->date, day)) != INV_OK) return rc;
    inv_office target;
    char status[INV_STATUS_MAX] = "";
    if (kind == ACT_ASSIGN) {
        if (!act->office || !*act->office)
            return db_fail(db, INV_EINVAL, _("assign needs a target office (--to)"));
        if ((rc = office_find(db, act->office, &target)) != INV_OK) return rc;
        if (!target.active)
            return db_fail(db, INV_ESTATE, _("office %s is deactivated"), target.code);
    } else if (kind == ACT_STATUS) {
        if (!act->status || asset_status_parse(act->status, status) != 0)
            return db_fail(db, INV_EINVAL, _("unknown status '%s' (in_stock, in_repair, "
                                             "missing, written_off)"),
                           act->status ? act->status : "");
        if (!strcmp(status, "assigned"))
            return db_fail(db, INV_EINVAL, _("use 'assign --to OFFICE' to assign assets"));
    }
    /* The same tag twice in one act would record a no-op: find repeats by
     * sorting a copy (a bulk transfer may name tens of thousands). */
    if (n > 1) {
        const char **sorted = malloc((size_t)n * sizeof *sorted);
        if (!sorted) abort();
        memcpy(sorted, tags, (size_t)n * sizeof *sorted);
        qsort(sorted, (size_t)n, sizeof *sorted, cmp_tag);
        for (int i = 1; i < n; i++)
            if (strcasecmp(sorted[i - 1], sorted[i]) == 0) {
                rc = db_fail(db, INV_EINVAL, _("%s: given twice"), sorted[i]);
                free(sorted);
                return rc;
            }
        free(sorted);
    }
    /* Two spellings of one asset (its tag, its scan code, look-alike
     * letters, a keyboard layout) are the same tag given twice: the ids
     * acted on, in an open-addressing set. */
    size_t cap = 1;
    while (cap < 2 * (size_t)n) cap *= 2;
    int64_t *seen = n > 1 ? calloc(cap, sizeof *seen) : NULL;
    if (n > 1 && !seen) abort();
    if ((rc = db_begin(db, DB_HERE)) != INV_OK) {
        free(seen);
        return rc;
    }
    for (int i = 0; i < n; i++) {
        cur_state s;
        if ((rc = read_state(db, tags[i], &s)) != INV_OK) goto fail;
        if (seen) {
            size_t h = (size_t)((uint64_t)s.id * 0x9E3779B97F4A7C15ull) & (cap - 1);
            while (seen[h] && seen[h] != s.id) h = (h + 1) & (cap - 1);
            if (seen[h]) {
                rc = db_fail(db, INV_EINVAL, _("%s: given twice (as %s)"), s.tag, tags[i]);
                goto fail;
            }
            seen[h] = s.id;
        }
        if (!strcmp(s.status, "written_off")) {
            rc = db_fail(db, INV_ESTATE, _("%s: the asset is written off; nothing more "
                                           "can happen to it"), s.tag);
            goto fail;
        }
        if (kind == ACT_ASSIGN) {
            int wh = !strcmp(target.kind, "warehouse");
            const char *st = wh ? "in_stock" : "assigned";
            const char *cust = act->custodian ? act->custodian : "";
            if (wh) cust = "";
            const char *type = !strcmp(s.status, "assigned") && s.office_id != target.id
                                   ? "transferred" : "assigned";
            if (wh && s.office_id != target.id) type = "returned";
            if (s.office_id == target.id && !strcmp(s.status, st) &&
                !strcmp(s.custodian, cust)) {
                rc = db_fail(db, INV_ESTATE, _("%s: already at %s with this custodian"),
                             s.tag, target.code);
                goto fail;
            }
            rc = write_state(db, &s, target.id, target.code, st, cust, type, act, day);
        } else if (kind == ACT_RETURN) {
            inv_office wh;
            if (!s.office_id) {
                rc = db_fail(db, INV_ESTATE, _("%s: the asset has no office to return from"),
                             s.tag);
                goto fail;
            }
            if ((rc = office_owning_warehouse(db, s.office_id, &wh)) != INV_OK) {
                db_fail(db, rc, _("%s: no warehouse to return it to from %s (add an "
                                  "office of kind warehouse)"), s.tag, s.office);
                goto fail;
            }
            if (!strcmp(s.status, "in_stock") && s.office_id == wh.id) {
                rc = db_fail(db, INV_ESTATE, _("%s: already in stock at %s"), s.tag, wh.code);
                goto fail;
            }
            rc = write_state(db, &s, wh.id, wh.code, "in_stock", "", "returned", act, day);
        } else {
            if (!strcmp(s.status, status)) {
                /* TRANSLATORS: %1$s is the asset's inventory number, %2$s the
                 * status in words ("in repair"; context "status"). */
                rc = db_fail(db, INV_ESTATE, _("%1$s: the status is already \"%2$s\""), s.tag,
                             asset_status_text(status));
                goto fail;
            }
            const char *cust = !strcmp(status, "in_stock") ? "" : s.custodian;
            rc = write_state(db, &s, s.office_id, s.office, status, cust,
                             act->check_id && !strcmp(status, "missing") ? "marked_missing"
                                                                         : "status_changed",
                             act, day);
        }
        if (rc != INV_OK) goto fail;
        if (((i + 1) & 255) == 0) db_progress(db, act_phase, i + 1, n);
    }
    db_progress(db, act_phase, n, n);
    free(seen);
    return db_commit(db);
fail:
    free(seen);
    db_rollback(db);
    return rc;
}

inv_status asset_act_preview(inv_db *db, int what, const char *const *tags, int n,
                             const inv_act *act, asset_act_counts *out)
{
    memset(out, 0, sizeof *out);
    inv_status rc;
    inv_office target;
    memset(&target, 0, sizeof target);
    if (what == ASSET_ACT_ASSIGN) {
        if (!act->office || !*act->office)
            return db_fail(db, INV_EINVAL, _("assign needs a target office (--to)"));
        if ((rc = office_find(db, act->office, &target)) != INV_OK) return rc;
        str_copy(out->to, sizeof out->to, target.code);
        str_copy(out->to_name, sizeof out->to_name, target.name);
        out->to_offices = 1;
    }
    if (what == ASSET_ACT_STATUS &&
        (!act->status || asset_status_parse(act->status, out->status) != 0))
        return db_fail(db, INV_EINVAL, _("unknown status '%s' (in_stock, in_repair, "
                                         "missing, written_off)"),
                       act->status ? act->status : "");
    if ((rc = db_begin_read(db, DB_HERE)) != INV_OK) return rc;
    int64_t first_from = -1, first_to = -1;
    for (int i = 0; i < n && rc == INV_OK; i++) {
        cur_state s;
        if ((rc = read_state(db, tags[i], &s)) != INV_OK) break;
        out->n++;
        if (first_from < 0) {
            first_from = s.office_id;
            str_copy(out->from, sizeof out->from, s.office);
            out->from_offices = 1;
        } else if (s.office_id != first_from) {
            out->from_offices = 2;
        }
        const char *new_cust = s.custodian;
        if (what == ASSET_ACT_ASSIGN) {
            int wh = !strcmp(target.kind, "warehouse");
            new_cust = wh || !act->custodian ? "" : act->custodian;
        } else if (what == ASSET_ACT_RETURN) {
            new_cust = "";
            inv_office wh;
            if (s.office_id && office_owning_warehouse(db, s.office_id, &wh) == INV_OK) {
                if (first_to < 0) {
                    first_to = wh.id;
                    str_copy(out->to, sizeof out->to, wh.code);
                    str_copy(out->to_name, sizeof out->to_name, wh.name);
                    out->to_offices = 1;
                } else if (wh.id != first_to) {
                    out->to_offices = 2;
                }
            }
        } else if (!strcmp(out->status, "in_stock")) {
            new_cust = "";
        }
        if (s.custodian[0] && !new_cust[0]) out->custodians_cleared++;
    }
    db_commit(db);
    return rc;
}

inv_status asset_assign(inv_db *db, const char *const *tags, int n, const inv_act *act)
{
    return act_many(db, tags, n, act, ACT_ASSIGN);
}

inv_status asset_return(inv_db *db, const char *const *tags, int n, const inv_act *act)
{
    return act_many(db, tags, n, act, ACT_RETURN);
}

inv_status asset_set_status(inv_db *db, const char *const *tags, int n, const inv_act *act)
{
    return act_many(db, tags, n, act, ACT_STATUS);
}

inv_status asset_note_events(inv_db *db, const int64_t *ids, int n, const char *type,
                             const char *note, int64_t check_id)
{
    return asset_note_events_on(db, ids, n, type, note, check_id, NULL);
}

static inv_status note_events(inv_db *db, const int64_t *ids, int n, const char *type,
                              const char *note, const char *facts, int64_t check_id,
                              const char *date);

inv_status asset_note_events_on(inv_db *db, const int64_t *ids, int n, const char *type,
                                const char *note, int64_t check_id, const char *date)
{
    return note_events(db, ids, n, type, note, NULL, check_id, date);
}

inv_status asset_fact_events(inv_db *db, const int64_t *ids, int n, const char *type,
                             const char *facts, int64_t check_id)
{
    return note_events(db, ids, n, type, NULL, facts, check_id, NULL);
}

static inv_status note_events(inv_db *db, const int64_t *ids, int n, const char *type,
                              const char *note, const char *facts, int64_t check_id,
                              const char *date)
{
    if (strcmp(type, "label_printed") && strcmp(type, "seen"))
        return db_fail(db, INV_EINVAL, "asset_note_events: bad type %s", type);
    char day[INV_DATE_MAX];
    inv_status rc = event_act_date(db, date, day);
    if (rc) return rc;
    rc = db_begin(db, DB_HERE);
    if (rc) return rc;
    sqlite3_stmt *st = db_stmt(db,
        "SELECT a.tag, coalesce(a.office_id,0), coalesce(o.code,''), a.status,"
        " a.custodian FROM asset a LEFT JOIN office o ON o.id = a.office_id"
        " WHERE a.id = :id");
    for (int i = 0; i < n && rc == INV_OK; i++) {
        if (!st) { rc = db_error(db)->code; break; }
        db_bind_int(st, ":id", ids[i]);
        if (sqlite3_step(st) != SQLITE_ROW) {
            sqlite3_reset(st);
            rc = db_fail(db, INV_ENOTFOUND, _("no asset #%lld"), (long long)ids[i]);
            break;
        }
        inv_event ev;
        memset(&ev, 0, sizeof ev);
        ev.asset_id = ids[i];
        str_copy(ev.tag, sizeof ev.tag, db_col_text(st, 0));
        str_copy(ev.type, sizeof ev.type, type);
        ev.has_from = 1;
        ev.from_office_id = ev.to_office_id = sqlite3_column_int64(st, 1);
        str_copy(ev.from_office, sizeof ev.from_office, db_col_text(st, 2));
        str_copy(ev.to_office, sizeof ev.to_office, db_col_text(st, 2));
        str_copy(ev.from_status, sizeof ev.from_status, db_col_text(st, 3));
        str_copy(ev.to_status, sizeof ev.to_status, db_col_text(st, 3));
        str_copy(ev.from_custodian, sizeof ev.from_custodian, db_col_text(st, 4));
        str_copy(ev.to_custodian, sizeof ev.to_custodian, db_col_text(st, 4));
        sqlite3_reset(st);
        str_copy(ev.note, sizeof ev.note, note ? note : "");
        ev.changes = (char *)facts;
        ev.check_id = check_id;
        str_copy(ev.act_date, sizeof ev.act_date, day);
        if (!strcmp(type, "seen") && date && *date)
            rc = event_check_date(db, ev.asset_id, ev.tag, day);
        if (rc == INV_OK) rc = event_append(db, &ev);
        if (rc == INV_OK && !strcmp(type, "seen")) {
            sqlite3_stmt *u = db_stmt(db, "UPDATE asset SET last_seen = :at WHERE id = :id");
            if (!u) { rc = db_error(db)->code; break; }
            db_bind_text(u, ":at", ev.at);
            db_bind_int(u, ":id", ids[i]);
            rc = db_exec_stmt(db, u, ev.tag);
        }
    }
    if (rc != INV_OK) {
        db_rollback(db);
        return rc;
    }
    return db_commit(db);
}

/* ---- queries ---- */

/* A word typed as a prefix becomes its index terms when it is longer
 * than the longest prefix index (6): FTS5 answers such a prefix by
 * merging the doclists of every term it begins before the first row
 * (75 ms for "thinkce", a prefix of a word in 370,000 assets), where the
 * same few terms, ORed, stream from the first row (about 13 ms with the
 * lookup in the index's vocabulary). Only for words of Latin and Cyrillic
 * letters and digits, whose case utf8_fold folds exactly as the index
 * does; up to VOCAB_TERMS terms, else the prefix query stands. */
#define VOCAB_TERMS 32

static int vocab_word(const char *s, size_t n)
{
    size_t chars = 0;
    for (size_t i = 0; i < n;) {
        unsigned cp;
        int l = utf8_decode_one(s + i, n - i, &cp);
        if (l == 0) return 0;
        int ok = (cp < 0x80 && ((cp | 32) - 'a' < 26 || cp - '0' < 10)) ||
                 (cp >= 0x400 && cp <= 0x45F);
        if (!ok) return 0;
        i += (size_t)l;
        chars++;
    }
    return chars > 6;
}

/* The terms of the index that begin with the word s[0..n), as
 * "term" OR "term" ... in t; *nterms = 0 when the prefix query should
 * stand (none found, or too many). */
static inv_status add_terms(inv_db *db, sbuf *t, const char *s, size_t n, int *nterms)
{
    *nterms = 0;
    if (!vocab_word(s, n)) return INV_OK;
    inv_status rc = db_exec(db, "CREATE VIRTUAL TABLE IF NOT EXISTS temp.asset_fts_vocab"
                                " USING fts5vocab(main, asset_fts, row)");
    if (rc) return rc;
    char word[4 * INV_TEXT_MAX], folded[4 * INV_TEXT_MAX];
    if (n >= sizeof word / 2) return INV_OK;
    memcpy(word, s, n);
    word[n] = '\0';
    utf8_fold(word, folded, sizeof folded);
    size_t fl = strlen(folded);
    sqlite3_stmt *st = db_stmt(db, "SELECT term FROM temp.asset_fts_vocab WHERE term >= :w");
    if (!st) return db_error(db)->code;
    db_bind_text(st, ":w", folded);
    sbuf terms = {0};
    int count = 0, step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *term = db_col_text(st, 0);
        if (strncmp(term, folded, fl) != 0) break;
        if (++count > VOCAB_TERMS) break;
        sbuf_addf(&terms, "%s\"%s\"", count > 1 ? " OR " : "", term);
    }
    sqlite3_reset(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE) {
        sbuf_free(&terms);
        return db_fail_sqlite(db, _("searching"));
    }
    if (count >= 1 && count <= VOCAB_TERMS) {
        sbuf_add(t, sbuf_str(&terms));
        *nterms = count;
    }
    sbuf_free(&terms);
    return INV_OK;
}

/* The refs (search_ref) whose text has a word beginning with the word
 * s[0..n), appended to q as  OR "<ref>". */
static inv_status add_refs(inv_db *db, sbuf *q, const char *s, size_t n, int *nrefs)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT ref FROM search_ref WHERE search_ref MATCH :q");
    if (!st) return db_error(db)->code;
    sbuf w = {0};
    sbuf_addc(&w, '"');
    sbuf_addn(&w, s, n);
    sbuf_add(&w, "\"*");
    db_bind_text(st, ":q", sbuf_str(&w));
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        sbuf_add(q, " OR \"");
        sbuf_add(q, db_col_text(st, 0)); /* U+01C0, a letter, and digits */
        sbuf_addc(q, '"');
        (*nrefs)++;
    }
    sqlite3_reset(st);
    sbuf_free(&w);
    return rc == SQLITE_DONE ? INV_OK : db_fail_sqlite(db, _("searching"));
}

/* A letter of a searched word. U+01C0 begins the index's internal ref
 * tokens (schema.c, migration 3): typed, it separates, so that no search
 * can name a ref token itself. */
static int search_letter(unsigned cp)
{
    return cp != 0x1C0 && unicode_is_word(cp);
}

char *asset_search_query(inv_db *db, const char *text, inv_status *err)
{
    /* Words are runs of letters and digits (any script); everything else
     * separates (punctuation, dashes, quotes, symbols), as FTS5's unicode61
     * tokenizer does. Invalid UTF-8 separates too. */
    sbuf q = {0};
    const char *p = text ? text : "";
    size_t left = strlen(p);
    int words = 0;
    *err = INV_OK;
    while (left > 0) {
        unsigned cp;
        int len = utf8_decode_one(p, left, &cp);
        if (len == 0 || !search_letter(cp)) {
            len = len ? len : 1;
            p += len;
            left -= (size_t)len;
            continue;
        }
        const char *s = p;
        while (left > 0 && (len = utf8_decode_one(p, left, &cp)) > 0 && search_letter(cp)) {
            p += len;
            left -= (size_t)len;
        }
        if (words++) sbuf_add(&q, " AND ");
        /* The word as typed, in Latin when each of its Cyrillic letters has
         * a Latin look-alike, and in Cyrillic when each of its Latin
         * letters has a Cyrillic one: a plate typed "OB 1234 BK" finds
         * "ОВ 1234 ВК" and the reverse. A word of other letters ("ловеч")
         * stays one term: no query work is added for it. */
        char var[3][4 * INV_TEXT_MAX];
        int nvar = 0;
        size_t wn = (size_t)(p - s);
        if (wn >= sizeof var[0]) wn = sizeof var[0] - 1;
        memcpy(var[nvar], s, wn);
        var[nvar++][wn] = '\0';
        if (alpha_fold_key(var[0], var[nvar], sizeof var[nvar]) == 0 &&
            alpha_is_ascii(var[nvar]))
            nvar++;
        if (alpha_to_cyrillic(var[0], var[nvar], sizeof var[nvar]) == 1) nvar++;
        for (int i = 1; i < nvar; i++) { /* drop repeats (as the index folds case) */
            char a[4 * INV_TEXT_MAX], b[4 * INV_TEXT_MAX];
            utf8_fold(var[i], a, sizeof a);
            for (int j = 0; j < i; j++) {
                utf8_fold(var[j], b, sizeof b);
                if (!strcmp(a, b)) {
                    memmove(var[i], var[i + 1], (size_t)(nvar - i - 1) * sizeof var[0]);
                    nvar--;
                    i--;
                    break;
                }
            }
        }
        sbuf t = {0};
        int parts = 0;
        for (int i = 0; i < nvar; i++) {
            int nterms = 0, nrefs = 0;
            size_t vn = strlen(var[i]);
            if (parts) sbuf_add(&t, " OR ");
            if ((*err = add_terms(db, &t, var[i], vn, &nterms)) != INV_OK) {
                sbuf_free(&t);
                sbuf_free(&q);
                return NULL;
            }
            if (!nterms) {
                sbuf_addc(&t, '"');
                sbuf_addn(&t, var[i], vn);
                sbuf_add(&t, "\"*");
            }
            if ((*err = add_refs(db, &t, var[i], vn, &nrefs)) != INV_OK) {
                sbuf_free(&t);
                sbuf_free(&q);
                return NULL;
            }
            parts += (nterms > 1 ? nterms : 1) + nrefs;
        }
        if (parts > 1) sbuf_addc(&q, '(');
        sbuf_add(&q, sbuf_str(&t));
        if (parts > 1) sbuf_addc(&q, ')');
        sbuf_free(&t);
    }
    if (!words) {
        sbuf_free(&q);
        return NULL;
    }
    return q.s;
}

struct asset_cursor {
    inv_db *db;
    sqlite3_stmt *st;
};

/* Build the WHERE clause and bind it. Values are always bound. */
typedef struct built {
    sbuf sql;
    int64_t office_id, kind_id;
    char status[INV_STATUS_MAX];
    char *fts;
    char *tags_json;
} built;

/* How many assets the FTS5 query matches, counting up to cap. */
static inv_status count_matches(inv_db *db, const char *fts, int64_t cap, int64_t *n)
{
    sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM (SELECT 1 FROM asset_fts"
                                   " WHERE asset_fts MATCH :fts LIMIT :cap)");
    if (!st) return db_error(db)->code;
    db_bind_text(st, ":fts", fts);
    db_bind_int(st, ":cap", cap);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) *n = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? INV_OK : db_fail_sqlite(db, _("searching"));
}

static inv_status build(inv_db *db, const asset_filter *f, int count, built *b)
{
    memset(b, 0, sizeof *b);
    inv_status rc;
    if (f->office && *f->office) {
        inv_office o;
        if ((rc = office_find(db, f->office, &o)) != INV_OK) return rc;
        b->office_id = o.id;
    }
    if (f->kind && *f->kind) {
        inv_kind k;
        if ((rc = kind_find(db, f->kind, &k)) != INV_OK) return rc;
        b->kind_id = k.id;
    }
    if (f->status && *f->status && asset_status_parse(f->status, b->status) != 0)
        return db_fail(db, INV_EINVAL, _("unknown status '%s' (in_stock, assigned, "
                                         "in_repair, missing, written_off)"), f->status);
    if (f->search && *f->search) {
        inv_status qe;
        b->fts = asset_search_query(db, f->search, &qe);
        if (qe != INV_OK) return qe;
    }
    if (f->n_tags > 0) {
        json_t *arr = json_array();
        for (int i = 0; i < f->n_tags; i++) json_array_append_new(arr, json_string(f->tags[i]));
        b->tags_json = json_dumps(arr, JSON_COMPACT);
        json_decref(arr);
    }
    const char *order = f->order && *f->order ? f->order : "tag";
    int desc = order[0] == '-';
    if (desc) order++;
    const char *ocol;
    if (!strcmp(order, "tag")) ocol = "a.tag";
    else if (!strcmp(order, "kind")) ocol = "k.code";
    else if (!strcmp(order, "office")) ocol = "o.name";
    else if (!strcmp(order, "status")) ocol = "a.status";
    else if (!strcmp(order, "custodian")) ocol = "a.custodian";
    else if (!strcmp(order, "model")) ocol = "a.make || ' ' || a.model";
    else {
        free(b->fts);
        free(b->tags_json);
        return db_fail(db, INV_EINVAL, _("cannot sort by '%s' (tag, kind, office, status, "
                                         "custodian, model)"), order);
    }
    sbuf *s = &b->sql;
    if (b->office_id && f->recursive)
        sbuf_add(s, "WITH RECURSIVE sub(id) AS (SELECT :office UNION ALL SELECT o.id"
                    " FROM office o JOIN sub ON o.parent_id = sub.id) ");
    sbuf_add(s, count ? "SELECT count(*)" : "SELECT " ASSET_COLS);
    sbuf_add(s, ASSET_FROM " WHERE 1");
    if (b->office_id)
        sbuf_add(s, f->recursive ? " AND a.office_id IN (SELECT id FROM sub)"
                                 : " AND a.office_id = :office");
    if (b->kind_id) sbuf_add(s, " AND a.kind_id = :kind");
    if (b->status[0]) sbuf_add(s, " AND a.status = :status");
    if (f->search && *f->search) {
        /* A page of a broad search in tag order: walking the tag index
         * and testing each asset against the matches (read once) finds
         * the page after a few thousand rows, where reading every match
         * and sorting them costs in proportion to the matches. The unary
         * + keeps SQLite off the other plan. */
        int walk = 0;
        if (b->fts && !count && f->limit > 0 && !strcmp(ocol, "a.tag") && !b->office_id &&
            !b->kind_id && !b->status[0] && !b->tags_json) {
            int64_t cap = 20 * ((int64_t)f->offset + f->limit);
            if (cap < 2000) cap = 2000;
            int64_t n = 0;
            if ((rc = count_matches(db, b->fts, cap, &n)) != INV_OK) {
                free(b->fts);
                free(b->tags_json);
                return rc;
            }
            walk = n >= cap;
        }
        if (b->fts) sbuf_addf(s, " AND %sa.id IN (SELECT rowid FROM asset_fts WHERE"
                                 " asset_fts MATCH :fts)", walk ? "+" : "");
        else sbuf_add(s, " AND 0"); /* punctuation only: nothing matches */
    }
    if (b->tags_json) sbuf_add(s, " AND a.tag IN (SELECT value FROM json_each(:tags))");
    if (!count) {
        sbuf_addf(s, " ORDER BY %s%s", ocol, desc ? " DESC" : "");
        if (strcmp(ocol, "a.tag")) sbuf_addf(s, ", a.tag%s", desc ? " DESC" : "");
        if (f->limit > 0) sbuf_add(s, " LIMIT :limit OFFSET :offset");
    }
    return INV_OK;
}

static void bind_built(sqlite3_stmt *st, const asset_filter *f, const built *b, int count)
{
    if (b->office_id) db_bind_int(st, ":office", b->office_id);
    if (b->kind_id) db_bind_int(st, ":kind", b->kind_id);
    if (b->status[0]) db_bind_text(st, ":status", b->status);
    if (b->fts) db_bind_text(st, ":fts", b->fts);
    if (b->tags_json) db_bind_text(st, ":tags", b->tags_json);
    if (!count && f->limit > 0) {
        db_bind_int(st, ":limit", f->limit);
        db_bind_int(st, ":offset", f->offset);
    }
}

static void built_free(built *b)
{
    sbuf_free(&b->sql);
    free(b->fts);
    free(b->tags_json);
}

inv_status asset_query(inv_db *db, const asset_filter *f, asset_cursor **out)
{
    *out = NULL;
    built b;
    inv_status rc = build(db, f, 0, &b);
    if (rc) return rc;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db_sqlite(db), sbuf_str(&b.sql), -1, &st, NULL) != SQLITE_OK) {
        rc = db_fail_sqlite(db, _("listing assets"));
        built_free(&b);
        return rc;
    }
    bind_built(st, f, &b, 0);
    built_free(&b);
    asset_cursor *c = calloc(1, sizeof *c);
    if (!c) abort();
    c->db = db;
    c->st = st;
    *out = c;
    return INV_OK;
}

int asset_next(asset_cursor *c, inv_asset *out)
{
    int rc = sqlite3_step(c->st);
    if (rc == SQLITE_ROW) {
        asset_from_row(c->st, out);
        return 1;
    }
    if (rc == SQLITE_DONE) return 0;
    db_fail_sqlite(c->db, _("listing assets"));
    return -1;
}

void asset_cursor_close(asset_cursor *c)
{
    if (!c) return;
    sqlite3_finalize(c->st);
    free(c);
}

inv_status asset_count(inv_db *db, const asset_filter *f, int64_t *count)
{
    built b;
    inv_status rc = build(db, f, 1, &b);
    if (rc) return rc;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db_sqlite(db), sbuf_str(&b.sql), -1, &st, NULL) != SQLITE_OK) {
        rc = db_fail_sqlite(db, _("counting assets"));
        built_free(&b);
        return rc;
    }
    bind_built(st, f, &b, 1);
    built_free(&b);
    if (sqlite3_step(st) == SQLITE_ROW) {
        *count = sqlite3_column_int64(st, 0);
        rc = INV_OK;
    } else {
        rc = db_fail_sqlite(db, _("counting assets"));
    }
    sqlite3_finalize(st);
    return rc;
}
