/* SPDX-License-Identifier: MIT */
/*
 * bundle: signed offline bundles, a file that carries what a pull or a
 * push would (docs/PROTOCOL.md §15) on a USB stick. A hub makes one for a
 * member (what the member may pull, with receipts), a member one for its
 * hub (what it would push). The file is checked whole before anything is
 * applied, and applied through the very functions of a pull answer or a
 * push body. No file I/O: the program reads and writes the bytes.
 */
#ifndef SPONA_BUNDLE_H
#define SPONA_BUNDLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spona/buf.h"
#include "spona/engine.h"
#include "spona/entry.h"
#include "spona/fed.h"
#include "spona/sig.h"

#define SYNC_BUNDLE_MAGIC "SPONABDL" /* the first 8 bytes of a bundle */
#define SYNC_BUNDLE_MAGIC_LEN 8
#define SYNC_BUNDLE_VERSION 1

/* Which way a bundle goes. */
enum sync_bundle_kind {
    SYNC_BUNDLE_DOWN = 1, /* from a hub to its members */
    SYNC_BUNDLE_UP = 2,   /* from a member to its hub */
};

/* A bundle taken apart (sync_bundle_parse) or being made. */
struct sync_bundle {
    enum sync_bundle_kind kind;
    uint8_t from[SYNC_SIG_PK_LEN]; /* the maker, whose key sealed it */
    uint8_t to[SYNC_SIG_PK_LEN];   /* the receiver; zeros: any member */
    int64_t made_ms;               /* Unix ms it was made */
    int64_t since_ms;              /* 0, or only entries the maker stored
                                      from this Unix ms on: not a whole
                                      pull, so its holes prove nothing */
    struct sync_entry *e;          /* entries, in feed order; owned */
    size_t n;
    struct sync_entry *forks; /* fork proofs (no payload); owned */
    size_t n_forks;
    struct sync_receipt *r; /* receipts signed by from; owned */
    size_t n_r;
};

/* Releases what b owns and zeroes it; b may be NULL. */
void sync_bundle_release(struct sync_bundle *b);

/*
 * Checks and takes apart len bytes of a bundle into *out (released with
 * sync_bundle_release, also after a failure): size, magic, version, the
 * trailing BLAKE2b-256, every record's shape, the seal's signature by the
 * maker, at most max_entries entries (SYNC_LIMIT_BUNDLE_ENTRIES outside
 * tests). Entry signatures are checked later, by ingest. SYNC_TOOBIG past
 * a limit, SYNC_INVALID (with what is wrong) for anything else.
 */
enum sync_rc sync_bundle_parse(struct sync_bundle *out, const void *bytes,
                               size_t len, size_t max_entries,
                               struct sync_err *err) SYNC_MUST_CHECK;

/*
 * Encodes b, sealed with key (whose public key must be b->from), into
 * out, which is emptied first and takes at most SYNC_LIMIT_BUNDLE_BYTES.
 * SYNC_TOOBIG past a limit.
 */
enum sync_rc sync_bundle_encode(const struct sync_bundle *b,
                                const struct sync_key *key,
                                struct sync_buf *out,
                                struct sync_err *err) SYNC_MUST_CHECK;

/* What a bundle is made for. */
struct sync_bundle_spec {
    enum sync_bundle_kind kind;
    uint8_t to[SYNC_SIG_PK_LEN]; /* DOWN: a member, or zeros for any;
                                    UP: this node's hub */
    int64_t since_ms;            /* only entries stored here at or after
                                    this Unix ms; 0: all */
};

/*
 * Makes a bundle of e for spec into out (as sync_bundle_encode). DOWN, on
 * a hub: first a checkpoint when the log changed, then every entry a
 * member may pull (as a pull with no haves but the member's own feeds),
 * the fork proofs of those feeds and a receipt for every shared feed this
 * hub holds. UP: every entry a push would send (no receipt covers it
 * yet). *n_out is the number of entries. SYNC_CONFLICT when e cannot
 * make that kind (DOWN on a node, an unknown member); SYNC_TOOBIG past a
 * limit.
 */
enum sync_rc sync_bundle_create(struct sync_engine *e,
                                const struct sync_bundle_spec *spec,
                                struct sync_buf *out, size_t *n_out,
                                struct sync_err *err) SYNC_MUST_CHECK;

/*
 * Applies a parsed bundle with exactly the checks of a pull or a push:
 * an UP bundle on the hub it is for, from an active direct member, as
 * that member's push (sync_fed_push's ingest); a DOWN bundle on a member
 * whose hub (upstream, its key; NULL: none) made it, as that hub's pull
 * answer (sync_fed_pull_apply; one made with since_ms as an answer of an
 * unknown sender, whose holes are no finding against the hub), then its
 * receipts as a push answer's; then, like a round, the member adopts
 * the hub's verdicts on its practices (sync_engine_adopt_reviews).
 * Entries already held count as known, so applying twice changes
 * nothing. SYNC_CONFLICT when the bundle is not for this node.
 */
enum sync_rc sync_bundle_apply(struct sync_engine *e,
                               const struct sync_bundle *b,
                               const uint8_t *upstream,
                               struct sync_fed_counts *counts,
                               struct sync_err *err) SYNC_MUST_CHECK;

#endif
