/* SPDX-License-Identifier: MIT */
/*
 * bundle: the offline bundle file (docs/PROTOCOL.md §15): the test
 * vector, refusal of every truncation and of any flipped byte, the
 * limits, wrong magic, version and seal; then bundles made and applied
 * between a hub and a member, both ways, twice.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "spona/bundle.h"
#include "spona/fed.h"
#include "spona/limits.h"
#include "spona/mem.h"
#include "util.h"

/* The entry of PROTOCOL.md §8. */
static const char vec_header[] =
    "0103a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b801000000"
    "00000000010000000000000000000000000000000000000000000000000000000000000000"
    "019b76daa8000000000401940000000070008000000000000001015c101d7bd77a36ab13f4"
    "76714a86c6d7f753a9b2da17fa9f5df2dbcf731ac29600000060087072616374696365";
static const char vec_sig[] =
    "f473076d190c981bf37607181c412d3d16e4aea198e1d7f0e5c96f8945b45eae312b86dbd2"
    "1357a093b8fc78612d3fead1b58bb59f48e9cc3eb1277e95408108";
static const char vec_payload[] =
    "{\"base\":{},\"owner\":\"Op\xc4\x87ina Klju\xc4\x8d\",\"set\":{\"scope\":"
    "\"hub\",\"status\":\"pilot\",\"title\":\"e-Mati\xc4\x8d"
    "ar\"}}";

/* The bundle of PROTOCOL.md §15's test vector. */
static const char vec_bundle[] =
    "53504f4e4142444c01010000005103a107bff3ce10be1d70dd18e74bc09967e4d6309ba5"
    "0d5f1ddc8664125531b80202020202020202020202020202020202020202020202020202"
    "020202020202020000019b76daa80000000000000000000200000134920103a107bff3ce"
    "10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b801000000000000000100"
    "00000000000000000000000000000000000000000000000000000000000000019b76daa8"
    "000000000401940000000070008000000000000001015c101d7bd77a36ab13f476714a86"
    "c6d7f753a9b2da17fa9f5df2dbcf731ac29600000060087072616374696365f473076d19"
    "0c981bf37607181c412d3d16e4aea198e1d7f0e5c96f8945b45eae312b86dbd21357a093"
    "b8fc78612d3fead1b58bb59f48e9cc3eb1277e95408108017b2262617365223a7b7d2c22"
    "6f776e6572223a224f70c487696e61204b6c6a75c48d222c22736574223a7b2273636f70"
    "65223a22687562222c22737461747573223a2270696c6f74222c227469746c65223a2265"
    "2d4d617469c48d6172227d7d0500000040f6d554b9fc0b12b21bc1b51df640bbafdfcab8"
    "9c44b1e12d51d92c82786a16fb1f279e99711bca8f29b53f023ae8823eae6ebfee6ef84b"
    "8e7e07c2faffac8e0eca5d1b2c906656790956e0c369a39ab3f783a602ad88c0ca83e076"
    "2e0dcaad56";

static void hex(uint8_t *out, size_t len, const char *text)
{
    CHECK(strlen(text) == 2 * len);
    CHECK_RC(SYNC_OK, sync_hex_decode(out, len, text));
}

/* The vector's bundle: the §8 entry, carried up from its author (the §8
 * key) to a hub whose key is 32 bytes 0x02, made at 2026-01-01. */
static void vector_bundle(struct sync_bundle *b, struct sync_key **key)
{
    uint8_t seed[32], header[SYNC_ENTRY_HEADER_MAX], sig[SYNC_SIG_LEN];
    size_t hlen = (sizeof(vec_header) - 1) / 2;
    for (int i = 0; i < 32; i++)
        seed[i] = (uint8_t)i;
    sync_key_from_seed(key, seed);
    memset(b, 0, sizeof(*b));
    b->kind = SYNC_BUNDLE_UP;
    memcpy(b->from, sync_key_public(*key), SYNC_SIG_PK_LEN);
    memset(b->to, 2, SYNC_SIG_PK_LEN);
    b->made_ms = 1767225600000;
    b->e = sync_xcalloc(1, sizeof(*b->e));
    b->n = 1;
    hex(header, hlen, vec_header);
    hex(sig, sizeof(sig), vec_sig);
    CHECK_RC(SYNC_OK, sync_entry_from_bytes(&b->e[0], header, hlen, sig, NULL));
    b->e[0].payload = sync_xstrdup(vec_payload);
    b->e[0].payload_len = strlen(vec_payload);
}

static void encode_vector(struct sync_buf *out)
{
    struct sync_bundle b;
    struct sync_key *key = NULL;
    vector_bundle(&b, &key);
    sync_buf_init(out, SYNC_LIMIT_BUNDLE_BYTES);
    CHECK_RC(SYNC_OK, sync_bundle_encode(&b, key, out, NULL));
    sync_bundle_release(&b);
    sync_key_free(key);
}

static void test_vector(void)
{
    struct sync_buf out;
    encode_vector(&out);
    char *text = sync_xmalloc(2 * out.len + 1);
    sync_hex_encode(text, 2 * out.len + 1, out.buf, out.len);
    if (strcmp(text, vec_bundle) != 0)
        printf("bundle %s\n", text);
    CHECK_STR(vec_bundle, text);
    /* The document gives the same bytes. */
    char line[64 * 1024];
    char path[512];
    bool found = false;
    snprintf(path, sizeof(path), "%s/../../docs/PROTOCOL.md", TEST_DATA);
    FILE *f = fopen(path, "r");
    CHECK(f != NULL);
    while (f && fgets(line, sizeof(line), f))
        found |= strncmp(line, "bundle ", 7) == 0 &&
                 strncmp(line + 7, text, strlen(text)) == 0 &&
                 line[7 + strlen(text)] == '\n';
    if (f)
        fclose(f);
    CHECK(found);
    free(text);

    struct sync_bundle b;
    CHECK_RC(SYNC_OK, sync_bundle_parse(&b, out.buf, out.len,
                                        SYNC_LIMIT_BUNDLE_ENTRIES, NULL));
    CHECK(b.kind == SYNC_BUNDLE_UP);
    CHECK(b.made_ms == 1767225600000);
    CHECK(b.n == 1 && b.n_forks == 0 && b.n_r == 0);
    CHECK(b.n == 1 && b.e[0].h.seq == 1 &&
          b.e[0].payload_len == strlen(vec_payload) &&
          memcmp(b.e[0].payload, vec_payload, b.e[0].payload_len) == 0);
    sync_bundle_release(&b);
    sync_buf_release(&out);
}

/* Every prefix and every single flipped bit is refused whole. */
static void test_damage(void)
{
    struct sync_buf out;
    struct sync_bundle b;
    struct sync_err err;
    encode_vector(&out);
    uint8_t *copy = sync_xmalloc(out.len);
    int accepted = 0;
    for (size_t k = 0; k < out.len; k++) {
        memcpy(copy, out.buf, k);
        if (sync_bundle_parse(&b, copy, k, SYNC_LIMIT_BUNDLE_ENTRIES, &err) ==
                SYNC_OK ||
            b.n != 0 || b.e != NULL)
            accepted++;
        sync_bundle_release(&b);
    }
    CHECK(accepted == 0);
    for (size_t i = 0; i < out.len; i++)
        for (int bit = 0; bit < 8; bit++) {
            memcpy(copy, out.buf, out.len);
            copy[i] ^= (uint8_t)(1u << bit);
            if (sync_bundle_parse(&b, copy, out.len, SYNC_LIMIT_BUNDLE_ENTRIES,
                                  &err) == SYNC_OK ||
                b.n != 0)
                accepted++;
            sync_bundle_release(&b);
        }
    CHECK(accepted == 0);
    /* The messages say what is wrong. */
    memcpy(copy, out.buf, out.len);
    copy[0] = 'X';
    CHECK_RC(SYNC_INVALID, sync_bundle_parse(&b, copy, out.len, 10, &err));
    CHECK(strstr(err.msg, "wrong magic") != NULL);
    copy[0] = 'S';
    copy[SYNC_BUNDLE_MAGIC_LEN] = 2;
    CHECK_RC(SYNC_INVALID, sync_bundle_parse(&b, copy, out.len, 10, &err));
    CHECK(strstr(err.msg, "version 2") != NULL);
    CHECK_RC(SYNC_INVALID,
             sync_bundle_parse(&b, out.buf, out.len - 1, 10, &err));
    CHECK(strstr(err.msg, "damaged or truncated") != NULL);
    free(copy);
    sync_buf_release(&out);
}

/* The vector's bytes up to its seal record with extra appended (len
 * bytes), then sealed by the vector's key and hashed again: a whole,
 * signed file whose records are wrong. */
static enum sync_rc parse_resealed(const uint8_t *extra, size_t len, size_t cut,
                                   struct sync_err *err)
{
    struct sync_buf out, re;
    struct sync_bundle b;
    struct sync_key *key = NULL;
    uint8_t hash[SYNC_HASH_LEN], sig[SYNC_SIG_LEN];
    uint8_t rec[5] = {5, 0, 0, 0, SYNC_SIG_LEN};
    encode_vector(&out);
    vector_bundle(&b, &key);
    sync_bundle_release(&b);
    sync_buf_init(&re, SYNC_LIMIT_BUNDLE_BYTES);
    size_t body = out.len - SYNC_HASH_LEN - 5 - SYNC_SIG_LEN - cut;
    CHECK_RC(SYNC_OK, sync_buf_add(&re, out.buf, body));
    if (len)
        CHECK_RC(SYNC_OK, sync_buf_add(&re, extra, len));
    sync_hash(hash, re.buf, re.len, NULL, 0);
    sync_sig_sign(sig, key, "spona-bundle-v1", hash, sizeof(hash));
    CHECK_RC(SYNC_OK, sync_buf_add(&re, rec, sizeof(rec)));
    CHECK_RC(SYNC_OK, sync_buf_add(&re, sig, sizeof(sig)));
    sync_hash(hash, re.buf, re.len, NULL, 0);
    CHECK_RC(SYNC_OK, sync_buf_add(&re, hash, sizeof(hash)));
    enum sync_rc rc = sync_bundle_parse(&b, re.buf, re.len, 10, err);
    CHECK(rc || b.n == 1);
    sync_bundle_release(&b);
    sync_key_free(key);
    sync_buf_release(&re);
    sync_buf_release(&out);
    return rc;
}

/* Whole, sealed files with records that break the format. */
static void test_records(void)
{
    struct sync_err err;
    /* Nothing changed: the reseal itself is sound. */
    CHECK_RC(SYNC_OK, parse_resealed(NULL, 0, 0, &err));
    const uint8_t unknown[] = {9, 0, 0, 0, 1, 0};
    CHECK_RC(SYNC_INVALID, parse_resealed(unknown, sizeof(unknown), 0, &err));
    CHECK(strstr(err.msg, "unknown type") != NULL);
    const uint8_t receipt[] = {4, 0, 0, 0, 1, 0};
    CHECK_RC(SYNC_INVALID, parse_resealed(receipt, sizeof(receipt), 0, &err));
    CHECK(strstr(err.msg, "receipt") != NULL);
    uint8_t head[5 + 81] = {1, 0, 0, 0, 81};
    head[5 + 64] = 1;
    CHECK_RC(SYNC_INVALID, parse_resealed(head, sizeof(head), 0, &err));
    CHECK(strstr(err.msg, "head") != NULL);
    /* A fork record (the vector's entry, as a proof) is taken; an entry
     * after it is out of order. */
    size_t hlen = (sizeof(vec_header) - 1) / 2;
    size_t flen = 1 + hlen + SYNC_SIG_LEN;
    uint8_t both[5 + 1 + SYNC_ENTRY_HEADER_MAX + SYNC_SIG_LEN + 6] = {
        3, 0, 0, 0, (uint8_t)flen, (uint8_t)hlen};
    hex(both + 6, hlen, vec_header);
    hex(both + 6 + hlen, SYNC_SIG_LEN, vec_sig);
    CHECK_RC(SYNC_OK, parse_resealed(both, 5 + flen, 0, &err));
    const uint8_t late[] = {2, 0, 0, 0, 1, 0};
    memcpy(both + 5 + flen, late, sizeof(late));
    CHECK_RC(SYNC_INVALID,
             parse_resealed(both, 5 + flen + sizeof(late), 0, &err));
    CHECK(strstr(err.msg, "out of order") != NULL);
    /* A record that claims more than is there. */
    const uint8_t longer[] = {2, 0, 0, 1, 0, 0};
    CHECK_RC(SYNC_INVALID, parse_resealed(longer, sizeof(longer), 0, &err));
    CHECK(strstr(err.msg, "ends inside a record") != NULL);
    /* An entry record cut short (its last payload byte dropped, the
     * length left as it was). */
    CHECK_RC(SYNC_INVALID, parse_resealed(NULL, 0, 1, &err));
}

static void test_limits(void)
{
    struct sync_bundle b;
    struct sync_key *key = NULL;
    struct sync_buf out;
    struct sync_err err;
    /* Over the file limit: refused before a byte is read. */
    size_t big = (size_t)SYNC_LIMIT_BUNDLE_BYTES + 1;
    char *huge = calloc(1, big);
    CHECK(huge != NULL);
    CHECK_RC(SYNC_TOOBIG, sync_bundle_parse(&b, huge, big, 10, &err));
    free(huge);
    /* Three entries where two are allowed. */
    vector_bundle(&b, &key);
    b.e = sync_xrealloc(b.e, 3 * sizeof(*b.e));
    for (int i = 1; i < 3; i++) {
        b.e[i] = b.e[0];
        b.e[i].payload = sync_xstrdup(b.e[0].payload);
    }
    b.n = 3;
    sync_buf_init(&out, SYNC_LIMIT_BUNDLE_BYTES);
    CHECK_RC(SYNC_OK, sync_bundle_encode(&b, key, &out, NULL));
    sync_bundle_release(&b);
    sync_key_free(key);
    CHECK_RC(SYNC_TOOBIG, sync_bundle_parse(&b, out.buf, out.len, 2, &err));
    CHECK(b.n == 0);
    CHECK_RC(SYNC_OK, sync_bundle_parse(&b, out.buf, out.len, 3, &err));
    CHECK(b.n == 3);
    sync_bundle_release(&b);
    /* Sealed by a key that is not the maker's: a whole, hashed file, and
     * still refused. */
    struct sync_key *other = NULL;
    vector_bundle(&b, &key);
    sync_key_generate(&other);
    CHECK_RC(SYNC_OK, sync_bundle_encode(&b, other, &out, NULL));
    sync_bundle_release(&b);
    CHECK_RC(SYNC_BADSIG, sync_bundle_parse(&b, out.buf, out.len, 10, &err));
    CHECK(strstr(err.msg, "seal") != NULL);
    sync_key_free(other);
    sync_key_free(key);
    sync_buf_release(&out);
}

static void make(struct test_node *n, const char *org, bool hub)
{
    struct sync_err err;
    test_node_make(n, org);
    if (hub)
        CHECK_RC(SYNC_OK, sync_engine_make_hub(n->e, &err));
}

static void join(struct test_node *member, struct test_node *hub)
{
    char token[SYNC_B64_SIZE(32)];
    struct sync_err err;
    char *resp = NULL;
    size_t len = 0, rlen = 0;
    CHECK_RC(SYNC_OK, sync_fed_invite(hub->e, sync_engine_org(member->e),
                                      "node", 3600, token, &err));
    char *body = sync_fed_join_request(member->e, token, "n", &len);
    CHECK_RC(SYNC_OK, sync_fed_join(hub->e, sync_engine_self(member->e), body,
                                    len, &resp, &rlen, &err));
    CHECK_RC(SYNC_OK, sync_fed_join_done(member->e, resp, rlen,
                                         sync_engine_self(hub->e), &err));
    free(resp);
    free(body);
}

/* Makes a bundle at from for spec and applies it at to (upstream: to's
 * hub); counts what it did. */
static enum sync_rc carry(struct test_node *from, struct test_node *to,
                          const struct sync_bundle_spec *spec,
                          const uint8_t *upstream, struct sync_fed_counts *c)
{
    struct sync_buf out;
    struct sync_bundle b;
    struct sync_err err;
    size_t n = 0;
    memset(c, 0, sizeof(*c));
    sync_buf_init(&out, SYNC_LIMIT_BUNDLE_BYTES);
    CHECK_RC(SYNC_OK, sync_bundle_create(from->e, spec, &out, &n, &err));
    CHECK_RC(SYNC_OK, sync_bundle_parse(&b, out.buf, out.len,
                                        SYNC_LIMIT_BUNDLE_ENTRIES, &err));
    enum sync_rc rc = sync_bundle_apply(to->e, &b, upstream, c, &err);
    sync_bundle_release(&b);
    sync_buf_release(&out);
    return rc;
}

static void test_apply(void)
{
    struct test_node hub, member, other;
    struct sync_fed_counts c;
    make(&hub, "Vlada Federacije BiH", true);
    make(&member, "Grad Bihać", false);
    make(&other, "Grad Živinice", false);
    join(&member, &hub);
    join(&other, &hub);
    const uint8_t *hub_key = sync_engine_self(hub.e);
    const char *a[] = {"title", "Iz Bihaća", "status", "pilot",
                       "scope", "hub",       NULL};
    const char *h[] = {"title", "Iz Federacije", "status", "pilot",
                       "scope", "hub",           NULL};
    test_put(&member, "practice", NULL, a);
    test_put(&member, "practice", NULL, a);

    /* Up: the member's push, twice. */
    struct sync_bundle_spec up = {.kind = SYNC_BUNDLE_UP};
    memcpy(up.to, hub_key, SYNC_SIG_PK_LEN);
    CHECK_RC(SYNC_OK, carry(&member, &hub, &up, NULL, &c));
    CHECK(c.applied == 2 && c.known == 0);
    CHECK_RC(SYNC_OK, carry(&member, &hub, &up, NULL, &c));
    CHECK(c.applied == 0 && c.known == 2);
    CHECK(test_live_rows(&hub, "practice") == 2);
    /* Not on another node than its hub. */
    CHECK_RC(SYNC_CONFLICT, carry(&member, &other, &up, hub_key, &c));

    /* Down: the hub's pull answer for the member, twice; its receipts
     * leave nothing to push. */
    test_put(&hub, "practice", NULL, h);
    struct sync_bundle_spec down = {.kind = SYNC_BUNDLE_DOWN};
    memcpy(down.to, sync_engine_self(member.e), SYNC_SIG_PK_LEN);
    CHECK_RC(SYNC_CONFLICT, carry(&hub, &other, &down, hub_key, &c));
    CHECK_RC(SYNC_CONFLICT, carry(&hub, &member, &down, NULL, &c));
    CHECK_RC(SYNC_OK, carry(&hub, &member, &down, hub_key, &c));
    CHECK(c.applied > 0 && c.rejected == 0 && c.refused == 0);
    CHECK_RC(SYNC_OK, carry(&hub, &member, &down, hub_key, &c));
    CHECK(c.applied == 0 && c.known > 0);
    CHECK(test_live_rows(&member, "practice") == 3);
    char *body = NULL;
    size_t len = 0, n = 0;
    bool more = false;
    CHECK_RC(SYNC_OK,
             sync_fed_push_request(member.e, &body, &len, &n, &more, NULL));
    CHECK(body == NULL && n == 0);
    free(body);

    /* Any member: the other one takes it too; a member makes none. */
    memset(down.to, 0, SYNC_SIG_PK_LEN);
    CHECK_RC(SYNC_OK, carry(&hub, &other, &down, hub_key, &c));
    CHECK(test_live_rows(&other, "practice") == 3);
    struct sync_buf out;
    struct sync_err err;
    sync_buf_init(&out, SYNC_LIMIT_BUNDLE_BYTES);
    CHECK_RC(SYNC_CONFLICT,
             sync_bundle_create(member.e, &down, &out, &n, &err));
    sync_buf_release(&out);

    struct sync_verify v;
    CHECK_RC(SYNC_OK, sync_engine_verify(member.e, true, &v, &err));
    CHECK_RC(SYNC_OK, sync_engine_verify(hub.e, true, &v, &err));
    sync_engine_close(hub.e);
    sync_engine_close(member.e);
    sync_engine_close(other.e);
}

/* A hub's verdict that comes down in a bundle is adopted at once, as
 * after a pull, and waits to go up with the next bundle. */
static void test_review_down(void)
{
    struct test_node hub, member;
    struct sync_fed_counts c;
    struct sync_record r;
    make(&hub, "Vlada Federacije BiH", true);
    make(&member, "Grad Bihać", false);
    join(&member, &hub);
    const uint8_t *hub_key = sync_engine_self(hub.e);
    char id[SYNC_UUID_TEXT];
    snprintf(id, sizeof(id), "%s",
             test_put(&member, "practice", NULL,
                      (const char *[]){"title", "Registar", "status", "pilot",
                                       "review_status", "submitted", NULL}));
    struct sync_bundle_spec up = {.kind = SYNC_BUNDLE_UP};
    memcpy(up.to, hub_key, SYNC_SIG_PK_LEN);
    CHECK_RC(SYNC_OK, carry(&member, &hub, &up, NULL, &c));
    test_put(&hub, "practice_review", NULL,
             (const char *[]){"practice_id", id, "verdict", "validated",
                              "comment", "Dobro", NULL});
    struct sync_bundle_spec down = {.kind = SYNC_BUNDLE_DOWN};
    memcpy(down.to, sync_engine_self(member.e), SYNC_SIG_PK_LEN);
    CHECK_RC(SYNC_OK, carry(&hub, &member, &down, hub_key, &c));
    sync_record_init(&r);
    CHECK_RC(SYNC_OK, sync_engine_get(member.e, "practice", id, &r, NULL));
    CHECK_STR("validated", sync_record_text(&r, "review_status"));
    sync_record_release(&r);
    char *body = NULL;
    size_t len = 0, n = 0;
    bool more = false;
    CHECK_RC(SYNC_OK,
             sync_fed_push_request(member.e, &body, &len, &n, &more, NULL));
    CHECK(n == 1);
    free(body);
    CHECK_RC(SYNC_OK, carry(&member, &hub, &up, NULL, &c));
    sync_record_init(&r);
    CHECK_RC(SYNC_OK, sync_engine_get(hub.e, "practice", id, &r, NULL));
    CHECK_STR("validated", sync_record_text(&r, "review_status"));
    sync_record_release(&r);
    sync_engine_close(hub.e);
    sync_engine_close(member.e);
}

int main(void)
{
    if (sync_global_init(NULL))
        return 1;
    RUN(test_vector);
    RUN(test_damage);
    RUN(test_records);
    RUN(test_limits);
    RUN(test_apply);
    RUN(test_review_down);
    return CHECK_DONE();
}
