/* SPDX-License-Identifier: MIT */
/*
 * round: the member side of sync over HTTPS. One round pushes every entry
 * the hub has not confirmed, batch by batch, then pulls until the hub has
 * nothing more; each pulled batch is applied in one transaction with the
 * feed positions that are the cursor, so an interrupted round resumes
 * where it stopped. Also joining a hub with a join string.
 */
#ifndef SPONA_ROUND_H
#define SPONA_ROUND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spona/engine.h"
#include "spona/fed.h"

#define SYNC_JOIN_PREFIX "spona1"

/* Where the upstream hub is and how to recognise it. */
struct sync_upstream {
    char url[512];                /* base URL */
    uint8_t key[SYNC_SIG_PK_LEN]; /* the hub's key */
    char pin[128];                /* "sha256//..." TLS pin, or empty */
    char ca_file[512];            /* CA bundle when no pin, or empty */
    bool allow_http;              /* loopback tests only */
};

/* What a round did. */
struct sync_round_stats {
    struct sync_fed_counts pushed; /* as counted by the hub */
    struct sync_fed_counts pulled; /* as counted here */
    size_t push_batches;           /* requests */
    size_t pull_batches;           /* requests */
    size_t findings; /* new findings against the hub at its checkpoint */
};

/* Reports progress: phase "push" or "pull", entries so far. */
typedef void (*sync_round_progress_cb)(const char *phase, size_t done,
                                       void *payload);

/*
 * Runs one round with u. SYNC_NET when the hub cannot be reached, with
 * the reason; the hub's own refusal (HTTP 4xx) comes back with its
 * message. Whatever was applied before a failure stays applied.
 */
enum sync_rc sync_round_run(struct sync_engine *e,
                            const struct sync_upstream *u,
                            sync_round_progress_cb cb, void *payload,
                            struct sync_round_stats *out,
                            struct sync_err *err) SYNC_MUST_CHECK;

/* Asked while a long-poll waits; true abandons it. */
typedef bool (*sync_round_stop_cb)(void *payload);

/*
 * Holds one pull open at u for up to wait_s seconds (a long-poll,
 * PROTOCOL.md §10), applies what it brings and pulls on while the hub
 * has more; it pushes nothing and checks no checkpoint (sync_round_run
 * does). *held is true when the answer brought something or was held at
 * least wait_s / 2 seconds: false means the hub does not hold pulls (an
 * older hub, or one at its limit) and asking again at once would spin.
 * stop (NULL: none) is asked about once a second while waiting; true
 * abandons the request with SYNC_NET. A 429 is SYNC_NET, not waited out.
 */
enum sync_rc sync_round_wait(struct sync_engine *e,
                             const struct sync_upstream *u, int wait_s,
                             sync_round_stop_cb stop, void *payload,
                             struct sync_round_stats *out, bool *held,
                             struct sync_err *err) SYNC_MUST_CHECK;

/* Makes a join string: spona1:TOKEN:HUBKEY:PIN:URL (PIN may be empty). */
void sync_round_join_string(char *out, size_t size, const char *token,
                            const uint8_t *hub_key, const char *pin,
                            const char *url);
/*
 * Parses a join string into u and token (base64, at most 63 characters).
 * SYNC_INVALID naming what is wrong.
 */
enum sync_rc sync_round_parse_join(const char *text, struct sync_upstream *u,
                                   char token[64],
                                   struct sync_err *err) SYNC_MUST_CHECK;
/* Joins the hub of u with token, as node name: sends the signed key,
 * checks the hub key, records the hub as upstream root of trust. */
enum sync_rc sync_round_join(struct sync_engine *e,
                             const struct sync_upstream *u, const char *token,
                             const char *name,
                             struct sync_err *err) SYNC_MUST_CHECK;

/* Rotates this node's key to next with the hub of u (PROTOCOL.md §14):
 * asks as the current key, or, when the hub refuses that key because the
 * rotation was done already, as next; then signs with next. */
enum sync_rc sync_round_rotate(struct sync_engine *e,
                               const struct sync_upstream *u,
                               const struct sync_key *next,
                               struct sync_err *err) SYNC_MUST_CHECK;

#endif
