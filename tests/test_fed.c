/* SPDX-License-Identifier: MIT */
/*
 * fed: the protocol bodies between engines in one process (the HTTP
 * carriage is tested end to end by tests/e2e): joining with an invite,
 * request authentication, push with receipts, pull within scope, and trust
 * that follows roster rows across two hubs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "check.h"
#include "spona/fed.h"
#include "spona/gate.h"
#include "spona/hlc.h"
#include "spona/mem.h"
#include "spona/read.h"
#include "spona/seen.h"
#include "spona/sig.h"
#include "roster.h"
#include "util.h"

struct node {
    struct sync_engine *e;
    char db[256];
    char key[256];
};

static void make(struct node *n, const char *org, bool hub)
{
    struct sync_err err;
    const char *dir = test_tmpdir();
    test_path(n->db, sizeof(n->db), dir, "node.db");
    test_path(n->key, sizeof(n->key), dir, "node.key");
    if (sync_engine_create(&n->e, n->db, n->key, org, &err)) {
        fprintf(stderr, "create: %s\n", err.msg);
        abort();
    }
    if (hub)
        CHECK_RC(SYNC_OK, sync_engine_make_hub(n->e, &err));
}

/* Joins member to hub through invite and join bodies. */
static void join(struct node *member, struct node *hub, const char *role)
{
    char token[SYNC_B64_SIZE(32)];
    struct sync_err err;
    char *resp = NULL;
    size_t len = 0, rlen = 0;
    CHECK_RC(SYNC_OK, sync_fed_invite(hub->e, sync_engine_org(member->e), role,
                                      3600, token, &err));
    char *body = sync_fed_join_request(member->e, token, "n", &len);
    CHECK_RC(SYNC_OK, sync_fed_join(hub->e, sync_engine_self(member->e), body,
                                    len, &resp, &rlen, &err));
    CHECK_RC(SYNC_OK, sync_fed_join_done(member->e, resp, rlen,
                                         sync_engine_self(hub->e), &err));
    /* The token is one-time. */
    free(resp);
    resp = NULL;
    CHECK_RC(SYNC_CONFLICT, sync_fed_join(hub->e, sync_engine_self(member->e),
                                          body, len, &resp, &rlen, &err));
    free(body);
}

/* One sync round of member with hub: push until done, pull until done. */
static void round_trip(struct node *member, struct node *hub)
{
    struct sync_err err;
    struct sync_fed_counts c = {0};
    bool more = true;
    for (int i = 0; i < 100 && more; i++) {
        char *body = NULL, *resp = NULL;
        size_t len = 0, rlen = 0, n = 0;
        CHECK_RC(SYNC_OK, sync_fed_push_request(member->e, &body, &len, &n,
                                                &more, &err));
        if (!body)
            break;
        CHECK_RC(SYNC_OK,
                 sync_fed_push(hub->e, NULL, body, len, &resp, &rlen, &err));
        CHECK_RC(SYNC_OK,
                 sync_fed_push_done(member->e, resp, rlen,
                                    sync_engine_self(hub->e), &c, &err));
        free(body);
        free(resp);
    }
    more = true;
    for (int i = 0; i < 100 && more; i++) {
        char *body = NULL, *resp = NULL;
        size_t len = 0, rlen = 0;
        CHECK_RC(SYNC_OK, sync_fed_pull_request(member->e, &body, &len, &err));
        CHECK_RC(SYNC_OK, sync_fed_pull(hub->e, NULL, NULL, body, len, &resp,
                                        &rlen, &err));
        CHECK_RC(SYNC_OK, sync_fed_pull_done(member->e, NULL, resp, rlen, &more,
                                             &c, &err));
        free(body);
        free(resp);
    }
}

static char *add(struct node *n, const char *title, const char *scope)
{
    static char id[SYNC_UUID_TEXT];
    struct sync_record set;
    struct sync_err err;
    sync_record_init(&set);
    sync_record_set_text(&set, "title", title);
    sync_record_set_text(&set, "status", "pilot");
    sync_record_set_text(&set, "scope", scope);
    CHECK_RC(SYNC_OK, sync_engine_put(n->e, "practice", NULL, &set, id, &err));
    sync_record_release(&set);
    return id;
}

static bool has(struct node *n, const char *id)
{
    struct sync_record r;
    sync_record_init(&r);
    bool ok = sync_engine_get(n->e, "practice", id, &r, NULL) == SYNC_OK;
    sync_record_release(&r);
    return ok;
}

static void test_auth(void)
{
    struct node hub, member, stranger;
    struct sync_req_auth a;
    struct sync_err err;
    make(&hub, "Vlada FBiH", true);
    make(&member, "Grad Bihać", false);
    make(&stranger, "Nepoznati", false);
    join(&member, &hub, "node");
    const char body[] = "{\"have\":[]}";
    sync_req_sign(&a, sync_engine_key(member.e), "POST", "/v1/pull", body,
                  sizeof(body) - 1, sync_hlc_wall_ms());
    CHECK_RC(SYNC_OK, sync_fed_auth(hub.e, NULL, &a, "POST", "/v1/pull", body,
                                    sizeof(body) - 1, false, &err));
    /* Replayed: the nonce is spent. */
    CHECK_RC(SYNC_CONFLICT, sync_fed_auth(hub.e, NULL, &a, "POST", "/v1/pull",
                                          body, sizeof(body) - 1, false, &err));
    CHECK(strstr(err.msg, "replayed") != NULL);
    /* Another body or path under the same signature. */
    sync_req_sign(&a, sync_engine_key(member.e), "POST", "/v1/pull", body,
                  sizeof(body) - 1, sync_hlc_wall_ms());
    CHECK_RC(SYNC_BADSIG, sync_fed_auth(hub.e, NULL, &a, "POST", "/v1/push",
                                        body, sizeof(body) - 1, false, &err));
    /* Too old. */
    sync_req_sign(&a, sync_engine_key(member.e), "POST", "/v1/pull", body,
                  sizeof(body) - 1, sync_hlc_wall_ms() - 3600 * 1000);
    CHECK_RC(SYNC_CONFLICT, sync_fed_auth(hub.e, NULL, &a, "POST", "/v1/pull",
                                          body, sizeof(body) - 1, false, &err));
    /* Not a member. */
    sync_req_sign(&a, sync_engine_key(stranger.e), "POST", "/v1/pull", body,
                  sizeof(body) - 1, sync_hlc_wall_ms());
    CHECK_RC(SYNC_CONFLICT, sync_fed_auth(hub.e, NULL, &a, "POST", "/v1/pull",
                                          body, sizeof(body) - 1, false, &err));
    CHECK(strstr(err.msg, "not a member") != NULL);
    /* An invite for another organisation. */
    char token[SYNC_B64_SIZE(32)];
    char *resp = NULL;
    size_t len = 0, rlen = 0;
    CHECK_RC(SYNC_OK,
             sync_fed_invite(hub.e, "Grad Cazin", "node", 60, token, &err));
    char *req = sync_fed_join_request(stranger.e, token, "x", &len);
    CHECK_RC(SYNC_CONFLICT, sync_fed_join(hub.e, sync_engine_self(stranger.e),
                                          req, len, &resp, &rlen, &err));
    CHECK(strstr(err.msg, "Grad Cazin") != NULL);
    free(req);
    sync_engine_close(hub.e);
    sync_engine_close(member.e);
    sync_engine_close(stranger.e);
}

/*
 * state <- fbih <- {bihac, zivinice}; state <- rs <- {lopare}. A hub
 * practice of Bihać reaches Živinice only; a network one reaches all.
 */
static void test_federation(void)
{
    struct node state, fbih, rs, bihac, zivinice, lopare;
    make(&state, "Ministarstvo", true);
    make(&fbih, "Vlada FBiH", true);
    make(&rs, "Vlada RS", true);
    make(&bihac, "Grad Bihać", false);
    make(&zivinice, "Grad Živinice", false);
    make(&lopare, "Opština Lopare", false);
    join(&fbih, &state, "hub");
    join(&rs, &state, "hub");
    join(&bihac, &fbih, "node");
    join(&zivinice, &fbih, "node");
    join(&lopare, &rs, "node");

    char hub_id[SYNC_UUID_TEXT], net_id[SYNC_UUID_TEXT], rs_id[SYNC_UUID_TEXT];
    char local_id[SYNC_UUID_TEXT];
    snprintf(hub_id, sizeof(hub_id), "%s", add(&bihac, "Samo FBiH", "hub"));
    snprintf(net_id, sizeof(net_id), "%s", add(&bihac, "Svima", "network"));
    snprintf(rs_id, sizeof(rs_id), "%s", add(&lopare, "Iz Lopara", "network"));
    snprintf(local_id, sizeof(local_id), "%s",
             add(&bihac, "Samo Bihać", "local"));

    /* Rounds bottom-up then top-down, twice, like daemons would. */
    for (int k = 0; k < 2; k++) {
        round_trip(&bihac, &fbih);
        round_trip(&zivinice, &fbih);
        round_trip(&lopare, &rs);
        round_trip(&fbih, &state);
        round_trip(&rs, &state);
        round_trip(&fbih, &state);
        round_trip(&bihac, &fbih);
        round_trip(&zivinice, &fbih);
        round_trip(&lopare, &rs);
    }
    CHECK(has(&zivinice, hub_id));
    CHECK(has(&fbih, hub_id));
    CHECK(!has(&state, hub_id));
    CHECK(!has(&rs, hub_id));
    CHECK(!has(&lopare, hub_id));
    struct node *all[] = {&state, &fbih, &rs, &zivinice, &lopare};
    for (size_t i = 0; i < 5; i++)
        CHECK(has(all[i], net_id));
    struct node *others[] = {&state, &fbih, &rs, &bihac, &zivinice};
    for (size_t i = 0; i < 5; i++)
        CHECK(has(others[i], rs_id));
    for (size_t i = 0; i < 5; i++)
        CHECK(!has(all[i], local_id));
    /* Nothing was refused on the way: trust followed the roster. */
    int64_t refused = -1;
    CHECK_RC(SYNC_OK, sync_store_count(sync_engine_store(bihac.e), "rejected",
                                       &refused, NULL));
    CHECK(refused == 0);
    struct sync_verify v;
    CHECK_RC(SYNC_OK, sync_engine_verify(lopare.e, true, &v, NULL));
    CHECK(v.entries > 3);
    struct node *every[] = {&state, &fbih, &rs, &bihac, &zivinice, &lopare};
    for (size_t i = 0; i < 6; i++)
        sync_engine_close(every[i]->e);
}

/* A pull asked "after" a batch equals the one asked once the batch is
 * stored; a batch not stored whole says so. */
static void test_pull_ahead(void)
{
    struct node hub, a, b;
    struct sync_err err;
    make(&hub, "Vlada FBiH", true);
    make(&a, "Grad Bihać", false);
    make(&b, "Grad Bihać", false);
    join(&a, &hub, "node");
    join(&b, &hub, "node");
    for (int i = 0; i < 5; i++)
        add(&hub, "praksa", "network");
    char *ask = NULL, *resp = NULL, *ahead = NULL, *real = NULL;
    size_t len = 0, rlen = 0, alen = 0, qlen = 0;
    struct sync_fed_batch batch;
    struct sync_fed_counts c = {0};
    bool whole = false;
    CHECK_RC(SYNC_OK, sync_fed_pull_request_after(a.e, NULL, &ask, &len, &err));
    CHECK_RC(SYNC_OK,
             sync_fed_pull(hub.e, NULL, NULL, ask, len, &resp, &rlen, &err));
    CHECK_RC(SYNC_OK, sync_fed_pull_parse(resp, rlen, NULL, &batch, &err));
    CHECK(batch.n >= 5 && !batch.more);
    CHECK_RC(SYNC_OK,
             sync_fed_pull_request_after(a.e, &batch, &ahead, &alen, &err));
    CHECK(strcmp(ask, ahead) != 0);
    CHECK_RC(SYNC_OK, sync_fed_pull_apply(a.e, &batch, &c, &whole, &err));
    CHECK(whole);
    CHECK_RC(SYNC_OK,
             sync_fed_pull_request_after(a.e, NULL, &real, &qlen, &err));
    CHECK_STR(real, ahead);
    free(real);
    real = NULL;
    /* b gets the same batch with one payload damaged: not whole, and the
     * guess made before applying it no longer matches what b holds. */
    batch.e[batch.n - 1].payload[1] ^= 1;
    CHECK_RC(SYNC_OK, sync_fed_pull_apply(b.e, &batch, &c, &whole, &err));
    CHECK(!whole);
    CHECK_RC(SYNC_OK,
             sync_fed_pull_request_after(b.e, NULL, &real, &qlen, &err));
    CHECK(strcmp(real, ahead) != 0);
    sync_fed_batch_release(&batch);
    free(ask);
    free(resp);
    free(ahead);
    free(real);
    sync_engine_close(hub.e);
    sync_engine_close(a.e);
    sync_engine_close(b.e);
}

static void narrow(struct node *n, const char *id, const char *scope)
{
    struct sync_record set;
    struct sync_err err;
    char out[SYNC_UUID_TEXT];
    sync_record_init(&set);
    sync_record_set_text(&set, "scope", scope);
    CHECK_RC(SYNC_OK, sync_engine_put(n->e, "practice", id, &set, out, &err));
    sync_record_release(&set);
}

/* Narrowing a row's scope retracts it from the nodes the new scope
 * leaves out; the others keep it, with its new scope. */
static void test_retract(void)
{
    struct node state, fbih, rs, bihac, zivinice, lopare;
    make(&state, "Ministarstvo", true);
    make(&fbih, "Vlada FBiH", true);
    make(&rs, "Vlada RS", true);
    make(&bihac, "Grad Bihać", false);
    make(&zivinice, "Grad Živinice", false);
    make(&lopare, "Opština Lopare", false);
    join(&fbih, &state, "hub");
    join(&rs, &state, "hub");
    join(&bihac, &fbih, "node");
    join(&zivinice, &fbih, "node");
    join(&lopare, &rs, "node");
    char id[SYNC_UUID_TEXT], kept[SYNC_UUID_TEXT];
    snprintf(id, sizeof(id), "%s", add(&bihac, "Za sve", "network"));
    snprintf(kept, sizeof(kept), "%s", add(&bihac, "Ostaje", "network"));
    struct node *all[] = {&state, &fbih, &rs, &bihac, &zivinice, &lopare};
    for (int k = 0; k < 2; k++) {
        round_trip(&bihac, &fbih);
        round_trip(&fbih, &state);
        round_trip(&rs, &state);
        round_trip(&zivinice, &fbih);
        round_trip(&lopare, &rs);
    }
    for (size_t i = 0; i < 6; i++)
        CHECK(has(all[i], id));

    narrow(&bihac, id, "hub");
    for (int k = 0; k < 2; k++) {
        round_trip(&bihac, &fbih);
        round_trip(&fbih, &state);
        round_trip(&rs, &state);
        round_trip(&zivinice, &fbih);
        round_trip(&lopare, &rs);
    }
    CHECK(has(&bihac, id) && has(&fbih, id) && has(&zivinice, id));
    CHECK(!has(&state, id) && !has(&rs, id) && !has(&lopare, id));
    for (size_t i = 0; i < 6; i++)
        CHECK(has(all[i], kept)); /* nothing else affected */
    struct sync_record r;
    sync_record_init(&r);
    CHECK_RC(SYNC_OK, sync_engine_get(zivinice.e, "practice", id, &r, NULL));
    CHECK_STR("hub", sync_record_text(&r, "scope"));
    CHECK_STR("Za sve", sync_record_text(&r, "title"));
    sync_record_release(&r);

    narrow(&bihac, id, "local");
    for (int k = 0; k < 2; k++) {
        round_trip(&bihac, &fbih);
        round_trip(&zivinice, &fbih);
    }
    CHECK(has(&bihac, id));
    CHECK(!has(&fbih, id) && !has(&zivinice, id));

    /* Widened again, it comes back whole. */
    narrow(&bihac, id, "network");
    for (int k = 0; k < 2; k++) {
        round_trip(&bihac, &fbih);
        round_trip(&fbih, &state);
        round_trip(&rs, &state);
        round_trip(&zivinice, &fbih);
        round_trip(&lopare, &rs);
    }
    sync_record_init(&r);
    CHECK_RC(SYNC_OK, sync_engine_get(lopare.e, "practice", id, &r, NULL));
    CHECK_STR("Za sve", sync_record_text(&r, "title"));
    CHECK_STR("network", sync_record_text(&r, "scope"));
    sync_record_release(&r);
    int64_t refused = -1;
    for (size_t i = 0; i < 6; i++) {
        CHECK_RC(SYNC_OK, sync_store_count(sync_engine_store(all[i]->e),
                                           "rejected", &refused, NULL));
        CHECK(refused == 0);
        struct sync_verify v;
        CHECK_RC(SYNC_OK, sync_engine_verify(all[i]->e, true, &v, NULL));
    }
    for (size_t i = 0; i < 6; i++)
        sync_engine_close(all[i]->e);
}

/* The number sql (a count) gives on n's database. */
static int sql_count(struct node *n, const char *sql)
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

/*
 * Judging refused entries again (after an upgrade) applies each once. A
 * roster entry that makes an author trusted applies all its refused
 * entries at once, also those later in the same chunk: were those applied
 * again, a put applied after the retract that dropped its row would bring
 * the row back.
 */
static void test_rejudged_once(void)
{
    struct node hub, a, b;
    make(&hub, "Vlada FBiH", true);
    make(&a, "Grad Tuzla", false);
    make(&b, "Grad Bihać", false);
    join(&a, &hub, "node");
    join(&b, &hub, "node");
    char id[SYNC_UUID_TEXT];
    snprintf(id, sizeof(id), "%s", add(&a, "Povučena", "network"));
    for (int i = 0; i < 300; i++)
        add(&a, "Ostaje", "network");
    struct sync_record set;
    struct sync_err err;
    sync_record_init(&set);
    sync_record_set_text(&set, "scope", "local");
    CHECK_RC(SYNC_OK, sync_engine_put(a.e, "practice", id, &set, NULL, &err));
    sync_record_release(&set);
    round_trip(&a, &hub);
    round_trip(&b, &hub);
    const char *gone = "SELECT count(*) FROM practice WHERE title = "
                       "'Povučena'";
    const char *kept = "SELECT count(*) FROM practice WHERE title = 'Ostaje'";
    CHECK(sql_count(&b, gone) == 0);
    CHECK(sql_count(&b, kept) == 300);

    /* Everything refused again and the author unknown, then opened as if
     * upgraded: the hub's roster entry for it comes first. */
    char sql[300], key[2 * SYNC_SIG_PK_LEN + 1];
    sqlite3 *db = NULL;
    sync_hex_encode(key, sizeof(key), sync_engine_self(a.e), SYNC_SIG_PK_LEN);
    snprintf(sql, sizeof(sql),
             "UPDATE entry SET status = 1; DELETE FROM "
             "member WHERE key = x'%s'; UPDATE node_meta SET v = v - 1 "
             "WHERE k = 'judged_schema'",
             key);
    sync_engine_close(b.e);
    CHECK(sqlite3_open(b.db, &db) == SQLITE_OK);
    CHECK(sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK);
    sqlite3_close(db);
    CHECK(sql_count(&b, "SELECT count(*) FROM entry WHERE status = 1") > 300);
    CHECK_RC(SYNC_OK, sync_engine_open(&b.e, b.db, b.key, &err));
    CHECK(sql_count(&b, "SELECT count(*) FROM entry WHERE status = 1") == 0);
    CHECK(sql_count(&b, gone) == 0);
    CHECK(sql_count(&b, kept) == 300);
    sync_engine_close(hub.e);
    sync_engine_close(a.e);
    sync_engine_close(b.e);
}

/* The hub's pool threads check requests against a struct sync_seen, so a
 * pull writes nothing; its flush keeps the replay guard across a restart,
 * and a member's budget refuses a burst past its size. */
static void test_auth_seen(void)
{
    struct node hub, member;
    struct sync_req_auth a, b;
    struct sync_err err;
    struct sync_seen *seen = NULL;
    make(&hub, "Vlada FBiH", true);
    make(&member, "Grad Bihać", false);
    join(&member, &hub, "node");
    const char body[] = "{\"have\":[]}";
    CHECK_RC(SYNC_OK, sync_seen_new(&seen, hub.e, 2, 3, &err));
    sync_req_sign(&a, sync_engine_key(member.e), "POST", "/v1/pull", body,
                  sizeof(body) - 1, sync_hlc_wall_ms());
    CHECK_RC(SYNC_OK, sync_fed_auth(hub.e, seen, &a, "POST", "/v1/pull", body,
                                    sizeof(body) - 1, false, &err));
    CHECK_RC(SYNC_CONFLICT, sync_fed_auth(hub.e, seen, &a, "POST", "/v1/pull",
                                          body, sizeof(body) - 1, false, &err));
    CHECK(strstr(err.msg, "replayed") != NULL);
    /* Nothing was written: the store alone does not know the nonce... */
    CHECK_RC(SYNC_OK, sync_fed_auth(hub.e, NULL, &a, "POST", "/v1/pull", body,
                                    sizeof(body) - 1, false, &err));
    /* ...until a flush; a new seen (a restarted hub) then refuses it. */
    sync_req_sign(&b, sync_engine_key(member.e), "POST", "/v1/pull", body,
                  sizeof(body) - 1, sync_hlc_wall_ms());
    CHECK_RC(SYNC_OK, sync_fed_auth(hub.e, seen, &b, "POST", "/v1/pull", body,
                                    sizeof(body) - 1, false, &err));
    char *resp = NULL;
    size_t rlen = 0;
    CHECK_RC(SYNC_OK,
             sync_fed_pull(hub.e, seen, sync_engine_self(member.e), body,
                           sizeof(body) - 1, &resp, &rlen, &err));
    free(resp);
    CHECK_RC(SYNC_OK, sync_seen_flush(seen, hub.e, &err));
    sync_seen_free(seen);
    CHECK_RC(SYNC_OK, sync_seen_new(&seen, hub.e, 2, 3, &err));
    CHECK_RC(SYNC_CONFLICT, sync_fed_auth(hub.e, seen, &b, "POST", "/v1/pull",
                                          body, sizeof(body) - 1, false, &err));
    struct sync_member m;
    CHECK_RC(SYNC_OK,
             sync_read_member(hub.e, sync_engine_self(member.e), &m, &err));
    CHECK(m.last_sync > 0);
    CHECK(m.pulled_n > 0);
    /* Budget: 3 at once, then one per 500 ms. */
    const uint8_t *k = sync_engine_self(member.e);
    int64_t retry = 0, t = 1000000;
    CHECK(sync_seen_admit(seen, k, t, &retry));
    CHECK(sync_seen_admit(seen, k, t, &retry));
    CHECK(sync_seen_admit(seen, k, t, &retry));
    CHECK(!sync_seen_admit(seen, k, t, &retry));
    CHECK(retry > 0 && retry <= 501);
    CHECK(!sync_seen_admit(seen, k, t + 400, &retry));
    CHECK(sync_seen_admit(seen, k, t + 500, &retry));
    CHECK(!sync_seen_admit(seen, k, t + 500, &retry));
    /* Another member has its own. */
    CHECK(sync_seen_admit(seen, sync_engine_self(hub.e), t, &retry));
    sync_seen_free(seen);
    sync_engine_close(member.e);
    sync_engine_close(hub.e);
}

/* The hub's answer to a rotation body sent by key. */
static enum sync_rc rotate_at(struct node *hub, const uint8_t *key,
                              const char *body, char **resp, size_t *rlen)
{
    struct sync_err err;
    free(*resp);
    *resp = NULL;
    return sync_fed_rotate(hub->e, key, body, strlen(body), resp, rlen, &err);
}

/* body with every occurrence of from replaced by to (same length). */
static char *swapped(const char *body, const char *from, const char *to)
{
    char *s = sync_xstrdup(body);
    for (char *p = strstr(s, from); p; p = strstr(p + 1, from))
        memcpy(p, to, strlen(to));
    return s;
}

/* Key rotation (PROTOCOL.md §14): refused without both keys' consent,
 * for a key known already, or while the hub holds less than the node;
 * done once, answered again to the new key; the new key's writes reach
 * the other member, and a roster row whose consent does not check is
 * rejected by every receiver. */
static void test_rotate(void)
{
    struct node hub, a, b;
    struct sync_key *next = NULL, *other = NULL, *b_key = NULL;
    struct sync_err err;
    char *body = NULL, *resp = NULL;
    size_t len = 0, rlen = 0;
    make(&hub, "Vlada FBiH", true);
    make(&a, "Grad Bihać", false);
    make(&b, "Grad Živinice", false);
    join(&a, &hub, "node");
    join(&b, &hub, "node");
    uint8_t old[SYNC_SIG_PK_LEN];
    memcpy(old, sync_engine_self(a.e), sizeof(old));
    char *x = sync_xstrdup(add(&a, "Prije", "network"));
    round_trip(&a, &hub);
    sync_key_generate(&next);
    sync_key_generate(&other);
    CHECK_RC(SYNC_OK, sync_key_load(&b_key, b.key, &err));

    /* Not yet pushed: the hub holds less than 'have'. */
    add(&a, "Neposlano", "network");
    CHECK_RC(SYNC_OK, sync_fed_rotate_request(a.e, next, &body, &len, &err));
    CHECK_RC(SYNC_CONFLICT, rotate_at(&hub, old, body, &resp, &rlen));
    free(body);
    round_trip(&a, &hub);
    CHECK_RC(SYNC_OK, sync_fed_rotate_request(a.e, next, &body, &len, &err));

    /* Asked by a third key; the new key's consent missing (its place
     * taken by a key that did not sign); a key known here already. */
    CHECK_RC(SYNC_CONFLICT,
             rotate_at(&hub, sync_engine_self(b.e), body, &resp, &rlen));
    char k_next[SYNC_B64_SIZE(SYNC_SIG_PK_LEN)], k_other[sizeof(k_next)];
    sync_b64_encode(k_next, sizeof(k_next), sync_key_public(next),
                    SYNC_SIG_PK_LEN);
    sync_b64_encode(k_other, sizeof(k_other), sync_key_public(other),
                    SYNC_SIG_PK_LEN);
    char *forged = swapped(body, k_next, k_other);
    CHECK_RC(SYNC_BADSIG, rotate_at(&hub, old, forged, &resp, &rlen));
    free(forged);
    /* 'have' is required: without it nothing would be checked. */
    /* (keys are sorted: "have" comes first, its array holds no array) */
    const char *end = strstr(body, "],");
    CHECK(strncmp(body, "{\"have\":[", 9) == 0 && end != NULL);
    if (end) {
        char *no_have = sync_xmalloc(strlen(end));
        no_have[0] = '{';
        memcpy(no_have + 1, end + 2, strlen(end + 2) + 1);
        CHECK_RC(SYNC_INVALID, rotate_at(&hub, old, no_have, &resp, &rlen));
        free(no_have);
    }
    char *known = NULL;
    CHECK_RC(SYNC_OK, sync_fed_rotate_request(a.e, b_key, &known, &len, &err));
    CHECK_RC(SYNC_CONFLICT, rotate_at(&hub, old, known, &resp, &rlen));
    free(known);

    /* Done; asked again by the new key: the same answer; by the old: no. */
    CHECK_RC(SYNC_OK, rotate_at(&hub, old, body, &resp, &rlen));
    CHECK(strstr(resp, k_next) != NULL);
    CHECK_RC(SYNC_OK,
             rotate_at(&hub, sync_key_public(next), body, &resp, &rlen));
    CHECK_RC(SYNC_OK, sync_fed_rotate_done(a.e, next, resp, rlen, &err));
    CHECK_RC(SYNC_CONFLICT, rotate_at(&hub, old, body, &resp, &rlen));
    CHECK_MEM(sync_engine_self(a.e), sync_key_public(next), SYNC_SIG_PK_LEN);
    CHECK_RC(SYNC_CONFLICT, sync_gate_member(hub.e, old, &err));
    CHECK_RC(SYNC_OK, sync_gate_member(hub.e, sync_key_public(next), &err));

    /* The new key writes; the other member takes it and the old key's. */
    char *y = sync_xstrdup(add(&a, "Poslije", "network"));
    round_trip(&a, &hub);
    round_trip(&b, &hub);
    CHECK(has(&b, x));
    CHECK(has(&b, y));

    /* A roster row that names a previous key without both signatures. */
    struct sync_entry_header h = {.op = SYNC_OP_PUT,
                                  .scope = SYNC_SCOPE_NETWORK};
    struct sync_member voucher = {.active = true};
    struct sync_record set;
    char why[128], k_old[sizeof(k_next)], sig[SYNC_B64_SIZE(SYNC_SIG_LEN)];
    uint8_t s[SYNC_SIG_LEN];
    struct sync_key *old_key = NULL; /* node.key still holds it */
    CHECK_RC(SYNC_OK, sync_key_load(&old_key, a.key, &err));
    memcpy(h.author, sync_engine_self(hub.e), SYNC_SIG_PK_LEN);
    snprintf(voucher.role, sizeof(voucher.role), "hub");
    snprintf(voucher.org, sizeof(voucher.org), "Vlada FBiH");
    sync_b64_encode(k_old, sizeof(k_old), old, SYNC_SIG_PK_LEN);
    for (int i = 0; i < 4; i++) {
        sync_record_init(&set);
        sync_record_set_text(&set, "key", k_next);
        sync_record_set_text(&set, "org", "Grad Bihać");
        sync_record_set_text(&set, "role", "node");
        sync_record_set_text(&set, "status", i == 3 ? "revoked" : "active");
        sync_record_set_text(&set, "prev", k_old);
        /* 0: the old key's signature made by the new key; 1: the new
         * key's missing; 2, 3: both right, 3 in a revoked row (which
         * names no predecessor): only 2 is taken. */
        sync_rotate_sign(s, i == 0 ? next : old_key, old,
                         sync_key_public(next));
        sync_b64_encode(sig, sizeof(sig), s, sizeof(s));
        sync_record_set_text(&set, "prev_sig", sig);
        sync_rotate_sign(s, next, old, sync_key_public(next));
        sync_b64_encode(sig, sizeof(sig), s, sizeof(s));
        if (i != 1)
            sync_record_set_text(&set, "key_sig", sig);
        sync_roster_check_entry(&h, &voucher, "Vlada FBiH", &set, why,
                                sizeof(why));
        CHECK((why[0] == '\0') == (i == 2));
        sync_record_release(&set);
    }
    free(body);
    free(resp);
    free(x);
    free(y);
    sync_key_free(next);
    sync_key_free(other);
    sync_key_free(b_key);
    sync_key_free(old_key);
    sync_engine_close(hub.e);
    sync_engine_close(a.e);
    sync_engine_close(b.e);
}

/* A pull's "wait" (PROTOCOL.md §10): asked for by the member, held only
 * when the answer has nothing new, at most SYNC_LIMIT_LONGPOLL_S; a
 * malformed one is refused. */
static void test_pull_wait(void)
{
    struct node hub, a;
    struct sync_err err;
    make(&hub, "Vlada FBiH", true);
    make(&a, "Grad Bihać", false);
    join(&a, &hub, "node");
    char *ask = NULL, *resp = NULL;
    size_t len = 0, rlen = 0;
    int wait_s = -1;
    CHECK_RC(SYNC_OK, sync_fed_pull_request_wait(a.e, 25, &ask, &len, &err));
    CHECK(strstr(ask, "\"wait\":25") != NULL);
    /* The roster is new to a: answered at once. */
    CHECK_RC(SYNC_OK, sync_fed_pull_wait(hub.e, NULL, NULL, ask, len, &resp,
                                         &rlen, &wait_s, &err));
    CHECK(wait_s == 0);
    bool more = true;
    struct sync_fed_counts c = {0};
    CHECK_RC(SYNC_OK,
             sync_fed_pull_done(a.e, NULL, resp, rlen, &more, &c, &err));
    free(ask);
    free(resp);
    /* Nothing new: held for what it asked, at most the limit. */
    CHECK_RC(SYNC_OK, sync_fed_pull_request_wait(a.e, 90, &ask, &len, &err));
    CHECK_RC(SYNC_OK, sync_fed_pull_wait(hub.e, NULL, NULL, ask, len, &resp,
                                         &rlen, &wait_s, &err));
    CHECK(wait_s == SYNC_LIMIT_LONGPOLL_S);
    CHECK(strstr(resp, "\"entries\":[]") != NULL);
    free(resp);
    /* Something new: not held. */
    add(&hub, "nova praksa", "network");
    CHECK_RC(SYNC_OK, sync_fed_pull_wait(hub.e, NULL, NULL, ask, len, &resp,
                                         &rlen, &wait_s, &err));
    CHECK(wait_s == 0);
    free(resp);
    free(ask);
    /* No wait asked (an older member): never held. */
    CHECK_RC(SYNC_OK, sync_fed_pull_request(a.e, &ask, &len, &err));
    CHECK(strstr(ask, "wait") == NULL);
    free(ask);
    const char *bad[] = {"{\"have\":[],\"wait\":-1}",
                         "{\"have\":[],\"wait\":\"5\"}",
                         "{\"have\":[],\"wait\":2.5}"};
    for (size_t i = 0; i < 3; i++) {
        resp = NULL;
        CHECK_RC(SYNC_INVALID,
                 sync_fed_pull_wait(hub.e, NULL, NULL, bad[i], strlen(bad[i]),
                                    &resp, &rlen, &wait_s, &err));
        free(resp);
    }
    sync_engine_close(hub.e);
    sync_engine_close(a.e);
}

int main(void)
{
    if (sync_global_init(NULL))
        return 1;
    RUN(test_auth);
    RUN(test_auth_seen);
    RUN(test_federation);
    RUN(test_pull_ahead);
    RUN(test_pull_wait);
    RUN(test_retract);
    RUN(test_rejudged_once);
    RUN(test_rotate);
    return CHECK_DONE();
}
