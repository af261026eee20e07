/* SPDX-License-Identifier: MIT */
/*
 * fuzz_csv: the CSV reader of 'spona import'. Every field read is written
 * back with sync_csv_add_field and must read back the same.
 */
#include <stdbool.h>

#include "spona/buf.h"
#include "spona/csv.h"
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_init();
    return 0;
}

struct check {
    const char *want; /* the field the re-read must give */
    int seen;         /* records read back */
    bool same;        /* the one record was exactly want */
};

static int reread(const struct sync_csv_record *r, void *payload)
{
    struct check *c = payload;
    c->same = !c->seen++ && r->n == 1 && strcmp(r->field[0], c->want) == 0;
    return 0;
}

static int each(const struct sync_csv_record *r, void *payload)
{
    char *sep = payload;
    struct sync_err err;
    for (size_t i = 0; i < r->n; i++) {
        struct sync_buf b;
        sync_buf_init(&b, 1024 * 1024);
        /* a blank line is skipped, so "" alone would read as nothing;
         * a first field with a BOM would read without it */
        if (r->field[i][0] && strncmp(r->field[i], "\xef\xbb\xbf", 3) != 0 &&
            sync_csv_add_field(&b, r->field[i], *sep) == SYNC_OK &&
            sync_buf_add(&b, "\n", 1) == SYNC_OK) {
            struct check c = {r->field[i], 0, false};
            char s2 = 0;
            /* one field alone may look like the other separator's file,
             * and read as that file it may be too wide */
            enum sync_rc rc =
                sync_csv_parse(b.buf, b.len, &s2, reread, &c, &err);
            if (s2 == *sep && (rc || c.seen != 1 || !c.same))
                abort();
        }
        sync_buf_release(&b);
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct sync_err err;
    char sep = ',';
    (void)sync_csv_parse((const char *)data, size, &sep, each, &sep, &err);
    return 0;
}
