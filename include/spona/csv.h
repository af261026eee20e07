/* SPDX-License-Identifier: MIT */
/*
 * csv: reading and writing the CSV that spreadsheets make (RFC 4180 and
 * what Excel does in BiH): UTF-8 with or without a byte-order mark, comma
 * or semicolon separators (detected from the header line), fields quoted
 * with "" for a quote and holding separators and line breaks, CRLF or LF
 * line ends. Pure functions over memory.
 */
#ifndef SPONA_CSV_H
#define SPONA_CSV_H

#include <stddef.h>

#include "spona/buf.h"
#include "spona/err.h"

#define SYNC_CSV_MAX_FIELDS 256        /* fields in one record */
#define SYNC_CSV_MAX_FIELD (64 * 1024) /* bytes of one field */

/* One record: n fields, each NUL-terminated; line is where it starts. */
struct sync_csv_record {
    char **field;
    size_t n;
    size_t line;
};

/* Called for each record, the header first; non-zero stops the walk. */
typedef int (*sync_csv_cb)(const struct sync_csv_record *r, void *payload);

/*
 * Parses text (len bytes). The separator is ';' when the first line has
 * more semicolons than commas outside quotes, else ','; *sep_out (may be
 * NULL) gets it. Blank lines are skipped. SYNC_INVALID with the line for
 * an unterminated quote or text after a closing quote, SYNC_TOOBIG past a
 * limit; a non-zero return of cb stops the walk and gives SYNC_OK.
 */
enum sync_rc sync_csv_parse(const char *text, size_t len, char *sep_out,
                            sync_csv_cb cb, void *payload,
                            struct sync_err *err) SYNC_MUST_CHECK;

/* Appends one field, quoted when it holds sep, a quote, a line break or
 * edge blanks. */
enum sync_rc sync_csv_add_field(struct sync_buf *b, const char *text,
                                char sep) SYNC_MUST_CHECK;

#endif
