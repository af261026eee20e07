/* SPDX-License-Identifier: MIT */
/*
 * seen: what the threads serving a hub's sync API share in memory, so a
 * pull writes nothing to the store: the request nonces of the replay
 * window, each member's last request and last full pull, and each
 * member's request budget (docs/PROTOCOL.md §9). Every function is safe
 * to call from any thread. The store learns of nonces and sync times when
 * sync_seen_flush writes them, on the one connection that writes; a new
 * seen starts from the nonces the store holds, so a restart keeps the
 * replay guard (save those of the last flush interval after a crash).
 */
#ifndef SPONA_SEEN_H
#define SPONA_SEEN_H

#include <stdbool.h>
#include <stdint.h>

#include "spona/engine.h"
#include "spona/req.h"

struct sync_seen;

/*
 * A new seen for the hub e, holding the nonces e's store recorded within
 * the replay window. Each member may make rate requests per second with
 * bursts of up to burst (both > 0). *out belongs to the caller.
 */
enum sync_rc sync_seen_new(struct sync_seen **out, struct sync_engine *e,
                           double rate, double burst,
                           struct sync_err *err) SYNC_MUST_CHECK;
void sync_seen_free(struct sync_seen *s);

/* Records a's nonce; false when its key used it already within the
 * replay window (twice SYNC_LIMIT_REQ_SKEW_MS before now_ms). */
bool sync_seen_nonce(struct sync_seen *s, const struct sync_req_auth *a,
                     int64_t now_ms);
/* Records that key made a request at at_ms, its clock skew_ms ahead. */
void sync_seen_member(struct sync_seen *s, const uint8_t *key, int64_t at_ms,
                      int64_t skew_ms);
/* Records that key has pulled everything up to n of the hub's log. */
void sync_seen_pulled(struct sync_seen *s, const uint8_t *key, int64_t n);
/*
 * Takes one request from key's budget at now_ms: true when there was
 * one; false with *retry_ms, how long until there is.
 */
bool sync_seen_admit(struct sync_seen *s, const uint8_t *key, int64_t now_ms,
                     int64_t *retry_ms);
/* Writes what was recorded since the last flush (nonces, sync times,
 * pulls) in one transaction of e, and forgets nonces past the window. */
enum sync_rc sync_seen_flush(struct sync_seen *s, struct sync_engine *e,
                             struct sync_err *err) SYNC_MUST_CHECK;

#endif
