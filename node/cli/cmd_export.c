/* SPDX-License-Identifier: MIT */
/*
 * export: the live rows of one table as CSV that spreadsheets open
 * (UTF-8 with a byte-order mark, CRLF, comma or semicolon; codes or
 * labels), as an Excel workbook, as JSON, or
 * persons as vCard 4.0 with only the contact channels their consent lets
 * out. --public writes the practices meant for everyone and nothing
 * linked to a person. Exports of personal data go to the audit log.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "spona/csv.h"
#include "spona/hlc.h"
#include "spona/mem.h"
#include "spona/json.h"
#include "cli/cli.h"

#include "spona/banned.h"

static const char help[] =
    "usage: spona [--dir DIR] export --table TABLE\n"
    "                          [--format csv|xlsx|json|vcard] [--labels]\n"
    "                          [--lang bs|hr|sr|en] [--separator ,|;]\n"
    "                          [--public] [--output FILE]\n"
    "\n"
    "Writes the rows of TABLE that are not deleted, on standard output or\n"
    "into FILE (replaced whole, never half-written).\n"
    "\n"
    "  --format csv    (default) a header, then one row per line: UTF-8\n"
    "                  with a byte-order mark and CRLF, as Excel and\n"
    "                  LibreOffice read it; 'spona import' reads it back.\n"
    "                  Columns: id, the fields, scope and owner (the\n"
    "                  organisation); practices carry owner_lsg, the owner\n"
    "                  municipality\n"
    "  --format xlsx   the same columns as an Excel workbook (needs\n"
    "                  --output; the default when FILE ends in .xlsx)\n"
    "  --format json   a list of objects\n"
    "  --format vcard  persons as vCard 4.0, with e-mail and phone only when\n"
    "                  the person's consent lets them out\n"
    "  --labels        headers and values as labels (\"Naziv\", \"U toku\")\n"
    "                  instead of codes, dates as DD.MM.YYYY; 'spona import'\n"
    "                  reads such a file back\n"
    "  --lang L        the labels' language: bs (default), hr, sr (Cyrillic)\n"
    "                  or en\n"
    "  --separator ;   semicolons, as Excel in BiH expects (default ',')\n"
    "  --public        practices only: those with scope 'public' that are\n"
    "                  not drafts, with no person-linked data\n"
    "  --output FILE   write FILE instead of standard output\n";

struct args {
    const char *table;
    const char *output;
    bool public;
    bool labels;
    struct node_export_opts o;
};

static bool ends_with(const char *s, const char *end)
{
    size_t n = strlen(s), m = strlen(end);
    return n >= m && strcasecmp(s + n - m, end) == 0;
}

static int parse_args(int argc, char **argv, struct args *a)
{
    const char *format = NULL, *separator = NULL, *lang = NULL;
    size_t n_pos;
    struct node_opt opts[] = {
        {"table", &a->table, NULL},      {"format", &format, NULL},
        {"separator", &separator, NULL}, {"output", &a->output, NULL},
        {"public", NULL, &a->public},    {"labels", NULL, &a->labels},
        {"lang", &lang, NULL},           {NULL, NULL, NULL}};
    int code = node_opts(argc, argv, opts, NULL, 0, &n_pos, help);
    if (code)
        return code;
    if (!a->table)
        return node_usage(help, "export needs --table TABLE");
    if (!format)
        format = a->output && ends_with(a->output, ".xlsx") ? "xlsx" : "csv";
    static const char *const formats[] = {[NODE_EXPORT_CSV] = "csv",
                                          [NODE_EXPORT_JSON] = "json",
                                          [NODE_EXPORT_VCARD] = "vcard",
                                          [NODE_EXPORT_XLSX] = "xlsx"};
    size_t f = 0;
    while (f < 4 && strcmp(formats[f], format) != 0)
        f++;
    if (f == 4)
        return node_usage(help, "--format is csv, xlsx, json or vcard");
    a->o.fmt = (enum node_export_fmt)f;
    if (separator && strcmp(separator, ";") != 0 && strcmp(separator, ",") != 0)
        return node_usage(help, "--separator is ',' or ';'");
    a->o.sep = separator ? separator[0] : ',';
    int l = lang ? sync_lang_parse(lang) : SYNC_LANG_BS;
    if (l < 0 || l == SYNC_LANG_ALIAS)
        return node_usage(help, "--lang is bs, hr, sr or en");
    a->o.lang = (enum sync_lang)l;
    if ((lang || a->labels) && a->o.fmt != NODE_EXPORT_CSV &&
        a->o.fmt != NODE_EXPORT_XLSX)
        return node_usage(help, "--labels and --lang are for csv and xlsx");
    if (a->o.fmt == NODE_EXPORT_XLSX && !a->output)
        return node_usage(help, "an xlsx export needs --output FILE");
    if (a->o.fmt == NODE_EXPORT_VCARD && strcmp(a->table, "person") != 0)
        return node_usage(help, "vCard is for persons only");
    if (a->public && strcmp(a->table, "practice") != 0)
        return node_usage(help, "a public export holds practices only");
    a->o.flags = (a->public ? NODE_EXPORT_PUBLIC : 0) |
                 (a->labels || lang ? NODE_EXPORT_LABELS : 0);
    return 0;
}

int cmd_export(struct node_ctx *ctx, int argc, char **argv)
{
    struct args a = {0};
    FILE *out = stdout;
    size_t n = 0;
    int code = parse_args(argc, argv, &a);
    if (code)
        return code;
    struct sync_engine *e = ctx->e;
    struct sync_err err;
    sync_err_init(&err);
    char *tmp_path = NULL;
    enum sync_rc rc = SYNC_OK;
    bool xlsx = a.o.fmt == NODE_EXPORT_XLSX;
    if (a.output) {
        size_t len = strlen(a.output) + 8;
        tmp_path = sync_xmalloc(len);
        snprintf(tmp_path, len, "%s.part", a.output);
        a.o.path = tmp_path;
        out = NULL;
        if (!xlsx && !(out = fopen(tmp_path, "wb")))
            rc = sync_err_set(&err, SYNC_IO, "cannot write '%s': %s", tmp_path,
                              strerror(errno));
    }
    if (!rc)
        rc = node_export_to(e, a.table, &a.o, out, &n, &err);
    if (a.output) {
        if (out && fclose(out) != 0 && !rc)
            rc = sync_err_set(&err, SYNC_IO, "cannot write '%s'", tmp_path);
        if (!rc && rename(tmp_path, a.output) != 0)
            rc = sync_err_set(&err, SYNC_IO, "cannot rename to '%s': %s",
                              a.output, strerror(errno));
        if (rc)
            remove(tmp_path);
    }
    free(tmp_path);
    if (rc)
        return node_fail(&err);
    if (a.output)
        node_log(ctx, NODE_INFO, "%zu rows of %s written to %s", n, a.table,
                 a.output);
    return NODE_EXIT_OK;
}
