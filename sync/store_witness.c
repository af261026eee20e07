/* SPDX-License-Identifier: MIT */
/*
 * store_witness: the tables of checkpoints and kept receipts
 * (docs/PROTOCOL.md §13): checkpoints applied, the heads a checkpoint
 * committed to, evidence found against a hub, receipts kept. None is on
 * the hot path of a pull or a write: statements are prepared per call.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spona/mem.h"
#include "store_int.h"

#include "spona/banned.h"

static enum sync_rc prep(struct sync_store *st, sqlite3_stmt **s,
                         const char *sql, struct sync_err *err)
{
    int r = sqlite3_prepare_v2(st->db, sql, -1, s, NULL);
    return r == SQLITE_OK ? SYNC_OK
                          : store_db_err(st, err, r, "cannot prepare");
}

/* Steps a statement to its end, then finalizes it. */
static enum sync_rc done(struct sync_store *st, sqlite3_stmt *s,
                         const char *what, struct sync_err *err)
{
    int r = sqlite3_step(s);
    sqlite3_finalize(s);
    return r == SQLITE_DONE ? SYNC_OK : store_db_err(st, err, r, what);
}

static void blob(sqlite3_stmt *s, int i, const void *p, size_t len)
{
    sqlite3_bind_blob(s, i, p, (int)len, SQLITE_STATIC);
}

/* Reads heads (author, scope, seq, id) from the rows of s. */
static enum sync_rc heads_from(struct sync_store *st, sqlite3_stmt *s,
                               struct sync_head **out, size_t *n_out,
                               struct sync_err *err)
{
    size_t n = 0, cap = 0;
    struct sync_head *h = NULL;
    int r;
    while ((r = sqlite3_step(s)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            h = sync_xrealloc(h, cap * sizeof(*h));
        }
        memset(&h[n], 0, sizeof(h[n]));
        store_copy_blob(h[n].author, SYNC_SIG_PK_LEN, s, 0);
        h[n].scope = sqlite3_column_int(s, 1);
        h[n].seq = (uint64_t)sqlite3_column_int64(s, 2);
        store_copy_blob(h[n].id, SYNC_HASH_LEN, s, 3);
        n++;
    }
    sqlite3_finalize(s);
    if (r != SQLITE_DONE) {
        free(h);
        return store_db_err(st, err, r, "cannot read heads");
    }
    *out = h;
    *n_out = n;
    return SYNC_OK;
}

enum sync_rc sync_store_heads_visible(struct sync_store *st, const uint8_t *hub,
                                      struct sync_head **out, size_t *n,
                                      struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    /* The rule of N_PULL_FEEDS (store_net.c), in leaf order. */
    enum sync_rc rc = prep(
        st, &s,
        "SELECT author, scope, last_seq, last_id FROM feed WHERE last_seq > 0 "
        "AND (scope >= 2 OR (scope = 1 AND (author = ?1 OR author IN "
        "(SELECT key FROM member WHERE writer = ?1)))) ORDER BY author, scope",
        err);
    if (rc)
        return rc;
    blob(s, 1, hub, SYNC_SIG_PK_LEN);
    return heads_from(st, s, out, n, err);
}

enum sync_rc sync_store_heads_put(struct sync_store *st, const uint8_t *cp,
                                  const struct sync_head *h, size_t n,
                                  struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = prep(st, &s,
                           "INSERT OR REPLACE INTO checkpoint_head "
                           "(checkpoint, author, scope, seq, id) VALUES "
                           "(?1, ?2, ?3, ?4, ?5)",
                           err);
    for (size_t i = 0; i < n && !rc; i++) {
        blob(s, 1, cp, SYNC_HASH_LEN);
        blob(s, 2, h[i].author, SYNC_SIG_PK_LEN);
        sqlite3_bind_int(s, 3, h[i].scope);
        sqlite3_bind_int64(s, 4, (sqlite3_int64)h[i].seq);
        blob(s, 5, h[i].id, SYNC_HASH_LEN);
        if (sqlite3_step(s) != SQLITE_DONE)
            rc = store_db_err(st, err, sqlite3_errcode(st->db),
                              "cannot store heads");
        sqlite3_reset(s);
    }
    sqlite3_finalize(s);
    return rc;
}

enum sync_rc sync_store_heads_get(struct sync_store *st, const uint8_t *cp,
                                  struct sync_head **out, size_t *n,
                                  struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = prep(st, &s,
                           "SELECT author, scope, seq, id FROM "
                           "checkpoint_head WHERE checkpoint = ?1 ORDER BY "
                           "author, scope",
                           err);
    if (rc)
        return rc;
    blob(s, 1, cp, SYNC_HASH_LEN);
    return heads_from(st, s, out, n, err);
}

enum sync_rc sync_store_heads_keep(struct sync_store *st, const uint8_t *author,
                                   int keep, struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = prep(st, &s,
                           "DELETE FROM checkpoint_head WHERE checkpoint NOT "
                           "IN (SELECT id FROM checkpoint WHERE author = ?1 "
                           "ORDER BY seq DESC LIMIT ?2)",
                           err);
    if (rc)
        return rc;
    blob(s, 1, author, SYNC_SIG_PK_LEN);
    sqlite3_bind_int(s, 2, keep);
    return done(st, s, "cannot prune heads", err);
}

enum sync_rc sync_store_checkpoint_add(struct sync_store *st,
                                       const struct store_checkpoint *c,
                                       struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = prep(st, &s,
                           "INSERT OR IGNORE INTO checkpoint (id, author, "
                           "seq, feeds, root, at) VALUES (?1, ?2, ?3, ?4, "
                           "?5, ?6)",
                           err);
    if (rc)
        return rc;
    blob(s, 1, c->id, SYNC_HASH_LEN);
    blob(s, 2, c->author, SYNC_SIG_PK_LEN);
    sqlite3_bind_int64(s, 3, (sqlite3_int64)c->seq);
    sqlite3_bind_int64(s, 4, c->feeds);
    sqlite3_bind_text(s, 5, c->root, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 6, c->at);
    return done(st, s, "cannot store checkpoint", err);
}

/* Reads one checkpoint row of s, then finalizes s (or resets it when it
 * is kept prepared). */
static enum sync_rc checkpoint_row(struct sync_store *st, sqlite3_stmt *s,
                                   struct store_checkpoint *out, bool finalize,
                                   struct sync_err *err)
{
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW) {
        memset(out, 0, sizeof(*out));
        store_copy_blob(out->id, SYNC_HASH_LEN, s, 0);
        store_copy_blob(out->author, SYNC_SIG_PK_LEN, s, 1);
        out->seq = (uint64_t)sqlite3_column_int64(s, 2);
        out->feeds = sqlite3_column_int64(s, 3);
        snprintf(out->root, sizeof(out->root), "%s",
                 (const char *)sqlite3_column_text(s, 4));
        out->at = sqlite3_column_int64(s, 5);
        out->checked = sqlite3_column_int(s, 6) != 0;
    }
    if (finalize)
        sqlite3_finalize(s);
    else
        store_stmt_done(s);
    if (r == SQLITE_DONE)
        return sync_err_set(err, SYNC_NOTFOUND, "no such checkpoint");
    return r == SQLITE_ROW ? SYNC_OK
                           : store_db_err(st, err, r, "cannot read checkpoint");
}

#define CHECKPOINT_COLS "SELECT id, author, seq, feeds, root, at, checked "

enum sync_rc sync_store_checkpoint_get(struct sync_store *st, const uint8_t *id,
                                       struct store_checkpoint *out,
                                       struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc =
        prep(st, &s, CHECKPOINT_COLS "FROM checkpoint WHERE id = ?1", err);
    if (rc)
        return rc;
    blob(s, 1, id, SYNC_HASH_LEN);
    return checkpoint_row(st, s, out, true, err);
}

enum sync_rc sync_store_checkpoint_next(struct sync_store *st,
                                        const uint8_t *author, int window,
                                        struct store_checkpoint *out,
                                        struct sync_err *err)
{
    /* Those older than the window are passed over: the hub keeps no
     * heads for them. Every round runs this: prepared once. */
    enum sync_rc rc = store_prepare(
        st, &st->wit[WIT_NEXT],
        CHECKPOINT_COLS "FROM checkpoint WHERE author = ?1 AND checked = 0 "
                        "AND seq >= coalesce((SELECT min(seq) FROM (SELECT "
                        "seq FROM checkpoint WHERE author = ?1 ORDER BY seq "
                        "DESC LIMIT ?2)), 0) ORDER BY seq LIMIT 1",
        err);
    if (rc)
        return rc;
    sqlite3_stmt *s = st->wit[WIT_NEXT];
    blob(s, 1, author, SYNC_SIG_PK_LEN);
    sqlite3_bind_int(s, 2, window);
    return checkpoint_row(st, s, out, false, err);
}

enum sync_rc sync_store_heads_before(struct sync_store *st,
                                     const uint8_t *author, uint64_t seq,
                                     struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = prep(st, &s,
                           "DELETE FROM checkpoint_head WHERE checkpoint IN "
                           "(SELECT id FROM checkpoint WHERE author = ?1 AND "
                           "seq < ?2)",
                           err);
    if (rc)
        return rc;
    blob(s, 1, author, SYNC_SIG_PK_LEN);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)seq);
    return done(st, s, "cannot drop old heads", err);
}

enum sync_rc sync_store_checkpoint_latest(struct sync_store *st,
                                          const uint8_t *author, bool checked,
                                          struct store_checkpoint *out,
                                          struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = prep(st, &s,
                           CHECKPOINT_COLS "FROM checkpoint WHERE author = ?1 "
                                           "AND checked = ?2 ORDER BY seq "
                                           "DESC LIMIT 1",
                           err);
    if (rc)
        return rc;
    blob(s, 1, author, SYNC_SIG_PK_LEN);
    sqlite3_bind_int(s, 2, checked ? 1 : 0);
    return checkpoint_row(st, s, out, true, err);
}

enum sync_rc sync_store_checkpoint_checked(struct sync_store *st,
                                           const uint8_t *author, uint64_t seq,
                                           struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = prep(st, &s,
                           "UPDATE checkpoint SET checked = 1 WHERE author = "
                           "?1 AND seq = ?2",
                           err);
    if (rc)
        return rc;
    blob(s, 1, author, SYNC_SIG_PK_LEN);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)seq);
    return done(st, s, "cannot mark checkpoint", err);
}

enum sync_rc sync_store_evidence_add(struct sync_store *st,
                                     const struct sync_evidence *v,
                                     struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = prep(st, &s,
                           "INSERT OR IGNORE INTO evidence (kind, proof, "
                           "author, scope, seq, held, at) VALUES (?1, ?2, ?3, "
                           "?4, ?5, ?6, ?7)",
                           err);
    if (rc)
        return rc;
    sqlite3_bind_text(s, 1, v->kind, -1, SQLITE_STATIC);
    if (v->has_proof)
        blob(s, 2, v->proof, SYNC_HASH_LEN);
    if (v->has_feed) {
        blob(s, 3, v->author, SYNC_SIG_PK_LEN);
        sqlite3_bind_int(s, 4, v->scope);
        sqlite3_bind_int64(s, 5, (sqlite3_int64)v->seq);
        sqlite3_bind_int64(s, 6, (sqlite3_int64)v->held);
    }
    sqlite3_bind_int64(s, 7, v->at);
    return done(st, s, "cannot record evidence", err);
}

enum sync_rc sync_store_evidence_each(struct sync_store *st, int limit,
                                      sync_evidence_cb cb, void *payload,
                                      struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = prep(st, &s,
                           "SELECT kind, proof, author, scope, seq, "
                           "held, at FROM evidence ORDER BY n DESC LIMIT ?1",
                           err);
    if (rc)
        return rc;
    sqlite3_bind_int(s, 1, limit);
    int r;
    while (!rc && (r = sqlite3_step(s)) == SQLITE_ROW) {
        struct sync_evidence v;
        memset(&v, 0, sizeof(v));
        snprintf(v.kind, sizeof(v.kind), "%s",
                 (const char *)sqlite3_column_text(s, 0));
        v.has_proof = sqlite3_column_type(s, 1) == SQLITE_BLOB;
        store_copy_blob(v.proof, SYNC_HASH_LEN, s, 1);
        v.has_feed = sqlite3_column_type(s, 2) == SQLITE_BLOB;
        store_copy_blob(v.author, SYNC_SIG_PK_LEN, s, 2);
        v.scope = sqlite3_column_int(s, 3);
        v.seq = (uint64_t)sqlite3_column_int64(s, 4);
        v.held = (uint64_t)sqlite3_column_int64(s, 5);
        v.at = sqlite3_column_int64(s, 6);
        rc = cb(&v, payload);
    }
    if (!rc && r != SQLITE_DONE)
        rc = store_db_err(st, err, r, "cannot read evidence");
    sqlite3_finalize(s);
    return rc;
}

enum sync_rc sync_store_receipt_keep(struct sync_store *st,
                                     const struct sync_receipt *r,
                                     const uint8_t *hub, int64_t at,
                                     struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = prep(st, &s,
                           "INSERT INTO receipt (author, scope, hub, seq, sig, "
                           "at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT "
                           "DO UPDATE SET seq = excluded.seq, sig = "
                           "excluded.sig, at = excluded.at WHERE excluded.seq "
                           ">= receipt.seq",
                           err);
    if (rc)
        return rc;
    blob(s, 1, r->at.author, SYNC_SIG_PK_LEN);
    sqlite3_bind_int(s, 2, r->at.scope);
    blob(s, 3, hub, SYNC_SIG_PK_LEN);
    sqlite3_bind_int64(s, 4, (sqlite3_int64)r->at.seq);
    blob(s, 5, r->sig, SYNC_SIG_LEN);
    sqlite3_bind_int64(s, 6, at);
    return done(st, s, "cannot keep receipt", err);
}

enum sync_rc sync_store_receipt_get(struct sync_store *st,
                                    const uint8_t *author, int scope,
                                    const uint8_t *hub,
                                    struct sync_receipt *out, int64_t *kept,
                                    struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = prep(st, &s,
                           "SELECT seq, sig, at FROM receipt WHERE author = ?1 "
                           "AND scope = ?2 AND hub = ?3",
                           err);
    if (rc)
        return rc;
    blob(s, 1, author, SYNC_SIG_PK_LEN);
    sqlite3_bind_int(s, 2, scope);
    blob(s, 3, hub, SYNC_SIG_PK_LEN);
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW) {
        memset(out, 0, sizeof(*out));
        memcpy(out->at.author, author, SYNC_SIG_PK_LEN);
        out->at.scope = scope;
        out->at.seq = (uint64_t)sqlite3_column_int64(s, 0);
        store_copy_blob(out->sig, SYNC_SIG_LEN, s, 1);
        if (kept)
            *kept = sqlite3_column_int64(s, 2);
    }
    sqlite3_finalize(s);
    if (r == SQLITE_DONE)
        return sync_err_set(err, SYNC_NOTFOUND, "no receipt kept");
    return r == SQLITE_ROW ? SYNC_OK
                           : store_db_err(st, err, r, "cannot read receipt");
}

enum sync_rc
sync_store_receipts_each(struct sync_store *st,
                         enum sync_rc (*cb)(const struct sync_receipt *r,
                                            const uint8_t *hub, void *payload),
                         void *payload, struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = prep(st, &s,
                           "SELECT author, scope, seq, sig, hub FROM receipt "
                           "ORDER BY author, scope",
                           err);
    if (rc)
        return rc;
    int r;
    while (!rc && (r = sqlite3_step(s)) == SQLITE_ROW) {
        struct sync_receipt rec;
        uint8_t hub[SYNC_SIG_PK_LEN];
        memset(&rec, 0, sizeof(rec));
        store_copy_blob(rec.at.author, SYNC_SIG_PK_LEN, s, 0);
        rec.at.scope = sqlite3_column_int(s, 1);
        rec.at.seq = (uint64_t)sqlite3_column_int64(s, 2);
        store_copy_blob(rec.sig, SYNC_SIG_LEN, s, 3);
        store_copy_blob(hub, SYNC_SIG_PK_LEN, s, 4);
        rc = cb(&rec, hub, payload);
    }
    if (!rc && r != SQLITE_DONE)
        rc = store_db_err(st, err, r, "cannot read receipts");
    sqlite3_finalize(s);
    return rc;
}

/* Calls cb with both entries of each fork proof row of s, then finalizes
 * s (or resets it, when it is kept prepared). */
static enum sync_rc forks_from(struct sync_store *st, sqlite3_stmt *s,
                               store_fork_cb cb, void *payload, int64_t *last,
                               bool finalize, struct sync_err *err)
{
    int r;
    enum sync_rc rc = SYNC_OK;
    while (!rc && (r = sqlite3_step(s)) == SQLITE_ROW) {
        rc = cb(sqlite3_column_blob(s, 0), (size_t)sqlite3_column_bytes(s, 0),
                sqlite3_column_blob(s, 1), (size_t)sqlite3_column_bytes(s, 1),
                payload);
        if (!rc)
            rc = cb(sqlite3_column_blob(s, 2),
                    (size_t)sqlite3_column_bytes(s, 2),
                    sqlite3_column_blob(s, 3),
                    (size_t)sqlite3_column_bytes(s, 3), payload);
        if (last && sqlite3_column_int64(s, 4) > *last)
            *last = sqlite3_column_int64(s, 4);
    }
    if (!rc && r != SQLITE_DONE)
        rc = store_db_err(st, err, r, "cannot read fork proofs");
    if (finalize)
        sqlite3_finalize(s);
    else
        store_stmt_done(s);
    return rc;
}

/* Fills temp.forked with the feeds a member knows forked. */
static enum sync_rc known_forks(struct sync_store *st,
                                const struct sync_have *known, size_t n,
                                struct sync_err *err)
{
    if (!st->forked_table) {
        int r = sqlite3_exec(st->db,
                             "CREATE TEMP TABLE IF NOT EXISTS forked (author "
                             "BLOB, scope INTEGER, PRIMARY KEY (author, "
                             "scope))",
                             NULL, NULL, NULL);
        if (r != SQLITE_OK)
            return store_db_err(st, err, r, "cannot list known forks");
        st->forked_table = true;
    }
    int r = sqlite3_exec(st->db, "DELETE FROM temp.forked", NULL, NULL, NULL);
    if (r != SQLITE_OK)
        return store_db_err(st, err, r, "cannot list known forks");
    enum sync_rc rc = store_prepare(st, &st->wit[WIT_FORKED_ADD],
                                    "INSERT OR IGNORE INTO temp.forked "
                                    "(author, scope) VALUES (?1, ?2)",
                                    err);
    sqlite3_stmt *s = st->wit[WIT_FORKED_ADD];
    for (size_t i = 0; i < n && !rc; i++) {
        blob(s, 1, known[i].author, SYNC_SIG_PK_LEN);
        sqlite3_bind_int(s, 2, known[i].scope);
        rc = store_step_done(st, s, "cannot list known forks", err);
    }
    return rc;
}

enum sync_rc sync_store_forks_for(struct sync_store *st, const uint8_t *hub,
                                  const struct sync_have *known, size_t n,
                                  int limit, store_fork_cb cb, void *payload,
                                  struct sync_err *err)
{
    /* Every pull runs this, and forks are rare: first whether any. */
    enum sync_rc rc = store_prepare(st, &st->wit[WIT_ANY_FORK],
                                    "SELECT EXISTS (SELECT 1 FROM fork)", err);
    if (rc)
        return rc;
    sqlite3_stmt *s = st->wit[WIT_ANY_FORK];
    int r = sqlite3_step(s);
    bool any = r == SQLITE_ROW && sqlite3_column_int(s, 0);
    store_stmt_done(s);
    if (r != SQLITE_ROW)
        return store_db_err(st, err, r, "cannot look for forks");
    if (!any)
        return SYNC_OK;
    if ((rc = known_forks(st, known, n, err)))
        return rc;
    /* Proofs of feeds a member of hub may pull (N_PULL_FEEDS), of which
     * it holds some (temp.have of this pull: with this batch it may hold
     * the fork's seq) and does not know of the fork yet. */
    rc = store_prepare(
        st, &st->wit[WIT_FORKS_FOR],
        "SELECT k.header_b, k.sig_b, e.header, e.sig, k.rowid FROM fork k "
        "JOIN feed f ON f.feed = k.feed JOIN entry e ON e.feed = k.feed AND "
        "e.seq = k.seq JOIN temp.have h ON h.author = f.author AND h.scope "
        "= f.scope WHERE (f.scope >= 2 OR (f.scope = 1 AND (f.author = ?1 OR "
        "f.author IN (SELECT key FROM member WHERE writer = ?1)))) AND NOT "
        "EXISTS (SELECT 1 FROM temp.forked x WHERE x.author = f.author AND "
        "x.scope = f.scope) ORDER BY k.rowid LIMIT ?2",
        err);
    if (rc)
        return rc;
    s = st->wit[WIT_FORKS_FOR];
    blob(s, 1, hub, SYNC_SIG_PK_LEN);
    sqlite3_bind_int(s, 2, limit);
    return forks_from(st, s, cb, payload, NULL, false, err);
}

enum sync_rc sync_store_forks_up(struct sync_store *st, int limit,
                                 store_fork_cb cb, void *payload, int64_t *last,
                                 struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = prep(st, &s,
                           "SELECT k.header_b, k.sig_b, e.header, e.sig, "
                           "k.rowid FROM fork k JOIN feed f ON f.feed = "
                           "k.feed JOIN entry e ON e.feed = k.feed AND e.seq "
                           "= k.seq WHERE k.up = 0 AND f.scope >= 2 ORDER BY "
                           "k.rowid LIMIT ?1",
                           err);
    if (rc)
        return rc;
    sqlite3_bind_int(s, 1, limit);
    *last = 0;
    return forks_from(st, s, cb, payload, last, true, err);
}

enum sync_rc sync_store_forks_up_done(struct sync_store *st, int64_t last,
                                      struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = prep(st, &s,
                           "UPDATE fork SET up = 1 WHERE up = 0 AND rowid <= "
                           "?1",
                           err);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, last);
    return done(st, s, "cannot mark fork proofs sent", err);
}

enum sync_rc sync_store_entry_signed(struct sync_store *st, const uint8_t *id,
                                     struct sync_entry *out,
                                     struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc =
        prep(st, &s, "SELECT header, sig FROM entry WHERE id = ?1", err);
    if (rc)
        return rc;
    blob(s, 1, id, SYNC_HASH_LEN);
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW && sqlite3_column_bytes(s, 1) == SYNC_SIG_LEN)
        rc = sync_entry_from_bytes(out, sqlite3_column_blob(s, 0),
                                   (size_t)sqlite3_column_bytes(s, 0),
                                   sqlite3_column_blob(s, 1), err);
    else if (r == SQLITE_ROW || r == SQLITE_DONE)
        rc = sync_err_set(err, SYNC_NOTFOUND, "no such entry");
    else
        rc = store_db_err(st, err, r, "cannot read an entry");
    sqlite3_finalize(s);
    return rc;
}
