/* SPDX-License-Identifier: MIT */
/*
 * typo: how far a mistyped query word is from a word of the index, for
 * the "did you mean" of search. Pure functions on folded words (bytes),
 * no allocation.
 */
#ifndef SYNC_TYPO_H
#define SYNC_TYPO_H

#include <stddef.h>

#include "spona/fold.h"

/*
 * The Damerau-Levenshtein distance (optimal string alignment: an
 * insertion, deletion, substitution or swap of two neighbours costs 1)
 * between a and b, or max + 1 when it is over max. Words longer than
 * SYNC_FOLD_WORD_MAX are over any max.
 */
size_t sync_typo_distance(const char *a, size_t a_len, const char *b,
                          size_t b_len, size_t max);

/* The most edits a word of len letters may carry: 1 up to 5 letters, 2
 * above; 0 under 3 letters (too short to guess). */
size_t sync_typo_max(size_t len);

#endif
