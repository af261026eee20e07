/* SPDX-License-Identifier: MIT */
/*
 * entry: the unit of change and of sync. A header of fixed binary layout
 * (see docs/PROTOCOL.md), an Ed25519 signature over the exact header bytes,
 * and a JSON payload bound to the header by its BLAKE2b-256 hash, so the
 * payload can be purged while the header still verifies. The header bytes
 * are kept as signed and never re-encoded; the decoded fields are a view.
 */
#ifndef SPONA_ENTRY_H
#define SPONA_ENTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spona/err.h"
#include "spona/limits.h"
#include "spona/sig.h"
#include "spona/uuid.h"

#define SYNC_ENTRY_VERSION 1
#define SYNC_ENTRY_FIXED 138 /* header bytes before the table name */
#define SYNC_ENTRY_HEADER_MAX (SYNC_ENTRY_FIXED + SYNC_LIMIT_TABLE_NAME)
#define SYNC_ENTRY_DOMAIN "spona-entry-v1" /* signature prefix */

enum sync_scope {
    SYNC_SCOPE_LOCAL = 0,   /* never leaves the node */
    SYNC_SCOPE_HUB = 1,     /* the author's hub and its members */
    SYNC_SCOPE_NETWORK = 2, /* every node of the federation */
    SYNC_SCOPE_PUBLIC = 3,  /* also anonymous readers */
    SYNC_SCOPE_COUNT_
};

enum sync_op {
    SYNC_OP_PUT = 1,     /* set fields of a row (create or change) */
    SYNC_OP_DELETE = 2,  /* tombstone a row */
    SYNC_OP_RETRACT = 3, /* the row left this scope */
    SYNC_OP_ERASE = 4,   /* erase personal data everywhere */
    SYNC_OP_MAX_ = 4
};

struct sync_entry_header {
    uint8_t version;                 /* SYNC_ENTRY_VERSION */
    uint8_t author[SYNC_SIG_PK_LEN]; /* Ed25519 public key of the signer */
    uint8_t scope;                   /* enum sync_scope; names the feed */
    uint64_t seq;                    /* 1, 2, 3 ... within the feed */
    uint8_t prev[SYNC_HASH_LEN];     /* id of entry seq-1; zeros for seq 1 */
    uint64_t hlc;                    /* hybrid logical clock of the write */
    uint16_t schema;                 /* schema version of the author */
    uint8_t row[SYNC_UUID_LEN];      /* row id */
    uint8_t op;                      /* enum sync_op */
    uint8_t payload_hash[SYNC_HASH_LEN];   /* BLAKE2b-256 of the payload */
    uint32_t payload_len;                  /* bytes of the payload */
    char table[SYNC_LIMIT_TABLE_NAME + 1]; /* [a-z_]+ */
};

struct sync_entry {
    struct sync_entry_header h;            /* decoded view of header */
    uint8_t header[SYNC_ENTRY_HEADER_MAX]; /* the exact signed bytes */
    size_t header_len;                     /* bytes used in header */
    uint8_t sig[SYNC_SIG_LEN];             /* Ed25519 over domain + header */
    uint8_t id[SYNC_HASH_LEN];             /* BLAKE2b-256(header || sig) */
    char *payload;      /* owned, NUL-terminated; NULL once purged */
    size_t payload_len; /* bytes of payload */
};

/* Zeroes e. */
void sync_entry_init(struct sync_entry *e);
/* Frees the payload and zeroes e; e may be NULL. */
void sync_entry_release(struct sync_entry *e);

/* Lower-case name of a scope ("hub"); NULL for an unknown value. */
const char *sync_scope_name(int scope);
/* Scope of a name; -1 when unknown. */
int sync_scope_parse(const char *name);
/* How far a scope carries: local 0, hub 1, network and public 2. A row
 * whose scope loses reach is retracted from the nodes it leaves. */
int sync_scope_reach(int scope);
/* Name of an op ("put"); NULL for an unknown value. */
const char *sync_op_name(int op);

/*
 * Completes and signs an entry: takes the payload (len bytes of heap memory
 * from sync_xmalloc, NUL-terminated), fills payload_hash and payload_len in
 * h, encodes the header, signs it and computes the id. The caller has set
 * every other header field. SYNC_INVALID when a field is out of range.
 */
enum sync_rc sync_entry_seal(struct sync_entry *e,
                             const struct sync_entry_header *h, char *payload,
                             size_t len, const struct sync_key *key,
                             struct sync_err *err) SYNC_MUST_CHECK;

/*
 * Fills e from received bytes: copies header and signature, decodes the
 * header strictly and computes the id. Does not check the signature.
 * SYNC_INVALID (or SYNC_TOOBIG) when the header is malformed.
 */
enum sync_rc sync_entry_from_bytes(struct sync_entry *e, const void *header,
                                   size_t header_len,
                                   const uint8_t sig[SYNC_SIG_LEN],
                                   struct sync_err *err) SYNC_MUST_CHECK;

/* Checks the signature of the header bytes. SYNC_BADSIG when it fails. */
enum sync_rc sync_entry_verify_sig(const struct sync_entry *e,
                                   struct sync_err *err) SYNC_MUST_CHECK;

/*
 * Checks that payload (len bytes) is the one the header names. SYNC_BADSIG
 * on a wrong hash or length.
 */
enum sync_rc sync_entry_verify_payload(const struct sync_entry *e,
                                       const void *payload, size_t len,
                                       struct sync_err *err) SYNC_MUST_CHECK;

/* Hex of the id (65 bytes with the NUL). */
void sync_entry_id_hex(char out[2 * SYNC_HASH_LEN + 1],
                       const struct sync_entry *e);

/* A position in a feed: what a puller holds, or what a receipt confirms. */
struct sync_have {
    uint8_t author[SYNC_SIG_PK_LEN]; /* feed author */
    int scope;                       /* feed scope */
    uint64_t seq;                    /* last seq held */
};

#define SYNC_RECEIPT_DOMAIN "spona-receipt-v1"

/* A hub's signed statement that it holds a feed up to seq. */
struct sync_receipt {
    struct sync_have at;       /* the feed and seq held */
    uint8_t sig[SYNC_SIG_LEN]; /* hub signature over author||scope||seq */
};

/* Signs a receipt for at with the hub key. */
void sync_receipt_sign(struct sync_receipt *out, const struct sync_have *at,
                       const struct sync_key *hub);
/* Checks a receipt against the hub key. SYNC_BADSIG when it fails. */
enum sync_rc sync_receipt_verify(const struct sync_receipt *r,
                                 const uint8_t *hub_key,
                                 struct sync_err *err) SYNC_MUST_CHECK;

#endif
