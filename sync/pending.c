/* SPDX-License-Identifier: MIT */
/*
 * pending: the writes of a node restored from a backup. Its backup may be
 * older than what its hub holds of its own feeds, so a write signed now
 * could take a seq the hub already holds with another entry: a fork. So
 * until its first complete pull has brought its own feeds back, a local
 * write is checked (a dry run that signs and stores nothing) and kept as
 * a request; sync_engine_settle then writes the requests in order, as
 * ordinary local writes on top of what came back.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spona/engine.h"
#include "spona/hlc.h"
#include "msg.h"
#include "engine_int.h"
#include "store.h"

#include "spona/banned.h"

enum sync_rc engine_pending_state(struct sync_engine *e, bool *out,
                                  struct sync_err *err)
{
    int64_t v = 0;
    *out = false;
    if (!e->restored || e->settling)
        return SYNC_OK;
    enum sync_rc rc = sync_store_meta_get_int(e->st, META_RESTORED, &v, err);
    if (rc == SYNC_NOTFOUND)
        rc = SYNC_OK;
    if (!rc && !v)
        e->restored = false; /* settled, maybe by another connection */
    *out = !rc && v;
    return rc;
}

enum sync_rc engine_pending_add(struct sync_engine *e, const char *table,
                                const uint8_t *row, const char *op,
                                const struct sync_record *set,
                                struct sync_err *err)
{
    char id[SYNC_UUID_TEXT];
    char *fields = NULL;
    size_t len = 0;
    sync_uuid_format(id, row);
    enum sync_rc rc = sync_msg_payload_encode(&fields, &len, e->org, set, err);
    if (!rc)
        rc = sync_store_pending_add(e->st, table, id, op, fields,
                                    (int64_t)sync_hlc_wall_ms(), err);
    free(fields);
    return rc;
}

enum sync_rc engine_pending_has(struct sync_engine *e, const char *table,
                                const char *row_id, bool *out,
                                struct sync_err *err)
{
    return sync_store_pending_has(e->st, table, row_id, out, err);
}

/* Takes the oldest waiting request into pw (*found false when none; then
 * the node is settled, in the same transaction, so a write of another
 * connection either came before and is taken, or comes after and is
 * signed at once). */
static enum sync_rc next_request(struct sync_engine *e, struct sync_pending *pw,
                                 bool *found, struct sync_err *err)
{
    enum sync_rc rc = sync_store_begin(e->st, err);
    if (rc)
        return rc;
    rc = sync_store_pending_next(e->st, pw, found, err);
    if (!rc && !*found)
        rc = sync_store_meta_set_int(e->st, META_RESTORED, 0, err);
    if (!rc)
        rc = sync_store_commit(e->st, err);
    if (rc) {
        sync_store_rollback(e->st);
        if (*found)
            free(pw->fields);
        *found = false;
    }
    return rc;
}

/* Writes one request; SYNC_OK with why set when it cannot be written (a
 * rule refuses it now), an error when it must be tried again later. */
static enum sync_rc write_request(struct sync_engine *e,
                                  const struct sync_pending *pw, char *why,
                                  size_t size, struct sync_err *err)
{
    struct sync_record set;
    struct sync_err werr;
    char *owner = NULL;
    sync_record_init(&set);
    sync_err_init(&werr);
    enum sync_rc rc = sync_msg_payload_decode(&owner, &set, pw->fields,
                                              strlen(pw->fields), &werr);
    free(owner);
    e->settling = true;
    if (!rc && strcmp(pw->op, "delete") == 0)
        rc = sync_engine_delete(e, pw->table, pw->row_id, &werr);
    else if (!rc)
        rc = sync_engine_upsert(e, pw->table, pw->row_id, &set, &werr);
    e->settling = false;
    sync_record_release(&set);
    why[0] = '\0';
    if (rc == SYNC_INVALID || rc == SYNC_NOTFOUND || rc == SYNC_CONFLICT ||
        rc == SYNC_TOOBIG) {
        snprintf(why, size, "%s", werr.msg);
        return SYNC_OK;
    }
    if (rc && err)
        *err = werr;
    return rc;
}

enum sync_rc sync_engine_settle(struct sync_engine *e, size_t *written,
                                struct sync_err *err)
{
    assert(e && written);
    *written = 0;
    if (!e->restored)
        return SYNC_OK;
    for (;;) {
        struct sync_pending pw;
        bool found = false;
        char why[256];
        enum sync_rc rc = next_request(e, &pw, &found, err);
        if (rc || !found) {
            if (!rc)
                e->restored = false;
            return rc;
        }
        rc = write_request(e, &pw, why, sizeof(why), err);
        free(pw.fields);
        if (!rc && (rc = sync_store_begin(e->st, err)) == SYNC_OK) {
            rc = sync_store_pending_done(e->st, pw.n, why[0] ? why : NULL, err);
            if (!rc)
                rc = sync_store_commit(e->st, err);
            if (rc)
                sync_store_rollback(e->st);
        }
        if (rc)
            return rc;
        if (!why[0])
            (*written)++;
    }
}

bool sync_engine_restored(const struct sync_engine *e)
{
    return e->restored;
}
