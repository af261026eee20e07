/* SPDX-License-Identifier: MIT */
/*
 * store_int: what the files of the store module share (store.c: the node
 * database, rows and entries; store_net.c: the federation tables). Not
 * part of the library's interface; only store*.c include it.
 */
#ifndef SYNC_STORE_INT_H
#define SYNC_STORE_INT_H

#include <sqlite3.h>

#include "store.h"

#define STORE_STMTS_MAX 48 /* static statements of store.c */
#define STORE_NET_MAX 32   /* static statements of store_net.c */

/* The start of every query store_walk_entries reads: the columns of
 * struct sync_stored, in its order. */
#define ENTRY_COLS                                                             \
    "SELECT e.n, e.id, f.author, f.scope, e.seq, e.hlc, e.header, e.sig, "     \
    "p.body, e.status, e.arrived, e.tbl, e.row_id, e.op FROM entry e "         \
    "JOIN feed f ON f.feed = e.feed LEFT JOIN payload p ON p.n = e.n "

/* Static statements of store*.c, in stmt_sql[] of store.c. */
enum store_stmt {
    S_META_GET,
    S_META_SET,
    S_FEED_GET,
    S_FEED_NEW,
    S_FEED_ADVANCE,
    S_FEED_FORK,
    S_FEEDS_ALL,
    S_FORK_ADD,
    S_ENTRY_KNOWN,
    S_ENTRY_AT,
    S_ENTRY_ADD,
    S_PAYLOAD_ADD,
    S_ENTRY_CLOCK,
    S_ENTRIES_ALL,
    S_ROW_ENTRIES,
    S_FEED_ENTRIES,
    S_REJECT,
    S_CONFLICT_DEL,
    S_CONFLICT_ADD,
    S_CONFLICTS_ALL,
    S_MEMBER_PUT,
    S_MEMBER_GET,
    S_CONFLICTS_ROW_DEL,
    S_REJECTED_LAST,
    S_REJECTED_PRUNE,
    S_FORKS_ALL,
    S_WITHHELD_ADD,
    S_WITHHELD_DEL,
    S_ENTRY_STATUS_SET,
    S_PAYLOAD_DEL,
    S_PAYLOAD_FILL,
    S_WITHHELD_ALL,
    S_FORK_PROOFS,
    S_SAVEPOINT,
    S_RELEASE,
    S_ROLLBACK_TO,
    S_COUNT_
};

/* The prepared statement which (prepared on first use). */
enum sync_rc store_stmt_get(struct sync_store *st, enum store_stmt which,
                            sqlite3_stmt **out, struct sync_err *err);

/* Statements of store_witness.c kept prepared: those every sync round
 * or pull runs. */
enum store_wit_stmt {
    WIT_NEXT,
    WIT_ANY_FORK,
    WIT_FORKED_ADD,
    WIT_FORKS_FOR,
    WIT_COUNT_
};

/* Statements of store_priv.c kept prepared: those on the ingest path. */
enum store_priv_stmt { PRIV_ERASED_GET, PRIV_COUNT_ };

/* Statements of one domain table. */
struct table_stmts {
    sqlite3_stmt *get;  /* SELECT ... WHERE id = ?1 */
    sqlite3_stmt *put;  /* INSERT ... ON CONFLICT DO UPDATE */
    sqlite3_stmt *list; /* SELECT ... ORDER BY id */
};

struct sync_store {
    sqlite3 *db;                      /* the connection */
    sqlite3_stmt *s[STORE_STMTS_MAX]; /* store.c statements, lazily */
    sqlite3_stmt *net[STORE_NET_MAX]; /* store_net.c statements */
    sqlite3_stmt *priv[PRIV_COUNT_];  /* store_priv.c statements */
    sqlite3_stmt *wit[WIT_COUNT_];    /* store_witness.c statements */
    bool forked_table;                /* temp.forked exists */
    struct sync_schema *schema;       /* loaded after migrating */
    struct table_stmts *ts;           /* per table of the schema */
    size_t n_ts;                      /* tables in ts */
    int version;                      /* user_version after migrating */
};

/* Copies SQLite's message for rc into err, prefixed by what. */
enum sync_rc store_db_err(struct sync_store *st, struct sync_err *err, int rc,
                          const char *what);
/* Steps a statement expected to give no rows, then resets it. */
enum sync_rc store_step_done(struct sync_store *st, sqlite3_stmt *s,
                             const char *what, struct sync_err *err);
/* Resets a statement and clears its bindings. */
void store_stmt_done(sqlite3_stmt *s);
/* Copies a blob column of exactly len bytes (zeros otherwise). */
void store_copy_blob(uint8_t *dst, size_t len, sqlite3_stmt *s, int col);
/* Steps a statement of entry rows, calling cb for each; resets it. */
enum sync_rc store_walk_entries(struct sync_store *st, sqlite3_stmt *s,
                                sync_entry_cb cb, void *payload,
                                struct sync_err *err);
/* Binds a value of a field (text, integer or NULL) to parameter i. */
void store_bind_value(sqlite3_stmt *s, int i, const struct sync_value *v);
/* Registers the folding FTS5 tokenizer "spona" (store_search.c). */
enum sync_rc store_search_register(struct sync_store *st, struct sync_err *err);
/* Whether table has a search index (store_search.c). */
enum sync_rc store_search_has_index(struct sync_store *st, const char *table,
                                    bool *out, struct sync_err *err);
/* Prepares sql once into *slot (SQLITE_PREPARE_PERSISTENT). */
enum sync_rc store_prepare(struct sync_store *st, sqlite3_stmt **slot,
                           const char *sql, struct sync_err *err);

#endif
