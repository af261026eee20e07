/* SPDX-License-Identifier: MIT */
/*
 * conflict: fields in conflict on the pages: the versions side by side
 * (on the sync page and on a practice's page), each with "keep this one"
 * for editors of the owner, a page that asks before a version is kept
 * (the others are dropped on every node), and the POST that keeps it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spona/mem.h"
#include "web/web.h"

#include "spona/banned.h"

#define CONFLICTS_SHOWN 200 /* conflicts on the page */

struct walk {
    struct web_page *p;
    size_t n;
    const char *back; /* the page a link returns to, or NULL: the sync page */
};

static void hex_id(char out[2 * SYNC_HASH_LEN + 1], const uint8_t *id)
{
    sync_hex_encode(out, 2 * SYNC_HASH_LEN + 1, id, SYNC_HASH_LEN);
}

/* Text of a value for showing: numbers as numbers. */
static const char *value_text(const struct sync_value *v, char *tmp,
                              size_t size)
{
    if (v->kind == SYNC_V_INT) {
        snprintf(tmp, size, "%lld", (long long)v->i);
        return tmp;
    }
    return v->kind == SYNC_V_TEXT ? v->s : "";
}

/* A "keep this one" link to the page that asks first (GET /resolve),
 * naming field of the row, version v and the page to go back to. */
static void keep_link(struct web_page *p, const struct sync_conflict *c,
                      const struct sync_loser *v, const char *back)
{
    char ver[SYNC_B64_SIZE(SYNC_HASH_LEN)];
    sync_b64_encode(ver, sizeof(ver), v->id, SYNC_HASH_LEN);
    web_raw(p, " <a class=\"keep noprint\" href=\"/resolve?table=");
    web_url(p, c->table);
    web_raw(p, "&amp;id=");
    web_url(p, c->row_id);
    web_raw(p, "&amp;field=");
    web_url(p, c->field);
    web_raw(p, "&amp;keep=");
    web_url(p, ver);
    web_raw(p, "&amp;back=");
    web_url(p, back);
    web_html(p, "\">%s</a>", web_t(p, W_KEEP_THIS));
}

/* Whether this page's user may resolve conflicts of the row: an editor
 * of a node of the organisation that owns it. */
static bool may_resolve(struct web_page *p, const struct sync_conflict *c)
{
    struct sync_record r;
    struct sync_err err;
    bool own = false;
    if (!web_can(p, "editor"))
        return false;
    sync_record_init(&r);
    if (!sync_engine_get(p->w->e, c->table, c->row_id, &r, &err)) {
        const char *owner = sync_record_text(&r, "owner");
        own = owner && strcmp(owner, sync_engine_org(p->w->e)) == 0;
    }
    sync_record_release(&r);
    return own;
}

/* A version's value, with labels for codes. */
static void version_value(struct web_page *p, const struct sync_conflict *c,
                          const struct sync_loser *v)
{
    const struct sync_tdef *t =
        sync_schema_table(sync_engine_schema(p->w->e), c->table);
    const struct sync_fdef *f = t ? sync_schema_field(t, c->field) : NULL;
    char tmp[32];
    if (f && f->type == SYNC_F_ENUM && v->v.kind == SYNC_V_TEXT) {
        struct sync_record r;
        sync_record_init(&r);
        sync_record_set(&r, f->name, &v->v);
        web_value(p, f, &r);
        sync_record_release(&r);
    } else {
        web_esc(p, value_text(&v->v, tmp, sizeof(tmp)));
    }
}

/* One cell: a version's value, with its link when allowed. */
static void version_cell(struct web_page *p, const struct sync_conflict *c,
                         const struct sync_loser *v, bool can, const char *back)
{
    web_raw(p, "<td>");
    version_value(p, c, v);
    if (can)
        keep_link(p, c, v, back);
    web_raw(p, "</td>");
}

/* Whether the pages have a page for rows of table. */
static bool has_page(const char *table)
{
    static const char *const listed[] = {"practice", "person", "organisation",
                                         "service",  "event",  "need"};
    for (size_t i = 0; i < sizeof(listed) / sizeof(listed[0]); i++)
        if (strcmp(table, listed[i]) == 0)
            return true;
    return false;
}

/* The path of the page of row id of table into out, or false when the
 * pages have none (or it does not fit). */
static bool row_path(char *out, size_t size, const char *table, const char *id)
{
    if (!has_page(table) || strspn(id, "0123456789abcdef-") != strlen(id))
        return false;
    int n = strcmp(table, "practice") == 0
                ? snprintf(out, size, "/practices/%s", id)
                : snprintf(out, size, "/t/%s/%s", table, id);
    return n > 0 && (size_t)n < size;
}

/* A row named by its table's label, linked to its page when the pages
 * have one. */
static void row_link(struct web_page *p, const char *table, const char *id)
{
    bool practice = strcmp(table, "practice") == 0;
    if (!has_page(table)) {
        web_html(p, "%s <code>%.8s</code>", web_table_label(p, table), id);
        return;
    }
    web_html(p, "<a href=\"%s", practice ? "/practices/" : "/t/");
    if (!practice)
        web_html(p, "%s/", table);
    web_url(p, id);
    web_html(p, "\">%s</a> <code>%.8s</code>", web_table_label(p, table), id);
}

static enum sync_rc conflict_row(const struct sync_conflict *c, void *payload)
{
    struct walk *w = payload;
    struct web_page *p = w->p;
    char id[2 * SYNC_HASH_LEN + 1];
    /* Personal data only for those who may see persons. */
    bool personal =
        strcmp(c->table, "person") == 0 || strcmp(c->table, "consent") == 0;
    if (w->n >= CONFLICTS_SHOWN || (personal && !web_can(p, "editor")))
        return SYNC_OK;
    const char *back = w->back ? w->back : "sync";
    if (!w->n && w->back)
        web_html(p, "<h2>%s</h2>\n", web_t(p, W_CONFLICTS));
    if (!w->n++)
        web_html(p,
                 "<table id=\"conflicts\"><tr><th>%s</th><th>%s</th>"
                 "<th>%s</th><th>%s</th><th>%s</th></tr>\n",
                 web_t(p, W_ROW), web_t(p, W_FIELD), web_t(p, W_CURRENT),
                 web_t(p, W_LOST), web_t(p, W_KEY));
    bool can = may_resolve(p, c);
    hex_id(id, c->loser.id);
    web_raw(p, "<tr><td>");
    row_link(p, c->table, c->row_id);
    web_raw(p, "</td><td>");
    web_esc(p, web_field_label(p, c->table, c->field));
    web_raw(p, "</td>");
    if (c->has_winner)
        version_cell(p, c, &c->winner, can, back);
    else
        web_raw(p, "<td></td>");
    version_cell(p, c, &c->loser, can, back);
    web_html(p, "<td><code>%.16s</code></td></tr>\n", id);
    return SYNC_OK;
}

size_t web_sync_conflicts(struct web_page *p)
{
    struct walk w = {.p = p};
    struct sync_err err;
    sync_err_init(&err);
    if (sync_read_conflicts(p->w->e, conflict_row, &w, &err))
        web_esc(p, err.msg);
    return w.n;
}

void web_row_conflicts(struct web_page *p, const char *table, const char *id)
{
    struct walk w = {.p = p, .back = "practice"};
    struct sync_err err;
    sync_err_init(&err);
    web_raw(p, "<div id=\"row-conflicts\">");
    if (sync_read_row_conflicts(p->w->e, table, id, conflict_row, &w, &err))
        web_esc(p, err.msg);
    if (w.n)
        web_raw(p, "</table>");
    web_raw(p, "</div>\n");
}

/* The versions of one field of a row, for the asking page. */
struct ask {
    struct web_page *p;
    const char *field;
    const char *keep; /* the version kept, base64 */
    bool found;       /* keep is a version of the field */
    bool render;      /* second walk: write the rows */
    bool can;         /* the visitor may resolve the row */
    bool winner_done; /* the current value is written (each conflict of
                         the field repeats it) */
};

/* One version: "kept" or "dropped", with its value. */
static void ask_version(struct ask *a, const struct sync_conflict *c,
                        const struct sync_loser *v)
{
    char ver[SYNC_B64_SIZE(SYNC_HASH_LEN)];
    sync_b64_encode(ver, sizeof(ver), v->id, SYNC_HASH_LEN);
    bool kept = strcmp(ver, a->keep) == 0;
    if (!a->render) {
        a->found |= kept;
        return;
    }
    web_html(a->p, "<tr class=\"%s\"><th>%s</th><td>",
             kept ? "kept" : "dropped", web_t(a->p, kept ? W_KEPT : W_DROPPED));
    version_value(a->p, c, v);
    web_raw(a->p, "</td></tr>\n");
}

static enum sync_rc ask_row(const struct sync_conflict *c, void *payload)
{
    struct ask *a = payload;
    if (strcmp(c->field, a->field) != 0)
        return SYNC_OK;
    if (!a->render)
        a->can = may_resolve(a->p, c);
    if (c->has_winner && !a->winner_done) {
        ask_version(a, c, &c->winner);
        a->winner_done = a->render;
    }
    ask_version(a, c, &c->loser);
    return SYNC_OK;
}

/* GET /resolve?table=&id=&field=&keep=&back=: what keeping the version
 * does, and the form (POST, with the token) that keeps it. */
void web_resolve_ask(struct web_page *p)
{
    struct sync_err err;
    const char *table = web_query(p, "table"), *id = web_query(p, "id");
    const char *field = web_query(p, "field"), *keep = web_query(p, "keep");
    const char *back = web_query(p, "back");
    struct ask a = {.p = p, .field = field, .keep = keep};
    if (!web_allow(p, "editor"))
        return;
    sync_err_init(&err);
    if (!table || !id || !field || !keep ||
        sync_read_row_conflicts(p->w->e, table, id, ask_row, &a, &err) ||
        !a.found) {
        web_error(p, 404, web_t(p, W_NOT_FOUND));
        return;
    }
    if (!a.can) {
        web_error(p, 403, web_t(p, W_FORBIDDEN));
        return;
    }
    web_begin(p, web_t(p, W_KEEP_ASK));
    web_raw(p, "<table class=\"kv\" id=\"resolve\">\n<tr><th>");
    web_esc(p, web_t(p, W_ROW));
    web_raw(p, "</th><td>");
    row_link(p, table, id);
    web_raw(p, "</td></tr>\n");
    web_kv_row(p, web_t(p, W_FIELD), web_field_label(p, table, field));
    a.render = true;
    if (sync_read_row_conflicts(p->w->e, table, id, ask_row, &a, &err))
        web_esc(p, err.msg);
    web_html(p, "</table>\n<p class=\"error\" id=\"resolve-what\">%s</p>\n",
             web_t(p, W_KEEP_WHAT));
    web_raw(p, "<form method=\"post\" action=\"/resolve\">");
    web_csrf_field(p);
    web_html(p,
             "<input type=\"hidden\" name=\"table\" value=\"%s\">"
             "<input type=\"hidden\" name=\"id\" value=\"%s\">"
             "<input type=\"hidden\" name=\"field\" value=\"%s\">"
             "<input type=\"hidden\" name=\"keep\" value=\"%s\">"
             "<input type=\"hidden\" name=\"back\" value=\"%s\">"
             "<p><button class=\"primary\" id=\"confirm\">%s</button> ",
             table, id, field, keep, back ? back : "", web_t(p, W_KEEP_THIS));
    /* back "practice": the page of the row (it began on practices). */
    char to[160] = "/sync";
    if (!back || strcmp(back, "practice") != 0 ||
        !row_path(to, sizeof(to), table, id))
        snprintf(to, sizeof(to), "/sync");
    web_raw(p, "<a id=\"cancel\" href=\"");
    web_esc(p, to);
    web_html(p, "\">%s</a></p></form>\n", web_t(p, W_CANCEL));
    web_end(p);
}

/* POST /resolve: keeps one version of a field in conflict. */
void web_resolve(struct web_page *p)
{
    struct sync_err err;
    const char *table = web_form(p, "table"), *id = web_form(p, "id");
    const char *field = web_form(p, "field"), *keep = web_form(p, "keep");
    const char *back = web_form(p, "back");
    if (!web_allow(p, "editor"))
        return;
    if (!table || !id || !field || !keep || !keep[0]) {
        web_error(p, 400, web_t(p, W_FIELDS_BAD));
        return;
    }
    sync_err_init(&err);
    if (sync_engine_resolve(p->w->e, table, id, field, keep, NULL, &err)) {
        web_error(p, err.rc == SYNC_NOTFOUND ? 404 : 400, err.msg);
        return;
    }
    node_log(p->w->ctx, NODE_INFO, "web: conflict on %s %s %s resolved", table,
             id, field);
    char to[160] = "/sync";
    if (!back || strcmp(back, "practice") != 0 ||
        !row_path(to, sizeof(to), table, id))
        snprintf(to, sizeof(to), "/sync");
    web_redirect_done(p, to, WEB_DONE_SAVED);
}
