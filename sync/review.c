/* SPDX-License-Identifier: MIT */
/*
 * review: a node adopts its hub's verdicts on its own practices. Only a
 * hub writes practice_review rows (judge.c), and only the owner writes
 * its practice, so the verdict reaches the practice as a write of its
 * owner, through sync_engine_put like any other: the rules of scope and
 * drafts hold for it as for a write by hand.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "spona/engine.h"
#include "spona/mem.h"
#include "spona/uuid.h"

#include "spona/banned.h"

#define REVIEWS_MAX 100000 /* reviews looked at in one pass */

/* The latest review of each practice. */
struct latest {
    char (*id)[SYNC_UUID_TEXT]; /* practice; owned */
    char (*verdict)[16];        /* owned */
    int64_t *at;                /* updated_at of the review; owned */
    size_t n;
};

static int64_t int_of(const struct sync_record *r, const char *name)
{
    const struct sync_rfield *f = sync_record_get(r, name);
    return f && f->v.kind == SYNC_V_INT ? f->v.i : 0;
}

static enum sync_rc on_review(const struct sync_record *r, void *payload)
{
    struct latest *x = payload;
    const char *id = sync_record_text(r, "practice_id");
    const char *verdict = sync_record_text(r, "verdict");
    int64_t at = int_of(r, "updated_at");
    if (!id || !verdict || strlen(id) >= SYNC_UUID_TEXT)
        return SYNC_OK;
    size_t i = 0;
    while (i < x->n && strcmp(x->id[i], id) != 0)
        i++;
    if (i == x->n) {
        if (x->n >= REVIEWS_MAX)
            return SYNC_OK;
        x->id = sync_xrealloc(x->id, (x->n + 1) * sizeof(*x->id));
        x->verdict =
            sync_xrealloc(x->verdict, (x->n + 1) * sizeof(*x->verdict));
        x->at = sync_xrealloc(x->at, (x->n + 1) * sizeof(*x->at));
        memcpy(x->id[i], id, strlen(id) + 1);
        x->at[i] = INT64_MIN;
        x->n++;
    }
    if (at >= x->at[i]) {
        x->at[i] = at;
        memset(x->verdict[i], 0, sizeof(x->verdict[i]));
        size_t len = strlen(verdict);
        memcpy(x->verdict[i], verdict,
               len < sizeof(x->verdict[i]) ? len : sizeof(x->verdict[i]) - 1);
    }
    return SYNC_OK;
}

/* The review status a verdict asks for. */
static const char *status_of(const char *verdict)
{
    if (strcmp(verdict, "validated") == 0 || strcmp(verdict, "published") == 0)
        return verdict;
    return "draft"; /* needs_changes, rejected: back to its author */
}

static enum sync_rc adopt_one(struct sync_engine *e, const char *id,
                              const char *verdict, int64_t at, size_t *adopted,
                              struct sync_err *err)
{
    struct sync_record cur, set;
    sync_record_init(&cur);
    sync_record_init(&set);
    enum sync_rc rc = sync_engine_get(e, "practice", id, &cur, NULL);
    if (rc) /* a practice this node does not hold */
        return SYNC_OK;
    const char *owner = sync_record_text(&cur, "owner");
    const char *now = sync_record_text(&cur, "review_status");
    const char *want = status_of(verdict);
    if (owner && strcmp(owner, sync_engine_org(e)) == 0 &&
        !int_of(&cur, "_deleted") && at >= int_of(&cur, "updated_at") &&
        (!now || strcmp(now, want) != 0)) {
        sync_record_set_text(&set, "review_status", want);
        rc = sync_engine_put(e, "practice", id, &set, NULL, err);
        if (!rc)
            (*adopted)++;
    }
    sync_record_release(&cur);
    sync_record_release(&set);
    return rc;
}

enum sync_rc sync_engine_adopt_reviews(struct sync_engine *e, size_t *adopted,
                                       struct sync_err *err)
{
    assert(e && adopted);
    struct latest x = {0};
    *adopted = 0;
    enum sync_rc rc =
        sync_engine_list(e, "practice_review", on_review, &x, err);
    for (size_t i = 0; i < x.n && !rc; i++)
        rc = adopt_one(e, x.id[i], x.verdict[i], x.at[i], adopted, err);
    free(x.id);
    free(x.verdict);
    free(x.at);
    return rc;
}
