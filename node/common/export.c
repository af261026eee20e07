/* SPDX-License-Identifier: MIT */
/*
 * export: the live rows of one table as CSV that spreadsheets open
 * (UTF-8 with a byte-order mark, CRLF, comma or semicolon), as JSON, or
 * persons as vCard 4.0, or as an Excel workbook (libxlsxwriter: the
 * only user); codes or labels in a language. Which rows and fields may leave
 * (public exports, consented channels) and the audit record are the library's
 * (sync_read_export); this file only writes the formats.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "common/node.h"
#include "spona/buf.h"
#include "spona/csv.h"
#include "spona/mem.h"
#include "spona/json.h"
#include "spona/limits.h"

#include "spona/banned.h"

static const char *const format_names[] = {[NODE_EXPORT_CSV] = "csv",
                                           [NODE_EXPORT_JSON] = "json",
                                           [NODE_EXPORT_VCARD] = "vcard",
                                           [NODE_EXPORT_XLSX] = "xlsx"};

/* Rows of one worksheet, the header's included (Excel's limit). */
#define XLSX_ROWS_MAX 1048576

struct exp {
    struct sync_engine *e;
    const struct sync_schema *s;
    const struct sync_tdef *t;
    enum node_export_fmt fmt;
    char sep;
    bool guard;  /* cells a spreadsheet would run as formulas get a ' */
    bool labels; /* labels in lang instead of codes */
    enum sync_lang lang;
    FILE *out;
    lxw_workbook *wb;  /* XLSX: the workbook */
    lxw_worksheet *ws; /* XLSX: its one sheet */
    lxw_format *bold;  /* XLSX: the header's cells */
    uint32_t xrow;     /* XLSX: the next row */
    struct sync_json *arr;
    size_t n;
    bool failed;
    bool toobig; /* XLSX: more rows than a worksheet holds */
};

/* The columns of a CSV or XLSX export: id, the fields, scope, owner. */
static size_t n_columns(const struct exp *x)
{
    return x->t->n + 3;
}

static const char *column_name(const struct exp *x, size_t i)
{
    if (i == 0)
        return "id";
    if (i <= x->t->n)
        return x->t->f[i - 1].name;
    return i == x->t->n + 1 ? "scope" : "owner";
}

static const char *header_cell(const struct exp *x, size_t i)
{
    const char *name = column_name(x, i);
    if (!x->labels)
        return name;
    const char *l = sync_schema_label_in(x->s, true, x->t->name, name, x->lang);
    if (!l)
        l = sync_schema_label_in(x->s, true, "*", name, x->lang);
    return l ? l : name;
}

/* The value of an enumeration item as a label, added to b. */
static enum sync_rc add_label(const struct exp *x, const char *dom,
                              const char *item, size_t len, struct sync_buf *b)
{
    char code[SYNC_LIMIT_FIELD_NAME * 4];
    if (len >= sizeof(code))
        return sync_buf_add(b, item, len);
    memcpy(code, item, len);
    code[len] = '\0';
    const char *l = sync_schema_label_in(x->s, false, dom, code, x->lang);
    return sync_buf_adds(b, l ? l : code);
}

/* The text of column i of r as the export writes it, into b. */
static enum sync_rc cell_text(const struct exp *x, const struct sync_record *r,
                              size_t i, struct sync_buf *b)
{
    const char *name = column_name(x, i);
    const struct sync_rfield *f = sync_record_get(r, name);
    const struct sync_fdef *fd = sync_schema_field(x->t, name);
    if (!f || f->v.kind == SYNC_V_NULL)
        return SYNC_OK;
    if (f->v.kind == SYNC_V_INT)
        return sync_buf_addf(b, "%lld", (long long)f->v.i);
    const char *v = f->v.s;
    const char *dom = fd && fd->type == SYNC_F_ENUM ? fd->dom->name
                      : strcmp(name, "scope") == 0  ? "scope"
                                                    : NULL;
    if (x->labels && fd && fd->type == SYNC_F_DATE && strlen(v) == 10)
        return sync_buf_addf(b, "%.2s.%.2s.%.4s", v + 8, v + 5, v);
    if (!x->labels || !dom)
        return sync_buf_adds(b, v);
    enum sync_rc rc = SYNC_OK;
    for (const char *p = v; !rc;) {
        size_t len = strcspn(p, "|");
        rc = add_label(x, dom, p, len, b);
        if (!p[len])
            break;
        if (!rc)
            rc = sync_buf_adds(b, "|");
        p += len + 1;
    }
    return rc;
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

/* One row of an XLSX sheet: numbers as numbers, the rest as text (never
 * read as formulas). */
static void xlsx_line(struct exp *x, const char *const *cells,
                      const struct sync_record *r, size_t n)
{
    if (x->xrow >= XLSX_ROWS_MAX) {
        x->toobig = true;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        const struct sync_rfield *f =
            r ? sync_record_get(r, column_name(x, i)) : NULL;
        lxw_error e = LXW_NO_ERROR;
        if (f && f->v.kind == SYNC_V_INT)
            e = worksheet_write_number(x->ws, x->xrow, (lxw_col_t)i,
                                       (double)f->v.i, NULL);
        else if (cells[i][0])
            e = worksheet_write_string(x->ws, x->xrow, (lxw_col_t)i, cells[i],
                                       r ? NULL : x->bold);
        if (e != LXW_NO_ERROR)
            x->failed = true;
    }
    x->xrow++;
}

static void sheet_header(struct exp *x)
{
    size_t n = n_columns(x);
    const char **cells = sync_xcalloc(n, sizeof(char *));
    for (size_t i = 0; i < n; i++)
        cells[i] = header_cell(x, i);
    if (x->fmt == NODE_EXPORT_XLSX) {
        xlsx_line(x, cells, NULL, n);
    } else {
        fputs("\xEF\xBB\xBF", x->out);
        csv_line(x, cells, n);
    }
    free(cells);
}

static void sheet_row(struct exp *x, const struct sync_record *r)
{
    size_t n = n_columns(x);
    struct sync_buf *b = sync_xcalloc(n, sizeof(*b));
    const char **cells = sync_xcalloc(n, sizeof(char *));
    for (size_t i = 0; i < n; i++) {
        sync_buf_init(&b[i], SYNC_LIMIT_TEXT * 4);
        if (cell_text(x, r, i, &b[i]))
            x->failed = true;
        cells[i] = b[i].buf;
    }
    if (x->fmt == NODE_EXPORT_XLSX)
        xlsx_line(x, cells, r, n);
    else
        csv_line(x, cells, n);
    for (size_t i = 0; i < n; i++)
        sync_buf_release(&b[i]);
    free(b);
    free(cells);
}

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
        sheet_row(x, r);
    return SYNC_OK;
}

static enum sync_rc xlsx_open(struct exp *x, const char *path,
                              const char *sheet, struct sync_err *err)
{
    if (!path)
        return sync_err_set(err, SYNC_INVALID, "an XLSX export needs a file");
    x->wb = workbook_new(path);
    if (!x->wb)
        return sync_err_set(err, SYNC_IO, "cannot write '%s'", path);
    char name[32];
    snprintf(name, sizeof(name), "%.31s", sheet);
    x->ws = workbook_add_worksheet(x->wb, name);
    x->bold = workbook_add_format(x->wb);
    format_set_bold(x->bold);
    if (!x->ws || !x->bold)
        return sync_err_set(err, SYNC_IO, "cannot make the workbook '%s'",
                            path);
    return SYNC_OK;
}

/* Writes the workbook and frees it. */
static enum sync_rc xlsx_close(struct exp *x, enum sync_rc rc,
                               struct sync_err *err)
{
    if (!x->wb)
        return rc;
    lxw_error e = workbook_close(x->wb);
    x->wb = NULL;
    if (!rc && x->toobig)
        return sync_err_set(err, SYNC_TOOBIG,
                            "%zu rows: more than a worksheet holds (%d)", x->n,
                            XLSX_ROWS_MAX - 1);
    if (!rc && e != LXW_NO_ERROR)
        return sync_err_set(err, SYNC_IO, "cannot write the workbook: %s",
                            lxw_strerror(e));
    return rc;
}

enum sync_rc node_export(struct sync_engine *e, const char *table,
                         enum node_export_fmt fmt, char sep, unsigned flags,
                         FILE *out, size_t *n_out, struct sync_err *err)
{
    struct node_export_opts o = {.fmt = fmt, .sep = sep, .flags = flags};
    return node_export_to(e, table, &o, out, n_out, err);
}

enum sync_rc node_export_to(struct sync_engine *e, const char *table,
                            const struct node_export_opts *o, FILE *out,
                            size_t *n_out, struct sync_err *err)
{
    struct exp x = {.e = e,
                    .s = sync_engine_schema(e),
                    .fmt = o->fmt,
                    .sep = o->sep,
                    .guard = o->flags & NODE_EXPORT_SPREADSHEET,
                    .labels = o->flags & NODE_EXPORT_LABELS,
                    .lang = o->lang,
                    .out = out};
    enum sync_rc rc = SYNC_OK;
    unsigned read_flags =
        (o->flags & NODE_EXPORT_PUBLIC ? SYNC_EXPORT_PUBLIC : 0) |
        (o->fmt == NODE_EXPORT_VCARD ? SYNC_EXPORT_CONSENTED : 0);
    x.t = sync_schema_table(x.s, table);
    if (!x.t)
        return sync_err_set(err, SYNC_INVALID,
                            "unknown table '%s' (see "
                            "'spona tables')",
                            table);
    if (o->fmt == NODE_EXPORT_JSON)
        x.arr = sync_json_array();
    if (o->fmt == NODE_EXPORT_XLSX)
        rc = xlsx_open(&x, o->path, x.t->name, err);
    if (!rc && (o->fmt == NODE_EXPORT_CSV || o->fmt == NODE_EXPORT_XLSX))
        sheet_header(&x);
    if (!rc)
        rc = sync_read_export(e, table, read_flags, format_names[o->fmt],
                              export_row, &x, err);
    rc = xlsx_close(&x, rc, err);
    if (!rc && x.arr && sync_json_write(x.arr, out, true))
        x.failed = true;
    if (!rc && (x.failed || (out && fflush(out) != 0)))
        rc = sync_err_set(err, SYNC_IO, "cannot write the export: %s",
                          strerror(errno));
    sync_json_free(x.arr);
    *n_out = x.n;
    return rc;
}

enum sync_rc node_export_counts(const struct node_counts *c,
                                enum node_export_fmt fmt, FILE *out,
                                const char *path, struct sync_err *err)
{
    struct exp x = {.fmt = fmt, .sep = ';', .guard = true, .out = out};
    enum sync_rc rc = SYNC_OK;
    const char *head[2] = {c->title, c->count_head};
    if (fmt != NODE_EXPORT_CSV && fmt != NODE_EXPORT_XLSX)
        return sync_err_set(err, SYNC_INVALID, "counts are CSV or XLSX");
    if (fmt == NODE_EXPORT_XLSX)
        rc = xlsx_open(&x, path, c->sheet, err);
    if (!rc && fmt == NODE_EXPORT_CSV) {
        fputs("\xEF\xBB\xBF", out);
        csv_line(&x, head, 2);
    } else if (!rc) {
        xlsx_line(&x, head, NULL, 2);
    }
    for (size_t i = 0; !rc && i < c->rows; i++) {
        char n[24];
        snprintf(n, sizeof(n), "%lld", (long long)c->n[i]);
        const char *cells[2] = {c->labels[i], n};
        if (fmt == NODE_EXPORT_CSV) {
            csv_line(&x, cells, 2);
            continue;
        }
        /* The count as a number, so the sheet can sum it. */
        if (x.xrow >= XLSX_ROWS_MAX) {
            x.toobig = true;
            break;
        }
        if (worksheet_write_string(x.ws, x.xrow, 0, cells[0], NULL) ||
            worksheet_write_number(x.ws, x.xrow, 1, (double)c->n[i], NULL))
            x.failed = true;
        x.xrow++;
    }
    x.n = c->rows;
    rc = xlsx_close(&x, rc, err);
    if (!rc && (x.failed || (out && fflush(out) != 0)))
        rc = sync_err_set(err, SYNC_IO, "cannot write the counts: %s",
                          strerror(errno));
    return rc;
}
