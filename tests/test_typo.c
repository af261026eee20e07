/* SPDX-License-Identifier: MIT */
/* typo: edit distances of the typos officials make, and the bounds. */
#include <string.h>

#include "typo.h"

#include "check.h"

static size_t dist(const char *a, const char *b, size_t max)
{
    return sync_typo_distance(a, strlen(a), b, strlen(b), max);
}

static void test_distances(void)
{
    CHECK(dist("navodnjavanje", "navodnjavanje", 2) == 0);
    CHECK(dist("navodnjvaanje", "navodnjavanje", 2) == 1); /* a swap */
    CHECK(dist("priejdor", "prijedor", 2) == 1);
    CHECK(dist("matcar", "maticar", 2) == 1); /* a deletion */
    CHECK(dist("kanclarija", "kancelarija", 2) == 1);
    CHECK(dist("kancelarja", "kancelarija", 2) == 1);
    CHECK(dist("brcko", "brcka", 1) == 1); /* a change */
    CHECK(dist("zivinice", "zivnice", 2) == 1);
    CHECK(dist("tuzla", "tulza", 1) == 1);
    CHECK(dist("bihac", "bihca", 1) == 1);
    CHECK(dist("ab", "ba", 1) == 1);
    CHECK(dist("", "abc", 3) == 3);
    CHECK(dist("abc", "", 3) == 3);
    /* over max: max + 1, however far */
    CHECK(dist("kanclrija", "kancelarija", 1) == 2);
    CHECK(dist("sarajevo", "mostar", 2) == 3);
    CHECK(dist("a", "abcdef", 2) == 3);
    char big[SYNC_FOLD_WORD_MAX + 2];
    memset(big, 'a', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    CHECK(sync_typo_distance(big, strlen(big), big, strlen(big), 2) == 3);
    CHECK(sync_typo_distance(big, SYNC_FOLD_WORD_MAX, big, SYNC_FOLD_WORD_MAX,
                             2) == 0);
}

static void test_max(void)
{
    CHECK(sync_typo_max(2) == 0);
    CHECK(sync_typo_max(3) == 1);
    CHECK(sync_typo_max(5) == 1);
    CHECK(sync_typo_max(6) == 2);
    CHECK(sync_typo_max(20) == 2);
}

int main(void)
{
    RUN(test_distances);
    RUN(test_max);
    return CHECK_DONE();
}
