/* SPDX-License-Identifier: MIT */
/*
 * util: helpers shared by the unit tests: a fresh temporary folder per
 * test, removed at exit.
 */
#ifndef TEST_UTIL_H
#define TEST_UTIL_H

#include <stddef.h>

/* Makes a new temporary folder; returns its path (static storage per
 * call slot, valid until the program ends). Aborts on failure. */
const char *test_tmpdir(void);
/* path = dir "/" name into out. */
void test_path(char *out, size_t size, const char *dir, const char *name);

/* A parallel hook for sync_engine_set_parallel: one POSIX thread per
 * worker after the first; counts its calls in *(int *)ctx when ctx is
 * not NULL. Aborts when a thread cannot start. */
void test_parallel(void *ctx, size_t threads,
                   void (*work)(void *arg, size_t i), void *arg);

#endif
