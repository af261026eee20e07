/* SPDX-License-Identifier: MIT */
/*
 * main: global options, the data folder, and dispatch to subcommands. The
 * only place that calls exit codes into being for the whole program.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include "spona/mem.h"
#include "cli/cli.h"
#include "spona/sig.h"

#include "spona/banned.h"

/* Flags of a command, as git's RUN_SETUP: what main does for it. */
enum command_flags {
    RUN_SETUP = 1 << 0, /* open the node first (ctx->e), close it after */
};

struct command {
    const char *name; /* as typed */
    node_cmd_fn fn;   /* what runs it */
    unsigned flags;   /* enum command_flags */
    const char *what; /* one line for --help */
};

static const struct command commands[] = {
    {"init", cmd_init, 0, "create a node (key, config, database)"},
    {"put", cmd_put, RUN_SETUP, "create a row or change fields of one"},
    {"get", cmd_get, RUN_SETUP, "show one row"},
    {"list", cmd_list, RUN_SETUP, "list the rows of a table"},
    {"delete", cmd_delete, RUN_SETUP, "delete a row (a signed tombstone)"},
    {"log", cmd_log, RUN_SETUP, "show the signed entries this node holds"},
    {"verify", cmd_verify, RUN_SETUP,
     "re-check every signature, chain link and hash"},
    {"search", cmd_search, RUN_SETUP,
     "find rows by text, in any script or spelling"},
    {"import", cmd_import, RUN_SETUP,
     "add rows from a CSV file (Excel, LibreOffice)"},
    {"export", cmd_export, RUN_SETUP, "write rows as CSV, JSON or vCard"},
    {"erase", cmd_erase, RUN_SETUP,
     "erase personal data here and on every node"},
    {"audit", cmd_audit, RUN_SETUP,
     "show or verify the audit log of personal data"},
    {"tables", cmd_tables, 0, "list tables, fields and allowed values"},
    {"join", cmd_join, RUN_SETUP,
     "join a hub with the join string it gave you"},
    {"sync", cmd_sync, RUN_SETUP, "sync once with the hub now"},
    {"status", cmd_status, RUN_SETUP,
     "show sync state, conflicts and rejections"},
    {"conflicts", cmd_conflicts, RUN_SETUP,
     "list fields changed on two devices at once"},
    {"resolve", cmd_resolve, RUN_SETUP,
     "end a conflict: keep one version or give the value"},
    {"backup", cmd_backup, RUN_SETUP,
     "write a backup file while the node runs"},
    {"restore", cmd_restore, 0, "recreate a node from a backup file"},
    {"recover", cmd_recover, RUN_SETUP,
     "after a fork: a new key, and this copy's changes written again"},
    {"key", cmd_key, RUN_SETUP,
     "seal the node key with a passphrase, or rotate it"},
    {"bundle", cmd_bundle, RUN_SETUP,
     "carry changes on a USB stick: create or apply a bundle"},
    {"serve", cmd_serve, 0,
     "run: web pages, sync on a schedule; on a hub, the API"},
    {"hub", cmd_hub, RUN_SETUP, "hub administration: invite, members, revoke"},
    {"user", cmd_user, RUN_SETUP, "accounts of the web pages"},
};

static const char usage[] =
    "usage: spona [--dir DIR] [--json] COMMAND [ARGS]\n"
    "\n"
    "spona keeps a municipality's records in a local database where every\n"
    "change is a signed entry, and syncs them with its hub.\n"
    "\n"
    "Global options:\n"
    "  --dir DIR   data folder (default: $SPONA_DIR, else\n"
    "              $XDG_DATA_HOME/spona or ~/.local/share/spona)\n"
    "  --config FILE  settings read after DIR/spona.conf, replacing its\n"
    "              (default: $SPONA_CONFIG; a packaged service's /etc file)\n"
    "  --json      print lists and records as JSON\n"
    "  --help      this text; COMMAND --help for one command\n"
    "  --version   print the version\n"
    "\n"
    "Commands:\n";

static void print_usage(FILE *out)
{
    fputs(usage, out);
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].what);
    fputs("  TABLE add|edit|show|list|delete\n"
          "           the same per table, e.g. 'spona practice add --title "
          "...'\n"
          "\n"
          "Exit status: 0 success, 1 failure, 2 wrong command line.\n",
          out);
}

/* The data folder: --dir, else SPONA_DIR, else the XDG data folder. */
static char *default_dir(void)
{
    const char *d = getenv("SPONA_DIR");
    if (d && *d)
        return sync_xstrdup(d);
    d = getenv("XDG_DATA_HOME");
    if (d && *d)
        return node_join_path(d, "spona");
    d = getenv("HOME");
    if (d && *d)
        return node_join_path(d, ".local/share/spona");
    return NULL;
}

static void ctx_release(struct node_ctx *ctx)
{
    sync_engine_close(ctx->e);
    free(ctx->dir);
    free(ctx->conf_path);
    free(ctx->conf_extra);
    free(ctx->key_path);
    sync_key_free(ctx->key);
    free(ctx->db_path);
    node_config_release(&ctx->cfg);
}

static const struct command *find_command(const char *name)
{
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

/* Whether a command line asks for help (which needs no node). */
static bool wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return true;
    return false;
}

static int run_command(const struct command *c, struct node_ctx *ctx, int argc,
                       char **argv)
{
    if ((c->flags & RUN_SETUP) && !wants_help(argc, argv)) {
        struct sync_err err;
        sync_err_init(&err);
        if (node_open(ctx, &ctx->e, &err))
            return node_fail(&err);
    }
    return c->fn(ctx, argc, argv);
}

int main(int argc, char **argv)
{
    struct node_ctx ctx = {0};
    /* The database holds personal data; nothing we create is for others. */
    umask(077);
    struct sync_err err;
    const char *dir = NULL;
    const char *config = getenv("SPONA_CONFIG");
    int i = 1;
    sync_err_init(&err);
    ctx.cfg.level = NODE_INFO;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "--dir") == 0 && i + 1 < argc) {
            dir = argv[++i];
        } else if (strcmp(argv[i], "--dir") == 0) {
            fprintf(stderr, "spona: --dir needs a folder\n");
            return NODE_EXIT_USAGE;
        } else if (strncmp(argv[i], "--dir=", 6) == 0) {
            dir = argv[i] + 6;
        } else if (strcmp(argv[i], "--config") == 0 && i + 1 < argc) {
            config = argv[++i];
        } else if (strncmp(argv[i], "--config=", 9) == 0) {
            config = argv[i] + 9;
        } else if (strcmp(argv[i], "--json") == 0) {
            ctx.json = true;
        } else if (strcmp(argv[i], "--help") == 0 ||
                   strcmp(argv[i], "-h") == 0) {
            print_usage(stdout);
            return NODE_EXIT_OK;
        } else if (strcmp(argv[i], "--version") == 0) {
            printf("spona %s\n", SPONA_VERSION);
            return NODE_EXIT_OK;
        } else {
            fprintf(stderr, "spona: unknown option '%s'\n", argv[i]);
            print_usage(stderr);
            return NODE_EXIT_USAGE;
        }
    }
    if (i == argc) {
        print_usage(stderr);
        return NODE_EXIT_USAGE;
    }
    if (sync_global_init(&err))
        return node_fail(&err);
    ctx.dir = dir && *dir ? sync_xstrdup(dir) : default_dir();
    if (!ctx.dir) {
        fprintf(stderr, "spona: no data folder: give --dir or set "
                        "SPONA_DIR\n");
        return NODE_EXIT_USAGE;
    }
    ctx.conf_path = node_join_path(ctx.dir, "spona.conf");
    /* A packaged service's settings in /etc (docs/OPERATIONS.md). */
    ctx.conf_extra = config && *config ? sync_xstrdup(config) : NULL;
    ctx.key_path = node_join_path(ctx.dir, "node.key");
    ctx.db_path = node_join_path(ctx.dir, "node.db");
    const struct command *c = find_command(argv[i]);
    int code = c ? run_command(c, &ctx, argc - i, argv + i)
                 : cmd_record(&ctx, argc - i, argv + i);
    ctx_release(&ctx);
    /* An id printed into a full disk is an id lost: say so. */
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "spona: cannot write the output\n");
        return NODE_EXIT_FAIL;
    }
    return code < 0 ? NODE_EXIT_OK : code;
}
