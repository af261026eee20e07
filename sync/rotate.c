/* SPDX-License-Identifier: MIT */
/*
 * rotate: a member's new device key replaces its old one (PROTOCOL.md
 * §14). Both keys sign the pair; the hub revokes the old key at what it
 * holds and vouches for the new one, in one transaction, with both
 * signatures in the new key's roster row for every replica to check. The
 * member then signs with the new key.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spona/limits.h"
#include "spona/mem.h"
#include "spona/sig.h"
#include "store.h"

#include "engine_int.h"
#include "fed_int.h"

#include "spona/banned.h"

/* The two keys of a rotation and their consent. */
struct rotation {
    uint8_t prev[SYNC_SIG_PK_LEN];  /* the old key */
    uint8_t key[SYNC_SIG_PK_LEN];   /* the new key */
    uint8_t prev_sig[SYNC_SIG_LEN]; /* by the old key */
    uint8_t key_sig[SYNC_SIG_LEN];  /* by the new key */
};

static void rotate_message(uint8_t msg[2 * SYNC_SIG_PK_LEN],
                           const uint8_t *prev, const uint8_t *key)
{
    memcpy(msg, prev, SYNC_SIG_PK_LEN);
    memcpy(msg + SYNC_SIG_PK_LEN, key, SYNC_SIG_PK_LEN);
}

void sync_rotate_sign(uint8_t sig[SYNC_SIG_LEN], const struct sync_key *signer,
                      const uint8_t *prev, const uint8_t *key)
{
    uint8_t msg[2 * SYNC_SIG_PK_LEN];
    rotate_message(msg, prev, key);
    sync_sig_sign(sig, signer, SYNC_ROTATE_DOMAIN, msg, sizeof(msg));
}

enum sync_rc sync_rotate_verify(const uint8_t *prev_sig, const uint8_t *key_sig,
                                const uint8_t *prev, const uint8_t *key)
{
    uint8_t msg[2 * SYNC_SIG_PK_LEN];
    rotate_message(msg, prev, key);
    if (sync_memeq(prev, key, SYNC_SIG_PK_LEN))
        return SYNC_BADSIG;
    enum sync_rc rc =
        sync_sig_verify(prev_sig, prev, SYNC_ROTATE_DOMAIN, msg, sizeof(msg));
    return rc ? rc
              : sync_sig_verify(key_sig, key, SYNC_ROTATE_DOMAIN, msg,
                                sizeof(msg));
}

/* Decodes base64 text into exactly len bytes; false when it is not. */
static bool b64_exact(uint8_t *out, size_t len, const char *text)
{
    size_t n = 0;
    return text && !sync_b64_decode(out, len, &n, text, strlen(text)) &&
           n == len;
}

static enum sync_rc rotation_parse(const struct sync_msg *m, struct rotation *r,
                                   struct sync_err *err)
{
    if (!b64_exact(r->prev, sizeof(r->prev), sync_msg_str(m, "prev")) ||
        !b64_exact(r->key, sizeof(r->key), sync_msg_str(m, "key")) ||
        !b64_exact(r->prev_sig, sizeof(r->prev_sig),
                   sync_msg_str(m, "prev_sig")) ||
        !b64_exact(r->key_sig, sizeof(r->key_sig), sync_msg_str(m, "key_sig")))
        return sync_err_set(err, SYNC_INVALID,
                            "a rotation needs prev, key, prev_sig and key_sig "
                            "in base64");
    if (sync_rotate_verify(r->prev_sig, r->key_sig, r->prev, r->key))
        return sync_err_set(err, SYNC_BADSIG,
                            "the rotation is not signed by both keys");
    return SYNC_OK;
}

/* The roster fields that carry the consent of both keys. */
static void consent_fields(struct sync_record *out, const struct rotation *r)
{
    char text[SYNC_B64_SIZE(SYNC_SIG_LEN)];
    sync_b64_encode(text, sizeof(text), r->prev, sizeof(r->prev));
    sync_record_set_text(out, "prev", text);
    sync_b64_encode(text, sizeof(text), r->prev_sig, sizeof(r->prev_sig));
    sync_record_set_text(out, "prev_sig", text);
    sync_b64_encode(text, sizeof(text), r->key_sig, sizeof(r->key_sig));
    sync_record_set_text(out, "key_sig", text);
}

/* Whether this hub vouched for m. */
static bool ours(struct sync_engine *e, const struct sync_member *m)
{
    return m->has_writer &&
           sync_memeq(m->writer, sync_engine_self(e), SYNC_SIG_PK_LEN);
}

/* The hub holds every own feed the member says it holds. */
static enum sync_rc holds_haves(struct sync_store *st, const struct rotation *r,
                                const struct sync_have *h, size_t n,
                                struct sync_err *err)
{
    for (size_t i = 0; i < n; i++) {
        struct sync_feed f = {0};
        if (!sync_memeq(h[i].author, r->prev, SYNC_SIG_PK_LEN))
            return sync_err_set(err, SYNC_INVALID,
                                "'have' lists a feed of another key");
        enum sync_rc rc =
            sync_store_feed_get(st, &f, r->prev, h[i].scope, false, err);
        if (rc && rc != SYNC_NOTFOUND)
            return rc;
        if (rc || f.last_seq < h[i].seq)
            return sync_err_set(err, SYNC_CONFLICT,
                                "this hub holds scope %d of the old key up to "
                                "seq %llu, not %llu: push first",
                                h[i].scope,
                                (unsigned long long)(rc ? 0 : f.last_seq),
                                (unsigned long long)h[i].seq);
    }
    return SYNC_OK;
}

/* The rotation itself: the old key revoked at what the hub holds, the new
 * one vouched for with the consent of both. */
static enum sync_rc hand_over(struct sync_engine *e, const struct rotation *r,
                              const struct sync_have *h, size_t n,
                              struct sync_member *old, struct sync_err *err)
{
    struct sync_store *st = sync_engine_store(e);
    struct sync_member next;
    enum sync_rc rc = sync_store_member_read(st, r->prev, old, err);
    if (!rc && (!old->active || !ours(e, old) || strcmp(old->role, "node")))
        rc = sync_err_set(err, SYNC_CONFLICT,
                          "only an active node of this hub rotates its key");
    if (!rc) {
        rc = sync_store_member_read(st, r->key, &next, err);
        if (rc == SYNC_NOTFOUND)
            rc = SYNC_OK;
        else if (!rc)
            rc = sync_err_set(err, SYNC_CONFLICT,
                              "the new key is known here already");
    }
    if (!rc)
        rc = holds_haves(st, r, h, n, err);
    if (!rc)
        rc = sync_store_begin(st, err);
    if (rc)
        return rc;
    next = *old;
    memcpy(next.key, r->key, sizeof(next.key));
    next.cut[0] = '\0';
    old->active = false;
    struct sync_record extra;
    sync_record_init(&extra);
    consent_fields(&extra, r);
    rc = fed_cut(st, r->prev, old->cut, sizeof(old->cut), err);
    if (!rc)
        rc = engine_roster_locked(e, old, NULL, err);
    if (!rc)
        rc = engine_roster_locked(e, &next, &extra, err);
    sync_record_release(&extra);
    return engine_local_tx_end(e, rc, err);
}

/* A rotation asked for again by the new key: answered as before. */
static enum sync_rc done_before(struct sync_engine *e, const struct rotation *r,
                                struct sync_member *old, struct sync_err *err)
{
    struct sync_store *st = sync_engine_store(e);
    struct sync_member next;
    enum sync_rc rc = sync_store_member_read(st, r->prev, old, err);
    if (!rc)
        rc = sync_store_member_read(st, r->key, &next, err);
    if (rc == SYNC_NOTFOUND ||
        (!rc && (old->active || !next.active || !ours(e, old) ||
                 !ours(e, &next) || strcmp(old->org, next.org))))
        return sync_err_set(err, SYNC_CONFLICT,
                            "no such rotation was done by this hub");
    return rc;
}

enum sync_rc sync_fed_rotate(struct sync_engine *e, const uint8_t *key,
                             const void *body, size_t len, char **resp,
                             size_t *resp_len, struct sync_err *err)
{
    struct sync_msg *m = NULL;
    struct sync_have *h = NULL;
    struct rotation r;
    struct sync_member old;
    size_t n = 0;
    enum sync_rc rc = sync_msg_parse(&m, body, len, err);
    if (!rc)
        rc = rotation_parse(m, &r, err);
    if (!rc && !sync_msg_has(m, "have"))
        rc = sync_err_set(err, SYNC_INVALID,
                          "a rotation lists the old key's feeds in 'have' "
                          "(an empty array when there are none)");
    if (!rc)
        rc = sync_msg_haves(m, "have", &h, &n, err);
    if (!rc && n > SYNC_LIMIT_ROTATE_HAVES)
        rc = sync_err_set(err, SYNC_TOOBIG, "'have' lists more than %d feeds",
                          SYNC_LIMIT_ROTATE_HAVES);
    if (!rc && sync_memeq(key, r.prev, SYNC_SIG_PK_LEN))
        rc = hand_over(e, &r, h, n, &old, err);
    else if (!rc && sync_memeq(key, r.key, SYNC_SIG_PK_LEN))
        rc = done_before(e, &r, &old, err);
    else if (!rc)
        rc = sync_err_set(err, SYNC_CONFLICT,
                          "a rotation is asked for by one of its keys");
    if (!rc) {
        struct sync_json *o = sync_json_object();
        fed_set_b64(o, "key", r.key, sizeof(r.key));
        sync_json_set_str(o, "cut", old.cut);
        rc = fed_respond(o, resp, resp_len, err);
    }
    free(h);
    sync_msg_free(m);
    return rc;
}

/* ---- the member's side ---- */

/* The member's own feeds that leave it (scope >= hub), as haves. */
struct own_haves {
    const uint8_t *self;
    struct sync_json *arr;
};

static enum sync_rc own_have(const struct sync_feed *f, void *payload)
{
    struct own_haves *w = payload;
    /* A forked feed is not listed: the hub holds the other copy's entry
     * at the fork, and this copy's are written again under the new key. */
    if (f->scope < SYNC_SCOPE_HUB || f->last_seq == 0 || f->forked ||
        !sync_memeq(f->author, w->self, SYNC_SIG_PK_LEN))
        return SYNC_OK;
    struct sync_have h = {.scope = f->scope, .seq = f->last_seq};
    memcpy(h.author, f->author, sizeof(h.author));
    sync_json_push_have(w->arr, &h);
    return SYNC_OK;
}

enum sync_rc sync_fed_rotate_request(struct sync_engine *e,
                                     const struct sync_key *next, char **out,
                                     size_t *len, struct sync_err *err)
{
    uint8_t sig[SYNC_SIG_LEN];
    const uint8_t *prev = sync_engine_self(e);
    struct own_haves w = {.self = prev, .arr = sync_json_array()};
    struct sync_json *o = sync_json_object();
    fed_set_b64(o, "prev", prev, SYNC_SIG_PK_LEN);
    fed_set_b64(o, "key", sync_key_public(next), SYNC_SIG_PK_LEN);
    sync_rotate_sign(sig, sync_engine_key(e), prev, sync_key_public(next));
    fed_set_b64(o, "prev_sig", sig, sizeof(sig));
    sync_rotate_sign(sig, next, prev, sync_key_public(next));
    fed_set_b64(o, "key_sig", sig, sizeof(sig));
    enum sync_rc rc =
        sync_store_feeds_each(sync_engine_store(e), own_have, &w, err);
    sync_json_set(o, "have", w.arr);
    if (!rc) {
        *out = sync_json_dump_max(o, SYNC_LIMIT_BODY, len);
        if (!*out)
            rc = sync_err_set(err, SYNC_TOOBIG, "rotation request too big");
    }
    sync_json_free(o);
    return rc;
}

enum sync_rc sync_fed_rotate_done(struct sync_engine *e,
                                  const struct sync_key *next, const void *body,
                                  size_t len, struct sync_err *err)
{
    struct sync_msg *m = NULL;
    uint8_t key[SYNC_SIG_PK_LEN];
    enum sync_rc rc = sync_msg_parse(&m, body, len, err);
    if (!rc && (!b64_exact(key, sizeof(key), sync_msg_str(m, "key")) ||
                !sync_memeq(key, sync_key_public(next), sizeof(key))))
        rc = sync_err_set(err, SYNC_PROTO,
                          "hub answered the rotation for another key");
    if (!rc)
        rc = sync_engine_switch_key(e, next, sync_msg_str(m, "cut"), err);
    sync_msg_free(m);
    return rc;
}

/* The old key, a root of this node's roster until now, revoked here as
 * the hub revoked it: at cut, so a copy of it writes nothing this node
 * takes either. */
static enum sync_rc revoke_old(struct sync_engine *e, const char *cut,
                               struct sync_err *err)
{
    struct sync_member m;
    enum sync_rc rc =
        sync_store_member_read(e->st, sync_key_public(e->key), &m, err);
    if (rc)
        return rc == SYNC_NOTFOUND ? SYNC_OK : rc;
    m.active = false;
    snprintf(m.cut, sizeof(m.cut), "%s", cut ? cut : "");
    return sync_store_member_set(e->st, &m, err);
}

enum sync_rc sync_engine_switch_key(struct sync_engine *e,
                                    const struct sync_key *next,
                                    const char *cut, struct sync_err *err)
{
    char self[SYNC_B64_SIZE(SYNC_SIG_PK_LEN)], prev[sizeof(self)];
    const uint8_t *pk = sync_key_public(next);
    sync_b64_encode(self, sizeof(self), pk, SYNC_SIG_PK_LEN);
    sync_b64_encode(prev, sizeof(prev), sync_key_public(e->key),
                    SYNC_SIG_PK_LEN);
    if (cut && strlen(cut) >= sizeof(((struct sync_member *)0)->cut))
        return sync_err_set(err, SYNC_PROTO, "the hub's cut is too long");
    enum sync_rc rc = sync_store_begin(e->st, err);
    if (rc)
        return rc;
    rc = sync_store_meta_set_text(e->st, "self_key", self, err);
    if (!rc)
        rc = sync_store_meta_set_text(e->st, META_PREV_KEY, prev, err);
    if (!rc)
        rc = revoke_old(e, cut, err);
    if (!rc)
        rc = sync_store_member_put(e->st, pk, e->org, "node", "active", err);
    if (!rc)
        rc = sync_store_commit(e->st, err);
    if (rc) {
        sync_store_rollback(e->st);
        return rc;
    }
    sync_key_free(e->key);
    sync_key_copy(&e->key, next);
    return SYNC_OK;
}
