/* SPDX-License-Identifier: MIT */
/*
 * stem: the stem key of a folded word (fold.h), so that the forms of one
 * Bosnian, Croatian or Serbian word meet: Snowball's "serbian" stemmer
 * (case and number endings, ijekavian "ije"/"je" to ekavian "e"), then
 * the rules of docs/ARCHITECTURE.md "Search" for the fleeting a and the
 * consonant changes at the end of a stem (Gradačac/Gradačcu, ruka/ruci).
 * The only module that uses libstemmer. A struct sync_stem belongs to one
 * thread.
 */
#ifndef SYNC_STEM_H
#define SYNC_STEM_H

#include <stddef.h>

#include "spona/fold.h"

/* Longest stem key, without its NUL. */
#define SYNC_STEM_MAX SYNC_FOLD_WORD_MAX

struct sync_stem;

/* A new stemmer; the caller owns it. Aborts when out of memory. */
struct sync_stem *sync_stem_new(void);

/* Frees s; NULL is fine. */
void sync_stem_free(struct sync_stem *s);

/*
 * Writes the stem key of word (folded, len bytes) into out (room for
 * SYNC_STEM_MAX + 1 bytes) and returns its length; 0 when the word has
 * no stem of its own (it holds a digit or a letter fold keeps as it is).
 */
size_t sync_stem_key(struct sync_stem *s, char *out, const char *word,
                     size_t len);

/*
 * The rules that follow Snowball, on a stem w of len bytes, in place;
 * returns the new length. Exposed for the word-by-word tests.
 */
size_t sync_stem_rules(char *w, size_t len);

#endif
