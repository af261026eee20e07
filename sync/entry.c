/* SPDX-License-Identifier: MIT */
/*
 * entry: encoding and checking of entry headers. Integers are big-endian.
 * Decoding is strict: every byte must be accounted for and every field in
 * range, so one header has exactly one encoding.
 */
#include "spona/entry.h"

#include <stdlib.h>
#include <string.h>

#include "spona/num.h"

#include "spona/banned.h"

static const char *const scope_names[SYNC_SCOPE_COUNT_] = {"local", "hub",
                                                           "network", "public"};
static const char *const op_names[SYNC_OP_MAX_ + 1] = {NULL, "put", "delete",
                                                       "retract", "erase"};

void sync_entry_init(struct sync_entry *e)
{
    memset(e, 0, sizeof(*e));
}

void sync_entry_release(struct sync_entry *e)
{
    if (!e)
        return;
    free(e->payload);
    sync_entry_init(e);
}

const char *sync_scope_name(int scope)
{
    return scope >= 0 && scope < SYNC_SCOPE_COUNT_ ? scope_names[scope] : NULL;
}

int sync_scope_parse(const char *name)
{
    for (int i = 0; i < SYNC_SCOPE_COUNT_; i++)
        if (strcmp(name, scope_names[i]) == 0)
            return i;
    return -1;
}

int sync_scope_reach(int scope)
{
    return scope >= SYNC_SCOPE_NETWORK ? 2 : scope;
}

const char *sync_op_name(int op)
{
    return op >= 1 && op <= SYNC_OP_MAX_ ? op_names[op] : NULL;
}

static uint8_t *put_bytes(uint8_t *p, const void *src, size_t n)
{
    memcpy(p, src, n);
    return p + n;
}

static bool table_name_ok(const char *t, size_t len)
{
    if (len == 0 || len > SYNC_LIMIT_TABLE_NAME)
        return false;
    for (size_t i = 0; i < len; i++)
        if (!((t[i] >= 'a' && t[i] <= 'z') || t[i] == '_'))
            return false;
    return true;
}

static enum sync_rc header_check(const struct sync_entry_header *h,
                                 size_t table_len, struct sync_err *err)
{
    static const uint8_t zero[SYNC_HASH_LEN];
    if (h->version != SYNC_ENTRY_VERSION)
        return sync_err_set(err, SYNC_INVALID, "unknown entry version %u",
                            h->version);
    if (h->scope >= SYNC_SCOPE_COUNT_)
        return sync_err_set(err, SYNC_INVALID, "unknown scope %u", h->scope);
    if (!sync_op_name(h->op))
        return sync_err_set(err, SYNC_INVALID, "unknown op %u", h->op);
    if (h->seq == 0 || h->seq > INT64_MAX)
        return sync_err_set(err, SYNC_INVALID, "seq out of range");
    if (h->hlc > INT64_MAX)
        return sync_err_set(err, SYNC_INVALID, "clock out of range");
    if ((h->seq == 1) != (memcmp(h->prev, zero, sizeof(zero)) == 0))
        return sync_err_set(err, SYNC_INVALID,
                            "prev must be zero exactly for seq 1");
    if (h->payload_len > SYNC_LIMIT_PAYLOAD)
        return sync_err_set(err, SYNC_TOOBIG, "payload of %u bytes over %u",
                            (unsigned)h->payload_len, SYNC_LIMIT_PAYLOAD);
    if (!table_name_ok(h->table, table_len))
        return sync_err_set(err, SYNC_INVALID, "bad table name in header");
    return SYNC_OK;
}

static size_t header_encode(uint8_t *out, const struct sync_entry_header *h,
                            size_t table_len)
{
    uint8_t *p = out;
    *p++ = h->version;
    p = put_bytes(p, h->author, sizeof(h->author));
    *p++ = h->scope;
    p = sync_be_put(p, h->seq, 8);
    p = put_bytes(p, h->prev, sizeof(h->prev));
    p = sync_be_put(p, h->hlc, 8);
    p = sync_be_put(p, h->schema, 2);
    p = put_bytes(p, h->row, sizeof(h->row));
    *p++ = h->op;
    p = put_bytes(p, h->payload_hash, sizeof(h->payload_hash));
    p = sync_be_put(p, h->payload_len, 4);
    *p++ = (uint8_t)table_len;
    p = put_bytes(p, h->table, table_len);
    return (size_t)(p - out);
}

static void entry_compute_id(struct sync_entry *e)
{
    sync_hash(e->id, e->header, e->header_len, e->sig, sizeof(e->sig));
}

enum sync_rc sync_entry_seal(struct sync_entry *e,
                             const struct sync_entry_header *h, char *payload,
                             size_t len, const struct sync_key *key,
                             struct sync_err *err)
{
    sync_entry_release(e);
    e->h = *h;
    e->payload = payload;
    e->payload_len = len;
    if (len > SYNC_LIMIT_PAYLOAD)
        return sync_err_set(err, SYNC_TOOBIG, "payload of %zu bytes over %u",
                            len, SYNC_LIMIT_PAYLOAD);
    e->h.payload_len = (uint32_t)len;
    sync_hash(e->h.payload_hash, payload, len, NULL, 0);
    size_t table_len = strnlen(h->table, sizeof(h->table));
    enum sync_rc rc = header_check(&e->h, table_len, err);
    if (rc)
        return rc;
    e->header_len = header_encode(e->header, &e->h, table_len);
    sync_sig_sign(e->sig, key, SYNC_ENTRY_DOMAIN, e->header, e->header_len);
    entry_compute_id(e);
    return SYNC_OK;
}

static void header_decode(struct sync_entry_header *h, const uint8_t *p)
{
    h->version = p[0];
    memcpy(h->author, p + 1, sizeof(h->author));
    h->scope = p[33];
    h->seq = sync_be_get(p + 34, 8);
    memcpy(h->prev, p + 42, sizeof(h->prev));
    h->hlc = sync_be_get(p + 74, 8);
    h->schema = (uint16_t)sync_be_get(p + 82, 2);
    memcpy(h->row, p + 84, sizeof(h->row));
    h->op = p[100];
    memcpy(h->payload_hash, p + 101, sizeof(h->payload_hash));
    h->payload_len = (uint32_t)sync_be_get(p + 133, 4);
}

enum sync_rc sync_entry_from_bytes(struct sync_entry *e, const void *header,
                                   size_t header_len,
                                   const uint8_t sig[SYNC_SIG_LEN],
                                   struct sync_err *err)
{
    const uint8_t *p = header;
    sync_entry_release(e);
    if (header_len > SYNC_ENTRY_HEADER_MAX)
        return sync_err_set(err, SYNC_TOOBIG, "entry header of %zu bytes",
                            header_len);
    if (header_len < SYNC_ENTRY_FIXED ||
        header_len != SYNC_ENTRY_FIXED + (size_t)p[SYNC_ENTRY_FIXED - 1])
        return sync_err_set(err, SYNC_INVALID,
                            "truncated or overlong entry header");
    header_decode(&e->h, p);
    size_t table_len = p[SYNC_ENTRY_FIXED - 1];
    memcpy(e->h.table, p + SYNC_ENTRY_FIXED, table_len);
    e->h.table[table_len] = '\0';
    enum sync_rc rc = header_check(&e->h, table_len, err);
    if (rc)
        return rc;
    memcpy(e->header, header, header_len);
    e->header_len = header_len;
    memcpy(e->sig, sig, SYNC_SIG_LEN);
    entry_compute_id(e);
    return SYNC_OK;
}

enum sync_rc sync_entry_verify_sig(const struct sync_entry *e,
                                   struct sync_err *err)
{
    if (sync_sig_verify(e->sig, e->h.author, SYNC_ENTRY_DOMAIN, e->header,
                        e->header_len)) {
        char id[2 * SYNC_HASH_LEN + 1];
        sync_entry_id_hex(id, e);
        return sync_err_set(err, SYNC_BADSIG, "bad signature on entry %s", id);
    }
    return SYNC_OK;
}

enum sync_rc sync_entry_verify_payload(const struct sync_entry *e,
                                       const void *payload, size_t len,
                                       struct sync_err *err)
{
    uint8_t hash[SYNC_HASH_LEN];
    char id[2 * SYNC_HASH_LEN + 1];
    if (len == e->h.payload_len) {
        sync_hash(hash, payload, len, NULL, 0);
        if (sync_memeq(hash, e->h.payload_hash, sizeof(hash)))
            return SYNC_OK;
    }
    sync_entry_id_hex(id, e);
    return sync_err_set(err, SYNC_BADSIG, "payload does not match entry %s",
                        id);
}

void sync_entry_id_hex(char out[2 * SYNC_HASH_LEN + 1],
                       const struct sync_entry *e)
{
    sync_hex_encode(out, 2 * SYNC_HASH_LEN + 1, e->id, sizeof(e->id));
}

/* author (32) || scope (1) || seq (8, big-endian) */
static void receipt_bytes(uint8_t out[41], const struct sync_have *at)
{
    memcpy(out, at->author, SYNC_SIG_PK_LEN);
    out[32] = (uint8_t)at->scope;
    sync_be_put(out + 33, at->seq, 8);
}

void sync_receipt_sign(struct sync_receipt *out, const struct sync_have *at,
                       const struct sync_key *hub)
{
    uint8_t msg[41];
    out->at = *at;
    receipt_bytes(msg, at);
    sync_sig_sign(out->sig, hub, SYNC_RECEIPT_DOMAIN, msg, sizeof(msg));
}

enum sync_rc sync_receipt_verify(const struct sync_receipt *r,
                                 const uint8_t *hub_key, struct sync_err *err)
{
    uint8_t msg[41];
    receipt_bytes(msg, &r->at);
    if (sync_sig_verify(r->sig, hub_key, SYNC_RECEIPT_DOMAIN, msg, sizeof(msg)))
        return sync_err_set(err, SYNC_BADSIG,
                            "receipt signature does not "
                            "verify");
    return SYNC_OK;
}
