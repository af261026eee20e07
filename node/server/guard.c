/* SPDX-License-Identifier: MIT */
/*
 * guard: slow clients and unverified bodies. A reaper thread shuts down
 * connections that have not sent their headers in time; the signed
 * headers of an API request are checked before its body is read, and
 * the bytes of bodies held unverified are bounded.
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

static int64_t mono_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Marks c as waiting for the headers of its next request, or not. */
void http_conn_mark(struct node_http *h, struct MHD_Connection *c, bool waiting)
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
void http_on_conn(void *cls, struct MHD_Connection *c, void **socket_context,
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

void *http_reaper_main(void *arg)
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
bool http_lengths_conflict(struct MHD_Connection *c)
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
enum MHD_Result http_on_api_headers(struct node_http *h,
                                    struct MHD_Connection *c, const char *url,
                                    struct node_req *q, uint64_t declared)
{
    struct sync_err err;
    struct sync_req_auth a;
    sync_err_init(&err);
    bool join = strcmp(url, "/v1/join") == 0;
    enum sync_rc rc = sync_req_from_headers(
        &a, http_hdr(c, SYNC_REQ_H_KEY), http_hdr(c, SYNC_REQ_H_TIME),
        http_hdr(c, SYNC_REQ_H_NONCE), http_hdr(c, SYNC_REQ_H_SIG), &err);
    if (rc)
        return http_send_error(h, c, url, SYNC_BADSIG, err.msg);
    struct sync_engine *e = http_reader(h, &err);
    if (!e)
        return http_send_error(h, c, url, SYNC_INTERNAL, err.msg);
    if ((rc = sync_gate_headers(e, &a, join, sync_hlc_wall_ms(), &err)))
        return http_send_error(h, c, url, rc, err.msg);
    size_t max = sync_gate_body_max(url);
    if (declared > max)
        return http_send_error(h, c, url, SYNC_TOOBIG,
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
        return http_send_body(c, MHD_HTTP_SERVICE_UNAVAILABLE, text,
                              strlen(text));
    }
    q->reserved = (size_t)declared;
    sync_buf_release(&q->body);
    sync_buf_init(&q->body, max);
    return MHD_YES;
}

/* Takes one piece of a body; false when the unverified bytes would go
 * over SYNC_LIMIT_BODY_INFLIGHT (a body sent without a length). */
bool http_reserve_more(struct node_http *h, struct node_req *q, size_t size)
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
