/* SPDX-License-Identifier: MIT */
/*
 * req: signed HTTP requests. Every request to a hub carries the device key,
 * a time, a random nonce and an Ed25519 signature over method, path, time,
 * nonce and the hash of the body (docs/PROTOCOL.md §9). This module makes
 * and checks those four values; which keys are allowed and which nonces
 * were seen is the engine's business.
 */
#ifndef SPONA_REQ_H
#define SPONA_REQ_H

#include <stddef.h>
#include <stdint.h>

#include "spona/err.h"
#include "spona/sig.h"

#define SYNC_REQ_DOMAIN "spona-request-v1"
#define SYNC_REQ_NONCE_LEN 16
/* Header names, as sent. */
#define SYNC_REQ_H_KEY "Spona-Key"
#define SYNC_REQ_H_TIME "Spona-Time"
#define SYNC_REQ_H_NONCE "Spona-Nonce"
#define SYNC_REQ_H_SIG "Spona-Signature"

struct sync_req_auth {
    uint8_t key[SYNC_SIG_PK_LEN];      /* the signing device key */
    uint64_t time_ms;                  /* Unix ms when signed */
    uint8_t nonce[SYNC_REQ_NONCE_LEN]; /* random, never reused */
    uint8_t sig[SYNC_SIG_LEN];         /* over the request (see above) */
};

/* The four header values of an auth, as text. */
struct sync_req_headers {
    char key[SYNC_B64_SIZE(SYNC_SIG_PK_LEN)];
    char time[24];
    char nonce[SYNC_B64_SIZE(SYNC_REQ_NONCE_LEN)];
    char sig[SYNC_B64_SIZE(SYNC_SIG_LEN)];
};

/* Signs a request made now (now_ms) with a fresh nonce. */
void sync_req_sign(struct sync_req_auth *out, const struct sync_key *key,
                   const char *method, const char *path, const void *body,
                   size_t len, uint64_t now_ms);
/* Whether the request's time is within SYNC_LIMIT_REQ_SKEW_MS of now_ms
 * (SYNC_CONFLICT, saying how far off, when not). */
enum sync_rc sync_req_time_ok(const struct sync_req_auth *a, uint64_t now_ms,
                              struct sync_err *err) SYNC_MUST_CHECK;
/*
 * Checks the signature of a request and that its time is within
 * SYNC_LIMIT_REQ_SKEW_MS of now_ms. SYNC_BADSIG for a bad signature,
 * SYNC_CONFLICT for a time outside the window.
 */
enum sync_rc sync_req_check(const struct sync_req_auth *a, const char *method,
                            const char *path, const void *body, size_t len,
                            uint64_t now_ms,
                            struct sync_err *err) SYNC_MUST_CHECK;

/* Header values of a. */
void sync_req_to_headers(struct sync_req_headers *out,
                         const struct sync_req_auth *a);
/* An auth from header values (any may be NULL: missing). SYNC_INVALID
 * naming the bad or missing header. */
enum sync_rc sync_req_from_headers(struct sync_req_auth *out, const char *key,
                                   const char *time, const char *nonce,
                                   const char *sig,
                                   struct sync_err *err) SYNC_MUST_CHECK;

#endif
