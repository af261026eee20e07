/* SPDX-License-Identifier: MIT */
/*
 * round: HTTP status mapping on the member side: 2xx is an answer to
 * parse; 4xx carries {"error": message} from the hub and becomes
 * SYNC_CONFLICT (refused) or SYNC_INVALID (bad request); 5xx is SYNC_NET,
 * worth retrying later. 429 (this member is over its request rate) is
 * waited out and asked again when the hub asks for a short wait
 * (SYNC_LIMIT_RETRY_AFTER_S), and is SYNC_NET otherwise.
 */
#include "spona/round.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "spona/hlc.h"
#include "msg.h"
#include "peer.h"

#include "engine_int.h"
#include "store.h"

#include "spona/banned.h"

/* Bounds a round even if a hub keeps answering "more". */
#define ROUND_MAX_BATCHES 100000

/* A connection to the hub of u whose requests key signs. */
static enum sync_rc open_peer_as(struct sync_peer **p,
                                 const struct sync_key *key,
                                 const struct sync_upstream *u,
                                 struct sync_err *err)
{
    struct sync_peer_opts o = {.url = u->url,
                               .pin = u->pin,
                               .ca_file = u->ca_file,
                               .allow_http = u->allow_http,
                               .key = key};
    return sync_peer_open(p, &o, err);
}

static enum sync_rc open_peer(struct sync_peer **p, struct sync_engine *e,
                              const struct sync_upstream *u,
                              struct sync_err *err)
{
    return open_peer_as(p, sync_engine_key(e), u, err);
}

/* Calls path once; a non-2xx status becomes an error with the hub's
 * message, and *retry_s the wait a 429 asked for. */
static enum sync_rc call_once(struct sync_peer *p, const char *path,
                              const char *body, size_t len, char **out,
                              size_t *out_len, int64_t *retry_s,
                              struct sync_err *err)
{
    long status = 0;
    enum sync_rc rc = sync_peer_call(p, "POST", path, body, len, true, out,
                                     out_len, &status, err);
    if (rc || (status >= 200 && status < 300))
        return rc;
    struct sync_msg *m = NULL;
    const char *why = NULL;
    if (!sync_msg_parse(&m, *out, *out_len, NULL))
        why = sync_msg_str(m, "error");
    if (status == 429)
        *retry_s = m ? sync_msg_int(m, "retry_after", 1) : 1;
    rc = sync_err_set(err,
                      status >= 500 || status == 429   ? SYNC_NET
                      : status == 400 || status == 413 ? SYNC_INVALID
                                                       : SYNC_CONFLICT,
                      "hub answered %s with %ld: %s", path, status,
                      why ? why : "no reason given");
    sync_msg_free(m);
    free(*out);
    *out = NULL;
    return rc;
}

/* call_once, waiting out a short 429 up to twice. *out belongs to the
 * caller on success. */
static enum sync_rc call(struct sync_peer *p, const char *path,
                         const char *body, size_t len, char **out,
                         size_t *out_len, struct sync_err *err)
{
    for (int i = 0;; i++) {
        int64_t retry_s = 0;
        enum sync_rc rc =
            call_once(p, path, body, len, out, out_len, &retry_s, err);
        if (!retry_s || retry_s > SYNC_LIMIT_RETRY_AFTER_S || i == 2)
            return rc;
        struct timespec t = {.tv_sec = (time_t)(retry_s < 1 ? 1 : retry_s)};
        nanosleep(&t, NULL);
    }
}

static enum sync_rc push_all(struct sync_engine *e, struct sync_peer *p,
                             const struct sync_upstream *u,
                             sync_round_progress_cb cb, void *payload,
                             struct sync_round_stats *st, struct sync_err *err)
{
    bool more = true;
    size_t sent = 0;
    enum sync_rc rc = SYNC_OK;
    for (size_t i = 0; more && !rc && i < ROUND_MAX_BATCHES; i++) {
        char *body = NULL, *resp = NULL;
        size_t len = 0, rlen = 0, n = 0;
        rc = sync_fed_push_request(e, &body, &len, &n, &more, err);
        if (rc || !body)
            break;
        struct sync_fed_counts before = st->pushed;
        rc = call(p, "/v1/push", body, len, &resp, &rlen, err);
        if (!rc)
            rc = sync_fed_push_done(e, resp, rlen, u->key, &st->pushed, err);
        /* A batch the hub took none of would come back forever. */
        bool stuck =
            st->pushed.applied + st->pushed.known + st->pushed.refused +
                st->pushed.forks ==
            before.applied + before.known + before.refused + before.forks;
        st->push_batches++;
        sent += n;
        if (cb)
            cb("push", sent, payload);
        free(body);
        free(resp);
        if (!rc && stuck)
            break;
    }
    return rc;
}

/* A hub sends its parent the fork proofs the parent lacks (PROTOCOL.md
 * §6: proofs travel like the feeds they concern). */
static enum sync_rc push_forks(struct sync_engine *e, struct sync_peer *p,
                               const struct sync_upstream *u,
                               struct sync_round_stats *st,
                               struct sync_err *err)
{
    char *body = NULL, *resp = NULL;
    size_t len = 0, rlen = 0;
    int64_t last = 0;
    if (!sync_engine_is_hub(e))
        return SYNC_OK;
    enum sync_rc rc = sync_fed_forks_request(e, &body, &len, &last, err);
    if (rc || !body)
        return rc;
    rc = call(p, "/v1/push", body, len, &resp, &rlen, err);
    if (!rc)
        rc = sync_fed_push_done(e, resp, rlen, u->key, &st->pushed, err);
    if (!rc)
        rc = sync_fed_forks_done(e, last, err);
    free(body);
    free(resp);
    return rc;
}

/* Sends a pull request and parses the answer into *out. Touches no
 * engine: it may run on another thread. */
static enum sync_rc pull_call(struct sync_peer *p, const uint8_t *hub,
                              const char *body, size_t len,
                              struct sync_fed_batch *out, struct sync_err *err)
{
    char *resp = NULL;
    size_t rlen = 0;
    memset(out, 0, sizeof(*out));
    enum sync_rc rc = call(p, "/v1/pull", body, len, &resp, &rlen, err);
    if (!rc)
        rc = sync_fed_pull_parse(resp, rlen, hub, out, err);
    free(resp);
    return rc;
}

/* Asks for what comes after what is stored. */
static enum sync_rc fetch(struct sync_engine *e, struct sync_peer *p,
                          const uint8_t *hub, struct sync_fed_batch *out,
                          struct sync_err *err)
{
    char *body = NULL;
    size_t len = 0;
    memset(out, 0, sizeof(*out));
    enum sync_rc rc = sync_fed_pull_request_after(e, NULL, &body, &len, err);
    if (!rc)
        rc = pull_call(p, hub, body, len, out, err);
    free(body);
    return rc;
}

/* One step of a pull: worker 0 applies the batch in hand while worker 1
 * fetches the next one, so the hub works while this node does. */
struct pull_step {
    struct sync_engine *e;
    struct sync_peer *p;
    const uint8_t *hub;
    const struct sync_fed_batch *cur;
    struct sync_fed_counts *counts;
    bool whole;      /* cur was stored whole */
    enum sync_rc rc; /* applying cur */
    struct sync_err *err;
    const char *ask; /* request for the next batch, or NULL */
    size_t ask_len;
    struct sync_fed_batch next; /* what came; owned */
    enum sync_rc next_rc;
    struct sync_err next_err;
};

static void pull_step_work(void *arg, size_t i)
{
    struct pull_step *s = arg;
    if (i == 0)
        s->rc = sync_fed_pull_apply(s->e, s->cur, s->counts, &s->whole, s->err);
    else if (s->ask)
        s->next_rc =
            pull_call(s->p, s->hub, s->ask, s->ask_len, &s->next, &s->next_err);
}

/* Applies *first (taken: released here) and pulls on while the hub has
 * more. */
static enum sync_rc pull_from(struct sync_engine *e, struct sync_peer *p,
                              const uint8_t *hub, sync_round_progress_cb cb,
                              void *payload, struct sync_round_stats *st,
                              const struct sync_fed_batch *first,
                              struct sync_err *err)
{
    struct sync_fed_batch cur = *first;
    size_t got = 0;
    enum sync_rc rc = SYNC_OK;
    bool whole = false;
    /* Nothing new, but the answer may say the hub lost data, or carry
     * fork proofs. */
    if (!rc && cur.n == 0 && (cur.n_behind || cur.n_forks))
        rc = sync_fed_pull_apply(e, &cur, &st->pulled, &whole, err);
    for (size_t i = 0; !rc && cur.n > 0 && i < ROUND_MAX_BATCHES; i++) {
        char *ask = NULL;
        struct pull_step s = {.e = e,
                              .p = p,
                              .hub = hub,
                              .cur = &cur,
                              .counts = &st->pulled,
                              .err = err};
        sync_err_init(&s.next_err);
        if (cur.more)
            rc = sync_fed_pull_request_after(e, &cur, &ask, &s.ask_len, err);
        if (rc)
            break;
        s.ask = ask;
        sync_engine_parallel(e, 2, pull_step_work, &s);
        free(ask);
        st->pull_batches++;
        got += cur.n;
        if (cb)
            cb("pull", got, payload);
        bool more = cur.more;
        sync_fed_batch_release(&cur);
        if ((rc = s.rc) || !more) {
            sync_fed_batch_release(&s.next);
        } else if (!s.whole) {
            /* The next batch was asked for on a guess that did not hold:
             * ask again from what is stored. */
            sync_fed_batch_release(&s.next);
            rc = fetch(e, p, hub, &cur, err);
        } else if ((rc = s.next_rc)) {
            *err = s.next_err;
            sync_fed_batch_release(&s.next);
        } else {
            cur = s.next;
        }
    }
    sync_fed_batch_release(&cur);
    return rc;
}

static enum sync_rc pull_all(struct sync_engine *e, struct sync_peer *p,
                             const uint8_t *hub, sync_round_progress_cb cb,
                             void *payload, struct sync_round_stats *st,
                             struct sync_err *err)
{
    struct sync_fed_batch cur;
    enum sync_rc rc = fetch(e, p, hub, &cur, err);
    if (rc) {
        sync_fed_batch_release(&cur);
        return rc;
    }
    return pull_from(e, p, hub, cb, payload, st, &cur, err);
}

/*
 * After a complete pull: checks the hub's latest checkpoint this node has
 * not checked (PROTOCOL.md §13). A hub that keeps no heads for it (404,
 * e.g. an older hub) is passed over; one that asks this member to slow
 * down (429) has it checked at the next round. Findings are recorded, and
 * own entries the hub lost are pushed again.
 */
static enum sync_rc check_one(struct sync_engine *e, struct sync_peer *p,
                              const struct sync_upstream *u, bool *done,
                              bool *repush, struct sync_round_stats *st,
                              struct sync_err *err)
{
    char *body = NULL, *resp = NULL;
    size_t len = 0, rlen = 0, findings = 0;
    long status = 0;
    bool again = false;
    enum sync_rc rc = sync_fed_heads_request(e, u->key, &body, &len, err);
    *done = rc || !body;
    if (*done)
        return rc;
    rc = sync_peer_call(p, "POST", "/v1/heads", body, len, true, &resp, &rlen,
                        &status, err);
    if (!rc && status == 200)
        rc = sync_fed_heads_done(e, u->key, body, resp, rlen, &findings, &again,
                                 err);
    else if (!rc && status == 404)
        rc = sync_fed_heads_gone(e, u->key, body, err); /* no longer kept */
    else if (!rc && status == 429)
        *done = true; /* over the request rate: checked next round */
    else if (!rc)
        rc = sync_err_set(err, status >= 500 ? SYNC_NET : SYNC_PROTO,
                          "hub answered /v1/heads with %ld", status);
    free(resp);
    free(body);
    st->findings += findings;
    *repush |= again;
    return rc;
}

/* Checkpoints checked in one round at most (the hub keeps a few). */
#define ROUND_MAX_CHECKPOINTS 8

static enum sync_rc check_hub(struct sync_engine *e, struct sync_peer *p,
                              const struct sync_upstream *u,
                              sync_round_progress_cb cb, void *payload,
                              struct sync_round_stats *st, struct sync_err *err)
{
    bool done = false, repush = false;
    enum sync_rc rc = SYNC_OK;
    bool witnessed = false;
    for (int i = 0; i < ROUND_MAX_CHECKPOINTS && !rc && !done; i++)
        rc = check_one(e, p, u, &done, &repush, st, err);
    /* So that what the hub showed here meets what it showed others
     * (PROTOCOL.md §13); it goes out in this round. */
    if (!rc)
        rc = engine_witness_write(e, u->key, &witnessed, err);
    if (!rc && (repush || witnessed))
        rc = push_all(e, p, u, cb, payload, st, err);
    return rc;
}

/* Records the time of the last successful round, for status. */
static enum sync_rc note_success(struct sync_engine *e, struct sync_err *err)
{
    struct sync_store *st = sync_engine_store(e);
    enum sync_rc rc = sync_store_begin(st, err);
    if (!rc)
        rc = sync_store_meta_set_int(st, "last_sync",
                                     (int64_t)sync_hlc_wall_ms(), err);
    if (!rc)
        rc = sync_store_commit(st, err);
    if (rc)
        sync_store_rollback(st);
    return rc;
}

enum sync_rc sync_round_run(struct sync_engine *e,
                            const struct sync_upstream *u,
                            sync_round_progress_cb cb, void *payload,
                            struct sync_round_stats *out, struct sync_err *err)
{
    struct sync_peer *p = NULL;
    memset(out, 0, sizeof(*out));
    size_t settled = 0;
    enum sync_rc rc = open_peer(&p, e, u, err);
    if (!rc)
        rc = push_all(e, p, u, cb, payload, out, err);
    /* The hub closed a feed of this node as forked: the round fails with
     * that news, but pulls first, so the proof (and the rest) arrive and
     * 'status' and 'spona recover' know of the fork. */
    if (rc == SYNC_CONFLICT && out->pushed.own_forked) {
        struct sync_err ignored;
        sync_err_init(&ignored);
        if (!pull_all(e, p, u->key, cb, payload, out, &ignored))
            out->pull_batches += 0; /* pulled; the fork is still the news */
    }
    if (!rc)
        rc = push_forks(e, p, u, out, err);
    if (!rc)
        rc = pull_all(e, p, u->key, cb, payload, out, err);
    if (!rc)
        rc = check_hub(e, p, u, cb, payload, out, err);
    /* A restored node has its own feeds back now: its waiting writes
     * are signed on top of them, and sent at once. */
    if (!rc)
        rc = sync_engine_settle(e, &settled, err);
    /* The hub's verdicts on this node's practices become their review
     * status, sent back in this round. */
    size_t adopted = 0;
    if (!rc)
        rc = sync_engine_adopt_reviews(e, &adopted, err);
    /* The hub lost entries it had acknowledged: they go again now. */
    if (!rc && (settled || adopted || out->pulled.lost))
        rc = push_all(e, p, u, cb, payload, out, err);
    sync_peer_close(p);
    if (!rc)
        rc = note_success(e, err);
    return rc;
}

enum sync_rc sync_round_wait(struct sync_engine *e,
                             const struct sync_upstream *u, int wait_s,
                             sync_round_stop_cb stop, void *payload,
                             struct sync_round_stats *out, bool *held,
                             struct sync_err *err)
{
    struct sync_peer *p = NULL;
    struct sync_fed_batch cur;
    char *body = NULL, *resp = NULL;
    size_t len = 0, rlen = 0;
    int64_t retry_s = 0;
    memset(out, 0, sizeof(*out));
    memset(&cur, 0, sizeof(cur));
    *held = false;
    enum sync_rc rc = open_peer(&p, e, u, err);
    if (!rc) {
        sync_peer_set_stop(p, stop, payload);
        rc = sync_fed_pull_request_wait(e, wait_s, &body, &len, err);
    }
    uint64_t t0 = sync_hlc_wall_ms();
    /* Once, with no wait for a 429: a stop must not wait on it. */
    if (!rc)
        rc = call_once(p, "/v1/pull", body, len, &resp, &rlen, &retry_s, err);
    if (!rc)
        rc = sync_fed_pull_parse(resp, rlen, u->key, &cur, err);
    free(body);
    free(resp);
    if (!rc) {
        uint64_t took = sync_hlc_wall_ms() - t0;
        out->pull_batches++;
        rc = pull_from(e, p, u->key, NULL, NULL, out, &cur, err);
        size_t adopted = 0;
        if (!rc && out->pulled.applied)
            rc = sync_engine_adopt_reviews(e, &adopted, err);
        /* An answer at once that brought nothing this node takes (an
         * entry it refuses comes again in every answer) is not held. */
        *held = !rc && (out->pulled.applied || out->pulled.forks ||
                        took >= (uint64_t)wait_s * 500);
    } else {
        sync_fed_batch_release(&cur);
    }
    sync_peer_close(p);
    return rc;
}

void sync_round_join_string(char *out, size_t size, const char *token,
                            const uint8_t *hub_key, const char *pin,
                            const char *url)
{
    char key[SYNC_B64_SIZE(SYNC_SIG_PK_LEN)];
    sync_b64_encode(key, sizeof(key), hub_key, SYNC_SIG_PK_LEN);
    snprintf(out, size, "%s:%s:%s:%s:%s", SYNC_JOIN_PREFIX, token, key,
             pin ? pin : "", url);
}

/* Copies the text up to the next ':' into out; returns what follows. */
static const char *field(const char *p, char *out, size_t size)
{
    const char *colon = p ? strchr(p, ':') : NULL;
    if (!colon || (size_t)(colon - p) >= size)
        return NULL;
    memcpy(out, p, (size_t)(colon - p));
    out[colon - p] = '\0';
    return colon + 1;
}

enum sync_rc sync_round_parse_join(const char *text, struct sync_upstream *u,
                                   char token[64], struct sync_err *err)
{
    char prefix[16], key[64];
    size_t n = 0;
    memset(u, 0, sizeof(*u));
    const char *p = field(text, prefix, sizeof(prefix));
    p = field(p, token, 64);
    p = field(p, key, sizeof(key));
    p = field(p, u->pin, sizeof(u->pin));
    if (!p || strcmp(prefix, SYNC_JOIN_PREFIX) != 0 || !*token)
        return sync_err_set(err, SYNC_INVALID,
                            "not a join string (it "
                            "starts with '%s:' and has five parts)",
                            SYNC_JOIN_PREFIX);
    if (sync_b64_decode(u->key, sizeof(u->key), &n, key, strlen(key)) ||
        n != sizeof(u->key))
        return sync_err_set(err, SYNC_INVALID,
                            "join string has a malformed "
                            "hub key");
    if (u->pin[0] && strncmp(u->pin, "sha256//", 8) != 0)
        return sync_err_set(err, SYNC_INVALID,
                            "join string has a malformed "
                            "TLS pin");
    if (strlen(p) >= sizeof(u->url) || !*p)
        return sync_err_set(err, SYNC_INVALID,
                            "join string has no usable "
                            "URL");
    snprintf(u->url, sizeof(u->url), "%s", p);
    u->allow_http = strncmp(u->url, "http://", 7) == 0;
    return SYNC_OK;
}

enum sync_rc sync_round_join(struct sync_engine *e,
                             const struct sync_upstream *u, const char *token,
                             const char *name, struct sync_err *err)
{
    struct sync_peer *p = NULL;
    char *resp = NULL;
    size_t len = 0, rlen = 0;
    char *body = sync_fed_join_request(e, token, name, &len);
    enum sync_rc rc = open_peer(&p, e, u, err);
    if (!rc)
        rc = call(p, "/v1/join", body, len, &resp, &rlen, err);
    if (!rc)
        rc = sync_fed_join_done(e, resp, rlen, u->key, err);
    free(resp);
    free(body);
    sync_peer_close(p);
    return rc;
}

/* Sends the rotation request body signed by key. */
static enum sync_rc rotate_as(const struct sync_key *key,
                              const struct sync_upstream *u, const char *body,
                              size_t len, char **resp, size_t *rlen,
                              struct sync_err *err)
{
    struct sync_peer *p = NULL;
    enum sync_rc rc = open_peer_as(&p, key, u, err);
    if (!rc)
        rc = call(p, "/v1/rotate", body, len, resp, rlen, err);
    sync_peer_close(p);
    return rc;
}

enum sync_rc sync_round_rotate(struct sync_engine *e,
                               const struct sync_upstream *u,
                               const struct sync_key *next,
                               struct sync_err *err)
{
    char *body = NULL, *resp = NULL;
    size_t len = 0, rlen = 0;
    struct sync_err first;
    sync_err_init(&first);
    enum sync_rc rc = sync_fed_rotate_request(e, next, &body, &len, &first);
    if (!rc)
        rc = rotate_as(sync_engine_key(e), u, body, len, &resp, &rlen, &first);
    /* Done before, and the answer lost: the old key is revoked now. */
    if (body && rc == SYNC_CONFLICT && strstr(first.msg, "revoked"))
        rc = rotate_as(next, u, body, len, &resp, &rlen, err);
    else if (rc)
        sync_err_set(err, rc, "%s", first.msg);
    if (!rc)
        rc = sync_fed_rotate_done(e, next, resp, rlen, err);
    free(resp);
    free(body);
    return rc;
}
