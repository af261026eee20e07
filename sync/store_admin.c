/* SPDX-License-Identifier: MIT */
/*
 * store_admin: what a node's own pages and their administrators read and
 * keep: local accounts (never in an entry), row counts grouped by a field,
 * and the local self-government units with their entity. Field names come
 * only from the loaded schema (the allow-list of store's dynamic SQL).
 */
#include <stdio.h>
#include <string.h>

#include "spona/hlc.h"
#include "store_int.h"

#include "spona/banned.h"

/* Finalizes s and turns a step result other than DONE into an error. */
static enum sync_rc finish(struct sync_store *st, sqlite3_stmt *s, int r,
                           enum sync_rc rc, const char *what,
                           struct sync_err *err)
{
    sqlite3_finalize(s);
    if (!rc && r != SQLITE_DONE && r != SQLITE_ROW)
        rc = store_db_err(st, err, r, what);
    return rc;
}

enum sync_rc sync_store_account_put(struct sync_store *st, const char *name,
                                    const char *role, const char *hash,
                                    struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    int r = sqlite3_prepare_v2(
        st->db,
        hash ? "INSERT INTO account (name, role, hash, created) VALUES (?1, "
               "?2, ?3, ?4) ON CONFLICT (name) DO UPDATE SET role = "
               "excluded.role, hash = excluded.hash"
             : "UPDATE account SET role = ?2 WHERE name = ?1",
        -1, &s, NULL);
    if (r != SQLITE_OK)
        return finish(st, s, r, SYNC_OK, "cannot save the account", err);
    sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, role, -1, SQLITE_STATIC);
    if (hash) {
        sqlite3_bind_text(s, 3, hash, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 4, (sqlite3_int64)sync_hlc_wall_ms());
    }
    r = sqlite3_step(s);
    bool none = !hash && r == SQLITE_DONE && sqlite3_changes(st->db) == 0;
    enum sync_rc rc = finish(st, s, r, SYNC_OK, "cannot save the account", err);
    if (!rc && none)
        rc = sync_err_set(err, SYNC_NOTFOUND, "no account '%s'", name);
    return rc;
}

enum sync_rc sync_store_account_get(struct sync_store *st, const char *name,
                                    struct sync_account *out,
                                    struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    int r = sqlite3_prepare_v2(st->db,
                               "SELECT name, role, hash, created FROM "
                               "account WHERE name = ?1",
                               -1, &s, NULL);
    if (r == SQLITE_OK) {
        sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
        r = sqlite3_step(s);
    }
    if (r == SQLITE_DONE) {
        sqlite3_finalize(s);
        return sync_err_set(err, SYNC_NOTFOUND, "no account '%s'", name);
    }
    if (r == SQLITE_ROW) {
        memset(out, 0, sizeof(*out));
        snprintf(out->name, sizeof(out->name), "%s",
                 (const char *)sqlite3_column_text(s, 0));
        snprintf(out->role, sizeof(out->role), "%s",
                 (const char *)sqlite3_column_text(s, 1));
        snprintf(out->hash, sizeof(out->hash), "%s",
                 (const char *)sqlite3_column_text(s, 2));
        out->created = sqlite3_column_int64(s, 3);
    }
    return finish(st, s, r, SYNC_OK, "cannot read the account", err);
}

enum sync_rc sync_store_accounts_each(struct sync_store *st, sync_account_cb cb,
                                      void *payload, struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = SYNC_OK;
    int r = sqlite3_prepare_v2(st->db,
                               "SELECT name, role, created FROM account "
                               "ORDER BY name",
                               -1, &s, NULL);
    if (r == SQLITE_OK)
        r = SQLITE_ROW;
    while (!rc && r == SQLITE_ROW && (r = sqlite3_step(s)) == SQLITE_ROW) {
        struct sync_account a = {.created = sqlite3_column_int64(s, 2)};
        snprintf(a.name, sizeof(a.name), "%s",
                 (const char *)sqlite3_column_text(s, 0));
        snprintf(a.role, sizeof(a.role), "%s",
                 (const char *)sqlite3_column_text(s, 1));
        rc = cb(&a, payload);
    }
    return finish(st, s, r, rc, "cannot read accounts", err);
}

enum sync_rc sync_store_account_delete(struct sync_store *st, const char *name,
                                       struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    int r = sqlite3_prepare_v2(st->db, "DELETE FROM account WHERE name = ?1",
                               -1, &s, NULL);
    if (r == SQLITE_OK) {
        sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
        r = sqlite3_step(s);
    }
    bool gone = r == SQLITE_DONE && sqlite3_changes(st->db) == 1;
    enum sync_rc rc =
        finish(st, s, r, SYNC_OK, "cannot delete the account", err);
    if (!rc && !gone)
        rc = sync_err_set(err, SYNC_NOTFOUND, "no account '%s'", name);
    return rc;
}

enum sync_rc sync_store_count_by(struct sync_store *st,
                                 const struct sync_tdef *t, const char *field,
                                 sync_group_cb cb, void *payload,
                                 struct sync_err *err)
{
    if (strcmp(field, "owner") != 0 && strcmp(field, "scope") != 0 &&
        !sync_schema_field(t, field))
        return sync_err_set(err, SYNC_INVALID, "no field '%s' in '%s'", field,
                            t->name);
    char sql[256];
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = SYNC_OK;
    /* Identifiers from the schema only; see the file comment. */
    snprintf(sql, sizeof(sql),
             "SELECT %s, count(*) FROM %s WHERE _deleted = 0 GROUP BY 1 "
             "ORDER BY 2 DESC, 1",
             field, t->name);
    int r = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
    if (r == SQLITE_OK)
        r = SQLITE_ROW;
    while (!rc && r == SQLITE_ROW && (r = sqlite3_step(s)) == SQLITE_ROW)
        rc = cb((const char *)sqlite3_column_text(s, 0),
                sqlite3_column_int64(s, 1), payload);
    return finish(st, s, r, rc, "cannot count rows", err);
}

enum sync_rc sync_store_count_practice_lsg(struct sync_store *st, bool canton,
                                           sync_group_cb cb, void *payload,
                                           struct sync_err *err)
{
    /* Two fixed statements: the column is not an identifier from outside. */
    static const char *const sql[2] = {
        "SELECT u.entity, count(*) FROM practice p LEFT JOIN lsg_unit u "
        "ON u.id = p.owner_lsg WHERE p._deleted = 0 GROUP BY 1 "
        "ORDER BY 2 DESC, 1",
        "SELECT u.canton, count(*) FROM practice p LEFT JOIN lsg_unit u "
        "ON u.id = p.owner_lsg WHERE p._deleted = 0 GROUP BY 1 "
        "ORDER BY 2 DESC, 1"};
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = SYNC_OK;
    int r = sqlite3_prepare_v2(st->db, sql[canton], -1, &s, NULL);
    if (r == SQLITE_OK)
        r = SQLITE_ROW;
    while (!rc && r == SQLITE_ROW && (r = sqlite3_step(s)) == SQLITE_ROW)
        rc = cb((const char *)sqlite3_column_text(s, 0),
                sqlite3_column_int64(s, 1), payload);
    return finish(st, s, r, rc, "cannot count practices", err);
}

enum sync_rc sync_store_lsg_each(struct sync_store *st, sync_lsg_cb cb,
                                 void *payload, struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = SYNC_OK;
    int r = sqlite3_prepare_v2(st->db,
                               "SELECT id, name_lat, name_cyr, entity FROM "
                               "lsg_unit ORDER BY name_lat",
                               -1, &s, NULL);
    if (r == SQLITE_OK)
        r = SQLITE_ROW;
    while (!rc && r == SQLITE_ROW && (r = sqlite3_step(s)) == SQLITE_ROW) {
        struct sync_lsg u = {
            .id = (const char *)sqlite3_column_text(s, 0),
            .name_lat = (const char *)sqlite3_column_text(s, 1),
            .name_cyr = (const char *)sqlite3_column_text(s, 2),
            .entity = (const char *)sqlite3_column_text(s, 3)};
        rc = cb(&u, payload);
    }
    return finish(st, s, r, rc, "cannot read municipalities", err);
}
