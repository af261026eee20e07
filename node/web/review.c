/* SPDX-License-Identifier: MIT */
/*
 * review: the hub's review of the practices its members submit - the
 * queue (/hub/review: the submitted practices of the organisations it
 * vouched for, without an answer since their last change), the verdict written
 * as a practice_review row of the hub (so it syncs down to every member), and
 * the "Hub review" section of a practice's page at every node. Labels come from
 * the schema; the rules (who writes reviews, what may be public) live in the
 * library.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "spona/mem.h"
#include "web/web.h"

#include "spona/banned.h"

#define REVIEWS_MAX 10000 /* reviews looked through for the queue */

static const char *text_of(const struct sync_record *r, const char *name)
{
    const char *t = sync_record_text(r, name);
    return t ? t : "";
}

static int64_t int_of(const struct sync_record *r, const char *name)
{
    const struct sync_rfield *f = sync_record_get(r, name);
    return f && f->v.kind == SYNC_V_INT ? f->v.i : 0;
}

/* The practices reviewed so far: id and the time of the latest review. */
struct reviewed {
    char (*id)[SYNC_UUID_TEXT]; /* owned */
    int64_t *at;                /* owned */
    size_t n;
};

static enum sync_rc on_review(const struct sync_record *r, void *payload)
{
    struct reviewed *x = payload;
    const char *id = text_of(r, "practice_id");
    int64_t at = int_of(r, "updated_at");
    for (size_t i = 0; i < x->n; i++)
        if (strcmp(x->id[i], id) == 0) {
            if (at > x->at[i])
                x->at[i] = at;
            return SYNC_OK;
        }
    if (x->n >= REVIEWS_MAX)
        return SYNC_OK;
    x->id = sync_xrealloc(x->id, (x->n + 1) * sizeof(*x->id));
    x->at = sync_xrealloc(x->at, (x->n + 1) * sizeof(*x->at));
    snprintf(x->id[x->n], sizeof(x->id[x->n]), "%s", id);
    x->at[x->n++] = at;
    return SYNC_OK;
}

/* Whether practice r got a review at or after its latest change. */
static bool answered(const struct reviewed *x, const struct sync_record *r)
{
    const char *id = text_of(r, "id");
    for (size_t i = 0; i < x->n; i++)
        if (strcmp(x->id[i], id) == 0)
            return x->at[i] >= int_of(r, "updated_at");
    return false;
}

/* The organisations this hub vouched for: whose practices it reviews. */
struct orgs {
    const uint8_t *self;                  /* the hub's key */
    char (*org)[SYNC_LIMIT_ORG_NAME + 1]; /* owned */
    size_t n;
};

static enum sync_rc on_member(const struct sync_member *m, void *payload)
{
    struct orgs *o = payload;
    if (!m->has_writer || !m->active ||
        memcmp(m->writer, o->self, SYNC_SIG_PK_LEN) != 0)
        return SYNC_OK;
    o->org = sync_xrealloc(o->org, (o->n + 1) * sizeof(*o->org));
    snprintf(o->org[o->n++], sizeof(o->org[0]), "%s", m->org);
    return SYNC_OK;
}

static bool is_member(const struct orgs *o, const char *org)
{
    for (size_t i = 0; i < o->n; i++)
        if (strcmp(o->org[i], org) == 0)
            return true;
    return false;
}

struct queue {
    struct web_page *p;
    const struct reviewed *done;
    const struct orgs *members;
    size_t n;
};

static void verdict_button(struct web_page *p, const char *verdict,
                           enum web_word w)
{
    web_html(p,
             "<button name=\"verdict\" value=\"%s\" class=\"verdict-%s\">%s"
             "</button> ",
             verdict, verdict, web_t(p, w));
}

static enum sync_rc on_queued(const struct sync_record *r, void *payload)
{
    struct queue *q = payload;
    struct web_page *p = q->p;
    const char *id = text_of(r, "id");
    if (strcmp(text_of(r, "review_status"), "submitted") != 0 ||
        !is_member(q->members, text_of(r, "owner")) || answered(q->done, r))
        return SYNC_OK;
    if (!q->n++)
        web_html(p,
                 "<table id=\"queue\"><tr><th>%s</th><th>%s</th><th>%s</th>"
                 "<th>%s</th></tr>\n",
                 web_field_label(p, "practice", "title"), web_t(p, W_OWNER),
                 web_t(p, W_UPDATED), web_t(p, W_REVIEW));
    char when[32];
    web_time(when, int_of(r, "updated_at"));
    web_html(p, "<tr id=\"q-%s\"><td><a href=\"/practices/%s\">%s</a></td>", id,
             id, text_of(r, "title"));
    web_html(p, "<td>%s</td><td>%s</td><td>", text_of(r, "owner"), when);
    web_raw(p, "<form method=\"post\" action=\"/hub/review\">");
    web_csrf_field(p);
    web_html(p,
             "<input type=\"hidden\" name=\"practice\" value=\"%s\">"
             "<label>%s <textarea name=\"comment\" rows=\"2\" "
             "maxlength=\"2000\"></textarea></label><br>",
             id, web_field_label(p, "practice_review", "comment"));
    verdict_button(p, "validated", W_APPROVE);
    verdict_button(p, "needs_changes", W_RETURN);
    verdict_button(p, "published", W_PUBLISH);
    web_raw(p, "</form></td></tr>\n");
    return SYNC_OK;
}

void web_hub_review(struct web_page *p)
{
    struct sync_err err;
    struct reviewed done = {0};
    struct orgs members = {.self = sync_engine_self(p->w->e)};
    if (!web_hub_only(p, "editor"))
        return;
    sync_err_init(&err);
    web_begin(p, web_t(p, W_REVIEW_QUEUE));
    struct queue q = {.p = p, .done = &done, .members = &members};
    if (sync_read_members(p->w->e, on_member, &members, &err) ||
        sync_engine_list(p->w->e, "practice_review", on_review, &done, &err) ||
        sync_engine_list(p->w->e, "practice", on_queued, &q, &err))
        web_esc(p, err.msg);
    if (q.n)
        web_raw(p, "</table>\n");
    else
        web_html(p, "<p id=\"queue-empty\">%s</p>\n", web_t(p, W_REVIEW_NONE));
    web_html(p, "<p class=\"noprint\"><a href=\"/hub\">%s</a></p>",
             web_t(p, W_BACK));
    web_end(p);
    free(done.id);
    free(done.at);
    free(members.org);
}

/* The scope of a review: the practice's, so the review reaches every
 * node that sees it, and at least the hub's members. */
static const char *review_scope(const struct sync_record *practice)
{
    int scope = sync_scope_parse(text_of(practice, "scope"));
    if (scope < SYNC_SCOPE_HUB)
        scope = SYNC_SCOPE_HUB;
    return sync_scope_name(scope);
}

/* The comment as the schema takes it: a textarea sends CR LF. */
static char *comment_of(const char *posted)
{
    char *c = sync_xstrdup(posted ? posted : "");
    size_t j = 0;
    for (size_t i = 0; c[i]; i++)
        if (c[i] != '\r')
            c[j++] = c[i];
    c[j] = '\0';
    return c;
}

void web_hub_review_post(struct web_page *p)
{
    struct sync_record practice, set;
    struct sync_err err;
    const char *id = web_form(p, "practice");
    const char *verdict = web_form(p, "verdict");
    if (!web_hub_only(p, "editor"))
        return;
    if (!id || !verdict ||
        (strcmp(verdict, "validated") != 0 &&
         strcmp(verdict, "needs_changes") != 0 &&
         strcmp(verdict, "published") != 0)) {
        web_error(p, 400, web_t(p, W_FIELDS_BAD));
        return;
    }
    sync_err_init(&err);
    sync_record_init(&practice);
    sync_record_init(&set);
    /* Only the submitted practices of the organisations this hub vouched
     * for, as the queue shows them: a verdict is adopted by the owner. */
    struct orgs members = {.self = sync_engine_self(p->w->e)};
    bool ours = !sync_engine_get(p->w->e, "practice", id, &practice, &err) &&
                !int_of(&practice, "_deleted") &&
                strcmp(text_of(&practice, "review_status"), "submitted") == 0 &&
                !sync_read_members(p->w->e, on_member, &members, &err) &&
                is_member(&members, text_of(&practice, "owner"));
    free(members.org);
    if (!ours) {
        web_error(p, 404, web_t(p, W_NOT_FOUND));
        goto out;
    }
    char today[16];
    time_t now = (time_t)(web_now_ms() / 1000);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(today, sizeof(today), "%Y-%m-%d", &tm);
    char *comment = comment_of(web_form(p, "comment"));
    sync_record_set_text(&set, "practice_id", text_of(&practice, "id"));
    sync_record_set_text(&set, "verdict", verdict);
    if (comment[0])
        sync_record_set_text(&set, "comment", comment);
    sync_record_set_text(&set, "reviewed_at", today);
    sync_record_set_text(&set, "scope", review_scope(&practice));
    free(comment);
    if (sync_engine_put(p->w->e, "practice_review", NULL, &set, NULL, &err)) {
        node_log(p->w->ctx, NODE_WARN, "web: review of %s: %s", id, err.msg);
        web_error(p, 400, err.msg);
        goto out;
    }
    node_log(p->w->ctx, NODE_INFO, "web: review of %s: %s", id, verdict);
    web_redirect_done(p, "/hub/review", WEB_DONE_SAVED);
out:
    sync_record_release(&practice);
    sync_record_release(&set);
}

/* ---- on the practice's page ---- */

struct section {
    struct web_page *p;
    const char *practice;
    size_t n;
    struct orgs hubs; /* whose verdicts count here (its own hubs) */
};

/* The roots of this node's trust other than itself: its own hubs. */
static enum sync_rc on_own_hub(const struct sync_member *m, void *payload)
{
    struct orgs *o = payload;
    if (m->has_writer || !m->active ||
        memcmp(m->key, o->self, SYNC_SIG_PK_LEN) == 0)
        return SYNC_OK;
    o->org = sync_xrealloc(o->org, (o->n + 1) * sizeof(*o->org));
    snprintf(o->org[o->n++], sizeof(o->org[0]), "%s", m->org);
    return SYNC_OK;
}

static enum sync_rc on_verdict(const struct sync_record *r, void *payload)
{
    struct section *s = payload;
    struct web_page *p = s->p;
    const struct sync_schema *sch = sync_engine_schema(p->w->e);
    const char *owner = text_of(r, "owner");
    /* Another hub's word is not this node's review (the owner adopts
     * none of it: sync_engine_adopt_reviews). */
    if (strcmp(text_of(r, "practice_id"), s->practice) != 0 ||
        (strcmp(owner, sync_engine_org(p->w->e)) != 0 &&
         !is_member(&s->hubs, owner)))
        return SYNC_OK;
    if (!s->n++)
        web_html(p,
                 "<h2>%s</h2><table id=\"reviews\"><tr><th>%s</th>"
                 "<th>%s</th><th>%s</th><th>%s</th></tr>\n",
                 web_t(p, W_REVIEW),
                 web_field_label(p, "practice_review", "verdict"),
                 web_field_label(p, "practice_review", "comment"),
                 web_t(p, W_REVIEWER),
                 web_field_label(p, "practice_review", "reviewed_at"));
    char when[32];
    web_time(when, int_of(r, "updated_at"));
    web_html(p,
             "<tr><td class=\"verdict\">%s</td><td class=\"comment\">%s</td>"
             "<td>%s</td><td>%s</td></tr>\n",
             web_enum_label(p, sync_schema_enum(sch, "review_verdict"),
                            text_of(r, "verdict")),
             text_of(r, "comment"), text_of(r, "owner"), when);
    return SYNC_OK;
}

void web_practice_reviews(struct web_page *p, const char *id)
{
    struct sync_err err;
    struct section s = {
        .p = p, .practice = id, .hubs = {.self = sync_engine_self(p->w->e)}};
    if (!sync_read_members(p->w->e, on_own_hub, &s.hubs, &err) &&
        !sync_engine_list(p->w->e, "practice_review", on_verdict, &s, &err) &&
        s.n)
        web_raw(p, "</table>\n");
    free(s.hubs.org);
}
