/* SPDX-License-Identifier: MIT */
/*
 * buf: appends, formatting, detach and reset of the bounded buffer, and the
 * rule that passing the maximum fails with SYNC_TOOBIG and empties it.
 */
#include "check.h"

#include "spona/buf.h"

static void test_empty(void)
{
    struct sync_buf b;
    sync_buf_init(&b, 100);
    CHECK(b.buf != NULL);
    CHECK_STR("", b.buf);
    CHECK(b.len == 0);
    CHECK(b.max == 100);
    sync_buf_reset(&b);
    CHECK_STR("", b.buf);
    sync_buf_release(&b);
    CHECK(b.buf != NULL);
    CHECK_STR("", b.buf);
    sync_buf_release(NULL);

    /* Detaching an empty, never-grown buffer still gives freeable memory. */
    size_t len = 99;
    char *s = sync_buf_detach(&b, &len);
    CHECK(s != NULL);
    CHECK_STR("", s);
    CHECK(len == 0);
    free(s);
    CHECK_STR("", b.buf);
}

static void test_add(void)
{
    struct sync_buf b;
    sync_buf_init(&b, 1000);
    CHECK_RC(SYNC_OK, sync_buf_add(&b, "abc", 3));
    CHECK_RC(SYNC_OK, sync_buf_add(&b, "XYZ", 0));
    CHECK_RC(SYNC_OK, sync_buf_adds(&b, "de"));
    CHECK_RC(SYNC_OK, sync_buf_adds(&b, ""));
    CHECK_RC(SYNC_OK, sync_buf_addf(&b, "-%d-%s-%02x", 42, "q", 10));
    CHECK_STR("abcde-42-q-0a", b.buf);
    CHECK(b.len == 13);

    /* Embedded NUL bytes are kept and the buffer is still terminated. */
    CHECK_RC(SYNC_OK, sync_buf_add(&b, "x\0y", 3));
    CHECK(b.len == 16);
    CHECK_MEM("abcde-42-q-0ax\0y", b.buf, 17);

    sync_buf_reset(&b);
    CHECK(b.len == 0);
    CHECK_STR("", b.buf);
    CHECK_RC(SYNC_OK, sync_buf_adds(&b, "again"));
    CHECK_STR("again", b.buf);
    sync_buf_release(&b);
    CHECK_STR("", b.buf);
    CHECK(b.max == 1000);
    /* Usable after release. */
    CHECK_RC(SYNC_OK, sync_buf_adds(&b, "more"));
    CHECK_STR("more", b.buf);
    sync_buf_release(&b);
}

static void test_grow(void)
{
    struct sync_buf b;
    char want[5001];
    sync_buf_init(&b, 5000);
    for (int i = 0; i < 5000; i++) {
        char c = (char)('a' + i % 26);
        want[i] = c;
        CHECK_RC(SYNC_OK, sync_buf_add(&b, &c, 1));
    }
    want[5000] = '\0';
    CHECK(b.len == 5000);
    CHECK(b.cap > b.len);
    CHECK_STR(want, b.buf);
    /* Exactly at the maximum; one more byte is too many. */
    CHECK_RC(SYNC_TOOBIG, sync_buf_add(&b, "z", 1));
    CHECK(b.len == 0);
    CHECK_STR("", b.buf);
    sync_buf_release(&b);

    /* Formatted text that needs several doublings at once. */
    sync_buf_init(&b, 5001);
    CHECK_RC(SYNC_OK, sync_buf_addf(&b, "%s|%s", want + 1000, want + 4000));
    CHECK(b.len == 4000 + 1 + 1000);
    CHECK(strncmp(b.buf, want + 1000, 4000) == 0);
    CHECK(b.buf[4000] == '|');
    CHECK_STR(want + 4000, b.buf + 4001);
    sync_buf_release(&b);
}

static void test_toobig(void)
{
    struct sync_buf b;
    sync_buf_init(&b, 8);
    CHECK_RC(SYNC_OK, sync_buf_adds(&b, "12345"));
    CHECK_RC(SYNC_TOOBIG, sync_buf_adds(&b, "6789"));
    CHECK(b.buf != NULL);
    CHECK(b.len == 0);
    CHECK_STR("", b.buf);
    /* Still usable, with the same maximum. */
    CHECK_RC(SYNC_OK, sync_buf_adds(&b, "12345678"));
    CHECK_STR("12345678", b.buf);
    CHECK_RC(SYNC_TOOBIG, sync_buf_add(&b, "9", 1));
    CHECK_STR("", b.buf);
    CHECK_RC(SYNC_OK, sync_buf_adds(&b, "ab"));
    CHECK_RC(SYNC_TOOBIG, sync_buf_addf(&b, "%d", 1234567));
    CHECK(b.len == 0);
    CHECK_STR("", b.buf);
    CHECK_RC(SYNC_OK, sync_buf_addf(&b, "%d", 12345678));
    CHECK_STR("12345678", b.buf);
    /* A huge length must not wrap around the check. */
    CHECK_RC(SYNC_TOOBIG, sync_buf_add(&b, "x", SIZE_MAX));
    CHECK_STR("", b.buf);
    sync_buf_release(&b);

    /* Maximum 0: only empty appends succeed. */
    sync_buf_init(&b, 0);
    CHECK_RC(SYNC_OK, sync_buf_adds(&b, ""));
    CHECK_STR("", b.buf);
    CHECK_RC(SYNC_TOOBIG, sync_buf_adds(&b, "a"));
    CHECK_STR("", b.buf);
    sync_buf_release(&b);
}

static void test_detach(void)
{
    struct sync_buf b;
    size_t len = 0;
    sync_buf_init(&b, 100);
    CHECK_RC(SYNC_OK, sync_buf_adds(&b, "hello"));
    char *s = sync_buf_detach(&b, &len);
    CHECK_STR("hello", s);
    CHECK(len == 5);
    CHECK(b.len == 0);
    CHECK(b.buf != s);
    CHECK_STR("", b.buf);
    /* The buffer starts over with its own memory. */
    CHECK_RC(SYNC_OK, sync_buf_adds(&b, "world"));
    char *t = sync_buf_detach(&b, NULL);
    CHECK_STR("world", t);
    CHECK_STR("hello", s);
    free(s);
    free(t);
    sync_buf_release(&b);
}

int main(void)
{
    RUN(test_empty);
    RUN(test_add);
    RUN(test_grow);
    RUN(test_toobig);
    RUN(test_detach);
    return CHECK_DONE();
}
