/* SPDX-License-Identifier: MIT */
/*
 * import: reads a file and prints what the library's importer
 * (spona/import.h) made of it; the reading of headers and values, the
 * checks and the one transaction are the library's.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spona/buf.h"
#include "spona/import.h"
#include "spona/limits.h"
#include "spona/mem.h"
#include "spona/json.h"
#include "cli/cli.h"

#include "spona/banned.h"

#define IMPORT_MAX_SHOWN 20 /* problems printed in full */

static const char help[] =
    "usage: spona [--dir DIR] import --table TABLE FILE.csv [--skip-bad] "
    "[--json]\n"
    "\n"
    "Adds or changes rows of TABLE from a CSV file as a spreadsheet saves\n"
    "it: UTF-8 with or without a byte-order mark, or Windows-1250 or\n"
    "Windows-1251 (Excel's default; found and converted), separated by\n"
    "commas or semicolons (found from the header), fields in double quotes\n"
    "may hold separators and line breaks.\n"
    "\n"
    "The first line names the columns: a field's code or its label in\n"
    "Bosnian, Croatian, Serbian or English (see 'spona tables TABLE'), in\n"
    "any case, with or without diacritics ('Naziv', 'Godina početka',\n"
    "'start_year'), and optionally 'id' (the row to change, or to create\n"
    "with that id), 'scope' and 'owner'. Values: enumerations as codes or\n"
    "labels in any of those languages ('ongoing', 'U toku', 'латиница'),\n"
    "ISO 15924 scripts (Latn, Cyrl), ISO 639 languages, ISO 3166 countries\n"
    "or their names, municipalities by name in either script; dates as\n"
    "05.03.2024, 5.3.2024. or 2024-03-05; numbers as 1500, 1.500 or\n"
    "1.500,00. Items of a list are separated by '|' (or ';' or ',').\n"
    "Columns of special categories or citizen numbers (ethnicity, religion,\n"
    "JMBG, ...) are dropped with a warning; a 13-digit number in a person\n"
    "field is refused. Rows of other organisations (an export of a synced\n"
    "node) are skipped and counted. A practice without an owner\n"
    "municipality gets the node's ([node] municipality).\n"
    "\n"
    "Every problem of every line is reported, naming what is allowed, and\n"
    "nothing is imported when there is one, unless --skip-bad: then the\n"
    "good rows go in.\n"
    "\n"
    "  --skip-bad  import the good rows, report the others\n"
    "  --json      print a summary as JSON, problems as a list\n";

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
    sync_buf_init(&b, SYNC_LIMIT_IMPORT_FILE);
    while (!rc && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        rc = sync_buf_add(&b, chunk, n);
    if (!rc && ferror(f))
        rc = sync_err_set(err, SYNC_IO, "cannot read '%s'", path);
    else if (rc)
        rc = sync_err_set(err, SYNC_TOOBIG, "'%s' is over %d MiB", path,
                          SYNC_LIMIT_IMPORT_FILE / (1024 * 1024));
    fclose(f);
    if (rc) {
        sync_buf_release(&b);
        return rc;
    }
    *out = sync_buf_detach(&b, len);
    return SYNC_OK;
}

static void progress(size_t rows, void *payload)
{
    (void)payload;
    fprintf(stderr, "\rimporting: %zu rows", rows);
}

static void print_json(const char *table, const struct sync_import_report *r)
{
    struct sync_json *j = sync_json_object();
    struct sync_json *problems = sync_json_array();
    struct sync_json *warnings = sync_json_array();
    sync_json_set_str(j, "table", table);
    sync_json_set_str(j, "encoding", r->encoding);
    sync_json_set_int(j, "rows", (int64_t)r->rows);
    sync_json_set_int(j, "imported", (int64_t)r->imported);
    sync_json_set_int(j, "refused", (int64_t)r->refused);
    sync_json_set_int(j, "others_skipped", (int64_t)r->others);
    for (size_t i = 0; i < r->n_problems; i++) {
        struct sync_json *p = sync_json_object();
        sync_json_set_int(p, "line", (int64_t)r->problems[i].line);
        if (r->problems[i].column[0])
            sync_json_set_str(p, "column", r->problems[i].column);
        sync_json_set_str(p, "message", r->problems[i].msg);
        sync_json_push(problems, p);
    }
    for (size_t i = 0; i < r->n_warnings; i++)
        sync_json_push(warnings, sync_json_string(r->warnings[i]));
    sync_json_set(j, "problems", problems);
    sync_json_set_int(j, "problems_not_listed", (int64_t)r->n_dropped);
    sync_json_set(j, "warnings", warnings);
    node_print_json(j);
}

static void print_text(const char *table, const struct sync_import_report *r,
                       bool failed)
{
    for (size_t i = 0; i < r->n_warnings; i++)
        fprintf(stderr, "spona: warning: %s\n", r->warnings[i]);
    for (size_t i = 0; i < r->n_problems && i < IMPORT_MAX_SHOWN; i++) {
        const struct sync_import_problem *p = &r->problems[i];
        if (p->column[0])
            fprintf(stderr, "spona: line %zu, column '%s': %s\n", p->line,
                    p->column, p->msg);
        else
            fprintf(stderr, "spona: line %zu: %s\n", p->line, p->msg);
    }
    size_t more = r->n_problems + r->n_dropped;
    if (more > IMPORT_MAX_SHOWN)
        fprintf(stderr,
                "spona: ... and %zu more problems (--json lists them all)\n",
                more - IMPORT_MAX_SHOWN);
    if (r->others)
        printf("%zu rows of other organisations skipped\n", r->others);
    printf("%zu of %zu rows imported into %s%s%s\n", r->imported,
           r->rows - r->others, table,
           failed ? " (nothing imported: fix the lines above" : "",
           !failed         ? ""
           : r->header_bad ? ")"
                           : ", or use --skip-bad)");
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
    char *bytes = NULL;
    size_t len = 0;
    if (read_file(pos[0], &bytes, &len, &err))
        return node_fail(&err);
    struct sync_import_report r;
    bool tty = isatty(2) && !ctx->json;
    enum sync_rc rc = sync_engine_import(ctx->e, table, bytes, len,
                                         skip_bad ? SYNC_IMPORT_SKIP_BAD : 0,
                                         tty ? progress : NULL, NULL, &r, &err);
    free(bytes);
    if (tty && r.rows >= 500)
        fputc('\n', stderr);
    /* A bad header imports nothing, even with --skip-bad. */
    bool failed = r.header_bad || (r.n_problems && !skip_bad);
    if (rc) {
        sync_import_report_release(&r);
        return node_fail(&err);
    }
    if (ctx->json)
        print_json(table, &r);
    else
        print_text(table, &r, failed);
    sync_import_report_release(&r);
    return failed ? NODE_EXIT_FAIL : NODE_EXIT_OK;
}
