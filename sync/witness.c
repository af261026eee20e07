/* SPDX-License-Identifier: MIT */
/*
 * witness: checkpoints (docs/PROTOCOL.md §13). A hub commits, in an entry
 * of its own hub feed, to the head of every feed its members may pull; a
 * member that has pulled everything checks the heads of its hub's latest
 * checkpoint against what it holds and records what does not hold, with
 * the checkpoint as proof: entries withheld from it, a feed shown
 * differently than committed to, and a hub that lost what it had
 * acknowledged (those entries are sent again).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spona/checkpoint.h"
#include "spona/engine.h"
#include "spona/hlc.h"
#include "spona/mem.h"
#include "engine_int.h"
#include "store.h"

#include "spona/banned.h"

/* Checkpoints whose heads a hub keeps for /v1/heads. */
#define CHECKPOINTS_KEPT 4

enum sync_rc engine_checkpoint_apply(struct sync_engine *e,
                                     const struct incoming *in,
                                     struct sync_err *err)
{
    const struct sync_entry *en = in->e;
    struct store_checkpoint c = {.seq = en->h.seq};
    memcpy(c.id, en->id, SYNC_HASH_LEN);
    memcpy(c.author, en->h.author, SYNC_SIG_PK_LEN);
    c.feeds = sync_record_get(&in->set, "feeds")->v.i;
    c.at = sync_record_get(&in->set, "time")->v.i;
    snprintf(c.root, sizeof(c.root), "%s", sync_record_text(&in->set, "root"));
    /* A hub's own checkpoints need no check against itself. */
    c.checked = memcmp(c.author, sync_engine_self(e), SYNC_SIG_PK_LEN) == 0;
    enum sync_rc rc = sync_store_checkpoint_add(e->st, &c, err);
    if (!rc && c.checked)
        rc = sync_store_checkpoint_checked(e->st, c.author, c.seq, err);
    return rc;
}

static void root_hex(char out[2 * SYNC_HASH_LEN + 1],
                     const struct sync_head *heads, size_t n)
{
    uint8_t root[SYNC_HASH_LEN];
    sync_checkpoint_root(root, heads, n);
    sync_hex_encode(out, 2 * SYNC_HASH_LEN + 1, root, SYNC_HASH_LEN);
}

/* Whether heads a and b are the same but for the hub's own hub feed,
 * which each checkpoint moves by itself. */
static bool same_but_own(const struct sync_head *a, size_t na,
                         const struct sync_head *b, size_t nb,
                         const uint8_t *self)
{
    size_t i = 0, j = 0;
    for (;;) {
        while (i < na && a[i].scope == SYNC_SCOPE_HUB &&
               memcmp(a[i].author, self, SYNC_SIG_PK_LEN) == 0)
            i++;
        while (j < nb && b[j].scope == SYNC_SCOPE_HUB &&
               memcmp(b[j].author, self, SYNC_SIG_PK_LEN) == 0)
            j++;
        if (i == na || j == nb)
            return i == na && j == nb;
        if (sync_head_cmp(&a[i], &b[j]) || a[i].seq != b[j].seq ||
            memcmp(a[i].id, b[j].id, SYNC_HASH_LEN))
            return false;
        i++;
        j++;
    }
}

/* Whether the feeds changed since this hub's latest checkpoint. */
static enum sync_rc changed_since(struct sync_engine *e,
                                  const struct sync_head *heads, size_t n,
                                  bool *out, struct sync_err *err)
{
    struct store_checkpoint last;
    struct sync_head *old = NULL;
    size_t n_old = 0;
    const uint8_t *self = sync_engine_self(e);
    *out = true;
    enum sync_rc rc =
        sync_store_checkpoint_latest(e->st, self, true, &last, err);
    if (rc == SYNC_NOTFOUND)
        return SYNC_OK;
    if (!rc)
        rc = sync_store_heads_get(e->st, last.id, &old, &n_old, err);
    if (!rc && (n_old || last.feeds == 0))
        *out = !same_but_own(heads, n, old, n_old, self);
    free(old);
    return rc;
}

/* Writes the checkpoint; the caller holds the transaction. */
static enum sync_rc checkpoint_locked(struct sync_engine *e, bool *written,
                                      struct sync_err *err)
{
    struct sync_head *heads = NULL;
    size_t n = 0;
    struct sync_feed own;
    const uint8_t *self = sync_engine_self(e);
    char root[2 * SYNC_HASH_LEN + 1];
    bool changed = false;
    enum sync_rc rc = sync_store_heads_visible(e->st, self, &heads, &n, err);
    if (!rc)
        rc = changed_since(e, heads, n, &changed, err);
    if (rc || !changed) {
        free(heads);
        return rc; /* nothing new since the last one */
    }
    root_hex(root, heads, n);
    rc = sync_store_feed_get(e->st, &own, self, SYNC_SCOPE_HUB, true, err);
    struct sync_record set;
    uint8_t row[SYNC_UUID_LEN];
    sync_record_init(&set);
    sync_record_set_int(&set, "feeds", (int64_t)n);
    sync_record_set_text(&set, "root", root);
    sync_record_set_int(&set, "time", (int64_t)sync_hlc_wall_ms());
    sync_checkpoint_row(row, self, own.last_seq + 1);
    if (!rc)
        rc = engine_write_entry(e, SYNC_CHECKPOINT_TABLE, row, SYNC_SCOPE_HUB,
                                SYNC_OP_PUT, &set, err);
    if (!rc)
        rc = sync_store_feed_get(e->st, &own, self, SYNC_SCOPE_HUB, false, err);
    if (!rc)
        rc = sync_store_heads_put(e->st, own.last_id, heads, n, err);
    if (!rc)
        rc = sync_store_heads_keep(e->st, self, CHECKPOINTS_KEPT, err);
    *written = !rc;
    sync_record_release(&set);
    free(heads);
    return rc;
}

enum sync_rc sync_engine_checkpoint(struct sync_engine *e, bool *written,
                                    struct sync_err *err)
{
    *written = false;
    if (!sync_engine_is_hub(e))
        return sync_err_set(err, SYNC_CONFLICT,
                            "only a hub writes checkpoints");
    enum sync_rc rc = sync_store_begin(e->st, err);
    if (!rc)
        rc = checkpoint_locked(e, written, err);
    return engine_local_tx_end(e, rc, err);
}

/* ---- a member checks its hub ---- */

enum sync_rc engine_checkpoint_pending(struct sync_engine *e,
                                       const uint8_t *hub, uint8_t *id,
                                       bool *found, struct sync_err *err)
{
    struct store_checkpoint c;
    enum sync_rc rc =
        sync_store_checkpoint_next(e->st, hub, CHECKPOINTS_KEPT, &c, err);
    *found = rc == SYNC_OK;
    if (rc == SYNC_NOTFOUND)
        return SYNC_OK;
    if (!rc)
        memcpy(id, c.id, SYNC_HASH_LEN);
    return rc;
}

struct check {
    struct sync_engine *e;
    const uint8_t *hub;
    struct sync_evidence v; /* the finding being recorded */
    size_t findings;
    bool repush;     /* an own feed was reopened */
    int64_t cp_time; /* the checkpoint's time, the hub's clock */
};

static enum sync_rc found(struct check *c, const char *kind,
                          const struct sync_head *h, uint64_t held,
                          struct sync_err *err)
{
    snprintf(c->v.kind, sizeof(c->v.kind), "%s", kind);
    c->v.has_feed = h != NULL;
    if (h) {
        memcpy(c->v.author, h->author, SYNC_SIG_PK_LEN);
        c->v.scope = h->scope;
        c->v.seq = h->seq;
    }
    c->v.held = held;
    c->findings++;
    return sync_store_evidence_add(c->e->st, &c->v, err);
}

/* How far the hub's clock may be ahead of this node's for a checkpoint
 * to count as written after a receipt this node kept. */
#define RECEIPT_CLOCK_MARGIN_MS (5 * 60 * 1000LL)

/* An own feed the hub holds less of than its kept receipt covers: the
 * hub lost what it acknowledged. Send it again from there. Only for a
 * checkpoint written after the receipt was kept: an older one (written
 * before this node pushed, checked after) commits to less, rightly; the
 * hub's present position comes with every pull (engine_hub_behind). */
static enum sync_rc check_own(struct check *c, const struct sync_head *h,
                              struct sync_err *err)
{
    struct sync_receipt r;
    int64_t kept = 0;
    enum sync_rc rc = sync_store_receipt_get(c->e->st, h->author, h->scope,
                                             c->hub, &r, &kept, err);
    if (rc == SYNC_NOTFOUND)
        return SYNC_OK;
    if (rc || r.at.seq <= h->seq ||
        c->cp_time <= kept + RECEIPT_CLOCK_MARGIN_MS)
        return rc;
    if ((rc = found(c, "rollback", h, r.at.seq, err)))
        return rc;
    c->repush = true;
    return sync_store_feed_ack(c->e->st, h->author, h->scope, h->seq, err);
}

static enum sync_rc check_head(struct check *c, const struct sync_head *h,
                               struct sync_err *err)
{
    struct sync_feed f;
    uint8_t id[SYNC_HASH_LEN];
    if (memcmp(h->author, sync_engine_self(c->e), SYNC_SIG_PK_LEN) == 0)
        return check_own(c, h, err);
    enum sync_rc rc =
        sync_store_feed_get(c->e->st, &f, h->author, h->scope, false, err);
    if (rc == SYNC_NOTFOUND)
        return found(c, "withheld", h, 0, err);
    if (rc)
        return rc;
    if (f.last_seq < h->seq)
        return found(c, "withheld", h, f.last_seq, err);
    rc = sync_store_entry_id_at(c->e->st, f.feed, h->seq, id, err);
    if (rc == SYNC_NOTFOUND || (!rc && memcmp(id, h->id, SYNC_HASH_LEN)))
        return found(c, "split", h, f.last_seq, err);
    return rc;
}

/* A feed of the previous checked checkpoint that went backwards. */
static enum sync_rc check_backwards(struct check *c,
                                    const struct sync_head *heads, size_t n,
                                    struct sync_err *err)
{
    struct store_checkpoint prev;
    struct sync_head *old = NULL;
    size_t n_old = 0;
    enum sync_rc rc =
        sync_store_checkpoint_latest(c->e->st, c->hub, true, &prev, err);
    if (rc == SYNC_NOTFOUND)
        return SYNC_OK;
    if (!rc)
        rc = sync_store_heads_get(c->e->st, prev.id, &old, &n_old, err);
    for (size_t i = 0; i < n_old && !rc; i++) {
        const struct sync_head *now =
            bsearch(&old[i], heads, n, sizeof(*heads), sync_head_cmp);
        if (now && now->seq < old[i].seq)
            rc = found(c, "rollback", now, old[i].seq, err);
    }
    free(old);
    return rc;
}

static bool in_leaf_order(const struct sync_head *h, size_t n)
{
    for (size_t i = 1; i < n; i++)
        if (sync_head_cmp(&h[i - 1], &h[i]) >= 0)
            return false;
    return true;
}

static enum sync_rc check_locked(struct check *c,
                                 const struct store_checkpoint *cp,
                                 const struct sync_head *heads, size_t n,
                                 struct sync_err *err)
{
    char root[2 * SYNC_HASH_LEN + 1] = "";
    enum sync_rc rc = SYNC_OK;
    bool ordered = in_leaf_order(heads, n);
    c->cp_time = cp->at;
    if (ordered)
        root_hex(root, heads, n);
    /* Heads that are not what the hub signed prove that much, and the
     * rest of them nothing. */
    if (!ordered || (int64_t)n != cp->feeds || strcmp(root, cp->root) != 0) {
        rc = found(c, "root", NULL, 0, err);
        n = 0;
    } else {
        rc = check_backwards(c, heads, n, err);
    }
    for (size_t i = 0; i < n && !rc; i++)
        rc = check_head(c, &heads[i], err);
    /* The heads of the latest checked checkpoint, for the next one. */
    if (!rc)
        rc = sync_store_heads_put(c->e->st, cp->id, heads, n, err);
    if (!rc)
        rc = sync_store_checkpoint_checked(c->e->st, c->hub, cp->seq, err);
    if (!rc)
        rc = sync_store_heads_before(c->e->st, c->hub, cp->seq, err);
    return rc;
}

enum sync_rc engine_checkpoint_check(struct sync_engine *e, const uint8_t *hub,
                                     const uint8_t *id,
                                     const struct sync_head *heads, size_t n,
                                     size_t *findings, bool *repush,
                                     struct sync_err *err)
{
    struct store_checkpoint cp;
    struct check c = {.e = e, .hub = hub};
    memcpy(c.v.proof, id, SYNC_HASH_LEN);
    c.v.has_proof = true;
    c.v.at = (int64_t)sync_hlc_wall_ms();
    enum sync_rc rc = sync_store_begin(e->st, err);
    if (rc)
        return rc;
    rc = sync_store_checkpoint_get(e->st, id, &cp, err);
    if (!rc && memcmp(cp.author, hub, SYNC_SIG_PK_LEN) != 0)
        rc = sync_err_set(err, SYNC_PROTO, "checkpoint of another hub");
    if (!rc)
        rc = check_locked(&c, &cp, heads, n, err);
    rc = engine_local_tx_end(e, rc, err);
    *findings = rc ? 0 : c.findings;
    *repush = !rc && c.repush;
    return rc;
}

/* Whether this node can have got feed b from hub, so that holding more
 * of it than the hub says is evidence: not a feed of a key this node
 * vouched for (a member of this hub pushed it here), not a hub feed
 * outside hub's reach (only hub's own and its members' reach it). */
static enum sync_rc came_from_hub(struct sync_engine *e, const uint8_t *hub,
                                  const struct sync_have *b, bool *out,
                                  struct sync_err *err)
{
    struct sync_member m;
    const uint8_t *self = sync_engine_self(e);
    enum sync_rc rc = sync_store_member_read(e->st, b->author, &m, NULL);
    bool known = rc == SYNC_OK;
    if (rc && rc != SYNC_NOTFOUND)
        return sync_store_member_read(e->st, b->author, &m, err);
    bool mine =
        known && m.has_writer && memcmp(m.writer, self, SYNC_SIG_PK_LEN) == 0;
    bool hubs =
        memcmp(b->author, hub, SYNC_SIG_PK_LEN) == 0 ||
        (known && m.has_writer && memcmp(m.writer, hub, SYNC_SIG_PK_LEN) == 0);
    *out = !mine && (b->scope != SYNC_SCOPE_HUB || hubs);
    return SYNC_OK;
}

/* One feed the hub says it holds only up to b->seq: evidence when this
 * node holds more (the hub lost it), and own entries it had acknowledged
 * go again. */
static enum sync_rc hub_behind_one(struct sync_engine *e, const uint8_t *hub,
                                   const struct sync_have *b, size_t *lost,
                                   struct sync_err *err)
{
    struct sync_feed f;
    struct sync_receipt r;
    bool own = memcmp(b->author, sync_engine_self(e), SYNC_SIG_PK_LEN) == 0;
    struct sync_evidence v = {.has_feed = true,
                              .has_proof = true,
                              .scope = b->scope,
                              .seq = b->seq,
                              .at = (int64_t)sync_hlc_wall_ms()};
    enum sync_rc rc =
        sync_store_feed_get(e->st, &f, b->author, b->scope, false, err);
    if (rc == SYNC_NOTFOUND)
        return SYNC_OK;
    /* it holds all this node holds; or the feed forked (proof kept), and
     * the hub holds the other branch, past which nothing is taken */
    if (rc || f.last_seq <= b->seq || f.forked)
        return rc;
    v.held = f.last_seq;
    if (!own) {
        bool from_hub = true;
        if ((rc = came_from_hub(e, hub, b, &from_hub, err)) || !from_hub)
            return rc;
    }
    if (own) {
        rc = sync_store_receipt_get(e->st, b->author, b->scope, hub, &r, NULL,
                                    err);
        if (rc == SYNC_NOTFOUND)
            return SYNC_OK; /* never acknowledged: sent anyway */
        if (rc || r.at.seq <= b->seq)
            return rc;
        v.held = r.at.seq;
    }
    snprintf(v.kind, sizeof(v.kind), "%s", own ? "lost" : "behind");
    memcpy(v.author, b->author, SYNC_SIG_PK_LEN);
    rc = sync_store_entry_id_at(e->st, f.feed, b->seq + 1, v.proof, err);
    if (!rc)
        rc = sync_store_evidence_add(e->st, &v, err);
    if (!rc && own) {
        rc = sync_store_feed_ack(e->st, b->author, b->scope, b->seq, err);
        *lost += (size_t)(r.at.seq - b->seq);
    }
    return rc;
}

enum sync_rc engine_hub_behind(struct sync_engine *e, const uint8_t *hub,
                               const struct sync_have *behind, size_t n,
                               size_t *lost, struct sync_err *err)
{
    enum sync_rc rc = sync_store_begin(e->st, err);
    for (size_t i = 0; i < n && !rc; i++)
        rc = hub_behind_one(e, hub, &behind[i], lost, err);
    return engine_local_tx_end(e, rc, err);
}

/* One entry the hub served past a hole in its feed: a gap, with the entry
 * as proof that the feed goes on past what the hub gave this node. */
static enum sync_rc hub_gap_one(struct sync_engine *e,
                                const struct sync_entry *en,
                                struct sync_err *err)
{
    struct sync_feed f;
    struct sync_evidence v = {.has_feed = true,
                              .has_proof = true,
                              .scope = en->h.scope,
                              .seq = en->h.seq,
                              .at = (int64_t)sync_hlc_wall_ms()};
    enum sync_rc rc =
        sync_store_feed_get(e->st, &f, en->h.author, en->h.scope, false, err);
    if (rc && rc != SYNC_NOTFOUND)
        return rc;
    v.held = rc ? 0 : f.last_seq;
    snprintf(v.kind, sizeof(v.kind), "gap");
    memcpy(v.author, en->h.author, SYNC_SIG_PK_LEN);
    memcpy(v.proof, en->id, SYNC_HASH_LEN);
    return sync_store_evidence_add(e->st, &v, err);
}

enum sync_rc engine_hub_gaps(struct sync_engine *e, const struct sync_entry *en,
                             const enum sync_ingest *res, size_t n,
                             struct sync_err *err)
{
    const struct sync_entry *last = NULL; /* the feed recorded last */
    enum sync_rc rc = SYNC_OK;
    bool any = false;
    for (size_t i = 0; i < n && !any; i++)
        any = res[i] == SYNC_INGEST_GAP;
    if (!any)
        return SYNC_OK;
    rc = sync_store_begin(e->st, err);
    for (size_t i = 0; i < n && !rc; i++) {
        if (res[i] != SYNC_INGEST_GAP ||
            (last && last->h.scope == en[i].h.scope &&
             memcmp(last->h.author, en[i].h.author, SYNC_SIG_PK_LEN) == 0))
            continue; /* one finding per feed and answer: its first hole */
        last = &en[i];
        rc = hub_gap_one(e, &en[i], err);
    }
    return engine_local_tx_end(e, rc, err);
}

enum sync_rc engine_checkpoint_pass(struct sync_engine *e, const uint8_t *hub,
                                    const uint8_t *id, struct sync_err *err)
{
    struct store_checkpoint cp;
    enum sync_rc rc = sync_store_begin(e->st, err);
    if (rc)
        return rc;
    rc = sync_store_checkpoint_get(e->st, id, &cp, err);
    if (!rc && memcmp(cp.author, hub, SYNC_SIG_PK_LEN) == 0)
        rc = sync_store_checkpoint_checked(e->st, hub, cp.seq, err);
    return engine_local_tx_end(e, rc, err);
}
