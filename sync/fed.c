/* SPDX-License-Identifier: MIT */
/*
 * fed: protocol bodies. Batches are bounded twice: by entry count
 * (SYNC_LIMIT_BATCH_ENTRIES) and by encoded bytes (SYNC_LIMIT_BATCH_BYTES),
 * always letting at least one entry through so a large payload cannot
 * stall a feed. Receipts name the position the hub holds after the push,
 * which is also how a member learns that a hub lost data (a lower seq).
 */
#include "spona/fed.h"
#include "spona/gate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spona/hlc.h"
#include "spona/mem.h"
#include "spona/seen.h"
#include "msg.h"

#include "engine_int.h"
#include "store.h"

#include "spona/banned.h"

#define TOKEN_LEN 32

/* ---- hub side ---- */

/* The nonce and member checks of sync_fed_auth against seen, in memory. */
static enum sync_rc auth_seen(struct sync_engine *e, struct sync_seen *seen,
                              const struct sync_req_auth *a, int64_t now,
                              struct sync_err *err)
{
    if (!sync_seen_nonce(seen, a, now))
        return sync_err_set(err, SYNC_CONFLICT,
                            "request was already used "
                            "(replayed nonce)");
    enum sync_rc rc = sync_gate_member(e, a->key, err);
    if (!rc)
        sync_seen_member(seen, a->key, now, (int64_t)a->time_ms - now);
    return rc;
}

enum sync_rc sync_fed_auth(struct sync_engine *e, struct sync_seen *seen,
                           const struct sync_req_auth *a, const char *method,
                           const char *path, const void *body, size_t len,
                           bool joining, struct sync_err *err)
{
    struct sync_store *st = sync_engine_store(e);
    int64_t now = (int64_t)sync_hlc_wall_ms();
    bool fresh = false;
    enum sync_rc rc =
        sync_req_check(a, method, path, body, len, (uint64_t)now, err);
    /* A join writes nothing until its invite proves valid: the invite is
     * single-use, which is the replay guard; recording the nonce of every
     * fresh key would let anyone commit a write per request. */
    if (rc || joining)
        return rc;
    if (seen)
        return auth_seen(e, seen, a, now, err);
    if ((rc = sync_store_begin(st, err)))
        return rc;
    rc = sync_store_nonce_use(st, a->key, a->nonce, sizeof(a->nonce),
                              (int64_t)a->time_ms,
                              now - 2 * SYNC_LIMIT_REQ_SKEW_MS, &fresh, err);
    if (!rc && !fresh)
        rc = sync_err_set(err, SYNC_CONFLICT,
                          "request was already used "
                          "(replayed nonce)");
    if (!rc)
        rc = sync_gate_member(e, a->key, err);
    if (!rc)
        rc = sync_store_member_seen(st, a->key, now, (int64_t)a->time_ms - now,
                                    err);
    if (!rc)
        rc = sync_store_commit(st, err);
    if (rc)
        sync_store_rollback(st);
    return rc;
}

static void set_b64(struct sync_json *o, const char *key, const void *bin,
                    size_t len)
{
    char text[SYNC_B64_SIZE(64)];
    sync_b64_encode(text, sizeof(text), bin, len);
    sync_json_set_str(o, key, text);
}

/* Serialises and frees o into *resp; SYNC_TOOBIG past the response limit. */
static enum sync_rc respond(struct sync_json *o, char **resp, size_t *len,
                            struct sync_err *err)
{
    *resp = sync_json_dump_max(o, SYNC_LIMIT_RESPONSE, len);
    sync_json_free(o);
    return *resp ? SYNC_OK
                 : sync_err_set(err, SYNC_TOOBIG, "response is too large");
}

char *sync_fed_info(struct sync_engine *e, const char *name)
{
    struct sync_json *o = sync_json_object();
    set_b64(o, "key", sync_engine_self(e), SYNC_SIG_PK_LEN);
    sync_json_set_str(o, "org", sync_engine_org(e));
    sync_json_set_str(o, "name", name);
    sync_json_set_str(o, "role", sync_engine_is_hub(e) ? "hub" : "node");
    sync_json_set_int(o, "version", 1);
    sync_json_set_int(o, "time", (int64_t)sync_hlc_wall_ms());
    char *text = sync_json_dump(o, false);
    sync_json_free(o);
    return text;
}

enum sync_rc sync_fed_invite(struct sync_engine *e, const char *org,
                             const char *role, int64_t ttl_s,
                             char token_out[SYNC_B64_SIZE(32)],
                             struct sync_err *err)
{
    uint8_t token[TOKEN_LEN];
    uint8_t hash[SYNC_HASH_LEN];
    struct sync_store *st = sync_engine_store(e);
    if (!*org || strlen(org) > SYNC_LIMIT_ORG_NAME)
        return sync_err_set(err, SYNC_INVALID,
                            "organisation name must have "
                            "1 to %d bytes",
                            SYNC_LIMIT_ORG_NAME);
    if (ttl_s <= 0 || ttl_s > SYNC_LIMIT_INVITE_TTL_S)
        return sync_err_set(err, SYNC_INVALID, "an invite lives 1 s to %d s",
                            SYNC_LIMIT_INVITE_TTL_S);
    sync_random(token, sizeof(token));
    sync_hash(hash, token, sizeof(token), NULL, 0);
    enum sync_rc rc = sync_store_begin(st, err);
    if (rc)
        return rc;
    rc = sync_store_invite_add(st, hash, org, role,
                               (int64_t)sync_hlc_wall_ms() + ttl_s * 1000, err);
    if (!rc)
        rc = sync_store_commit(st, err);
    if (rc)
        sync_store_rollback(st);
    else
        sync_b64_encode(token_out, SYNC_B64_SIZE(32), token, sizeof(token));
    sync_memzero(token, sizeof(token));
    return rc;
}

/* Consumes the invite named by token for key, if it is for org. */
static enum sync_rc use_invite(struct sync_store *st, const char *token,
                               const uint8_t *key, const char *org,
                               char **role_out, struct sync_err *err)
{
    uint8_t raw[TOKEN_LEN];
    uint8_t hash[SYNC_HASH_LEN];
    size_t n = 0;
    char *invited = NULL;
    if (!token || sync_b64_decode(raw, sizeof(raw), &n, token, strlen(token)) ||
        n != sizeof(raw))
        return sync_err_set(err, SYNC_INVALID, "malformed invite token");
    sync_hash(hash, raw, sizeof(raw), NULL, 0);
    enum sync_rc rc = sync_store_begin(st, err);
    if (!rc)
        rc = sync_store_invite_use(st, hash, key, (int64_t)sync_hlc_wall_ms(),
                                   &invited, role_out, err);
    if (!rc && strcmp(invited, org) != 0)
        rc = sync_err_set(err, SYNC_CONFLICT,
                          "invite is for '%.80s', not "
                          "for '%.80s'",
                          invited, org);
    if (!rc)
        rc = sync_store_commit(st, err);
    if (rc) {
        sync_store_rollback(st);
        free(*role_out);
        *role_out = NULL;
    }
    free(invited);
    return rc;
}

enum sync_rc sync_fed_join(struct sync_engine *e, const uint8_t *key,
                           const void *body, size_t len, char **resp,
                           size_t *resp_len, struct sync_err *err)
{
    struct sync_msg *m = NULL;
    char *role = NULL;
    enum sync_rc rc = sync_msg_parse(&m, body, len, err);
    if (rc)
        return rc;
    const char *org = sync_msg_str(m, "org");
    const char *name = sync_msg_str(m, "name");
    if (!org || !*org || strlen(org) > SYNC_LIMIT_ORG_NAME ||
        (name && strlen(name) >= 64))
        rc = sync_err_set(err, SYNC_INVALID,
                          "join needs an organisation "
                          "name of 1 to %d bytes and a short node name",
                          SYNC_LIMIT_ORG_NAME);
    if (!rc)
        rc = use_invite(sync_engine_store(e), sync_msg_str(m, "token"), key,
                        org, &role, err);
    if (!rc) {
        struct sync_member mem = {.active = true};
        memcpy(mem.key, key, SYNC_SIG_PK_LEN);
        snprintf(mem.org, sizeof(mem.org), "%s", org);
        snprintf(mem.role, sizeof(mem.role), "%s", role);
        snprintf(mem.name, sizeof(mem.name), "%s", name ? name : "");
        rc = sync_engine_put_roster(e, &mem, err);
    }
    if (!rc) {
        struct sync_json *o = sync_json_object();
        set_b64(o, "hub_key", sync_engine_self(e), SYNC_SIG_PK_LEN);
        sync_json_set_str(o, "org", sync_engine_org(e));
        rc = respond(o, resp, resp_len, err);
    }
    free(role);
    sync_msg_free(m);
    return rc;
}

/* An entries array being filled within the batch limits. */
struct batch_out {
    struct sync_json *arr; /* entries */
    size_t bytes;          /* encoded bytes so far, roughly */
    size_t n;              /* entries so far */
};

static enum sync_rc batch_add(const struct sync_stored *s, void *payload)
{
    struct batch_out *b = payload;
    size_t size =
        SYNC_B64_SIZE(s->header_len + s->sig_len + s->payload_len) + 32;
    if (b->n && b->bytes + size > SYNC_LIMIT_BATCH_BYTES)
        return SYNC_TOOBIG; /* full: stop here, more to come */
    sync_json_push_entry(b->arr, s->header, s->header_len, s->sig, s->payload,
                         s->payload_len);
    b->bytes += size;
    b->n++;
    return SYNC_OK;
}

/* Appends a fork proof entry (no payload) to a JSON array. */
static enum sync_rc fork_add(const void *header, size_t header_len,
                             const void *sig, size_t sig_len, void *payload)
{
    (void)sig_len;
    sync_json_push_entry(payload, header, header_len, sig, NULL, 0);
    return SYNC_OK;
}

/* The feeds of the member's haves that this hub holds less of than the
 * member does, at this hub's position: it lost them (PROTOCOL.md §10). */
static enum sync_rc behind_of(struct sync_engine *e,
                              const struct sync_have *have, size_t n,
                              struct sync_json *out, struct sync_err *err)
{
    for (size_t i = 0; i < n; i++) {
        struct sync_feed f;
        enum sync_rc rc =
            sync_store_feed_get(sync_engine_store(e), &f, have[i].author,
                                have[i].scope, false, err);
        if (rc == SYNC_NOTFOUND)
            f.last_seq = 0;
        else if (rc)
            return rc;
        if (f.last_seq < have[i].seq) {
            struct sync_have at = have[i];
            at.seq = f.last_seq;
            sync_json_push_have(out, &at);
        }
    }
    return SYNC_OK;
}

enum sync_rc sync_fed_pull(struct sync_engine *e, struct sync_seen *seen,
                           const uint8_t *key, const void *body, size_t len,
                           char **resp, size_t *resp_len, struct sync_err *err)
{
    struct sync_msg *m = NULL;
    struct sync_have *have = NULL;
    uint8_t(*want)[SYNC_HASH_LEN] = NULL;
    size_t n_have = 0, n_want = 0;
    int64_t end = 0;
    bool more = false;
    struct batch_out b = {.arr = sync_json_array()};
    /* Taken first: what is stored during the batch may not be in it. */
    enum sync_rc rc = sync_store_last_n(sync_engine_store(e), &end, err);
    if (!rc)
        rc = sync_msg_parse(&m, body, len, err);
    if (!rc)
        rc = sync_msg_haves(m, "have", &have, &n_have, err);
    if (!rc)
        rc = sync_msg_ids(m, "want", SYNC_LIMIT_WANT, &want, &n_want, err);
    /* Withheld entries asked for again come first (PROTOCOL.md §10). */
    for (size_t i = 0; i < n_want && !rc; i++)
        rc = sync_store_wanted(sync_engine_store(e), sync_engine_self(e),
                               want[i], batch_add, &b, err);
    if (rc == SYNC_TOOBIG)
        rc = SYNC_OK; /* the batch is full: the rest next time */
    if (!rc)
        rc = sync_store_pull_batch(sync_engine_store(e), sync_engine_self(e),
                                   have, n_have, SYNC_LIMIT_BATCH_ENTRIES - b.n,
                                   batch_add, &b, &more, err);
    if (!rc && !more && key && seen)
        sync_seen_pulled(seen, key, end);
    else if (!rc && !more && key)
        rc = sync_store_member_pulled(sync_engine_store(e), key, end, err);
    struct sync_json *behind = sync_json_array();
    struct sync_json *forks = sync_json_array();
    struct sync_have *known = NULL;
    size_t n_known = 0;
    if (!rc && key)
        rc = behind_of(e, have, n_have, behind, err);
    if (!rc && sync_msg_has(m, "forked"))
        rc = sync_msg_haves(m, "forked", &known, &n_known, err);
    if (!rc)
        rc = sync_store_forks_for(sync_engine_store(e), sync_engine_self(e),
                                  known, n_known, SYNC_LIMIT_FORKS, fork_add,
                                  forks, err);
    free(known);
    if (!rc) {
        struct sync_json *o = sync_json_object();
        sync_json_set(o, "entries", b.arr);
        b.arr = NULL;
        sync_json_set_bool(o, "more", more);
        sync_json_set(o, "behind", behind);
        sync_json_set(o, "forks", forks);
        behind = forks = NULL;
        rc = respond(o, resp, resp_len, err);
    }
    sync_json_free(b.arr);
    sync_json_free(behind);
    sync_json_free(forks);
    free(have);
    free(want);
    sync_msg_free(m);
    return rc;
}

static void counts_add(struct sync_fed_counts *c, enum sync_ingest r)
{
    switch (r) {
    case SYNC_INGEST_APPLIED:
        c->applied++;
        break;
    case SYNC_INGEST_KNOWN:
        c->known++;
        break;
    case SYNC_INGEST_REFUSED:
        c->refused++;
        break;
    case SYNC_INGEST_REJECTED:
        c->rejected++;
        break;
    case SYNC_INGEST_FORK:
        c->forks++;
        break;
    case SYNC_INGEST_GAP:
        c->gaps++;
        break;
    case SYNC_INGEST_WITHHELD:
        c->withheld++;
        break;
    }
}

static void counts_json(struct sync_json *o, const struct sync_fed_counts *c)
{
    sync_json_set_int(o, "applied", (int64_t)c->applied);
    sync_json_set_int(o, "known", (int64_t)c->known);
    sync_json_set_int(o, "refused", (int64_t)c->refused);
    sync_json_set_int(o, "rejected", (int64_t)c->rejected);
    sync_json_set_int(o, "forks", (int64_t)c->forks);
    sync_json_set_int(o, "gaps", (int64_t)c->gaps);
    sync_json_set_int(o, "withheld", (int64_t)c->withheld);
}

/* Receipts for every feed named in the batch: what this hub now holds;
 * and in forked, the feeds of the batch a fork has closed here. */
static enum sync_rc receipts(struct sync_engine *e, const struct sync_entry *en,
                             size_t n, struct sync_json *arr,
                             struct sync_json *forked, struct sync_err *err)
{
    for (size_t i = 0; i < n; i++) {
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = en[j].h.scope == en[i].h.scope &&
                   memcmp(en[j].h.author, en[i].h.author, SYNC_SIG_PK_LEN) == 0;
        struct sync_feed f;
        if (seen)
            continue;
        enum sync_rc rc =
            sync_store_feed_get(sync_engine_store(e), &f, en[i].h.author,
                                en[i].h.scope, false, err);
        if (rc == SYNC_NOTFOUND)
            continue;
        if (rc)
            return rc;
        struct sync_have at = {.scope = f.scope, .seq = f.last_seq};
        struct sync_receipt r;
        memcpy(at.author, f.author, SYNC_SIG_PK_LEN);
        sync_receipt_sign(&r, &at, sync_engine_key(e));
        sync_json_push_receipt(arr, &r);
        if (f.forked)
            sync_json_push_have(forked, &at);
    }
    return SYNC_OK;
}

static void entries_free(struct sync_entry *en, size_t n)
{
    for (size_t i = 0; i < n; i++)
        sync_entry_release(&en[i]);
    free(en);
}

/* ---- fork proofs travel (PROTOCOL.md §6) ---- */

/* Ingests fork proofs: of en[0..n), those that can be proof here (of a
 * feed this node holds up to their seq and has not closed, not held
 * themselves); each such second entry at a held seq is a fork, recorded
 * with its proof. */
static enum sync_rc forks_ingest(struct sync_engine *e,
                                 const struct sync_source *src,
                                 const struct sync_entry *en, size_t n,
                                 struct sync_fed_counts *c,
                                 struct sync_err *err)
{
    size_t kept = 0;
    enum sync_rc rc = SYNC_OK;
    /* Shallow copies: the entries stay the caller's. */
    struct sync_entry *k = sync_xcalloc(n ? n : 1, sizeof(*k));
    for (size_t i = 0; i < n && !rc; i++) {
        struct sync_feed f;
        int status = -1;
        rc = sync_store_feed_get(sync_engine_store(e), &f, en[i].h.author,
                                 en[i].h.scope, false, err);
        if (rc == SYNC_NOTFOUND) {
            rc = SYNC_OK;
            continue;
        }
        if (!rc)
            rc = sync_store_entry_status(sync_engine_store(e), en[i].id,
                                         &status, err);
        if (!rc && status < 0 && en[i].h.seq <= f.last_seq && !f.forked)
            k[kept++] = en[i];
    }
    enum sync_ingest *res = sync_xcalloc(kept ? kept : 1, sizeof(*res));
    if (!rc && kept)
        rc = sync_engine_ingest_from(e, src, k, kept, res, err);
    for (size_t i = 0; i < kept && !rc; i++)
        c->forks += res[i] == SYNC_INGEST_FORK;
    free(res);
    free(k);
    return rc;
}

/* The optional "forks" of m (at most SYNC_LIMIT_FORKS proofs). */
static enum sync_rc forks_parse(const struct sync_msg *m,
                                struct sync_entry **out, size_t *n,
                                struct sync_err *err)
{
    *out = NULL;
    *n = 0;
    if (!sync_msg_has(m, "forks"))
        return SYNC_OK;
    enum sync_rc rc = sync_msg_entries(m, "forks", out, n, err);
    if (!rc && *n > 2 * SYNC_LIMIT_FORKS) {
        entries_free(*out, *n);
        *out = NULL;
        *n = 0;
        rc = sync_err_set(err, SYNC_TOOBIG, "over %d fork proofs",
                          SYNC_LIMIT_FORKS);
    }
    return rc;
}

enum sync_rc sync_fed_push(struct sync_engine *e, const uint8_t *key,
                           const void *body, size_t len, char **resp,
                           size_t *resp_len, struct sync_err *err)
{
    const struct sync_source src = {.peer = key, .pushed = true};
    struct sync_msg *m = NULL;
    struct sync_entry *en = NULL;
    size_t n = 0;
    struct sync_fed_counts c = {0};
    bool gap = false;
    enum sync_rc rc = sync_msg_parse(&m, body, len, err);
    if (!rc)
        rc = sync_msg_entries(m, "entries", &en, &n, err);
    enum sync_ingest *res = sync_xcalloc(n ? n : 1, sizeof(*res));
    if (!rc)
        rc = sync_engine_ingest_from(e, &src, en, n, res, err);
    for (size_t i = 0; i < n && !rc; i++)
        counts_add(&c, res[i]);
    struct sync_entry *fk = NULL;
    size_t n_fk = 0;
    if (!rc)
        rc = forks_parse(m, &fk, &n_fk, err);
    if (!rc)
        rc = forks_ingest(e, &src, fk, n_fk, &c, err);
    entries_free(fk, n_fk);
    /* Skipped entries: the receipts tell the member where to resume. */
    gap = c.gaps > 0;
    struct sync_json *o = NULL;
    if (!rc) {
        struct sync_json *arr = sync_json_array();
        struct sync_json *forked = sync_json_array();
        o = sync_json_object();
        rc = receipts(e, en, n, arr, forked, err);
        sync_json_set(o, "receipts", arr);
        sync_json_set(o, "forked", forked);
        sync_json_set_bool(o, "gap", gap);
        counts_json(o, &c);
    }
    if (!rc)
        rc = respond(o, resp, resp_len, err);
    else
        sync_json_free(o);
    free(res);
    entries_free(en, n);
    sync_msg_free(m);
    return rc;
}

enum sync_rc sync_fed_heads(struct sync_engine *e, const void *body, size_t len,
                            char **resp, size_t *resp_len, struct sync_err *err)
{
    struct sync_msg *m = NULL;
    struct sync_head *heads = NULL;
    uint8_t id[SYNC_HASH_LEN];
    size_t n = 0, idn = 0;
    enum sync_rc rc = sync_msg_parse(&m, body, len, err);
    const char *cp = rc ? NULL : sync_msg_str(m, "checkpoint");
    if (!rc && (!cp || sync_b64_decode(id, sizeof(id), &idn, cp, strlen(cp)) ||
                idn != sizeof(id)))
        rc = sync_err_set(err, SYNC_INVALID, "'checkpoint' is not an entry id");
    if (!rc)
        rc = sync_store_heads_get(sync_engine_store(e), id, &heads, &n, err);
    /* An empty checkpoint keeps no heads: known, but not kept, is 404. */
    struct store_checkpoint c;
    if (!rc && n == 0 &&
        ((rc = sync_store_checkpoint_get(sync_engine_store(e), id, &c, err)) ||
         c.feeds != 0 ||
         memcmp(c.author, sync_engine_self(e), SYNC_SIG_PK_LEN) != 0))
        rc = sync_err_set(err, SYNC_NOTFOUND,
                          "no heads kept for that checkpoint");
    if (!rc) {
        struct sync_json *arr = sync_json_array();
        for (size_t i = 0; i < n; i++)
            sync_json_push_head(arr, &heads[i]);
        struct sync_json *o = sync_json_object();
        sync_json_set(o, "heads", arr);
        rc = respond(o, resp, resp_len, err);
    }
    free(heads);
    sync_msg_free(m);
    return rc;
}

/* ---- member side ---- */

enum sync_rc sync_fed_heads_request(struct sync_engine *e, const uint8_t *hub,
                                    char **body, size_t *len,
                                    struct sync_err *err)
{
    uint8_t id[SYNC_HASH_LEN];
    bool found = false;
    char text[SYNC_B64_SIZE(SYNC_HASH_LEN)];
    *body = NULL;
    *len = 0;
    enum sync_rc rc = engine_checkpoint_pending(e, hub, id, &found, err);
    if (rc || !found)
        return rc;
    sync_b64_encode(text, sizeof(text), id, sizeof(id));
    struct sync_json *o = sync_json_object();
    sync_json_set_str(o, "checkpoint", text);
    *body = sync_json_dump_max(o, SYNC_LIMIT_BODY, len);
    sync_json_free(o);
    return SYNC_OK;
}

/* The checkpoint id of a heads request this node made. */
static enum sync_rc request_id(const char *request, uint8_t *id,
                               struct sync_err *err)
{
    struct sync_msg *q = NULL;
    size_t idn = 0;
    enum sync_rc rc = sync_msg_parse(&q, request, strlen(request), err);
    const char *cp = rc ? NULL : sync_msg_str(q, "checkpoint");
    if (!rc &&
        (!cp || sync_b64_decode(id, SYNC_HASH_LEN, &idn, cp, strlen(cp)) ||
         idn != SYNC_HASH_LEN))
        rc = sync_err_set(err, SYNC_INTERNAL, "not a heads request");
    sync_msg_free(q);
    return rc;
}

enum sync_rc sync_fed_heads_gone(struct sync_engine *e, const uint8_t *hub,
                                 const char *request, struct sync_err *err)
{
    uint8_t id[SYNC_HASH_LEN];
    enum sync_rc rc = request_id(request, id, err);
    return rc ? rc : engine_checkpoint_pass(e, hub, id, err);
}

enum sync_rc sync_fed_heads_done(struct sync_engine *e, const uint8_t *hub,
                                 const char *request, const void *body,
                                 size_t len, size_t *findings, bool *repush,
                                 struct sync_err *err)
{
    struct sync_msg *m = NULL;
    struct sync_head *heads = NULL;
    uint8_t id[SYNC_HASH_LEN];
    size_t n = 0;
    *findings = 0;
    *repush = false;
    enum sync_rc rc = request_id(request, id, err);
    if (!rc)
        rc = sync_msg_parse(&m, body, len, err);
    if (!rc)
        rc = sync_msg_heads(m, "heads", &heads, &n, err);
    if (!rc)
        rc = engine_checkpoint_check(e, hub, id, heads, n, findings, repush,
                                     err);
    free(heads);
    sync_msg_free(m);
    return rc;
}

char *sync_fed_join_request(struct sync_engine *e, const char *token,
                            const char *name, size_t *len_out)
{
    struct sync_json *o = sync_json_object();
    sync_json_set_str(o, "token", token);
    sync_json_set_str(o, "org", sync_engine_org(e));
    sync_json_set_str(o, "name", name);
    char *text = sync_json_dump_max(o, SYNC_LIMIT_BODY, len_out);
    sync_json_free(o);
    return text;
}

enum sync_rc sync_fed_join_done(struct sync_engine *e, const void *body,
                                size_t len, const uint8_t *expect_key,
                                struct sync_err *err)
{
    struct sync_msg *m = NULL;
    uint8_t key[SYNC_SIG_PK_LEN];
    size_t n = 0;
    enum sync_rc rc = sync_msg_parse(&m, body, len, err);
    if (rc)
        return rc;
    const char *k = sync_msg_str(m, "hub_key");
    const char *org = sync_msg_str(m, "org");
    if (!k || !org || sync_b64_decode(key, sizeof(key), &n, k, strlen(k)) ||
        n != sizeof(key))
        rc = sync_err_set(err, SYNC_PROTO,
                          "hub answered the join with a "
                          "malformed body");
    else if (!sync_memeq(key, expect_key, sizeof(key)))
        rc = sync_err_set(err, SYNC_BADSIG,
                          "hub key differs from the one in "
                          "the join string");
    else
        rc = sync_engine_trust_upstream(e, key, org, NULL, err);
    sync_msg_free(m);
    return rc;
}

/* The shared feeds a node holds, as haves. */
struct haves {
    struct sync_have *h; /* owned */
    size_t n;
    size_t cap;
};

static void haves_push(struct haves *w, const uint8_t *author, int scope,
                       uint64_t seq)
{
    if (w->n == w->cap) {
        w->cap = w->cap ? 2 * w->cap : 64;
        w->h = sync_xrealloc(w->h, w->cap * sizeof(*w->h));
    }
    struct sync_have *h = &w->h[w->n++];
    memcpy(h->author, author, SYNC_SIG_PK_LEN);
    h->scope = scope;
    h->seq = seq;
}

static enum sync_rc have_add(const struct sync_feed *f, void *payload)
{
    if (f->scope != SYNC_SCOPE_LOCAL && f->last_seq > 0)
        haves_push(payload, f->author, f->scope, f->last_seq);
    return SYNC_OK;
}

/* By feed, the highest seq first. */
static int have_cmp(const void *a, const void *b)
{
    const struct sync_have *x = a, *y = b;
    int c = memcmp(x->author, y->author, SYNC_SIG_PK_LEN);
    if (c)
        return c;
    if (x->scope != y->scope)
        return x->scope < y->scope ? -1 : 1;
    return x->seq > y->seq ? -1 : x->seq < y->seq;
}

/* The feeds this node knows forked: their proofs need not come again. */
static enum sync_rc forked_add(const struct sync_feed *f, void *payload)
{
    if (f->forked) {
        struct sync_have h = {.scope = f->scope, .seq = f->last_seq};
        memcpy(h.author, f->author, SYNC_SIG_PK_LEN);
        sync_json_push_have(payload, &h);
    }
    return SYNC_OK;
}

/* The ids of withheld entries, asked for again. */
struct wants {
    struct sync_json *arr;
    size_t n;
};

static enum sync_rc want_add(const struct sync_withheld *w, void *payload)
{
    struct wants *ws = payload;
    char id[SYNC_B64_SIZE(SYNC_HASH_LEN)];
    sync_b64_encode(id, sizeof(id), w->id, sizeof(w->id));
    sync_json_push(ws->arr, sync_json_string(id));
    ws->n++;
    return SYNC_OK;
}

enum sync_rc sync_fed_pull_request_after(struct sync_engine *e,
                                         const struct sync_fed_batch *b,
                                         char **body, size_t *len,
                                         struct sync_err *err)
{
    struct haves w = {0};
    enum sync_rc rc =
        sync_store_feeds_each(sync_engine_store(e), have_add, &w, err);
    for (size_t i = 0; b && i < b->n && !rc; i++)
        if (b->e[i].h.scope != SYNC_SCOPE_LOCAL)
            haves_push(&w, b->e[i].h.author, b->e[i].h.scope, b->e[i].h.seq);
    if (rc) {
        free(w.h);
        return rc;
    }
    /* One have per feed: the highest of what is held and what comes. */
    if (w.n)
        qsort(w.h, w.n, sizeof(*w.h), have_cmp);
    struct sync_json *arr = sync_json_array();
    for (size_t i = 0; i < w.n; i++)
        if (i == 0 ||
            memcmp(w.h[i].author, w.h[i - 1].author, SYNC_SIG_PK_LEN) != 0 ||
            w.h[i].scope != w.h[i - 1].scope)
            sync_json_push_have(arr, &w.h[i]);
    free(w.h);
    struct sync_json *o = sync_json_object();
    sync_json_set(o, "have", arr);
    struct sync_json *forked = sync_json_array();
    rc = sync_store_feeds_each(sync_engine_store(e), forked_add, forked, err);
    sync_json_set(o, "forked", forked);
    struct wants want = {.arr = sync_json_array()};
    if (rc) {
        sync_json_free(want.arr);
        sync_json_free(o);
        return rc;
    }
    rc = sync_store_withheld_each(sync_engine_store(e), SYNC_LIMIT_WANT,
                                  want_add, &want, err);
    if (rc) {
        sync_json_free(want.arr);
        sync_json_free(o);
        return rc;
    }
    if (want.n)
        sync_json_set(o, "want", want.arr);
    else
        sync_json_free(want.arr);
    *body = sync_json_dump_max(o, SYNC_LIMIT_BODY, len);
    sync_json_free(o);
    return *body ? SYNC_OK
                 : sync_err_set(err, SYNC_TOOBIG, "too many feeds to ask for");
}

enum sync_rc sync_fed_pull_request(struct sync_engine *e, char **body,
                                   size_t *len, struct sync_err *err)
{
    return sync_fed_pull_request_after(e, NULL, body, len, err);
}

enum sync_rc sync_fed_pull_parse(const void *body, size_t len,
                                 const uint8_t *hub, struct sync_fed_batch *out,
                                 struct sync_err *err)
{
    struct sync_msg *m = NULL;
    memset(out, 0, sizeof(*out));
    if (hub) {
        out->has_hub = true;
        memcpy(out->hub, hub, SYNC_SIG_PK_LEN);
    }
    enum sync_rc rc = sync_msg_parse(&m, body, len, err);
    if (!rc)
        rc = sync_msg_entries(m, "entries", &out->e, &out->n, err);
    out->more = !rc && out->n > 0 && sync_msg_bool(m, "more");
    if (!rc && sync_msg_has(m, "behind"))
        rc = sync_msg_haves(m, "behind", &out->behind, &out->n_behind, err);
    if (!rc)
        rc = forks_parse(m, &out->forks, &out->n_forks, err);
    sync_msg_free(m);
    return rc;
}

void sync_fed_batch_release(struct sync_fed_batch *b)
{
    entries_free(b->e, b->n);
    entries_free(b->forks, b->n_forks);
    free(b->behind);
    memset(b, 0, sizeof(*b));
}

enum sync_rc sync_fed_pull_apply(struct sync_engine *e,
                                 const struct sync_fed_batch *b,
                                 struct sync_fed_counts *counts, bool *whole,
                                 struct sync_err *err)
{
    const struct sync_source src = {.peer = b->has_hub ? b->hub : NULL};
    enum sync_ingest *res = sync_xcalloc(b->n ? b->n : 1, sizeof(*res));
    enum sync_rc rc = sync_engine_ingest_from(e, &src, b->e, b->n, res, err);
    if (!rc && b->n_behind && b->has_hub)
        rc = engine_hub_behind(e, b->hub, b->behind, b->n_behind, &counts->lost,
                               err);
    if (!rc && b->n_forks)
        rc = forks_ingest(e, &src, b->forks, b->n_forks, counts, err);
    *whole = true;
    for (size_t i = 0; i < b->n && !rc; i++) {
        counts_add(counts, res[i]);
        *whole &=
            res[i] == SYNC_INGEST_APPLIED || res[i] == SYNC_INGEST_KNOWN ||
            res[i] == SYNC_INGEST_REFUSED || res[i] == SYNC_INGEST_WITHHELD;
    }
    free(res);
    return rc;
}

enum sync_rc sync_fed_pull_done(struct sync_engine *e, const uint8_t *hub,
                                const void *body, size_t len, bool *more,
                                struct sync_fed_counts *counts,
                                struct sync_err *err)
{
    struct sync_fed_batch b;
    bool whole = false;
    enum sync_rc rc = sync_fed_pull_parse(body, len, hub, &b, err);
    if (!rc)
        rc = sync_fed_pull_apply(e, &b, counts, &whole, err);
    *more = !rc && b.more;
    sync_fed_batch_release(&b);
    return rc;
}

enum sync_rc sync_fed_push_request(struct sync_engine *e, char **body,
                                   size_t *len, size_t *n_out, bool *more,
                                   struct sync_err *err)
{
    struct batch_out b = {.arr = sync_json_array()};
    enum sync_rc rc = sync_store_push_batch(
        sync_engine_store(e), sync_engine_self(e), sync_engine_is_hub(e),
        SYNC_LIMIT_BATCH_ENTRIES, batch_add, &b, more, err);
    *body = NULL;
    *n_out = b.n;
    if (rc || b.n == 0) {
        sync_json_free(b.arr);
        *more = false;
        return rc;
    }
    struct sync_json *o = sync_json_object();
    sync_json_set(o, "entries", b.arr);
    *body = sync_json_dump_max(o, SYNC_LIMIT_BODY, len);
    sync_json_free(o);
    return *body ? SYNC_OK
                 : sync_err_set(err, SYNC_TOOBIG, "push batch is too large");
}

enum sync_rc sync_fed_forks_request(struct sync_engine *e, char **body,
                                    size_t *len, int64_t *last,
                                    struct sync_err *err)
{
    struct sync_json *forks = sync_json_array();
    *body = NULL;
    *last = 0;
    enum sync_rc rc = sync_store_forks_up(
        sync_engine_store(e), SYNC_LIMIT_FORKS, fork_add, forks, last, err);
    if (rc || *last == 0) {
        sync_json_free(forks);
        return rc;
    }
    struct sync_json *o = sync_json_object();
    sync_json_set(o, "entries", sync_json_array());
    sync_json_set(o, "forks", forks);
    *body = sync_json_dump_max(o, SYNC_LIMIT_BODY, len);
    sync_json_free(o);
    return *body ? SYNC_OK
                 : sync_err_set(err, SYNC_TOOBIG, "fork proofs too large");
}

enum sync_rc sync_fed_forks_done(struct sync_engine *e, int64_t last,
                                 struct sync_err *err)
{
    struct sync_store *st = sync_engine_store(e);
    enum sync_rc rc = sync_store_begin(st, err);
    if (!rc)
        rc = sync_store_forks_up_done(st, last, err);
    if (!rc)
        rc = sync_store_commit(st, err);
    if (rc)
        sync_store_rollback(st);
    return rc;
}

enum sync_rc sync_fed_push_done(struct sync_engine *e, const void *body,
                                size_t len, const uint8_t *hub_key,
                                struct sync_fed_counts *counts,
                                struct sync_err *err)
{
    struct sync_msg *m = NULL;
    struct sync_receipt *r = NULL;
    size_t n = 0;
    struct sync_store *st = sync_engine_store(e);
    enum sync_rc rc = sync_msg_parse(&m, body, len, err);
    if (!rc)
        rc = sync_msg_receipts(m, "receipts", &r, &n, err);
    for (size_t i = 0; i < n && !rc; i++)
        rc = sync_receipt_verify(&r[i], hub_key, err);
    struct sync_have *forked = NULL;
    size_t n_forked = 0;
    if (!rc && sync_msg_has(m, "forked"))
        rc = sync_msg_haves(m, "forked", &forked, &n_forked, err);
    if (!rc && !(rc = sync_store_begin(st, err))) {
        for (size_t i = 0; i < n && !rc; i++)
            rc = sync_store_feed_ack(st, r[i].at.author, r[i].at.scope,
                                     r[i].at.seq, err);
        /* Kept: proof of what the hub acknowledged (PROTOCOL.md §13). */
        for (size_t i = 0; i < n && !rc; i++)
            if (memcmp(r[i].at.author, sync_engine_self(e), SYNC_SIG_PK_LEN) ==
                0)
                rc = sync_store_receipt_keep(st, &r[i], hub_key,
                                             (int64_t)sync_hlc_wall_ms(), err);
        if (!rc)
            rc = sync_store_commit(st, err);
        if (rc)
            sync_store_rollback(st);
    }
    if (!rc) {
        counts->applied += (size_t)sync_msg_int(m, "applied", 0);
        counts->known += (size_t)sync_msg_int(m, "known", 0);
        counts->refused += (size_t)sync_msg_int(m, "refused", 0);
        counts->rejected += (size_t)sync_msg_int(m, "rejected", 0);
        counts->forks += (size_t)sync_msg_int(m, "forks", 0);
        counts->gaps += (size_t)sync_msg_int(m, "gaps", 0);
        counts->withheld += (size_t)sync_msg_int(m, "withheld", 0);
    }
    /* The hub closed one of this node's own feeds: say so plainly. */
    for (size_t i = 0; i < n_forked && !rc; i++)
        if (memcmp(forked[i].author, sync_engine_self(e), SYNC_SIG_PK_LEN) == 0)
            rc = sync_err_set(
                err, SYNC_CONFLICT,
                "the hub closed this node's %s feed as forked (it holds it "
                "up to seq %llu): "
                "another copy of this node's key (a copied folder or a "
                "restored backup) wrote different entries, and the hub "
                "refuses this feed's later changes; see 'spona status' and "
                "docs/OPERATIONS.md",
                sync_scope_name(forked[i].scope),
                (unsigned long long)forked[i].seq);
    free(forked);
    free(r);
    sync_msg_free(m);
    return rc;
}

struct cut_walk {
    const uint8_t *key; /* revoked key */
    char *cut;          /* "scope:seq|..." being built */
    size_t size;        /* bytes of cut */
};

static enum sync_rc cut_feed(const struct sync_feed *f, void *payload)
{
    struct cut_walk *w = payload;
    if (memcmp(f->author, w->key, SYNC_SIG_PK_LEN) != 0)
        return SYNC_OK;
    size_t len = strlen(w->cut);
    snprintf(w->cut + len, w->size - len, "%s%d:%llu", len ? "|" : "", f->scope,
             (unsigned long long)f->last_seq);
    return SYNC_OK;
}

enum sync_rc sync_fed_revoke(struct sync_engine *e, const uint8_t *key,
                             struct sync_member *out, struct sync_err *err)
{
    struct sync_store *st = sync_engine_store(e);
    enum sync_rc rc = sync_store_member_read(st, key, out, err);
    if (rc)
        return rc;
    if (!out->has_writer ||
        memcmp(out->writer, sync_engine_self(e), SYNC_SIG_PK_LEN) != 0)
        return sync_err_set(err, SYNC_CONFLICT,
                            "key is not a member of this "
                            "hub");
    struct cut_walk w = {.key = key, .cut = out->cut, .size = sizeof(out->cut)};
    out->cut[0] = '\0';
    out->active = false;
    rc = sync_store_feeds_each(st, cut_feed, &w, err);
    return rc ? rc : sync_engine_put_roster(e, out, err);
}
