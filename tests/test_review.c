/* SPDX-License-Identifier: MIT */
/*
 * Tests of review: a node adopts its hub's latest verdict on its own
 * practices (validated, published, back to draft), leaves alone what it
 * changed after the review and what it does not own.
 */
#include <string.h>

#include "check.h"
#include "util.h"

static const char *status_at(struct test_node *n, const char *id)
{
    static char out[32];
    struct sync_record r;
    sync_record_init(&r);
    CHECK_RC(SYNC_OK, sync_engine_get(n->e, "practice", id, &r, NULL));
    const char *s = sync_record_text(&r, "review_status");
    snprintf(out, sizeof(out), "%s|%s", s ? s : "-",
             sync_record_text(&r, "scope"));
    sync_record_release(&r);
    return out;
}

static void review(struct test_node *hub, const char *id, const char *verdict)
{
    test_put(hub, "practice_review", NULL,
             (const char *[]){"practice_id", id, "verdict", verdict, NULL});
}

/* What the hub wrote since mark, given to the node; the new mark. */
static int64_t down(struct test_node *hub, struct test_node *node, int64_t mark)
{
    struct test_batch b;
    test_take(hub, mark, &b);
    test_give(node, &b);
    test_batch_release(&b);
    return test_count(hub, "entry");
}

static void test_adopt(void)
{
    struct test_node hub, node;
    struct sync_err err;
    size_t n = 9;
    char a[SYNC_UUID_TEXT], b[SYNC_UUID_TEXT], c[SYNC_UUID_TEXT];
    test_node_make(&hub, "Vlada Federacije BiH");
    test_node_make(&node, "Grad Bihać");
    CHECK_RC(SYNC_OK, sync_engine_make_hub(hub.e, &err));
    CHECK_RC(SYNC_OK,
             sync_engine_member_put(hub.e, sync_engine_self(node.e),
                                    sync_engine_org(node.e), "node", NULL));
    CHECK_RC(SYNC_OK,
             sync_engine_member_put(node.e, sync_engine_self(hub.e),
                                    sync_engine_org(hub.e), "hub", NULL));
    static const char *const kv[] = {"title", "Registar",      "status",
                                     "idea",  "review_status", "submitted",
                                     NULL};
    snprintf(a, sizeof(a), "%s", test_put(&node, "practice", NULL, kv));
    snprintf(b, sizeof(b), "%s", test_put(&node, "practice", NULL, kv));
    snprintf(c, sizeof(c), "%s", test_put(&node, "practice", NULL, kv));
    test_sync_pair(&node, &hub);
    int64_t mark = test_count(&hub, "entry");
    /* Nothing reviewed yet: nothing changes. */
    CHECK_RC(SYNC_OK, sync_engine_adopt_reviews(node.e, &n, &err));
    CHECK(n == 0);
    review(&hub, a, "needs_changes");
    review(&hub, a, "validated"); /* the latest counts */
    review(&hub, b, "needs_changes");
    review(&hub, c, "published");
    mark = down(&hub, &node, mark);
    /* c changed after its review: its owner's word stands. */
    test_put(&node, "practice", c,
             (const char *[]){"title", "Registar 2", NULL});
    CHECK_RC(SYNC_OK, sync_engine_adopt_reviews(node.e, &n, &err));
    CHECK(n == 2);
    CHECK_STR("validated|hub", status_at(&node, a));
    CHECK_STR("draft|local", status_at(&node, b));
    CHECK_STR("submitted|hub", status_at(&node, c));
    /* Adopted once: a second pass writes nothing. */
    CHECK_RC(SYNC_OK, sync_engine_adopt_reviews(node.e, &n, &err));
    CHECK(n == 0);
    /* A review of another organisation's practice changes nothing. */
    snprintf(c, sizeof(c), "%s",
             test_put(&hub, "practice", NULL,
                      (const char *[]){"title", "Hub", "status", "idea",
                                       "review_status", "submitted", NULL}));
    review(&hub, c, "published");
    down(&hub, &node, mark);
    CHECK_RC(SYNC_OK, sync_engine_adopt_reviews(node.e, &n, &err));
    CHECK(n == 0);
    CHECK_RC(SYNC_OK, sync_engine_adopt_reviews(hub.e, &n, &err));
    CHECK(n == 1); /* the hub's own practice, by its own review */
    CHECK_STR("published|hub", status_at(&hub, c));
    sync_engine_close(hub.e);
    sync_engine_close(node.e);
}

int main(void)
{
    if (sync_global_init(NULL))
        return 1;
    RUN(test_adopt);
    return CHECK_DONE();
}
