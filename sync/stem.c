/* SPDX-License-Identifier: MIT */
/*
 * stem: see stem.h. Snowball's stemmer takes the word as fold left it
 * (no diacritics: it still finds the case and number endings and turns
 * "rijek", "ljek" into "rek", "lek"); the rules below then make the stems
 * of one word's forms equal where Snowball leaves them apart. Both sides
 * of a search go through here, so a rule only has to be consistent, not
 * linguistically exact: two different words meeting is the cost of a
 * rule, and stem matches rank below exact ones.
 */
#include "stem.h"

#include <assert.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libstemmer.h>

#include "spona/mem.h"

#include "spona/banned.h"

/* Words up to this long are remembered with their key: text repeats its
 * words, and the cache halves the cost of indexing. */
#define CACHE_WORD 23
#define CACHE_SLOTS 1024

struct cache_slot {
    char word[CACHE_WORD + 1]; /* folded word, NUL-terminated; "" unused */
    char key[CACHE_WORD + 1];  /* its key */
    unsigned char key_len;     /* strlen(key); 0: the word has no key */
};

struct sync_stem {
    struct sb_stemmer *sb;    /* Snowball "serbian", UTF-8 */
    struct cache_slot *cache; /* CACHE_SLOTS, direct-mapped by hash */
};

struct sync_stem *sync_stem_new(void)
{
    struct sync_stem *s = sync_xcalloc(1, sizeof(*s));
    s->sb = sb_stemmer_new("serbian", "UTF_8");
    if (!s->sb)
        sync_oom(sizeof(*s));
    return s;
}

void sync_stem_free(struct sync_stem *s)
{
    if (!s)
        return;
    sb_stemmer_delete(s->sb);
    free(s->cache);
    free(s);
}

static bool is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

static bool is_cons(char c)
{
    return c >= 'b' && c <= 'z' && !is_vowel(c);
}

/* Length of the final consonant of w that a fleeting a may stand before:
 * c, k, m, n, r, "nj" or "lj"; 0 for any other end. */
static size_t fleeting_tail(const char *w, size_t len)
{
    if (len >= 2 && w[len - 1] == 'j' &&
        (w[len - 2] == 'n' || w[len - 2] == 'l'))
        return 2;
    char c = w[len - 1];
    return c == 'c' || c == 'k' || c == 'm' || c == 'n' || c == 'r' ? 1 : 0;
}

/* The voiceless partner of a voiced consonant, or 0: before c and k a
 * b, d, z or g is written as p, t, s or k (Srbac, Srpca). */
static char devoiced(char c)
{
    return c == 'b'   ? 'p'
           : c == 'd' ? 't'
           : c == 'z' ? 's'
           : c == 'g' ? 'k'
                      : 0;
}

/*
 * Rule 1, the fleeting a: consonant + "a" + c/k/m/n/r/nj/lj at the end
 * loses the a (gradacac -> gradacc, like gradacc-u; sastanak -> sastank;
 * sajam -> sajm; kakanj -> kaknj; tjedan -> tjedn, like tjedn-a; centar
 * -> centr), and the consonant before c or k loses its voice as it does
 * in the other forms (srbac -> srbc -> srpc, like srpc-u; redak ->
 * retk). Only stems of four letters or more, so that "mak" or "rak"
 * stay.
 */
static size_t rule_fleeting(char *w, size_t len)
{
    size_t t = len >= 4 ? fleeting_tail(w, len) : 0;
    if (!t || len < t + 3 || w[len - t - 1] != 'a' || !is_cons(w[len - t - 2]))
        return len;
    memmove(w + len - t - 1, w + len - t, t);
    len--;
    char v = devoiced(w[len - 2]);
    if (t == 1 && (w[len - 1] == 'c' || w[len - 1] == 'k') && v)
        w[len - 2] = v;
    return len;
}

/*
 * Rule 4, l to o: a vowel + "l" + k (a c made k by rule 3) at the end,
 * left by a fleeting a, is written with o in the other forms (citalac,
 * citaoca; posjetilac, posjetioca; Stolac, Stoca, where "oo" is one o):
 * the l becomes o, or goes after an o. Stems of five letters or more.
 */
static size_t rule_l_to_o(char *w, size_t len)
{
    if (len < 5 || w[len - 1] != 'k' || w[len - 2] != 'l' ||
        !is_vowel(w[len - 3]))
        return len;
    if (w[len - 3] != 'o') {
        w[len - 2] = 'o';
        return len;
    }
    w[len - 2] = 'k';
    return len - 1;
}

/*
 * Rule 2: a final "nj" or "lj" after a consonant becomes n or l (kaknj ->
 * kakn; letnj- of "letnji" meets letn- of "ljetni").
 */
static size_t rule_soft(char *w, size_t len)
{
    if (len >= 3 && w[len - 1] == 'j' &&
        (w[len - 2] == 'n' || w[len - 2] == 'l') && is_cons(w[len - 3]))
        return len - 1;
    return len;
}

/*
 * Rule 3, the consonant changes before -i and -e (sibilarisation and
 * palatalisation; č and c are one letter after folding): a final c
 * becomes k (ruc-i -> ruk like ruk-a, lukavc-u -> lukavk), a final z
 * becomes g (noz-i -> nog).
 */
static size_t rule_velar(char *w, size_t len)
{
    if (len >= 3 && w[len - 1] == 'c')
        w[len - 1] = 'k';
    else if (len >= 3 && w[len - 1] == 'z')
        w[len - 1] = 'g';
    return len;
}

/*
 * Rule 0, what Snowball leaves: the plural "-ov"/"-ev" after a consonant
 * (sajmov-i -> sajm, like sajm-a); then a final t after a vowel, which
 * Snowball takes for a verb's ending in some forms and not in others
 * (kredit -> kredi, kreditu -> kredit); a final j after a vowel, which
 * it cuts in "maglaj" but not in "maglaju", nor in the adjective's
 * "banjoj"; and a final vowel of a stem it found too short to stem
 * (noga); stems of five and four letters or more.
 */
static size_t rule_rest(char *w, size_t len)
{
    if (len >= 5 && w[len - 1] == 'v' &&
        (w[len - 2] == 'o' || w[len - 2] == 'e') && is_cons(w[len - 3]))
        len -= 2;
    if (len >= 5 && w[len - 1] == 't' && is_vowel(w[len - 2]))
        len--;
    if (len >= 5 && w[len - 1] == 'j' && is_vowel(w[len - 2]))
        len--;
    if (len >= 4 && is_vowel(w[len - 1]))
        len--;
    return len;
}

/*
 * Rule 0b, two endings Snowball keeps: the "-ava" of a genitive plural
 * of a neuter in -stvo is a fleeting a before v (sredstav-a, like
 * sredstv-o; drustav-a, drustv-o); and the "-en-" of a neuter in -me
 * (vremen-a, like vrem-e; imen-a, im-e). Stems of six and four letters
 * or more.
 */
static size_t rule_neuter(char *w, size_t len)
{
    if (len >= 6 && memcmp(w + len - 4, "stav", 4) == 0) {
        w[len - 2] = 'v';
        return len - 1;
    }
    if (len >= 4 && memcmp(w + len - 3, "men", 3) == 0)
        return len - 2;
    return len;
}

size_t sync_stem_rules(char *w, size_t len)
{
    len = rule_rest(w, len);
    len = rule_neuter(w, len);
    len = rule_fleeting(w, len);
    len = rule_soft(w, len);
    len = rule_velar(w, len);
    len = rule_l_to_o(w, len);
    w[len] = '\0';
    return len;
}

static size_t stem_uncached(struct sync_stem *s, char *out, const char *word,
                            size_t len);

size_t sync_stem_key(struct sync_stem *s, char *out, const char *word,
                     size_t len)
{
    assert(s);
    if (!len || len > CACHE_WORD)
        return stem_uncached(s, out, word, len);
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)word[i]) * 16777619u;
    if (!s->cache)
        s->cache = sync_xcalloc(CACHE_SLOTS, sizeof(*s->cache));
    struct cache_slot *c = &s->cache[h % CACHE_SLOTS];
    if (strncmp(c->word, word, len) != 0 || c->word[len] != '\0') {
        size_t n = stem_uncached(s, out, word, len);
        if (n > CACHE_WORD)
            return n;
        memcpy(c->word, word, len);
        c->word[len] = '\0';
        memcpy(c->key, out, n + 1);
        c->key_len = (unsigned char)n;
        return n;
    }
    memcpy(out, c->key, (size_t)c->key_len + 1);
    return c->key_len;
}

static size_t stem_uncached(struct sync_stem *s, char *out, const char *word,
                            size_t len)
{
    char pre[SYNC_STEM_MAX + 1];
    out[0] = '\0';
    if (!len || len > SYNC_STEM_MAX)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (word[i] < 'a' || word[i] > 'z')
            return 0;
    /* the fleeting a goes first, too: Snowball reads "sajam" as "saj"
     * + an ending, but "sajm" as the stem of "sajmu" */
    memcpy(pre, word, len);
    size_t n = rule_fleeting(pre, len);
    const sb_symbol *st =
        sb_stemmer_stem(s->sb, (const sb_symbol *)pre, (int)n);
    int st_len = st ? sb_stemmer_length(s->sb) : 0;
    if (st_len <= 0 || (size_t)st_len > SYNC_STEM_MAX) {
        memcpy(out, pre, n);
        st_len = (int)n;
    } else {
        memcpy(out, st, (size_t)st_len);
    }
    return sync_stem_rules(out, (size_t)st_len);
}
