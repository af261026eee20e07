/* SPDX-License-Identifier: MIT */
/*
 * merge: a received or local entry merged into its row. The merge keeps one
 * invariant: for every field of a row, the stored value is the one written
 * by the newest applied entry, by (hlc, author), and the conflict table
 * holds exactly the applied writes of that field that the newest write
 * did not replace, directly or through the versions it replaced (its
 * bases, followed over applied writes). Both are functions of the set of
 * applied entries, so replicas that hold the same entries hold the same tables,
 * whatever order the entries came in. The fast path (the write replaces
 * the current version and is newer) keeps the invariant without reading
 * the row's history; anything else recomputes the field from history.
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

/* True when write a (hlc, author, id) is newer than write b. The id
 * breaks the tie of one author writing twice with one clock (a cloned
 * key, a restored node), so the order is total on every replica. */
static bool newer(uint64_t hlc_a, const uint8_t *auth_a, const uint8_t *id_a,
                  uint64_t hlc_b, const uint8_t *auth_b, const uint8_t *id_b)
{
    if (hlc_a != hlc_b)
        return hlc_a > hlc_b;
    int c = memcmp(auth_a, auth_b, SYNC_SIG_PK_LEN);
    return c ? c > 0 : memcmp(id_a, id_b, SYNC_HASH_LEN) > 0;
}

/* One applied write of a row, decoded from the log. */
struct write {
    uint8_t id[SYNC_HASH_LEN];       /* entry id */
    uint64_t hlc;                    /* its clock */
    uint8_t author[SYNC_SIG_PK_LEN]; /* its author */
    struct sync_record set;          /* fields it set, with bases */
};

struct history {
    struct write *w; /* owned array */
    size_t n;        /* writes used */
    size_t cap;      /* writes allocated */
};

static void history_release(struct history *h)
{
    for (size_t i = 0; i < h->n; i++)
        sync_record_release(&h->w[i].set);
    free(h->w);
}

static enum sync_rc history_add(const struct sync_stored *s, void *payload)
{
    struct history *h = payload;
    char *owner = NULL;
    if (!s->payload)
        return SYNC_OK; /* purged: its values are gone everywhere */
    if (h->n == h->cap) {
        h->cap = h->cap ? 2 * h->cap : 8;
        h->w = sync_xrealloc(h->w, h->cap * sizeof(*h->w));
    }
    struct write *w = &h->w[h->n];
    memcpy(w->id, s->id, SYNC_HASH_LEN);
    memcpy(w->author, s->author, SYNC_SIG_PK_LEN);
    w->hlc = s->hlc;
    sync_record_init(&w->set);
    enum sync_rc rc = sync_msg_payload_decode(&owner, &w->set, s->payload,
                                              s->payload_len, NULL);
    free(owner);
    if (rc) {
        /* Applied entries were decoded once already; the log is damaged. */
        sync_record_release(&w->set);
        return SYNC_DB;
    }
    h->n++;
    return SYNC_OK;
}

static const struct write *history_find(const struct history *h,
                                        const uint8_t *id)
{
    for (size_t i = 0; i < h->n; i++)
        if (memcmp(h->w[i].id, id, SYNC_HASH_LEN) == 0)
            return &h->w[i];
    return NULL;
}

/* Marks (true) the writes of h that win replaced, directly or through
 * the versions they replaced: every base of the field, followed over the
 * applied writes. The result is owned by the caller. */
static bool *ancestry(const struct history *h, const char *field,
                      const struct write *win)
{
    bool *seen = sync_xcalloc(h->n, sizeof(bool));
    size_t *todo = sync_xcalloc(h->n, sizeof(size_t));
    size_t n_todo = 0;
    seen[win - h->w] = true;
    todo[n_todo++] = (size_t)(win - h->w);
    while (n_todo) {
        const struct sync_rfield *f =
            sync_record_get(&h->w[todo[--n_todo]].set, field);
        if (!f || !f->has_ver)
            continue;
        for (size_t j = 0; j <= f->n_bases; j++) {
            const uint8_t *id = j ? f->bases + (j - 1) * SYNC_HASH_LEN : f->ver;
            const struct write *w = history_find(h, id);
            if (!w || seen[w - h->w])
                continue;
            seen[w - h->w] = true;
            todo[n_todo++] = (size_t)(w - h->w);
        }
    }
    free(todo);
    return seen;
}

/*
 * Recomputes one field from the row's history: the newest write wins; the
 * writes outside its ancestry are the losers.
 */
static enum sync_rc merge_slow(struct sync_store *st, struct incoming *in,
                               const char *field, const struct history *h,
                               struct sync_err *err)
{
    const struct write *win = NULL;
    size_t n_writes = 0;
    for (size_t i = 0; i < h->n; i++) {
        if (!sync_record_get(&h->w[i].set, field))
            continue;
        n_writes++;
        if (!win || newer(h->w[i].hlc, h->w[i].author, h->w[i].id, win->hlc,
                          win->author, win->id))
            win = &h->w[i];
    }
    if (!win)
        return sync_err_set(err, SYNC_INTERNAL, "no write of '%s'", field);
    bool *in_chain = ancestry(h, field, win);
    struct sync_loser *losers = sync_xcalloc(n_writes, sizeof(*losers));
    size_t n_losers = 0;
    for (size_t i = 0; i < h->n; i++) {
        const struct sync_rfield *f = sync_record_get(&h->w[i].set, field);
        if (!f || in_chain[i])
            continue;
        struct sync_loser *l = &losers[n_losers++];
        memcpy(l->id, h->w[i].id, SYNC_HASH_LEN);
        memcpy(l->author, h->w[i].author, SYNC_SIG_PK_LEN);
        l->hlc = h->w[i].hlc;
        l->v = f->v;
    }
    struct sync_rfield *dst = sync_record_slot(&in->cur, field);
    sync_value_copy(&dst->v, &sync_record_get(&win->set, field)->v);
    dst->has_ver = true;
    memcpy(dst->ver, win->id, SYNC_HASH_LEN);
    enum sync_rc rc = sync_store_conflicts_set(st, in->t->name, in->row, field,
                                               losers, n_losers, err);
    free(losers);
    free(in_chain);
    return rc;
}

/* Whether the write of field f can take the fast path (see top). */
static enum sync_rc fast_ok(struct sync_store *st, const struct incoming *in,
                            const struct sync_rfield *f, bool *out,
                            struct sync_err *err)
{
    const struct sync_rfield *cf = sync_record_get(&in->cur, f->name);
    uint64_t hlc;
    uint8_t author[SYNC_SIG_PK_LEN];
    *out = false;
    if (!cf || !cf->has_ver) {
        *out = true;
        return SYNC_OK;
    }
    /* A write that replaced several versions clears conflicts: slow. */
    if (!f->has_ver || f->n_bases ||
        memcmp(f->ver, cf->ver, SYNC_HASH_LEN) != 0)
        return SYNC_OK;
    enum sync_rc rc = sync_store_entry_clock(st, cf->ver, &hlc, author, err);
    if (rc == SYNC_NOTFOUND)
        return SYNC_OK;
    if (!rc)
        *out = newer(in->e->h.hlc, in->e->h.author, in->e->id, hlc, author,
                     cf->ver);
    return rc;
}

static void row_clock(struct incoming *in)
{
    int64_t ms = (int64_t)SYNC_HLC_MS(in->e->h.hlc);
    const struct sync_rfield *c = sync_record_get(&in->cur, "created_at");
    const struct sync_rfield *u = sync_record_get(&in->cur, "updated_at");
    if (!c || c->v.kind != SYNC_V_INT || c->v.i > ms)
        sync_record_set_int(&in->cur, "created_at", ms);
    if (!u || u->v.kind != SYNC_V_INT || u->v.i < ms)
        sync_record_set_int(&in->cur, "updated_at", ms);
}

/* Merges an applied entry into its row. */
enum sync_rc engine_merge(struct sync_store *st, struct incoming *in,
                          struct sync_err *err)
{
    struct history h = {0};
    bool have_history = false;
    enum sync_rc rc = SYNC_OK;
    if (!in->exists) {
        sync_record_set_text(&in->cur, "id", in->row);
        sync_record_set_text(&in->cur, "owner", in->owner);
        sync_record_set_text(&in->cur, SYS_SCOPE,
                             sync_scope_name(in->e->h.scope));
        sync_record_set_int(&in->cur, SYS_DELETED, 0);
    }
    row_clock(in);
    for (size_t i = 0; i < in->set.n && !rc; i++) {
        const struct sync_rfield *f = &in->set.f[i];
        bool fast = false;
        if ((rc = fast_ok(st, in, f, &fast, err)))
            break;
        if (fast) {
            struct sync_rfield *dst = sync_record_slot(&in->cur, f->name);
            sync_value_copy(&dst->v, &f->v);
            dst->has_ver = true;
            memcpy(dst->ver, in->e->id, SYNC_HASH_LEN);
            continue;
        }
        if (!have_history) {
            rc = sync_store_row_entries(st, in->t->name, in->row, history_add,
                                        &h, err);
            if (rc == SYNC_DB)
                rc = sync_err_set(err, SYNC_DB,
                                  "history of row '%s' is "
                                  "damaged",
                                  in->row);
            have_history = true;
        }
        if (!rc)
            rc = merge_slow(st, in, f->name, &h, err);
    }
    if (!rc)
        rc = sync_store_row_put(st, in->t, &in->cur, err);
    history_release(&h);
    return rc;
}
