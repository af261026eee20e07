/* SPDX-License-Identifier: MIT */
/* join: becomes a member of a hub with the join string it printed. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

#include "spona/banned.h"

static const char help[] =
    "usage: spona [--dir DIR] join JOINSTRING\n"
    "\n"
    "Joins the hub that printed JOINSTRING ('spona hub invite'): sends this\n"
    "node's public key, signed, with the one-time token; checks the hub's\n"
    "key and pins its TLS certificate; records the hub in spona.conf\n"
    "([upstream]). A hub joins its parent hub the same way.\n";

int cmd_join(struct node_ctx *ctx, int argc, char **argv)
{
    const char *pos[1];
    size_t n_pos;
    int code = node_opts(argc, argv, NULL, pos, 1, &n_pos, help);
    if (code)
        return code;
    if (n_pos != 1)
        return node_usage(help, "join needs the JOINSTRING");
    struct sync_upstream u;
    struct sync_err err;
    char token[64];
    sync_err_init(&err);
    if (sync_round_parse_join(pos[0], &u, token, &err))
        return node_fail(&err);
    struct sync_engine *e = ctx->e;
    if (ctx->cfg.up_url) {
        node_log(NULL, NODE_ERROR,
                 "this node already syncs with %s; remove "
                 "[upstream] from %s to join another hub",
                 ctx->cfg.up_url, ctx->conf_path);
        return NODE_EXIT_FAIL;
    }
    enum sync_rc rc =
        sync_round_join(e, &u, token, ctx->cfg.name ? ctx->cfg.name : "", &err);
    if (!rc) {
        char key[SYNC_B64_SIZE(SYNC_SIG_PK_LEN)];
        char section[1400];
        sync_b64_encode(key, sizeof(key), u.key, sizeof(u.key));
        snprintf(section, sizeof(section),
                 "\n[upstream]\n"
                 "# The hub this node syncs with (written by 'spona join').\n"
                 "url = %s\nkey = %s\npin = %s\n",
                 u.url, key, u.pin);
        rc = node_config_append(ctx->conf_path, section, &err);
    }
    if (rc)
        return node_fail(&err);
    printf("joined the hub at %s\n", u.url);
    return NODE_EXIT_OK;
}
