/* SPDX-License-Identifier: MIT */
/*
 * key: the node's own key. 'key protect' seals node.key with a passphrase
 * (or gives a sealed one a new passphrase), replacing the file in one
 * rename so a crash leaves the old key or the new one, never none. 'key
 * rotate' replaces the key itself with the hub's agreement (PROTOCOL.md
 * §14): the next key waits in node.key.next until the database has taken
 * it, and node_open finishes a rotation a crash interrupted.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "spona/mem.h"
#include "spona/read.h"
#include "spona/round.h"
#include "spona/sig.h"
#include "cli/cli.h"

#include "spona/banned.h"

static const char help[] =
    "usage: spona [--dir DIR] key protect [--passphrase-file F]\n"
    "       spona [--dir DIR] key rotate\n"
    "\n"
    "Seals node.key with a passphrase (Argon2id and XSalsa20-Poly1305),\n"
    "read from the first line of F or asked for twice on the terminal; a\n"
    "key that is sealed already gets the new passphrase. Every command,\n"
    "'spona serve' too, then needs the passphrase: from the file named by\n"
    "[node] passphrase_file, from systemd's credential 'spona-passphrase'\n"
    "(LoadCredential=), or typed on the terminal. A running 'serve' keeps\n"
    "working; it reads the key again only when it starts.\n"
    "\n"
    "rotate replaces the node's key with a new one, for a key that may have\n"
    "been copied or a device handed on. It needs the hub: it syncs first\n"
    "(every change the old key signed must be confirmed by the hub), then\n"
    "the hub revokes the old key at its last entries and vouches for the\n"
    "new one as the same member, with no new invite. Stop 'spona serve'\n"
    "first. A sealed key stays sealed with the same passphrase. If it\n"
    "stops half way, run it again.\n";

/* Writes ctx->key sealed with pass over node.key. */
static enum sync_rc reseal(struct node_ctx *ctx, const char *pass,
                           struct sync_err *err)
{
    char *tmp = node_path(ctx, "node.key.new");
    unlink(tmp); /* a leftover of a crash */
    enum sync_rc rc =
        sync_key_save_sealed(ctx->key, tmp, pass, strlen(pass), err);
    if (!rc && rename(tmp, ctx->key_path) != 0)
        rc = sync_err_set(err, SYNC_IO, "cannot replace '%s': %s",
                          ctx->key_path, strerror(errno));
    if (rc)
        unlink(tmp);
    else
        node_sync_dir(ctx->dir);
    free(tmp);
    return rc;
}

/* A sync round; the rotation needs every change confirmed by the hub. */
static enum sync_rc caught_up(struct node_ctx *ctx,
                              const struct sync_upstream *u,
                              struct sync_err *err)
{
    struct sync_round_stats stats = {0};
    struct sync_status st;
    enum sync_rc rc = sync_round_run(ctx->e, u, NULL, NULL, &stats, err);
    if (rc) {
        sync_err_prefix(err, "the rotation needs the hub");
        return rc;
    }
    if ((rc = sync_read_status(ctx->e, &st, err)))
        return rc;
    if (st.unacked > 0 || st.pending > 0)
        return sync_err_set(err, SYNC_CONFLICT,
                            "%lld change(s) are not confirmed by the hub "
                            "yet: sync until 'spona status' shows none, "
                            "then rotate",
                            (long long)(st.unacked + st.pending));
    return SYNC_OK;
}

/* The next key: the one a stopped rotation left, else a new one saved in
 * node.key.next. */
static enum sync_rc next_key(struct node_ctx *ctx, const char *path,
                             struct sync_key **out, struct sync_err *err)
{
    if (access(path, F_OK) == 0) {
        enum sync_rc rc = node_key_read(ctx, path, out, err);
        /* Left by a rotation that stopped; node.key sealed (or not) since:
         * the next key is kept the same way. */
        if (!rc &&
            sync_key_file_sealed(path) != sync_key_file_sealed(ctx->key_path)) {
            char *tmp = node_path(ctx, NODE_NEXT_KEY ".new");
            unlink(tmp);
            rc = node_key_write(ctx, *out, tmp, err);
            if (!rc && rename(tmp, path) != 0)
                rc = sync_err_set(err, SYNC_IO, "cannot replace '%s'", path);
            if (rc)
                unlink(tmp);
            free(tmp);
        }
        return rc;
    }
    sync_key_generate(out);
    enum sync_rc rc = node_key_write(ctx, *out, path, err);
    if (!rc)
        node_sync_dir(ctx->dir);
    return rc;
}

/* Takes serve's lock of the data folder (svc.c) for the rotation: a
 * running serve would go on signing with the old key. -1 when it runs. */
static int lock_serve(struct node_ctx *ctx)
{
    char *path = node_path(ctx, "serve.lock");
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    free(path);
    if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) != 0) {
        close(fd);
        fd = -1;
    }
    if (fd < 0)
        node_log(NULL, NODE_ERROR,
                 "'spona serve' runs on '%s': stop it, rotate, start it",
                 ctx->dir);
    return fd;
}

/* Counts the node's own feeds that forked. */
struct own_forks {
    const uint8_t *self;
    size_t n;
};

static enum sync_rc count_fork(const struct sync_feed *f, void *payload)
{
    struct own_forks *o = payload;
    o->n += f->forked && sync_memeq(f->author, o->self, SYNC_SIG_PK_LEN);
    return SYNC_OK;
}

/* recover: the changes the hub never took, written under the new key. */
static enum sync_rc reissue(struct node_ctx *ctx, const uint8_t *old,
                            struct sync_err *err)
{
    size_t entries = 0, writes = 0;
    enum sync_rc rc = sync_engine_reissue(ctx->e, old, &entries, &writes, err);
    if (!rc)
        printf("%zu change(s) the hub never took, written again under the "
               "new key in %zu write(s); the next sync takes the other "
               "copy's changes and the hub's fork proof\n",
               entries, writes);
    return rc;
}

/* Before a rotation: everything confirmed by the hub; before a recovery,
 * as much as the hub takes (the forked feeds it refuses). */
static enum sync_rc before(struct node_ctx *ctx, const struct sync_upstream *u,
                           bool recover, struct sync_err *err)
{
    if (!recover)
        return caught_up(ctx, u, err);
    enum sync_rc rc = SYNC_OK;
    struct sync_round_stats stats = {0};
    struct sync_err ignored;
    sync_err_init(&ignored);
    /* The forked feeds fail the round; what else it pushed is in. */
    bool pushed =
        !rc && !sync_round_run(ctx->e, u, NULL, NULL, &stats, &ignored);
    (void)pushed;
    return rc;
}

static int rotate(struct node_ctx *ctx, bool recover)
{
    struct sync_upstream u;
    struct sync_key *next = NULL;
    struct sync_err err;
    sync_err_init(&err);
    if (sync_engine_is_hub(ctx->e)) {
        node_log(NULL, NODE_ERROR,
                 "a hub's key cannot be rotated: its members trust it by "
                 "[upstream] key (docs/OPERATIONS.md)");
        return NODE_EXIT_FAIL;
    }
    int lock = lock_serve(ctx);
    if (lock < 0)
        return NODE_EXIT_FAIL;
    char *path = node_path(ctx, NODE_NEXT_KEY);
    char old[SYNC_B64_SIZE(SYNC_SIG_PK_LEN)], now[sizeof(old)];
    uint8_t old_pk[SYNC_SIG_PK_LEN];
    memcpy(old_pk, sync_engine_self(ctx->e), sizeof(old_pk));
    sync_b64_encode(old, sizeof(old), old_pk, sizeof(old_pk));
    enum sync_rc rc = node_upstream(ctx, &u, &err);
    /* A rotation begun before may be done at the hub, the old key revoked
     * there: no round with it then. The hub checks 'have' either way. */
    if (!rc && access(path, F_OK) != 0)
        rc = before(ctx, &u, recover, &err);
    if (!rc)
        rc = next_key(ctx, path, &next, &err);
    if (!rc)
        rc = sync_round_rotate(ctx->e, &u, next, &err);
    if (!rc && rename(path, ctx->key_path) != 0)
        rc = sync_err_set(&err, SYNC_IO, "cannot rename '%s': %s", path,
                          strerror(errno));
    free(path);
    sync_key_free(next);
    if (rc) {
        close(lock);
        return node_fail(&err);
    }
    node_sync_dir(ctx->dir);
    sync_b64_encode(now, sizeof(now), sync_engine_self(ctx->e),
                    SYNC_SIG_PK_LEN);
    printf("old key: %s (revoked by the hub at its last entries)\n"
           "new key: %s\n",
           old, now);
    sync_err_init(&err);
    if (recover && reissue(ctx, old_pk, &err)) {
        close(lock);
        node_log(NULL, NODE_ERROR,
                 "the new key is in place; writing the "
                 "changes again failed: %s",
                 err.msg);
        return NODE_EXIT_FAIL;
    }
    /* The new key's roster rows, from the hub; a failure here only waits
     * for the next round. */
    struct sync_round_stats stats = {0};
    sync_err_init(&err);
    if (sync_round_run(ctx->e, &u, NULL, NULL, &stats, &err))
        node_log(NULL, NODE_WARN,
                 "the rotation is done; the sync after it "
                 "failed: %s",
                 err.msg);
    close(lock);
    return NODE_EXIT_OK;
}

int cmd_key(struct node_ctx *ctx, int argc, char **argv)
{
    const char *pass_file = NULL;
    const char *pos[1];
    size_t n_pos = 0;
    struct node_opt opts[] = {{"passphrase-file", &pass_file, NULL},
                              {NULL, NULL, NULL}};
    int code = node_opts(argc, argv, opts, pos, 1, &n_pos, help);
    if (code)
        return code;
    if (n_pos == 1 && strcmp(pos[0], "rotate") == 0 && !pass_file)
        return rotate(ctx, false);
    if (n_pos != 1 || strcmp(pos[0], "protect") != 0)
        return node_usage(help, "key wants 'protect' or 'rotate'");
    struct sync_err err;
    sync_err_init(&err);
    bool was = sync_key_file_sealed(ctx->key_path);
    char *next = node_path(ctx, NODE_NEXT_KEY);
    bool rotating = access(next, F_OK) == 0;
    free(next);
    if (rotating) {
        node_log(NULL, NODE_ERROR,
                 "a key rotation is under way (%s holds the next key): "
                 "finish it with 'spona key rotate' (or 'spona recover') "
                 "first",
                 NODE_NEXT_KEY);
        return NODE_EXIT_FAIL;
    }
    char *pass = sync_xcalloc(1, NODE_PASS_MAX);
    enum sync_rc rc =
        node_pass_read(pass_file, true, pass, NODE_PASS_MAX, &err);
    if (!rc)
        rc = reseal(ctx, pass, &err);
    sync_memzero(pass, NODE_PASS_MAX);
    free(pass);
    if (rc)
        return node_fail(&err);
    printf("%s is sealed%s\n", ctx->key_path,
           was ? " with the new passphrase" : "");
    if (!ctx->cfg.passphrase_file)
        printf("'spona serve' needs the passphrase when it starts: set [node] "
               "passphrase_file in %s, or give systemd's credential "
               "'spona-passphrase' (docs/OPERATIONS.md)\n",
               ctx->conf_path);
    return NODE_EXIT_OK;
}

static const char recover_help[] =
    "usage: spona [--dir DIR] recover\n"
    "\n"
    "For a node told that its feed forked (another copy of its folder or\n"
    "key wrote the same entries first, 'spona status' shows the fork): it\n"
    "rotates the node's key with the hub ('spona key rotate'), then writes\n"
    "again, under the new key, the changes of this copy that the hub never\n"
    "took, one write per row; where the other copy changed the same field,\n"
    "the two stand as a conflict to resolve ('spona conflicts'). The fork\n"
    "proof stays. Stop 'spona serve' first; the other copy must not run\n"
    "again with the old key (it is revoked). Run it again if it stops half\n"
    "way.\n";

/* A recovery that stopped after the rotation: the rest written again. */
static int resume(struct node_ctx *ctx)
{
    struct sync_upstream u;
    struct sync_round_stats stats = {0};
    struct sync_err err;
    sync_err_init(&err);
    enum sync_rc rc = reissue(ctx, NULL, &err);
    if (rc == SYNC_NOTFOUND) {
        node_log(NULL, NODE_ERROR,
                 "no feed of this node forked: nothing to recover (for a "
                 "new key: 'spona key rotate')");
        return NODE_EXIT_FAIL;
    }
    if (!rc && !(rc = node_upstream(ctx, &u, &err)))
        rc = sync_round_run(ctx->e, &u, NULL, NULL, &stats, &err);
    return rc ? node_fail(&err) : NODE_EXIT_OK;
}

int cmd_recover(struct node_ctx *ctx, int argc, char **argv)
{
    const char *pos[1];
    size_t n_pos = 0;
    struct own_forks o = {.self = sync_engine_self(ctx->e)};
    struct sync_err err;
    sync_err_init(&err);
    int code = node_opts(argc, argv, NULL, pos, 0, &n_pos, recover_help);
    if (code)
        return code;
    if (sync_read_feeds(ctx->e, count_fork, &o, &err))
        return node_fail(&err);
    return o.n ? rotate(ctx, true) : resume(ctx);
}
