/* SPDX-License-Identifier: MIT */
/*
 * resolve: ending a conflict. The field is written again, with the value
 * the official chose, by an entry whose base names every version in
 * conflict (the one the field holds and those that lost to it), so every
 * replica that applies it drops the conflict (merge.c). It writes through
 * sync_engine_put, the one path of local writes.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "spona/engine.h"
#include "engine_int.h"
#include "store.h"

#include "spona/banned.h"

/* The versions of one field in conflict, searched for the one to keep. */
struct pick {
    const char *field;   /* the field */
    const char *keep;    /* base64 id, or a unique prefix of one */
    size_t n;            /* losing versions of the field */
    size_t n_match;      /* versions keep names */
    struct sync_value v; /* the value of the version kept; owned */
};

/* Whether version id is named by keep (the whole base64 id or a prefix
 * of at least 6 characters). */
static bool names(const char *keep, const uint8_t *id)
{
    char b64[SYNC_B64_SIZE(SYNC_HASH_LEN)];
    size_t len = strlen(keep);
    sync_b64_encode(b64, sizeof(b64), id, SYNC_HASH_LEN);
    return len >= 6 && strncmp(b64, keep, len) == 0;
}

static enum sync_rc pick_version(const struct sync_conflict *c, void *payload)
{
    struct pick *p = payload;
    if (strcmp(c->field, p->field) != 0)
        return SYNC_OK;
    p->n++;
    if (p->keep && names(p->keep, c->loser.id)) {
        p->n_match++;
        sync_value_copy(&p->v, &c->loser.v);
    }
    return SYNC_OK;
}

enum sync_rc sync_engine_resolve(struct sync_engine *e, const char *table,
                                 const char *id, const char *field,
                                 const char *keep,
                                 const struct sync_value *value,
                                 struct sync_err *err)
{
    assert(e && table && id && field && (keep || value));
    const struct sync_tdef *t;
    uint8_t row[SYNC_UUID_LEN];
    char canon[SYNC_UUID_TEXT];
    struct sync_record cur, set;
    struct pick p = {.field = field, .keep = keep};
    enum sync_rc rc = engine_find_table(e, table, &t, err);
    if (!rc && !sync_schema_field(t, field))
        rc = sync_err_set(err, SYNC_INVALID, "unknown field '%.48s' of '%s'",
                          field, table);
    if (!rc)
        rc = sync_uuid_parse(row, id, err);
    if (rc)
        return rc;
    sync_uuid_format(canon, row);
    sync_record_init(&cur);
    sync_record_init(&set);
    struct sync_store *st = sync_engine_store(e);
    rc = sync_store_conflicts_each(st, t->name, canon, pick_version, &p, err);
    if (!rc && !p.n)
        rc = sync_err_set(err, SYNC_NOTFOUND,
                          "%s '%s' has no conflict on '%.48s'", t->name, canon,
                          field);
    if (!rc && keep)
        rc = sync_store_row_get(st, t, canon, &cur, err);
    const struct sync_rfield *now = sync_record_get(&cur, field);
    if (!rc && keep && now && now->has_ver && names(keep, now->ver)) {
        p.n_match++;
        sync_value_copy(&p.v, &now->v);
    }
    if (!rc && keep && p.n_match != 1)
        rc = sync_err_set(err, SYNC_NOTFOUND,
                          p.n_match ? "version '%.60s' is ambiguous"
                                    : "no version '%.60s' of '%.48s' in "
                                      "conflict",
                          keep, field);
    if (!rc) {
        sync_record_set(&set, field, keep ? &p.v : value);
        rc = sync_engine_put(e, t->name, canon, &set, NULL, err);
    }
    sync_value_clear(&p.v);
    sync_record_release(&cur);
    sync_record_release(&set);
    return rc;
}
