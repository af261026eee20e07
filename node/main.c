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
#include <sys/statvfs.h>
#include <unistd.h>

#include "mem.h"
#include "node.h"
#include "sig.h"

#include "banned.h"

struct command {
    const char *name;  /* as typed */
    node_cmd_fn fn;    /* what runs it */
    const char *what;  /* one line for --help */
};

static const struct command commands[] = {
    {"init", cmd_init, "create a node (key, config, database)"},
    {"put", cmd_put, "create a row or change fields of one"},
    {"get", cmd_get, "show one row"},
    {"list", cmd_list, "list the rows of a table"},
    {"delete", cmd_delete, "delete a row (a signed tombstone)"},
    {"log", cmd_log, "show the signed entries this node holds"},
    {"verify", cmd_verify, "re-check every signature, chain link and hash"},
    {"search", cmd_search, "find rows by text, in any script or spelling"},
    {"import", cmd_import, "add rows from a CSV file (Excel, LibreOffice)"},
    {"export", cmd_export, "write rows as CSV, JSON or vCard"},
    {"erase", cmd_erase, "erase personal data here and on every node"},
    {"audit", cmd_audit, "show or verify the audit log of personal data"},
    {"tables", cmd_tables, "list tables, fields and allowed values"},
    {"join", cmd_join, "join a hub with the join string it gave you"},
    {"sync", cmd_sync, "sync once with the hub now"},
    {"status", cmd_status, "show sync state, conflicts and rejections"},
    {"serve", cmd_serve, "run: web pages, sync on a schedule; on a hub, the API"},
    {"hub", cmd_hub, "hub administration: invite, members, revoke"},
    {"user", cmd_user, "accounts of the web pages"},
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

static char *join(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *s = sync_xmalloc(n);
    snprintf(s, n, "%s/%s", a, b);
    return s;
}

/* The data folder: --dir, else SPONA_DIR, else the XDG data folder. */
static char *default_dir(void)
{
    const char *d = getenv("SPONA_DIR");
    if (d && *d)
        return sync_xstrdup(d);
    d = getenv("XDG_DATA_HOME");
    if (d && *d)
        return join(d, "spona");
    d = getenv("HOME");
    if (d && *d)
        return join(d, ".local/share/spona");
    return NULL;
}

static void ctx_release(struct node_ctx *ctx)
{
    free(ctx->dir);
    free(ctx->conf_path);
    free(ctx->key_path);
    free(ctx->db_path);
    node_config_release(&ctx->cfg);
}

/* Who the audit log names for work done from this shell: the account
 * logged in (SPONA_ACTOR overrides, for scripts acting for someone). */
static const char *node_actor(void)
{
    const char *a = getenv("SPONA_ACTOR");
    if (a && *a)
        return a;
    struct passwd *pw = getpwuid(geteuid());
    return pw && pw->pw_name ? pw->pw_name : "unknown";
}

int node_open_again(const struct node_ctx *ctx, struct sync_engine **out)
{
    struct sync_err err;
    sync_err_init(&err);
    if (sync_engine_open(out, ctx->db_path, ctx->key_path, &err)) {
        int code = node_fail(&err);
        struct statvfs fs;
        /* SQLite says "disk I/O error" when it cannot make its -shm file */
        if ((err.rc == SYNC_IO || err.rc == SYNC_DB) &&
            statvfs(ctx->dir, &fs) == 0 &&
            (uint64_t)fs.f_bavail * fs.f_frsize < 64 * 1024)
            node_log(NULL, NODE_ERROR, "disk is full: no space left for "
                     "'%s'", ctx->dir);
        return code;
    }
    sync_engine_set_actor(*out, node_actor());
    return NODE_EXIT_OK;
}

int node_open(struct node_ctx *ctx, struct sync_engine **out)
{
    struct sync_err err;
    sync_err_init(&err);
    node_config_release(&ctx->cfg);
    enum sync_rc rc = node_config_load(&ctx->cfg, ctx->conf_path, &err);
    if (rc == SYNC_NOTFOUND) {
        node_log(NULL, NODE_ERROR, "no node in '%s' (create one with "
                 "'spona --dir %s init --org NAME')", ctx->dir, ctx->dir);
        return NODE_EXIT_FAIL;
    }
    if (rc)
        return node_fail(&err);
    int code = node_open_again(ctx, out);
    if (!code && ctx->cfg.org && strcmp(ctx->cfg.org, sync_engine_org(*out)))
        node_log(ctx, NODE_WARN, "config names organisation '%s' but the "
                 "node was created for '%s'", ctx->cfg.org,
                 sync_engine_org(*out));
    return code;
}

char *node_path(const struct node_ctx *ctx, const char *name)
{
    return name[0] == '/' ? sync_xstrdup(name) : join(ctx->dir, name);
}

/* http:// is for tests on this machine only. */
static bool loopback_url(const char *url)
{
    static const char *const ok[] = {"http://127.0.0.1:", "http://localhost:",
                                     "http://[::1]:"};
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
        if (strncmp(url, ok[i], strlen(ok[i])) == 0)
            return true;
    return false;
}

int node_upstream(const struct node_ctx *ctx, struct sync_upstream *out)
{
    const struct node_config *c = &ctx->cfg;
    size_t n = 0;
    memset(out, 0, sizeof(*out));
    if (!c->up_url || !c->up_key) {
        node_log(NULL, NODE_ERROR, "this node has joined no hub (use 'spona "
                 "join JOINSTRING')");
        return NODE_EXIT_FAIL;
    }
    if (sync_b64_decode(out->key, sizeof(out->key), &n, c->up_key,
                        strlen(c->up_key)) ||
        n != sizeof(out->key)) {
        node_log(NULL, NODE_ERROR, "[upstream] key in %s is malformed",
                 ctx->conf_path);
        return NODE_EXIT_FAIL;
    }
    snprintf(out->url, sizeof(out->url), "%s", c->up_url);
    snprintf(out->pin, sizeof(out->pin), "%s", c->up_pin ? c->up_pin : "");
    snprintf(out->ca_file, sizeof(out->ca_file), "%s",
             c->up_ca ? c->up_ca : "");
    out->allow_http = loopback_url(c->up_url);
    return NODE_EXIT_OK;
}

static const struct command *find_command(const char *name)
{
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

int main(int argc, char **argv)
{
    struct node_ctx ctx = {0};
    /* The database holds personal data; nothing we create is for others. */
    umask(077);
    struct sync_err err;
    const char *dir = NULL;
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
    ctx.conf_path = join(ctx.dir, "spona.conf");
    ctx.key_path = join(ctx.dir, "node.key");
    ctx.db_path = join(ctx.dir, "node.db");
    const struct command *c = find_command(argv[i]);
    int code = c ? c->fn(&ctx, argc - i, argv + i)
                 : cmd_record(&ctx, argc - i, argv + i);
    ctx_release(&ctx);
    /* An id printed into a full disk is an id lost: say so. */
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "spona: cannot write the output\n");
        return NODE_EXIT_FAIL;
    }
    return code < 0 ? NODE_EXIT_OK : code;
}
