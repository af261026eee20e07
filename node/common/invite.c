/* SPDX-License-Identifier: MIT */
/*
 * invite: a join string for a new member of this hub, from the command
 * line or the dashboard: a one-time token, the hub's URL and key, and the
 * pin of its TLS certificate.
 */
#include <stdlib.h>

#include "common/node.h"
#include "spona/fed.h"
#include "spona/round.h"

#include "spona/banned.h"

enum sync_rc node_hub_invite(const struct node_ctx *ctx, struct sync_engine *e,
                             const char *org, const char *role, int64_t ttl_s,
                             char *line, size_t size, struct sync_err *err)
{
    char token[SYNC_B64_SIZE(32)];
    char pin[128] = "";
    if (!ctx->cfg.public_url)
        return sync_err_set(err, SYNC_INVALID, "no [hub] public_url in %s",
                            ctx->conf_path);
    if (!ctx->cfg.allow_http && ctx->cfg.cert) {
        char *cert = node_path(ctx, ctx->cfg.cert);
        enum sync_rc rc = node_tls_pin(cert, pin, sizeof(pin), err);
        free(cert);
        if (rc)
            return rc;
    }
    enum sync_rc rc = sync_fed_invite(e, org, role, ttl_s, token, err);
    if (rc)
        return rc;
    sync_round_join_string(line, size, token, sync_engine_self(e), pin,
                           ctx->cfg.public_url);
    return SYNC_OK;
}
