/* SPDX-License-Identifier: MIT */
/*
 * store_pending: the local writes a restored node keeps until it has
 * caught up with its own feeds (pending_write), and the consistent copy
 * of the database a backup takes while other connections write.
 */
#include <stdio.h>
#include <string.h>

#include "spona/mem.h"
#include "store_int.h"

#include "spona/banned.h"

/* Finalizes s and turns a step result other than DONE or ROW into an
 * error. */
static enum sync_rc finish(struct sync_store *st, sqlite3_stmt *s, int r,
                           const char *what, struct sync_err *err)
{
    sqlite3_finalize(s);
    if (r != SQLITE_DONE && r != SQLITE_ROW)
        return store_db_err(st, err, r, what);
    return SYNC_OK;
}

enum sync_rc sync_store_copy_to(struct sync_store *st, const char *path,
                                struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    /* VACUUM INTO reads in one transaction: a snapshot of the database
     * as of its start, whatever other connections write meanwhile. */
    int r = sqlite3_prepare_v2(st->db, "VACUUM INTO ?1", -1, &s, NULL);
    if (r == SQLITE_OK) {
        sqlite3_bind_text(s, 1, path, -1, SQLITE_STATIC);
        r = sqlite3_step(s);
    }
    return finish(st, s, r, "cannot copy the database", err);
}

enum sync_rc sync_store_pending_add(struct sync_store *st, const char *table,
                                    const char *row_id, const char *op,
                                    const char *fields, int64_t at,
                                    struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    int r = sqlite3_prepare_v2(st->db,
                               "INSERT INTO pending_write (tbl, row_id, op, "
                               "fields, at) VALUES (?1, ?2, ?3, ?4, ?5)",
                               -1, &s, NULL);
    if (r == SQLITE_OK) {
        sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, row_id, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 3, op, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 4, fields, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 5, at);
        r = sqlite3_step(s);
    }
    return finish(st, s, r, "cannot keep the pending write", err);
}

enum sync_rc sync_store_pending_next(struct sync_store *st,
                                     struct sync_pending *out, bool *found,
                                     struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    *found = false;
    int r = sqlite3_prepare_v2(st->db,
                               "SELECT n, tbl, row_id, op, fields FROM "
                               "pending_write WHERE failed IS NULL ORDER BY n "
                               "LIMIT 1",
                               -1, &s, NULL);
    if (r == SQLITE_OK && (r = sqlite3_step(s)) == SQLITE_ROW) {
        *found = true;
        out->n = sqlite3_column_int64(s, 0);
        snprintf(out->table, sizeof(out->table), "%s",
                 (const char *)sqlite3_column_text(s, 1));
        snprintf(out->row_id, sizeof(out->row_id), "%s",
                 (const char *)sqlite3_column_text(s, 2));
        snprintf(out->op, sizeof(out->op), "%s",
                 (const char *)sqlite3_column_text(s, 3));
        out->fields = sync_xstrdup((const char *)sqlite3_column_text(s, 4));
    }
    return finish(st, s, r, "cannot read pending writes", err);
}

enum sync_rc sync_store_pending_done(struct sync_store *st, int64_t n,
                                     const char *failed, struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    int r = sqlite3_prepare_v2(
        st->db,
        failed ? "UPDATE pending_write SET failed = ?2 WHERE n = ?1"
               : "DELETE FROM pending_write WHERE n = ?1",
        -1, &s, NULL);
    if (r == SQLITE_OK) {
        sqlite3_bind_int64(s, 1, n);
        if (failed)
            sqlite3_bind_text(s, 2, failed, -1, SQLITE_STATIC);
        r = sqlite3_step(s);
    }
    return finish(st, s, r, "cannot update a pending write", err);
}

enum sync_rc sync_store_pending_count(struct sync_store *st, int64_t *waiting,
                                      int64_t *failed, struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    *waiting = *failed = 0;
    int r = sqlite3_prepare_v2(st->db,
                               "SELECT count(*) FILTER (WHERE failed IS NULL), "
                               "count(failed) FROM pending_write",
                               -1, &s, NULL);
    if (r == SQLITE_OK && (r = sqlite3_step(s)) == SQLITE_ROW) {
        *waiting = sqlite3_column_int64(s, 0);
        *failed = sqlite3_column_int64(s, 1);
    }
    return finish(st, s, r, "cannot count pending writes", err);
}

enum sync_rc sync_store_pending_has(struct sync_store *st, const char *table,
                                    const char *row_id, bool *out,
                                    struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    *out = false;
    int r = sqlite3_prepare_v2(st->db,
                               "SELECT 1 FROM pending_write WHERE tbl = ?1 "
                               "AND row_id = ?2 AND failed IS NULL LIMIT 1",
                               -1, &s, NULL);
    if (r == SQLITE_OK) {
        sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, row_id, -1, SQLITE_STATIC);
        r = sqlite3_step(s);
        *out = r == SQLITE_ROW;
    }
    return finish(st, s, r, "cannot read pending writes", err);
}
