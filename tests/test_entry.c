/* SPDX-License-Identifier: MIT */
/*
 * entry: sealing and strict decoding of entry headers, the header layout,
 * and that any flipped bit of header, signature or payload is caught.
 */
#include "check.h"

#include "spona/entry.h"
#include "spona/mem.h"
#include "spona/sig.h"

/* Header layout (big-endian integers), as decoded by entry.c. */
#define OFF_VERSION 0
#define OFF_AUTHOR 1
#define OFF_SCOPE 33
#define OFF_SEQ 34
#define OFF_PREV 42
#define OFF_HLC 74
#define OFF_SCHEMA 82
#define OFF_ROW 84
#define OFF_OP 100
#define OFF_PHASH 101
#define OFF_PLEN 133
#define OFF_TLEN 137
#define OFF_TABLE 138

#define HLC0 UINT64_C(0x018bcfe568000003)
#define PAYLOAD "{\"base\":{},\"owner\":\"o\",\"set\":{\"name\":\"Udruga\"}}"

static struct sync_key *test_key(void)
{
    uint8_t seed[SYNC_SIG_SEED_LEN];
    struct sync_key *key = NULL;
    for (size_t i = 0; i < sizeof(seed); i++)
        seed[i] = (uint8_t)(i + 1);
    sync_key_from_seed(&key, seed);
    return key;
}

static void make_header(struct sync_entry_header *h, const struct sync_key *key)
{
    memset(h, 0, sizeof(*h));
    h->version = SYNC_ENTRY_VERSION;
    memcpy(h->author, sync_key_public(key), SYNC_SIG_PK_LEN);
    h->scope = SYNC_SCOPE_HUB;
    h->seq = 1;
    h->hlc = HLC0;
    h->schema = 0x0104;
    for (size_t i = 0; i < sizeof(h->row); i++)
        h->row[i] = (uint8_t)(0xa0 + i);
    h->op = SYNC_OP_PUT;
    snprintf(h->table, sizeof(h->table), "%s", "org");
}

static enum sync_rc seal(struct sync_entry *e,
                         const struct sync_entry_header *h, const char *text,
                         const struct sync_key *key, struct sync_err *err)
{
    return sync_entry_seal(e, h, sync_xstrdup(text), strlen(text), key, err);
}

static uint64_t get_be(const uint8_t *p, int n)
{
    uint64_t v = 0;
    for (int i = 0; i < n; i++)
        v = v << 8 | p[i];
    return v;
}

static void put_be(uint8_t *p, uint64_t v, int n)
{
    for (int i = n - 1; i >= 0; i--) {
        p[i] = (uint8_t)v;
        v >>= 8;
    }
}

static void flip(uint8_t *p, size_t bit)
{
    p[bit / 8] = (uint8_t)(p[bit / 8] ^ (1u << (bit % 8)));
}

static void test_names(void)
{
    static const char *const scopes[] = {"local", "hub", "network", "public"};
    static const char *const ops[] = {"put", "delete", "retract", "erase"};
    for (int i = 0; i < SYNC_SCOPE_COUNT_; i++) {
        CHECK_STR(scopes[i], sync_scope_name(i));
        CHECK(sync_scope_parse(scopes[i]) == i);
    }
    CHECK(SYNC_SCOPE_COUNT_ == 4);
    CHECK(sync_scope_name(-1) == NULL);
    CHECK(sync_scope_name(SYNC_SCOPE_COUNT_) == NULL);
    CHECK(sync_scope_parse("") == -1);
    CHECK(sync_scope_parse("Hub") == -1);
    CHECK(sync_scope_parse("hubs") == -1);
    CHECK(sync_scope_parse("hu") == -1);
    for (int op = 1; op <= SYNC_OP_MAX_; op++)
        CHECK_STR(ops[op - 1], sync_op_name(op));
    CHECK(sync_op_name(0) == NULL);
    CHECK(sync_op_name(SYNC_OP_MAX_ + 1) == NULL);
    CHECK(sync_op_name(-1) == NULL);
}

static void test_seal(void)
{
    struct sync_key *key = test_key();
    struct sync_entry_header h;
    struct sync_entry e;
    struct sync_entry e2;
    struct sync_err err;
    uint8_t hash[SYNC_HASH_LEN];
    char hex[2 * SYNC_HASH_LEN + 1];
    char want_hex[2 * SYNC_HASH_LEN + 1];

    make_header(&h, key);
    sync_entry_init(&e);
    sync_entry_init(&e2);
    sync_err_init(&err);
    CHECK_RC(SYNC_OK, seal(&e, &h, PAYLOAD, key, &err));
    CHECK_RC(SYNC_OK, err.rc);
    CHECK_STR(PAYLOAD, e.payload);
    CHECK(e.payload_len == strlen(PAYLOAD));
    CHECK(e.h.payload_len == strlen(PAYLOAD));
    sync_hash(hash, PAYLOAD, strlen(PAYLOAD), NULL, 0);
    CHECK_MEM(hash, e.h.payload_hash, SYNC_HASH_LEN);

    /* The exact layout of the signed bytes. */
    CHECK(e.header_len == SYNC_ENTRY_FIXED + 3);
    CHECK(e.header[OFF_VERSION] == SYNC_ENTRY_VERSION);
    CHECK_MEM(sync_key_public(key), e.header + OFF_AUTHOR, SYNC_SIG_PK_LEN);
    CHECK(e.header[OFF_SCOPE] == SYNC_SCOPE_HUB);
    CHECK(get_be(e.header + OFF_SEQ, 8) == 1);
    for (size_t i = 0; i < SYNC_HASH_LEN; i++)
        CHECK(e.header[OFF_PREV + i] == 0);
    CHECK(get_be(e.header + OFF_HLC, 8) == HLC0);
    CHECK(e.header[OFF_SCHEMA] == 0x01 && e.header[OFF_SCHEMA + 1] == 0x04);
    CHECK_MEM(h.row, e.header + OFF_ROW, SYNC_UUID_LEN);
    CHECK(e.header[OFF_OP] == SYNC_OP_PUT);
    CHECK_MEM(hash, e.header + OFF_PHASH, SYNC_HASH_LEN);
    CHECK(get_be(e.header + OFF_PLEN, 4) == strlen(PAYLOAD));
    CHECK(e.header[OFF_TLEN] == 3);
    CHECK_MEM("org", e.header + OFF_TABLE, 3);

    /* id = BLAKE2b-256(header || sig); signature over domain + header. */
    sync_hash(hash, e.header, e.header_len, e.sig, SYNC_SIG_LEN);
    CHECK_MEM(hash, e.id, SYNC_HASH_LEN);
    sync_entry_id_hex(hex, &e);
    sync_hex_encode(want_hex, sizeof(want_hex), e.id, SYNC_HASH_LEN);
    CHECK_STR(want_hex, hex);
    CHECK_RC(SYNC_OK,
             sync_sig_verify(e.sig, sync_key_public(key), SYNC_ENTRY_DOMAIN,
                             e.header, e.header_len));
    CHECK_RC(SYNC_OK, sync_entry_verify_sig(&e, &err));
    CHECK_RC(SYNC_OK,
             sync_entry_verify_payload(&e, PAYLOAD, strlen(PAYLOAD), &err));

    /* Received bytes decode to the same fields and id. */
    CHECK_RC(SYNC_OK,
             sync_entry_from_bytes(&e2, e.header, e.header_len, e.sig, &err));
    CHECK_RC(SYNC_OK, err.rc);
    CHECK_MEM(e.id, e2.id, SYNC_HASH_LEN);
    CHECK(e2.header_len == e.header_len);
    CHECK_MEM(e.header, e2.header, e.header_len);
    CHECK_MEM(e.sig, e2.sig, SYNC_SIG_LEN);
    CHECK(e2.payload == NULL);
    CHECK(e2.h.version == h.version);
    CHECK_MEM(h.author, e2.h.author, SYNC_SIG_PK_LEN);
    CHECK(e2.h.scope == h.scope);
    CHECK(e2.h.seq == h.seq);
    CHECK_MEM(h.prev, e2.h.prev, SYNC_HASH_LEN);
    CHECK(e2.h.hlc == h.hlc);
    CHECK(e2.h.schema == h.schema);
    CHECK_MEM(h.row, e2.h.row, SYNC_UUID_LEN);
    CHECK(e2.h.op == h.op);
    CHECK_MEM(e.h.payload_hash, e2.h.payload_hash, SYNC_HASH_LEN);
    CHECK(e2.h.payload_len == e.h.payload_len);
    CHECK_STR("org", e2.h.table);
    CHECK_RC(SYNC_OK, sync_entry_verify_sig(&e2, NULL));
    CHECK_RC(SYNC_OK,
             sync_entry_verify_payload(&e2, PAYLOAD, strlen(PAYLOAD), NULL));

    /* Sealing is deterministic. */
    CHECK_RC(SYNC_OK, seal(&e2, &h, PAYLOAD, key, NULL));
    CHECK_MEM(e.header, e2.header, e.header_len);
    CHECK_MEM(e.sig, e2.sig, SYNC_SIG_LEN);
    CHECK_MEM(e.id, e2.id, SYNC_HASH_LEN);

    /* The next entry of the feed names this one. */
    h.seq = 2;
    memcpy(h.prev, e.id, SYNC_HASH_LEN);
    h.op = SYNC_OP_DELETE;
    CHECK_RC(SYNC_OK, seal(&e2, &h, "{}", key, NULL));
    CHECK(get_be(e2.header + OFF_SEQ, 8) == 2);
    CHECK_MEM(e.id, e2.header + OFF_PREV, SYNC_HASH_LEN);
    CHECK(memcmp(e.id, e2.id, SYNC_HASH_LEN) != 0);
    CHECK_RC(SYNC_OK, sync_entry_verify_sig(&e2, NULL));

    /* An empty payload. */
    CHECK_RC(SYNC_OK, seal(&e2, &h, "", key, NULL));
    CHECK(e2.h.payload_len == 0);
    CHECK_RC(SYNC_OK, sync_entry_verify_payload(&e2, "", 0, NULL));
    CHECK_RC(SYNC_BADSIG, sync_entry_verify_payload(&e2, "x", 1, NULL));

    /* Another key cannot have signed it. */
    struct sync_key *other = NULL;
    sync_key_generate(&other);
    memcpy(h.author, sync_key_public(other), SYNC_SIG_PK_LEN);
    CHECK_RC(SYNC_OK, seal(&e2, &h, "{}", key, NULL));
    sync_err_init(&err);
    CHECK_RC(SYNC_BADSIG, sync_entry_verify_sig(&e2, &err));
    CHECK_RC(SYNC_BADSIG, err.rc);
    sync_entry_id_hex(hex, &e2);
    CHECK(strstr(err.msg, hex) != NULL);
    sync_key_free(other);

    sync_entry_release(&e);
    sync_entry_release(&e2);
    sync_entry_release(NULL);
    sync_key_free(key);
}

static void test_header_flips(void)
{
    struct sync_key *key = test_key();
    struct sync_entry_header h;
    struct sync_entry e;
    struct sync_entry got;
    uint8_t bytes[SYNC_ENTRY_HEADER_MAX];
    int n_parsed = 0;
    int n_refused = 0;

    make_header(&h, key);
    h.seq = 7;
    memset(h.prev, 0x33, sizeof(h.prev));
    sync_entry_init(&e);
    sync_entry_init(&got);
    CHECK_RC(SYNC_OK, seal(&e, &h, PAYLOAD, key, NULL));
    for (size_t bit = 0; bit < e.header_len * 8; bit++) {
        memcpy(bytes, e.header, e.header_len);
        flip(bytes, bit);
        enum sync_rc rc =
            sync_entry_from_bytes(&got, bytes, e.header_len, e.sig, NULL);
        if (rc) {
            n_refused++;
            continue;
        }
        n_parsed++;
        CHECK_RC(SYNC_BADSIG, sync_entry_verify_sig(&got, NULL));
        CHECK(memcmp(got.id, e.id, SYNC_HASH_LEN) != 0);
    }
    /* Both outcomes happen: author bits parse, version bits do not. */
    CHECK(n_parsed > 0);
    CHECK(n_refused > 0);
    CHECK(n_parsed + n_refused == (int)(e.header_len * 8));

    sync_entry_release(&got);
    sync_entry_release(&e);
    sync_key_free(key);
}

static void test_sig_flips(void)
{
    struct sync_key *key = test_key();
    struct sync_entry_header h;
    struct sync_entry e;
    struct sync_entry got;
    uint8_t sig[SYNC_SIG_LEN];

    make_header(&h, key);
    sync_entry_init(&e);
    sync_entry_init(&got);
    CHECK_RC(SYNC_OK, seal(&e, &h, PAYLOAD, key, NULL));
    for (size_t bit = 0; bit < SYNC_SIG_LEN * 8; bit++) {
        memcpy(sig, e.sig, sizeof(sig));
        flip(sig, bit);
        /* Decoding does not look at the signature; verifying does. */
        CHECK_RC(SYNC_OK, sync_entry_from_bytes(&got, e.header, e.header_len,
                                                sig, NULL));
        CHECK_RC(SYNC_BADSIG, sync_entry_verify_sig(&got, NULL));
        CHECK(memcmp(got.id, e.id, SYNC_HASH_LEN) != 0);
    }
    sync_entry_release(&got);
    sync_entry_release(&e);
    sync_key_free(key);
}

static void test_payload_flips(void)
{
    struct sync_key *key = test_key();
    struct sync_entry_header h;
    struct sync_entry e;
    char p[sizeof(PAYLOAD) + 1];
    size_t len = strlen(PAYLOAD);

    make_header(&h, key);
    sync_entry_init(&e);
    CHECK_RC(SYNC_OK, seal(&e, &h, PAYLOAD, key, NULL));
    for (size_t bit = 0; bit < len * 8; bit++) {
        memcpy(p, PAYLOAD, len);
        flip((uint8_t *)p, bit);
        CHECK_RC(SYNC_BADSIG, sync_entry_verify_payload(&e, p, len, NULL));
    }
    /* Wrong lengths. */
    memcpy(p, PAYLOAD, sizeof(PAYLOAD));
    p[len] = ' ';
    struct sync_err err;
    sync_err_init(&err);
    CHECK_RC(SYNC_BADSIG, sync_entry_verify_payload(&e, p, len - 1, &err));
    CHECK_RC(SYNC_BADSIG, err.rc);
    CHECK(err.msg[0] != '\0');
    CHECK_RC(SYNC_BADSIG, sync_entry_verify_payload(&e, p, len + 1, NULL));
    CHECK_RC(SYNC_BADSIG, sync_entry_verify_payload(&e, p, 0, NULL));
    CHECK_RC(SYNC_OK, sync_entry_verify_payload(&e, p, len, NULL));
    sync_entry_release(&e);
    sync_key_free(key);
}

/* Decodes bytes (a changed copy of a good header) and returns the code. */
static enum sync_rc decode(const uint8_t *bytes, size_t len)
{
    static const uint8_t sig[SYNC_SIG_LEN];
    struct sync_entry e;
    struct sync_err err;
    sync_entry_init(&e);
    sync_err_init(&err);
    enum sync_rc rc = sync_entry_from_bytes(&e, bytes, len, sig, &err);
    if (rc != err.rc || (rc && err.msg[0] == '\0'))
        rc = SYNC_INTERNAL; /* the report must match the code */
    sync_entry_release(&e);
    return rc;
}

static void test_from_bytes_rules(void)
{
    struct sync_key *key = test_key();
    struct sync_entry_header h;
    struct sync_entry e;
    uint8_t good[SYNC_ENTRY_HEADER_MAX + 8];
    uint8_t b[SYNC_ENTRY_HEADER_MAX + 8];
    size_t len;

    make_header(&h, key);
    sync_entry_init(&e);
    CHECK_RC(SYNC_OK, seal(&e, &h, PAYLOAD, key, NULL));
    len = e.header_len;
    memset(good, 0, sizeof(good));
    memcpy(good, e.header, len);
    CHECK_RC(SYNC_OK, decode(good, len));

    /* Lengths. */
    memcpy(b, good, sizeof(b));
    CHECK_RC(SYNC_INVALID, decode(b, 0));
    CHECK_RC(SYNC_INVALID, decode(b, SYNC_ENTRY_FIXED - 1));
    CHECK_RC(SYNC_INVALID, decode(b, SYNC_ENTRY_FIXED));
    CHECK_RC(SYNC_INVALID, decode(b, len - 1));
    CHECK_RC(SYNC_INVALID, decode(b, len + 1));
    CHECK_RC(SYNC_TOOBIG, decode(b, SYNC_ENTRY_HEADER_MAX + 1));
    b[OFF_TLEN] = 4;
    CHECK_RC(SYNC_INVALID, decode(b, len));
    b[OFF_TLEN] = 2;
    CHECK_RC(SYNC_INVALID, decode(b, len));

    /* Version. */
    static const uint8_t versions[] = {0, 2, 0x81, 0xff};
    for (size_t i = 0; i < sizeof(versions); i++) {
        memcpy(b, good, sizeof(b));
        b[OFF_VERSION] = versions[i];
        CHECK_RC(SYNC_INVALID, decode(b, len));
    }

    /* Scope. */
    for (int s = 0; s < 256; s++) {
        memcpy(b, good, sizeof(b));
        b[OFF_SCOPE] = (uint8_t)s;
        CHECK_RC(s < SYNC_SCOPE_COUNT_ ? SYNC_OK : SYNC_INVALID,
                 decode(b, len));
    }

    /* Op. */
    for (int op = 0; op < 256; op++) {
        memcpy(b, good, sizeof(b));
        b[OFF_OP] = (uint8_t)op;
        CHECK_RC(op >= 1 && op <= SYNC_OP_MAX_ ? SYNC_OK : SYNC_INVALID,
                 decode(b, len));
    }

    /* seq and prev: prev is zero exactly for seq 1. */
    memcpy(b, good, sizeof(b));
    put_be(b + OFF_SEQ, 0, 8);
    CHECK_RC(SYNC_INVALID, decode(b, len));
    put_be(b + OFF_SEQ, 2, 8);
    CHECK_RC(SYNC_INVALID, decode(b, len));
    b[OFF_PREV + SYNC_HASH_LEN - 1] = 1;
    CHECK_RC(SYNC_OK, decode(b, len));
    put_be(b + OFF_SEQ, 1, 8);
    CHECK_RC(SYNC_INVALID, decode(b, len));
    put_be(b + OFF_SEQ, 0, 8);
    CHECK_RC(SYNC_INVALID, decode(b, len));
    put_be(b + OFF_SEQ, INT64_MAX, 8);
    CHECK_RC(SYNC_OK, decode(b, len));
    put_be(b + OFF_SEQ, (uint64_t)INT64_MAX + 1, 8);
    CHECK_RC(SYNC_INVALID, decode(b, len));
    put_be(b + OFF_SEQ, UINT64_MAX, 8);
    CHECK_RC(SYNC_INVALID, decode(b, len));

    /* hlc fits in a signed 64-bit integer. */
    memcpy(b, good, sizeof(b));
    put_be(b + OFF_HLC, INT64_MAX, 8);
    CHECK_RC(SYNC_OK, decode(b, len));
    put_be(b + OFF_HLC, 0, 8);
    CHECK_RC(SYNC_OK, decode(b, len));
    put_be(b + OFF_HLC, (uint64_t)INT64_MAX + 1, 8);
    CHECK_RC(SYNC_INVALID, decode(b, len));

    /* Payload length. */
    memcpy(b, good, sizeof(b));
    put_be(b + OFF_PLEN, SYNC_LIMIT_PAYLOAD, 4);
    CHECK_RC(SYNC_OK, decode(b, len));
    put_be(b + OFF_PLEN, SYNC_LIMIT_PAYLOAD + 1, 4);
    CHECK_RC(SYNC_TOOBIG, decode(b, len));
    put_be(b + OFF_PLEN, UINT32_MAX, 4);
    CHECK_RC(SYNC_TOOBIG, decode(b, len));

    /* Table names: [a-z_]{1,32}. */
    static const char bad_chars[] = {'A', 'Z',  '0', '9', '-',    ' ',
                                     '.', '\0', '{', '`', '\x80', '\xff'};
    for (size_t i = 0; i < sizeof(bad_chars); i++) {
        for (size_t pos = 0; pos < 3; pos++) {
            memcpy(b, good, sizeof(b));
            b[OFF_TABLE + pos] = (uint8_t)bad_chars[i];
            CHECK_RC(SYNC_INVALID, decode(b, len));
        }
    }
    memcpy(b, good, sizeof(b));
    b[OFF_TABLE + 1] = '_';
    CHECK_RC(SYNC_OK, decode(b, len));
    b[OFF_TLEN] = 0;
    CHECK_RC(SYNC_INVALID, decode(b, SYNC_ENTRY_FIXED));
    b[OFF_TLEN] = SYNC_LIMIT_TABLE_NAME;
    memset(b + OFF_TABLE, 'q', SYNC_LIMIT_TABLE_NAME);
    CHECK_RC(SYNC_OK, decode(b, SYNC_ENTRY_HEADER_MAX));
    b[OFF_TLEN] = SYNC_LIMIT_TABLE_NAME + 1;
    b[OFF_TABLE + SYNC_LIMIT_TABLE_NAME] = 'q';
    CHECK_RC(SYNC_TOOBIG, decode(b, SYNC_ENTRY_HEADER_MAX + 1));

    sync_entry_release(&e);
    sync_key_free(key);
}

static void test_seal_rules(void)
{
    struct sync_key *key = test_key();
    struct sync_entry_header h;
    struct sync_entry e;
    struct sync_err err;
    sync_entry_init(&e);

    make_header(&h, key);
    h.version = 2;
    sync_err_init(&err);
    CHECK_RC(SYNC_INVALID, seal(&e, &h, "{}", key, &err));
    CHECK_RC(SYNC_INVALID, err.rc);
    CHECK(strstr(err.msg, "version") != NULL);

    make_header(&h, key);
    h.scope = SYNC_SCOPE_COUNT_;
    CHECK_RC(SYNC_INVALID, seal(&e, &h, "{}", key, NULL));
    make_header(&h, key);
    h.op = 0;
    CHECK_RC(SYNC_INVALID, seal(&e, &h, "{}", key, NULL));
    h.op = SYNC_OP_MAX_ + 1;
    CHECK_RC(SYNC_INVALID, seal(&e, &h, "{}", key, NULL));
    make_header(&h, key);
    h.seq = 0;
    CHECK_RC(SYNC_INVALID, seal(&e, &h, "{}", key, NULL));
    h.seq = 2;
    CHECK_RC(SYNC_INVALID, seal(&e, &h, "{}", key, NULL));
    make_header(&h, key);
    h.prev[5] = 1;
    CHECK_RC(SYNC_INVALID, seal(&e, &h, "{}", key, NULL));
    make_header(&h, key);
    h.hlc = (uint64_t)INT64_MAX + 1;
    CHECK_RC(SYNC_INVALID, seal(&e, &h, "{}", key, NULL));

    make_header(&h, key);
    h.table[0] = '\0';
    CHECK_RC(SYNC_INVALID, seal(&e, &h, "{}", key, NULL));
    snprintf(h.table, sizeof(h.table), "%s", "Org");
    CHECK_RC(SYNC_INVALID, seal(&e, &h, "{}", key, NULL));
    snprintf(h.table, sizeof(h.table), "%s", "org2");
    CHECK_RC(SYNC_INVALID, seal(&e, &h, "{}", key, NULL));
    snprintf(h.table, sizeof(h.table), "%s", "org-x");
    CHECK_RC(SYNC_INVALID, seal(&e, &h, "{}", key, NULL));
    /* 32 characters is the longest name: the longest header. */
    memset(h.table, 'z', SYNC_LIMIT_TABLE_NAME);
    h.table[SYNC_LIMIT_TABLE_NAME] = '\0';
    CHECK_RC(SYNC_OK, seal(&e, &h, "{}", key, NULL));
    CHECK(e.header_len == SYNC_ENTRY_HEADER_MAX);
    CHECK_RC(SYNC_OK, sync_entry_verify_sig(&e, NULL));
    /* 33 characters, with no NUL in the field at all. */
    memset(h.table, 'z', sizeof(h.table));
    CHECK_RC(SYNC_INVALID, seal(&e, &h, "{}", key, NULL));

    /* Payload size: the limit is fine, one more byte is too big. */
    make_header(&h, key);
    char *big = sync_xmalloc(SYNC_LIMIT_PAYLOAD + 2);
    memset(big, ' ', SYNC_LIMIT_PAYLOAD + 1);
    big[SYNC_LIMIT_PAYLOAD + 1] = '\0';
    sync_err_init(&err);
    CHECK_RC(SYNC_TOOBIG,
             sync_entry_seal(&e, &h, big, SYNC_LIMIT_PAYLOAD + 1, key, &err));
    CHECK_RC(SYNC_TOOBIG, err.rc);
    big = sync_xmalloc(SYNC_LIMIT_PAYLOAD + 1);
    memset(big, ' ', SYNC_LIMIT_PAYLOAD);
    big[SYNC_LIMIT_PAYLOAD] = '\0';
    CHECK_RC(SYNC_OK,
             sync_entry_seal(&e, &h, big, SYNC_LIMIT_PAYLOAD, key, NULL));
    CHECK(e.h.payload_len == SYNC_LIMIT_PAYLOAD);
    CHECK_RC(SYNC_OK, sync_entry_verify_payload(&e, e.payload,
                                                SYNC_LIMIT_PAYLOAD, NULL));

    /* Every scope and op seals. */
    for (int s = 0; s < SYNC_SCOPE_COUNT_; s++) {
        for (int op = 1; op <= SYNC_OP_MAX_; op++) {
            make_header(&h, key);
            h.scope = (uint8_t)s;
            h.op = (uint8_t)op;
            CHECK_RC(SYNC_OK, seal(&e, &h, "{}", key, NULL));
            CHECK(e.header[OFF_SCOPE] == s);
            CHECK(e.header[OFF_OP] == op);
        }
    }
    sync_entry_release(&e);
    sync_key_free(key);
}

int main(void)
{
    struct sync_err err;
    sync_err_init(&err);
    if (sync_sig_global_init(&err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    RUN(test_names);
    RUN(test_seal);
    RUN(test_header_flips);
    RUN(test_sig_flips);
    RUN(test_payload_flips);
    RUN(test_from_bytes_rules);
    RUN(test_seal_rules);
    return CHECK_DONE();
}
