/* SPDX-License-Identifier: MIT */
/*
 * web_records: the diaspora pages: the counts of persons (editors and
 * admins only; each person shown is written to the audit log by the
 * engine), organisations, services, events and needs, and their single
 * rows drawn from the schema description, with the links that change a
 * row of this node's own (the lists are list.c's).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spona/num.h"
#include "web/web.h"

#include "spona/banned.h"

/* The tables of the diaspora pages, with the role that may see them. */
static const struct {
    const char *table;
    enum web_word word;
    const char *role;
} tables[] = {
    {"person", W_PERSONS, "editor"},
    {"organisation", W_ORGANISATIONS, "viewer"},
    {"service", W_SERVICES, "viewer"},
    {"event", W_EVENTS, "viewer"},
    {"need", W_NEEDS, "viewer"},
};

static int table_index(const char *table)
{
    for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
        if (strcmp(tables[i].table, table) == 0)
            return (int)i;
    return -1;
}

static enum sync_rc add_count(const char *value, int64_t n, void *payload)
{
    (void)value;
    *(int64_t *)payload += n;
    return SYNC_OK;
}

void web_diaspora(struct web_page *p)
{
    struct sync_err err;
    if (!web_allow(p, "viewer"))
        return;
    web_begin(p, web_t(p, W_DIASPORA));
    web_raw(p, "<table><tr>");
    web_html(p, "<th>%s</th><th>%s</th></tr>\n", web_t(p, W_NAME),
             web_t(p, W_ROWS));
    for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
        const struct sync_tdef *t =
            sync_schema_table(sync_engine_schema(p->w->e), tables[i].table);
        int64_t n = 0;
        if (!t || !web_can(p, tables[i].role))
            continue;
        if (sync_read_count_by(p->w->e, t->name, "scope", add_count, &n, &err))
            n = -1;
        web_html(p, "<tr><td><a href=\"/t/%s\">%s</a></td><td>%lld</td></tr>\n",
                 tables[i].table, web_t(p, tables[i].word), (long long)n);
    }
    web_raw(p, "</table>\n");
    web_end(p);
}

/* Links to change row id of table, each for the roles that may. */
static void row_actions(struct web_page *p, const char *table, const char *id)
{
    if (!web_can(p, "editor"))
        return;
    web_html(p, "<p class=\"noprint actions\"><a id=\"edit\" href=\"/t/%s/",
             table);
    web_esc(p, id);
    web_html(p, "/edit\">%s</a>", web_t(p, W_EDIT));
    if (web_table_deletable(table)) {
        web_html(p, " <a id=\"delete\" href=\"/t/%s/", table);
        web_esc(p, id);
        web_html(p, "/delete\">%s</a>", web_t(p, W_DELETE));
    }
    if (strcmp(table, "person") == 0 && web_can(p, "admin")) {
        web_raw(p, " <a id=\"erase\" href=\"/t/person/");
        web_esc(p, id);
        web_html(p, "/erase\">%s</a>", web_t(p, W_ERASE));
    }
    web_raw(p, "</p>\n");
}

void web_row(struct web_page *p, const char *table, const char *id)
{
    int k = table_index(table);
    struct sync_record r;
    struct sync_err err;
    const struct sync_schema *s = sync_engine_schema(p->w->e);
    const struct sync_tdef *t = k < 0 ? NULL : sync_schema_table(s, table);
    if (!t) {
        web_error(p, 404, web_t(p, W_NOT_FOUND));
        return;
    }
    if (!web_allow(p, tables[k].role))
        return;
    sync_record_init(&r);
    const struct sync_rfield *del = NULL;
    if (sync_engine_get(p->w->e, table, id, &r, &err) ||
        ((del = sync_record_get(&r, "_deleted")) && del->v.i)) {
        sync_record_release(&r);
        web_error(p, 404, web_t(p, W_NOT_FOUND));
        return;
    }
    web_begin(p, web_t(p, tables[k].word));
    bool own = web_row_is_own(p, &r) && web_table_editable(table);
    if (own)
        row_actions(p, table, id);
    web_raw(p, "<table class=\"kv\" id=\"row\">\n");
    web_kv_row(p, web_t(p, W_OWNER), sync_record_text(&r, "owner"));
    web_kv_row(p, web_t(p, W_SCOPE),
               web_enum_label(p, sync_schema_enum(s, "scope"),
                              sync_record_text(&r, "scope")));
    for (size_t i = 0; i < t->n; i++) {
        if (!sync_record_get(&r, t->f[i].name))
            continue;
        web_raw(p, "<tr><th>");
        web_esc(p, web_field_label(p, t->name, t->f[i].name));
        web_raw(p, "</th><td>");
        web_value(p, &t->f[i], &r);
        web_raw(p, "</td></tr>\n");
    }
    web_raw(p, "</table>\n");
    /* A person's conflicts stay on the sync page: each version shown
     * there is audited once, as a conflict view. */
    if (strcmp(table, "person") != 0)
        web_row_conflicts(p, table, id);
    if (strcmp(table, "person") == 0) {
        web_person_consents(p, id, own);
        web_html(p, "<p class=\"note\">%s</p>", web_t(p, W_AUDIT_NOTE));
    }
    web_html(p, "<p class=\"noprint\"><a href=\"/t/%s\">%s</a></p>", table,
             web_t(p, W_BACK));
    web_end(p);
    sync_record_release(&r);
}
