/* SPDX-License-Identifier: MIT */
/*
 * report: the figures of a hub's report - practices counted by
 * municipality, entity, canton, sector, status and start year, persons by
 * country of residence (counts only, never a row) - over the live rows
 * this node holds, which are the rows it may see. The one place that
 * counts them, for the page (/hub/stats) and 'spona hub stats' alike.
 */
#ifndef SPONA_REPORT_H
#define SPONA_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "spona/err.h"

struct sync_engine;

/* What the rows are counted by. */
enum sync_report_dim {
    SYNC_REPORT_MUNICIPALITY, /* practices by owner municipality */
    SYNC_REPORT_ENTITY,       /* ... by its entity (FBiH, RS, BD) */
    SYNC_REPORT_CANTON,       /* ... by its canton (FBiH only) */
    SYNC_REPORT_SECTOR,       /* ... by sector (each of a list counts) */
    SYNC_REPORT_STATUS,       /* ... by status */
    SYNC_REPORT_YEAR,         /* ... by start year */
    SYNC_REPORT_COUNTRY,      /* persons by country of residence */
    SYNC_REPORT_N_
};

/* One group: a value (a code; NULL for rows without one) and its count. */
struct sync_report_group {
    char *value; /* owned, or NULL */
    int64_t n;   /* rows */
};

/* The groups of one dimension: largest first (years in order). */
struct sync_report_table {
    struct sync_report_group *g; /* owned */
    size_t n;                    /* groups */
};

/* Every dimension; release with sync_report_release. */
struct sync_report {
    struct sync_report_table t[SYNC_REPORT_N_];
};

/* Name of a dimension, as JSON and file names use it ("municipality",
 * "entity", "canton", "sector", "status", "year", "country"). */
const char *sync_report_name(enum sync_report_dim d);
/* The table whose rows a dimension counts ("practice" or "person"). */
const char *sync_report_table(enum sync_report_dim d);
/* The field of that table whose labels name the groups, or NULL when the
 * groups are an entity or a canton (named by the caller). */
const char *sync_report_field(enum sync_report_dim d);

/* Counts every dimension into out (initialised here; release it even on
 * failure). SYNC_DB when the database cannot be read. */
enum sync_rc sync_report_count(struct sync_engine *e, struct sync_report *out,
                               struct sync_err *err) SYNC_MUST_CHECK;
/* Frees the groups of r; r may be NULL. */
void sync_report_release(struct sync_report *r);

#endif
