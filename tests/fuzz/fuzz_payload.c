/* SPDX-License-Identifier: MIT */
/*
 * fuzz_payload: entry payloads. A payload that decodes must encode again
 * and decode to the same owner and fields (the round trip the engine
 * relies on); the old version map is decoded too.
 */
#include "fuzz.h"
#include "msg.h"
#include "spona/record.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_init();
    return 0;
}

static const struct sync_rfield *find(const struct sync_record *r,
                                      const char *name)
{
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->f[i].name, name) == 0)
            return &r->f[i];
    return NULL;
}

static void round_trip(const char *owner, const struct sync_record *set)
{
    struct sync_err err;
    struct sync_record again;
    char *text = NULL, *owner2 = NULL;
    size_t len = 0;
    if (sync_msg_payload_encode(&text, &len, owner, set, &err))
        return; /* over the limit once encoded: allowed */
    sync_record_init(&again);
    if (sync_msg_payload_decode(&owner2, &again, text, len, &err) ||
        strcmp(owner, owner2) != 0 || again.n != set->n)
        abort();
    /* the encoder sorts the fields by name */
    for (size_t i = 0; i < set->n; i++) {
        const struct sync_rfield *g = find(&again, set->f[i].name);
        if (!g || !sync_value_eq(&set->f[i].v, &g->v) ||
            set->f[i].has_ver != g->has_ver ||
            (g->has_ver && memcmp(set->f[i].ver, g->ver, SYNC_HASH_LEN)))
            abort();
    }
    sync_record_release(&again);
    free(owner2);
    free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct sync_err err;
    struct sync_record set;
    char *owner = NULL;
    char *text = fuzz_text(data, size);
    sync_record_init(&set);
    if (sync_msg_payload_decode(&owner, &set, text, size, &err) == SYNC_OK)
        round_trip(owner, &set);
    sync_record_release(&set);
    free(owner);
    (void)sync_msg_ver_decode(&set, text, &err);
    sync_record_release(&set);
    free(text);
    return 0;
}
