/* SPDX-License-Identifier: MIT */
/*
 * engine: local writes, merging and conflicts between nodes, deletes and
 * batches of writes. Received entries (rules, authenticity, forks,
 * convergence, judging again) are test_ingest.c's.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sqlite3.h>

#include "check.h"
#include "spona/buf.h"
#include "spona/engine.h"
#include "spona/hlc.h"
#include "spona/mem.h"
#include "msg.h"
#include "util.h"

/* ---- tests ---- */

static void test_create_open(void)
{
    struct test_node n, other;
    struct sync_err err;
    struct sync_engine *e = NULL;
    test_node_make(&n, "Općina Ključ");
    CHECK_STR("Općina Ključ", sync_engine_org(n.e));
    sync_engine_close(n.e);
    CHECK_RC(SYNC_EXISTS,
             sync_engine_create(&e, n.db, n.key, "Općina Ključ", &err));
    CHECK_RC(SYNC_OK, sync_engine_open(&e, n.db, n.key, &err));
    CHECK_STR("Općina Ključ", sync_engine_org(e));
    sync_engine_close(e);

    test_node_make(&other, "Grad Bihać");
    CHECK_RC(SYNC_CONFLICT, sync_engine_open(&e, n.db, other.key, &err));
    CHECK(strstr(err.msg, "does not belong") != NULL);
    chmod(n.key, 0644);
    CHECK_RC(SYNC_CONFLICT, sync_engine_open(&e, n.db, n.key, &err));
    chmod(n.key, 0600);
    sync_engine_close(other.e);
}

static void test_put_get(void)
{
    struct test_node n;
    struct sync_record r;
    struct sync_err err;
    char id[SYNC_UUID_TEXT];
    test_node_make(&n, "Općina Ključ");
    const char *kv[] = {"title", "e-Matičar", "status",
                        "pilot", "sectors",   "SOC.education|SOC.health",
                        NULL};
    snprintf(id, sizeof(id), "%s", test_put(&n, "practice", NULL, kv));
    sync_record_init(&r);
    CHECK_RC(SYNC_OK, sync_engine_get(n.e, "practice", id, &r, &err));
    CHECK_STR("e-Matičar", sync_record_text(&r, "title"));
    CHECK_STR("SOC.education|SOC.health", sync_record_text(&r, "sectors"));
    CHECK_STR("Općina Ključ", sync_record_text(&r, "owner"));
    CHECK_STR("hub", sync_record_text(&r, "scope"));
    sync_record_release(&r);
    CHECK(test_count(&n, "entry") == 1);

    const char *edit[] = {"title", "e-Matičar 2", "status", "pilot", NULL};
    test_put(&n, "practice", id, edit);
    CHECK(test_count(&n, "entry") == 2);
    test_put(&n, "practice", id, edit); /* nothing changes: no entry */
    CHECK(test_count(&n, "entry") == 2);
    CHECK_RC(SYNC_OK, sync_engine_get(n.e, "practice", id, &r, &err));
    CHECK_STR("e-Matičar 2", sync_record_text(&r, "title"));
    CHECK_STR("pilot", sync_record_text(&r, "status"));
    sync_record_release(&r);

    struct sync_verify v;
    CHECK_RC(SYNC_OK, sync_engine_verify(n.e, true, &v, &err));
    CHECK(v.entries == 2 && v.feeds == 1);
    sync_engine_close(n.e);
}

static void test_bad_input(void)
{
    struct test_node n;
    struct sync_record set;
    struct sync_err err;
    char id[SYNC_UUID_TEXT];
    test_node_make(&n, "Općina Ključ");
    sync_record_init(&set);
    sync_record_set_text(&set, "title", "x");
    /* status is required */
    CHECK_RC(SYNC_INVALID,
             sync_engine_put(n.e, "practice", NULL, &set, id, &err));
    CHECK(strstr(err.msg, "status") != NULL);
    CHECK_RC(SYNC_INVALID,
             sync_engine_put(n.e, "nosuch", NULL, &set, id, &err));
    sync_record_set_text(&set, "status", "pilot");
    sync_record_set_text(&set, "colour", "red");
    CHECK_RC(SYNC_INVALID,
             sync_engine_put(n.e, "practice", NULL, &set, id, &err));
    CHECK(strstr(err.msg, "colour") != NULL);
    sync_record_release(&set);
    sync_record_set_text(&set, "title", "x");
    sync_record_set_text(&set, "status", "finished-ish");
    CHECK_RC(SYNC_INVALID,
             sync_engine_put(n.e, "practice", NULL, &set, id, &err));
    sync_record_set_text(&set, "status", "pilot");
    CHECK_RC(SYNC_INVALID,
             sync_engine_put(n.e, "practice", "not-a-uuid", &set, id, &err));
    CHECK_RC(SYNC_NOTFOUND,
             sync_engine_put(n.e, "practice",
                             "0190f0f0-0000-7000-8000-000000000000", &set, id,
                             &err));
    sync_record_set_text(&set, "scope", "everywhere");
    CHECK_RC(SYNC_INVALID,
             sync_engine_put(n.e, "practice", NULL, &set, id, &err));
    CHECK(test_count(&n, "entry") == 0);
    sync_record_release(&set);
    sync_engine_close(n.e);
}

static void test_local_only(void)
{
    struct test_node a, b;
    test_node_make(&a, "Grad Bihać");
    test_node_make(&b, "Grad Bihać");
    CHECK_RC(SYNC_OK, sync_engine_member_put(b.e, sync_engine_self(a.e),
                                             "Grad Bihać", "node", NULL));
    const char *kv[] = {"given_name", "Amra",    "family_name",
                        "Hodžić",     "country", "DE",
                        "birth_year", "1980",    NULL};
    char id[SYNC_UUID_TEXT];
    snprintf(id, sizeof(id), "%s", test_put(&a, "person", NULL, kv));
    test_put(&a, "consent", NULL,
             (const char *[]){"person_id", id, "purpose", "share_hub",
                              "granted_at", "2026-01-05", "evidence",
                              "form 12/26", "notice_version", "v1", NULL});
    test_put(&a, "person", id, (const char *[]){"scope", "hub", NULL});
    /* person and consent in the local feed, the person's snapshot in the
     * hub feed */
    CHECK(test_count(&a, "entry") == 3);
    struct test_batch x;
    test_take(&a, 0, &x);
    CHECK(x.n == 1);
    CHECK(x.n == 1 && strstr(x.e[0].payload, "1980") == NULL);
    test_give(&b, &x);
    test_batch_release(&x);
    struct sync_record r;
    sync_record_init(&r);
    CHECK_RC(SYNC_OK, sync_engine_get(b.e, "person", id, &r, NULL));
    CHECK_STR("Amra", sync_record_text(&r, "given_name"));
    CHECK(sync_record_get(&r, "birth_year") == NULL);
    sync_record_release(&r);
    CHECK_RC(SYNC_OK, sync_engine_get(a.e, "person", id, &r, NULL));
    CHECK(sync_record_get(&r, "birth_year") != NULL);
    sync_record_release(&r);
    sync_engine_close(a.e);
    sync_engine_close(b.e);
}

/* Two devices edit one field concurrently: both show the conflict; a
 * plain edit made after seeing both values (its base names every head)
 * clears it on both. */
static void test_conflict_cleared_by_edit(void)
{
    struct test_node n[2];
    test_node_make(&n[0], "Grad Tuzla");
    test_node_make(&n[1], "Grad Tuzla");
    test_introduce(n, 2);
    const char *kv[] = {"title", "Start", "status", "idea", NULL};
    char id[SYNC_UUID_TEXT];
    snprintf(id, sizeof(id), "%s", test_put(&n[0], "practice", NULL, kv));
    test_sync_pair(&n[0], &n[1]);
    const char *a[] = {"title", "From A", NULL};
    const char *b[] = {"title", "From B", NULL};
    test_put(&n[0], "practice", id, a);
    test_put(&n[1], "practice", id, b);
    test_sync_pair(&n[0], &n[1]);
    char *d0 = test_dump(&n[0], "practice");
    char *d1 = test_dump(&n[1], "practice");
    CHECK_STR(d0, d1);
    CHECK(test_count(&n[0], "conflict") == 1);
    CHECK(test_count(&n[1], "conflict") == 1);
    /* The loser is the one not shown. */
    CHECK((strstr(d0, "title='From A'") && strstr(d0, "From B\n")) ||
          (strstr(d0, "title='From B'") && strstr(d0, "From A\n")));
    free(d0);
    free(d1);
    /* An edit of another field leaves the conflict. */
    test_put(&n[1], "practice", id, (const char *[]){"status", "pilot", NULL});
    test_sync_pair(&n[0], &n[1]);
    CHECK(test_count(&n[0], "conflict") == 1);
    /* Re-entering the value shown, after seeing both, clears it. */
    d1 = test_dump(&n[1], "practice");
    const char *shown = strstr(d1, "title='From A'") ? "From A" : "From B";
    free(d1);
    test_put(&n[1], "practice", id, (const char *[]){"title", shown, NULL});
    test_sync_pair(&n[0], &n[1]);
    CHECK(test_count(&n[0], "conflict") == 0);
    CHECK(test_count(&n[1], "conflict") == 0);
    d0 = test_dump(&n[0], "practice");
    d1 = test_dump(&n[1], "practice");
    CHECK_STR(d0, d1);
    free(d0);
    free(d1);
    /* With no conflict left, the same value again writes nothing. */
    int64_t before = test_count(&n[1], "entry");
    test_put(&n[1], "practice", id, (const char *[]){"title", shown, NULL});
    CHECK(test_count(&n[1], "entry") == before);
    sync_engine_close(n[0].e);
    sync_engine_close(n[1].e);
}

/* The id, in base64, of the first losing version of a conflict. */
static enum sync_rc first_loser(const struct sync_conflict *c, void *payload)
{
    char *out = payload;
    if (!*out)
        sync_b64_encode(out, SYNC_B64_SIZE(SYNC_HASH_LEN), c->loser.id,
                        SYNC_HASH_LEN);
    CHECK(c->has_winner);
    return SYNC_OK;
}

#define N_DEV 3

/* Gives fresh replica r the entries of every device in feeds, feed by
 * feed in the order given by perm, or one entry at a time round robin
 * when perm is NULL. */
static void replay(struct test_node *r, struct test_node *dev,
                   const struct test_batch *base, struct test_batch *feeds,
                   const int *perm)
{
    test_node_make(r, "Grad Bihać");
    for (int i = 0; i < N_DEV; i++)
        CHECK_RC(SYNC_OK,
                 sync_engine_member_put(r->e, sync_engine_self(dev[i].e),
                                        "Grad Bihać", "node", NULL));
    test_give(r, base);
    if (perm) {
        for (int i = 0; i < N_DEV; i++)
            test_give(r, &feeds[perm[i]]);
        return;
    }
    for (size_t k = 0;; k++) {
        bool any = false;
        for (int i = N_DEV - 1; i >= 0; i--) {
            if (k >= feeds[i].n)
                continue;
            CHECK_RC(SYNC_OK,
                     sync_engine_ingest(r->e, feeds[i].e + k, 1, NULL, NULL));
            any = true;
        }
        if (!any)
            break;
    }
}

/* Resolving: one device keeps a version by its id while another clears
 * the conflict with a plain edit. Replicas that receive the same entries
 * in any order end with the same values and the same conflicts: the two
 * resolutions are concurrent, so the older one is the one conflict left. */
static void test_resolve_any_order(void)
{
    struct test_node dev[N_DEV];
    struct test_batch base, feeds[N_DEV];
    int64_t mark[N_DEV];
    struct sync_err err;
    char id[SYNC_UUID_TEXT];
    for (int i = 0; i < N_DEV; i++)
        test_node_make(&dev[i], "Grad Bihać");
    test_introduce(dev, N_DEV);
    snprintf(
        id, sizeof(id), "%s",
        test_put(&dev[0], "practice", NULL,
                 (const char *[]){"title", "Start", "status", "idea", NULL}));
    for (int i = 1; i < N_DEV; i++)
        test_sync_pair(&dev[0], &dev[i]);
    for (int i = 0; i < N_DEV; i++)
        mark[i] = test_count(&dev[i], "entry");
    test_put(&dev[0], "practice", id,
             (const char *[]){"status", "pilot", NULL});
    test_put(&dev[1], "practice", id,
             (const char *[]){"status", "ongoing", NULL});
    test_sync_pair(&dev[0], &dev[2]);
    test_sync_pair(&dev[1], &dev[2]);
    CHECK(test_count(&dev[2], "conflict") == 1);
    char keep[SYNC_B64_SIZE(SYNC_HASH_LEN)] = "";
    CHECK_RC(SYNC_OK, sync_read_conflicts(dev[2].e, first_loser, keep, &err));
    /* Nothing to resolve on another field; an unknown version. */
    CHECK_RC(SYNC_NOTFOUND, sync_engine_resolve(dev[2].e, "practice", id,
                                                "title", keep, NULL, &err));
    CHECK_RC(SYNC_NOTFOUND,
             sync_engine_resolve(dev[2].e, "practice", id, "status", "AAAAAAAA",
                                 NULL, &err));
    keep[8] = '\0'; /* a prefix is enough */
    CHECK_RC(SYNC_OK, sync_engine_resolve(dev[2].e, "practice", id, "status",
                                          keep, NULL, &err));
    CHECK(test_count(&dev[2], "conflict") == 0);
    CHECK_RC(SYNC_NOTFOUND, sync_engine_resolve(dev[2].e, "practice", id,
                                                "status", keep, NULL, &err));
    /* dev 0, having seen both, writes another value: a second resolution,
     * concurrent with the first. */
    test_sync_pair(&dev[0], &dev[1]);
    CHECK(test_count(&dev[0], "conflict") == 1);
    struct sync_value idea = {.kind = SYNC_V_TEXT, .s = (char *)"idea"};
    CHECK_RC(SYNC_OK, sync_engine_resolve(dev[0].e, "practice", id, "status",
                                          NULL, &idea, &err));
    CHECK(test_count(&dev[0], "conflict") == 0);

    test_take(&dev[0], 0, &base);
    size_t all = base.n;
    base.n = (size_t)mark[0];
    for (int i = 0; i < N_DEV; i++)
        test_take(&dev[i], mark[i], &feeds[i]);
    static const int perms[][N_DEV] = {
        {0, 1, 2}, {2, 1, 0}, {1, 2, 0}, {2, 0, 1}};
    char *first = NULL;
    for (size_t o = 0; o <= sizeof(perms) / sizeof(perms[0]); o++) {
        struct test_node r;
        replay(&r, dev, &base, feeds,
               o < sizeof(perms) / sizeof(perms[0]) ? perms[o] : NULL);
        CHECK(test_count(&r, "conflict") == 1);
        char *d = test_dump(&r, "practice");
        if (!first)
            first = d;
        else {
            CHECK_STR(first, d);
            free(d);
        }
        sync_engine_close(r.e);
    }
    for (int i = 0; i < N_DEV; i++)
        for (int j = 0; j < N_DEV; j++)
            if (i != j)
                test_give(&dev[j], &feeds[i]);
    for (int i = 0; i < N_DEV; i++) {
        char *d = test_dump(&dev[i], "practice");
        CHECK_STR(first, d);
        free(d);
    }
    free(first);
    /* A last resolution after seeing everything clears it everywhere. */
    CHECK_RC(SYNC_OK, sync_read_conflicts(dev[1].e, first_loser, keep, &err));
    struct sync_value pilot = {.kind = SYNC_V_TEXT, .s = (char *)"pilot"};
    CHECK_RC(SYNC_OK, sync_engine_resolve(dev[1].e, "practice", id, "status",
                                          NULL, &pilot, &err));
    for (int i = 0; i < N_DEV; i++)
        if (i != 1)
            test_sync_pair(&dev[1], &dev[i]);
    for (int i = 0; i < N_DEV; i++) {
        CHECK(test_count(&dev[i], "conflict") == 0);
        struct sync_verify v;
        CHECK_RC(SYNC_OK, sync_engine_verify(dev[i].e, false, &v, &err));
    }
    base.n = all;
    test_batch_release(&base);
    for (int i = 0; i < N_DEV; i++) {
        test_batch_release(&feeds[i]);
        sync_engine_close(dev[i].e);
    }
}

static void test_delete(void)
{
    struct test_node n[2];
    test_node_make(&n[0], "Općina Lopare");
    test_node_make(&n[1], "Općina Lopare");
    test_introduce(n, 2);
    const char *kv[] = {"title", "Tombstone", "status", "idea", NULL};
    char id[SYNC_UUID_TEXT];
    struct sync_err err;
    snprintf(id, sizeof(id), "%s", test_put(&n[0], "practice", NULL, kv));
    test_sync_pair(&n[0], &n[1]);
    CHECK_RC(SYNC_OK, sync_engine_delete(n[0].e, "practice", id, &err));
    const char *edit[] = {"summary", "concurrent edit", NULL};
    test_put(&n[1], "practice", id, edit);
    test_sync_pair(&n[0], &n[1]);
    char *d0 = test_dump(&n[0], "practice");
    char *d1 = test_dump(&n[1], "practice");
    CHECK_STR(d0, d1);
    CHECK(strstr(d0, "_deleted=1;") != NULL);
    free(d0);
    free(d1);
    CHECK_RC(SYNC_NOTFOUND, sync_engine_delete(n[1].e, "practice", id, &err));
    struct sync_record set;
    sync_record_init(&set);
    sync_record_set_text(&set, "title", "again");
    CHECK_RC(SYNC_NOTFOUND,
             sync_engine_put(n[1].e, "practice", id, &set, NULL, &err));
    sync_record_release(&set);
    sync_engine_close(n[0].e);
    sync_engine_close(n[1].e);
}

/* A batch: a bad write inside it is undone alone; the good ones commit
 * together and verify; a dropped batch leaves nothing. */
static void test_batch(void)
{
    struct test_node n;
    struct sync_record set;
    struct sync_err err;
    char id[SYNC_UUID_TEXT];
    test_node_make(&n, "Općina Ključ");
    sync_record_init(&set);
    CHECK_RC(SYNC_OK, sync_engine_batch_begin(n.e, &err));
    test_put(&n, "practice", NULL,
             (const char *const[]){"title", "a", "status", "pilot", NULL});
    sync_record_set_text(&set, "title", "no status");
    CHECK_RC(SYNC_INVALID,
             sync_engine_put(n.e, "practice", NULL, &set, id, &err));
    test_put(&n, "practice", NULL,
             (const char *const[]){"title", "b", "status", "pilot", NULL});
    CHECK_RC(SYNC_OK, sync_engine_batch_end(n.e, true, &err));
    CHECK(test_count(&n, "entry") == 2);
    CHECK(test_live_rows(&n, "practice") == 2);

    CHECK_RC(SYNC_OK, sync_engine_batch_begin(n.e, &err));
    test_put(&n, "practice", NULL,
             (const char *const[]){"title", "c", "status", "pilot", NULL});
    CHECK_RC(SYNC_OK, sync_engine_batch_end(n.e, false, &err));
    CHECK(test_count(&n, "entry") == 2);
    /* the feed goes on from seq 3 with an intact chain */
    test_put(&n, "practice", NULL,
             (const char *const[]){"title", "d", "status", "pilot", NULL});
    CHECK(test_count(&n, "entry") == 3);
    struct sync_verify rep;
    CHECK_RC(SYNC_OK, sync_engine_verify(n.e, true, &rep, &err));
    sync_record_release(&set);
    sync_engine_close(n.e);
}

int main(void)
{
    if (sync_global_init(NULL))
        return 1;
    RUN(test_create_open);
    RUN(test_put_get);
    RUN(test_bad_input);
    RUN(test_local_only);
    RUN(test_conflict_cleared_by_edit);
    RUN(test_resolve_any_order);
    RUN(test_delete);
    RUN(test_batch);
    return CHECK_DONE();
}
