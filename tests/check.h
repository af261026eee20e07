/* SPDX-License-Identifier: MIT */
/*
 * check: the unit-test framework. CHECK* macros record a failure with file,
 * line and expression and carry on; RUN runs one test function; each test
 * binary's main ends with CHECK_DONE(), which prints "N passed, N failed"
 * and gives the exit status.
 */
#ifndef CHECK_H
#define CHECK_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_passed;
static int check_failed;

static inline void check_report(int ok, const char *file, int line,
                                const char *what)
{
    if (ok) {
        check_passed++;
        return;
    }
    check_failed++;
    fprintf(stderr, "%s:%d: FAILED: %s\n", file, line, what);
}

#define CHECK(expr) check_report(!!(expr), __FILE__, __LINE__, #expr)

#define CHECK_RC(want, expr)                                                   \
    do {                                                                       \
        int check_got_ = (int)(expr);                                          \
        check_report(check_got_ == (int)(want), __FILE__, __LINE__,            \
                     #expr " == " #want);                                      \
        if (check_got_ != (int)(want))                                         \
            fprintf(stderr, "    got %d, want %d\n", check_got_, (int)(want)); \
    } while (0)

#define CHECK_STR(want, got)                                                   \
    do {                                                                       \
        const char *check_w_ = (want), *check_g_ = (got);                      \
        int check_ok_ = check_w_ && check_g_ && !strcmp(check_w_, check_g_);   \
        check_report(check_ok_, __FILE__, __LINE__, #got " == " #want);        \
        if (!check_ok_)                                                        \
            fprintf(stderr, "    got '%s', want '%s'\n",                       \
                    check_g_ ? check_g_ : "(null)",                            \
                    check_w_ ? check_w_ : "(null)");                           \
    } while (0)

#define CHECK_MEM(want, got, len)                                              \
    check_report(memcmp((want), (got), (len)) == 0, __FILE__, __LINE__,        \
                 "memcmp(" #want ", " #got ", " #len ") == 0")

#define RUN(fn)                                                                \
    do {                                                                       \
        int check_before_ = check_failed;                                      \
        fn();                                                                  \
        if (check_failed != check_before_)                                     \
            fprintf(stderr, "  in %s\n", #fn);                                 \
    } while (0)

#define CHECK_DONE()                                                           \
    (printf("%d passed, %d failed\n", check_passed, check_failed),             \
     check_failed ? 1 : 0)

#endif
