/* SPDX-License-Identifier: MIT */
/* put: creates a row or changes fields of one, as a signed entry. */
#include <stdio.h>

#include "spona/json.h"
#include "cli/cli.h"

#include "spona/banned.h"

static const char help[] =
    "usage: spona [--dir DIR] put TABLE FIELD=VALUE... [--id ID] [--json]\n"
    "\n"
    "Without --id, creates a row of TABLE and prints its new id; with --id,\n"
    "changes the given fields of row ID. An empty VALUE clears a field;\n"
    "lists are written as a|b|c. scope=local|hub|network|public chooses who\n"
    "may receive the row. 'spona tables TABLE' lists the fields.\n";

#define MAX_WORDS (SYNC_LIMIT_FIELDS + 1)

int cmd_put(struct node_ctx *ctx, int argc, char **argv)
{
    const char *id = NULL;
    bool json = false;
    const char *pos[MAX_WORDS + 1];
    size_t n_pos;
    struct node_opt opts[] = {
        {"id", &id, NULL}, {"json", NULL, &json}, {NULL, NULL, NULL}};
    int code = node_opts(argc, argv, opts, pos, MAX_WORDS + 1, &n_pos, help);
    if (code)
        return code;
    if (n_pos < 2)
        return node_usage(help, "put needs TABLE and at least one "
                                "FIELD=VALUE");
    ctx->json |= json;
    struct sync_engine *e = ctx->e;
    struct sync_record set;
    sync_record_init(&set);
    code = node_fields(e, pos[0], pos + 1, n_pos - 1, &set, help);
    if (!code)
        code = node_put(ctx, pos[0], id, &set);
    sync_record_release(&set);
    return code;
}
