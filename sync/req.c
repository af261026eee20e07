/* SPDX-License-Identifier: MIT */
/*
 * req: the signing input of a request is
 *   METHOD "\n" PATH "\n" TIME "\n" base64(NONCE) "\n" hex(BLAKE2b-256(body))
 * signed under the domain label SYNC_REQ_DOMAIN. Text, so that it is easy
 * to reproduce in another language from docs/PROTOCOL.md.
 */
#include "spona/req.h"

#include <stdio.h>
#include <string.h>

#include "spona/buf.h"
#include "spona/limits.h"
#include "spona/num.h"

#include "spona/banned.h"

/* The text that is signed; returns its length, 0 if it does not fit. */
static size_t req_input(char *out, size_t size, const char *method,
                        const char *path, uint64_t time_ms,
                        const uint8_t *nonce, const void *body, size_t len)
{
    uint8_t hash[SYNC_HASH_LEN];
    char hex[2 * SYNC_HASH_LEN + 1];
    char n64[SYNC_B64_SIZE(SYNC_REQ_NONCE_LEN)];
    sync_hash(hash, body, len, NULL, 0);
    sync_hex_encode(hex, sizeof(hex), hash, sizeof(hash));
    sync_b64_encode(n64, sizeof(n64), nonce, SYNC_REQ_NONCE_LEN);
    int n = snprintf(out, size, "%s\n%s\n%llu\n%s\n%s", method, path,
                     (unsigned long long)time_ms, n64, hex);
    return n > 0 && (size_t)n < size ? (size_t)n : 0;
}

void sync_req_sign(struct sync_req_auth *out, const struct sync_key *key,
                   const char *method, const char *path, const void *body,
                   size_t len, uint64_t now_ms)
{
    char in[SYNC_LIMIT_URL_PATH + 256];
    memcpy(out->key, sync_key_public(key), SYNC_SIG_PK_LEN);
    out->time_ms = now_ms;
    sync_random(out->nonce, sizeof(out->nonce));
    size_t n =
        req_input(in, sizeof(in), method, path, now_ms, out->nonce, body, len);
    sync_sig_sign(out->sig, key, SYNC_REQ_DOMAIN, in, n);
}

enum sync_rc sync_req_time_ok(const struct sync_req_auth *a, uint64_t now_ms,
                              struct sync_err *err)
{
    uint64_t skew =
        a->time_ms > now_ms ? a->time_ms - now_ms : now_ms - a->time_ms;
    if (skew > SYNC_LIMIT_REQ_SKEW_MS)
        return sync_err_set(err, SYNC_CONFLICT,
                            "request time is %llu s off this clock",
                            (unsigned long long)skew / 1000);
    return SYNC_OK;
}

enum sync_rc sync_req_check(const struct sync_req_auth *a, const char *method,
                            const char *path, const void *body, size_t len,
                            uint64_t now_ms, struct sync_err *err)
{
    char in[SYNC_LIMIT_URL_PATH + 256];
    size_t n = req_input(in, sizeof(in), method, path, a->time_ms, a->nonce,
                         body, len);
    if (!n)
        return sync_err_set(err, SYNC_TOOBIG, "request path is too long");
    if (sync_sig_verify(a->sig, a->key, SYNC_REQ_DOMAIN, in, n))
        return sync_err_set(err, SYNC_BADSIG,
                            "request signature does not "
                            "verify");
    return sync_req_time_ok(a, now_ms, err);
}

void sync_req_to_headers(struct sync_req_headers *out,
                         const struct sync_req_auth *a)
{
    sync_b64_encode(out->key, sizeof(out->key), a->key, sizeof(a->key));
    snprintf(out->time, sizeof(out->time), "%llu",
             (unsigned long long)a->time_ms);
    sync_b64_encode(out->nonce, sizeof(out->nonce), a->nonce, sizeof(a->nonce));
    sync_b64_encode(out->sig, sizeof(out->sig), a->sig, sizeof(a->sig));
}

static enum sync_rc b64_exact(void *out, size_t len, const char *text,
                              const char *name, struct sync_err *err)
{
    size_t n = 0;
    if (!text)
        return sync_err_set(err, SYNC_INVALID, "missing header %s", name);
    if (sync_b64_decode(out, len, &n, text, strlen(text)) || n != len)
        return sync_err_set(err, SYNC_INVALID, "malformed header %s", name);
    return SYNC_OK;
}

enum sync_rc sync_req_from_headers(struct sync_req_auth *out, const char *key,
                                   const char *time, const char *nonce,
                                   const char *sig, struct sync_err *err)
{
    enum sync_rc rc;
    if ((rc =
             b64_exact(out->key, sizeof(out->key), key, SYNC_REQ_H_KEY, err)) ||
        (rc = b64_exact(out->nonce, sizeof(out->nonce), nonce, SYNC_REQ_H_NONCE,
                        err)) ||
        (rc = b64_exact(out->sig, sizeof(out->sig), sig, SYNC_REQ_H_SIG, err)))
        return rc;
    if (!time || sync_parse_u64(&out->time_ms, time, NULL))
        return sync_err_set(err, SYNC_INVALID,
                            "missing or malformed header "
                            "%s",
                            SYNC_REQ_H_TIME);
    return SYNC_OK;
}
