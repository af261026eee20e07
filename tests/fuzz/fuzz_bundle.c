/* SPDX-License-Identifier: MIT */
/*
 * fuzz_bundle: the offline bundle reader (docs/PROTOCOL.md §15). The
 * trailing hash is recomputed over the input first, so the records are
 * reached (a random file fails the hash); the seal then fails unless the
 * input kept it, which is the last check, after every record was read.
 */
#include "spona/bundle.h"
#include "spona/limits.h"
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_init();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct sync_bundle b;
    struct sync_err err;
    if (size < SYNC_HASH_LEN || size > 1024 * 1024)
        return 0;
    uint8_t *copy = sync_xmalloc(size);
    memcpy(copy, data, size);
    sync_hash(copy + size - SYNC_HASH_LEN, copy, size - SYNC_HASH_LEN, NULL, 0);
    if (sync_bundle_parse(&b, copy, size, 1000, &err) == SYNC_OK &&
        b.kind != SYNC_BUNDLE_DOWN && b.kind != SYNC_BUNDLE_UP)
        abort(); /* the reader let an unknown kind through */
    sync_bundle_release(&b);
    free(copy);
    return 0;
}
