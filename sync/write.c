/* SPDX-License-Identifier: MIT */
/*
 * write: local writes (a put, a delete, the privacy rules that decide
 * which feed each field goes to) and erasure. A local write is signed as
 * the next entry of this node's feed and accepted like a received one.
 */
#include <assert.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spona/engine.h"
#include "spona/hlc.h"
#include "spona/mem.h"
#include "msg.h"
#include "engine_int.h"
#include "peer.h"
#include "privacy.h"
#include "roster.h"
#include "store.h"

/* Signs set as the next entry of this node's feed for scope and applies
 * it like any received entry. */
enum sync_rc engine_write_entry(struct sync_engine *e, const char *table,
                                const uint8_t *row, int scope, int op,
                                const struct sync_record *set,
                                struct sync_err *err)
{
    struct sync_feed feed;
    struct sync_entry en;
    struct sync_entry_header h = {0};
    enum sync_ingest res;
    char *payload = NULL;
    size_t len = 0;
    enum sync_rc rc = sync_msg_payload_encode(&payload, &len, e->org, set, err);
    if (rc || e->dry) {
        free(payload);
        return rc;
    }
    rc = sync_store_feed_get(e->st, &feed, sync_key_public(e->key), scope, true,
                             err);
    if (rc) {
        free(payload);
        return rc;
    }
    h.version = SYNC_ENTRY_VERSION;
    memcpy(h.author, sync_key_public(e->key), SYNC_SIG_PK_LEN);
    h.scope = (uint8_t)scope;
    h.seq = feed.last_seq + 1;
    memcpy(h.prev, feed.last_id, SYNC_HASH_LEN);
    h.hlc = sync_hlc_tick(&e->hlc, sync_hlc_wall_ms());
    h.schema = (uint16_t)sync_store_version(e->st);
    memcpy(h.row, row, SYNC_UUID_LEN);
    h.op = (uint8_t)op;
    snprintf(h.table, sizeof(h.table), "%s", table);
    sync_entry_init(&en);
    rc = sync_entry_seal(&en, &h, payload, len, e->key, err);
    if (!rc)
        rc = engine_accept(e, &feed, &en, set, &res, err);
    if (!rc && res != SYNC_INGEST_APPLIED)
        rc = sync_err_set(err, SYNC_CONFLICT,
                          "this node may not write it: "
                          "%.200s",
                          e->why);
    sync_entry_release(&en);
    return rc;
}

enum sync_rc engine_find_table(struct sync_engine *e, const char *table,
                               const struct sync_tdef **out,
                               struct sync_err *err)
{
    *out = sync_schema_table(sync_store_schema(e->st), table);
    if (!*out)
        return sync_err_set(err, SYNC_INVALID, "unknown table '%.40s'", table);
    return SYNC_OK;
}

/* Reads an existing, live row of this node's organisation into cur. */
static enum sync_rc own_row(struct sync_engine *e, const struct sync_tdef *t,
                            const char *id, uint8_t *row,
                            struct sync_record *cur, struct sync_err *err)
{
    char canon[SYNC_UUID_TEXT];
    enum sync_rc rc = sync_uuid_parse(row, id, err);
    if (rc)
        return rc;
    sync_uuid_format(canon, row);
    if ((rc = sync_store_row_get(e->st, t, canon, cur, err)))
        return rc;
    const struct sync_rfield *del = sync_record_get(cur, SYS_DELETED);
    if (del && del->v.kind == SYNC_V_INT && del->v.i)
        return sync_err_set(err, SYNC_NOTFOUND, "%s '%s' was deleted", t->name,
                            canon);
    const char *owner = sync_record_text(cur, "owner");
    if (!owner || strcmp(owner, e->org) != 0)
        return sync_err_set(err, SYNC_CONFLICT,
                            "%s '%s' belongs to '%s', not to '%s'", t->name,
                            canon, owner ? owner : "?", e->org);
    return SYNC_OK;
}

/* Adds name = v to out, replacing the version cur holds and, when cur
 * was read with its heads (row_heads), every conflicting version too. */
static void stage(struct sync_record *out, const struct sync_record *cur,
                  const char *name, const struct sync_value *v)
{
    const struct sync_rfield *cf = sync_record_get(cur, name);
    struct sync_rfield *f = sync_record_slot(out, name);
    sync_value_copy(&f->v, v);
    f->has_ver = cf && cf->has_ver;
    if (f->has_ver)
        memcpy(f->ver, cf->ver, SYNC_HASH_LEN);
    for (size_t i = 0; cf && i < cf->n_bases; i++)
        sync_rfield_add_base(f, cf->bases + i * SYNC_HASH_LEN);
}

static enum sync_rc add_head(const struct sync_conflict *c, void *payload)
{
    struct sync_record *cur = payload;
    struct sync_rfield *f = sync_record_get(cur, c->field);
    if (f && f->has_ver)
        sync_rfield_add_base(f, c->loser.id);
    return SYNC_OK;
}

/* Adds to each field of cur the versions that lost to it (its open
 * conflicts) as bases: the writer has seen them all, so a write of the
 * field replaces them all and clears the conflict (PROTOCOL.md §5). */
static enum sync_rc row_heads(struct sync_engine *e, const char *table,
                              const char *row_id, struct sync_record *cur,
                              struct sync_err *err)
{
    return sync_store_conflicts_each(e->st, table, row_id, add_head, cur, err);
}

/* The scope a write asks for: the one in set, else the row's, else the
 * default of the table. */
static enum sync_rc wanted_scope(const struct sync_tdef *t,
                                 const struct sync_record *set,
                                 const struct sync_record *cur, int *out,
                                 bool *explicit, struct sync_err *err)
{
    const struct sync_rfield *f = sync_record_get(set, SYS_SCOPE);
    const char *now = sync_record_text(cur, SYS_SCOPE);
    *explicit = f && f->v.kind != SYNC_V_NULL;
    if (*explicit) {
        *out = f->v.kind == SYNC_V_TEXT ? sync_scope_parse(f->v.s) : -1;
        if (*out < 0)
            return sync_err_set(err, SYNC_INVALID,
                                "scope must be one of "
                                "local, hub, network, public");
    } else {
        *out = now ? sync_scope_parse(now) : sync_engine_default_scope(t->name);
    }
    return SYNC_OK;
}

/*
 * A draft stays on its node (DOMAIN.md, privacy rule 6): a row whose
 * review_status is or becomes draft is local, asking for more is an
 * error, and leaving draft without naming a scope gives the default one.
 */
static enum sync_rc draft_scope(const struct sync_tdef *t,
                                const struct sync_record *set,
                                const struct sync_record *cur, bool explicit,
                                int *scope, struct sync_err *err)
{
    if (!sync_schema_field(t, "review_status"))
        return SYNC_OK;
    const struct sync_rfield *f = sync_record_get(set, "review_status");
    const char *was = sync_record_text(cur, "review_status");
    const char *now = f ? (f->v.kind == SYNC_V_TEXT ? f->v.s : NULL) : was;
    if (sync_privacy_is_draft(now)) {
        if (explicit && *scope != SYNC_SCOPE_LOCAL)
            return sync_err_set(err, SYNC_INVALID,
                                "a draft stays on this "
                                "node: set review_status to submitted to "
                                "share it at scope '%s'",
                                sync_scope_name(*scope));
        *scope = SYNC_SCOPE_LOCAL;
    } else if (sync_privacy_is_draft(was) && !explicit &&
               *scope == SYNC_SCOPE_LOCAL) {
        *scope = sync_engine_default_scope(t->name);
    }
    return SYNC_OK;
}

/*
 * validated and published are the hub's word (DOMAIN.md, review of
 * practices): a write that sets one must be the latest verdict of the
 * node's own hub (or its own, for a hub) on that row, as adopting it is;
 * otherwise an owner could skip the review and make the row public. A
 * node without a hub has nobody to review it and keeps its own word.
 */
static enum sync_rc reviewed_status(struct sync_engine *e,
                                    const struct sync_tdef *t, const char *id,
                                    const struct sync_record *set,
                                    const struct sync_record *cur,
                                    struct sync_err *err)
{
    const struct sync_rfield *f = sync_record_get(set, "review_status");
    const char *was = sync_record_text(cur, "review_status");
    char verdict[16];
    bool reviewer = false;
    if (!sync_schema_field(t, "review_status") || !f ||
        f->v.kind != SYNC_V_TEXT || !sync_privacy_is_reviewed(f->v.s) ||
        (was && strcmp(was, f->v.s) == 0))
        return SYNC_OK;
    enum sync_rc rc = engine_review_latest(e, id, verdict, &reviewer, err);
    if (!rc && reviewer && strcmp(verdict, f->v.s) != 0)
        rc = sync_err_set(err, SYNC_INVALID,
                          "review_status '%s' is the hub's verdict: set it "
                          "to submitted for the hub's review",
                          f->v.s);
    return rc;
}

/* Splits the requested changes into what goes to the row's feed (shared)
 * and what stays in the local feed (channels: the contact channels a
 * person's consent lets out). */
static enum sync_rc
stage_fields(const struct sync_tdef *t, int scope, unsigned channels,
             const struct sync_record *set, const struct sync_record *cur,
             bool again, struct sync_record *shared, struct sync_record *local,
             struct sync_err *err)
{
    for (size_t i = 0; i < set->n; i++) {
        const struct sync_rfield *f = &set->f[i];
        if (strcmp(f->name, SYS_SCOPE) == 0)
            continue;
        const struct sync_fdef *fd = sync_schema_field(t, f->name);
        if (!fd)
            return sync_err_set(err, SYNC_INVALID,
                                "unknown field '%.48s' of table '%s'", f->name,
                                t->name);
        enum sync_rc rc = sync_schema_check(fd, &f->v, err);
        if (rc)
            return rc;
        const struct sync_rfield *cf = sync_record_get(cur, f->name);
        /* The same value is written again only to clear a conflict, or
         * when it is written again under a new key (recover.c). */
        if (!again && (cf ? sync_value_eq(&cf->v, &f->v) && !cf->n_bases
                          : f->v.kind == SYNC_V_NULL))
            continue;
        bool stays = sync_privacy_stays(t->name, fd, scope, channels);
        stage(stays ? local : shared, cur, f->name, &f->v);
    }
    return SYNC_OK;
}

/*
 * A row that changes scope is written whole into the feed of its new
 * scope, so that nodes which start to see it get every field.
 */
static void stage_snapshot(const struct sync_tdef *t, int scope,
                           unsigned channels, const struct sync_record *cur,
                           struct sync_record *shared)
{
    for (size_t i = 0; i < t->n; i++) {
        const struct sync_fdef *fd = &t->f[i];
        const struct sync_rfield *cf = sync_record_get(cur, fd->name);
        if (!cf || cf->v.kind == SYNC_V_NULL ||
            sync_record_get(shared, fd->name))
            continue;
        if (sync_privacy_stays(t->name, fd, scope, channels))
            continue;
        /* A snapshot carries values, it resolves no conflict. */
        struct sync_rfield *f = sync_record_slot(shared, fd->name);
        sync_value_copy(&f->v, &cf->v);
        f->has_ver = cf->has_ver;
        memcpy(f->ver, cf->ver, SYNC_HASH_LEN);
    }
}

enum sync_rc engine_audit(struct sync_engine *e, const char *action,
                          const char *table, const char *row_id,
                          const char *detail, struct sync_err *err)
{
    struct sync_audit a = {.at = (int64_t)sync_hlc_wall_ms(),
                           .actor = e->actor ? e->actor : "unknown",
                           .action = action,
                           .table = table,
                           .row_id = row_id,
                           .detail = detail};
    return sync_store_audit_add(e->st, &a, err);
}

static enum sync_rc refit_person(struct sync_engine *e, const char *person_id,
                                 struct sync_err *err);

/* Ways of put_locked. */
enum put_mode {
    PUT_EDIT,  /* id names an existing row (NULL: a new row, new id) */
    PUT_UPSERT /* id names a row to change, or to create with that id */
};

static enum sync_rc put_locked(struct sync_engine *e, const struct sync_tdef *t,
                               const char *id, const struct sync_record *set,
                               uint8_t *row, enum put_mode mode,
                               struct sync_err *err)
{
    struct sync_record cur, shared, local, with_lsg;
    int scope = 0;
    bool explicit = false;
    bool person = strcmp(t->name, SYNC_PERSON_TABLE) == 0;
    unsigned channels = 0;
    char canon[SYNC_UUID_TEXT];
    sync_record_init(&cur);
    sync_record_init(&shared);
    sync_record_init(&local);
    sync_record_init(&with_lsg);
    enum sync_rc rc = SYNC_OK;
    bool created = !id;
    if (id)
        rc = own_row(e, t, id, row, &cur, err);
    if (id && !rc) {
        sync_uuid_format(canon, row);
        rc = row_heads(e, t->name, canon, &cur, err);
        engine_add_reissue_bases(e, &cur);
    }
    if (!id)
        sync_uuid_v7(row, sync_hlc_wall_ms());
    sync_uuid_format(canon, row);
    if (rc == SYNC_NOTFOUND && mode == PUT_UPSERT &&
        !sync_record_get(&cur, SYS_DELETED)) {
        /* not held at all (own_row read nothing): create it, unless an
         * erasure forbids the id */
        bool gone = false;
        rc = sync_store_is_erased(e->st, t->name, canon, &gone, err);
        if (!rc && gone)
            rc = sync_err_set(err, SYNC_CONFLICT, "%s '%s' was erased", t->name,
                              canon);
        created = true;
    }
    const struct sync_rfield *lsg = sync_record_get(set, SYS_OWNER_LSG);
    if (!rc && created && e->lsg && sync_schema_field(t, SYS_OWNER_LSG) &&
        (!lsg || lsg->v.kind == SYNC_V_NULL)) {
        /* The node's own municipality, unless the write names one (an
         * empty one of a form names none: a new row has none to clear). */
        sync_record_copy(&with_lsg, set);
        sync_record_set_text(&with_lsg, SYS_OWNER_LSG, e->lsg);
        set = &with_lsg;
    }
    if (!rc && created)
        rc = sync_schema_required(t, set, err);
    if (!rc)
        rc = wanted_scope(t, set, &cur, &scope, &explicit, err);
    if (!rc)
        rc = draft_scope(t, set, &cur, explicit, &scope, err);
    if (!rc)
        rc = reviewed_status(e, t, canon, set, &cur, err);
    if (!rc && person && scope != SYNC_SCOPE_LOCAL) {
        struct sync_reach r;
        rc = sync_privacy_reach(e->st, canon, e->org,
                                (int64_t)sync_hlc_wall_ms(), &r, err);
        /* Consent is checked when a person widens; an edit at the same
         * scope goes on (another node of the organisation may hold no
         * consents; withdrawal narrows the row on its own). */
        const char *now = sync_record_text(&cur, SYS_SCOPE);
        if (!rc && (!now || sync_scope_reach(scope) >
                                sync_scope_reach(sync_scope_parse(now))))
            rc = sync_privacy_check_scope(&r, scope, canon, err);
        channels = sync_privacy_channels(&r, scope);
    }
    if (!rc)
        rc = stage_fields(t, scope, channels, set, &cur, e->reissue != NULL,
                          &shared, &local, err);
    const char *was = sync_record_text(&cur, SYS_SCOPE);
    if (!rc && (!was || sync_scope_parse(was) != scope)) {
        struct sync_value v = {.kind = SYNC_V_TEXT,
                               .s = (char *)sync_scope_name(scope)};
        stage(&shared, &cur, SYS_SCOPE, &v);
        if (was)
            stage_snapshot(t, scope, channels, &cur, &shared);
    }
    if (!rc && shared.n)
        rc = engine_write_entry(e, t->name, row, scope, SYNC_OP_PUT, &shared,
                                err);
    if (!rc && shared.n && person && scope != SYNC_SCOPE_LOCAL)
        rc = engine_audit(e, "share", t->name, canon, sync_scope_name(scope),
                          err);
    if (!rc && local.n)
        rc = engine_write_entry(e, t->name, row, SYNC_SCOPE_LOCAL, SYNC_OP_PUT,
                                &local, err);
    if (!rc && was &&
        sync_scope_reach(scope) < sync_scope_reach(sync_scope_parse(was))) {
        /* Tell the nodes of the old, wider scope that the row left it. */
        struct sync_record r;
        sync_record_init(&r);
        sync_record_set_text(&r, SYS_SCOPE, sync_scope_name(scope));
        rc = engine_write_entry(e, t->name, row, sync_scope_parse(was),
                                SYNC_OP_RETRACT, &r, err);
        sync_record_release(&r);
    }
    if (!rc && strcmp(t->name, SYNC_CONSENT_TABLE) == 0) {
        const char *pid = sync_record_text(set, "person_id");
        rc = refit_person(e, pid ? pid : sync_record_text(&cur, "person_id"),
                          err);
    }
    sync_record_release(&cur);
    sync_record_release(&shared);
    sync_record_release(&local);
    sync_record_release(&with_lsg);
    return rc;
}

/*
 * A person's consent changed, and channels is what it now lets out at
 * the person's scope: contact channels written only locally that may now
 * go are shared; shared ones that may no longer go are cleared in the
 * shared feed and written again in the local one, so this node keeps
 * them and no other does.
 */
static enum sync_rc
refit_channels(struct sync_engine *e, const struct sync_tdef *t,
               const uint8_t *row, const char *id, int scope, unsigned channels,
               const struct sync_record *cur, struct sync_err *err)
{
    static const char *const fields[] = {"email", "phone"};
    static const struct sync_value null_value;
    struct sync_record shared, local, now;
    bool hidden[2] = {false, false};
    enum sync_rc rc = SYNC_OK;
    sync_record_init(&shared);
    sync_record_init(&local);
    sync_record_init(&now);
    for (size_t i = 0; i < 2 && !rc; i++) {
        const struct sync_rfield *f = sync_record_get(cur, fields[i]);
        int at = SYNC_SCOPE_LOCAL;
        if (!f || f->v.kind == SYNC_V_NULL || !f->has_ver)
            continue;
        rc = sync_store_entry_scope(e->st, f->ver, &at, err);
        if (rc == SYNC_NOTFOUND)
            rc = SYNC_OK;
        bool allowed = (channels & sync_privacy_channel(fields[i])) != 0;
        if (!rc && allowed && at == SYNC_SCOPE_LOCAL) {
            stage(&shared, cur, fields[i], &f->v);
        } else if (!rc && !allowed && at != SYNC_SCOPE_LOCAL) {
            stage(&shared, cur, fields[i], &null_value);
            hidden[i] = true;
        }
    }
    if (!rc && shared.n)
        rc = engine_write_entry(e, t->name, row, scope, SYNC_OP_PUT, &shared,
                                err);
    if (!rc && (hidden[0] || hidden[1]))
        rc = sync_store_row_get(e->st, t, id, &now, err);
    for (size_t i = 0; i < 2 && !rc; i++)
        if (hidden[i])
            stage(&local, &now, fields[i], &sync_record_get(cur, fields[i])->v);
    if (!rc && local.n)
        rc = engine_write_entry(e, t->name, row, SYNC_SCOPE_LOCAL, SYNC_OP_PUT,
                                &local, err);
    sync_record_release(&shared);
    sync_record_release(&local);
    sync_record_release(&now);
    return rc;
}

/* After a consent of person_id changed: narrows the person to what its
 * active consents still allow (a retract tells the others), or shares
 * and withdraws its contact channels to match. */
static enum sync_rc refit_person(struct sync_engine *e, const char *person_id,
                                 struct sync_err *err)
{
    const struct sync_tdef *t =
        sync_schema_table(sync_store_schema(e->st), SYNC_PERSON_TABLE);
    struct sync_record cur;
    struct sync_reach r;
    uint8_t row[SYNC_UUID_LEN];
    char canon[SYNC_UUID_TEXT];
    if (!t || !person_id)
        return SYNC_OK;
    sync_record_init(&cur);
    enum sync_rc rc = own_row(e, t, person_id, row, &cur, NULL);
    if (rc) {
        sync_record_release(&cur);
        return SYNC_OK; /* not a live person of ours: nothing went out */
    }
    sync_uuid_format(canon, row);
    const char *now = sync_record_text(&cur, SYS_SCOPE);
    int scope = now ? sync_scope_parse(now) : SYNC_SCOPE_LOCAL;
    rc = sync_privacy_reach(e->st, canon, e->org, (int64_t)sync_hlc_wall_ms(),
                            &r, err);
    if (!rc && sync_scope_reach(scope) > sync_scope_reach(r.scope)) {
        struct sync_record set;
        sync_record_init(&set);
        sync_record_set_text(&set, SYS_SCOPE, sync_scope_name(r.scope));
        rc = put_locked(e, t, canon, &set, row, PUT_EDIT, err);
        sync_record_release(&set);
    } else if (!rc && scope != SYNC_SCOPE_LOCAL) {
        rc = refit_channels(e, t, row, canon, scope,
                            sync_privacy_channels(&r, scope), &cur, err);
    }
    sync_record_release(&cur);
    return rc;
}

/* Starts the transaction of one local write (a savepoint in a batch). */
enum sync_rc engine_local_tx_begin(struct sync_engine *e, struct sync_err *err)
{
    return e->batch ? sync_store_savepoint(e->st, err)
                    : sync_store_begin(e->st, err);
}

/* Ends it: commits with the clock saved, or undoes the write. */
enum sync_rc engine_local_tx_end(struct sync_engine *e, enum sync_rc rc,
                                 struct sync_err *err)
{
    if (e->batch) {
        enum sync_rc r2 = sync_store_release(e->st, rc == SYNC_OK, NULL);
        return rc ? rc : r2;
    }
    if (!rc)
        rc = sync_store_meta_set_int(e->st, "hlc", (int64_t)e->hlc.last, err);
    if (!rc)
        rc = sync_store_commit(e->st, err);
    if (rc)
        sync_store_rollback(e->st);
    if (!rc)
        rc = engine_after_erase(e, err);
    return rc;
}

/* A put of a node that waits to catch up with its own feeds (pending.c):
 * checked by a dry run that is undone, then kept as a request. An edit of
 * a row created while waiting is kept unchecked (it is checked when
 * written). */
static enum sync_rc pend_put(struct sync_engine *e, const struct sync_tdef *t,
                             const char *id, const struct sync_record *set,
                             uint8_t *row, enum put_mode mode,
                             struct sync_err *err)
{
    enum sync_rc rc = sync_store_savepoint(e->st, err);
    if (rc)
        return rc;
    e->dry = true;
    rc = put_locked(e, t, id, set, row, mode, err);
    e->dry = false;
    enum sync_rc undo = sync_store_release(e->st, false, rc ? NULL : err);
    if (rc == SYNC_NOTFOUND && id && !sync_uuid_parse(row, id, NULL)) {
        char canon[SYNC_UUID_TEXT];
        bool queued = false;
        sync_uuid_format(canon, row);
        if (!engine_pending_has(e, t->name, canon, &queued, NULL) && queued)
            rc = SYNC_OK;
    }
    if (!rc)
        rc = undo;
    if (!rc)
        rc = engine_pending_add(e, t->name, row, "put", set, err);
    return rc;
}

/* A put or an upsert of row id of table, in its own transaction (or the
 * batch's); row gets the row's id. */
static enum sync_rc put_tx(struct sync_engine *e, const char *table,
                           const char *id, const struct sync_record *set,
                           uint8_t row[SYNC_UUID_LEN], enum put_mode mode,
                           struct sync_err *err)
{
    assert(e && table && set && row);
    const struct sync_tdef *t;
    enum sync_rc rc = engine_find_table(e, table, &t, err);
    if (!rc)
        rc = engine_local_tx_begin(e, err);
    if (rc)
        return rc;
    bool pend = false;
    rc = engine_pending_state(e, &pend, err);
    if (!rc && pend)
        rc = pend_put(e, t, id, set, row, mode, err);
    else if (!rc)
        rc = put_locked(e, t, id, set, row, mode, err);
    return engine_local_tx_end(e, rc, err);
}

enum sync_rc sync_engine_put(struct sync_engine *e, const char *table,
                             const char *id, const struct sync_record *set,
                             char id_out[SYNC_UUID_TEXT], struct sync_err *err)
{
    uint8_t row[SYNC_UUID_LEN];
    enum sync_rc rc = put_tx(e, table, id, set, row, PUT_EDIT, err);
    if (!rc && id_out)
        sync_uuid_format(id_out, row);
    return rc;
}

enum sync_rc sync_engine_upsert(struct sync_engine *e, const char *table,
                                const char *id, const struct sync_record *set,
                                struct sync_err *err)
{
    uint8_t row[SYNC_UUID_LEN];
    return put_tx(e, table, id, set, row, PUT_UPSERT, err);
}

enum sync_rc sync_engine_delete(struct sync_engine *e, const char *table,
                                const char *id, struct sync_err *err)
{
    assert(e && table && id);
    const struct sync_tdef *t;
    uint8_t row[SYNC_UUID_LEN];
    struct sync_record cur, set;
    struct sync_value one = {.kind = SYNC_V_INT, .i = 1};
    enum sync_rc rc = engine_find_table(e, table, &t, err);
    if (rc)
        return rc;
    sync_record_init(&cur);
    sync_record_init(&set);
    if ((rc = engine_local_tx_begin(e, err)))
        return rc;
    bool pend = false;
    rc = engine_pending_state(e, &pend, err);
    if (!rc)
        rc = own_row(e, t, id, row, &cur, err);
    if (pend && rc == SYNC_NOTFOUND && !sync_uuid_parse(row, id, NULL)) {
        char canon[SYNC_UUID_TEXT];
        bool queued = false;
        sync_uuid_format(canon, row);
        if (!engine_pending_has(e, t->name, canon, &queued, NULL) && queued)
            rc = SYNC_OK;
    }
    if (!rc && pend) {
        rc = engine_pending_add(e, t->name, row, "delete", &set, err);
        /* nothing is signed: the request waits (pending.c) */
        rc = engine_local_tx_end(e, rc, err);
        sync_record_release(&cur);
        sync_record_release(&set);
        return rc;
    }
    if (!rc) {
        const char *scope = sync_record_text(&cur, SYS_SCOPE);
        stage(&set, &cur, SYS_DELETED, &one);
        rc = engine_write_entry(e, t->name, row,
                                scope ? sync_scope_parse(scope) : 0,
                                SYNC_OP_DELETE, &set, err);
    }
    if (!rc && strcmp(t->name, SYNC_CONSENT_TABLE) == 0)
        rc = refit_person(e, sync_record_text(&cur, "person_id"), err);
    rc = engine_local_tx_end(e, rc, err);
    sync_record_release(&cur);
    sync_record_release(&set);
    return rc;
}

/* ---- erasure and the audit log ---- */

/* Writes an erase entry for row id of t into every feed of this node that
 * holds entries of it, so every node that got any of them erases it. */
static enum sync_rc erase_locked(struct sync_engine *e,
                                 const struct sync_tdef *t, const char *id,
                                 struct sync_err *err)
{
    uint8_t row[SYNC_UUID_LEN];
    char canon[SYNC_UUID_TEXT];
    struct sync_record cur, none;
    bool gone = false;
    unsigned mask = 0;
    enum sync_rc rc = sync_uuid_parse(row, id, err);
    if (rc)
        return rc;
    sync_uuid_format(canon, row);
    sync_record_init(&cur);
    sync_record_init(&none);
    rc = sync_store_is_erased(e->st, t->name, canon, &gone, err);
    if (!rc && gone)
        rc = sync_err_set(err, SYNC_NOTFOUND, "%s '%s' is already erased",
                          t->name, canon);
    if (!rc)
        rc = sync_store_row_get(e->st, t, canon, &cur, err);
    const char *owner = sync_record_text(&cur, "owner");
    if (!rc && (!owner || strcmp(owner, e->org) != 0))
        rc = sync_err_set(err, SYNC_CONFLICT,
                          "%s '%s' belongs to '%s': only "
                          "its owner can erase it",
                          t->name, canon, owner ? owner : "?");
    if (!rc)
        rc = sync_store_row_scopes(e->st, sync_engine_self(e), t->name, canon,
                                   &mask, err);
    for (int scope = SYNC_SCOPE_PUBLIC; scope >= SYNC_SCOPE_LOCAL && !rc;
         scope--)
        if (mask & (1u << scope))
            rc = engine_write_entry(e, t->name, row, scope, SYNC_OP_ERASE,
                                    &none, err);
    if (!rc)
        rc = engine_audit(e, "erase", t->name, canon, "", err);
    sync_record_release(&cur);
    return rc;
}

struct ids {
    char (*id)[SYNC_UUID_TEXT];
    size_t n;
};

static enum sync_rc ids_add(const struct sync_consent *c, void *payload)
{
    struct ids *l = payload;
    l->id = sync_xrealloc(l->id, (l->n + 1) * sizeof(*l->id));
    snprintf(l->id[l->n++], SYNC_UUID_TEXT, "%s", c->id);
    return SYNC_OK;
}

enum sync_rc sync_engine_erase(struct sync_engine *e, const char *table,
                               const char *id, struct sync_err *err)
{
    assert(e && table && id);
    const struct sync_tdef *t, *ct;
    struct ids consents = {0};
    enum sync_rc rc = engine_find_table(e, table, &t, err);
    if (rc)
        return rc;
    if ((rc = engine_local_tx_begin(e, err)))
        return rc;
    bool pend = false;
    rc = engine_pending_state(e, &pend, err);
    if (!rc && pend)
        rc = sync_err_set(err, SYNC_CONFLICT,
                          "this node was restored from a backup: erase "
                          "after its first sync with the hub");
    if (!rc)
        rc = erase_locked(e, t, id, err);
    /* A person's consents name the person: they go with it. */
    if (!rc && strcmp(table, SYNC_PERSON_TABLE) == 0 &&
        (ct = sync_schema_table(sync_store_schema(e->st),
                                SYNC_CONSENT_TABLE)) != NULL) {
        char canon[SYNC_UUID_TEXT];
        uint8_t row[SYNC_UUID_LEN];
        if (!sync_uuid_parse(row, id, NULL))
            sync_uuid_format(canon, row);
        rc = sync_store_consent_ids(e->st, canon, e->org, ids_add, &consents,
                                    err);
        for (size_t i = 0; i < consents.n && !rc; i++)
            rc = erase_locked(e, ct, consents.id[i], err);
    }
    free(consents.id);
    return engine_local_tx_end(e, rc, err);
}
