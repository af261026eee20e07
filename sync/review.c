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
#include "spona/read.h"
#include "spona/uuid.h"
#include "engine_int.h"

#include "spona/banned.h"

#define REVIEWS_MAX 100000 /* reviews looked at in one pass */

/* The latest review of each practice, by the reviewers this node
 * takes a verdict from. */
struct latest {
    char (*id)[SYNC_UUID_TEXT]; /* practice; owned */
    char (*verdict)[16];        /* owned */
    int64_t *at;                /* updated_at of the review; owned */
    size_t n;
    const char *only;                     /* one practice, or NULL */
    const char *want;                     /* a verdict looked for, or NULL */
    bool seen;                            /* want was ever given */
    const uint8_t *self;                  /* this node's key */
    const char *org;                      /* this node's organisation */
    char (*hub)[SYNC_LIMIT_ORG_NAME + 1]; /* its hubs' organisations; owned */
    size_t n_hub;
};

/* This node's own hubs: the roots of its trust (a member row no one
 * vouched for) other than itself. Any other hub of the network may write
 * a review of a practice it sees, but only the node's own hub decides. */
static enum sync_rc on_member(const struct sync_member *m, void *payload)
{
    struct latest *x = payload;
    if (m->has_writer || !m->active ||
        memcmp(m->key, x->self, SYNC_SIG_PK_LEN) == 0)
        return SYNC_OK;
    x->hub = sync_xrealloc(x->hub, (x->n_hub + 1) * sizeof(*x->hub));
    memcpy(x->hub[x->n_hub], m->org, sizeof(x->hub[0]));
    x->hub[x->n_hub++][SYNC_LIMIT_ORG_NAME] = '\0';
    return SYNC_OK;
}

/* Whether a review by owner is one to adopt: this node's (a hub's own
 * practices) or its hub's. */
static bool from_own_hub(const struct latest *x, const char *owner)
{
    if (!owner)
        return false;
    if (strcmp(owner, x->org) == 0)
        return true;
    for (size_t i = 0; i < x->n_hub; i++)
        if (strcmp(x->hub[i], owner) == 0)
            return true;
    return false;
}

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
    if (!id || !verdict || strlen(id) >= SYNC_UUID_TEXT ||
        (x->only && strcmp(x->only, id) != 0) ||
        !from_own_hub(x, sync_record_text(r, "owner")))
        return SYNC_OK;
    if (x->want && strcmp(x->want, verdict) == 0)
        x->seen = true;
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
    struct latest x = {.self = sync_engine_self(e), .org = sync_engine_org(e)};
    *adopted = 0;
    enum sync_rc rc = sync_read_members(e, on_member, &x, err);
    if (!rc)
        rc = sync_engine_list(e, "practice_review", on_review, &x, err);
    for (size_t i = 0; i < x.n && !rc; i++)
        rc = adopt_one(e, x.id[i], x.verdict[i], x.at[i], adopted, err);
    free(x.id);
    free(x.verdict);
    free(x.at);
    free(x.hub);
    return rc;
}

enum sync_rc engine_review_latest(struct sync_engine *e, const char *practice,
                                  char verdict[16], bool *reviewer,
                                  struct sync_err *err)
{
    struct latest x = {.only = practice,
                       .self = sync_engine_self(e),
                       .org = sync_engine_org(e)};
    enum sync_rc rc = sync_read_members(e, on_member, &x, err);
    if (!rc)
        rc = sync_engine_list(e, "practice_review", on_review, &x, err);
    memset(verdict, 0, 16);
    *reviewer = x.n_hub || sync_engine_is_hub(e);
    if (!rc && x.n)
        memcpy(verdict, x.verdict[0], 16);
    free(x.id);
    free(x.verdict);
    free(x.at);
    free(x.hub);
    return rc;
}

enum sync_rc engine_review_given(struct sync_engine *e, const char *practice,
                                 const char *verdict, bool *given,
                                 struct sync_err *err)
{
    struct latest x = {.only = practice,
                       .want = verdict,
                       .self = sync_engine_self(e),
                       .org = sync_engine_org(e)};
    enum sync_rc rc = sync_read_members(e, on_member, &x, err);
    if (!rc)
        rc = sync_engine_list(e, "practice_review", on_review, &x, err);
    *given = !rc && x.seen;
    free(x.id);
    free(x.verdict);
    free(x.at);
    free(x.hub);
    return rc;
}
