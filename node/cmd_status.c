/* SPDX-License-Identifier: MIT */
/*
 * status: the hub, the last successful sync, changes not yet confirmed,
 * per-feed positions, conflicts, rejected entries and forks.
 */
#include <stdio.h>
#include <string.h>

#include "node.h"

#include "banned.h"

static const char help[] =
    "usage: spona [--dir DIR] status [--json]\n"
    "\n"
    "Shows the hub this node syncs with, the last successful sync, changes\n"
    "the hub has not confirmed yet, the position of every feed held,\n"
    "conflicts, rejected entries and forks.\n";

struct feeds_out {
    struct sync_json *arr; /* JSON, or NULL for text */
};

static enum sync_rc feed_line(const struct sync_feed *f, void *payload)
{
    struct feeds_out *o = payload;
    char author[SYNC_B64_SIZE(SYNC_SIG_PK_LEN)];
    sync_b64_encode(author, sizeof(author), f->author, SYNC_SIG_PK_LEN);
    if (o->arr) {
        struct sync_json *j = sync_json_object();
        sync_json_set_str(j, "author", author);
        sync_json_set_str(j, "scope", sync_scope_name(f->scope));
        sync_json_set_int(j, "seq", (int64_t)f->last_seq);
        sync_json_set_bool(j, "forked", f->forked);
        sync_json_push(o->arr, j);
    } else {
        printf("  %.12s %-8s seq %llu%s\n", author, sync_scope_name(f->scope),
               (unsigned long long)f->last_seq, f->forked ? "  FORKED" : "");
    }
    return SYNC_OK;
}

int cmd_status(struct node_ctx *ctx, int argc, char **argv)
{
    bool json = false;
    const char *pos[1];
    size_t n_pos;
    struct node_opt opts[] = {{"json", NULL, &json}, {NULL, NULL, NULL}};
    int code = node_opts(argc, argv, opts, pos, 0, &n_pos, help);
    if (code)
        return code;
    ctx->json |= json;
    struct sync_engine *e = NULL;
    if ((code = node_open(ctx, &e)))
        return code;
    struct sync_store *st = sync_engine_store(e);
    struct sync_err err;
    int64_t last = 0, unacked = 0, conflicts = 0, rejected = 0, forks = 0;
    sync_err_init(&err);
    enum sync_rc rc = sync_store_meta_get_int(st, "last_sync", &last, &err);
    if (rc == SYNC_NOTFOUND)
        rc = SYNC_OK;
    if (!rc)
        rc = sync_store_unacked(st, sync_engine_self(e), sync_engine_is_hub(e),
                                &unacked, &err);
    if (!rc)
        rc = sync_store_count(st, "conflict", &conflicts, &err);
    if (!rc)
        rc = sync_store_count(st, "rejected", &rejected, &err);
    if (!rc)
        rc = sync_store_count(st, "fork", &forks, &err);
    char when[32];
    node_time(when, last);
    const char *hub = ctx->cfg.up_url;
    struct feeds_out fo = {.arr = ctx->json ? sync_json_array() : NULL};
    if (!rc && !ctx->json) {
        printf("role        %s\n", sync_engine_is_hub(e) ? "hub" : "node");
        printf("hub         %s\n", hub ? hub : "(none: not joined)");
        printf("last sync   %s\n", last ? when : "never");
        printf("unsent      %lld change(s) not confirmed by the hub\n",
               (long long)unacked);
        printf("conflicts   %lld\nrejected    %lld\nforks       %lld\n"
               "feeds:\n", (long long)conflicts, (long long)rejected,
               (long long)forks);
    }
    if (!rc)
        rc = sync_store_feeds_each(st, feed_line, &fo, &err);
    if (!rc && ctx->json) {
        struct sync_json *o = sync_json_object();
        sync_json_set_str(o, "role", sync_engine_is_hub(e) ? "hub" : "node");
        sync_json_set_str(o, "hub", hub);
        sync_json_set_str(o, "last_sync", last ? when : NULL);
        sync_json_set_int(o, "unacknowledged", unacked);
        sync_json_set_int(o, "conflicts", conflicts);
        sync_json_set_int(o, "rejected", rejected);
        sync_json_set_int(o, "forks", forks);
        sync_json_set(o, "feeds", fo.arr);
        fo.arr = NULL;
        node_print_json(o);
    }
    sync_json_free(fo.arr);
    sync_engine_close(e);
    return rc ? node_fail(&err) : NODE_EXIT_OK;
}
