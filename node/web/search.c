/* SPDX-License-Identifier: MIT */
/*
 * web_search: one search box over every table the visitor may see
 * (GET /search?q=...), the hits grouped by table, and a "did you mean"
 * link when the typo corrector has a suggestion. Persons are searched
 * only for the roles that may see them, through the read layer, which
 * audits each person it returns; a viewer's suggestion leaves persons
 * out too, as it would show a word of a name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spona/limits.h"
#include "spona/mem.h"
#include "web/web.h"

#include "spona/banned.h"

#define GROUP_HITS 10 /* hits shown per table */

/* The tables searched, in the order shown, with the role that may see
 * each and where a hit links to. */
static const struct {
    const char *table;
    enum web_word word;
    const char *role;
    const char *link; /* path before the id */
} groups[] = {
    {"practice", W_PRACTICES, "viewer", "/practices/"},
    {"organisation", W_ORGANISATIONS, "viewer", "/t/organisation/"},
    {"service", W_SERVICES, "viewer", "/t/service/"},
    {"event", W_EVENTS, "viewer", "/t/event/"},
    {"need", W_NEEDS, "viewer", "/t/need/"},
    {"person", W_PERSONS, "editor", "/t/person/"},
};

/* One hit kept for the page; strings owned. */
struct shown {
    char *id;
    char *title;
    char *snippet; /* with \1 \2 marks */
};

struct group_hits {
    struct shown h[GROUP_HITS];
    size_t n;
};

static enum sync_rc keep_hit(const struct sync_hit *h, void *payload)
{
    struct group_hits *g = payload;
    if (g->n == GROUP_HITS)
        return SYNC_OK;
    struct shown *s = &g->h[g->n++];
    s->id = sync_xstrdup(h->id);
    s->title = sync_xstrdup(h->title ? h->title : "");
    s->snippet = sync_xstrdup(h->snippet ? h->snippet : "");
    return SYNC_OK;
}

static void group_release(struct group_hits *g)
{
    for (size_t i = 0; i < g->n; i++) {
        free(g->h[i].id);
        free(g->h[i].title);
        free(g->h[i].snippet);
    }
    g->n = 0;
}

/* The box, with the query as typed. */
static void box(struct web_page *p, const char *q)
{
    web_raw(p, "<form class=\"filters\" method=\"get\" action=\"/search\" "
               "role=\"search\">");
    web_html(p,
             "<label>%s<input type=\"search\" name=\"q\" id=\"q\" "
             "placeholder=\"%s\" value=\"",
             web_t(p, W_SEARCH_ALL), web_t(p, W_SEARCH_HINT));
    web_esc(p, q);
    web_html(p, "\"></label>\n<button class=\"primary\">%s</button></form>\n",
             web_t(p, W_SEARCH));
}

/* "Did you mean ..." when a word of q matches nothing the visitor may
 * see and an index word is near it. */
static void suggestion(struct web_page *p, const char *q)
{
    char fix[SYNC_LIMIT_QUERY + 1];
    struct sync_err err;
    const char *skip = web_can(p, "editor") ? NULL : "person";
    if (sync_read_search_suggest_but(p->w->e, fix, sizeof(fix), q, skip,
                                     &err) ||
        !*fix)
        return;
    web_html(p, "<p class=\"suggest\" id=\"suggest\">%s <a href=\"/search?q=",
             web_t(p, W_DID_YOU_MEAN));
    web_url(p, fix);
    web_raw(p, "\">");
    web_esc(p, fix);
    web_raw(p, "</a>?</p>\n");
}

/* The hits of one table as a section; returns how many, or -1 with
 * err set. */
static int group(struct web_page *p, size_t k, const char *q,
                 struct sync_err *err)
{
    struct group_hits g = {.n = 0};
    struct sync_search_opts o = {.table = groups[k].table,
                                 .limit = GROUP_HITS,
                                 .mark_open = "\x01",
                                 .mark_close = "\x02"};
    if (sync_read_search(p->w->e, q, &o, keep_hit, &g, err)) {
        group_release(&g);
        return -1;
    }
    if (g.n) {
        web_html(p, "<section class=\"hits\" id=\"hits-%s\"><h2>%s (%zu)</h2>",
                 groups[k].table, web_t(p, groups[k].word), g.n);
        web_raw(p, "<ol class=\"hits\">\n");
    }
    for (size_t i = 0; i < g.n; i++) {
        const struct shown *s = &g.h[i];
        web_html(p, "<li><a href=\"%s", groups[k].link);
        web_url(p, s->id);
        web_raw(p, "\">");
        web_esc(p, *s->title ? s->title : s->id);
        web_raw(p, "</a><p class=\"snippet\">");
        web_marked(p, s->snippet);
        web_raw(p, "</p></li>\n");
    }
    if (g.n)
        web_raw(p, "</ol></section>\n");
    int n = (int)g.n;
    group_release(&g);
    return n;
}

void web_search(struct web_page *p)
{
    struct sync_err err;
    const char *q = web_query(p, "q");
    if (!web_allow(p, "viewer"))
        return;
    web_begin(p, web_t(p, W_SEARCH_ALL));
    box(p, q);
    if (!q) {
        web_end(p);
        return;
    }
    sync_err_init(&err);
    suggestion(p, q);
    int total = 0;
    for (size_t k = 0; k < sizeof(groups) / sizeof(groups[0]); k++) {
        if (!web_can(p, groups[k].role))
            continue;
        int n = group(p, k, q, &err);
        if (n < 0) {
            web_html(p, "<p class=\"error\">%s</p>\n", err.msg);
            break;
        }
        total += n;
    }
    if (!total && !err.rc)
        web_html(p, "<p>%s</p>\n", web_t(p, W_NO_RESULTS));
    if (web_can(p, "editor") && !err.rc)
        web_html(p, "<p class=\"note\">%s</p>", web_t(p, W_AUDIT_NOTE));
    web_end(p);
}
