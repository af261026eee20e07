/* SPDX-License-Identifier: MIT */
/*
 * fuzz_search: the query parser and the search behind it, on a node made
 * once in a temporary folder with a few practices.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "fuzz.h"
#include "spona/record.h"
#include "engine_int.h"
#include "store.h"

static struct sync_engine *node;

static void put(const char *title)
{
    struct sync_record r;
    struct sync_err err;
    sync_record_init(&r);
    sync_record_set_text(&r, "title", title);
    sync_record_set_text(&r, "status", "idea");
    if (sync_engine_put(node, "practice", NULL, &r, NULL, &err))
        abort();
    sync_record_release(&r);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    char dir[] = "/tmp/spona-fuzz.XXXXXX";
    char db[64], key[64];
    struct sync_err err;
    (void)argc;
    (void)argv;
    fuzz_init();
    if (!mkdtemp(dir))
        abort();
    snprintf(db, sizeof(db), "%s/node.db", dir);
    snprintf(key, sizeof(key), "%s/node.key", dir);
    if (sync_engine_create(&node, db, key, "Opština Lopare", &err))
        abort();
    put("Е-Матичар: изводи на мрежи");
    put("Dani dijaspore i \"kulture\"");
    put("Žalbe građana — brzi odgovor");
    /* the files go; the open handle keeps them for the run */
    unlink(db);
    unlink(key);
    rmdir(dir);
    return 0;
}

static enum sync_rc hit(const struct sync_hit *h, void *payload)
{
    (void)payload;
    if (!h->table || !h->id || !h->title || !h->snippet)
        abort();
    return SYNC_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct sync_err err;
    struct sync_search_opts o = {
        .table = NULL, .limit = 5, .mark_open = "[", .mark_close = "]"};
    char *q = fuzz_text(data, size);
    (void)sync_store_search(sync_engine_store(node), q, &o, hit, NULL, &err);
    free(q);
    return 0;
}
