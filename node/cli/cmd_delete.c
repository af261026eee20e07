/* SPDX-License-Identifier: MIT */
/* delete: tombstones a row with a signed entry; its history stays. */
#include <stdio.h>

#include "cli/cli.h"

#include "spona/banned.h"

static const char help[] =
    "usage: spona [--dir DIR] delete TABLE ID\n"
    "\n"
    "Deletes row ID of TABLE. The deletion is a signed entry (a tombstone)\n"
    "that reaches every node holding the row; earlier entries stay in the\n"
    "log.\n";

int cmd_delete(struct node_ctx *ctx, int argc, char **argv)
{
    const char *pos[2];
    size_t n_pos;
    int code = node_opts(argc, argv, NULL, pos, 2, &n_pos, help);
    if (code)
        return code;
    if (n_pos != 2)
        return node_usage(help, "delete needs TABLE and ID");
    struct sync_engine *e = ctx->e;
    struct sync_err err;
    sync_err_init(&err);
    if (sync_engine_delete(e, pos[0], pos[1], &err))
        code = node_fail(&err);
    else
        node_log(ctx, NODE_INFO, "deleted %s %s", pos[0], pos[1]);
    return code;
}
