/* cmds.h: the commands of main.c's table, one file (or group) each. */
#ifndef INVENTAR_CMDS_H
#define INVENTAR_CMDS_H

#include "cli.h"

#ifndef INVENTAR_VERSION
#define INVENTAR_VERSION "0.1"
#endif

int cmd_init(cli_ctx *c, int argc, char **argv);     /* cmd_office.c */
int cmd_office(cli_ctx *c, int argc, char **argv);   /* cmd_office.c */
int cmd_kind(cli_ctx *c, int argc, char **argv);     /* cmd_funding.c */
int cmd_funding(cli_ctx *c, int argc, char **argv);  /* cmd_funding.c */
int cmd_asset(cli_ctx *c, int argc, char **argv);    /* cmd_asset.c */
int cmd_assign(cli_ctx *c, int argc, char **argv);   /* cmd_act.c */
int cmd_return(cli_ctx *c, int argc, char **argv);   /* cmd_act.c */
int cmd_status(cli_ctx *c, int argc, char **argv);   /* cmd_act.c */
int cmd_history(cli_ctx *c, int argc, char **argv);  /* cmd_act.c */
int cmd_revert(cli_ctx *c, int argc, char **argv);   /* cmd_act.c */
int cmd_log(cli_ctx *c, int argc, char **argv);      /* cmd_log.c */
int cmd_demo(cli_ctx *c, int argc, char **argv);     /* cmd_demo.c */
int cmd_import(cli_ctx *c, int argc, char **argv);   /* cmd_import.c */
int cmd_export(cli_ctx *c, int argc, char **argv);   /* cmd_export.c */
int cmd_labels(cli_ctx *c, int argc, char **argv);   /* cmd_labels.c */
int cmd_verify(cli_ctx *c, int argc, char **argv);   /* cmd_verify.c */
int cmd_backup(cli_ctx *c, int argc, char **argv);   /* cmd_verify.c */
int cmd_anchor(cli_ctx *c, int argc, char **argv);   /* cmd_verify.c */
int cmd_tui(cli_ctx *c, int argc, char **argv);      /* cmd_tui.c */
int cmd_check(cli_ctx *c, int argc, char **argv);    /* cmd_check.c */
int cmd_document(cli_ctx *c, int argc, char **argv); /* cmd_document.c */
int cmd_user(cli_ctx *c, int argc, char **argv);     /* cmd_user.c */

#endif
