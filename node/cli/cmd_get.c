/* SPDX-License-Identifier: MIT */
/* get, list: print one row or the rows of a table. */
#include "cli/cli.h"

#include "spona/banned.h"

static const char get_help[] =
    "usage: spona [--dir DIR] get TABLE ID [--json]\n"
    "\n"
    "Prints row ID of TABLE, one field per line, or as a JSON object.\n";

static const char list_help[] =
    "usage: spona [--dir DIR] list TABLE [--json]\n"
    "\n"
    "Lists the rows of TABLE that are not deleted: id, scope and the first\n"
    "field (the title); with --json, every field of every row.\n";

int cmd_get(struct node_ctx *ctx, int argc, char **argv)
{
    bool json = false;
    const char *pos[2];
    size_t n_pos;
    struct node_opt opts[] = {{"json", NULL, &json}, {NULL, NULL, NULL}};
    int code = node_opts(argc, argv, opts, pos, 2, &n_pos, get_help);
    if (code)
        return code;
    if (n_pos != 2)
        return node_usage(get_help, "get needs TABLE and ID");
    ctx->json |= json;
    struct sync_engine *e = ctx->e;
    code = node_show(ctx, e, pos[0], pos[1]);
    return code;
}

int cmd_list(struct node_ctx *ctx, int argc, char **argv)
{
    bool json = false;
    const char *pos[1];
    size_t n_pos;
    struct node_opt opts[] = {{"json", NULL, &json}, {NULL, NULL, NULL}};
    int code = node_opts(argc, argv, opts, pos, 1, &n_pos, list_help);
    if (code)
        return code;
    if (n_pos != 1)
        return node_usage(list_help, "list needs TABLE");
    ctx->json |= json;
    struct sync_engine *e = ctx->e;
    code = node_print_list(ctx, e, pos[0]);
    return code;
}
