/* SPDX-License-Identifier: MIT */
/*
 * refused: entries not taken as they came: a retract of a row its author
 * does not own, refused entries judged again after a schema upgrade, and
 * payloads a hub withheld or altered (kept as withheld, asked for again,
 * filled when they come).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "check.h"
#include "spona/buf.h"
#include "spona/engine.h"
#include "spona/fed.h"
#include "spona/hlc.h"
#include "spona/mem.h"
#include "msg.h"
#include "util.h"

/* A practice entry sealed by hand at SYNC_OP_PUT (test_forge). */
static void forge_at(struct sync_entry *out, struct test_node *author,
                     const char *row, int scope, uint64_t seq,
                     const uint8_t *prev, uint64_t hlc, const char *payload)
{
    test_forge(out, author, row, scope, seq, prev, hlc, SYNC_OP_PUT, payload);
}

/* A retract must come from the row's owner and name a narrower scope;
 * anything else is refused and the row stays. */
static void test_bad_retract(void)
{
    struct test_node n[3];
    struct sync_err err;
    enum sync_ingest res;
    test_node_make(&n[0], "Grad Livno");
    test_node_make(&n[1], "Grad Livno");
    test_node_make(&n[2], "Grad Tuzla");
    test_introduce(n, 3);
    const char *row = "01940000-0000-7000-8000-0000000000cc";
    uint64_t hlc = SYNC_HLC_MAKE(sync_hlc_wall_ms(), 0);
    struct sync_entry e[4];
    forge_at(&e[0], &n[1], row, SYNC_SCOPE_NETWORK, 1, NULL, hlc,
             "{\"base\":{},\"owner\":\"Grad Livno\",\"set\":"
             "{\"scope\":\"network\",\"status\":\"idea\",\"title\":\"t\"}}");
    CHECK_RC(SYNC_OK, sync_engine_ingest(n[0].e, &e[0], 1, &res, &err));
    CHECK(res == SYNC_INGEST_APPLIED);
    /* "retract" to a scope as wide as the feed */
    test_forge(&e[1], &n[1], row, SYNC_SCOPE_NETWORK, 2, e[0].id, hlc + 1,
               SYNC_OP_RETRACT,
               "{\"base\":{},\"owner\":\"Grad Livno\",\"set\":"
               "{\"scope\":\"public\"}}");
    CHECK_RC(SYNC_OK, sync_engine_ingest(n[0].e, &e[1], 1, &res, &err));
    CHECK(res == SYNC_INGEST_REFUSED);
    /* a retract carrying a field besides the scope */
    test_forge(&e[2], &n[1], row, SYNC_SCOPE_NETWORK, 3, e[1].id, hlc + 2,
               SYNC_OP_RETRACT,
               "{\"base\":{},\"owner\":\"Grad Livno\",\"set\":"
               "{\"scope\":\"local\",\"title\":\"x\"}}");
    CHECK_RC(SYNC_OK, sync_engine_ingest(n[0].e, &e[2], 1, &res, &err));
    CHECK(res == SYNC_INGEST_REFUSED);
    /* another organisation's retract */
    test_forge(&e[3], &n[2], row, SYNC_SCOPE_NETWORK, 1, NULL, hlc + 3,
               SYNC_OP_RETRACT,
               "{\"base\":{},\"owner\":\"Grad Livno\",\"set\":"
               "{\"scope\":\"local\"}}");
    CHECK_RC(SYNC_OK, sync_engine_ingest(n[0].e, &e[3], 1, &res, &err));
    CHECK(res == SYNC_INGEST_REFUSED);
    CHECK(test_live_rows(&n[0], "practice") == 1);
    CHECK(test_count(&n[0], "rejected") == 3);
    for (size_t i = 0; i < 4; i++)
        sync_entry_release(&e[i]);
    for (size_t i = 0; i < 3; i++)
        sync_engine_close(n[i].e);
}

/* ---- a schema upgrade ---- */

/* Gives the node's practice table a text field, as a later schema
 * migration would; the node is closed meanwhile. */
static void add_field(struct test_node *n, const char *field)
{
    sqlite3 *db = NULL;
    char sql[300];
    snprintf(sql, sizeof(sql),
             "ALTER TABLE practice ADD COLUMN %s TEXT; "
             "INSERT INTO meta_field (tbl, field, type, max, pos) VALUES "
             "('practice', '%s', 'text', 200, 999)",
             field, field);
    sync_engine_close(n->e);
    CHECK(sqlite3_open(n->db, &db) == SQLITE_OK);
    CHECK(sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK);
    sqlite3_close(db);
    CHECK_RC(SYNC_OK, sync_engine_open(&n->e, n->db, n->key, NULL));
}

/* Runs sql on the database of n, closed meanwhile; returns the rows it
 * changed. */
static int poke(struct test_node *n, const char *sql)
{
    sqlite3 *db = NULL;
    sync_engine_close(n->e);
    CHECK(sqlite3_open(n->db, &db) == SQLITE_OK);
    CHECK(sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK);
    int changed = sqlite3_changes(db);
    sqlite3_close(db);
    CHECK_RC(SYNC_OK, sync_engine_open(&n->e, n->db, n->key, NULL));
    return changed;
}

/* The number of rows sql (a count) gives on n's database. */
static int sql_count(struct test_node *n, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *q = NULL;
    int out = -1;
    CHECK(sqlite3_open(n->db, &db) == SQLITE_OK);
    CHECK(sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK);
    if (sqlite3_step(q) == SQLITE_ROW)
        out = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    sqlite3_close(db);
    return out;
}

static int practices(struct test_node *n)
{
    return sql_count(n, "SELECT count(*) FROM practice WHERE motto IS NOT "
                        "NULL");
}

static char *first_reason(struct test_node *n)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *q = NULL;
    char *out = NULL;
    CHECK(sqlite3_open(n->db, &db) == SQLITE_OK);
    CHECK(sqlite3_prepare_v2(db,
                             "SELECT reason FROM rejected ORDER BY r "
                             "DESC LIMIT 1",
                             -1, &q, NULL) == SQLITE_OK);
    if (sqlite3_step(q) == SQLITE_ROW)
        out = strdup((const char *)sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
    sqlite3_close(db);
    return out ? out : strdup("");
}

/*
 * Entries that use a field this node's schema does not know yet are
 * refused (the reason says when the author's schema is newer); once the
 * node is upgraded, opening it judges every refused entry again, so it
 * converges with the nodes that upgraded first.
 */
static void test_rejudged_after_upgrade(void)
{
    struct test_node a, c, b;
    struct sync_err err;
    test_node_make(&a, "Grad Tuzla");
    test_node_make(&c, "Grad Bihać");
    test_node_make(&b, "Općina Lopare");
    CHECK_RC(SYNC_OK, sync_engine_member_put(b.e, sync_engine_self(a.e),
                                             "Grad Tuzla", "node", NULL));
    CHECK_RC(SYNC_OK, sync_engine_member_put(b.e, sync_engine_self(c.e),
                                             "Grad Bihać", "node", NULL));
    add_field(&a, "motto");
    add_field(&c, "motto");
    /* More than one transaction's worth of refused entries. */
    for (int i = 0; i < 300; i++) {
        char title[32];
        snprintf(title, sizeof(title), "Praksa %d", i);
        test_put(&a, "practice", NULL,
                 (const char *[]){"title", title, "status", "idea", "scope",
                                  "network", "motto", "Zajedno", NULL});
    }
    struct test_batch x;
    test_take(&a, 0, &x);
    CHECK(x.n == 300);
    test_give(&b, &x);
    test_batch_release(&x);
    CHECK(test_count(&b, "rejected") == 300);
    char *why = first_reason(&b);
    CHECK(strstr(why, "unknown field 'motto'") != NULL);
    CHECK(strstr(why, "schema") == NULL); /* same schema version */
    free(why);

    /* An entry from a newer schema says so. */
    test_put(&c, "practice", NULL,
             (const char *[]){"title", "Novija", "status", "idea", "scope",
                              "network", "motto", "Sutra", NULL});
    test_take(&c, 0, &x);
    CHECK(x.n == 1);
    struct sync_entry_header h = x.e[0].h;
    h.schema = (uint16_t)(h.schema + 1);
    char *payload = x.e[0].payload;
    size_t len = x.e[0].payload_len;
    x.e[0].payload = NULL;
    CHECK_RC(SYNC_OK, sync_entry_seal(&x.e[0], &h, payload, len,
                                      sync_engine_key(c.e), &err));
    test_give(&b, &x);
    test_batch_release(&x);
    CHECK(test_count(&b, "rejected") == 301);
    why = first_reason(&b);
    CHECK(strstr(why, "unknown field 'motto'") != NULL);
    CHECK(strstr(why, "schema") != NULL);
    free(why);

    /* More than a transaction's worth that stay refused: a field this
     * node does not get with the upgrade. */
    struct test_node d;
    test_node_make(&d, "Grad Goražde");
    CHECK_RC(SYNC_OK, sync_engine_member_put(b.e, sync_engine_self(d.e),
                                             "Grad Goražde", "node", NULL));
    add_field(&d, "slogan");
    for (int i = 0; i < 300; i++)
        test_put(&d, "practice", NULL,
                 (const char *[]){"title", "Sutrašnja", "status", "idea",
                                  "scope", "network", "slogan", "Dalje", NULL});
    test_take(&d, 0, &x);
    test_give(&b, &x);
    test_batch_release(&x);
    CHECK(test_count(&b, "rejected") == 601);

    /* The upgrade: the field, and a schema newer than the one the
     * refused entries were judged by. */
    add_field(&b, "motto");
    CHECK(practices(&b) == 0); /* same version: not judged again */
    /* One of the rows is damaged here: its entry cannot be applied. */
    char damaged[300];
    snprintf(damaged, sizeof(damaged),
             "INSERT INTO practice (id, owner, "
             "scope, _deleted, _ver) SELECT row_id, 'Grad Tuzla', 'network', "
             "0, x'02' FROM entry WHERE status = 1 AND tbl = 'practice' "
             "ORDER BY n LIMIT 1 OFFSET 7");
    CHECK(poke(&b, damaged) == 1);
    CHECK(poke(&b, "UPDATE node_meta SET v = v - 1 WHERE k = "
                   "'judged_schema'") == 1);
    /* It opened, with the damaged row's entry still refused and the rest
     * judged again. */
    CHECK(practices(&b) == 300);
    CHECK(test_count(&b, "rejected") == 301);
    CHECK(sql_count(&b, "SELECT count(*) FROM rejected WHERE reason = "
                        "'unknown field ''slogan'''") == 300);
    char judged[120];
    snprintf(judged, sizeof(judged),
             "SELECT count(*) FROM node_meta WHERE "
             "k = 'judged_schema' AND v = %d",
             sync_store_version(sync_engine_store(b.e)));
    CHECK(sql_count(&b, judged) == 1);
    struct sync_verify v;
    CHECK_RC(SYNC_OK, sync_engine_verify(b.e, false, &v, &err));
    CHECK(v.entries == 601);
    /* The log is sound; the row put in by hand is not what it says. */
    CHECK_RC(SYNC_BADSIG, sync_engine_verify(b.e, true, &v, &err));
    CHECK(strstr(err.msg, "row practice ") != NULL);
    sync_engine_close(a.e);
    sync_engine_close(b.e);
    sync_engine_close(c.e);
    sync_engine_close(d.e);
}

/* ---- payloads a hub withheld (PROTOCOL.md §7) ---- */

static enum sync_rc withheld_count(const struct sync_withheld *w, void *payload)
{
    struct sync_withheld *last = payload;
    *last = *w;
    last->seq++; /* seq of the copy: one more than counted so far */
    return SYNC_OK;
}

static int withheld_at(struct test_node *n, struct sync_withheld *last)
{
    struct sync_err err;
    memset(last, 0, sizeof(*last));
    CHECK_RC(SYNC_OK,
             sync_read_withheld(n->e, 100, withheld_count, last, &err));
    struct sync_status st;
    CHECK_RC(SYNC_OK, sync_read_status(n->e, &st, &err));
    return (int)st.withheld;
}

static void test_withheld(void)
{
    struct test_node n[2];
    test_node_make(&n[0], "Grad Bihać");
    test_node_make(&n[1], "Općina Lopare");
    test_introduce(n, 2);
    const char *v1[] = {"title", "Prvi", "status", "idea", NULL};
    const char *v2[] = {"title", "Drugi", "summary", "Kratko", NULL};
    const char *v3[] = {"title", "Treći", NULL};
    char id[SYNC_UUID_TEXT];
    snprintf(id, sizeof(id), "%s", test_put(&n[0], "practice", NULL, v1));
    test_put(&n[0], "practice", id, v2);
    test_put(&n[0], "practice", id, v3);
    struct test_batch b = {0};
    test_take(&n[0], 0, &b);
    CHECK(b.n == 3);

    /* The hub strips the payload of the second entry. */
    char *kept = b.e[1].payload;
    size_t kept_len = b.e[1].payload_len;
    b.e[1].payload = NULL;
    b.e[1].payload_len = 0;
    const uint8_t hub[SYNC_SIG_PK_LEN] = {7, 7, 7};
    const struct sync_source src = {.peer = hub};
    enum sync_ingest res[3];
    struct sync_err err;
    CHECK_RC(SYNC_OK, sync_engine_ingest_from(n[1].e, &src, b.e, 3, res, &err));
    CHECK(res[0] == SYNC_INGEST_APPLIED && res[1] == SYNC_INGEST_WITHHELD &&
          res[2] == SYNC_INGEST_APPLIED);
    struct sync_withheld w;
    CHECK(withheld_at(&n[1], &w) == 1);
    CHECK(memcmp(w.id, b.e[1].id, SYNC_HASH_LEN) == 0);
    CHECK(w.has_via && memcmp(w.via, hub, SYNC_SIG_PK_LEN) == 0);
    CHECK_STR("practice", w.table);
    /* Nothing of it is applied: the summary it set is not there. */
    struct sync_record r;
    sync_record_init(&r);
    CHECK_RC(SYNC_OK, sync_engine_get(n[1].e, "practice", id, &r, &err));
    CHECK_STR("Treći", sync_record_text(&r, "title"));
    CHECK(sync_record_text(&r, "summary") == NULL);
    sync_record_release(&r);

    /* The next pull asks for it by id. */
    char *body = NULL, want[SYNC_B64_SIZE(SYNC_HASH_LEN)];
    size_t len = 0;
    CHECK_RC(SYNC_OK, sync_fed_pull_request(n[1].e, &body, &len, &err));
    sync_b64_encode(want, sizeof(want), b.e[1].id, SYNC_HASH_LEN);
    CHECK(strstr(body, "\"want\":[\"") != NULL && strstr(body, want));
    free(body);

    /* It comes with its payload: applied; both nodes hold the same. */
    b.e[1].payload = kept;
    b.e[1].payload_len = kept_len;
    CHECK_RC(SYNC_OK, sync_engine_ingest_from(n[1].e, &src, b.e, 3, res, &err));
    CHECK(res[0] == SYNC_INGEST_KNOWN && res[1] == SYNC_INGEST_APPLIED &&
          res[2] == SYNC_INGEST_KNOWN);
    CHECK(withheld_at(&n[1], &w) == 0);
    char *a = test_dump(&n[0], "practice"), *c = test_dump(&n[1], "practice");
    CHECK_STR(a, c);
    free(a);
    free(c);
    test_batch_release(&b);

    /* A hub alters a relayed payload: the authentic header is kept as
     * withheld, the altered bytes only as a rejection; the right payload
     * comes later and is applied. */
    int64_t before = test_count(&n[0], "entry");
    const char *v4[] = {"title", "Četvrti", NULL};
    test_put(&n[0], "practice", id, v4);
    test_take(&n[0], before, &b);
    CHECK(b.n == 1);
    b.e[0].payload[b.e[0].payload_len - 3] ^= 1;
    CHECK_RC(SYNC_OK, sync_engine_ingest_from(n[1].e, &src, b.e, 1, res, &err));
    CHECK(res[0] == SYNC_INGEST_WITHHELD);
    CHECK(withheld_at(&n[1], &w) == 1);
    CHECK(test_count(&n[1], "rejected") >= 1);
    b.e[0].payload[b.e[0].payload_len - 3] ^= 1;
    CHECK_RC(SYNC_OK, sync_engine_ingest_from(n[1].e, &src, b.e, 1, res, &err));
    CHECK(res[0] == SYNC_INGEST_APPLIED);
    CHECK(withheld_at(&n[1], &w) == 0);
    test_batch_release(&b);

    /* Withheld, then the owner erases the row: an ordinary purged entry. */
    int64_t mark = test_count(&n[0], "entry");
    snprintf(id, sizeof(id), "%s", test_put(&n[0], "practice", NULL, v1));
    test_take(&n[0], mark, &b);
    CHECK(b.n == 1);
    free(b.e[0].payload);
    b.e[0].payload = NULL;
    b.e[0].payload_len = 0;
    CHECK_RC(SYNC_OK, sync_engine_ingest_from(n[1].e, &src, b.e, 1, res, &err));
    CHECK(res[0] == SYNC_INGEST_WITHHELD);
    CHECK(withheld_at(&n[1], &w) == 1);
    test_batch_release(&b);
    CHECK_RC(SYNC_OK, sync_engine_erase(n[0].e, "practice", id, &err));
    test_take(&n[0], mark + 1, &b);
    test_give(&n[1], &b);
    CHECK(withheld_at(&n[1], &w) == 0);
    test_batch_release(&b);
    sync_engine_close(n[0].e);
    sync_engine_close(n[1].e);
}

/* Only a validated or published practice may be public: a receiver
 * refuses a public put that leaves the row unreviewed, by the status it
 * carries or, when it carries none, the one the row holds. */
static void test_public_unreviewed(void)
{
    struct test_node n[2];
    struct sync_err err;
    enum sync_ingest res;
    test_node_make(&n[0], "Grad Bihać");
    test_node_make(&n[1], "Grad Livno");
    test_introduce(n, 2);
    const char *row = "01940000-0000-7000-8000-0000000000dd";
    uint64_t hlc = SYNC_HLC_MAKE(sync_hlc_wall_ms(), 0);
    struct sync_entry e[3];
    forge_at(&e[0], &n[1], row, SYNC_SCOPE_PUBLIC, 1, NULL, hlc,
             "{\"base\":{},\"owner\":\"Grad Livno\",\"set\":"
             "{\"review_status\":\"submitted\",\"scope\":\"public\","
             "\"status\":\"idea\",\"title\":\"t\"}}");
    CHECK_RC(SYNC_OK, sync_engine_ingest(n[0].e, &e[0], 1, &res, &err));
    CHECK(res == SYNC_INGEST_REFUSED);
    CHECK(test_live_rows(&n[0], "practice") == 0);
    /* without a status at all: the row holds none either */
    forge_at(&e[1], &n[1], row, SYNC_SCOPE_PUBLIC, 2, e[0].id, hlc + 1,
             "{\"base\":{},\"owner\":\"Grad Livno\",\"set\":"
             "{\"scope\":\"public\",\"status\":\"idea\",\"title\":\"t\"}}");
    CHECK_RC(SYNC_OK, sync_engine_ingest(n[0].e, &e[1], 1, &res, &err));
    CHECK(res == SYNC_INGEST_REFUSED);
    /* a published one passes, and a later put without a status too */
    forge_at(&e[2], &n[1], row, SYNC_SCOPE_PUBLIC, 3, e[1].id, hlc + 2,
             "{\"base\":{},\"owner\":\"Grad Livno\",\"set\":"
             "{\"review_status\":\"published\",\"scope\":\"public\","
             "\"status\":\"idea\",\"title\":\"t\"}}");
    CHECK_RC(SYNC_OK, sync_engine_ingest(n[0].e, &e[2], 1, &res, &err));
    CHECK(res == SYNC_INGEST_APPLIED);
    CHECK(test_live_rows(&n[0], "practice") == 1);
    /* the same rule for a local write: refused with the reason */
    static const char *const kv[] = {"title", "Javno",         "status",
                                     "idea",  "review_status", "submitted",
                                     "scope", "public",        NULL};
    struct sync_record set;
    sync_record_init(&set);
    for (size_t i = 0; kv[i]; i += 2)
        sync_record_set_text(&set, kv[i], kv[i + 1]);
    char id[SYNC_UUID_TEXT];
    CHECK(sync_engine_put(n[0].e, "practice", NULL, &set, id, &err) != 0);
    CHECK(strstr(err.msg, "only a validated or published practice may be "
                          "public") != NULL);
    sync_record_release(&set);
    for (size_t i = 0; i < 3; i++)
        sync_entry_release(&e[i]);
    sync_engine_close(n[0].e);
    sync_engine_close(n[1].e);
}

int main(void)
{
    if (sync_global_init(NULL))
        return 1;
    RUN(test_bad_retract);
    RUN(test_rejudged_after_upgrade);
    RUN(test_withheld);
    RUN(test_public_unreviewed);
    return CHECK_DONE();
}
