/* SPDX-License-Identifier: MIT */
/*
 * fed_member: the member's side of the protocol bodies: the requests it
 * makes of its hub (join, pull with its haves, wants and known forks,
 * push, heads) and what it does with the answers (PROTOCOL.md §10, §13).
 * The hub's side is fed.c.
 */
#include "spona/fed.h"
#include "spona/gate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spona/hlc.h"
#include "spona/mem.h"
#include "msg.h"

#include "engine_int.h"
#include "fed_int.h"
#include "store.h"

#include "spona/banned.h"

/* ---- member side ---- */

enum sync_rc sync_fed_heads_request(struct sync_engine *e, const uint8_t *hub,
                                    char **body, size_t *len,
                                    struct sync_err *err)
{
    uint8_t id[SYNC_HASH_LEN];
    bool found = false;
    char text[SYNC_B64_SIZE(SYNC_HASH_LEN)];
    *body = NULL;
    *len = 0;
    enum sync_rc rc = engine_checkpoint_pending(e, hub, id, &found, err);
    if (rc || !found)
        return rc;
    sync_b64_encode(text, sizeof(text), id, sizeof(id));
    struct sync_json *o = sync_json_object();
    sync_json_set_str(o, "checkpoint", text);
    *body = sync_json_dump_max(o, SYNC_LIMIT_BODY, len);
    sync_json_free(o);
    return SYNC_OK;
}

/* The checkpoint id of a heads request this node made. */
static enum sync_rc request_id(const char *request, uint8_t *id,
                               struct sync_err *err)
{
    struct sync_msg *q = NULL;
    size_t idn = 0;
    enum sync_rc rc = sync_msg_parse(&q, request, strlen(request), err);
    const char *cp = rc ? NULL : sync_msg_str(q, "checkpoint");
    if (!rc &&
        (!cp || sync_b64_decode(id, SYNC_HASH_LEN, &idn, cp, strlen(cp)) ||
         idn != SYNC_HASH_LEN))
        rc = sync_err_set(err, SYNC_INTERNAL, "not a heads request");
    sync_msg_free(q);
    return rc;
}

enum sync_rc sync_fed_heads_gone(struct sync_engine *e, const uint8_t *hub,
                                 const char *request, struct sync_err *err)
{
    uint8_t id[SYNC_HASH_LEN];
    enum sync_rc rc = request_id(request, id, err);
    return rc ? rc : engine_checkpoint_pass(e, hub, id, err);
}

enum sync_rc sync_fed_heads_done(struct sync_engine *e, const uint8_t *hub,
                                 const char *request, const void *body,
                                 size_t len, size_t *findings, bool *repush,
                                 struct sync_err *err)
{
    struct sync_msg *m = NULL;
    struct sync_head *heads = NULL;
    uint8_t id[SYNC_HASH_LEN];
    size_t n = 0;
    *findings = 0;
    *repush = false;
    enum sync_rc rc = request_id(request, id, err);
    if (!rc)
        rc = sync_msg_parse(&m, body, len, err);
    if (!rc)
        rc = sync_msg_heads(m, "heads", &heads, &n, err);
    if (!rc)
        rc = engine_checkpoint_check(e, hub, id, heads, n, findings, repush,
                                     err);
    free(heads);
    sync_msg_free(m);
    return rc;
}

char *sync_fed_join_request(struct sync_engine *e, const char *token,
                            const char *name, size_t *len_out)
{
    struct sync_json *o = sync_json_object();
    sync_json_set_str(o, "token", token);
    sync_json_set_str(o, "org", sync_engine_org(e));
    sync_json_set_str(o, "name", name);
    char *text = sync_json_dump_max(o, SYNC_LIMIT_BODY, len_out);
    sync_json_free(o);
    return text;
}

enum sync_rc sync_fed_join_done(struct sync_engine *e, const void *body,
                                size_t len, const uint8_t *expect_key,
                                struct sync_err *err)
{
    struct sync_msg *m = NULL;
    uint8_t key[SYNC_SIG_PK_LEN];
    size_t n = 0;
    enum sync_rc rc = sync_msg_parse(&m, body, len, err);
    if (rc)
        return rc;
    const char *k = sync_msg_str(m, "hub_key");
    const char *org = sync_msg_str(m, "org");
    if (!k || !org || sync_b64_decode(key, sizeof(key), &n, k, strlen(k)) ||
        n != sizeof(key))
        rc = sync_err_set(err, SYNC_PROTO,
                          "hub answered the join with a "
                          "malformed body");
    else if (!sync_memeq(key, expect_key, sizeof(key)))
        rc = sync_err_set(err, SYNC_BADSIG,
                          "hub key differs from the one in "
                          "the join string");
    else
        rc = sync_engine_trust_upstream(e, key, org, NULL, err);
    sync_msg_free(m);
    return rc;
}

/* The shared feeds a node holds, as haves. */
struct haves {
    struct sync_have *h; /* owned */
    size_t n;
    size_t cap;
};

static void haves_push(struct haves *w, const uint8_t *author, int scope,
                       uint64_t seq)
{
    if (w->n == w->cap) {
        w->cap = w->cap ? 2 * w->cap : 64;
        w->h = sync_xrealloc(w->h, w->cap * sizeof(*w->h));
    }
    struct sync_have *h = &w->h[w->n++];
    memcpy(h->author, author, SYNC_SIG_PK_LEN);
    h->scope = scope;
    h->seq = seq;
}

static enum sync_rc have_add(const struct sync_feed *f, void *payload)
{
    if (f->scope != SYNC_SCOPE_LOCAL && f->last_seq > 0)
        haves_push(payload, f->author, f->scope, f->last_seq);
    return SYNC_OK;
}

/* By feed, the highest seq first. */
static int have_cmp(const void *a, const void *b)
{
    const struct sync_have *x = a, *y = b;
    int c = memcmp(x->author, y->author, SYNC_SIG_PK_LEN);
    if (c)
        return c;
    if (x->scope != y->scope)
        return x->scope < y->scope ? -1 : 1;
    return x->seq > y->seq ? -1 : x->seq < y->seq;
}

/* The feeds this node knows forked: their proofs need not come again. */
static enum sync_rc forked_add(const struct sync_feed *f, void *payload)
{
    if (f->forked) {
        struct sync_have h = {.scope = f->scope, .seq = f->last_seq};
        memcpy(h.author, f->author, SYNC_SIG_PK_LEN);
        sync_json_push_have(payload, &h);
    }
    return SYNC_OK;
}

/* The ids of withheld entries, asked for again. */
struct wants {
    struct sync_json *arr;
    size_t n;
};

static enum sync_rc want_add(const struct sync_withheld *w, void *payload)
{
    struct wants *ws = payload;
    char id[SYNC_B64_SIZE(SYNC_HASH_LEN)];
    sync_b64_encode(id, sizeof(id), w->id, sizeof(w->id));
    sync_json_push(ws->arr, sync_json_string(id));
    ws->n++;
    return SYNC_OK;
}

static enum sync_rc pull_request(struct sync_engine *e,
                                 const struct sync_fed_batch *b, int wait_s,
                                 char **body, size_t *len, struct sync_err *err)
{
    struct haves w = {0};
    enum sync_rc rc =
        sync_store_feeds_each(sync_engine_store(e), have_add, &w, err);
    for (size_t i = 0; b && i < b->n && !rc; i++)
        if (b->e[i].h.scope != SYNC_SCOPE_LOCAL)
            haves_push(&w, b->e[i].h.author, b->e[i].h.scope, b->e[i].h.seq);
    if (rc) {
        free(w.h);
        return rc;
    }
    /* One have per feed: the highest of what is held and what comes. */
    if (w.n)
        qsort(w.h, w.n, sizeof(*w.h), have_cmp);
    struct sync_json *arr = sync_json_array();
    for (size_t i = 0; i < w.n; i++)
        if (i == 0 ||
            memcmp(w.h[i].author, w.h[i - 1].author, SYNC_SIG_PK_LEN) != 0 ||
            w.h[i].scope != w.h[i - 1].scope)
            sync_json_push_have(arr, &w.h[i]);
    free(w.h);
    struct sync_json *o = sync_json_object();
    sync_json_set(o, "have", arr);
    struct sync_json *forked = sync_json_array();
    rc = sync_store_feeds_each(sync_engine_store(e), forked_add, forked, err);
    sync_json_set(o, "forked", forked);
    struct wants want = {.arr = sync_json_array()};
    if (rc) {
        sync_json_free(want.arr);
        sync_json_free(o);
        return rc;
    }
    rc = sync_store_withheld_each(sync_engine_store(e), SYNC_LIMIT_WANT,
                                  want_add, &want, err);
    if (rc) {
        sync_json_free(want.arr);
        sync_json_free(o);
        return rc;
    }
    if (want.n)
        sync_json_set(o, "want", want.arr);
    else
        sync_json_free(want.arr);
    if (wait_s > 0)
        sync_json_set_int(o, "wait", wait_s);
    *body = sync_json_dump_max(o, SYNC_LIMIT_BODY, len);
    sync_json_free(o);
    return *body ? SYNC_OK
                 : sync_err_set(err, SYNC_TOOBIG, "too many feeds to ask for");
}

enum sync_rc sync_fed_pull_request_after(struct sync_engine *e,
                                         const struct sync_fed_batch *b,
                                         char **body, size_t *len,
                                         struct sync_err *err)
{
    return pull_request(e, b, 0, body, len, err);
}

enum sync_rc sync_fed_pull_request(struct sync_engine *e, char **body,
                                   size_t *len, struct sync_err *err)
{
    return pull_request(e, NULL, 0, body, len, err);
}

enum sync_rc sync_fed_pull_request_wait(struct sync_engine *e, int wait_s,
                                        char **body, size_t *len,
                                        struct sync_err *err)
{
    return pull_request(e, NULL, wait_s, body, len, err);
}

enum sync_rc sync_fed_pull_parse(const void *body, size_t len,
                                 const uint8_t *hub, struct sync_fed_batch *out,
                                 struct sync_err *err)
{
    struct sync_msg *m = NULL;
    memset(out, 0, sizeof(*out));
    if (hub) {
        out->has_hub = true;
        memcpy(out->hub, hub, SYNC_SIG_PK_LEN);
    }
    enum sync_rc rc = sync_msg_parse(&m, body, len, err);
    if (!rc)
        rc = sync_msg_entries(m, "entries", &out->e, &out->n, err);
    out->more = !rc && out->n > 0 && sync_msg_bool(m, "more");
    if (!rc && sync_msg_has(m, "behind"))
        rc = sync_msg_haves(m, "behind", &out->behind, &out->n_behind, err);
    if (!rc)
        rc = fed_forks_parse(m, &out->forks, &out->n_forks, err);
    sync_msg_free(m);
    return rc;
}

void sync_fed_batch_release(struct sync_fed_batch *b)
{
    fed_entries_free(b->e, b->n);
    fed_entries_free(b->forks, b->n_forks);
    free(b->behind);
    memset(b, 0, sizeof(*b));
}

enum sync_rc sync_fed_pull_apply(struct sync_engine *e,
                                 const struct sync_fed_batch *b,
                                 struct sync_fed_counts *counts, bool *whole,
                                 struct sync_err *err)
{
    const struct sync_source src = {.peer = b->has_hub ? b->hub : NULL};
    enum sync_ingest *res = sync_xcalloc(b->n ? b->n : 1, sizeof(*res));
    enum sync_rc rc = sync_engine_ingest_from(e, &src, b->e, b->n, res, err);
    /* Forks first: a feed this answer shows forked is not one the hub is
     * behind on. */
    if (!rc && b->n_forks)
        rc = fed_forks_ingest(e, &src, b->forks, b->n_forks, counts, err);
    if (!rc && b->n_behind && b->has_hub)
        rc = engine_hub_behind(e, b->hub, b->behind, b->n_behind, &counts->lost,
                               err);
    if (!rc && b->has_hub)
        rc = engine_hub_gaps(e, b->e, res, b->n, err);
    *whole = true;
    for (size_t i = 0; i < b->n && !rc; i++) {
        fed_counts_add(counts, res[i]);
        *whole &=
            res[i] == SYNC_INGEST_APPLIED || res[i] == SYNC_INGEST_KNOWN ||
            res[i] == SYNC_INGEST_REFUSED || res[i] == SYNC_INGEST_WITHHELD;
    }
    free(res);
    return rc;
}

enum sync_rc sync_fed_pull_done(struct sync_engine *e, const uint8_t *hub,
                                const void *body, size_t len, bool *more,
                                struct sync_fed_counts *counts,
                                struct sync_err *err)
{
    struct sync_fed_batch b;
    bool whole = false;
    enum sync_rc rc = sync_fed_pull_parse(body, len, hub, &b, err);
    if (!rc)
        rc = sync_fed_pull_apply(e, &b, counts, &whole, err);
    *more = !rc && b.more;
    sync_fed_batch_release(&b);
    return rc;
}

enum sync_rc sync_fed_push_request(struct sync_engine *e, char **body,
                                   size_t *len, size_t *n_out, bool *more,
                                   struct sync_err *err)
{
    struct batch_out b = {.arr = sync_json_array()};
    enum sync_rc rc = sync_store_push_batch(
        sync_engine_store(e), sync_engine_self(e), sync_engine_is_hub(e),
        SYNC_LIMIT_BATCH_ENTRIES, fed_batch_add, &b, more, err);
    *body = NULL;
    *n_out = b.n;
    if (rc || b.n == 0) {
        sync_json_free(b.arr);
        *more = false;
        return rc;
    }
    struct sync_json *o = sync_json_object();
    sync_json_set(o, "entries", b.arr);
    *body = sync_json_dump_max(o, SYNC_LIMIT_BODY, len);
    sync_json_free(o);
    return *body ? SYNC_OK
                 : sync_err_set(err, SYNC_TOOBIG, "push batch is too large");
}

enum sync_rc sync_fed_forks_request(struct sync_engine *e, char **body,
                                    size_t *len, int64_t *last,
                                    struct sync_err *err)
{
    struct sync_json *forks = sync_json_array();
    *body = NULL;
    *last = 0;
    enum sync_rc rc = sync_store_forks_up(
        sync_engine_store(e), SYNC_LIMIT_FORKS, fed_fork_add, forks, last, err);
    if (rc || *last == 0) {
        sync_json_free(forks);
        return rc;
    }
    struct sync_json *o = sync_json_object();
    sync_json_set(o, "entries", sync_json_array());
    sync_json_set(o, "forks", forks);
    *body = sync_json_dump_max(o, SYNC_LIMIT_BODY, len);
    sync_json_free(o);
    return *body ? SYNC_OK
                 : sync_err_set(err, SYNC_TOOBIG, "fork proofs too large");
}

enum sync_rc sync_fed_forks_done(struct sync_engine *e, int64_t last,
                                 struct sync_err *err)
{
    struct sync_store *st = sync_engine_store(e);
    enum sync_rc rc = sync_store_begin(st, err);
    if (!rc)
        rc = sync_store_forks_up_done(st, last, err);
    if (!rc)
        rc = sync_store_commit(st, err);
    if (rc)
        sync_store_rollback(st);
    return rc;
}

enum sync_rc fed_receipts_take(struct sync_engine *e,
                               const struct sync_receipt *r, size_t n,
                               const uint8_t *hub_key, struct sync_err *err)
{
    struct sync_store *st = sync_engine_store(e);
    enum sync_rc rc = SYNC_OK;
    for (size_t i = 0; i < n && !rc; i++)
        rc = sync_receipt_verify(&r[i], hub_key, err);
    if (rc || (rc = sync_store_begin(st, err)))
        return rc;
    for (size_t i = 0; i < n && !rc; i++)
        rc = sync_store_feed_ack(st, r[i].at.author, r[i].at.scope, r[i].at.seq,
                                 err);
    /* Kept: proof of what the hub acknowledged (PROTOCOL.md §13). */
    for (size_t i = 0; i < n && !rc; i++)
        if (memcmp(r[i].at.author, sync_engine_self(e), SYNC_SIG_PK_LEN) == 0)
            rc = sync_store_receipt_keep(st, &r[i], hub_key,
                                         (int64_t)sync_hlc_wall_ms(), err);
    if (!rc)
        rc = sync_store_commit(st, err);
    if (rc)
        sync_store_rollback(st);
    return rc;
}

enum sync_rc sync_fed_push_done(struct sync_engine *e, const void *body,
                                size_t len, const uint8_t *hub_key,
                                struct sync_fed_counts *counts,
                                struct sync_err *err)
{
    struct sync_msg *m = NULL;
    struct sync_receipt *r = NULL;
    size_t n = 0;
    enum sync_rc rc = sync_msg_parse(&m, body, len, err);
    if (!rc)
        rc = sync_msg_receipts(m, "receipts", &r, &n, err);
    struct sync_have *forked = NULL;
    size_t n_forked = 0;
    if (!rc && sync_msg_has(m, "forked"))
        rc = sync_msg_haves(m, "forked", &forked, &n_forked, err);
    if (!rc)
        rc = fed_receipts_take(e, r, n, hub_key, err);
    if (!rc) {
        counts->applied += (size_t)sync_msg_int(m, "applied", 0);
        counts->known += (size_t)sync_msg_int(m, "known", 0);
        counts->refused += (size_t)sync_msg_int(m, "refused", 0);
        counts->rejected += (size_t)sync_msg_int(m, "rejected", 0);
        counts->forks += (size_t)sync_msg_int(m, "forks", 0);
        counts->gaps += (size_t)sync_msg_int(m, "gaps", 0);
        counts->withheld += (size_t)sync_msg_int(m, "withheld", 0);
    }
    /* The hub closed one of this node's own feeds: say so plainly. */
    for (size_t i = 0; i < n_forked && !rc; i++)
        if (memcmp(forked[i].author, sync_engine_self(e), SYNC_SIG_PK_LEN) ==
                0 &&
            ++counts->own_forked)
            rc = sync_err_set(
                err, SYNC_CONFLICT,
                "the hub closed this node's %s feed as forked (it holds it "
                "up to seq %llu): "
                "another copy of this node's key (a copied folder or a "
                "restored backup) wrote different entries, and the hub "
                "refuses this feed's later changes; see 'spona status' and "
                "docs/OPERATIONS.md",
                sync_scope_name(forked[i].scope),
                (unsigned long long)forked[i].seq);
    free(forked);
    free(r);
    sync_msg_free(m);
    return rc;
}
