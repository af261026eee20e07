/* SPDX-License-Identifier: MIT */
/*
 * form: a posted form turned into the fields of a row to write, checked
 * against the schema as the command line checks them, with each error in
 * the page's language and naming the field by its label (the library's
 * messages are English and name the column).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spona/buf.h"
#include "spona/limits.h"
#include "spona/num.h"
#include "web/web.h"

#include "spona/banned.h"

#define SHOWN_MAX 60  /* bytes of a bad value quoted in a message */
#define CHECKS_MAX 16 /* values of a list shown as checkboxes */

/* The value a field shows: what was posted (SYNC_TOOBIG when it does not
 * fit out), else the row's. */
enum sync_rc web_form_value(struct web_page *p, const struct sync_fdef *f,
                            const struct sync_record *cur, bool posted,
                            struct sync_buf *out)
{
    if (posted) {
        bool first = true;
        for (size_t i = 0; i < p->q->n_form; i++) {
            if (strcmp(p->q->form[i].key, f->name) != 0)
                continue;
            if ((!first && sync_buf_adds(out, "|")) ||
                sync_buf_adds(out, p->q->form[i].value))
                return SYNC_TOOBIG;
            first = false;
        }
        return SYNC_OK;
    }
    const struct sync_rfield *v = cur ? sync_record_get(cur, f->name) : NULL;
    if (!v || v->v.kind == SYNC_V_NULL)
        return SYNC_OK;
    /* Values are bounded by the schema, far below out's limit. */
    return v->v.kind == SYNC_V_INT
               ? sync_buf_addf(out, "%lld", (long long)v->v.i)
               : sync_buf_adds(out, v->v.s);
}

/*
 * Keeps in set only the fields the form changed. The form posts every
 * field; one it shows unchanged was not chosen, so it must not end a
 * conflict on that field (a write of a field in conflict replaces every
 * version of it): that takes "keep this one" or a new value.
 */
static void only_changed(struct sync_record *set, const struct sync_record *cur)
{
    struct sync_record keep;
    sync_record_init(&keep);
    for (size_t i = 0; i < set->n; i++) {
        const struct sync_rfield *f = &set->f[i];
        const struct sync_rfield *cf = sync_record_get(cur, f->name);
        if (cf ? !sync_value_eq(&cf->v, &f->v) : f->v.kind != SYNC_V_NULL)
            sync_record_set(&keep, f->name, &f->v);
    }
    sync_record_release(set);
    *set = keep;
}

/* text cut to at most SHOWN_MAX bytes of whole characters, into out. */
static void shown(char out[SHOWN_MAX + 1], const char *text)
{
    size_t len = strlen(text);
    if (len > SHOWN_MAX) {
        len = SHOWN_MAX;
        while (len && ((unsigned char)text[len] & 0xC0) == 0x80)
            len--;
    }
    memcpy(out, text, len);
    out[len] = '\0';
}

/* Why text is not a value of f, in the page's language, into fe: the
 * library said rc and msg (English), and this says the same for a
 * reader. */
static void explain(struct web_page *p, const char *table,
                    const struct sync_fdef *f, const char *text,
                    enum sync_rc rc, const char *msg, struct web_form_err *fe)
{
    static const enum web_word by_type[SYNC_F_COUNT_] = {
        [SYNC_F_TEXT] = W_E_TEXT,       [SYNC_F_INT] = W_E_NOT_NUMBER,
        [SYNC_F_YEAR] = W_E_NOT_NUMBER, [SYNC_F_ENUM] = W_E_ENUM,
        [SYNC_F_EMAIL] = W_E_EMAIL,     [SYNC_F_URL] = W_E_URL,
        [SYNC_F_DATE] = W_E_DATE,       [SYNC_F_UUID] = W_E_UUID};
    const char *label = web_field_label(p, table, f->name);
    char val[SHOWN_MAX + 1];
    int64_t i = 0;
    shown(val, text);
    snprintf(fe->field, sizeof(fe->field), "%s", f->name);
    bool whole = (f->type == SYNC_F_INT || f->type == SYNC_F_YEAR) && !f->list;
    if (rc == SYNC_TOOBIG && strstr(msg, "items")) {
        snprintf(fe->msg, sizeof(fe->msg), "%s: %s", label,
                 web_t(p, W_E_TOO_MANY));
    } else if (rc == SYNC_TOOBIG) {
        long long max = f->type == SYNC_F_TEXT && f->max > 0 ? (long long)f->max
                                                             : SYNC_LIMIT_TEXT;
        snprintf(fe->msg, sizeof(fe->msg), "%s: %s %lld", label,
                 web_t(p, W_E_TOO_LONG), max);
    } else if (whole && !sync_parse_i64(&i, text, NULL)) {
        long long lo = f->type == SYNC_F_YEAR ? 1900 : 0;
        long long hi = f->type == SYNC_F_YEAR ? 2100
                       : f->max > 0           ? (long long)f->max
                                              : INT64_MAX;
        snprintf(fe->msg, sizeof(fe->msg), "%s: %lld %s %lld %s %lld", label,
                 (long long)i, web_t(p, W_E_RANGE), lo, web_t(p, W_AND), hi);
    } else if (!whole && strstr(msg, "UTF-8")) {
        snprintf(fe->msg, sizeof(fe->msg), "%s: %s", label, web_t(p, W_E_TEXT));
    } else {
        snprintf(fe->msg, sizeof(fe->msg), "%s: '%s' %s", label, val,
                 web_t(p, by_type[f->type]));
    }
}

/* Names the required fields a new row leaves empty, into fe; false when
 * there are none. */
static bool missing(struct web_page *p, const struct sync_tdef *t,
                    const struct sync_record *set, struct web_form_err *fe)
{
    size_t len = 0;
    for (size_t i = 0; i < t->n; i++) {
        const struct sync_rfield *v = sync_record_get(set, t->f[i].name);
        if (!t->f[i].required || (v && v->v.kind != SYNC_V_NULL))
            continue;
        if (!len)
            snprintf(fe->field, sizeof(fe->field), "%s", t->f[i].name);
        int n = snprintf(fe->msg + len, sizeof(fe->msg) - len, "%s %s",
                         len ? "," : web_t(p, W_E_REQUIRED),
                         web_field_label(p, t->name, t->f[i].name));
        if (n < 0 || (size_t)n >= sizeof(fe->msg) - len)
            break;
        len += (size_t)n;
    }
    return len > 0;
}

enum sync_rc web_read_form(struct web_page *p, const struct sync_tdef *t,
                           const struct sync_record *cur,
                           struct sync_record *set, struct web_form_err *fe)
{
    bool edit = cur != NULL;
    struct sync_buf v;
    struct sync_err err;
    enum sync_rc rc = SYNC_OK;
    sync_err_init(&err);
    for (size_t i = 0; !rc && i < t->n; i++) {
        const struct sync_fdef *f = &t->f[i];
        struct sync_value val = {0};
        sync_buf_init(&v, SYNC_LIMIT_TEXT + 1);
        if (web_form_value(p, f, NULL, true, &v)) {
            rc = SYNC_TOOBIG;
            explain(p, t->name, f, "", rc, "", fe);
        } else if (v.len || edit) {
            rc = sync_schema_parse(&val, f, v.buf, &err);
            if (rc)
                explain(p, t->name, f, v.buf, rc, err.msg, fe);
            else
                sync_record_set(set, f->name, &val);
            sync_value_clear(&val);
        }
        sync_buf_release(&v);
    }
    if (!rc && !edit && missing(p, t, set, fe))
        rc = SYNC_INVALID;
    if (!rc && cur)
        only_changed(set, cur);
    const char *scope = web_form(p, "scope");
    if (!rc && scope && scope[0]) {
        if (sync_scope_parse(scope) < 0) {
            struct sync_fdef sf = {.name = "scope", .type = SYNC_F_ENUM};
            explain(p, t->name, &sf, scope, SYNC_INVALID, "", fe);
            return SYNC_INVALID;
        }
        sync_record_set_text(set, "scope", scope);
    }
    return rc;
}

void web_write_error(struct web_page *p, const struct sync_tdef *t,
                     const char *msg, struct web_form_err *fe)
{
    const struct sync_schema *s = sync_engine_schema(p->w->e);
    /* The rule of sharing a form meets most: the default sharing (hub)
     * with a draft (DOMAIN.md, privacy rule 6). */
    if (strstr(msg, "a draft stays on this node")) {
        snprintf(fe->field, sizeof(fe->field), "review_status");
        snprintf(fe->msg, sizeof(fe->msg), "%s: %s '%s' %s %s '%s'",
                 web_field_label(p, t->name, "review_status"),
                 web_t(p, W_E_DRAFT),
                 web_enum_label(p, sync_schema_enum(s, "review_status"),
                                "submitted"),
                 web_t(p, W_OR), web_field_label(p, t->name, "scope"),
                 web_enum_label(p, sync_schema_enum(s, "scope"), "local"));
        return;
    }
    /* A person shared wider than its consents allow (privacy rule 1). */
    const char *scope = web_form(p, "scope");
    if (scope && (strstr(msg, "cannot be shared at scope") ||
                  strstr(msg, "cannot be public"))) {
        const char *sl = web_enum_label(p, sync_schema_enum(s, "scope"), scope);
        snprintf(fe->field, sizeof(fe->field), "scope");
        if (strstr(msg, "cannot be public"))
            snprintf(fe->msg, sizeof(fe->msg), "%s: '%s' %s",
                     web_field_label(p, t->name, "scope"), sl,
                     web_t(p, W_E_PUBLIC));
        else
            snprintf(
                fe->msg, sizeof(fe->msg), "%s: '%s' %s '%s' %s",
                web_field_label(p, t->name, "scope"), sl, web_t(p, W_E_CONSENT),
                web_enum_label(p, sync_schema_enum(s, "consent_purpose"),
                               strcmp(scope, "hub") == 0 ? "share_hub"
                                                         : "share_network"),
                web_t(p, W_E_CONSENT_WITH));
        return;
    }
    if (strstr(msg, "only a validated or published")) {
        snprintf(fe->field, sizeof(fe->field), "scope");
        snprintf(fe->msg, sizeof(fe->msg), "%s: %s",
                 web_field_label(p, t->name, "scope"),
                 web_t(p, W_E_UNREVIEWED));
        return;
    }
    fe->field[0] = '\0';
    snprintf(fe->msg, sizeof(fe->msg), "%s", msg);
}

/* Whether the '|' list holds exactly item. */
static bool list_is_in(const char *list, const char *item)
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

static void enum_options(struct web_page *p, const struct sync_fdef *f,
                         const char *val)
{
    for (size_t i = 0; f->dom && i < f->dom->n; i++) {
        const char *v = f->dom->values[i];
        bool on = f->list ? list_is_in(val, v) : strcmp(val, v) == 0;
        web_option(p, v, web_label(p, f, v), on);
    }
}

/* A list of a few values as checkboxes, each with its label. */
static void checks(struct web_page *p, const char *table,
                   const struct sync_fdef *f, const char *val, bool bad)
{
    web_html(p, "<fieldset class=\"checks%s\" id=\"f-%s\"><legend>",
             bad ? " bad" : "", f->name);
    web_esc(p, web_field_label(p, table, f->name));
    web_html(p, "%s</legend>\n", f->required ? " *" : "");
    for (size_t i = 0; i < f->dom->n; i++) {
        const char *v = f->dom->values[i];
        web_html(p,
                 "<label><input type=\"checkbox\" name=\"%s\" "
                 "value=\"%s\"%s> %s</label>\n",
                 f->name, v, list_is_in(val, v) ? " checked" : "",
                 web_label(p, f, v));
    }
    web_raw(p, "</fieldset>\n");
}

void web_input(struct web_page *p, const char *table, const struct sync_fdef *f,
               const char *val, bool bad)
{
    const char *mark = bad ? " class=\"bad\" aria-invalid=\"true\"" : "";
    static const char *const types[SYNC_F_COUNT_] = {
        [SYNC_F_TEXT] = "text",   [SYNC_F_INT] = "number",
        [SYNC_F_YEAR] = "number", [SYNC_F_EMAIL] = "email",
        [SYNC_F_URL] = "url",     [SYNC_F_DATE] = "date",
        [SYNC_F_UUID] = "text"};
    if (f->type == SYNC_F_ENUM && f->list && f->dom &&
        f->dom->n <= CHECKS_MAX) {
        checks(p, table, f, val, bad);
        return;
    }
    web_raw(p, "<label for=\"f-");
    web_esc(p, f->name);
    web_raw(p, "\">");
    web_esc(p, web_field_label(p, table, f->name));
    web_html(p, "%s</label>\n", f->required ? " *" : "");
    if (f->type == SYNC_F_ENUM) {
        web_html(p, "<select id=\"f-%s\" name=\"%s\"", f->name, f->name);
        web_trusted(p, mark); /* one of two constants */
        if (f->list)
            web_raw(p, " multiple size=\"6\"");
        web_raw(p, ">");
        if (!f->list)
            web_raw(p, "<option value=\"\"></option>");
        enum_options(p, f, val);
        web_raw(p, "</select>\n");
    } else if (f->type == SYNC_F_TEXT && f->max > 300) {
        web_html(p, "<textarea id=\"f-%s\" name=\"%s\" maxlength=\"%lld\"",
                 f->name, f->name, (long long)f->max);
        web_trusted(p, mark); /* one of two constants */
        web_raw(p, ">");
        web_esc(p, val);
        web_raw(p, "</textarea>\n");
    } else {
        web_html(p, "<input type=\"%s\" id=\"f-%s\" name=\"%s\"%s",
                 types[f->type] ? types[f->type] : "text", f->name, f->name,
                 f->required ? " required" : "");
        web_trusted(p, mark); /* one of two constants */
        web_raw(p, " value=\"");
        web_esc(p, val);
        web_raw(p, "\">\n");
    }
}
