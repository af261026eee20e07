/* SPDX-License-Identifier: MIT */
/*
 * err: the status names table, sync_err_set and sync_err_prefix, including
 * truncation of long messages.
 */
#include "check.h"

#include "spona/err.h"

static void test_rc_str(void)
{
    for (int i = SYNC_OK; i < SYNC_RC_COUNT_; i++) {
        const char *a = sync_rc_str((enum sync_rc)i);
        CHECK(a != NULL);
        CHECK(a && a[0] != '\0');
        CHECK(a && strcmp(a, "unknown error") != 0);
        for (int j = SYNC_OK; j < i; j++)
            CHECK(a && strcmp(a, sync_rc_str((enum sync_rc)j)) != 0);
    }
    CHECK_STR("ok", sync_rc_str(SYNC_OK));
    CHECK_STR("invalid input", sync_rc_str(SYNC_INVALID));
    /* Out of range values still give a printable name. */
    CHECK_STR("unknown error", sync_rc_str(SYNC_RC_COUNT_));
    CHECK_STR("unknown error", sync_rc_str((enum sync_rc)(SYNC_RC_COUNT_ + 7)));
}

static void test_init(void)
{
    struct sync_err err;
    memset(&err, 'x', sizeof(err));
    sync_err_init(&err);
    CHECK_RC(SYNC_OK, err.rc);
    CHECK_STR("", err.msg);
    sync_err_init(NULL);
}

static void test_set(void)
{
    struct sync_err err;
    sync_err_init(&err);
    CHECK_RC(SYNC_NOTFOUND,
             sync_err_set(&err, SYNC_NOTFOUND, "no row '%s' in %d", "ab", 7));
    CHECK_RC(SYNC_NOTFOUND, err.rc);
    CHECK_STR("no row 'ab' in 7", err.msg);

    /* A second failure replaces the first. */
    CHECK_RC(SYNC_IO, sync_err_set(&err, SYNC_IO, "disk"));
    CHECK_RC(SYNC_IO, err.rc);
    CHECK_STR("disk", err.msg);

    /* err may be NULL: the code still comes back. */
    CHECK_RC(SYNC_TOOBIG, sync_err_set(NULL, SYNC_TOOBIG, "x %d", 1));
    CHECK_RC(SYNC_INTERNAL, sync_err_set(NULL, SYNC_INTERNAL, "y"));
}

static void test_prefix(void)
{
    struct sync_err err;
    sync_err_init(&err);
    CHECK_RC(SYNC_NET, sync_err_set(&err, SYNC_NET, "cannot connect"));
    sync_err_prefix(&err, "x");
    CHECK_STR("x: cannot connect", err.msg);
    CHECK_RC(SYNC_NET, err.rc);
    sync_err_prefix(&err, "peer '%s' req %d", "p1", 42);
    CHECK_STR("peer 'p1' req 42: x: cannot connect", err.msg);

    /* Prefixing an empty message. */
    sync_err_init(&err);
    sync_err_prefix(&err, "x");
    CHECK_STR("x: ", err.msg);

    sync_err_prefix(NULL, "x");
}

static void test_long(void)
{
    struct sync_err err;
    char big[1000];
    memset(big, 'a', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';

    sync_err_init(&err);
    CHECK_RC(SYNC_INVALID, sync_err_set(&err, SYNC_INVALID, "%s", big));
    CHECK(strnlen(err.msg, sizeof(err.msg)) == sizeof(err.msg) - 1);
    CHECK(err.msg[sizeof(err.msg) - 1] == '\0');
    CHECK(strspn(err.msg, "a") == sizeof(err.msg) - 1);

    /* Prefix on a full message: the prefix stays, the tail goes. */
    sync_err_prefix(&err, "x");
    CHECK(strnlen(err.msg, sizeof(err.msg)) == sizeof(err.msg) - 1);
    CHECK(strncmp(err.msg, "x: aaa", 6) == 0);
    CHECK(strspn(err.msg + 3, "a") == sizeof(err.msg) - 4);

    /* An overlong prefix is cut too, and the result stays terminated. */
    sync_err_prefix(&err, "%s", big);
    CHECK(strnlen(err.msg, sizeof(err.msg)) < sizeof(err.msg));
    CHECK(err.msg[0] == 'a');
    CHECK(strstr(err.msg, ": ") != NULL);

    sync_err_init(&err);
    CHECK_RC(SYNC_IO, sync_err_set(&err, SYNC_IO, "short"));
    sync_err_prefix(&err, "%s", big);
    CHECK(strnlen(err.msg, sizeof(err.msg)) < sizeof(err.msg));
    CHECK(strstr(err.msg, ": ") != NULL);
}

/* A quote cut at a byte count ("%.3s") or a message cut at the end of
 * the buffer splits a letter: what is left of it becomes '?', so the
 * message stays UTF-8 (JSON refuses anything else). */
static void test_cut_letter(void)
{
    struct sync_err err;
    char big[600];
    sync_err_init(&err);
    sync_err_set(&err, SYNC_INVALID, "'%.3s' is not allowed", "čćđ");
    CHECK_STR("'č?' is not allowed", err.msg);
    /* "ђ" is two bytes: the buffer ends inside the last one. */
    memset(big, 'a', sizeof(err.msg) - 2);
    strcpy(big + sizeof(err.msg) - 2, "ђђ");
    sync_err_set(&err, SYNC_INVALID, "%s", big);
    CHECK(err.msg[sizeof(err.msg) - 2] == '?');
    sync_err_set(&err, SYNC_INVALID, "bytes \xff\xfe, then ž");
    CHECK_STR("bytes ??, then ž", err.msg);
    sync_err_set(&err, SYNC_INVALID, "%s", "ž");
    sync_err_prefix(&err, "'%.1s'", "š");
    CHECK_STR("'?': ž", err.msg);
}

int main(void)
{
    RUN(test_cut_letter);
    RUN(test_rc_str);
    RUN(test_init);
    RUN(test_set);
    RUN(test_prefix);
    RUN(test_long);
    return CHECK_DONE();
}
