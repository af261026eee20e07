/* SPDX-License-Identifier: MIT */
/* verify: re-checks every stored entry; exit 1 names the first bad one. */
#include <stdio.h>

#include "spona/json.h"
#include "cli/cli.h"

#include "spona/banned.h"

static const char help[] =
    "usage: spona [--dir DIR] verify [--json]\n"
    "\n"
    "Re-checks every entry the node holds: the signature over its header,\n"
    "its place in the hash chain of its feed, and the hash of its payload.\n"
    "Exits 0 when all hold, 1 naming the first entry that does not.\n";

int cmd_verify(struct node_ctx *ctx, int argc, char **argv)
{
    int code = node_opts_json(ctx, argc, argv, help);
    if (code)
        return code;
    struct sync_engine *e = ctx->e;
    struct sync_verify v;
    struct sync_err err;
    sync_err_init(&err);
    enum sync_rc rc = sync_engine_verify(e, &v, &err);
    if (ctx->json) {
        struct sync_json *o = sync_json_object();
        sync_json_set_bool(o, "ok", rc == SYNC_OK);
        sync_json_set_int(o, "entries", (int64_t)v.entries);
        sync_json_set_int(o, "feeds", (int64_t)v.feeds);
        sync_json_set_int(o, "purged", (int64_t)v.purged);
        sync_json_set_str(o, "error", rc ? err.msg : NULL);
        node_print_json(o);
    }
    if (rc)
        return node_fail(&err);
    if (!ctx->json)
        printf("ok: %llu entries in %llu feed(s) verified\n",
               (unsigned long long)v.entries, (unsigned long long)v.feeds);
    return NODE_EXIT_OK;
}
