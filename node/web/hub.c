/* SPDX-License-Identifier: MIT */
/*
 * web_hub: the sync page (hub, last sync, what waits, conflicts (from
 * conflict.c), rejected entries, forks), the hub dashboard (members with last
 * sync, lag and clock skew; counts; invite and revoke) and CSV exports.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/wake.h"
#include "spona/fed.h"
#include "spona/mem.h"
#include "spona/report.h"
#include "web/web.h"

#include "spona/banned.h"

#define SYNC_REJECTED_SHOWN 50 /* latest rejected entries on the page */
#define COUNT_ROWS_SHOWN 30    /* groups shown per count table */

static void key_text(char out[SYNC_B64_SIZE(SYNC_SIG_PK_LEN)],
                     const uint8_t *key)
{
    sync_b64_encode(out, SYNC_B64_SIZE(SYNC_SIG_PK_LEN), key, SYNC_SIG_PK_LEN);
}

static void hex_id(char out[2 * SYNC_HASH_LEN + 1], const uint8_t *id)
{
    sync_hex_encode(out, 2 * SYNC_HASH_LEN + 1, id, SYNC_HASH_LEN);
}

/* ---- the sync page ---- */

/* The label of a feed's scope. */
static const char *scope_label(const struct web_page *p, int scope)
{
    const char *name = sync_scope_name(scope);
    if (!name)
        return "?";
    return web_enum_label(
        p, sync_schema_enum(sync_engine_schema(p->w->e), "scope"), name);
}

struct walk {
    struct web_page *p;
    size_t n;
};

static enum sync_rc problem_row(const struct sync_problem *pr, void *payload)
{
    struct walk *w = payload;
    struct web_page *p = w->p;
    char key[SYNC_B64_SIZE(SYNC_SIG_PK_LEN)], when[32];
    char id[2 * SYNC_HASH_LEN + 1], other[2 * SYNC_HASH_LEN + 1];
    bool fork = strcmp(pr->reason, "fork") == 0;
    if (!w->n++)
        web_html(p,
                 "<table id=\"%s\"><tr><th>%s</th><th>%s</th><th>%s</th>"
                 "<th>%s</th></tr>\n",
                 fork ? "forks" : "rejected", web_t(p, W_WHEN), web_t(p, W_KEY),
                 web_t(p, W_SEQ), fork ? "ID" : web_t(p, W_REASON));
    key_text(key, pr->author);
    web_time(when, pr->at);
    hex_id(id, pr->id);
    hex_id(other, pr->other);
    web_html(p,
             "<tr><td>%s</td><td><code>%.12s</code> %s</td><td>%llu</td>"
             "<td>",
             when, key, scope_label(p, pr->scope), (unsigned long long)pr->seq);
    if (fork)
        web_html(p, "<code>%.16s</code> / <code>%.16s</code>", id, other);
    else
        web_esc(p, web_reason_label(p, pr->reason));
    web_raw(p, "</td></tr>\n");
    return SYNC_OK;
}

static enum sync_rc withheld_row(const struct sync_withheld *h, void *payload)
{
    struct walk *w = payload;
    struct web_page *p = w->p;
    char key[SYNC_B64_SIZE(SYNC_SIG_PK_LEN)],
        via[SYNC_B64_SIZE(SYNC_SIG_PK_LEN)];
    char when[32], id[2 * SYNC_HASH_LEN + 1];
    if (!w->n++)
        web_html(p,
                 "<table id=\"withheld\"><tr><th>%s</th><th>%s</th>"
                 "<th>%s</th><th>ID</th><th>%s</th></tr>\n",
                 web_t(p, W_WHEN), web_t(p, W_KEY), web_t(p, W_SEQ),
                 web_t(p, W_FROM));
    key_text(key, h->author);
    key_text(via, h->via);
    web_time(when, h->at);
    hex_id(id, h->id);
    web_html(p,
             "<tr><td>%s</td><td><code>%.12s</code> %s</td><td>%llu</td>"
             "<td><code>%.16s</code> %s</td><td><code>%.12s</code></td>"
             "</tr>\n",
             when, key, scope_label(p, h->scope), (unsigned long long)h->seq,
             id, web_table_label(p, h->table), h->has_via ? via : "?");
    return SYNC_OK;
}

static enum sync_rc evidence_row(const struct sync_evidence *v, void *payload)
{
    struct walk *w = payload;
    struct web_page *p = w->p;
    char key[SYNC_B64_SIZE(SYNC_SIG_PK_LEN)], when[32];
    char proof[2 * SYNC_HASH_LEN + 1];
    if (!w->n++)
        web_html(p,
                 "<table id=\"evidence\"><tr><th>%s</th><th>%s</th>"
                 "<th>%s</th><th>%s</th><th>%s</th></tr>\n",
                 web_t(p, W_WHEN), web_t(p, W_KIND), web_t(p, W_KEY),
                 web_t(p, W_SEQ), web_t(p, W_PROOF));
    key_text(key, v->author);
    web_time(when, v->at);
    hex_id(proof, v->proof);
    web_html(p,
             "<tr><td>%s</td><td>%s</td><td><code>%.12s</code> %s</td>"
             "<td>%llu / %llu</td><td><code>%.16s</code></td></tr>\n",
             when, web_finding_label(p, v->kind), v->has_feed ? key : "",
             v->has_feed ? scope_label(p, v->scope) : "",
             (unsigned long long)v->seq, (unsigned long long)v->held, proof);
    return SYNC_OK;
}

/* Ends a table of shown rows, or says there are none. */
static void end_table(struct web_page *p, size_t shown)
{
    if (shown)
        web_raw(p, "</table>\n");
    else
        web_html(p, "<p>%s</p>\n", web_t(p, W_NONE));
}

void web_sync(struct web_page *p)
{
    struct sync_engine *e = p->w->e;
    struct sync_err err;
    struct sync_status st;
    char when[32];
    if (!web_allow(p, "viewer"))
        return;
    sync_err_init(&err);
    if (sync_read_status(e, &st, &err)) {
        web_error(p, 500, err.msg);
        return;
    }
    web_begin(p, web_t(p, W_SYNC));
    web_raw(p, "<table class=\"kv\" id=\"status\">\n");
    web_kv_row(p, web_t(p, W_HUB_URL),
               p->w->ctx->cfg.up_url ? p->w->ctx->cfg.up_url
                                     : web_t(p, W_NOT_JOINED));
    web_time(when, st.last_sync);
    web_kv_row(p, web_t(p, W_LAST_SYNC),
               st.last_sync ? when : web_t(p, W_NEVER));
    web_html(p, "<tr><th>%s</th><td id=\"unacked\">%lld</td></tr>\n",
             web_t(p, W_UNACKED), (long long)st.unacked);
    if (st.restored || st.pending)
        web_html(p, "<tr><th>%s</th><td id=\"pending\">%lld</td></tr>\n",
                 web_t(p, W_PENDING), (long long)st.pending);
    web_raw(p, "</table>\n");
    if (p->w->ctx->cfg.up_url && p->w->ctx->wake && web_can(p, "editor")) {
        web_raw(p, "<form method=\"post\" action=\"/sync/now\" "
                   "class=\"noprint\">");
        web_csrf_field(p);
        web_html(p,
                 "<button class=\"primary\" id=\"sync-now\">%s</button>"
                 "</form>\n",
                 web_t(p, W_SYNC_NOW));
    }
    struct walk w = {.p = p};
    web_html(p, "<h2>%s (%lld)</h2>\n", web_t(p, W_CONFLICTS),
             (long long)st.conflicts);
    end_table(p, web_sync_conflicts(p));
    web_html(p, "<h2>%s (%lld)</h2>\n", web_t(p, W_REJECTED),
             (long long)st.rejected);
    w.n = 0;
    if (sync_read_rejected(e, SYNC_REJECTED_SHOWN, problem_row, &w, &err))
        web_esc(p, err.msg);
    end_table(p, w.n);
    web_html(p, "<h2>%s (%lld)</h2>\n", web_t(p, W_FORKS), (long long)st.forks);
    w.n = 0;
    if (sync_read_forks(e, problem_row, &w, &err))
        web_esc(p, err.msg);
    end_table(p, w.n);
    web_html(p, "<h2>%s (%lld)</h2>\n", web_t(p, W_WITHHELD),
             (long long)st.withheld);
    w.n = 0;
    if (sync_read_withheld(e, SYNC_REJECTED_SHOWN, withheld_row, &w, &err))
        web_esc(p, err.msg);
    end_table(p, w.n);
    web_html(p, "<h2>%s (%lld)</h2>\n", web_t(p, W_EVIDENCE),
             (long long)st.evidence);
    w.n = 0;
    if (sync_read_evidence(e, SYNC_REJECTED_SHOWN, evidence_row, &w, &err))
        web_esc(p, err.msg);
    end_table(p, w.n);
    web_end(p);
}

/* POST /sync/now: wakes serve's sync loop for a round at once. */
void web_sync_now(struct web_page *p)
{
    if (!web_allow(p, "editor"))
        return;
    if (!p->w->ctx->cfg.up_url || !p->w->ctx->wake) {
        web_error(p, 409, web_t(p, W_NOT_JOINED));
        return;
    }
    node_wake_poke(p->w->ctx->wake);
    web_redirect_done(p, "/sync", WEB_DONE_SYNC);
}

/* ---- the hub dashboard ---- */

static enum sync_rc member_row(const struct sync_member *m, void *payload)
{
    struct walk *w = payload;
    struct web_page *p = w->p;
    struct sync_err err;
    char key[SYNC_B64_SIZE(SYNC_SIG_PK_LEN)], when[32];
    int64_t lag = 0;
    const uint8_t *self = sync_engine_self(p->w->e);
    if (!m->has_writer || memcmp(m->writer, self, SYNC_SIG_PK_LEN) != 0)
        return SYNC_OK;
    w->n++;
    key_text(key, m->key);
    web_time(when, m->last_sync);
    web_html(p,
             "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td>"
             "<td class=\"last-sync\">%s</td><td>",
             m->org, m->name, web_role_label(p, m->role),
             web_t(p, m->active ? W_ACTIVE : W_REVOKED),
             m->last_sync ? when : web_t(p, W_NEVER));
    if (m->last_sync && !sync_read_member_lag(p->w->e, m, &lag, &err))
        web_html(p, "%lld", (long long)lag);
    web_raw(p, "</td><td>");
    if (m->has_skew)
        web_html(p, "%+.1f s", (double)m->skew_ms / 1000.0);
    web_html(p, "</td><td><code title=\"%s\">%.12s</code></td><td>", key, key);
    if (m->active && web_can(p, "admin")) {
        /* A page that asks first: revoking cannot be undone. */
        web_raw(p, "<a class=\"revoke\" href=\"/hub/revoke?key=");
        web_url(p, key);
        web_html(p, "\">%s</a>", web_t(p, W_REVOKE));
    }
    web_raw(p, "</td></tr>\n");
    return SYNC_OK;
}

/* A roster row this hub did not write: members further down the tree. */
static enum sync_rc roster_row(const struct sync_member *m, void *payload)
{
    struct walk *w = payload;
    struct web_page *p = w->p;
    struct sync_member v;
    struct sync_err err;
    const uint8_t *self = sync_engine_self(p->w->e);
    if (!m->has_writer || memcmp(m->writer, self, SYNC_SIG_PK_LEN) == 0 ||
        memcmp(m->key, self, SYNC_SIG_PK_LEN) == 0)
        return SYNC_OK;
    if (!w->n++)
        web_html(p,
                 "<h2>%s</h2><table id=\"roster\"><tr><th>%s</th><th>%s"
                 "</th><th>%s</th><th>%s</th><th>%s</th></tr>\n",
                 web_t(p, W_FEDERATION), web_t(p, W_ORGANISATION),
                 web_t(p, W_NAME), web_t(p, W_ROLE), web_t(p, W_STATUS),
                 web_t(p, W_VOUCHED));
    web_html(p, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>", m->org,
             m->name, web_role_label(p, m->role),
             web_t(p, m->active ? W_ACTIVE : W_REVOKED));
    if (!sync_read_member(p->w->e, m->writer, &v, &err))
        web_esc(p, v.org);
    web_raw(p, "</td></tr>\n");
    return SYNC_OK;
}

/* One table of the hub's figures (sync_report_count, as /hub/stats),
 * the largest groups. */
static void count_table(struct web_page *p, const struct sync_report *r,
                        enum sync_report_dim d, enum web_word title,
                        const char *html_id)
{
    const struct sync_report_table *t = &r->t[d];
    web_html(p, "<h2>%s</h2>\n<table id=\"%s\">\n", web_t(p, title), html_id);
    for (size_t i = 0; i < t->n && i < COUNT_ROWS_SHOWN; i++)
        web_html(p, "<tr><td>%s</td><td>%lld</td></tr>\n",
                 web_report_label(p, d, t->g[i].value), (long long)t->g[i].n);
    web_raw(p, "</table>\n");
    if (!t->n)
        web_html(p, "<p>%s</p>", web_t(p, W_NONE));
}

static void invite_form(struct web_page *p)
{
    web_html(p,
             "<h2>%s</h2><form class=\"filters\" method=\"post\" "
             "action=\"/hub/invite\">",
             web_t(p, W_INVITE));
    web_csrf_field(p);
    web_html(p,
             "<label>%s<input type=\"text\" name=\"org\" id=\"invite-org\" "
             "required maxlength=\"%d\"></label><label>%s<select "
             "name=\"role\">",
             web_t(p, W_ORGANISATION), SYNC_LIMIT_ORG_NAME, web_t(p, W_ROLE));
    web_option(p, "node", web_t(p, W_ROLE_NODE), true);
    web_option(p, "hub", web_t(p, W_ROLE_HUB), false);
    web_html(p,
             "</select></label><button class=\"primary\">%s</button>"
             "</form>\n",
             web_t(p, W_INVITE));
}

bool web_hub_only(struct web_page *p, const char *role)
{
    if (!web_allow(p, role))
        return false;
    if (!sync_engine_is_hub(p->w->e)) {
        web_error(p, 404, web_t(p, W_NOT_HUB));
        return false;
    }
    return true;
}

void web_hub(struct web_page *p)
{
    struct sync_engine *e = p->w->e;
    struct sync_err err;
    struct sync_status st = {0};
    static const char *const exports[] = {"practice", "organisation", "service",
                                          "event",    "need",         "person"};
    if (!web_hub_only(p, "viewer"))
        return;
    web_begin(p, web_t(p, W_HUB));
    web_html(p,
             "<h2>%s</h2><table id=\"members\"><tr><th>%s</th><th>%s</th>"
             "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
             "<th>%s</th><th></th></tr>\n",
             web_t(p, W_MEMBERS), web_t(p, W_ORGANISATION), web_t(p, W_NAME),
             web_t(p, W_ROLE), web_t(p, W_STATUS), web_t(p, W_LAST_SYNC),
             web_t(p, W_LAG), web_t(p, W_SKEW), web_t(p, W_KEY));
    struct walk w = {.p = p};
    if (sync_read_members(e, member_row, &w, &err))
        web_esc(p, err.msg);
    web_raw(p, "</table>\n");
    if (web_can(p, "admin"))
        invite_form(p);
    w.n = 0;
    if (sync_read_members(e, roster_row, &w, &err))
        web_esc(p, err.msg);
    if (w.n)
        web_raw(p, "</table>\n");
    if (sync_read_status(e, &st, &err))
        web_esc(p, err.msg);
    web_html(p,
             "<h2><a href=\"/sync\">%s: <span id=\"n-rejected\">%lld"
             "</span> · %s: %lld</a></h2>\n",
             web_t(p, W_REJECTED), (long long)st.rejected, web_t(p, W_FORKS),
             (long long)st.forks);
    web_html(p,
             "<p class=\"noprint\"><a href=\"/hub/review\" id=\"to-review\">"
             "%s</a> · <a href=\"/hub/stats\" id=\"to-stats\">%s</a></p>\n",
             web_t(p, W_REVIEW_QUEUE), web_t(p, W_REPORT));
    struct sync_report r;
    if (sync_report_count(e, &r, &err)) {
        web_esc(p, err.msg);
    } else {
        count_table(p, &r, SYNC_REPORT_MUNICIPALITY, W_PER_MUNICIPALITY,
                    "per-municipality");
        count_table(p, &r, SYNC_REPORT_SECTOR, W_PER_SECTOR, "per-sector");
        if (web_can(p, "editor")) /* small groups can single people out */
            count_table(p, &r, SYNC_REPORT_COUNTRY, W_PER_COUNTRY,
                        "per-country");
    }
    sync_report_release(&r);
    if (web_can(p, "admin")) {
        web_html(p, "<h2>%s</h2><ul class=\"noprint\">", web_t(p, W_EXPORT));
        for (size_t i = 0; i < sizeof(exports) / sizeof(exports[0]); i++)
            web_html(p, "<li><a href=\"/export/%s.csv\">%s.csv</a></li>",
                     exports[i], exports[i]);
        web_raw(p, "</ul>\n");
    }
    web_end(p);
}

void web_hub_invite(struct web_page *p)
{
    char line[1024];
    const char *org = web_form(p, "org"), *role = web_form(p, "role");
    if (!web_hub_only(p, "admin"))
        return;
    if (!org || !org[0] || strlen(org) > SYNC_LIMIT_ORG_NAME || !role ||
        (strcmp(role, "node") != 0 && strcmp(role, "hub") != 0)) {
        web_error(p, 400, web_t(p, W_FIELDS_BAD));
        return;
    }
    struct sync_err err;
    sync_err_init(&err);
    if (node_hub_invite(p->w->ctx, p->w->e, org, role, SYNC_LIMIT_INVITE_TTL_S,
                        line, sizeof(line), &err)) {
        node_log(p->w->ctx, NODE_WARN, "web: invite for '%s': %s", org,
                 err.msg);
        web_error(p, 500, err.msg);
        return;
    }
    node_log(p->w->ctx, NODE_INFO, "web: invite for '%s' (%s)", org, role);
    web_begin(p, web_t(p, W_INVITE));
    web_html(p, "<p>%s ", web_t(p, W_INVITE_FOR));
    web_esc(p, org);
    web_html(p, "</p><p>%s</p><code class=\"join\" id=\"join\">",
             web_t(p, W_JOIN_STRING));
    web_esc(p, line);
    web_html(p, "</code><p><a href=\"/hub\">%s</a></p>", web_t(p, W_BACK));
    web_end(p);
}

/* The member a revoke form or link names (the "key" field of the form
 * or of the query), or answers 400 or 404 and returns false. */
static bool revoke_target(struct web_page *p, const char *text,
                          uint8_t key[SYNC_SIG_PK_LEN], struct sync_member *m)
{
    struct sync_err err;
    size_t n = 0;
    sync_err_init(&err);
    if (!text ||
        sync_b64_decode(key, SYNC_SIG_PK_LEN, &n, text, strlen(text)) ||
        n != SYNC_SIG_PK_LEN) {
        web_error(p, 400, web_t(p, W_FIELDS_BAD));
        return false;
    }
    if (sync_read_member(p->w->e, key, m, &err)) {
        web_error(p, 404, web_t(p, W_NOT_FOUND));
        return false;
    }
    return true;
}

/* GET /hub/revoke?key=K: what revoking the member will do, and the
 * button that does it. */
void web_hub_revoke_ask(struct web_page *p)
{
    struct sync_member m;
    uint8_t key[SYNC_SIG_PK_LEN];
    const char *text = web_query(p, "key");
    if (!web_hub_only(p, "admin") || !revoke_target(p, text, key, &m))
        return;
    web_begin(p, web_t(p, W_REVOKE_ASK));
    web_raw(p, "<table class=\"kv\" id=\"revoke-member\">\n");
    web_kv_row(p, web_t(p, W_ORGANISATION), m.org);
    web_kv_row(p, web_t(p, W_NAME), m.name);
    web_kv_row(p, web_t(p, W_ROLE), web_role_label(p, m.role));
    web_kv_row(p, web_t(p, W_KEY), text);
    web_raw(p, "</table>\n");
    if (!m.active) {
        web_html(p, "<p>%s</p><p><a href=\"/hub\">%s</a></p>",
                 web_t(p, W_REVOKED), web_t(p, W_BACK));
        web_end(p);
        return;
    }
    web_html(p, "<p class=\"error\" id=\"revoke-what\">%s</p>\n",
             web_t(p, W_REVOKE_WHAT));
    web_raw(p, "<form method=\"post\" action=\"/hub/revoke\">");
    web_csrf_field(p);
    web_html(p,
             "<input type=\"hidden\" name=\"key\" value=\"%s\">"
             "<p><button class=\"primary\" id=\"confirm\">%s</button> "
             "<a href=\"/hub\" id=\"cancel\">%s</a></p></form>\n",
             text, web_t(p, W_REVOKE), web_t(p, W_CANCEL));
    web_end(p);
}

/* POST /hub/revoke: revokes the member (after the page above). */
void web_hub_revoke(struct web_page *p)
{
    struct sync_member m;
    struct sync_err err;
    uint8_t key[SYNC_SIG_PK_LEN];
    const char *text = web_form(p, "key");
    if (!web_hub_only(p, "admin") || !revoke_target(p, text, key, &m))
        return;
    sync_err_init(&err);
    if (sync_fed_revoke(p->w->e, key, &m, &err)) {
        web_error(p, 400, err.msg);
        return;
    }
    node_log(p->w->ctx, NODE_INFO, "web: revoked %s (%s)", text, m.org);
    web_redirect_done(p, "/hub", WEB_DONE_REVOKED);
}

void web_export(struct web_page *p, const char *table)
{
    struct sync_err err;
    char *mem = NULL;
    size_t len = 0, rows = 0;
    if (!web_allow(p, "admin"))
        return;
    if (!sync_schema_table(sync_engine_schema(p->w->e), table)) {
        web_error(p, 404, web_t(p, W_NOT_FOUND));
        return;
    }
    sync_err_init(&err);
    FILE *out = open_memstream(&mem, &len);
    if (!out)
        sync_oom(0);
    /* Semicolons: what spreadsheets set up for Bosnian expect. */
    enum sync_rc rc = node_export(p->w->e, table, NODE_EXPORT_CSV, ';',
                                  NODE_EXPORT_SPREADSHEET, out, &rows, &err);
    fclose(out);
    if (!rc && sync_buf_add(&p->r->body, mem, len))
        rc = sync_err_set(&err, SYNC_TOOBIG,
                          "export over %d bytes; use "
                          "'spona export'",
                          WEB_PAGE_MAX);
    free(mem);
    if (rc) {
        web_error(p, 500, err.msg);
        return;
    }
    p->r->type = "text/csv; charset=utf-8";
    snprintf(p->r->filename, sizeof(p->r->filename), "%s.csv", table);
    node_log(p->w->ctx, NODE_INFO, "web: exported %zu rows of %s", rows, table);
}
