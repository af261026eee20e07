/* SPDX-License-Identifier: MIT */
/* checkpoint: see checkpoint.h. */
#include "spona/checkpoint.h"

#include <string.h>

#include "spona/banned.h"

void sync_checkpoint_leaf(uint8_t out[SYNC_CHECKPOINT_LEAF_LEN],
                          const struct sync_head *h)
{
    memcpy(out, h->author, SYNC_SIG_PK_LEN);
    out[SYNC_SIG_PK_LEN] = (uint8_t)h->scope;
    for (int i = 0; i < 8; i++)
        out[SYNC_SIG_PK_LEN + 1 + i] = (uint8_t)(h->seq >> (56 - 8 * i));
    memcpy(out + SYNC_SIG_PK_LEN + 9, h->id, SYNC_HASH_LEN);
}

int sync_head_cmp(const void *a, const void *b)
{
    const struct sync_head *x = a, *y = b;
    int c = memcmp(x->author, y->author, SYNC_SIG_PK_LEN);
    if (c)
        return c;
    return (x->scope > y->scope) - (x->scope < y->scope);
}

/* MTH of heads[0..n), n >= 1 (RFC 6962 §2.1). Depth is log2(n). */
static void subtree(uint8_t out[SYNC_HASH_LEN], const struct sync_head *heads,
                    size_t n)
{
    if (n == 1) {
        uint8_t leaf[1 + SYNC_CHECKPOINT_LEAF_LEN];
        leaf[0] = 0x00;
        sync_checkpoint_leaf(leaf + 1, heads);
        sync_hash(out, leaf, sizeof(leaf), NULL, 0);
        return;
    }
    size_t k = 1;
    while (k * 2 < n)
        k *= 2;
    uint8_t node[1 + 2 * SYNC_HASH_LEN];
    node[0] = 0x01;
    subtree(node + 1, heads, k);
    subtree(node + 1 + SYNC_HASH_LEN, heads + k, n - k);
    sync_hash(out, node, sizeof(node), NULL, 0);
}

void sync_checkpoint_root(uint8_t out[SYNC_HASH_LEN],
                          const struct sync_head *heads, size_t n)
{
    if (n == 0)
        sync_hash(out, "", 0, NULL, 0);
    else
        subtree(out, heads, n);
}

/* The first 16 bytes of BLAKE2b-256(label || in) as a version-8 UUID. */
static void derived_row(uint8_t out[SYNC_UUID_LEN], const char *label,
                        const uint8_t *in, size_t len)
{
    uint8_t hash[SYNC_HASH_LEN];
    sync_hash(hash, label, strlen(label), in, len);
    memcpy(out, hash, SYNC_UUID_LEN);
    out[6] = (uint8_t)((out[6] & 0x0f) | 0x80); /* UUID version 8 */
    out[8] = (uint8_t)((out[8] & 0x3f) | 0x80); /* RFC 9562 variant */
}

void sync_checkpoint_row(uint8_t out[SYNC_UUID_LEN], const uint8_t *author,
                         uint64_t seq)
{
    uint8_t in[SYNC_SIG_PK_LEN + 8];
    memcpy(in, author, SYNC_SIG_PK_LEN);
    for (int i = 0; i < 8; i++)
        in[SYNC_SIG_PK_LEN + i] = (uint8_t)(seq >> (56 - 8 * i));
    derived_row(out, "spona-checkpoint", in, sizeof(in));
}

void sync_witness_row(uint8_t out[SYNC_UUID_LEN], const uint8_t *author)
{
    derived_row(out, "spona-witness", author, SYNC_SIG_PK_LEN);
}
