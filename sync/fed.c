/* SPDX-License-Identifier: MIT */
/*
 * fed: protocol bodies, the hub's side (the member's is fed_member.c). Batches
 * are bounded twice: by entry count (SYNC_LIMIT_BATCH_ENTRIES) and by encoded
 * bytes (SYNC_LIMIT_BATCH_BYTES), always letting at least one entry through so
 * a large payload cannot stall a feed. Receipts name the position the hub holds
 * after the push, which is also how a member learns that a hub lost data (a
 * lower seq).
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
#include "fed_int.h"
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

void fed_set_b64(struct sync_json *o, const char *key, const void *bin,
                 size_t len)
{
    char text[SYNC_B64_SIZE(64)];
    sync_b64_encode(text, sizeof(text), bin, len);
    sync_json_set_str(o, key, text);
}

/* Serialises and frees o into *resp; SYNC_TOOBIG past the response limit. */
enum sync_rc fed_respond(struct sync_json *o, char **resp, size_t *len,
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
    fed_set_b64(o, "key", sync_engine_self(e), SYNC_SIG_PK_LEN);
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
        fed_set_b64(o, "hub_key", sync_engine_self(e), SYNC_SIG_PK_LEN);
        sync_json_set_str(o, "org", sync_engine_org(e));
        rc = fed_respond(o, resp, resp_len, err);
    }
    free(role);
    sync_msg_free(m);
    return rc;
}

/* An entries array being filled within the batch limits. */
enum sync_rc fed_batch_add(const struct sync_stored *s, void *payload)
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
enum sync_rc fed_fork_add(const void *header, size_t header_len,
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

/* The seconds a pull asks to be held (PROTOCOL.md §10), at most
 * SYNC_LIMIT_LONGPOLL_S; 0 when absent. */
static enum sync_rc wait_of(const struct sync_msg *m, int *out,
                            struct sync_err *err)
{
    *out = 0;
    if (!sync_msg_has(m, "wait"))
        return SYNC_OK;
    int64_t s = sync_msg_int(m, "wait", -1);
    if (s < 0)
        return sync_err_set(err, SYNC_INVALID,
                            "pull 'wait' is not a whole number of seconds");
    *out = s > SYNC_LIMIT_LONGPOLL_S ? SYNC_LIMIT_LONGPOLL_S : (int)s;
    return SYNC_OK;
}

enum sync_rc sync_fed_pull(struct sync_engine *e, struct sync_seen *seen,
                           const uint8_t *key, const void *body, size_t len,
                           char **resp, size_t *resp_len, struct sync_err *err)
{
    int wait_s = 0;
    return sync_fed_pull_wait(e, seen, key, body, len, resp, resp_len, &wait_s,
                              err);
}

enum sync_rc sync_fed_pull_wait(struct sync_engine *e, struct sync_seen *seen,
                                const uint8_t *key, const void *body,
                                size_t len, char **resp, size_t *resp_len,
                                int *wait_s, struct sync_err *err)
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
        rc = wait_of(m, wait_s, err);
    if (!rc)
        rc = sync_msg_haves(m, "have", &have, &n_have, err);
    if (!rc)
        rc = sync_msg_ids(m, "want", SYNC_LIMIT_WANT, &want, &n_want, err);
    /* Withheld entries asked for again come first (PROTOCOL.md §10). */
    for (size_t i = 0; i < n_want && !rc; i++)
        rc = sync_store_wanted(sync_engine_store(e), sync_engine_self(e),
                               want[i], fed_batch_add, &b, err);
    if (rc == SYNC_TOOBIG)
        rc = SYNC_OK; /* the batch is full: the rest next time */
    if (!rc)
        rc = sync_store_pull_batch(sync_engine_store(e), sync_engine_self(e),
                                   have, n_have, SYNC_LIMIT_BATCH_ENTRIES - b.n,
                                   fed_batch_add, &b, &more, err);
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
                                  known, n_known, SYNC_LIMIT_FORKS,
                                  fed_fork_add, forks, err);
    free(known);
    /* Anything new for the member: not held. Not so for 'behind': an
     * entity hub's haves hold its hub feeds, which never come up here,
     * so its every answer would have one. */
    if (!rc && (b.n || sync_json_len(forks)))
        *wait_s = 0;
    if (!rc) {
        struct sync_json *o = sync_json_object();
        sync_json_set(o, "entries", b.arr);
        b.arr = NULL;
        sync_json_set_bool(o, "more", more);
        sync_json_set(o, "behind", behind);
        sync_json_set(o, "forks", forks);
        behind = forks = NULL;
        rc = fed_respond(o, resp, resp_len, err);
    }
    sync_json_free(b.arr);
    sync_json_free(behind);
    sync_json_free(forks);
    free(have);
    free(want);
    sync_msg_free(m);
    return rc;
}

void fed_counts_add(struct sync_fed_counts *c, enum sync_ingest r)
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

void fed_entries_free(struct sync_entry *en, size_t n)
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
enum sync_rc fed_forks_ingest(struct sync_engine *e,
                              const struct sync_source *src,
                              const struct sync_entry *en, size_t n,
                              struct sync_fed_counts *c, struct sync_err *err)
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
enum sync_rc fed_forks_parse(const struct sync_msg *m, struct sync_entry **out,
                             size_t *n, struct sync_err *err)
{
    *out = NULL;
    *n = 0;
    if (!sync_msg_has(m, "forks"))
        return SYNC_OK;
    enum sync_rc rc = sync_msg_entries(m, "forks", out, n, err);
    if (!rc && *n > 2 * SYNC_LIMIT_FORKS) {
        fed_entries_free(*out, *n);
        *out = NULL;
        *n = 0;
        rc = sync_err_set(err, SYNC_TOOBIG, "over %d fork proofs",
                          SYNC_LIMIT_FORKS);
    }
    return rc;
}

enum sync_rc fed_push_ingest(struct sync_engine *e, const uint8_t *key,
                             const struct sync_entry *en, size_t n,
                             const struct sync_entry *fk, size_t n_fk,
                             struct sync_fed_counts *c, struct sync_err *err)
{
    const struct sync_source src = {.peer = key, .pushed = true};
    enum sync_ingest *res = sync_xcalloc(n ? n : 1, sizeof(*res));
    enum sync_rc rc = sync_engine_ingest_from(e, &src, en, n, res, err);
    for (size_t i = 0; i < n && !rc; i++)
        fed_counts_add(c, res[i]);
    free(res);
    return rc ? rc : fed_forks_ingest(e, &src, fk, n_fk, c, err);
}

enum sync_rc sync_fed_push(struct sync_engine *e, const uint8_t *key,
                           const void *body, size_t len, char **resp,
                           size_t *resp_len, struct sync_err *err)
{
    struct sync_msg *m = NULL;
    struct sync_entry *en = NULL;
    size_t n = 0;
    struct sync_fed_counts c = {0};
    bool gap = false;
    struct sync_entry *fk = NULL;
    size_t n_fk = 0;
    enum sync_rc rc = sync_msg_parse(&m, body, len, err);
    if (!rc)
        rc = sync_msg_entries(m, "entries", &en, &n, err);
    if (!rc)
        rc = fed_forks_parse(m, &fk, &n_fk, err);
    if (!rc)
        rc = fed_push_ingest(e, key, en, n, fk, n_fk, &c, err);
    fed_entries_free(fk, n_fk);
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
        rc = fed_respond(o, resp, resp_len, err);
    else
        sync_json_free(o);
    fed_entries_free(en, n);
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
        rc = fed_respond(o, resp, resp_len, err);
    }
    free(heads);
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

enum sync_rc fed_cut(struct sync_store *st, const uint8_t *key, char *cut,
                     size_t size, struct sync_err *err)
{
    struct cut_walk w = {.key = key, .cut = cut, .size = size};
    cut[0] = '\0';
    return sync_store_feeds_each(st, cut_feed, &w, err);
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
    out->active = false;
    rc = fed_cut(st, key, out->cut, sizeof(out->cut), err);
    return rc ? rc : sync_engine_put_roster(e, out, err);
}
