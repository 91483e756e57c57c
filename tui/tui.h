/* tui.h: what the screens of the terminal UI share.
 *
 * Every curses call of inventar lives in tui/. Each screen is one file
 * behind a tui_screen table of operations (open, draw, key, mouse, done);
 * keys become actions through the one key table of keys.c, from which
 * the F-key bar and the help screen are generated. The TUI reads and
 * writes only through the core's headers: no SQL here. */
#ifndef INVENTAR_TUI_H
#define INVENTAR_TUI_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <curses.h>
#include <stdint.h>
#include <stdio.h>
#include <wchar.h>

#include "inventar/authz.h"
#include "inventar/browse.h"
#include "inventar/db.h"
#include "inventar/util.h"

/* The smallest terminal the screens are laid out for. */
#define TUI_MIN_COLS 60
#define TUI_MIN_ROWS 20

/* ---- actions and the key table (keys.c) ---- */

/* Actions: name, what kind of act it is for the role's question
 * (authz.h: AUTHZ_READ for what only looks), help text. The help screen
 * lists them in this order; the key bar and the help show only the
 * actions the login's role allows (roles.c). */
#define TUI_ACTION_LIST(X)                                              \
    X(A_UP, AUTHZ_READ, N_("move up"))                                  \
    X(A_DOWN, AUTHZ_READ, N_("move down"))                              \
    X(A_PGUP, AUTHZ_READ, N_("page up"))                                \
    X(A_PGDN, AUTHZ_READ, N_("page down"))                              \
    X(A_HOME, AUTHZ_READ, N_("first row"))                              \
    X(A_END, AUTHZ_READ, N_("last row"))                                \
    X(A_OPEN, AUTHZ_READ, N_("open: asset detail, an office's assets")) \
    X(A_BACK, AUTHZ_READ, N_("back; clear the search"))                 \
    X(A_NEXT, AUTHZ_READ, N_("next screen"))                            \
    X(A_PREV, AUTHZ_READ, N_("previous screen"))                        \
    X(A_HELP, AUTHZ_READ, N_("this help"))                              \
    X(A_QUIT, AUTHZ_READ, N_("quit (from the top level)"))              \
    X(A_SEARCH, AUTHZ_READ, N_("search as you type (any field, Cyrillic or Latin)")) \
    X(A_FIND_NEXT, AUTHZ_READ, N_("next office that matches the search")) \
    X(A_FIND_PREV, AUTHZ_READ, N_("previous office that matches the search")) \
    X(A_FILTER, AUTHZ_READ, N_("filter by office (with sub-offices), kind, status")) \
    X(A_SORT, AUTHZ_READ, N_("sort by the next column"))                \
    X(A_SORT_REV, AUTHZ_READ, N_("reverse the sort order"))             \
    X(A_MARK, AUTHZ_READ, N_("mark or unmark the asset"))               \
    X(A_UNMARK, AUTHZ_READ, N_("unmark all"))                           \
    X(A_ADD, AUTHZ_ASSET, N_("add an asset"))                           \
    X(A_EDIT, AUTHZ_ASSET, N_("edit the asset"))                        \
    X(A_REVERT, AUTHZ_ASSET, N_("revert an act of the history (asks its number and the reason)")) \
    X(A_ASSIGN, AUTHZ_ASSET, N_("assign or transfer (the marked assets, else this one)")) \
    X(A_RETURN, AUTHZ_ASSET, N_("return to stock (the marked assets, else this one)")) \
    X(A_STATUS, AUTHZ_ASSET, N_("change status (the marked assets, else this one)")) \
    X(A_LABELS, AUTHZ_ASSET, N_("print labels"))                        \
    X(A_REFRESH, AUTHZ_READ, N_("reread from the database"))            \
    X(A_PRINT, AUTHZ_ASSET, N_("print the labels with these settings")) \
    X(A_CHECK, AUTHZ_CHECK, N_("stock check of this office: start or resume")) \
    X(A_CHECK_PICK, AUTHZ_CHECK, N_("stock check: pick an office, start or resume")) \
    X(A_SCAN, AUTHZ_CHECK, N_("record the scanned or typed code"))      \
    X(A_SCAN_MISSING, AUTHZ_READ, N_("show or hide what is still missing")) \
    X(A_SCAN_CLOSE, AUTHZ_CHECK, N_("close the stock check, results not applied")) \
    X(A_SCAN_APPLY, AUTHZ_CHECK, N_("close the stock check and apply its results")) \
    X(A_SCAN_REPORT, AUTHZ_READ, N_("write the stock check's report (PDF)"))

typedef enum {
    A_NONE = 0,
#define TA_X(name, act, help) name,
    TUI_ACTION_LIST(TA_X)
#undef TA_X
    A_COUNT
} tui_action;

/* The screens. */
typedef enum {
    SCR_ASSETS, SCR_OFFICES, SCR_LABELS, /* the tabs, in Tab order */
    SCR_DETAIL, SCR_SCAN, SCR_HELP,
    SCR_COUNT
} tui_screen_id;
#define TUI_TABS 3

/* A bit per screen: where a key binding applies. */
#define ON(s) (1u << (s))
#define ON_ALL 0xffffu
#define ON_ACTS (ON(SCR_ASSETS) | ON(SCR_DETAIL))

typedef struct tui_key {
    int key;              /* a KEY_* code or a character */
    tui_action action;
    unsigned screens;     /* ON(...) mask */
    const char *name;     /* how help writes the key ("F2", "j") */
    const char *bar;      /* label on the F-key bar (N_), or NULL */
} tui_key;

extern const tui_key tui_keys[];
extern const int tui_nkeys;

/* The action bound to key (is_code: a KEY_* code) on screen s, or
 * A_NONE. */
tui_action tui_key_action(int key, int is_code, tui_screen_id s);
/* Untranslated help text of an action. */
const char *tui_action_help(tui_action a);

/* ---- roles (roles.c): what the login may do (authz.h) ---- */

typedef struct tui_app tui_app;

/* What kind of act an action is (AUTHZ_READ: it only looks). */
authz_act tui_action_authz(tui_action a);
/* 1 when the login's role allows the action somewhere: the key bar and
 * the help list only these. */
int tui_offered(inv_db *db, tui_action a);
/* Ask before an act: 1 when the login may do act at office_id (0: any
 * office of its scope), else 0 with the rule that refused on the status
 * line. */
int tui_allow(tui_app *app, authz_act act, int64_t office_id);
/* The same for an act on assets: the marked ones (use_marks and some
 * marked), else tag; each at its office. */
int tui_allow_assets(tui_app *app, const char *tag, int use_marks);
/* "login · role" on a shared database, else "". */
void tui_who(tui_app *app, char *out, size_t n);

/* ---- the application ---- */

typedef enum { TUI_HANDLED, TUI_UNHANDLED, TUI_LEAVE } tui_result;

typedef struct tui_screen {
    const char *title;                          /* tab title (N_) */
    void (*open)(tui_app *app);                 /* becoming current */
    void (*draw)(tui_app *app);                 /* rows 1..rows-3 */
    /* A key: act is its action (A_NONE when unbound); ch and is_code
     * are the key itself (for text input). */
    tui_result (*key)(tui_app *app, tui_action act, wint_t ch, int is_code);
    void (*mouse)(tui_app *app, int y, int x);  /* a click; may be NULL */
    void (*done)(tui_app *app);                 /* free; may be NULL */
} tui_screen;

extern const tui_screen tui_assets_screen, tui_offices_screen, tui_labels_screen,
    tui_detail_screen, tui_scan_screen, tui_help_screen;

/* A marked asset. */
typedef struct tui_mark {
    int64_t id;
    char tag[INV_TAG_MAX + 1];
} tui_mark;

struct tui_app {
    inv_db *db;
    int rows, cols;
    int color;                 /* colours in use (not NO_COLOR, terminal has them) */
    tui_screen_id cur;
    tui_screen_id back;        /* where Esc leaves the detail for */
    tui_screen_id help_back;   /* where the help returns to */
    int quit;
    char status[INV_ERR_MAX];  /* the status line (raw; sanitised when drawn) */
    int status_err;            /* it is an error */
    /* Marks, sorted by id. */
    tui_mark *marks;
    int nmarks, capmarks;
    /* What the detail screen shows, and what the assets screen points at. */
    int64_t detail_id;
    char detail_tag[INV_TAG_MAX + 1];
    int64_t current_id;        /* the asset under the cursor (0: none) */
    char current_tag[INV_TAG_MAX + 1];
    int data_changed;          /* an act changed data: screens reread */
    unsigned data_gen;         /* counts changes, for screens that cache reads */
    int painted;               /* the first screen is out: slow counts may run */
    int resized;               /* the size changed: the assets window is refilled */
    FILE *timings;             /* INVENTAR_TUI_TIMINGS (test build), or NULL */
    double t0;                 /* monotonic ms at start */
};

/* Run the UI on an open database until the user quits. Returns 0, or 1
 * when the terminal could not be set up (message on stderr). */
int tui_run(inv_db *db, double t0_ms);

/* Status line: a message (printf-style), or the handle's last error. */
void tui_msg(tui_app *app, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tui_err(tui_app *app, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tui_db_err(tui_app *app);

/* Switch to screen s (calls its open). */
void tui_switch(tui_app *app, tui_screen_id s);
/* Leave the detail or the help for the screen it was opened from (a tab
 * screen is a top level: nothing happens there). */
void tui_back(tui_app *app);
/* Open the detail of an asset (remembering where to go back to). */
void tui_open_detail(tui_app *app, int64_t id, const char *tag);
/* Show the assets of an office (with sub-offices) on the assets screen. */
void tui_assets_show_office(tui_app *app, int64_t office_id);

/* Redraw everything (the current screen, bars) without refreshing; the
 * modal dialogs paint their background with it. */
void tui_draw_all(tui_app *app);

/* Read one key: returns the key in *ch and whether it is a KEY_* code.
 * KEY_RESIZE updates app->rows/cols. */
void tui_getkey(tui_app *app, wint_t *ch, int *is_code);
/* The same, waiting at most ms milliseconds (ms < 0: for ever): returns
 * 1 with a key, 0 when none came in time. */
int tui_getkey_wait(tui_app *app, wint_t *ch, int *is_code, int ms);
/* How often the main loop, while idle, looks whether another process
 * changed the database (PRAGMA data_version). */
#define TUI_POLL_MS 500

/* Milliseconds on the monotonic clock; append a timing line to the
 * INVENTAR_TUI_TIMINGS file when there is one. */
double tui_now_ms(void);
void tui_timing(tui_app *app, const char *what, double ms);

/* Marks. */
int tui_marked(const tui_app *app, int64_t id);
void tui_mark_toggle(tui_app *app, int64_t id, const char *tag);
void tui_marks_clear(tui_app *app);

/* The too-small check: 1 when the terminal is below 60x20. */
int tui_too_small(const tui_app *app);

/* ---- drawing (draw.c) ---- */

/* Colour pairs / roles. */
typedef enum {
    C_NORMAL, C_TITLE, C_TAB, C_TAB_CUR, C_HEADER, C_CURSOR, C_MARKED, C_STATUS,
    C_ERROR, C_FKEY, C_FLABEL, C_DIM, C_DIALOG, C_FIELD, C_FIELD_CUR,
    C_FOUND, C_DUPLICATE, C_UNEXPECTED, C_UNKNOWN, /* stock-check scan results */
    C_COUNT
} tui_color;

void tui_colors_init(tui_app *app);
/* The attribute for a role (colour pair or, with NO_COLOR, bold/reverse). */
attr_t tui_attr(tui_color c);

/* Draw s at (y, x) in exactly w columns (cut or padded), with attr.
 * s is sanitised here: control characters and escape sequences never
 * reach the terminal. Returns the width drawn. */
int tui_put(int y, int x, int w, const char *s, attr_t attr);
/* The same in a window. */
int tui_wput(WINDOW *win, int y, int x, int w, const char *s, attr_t attr);
/* Fill w columns at (y, x) with blanks in attr. */
void tui_fill(WINDOW *win, int y, int x, int w, attr_t attr);
/* A framed box (y, x, h, w) with a title, filled with attr. */
void tui_box(int y, int x, int h, int w, const char *title, attr_t attr);

/* "1 000 000" (thin grouping as Bulgarian writes it) into out. */
void tui_count_str(int64_t n, char *out, size_t size);

/* ---- line editing (form.c) ---- */

#define TUI_LINE_MAX 1024

/* A line of text being typed, as wide characters (Cyrillic included). */
typedef struct tui_line {
    wchar_t buf[TUI_LINE_MAX + 1];
    int len, pos;
    int maxbytes;           /* the limit of its UTF-8 form (0: TUI_LINE_MAX) */
    int maxchars;           /* the most characters it takes (0: TUI_LINE_MAX) */
} tui_line;

void tui_line_set(tui_line *l, const char *utf8);
/* Its UTF-8 form into out (size n). */
void tui_line_get(const tui_line *l, char *out, size_t n);
/* Apply a key; returns 1 when the text or cursor changed. */
int tui_line_key(tui_line *l, wint_t ch, int is_code);
/* Draw in w columns at (y, x), the cursor visible when focused. */
void tui_line_draw(const tui_line *l, int y, int x, int w, attr_t attr, int focused);

/* ---- forms (form.c) ---- */

typedef enum { F_TEXT, F_CHOICE, F_CHECK, F_OFFICE, F_INFO } tui_field_type;

#define TUI_FORM_MAX 40
#define TUI_CHOICES_MAX 64

typedef struct tui_field {
    tui_field_type type;
    char label[64];           /* translated label */
    char key[32];             /* what it is (an attribute key, ...) */
    tui_line line;            /* F_TEXT */
    const char *choices[TUI_CHOICES_MAX]; /* F_CHOICE: shown texts */
    int nchoices, choice;
    int check;                /* F_CHECK */
    int64_t office_id;        /* F_OFFICE: 0 none */
    char office_text[INV_NAME_MAX + INV_CODE_MAX + 8];
    const char *office_any;   /* F_OFFICE: text of the "no office" entry,
                                 or NULL when an office is required */
    char info[256];           /* F_INFO text */
} tui_field;

typedef struct tui_form {
    char title[128];
    tui_field f[TUI_FORM_MAX];
    int n, cur;
    char msg[INV_ERR_MAX];    /* an error under the fields */
    const char *hint;         /* the key hint line */
    int enter_next;           /* Enter moves to the next field; Enter in the
                                 last one or F2 saves (not Ctrl-S: the
                                 terminal's flow control takes it) */
    const char *confirm;      /* asked (yes/no) before a save is accepted */
} tui_form;

typedef enum { FORM_CONTINUE, FORM_SUBMIT, FORM_CANCEL } tui_form_result;

/* Add fields; return the field. */
/* A text field of at most maxchars characters (limits.h: INV_*_CHARS). */
tui_field *tui_form_text(tui_form *fm, const char *label, const char *value, int maxchars);
tui_field *tui_form_choice(tui_form *fm, const char *label, const char *const *choices,
                           int n, int sel);
tui_field *tui_form_check(tui_form *fm, const char *label, int on);
tui_field *tui_form_office(tui_form *fm, const char *label, int64_t id, const char *any);
tui_field *tui_form_info(tui_form *fm, const char *label, const char *text);
/* The date of an act: a text field holding today (14.03.2024), which
 * the user changes to the date on the document. */
tui_field *tui_form_date(tui_form *fm, const char *label);
/* Check a date field made by tui_form_date (empty: today): a date, not
 * in the future. Sets the form's message and focus and returns -1 when
 * it is not; else 0 with the ISO date (or "") in iso. */
int tui_form_date_ok(tui_form *fm, tui_field *f, char iso[INV_DATE_MAX]);
/* A text field's value (UTF-8) into out. */
void tui_field_text(const tui_field *f, char *out, size_t n);

/* Draw the form's fields in the box (y, x, h, w). */
void tui_form_draw(tui_app *app, tui_form *fm, int y, int x, int h, int w);
/* A key on a form (an office field opens the picker). */
tui_form_result tui_form_key(tui_app *app, tui_form *fm, wint_t ch, int is_code);
/* Run a form as a modal dialog until submitted or cancelled; validate,
 * when given, checks a submitted form and returns 0 to accept or -1
 * (with fm->msg set) to keep it open. Returns 1 when submitted. */
int tui_form_run(tui_app *app, tui_form *fm, int (*validate)(tui_app *, tui_form *, void *),
                 void *arg);

/* Ask a yes/no question (y/д or Enter: yes; n/н or Esc: no). */
int tui_confirm(tui_app *app, const char *question);

/* Pick an office from the tree, with a search as you type. Returns 1
 * and fills *id and text (code and name) when one was picked; with any
 * given, a first entry of that text gives id 0 ("any office", "none"). */
int tui_pick_office(tui_app *app, const char *any, int64_t *id, char *text, size_t n);

/* ---- acts (actions.c): on the marked assets, else on one ---- */

/* Each asks with a form and a confirmation, acts, and reports on the
 * status line; returns 1 when data changed. With use_marks set and
 * assets marked, the act is on all of them (in one transaction: all or
 * none) and the marks are cleared after it; else on tag, the current
 * asset (NULL: none). */
int tui_act_assign(tui_app *app, const char *tag, int use_marks);
int tui_act_return(tui_app *app, const char *tag, int use_marks);
int tui_act_status(tui_app *app, const char *tag, int use_marks);
int tui_act_add(tui_app *app);
int tui_act_edit(tui_app *app, const char *tag);
/* Revert an event of an asset's history: a form for its number (event
 * given first), the reason and the date, a confirmation, then the core's
 * event_revert; returns 1 when data changed. */
int tui_act_revert(tui_app *app, int64_t event);

/* ---- stock checks (scan.c) ---- */

/* Open the scan screen for an office: resume its open stock check, or
 * (after a form for the options) start one. Errors go to the status
 * line and leave the current screen as it was. */
void tui_scan_office(tui_app *app, int64_t office_id);
/* The same for an office chosen with the office picker. */
void tui_scan_pick(tui_app *app);


/* ---- labels (labels.c) ---- */

/* Shared with the assets screen: what "everything listed" means. */
typedef struct tui_listing {
    browse_filter filter;
    int64_t count;
    int exact;
} tui_listing;
/* The assets screen's current filter and count. */
void tui_assets_listing(tui_listing *out);

#endif
