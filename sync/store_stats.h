/* SPDX-License-Identifier: MIT */
/*
 * store_stats: counts a node's monitoring reads (the /metrics and /healthz
 * of 'spona serve'): entries and feeds held, purged payloads, rejections
 * grouped by reason, and a write probe. Read-only but for the probe, which
 * rewrites one setting. Part of the store module; SQLite stays in store*.c.
 */
#ifndef SYNC_STORE_STATS_H
#define SYNC_STORE_STATS_H

#include <stdint.h>

#include "store.h"

/* Counts what the store holds; self is this node's key (its own entries
 * are told from received ones). */
enum sync_rc sync_store_stats(struct sync_store *st, const uint8_t *self,
                              struct sync_stats *out,
                              struct sync_err *err) SYNC_MUST_CHECK;
/* Walks the rejected entries grouped by their reason text, most frequent
 * first, at most limit groups; cb gets (reason, count). */
enum sync_rc sync_store_rejected_reasons(struct sync_store *st, int limit,
                                         sync_group_cb cb, void *payload,
                                         struct sync_err *err) SYNC_MUST_CHECK;
/* Proves the database takes writes now: rewrites the setting
 * "health_probe" with at_ms in a transaction of its own. SYNC_IO (disk
 * full, I/O error) or SYNC_DB (read-only, busy), with SQLite's reason,
 * when it does not. */
enum sync_rc sync_store_write_probe(struct sync_store *st, int64_t at_ms,
                                    struct sync_err *err) SYNC_MUST_CHECK;

#endif
