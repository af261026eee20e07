/* SPDX-License-Identifier: MIT */
/*
 * person: what the pages do with a person beyond its form: the consents
 * (shown, added with purpose, date, method, evidence, notice version and
 * channels, withdrawn), and erasure everywhere, for admins only, after a
 * page that asks. Consents and erasure are the library's (sync_engine_put,
 * sync_engine_erase, which writes the audit log); reading a person here
 * is audited by the engine as every view is.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "spona/uuid.h"
#include "web/web.h"

#include "spona/banned.h"

struct consent_walk {
    struct web_page *p;
    const char *person;
    const struct sync_tdef *t;
    bool own; /* the visitor may withdraw this node's consents */
    size_t n;
};

static void withdraw_button(struct web_page *p, const struct sync_record *r)
{
    web_raw(p, "<form method=\"post\" class=\"inline\" action=\"/t/consent/");
    web_esc(p, sync_record_text(r, "id"));
    web_raw(p, "/withdraw\">");
    web_csrf_field(p);
    web_html(p, "<button class=\"withdraw\">%s</button></form>",
             web_t(p, W_WITHDRAW));
}

static enum sync_rc consent_row(const struct sync_record *r, void *payload)
{
    static const char *const cols[] = {"purpose", "granted_at", "withdrawn_at",
                                       "method",  "evidence",   "channels"};
    struct consent_walk *w = payload;
    const char *pid = sync_record_text(r, "person_id");
    const struct sync_rfield *del = sync_record_get(r, "_deleted");
    if (!pid || strcmp(pid, w->person) != 0 || (del && del->v.i))
        return SYNC_OK;
    if (!w->n++) {
        web_raw(w->p, "<table id=\"consents\"><tr>");
        for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
            web_html(w->p, "<th>%s</th>",
                     web_field_label(w->p, "consent", cols[i]));
        web_raw(w->p, "<th></th></tr>\n");
    }
    web_raw(w->p, "<tr>");
    for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
        const struct sync_fdef *f = sync_schema_field(w->t, cols[i]);
        web_raw(w->p, "<td>");
        if (f)
            web_value(w->p, f, r);
        web_raw(w->p, "</td>");
    }
    web_raw(w->p, "<td>");
    if (w->own && web_row_is_own(w->p, r) &&
        !sync_record_text(r, "withdrawn_at"))
        withdraw_button(w->p, r);
    web_raw(w->p, "</td></tr>\n");
    return SYNC_OK;
}

/* The form of a new consent of person (posted: show what was posted). */
static void consent_fields(struct web_page *p, const struct sync_tdef *t,
                           const char *person, bool posted,
                           const struct web_form_err *fe)
{
    web_raw(p, "<form class=\"edit\" id=\"consent-form\" method=\"post\" "
               "action=\"/t/person/");
    web_esc(p, person);
    web_raw(p, "/consent\">\n");
    web_csrf_field(p);
    web_raw(p, "<input type=\"hidden\" name=\"person_id\" value=\"");
    web_esc(p, person);
    web_raw(p, "\">\n");
    web_form_fields(p, t, NULL, posted, fe, "person_id");
    web_html(p,
             "<p><button class=\"primary\" id=\"add-consent\">%s</button>"
             "</p></form>\n",
             web_t(p, W_ADD_CONSENT));
}

void web_person_consents(struct web_page *p, const char *id, bool own)
{
    struct sync_err err;
    const struct sync_tdef *t =
        sync_schema_table(sync_engine_schema(p->w->e), "consent");
    struct consent_walk w = {.p = p, .person = id, .t = t, .own = own};
    if (!t)
        return;
    web_html(p, "<h2>%s</h2>\n", web_t(p, W_CONSENTS));
    if (sync_engine_list(p->w->e, t->name, consent_row, &w, &err))
        web_esc(p, err.msg);
    /* Consents stay on the node that recorded them (local by default):
     * another's person, shared under a consent, is not one without. */
    if (w.n)
        web_raw(p, "</table>\n");
    else
        web_html(p, "<p id=\"no-consent\">%s</p>\n",
                 web_t(p, own ? W_NO_CONSENT : W_CONSENTS_ELSEWHERE));
    if (own && web_can(p, "editor")) {
        web_html(p, "<h3>%s</h3>\n", web_t(p, W_ADD_CONSENT));
        consent_fields(p, t, id, false, NULL);
    }
}

void web_consent_form(struct web_page *p, const char *person)
{
    struct sync_record cur, set;
    struct sync_err err;
    char new_id[SYNC_UUID_TEXT];
    struct web_form_err fe = {0};
    const struct sync_tdef *t =
        sync_schema_table(sync_engine_schema(p->w->e), "consent");
    if (!web_allow(p, "editor"))
        return;
    sync_record_init(&cur);
    sync_record_init(&set);
    sync_err_init(&err);
    const char *pid = web_form(p, "person_id");
    bool post = strcmp(p->q->method, "POST") == 0;
    bool bad = false;
    if (!t || !web_load_own(p, "person", person, &cur)) {
        if (!t)
            web_error(p, 404, web_t(p, W_NOT_FOUND));
        goto out;
    }
    if (post && (!pid || strcmp(pid, person) != 0)) {
        web_error(p, 400, web_t(p, W_NOT_A_FORM));
        goto out;
    }
    if (post && web_read_form(p, t, NULL, &set, &fe)) {
        bad = true;
    } else if (post &&
               sync_engine_put(p->w->e, "consent", NULL, &set, new_id, &err)) {
        web_write_error(p, t, err.msg, &fe);
        bad = true;
    } else if (post) {
        char to[128];
        snprintf(to, sizeof(to), "/t/person/%s", person);
        node_log(p->w->ctx, NODE_INFO, "web: consent %s of person %s added",
                 new_id, person);
        web_redirect_done(p, to, WEB_DONE_SAVED);
        goto out;
    }
    if (bad)
        p->r->status = 400;
    web_begin(p, web_t(p, W_ADD_CONSENT));
    if (bad) {
        web_html(p, "<p class=\"error\" role=\"alert\" id=\"form-error\">%s ",
                 web_t(p, W_FIELDS_BAD));
        web_esc(p, fe.msg);
        web_raw(p, "</p>\n");
    }
    consent_fields(p, t, person, bad, bad ? &fe : NULL);
    web_end(p);
out:
    sync_record_release(&cur);
    sync_record_release(&set);
}

/* Today in Europe/Sarajevo, "2026-11-23". */
static void today(char out[16])
{
    int64_t ms = web_now_ms();
    time_t secs = (time_t)(ms / 1000 + web_local_offset(ms));
    struct tm tm;
    gmtime_r(&secs, &tm);
    if (!strftime(out, 16, "%Y-%m-%d", &tm))
        out[0] = '\0';
}

void web_consent_withdraw(struct web_page *p, const char *id)
{
    struct sync_record cur, set;
    struct sync_err err;
    struct sync_value v = {0};
    char day[16], to[128];
    const struct sync_tdef *t =
        sync_schema_table(sync_engine_schema(p->w->e), "consent");
    const struct sync_fdef *f = t ? sync_schema_field(t, "withdrawn_at") : NULL;
    if (!f) {
        web_error(p, 404, web_t(p, W_NOT_FOUND));
        return;
    }
    if (!web_allow(p, "editor"))
        return;
    sync_record_init(&cur);
    sync_record_init(&set);
    sync_err_init(&err);
    today(day);
    if (!web_load_own(p, "consent", id, &cur))
        goto out;
    snprintf(to, sizeof(to), "/t/person/%s",
             sync_record_text(&cur, "person_id")
                 ? sync_record_text(&cur, "person_id")
                 : "");
    if (sync_schema_parse(&v, f, day, &err)) {
        web_error(p, 500, err.msg);
        goto out;
    }
    sync_record_set(&set, f->name, &v);
    if (sync_engine_put(p->w->e, "consent", id, &set, NULL, &err)) {
        web_error(p, 400, err.msg);
        goto out;
    }
    node_log(p->w->ctx, NODE_INFO, "web: consent %s withdrawn", id);
    web_redirect_done(p, to, WEB_DONE_WITHDRAWN);
out:
    sync_value_clear(&v);
    sync_record_release(&cur);
    sync_record_release(&set);
}

/* Asks before an erasure: who goes, and a form that erases. */
static void erase_ask(struct web_page *p, const char *id,
                      const struct sync_record *cur)
{
    const struct sync_tdef *t =
        sync_schema_table(sync_engine_schema(p->w->e), "person");
    web_begin(p, web_t(p, W_ERASE_ASK));
    web_html(p, "<p id=\"erase-what\">%s</p>\n", web_t(p, W_ERASE_WHAT));
    web_row_fields(p, t, cur);
    web_raw(p, "<form method=\"post\" action=\"/t/person/");
    web_esc(p, id);
    web_raw(p, "/erase\">");
    web_csrf_field(p);
    web_html(p, "<p><button class=\"primary\" id=\"erase\">%s</button> ",
             web_t(p, W_ERASE));
    web_raw(p, "<a id=\"cancel\" href=\"/t/person/");
    web_esc(p, id);
    web_html(p, "\">%s</a></p></form>\n", web_t(p, W_CANCEL));
    web_end(p);
}

void web_person_erase(struct web_page *p, const char *id)
{
    struct sync_record cur;
    struct sync_err err;
    if (!web_allow(p, "admin"))
        return;
    sync_record_init(&cur);
    sync_err_init(&err);
    if (!web_load_own(p, "person", id, &cur)) {
        /* answered */
    } else if (strcmp(p->q->method, "POST") != 0) {
        erase_ask(p, id, &cur);
    } else if (sync_engine_erase(p->w->e, "person", id, &err)) {
        web_error(p, err.rc == SYNC_CONFLICT ? 409 : 400, err.msg);
    } else {
        node_log(p->w->ctx, NODE_INFO, "web: person %s erased", id);
        web_redirect_done(p, "/t/person", WEB_DONE_ERASED);
    }
    sync_record_release(&cur);
}
