/* SPDX-License-Identifier: MIT */
/*
 * session: sessions, roles, CSRF tokens and logging in. Every visitor
 * gets a session (a random token in an HttpOnly, SameSite=Strict cookie)
 * that carries the CSRF token of its forms and, once logged in, the
 * account and its role. Sessions live in memory only: a restart logs
 * everyone out.
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

/* ---- sessions ---- */

int64_t web_now_ms(void)
{
    return (int64_t)sync_hlc_wall_ms();
}

void web_random_hex(char out[2 * 32 + 1])
{
    uint8_t raw[32];
    sync_random(raw, sizeof(raw));
    sync_hex_encode(out, 2 * 32 + 1, raw, sizeof(raw));
    sync_memzero(raw, sizeof(raw));
}

struct web_session *web_session_find(struct node_web *w, const char *token)
{
    if (!token || strlen(token) != 2 * 32)
        return NULL;
    int64_t now = web_now_ms();
    for (size_t i = 0; i < WEB_SESSIONS_MAX; i++) {
        struct web_session *s = &w->sess[i];
        if (!s->token[0])
            continue;
        if (now - s->last > WEB_SESSION_IDLE_MS) {
            memset(s, 0, sizeof(*s)); /* expired */
            continue;
        }
        if (sync_memeq(s->token, token, 2 * 32))
            return s;
    }
    return NULL;
}

/* A new session in a free slot, else in place of the least recently
 * used one without a login (so a flood of visitors logs nobody out), else
 * of the least recently used one. */
struct web_session *web_session_new(struct web_page *p)
{
    struct node_web *w = p->w;
    struct web_session *s = NULL, *anon = NULL, *any = &w->sess[0];
    for (size_t i = 0; i < WEB_SESSIONS_MAX && !s; i++) {
        struct web_session *x = &w->sess[i];
        if (!x->token[0])
            s = x;
        else if (!x->user[0] && (!anon || x->last < anon->last))
            anon = x;
        else if (x->last < any->last)
            any = x;
    }
    s = s ? s : anon ? anon : any;
    memset(s, 0, sizeof(*s));
    web_random_hex(s->token);
    web_random_hex(s->csrf);
    s->last = web_now_ms();
    struct node_web_resp *r = p->r;
    if (r->n_cookies < WEB_COOKIES_MAX)
        snprintf(r->cookies[r->n_cookies++], sizeof(r->cookies[0]),
                 "spona_s=%s; Path=/; HttpOnly; SameSite=Strict%s", s->token,
                 w->tls ? "; Secure" : "");
    return s;
}

/* The visitor's role: the account's, or the operator's when no login is
 * asked for. "" when a login is needed and missing. */
const char *web_role_of(const struct web_page *p)
{
    if (p->s && p->s->role[0])
        return p->s->role;
    return p->w->login ? "" : "admin";
}

int web_role_rank(const char *role)
{
    return strcmp(role, "admin") == 0    ? 3
           : strcmp(role, "editor") == 0 ? 2
           : strcmp(role, "viewer") == 0 ? 1
                                         : 0;
}

bool web_can(const struct web_page *p, const char *role)
{
    return web_role_rank(web_role_of(p)) >= web_role_rank(role);
}

bool web_allow(struct web_page *p, const char *role)
{
    if (web_can(p, role))
        return true;
    web_error(p, 403, web_t(p, W_FORBIDDEN));
    return false;
}

void web_csrf_field(struct web_page *p)
{
    web_raw(p, "<input type=\"hidden\" name=\"csrf\" value=\"");
    web_esc(p, p->s ? p->s->csrf : "");
    web_raw(p, "\">\n");
}

bool web_csrf_ok(const struct web_page *p)
{
    const char *t = web_form(p, "csrf");
    return p->s && t && strlen(t) == 2 * 32 &&
           sync_memeq(t, p->s->csrf, 2 * 32);
}

/* ---- login ---- */

/* The failure count of name; with make, a new one in a slot that no
 * recent failure holds. NULL when every slot is in use: then logins wait
 * (a flood of names must not push a counted name out). */
static struct web_fails *fails_of(struct node_web *w, const char *name,
                                  bool make, int64_t now)
{
    struct web_fails *f = w->fails, *free_slot = NULL;
    for (size_t i = 0; i < WEB_LOGINS_TRACKED; i++, f++) {
        if (strcmp(f->name, name) == 0)
            return f;
        if (!free_slot && now - f->last > WEB_LOGIN_PAUSE_MS && f->until <= now)
            free_slot = f;
    }
    if (!make || !free_slot)
        return NULL;
    memset(free_slot, 0, sizeof(*free_slot));
    snprintf(free_slot->name, sizeof(free_slot->name), "%s", name);
    return free_slot;
}

/* A local path to go back to after logging in; anything else is "/". */
static const char *safe_next(const char *next)
{
    if (!next || next[0] != '/' || next[1] == '/')
        return "/practices";
    /* Browsers drop tabs and read '\\' as '/': "/\t/x.com" is off-site. */
    for (const char *c = next; *c; c++)
        if ((unsigned char)*c <= 0x20 || *c == 0x7f || *c == '\\')
            return "/practices";
    return next;
}

/* Whether a name is fit for the log (no control characters). */
static bool printable(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return false;
    return true;
}

void web_login_page(struct web_page *p, const char *msg)
{
    const char *next = safe_next(web_query(p, "next") ? web_query(p, "next")
                                                      : web_form(p, "next"));
    web_begin(p, web_t(p, W_LOGIN));
    if (msg) {
        web_raw(p, "<p class=\"error\" role=\"alert\">");
        web_esc(p, msg);
        web_raw(p, "</p>");
    }
    web_raw(p, "<form class=\"edit\" method=\"post\" action=\"/login\">");
    web_csrf_field(p);
    web_raw(p, "<input type=\"hidden\" name=\"next\" value=\"");
    web_esc(p, next);
    web_html(p,
             "\"><label for=\"user\">%s</label><input type=\"text\" "
             "id=\"user\" name=\"user\" autocomplete=\"username\" "
             "required maxlength=\"64\">"
             "<label for=\"password\">%s</label><input type=\"password\" "
             "id=\"password\" name=\"password\" "
             "autocomplete=\"current-password\" required>"
             "<p><button class=\"primary\">%s</button></p></form>",
             web_t(p, W_USER), web_t(p, W_PASSWORD), web_t(p, W_LOGIN));
    web_end(p);
}

void web_login_post(struct web_page *p)
{
    struct sync_account a;
    struct sync_err err;
    const char *user = web_form(p, "user"), *pw = web_form(p, "password");
    int64_t now = web_now_ms();
    sync_err_init(&err);
    if (!user || !pw || strlen(user) > 64) {
        p->r->status = 400;
        web_login_page(p, web_t(p, W_BAD_LOGIN));
        return;
    }
    struct web_fails *f = fails_of(p->w, user, false, now);
    bool paused =
        (f && f->until > now) || (!f && !fails_of(p->w, user, true, now));
    enum sync_rc rc =
        paused ? SYNC_CONFLICT : sync_read_account(p->w->e, user, &a, &err);
    /* Argon2id is slow on purpose. An unknown name is checked against a
     * hash of nothing, so the time does not tell which names exist; a
     * name with too many failures waits before it is tried again. */
    if (!paused)
        rc = sync_pw_check(rc ? p->w->dummy_hash : a.hash, pw) ? SYNC_BADSIG
             : rc ? rc
                  : SYNC_OK;
    if (rc) {
        f = fails_of(p->w, user, true, now);
        if (f && !paused) {
            f->last = now;
            if (++f->n >= WEB_LOGIN_FAILS) {
                f->until = now + WEB_LOGIN_PAUSE_MS;
                f->n = 0;
            }
        }
        node_log(p->w->ctx, NODE_WARN, "web: failed login as '%s'%s",
                 printable(user) ? user : "(a name with control characters)",
                 paused ? " (paused)" : "");
        p->r->status = 403;
        web_login_page(p, web_t(p, W_BAD_LOGIN));
        return;
    }
    if (f)
        memset(f, 0, sizeof(*f));
    /* A new session on login: a token known before it is worth nothing. */
    memset(p->s, 0, sizeof(*p->s));
    p->s = web_session_new(p);
    snprintf(p->s->user, sizeof(p->s->user), "%s", a.name);
    snprintf(p->s->role, sizeof(p->s->role), "%s", a.role);
    sync_memzero(a.hash, sizeof(a.hash));
    node_log(p->w->ctx, NODE_INFO, "web: '%s' logged in (%s)", a.name, a.role);
    web_redirect(p, safe_next(web_form(p, "next")));
}
