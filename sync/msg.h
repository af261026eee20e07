/* SPDX-License-Identifier: MIT */
/*
 * msg: every use of jansson. Entry payloads (the changed fields of a row,
 * the owner, and the version each change replaced), the per-field version
 * map kept with each row, the bodies of the sync protocol, and the
 * document builder of include/spona/json.h. Serialisation is compact with
 * sorted keys, so the same content gives the same bytes; parsing rejects
 * duplicate keys and checks the exact shape.
 */
#ifndef SYNC_MSG_H
#define SYNC_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "spona/checkpoint.h"
#include "spona/entry.h"
#include "spona/err.h"
#include "spona/json.h"
#include "spona/record.h"
#include "spona/schema.h"

/* Points jansson at the project's allocators. Call once, before threads. */
void sync_msg_global_init(void);

/*
 * Encodes a payload: {"base":{field:id},"owner":owner,"set":{field:value}}.
 * Fields of set with has_ver get a base entry (the version they replace).
 * *out (NUL-terminated, from sync_xmalloc) belongs to the caller.
 * SYNC_TOOBIG when it would exceed SYNC_LIMIT_PAYLOAD.
 */
enum sync_rc sync_msg_payload_encode(char **out, size_t *len_out,
                                     const char *owner,
                                     const struct sync_record *set,
                                     struct sync_err *err) SYNC_MUST_CHECK;
/*
 * Decodes a payload made by sync_msg_payload_encode into *owner_out (owned
 * by the caller) and set (fields with has_ver carry their base).
 * SYNC_INVALID with the parser's line and column on malformed JSON or a
 * wrong shape; SYNC_TOOBIG past SYNC_LIMIT_FIELDS.
 */
enum sync_rc sync_msg_payload_decode(char **owner_out, struct sync_record *set,
                                     const char *payload, size_t len,
                                     struct sync_err *err) SYNC_MUST_CHECK;

/* Sets has_ver and ver on the fields of r named in text, a JSON map
 * {field: base64 id} (the form of rows written before schema 0010; rows
 * are packed now, see store.c). SYNC_INVALID on malformed text. */
enum sync_rc sync_msg_ver_decode(struct sync_record *r, const char *text,
                                 struct sync_err *err) SYNC_MUST_CHECK;

/* ---- protocol messages ---- */

/* Appends {"h":header,"s":sig,"p":payload} (base64; "p" null when purged). */
void sync_json_push_entry(struct sync_json *arr, const void *header,
                          size_t header_len, const uint8_t *sig,
                          const char *payload, size_t payload_len);
/* Appends {"a":author,"s":scope,"q":seq}. */
void sync_json_push_have(struct sync_json *arr, const struct sync_have *h);
/* Appends {"a","s","q","i"}: a checkpoint head. */
void sync_json_push_head(struct sync_json *arr, const struct sync_head *h);
/* Appends {"a":author,"s":scope,"q":seq,"sig":signature}. */
void sync_json_push_receipt(struct sync_json *arr,
                            const struct sync_receipt *r);
/* Compact serialisation, NULL when longer than max; *len_out its bytes. */
char *sync_json_dump_max(const struct sync_json *j, size_t max,
                         size_t *len_out);

/* A parsed request or response body. */
struct sync_msg;

/*
 * Parses a JSON object of at most SYNC_LIMIT_BODY bytes. SYNC_TOOBIG over
 * the limit, SYNC_INVALID with line and column when malformed. *out
 * belongs to the caller.
 */
enum sync_rc sync_msg_parse(struct sync_msg **out, const void *body, size_t len,
                            struct sync_err *err) SYNC_MUST_CHECK;
void sync_msg_free(struct sync_msg *m);
/* Top-level members: a string (NULL when absent or not a string), a
 * boolean (false when absent), an integer (dflt when absent). Borrowed. */
const char *sync_msg_str(const struct sync_msg *m, const char *key);
bool sync_msg_bool(const struct sync_msg *m, const char *key);
/* Whether the top-level object has key. */
bool sync_msg_has(const struct sync_msg *m, const char *key);
int64_t sync_msg_int(const struct sync_msg *m, const char *key, int64_t dflt);
/*
 * The array of entries under key, decoded strictly (sync_entry_from_bytes;
 * signatures are not checked here). At most SYNC_LIMIT_BATCH_ENTRIES.
 * *out (n_out items) belongs to the caller: release each, then free.
 */
enum sync_rc sync_msg_entries(const struct sync_msg *m, const char *key,
                              struct sync_entry **out, size_t *n_out,
                              struct sync_err *err) SYNC_MUST_CHECK;
/* The array of feed positions under key, at most SYNC_LIMIT_HAVE_FEEDS. */
enum sync_rc sync_msg_haves(const struct sync_msg *m, const char *key,
                            struct sync_have **out, size_t *n_out,
                            struct sync_err *err) SYNC_MUST_CHECK;
/* The optional array of base64 entry ids at key (at most max): *out NULL
 * and *n_out 0 when the key is absent. */
enum sync_rc sync_msg_ids(const struct sync_msg *m, const char *key, size_t max,
                          uint8_t (**out)[SYNC_HASH_LEN], size_t *n_out,
                          struct sync_err *err) SYNC_MUST_CHECK;
/* The array of checkpoint heads {"a","s","q","i"} under key. */
enum sync_rc sync_msg_heads(const struct sync_msg *m, const char *key,
                            struct sync_head **out, size_t *n_out,
                            struct sync_err *err) SYNC_MUST_CHECK;
/* The array of receipts under key (signatures not checked here). */
enum sync_rc sync_msg_receipts(const struct sync_msg *m, const char *key,
                               struct sync_receipt **out, size_t *n_out,
                               struct sync_err *err) SYNC_MUST_CHECK;

#endif
