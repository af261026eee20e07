/* SPDX-License-Identifier: MIT */
/*
 * util: helpers shared by the unit tests: a fresh temporary folder per
 * test, removed at exit.
 */
#ifndef TEST_UTIL_H
#define TEST_UTIL_H

#include <stddef.h>

#include "engine.h"

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

/* A node in a temporary folder. */
struct test_node {
    struct sync_engine *e;
    char db[256];
    char key[256];
};

/* Creates a node of org in a new temporary folder. Aborts on failure. */
void test_node_make(struct test_node *n, const char *org);
/*
 * Writes row id of table (NULL: a new row) with kv, pairs of field name
 * and text as a user types it, NULL-terminated. Returns the row id
 * (static storage, valid until the next call). Prints why and aborts on
 * failure: tests that expect one call sync_engine_put themselves.
 */
char *test_put(struct test_node *n, const char *table, const char *id,
               const char *const *kv);

#endif
