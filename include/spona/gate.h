/* SPDX-License-Identifier: MIT */
/*
 * gate: what a hub checks of a request before it reads the body. The
 * signature covers the body, so it is checked once the body is in
 * (sync_fed_auth); before that, the signed headers must be well formed,
 * the time within the window, and the key an active direct member, so
 * that an outsider cannot make a hub hold large bodies. Reads, never
 * writes.
 */
#ifndef SPONA_GATE_H
#define SPONA_GATE_H

#include <stdbool.h>
#include <stdint.h>

#include "spona/engine.h"
#include "spona/req.h"

/* Whether key is an active direct member of this hub (SYNC_CONFLICT,
 * saying which of the three it is not, when not). */
enum sync_rc sync_gate_member(struct sync_engine *e, const uint8_t *key,
                              struct sync_err *err) SYNC_MUST_CHECK;
/*
 * Checks a's time against now_ms and, unless joining, that a's key is an
 * active direct member of the hub e. SYNC_CONFLICT for a stale time or an
 * unknown, revoked or indirect key; SYNC_DB when the store fails.
 */
enum sync_rc sync_gate_headers(struct sync_engine *e,
                               const struct sync_req_auth *a, bool joining,
                               uint64_t now_ms,
                               struct sync_err *err) SYNC_MUST_CHECK;

/* The largest body a request to path may have: SYNC_LIMIT_JOIN_BODY for a
 * join, SYNC_LIMIT_BODY otherwise. */
size_t sync_gate_body_max(const char *path);

#endif
