/* SPDX-License-Identifier: MIT */
/*
 * num: the strict integer parsers: whole string or nothing, no blanks, no
 * '+', no overflow.
 */
#include "check.h"

#include "spona/num.h"

static const char *const bad_common[] = {
    "",    "-",   "+",   "+1",    " 1",    "1 ",       "\t1",
    "1\n", "1x",  "x1",  "0x10",  "1.0",   "1e3",      "--1",
    "-+1", "+-1", "- 1", "1,000", "1_000", "\xd9\xa1", "\xef\xbc\x91",
};

static void test_i64_ok(void)
{
    static const struct {
        const char *s;
        int64_t v;
    } ok[] = {
        {"0", 0},
        {"-0", 0},
        {"7", 7},
        {"007", 7},
        {"-42", -42},
        {"1234567890123", 1234567890123},
        {"9223372036854775807", INT64_MAX},
        {"-9223372036854775808", INT64_MIN},
    };
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
        int64_t v = 99;
        struct sync_err err;
        sync_err_init(&err);
        CHECK_RC(SYNC_OK, sync_parse_i64(&v, ok[i].s, &err));
        CHECK(v == ok[i].v);
        /* err is untouched on success. */
        CHECK_RC(SYNC_OK, err.rc);
        CHECK_STR("", err.msg);
    }
}

static void test_i64_bad(void)
{
    static const char *const bad[] = {
        "9223372036854775808",
        "-9223372036854775809",
        "99999999999999999999999",
        "-99999999999999999999999",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        int64_t v = 99;
        struct sync_err err;
        sync_err_init(&err);
        CHECK_RC(SYNC_INVALID, sync_parse_i64(&v, bad[i], &err));
        CHECK_RC(SYNC_INVALID, err.rc);
        CHECK(strstr(err.msg, bad[i]) != NULL);
        CHECK(v == 99);
    }
    for (size_t i = 0; i < sizeof(bad_common) / sizeof(bad_common[0]); i++) {
        int64_t v = 99;
        struct sync_err err;
        sync_err_init(&err);
        CHECK_RC(SYNC_INVALID, sync_parse_i64(&v, bad_common[i], &err));
        CHECK_RC(SYNC_INVALID, err.rc);
        CHECK(err.msg[0] != '\0');
        CHECK(v == 99);
        CHECK_RC(SYNC_INVALID, sync_parse_i64(&v, bad_common[i], NULL));
    }
}

static void test_u64_ok(void)
{
    static const struct {
        const char *s;
        uint64_t v;
    } ok[] = {
        {"0", 0},
        {"7", 7},
        {"0007", 7},
        {"9223372036854775808", (uint64_t)INT64_MAX + 1},
        {"18446744073709551615", UINT64_MAX},
    };
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
        uint64_t v = 99;
        struct sync_err err;
        sync_err_init(&err);
        CHECK_RC(SYNC_OK, sync_parse_u64(&v, ok[i].s, &err));
        CHECK(v == ok[i].v);
        CHECK_RC(SYNC_OK, err.rc);
        CHECK_STR("", err.msg);
    }
}

static void test_u64_bad(void)
{
    static const char *const bad[] = {
        "18446744073709551616",  "99999999999999999999999", "-1", "-0",
        "-18446744073709551615",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        uint64_t v = 99;
        struct sync_err err;
        sync_err_init(&err);
        CHECK_RC(SYNC_INVALID, sync_parse_u64(&v, bad[i], &err));
        CHECK_RC(SYNC_INVALID, err.rc);
        CHECK(strstr(err.msg, bad[i]) != NULL);
        CHECK(v == 99);
    }
    for (size_t i = 0; i < sizeof(bad_common) / sizeof(bad_common[0]); i++) {
        uint64_t v = 99;
        CHECK_RC(SYNC_INVALID, sync_parse_u64(&v, bad_common[i], NULL));
        CHECK(v == 99);
    }
}

int main(void)
{
    RUN(test_i64_ok);
    RUN(test_i64_bad);
    RUN(test_u64_ok);
    RUN(test_u64_bad);
    return CHECK_DONE();
}
