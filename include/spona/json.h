/* SPDX-License-Identifier: MIT */
/*
 * json: a small JSON document builder for programs that print --json or
 * answer with JSON (jansson underneath, in msg.c, the one module that
 * touches it). Serialisation is compact with sorted keys, or indented.
 */
#ifndef SPONA_JSON_H
#define SPONA_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "spona/err.h"
#include "spona/record.h"
#include "spona/schema.h"

/* A JSON document under construction (a jansson value underneath). */
struct sync_json;

/* New empty object or array; belongs to the caller. */
struct sync_json *sync_json_object(void);
struct sync_json *sync_json_array(void);
/* Frees a document; j may be NULL. */
void sync_json_free(struct sync_json *j);
/* Sets key of an object to a string (NULL sets null). */
void sync_json_set_str(struct sync_json *o, const char *key, const char *v);
/* Sets key of an object to an integer. */
void sync_json_set_int(struct sync_json *o, const char *key, int64_t v);
/* A new JSON string (NULL when s is not UTF-8); belongs to the caller. */
struct sync_json *sync_json_string(const char *s);
/* Sets key of an object to a number. */
void sync_json_set_real(struct sync_json *o, const char *key, double v);
/* Sets key of an object to a boolean. */
void sync_json_set_bool(struct sync_json *o, const char *key, bool v);
/* Sets key of an object to child; takes child. */
void sync_json_set(struct sync_json *o, const char *key,
                   struct sync_json *child);
/* Appends child to an array; takes child. */
void sync_json_push(struct sync_json *a, struct sync_json *child);
/* The number of items of array a. */
size_t sync_json_len(const struct sync_json *a);
/* Serialises (indented when pretty); the text belongs to the caller.
 * "null" when the text would pass SYNC_LIMIT_JSON_OUT: for messages; a
 * document of any size goes to a file with sync_json_write. */
char *sync_json_dump(const struct sync_json *j, bool pretty);
/* Writes j to f, indented when pretty, and a newline. SYNC_IO when f
 * fails (errno tells why). */
enum sync_rc sync_json_write(const struct sync_json *j, FILE *f,
                             bool pretty) SYNC_MUST_CHECK;
/*
 * A row as an object: every field of t present in r, lists as arrays,
 * plus the given system fields already set in r (id, owner, ...).
 */
struct sync_json *sync_json_record(const struct sync_tdef *t,
                                   const struct sync_record *r);

#endif
