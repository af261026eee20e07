/* SPDX-License-Identifier: MIT */
/*
 * paradigm: see paradigm.h. From the query word's ending, the stems it
 * may have (stoka: stok; vozovi: voz; Gradačcu: gradacc, whose
 * nominative is gradacac), each with the declensions that ending allows
 * (an -ovi is a masculine plural, an -oga an adjective, an -a any of
 * them); then each stem's endings, with the consonant changes grammar
 * makes: k, g, h to c, z, s before the -i of a dative or a plural
 * (ruka: ruci; vojnik: vojnici), the fleeting a (sastanak: sastanka), a
 * voiced consonant made voiceless before it (Srbac: Srpca), an l before
 * it read as o (Stolac: Stoca), and the ijekavian and ekavian forms of
 * the first e (rijeka, reka, rjeka), and nj, lj after a consonant also
 * as n, l (letnji, ljetni). A consonant-final word of one
 * syllable makes its plural with -ov-/-ev- (voz: vozovi, never "vozi").
 */
#include "paradigm.h"

#include <string.h>

#include "spona/banned.h"

enum {
    NOUN_A = 1, /* feminine (and masculine) nouns in -a: stoka, sudija */
    MASC = 2,   /* masculine nouns in a consonant: grad, sastanak */
    NEUT = 4,   /* neuter nouns in -o, -e: selo, gradiliste */
    ADJ = 8,    /* adjectives: novi, zdravstvena */
    ALL = NOUN_A | MASC | NEUT | ADJ,
};

/* Endings a query word may have, longest first, with the declensions
 * each belongs to. */
static const struct {
    const char *end;
    int kinds;
} strip[] = {
    {"ovima", MASC},
    {"evima", MASC},
    {"ama", NOUN_A},
    {"ima", MASC | NEUT | ADJ},
    {"ovi", MASC},
    {"evi", MASC},
    {"ova", MASC},
    {"eva", MASC},
    {"ove", MASC},
    {"eve", MASC},
    {"oga", ADJ},
    {"ome", ADJ},
    {"omu", ADJ},
    {"ega", ADJ},
    {"emu", ADJ},
    {"og", ADJ},
    {"oj", ADJ},
    {"ih", ADJ},
    {"im", ADJ},
    {"om", ALL},
    {"em", MASC | NEUT | ADJ},
    {"a", ALL},
    {"e", ALL},
    {"i", ALL},
    {"o", NOUN_A | NEUT | ADJ},
    {"u", ALL},
};

static const char *const noun_a[] = {"a", "e", "u", "o", "om", "ama"};
static const char *const masc_sg[] = {"", "a", "u", "om", "em", "e"};
static const char *const plural_ov[] = {"ovi", "ova", "ove", "ovima",
                                        "evi", "eva", "eve", "evima"};
static const char *const neut[] = {"o", "e", "a", "u", "om", "em", "ima"};
static const char *const adj[] = {"i",   "a",   "o",   "e",  "og", "oga",
                                  "om",  "ome", "omu", "oj", "u",  "im",
                                  "ima", "ih",  "ega", "em", "emu"};

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define STEM_MAX (SYNC_FORM_MAX + 4)

static bool is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

static bool is_cons(char c)
{
    return c >= 'b' && c <= 'z' && !is_vowel(c);
}

static bool ends(const char *w, size_t len, const char *end)
{
    size_t n = strlen(end);
    return len >= n && memcmp(w + len - n, end, n) == 0;
}

/* Whether stem has one vowel group or none (voz, trg, sajm). */
static bool one_syllable(const char *stem)
{
    int groups = 0;
    for (size_t i = 0; stem[i]; i++)
        groups += is_vowel(stem[i]) && (i == 0 || !is_vowel(stem[i - 1]));
    return groups <= 1;
}

/* Length of a final consonant a fleeting a stands before: c, k, m, n,
 * r, "nj", "lj"; 0 for another end. */
static size_t fleeting_tail(const char *w, size_t len)
{
    if (len >= 2 && w[len - 1] == 'j' &&
        (w[len - 2] == 'n' || w[len - 2] == 'l'))
        return 2;
    char c = len ? w[len - 1] : 0;
    return c == 'c' || c == 'k' || c == 'm' || c == 'n' || c == 'r' ? 1 : 0;
}

static void add(struct sync_forms *f, const char *stem, const char *end)
{
    size_t a = strlen(stem), b = strlen(end);
    if (a + b > SYNC_FORM_MAX + 6 || f->n == SYNC_FORMS_MAX || a < 2)
        return;
    char w[SYNC_FORM_MAX + 8];
    memcpy(w, stem, a);
    memcpy(w + a, end, b + 1);
    if (sync_paradigm_has(f, w))
        return;
    memcpy(f->form[f->n], w, a + b + 1);
    f->prefix[f->n++] = (unsigned char)a;
}

static void add_all(struct sync_forms *f, const char *stem,
                    const char *const *ends_, size_t n)
{
    for (size_t i = 0; i < n; i++)
        add(f, stem, ends_[i]);
}

/* stem with k, g, h at the end made c, z, s (before an -i). */
static void sibilant(char *out, const char *stem)
{
    size_t n = strlen(stem);
    memcpy(out, stem, n + 1);
    char *c = &out[n - 1];
    *c = *c == 'k' ? 'c' : *c == 'g' ? 'z' : *c == 'h' ? 's' : *c;
}

/* The masculine forms of a stem that has no fleeting a (or has lost
 * it: sastank): singular, and plural with -ov- for one syllable. */
static void masc_forms(struct sync_forms *f, const char *stem)
{
    char s[STEM_MAX];
    add_all(f, stem, masc_sg, N(masc_sg));
    if (one_syllable(stem)) {
        add_all(f, stem, plural_ov, N(plural_ov));
        return;
    }
    sibilant(s, stem);
    add(f, s, "i");
    add(f, s, "ima");
    add(f, stem, "a");
    add(f, stem, "e");
}

/* The other forms of a masculine nominative in consonant + a + c, k,
 * m, n, r, nj, lj (sastanak, Gradačac, Stolac, Srbac): its stem without
 * the a, with a b, d, z, g before c or k made voiceless and an l before
 * c read as o; the genitive plural keeps the a (sastanaka). */
static void fleeting(struct sync_forms *f, const char *word, size_t len)
{
    size_t t = fleeting_tail(word, len);
    if (len < 4 || !t || len < t + 3 || word[len - t - 1] != 'a' ||
        !is_cons(word[len - t - 2]))
        return;
    char s[STEM_MAX];
    size_t n = len - 1;
    memcpy(s, word, len - t - 1);
    memcpy(s + len - t - 1, word + len - t, t);
    s[n] = '\0';
    if (t == 1 && (s[n - 1] == 'c' || s[n - 1] == 'k')) {
        char *v = &s[n - 2];
        *v = *v == 'b'   ? 'p'
             : *v == 'd' ? 't'
             : *v == 'z' ? 's'
             : *v == 'g' ? 'k'
                         : *v;
        if (n >= 4 && *v == 'l' && is_vowel(s[n - 3])) {
            if (s[n - 3] == 'o') { /* Stolac: Stoca */
                s[n - 2] = s[n - 1];
                s[--n] = '\0';
            } else { /* citalac: citaoca */
                *v = 'o';
            }
        }
    }
    masc_forms(f, s);
    add(f, word, "a");
}

/* For a stem ending in consonant + c, k, m, n, r, nj, lj (gradacc,
 * sajm, sastank), its nominative with the fleeting a back. */
static void unfleeting(struct sync_forms *f, const char *stem)
{
    size_t len = strlen(stem), t = fleeting_tail(stem, len);
    if (!t || len < t + 2 || len + 1 >= STEM_MAX || !is_cons(stem[len - t - 1]))
        return;
    char s[STEM_MAX];
    memcpy(s, stem, len - t);
    s[len - t] = 'a';
    memcpy(s + len - t + 1, stem + len - t, t + 1);
    add(f, s, "");
    add(f, s, "a");
}

/* The forms of stem in the declensions kinds. */
static void forms_of(struct sync_forms *f, const char *stem, int kinds)
{
    char s[STEM_MAX];
    if (kinds & NOUN_A) {
        add_all(f, stem, noun_a, N(noun_a));
        sibilant(s, stem);
        add(f, s, "i");
    }
    if (kinds & MASC) {
        masc_forms(f, stem);
        unfleeting(f, stem);
    }
    if (kinds & NEUT)
        add_all(f, stem, neut, N(neut));
    if (kinds & ADJ)
        add_all(f, stem, adj, N(adj));
}

/* The stem and its ijekavian or ekavian twins: the first e after a
 * consonant written as ije and je, or the first ije or je as e. */
static void with_jat(struct sync_forms *f, const char *stem, int kinds)
{
    size_t len = strlen(stem);
    forms_of(f, stem, kinds);
    for (size_t i = 1; i < len; i++) {
        if (stem[i] != 'e' || !is_cons(stem[i - 1]))
            continue;
        size_t from = i, cut = 1; /* the e, or the ije/je it ends */
        if (i >= 2 && stem[i - 1] == 'j' && stem[i - 2] == 'i')
            from = i - 2, cut = 3;
        else if (stem[i - 1] == 'j')
            from = i - 1, cut = 2;
        if (from == 0 || !is_cons(stem[from - 1]))
            return;
        static const char *const as[] = {"e", "je", "ije"};
        for (size_t k = 0; k < N(as); k++) {
            char s[STEM_MAX];
            size_t a = strlen(as[k]);
            if (a == cut || len - cut + a >= STEM_MAX)
                continue;
            memcpy(s, stem, from);
            memcpy(s + from, as[k], a);
            memcpy(s + from + a, stem + from + cut, len - from - cut + 1);
            forms_of(f, s, kinds);
        }
        return;
    }
}

void sync_paradigm(const char *word, size_t len, struct sync_forms *out)
{
    out->n = 0;
    if (len < 3 || len > SYNC_FORM_MAX)
        return;
    for (size_t i = 0; i < len; i++)
        if (word[i] < 'a' || word[i] > 'z')
            return;
    char w[SYNC_FORM_MAX + 1];
    memcpy(w, word, len);
    w[len] = '\0';
    add(out, w, "");
    if (is_cons(w[len - 1])) {
        with_jat(out, w, MASC);
        fleeting(out, w, len);
        return;
    }
    for (size_t i = 0; i < N(strip); i++) {
        size_t n = strlen(strip[i].end);
        if (!ends(w, len, strip[i].end) || len - n < 2 ||
            !is_cons(w[len - n - 1]))
            continue;
        char s[STEM_MAX];
        memcpy(s, w, len - n);
        s[len - n] = '\0';
        with_jat(out, s, strip[i].kinds);
        /* letnj-i: ljetn-i, the j of nj, lj after a consonant dropped */
        size_t k = len - n;
        if (k >= 3 && s[k - 1] == 'j' && (s[k - 2] == 'n' || s[k - 2] == 'l') &&
            is_cons(s[k - 3])) {
            s[k - 1] = '\0';
            with_jat(out, s, strip[i].kinds);
            s[k - 1] = 'j';
        }
        /* ruci: ruk-a; vojnici: vojnik; nozi: nog-a */
        char *c = &s[len - n - 1];
        if (strip[i].end[0] == 'i' && (*c == 'c' || *c == 'z' || *c == 's')) {
            *c = *c == 'c' ? 'k' : *c == 'z' ? 'g' : 'h';
            with_jat(out, s, strip[i].kinds & (NOUN_A | MASC));
        }
    }
}

size_t sync_paradigm_ranges(const struct sync_forms *f,
                            char (*out)[SYNC_FORM_MAX + 8], size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < f->n; i++) {
        size_t len = f->prefix[i];
        bool inside = false;
        for (size_t j = 0; j < n && !inside; j++)
            inside = strncmp(out[j], f->form[i], strlen(out[j])) == 0;
        if (inside)
            continue;
        for (size_t j = 0; j < n;) /* ranges inside this one go */
            if (strlen(out[j]) > len && strncmp(out[j], f->form[i], len) == 0)
                memcpy(out[j], out[--n], sizeof(out[0]));
            else
                j++;
        if (n == max)
            break;
        memcpy(out[n], f->form[i], len);
        out[n++][len] = '\0';
    }
    return n;
}

bool sync_paradigm_has(const struct sync_forms *f, const char *w)
{
    for (size_t i = 0; i < f->n; i++)
        if (strcmp(f->form[i], w) == 0)
            return true;
    return false;
}
