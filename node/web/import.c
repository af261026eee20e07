/* SPDX-License-Identifier: MIT */
/*
 * web_import: a spreadsheet brought in from the pages (/import, editors):
 * the file goes to the library's importer (spona/import.h) as `spona
 * import` hands it, so the reading of headers and values, the checks and
 * the one transaction are the same; the page shows what it made of the
 * file, every problem of every line at once.
 */
#include <stdio.h>
#include <string.h>

#include "spona/import.h"
#include "web/web.h"

#include "spona/banned.h"

/* The tables a spreadsheet may fill, in the order offered. */
static const char *const tables[] = {"practice", "organisation", "service",
                                     "event",    "need",         "person",
                                     "consent"};

size_t web_body_max(struct node_web *w, const char *method, const char *path,
                    const char *session)
{
    if (strcmp(method, "POST") != 0 || strcmp(path, "/import") != 0)
        return WEB_FORM_MAX;
    /* With a login, a spreadsheet's bytes only from an editor's session:
     * anyone may send a body, and each is held until it is all in. */
    const struct web_session *s =
        w->login ? web_session_find(w, session) : NULL;
    return !w->login || (s && web_role_rank(s->role) >= web_role_rank("editor"))
               ? WEB_UPLOAD_MAX
               : WEB_FORM_MAX;
}

static bool known_table(const char *t)
{
    for (size_t i = 0; t && i < sizeof(tables) / sizeof(tables[0]); i++)
        if (strcmp(t, tables[i]) == 0)
            return true;
    return false;
}

/* The form field key with its length (a file may hold any byte). */
static const struct web_kv *field(const struct web_page *p, const char *key)
{
    for (size_t i = 0; i < p->q->n_form; i++)
        if (strcmp(p->q->form[i].key, key) == 0)
            return &p->q->form[i];
    return NULL;
}

static void form(struct web_page *p, const char *table, bool skip)
{
    web_html(p, "<p class=\"hint\">%s</p>\n", web_t(p, W_IMPORT_HINT));
    web_raw(p, "<form class=\"edit\" method=\"post\" action=\"/import\" "
               "enctype=\"multipart/form-data\">\n");
    web_csrf_field(p);
    web_html(p,
             "<p><label for=\"f-table\">%s</label>"
             "<select id=\"f-table\" name=\"table\">",
             web_t(p, W_IMPORT_TABLE));
    for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
        web_option(p, tables[i], web_table_label(p, tables[i]),
                   table && strcmp(table, tables[i]) == 0);
    web_html(p,
             "</select></p>\n<p><label for=\"f-file\">%s</label>"
             "<input type=\"file\" id=\"f-file\" name=\"file\" "
             "accept=\".csv,text/csv,text/plain\" required></p>\n"
             "<p><label><input type=\"checkbox\" id=\"f-skip\" name=\"skip\" "
             "value=\"1\"%s> %s</label></p>\n"
             "<p><button class=\"primary\" id=\"import\">%s</button></p>"
             "</form>\n",
             web_t(p, W_IMPORT_FILE), skip ? " checked" : "",
             web_t(p, W_IMPORT_SKIP), web_t(p, W_IMPORT_GO));
}

static void count_row(struct web_page *p, const char *id, enum web_word w,
                      size_t n)
{
    web_html(p, "<tr><th>%s</th><td id=\"%s\">%zu</td></tr>\n", web_t(p, w), id,
             n);
}

/* A problem the importer wrote (in English, for the command line), in
 * the page's words where it is one of the common ones: a value not
 * allowed, not a number or a date, an unknown column, a line of the
 * wrong length. The value stays as the file has it. */
static void problem_text(struct web_page *p, const char *msg)
{
    static const struct {
        const char *starts; /* after "'VALUE' " */
        enum web_word w;
        bool keep_rest; /* the rest after starts follows (the allowed) */
    } after_value[] = {
        {"is not allowed; allowed: ", W_P_NOT_ALLOWED, true},
        {"is not a number", W_P_NOT_NUMBER, false},
        {"is not a whole number", W_P_NOT_WHOLE, false},
        {"is too large", W_P_TOO_LARGE, false},
        {"is not a date", W_P_NOT_DATE, false},
    };
    const char *end = msg[0] == '\'' ? strstr(msg + 1, "' ") : NULL;
    for (size_t i = 0; end && i < sizeof(after_value) / sizeof(after_value[0]);
         i++) {
        size_t n = strlen(after_value[i].starts);
        if (strncmp(end + 2, after_value[i].starts, n) != 0)
            continue;
        char value[128];
        snprintf(value, sizeof(value), "%.*s ", (int)(end + 1 - msg), msg);
        web_esc(p, value);
        web_esc(p, web_t(p, after_value[i].w));
        if (after_value[i].keep_rest) {
            web_raw(p, " ");
            web_esc(p, end + 2 + n);
        }
        return;
    }
    size_t a, b;
    char tail;
    if (strncmp(msg, "unknown column '", 16) == 0)
        web_esc(p, web_t(p, W_P_UNKNOWN_COLUMN));
    else if (sscanf(msg, "%zu fields, but the header has %zu%c", &a, &b,
                    &tail) == 2)
        web_html(p, "%s (%zu, %zu)", web_t(p, W_P_FIELDS), a, b);
    else
        web_esc(p, msg);
}

/* What the importer made of the file. */
static void report(struct web_page *p, const struct sync_import_report *r)
{
    if (r->n_problems && !r->imported)
        web_html(p,
                 "<p class=\"error\" role=\"alert\" id=\"form-error\">%s</p>\n",
                 web_t(p, W_IMPORT_NOTHING));
    web_raw(p, "<table id=\"import-counts\">\n");
    web_html(p, "<tr><th>%s</th><td id=\"encoding\">",
             web_t(p, W_IMPORT_ENCODING));
    web_esc(p, r->encoding ? r->encoding : "-");
    web_raw(p, "</td></tr>\n");
    count_row(p, "rows", W_IMPORT_ROWS, r->rows);
    count_row(p, "imported", W_IMPORT_DONE, r->imported);
    count_row(p, "refused", W_IMPORT_REFUSED, r->refused);
    count_row(p, "others", W_IMPORT_OTHERS, r->others);
    web_raw(p, "</table>\n");
    if (r->n_warnings) {
        web_html(p, "<h2>%s</h2><ul id=\"import-warnings\">",
                 web_t(p, W_IMPORT_WARNINGS));
        for (size_t i = 0; i < r->n_warnings; i++) {
            web_raw(p, "<li>");
            web_esc(p, r->warnings[i]);
            web_raw(p, "</li>");
        }
        web_raw(p, "</ul>\n");
    }
    if (!r->n_problems)
        return;
    web_html(p,
             "<table id=\"import-problems\"><tr><th>%s</th><th>%s</th>"
             "<th>%s</th></tr>\n",
             web_t(p, W_IMPORT_LINE), web_t(p, W_IMPORT_COLUMN),
             web_t(p, W_IMPORT_PROBLEM));
    for (size_t i = 0; i < r->n_problems; i++) {
        const struct sync_import_problem *x = &r->problems[i];
        web_html(p, "<tr><td>%zu</td><td>", x->line);
        web_esc(p, x->column);
        web_raw(p, "</td><td>");
        problem_text(p, x->msg);
        web_raw(p, "</td></tr>\n");
    }
    web_raw(p, "</table>\n");
    if (r->n_dropped)
        web_html(p, "<p id=\"import-more\">%s: %zu</p>\n",
                 web_t(p, W_IMPORT_MORE), r->n_dropped);
}

void web_import(struct web_page *p)
{
    if (!web_allow(p, "editor"))
        return;
    bool post = strcmp(p->q->method, "POST") == 0;
    const char *table = post ? web_form(p, "table") : web_query(p, "table");
    const char *skip = post ? web_form(p, "skip") : NULL;
    if (!post) {
        web_begin(p, web_t(p, W_IMPORT));
        form(p, known_table(table) ? table : "practice", false);
        web_end(p);
        return;
    }
    const struct web_kv *file = field(p, "file");
    if (!known_table(table)) {
        web_error(p, 400, web_t(p, W_NOT_FOUND));
        return;
    }
    if (!file || !file->len) {
        p->r->status = 400;
        web_begin(p, web_t(p, W_IMPORT));
        web_html(p,
                 "<p class=\"error\" role=\"alert\" id=\"form-error\">%s</p>\n",
                 web_t(p, W_IMPORT_NO_FILE));
        form(p, table, skip != NULL);
        web_end(p);
        return;
    }
    struct sync_import_report r;
    struct sync_err err;
    sync_err_init(&err);
    enum sync_rc rc = sync_engine_import(p->w->e, table, file->value, file->len,
                                         skip ? SYNC_IMPORT_SKIP_BAD : 0, NULL,
                                         NULL, &r, &err);
    node_log(p->w->ctx, rc ? NODE_WARN : NODE_INFO,
             "web: import into %s: %zu of %zu rows%s%s", table, r.imported,
             r.rows, rc ? ": " : "", rc ? err.msg : "");
    if (rc || r.n_problems)
        p->r->status = rc == SYNC_IO || rc == SYNC_DB ? 500 : 400;
    web_begin(p, web_t(p, W_IMPORT));
    if (rc) {
        web_html(p, "<p class=\"error\" role=\"alert\" id=\"form-error\">%s: ",
                 web_t(p, W_IMPORT_BAD_FILE));
        web_esc(p, err.msg);
        web_raw(p, "</p>\n");
    } else {
        if (r.imported)
            web_html(p, "<p id=\"notice\" role=\"status\">%s: %zu</p>\n",
                     web_t(p, W_IMPORT_DONE), r.imported);
        report(p, &r);
    }
    form(p, table, skip != NULL);
    web_end(p);
    sync_import_report_release(&r);
}
