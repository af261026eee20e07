/* SPDX-License-Identifier: MIT */
/*
 * peer: every use of libcurl. One HTTPS connection to a hub: signed JSON
 * requests, the hub's certificate pinned by its public key (or checked
 * against a CA file), and the client-side limits (connect timeout, lowest
 * speed, largest response). Blocking; only the member side of sync and
 * the join command call it, never an HTTP handler.
 */
#ifndef SYNC_PEER_H
#define SYNC_PEER_H

#include <stdbool.h>
#include <stddef.h>

#include "spona/err.h"
#include "spona/url.h"
#include "spona/req.h"
#include "spona/sig.h"

struct sync_peer;

struct sync_peer_opts {
    const char *url;     /* base URL, "https://host:port" */
    const char *pin;     /* "sha256//<base64>" of the hub's SPKI, or NULL */
    const char *ca_file; /* CA bundle when there is no pin, or NULL */
    bool allow_http;     /* accept http:// (loopback tests only) */
    const struct sync_key *key; /* signs each request; borrowed */
};

/* Initialises libcurl. Call once from main, before threads. */
enum sync_rc sync_peer_global_init(struct sync_err *err) SYNC_MUST_CHECK;

/* Checks the options and prepares a connection. SYNC_INVALID for a bad
 * URL or scheme. *out belongs to the caller. */
enum sync_rc sync_peer_open(struct sync_peer **out,
                            const struct sync_peer_opts *o,
                            struct sync_err *err) SYNC_MUST_CHECK;
void sync_peer_close(struct sync_peer *p);

/* Asked about once a second during a transfer (more often while data
 * flows); true abandons it, which then fails with SYNC_NET. */
typedef bool (*sync_peer_stop_cb)(void *payload);
/* Sets the stop check of p's later calls (cb NULL: none). */
void sync_peer_set_stop(struct sync_peer *p, sync_peer_stop_cb cb,
                        void *payload);

/*
 * Sends method path with body (len bytes, may be empty), signed when sign
 * is true, and returns the response body (*out, NUL-terminated, owned by
 * the caller) and HTTP status. SYNC_NET when the hub cannot be reached
 * (message says why), SYNC_TOOBIG past SYNC_LIMIT_RESPONSE.
 */
enum sync_rc sync_peer_call(struct sync_peer *p, const char *method,
                            const char *path, const void *body, size_t len,
                            bool sign, char **out, size_t *out_len,
                            long *status, struct sync_err *err) SYNC_MUST_CHECK;

/* Like sync_peer_call, but with the given signature headers (tests use it
 * to replay a request exactly). */
enum sync_rc sync_peer_call_as(struct sync_peer *p, const char *method,
                               const char *path, const void *body, size_t len,
                               const struct sync_req_auth *auth, char **out,
                               size_t *out_len, long *status,
                               struct sync_err *err) SYNC_MUST_CHECK;

#endif
