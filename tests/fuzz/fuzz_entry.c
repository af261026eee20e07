/* SPDX-License-Identifier: MIT */
/*
 * fuzz_entry: the strict entry header decoder and the checks after it.
 * Input: 64 bytes of signature, then the header bytes; what is left after
 * a decoded header is offered as its payload.
 */
#include "spona/entry.h"
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
    struct sync_entry e;
    struct sync_err err;
    char hex[2 * SYNC_HASH_LEN + 1];
    if (size < SYNC_SIG_LEN)
        return 0;
    sync_entry_init(&e);
    const uint8_t *h = data + SYNC_SIG_LEN;
    size_t n = size - SYNC_SIG_LEN;
    if (sync_entry_from_bytes(&e, h, n, data, &err) == SYNC_OK) {
        sync_entry_id_hex(hex, &e);
        if (sync_scope_name(e.h.scope) == NULL || sync_op_name(e.h.op) == NULL)
            abort(); /* the decoder let an unknown scope or op through */
        (void)sync_entry_verify_sig(&e, &err);
        (void)sync_entry_verify_payload(&e, h, n, &err);
    }
    sync_entry_release(&e);
    return 0;
}
