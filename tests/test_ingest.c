/* SPDX-License-Identifier: MIT */
/*
 * ingest: received entries through the one apply path: ownership and
 * authenticity rejections, forks, clocks ahead, damaged entries in a
 * batch, parallel checks, and the seeded convergence property: replicas that
 * ingest the same concurrent entries in different orders end with identical
 * tables.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sqlite3.h>

#include "check.h"
#include "spona/fed.h"
#include "spona/buf.h"
#include "spona/engine.h"
#include "spona/hlc.h"
#include "spona/mem.h"
#include "msg.h"
#include "util.h"

/* ---- tests ---- */

/* A practice entry sealed by hand with any scope, clock and op
 * (test_forge), now at SYNC_OP_PUT. */
static void forge_at(struct sync_entry *out, struct test_node *author,
                     const char *row, int scope, uint64_t seq,
                     const uint8_t *prev, uint64_t hlc, const char *payload)
{
    test_forge(out, author, row, scope, seq, prev, hlc, SYNC_OP_PUT, payload);
}

/* Seals an entry by hand, as a misbehaving node would. */
static void forge(struct sync_entry *out, struct test_node *author,
                  const char *row, uint64_t seq, const uint8_t *prev,
                  const char *payload)
{
    test_forge(out, author, row, SYNC_SCOPE_HUB, seq, prev,
               SYNC_HLC_MAKE(sync_hlc_wall_ms() + 1000, 0), SYNC_OP_PUT,
               payload);
}

static void test_ownership(void)
{
    struct test_node n[3];
    test_node_make(&n[0], "Općina Ključ");
    test_node_make(&n[1], "Grad Zenica");
    test_node_make(&n[2], "Grad Mostar"); /* never introduced */
    test_introduce(n, 2);
    const char *kv[] = {"title", "Ours", "status", "idea", NULL};
    char id[SYNC_UUID_TEXT];
    struct sync_err err;
    snprintf(id, sizeof(id), "%s", test_put(&n[0], "practice", NULL, kv));
    test_sync_pair(&n[0], &n[1]);

    /* Zenica may not change Ključ's row through its own command... */
    struct sync_record set;
    sync_record_init(&set);
    sync_record_set_text(&set, "title", "Theirs");
    CHECK_RC(SYNC_CONFLICT,
             sync_engine_put(n[1].e, "practice", id, &set, NULL, &err));
    CHECK(strstr(err.msg, "belongs to 'Općina Ključ'") != NULL);
    sync_record_release(&set);
    char *before = test_dump(&n[0], "practice");

    /* ...nor by signing entries by hand. */
    struct sync_entry e[3];
    enum sync_ingest res[3];
    forge(&e[0], &n[1], id, 1, NULL,
          "{\"base\":{},\"owner\":\"Grad Zenica\",\"set\":{\"title\":\"X\"}}");
    forge(&e[1], &n[1], id, 2, e[0].id,
          "{\"base\":{},\"owner\":\"Općina Ključ\",\"set\":{\"title\":\"Y\"}}");
    forge(&e[2], &n[2], id, 1, NULL,
          "{\"base\":{},\"owner\":\"Grad Mostar\",\"set\":{\"title\":\"Z\"}}");
    CHECK_RC(SYNC_OK, sync_engine_ingest(n[0].e, e, 3, res, &err));
    CHECK(res[0] == SYNC_INGEST_REFUSED);
    CHECK(res[1] == SYNC_INGEST_REFUSED);
    CHECK(res[2] == SYNC_INGEST_REFUSED);
    CHECK(test_count(&n[0], "rejected") == 3);
    char *after = test_dump(&n[0], "practice");
    CHECK_STR(before, after);
    free(before);
    free(after);
    /* Again: known, nothing changes. */
    CHECK_RC(SYNC_OK, sync_engine_ingest(n[0].e, e, 3, res, &err));
    CHECK(res[0] == SYNC_INGEST_KNOWN && res[2] == SYNC_INGEST_KNOWN);
    CHECK(test_count(&n[0], "rejected") == 3);
    struct sync_verify v;
    CHECK_RC(SYNC_OK, sync_engine_verify(n[0].e, true, &v, &err));
    for (size_t i = 0; i < 3; i++)
        sync_entry_release(&e[i]);
    for (size_t i = 0; i < 3; i++)
        sync_engine_close(n[i].e);
}

static void test_authenticity(void)
{
    struct test_node n[2];
    test_node_make(&n[0], "Grad Bihać");
    test_node_make(&n[1], "Grad Bihać");
    test_introduce(n, 2);
    const char *kv[] = {"title", "Real", "status", "idea", NULL};
    char id[SYNC_UUID_TEXT];
    struct sync_err err;
    snprintf(id, sizeof(id), "%s", test_put(&n[0], "practice", NULL, kv));
    struct test_batch b;
    test_take(&n[0], 0, &b);
    enum sync_ingest res;

    /* A flipped payload byte. */
    b.e[0].payload[10] ^= 1;
    CHECK_RC(SYNC_OK, sync_engine_ingest(n[1].e, b.e, 1, &res, &err));
    CHECK(res == SYNC_INGEST_REJECTED);
    b.e[0].payload[10] ^= 1;
    /* A flipped signature bit: as received, so with the id it implies. */
    struct sync_entry bad;
    uint8_t sig[SYNC_SIG_LEN];
    memcpy(sig, b.e[0].sig, sizeof(sig));
    sig[5] ^= 0x10;
    sync_entry_init(&bad);
    CHECK_RC(SYNC_OK, sync_entry_from_bytes(&bad, b.e[0].header,
                                            b.e[0].header_len, sig, &err));
    bad.payload = sync_xstrdup(b.e[0].payload);
    bad.payload_len = b.e[0].payload_len;
    CHECK_RC(SYNC_OK, sync_engine_ingest(n[1].e, &bad, 1, &res, &err));
    CHECK(res == SYNC_INGEST_REJECTED);
    sync_entry_release(&bad);
    CHECK(test_count(&n[1], "rejected") == 2);
    CHECK(test_count(&n[1], "entry") == 0);
    /* The genuine one still goes in. */
    CHECK_RC(SYNC_OK, sync_engine_ingest(n[1].e, b.e, 1, &res, &err));
    CHECK(res == SYNC_INGEST_APPLIED);
    test_batch_release(&b);

    /* A gap: the entry is skipped, not stored; the rest goes on. */
    const char *e1[] = {"title", "Second", NULL};
    const char *e2[] = {"title", "Third", NULL};
    test_put(&n[0], "practice", id, e1);
    test_put(&n[0], "practice", id, e2);
    test_take(&n[0], 1, &b);
    CHECK(b.n == 2);
    CHECK_RC(SYNC_OK, sync_engine_ingest(n[1].e, b.e + 1, 1, &res, &err));
    CHECK(res == SYNC_INGEST_GAP);
    CHECK(test_count(&n[1], "entry") == 1);
    test_give(&n[1], &b);
    CHECK(test_count(&n[1], "entry") == 3);
    test_batch_release(&b);

    /* A fork: n[0]'s key signs a second entry 3. */
    struct sync_entry f, g;
    uint8_t prev[SYNC_HASH_LEN];
    CHECK_RC(SYNC_OK, sync_store_entry_id_at(sync_engine_store(n[0].e), 1, 2,
                                             prev, &err));
    forge(
        &f, &n[0], id, 3, prev,
        "{\"base\":{},\"owner\":\"Grad Bihać\",\"set\":{\"title\":\"Fork\"}}");
    CHECK_RC(SYNC_OK, sync_engine_ingest(n[1].e, &f, 1, &res, &err));
    CHECK(res == SYNC_INGEST_FORK);
    CHECK(test_count(&n[1], "fork") == 1);
    forge(
        &g, &n[0], id, 4, f.id,
        "{\"base\":{},\"owner\":\"Grad Bihać\",\"set\":{\"title\":\"Next\"}}");
    CHECK_RC(SYNC_OK, sync_engine_ingest(n[1].e, &g, 1, &res, &err));
    CHECK(res == SYNC_INGEST_REJECTED);
    struct sync_record r;
    sync_record_init(&r);
    CHECK_RC(SYNC_OK, sync_engine_get(n[1].e, "practice", id, &r, &err));
    CHECK_STR("Third", sync_record_text(&r, "title"));
    sync_record_release(&r);
    sync_entry_release(&f);
    sync_entry_release(&g);
    sync_engine_close(n[0].e);
    sync_engine_close(n[1].e);
}

/* ---- convergence ---- */

static uint64_t rng_state;

static uint32_t rnd(uint32_t n)
{
    /* xorshift64*: a fixed, seeded sequence on every platform */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (uint32_t)((rng_state * 2685821657736338717ULL) >> 33) % n;
}

#define N_AUTHORS 3
#define N_ROWS 3
#define N_EDITS 12
#define N_ORDERS 25

static void random_edit(struct test_node *n, char ids[N_ROWS][SYNC_UUID_TEXT],
                        int author, int k)
{
    static const char *const fields[] = {"title", "summary", "status",
                                         "start_year", "sectors"};
    static const char *const statuses[] = {"idea", "pilot", "ongoing"};
    static const char *const sectors[] = {
        "SOC.education", "SOC.health|SOC.education", "ECO.tourism", ""};
    char text[64], year[8];
    const char *field = fields[rnd(5)];
    const char *value = text;
    snprintf(text, sizeof(text), "a%d-e%d", author, k);
    if (strcmp(field, "status") == 0)
        value = statuses[rnd(3)];
    else if (strcmp(field, "sectors") == 0)
        value = sectors[rnd(4)];
    else if (strcmp(field, "start_year") == 0) {
        snprintf(year, sizeof(year), "%u", 2000 + rnd(20));
        value = year;
    }
    const char *kv[] = {field, value, NULL};
    test_put(n, "practice", ids[rnd(N_ROWS)], kv);
}

static void test_convergence(void)
{
    struct test_node n[N_AUTHORS];
    char ids[N_ROWS][SYNC_UUID_TEXT];
    struct test_batch feeds[N_AUTHORS];
    int64_t mark[N_AUTHORS];
    rng_state = 0x5350304e41ULL; /* the seed; printed on failure */
    for (int i = 0; i < N_AUTHORS; i++)
        test_node_make(&n[i], "Grad Sarajevo");
    test_introduce(n, N_AUTHORS);
    for (int r = 0; r < N_ROWS; r++) {
        const char *kv[] = {"title", "Base", "status", "idea", NULL};
        snprintf(ids[r], sizeof(ids[r]), "%s",
                 test_put(&n[0], "practice", NULL, kv));
    }
    for (int i = 1; i < N_AUTHORS; i++)
        test_sync_pair(&n[0], &n[i]);
    for (int i = 0; i < N_AUTHORS; i++)
        mark[i] = test_count(&n[i], "entry");
    /* Concurrent edits: each author on its own replica, no exchange. */
    for (int k = 0; k < N_EDITS; k++)
        for (int i = 0; i < N_AUTHORS; i++)
            random_edit(&n[i], ids, i, k);
    if (rnd(2))
        CHECK_RC(SYNC_OK, sync_engine_delete(n[1].e, "practice", ids[0], NULL));
    for (int i = 0; i < N_AUTHORS; i++)
        test_take(&n[i], mark[i], &feeds[i]);

    char *first = NULL;
    for (int order = 0; order < N_ORDERS; order++) {
        struct test_node r;
        struct test_batch base;
        test_node_make(&r, "Grad Sarajevo");
        for (int i = 0; i < N_AUTHORS; i++)
            CHECK_RC(SYNC_OK,
                     sync_engine_member_put(r.e, sync_engine_self(n[i].e),
                                            "Grad Sarajevo", "node", NULL));
        test_take(&n[0], 0, &base);
        size_t all = base.n;
        base.n = (size_t)mark[0];
        test_give(&r, &base);
        base.n = all;
        test_batch_release(&base);
        /* A random interleaving that keeps each feed in order, with some
         * entries delivered twice. */
        size_t next[N_AUTHORS] = {0};
        for (;;) {
            int live[N_AUTHORS], n_live = 0;
            for (int i = 0; i < N_AUTHORS; i++)
                if (next[i] < feeds[i].n)
                    live[n_live++] = i;
            if (!n_live)
                break;
            int i = live[rnd((uint32_t)n_live)];
            size_t len = 1 + rnd(3);
            if (next[i] + len > feeds[i].n)
                len = feeds[i].n - next[i];
            size_t from = next[i] && rnd(4) == 0 ? next[i] - 1 : next[i];
            struct sync_err err;
            CHECK_RC(SYNC_OK,
                     sync_engine_ingest(r.e, feeds[i].e + from,
                                        next[i] + len - from, NULL, &err));
            next[i] += len;
        }
        char *d = test_dump(&r, "practice");
        if (!first) {
            first = d;
        } else {
            CHECK_STR(first, d);
            free(d);
        }
        sync_engine_close(r.e);
    }
    /* The authors themselves converge on the same tables. */
    for (int i = 0; i < N_AUTHORS; i++)
        for (int j = 0; j < N_AUTHORS; j++)
            if (i != j)
                test_give(&n[j], &feeds[i]);
    for (int i = 0; i < N_AUTHORS; i++) {
        char *d = test_dump(&n[i], "practice");
        CHECK_STR(first, d);
        free(d);
    }
    CHECK(first && strstr(first, "conflict ") != NULL);
    if (check_failed)
        fprintf(stderr, "convergence seed 0x5350304e41\n");
    free(first);
    for (int i = 0; i < N_AUTHORS; i++) {
        test_batch_release(&feeds[i]);
        sync_engine_close(n[i].e);
    }
}

/* Regression (review): a forged clock far ahead froze every later write. */
static void test_clock_ahead(void)
{
    struct test_node n[3];
    struct sync_err err;
    enum sync_ingest res;
    test_node_make(&n[0], "Grad Goražde");
    test_node_make(&n[1], "Grad Goražde");
    test_node_make(&n[2], "Stranac");
    test_introduce(n, 2);
    const char *row = "01940000-0000-7000-8000-0000000000aa";
    struct sync_entry e[2];
    forge_at(&e[0], &n[2], row, SYNC_SCOPE_HUB, 1, NULL, INT64_MAX,
             "{\"base\":{},\"owner\":\"Stranac\",\"set\":{\"title\":\"x\"}}");
    CHECK_RC(SYNC_OK, sync_engine_ingest(n[0].e, &e[0], 1, &res, &err));
    CHECK(res == SYNC_INGEST_REFUSED);
    /* A member far ahead is applied, but our clock follows only so far. */
    uint64_t ahead =
        SYNC_HLC_MAKE(sync_hlc_wall_ms() + 1000ULL * 86400 * 365, 0);
    forge_at(&e[1], &n[1], row, SYNC_SCOPE_HUB, 1, NULL, ahead,
             "{\"base\":{},\"owner\":\"Grad Goražde\",\"set\":"
             "{\"scope\":\"hub\",\"status\":\"idea\",\"title\":\"y\"}}");
    CHECK_RC(SYNC_OK, sync_engine_ingest(n[0].e, &e[1], 1, &res, &err));
    CHECK(res == SYNC_INGEST_APPLIED);
    const char *kv[] = {"title", "still writing", "status", "idea", NULL};
    test_put(&n[0], "practice", NULL, kv);
    struct test_batch b;
    test_take(&n[0], 2, &b);
    CHECK(b.n == 1 && b.e[0].h.hlc < ahead &&
          SYNC_HLC_MS(b.e[0].h.hlc) <= sync_hlc_wall_ms() + 11 * 60 * 1000);
    test_batch_release(&b);
    for (size_t i = 0; i < 2; i++)
        sync_entry_release(&e[i]);
    for (size_t i = 0; i < 3; i++)
        sync_engine_close(n[i].e);
}

/* Regression (review): a peer's local feed was accepted. */
static void test_foreign_local_feed(void)
{
    struct test_node n[2];
    enum sync_ingest res;
    test_node_make(&n[0], "Grad Zenica");
    test_node_make(&n[1], "Grad Zenica");
    test_introduce(n, 2);
    struct sync_entry e;
    forge_at(
        &e, &n[1], "01940000-0000-7000-8000-0000000000bb", SYNC_SCOPE_LOCAL, 1,
        NULL, SYNC_HLC_MAKE(sync_hlc_wall_ms(), 0),
        "{\"base\":{},\"owner\":\"Grad Zenica\",\"set\":{\"title\":\"x\"}}");
    CHECK_RC(SYNC_OK, sync_engine_ingest(n[0].e, &e, 1, &res, NULL));
    CHECK(res == SYNC_INGEST_REJECTED);
    CHECK(test_count(&n[0], "entry") == 0);
    sync_entry_release(&e);
    sync_engine_close(n[0].e);
    sync_engine_close(n[1].e);
}

/* Regression (review): one author, one clock, two feeds, one field - the
 * winner depended on arrival order. */
static void test_tie_break(void)
{
    struct test_node a, r[2];
    test_node_make(&a, "Grad Tešanj");
    const char *row = "01940000-0000-7000-8000-0000000000cc";
    uint64_t hlc = SYNC_HLC_MAKE(sync_hlc_wall_ms(), 5);
    struct sync_entry e[2];
    forge_at(&e[0], &a, row, SYNC_SCOPE_HUB, 1, NULL, hlc,
             "{\"base\":{},\"owner\":\"Grad Tešanj\",\"set\":"
             "{\"scope\":\"hub\",\"title\":\"from hub feed\"}}");
    forge_at(&e[1], &a, row, SYNC_SCOPE_NETWORK, 1, NULL, hlc,
             "{\"base\":{},\"owner\":\"Grad Tešanj\",\"set\":"
             "{\"scope\":\"network\",\"title\":\"from network feed\"}}");
    for (int i = 0; i < 2; i++) {
        test_node_make(&r[i], "Grad Tešanj");
        CHECK_RC(SYNC_OK, sync_engine_member_put(r[i].e, sync_engine_self(a.e),
                                                 "Grad Tešanj", "node", NULL));
        CHECK_RC(SYNC_OK, sync_engine_ingest(r[i].e, &e[i], 1, NULL, NULL));
        CHECK_RC(SYNC_OK, sync_engine_ingest(r[i].e, &e[1 - i], 1, NULL, NULL));
    }
    char *d0 = test_dump(&r[0], "practice");
    char *d1 = test_dump(&r[1], "practice");
    CHECK_STR(d0, d1);
    free(d0);
    free(d1);
    for (int i = 0; i < 2; i++) {
        sync_entry_release(&e[i]);
        sync_engine_close(r[i].e);
    }
    sync_engine_close(a.e);
}

/* Regression (review): a damaged entry threw away the whole batch. */
static void test_damaged_in_batch(void)
{
    struct test_node n[3];
    test_node_make(&n[0], "Grad Livno");
    test_node_make(&n[1], "Grad Livno");
    test_node_make(&n[2], "Grad Livno");
    test_introduce(n, 3);
    const char *kv[] = {"title", "x", "status", "idea", NULL};
    test_put(&n[1], "practice", NULL, kv);
    test_put(&n[1], "practice", NULL, kv);
    test_put(&n[2], "practice", NULL, kv);
    struct test_batch b1, b2;
    test_take(&n[1], 0, &b1);
    test_take(&n[2], 0, &b2);
    struct sync_entry all[3] = {b1.e[0], b1.e[1], b2.e[0]};
    enum sync_ingest res[3];
    all[0].payload[3] ^= 1;
    CHECK_RC(SYNC_OK, sync_engine_ingest(n[0].e, all, 3, res, NULL));
    CHECK(res[0] == SYNC_INGEST_REJECTED);
    CHECK(res[1] == SYNC_INGEST_GAP);
    CHECK(res[2] == SYNC_INGEST_APPLIED);
    CHECK(test_count(&n[0], "entry") == 1);
    CHECK(test_count(&n[0], "rejected") == 1);
    all[0].payload[3] ^= 1;
    CHECK_RC(SYNC_OK, sync_engine_ingest(n[0].e, all, 3, res, NULL));
    CHECK(res[0] == SYNC_INGEST_APPLIED && res[1] == SYNC_INGEST_APPLIED);
    test_batch_release(&b1);
    test_batch_release(&b2);
    for (size_t i = 0; i < 3; i++)
        sync_engine_close(n[i].e);
}

/* Checks on four threads give the same results and tables as checks on
 * one: a forged signature and a damaged payload are rejected in place,
 * the rest of their feeds wait as gaps, other feeds apply. */
static void test_parallel_ingest(void)
{
    struct test_node n[4]; /* two authors, a serial and a parallel receiver */
    test_node_make(&n[0], "Grad Mostar");
    test_node_make(&n[1], "Grad Mostar");
    test_node_make(&n[2], "Grad Mostar");
    test_node_make(&n[3], "Grad Mostar");
    test_introduce(n, 4);
    for (int i = 0; i < 60; i++) {
        char title[32];
        snprintf(title, sizeof(title), "praksa %d", i);
        const char *kv[] = {"title", title, "status", "idea", NULL};
        test_put(&n[i % 2], "practice", NULL, kv);
    }
    struct test_batch a, b;
    test_take(&n[0], 0, &a);
    test_take(&n[1], 0, &b);
    CHECK(a.n == 30 && b.n == 30);
    struct sync_entry all[60];
    for (size_t i = 0; i < 30; i++) {
        all[2 * i] = a.e[i];
        all[2 * i + 1] = b.e[i];
    }
    all[20].sig[5] ^= 0x10;     /* a's entry 10: forged */
    all[41].payload[2] ^= 0x01; /* b's entry 20: damaged */
    enum sync_ingest serial[60], par[60];
    CHECK_RC(SYNC_OK, sync_engine_ingest(n[2].e, all, 60, serial, NULL));
    int calls = 0;
    sync_engine_set_parallel(n[3].e, test_parallel, &calls, 4);
    CHECK_RC(SYNC_OK, sync_engine_ingest(n[3].e, all, 60, par, NULL));
    CHECK(calls == 1);
    for (size_t i = 0; i < 60; i++) {
        enum sync_ingest want = SYNC_INGEST_APPLIED;
        if (i == 20 || i == 41)
            want = SYNC_INGEST_REJECTED;
        else if ((i % 2 == 0 && i > 20) || (i % 2 == 1 && i > 41))
            want = SYNC_INGEST_GAP;
        CHECK(serial[i] == want);
        CHECK(par[i] == want);
    }
    char *d2 = test_dump(&n[2], "practice"), *d3 = test_dump(&n[3], "practice");
    CHECK(strcmp(d2, d3) == 0);
    CHECK(test_live_rows(&n[3], "practice") == 10 + 20);
    CHECK(test_count(&n[3], "rejected") == 2);
    /* Again, with both repaired: the gaps fill, the rest is known. */
    all[20].sig[5] ^= 0x10;
    all[41].payload[2] ^= 0x01;
    CHECK_RC(SYNC_OK, sync_engine_ingest(n[3].e, all, 60, par, NULL));
    for (size_t i = 0; i < 60; i++)
        CHECK(par[i] == ((i < 20 || (i % 2 == 1 && i < 41))
                             ? SYNC_INGEST_KNOWN
                             : SYNC_INGEST_APPLIED));
    CHECK(test_live_rows(&n[3], "practice") == 60);
    free(d2);
    free(d3);
    test_batch_release(&a);
    test_batch_release(&b);
    for (size_t i = 0; i < 4; i++)
        sync_engine_close(n[i].e);
}

int main(void)
{
    if (sync_global_init(NULL))
        return 1;
    RUN(test_ownership);
    RUN(test_authenticity);
    RUN(test_convergence);
    RUN(test_clock_ahead);
    RUN(test_foreign_local_feed);
    RUN(test_tie_break);
    RUN(test_damaged_in_batch);
    RUN(test_parallel_ingest);
    return CHECK_DONE();
}
