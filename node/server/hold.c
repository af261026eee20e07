/* SPDX-License-Identifier: MIT */
/*
 * hold: pulls held open (long-poll, docs/PROTOCOL.md §10). A pull whose
 * answer would be empty and that asks to wait is suspended and linked in
 * node_http.held; the writer thread resumes the held pulls when something
 * new arrives (a push it applied, or node_http_wake from the daemon) and
 * each at its deadline. A resumed pull is answered again by a pool thread
 * with its reading engine, and held again while it has nothing to tell
 * and time is left. Nothing here busy-polls; no pool thread waits.
 */
#include <microhttpd.h>
#include <stdlib.h>

#include "spona/fed.h"
#include "spona/hlc.h"
#include "spona/limits.h"
#include "server/server.h"
#include "server/svc.h"

#include "server/http_int.h"

#include "spona/banned.h"

/* Suspends q's connection and links q in the held list, unless the hub
 * holds its limit, is closing, or q's deadline has come: false then, and
 * the caller answers. */
static bool hold(struct node_http *h, struct MHD_Connection *c,
                 struct node_req *q)
{
    if ((int64_t)sync_hlc_wall_ms() >= q->deadline_ms)
        return false;
    pthread_mutex_lock(&h->mu);
    bool room = !h->closing && h->n_held < SYNC_LIMIT_LONGPOLL_HELD;
    if (room)
        h->n_held++; /* the place is taken before the suspension */
    pthread_mutex_unlock(&h->mu);
    if (!room)
        return false;
    q->c = c;
    MHD_suspend_connection(c);
    pthread_mutex_lock(&h->mu);
    /* Closing swept the list meanwhile: resumed at once, answered then. */
    bool linked = !h->closing;
    if (linked) {
        q->held_prev = NULL;
        q->held_next = h->held;
        if (h->held)
            h->held->held_prev = q;
        h->held = q;
    } else {
        h->n_held--;
    }
    pthread_mutex_unlock(&h->mu);
    if (!linked)
        MHD_resume_connection(c);
    return true;
}

enum MHD_Result http_answer_pull(struct node_http *h, struct MHD_Connection *c,
                                 const char *path, struct node_req *q)
{
    struct sync_err err;
    char *resp = NULL;
    size_t len = 0;
    int wait_s = 0;
    sync_err_init(&err);
    struct sync_engine *e = http_reader(h, &err);
    if (!e)
        return http_send_error(h, c, path, SYNC_INTERNAL, err.msg);
    double t0 = node_now_s();
    enum sync_rc rc =
        sync_fed_pull_wait(e, h->seen, q->key, q->body.buf, q->body.len, &resp,
                           &len, &wait_s, &err);
    if (rc)
        return http_send_error(h, c, path, rc, err.msg);
    if (!q->deadline_ms)
        q->deadline_ms = (int64_t)sync_hlc_wall_ms() + (int64_t)wait_s * 1000;
    if (wait_s > 0 && hold(h, c, q)) {
        free(resp);
        return MHD_YES;
    }
    node_metrics_api(h->ctx->metrics, path, MHD_HTTP_OK, node_now_s() - t0);
    node_log(h->ctx, NODE_DEBUG, "%s: 200, %zu bytes", path, len);
    return http_send_body(c, MHD_HTTP_OK, resp, len);
}

void http_wake_held(struct node_http *h, bool all)
{
    struct node_req *woken = NULL;
    int64_t now = (int64_t)sync_hlc_wall_ms();
    pthread_mutex_lock(&h->mu);
    struct node_req *q = h->held;
    while (q) {
        struct node_req *next = q->held_next;
        if (all || now >= q->deadline_ms) {
            if (q->held_prev)
                q->held_prev->held_next = next;
            else
                h->held = next;
            if (next)
                next->held_prev = q->held_prev;
            h->n_held--;
            q->held_next = woken;
            woken = q;
        }
        q = next;
    }
    pthread_mutex_unlock(&h->mu);
    /* Out of the lock; q is not touched once its connection resumes. */
    while (woken) {
        struct node_req *next = woken->held_next;
        MHD_resume_connection(woken->c);
        woken = next;
    }
}

void node_http_wake(struct node_http *h)
{
    if (!h)
        return;
    pthread_mutex_lock(&h->mu);
    h->news = true;
    pthread_cond_signal(&h->work);
    pthread_mutex_unlock(&h->mu);
}

uint64_t node_http_pushes(struct node_http *h)
{
    if (!h)
        return 0;
    pthread_mutex_lock(&h->mu);
    uint64_t n = h->pushes;
    pthread_mutex_unlock(&h->mu);
    return n;
}
