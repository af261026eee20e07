/* SPDX-License-Identifier: MIT */
/*
 * ingest: batches of received entries. Signatures and payload hashes are
 * checked on every thread of the parallel hook; the calling thread alone
 * touches SQLite and applies entries in order as their checks complete.
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

static enum sync_rc reject(struct sync_engine *e, const struct sync_entry *en,
                           const char *why, enum sync_ingest *res,
                           struct sync_err *err)
{
    *res = SYNC_INGEST_REJECTED;
    return sync_store_reject(e->st, en, why, err);
}

/* Records a forged entry without its payload: anyone can make those, and
 * they must not fill the disk. */
static enum sync_rc reject_forged(struct sync_engine *e,
                                  const struct sync_entry *en,
                                  enum sync_ingest *res, struct sync_err *err)
{
    struct sync_entry bare = *en;
    bare.payload = NULL;
    bare.payload_len = 0;
    return reject(e, &bare, "signature does not verify", res, err);
}

/* What an entry's own bytes say of it, found without the store (and so
 * on any thread). */
enum check {
    CHECK_PENDING, /* not yet checked */
    CHECK_OK,      /* signature and payload hash hold */
    CHECK_FORGED,  /* the signature does not verify */
    CHECK_NO_PAYLOAD,
    CHECK_BAD_HASH,
};

static enum check check_entry(const struct sync_entry *en)
{
    if (sync_entry_verify_sig(en, NULL))
        return CHECK_FORGED;
    if (!en->payload)
        return CHECK_NO_PAYLOAD;
    if (sync_entry_verify_payload(en, en->payload, en->payload_len, NULL))
        return CHECK_BAD_HASH;
    return CHECK_OK;
}

/* Rejects without keeping a byte of the payload: the entry may not be
 * held here at all. */
static enum sync_rc reject_bare(struct sync_engine *e,
                                const struct sync_entry *en, const char *why,
                                enum sync_ingest *res, struct sync_err *err)
{
    struct sync_entry bare = *en;
    bare.payload = NULL;
    bare.payload_len = 0;
    return reject(e, &bare, why, res, err);
}

/* Stores an entry that came without its payload, next in its feed: purged
 * when an erasure of its row is held, else withheld by whoever sent it
 * (PROTOCOL.md §7). Nothing is applied either way. */
static enum sync_rc ingest_bare(struct sync_engine *e,
                                const struct sync_source *src,
                                const struct sync_feed *feed,
                                const struct sync_entry *en,
                                enum sync_ingest *res, struct sync_err *err)
{
    char row[SYNC_UUID_TEXT];
    bool erased = false;
    sync_uuid_format(row, en->h.row);
    enum sync_rc rc =
        sync_store_is_erased(e->st, en->h.table, row, &erased, err);
    if (!rc)
        rc = sync_store_entry_add(
            e->st, feed, en, erased ? SYNC_ENTRY_APPLIED : SYNC_ENTRY_WITHHELD,
            err);
    if (!rc && !erased)
        rc = sync_store_withheld_add(e->st, en->id, src ? src->peer : NULL,
                                     (int64_t)sync_hlc_wall_ms(), err);
    *res = erased ? SYNC_INGEST_APPLIED : SYNC_INGEST_WITHHELD;
    return rc;
}

/* Checks that en is authentic (chk: what check_entry said) and next in
 * its feed, then accepts it. */
static enum sync_rc ingest_one(struct sync_engine *e,
                               const struct sync_source *src,
                               const struct sync_entry *en, enum check chk,
                               enum sync_ingest *res, struct sync_err *err)
{
    struct sync_feed feed;
    uint8_t held[SYNC_HASH_LEN];
    enum sync_rc rc;
    if (chk == CHECK_FORGED)
        return reject_forged(e, en, res, err);
    if (en->h.scope == SYNC_SCOPE_LOCAL)
        return reject_bare(e, en, "local entries never leave their node", res,
                           err);
    if (src && src->pushed && src->peer && en->h.scope == SYNC_SCOPE_HUB &&
        memcmp(src->peer, en->h.author, SYNC_SIG_PK_LEN) != 0)
        return reject_bare(e, en,
                           "a hub-scope entry is pushed only by its "
                           "author (outside its feed's reach)",
                           res, err);
    /* From the author (a push) or from nobody known, a damaged payload
     * is a damaged transfer: rejected, sent again by the author. */
    bool relayed = src && src->peer && !src->pushed;
    if (chk == CHECK_BAD_HASH && !relayed)
        return reject(e, en, "payload does not match its hash", res, err);
    if ((rc = sync_store_feed_get(e->st, &feed, en->h.author, en->h.scope, true,
                                  err)))
        return rc;
    if (feed.forked)
        return reject(e, en, "feed is closed by a fork", res, err);
    if (en->h.seq <= feed.last_seq) {
        if ((rc = sync_store_entry_id_at(e->st, feed.feed, en->h.seq, held,
                                         err)))
            return rc;
        *res = SYNC_INGEST_FORK;
        return sync_store_feed_fork(e->st, feed.feed, en->h.seq, held, en, err);
    }
    if (en->h.seq > feed.last_seq + 1) {
        /* Not stored; a later pull fills the gap. Other feeds go on. */
        *res = SYNC_INGEST_GAP;
        return SYNC_OK;
    }
    if (memcmp(en->h.prev, feed.last_id, SYNC_HASH_LEN) != 0)
        return reject(e, en, "prev does not name the previous entry", res, err);
    if (chk == CHECK_BAD_HASH) {
        /* Relayed by a hub: the header is authentic, the payload is not
         * the one it names, so the hub altered it. Kept as withheld (the
         * right one is asked for again), the altered bytes as evidence. */
        struct sync_entry bare = *en;
        bare.payload = NULL;
        bare.payload_len = 0;
        enum sync_ingest ignored;
        rc = reject(e, en, "payload does not match its hash", &ignored, err);
        return rc ? rc : ingest_bare(e, src, &feed, &bare, res, err);
    }
    if (chk == CHECK_NO_PAYLOAD)
        return ingest_bare(e, src, &feed, en, res, err);
    return engine_accept(e, &feed, en, NULL, res, err);
}

/*
 * One batch on its way in. Signatures and payload hashes (most of the
 * work) are checked by every thread of the parallel hook, each taking the
 * next unchecked entry; the store is touched only by worker 0, the caller's
 * thread, which applies the entries in order as their checks complete and
 * checks entries itself while it would otherwise wait.
 */
struct ingest_job {
    struct sync_engine *e;
    const struct sync_source *src; /* who handed the batch over; or NULL */
    const struct sync_entry *entries;
    size_t n;
    enum sync_ingest *results;
    struct sync_err *err;
    _Atomic unsigned char *chk; /* enum check per entry */
    atomic_size_t next;         /* next entry to check */
    enum sync_rc rc;            /* worker 0's outcome */
};

/* Checks the next unchecked entry; false when none is left. */
static bool check_next(struct ingest_job *j)
{
    size_t i = atomic_fetch_add_explicit(&j->next, 1, memory_order_relaxed);
    if (i >= j->n)
        return false;
    atomic_store_explicit(&j->chk[i],
                          (unsigned char)check_entry(&j->entries[i]),
                          memory_order_release);
    return true;
}

static enum check wait_check(struct ingest_job *j, size_t i)
{
    unsigned char c;
    while ((c = atomic_load_explicit(&j->chk[i], memory_order_acquire)) ==
           CHECK_PENDING)
        if (!check_next(j))
            sched_yield(); /* another thread is finishing entry i */
    return (enum check)c;
}

/* After a commit that erased rows: the WAL still holds the erased bytes
 * until a checkpoint copies the pages back and truncates it. */
enum sync_rc engine_after_erase(struct sync_engine *e, struct sync_err *err)
{
    if (!e->erased)
        return SYNC_OK;
    e->erased = false;
    return sync_store_checkpoint(e->st, err);
}

static enum sync_rc apply_all(struct ingest_job *j)
{
    struct sync_engine *e = j->e;
    enum sync_rc rc = sync_store_begin(e->st, j->err);
    for (size_t i = 0; i < j->n && !rc; i++) {
        const struct sync_entry *en = &j->entries[i];
        enum sync_ingest res = SYNC_INGEST_KNOWN;
        int status = -1;
        rc = sync_store_entry_status(e->st, en->id, &status, j->err);
        if (!rc && status < 0)
            rc = ingest_one(e, j->src, en, wait_check(j, i), &res, j->err);
        else if (!rc && status == SYNC_ENTRY_WITHHELD &&
                 wait_check(j, i) == CHECK_OK)
            rc = engine_accept(e, NULL, en, NULL, &res, j->err);
        if (j->results)
            j->results[i] = res;
    }
    if (!rc)
        rc =
            sync_store_meta_set_int(e->st, "hlc", (int64_t)e->hlc.last, j->err);
    if (!rc)
        rc = sync_store_commit(e->st, j->err);
    if (rc)
        sync_store_rollback(e->st);
    if (!rc)
        rc = engine_after_erase(e, j->err);
    /* Others stop at their next entry. */
    atomic_store_explicit(&j->next, j->n, memory_order_relaxed);
    return rc;
}

static void ingest_work(void *arg, size_t worker)
{
    struct ingest_job *j = arg;
    if (worker == 0)
        j->rc = apply_all(j);
    else
        while (check_next(j))
            ;
}

/* Below this many entries, threads cost more than they save. */
#define PARALLEL_MIN 32

enum sync_rc sync_engine_ingest(struct sync_engine *e,
                                const struct sync_entry *entries, size_t n,
                                enum sync_ingest *results, struct sync_err *err)
{
    return sync_engine_ingest_from(e, NULL, entries, n, results, err);
}

enum sync_rc sync_engine_ingest_from(struct sync_engine *e,
                                     const struct sync_source *src,
                                     const struct sync_entry *entries, size_t n,
                                     enum sync_ingest *results,
                                     struct sync_err *err)
{
    assert(e && (entries || !n));
    struct ingest_job j = {.e = e,
                           .src = src,
                           .entries = entries,
                           .n = n,
                           .results = results,
                           .err = err};
    j.chk = sync_xcalloc(n ? n : 1, sizeof(*j.chk));
    atomic_init(&j.next, 0);
    if (e->par && e->par_threads > 1 && n >= PARALLEL_MIN)
        e->par(e->par_ctx, e->par_threads, ingest_work, &j);
    else
        ingest_work(&j, 0);
    free((void *)j.chk);
    return j.rc;
}

void sync_engine_parallel(struct sync_engine *e, size_t threads,
                          void (*work)(void *arg, size_t i), void *arg)
{
    if (e->par && threads > 1) {
        e->par(e->par_ctx, threads, work, arg);
        return;
    }
    for (size_t i = 0; i < threads; i++)
        work(arg, i);
}

void sync_engine_set_parallel(struct sync_engine *e, sync_parallel_fn run,
                              void *ctx, size_t threads)
{
    e->par = run;
    e->par_ctx = ctx;
    e->par_threads = threads;
}
