/* SPDX-License-Identifier: MIT */
/*
 * init: creates a node in the data folder: the key (mode 0600), the config
 * and the database. Refuses to touch a folder that already holds any of
 * them.
 */
#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "spona/import.h"
#include "spona/mem.h"
#include "spona/num.h"
#include "spona/read.h"
#include "spona/sig.h"

#include "spona/banned.h"

static const char help[] =
    "usage: spona [--dir DIR] init --org NAME [--name NODE] [--municipality "
    "M]\n"
    "                             [--hub [--listen HOST:PORT] [--url URL]]\n"
    "                             [--passphrase | --passphrase-file F]\n"
    "                             [--recover JOINSTRING]\n"
    "\n"
    "Creates a node in DIR: a new Ed25519 key (node.key, mode 0600), the\n"
    "settings (spona.conf) and the database (node.db). NAME is the\n"
    "organisation the node writes for, e.g. \"Općina Ključ\"; NODE is a\n"
    "short name shown to the hub (default: the folder name). M is the\n"
    "node's municipality, by name or code (default: the one NAME names,\n"
    "'Ključ' in \"Općina Ključ\"): new practices that name no owner\n"
    "municipality get it. It is kept as [node] municipality in spona.conf,\n"
    "where it can be changed.\n"
    "\n"
    "With --hub the node is a hub: it also gets a self-signed TLS\n"
    "certificate (hub.crt, hub-tls.key) and prints its pin. --listen sets\n"
    "the sync API address (default 0.0.0.0:8443); --url the address\n"
    "members use (default https://HOST:PORT of --listen, 127.0.0.1 for\n"
    "0.0.0.0).\n"
    "\n"
    "With --passphrase (asked for twice on the terminal) or\n"
    "--passphrase-file (its first line) node.key is sealed with that\n"
    "passphrase (Argon2id and XSalsa20-Poly1305); every command then needs\n"
    "it: from [node] passphrase_file, systemd's credential\n"
    "'spona-passphrase', or the terminal. 'spona key protect' seals the\n"
    "key of an existing node.\n"
    "\n"
    "--recover JOINSTRING is for a new device of an organisation whose\n"
    "old one is lost (revoked at the hub, docs/OPERATIONS.md): it creates\n"
    "the node, joins the hub with the join string a fresh invite gave, and\n"
    "syncs at once, so the organisation's shared rows are back, and its\n"
    "own to edit, before anyone writes. It says how many came back.\n";

/* The [hub] section of a new hub's config. */
static int hub_section(char *out, size_t size, const char *listen,
                       const char *url)
{
    char host[256];
    const char *colon = strrchr(listen, ':');
    uint64_t port = 0;
    /* The whole port, digits only: "8443abc" is not a port. */
    if (!colon || sync_parse_u64(&port, colon + 1, NULL) || colon == listen ||
        port == 0 || port > 65535 || (size_t)(colon - listen) >= sizeof(host) ||
        strpbrk(listen, "\n ")) {
        node_log(NULL, NODE_ERROR, "--listen wants HOST:PORT, not '%s'",
                 listen);
        return NODE_EXIT_USAGE;
    }
    memcpy(host, listen, (size_t)(colon - listen));
    host[colon - listen] = '\0';
    char def[300];
    bool any = strcmp(host, "0.0.0.0") == 0;
    snprintf(def, sizeof(def), "https://%s:%llu", any ? "127.0.0.1" : host,
             (unsigned long long)port);
    if (any && !url)
        node_log(NULL, NODE_WARN,
                 "members elsewhere cannot reach %s: give "
                 "--url https://NAME:%llu with the name or address they use "
                 "(or set [hub] public_url later)",
                 def, (unsigned long long)port);
    if (url && strpbrk(url, "\n ")) {
        node_log(NULL, NODE_ERROR, "--url must be one word");
        return NODE_EXIT_USAGE;
    }
    snprintf(out, size,
             "\n[hub]\n"
             "# Address of the sync API (libmicrohttpd, TLS).\n"
             "listen = %s\n"
             "# Address members reach this hub at; goes into invites.\n"
             "public_url = %s\n"
             "# TLS certificate and key, relative to the data folder.\n"
             "cert = hub.crt\n"
             "tls_key = hub-tls.key\n",
             listen, url ? url : def);
    return NODE_EXIT_OK;
}

/* Makes dir and its parents with mode 0700; existing folders are fine. */
static int make_dir(const char *dir)
{
    char path[4096];
    if (snprintf(path, sizeof(path), "%s", dir) >= (int)sizeof(path)) {
        node_log(NULL, NODE_ERROR, "data folder path is too long");
        return NODE_EXIT_FAIL;
    }
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(path, 0700) != 0 && errno != EEXIST)
            break;
        *p = '/';
    }
    if (mkdir(path, 0700) != 0 && errno != EEXIST) {
        node_log(NULL, NODE_ERROR, "cannot create folder '%s': %s", dir,
                 strerror(errno));
        return NODE_EXIT_FAIL;
    }
    return NODE_EXIT_OK;
}

/* The municipality of a new node: the one --municipality names (a code
 * or a name), or the one the organisation's name holds. "" when the name
 * holds none; a usage error for a --municipality that names none. */
static int find_lsg(char *out, size_t size, const char *org,
                    const char *municipality)
{
    struct sync_engine *e = NULL;
    struct sync_err err;
    sync_err_init(&err);
    if (sync_engine_open_schema(&e, &err))
        return node_fail(&err);
    const struct sync_schema *s = sync_engine_schema(e);
    const struct sync_fdef *f =
        sync_schema_field(sync_schema_table(s, "practice"), "owner_lsg");
    struct sync_value v = {0};
    int code = 0;
    if (municipality && sync_import_value(s, f, municipality, &v, &err)) {
        code = node_usage(help, "--municipality %s", err.msg);
    } else if (municipality) {
        snprintf(out, size, "%s", v.s);
    } else {
        const char *found = sync_import_find_lsg(s, org);
        snprintf(out, size, "%s", found ? found : "");
    }
    sync_value_clear(&v);
    sync_engine_close(e);
    return code;
}

/* Bytes of a node's short name (the usage says it). */
#define NODE_NAME_MAX 63

static const char *base_name(const char *dir)
{
    const char *end = dir + strlen(dir);
    while (end > dir + 1 && end[-1] == '/')
        end--;
    const char *s = end;
    while (s > dir && s[-1] != '/')
        s--;
    return s;
}

/* A new passphrase into pass (NODE_PASS_MAX bytes); an exit code. */
static int new_passphrase(const char *file, char *pass)
{
    struct sync_err err;
    sync_err_init(&err);
    return node_pass_read(file, true, pass, NODE_PASS_MAX, &err)
               ? node_fail(&err)
               : NODE_EXIT_OK;
}

/* Writes the new node's files; extra is a hub's config section, pass the
 * passphrase its key is sealed with (or NULL). */
static int create(struct node_ctx *ctx, const char *org, const char *name,
                  const char *lsg, const char *extra, const char *pass)
{
    bool hub = extra != NULL;
    char short_name[NODE_NAME_MAX + 1];
    /* A long folder name is cut, but not inside a UTF-8 character. */
    const char *src = name ? name : base_name(ctx->dir);
    size_t len = strlen(src);
    if (len >= sizeof(short_name)) {
        len = sizeof(short_name) - 1;
        while (len > 0 && ((unsigned char)src[len] & 0xC0) == 0x80)
            len--;
    }
    memcpy(short_name, src, len);
    short_name[len] = '\0';
    struct sync_err err;
    struct sync_engine *e = NULL;
    sync_err_init(&err);
    char pin[128] = "";
    char *cert = node_path(ctx, "hub.crt");
    char *tls_key = node_path(ctx, "hub-tls.key");
    enum sync_rc rc = node_config_write(ctx->conf_path, org, short_name,
                                        *lsg ? lsg : NULL, extra, &err);
    if (!rc && hub &&
        (rc = node_tls_make(cert, tls_key, short_name, pin, sizeof(pin), &err)))
        unlink(ctx->conf_path);
    if (!rc) {
        rc = sync_engine_create_sealed(&e, ctx->db_path, ctx->key_path, org,
                                       pass, pass ? strlen(pass) : 0, &err);
        if (!rc && hub)
            rc = sync_engine_make_hub(e, &err);
        if (rc) {
            sync_engine_close(e);
            e = NULL;
            unlink(ctx->conf_path);
            unlink(ctx->db_path);
            unlink(ctx->key_path);
            if (hub) {
                unlink(cert);
                unlink(tls_key);
            }
        }
    }
    free(cert);
    free(tls_key);
    if (rc)
        return node_fail(&err);
    char pk[SYNC_B64_SIZE(SYNC_SIG_PK_LEN)];
    sync_b64_encode(pk, sizeof(pk), sync_engine_self(e), SYNC_SIG_PK_LEN);
    printf("created %s '%s' for %s in %s\nnode key: %s\n",
           extra ? "hub" : "node", short_name, org, ctx->dir, pk);
    if (*lsg)
        printf("municipality: %s\n", lsg);
    else if (!hub)
        printf("municipality: none found in '%s'; set [node] municipality "
               "in %s\n",
               org, ctx->conf_path);
    if (hub)
        printf("TLS pin: %s\n", pin);
    sync_engine_close(e);
    return NODE_EXIT_OK;
}
/* Rows of the organisation the node holds (for --recover's report). */
struct own_count {
    const char *org;
    int64_t n;
};

static enum sync_rc count_own(const char *owner, int64_t n, void *payload)
{
    struct own_count *c = payload;
    if (strcmp(owner, c->org) == 0)
        c->n += n;
    return SYNC_OK;
}

/* --recover: the new node joins with join and syncs once. */
static int rejoin(struct node_ctx *ctx, const char *org, const char *join)
{
    struct sync_err err;
    sync_err_init(&err);
    char *join_argv[] = {"join", (char *)join, NULL};
    char *sync_argv[] = {"sync", NULL};
    int code = NODE_EXIT_OK;
    if (node_open(ctx, &ctx->e, &err))
        code = node_fail(&err);
    if (!code)
        code = cmd_join(ctx, 2, join_argv);
    if (!code) { /* again, for the [upstream] join wrote */
        sync_engine_close(ctx->e);
        ctx->e = NULL;
        if (node_open(ctx, &ctx->e, &err))
            code = node_fail(&err);
    }
    if (!code)
        code = cmd_sync(ctx, 1, sync_argv);
    if (code) {
        node_log(NULL, NODE_ERROR,
                 "the node in %s is made; finish with 'spona join' and "
                 "'spona sync'",
                 ctx->dir);
        return code;
    }
    struct own_count c = {.org = org};
    const struct sync_schema *s = sync_engine_schema(ctx->e);
    const struct sync_tdef *t;
    for (size_t i = 0; (t = sync_schema_table_at(s, i)) != NULL; i++)
        if (t->name[0] != '_' &&
            sync_read_count_by(ctx->e, t->name, "owner", count_own, &c, &err))
            return node_fail(&err);
    printf("%lld row(s) of %s came back from the hub\n", (long long)c.n, org);
    return NODE_EXIT_OK;
}

int cmd_init(struct node_ctx *ctx, int argc, char **argv)
{
    const char *org = NULL;
    const char *name = NULL;
    const char *listen = NULL;
    const char *url = NULL;
    bool hub = false;
    bool sealed = false;
    const char *pass_file = NULL;
    const char *pos[1];
    size_t n_pos;
    char extra[1024] = "";
    const char *municipality = NULL;
    const char *recover = NULL;
    char lsg[64] = "";
    struct node_opt opts[] = {{"org", &org, NULL},
                              {"name", &name, NULL},
                              {"municipality", &municipality, NULL},
                              {"hub", NULL, &hub},
                              {"listen", &listen, NULL},
                              {"url", &url, NULL},
                              {"passphrase", NULL, &sealed},
                              {"passphrase-file", &pass_file, NULL},
                              {"recover", &recover, NULL},
                              {NULL, NULL, NULL}};
    int code = node_opts(argc, argv, opts, pos, 0, &n_pos, help);
    if (code)
        return code;
    if (!org)
        return node_usage(help, "init needs --org NAME");
    if (name && strlen(name) > NODE_NAME_MAX)
        return node_usage(help, "--name has at most 63 bytes");
    if ((listen || url) && !hub)
        return node_usage(help, "--listen and --url are for --hub");
    if (recover && hub)
        return node_usage(help, "--recover is for a node, not a hub");
    if ((code = find_lsg(lsg, sizeof(lsg), org, municipality)))
        return code;
    if (hub && (code = hub_section(extra, sizeof(extra),
                                   listen ? listen : "0.0.0.0:8443", url)))
        return code;
    const char *paths[] = {ctx->conf_path, ctx->key_path, ctx->db_path};
    for (size_t i = 0; i < 3; i++)
        if (access(paths[i], F_OK) == 0) {
            node_log(NULL, NODE_ERROR,
                     "'%s' already exists; a node is never "
                     "created over another",
                     paths[i]);
            return NODE_EXIT_FAIL;
        }
    char *pass = sync_xcalloc(1, NODE_PASS_MAX);
    if (sealed || pass_file)
        code = new_passphrase(pass_file, pass);
    if (!code)
        code = make_dir(ctx->dir);
    if (!code)
        code = create(ctx, org, name, lsg, hub ? extra : NULL,
                      sealed || pass_file ? pass : NULL);
    sync_memzero(pass, NODE_PASS_MAX);
    free(pass);
    return code || !recover ? code : rejoin(ctx, org, recover);
}
