/* SPDX-License-Identifier: MIT */
/*
 * util: helpers shared by the unit tests: a fresh temporary folder per
 * test, removed at exit.
 */
#ifndef TEST_UTIL_H
#define TEST_UTIL_H

#include <stddef.h>

#include "spona/engine.h"
#include "engine_int.h"
#include "store.h"

/* Makes a new temporary folder; returns its path (static storage per
 * call slot, valid until the program ends). Aborts on failure. */
const char *test_tmpdir(void);
/* path = dir "/" name into out. */
void test_path(char *out, size_t size, const char *dir, const char *name);

/* A parallel hook for sync_engine_set_parallel: one POSIX thread per
 * worker after the first; counts its calls in *(int *)ctx when ctx is
 * not NULL. Aborts when a thread cannot start. */
void test_parallel(void *ctx, size_t threads, void (*work)(void *arg, size_t i),
                   void *arg);

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

/* Entries copied out of a node's log, to give to another node. */
struct test_batch {
    struct sync_entry *e; /* owned */
    size_t n;
    size_t cap;
    int64_t after; /* only entries stored after this n */
};

/* The shared (not local) entries of n's log stored after position
 * after, payloads included when held. Aborts on failure. */
void test_take(struct test_node *n, int64_t after, struct test_batch *out);
/* Ingests b into to; prints why and aborts when the ingest fails. */
void test_give(struct test_node *to, const struct test_batch *b);
void test_batch_release(struct test_batch *b);

/* Makes every node a member (of its own organisation) at every other. */
void test_introduce(struct test_node *nodes, size_t n);
/* Rows of a core table ("entry", "conflict", ...) at n. */
int64_t test_count(struct test_node *n, const char *what);
/* Gives each of a and b what the other holds. */
void test_sync_pair(struct test_node *a, struct test_node *b);
/* A canonical dump of table at n (rows, deleted ones too, versions sorted
 * by field, then every conflict); belongs to the caller. */
char *test_dump(struct test_node *n, const char *table);
/* Live rows of table at n. */
int test_live_rows(struct test_node *n, const char *table);

/* Seals a practice entry by hand, as a misbehaving node would: any
 * scope, seq, prev (NULL: none), clock and op, signed with author's key. */
void test_forge(struct sync_entry *out, struct test_node *author,
                const char *row, int scope, uint64_t seq, const uint8_t *prev,
                uint64_t hlc, int op, const char *payload);
/* The same for an entry of any table. */
void test_seal(struct sync_entry *out, struct test_node *author,
               const char *table, const char *row, int scope, uint64_t seq,
               const uint8_t *prev, uint64_t hlc, int op, const char *payload);

#endif
