/* SPDX-License-Identifier: MIT */
/*
 * fed: the sync protocol over an engine, both sides, as bodies in and
 * bodies out (docs/PROTOCOL.md §9-10). The hub side authenticates requests,
 * answers info, join, pull and push; the member side builds pull and push
 * requests and takes their answers. No I/O: node/http.c carries the hub
 * side over libmicrohttpd, round.c the member side over libcurl.
 */
#ifndef SPONA_FED_H
#define SPONA_FED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spona/engine.h"
#include "spona/req.h"

/* Counts of what one batch did at its receiver. */
struct sync_fed_counts {
    size_t applied;    /* stored and merged */
    size_t known;      /* already held */
    size_t refused;    /* authentic, against a rule (kept, with reason) */
    size_t rejected;   /* forged or damaged */
    size_t forks;      /* second entries at a held seq */
    size_t gaps;       /* skipped: an earlier entry of the feed is missing */
    size_t withheld;   /* stored without the payload they should carry */
    size_t lost;       /* own entries the hub says it lacks though it had
                          acknowledged them: sent again */
    size_t own_forked; /* feeds of this node the hub closed as forked */
};

/* ---- hub side ---- */

struct sync_seen; /* spona/seen.h */

/*
 * Checks a request: signature and time (sync_req_check), then, unless
 * joining, a nonce never seen and a key that is an active direct member of
 * this hub, and records the member's last sync: in seen when given (e is
 * then only read, and may be one of several readers), otherwise in e's
 * store. A join is checked without writing: its single-use invite guards
 * it against replay. SYNC_BADSIG for a bad signature; SYNC_CONFLICT for a
 * stale time, a reused nonce, an unknown or revoked key, each with a
 * message.
 */
enum sync_rc sync_fed_auth(struct sync_engine *e, struct sync_seen *seen,
                           const struct sync_req_auth *a, const char *method,
                           const char *path, const void *body, size_t len,
                           bool joining, struct sync_err *err) SYNC_MUST_CHECK;

/* {"key","org","name","role","version","time"}: who this hub is. The text
 * belongs to the caller. */
char *sync_fed_info(struct sync_engine *e, const char *name);

/*
 * Makes a one-time invite for org (role "node" or "hub") valid for ttl_s
 * seconds; only its hash is stored. token_out gets the base64 token.
 */
enum sync_rc sync_fed_invite(struct sync_engine *e, const char *org,
                             const char *role, int64_t ttl_s,
                             char token_out[SYNC_B64_SIZE(32)],
                             struct sync_err *err) SYNC_MUST_CHECK;

/*
 * Answers a join of key (already authenticated): body {"token","org",
 * "name"}. Uses the invite, checks the organisation is the invited one,
 * and publishes the member's roster row. *resp (JSON) belongs to the
 * caller. SYNC_NOTFOUND unknown token; SYNC_CONFLICT used, expired or for
 * another organisation; SYNC_INVALID malformed body.
 */
enum sync_rc sync_fed_join(struct sync_engine *e, const uint8_t *key,
                           const void *body, size_t len, char **resp,
                           size_t *resp_len,
                           struct sync_err *err) SYNC_MUST_CHECK;

/* Answers a pull of member key (NULL: nobody to record): body
 * {"have":[...]}; response {"entries":[...], "more":bool}, bounded by the
 * batch limits. The last batch records how far the member has pulled, in
 * seen when given (then e is only read), otherwise in e's store. */
enum sync_rc sync_fed_pull(struct sync_engine *e, struct sync_seen *seen,
                           const uint8_t *key, const void *body, size_t len,
                           char **resp, size_t *resp_len,
                           struct sync_err *err) SYNC_MUST_CHECK;

/* sync_fed_pull, and *wait_s: the seconds the member asked the hub to
 * hold this pull (PROTOCOL.md §10 "wait", at most SYNC_LIMIT_LONGPOLL_S)
 * when the answer has nothing to tell it, else 0. A holder answers the
 * same request again when something new arrives, or at the deadline. */
enum sync_rc sync_fed_pull_wait(struct sync_engine *e, struct sync_seen *seen,
                                const uint8_t *key, const void *body,
                                size_t len, char **resp, size_t *resp_len,
                                int *wait_s,
                                struct sync_err *err) SYNC_MUST_CHECK;

/* Answers a push of member key (NULL: a test's anonymous member): body
 * {"entries":[...]}; ingests them in one transaction and answers
 * {"receipts":[...],"counts":{...}}. */
enum sync_rc sync_fed_push(struct sync_engine *e, const uint8_t *key,
                           const void *body, size_t len, char **resp,
                           size_t *resp_len,
                           struct sync_err *err) SYNC_MUST_CHECK;

/*
 * Revokes key, a direct member of this hub, from the next seq of each of
 * its feeds: a roster row (in the network feed) carries the cut, and its
 * later entries are refused everywhere. out gets the new roster row.
 * SYNC_NOTFOUND for an unknown key, SYNC_CONFLICT for another hub's.
 */
enum sync_rc sync_fed_revoke(struct sync_engine *e, const uint8_t *key,
                             struct sync_member *out,
                             struct sync_err *err) SYNC_MUST_CHECK;
/*
 * Answers a key rotation (PROTOCOL.md §14) asked for by key (already
 * authenticated): revokes the old key at what this hub holds and vouches
 * for the new one, in one transaction; asked again by the new key,
 * answers the same and changes nothing. SYNC_BADSIG when the two keys did
 * not both sign, SYNC_CONFLICT when the old key is no active node of this
 * hub, the new one is known, or the hub holds less than 'have'.
 */
enum sync_rc sync_fed_rotate(struct sync_engine *e, const uint8_t *key,
                             const void *body, size_t len, char **resp,
                             size_t *resp_len,
                             struct sync_err *err) SYNC_MUST_CHECK;

/* Answers a heads request of a member: body {"checkpoint": id}; response
 * {"heads":[{"a","s","q","i"}...]}, the leaves of that checkpoint of this
 * hub (PROTOCOL.md §13). SYNC_NOTFOUND when they are not kept. */
enum sync_rc sync_fed_heads(struct sync_engine *e, const void *body, size_t len,
                            char **resp, size_t *resp_len,
                            struct sync_err *err) SYNC_MUST_CHECK;

/* ---- member side ---- */

/* The heads request for the latest checkpoint of hub this node has not
 * checked; *body NULL when there is none. */
enum sync_rc sync_fed_heads_request(struct sync_engine *e, const uint8_t *hub,
                                    char **body, size_t *len,
                                    struct sync_err *err) SYNC_MUST_CHECK;
/* The hub keeps no heads for the checkpoint of request (404): it is
 * passed over, not asked for again. */
enum sync_rc sync_fed_heads_gone(struct sync_engine *e, const uint8_t *hub,
                                 const char *request,
                                 struct sync_err *err) SYNC_MUST_CHECK;
/* Checks the heads answer to request against what this node holds and
 * records findings (*findings new ones); *repush when the hub lost entries
 * of this node it had acknowledged, so they must be pushed again. */
enum sync_rc sync_fed_heads_done(struct sync_engine *e, const uint8_t *hub,
                                 const char *request, const void *body,
                                 size_t len, size_t *findings, bool *repush,
                                 struct sync_err *err) SYNC_MUST_CHECK;

/* {"token","org","name"} for joining with token. */
char *sync_fed_join_request(struct sync_engine *e, const char *token,
                            const char *name, size_t *len_out);
/* Takes a join answer: records the hub (key checked against expect_key)
 * as the upstream root of trust. */
enum sync_rc sync_fed_join_done(struct sync_engine *e, const void *body,
                                size_t len, const uint8_t *expect_key,
                                struct sync_err *err) SYNC_MUST_CHECK;
/* The rotation request from this node's key to next (PROTOCOL.md §14),
 * signed by both, with the node's own shared feeds as 'have'. */
enum sync_rc sync_fed_rotate_request(struct sync_engine *e,
                                     const struct sync_key *next, char **out,
                                     size_t *len,
                                     struct sync_err *err) SYNC_MUST_CHECK;
/* Takes the hub's answer to it: the node signs with next from now on
 * (sync_engine_switch_key). SYNC_PROTO for an answer about another key. */
enum sync_rc sync_fed_rotate_done(struct sync_engine *e,
                                  const struct sync_key *next, const void *body,
                                  size_t len,
                                  struct sync_err *err) SYNC_MUST_CHECK;
/* {"have":[...]}: every shared feed this node holds. */
enum sync_rc sync_fed_pull_request(struct sync_engine *e, char **body,
                                   size_t *len,
                                   struct sync_err *err) SYNC_MUST_CHECK;
/* The same, asking the hub to hold it up to wait_s seconds when it has
 * nothing new (a long-poll, PROTOCOL.md §10). */
enum sync_rc sync_fed_pull_request_wait(struct sync_engine *e, int wait_s,
                                        char **body, size_t *len,
                                        struct sync_err *err) SYNC_MUST_CHECK;

/* A pull answer taken apart. */
struct sync_fed_batch {
    struct sync_entry *e; /* the entries, in order; owned */
    size_t n;
    bool more;                /* the hub holds more for this node */
    struct sync_have *behind; /* feeds the hub holds less of; owned */
    size_t n_behind;
    struct sync_entry *forks; /* fork proofs (both entries); owned */
    size_t n_forks;
    bool has_hub;                 /* hub is known */
    uint8_t hub[SYNC_SIG_PK_LEN]; /* the hub that answered */
};
/* The pull request for the feeds as they will be once b (NULL: nothing)
 * is applied whole: asked while b is being applied, its answer is ready
 * when b is done. */
enum sync_rc sync_fed_pull_request_after(struct sync_engine *e,
                                         const struct sync_fed_batch *b,
                                         char **body, size_t *len,
                                         struct sync_err *err) SYNC_MUST_CHECK;
/* Parses a pull answer of hub (its key; NULL: unknown) into *out
 * (released with sync_fed_batch_release, also after a failure). */
enum sync_rc sync_fed_pull_parse(const void *body, size_t len,
                                 const uint8_t *hub, struct sync_fed_batch *out,
                                 struct sync_err *err) SYNC_MUST_CHECK;
void sync_fed_batch_release(struct sync_fed_batch *b);
/* Ingests b in one transaction. *whole is false when an entry was not
 * stored (rejected, or past a gap): a request made "after b" was then
 * wrong and must be made again. */
enum sync_rc sync_fed_pull_apply(struct sync_engine *e,
                                 const struct sync_fed_batch *b,
                                 struct sync_fed_counts *counts, bool *whole,
                                 struct sync_err *err) SYNC_MUST_CHECK;
/* Ingests a pull answer of hub (NULL: unknown) in one transaction; *more
 * says whether to ask again. */
enum sync_rc sync_fed_pull_done(struct sync_engine *e, const uint8_t *hub,
                                const void *body, size_t len, bool *more,
                                struct sync_fed_counts *counts,
                                struct sync_err *err) SYNC_MUST_CHECK;
/* The next push body, or *body NULL when nothing waits for a receipt.
 * *n_out is the number of entries, *more whether more wait. */
enum sync_rc sync_fed_push_request(struct sync_engine *e, char **body,
                                   size_t *len, size_t *n_out, bool *more,
                                   struct sync_err *err) SYNC_MUST_CHECK;
/* A hub's push of the fork proofs of network and public feeds its parent
 * has not had yet ({"entries":[],"forks":[...]}); *body NULL when none.
 * *last goes to sync_fed_forks_done once the parent took the push. */
enum sync_rc sync_fed_forks_request(struct sync_engine *e, char **body,
                                    size_t *len, int64_t *last,
                                    struct sync_err *err) SYNC_MUST_CHECK;
enum sync_rc sync_fed_forks_done(struct sync_engine *e, int64_t last,
                                 struct sync_err *err) SYNC_MUST_CHECK;
/* Takes a push answer: checks each receipt with hub_key and records it. */
enum sync_rc sync_fed_push_done(struct sync_engine *e, const void *body,
                                size_t len, const uint8_t *hub_key,
                                struct sync_fed_counts *counts,
                                struct sync_err *err) SYNC_MUST_CHECK;

#endif
