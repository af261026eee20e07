/* SPDX-License-Identifier: MIT */
/*
 * web: the pages of 'spona serve', rendered on the server as HTML. http.c
 * hands each request over as a struct node_web_req (already parsed by
 * libmicrohttpd) and sends back the struct node_web_resp; the web_*.c
 * files know nothing of libmicrohttpd. Pages are built by web_html and
 * web_raw, which take string constants as markup and escape every value
 * (html.c): markup made at run time goes in only through web_trusted. Shared by
 * web.c (routing, sessions, login, layout, words), web_practice.c,
 * web_records.c and web_hub.c, and by http.c, which carries them.
 */
#ifndef NODE_WEB_H
#define NODE_WEB_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spona/buf.h"
#include "common/node.h"
#include "spona/report.h"
#include "spona/sig.h"

#define WEB_FIELDS_MAX 96         /* query and form fields of a request */
#define WEB_FORM_MAX (256 * 1024) /* bytes of a form body */
#define WEB_UPLOAD_MAX (32 * 1024 * 1024) /* bytes of a spreadsheet upload */
#define WEB_COOKIES_MAX 4                 /* Set-Cookie headers of a response */
#define WEB_PAGE_SIZE 20                  /* rows per page of a list */
#define WEB_PAGE_MAX (8 * 1024 * 1024)    /* bytes of one page */
#define WEB_LIST_MAX 100000               /* rows a list page looks through */

/* A name and value of the query string or the form; both owned. */
struct web_kv {
    char *key;
    char *value; /* NUL-terminated; may hold NULs of a file */
    size_t len;  /* bytes of value */
};

/* A request, as http.c collected it. */
struct node_web_req {
    const char *method;                  /* "GET", "POST", ... */
    const char *path;                    /* decoded path, e.g. "/practices" */
    struct web_kv query[WEB_FIELDS_MAX]; /* query string fields */
    size_t n_query;
    struct web_kv form[WEB_FIELDS_MAX]; /* POST form fields, in order */
    size_t n_form;
    bool form_too_big;          /* the form went over a limit */
    const char *cookie_session; /* the session cookie, or NULL */
    const char *cookie_lang;    /* the language cookie, or NULL */
    const char *host;           /* the Host header, or NULL */
    const char *origin;         /* the Origin header, or NULL */
    bool form_bad;              /* the body is not a well-formed form */
    bool peer_loopback;         /* the client connected from loopback */
};

/* A response for http.c to send. */
struct node_web_resp {
    unsigned status;                    /* HTTP status */
    const char *type;                   /* Content-Type */
    struct sync_buf body;               /* the page */
    char location[640];                 /* redirect target, or "" */
    char cookies[WEB_COOKIES_MAX][256]; /* Set-Cookie values */
    size_t n_cookies;
    char filename[80]; /* download name, or "" */
};

/* ---- words ---- */
enum web_word {
    W_APP,
    W_PRACTICES,
    W_DIASPORA,
    W_SYNC,
    W_HUB,
    W_SEARCH,
    W_SEARCH_HINT,
    W_ALL,
    W_SECTOR,
    W_MUNICIPALITY,
    W_ENTITY,
    W_STATUS,
    W_YEAR,
    W_SCOPE,
    W_FILTER,
    W_RESULT,
    W_RESULTS,
    W_NO_RESULTS,
    W_PAGE,
    W_OF,
    W_PREV,
    W_NEXT,
    W_ADD_PRACTICE,
    W_EDIT,
    W_SAVE,
    W_OWNER,
    W_OWNER_LSG,
    W_ARRIVED,
    W_THROUGH,
    W_WRITTEN_HERE,
    W_AUTHOR_NODE,
    W_INDICATORS,
    W_INDICATOR,
    W_UNIT,
    W_BASELINE,
    W_TARGET,
    W_ACHIEVED,
    W_CREATED,
    W_UPDATED,
    W_NOT_FOUND,
    W_FORBIDDEN,
    W_LOGIN,
    W_LOGOUT,
    W_USER,
    W_PASSWORD,
    W_BAD_LOGIN,
    W_EXPIRED,
    W_FORM_TOO_BIG,
    W_NOT_A_FORM,
    W_PERSONS,
    W_ORGANISATIONS,
    W_SERVICES,
    W_EVENTS,
    W_NEEDS,
    W_CONSENTS,
    W_NO_CONSENT,
    W_CONSENTS_ELSEWHERE,
    W_AUDIT_NOTE,
    W_HUB_URL,
    W_LAST_SYNC,
    W_NEVER,
    W_UNACKED,
    W_CONFLICTS,
    W_REJECTED,
    W_FORKS,
    W_WITHHELD,
    W_EVIDENCE,
    W_KIND,
    W_PROOF,
    W_FROM,
    W_NONE,
    W_FIELD,
    W_ROW,
    W_CURRENT,
    W_LOST,
    W_REASON,
    W_WHEN,
    W_MEMBERS,
    W_ORGANISATION,
    W_NAME,
    W_ROLE,
    W_LAG,
    W_SKEW,
    W_ACTIVE,
    W_REVOKED,
    W_REVOKE,
    W_INVITE,
    W_INVITE_FOR,
    W_JOIN_STRING,
    W_COUNTS,
    W_PER_MUNICIPALITY,
    W_PER_SECTOR,
    W_PER_COUNTRY,
    W_EXPORT,
    W_ROWS,
    W_NOT_HUB,
    W_SAVED,
    W_ERROR,
    W_FIELDS_BAD,
    W_BACK,
    W_DETAILS,
    W_CHANNELS,
    W_PURPOSE,
    W_KEY,
    W_NOT_JOINED,
    W_ENTRIES_WAITING,
    W_FEDERATION,
    W_VOUCHED,
    W_SEARCH_ALL,
    W_DID_YOU_MEAN,
    W_KEEP_THIS,
    W_PENDING,
    W_SYNC_ASKED,
    W_REVOKE_DONE,
    W_REVOKE_ASK,
    W_REVOKE_WHAT,
    W_CANCEL,
    W_ROLE_NODE,
    W_ROLE_HUB,
    W_SYNC_NOW,
    W_ENT_FBIH,
    W_ENT_RS,
    W_ENT_BD,
    W_SEQ,
    W_T_PRACTICE,
    W_T_PERSON,
    W_T_CONSENT,
    W_T_SERVICE,
    W_T_EVENT,
    W_T_NEED,
    W_T_REVIEW,
    W_F_WITHHELD,
    W_F_SPLIT,
    W_F_ROLLBACK,
    W_F_ROOT,
    W_F_LOST,
    W_F_BEHIND,
    W_F_GAP,
    W_E_NOT_NUMBER,
    W_E_RANGE,
    W_AND,
    W_E_ENUM,
    W_E_EMAIL,
    W_E_URL,
    W_E_DATE,
    W_E_UUID,
    W_E_TOO_LONG,
    W_E_TOO_MANY,
    W_E_TEXT,
    W_E_REQUIRED,
    W_BAD_NUMBERS,
    W_BAD_PAGE,
    W_KEEP_ASK,
    W_KEEP_WHAT,
    W_KEPT,
    W_DROPPED,
    W_E_DRAFT,
    W_OR,
    W_R_REVOKED,
    W_R_NOT_MEMBER,
    W_R_NOT_VOUCHED,
    W_R_SIGNATURE,
    W_R_HASH,
    W_R_FORK,
    W_R_DRAFT,
    W_R_ERASED,
    W_R_OWNED,
    W_R_OWNER,
    W_R_REACH,
    W_R_REVIEWS,
    W_R_MISSING,
    W_R_UNKNOWN,
    W_R_LOCAL_FIELD,
    W_IMPORT,
    W_IMPORT_HINT,
    W_IMPORT_TABLE,
    W_IMPORT_FILE,
    W_IMPORT_SKIP,
    W_IMPORT_GO,
    W_IMPORT_NO_FILE,
    W_IMPORT_ROWS,
    W_IMPORT_DONE,
    W_IMPORT_REFUSED,
    W_IMPORT_OTHERS,
    W_IMPORT_NOTHING,
    W_IMPORT_ENCODING,
    W_IMPORT_LINE,
    W_IMPORT_COLUMN,
    W_IMPORT_PROBLEM,
    W_IMPORT_MORE,
    W_IMPORT_WARNINGS,
    W_IMPORT_BAD_FILE,
    W_P_NOT_ALLOWED,
    W_P_NOT_NUMBER,
    W_P_NOT_WHOLE,
    W_P_TOO_LARGE,
    W_P_NOT_DATE,
    W_P_UNKNOWN_COLUMN,
    W_P_FIELDS,
    W_ADD,
    W_DELETE,
    W_DELETE_ASK,
    W_DELETE_WHAT,
    W_DELETED,
    W_ADD_CONSENT,
    W_WITHDRAW,
    W_WITHDRAWN,
    W_ERASE,
    W_ERASE_ASK,
    W_ERASE_WHAT,
    W_ERASED,
    W_E_CONSENT,
    W_E_CONSENT_WITH,
    W_E_PUBLIC,
    W_R_PUBLIC,
    W_E_UNREVIEWED,
    W_REVIEW_QUEUE,
    W_REVIEW_NONE,
    W_REVIEW,
    W_REVIEWER,
    W_APPROVE,
    W_RETURN,
    W_PUBLISH,
    W_REPORT,
    W_PER_ENTITY,
    W_PER_CANTON,
    W_PER_STATUS,
    W_PER_YEAR,
    W_COUNT,
    W_NOT_GIVEN,
    W_CANTON_USK,
    W_CANTON_PK,
    W_CANTON_TK,
    W_CANTON_ZDK,
    W_CANTON_BPK,
    W_CANTON_SBK,
    W_CANTON_HNK,
    W_CANTON_ZHK,
    W_CANTON_KS,
    W_CANTON_K10,
    W_COUNT_
};
/* The word in Bosnian or English. */
const char *web_word(bool en, enum web_word w);
/* Serbian text in Latin letters in Cyrillic ones, each of the digraphs
 * lj, nj and dž one letter; addresses (with "://") and a few
 * abbreviations (CSV, URL, ID) stay as they are. Belongs to the caller. */
char *web_cyrillic(const char *latin);
/* Every word in Serbian Cyrillic into out (each owned by the caller). */
void web_words_sr(char *out[W_COUNT_]);
/* The word in Croatian: the Bosnian one where they agree. */
const char *web_word_hr(enum web_word w);

/* ---- sessions ---- */
#define WEB_SESSIONS_MAX 256                    /* sessions kept at once */
#define WEB_SESSION_IDLE_MS (8 * 3600 * 1000LL) /* idle time before expiry */
/* Failed logins of a name before a pause. */
#define WEB_LOGIN_FAILS 5
#define WEB_LOGIN_PAUSE_MS (60 * 1000LL) /* ... of this long */
#define WEB_LOGINS_TRACKED 32            /* names whose failures are counted */

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
    int n;         /* failures in a row */
    int64_t until; /* Unix ms before which the name may not log in */
    int64_t last;  /* Unix ms of its latest failure */
};
_Static_assert(sizeof(((struct web_fails *)0)->name) ==
                   sizeof(((struct sync_account *)0)->name),
               "name sizes differ");

/* ---- one request being answered ---- */
struct web_session;

struct web_page {
    struct node_web *w;           /* the server */
    const struct node_web_req *q; /* the request */
    struct node_web_resp *r;      /* the response */
    struct web_session *s;        /* the visitor's session */
    bool en;                      /* English, else Bosnian */
    bool sr;                      /* Serbian in Cyrillic (en is false) */
    bool hr;                      /* Croatian (en and sr are false) */
    bool overflow;                /* the page went over WEB_PAGE_MAX */
};

/* The server's state; owned by http.c's UI thread. */
struct node_web {
    const struct node_ctx *ctx;        /* config, for invites and logs */
    struct sync_engine *e;             /* used by the UI thread only; owned */
    bool login;                        /* pages need a login */
    bool tls;                          /* served over HTTPS */
    struct web_session *sess;          /* WEB_SESSIONS_MAX slots; owned */
    struct web_fails *fails;           /* failed logins per name; owned */
    char dummy_hash[SYNC_PWHASH_SIZE]; /* checked for unknown names */
    char *sr_words[W_COUNT_];          /* the words in Serbian; owned */
    struct web_lsg *lsg;               /* municipalities; owned */
    size_t n_lsg;
};

/* A municipality, for names and the entity filter. */
struct web_lsg {
    char id[48];
    char name_lat[64];
    char name_cyr[64];
    char entity[8];
    char key[64]; /* folded Latin name, for ordering */
};

/*
 * Appends tmpl, a string constant of markup, with printf's conversions
 * replaced by the arguments (the compiler checks them): text (%s, NULL
 * for nothing, a precision counts bytes of whole characters) and numbers
 * are HTML-escaped. No length limit: a page grows to WEB_PAGE_MAX, and
 * node_web_handle answers with an error page past it.
 */
#define web_html(p, tmpl, ...) web_html_((p), "" tmpl "", __VA_ARGS__)
void web_html_(struct web_page *p, const char *tmpl, ...) SYNC_PRINTF(2, 3);
/* Appends markup, a string constant (anything else does not build). */
#define web_raw(p, markup) web_raw_((p), "" markup "")
void web_raw_(struct web_page *p, const char *markup);
/* Appends text, HTML-escaped (NULL appends nothing). */
void web_esc(struct web_page *p, const char *text);
/* A search passage (sync_read_search's snippet): escaped, with its \1 and
 * \2 marks as <mark> and </mark>. */
void web_marked(struct web_page *p, const char *s);
/* Appends markup built at run time by our own code, marked safe by the
 * caller: the one way around escaping, so a reviewer can find each. */
void web_trusted(struct web_page *p, const char *html);
/* Appends formatted text as it is, for a body that is not HTML (the
 * Prometheus text of /metrics, JSON): the caller escapes for that format.
 * Like web_trusted, a marked way around escaping. */
void web_text(struct web_page *p, const char *fmt, ...) SYNC_PRINTF(2, 3);
/* Appends <option value="value">label</option>, selected or not. */
void web_option(struct web_page *p, const char *value, const char *label,
                bool selected);
/* Appends text percent-encoded for a URL query value. */
void web_url(struct web_page *p, const char *text);
/* The word in the page's language. */
const char *web_t(const struct web_page *p, enum web_word w);
/* Why an entry was refused, in words where the pages know the reason,
 * else as the engine wrote it. */
const char *web_reason_label(const struct web_page *p, const char *reason);
/* A row of table, in words ("Praksa"), or table itself. */
const char *web_table_label(const struct web_page *p, const char *table);
/* A kind of finding against a hub ("gap", ...) in words, or kind. */
const char *web_finding_label(const struct web_page *p, const char *kind);
/* Name of an entity ("FBiH", "RS", "BD"), or entity itself. */
const char *web_entity_label(const struct web_page *p, const char *entity);
/* Label of a federation role ("node", "hub"), or role itself. */
const char *web_role_label(const struct web_page *p, const char *role);

/* Value of a query field, or NULL (empty counts as missing). */
const char *web_query(const struct web_page *p, const char *key);
/* Value of a form field, or NULL (the first of several). */
const char *web_form(const struct web_page *p, const char *key);

/* Begins a page: head, navigation; title is escaped. */
void web_begin(struct web_page *p, const char *title);
/* Ends a page. */
void web_end(struct web_page *p);
/* A whole error page with status and message (escaped). */
void web_error(struct web_page *p, unsigned status, const char *msg);
/* Answers with a 303 to path (a local path). */
void web_redirect(struct web_page *p, const char *path);
/* What a page says after a POST that went well. */
enum web_done {
    WEB_DONE_SAVED,     /* "Saved." */
    WEB_DONE_SYNC,      /* a sync round was asked for */
    WEB_DONE_REVOKED,   /* a member was revoked */
    WEB_DONE_DELETED,   /* a row was deleted */
    WEB_DONE_WITHDRAWN, /* a consent was withdrawn */
    WEB_DONE_ERASED,    /* a person was erased */
};
/* web_redirect to path with ?done= (or &done=), so the page shows the
 * notice of done. */
void web_redirect_done(struct web_page *p, const char *path,
                       enum web_done done);
/* The hidden CSRF field of a form. */
void web_csrf_field(struct web_page *p);
/* Whether the visitor's role is at least role. */
bool web_can(const struct web_page *p, const char *role);
/* Whether the visitor's role is at least role ("viewer", "editor",
 * "admin"); when not, answers 403 and returns false. */
bool web_allow(struct web_page *p, const char *role);

/* Label of value in enumeration dom in the page's language, or value. */
const char *web_enum_label(const struct web_page *p,
                           const struct sync_enum *dom, const char *value);
/* Label of an enum value of a field of table t, or the value itself. */
const char *web_label(const struct web_page *p, const struct sync_fdef *f,
                      const char *value);
/* Label of field of table (NULL: any table) in the page's language: the
 * schema's (meta_label), else the name itself. */
const char *web_field_label(const struct web_page *p, const char *table,
                            const char *field);
/* Appends the value of field f of r for reading: labels for enums (list
 * items joined by ", "), numbers as numbers; escaped. */
void web_value(struct web_page *p, const struct sync_fdef *f,
               const struct sync_record *r);
/* The municipality called id, or NULL. */
const struct web_lsg *web_lsg(const struct node_web *w, const char *id);
/* Unix ms as Europe/Sarajevo time, "2026-11-23 10:35 CET" (summer:
 * CEST), or "-"; stored and signed times stay UTC. */
void web_time(char out[32], int64_t ms);
/* Seconds Europe/Sarajevo is ahead of UTC at Unix ms: 3600, or 7200 in
 * summer time. */
int64_t web_local_offset(int64_t ms);
/* A table row <tr><th>label</th><td>escaped value</td></tr>. */
void web_kv_row(struct web_page *p, const char *label, const char *value);

/* ---- forms (form.c) ---- */
/* What is wrong with a posted form. */
struct web_form_err {
    char field[64]; /* the field to mark, or "" */
    char msg[512];  /* in the page's language, the field by its label */
};
/* The value field f shows in a form, into out: what was posted, else
 * cur's (cur may be NULL). SYNC_TOOBIG when it does not fit out. */
enum sync_rc web_form_value(struct web_page *p, const struct sync_fdef *f,
                            const struct sync_record *cur, bool posted,
                            struct sync_buf *out) SYNC_MUST_CHECK;
/* Turns the posted form into the fields of table t to write into set,
 * checked as sync_schema_parse checks them; with "scope" when posted. On
 * a new row (cur NULL), empty fields are left out and required ones must
 * be there; on an edit, empty fields clear theirs and fields left as cur
 * holds them are not written. SYNC_INVALID or SYNC_TOOBIG with fe
 * filled in. */
enum sync_rc web_read_form(struct web_page *p, const struct sync_tdef *t,
                           const struct sync_record *cur,
                           struct sync_record *set,
                           struct web_form_err *fe) SYNC_MUST_CHECK;

/* A labelled field of a form for table (its label from the schema, " *"
 * when required), holding val: enums as a select, lists of a few values
 * as checkboxes (longer ones as a multiple select), long texts as a text
 * area; bad: the field an error names, marked. */
void web_input(struct web_page *p, const char *table, const struct sync_fdef *f,
               const char *val, bool bad);

/* What the engine said when it refused to write fields of table t (msg,
 * English), for the form: in the page's language where the pages know
 * the rule, else as it is. */
void web_write_error(struct web_page *p, const struct sync_tdef *t,
                     const char *msg, struct web_form_err *fe);

/* ---- shared by the files of the pages ---- */
/* The style sheet of every page. */
extern const char web_css[];
const char *web_role_of(const struct web_page *p);
int web_role_rank(const char *role);
bool web_csrf_ok(const struct web_page *p);
struct web_session *web_session_find(struct node_web *w, const char *token);
struct web_session *web_session_new(struct web_page *p);
int64_t web_now_ms(void);
void web_login_page(struct web_page *p, const char *msg);
void web_login_post(struct web_page *p);
void web_random_hex(char out[2 * 32 + 1]);

/* ---- for http.c ---- */
/* The pages over engine e (taken, used by the calling thread only);
 * login: visitors must log in; tls: served over HTTPS. */
enum sync_rc node_web_new(struct node_web **out, const struct node_ctx *ctx,
                          struct sync_engine *e, bool login, bool tls,
                          struct sync_err *err) SYNC_MUST_CHECK;
/* Frees the server state and closes its engine; w may be NULL. */
void node_web_free(struct node_web *w);
/* Answers one request; r is initialised here, its body released by the
 * caller with sync_buf_release. */
void node_web_handle(struct node_web *w, const struct node_web_req *q,
                     struct node_web_resp *r);
/* Frees the fields of q (form values are wiped: they may hold passwords). */
void node_web_req_release(struct node_web_req *q);

/* ---- the pages ---- */
void web_practices(struct web_page *p);                /* GET /practices */
void web_practice(struct web_page *p, const char *id); /* GET /practices/ID */
/* The hub's reviews of practice id, a section of its page (review.c). */
void web_practice_reviews(struct web_page *p, const char *id);
/* Whether this node is a hub and the visitor has role; answers 403 or
 * 404 and returns false when not. */
bool web_hub_only(struct web_page *p, const char *role);
void web_hub_review(struct web_page *p);      /* GET /hub/review */
void web_hub_review_post(struct web_page *p); /* POST /hub/review */
void web_hub_stats(struct web_page *p);       /* GET /hub/stats */
/* The label of a group of dimension d of the hub's report:
 * from the schema, the words (entities, cantons, "not given"), or the
 * year itself; never a code where a label exists. */
const char *web_report_label(const struct web_page *p, enum sync_report_dim d,
                             const char *value);
/* GET /hub/stats/NAME.csv or NAME.xlsx: one table of the report. */
void web_hub_stats_file(struct web_page *p, const char *file);
void web_practice_form(struct web_page *p, const char *id); /* new, edit */
void web_diaspora(struct web_page *p);                      /* GET /diaspora */
void web_table(struct web_page *p, const char *table);      /* GET /t/TABLE */
void web_row(struct web_page *p, const char *table, const char *id);
void web_sync(struct web_page *p);           /* GET /sync */
void web_sync_now(struct web_page *p);       /* POST /sync/now */
void web_hub(struct web_page *p);            /* GET /hub */
void web_hub_invite(struct web_page *p);     /* POST /hub/invite */
void web_hub_revoke(struct web_page *p);     /* POST /hub/revoke */
void web_hub_revoke_ask(struct web_page *p); /* GET /hub/revoke?key= */
void web_resolve(struct web_page *p);        /* POST /resolve */
void web_resolve_ask(struct web_page *p);    /* GET /resolve?... */
/* The table of every open conflict the visitor may see, for the sync
 * page; the number of rows written (0: nothing, not even the table). */
size_t web_sync_conflicts(struct web_page *p);
/* The open conflicts of row id of table (a practice or a diaspora row),
 * each version with a "keep this one" button for editors of the owner
 * (nothing when there are none); resolving comes back to the row. */
void web_row_conflicts(struct web_page *p, const char *table, const char *id);
void web_export(struct web_page *p, const char *table); /* /export/T.csv */

/* ---- own rows of the diaspora tables (record_form.c, person.c) ---- */
/* Whether rows of table have forms here; whether they may be deleted. */
bool web_table_editable(const char *table);
bool web_table_deletable(const char *table);
/* Whether row r belongs to this node's organisation. */
bool web_row_is_own(const struct web_page *p, const struct sync_record *r);
/* Reads row id of table into cur when it is this node's own; otherwise
 * answers 404 (no such row) or 403 (another's) and returns false. */
bool web_load_own(struct web_page *p, const char *table, const char *id,
                  struct sync_record *cur);
/* The inputs of the fields of t but skip (NULL: none), holding what was
 * posted or cur's values; the field fe names is marked. */
void web_form_fields(struct web_page *p, const struct sync_tdef *t,
                     const struct sync_record *cur, bool posted,
                     const struct web_form_err *fe, const char *skip);
/* The fields r holds, labelled, as a table. */
void web_row_fields(struct web_page *p, const struct sync_tdef *t,
                    const struct sync_record *r);
/* GET and POST /t/TABLE/new and /t/TABLE/ID/edit (editors). */
void web_record_form(struct web_page *p, const char *table, const char *id);
/* GET (asks) and POST (deletes) /t/TABLE/ID/delete (editors). */
void web_record_delete(struct web_page *p, const char *table, const char *id);
/* The consents of person id with a withdraw button each, and (own,
 * editors) the form that adds one. */
void web_person_consents(struct web_page *p, const char *id, bool own);
/* GET and POST /t/person/ID/consent: a new consent (editors). */
void web_consent_form(struct web_page *p, const char *person);
/* POST /t/consent/ID/withdraw: withdrawn today (editors). */
void web_consent_withdraw(struct web_page *p, const char *id);
/* GET (asks) and POST (erases) /t/person/ID/erase (admins). */
void web_person_erase(struct web_page *p, const char *id);
void web_search(struct web_page *p); /* GET /search: every table */
void web_import(struct web_page *p); /* GET, POST /import: a spreadsheet */
/* The most bytes a body of method to path may have: a spreadsheet
 * upload's (for an editor's session token, or anyone without a login),
 * or a form's. */
size_t web_body_max(struct node_web *w, const char *method, const char *path,
                    const char *session);
/* GET /healthz and /metrics (metrics.c): whether path is one of them,
 * whether q may have it without a login (a loopback client naming this
 * machine), and the answer. */
bool web_ops_path(const char *path);
bool web_ops_open(const struct node_web_req *q);
void web_ops(struct web_page *p);

#endif
