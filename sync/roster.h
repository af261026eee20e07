/* SPDX-License-Identifier: MIT */
/*
 * roster: who may write. The member table is a trust graph: each row says
 * which key vouched for a key (a hub for its members, a hub for the parent
 * it joined); roots are the node itself and the hub it joined. Roster rows
 * travel as entries of table "member" in hubs' network feeds, so a node in
 * FBiH can check an entry from Lopare that came through the RS hub and the
 * state hub. This module checks authors and roster entries and applies
 * them to the member table; the engine calls it.
 */
#ifndef SYNC_ROSTER_H
#define SYNC_ROSTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spona/entry.h"
#include "spona/err.h"
#include "spona/record.h"
#include "store.h"

#define SYNC_ROSTER_TABLE "member"

/*
 * Checks that the author of h may write it: a member reached by a chain of
 * active rows from a root, or a revoked member whose revocation cut still
 * covers h's seq. Fills m with the author's row. Writes the reason to why
 * (size bytes) when not; empty why means allowed.
 */
enum sync_rc sync_roster_check_author(struct sync_store *st,
                                      const struct sync_entry_header *h,
                                      struct sync_member *m, char *why,
                                      size_t size,
                                      struct sync_err *err) SYNC_MUST_CHECK;

/*
 * Checks a roster entry (table "member") whose author row is m and whose
 * payload gave owner and set: only hubs vouch, for other keys, with
 * well-formed fields. Writes the reason to why when refused.
 */
void sync_roster_check_entry(const struct sync_entry_header *h,
                             const struct sync_member *m, const char *owner,
                             const struct sync_record *set, char *why,
                             size_t size);

/*
 * Applies a checked roster entry to the member table: the newest write of
 * the vouching hub wins; roots and rows vouched by another hub are left
 * alone. *activated_out is true when the subject key became active (its
 * refused entries may now pass); the key goes to subject_out.
 */
enum sync_rc sync_roster_apply(struct sync_store *st,
                               const struct sync_entry_header *h,
                               const struct sync_record *set,
                               bool *activated_out, uint8_t *subject_out,
                               struct sync_err *err) SYNC_MUST_CHECK;

/* The payload fields of a roster row about m (key, org, role, status,
 * cut, name), for a hub's own member entry. */
void sync_roster_fields(struct sync_record *out, const struct sync_member *m);

/* The row id of the roster row about key (stable, derived from the key). */
void sync_roster_row(uint8_t out[SYNC_UUID_LEN], const uint8_t *key);

/* Whether the revocation cut allows seq in scope. */
bool sync_roster_cut_allows(const char *cut, int scope, uint64_t seq);

#endif
