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

#include "csv.h"
#include "hlc.h"
#include "mem.h"
#include "msg.h"
#include "node.h"
#include "privacy.h"

#include "banned.h"

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

struct exp {
    struct sync_engine *e;
    const struct sync_tdef *t;
    enum node_export_fmt fmt;
    char sep;
    bool public;
    bool guard;  /* cells a spreadsheet would run as formulas get a ' */
    FILE *out;
    struct sync_json *arr;
    size_t n;
    bool failed;
};

static const char *cell(const struct sync_record *r, const char *name,
                        char *tmp, size_t size)
{
    const struct sync_rfield *f = sync_record_get(r, name);
    if (!f || f->v.kind == SYNC_V_NULL)
        return "";
    if (f->v.kind == SYNC_V_INT) {
        snprintf(tmp, size, "%lld", (long long)f->v.i);
        return tmp;
    }
    return f->v.s;
}

static void csv_line(struct exp *x, const char *const *cells, size_t n)
{
    struct sync_buf b;
    sync_buf_init(&b, 1024 * 1024);
    enum sync_rc rc = SYNC_OK;
    for (size_t i = 0; i < n && !rc; i++) {
        if (i)
            rc = sync_buf_add(&b, &x->sep, 1);
        /* A value from another node must not run as a formula in the
         * spreadsheet that opens a download (=, +, -, @, tab, CR). */
        if (!rc && x->guard && strchr("=+-@\t\r", cells[i][0]) &&
            cells[i][0]) {
            char *safe = sync_xmalloc(strlen(cells[i]) + 2);
            safe[0] = '\'';
            memcpy(safe + 1, cells[i], strlen(cells[i]) + 1);
            rc = sync_csv_add_field(&b, safe, x->sep);
            free(safe);
        } else if (!rc) {
            rc = sync_csv_add_field(&b, cells[i], x->sep);
        }
    }
    if (!rc)
        rc = sync_buf_adds(&b, "\r\n");
    if (rc || fwrite(b.buf, 1, b.len, x->out) != b.len)
        x->failed = true;
    sync_buf_release(&b);
}

static void csv_header(struct exp *x)
{
    const char **cells = sync_xcalloc(x->t->n + 2, sizeof(char *));
    size_t n = 0;
    cells[n++] = "id";
    for (size_t i = 0; i < x->t->n; i++)
        cells[n++] = x->t->f[i].name;
    cells[n++] = "scope";
    fputs("\xEF\xBB\xBF", x->out);
    csv_line(x, cells, n);
    free(cells);
}

static void csv_row(struct exp *x, const struct sync_record *r)
{
    const char **cells = sync_xcalloc(x->t->n + 2, sizeof(char *));
    char (*tmp)[32] = sync_xcalloc(x->t->n + 2, sizeof(*tmp));
    size_t n = 0;
    cells[n++] = cell(r, "id", tmp[0], sizeof(tmp[0]));
    for (size_t i = 0; i < x->t->n; i++, n++)
        cells[n] = cell(r, x->t->f[i].name, tmp[n], sizeof(tmp[n]));
    cells[n] = cell(r, "scope", tmp[n], sizeof(tmp[n]));
    n++;
    csv_line(x, cells, n);
    free(tmp);
    free(cells);
}

/* One vCard property line: escaped, folded at 75 bytes (never inside a
 * UTF-8 sequence). raw: text already in vCard syntax (N, ADR). */
static void vcard_prop(FILE *out, const char *name, const char *value,
                       bool raw)
{
    struct sync_buf b;
    enum sync_rc rc;
    sync_buf_init(&b, 64 * 1024);
    rc = sync_buf_addf(&b, "%s:", name);
    for (const char *p = value; *p && !rc; p++) {
        if (!raw && (*p == '\\' || *p == ',' || *p == ';'))
            rc = sync_buf_addf(&b, "\\%c", *p);
        else if (*p == '\n')
            rc = sync_buf_adds(&b, "\\n");
        else if (*p != '\r')
            rc = sync_buf_add(&b, p, 1);
    }
    size_t col = 0;
    for (size_t i = 0; i < b.len && !rc; i++) {
        bool starts = ((unsigned char)b.buf[i] & 0xC0) != 0x80;
        if (col >= 75 && starts) {
            fputs("\r\n ", out);
            col = 1;
        }
        fputc(b.buf[i], out);
        col++;
    }
    fputs("\r\n", out);
    sync_buf_release(&b);
}

/* Appends sep, then text with ; and , escaped: a component of N or ADR.
 * Components are bounded by the schema, far below the buffer's size. */
static void vcard_part(struct sync_buf *b, const char *sep, const char *text)
{
    if (sync_buf_adds(b, sep))
        return;
    for (const char *p = text; *p; p++)
        if ((*p == '\\' || *p == ',' || *p == ';')
                ? sync_buf_addf(b, "\\%c", *p) : sync_buf_add(b, p, 1))
            return;
}

static void vcard_row(struct exp *x, const struct sync_record *r)
{
    char tmp[32];
    const char *id = cell(r, "id", tmp, sizeof(tmp));
    const char *given = cell(r, "given_name", tmp, sizeof(tmp));
    const char *family = cell(r, "family_name", tmp, sizeof(tmp));
    const char *owner = sync_record_text(r, "owner");
    unsigned channels = SYNC_CH_EMAIL | SYNC_CH_PHONE;
    if (owner && strcmp(owner, sync_engine_org(x->e)) == 0) {
        /* our own person: the consents here decide */
        struct sync_reach reach;
        channels = 0;
        if (!sync_privacy_reach(sync_engine_store(x->e), id, owner,
                                (int64_t)sync_hlc_wall_ms(), &reach, NULL))
            channels = reach.ch_hub | reach.ch_net;
    }
    /* a person received from another node holds only what its consent
     * let out already */
    struct sync_buf b;
    sync_buf_init(&b, 64 * 1024);
    fputs("BEGIN:VCARD\r\nVERSION:4.0\r\n", x->out);
    char uid[64];
    snprintf(uid, sizeof(uid), "urn:uuid:%s", id);
    vcard_prop(x->out, "UID", uid, false);
    if (sync_buf_addf(&b, "%s %s", given, family) == SYNC_OK)
        vcard_prop(x->out, "FN", b.buf, false);
    sync_buf_reset(&b);
    vcard_part(&b, "", family);
    vcard_part(&b, ";", given);
    vcard_part(&b, ";;;", "");
    vcard_prop(x->out, "N", b.buf, true);
    const char *email = cell(r, "email", tmp, sizeof(tmp));
    if (*email && (channels & SYNC_CH_EMAIL))
        vcard_prop(x->out, "EMAIL", email, false);
    const char *phone = cell(r, "phone", tmp, sizeof(tmp));
    if (*phone && (channels & SYNC_CH_PHONE))
        vcard_prop(x->out, "TEL", phone, false);
    sync_buf_reset(&b);
    vcard_part(&b, ";;;", cell(r, "city", tmp, sizeof(tmp)));
    vcard_part(&b, ";;;", cell(r, "country", tmp, sizeof(tmp)));
    vcard_prop(x->out, "ADR", b.buf, true);
    fputs("END:VCARD\r\n", x->out);
    sync_buf_release(&b);
}

static enum sync_rc export_row(const struct sync_record *r, void *payload)
{
    struct exp *x = payload;
    if (x->public) {
        const char *scope = sync_record_text(r, "scope");
        if (!scope || strcmp(scope, "public") != 0 ||
            sync_privacy_is_draft(sync_record_text(r, "review_status")))
            return SYNC_OK;
    }
    x->n++;
    if (x->fmt == NODE_EXPORT_JSON)
        sync_json_push(x->arr, sync_json_record(x->t, r));
    else if (x->fmt == NODE_EXPORT_VCARD)
        vcard_row(x, r);
    else
        csv_row(x, r);
    return SYNC_OK;
}

static int parse_args(int argc, char **argv, const char **table,
                      const char **output, enum node_export_fmt *fmt, char *sep,
                      bool *public)
{
    const char *format = NULL, *separator = NULL;
    size_t n_pos;
    struct node_opt opts[] = {{"table", table, NULL},
                              {"format", &format, NULL},
                              {"separator", &separator, NULL},
                              {"output", output, NULL},
                              {"public", NULL, public},
                              {NULL, NULL, NULL}};
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

enum sync_rc node_export(struct sync_engine *e, const char *table,
                         enum node_export_fmt fmt, char sep, unsigned flags,
                         FILE *out, size_t *n_out, struct sync_err *err)
{
    struct exp x = {.e = e,
                    .fmt = fmt,
                    .sep = sep,
                    .public = flags & NODE_EXPORT_PUBLIC,
                    .guard = flags & NODE_EXPORT_SPREADSHEET,
                    .out = out};
    enum sync_rc rc = SYNC_OK;
    x.t = sync_schema_table(sync_engine_schema(e), table);
    if (!x.t)
        return sync_err_set(err, SYNC_INVALID, "unknown table '%s' (see "
                            "'spona tables')", table);
    /* Personal data leaving through a file is logged before it goes. */
    if (strcmp(table, "person") == 0 || strcmp(table, "consent") == 0)
        rc = sync_engine_audit(e, "export", table, NULL,
                               fmt == NODE_EXPORT_CSV    ? "csv"
                               : fmt == NODE_EXPORT_JSON ? "json"
                                                         : "vcard",
                               err);
    if (!rc && fmt == NODE_EXPORT_JSON)
        x.arr = sync_json_array();
    if (!rc && fmt == NODE_EXPORT_CSV)
        csv_header(&x);
    if (!rc)
        rc = sync_store_rows_each(sync_engine_store(e), x.t, false,
                                  export_row, &x, err);
    if (!rc && x.arr && sync_json_write(x.arr, out, true))
        x.failed = true;
    if (!rc && (x.failed || fflush(out) != 0))
        rc = sync_err_set(err, SYNC_IO, "cannot write the export: %s",
                          strerror(errno));
    sync_json_free(x.arr);
    *n_out = x.n;
    return rc;
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
    struct sync_engine *e = NULL;
    if ((code = node_open(ctx, &e)))
        return code;
    struct sync_err err;
    sync_err_init(&err);
    char *tmp_path = NULL;
    enum sync_rc rc = SYNC_OK;
    if (output) {
        size_t len = strlen(output) + 8;
        tmp_path = sync_xmalloc(len);
        snprintf(tmp_path, len, "%s.part", output);
        if (!(out = fopen(tmp_path, "wb")))
            rc = sync_err_set(&err, SYNC_IO, "cannot write '%s': %s",
                              tmp_path, strerror(errno));
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
    sync_engine_close(e);
    if (rc)
        return node_fail(&err);
    if (output)
        node_log(ctx, NODE_INFO, "%zu rows of %s written to %s", n, table,
                 output);
    return NODE_EXIT_OK;
}
