/* SPDX-License-Identifier: MIT */
/*
 * fuzz_body: pull and push bodies and their answers, as the hub and the
 * member decode them: the JSON parser, then entries, feed positions,
 * receipts and the scalar members.
 */
#include "fuzz.h"
#include "msg.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_init();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct sync_msg *m = NULL;
    struct sync_err err;
    struct sync_entry *en = NULL;
    struct sync_have *have = NULL;
    struct sync_receipt *rec = NULL;
    size_t n = 0;
    if (sync_msg_parse(&m, data, size, &err))
        return 0;
    if (sync_msg_entries(m, "entries", &en, &n, &err) == SYNC_OK) {
        for (size_t i = 0; i < n; i++)
            sync_entry_release(&en[i]);
        free(en);
    }
    if (sync_msg_haves(m, "have", &have, &n, &err) == SYNC_OK)
        free(have);
    if (sync_msg_receipts(m, "receipts", &rec, &n, &err) == SYNC_OK)
        free(rec);
    (void)sync_msg_str(m, "token");
    (void)sync_msg_bool(m, "more");
    (void)sync_msg_int(m, "applied", 0);
    sync_msg_free(m);
    return 0;
}
