/* SPDX-License-Identifier: MIT */
/*
 * bundle_sync: what goes into an offline bundle and how one is applied
 * (docs/PROTOCOL.md §15). A bundle holds what a pull answer or a push
 * body would, chosen by the same store walks, and it is applied through
 * the same functions (sync_fed_pull_apply, fed_push_ingest,
 * fed_receipts_take), so a file is checked exactly as the network is.
 */
#include "spona/bundle.h"
#include "spona/gate.h"

#include <stdlib.h>
#include <string.h>

#include "spona/hlc.h"
#include "spona/limits.h"
#include "spona/mem.h"

#include "engine_int.h"
#include "fed_int.h"
#include "store.h"

#include "spona/banned.h"

/* Entries being gathered into a bundle. */
struct gather {
    struct sync_bundle *b; /* the bundle being filled */
    size_t cap;            /* entries allocated */
    size_t cap_f;          /* fork proofs allocated */
    size_t bytes;          /* encoded bytes so far */
    int64_t since_ms;      /* only entries stored at or after; 0 all */
};

static enum sync_rc gather_entry(const struct sync_stored *s, void *payload)
{
    struct gather *g = payload;
    struct sync_bundle *b = g->b;
    if (g->since_ms && s->arrived && s->arrived < g->since_ms)
        return SYNC_OK;
    g->bytes += 6 + s->header_len + s->sig_len + 1 + s->payload_len;
    if (b->n >= SYNC_LIMIT_BUNDLE_ENTRIES || g->bytes > SYNC_LIMIT_BUNDLE_BYTES)
        return SYNC_TOOBIG;
    if (b->n == g->cap) {
        g->cap = g->cap ? 2 * g->cap : 64;
        b->e = sync_xrealloc(b->e, g->cap * sizeof(*b->e));
    }
    struct sync_entry *en = &b->e[b->n];
    sync_entry_init(en);
    if (s->sig_len != SYNC_SIG_LEN ||
        sync_entry_from_bytes(en, s->header, s->header_len, s->sig, NULL))
        return SYNC_INTERNAL; /* the store holds only decodable headers */
    b->n++;
    if (s->payload) {
        en->payload = sync_xmalloc(s->payload_len + 1);
        memcpy(en->payload, s->payload, s->payload_len);
        en->payload[s->payload_len] = '\0';
        en->payload_len = s->payload_len;
    }
    return SYNC_OK;
}

static enum sync_rc gather_fork(const void *header, size_t header_len,
                                const void *sig, size_t sig_len, void *payload)
{
    struct gather *g = payload;
    struct sync_bundle *b = g->b;
    if (sig_len != SYNC_SIG_LEN || b->n_forks >= 2 * SYNC_LIMIT_FORKS)
        return SYNC_OK;
    if (b->n_forks == g->cap_f) {
        g->cap_f = g->cap_f ? 2 * g->cap_f : 8;
        b->forks = sync_xrealloc(b->forks, g->cap_f * sizeof(*b->forks));
    }
    struct sync_entry *en = &b->forks[b->n_forks];
    sync_entry_init(en);
    if (sync_entry_from_bytes(en, header, header_len, sig, NULL))
        return SYNC_INTERNAL;
    b->n_forks++;
    return SYNC_OK;
}

/* What a DOWN bundle needs of the feeds: haves (the member's own feeds,
 * which it holds) and a receipt for every shared feed. */
struct feeds_walk {
    const uint8_t *member; /* NULL: any member */
    const struct sync_key *key;
    struct sync_have *have; /* owned */
    size_t n_have;
    struct sync_bundle *b;
    size_t cap_r;
};

static enum sync_rc feed_seen(const struct sync_feed *f, void *payload)
{
    struct feeds_walk *w = payload;
    if (f->scope == SYNC_SCOPE_LOCAL || f->last_seq == 0)
        return SYNC_OK;
    struct sync_have at = {.scope = f->scope, .seq = f->last_seq};
    memcpy(at.author, f->author, SYNC_SIG_PK_LEN);
    if (w->member && memcmp(f->author, w->member, SYNC_SIG_PK_LEN) == 0) {
        w->have = sync_xrealloc(w->have, (w->n_have + 1) * sizeof(*w->have));
        w->have[w->n_have++] = at;
    }
    if (w->b->n_r >= SYNC_LIMIT_HAVE_FEEDS)
        return SYNC_TOOBIG;
    if (w->b->n_r == w->cap_r) {
        w->cap_r = w->cap_r ? 2 * w->cap_r : 64;
        w->b->r = sync_xrealloc(w->b->r, w->cap_r * sizeof(*w->b->r));
    }
    sync_receipt_sign(&w->b->r[w->b->n_r++], &at, w->key);
    return SYNC_OK;
}

static bool all_zero(const uint8_t *p, size_t n)
{
    uint8_t any = 0;
    for (size_t i = 0; i < n; i++)
        any |= p[i];
    return any == 0;
}

static enum sync_rc too_many(struct sync_err *err)
{
    return sync_err_set(err, SYNC_TOOBIG,
                        "more than %d entries or %d bytes to carry: sync "
                        "online, or make the bundle with --since",
                        SYNC_LIMIT_BUNDLE_ENTRIES, SYNC_LIMIT_BUNDLE_BYTES);
}

/* A hub's bundle for a member (or any member): a pull's entries. */
static enum sync_rc make_down(struct sync_engine *e,
                              const struct sync_bundle_spec *spec,
                              struct gather *g, struct sync_err *err)
{
    struct sync_store *st = sync_engine_store(e);
    bool any = all_zero(spec->to, SYNC_SIG_PK_LEN);
    bool written = false, more = false;
    if (!sync_engine_is_hub(e))
        return sync_err_set(err, SYNC_CONFLICT,
                            "only a hub makes bundles for members (a "
                            "member makes one for its hub with --hub)");
    enum sync_rc rc = any ? SYNC_OK : sync_gate_member(e, spec->to, err);
    /* The latest checkpoint goes along: it commits to what is carried. */
    if (!rc)
        rc = sync_engine_checkpoint(e, &written, err);
    struct feeds_walk w = {
        .member = any ? NULL : spec->to, .key = sync_engine_key(e), .b = g->b};
    if (!rc)
        rc = sync_store_feeds_each(st, feed_seen, &w, err);
    if (rc == SYNC_TOOBIG)
        rc = too_many(err);
    if (!rc)
        rc = sync_store_pull_batch(st, sync_engine_self(e), w.have, w.n_have,
                                   SYNC_LIMIT_BUNDLE_ENTRIES + 1, gather_entry,
                                   g, &more, err);
    if (!rc && more)
        rc = too_many(err);
    if (rc == SYNC_TOOBIG)
        rc = too_many(err);
    if (!rc)
        rc = sync_store_forks_for(st, sync_engine_self(e), NULL, 0,
                                  SYNC_LIMIT_FORKS, gather_fork, g, err);
    free(w.have);
    return rc;
}

enum sync_rc sync_bundle_create(struct sync_engine *e,
                                const struct sync_bundle_spec *spec,
                                struct sync_buf *out, size_t *n_out,
                                struct sync_err *err)
{
    struct sync_bundle b = {.kind = spec->kind,
                            .made_ms = (int64_t)sync_hlc_wall_ms(),
                            .since_ms = spec->since_ms};
    struct gather g = {.b = &b, .since_ms = spec->since_ms};
    bool more = false;
    enum sync_rc rc = SYNC_OK;
    memcpy(b.from, sync_engine_self(e), SYNC_SIG_PK_LEN);
    memcpy(b.to, spec->to, SYNC_SIG_PK_LEN);
    *n_out = 0;
    if (spec->kind == SYNC_BUNDLE_DOWN) {
        rc = make_down(e, spec, &g, err);
    } else {
        rc = sync_store_push_batch(
            sync_engine_store(e), sync_engine_self(e), sync_engine_is_hub(e),
            SYNC_LIMIT_BUNDLE_ENTRIES + 1, gather_entry, &g, &more, err);
        if (rc == SYNC_TOOBIG || (!rc && more))
            rc = too_many(err);
    }
    if (!rc)
        rc = sync_bundle_encode(&b, sync_engine_key(e), out, err);
    if (!rc)
        *n_out = b.n;
    sync_bundle_release(&b);
    return rc;
}

/* A member's bundle, on the hub it is for: that member's push. */
static enum sync_rc apply_up(struct sync_engine *e, const struct sync_bundle *b,
                             struct sync_fed_counts *c, struct sync_err *err)
{
    if (!sync_engine_is_hub(e) ||
        !sync_memeq(b->to, sync_engine_self(e), SYNC_SIG_PK_LEN))
        return sync_err_set(err, SYNC_CONFLICT,
                            "bundle is for another hub, not for this node");
    enum sync_rc rc = sync_gate_member(e, b->from, err);
    if (rc) {
        sync_err_prefix(err, "bundle's maker");
        return rc;
    }
    return fed_push_ingest(e, b->from, b->e, b->n, b->forks, b->n_forks, c,
                           err);
}

/* A hub's bundle, on its member: that hub's pull answer and receipts. */
static enum sync_rc apply_down(struct sync_engine *e,
                               const struct sync_bundle *b,
                               const uint8_t *upstream,
                               struct sync_fed_counts *c, struct sync_err *err)
{
    if (!upstream || !sync_memeq(b->from, upstream, SYNC_SIG_PK_LEN))
        return sync_err_set(err, SYNC_CONFLICT,
                            "bundle was made by a hub this node has not "
                            "joined");
    if (!all_zero(b->to, SYNC_SIG_PK_LEN) &&
        !sync_memeq(b->to, sync_engine_self(e), SYNC_SIG_PK_LEN))
        return sync_err_set(err, SYNC_CONFLICT,
                            "bundle is for another member of the hub, not "
                            "for this node");
    /* A bundle cut with --since leaves out what the member should hold
     * already: a hole in it is no proof that the hub kept something back
     * (PROTOCOL.md §13), so it is applied as from an unknown sender. */
    struct sync_fed_batch batch = {.e = b->e,
                                   .n = b->n,
                                   .forks = b->forks,
                                   .n_forks = b->n_forks,
                                   .has_hub = b->since_ms == 0};
    bool whole = false;
    memcpy(batch.hub, b->from, SYNC_SIG_PK_LEN);
    enum sync_rc rc = sync_fed_pull_apply(e, &batch, c, &whole, err);
    if (!rc)
        rc = fed_receipts_take(e, b->r, b->n_r, b->from, err);
    /* As after a pull: the hub's verdicts become the review status of
     * this node's practices, sent with its next bundle or round. */
    size_t adopted = 0;
    if (!rc && c->applied)
        rc = sync_engine_adopt_reviews(e, &adopted, err);
    return rc;
}

enum sync_rc sync_bundle_apply(struct sync_engine *e,
                               const struct sync_bundle *b,
                               const uint8_t *upstream,
                               struct sync_fed_counts *counts,
                               struct sync_err *err)
{
    if (b->kind == SYNC_BUNDLE_UP)
        return apply_up(e, b, counts, err);
    return apply_down(e, b, upstream, counts, err);
}
