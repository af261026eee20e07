/* SPDX-License-Identifier: MIT */
/*
 * server: the only user of libmicrohttpd. It serves the sync API of a hub
 * (each request handed to libsync's fed module) and carries the web pages
 * (web/), each on its own thread with its own connection to the node.
 */
#ifndef NODE_SERVER_H
#define NODE_SERVER_H

#include <stdbool.h>
#include <stdint.h>

#include "common/node.h"
#include "spona/round.h"

struct node_http;
/* Serves the sync API on listen (numeric HOST:PORT) over TLS with the PEM
 * certificate and key, or plain HTTP when they are NULL; takes e, which
 * only the server's writer thread uses from then on (the caller keeps it
 * on failure); its pool threads open their own connections to read.
 * SYNC_INVALID for an address that is not a numeric HOST:PORT, SYNC_NET when it
 * cannot be served. */
enum sync_rc node_http_start(struct node_http **out, const struct node_ctx *ctx,
                             struct sync_engine *e, const char *listen,
                             const char *cert_pem, const char *key_pem,
                             struct sync_err *err) SYNC_MUST_CHECK;
/* Serves the web pages (web/) on listen, over TLS when cert_pem and
 * key_pem are given; login: visitors must log in. Takes e like
 * node_http_start; same codes. */
enum sync_rc node_ui_start(struct node_http **out, const struct node_ctx *ctx,
                           struct sync_engine *e, const char *listen,
                           const char *cert_pem, const char *key_pem,
                           bool login, struct sync_err *err) SYNC_MUST_CHECK;
/* Stops serving, waits for the server thread, closes its engine. Held
 * pulls are answered at once, not at their deadline. */
void node_http_stop(struct node_http *h);
/* Something new is in the store that the API's writer did not apply (a
 * round with the parent pulled it, or a local write): the held pulls are
 * answered again (PROTOCOL.md §10 long-poll). h may be NULL. */
void node_http_wake(struct node_http *h);
/* Pushes the API has applied since it started (0 for NULL): a hub with
 * a parent pushes up when this changes. */
uint64_t node_http_pushes(struct node_http *h);

struct node_longpoll;
/* Holds a long-poll to the parent up (PROTOCOL.md §10) in a thread of its
 * own, with its own connection to the node; what it pulls wakes the held
 * pulls of http (NULL: none). Falls back to waits up to [sync] interval
 * while the parent does not hold pulls. SYNC_INTERNAL when the thread
 * cannot start; the codes of node_open_again. */
enum sync_rc node_longpoll_start(struct node_longpoll **out,
                                 const struct node_ctx *ctx,
                                 const struct sync_upstream *up,
                                 struct node_http *http,
                                 struct sync_err *err) SYNC_MUST_CHECK;
/* Abandons the request in flight (within about a second), waits for the
 * thread, closes its engine. NULL allowed. */
void node_longpoll_stop(struct node_longpoll *lp);

#endif
