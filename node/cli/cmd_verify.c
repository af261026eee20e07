/* SPDX-License-Identifier: MIT */
/* verify: re-checks what the node holds; exit 1 names the first thing that
 * does not hold. */
#include <stdio.h>

#include "spona/json.h"
#include "cli/cli.h"

#include "spona/banned.h"

static const char help[] =
    "usage: spona [--dir DIR] verify [--rows] [--json]\n"
    "\n"
    "Re-checks what the node holds, as fsck does: every entry's signature\n"
    "over its header, its place in the hash chain of its feed and the hash\n"
    "of its payload; that a payload is missing only where an erasure covers\n"
    "it (a payload a hub withheld fails the check until it comes); and every\n"
    "fork proof (two signed entries of one feed at one seq); and every\n"
    "receipt kept from the hub (its signature over what it acknowledged).\n"
    "\n"
    "  --rows  also recompute every row of every table from the log and\n"
    "          compare it with the stored row (slower)\n"
    "  --json  print the result as JSON\n"
    "\n"
    "Exits 0 when all of it holds, 1 naming the first thing that does not.\n";

int cmd_verify(struct node_ctx *ctx, int argc, char **argv)
{
    bool json = false, rows = false;
    size_t n_pos;
    struct node_opt opts[] = {
        {"json", NULL, &json}, {"rows", NULL, &rows}, {NULL, NULL, NULL}};
    int code = node_opts(argc, argv, opts, NULL, 0, &n_pos, help);
    if (code)
        return code;
    ctx->json |= json;
    struct sync_engine *e = ctx->e;
    struct sync_verify v;
    struct sync_err err;
    sync_err_init(&err);
    enum sync_rc rc = sync_engine_verify(e, rows, &v, &err);
    if (ctx->json) {
        struct sync_json *o = sync_json_object();
        sync_json_set_bool(o, "ok", rc == SYNC_OK);
        sync_json_set_int(o, "entries", (int64_t)v.entries);
        sync_json_set_int(o, "feeds", (int64_t)v.feeds);
        sync_json_set_int(o, "purged", (int64_t)v.purged);
        sync_json_set_int(o, "withheld", (int64_t)v.withheld);
        sync_json_set_int(o, "forks", (int64_t)v.forks);
        sync_json_set_int(o, "receipts", (int64_t)v.receipts);
        if (rows)
            sync_json_set_int(o, "rows", (int64_t)v.rows);
        sync_json_set_str(o, "error", rc ? err.msg : NULL);
        node_print_json(o);
    }
    if (rc)
        return node_fail(&err);
    if (!ctx->json)
        printf("ok: %llu entries in %llu feed(s), %llu fork proof(s)%s "
               "verified\n",
               (unsigned long long)v.entries, (unsigned long long)v.feeds,
               (unsigned long long)v.forks, rows ? ", every row" : "");
    return NODE_EXIT_OK;
}
