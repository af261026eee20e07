/* SPDX-License-Identifier: MIT */
/*
 * checkpoint: the bytes of a hub's checkpoint (docs/PROTOCOL.md §13): the
 * leaf of one feed head, the Merkle root over sorted leaves (RFC 6962's
 * tree with BLAKE2b-256) and the row ids of checkpoint and witness
 * entries. Pure
 * functions: writing and checking checkpoints is the engine's.
 */
#ifndef SPONA_CHECKPOINT_H
#define SPONA_CHECKPOINT_H

#include <stddef.h>
#include <stdint.h>

#include "spona/sig.h"
#include "spona/uuid.h"

#define SYNC_CHECKPOINT_TABLE "checkpoint"
#define SYNC_WITNESS_TABLE "witness" /* a member's witness of its hub */
#define SYNC_CHECKPOINT_LEAF_LEN (SYNC_SIG_PK_LEN + 1 + 8 + SYNC_HASH_LEN)

/* The head of one feed: held up to seq, with id at seq. */
struct sync_head {
    uint8_t author[SYNC_SIG_PK_LEN];
    int scope;
    uint64_t seq;
    uint8_t id[SYNC_HASH_LEN];
};

/* author || scope || seq (big-endian) || id. */
void sync_checkpoint_leaf(uint8_t out[SYNC_CHECKPOINT_LEAF_LEN],
                          const struct sync_head *h);
/* Orders heads as leaves are ordered: author bytes, then scope. */
int sync_head_cmp(const void *a, const void *b);
/* The Merkle root over n heads, which must be in leaf order. */
void sync_checkpoint_root(uint8_t out[SYNC_HASH_LEN],
                          const struct sync_head *heads, size_t n);
/* The row id of the checkpoint entry author writes at seq. */
void sync_checkpoint_row(uint8_t out[SYNC_UUID_LEN], const uint8_t *author,
                         uint64_t seq);
/* The row id of author's witness entries (one row per member). */
void sync_witness_row(uint8_t out[SYNC_UUID_LEN], const uint8_t *author);

#endif
