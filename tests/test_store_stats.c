/* SPDX-License-Identifier: MIT */
/*
 * Tests of store_stats: the counts behind /metrics (own, received and
 * refused entries, feeds, rejections by reason) and the write probe of
 * /healthz, on nodes that exchanged real entries.
 */
#include <string.h>

#include "check.h"
#include "store_stats.h"
#include "util.h"

static struct sync_stats stats_of(struct test_node *n)
{
    struct sync_stats s;
    memset(&s, 0xff, sizeof(s));
    CHECK_RC(SYNC_OK, sync_store_stats(sync_engine_store(n->e),
                                       sync_engine_self(n->e), &s, NULL));
    return s;
}

/* The reasons seen, "reason=n;" each, in the order given. */
struct reasons {
    char text[512];
};

static enum sync_rc note_reason(const char *reason, int64_t n, void *payload)
{
    struct reasons *r = payload;
    size_t len = strlen(r->text);
    snprintf(r->text + len, sizeof(r->text) - len, "%s=%lld;", reason,
             (long long)n);
    return SYNC_OK;
}

static void test_counts(void)
{
    struct test_node a, b, c;
    static const char *const one[] = {"title", "Jedan", "status", "idea", NULL};
    static const char *const two[] = {"title", "Dva", "status", "idea", NULL};
    test_node_make(&a, "Općina Ključ");
    test_node_make(&b, "Grad Bihać");
    test_node_make(&c, "Grad Živinice");
    /* b knows a, not c: c's entries are authentic but refused. */
    CHECK_RC(SYNC_OK,
             sync_engine_member_put(b.e, sync_engine_self(a.e),
                                    sync_engine_org(a.e), "node", NULL));
    struct sync_stats s0 = stats_of(&b);
    struct sync_stats a0 = stats_of(&a);
    test_put(&a, "practice", NULL, one);
    test_put(&a, "practice", NULL, two);
    test_put(&c, "practice", NULL, one);
    struct sync_stats a1 = stats_of(&a);
    CHECK(a1.entries_own == a0.entries_own + 2);
    CHECK(a1.entries_received == a0.entries_received);

    struct test_batch from_a, from_c;
    test_take(&a, 0, &from_a);
    test_take(&c, 0, &from_c);
    test_give(&b, &from_a);
    test_give(&b, &from_c);
    struct sync_stats s1 = stats_of(&b);
    CHECK(s1.entries_own == s0.entries_own);
    CHECK(s1.entries_received ==
          s0.entries_received + (int64_t)(from_a.n + from_c.n));
    CHECK(s1.entries_refused == s0.entries_refused + (int64_t)from_c.n);
    CHECK(s1.feeds >= s0.feeds + 2);
    CHECK(s1.feeds_forked == 0);
    CHECK(s1.payloads_purged == 0);

    /* A forged copy of a new entry of a: rejected, not in the log. */
    test_put(&a, "practice", NULL, two);
    struct test_batch fresh;
    test_take(&a, 0, &fresh);
    CHECK(fresh.n == from_a.n + 1);
    fresh.e[fresh.n - 1].sig[0] ^= 1;
    test_give(&b, &fresh);
    struct sync_stats s2 = stats_of(&b);
    CHECK(s2.entries_received == s1.entries_received);

    struct reasons r = {""};
    CHECK_RC(SYNC_OK, sync_store_rejected_reasons(sync_engine_store(b.e), 10,
                                                  note_reason, &r, NULL));
    char want[128];
    snprintf(want, sizeof(want), "signature does not verify=1;");
    CHECK(strstr(r.text, want) != NULL);
    /* c's refusals are one reason, counted once per entry. */
    snprintf(want, sizeof(want), "=%zu;", from_c.n);
    CHECK(strstr(r.text, want) == r.text + strcspn(r.text, "="));
    /* The limit cuts the groups, most frequent first. */
    struct reasons first = {""};
    CHECK_RC(SYNC_OK, sync_store_rejected_reasons(sync_engine_store(b.e), 1,
                                                  note_reason, &first, NULL));
    CHECK(strchr(first.text, ';') == first.text + strlen(first.text) - 1);

    test_batch_release(&from_a);
    test_batch_release(&from_c);
    test_batch_release(&fresh);
    sync_engine_close(a.e);
    sync_engine_close(b.e);
    sync_engine_close(c.e);
}

static void test_write_probe(void)
{
    struct test_node n;
    struct sync_engine *other = NULL;
    struct sync_err err;
    int64_t v = 0;
    test_node_make(&n, "Općina Ključ");
    struct sync_store *st = sync_engine_store(n.e);
    CHECK_RC(SYNC_OK, sync_store_write_probe(st, 1234, NULL));
    CHECK_RC(SYNC_OK, sync_store_meta_get_int(st, "health_probe", &v, NULL));
    CHECK(v == 1234);
    /* Another connection holds the write lock: the probe says so (after
     * the store's busy wait) and leaves no transaction open. */
    CHECK_RC(SYNC_OK, sync_engine_open(&other, n.db, n.key, NULL));
    CHECK_RC(SYNC_OK, sync_store_begin(sync_engine_store(other), NULL));
    sync_err_init(&err);
    CHECK(sync_store_write_probe(st, 5678, &err) != SYNC_OK);
    CHECK(strstr(err.msg, "locked") != NULL);
    sync_store_rollback(sync_engine_store(other));
    CHECK_RC(SYNC_OK, sync_store_write_probe(st, 5678, NULL));
    CHECK_RC(SYNC_OK, sync_store_meta_get_int(st, "health_probe", &v, NULL));
    CHECK(v == 5678);
    sync_engine_close(other);
    sync_engine_close(n.e);
}

int main(void)
{
    if (sync_global_init(NULL))
        return 1;
    RUN(test_counts);
    RUN(test_write_probe);
    return CHECK_DONE();
}
