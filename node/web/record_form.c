/* SPDX-License-Identifier: MIT */
/*
 * record_form: adding, editing and deleting this node's own rows of the
 * diaspora tables (organisations, services, events, needs, persons), in
 * forms drawn from the schema. Every value is checked by the library, as
 * 'spona put' checks it (web_read_form, sync_engine_put); a row of
 * another organisation is never offered for editing and is refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spona/buf.h"
#include "spona/entry.h"
#include "spona/uuid.h"
#include "web/web.h"

#include "spona/banned.h"

/* The tables with forms, and whether a row may be deleted (a person is
 * erased instead, by an admin: web_person_erase). */
static const struct {
    const char *table;
    bool deletable;
} tables[] = {
    {"organisation", true}, {"service", true}, {"event", true},
    {"need", true},         {"person", false},
};

static int table_index(const char *table)
{
    for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
        if (strcmp(tables[i].table, table) == 0)
            return (int)i;
    return -1;
}

bool web_table_editable(const char *table)
{
    return table_index(table) >= 0;
}

bool web_table_deletable(const char *table)
{
    int k = table_index(table);
    return k >= 0 && tables[k].deletable;
}

bool web_row_is_own(const struct web_page *p, const struct sync_record *r)
{
    const char *owner = sync_record_text(r, "owner");
    return owner && strcmp(owner, sync_engine_org(p->w->e)) == 0;
}

bool web_load_own(struct web_page *p, const char *table, const char *id,
                  struct sync_record *cur)
{
    struct sync_err err;
    const struct sync_rfield *del = NULL;
    if (sync_engine_get(p->w->e, table, id, cur, &err) ||
        ((del = sync_record_get(cur, "_deleted")) && del->v.i)) {
        web_error(p, 404, web_t(p, W_NOT_FOUND));
        return false;
    }
    if (!web_row_is_own(p, cur)) {
        web_error(p, 403, web_t(p, W_FORBIDDEN));
        return false;
    }
    return true;
}

/* The error of a form, above it. */
static void form_error(struct web_page *p, const struct web_form_err *fe)
{
    if (!fe)
        return;
    web_html(p, "<p class=\"error\" role=\"alert\" id=\"form-error\">%s ",
             web_t(p, W_FIELDS_BAD));
    web_esc(p, fe->msg);
    web_raw(p, "</p>\n");
}

void web_form_fields(struct web_page *p, const struct sync_tdef *t,
                     const struct sync_record *cur, bool posted,
                     const struct web_form_err *fe, const char *skip)
{
    struct sync_buf v;
    for (size_t i = 0; i < t->n; i++) {
        const struct sync_fdef *f = &t->f[i];
        if (skip && strcmp(f->name, skip) == 0)
            continue;
        /* Room for anything the form limit lets in: nothing typed is
         * lost when the form comes back with an error. */
        sync_buf_init(&v, WEB_FORM_MAX);
        if (web_form_value(p, f, cur, posted, &v))
            sync_buf_reset(&v);
        web_input(p, t->name, f, v.buf, fe && strcmp(fe->field, f->name) == 0);
        sync_buf_release(&v);
    }
}

static void form_page(struct web_page *p, const struct sync_tdef *t,
                      const char *id, const struct sync_record *cur,
                      bool posted, const struct web_form_err *fe)
{
    const struct sync_schema *s = sync_engine_schema(p->w->e);
    char title[160];
    snprintf(title, sizeof(title), "%s: %s", web_t(p, id ? W_EDIT : W_ADD),
             web_table_label(p, t->name));
    web_begin(p, title);
    form_error(p, fe);
    web_html(p, "<form class=\"edit\" method=\"post\" action=\"/t/%s/",
             t->name);
    web_esc(p, id ? id : "new");
    web_html(p, "%s\">\n", id ? "/edit" : "");
    web_csrf_field(p);
    web_form_fields(p, t, cur, posted, fe, NULL);
    /* Sharing: a new row starts with the table's default. */
    struct sync_fdef scope = {.name = "scope",
                              .type = SYNC_F_ENUM,
                              .dom = sync_schema_enum(s, "scope")};
    const char *sv = posted ? web_form(p, "scope")
                     : cur
                         ? sync_record_text(cur, "scope")
                         : sync_scope_name(sync_engine_default_scope(t->name));
    web_input(p, t->name, &scope, sv ? sv : "",
              fe && strcmp(fe->field, "scope") == 0);
    web_html(p, "<p><button class=\"primary\" id=\"save\">%s</button> ",
             web_t(p, W_SAVE));
    web_html(p, "<a id=\"cancel\" href=\"/t/%s", t->name);
    if (id) {
        web_raw(p, "/");
        web_esc(p, id);
    }
    web_html(p, "\">%s</a></p></form>\n", web_t(p, W_CANCEL));
    web_end(p);
}

void web_record_form(struct web_page *p, const char *table, const char *id)
{
    struct sync_record cur, set;
    struct sync_err err;
    char new_id[SYNC_UUID_TEXT];
    struct web_form_err fe = {0};
    const struct sync_tdef *t =
        web_table_editable(table)
            ? sync_schema_table(sync_engine_schema(p->w->e), table)
            : NULL;
    if (!t) {
        web_error(p, 404, web_t(p, W_NOT_FOUND));
        return;
    }
    if (!web_allow(p, "editor"))
        return;
    sync_record_init(&cur);
    sync_record_init(&set);
    sync_err_init(&err);
    if (id && !web_load_own(p, table, id, &cur)) {
        /* answered */
    } else if (strcmp(p->q->method, "POST") != 0) {
        form_page(p, t, id, id ? &cur : NULL, false, NULL);
    } else if (web_read_form(p, t, id ? &cur : NULL, &set, &fe)) {
        p->r->status = 400;
        form_page(p, t, id, NULL, true, &fe);
    } else if (sync_engine_put(p->w->e, table, id, &set, new_id, &err)) {
        /* What the schema does not say (the rules of sharing). */
        web_write_error(p, t, err.msg, &fe);
        p->r->status = 400;
        form_page(p, t, id, NULL, true, &fe);
    } else {
        char to[160];
        snprintf(to, sizeof(to), "/t/%s/%s", table, id ? id : new_id);
        node_log(p->w->ctx, NODE_INFO, "web: %s %s %s", table, id ? id : new_id,
                 id ? "changed" : "added");
        web_redirect_done(p, to, WEB_DONE_SAVED);
    }
    sync_record_release(&cur);
    sync_record_release(&set);
}

void web_row_fields(struct web_page *p, const struct sync_tdef *t,
                    const struct sync_record *r)
{
    web_raw(p, "<table class=\"kv\" id=\"row\">\n");
    for (size_t i = 0; i < t->n; i++) {
        if (!sync_record_get(r, t->f[i].name))
            continue;
        web_raw(p, "<tr><th>");
        web_esc(p, web_field_label(p, t->name, t->f[i].name));
        web_raw(p, "</th><td>");
        web_value(p, &t->f[i], r);
        web_raw(p, "</td></tr>\n");
    }
    web_raw(p, "</table>\n");
}

/* Asks before a deletion: what goes, and a form that deletes. */
static void delete_ask(struct web_page *p, const struct sync_tdef *t,
                       const char *id, const struct sync_record *cur)
{
    web_begin(p, web_t(p, W_DELETE_ASK));
    web_html(p, "<p id=\"delete-what\">%s</p>\n", web_t(p, W_DELETE_WHAT));
    web_row_fields(p, t, cur);
    web_html(p, "<form method=\"post\" action=\"/t/%s/", t->name);
    web_esc(p, id);
    web_raw(p, "/delete\">");
    web_csrf_field(p);
    web_html(p, "<p><button class=\"primary\" id=\"delete\">%s</button> ",
             web_t(p, W_DELETE));
    web_html(p, "<a id=\"cancel\" href=\"/t/%s/", t->name);
    web_esc(p, id);
    web_html(p, "\">%s</a></p></form>\n", web_t(p, W_CANCEL));
    web_end(p);
}

void web_record_delete(struct web_page *p, const char *table, const char *id)
{
    struct sync_record cur;
    struct sync_err err;
    const struct sync_tdef *t =
        web_table_deletable(table)
            ? sync_schema_table(sync_engine_schema(p->w->e), table)
            : NULL;
    if (!t) {
        web_error(p, 404, web_t(p, W_NOT_FOUND));
        return;
    }
    if (!web_allow(p, "editor"))
        return;
    sync_record_init(&cur);
    sync_err_init(&err);
    if (!web_load_own(p, table, id, &cur)) {
        /* answered */
    } else if (strcmp(p->q->method, "POST") != 0) {
        delete_ask(p, t, id, &cur);
    } else if (sync_engine_delete(p->w->e, table, id, &err)) {
        web_error(p, err.rc == SYNC_CONFLICT ? 409 : 400, err.msg);
    } else {
        char to[64];
        snprintf(to, sizeof(to), "/t/%s", table);
        node_log(p->w->ctx, NODE_INFO, "web: %s %s deleted", table, id);
        web_redirect_done(p, to, WEB_DONE_DELETED);
    }
    sync_record_release(&cur);
}
