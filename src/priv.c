/* priv.c: the group privilege of a setgid inventar (priv.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "inventar/priv.h"

static int inited;
static int privileged;    /* started with egid != rgid and not dropped */
static gid_t real_gid, priv_gid;
static int user_depth;    /* nesting of priv_user_begin */

void priv_init(void)
{
    if (inited) return;
    inited = 1;
    real_gid = getgid();
    priv_gid = getegid();
    privileged = real_gid != priv_gid;
}

int priv_held(void)
{
    return privileged;
}

/* Not translated: these can only happen on a broken system, and the
 * catalogs may be what broke. */
static void die(const char *what)
{
    int e = errno;
    fprintf(stderr, "inventar: %s: %s\n", what, strerror(e));
    abort();
}

void priv_user_begin(void)
{
    if (!privileged) return;
    if (user_depth++ == 0 && setegid(real_gid) != 0) die("cannot switch to the real group");
}

void priv_user_end(void)
{
    if (!privileged) return;
    if (user_depth <= 0) {
        fprintf(stderr, "inventar: internal error: priv_user_end without priv_user_begin\n");
        abort();
    }
    if (--user_depth == 0 && setegid(priv_gid) != 0) die("cannot take the group back");
}

int priv_drop_permanently(void)
{
    priv_init();
    if (!privileged) return 0;
    if (setresgid(real_gid, real_gid, real_gid) != 0) return -1;
    gid_t r, e, s;
    if (getresgid(&r, &e, &s) != 0 || r != real_gid || e != real_gid || s != real_gid) {
        errno = EPERM;
        return -1;
    }
    privileged = 0;
    user_depth = 0;
    return 0;
}

int priv_open_user(const char *path, int flags, mode_t mode)
{
    priv_user_begin();
    int fd = open(path, flags, mode);
    int e = errno;
    priv_user_end();
    errno = e;
    return fd;
}

FILE *priv_fopen_user(const char *path, const char *mode)
{
    priv_user_begin();
    FILE *fp = fopen(path, mode);
    int e = errno;
    priv_user_end();
    errno = e;
    return fp;
}

int priv_mkstemp_user(const char *prefix, const char *suffix, char *out, size_t n)
{
    priv_user_begin();
    const char *dir = getenv("TMPDIR");
    int len = snprintf(out, n, "%s/%s.XXXXXX%s", dir && *dir ? dir : "/tmp", prefix, suffix);
    int fd = -1;
    if (len < 0 || (size_t)len >= n) errno = ENAMETOOLONG;
    else fd = mkostemps(out, (int)strlen(suffix), O_CLOEXEC);
    int e = errno;
    priv_user_end();
    errno = e;
    return fd;
}

int priv_unlink_user(const char *path)
{
    priv_user_begin();
    int rc = unlink(path);
    int e = errno;
    priv_user_end();
    errno = e;
    return rc;
}
