/* SPDX-License-Identifier: MIT */
/*
 * store_priv: the tables of the privacy rules: which consents are active,
 * tombstones of erased rows and the purge that goes with them, and the
 * hash-chained audit log.
 */
#include <stdio.h>
#include <string.h>

#include "spona/buf.h"
#include "store_int.h"

#include "spona/banned.h"

/* Prepares, binds text parameters, and walks rows through step. */
static int prep(struct sync_store *st, sqlite3_stmt **s, const char *sql)
{
    return sqlite3_prepare_v2(st->db, sql, -1, s, NULL);
}

enum sync_rc sync_store_consents_active(struct sync_store *st,
                                        const char *person_id,
                                        const char *owner, const char *today,
                                        sync_store_consent_cb cb, void *payload,
                                        struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    int r = prep(st, &s,
                 "SELECT id, purpose, channels FROM consent "
                 "WHERE person_id = ?1 AND owner = ?2 AND _deleted = 0 "
                 "AND coalesce(evidence, '') <> '' "
                 "AND coalesce(notice_version, '') <> '' "
                 "AND granted_at <= ?3 "
                 "AND (withdrawn_at IS NULL OR withdrawn_at > ?3) "
                 "ORDER BY id");
    enum sync_rc rc = SYNC_OK;
    if (r == SQLITE_OK) {
        sqlite3_bind_text(s, 1, person_id, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, owner, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 3, today, -1, SQLITE_STATIC);
        r = SQLITE_ROW;
    }
    while (!rc && r == SQLITE_ROW && (r = sqlite3_step(s)) == SQLITE_ROW) {
        struct sync_consent c = {
            .id = (const char *)sqlite3_column_text(s, 0),
            .purpose = (const char *)sqlite3_column_text(s, 1),
            .channels = (const char *)sqlite3_column_text(s, 2)};
        rc = cb(&c, payload);
    }
    sqlite3_finalize(s);
    if (!rc && r != SQLITE_DONE && r != SQLITE_ROW)
        rc = store_db_err(st, err, r, "cannot read consents");
    return rc;
}

enum sync_rc sync_store_consent_ids(struct sync_store *st,
                                    const char *person_id, const char *owner,
                                    sync_store_consent_cb cb, void *payload,
                                    struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    int r = prep(st, &s,
                 "SELECT id FROM consent WHERE person_id = ?1 AND "
                 "owner = ?2 ORDER BY id");
    enum sync_rc rc = SYNC_OK;
    if (r == SQLITE_OK) {
        sqlite3_bind_text(s, 1, person_id, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, owner, -1, SQLITE_STATIC);
        r = SQLITE_ROW;
    }
    while (!rc && r == SQLITE_ROW && (r = sqlite3_step(s)) == SQLITE_ROW) {
        struct sync_consent c = {.id = (const char *)sqlite3_column_text(s, 0)};
        rc = cb(&c, payload);
    }
    sqlite3_finalize(s);
    if (!rc && r != SQLITE_DONE && r != SQLITE_ROW)
        rc = store_db_err(st, err, r, "cannot read consents");
    return rc;
}

enum sync_rc sync_store_is_erased(struct sync_store *st, const char *table,
                                  const char *row_id, bool *out,
                                  struct sync_err *err)
{
    sqlite3_stmt **slot = &st->priv[PRIV_ERASED_GET];
    enum sync_rc rc = store_prepare(st, slot,
                                    "SELECT 1 FROM erased WHERE "
                                    "tbl = ?1 AND row_id = ?2",
                                    err);
    if (rc)
        return rc;
    sqlite3_bind_text(*slot, 1, table, -1, SQLITE_STATIC);
    sqlite3_bind_text(*slot, 2, row_id, -1, SQLITE_STATIC);
    int r = sqlite3_step(*slot);
    *out = r == SQLITE_ROW;
    store_stmt_done(*slot);
    if (r != SQLITE_ROW && r != SQLITE_DONE)
        return store_db_err(st, err, r, "cannot read tombstones");
    return SYNC_OK;
}

/* Runs sql with ?1 = table, ?2 = row_id, ?3 = at. */
static enum sync_rc run_row(struct sync_store *st, const char *sql,
                            const char *table, const char *row_id, int64_t at,
                            struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    int r = prep(st, &s, sql);
    if (r == SQLITE_OK) {
        sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, row_id, -1, SQLITE_STATIC);
        if (sqlite3_bind_parameter_count(s) >= 3)
            sqlite3_bind_int64(s, 3, at);
        r = sqlite3_step(s);
    }
    sqlite3_finalize(s);
    if (r != SQLITE_DONE)
        return store_db_err(st, err, r, "cannot erase row");
    return SYNC_OK;
}

enum sync_rc sync_store_erase(struct sync_store *st, const struct sync_tdef *t,
                              const char *row_id, int64_t at,
                              struct sync_err *err)
{
    char sql[160];
    enum sync_rc rc = run_row(st,
                              "INSERT INTO erased (tbl, row_id, at) "
                              "SELECT ?1, ?2, ?3 WHERE NOT EXISTS (SELECT 1 "
                              "FROM erased WHERE tbl = ?1 AND row_id = ?2)",
                              t->name, row_id, at, err);
    /* Every payload of the row but the erase entries' (which hold no
     * values and let other nodes learn of the erasure). */
    if (!rc)
        rc = run_row(st,
                     "DELETE FROM payload WHERE n IN (SELECT n FROM "
                     "entry WHERE tbl = ?1 AND row_id = ?2 AND op <> 4)",
                     t->name, row_id, 0, err);
    /* Entries of the row that came without payload were purged, not
     * withheld (PROTOCOL.md §7). */
    if (!rc)
        rc = run_row(st,
                     "DELETE FROM withheld WHERE n IN (SELECT n FROM "
                     "entry WHERE tbl = ?1 AND row_id = ?2)",
                     t->name, row_id, 0, err);
    if (!rc)
        rc = run_row(st,
                     "UPDATE entry SET status = 0 WHERE tbl = ?1 AND "
                     "row_id = ?2 AND status = 2",
                     t->name, row_id, 0, err);
    if (!rc)
        rc = run_row(st,
                     "UPDATE rejected SET payload = NULL WHERE tbl = ?1 "
                     "AND row_id = ?2",
                     t->name, row_id, 0, err);
    if (!rc)
        rc = run_row(st,
                     "DELETE FROM conflict WHERE tbl = ?1 AND "
                     "row_id = ?2",
                     t->name, row_id, 0, err);
    if (!rc)
        rc = sync_store_row_drop(st, t, row_id, err);
    /* Deleted words stay in an FTS5 index until its segments merge:
     * merge them now (t->name is from the schema's allow-list). */
    bool fts = false;
    if (!rc)
        rc = store_search_has_index(st, t->name, &fts, err);
    if (!rc && fts) {
        snprintf(sql, sizeof(sql),
                 "INSERT INTO %s_fts (%s_fts) VALUES "
                 "('optimize')",
                 t->name, t->name);
        int r = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
        if (r != SQLITE_OK)
            rc = store_db_err(st, err, r, "cannot purge search index");
    }
    return rc;
}

enum sync_rc sync_store_row_scopes(struct sync_store *st, const uint8_t *author,
                                   const char *table, const char *row_id,
                                   unsigned *mask, struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    int r = prep(st, &s,
                 "SELECT DISTINCT f.scope FROM entry e JOIN feed f "
                 "ON f.feed = e.feed WHERE e.tbl = ?1 AND "
                 "e.row_id = ?2 AND f.author = ?3");
    *mask = 0;
    if (r == SQLITE_OK) {
        sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, row_id, -1, SQLITE_STATIC);
        sqlite3_bind_blob(s, 3, author, SYNC_SIG_PK_LEN, SQLITE_STATIC);
        while ((r = sqlite3_step(s)) == SQLITE_ROW) {
            int scope = sqlite3_column_int(s, 0);
            if (scope >= 0 && scope < 8)
                *mask |= 1u << scope;
        }
    }
    sqlite3_finalize(s);
    if (r != SQLITE_DONE)
        return store_db_err(st, err, r, "cannot read feeds of row");
    return SYNC_OK;
}

enum sync_rc sync_store_entry_scope(struct sync_store *st, const uint8_t *id,
                                    int *out, struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    int r = prep(st, &s,
                 "SELECT f.scope FROM entry e JOIN feed f ON "
                 "f.feed = e.feed WHERE e.id = ?1");
    if (r == SQLITE_OK) {
        sqlite3_bind_blob(s, 1, id, SYNC_HASH_LEN, SQLITE_STATIC);
        r = sqlite3_step(s);
        if (r == SQLITE_ROW)
            *out = sqlite3_column_int(s, 0);
    }
    sqlite3_finalize(s);
    if (r == SQLITE_DONE)
        return sync_err_set(err, SYNC_NOTFOUND, "no such entry");
    if (r != SQLITE_ROW)
        return store_db_err(st, err, r, "cannot read entry");
    return SYNC_OK;
}

enum sync_rc sync_store_checkpoint(struct sync_store *st, struct sync_err *err)
{
    int r = sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_TRUNCATE,
                                      NULL, NULL);
    if (r != SQLITE_OK)
        return store_db_err(st, err, r, "cannot checkpoint the log");
    return SYNC_OK;
}

/* ---- the audit log ---- */

/* The chain: hash = BLAKE2b-256(previous hash ‖ the fields, each with its
 * length, so no two rows encode alike). */
static enum sync_rc audit_hash(uint8_t out[SYNC_HASH_LEN],
                               const uint8_t prev[SYNC_HASH_LEN],
                               const struct sync_audit *a)
{
    struct sync_buf b;
    const char *f[] = {a->actor, a->action, a->table,
                       a->row_id ? a->row_id : "", a->detail};
    sync_buf_init(&b, 64 * 1024);
    enum sync_rc rc = sync_buf_addf(&b, "%lld|%lld|%d", (long long)a->n,
                                    (long long)a->at, a->row_id ? 1 : 0);
    for (size_t i = 0; i < sizeof(f) / sizeof(f[0]) && !rc; i++)
        rc = sync_buf_addf(&b, "|%zu:%s", strlen(f[i]), f[i]);
    if (!rc)
        sync_hash(out, prev, SYNC_HASH_LEN, b.buf, b.len);
    sync_buf_release(&b);
    return rc;
}

enum sync_rc sync_store_audit_add(struct sync_store *st,
                                  const struct sync_audit *in,
                                  struct sync_err *err)
{
    uint8_t prev[SYNC_HASH_LEN] = {0};
    struct sync_audit a = *in;
    sqlite3_stmt *s = NULL;
    int r = prep(st, &s, "SELECT n, hash FROM audit ORDER BY n DESC LIMIT 1");
    a.n = 1;
    if (r == SQLITE_OK && (r = sqlite3_step(s)) == SQLITE_ROW) {
        a.n = sqlite3_column_int64(s, 0) + 1;
        store_copy_blob(prev, SYNC_HASH_LEN, s, 1);
        r = SQLITE_DONE;
    }
    sqlite3_finalize(s);
    if (r != SQLITE_DONE)
        return store_db_err(st, err, r, "cannot read the audit log");
    if (audit_hash(a.hash, prev, &a))
        return sync_err_set(err, SYNC_TOOBIG, "audit record is too long");
    r = prep(st, &s,
             "INSERT INTO audit (n, at, actor, action, tbl, row_id, "
             "detail, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    if (r == SQLITE_OK) {
        sqlite3_bind_int64(s, 1, a.n);
        sqlite3_bind_int64(s, 2, a.at);
        sqlite3_bind_text(s, 3, a.actor, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 4, a.action, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 5, a.table, -1, SQLITE_STATIC);
        if (a.row_id)
            sqlite3_bind_text(s, 6, a.row_id, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 7, a.detail, -1, SQLITE_STATIC);
        sqlite3_bind_blob(s, 8, a.hash, SYNC_HASH_LEN, SQLITE_STATIC);
        r = sqlite3_step(s);
    }
    sqlite3_finalize(s);
    if (r != SQLITE_DONE)
        return store_db_err(st, err, r, "cannot write the audit log");
    return SYNC_OK;
}

static const char *text_col(sqlite3_stmt *s, int col)
{
    const char *t = (const char *)sqlite3_column_text(s, col);
    return t ? t : "";
}

enum sync_rc sync_store_audit_each(struct sync_store *st, sync_audit_cb cb,
                                   void *payload, struct sync_err *err)
{
    uint8_t prev[SYNC_HASH_LEN] = {0};
    sqlite3_stmt *s = NULL;
    bool ok = true;
    int64_t want = 1;
    enum sync_rc rc = SYNC_OK;
    int r = prep(st, &s,
                 "SELECT n, at, actor, action, tbl, row_id, detail, "
                 "hash FROM audit ORDER BY n");
    if (r == SQLITE_OK)
        r = SQLITE_ROW;
    while (!rc && r == SQLITE_ROW && (r = sqlite3_step(s)) == SQLITE_ROW) {
        uint8_t h[SYNC_HASH_LEN];
        struct sync_audit a = {
            .n = sqlite3_column_int64(s, 0),
            .at = sqlite3_column_int64(s, 1),
            .actor = text_col(s, 2),
            .action = text_col(s, 3),
            .table = text_col(s, 4),
            .row_id = sqlite3_column_type(s, 5) == SQLITE_NULL ? NULL
                                                               : text_col(s, 5),
            .detail = text_col(s, 6)};
        store_copy_blob(a.hash, SYNC_HASH_LEN, s, 7);
        /* A missing n or a hash that does not follow breaks the chain
         * from here on. */
        ok = ok && a.n == want && !audit_hash(h, prev, &a) &&
             memcmp(h, a.hash, SYNC_HASH_LEN) == 0;
        memcpy(prev, a.hash, SYNC_HASH_LEN);
        want = a.n + 1;
        rc = cb(&a, ok, payload);
    }
    sqlite3_finalize(s);
    if (!rc && r != SQLITE_DONE && r != SQLITE_ROW)
        rc = store_db_err(st, err, r, "cannot read the audit log");
    return rc;
}
