/* SPDX-License-Identifier: MIT */
/*
 * store_net: the federation tables of the store module - the roster as a
 * trust graph, seen request nonces, invites, delivery receipts, and the
 * selection of entries a pull or a push carries. Same rules as store.c:
 * statements prepared once, values always bound.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spona/mem.h"
#include "spona/req.h"
#include "store_int.h"

#include "spona/banned.h"

enum net_stmt {
    N_MEMBER_SET,
    N_MEMBER_READ,
    N_MEMBERS_ALL,
    N_TRUSTED,
    N_SEEN,
    N_NONCE_ADD,
    N_NONCE_PURGE,
    N_NONCE_EACH,
    N_INVITE_ADD,
    N_INVITE_GET,
    N_INVITE_USE,
    N_HAVE_MAKE,
    N_HAVE_CLEAR,
    N_HAVE_ADD,
    N_PULL_FEEDS,
    N_PUSH_FEEDS,
    N_RANGE,
    N_ACK,
    N_REFUSED,
    N_REFUSED_AFTER,
    N_STATUS,
    N_UNREJECT,
    N_UNACKED,
    N_MAX_N,
    N_PULLED,
    N_LAG,
    N_WANTED,
    N_COUNT_
};

_Static_assert(N_COUNT_ <= STORE_NET_MAX, "raise STORE_NET_MAX");

static const char *const net_sql[N_COUNT_] = {
    [N_MEMBER_SET] =
        "INSERT INTO member (key, org, role, status, writer, cut, hlc, name) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (key) DO UPDATE "
        "SET org = excluded.org, role = excluded.role, status = "
        "excluded.status, writer = excluded.writer, cut = excluded.cut, "
        "hlc = excluded.hlc, name = excluded.name",
    [N_MEMBER_READ] = "SELECT key, org, role, status, writer, cut, hlc, name, "
                      "last_sync, skew_ms, pulled_n FROM member WHERE key = ?1",
    [N_MEMBERS_ALL] =
        "SELECT key, org, role, status, writer, cut, hlc, name, "
        "last_sync, skew_ms, pulled_n FROM member ORDER BY org, key",
    /* Roots have no writer; trust flows along active rows only. */
    [N_TRUSTED] = "SELECT writer, status = 'active' FROM member WHERE key = ?1",
    [N_SEEN] = "UPDATE member SET last_sync = ?2, skew_ms = ?3 WHERE key = ?1",
    [N_NONCE_ADD] = "INSERT INTO nonce (key, nonce, at) VALUES (?1, ?2, ?3) "
                    "ON CONFLICT DO NOTHING",
    [N_NONCE_PURGE] = "DELETE FROM nonce WHERE at < ?1",
    [N_NONCE_EACH] = "SELECT key, nonce, at FROM nonce WHERE at >= ?1",
    [N_INVITE_ADD] = "INSERT INTO invite (token_hash, org, role, expires) "
                     "VALUES (?1, ?2, ?3, ?4)",
    [N_INVITE_GET] = "SELECT org, role, expires, used_by FROM invite WHERE "
                     "token_hash = ?1",
    [N_INVITE_USE] = "UPDATE invite SET used_by = ?2 WHERE token_hash = ?1",
    [N_HAVE_MAKE] = "CREATE TEMP TABLE IF NOT EXISTS have (author BLOB, "
                    "scope INTEGER, seq INTEGER, PRIMARY KEY (author, scope))",
    [N_HAVE_CLEAR] = "DELETE FROM temp.have",
    [N_HAVE_ADD] = "INSERT OR REPLACE INTO temp.have (author, scope, seq) "
                   "VALUES (?1, ?2, ?3)",
    /* What a member of hub ?1 may pull: network and public feeds, and the
     * hub feeds of the hub itself and of the keys it vouched for. */
    [N_PULL_FEEDS] =
        "SELECT f.feed, coalesce(h.seq, 0) FROM feed f LEFT JOIN temp.have h "
        "ON h.author = f.author AND h.scope = f.scope WHERE f.last_seq > "
        "coalesce(h.seq, 0) AND (f.scope >= 2 OR (f.scope = 1 AND (f.author "
        "= ?1 OR f.author IN (SELECT key FROM member WHERE writer = ?1)))) "
        "ORDER BY f.feed",
    /* What goes up: a node's own shared feeds; a hub's network feeds. */
    [N_PUSH_FEEDS] = "SELECT feed, acked FROM feed WHERE last_seq > acked "
                     "AND ((?2 = 0 AND author = ?1 AND scope >= 1) OR "
                     "(?2 = 1 AND scope >= 2)) ORDER BY feed",
    [N_RANGE] = ENTRY_COLS "WHERE e.feed = ?1 AND e.seq > ?2 ORDER BY e.seq "
                           "LIMIT ?3",
    [N_ACK] = "UPDATE feed SET acked = ?3 WHERE author = ?1 AND "
              "scope = ?2 AND last_seq >= ?3",
    [N_REFUSED] = ENTRY_COLS "WHERE f.author = ?1 AND e.status = 1 "
                             "ORDER BY e.feed, e.seq",
    [N_REFUSED_AFTER] = ENTRY_COLS "WHERE e.status = 1 AND e.n > ?1 "
                                   "ORDER BY e.n LIMIT ?2",
    [N_STATUS] = "UPDATE entry SET status = 0 WHERE id = ?1 AND status = 1",
    [N_UNREJECT] = "DELETE FROM rejected WHERE id = ?1",
    [N_UNACKED] = "SELECT coalesce(sum(last_seq - acked), 0) FROM feed WHERE "
                  "last_seq > acked AND ((?2 = 0 AND author = ?1 AND scope "
                  ">= 1) OR (?2 = 1 AND scope >= 2))",
    [N_MAX_N] = "SELECT coalesce(max(n), 0) FROM entry",
    [N_PULLED] = "UPDATE member SET pulled_n = ?2 WHERE key = ?1",
    /* Entries hub ?3 holds past ?2 that member ?1 may pull (the rule of
     * N_PULL_FEEDS), its own excepted. */
    /* An entry with its payload that a member of hub ?2 may pull (the
     * rule of N_PULL_FEEDS). */
    [N_WANTED] = ENTRY_COLS
    "WHERE e.id = ?1 AND p.body IS NOT NULL AND (f.scope >= 2 OR "
    "(f.scope = 1 AND (f.author = ?2 OR f.author IN (SELECT key FROM "
    "member WHERE writer = ?2))))",
    [N_LAG] = "SELECT count(*) FROM entry e JOIN feed f ON f.feed = e.feed "
              "WHERE e.n > ?2 AND f.author != ?1 AND (f.scope >= 2 OR "
              "(f.scope = 1 AND (f.author = ?3 OR f.author IN (SELECT key "
              "FROM member WHERE writer = ?3))))",
};

static enum sync_rc net(struct sync_store *st, enum net_stmt which,
                        sqlite3_stmt **out, struct sync_err *err)
{
    enum sync_rc rc = store_prepare(st, &st->net[which], net_sql[which], err);
    *out = st->net[which];
    return rc;
}

static void text_col(char *dst, size_t size, sqlite3_stmt *s, int col)
{
    const char *t = (const char *)sqlite3_column_text(s, col);
    snprintf(dst, size, "%s", t ? t : "");
}

static void member_from(struct sync_member *m, sqlite3_stmt *s)
{
    memset(m, 0, sizeof(*m));
    store_copy_blob(m->key, sizeof(m->key), s, 0);
    text_col(m->org, sizeof(m->org), s, 1);
    text_col(m->role, sizeof(m->role), s, 2);
    m->active = strcmp((const char *)sqlite3_column_text(s, 3), "active") == 0;
    m->has_writer = sqlite3_column_type(s, 4) == SQLITE_BLOB;
    if (m->has_writer)
        store_copy_blob(m->writer, sizeof(m->writer), s, 4);
    text_col(m->cut, sizeof(m->cut), s, 5);
    m->hlc = (uint64_t)sqlite3_column_int64(s, 6);
    text_col(m->name, sizeof(m->name), s, 7);
    m->last_sync = sqlite3_column_int64(s, 8);
    m->has_skew = sqlite3_column_type(s, 9) == SQLITE_INTEGER;
    m->skew_ms = sqlite3_column_int64(s, 9);
    m->pulled_n = sqlite3_column_int64(s, 10);
}

enum sync_rc sync_store_member_set(struct sync_store *st,
                                   const struct sync_member *m,
                                   struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = net(st, N_MEMBER_SET, &s, err);
    if (rc)
        return rc;
    sqlite3_bind_blob(s, 1, m->key, SYNC_SIG_PK_LEN, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, m->org, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, m->role, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 4, m->active ? "active" : "revoked", -1,
                      SQLITE_STATIC);
    if (m->has_writer)
        sqlite3_bind_blob(s, 5, m->writer, SYNC_SIG_PK_LEN, SQLITE_STATIC);
    if (m->cut[0])
        sqlite3_bind_text(s, 6, m->cut, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 7, (sqlite3_int64)m->hlc);
    if (m->name[0])
        sqlite3_bind_text(s, 8, m->name, -1, SQLITE_STATIC);
    return store_step_done(st, s, "cannot record member", err);
}

enum sync_rc sync_store_member_read(struct sync_store *st, const uint8_t *key,
                                    struct sync_member *out,
                                    struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = net(st, N_MEMBER_READ, &s, err);
    if (rc)
        return rc;
    sqlite3_bind_blob(s, 1, key, SYNC_SIG_PK_LEN, SQLITE_STATIC);
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW)
        member_from(out, s);
    store_stmt_done(s);
    if (r == SQLITE_DONE)
        return sync_err_set(err, SYNC_NOTFOUND, "key is not a member");
    return r == SQLITE_ROW ? SYNC_OK
                           : store_db_err(st, err, r, "cannot read member");
}

enum sync_rc sync_store_members_each(struct sync_store *st, sync_member_cb cb,
                                     void *payload, struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = net(st, N_MEMBERS_ALL, &s, err);
    int r = SQLITE_DONE;
    while (!rc && (r = sqlite3_step(s)) == SQLITE_ROW) {
        struct sync_member m;
        member_from(&m, s);
        rc = cb(&m, payload);
    }
    if (!rc && r != SQLITE_DONE)
        rc = store_db_err(st, err, r, "cannot list members");
    if (s)
        store_stmt_done(s);
    return rc;
}

/* Walks up from key through the rows that vouched for it (by primary key,
 * a few steps in a hub tree) to a root: a row with no writer. Every row on
 * the way must be active; a longer chain, or a loop, is not trusted. */
enum sync_rc sync_store_member_trusted(struct sync_store *st,
                                       const uint8_t *key, bool *out,
                                       struct sync_err *err)
{
    uint8_t k[SYNC_SIG_PK_LEN];
    memcpy(k, key, sizeof(k));
    *out = false;
    for (int depth = 0; depth < SYNC_LIMIT_TRUST_DEPTH; depth++) {
        sqlite3_stmt *s = NULL;
        enum sync_rc rc = net(st, N_TRUSTED, &s, err);
        if (rc)
            return rc;
        sqlite3_bind_blob(s, 1, k, SYNC_SIG_PK_LEN, SQLITE_STATIC);
        int r = sqlite3_step(s);
        bool active = r == SQLITE_ROW && sqlite3_column_int(s, 1);
        bool root = r == SQLITE_ROW && sqlite3_column_type(s, 0) == SQLITE_NULL;
        bool up =
            active && !root && sqlite3_column_bytes(s, 0) == SYNC_SIG_PK_LEN;
        if (up)
            memcpy(k, sqlite3_column_blob(s, 0), sizeof(k));
        store_stmt_done(s);
        if (r != SQLITE_ROW && r != SQLITE_DONE)
            return store_db_err(st, err, r, "cannot check trust");
        if (!up) {
            *out = active && root;
            return SYNC_OK;
        }
    }
    return SYNC_OK;
}

enum sync_rc sync_store_member_seen(struct sync_store *st, const uint8_t *key,
                                    int64_t at_ms, int64_t skew_ms,
                                    struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = net(st, N_SEEN, &s, err);
    if (rc)
        return rc;
    sqlite3_bind_blob(s, 1, key, SYNC_SIG_PK_LEN, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, at_ms);
    sqlite3_bind_int64(s, 3, skew_ms);
    return store_step_done(st, s, "cannot record sync time", err);
}

/* Steps s for one integer, then resets it. */
static enum sync_rc one_int(struct sync_store *st, sqlite3_stmt *s,
                            int64_t *out, const char *what,
                            struct sync_err *err)
{
    int r = sqlite3_step(s);
    if (r == SQLITE_ROW)
        *out = sqlite3_column_int64(s, 0);
    store_stmt_done(s);
    return r == SQLITE_ROW ? SYNC_OK : store_db_err(st, err, r, what);
}

enum sync_rc sync_store_last_n(struct sync_store *st, int64_t *out,
                               struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = net(st, N_MAX_N, &s, err);
    return rc ? rc : one_int(st, s, out, "cannot read the log's end", err);
}

enum sync_rc sync_store_member_pulled(struct sync_store *st, const uint8_t *key,
                                      int64_t n, struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = net(st, N_PULLED, &s, err);
    if (rc)
        return rc;
    sqlite3_bind_blob(s, 1, key, SYNC_SIG_PK_LEN, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, n);
    return store_step_done(st, s, "cannot record a pull", err);
}

enum sync_rc sync_store_member_lag(struct sync_store *st,
                                   const struct sync_member *m,
                                   const uint8_t *hub, int64_t *out,
                                   struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = net(st, N_LAG, &s, err);
    if (rc)
        return rc;
    sqlite3_bind_blob(s, 1, m->key, SYNC_SIG_PK_LEN, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, m->pulled_n);
    sqlite3_bind_blob(s, 3, hub, SYNC_SIG_PK_LEN, SQLITE_STATIC);
    return one_int(st, s, out, "cannot count a member's lag", err);
}

enum sync_rc sync_store_nonce_use(struct sync_store *st, const uint8_t *key,
                                  const uint8_t *nonce, size_t len,
                                  int64_t at_ms, int64_t forget_before_ms,
                                  bool *fresh_out, struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = net(st, N_NONCE_PURGE, &s, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, forget_before_ms);
    if ((rc = store_step_done(st, s, "cannot forget nonces", err)))
        return rc;
    if ((rc = net(st, N_NONCE_ADD, &s, err)))
        return rc;
    sqlite3_bind_blob(s, 1, key, SYNC_SIG_PK_LEN, SQLITE_STATIC);
    sqlite3_bind_blob(s, 2, nonce, (int)len, SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, at_ms);
    rc = store_step_done(st, s, "cannot record nonce", err);
    *fresh_out = !rc && sqlite3_changes(st->db) == 1;
    return rc;
}

enum sync_rc sync_store_nonces_each(struct sync_store *st, int64_t since_ms,
                                    sync_nonce_cb cb, void *payload,
                                    struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = net(st, N_NONCE_EACH, &s, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, since_ms);
    int r;
    while ((r = sqlite3_step(s)) == SQLITE_ROW) {
        if (sqlite3_column_bytes(s, 0) != SYNC_SIG_PK_LEN ||
            sqlite3_column_bytes(s, 1) != SYNC_REQ_NONCE_LEN)
            continue; /* not one this version records */
        cb(sqlite3_column_blob(s, 0), sqlite3_column_blob(s, 1),
           sqlite3_column_int64(s, 2), payload);
    }
    store_stmt_done(s);
    return r == SQLITE_DONE ? SYNC_OK
                            : store_db_err(st, err, r, "cannot read nonces");
}

enum sync_rc sync_store_invite_add(struct sync_store *st, const uint8_t *hash,
                                   const char *org, const char *role,
                                   int64_t expires_ms, struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = net(st, N_INVITE_ADD, &s, err);
    if (rc)
        return rc;
    sqlite3_bind_blob(s, 1, hash, SYNC_HASH_LEN, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, org, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, role, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 4, expires_ms);
    return store_step_done(st, s, "cannot record invite", err);
}

enum sync_rc sync_store_invite_use(struct sync_store *st, const uint8_t *hash,
                                   const uint8_t *key, int64_t now_ms,
                                   char **org_out, char **role_out,
                                   struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = net(st, N_INVITE_GET, &s, err);
    if (rc)
        return rc;
    sqlite3_bind_blob(s, 1, hash, SYNC_HASH_LEN, SQLITE_STATIC);
    int r = sqlite3_step(s);
    if (r == SQLITE_DONE)
        rc = sync_err_set(err, SYNC_NOTFOUND, "unknown invite");
    else if (r != SQLITE_ROW)
        rc = store_db_err(st, err, r, "cannot read invite");
    else if (sqlite3_column_type(s, 3) != SQLITE_NULL)
        rc = sync_err_set(err, SYNC_CONFLICT, "invite was already used");
    else if (sqlite3_column_int64(s, 2) < now_ms)
        rc = sync_err_set(err, SYNC_CONFLICT, "invite has expired");
    if (!rc) {
        *org_out = sync_xstrdup((const char *)sqlite3_column_text(s, 0));
        *role_out = sync_xstrdup((const char *)sqlite3_column_text(s, 1));
    }
    store_stmt_done(s);
    if (rc || (rc = net(st, N_INVITE_USE, &s, err)))
        return rc;
    sqlite3_bind_blob(s, 1, hash, SYNC_HASH_LEN, SQLITE_STATIC);
    sqlite3_bind_blob(s, 2, key, SYNC_SIG_PK_LEN, SQLITE_STATIC);
    return store_step_done(st, s, "cannot use invite", err);
}

/* Walks up to limit entries of feed after seq; *n_out counts them. */
static enum sync_rc feed_range(struct sync_store *st, int64_t feed,
                               uint64_t after, size_t limit, sync_entry_cb cb,
                               void *payload, struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = net(st, N_RANGE, &s, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, feed);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)after);
    sqlite3_bind_int64(s, 3, (sqlite3_int64)limit);
    return store_walk_entries(st, s, cb, payload, err);
}

/* Feeds to walk, read fully before walking (one statement at a time). */
struct feed_pos {
    int64_t feed;   /* local feed id */
    uint64_t after; /* entries after this seq are wanted */
};

static enum sync_rc collect_feeds(struct sync_store *st, sqlite3_stmt *s,
                                  struct feed_pos **out, size_t *n_out,
                                  struct sync_err *err)
{
    size_t cap = 0;
    int r;
    *out = NULL;
    *n_out = 0;
    while ((r = sqlite3_step(s)) == SQLITE_ROW) {
        if (*n_out == cap) {
            cap = cap ? 2 * cap : 32;
            *out = sync_xrealloc(*out, cap * sizeof(**out));
        }
        (*out)[*n_out].feed = sqlite3_column_int64(s, 0);
        (*out)[*n_out].after = (uint64_t)sqlite3_column_int64(s, 1);
        (*n_out)++;
    }
    store_stmt_done(s);
    return r == SQLITE_DONE ? SYNC_OK
                            : store_db_err(st, err, r, "cannot list feeds");
}

/* Counts what the batch callback took, to stop at the limit. */
struct batch_walk {
    sync_entry_cb cb; /* the caller's callback */
    void *payload;    /* its payload */
    size_t taken;     /* entries passed on */
};

static enum sync_rc batch_entry(const struct sync_stored *e, void *payload)
{
    struct batch_walk *w = payload;
    enum sync_rc rc = w->cb(e, w->payload);
    if (!rc)
        w->taken++;
    return rc;
}

static enum sync_rc walk_feeds(struct sync_store *st, const struct feed_pos *f,
                               size_t n, size_t limit, sync_entry_cb cb,
                               void *payload, bool *more_out,
                               struct sync_err *err)
{
    struct batch_walk w = {.cb = cb, .payload = payload};
    enum sync_rc rc = SYNC_OK;
    size_t i = 0;
    for (; i < n && !rc && w.taken < limit; i++)
        rc = feed_range(st, f[i].feed, f[i].after, limit - w.taken, batch_entry,
                        &w, err);
    /* The callback stops a batch early with SYNC_TOOBIG (bytes full). */
    *more_out = rc == SYNC_TOOBIG || w.taken == limit || i < n;
    if (rc == SYNC_TOOBIG)
        rc = SYNC_OK;
    return rc;
}

enum sync_rc sync_store_pull_batch(struct sync_store *st, const uint8_t *hub,
                                   const struct sync_have *have, size_t n_have,
                                   size_t limit, sync_entry_cb cb,
                                   void *payload, bool *more_out,
                                   struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    struct feed_pos *feeds = NULL;
    size_t n = 0;
    enum sync_rc rc = net(st, N_HAVE_MAKE, &s, err);
    if (!rc)
        rc = store_step_done(st, s, "cannot make pull table", err);
    if (!rc && !(rc = net(st, N_HAVE_CLEAR, &s, err)))
        rc = store_step_done(st, s, "cannot clear pull table", err);
    for (size_t i = 0; i < n_have && !rc; i++) {
        if ((rc = net(st, N_HAVE_ADD, &s, err)))
            break;
        sqlite3_bind_blob(s, 1, have[i].author, SYNC_SIG_PK_LEN, SQLITE_STATIC);
        sqlite3_bind_int(s, 2, have[i].scope);
        sqlite3_bind_int64(s, 3, (sqlite3_int64)have[i].seq);
        rc = store_step_done(st, s, "cannot fill pull table", err);
    }
    if (!rc && !(rc = net(st, N_PULL_FEEDS, &s, err))) {
        sqlite3_bind_blob(s, 1, hub, SYNC_SIG_PK_LEN, SQLITE_STATIC);
        rc = collect_feeds(st, s, &feeds, &n, err);
    }
    if (!rc)
        rc = walk_feeds(st, feeds, n, limit, cb, payload, more_out, err);
    free(feeds);
    return rc;
}

enum sync_rc sync_store_wanted(struct sync_store *st, const uint8_t *hub,
                               const uint8_t *id, sync_entry_cb cb,
                               void *payload, struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = net(st, N_WANTED, &s, err);
    if (rc)
        return rc;
    sqlite3_bind_blob(s, 1, id, SYNC_HASH_LEN, SQLITE_STATIC);
    sqlite3_bind_blob(s, 2, hub, SYNC_SIG_PK_LEN, SQLITE_STATIC);
    return store_walk_entries(st, s, cb, payload, err);
}

enum sync_rc sync_store_push_batch(struct sync_store *st, const uint8_t *self,
                                   bool hub, size_t limit, sync_entry_cb cb,
                                   void *payload, bool *more_out,
                                   struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    struct feed_pos *feeds = NULL;
    size_t n = 0;
    enum sync_rc rc = net(st, N_PUSH_FEEDS, &s, err);
    if (!rc) {
        sqlite3_bind_blob(s, 1, self, SYNC_SIG_PK_LEN, SQLITE_STATIC);
        sqlite3_bind_int(s, 2, hub ? 1 : 0);
        rc = collect_feeds(st, s, &feeds, &n, err);
    }
    if (!rc)
        rc = walk_feeds(st, feeds, n, limit, cb, payload, more_out, err);
    free(feeds);
    return rc;
}

enum sync_rc sync_store_feed_ack(struct sync_store *st, const uint8_t *author,
                                 int scope, uint64_t seq, struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = net(st, N_ACK, &s, err);
    if (rc)
        return rc;
    sqlite3_bind_blob(s, 1, author, SYNC_SIG_PK_LEN, SQLITE_STATIC);
    sqlite3_bind_int(s, 2, scope);
    sqlite3_bind_int64(s, 3, (sqlite3_int64)seq);
    return store_step_done(st, s, "cannot record receipt", err);
}

enum sync_rc sync_store_refused_each(struct sync_store *st,
                                     const uint8_t *author, sync_entry_cb cb,
                                     void *payload, struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = net(st, N_REFUSED, &s, err);
    if (rc)
        return rc;
    sqlite3_bind_blob(s, 1, author, SYNC_SIG_PK_LEN, SQLITE_STATIC);
    return store_walk_entries(st, s, cb, payload, err);
}

enum sync_rc sync_store_refused_after(struct sync_store *st, int64_t after,
                                      int limit, sync_entry_cb cb,
                                      void *payload, struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = net(st, N_REFUSED_AFTER, &s, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(s, 1, after);
    sqlite3_bind_int(s, 2, limit);
    return store_walk_entries(st, s, cb, payload, err);
}

enum sync_rc sync_store_entry_applied(struct sync_store *st, const uint8_t *id,
                                      bool *changed, struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = net(st, N_STATUS, &s, err);
    if (rc)
        return rc;
    sqlite3_bind_blob(s, 1, id, SYNC_HASH_LEN, SQLITE_STATIC);
    if ((rc = store_step_done(st, s, "cannot mark entry applied", err)))
        return rc;
    *changed = sqlite3_changes(st->db) > 0;
    if (!*changed || (rc = net(st, N_UNREJECT, &s, err)))
        return rc;
    sqlite3_bind_blob(s, 1, id, SYNC_HASH_LEN, SQLITE_STATIC);
    return store_step_done(st, s, "cannot clear rejection", err);
}

enum sync_rc sync_store_unacked(struct sync_store *st, const uint8_t *self,
                                bool hub, int64_t *out, struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = net(st, N_UNACKED, &s, err);
    if (rc)
        return rc;
    sqlite3_bind_blob(s, 1, self, SYNC_SIG_PK_LEN, SQLITE_STATIC);
    sqlite3_bind_int(s, 2, hub ? 1 : 0);
    int r = sqlite3_step(s);
    *out = r == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    store_stmt_done(s);
    return r == SQLITE_ROW ? SYNC_OK
                           : store_db_err(st, err, r, "cannot count changes");
}
