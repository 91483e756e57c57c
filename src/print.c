/* print.c: a PDF to a CUPS printer through lp (print.h). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "inventar/print.h"
#include "inventar/util.h"

/* The full path of a program in /usr/bin or /bin, or NULL. */
static const char *system_path(const char *prog, char *buf, size_t n)
{
    snprintf(buf, n, "/usr/bin/%s", prog);
    if (access(buf, X_OK) == 0) return buf;
    snprintf(buf, n, "/bin/%s", prog);
    if (access(buf, X_OK) == 0) return buf;
    return NULL;
}

int print_available(void)
{
    char p[64];
    return system_path("lp", p, sizeof p) != NULL;
}

int print_run(char *const argv[], char *out, char *err, size_t n, inv_err *e)
{
    static const char *const keep[] = {"HOME", "LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE",
                                       "LC_MESSAGES", "LC_NUMERIC", "LC_TIME", "LC_PAPER"};
    char *env[16];
    sbuf vars[16];
    int ne = 0;
    memset(vars, 0, sizeof vars);
    sbuf_add(&vars[ne], "PATH=/usr/bin:/bin");
    env[ne] = vars[ne].s, ne++;
    for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++) {
        const char *v = getenv(keep[i]);
        if (!v) continue;
        sbuf_addf(&vars[ne], "%s=%s", keep[i], v);
        env[ne] = vars[ne].s, ne++;
    }
    env[ne] = NULL;
    int po[2] = {-1, -1}, pe[2] = {-1, -1};
    int rc = -1;
    char path[64];
    if (!system_path(argv[0], path, sizeof path)) {
        inv_fail(e, INV_ENOTFOUND, _("cannot run %s: it is not installed"), argv[0]);
        goto out;
    }
    if (pipe2(po, O_CLOEXEC) != 0 || pipe2(pe, O_CLOEXEC) != 0) {
        inv_fail(e, INV_EIO, _("cannot run %s: %s"), argv[0], strerror(errno));
        goto out;
    }
    /* The child never has a setgid inventar's group: POSIX_SPAWN_RESETIDS
     * sets its effective group to the real one before the exec, and the
     * exec copies it to the saved one, so the program runs with the real
     * group as its real, effective and saved group alike (priv.h). */
    posix_spawnattr_t at;
    posix_spawnattr_init(&at);
    posix_spawnattr_setflags(&at, POSIX_SPAWN_RESETIDS);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, po[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&fa, pe[1], STDERR_FILENO);
    pid_t pid;
    int ec = posix_spawn(&pid, path, &fa, &at, argv, env);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&at);
    close(po[1]);
    close(pe[1]);
    po[1] = pe[1] = -1;
    if (ec != 0) {
        inv_fail(e, INV_EIO, _("cannot run %s: %s"), argv[0], strerror(ec));
        goto out;
    }
    /* Both pipes are read to the end (lpstat -e may list many queues). */
    struct pollfd pf[2] = {{po[0], POLLIN, 0}, {pe[0], POLLIN, 0}};
    char *dst[2] = {out, err};
    size_t len[2] = {0, 0};
    int open_fds = 2;
    while (open_fds > 0) {
        if (poll(pf, 2, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        for (int i = 0; i < 2; i++) {
            if (pf[i].fd < 0 || !(pf[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            char buf[4096];
            ssize_t k = read(pf[i].fd, buf, sizeof buf);
            if (k < 0 && errno == EINTR) continue;
            if (k <= 0) {
                pf[i].fd = -1;
                open_fds--;
                continue;
            }
            if (dst[i] && len[i] + 1 < n) {
                size_t take = (size_t)k < n - 1 - len[i] ? (size_t)k : n - 1 - len[i];
                memcpy(dst[i] + len[i], buf, take);
                len[i] += take;
            }
        }
    }
    if (out) out[len[0]] = '\0';
    if (err) err[len[1]] = '\0';
    int status;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            inv_fail(e, INV_EIO, _("waiting for %s: %s"), argv[0], strerror(errno));
            goto out;
        }
    }
    rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
out:
    for (int i = 0; i < 2; i++) {
        if (po[i] >= 0) close(po[i]);
        if (pe[i] >= 0) close(pe[i]);
    }
    for (int i = 0; i < ne; i++) sbuf_free(&vars[i]);
    return rc;
}

int print_queue_exists(const char *name)
{
    char *argv[] = {"lpstat", "-e", NULL};
    static char out[1 << 16];
    if (print_run(argv, out, NULL, sizeof out, NULL) != 0) return 0;
    size_t n = strlen(name);
    for (char *line = out; *line;) {
        char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        if (len == n && !memcmp(line, name, n)) return 1;
        if (!nl) break;
        line = nl + 1;
    }
    return 0;
}

void print_media_name(double page_w, double page_h, char *out, size_t n)
{
    double w = page_w * 25.4 / 72, h = page_h * 25.4 / 72;
    if (w > 209.5 && w < 210.5 && h > 296.5 && h < 297.5) {
        snprintf(out, n, "A4");
        return;
    }
    snprintf(out, n, "Custom.%gx%gmm", (double)(long)(w * 10 + 0.5) / 10,
             (double)(long)(h * 10 + 0.5) / 10);
}

inv_status print_pdf(const char *printer, const char *file, double page_w, double page_h,
                     inv_err *e)
{
    if (!print_available())
        return inv_fail(e, INV_ENOTFOUND, "%s",
                        _("cannot print: the CUPS command 'lp' is not installed "
                          "(write the labels to a PDF file instead)"));
    char media[64], mopt[80];
    print_media_name(page_w, page_h, media, sizeof media);
    snprintf(mopt, sizeof mopt, "media=%s", media);
    char *argv[24];
    int k = 0;
    argv[k++] = "lp";
    if (printer && *printer) {
        argv[k++] = "-d";
        argv[k++] = (char *)printer;
    }
    argv[k++] = "-o";
    argv[k++] = mopt;
    argv[k++] = "-o";
    argv[k++] = "print-scaling=none";
    argv[k++] = "-o";
    argv[k++] = "fit-to-page=false";
    argv[k++] = "-o";
    argv[k++] = "nopdfAutoRotate";
    argv[k++] = "--";
    argv[k++] = (char *)file;
    argv[k] = NULL;
    char err[1024] = "";
    int rc = print_run(argv, NULL, err, sizeof err, e);
    if (rc < 0) return e ? e->code : INV_EIO;
    if (rc == 0) return INV_OK;
    /* lp's own words (first line) say why: no such queue, refused... */
    char *nl = strchr(err, '\n');
    if (nl) *nl = '\0';
    const char *why = err;
    if (!strncmp(why, "lp: ", 4)) why += 4;
    if (!strncmp(why, "Error - ", 8)) why += 8;
    if (!*why) why = _("lp gave no reason");
    if (printer && *printer)
        return inv_fail(e, INV_EIO, _("printing on '%s' failed: %s"), printer, why);
    return inv_fail(e, INV_EIO, _("printing on the default printer failed: %s"), why);
}
