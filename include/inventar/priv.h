/* priv.h: the group privilege of a setgid inventar (DESIGN.md section 10).
 *
 * The Debian package installs inventar setgid to the group `inventar`,
 * which owns the shared database's directory. As cron's crontab does, the
 * privilege (the effective group) is held only for the database: every
 * other file (an input, an -o output, a temporary file, a font) is opened
 * with the effective group switched back to the real one, and a child
 * program never gets it. A process that is not setgid (the effective
 * group is the real one) has nothing to switch: every call here is then
 * a no-op that succeeds.
 *
 * Failing to switch the group back or forth is a broken system: the
 * calls print one line and abort rather than go on with the wrong group. */
#ifndef INVENTAR_PRIV_H
#define INVENTAR_PRIV_H

#include <stdio.h>
#include <sys/types.h>

/* Record the real group and the privileged (effective) one. Call it first
 * thing in main, before anything is opened; calling it again does nothing. */
void priv_init(void);

/* 1 when the process started privileged (its effective group was not its
 * real one) and has not dropped the privilege for good. */
int priv_held(void);

/* The user's rights from here to the matching priv_user_end(): the
 * effective group becomes the real one. Nesting-safe: only the outermost
 * end takes the privilege back. */
void priv_user_begin(void);
void priv_user_end(void);

/* Give the privilege up for good: real, effective and saved group become
 * the real one (setresgid). A private database (--db or $INVENTAR_DB
 * naming another file than the configuration's) is opened after this.
 * Returns 0, or -1 with errno when the system refused. */
int priv_drop_permanently(void);

/* open(2) and fopen(3) with the user's rights (priv_user_begin/end around
 * them): for every file that is not the database. O_CLOEXEC and "e" are
 * the caller's to give. errno is the call's. */
int priv_open_user(const char *path, int flags, mode_t mode);
FILE *priv_fopen_user(const char *path, const char *mode);

/* mkstemps(3) with the user's rights: a temporary file in $TMPDIR (else
 * /tmp) named PREFIX.XXXXXX followed by suffix (may be ""), its path in
 * out (size n). Returns the descriptor (close-on-exec), or -1 with errno. */
int priv_mkstemp_user(const char *prefix, const char *suffix, char *out, size_t n);

/* unlink(2) with the user's rights (a temporary or output file). */
int priv_unlink_user(const char *path);

#endif
