/* SPDX-License-Identifier: MIT */
/*
 * http: the libmicrohttpd adapter, for a hub's sync API and for the web
 * pages (web.c). API handlers are short: collect the body (bounded), check
 * the request signature, call one sync_fed_* function, map its code to an
 * HTTP status through one table. Page requests are collected (query, form
 * through MHD's post processor, cookies) and handed to node_web_handle on
 * the pages' one server thread, which alone uses their engine.
 *
 * The sync API is served by a pool of NODE_HTTP_THREADS threads, each
 * with its own connection to the store, opened on its first request and
 * only read through (WAL readers never wait for the writer): info, the
 * checks of every request, and pulls run there in parallel. What a pull
 * would have written (the nonce, the member's last request and pull) is
 * kept in a struct sync_seen and written once a second. Pushes and joins
 * write: their connection is suspended and the request handed to the one
 * writer thread, which applies them in turn on the engine the server was
 * given and resumes the connection with the answer; a long push holds no
 * pool thread, and no handler ever waits on another peer.
 *
 * Slow or idle clients (slowloris) cannot hold the server: a reaper thread
 * closes, by shutting its socket down, every connection that has not
 * completed its TLS handshake and request headers within
 * SYNC_LIMIT_HEADER_TIMEOUT_S of being accepted or answered (less while
 * the server is busy). Request bodies are read only after the signed
 * headers pass sync_gate_headers, and the bytes of all bodies held before
 * their signature is checked are bounded by SYNC_LIMIT_BODY_INFLIGHT.
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>

#include <microhttpd.h>

#include "spona/buf.h"
#include "spona/fed.h"
#include "spona/mem.h"
#include "spona/json.h"
#include "common/node.h"
#include "server/server.h"
#include "spona/num.h"
#include "web/web.h"
#include "server/svc.h"
#include "spona/gate.h"
#include "spona/hlc.h"
#include "spona/seen.h"

#include "spona/banned.h"

/* An open connection, as the reaper sees it. */
struct node_conn {
    int fd;                 /* its socket */
    int64_t since_ms;       /* accepted, or its last request answered */
    bool waiting;           /* the headers of a request are not in yet */
    bool shut;              /* the reaper shut it down */
    struct node_conn *prev; /* list links, under node_http.mu */
    struct node_conn *next;
};

/* Threads serving the sync API: more than the cores, so a pull that
 * builds a large answer leaves others to answer the rest. */
#define NODE_HTTP_THREADS 4
/* Seconds between writes of what the pool threads recorded in memory. */
#define NODE_HTTP_FLUSH_S 0.25

struct node_req;

struct node_http {
    struct MHD_Daemon *d;         /* the server */
    pthread_mutex_t mu;           /* guards conns, n_conns, stopping,
                                     inflight, readers and the job queue */
    pthread_cond_t wake;          /* signals stopping to the reaper */
    pthread_t reaper;             /* closes connections past a deadline */
    bool reaping;                 /* the reaper thread runs */
    bool stopping;                /* the reaper should end */
    struct node_conn *conns;      /* open connections; owned */
    size_t n_conns;               /* entries in conns */
    size_t inflight;              /* unverified body bytes held */
    struct sync_engine *e;        /* the API's writer, used by the writer
                                     thread only; owned */
    pthread_key_t reader_key;     /* each pool thread's reading engine */
    bool reader_key_made;         /* reader_key was created */
    struct sync_engine **readers; /* every reading engine; owned */
    size_t n_readers;             /* entries in readers */
    struct sync_seen *seen;       /* nonces, sync times, budgets; owned */
    pthread_t writer;             /* applies pushes and joins */
    bool writing;                 /* the writer thread runs */
    pthread_cond_t work;          /* signals a job or closing to the writer */
    struct node_req *jobs;        /* requests for the writer, oldest first */
    struct node_req **jobs_end;   /* where the next job goes */
    bool closing;                 /* the writer takes no more jobs */
    struct node_web *web;         /* the pages, or NULL for the API; owned */
    const struct node_ctx *ctx;   /* for logging */
    char *name;                   /* node name for /v1/info; owned */
};

/* Everything one request allocates; freed when MHD completes it. */
struct node_req {
    struct sync_buf body;         /* the upload, at most SYNC_LIMIT_BODY */
    bool too_big;                 /* the body is declared over the limit */
    struct node_web_req web;      /* a page request */
    struct MHD_PostProcessor *pp; /* its form parser, or NULL */
    size_t form_bytes;            /* form bytes taken so far */
    size_t body_bytes;            /* raw page body bytes so far */
    size_t reserved;              /* its part of node_http.inflight */
    /* A push or join handed to the writer thread: */
    struct MHD_Connection *c;     /* its connection, suspended meanwhile */
    bool join;                    /* a join, not a push */
    uint8_t key[SYNC_SIG_PK_LEN]; /* who sent it */
    bool queued;                  /* handed over */
    bool done;                    /* answered: the fields below are set */
    bool stopped;                 /* not taken: the server is closing */
    enum sync_rc rc;              /* the outcome */
    char msg[256];                /* its message when rc */
    char *resp;                   /* the answer when !rc; owned */
    size_t resp_len;              /* its bytes */
    double secs;                  /* time the writer took */
    struct node_req *next_job;    /* the queue's link */
};

static unsigned status_of(enum sync_rc rc)
{
    static const unsigned map[SYNC_RC_COUNT_] = {
        [SYNC_OK] = MHD_HTTP_OK,
        [SYNC_NOTFOUND] = MHD_HTTP_NOT_FOUND,
        [SYNC_EXISTS] = MHD_HTTP_CONFLICT,
        [SYNC_CONFLICT] = MHD_HTTP_FORBIDDEN,
        [SYNC_INVALID] = MHD_HTTP_BAD_REQUEST,
        [SYNC_TOOBIG] = MHD_HTTP_CONTENT_TOO_LARGE,
        [SYNC_BADSIG] = MHD_HTTP_UNAUTHORIZED,
        [SYNC_PROTO] = MHD_HTTP_CONFLICT,
    };
    unsigned s = (size_t)rc < SYNC_RC_COUNT_ ? map[rc] : 0;
    return s ? s : MHD_HTTP_INTERNAL_SERVER_ERROR;
}

static enum MHD_Result send_body(struct MHD_Connection *c, unsigned status,
                                 char *text, size_t len)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(len, text, MHD_RESPMEM_MUST_FREE);
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
                            "application/json");
    enum MHD_Result ret = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result send_error(struct node_http *h, struct MHD_Connection *c,
                                  const char *path, enum sync_rc rc,
                                  const char *msg)
{
    struct sync_json *o = sync_json_object();
    sync_json_set_str(o, "error", msg);
    char *text = sync_json_dump(o, false);
    sync_json_free(o);
    unsigned status = status_of(rc);
    node_metrics_api(h->ctx->metrics, path, status, -1);
    node_log(h->ctx, status >= 500 ? NODE_WARN : NODE_INFO, "%s: %u %s", path,
             status, msg);
    return send_body(c, status, text, strlen(text));
}

static const char *hdr(struct MHD_Connection *c, const char *name)
{
    return MHD_lookup_connection_value(c, MHD_HEADER_KIND, name);
}

/* 429 with Retry-After (whole seconds, at least 1), also in the body. */
static enum MHD_Result send_too_many(struct node_http *h,
                                     struct MHD_Connection *c, const char *url,
                                     int64_t retry_ms)
{
    int64_t s = (retry_ms + 999) / 1000;
    char secs[24];
    snprintf(secs, sizeof(secs), "%lld", (long long)(s < 1 ? 1 : s));
    struct sync_json *o = sync_json_object();
    sync_json_set_str(o, "error", "too many requests from this member");
    sync_json_set_int(o, "retry_after", s < 1 ? 1 : s);
    char *text = sync_json_dump(o, false);
    sync_json_free(o);
    node_metrics_api(h->ctx->metrics, url, MHD_HTTP_TOO_MANY_REQUESTS, -1);
    node_log(h->ctx, NODE_INFO, "%s: 429 member over its rate, retry in %s s",
             url, secs);
    struct MHD_Response *r = MHD_create_response_from_buffer(
        strlen(text), text, MHD_RESPMEM_MUST_FREE);
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
                            "application/json");
    MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, secs);
    enum MHD_Result ret = MHD_queue_response(c, MHD_HTTP_TOO_MANY_REQUESTS, r);
    MHD_destroy_response(r);
    return ret;
}

/* The calling pool thread's reading engine, opened on its first request;
 * NULL when it cannot be opened (err says why). */
static struct sync_engine *reader(struct node_http *h, struct sync_err *err)
{
    struct sync_engine *e = pthread_getspecific(h->reader_key);
    if (e)
        return e;
    if (node_open_again(h->ctx, &e, err))
        return NULL;
    pthread_mutex_lock(&h->mu);
    h->readers =
        sync_xrealloc(h->readers, (h->n_readers + 1) * sizeof(*h->readers));
    h->readers[h->n_readers++] = e;
    pthread_mutex_unlock(&h->mu);
    pthread_setspecific(h->reader_key, e);
    return e;
}

static enum sync_rc authenticate(struct node_http *h, struct sync_engine *e,
                                 struct MHD_Connection *c, const char *path,
                                 const struct node_req *q, bool joining,
                                 struct sync_req_auth *a, struct sync_err *err)
{
    enum sync_rc rc = sync_req_from_headers(
        a, hdr(c, SYNC_REQ_H_KEY), hdr(c, SYNC_REQ_H_TIME),
        hdr(c, SYNC_REQ_H_NONCE), hdr(c, SYNC_REQ_H_SIG), err);
    if (rc)
        return rc == SYNC_INVALID ? SYNC_BADSIG : rc;
    return sync_fed_auth(e, h->seen, a, "POST", path, q->body.buf, q->body.len,
                         joining, err);
}

/* Suspends q's connection and hands q to the writer, which resumes it
 * with the answer; once the server is closing, q is answered 503 here. */
static void hand_over(struct node_http *h, struct MHD_Connection *c,
                      struct node_req *q)
{
    q->c = c;
    q->queued = true;
    q->next_job = NULL;
    MHD_suspend_connection(c);
    pthread_mutex_lock(&h->mu);
    bool ok = !h->closing;
    if (ok) {
        *h->jobs_end = q;
        h->jobs_end = &q->next_job;
        pthread_cond_signal(&h->work);
    }
    pthread_mutex_unlock(&h->mu);
    if (ok)
        return;
    q->stopped = true;
    q->done = true;
    MHD_resume_connection(c);
}

/* The writer's answer to q, once its connection is resumed. */
static enum MHD_Result answer_job(struct node_http *h, struct MHD_Connection *c,
                                  const char *path, struct node_req *q)
{
    if (q->stopped) {
        char *text = sync_xstrdup("{\"error\":\"hub is stopping\"}");
        return send_body(c, MHD_HTTP_SERVICE_UNAVAILABLE, text, strlen(text));
    }
    if (q->rc)
        return send_error(h, c, path, q->rc, q->msg);
    node_metrics_api(h->ctx->metrics, path, MHD_HTTP_OK, q->secs);
    node_log(h->ctx, NODE_DEBUG, "%s: 200, %zu bytes", path, q->resp_len);
    char *resp = q->resp;
    q->resp = NULL;
    return send_body(c, MHD_HTTP_OK, resp, q->resp_len);
}

static void run_job(struct node_http *h, struct node_req *q)
{
    struct sync_err err;
    sync_err_init(&err);
    double t0 = node_now_s();
    if (q->join)
        q->rc = sync_fed_join(h->e, q->key, q->body.buf, q->body.len, &q->resp,
                              &q->resp_len, &err);
    else
        q->rc = sync_fed_push(h->e, q->key, q->body.buf, q->body.len, &q->resp,
                              &q->resp_len, &err);
    snprintf(q->msg, sizeof(q->msg), "%s", err.msg);
    q->secs = node_now_s() - t0;
    q->done = true;
}

static void flush_seen(struct node_http *h)
{
    struct sync_err err;
    sync_err_init(&err);
    if (sync_seen_flush(h->seen, h->e, &err))
        node_log(h->ctx, NODE_WARN, "cannot record requests: %s", err.msg);
}

static void wait_work(struct node_http *h, double seconds)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    long ns = (long)(seconds * 1e9);
    until.tv_sec += ns / 1000000000L;
    until.tv_nsec += ns % 1000000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_cond_timedwait(&h->work, &h->mu, &until);
}

/* The writer: pushes and joins one at a time, and what the pool threads
 * recorded about requests once a second; drains its queue when closing. */
static void *writer_main(void *arg)
{
    struct node_http *h = arg;
    double last = node_now_s();
    pthread_mutex_lock(&h->mu);
    for (;;) {
        if (!h->jobs && !h->closing)
            wait_work(h, NODE_HTTP_FLUSH_S);
        struct node_req *q = h->jobs;
        if (q) {
            h->jobs = q->next_job;
            if (!h->jobs)
                h->jobs_end = &h->jobs;
        }
        bool flush = node_now_s() - last >= NODE_HTTP_FLUSH_S;
        if (!q && !flush && h->closing)
            break;
        pthread_mutex_unlock(&h->mu);
        if (q) {
            run_job(h, q);
            MHD_resume_connection(q->c);
        }
        if (flush) {
            flush_seen(h);
            last = node_now_s();
        }
        pthread_mutex_lock(&h->mu);
    }
    pthread_mutex_unlock(&h->mu);
    flush_seen(h);
    return NULL;
}

static enum MHD_Result dispatch(struct node_http *h, struct MHD_Connection *c,
                                const char *path, const char *method,
                                struct node_req *q)
{
    struct sync_err err;
    struct sync_req_auth a;
    char *resp = NULL;
    size_t len = 0;
    sync_err_init(&err);
    if (q->queued)
        return q->done ? answer_job(h, c, path, q) : MHD_YES;
    if (q->too_big)
        return send_error(h, c, path, SYNC_TOOBIG,
                          "request body is over the limit");
    struct sync_engine *e = reader(h, &err);
    if (!e)
        return send_error(h, c, path, SYNC_INTERNAL, err.msg);
    if (strcmp(path, "/v1/info") == 0 && strcmp(method, "GET") == 0) {
        char *text = sync_fed_info(e, h->name);
        return send_body(c, MHD_HTTP_OK, text, strlen(text));
    }
    bool join = strcmp(path, "/v1/join") == 0;
    bool pull = strcmp(path, "/v1/pull") == 0;
    bool push = strcmp(path, "/v1/push") == 0;
    bool heads = strcmp(path, "/v1/heads") == 0;
    if (!join && !pull && !push && !heads && strcmp(path, "/v1/info") != 0)
        return send_error(h, c, path, SYNC_NOTFOUND, "no such endpoint");
    if (strcmp(method, "POST") != 0) {
        char *text = sync_xstrdup("{\"error\":\"method not allowed\"}");
        return send_body(c, MHD_HTTP_METHOD_NOT_ALLOWED, text, strlen(text));
    }
    double t0 = node_now_s();
    enum sync_rc rc = authenticate(h, e, c, path, q, join, &a, &err);
    if (rc)
        return send_error(h, c, path, rc, err.msg);
    /* Only signed requests take from a member's budget: its key is
     * public, so anyone could otherwise spend it. */
    int64_t retry_ms = 0;
    if (!join && !sync_seen_admit(h->seen, a.key, (int64_t)sync_hlc_wall_ms(),
                                  &retry_ms))
        return send_too_many(h, c, path, retry_ms);
    if (!pull && !heads) {
        q->join = join;
        memcpy(q->key, a.key, sizeof(q->key));
        hand_over(h, c, q);
        return MHD_YES;
    }
    if (pull)
        rc = sync_fed_pull(e, h->seen, a.key, q->body.buf, q->body.len, &resp,
                           &len, &err);
    else
        rc = sync_fed_heads(e, q->body.buf, q->body.len, &resp, &len, &err);
    if (rc)
        return send_error(h, c, path, rc, err.msg);
    node_metrics_api(h->ctx->metrics, path, MHD_HTTP_OK, node_now_s() - t0);
    node_log(h->ctx, NODE_DEBUG, "%s: 200, %zu bytes", path, len);
    return send_body(c, MHD_HTTP_OK, resp, len);
}

/* ---- the web pages ---- */

static enum MHD_Result on_form(void *cls, enum MHD_ValueKind kind,
                               const char *key, const char *filename,
                               const char *content_type,
                               const char *transfer_encoding, const char *data,
                               uint64_t off, size_t size)
{
    struct node_req *q = cls;
    struct node_web_req *w = &q->web;
    (void)kind;
    (void)filename;
    (void)content_type;
    (void)transfer_encoding;
    q->form_bytes += size + strlen(key);
    if (q->form_bytes > WEB_FORM_MAX) {
        w->form_too_big = true;
        return MHD_NO;
    }
    /* A long value comes in pieces: off > 0 continues the last field. */
    if (off > 0 && w->n_form && strcmp(w->form[w->n_form - 1].key, key) == 0) {
        struct web_kv *kv = &w->form[w->n_form - 1];
        size_t len = strlen(kv->value);
        kv->value = sync_xrealloc(kv->value, len + size + 1);
        memcpy(kv->value + len, data, size);
        kv->value[len + size] = '\0';
        return MHD_YES;
    }
    if (w->n_form == WEB_FIELDS_MAX) {
        w->form_too_big = true;
        return MHD_NO;
    }
    w->form[w->n_form].key = sync_xstrdup(key);
    w->form[w->n_form++].value = sync_xstrndup(data ? data : "", size);
    return MHD_YES;
}

static enum MHD_Result on_query(void *cls, enum MHD_ValueKind kind,
                                const char *key, const char *value)
{
    struct node_web_req *w = cls;
    (void)kind;
    if (w->n_query == WEB_FIELDS_MAX)
        return MHD_NO;
    w->query[w->n_query].key = sync_xstrdup(key);
    w->query[w->n_query++].value = sync_xstrdup(value ? value : "");
    return MHD_YES;
}

static void add_header(struct MHD_Response *r, const char *name,
                       const char *value)
{
    MHD_add_response_header(r, name, value);
}

static enum MHD_Result send_page(struct MHD_Connection *c,
                                 struct node_web_resp *wr)
{
    size_t len = 0;
    char *body = sync_buf_detach(&wr->body, &len);
    struct MHD_Response *r =
        MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
    add_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, wr->type);
    add_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    add_header(r, "X-Content-Type-Options", "nosniff");
    add_header(r, "Referrer-Policy", "same-origin");
    add_header(r, "X-Frame-Options", "DENY");
    add_header(r, "Content-Security-Policy",
               "default-src 'none'; style-src 'self'; img-src 'self'; "
               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    if (wr->location[0])
        add_header(r, MHD_HTTP_HEADER_LOCATION, wr->location);
    for (size_t i = 0; i < wr->n_cookies; i++)
        add_header(r, MHD_HTTP_HEADER_SET_COOKIE, wr->cookies[i]);
    if (wr->filename[0]) {
        char disp[128];
        snprintf(disp, sizeof(disp), "attachment; filename=\"%s\"",
                 wr->filename);
        add_header(r, MHD_HTTP_HEADER_CONTENT_DISPOSITION, disp);
    }
    enum MHD_Result ret = MHD_queue_response(c, wr->status, r);
    MHD_destroy_response(r);
    return ret;
}

/* Whether the client connected from this machine (127.0.0.0/8, ::1). */
static bool peer_loopback(struct MHD_Connection *c)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    const struct sockaddr *sa = ci ? ci->client_addr : NULL;
    if (sa && sa->sa_family == AF_INET)
        return (ntohl(((const struct sockaddr_in *)(const void *)sa)
                          ->sin_addr.s_addr) >>
                24) == 127;
    return sa && sa->sa_family == AF_INET6 &&
           IN6_IS_ADDR_LOOPBACK(
               &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr);
}

static enum MHD_Result on_page(struct node_http *h, struct MHD_Connection *c,
                               const char *url, const char *method,
                               const char *upload, size_t *upload_size,
                               struct node_req *q)
{
    struct node_web_req *w = &q->web;
    if (*upload_size) {
        if (!q->pp)
            w->form_bad = true; /* a body that is not a form */
        else if (!w->form_too_big && !w->form_bad &&
                 MHD_post_process(q->pp, upload, *upload_size) != MHD_YES &&
                 !w->form_too_big)
            w->form_bad = true;
        q->body_bytes += *upload_size;
        *upload_size = 0;
        if (q->body_bytes > WEB_FORM_MAX) {
            node_log(h->ctx, NODE_INFO,
                     "web: %s %s: body over %d bytes, "
                     "connection closed",
                     method, url, WEB_FORM_MAX);
            return MHD_NO;
        }
        return MHD_YES;
    }
    struct node_web_resp wr;
    memset(&wr, 0, sizeof(wr));
    w->method = method;
    w->path = url;
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, on_query, w);
    w->cookie_session =
        MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "spona_s");
    w->cookie_lang =
        MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "spona_lang");
    w->host = hdr(c, MHD_HTTP_HEADER_HOST);
    w->origin = hdr(c, "Origin");
    w->peer_loopback = peer_loopback(c);
    node_web_handle(h->web, w, &wr);
    node_log(h->ctx, NODE_DEBUG, "web: %s %s %u", method, url, wr.status);
    enum MHD_Result ret = send_page(c, &wr);
    sync_buf_release(&wr.body);
    return ret;
}

/* ---- slow clients and unverified bodies ---- */

static int64_t mono_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Marks c as waiting for the headers of its next request, or not. */
static void conn_mark(struct node_http *h, struct MHD_Connection *c,
                      bool waiting)
{
    const union MHD_ConnectionInfo *i =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    struct node_conn *k = i ? i->socket_context : NULL;
    if (!k)
        return;
    pthread_mutex_lock(&h->mu);
    k->waiting = waiting;
    k->since_ms = mono_ms();
    pthread_mutex_unlock(&h->mu);
}

/* MHD calls this before it closes the socket, so the reaper never shuts
 * down a descriptor number that was reused. */
static void on_conn(void *cls, struct MHD_Connection *c, void **socket_context,
                    enum MHD_ConnectionNotificationCode code)
{
    struct node_http *h = cls;
    struct node_conn *k = *socket_context;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *i =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
        k = sync_xcalloc(1, sizeof(*k));
        k->fd = i ? i->connect_fd : -1;
        k->since_ms = mono_ms();
        k->waiting = true;
        pthread_mutex_lock(&h->mu);
        k->next = h->conns;
        if (h->conns)
            h->conns->prev = k;
        h->conns = k;
        h->n_conns++;
        pthread_mutex_unlock(&h->mu);
        *socket_context = k;
        return;
    }
    if (!k)
        return;
    pthread_mutex_lock(&h->mu);
    if (k->prev)
        k->prev->next = k->next;
    else
        h->conns = k->next;
    if (k->next)
        k->next->prev = k->prev;
    h->n_conns--;
    pthread_mutex_unlock(&h->mu);
    free(k);
    *socket_context = NULL;
}

/* Shuts down every connection waiting for headers past its deadline. */
static void reap_once(struct node_http *h)
{
    int64_t now = mono_ms();
    int64_t limit = 1000 * (h->n_conns > SYNC_LIMIT_CONNECTIONS * 3 / 4
                                ? SYNC_LIMIT_HEADER_BUSY_S
                                : SYNC_LIMIT_HEADER_TIMEOUT_S);
    for (struct node_conn *k = h->conns; k; k = k->next) {
        if (!k->waiting || k->shut || k->fd < 0 || now - k->since_ms < limit)
            continue;
        shutdown(k->fd, SHUT_RDWR); /* MHD sees the end and closes it */
        k->shut = true;
    }
}

static void *reaper_main(void *arg)
{
    struct node_http *h = arg;
    pthread_mutex_lock(&h->mu);
    while (!h->stopping) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += 250 * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&h->wake, &h->mu, &until);
        reap_once(h);
    }
    pthread_mutex_unlock(&h->mu);
    return NULL;
}

static enum MHD_Result count_length(void *cls, enum MHD_ValueKind kind,
                                    const char *key, const char *value)
{
    size_t *n = cls;
    (void)kind;
    (void)value;
    if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0)
        (*n)++;
    return MHD_YES;
}

/* More than one Content-Length: which one frames the body is a guess. */
static bool lengths_conflict(struct MHD_Connection *c)
{
    size_t n = 0;
    MHD_get_connection_values(c, MHD_HEADER_KIND, count_length, &n);
    return n > 1;
}

/*
 * A signed API request whose headers are in: checks them (gate.h) and
 * reserves its declared body in the unverified bytes, answering at once
 * (before any of the body is read) when either fails.
 */
static enum MHD_Result on_api_headers(struct node_http *h,
                                      struct MHD_Connection *c, const char *url,
                                      struct node_req *q, uint64_t declared)
{
    struct sync_err err;
    struct sync_req_auth a;
    sync_err_init(&err);
    bool join = strcmp(url, "/v1/join") == 0;
    enum sync_rc rc = sync_req_from_headers(
        &a, hdr(c, SYNC_REQ_H_KEY), hdr(c, SYNC_REQ_H_TIME),
        hdr(c, SYNC_REQ_H_NONCE), hdr(c, SYNC_REQ_H_SIG), &err);
    if (rc)
        return send_error(h, c, url, SYNC_BADSIG, err.msg);
    struct sync_engine *e = reader(h, &err);
    if (!e)
        return send_error(h, c, url, SYNC_INTERNAL, err.msg);
    if ((rc = sync_gate_headers(e, &a, join, sync_hlc_wall_ms(), &err)))
        return send_error(h, c, url, rc, err.msg);
    size_t max = sync_gate_body_max(url);
    if (declared > max)
        return send_error(h, c, url, SYNC_TOOBIG,
                          "request body is over the limit");
    pthread_mutex_lock(&h->mu);
    bool room = h->inflight + declared <= SYNC_LIMIT_BODY_INFLIGHT;
    if (room)
        h->inflight += (size_t)declared;
    pthread_mutex_unlock(&h->mu);
    if (!room) {
        char *text = sync_xstrdup("{\"error\":\"hub is busy\"}");
        node_log(h->ctx, NODE_INFO, "%s: 503 unverified bodies at the limit",
                 url);
        return send_body(c, MHD_HTTP_SERVICE_UNAVAILABLE, text, strlen(text));
    }
    q->reserved = (size_t)declared;
    sync_buf_release(&q->body);
    sync_buf_init(&q->body, max);
    return MHD_YES;
}

/* Takes one piece of a body; false when the unverified bytes would go
 * over SYNC_LIMIT_BODY_INFLIGHT (a body sent without a length). */
static bool reserve_more(struct node_http *h, struct node_req *q, size_t size)
{
    size_t need = q->body.len + size;
    if (need <= q->reserved)
        return true;
    pthread_mutex_lock(&h->mu);
    bool room = h->inflight + (need - q->reserved) <= SYNC_LIMIT_BODY_INFLIGHT;
    if (room)
        h->inflight += need - q->reserved;
    pthread_mutex_unlock(&h->mu);
    if (room)
        q->reserved = need;
    return room;
}

static bool signed_api(const char *url, const char *method)
{
    return strcmp(method, "POST") == 0 &&
           (strcmp(url, "/v1/join") == 0 || strcmp(url, "/v1/pull") == 0 ||
            strcmp(url, "/v1/push") == 0 || strcmp(url, "/v1/heads") == 0);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c,
                                  const char *url, const char *method,
                                  const char *version, const char *upload,
                                  size_t *upload_size, void **req_cls)
{
    struct node_http *h = cls;
    struct node_req *q = *req_cls;
    (void)version;
    /*
     * A body declared over the limit is answered (413) at once, before any
     * of it is read; MHD then closes the connection. One that goes over
     * while it streams in (chunked: no length up front) cannot be answered
     * mid-upload, so the connection is closed rather than read to its end.
     */
    if (!q) {
        q = sync_xcalloc(1, sizeof(*q));
        *req_cls = q;
        conn_mark(h, c, false);
        sync_buf_init(&q->body, h->web ? 0 : SYNC_LIMIT_BODY);
        if (lengths_conflict(c))
            return send_error(h, c, url, SYNC_INVALID,
                              "conflicting Content-Length headers");
        const char *cl = hdr(c, MHD_HTTP_HEADER_CONTENT_LENGTH);
        uint64_t n = 0, max = h->web ? WEB_FORM_MAX : SYNC_LIMIT_BODY;
        bool over = cl && (sync_parse_u64(&n, cl, NULL) || n > max);
        if (h->web && over) {
            q->web.form_too_big = true;
            return on_page(h, c, url, method, upload, upload_size, q);
        }
        if (over) {
            q->too_big = true;
            return dispatch(h, c, url, method, q);
        }
        if (!h->web && !signed_api(url, method))
            return dispatch(h, c, url, method, q); /* no body is read */
        if (!h->web)
            return on_api_headers(h, c, url, q, n);
        if (strcmp(method, "POST") == 0)
            q->pp = MHD_create_post_processor(c, 16 * 1024, on_form, q);
        return MHD_YES;
    }
    if (h->web)
        return on_page(h, c, url, method, upload, upload_size, q);
    if (*upload_size) {
        if (!reserve_more(h, q, *upload_size)) {
            node_log(h->ctx, NODE_INFO,
                     "%s: unverified bodies at the limit, "
                     "connection closed",
                     url);
            return MHD_NO;
        }
        if (sync_buf_add(&q->body, upload, *upload_size)) {
            node_log(h->ctx, NODE_INFO,
                     "%s: body over %d bytes, connection "
                     "closed",
                     url, SYNC_LIMIT_BODY);
            return MHD_NO;
        }
        *upload_size = 0;
        return MHD_YES;
    }
    return dispatch(h, c, url, method, q);
}

static void on_done(void *cls, struct MHD_Connection *c, void **req_cls,
                    enum MHD_RequestTerminationCode why)
{
    struct node_http *h = cls;
    struct node_req *q = *req_cls;
    (void)why;
    conn_mark(h, c, true); /* the next request's headers are due */
    if (!q)
        return;
    pthread_mutex_lock(&h->mu);
    h->inflight -= q->reserved;
    pthread_mutex_unlock(&h->mu);
    free(q->resp);
    sync_buf_release(&q->body);
    if (q->pp)
        MHD_destroy_post_processor(q->pp);
    node_web_req_release(&q->web);
    free(q);
    *req_cls = NULL;
}

/* Resolves "host:port" (numeric host) for the listening socket. */
static int listen_addr(const char *listen, struct addrinfo **out)
{
    char host[256];
    const char *colon = strrchr(listen, ':');
    if (!colon || (size_t)(colon - listen) >= sizeof(host))
        return -1;
    memcpy(host, listen, (size_t)(colon - listen));
    host[colon - listen] = '\0';
    struct addrinfo hints = {.ai_family = AF_UNSPEC,
                             .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_NUMERICHOST | AI_PASSIVE};
    return getaddrinfo(host, colon + 1, &hints, out);
}

/* Room for both servers' connections and the process's own files. */
static void raise_open_files(void)
{
    struct rlimit r;
    rlim_t want = 2 * SYNC_LIMIT_CONNECTIONS + 256;
    if (getrlimit(RLIMIT_NOFILE, &r) != 0 || r.rlim_cur >= want)
        return;
    r.rlim_cur =
        r.rlim_max == RLIM_INFINITY || r.rlim_max > want ? want : r.rlim_max;
    setrlimit(RLIMIT_NOFILE, &r);
}

static enum sync_rc start(struct node_http *h, const char *listen,
                          const char *cert_pem, const char *key_pem,
                          struct sync_err *err)
{
    struct addrinfo *ai = NULL;
    if (listen_addr(listen, &ai) != 0)
        return sync_err_set(err, SYNC_INVALID,
                            "cannot listen on '%s': want "
                            "a numeric HOST:PORT",
                            listen);
    raise_open_files();
    /* epoll: select() could not watch SYNC_LIMIT_CONNECTIONS sockets. */
    unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG |
                     (ai->ai_family == AF_INET6 ? MHD_USE_IPv6 : 0) |
                     (cert_pem ? MHD_USE_TLS : 0) |
                     (h->web ? 0 : MHD_ALLOW_SUSPEND_RESUME);
    /* The sync API's pool; the pages keep one thread (one engine). */
    struct MHD_OptionItem pool[] = {
        {MHD_OPTION_THREAD_POOL_SIZE, NODE_HTTP_THREADS, NULL},
        {MHD_OPTION_END, 0, NULL}};
    h->d = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, h, MHD_OPTION_ARRAY,
        h->web ? pool + 1 : pool, MHD_OPTION_SOCK_ADDR, ai->ai_addr,
        MHD_OPTION_NOTIFY_COMPLETED, on_done, h, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned)SYNC_LIMIT_CONNECTIONS, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
        (unsigned)SYNC_LIMIT_CONN_PER_IP, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)SYNC_LIMIT_CONN_TIMEOUT_S, MHD_OPTION_NOTIFY_CONNECTION,
        on_conn, h, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        (size_t)SYNC_LIMIT_CONN_MEMORY,
        cert_pem ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, cert_pem,
        MHD_OPTION_HTTPS_MEM_KEY, key_pem, MHD_OPTION_END);
    freeaddrinfo(ai);
    if (!h->d)
        return sync_err_set(err, SYNC_NET,
                            "cannot serve on %s (address in "
                            "use, or a bad certificate)",
                            listen);
    h->reaping = pthread_create(&h->reaper, NULL, reaper_main, h) == 0;
    if (!h->reaping)
        return sync_err_set(err, SYNC_INTERNAL,
                            "cannot start a thread for "
                            "%s",
                            listen);
    return SYNC_OK;
}

static struct node_http *http_new(const struct node_ctx *ctx)
{
    struct node_http *h = sync_xcalloc(1, sizeof(*h));
    h->ctx = ctx;
    h->jobs_end = &h->jobs;
    pthread_mutex_init(&h->mu, NULL);
    pthread_cond_init(&h->wake, NULL);
    pthread_cond_init(&h->work, NULL);
    return h;
}

enum sync_rc node_http_start(struct node_http **out, const struct node_ctx *ctx,
                             struct sync_engine *e, const char *listen,
                             const char *cert_pem, const char *key_pem,
                             struct sync_err *err)
{
    struct node_http *h = http_new(ctx);
    h->name = sync_xstrdup(ctx->cfg.name ? ctx->cfg.name : "");
    h->reader_key_made = pthread_key_create(&h->reader_key, NULL) == 0;
    enum sync_rc rc = sync_seen_new(&h->seen, e, (double)ctx->cfg.member_rate,
                                    (double)ctx->cfg.member_burst, err);
    if (!rc && !h->reader_key_made)
        rc = sync_err_set(err, SYNC_INTERNAL, "cannot make a thread key");
    if (!rc) {
        h->e = e;
        h->writing = pthread_create(&h->writer, NULL, writer_main, h) == 0;
        if (!h->writing)
            rc = sync_err_set(err, SYNC_INTERNAL,
                              "cannot start the writer thread");
    }
    if (!rc)
        rc = start(h, listen, cert_pem, key_pem, err);
    if (rc) {
        h->e = NULL; /* the caller keeps e on failure */
        node_http_stop(h);
        return rc;
    }
    *out = h;
    return SYNC_OK;
}

enum sync_rc node_ui_start(struct node_http **out, const struct node_ctx *ctx,
                           struct sync_engine *e, const char *listen,
                           const char *cert_pem, const char *key_pem,
                           bool login, struct sync_err *err)
{
    struct node_http *h = http_new(ctx);
    enum sync_rc rc =
        node_web_new(&h->web, ctx, e, login, cert_pem != NULL, err);
    if (rc) {
        node_http_stop(h);
        return rc;
    }
    rc = start(h, listen, cert_pem, key_pem, err);
    if (rc) {
        h->web->e = NULL; /* the caller keeps e on failure */
        node_http_stop(h);
        return rc;
    }
    *out = h;
    return SYNC_OK;
}

void node_http_stop(struct node_http *h)
{
    if (!h)
        return;
    if (h->reaping) {
        pthread_mutex_lock(&h->mu);
        h->stopping = true;
        pthread_cond_signal(&h->wake);
        pthread_mutex_unlock(&h->mu);
        pthread_join(h->reaper, NULL);
    }
    if (h->writing) {
        /* Every suspended connection is resumed before MHD stops. */
        pthread_mutex_lock(&h->mu);
        h->closing = true;
        pthread_cond_signal(&h->work);
        pthread_mutex_unlock(&h->mu);
        pthread_join(h->writer, NULL);
    }
    if (h->d)
        MHD_stop_daemon(h->d);
    pthread_mutex_destroy(&h->mu);
    pthread_cond_destroy(&h->wake);
    pthread_cond_destroy(&h->work);
    for (size_t i = 0; i < h->n_readers; i++)
        sync_engine_close(h->readers[i]);
    free(h->readers);
    if (h->reader_key_made)
        pthread_key_delete(h->reader_key);
    sync_seen_free(h->seen);
    sync_engine_close(h->e);
    node_web_free(h->web);
    free(h->name);
    free(h);
}
