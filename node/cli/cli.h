/* SPDX-License-Identifier: MIT */
/*
 * cli: the command line of spona. main.c reads the global options and
 * dispatches through its command table to one cmd_<name>.c per
 * subcommand; a command marked NODE_RUN_SETUP gets the node opened by
 * main (ctx->e) and closed after it. This header is what they share:
 * option parsing, messages and exit codes, and the printer of rows,
 * lists and JSON. Only this part of the program prints to the user.
 */
#ifndef NODE_CLI_H
#define NODE_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/node.h"

/* Exit codes of every command. */
enum node_exit {
    NODE_EXIT_OK = 0,   /* done */
    NODE_EXIT_FAIL = 1, /* the operation failed */
    NODE_EXIT_USAGE = 2 /* the command line was wrong */
};

/* A subcommand: argv[0] is its name; returns an enum node_exit. */
typedef int (*node_cmd_fn)(struct node_ctx *ctx, int argc, char **argv);

/* One option of a command. */
struct node_opt {
    const char *name; /* long name without "--" */
    const char **val; /* set to the argument, or NULL for a flag */
    bool *flag;       /* set to true for a flag */
};

/*
 * Parses argv[1..] of a command: options of opts (--name VALUE,
 * --name=VALUE, --flag) and at most max_pos positional arguments into pos.
 * "--help" prints help and returns -1; a wrong command line prints why and
 * the usage line and returns NODE_EXIT_USAGE; success returns 0.
 */
int node_opts(int argc, char **argv, const struct node_opt *opts,
              const char **pos, size_t max_pos, size_t *n_pos,
              const char *help);

/* node_opts for a command whose only option is --json (which it adds to
 * ctx->json) and that takes no arguments. */
int node_opts_json(struct node_ctx *ctx, int argc, char **argv,
                   const char *help);
/* Prints err as a failure and returns NODE_EXIT_FAIL. */
int node_fail(const struct sync_err *err);
/* Prints a usage error with the usage line, returns NODE_EXIT_USAGE. */
int node_usage(const char *help, const char *fmt, ...) SYNC_PRINTF(2, 3);

/* Parses field=value words of table into set. Returns an exit code. */
int node_fields(const struct sync_engine *e, const char *table,
                const char *const *words, size_t n, struct sync_record *set,
                const char *help);
/* Parses text as field name of table t into set. Returns an exit code. */
int node_field(const struct sync_engine *e, const struct sync_tdef *t,
               const char *name, const char *text, struct sync_record *set);
/* Writes set to row id of table (NULL: a new row) on ctx->e and prints
 * the row's id (as JSON with ctx->json). Returns an exit code. */
int node_put(struct node_ctx *ctx, const char *table, const char *id,
             const struct sync_record *set);
/* Prints a row as "field value" lines, or as JSON with ctx->json. */
void node_print_record(const struct node_ctx *ctx, const struct sync_tdef *t,
                       const struct sync_record *r);
/* Prints the live rows of table. Returns an exit code. */
int node_print_list(const struct node_ctx *ctx, struct sync_engine *e,
                    const char *table);
/* Prints row id of table. Returns an exit code. */
int node_show(const struct node_ctx *ctx, struct sync_engine *e,
              const char *table, const char *id);
/* "2026-11-23T09:35:15Z" of Unix ms. */
void node_time(char out[32], int64_t ms);
/* Prints a JSON document on stdout; frees it. */
void node_print_json(struct sync_json *j);

int cmd_init(struct node_ctx *ctx, int argc, char **argv);
int cmd_put(struct node_ctx *ctx, int argc, char **argv);
int cmd_delete(struct node_ctx *ctx, int argc, char **argv);
int cmd_get(struct node_ctx *ctx, int argc, char **argv);
int cmd_list(struct node_ctx *ctx, int argc, char **argv);
int cmd_log(struct node_ctx *ctx, int argc, char **argv);
int cmd_verify(struct node_ctx *ctx, int argc, char **argv);
int cmd_tables(struct node_ctx *ctx, int argc, char **argv);
int cmd_join(struct node_ctx *ctx, int argc, char **argv);
int cmd_sync(struct node_ctx *ctx, int argc, char **argv);
int cmd_status(struct node_ctx *ctx, int argc, char **argv);
int cmd_serve(struct node_ctx *ctx, int argc, char **argv);
int cmd_hub(struct node_ctx *ctx, int argc, char **argv);
int cmd_search(struct node_ctx *ctx, int argc, char **argv);
int cmd_erase(struct node_ctx *ctx, int argc, char **argv);
int cmd_import(struct node_ctx *ctx, int argc, char **argv);
int cmd_export(struct node_ctx *ctx, int argc, char **argv);
int cmd_audit(struct node_ctx *ctx, int argc, char **argv);
int cmd_user(struct node_ctx *ctx, int argc, char **argv);
int cmd_conflicts(struct node_ctx *ctx, int argc, char **argv);
int cmd_resolve(struct node_ctx *ctx, int argc, char **argv);
int cmd_backup(struct node_ctx *ctx, int argc, char **argv);
int cmd_key(struct node_ctx *ctx, int argc, char **argv);
int cmd_recover(struct node_ctx *ctx, int argc, char **argv);
int cmd_restore(struct node_ctx *ctx, int argc, char **argv);
int cmd_bundle(struct node_ctx *ctx, int argc, char **argv);
/* "spona TABLE add|edit|show|list|delete": friendlier forms of the above. */
int cmd_record(struct node_ctx *ctx, int argc, char **argv);

#endif
