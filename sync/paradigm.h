/* SPDX-License-Identifier: MIT */
/*
 * paradigm: the forms a folded query word has in the declensions of
 * Bosnian, Croatian and Serbian nouns and adjectives (docs/ARCHITECTURE.md
 * "Search", the paradigm tier): a word's own forms rank above words that
 * only share its stem key (stoka finds "stoke" above "Stoca", whose key
 * the rules make the same). The forms are guessed from the word's ending
 * alone, so they are a superset of the true ones; the caller keeps those
 * the index holds. Pure: no state, no allocation.
 */
#ifndef SYNC_PARADIGM_H
#define SYNC_PARADIGM_H

#include <stdbool.h>
#include <stddef.h>

#include "spona/fold.h"

#define SYNC_FORMS_MAX 256 /* forms of one word */
#define SYNC_FORM_MAX 40   /* longest word given forms, in bytes */

/* The forms of one word; each form begins with its prefix (the stem it
 * was made from), which a caller may look up as a range. */
struct sync_forms {
    size_t n;
    char form[SYNC_FORMS_MAX][SYNC_FORM_MAX + 8];
    unsigned char prefix[SYNC_FORMS_MAX]; /* bytes of form that are stem */
};

/*
 * Fills out with the declension forms of word (folded: a to z only, len
 * bytes), the word itself first; none for a word with other bytes, over
 * SYNC_FORM_MAX bytes or under 3.
 */
void sync_paradigm(const char *word, size_t len, struct sync_forms *out);

/*
 * Writes into out (at most max) the stems the forms were made from, none
 * inside another (voz holds vozov): the ranges a caller reads of an index
 * vocabulary to find the forms it holds. Returns how many.
 */
size_t sync_paradigm_ranges(const struct sync_forms *f,
                            char (*out)[SYNC_FORM_MAX + 8], size_t max);

/* Whether w is one of the forms. */
bool sync_paradigm_has(const struct sync_forms *f, const char *w);

#endif
