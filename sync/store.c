/* SPDX-License-Identifier: MIT */
/*
 * store: the SQLite boundary. Static statements are listed once in
 * stmt_sql[] and prepared on first use with SQLITE_PREPARE_PERSISTENT.
 * Per-table statements (row select, upsert, list) are built from the
 * schema description only, whose identifiers schema.c has checked, and
 * cached per table. SQLite error text is copied into err at once.
 */
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "buf.h"
#include "hlc.h"
#include "mem.h"
#include "msg.h"
#include "schema_sql.h"
#include "store_int.h"

#include "banned.h"

enum stmt {
    S_META_GET,
    S_META_SET,
    S_FEED_GET,
    S_FEED_NEW,
    S_FEED_ADVANCE,
    S_FEED_FORK,
    S_FEEDS_ALL,
    S_FORK_ADD,
    S_ENTRY_KNOWN,
    S_ENTRY_AT,
    S_ENTRY_ADD,
    S_PAYLOAD_ADD,
    S_ENTRY_CLOCK,
    S_ENTRIES_ALL,
    S_ROW_ENTRIES,
    S_FEED_ENTRIES,
    S_REJECT,
    S_CONFLICT_DEL,
    S_CONFLICT_ADD,
    S_CONFLICTS_ALL,
    S_MEMBER_PUT,
    S_MEMBER_GET,
    S_CONFLICTS_ROW_DEL,
    S_REJECTED_LAST,
    S_REJECTED_PRUNE,
    S_FORKS_ALL,
    S_SAVEPOINT,
    S_RELEASE,
    S_ROLLBACK_TO,
    S_COUNT_
};

static const char *const stmt_sql[S_COUNT_] = {
    /* prepared once: a batch of local writes takes one per write */
    [S_SAVEPOINT] = "SAVEPOINT w",
    [S_RELEASE] = "RELEASE w",
    [S_ROLLBACK_TO] = "ROLLBACK TO w",
    [S_META_GET] = "SELECT v FROM node_meta WHERE k = ?1",
    [S_META_SET] = "INSERT INTO node_meta (k, v) VALUES (?1, ?2) "
                   "ON CONFLICT (k) DO UPDATE SET v = excluded.v",
    [S_FEED_GET] = "SELECT feed, last_seq, last_id, forked FROM feed "
                   "WHERE author = ?1 AND scope = ?2",
    [S_FEED_NEW] = "INSERT INTO feed (author, scope) VALUES (?1, ?2)",
    [S_FEED_ADVANCE] = "UPDATE feed SET last_seq = ?2, last_id = ?3 "
                       "WHERE feed = ?1",
    [S_FEED_FORK] = "UPDATE feed SET forked = 1 WHERE feed = ?1",
    [S_FEEDS_ALL] = "SELECT feed, author, scope, last_seq, last_id, forked "
                    "FROM feed ORDER BY author, scope",
    [S_FORK_ADD] = "INSERT OR IGNORE INTO fork (feed, seq, id_a, header_b, "
                   "sig_b, id_b, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
                   "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER))",
    [S_ENTRY_KNOWN] = "SELECT 1 FROM entry WHERE id = ?1",
    [S_ENTRY_AT] = "SELECT id FROM entry WHERE feed = ?1 AND seq = ?2",
    [S_ENTRY_ADD] = "INSERT INTO entry (id, feed, seq, hlc, tbl, row_id, op, "
                    "header, sig, status, arrived) VALUES (?1, ?2, ?3, ?4, "
                    "?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    [S_PAYLOAD_ADD] = "INSERT INTO payload (n, body) VALUES (?1, ?2)",
    [S_ENTRY_CLOCK] = "SELECT e.hlc, f.author FROM entry e "
                      "JOIN feed f ON f.feed = e.feed WHERE e.id = ?1",
    [S_ENTRIES_ALL] = ENTRY_COLS "ORDER BY e.n",
    [S_ROW_ENTRIES] = ENTRY_COLS "WHERE e.tbl = ?1 AND e.row_id = ?2 AND "
                      "e.status = 0 AND e.op != 3 ORDER BY e.n", /* no retracts */
    [S_FEED_ENTRIES] = ENTRY_COLS "WHERE e.feed = ?1 ORDER BY e.seq",
    /* The latest verdict on an id wins: a damaged copy rejected first
     * must not hide why the genuine entry was refused later. */
    [S_REJECT] = "INSERT INTO rejected (id, author, scope, seq, header, sig, "
                 "payload, reason, at, tbl, row_id) VALUES (?1, ?2, ?3, ?4, "
                 "?5, ?6, ?7, ?8, CAST((julianday('now') - 2440587.5) * "
                 "86400000 AS INTEGER), ?9, ?10) ON CONFLICT (id) DO UPDATE "
                 "SET payload = "
                 "excluded.payload, reason = excluded.reason, at = "
                 "excluded.at",
    [S_CONFLICT_DEL] = "DELETE FROM conflict WHERE tbl = ?1 AND row_id = ?2 "
                       "AND field = ?3",
    [S_REJECTED_LAST] = "SELECT id, author, scope, seq, reason, at FROM "
                        "rejected ORDER BY r DESC LIMIT ?1",
    /* r only grows, so the newest SYNC_LIMIT_REJECTED_ROWS rows are those
     * above the cut; an entry refused by policy stays in the log. */
    [S_REJECTED_PRUNE] = "DELETE FROM rejected WHERE r <= (SELECT max(r) "
                         "FROM rejected) - ?1",
    [S_FORKS_ALL] = "SELECT f.author, f.scope, k.seq, k.id_a, k.id_b, k.at "
                    "FROM fork k JOIN feed f ON f.feed = k.feed "
                    "ORDER BY k.at, k.feed, k.seq",
    [S_CONFLICTS_ROW_DEL] = "DELETE FROM conflict WHERE tbl = ?1 AND "
                            "row_id = ?2",
    [S_CONFLICT_ADD] = "INSERT INTO conflict (tbl, row_id, field, loser, "
                       "value, hlc, author) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
                       "?7)",
    [S_CONFLICTS_ALL] = "SELECT tbl, row_id, field, loser, value, hlc, author "
                         "FROM conflict ORDER BY tbl, row_id, field, loser",
    [S_MEMBER_PUT] = "INSERT INTO member (key, org, role, status) "
                     "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (key) DO UPDATE "
                     "SET org = excluded.org, role = excluded.role, "
                     "status = excluded.status",
    [S_MEMBER_GET] = "SELECT org, status FROM member WHERE key = ?1",
};


/* Columns every domain table has before its fields, in this order. */
static const char *const sys_cols[] = {"id",         "owner",      "scope",
                                       "created_at", "updated_at", "_deleted",
                                       "_ver"};
#define N_SYS (sizeof(sys_cols) / sizeof(sys_cols[0]))



enum sync_rc store_db_err(struct sync_store *st, struct sync_err *err,
                           int rc, const char *what)
{
    int prim = rc & 0xff;
    enum sync_rc code = prim == SQLITE_FULL || prim == SQLITE_IOERR ||
                                prim == SQLITE_CANTOPEN
                            ? SYNC_IO
                            : SYNC_DB;
    if (prim == SQLITE_FULL)
        return sync_err_set(err, code, "%s: disk is full", what);
    return sync_err_set(err, code, "%s: %s", what,
                        st && st->db ? sqlite3_errmsg(st->db)
                                     : sqlite3_errstr(rc));
}

_Static_assert(S_COUNT_ <= STORE_STMTS_MAX, "raise STORE_STMTS_MAX");

enum sync_rc store_prepare(struct sync_store *st, sqlite3_stmt **slot,
                           const char *sql, struct sync_err *err)
{
    if (*slot)
        return SYNC_OK;
    int rc = sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
                                slot, NULL);
    return rc == SQLITE_OK ? SYNC_OK
                           : store_db_err(st, err, rc,
                                          "cannot prepare statement");
}

static enum sync_rc stmt_get(struct sync_store *st, enum stmt which,
                             sqlite3_stmt **out, struct sync_err *err)
{
    enum sync_rc rc = store_prepare(st, &st->s[which], stmt_sql[which], err);
    *out = st->s[which];
    return rc;
}

/* Steps a statement expected to finish without rows, and resets it. */
enum sync_rc store_step_done(struct sync_store *st, sqlite3_stmt *s,
                              const char *what, struct sync_err *err)
{
    int rc = sqlite3_step(s);
    enum sync_rc out = SYNC_OK;
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        out = store_db_err(st, err, rc, what);
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    return out;
}

void store_stmt_done(sqlite3_stmt *s)
{
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
}

static enum sync_rc exec_sql(struct sync_store *st, const char *sql,
                             const char *what, struct sync_err *err)
{
    char *msg = NULL;
    int rc = sqlite3_exec(st->db, sql, NULL, NULL, &msg);
    if (rc == SQLITE_OK)
        return SYNC_OK;
    enum sync_rc out = sync_err_set(
        err, (rc & 0xff) == SQLITE_FULL ? SYNC_IO : SYNC_DB, "%s: %s", what,
        msg ? msg : sqlite3_errstr(rc));
    sqlite3_free(msg);
    return out;
}

int sync_store_migrations(void)
{
    return (int)sync_schema_n_files;
}

static enum sync_rc store_migrate(struct sync_store *st, struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL);
    if (rc != SQLITE_OK || sqlite3_step(s) != SQLITE_ROW) {
        sqlite3_finalize(s);
        return store_db_err(st, err, rc, "cannot read schema version");
    }
    int version = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    if (version > (int)sync_schema_n_files)
        return sync_err_set(err, SYNC_DB,
                            "database schema %d is newer than this program "
                            "(%zu); upgrade spona",
                            version, sync_schema_n_files);
    for (size_t i = (size_t)version; i < sync_schema_n_files; i++) {
        const struct sync_schema_file *f = &sync_schema_files[i];
        char pragma[64];
        snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %zu", i + 1);
        enum sync_rc r = exec_sql(st, "BEGIN IMMEDIATE", "cannot migrate", err);
        if (!r)
            r = exec_sql(st, f->sql, f->name, err);
        if (!r)
            r = exec_sql(st, pragma, f->name, err);
        if (!r)
            r = exec_sql(st, "COMMIT", f->name, err);
        if (r) {
            sync_store_rollback(st);
            sync_err_prefix(err, "migration failed");
            return r;
        }
    }
    st->version = (int)sync_schema_n_files;
    return SYNC_OK;
}

static enum sync_rc load_enums(struct sync_store *st, struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(
        st->db, "SELECT dom, value, label_bs, label_en FROM meta_enum "
        "ORDER BY dom, pos", -1, &s,
        NULL);
    if (rc != SQLITE_OK)
        return store_db_err(st, err, rc, "cannot read enumerations");
    while ((rc = sqlite3_step(s)) == SQLITE_ROW)
        sync_schema_add_enum(st->schema,
                             (const char *)sqlite3_column_text(s, 0),
                             (const char *)sqlite3_column_text(s, 1),
                             (const char *)sqlite3_column_text(s, 2),
                             (const char *)sqlite3_column_text(s, 3));
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? SYNC_OK
                             : store_db_err(st, err, rc, "cannot read enumerations");
}

static enum sync_rc load_fields(struct sync_store *st, struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc out = SYNC_OK;
    int rc = sqlite3_prepare_v2(st->db,
                                "SELECT tbl, field, type, list, required, "
                                "local_only, max, dom FROM meta_field "
                                "ORDER BY tbl, pos",
                                -1, &s, NULL);
    if (rc != SQLITE_OK)
        return store_db_err(st, err, rc, "cannot read field definitions");
    while (!out && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct sync_fdef def = {
            .name = (char *)sqlite3_column_text(s, 1),
            .list = sqlite3_column_int(s, 3) != 0,
            .required = sqlite3_column_int(s, 4) != 0,
            .local_only = sqlite3_column_int(s, 5) != 0,
            .max = sqlite3_column_int64(s, 6),
        };
        out = sync_schema_add_field(st->schema,
                                    (const char *)sqlite3_column_text(s, 0),
                                    &def,
                                    (const char *)sqlite3_column_text(s, 2),
                                    (const char *)sqlite3_column_text(s, 7),
                                    err);
    }
    sqlite3_finalize(s);
    if (!out && rc != SQLITE_DONE)
        out = store_db_err(st, err, rc, "cannot read field definitions");
    return out;
}

static enum sync_rc store_load_schema(struct sync_store *st,
                                      struct sync_err *err)
{
    st->schema = sync_schema_new();
    enum sync_rc rc = load_enums(st, err);
    if (!rc)
        rc = load_fields(st, err);
    if (rc)
        return rc;
    while (sync_schema_table_at(st->schema, st->n_ts))
        st->n_ts++;
    st->ts = sync_xcalloc(st->n_ts, sizeof(*st->ts));
    return SYNC_OK;
}

void sync_store_global_init(void)
{
    /* No allocation statistics: they take a global mutex per malloc. */
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

enum sync_rc sync_store_open(struct sync_store **out, const char *path,
                             bool create, struct sync_err *err)
{
    struct sync_store *st = sync_xcalloc(1, sizeof(*st));
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
                (create ? SQLITE_OPEN_CREATE : 0);
    int rc = sqlite3_open_v2(path, &st->db, flags, NULL);
    enum sync_rc r = SYNC_OK;
    if (rc != SQLITE_OK) {
        r = sync_err_set(err, create ? SYNC_IO : SYNC_NOTFOUND,
                         "cannot open database '%s': %s", path,
                         st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
        goto out;
    }
    sqlite3_extended_result_codes(st->db, 1);
    sqlite3_busy_timeout(st->db, 5000);
    r = exec_sql(st,
                 "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
                 "PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON",
                 "cannot configure database", err);
    if (!r)
        r = store_search_register(st, err);
    if (!r)
        r = store_migrate(st, err);
    if (!r)
        r = store_load_schema(st, err);
out:
    if (r) {
        sync_store_close(st);
        return r;
    }
    *out = st;
    return SYNC_OK;
}

void sync_store_close(struct sync_store *st)
{
    if (!st)
        return;
    for (int i = 0; i < S_COUNT_; i++)
        sqlite3_finalize(st->s[i]);
    for (int i = 0; i < STORE_NET_MAX; i++)
        sqlite3_finalize(st->net[i]);
    for (int i = 0; i < PRIV_COUNT_; i++)
        sqlite3_finalize(st->priv[i]);
    for (size_t i = 0; i < st->n_ts; i++) {
        sqlite3_finalize(st->ts[i].get);
        sqlite3_finalize(st->ts[i].put);
        sqlite3_finalize(st->ts[i].list);
    }
    free(st->ts);
    sync_schema_free(st->schema);
    sqlite3_close_v2(st->db);
    free(st);
}

const struct sync_schema *sync_store_schema(const struct sync_store *st)
{
    return st->schema;
}

int sync_store_version(const struct sync_store *st)
{
    return st->version;
}

enum sync_rc sync_store_begin(struct sync_store *st, struct sync_err *err)
{
    return exec_sql(st, "BEGIN IMMEDIATE", "cannot begin transaction", err);
}

enum sync_rc sync_store_commit(struct sync_store *st, struct sync_err *err)
{
    enum sync_rc rc = exec_sql(st, "COMMIT", "cannot commit", err);
    if (rc)
        sync_store_rollback(st);
    return rc;
}

static enum sync_rc run_stmt(struct sync_store *st, enum stmt which,
                             const char *what, struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = stmt_get(st, which, &s, err);
    return rc ? rc : store_step_done(st, s, what, err);
}

enum sync_rc sync_store_savepoint(struct sync_store *st, struct sync_err *err)
{
    /* SQLite rolls the whole transaction back on some errors (a full
     * disk); a savepoint outside one would commit on its own, breaking
     * the batch's all or none. */
    if (sqlite3_get_autocommit(st->db))
        return sync_err_set(err, SYNC_IO, "cannot start a write: an earlier "
                            "error (a full disk?) undid the transaction");
    return run_stmt(st, S_SAVEPOINT, "cannot start a write", err);
}

enum sync_rc sync_store_release(struct sync_store *st, bool keep,
                                struct sync_err *err)
{
    enum sync_rc rc = SYNC_OK;
    if (!keep)
        rc = run_stmt(st, S_ROLLBACK_TO, "cannot undo a write", err);
    if (!rc)
        rc = run_stmt(st, S_RELEASE, "cannot finish a write", err);
    return rc;
}

void sync_store_rollback(struct sync_store *st)
{
    if (!sqlite3_get_autocommit(st->db))
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

/* ---- node settings ---- */

static enum sync_rc meta_get(struct sync_store *st, const char *k,
                             sqlite3_stmt **out, struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = stmt_get(st, S_META_GET, &s, err);
    if (rc)
        return rc;
    sqlite3_bind_text(s, 1, k, -1, SQLITE_STATIC);
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW) {
        *out = s;
        return SYNC_OK;
    }
    store_stmt_done(s);
    if (r == SQLITE_DONE)
        return sync_err_set(err, SYNC_NOTFOUND, "no setting '%s'", k);
    return store_db_err(st, err, r, "cannot read setting");
}

enum sync_rc sync_store_meta_get_int(struct sync_store *st, const char *k,
                                     int64_t *out, struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = meta_get(st, k, &s, err);
    if (rc)
        return rc;
    *out = sqlite3_column_int64(s, 0);
    store_stmt_done(s);
    return SYNC_OK;
}

enum sync_rc sync_store_meta_get_text(struct sync_store *st, const char *k,
                                      char **out, struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = meta_get(st, k, &s, err);
    if (rc)
        return rc;
    const char *v = (const char *)sqlite3_column_text(s, 0);
    *out = sync_xstrdup(v ? v : "");
    store_stmt_done(s);
    return SYNC_OK;
}

static enum sync_rc meta_set(struct sync_store *st, const char *k,
                             sqlite3_stmt **out, struct sync_err *err)
{
    enum sync_rc rc = stmt_get(st, S_META_SET, out, err);
    if (!rc)
        sqlite3_bind_text(*out, 1, k, -1, SQLITE_STATIC);
    return rc;
}

enum sync_rc sync_store_meta_set_int(struct sync_store *st, const char *k,
                                     int64_t v, struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = meta_set(st, k, &s, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 2, v);
    return store_step_done(st, s, "cannot write setting", err);
}

enum sync_rc sync_store_meta_set_text(struct sync_store *st, const char *k,
                                      const char *v, struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = meta_set(st, k, &s, err);
    if (rc)
        return rc;
    sqlite3_bind_text(s, 2, v, -1, SQLITE_STATIC);
    return store_step_done(st, s, "cannot write setting", err);
}

/* ---- feeds ---- */

void store_copy_blob(uint8_t *dst, size_t len, sqlite3_stmt *s, int col)
{
    const void *p = sqlite3_column_blob(s, col);
    if (p && (size_t)sqlite3_column_bytes(s, col) == len)
        memcpy(dst, p, len);
    else
        memset(dst, 0, len);
}

enum sync_rc sync_store_feed_get(struct sync_store *st, struct sync_feed *out,
                                 const uint8_t *author, int scope, bool create,
                                 struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = stmt_get(st, S_FEED_GET, &s, err);
    if (rc)
        return rc;
    memset(out, 0, sizeof(*out));
    memcpy(out->author, author, SYNC_SIG_PK_LEN);
    out->scope = scope;
    sqlite3_bind_blob(s, 1, author, SYNC_SIG_PK_LEN, SQLITE_STATIC);
    sqlite3_bind_int(s, 2, scope);
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW) {
        out->feed = sqlite3_column_int64(s, 0);
        out->last_seq = (uint64_t)sqlite3_column_int64(s, 1);
        store_copy_blob(out->last_id, sizeof(out->last_id), s, 2);
        out->forked = sqlite3_column_int(s, 3) != 0;
    }
    store_stmt_done(s);
    if (r == SQLITE_ROW)
        return SYNC_OK;
    if (r != SQLITE_DONE)
        return store_db_err(st, err, r, "cannot read feed");
    if (!create)
        return sync_err_set(err, SYNC_NOTFOUND, "no such feed");
    if ((rc = stmt_get(st, S_FEED_NEW, &s, err)))
        return rc;
    sqlite3_bind_blob(s, 1, author, SYNC_SIG_PK_LEN, SQLITE_STATIC);
    sqlite3_bind_int(s, 2, scope);
    if ((rc = store_step_done(st, s, "cannot add feed", err)))
        return rc;
    out->feed = sqlite3_last_insert_rowid(st->db);
    return SYNC_OK;
}

enum sync_rc sync_store_feeds_each(struct sync_store *st,
                                   enum sync_rc (*cb)(const struct sync_feed *,
                                                      void *),
                                   void *payload, struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = stmt_get(st, S_FEEDS_ALL, &s, err);
    int r;
    while (!rc && (r = sqlite3_step(s)) == SQLITE_ROW) {
        struct sync_feed f = {.feed = sqlite3_column_int64(s, 0)};
        store_copy_blob(f.author, sizeof(f.author), s, 1);
        f.scope = sqlite3_column_int(s, 2);
        f.last_seq = (uint64_t)sqlite3_column_int64(s, 3);
        store_copy_blob(f.last_id, sizeof(f.last_id), s, 4);
        f.forked = sqlite3_column_int(s, 5) != 0;
        rc = cb(&f, payload);
    }
    if (!rc && r != SQLITE_DONE)
        rc = store_db_err(st, err, r, "cannot read feeds");
    if (s)
        store_stmt_done(s);
    return rc;
}

enum sync_rc sync_store_feed_fork(struct sync_store *st, int64_t feed,
                                  uint64_t seq, const uint8_t *id_a,
                                  const struct sync_entry *b,
                                  struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = stmt_get(st, S_FEED_FORK, &s, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, feed);
    if ((rc = store_step_done(st, s, "cannot mark fork", err)))
        return rc;
    if ((rc = stmt_get(st, S_FORK_ADD, &s, err)))
        return rc;
    sqlite3_bind_int64(s, 1, feed);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)seq);
    sqlite3_bind_blob(s, 3, id_a, SYNC_HASH_LEN, SQLITE_STATIC);
    sqlite3_bind_blob(s, 4, b->header, (int)b->header_len, SQLITE_STATIC);
    sqlite3_bind_blob(s, 5, b->sig, SYNC_SIG_LEN, SQLITE_STATIC);
    sqlite3_bind_blob(s, 6, b->id, SYNC_HASH_LEN, SQLITE_STATIC);
    return store_step_done(st, s, "cannot record fork", err);
}

/* ---- entries ---- */

enum sync_rc sync_store_entry_known(struct sync_store *st, const uint8_t *id,
                                    bool *out, struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = stmt_get(st, S_ENTRY_KNOWN, &s, err);
    if (rc)
        return rc;
    sqlite3_bind_blob(s, 1, id, SYNC_HASH_LEN, SQLITE_STATIC);
    int r = sqlite3_step(s);
    store_stmt_done(s);
    if (r != SQLITE_ROW && r != SQLITE_DONE)
        return store_db_err(st, err, r, "cannot look up entry");
    *out = r == SQLITE_ROW;
    return SYNC_OK;
}

enum sync_rc sync_store_entry_id_at(struct sync_store *st, int64_t feed,
                                    uint64_t seq, uint8_t *id_out,
                                    struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = stmt_get(st, S_ENTRY_AT, &s, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, feed);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)seq);
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW)
        store_copy_blob(id_out, SYNC_HASH_LEN, s, 0);
    store_stmt_done(s);
    if (r == SQLITE_DONE)
        return sync_err_set(err, SYNC_NOTFOUND, "no entry at seq %llu",
                            (unsigned long long)seq);
    return r == SQLITE_ROW ? SYNC_OK : store_db_err(st, err, r, "cannot read entry");
}

enum sync_rc sync_store_entry_add(struct sync_store *st,
                                  const struct sync_feed *feed,
                                  const struct sync_entry *e, int status,
                                  struct sync_err *err)
{
    char row[SYNC_UUID_TEXT];
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = stmt_get(st, S_ENTRY_ADD, &s, err);
    if (rc)
        return rc;
    sync_uuid_format(row, e->h.row);
    sqlite3_bind_blob(s, 1, e->id, SYNC_HASH_LEN, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, feed->feed);
    sqlite3_bind_int64(s, 3, (sqlite3_int64)e->h.seq);
    sqlite3_bind_int64(s, 4, (sqlite3_int64)e->h.hlc);
    sqlite3_bind_text(s, 5, e->h.table, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 6, row, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 7, e->h.op);
    sqlite3_bind_blob(s, 8, e->header, (int)e->header_len, SQLITE_STATIC);
    sqlite3_bind_blob(s, 9, e->sig, SYNC_SIG_LEN, SQLITE_STATIC);
    sqlite3_bind_int(s, 10, status);
    sqlite3_bind_int64(s, 11, (sqlite3_int64)sync_hlc_wall_ms());
    if ((rc = store_step_done(st, s, "cannot store entry", err)))
        return rc;
    sqlite3_int64 n = sqlite3_last_insert_rowid(st->db);
    if (e->payload) {
        if ((rc = stmt_get(st, S_PAYLOAD_ADD, &s, err)))
            return rc;
        sqlite3_bind_int64(s, 1, n);
        sqlite3_bind_blob(s, 2, e->payload, (int)e->payload_len,
                          SQLITE_STATIC);
        if ((rc = store_step_done(st, s, "cannot store payload", err)))
            return rc;
    }
    if ((rc = stmt_get(st, S_FEED_ADVANCE, &s, err)))
        return rc;
    sqlite3_bind_int64(s, 1, feed->feed);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)e->h.seq);
    sqlite3_bind_blob(s, 3, e->id, SYNC_HASH_LEN, SQLITE_STATIC);
    return store_step_done(st, s, "cannot advance feed", err);
}

enum sync_rc sync_store_entry_clock(struct sync_store *st, const uint8_t *id,
                                    uint64_t *hlc_out, uint8_t *author_out,
                                    struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = stmt_get(st, S_ENTRY_CLOCK, &s, err);
    if (rc)
        return rc;
    sqlite3_bind_blob(s, 1, id, SYNC_HASH_LEN, SQLITE_STATIC);
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW) {
        *hlc_out = (uint64_t)sqlite3_column_int64(s, 0);
        store_copy_blob(author_out, SYNC_SIG_PK_LEN, s, 1);
    }
    store_stmt_done(s);
    if (r == SQLITE_DONE)
        return sync_err_set(err, SYNC_NOTFOUND, "unknown entry");
    return r == SQLITE_ROW ? SYNC_OK : store_db_err(st, err, r, "cannot read entry");
}

enum sync_rc store_walk_entries(struct sync_store *st, sqlite3_stmt *s,
                                 sync_store_entry_cb cb, void *payload,
                                 struct sync_err *err)
{
    enum sync_rc rc = SYNC_OK;
    int r;
    while (!rc && (r = sqlite3_step(s)) == SQLITE_ROW) {
        struct sync_stored e = {
            .n = sqlite3_column_int64(s, 0),
            .id = sqlite3_column_blob(s, 1),
            .author = sqlite3_column_blob(s, 2),
            .scope = sqlite3_column_int(s, 3),
            .seq = (uint64_t)sqlite3_column_int64(s, 4),
            .hlc = (uint64_t)sqlite3_column_int64(s, 5),
            .header = sqlite3_column_blob(s, 6),
            .header_len = (size_t)sqlite3_column_bytes(s, 6),
            .sig = sqlite3_column_blob(s, 7),
            .sig_len = (size_t)sqlite3_column_bytes(s, 7),
            .payload = sqlite3_column_blob(s, 8),
            .payload_len = (size_t)sqlite3_column_bytes(s, 8),
            .status = sqlite3_column_int(s, 9),
            .arrived = sqlite3_column_int64(s, 10),
            .table = (const char *)sqlite3_column_text(s, 11),
            .row_id = (const char *)sqlite3_column_text(s, 12),
            .op = sqlite3_column_int(s, 13),
        };
        if (sqlite3_column_bytes(s, 1) != SYNC_HASH_LEN ||
            sqlite3_column_bytes(s, 2) != SYNC_SIG_PK_LEN || !e.table ||
            !e.row_id) {
            rc = sync_err_set(err, SYNC_DB, "entry %lld is damaged",
                              (long long)e.n);
            break;
        }
        rc = cb(&e, payload);
    }
    if (!rc && r != SQLITE_DONE)
        rc = store_db_err(st, err, r, "cannot read entries");
    store_stmt_done(s);
    return rc;
}

enum sync_rc sync_store_entries_each(struct sync_store *st,
                                     sync_store_entry_cb cb, void *payload,
                                     struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = stmt_get(st, S_ENTRIES_ALL, &s, err);
    return rc ? rc : store_walk_entries(st, s, cb, payload, err);
}

enum sync_rc sync_store_row_entries(struct sync_store *st, const char *table,
                                    const char *row_id,
                                    sync_store_entry_cb cb, void *payload,
                                    struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = stmt_get(st, S_ROW_ENTRIES, &s, err);
    if (rc)
        return rc;
    sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, row_id, -1, SQLITE_STATIC);
    return store_walk_entries(st, s, cb, payload, err);
}

enum sync_rc sync_store_feed_entries(struct sync_store *st, int64_t feed,
                                    sync_store_entry_cb cb, void *payload,
                                    struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = stmt_get(st, S_FEED_ENTRIES, &s, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, feed);
    return store_walk_entries(st, s, cb, payload, err);
}

enum sync_rc sync_store_reject(struct sync_store *st,
                               const struct sync_entry *e, const char *reason,
                               struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = stmt_get(st, S_REJECT, &s, err);
    if (rc)
        return rc;
    sqlite3_bind_blob(s, 1, e->id, SYNC_HASH_LEN, SQLITE_STATIC);
    sqlite3_bind_blob(s, 2, e->h.author, SYNC_SIG_PK_LEN, SQLITE_STATIC);
    sqlite3_bind_int(s, 3, e->h.scope);
    sqlite3_bind_int64(s, 4, (sqlite3_int64)e->h.seq);
    sqlite3_bind_blob(s, 5, e->header, (int)e->header_len, SQLITE_STATIC);
    sqlite3_bind_blob(s, 6, e->sig, SYNC_SIG_LEN, SQLITE_STATIC);
    if (e->payload)
        sqlite3_bind_blob(s, 7, e->payload, (int)e->payload_len,
                          SQLITE_STATIC);
    sqlite3_bind_text(s, 8, reason, -1, SQLITE_STATIC);
    char row[SYNC_UUID_TEXT];
    sync_uuid_format(row, e->h.row);
    sqlite3_bind_text(s, 9, e->h.table, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 10, row, -1, SQLITE_STATIC);
    if ((rc = store_step_done(st, s, "cannot record rejected entry", err)) ||
        (rc = stmt_get(st, S_REJECTED_PRUNE, &s, err)))
        return rc;
    sqlite3_bind_int64(s, 1, SYNC_LIMIT_REJECTED_ROWS);
    return store_step_done(st, s, "cannot prune rejected entries", err);
}

enum sync_rc sync_store_count(struct sync_store *st, const char *what,
                              int64_t *out, struct sync_err *err)
{
    static const char *const allowed[] = {"entry", "rejected", "fork",
                                          "conflict", "feed", "member"};
    char sql[64];
    size_t i = 0;
    while (i < sizeof(allowed) / sizeof(allowed[0]) &&
           strcmp(allowed[i], what) != 0)
        i++;
    if (i == sizeof(allowed) / sizeof(allowed[0]))
        return sync_err_set(err, SYNC_INVALID, "cannot count '%s'", what);
    snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", allowed[i]);
    sqlite3_stmt *s = NULL;
    int r = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
    if (r == SQLITE_OK && (r = sqlite3_step(s)) == SQLITE_ROW)
        *out = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return r == SQLITE_ROW ? SYNC_OK : store_db_err(st, err, r, "cannot count");
}

/* ---- conflicts and members ---- */

static void bind_value(sqlite3_stmt *s, int i, const struct sync_value *v)
{
    if (v->kind == SYNC_V_INT)
        sqlite3_bind_int64(s, i, v->i);
    else if (v->kind == SYNC_V_TEXT)
        sqlite3_bind_text(s, i, v->s, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(s, i);
}

enum sync_rc sync_store_conflicts_set(struct sync_store *st, const char *table,
                                      const char *row_id, const char *field,
                                      const struct sync_loser *losers,
                                      size_t n, struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = stmt_get(st, S_CONFLICT_DEL, &s, err);
    if (rc)
        return rc;
    sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, row_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, field, -1, SQLITE_STATIC);
    if ((rc = store_step_done(st, s, "cannot update conflicts", err)))
        return rc;
    for (size_t i = 0; i < n && !rc; i++) {
        if ((rc = stmt_get(st, S_CONFLICT_ADD, &s, err)))
            break;
        sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, row_id, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 3, field, -1, SQLITE_STATIC);
        sqlite3_bind_blob(s, 4, losers[i].id, SYNC_HASH_LEN, SQLITE_STATIC);
        bind_value(s, 5, &losers[i].v);
        sqlite3_bind_int64(s, 6, (sqlite3_int64)losers[i].hlc);
        sqlite3_bind_blob(s, 7, losers[i].author, SYNC_SIG_PK_LEN,
                          SQLITE_STATIC);
        rc = store_step_done(st, s, "cannot record conflict", err);
    }
    return rc;
}

enum sync_rc sync_store_rejected_each(struct sync_store *st, int64_t limit,
                                      sync_store_problem_cb cb, void *payload,
                                      struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = stmt_get(st, S_REJECTED_LAST, &s, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, limit);
    int r;
    while (!rc && (r = sqlite3_step(s)) == SQLITE_ROW) {
        struct sync_problem p = {
            .scope = sqlite3_column_int(s, 2),
            .seq = (uint64_t)sqlite3_column_int64(s, 3),
            .reason = (const char *)sqlite3_column_text(s, 4),
            .at = sqlite3_column_int64(s, 5),
        };
        store_copy_blob(p.id, SYNC_HASH_LEN, s, 0);
        store_copy_blob(p.author, SYNC_SIG_PK_LEN, s, 1);
        rc = cb(&p, payload);
    }
    if (!rc && r != SQLITE_DONE)
        rc = store_db_err(st, err, r, "cannot read rejected entries");
    store_stmt_done(s);
    return rc;
}

enum sync_rc sync_store_forks_each(struct sync_store *st,
                                   sync_store_problem_cb cb, void *payload,
                                   struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = stmt_get(st, S_FORKS_ALL, &s, err);
    if (rc)
        return rc;
    int r;
    while (!rc && (r = sqlite3_step(s)) == SQLITE_ROW) {
        struct sync_problem p = {
            .scope = sqlite3_column_int(s, 1),
            .seq = (uint64_t)sqlite3_column_int64(s, 2),
            .reason = "fork",
            .at = sqlite3_column_int64(s, 5),
        };
        store_copy_blob(p.author, SYNC_SIG_PK_LEN, s, 0);
        store_copy_blob(p.id, SYNC_HASH_LEN, s, 3);
        store_copy_blob(p.other, SYNC_HASH_LEN, s, 4);
        rc = cb(&p, payload);
    }
    if (!rc && r != SQLITE_DONE)
        rc = store_db_err(st, err, r, "cannot read forks");
    store_stmt_done(s);
    return rc;
}

enum sync_rc sync_store_conflicts_each(struct sync_store *st,
                                       sync_store_conflict_cb cb,
                                       void *payload, struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = stmt_get(st, S_CONFLICTS_ALL, &s, err);
    if (rc)
        return rc;
    int r;
    while (!rc && (r = sqlite3_step(s)) == SQLITE_ROW) {
        struct sync_conflict c = {
            .table = (const char *)sqlite3_column_text(s, 0),
            .row_id = (const char *)sqlite3_column_text(s, 1),
            .field = (const char *)sqlite3_column_text(s, 2),
            .hlc = (uint64_t)sqlite3_column_int64(s, 5),
        };
        store_copy_blob(c.loser.id, SYNC_HASH_LEN, s, 3);
        store_copy_blob(c.loser.author, SYNC_SIG_PK_LEN, s, 6);
        c.loser.hlc = c.hlc;
        if (sqlite3_column_type(s, 4) == SQLITE_INTEGER) {
            c.loser.v.kind = SYNC_V_INT;
            c.loser.v.i = sqlite3_column_int64(s, 4);
        } else if (sqlite3_column_type(s, 4) != SQLITE_NULL) {
            c.loser.v.kind = SYNC_V_TEXT;
            c.loser.v.s = (char *)sqlite3_column_text(s, 4);
        }
        rc = cb(&c, payload);
    }
    if (!rc && r != SQLITE_DONE)
        rc = store_db_err(st, err, r, "cannot read conflicts");
    store_stmt_done(s);
    return rc;
}

enum sync_rc sync_store_member_put(struct sync_store *st, const uint8_t *key,
                                   const char *org, const char *role,
                                   const char *status, struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = stmt_get(st, S_MEMBER_PUT, &s, err);
    if (rc)
        return rc;
    sqlite3_bind_blob(s, 1, key, SYNC_SIG_PK_LEN, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, org, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, role, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 4, status, -1, SQLITE_STATIC);
    return store_step_done(st, s, "cannot record member", err);
}

enum sync_rc sync_store_member_get(struct sync_store *st, const uint8_t *key,
                                   char **org_out, bool *active_out,
                                   struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = stmt_get(st, S_MEMBER_GET, &s, err);
    if (rc)
        return rc;
    sqlite3_bind_blob(s, 1, key, SYNC_SIG_PK_LEN, SQLITE_STATIC);
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW) {
        *org_out = sync_xstrdup((const char *)sqlite3_column_text(s, 0));
        *active_out =
            strcmp((const char *)sqlite3_column_text(s, 1), "active") == 0;
    }
    store_stmt_done(s);
    if (r == SQLITE_DONE)
        return sync_err_set(err, SYNC_NOTFOUND, "key is not a member");
    return r == SQLITE_ROW ? SYNC_OK
                           : store_db_err(st, err, r, "cannot read member");
}

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
        rc = sync_buf_addf(b, "%s%s = excluded.%s", i > 1 ? ", " : "", col,
                           col);
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
                        : op == T_PUT   ? &st->ts[i].put
                                        : &st->ts[i].list;
    if (*slot) {
        *out = *slot;
        return SYNC_OK;
    }
    struct sync_buf b;
    sync_buf_init(&b, 16 * 1024);
    enum sync_rc rc = op == T_PUT ? build_put(&b, t) : build_get(&b, t,
                                                                 op == T_LIST);
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
        while (j < k && memcmp(ids + j * SYNC_HASH_LEN, r->f[i].ver,
                               SYNC_HASH_LEN) != 0)
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
        rc = sync_err_set(err, SYNC_NOTFOUND, "no %s with id '%s'", t->name,
                          id);
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
        bind_value(s, (int)i + 1, f ? &f->v : &null_value);
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
    enum sync_rc rc = stmt_get(st, S_CONFLICTS_ROW_DEL, &s, err);
    if (rc)
        return rc;
    sqlite3_bind_text(s, 1, t->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, id, -1, SQLITE_STATIC);
    return store_step_done(st, s, "cannot drop conflicts of row", err);
}

enum sync_rc sync_store_rows_each(struct sync_store *st,
                                  const struct sync_tdef *t, bool deleted,
                                  sync_store_row_cb cb, void *payload,
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
