/* SPDX-License-Identifier: MIT */
/*
 * gate: request checks before the body (see gate.h). The member check and
 * its messages are those sync_fed_auth makes again after the signature.
 */
#include "spona/gate.h"

#include <string.h>

#include "spona/limits.h"
#include "store.h"

#include "engine_int.h"

#include "spona/banned.h"

enum sync_rc sync_gate_headers(struct sync_engine *e,
                               const struct sync_req_auth *a, bool joining,
                               uint64_t now_ms, struct sync_err *err)
{
    uint64_t skew =
        a->time_ms > now_ms ? a->time_ms - now_ms : now_ms - a->time_ms;
    if (skew > SYNC_LIMIT_REQ_SKEW_MS)
        return sync_err_set(err, SYNC_CONFLICT,
                            "request time is %llu s "
                            "off this clock",
                            (unsigned long long)skew / 1000);
    if (joining)
        return SYNC_OK;
    struct sync_member m;
    enum sync_rc rc =
        sync_store_member_read(sync_engine_store(e), a->key, &m, err);
    if (rc == SYNC_NOTFOUND)
        return sync_err_set(err, SYNC_CONFLICT,
                            "key is not a member of this "
                            "hub");
    if (rc)
        return rc;
    if (!m.active)
        return sync_err_set(err, SYNC_CONFLICT, "key is revoked");
    if (!m.has_writer ||
        memcmp(m.writer, sync_engine_self(e), SYNC_SIG_PK_LEN) != 0)
        return sync_err_set(err, SYNC_CONFLICT,
                            "key is not a direct member "
                            "of this hub");
    return SYNC_OK;
}

size_t sync_gate_body_max(const char *path)
{
    return strcmp(path, "/v1/join") == 0 ? SYNC_LIMIT_JOIN_BODY
                                         : SYNC_LIMIT_BODY;
}
