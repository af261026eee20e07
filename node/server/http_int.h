/* SPDX-License-Identifier: MIT */
/*
 * http_int: what the libmicrohttpd adapter's parts share: the server and
 * request structures, the API (http.c), the pages' requests (pages.c) and
 * the guard against slow clients and unverified bodies (guard.c).
 */
#ifndef NODE_HTTP_INT_H
#define NODE_HTTP_INT_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include <microhttpd.h>

#include "spona/buf.h"
#include "spona/engine.h"
#include "spona/sig.h"
#include "common/node.h"
#include "web/web.h"

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
    struct node_req *held;        /* pulls held open (long-poll) */
    size_t n_held;                /* places taken in held */
    bool news;                    /* answer the held pulls again */
    uint64_t pushes;              /* pushes the writer applied */
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
    size_t form_max;              /* most form bytes (web_body_max) */
    size_t body_bytes;            /* raw page body bytes so far */
    size_t reserved;              /* its part of node_http.inflight */
    /* A push or join handed to the writer thread: */
    struct MHD_Connection *c;     /* its connection, suspended meanwhile */
    bool join;                    /* a join, not a push */
    bool rotate;                  /* a key rotation, not a push */
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
    /* A pull (its key above), held open while it has nothing new: */
    bool pull;                  /* a pull, answered by http_answer_pull */
    int64_t deadline_ms;        /* wall ms it is answered by; 0: unset */
    struct node_req *held_prev; /* node_http.held's links, under mu; */
    struct node_req *held_next; /* held_next also chains woken pulls */
};

/* A JSON answer (text is freed by MHD). */
enum MHD_Result http_send_body(struct MHD_Connection *c, unsigned status,
                               char *text, size_t len);
/* {"error": msg} with the status of rc, counted and logged. */
enum MHD_Result http_send_error(struct node_http *h, struct MHD_Connection *c,
                                const char *path, enum sync_rc rc,
                                const char *msg);
/* A request header, or NULL. */
const char *http_hdr(struct MHD_Connection *c, const char *name);
/* This pool thread's reading engine, opened on first use; NULL and err
 * when it cannot be opened. */
struct sync_engine *http_reader(struct node_http *h, struct sync_err *err);

/* hold.c: answers the pull q of a member (key in q), or holds it while
 * it has nothing new and asked to wait; resumed, it is answered again. */
enum MHD_Result http_answer_pull(struct node_http *h, struct MHD_Connection *c,
                                 const char *path, struct node_req *q);
/* Resumes the held pulls past their deadline, or all of them. Never
 * called under node_http.mu. */
void http_wake_held(struct node_http *h, bool all);

/* pages.c: MHD's post processor callback for a page form (cls: the
 * request), and a collected page request answered. */
enum MHD_Result http_on_form(void *cls, enum MHD_ValueKind kind,
                             const char *key, const char *filename,
                             const char *content_type,
                             const char *transfer_encoding, const char *data,
                             uint64_t off, size_t size);
enum MHD_Result http_on_page(struct node_http *h, struct MHD_Connection *c,
                             const char *url, const char *method,
                             const char *upload, size_t *upload_size,
                             struct node_req *q);

/* guard.c: marks c waiting for headers (true) or answered; the MHD
 * connection callback; the reaper thread. */
void http_conn_mark(struct node_http *h, struct MHD_Connection *c,
                    bool waiting);
void http_on_conn(void *cls, struct MHD_Connection *c, void **socket_context,
                  enum MHD_ConnectionNotificationCode code);
void *http_reaper_main(void *arg);
/* Two Content-Length headers that disagree. */
bool http_lengths_conflict(struct MHD_Connection *c);
/* The signed headers of an API request checked before its body is read,
 * and room for its declared body reserved. */
enum MHD_Result http_on_api_headers(struct node_http *h,
                                    struct MHD_Connection *c, const char *url,
                                    struct node_req *q, uint64_t declared);
/* Takes one piece of a body without a length; false when the unverified
 * bytes would go over SYNC_LIMIT_BODY_INFLIGHT. */
bool http_reserve_more(struct node_http *h, struct node_req *q, size_t size);

#endif
