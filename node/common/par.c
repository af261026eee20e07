/* SPDX-License-Identifier: MIT */
/*
 * par: the parallel hook libsync asks for (sync_parallel_fn), with POSIX
 * threads: a thread per extra worker for the length of one call, so that
 * `spona sync` checks signatures on every core.
 */
#include <pthread.h>
#include <unistd.h>

#include "common/node.h"

#define PAR_MAX_THREADS 8

struct worker {
    pthread_t tid;
    void (*work)(void *arg, size_t i);
    void *arg;
    size_t i;
    bool started;
};

static void *worker_main(void *p)
{
    struct worker *w = p;
    w->work(w->arg, w->i);
    return NULL;
}

void node_parallel(void *ctx, size_t threads, void (*work)(void *arg, size_t i),
                   void *arg)
{
    struct worker w[PAR_MAX_THREADS] = {{0}};
    (void)ctx;
    if (threads > PAR_MAX_THREADS)
        threads = PAR_MAX_THREADS;
    for (size_t i = 1; i < threads; i++) {
        w[i] = (struct worker){.work = work, .arg = arg, .i = i};
        w[i].started = pthread_create(&w[i].tid, NULL, worker_main, &w[i]) == 0;
    }
    work(arg, 0);
    for (size_t i = 1; i < threads; i++) {
        if (w[i].started)
            pthread_join(w[i].tid, NULL);
        else
            work(arg, i); /* no thread: its share runs here, late */
    }
}

size_t node_cores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1)
        return 1;
    return n > PAR_MAX_THREADS ? PAR_MAX_THREADS : (size_t)n;
}
