/* SPDX-License-Identifier: MIT */
/*
 * store_search: what search says beside its hits (the hits themselves
 * come from sync_store_search in store.h).
 */
#ifndef SYNC_STORE_SEARCH_H
#define SYNC_STORE_SEARCH_H

#include <stddef.h>

#include "store.h"

/*
 * "Did you mean": out (size bytes) gets query with each word that
 * matches nothing in the searched tables (table, or when NULL all but
 * skip, or all when skip is NULL too) replaced by the index word nearest
 * to it (folded, as the index holds
 * it), or "" when every word matches or nothing is near. Refreshes the
 * indexes first, like a search. The codes of sync_store_search; and
 * SYNC_TOOBIG when out is too small.
 */
enum sync_rc sync_store_search_suggest(struct sync_store *st, char *out,
                                       size_t size, const char *query,
                                       const char *table, const char *skip,
                                       struct sync_err *err) SYNC_MUST_CHECK;

#endif
