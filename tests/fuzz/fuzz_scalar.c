/* SPDX-License-Identifier: MIT */
/*
 * fuzz_scalar: the small text decoders every parser above leans on:
 * integers, UUIDs, base64 and hex. What decodes must encode back to
 * something that decodes to the same value.
 */
#include <stdio.h>

#include "fuzz.h"
#include "spona/num.h"
#include "spona/sig.h"
#include "spona/uuid.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_init();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct sync_err err;
    char *text = fuzz_text(data, size);
    int64_t i = 0;
    uint64_t u = 0;
    uint8_t id[SYNC_UUID_LEN], id2[SYNC_UUID_LEN];
    uint8_t bin[256], bin2[256];
    char out[512];
    size_t n = 0, n2 = 0;
    if (sync_parse_i64(&i, text, &err) == SYNC_OK) {
        int64_t back = 0;
        snprintf(out, sizeof(out), "%lld", (long long)i);
        if (sync_parse_i64(&back, out, &err) || back != i)
            abort();
    }
    (void)sync_parse_u64(&u, text, &err);
    if (sync_uuid_parse(id, text, &err) == SYNC_OK) {
        char t[SYNC_UUID_TEXT];
        sync_uuid_format(t, id);
        if (sync_uuid_parse(id2, t, &err) || memcmp(id, id2, sizeof(id)))
            abort();
    }
    if (sync_b64_decode(bin, sizeof(bin), &n, text, size) == SYNC_OK) {
        sync_b64_encode(out, sizeof(out), bin, n);
        if (sync_b64_decode(bin2, sizeof(bin2), &n2, out, strlen(out)) ||
            n2 != n || memcmp(bin, bin2, n))
            abort();
    }
    if (size % 2 == 0 && size / 2 <= sizeof(bin))
        (void)sync_hex_decode(bin, size / 2, text);
    free(text);
    return 0;
}
