/* SPDX-License-Identifier: MIT */
/*
 * export: the live rows of one table as CSV that spreadsheets open
 * (UTF-8 with a byte-order mark, CRLF, comma or semicolon), as JSON, or
 * persons as vCard 4.0. Which rows and fields may leave (public exports,
 * consented channels) and the audit record are the library's
 * (sync_read_export); this file only writes the formats.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/node.h"
#include "spona/buf.h"
#include "spona/csv.h"
#include "spona/mem.h"
#include "spona/json.h"

#include "spona/banned.h"

static const char *const format_names[] = {[NODE_EXPORT_CSV] = "csv",
                                           [NODE_EXPORT_JSON] = "json",
                                           [NODE_EXPORT_VCARD] = "vcard"};

struct exp {
    struct sync_engine *e;
    const struct sync_tdef *t;
    enum node_export_fmt fmt;
    char sep;
    bool guard; /* cells a spreadsheet would run as formulas get a ' */
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
        if (!rc && x->guard && strchr("=+-@\t\r", cells[i][0]) && cells[i][0]) {
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
    char(*tmp)[32] = sync_xcalloc(x->t->n + 2, sizeof(*tmp));
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
static void vcard_prop(FILE *out, const char *name, const char *value, bool raw)
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
                ? sync_buf_addf(b, "\\%c", *p)
                : sync_buf_add(b, p, 1))
            return;
}

static void vcard_row(struct exp *x, const struct sync_record *r)
{
    char tmp[32];
    const char *id = cell(r, "id", tmp, sizeof(tmp));
    const char *given = cell(r, "given_name", tmp, sizeof(tmp));
    const char *family = cell(r, "family_name", tmp, sizeof(tmp));
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
    if (*email)
        vcard_prop(x->out, "EMAIL", email, false);
    const char *phone = cell(r, "phone", tmp, sizeof(tmp));
    if (*phone)
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
    x->n++;
    if (x->fmt == NODE_EXPORT_JSON)
        sync_json_push(x->arr, sync_json_record(x->t, r));
    else if (x->fmt == NODE_EXPORT_VCARD)
        vcard_row(x, r);
    else
        csv_row(x, r);
    return SYNC_OK;
}

enum sync_rc node_export(struct sync_engine *e, const char *table,
                         enum node_export_fmt fmt, char sep, unsigned flags,
                         FILE *out, size_t *n_out, struct sync_err *err)
{
    struct exp x = {.e = e,
                    .fmt = fmt,
                    .sep = sep,
                    .guard = flags & NODE_EXPORT_SPREADSHEET,
                    .out = out};
    enum sync_rc rc = SYNC_OK;
    unsigned read_flags =
        (flags & NODE_EXPORT_PUBLIC ? SYNC_EXPORT_PUBLIC : 0) |
        (fmt == NODE_EXPORT_VCARD ? SYNC_EXPORT_CONSENTED : 0);
    x.t = sync_schema_table(sync_engine_schema(e), table);
    if (!x.t)
        return sync_err_set(err, SYNC_INVALID,
                            "unknown table '%s' (see "
                            "'spona tables')",
                            table);
    if (!rc && fmt == NODE_EXPORT_JSON)
        x.arr = sync_json_array();
    if (!rc && fmt == NODE_EXPORT_CSV)
        csv_header(&x);
    if (!rc)
        rc = sync_read_export(e, table, read_flags, format_names[fmt],
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
