/* roles.c: what the login's role lets the TUI offer (authz.h). The key
 * bar and the help show only the actions the role allows in general;
 * every key that starts an act asks first, for the offices it touches,
 * and a refusal opens no form: the status line tells the rule instead.
 * The core asks again for every event it appends, whatever is asked
 * here. */
#include <stdlib.h>
#include <string.h>

#include "inventar/asset.h"
#include "inventar/office.h"
#include "tui.h"

authz_act tui_action_authz(tui_action a)
{
    static const authz_act act[] = {
        [A_NONE] = AUTHZ_READ,
#define TA_X(name, what, text) [name] = what,
        TUI_ACTION_LIST(TA_X)
#undef TA_X
    };
    return a > A_NONE && a < A_COUNT ? act[a] : AUTHZ_READ;
}

int tui_offered(inv_db *db, tui_action a)
{
    return authz_may(db, tui_action_authz(a), 0);
}

int tui_allow(tui_app *app, authz_act act, int64_t office_id)
{
    if (authz_check(app->db, act, office_id) == INV_OK) return 1;
    tui_db_err(app);
    return 0;
}

/* One asset's office, by tag: 1 when allowed (or when the core is to
 * decide: no such asset, an asset at no office), 0 with the refusal on
 * the status line. a is scratch space. */
static int allow_one(tui_app *app, const char *tag, inv_asset *a, inv_office *o)
{
    if (asset_get(app->db, tag, a) != INV_OK) {
        tui_db_err(app);
        return 0;
    }
    if (!a->office[0]) return 1; /* the core decides (an assign names the office) */
    if (strcmp(o->code, a->office) != 0 && office_find(app->db, a->office, o) != INV_OK) {
        tui_db_err(app);
        return 0;
    }
    return tui_allow(app, AUTHZ_ASSET, o->id);
}

int tui_allow_assets(tui_app *app, const char *tag, int use_marks)
{
    if (!tui_allow(app, AUTHZ_ASSET, 0)) return 0;
    if (authz_role(app->db) == ROLE_ADMIN) return 1;
    int n = use_marks && app->nmarks > 0 ? app->nmarks : tag && *tag ? 1 : 0;
    if (!n) return 1; /* the act says that nothing is selected */
    inv_asset *a = malloc(sizeof *a);
    inv_office *o = calloc(1, sizeof *o);
    if (!a || !o) abort();
    int ok = 1;
    for (int i = 0; i < n && ok; i++)
        ok = allow_one(app, use_marks && app->nmarks > 0 ? app->marks[i].tag : tag, a, o);
    free(a);
    free(o);
    return ok;
}

void tui_who(tui_app *app, char *out, size_t n)
{
    out[0] = '\0';
    if (!authz_shared(app->db)) return; /* a private database: no roles */
    snprintf(out, n, "%s \xc2\xb7 %s", authz_login(app->db), role_text(authz_role(app->db)));
}
