/* SPDX-License-Identifier: MIT */
/*
 * html: building a page. Text is escaped unless the code says otherwise:
 * web_html's template is a string constant and every %s argument is
 * escaped, web_raw takes string constants only, and the one way to insert
 * markup built at run time is web_trusted. The frame (head, navigation,
 * language switch, error pages) is here too.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "spona/fold.h"
#include "spona/hlc.h"
#include "spona/mem.h"
#include "spona/url.h"
#include "spona/sig.h"
#include "web/web.h"

#include "spona/banned.h"

/* ---- output ---- */

void web_raw(struct web_page *p, const char *text)
{
    /* Over WEB_PAGE_MAX the buffer empties; nothing more goes in, and
     * node_web_handle answers with an error page instead. */
    if (!p->overflow && sync_buf_adds(&p->r->body, text))
        p->overflow = true;
}

void web_fmt(struct web_page *p, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof(tmp), fmt, ap);
    va_end(ap);
    web_raw(p, tmp);
}

void web_esc(struct web_page *p, const char *text)
{
    const char *run = text;
    if (!text)
        return;
    for (const char *c = text;; c++) {
        const char *rep = NULL;
        switch (*c) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        case '\0': rep = ""; break;
        default: continue;
        }
        if (c > run && !p->overflow &&
            sync_buf_add(&p->r->body, run, (size_t)(c - run)))
            p->overflow = true;
        if (!*c)
            return;
        web_raw(p, rep);
        run = c + 1;
    }
}

void web_url(struct web_page *p, const char *text)
{
    char *e = sync_url_escape(text);
    web_raw(p, e); /* only unreserved characters and %XX are left */
    free(e);
}

const char *web_query(const struct web_page *p, const char *key)
{
    for (size_t i = 0; i < p->q->n_query; i++)
        if (strcmp(p->q->query[i].key, key) == 0)
            return p->q->query[i].value[0] ? p->q->query[i].value : NULL;
    return NULL;
}

const char *web_form(const struct web_page *p, const char *key)
{
    for (size_t i = 0; i < p->q->n_form; i++)
        if (strcmp(p->q->form[i].key, key) == 0)
            return p->q->form[i].value;
    return NULL;
}

void web_time(char out[32], int64_t ms)
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    if (ms <= 0 || !gmtime_r(&t, &tm) ||
        !strftime(out, 32, "%Y-%m-%d %H:%M UTC", &tm))
        snprintf(out, 32, "-");
}

void web_kv_row(struct web_page *p, const char *label, const char *value)
{
    web_raw(p, "<tr><th>");
    web_esc(p, label);
    web_raw(p, "</th><td>");
    web_esc(p, value);
    web_raw(p, "</td></tr>\n");
}

const char *web_label(const struct web_page *p, const struct sync_fdef *f,
                      const char *value)
{
    if (f && strcmp(f->name, "owner_lsg") == 0) {
        const struct web_lsg *u = web_lsg(p->w, value);
        if (u)
            return u->name_lat;
    }
    return f && f->dom ? sync_schema_label(f->dom, value, p->en) : value;
}

void web_value(struct web_page *p, const struct sync_fdef *f,
               const struct sync_record *r)
{
    const struct sync_rfield *v = sync_record_get(r, f->name);
    if (!v || v->v.kind == SYNC_V_NULL)
        return;
    if (v->v.kind == SYNC_V_INT) {
        web_fmt(p, "%lld", (long long)v->v.i);
        return;
    }
    if (f->type != SYNC_F_ENUM) {
        web_esc(p, v->v.s);
        return;
    }
    /* A list is items joined by '|'; each gets its label. */
    const char *s = v->v.s;
    bool first = true;
    while (*s) {
        const char *bar = strchr(s, '|');
        size_t len = bar ? (size_t)(bar - s) : strlen(s);
        char *item = sync_xstrndup(s, len);
        if (!first)
            web_raw(p, ", ");
        web_esc(p, web_label(p, f, item));
        free(item);
        first = false;
        s += len + (bar ? 1 : 0);
    }
}

const struct web_lsg *web_lsg(const struct node_web *w, const char *id)
{
    for (size_t i = 0; id && i < w->n_lsg; i++)
        if (strcmp(w->lsg[i].id, id) == 0)
            return &w->lsg[i];
    return NULL;
}


/* ---- the frame ---- */

const char web_css[] =
    "*{box-sizing:border-box}"
    "body{margin:0;font:16px/1.45 'DejaVu Sans',Arial,sans-serif;"
    "color:#1b1f24;background:#f6f7f9}"
    "header{background:#123d6a;color:#fff;padding:.5rem 1rem;display:flex;"
    "flex-wrap:wrap;gap:1rem;align-items:center}"
    "header a{color:#fff;text-decoration:none;font-weight:600}"
    "header a.app{font-size:1.2rem;margin-right:1rem}"
    "header .right{margin-left:auto;display:flex;gap:1rem;align-items:center}"
    "header form{margin:0}"
    "header button{background:none;border:1px solid #fff;color:#fff;"
    "border-radius:3px;cursor:pointer}"
    "main{max-width:1200px;margin:0 auto;padding:1rem}"
    "h1{font-size:1.5rem;margin:.5rem 0 1rem}h2{font-size:1.2rem}"
    "a{color:#0b5cad}"
    "table{border-collapse:collapse;width:100%;background:#fff;"
    "margin-bottom:1rem}"
    "th,td{border:1px solid #d5d9de;padding:.35rem .5rem;text-align:left;"
    "vertical-align:top}"
    "th{background:#eef1f4;font-weight:600}"
    "table.kv th{width:14rem}"
    "form.filters{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end;"
    "background:#fff;padding:.75rem;border:1px solid #d5d9de;"
    "margin-bottom:1rem}"
    "form.filters label{display:flex;flex-direction:column;font-size:.85rem}"
    "input,select,textarea,button{font:inherit;padding:.3rem}"
    "input[type=search]{min-width:18rem}"
    "textarea{width:100%;min-height:5rem}"
    "form.edit label{display:block;margin:.6rem 0 .2rem;font-weight:600}"
    "form.edit input[type=text],form.edit input[type=email],"
    "form.edit select{width:100%;max-width:40rem}"
    "button.primary{background:#123d6a;color:#fff;border:0;"
    "padding:.45rem 1rem;border-radius:3px;cursor:pointer}"
    "ol.hits{list-style:none;padding:0}"
    "ol.hits li{background:#fff;border:1px solid #d5d9de;padding:.6rem;"
    "margin-bottom:.5rem}"
    "ol.hits .meta{color:#555;font-size:.9rem}"
    "mark{background:#ffe58a}"
    ".error{background:#fde8e8;border:1px solid #d33;padding:.5rem}"
    ".note{color:#555;font-size:.9rem}"
    ".pager{display:flex;gap:1rem;align-items:center}"
    "code.join{display:block;word-break:break-all;background:#fff;"
    "border:1px solid #d5d9de;padding:.5rem}"
    "@media print{header,form,.pager,.noprint{display:none}"
    "body{background:#fff}main{max-width:none}a{color:#000}}";

/* The link to this page in the other language, query kept. */
static void lang_link(struct web_page *p)
{
    /* After a POST, the same path may not answer a GET. */
    bool get = strcmp(p->q->method, "GET") == 0;
    bool local = p->q->path[0] == '/' && p->q->path[1] != '/' &&
                 p->q->path[1] != '\\';
    web_raw(p, "<a href=\"");
    web_esc(p, get && local ? p->q->path : "/practices");
    web_raw(p, "?");
    for (size_t i = 0; i < p->q->n_query; i++) {
        if (strcmp(p->q->query[i].key, "lang") == 0)
            continue;
        web_url(p, p->q->query[i].key);
        web_raw(p, "=");
        web_url(p, p->q->query[i].value);
        web_raw(p, "&amp;");
    }
    web_fmt(p, "lang=%s\" hreflang=\"%s\" id=\"lang\">%s</a>",
            p->en ? "bs" : "en", p->en ? "bs" : "en",
            web_t(p, W_LANG_OTHER));
}

void web_begin(struct web_page *p, const char *title)
{
    web_fmt(p, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta "
               "charset=\"utf-8\"><meta name=\"viewport\" "
               "content=\"width=device-width, initial-scale=1\">"
               "<link rel=\"stylesheet\" href=\"/style.css\"><title>",
            p->en ? "en" : "bs");
    web_esc(p, title);
    web_raw(p, " · spona</title></head>\n<body><header>"
               "<a class=\"app\" href=\"/practices\">spona</a>");
    web_esc(p, sync_engine_org(p->w->e));
    web_fmt(p, "<a href=\"/practices\">%s</a>", web_t(p, W_PRACTICES));
    if (web_role_rank(web_role_of(p)) >= 1)
        web_fmt(p, "<a href=\"/diaspora\">%s</a><a href=\"/sync\">%s</a>",
                web_t(p, W_DIASPORA), web_t(p, W_SYNC));
    if (sync_engine_is_hub(p->w->e) && web_role_rank(web_role_of(p)) >= 1)
        web_fmt(p, "<a href=\"/hub\">%s</a>", web_t(p, W_HUB));
    web_raw(p, "<span class=\"right\">");
    lang_link(p);
    if (p->s && p->s->user[0]) {
        web_esc(p, p->s->user);
        web_raw(p, "<form method=\"post\" action=\"/logout\">");
        web_csrf_field(p);
        web_fmt(p, "<button>%s</button></form>", web_t(p, W_LOGOUT));
    }
    web_raw(p, "</span></header>\n<main>\n<h1>");
    web_esc(p, title);
    web_raw(p, "</h1>\n");
}

void web_end(struct web_page *p)
{
    web_raw(p, "</main></body></html>\n");
}

void web_error(struct web_page *p, unsigned status, const char *msg)
{
    sync_buf_reset(&p->r->body);
    p->overflow = false;
    p->r->status = status;
    web_begin(p, web_t(p, W_ERROR));
    web_raw(p, "<p class=\"error\">");
    web_esc(p, msg);
    web_fmt(p, "</p><p><a href=\"/practices\">%s</a></p>",
            web_t(p, W_PRACTICES));
    web_end(p);
}

void web_redirect(struct web_page *p, const char *path)
{
    p->r->status = 303;
    snprintf(p->r->location, sizeof(p->r->location), "%s", path);
}
