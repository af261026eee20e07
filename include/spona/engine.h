/* SPDX-License-Identifier: MIT */
/*
 * engine: a node's replica. Local writes and entries from peers take one
 * path: an entry is checked, stored in its feed and merged into the domain
 * tables field by field, last writer wins by (hlc, author), in one
 * transaction. The engine owns the store and the node key; it knows nothing
 * of files other than the two paths it is given, of terminals or of HTTP.
 */
#ifndef SPONA_ENGINE_H
#define SPONA_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spona/entry.h"
#include "spona/err.h"
#include "spona/record.h"
#include "spona/schema.h"
#include "spona/read.h"

struct sync_engine;

/* Initialises the libraries the engine uses. Call once from main. */
enum sync_rc sync_global_init(struct sync_err *err) SYNC_MUST_CHECK;

/*
 * Creates a node: a new key at key_path (mode 0600) and a new database at
 * db_path that records the key as a member of org. SYNC_EXISTS when either
 * file is already there (nothing is touched then); on any other failure
 * both new files are removed. *out belongs to the caller.
 */
enum sync_rc sync_engine_create(struct sync_engine **out, const char *db_path,
                                const char *key_path, const char *org,
                                struct sync_err *err) SYNC_MUST_CHECK;
/* sync_engine_create with the new key sealed with a passphrase (pass,
 * pass_len bytes; sync_key_save_sealed): the secret never reaches the
 * disk in the clear. */
enum sync_rc sync_engine_create_sealed(struct sync_engine **out,
                                       const char *db_path,
                                       const char *key_path, const char *org,
                                       const char *pass, size_t pass_len,
                                       struct sync_err *err) SYNC_MUST_CHECK;
/*
 * Opens an existing node. SYNC_NOTFOUND when the database is missing,
 * SYNC_CONFLICT when the key file is readable by others or is not the key
 * the database was created with.
 */
enum sync_rc sync_engine_open(struct sync_engine **out, const char *db_path,
                              const char *key_path,
                              struct sync_err *err) SYNC_MUST_CHECK;
/* sync_engine_open with a key already read (a sealed node.key is opened
 * once, not by every thread): the engine keeps its own copy of key.
 * SYNC_CONFLICT when key is not the one the database was created with. */
enum sync_rc sync_engine_open_key(struct sync_engine **out, const char *db_path,
                                  const struct sync_key *key,
                                  struct sync_err *err) SYNC_MUST_CHECK;
/*
 * Opens a node that holds only the built-in schema, in memory, with no
 * key and no files: what 'spona tables' and the per-table help need
 * before any node exists. Only sync_engine_schema may be asked of it.
 */
enum sync_rc sync_engine_open_schema(struct sync_engine **out,
                                     struct sync_err *err) SYNC_MUST_CHECK;
/* Closes the store and wipes the key; e may be NULL. */
void sync_engine_close(struct sync_engine *e);

/* Borrowed views, alive as long as e. */
const struct sync_schema *sync_engine_schema(const struct sync_engine *e);
const uint8_t *sync_engine_self(const struct sync_engine *e);
const char *sync_engine_org(const struct sync_engine *e);

/*
 * Sets the municipality of this node (a code of the lsg enumeration,
 * "kljuc", or a name in either script, "Ključ"; NULL: none): a new row of
 * a table with an owner_lsg field that names none gets it. SYNC_INVALID
 * for a text that names no municipality, or two.
 */
enum sync_rc sync_engine_set_lsg(struct sync_engine *e, const char *lsg,
                                 struct sync_err *err) SYNC_MUST_CHECK;
/* The municipality of this node, or NULL; borrowed. */
const char *sync_engine_lsg(const struct sync_engine *e);

/* Scope given to new rows of table when the write names none. */
int sync_engine_default_scope(const char *table);

/*
 * Writes fields of a row as this node: creates a row (id NULL; its new id
 * goes to id_out) or changes row id. set holds checked values of fields of
 * the table, and optionally "scope" as text. Fields that keep their value
 * are dropped; when nothing changes no entry is written. Fields marked
 * local_only go to an entry of the local feed. SYNC_INVALID for an unknown
 * table or field, a bad value or a missing required field; SYNC_NOTFOUND
 * for an unknown or deleted row; SYNC_CONFLICT for a row of another
 * organisation. Nothing is written on failure.
 */
enum sync_rc sync_engine_put(struct sync_engine *e, const char *table,
                             const char *id, const struct sync_record *set,
                             char id_out[SYNC_UUID_TEXT],
                             struct sync_err *err) SYNC_MUST_CHECK;
/*
 * Like sync_engine_put with an id, but a row this node does not hold at
 * all is created with that id (how an import keeps the ids of its file).
 * SYNC_CONFLICT for an erased id.
 */
enum sync_rc sync_engine_upsert(struct sync_engine *e, const char *table,
                                const char *id, const struct sync_record *set,
                                struct sync_err *err) SYNC_MUST_CHECK;

/*
 * Local writes between batch_begin and batch_end share one transaction
 * (each still all-or-nothing on its own, through a savepoint): the way to
 * write thousands of rows fast. batch_end commits, or with commit false
 * drops the whole batch.
 */
enum sync_rc sync_engine_batch_begin(struct sync_engine *e,
                                     struct sync_err *err) SYNC_MUST_CHECK;
enum sync_rc sync_engine_batch_end(struct sync_engine *e, bool commit,
                                   struct sync_err *err) SYNC_MUST_CHECK;

/*
 * Ends the conflict on field of row id of table: writes the field again,
 * replacing every version in conflict (PROTOCOL.md §5), with the value of
 * version keep (its base64 id, or a unique prefix of 6 or more
 * characters, among the value the field holds and the values that lost)
 * or, when keep is NULL, with value. SYNC_NOTFOUND when the field has no
 * open conflict or keep names none of its versions (or more than one);
 * otherwise the codes of sync_engine_put.
 */
enum sync_rc sync_engine_resolve(struct sync_engine *e, const char *table,
                                 const char *id, const char *field,
                                 const char *keep,
                                 const struct sync_value *value,
                                 struct sync_err *err) SYNC_MUST_CHECK;

/* Tombstones row id of table. Same codes as sync_engine_put. */
enum sync_rc sync_engine_delete(struct sync_engine *e, const char *table,
                                const char *id,
                                struct sync_err *err) SYNC_MUST_CHECK;

/*
 * Erases row id of table on this node and, through erase entries in every
 * feed that carried it, on every node that received it: the row goes, the
 * payloads of its entries are purged (headers still verify), and a
 * tombstone refuses any later entry for it. A person's consents are
 * erased with it. Only the owner's nodes may erase. SYNC_NOTFOUND for an
 * unknown or already erased row, SYNC_CONFLICT for another's.
 */
enum sync_rc sync_engine_erase(struct sync_engine *e, const char *table,
                               const char *id,
                               struct sync_err *err) SYNC_MUST_CHECK;

/*
 * Adopts the hub's verdicts on this node's practices (DOMAIN.md,
 * "Review"): for each own, live practice whose latest practice_review is
 * as new as its latest change, writes the review status the verdict
 * says - validated or published as it is, needs_changes or rejected back
 * to draft (which keeps it on this node again). A practice changed after
 * its review keeps what its owner wrote. adopted gets the practices
 * written. The codes of sync_engine_put.
 */
enum sync_rc sync_engine_adopt_reviews(struct sync_engine *e, size_t *adopted,
                                       struct sync_err *err) SYNC_MUST_CHECK;

/*
 * A node restored from a backup (sync_backup_restore) may be behind its
 * hub on its own feeds; a write signed then could fork them. Until it
 * has caught up, its puts and deletes are checked and kept as pending
 * requests (they succeed, but change no row yet; sync_read_status counts
 * them) and erasure is refused. After a complete pull from the hub,
 * sync_engine_settle writes them in order as ordinary local writes (a
 * request a rule now refuses is kept with the reason) and ends the
 * waiting; written gets how many were written. Without a restore it does
 * nothing.
 */
enum sync_rc sync_engine_settle(struct sync_engine *e, size_t *written,
                                struct sync_err *err) SYNC_MUST_CHECK;
/* Whether this node waits to catch up with its own feeds (as known when
 * it was opened or last wrote). */
bool sync_engine_restored(const struct sync_engine *e);

/* Names who acts in the audit log from now on (a copy is kept). */
void sync_engine_set_actor(struct sync_engine *e, const char *actor);
/* Appends to the audit log: action (view, export, share, erase) on row_id
 * of table (NULL: the whole table), detail saying how. Reading a person
 * through sync_engine_get or _list records a view by itself. */
enum sync_rc sync_engine_audit(struct sync_engine *e, const char *action,
                               const char *table, const char *row_id,
                               const char *detail,
                               struct sync_err *err) SYNC_MUST_CHECK;

/* Creates or changes a local account of the web pages (never an entry:
 * accounts stay on this node); hash NULL only changes the role of an
 * existing one (SYNC_NOTFOUND when there is none). */
enum sync_rc sync_engine_account_put(struct sync_engine *e, const char *name,
                                     const char *role, const char *hash,
                                     struct sync_err *err) SYNC_MUST_CHECK;
/* Removes an account. SYNC_NOTFOUND when there is none. */
enum sync_rc sync_engine_account_remove(struct sync_engine *e, const char *name,
                                        struct sync_err *err) SYNC_MUST_CHECK;

/* Proves the database takes writes now (a health check): rewrites one
 * setting in a transaction of its own. SYNC_IO (disk full, I/O error) or
 * SYNC_DB (read-only, busy) with SQLite's reason when it does not. */
enum sync_rc sync_engine_probe_write(struct sync_engine *e, int64_t at_ms,
                                     struct sync_err *err) SYNC_MUST_CHECK;

/* What became of one received entry. */
enum sync_ingest {
    SYNC_INGEST_APPLIED = 0, /* stored and merged */
    SYNC_INGEST_KNOWN,       /* already held; nothing done */
    SYNC_INGEST_REFUSED,     /* authentic but against a rule: kept in the
                                log as refused and in rejected, with reason */
    SYNC_INGEST_REJECTED,    /* forged or damaged: only in rejected */
    SYNC_INGEST_FORK,        /* a second entry at a held seq: kept as proof,
                                the feed is closed */
    SYNC_INGEST_GAP,         /* an earlier entry of its feed is missing:
                                not stored, to be pulled again */
    SYNC_INGEST_WITHHELD     /* came without payload and no erasure covers
                                it: stored, not applied, asked for again */
};

/*
 * A parallel hook, given by the program (sync/ starts no threads): runs
 * work(arg, i) for every i in [0, threads), work(arg, 0) on the calling
 * thread and the others each on a thread of its own, and returns when all
 * have returned.
 */
typedef void (*sync_parallel_fn)(void *ctx, size_t threads,
                                 void (*work)(void *arg, size_t i), void *arg);
/* Lets ingest check signatures on threads threads through run (NULL:
 * everything on the calling thread, the default). */
void sync_engine_set_parallel(struct sync_engine *e, sync_parallel_fn run,
                              void *ctx, size_t threads);
/* Runs work(arg, i) for i in [0, threads) through the hook, or one after
 * the other on this thread when there is none. Only work(arg, 0) may touch
 * the engine. */
void sync_engine_parallel(struct sync_engine *e, size_t threads,
                          void (*work)(void *arg, size_t i), void *arg);

/* Lower-case name of an ingest result. */
const char *sync_ingest_name(enum sync_ingest r);

/*
 * Ingests n received entries, in order, in one transaction: each is
 * verified (signature, payload hash, feed chain), stored and merged, or
 * recorded with the reason it was refused; results (n items, may be NULL)
 * say which. An entry past a gap in its feed is skipped (SYNC_INGEST_GAP)
 * and the others go on. A store failure rolls the whole batch back.
 */
enum sync_rc sync_engine_ingest(struct sync_engine *e,
                                const struct sync_entry *entries, size_t n,
                                enum sync_ingest *results,
                                struct sync_err *err) SYNC_MUST_CHECK;

/* Who handed a batch over. */
struct sync_source {
    const uint8_t *peer; /* the peer's key; NULL: unknown (a file) */
    bool pushed;         /* a member pushed it to this hub (else this node
                            pulled it from its hub) */
};

/*
 * sync_engine_ingest for a batch from src: an entry without payload is
 * recorded as withheld by src->peer, and a pushed `hub` entry must be the
 * pusher's own (PROTOCOL.md §11). A withheld entry that comes again with
 * its payload is judged and applied then.
 */
enum sync_rc sync_engine_ingest_from(struct sync_engine *e,
                                     const struct sync_source *src,
                                     const struct sync_entry *entries, size_t n,
                                     enum sync_ingest *results,
                                     struct sync_err *err) SYNC_MUST_CHECK;

/* Adds or changes a member key (used by tests and, later, joining). */
enum sync_rc sync_engine_member_put(struct sync_engine *e, const uint8_t *key,
                                    const char *org, const char *role,
                                    struct sync_err *err) SYNC_MUST_CHECK;

/*
 * Reads row id of table, deleted or not, into out (which the caller has
 * initialised and releases). SYNC_INVALID for an unknown table or a
 * malformed id, SYNC_NOTFOUND for an unknown row.
 */
enum sync_rc sync_engine_get(struct sync_engine *e, const char *table,
                             const char *id, struct sync_record *out,
                             struct sync_err *err) SYNC_MUST_CHECK;
/* Walks the live rows of table in id order. SYNC_INVALID for an unknown
 * table; a non-zero return of cb stops the walk and is returned. */
enum sync_rc sync_engine_list(struct sync_engine *e, const char *table,
                              sync_row_cb cb, void *payload,
                              struct sync_err *err) SYNC_MUST_CHECK;

/* Result of a full check of the log. */
struct sync_verify {
    uint64_t entries;  /* entries checked */
    uint64_t feeds;    /* feeds checked */
    uint64_t purged;   /* entries whose payload an erasure purged */
    uint64_t withheld; /* entries whose payload a hub withheld */
    uint64_t forks;    /* fork proofs checked */
    uint64_t receipts; /* kept receipts of the hub checked */
    uint64_t rows;     /* rows compared with the log (rows: true) */
};

/*
 * Re-checks what the node holds, as fsck does. Every stored entry: the
 * header decodes and gives the stored id, the signature holds, each seq
 * follows the previous one and names its id as prev, the stored payload
 * has the hash of the header, an applied entry without payload has its
 * row erased, and each feed ends where its position says. Every fork
 * proof: both entries at its seq verify, belong to its feed and differ.
 * Every kept receipt: the hub's signature holds.
 * With rows, every row of every table is recomputed from the log (each
 * field: the newest applied write) and compared with the stored one.
 * Withheld payloads fail the check (they are listed by sync_read_withheld).
 * SYNC_BADSIG with a message naming the first thing that does not hold.
 */
enum sync_rc sync_engine_verify(struct sync_engine *e, bool rows,
                                struct sync_verify *out,
                                struct sync_err *err) SYNC_MUST_CHECK;

/*
 * A hub writes a checkpoint into its own hub feed (docs/PROTOCOL.md §13)
 * committing to the head of every feed its members may pull, when its log
 * changed since the last one; *written says whether it did. SYNC_CONFLICT
 * on a node that is not a hub.
 */
enum sync_rc sync_engine_checkpoint(struct sync_engine *e, bool *written,
                                    struct sync_err *err) SYNC_MUST_CHECK;

/* The node key; borrowed, alive as long as e. */
const struct sync_key *sync_engine_key(const struct sync_engine *e);
/*
 * After a fork of the feeds of the node's old key and a rotation to a new
 * one (PROTOCOL.md §14): writes again, under the node's key now, the
 * changes of its branch that the hub never took (the old key's entries
 * from each fork's seq on), one write per row touched, naming the lost
 * changes and what they replaced as bases. *entries: the branch's
 * entries; *writes: the writes made.
 */
enum sync_rc sync_engine_reissue(struct sync_engine *e, const uint8_t *old,
                                 size_t *entries, size_t *writes,
                                 struct sync_err *err) SYNC_MUST_CHECK;
/* Makes next the node's key from now on (after its hub agreed to the
 * rotation, PROTOCOL.md §14): recorded as the node's own key and a root
 * of its roster, the old key revoked here at cut (the hub's answer) and
 * kept as the previous key (for sync_engine_reissue), in one
 * transaction; e keeps a copy of next. */
enum sync_rc sync_engine_switch_key(struct sync_engine *e,
                                    const struct sync_key *next,
                                    const char *cut,
                                    struct sync_err *err) SYNC_MUST_CHECK;
/* Whether this node has the hub role. */
bool sync_engine_is_hub(const struct sync_engine *e);
/* Gives this node the hub role (its own roster row says "hub"). */
enum sync_rc sync_engine_make_hub(struct sync_engine *e,
                                  struct sync_err *err) SYNC_MUST_CHECK;
/*
 * Records the hub this node joined as a root of trust: key, organisation,
 * name. When this node is itself a hub, also publishes a roster row about
 * it, so members can follow the chain of trust upward.
 */
enum sync_rc sync_engine_trust_upstream(struct sync_engine *e,
                                        const uint8_t *key, const char *org,
                                        const char *name,
                                        struct sync_err *err) SYNC_MUST_CHECK;
/* Writes (as this hub) a roster row about m into its network feed. */
enum sync_rc sync_engine_put_roster(struct sync_engine *e,
                                    const struct sync_member *m,
                                    struct sync_err *err) SYNC_MUST_CHECK;

#endif
