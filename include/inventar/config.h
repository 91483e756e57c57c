/* config.h: the system configuration, SYSCONFDIR/inventar/inventar.conf.
 *
 * Lines are "key = value"; '#' starts a comment (anywhere on a line, so a
 * value can't hold one); blank lines are skipped; surrounding blanks are
 * trimmed; a key given twice takes its last value; an empty value is as
 * if the key were absent. The keys:
 *   db      the shared database's path (absolute), the default after
 *           --db and $INVENTAR_DB
 *   agency  the agency's name at the top of documents
 *   owner   the owner line of labels (labels --owner wins over it)
 * A missing file is no error: every key then takes its default. */
#ifndef INVENTAR_CONFIG_H
#define INVENTAR_CONFIG_H

#include <stddef.h>

#include "inventar/status.h"

#define CONFIG_PATH_MAX 4096
#define CONFIG_TEXT_MAX 512 /* bytes of agency and owner, NUL included */

typedef struct inv_config {
    char db[CONFIG_PATH_MAX];      /* `db`; "" when not set */
    char agency[CONFIG_TEXT_MAX];  /* `agency`; "" when not set */
    char owner[CONFIG_TEXT_MAX];   /* `owner`; "" when not set */
} inv_config;

/* The configuration file's path: SYSCONFDIR/inventar/inventar.conf. In
 * the test build only (INVENTAR_TEST_HOOKS), $INVENTAR_CONF names
 * another; config_load() opens that one with the user's rights (priv.h)
 * and, in a setuid or setgid process, refuses it unless root owns it and
 * neither its group nor others may write it: the suite's setgid test
 * names a configuration root wrote, and no user can point a setgid test
 * build at a database of their choosing. Never NULL. */
const char *config_path(void);

/* Read the configuration at path (NULL: config_path()) into cfg. A
 * missing file leaves every key unset and returns INV_OK. Fails with
 * INV_EIO when the file exists but can't be read, INV_EINVAL on a line
 * that is not "key = value", an unknown key, a value that is not UTF-8
 * text without control characters or is too long, or a `db` that is not
 * an absolute path; the message names the file and line. cfg then holds
 * every key unset. e may be NULL. */
inv_status config_load(const char *path, inv_config *cfg, inv_err *e);

#endif
