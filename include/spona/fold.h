/* SPDX-License-Identifier: MIT */
/*
 * fold: the one text folding of DOMAIN.md "Search", applied to stored text
 * and to queries alike, so that "djordje", "đorđe" and "ђорђе" meet. Per
 * character: combining marks dropped, ligatures ǆ ǉ ǌ expanded, Latin and
 * Cyrillic lowercased, Serbian Cyrillic transliterated to Latin, Latin
 * diacritics folded to their base letter (č ć → c, đ → d, ø → o, ß → ss,
 * ...), punctuation and typographic quotes made separators; then, per
 * word, "dj" → "d". Letters of other scripts are kept as they are. Bytes
 * that are not UTF-8 are separators. Pure functions, no allocation.
 */
#ifndef SPONA_FOLD_H
#define SPONA_FOLD_H

#include <stddef.h>

#include "spona/err.h"

/* Longest folded word; a longer one is cut into pieces of this size. */
#define SYNC_FOLD_WORD_MAX 128

/*
 * Called for each folded word: word (NUL-terminated, len bytes) and the
 * byte range [start, end) of text it came from. A non-zero return stops
 * the walk and is returned.
 */
typedef int (*sync_fold_cb)(const char *word, size_t len, size_t start,
                            size_t end, void *payload);

/* Folds text (len bytes) word by word; returns what cb stopped with, or 0. */
int sync_fold_words(const char *text, size_t len, sync_fold_cb cb,
                    void *payload);

/*
 * Folds text into out (size bytes): the words joined by single spaces.
 * SYNC_TOOBIG when out is too small (out then holds what fitted).
 */
enum sync_rc sync_fold(char *out, size_t size, const char *text,
                       struct sync_err *err) SYNC_MUST_CHECK;

/*
 * Replaces, in place, each byte of s that is not part of a UTF-8
 * character with '?', so that text cut at a byte count (a message that
 * quotes input with "%.60s") stays UTF-8 for JSON and the pages.
 */
void sync_utf8_scrub(char *s);

#endif
