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

enum sync_rc sync_gate_member(struct sync_engine *e, const uint8_t *key,
                              struct sync_err *err)
{
    struct sync_member m;
    enum sync_rc rc =
        sync_store_member_read(sync_engine_store(e), key, &m, err);
    if (rc == SYNC_NOTFOUND)
        return sync_err_set(err, SYNC_CONFLICT,
                            "key is not a member of this hub");
    if (rc)
        return rc;
    if (!m.active)
        return sync_err_set(err, SYNC_CONFLICT, "key is revoked");
    if (!m.has_writer ||
        memcmp(m.writer, sync_engine_self(e), SYNC_SIG_PK_LEN) != 0)
        return sync_err_set(err, SYNC_CONFLICT,
                            "key is not a direct member of this hub");
    return SYNC_OK;
}

enum sync_rc sync_gate_headers(struct sync_engine *e,
                               const struct sync_req_auth *a, bool joining,
                               uint64_t now_ms, struct sync_err *err)
{
    enum sync_rc rc = sync_req_time_ok(a, now_ms, err);
    if (rc)
        return rc;
    if (joining)
        return SYNC_OK;
    return sync_gate_member(e, a->key, err);
}

size_t sync_gate_body_max(const char *path)
{
    return strcmp(path, "/v1/join") == 0 ? SYNC_LIMIT_JOIN_BODY
                                         : SYNC_LIMIT_BODY;
}
