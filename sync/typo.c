/* SPDX-License-Identifier: MIT */
/*
 * typo: see typo.h. Three rows of the edit matrix on the stack; a row
 * whose least cell is over max ends the walk early.
 */
#include "typo.h"

#include "spona/banned.h"

static size_t min3(size_t a, size_t b, size_t c)
{
    size_t m = a < b ? a : b;
    return m < c ? m : c;
}

size_t sync_typo_distance(const char *a, size_t a_len, const char *b,
                          size_t b_len, size_t max)
{
    size_t rows[3][SYNC_FOLD_WORD_MAX + 1];
    size_t diff = a_len > b_len ? a_len - b_len : b_len - a_len;
    if (a_len > SYNC_FOLD_WORD_MAX || b_len > SYNC_FOLD_WORD_MAX || diff > max)
        return max + 1;
    size_t *two = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= b_len; j++)
        prev[j] = j;
    for (size_t i = 1; i <= a_len; i++) {
        size_t least = cur[0] = i;
        for (size_t j = 1; j <= b_len; j++) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t d = min3(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
                a[i - 2] == b[j - 1] && two[j - 2] + 1 < d)
                d = two[j - 2] + 1;
            cur[j] = d;
            least = d < least ? d : least;
        }
        if (least > max)
            return max + 1;
        size_t *t = two;
        two = prev;
        prev = cur;
        cur = t;
    }
    return prev[b_len] > max ? max + 1 : prev[b_len];
}

size_t sync_typo_max(size_t len)
{
    return len < 3 ? 0 : len <= 5 ? 1 : 2;
}
