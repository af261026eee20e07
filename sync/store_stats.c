/* SPDX-License-Identifier: MIT */
/*
 * store_stats: the monitoring reads of 'spona serve' (/metrics, /healthz).
 * Whole-table counts run on every scrape, so each is one aggregate query
 * over an indexed or small table; nothing here is on the ingest path, so
 * statements are prepared per call.
 */
#include <string.h>

#include "store_int.h"
#include "store_stats.h"

#include "spona/banned.h"

static enum sync_rc finish(struct sync_store *st, sqlite3_stmt *s, int r,
                           const char *what, struct sync_err *err)
{
    sqlite3_finalize(s);
    if (r != SQLITE_DONE && r != SQLITE_ROW && r != SQLITE_OK)
        return store_db_err(st, err, r, what);
    return SYNC_OK;
}

/* Entries by (own or received, status), and entries without a payload. */
static enum sync_rc count_entries(struct sync_store *st, const uint8_t *self,
                                  struct sync_stats *out, struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    int r = sqlite3_prepare_v2(
        st->db,
        "SELECT f.author = ?1, e.status, count(*), "
        "sum(p.n IS NULL) FROM entry e JOIN feed f ON f.feed = e.feed "
        "LEFT JOIN payload p ON p.n = e.n GROUP BY 1, 2",
        -1, &s, NULL);
    if (r == SQLITE_OK)
        r = sqlite3_bind_blob(s, 1, self, SYNC_SIG_PK_LEN, SQLITE_STATIC);
    while (r == SQLITE_OK || r == SQLITE_ROW) {
        r = sqlite3_step(s);
        if (r != SQLITE_ROW)
            break;
        int64_t n = sqlite3_column_int64(s, 2);
        if (sqlite3_column_int(s, 0))
            out->entries_own += n;
        else
            out->entries_received += n;
        int status = sqlite3_column_int(s, 1);
        if (!sqlite3_column_int(s, 0) && status == SYNC_ENTRY_REFUSED)
            out->entries_refused += n;
        if (status == SYNC_ENTRY_WITHHELD)
            out->payloads_withheld += n;
        else
            out->payloads_purged += sqlite3_column_int64(s, 3);
    }
    return finish(st, s, r, "cannot count entries", err);
}

enum sync_rc sync_store_stats(struct sync_store *st, const uint8_t *self,
                              struct sync_stats *out, struct sync_err *err)
{
    memset(out, 0, sizeof(*out));
    enum sync_rc rc = count_entries(st, self, out, err);
    if (rc)
        return rc;
    sqlite3_stmt *s = NULL;
    int r = sqlite3_prepare_v2(st->db,
                               "SELECT count(*), coalesce(sum(forked), 0) "
                               "FROM feed",
                               -1, &s, NULL);
    if (r == SQLITE_OK && (r = sqlite3_step(s)) == SQLITE_ROW) {
        out->feeds = sqlite3_column_int64(s, 0);
        out->feeds_forked = sqlite3_column_int64(s, 1);
    }
    return finish(st, s, r, "cannot count feeds", err);
}

enum sync_rc sync_store_rejected_reasons(struct sync_store *st, int limit,
                                         sync_group_cb cb, void *payload,
                                         struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = SYNC_OK;
    int r = sqlite3_prepare_v2(st->db,
                               "SELECT reason, count(*) FROM rejected GROUP "
                               "BY reason ORDER BY 2 DESC, 1 LIMIT ?1",
                               -1, &s, NULL);
    if (r == SQLITE_OK)
        r = sqlite3_bind_int(s, 1, limit);
    while (!rc && (r == SQLITE_OK || r == SQLITE_ROW)) {
        r = sqlite3_step(s);
        if (r == SQLITE_ROW)
            rc = cb((const char *)sqlite3_column_text(s, 0),
                    sqlite3_column_int64(s, 1), payload);
    }
    enum sync_rc rc2 = finish(st, s, r, "cannot count rejections", err);
    return rc ? rc : rc2;
}

enum sync_rc sync_store_write_probe(struct sync_store *st, int64_t at_ms,
                                    struct sync_err *err)
{
    enum sync_rc rc = sync_store_begin(st, err);
    if (!rc)
        rc = sync_store_meta_set_int(st, "health_probe", at_ms, err);
    if (!rc)
        rc = sync_store_commit(st, err);
    if (rc)
        sync_store_rollback(st);
    return rc;
}
