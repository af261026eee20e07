/* SPDX-License-Identifier: MIT */
/*
 * store: the SQLite boundary: opening and migrating the database,
 * transactions, node settings, and the statements of store*.c. Static
 * statements are listed once in stmt_sql[] and prepared on first use with
 * SQLITE_PREPARE_PERSISTENT. SQLite error text is copied into err at once.
 * The rest of the module: store_log.c (feeds, entries, conflicts),
 * store_rows.c (domain rows), store_net.c (federation), store_priv.c
 * (privacy and audit), store_admin.c (accounts, counts), store_search.c.
 */
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "spona/buf.h"
#include "spona/hlc.h"
#include "spona/mem.h"
#include "msg.h"
#include "schema_sql.h"
#include "store_int.h"

#include "spona/banned.h"

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
    [S_FORK_ADD] =
        "INSERT OR IGNORE INTO fork (feed, seq, id_a, header_b, "
        "sig_b, id_b, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
        "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER))",
    [S_ENTRY_KNOWN] = "SELECT status FROM entry WHERE id = ?1",
    [S_ENTRY_AT] = "SELECT id FROM entry WHERE feed = ?1 AND seq = ?2",
    [S_ENTRY_ADD] = "INSERT INTO entry (id, feed, seq, hlc, tbl, row_id, op, "
                    "header, sig, status, arrived) VALUES (?1, ?2, ?3, ?4, "
                    "?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    [S_PAYLOAD_ADD] = "INSERT INTO payload (n, body) VALUES (?1, ?2)",
    [S_ENTRY_CLOCK] = "SELECT e.hlc, f.author FROM entry e "
                      "JOIN feed f ON f.feed = e.feed WHERE e.id = ?1",
    [S_ENTRIES_ALL] = ENTRY_COLS "ORDER BY e.n",
    [S_ROW_ENTRIES] =
        ENTRY_COLS "WHERE e.tbl = ?1 AND e.row_id = ?2 AND "
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
                        "FROM conflict WHERE ?1 IS NULL OR (tbl = ?1 AND "
                        "row_id = ?2) ORDER BY tbl, row_id, field, loser",
    [S_WITHHELD_ADD] = "INSERT OR REPLACE INTO withheld (n, via, at) SELECT "
                       "n, ?2, ?3 FROM entry WHERE id = ?1",
    [S_WITHHELD_DEL] =
        "DELETE FROM withheld WHERE n = (SELECT n FROM entry WHERE id = ?1)",
    [S_ENTRY_STATUS_SET] = "UPDATE entry SET status = ?2 WHERE id = ?1",
    [S_PAYLOAD_DEL] =
        "DELETE FROM payload WHERE n = (SELECT n FROM entry WHERE id = ?1)",
    [S_PAYLOAD_FILL] = "INSERT OR REPLACE INTO payload (n, body) SELECT n, ?2 "
                       "FROM entry WHERE id = ?1",
    [S_FORK_PROOFS] =
        "SELECT f.author, f.scope, k.seq, k.id_a, k.header_b, k.sig_b, "
        "k.id_b, (SELECT id FROM entry WHERE feed = k.feed AND seq = k.seq) "
        "FROM fork k JOIN feed f ON f.feed = k.feed ORDER BY k.feed, k.seq",
    [S_WITHHELD_ALL] =
        "SELECT e.id, f.author, f.scope, e.seq, e.tbl, e.row_id, w.via, w.at "
        "FROM withheld w JOIN entry e ON e.n = w.n JOIN feed f ON "
        "f.feed = e.feed ORDER BY w.n LIMIT ?1",
    [S_MEMBER_PUT] = "INSERT INTO member (key, org, role, status) "
                     "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (key) DO UPDATE "
                     "SET org = excluded.org, role = excluded.role, "
                     "status = excluded.status",
    [S_MEMBER_GET] = "SELECT org, status FROM member WHERE key = ?1",
};

enum sync_rc store_db_err(struct sync_store *st, struct sync_err *err, int rc,
                          const char *what)
{
    int prim = rc & 0xff;
    enum sync_rc code =
        prim == SQLITE_FULL || prim == SQLITE_IOERR || prim == SQLITE_CANTOPEN
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
    return rc == SQLITE_OK
               ? SYNC_OK
               : store_db_err(st, err, rc, "cannot prepare statement");
}

enum sync_rc store_stmt_get(struct sync_store *st, enum store_stmt which,
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
    enum sync_rc out =
        sync_err_set(err, (rc & 0xff) == SQLITE_FULL ? SYNC_IO : SYNC_DB,
                     "%s: %s", what, msg ? msg : sqlite3_errstr(rc));
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
        st->db,
        "SELECT dom, value, label_bs, label_en FROM meta_enum "
        "ORDER BY dom, pos",
        -1, &s, NULL);
    if (rc != SQLITE_OK)
        return store_db_err(st, err, rc, "cannot read enumerations");
    while ((rc = sqlite3_step(s)) == SQLITE_ROW)
        sync_schema_add_enum(st->schema,
                             (const char *)sqlite3_column_text(s, 0),
                             (const char *)sqlite3_column_text(s, 1),
                             (const char *)sqlite3_column_text(s, 2),
                             (const char *)sqlite3_column_text(s, 3));
    sqlite3_finalize(s);
    return rc == SQLITE_DONE
               ? SYNC_OK
               : store_db_err(st, err, rc, "cannot read enumerations");
}

static enum sync_rc load_labels(struct sync_store *st, struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(st->db,
                                "SELECT kind, dom, key, lang, label FROM "
                                "meta_label ORDER BY rowid",
                                -1, &s, NULL);
    if (rc != SQLITE_OK)
        return store_db_err(st, err, rc, "cannot read labels");
    while ((rc = sqlite3_step(s)) == SQLITE_ROW)
        sync_schema_add_label(
            st->schema,
            strcmp((const char *)sqlite3_column_text(s, 0), "field") == 0,
            (const char *)sqlite3_column_text(s, 1),
            (const char *)sqlite3_column_text(s, 2),
            (const char *)sqlite3_column_text(s, 3),
            (const char *)sqlite3_column_text(s, 4));
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? SYNC_OK
                             : store_db_err(st, err, rc, "cannot read labels");
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
        out = sync_schema_add_field(
            st->schema, (const char *)sqlite3_column_text(s, 0), &def,
            (const char *)sqlite3_column_text(s, 2),
            (const char *)sqlite3_column_text(s, 7), err);
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
    if (!rc)
        rc = load_labels(st, err);
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
    for (int i = 0; i < WIT_COUNT_; i++)
        sqlite3_finalize(st->wit[i]);
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

static enum sync_rc run_stmt(struct sync_store *st, enum store_stmt which,
                             const char *what, struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = store_stmt_get(st, which, &s, err);
    return rc ? rc : store_step_done(st, s, what, err);
}

enum sync_rc sync_store_savepoint(struct sync_store *st, struct sync_err *err)
{
    /* SQLite rolls the whole transaction back on some errors (a full
     * disk); a savepoint outside one would commit on its own, breaking
     * the batch's all or none. */
    if (sqlite3_get_autocommit(st->db))
        return sync_err_set(err, SYNC_IO,
                            "cannot start a write: an earlier "
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

bool sync_store_in_tx(const struct sync_store *st)
{
    return !sqlite3_get_autocommit(st->db);
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
    enum sync_rc rc = store_stmt_get(st, S_META_GET, &s, err);
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
    enum sync_rc rc = store_stmt_get(st, S_META_SET, out, err);
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
