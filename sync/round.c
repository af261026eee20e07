/* SPDX-License-Identifier: MIT */
/*
 * round: HTTP status mapping on the member side: 2xx is an answer to
 * parse; 4xx carries {"error": message} from the hub and becomes
 * SYNC_CONFLICT (refused) or SYNC_INVALID (bad request); 5xx is SYNC_NET,
 * worth retrying later.
 */
#include "round.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hlc.h"
#include "msg.h"
#include "peer.h"

#include "banned.h"

/* Bounds a round even if a hub keeps answering "more". */
#define ROUND_MAX_BATCHES 100000

static enum sync_rc open_peer(struct sync_peer **p, struct sync_engine *e,
                              const struct sync_upstream *u,
                              struct sync_err *err)
{
    struct sync_peer_opts o = {.url = u->url,
                               .pin = u->pin,
                               .ca_file = u->ca_file,
                               .allow_http = u->allow_http,
                               .key = sync_engine_key(e)};
    return sync_peer_open(p, &o, err);
}

/* Calls path and turns a non-2xx status into an error with the hub's
 * message. *out belongs to the caller on success. */
static enum sync_rc call(struct sync_peer *p, const char *path,
                         const char *body, size_t len, char **out,
                         size_t *out_len, struct sync_err *err)
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
    rc = sync_err_set(err, status >= 500 ? SYNC_NET
                           : status == 400 || status == 413 ? SYNC_INVALID
                                                            : SYNC_CONFLICT,
                      "hub answered %s with %ld: %s", path, status,
                      why ? why : "no reason given");
    sync_msg_free(m);
    free(*out);
    *out = NULL;
    return rc;
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
        bool stuck = st->pushed.applied + st->pushed.known +
                         st->pushed.refused + st->pushed.forks ==
                     before.applied + before.known + before.refused +
                         before.forks;
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

static enum sync_rc pull_all(struct sync_engine *e, struct sync_peer *p,
                             sync_round_progress_cb cb, void *payload,
                             struct sync_round_stats *st, struct sync_err *err)
{
    bool more = true;
    size_t got = 0;
    enum sync_rc rc = SYNC_OK;
    for (size_t i = 0; more && !rc && i < ROUND_MAX_BATCHES; i++) {
        char *body = NULL, *resp = NULL;
        size_t len = 0, rlen = 0;
        struct sync_fed_counts before = st->pulled;
        rc = sync_fed_pull_request(e, &body, &len, err);
        if (!rc)
            rc = call(p, "/v1/pull", body, len, &resp, &rlen, err);
        if (!rc)
            rc = sync_fed_pull_done(e, resp, rlen, &more, &st->pulled, err);
        st->pull_batches++;
        got += st->pulled.applied + st->pulled.known + st->pulled.refused +
               st->pulled.rejected + st->pulled.forks - before.applied -
               before.known - before.refused - before.rejected - before.forks;
        if (cb)
            cb("pull", got, payload);
        free(body);
        free(resp);
    }
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
                            struct sync_round_stats *out,
                            struct sync_err *err)
{
    struct sync_peer *p = NULL;
    memset(out, 0, sizeof(*out));
    enum sync_rc rc = open_peer(&p, e, u, err);
    if (!rc)
        rc = push_all(e, p, u, cb, payload, out, err);
    if (!rc)
        rc = pull_all(e, p, cb, payload, out, err);
    sync_peer_close(p);
    if (!rc)
        rc = note_success(e, err);
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
        return sync_err_set(err, SYNC_INVALID, "not a join string (it "
                            "starts with '%s:' and has five parts)",
                            SYNC_JOIN_PREFIX);
    if (sync_b64_decode(u->key, sizeof(u->key), &n, key, strlen(key)) ||
        n != sizeof(u->key))
        return sync_err_set(err, SYNC_INVALID, "join string has a malformed "
                            "hub key");
    if (u->pin[0] && strncmp(u->pin, "sha256//", 8) != 0)
        return sync_err_set(err, SYNC_INVALID, "join string has a malformed "
                            "TLS pin");
    if (strlen(p) >= sizeof(u->url) || !*p)
        return sync_err_set(err, SYNC_INVALID, "join string has no usable "
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
