/* SPDX-License-Identifier: MIT */
/*
 * store: migrations on a new and on a reopened database, the schema
 * description against the real columns, settings, rows with versions,
 * conflicts, members, and clear failures on missing or foreign files.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "check.h"
#include "spona/engine.h"
#include "engine_int.h"
#include "store.h"
#include "util.h"

static void open_new(struct sync_store **st, char *path, size_t size)
{
    struct sync_err err;
    test_path(path, size, test_tmpdir(), "node.db");
    CHECK_RC(SYNC_OK, sync_store_open(st, path, true, &err));
}

static void test_migrations(void)
{
    struct sync_store *st = NULL;
    struct sync_err err;
    char path[256];
    int64_t v = 0;
    CHECK(sync_store_migrations() >= 4);
    open_new(&st, path, sizeof(path));
    CHECK(sync_store_version(st) == sync_store_migrations());
    CHECK_RC(SYNC_OK, sync_store_begin(st, &err));
    CHECK_RC(SYNC_OK, sync_store_meta_set_int(st, "probe", 42, &err));
    CHECK_RC(SYNC_OK, sync_store_commit(st, &err));
    sync_store_close(st);

    /* Reopened: nothing re-applied (a second run of 0003 would violate
     * its primary keys), data kept. */
    CHECK_RC(SYNC_OK, sync_store_open(&st, path, false, &err));
    CHECK(sync_store_version(st) == sync_store_migrations());
    CHECK_RC(SYNC_OK, sync_store_meta_get_int(st, "probe", &v, &err));
    CHECK(v == 42);
    CHECK_RC(SYNC_NOTFOUND, sync_store_meta_get_int(st, "nope", &v, &err));
    sync_store_close(st);

    /* A database from a newer program is refused, not downgraded. */
    sqlite3 *db = NULL;
    CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    CHECK(sqlite3_exec(db, "PRAGMA user_version = 999", NULL, NULL, NULL) ==
          SQLITE_OK);
    sqlite3_close(db);
    CHECK(sync_store_open(&st, path, false, &err) != SYNC_OK);
    CHECK(strstr(err.msg, "999") != NULL || strstr(err.msg, "newer") != NULL);
}

static void test_open_failures(void)
{
    struct sync_store *st = NULL;
    struct sync_err err;
    char path[256];
    const char *dir = test_tmpdir();
    test_path(path, sizeof(path), dir, "missing.db");
    CHECK_RC(SYNC_NOTFOUND, sync_store_open(&st, path, false, &err));
    CHECK(strstr(err.msg, "missing.db") != NULL);
    test_path(path, sizeof(path), dir, "junk.db");
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (f) {
        fputs("this is not a database, just text that is long enough to be "
              "mistaken for a header page by nobody\n",
              f);
        fclose(f);
    }
    CHECK(sync_store_open(&st, path, false, &err) != SYNC_OK);
    CHECK(err.msg[0] != '\0');
}

/* Every column of every domain table is a system column or a field of
 * meta_field, and every field has its column, in the same order. */
static void test_schema_matches_tables(void)
{
    static const char *const sys[] = {
        "id", "owner", "scope", "created_at", "updated_at", "_deleted", "_ver"};
    struct sync_store *st = NULL;
    char path[256];
    sqlite3 *db = NULL;
    open_new(&st, path, sizeof(path));
    const struct sync_schema *s = sync_store_schema(st);
    CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    const struct sync_tdef *t;
    size_t n_tables = 0;
    for (size_t i = 0; (t = sync_schema_table_at(s, i)); i++) {
        char sql[128];
        sqlite3_stmt *q = NULL;
        size_t col = 0;
        n_tables++;
        snprintf(sql, sizeof(sql),
                 "SELECT name FROM pragma_table_info('%s') "
                 "ORDER BY cid",
                 t->name);
        CHECK(sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK);
        while (q && sqlite3_step(q) == SQLITE_ROW) {
            const char *name = (const char *)sqlite3_column_text(q, 0);
            const char *want = col < 7          ? sys[col]
                               : col - 7 < t->n ? t->f[col - 7].name
                                                : "(none)";
            CHECK_STR(want, name);
            col++;
        }
        sqlite3_finalize(q);
        CHECK(col == 7 + t->n);
    }
    CHECK(n_tables == 9); /* with practice_review, practice_indicator */
    CHECK(sync_schema_table(s, "practice") != NULL);
    CHECK(sync_schema_table(s, "need") != NULL);
    /* Municipalities: the real list, also as the 'lsg' enumeration. */
    sqlite3_stmt *q = NULL;
    CHECK(sqlite3_prepare_v2(db,
                             "SELECT count(*), sum(entity = 'FBiH'), "
                             "sum(entity = 'RS'), sum(entity = 'BD') FROM "
                             "lsg_unit",
                             -1, &q, NULL) == SQLITE_OK);
    CHECK(sqlite3_step(q) == SQLITE_ROW);
    CHECK(sqlite3_column_int(q, 0) == 145);
    CHECK(sqlite3_column_int(q, 1) == 80);
    CHECK(sqlite3_column_int(q, 2) == 64);
    CHECK(sqlite3_column_int(q, 3) == 1);
    sqlite3_finalize(q);
    const struct sync_enum *lsg = sync_schema_enum(s, "lsg");
    CHECK(lsg && lsg->n == 145);
    sqlite3_close(db);
    sync_store_close(st);
}

static void test_rows_and_conflicts(void)
{
    struct sync_store *st = NULL;
    struct sync_err err;
    char path[256];
    struct sync_record r, back;
    open_new(&st, path, sizeof(path));
    const struct sync_tdef *t =
        sync_schema_table(sync_store_schema(st), "practice");
    sync_record_init(&r);
    sync_record_init(&back);
    sync_record_set_text(&r, "id", "01940000-0000-7000-8000-000000000001");
    sync_record_set_text(&r, "owner", "Grad Tuzla");
    sync_record_set_text(&r, "scope", "hub");
    sync_record_set_int(&r, "_deleted", 0);
    sync_record_set_text(&r, "title", "Čitaonica");
    sync_record_set_int(&r, "start_year", 2020);
    struct sync_rfield *f = sync_record_get(&r, "title");
    f->has_ver = true;
    memset(f->ver, 0xab, sizeof(f->ver));
    CHECK_RC(SYNC_OK, sync_store_begin(st, &err));
    CHECK_RC(SYNC_OK, sync_store_row_put(st, t, &r, &err));
    CHECK_RC(SYNC_OK, sync_store_row_get(st, t,
                                         "01940000-0000-7000-8000-"
                                         "000000000001",
                                         &back, &err));
    CHECK_STR("Čitaonica", sync_record_text(&back, "title"));
    f = sync_record_get(&back, "title");
    CHECK(f && f->has_ver && f->ver[0] == 0xab && f->ver[31] == 0xab);
    f = sync_record_get(&back, "start_year");
    CHECK(f && f->v.kind == SYNC_V_INT && f->v.i == 2020 && !f->has_ver);
    CHECK_RC(SYNC_NOTFOUND, sync_store_row_get(st, t, "nope", &back, &err));

    /* The CHECK constraint is a last guard under the validation. */
    sync_record_set_text(&r, "status", "not-a-status");
    CHECK_RC(SYNC_DB, sync_store_row_put(st, t, &r, &err));

    struct sync_loser l[2] = {0};
    l[0].id[0] = 1;
    l[0].v.kind = SYNC_V_TEXT;
    l[0].v.s = "one";
    l[1].id[0] = 2;
    l[1].v.kind = SYNC_V_INT;
    l[1].v.i = 7;
    int64_t n = -1;
    CHECK_RC(SYNC_OK, sync_store_conflicts_set(st, "practice", "r", "title", l,
                                               2, &err));
    CHECK_RC(SYNC_OK, sync_store_count(st, "conflict", &n, &err));
    CHECK(n == 2);
    /* Set replaces what was recorded for the field. */
    CHECK_RC(SYNC_OK, sync_store_conflicts_set(st, "practice", "r", "title", l,
                                               1, &err));
    CHECK_RC(SYNC_OK, sync_store_count(st, "conflict", &n, &err));
    CHECK(n == 1);
    CHECK_RC(SYNC_INVALID, sync_store_count(st, "sqlite_master", &n, &err));
    CHECK_RC(SYNC_OK, sync_store_commit(st, &err));
    sync_record_release(&r);
    sync_record_release(&back);
    sync_store_close(st);
}

/* Sets field name of r to text, written by the entry whose id is all
 * fill bytes. */
static void set_versioned(struct sync_record *r, const char *name,
                          const char *text, uint8_t fill)
{
    sync_record_set_text(r, name, text);
    struct sync_rfield *f = sync_record_get(r, name);
    f->has_ver = true;
    memset(f->ver, fill, sizeof(f->ver));
}

static bool has_version(const struct sync_record *r, const char *name,
                        uint8_t fill)
{
    const struct sync_rfield *f = sync_record_get(r, name);
    uint8_t want[SYNC_HASH_LEN];
    memset(want, fill, sizeof(want));
    return f && f->has_ver && memcmp(f->ver, want, sizeof(want)) == 0;
}

/* Sets the raw _ver of the one practice row, through SQLite itself. */
static void poke_ver(const char *path, const void *ver, int len, bool blob)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *q = NULL;
    CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    CHECK(sqlite3_prepare_v2(db, "UPDATE practice SET _ver = ?1", -1, &q,
                             NULL) == SQLITE_OK);
    if (blob)
        sqlite3_bind_blob(q, 1, ver, len, SQLITE_TRANSIENT);
    else
        sqlite3_bind_text(q, 1, ver, len, SQLITE_TRANSIENT);
    CHECK(sqlite3_step(q) == SQLITE_DONE);
    sqlite3_finalize(q);
    sqlite3_close(db);
}

/* The version map of a row is packed: each entry id once, then per field
 * its name and the index of its id. Rows of the older JSON form are read
 * too; a damaged map is an error, never a silent loss of versions. */
static void test_version_map(void)
{
    static const char id[] = "01940000-0000-7000-8000-000000000002";
    struct sync_store *st = NULL;
    struct sync_err err;
    char path[256];
    struct sync_record r, back;
    open_new(&st, path, sizeof(path));
    const struct sync_tdef *t =
        sync_schema_table(sync_store_schema(st), "practice");
    sync_record_init(&r);
    sync_record_set_text(&r, "id", id);
    sync_record_set_text(&r, "owner", "Grad Tuzla");
    sync_record_set_text(&r, "scope", "hub");
    sync_record_set_int(&r, "_deleted", 0);
    set_versioned(&r, "title", "Naslov", 0xa1);
    set_versioned(&r, "summary", "Sažetak", 0xb2);
    set_versioned(&r, "problem", "Problem", 0xa1);
    set_versioned(&r, "funding", NULL, 0xb2); /* cleared, still versioned */
    sync_record_set_text(&r, "solution", "bez verzije");
    CHECK_RC(SYNC_OK, sync_store_begin(st, &err));
    CHECK_RC(SYNC_OK, sync_store_row_put(st, t, &r, &err));
    CHECK_RC(SYNC_OK, sync_store_commit(st, &err));

    sync_record_init(&back);
    CHECK_RC(SYNC_OK, sync_store_row_get(st, t, id, &back, &err));
    CHECK(has_version(&back, "title", 0xa1));
    CHECK(has_version(&back, "problem", 0xa1));
    CHECK(has_version(&back, "summary", 0xb2));
    CHECK(has_version(&back, "funding", 0xb2));
    CHECK(sync_record_get(&back, "funding")->v.kind == SYNC_V_NULL);
    CHECK(!sync_record_get(&back, "solution")->has_ver);
    CHECK_STR("Sažetak", sync_record_text(&back, "summary"));
    sync_record_release(&back);

    /* Stored as a blob holding the two ids once each. */
    sqlite3 *db = NULL;
    sqlite3_stmt *q = NULL;
    CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    CHECK(sqlite3_prepare_v2(db,
                             "SELECT typeof(_ver), length(_ver), "
                             "substr(_ver, 1, 2) FROM practice",
                             -1, &q, NULL) == SQLITE_OK);
    CHECK(sqlite3_step(q) == SQLITE_ROW);
    CHECK_STR("blob", (const char *)sqlite3_column_text(q, 0));
    CHECK(sqlite3_column_int(q, 1) ==
          2 + 2 * SYNC_HASH_LEN + (7 + 9 + 9 + 9)); /* name, NUL, index */
    CHECK(sqlite3_column_bytes(q, 2) == 2);
    CHECK(((const uint8_t *)sqlite3_column_blob(q, 2))[1] == 2);
    sqlite3_finalize(q);
    sqlite3_close(db);

    /* A row last written as JSON reads as before. */
    char json[200];
    char b64[SYNC_B64_SIZE(SYNC_HASH_LEN)];
    uint8_t ver[SYNC_HASH_LEN];
    memset(ver, 0xc3, sizeof(ver));
    sync_b64_encode(b64, sizeof(b64), ver, sizeof(ver));
    snprintf(json, sizeof(json), "{\"title\":\"%s\"}", b64);
    poke_ver(path, json, -1, false);
    sync_record_init(&back);
    CHECK_RC(SYNC_OK, sync_store_row_get(st, t, id, &back, &err));
    CHECK(has_version(&back, "title", 0xc3));
    CHECK(!sync_record_get(&back, "summary")->has_ver);
    sync_record_release(&back);

    /* Damaged maps: each refused with the reason. */
    uint8_t bad[2 + SYNC_HASH_LEN + 8];
    memset(bad, 0x11, sizeof(bad));
    bad[0] = 0x01;
    bad[1] = 1;
    memcpy(bad + 2 + SYNC_HASH_LEN, "title\0\0", 7);
    struct {
        size_t len;    /* bytes of bad used */
        size_t at;     /* byte to change */
        uint8_t value; /* to this */
    } cases[] = {
        {1, 0, 0x01},                     /* no count */
        {2 + SYNC_HASH_LEN - 1, 0, 0x01}, /* id cut short */
        {2 + SYNC_HASH_LEN + 7, 0, 0x02}, /* unknown tag */
        {2 + SYNC_HASH_LEN + 7, 1, 2},    /* count over the bytes */
        {2 + SYNC_HASH_LEN + 6, 0, 0x01}, /* index missing */
        {2 + SYNC_HASH_LEN + 7, 2 + SYNC_HASH_LEN + 6, 1}, /* bad index */
        {2 + SYNC_HASH_LEN + 7, 2 + SYNC_HASH_LEN, 0},     /* empty name */
        {2 + SYNC_HASH_LEN + 5, 0, 0x01}, /* name without its end */
    };
    /* The intact map reads: one field, one id. */
    poke_ver(path, bad, 2 + SYNC_HASH_LEN + 7, true);
    sync_record_init(&back);
    CHECK_RC(SYNC_OK, sync_store_row_get(st, t, id, &back, &err));
    CHECK(has_version(&back, "title", 0x11));
    sync_record_release(&back);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        uint8_t copy[sizeof(bad)];
        memcpy(copy, bad, sizeof(bad));
        copy[cases[i].at] = cases[i].value;
        poke_ver(path, copy, (int)cases[i].len, true);
        sync_record_init(&back);
        sync_err_init(&err);
        CHECK_RC(SYNC_DB, sync_store_row_get(st, t, id, &back, &err));
        CHECK(strstr(err.msg, "version map") != NULL);
        sync_record_release(&back);
    }
    sync_record_release(&r);
    sync_store_close(st);
}

static void test_members(void)
{
    struct sync_store *st = NULL;
    struct sync_err err;
    char path[256];
    uint8_t key[SYNC_SIG_PK_LEN] = {7};
    char *org = NULL;
    bool active = false;
    open_new(&st, path, sizeof(path));
    CHECK_RC(SYNC_NOTFOUND,
             sync_store_member_get(st, key, &org, &active, &err));
    CHECK_RC(SYNC_OK, sync_store_member_put(st, key, "Grad Bihać", "node",
                                            "active", &err));
    CHECK_RC(SYNC_OK, sync_store_member_get(st, key, &org, &active, &err));
    CHECK_STR("Grad Bihać", org);
    CHECK(active);
    free(org);
    CHECK_RC(SYNC_OK, sync_store_member_put(st, key, "Grad Bihać", "node",
                                            "revoked", &err));
    CHECK_RC(SYNC_OK, sync_store_member_get(st, key, &org, &active, &err));
    CHECK(!active);
    free(org);
    CHECK_RC(SYNC_DB,
             sync_store_member_put(st, key, "X", "emperor", "active", &err));
    sync_store_close(st);
}

static void set_member(struct sync_store *st, uint8_t id, int writer,
                       bool active)
{
    struct sync_member m = {.key = {id}, .active = active};
    snprintf(m.org, sizeof(m.org), "org %u", id);
    snprintf(m.role, sizeof(m.role), "hub");
    if (writer >= 0) {
        m.has_writer = true;
        m.writer[0] = (uint8_t)writer;
    }
    CHECK_RC(SYNC_OK, sync_store_member_set(st, &m, NULL));
}

static bool trusted(struct sync_store *st, uint8_t id)
{
    uint8_t key[SYNC_SIG_PK_LEN] = {id};
    bool out = true;
    CHECK_RC(SYNC_OK, sync_store_member_trusted(st, key, &out, NULL));
    return out;
}

/* Trust follows active rows up to a root; a revoked row on the way, a
 * missing voucher, a loop or a chain over the limit break it. */
static void test_trust_chain(void)
{
    struct sync_store *st = NULL;
    char path[256];
    open_new(&st, path, sizeof(path));
    set_member(st, 1, -1, true); /* root: state hub */
    set_member(st, 2, 1, true);  /* entity hub */
    set_member(st, 3, 2, true);  /* municipality */
    CHECK(trusted(st, 1) && trusted(st, 2) && trusted(st, 3));
    CHECK(!trusted(st, 9)); /* unknown */
    set_member(st, 2, 1, false);
    CHECK(trusted(st, 1) && !trusted(st, 2) && !trusted(st, 3));
    set_member(st, 2, 1, true);
    set_member(st, 4, 8, true); /* vouched for by an unknown key */
    CHECK(!trusted(st, 4));
    set_member(st, 5, 6, true); /* a loop with no root */
    set_member(st, 6, 5, true);
    CHECK(!trusted(st, 5) && !trusted(st, 6));
    set_member(st, 1, -1, false); /* the root itself revoked */
    CHECK(!trusted(st, 3));
    set_member(st, 1, -1, true);
    /* a chain exactly at the limit holds; one longer does not */
    int d = SYNC_LIMIT_TRUST_DEPTH;
    for (int i = 0; i < d; i++)
        set_member(st, (uint8_t)(100 + i), i ? 100 + i - 1 : -1, true);
    CHECK(trusted(st, (uint8_t)(100 + d - 1)));
    set_member(st, (uint8_t)(100 + d), 100 + d - 1, true);
    CHECK(!trusted(st, (uint8_t)(100 + d)));
    sync_store_close(st);
}

static enum sync_rc count_account(const struct sync_account *a, void *payload)
{
    CHECK(a->hash[0] == '\0'); /* a walk never hands out hashes */
    (*(int *)payload)++;
    return SYNC_OK;
}

/* Accounts: created, read back, role changed with the hash kept, deleted;
 * refused roles and names by the table's checks. */
static void test_accounts(void)
{
    struct sync_store *st = NULL;
    struct sync_err err;
    struct sync_account a;
    char path[256];
    int n = 0;
    open_new(&st, path, sizeof(path));
    CHECK_RC(SYNC_NOTFOUND, sync_store_account_get(st, "amra", &a, &err));
    CHECK_RC(SYNC_OK,
             sync_store_account_put(st, "amra", "editor", "$h1", &err));
    CHECK_RC(SYNC_OK,
             sync_store_account_put(st, "bojan", "viewer", "$h2", &err));
    CHECK_RC(SYNC_OK, sync_store_account_get(st, "amra", &a, &err));
    CHECK_STR("editor", a.role);
    CHECK_STR("$h1", a.hash);
    CHECK(a.created > 0);
    CHECK_RC(SYNC_OK, sync_store_account_put(st, "amra", "admin", NULL, &err));
    CHECK_RC(SYNC_OK, sync_store_account_get(st, "amra", &a, &err));
    CHECK_STR("admin", a.role);
    CHECK_STR("$h1", a.hash);
    CHECK_RC(SYNC_NOTFOUND,
             sync_store_account_put(st, "cvijeta", "admin", NULL, &err));
    CHECK_RC(SYNC_DB, sync_store_account_put(st, "c", "king", "$h", &err));
    CHECK_RC(SYNC_DB, sync_store_account_put(st, "", "viewer", "$h", &err));
    CHECK_RC(SYNC_OK, sync_store_accounts_each(st, count_account, &n, &err));
    CHECK(n == 2);
    CHECK_RC(SYNC_OK, sync_store_account_delete(st, "bojan", &err));
    CHECK_RC(SYNC_NOTFOUND, sync_store_account_delete(st, "bojan", &err));
    CHECK_RC(SYNC_NOTFOUND, sync_store_account_get(st, "bojan", &a, &err));
    sync_store_close(st);
}

struct groups {
    char text[256]; /* "value=n;" of each group */
};

static enum sync_rc add_group(const char *value, int64_t n, void *payload)
{
    struct groups *g = payload;
    size_t len = strlen(g->text);
    snprintf(g->text + len, sizeof(g->text) - len, "%s=%lld;",
             value ? value : "(null)", (long long)n);
    return SYNC_OK;
}

struct units {
    int n;          /* units walked */
    bool brcko_bd;  /* Brčko District found, entity BD */
    bool lopare_rs; /* Lopare found, entity RS, with its Cyrillic name */
};

static enum sync_rc add_unit(const struct sync_lsg *u, void *payload)
{
    struct units *x = payload;
    x->n++;
    if (strcmp(u->id, "brcko") == 0)
        x->brcko_bd = strcmp(u->entity, "BD") == 0;
    if (strcmp(u->id, "lopare") == 0)
        x->lopare_rs =
            strcmp(u->entity, "RS") == 0 && strcmp(u->name_cyr, "Лопаре") == 0;
    return SYNC_OK;
}

/* Counts by a field, largest first, deleted rows left out; only names of
 * the schema are allowed into the SQL. Municipalities with entities. */
static void test_counts_and_units(void)
{
    struct test_node n;
    struct sync_err err;
    struct groups g = {""};
    struct units u = {0};
    test_node_make(&n, "Općina Ključ");
    char id[SYNC_UUID_TEXT];
    test_put(&n, "practice", NULL,
             (const char *const[]){"title", "A", "status", "pilot", NULL});
    test_put(&n, "practice", NULL,
             (const char *const[]){"title", "B", "status", "pilot", NULL});
    snprintf(
        id, sizeof(id), "%s",
        test_put(&n, "practice", NULL,
                 (const char *const[]){"title", "C", "status", "idea", NULL}));
    test_put(&n, "practice", NULL,
             (const char *const[]){"title", "D", "status", "idea", NULL});
    struct sync_store *st = sync_engine_store(n.e);
    const struct sync_tdef *t =
        sync_schema_table(sync_engine_schema(n.e), "practice");
    CHECK_RC(SYNC_OK,
             sync_store_count_by(st, t, "status", add_group, &g, &err));
    CHECK_STR("idea=2;pilot=2;", g.text);
    CHECK_RC(SYNC_OK, sync_engine_delete(n.e, "practice", id, &err));
    g.text[0] = '\0';
    CHECK_RC(SYNC_OK,
             sync_store_count_by(st, t, "status", add_group, &g, &err));
    CHECK_STR("pilot=2;idea=1;", g.text);
    g.text[0] = '\0';
    CHECK_RC(SYNC_OK, sync_store_count_by(st, t, "owner", add_group, &g, &err));
    CHECK_STR("Općina Ključ=3;", g.text);
    CHECK_RC(SYNC_INVALID, sync_store_count_by(st, t, "1; DROP TABLE x",
                                               add_group, &g, &err));
    CHECK_RC(SYNC_INVALID,
             sync_store_count_by(st, t, "_ver", add_group, &g, &err));
    CHECK_RC(SYNC_OK, sync_store_lsg_each(st, add_unit, &u, &err));
    CHECK(u.n == 145);
    CHECK(u.brcko_bd);
    CHECK(u.lopare_rs);
    sync_engine_close(n.e);
}

int main(void)
{
    if (sync_global_init(NULL))
        return 1;
    RUN(test_migrations);
    RUN(test_open_failures);
    RUN(test_schema_matches_tables);
    RUN(test_rows_and_conflicts);
    RUN(test_version_map);
    RUN(test_members);
    RUN(test_trust_chain);
    RUN(test_accounts);
    RUN(test_counts_and_units);
    return CHECK_DONE();
}
