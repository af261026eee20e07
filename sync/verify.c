/* SPDX-License-Identifier: MIT */
/*
 * verify: the full check of what a node holds, as fsck does: every header
 * decodes to its id, every signature holds, every feed chains and ends
 * where its position says, every stored payload has its header's hash, a
 * payload is missing only where an erasure covers it, every fork proof is
 * proof, and (asked for) every row is what the log says it is.
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

struct verify_walk {
    struct sync_store *st;        /* the store */
    const struct sync_feed *feed; /* the feed walked */
    uint64_t seq;                 /* seq of the last entry seen */
    uint8_t last[SYNC_HASH_LEN];  /* its id; zeros before the first */
    struct sync_verify *stats;    /* counters */
    struct sync_err *err;         /* where the first failure goes */
};

static enum sync_rc verify_fail(struct verify_walk *w, const uint8_t *id,
                                uint64_t seq, const char *what)
{
    char hex[2 * SYNC_HASH_LEN + 1];
    char author[2 * SYNC_SIG_PK_LEN + 1];
    sync_hex_encode(hex, sizeof(hex), id, SYNC_HASH_LEN);
    sync_hex_encode(author, sizeof(author), w->feed->author, SYNC_SIG_PK_LEN);
    return sync_err_set(
        w->err, SYNC_BADSIG, "entry %s (feed %.16s/%s, seq %llu): %s", hex,
        author, sync_scope_name(w->feed->scope), (unsigned long long)seq, what);
}

/* Whether the columns a row's history is found by say what the signed
 * header says. */
static bool indexed_as_header(const struct sync_stored *s,
                              const struct sync_entry_header *h)
{
    char row[SYNC_UUID_TEXT];
    sync_uuid_format(row, h->row);
    return s->hlc == h->hlc && s->op == h->op &&
           strcmp(s->table, h->table) == 0 && strcmp(s->row_id, row) == 0;
}

static enum sync_rc verify_entry(const struct sync_stored *s, void *payload)
{
    struct verify_walk *w = payload;
    struct sync_entry en;
    enum sync_rc rc = SYNC_OK;
    sync_entry_init(&en);
    if (s->sig_len != SYNC_SIG_LEN ||
        sync_entry_from_bytes(&en, s->header, s->header_len, s->sig, NULL))
        rc = verify_fail(w, s->id, s->seq, "header does not decode");
    else if (en.h.seq != s->seq || en.h.seq != w->seq + 1)
        rc = verify_fail(w, s->id, s->seq, "seq is out of order");
    else if (memcmp(en.h.author, w->feed->author, SYNC_SIG_PK_LEN) != 0 ||
             en.h.scope != w->feed->scope)
        rc = verify_fail(w, s->id, s->seq, "stored in the wrong feed");
    else if (memcmp(en.h.prev, w->last, SYNC_HASH_LEN) != 0)
        rc = verify_fail(w, s->id, s->seq, "prev does not match the chain");
    else if (sync_entry_verify_sig(&en, NULL))
        rc = verify_fail(w, s->id, s->seq, "signature does not verify");
    else if (memcmp(en.id, s->id, SYNC_HASH_LEN) != 0)
        rc = verify_fail(w, s->id, s->seq, "id does not match its bytes");
    else if (!indexed_as_header(s, &en.h))
        rc = verify_fail(w, s->id, s->seq,
                         "its indexed columns (clock, "
                         "table, row, op) differ from its header");
    else if (s->payload &&
             sync_entry_verify_payload(&en, s->payload, s->payload_len, NULL))
        rc = verify_fail(w, s->id, s->seq, "payload does not match its hash");
    bool erased = false;
    if (!rc && !s->payload && s->status == SYNC_ENTRY_APPLIED &&
        !(rc = sync_store_is_erased(w->st, s->table, s->row_id, &erased,
                                    w->err)) &&
        !erased)
        rc = verify_fail(w, s->id, s->seq,
                         "its payload is missing and no erasure covers its "
                         "row");
    if (!rc) {
        w->seq = s->seq;
        memcpy(w->last, s->id, SYNC_HASH_LEN);
        w->stats->entries++;
        w->stats->purged += !s->payload && s->status != SYNC_ENTRY_WITHHELD;
        w->stats->withheld += s->status == SYNC_ENTRY_WITHHELD;
    }
    sync_entry_release(&en);
    return rc;
}

struct feed_list {
    struct sync_feed *f; /* owned array */
    size_t n;            /* used */
    size_t cap;          /* allocated */
};

static enum sync_rc collect_feed(const struct sync_feed *f, void *payload)
{
    struct feed_list *l = payload;
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 16;
        l->f = sync_xrealloc(l->f, l->cap * sizeof(*l->f));
    }
    l->f[l->n++] = *f;
    return SYNC_OK;
}

/* A fork proof is two authentic entries of its feed at one seq. */
struct fork_check {
    struct sync_verify *stats;
    struct sync_err *err;
};

static enum sync_rc verify_fork(const struct store_fork_proof *p, void *payload)
{
    struct fork_check *c = payload;
    struct sync_entry b;
    char author[2 * SYNC_SIG_PK_LEN + 1];
    const char *why = NULL;
    sync_entry_init(&b);
    if (p->sig_b_len != SYNC_SIG_LEN ||
        sync_entry_from_bytes(&b, p->header_b, p->header_b_len, p->sig_b, NULL))
        why = "its second header does not decode";
    else if (sync_entry_verify_sig(&b, NULL))
        why = "its second signature does not verify";
    else if (memcmp(b.id, p->id_b, SYNC_HASH_LEN) != 0)
        why = "its second id does not match its bytes";
    else if (memcmp(b.h.author, p->author, SYNC_SIG_PK_LEN) != 0 ||
             b.h.scope != p->scope || b.h.seq != p->seq)
        why = "its second entry is of another feed or seq";
    else if (!p->held || memcmp(p->held, p->id_a, SYNC_HASH_LEN) != 0)
        why = "its first entry is not the one the log holds at its seq";
    else if (memcmp(p->id_a, p->id_b, SYNC_HASH_LEN) == 0)
        why = "its two entries are the same";
    sync_entry_release(&b);
    if (!why) {
        c->stats->forks++;
        return SYNC_OK;
    }
    sync_hex_encode(author, sizeof(author), p->author, SYNC_SIG_PK_LEN);
    return sync_err_set(
        c->err, SYNC_BADSIG, "fork proof (feed %.16s/%s, seq %llu): %s", author,
        sync_scope_name(p->scope), (unsigned long long)p->seq, why);
}

/* ---- rows against the log ---- */

struct row_check {
    struct sync_engine *e;
    const struct sync_tdef *t;
    struct sync_verify *stats;
    struct sync_err *err;
    struct sync_record want; /* the newest write of each field */
    uint64_t *hlc;           /* per field of want: its writer's clock */
    uint8_t (*who)[SYNC_SIG_PK_LEN + SYNC_HASH_LEN]; /* author, id */
    size_t cap;
    size_t writes; /* history entries seen for the row */
};

/* Keeps, for each field a write sets, the newest write (hlc, author, id):
 * the rule merge.c applies. */
static enum sync_rc row_write(const struct sync_stored *s, void *payload)
{
    struct row_check *c = payload;
    struct sync_record set;
    char *owner = NULL;
    if (!s->payload)
        return SYNC_OK;
    c->writes++;
    sync_record_init(&set);
    enum sync_rc rc =
        sync_msg_payload_decode(&owner, &set, s->payload, s->payload_len, NULL);
    free(owner);
    for (size_t i = 0; !rc && i < set.n; i++) {
        const struct sync_rfield *f = &set.f[i];
        size_t k = 0;
        while (k < c->want.n && strcmp(c->want.f[k].name, f->name) != 0)
            k++;
        uint8_t key[SYNC_SIG_PK_LEN + SYNC_HASH_LEN];
        memcpy(key, s->author, SYNC_SIG_PK_LEN);
        memcpy(key + SYNC_SIG_PK_LEN, s->id, SYNC_HASH_LEN);
        if (k < c->want.n &&
            (c->hlc[k] > s->hlc ||
             (c->hlc[k] == s->hlc && memcmp(c->who[k], key, sizeof(key)) > 0)))
            continue;
        if (k == c->want.n && k == c->cap) {
            c->cap = c->cap ? 2 * c->cap : 16;
            c->hlc = sync_xrealloc(c->hlc, c->cap * sizeof(*c->hlc));
            c->who = sync_xrealloc(c->who, c->cap * sizeof(*c->who));
        }
        sync_value_copy(&sync_record_slot(&c->want, f->name)->v, &f->v);
        c->hlc[k] = s->hlc;
        memcpy(c->who[k], key, sizeof(key));
    }
    sync_record_release(&set);
    return rc ? sync_err_set(NULL, SYNC_DB, "undecodable") : SYNC_OK;
}

static bool value_eq(const struct sync_value *a, const struct sync_value *b)
{
    bool a_null = !a || a->kind == SYNC_V_NULL;
    bool b_null = !b || b->kind == SYNC_V_NULL;
    if (a_null || b_null)
        return a_null && b_null;
    if (a->kind != b->kind)
        return false;
    return a->kind == SYNC_V_INT ? a->i == b->i : strcmp(a->s, b->s) == 0;
}

static enum sync_rc row_compare(const struct sync_record *row, void *payload)
{
    struct row_check *c = payload;
    struct sync_store *st = sync_engine_store(c->e);
    const char *id = sync_record_text(row, "id");
    sync_record_release(&c->want);
    sync_record_init(&c->want);
    c->writes = 0;
    enum sync_rc rc = sync_store_row_entries(st, c->t->name, id ? id : "",
                                             row_write, c, c->err);
    if (rc)
        return sync_err_set(c->err, SYNC_BADSIG,
                            "row %s %s: its history does not decode",
                            c->t->name, id ? id : "?");
    if (!c->writes)
        return sync_err_set(c->err, SYNC_BADSIG,
                            "row %s %s: no entry of the log wrote it",
                            c->t->name, id ? id : "?");
    for (size_t k = 0; k < c->want.n; k++) {
        const struct sync_rfield *have =
            sync_record_get(row, c->want.f[k].name);
        if (!value_eq(&c->want.f[k].v, have ? &have->v : NULL))
            return sync_err_set(c->err, SYNC_BADSIG,
                                "row %s %s: field '%s' differs from what the "
                                "log says",
                                c->t->name, id ? id : "?", c->want.f[k].name);
    }
    c->stats->rows++;
    return SYNC_OK;
}

static enum sync_rc verify_rows(struct sync_engine *e, struct sync_verify *out,
                                struct sync_err *err)
{
    const struct sync_schema *sc = sync_store_schema(sync_engine_store(e));
    struct row_check c = {.e = e, .stats = out, .err = err};
    enum sync_rc rc = SYNC_OK;
    sync_record_init(&c.want);
    for (size_t i = 0; (c.t = sync_schema_table_at(sc, i)) && !rc; i++) {
        rc = sync_store_rows_each(sync_engine_store(e), c.t, true, row_compare,
                                  &c, err);
        if (rc == SYNC_DB)
            rc = sync_err_set(err, SYNC_BADSIG,
                              "row %s (after %llu checked): a stored row "
                              "does not decode",
                              c.t->name, (unsigned long long)out->rows);
    }
    sync_record_release(&c.want);
    free(c.hlc);
    free(c.who);
    return rc;
}

/* A kept receipt is the hub's signature over what it acknowledged. */
struct receipt_check {
    struct sync_verify *stats;
    struct sync_err *err;
};

static enum sync_rc verify_receipt(const struct sync_receipt *r,
                                   const uint8_t *hub, void *payload)
{
    struct receipt_check *c = payload;
    if (sync_receipt_verify(r, hub, NULL))
        return sync_err_set(c->err, SYNC_BADSIG,
                            "a kept receipt (%s feed, seq %llu) does not "
                            "verify with its hub's key",
                            sync_scope_name(r->at.scope),
                            (unsigned long long)r->at.seq);
    c->stats->receipts++;
    return SYNC_OK;
}

enum sync_rc sync_engine_verify(struct sync_engine *e, bool rows,
                                struct sync_verify *out, struct sync_err *err)
{
    struct feed_list feeds = {0};
    memset(out, 0, sizeof(*out));
    enum sync_rc rc = sync_store_feeds_each(e->st, collect_feed, &feeds, err);
    for (size_t i = 0; i < feeds.n && !rc; i++) {
        struct verify_walk w = {
            .st = e->st, .feed = &feeds.f[i], .stats = out, .err = err};
        rc = sync_store_feed_entries(e->st, feeds.f[i].feed, verify_entry, &w,
                                     err);
        if (!rc && (w.seq != feeds.f[i].last_seq ||
                    memcmp(w.last, feeds.f[i].last_id, SYNC_HASH_LEN) != 0))
            rc = verify_fail(&w, feeds.f[i].last_id, feeds.f[i].last_seq,
                             "feed position does not match its entries");
        out->feeds++;
    }
    free(feeds.f);
    struct fork_check fc = {.stats = out, .err = err};
    if (!rc)
        rc = sync_store_fork_proofs_each(e->st, verify_fork, &fc, err);
    struct receipt_check rc_check = {.stats = out, .err = err};
    if (!rc)
        rc = sync_store_receipts_each(e->st, verify_receipt, &rc_check, err);
    if (!rc && rows)
        rc = verify_rows(e, out, err);
    if (!rc && out->withheld)
        rc = sync_err_set(err, SYNC_BADSIG,
                          "%llu entr%s held without the payload a hub "
                          "withheld (no erasure covers them; 'spona status' "
                          "lists them)",
                          (unsigned long long)out->withheld,
                          out->withheld == 1 ? "y is" : "ies are");
    return rc;
}
