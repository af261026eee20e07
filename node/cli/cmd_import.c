/* SPDX-License-Identifier: MIT */
/*
 * import: rows of one table from a CSV file made in a spreadsheet. The
 * header names the fields; each row is checked like a typed write, and
 * the whole file goes in one transaction: all rows or none (--skip-bad
 * leaves the bad ones out instead).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spona/csv.h"
#include "spona/fold.h"
#include "spona/mem.h"
#include "spona/json.h"
#include "cli/cli.h"

#include "spona/banned.h"

#define IMPORT_MAX_FILE (256 * 1024 * 1024) /* bytes of one CSV file */
#define IMPORT_MAX_SHOWN 20                 /* problems printed in full */

static const char help[] =
    "usage: spona [--dir DIR] import --table TABLE FILE.csv [--skip-bad] "
    "[--json]\n"
    "\n"
    "Adds or changes rows of TABLE from a CSV file: UTF-8 with or without a\n"
    "byte-order mark, separated by commas or semicolons (found from the\n"
    "header), fields in double quotes may hold separators and line breaks.\n"
    "The first line names the columns: field names of TABLE (see 'spona\n"
    "tables TABLE'), and optionally 'id' (the row to change, or to create\n"
    "with that id) and 'scope'. Lists inside a cell are separated by '|'.\n"
    "Columns of special categories or citizen numbers (ethnicity, religion,\n"
    "JMBG, ...) are dropped with a warning; a 13-digit number in a person\n"
    "field is refused.\n"
    "\n"
    "Every problem is reported with its line, and nothing is imported when\n"
    "there is one, unless --skip-bad: then the good rows go in.\n"
    "\n"
    "  --skip-bad  import the good rows, report the others\n"
    "  --json      print a summary as JSON\n";

/* Column names that hold data the law forbids keeping (DOMAIN.md, rule
 * 5), as folded words. */
static const char *const forbidden[] = {
    "ethnicity", "ethnic",          "religion",
    "religious", "politics",        "political",
    "party",     "health",          "jmbg",
    "citizen",   "nacionalnost",    "narodnost",
    "etnicka",   "etnicki",         "vjera",
    "vera",      "vjeroispovijest", "veroispovest",
    "religija",  "zdravlje",        "zdravstveno",
    "stranka",   "politicka",       "maticni",
    "emso",      "nationality",     NULL};

enum col_kind { COL_FIELD, COL_ID, COL_SCOPE, COL_SKIP };

struct col {
    enum col_kind kind;
    const struct sync_fdef *f;
    char name[SYNC_LIMIT_FIELD_NAME + 1];
};

struct import {
    struct node_ctx *ctx;
    struct sync_engine *e;
    const struct sync_tdef *t;
    bool skip_bad;
    bool person;
    bool tty;
    struct col *cols;
    size_t n_cols;
    size_t rows;           /* data rows read */
    size_t imported;       /* rows written */
    size_t bad;            /* rows refused */
    bool header_bad;       /* an unknown column */
    struct sync_err fatal; /* a store failure (full disk): stops it all */
    struct sync_json *problems;
    struct sync_json *warnings;
};

static void problem(struct import *im, size_t line, const char *fmt, ...)
    SYNC_PRINTF(3, 4);

static void problem(struct import *im, size_t line, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    struct sync_json *j = sync_json_object();
    sync_json_set_int(j, "line", (int64_t)line);
    sync_json_set_str(j, "message", msg);
    sync_json_push(im->problems, j);
    if (!im->ctx->json &&
        im->bad + (im->header_bad ? 1 : 0) <= IMPORT_MAX_SHOWN)
        fprintf(stderr, "spona: line %zu: %s\n", line, msg);
}

static void warning(struct import *im, const char *fmt, ...) SYNC_PRINTF(2, 3);

static void warning(struct import *im, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    sync_json_push(im->warnings, sync_json_string(msg));
    if (!im->ctx->json)
        fprintf(stderr, "spona: warning: %s\n", msg);
}

struct word_hit {
    bool hit;
};

static int forbidden_word(const char *word, size_t len, size_t start,
                          size_t end, void *payload)
{
    (void)len;
    (void)start;
    (void)end;
    for (size_t i = 0; forbidden[i]; i++)
        if (strcmp(word, forbidden[i]) == 0)
            ((struct word_hit *)payload)->hit = true;
    return 0;
}

static bool is_forbidden(const char *name)
{
    struct word_hit h = {false};
    char spaced[128];
    /* "etnicka_pripadnost" -> words */
    snprintf(spaced, sizeof(spaced), "%s", name);
    for (char *p = spaced; *p; p++)
        if (*p == '_')
            *p = ' ';
    (void)sync_fold_words(spaced, strlen(spaced), forbidden_word, &h);
    return h.hit;
}

static void trim(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    size_t i = 0;
    while (s[i] == ' ' || s[i] == '\t')
        i++;
    memmove(s, s + i, n - i + 1);
}

static void read_header(struct import *im, const struct sync_csv_record *r)
{
    im->cols = sync_xcalloc(r->n, sizeof(*im->cols));
    im->n_cols = r->n;
    for (size_t i = 0; i < r->n; i++) {
        struct col *c = &im->cols[i];
        trim(r->field[i]);
        snprintf(c->name, sizeof(c->name), "%s", r->field[i]);
        c->kind = COL_SKIP;
        size_t j = 0;
        while (j < i && strcmp(im->cols[j].name, c->name) != 0)
            j++;
        if (j < i) {
            /* Which of the two would win is a guess: refuse, always. */
            im->header_bad = true;
            problem(im, r->line,
                    "column '%s' appears twice (columns %zu and "
                    "%zu)",
                    c->name, j + 1, i + 1);
        } else if (strcmp(c->name, "id") == 0) {
            c->kind = COL_ID;
        } else if (strcmp(c->name, "scope") == 0) {
            c->kind = COL_SCOPE;
        } else if (is_forbidden(r->field[i])) {
            warning(im,
                    "column '%s' holds special-category data or a "
                    "citizen number, which spona never keeps: dropped",
                    c->name);
        } else if (strcmp(c->name, "owner") == 0 ||
                   strcmp(c->name, "created_at") == 0 ||
                   strcmp(c->name, "updated_at") == 0) {
            warning(im, "column '%s' is set by spona itself: ignored", c->name);
        } else if ((c->f = sync_schema_field(im->t, c->name)) != NULL) {
            c->kind = COL_FIELD;
        } else {
            if (!im->skip_bad)
                im->header_bad = true;
            problem(im, r->line,
                    "unknown column '%s' of table '%s' (see "
                    "'spona tables %s')",
                    c->name, im->t->name, im->t->name);
        }
    }
}

/* A run of exactly 13 digits: the shape of a JMBG. */
static bool has_citizen_number(const char *s)
{
    size_t run = 0;
    for (const char *p = s;; p++) {
        if (*p >= '0' && *p <= '9') {
            run++;
            continue;
        }
        if (run == 13)
            return true;
        run = 0;
        if (!*p)
            return false;
    }
}

/* Line breaks inside a cell become "\n" (spreadsheets write CRLF too). */
static void unix_lines(char *s)
{
    size_t o = 0;
    for (size_t i = 0; s[i]; i++) {
        if (s[i] == '\r' && s[i + 1] == '\n')
            continue;
        s[o++] = s[i] == '\r' ? '\n' : s[i];
    }
    s[o] = '\0';
}

/* Turns one data row into a write; false (with a problem) when bad. */
static bool read_row(struct import *im, const struct sync_csv_record *r,
                     struct sync_record *set, const char **id)
{
    struct sync_err err;
    *id = NULL;
    if (r->n != im->n_cols) {
        problem(im, r->line, "%zu fields, but the header has %zu", r->n,
                im->n_cols);
        return false;
    }
    for (size_t i = 0; i < r->n; i++) {
        const struct col *c = &im->cols[i];
        const char *v = r->field[i];
        unix_lines(r->field[i]);
        if (c->kind == COL_ID) {
            *id = *v ? v : NULL;
        } else if (c->kind == COL_SCOPE && *v) {
            if (sync_scope_parse(v) < 0) {
                problem(im, r->line,
                        "scope must be one of local, hub, "
                        "network, public, not '%.40s'",
                        v);
                return false;
            }
            sync_record_set_text(set, "scope", v);
        } else if (c->kind == COL_FIELD) {
            struct sync_value val = {0};
            if (im->person && has_citizen_number(v)) {
                problem(im, r->line,
                        "field '%s' holds a 13-digit number (a "
                        "citizen number?), which spona never keeps",
                        c->name);
                return false;
            }
            if (sync_schema_parse(&val, c->f, v, &err)) {
                problem(im, r->line, "%s", err.msg);
                return false;
            }
            sync_record_set(set, c->name, &val);
            sync_value_clear(&val);
        }
    }
    return true;
}

static int import_record(const struct sync_csv_record *r, void *payload)
{
    struct import *im = payload;
    struct sync_record set;
    struct sync_err err;
    const char *id = NULL;
    if (!im->cols) {
        read_header(im, r);
        return 0;
    }
    im->rows++;
    sync_record_init(&set);
    bool ok = read_row(im, r, &set, &id);
    if (ok) {
        sync_err_init(&err);
        enum sync_rc rc =
            id ? sync_engine_upsert(im->e, im->t->name, id, &set, &err)
               : sync_engine_put(im->e, im->t->name, NULL, &set, NULL, &err);
        ok = rc == SYNC_OK;
        if (rc == SYNC_IO || rc == SYNC_DB) {
            /* Not the row's fault: the transaction may be gone. */
            sync_err_set(&im->fatal, rc, "line %zu: %s", r->line, err.msg);
            sync_record_release(&set);
            return 1;
        }
        if (!ok)
            problem(im, r->line, "%s", err.msg);
    }
    sync_record_release(&set);
    if (ok)
        im->imported++;
    else
        im->bad++;
    if (im->tty && im->rows % 500 == 0)
        fprintf(stderr, "\rimporting: %zu rows", im->rows);
    return 0;
}

static enum sync_rc read_file(const char *path, char **out, size_t *len,
                              struct sync_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return sync_err_set(err, SYNC_IO, "cannot open '%s': %s", path,
                            strerror(errno));
    struct sync_buf b;
    char chunk[64 * 1024];
    size_t n;
    enum sync_rc rc = SYNC_OK;
    sync_buf_init(&b, IMPORT_MAX_FILE);
    while (!rc && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        rc = sync_buf_add(&b, chunk, n);
    if (!rc && ferror(f))
        rc = sync_err_set(err, SYNC_IO, "cannot read '%s'", path);
    else if (rc)
        rc = sync_err_set(err, SYNC_TOOBIG, "'%s' is over %d MiB", path,
                          IMPORT_MAX_FILE / (1024 * 1024));
    fclose(f);
    if (rc) {
        sync_buf_release(&b);
        return rc;
    }
    *out = sync_buf_detach(&b, len);
    return SYNC_OK;
}

int cmd_import(struct node_ctx *ctx, int argc, char **argv)
{
    bool json = false, skip_bad = false;
    const char *table = NULL, *pos[1];
    size_t n_pos;
    struct node_opt opts[] = {{"json", NULL, &json},
                              {"skip-bad", NULL, &skip_bad},
                              {"table", &table, NULL},
                              {NULL, NULL, NULL}};
    int code = node_opts(argc, argv, opts, pos, 1, &n_pos, help);
    if (code)
        return code;
    if (!table || n_pos != 1)
        return node_usage(help, "import needs --table TABLE and FILE");
    ctx->json |= json;
    struct sync_err err;
    sync_err_init(&err);
    char *text = NULL;
    size_t len = 0;
    if (read_file(pos[0], &text, &len, &err))
        return node_fail(&err);
    struct sync_engine *e = ctx->e;
    struct import im = {.ctx = ctx,
                        .e = e,
                        .skip_bad = skip_bad,
                        .tty = isatty(2) && !ctx->json,
                        .problems = sync_json_array(),
                        .warnings = sync_json_array()};
    im.t = sync_schema_table(sync_engine_schema(e), table);
    enum sync_rc rc = SYNC_OK;
    if (!im.t)
        rc = sync_err_set(&err, SYNC_INVALID,
                          "unknown table '%s' (see "
                          "'spona tables')",
                          table);
    im.person = im.t && strcmp(table, "person") == 0;
    if (!rc)
        rc = sync_engine_batch_begin(e, &err);
    if (!rc) {
        rc = sync_csv_parse(text, len, NULL, import_record, &im, &err);
        if (!rc && im.fatal.rc) {
            rc = sync_err_set(&err, im.fatal.rc, "%s; nothing imported",
                              im.fatal.msg);
            im.imported = 0;
        }
        if (!rc && !im.cols)
            rc = sync_err_set(&err, SYNC_INVALID,
                              "'%s' is empty: the first "
                              "line must name the columns",
                              pos[0]);
        bool keep = !rc && !im.header_bad && (skip_bad || im.bad == 0);
        enum sync_rc r2 = sync_engine_batch_end(e, keep, &err);
        rc = rc ? rc : r2;
        if (!keep && !rc)
            im.imported = 0;
    }
    if (im.tty && im.rows >= 500)
        fputc('\n', stderr);
    size_t n_problems = im.bad + (im.header_bad ? 1 : 0);
    /* A bad header imports nothing, even with --skip-bad. */
    bool failed = im.header_bad || (n_problems && !skip_bad);
    if (!rc && ctx->json) {
        struct sync_json *j = sync_json_object();
        sync_json_set_str(j, "table", table);
        sync_json_set_int(j, "rows", (int64_t)im.rows);
        sync_json_set_int(j, "imported", (int64_t)im.imported);
        sync_json_set_int(j, "refused", (int64_t)im.bad);
        sync_json_set(j, "problems", im.problems);
        sync_json_set(j, "warnings", im.warnings);
        im.problems = im.warnings = NULL;
        node_print_json(j);
    } else if (!rc && n_problems > IMPORT_MAX_SHOWN) {
        fprintf(stderr, "spona: ... and %zu more problems\n",
                n_problems - IMPORT_MAX_SHOWN);
    }
    if (!rc && !ctx->json)
        printf("%zu of %zu rows imported into %s%s%s\n", im.imported, im.rows,
               table, failed ? " (nothing imported: fix the lines above" : "",
               !failed         ? ""
               : im.header_bad ? ")"
                               : ", or use --skip-bad)");
    sync_json_free(im.problems);
    sync_json_free(im.warnings);
    free(im.cols);
    free(text);
    if (rc)
        return node_fail(&err);
    return failed ? NODE_EXIT_FAIL : NODE_EXIT_OK;
}
