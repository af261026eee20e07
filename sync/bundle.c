/* SPDX-License-Identifier: MIT */
/*
 * bundle: the offline bundle file (docs/PROTOCOL.md §15), its bytes in and
 * out. A bundle is checked whole (size, magic, version, trailing hash,
 * every record, the maker's seal) before a single entry is handed on, so a
 * damaged or truncated file changes nothing. What goes in and how it is
 * applied is bundle_sync.c; this file knows no engine.
 */
#include "spona/bundle.h"

#include <stdlib.h>
#include <string.h>

#include "spona/limits.h"
#include "spona/mem.h"

#include "spona/banned.h"

#define SEAL_DOMAIN "spona-bundle-v1"

/* Record types. */
enum rec {
    REC_HEAD = 1,    /* from, to, kind, made, since: first, once */
    REC_ENTRY = 2,   /* an entry as signed, with or without payload */
    REC_FORK = 3,    /* one entry of a fork proof, never a payload */
    REC_RECEIPT = 4, /* a receipt signed by the maker */
    REC_SEAL = 5,    /* the maker's signature: last, once */
};

#define HEAD_LEN (2 * SYNC_SIG_PK_LEN + 1 + 8 + 8)
#define HEAD_MADE (2 * SYNC_SIG_PK_LEN + 1) /* offset of made */
#define RECEIPT_LEN (SYNC_SIG_PK_LEN + 1 + 8 + SYNC_SIG_LEN)
#define REC_HDR 5 /* type (1) and length (4) */
/* Magic, version, head, seal and trailing hash: the smallest bundle. */
#define MIN_LEN                                                                \
    (SYNC_BUNDLE_MAGIC_LEN + 1 + REC_HDR + HEAD_LEN + REC_HDR + SYNC_SIG_LEN + \
     SYNC_HASH_LEN)

static void put_be(uint8_t *p, uint64_t v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * (n - 1 - i)));
}

static uint64_t get_be(const uint8_t *p, size_t n)
{
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++)
        v = v << 8 | p[i];
    return v;
}

void sync_bundle_release(struct sync_bundle *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->n; i++)
        sync_entry_release(&b->e[i]);
    for (size_t i = 0; i < b->n_forks; i++)
        sync_entry_release(&b->forks[i]);
    free(b->e);
    free(b->forks);
    free(b->r);
    memset(b, 0, sizeof(*b));
}

/* ---- writing ---- */

static enum sync_rc add_rec(struct sync_buf *out, enum rec type, const void *a,
                            size_t alen, const void *b, size_t blen)
{
    uint8_t hdr[REC_HDR];
    hdr[0] = (uint8_t)type;
    put_be(hdr + 1, alen + blen, 4);
    enum sync_rc rc = sync_buf_add(out, hdr, sizeof(hdr));
    if (!rc && alen)
        rc = sync_buf_add(out, a, alen);
    if (!rc && blen)
        rc = sync_buf_add(out, b, blen);
    return rc;
}

/* An entry record: header length, header, signature, then, when has, a
 * 1 and the payload, else a 0. */
static enum sync_rc add_entry(struct sync_buf *out, enum rec type,
                              const struct sync_entry *en)
{
    uint8_t pre[1 + SYNC_ENTRY_HEADER_MAX + SYNC_SIG_LEN + 1];
    size_t n = 0;
    pre[n++] = (uint8_t)en->header_len;
    memcpy(pre + n, en->header, en->header_len);
    n += en->header_len;
    memcpy(pre + n, en->sig, SYNC_SIG_LEN);
    n += SYNC_SIG_LEN;
    if (type == REC_FORK)
        return add_rec(out, type, pre, n, NULL, 0);
    pre[n++] = en->payload ? 1 : 0;
    return add_rec(out, type, pre, n, en->payload,
                   en->payload ? en->payload_len : 0);
}

static enum sync_rc add_body(const struct sync_bundle *b, struct sync_buf *out)
{
    uint8_t head[HEAD_LEN];
    memcpy(head, b->from, SYNC_SIG_PK_LEN);
    memcpy(head + SYNC_SIG_PK_LEN, b->to, SYNC_SIG_PK_LEN);
    head[2 * SYNC_SIG_PK_LEN] = (uint8_t)b->kind;
    put_be(head + HEAD_MADE, (uint64_t)b->made_ms, 8);
    put_be(head + HEAD_MADE + 8, (uint64_t)b->since_ms, 8);
    uint8_t version = SYNC_BUNDLE_VERSION;
    enum sync_rc rc =
        sync_buf_add(out, SYNC_BUNDLE_MAGIC, SYNC_BUNDLE_MAGIC_LEN);
    if (!rc)
        rc = sync_buf_add(out, &version, 1);
    if (!rc)
        rc = add_rec(out, REC_HEAD, head, sizeof(head), NULL, 0);
    for (size_t i = 0; i < b->n && !rc; i++)
        rc = add_entry(out, REC_ENTRY, &b->e[i]);
    for (size_t i = 0; i < b->n_forks && !rc; i++)
        rc = add_entry(out, REC_FORK, &b->forks[i]);
    for (size_t i = 0; i < b->n_r && !rc; i++) {
        uint8_t r[RECEIPT_LEN];
        memcpy(r, b->r[i].at.author, SYNC_SIG_PK_LEN);
        r[SYNC_SIG_PK_LEN] = (uint8_t)b->r[i].at.scope;
        put_be(r + SYNC_SIG_PK_LEN + 1, b->r[i].at.seq, 8);
        memcpy(r + SYNC_SIG_PK_LEN + 9, b->r[i].sig, SYNC_SIG_LEN);
        rc = add_rec(out, REC_RECEIPT, r, sizeof(r), NULL, 0);
    }
    return rc;
}

enum sync_rc sync_bundle_encode(const struct sync_bundle *b,
                                const struct sync_key *key,
                                struct sync_buf *out, struct sync_err *err)
{
    uint8_t hash[SYNC_HASH_LEN], sig[SYNC_SIG_LEN];
    if (b->n > SYNC_LIMIT_BUNDLE_ENTRIES)
        return sync_err_set(err, SYNC_TOOBIG,
                            "bundle would hold %zu entries, over the limit "
                            "of %d",
                            b->n, SYNC_LIMIT_BUNDLE_ENTRIES);
    sync_buf_release(out);
    sync_buf_init(out, SYNC_LIMIT_BUNDLE_BYTES);
    enum sync_rc rc = add_body(b, out);
    if (!rc) {
        sync_hash(hash, out->buf, out->len, NULL, 0);
        sync_sig_sign(sig, key, SEAL_DOMAIN, hash, sizeof(hash));
        rc = add_rec(out, REC_SEAL, sig, sizeof(sig), NULL, 0);
    }
    if (!rc) {
        sync_hash(hash, out->buf, out->len, NULL, 0);
        rc = sync_buf_add(out, hash, sizeof(hash));
    }
    if (rc)
        return sync_err_set(err, SYNC_TOOBIG,
                            "bundle would be over the limit of %d bytes",
                            SYNC_LIMIT_BUNDLE_BYTES);
    return SYNC_OK;
}

/* ---- reading ---- */

/* The records being read. */
struct reader {
    const uint8_t *p;   /* next record */
    const uint8_t *end; /* start of the trailing hash */
    const uint8_t *all; /* first byte of the file */
    size_t cap_e;       /* entries allocated */
    size_t max_entries; /* the limit */
    int last;           /* type of the record before; types never go
                           down, so a content has one encoding */
};

static void *grow(void *arr, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return arr;
    *cap = *cap ? 2 * *cap : 64;
    return sync_xrealloc(arr, *cap * size);
}

/* An entry record of len bytes at p into en. */
static enum sync_rc read_entry(struct sync_entry *en, enum rec type,
                               const uint8_t *p, size_t len,
                               struct sync_err *err)
{
    size_t hlen = len ? p[0] : 0;
    size_t fixed = 1 + hlen + SYNC_SIG_LEN;
    if (len < fixed || hlen > SYNC_ENTRY_HEADER_MAX ||
        (type == REC_FORK && len != fixed) ||
        (type == REC_ENTRY && len == fixed))
        return sync_err_set(err, SYNC_INVALID,
                            "bundle has a malformed entry record");
    enum sync_rc rc = sync_entry_from_bytes(en, p + 1, hlen, p + 1 + hlen, err);
    if (rc || type == REC_FORK)
        return rc;
    uint8_t has = p[fixed];
    size_t plen = len - fixed - 1;
    if (has > 1 || (!has && plen) || plen > SYNC_LIMIT_PAYLOAD)
        return sync_err_set(err, SYNC_INVALID,
                            "bundle has a malformed entry payload");
    if (has) {
        en->payload = sync_xmalloc(plen + 1);
        memcpy(en->payload, p + fixed + 1, plen);
        en->payload[plen] = '\0';
        en->payload_len = plen;
    }
    return SYNC_OK;
}

static enum sync_rc read_head(struct sync_bundle *b, const uint8_t *p,
                              size_t len, struct sync_err *err)
{
    if (len != HEAD_LEN)
        return sync_err_set(err, SYNC_INVALID, "bundle has a malformed head");
    int kind = p[2 * SYNC_SIG_PK_LEN];
    uint64_t made = get_be(p + HEAD_MADE, 8);
    uint64_t since = get_be(p + HEAD_MADE + 8, 8);
    if ((kind != SYNC_BUNDLE_DOWN && kind != SYNC_BUNDLE_UP) ||
        made > INT64_MAX || since > INT64_MAX)
        return sync_err_set(err, SYNC_INVALID, "bundle has a malformed head");
    memcpy(b->from, p, SYNC_SIG_PK_LEN);
    memcpy(b->to, p + SYNC_SIG_PK_LEN, SYNC_SIG_PK_LEN);
    b->kind = (enum sync_bundle_kind)kind;
    b->made_ms = (int64_t)made;
    b->since_ms = (int64_t)since;
    return SYNC_OK;
}

static enum sync_rc read_receipt(struct sync_bundle *b, size_t *cap,
                                 const uint8_t *p, size_t len,
                                 struct sync_err *err)
{
    if (len != RECEIPT_LEN || b->kind != SYNC_BUNDLE_DOWN)
        return sync_err_set(err, SYNC_INVALID,
                            "bundle has a malformed receipt");
    if (b->n_r >= SYNC_LIMIT_HAVE_FEEDS)
        return sync_err_set(err, SYNC_TOOBIG, "bundle holds over %d receipts",
                            SYNC_LIMIT_HAVE_FEEDS);
    b->r = grow(b->r, cap, b->n_r, sizeof(*b->r));
    struct sync_receipt *r = &b->r[b->n_r++];
    memset(r, 0, sizeof(*r));
    memcpy(r->at.author, p, SYNC_SIG_PK_LEN);
    r->at.scope = p[SYNC_SIG_PK_LEN];
    r->at.seq = get_be(p + SYNC_SIG_PK_LEN + 1, 8);
    memcpy(r->sig, p + SYNC_SIG_PK_LEN + 9, SYNC_SIG_LEN);
    return SYNC_OK;
}

/* The seal: the maker's signature over the hash of every byte before it. */
static enum sync_rc read_seal(const struct sync_bundle *b, const uint8_t *all,
                              const uint8_t *rec, const uint8_t *p, size_t len,
                              struct sync_err *err)
{
    uint8_t hash[SYNC_HASH_LEN];
    if (len != SYNC_SIG_LEN)
        return sync_err_set(err, SYNC_INVALID, "bundle has a malformed seal");
    sync_hash(hash, all, (size_t)(rec - all), NULL, 0);
    if (sync_sig_verify(p, b->from, SEAL_DOMAIN, hash, sizeof(hash)))
        return sync_err_set(err, SYNC_BADSIG,
                            "bundle's seal does not verify with its "
                            "maker's key");
    return SYNC_OK;
}

/* One record at r->p; *sealed once the seal was read. */
static enum sync_rc read_rec(struct reader *r, struct sync_bundle *b,
                             size_t *cap_f, size_t *cap_r, bool *sealed,
                             struct sync_err *err)
{
    const uint8_t *rec = r->p;
    if (rec == r->end)
        return sync_err_set(err, SYNC_INVALID, "bundle has no seal");
    if ((size_t)(r->end - rec) < REC_HDR)
        return sync_err_set(err, SYNC_INVALID, "bundle ends inside a record");
    enum rec type = (enum rec)rec[0];
    size_t len = (size_t)get_be(rec + 1, 4);
    const uint8_t *p = rec + REC_HDR;
    if (len > (size_t)(r->end - p))
        return sync_err_set(err, SYNC_INVALID, "bundle ends inside a record");
    r->p = p + len;
    bool first = rec == r->all + SYNC_BUNDLE_MAGIC_LEN + 1;
    if (first != (type == REC_HEAD))
        return sync_err_set(err, SYNC_INVALID,
                            "bundle must begin with one head record");
    if ((int)type < r->last)
        return sync_err_set(err, SYNC_INVALID,
                            "bundle's records are out of order");
    r->last = (int)type;
    switch (type) {
    case REC_HEAD:
        return read_head(b, p, len, err);
    case REC_ENTRY:
        if (b->n >= r->max_entries)
            return sync_err_set(err, SYNC_TOOBIG,
                                "bundle holds over %zu entries",
                                r->max_entries);
        b->e = grow(b->e, &r->cap_e, b->n, sizeof(*b->e));
        sync_entry_init(&b->e[b->n]);
        return read_entry(&b->e[b->n++], type, p, len, err);
    case REC_FORK:
        if (b->n_forks >= 2 * SYNC_LIMIT_FORKS)
            return sync_err_set(err, SYNC_TOOBIG,
                                "bundle holds over %d fork proofs",
                                SYNC_LIMIT_FORKS);
        b->forks = grow(b->forks, cap_f, b->n_forks, sizeof(*b->forks));
        sync_entry_init(&b->forks[b->n_forks]);
        return read_entry(&b->forks[b->n_forks++], type, p, len, err);
    case REC_RECEIPT:
        return read_receipt(b, cap_r, p, len, err);
    case REC_SEAL:
        if (r->p != r->end)
            return sync_err_set(err, SYNC_INVALID,
                                "bundle has records after its seal");
        *sealed = true;
        return read_seal(b, r->all, rec, p, len, err);
    }
    return sync_err_set(err, SYNC_INVALID,
                        "bundle has a record of unknown "
                        "type %d",
                        (int)type);
}

enum sync_rc sync_bundle_parse(struct sync_bundle *out, const void *bytes,
                               size_t len, size_t max_entries,
                               struct sync_err *err)
{
    const uint8_t *all = bytes;
    uint8_t hash[SYNC_HASH_LEN];
    memset(out, 0, sizeof(*out));
    if (len > SYNC_LIMIT_BUNDLE_BYTES)
        return sync_err_set(err, SYNC_TOOBIG,
                            "bundle is %zu bytes, over the limit of %d", len,
                            SYNC_LIMIT_BUNDLE_BYTES);
    size_t head = len < SYNC_BUNDLE_MAGIC_LEN ? len : SYNC_BUNDLE_MAGIC_LEN;
    if (head && memcmp(all, SYNC_BUNDLE_MAGIC, head) != 0)
        return sync_err_set(err, SYNC_INVALID,
                            "not a spona bundle (wrong magic)");
    if (len > SYNC_BUNDLE_MAGIC_LEN &&
        all[SYNC_BUNDLE_MAGIC_LEN] != SYNC_BUNDLE_VERSION)
        return sync_err_set(err, SYNC_INVALID,
                            "bundle version %d is not supported (this spona "
                            "reads version %d)",
                            all[SYNC_BUNDLE_MAGIC_LEN], SYNC_BUNDLE_VERSION);
    if (len < MIN_LEN)
        return sync_err_set(err, SYNC_INVALID,
                            "bundle is truncated (%zu bytes)", len);
    sync_hash(hash, all, len - SYNC_HASH_LEN, NULL, 0);
    if (!sync_memeq(hash, all + len - SYNC_HASH_LEN, SYNC_HASH_LEN))
        return sync_err_set(err, SYNC_INVALID,
                            "bundle is damaged or truncated: its checksum "
                            "does not match");
    struct reader r = {.p = all + SYNC_BUNDLE_MAGIC_LEN + 1,
                       .end = all + len - SYNC_HASH_LEN,
                       .all = all,
                       .max_entries = max_entries};
    size_t cap_f = 0, cap_r = 0;
    bool sealed = false;
    enum sync_rc rc = SYNC_OK;
    while (!rc && !sealed)
        rc = read_rec(&r, out, &cap_f, &cap_r, &sealed, err);
    if (rc)
        sync_bundle_release(out);
    return rc;
}
