/* SPDX-License-Identifier: MIT */
/*
 * read: what a program may read from a node, through the engine (the
 * front door; nothing outside libsync reaches the store). Every read
 * that shows personal data (DOMAIN.md, privacy rule 7) writes its audit
 * record here, where the data leaves the library, so no caller can forget
 * it: rows and search hits of persons, log entries and conflicts that
 * carry a person's fields, exports. The types are the rows these walks
 * hand to their callbacks; their pointers live until the callback
 * returns.
 */
#ifndef SPONA_READ_H
#define SPONA_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spona/entry.h"
#include "spona/err.h"
#include "spona/limits.h"
#include "spona/record.h"
#include "spona/schema.h"

struct sync_engine;

/* Position of one feed (author, scope). */
struct sync_feed {
    int64_t feed;                    /* local row id of the feed */
    uint8_t author[SYNC_SIG_PK_LEN]; /* author key */
    int scope;                       /* enum sync_scope */
    uint64_t last_seq;               /* highest contiguous seq held */
    uint8_t last_id[SYNC_HASH_LEN];  /* id at last_seq; zeros when none */
    bool forked;                     /* two entries share a seq */
};

/* A stored entry as raw columns; pointers live until the callback returns. */
struct sync_stored {
    int64_t n;             /* local ingest order */
    const uint8_t *id;     /* 32 bytes */
    const uint8_t *author; /* 32 bytes */
    int scope;             /* feed scope */
    uint64_t seq;          /* feed position */
    uint64_t hlc;          /* clock of the entry */
    const void *header;    /* the signed bytes */
    size_t header_len;
    const void *sig; /* signature bytes */
    size_t sig_len;
    const char *payload; /* NULL once purged */
    size_t payload_len;
    int status;         /* SYNC_ENTRY_APPLIED, _REFUSED or _WITHHELD */
    int64_t arrived;    /* Unix ms it was stored here; 0 unknown */
    const char *table;  /* copies of header fields, kept as */
    const char *row_id; /* columns to find a row's history; */
    int op;             /* verify compares them with it */
};

/* The status of an entry in the log. */
#define SYNC_ENTRY_APPLIED 0  /* applied (or purged by an erasure) */
#define SYNC_ENTRY_REFUSED 1  /* authentic, refused by a rule */
#define SYNC_ENTRY_WITHHELD 2 /* came without payload, no erasure covers it */

/* An entry held without the payload it should have (PROTOCOL.md §7). */
struct sync_withheld {
    uint8_t id[SYNC_HASH_LEN];
    uint8_t author[SYNC_SIG_PK_LEN];
    int scope;
    uint64_t seq;
    char table[SYNC_LIMIT_TABLE_NAME + 1];
    char row_id[SYNC_UUID_TEXT];
    bool has_via;                 /* via is known */
    uint8_t via[SYNC_SIG_PK_LEN]; /* the peer that sent it bare */
    int64_t at;                   /* Unix ms it came bare */
};

/* What a member found against its hub at a checkpoint (PROTOCOL.md §13). */
struct sync_evidence {
    char kind[16];  /* "withheld", "split", "rollback", "root", "lost",
                       "behind" or "gap" (PROTOCOL.md §13) */
    bool has_proof; /* proof is set */
    uint8_t proof[SYNC_HASH_LEN];    /* the signed proof, an entry id: the
                                        checkpoint, or for "lost" and
                                        "behind" the first entry past where
                                        the hub says it holds the feed, for
                                        "gap" the entry served past the
                                        hole */
    bool has_feed;                   /* author, scope, seq, held are set */
    uint8_t author[SYNC_SIG_PK_LEN]; /* the feed concerned */
    int scope;
    uint64_t seq;  /* what the checkpoint committed to */
    uint64_t held; /* what this node holds (or its kept receipt covers) */
    int64_t at;    /* Unix ms found */
};
typedef enum sync_rc (*sync_evidence_cb)(const struct sync_evidence *v,
                                         void *payload);

/* Called for each stored entry; a non-zero return stops the walk and is
 * returned by the walker. */
typedef enum sync_rc (*sync_entry_cb)(const struct sync_stored *e,
                                      void *payload);

/* Called for each row; same stop rule. */
typedef enum sync_rc (*sync_row_cb)(const struct sync_record *row,
                                    void *payload);

/* One search hit; strings live until the callback returns. */
struct sync_hit {
    const char *table;   /* table of the row */
    const char *id;      /* row id */
    const char *title;   /* title or name, as written */
    const char *snippet; /* the best matching passage, as written, matched
                            words between the two marks */
    double score;        /* relevance, higher is better (negated bm25) */
};

typedef enum sync_rc (*sync_hit_cb)(const struct sync_hit *h, void *payload);

/* How to mark matched words in snippets. */
struct sync_search_opts {
    const char *table;      /* only this table; NULL: every searchable */
    size_t limit;           /* most hits (1 .. SYNC_LIMIT_SEARCH_HITS) */
    const char *mark_open;  /* before a matched word, e.g. "[" */
    const char *mark_close; /* after it */
};

/* One record of the audit log; strings borrowed. */
struct sync_audit {
    int64_t n;                   /* position, 1, 2, 3 ... */
    int64_t at;                  /* Unix ms */
    const char *actor;           /* who */
    const char *action;          /* view, export, share, erase */
    const char *table;           /* table of the data */
    const char *row_id;          /* its row, or NULL for a whole table */
    const char *detail;          /* how: "search", "csv", "hub", ... */
    uint8_t hash[SYNC_HASH_LEN]; /* chain hash */
};

typedef enum sync_rc (*sync_audit_cb)(const struct sync_audit *a, bool chain_ok,
                                      void *payload);

/* A local account of the web pages. */
struct sync_account {
    char name[65];   /* login name */
    char role[8];    /* "viewer", "editor" or "admin" */
    char hash[128];  /* Argon2id string; empty when walking */
    int64_t created; /* Unix ms */
};

typedef enum sync_rc (*sync_account_cb)(const struct sync_account *a,
                                        void *payload);

/* One group: a value (NULL for rows without one) and its row count. */
typedef enum sync_rc (*sync_group_cb)(const char *value, int64_t n,
                                      void *payload);

/* A local self-government unit; strings live until the callback returns. */
struct sync_lsg {
    const char *id;       /* e.g. "bihac" */
    const char *name_lat; /* name in Latin script */
    const char *name_cyr; /* name in Cyrillic script */
    const char *entity;   /* "FBiH", "RS" or "BD" */
};

typedef enum sync_rc (*sync_lsg_cb)(const struct sync_lsg *u, void *payload);

/* One losing write of a field. */
struct sync_loser {
    uint8_t id[SYNC_HASH_LEN];       /* entry id */
    uint64_t hlc;                    /* its clock */
    uint8_t author[SYNC_SIG_PK_LEN]; /* its author */
    struct sync_value v;             /* the value that lost; borrowed */
};

/* A recorded conflict; pointers live until the callback returns. */
struct sync_conflict {
    const char *table;        /* table of the row */
    const char *row_id;       /* the row */
    const char *field;        /* the field written concurrently */
    uint64_t hlc;             /* clock of the losing write */
    struct sync_loser loser;  /* the losing write and its value */
    bool has_winner;          /* winner is known (sync_read_* fill it) */
    struct sync_loser winner; /* the write whose value the field holds */
};

typedef enum sync_rc (*sync_conflict_cb)(const struct sync_conflict *c,
                                         void *payload);

/* A rejected entry, or a fork (then id is the entry held first, other
 * the one that contradicts it, reason "fork"). */
struct sync_problem {
    uint8_t id[SYNC_HASH_LEN];
    uint8_t other[SYNC_HASH_LEN];
    uint8_t author[SYNC_SIG_PK_LEN];
    int scope;
    uint64_t seq;
    const char *reason;
    int64_t at; /* Unix ms when found */
};

typedef enum sync_rc (*sync_problem_cb)(const struct sync_problem *p,
                                        void *payload);

/* One row of the roster. */
struct sync_member {
    uint8_t key[SYNC_SIG_PK_LEN];      /* the member key */
    char org[SYNC_LIMIT_ORG_NAME + 1]; /* organisation it writes for */
    char role[8];                      /* "node" or "hub" */
    bool active;                       /* false once revoked */
    bool has_writer;                   /* false for roots */
    uint8_t writer[SYNC_SIG_PK_LEN];   /* key that vouched for it */
    char cut[128];                     /* revocation cut "scope:seq|..." */
    uint64_t hlc;                      /* clock of the row's last write */
    char name[64];                     /* node name */
    int64_t last_sync;                 /* Unix ms of its last request here */
    bool has_skew;                     /* skew_ms was measured */
    int64_t skew_ms;                   /* its clock minus ours, last request */
    int64_t pulled_n;                  /* our log's end at its last full pull */
};

typedef enum sync_rc (*sync_member_cb)(const struct sync_member *m,
                                       void *payload);

/* Called for each feed; same stop rule. */
typedef enum sync_rc (*sync_feed_cb)(const struct sync_feed *f, void *payload);

/* The sync state of a node, gathered in one place for 'spona status',
 * the sync page, the dashboard and monitoring. */
struct sync_status {
    bool hub;               /* this node has the hub role */
    int64_t last_sync;      /* Unix ms of the last complete round; 0 never */
    int64_t unacked;        /* entries waiting for a receipt from upstream */
    int64_t entries;        /* entries in the log */
    int64_t conflicts;      /* recorded losing writes */
    int64_t rejected;       /* entries refused, with a reason */
    int64_t forks;          /* fork proofs held */
    int64_t withheld;       /* entries held without the payload they should
                               carry (a hub withheld it; asked for again) */
    int64_t evidence;       /* findings against the hub at its checkpoints */
    bool restored;          /* restored, not yet caught up with its own feeds */
    int64_t pending;        /* local writes waiting for that (engine.h) */
    int64_t pending_failed; /* waiting writes a rule refused when written */
};

/* What a node holds, for monitoring. */
struct sync_stats {
    int64_t entries_own;       /* entries this node wrote */
    int64_t entries_received;  /* entries of other authors in the log */
    int64_t entries_refused;   /* of those, kept but refused by a rule */
    int64_t payloads_purged;   /* entries held without their payload */
    int64_t payloads_withheld; /* entries whose payload a hub withheld */
    int64_t feeds;             /* feeds held */
    int64_t feeds_forked;      /* feeds closed by a fork */
};

/* Counts what the node holds (monitoring). */
enum sync_rc sync_read_stats(struct sync_engine *e, struct sync_stats *out,
                             struct sync_err *err) SYNC_MUST_CHECK;
/* Walks the rejected entries grouped by reason, most frequent first, at
 * most limit groups. */
enum sync_rc sync_read_rejected_reasons(struct sync_engine *e, int limit,
                                        sync_group_cb cb, void *payload,
                                        struct sync_err *err) SYNC_MUST_CHECK;

/* Fills out. */
enum sync_rc sync_read_status(struct sync_engine *e, struct sync_status *out,
                              struct sync_err *err) SYNC_MUST_CHECK;
/* Of sync_read_status, only the entries waiting for the hub's receipt
 * (*out): cheap enough for a daemon to ask twice a second. */
enum sync_rc sync_read_unacked(struct sync_engine *e, int64_t *out,
                               struct sync_err *err) SYNC_MUST_CHECK;
/* Walks every conflict in (table, row, field, loser) order, each losing
 * write with the write that holds the field now (winner); a conflict of
 * a person's field writes a view to the audit log before it is shown. */
enum sync_rc sync_read_conflicts(struct sync_engine *e, sync_conflict_cb cb,
                                 void *payload,
                                 struct sync_err *err) SYNC_MUST_CHECK;
/* The same for the conflicts of row row_id of table only. */
enum sync_rc sync_read_row_conflicts(struct sync_engine *e, const char *table,
                                     const char *row_id, sync_conflict_cb cb,
                                     void *payload,
                                     struct sync_err *err) SYNC_MUST_CHECK;
/* Walks the latest limit rejected entries, newest first. */
enum sync_rc sync_read_rejected(struct sync_engine *e, int64_t limit,
                                sync_problem_cb cb, void *payload,
                                struct sync_err *err) SYNC_MUST_CHECK;
/* Walks every fork proof, oldest first. */
enum sync_rc sync_read_forks(struct sync_engine *e, sync_problem_cb cb,
                             void *payload,
                             struct sync_err *err) SYNC_MUST_CHECK;
/* Walks the latest limit findings against the hub, newest first. */
enum sync_rc sync_read_evidence(struct sync_engine *e, int limit,
                                sync_evidence_cb cb, void *payload,
                                struct sync_err *err) SYNC_MUST_CHECK;
/* Walks at most limit withheld entries, oldest first. */
enum sync_rc sync_read_withheld(
    struct sync_engine *e, int limit,
    enum sync_rc (*cb)(const struct sync_withheld *w, void *payload),
    void *payload, struct sync_err *err) SYNC_MUST_CHECK;
/* Walks every feed held, in (author, scope) order. */
enum sync_rc sync_read_feeds(struct sync_engine *e, sync_feed_cb cb,
                             void *payload,
                             struct sync_err *err) SYNC_MUST_CHECK;

/* Walks every stored entry in the order it was stored; an entry of a
 * person that still has its payload is audited as a view ("log"). */
enum sync_rc sync_read_log(struct sync_engine *e, sync_entry_cb cb,
                           void *payload, struct sync_err *err) SYNC_MUST_CHECK;
/* Walks the applied puts and deletes of one row (its history); for a
 * person, a view is audited first. */
enum sync_rc sync_read_history(struct sync_engine *e, const char *table,
                               const char *row_id, sync_entry_cb cb,
                               void *payload,
                               struct sync_err *err) SYNC_MUST_CHECK;

/* The roster: every member row, in (org, key) order. */
enum sync_rc sync_read_members(struct sync_engine *e, sync_member_cb cb,
                               void *payload,
                               struct sync_err *err) SYNC_MUST_CHECK;
/* The roster row of key. SYNC_NOTFOUND for an unknown key. */
enum sync_rc sync_read_member(struct sync_engine *e, const uint8_t *key,
                              struct sync_member *out,
                              struct sync_err *err) SYNC_MUST_CHECK;
/* Entries member m of this hub may pull that came after its last full
 * pull. */
enum sync_rc sync_read_member_lag(struct sync_engine *e,
                                  const struct sync_member *m, int64_t *out,
                                  struct sync_err *err) SYNC_MUST_CHECK;

/*
 * Searches the live rows (see sync_store_search in the library for the
 * query rules); each hit of a person is audited as a view ("search")
 * before cb sees it. SYNC_INVALID for a query with no words, too many,
 * or a table that is not searchable; SYNC_TOOBIG for a query over
 * SYNC_LIMIT_QUERY bytes.
 */
enum sync_rc sync_read_search(struct sync_engine *e, const char *query,
                              const struct sync_search_opts *opts,
                              sync_hit_cb cb, void *payload,
                              struct sync_err *err) SYNC_MUST_CHECK;
/*
 * "Did you mean": out (size bytes) gets query with each word that matches
 * nothing in the searched tables (table, or all when NULL) replaced by
 * the index word nearest to it, or "" when every word matches or nothing
 * is near. The codes of sync_read_search; SYNC_TOOBIG when out is too
 * small.
 */
enum sync_rc sync_read_search_suggest(struct sync_engine *e, char *out,
                                      size_t size, const char *query,
                                      const char *table,
                                      struct sync_err *err) SYNC_MUST_CHECK;
/*
 * As sync_read_search_suggest over every searchable table but skip (NULL:
 * none), for a caller who may not see that table: the pages leave out
 * persons for a viewer, as a suggestion would show a word of a name.
 */
enum sync_rc sync_read_search_suggest_but(struct sync_engine *e, char *out,
                                          size_t size, const char *query,
                                          const char *skip,
                                          struct sync_err *err) SYNC_MUST_CHECK;
/* Brings the search indexes up to date with the log (the daemon calls it
 * after each round so the first search stays fast). */
enum sync_rc sync_read_refresh_index(struct sync_engine *e,
                                     struct sync_err *err) SYNC_MUST_CHECK;

/* Counts the live rows of table by the value of field (a field of the
 * table, "owner" or "scope"), largest groups first. SYNC_INVALID for an
 * unknown table or field. */
enum sync_rc sync_read_count_by(struct sync_engine *e, const char *table,
                                const char *field, sync_group_cb cb,
                                void *payload,
                                struct sync_err *err) SYNC_MUST_CHECK;
/* Walks the municipalities by Latin name. */
enum sync_rc sync_read_lsg(struct sync_engine *e, sync_lsg_cb cb, void *payload,
                           struct sync_err *err) SYNC_MUST_CHECK;
/* Walks the audit log in order; chain_ok is false from the first record
 * whose position or hash does not follow the one before. */
enum sync_rc sync_read_audit(struct sync_engine *e, sync_audit_cb cb,
                             void *payload,
                             struct sync_err *err) SYNC_MUST_CHECK;

/* Flags of sync_read_export. */
enum sync_read_export_flags {
    SYNC_EXPORT_PUBLIC = 1 << 0,    /* only public, non-draft rows (and
                                       no personal data at all) */
    SYNC_EXPORT_CONSENTED = 1 << 1, /* persons of this node leave with only
                                       the contact channels a consent lists
                                       (a contact card for others) */
};
/*
 * Walks the live rows of table that may leave this node in an export:
 * with SYNC_EXPORT_PUBLIC only those the privacy rules allow to be
 * public. An export of persons is written to the audit log first (action
 * export, detail format, e.g. "csv"). SYNC_INVALID for an unknown table.
 */
enum sync_rc sync_read_export(struct sync_engine *e, const char *table,
                              unsigned flags, const char *format,
                              sync_row_cb cb, void *payload,
                              struct sync_err *err) SYNC_MUST_CHECK;

/* The account called name. SYNC_NOTFOUND when there is none. */
enum sync_rc sync_read_account(struct sync_engine *e, const char *name,
                               struct sync_account *out,
                               struct sync_err *err) SYNC_MUST_CHECK;
/* Walks the accounts by name (without their hashes). */
enum sync_rc sync_read_accounts(struct sync_engine *e, sync_account_cb cb,
                                void *payload,
                                struct sync_err *err) SYNC_MUST_CHECK;

#endif
