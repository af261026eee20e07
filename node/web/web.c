/* SPDX-License-Identifier: MIT */
/*
 * web: routing of the web pages, and the server state: who the visitor
 * is, which page answers, and the checks every request passes first
 * (Host, session, CSRF). On loopback without [ui] login, visitors act as
 * the node's operator (role admin) without logging in.
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

/* ---- routing ---- */

static bool is(const struct web_page *p, const char *method, const char *path)
{
    return strcmp(p->q->method, method) == 0 && strcmp(p->q->path, path) == 0;
}

/* When path is prefix + one segment (no further '/'), that segment. */
static const char *segment(const char *path, const char *prefix, char *out,
                           size_t size)
{
    size_t n = strlen(prefix);
    if (strncmp(path, prefix, n) != 0 || !path[n])
        return NULL;
    const char *end = strchr(path + n, '/');
    size_t len = end ? (size_t)(end - (path + n)) : strlen(path + n);
    if (len >= size)
        return NULL;
    memcpy(out, path + n, len);
    out[len] = '\0';
    return end ? end : path + n + len;
}

static void route_practices(struct web_page *p, bool post)
{
    char id[64];
    const char *rest = segment(p->q->path, "/practices/", id, sizeof(id));
    if (!rest) {
        if (post)
            web_error(p, 405, web_t(p, W_NOT_FOUND));
        else
            web_practices(p);
    } else if (strcmp(id, "new") == 0 && !*rest) {
        web_practice_form(p, NULL);
    } else if (strcmp(rest, "/edit") == 0) {
        web_practice_form(p, id);
    } else if (!*rest && !post) {
        web_practice(p, id);
    } else {
        web_error(p, 404, web_t(p, W_NOT_FOUND));
    }
}

/* /t/TABLE[/ID[/ACTION]]: rest is what follows TABLE. */
static void route_table(struct web_page *p, const char *table, const char *rest,
                        bool post)
{
    char id[64];
    const char *act = *rest ? segment(rest, "/", id, sizeof(id)) : NULL;
    bool person = strcmp(table, "person") == 0;
    if (!*rest && !post) {
        web_table(p, table);
    } else if (!act) {
        web_error(p, 404, web_t(p, W_NOT_FOUND));
    } else if (strcmp(id, "new") == 0 && !*act) {
        web_record_form(p, table, NULL);
    } else if (!*act && !post) {
        web_row(p, table, id);
    } else if (strcmp(act, "/edit") == 0) {
        web_record_form(p, table, id);
    } else if (strcmp(act, "/delete") == 0) {
        web_record_delete(p, table, id);
    } else if (person && strcmp(act, "/consent") == 0) {
        web_consent_form(p, id);
    } else if (person && strcmp(act, "/erase") == 0) {
        web_person_erase(p, id);
    } else if (strcmp(table, "consent") == 0 && strcmp(act, "/withdraw") == 0 &&
               post) {
        web_consent_withdraw(p, id);
    } else {
        web_error(p, 404, web_t(p, W_NOT_FOUND));
    }
}

static void route(struct web_page *p)
{
    const char *path = p->q->path;
    bool post = strcmp(p->q->method, "POST") == 0;
    char seg[64];
    const char *rest;
    if (is(p, "GET", "/")) {
        web_redirect(p, "/practices");
    } else if (strcmp(path, "/practices") == 0 ||
               strncmp(path, "/practices/", 11) == 0) {
        route_practices(p, post);
    } else if (is(p, "GET", "/search")) {
        web_search(p);
    } else if (is(p, "GET", "/import") || is(p, "POST", "/import")) {
        web_import(p);
    } else if (is(p, "GET", "/diaspora")) {
        web_diaspora(p);
    } else if ((rest = segment(path, "/t/", seg, sizeof(seg)))) {
        route_table(p, seg, rest, post);
    } else if (web_ops_path(path) && !post) {
        web_ops(p);
    } else if (is(p, "GET", "/sync")) {
        web_sync(p);
    } else if (is(p, "POST", "/sync/now")) {
        web_sync_now(p);
    } else if (is(p, "GET", "/hub")) {
        web_hub(p);
    } else if (is(p, "POST", "/hub/invite")) {
        web_hub_invite(p);
    } else if (is(p, "GET", "/hub/revoke")) {
        web_hub_revoke_ask(p);
    } else if (is(p, "POST", "/hub/revoke")) {
        web_hub_revoke(p);
    } else if (is(p, "GET", "/hub/review")) {
        web_hub_review(p);
    } else if (is(p, "POST", "/hub/review")) {
        web_hub_review_post(p);
    } else if (is(p, "GET", "/hub/stats")) {
        web_hub_stats(p);
    } else if ((rest = segment(path, "/hub/stats/", seg, sizeof(seg))) &&
               !*rest && !post) {
        web_hub_stats_file(p, seg);
    } else if (is(p, "GET", "/resolve")) {
        web_resolve_ask(p);
    } else if (is(p, "POST", "/resolve")) {
        web_resolve(p);
    } else if ((rest = segment(path, "/export/", seg, sizeof(seg))) && !*rest &&
               !post) {
        size_t n = strlen(seg);
        if (n > 4 && strcmp(seg + n - 4, ".csv") == 0) {
            seg[n - 4] = '\0';
            web_export(p, seg);
        } else {
            web_error(p, 404, web_t(p, W_NOT_FOUND));
        }
    } else {
        web_error(p, 404, web_t(p, W_NOT_FOUND));
    }
}

/* Whether the Host header names this machine, as it must when nobody logs
 * in: otherwise a web site could point its own name at 127.0.0.1 (DNS
 * rebinding) and read and post the pages as the operator. An Origin, when
 * sent, must name the same host. */
static bool host_ok(const struct node_web *w, const struct node_web_req *q)
{
    static const char *const ok[] = {"127.0.0.1", "localhost", "[::1]"};
    if (w->login)
        return true;
    if (!q->host)
        return false;
    size_t len = strcspn(q->host, ":");
    if (q->host[0] == '[')
        len = strcspn(q->host, "]") + 1;
    bool local = false;
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
        local |= strlen(ok[i]) == len && strncmp(q->host, ok[i], len) == 0;
    /* "null": browsers send it for some forms; the token guards those. */
    if (!local || !q->origin || strcmp(q->origin, "null") == 0)
        return local;
    const char *o = strstr(q->origin, "://");
    return o && strcmp(o + 3, q->host) == 0;
}

/* An account removed or given another role since login takes effect at
 * once. */
static void refresh_account(struct web_page *p)
{
    struct sync_account a;
    struct sync_err err;
    if (sync_read_account(p->w->e, p->s->user, &a, &err)) {
        memset(p->s, 0, sizeof(*p->s));
        p->s = NULL;
        return;
    }
    snprintf(p->s->role, sizeof(p->s->role), "%s", a.role);
    sync_memzero(a.hash, sizeof(a.hash));
}

/* Settles the language: ?lang= (remembered in a cookie; an unknown one
 * is the node's), the cookie, or the node's ([ui] language). */
static void pick_lang(struct web_page *p)
{
    const char *q = web_query(p, "lang");
    const char *c = p->q->cookie_lang;
    const char *own =
        node_lang_ok(p->w->ctx->cfg.ui_lang) ? p->w->ctx->cfg.ui_lang : "bs";
    const char *l = q ? (node_lang_ok(q) ? q : own) : node_lang_ok(c) ? c : own;
    p->en = strcmp(l, "en") == 0;
    p->sr = strcmp(l, "sr") == 0;
    p->hr = strcmp(l, "hr") == 0;
    struct node_web_resp *r = p->r;
    if (q && r->n_cookies < WEB_COOKIES_MAX)
        snprintf(r->cookies[r->n_cookies++], sizeof(r->cookies[0]),
                 "spona_lang=%s; Path=/; Max-Age=31536000; SameSite=Strict%s",
                 l, p->w->tls ? "; Secure" : "");
}

/* Who acts in the audit log: the account, or the node's operator. */
static void set_actor(struct web_page *p)
{
    char actor[96];
    snprintf(actor, sizeof(actor), "web:%s",
             p->s && p->s->user[0] ? p->s->user : "operator");
    sync_engine_set_actor(p->w->e, actor);
}

void node_web_handle(struct node_web *w, const struct node_web_req *q,
                     struct node_web_resp *r)
{
    struct web_page p = {.w = w, .q = q, .r = r};
    r->status = 200;
    r->type = "text/html; charset=utf-8";
    sync_buf_init(&r->body, WEB_PAGE_MAX);
    pick_lang(&p);
    if (strcmp(q->path, "/style.css") == 0) {
        r->type = "text/css; charset=utf-8";
        web_trusted(&p, web_css); /* our own style sheet */
        return;
    }
    if (web_ops_open(q)) { /* monitoring on this machine: no login */
        web_ops(&p);
        return;
    }
    if (!host_ok(w, q)) {
        web_error(&p, 421, "this address does not serve these pages");
        return;
    }
    p.s = web_session_find(w, q->cookie_session);
    if (p.s && p.s->user[0])
        refresh_account(&p);
    bool post = strcmp(q->method, "POST") == 0;
    if (post && (q->form_too_big || q->form_bad || !web_csrf_ok(&p))) {
        web_error(&p,
                  q->form_too_big ? 413
                  : q->form_bad   ? 400
                                  : 403,
                  web_t(&p, q->form_too_big ? W_FORM_TOO_BIG
                            : q->form_bad   ? W_NOT_A_FORM
                                            : W_EXPIRED));
        return;
    }
    if (!p.s)
        p.s = web_session_new(&p);
    p.s->last = web_now_ms();
    set_actor(&p);
    if (is(&p, "GET", "/login")) {
        web_login_page(&p, NULL);
    } else if (is(&p, "POST", "/login")) {
        web_login_post(&p);
    } else if (is(&p, "POST", "/logout")) {
        memset(p.s, 0, sizeof(*p.s));
        web_redirect(&p, w->login ? "/login" : "/practices");
    } else if (!web_role_of(&p)[0]) {
        char next[600];
        char *e = sync_url_escape(q->path);
        /* A path too long to come back to just goes to the login. */
        bool fits = (size_t)snprintf(next, sizeof(next), "/login?next=%s", e) <
                    sizeof(next);
        free(e);
        web_redirect(&p, post || !fits ? "/login" : next);
    } else if (strcmp(q->method, "GET") != 0 && !post) {
        web_error(&p, 405, web_t(&p, W_NOT_FOUND));
    } else {
        route(&p);
    }
    if (p.overflow)
        web_error(&p, 500, "page too large");
}

static enum sync_rc keep_lsg(const struct sync_lsg *u, void *payload)
{
    struct node_web *w = payload;
    w->lsg = sync_xrealloc(w->lsg, (w->n_lsg + 1) * sizeof(*w->lsg));
    struct web_lsg *l = &w->lsg[w->n_lsg++];
    snprintf(l->id, sizeof(l->id), "%s", u->id);
    snprintf(l->name_lat, sizeof(l->name_lat), "%s", u->name_lat);
    snprintf(l->name_cyr, sizeof(l->name_cyr), "%s", u->name_cyr);
    snprintf(l->entity, sizeof(l->entity), "%s", u->entity);
    if (sync_fold(l->key, sizeof(l->key), u->name_lat, NULL))
        snprintf(l->key, sizeof(l->key), "%s", u->name_lat);
    return SYNC_OK;
}

/* Čajniče among the C's, not after Ž as the bytes would have it. */
static int lsg_cmp(const void *a, const void *b)
{
    const struct web_lsg *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : strcmp(x->id, y->id);
}

enum sync_rc node_web_new(struct node_web **out, const struct node_ctx *ctx,
                          struct sync_engine *e, bool login, bool tls,
                          struct sync_err *err)
{
    struct node_web *w = sync_xcalloc(1, sizeof(*w));
    w->ctx = ctx;
    w->e = e;
    w->login = login;
    w->tls = tls;
    w->sess = sync_xcalloc(WEB_SESSIONS_MAX, sizeof(*w->sess));
    w->fails = sync_xcalloc(WEB_LOGINS_TRACKED, sizeof(*w->fails));
    /* A hash no password matches: the dummy of an unknown name. */
    char nothing[2 * 32 + 1];
    web_random_hex(nothing);
    enum sync_rc rc = sync_pw_hash(w->dummy_hash, nothing, err);
    if (!rc)
        rc = sync_read_lsg(e, keep_lsg, w, err);
    if (rc) {
        w->e = NULL;
        node_web_free(w);
        return rc;
    }
    if (w->n_lsg)
        qsort(w->lsg, w->n_lsg, sizeof(*w->lsg), lsg_cmp);
    web_words_sr(w->sr_words);
    *out = w;
    return SYNC_OK;
}

void node_web_free(struct node_web *w)
{
    if (!w)
        return;
    if (w->sess)
        sync_memzero(w->sess, WEB_SESSIONS_MAX * sizeof(*w->sess));
    free(w->sess);
    free(w->fails);
    free(w->lsg);
    for (size_t i = 0; i < W_COUNT_; i++)
        free(w->sr_words[i]);
    sync_engine_close(w->e);
    free(w);
}

void node_web_req_release(struct node_web_req *q)
{
    for (size_t i = 0; i < q->n_query; i++) {
        free(q->query[i].key);
        free(q->query[i].value);
    }
    for (size_t i = 0; i < q->n_form; i++) {
        free(q->form[i].key);
        if (q->form[i].value)
            sync_memzero(q->form[i].value, strlen(q->form[i].value));
        free(q->form[i].value);
    }
    q->n_query = q->n_form = 0;
}
