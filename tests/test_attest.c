/* SPDX-License-Identifier: MIT */
/*
 * attest: witness entries (docs/PROTOCOL.md §13). A hub shows Ključ a
 * network feed that Bihać never sees; Ključ's witness, once Bihać has it,
 * is proof of the fork there. And the rules every receiver holds a
 * witness to, each broken once by a hand-sealed entry.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "check.h"
#include "spona/checkpoint.h"
#include "spona/engine.h"
#include "spona/hlc.h"
#include "spona/mem.h"
#include "engine_int.h"
#include "store.h"
#include "util.h"

static struct test_node hub, kljuc, bihac;

static struct sync_feed feed_of(struct test_node *at, struct test_node *of,
                                int scope)
{
    struct sync_feed f;
    memset(&f, 0, sizeof(f));
    enum sync_rc rc =
        sync_store_feed_get(sync_engine_store(at->e), &f,
                            sync_engine_self(of->e), scope, false, NULL);
    CHECK(rc == SYNC_OK || rc == SYNC_NOTFOUND); /* none held: empty */
    return f;
}

static void member(struct test_node *at, struct test_node *n, const char *role)
{
    CHECK_RC(SYNC_OK,
             sync_engine_member_put(at->e, sync_engine_self(n->e),
                                    sync_engine_org(n->e), role, NULL));
}

/* The refusal reason kept at n for entry id ("" when none). */
static const char *reason(struct test_node *n, const uint8_t *id)
{
    static char out[512];
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    out[0] = '\0';
    if (sqlite3_open_v2(n->db, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db, "SELECT reason FROM rejected WHERE id = ?", -1,
                           &s, NULL) == SQLITE_OK) {
        sqlite3_bind_blob(s, 1, id, SYNC_HASH_LEN, SQLITE_STATIC);
        if (sqlite3_step(s) == SQLITE_ROW)
            snprintf(out, sizeof(out), "%s",
                     (const char *)sqlite3_column_text(s, 0));
    }
    sqlite3_finalize(s);
    sqlite3_close(db);
    return out;
}

/* Base64 of the header and signature of e (static until the next call
 * with the same slot). */
static const char *signed_b64(const struct sync_entry *e, int slot)
{
    static char out[2][SYNC_B64_SIZE(SYNC_ENTRY_HEADER_MAX + SYNC_SIG_LEN)];
    uint8_t bin[SYNC_ENTRY_HEADER_MAX + SYNC_SIG_LEN];
    memcpy(bin, e->header, e->header_len);
    memcpy(bin + e->header_len, e->sig, SYNC_SIG_LEN);
    sync_b64_encode(out[slot], sizeof(out[slot]), bin,
                    e->header_len + SYNC_SIG_LEN);
    return out[slot];
}

/* A witness by author, of checkpoint cp, at seq of its network feed
 * after prev (NULL for seq 1), sealed by hand. */
static void seal_witness(struct sync_entry *w, struct test_node *author,
                         const struct sync_entry *cp, uint64_t seq,
                         const uint8_t *prev)
{
    char row[SYNC_UUID_TEXT], payload[2048];
    uint8_t r[SYNC_UUID_LEN];
    sync_witness_row(r, sync_engine_self(author->e));
    sync_uuid_format(row, r);
    snprintf(payload, sizeof(payload),
             "{\"base\":{},\"owner\":\"%s\",\"set\":{\"checkpoint\":"
             "\"%s\"}}",
             sync_engine_org(author->e), signed_b64(cp, 0));
    test_seal(w, author, SYNC_WITNESS_TABLE, row, SYNC_SCOPE_NETWORK, seq, prev,
              SYNC_HLC_MAKE(sync_hlc_wall_ms(), 0), SYNC_OP_PUT, payload);
}

static void setup(void)
{
    test_node_make(&hub, "Vlada Federacije BiH");
    CHECK_RC(SYNC_OK, sync_engine_make_hub(hub.e, NULL));
    test_node_make(&kljuc, "Općina Ključ");
    test_node_make(&bihac, "Grad Bihać");
    member(&kljuc, &hub, "hub");
    member(&bihac, &hub, "hub");
    member(&kljuc, &bihac, "node");
    member(&bihac, &kljuc, "node");
    member(&hub, &kljuc, "node");
    member(&hub, &bihac, "node");
}

/* The last entry of from's log as it holds it. */
static struct sync_entry last_entry(struct test_node *from, int scope)
{
    struct test_batch b;
    struct sync_entry e;
    sync_entry_init(&e);
    test_take(from, 0, &b);
    for (size_t i = 0; i < b.n; i++)
        if (b.e[i].h.scope == scope &&
            memcmp(b.e[i].h.author, sync_engine_self(from->e),
                   SYNC_SIG_PK_LEN) == 0) {
            sync_entry_release(&e);
            e = b.e[i];
            e.payload = b.e[i].payload
                            ? sync_xstrndup(b.e[i].payload, b.e[i].payload_len)
                            : NULL;
        }
    test_batch_release(&b);
    return e;
}

static void test_split_view_meets(void)
{
    const char *const real[] = {"title", "Prava",   "status", "pilot",
                                "scope", "network", NULL};
    struct sync_feed before = feed_of(&hub, &hub, SYNC_SCOPE_NETWORK);
    test_put(&hub, "practice", NULL, real);
    bool written = false;
    CHECK_RC(SYNC_OK, sync_engine_checkpoint(hub.e, &written, NULL));
    CHECK(written);
    struct sync_feed hubf = feed_of(&hub, &hub, SYNC_SCOPE_HUB);

    /* What the hub shows Ključ instead of "Prava": "Lažna", at the same
     * seq, signed with its key. */
    struct sync_entry fake;
    char row[SYNC_UUID_TEXT];
    uint8_t r[SYNC_UUID_LEN];
    sync_uuid_v7(r, sync_hlc_wall_ms());
    sync_uuid_format(row, r);
    test_forge(&fake, &hub, row, SYNC_SCOPE_NETWORK, before.last_seq + 1,
               before.last_seq ? before.last_id : NULL,
               SYNC_HLC_MAKE(sync_hlc_wall_ms(), 0), SYNC_OP_PUT,
               "{\"base\":{},\"owner\":\"Vlada Federacije BiH\",\"set\":{"
               "\"scope\":\"network\",\"status\":\"pilot\",\"title\":"
               "\"Lažna\"}}");
    struct test_batch all;
    test_take(&hub, 0, &all);
    test_give(&bihac, &all);
    for (size_t i = 0; i < all.n; i++)
        if (all.e[i].h.scope == SYNC_SCOPE_NETWORK &&
            all.e[i].h.seq == before.last_seq + 1 &&
            memcmp(all.e[i].h.author, sync_engine_self(hub.e),
                   SYNC_SIG_PK_LEN) == 0) {
            sync_entry_release(&all.e[i]);
            all.e[i] = fake; /* the batch owns it now */
        }
    test_give(&kljuc, &all);
    test_batch_release(&all);
    CHECK(feed_of(&kljuc, &hub, SYNC_SCOPE_NETWORK).last_seq ==
          before.last_seq + 1);

    /* Ključ checked the checkpoint (the heads exchange is fed's) and
     * witnesses it: once, not again the same day. */
    CHECK_RC(SYNC_OK, sync_store_checkpoint_checked(sync_engine_store(kljuc.e),
                                                    sync_engine_self(hub.e),
                                                    hubf.last_seq, NULL));
    CHECK_RC(SYNC_OK, engine_witness_write(kljuc.e, sync_engine_self(hub.e),
                                           &written, NULL));
    CHECK(written);
    CHECK_RC(SYNC_OK, engine_witness_write(kljuc.e, sync_engine_self(hub.e),
                                           &written, NULL));
    CHECK(!written);

    /* Bihać gets Ključ's feed: the head is the fork, the checkpoint (the
     * same at both) is not. */
    CHECK(test_count(&bihac, "fork") == 0);
    struct test_batch k;
    test_take(&kljuc, 0, &k);
    test_give(&bihac, &k);
    test_batch_release(&k);
    CHECK(test_count(&bihac, "fork") == 1);
    CHECK(feed_of(&bihac, &hub, SYNC_SCOPE_NETWORK).forked);
    CHECK(!feed_of(&bihac, &hub, SYNC_SCOPE_HUB).forked);
    CHECK(!feed_of(&bihac, &kljuc, SYNC_SCOPE_NETWORK).forked);
}

/* Seals a witness of Ključ with set (JSON members) at the next seq of its
 * network feed (row: NULL for the right one); returns how Bihać took it
 * and leaves its id in id. */
static enum sync_ingest witness(const char *set, const char *row, int scope,
                                uint8_t id[SYNC_HASH_LEN])
{
    static uint64_t seq;
    static uint8_t prev[SYNC_HASH_LEN];
    char text[SYNC_UUID_TEXT], *payload;
    uint8_t r[SYNC_UUID_LEN];
    struct sync_entry e;
    enum sync_ingest res = SYNC_INGEST_APPLIED;
    if (!seq) {
        struct sync_feed f = feed_of(&bihac, &kljuc, SYNC_SCOPE_NETWORK);
        seq = f.last_seq;
        memcpy(prev, f.last_id, SYNC_HASH_LEN);
    }
    if (scope != SYNC_SCOPE_NETWORK)
        seq = 0; /* a feed of its own */
    sync_witness_row(r, sync_engine_self(kljuc.e));
    sync_uuid_format(text, r);
    size_t len = strlen(set) + 128;
    payload = sync_xmalloc(len);
    snprintf(payload, len,
             "{\"base\":{},\"owner\":\"Općina Ključ\","
             "\"set\":{%s}}",
             set);
    test_seal(&e, &kljuc, SYNC_WITNESS_TABLE, row ? row : text, scope, seq + 1,
              seq ? prev : NULL, SYNC_HLC_MAKE(sync_hlc_wall_ms(), 0),
              SYNC_OP_PUT, payload);
    free(payload);
    CHECK_RC(SYNC_OK, sync_engine_ingest(bihac.e, &e, 1, &res, NULL));
    memcpy(id, e.id, SYNC_HASH_LEN);
    if (scope == SYNC_SCOPE_NETWORK) {
        seq++;
        memcpy(prev, e.id, SYNC_HASH_LEN);
    }
    sync_entry_release(&e);
    return res;
}

static void refused(const char *set, const char *row, int scope,
                    const char *why)
{
    uint8_t id[SYNC_HASH_LEN];
    CHECK(witness(set, row, scope, id) == SYNC_INGEST_REFUSED);
    const char *got = reason(&bihac, id);
    if (!strstr(got, why))
        fprintf(stderr, "  want '%s' in '%s'\n", why, got);
    CHECK(strstr(got, why) != NULL);
}

static void test_rules(void)
{
    struct sync_entry cp = last_entry(&hub, SYNC_SCOPE_HUB);
    struct sync_entry net = last_entry(&hub, SYNC_SCOPE_NETWORK);
    struct sync_entry own = last_entry(&kljuc, SYNC_SCOPE_NETWORK);
    char set[2048];
    uint8_t id[SYNC_HASH_LEN];

    snprintf(set, sizeof(set), "\"checkpoint\":\"%s\"", signed_b64(&cp, 0));
    CHECK(witness(set, NULL, SYNC_SCOPE_NETWORK, id) == SYNC_INGEST_APPLIED);
    refused(set, "01234567-89ab-7def-8123-456789abcdef", SYNC_SCOPE_NETWORK,
            "at the row its author names");
    refused(set, NULL, SYNC_SCOPE_HUB, "in its author's network feed");
    snprintf(set, sizeof(set), "\"checkpoint\":\"%s\",\"note\":\"x\"",
             signed_b64(&cp, 0));
    refused(set, NULL, SYNC_SCOPE_NETWORK, "head or both, and nothing else");
    refused("", NULL, SYNC_SCOPE_NETWORK, "head or both, and nothing else");
    refused("\"head\":\"x\"", NULL, SYNC_SCOPE_NETWORK,
            "head is not base64 of a header and a signature");
    refused("\"checkpoint\":\"!!\"", NULL, SYNC_SCOPE_NETWORK,
            "not base64 of a header and a signature");
    snprintf(set, sizeof(set), "\"checkpoint\":\"%s\"", signed_b64(&net, 0));
    refused(set, NULL, SYNC_SCOPE_NETWORK, "not a hub's checkpoint");
    snprintf(set, sizeof(set), "\"checkpoint\":\"%s\",\"head\":\"%s\"",
             signed_b64(&cp, 0), signed_b64(&own, 1));
    refused(set, NULL, SYNC_SCOPE_NETWORK,
            "head is not of the checkpoint's hub's network feed");
    snprintf(set, sizeof(set), "\"head\":\"%s\"", signed_b64(&net, 0));
    CHECK(witness(set, NULL, SYNC_SCOPE_NETWORK, id) == SYNC_INGEST_APPLIED);
    struct sync_entry bad = cp;
    bad.sig[7] ^= 1; /* the hub never signed this */
    snprintf(set, sizeof(set), "\"checkpoint\":\"%s\"", signed_b64(&bad, 0));
    refused(set, NULL, SYNC_SCOPE_NETWORK, "witness: checkpoint:");

    /* A checkpoint the hub signed for someone else at a seq Bihać holds:
     * the witness is taken, and the hub's hub feed is closed as forked. */
    struct sync_entry other;
    char row[SYNC_UUID_TEXT];
    uint8_t r[SYNC_UUID_LEN];
    sync_checkpoint_row(r, sync_engine_self(hub.e), cp.h.seq);
    sync_uuid_format(row, r);
    test_seal(&other, &hub, SYNC_CHECKPOINT_TABLE, row, SYNC_SCOPE_HUB,
              cp.h.seq, cp.h.seq > 1 ? cp.h.prev : NULL, cp.h.hlc + 1,
              SYNC_OP_PUT,
              "{\"base\":{},\"owner\":\"Vlada Federacije BiH\",\"set\":"
              "{\"feeds\":0,\"root\":\"0e5751c026e543b2e8ab2eb06099daa1d1e5df47"
              "778f7787faab45cdf12fe3a8\",\"time\":1}}");
    /* Relayed in the witness of a key Bihać does not know: the witness
     * is refused, what it carries is the hub's signature all the same. */
    struct test_node stranger;
    struct sync_entry w;
    enum sync_ingest res = SYNC_INGEST_APPLIED;
    test_node_make(&stranger, "Općina Drvar");
    seal_witness(&w, &stranger, &other, 1, NULL);
    CHECK(!feed_of(&bihac, &hub, SYNC_SCOPE_HUB).forked);
    CHECK_RC(SYNC_OK, sync_engine_ingest(bihac.e, &w, 1, &res, NULL));
    CHECK(res == SYNC_INGEST_REFUSED);
    CHECK(strstr(reason(&bihac, w.id), "member") != NULL);
    CHECK(feed_of(&bihac, &hub, SYNC_SCOPE_HUB).forked);
    sync_entry_release(&w);
    sync_entry_release(&other);
    sync_engine_close(stranger.e);
    sync_entry_release(&cp);
    sync_entry_release(&net);
    sync_entry_release(&own);
}

/* The hub writes a checkpoint of something new; Ključ gets it and has
 * checked it. */
static void new_checkpoint(void)
{
    const char *const more[] = {"title", "Nova",    "status", "pilot",
                                "scope", "network", NULL};
    bool written = false;
    test_put(&hub, "practice", NULL, more);
    CHECK_RC(SYNC_OK, sync_engine_checkpoint(hub.e, &written, NULL));
    CHECK(written);
    struct sync_entry cp = last_entry(&hub, SYNC_SCOPE_HUB);
    struct test_batch b = {.e = &cp, .n = 1};
    test_give(&kljuc, &b);
    CHECK(feed_of(&kljuc, &hub, SYNC_SCOPE_HUB).last_seq == cp.h.seq);
    CHECK_RC(SYNC_OK, sync_store_checkpoint_checked(sync_engine_store(kljuc.e),
                                                    sync_engine_self(hub.e),
                                                    cp.h.seq, NULL));
    sync_entry_release(&cp);
}

/* When Ključ writes one: not again the same day unless the clock went
 * back, not when nothing changed, not while restored. */
static void test_when(void)
{
    struct sync_store *st = sync_engine_store(kljuc.e);
    const uint8_t *h = sync_engine_self(hub.e);
    int64_t now = (int64_t)sync_hlc_wall_ms(), day = 24 * 3600 * 1000LL;
    bool written = true;
    CHECK_RC(SYNC_OK,
             sync_store_meta_set_int(st, "witness_at", now - day - 1, NULL));
    CHECK_RC(SYNC_OK, engine_witness_write(kljuc.e, h, &written, NULL));
    CHECK(!written); /* a day later, but the same checkpoint and head */

    new_checkpoint();
    CHECK_RC(SYNC_OK, engine_witness_write(kljuc.e, h, &written, NULL));
    CHECK(!written); /* a new checkpoint, but within the day */
    CHECK_RC(SYNC_OK,
             sync_store_meta_set_int(st, "witness_at", now + day, NULL));
    CHECK_RC(SYNC_OK, engine_witness_write(kljuc.e, h, &written, NULL));
    CHECK(written); /* the clock went back past the last one */

    new_checkpoint();
    CHECK_RC(SYNC_OK,
             sync_store_meta_set_int(st, "witness_at", now - day - 1, NULL));
    CHECK_RC(SYNC_OK, sync_store_meta_set_int(st, "restored", 1, NULL));
    CHECK_RC(SYNC_OK, engine_witness_write(kljuc.e, h, &written, NULL));
    CHECK(!written); /* restored: not before it caught up */
    CHECK_RC(SYNC_OK, sync_store_meta_set_int(st, "restored", 0, NULL));
    CHECK_RC(SYNC_OK, engine_witness_write(kljuc.e, h, &written, NULL));
    CHECK(written);
}

/* A hub's own witness of itself proves nothing and is refused. */
static void test_self(void)
{
    struct sync_entry cp = last_entry(&hub, SYNC_SCOPE_HUB);
    struct sync_feed f = feed_of(&kljuc, &hub, SYNC_SCOPE_NETWORK);
    struct sync_entry w;
    enum sync_ingest res = SYNC_INGEST_APPLIED;
    seal_witness(&w, &hub, &cp, f.last_seq + 1, f.last_id);
    CHECK_RC(SYNC_OK, sync_engine_ingest(kljuc.e, &w, 1, &res, NULL));
    CHECK(res == SYNC_INGEST_REFUSED);
    CHECK(strstr(reason(&kljuc, w.id), "does not witness itself") != NULL);
    sync_entry_release(&w);
    sync_entry_release(&cp);
}

int main(void)
{
    if (sync_global_init(NULL))
        return 1;
    setup();
    RUN(test_split_view_meets);
    RUN(test_rules);
    RUN(test_when);
    RUN(test_self);
    return CHECK_DONE();
}
