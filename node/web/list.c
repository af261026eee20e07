/* SPDX-License-Identifier: MIT */
/*
 * list: the list pages of the diaspora tables (GET /t/TABLE): the folding
 * search of the library (q=), a filter or two per table, sorting by a
 * column and paging. Persons are listed for editors only, and the engine
 * writes each list and each person it returns to the audit log.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spona/fold.h"
#include "spona/limits.h"
#include "spona/mem.h"
#include "spona/num.h"
#include "spona/uuid.h"
#include "web/web.h"

#include "spona/banned.h"

#define LIST_COLUMNS 4 /* fields shown in a list */
#define KEY_MAX 96     /* bytes of a sort key */
#define FILTERS_MAX 3  /* filters of one table */

/* How a filter matches. */
enum how {
    BY_VALUE, /* the field holds the value (an enum: a select) */
    BY_TEXT,  /* the folded field contains the folded text */
    BY_YEAR,  /* the field (a date, or a year) is of that year */
};

/* The tables of the lists, the role that may see each, its filters. */
static const struct {
    const char *table;
    enum web_word word;
    const char *role;
    struct {
        const char *field;
        enum how how;
    } filters[FILTERS_MAX];
} tables[] = {
    {"person", W_PERSONS, "editor", {{"country", BY_VALUE}, {"city", BY_TEXT}}},
    {"organisation",
     W_ORGANISATIONS,
     "viewer",
     {{"org_type", BY_VALUE}, {"country", BY_VALUE}, {"city", BY_TEXT}}},
    {"service", W_SERVICES, "viewer", {{"category", BY_VALUE}}},
    {"event", W_EVENTS, "viewer", {{"start_date", BY_YEAR}}},
    {"need", W_NEEDS, "viewer", {{"category", BY_VALUE}, {"year", BY_YEAR}}},
};

/* One row that passed; strings owned. */
struct item {
    char id[SYNC_UUID_TEXT];
    char key[KEY_MAX];
    size_t n;      /* position before sorting, so equal keys keep it */
    char *snippet; /* search passage with \1 \2 marks, or NULL */
};

struct walk {
    struct web_page *p;
    const struct sync_tdef *t;
    int k;                         /* index in tables */
    const char *want[FILTERS_MAX]; /* the filters' values, or NULL */
    const struct sync_fdef *sort;  /* the sort field, or NULL */
    struct item *items;            /* owned */
    size_t n, cap;
    bool more; /* stopped at WEB_LIST_MAX */
};

static int table_index(const char *table)
{
    for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
        if (strcmp(tables[i].table, table) == 0)
            return (int)i;
    return -1;
}

/* The value of field of r as text into out ("" when unset). */
static void text_value(char *out, size_t size, const struct sync_record *r,
                       const char *field)
{
    const struct sync_rfield *v = sync_record_get(r, field);
    out[0] = '\0';
    if (v && v->v.kind == SYNC_V_INT)
        snprintf(out, size, "%lld", (long long)v->v.i);
    else if (v && v->v.kind != SYNC_V_NULL && v->v.s)
        snprintf(out, size, "%s", v->v.s);
}

static void folded(char *out, size_t size, const char *text)
{
    /* What fits is enough to sort and match by. */
    enum sync_rc rc = sync_fold(out, size, text, NULL);
    (void)rc;
}

/* Whether the '|' list holds exactly item. */
static bool list_holds(const char *list, const char *item)
{
    size_t n = strlen(item);
    for (const char *s = list; *s;) {
        size_t len = strcspn(s, "|");
        if (len == n && strncmp(s, item, n) == 0)
            return true;
        s += len + (s[len] ? 1 : 0);
    }
    return false;
}

static bool passes(const struct walk *w, const struct sync_record *r)
{
    char have[512];
    char a[KEY_MAX], b[KEY_MAX];
    for (size_t i = 0; i < FILTERS_MAX; i++) {
        const char *field = tables[w->k].filters[i].field;
        if (!field || !w->want[i])
            continue;
        text_value(have, sizeof(have), r, field);
        switch (tables[w->k].filters[i].how) {
        case BY_VALUE:
            if (!list_holds(have, w->want[i]))
                return false;
            break;
        case BY_TEXT:
            folded(a, sizeof(a), have);
            folded(b, sizeof(b), w->want[i]);
            if (!strstr(a, b))
                return false;
            break;
        case BY_YEAR:
            if (strncmp(have, w->want[i], 4) != 0 || strlen(w->want[i]) != 4)
                return false;
            break;
        }
    }
    return true;
}

/* The key r sorts by: numbers as numbers, values by their labels, text
 * folded (Č among the C's). */
static void sort_key(const struct walk *w, const struct sync_record *r,
                     char out[KEY_MAX])
{
    const struct sync_fdef *f = w->sort;
    const struct sync_rfield *v = f ? sync_record_get(r, f->name) : NULL;
    char text[KEY_MAX];
    out[0] = '\0';
    if (!v || v->v.kind == SYNC_V_NULL)
        return;
    if (v->v.kind == SYNC_V_INT) {
        /* Shifted so that negative numbers sort first, as text. */
        snprintf(out, KEY_MAX, "%020llu",
                 (unsigned long long)v->v.i ^ (1ULL << 63));
        return;
    }
    snprintf(text, sizeof(text), "%s",
             f->type == SYNC_F_ENUM && !f->list ? web_label(w->p, f, v->v.s)
                                                : v->v.s);
    folded(out, KEY_MAX, text);
}

static void keep(struct walk *w, const struct sync_record *r, const char *id,
                 const char *snippet)
{
    if (w->n == w->cap) {
        w->cap = w->cap ? 2 * w->cap : 64;
        w->items = sync_xrealloc(w->items, w->cap * sizeof(*w->items));
    }
    struct item *it = &w->items[w->n];
    snprintf(it->id, sizeof(it->id), "%s", id);
    sort_key(w, r, it->key);
    it->n = w->n++;
    it->snippet = snippet ? sync_xstrdup(snippet) : NULL;
}

static enum sync_rc on_row(const struct sync_record *r, void *payload)
{
    struct walk *w = payload;
    const struct sync_rfield *del = sync_record_get(r, "_deleted");
    const char *id = sync_record_text(r, "id");
    if (w->n >= WEB_LIST_MAX) {
        w->more = true;
        return SYNC_TOOBIG;
    }
    if (id && !(del && del->v.i) && passes(w, r))
        keep(w, r, id, NULL);
    return SYNC_OK;
}

static enum sync_rc on_hit(const struct sync_hit *h, void *payload)
{
    struct walk *w = payload;
    struct sync_record r;
    struct sync_err err;
    sync_record_init(&r);
    if (!sync_engine_get(w->p->w->e, w->t->name, h->id, &r, &err) &&
        passes(w, &r))
        keep(w, &r, h->id, h->snippet);
    sync_record_release(&r);
    return SYNC_OK;
}

static int by_key(const void *a, const void *b)
{
    const struct item *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->n > y->n) - (x->n < y->n);
}

/* Collects the rows that pass: best hits first, else in the list's
 * order; then sorted when a sort is asked for (desc: from the end). */
static enum sync_rc collect(struct walk *w, const char *q, bool desc,
                            struct sync_err *err)
{
    enum sync_rc rc;
    if (q) {
        struct sync_search_opts o = {.table = w->t->name,
                                     .limit = SYNC_LIMIT_SEARCH_HITS,
                                     .mark_open = "\x01",
                                     .mark_close = "\x02"};
        rc = sync_read_search(w->p->w->e, q, &o, on_hit, w, err);
    } else {
        rc = sync_engine_list(w->p->w->e, w->t->name, on_row, w, err);
        if (rc == SYNC_TOOBIG && w->more)
            rc = SYNC_OK;
    }
    if (rc || !w->sort || !w->n)
        return rc;
    qsort(w->items, w->n, sizeof(*w->items), by_key);
    for (size_t i = 0; desc && i < w->n / 2; i++) {
        struct item t = w->items[i];
        w->items[i] = w->items[w->n - 1 - i];
        w->items[w->n - 1 - i] = t;
    }
    return SYNC_OK;
}

/* The query of this list again, without skip (and page), ending in "&"
 * or "?"; in an href. */
static void same_query(struct web_page *p, const char *table, const char *skip)
{
    web_html(p, "/t/%s?", table);
    for (size_t i = 0; i < p->q->n_query; i++) {
        const struct web_kv *kv = &p->q->query[i];
        if (!kv->value[0] || strcmp(kv->key, "page") == 0 ||
            strcmp(kv->key, "lang") == 0 || strcmp(kv->key, "done") == 0 ||
            (skip && strcmp(kv->key, skip) == 0))
            continue;
        web_url(p, kv->key);
        web_raw(p, "=");
        web_url(p, kv->value);
        web_raw(p, "&amp;");
    }
}

static void filter_form(struct web_page *p, const struct walk *w)
{
    const char *table = w->t->name;
    web_html(p,
             "<form class=\"filters\" method=\"get\" action=\"/t/%s\" "
             "role=\"search\">",
             table);
    web_html(p, "<label>%s<input type=\"search\" name=\"q\" id=\"q\" value=\"",
             web_t(p, W_SEARCH));
    web_esc(p, web_query(p, "q"));
    web_raw(p, "\"></label>\n");
    for (size_t i = 0; i < FILTERS_MAX; i++) {
        const char *field = tables[w->k].filters[i].field;
        const struct sync_fdef *f =
            field ? sync_schema_field(w->t, field) : NULL;
        if (!f)
            continue;
        enum how how = tables[w->k].filters[i].how;
        web_html(p, "<label>%s",
                 how == BY_YEAR ? web_t(p, W_YEAR)
                                : web_field_label(p, table, field));
        if (how == BY_VALUE && f->dom) {
            web_html(p,
                     "<select name=\"%s\" id=\"filter-%s\">"
                     "<option value=\"\">%s</option>",
                     field, field, web_t(p, W_ALL));
            for (size_t v = 0; v < f->dom->n; v++)
                web_option(
                    p, f->dom->values[v], web_label(p, f, f->dom->values[v]),
                    w->want[i] && strcmp(w->want[i], f->dom->values[v]) == 0);
            web_raw(p, "</select></label>\n");
            continue;
        }
        web_html(p, "<input type=\"%s\" name=\"%s\" id=\"filter-%s\" value=\"",
                 how == BY_YEAR ? "number" : "text", field, field);
        web_esc(p, w->want[i]);
        web_raw(p, "\"></label>\n");
    }
    if (web_query(p, "sort")) {
        web_raw(p, "<input type=\"hidden\" name=\"sort\" value=\"");
        web_esc(p, web_query(p, "sort"));
        web_raw(p, "\">");
    }
    web_html(p, "<button class=\"primary\">%s</button></form>\n",
             web_t(p, W_FILTER));
}

/* The column headers, each a link that sorts by it (again: the other
 * way). */
static void headers(struct web_page *p, const struct walk *w, bool desc)
{
    web_raw(p, "<table id=\"rows\"><tr>");
    for (size_t c = 0; c < w->t->n && c < LIST_COLUMNS; c++) {
        const struct sync_fdef *f = &w->t->f[c];
        bool on = w->sort == f;
        web_raw(p, "<th><a class=\"sort\" href=\"");
        same_query(p, w->t->name, "sort");
        web_html(p, "sort=%s%s\">", on && !desc ? "-" : "", f->name);
        web_esc(p, web_field_label(p, w->t->name, f->name));
        web_html(p, "%s</a></th>",
                 !on    ? ""
                 : desc ? " \xe2\x86\x93"
                        : " \xe2\x86\x91");
    }
    web_html(p, "<th>%s</th></tr>\n", web_t(p, W_OWNER));
}

static void row(struct web_page *p, const struct walk *w, const struct item *it)
{
    struct sync_record r;
    struct sync_err err;
    const struct sync_tdef *t = w->t;
    sync_record_init(&r);
    if (sync_engine_get(p->w->e, t->name, it->id, &r, &err)) {
        sync_record_release(&r);
        return;
    }
    web_raw(p, "<tr>");
    for (size_t c = 0; c < t->n && c < LIST_COLUMNS; c++) {
        web_raw(p, "<td>");
        if (c == 0) {
            web_html(p, "<a href=\"/t/%s/", t->name);
            web_esc(p, it->id);
            web_raw(p, "\">");
        }
        web_value(p, &t->f[c], &r);
        if (c == 0)
            web_html(p, "%s</a>",
                     sync_record_get(&r, t->f[0].name) ? "" : "&#8230;");
        if (c == 0 && it->snippet) {
            web_raw(p, "<div class=\"meta\">");
            web_marked(p, it->snippet);
            web_raw(p, "</div>");
        }
        web_raw(p, "</td>");
    }
    web_raw(p, "<td>");
    web_esc(p, sync_record_text(&r, "owner"));
    web_raw(p, "</td></tr>\n");
    sync_record_release(&r);
}

static void pager(struct web_page *p, const struct walk *w, int64_t page)
{
    size_t pages = (w->n + WEB_PAGE_SIZE - 1) / WEB_PAGE_SIZE;
    web_html(p, "<nav class=\"pager\"><span id=\"count\">%zu%s %s</span>", w->n,
             w->more ? "+" : "", web_t(p, W_ROWS));
    if (page > 1) {
        web_raw(p, "<a rel=\"prev\" href=\"");
        same_query(p, w->t->name, NULL);
        web_html(p, "page=%lld\">%s</a>", (long long)page - 1,
                 web_t(p, W_PREV));
    }
    if (pages > 1)
        web_html(p, "<span>%s %lld %s %zu</span>", web_t(p, W_PAGE),
                 (long long)page, web_t(p, W_OF), pages);
    if ((size_t)page < pages) {
        web_raw(p, "<a rel=\"next\" href=\"");
        same_query(p, w->t->name, NULL);
        web_html(p, "page=%lld\">%s</a>", (long long)page + 1,
                 web_t(p, W_NEXT));
    }
    web_raw(p, "</nav>\n");
}

/* Reads page=, sort= and the filters into w; false (and a 400) when one
 * is not a value this list knows. */
static bool read_query(struct web_page *p, struct walk *w, int64_t *page,
                       bool *desc)
{
    const char *pg = web_query(p, "page");
    const char *sort = web_query(p, "sort");
    int64_t y = 0;
    if (pg &&
        (sync_parse_i64(page, pg, NULL) || *page < 1 || *page > WEB_LIST_MAX))
        return false;
    *desc = sort && sort[0] == '-';
    if (sort) {
        w->sort = sync_schema_field(w->t, sort + (*desc ? 1 : 0));
        if (!w->sort)
            return false;
    }
    for (size_t i = 0; i < FILTERS_MAX; i++) {
        const char *field = tables[w->k].filters[i].field;
        w->want[i] = field ? web_query(p, field) : NULL;
        if (w->want[i] && tables[w->k].filters[i].how == BY_YEAR &&
            (strlen(w->want[i]) != 4 || sync_parse_i64(&y, w->want[i], NULL)))
            return false;
    }
    return true;
}

void web_table(struct web_page *p, const char *table)
{
    int k = table_index(table);
    struct sync_err err;
    int64_t page = 1;
    bool desc = false;
    const struct sync_tdef *t =
        k < 0 ? NULL : sync_schema_table(sync_engine_schema(p->w->e), table);
    if (!t) {
        web_error(p, 404, web_t(p, W_NOT_FOUND));
        return;
    }
    if (!web_allow(p, tables[k].role))
        return;
    struct walk w = {.p = p, .t = t, .k = k};
    if (!read_query(p, &w, &page, &desc)) {
        web_error(p, 400, web_t(p, W_BAD_NUMBERS));
        return;
    }
    sync_err_init(&err);
    enum sync_rc rc = collect(&w, web_query(p, "q"), desc, &err);
    web_begin(p, web_t(p, tables[k].word));
    if (web_table_editable(table) && web_can(p, "editor"))
        web_html(p,
                 "<p class=\"noprint\"><a href=\"/t/%s/new\" id=\"add\">"
                 "%s: %s</a></p>",
                 table, web_t(p, W_ADD), web_table_label(p, table));
    filter_form(p, &w);
    if (rc) {
        /* A query with no words, or too long: say so, keep the form. */
        web_raw(p, "<p class=\"error\" role=\"alert\">");
        web_esc(p, err.msg);
        web_raw(p, "</p>");
        p->r->status = rc == SYNC_INVALID || rc == SYNC_TOOBIG ? 400 : 500;
    }
    headers(p, &w, desc);
    size_t from = (size_t)(page - 1) * WEB_PAGE_SIZE;
    for (size_t i = from; i < w.n && i < from + WEB_PAGE_SIZE; i++)
        row(p, &w, &w.items[i]);
    web_raw(p, "</table>\n");
    if (!w.n && !rc)
        web_html(p, "<p>%s</p>", web_t(p, W_NO_RESULTS));
    pager(p, &w, page);
    if (strcmp(table, "person") == 0)
        web_html(p, "<p class=\"note\">%s</p>", web_t(p, W_AUDIT_NOTE));
    web_end(p);
    for (size_t i = 0; i < w.n; i++)
        free(w.items[i].snippet);
    free(w.items);
}
