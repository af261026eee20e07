/* SPDX-License-Identifier: MIT */
/*
 * engine_int: what the files of the engine share (engine.c, merge.c,
 * judge.c, ingest.c, write.c, verify.c, read.c) and nothing outside the
 * library may see: the engine's state and the stages an entry goes
 * through. Functions here are named engine_<verb>.
 */
#ifndef SYNC_ENGINE_INT_H
#define SYNC_ENGINE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spona/checkpoint.h"
#include "spona/engine.h"
#include "spona/hlc.h"
#include "store.h"

struct sync_engine {
    struct sync_store *st; /* the database; owned */
    struct sync_key *key;  /* the node key; owned */
    char *org;             /* organisation of the node key; owned */
    struct sync_hlc hlc;   /* clock, persisted as node_meta 'hlc' */
    bool batch;            /* local writes share one transaction */
    sync_parallel_fn par;  /* runs ingest's workers; NULL: serially */
    void *par_ctx;         /* its context */
    size_t par_threads;    /* how many threads par runs */
    char *actor;           /* who the audit log names; owned */
    char *lsg;             /* owner_lsg of new rows; owned, or NULL */
    bool erased;           /* an erasure waits for the WAL checkpoint */
    char why[256];         /* why accept last refused an entry */
    bool restored;         /* restored from a backup and maybe not caught
                              up with its own feeds: writes wait (see
                              pending.c); re-read from node_meta */
    bool dry;              /* checking a write: sign and store nothing */
    bool settling;         /* writing the waiting writes now */
    const struct sync_record *reissue; /* recover.c: more bases per field
                                          for the write under way, or NULL */
};

/* A decoded entry on its way into the tables. */
struct incoming {
    const struct sync_entry *e; /* the entry */
    const struct sync_tdef *t;  /* its table */
    char row[SYNC_UUID_TEXT];   /* its row id as text */
    char *owner;                /* payload owner; owned */
    struct sync_record set;     /* payload fields with bases */
    struct sync_record cur;     /* the row as stored before it */
    bool exists;                /* cur holds a stored row */
    bool roster;                /* a row of the member table */
    bool checkpoint;            /* a hub's checkpoint (PROTOCOL.md §13) */
    bool witness;               /* a member's witness of its hub (§13) */
    bool erased;                /* its row was erased: keep no payload */
    bool outside;               /* outside its feed's reach: keep none */
};

/* The setting naming the schema refused entries were judged by. */
#define META_JUDGED "judged_schema"
/* Set on a restored node until it has caught up with its own feeds. */
#define META_RESTORED "restored"
#define REJUDGE_CHUNK 256 /* refused entries per transaction */

#define META_PREV_KEY "prev_key" /* the key before the last rotation */
#define META_REISSUED                                                          \
    "reissued" /* the previous key whose lost branch                           \
                  was written again (recover.c) */
#define SYS_SCOPE "scope"
#define SYS_DELETED "_deleted"
#define SYS_OWNER_LSG "owner_lsg" /* the owner municipality of a row */

/* The engine's store; borrowed, alive as long as e. */
struct sync_store *sync_engine_store(struct sync_engine *e);

/* ingest.c */
enum sync_rc engine_after_erase(struct sync_engine *e, struct sync_err *err);
/* judge.c */
enum sync_rc engine_accept(struct sync_engine *e, const struct sync_feed *feed,
                           const struct sync_entry *en,
                           const struct sync_record *known,
                           enum sync_ingest *res, struct sync_err *err);
/* judge.c */
enum sync_rc engine_reconsider(struct sync_engine *e, const uint8_t *author,
                               int depth, struct sync_err *err);
/* judge.c */
void engine_rejudge_after_upgrade(struct sync_engine *e);
/* witness.c: the latest checkpoint of hub not checked yet (*found). */
enum sync_rc engine_checkpoint_pending(struct sync_engine *e,
                                       const uint8_t *hub, uint8_t *id,
                                       bool *found, struct sync_err *err);
/* witness.c: checks the heads of checkpoint id of hub (PROTOCOL.md §13),
 * records findings; *repush when an own feed must be sent again. */
enum sync_rc engine_checkpoint_check(struct sync_engine *e, const uint8_t *hub,
                                     const uint8_t *id,
                                     const struct sync_head *heads, size_t n,
                                     size_t *findings, bool *repush,
                                     struct sync_err *err);
/* witness.c: the hub says it holds feeds only up to behind[i]: where this
 * node holds more, records it; own entries it had acknowledged are sent
 * again (*lost counts them). */
enum sync_rc engine_hub_behind(struct sync_engine *e, const uint8_t *hub,
                               const struct sync_have *behind, size_t n,
                               size_t *lost, struct sync_err *err);
/* witness.c: entries a hub served past a hole in their feed (res[i]
 * SYNC_INGEST_GAP) are recorded as "gap" findings, one per feed. */
enum sync_rc engine_hub_gaps(struct sync_engine *e, const struct sync_entry *en,
                             const enum sync_ingest *res, size_t n,
                             struct sync_err *err);
/* witness.c: checkpoint id of hub is passed over (its heads are gone). */
enum sync_rc engine_checkpoint_pass(struct sync_engine *e, const uint8_t *hub,
                                    const uint8_t *id, struct sync_err *err);
/* attest.c: the rules of a witness entry; empty why when it meets them. */
void engine_witness_judge(const struct incoming *in, char *why, size_t size);
/* attest.c: compares the entries a witness carries with the feeds held
 * here, a different entry at a held seq being a fork; nothing when in is
 * not a well-formed witness (also for a refused one). */
enum sync_rc engine_witness_apply(struct sync_engine *e,
                                  const struct incoming *in,
                                  struct sync_err *err);
/* attest.c: after a round's checks, writes a witness of hub (the
 * checkpoint checked last, the head of its network feed) when one is due
 * and says something new (*written). */
enum sync_rc engine_witness_write(struct sync_engine *e, const uint8_t *hub,
                                  bool *written, struct sync_err *err);
/* witness.c */
enum sync_rc engine_checkpoint_apply(struct sync_engine *e,
                                     const struct incoming *in,
                                     struct sync_err *err);
/* pending.c: whether writes must wait now (read inside the write's
 * transaction, so a settle that ends meanwhile is seen). */
enum sync_rc engine_pending_state(struct sync_engine *e, bool *out,
                                  struct sync_err *err);
/* pending.c: keeps a write of set to row of table (op "put" or
 * "delete") for when the node has caught up. */
enum sync_rc engine_pending_add(struct sync_engine *e, const char *table,
                                const uint8_t *row, const char *op,
                                const struct sync_record *set,
                                struct sync_err *err);
/* pending.c: whether a write of row row_id of table is waiting. */
enum sync_rc engine_pending_has(struct sync_engine *e, const char *table,
                                const char *row_id, bool *out,
                                struct sync_err *err);
/* merge.c */
enum sync_rc engine_merge(struct sync_store *st, struct incoming *in,
                          struct sync_err *err);
/* write.c */
enum sync_rc engine_audit(struct sync_engine *e, const char *action,
                          const char *table, const char *row_id,
                          const char *detail, struct sync_err *err);
/* write.c */
enum sync_rc engine_find_table(struct sync_engine *e, const char *table,
                               const struct sync_tdef **out,
                               struct sync_err *err);
/* Writes the roster entry of m (PROTOCOL.md §11) with the fields of extra
 * too (or NULL), inside the caller's transaction. */
enum sync_rc engine_roster_locked(struct sync_engine *e,
                                  const struct sync_member *m,
                                  const struct sync_record *extra,
                                  struct sync_err *err);
/* recover.c: adds to the fields of cur the bases e->reissue holds. */
void engine_add_reissue_bases(const struct sync_engine *e,
                              struct sync_record *cur);
/* write.c: a transaction for local writes (a savepoint in a batch). */
enum sync_rc engine_local_tx_begin(struct sync_engine *e, struct sync_err *err);
/* write.c */
enum sync_rc engine_local_tx_end(struct sync_engine *e, enum sync_rc rc,
                                 struct sync_err *err);
/* write.c */
enum sync_rc engine_write_entry(struct sync_engine *e, const char *table,
                                const uint8_t *row, int scope, int op,
                                const struct sync_record *set,
                                struct sync_err *err);

/* The latest verdict of the node's own hub (or its own) on practice, ""
 * when none; reviewer: whether anyone reviews this node's practices (it
 * has a hub, or is one) (review.c). */
enum sync_rc engine_review_latest(struct sync_engine *e, const char *practice,
                                  char verdict[16], bool *reviewer,
                                  struct sync_err *err);

/* Whether this node (or its own hub) ever gave practice verdict. */
enum sync_rc engine_review_given(struct sync_engine *e, const char *practice,
                                 const char *verdict, bool *given,
                                 struct sync_err *err);

#endif
