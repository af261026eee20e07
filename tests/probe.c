/* SPDX-License-Identifier: MIT */
/*
 * probe: a misbehaving member for the end-to-end tests. It talks to a real
 * hub over HTTPS with a member's key and sends what an honest spona never
 * would: replayed requests, oversize bodies, forged, tampered and forked
 * entries. It prints "STATUS BODY" per request; the test scripts judge.
 *
 *   probe URL PIN KEYFILE ORG replay
 *   probe URL PIN KEYFILE ORG oversize
 *   probe URL PIN KEYFILE ORG forged AUTHOR_KEYFILE
 *   probe URL PIN KEYFILE ORG tampered
 *   probe URL PIN KEYFILE ORG fork
 *   probe URL PIN KEYFILE ORG entry AUTHOR_KEYFILE SCOPE SEQ PREV_HEX|-
 *   probe URL PIN KEYFILE ORG post PATH BODYFILE
 *
 * post sends BODYFILE as it is, signed with KEYFILE: what anyone holding
 * a hub's key and database can send (tests/cli/hubdb.py builds bodies).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spona/buf.h"
#include "spona/engine.h"
#include "spona/hlc.h"
#include "spona/mem.h"
#include "msg.h"
#include "spona/num.h"
#include "peer.h"

static struct sync_peer *peer;

static int show(const char *what, long status, const char *body)
{
    printf("%s %ld %s\n", what, status, body ? body : "");
    return 0;
}

static int post(const char *what, const char *path, const char *body,
                size_t len)
{
    char *out = NULL;
    size_t out_len = 0;
    long status = 0;
    struct sync_err err;
    if (sync_peer_call(peer, "POST", path, body, len, true, &out, &out_len,
                       &status, &err)) {
        printf("%s error %s\n", what, err.msg);
        return 1;
    }
    show(what, status, out);
    free(out);
    return 0;
}

static struct sync_key *load(const char *path)
{
    struct sync_key *k = NULL;
    struct sync_err err;
    if (sync_key_load(&k, path, &err)) {
        fprintf(stderr, "probe: %s\n", err.msg);
        exit(2);
    }
    return k;
}

/* A sealed practice entry of key at scope/seq/prev. */
static void make_entry(struct sync_entry *e, const struct sync_key *key,
                       const char *org, int scope, uint64_t seq,
                       const uint8_t *prev, const char *title)
{
    char payload[512];
    struct sync_entry_header h = {0};
    struct sync_err err;
    /* A public practice must be reviewed (PROTOCOL.md §7): the entries
     * of these misdeeds are otherwise valid data, but for "entry", which
     * sends exactly what it is told. */
    bool reviewed = scope == SYNC_SCOPE_PUBLIC && strcmp(title, "late") != 0;
    snprintf(payload, sizeof(payload),
             "{\"base\":{},\"owner\":\"%s\",\"set\":{%s\"scope\":\"%s\","
             "\"status\":\"idea\",\"title\":\"%s\"}}",
             org, reviewed ? "\"review_status\":\"published\"," : "",
             sync_scope_name(scope), title);
    h.version = SYNC_ENTRY_VERSION;
    memcpy(h.author, sync_key_public(key), SYNC_SIG_PK_LEN);
    h.scope = (uint8_t)scope;
    h.seq = seq;
    if (prev)
        memcpy(h.prev, prev, SYNC_HASH_LEN);
    h.hlc = sync_hlc_tick(&(struct sync_hlc){0}, sync_hlc_wall_ms());
    h.schema = 5;
    sync_uuid_v7(h.row, sync_hlc_wall_ms());
    h.op = SYNC_OP_PUT;
    snprintf(h.table, sizeof(h.table), "practice");
    sync_entry_init(e);
    if (sync_entry_seal(e, &h, sync_xstrdup(payload), strlen(payload), key,
                        &err)) {
        fprintf(stderr, "probe: %s\n", err.msg);
        exit(2);
    }
}

static int push(const char *what, const struct sync_entry *e, size_t n)
{
    struct sync_json *arr = sync_json_array();
    for (size_t i = 0; i < n; i++)
        sync_json_push_entry(arr, e[i].header, e[i].header_len, e[i].sig,
                             e[i].payload, e[i].payload_len);
    struct sync_json *o = sync_json_object();
    sync_json_set(o, "entries", arr);
    size_t len = 0;
    char *body = sync_json_dump_max(o, SYNC_LIMIT_BODY, &len);
    sync_json_free(o);
    int r = post(what, "/v1/push", body, len);
    free(body);
    return r;
}

static int replay(const struct sync_key *key)
{
    const char body[] = "{\"have\":[]}";
    struct sync_req_auth a;
    char *out = NULL;
    size_t len = 0;
    long status = 0;
    struct sync_err err;
    sync_req_sign(&a, key, "POST", "/v1/pull", body, sizeof(body) - 1,
                  sync_hlc_wall_ms());
    for (int i = 0; i < 2; i++) {
        if (sync_peer_call_as(peer, "POST", "/v1/pull", body, sizeof(body) - 1,
                              &a, &out, &len, &status, &err)) {
            printf("error %s\n", err.msg);
            return 1;
        }
        show(i ? "replayed" : "first", status, i ? out : "");
        free(out);
    }
    return 0;
}

/* A body over the limit. The hub answers 413 before reading it and
 * closes the connection; a client still sending then may see the close
 * (a reset) before the answer, so both count as refused. */
static int oversize(void)
{
    size_t len = SYNC_LIMIT_BODY + 1024;
    char *body = sync_xmalloc(len);
    char *out = NULL;
    size_t out_len = 0;
    long status = 0;
    struct sync_err err;
    memset(body, ' ', len);
    enum sync_rc rc = sync_peer_call(peer, "POST", "/v1/push", body, len, true,
                                     &out, &out_len, &status, &err);
    free(body);
    free(out);
    out = NULL;
    if (rc == SYNC_OK && status == 413)
        printf("oversize refused 413\n");
    else if (rc != SYNC_OK &&
             (strstr(err.msg, "Send failure") ||
              strstr(err.msg, "Recv failure") || strstr(err.msg, "reset")))
        printf("oversize refused (connection closed)\n");
    else
        printf("oversize not refused: %ld %s\n", status, rc ? err.msg : "");
    if (sync_peer_call(peer, "GET", "/v1/info", NULL, 0, false, &out, &out_len,
                       &status, &err))
        return 1;
    show("info", status, "");
    free(out);
    return 0;
}

int main(int argc, char **argv)
{
    struct sync_err err;
    if (argc < 6 || sync_global_init(&err)) {
        fprintf(stderr, "usage: probe URL PIN KEYFILE ORG COMMAND ...\n");
        return 2;
    }
    struct sync_key *key = load(argv[3]);
    struct sync_peer_opts o = {.url = argv[1], .pin = argv[2], .key = key};
    if (sync_peer_open(&peer, &o, &err)) {
        fprintf(stderr, "probe: %s\n", err.msg);
        return 2;
    }
    const char *org = argv[4], *cmd = argv[5];
    struct sync_entry e[2];
    int r = 2;
    if (strcmp(cmd, "replay") == 0) {
        r = replay(key);
    } else if (strcmp(cmd, "oversize") == 0) {
        r = oversize();
    } else if (strcmp(cmd, "forged") == 0 && argc == 7) {
        struct sync_key *stranger = load(argv[6]);
        make_entry(&e[0], stranger, org, SYNC_SCOPE_NETWORK, 1, NULL, "forged");
        r = push("forged", e, 1);
        sync_entry_release(&e[0]);
        sync_key_free(stranger);
    } else if (strcmp(cmd, "tampered") == 0) {
        make_entry(&e[0], key, org, SYNC_SCOPE_PUBLIC, 1, NULL, "tampered");
        e[0].payload[e[0].payload_len - 5] ^= 1;
        r = push("tampered", e, 1);
        sync_entry_release(&e[0]);
    } else if (strcmp(cmd, "fork") == 0) {
        make_entry(&e[0], key, org, SYNC_SCOPE_HUB, 1, NULL, "one");
        make_entry(&e[1], key, org, SYNC_SCOPE_HUB, 1, NULL, "other");
        r = push("first", &e[0], 1) | push("second", &e[1], 1);
        sync_entry_release(&e[0]);
        sync_entry_release(&e[1]);
    } else if (strcmp(cmd, "entry") == 0 && argc == 10) {
        struct sync_key *author = load(argv[6]);
        uint8_t prev[SYNC_HASH_LEN];
        int64_t scope = 0, seq = 0;
        if (sync_parse_i64(&scope, argv[7], NULL) ||
            sync_parse_i64(&seq, argv[8], NULL) ||
            (strcmp(argv[9], "-") &&
             sync_hex_decode(prev, sizeof(prev), argv[9]))) {
            fprintf(stderr, "probe: bad SCOPE SEQ PREV\n");
            return 2;
        }
        make_entry(&e[0], author, org, (int)scope, (uint64_t)seq,
                   strcmp(argv[9], "-") ? prev : NULL, "late");
        r = push("entry", e, 1);
        sync_entry_release(&e[0]);
        sync_key_free(author);
    } else if (strcmp(cmd, "post") == 0 && argc == 8) {
        struct sync_buf b;
        sync_buf_init(&b, SYNC_LIMIT_BODY);
        FILE *f = fopen(argv[7], "rb");
        char chunk[65536];
        size_t got;
        while (f && (got = fread(chunk, 1, sizeof(chunk), f)) > 0)
            if (sync_buf_add(&b, chunk, got))
                break;
        if (f) {
            fclose(f);
            r = post("post", argv[6], b.buf, b.len);
        } else {
            fprintf(stderr, "probe: cannot read %s\n", argv[7]);
        }
        sync_buf_release(&b);
    }
    sync_peer_close(peer);
    sync_key_free(key);
    return r;
}
