/* SPDX-License-Identifier: MIT */
/*
 * verify: the full check of the log: every header decodes to its id,
 * every signature holds, every feed chains and ends where its position
 * says, every stored payload has its header's hash.
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
    if (!rc) {
        w->seq = s->seq;
        memcpy(w->last, s->id, SYNC_HASH_LEN);
        w->stats->entries++;
        w->stats->purged += s->payload ? 0 : 1;
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

enum sync_rc sync_engine_verify(struct sync_engine *e, struct sync_verify *out,
                                struct sync_err *err)
{
    struct feed_list feeds = {0};
    memset(out, 0, sizeof(*out));
    enum sync_rc rc = sync_store_feeds_each(e->st, collect_feed, &feeds, err);
    for (size_t i = 0; i < feeds.n && !rc; i++) {
        struct verify_walk w = {.feed = &feeds.f[i], .stats = out, .err = err};
        rc = sync_store_feed_entries(e->st, feeds.f[i].feed, verify_entry, &w,
                                     err);
        if (!rc && (w.seq != feeds.f[i].last_seq ||
                    memcmp(w.last, feeds.f[i].last_id, SYNC_HASH_LEN) != 0))
            rc = verify_fail(&w, feeds.f[i].last_id, feeds.f[i].last_seq,
                             "feed position does not match its entries");
        out->feeds++;
    }
    free(feeds.f);
    return rc;
}
