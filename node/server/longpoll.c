/* SPDX-License-Identifier: MIT */
/*
 * longpoll: the daemon's long-poll to its parent (docs/PROTOCOL.md §10),
 * in a thread of its own with its own connection to the node, so a
 * change the parent receives is pulled within moments, not at the next
 * round. When the parent does not hold pulls (an older hub, or one at its
 * limit) or cannot be reached, it waits, doubling from LP_FIRST_WAIT_MS
 * up to the sync interval, and the interval's rounds carry on as before.
 * Stopping abandons the request in flight within about a second.
 */
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "spona/limits.h"
#include "spona/mem.h"
#include "spona/read.h"
#include "spona/round.h"
#include "server/server.h"

#include "spona/banned.h"

#define LP_FIRST_WAIT_MS 2000 /* wait after a pull that was not held */

struct node_longpoll {
    const struct node_ctx *ctx; /* for logging */
    struct sync_engine *e;      /* this thread's engine; owned */
    struct sync_upstream up;    /* the parent */
    struct node_http *http;     /* whose held pulls to wake, or NULL */
    uint64_t max_wait_ms;       /* the sync interval: the longest wait */
    pthread_t thread;           /* runs poll_main */
    pthread_mutex_t mu;         /* guards stopping */
    pthread_cond_t cv;          /* signals stopping during a wait */
    bool stopping;              /* the thread should end */
};

static bool stopping(void *payload)
{
    struct node_longpoll *lp = payload;
    pthread_mutex_lock(&lp->mu);
    bool s = lp->stopping;
    pthread_mutex_unlock(&lp->mu);
    return s;
}

/* Waits ms, or less when stopped; false when stopped. */
static bool pause_ms(struct node_longpoll *lp, uint64_t ms)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += (time_t)(ms / 1000);
    until.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&lp->mu);
    while (!lp->stopping &&
           pthread_cond_timedwait(&lp->cv, &lp->mu, &until) == 0)
        ;
    bool go_on = !lp->stopping;
    pthread_mutex_unlock(&lp->mu);
    return go_on;
}

/* One long-poll; what it brought wakes this hub's own held pulls. */
static bool poll_once(struct node_longpoll *lp, struct sync_err *err)
{
    struct sync_round_stats st;
    bool held = false;
    enum sync_rc rc = sync_round_wait(lp->e, &lp->up, SYNC_LIMIT_LONGPOLL_S,
                                      stopping, lp, &st, &held, err);
    if (st.pulled.applied) {
        node_http_wake(lp->http);
        node_log(lp->ctx, NODE_INFO, "long-poll: pulled %zu new",
                 st.pulled.applied);
        struct sync_err e2;
        sync_err_init(&e2);
        if (sync_read_refresh_index(lp->e, &e2))
            node_log(lp->ctx, NODE_WARN, "search index: %s", e2.msg);
    }
    return !rc && held;
}

static void *poll_main(void *arg)
{
    struct node_longpoll *lp = arg;
    uint64_t wait = 0;
    while (!stopping(lp)) {
        struct sync_err err;
        sync_err_init(&err);
        if (poll_once(lp, &err)) {
            wait = 0;
            continue;
        }
        if (stopping(lp))
            break;
        wait = wait ? wait * 2 : LP_FIRST_WAIT_MS;
        if (wait > lp->max_wait_ms)
            wait = lp->max_wait_ms;
        node_log(lp->ctx, NODE_DEBUG,
                 "long-poll not held, again in %llu ms%s%s",
                 (unsigned long long)wait, err.msg[0] ? ": " : "", err.msg);
        if (!pause_ms(lp, wait))
            break;
    }
    return NULL;
}

enum sync_rc node_longpoll_start(struct node_longpoll **out,
                                 const struct node_ctx *ctx,
                                 const struct sync_upstream *up,
                                 struct node_http *http, struct sync_err *err)
{
    struct node_longpoll *lp = sync_xcalloc(1, sizeof(*lp));
    lp->ctx = ctx;
    lp->up = *up;
    lp->http = http;
    lp->max_wait_ms =
        (uint64_t)(ctx->cfg.interval_s > 2 ? ctx->cfg.interval_s : 2) * 1000;
    enum sync_rc rc = node_open_again(ctx, &lp->e, err);
    if (rc) {
        free(lp);
        return rc;
    }
    sync_engine_set_parallel(lp->e, node_parallel, NULL, node_cores());
    pthread_mutex_init(&lp->mu, NULL);
    pthread_cond_init(&lp->cv, NULL);
    if (pthread_create(&lp->thread, NULL, poll_main, lp) != 0) {
        pthread_mutex_destroy(&lp->mu);
        pthread_cond_destroy(&lp->cv);
        sync_engine_close(lp->e);
        free(lp);
        return sync_err_set(err, SYNC_INTERNAL,
                            "cannot start the long-poll thread");
    }
    *out = lp;
    return SYNC_OK;
}

void node_longpoll_stop(struct node_longpoll *lp)
{
    if (!lp)
        return;
    pthread_mutex_lock(&lp->mu);
    lp->stopping = true;
    pthread_cond_signal(&lp->cv);
    pthread_mutex_unlock(&lp->mu);
    pthread_join(lp->thread, NULL);
    pthread_mutex_destroy(&lp->mu);
    pthread_cond_destroy(&lp->cv);
    sync_engine_close(lp->e);
    free(lp);
}
