/* config.c: the system configuration file (see config.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/stat.h>

#include "inventar/config.h"
#include "inventar/priv.h"
#include "inventar/util.h"

#ifndef SYSCONFDIR
#define SYSCONFDIR "/etc"
#endif

/* The test hook's $INVENTAR_CONF, or NULL (always NULL in the shipped
 * build). */
static const char *conf_from_env(void)
{
#ifdef INVENTAR_TEST_HOOKS
    const char *env = getenv("INVENTAR_CONF");
    if (env && *env) return env;
#endif
    return NULL;
}

const char *config_path(void)
{
    const char *env = conf_from_env();
    return env ? env : SYSCONFDIR "/inventar/inventar.conf";
}

/* Text a person may put on a document or a label: UTF-8 without control
 * characters. */
static int text_ok(const char *s)
{
    if (!utf8_valid(s, strlen(s))) return 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7f) return 0;
    return 1;
}

inv_status config_load(const char *path, inv_config *cfg, inv_err *e)
{
    memset(cfg, 0, sizeof *cfg);
    if (!path) path = config_path();
    /* A path from the environment (the test hook) is opened with the
     * user's rights, and a setuid or setgid process takes only a file
     * that root owns and only root may write, as SYSCONFDIR's is. */
    int from_env = conf_from_env() && !strcmp(path, conf_from_env());
    FILE *fp = from_env ? priv_fopen_user(path, "re") : fopen(path, "re");
    if (!fp) {
        if (errno == ENOENT) return INV_OK;
        return inv_fail(e, INV_EIO, _("cannot read the configuration %s: %s"), path,
                        strerror(errno));
    }
    struct stat sb;
    if (from_env && getauxval(AT_SECURE) &&
        (fstat(fileno(fp), &sb) != 0 || sb.st_uid != 0 || (sb.st_mode & 022) != 0)) {
        fclose(fp);
        return inv_fail(e, INV_EIO,
                        _("cannot read the configuration %s: running setuid or setgid, "
                          "inventar reads only a configuration that root owns and only "
                          "root may write"),
                        path);
    }
    static const struct {
        const char *key;
        size_t off, size;
    } KEYS[] = {
        {"db", offsetof(inv_config, db), sizeof cfg->db},
        {"agency", offsetof(inv_config, agency), sizeof cfg->agency},
        {"owner", offsetof(inv_config, owner), sizeof cfg->owner},
    };
    char line[8192];
    int lineno = 0;
    inv_status st = INV_OK;
    while (st == INV_OK && fgets(line, sizeof line, fp)) {
        lineno++;
        size_t len = strlen(line);
        if (len == sizeof line - 1 && line[len - 1] != '\n' && !feof(fp)) {
            st = inv_fail(e, INV_EINVAL, _("%s:%d: the line is too long"), path, lineno);
            break;
        }
        char *hash = strchr(line, '#');
        if (hash) *hash = '\0';
        char *eq = strchr(line, '=');
        if (!eq) {
            if (*str_trim(line))
                st = inv_fail(e, INV_EINVAL, _("%s:%d: not a 'key = value' line"), path,
                              lineno);
            continue;
        }
        *eq = '\0';
        char *key = str_trim(line), *val = str_trim(eq + 1);
        size_t k = 0;
        while (k < sizeof KEYS / sizeof KEYS[0] && strcmp(KEYS[k].key, key)) k++;
        if (k == sizeof KEYS / sizeof KEYS[0]) {
            st = inv_fail(e, INV_EINVAL, _("%1$s:%2$d: unknown key '%3$s' (the keys are db, "
                                           "agency and owner)"),
                          path, lineno, key);
        } else if (!text_ok(val)) {
            st = inv_fail(e, INV_EINVAL,
                          _("%1$s:%2$d: the value of '%3$s' is not text (UTF-8 without "
                            "control characters)"),
                          path, lineno, key);
        } else if (!strcmp(key, "db") && *val && *val != '/') {
            st = inv_fail(e, INV_EINVAL, _("%1$s:%2$d: db must be an absolute path, not '%3$s'"),
                          path, lineno, val);
        } else if (str_copy((char *)cfg + KEYS[k].off, KEYS[k].size, val) != 0) {
            st = inv_fail(e, INV_EINVAL, _("%1$s:%2$d: the value of '%3$s' is too long"), path,
                          lineno, key);
        }
    }
    if (st == INV_OK && ferror(fp))
        st = inv_fail(e, INV_EIO, _("cannot read the configuration %s: %s"), path,
                      strerror(errno ? errno : EIO));
    fclose(fp);
    if (st != INV_OK) memset(cfg, 0, sizeof *cfg);
    return st;
}
