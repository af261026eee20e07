/* SPDX-License-Identifier: MIT */
/*
 * record: a row of a domain table in memory, as a list of named, typed
 * values, each with the id of the entry that wrote it (its version). The
 * shape shared by payloads (msg), the database (store) and merging
 * (engine), so no layer needs another's library types.
 */
#ifndef SPONA_RECORD_H
#define SPONA_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spona/sig.h"

enum sync_vkind {
    SYNC_V_NULL = 0, /* absent or cleared */
    SYNC_V_INT,      /* 64-bit integer */
    SYNC_V_TEXT      /* UTF-8 text; lists are items joined by '|' */
};

struct sync_value {
    enum sync_vkind kind; /* which member holds the value */
    int64_t i;            /* SYNC_V_INT */
    char *s;              /* SYNC_V_TEXT; owned */
};

struct sync_rfield {
    char *name;                 /* owned field name */
    struct sync_value v;        /* the value */
    bool has_ver;               /* ver names the entry that wrote v */
    uint8_t ver[SYNC_HASH_LEN]; /* entry id of the write (or its base) */
    uint8_t *bases;             /* owned: n_bases more ids of versions a
                                   write replaced (a resolved conflict) */
    size_t n_bases;             /* ids in bases */
};

struct sync_record {
    struct sync_rfield *f; /* owned array */
    size_t n;              /* fields used */
    size_t cap;            /* fields allocated */
};

/* Zeroes r. */
void sync_record_init(struct sync_record *r);
/* Frees every field; r may be NULL. r stays usable and empty. */
void sync_record_release(struct sync_record *r);
/* The field called name, or NULL; borrowed. */
struct sync_rfield *sync_record_get(const struct sync_record *r,
                                    const char *name);
/* The field called name, added with a NULL value when missing; borrowed. */
struct sync_rfield *sync_record_slot(struct sync_record *r, const char *name);
/* Sets name to a copy of text (NULL stores a NULL value). */
void sync_record_set_text(struct sync_record *r, const char *name,
                          const char *text);
/* Sets name to an integer. */
void sync_record_set_int(struct sync_record *r, const char *name, int64_t i);
/* Copies value v into the field name (v is not taken). */
void sync_record_set(struct sync_record *r, const char *name,
                     const struct sync_value *v);
/* Adds id to the versions field f replaces, once: as ver when f has
 * none, else to bases. */
void sync_rfield_add_base(struct sync_rfield *f, const uint8_t *id);
/* Sets every field of src in dst, values and versions. */
void sync_record_copy(struct sync_record *dst, const struct sync_record *src);
/* Text of a field, or NULL when missing or not text; borrowed. */
const char *sync_record_text(const struct sync_record *r, const char *name);

/* Frees the text of v and makes it NULL. */
void sync_value_clear(struct sync_value *v);
/* Deep copy of src into dst (dst is cleared first). */
void sync_value_copy(struct sync_value *dst, const struct sync_value *src);
/* True when a and b hold the same kind and value. */
bool sync_value_eq(const struct sync_value *a, const struct sync_value *b);

#endif
