/* SPDX-License-Identifier: MIT */
/*
 * open: the data folder as the program sees it: the config, the node in
 * it (one engine per thread), who the audit log names, and the upstream
 * hub the config names.
 */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "common/node.h"
#include "spona/mem.h"
#include "spona/sig.h"

#include "spona/banned.h"

char *node_join_path(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *s = sync_xmalloc(n);
    snprintf(s, n, "%s/%s", dir, name);
    return s;
}

char *node_path(const struct node_ctx *ctx, const char *name)
{
    return name[0] == '/' ? sync_xstrdup(name) : node_join_path(ctx->dir, name);
}

/* Who the audit log names for work done from this shell: the account
 * logged in (SPONA_ACTOR overrides, for scripts acting for someone). */
static const char *actor(void)
{
    const char *a = getenv("SPONA_ACTOR");
    if (a && *a)
        return a;
    struct passwd *pw = getpwuid(geteuid());
    return pw && pw->pw_name ? pw->pw_name : "unknown";
}

enum sync_rc node_open_again(const struct node_ctx *ctx,
                             struct sync_engine **out, struct sync_err *err)
{
    enum sync_rc rc =
        ctx->key ? sync_engine_open_key(out, ctx->db_path, ctx->key, err)
                 : sync_engine_open(out, ctx->db_path, ctx->key_path, err);
    struct statvfs fs;
    /* SQLite says "disk I/O error" when it cannot make its -shm file. */
    if ((rc == SYNC_IO || rc == SYNC_DB) && statvfs(ctx->dir, &fs) == 0 &&
        (uint64_t)fs.f_bavail * fs.f_frsize < 64 * 1024)
        return sync_err_set(err, SYNC_IO,
                            "disk is full: no space left for "
                            "'%s'",
                            ctx->dir);
    if (!rc)
        sync_engine_set_actor(*out, actor());
    if (!rc && ctx->cfg.lsg &&
        (rc = sync_engine_set_lsg(*out, ctx->cfg.lsg, err))) {
        sync_err_prefix(err, "[node] municipality");
        sync_engine_close(*out);
        *out = NULL;
    }
    return rc;
}

void node_sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
}

/* node.key does not belong to the database: a rotation that stopped after
 * the database took the next key and before its file was renamed is
 * finished here (cmd_key.c). Any other mismatch stays the error it is. */
static enum sync_rc finish_rotation(struct node_ctx *ctx,
                                    struct sync_engine **out,
                                    struct sync_err *err)
{
    char *next_path = node_path(ctx, NODE_NEXT_KEY);
    struct sync_key *next = NULL;
    struct sync_err why;
    sync_err_init(&why);
    enum sync_rc rc = SYNC_CONFLICT;
    if (access(next_path, F_OK) == 0 &&
        !node_key_read(ctx, next_path, &next, &why)) {
        struct sync_key *old = ctx->key;
        ctx->key = next;
        struct sync_engine *e = NULL;
        rc = node_open_again(ctx, &e, &why);
        if (!rc && rename(next_path, ctx->key_path) != 0) {
            rc = sync_err_set(err, SYNC_IO, "cannot rename '%s': %s", next_path,
                              strerror(errno));
            sync_engine_close(e);
        }
        if (!rc) {
            *out = e;
            node_sync_dir(ctx->dir);
            node_log(ctx, NODE_INFO,
                     "finished the key rotation: %s is the "
                     "node key now",
                     ctx->key_path);
        }
        ctx->key = rc ? old : next;
        sync_key_free(rc ? next : old);
    }
    free(next_path);
    return rc;
}

enum sync_rc node_open(struct node_ctx *ctx, struct sync_engine **out,
                       struct sync_err *err)
{
    node_config_release(&ctx->cfg);
    enum sync_rc rc = node_config_load(&ctx->cfg, ctx->conf_path, err);
    if (rc == SYNC_NOTFOUND)
        return sync_err_set(err, rc,
                            "no node in '%s' (create one with "
                            "'spona --dir %s init --org NAME')",
                            ctx->dir, ctx->dir);
    if (!rc && ctx->conf_extra)
        rc = node_config_overlay(&ctx->cfg, ctx->conf_extra, err);
    if (!rc && access(ctx->db_path, F_OK) == 0)
        rc = node_key_load(ctx, err);
    if (!rc)
        rc = node_open_again(ctx, out, err);
    if (rc == SYNC_CONFLICT)
        rc = finish_rotation(ctx, out, err);
    if (!rc && ctx->cfg.org && strcmp(ctx->cfg.org, sync_engine_org(*out)))
        node_log(ctx, NODE_WARN,
                 "config names organisation '%s' but the "
                 "node was created for '%s'",
                 ctx->cfg.org, sync_engine_org(*out));
    return rc;
}

/* http:// is for tests on this machine only. */
static bool loopback_url(const char *url)
{
    static const char *const ok[] = {
        "http://127.0.0.1:", "http://localhost:", "http://[::1]:"};
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
        if (strncmp(url, ok[i], strlen(ok[i])) == 0)
            return true;
    return false;
}

enum sync_rc node_upstream(const struct node_ctx *ctx,
                           struct sync_upstream *out, struct sync_err *err)
{
    const struct node_config *c = &ctx->cfg;
    size_t n = 0;
    memset(out, 0, sizeof(*out));
    if (!c->up_url || !c->up_key)
        return sync_err_set(err, SYNC_NOTFOUND,
                            "this node has joined no "
                            "hub (use 'spona join JOINSTRING')");
    if (sync_b64_decode(out->key, sizeof(out->key), &n, c->up_key,
                        strlen(c->up_key)) ||
        n != sizeof(out->key))
        return sync_err_set(err, SYNC_INVALID,
                            "[upstream] key in %s is "
                            "malformed",
                            ctx->conf_path);
    snprintf(out->url, sizeof(out->url), "%s", c->up_url);
    snprintf(out->pin, sizeof(out->pin), "%s", c->up_pin ? c->up_pin : "");
    snprintf(out->ca_file, sizeof(out->ca_file), "%s",
             c->up_ca ? c->up_ca : "");
    out->allow_http = loopback_url(c->up_url);
    return SYNC_OK;
}
