/* SPDX-License-Identifier: MIT */
/*
 * store_query: a search query made ready to run (store_query.c): its
 * folded words, their stems, synonyms and typo neighbours as weighted
 * FTS5 phrases, and the rank function that scores rows by them. Shared
 * with store_search.c, which runs the plan; private to the store module.
 */
#ifndef SYNC_STORE_QUERY_H
#define SYNC_STORE_QUERY_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "spona/buf.h"
#include "spona/fold.h"
#include "spona/limits.h"
#include "stem.h"
#include "store.h"

/*
 * Weights of a phrase matched in the body (a title match counts
 * W_TITLE times), in tiers a title cannot jump (docs/ARCHITECTURE.md
 * "Search"): an exact word; an index word that is a form of its
 * declensions (paradigm.h), or its ikavian word read as ekavian; a word
 * that only shares its stem key (in a title 5.25, below a form in a
 * body); a synonym (in a title 4.5, above a stem-only word in a body);
 * a prefix while the word is being typed (no index word is the word or
 * has its stem); a prefix of a word that is complete (so "Una" ranks
 * the river "na Uni" above "Unapređenje"); an index word a typo away,
 * and a synonym of that word.
 */
#define W_EXACT 10.0
#define W_FORM 6.0
#define W_STEM 3.5
#define W_SYNONYM 3.0
#define W_TYPING 7.0
#define W_PREFIX 2.0
#define W_TYPO 1.0
#define W_TYPO_SYNONYM 0.5
#define W_TITLE 1.5
#define W_WORD 100.0 /* per query word matched: all words first */

#define SYN_MAX 1000       /* rows of search_synonym read */
#define TABLES_MAX 32      /* searchable tables */
#define TYPOS_MAX 3        /* index words taken for one mistyped word */
#define JAT_TRIES 3        /* ikavian i's of one word tried as e */
#define SYN_WORD_MAX 16    /* synonym phrases of one query word */
#define FORMS_WORD_MAX 16  /* index words taken as forms of one word */
#define FORM_RANGES_MAX 16 /* vocabulary ranges read for one word's forms */
#define FORM_SCAN_MAX 4000 /* index words read in one range */
/* phrases of one query: per word 5 of its own (and one a synonym may
 * pass SYN_WORD_MAX by), synonyms, 3 for an ikavian form, its forms,
 * and 2 per typo and the synonyms of the typo's word */
#define PHRASES_MAX                                                            \
    (SYNC_LIMIT_QUERY_WORDS *                                                  \
     (9 + 2 * SYN_WORD_MAX + FORMS_WORD_MAX + 2 * TYPOS_MAX))

/* One synonym, folded, with its stem key. */
struct syn {
    int64_t grp;                       /* group: one meaning */
    char term[SYNC_FOLD_WORD_MAX + 1]; /* folded */
    char key[SYNC_STEM_MAX + 2];       /* '~' + stem key, or "" */
};

struct syns {
    struct syn *s; /* SYN_MAX, owned */
    size_t n;      /* used */
};

/* One phrase of the FTS5 query: a single token. */
struct phrase {
    char text[SYNC_STEM_MAX + 2]; /* a folded word, or '~' + stem key */
    bool prefix;                  /* matched as a prefix */
    size_t word;                  /* the query word it stands for */
    double weight;                /* in the body */
};

/* One word of the query. */
struct qword {
    char text[SYNC_FOLD_WORD_MAX + 1]; /* folded */
    size_t len;                        /* of text */
    char key[SYNC_STEM_MAX + 2];       /* '~' + stem key, or "" */
    bool whole;       /* an index word is this word or has its stem */
    bool prefixed;    /* an index word starts with it */
    bool extended;    /* a longer index word starts with it */
    bool synonyms;    /* it is in a synonym group */
    int64_t docs;     /* rows holding one of its phrases, summed over them */
    int64_t key_docs; /* rows holding its stem */
    double idf;       /* how rare it is, 0.1 .. 1, for spona_rank */
    char fix[SYNC_STEM_MAX + 2]; /* nearest index word, when none of
                                    the above; "" if none */
};

/* A query, ready to run: its words and the phrases standing for them. */
struct plan {
    struct qword w[SYNC_LIMIT_QUERY_WORDS]; /* distinct, stop words out */
    size_t n_words;
    struct phrase *p; /* PHRASES_MAX, owned */
    size_t n_p;
    const char *table;              /* only this one; NULL: all */
    const char *skip;               /* all but this one; NULL: none */
    int64_t idf_rows;               /* rows the idf were for */
    const char *tables[TABLES_MAX]; /* searchable, from the schema */
    size_t n_tables;
    struct sync_buf all; /* FTS5 query: every word */
    struct sync_buf any; /* FTS5 query: any word */
};

/* Makes the plan of query over table (NULL: every searchable table but
 * skip, when not NULL) for at most limit hits; refreshes the indexes
 * first (a full disk leaves them as they are). plan_release frees it,
 * made or not. */
enum sync_rc plan_make(struct sync_store *st, struct plan *pl,
                       const char *query, const char *table, const char *skip,
                       size_t limit, struct sync_err *err) SYNC_MUST_CHECK;
void plan_release(struct plan *pl);
/* The searchable tables of the plan in turn: *i from 0; NULL after the
 * last. */
const char *plan_table(const struct plan *pl, size_t *i);
/* FTS5's rank function "spona_rank": scores a row by the plan given as
 * its argument. */
void plan_rank(const Fts5ExtensionApi *api, Fts5Context *fts,
               sqlite3_context *ctx, int n_args, sqlite3_value **args);

#endif
