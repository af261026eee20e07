/* SPDX-License-Identifier: MIT */
/*
 * web: routing, sessions, login and the page frame of the web pages.
 * Every visitor gets a session (a random token in an HttpOnly,
 * SameSite=Strict cookie) that carries the CSRF token of its forms and,
 * once logged in, the account and its role. Sessions live in memory only:
 * a restart logs everyone out. On loopback without [ui] login, visitors
 * act as the node's operator (role admin) without logging in.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fold.h"
#include "hlc.h"
#include "mem.h"
#include "peer.h"
#include "sig.h"
#include "web.h"

#include "banned.h"

#define WEB_SESSIONS_MAX 256                   /* sessions kept at once */
#define WEB_SESSION_IDLE_MS (8 * 3600 * 1000LL) /* idle time before expiry */
#define WEB_LOGIN_FAILS 5            /* failed logins of a name before a pause */
#define WEB_LOGIN_PAUSE_MS (60 * 1000LL) /* ... of this long */
#define WEB_LOGINS_TRACKED 32        /* names whose failures are counted */

struct web_session {
    char token[2 * 32 + 1]; /* hex; "" when the slot is free */
    char csrf[2 * 32 + 1];  /* hex token of its forms */
    char user[65];          /* account, or "" before login */
    char role[8];           /* role of the account, or "" */
    int64_t last;           /* Unix ms of its last request */
};

/* Failed logins per account name, so passwords cannot be tried fast. */
struct web_fails {
    char name[65];
    int n;          /* failures in a row */
    int64_t until;  /* Unix ms before which the name may not log in */
    int64_t last;   /* Unix ms of its latest failure */
};
static_assert(sizeof(((struct web_fails *)0)->name) ==
                  sizeof(((struct sync_account *)0)->name),
              "name sizes differ");

/* ---- words ---- */

static const char *const words[W_COUNT_][2] = {
    [W_APP] = {"spona", "spona"},
    [W_PRACTICES] = {"Dobre prakse", "Good practices"},
    [W_DIASPORA] = {"Dijaspora", "Diaspora"},
    [W_SYNC] = {"Sinhronizacija", "Sync"},
    [W_HUB] = {"Čvorište", "Hub"},
    [W_SEARCH] = {"Traži", "Search"},
    [W_SEARCH_HINT] = {"npr. maticar, dijaspora, туризам",
                       "e.g. maticar, diaspora, туризам"},
    [W_ALL] = {"sve", "all"},
    [W_SECTOR] = {"Sektor", "Sector"},
    [W_MUNICIPALITY] = {"Općina / grad", "Municipality"},
    [W_ENTITY] = {"Entitet", "Entity"},
    [W_STATUS] = {"Status", "Status"},
    [W_YEAR] = {"Godina", "Year"},
    [W_SCOPE] = {"Dijeljenje", "Sharing"},
    [W_FILTER] = {"Primijeni", "Apply"},
    [W_RESULT] = {"rezultat", "result"},
    [W_RESULTS] = {"rezultata", "results"},
    [W_NO_RESULTS] = {"Nema rezultata.", "No results."},
    [W_PAGE] = {"Stranica", "Page"},
    [W_OF] = {"od", "of"},
    [W_PREV] = {"Prethodna", "Previous"},
    [W_NEXT] = {"Sljedeća", "Next"},
    [W_ADD_PRACTICE] = {"Dodaj praksu", "Add a practice"},
    [W_EDIT] = {"Uredi", "Edit"},
    [W_SAVE] = {"Sačuvaj", "Save"},
    [W_OWNER] = {"Vlasnik", "Owner"},
    [W_OWNER_LSG] = {"Općina vlasnik", "Owner municipality"},
    [W_ARRIVED] = {"Stiglo", "Arrived"},
    [W_THROUGH] = {"Preko čvorišta", "Through hub"},
    [W_WRITTEN_HERE] = {"upisano na ovom čvoru", "written on this node"},
    [W_AUTHOR_NODE] = {"Čvor autora", "Author node"},
    [W_INDICATORS] = {"Indikatori", "Indicators"},
    [W_INDICATOR] = {"Indikator", "Indicator"},
    [W_UNIT] = {"Jedinica", "Unit"},
    [W_BASELINE] = {"Polazna vrijednost", "Baseline"},
    [W_TARGET] = {"Cilj", "Target"},
    [W_ACHIEVED] = {"Ostvareno", "Achieved"},
    [W_CREATED] = {"Upisano", "Created"},
    [W_UPDATED] = {"Izmijenjeno", "Updated"},
    [W_NOT_FOUND] = {"Stranica ne postoji.", "No such page."},
    [W_FORBIDDEN] = {"Za ovo nemate ovlaštenje.",
                     "You are not allowed to do this."},
    [W_LOGIN] = {"Prijava", "Log in"},
    [W_LOGOUT] = {"Odjava", "Log out"},
    [W_USER] = {"Korisnik", "User"},
    [W_PASSWORD] = {"Lozinka", "Password"},
    [W_BAD_LOGIN] = {"Pogrešno korisničko ime ili lozinka.",
                     "Wrong user name or password."},
    [W_EXPIRED] = {"Obrazac je istekao; učitajte stranicu ponovo.",
                   "The form has expired; reload the page."},
    [W_FORM_TOO_BIG] = {"Obrazac je prevelik.", "The form is too large."},
    [W_NOT_A_FORM] = {"Zahtjev nije obrazac.", "The request is not a form."},
    [W_PERSONS] = {"Osobe", "Persons"},
    [W_ORGANISATIONS] = {"Organizacije", "Organisations"},
    [W_SERVICES] = {"Usluge", "Services"},
    [W_EVENTS] = {"Događaji", "Events"},
    [W_NEEDS] = {"Potrebe", "Needs"},
    [W_CONSENTS] = {"Saglasnosti", "Consents"},
    [W_NO_CONSENT] = {"Nema aktivne saglasnosti.", "No active consent."},
    [W_AUDIT_NOTE] = {"Ovaj pregled je upisan u dnevnik pristupa.",
                      "This view was written to the audit log."},
    [W_HUB_URL] = {"Čvorište", "Hub"},
    [W_LAST_SYNC] = {"Posljednja sinhronizacija", "Last sync"},
    [W_NEVER] = {"nikad", "never"},
    [W_UNACKED] = {"Nepotvrđene izmjene", "Changes not yet acknowledged"},
    [W_CONFLICTS] = {"Konflikti", "Conflicts"},
    [W_REJECTED] = {"Odbijeni unosi", "Rejected entries"},
    [W_FORKS] = {"Račvanja", "Forks"},
    [W_NONE] = {"nema", "none"},
    [W_FIELD] = {"Polje", "Field"},
    [W_ROW] = {"Red", "Row"},
    [W_CURRENT] = {"Važeća vrijednost", "Current value"},
    [W_LOST] = {"Odbačena vrijednost", "Losing value"},
    [W_REASON] = {"Razlog", "Reason"},
    [W_WHEN] = {"Kada", "When"},
    [W_MEMBERS] = {"Članovi", "Members"},
    [W_ORGANISATION] = {"Organizacija", "Organisation"},
    [W_NAME] = {"Naziv", "Name"},
    [W_ROLE] = {"Uloga", "Role"},
    [W_LAG] = {"Zaostatak (unosa)", "Lag (entries)"},
    [W_SKEW] = {"Odstupanje sata", "Clock skew"},
    [W_ACTIVE] = {"aktivan", "active"},
    [W_REVOKED] = {"opozvan", "revoked"},
    [W_REVOKE] = {"Opozovi", "Revoke"},
    [W_INVITE] = {"Pozovi člana", "Invite a member"},
    [W_INVITE_FOR] = {"Poziv za", "Invitation for"},
    [W_JOIN_STRING] = {"Pošaljite ovaj niz općini; vrijedi jednom, 7 dana:",
                       "Send this string to the municipality; it works "
                       "once, for 7 days:"},
    [W_COUNTS] = {"Brojevi", "Counts"},
    [W_PER_MUNICIPALITY] = {"Prakse po općini", "Practices per municipality"},
    [W_PER_SECTOR] = {"Prakse po sektoru", "Practices per sector"},
    [W_PER_COUNTRY] = {"Osobe po državi boravka",
                       "Persons per country of residence"},
    [W_EXPORT] = {"Izvoz (CSV)", "Export (CSV)"},
    [W_ROWS] = {"redova", "rows"},
    [W_NOT_HUB] = {"Ovaj čvor nije čvorište.", "This node is not a hub."},
    [W_SAVED] = {"Sačuvano.", "Saved."},
    [W_ERROR] = {"Greška", "Error"},
    [W_FIELDS_BAD] = {"Ispravite označeno polje:", "Please correct:"},
    [W_BACK] = {"Nazad", "Back"},
    [W_DETAILS] = {"Detalji", "Details"},
    [W_CHANNELS] = {"Kanali kontakta", "Contact channels"},
    [W_PURPOSE] = {"Svrha", "Purpose"},
    [W_KEY] = {"Ključ", "Key"},
    [W_NOT_JOINED] = {"nije pridružen čvorištu", "not joined to a hub"},
    [W_ENTRIES_WAITING] = {"unosa čeka", "entries waiting"},
    [W_LANG_OTHER] = {"English", "Bosanski"},
    [W_FEDERATION] = {"Članovi drugih čvorišta (iz registra)",
                      "Members of other hubs (from the roster)"},
    [W_VOUCHED] = {"Član čvorišta", "Member of hub"},
};

const char *web_word(bool en, enum web_word w)
{
    const char *t = (size_t)w < W_COUNT_ ? words[w][en] : NULL;
    return t ? t : "?";
}

const char *web_t(const struct web_page *p, enum web_word w)
{
    return web_word(p->en, w);
}

/* Field labels; a field not listed shows its name. */
static const char *const field_labels[][3] = {
    {"title", "Naziv", "Title"},
    {"summary", "Sažetak", "Summary"},
    {"problem", "Problem", "Problem"},
    {"solution", "Rješenje", "Solution"},
    {"results", "Rezultati", "Results"},
    {"resources", "Resursi", "Resources"},
    {"cost_amount", "Trošak", "Cost"},
    {"cost_currency", "Valuta", "Currency"},
    {"funding", "Finansiranje", "Funding"},
    {"start_year", "Godina početka", "Start year"},
    {"end_year", "Godina završetka", "End year"},
    {"status", "Status", "Status"},
    {"evidence", "Dokazi", "Evidence"},
    {"transferability", "Prenosivost", "Transferability"},
    {"conditions", "Uslovi za prenos", "Conditions for transfer"},
    {"lessons", "Naučene lekcije", "Lessons learned"},
    {"sectors", "Sektori", "Sectors"},
    {"diaspora_role", "Uloga dijaspore", "Diaspora role"},
    {"contact_email", "E-mail za kontakt", "Contact e-mail"},
    {"lang", "Jezik", "Language"},
    {"script", "Pismo", "Script"},
    {"review_status", "Status pregleda", "Review status"},
    {"owner_lsg", "Općina vlasnik", "Owner municipality"},
    {"scope", "Dijeljenje", "Sharing"},
    {"given_name", "Ime", "Given name"},
    {"family_name", "Prezime", "Family name"},
    {"country", "Država", "Country"},
    {"city", "Grad", "City"},
    {"occupation", "Zanimanje", "Occupation"},
    {"languages", "Jezici", "Languages"},
    {"interests", "Interesi", "Interests"},
    {"email", "E-mail", "E-mail"},
    {"phone", "Telefon", "Phone"},
    {"name", "Naziv", "Name"},
    {"description", "Opis", "Description"},
    {"category", "Kategorija", "Category"},
    {"place", "Mjesto", "Place"},
    {"start_date", "Početak", "Start"},
    {"end_date", "Kraj", "End"},
    {"owner", "Vlasnik", "Owner"},
    {"purpose", "Svrha", "Purpose"},
    {"granted_at", "Data", "Granted"},
    {"withdrawn_at", "Povučena", "Withdrawn"},
    {"channels", "Kanali", "Channels"},
};

const char *web_field_label(const struct web_page *p, const char *field)
{
    for (size_t i = 0; i < sizeof(field_labels) / sizeof(field_labels[0]);
         i++)
        if (strcmp(field_labels[i][0], field) == 0)
            return field_labels[i][p->en ? 2 : 1];
    return field;
}

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

/* ---- sessions ---- */

static int64_t now_ms(void)
{
    return (int64_t)sync_hlc_wall_ms();
}

static void random_hex(char out[2 * 32 + 1])
{
    uint8_t raw[32];
    sync_random(raw, sizeof(raw));
    sync_hex_encode(out, 2 * 32 + 1, raw, sizeof(raw));
    sync_memzero(raw, sizeof(raw));
}

static struct web_session *session_find(struct node_web *w, const char *token)
{
    if (!token || strlen(token) != 2 * 32)
        return NULL;
    int64_t now = now_ms();
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
static struct web_session *session_new(struct web_page *p)
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
    random_hex(s->token);
    random_hex(s->csrf);
    s->last = now_ms();
    struct node_web_resp *r = p->r;
    if (r->n_cookies < WEB_COOKIES_MAX)
        snprintf(r->cookies[r->n_cookies++], sizeof(r->cookies[0]),
                 "spona_s=%s; Path=/; HttpOnly; SameSite=Strict%s", s->token,
                 w->tls ? "; Secure" : "");
    return s;
}

/* The visitor's role: the account's, or the operator's when no login is
 * asked for. "" when a login is needed and missing. */
static const char *role_of(const struct web_page *p)
{
    if (p->s && p->s->role[0])
        return p->s->role;
    return p->w->login ? "" : "admin";
}

static int role_rank(const char *role)
{
    return strcmp(role, "admin") == 0    ? 3
           : strcmp(role, "editor") == 0 ? 2
           : strcmp(role, "viewer") == 0 ? 1
                                         : 0;
}

bool web_can(const struct web_page *p, const char *role)
{
    return role_rank(role_of(p)) >= role_rank(role);
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

static bool csrf_ok(const struct web_page *p)
{
    const char *t = web_form(p, "csrf");
    return p->s && t && strlen(t) == 2 * 32 &&
           sync_memeq(t, p->s->csrf, 2 * 32);
}

/* ---- the frame ---- */

static const char css[] =
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
    if (role_rank(role_of(p)) >= 1)
        web_fmt(p, "<a href=\"/diaspora\">%s</a><a href=\"/sync\">%s</a>",
                web_t(p, W_DIASPORA), web_t(p, W_SYNC));
    if (sync_engine_is_hub(p->w->e) && role_rank(role_of(p)) >= 1)
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
        if (!free_slot && now - f->last > WEB_LOGIN_PAUSE_MS &&
            f->until <= now)
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

static void login_page(struct web_page *p, const char *msg)
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
    web_fmt(p, "\"><label for=\"user\">%s</label><input type=\"text\" "
               "id=\"user\" name=\"user\" autocomplete=\"username\" "
               "required maxlength=\"64\">"
               "<label for=\"password\">%s</label><input type=\"password\" "
               "id=\"password\" name=\"password\" "
               "autocomplete=\"current-password\" required>"
               "<p><button class=\"primary\">%s</button></p></form>",
            web_t(p, W_USER), web_t(p, W_PASSWORD), web_t(p, W_LOGIN));
    web_end(p);
}

static void login_post(struct web_page *p)
{
    struct sync_account a;
    struct sync_err err;
    const char *user = web_form(p, "user"), *pw = web_form(p, "password");
    int64_t now = now_ms();
    sync_err_init(&err);
    if (!user || !pw || strlen(user) > 64) {
        p->r->status = 400;
        login_page(p, web_t(p, W_BAD_LOGIN));
        return;
    }
    struct web_fails *f = fails_of(p->w, user, false, now);
    bool paused = (f && f->until > now) ||
                  (!f && !fails_of(p->w, user, true, now));
    enum sync_rc rc = paused ? SYNC_CONFLICT
                             : sync_store_account_get(
                                   sync_engine_store(p->w->e), user, &a, &err);
    /* Argon2id is slow on purpose. An unknown name is checked against a
     * hash of nothing, so the time does not tell which names exist; a
     * name with too many failures waits before it is tried again. */
    if (!paused)
        rc = sync_pw_check(rc ? p->w->dummy_hash : a.hash, pw) ? SYNC_BADSIG
             : rc                                           ? rc
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
        login_page(p, web_t(p, W_BAD_LOGIN));
        return;
    }
    if (f)
        memset(f, 0, sizeof(*f));
    /* A new session on login: a token known before it is worth nothing. */
    memset(p->s, 0, sizeof(*p->s));
    p->s = session_new(p);
    snprintf(p->s->user, sizeof(p->s->user), "%s", a.name);
    snprintf(p->s->role, sizeof(p->s->role), "%s", a.role);
    sync_memzero(a.hash, sizeof(a.hash));
    node_log(p->w->ctx, NODE_INFO, "web: '%s' logged in (%s)", a.name,
             a.role);
    web_redirect(p, safe_next(web_form(p, "next")));
}

/* ---- routing ---- */

static bool is(const struct web_page *p, const char *method, const char *path)
{
    return strcmp(p->q->method, method) == 0 &&
           strcmp(p->q->path, path) == 0;
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
    } else if (is(p, "GET", "/diaspora")) {
        web_diaspora(p);
    } else if ((rest = segment(path, "/t/", seg, sizeof(seg))) && !post) {
        char id[64];
        if (!*rest)
            web_table(p, seg);
        else if (segment(rest, "/", id, sizeof(id)) &&
                 !strchr(rest + 1, '/'))
            web_row(p, seg, id);
        else
            web_error(p, 404, web_t(p, W_NOT_FOUND));
    } else if (web_ops_path(path) && !post) {
        web_ops(p);
    } else if (is(p, "GET", "/sync")) {
        web_sync(p);
    } else if (is(p, "GET", "/hub")) {
        web_hub(p);
    } else if (is(p, "POST", "/hub/invite")) {
        web_hub_invite(p);
    } else if (is(p, "POST", "/hub/revoke")) {
        web_hub_revoke(p);
    } else if ((rest = segment(path, "/export/", seg, sizeof(seg))) &&
               !*rest && !post) {
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
    if (sync_store_account_get(sync_engine_store(p->w->e), p->s->user, &a,
                               &err)) {
        memset(p->s, 0, sizeof(*p->s));
        p->s = NULL;
        return;
    }
    snprintf(p->s->role, sizeof(p->s->role), "%s", a.role);
    sync_memzero(a.hash, sizeof(a.hash));
}

/* Settles the language: ?lang= (remembered in a cookie), the cookie, or
 * Bosnian. */
static void pick_lang(struct web_page *p)
{
    const char *q = web_query(p, "lang");
    const char *c = p->q->cookie_lang;
    p->en = q ? strcmp(q, "en") == 0 : c && strcmp(c, "en") == 0;
    struct node_web_resp *r = p->r;
    if (q && r->n_cookies < WEB_COOKIES_MAX)
        snprintf(r->cookies[r->n_cookies++], sizeof(r->cookies[0]),
                 "spona_lang=%s; Path=/; Max-Age=31536000; SameSite=Strict%s",
                 p->en ? "en" : "bs", p->w->tls ? "; Secure" : "");
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
        web_raw(&p, css);
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
    p.s = session_find(w, q->cookie_session);
    if (p.s && p.s->user[0])
        refresh_account(&p);
    bool post = strcmp(q->method, "POST") == 0;
    if (post && (q->form_too_big || q->form_bad || !csrf_ok(&p))) {
        web_error(&p, q->form_too_big ? 413 : q->form_bad ? 400 : 403,
                  web_t(&p, q->form_too_big ? W_FORM_TOO_BIG
                            : q->form_bad   ? W_NOT_A_FORM
                                            : W_EXPIRED));
        return;
    }
    if (!p.s)
        p.s = session_new(&p);
    p.s->last = now_ms();
    set_actor(&p);
    if (is(&p, "GET", "/login")) {
        login_page(&p, NULL);
    } else if (is(&p, "POST", "/login")) {
        login_post(&p);
    } else if (is(&p, "POST", "/logout")) {
        memset(p.s, 0, sizeof(*p.s));
        web_redirect(&p, w->login ? "/login" : "/practices");
    } else if (!role_of(&p)[0]) {
        char next[600];
        char *e = sync_url_escape(q->path);
        /* A path too long to come back to just goes to the login. */
        bool fits = (size_t)snprintf(next, sizeof(next), "/login?next=%s",
                                     e) < sizeof(next);
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
    random_hex(nothing);
    enum sync_rc rc = sync_pw_hash(w->dummy_hash, nothing, err);
    if (!rc)
        rc = sync_store_lsg_each(sync_engine_store(e), keep_lsg, w, err);
    if (rc) {
        w->e = NULL;
        node_web_free(w);
        return rc;
    }
    if (w->n_lsg)
        qsort(w->lsg, w->n_lsg, sizeof(*w->lsg), lsg_cmp);
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
