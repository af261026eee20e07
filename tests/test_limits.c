/* SPDX-License-Identifier: MIT */
/*
 * limits: what an outsider can make a hub store is bounded. The rejected
 * table keeps only the newest SYNC_LIMIT_REJECTED_ROWS records, and a
 * join request from a fresh key commits nothing unless its invite is
 * valid. Both failed before they were fixed (issue 18).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "check.h"
#include "spona/fed.h"
#include "spona/hlc.h"
#include "spona/req.h"
#include "util.h"

static struct sync_engine *make_hub(char *db, size_t size)
{
    struct sync_engine *e = NULL;
    struct sync_err err;
    char key[256];
    const char *dir = test_tmpdir();
    test_path(db, size, dir, "node.db");
    test_path(key, sizeof(key), dir, "node.key");
    if (sync_engine_create(&e, db, key, "Hub", &err) ||
        sync_engine_make_hub(e, &err)) {
        fprintf(stderr, "hub: %s\n", err.msg);
        abort();
    }
    return e;
}

static int64_t count_sql(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *s = NULL;
    int64_t n = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW)
        n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return n;
}

/* More forged entries than the limit: only the newest records stay. */
static void test_rejected_bounded(void)
{
    char db[256];
    struct sync_err err;
    struct sync_engine *e = make_hub(db, sizeof(db));
    struct sync_store *st = sync_engine_store(e);
    struct sync_entry en;
    sync_entry_init(&en);
    en.header_len = 140;
    memcpy(en.h.table, "practice", 9);
    const int n = SYNC_LIMIT_REJECTED_ROWS + 50;
    CHECK_RC(SYNC_OK, sync_store_begin(st, &err));
    for (int i = 0; i < n; i++) {
        memcpy(en.id, &i, sizeof(i));
        en.h.seq = (uint64_t)i + 1;
        CHECK_RC(SYNC_OK, sync_store_reject(st, &en, "forged", &err));
    }
    CHECK_RC(SYNC_OK, sync_store_commit(st, &err));
    int64_t held = -1;
    CHECK_RC(SYNC_OK, sync_store_count(st, "rejected", &held, &err));
    CHECK(held == SYNC_LIMIT_REJECTED_ROWS);
    sqlite3 *raw = NULL;
    CHECK(sqlite3_open(db, &raw) == SQLITE_OK);
    /* The oldest went, the newest stayed. */
    CHECK(count_sql(raw, "SELECT min(seq) FROM rejected") ==
          n - SYNC_LIMIT_REJECTED_ROWS + 1);
    CHECK(count_sql(raw, "SELECT max(seq) FROM rejected") == n);
    sqlite3_close(raw);
    sync_engine_close(e);
}

/* A signed join request of a fresh key with body and token. */
static enum sync_rc try_join(struct sync_engine *hub, const char *token)
{
    struct sync_key *k = NULL;
    struct sync_req_auth a;
    struct sync_err err;
    char body[256];
    char *resp = NULL;
    size_t rlen = 0;
    sync_key_generate(&k);
    int len = snprintf(body, sizeof(body),
                       "{\"token\":\"%s\",\"org\":"
                       "\"Grad\",\"name\":\"n\"}",
                       token);
    sync_req_sign(&a, k, "POST", "/v1/join", body, (size_t)len,
                  sync_hlc_wall_ms());
    enum sync_rc rc = sync_fed_auth(hub, NULL, &a, "POST", "/v1/join", body,
                                    (size_t)len, true, &err);
    if (!rc)
        rc = sync_fed_join(hub, a.key, body, (size_t)len, &resp, &rlen, &err);
    free(resp);
    sync_key_free(k);
    return rc;
}

/* Joins with no, a malformed or an unknown invite commit no write. */
static void test_join_writes_nothing(void)
{
    char db[256];
    struct sync_engine *hub = make_hub(db, sizeof(db));
    sqlite3 *raw = NULL;
    CHECK(sqlite3_open(db, &raw) == SQLITE_OK);
    /* data_version changes when another connection commits. */
    int64_t before = count_sql(raw, "PRAGMA data_version");
    CHECK_RC(SYNC_INVALID, try_join(hub, "not-a-token"));
    for (int i = 0; i < 20; i++)
        CHECK_RC(SYNC_NOTFOUND,
                 try_join(hub, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
    CHECK(count_sql(raw, "PRAGMA data_version") == before);
    CHECK(count_sql(raw, "SELECT count(*) FROM nonce") == 0);
    /* A valid invite still joins, and so writes. */
    char token[SYNC_B64_SIZE(32)];
    struct sync_err err;
    CHECK_RC(SYNC_OK, sync_fed_invite(hub, "Grad", "node", 3600, token, &err));
    before = count_sql(raw, "PRAGMA data_version");
    CHECK_RC(SYNC_OK, try_join(hub, token));
    CHECK(count_sql(raw, "PRAGMA data_version") != before);
    sqlite3_close(raw);
    sync_engine_close(hub);
}

int main(void)
{
    struct sync_err err;
    if (sync_global_init(&err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    RUN(test_rejected_bounded);
    RUN(test_join_writes_nothing);
    return CHECK_DONE();
}
