/* SPDX-License-Identifier: MIT */
/*
 * import: rows of one table from a spreadsheet's CSV, as officials write
 * them. The one importer of the project: the command line and the web
 * pages hand it the bytes of a file and print its report. Headers are a
 * field's code or its label in any interface language, values codes or
 * labels (folded, spona/fold.h), ISO codes or names; dates and numbers as
 * written in BiH; the file in UTF-8 or Windows-1250/1251. Every problem
 * of every line is reported; the file goes in whole or not at all.
 */
#ifndef SPONA_IMPORT_H
#define SPONA_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "spona/engine.h"
#include "spona/err.h"
#include "spona/record.h"
#include "spona/schema.h"

enum sync_import_flags {
    SYNC_IMPORT_SKIP_BAD = 1 << 0 /* write the good rows, report the bad */
};

/* One problem: where, and what is wrong (allowed values, the format). */
struct sync_import_problem {
    size_t line;     /* line of the file where the row starts */
    char column[64]; /* the column as its header names it; "" for a row */
    char msg[320];   /* what is wrong and what is allowed */
};

/* What an import did. Arrays are owned; release with
 * sync_import_report_release. */
struct sync_import_report {
    const char *encoding; /* of the file: "UTF-8", "Windows-1250", ... */
    char sep;             /* its separator, ',' or ';' */
    size_t rows;          /* data rows read */
    size_t imported;      /* rows written (0 when nothing was kept) */
    size_t refused;       /* rows with a problem */
    size_t others;        /* rows of other organisations, skipped */
    bool header_bad;      /* the header has a problem: nothing imported */
    struct sync_import_problem *problems; /* in file order */
    size_t n_problems;                    /* problems kept */
    size_t
        n_dropped; /* problems past SYNC_LIMIT_IMPORT_PROBLEMS, only counted */
    char (*warnings)[320]; /* columns dropped or ignored */
    size_t n_warnings;     /* warnings kept */
};

/* Called every few hundred rows with the rows read so far. */
typedef void (*sync_import_cb)(size_t rows, void *payload);

/*
 * Imports the rows of table from a CSV file (len bytes). Writes happen in
 * one transaction: all good rows are kept when there is no problem, or
 * with SYNC_IMPORT_SKIP_BAD; otherwise none. A row with an id changes or
 * creates that row; rows of other organisations (an owner column naming
 * another, or an id such a row holds) are skipped and counted. Returns
 * SYNC_OK when the file was read, whatever its rows held (out says);
 * SYNC_INVALID for an unknown table, a file that is not CSV text or has
 * no header; SYNC_TOOBIG past a limit; SYNC_IO or SYNC_DB when the store
 * fails (nothing is imported then). out is filled in every case and must
 * be released.
 */
enum sync_rc sync_engine_import(struct sync_engine *e, const char *table,
                                const char *bytes, size_t len, unsigned flags,
                                sync_import_cb progress, void *payload,
                                struct sync_import_report *out,
                                struct sync_err *err) SYNC_MUST_CHECK;

/* Frees the arrays of r and zeroes it; r may be NULL. */
void sync_import_report_release(struct sync_import_report *r);

/*
 * Reads one value of field f as written in a spreadsheet or a form into
 * out: dates and numbers as in BiH, enumeration values as codes, labels
 * in any language or ISO codes, lists separated by '|', ';' or ','.
 * SYNC_INVALID or SYNC_TOOBIG with a message that says what is allowed
 * (without the field's name).
 */
enum sync_rc sync_import_value(const struct sync_schema *s,
                               const struct sync_fdef *f, const char *text,
                               struct sync_value *out,
                               struct sync_err *err) SYNC_MUST_CHECK;

/*
 * The municipality whose name (in either script) the text holds as whole
 * words, the longest such name ("Općina Ključ" → "kljuc"); NULL when
 * there is none or two different ones fit as well. Borrowed.
 */
const char *sync_import_find_lsg(const struct sync_schema *s, const char *text);

#endif
