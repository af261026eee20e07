/* SPDX-License-Identifier: MIT */
/*
 * uuid: UUIDv7 layout (timestamp, version, variant), the lowercase text
 * form and strict parsing.
 */
#include "check.h"

#include "spona/uuid.h"

#define T0 UINT64_C(0x018bcfe56800) /* 1700000000000 ms */

static void test_v7(void)
{
    uint8_t a[SYNC_UUID_LEN];
    uint8_t b[SYNC_UUID_LEN];
    for (int i = 0; i < 200; i++) {
        sync_uuid_v7(a, T0 + (uint64_t)i);
        uint64_t ms = 0;
        for (int j = 0; j < 6; j++)
            ms = ms << 8 | a[j];
        CHECK(ms == T0 + (uint64_t)i);
        CHECK((a[6] >> 4) == 7);
        CHECK((a[8] & 0xc0) == 0x80);
    }
    sync_uuid_v7(a, T0);
    CHECK(a[0] == 0x01 && a[1] == 0x8b && a[2] == 0xcf && a[3] == 0xe5 &&
          a[4] == 0x68 && a[5] == 0x00);

    /* Same millisecond, different ids (74 random bits). */
    sync_uuid_v7(b, T0);
    CHECK(memcmp(a, b, SYNC_UUID_LEN) != 0);
    CHECK_MEM(a, b, 6);

    /* Later milliseconds sort after earlier ones, byte by byte. */
    sync_uuid_v7(b, T0 + 1);
    CHECK(memcmp(a, b, SYNC_UUID_LEN) < 0);

    /* Ids made in one millisecond sort in the order they were made. */
    sync_uuid_v7(a, T0 + 2);
    for (int i = 0; i < 1000; i++) {
        sync_uuid_v7(b, T0 + 2);
        CHECK(memcmp(a, b, SYNC_UUID_LEN) < 0);
        CHECK((b[6] >> 4) == 7 && (b[8] & 0xc0) == 0x80);
        memcpy(a, b, SYNC_UUID_LEN);
    }
}

static void test_format(void)
{
    static const uint8_t u[SYNC_UUID_LEN] = {0x01, 0x8b, 0xcf, 0xe5, 0x68, 0x00,
                                             0x7a, 0xbc, 0x9d, 0xef, 0x01, 0x23,
                                             0x45, 0x67, 0x89, 0xab};
    char text[SYNC_UUID_TEXT];
    uint8_t back[SYNC_UUID_LEN];
    sync_uuid_format(text, u);
    CHECK_STR("018bcfe5-6800-7abc-9def-0123456789ab", text);
    CHECK_RC(SYNC_OK, sync_uuid_parse(back, text, NULL));
    CHECK_MEM(u, back, SYNC_UUID_LEN);

    /* Either case parses to the same bytes. */
    memset(back, 0, sizeof(back));
    CHECK_RC(SYNC_OK, sync_uuid_parse(
                          back, "018BCFE5-6800-7ABC-9DEF-0123456789AB", NULL));
    CHECK_MEM(u, back, SYNC_UUID_LEN);
    memset(back, 0, sizeof(back));
    CHECK_RC(SYNC_OK, sync_uuid_parse(
                          back, "018bCfE5-6800-7aBc-9DeF-0123456789aB", NULL));
    CHECK_MEM(u, back, SYNC_UUID_LEN);

    /* Round trips of fresh ids: 36 lowercase characters, dashes in place. */
    for (int i = 0; i < 100; i++) {
        uint8_t v[SYNC_UUID_LEN];
        sync_uuid_v7(v, T0 + (uint64_t)i * 7919);
        sync_uuid_format(text, v);
        CHECK(strlen(text) == 36);
        CHECK(text[8] == '-' && text[13] == '-' && text[18] == '-' &&
              text[23] == '-');
        CHECK(text[14] == '7');
        CHECK(strchr("89ab", text[19]) != NULL);
        CHECK(strspn(text, "0123456789abcdef-") == 36);
        CHECK_RC(SYNC_OK, sync_uuid_parse(back, text, NULL));
        CHECK_MEM(v, back, SYNC_UUID_LEN);
    }
}

static void test_parse_bad(void)
{
    static const char *const bad[] = {
        "",
        "018bcfe5-6800-7abc-9def-0123456789a",   /* 35 characters */
        "018bcfe5-6800-7abc-9def-0123456789abc", /* 37 characters */
        "018bcfe5-6800-7abc-9def-0123456789ab ", /* trailing blank */
        " 018bcfe5-6800-7abc-9def-0123456789ab", /* leading blank */
        "018bcfe5-6800-7abc-9def-0123456789ag",  /* not hex */
        "018bcfe5-6800-7abc-9def-01234567 9ab",  /* blank inside */
        "g18bcfe5-6800-7abc-9def-0123456789ab",
        "018bcfe568007abc9def0123456789ab",     /* no dashes */
        "018bcfe5-68007abc-9def-0123456789ab0", /* dash missing */
        "018bcfe56-800-7abc-9def-0123456789ab", /* dash moved */
        "018bcfe5-6800-7abc-9def0-123456789ab", /* dash moved */
        "018bcfe5_6800_7abc_9def_0123456789ab", /* not dashes */
        "018bcfe5-6800-7abc-9def--123456789ab", /* extra dash */
        "{018bcfe5-6800-7abc-9def-0123456789ab}",
        "urn:uuid:018bcfe5-6800-7abc-9def-0123456789ab",
        "018bcfe5-6800-7abc-9def-0123456789ab\n",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        uint8_t out[SYNC_UUID_LEN];
        struct sync_err err;
        sync_err_init(&err);
        CHECK_RC(SYNC_INVALID, sync_uuid_parse(out, bad[i], &err));
        CHECK_RC(SYNC_INVALID, err.rc);
        CHECK(strstr(err.msg, "id") != NULL);
        CHECK_RC(SYNC_INVALID, sync_uuid_parse(out, bad[i], NULL));
    }
}

int main(void)
{
    RUN(test_v7);
    RUN(test_format);
    RUN(test_parse_bad);
    return CHECK_DONE();
}
