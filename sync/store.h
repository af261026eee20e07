/* SPDX-License-Identifier: MIT */
/*
 * store: every use of SQLite. Opens the node database (WAL, foreign keys),
 * applies the embedded migrations, loads the schema description, and offers
 * one function per operation on entries, feeds, rows, conflicts, forks,
 * rejections and members. Statements are prepared once and reset after each
 * use. A store is one connection and belongs to one thread. Transactions
 * are the caller's: store functions run inside the one the caller began.
 */
#ifndef SYNC_STORE_H
#define SYNC_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spona/checkpoint.h"
#include "spona/entry.h"
#include "spona/err.h"
#include "spona/limits.h"
#include "spona/record.h"
#include "spona/schema.h"
#include "spona/read.h"
#include "spona/uuid.h"

struct sync_store;

/*
 * Searches the live rows (refreshing the indexes first): the query is folded
 * (fold.h), each word matched as a prefix and widened by its synonyms, every
 * word must match. Hits come best first, across tables. SYNC_INVALID for a
 * query with no words, too many, or a table that is not searchable; SYNC_TOOBIG
 * for a query over SYNC_LIMIT_QUERY bytes.
 */
enum sync_rc sync_store_search(struct sync_store *st, const char *query,
                               const struct sync_search_opts *opts,
                               sync_hit_cb cb, void *payload,
                               struct sync_err *err) SYNC_MUST_CHECK;

/*
 * Brings the search indexes up to date with the rows changed by entries
 * stored since the last refresh (see schema 0006). Runs in
 * the caller's transaction, or in its own when there is none. Searching
 * refreshes first; the daemon also does after each sync round.
 */
enum sync_rc sync_store_search_refresh(struct sync_store *st,
                                       struct sync_err *err) SYNC_MUST_CHECK;

/* ---- privacy (store_priv.c) ---- */

/* A consent row; strings live until the callback returns. */
struct sync_consent {
    const char *id;       /* row id */
    const char *purpose;  /* share_hub, share_network, ...; NULL in ids */
    const char *channels; /* '|'-separated contact channels, or NULL */
};

typedef enum sync_rc (*sync_store_consent_cb)(const struct sync_consent *c,
                                              void *payload);

/* Walks the consents of person_id (of owner) that are active on today
 * ("YYYY-MM-DD"): granted, not withdrawn, with evidence and a notice
 * version. */
enum sync_rc sync_store_consents_active(struct sync_store *st,
                                        const char *person_id,
                                        const char *owner, const char *today,
                                        sync_store_consent_cb cb, void *payload,
                                        struct sync_err *err) SYNC_MUST_CHECK;
/* Walks the ids of every consent row of person_id (of owner). */
enum sync_rc sync_store_consent_ids(struct sync_store *st,
                                    const char *person_id, const char *owner,
                                    sync_store_consent_cb cb, void *payload,
                                    struct sync_err *err) SYNC_MUST_CHECK;
/* Whether row_id of table was erased here. */
enum sync_rc sync_store_is_erased(struct sync_store *st, const char *table,
                                  const char *row_id, bool *out,
                                  struct sync_err *err) SYNC_MUST_CHECK;
/*
 * Erases row_id of t: a tombstone, the row and its conflicts gone, the
 * payloads of its entries purged (but the erase entries'), payloads of
 * its rejected entries dropped, and its search index merged so no word of
 * it stays. Call sync_store_checkpoint after the commit.
 */
enum sync_rc sync_store_erase(struct sync_store *st, const struct sync_tdef *t,
                              const char *row_id, int64_t at,
                              struct sync_err *err) SYNC_MUST_CHECK;
/* Bit 1 << scope set for each feed of author holding entries of the row. */
enum sync_rc sync_store_row_scopes(struct sync_store *st, const uint8_t *author,
                                   const char *table, const char *row_id,
                                   unsigned *mask,
                                   struct sync_err *err) SYNC_MUST_CHECK;
/* The scope of the feed of entry id. SYNC_NOTFOUND when not held. */
enum sync_rc sync_store_entry_scope(struct sync_store *st, const uint8_t *id,
                                    int *out,
                                    struct sync_err *err) SYNC_MUST_CHECK;
/* Copies the write-ahead log into the database and truncates it, so
 * erased bytes leave the WAL file too. */
enum sync_rc sync_store_checkpoint(struct sync_store *st,
                                   struct sync_err *err) SYNC_MUST_CHECK;

/* Appends a record (n and hash are computed; the caller's are ignored). */
enum sync_rc sync_store_audit_add(struct sync_store *st,
                                  const struct sync_audit *a,
                                  struct sync_err *err) SYNC_MUST_CHECK;
/* Walks the log in order; chain_ok is false from the first record whose
 * position or hash does not follow the one before. */
enum sync_rc sync_store_audit_each(struct sync_store *st, sync_audit_cb cb,
                                   void *payload,
                                   struct sync_err *err) SYNC_MUST_CHECK;

/* ---- accounts, counts, municipalities (store_admin.c) ---- */

/* Creates or changes an account; hash NULL only changes the role of an
 * existing one (SYNC_NOTFOUND when there is none). */
enum sync_rc sync_store_account_put(struct sync_store *st, const char *name,
                                    const char *role, const char *hash,
                                    struct sync_err *err) SYNC_MUST_CHECK;
/* The account called name. SYNC_NOTFOUND when there is none. */
enum sync_rc sync_store_account_get(struct sync_store *st, const char *name,
                                    struct sync_account *out,
                                    struct sync_err *err) SYNC_MUST_CHECK;
/* Walks the accounts by name (without their hashes). */
enum sync_rc sync_store_accounts_each(struct sync_store *st, sync_account_cb cb,
                                      void *payload,
                                      struct sync_err *err) SYNC_MUST_CHECK;
/* Deletes an account. SYNC_NOTFOUND when there is none. */
enum sync_rc sync_store_account_delete(struct sync_store *st, const char *name,
                                       struct sync_err *err) SYNC_MUST_CHECK;

/* Counts the live rows of t by the value of field (a field of t, "owner"
 * or "scope"), largest groups first. SYNC_INVALID for another name. */
enum sync_rc sync_store_count_by(struct sync_store *st,
                                 const struct sync_tdef *t, const char *field,
                                 sync_group_cb cb, void *payload,
                                 struct sync_err *err) SYNC_MUST_CHECK;

/* Counts the live practices by the entity (canton false) or the canton
 * (canton true) of their owner municipality, largest groups first; a
 * practice without one (or a unit without a canton) counts under NULL. */
enum sync_rc
sync_store_count_practice_lsg(struct sync_store *st, bool canton,
                              sync_group_cb cb, void *payload,
                              struct sync_err *err) SYNC_MUST_CHECK;

/* Walks the units by Latin name. */
enum sync_rc sync_store_lsg_each(struct sync_store *st, sync_lsg_cb cb,
                                 void *payload,
                                 struct sync_err *err) SYNC_MUST_CHECK;

/* SQLite settings for the whole process; sync_global_init calls it first. */
void sync_store_global_init(void);

/*
 * Opens (with create, makes) the database at path and migrates it to the
 * newest schema. SYNC_NOTFOUND when it does not exist and create is false;
 * SYNC_DB or SYNC_IO otherwise. *out belongs to the caller.
 */
enum sync_rc sync_store_open(struct sync_store **out, const char *path,
                             bool create, struct sync_err *err) SYNC_MUST_CHECK;
/* Finalizes statements and closes; st may be NULL. */
void sync_store_close(struct sync_store *st);
/* The schema read from meta_field and meta_enum; borrowed. */
const struct sync_schema *sync_store_schema(const struct sync_store *st);
/* PRAGMA user_version: the number of migrations applied. */
int sync_store_version(const struct sync_store *st);
/* Number of migrations built into the program. */
int sync_store_migrations(void);

/* BEGIN IMMEDIATE / COMMIT; rollback cannot fail and is safe when no
 * transaction is open. */
enum sync_rc sync_store_begin(struct sync_store *st,
                              struct sync_err *err) SYNC_MUST_CHECK;
enum sync_rc sync_store_commit(struct sync_store *st,
                               struct sync_err *err) SYNC_MUST_CHECK;
void sync_store_rollback(struct sync_store *st);
/* Whether a transaction is open on this connection. */
bool sync_store_in_tx(const struct sync_store *st);

/* A savepoint inside the open transaction, and its end: kept, or undone
 * (the transaction goes on either way). SYNC_IO when no transaction is
 * open any more (SQLite undid it after an error such as a full disk). */
enum sync_rc sync_store_savepoint(struct sync_store *st,
                                  struct sync_err *err) SYNC_MUST_CHECK;
enum sync_rc sync_store_release(struct sync_store *st, bool keep,
                                struct sync_err *err) SYNC_MUST_CHECK;

/* Writes a consistent copy of the database, as of now, to a new file at
 * path (VACUUM INTO), while other connections go on writing. SYNC_DB or
 * SYNC_IO when it fails (the file exists, the disk is full). */
enum sync_rc sync_store_copy_to(struct sync_store *st, const char *path,
                                struct sync_err *err) SYNC_MUST_CHECK;

/* A local write kept until a restored node has caught up. */
struct sync_pending {
    int64_t n; /* its place in the order of requests */
    char table[SYNC_LIMIT_TABLE_NAME + 1]; /* the table */
    char row_id[SYNC_UUID_TEXT];           /* the row */
    char op[8];                            /* "put" or "delete" */
    char *fields; /* payload JSON of the fields; owned */
};
/* Keeps a write request (fields: payload JSON, see msg.h). */
enum sync_rc sync_store_pending_add(struct sync_store *st, const char *table,
                                    const char *row_id, const char *op,
                                    const char *fields, int64_t at,
                                    struct sync_err *err) SYNC_MUST_CHECK;
/* The oldest request not marked failed, into out (*found false when none;
 * out->fields then belongs to the caller). */
enum sync_rc sync_store_pending_next(struct sync_store *st,
                                     struct sync_pending *out, bool *found,
                                     struct sync_err *err) SYNC_MUST_CHECK;
/* Removes request n once written, or, with failed, keeps it with why. */
enum sync_rc sync_store_pending_done(struct sync_store *st, int64_t n,
                                     const char *failed,
                                     struct sync_err *err) SYNC_MUST_CHECK;
/* Whether a request for row row_id of table waits (not failed). */
enum sync_rc sync_store_pending_has(struct sync_store *st, const char *table,
                                    const char *row_id, bool *out,
                                    struct sync_err *err) SYNC_MUST_CHECK;
/* Requests waiting, and requests that could not be written. */
enum sync_rc sync_store_pending_count(struct sync_store *st, int64_t *waiting,
                                      int64_t *failed,
                                      struct sync_err *err) SYNC_MUST_CHECK;

/* Node settings in node_meta. Get: SYNC_NOTFOUND when unset. Text results
 * belong to the caller. */
enum sync_rc sync_store_meta_get_int(struct sync_store *st, const char *k,
                                     int64_t *out,
                                     struct sync_err *err) SYNC_MUST_CHECK;
enum sync_rc sync_store_meta_set_int(struct sync_store *st, const char *k,
                                     int64_t v,
                                     struct sync_err *err) SYNC_MUST_CHECK;
enum sync_rc sync_store_meta_get_text(struct sync_store *st, const char *k,
                                      char **out,
                                      struct sync_err *err) SYNC_MUST_CHECK;
enum sync_rc sync_store_meta_set_text(struct sync_store *st, const char *k,
                                      const char *v,
                                      struct sync_err *err) SYNC_MUST_CHECK;

/* Reads the feed (author, scope); with create, makes an empty one.
 * SYNC_NOTFOUND when missing and create is false. */
enum sync_rc sync_store_feed_get(struct sync_store *st, struct sync_feed *out,
                                 const uint8_t *author, int scope, bool create,
                                 struct sync_err *err) SYNC_MUST_CHECK;
/* Walks every feed in (author, scope) order. */
enum sync_rc
sync_store_feeds_each(struct sync_store *st,
                      enum sync_rc (*cb)(const struct sync_feed *, void *),
                      void *payload, struct sync_err *err) SYNC_MUST_CHECK;
/* A stored fork proof, as kept. */
struct store_fork_proof {
    const uint8_t *author; /* the feed */
    int scope;
    uint64_t seq;         /* where the two entries differ */
    const uint8_t *id_a;  /* the entry held first */
    const void *header_b; /* the other entry, as received */
    size_t header_b_len;
    const void *sig_b;
    size_t sig_b_len;
    const uint8_t *id_b;
    const uint8_t *held; /* id of the entry the log holds at seq; or NULL */
};
/* Walks every fork proof in (feed, seq) order. */
enum sync_rc sync_store_fork_proofs_each(
    struct sync_store *st,
    enum sync_rc (*cb)(const struct store_fork_proof *p, void *payload),
    void *payload, struct sync_err *err) SYNC_MUST_CHECK;
/* Undoes a fork of one of this node's own feeds ('spona recover', after
 * its branch was written again under a new key): drops the entries from
 * seq from on, their payloads and the feed's fork proofs, and sets the
 * feed's end back to from - 1, open, so the other branch, which the hub
 * holds, comes in like any feed's entries (and the hub's proof after
 * it). In the caller's transaction. */
enum sync_rc sync_store_feed_reopen(struct sync_store *st, int64_t feed,
                                    uint64_t from,
                                    struct sync_err *err) SYNC_MUST_CHECK;
/* Marks the feed forked. */
enum sync_rc sync_store_feed_fork(struct sync_store *st, int64_t feed,
                                  uint64_t seq, const uint8_t *id_a,
                                  const struct sync_entry *b,
                                  struct sync_err *err) SYNC_MUST_CHECK;

/*
 * The log status of the entry with this id (SYNC_ENTRY_*), or -1 when it
 * is not in the log. Entries only in rejected are not: a damaged copy must
 * not stop the genuine entry, which has the same id, from coming in later.
 */
enum sync_rc sync_store_entry_status(struct sync_store *st, const uint8_t *id,
                                     int *out,
                                     struct sync_err *err) SYNC_MUST_CHECK;
/* Records a stored entry (status SYNC_ENTRY_WITHHELD) as withheld by via
 * (NULL: unknown), at Unix ms. */
enum sync_rc sync_store_withheld_add(struct sync_store *st, const uint8_t *id,
                                     const uint8_t *via, int64_t at,
                                     struct sync_err *err) SYNC_MUST_CHECK;
/* A withheld entry got its payload (NULL: none is kept) and status. */
enum sync_rc sync_store_withheld_fill(struct sync_store *st,
                                      const struct sync_entry *e, int status,
                                      struct sync_err *err) SYNC_MUST_CHECK;
/* Walks at most limit withheld entries, oldest first. */
enum sync_rc sync_store_withheld_each(
    struct sync_store *st, int limit,
    enum sync_rc (*cb)(const struct sync_withheld *w, void *payload),
    void *payload, struct sync_err *err) SYNC_MUST_CHECK;
/* Drops the payload of a stored entry (one refused for its reach). */
enum sync_rc sync_store_payload_drop(struct sync_store *st, const uint8_t *id,
                                     struct sync_err *err) SYNC_MUST_CHECK;
/* Id of the entry at (feed, seq). SYNC_NOTFOUND when none. */
enum sync_rc sync_store_entry_id_at(struct sync_store *st, int64_t feed,
                                    uint64_t seq, uint8_t *id_out,
                                    struct sync_err *err) SYNC_MUST_CHECK;
/*
 * Appends an entry (with its payload, when present) to its feed and moves
 * the feed position to it. status 1 records a policy refusal.
 */
enum sync_rc sync_store_entry_add(struct sync_store *st,
                                  const struct sync_feed *feed,
                                  const struct sync_entry *e, int status,
                                  struct sync_err *err) SYNC_MUST_CHECK;
/* hlc and author of a stored entry. SYNC_NOTFOUND when unknown. */
enum sync_rc sync_store_entry_clock(struct sync_store *st, const uint8_t *id,
                                    uint64_t *hlc_out, uint8_t *author_out,
                                    struct sync_err *err) SYNC_MUST_CHECK;
/* Walks the log in ingest order. */
enum sync_rc sync_store_entries_each(struct sync_store *st, sync_entry_cb cb,
                                     void *payload,
                                     struct sync_err *err) SYNC_MUST_CHECK;
/* Walks the applied puts and deletes of one row (its merge history). */
enum sync_rc sync_store_row_entries(struct sync_store *st, const char *table,
                                    const char *row_id, sync_entry_cb cb,
                                    void *payload,
                                    struct sync_err *err) SYNC_MUST_CHECK;
/* Walks the entries of one feed in seq order. */
enum sync_rc sync_store_feed_entries(struct sync_store *st, int64_t feed,
                                     sync_entry_cb cb, void *payload,
                                     struct sync_err *err) SYNC_MUST_CHECK;
/* Records an entry that failed a check, with the reason. Idempotent. Keeps
 * the newest SYNC_LIMIT_REJECTED_ROWS such records, pruning older ones. */
enum sync_rc sync_store_reject(struct sync_store *st,
                               const struct sync_entry *e, const char *reason,
                               struct sync_err *err) SYNC_MUST_CHECK;
/* Number of rows of a core table: "entry", "rejected", "fork", "conflict". */
enum sync_rc sync_store_count(struct sync_store *st, const char *what,
                              int64_t *out,
                              struct sync_err *err) SYNC_MUST_CHECK;

/* Replaces the recorded losers of one field with the given n losers. */
enum sync_rc sync_store_conflicts_set(struct sync_store *st, const char *table,
                                      const char *row_id, const char *field,
                                      const struct sync_loser *losers, size_t n,
                                      struct sync_err *err) SYNC_MUST_CHECK;

/* Walks the latest limit rejected entries, newest first. */
enum sync_rc sync_store_rejected_each(struct sync_store *st, int64_t limit,
                                      sync_problem_cb cb, void *payload,
                                      struct sync_err *err) SYNC_MUST_CHECK;
/* Walks every fork, oldest first. */
enum sync_rc sync_store_forks_each(struct sync_store *st, sync_problem_cb cb,
                                   void *payload,
                                   struct sync_err *err) SYNC_MUST_CHECK;
/* Walks every conflict in (table, row, field, loser) order; only those of
 * row row_id of table when table is not NULL. */
enum sync_rc sync_store_conflicts_each(struct sync_store *st, const char *table,
                                       const char *row_id, sync_conflict_cb cb,
                                       void *payload,
                                       struct sync_err *err) SYNC_MUST_CHECK;

/* Adds or changes a member key. */
enum sync_rc sync_store_member_put(struct sync_store *st, const uint8_t *key,
                                   const char *org, const char *role,
                                   const char *status,
                                   struct sync_err *err) SYNC_MUST_CHECK;
/* Organisation (owned by the caller) and whether the key is active.
 * SYNC_NOTFOUND for an unknown key. */
enum sync_rc sync_store_member_get(struct sync_store *st, const uint8_t *key,
                                   char **org_out, bool *active_out,
                                   struct sync_err *err) SYNC_MUST_CHECK;

/*
 * Reads a row of a domain table into out: the system fields (id, owner,
 * scope, created_at, updated_at, _deleted) and every non-NULL field, with
 * versions. SYNC_NOTFOUND when there is no such row.
 */
enum sync_rc sync_store_row_get(struct sync_store *st,
                                const struct sync_tdef *t, const char *id,
                                struct sync_record *out,
                                struct sync_err *err) SYNC_MUST_CHECK;
/* Removes row id of t and its conflicts, leaving no tombstone: the row
 * left this node's view (its entries stay in the log). */
enum sync_rc sync_store_row_drop(struct sync_store *st,
                                 const struct sync_tdef *t, const char *id,
                                 struct sync_err *err) SYNC_MUST_CHECK;
/* Writes a whole row (insert or replace every column) from r. */
enum sync_rc sync_store_row_put(struct sync_store *st,
                                const struct sync_tdef *t,
                                const struct sync_record *r,
                                struct sync_err *err) SYNC_MUST_CHECK;
/* Walks the rows of a table in id order, deleted ones only when asked. */
enum sync_rc sync_store_rows_each(struct sync_store *st,
                                  const struct sync_tdef *t, bool deleted,
                                  sync_row_cb cb, void *payload,
                                  struct sync_err *err) SYNC_MUST_CHECK;

/* ---- federation (store_net.c) ---- */

/* Adds or replaces the roster row of m->key. */
enum sync_rc sync_store_member_set(struct sync_store *st,
                                   const struct sync_member *m,
                                   struct sync_err *err) SYNC_MUST_CHECK;
/* The roster row of key. SYNC_NOTFOUND for an unknown key. */
enum sync_rc sync_store_member_read(struct sync_store *st, const uint8_t *key,
                                    struct sync_member *out,
                                    struct sync_err *err) SYNC_MUST_CHECK;
/* Walks the roster in (org, key) order. */
enum sync_rc sync_store_members_each(struct sync_store *st, sync_member_cb cb,
                                     void *payload,
                                     struct sync_err *err) SYNC_MUST_CHECK;
/* Whether a chain of active rows leads to key from a root. */
enum sync_rc sync_store_member_trusted(struct sync_store *st,
                                       const uint8_t *key, bool *out,
                                       struct sync_err *err) SYNC_MUST_CHECK;
/* Records that key made a request at at_ms, its clock skew_ms ahead. */
enum sync_rc sync_store_member_seen(struct sync_store *st, const uint8_t *key,
                                    int64_t at_ms, int64_t skew_ms,
                                    struct sync_err *err) SYNC_MUST_CHECK;
/* The local ingest order (n) of the newest stored entry; 0 when none. */
enum sync_rc sync_store_last_n(struct sync_store *st, int64_t *out,
                               struct sync_err *err) SYNC_MUST_CHECK;
/* Records that key has pulled everything up to n of our log. */
enum sync_rc sync_store_member_pulled(struct sync_store *st, const uint8_t *key,
                                      int64_t n,
                                      struct sync_err *err) SYNC_MUST_CHECK;
/* Entries member m of hub may pull that came after its last full pull. */
enum sync_rc sync_store_member_lag(struct sync_store *st,
                                   const struct sync_member *m,
                                   const uint8_t *hub, int64_t *out,
                                   struct sync_err *err) SYNC_MUST_CHECK;

/* Records a request nonce of key; *fresh_out is false when it was already
 * used. Nonces older than forget_before_ms are forgotten first. */
enum sync_rc sync_store_nonce_use(struct sync_store *st, const uint8_t *key,
                                  const uint8_t *nonce, size_t len,
                                  int64_t at_ms, int64_t forget_before_ms,
                                  bool *fresh_out,
                                  struct sync_err *err) SYNC_MUST_CHECK;

/* Called for each nonce sync_store_nonces_each walks. */
typedef void (*sync_nonce_cb)(const uint8_t *key, const uint8_t *nonce,
                              int64_t at_ms, void *payload);
/* Walks the request nonces recorded at since_ms or later. */
enum sync_rc sync_store_nonces_each(struct sync_store *st, int64_t since_ms,
                                    sync_nonce_cb cb, void *payload,
                                    struct sync_err *err) SYNC_MUST_CHECK;

/* Records an invite by the hash of its token. */
enum sync_rc sync_store_invite_add(struct sync_store *st, const uint8_t *hash,
                                   const char *org, const char *role,
                                   int64_t expires_ms,
                                   struct sync_err *err) SYNC_MUST_CHECK;
/* Uses an invite for key: SYNC_NOTFOUND unknown, SYNC_CONFLICT used or
 * expired. Organisation and role belong to the caller. */
enum sync_rc sync_store_invite_use(struct sync_store *st, const uint8_t *hash,
                                   const uint8_t *key, int64_t now_ms,
                                   char **org_out, char **role_out,
                                   struct sync_err *err) SYNC_MUST_CHECK;

/*
 * Walks the entries a member of hub may pull and does not have (have, n
 * items), in feed order, at most limit. cb may stop the batch early by
 * returning SYNC_TOOBIG. *more_out says whether anything was left.
 */
enum sync_rc sync_store_pull_batch(struct sync_store *st, const uint8_t *hub,
                                   const struct sync_have *have, size_t n_have,
                                   size_t limit, sync_entry_cb cb,
                                   void *payload, bool *more_out,
                                   struct sync_err *err) SYNC_MUST_CHECK;
/* Calls cb for the entry id when hub holds it with its payload and a
 * member of hub may pull it (a withheld entry asked for again). */
enum sync_rc sync_store_wanted(struct sync_store *st, const uint8_t *hub,
                               const uint8_t *id, sync_entry_cb cb,
                               void *payload,
                               struct sync_err *err) SYNC_MUST_CHECK;
/* Walks the entries to push upstream that have no receipt yet: a node's
 * own shared feeds, or (hub) every network and public feed. Same rules. */
enum sync_rc sync_store_push_batch(struct sync_store *st, const uint8_t *self,
                                   bool hub, size_t limit, sync_entry_cb cb,
                                   void *payload, bool *more_out,
                                   struct sync_err *err) SYNC_MUST_CHECK;
/* Records a receipt: the upstream holds the feed up to seq (which may be
 * lower than an earlier receipt when the hub lost data). */
enum sync_rc sync_store_feed_ack(struct sync_store *st, const uint8_t *author,
                                 int scope, uint64_t seq,
                                 struct sync_err *err) SYNC_MUST_CHECK;
/* Entries that wait for a receipt from upstream (same rule as push). */
enum sync_rc sync_store_unacked(struct sync_store *st, const uint8_t *self,
                                bool hub, int64_t *out,
                                struct sync_err *err) SYNC_MUST_CHECK;
/* Walks at most limit refused entries of any author stored after entry
 * number after, in the order they were stored. */
enum sync_rc sync_store_refused_after(struct sync_store *st, int64_t after,
                                      int limit, sync_entry_cb cb,
                                      void *payload,
                                      struct sync_err *err) SYNC_MUST_CHECK;
/* Walks the refused entries of author in feed order. */
enum sync_rc sync_store_refused_each(struct sync_store *st,
                                     const uint8_t *author, sync_entry_cb cb,
                                     void *payload,
                                     struct sync_err *err) SYNC_MUST_CHECK;
/* Marks a refused entry applied and drops its rejection record; changed
 * says whether it was still refused (false: applied already). */
enum sync_rc sync_store_entry_applied(struct sync_store *st, const uint8_t *id,
                                      bool *changed,
                                      struct sync_err *err) SYNC_MUST_CHECK;

/* ---- checkpoints and kept receipts (store_witness.c) ---- */

/* A checkpoint entry as applied. */
struct store_checkpoint {
    uint8_t id[SYNC_HASH_LEN];        /* its entry id */
    uint8_t author[SYNC_SIG_PK_LEN];  /* the hub */
    uint64_t seq;                     /* its seq in the hub's hub feed */
    int64_t feeds;                    /* leaves */
    char root[2 * SYNC_HASH_LEN + 1]; /* Merkle root, hex */
    int64_t at;                       /* the hub's clock */
    bool checked;                     /* its heads were checked here */
};

/* Heads of every feed a member of hub may pull, in leaf order; *out is
 * the caller's. */
enum sync_rc sync_store_heads_visible(struct sync_store *st, const uint8_t *hub,
                                      struct sync_head **out, size_t *n,
                                      struct sync_err *err) SYNC_MUST_CHECK;
enum sync_rc sync_store_heads_put(struct sync_store *st, const uint8_t *cp,
                                  const struct sync_head *h, size_t n,
                                  struct sync_err *err) SYNC_MUST_CHECK;
/* The heads kept for checkpoint cp, in leaf order (n 0 when none). */
enum sync_rc sync_store_heads_get(struct sync_store *st, const uint8_t *cp,
                                  struct sync_head **out, size_t *n,
                                  struct sync_err *err) SYNC_MUST_CHECK;
/* Drops heads of all but author's latest keep checkpoints. */
enum sync_rc sync_store_heads_keep(struct sync_store *st, const uint8_t *author,
                                   int keep,
                                   struct sync_err *err) SYNC_MUST_CHECK;
enum sync_rc sync_store_checkpoint_add(struct sync_store *st,
                                       const struct store_checkpoint *c,
                                       struct sync_err *err) SYNC_MUST_CHECK;
/* SYNC_NOTFOUND when unknown. */
enum sync_rc sync_store_checkpoint_get(struct sync_store *st, const uint8_t *id,
                                       struct store_checkpoint *out,
                                       struct sync_err *err) SYNC_MUST_CHECK;
/* author's latest checkpoint that is (not) checked; SYNC_NOTFOUND. */
enum sync_rc sync_store_checkpoint_latest(struct sync_store *st,
                                          const uint8_t *author, bool checked,
                                          struct store_checkpoint *out,
                                          struct sync_err *err) SYNC_MUST_CHECK;
/* author's oldest checkpoint not checked yet among its latest window
 * (older unchecked ones are marked checked: the hub keeps no heads for
 * them); SYNC_NOTFOUND when none. */
enum sync_rc sync_store_checkpoint_next(struct sync_store *st,
                                        const uint8_t *author, int window,
                                        struct store_checkpoint *out,
                                        struct sync_err *err) SYNC_MUST_CHECK;
/* Drops the heads of author's checkpoints before seq. */
enum sync_rc sync_store_heads_before(struct sync_store *st,
                                     const uint8_t *author, uint64_t seq,
                                     struct sync_err *err) SYNC_MUST_CHECK;
/* Marks author's checkpoint at seq checked. */
enum sync_rc
sync_store_checkpoint_checked(struct sync_store *st, const uint8_t *author,
                              uint64_t seq,
                              struct sync_err *err) SYNC_MUST_CHECK;
/* Records a finding (once per kind, checkpoint and feed). */
enum sync_rc sync_store_evidence_add(struct sync_store *st,
                                     const struct sync_evidence *v,
                                     struct sync_err *err) SYNC_MUST_CHECK;
enum sync_rc sync_store_evidence_each(struct sync_store *st, int limit,
                                      sync_evidence_cb cb, void *payload,
                                      struct sync_err *err) SYNC_MUST_CHECK;
/* Keeps r (signed by hub) when it covers at least the kept one. */
enum sync_rc sync_store_receipt_keep(struct sync_store *st,
                                     const struct sync_receipt *r,
                                     const uint8_t *hub, int64_t at,
                                     struct sync_err *err) SYNC_MUST_CHECK;
/* SYNC_NOTFOUND when none is kept; *kept (may be NULL): when it was kept
 * here, Unix ms. */
enum sync_rc sync_store_receipt_get(struct sync_store *st,
                                    const uint8_t *author, int scope,
                                    const uint8_t *hub,
                                    struct sync_receipt *out, int64_t *kept,
                                    struct sync_err *err) SYNC_MUST_CHECK;
enum sync_rc
sync_store_receipts_each(struct sync_store *st,
                         enum sync_rc (*cb)(const struct sync_receipt *r,
                                            const uint8_t *hub, void *payload),
                         void *payload, struct sync_err *err) SYNC_MUST_CHECK;

/* The header and signature of entry id, as signed (no payload);
 * SYNC_NOTFOUND when not held. */
enum sync_rc sync_store_entry_signed(struct sync_store *st, const uint8_t *id,
                                     struct sync_entry *out,
                                     struct sync_err *err) SYNC_MUST_CHECK;

/* Called with the header and signature of an entry of a fork proof. */
typedef enum sync_rc (*store_fork_cb)(const void *header, size_t header_len,
                                      const void *sig, size_t sig_len,
                                      void *payload);
/* After sync_store_pull_batch for a member of hub: both entries of each
 * fork proof of a feed it may pull and holds some of (the member keeps those it
 * holds the fork's seq of), but
 * not of the feeds it says it knows forked; at most limit proofs. */
enum sync_rc sync_store_forks_for(struct sync_store *st, const uint8_t *hub,
                                  const struct sync_have *known, size_t n,
                                  int limit, store_fork_cb cb, void *payload,
                                  struct sync_err *err) SYNC_MUST_CHECK;
/* Both entries of each fork proof of a network or public feed not yet
 * pushed to the parent (at most limit); *last is the last one's number,
 * for sync_store_forks_up_done once the parent has them. */
enum sync_rc sync_store_forks_up(struct sync_store *st, int limit,
                                 store_fork_cb cb, void *payload, int64_t *last,
                                 struct sync_err *err) SYNC_MUST_CHECK;
enum sync_rc sync_store_forks_up_done(struct sync_store *st, int64_t last,
                                      struct sync_err *err) SYNC_MUST_CHECK;

#endif
