/* keys.c: the one key table. The F-key bar and the help screen are
 * generated from it, so neither can fall out of step with the keys. */
#include "tui.h"

#define CTRL(c) ((c) & 0x1f)
#define ESC 27

/* Several keys may share an action; the first binding of an action with
 * a bar label is the one on the F-key bar. Earlier rows win when a key
 * is bound twice on one screen. */
/* TRANSLATORS (the "key bar" context): the labels of the F-key bar at
 * the bottom of the screen, one short word each: "Status" changes an
 * asset's status, "Check" starts a stock check, "Missing" lists what was
 * not yet scanned, "Close"/"Apply" close a stock check / apply its
 * results, "Report" makes its PDF report. */
const tui_key tui_keys[] = {
    {KEY_F(1), A_HELP, ON_ALL, "F1", NP_("key bar", "Help")},
    {'?', A_HELP, ON_ALL, "?", NULL},
    {KEY_F(2), A_ASSIGN, ON_ACTS, "F2", NP_("key bar", "Assign")},
    {'t', A_ASSIGN, ON_ACTS, "t", NULL},
    {KEY_F(3), A_RETURN, ON_ACTS, "F3", NP_("key bar", "Return")},
    {'r', A_RETURN, ON_ACTS, "r", NULL},
    {KEY_F(4), A_FILTER, ON(SCR_ASSETS), "F4", NP_("key bar", "Filter")},
    {'f', A_FILTER, ON(SCR_ASSETS), "f", NULL},
    {KEY_F(5), A_STATUS, ON_ACTS, "F5", NP_("key bar", "Status")},
    {'x', A_STATUS, ON_ACTS, "x", NULL},
    {KEY_F(6), A_SORT, ON(SCR_ASSETS), "F6", NP_("key bar", "Sort")},
    {'s', A_SORT, ON(SCR_ASSETS), "s", NULL},
    {'S', A_SORT_REV, ON(SCR_ASSETS), "S", NULL},
    {KEY_F(7), A_ADD, ON(SCR_ASSETS), "F7", NP_("key bar", "Add")},
    {'a', A_ADD, ON(SCR_ASSETS), "a", NULL},
    {KEY_F(8), A_EDIT, ON_ACTS, "F8", NP_("key bar", "Edit")},
    {'e', A_EDIT, ON_ACTS, "e", NULL},
    {'R', A_REVERT, ON(SCR_DETAIL), "R", NULL},
    {KEY_F(9), A_LABELS, ON_ACTS, "F9", NP_("key bar", "Labels")},
    {'l', A_LABELS, ON_ACTS, "l", NULL},
    {KEY_F(2), A_PRINT, ON(SCR_LABELS), "F2", NP_("key bar", "Print")},
    {KEY_F(2), A_CHECK, ON(SCR_OFFICES), "F2", NP_("key bar", "Check")},
    {'c', A_CHECK, ON(SCR_OFFICES), "c", NULL},
    {'c', A_CHECK_PICK, ON(SCR_ASSETS), "c", NULL},
    /* The scan screen: every character goes to its input line, so its
     * own acts are on F-keys, and Enter records a code. */
    {'\r', A_SCAN, ON(SCR_SCAN), "Enter", NULL},
    {'\n', A_SCAN, ON(SCR_SCAN), NULL, NULL},
    {KEY_ENTER, A_SCAN, ON(SCR_SCAN), NULL, NULL},
    {KEY_F(2), A_SCAN_MISSING, ON(SCR_SCAN), "F2", NP_("key bar", "Missing")},
    {KEY_F(3), A_SCAN_CLOSE, ON(SCR_SCAN), "F3", NP_("key bar", "Close")},
    {KEY_F(4), A_SCAN_APPLY, ON(SCR_SCAN), "F4", NP_("key bar", "Apply")},
    {KEY_F(5), A_SCAN_REPORT, ON(SCR_SCAN), "F5", NP_("key bar", "Report")},
    {KEY_F(10), A_QUIT, ON_ALL, "F10", NP_("key bar", "Quit")},
    {'q', A_QUIT, ON_ALL, "q", NULL},
    {'/', A_SEARCH, ON(SCR_ASSETS) | ON(SCR_OFFICES), "/", NULL},
    {'n', A_FIND_NEXT, ON(SCR_OFFICES), "n", NULL},
    {'N', A_FIND_PREV, ON(SCR_OFFICES), "N", NULL},
    {' ', A_MARK, ON(SCR_ASSETS), "Space", NULL},
    {'U', A_UNMARK, ON(SCR_ASSETS), "U", NULL},
    {KEY_UP, A_UP, ON_ALL, "Up", NULL},
    {'k', A_UP, ON_ALL, "k", NULL},
    {KEY_DOWN, A_DOWN, ON_ALL, "Down", NULL},
    {'j', A_DOWN, ON_ALL, "j", NULL},
    {KEY_PPAGE, A_PGUP, ON_ALL, "PgUp", NULL},
    {KEY_NPAGE, A_PGDN, ON_ALL, "PgDn", NULL},
    {KEY_HOME, A_HOME, ON_ALL, "Home", NULL},
    {'g', A_HOME, ON_ALL, "g", NULL},
    {KEY_END, A_END, ON_ALL, "End", NULL},
    {'G', A_END, ON_ALL, "G", NULL},
    {'\n', A_OPEN, ON_ALL, "Enter", NULL},
    {'\r', A_OPEN, ON_ALL, NULL, NULL},
    {KEY_ENTER, A_OPEN, ON_ALL, NULL, NULL},
    {ESC, A_BACK, ON_ALL, "Esc", NULL},
    {KEY_BACKSPACE, A_BACK, ON(SCR_DETAIL) | ON(SCR_HELP), NULL, NULL},
    {'\t', A_NEXT, ON_ALL, "Tab", NULL},
    {KEY_BTAB, A_PREV, ON_ALL, "Shift-Tab", NULL},
    {CTRL('l'), A_REFRESH, ON_ALL, "Ctrl-L", NULL},
};
const int tui_nkeys = (int)(sizeof tui_keys / sizeof tui_keys[0]);

/* Keys that are characters but arrive as codes, and the reverse. */
static int is_code_key(int key)
{
    return key >= KEY_MIN;
}

tui_action tui_key_action(int key, int is_code, tui_screen_id s)
{
    for (int i = 0; i < tui_nkeys; i++) {
        const tui_key *k = &tui_keys[i];
        if (k->key != key || is_code_key(k->key) != (is_code != 0)) continue;
        if (!(k->screens & ON(s))) continue;
        return k->action;
    }
    return A_NONE;
}

const char *tui_action_help(tui_action a)
{
    static const char *const help[] = {
        [A_NONE] = "",
#define TA_X(name, act, text) [name] = text,
        TUI_ACTION_LIST(TA_X)
#undef TA_X
    };
    return a > A_NONE && a < A_COUNT ? help[a] : "";
}
