/* priv_run PROGRAM [ARG...]: for tests/cli/setgid_files.sh. Installed
 * setgid, it prints its own real, effective and saved group ("self: R E
 * S"), then runs PROGRAM (from /usr/bin or /bin) exactly as inventar runs
 * lp and lpstat (print_run in print.h: clean environment, no group) and
 * prints what PROGRAM wrote on its standard output. Exit: PROGRAM's. */
#include <stdio.h>
#include <unistd.h>

#include "inventar/print.h"
#include "inventar/priv.h"
#include "inventar/status.h"

int main(int argc, char **argv)
{
    priv_init();
    if (argc < 2) {
        fprintf(stderr, "usage: priv_run PROGRAM [ARG...]\n");
        return 2;
    }
    gid_t r, e, s;
    if (getresgid(&r, &e, &s) != 0) return 1;
    printf("self: %u %u %u\n", (unsigned)r, (unsigned)e, (unsigned)s);
    static char out[1 << 16];
    inv_err err;
    inv_err_clear(&err);
    int rc = print_run(argv + 1, out, NULL, sizeof out, &err);
    if (rc < 0) {
        fprintf(stderr, "priv_run: %s\n", err.msg);
        return 1;
    }
    fputs(out, stdout);
    return rc;
}
