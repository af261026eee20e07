/* SPDX-License-Identifier: MIT */
/*
 * seen: a hub's request bookkeeping in memory (see seen.h). Two open
 * addressing tables under one mutex, held for a lookup and never across
 * I/O: nonces by a 128-bit hash of key and nonce (rebuilt without the
 * expired ones when it fills), members by key. What the store has not
 * been told yet waits in a list (nonces) and in dirty marks (members)
 * until sync_seen_flush takes them out under the mutex and writes them
 * after letting go of it.
 */
#include "spona/seen.h"

#include <assert.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "spona/hlc.h"
#include "spona/limits.h"
#include "spona/mem.h"

#include "engine_int.h"
#include "store.h"

#include "spona/banned.h"

#define WINDOW_MS (2 * (int64_t)SYNC_LIMIT_REQ_SKEW_MS)
/* Nonces waiting for the store at most; past it the memory alone guards. */
#define PENDING_MAX (1 << 20)

struct seen_nonce {
    uint8_t h[16]; /* hash of key and nonce */
    int64_t at;    /* request time; 0: empty slot */
};

struct seen_pending {
    uint8_t key[SYNC_SIG_PK_LEN];      /* the member */
    uint8_t nonce[SYNC_REQ_NONCE_LEN]; /* its nonce */
    int64_t at;                        /* request time */
};

struct seen_member {
    uint8_t key[SYNC_SIG_PK_LEN]; /* the member */
    bool used;                    /* the slot holds a member */
    bool seen_dirty;              /* last_ms, skew_ms not yet stored */
    bool pulled_dirty;            /* pulled_n not yet stored */
    int64_t last_ms;              /* its last request */
    int64_t skew_ms;              /* its clock ahead of ours then */
    int64_t pulled_n;             /* the log's end at its last full pull */
    double tokens;                /* requests it may make now */
    int64_t tokens_ms;            /* when tokens was computed */
};

struct sync_seen {
    pthread_mutex_t mu;           /* guards everything below */
    struct seen_nonce *nonces;    /* the table; owned */
    size_t nonce_cap;             /* slots, a power of two */
    size_t n_nonces;              /* slots used */
    struct seen_pending *pending; /* nonces for the store; owned */
    size_t n_pending, pending_cap;
    struct seen_member *members; /* the table; owned */
    size_t member_cap;           /* slots, a power of two */
    size_t n_members;            /* slots used */
    double rate;                 /* requests per second per member */
    double burst;                /* the most a member may save up */
};

static uint64_t slot_of(const uint8_t *h)
{
    uint64_t v;
    memcpy(&v, h, sizeof(v));
    return v;
}

static void nonce_put(struct sync_seen *s, const uint8_t *h, int64_t at)
{
    size_t mask = s->nonce_cap - 1;
    for (size_t i = slot_of(h) & mask;; i = (i + 1) & mask) {
        if (s->nonces[i].at == 0) {
            memcpy(s->nonces[i].h, h, 16);
            s->nonces[i].at = at;
            s->n_nonces++;
            return;
        }
    }
}

/* Rebuilds the table without nonces older than before, larger when it
 * would still be over half full. */
static void nonces_rebuild(struct sync_seen *s, int64_t before)
{
    struct seen_nonce *old = s->nonces;
    size_t old_cap = s->nonce_cap, live = 0;
    for (size_t i = 0; i < old_cap; i++)
        live += old[i].at != 0 && old[i].at >= before;
    while (live + 1 > s->nonce_cap / 4)
        s->nonce_cap *= 2;
    while (s->nonce_cap > 1024 && live * 8 < s->nonce_cap)
        s->nonce_cap /= 2;
    s->nonces = sync_xcalloc(s->nonce_cap, sizeof(*s->nonces));
    s->n_nonces = 0;
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].at != 0 && old[i].at >= before)
            nonce_put(s, old[i].h, old[i].at);
    free(old);
}

/* Adds the nonce unless it is held; false when it was. */
static bool nonce_add(struct sync_seen *s, const uint8_t *key,
                      const uint8_t *nonce, int64_t at, int64_t now)
{
    uint8_t h[SYNC_HASH_LEN];
    sync_hash(h, key, SYNC_SIG_PK_LEN, nonce, SYNC_REQ_NONCE_LEN);
    size_t mask = s->nonce_cap - 1;
    for (size_t i = slot_of(h) & mask; s->nonces[i].at; i = (i + 1) & mask)
        if (memcmp(s->nonces[i].h, h, 16) == 0)
            return s->nonces[i].at < now - WINDOW_MS; /* expired: reuse */
    if ((s->n_nonces + 1) * 2 > s->nonce_cap)
        nonces_rebuild(s, now - WINDOW_MS);
    nonce_put(s, h, at);
    return true;
}

static struct seen_member *member_slot(struct sync_seen *s, const uint8_t *key)
{
    size_t mask = s->member_cap - 1;
    size_t i = slot_of(key) & mask;
    for (; s->members[i].used; i = (i + 1) & mask)
        if (memcmp(s->members[i].key, key, SYNC_SIG_PK_LEN) == 0)
            return &s->members[i];
    return &s->members[i];
}

/* The member's record, made when new. */
static struct seen_member *member_get(struct sync_seen *s, const uint8_t *key)
{
    struct seen_member *m = member_slot(s, key);
    if (m->used)
        return m;
    if ((s->n_members + 1) * 2 > s->member_cap) {
        struct seen_member *old = s->members;
        size_t old_cap = s->member_cap;
        s->member_cap *= 2;
        s->members = sync_xcalloc(s->member_cap, sizeof(*s->members));
        for (size_t i = 0; i < old_cap; i++)
            if (old[i].used)
                *member_slot(s, old[i].key) = old[i];
        free(old);
        m = member_slot(s, key);
    }
    memset(m, 0, sizeof(*m));
    memcpy(m->key, key, SYNC_SIG_PK_LEN);
    m->used = true;
    m->tokens = s->burst;
    m->tokens_ms = -1;
    s->n_members++;
    return m;
}

static void load_nonce(const uint8_t *key, const uint8_t *nonce, int64_t at,
                       void *payload)
{
    struct sync_seen *s = payload;
    (void)nonce_add(s, key, nonce, at, at);
}

enum sync_rc sync_seen_new(struct sync_seen **out, struct sync_engine *e,
                           double rate, double burst, struct sync_err *err)
{
    assert(rate > 0 && burst >= 1);
    struct sync_seen *s = sync_xcalloc(1, sizeof(*s));
    pthread_mutex_init(&s->mu, NULL);
    s->nonce_cap = 1024;
    s->nonces = sync_xcalloc(s->nonce_cap, sizeof(*s->nonces));
    s->member_cap = 64;
    s->members = sync_xcalloc(s->member_cap, sizeof(*s->members));
    s->rate = rate;
    s->burst = burst;
    int64_t now = (int64_t)sync_hlc_wall_ms();
    enum sync_rc rc = sync_store_nonces_each(
        sync_engine_store(e), now - WINDOW_MS, load_nonce, s, err);
    if (rc) {
        sync_seen_free(s);
        return rc;
    }
    *out = s;
    return SYNC_OK;
}

void sync_seen_free(struct sync_seen *s)
{
    if (!s)
        return;
    pthread_mutex_destroy(&s->mu);
    free(s->nonces);
    free(s->pending);
    free(s->members);
    free(s);
}

bool sync_seen_nonce(struct sync_seen *s, const struct sync_req_auth *a,
                     int64_t now_ms)
{
    pthread_mutex_lock(&s->mu);
    bool fresh = nonce_add(s, a->key, a->nonce, (int64_t)a->time_ms, now_ms);
    if (fresh && s->n_pending < PENDING_MAX) {
        if (s->n_pending == s->pending_cap) {
            s->pending_cap = s->pending_cap ? 2 * s->pending_cap : 64;
            s->pending =
                sync_xrealloc(s->pending, s->pending_cap * sizeof(*s->pending));
        }
        struct seen_pending *p = &s->pending[s->n_pending++];
        memcpy(p->key, a->key, sizeof(p->key));
        memcpy(p->nonce, a->nonce, sizeof(p->nonce));
        p->at = (int64_t)a->time_ms;
    }
    pthread_mutex_unlock(&s->mu);
    return fresh;
}

void sync_seen_member(struct sync_seen *s, const uint8_t *key, int64_t at_ms,
                      int64_t skew_ms)
{
    pthread_mutex_lock(&s->mu);
    struct seen_member *m = member_get(s, key);
    m->last_ms = at_ms;
    m->skew_ms = skew_ms;
    m->seen_dirty = true;
    pthread_mutex_unlock(&s->mu);
}

void sync_seen_pulled(struct sync_seen *s, const uint8_t *key, int64_t n)
{
    pthread_mutex_lock(&s->mu);
    struct seen_member *m = member_get(s, key);
    if (n > m->pulled_n || !m->pulled_dirty) {
        m->pulled_n = n;
        m->pulled_dirty = true;
    }
    pthread_mutex_unlock(&s->mu);
}

bool sync_seen_admit(struct sync_seen *s, const uint8_t *key, int64_t now_ms,
                     int64_t *retry_ms)
{
    pthread_mutex_lock(&s->mu);
    struct seen_member *m = member_get(s, key);
    if (m->tokens_ms >= 0 && now_ms > m->tokens_ms)
        m->tokens += (double)(now_ms - m->tokens_ms) * s->rate / 1000;
    if (m->tokens > s->burst)
        m->tokens = s->burst;
    if (now_ms > m->tokens_ms)
        m->tokens_ms = now_ms;
    bool ok = m->tokens >= 1;
    if (ok)
        m->tokens -= 1;
    else
        *retry_ms = (int64_t)((1 - m->tokens) * 1000 / s->rate) + 1;
    pthread_mutex_unlock(&s->mu);
    return ok;
}

/* What one flush writes, taken out under the mutex. */
struct seen_batch {
    struct seen_pending *nonces;
    size_t n_nonces;
    struct seen_member *members; /* copies of the dirty ones */
    size_t n_members;
};

static void batch_take(struct sync_seen *s, struct seen_batch *b)
{
    pthread_mutex_lock(&s->mu);
    b->nonces = s->pending;
    b->n_nonces = s->n_pending;
    s->pending = NULL;
    s->n_pending = s->pending_cap = 0;
    b->members = sync_xcalloc(s->n_members + 1, sizeof(*b->members));
    b->n_members = 0;
    for (size_t i = 0; i < s->member_cap; i++) {
        struct seen_member *m = &s->members[i];
        if (!m->used || !(m->seen_dirty || m->pulled_dirty))
            continue;
        b->members[b->n_members++] = *m;
        m->seen_dirty = m->pulled_dirty = false;
    }
    pthread_mutex_unlock(&s->mu);
}

static enum sync_rc batch_write(struct sync_store *st,
                                const struct seen_batch *b,
                                struct sync_err *err)
{
    int64_t before = (int64_t)sync_hlc_wall_ms() - WINDOW_MS;
    enum sync_rc rc = SYNC_OK;
    bool fresh;
    for (size_t i = 0; i < b->n_nonces && !rc; i++)
        rc = sync_store_nonce_use(st, b->nonces[i].key, b->nonces[i].nonce,
                                  SYNC_REQ_NONCE_LEN, b->nonces[i].at, before,
                                  &fresh, err);
    for (size_t i = 0; i < b->n_members && !rc; i++) {
        const struct seen_member *m = &b->members[i];
        if (m->seen_dirty)
            rc =
                sync_store_member_seen(st, m->key, m->last_ms, m->skew_ms, err);
        if (!rc && m->pulled_dirty)
            rc = sync_store_member_pulled(st, m->key, m->pulled_n, err);
    }
    return rc;
}

enum sync_rc sync_seen_flush(struct sync_seen *s, struct sync_engine *e,
                             struct sync_err *err)
{
    struct seen_batch b;
    batch_take(s, &b);
    struct sync_store *st = sync_engine_store(e);
    enum sync_rc rc = SYNC_OK;
    if (b.n_nonces || b.n_members) {
        rc = sync_store_begin(st, err);
        if (!rc)
            rc = batch_write(st, &b, err);
        if (!rc)
            rc = sync_store_commit(st, err);
        if (rc)
            sync_store_rollback(st);
    }
    free(b.nonces);
    free(b.members);
    return rc;
}
