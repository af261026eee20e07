/* SPDX-License-Identifier: MIT */
/*
 * schema: what the domain tables hold, as data. Tables, fields, their types,
 * limits and enumerations are rows of the meta_field and meta_enum tables
 * (written by the migrations); store loads them into a struct sync_schema
 * and this module validates values against it. The same definitions are the
 * allow-list of identifiers for store's dynamic SQL.
 */
#ifndef SPONA_SCHEMA_H
#define SPONA_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spona/err.h"
#include "spona/record.h"

enum sync_ftype {
    SYNC_F_TEXT,  /* free UTF-8 text up to max bytes */
    SYNC_F_INT,   /* integer in [0, max] (max 0: no upper bound) */
    SYNC_F_YEAR,  /* 1900..2100 */
    SYNC_F_ENUM,  /* one value of the field's enumeration */
    SYNC_F_EMAIL, /* an e-mail address */
    SYNC_F_URL,   /* an http(s) URL */
    SYNC_F_DATE,  /* YYYY-MM-DD */
    SYNC_F_UUID,  /* a row id */
    SYNC_F_COUNT_
};

struct sync_enum {
    char *name;      /* enumeration name, e.g. "sector" */
    char **values;   /* owned values in display order */
    char **label_bs; /* owned Bosnian label of each value */
    char **label_en; /* owned English label of each value */
    size_t n;        /* number of values */
};

struct sync_fdef {
    char *name;                  /* field and column name */
    enum sync_ftype type;        /* value type */
    bool list;                   /* a '|'-separated list of the type */
    bool required;               /* must be set when a row is created */
    bool local_only;             /* never leaves the node (notes) */
    int64_t max;                 /* max bytes (text) or value (int) */
    const struct sync_enum *dom; /* enumeration of SYNC_F_ENUM; borrowed */
};

struct sync_tdef {
    char *name;          /* table name */
    struct sync_fdef *f; /* owned fields in column order */
    size_t n;            /* number of fields */
};

/* Languages of labels (meta_label); ALIAS: other names of a value, such
 * as ISO codes, matched but never shown. */
enum sync_lang {
    SYNC_LANG_BS,
    SYNC_LANG_HR,
    SYNC_LANG_SR, /* Serbian, in Cyrillic */
    SYNC_LANG_EN,
    SYNC_LANG_ALIAS,
    SYNC_LANG_COUNT_
};

/* One label of a field or of an enumeration value. */
struct sync_label {
    bool field;          /* a field's label, else a value's */
    char *dom;           /* table of a field ("*": any), or enumeration */
    char *key;           /* field name, or value */
    enum sync_lang lang; /* its language */
    char *text;          /* the label */
};

struct sync_schema;

/* A new empty schema; belongs to the caller. */
struct sync_schema *sync_schema_new(void);
/* Frees a schema; s may be NULL. */
void sync_schema_free(struct sync_schema *s);
/* Adds a value to the enumeration called dom (made on first use), with
 * its labels in Bosnian and English (NULL: the value itself). */
void sync_schema_add_enum(struct sync_schema *s, const char *dom,
                          const char *value, const char *label_bs,
                          const char *label_en);
/* Label of value in e, in English when en, else Bosnian; the value itself
 * when e does not hold it. Borrowed. */
const char *sync_schema_label(const struct sync_enum *e, const char *value,
                              bool en);
/* The language called code ("bs", "hr", "sr", "en", "alias"), or -1. */
int sync_lang_parse(const char *code);
/* Code of a language ("bs", ...). */
const char *sync_lang_name(enum sync_lang lang);
/* Adds a label (all strings are copied); an unknown lang is ignored. */
void sync_schema_add_label(struct sync_schema *s, bool field, const char *dom,
                           const char *key, const char *lang, const char *text);
/* Label i in the order added (0 .. count-1), or NULL; borrowed. */
const struct sync_label *sync_schema_label_at(const struct sync_schema *s,
                                              size_t i);
/* The first label of a field of table (or of the columns of every table,
 * "*") or of a value of enumeration dom, in lang; NULL when there is
 * none. Borrowed. */
const char *sync_schema_label_in(const struct sync_schema *s, bool field,
                                 const char *dom, const char *key,
                                 enum sync_lang lang);
/*
 * Adds a field to table (made on first use). type is the name of a
 * sync_ftype ("text", "enum", ...). SYNC_INVALID for an unknown type, a bad
 * identifier, or an enum field whose enumeration has no values yet.
 */
enum sync_rc sync_schema_add_field(struct sync_schema *s, const char *table,
                                   const struct sync_fdef *def,
                                   const char *type, const char *dom,
                                   struct sync_err *err) SYNC_MUST_CHECK;

/* Table by name, or NULL; borrowed. */
const struct sync_tdef *sync_schema_table(const struct sync_schema *s,
                                          const char *name);
/* Table by position (0 .. count-1), or NULL; borrowed. */
const struct sync_tdef *sync_schema_table_at(const struct sync_schema *s,
                                             size_t i);
/* Field by name, or NULL; borrowed. */
const struct sync_fdef *sync_schema_field(const struct sync_tdef *t,
                                          const char *name);
/* Enumeration by name, or NULL; borrowed. */
const struct sync_enum *sync_schema_enum(const struct sync_schema *s,
                                         const char *name);

/*
 * Turns text typed by a user into a checked value of field f ("" clears
 * it). SYNC_INVALID or SYNC_TOOBIG with a message naming the field.
 */
enum sync_rc sync_schema_parse(struct sync_value *out,
                               const struct sync_fdef *f, const char *text,
                               struct sync_err *err) SYNC_MUST_CHECK;
/*
 * Checks that set gives every required field of t a value, as a new row
 * needs. SYNC_INVALID naming every missing field otherwise.
 */
enum sync_rc sync_schema_required(const struct sync_tdef *t,
                                  const struct sync_record *set,
                                  struct sync_err *err) SYNC_MUST_CHECK;
/* Checks a value that came in a payload. Same codes as sync_schema_parse. */
enum sync_rc sync_schema_check(const struct sync_fdef *f,
                               const struct sync_value *v,
                               struct sync_err *err) SYNC_MUST_CHECK;

#endif
