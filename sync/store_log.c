/* SPDX-License-Identifier: MIT */
/*
 * store_log: the signed log as tables: feeds and their positions, entries
 * and payloads, rejected entries and fork proofs, conflicts, and the
 * member rows the engine checks on every entry.
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
    enum sync_rc rc = store_stmt_get(st, S_FEED_GET, &s, err);
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
    if ((rc = store_stmt_get(st, S_FEED_NEW, &s, err)))
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
    enum sync_rc rc = store_stmt_get(st, S_FEEDS_ALL, &s, err);
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
    enum sync_rc rc = store_stmt_get(st, S_FEED_FORK, &s, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, feed);
    if ((rc = store_step_done(st, s, "cannot mark fork", err)))
        return rc;
    if ((rc = store_stmt_get(st, S_FORK_ADD, &s, err)))
        return rc;
    sqlite3_bind_int64(s, 1, feed);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)seq);
    sqlite3_bind_blob(s, 3, id_a, SYNC_HASH_LEN, SQLITE_STATIC);
    sqlite3_bind_blob(s, 4, b->header, (int)b->header_len, SQLITE_STATIC);
    sqlite3_bind_blob(s, 5, b->sig, SYNC_SIG_LEN, SQLITE_STATIC);
    sqlite3_bind_blob(s, 6, b->id, SYNC_HASH_LEN, SQLITE_STATIC);
    return store_step_done(st, s, "cannot record fork", err);
}

enum sync_rc sync_store_fork_proofs_each(
    struct sync_store *st,
    enum sync_rc (*cb)(const struct store_fork_proof *p, void *payload),
    void *payload, struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = store_stmt_get(st, S_FORK_PROOFS, &s, err);
    if (rc)
        return rc;
    int r;
    while (!rc && (r = sqlite3_step(s)) == SQLITE_ROW) {
        bool ok = sqlite3_column_bytes(s, 0) == SYNC_SIG_PK_LEN &&
                  sqlite3_column_bytes(s, 3) == SYNC_HASH_LEN &&
                  sqlite3_column_bytes(s, 6) == SYNC_HASH_LEN;
        struct store_fork_proof p = {
            .author = sqlite3_column_blob(s, 0),
            .scope = sqlite3_column_int(s, 1),
            .seq = (uint64_t)sqlite3_column_int64(s, 2),
            .id_a = sqlite3_column_blob(s, 3),
            .header_b = sqlite3_column_blob(s, 4),
            .header_b_len = (size_t)sqlite3_column_bytes(s, 4),
            .sig_b = sqlite3_column_blob(s, 5),
            .sig_b_len = (size_t)sqlite3_column_bytes(s, 5),
            .id_b = sqlite3_column_blob(s, 6),
            .held = sqlite3_column_bytes(s, 7) == SYNC_HASH_LEN
                        ? sqlite3_column_blob(s, 7)
                        : NULL};
        rc = ok ? cb(&p, payload)
                : sync_err_set(err, SYNC_BADSIG,
                               "a fork proof is damaged (seq %llu)",
                               (unsigned long long)p.seq);
    }
    if (!rc && r != SQLITE_DONE)
        rc = store_db_err(st, err, r, "cannot read fork proofs");
    store_stmt_done(s);
    return rc;
}

enum sync_rc sync_store_feed_reopen(struct sync_store *st, int64_t feed,
                                    uint64_t from, struct sync_err *err)
{
    /* Rare (one run of 'spona recover'): statements made for the call. */
    static const char *const sql[] = {
        "DELETE FROM payload WHERE n IN (SELECT n FROM entry WHERE feed = ?1 "
        "AND seq >= ?2)",
        "DELETE FROM withheld WHERE n IN (SELECT n FROM entry WHERE feed = "
        "?1 AND seq >= ?2)",
        "DELETE FROM entry WHERE feed = ?1 AND seq >= ?2",
        "DELETE FROM fork WHERE feed = ?1 AND ?2 >= 0",
        "UPDATE feed SET forked = 0, last_seq = ?2 - 1, last_id = (SELECT id "
        "FROM entry WHERE feed = ?1 AND seq = ?2 - 1) WHERE feed = ?1",
    };
    enum sync_rc rc = SYNC_OK;
    if (from < 1 || from > INT64_MAX)
        return sync_err_set(err, SYNC_INVALID, "no seq %llu to reopen at",
                            (unsigned long long)from);
    for (size_t i = 0; !rc && i < sizeof(sql) / sizeof(sql[0]); i++) {
        sqlite3_stmt *s = NULL;
        int r = sqlite3_prepare_v2(st->db, sql[i], -1, &s, NULL);
        if (r == SQLITE_OK) {
            sqlite3_bind_int64(s, 1, feed);
            sqlite3_bind_int64(s, 2, (sqlite3_int64)from);
            r = sqlite3_step(s);
        }
        if (r != SQLITE_DONE)
            rc = store_db_err(st, err, r, "cannot reopen a forked feed");
        sqlite3_finalize(s);
    }
    return rc;
}

/* ---- entries ---- */

enum sync_rc sync_store_entry_status(struct sync_store *st, const uint8_t *id,
                                     int *out, struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = store_stmt_get(st, S_ENTRY_KNOWN, &s, err);
    if (rc)
        return rc;
    sqlite3_bind_blob(s, 1, id, SYNC_HASH_LEN, SQLITE_STATIC);
    int r = sqlite3_step(s);
    *out = r == SQLITE_ROW ? sqlite3_column_int(s, 0) : -1;
    store_stmt_done(s);
    if (r != SQLITE_ROW && r != SQLITE_DONE)
        return store_db_err(st, err, r, "cannot look up entry");
    return SYNC_OK;
}

/* Runs a statement of store.c bound to an entry id (and an integer). */
static enum sync_rc by_id(struct sync_store *st, enum store_stmt which,
                          const uint8_t *id, int64_t i, const char *what,
                          struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = store_stmt_get(st, which, &s, err);
    if (rc)
        return rc;
    sqlite3_bind_blob(s, 1, id, SYNC_HASH_LEN, SQLITE_STATIC);
    if (sqlite3_bind_parameter_count(s) >= 2)
        sqlite3_bind_int64(s, 2, i);
    return store_step_done(st, s, what, err);
}

enum sync_rc sync_store_withheld_add(struct sync_store *st, const uint8_t *id,
                                     const uint8_t *via, int64_t at,
                                     struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = store_stmt_get(st, S_WITHHELD_ADD, &s, err);
    if (rc)
        return rc;
    sqlite3_bind_blob(s, 1, id, SYNC_HASH_LEN, SQLITE_STATIC);
    if (via)
        sqlite3_bind_blob(s, 2, via, SYNC_SIG_PK_LEN, SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, at);
    return store_step_done(st, s, "cannot record a withheld payload", err);
}

enum sync_rc sync_store_withheld_fill(struct sync_store *st,
                                      const struct sync_entry *e, int status,
                                      struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = by_id(st, S_WITHHELD_DEL, e->id, 0,
                            "cannot clear a withheld payload", err);
    if (!rc)
        rc = by_id(st, S_ENTRY_STATUS_SET, e->id, status,
                   "cannot record entry status", err);
    if (rc || !e->payload)
        return rc;
    if ((rc = store_stmt_get(st, S_PAYLOAD_FILL, &s, err)))
        return rc;
    sqlite3_bind_blob(s, 1, e->id, SYNC_HASH_LEN, SQLITE_STATIC);
    sqlite3_bind_blob(s, 2, e->payload, (int)e->payload_len, SQLITE_STATIC);
    return store_step_done(st, s, "cannot store payload", err);
}

enum sync_rc sync_store_withheld_each(
    struct sync_store *st, int limit,
    enum sync_rc (*cb)(const struct sync_withheld *w, void *payload),
    void *payload, struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = store_stmt_get(st, S_WITHHELD_ALL, &s, err);
    if (rc)
        return rc;
    sqlite3_bind_int(s, 1, limit);
    int r;
    while (!rc && (r = sqlite3_step(s)) == SQLITE_ROW) {
        struct sync_withheld w;
        memset(&w, 0, sizeof(w));
        store_copy_blob(w.id, sizeof(w.id), s, 0);
        store_copy_blob(w.author, sizeof(w.author), s, 1);
        w.scope = sqlite3_column_int(s, 2);
        w.seq = (uint64_t)sqlite3_column_int64(s, 3);
        snprintf(w.table, sizeof(w.table), "%s",
                 (const char *)sqlite3_column_text(s, 4));
        snprintf(w.row_id, sizeof(w.row_id), "%s",
                 (const char *)sqlite3_column_text(s, 5));
        w.has_via = sqlite3_column_type(s, 6) == SQLITE_BLOB;
        if (w.has_via)
            store_copy_blob(w.via, sizeof(w.via), s, 6);
        w.at = sqlite3_column_int64(s, 7);
        rc = cb(&w, payload);
    }
    if (!rc && r != SQLITE_DONE)
        rc = store_db_err(st, err, r, "cannot read withheld entries");
    store_stmt_done(s);
    return rc;
}

enum sync_rc sync_store_payload_drop(struct sync_store *st, const uint8_t *id,
                                     struct sync_err *err)
{
    return by_id(st, S_PAYLOAD_DEL, id, 0, "cannot drop payload", err);
}

enum sync_rc sync_store_entry_id_at(struct sync_store *st, int64_t feed,
                                    uint64_t seq, uint8_t *id_out,
                                    struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = store_stmt_get(st, S_ENTRY_AT, &s, err);
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
    return r == SQLITE_ROW ? SYNC_OK
                           : store_db_err(st, err, r, "cannot read entry");
}

enum sync_rc sync_store_entry_add(struct sync_store *st,
                                  const struct sync_feed *feed,
                                  const struct sync_entry *e, int status,
                                  struct sync_err *err)
{
    char row[SYNC_UUID_TEXT];
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = store_stmt_get(st, S_ENTRY_ADD, &s, err);
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
        if ((rc = store_stmt_get(st, S_PAYLOAD_ADD, &s, err)))
            return rc;
        sqlite3_bind_int64(s, 1, n);
        sqlite3_bind_blob(s, 2, e->payload, (int)e->payload_len, SQLITE_STATIC);
        if ((rc = store_step_done(st, s, "cannot store payload", err)))
            return rc;
    }
    if ((rc = store_stmt_get(st, S_FEED_ADVANCE, &s, err)))
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
    enum sync_rc rc = store_stmt_get(st, S_ENTRY_CLOCK, &s, err);
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
    return r == SQLITE_ROW ? SYNC_OK
                           : store_db_err(st, err, r, "cannot read entry");
}

enum sync_rc store_walk_entries(struct sync_store *st, sqlite3_stmt *s,
                                sync_entry_cb cb, void *payload,
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

enum sync_rc sync_store_entries_each(struct sync_store *st, sync_entry_cb cb,
                                     void *payload, struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = store_stmt_get(st, S_ENTRIES_ALL, &s, err);
    return rc ? rc : store_walk_entries(st, s, cb, payload, err);
}

enum sync_rc sync_store_row_entries(struct sync_store *st, const char *table,
                                    const char *row_id, sync_entry_cb cb,
                                    void *payload, struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = store_stmt_get(st, S_ROW_ENTRIES, &s, err);
    if (rc)
        return rc;
    sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, row_id, -1, SQLITE_STATIC);
    return store_walk_entries(st, s, cb, payload, err);
}

enum sync_rc sync_store_feed_entries(struct sync_store *st, int64_t feed,
                                     sync_entry_cb cb, void *payload,
                                     struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = store_stmt_get(st, S_FEED_ENTRIES, &s, err);
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
    enum sync_rc rc = store_stmt_get(st, S_REJECT, &s, err);
    if (rc)
        return rc;
    sqlite3_bind_blob(s, 1, e->id, SYNC_HASH_LEN, SQLITE_STATIC);
    sqlite3_bind_blob(s, 2, e->h.author, SYNC_SIG_PK_LEN, SQLITE_STATIC);
    sqlite3_bind_int(s, 3, e->h.scope);
    sqlite3_bind_int64(s, 4, (sqlite3_int64)e->h.seq);
    sqlite3_bind_blob(s, 5, e->header, (int)e->header_len, SQLITE_STATIC);
    sqlite3_bind_blob(s, 6, e->sig, SYNC_SIG_LEN, SQLITE_STATIC);
    if (e->payload)
        sqlite3_bind_blob(s, 7, e->payload, (int)e->payload_len, SQLITE_STATIC);
    sqlite3_bind_text(s, 8, reason, -1, SQLITE_STATIC);
    char row[SYNC_UUID_TEXT];
    sync_uuid_format(row, e->h.row);
    sqlite3_bind_text(s, 9, e->h.table, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 10, row, -1, SQLITE_STATIC);
    if ((rc = store_step_done(st, s, "cannot record rejected entry", err)) ||
        (rc = store_stmt_get(st, S_REJECTED_PRUNE, &s, err)))
        return rc;
    sqlite3_bind_int64(s, 1, SYNC_LIMIT_REJECTED_ROWS);
    return store_step_done(st, s, "cannot prune rejected entries", err);
}

enum sync_rc sync_store_count(struct sync_store *st, const char *what,
                              int64_t *out, struct sync_err *err)
{
    static const char *const allowed[] = {"entry",    "rejected", "fork",
                                          "conflict", "feed",     "member",
                                          "withheld", "evidence"};
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

void store_bind_value(sqlite3_stmt *s, int i, const struct sync_value *v)
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
                                      const struct sync_loser *losers, size_t n,
                                      struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = store_stmt_get(st, S_CONFLICT_DEL, &s, err);
    if (rc)
        return rc;
    sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, row_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, field, -1, SQLITE_STATIC);
    if ((rc = store_step_done(st, s, "cannot update conflicts", err)))
        return rc;
    for (size_t i = 0; i < n && !rc; i++) {
        if ((rc = store_stmt_get(st, S_CONFLICT_ADD, &s, err)))
            break;
        sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, row_id, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 3, field, -1, SQLITE_STATIC);
        sqlite3_bind_blob(s, 4, losers[i].id, SYNC_HASH_LEN, SQLITE_STATIC);
        store_bind_value(s, 5, &losers[i].v);
        sqlite3_bind_int64(s, 6, (sqlite3_int64)losers[i].hlc);
        sqlite3_bind_blob(s, 7, losers[i].author, SYNC_SIG_PK_LEN,
                          SQLITE_STATIC);
        rc = store_step_done(st, s, "cannot record conflict", err);
    }
    return rc;
}

enum sync_rc sync_store_rejected_each(struct sync_store *st, int64_t limit,
                                      sync_problem_cb cb, void *payload,
                                      struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = store_stmt_get(st, S_REJECTED_LAST, &s, err);
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

enum sync_rc sync_store_forks_each(struct sync_store *st, sync_problem_cb cb,
                                   void *payload, struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = store_stmt_get(st, S_FORKS_ALL, &s, err);
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

enum sync_rc sync_store_conflicts_each(struct sync_store *st, const char *table,
                                       const char *row_id, sync_conflict_cb cb,
                                       void *payload, struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = store_stmt_get(st, S_CONFLICTS_ALL, &s, err);
    if (rc)
        return rc;
    if (table) {
        sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, row_id, -1, SQLITE_STATIC);
    }
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
    enum sync_rc rc = store_stmt_get(st, S_MEMBER_PUT, &s, err);
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
    enum sync_rc rc = store_stmt_get(st, S_MEMBER_GET, &s, err);
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
