/* SPDX-License-Identifier: MIT */
/*
 * report: counts the rows of a hub's report (include/spona/report.h).
 * Every figure is an aggregate query of the store over live rows; list
 * fields (sectors) are split here so each item counts once per row. It
 * reads no row of a person, only counts of a field.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "spona/engine.h"
#include "spona/mem.h"
#include "spona/report.h"
#include "engine_int.h"
#include "store.h"

#include "spona/banned.h"

static const struct {
    const char *name;  /* of the dimension */
    const char *table; /* counted */
    const char *field; /* grouped by, or NULL (entity, canton) */
} dims[SYNC_REPORT_N_] = {
    [SYNC_REPORT_MUNICIPALITY] = {"municipality", "practice", "owner_lsg"},
    [SYNC_REPORT_ENTITY] = {"entity", "practice", NULL},
    [SYNC_REPORT_CANTON] = {"canton", "practice", NULL},
    [SYNC_REPORT_SECTOR] = {"sector", "practice", "sectors"},
    [SYNC_REPORT_STATUS] = {"status", "practice", "status"},
    [SYNC_REPORT_YEAR] = {"year", "practice", "start_year"},
    [SYNC_REPORT_COUNTRY] = {"country", "person", "country"},
};

const char *sync_report_name(enum sync_report_dim d)
{
    assert((size_t)d < SYNC_REPORT_N_);
    return dims[d].name;
}

const char *sync_report_table(enum sync_report_dim d)
{
    assert((size_t)d < SYNC_REPORT_N_);
    return dims[d].table;
}

const char *sync_report_field(enum sync_report_dim d)
{
    assert((size_t)d < SYNC_REPORT_N_);
    return dims[d].field;
}

static bool same(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static void group_add(struct sync_report_table *t, const char *value,
                      size_t len, int64_t n)
{
    char *v = value ? sync_xstrndup(value, len) : NULL;
    for (size_t i = 0; i < t->n; i++)
        if (same(t->g[i].value, v)) {
            t->g[i].n += n;
            free(v);
            return;
        }
    t->g = sync_xrealloc(t->g, (t->n + 1) * sizeof(*t->g));
    t->g[t->n].value = v;
    t->g[t->n++].n = n;
}

static enum sync_rc on_group(const char *value, int64_t n, void *payload)
{
    group_add(payload, value, value ? strlen(value) : 0, n);
    return SYNC_OK;
}

/* A list value ("ECO|DIA.return") counts once under each of its items. */
static enum sync_rc on_list(const char *value, int64_t n, void *payload)
{
    if (!value || !*value) {
        group_add(payload, NULL, 0, n);
        return SYNC_OK;
    }
    for (const char *s = value; *s;) {
        size_t len = strcspn(s, "|");
        if (len)
            group_add(payload, s, len, n);
        s += len + (s[len] ? 1 : 0);
    }
    return SYNC_OK;
}

/* Largest first, then by value, rows without a value last. */
static int by_count(const void *x, const void *y)
{
    const struct sync_report_group *a = x, *b = y;
    if (a->n != b->n)
        return a->n > b->n ? -1 : 1;
    if (!a->value || !b->value)
        return !a->value - !b->value;
    return strcmp(a->value, b->value);
}

/* Years in order (as numbers), rows without one last. */
static int by_year(const void *x, const void *y)
{
    const struct sync_report_group *a = x, *b = y;
    if (!a->value || !b->value)
        return !a->value - !b->value;
    size_t la = strlen(a->value), lb = strlen(b->value);
    if (la != lb)
        return la < lb ? -1 : 1;
    return strcmp(a->value, b->value);
}

static enum sync_rc count_one(struct sync_engine *e, enum sync_report_dim d,
                              struct sync_report_table *out,
                              struct sync_err *err)
{
    struct sync_store *st = sync_engine_store(e);
    if (d == SYNC_REPORT_ENTITY || d == SYNC_REPORT_CANTON)
        return sync_store_count_practice_lsg(st, d == SYNC_REPORT_CANTON,
                                             on_group, out, err);
    const struct sync_tdef *t =
        sync_schema_table(sync_store_schema(st), dims[d].table);
    if (!t)
        return sync_err_set(err, SYNC_INTERNAL, "no table '%s'", dims[d].table);
    return sync_store_count_by(st, t, dims[d].field,
                               d == SYNC_REPORT_SECTOR ? on_list : on_group,
                               out, err);
}

enum sync_rc sync_report_count(struct sync_engine *e, struct sync_report *out,
                               struct sync_err *err)
{
    assert(e && out);
    memset(out, 0, sizeof(*out));
    enum sync_rc rc = SYNC_OK;
    for (size_t d = 0; d < SYNC_REPORT_N_ && !rc; d++) {
        struct sync_report_table *t = &out->t[d];
        rc = count_one(e, (enum sync_report_dim)d, t, err);
        if (!rc && t->n)
            qsort(t->g, t->n, sizeof(*t->g),
                  d == SYNC_REPORT_YEAR ? by_year : by_count);
    }
    return rc;
}

void sync_report_release(struct sync_report *r)
{
    if (!r)
        return;
    for (size_t d = 0; d < SYNC_REPORT_N_; d++) {
        for (size_t i = 0; i < r->t[d].n; i++)
            free(r->t[d].g[i].value);
        free(r->t[d].g);
        r->t[d].g = NULL;
        r->t[d].n = 0;
    }
}
