/* SPDX-License-Identifier: MIT */
/*
 * http: the libmicrohttpd adapter, for a hub's sync API and for the web
 * pages (web.c; their requests are collected in pages.c). API handlers
 * are short: collect the body (bounded), check the request signature,
 * call one sync_fed_* function, map its code to an HTTP status through
 * one table. Page requests are handed to node_web_handle on the pages'
 * one server thread, which alone uses their engine.
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
 * Slow or idle clients (slowloris) cannot hold the server (guard.c): a
 * reaper thread closes, by shutting its socket down, every connection that has
 * not completed its TLS handshake and request headers within
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

#include "server/http_int.h"

#include "spona/banned.h"

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

enum MHD_Result http_send_body(struct MHD_Connection *c, unsigned status,
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

enum MHD_Result http_send_error(struct node_http *h, struct MHD_Connection *c,
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
    return http_send_body(c, status, text, strlen(text));
}

const char *http_hdr(struct MHD_Connection *c, const char *name)
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
struct sync_engine *http_reader(struct node_http *h, struct sync_err *err)
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
        a, http_hdr(c, SYNC_REQ_H_KEY), http_hdr(c, SYNC_REQ_H_TIME),
        http_hdr(c, SYNC_REQ_H_NONCE), http_hdr(c, SYNC_REQ_H_SIG), err);
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
        return http_send_body(c, MHD_HTTP_SERVICE_UNAVAILABLE, text,
                              strlen(text));
    }
    if (q->rc)
        return http_send_error(h, c, path, q->rc, q->msg);
    node_metrics_api(h->ctx->metrics, path, MHD_HTTP_OK, q->secs);
    node_log(h->ctx, NODE_DEBUG, "%s: 200, %zu bytes", path, q->resp_len);
    char *resp = q->resp;
    q->resp = NULL;
    return http_send_body(c, MHD_HTTP_OK, resp, q->resp_len);
}

static void run_job(struct node_http *h, struct node_req *q)
{
    struct sync_err err;
    sync_err_init(&err);
    double t0 = node_now_s();
    if (q->join)
        q->rc = sync_fed_join(h->e, q->key, q->body.buf, q->body.len, &q->resp,
                              &q->resp_len, &err);
    else if (q->rotate)
        q->rc = sync_fed_rotate(h->e, q->key, q->body.buf, q->body.len,
                                &q->resp, &q->resp_len, &err);
    else
        q->rc = sync_fed_push(h->e, q->key, q->body.buf, q->body.len, &q->resp,
                              &q->resp_len, &err);
    snprintf(q->msg, sizeof(q->msg), "%s", err.msg);
    q->secs = node_now_s() - t0;
    q->done = true;
    if (q->rc || q->join)
        return;
    /* Something new for members whose pulls are held, and for a parent. */
    pthread_mutex_lock(&h->mu);
    h->news = true;
    h->pushes++;
    pthread_mutex_unlock(&h->mu);
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

/* The writer: pushes and joins one at a time, what the pool threads
 * recorded about requests every NODE_HTTP_FLUSH_S, and held pulls when
 * something new came or their time is up; drains its queue and answers
 * every held pull when closing. */
static void *writer_main(void *arg)
{
    struct node_http *h = arg;
    double last = node_now_s();
    pthread_mutex_lock(&h->mu);
    for (;;) {
        if (!h->jobs && !h->closing && !h->news)
            wait_work(h, NODE_HTTP_FLUSH_S);
        bool news = h->news;
        h->news = false;
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
        http_wake_held(h, news);
        pthread_mutex_lock(&h->mu);
    }
    pthread_mutex_unlock(&h->mu);
    flush_seen(h);
    http_wake_held(h, true);
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
    if (q->pull)
        return http_answer_pull(h, c, path, q); /* held, then resumed */
    if (q->too_big)
        return http_send_error(h, c, path, SYNC_TOOBIG,
                               "request body is over the limit");
    struct sync_engine *e = http_reader(h, &err);
    if (!e)
        return http_send_error(h, c, path, SYNC_INTERNAL, err.msg);
    if (strcmp(path, "/v1/info") == 0 && strcmp(method, "GET") == 0) {
        char *text = sync_fed_info(e, h->name);
        return http_send_body(c, MHD_HTTP_OK, text, strlen(text));
    }
    bool join = strcmp(path, "/v1/join") == 0;
    bool pull = strcmp(path, "/v1/pull") == 0;
    bool push = strcmp(path, "/v1/push") == 0;
    bool heads = strcmp(path, "/v1/heads") == 0;
    bool rotate = strcmp(path, "/v1/rotate") == 0;
    if (!join && !pull && !push && !heads && !rotate &&
        strcmp(path, "/v1/info") != 0)
        return http_send_error(h, c, path, SYNC_NOTFOUND, "no such endpoint");
    if (strcmp(method, "POST") != 0) {
        char *text = sync_xstrdup("{\"error\":\"method not allowed\"}");
        return http_send_body(c, MHD_HTTP_METHOD_NOT_ALLOWED, text,
                              strlen(text));
    }
    double t0 = node_now_s();
    enum sync_rc rc = authenticate(h, e, c, path, q, join, &a, &err);
    if (rc)
        return http_send_error(h, c, path, rc, err.msg);
    /* Only signed requests take from a member's budget: its key is
     * public, so anyone could otherwise spend it. */
    int64_t retry_ms = 0;
    if (!join && !sync_seen_admit(h->seen, a.key, (int64_t)sync_hlc_wall_ms(),
                                  &retry_ms))
        return send_too_many(h, c, path, retry_ms);
    memcpy(q->key, a.key, sizeof(q->key));
    if (!pull && !heads) {
        q->join = join;
        q->rotate = rotate;
        hand_over(h, c, q);
        return MHD_YES;
    }
    if (pull) {
        q->pull = true;
        return http_answer_pull(h, c, path, q);
    }
    rc = sync_fed_heads(e, q->body.buf, q->body.len, &resp, &len, &err);
    if (rc)
        return http_send_error(h, c, path, rc, err.msg);
    node_metrics_api(h->ctx->metrics, path, MHD_HTTP_OK, node_now_s() - t0);
    node_log(h->ctx, NODE_DEBUG, "%s: 200, %zu bytes", path, len);
    return http_send_body(c, MHD_HTTP_OK, resp, len);
}

static bool signed_api(const char *url, const char *method)
{
    return strcmp(method, "POST") == 0 &&
           (strcmp(url, "/v1/join") == 0 || strcmp(url, "/v1/pull") == 0 ||
            strcmp(url, "/v1/push") == 0 || strcmp(url, "/v1/heads") == 0 ||
            strcmp(url, "/v1/rotate") == 0);
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
        http_conn_mark(h, c, false);
        sync_buf_init(&q->body, h->web ? 0 : SYNC_LIMIT_BODY);
        if (http_lengths_conflict(c))
            return http_send_error(h, c, url, SYNC_INVALID,
                                   "conflicting Content-Length headers");
        const char *cl = http_hdr(c, MHD_HTTP_HEADER_CONTENT_LENGTH);
        q->form_max = h->web ? web_body_max(h->web, method, url,
                                            MHD_lookup_connection_value(
                                                c, MHD_COOKIE_KIND, "spona_s"))
                             : 0;
        uint64_t n = 0, max = h->web ? q->form_max : SYNC_LIMIT_BODY;
        bool over = cl && (sync_parse_u64(&n, cl, NULL) || n > max);
        if (h->web && over) {
            q->web.form_too_big = true;
            return http_on_page(h, c, url, method, upload, upload_size, q);
        }
        if (over) {
            q->too_big = true;
            return dispatch(h, c, url, method, q);
        }
        if (!h->web && !signed_api(url, method))
            return dispatch(h, c, url, method, q); /* no body is read */
        if (!h->web)
            return http_on_api_headers(h, c, url, q, n);
        if (strcmp(method, "POST") == 0)
            q->pp = MHD_create_post_processor(c, 16 * 1024, http_on_form, q);
        return MHD_YES;
    }
    if (h->web)
        return http_on_page(h, c, url, method, upload, upload_size, q);
    if (*upload_size) {
        if (!http_reserve_more(h, q, *upload_size)) {
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
    http_conn_mark(h, c, true); /* the next request's headers are due */
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
        http_on_conn, h, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        (size_t)SYNC_LIMIT_CONN_MEMORY,
        cert_pem ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, cert_pem,
        MHD_OPTION_HTTPS_MEM_KEY, key_pem, MHD_OPTION_END);
    freeaddrinfo(ai);
    if (!h->d)
        return sync_err_set(err, SYNC_NET,
                            "cannot serve on %s (address in "
                            "use, or a bad certificate)",
                            listen);
    h->reaping = pthread_create(&h->reaper, NULL, http_reaper_main, h) == 0;
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
