/* SPDX-License-Identifier: MIT */
/*
 * web_practice: the good-practice pages: the list with the folding search,
 * filters and paging; a practice with all its fields, indicators and where
 * it came from; the form that adds or edits this node's own practices.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spona/buf.h"
#include "spona/mem.h"
#include "spona/num.h"
#include "spona/uuid.h"
#include "web/web.h"

#include "spona/banned.h"

#define FIRST_YEAR 1900 /* the year filter's range, as the 'year' type */
#define LAST_YEAR 2100

/* The list filters, as given in the query. */
struct filt {
    const char *q, *sector, *lsg, *entity, *status, *scope;
    int64_t year; /* 0: any */
};

/* One practice that passed the filters. */
struct match {
    char id[SYNC_UUID_TEXT];
    char *snippet; /* search passage with \1 \2 marks, or NULL; owned */
};

struct matches {
    struct web_page *p;
    const struct filt *f;
    struct match *m; /* owned */
    size_t n, cap;
    bool more; /* stopped at WEB_LIST_MAX */
};

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

/* Whether the '|' list holds want, or an item under it ("DIA" holds
 * "DIA.return"). */
static bool list_has(const char *list, const char *want)
{
    size_t n = strlen(want);
    for (const char *s = list; *s;) {
        const char *bar = strchr(s, '|');
        size_t len = bar ? (size_t)(bar - s) : strlen(s);
        if ((len == n || (len > n && s[n] == '.')) && strncmp(s, want, n) == 0)
            return true;
        s += len + (bar ? 1 : 0);
    }
    return false;
}

static bool passes(const struct web_page *p, const struct filt *f,
                   const struct sync_record *r)
{
    const char *lsg = text_of(r, "owner_lsg");
    if (f->sector && !list_has(text_of(r, "sectors"), f->sector))
        return false;
    if (f->lsg && strcmp(lsg, f->lsg) != 0)
        return false;
    if (f->entity) {
        const struct web_lsg *u = web_lsg(p->w, lsg);
        if (!u || strcmp(u->entity, f->entity) != 0)
            return false;
    }
    if (f->status && strcmp(text_of(r, "status"), f->status) != 0)
        return false;
    if (f->scope && strcmp(text_of(r, "scope"), f->scope) != 0)
        return false;
    if (f->year) {
        int64_t from = int_of(r, "start_year"), to = int_of(r, "end_year");
        if (!from || from > f->year || (to && to < f->year))
            return false;
    }
    return true;
}

static void keep(struct matches *x, const char *id, const char *snippet)
{
    if (x->n == x->cap) {
        x->cap = x->cap ? 2 * x->cap : 64;
        x->m = sync_xrealloc(x->m, x->cap * sizeof(*x->m));
    }
    struct match *m = &x->m[x->n++];
    snprintf(m->id, sizeof(m->id), "%s", id);
    m->snippet = snippet ? sync_xstrdup(snippet) : NULL;
}

static enum sync_rc on_row(const struct sync_record *r, void *payload)
{
    struct matches *x = payload;
    if (x->n >= WEB_LIST_MAX) {
        x->more = true;
        return SYNC_TOOBIG;
    }
    if (passes(x->p, x->f, r))
        keep(x, text_of(r, "id"), NULL);
    return SYNC_OK;
}

static enum sync_rc on_hit(const struct sync_hit *h, void *payload)
{
    struct matches *x = payload;
    struct sync_record r;
    struct sync_err err;
    sync_record_init(&r);
    if (!sync_engine_get(x->p->w->e, "practice", h->id, &r, &err) &&
        passes(x->p, x->f, &r))
        keep(x, h->id, h->snippet);
    sync_record_release(&r);
    return SYNC_OK;
}

static void matches_release(struct matches *x)
{
    for (size_t i = 0; i < x->n; i++)
        free(x->m[i].snippet);
    free(x->m);
}

/* Collects the matches, best hits or newest first. */
static enum sync_rc find(struct web_page *p, struct matches *x,
                         struct sync_err *err)
{
    if (x->f->q) {
        struct sync_search_opts o = {.table = "practice",
                                     .limit = SYNC_LIMIT_SEARCH_HITS,
                                     .mark_open = "\x01",
                                     .mark_close = "\x02"};
        return sync_read_search(p->w->e, x->f->q, &o, on_hit, x, err);
    }
    enum sync_rc rc = sync_engine_list(p->w->e, "practice", on_row, x, err);
    if (rc == SYNC_TOOBIG && x->more)
        rc = SYNC_OK;
    /* Ids are UUIDv7, so id order is the order of creation. */
    for (size_t i = 0; !rc && i < x->n / 2; i++) {
        struct match t = x->m[i];
        x->m[i] = x->m[x->n - 1 - i];
        x->m[x->n - 1 - i] = t;
    }
    return rc;
}

/* ---- the list ---- */

static void select_enum(struct web_page *p, const char *name,
                        enum web_word label, const struct sync_enum *dom,
                        const char *cur)
{
    web_html(p, "<label>%s<select name=\"%s\"><option value=\"\">%s</option>",
             web_t(p, label), name, web_t(p, W_ALL));
    for (size_t i = 0; dom && i < dom->n; i++) {
        web_option(p, dom->values[i], web_enum_label(p, dom, dom->values[i]),
                   cur && strcmp(cur, dom->values[i]) == 0);
    }
    web_raw(p, "</select></label>\n");
}

static void filter_form(struct web_page *p, const struct filt *f)
{
    const struct sync_schema *s = sync_engine_schema(p->w->e);
    static const char *const entities[] = {"FBiH", "RS", "BD"};
    web_raw(p, "<form class=\"filters\" method=\"get\" action=\"/practices\" "
               "role=\"search\">");
    web_html(p,
             "<label>%s<input type=\"search\" name=\"q\" id=\"q\" "
             "placeholder=\"%s\" value=\"",
             web_t(p, W_SEARCH), web_t(p, W_SEARCH_HINT));
    web_esc(p, f->q);
    web_raw(p, "\"></label>\n");
    select_enum(p, "sector", W_SECTOR, sync_schema_enum(s, "sector"),
                f->sector);
    web_html(p, "<label>%s<select name=\"lsg\"><option value=\"\">%s</option>",
             web_t(p, W_MUNICIPALITY), web_t(p, W_ALL));
    for (size_t i = 0; i < p->w->n_lsg; i++) {
        const struct web_lsg *u = &p->w->lsg[i];
        web_option(p, u->id, p->sr ? u->name_cyr : u->name_lat,
                   f->lsg && strcmp(f->lsg, u->id) == 0);
    }
    web_html(p,
             "</select></label>\n<label>%s<select name=\"entity\">"
             "<option value=\"\">%s</option>",
             web_t(p, W_ENTITY), web_t(p, W_ALL));
    for (size_t i = 0; i < 3; i++)
        web_option(p, entities[i], web_entity_label(p, entities[i]),
                   f->entity && strcmp(f->entity, entities[i]) == 0);
    web_raw(p, "</select></label>\n");
    select_enum(p, "status", W_STATUS, sync_schema_enum(s, "practice_status"),
                f->status);
    web_html(p,
             "<label>%s<input type=\"number\" name=\"year\" min=\"%d\" "
             "max=\"%d\" value=\"",
             web_t(p, W_YEAR), FIRST_YEAR, LAST_YEAR);
    if (f->year)
        web_html(p, "%lld", (long long)f->year);
    web_raw(p, "\"></label>\n");
    select_enum(p, "scope", W_SCOPE, sync_schema_enum(s, "scope"), f->scope);
    web_html(p, "<button class=\"primary\">%s</button></form>\n",
             web_t(p, W_FILTER));
}

/* A link to another page of the same list. */
static void page_link(struct web_page *p, int64_t page, enum web_word w)
{
    static const char *const keys[] = {"q",      "sector", "lsg",  "entity",
                                       "status", "year",   "scope"};
    web_raw(p, "<a href=\"/practices?");
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        const char *v = web_query(p, keys[i]);
        if (!v)
            continue;
        web_html(p, "%s=", keys[i]);
        web_url(p, v);
        web_raw(p, "&amp;");
    }
    web_html(p, "page=%lld\" rel=\"%s\">%s</a>", (long long)page,
             w == W_NEXT ? "next" : "prev", web_t(p, w));
}

static void hit_item(struct web_page *p, const struct match *m)
{
    struct sync_record r;
    struct sync_err err;
    const struct sync_tdef *t =
        sync_schema_table(sync_engine_schema(p->w->e), "practice");
    sync_record_init(&r);
    if (sync_engine_get(p->w->e, "practice", m->id, &r, &err)) {
        sync_record_release(&r);
        return;
    }
    web_raw(p, "<li><a class=\"title\" href=\"/practices/");
    web_esc(p, m->id);
    web_raw(p, "\">");
    web_esc(p, text_of(&r, "title"));
    web_raw(p, "</a><div class=\"meta\">");
    /* The municipality as the filter names it (Cyrillic in Serbian). */
    const struct web_lsg *u = web_lsg(p->w, text_of(&r, "owner_lsg"));
    web_esc(p, !u ? text_of(&r, "owner") : p->sr ? u->name_cyr : u->name_lat);
    web_raw(p, " · ");
    web_value(p, sync_schema_field(t, "status"), &r);
    if (int_of(&r, "start_year"))
        web_html(p, " · %lld", (long long)int_of(&r, "start_year"));
    if (sync_record_get(&r, "sectors")) {
        web_raw(p, " · ");
        web_value(p, sync_schema_field(t, "sectors"), &r);
    }
    web_raw(p, "</div><p>");
    if (m->snippet)
        web_marked(p, m->snippet);
    else
        web_esc(p, text_of(&r, "summary"));
    web_raw(p, "</p></li>\n");
    sync_record_release(&r);
}

void web_practices(struct web_page *p)
{
    struct filt f = {.q = web_query(p, "q"),
                     .sector = web_query(p, "sector"),
                     .lsg = web_query(p, "lsg"),
                     .entity = web_query(p, "entity"),
                     .status = web_query(p, "status"),
                     .scope = web_query(p, "scope")};
    int64_t page = 1;
    const char *y = web_query(p, "year"), *pg = web_query(p, "page");
    if ((y && (sync_parse_i64(&f.year, y, NULL) || f.year < FIRST_YEAR ||
               f.year > LAST_YEAR)) ||
        (pg && (sync_parse_i64(&page, pg, NULL) || page < 1 ||
                page > WEB_LIST_MAX))) {
        web_error(p, 400, web_t(p, W_BAD_NUMBERS));
        return;
    }
    struct matches x = {.p = p, .f = &f};
    struct sync_err err;
    sync_err_init(&err);
    enum sync_rc rc = find(p, &x, &err);
    web_begin(p, web_t(p, W_PRACTICES));
    if (web_can(p, "editor"))
        web_html(p,
                 "<p class=\"noprint\"><a href=\"/practices/new\" "
                 "id=\"add\">%s</a></p>",
                 web_t(p, W_ADD_PRACTICE));
    filter_form(p, &f);
    if (rc) {
        /* A query with no words, or too long: say so, keep the form. */
        web_raw(p, "<p class=\"error\" role=\"alert\">");
        web_esc(p, err.msg);
        web_raw(p, "</p>");
        p->r->status = rc == SYNC_INVALID || rc == SYNC_TOOBIG ? 400 : 500;
    }
    size_t pages = (x.n + WEB_PAGE_SIZE - 1) / WEB_PAGE_SIZE;
    size_t from = (size_t)(page - 1) * WEB_PAGE_SIZE;
    /* One form for 1, 21, 31 ... (not 11), and one for the rest. */
    bool one =
        !x.more && x.n % 10 == 1 && x.n % 100 != 11 && (x.n == 1 || !p->en);
    web_html(p, "<p id=\"count\">%zu%s %s</p>\n", x.n, x.more ? "+" : "",
             web_t(p, one ? W_RESULT : W_RESULTS));
    if (!x.n && !rc)
        web_html(p, "<p>%s</p>", web_t(p, W_NO_RESULTS));
    web_raw(p, "<ol class=\"hits\">\n");
    for (size_t i = from; i < x.n && i < from + WEB_PAGE_SIZE; i++)
        hit_item(p, &x.m[i]);
    web_raw(p, "</ol>\n");
    if (pages > 1) {
        web_raw(p, "<nav class=\"pager\">");
        if (page > 1)
            page_link(p, page - 1, W_PREV);
        web_html(p, "<span>%s %lld %s %zu</span>", web_t(p, W_PAGE),
                 (long long)page, web_t(p, W_OF), pages);
        if ((size_t)page < pages)
            page_link(p, page + 1, W_NEXT);
        web_raw(p, "</nav>");
    }
    web_end(p);
    matches_release(&x);
}

/* ---- one practice ---- */

struct origin {
    bool any;                        /* an entry was found */
    uint8_t author[SYNC_SIG_PK_LEN]; /* author of the first entry */
    int64_t first, last;             /* when the first and last arrived */
};

static enum sync_rc on_entry(const struct sync_stored *s, void *payload)
{
    struct origin *o = payload;
    if (!o->any) {
        memcpy(o->author, s->author, SYNC_SIG_PK_LEN);
        o->first = s->arrived;
    }
    o->any = true;
    o->last = s->arrived;
    return SYNC_OK;
}

/* When the practice arrived, from which node, through which hub. */
static void provenance(struct web_page *p, const char *id)
{
    struct origin o = {0};
    struct sync_member m, hub;
    struct sync_err err;
    char when[32];
    struct sync_engine *e = p->w->e;
    sync_err_init(&err);
    if (sync_read_history(e, "practice", id, on_entry, &o, &err) || !o.any)
        return;
    web_time(when, o.first);
    web_kv_row(p, web_t(p, W_ARRIVED), when);
    if (o.last != o.first) {
        web_time(when, o.last);
        web_kv_row(p, web_t(p, W_UPDATED), when);
    }
    if (memcmp(o.author, sync_engine_self(p->w->e), SYNC_SIG_PK_LEN) == 0) {
        web_kv_row(p, web_t(p, W_AUTHOR_NODE), web_t(p, W_WRITTEN_HERE));
        return;
    }
    if (sync_read_member(e, o.author, &m, &err))
        return;
    char who[SYNC_LIMIT_ORG_NAME + 80];
    snprintf(who, sizeof(who), "%s (%s)", m.name[0] ? m.name : "?", m.org);
    web_kv_row(p, web_t(p, W_AUTHOR_NODE), who);
    /* The hubs it came through: those that vouched for the author, up to
     * this node's own hub (a root here), in the order it travelled. */
    struct sync_buf path;
    sync_buf_init(&path, 4096);
    bool more = m.has_writer;
    uint8_t at[SYNC_SIG_PK_LEN];
    memcpy(at, m.writer, sizeof(at));
    for (int i = 0; more && i < SYNC_LIMIT_TRUST_DEPTH; i++) {
        if (sync_read_member(e, at, &hub, &err))
            break;
        if ((path.len && sync_buf_adds(&path, " → ")) ||
            sync_buf_adds(&path, hub.org))
            break;
        more = hub.has_writer;
        memcpy(at, hub.writer, sizeof(at));
    }
    if (path.len)
        web_kv_row(p, web_t(p, W_THROUGH), path.buf);
    sync_buf_release(&path);
}

struct ind_walk {
    struct web_page *p;
    const char *practice;
    size_t n;
};

static enum sync_rc on_indicator(const struct sync_record *r, void *payload)
{
    struct ind_walk *w = payload;
    static const char *const cols[] = {"name", "unit", "baseline", "target",
                                       "achieved"};
    if (strcmp(text_of(r, "practice_id"), w->practice) != 0)
        return SYNC_OK;
    if (!w->n++)
        web_html(w->p,
                 "<h2>%s</h2><table id=\"indicators\"><tr><th>%s</th>"
                 "<th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>\n",
                 web_t(w->p, W_INDICATORS), web_t(w->p, W_INDICATOR),
                 web_t(w->p, W_UNIT), web_t(w->p, W_BASELINE),
                 web_t(w->p, W_TARGET), web_t(w->p, W_ACHIEVED));
    web_raw(w->p, "<tr>");
    for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
        web_raw(w->p, "<td>");
        web_esc(w->p, text_of(r, cols[i]));
        web_raw(w->p, "</td>");
    }
    web_raw(w->p, "</tr>\n");
    return SYNC_OK;
}

void web_practice(struct web_page *p, const char *id)
{
    struct sync_record r;
    struct sync_err err;
    const struct sync_schema *s = sync_engine_schema(p->w->e);
    const struct sync_tdef *t = sync_schema_table(s, "practice");
    sync_record_init(&r);
    if (sync_engine_get(p->w->e, "practice", id, &r, &err) ||
        int_of(&r, "_deleted")) {
        sync_record_release(&r);
        web_error(p, 404, web_t(p, W_NOT_FOUND));
        return;
    }
    web_begin(p, text_of(&r, "title"));
    bool own = strcmp(text_of(&r, "owner"), sync_engine_org(p->w->e)) == 0;
    if (own && web_can(p, "editor")) {
        web_raw(p, "<p class=\"noprint\"><a id=\"edit\" href=\"/practices/");
        web_esc(p, id);
        web_html(p, "/edit\">%s</a></p>", web_t(p, W_EDIT));
    }
    web_raw(p, "<table class=\"kv\" id=\"practice\">\n");
    web_kv_row(p, web_t(p, W_OWNER), text_of(&r, "owner"));
    const struct web_lsg *u = web_lsg(p->w, text_of(&r, "owner_lsg"));
    if (u) {
        char where[160];
        snprintf(where, sizeof(where), "%s / %s (%s)", u->name_lat, u->name_cyr,
                 web_entity_label(p, u->entity));
        web_kv_row(p, web_t(p, W_OWNER_LSG), where);
    }
    web_kv_row(
        p, web_t(p, W_SCOPE),
        web_enum_label(p, sync_schema_enum(s, "scope"), text_of(&r, "scope")));
    for (size_t i = 0; i < t->n; i++) {
        const struct sync_fdef *f = &t->f[i];
        const struct sync_rfield *v = sync_record_get(&r, f->name);
        if (!v || v->v.kind == SYNC_V_NULL || strcmp(f->name, "owner_lsg") == 0)
            continue;
        web_raw(p, "<tr><th>");
        web_esc(p, web_field_label(p, "practice", f->name));
        web_raw(p, "</th><td>");
        web_value(p, f, &r);
        web_raw(p, "</td></tr>\n");
    }
    char when[32];
    web_time(when, int_of(&r, "created_at"));
    web_kv_row(p, web_t(p, W_CREATED), when);
    provenance(p, id);
    web_raw(p, "</table>\n");
    web_row_conflicts(p, "practice", id);
    web_practice_reviews(p, id);
    struct ind_walk w = {.p = p, .practice = id};
    const struct sync_tdef *it = sync_schema_table(s, "practice_indicator");
    if (it && !sync_engine_list(p->w->e, it->name, on_indicator, &w, &err) &&
        w.n)
        web_raw(p, "</table>\n");
    web_html(p, "<p class=\"noprint\"><a href=\"/practices\">%s</a></p>",
             web_t(p, W_BACK));
    web_end(p);
    sync_record_release(&r);
}

/* ---- the form ---- */

static void form_page(struct web_page *p, const char *id,
                      const struct sync_record *cur, bool posted,
                      const struct web_form_err *fe)
{
    const struct sync_schema *s = sync_engine_schema(p->w->e);
    const struct sync_tdef *t = sync_schema_table(s, "practice");
    struct sync_buf v;
    web_begin(p, id ? web_t(p, W_EDIT) : web_t(p, W_ADD_PRACTICE));
    if (fe) {
        web_html(p, "<p class=\"error\" role=\"alert\" id=\"form-error\">%s ",
                 web_t(p, W_FIELDS_BAD));
        web_esc(p, fe->msg);
        web_raw(p, "</p>\n");
    }
    web_raw(p, "<form class=\"edit\" method=\"post\" action=\"/practices/");
    web_esc(p, id ? id : "new");
    web_html(p, "%s\">\n", id ? "/edit" : "");
    web_csrf_field(p);
    for (size_t i = 0; i < t->n; i++) {
        /* Room for anything the form limit lets in: nothing typed is
         * lost when the form comes back with an error. */
        sync_buf_init(&v, WEB_FORM_MAX);
        if (web_form_value(p, &t->f[i], cur, posted, &v))
            sync_buf_reset(&v);
        web_input(p, "practice", &t->f[i], v.buf,
                  fe && strcmp(fe->field, t->f[i].name) == 0);
        sync_buf_release(&v);
    }
    /* Sharing: a new practice starts shared with the hub. */
    struct sync_fdef scope = {.name = "scope",
                              .type = SYNC_F_ENUM,
                              .dom = sync_schema_enum(s, "scope")};
    const char *sv = posted ? web_form(p, "scope")
                     : cur  ? text_of(cur, "scope")
                            : "hub";
    web_input(p, "practice", &scope, sv ? sv : "",
              fe && strcmp(fe->field, "scope") == 0);
    web_html(p,
             "<p><button class=\"primary\" id=\"save\">%s</button></p>"
             "</form>\n",
             web_t(p, W_SAVE));
    web_end(p);
}

void web_practice_form(struct web_page *p, const char *id)
{
    struct sync_record cur, set;
    struct sync_err err;
    char new_id[SYNC_UUID_TEXT];
    struct web_form_err fe = {0};
    const struct sync_tdef *t =
        sync_schema_table(sync_engine_schema(p->w->e), "practice");
    if (!web_allow(p, "editor"))
        return;
    sync_record_init(&cur);
    sync_record_init(&set);
    sync_err_init(&err);
    if (id && (sync_engine_get(p->w->e, "practice", id, &cur, &err) ||
               int_of(&cur, "_deleted"))) {
        web_error(p, 404, web_t(p, W_NOT_FOUND));
    } else if (id &&
               strcmp(text_of(&cur, "owner"), sync_engine_org(p->w->e)) != 0) {
        web_error(p, 403, web_t(p, W_FORBIDDEN));
    } else if (strcmp(p->q->method, "POST") != 0) {
        form_page(p, id, id ? &cur : NULL, false, NULL);
    } else if (web_read_form(p, t, id ? &cur : NULL, &set, &fe)) {
        p->r->status = 400;
        form_page(p, id, NULL, true, &fe);
    } else if (sync_engine_put(p->w->e, "practice", id, &set, new_id, &err)) {
        /* What the schema does not say (the rules of sharing). */
        web_write_error(p, t, err.msg, &fe);
        p->r->status = 400;
        form_page(p, id, NULL, true, &fe);
    } else {
        char to[128];
        snprintf(to, sizeof(to), "/practices/%s", id ? id : new_id);
        node_log(p->w->ctx, NODE_INFO, "web: practice %s %s", id ? id : new_id,
                 id ? "changed" : "added");
        web_redirect_done(p, to, WEB_DONE_SAVED);
    }
    sync_record_release(&cur);
    sync_record_release(&set);
}
