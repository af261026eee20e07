/* SPDX-License-Identifier: MIT */
/*
 * vector: prints the test vectors of docs/PROTOCOL.md, computed by
 * libsync: from a fixed seed the entry's key, payload, header bytes,
 * signing input, signature and id, in hex; then a checkpoint's leaves and
 * Merkle root (§13); then a key rotation's keys and signatures (§14).
 * tests/cli/t0006 compares this output with the
 * document and checks it with OpenSSL and b2sum, independently of us.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spona/checkpoint.h"
#include "spona/engine.h"
#include "spona/hlc.h"
#include "spona/mem.h"
#include "spona/sig.h"

#include "spona/banned.h"

static void hex_line(const char *name, const void *p, size_t len)
{
    char *hex = sync_xmalloc(2 * len + 1);
    sync_hex_encode(hex, 2 * len + 1, p, len);
    printf("%s %s\n", name, hex);
    free(hex);
}

/* The checkpoint example of PROTOCOL.md §13: three heads. */
static void checkpoint_vector(void)
{
    struct sync_head h[3] = {
        {.scope = 1, .seq = 5}, {.scope = 2, .seq = 1}, {.scope = 2, .seq = 7}};
    const uint8_t authors[3] = {0x01, 0x01, 0x02}, ids[3] = {0xaa, 0xbb, 0xcc};
    char name[16];
    uint8_t leaf[SYNC_CHECKPOINT_LEAF_LEN], root[SYNC_HASH_LEN];
    for (int i = 0; i < 3; i++) {
        memset(h[i].author, authors[i], SYNC_SIG_PK_LEN);
        memset(h[i].id, ids[i], SYNC_HASH_LEN);
        sync_checkpoint_leaf(leaf, &h[i]);
        snprintf(name, sizeof(name), "leaf_%d", i + 1);
        hex_line(name, leaf, sizeof(leaf));
    }
    sync_checkpoint_root(root, h, 3);
    hex_line("checkpoint_root", root, sizeof(root));
    sync_checkpoint_root(root, h, 0);
    hex_line("empty_root", root, sizeof(root));
}

/* The witness row id of PROTOCOL.md §13: author 32 x 0x01. */
static void witness_vector(void)
{
    uint8_t author[SYNC_SIG_PK_LEN], row[SYNC_UUID_LEN];
    char text[SYNC_UUID_TEXT];
    memset(author, 0x01, sizeof(author));
    sync_witness_row(row, author);
    sync_uuid_format(text, row);
    printf("witness_row %s\n", text);
}

/* The rotation example of PROTOCOL.md §14: seeds 32 x 0x11 and 0x22. */
static void rotate_vector(void)
{
    uint8_t seed[SYNC_SIG_SEED_LEN], sig[SYNC_SIG_LEN];
    struct sync_key *prev = NULL, *key = NULL;
    memset(seed, 0x11, sizeof(seed));
    sync_key_from_seed(&prev, seed);
    memset(seed, 0x22, sizeof(seed));
    sync_key_from_seed(&key, seed);
    const uint8_t *p = sync_key_public(prev), *k = sync_key_public(key);
    hex_line("rotate_prev", p, SYNC_SIG_PK_LEN);
    hex_line("rotate_key", k, SYNC_SIG_PK_LEN);
    sync_rotate_sign(sig, prev, p, k);
    hex_line("rotate_prev_sig", sig, sizeof(sig));
    sync_rotate_sign(sig, key, p, k);
    hex_line("rotate_key_sig", sig, sizeof(sig));
    sync_key_free(prev);
    sync_key_free(key);
}

int main(void)
{
    static const char payload[] =
        "{\"base\":{},\"owner\":\"Općina Ključ\",\"set\":{\"scope\":\"hub\","
        "\"status\":\"pilot\",\"title\":\"e-Matičar\"}}";
    uint8_t seed[SYNC_SIG_SEED_LEN];
    struct sync_key *key = NULL;
    struct sync_entry_header h = {0};
    struct sync_entry e;
    struct sync_err err;
    if (sync_global_init(&err))
        return 1;
    for (size_t i = 0; i < sizeof(seed); i++)
        seed[i] = (uint8_t)i;
    sync_key_from_seed(&key, seed);
    h.version = SYNC_ENTRY_VERSION;
    memcpy(h.author, sync_key_public(key), SYNC_SIG_PK_LEN);
    h.scope = SYNC_SCOPE_HUB;
    h.seq = 1;
    h.hlc = SYNC_HLC_MAKE(1767225600000ULL, 0); /* 2026-01-01T00:00:00Z */
    h.schema = 4;
    if (sync_uuid_parse(h.row, "01940000-0000-7000-8000-000000000001", &err))
        return 1;
    h.op = SYNC_OP_PUT;
    snprintf(h.table, sizeof(h.table), "practice");
    sync_entry_init(&e);
    if (sync_entry_seal(&e, &h, sync_xstrdup(payload), strlen(payload), key,
                        &err)) {
        fprintf(stderr, "vector: %s\n", err.msg);
        return 1;
    }
    size_t dlen = strlen(SYNC_ENTRY_DOMAIN) + 1;
    uint8_t *input = sync_xmalloc(dlen + e.header_len);
    memcpy(input, SYNC_ENTRY_DOMAIN, dlen);
    memcpy(input + dlen, e.header, e.header_len);
    hex_line("seed", seed, sizeof(seed));
    hex_line("public_key", sync_key_public(key), SYNC_SIG_PK_LEN);
    hex_line("payload", payload, strlen(payload));
    hex_line("payload_hash", e.h.payload_hash, SYNC_HASH_LEN);
    hex_line("header", e.header, e.header_len);
    hex_line("signing_input", input, dlen + e.header_len);
    hex_line("signature", e.sig, SYNC_SIG_LEN);
    hex_line("id", e.id, SYNC_HASH_LEN);
    char b64[SYNC_B64_SIZE(SYNC_HASH_LEN)];
    sync_b64_encode(b64, sizeof(b64), e.id, SYNC_HASH_LEN);
    printf("id_base64 %s\n", b64);
    free(input);
    sync_entry_release(&e);
    sync_key_free(key);
    witness_vector();
    checkpoint_vector();
    rotate_vector();
    return 0;
}
