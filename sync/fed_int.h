/* SPDX-License-Identifier: MIT */
/* fed_int: what the hub's (fed.c) and the member's (fed_member.c) sides of
 * the protocol bodies share. Private to the library. */
#ifndef SYNC_FED_INT_H
#define SYNC_FED_INT_H

#include <stddef.h>

#include "spona/engine.h"
#include "spona/fed.h"
#include "msg.h"

/* Serialises and frees o into *resp; SYNC_TOOBIG past the response limit. */
enum sync_rc fed_respond(struct sync_json *o, char **resp, size_t *len,
                         struct sync_err *err) SYNC_MUST_CHECK;
/* Sets key of o to the base64url of len bytes of bin (at most 64). */
void fed_set_b64(struct sync_json *o, const char *key, const void *bin,
                 size_t len);
/* Adds one ingest result to c. */
void fed_counts_add(struct sync_fed_counts *c, enum sync_ingest r);
/* Releases n entries and the array. */
void fed_entries_free(struct sync_entry *en, size_t n);

/* A pull answer's entries being gathered, bounded by the batch limits. */
struct batch_out {
    struct sync_json *arr; /* entries */
    size_t bytes;          /* encoded bytes so far, roughly */
    size_t n;              /* entries so far */
};

/* Adds a stored entry to a struct batch_out; SYNC_TOOBIG when full. */
enum sync_rc fed_batch_add(const struct sync_stored *s, void *payload);
/* Appends a fork proof entry (no payload) to a JSON array. */
enum sync_rc fed_fork_add(const void *header, size_t header_len,
                          const void *sig, size_t sig_len, void *payload);
/* The optional "forks" of m (at most SYNC_LIMIT_FORKS proofs). */
enum sync_rc fed_forks_parse(const struct sync_msg *m, struct sync_entry **out,
                             size_t *n, struct sync_err *err);
/* Takes fork proofs from src (see fed.c). */
enum sync_rc fed_forks_ingest(struct sync_engine *e,
                              const struct sync_source *src,
                              const struct sync_entry *en, size_t n,
                              struct sync_fed_counts *c, struct sync_err *err);
/* Ingests a push of member key (NULL: anonymous): entries en and fork
 * proofs fk, counted in c. The one path of a push body and of a member's
 * bundle (bundle.c). */
enum sync_rc fed_push_ingest(struct sync_engine *e, const uint8_t *key,
                             const struct sync_entry *en, size_t n,
                             const struct sync_entry *fk, size_t n_fk,
                             struct sync_fed_counts *c,
                             struct sync_err *err) SYNC_MUST_CHECK;
/* Takes n receipts of hub_key: checks each, records what the hub holds
 * and keeps those of this node's own feeds, in one transaction. The one
 * path of a push answer and of a hub's bundle. SYNC_BADSIG for a receipt
 * that does not verify (nothing recorded). */
enum sync_rc fed_receipts_take(struct sync_engine *e,
                               const struct sync_receipt *r, size_t n,
                               const uint8_t *hub_key,
                               struct sync_err *err) SYNC_MUST_CHECK;

struct sync_store;
/* The revocation cut of key: "scope:seq|..." of every feed of key held
 * (PROTOCOL.md §11), into cut (size bytes). */
enum sync_rc fed_cut(struct sync_store *st, const uint8_t *key, char *cut,
                     size_t size, struct sync_err *err) SYNC_MUST_CHECK;

#endif
