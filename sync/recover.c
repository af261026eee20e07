/* SPDX-License-Identifier: MIT */
/*
 * recover: after a fork of this node's own feeds (another copy of its key
 * wrote the same seq first), the changes of its branch that the hub never
 * took are written again under its new key (after 'key rotate'). For each
 * row they touched, one write sets every field whose value here is still
 * one of those changes, naming as its bases the changes themselves and
 * what they replaced: the hub and every replica know the latter, so the
 * new write replaces the field there as it does here, and stands as a
 * conflict only against what the other copy wrote (which it never saw).
 * Deletions are written again. Then the forked feed is reopened at the
 * fork's seq, without the branch: the other copy's entries, which the
 * hub holds and every other replica took, come in at the next pull like
 * any feed's, and with them the hub's fork proof, which closes the feed
 * again where everybody else has it closed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spona/limits.h"
#include "spona/mem.h"
#include "msg.h"
#include "store.h"

#include "engine_int.h"

#include "spona/banned.h"

/* An entry of the branch other than a put (a delete, retract or erase):
 * written again as it was. */
struct lost_op {
    int op;
    int scope;
    struct sync_record set;
};

/* A row the lost branch touched. */
struct lost_row {
    char table[SYNC_LIMIT_TABLE_NAME + 1];
    char row[SYNC_UUID_TEXT];
    struct sync_record seen; /* per field: what the branch replaced */
    struct lost_op *ops;     /* the branch's other entries, in order */
    size_t n_ops;
};

struct lost {
    struct sync_store *st;
    const uint8_t *old;            /* the key whose feeds forked */
    uint64_t from;                 /* the fork's seq in the feed walked now */
    int last_scope;                /* the feed walked last (-1: none) */
    struct lost_row *rows;         /* owned */
    size_t n, cap;                 /* rows used, allocated */
    uint8_t (*ids)[SYNC_HASH_LEN]; /* the branch's entries; owned */
    size_t n_ids, cap_ids;
    struct {
        int64_t feed;  /* a forked feed of the old key */
        uint64_t from; /* its fork's seq */
    } reopen[SYNC_SCOPE_COUNT_];
    size_t n_reopen;
};

static struct lost_row *row_of(struct lost *l, const char *table,
                               const char *row)
{
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(l->rows[i].table, table) && !strcmp(l->rows[i].row, row))
            return &l->rows[i];
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 16;
        l->rows = sync_xrealloc(l->rows, l->cap * sizeof(*l->rows));
    }
    struct lost_row *r = &l->rows[l->n++];
    memset(r, 0, sizeof(*r));
    snprintf(r->table, sizeof(r->table), "%s", table);
    snprintf(r->row, sizeof(r->row), "%s", row);
    sync_record_init(&r->seen);
    return r;
}

static bool is_lost(const struct lost *l, const uint8_t *id)
{
    for (size_t i = 0; i < l->n_ids; i++)
        if (sync_memeq(l->ids[i], id, SYNC_HASH_LEN))
            return true;
    return false;
}

/* The field name of seen, made when missing. */
static struct sync_rfield *seen_field(struct sync_record *seen,
                                      const char *name)
{
    static const struct sync_value none;
    struct sync_rfield *f = sync_record_get(seen, name);
    if (!f) {
        sync_record_set(seen, name, &none);
        f = sync_record_get(seen, name);
    }
    return f;
}

/* Adds id to the versions f replaces, unless it is one of the branch's
 * own (nobody else knows those; the write names the current one). */
static void seen_base(const struct lost *l, struct sync_rfield *f,
                      const uint8_t *id)
{
    if (!is_lost(l, id))
        sync_rfield_add_base(f, id);
}

/* One entry of the branch: a put's fields with the versions from before
 * the branch they replaced; any other entry kept to be written again. */
static enum sync_rc take_entry(const struct sync_stored *s, void *payload)
{
    struct lost *l = payload;
    if (s->seq < l->from || s->status != SYNC_ENTRY_APPLIED || !s->payload)
        return SYNC_OK;
    char *owner = NULL;
    struct sync_record set;
    sync_record_init(&set);
    if (sync_msg_payload_decode(&owner, &set, s->payload, s->payload_len,
                                NULL)) {
        free(owner);
        sync_record_release(&set);
        return SYNC_OK; /* a payload that does not decode was never applied */
    }
    free(owner);
    struct lost_row *r = row_of(l, s->table, s->row_id);
    for (size_t i = 0; s->op == SYNC_OP_PUT && i < set.n; i++) {
        const struct sync_rfield *f = &set.f[i];
        struct sync_rfield *seen = seen_field(&r->seen, f->name);
        if (f->has_ver)
            seen_base(l, seen, f->ver);
        for (size_t j = 0; j < f->n_bases; j++)
            seen_base(l, seen, f->bases + j * SYNC_HASH_LEN);
    }
    if (s->op != SYNC_OP_PUT) {
        r->ops = sync_xrealloc(r->ops, (r->n_ops + 1) * sizeof(*r->ops));
        struct lost_op *o = &r->ops[r->n_ops++];
        o->op = s->op;
        o->scope = s->scope;
        o->set = set; /* taken */
    } else {
        sync_record_release(&set);
    }
    if (l->n_ids == l->cap_ids) {
        l->cap_ids = l->cap_ids ? 2 * l->cap_ids : 16;
        l->ids = sync_xrealloc(l->ids, l->cap_ids * sizeof(*l->ids));
    }
    memcpy(l->ids[l->n_ids++], s->id, SYNC_HASH_LEN);
    return SYNC_OK;
}

/* The first fork proof of each feed of the old key: its entries from
 * the fork's seq on are the branch the hub never took. */
static enum sync_rc take_fork(const struct store_fork_proof *p, void *payload)
{
    struct lost *l = payload;
    struct sync_feed f;
    if (!sync_memeq(p->author, l->old, SYNC_SIG_PK_LEN) ||
        p->scope == l->last_scope)
        return SYNC_OK;
    l->last_scope = p->scope;
    l->from = p->seq;
    enum sync_rc rc =
        sync_store_feed_get(l->st, &f, p->author, p->scope, false, NULL);
    if (rc == SYNC_NOTFOUND)
        return SYNC_OK;
    if (!rc && l->n_reopen < sizeof(l->reopen) / sizeof(l->reopen[0])) {
        l->reopen[l->n_reopen].feed = f.feed;
        l->reopen[l->n_reopen++].from = p->seq;
    }
    return rc ? rc
              : sync_store_feed_entries(l->st, f.feed, take_entry, l, NULL);
}

/* The put of a row: every field whose value here is still one of the
 * branch's, with the versions from before the branch as bases too. */
static enum sync_rc reissue_put(struct sync_engine *e, const struct lost *l,
                                struct lost_row *r,
                                const struct sync_record *cur, size_t *writes,
                                struct sync_err *err)
{
    struct sync_record set;
    sync_record_init(&set);
    for (size_t i = 0; i < r->seen.n; i++) {
        const struct sync_rfield *now = sync_record_get(cur, r->seen.f[i].name);
        if (now && now->has_ver && is_lost(l, now->ver))
            sync_record_set(&set, now->name, &now->v);
    }
    enum sync_rc rc = SYNC_OK;
    if (set.n) {
        e->reissue = &r->seen;
        rc = sync_engine_put(e, r->table, r->row, &set, NULL, err);
        e->reissue = NULL;
        *writes += !rc;
    }
    sync_record_release(&set);
    return rc;
}

/* Writes one row of the branch again under the node's key: its put
 * (unless the row is gone here), then its deletes, retracts and
 * erasures as they were. */
static enum sync_rc reissue_row(struct sync_engine *e, const struct lost *l,
                                struct lost_row *r, size_t *writes,
                                struct sync_err *err)
{
    const struct sync_tdef *t;
    struct sync_record cur;
    uint8_t row[SYNC_UUID_LEN];
    bool erased = false;
    enum sync_rc rc = engine_find_table(e, r->table, &t, err);
    if (!rc)
        rc = sync_uuid_parse(row, r->row, err);
    if (rc)
        return rc;
    for (size_t i = 0; i < r->n_ops; i++)
        erased |= r->ops[i].op == SYNC_OP_ERASE;
    sync_record_init(&cur);
    rc = sync_store_row_get(l->st, t, r->row, &cur, err);
    const struct sync_rfield *del = sync_record_get(&cur, SYS_DELETED);
    bool gone =
        rc == SYNC_NOTFOUND || (del && del->v.kind == SYNC_V_INT && del->v.i);
    if (rc == SYNC_NOTFOUND)
        rc = SYNC_OK;
    if (!rc && !gone && !erased)
        rc = reissue_put(e, l, r, &cur, writes, err);
    for (size_t i = 0; !rc && i < r->n_ops; i++) {
        const struct lost_op *o = &r->ops[i];
        if (o->op == SYNC_OP_DELETE && !gone)
            continue; /* written over since */
        rc = engine_local_tx_begin(e, err);
        if (!rc)
            rc = engine_local_tx_end(e,
                                     engine_write_entry(e, r->table, row,
                                                        o->scope, o->op,
                                                        &o->set, err),
                                     err);
        *writes += !rc;
    }
    sync_record_release(&cur);
    return rc;
}

static void lost_release(struct lost *l)
{
    for (size_t i = 0; i < l->n; i++) {
        sync_record_release(&l->rows[i].seen);
        for (size_t j = 0; j < l->rows[i].n_ops; j++)
            sync_record_release(&l->rows[i].ops[j].set);
        free(l->rows[i].ops);
    }
    free(l->rows);
    free(l->ids);
}

/* The key whose branch is to be written again: old, else the previous
 * key of the node unless its branch was written again already. */
static enum sync_rc which_key(struct sync_engine *e, const uint8_t *old,
                              uint8_t out[SYNC_SIG_PK_LEN],
                              struct sync_err *err)
{
    char *prev = NULL, *done = NULL;
    size_t n = 0;
    if (old) {
        memcpy(out, old, SYNC_SIG_PK_LEN);
        return SYNC_OK;
    }
    enum sync_rc rc =
        sync_store_meta_get_text(e->st, META_PREV_KEY, &prev, err);
    if (!rc &&
        sync_store_meta_get_text(e->st, META_REISSUED, &done, NULL) ==
            SYNC_OK &&
        strcmp(done, prev) == 0)
        rc = SYNC_NOTFOUND;
    if (!rc && (sync_b64_decode(out, SYNC_SIG_PK_LEN, &n, prev, strlen(prev)) ||
                n != SYNC_SIG_PK_LEN))
        rc = sync_err_set(err, SYNC_INTERNAL, "malformed previous key");
    free(prev);
    free(done);
    if (rc == SYNC_NOTFOUND)
        return sync_err_set(err, SYNC_NOTFOUND, "nothing left to write again");
    return rc;
}

enum sync_rc sync_engine_reissue(struct sync_engine *e, const uint8_t *old,
                                 size_t *entries, size_t *writes,
                                 struct sync_err *err)
{
    uint8_t key[SYNC_SIG_PK_LEN];
    char text[SYNC_B64_SIZE(SYNC_SIG_PK_LEN)];
    *entries = *writes = 0;
    enum sync_rc rc = which_key(e, old, key, err);
    if (rc)
        return rc;
    struct lost l = {.st = e->st, .old = key, .last_scope = -1};
    rc = sync_store_fork_proofs_each(e->st, take_fork, &l, err);
    if (!rc && !l.n_ids && !old)
        rc = sync_err_set(err, SYNC_NOTFOUND, "nothing left to write again");
    /* All or nothing: a failure leaves the branch to be written again by
     * the next run. */
    if (!rc)
        rc = sync_engine_batch_begin(e, err);
    bool in_batch = !rc;
    for (size_t i = 0; !rc && i < l.n; i++)
        rc = reissue_row(e, &l, &l.rows[i], writes, err);
    for (size_t i = 0; !rc && i < l.n_reopen; i++)
        rc = sync_store_feed_reopen(e->st, l.reopen[i].feed, l.reopen[i].from,
                                    err);
    sync_b64_encode(text, sizeof(text), key, sizeof(key));
    if (!rc)
        rc = sync_store_meta_set_text(e->st, META_REISSUED, text, err);
    if (in_batch) {
        enum sync_rc end = sync_engine_batch_end(e, rc == SYNC_OK, err);
        rc = rc ? rc : end;
    }
    *entries = rc ? 0 : l.n_ids;
    if (rc)
        *writes = 0;
    lost_release(&l);
    return rc;
}

void engine_add_reissue_bases(const struct sync_engine *e,
                              struct sync_record *cur)
{
    for (size_t i = 0; e->reissue && i < e->reissue->n; i++) {
        const struct sync_rfield *from = &e->reissue->f[i];
        struct sync_rfield *to = sync_record_get(cur, from->name);
        if (!to || !to->has_ver)
            continue;
        if (from->has_ver)
            sync_rfield_add_base(to, from->ver);
        for (size_t j = 0; j < from->n_bases; j++)
            sync_rfield_add_base(to, from->bases + j * SYNC_HASH_LEN);
    }
}
