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
 * Deletions are written again; the fork proof stays where it is.
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

/* A row the lost branch touched. */
struct lost_row {
    char table[SYNC_LIMIT_TABLE_NAME + 1];
    char row[SYNC_UUID_TEXT];
    bool deleted;            /* the branch's last word on it was a delete */
    struct sync_record seen; /* per field: the branch's writes and bases */
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

/* One entry of the branch: its id and, per field it set, it and the
 * versions it replaced. */
static enum sync_rc take_entry(const struct sync_stored *s, void *payload)
{
    struct lost *l = payload;
    if (s->seq < l->from || s->status != SYNC_ENTRY_APPLIED || !s->payload)
        return SYNC_OK;
    if (l->n_ids == l->cap_ids) {
        l->cap_ids = l->cap_ids ? 2 * l->cap_ids : 16;
        l->ids = sync_xrealloc(l->ids, l->cap_ids * sizeof(*l->ids));
    }
    memcpy(l->ids[l->n_ids++], s->id, SYNC_HASH_LEN);
    struct lost_row *r = row_of(l, s->table, s->row_id);
    r->deleted = s->op == SYNC_OP_DELETE;
    if (s->op != SYNC_OP_PUT)
        return SYNC_OK;
    char *owner = NULL;
    struct sync_record set;
    sync_record_init(&set);
    enum sync_rc rc =
        sync_msg_payload_decode(&owner, &set, s->payload, s->payload_len, NULL);
    for (size_t i = 0; !rc && i < set.n; i++) {
        struct sync_rfield *f = &set.f[i];
        struct sync_rfield *seen = sync_record_get(&r->seen, f->name);
        if (!seen) {
            static const struct sync_value none;
            sync_record_set(&r->seen, f->name, &none);
            seen = sync_record_get(&r->seen, f->name);
        }
        sync_rfield_add_base(seen, s->id);
        if (f->has_ver)
            sync_rfield_add_base(seen, f->ver);
        for (size_t j = 0; j < f->n_bases; j++)
            sync_rfield_add_base(seen, f->bases + j * SYNC_HASH_LEN);
    }
    free(owner);
    sync_record_release(&set);
    return SYNC_OK; /* a payload that does not decode was never applied */
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
    return rc ? rc
              : sync_store_feed_entries(l->st, f.feed, take_entry, l, NULL);
}

/* Writes one row of the branch again under the node's key. */
static enum sync_rc reissue_row(struct sync_engine *e, const struct lost *l,
                                struct lost_row *r, size_t *writes,
                                struct sync_err *err)
{
    const struct sync_tdef *t;
    struct sync_record cur, set;
    enum sync_rc rc = engine_find_table(e, r->table, &t, err);
    if (rc)
        return rc;
    sync_record_init(&cur);
    sync_record_init(&set);
    rc = sync_store_row_get(l->st, t, r->row, &cur, err);
    if (rc == SYNC_NOTFOUND && r->deleted) {
        rc = sync_engine_delete(e, r->table, r->row, err);
        *writes += !rc;
        sync_record_release(&cur);
        return rc == SYNC_NOTFOUND ? SYNC_OK : rc;
    }
    for (size_t i = 0; !rc && i < r->seen.n; i++) {
        const struct sync_rfield *now =
            sync_record_get(&cur, r->seen.f[i].name);
        if (now && now->has_ver && is_lost(l, now->ver) &&
            strcmp(now->name, SYS_DELETED) != 0)
            sync_record_set(&set, now->name, &now->v);
    }
    if (!rc && set.n) {
        e->reissue = &r->seen;
        rc = sync_engine_put(e, r->table, r->row, &set, NULL, err);
        e->reissue = NULL;
        *writes += !rc;
    }
    sync_record_release(&cur);
    sync_record_release(&set);
    return rc == SYNC_NOTFOUND ? SYNC_OK : rc;
}

enum sync_rc sync_engine_reissue(struct sync_engine *e, const uint8_t *old,
                                 size_t *entries, size_t *writes,
                                 struct sync_err *err)
{
    struct lost l = {.st = e->st, .old = old, .last_scope = -1};
    *entries = *writes = 0;
    enum sync_rc rc = sync_store_fork_proofs_each(e->st, take_fork, &l, err);
    for (size_t i = 0; !rc && i < l.n; i++)
        rc = reissue_row(e, &l, &l.rows[i], writes, err);
    *entries = l.n_ids;
    for (size_t i = 0; i < l.n; i++)
        sync_record_release(&l.rows[i].seen);
    free(l.rows);
    free(l.ids);
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
