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

/* Appends len bytes as they are. Over WEB_PAGE_MAX the buffer empties;
 * nothing more goes in, and node_web_handle answers with an error page
 * instead. */
static void put(struct web_page *p, const char *s, size_t len)
{
    if (len && !p->overflow && sync_buf_add(&p->r->body, s, len))
        p->overflow = true;
}

void web_raw_(struct web_page *p, const char *markup)
{
    put(p, markup, strlen(markup));
}

void web_trusted(struct web_page *p, const char *html)
{
    put(p, html, strlen(html));
}

/* Appends at most len bytes of text, HTML-escaped. */
static void esc(struct web_page *p, const char *text, size_t len)
{
    const char *run = text, *end = text + len;
    for (const char *c = text; c < end; c++) {
        const char *rep = NULL;
        switch (*c) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&#39;";
            break;
        default:
            continue;
        }
        put(p, run, (size_t)(c - run));
        put(p, rep, strlen(rep));
        run = c + 1;
    }
    put(p, run, (size_t)(end - run));
}

void web_esc(struct web_page *p, const char *text)
{
    if (text)
        esc(p, text, strlen(text));
}

void web_marked(struct web_page *p, const char *s)
{
    while (*s) {
        size_t len = strcspn(s, "\x01\x02");
        esc(p, s, len);
        s += len;
        if (*s)
            web_html(p, "<%smark>", *s == '\x01' ? "" : "/");
        s += *s ? 1 : 0;
    }
}

/* The length of s cut to at most max bytes, never inside a UTF-8
 * character. */
static size_t cut_utf8(const char *s, size_t max)
{
    size_t len = strnlen(s, max);
    if (len == max && s[len] != '\0')
        while (len && ((unsigned char)s[len] & 0xC0) == 0x80)
            len--;
    return len;
}

/* One conversion of a template, spec pointing past its '%': appends the
 * argument and returns where the template goes on. The conversions are
 * printf's (the compiler checks the arguments against them); text (%s)
 * is escaped, with a precision counted in bytes of whole characters. */
/* The format of each snprintf below is one conversion cut from a template
 * the compiler has checked against its arguments (web_html's format
 * attribute), so the argument read matches it. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static const char *convert(struct web_page *p, const char *spec, va_list *ap)
{
    char f[16] = "%", num[400];
    size_t n = 1;
    const char *c = spec;
    while (*c && strchr("-+ #0123456789.hlzj", *c) && n < sizeof(f) - 2)
        f[n++] = *c++;
    f[n++] = *c;
    f[n] = '\0';
    bool ll = strstr(f, "ll") != NULL, z = strchr(f, 'z') != NULL;
    const char *dot = strchr(f, '.');
    switch (*c) {
    case '%':
        put(p, "%", 1);
        return c + 1;
    case 's': {
        const char *s = va_arg(*ap, const char *);
        size_t prec = 0;
        if (!s)
            return c + 1;
        for (const char *d = dot ? dot + 1 : ""; *d >= '0' && *d <= '9'; d++)
            prec = prec * 10 + (size_t)(*d - '0');
        esc(p, s, dot ? cut_utf8(s, prec) : strlen(s));
        return c + 1;
    }
    case 'd':
    case 'i':
        if (ll)
            snprintf(num, sizeof(num), f, va_arg(*ap, long long));
        else if (z)
            snprintf(num, sizeof(num), f, va_arg(*ap, size_t));
        else
            snprintf(num, sizeof(num), f, va_arg(*ap, int));
        break;
    case 'u':
    case 'x':
        if (ll)
            snprintf(num, sizeof(num), f, va_arg(*ap, unsigned long long));
        else if (z)
            snprintf(num, sizeof(num), f, va_arg(*ap, size_t));
        else
            snprintf(num, sizeof(num), f, va_arg(*ap, unsigned));
        break;
    case 'f':
    case 'g':
        snprintf(num, sizeof(num), f, va_arg(*ap, double));
        break;
    default:
        assert(!"web_html: a conversion it does not know");
        return c;
    }
    esc(p, num, strlen(num));
    return c + 1;
}
#pragma GCC diagnostic pop

void web_html_(struct web_page *p, const char *tmpl, ...)
{
    va_list ap;
    const char *run = tmpl;
    va_start(ap, tmpl);
    for (const char *c = strchr(run, '%'); c; c = strchr(run, '%')) {
        put(p, run, (size_t)(c - run));
        run = convert(p, c + 1, &ap);
    }
    put(p, run, strlen(run));
    va_end(ap);
}

void web_text(struct web_page *p, const char *fmt, ...)
{
    va_list ap, again;
    va_start(ap, fmt);
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n > 0) {
        char *text = sync_xmalloc((size_t)n + 1);
        vsnprintf(text, (size_t)n + 1, fmt, again);
        put(p, text, (size_t)n);
        free(text);
    }
    va_end(again);
}

void web_option(struct web_page *p, const char *value, const char *label,
                bool selected)
{
    web_html(p, "<option value=\"%s\"%s>%s</option>", value,
             selected ? " selected" : "", label);
}

void web_url(struct web_page *p, const char *text)
{
    char *e = sync_url_escape(text);
    put(p, e, strlen(e)); /* only unreserved characters and %XX are left */
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

/* Days since 1970-01-01 of a date of the proleptic Gregorian calendar
 * (H. Hinnant's days_from_civil). */
static int64_t days_of(int64_t y, int64_t m, int64_t d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* Unix seconds of 01:00 UTC on the last Sunday of month m (March or
 * October, 31 days) of year y: when Europe changes its clocks. */
static int64_t change_at(int64_t y, int64_t m)
{
    int64_t last = days_of(y, m, 31);
    int64_t weekday = ((last + 4) % 7 + 7) % 7; /* 0 Sunday; 1970 Thursday */
    return (last - weekday) * 86400 + 3600;
}

int64_t web_local_offset(int64_t ms)
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    if (!gmtime_r(&t, &tm))
        return 3600;
    int64_t y = (int64_t)tm.tm_year + 1900, s = ms / 1000;
    /* The EU rule (Directive 2000/84/EC), which Bosnia and Herzegovina
     * follows: summer time from the last Sunday of March to the last
     * Sunday of October, changing at 01:00 UTC. An explicit rule, so the
     * pages do not depend on the machine's time zone or tzdata. */
    return s >= change_at(y, 3) && s < change_at(y, 10) ? 7200 : 3600;
}

void web_time(char out[32], int64_t ms)
{
    int64_t off = ms > 0 ? web_local_offset(ms) : 0;
    time_t t = (time_t)(ms / 1000 + off);
    struct tm tm;
    char day[24];
    if (ms <= 0 || !gmtime_r(&t, &tm) ||
        !strftime(day, sizeof(day), "%Y-%m-%d %H:%M", &tm)) {
        snprintf(out, 32, "-");
        return;
    }
    snprintf(out, 32, "%s %s", day, off == 7200 ? "CEST" : "CET");
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
    /* Municipalities by the names the filters use (the schema's 'hr'
     * labels add the entity as a code). */
    if (f && (strcmp(f->name, "owner_lsg") == 0 ||
              (f->dom && strcmp(f->dom->name, "lsg") == 0))) {
        const struct web_lsg *u = web_lsg(p->w, value);
        if (u)
            return p->sr ? u->name_cyr : u->name_lat;
    }
    return f && f->dom ? web_enum_label(p, f->dom, value) : value;
}

void web_value(struct web_page *p, const struct sync_fdef *f,
               const struct sync_record *r)
{
    const struct sync_rfield *v = sync_record_get(r, f->name);
    if (!v || v->v.kind == SYNC_V_NULL)
        return;
    if (v->v.kind == SYNC_V_INT) {
        web_html(p, "%lld", (long long)v->v.i);
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
    "header form.navsearch input{min-width:12rem}"
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
    "form.edit fieldset.checks label{display:inline-block;margin:.2rem 1rem "
    ".2rem 0;font-weight:400}"
    "form.edit fieldset{margin:.6rem 0;max-width:40rem}"
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
    ".bad{border:2px solid #d33}"
    ".notice{background:#e6f4ea;border:1px solid #2e7d32;padding:.5rem}"
    ".note{color:#555;font-size:.9rem}"
    ".pager{display:flex;gap:1rem;align-items:center}"
    "code.join{display:block;word-break:break-all;background:#fff;"
    "border:1px solid #d5d9de;padding:.5rem}"
    "@media print{header,form,.pager,.noprint{display:none}"
    "body{background:#fff}main{max-width:none}a{color:#000}}";

/* Links to this page in the other languages, query kept: the first
 * (id "lang") toggles Bosnian and English, the second ("lang-2") and
 * third ("lang-3") are the others in the order English, Serbian,
 * Croatian. Each
 * language is named in itself. */
static void lang_link(struct web_page *p)
{
    static const char *const codes[] = {"bs", "en", "sr", "hr"};
    static const char *const names[] = {"Bosanski", "English", "Српски",
                                        "Hrvatski"};
    static const char *const ids[] = {"lang", "lang-2", "lang-3"};
    size_t here = p->hr ? 3 : p->sr ? 2 : p->en ? 1 : 0;
    size_t order[3], n = 0;
    order[n++] = here == 0 ? 1 : 0;
    for (size_t k = 1; k < 4; k++)
        if (k != here && k != order[0])
            order[n++] = k;
    /* After a POST, the same path may not answer a GET. */
    bool get = strcmp(p->q->method, "GET") == 0;
    bool local =
        p->q->path[0] == '/' && p->q->path[1] != '/' && p->q->path[1] != '\\';
    for (size_t k = 0; k < n; k++) {
        web_raw(p, "<a href=\"");
        web_esc(p, get && local ? p->q->path : "/practices");
        web_raw(p, "?");
        for (size_t i = 0; i < p->q->n_query; i++) {
            if (strcmp(p->q->query[i].key, "lang") == 0 ||
                strcmp(p->q->query[i].key, "done") == 0)
                continue;
            web_url(p, p->q->query[i].key);
            web_raw(p, "=");
            web_url(p, p->q->query[i].value);
            web_raw(p, "&amp;");
        }
        web_html(p, "lang=%s\" hreflang=\"%s\" id=\"%s\">%s</a>",
                 codes[order[k]], codes[order[k]], ids[k], names[order[k]]);
    }
}

/* What a redirect after a POST tells the next page (?done=): a fixed
 * word chosen by a known code, so no text of the URL is shown. */
static const struct {
    const char *code;
    enum web_word word;
} notices[] = {
    [WEB_DONE_SAVED] = {"saved", W_SAVED},
    [WEB_DONE_SYNC] = {"sync", W_SYNC_ASKED},
    [WEB_DONE_REVOKED] = {"revoked", W_REVOKE_DONE},
    [WEB_DONE_DELETED] = {"deleted", W_DELETED},
    [WEB_DONE_WITHDRAWN] = {"withdrawn", W_WITHDRAWN},
    [WEB_DONE_ERASED] = {"erased", W_ERASED},
};

static void notice(struct web_page *p)
{
    const char *done = web_query(p, "done");
    for (size_t i = 0; done && i < sizeof(notices) / sizeof(notices[0]); i++)
        if (strcmp(done, notices[i].code) == 0)
            web_html(p,
                     "<p class=\"notice\" id=\"notice\" role=\"status\">"
                     "%s</p>\n",
                     web_t(p, notices[i].word));
}

void web_redirect_done(struct web_page *p, const char *path, enum web_done done)
{
    assert((size_t)done < sizeof(notices) / sizeof(notices[0]));
    p->r->status = 303;
    int n = snprintf(p->r->location, sizeof(p->r->location), "%s%sdone=%s",
                     path, strchr(path, '?') ? "&" : "?", notices[done].code);
    if (n < 0 || (size_t)n >= sizeof(p->r->location)) /* no notice, then */
        snprintf(p->r->location, sizeof(p->r->location), "%s", path);
}

void web_begin(struct web_page *p, const char *title)
{
    web_html(p,
             "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta "
             "charset=\"utf-8\"><meta name=\"viewport\" "
             "content=\"width=device-width, initial-scale=1\">"
             "<link rel=\"stylesheet\" href=\"/style.css\"><title>",
             p->sr   ? "sr-Cyrl"
             : p->en ? "en"
             : p->hr ? "hr"
                     : "bs");
    web_esc(p, title);
    web_raw(p, " · spona</title></head>\n<body><header>"
               "<a class=\"app\" href=\"/practices\">spona</a>");
    web_esc(p, sync_engine_org(p->w->e));
    web_html(p, "<a href=\"/practices\">%s</a>", web_t(p, W_PRACTICES));
    if (web_role_rank(web_role_of(p)) >= 1)
        web_html(p, "<a href=\"/diaspora\">%s</a><a href=\"/sync\">%s</a>",
                 web_t(p, W_DIASPORA), web_t(p, W_SYNC));
    if (web_role_rank(web_role_of(p)) >= 2)
        web_html(p, "<a href=\"/import\">%s</a>", web_t(p, W_IMPORT));
    if (sync_engine_is_hub(p->w->e) && web_role_rank(web_role_of(p)) >= 1)
        web_html(p, "<a href=\"/hub\">%s</a>", web_t(p, W_HUB));
    if (web_role_rank(web_role_of(p)) >= 1)
        web_html(p,
                 "<form class=\"navsearch\" method=\"get\" action=\"/search\" "
                 "role=\"search\"><input type=\"search\" name=\"q\" "
                 "aria-label=\"%s\" placeholder=\"%s\"></form>",
                 web_t(p, W_SEARCH_ALL), web_t(p, W_SEARCH_ALL));
    web_raw(p, "<span class=\"right\">");
    lang_link(p);
    if (p->s && p->s->user[0]) {
        web_esc(p, p->s->user);
        web_raw(p, "<form method=\"post\" action=\"/logout\">");
        web_csrf_field(p);
        web_html(p, "<button>%s</button></form>", web_t(p, W_LOGOUT));
    }
    web_raw(p, "</span></header>\n<main>\n<h1>");
    web_esc(p, title);
    web_raw(p, "</h1>\n");
    notice(p);
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
    web_html(p, "</p><p><a href=\"/practices\">%s</a></p>",
             web_t(p, W_PRACTICES));
    web_end(p);
}

void web_redirect(struct web_page *p, const char *path)
{
    p->r->status = 303;
    snprintf(p->r->location, sizeof(p->r->location), "%s", path);
}
