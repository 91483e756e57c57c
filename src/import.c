/* import.c: assets from CSV (see import.h).
 *
 * One pass over the file inside one transaction. New assets are written
 * here directly (asset_add would look up kind, office and funding and
 * parse JSON for every row); the rules are asset_add's: the same
 * validation, the same defaults, an "imported" event through
 * event_append, the FTS triggers fire on the INSERT. Existing assets
 * (--update) go through asset_update and the acts, which are not the hot
 * path. Kinds, offices and funding projects are looked up once per
 * distinct value; tags and serials seen in the file are kept in hash sets
 * so that duplicates inside the file are reported with both lines, also
 * in a dry run.
 *
 * Generated tags: a row without a tag gets the next free tag of its kind.
 * Should a later row of the same file carry that very tag, the whole pass
 * is rolled back and run again with every tag of the file reserved (the
 * problems of the rows before that point are not reported twice). */
#include <ctype.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>

#include "inventar/alphabet.h"
#include "inventar/asset.h"
#include "inventar/bulk.h"
#include "inventar/fmt.h"
#include "inventar/event.h"
#include "inventar/history.h"
#include "inventar/funding.h"
#include "inventar/import.h"
#include "inventar/kind.h"
#include "inventar/authz.h"
#include "inventar/office.h"
#include "inventar/priv.h"
#include "inventar/util.h"

/* ---- a string-keyed hash map (keys copied into an arena) ---- */

typedef struct smap_slot {
    size_t off;   /* 1 + offset of the key in the arena; 0: empty slot */
    uint64_t hash;
    int64_t val;
} smap_slot;

typedef struct smap {
    smap_slot *slot;
    size_t cap, n;
    char *arena;
    size_t alen, acap;
} smap;

static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h ^ (h >> 29);
}

static smap_slot *smap_slot_for(const smap *m, const char *k, size_t n, uint64_t h)
{
    size_t mask = m->cap - 1, i = (size_t)h & mask;
    for (;;) {
        smap_slot *s = &m->slot[i];
        if (!s->off) return s;
        if (s->hash == h) {
            const char *key = m->arena + s->off - 1;
            if (memcmp(key, k, n) == 0 && key[n] == '\0') return s;
        }
        i = (i + 1) & mask;
    }
}

static int64_t *smap_get(const smap *m, const char *k, size_t n)
{
    if (!m->cap) return NULL;
    smap_slot *s = smap_slot_for(m, k, n, hash_bytes(k, n));
    return s->off ? &s->val : NULL;
}

static void smap_grow(smap *m)
{
    size_t cap = m->cap ? m->cap * 2 : 1024;
    smap_slot *old = m->slot;
    size_t oldcap = m->cap;
    m->slot = calloc(cap, sizeof *m->slot);
    if (!m->slot) abort();
    m->cap = cap;
    for (size_t i = 0; i < oldcap; i++) {
        if (!old[i].off) continue;
        size_t j = (size_t)old[i].hash & (cap - 1);
        while (m->slot[j].off) j = (j + 1) & (cap - 1);
        m->slot[j] = old[i];
    }
    free(old);
}

/* Insert or overwrite k (n bytes, no NUL inside). */
static void smap_put(smap *m, const char *k, size_t n, int64_t val)
{
    if ((m->n + 1) * 2 > m->cap) smap_grow(m);
    uint64_t h = hash_bytes(k, n);
    smap_slot *s = smap_slot_for(m, k, n, h);
    if (!s->off) {
        if (m->alen + n + 1 > m->acap) {
            size_t cap = m->acap ? m->acap * 2 : 65536;
            while (cap < m->alen + n + 1) cap *= 2;
            char *a = realloc(m->arena, cap);
            if (!a) abort();
            m->arena = a;
            m->acap = cap;
        }
        memcpy(m->arena + m->alen, k, n);
        m->arena[m->alen + n] = '\0';
        s->off = m->alen + 1;
        s->hash = h;
        m->alen += n + 1;
        m->n++;
    }
    s->val = val;
}

static void smap_free(smap *m)
{
    free(m->slot);
    free(m->arena);
    memset(m, 0, sizeof *m);
}

/* ---- columns ---- */

enum {
    F_TAG, F_KIND, F_MAKE, F_MODEL, F_SERIAL, F_DESCR, F_STATUS, F_OFFICE,
    F_CUSTODIAN, F_PDATE, F_COST, F_CURRENCY, F_SUPPLIER, F_CONTRACT, F_FUNDING,
    F_WARRANTY, F_ATTRS, F_TAKEN, F_NOTE,
    F_NFIXED,
    F_ATTR = 100, /* a kind field (the key is in the table) */
    F_DERIVED     /* written by `asset list/show`, derived: ignored */
};

static const char *const FIELD_NAME[F_NFIXED] = {
    "tag", "kind", "make", "model", "serial", "description", "status", "office",
    "custodian", "purchase_date", "cost", "currency", "supplier", "contract",
    "funding", "warranty_end", "attributes", "taken_on", "note",
};

/* Headings as compared: folded to lower case, '_' and '-' as spaces,
 * no spaces around '/'. */
static const struct heading {
    const char *name;
    int field;
    const char *key; /* F_ATTR: the attribute */
} HEADINGS[] = {
    {"tag", F_TAG, NULL}, {"asset tag", F_TAG, NULL}, {"inventory number", F_TAG, NULL},
    {"инвентарен номер", F_TAG, NULL}, {"инв. номер", F_TAG, NULL},
    {"инв. №", F_TAG, NULL}, {"инв.№", F_TAG, NULL}, {"инв №", F_TAG, NULL},
    {"kind", F_KIND, NULL}, {"type", F_KIND, NULL}, {"вид", F_KIND, NULL},
    {"тип", F_KIND, NULL},
    {"make", F_MAKE, NULL}, {"brand", F_MAKE, NULL}, {"manufacturer", F_MAKE, NULL},
    {"марка", F_MAKE, NULL}, {"производител", F_MAKE, NULL},
    {"model", F_MODEL, NULL}, {"модел", F_MODEL, NULL},
    {"serial", F_SERIAL, NULL}, {"serial number", F_SERIAL, NULL},
    {"serial no", F_SERIAL, NULL}, {"serial no.", F_SERIAL, NULL},
    {"сериен номер", F_SERIAL, NULL}, {"сериен №", F_SERIAL, NULL},
    {"с/н", F_SERIAL, NULL},
    {"description", F_DESCR, NULL}, {"описание", F_DESCR, NULL},
    {"наименование", F_DESCR, NULL},
    {"status", F_STATUS, NULL}, {"статус", F_STATUS, NULL}, {"състояние", F_STATUS, NULL},
    {"office", F_OFFICE, NULL}, {"офис", F_OFFICE, NULL}, {"звено", F_OFFICE, NULL},
    {"структурно звено", F_OFFICE, NULL},
    {"custodian", F_CUSTODIAN, NULL}, {"мол", F_CUSTODIAN, NULL},
    {"материално отговорно лице", F_CUSTODIAN, NULL},
    {"отговорно лице", F_CUSTODIAN, NULL},
    {"purchase date", F_PDATE, NULL}, {"purchased", F_PDATE, NULL},
    {"дата на закупуване", F_PDATE, NULL}, {"дата на придобиване", F_PDATE, NULL},
    {"cost", F_COST, NULL}, {"price", F_COST, NULL}, {"стойност", F_COST, NULL},
    {"цена", F_COST, NULL}, {"отчетна стойност", F_COST, NULL},
    {"currency", F_CURRENCY, NULL}, {"валута", F_CURRENCY, NULL},
    {"supplier", F_SUPPLIER, NULL}, {"vendor", F_SUPPLIER, NULL},
    {"доставчик", F_SUPPLIER, NULL},
    {"contract", F_CONTRACT, NULL}, {"invoice", F_CONTRACT, NULL},
    {"договор", F_CONTRACT, NULL}, {"фактура", F_CONTRACT, NULL},
    {"договор/фактура", F_CONTRACT, NULL},
    {"funding", F_FUNDING, NULL}, {"project", F_FUNDING, NULL}, {"проект", F_FUNDING, NULL},
    {"финансиране", F_FUNDING, NULL}, {"проект/финансиране", F_FUNDING, NULL},
    {"warranty end", F_WARRANTY, NULL}, {"warranty", F_WARRANTY, NULL},
    {"гаранция до", F_WARRANTY, NULL}, {"гаранция", F_WARRANTY, NULL},
    {"край на гаранцията", F_WARRANTY, NULL},
    {"attributes", F_ATTRS, NULL}, {"attrs", F_ATTRS, NULL}, {"атрибути", F_ATTRS, NULL},
    /* The date the asset was taken on the books: its first event's date. */
    {"taken on", F_TAKEN, NULL}, {"date", F_TAKEN, NULL}, {"booked", F_TAKEN, NULL},
    {"дата", F_TAKEN, NULL}, {"дата на завеждане", F_TAKEN, NULL},
    {"заведен на", F_TAKEN, NULL}, {"дата на заприхождаване", F_TAKEN, NULL},
    /* A note is kept in the description (see do_row). */
    {"note", F_NOTE, NULL}, {"notes", F_NOTE, NULL}, {"remark", F_NOTE, NULL},
    {"remarks", F_NOTE, NULL}, {"забележка", F_NOTE, NULL}, {"забележки", F_NOTE, NULL},
    {"бележка", F_NOTE, NULL}, {"бележки", F_NOTE, NULL},
    {"plate", F_ATTR, "plate"}, {"registration", F_ATTR, "plate"},
    {"рег. номер", F_ATTR, "plate"}, {"рег номер", F_ATTR, "plate"},
    {"рег. №", F_ATTR, "plate"}, {"регистрационен номер", F_ATTR, "plate"},
    {"vin", F_ATTR, "vin"}, {"vin/рама", F_ATTR, "vin"}, {"рама", F_ATTR, "vin"},
    {"номер на рама", F_ATTR, "vin"},
    {"year", F_ATTR, "year"}, {"година", F_ATTR, "year"},
    {"година на производство", F_ATTR, "year"},
    {"imei", F_ATTR, "imei"},
    {"components", F_ATTR, "components"}, {"компоненти", F_ATTR, "components"},
    {"конфигурация", F_ATTR, "components"},
    {"office name", F_DERIVED, NULL}, {"kind name", F_DERIVED, NULL},
    {"cost eur", F_DERIVED, NULL}, {"last seen", F_DERIVED, NULL},
    {"registered", F_DERIVED, NULL}, {"events", F_DERIVED, NULL},
};
#define NHEADINGS (sizeof HEADINGS / sizeof HEADINGS[0])

/* Normalise a heading for comparison (see HEADINGS) into out[n]. */
static void heading_norm(const char *in, char *out, size_t n)
{
    char fold[512];
    utf8_fold(in, fold, sizeof fold);
    /* A trailing "(...)" note and trailing ':' or '*' go. */
    size_t len = strlen(fold);
    while (len > 0 && strchr(" \t:*", fold[len - 1])) fold[--len] = '\0';
    if (len > 0 && fold[len - 1] == ')') {
        char *open = strrchr(fold, '(');
        if (open && open > fold) {
            *open = '\0';
            len = strlen(fold);
            while (len > 0 && strchr(" \t:*", fold[len - 1])) fold[--len] = '\0';
        }
    }
    size_t o = 0;
    int space = 0;
    const unsigned char *p = (const unsigned char *)fold;
    for (; *p && o + 2 < n; p++) {
        int sp = *p == ' ' || *p == '\t' || *p == '_' || *p == '-';
        if (!sp && p[0] == 0xC2 && p[1] == 0xA0) { /* no-break space */
            p++;
            sp = 1;
        }
        if (sp) {
            space = 1;
            continue;
        }
        if (*p == '/') space = 0;
        else if (space && o > 0 && out[o - 1] != '/') out[o++] = ' ';
        space = 0;
        out[o++] = (char)*p;
    }
    out[o] = '\0';
}

static const struct heading *heading_find(const char *heading)
{
    char norm[512];
    heading_norm(heading, norm, sizeof norm);
    for (size_t i = 0; i < NHEADINGS; i++)
        if (strcmp(norm, HEADINGS[i].name) == 0) return &HEADINGS[i];
    return NULL;
}

const char *import_column(const char *heading)
{
    const struct heading *h = heading_find(heading);
    if (!h) return NULL;
    if (h->field == F_ATTR) return h->key;
    if (h->field == F_DERIVED) return "";
    return FIELD_NAME[h->field];
}

const char *import_heading(size_t i, const char **field)
{
    size_t k = 0;
    for (size_t j = 0; j < NHEADINGS; j++) {
        if (HEADINGS[j].field == F_DERIVED) continue;
        if (k++ == i) {
            *field = HEADINGS[j].field == F_ATTR ? HEADINGS[j].key
                                                   : FIELD_NAME[HEADINGS[j].field];
            return HEADINGS[j].name;
        }
    }
    return NULL;
}

/* ---- the state of an import ---- */

#define MAX_ATTR_COLS 64

typedef struct kref {
    int ok;            /* 0: no such kind */
    inv_kind k;
    int loaded;        /* next_no read */
    int64_t next_no;   /* the next generated tag number */
    int64_t first_no;  /* next_no as read from the database */
} kref;

typedef struct oref {
    int ok;
    int64_t id;
    char code[INV_CODE_MAX + 1];
    int warehouse, active;
} oref;

typedef struct fref {
    int ok;
    int64_t id;
    char code[64];
} fref;

/* A growable array of refs of one type. */
typedef struct vec {
    void *v;
    size_t n, cap, size;
} vec;

static size_t vec_push(vec *a)
{
    if (a->n == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 16;
        void *v = realloc(a->v, cap * a->size);
        if (!v) abort();
        a->v = v;
        a->cap = cap;
    }
    memset((char *)a->v + a->n * a->size, 0, a->size);
    return a->n++;
}

#define VEC_AT(a, T, i) (&((T *)(a).v)[i])

typedef struct imp {
    inv_db *db;
    const import_opts *o;
    import_report_fn report;
    void *arg;
    import_stats *st;
    csv_reader *r;
    const char *name;             /* the file in messages */
    char note_base[128];          /* the file's base name, for event notes */
    /* Columns: index of each fixed field (-1: absent), attribute columns. */
    int col[F_NFIXED];
    int attr_col[MAX_ATTR_COLS];
    char attr_key[MAX_ATTR_COLS][INV_CODE_MAX + 1];
    int nattr;
    smap tags;      /* folded tag -> line (negative: generated on that line) */
    smap serials;   /* make \x1f serial -> line */
    smap idents;    /* kind id \x1f key \x1f IMEI/VIN/plate (asset_ident_key) -> line,
                       or minus the id of the asset in the database holding it */
    int idents_loaded;
    smap reserved;  /* second pass: the file's own tags (positive values) */
    smap kmap, omap, fmap; /* value as written -> index in kinds/offices/funds */
    vec kinds, offices, funds;
    char at[INV_TIME_MAX];        /* the time of every "imported" event */
    long line;                    /* the row being read */
    long suppress_before;         /* problems before this line are not reported */
    long conflict;                /* line where a generated tag met the file's */
    int64_t last_id;              /* the last asset id given */
    struct pending *pend;         /* staged assets awaiting their events */
    inv_event *evbuf;             /* their events, EV_CHUNK at a time */
    int was_empty;                /* the database held no asset at the start */
    int direct;                   /* a bulk load: new assets go straight into
                                     asset, each with its event */
    size_t npend, cappend;
    sbuf json;                    /* attributes being written (reused) */
    int pass;                     /* 1, or 2 when run again */
    int eur_noted;                /* the note on costs taken as EUR was given */
    char today[INV_DATE_MAX];     /* purchase dates after it are refused */
    int row_bad;
    int fatal;                    /* a database error stopped the import */
} imp;

/* Report a problem of the current row (and mark it bad). */
static void problem(imp *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void problem(imp *m, const char *fmt, ...)
{
    m->row_bad = 1;
    if (m->line < m->suppress_before || !m->report) return;
    char msg[1024], full[1200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(full, sizeof full, "%s:%ld: %s", m->name, m->line, msg);
    m->report(m->arg, 0, full);
}

/* A database error: the import stops (the message is on the handle). */
static void fatal(imp *m)
{
    m->fatal = 1;
}

/* ---- lookups, each once per distinct value ---- */

static kref *kind_ref(imp *m, const char *v)
{
    size_t n = strlen(v);
    int64_t *i = smap_get(&m->kmap, v, n);
    if (i) return VEC_AT(m->kinds, kref, *i);
    size_t at = vec_push(&m->kinds);
    kref *k = VEC_AT(m->kinds, kref, at);
    inv_status rc = kind_find(m->db, v, &k->k);
    if (rc == INV_OK) k->ok = 1;
    else if (rc != INV_ENOTFOUND) fatal(m);
    smap_put(&m->kmap, v, n, (int64_t)at);
    return k;
}

static oref *office_ref(imp *m, const char *v)
{
    size_t n = strlen(v);
    int64_t *i = smap_get(&m->omap, v, n);
    if (i) return VEC_AT(m->offices, oref, *i);
    size_t at = vec_push(&m->offices);
    oref *o = VEC_AT(m->offices, oref, at);
    inv_office of;
    inv_status rc = office_find(m->db, v, &of);
    if (rc == INV_OK) {
        o->ok = 1;
        o->id = of.id;
        str_copy(o->code, sizeof o->code, of.code);
        o->warehouse = !strcmp(of.kind, "warehouse");
        o->active = of.active;
    } else if (rc != INV_ENOTFOUND) {
        fatal(m);
    }
    smap_put(&m->omap, v, n, (int64_t)at);
    return o;
}

static fref *funding_ref(imp *m, const char *v)
{
    size_t n = strlen(v);
    int64_t *i = smap_get(&m->fmap, v, n);
    if (i) return VEC_AT(m->funds, fref, *i);
    size_t at = vec_push(&m->funds);
    fref *f = VEC_AT(m->funds, fref, at);
    inv_funding fu;
    inv_status rc = funding_find(m->db, v, &fu);
    if (rc == INV_OK) {
        f->ok = 1;
        f->id = fu.id;
        str_copy(f->code, sizeof f->code, fu.code);
    } else if (rc != INV_ENOTFOUND) {
        fatal(m);
    }
    smap_put(&m->fmap, v, n, (int64_t)at);
    return f;
}

/* ---- values ---- */

static int tag_valid(const char *t)
{
    char scan[INV_TAG_MAX + 1], key[INV_TAG_MAX + 1];
    return asset_tag_codes(t, scan, key) == 0;
}

/* Tags compare by their look-alike key: case and the letters Cyrillic and
 * Latin share folded (the asset_tag_key index holds the same). out has
 * INV_TAG_MAX + 1 bytes. */
static size_t tag_key(const char *tag, char *out)
{
    if (alpha_fold_key(tag, out, INV_TAG_MAX + 1) != 0) out[0] = '\0';
    return strlen(out);
}

/* A status in any spelling, also Bulgarian (asset_status_parse knows them). */
static int status_parse(const char *in, char out[INV_STATUS_MAX])
{
    return asset_status_parse(in, out);
}

/* A currency as people write it: BGN, лв., лева, EUR, евро, €. */
static int currency_parse(const char *in, char out[4])
{
    char f[32];
    if (strlen(in) >= sizeof f) return -1;
    utf8_fold(in, f, sizeof f);
    str_trim(f);
    size_t n = strlen(f);
    if (n > 0 && f[n - 1] == '.') f[--n] = '\0';
    if (!strcmp(f, "bgn") || !strcmp(f, "лв") || !strcmp(f, "лева") || !strcmp(f, "лев")) {
        memcpy(out, "BGN", 4);
        return 0;
    }
    if (!strcmp(f, "eur") || !strcmp(f, "евро") || !strcmp(f, "\xe2\x82\xac")) {
        memcpy(out, "EUR", 4);
        return 0;
    }
    return -1;
}

/* An amount, perhaps followed by its currency ("1 200,00 лв."). cur is
 * set to the currency found there, or left empty. */
static int amount_parse(const char *in, int64_t *minor, char cur[4])
{
    cur[0] = '\0';
    if (money_parse(in, minor) == 0) return 0;
    char buf[64];
    if (str_copy(buf, sizeof buf, in) != 0) return -1;
    size_t n = strlen(buf);
    while (n > 0 && !isdigit((unsigned char)buf[n - 1])) n--;
    if (n == 0 || n == strlen(buf)) return -1;
    if (currency_parse(buf + n, cur) != 0) {
        cur[0] = '\0';
        return -1;
    }
    buf[n] = '\0';
    if (money_parse(buf, minor) != 0) {
        cur[0] = '\0';
        return -1;
    }
    return 0;
}

/* The values of one row after checking: what an asset gets. */
typedef struct vals {
    kref *kind;
    char status[INV_STATUS_MAX];     /* "" = not given */
    oref *office;                    /* NULL = not given */
    char pdate[INV_DATE_MAX], wend[INV_DATE_MAX];
    char taken[INV_DATE_MAX];        /* taken on the books; "" = not given */
    int has_cost;
    int64_t cost;
    char currency[4];
    fref *funding;
    json_t *attrs_in;                /* the attributes column, parsed */
} vals;

/* The value of fixed field f ("" when the column is absent). */
static const char *val(const imp *m, char *const *v, int f)
{
    (void)m;
    return v[f] ? v[f] : "";
}

static void warn(imp *m, long line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* A text of at most max characters (limits.h: INV_*_CHARS). */
static void check_text(imp *m, const char *field, const char *v, size_t max)
{
    size_t n = strlen(v);
    field = asset_field_text(field);
    size_t chars = n > max ? utf8_chars(v) : n;
    if (chars > max)
        /* TRANSLATORS: %1$s is a field's name ("model", "plate"). */
        problem(m, _("%1$s is too long (%2$zu characters, at most %3$zu)"), field, chars, max);
}

/* Check the values every row shares (new or existing asset). */
static void check_common(imp *m, char *const *v, vals *x)
{
    memset(x, 0, sizeof *x);
    check_text(m, "make", val(m, v, F_MAKE), INV_TEXT_CHARS);
    check_text(m, "model", val(m, v, F_MODEL), INV_TEXT_CHARS);
    check_text(m, "serial", val(m, v, F_SERIAL), INV_TEXT_CHARS);
    check_text(m, "description", val(m, v, F_DESCR), INV_LONG_CHARS);
    check_text(m, "custodian", val(m, v, F_CUSTODIAN), INV_TEXT_CHARS);
    check_text(m, "supplier", val(m, v, F_SUPPLIER), INV_LONG_CHARS);
    check_text(m, "contract", val(m, v, F_CONTRACT), INV_TEXT_CHARS);
    const char *s = val(m, v, F_KIND);
    if (*s) {
        x->kind = kind_ref(m, s);
        if (!x->kind->ok)
            problem(m, _("no asset kind '%s' (vehicle, tablet, computer, or one added "
                         "with 'kind add')"), s);
    }
    s = val(m, v, F_STATUS);
    if (*s && status_parse(s, x->status) != 0)
        problem(m, _("unknown status '%s' (in_stock, assigned, in_repair, missing, "
                     "written_off)"), s);
    s = val(m, v, F_OFFICE);
    if (*s) {
        x->office = office_ref(m, s);
        if (!x->office->ok) problem(m, _("no office '%s'"), s);
    }
    s = val(m, v, F_PDATE);
    if (*s && date_parse(s, x->pdate) != 0)
        problem(m, _("purchase date '%s' is not a date (use 2023-04-01 or 01.04.2023)"), s);
    else if (*s && strcmp(x->pdate, m->today) > 0)
    {
        char d[FMT_DATE_MAX], now[FMT_DATE_MAX];
        fmt_date(x->pdate, d, sizeof d);
        fmt_date(m->today, now, sizeof now);
        /* TRANSLATORS: %1$s is the purchase date, %2$s today's date. */
        problem(m, _("purchase date %1$s is in the future (today is %2$s)"), d, now);
    }
    s = val(m, v, F_TAKEN);
    if (*s && date_parse(s, x->taken) != 0)
        problem(m, _("date taken on the books '%s' is not a date (use 2023-04-01 or "
                     "01.04.2023)"), s);
    else if (*s) {
        char today[INV_DATE_MAX];
        today_local(today);
        if (strcmp(x->taken, today) > 0)
            problem(m, _("date taken on the books '%s' is in the future"), s);
    }
    s = val(m, v, F_WARRANTY);
    if (*s && date_parse(s, x->wend) != 0)
        problem(m, _("warranty end '%s' is not a date (use 2023-04-01 or 01.04.2023)"), s);
    char cur_in_cost[4] = "";
    s = val(m, v, F_COST);
    if (*s) {
        if (amount_parse(s, &x->cost, cur_in_cost) != 0)
            problem(m, _("cost '%s' is not an amount (like 230 942,88 or 88811.00)"), s);
        else
            x->has_cost = 1;
    }
    s = val(m, v, F_CURRENCY);
    if (*s && currency_parse(s, x->currency) != 0)
        problem(m, _("currency '%s' is not BGN or EUR"), s);
    else if (*s && cur_in_cost[0] && strcmp(cur_in_cost, x->currency) != 0)
        problem(m, _("the cost is in %s but the currency is %s"), cur_in_cost, x->currency);
    if (!x->currency[0] && cur_in_cost[0]) memcpy(x->currency, cur_in_cost, 4);
    if (!x->currency[0]) {
        /* A cost without its currency is in EUR: said once per import. */
        memcpy(x->currency, "EUR", 4);
        if (x->has_cost && !m->eur_noted) {
            m->eur_noted = 1;
            warn(m, m->line, _("a cost without a currency is taken as EUR (this line and "
                               "every other such row)"));
        }
    }
    s = val(m, v, F_FUNDING);
    if (*s) {
        x->funding = funding_ref(m, s);
        if (!x->funding->ok)
            problem(m, _("no funding project '%s' (add it with 'funding add')"), s);
    }
    s = val(m, v, F_ATTRS);
    if (*s) {
        json_error_t jerr;
        x->attrs_in = json_loads(s, 0, &jerr);
        int ok = json_is_object(x->attrs_in);
        const char *k;
        json_t *jv;
        if (ok)
            json_object_foreach(x->attrs_in, k, jv) if (!json_is_string(jv)) ok = 0;
        if (!ok) {
            problem(m, _("attributes '%.80s' are not a JSON object of texts"), s);
            json_decref(x->attrs_in);
            x->attrs_in = NULL;
        }
    }
}

/* Attributes being assembled: key -> value (borrowed). */
typedef struct attrs {
    int n;
    const char *key[MAX_ATTR_COLS + 32];
    const char *val[MAX_ATTR_COLS + 32];
} attrs;

static void attrs_set(attrs *a, const char *key, const char *value)
{
    for (int i = 0; i < a->n; i++)
        if (!strcmp(a->key[i], key)) {
            a->val[i] = value;
            return;
        }
    if (a->n < (int)(sizeof a->key / sizeof a->key[0])) {
        a->key[a->n] = key;
        a->val[a->n++] = value;
    }
}

static int attr_cmp(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* s as a JSON string, escaped exactly as jansson's json_dumps does (what
 * asset.c stores): '"', '\\' and control characters only. */
static void json_str(sbuf *b, const char *s)
{
    sbuf_addc(b, '"');
    const char *run = s;
    for (const char *p = s;; p++) {
        unsigned char c = (unsigned char)*p;
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        sbuf_addn(b, run, (size_t)(p - run));
        if (!c) break;
        run = p + 1;
        switch (c) {
        case '"': sbuf_add(b, "\\\""); break;
        case '\\': sbuf_add(b, "\\\\"); break;
        case '\b': sbuf_add(b, "\\b"); break;
        case '\f': sbuf_add(b, "\\f"); break;
        case '\n': sbuf_add(b, "\\n"); break;
        case '\r': sbuf_add(b, "\\r"); break;
        case '\t': sbuf_add(b, "\\t"); break;
        default: sbuf_addf(b, "\\u%04X", c); break;
        }
    }
    sbuf_addc(b, '"');
}

/* Check the attributes against kind k and write them as the canonical JSON
 * object (keys sorted, compact: byte for byte what jansson writes for
 * asset.c, so that comparisons with stored attributes hold) into out.
 * Empty values are left out. Returns 0, or -1 after a problem. */
static int attrs_build(imp *m, attrs *a, const inv_kind *k, char *out, size_t n)
{
    int rc = 0;
    const char *pairs[MAX_ATTR_COLS + 32][2];
    int np = 0;
    for (int i = 0; i < a->n; i++) {
        const char *key = a->key[i], *v = a->val[i];
        if (!v || !*v) continue;
        if (!kind_has_field(k, key)) {
            problem(m, _("kind %s has no field '%s' (its fields: %s)"), k->code, key,
                    k->fields[0] ? k->fields : _("none"));
            rc = -1;
            continue;
        }
        char why[256];
        if (strlen(v) > INV_TEXT_CHARS && utf8_chars(v) > INV_TEXT_CHARS) {
            check_text(m, key, v, INV_TEXT_CHARS);
            rc = -1;
        } else if (kind_check_attr(key, v, why, sizeof why) != 0) {
            problem(m, "%s", why);
            rc = -1;
        }
        pairs[np][0] = key;
        pairs[np++][1] = v;
    }
    if (rc) return rc;
    if (np > 1) qsort(pairs, (size_t)np, sizeof pairs[0], attr_cmp);
    sbuf *b = &m->json;
    sbuf_reset(b);
    sbuf_addc(b, '{');
    for (int i = 0; i < np; i++) {
        if (i) sbuf_addc(b, ',');
        json_str(b, pairs[i][0]);
        sbuf_addc(b, ':');
        json_str(b, pairs[i][1]);
    }
    sbuf_addc(b, '}');
    if (str_copy(out, n, sbuf_str(b)) != 0) {
        problem(m, _("the attributes are too long (at most %d bytes)"), INV_ATTRS_MAX);
        rc = -1;
    }
    return rc;
}

/* The attributes a row gives: the attributes column, then each attribute
 * column (an empty cell removes the key when remove_empty is set). */
static void attrs_from_row(const imp *m, char **av, const vals *x, attrs *a, int remove_empty)
{
    if (x->attrs_in) {
        a->n = 0;
        const char *k;
        json_t *jv;
        json_object_foreach(x->attrs_in, k, jv) attrs_set(a, k, json_string_value(jv));
    }
    for (int i = 0; i < m->nattr; i++)
        if (av[i][0] || remove_empty) attrs_set(a, m->attr_key[i], av[i]);
}

/* ---- identifiers: IMEI, VIN and plate, unique within a kind ---- */

static const char *const IDENTS[] = {"imei", "vin", "plate"};

static size_t ident_map_key(int64_t kind_id, const char *key, const char *v, char *out,
                            size_t n)
{
    char norm[4 * INV_TEXT_MAX + 8];
    asset_ident_key(v, norm, sizeof norm);
    int k = snprintf(out, n, "%lld\x1f%s\x1f%s", (long long)kind_id, key, norm);
    return k < 0 ? 0 : (size_t)k < n ? (size_t)k : n - 1;
}

/* The identifiers the database holds, once per pass (one scan of the
 * assets of the kinds that have such fields). */
static void idents_load(imp *m)
{
    m->idents_loaded = 1;
    sqlite3_stmt *st = db_stmt(m->db,
        "SELECT id, kind_id, json_extract(attrs, '$.imei'), json_extract(attrs, '$.vin'),"
        " json_extract(attrs, '$.plate') FROM asset WHERE kind_id IN (SELECT id FROM"
        " asset_kind WHERE fields LIKE '%imei%' OR fields LIKE '%vin%' OR fields LIKE"
        " '%plate%') AND attrs <> '{}'");
    if (!st) {
        fatal(m);
        return;
    }
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        for (int i = 0; i < 3; i++) {
            if (sqlite3_column_type(st, 2 + i) != SQLITE_TEXT) continue;
            char k[4 * INV_TEXT_MAX + 64];
            size_t n = ident_map_key(sqlite3_column_int64(st, 1), IDENTS[i],
                                     db_col_text(st, 2 + i), k, sizeof k);
            smap_put(&m->idents, k, n, -sqlite3_column_int64(st, 0));
        }
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        db_fail_sqlite(m->db, _("reading identifiers"));
        fatal(m);
    }
}

/* Refuse an IMEI, VIN or plate of the row that another row of the file
 * or another asset of its kind has (existing: the asset the row updates). */
static void check_idents(imp *m, char **av, const vals *x, const char *existing,
                         const char *tag)
{
    if (!x->kind || !x->kind->ok) return;
    for (int i = 0; i < 3; i++) {
        if (!kind_has_field(&x->kind->k, IDENTS[i])) continue;
        const char *v = NULL;
        if (x->attrs_in) {
            json_t *j = json_object_get(x->attrs_in, IDENTS[i]);
            if (json_is_string(j)) v = json_string_value(j);
        }
        for (int c = 0; c < m->nattr; c++)
            if (!strcmp(m->attr_key[c], IDENTS[i]) && av[c][0]) v = av[c];
        if (!v || !*v || strlen(v) > INV_TEXT_MAX) continue;
        if (!m->idents_loaded) idents_load(m);
        if (m->fatal) return;
        char k[4 * INV_TEXT_MAX + 64];
        size_t n = ident_map_key(x->kind->k.id, IDENTS[i], v, k, sizeof k);
        int64_t *seen = smap_get(&m->idents, k, n);
        if (!seen) {
            smap_put(&m->idents, k, n, m->line);
        } else if (*seen > 0) {
            /* TRANSLATORS: %1$s is a field's name ("imei", "plate"), %2$s
             * its value, %3$lld a line of the file. */
            problem(m, _("%1$s %2$s is also on line %3$lld"), asset_field_text(IDENTS[i]), v,
                    (long long)*seen);
        } else {
            sqlite3_stmt *st = db_stmt(m->db, "SELECT tag FROM asset WHERE id = :id");
            if (!st) {
                fatal(m);
                return;
            }
            db_bind_int(st, ":id", -*seen);
            char other[INV_TAG_MAX + 1] = "";
            if (sqlite3_step(st) == SQLITE_ROW) str_copy(other, sizeof other, db_col_text(st, 0));
            sqlite3_reset(st);
            /* The row's own tag, already in the database, is refused as such. */
            const char *self = existing[0] ? existing : tag;
            if (!*self || strcasecmp(other, self) != 0)
                /* TRANSLATORS: %1$s is a field's name ("imei", "plate"), %2$s
                 * its value, %3$s an asset's inventory number. */
                problem(m, _("%1$s %2$s is already asset %3$s"), asset_field_text(IDENTS[i]), v,
                        other);
        }
    }
}

/* ---- one row ---- */

/* 1 when an asset holds this tag, or a tag, scan code or look-alike key
 * that this tag's codes would clash with; its tag into other (size
 * INV_TAG_MAX + 1, or NULL). */
static int tag_owner(imp *m, const char *tag, char *other)
{
    char scan[INV_TAG_MAX + 1], key[INV_TAG_MAX + 1];
    if (asset_tag_codes(tag, scan, key) != 0) return 0;
    sqlite3_stmt *st = db_stmt(m->db, "SELECT tag FROM asset WHERE tag = :t OR tag = :sc"
                                      " OR scan_code = :sc COLLATE NOCASE"
                                      " OR scan_code = :k COLLATE NOCASE OR tag_key = :k"
                                      " LIMIT 1");
    if (!st) {
        fatal(m);
        return 0;
    }
    db_bind_text(st, ":t", tag);
    db_bind_text(st, ":sc", scan);
    db_bind_text(st, ":k", key);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW && other) str_copy(other, INV_TAG_MAX + 1, db_col_text(st, 0));
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        db_fail_sqlite(m->db, _("looking up a tag"));
        fatal(m);
    }
    return rc == SQLITE_ROW;
}

/* The asset other than self holding (make, serial): its tag into out;
 * 1 when there is one. */
static int serial_owner(imp *m, const char *make, const char *serial, int64_t self,
                        char out[INV_TAG_MAX + 1])
{
    sqlite3_stmt *st = db_stmt(m->db, "SELECT tag FROM asset WHERE make = :m AND serial = :s"
                                      " AND id <> :self");
    if (!st) {
        fatal(m);
        return 0;
    }
    db_bind_text(st, ":m", make);
    db_bind_text(st, ":s", serial);
    db_bind_int(st, ":self", self);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) str_copy(out, INV_TAG_MAX + 1, db_col_text(st, 0));
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        db_fail_sqlite(m->db, _("looking up a serial"));
        fatal(m);
    }
    return rc == SQLITE_ROW;
}

/* The next free generated tag of kind k into tag. */
static void generate_tag(imp *m, kref *k, char tag[INV_TAG_MAX + 1])
{
    if (!k->loaded) {
        sqlite3_stmt *st = db_stmt(m->db, "SELECT next_no FROM asset_kind WHERE id = :id");
        if (!st) {
            fatal(m);
            return;
        }
        db_bind_int(st, ":id", k->k.id);
        if (sqlite3_step(st) != SQLITE_ROW) {
            sqlite3_reset(st);
            db_fail_sqlite(m->db, _("generating a tag"));
            fatal(m);
            return;
        }
        k->next_no = k->first_no = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
        k->loaded = 1;
    }
    for (;;) {
        snprintf(tag, INV_TAG_MAX + 1, "%s-%06lld", k->k.prefix, (long long)k->next_no++);
        char key[INV_TAG_MAX + 1];
        size_t n = tag_key(tag, key);
        int64_t *r = smap_get(&m->reserved, key, n);
        if (r && *r > 0) continue;
        if (smap_get(&m->tags, key, n)) continue;
        if (tag_owner(m, tag, NULL)) continue;
        if (m->fatal) return;
        smap_put(&m->tags, key, n, -m->line);
        return;
    }
}

/* New assets are staged in a temporary table and moved into asset with
 * one INSERT ... SELECT per batch: FTS5 flushes its pending index at every
 * statement savepoint, so one INSERT per row (the FTS trigger firing in
 * each) would write one index segment per asset. Ids are given here (the
 * import holds the write lock), so that the events can follow. */
#define STAGE_BATCH 20000

static const char STAGE_CREATE[] =
    "CREATE TEMP TABLE IF NOT EXISTS import_stage(id INTEGER PRIMARY KEY, tag, kind_id,"
    " make, model, serial, description, status, office_id, custodian, purchase_date,"
    " cost, currency, supplier, contract, funding_id, warranty_end, attrs, scan_code,"
    " tag_key)";

static const char STAGE_INSERT[] =
    "INSERT INTO temp.import_stage(id, tag, kind_id, make, model, serial, description,"
    " status, office_id, custodian, purchase_date, cost, currency, supplier, contract,"
    " funding_id, warranty_end, attrs, scan_code, tag_key) VALUES(:id, :tag, :kind, :make,"
    " :model, :serial, :descr, :status, :office, :cust, :pdate, :cost, :cur, :supplier,"
    " :contract, :funding, :warranty, :attrs, :scan, :key)";

/* In a bulk load (no search trigger fires per row) the row goes straight
 * into asset. */
static const char DIRECT_INSERT[] =
    "INSERT INTO asset(id, tag, kind_id, make, model, serial, description,"
    " status, office_id, custodian, purchase_date, cost, currency, supplier, contract,"
    " funding_id, warranty_end, attrs, scan_code, tag_key) VALUES(:id, :tag, :kind, :make,"
    " :model, :serial, :descr, :status, :office, :cust, :pdate, :cost, :cur, :supplier,"
    " :contract, :funding, :warranty, :attrs, :scan, :key)";

static const char STAGE_MOVE[] =
    "INSERT INTO asset(id, tag, kind_id, make, model, serial, description, status,"
    " office_id, custodian, purchase_date, cost, currency, supplier, contract,"
    " funding_id, warranty_end, attrs, scan_code, tag_key) SELECT id, tag, kind_id, make,"
    " model, serial, description, status, office_id, custodian, purchase_date, cost,"
    " currency, supplier, contract, funding_id, warranty_end, attrs, scan_code, tag_key"
    " FROM temp.import_stage"
    " ORDER BY id";

/* The "imported" event of a staged asset, written after the move. */
typedef struct pending {
    int64_t id, office_id;
    long line;
    char tag[INV_TAG_MAX + 1];
    char office[INV_CODE_MAX + 1];
    char status[INV_STATUS_MAX];
    char custodian[INV_TEXT_MAX + 1];
    char taken[INV_DATE_MAX];        /* the event's act_date; "" = NULL */
} pending;

/* The "imported" events of the pending assets, EV_CHUNK to a call. */
#define EV_CHUNK 256

static void write_events(imp *m)
{
    if (!m->evbuf && !(m->evbuf = calloc(EV_CHUNK, sizeof *m->evbuf))) abort();
    for (size_t i = 0; i < m->npend;) {
        size_t n = m->npend - i < EV_CHUNK ? m->npend - i : EV_CHUNK;
        for (size_t k = 0; k < n; k++) {
            const pending *p = &m->pend[i + k];
            inv_event *ev = &m->evbuf[k];
            memset(ev, 0, sizeof *ev);
            ev->asset_id = p->id;
            memcpy(ev->tag, p->tag, sizeof p->tag);
            memcpy(ev->at, m->at, sizeof ev->at);
            memcpy(ev->type, "imported", sizeof "imported");
            ev->to_office_id = p->office_id;
            memcpy(ev->to_office, p->office, sizeof p->office);
            memcpy(ev->to_status, p->status, sizeof p->status);
            memcpy(ev->to_custodian, p->custodian, sizeof p->custodian);
            snprintf(ev->note, sizeof ev->note, "%s:%ld", m->note_base, p->line);
            memcpy(ev->act_date, p->taken, sizeof p->taken);
        }
        /* Every field the asset starts with (history.h). */
        int bad = 0;
        for (size_t k = 0; k < n && !bad; k++)
            bad = history_asset_created(m->db, m->pend[i + k].id, &m->evbuf[k].changes) != INV_OK;
        if (bad || event_append_many(m->db, m->evbuf, n) != INV_OK) {
            for (size_t k = 0; k < n; k++) free(m->evbuf[k].changes);
            fatal(m);
            return;
        }
        for (size_t k = 0; k < n; k++) {
            free(m->evbuf[k].changes);
            m->evbuf[k].changes = NULL;
        }
        i += n;
    }
    m->npend = 0;
}

/* Move the staged assets into asset (unless they went straight in) and
 * write their events. */
static void flush_stage(imp *m)
{
    if (m->npend == 0 || m->fatal) return;
    if (m->st->bad && !m->o->skip_bad) { /* rolled back anyway */
        m->npend = 0;
        return;
    }
    if (!m->direct) {
        sqlite3_stmt *st = db_stmt(m->db, STAGE_MOVE);
        if (!st || db_exec_stmt(m->db, st, _("writing the assets")) != INV_OK ||
            db_exec(m->db, "DELETE FROM temp.import_stage") != INV_OK) {
            fatal(m);
            return;
        }
    }
    write_events(m);
}

/* A write-off is an act of a commission under its protocol (ПБ-), with
 * its reason, and is refused before the end of the funding's durability
 * period (writeoff.c): a sheet's row carries none of that, so an import
 * never writes an asset off. The row is refused, saying how to record the
 * write-off (dated and numbered as the old paper, if it was one). */
static void written_off_refused(imp *m, const char *tag)
{
    /* TRANSLATORS: %1$s is the asset's tag ("" for a tag still to be
     * generated), %2$s the same tag or TAG, for the command to use. */
    problem(m, _("%1$s: an import does not write assets off (a write-off needs its "
                 "commission's protocol and the durability check): import it with its "
                 "status before the write-off (and its taken_on date), then record the "
                 "write-off with: inventar status written_off %2$s --date DATE --doc NUMBER "
                 "--chair NAME --reason TEXT"),
            tag, *tag ? tag : "TAG");
}

/* A new asset from the row. */
static void new_asset(imp *m, char *const *v, char **av, vals *x, const char *tag_in)
{
    char tag[INV_TAG_MAX + 1];
    str_copy(tag, sizeof tag, tag_in);
    if (!x->kind) problem(m, _("no kind given (every new asset needs one)"));
    if (x->office && x->office->ok && !x->office->active)
        problem(m, _("office %s is deactivated"), x->office->code);
    char status[INV_STATUS_MAX];
    int at_office = x->office && x->office->ok;
    /* The role's rule, named on the row (authz.h). */
    if (at_office && authz_check(m->db, AUTHZ_ASSET, x->office->id) != INV_OK)
        problem(m, "%s", db_errmsg(m->db));
    if (x->status[0]) memcpy(status, x->status, sizeof status);
    else str_copy(status, sizeof status,
                  at_office && !x->office->warehouse ? "assigned" : "in_stock");
    if (!strcmp(status, "assigned") && !x->office)
        problem(m, _("an assigned asset needs an office"));
    if (!strcmp(status, "written_off")) written_off_refused(m, tag);
    if (!x->office && *val(m, v, F_CUSTODIAN))
        problem(m, _("custodian '%s' given without an office (a custodian holds the asset "
                     "at an office)"), val(m, v, F_CUSTODIAN));
    if (x->office && *val(m, v, F_CUSTODIAN) && !strcmp(status, "in_stock"))
        /* TRANSLATORS: %1$s is a custodian's name, %2$s an office's code. */
        problem(m, _("custodian '%1$s' given for an asset in stock at %2$s (an asset in stock "
                     "has no custodian)"), val(m, v, F_CUSTODIAN), x->office->code);
    const char *cust = strcmp(status, "in_stock") ? val(m, v, F_CUSTODIAN) : "";
    char attrs_json[INV_ATTRS_MAX + 1] = "{}";
    if (x->kind && x->kind->ok) {
        attrs a = {0};
        attrs_from_row(m, av, x, &a, 0);
        attrs_build(m, &a, &x->kind->k, attrs_json, sizeof attrs_json);
    }
    if (m->row_bad || m->fatal) return;
    if (!tag[0]) {
        generate_tag(m, x->kind, tag);
        if (m->fatal) return;
    }
    const char *make = val(m, v, F_MAKE), *serial = val(m, v, F_SERIAL);
    char other[INV_TAG_MAX + 1];
    /* Rows staged but not yet moved are covered by the tag and serial sets;
     * so is every row when the database held no asset at the start. */
    if (m->was_empty) {
        /* nothing in the database to collide with */
    } else if (tag_in[0] && !m->o->update && tag_owner(m, tag, other)) {
        if (!strcasecmp(other, tag))
            problem(m, _("tag %s already exists (use --update to update it)"), tag);
        else
            problem(m, _("tag %s reads as asset %s's tag or scan code (letters that look "
                         "alike in Cyrillic and Latin, or the same transliteration)"),
                    tag, other);
    }
    else if (serial[0] && serial_owner(m, make, serial, 0, other))
        problem(m, _("serial %s of make %s is already asset %s"), serial,
                make[0] ? make : "-", other);
    if (m->row_bad || m->fatal) return;
    m->st->imported++;
    /* A dry run, or an import that one bad row already condemns, writes
     * nothing more. */
    if (m->o->dry_run || (m->st->bad && !m->o->skip_bad)) return;

    sqlite3_stmt *st = db_stmt(m->db, m->direct ? DIRECT_INSERT : STAGE_INSERT);
    if (!st) {
        fatal(m);
        return;
    }
    int64_t id = ++m->last_id;
    db_bind_int(st, ":id", id);
    db_bind_text(st, ":tag", tag);
    db_bind_int(st, ":kind", x->kind->k.id);
    db_bind_text(st, ":make", make);
    db_bind_text(st, ":model", val(m, v, F_MODEL));
    db_bind_text0(st, ":serial", serial);
    db_bind_text(st, ":descr", val(m, v, F_DESCR));
    db_bind_text(st, ":status", status);
    if (at_office) db_bind_int(st, ":office", x->office->id);
    db_bind_text(st, ":cust", cust);
    db_bind_text0(st, ":pdate", x->pdate);
    if (x->has_cost) {
        db_bind_int(st, ":cost", x->cost);
        db_bind_text(st, ":cur", x->currency);
    }
    db_bind_text(st, ":supplier", val(m, v, F_SUPPLIER));
    db_bind_text(st, ":contract", val(m, v, F_CONTRACT));
    if (x->funding) db_bind_int(st, ":funding", x->funding->id);
    db_bind_text0(st, ":warranty", x->wend);
    db_bind_text(st, ":attrs", attrs_json);
    char scan[INV_TAG_MAX + 1], key[INV_TAG_MAX + 1];
    asset_tag_codes(tag, scan, key); /* valid: checked in do_row, or generated */
    db_bind_text(st, ":scan", scan);
    db_bind_text(st, ":key", key);
    if (db_exec_stmt(m->db, st, tag) != INV_OK) {
        fatal(m);
        return;
    }
    if (m->npend == m->cappend) {
        size_t cap = m->cappend ? m->cappend * 2 : 1024;
        pending *pp = realloc(m->pend, cap * sizeof *pp);
        if (!pp) abort();
        m->pend = pp;
        m->cappend = cap;
    }
    pending *p = &m->pend[m->npend++];
    p->id = id;
    p->line = m->line;
    str_copy(p->tag, sizeof p->tag, tag);
    p->office_id = at_office ? x->office->id : 0;
    str_copy(p->office, sizeof p->office, at_office ? x->office->code : "");
    memcpy(p->status, status, sizeof p->status);
    str_copy(p->custodian, sizeof p->custodian, cust);
    memcpy(p->taken, x->taken, sizeof p->taken);
    if (m->npend >= (m->direct ? EV_CHUNK : STAGE_BATCH)) flush_stage(m);
}

/* An existing asset (--update): descriptive fields, then the acts. */
static void update_asset(imp *m, char *const *v, char **av, vals *x, const char *tag)
{
    inv_asset cur, upd;
    if (asset_get(m->db, tag, &cur) != INV_OK) {
        fatal(m);
        return;
    }
    upd = cur;
    kref *k = kind_ref(m, cur.kind);
    if (m->fatal) return;
    if (x->kind && x->kind->ok && x->kind->k.id != k->k.id)
        problem(m, _("%s is a %s in the database, the sheet says %s (a kind cannot "
                     "change)"), cur.tag, cur.kind, x->kind->k.code);
    /* Descriptive fields: every column present sets its field. */
    if (v[F_MAKE]) str_copy(upd.make, sizeof upd.make, v[F_MAKE]);
    if (v[F_MODEL]) str_copy(upd.model, sizeof upd.model, v[F_MODEL]);
    if (v[F_SERIAL]) str_copy(upd.serial, sizeof upd.serial, v[F_SERIAL]);
    if (v[F_DESCR]) str_copy(upd.description, sizeof upd.description, v[F_DESCR]);
    if (v[F_SUPPLIER]) str_copy(upd.supplier, sizeof upd.supplier, v[F_SUPPLIER]);
    if (v[F_CONTRACT]) str_copy(upd.contract, sizeof upd.contract, v[F_CONTRACT]);
    if (v[F_PDATE]) memcpy(upd.purchase_date, x->pdate, sizeof x->pdate);
    if (v[F_WARRANTY]) memcpy(upd.warranty_end, x->wend, sizeof x->wend);
    if (v[F_COST]) {
        upd.has_cost = x->has_cost;
        upd.cost = x->has_cost ? x->cost : 0;
        memcpy(upd.currency, x->has_cost ? x->currency : "", x->has_cost ? 4 : 1);
    } else if (v[F_CURRENCY] && v[F_CURRENCY][0] && upd.has_cost) {
        memcpy(upd.currency, x->currency, 4);
    }
    if (v[F_FUNDING]) str_copy(upd.funding, sizeof upd.funding,
                               x->funding && x->funding->ok ? x->funding->code : "");
    /* Attributes: the current ones, with the sheet's over them. */
    json_error_t jerr;
    json_t *curattrs = json_loads(cur.attrs[0] ? cur.attrs : "{}", 0, &jerr);
    attrs a = {0};
    const char *ak;
    json_t *jv;
    if (json_is_object(curattrs))
        json_object_foreach(curattrs, ak, jv) if (json_is_string(jv))
            attrs_set(&a, ak, json_string_value(jv));
    attrs_from_row(m, av, x, &a, 1);
    attrs_build(m, &a, &k->k, upd.attrs, sizeof upd.attrs);
    json_decref(curattrs);
    char other[INV_TAG_MAX + 1];
    if (upd.serial[0] && (strcmp(upd.serial, cur.serial) || strcmp(upd.make, cur.make)) &&
        serial_owner(m, upd.make, upd.serial, cur.id, other))
        problem(m, _("serial %s of make %s is already asset %s"), upd.serial,
                upd.make[0] ? upd.make : "-", other);
    if (m->fatal) return;

    /* Where the sheet puts it: office, status, custodian. */
    oref *cur_office = cur.office[0] ? office_ref(m, cur.office) : NULL;
    if (m->fatal) return;
    oref *to = x->office && x->office->ok ? x->office : cur_office;
    int moved = to && (!cur_office || to->id != cur_office->id);
    char status[INV_STATUS_MAX];
    if (x->status[0]) memcpy(status, x->status, sizeof status);
    else if (moved) str_copy(status, sizeof status, to->warehouse ? "in_stock" : "assigned");
    else memcpy(status, cur.status, sizeof status);
    char cust[INV_TEXT_MAX + 1];
    str_copy(cust, sizeof cust, v[F_CUSTODIAN] ? v[F_CUSTODIAN] : cur.custodian);
    if (v[F_CUSTODIAN] && *v[F_CUSTODIAN] && !strcmp(status, "in_stock"))
        problem(m, _("custodian '%1$s' given for an asset in stock at %2$s (an asset in stock "
                     "has no custodian)"), v[F_CUSTODIAN], to ? to->code : "-");
    if (!strcmp(status, "in_stock")) cust[0] = '\0';

    /* The acts that get there, simulated on (office, status, custodian). */
    int do_assign = moved || (!strcmp(status, "assigned") && strcmp(cur.status, "assigned")) ||
                    (strcmp(cust, cur.custodian) && strcmp(status, "in_stock"));
    const char *s_status = cur.status, *s_cust = cur.custodian;
    if (do_assign) {
        if (!to) {
            problem(m, _("an assigned asset needs an office"));
        } else {
            if (!to->active) problem(m, _("office %s is deactivated"), to->code);
            s_status = to->warehouse ? "in_stock" : "assigned";
            s_cust = to->warehouse ? "" : cust;
        }
    }
    int do_status = strcmp(status, s_status) != 0;
    if ((do_assign || do_status) && cur_office &&
        authz_check(m->db, AUTHZ_ASSET, cur_office->id) != INV_OK)
        problem(m, "%s", db_errmsg(m->db));
    else if (do_assign && to && to != cur_office && authz_check(m->db, AUTHZ_ASSET, to->id) != INV_OK)
        problem(m, "%s", db_errmsg(m->db));
    if (do_status && !strcmp(status, "assigned"))
        problem(m, _("an asset at warehouse %s is in stock, not assigned"), to ? to->code : "-");
    if (do_status && !strcmp(status, "in_stock")) s_cust = "";
    if (!m->row_bad && do_assign && to && to->warehouse && strcmp(s_cust, cust))
        problem(m, _("an asset at warehouse %s has no custodian"), to ? to->code : "-");
    if ((do_assign || do_status) && !strcmp(cur.status, "written_off"))
        problem(m, _("%s is written off; nothing more can happen to it"), cur.tag);
    else if (do_status && !strcmp(status, "written_off"))
        written_off_refused(m, cur.tag);

    int desc = strcmp(upd.make, cur.make) || strcmp(upd.model, cur.model) ||
               strcmp(upd.serial, cur.serial) || strcmp(upd.description, cur.description) ||
               strcmp(upd.purchase_date, cur.purchase_date) ||
               upd.has_cost != cur.has_cost || upd.cost != cur.cost ||
               (upd.has_cost && strcmp(upd.currency, cur.currency)) ||
               strcmp(upd.supplier, cur.supplier) || strcmp(upd.contract, cur.contract) ||
               strcmp(upd.funding, cur.funding) || strcmp(upd.warranty_end, cur.warranty_end) ||
               strcmp(upd.attrs, cur.attrs);
    if (m->row_bad) return;
    if (!desc && !do_assign && !do_status) {
        m->st->unchanged++;
        return;
    }
    m->st->updated++;
    if (m->o->dry_run || (m->st->bad && !m->o->skip_bad)) return;

    char note[INV_LONG_MAX + 1];
    snprintf(note, sizeof note, "%s:%ld", m->note_base, m->line);
    const char *tags[1] = {cur.tag};
    int changed = 0;
    if (desc && asset_update(m->db, cur.tag, &upd, note, &changed) != INV_OK) goto failed;
    if (do_assign) {
        inv_act act;
        memset(&act, 0, sizeof act);
        act.office = to->code;
        act.custodian = cust;
        act.note = note;
        if (asset_assign(m->db, tags, 1, &act) != INV_OK) goto failed;
    }
    if (do_status) {
        inv_act act;
        memset(&act, 0, sizeof act);
        act.status = status;
        act.note = note;
        if (asset_set_status(m->db, tags, 1, &act) != INV_OK) goto failed;
    }
    return;
failed:
    /* The core refused what the checks above let through: stop, naming
     * the line (the transaction cannot be kept in part). */
    {
        char msg[INV_ERR_MAX];
        str_copy(msg, sizeof msg, db_errmsg(m->db));
        db_fail(m->db, db_error(m->db)->code, "%s:%ld: %s", m->name, m->line, msg);
    }
    fatal(m);
}

static void do_row(imp *m)
{
    char *v[F_NFIXED], *av[MAX_ATTR_COLS];
    int any = 0;
    for (int f = 0; f < F_NFIXED; f++) {
        v[f] = m->col[f] >= 0 ? str_trim(csv_field(m->r, (size_t)m->col[f])) : NULL;
        if (v[f] && *v[f]) any = 1;
    }
    for (int i = 0; i < m->nattr; i++) {
        av[i] = str_trim(csv_field(m->r, (size_t)m->attr_col[i]));
        if (*av[i]) any = 1;
    }
    if (!any) return; /* a row of empty cells (Excel leaves them) */
    /* A note column is kept in the description: alone, or after it. */
    char descr[2 * INV_LONG_MAX + 8];
    if (v[F_NOTE]) {
        if (v[F_DESCR] && *v[F_DESCR] && *v[F_NOTE]) {
            snprintf(descr, sizeof descr, "%s; %s", v[F_DESCR], v[F_NOTE]);
            v[F_DESCR] = descr;
        } else if (!v[F_DESCR] || !*v[F_DESCR]) {
            v[F_DESCR] = v[F_NOTE];
        }
    }
    m->st->rows++;
    m->row_bad = 0;

    const char *tag = val(m, v, F_TAG);
    if (*tag) {
        char key[INV_TAG_MAX + 1];
        if (!tag_valid(tag)) {
            problem(m, _("'%s' is not a valid tag (1-%d Latin or Cyrillic letters, digits, "
                         "'-', '_', '.', '/')"), tag, INV_TAG_CHARS);
        } else {
            size_t n = tag_key(tag, key);
            int64_t *seen = smap_get(&m->tags, key, n);
            if (seen && *seen < 0 && m->pass == 1) {
                /* A tag generated for an earlier row: run again. */
                m->conflict = m->line;
                smap_put(&m->tags, key, n, m->line);
                return;
            }
            if (seen && *seen < 0)
                problem(m, _("tag %s was generated for line %lld"), tag, (long long)-*seen);
            else if (seen)
                problem(m, _("tag %s is also on line %lld"), tag, (long long)*seen);
            else smap_put(&m->tags, key, n, m->line);
            /* Scan codes are unique too: a Cyrillic tag's scan code is
             * noted as "\x01" + its key, and met by a later ASCII tag or
             * scan code. */
            char scan[INV_TAG_MAX + 1], skey[INV_TAG_MAX + 2];
            if (!seen && asset_tag_codes(tag, scan, skey) == 0) {
                skey[0] = '\x01';
                size_t sn = 1 + tag_key(scan, skey + 1);
                int64_t *s2 = smap_get(&m->tags, skey, sn);
                int64_t *s3 = alpha_is_ascii(tag) ? NULL : smap_get(&m->tags, skey + 1, sn - 1);
                if (s2 && *s2 > 0)
                    problem(m, _("tag %s has the scan code %s of the tag on line %lld"), tag,
                            scan, (long long)*s2);
                else if (s3 && *s3 > 0)
                    problem(m, _("tag %s has the scan code %s of the tag on line %lld"), tag,
                            scan, (long long)*s3);
                else if (!alpha_is_ascii(tag))
                    smap_put(&m->tags, skey, sn, m->line);
            }
        }
    }
    const char *make = val(m, v, F_MAKE), *serial = val(m, v, F_SERIAL);
    size_t lm = strlen(make), ls = strlen(serial);
    if (ls && lm <= INV_TEXT_MAX && ls <= INV_TEXT_MAX) { /* longer: refused anyway */
        char k[2 * INV_TEXT_MAX + 2];
        memcpy(k, make, lm);
        k[lm] = '\x1f';
        memcpy(k + lm + 1, serial, ls);
        int64_t *seen = smap_get(&m->serials, k, lm + 1 + ls);
        if (seen)
            problem(m, _("serial %s of make %s is also on line %lld"), serial,
                    *make ? make : "-", (long long)*seen);
        else
            smap_put(&m->serials, k, lm + 1 + ls, m->line);
    }
    vals x;
    check_common(m, v, &x);
    if (m->fatal) goto done;

    /* Which asset: by tag, or (--update, no tag) by make and serial. */
    char existing[INV_TAG_MAX + 1] = "";
    if (m->o->update) {
        if (*tag && tag_valid(tag)) {
            tag_owner(m, tag, existing);
        } else if (!*tag && *serial) {
            serial_owner(m, make, serial, 0, existing);
        }
        if (m->fatal) goto done;
    }
    check_idents(m, av, &x, existing, tag);
    if (m->fatal) goto done;
    if (existing[0]) update_asset(m, v, av, &x, existing);
    else new_asset(m, v, av, &x, tag);
done:
    json_decref(x.attrs_in);
    if (m->row_bad && !m->fatal) m->st->bad++;
}

/* ---- the header ---- */

typedef struct kf_ctx {
    imp *m;
    const char *norm;
    char key[INV_CODE_MAX + 1];
} kf_ctx;

/* A kind field whose name (normalised) is ctx->norm. */
static int kind_field_match(const inv_kind *k, void *arg)
{
    kf_ctx *c = arg;
    char fields[sizeof k->fields];
    str_copy(fields, sizeof fields, k->fields);
    for (char *save = NULL, *f = strtok_r(fields, ",", &save); f;
         f = strtok_r(NULL, ",", &save)) {
        char norm[128];
        heading_norm(str_trim(f), norm, sizeof norm);
        if (!strcmp(norm, c->norm)) {
            str_copy(c->key, sizeof c->key, f);
            return 1;
        }
    }
    return 0;
}

static void warn(imp *m, long line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void warn(imp *m, long line, const char *fmt, ...)
{
    if (line < m->suppress_before || !m->report) return;
    char msg[1024], full[1200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(full, sizeof full, _("%s:%ld: warning: %s"), m->name, line, msg);
    m->report(m->arg, 1, full);
}

static inv_status map_header(imp *m)
{
    long line = csv_line(m->r);
    for (int f = 0; f < F_NFIXED; f++) m->col[f] = -1;
    m->nattr = 0;
    sbuf unknown = {0};
    int known = 0;
    size_t n = csv_nfields(m->r);
    for (size_t i = 0; i < n; i++) {
        char *h = str_trim(csv_field(m->r, i));
        if (!*h) {
            warn(m, line, _("column %zu has no name; its values are not imported"), i + 1);
            continue;
        }
        const struct heading *hd = heading_find(h);
        const char *key = NULL;
        kf_ctx kc = {m, NULL, ""};
        char norm[512];
        if (!hd) {
            heading_norm(h, norm, sizeof norm);
            kc.norm = norm;
            if (kind_walk(m->db, kind_field_match, &kc) != INV_OK) {
                sbuf_free(&unknown);
                return db_error(m->db)->code;
            }
            if (kc.key[0]) key = kc.key;
        } else if (hd->field == F_ATTR) {
            key = hd->key;
        }
        if (key) {
            for (int j = 0; j < m->nattr; j++)
                if (!strcmp(m->attr_key[j], key)) {
                    sbuf_free(&unknown);
                    return db_fail(m->db, INV_EINVAL, _("%s:%ld: columns %d and %zu both "
                                                        "give the attribute %s"),
                                   m->name, line, m->attr_col[j] + 1, i + 1, key);
                }
            if (m->nattr == MAX_ATTR_COLS) {
                sbuf_free(&unknown);
                return db_fail(m->db, INV_EINVAL, _("%s:%ld: more than %d attribute columns"),
                               m->name, line, MAX_ATTR_COLS);
            }
            m->attr_col[m->nattr] = (int)i;
            str_copy(m->attr_key[m->nattr++], sizeof m->attr_key[0], key);
            known++;
        } else if (hd && hd->field == F_DERIVED) {
            known++;
        } else if (hd) {
            if (m->col[hd->field] >= 0) {
                sbuf_free(&unknown);
                /* TRANSLATORS: %1$s:%2$ld is the file and line, %3$d and
                 * %4$zu column numbers, %5$s a field's name ("model"). */
                return db_fail(m->db, INV_EINVAL, _("%1$s:%2$ld: columns %3$d and %4$zu both "
                                                    "give the %5$s"),
                               m->name, line, m->col[hd->field] + 1, i + 1,
                               asset_field_text(FIELD_NAME[hd->field]));
            }
            m->col[hd->field] = (int)i;
            known++;
        } else {
            sbuf_addf(&unknown, "%s'%s'", unknown.len ? ", " : "", h);
        }
    }
    if (!known) {
        sbuf_free(&unknown);
        return db_fail(m->db, INV_EINVAL, _("%s:%ld: no known column names; the first line "
                                            "must name the columns (tag, kind, make, model, "
                                            "serial, office, ... or Инвентарен номер, Вид, "
                                            "Марка, Модел, ...)"), m->name, line);
    }
    if (unknown.len)
        warn(m, line, _("unknown columns not imported: %s (see 'inventar import "
                        "--columns' for the known names)"), unknown.s);
    sbuf_free(&unknown);
    if (m->col[F_KIND] < 0 && !m->o->update)
        return db_fail(m->db, INV_EINVAL, _("%s:%ld: no kind column (kind, Вид); every new "
                                            "asset needs its kind"), m->name, line);
    if (m->o->update && m->col[F_TAG] < 0 && m->col[F_SERIAL] < 0)
        return db_fail(m->db, INV_EINVAL, _("%s:%ld: --update needs a tag column (or make "
                                            "and serial) to find the assets"), m->name, line);
    return INV_OK;
}

/* ---- the passes ---- */

/* After a conflict: only note the file's tags, for the second pass. */
static void collect_tag(imp *m)
{
    if (m->col[F_TAG] < 0) return;
    char *tag = str_trim(csv_field(m->r, (size_t)m->col[F_TAG]));
    if (!*tag || !tag_valid(tag)) return;
    char key[INV_TAG_MAX + 1];
    size_t n = tag_key(tag, key);
    int64_t *seen = smap_get(&m->tags, key, n);
    if (!seen || *seen < 0) smap_put(&m->tags, key, n, m->line);
}

/* Report how far the file is read (db_progress); end: the pass is done. */
static void import_progress(imp *m, int end)
{
    uint64_t done, total;
    csv_position(m->r, &done, &total);
    if (end) done = total;
    db_progress(m->db, m->o->dry_run ? N_("Checking") : N_("Importing"), (int64_t)done,
                (int64_t)total);
}

/* Read the whole file once. The caller holds the transaction. */
static inv_status run(imp *m)
{
    inv_err err;
    inv_err_clear(&err);
    int rc = csv_next(m->r, &err);
    if (rc == CSV_EOF)
        return db_fail(m->db, INV_EINVAL, _("%s: the file is empty; it needs a first line "
                                            "naming the columns"), m->name);
    if (rc != CSV_RECORD) return db_fail(m->db, err.code, "%s", err.msg);
    inv_status s = map_header(m);
    if (s != INV_OK) return s;
    for (;;) {
        rc = csv_next(m->r, &err);
        if (rc == CSV_EOF) break;
        if (rc == CSV_FATAL) return db_fail(m->db, err.code, "%s", err.msg);
        m->line = csv_line(m->r);
        if (rc == CSV_BAD) {
            if (m->conflict) continue;
            m->st->rows++;
            m->st->bad++;
            if (m->line >= m->suppress_before && m->report) m->report(m->arg, 0, err.msg);
            continue;
        }
        if (m->conflict) collect_tag(m);
        else do_row(m);
        if (m->fatal) return db_error(m->db)->code ? db_error(m->db)->code : INV_EDB;
        if ((m->line & 1023) == 0) import_progress(m, 0);
    }
    import_progress(m, 1);
    if (!m->conflict) flush_stage(m);
    if (m->fatal) return db_error(m->db)->code ? db_error(m->db)->code : INV_EDB;
    return INV_OK;
}

/* Ready the staging table and the next asset id (in the transaction). */
static inv_status stage_begin(imp *m)
{
    m->npend = 0;
    inv_status rc = db_exec(m->db, STAGE_CREATE);
    if (rc == INV_OK) rc = db_exec(m->db, "DELETE FROM temp.import_stage");
    if (rc != INV_OK) return rc;
    int64_t empty = 0;
    if ((rc = db_one_int(m->db, "SELECT coalesce(max(id), 0) FROM asset", &m->last_id)) ||
        (rc = db_one_int(m->db, "SELECT NOT EXISTS (SELECT 1 FROM asset)", &empty)))
        return rc;
    m->was_empty = empty != 0;
    return INV_OK;
}

/* Store the advanced tag counters of the kinds. */
static inv_status save_counters(imp *m)
{
    for (size_t i = 0; i < m->kinds.n; i++) {
        kref *k = VEC_AT(m->kinds, kref, i);
        if (!k->ok || !k->loaded || k->next_no == k->first_no) continue;
        sqlite3_stmt *st = db_stmt(m->db, "UPDATE asset_kind SET next_no = :n"
                                          " WHERE id = :id AND next_no < :n");
        if (!st) return db_error(m->db)->code;
        db_bind_int(st, ":n", k->next_no);
        db_bind_int(st, ":id", k->k.id);
        inv_status rc = db_exec_stmt(m->db, st, _("generating tags"));
        if (rc != INV_OK) return rc;
        k->first_no = k->next_no;
    }
    return INV_OK;
}

static void reset_pass(imp *m)
{
    memset(m->st, 0, sizeof *m->st);
    m->st->encoding = csv_encoding_of(m->r);
    m->st->delimiter = csv_delimiter(m->r);
    m->st->bom = csv_had_bom(m->r);
    for (size_t i = 0; i < m->kinds.n; i++) VEC_AT(m->kinds, kref, i)->loaded = 0;
}

/* The page cache of this connection during an import, in KiB: 8 times
 * SQLite's default; measured 10% less time at 1,000,000 rows than 32 MiB. */
#define IMPORT_CACHE_KIB 262144

static int cache_pages(inv_db *db)
{
    sqlite3_stmt *st = NULL;
    int v = -2000;
    if (sqlite3_prepare_v2(db_sqlite(db), "PRAGMA cache_size", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

static void set_cache(inv_db *db, int v)
{
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA cache_size=%d", v);
    db_exec(db, sql);
}

/* A new import is a bulk load (bulk.h). It rebuilds the indexes of asset
 * and event when the file is large against the database: an estimated
 * row count (about 100 bytes a row) above the assets already there. */
static int bulk_flags(const char *path, int64_t assets)
{
    struct stat sb;
    /* Every row's tag is looked up: keep the tags' indexes (bulk.h). */
    if (assets < 50000) return BULK_FULL | BULK_KEEP_TAGS;
    priv_user_begin(); /* the user's file: its size with the user's rights */
    int big = stat(path, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size / 100 > assets;
    priv_user_end();
    return big ? BULK_FULL | BULK_KEEP_TAGS : 0;
}

inv_status import_csv(inv_db *db, const char *path, const import_opts *opts,
                      import_report_fn report, void *arg, import_stats *stats)
{
    memset(stats, 0, sizeof *stats);
    imp m;
    memset(&m, 0, sizeof m);
    m.db = db;
    m.o = opts;
    m.report = report;
    m.arg = arg;
    m.st = stats;
    m.name = opts->name && *opts->name ? opts->name : path;
    m.kinds.size = sizeof(kref);
    m.offices.size = sizeof(oref);
    m.funds.size = sizeof(fref);
    const char *slash = strrchr(m.name, '/');
    str_copy(m.note_base, sizeof m.note_base, slash ? slash + 1 : m.name);
    now_utc(m.at);
    today_local(m.today);

    inv_err err;
    inv_err_clear(&err);
    m.r = csv_open(path, m.name, &err);
    if (!m.r) return db_fail(db, err.code, "%s", err.msg);
    int old_cache = cache_pages(db);
    inv_status rc;
    inv_bulk *bulk = NULL;
    /* A new import is a bulk load, which checks its references once at
     * the end instead of row by row (bulk.h). */
    int fk_off = !opts->dry_run && !opts->update && !db_in_transaction(db);
    if (fk_off) db_exec(db, "PRAGMA foreign_keys=OFF");
    for (int pass = 1; pass <= 2; pass++) {
        m.pass = pass;
        reset_pass(&m);
        if (opts->dry_run) rc = db_begin_read(db, DB_HERE);
        else rc = db_begin(db, DB_HERE);
        if (rc != INV_OK) goto out;
        if (!opts->dry_run && pass == 1) set_cache(db, -IMPORT_CACHE_KIB);
        if (!opts->dry_run && (rc = stage_begin(&m)) != INV_OK) {
            db_rollback(db);
            goto out;
        }
        if (!opts->dry_run && !opts->update &&
            (rc = bulk_begin(db, bulk_flags(path, m.last_id), &bulk)) != INV_OK) {
            db_rollback(db);
            goto out;
        }
        m.direct = bulk != NULL;
        rc = run(&m);
        if (rc == INV_OK && m.conflict && pass == 1) {
            /* Again, with every tag of the file reserved. */
            bulk_abort(bulk);
            bulk = NULL;
            m.direct = 0;
            db_rollback(db);
            smap_free(&m.reserved);
            m.reserved = m.tags;
            memset(&m.tags, 0, sizeof m.tags);
            smap_free(&m.serials);
            smap_free(&m.idents);
            m.idents_loaded = 0;
            m.suppress_before = m.conflict;
            m.conflict = 0;
            if (csv_rewind(m.r, &err) != 0) {
                rc = db_fail(db, err.code, "%s", err.msg);
                goto out;
            }
            continue;
        }
        break;
    }
    if (rc != INV_OK) {
        db_rollback(db);
    } else if (opts->dry_run) {
        db_commit(db); /* ends the read transaction */
        if (stats->bad && !opts->skip_bad)
            /* TRANSLATORS: %1$s is the file, %2$lld the bad rows, %3$lld
             * all rows (the plural follows it). */
            rc = db_fail(db, INV_EINVAL,
                         ngettext("%1$s: %2$lld of %3$lld row is bad",
                                  "%1$s: %2$lld of %3$lld rows are bad",
                                  (unsigned long)stats->rows),
                         m.name, (long long)stats->bad, (long long)stats->rows);
    } else if (stats->bad && !opts->skip_bad) {
        db_rollback(db);
        /* TRANSLATORS: %1$s is the file, %2$lld the bad rows, %3$lld all
         * rows (the plural follows it). */
        rc = db_fail(db, INV_EINVAL,
                     ngettext("%1$s: %2$lld of %3$lld row is bad; nothing was imported "
                              "(correct it, or use --skip-bad to import the others)",
                              "%1$s: %2$lld of %3$lld rows are bad; nothing was imported "
                              "(correct them, or use --skip-bad to import the others)",
                              (unsigned long)stats->rows),
                     m.name, (long long)stats->bad, (long long)stats->rows);
    } else if ((rc = save_counters(&m)) != INV_OK) {
        db_rollback(db);
    } else {
        inv_bulk *b = bulk;
        bulk = NULL;
        if (b && (rc = bulk_end(b)) != INV_OK) db_rollback(db);
        else rc = db_commit(db);
    }
out:
    bulk_abort(bulk);
    if (fk_off) db_exec(db, "PRAGMA foreign_keys=ON");
    if (!opts->dry_run) {
        set_cache(db, old_cache);
        if (!db_in_transaction(db)) db_exec(db, "DROP TABLE IF EXISTS temp.import_stage");
    }
    free(m.pend);
    free(m.evbuf);
    sbuf_free(&m.json);
    csv_close(m.r);
    smap_free(&m.tags);
    smap_free(&m.serials);
    smap_free(&m.idents);
    smap_free(&m.reserved);
    smap_free(&m.kmap);
    smap_free(&m.omap);
    smap_free(&m.fmap);
    free(m.kinds.v);
    free(m.offices.v);
    free(m.funds.v);
    return rc;
}
