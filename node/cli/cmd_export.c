/* SPDX-License-Identifier: MIT */
/*
 * export: the live rows of one table as CSV that spreadsheets open
 * (UTF-8 with a byte-order mark, CRLF, comma or semicolon), as JSON, or
 * persons as vCard 4.0 with only the contact channels their consent lets
 * out. --public writes the practices meant for everyone and nothing
 * linked to a person. Exports of personal data go to the audit log.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spona/csv.h"
#include "spona/hlc.h"
#include "spona/mem.h"
#include "spona/json.h"
#include "cli/cli.h"

#include "spona/banned.h"

static const char help[] =
    "usage: spona [--dir DIR] export --table TABLE [--format csv|json|vcard]\n"
    "                          [--separator ,|;] [--public] [--output FILE]\n"
    "\n"
    "Writes the rows of TABLE that are not deleted, on standard output or\n"
    "into FILE (replaced whole, never half-written).\n"
    "\n"
    "  --format csv    (default) a header of field names, then one row per\n"
    "                  line: UTF-8 with a byte-order mark and CRLF, as Excel\n"
    "                  and LibreOffice read it; 'spona import' reads it back\n"
    "  --format json   a list of objects\n"
    "  --format vcard  persons as vCard 4.0, with e-mail and phone only when\n"
    "                  the person's consent lets them out\n"
    "  --separator ;   semicolons, as Excel in BiH expects (default ',')\n"
    "  --public        practices only: those with scope 'public' that are\n"
    "                  not drafts, with no person-linked data\n"
    "  --output FILE   write FILE instead of standard output\n";

static int parse_args(int argc, char **argv, const char **table,
                      const char **output, enum node_export_fmt *fmt, char *sep,
                      bool *public)
{
    const char *format = NULL, *separator = NULL;
    size_t n_pos;
    struct node_opt opts[] = {
        {"table", table, NULL},          {"format", &format, NULL},
        {"separator", &separator, NULL}, {"output", output, NULL},
        {"public", NULL, public},        {NULL, NULL, NULL}};
    int code = node_opts(argc, argv, opts, NULL, 0, &n_pos, help);
    if (code)
        return code;
    if (!*table)
        return node_usage(help, "export needs --table TABLE");
    if (!format || strcmp(format, "csv") == 0)
        *fmt = NODE_EXPORT_CSV;
    else if (strcmp(format, "json") == 0)
        *fmt = NODE_EXPORT_JSON;
    else if (strcmp(format, "vcard") == 0)
        *fmt = NODE_EXPORT_VCARD;
    else
        return node_usage(help, "--format is csv, json or vcard");
    if (separator && strcmp(separator, ";") != 0 && strcmp(separator, ",") != 0)
        return node_usage(help, "--separator is ',' or ';'");
    *sep = separator ? separator[0] : ',';
    if (*fmt == NODE_EXPORT_VCARD && strcmp(*table, "person") != 0)
        return node_usage(help, "vCard is for persons only");
    if (*public && strcmp(*table, "practice") != 0)
        return node_usage(help, "a public export holds practices only");
    return 0;
}

int cmd_export(struct node_ctx *ctx, int argc, char **argv)
{
    const char *table = NULL, *output = NULL;
    enum node_export_fmt fmt = NODE_EXPORT_CSV;
    char sep = ',';
    bool public = false;
    FILE *out = stdout;
    size_t n = 0;
    int code = parse_args(argc, argv, &table, &output, &fmt, &sep, &public);
    if (code)
        return code;
    struct sync_engine *e = ctx->e;
    struct sync_err err;
    sync_err_init(&err);
    char *tmp_path = NULL;
    enum sync_rc rc = SYNC_OK;
    if (output) {
        size_t len = strlen(output) + 8;
        tmp_path = sync_xmalloc(len);
        snprintf(tmp_path, len, "%s.part", output);
        if (!(out = fopen(tmp_path, "wb")))
            rc = sync_err_set(&err, SYNC_IO, "cannot write '%s': %s", tmp_path,
                              strerror(errno));
    }
    if (!rc)
        rc = node_export(e, table, fmt, sep, public ? NODE_EXPORT_PUBLIC : 0,
                         out, &n, &err);
    if (output && out) {
        if (fclose(out) != 0 && !rc)
            rc = sync_err_set(&err, SYNC_IO, "cannot write '%s'", tmp_path);
        if (!rc && rename(tmp_path, output) != 0)
            rc = sync_err_set(&err, SYNC_IO, "cannot rename to '%s': %s",
                              output, strerror(errno));
        if (rc)
            remove(tmp_path);
    }
    free(tmp_path);
    if (rc)
        return node_fail(&err);
    if (output)
        node_log(ctx, NODE_INFO, "%zu rows of %s written to %s", n, table,
                 output);
    return NODE_EXIT_OK;
}
