/* SPDX-License-Identifier: MIT */
/* fold: the examples of DOMAIN.md "Search" and the edges of the walk. */
#include "spona/fold.h"

#include "check.h"

static const char *folded(const char *text)
{
    static char out[512];
    CHECK_RC(SYNC_OK, sync_fold(out, sizeof(out), text, NULL));
    return out;
}

static void test_domain_examples(void)
{
    CHECK_STR("dorde", folded("djordje"));
    CHECK_STR("dorde", folded("đorđe"));
    CHECK_STR("dorde", folded("ђорђе"));
    CHECK_STR("dorde", folded("Ђорђе"));
    CHECK_STR("dorde", folded("DJORDJE"));
    CHECK_STR("e maticar", folded("e-Matičar"));
    CHECK_STR("brcko", folded("Брчко"));
    CHECK_STR("brcko", folded("Brčko"));
    /* č as c + combining caron */
    CHECK_STR("brcko", folded("Brc\xcc\x8cko"));
}

static void test_letters(void)
{
    CHECK_STR("cc ss zz dd", folded("čć Šš Žž Đđ"));
    CHECK_STR("aou o l ss", folded("äöü ø ł ß"));
    CHECK_STR("e ae oe ij", folded("é æ Œ ĳ"));
    /* ligatures, Cyrillic digraph letters */
    CHECK_STR("dzep ljubav njiva", folded("ǆep ǈubav ǌiva"));
    CHECK_STR("dzep ljubav njiva", folded("џеп љубав њива"));
    CHECK_STR("dzep", folded("džep"));
    CHECK_STR("ceca cuprija", folded("Ћећа ћуприја"));
    CHECK_STR("jovan", folded("Јован"));
    CHECK_STR("sarajevo", folded("САРАЈЕВО"));
    /* Russian letters outside Serbian Cyrillic */
    CHECK_STR("jana", folded("Яна"));
    CHECK_STR("zurich munchen", folded("Zürich München"));
}

static void test_separators(void)
{
    CHECK_STR("opcina kljuc", folded("„Općina Ključ“"));
    CHECK_STR("a b c d", folded("a,b;c\u2014d"));
    CHECK_STR("x1 2024", folded("  x1\t\n2024.  "));
    CHECK_STR("", folded("?!… «»"));
    CHECK_STR("", folded(""));
    /* bytes that are not UTF-8 separate words and are not copied */
    CHECK_STR("ab cd", folded("ab\xff"
                              "cd"));
    CHECK_STR("ab cd", folded("ab\xc3"
                              "cd"));
    CHECK_STR("a b", folded("a\xed\xa0\x80"
                            "b")); /* a surrogate */
    CHECK_STR("a b", folded("a\xc0\xaf"
                            "b")); /* overlong '/' */
    /* other scripts are kept */
    CHECK_STR("αθήνα", folded("αθήνα"));
}

struct spans {
    size_t start[8];
    size_t end[8];
    char word[8][32];
    int n;
};

static int span_add(const char *word, size_t len, size_t start, size_t end,
                    void *payload)
{
    struct spans *s = payload;
    if (s->n == 8)
        return 1;
    snprintf(s->word[s->n], sizeof(s->word[0]), "%.*s", (int)len, word);
    s->start[s->n] = start;
    s->end[s->n] = end;
    s->n++;
    return 0;
}

/* Offsets point into the original text, so snippets show it as written. */
static void test_offsets(void)
{
    const char *t = "Ђорђе, e-Matičar";
    struct spans s = {.n = 0};
    CHECK_RC(0, sync_fold_words(t, strlen(t), span_add, &s));
    CHECK(s.n == 3);
    CHECK_STR("dorde", s.word[0]);
    CHECK(s.start[0] == 0 && s.end[0] == strlen("Ђорђе"));
    CHECK_STR("maticar", s.word[2]);
    CHECK(strncmp(t + s.start[2], "Matičar", s.end[2] - s.start[2]) == 0);
    CHECK(s.end[2] == strlen(t));
    /* a trailing combining mark belongs to its word */
    const char *m = "c\xcc\x8c x";
    s.n = 0;
    CHECK_RC(0, sync_fold_words(m, strlen(m), span_add, &s));
    CHECK(s.n == 2 && s.end[0] == 3);
    /* the callback stops the walk */
    struct spans few = {.n = 7};
    CHECK_RC(1, sync_fold_words("a b c", 5, span_add, &few));
}

static void test_limits(void)
{
    char big[3 * SYNC_FOLD_WORD_MAX];
    memset(big, 'a', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    struct spans s = {.n = 0};
    CHECK_RC(0, sync_fold_words(big, strlen(big), span_add, &s));
    CHECK(s.n == 3); /* cut into words of at most SYNC_FOLD_WORD_MAX */
    char small[6];
    struct sync_err err;
    CHECK_RC(SYNC_TOOBIG, sync_fold(small, sizeof(small), "abc def", &err));
    CHECK_STR("abc", small);
    CHECK_RC(SYNC_OK, sync_fold(small, sizeof(small), "Ab Cd", NULL));
    CHECK_STR("ab cd", small);
}

/*
 * Folding is idempotent: FTS5 folds query text that was folded already,
 * and a title is found by its own folded form. Random strings over the
 * letters that fold in more than one step ("dj", ǆ, đ, џ, marks, Cyrillic
 * digraphs) and separators.
 */
static void test_idempotent(void)
{
    static const char *const parts[] = {
        "d", "j", "D", "J", "đ", "Đ",    "ђ", "Ђ", "ǆ", "ǅ",        "ǉ",
        "ǌ", "џ", "љ", "њ", "ј", "Ј",    "x", " ", "-", "\xcc\x8c", "č",
        "ß", "ĳ", "Я", "ä", "α", "\xff", "é", "1", "ж", "ь"};
    const size_t n_parts = sizeof(parts) / sizeof(parts[0]);
    unsigned seed = 16;
    char text[256], once[1024], twice[1024];
    for (int round = 0; round < 20000; round++) {
        size_t len = 0;
        text[0] = '\0';
        for (int k = (int)(seed % 12) + 1; k > 0; k--) {
            seed = seed * 1103515245u + 12345u;
            const char *p = parts[(seed >> 16) % n_parts];
            memcpy(text + len, p, strlen(p) + 1);
            len += strlen(p);
        }
        CHECK_RC(SYNC_OK, sync_fold(once, sizeof(once), text, NULL));
        CHECK_RC(SYNC_OK, sync_fold(twice, sizeof(twice), once, NULL));
        if (strcmp(once, twice) != 0) {
            CHECK_STR(once, twice);
            break;
        }
    }
    /* the case of the issue, and words made of folds */
    CHECK_STR("ddx projekat", folded("Ddjjx projekat"));
    CHECK_STR("ddx", folded("ddjx"));
    CHECK_STR("dd", folded("đђ"));
    CHECK_STR("dzd", folded("џdj"));
    CHECK_STR("d", folded("djj"));
}

int main(void)
{
    RUN(test_domain_examples);
    RUN(test_letters);
    RUN(test_separators);
    RUN(test_offsets);
    RUN(test_limits);
    RUN(test_idempotent);
    return CHECK_DONE();
}
