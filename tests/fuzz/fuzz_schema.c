/* SPDX-License-Identifier: MIT */
/*
 * fuzz_schema: value checks of the real schema (made once in a temporary
 * folder). Input: one byte choosing the field, then the text a user types;
 * a value that parses must pass the check a payload value gets.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "fuzz.h"
#include "spona/record.h"
#include "spona/schema.h"

static struct sync_engine *node;
static const struct sync_fdef **fields;
static size_t n_fields;

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
    unlink(db);
    unlink(key);
    rmdir(dir);
    const struct sync_schema *s = sync_engine_schema(node);
    for (size_t i = 0; sync_schema_table_at(s, i); i++) {
        const struct sync_tdef *t = sync_schema_table_at(s, i);
        fields = sync_xrealloc(fields, (n_fields + t->n) * sizeof(*fields));
        for (size_t j = 0; j < t->n; j++)
            fields[n_fields++] = &t->f[j];
    }
    if (!n_fields)
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct sync_err err;
    struct sync_value v = {0};
    if (size < 1)
        return 0;
    const struct sync_fdef *f = fields[data[0] % n_fields];
    char *text = fuzz_text(data + 1, size - 1);
    if (sync_schema_parse(&v, f, text, &err) == SYNC_OK &&
        v.kind != SYNC_V_NULL && sync_schema_check(f, &v, &err) != SYNC_OK)
        abort(); /* what the parser accepts, the checker must too */
    sync_value_clear(&v);
    /* the same text as a payload value */
    v.kind = SYNC_V_TEXT;
    v.s = text;
    (void)sync_schema_check(f, &v, &err);
    free(text);
    return 0;
}
