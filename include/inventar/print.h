/* print.h: sending a PDF to a CUPS printer (lp), for the command line
 * and the TUI alike.
 *
 * lp and lpstat are run from /usr/bin (or /bin) with a clean environment
 * (PATH, HOME and the locale variables only: inventar may run setgid, and
 * a child must not see the caller's CUPS_SERVER, LD_PRELOAD and the
 * like), standard input from /dev/null and their output captured: nothing
 * reaches the terminal. A job carries the page's own media size at 100 %,
 * unrotated. Nothing here prints; failures return a status with the
 * message in an inv_err. */
#ifndef INVENTAR_PRINT_H
#define INVENTAR_PRINT_H

#include <stddef.h>
#include "inventar/status.h"

/* Run argv[0] (found in /usr/bin or /bin; lp and lpstat here) with a
 * clean environment (PATH=/usr/bin:/bin, HOME and the locale variables
 * only), standard input from /dev/null and without a setgid inventar's
 * group: its real, effective and saved group are the real group of the
 * caller. Its standard output goes to out (NULL: discarded), its
 * standard error to err (NULL: discarded), each up to n bytes. Returns
 * the exit status (128 when killed), or -1 with the reason in e. */
int print_run(char *const argv[], char *out, char *err, size_t n, inv_err *e);

/* 1 when the CUPS command lp is installed (/usr/bin/lp or /bin/lp). */
int print_available(void);

/* 1 when name is a CUPS queue that `lpstat -e` lists; 0 when it is not,
 * or when lpstat is missing or fails. */
int print_queue_exists(const char *name);

/* The CUPS media name of a page of page_w x page_h points: "A4" for an
 * A4 page, else "Custom.WxHmm" in tenths of a millimetre at most (a
 * thermal roll's label: "Custom.62x29mm"). Written into out (size n). */
void print_media_name(double page_w, double page_h, char *out, size_t n);

/* Send the PDF file to printer (NULL or "": the default printer) with lp,
 * at the page's own size (page_w x page_h points), 100 % scale, not
 * rotated. Returns INV_OK once CUPS accepted the job; INV_ENOTFOUND when
 * lp is not installed; INV_EIO when lp could not run or refused the job
 * (a missing queue, one not accepting jobs), with lp's own reason and the
 * queue's name in e. */
inv_status print_pdf(const char *printer, const char *file, double page_w, double page_h,
                     inv_err *e);

#endif
