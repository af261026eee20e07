/* SPDX-License-Identifier: MIT */
/*
 * store_rows: the rows of the domain tables. Their statements (select,
 * upsert, list) are built from the schema description only, whose
 * identifiers schema.c has checked, and cached per table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "spona/buf.h"
#include "spona/hlc.h"
#include "spona/mem.h"
#include "msg.h"
#include "store.h"
#include "store_int.h"

#include "spona/banned.h"

/* Columns every domain table has before its fields, in this order. */
static const char *const sys_cols[] = {
    "id", "owner", "scope", "created_at", "updated_at", "_deleted", "_ver"};
#define N_SYS (sizeof(sys_cols) / sizeof(sys_cols[0]))

/* ---- rows of domain tables ---- */

/* Appends "a, b, c" of the system columns and the fields of t. */
static enum sync_rc add_columns(struct sync_buf *b, const struct sync_tdef *t,
                                const char *prefix)
{
    enum sync_rc rc = SYNC_OK;
    for (size_t i = 0; i < N_SYS + t->n && !rc; i++) {
        const char *col = i < N_SYS ? sys_cols[i] : t->f[i - N_SYS].name;
        rc = sync_buf_addf(b, "%s%s%s", i ? ", " : "", prefix, col);
    }
    return rc;
}

static enum sync_rc build_get(struct sync_buf *b, const struct sync_tdef *t,
                              bool list)
{
    enum sync_rc rc = sync_buf_adds(b, "SELECT ");
    if (!rc)
        rc = add_columns(b, t, "");
    if (!rc && list)
        rc = sync_buf_addf(b, " FROM %s WHERE _deleted <= ?1 ORDER BY id",
                           t->name);
    else if (!rc)
        rc = sync_buf_addf(b, " FROM %s WHERE id = ?1", t->name);
    return rc;
}

static enum sync_rc build_put(struct sync_buf *b, const struct sync_tdef *t)
{
    enum sync_rc rc = sync_buf_addf(b, "INSERT INTO %s (", t->name);
    if (!rc)
        rc = add_columns(b, t, "");
    if (!rc)
        rc = sync_buf_adds(b, ") VALUES (");
    for (size_t i = 0; i < N_SYS + t->n && !rc; i++)
        rc = sync_buf_addf(b, "%s?%zu", i ? ", " : "", i + 1);
    if (!rc)
        rc = sync_buf_adds(b, ") ON CONFLICT (id) DO UPDATE SET ");
    for (size_t i = 1; i < N_SYS + t->n && !rc; i++) {
        const char *col = i < N_SYS ? sys_cols[i] : t->f[i - N_SYS].name;
        rc =
            sync_buf_addf(b, "%s%s = excluded.%s", i > 1 ? ", " : "", col, col);
    }
    return rc;
}

enum table_op { T_GET, T_PUT, T_LIST };

static enum sync_rc table_stmt(struct sync_store *st, const struct sync_tdef *t,
                               enum table_op op, sqlite3_stmt **out,
                               struct sync_err *err)
{
    size_t i = 0;
    while (i < st->n_ts && sync_schema_table_at(st->schema, i) != t)
        i++;
    if (i == st->n_ts)
        return sync_err_set(err, SYNC_INTERNAL, "table not in schema");
    sqlite3_stmt **slot = op == T_GET   ? &st->ts[i].get
                          : op == T_PUT ? &st->ts[i].put
                                        : &st->ts[i].list;
    if (*slot) {
        *out = *slot;
        return SYNC_OK;
    }
    struct sync_buf b;
    sync_buf_init(&b, 16 * 1024);
    enum sync_rc rc =
        op == T_PUT ? build_put(&b, t) : build_get(&b, t, op == T_LIST);
    if (rc) {
        sync_buf_release(&b);
        return sync_err_set(err, SYNC_INTERNAL, "statement too long");
    }
    int r = sqlite3_prepare_v3(st->db, b.buf, (int)b.len,
                               SQLITE_PREPARE_PERSISTENT, slot, NULL);
    sync_buf_release(&b);
    if (r != SQLITE_OK)
        return store_db_err(st, err, r, "cannot prepare row statement");
    *out = *slot;
    return SYNC_OK;
}

/*
 * The version map of a row (_ver): which entry wrote each field. Packed,
 * since every write of a row rewrites it: a tag byte, the count k of
 * distinct entry ids, the k ids, then per field its name, a NUL and the
 * index of its id. Most rows were written by one or two entries, so the
 * ids are stored once: ~120 bytes for a practice, not ~500 as JSON.
 */
#define VER_TAG 0x01 /* JSON maps start with '{' */

static enum sync_rc ver_pack(const struct sync_record *r, uint8_t **out,
                             size_t *len, struct sync_err *err)
{
    size_t n = 0, k = 0, size = 2;
    for (size_t i = 0; i < r->n; i++)
        if (r->f[i].has_ver) {
            size += SYNC_HASH_LEN + strlen(r->f[i].name) + 2;
            n++;
        }
    if (n > UINT8_MAX)
        return sync_err_set(err, SYNC_INTERNAL, "row has over %d fields",
                            UINT8_MAX);
    /* The distinct ids go first, each once; there are at most n. */
    uint8_t *buf = sync_xmalloc(size), *ids = buf + 2;
    for (size_t i = 0; i < r->n; i++) {
        size_t j = 0;
        if (!r->f[i].has_ver)
            continue;
        while (j < k &&
               memcmp(ids + j * SYNC_HASH_LEN, r->f[i].ver, SYNC_HASH_LEN) != 0)
            j++;
        if (j == k)
            memcpy(ids + k++ * SYNC_HASH_LEN, r->f[i].ver, SYNC_HASH_LEN);
    }
    uint8_t *p = ids + k * SYNC_HASH_LEN;
    for (size_t i = 0; i < r->n; i++) {
        size_t j = 0, name = strlen(r->f[i].name) + 1;
        if (!r->f[i].has_ver)
            continue;
        while (memcmp(ids + j * SYNC_HASH_LEN, r->f[i].ver, SYNC_HASH_LEN))
            j++;
        memcpy(p, r->f[i].name, name);
        p[name] = (uint8_t)j;
        p += name + 1;
    }
    buf[0] = VER_TAG;
    buf[1] = (uint8_t)k;
    *out = buf;
    *len = (size_t)(p - buf);
    return SYNC_OK;
}

static enum sync_rc ver_unpack(struct sync_record *r, const uint8_t *p,
                               size_t len, struct sync_err *err)
{
    if (len < 2 || p[0] != VER_TAG || len < 2 + (size_t)p[1] * SYNC_HASH_LEN)
        return sync_err_set(err, SYNC_DB, "malformed version map");
    size_t k = p[1];
    const uint8_t *ids = p + 2, *q = ids + k * SYNC_HASH_LEN, *end = p + len;
    while (q < end) {
        const uint8_t *nul = memchr(q, 0, (size_t)(end - q));
        if (!nul || nul == q || nul + 1 == end || nul[1] >= k ||
            nul - q > SYNC_LIMIT_FIELD_NAME)
            return sync_err_set(err, SYNC_DB, "malformed version map");
        struct sync_rfield *f = sync_record_slot(r, (const char *)q);
        memcpy(f->ver, ids + (size_t)nul[1] * SYNC_HASH_LEN, SYNC_HASH_LEN);
        f->has_ver = true;
        q = nul + 2;
    }
    return SYNC_OK;
}

static enum sync_rc row_from_stmt(struct sync_record *out,
                                  const struct sync_tdef *t, sqlite3_stmt *s,
                                  struct sync_err *err)
{
    for (size_t i = 0; i < N_SYS + t->n; i++) {
        const char *col = i < N_SYS ? sys_cols[i] : t->f[i - N_SYS].name;
        int type = sqlite3_column_type(s, (int)i);
        if (i == N_SYS - 1)
            continue; /* _ver, decoded below */
        if (type == SQLITE_INTEGER)
            sync_record_set_int(out, col, sqlite3_column_int64(s, (int)i));
        else if (type != SQLITE_NULL)
            sync_record_set_text(out, col,
                                 (const char *)sqlite3_column_text(s, (int)i));
    }
    int at = (int)N_SYS - 1;
    if (sqlite3_column_type(s, at) == SQLITE_BLOB)
        return ver_unpack(out, sqlite3_column_blob(s, at),
                          (size_t)sqlite3_column_bytes(s, at), err);
    /* Rows last written before schema 0010 keep their JSON map. */
    const char *ver = (const char *)sqlite3_column_text(s, at);
    return sync_msg_ver_decode(out, ver ? ver : "{}", err);
}

enum sync_rc sync_store_row_get(struct sync_store *st,
                                const struct sync_tdef *t, const char *id,
                                struct sync_record *out, struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = table_stmt(st, t, T_GET, &s, err);
    if (rc)
        return rc;
    sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW)
        rc = row_from_stmt(out, t, s, err);
    else if (r == SQLITE_DONE)
        rc =
            sync_err_set(err, SYNC_NOTFOUND, "no %s with id '%s'", t->name, id);
    else
        rc = store_db_err(st, err, r, "cannot read row");
    store_stmt_done(s);
    return rc;
}

enum sync_rc sync_store_row_put(struct sync_store *st,
                                const struct sync_tdef *t,
                                const struct sync_record *r,
                                struct sync_err *err)
{
    static const struct sync_value null_value;
    sqlite3_stmt *s = NULL;
    uint8_t *ver = NULL;
    size_t len = 0;
    enum sync_rc rc = table_stmt(st, t, T_PUT, &s, err);
    if (!rc)
        rc = ver_pack(r, &ver, &len, err);
    if (rc)
        return rc;
    for (size_t i = 0; i < N_SYS + t->n; i++) {
        const char *col = i < N_SYS ? sys_cols[i] : t->f[i - N_SYS].name;
        const struct sync_rfield *f = sync_record_get(r, col);
        store_bind_value(s, (int)i + 1, f ? &f->v : &null_value);
    }
    sqlite3_bind_blob(s, (int)N_SYS, ver, (int)len, SQLITE_STATIC);
    rc = store_step_done(st, s, "cannot write row", err);
    free(ver);
    return rc;
}

enum sync_rc sync_store_row_drop(struct sync_store *st,
                                 const struct sync_tdef *t, const char *id,
                                 struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    char sql[96];
    /* t->name comes from meta_field, the allow-list of identifiers. */
    snprintf(sql, sizeof(sql), "DELETE FROM %s WHERE id = ?1", t->name);
    int r = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
    if (r == SQLITE_OK) {
        sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
        r = sqlite3_step(s);
    }
    sqlite3_finalize(s);
    if (r != SQLITE_DONE)
        return store_db_err(st, err, r, "cannot drop row");
    enum sync_rc rc = store_stmt_get(st, S_CONFLICTS_ROW_DEL, &s, err);
    if (rc)
        return rc;
    sqlite3_bind_text(s, 1, t->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, id, -1, SQLITE_STATIC);
    return store_step_done(st, s, "cannot drop conflicts of row", err);
}

enum sync_rc sync_store_rows_each(struct sync_store *st,
                                  const struct sync_tdef *t, bool deleted,
                                  sync_row_cb cb, void *payload,
                                  struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = table_stmt(st, t, T_LIST, &s, err);
    if (rc)
        return rc;
    sqlite3_bind_int(s, 1, deleted ? 1 : 0);
    int r;
    while (!rc && (r = sqlite3_step(s)) == SQLITE_ROW) {
        struct sync_record row;
        sync_record_init(&row);
        rc = row_from_stmt(&row, t, s, err);
        if (!rc)
            rc = cb(&row, payload);
        sync_record_release(&row);
    }
    if (!rc && r != SQLITE_DONE)
        rc = store_db_err(st, err, r, "cannot list rows");
    store_stmt_done(s);
    return rc;
}
