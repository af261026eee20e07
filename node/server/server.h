/* SPDX-License-Identifier: MIT */
/*
 * server: the only user of libmicrohttpd. It serves the sync API of a hub
 * (each request handed to libsync's fed module) and carries the web pages
 * (web/), each on its own thread with its own connection to the node.
 */
#ifndef NODE_SERVER_H
#define NODE_SERVER_H

#include <stdbool.h>

#include "common/node.h"

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
/* Stops serving, waits for the server thread, closes its engine. */
void node_http_stop(struct node_http *h);

#endif
