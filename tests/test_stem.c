/* SPDX-License-Identifier: MIT */
/*
 * stem: the forms of one word meet in one key, word by word, for every
 * rule of docs/ARCHITECTURE.md "Search"; and different words stay apart.
 * paradigm: the declension forms of a word, word by word, and what is
 * not a form although it shares the key.
 */
#include <stdio.h>
#include <string.h>

#include "paradigm.h"
#include "stem.h"

#include "check.h"

static struct sync_stem *stemmer;

/* The key of text (folded first, one word). */
static const char *key(const char *text)
{
    static char out[4][SYNC_STEM_MAX + 1];
    static int turn;
    char folded[SYNC_STEM_MAX + 1];
    char *o = out[turn++ % 4];
    CHECK_RC(SYNC_OK, sync_fold(folded, sizeof(folded), text, NULL));
    size_t n = sync_stem_key(stemmer, o, folded, strlen(folded));
    if (!n)
        snprintf(o, SYNC_STEM_MAX + 1, "%s", folded);
    return o;
}

/* Every word of forms (NULL-terminated) has the key of the first. */
static void same(const char *const *forms)
{
    const char *want = key(forms[0]);
    char first[SYNC_STEM_MAX + 1];
    snprintf(first, sizeof(first), "%s", want);
    for (size_t i = 1; forms[i]; i++) {
        const char *got = key(forms[i]);
        if (strcmp(first, got) != 0)
            fprintf(stderr, "  %s (%s) and %s (%s) differ\n", forms[0], first,
                    forms[i], got);
        CHECK_STR(first, got);
    }
}

#define SAME(...) same((const char *const[]){__VA_ARGS__, NULL})

static void test_case_and_number(void)
{
    SAME("škola", "školama", "školu", "škole", "školi");
    SAME("investicija", "investicijama", "investicije");
    SAME("kredit", "kreditima", "kredita", "kreditu", "krediti");
    SAME("rezultat", "rezultata", "rezultatima");
    SAME("grad", "gradu", "gradovi", "gradova");
    SAME("domaćinstvo", "domaćinstvima", "domaćinstava");
    SAME("voda", "vodu", "vode", "vodom");
    SAME("Una", "Uni", "Unu");
    SAME("Sana", "Sanu", "Sane");
    SAME("Maglaj", "Maglaju", "Maglaja");
    SAME("Banja", "Banjoj", "Banju");
    SAME("općina", "općini", "općinom", "općine");
    SAME("opština", "opštini", "opštinama");
    SAME("kancelarija", "kancelariji", "kancelariju");
    SAME("investitor", "investitori", "investitorima");
    SAME("dijaspora", "dijaspori", "dijasporom");
    SAME("наводњавање", "navodnjavanje", "navodnjavanja");
}

static void test_fleeting_a(void)
{
    SAME("Gradačac", "Gradačcu", "Gradačca");
    SAME("sajam", "sajmu", "sajma", "sajmovi");
    SAME("Lukavac", "Lukavcu", "Lukavca");
    SAME("Kakanj", "Kaknju", "Kaknja");
    SAME("Tešanj", "Tešnju", "Tešnja");
    SAME("sastanak", "sastanka", "sastanku", "sastanci");
    SAME("početak", "početka", "početku");
    SAME("Тешањ", "Tešnju");
    /* before n and r too (tjedan, tjedna; centar, centru) */
    SAME("tjedan", "tjedna", "tjednu", "tjedni");
    SAME("Kladanj", "Kladnju", "Kladnja");
    SAME("centar", "centra", "centru", "centrima");
    SAME("jedan", "jedna", "jednu");
    SAME("Mostar", "Mostaru", "Mostara");
    /* the consonant before c or k loses its voice: Srbac, Srpcu */
    SAME("Srbac", "Srpcu", "Srpca");
    SAME("redak", "retka", "retku");
    SAME("težak", "teška", "teško");
    /* l becomes o: čitalac, čitaoca; Stolac, Stoca */
    SAME("čitalac", "čitaoca", "čitaocu");
    SAME("posjetilac", "posjetioca", "posjetiocu");
    SAME("Stolac", "Stoca", "Stocu");
}

/* Endings Snowball keeps: -ava of the genitive plural of -stvo, -en- of
 * the neuters in -me. */
static void test_neuters(void)
{
    SAME("sredstvo", "sredstava", "sredstva", "sredstvima");
    SAME("društvo", "društava", "društva");
    SAME("vrijeme", "vremena", "vremenom", "vreme");
    SAME("ime", "imena", "imenom");
    SAME("sjeme", "sjemena");
}

static void test_consonant_changes(void)
{
    SAME("ruka", "ruci", "ruku");
    SAME("noga", "nozi");
    SAME("Banja Luka" + 6, "Luci");
    SAME("Lukavac", "Lukavče");
}

static void test_jat(void)
{
    SAME("rijeka", "reka", "rijeci", "река", "ријека");
    SAME("mlijeko", "mleko", "mlijeka");
    SAME("ljekari", "lekari", "ljekar", "lekar");
    SAME("cijena", "цена", "cijene", "cene");
    SAME("letnji", "љетни", "ljetnji");
    SAME("uslijed", "usled");
    SAME("Prijedor", "Приједор", "Prijedoru");
}

/* Different words keep different keys. */
static void test_apart(void)
{
    CHECK(strcmp(key("Una"), key("Unapređenje")) != 0);
    CHECK(strcmp(key("Sana"), key("Sanacija")) != 0);
    CHECK(strcmp(key("Ključ"), key("Ključni")) != 0);
    CHECK(strcmp(key("voda"), key("vodič")) != 0);
    CHECK(strcmp(key("škola"), key("školstvo")) != 0);
    CHECK(strcmp(key("mak"), key("mk")) != 0); /* short stems stay */
    CHECK(strcmp(key("most"), key("Mostar")) != 0);
    CHECK(strcmp(key("dan"), key("dna")) != 0);
    CHECK(strcmp(key("tjedan"), key("tjedno")) == 0); /* an adverb: a cost */
}

static void test_rules_and_edges(void)
{
    char w[SYNC_STEM_MAX + 1];
    snprintf(w, sizeof(w), "gradacac");
    CHECK(sync_stem_rules(w, strlen(w)) == 7);
    CHECK_STR("gradack", w);
    snprintf(w, sizeof(w), "kakanj");
    CHECK(sync_stem_rules(w, strlen(w)) == 4);
    CHECK_STR("kakn", w);
    snprintf(w, sizeof(w), "rak");
    CHECK(sync_stem_rules(w, strlen(w)) == 3);
    CHECK_STR("rak", w);
    /* digits, other scripts and empty words have no stem of their own */
    CHECK(sync_stem_key(stemmer, w, "2024", 4) == 0);
    CHECK(sync_stem_key(stemmer, w, "", 0) == 0);
    CHECK(sync_stem_key(stemmer, w, "\xce\xb1\xce\xb8", 4) == 0);
    char big[SYNC_STEM_MAX + 2];
    memset(big, 'a', sizeof(big));
    CHECK(sync_stem_key(stemmer, w, big, sizeof(big)) == 0);
    CHECK(sync_stem_key(stemmer, w, big, SYNC_STEM_MAX) > 0);
}

/* Each of the forms (NULL-terminated) is a form of word, and each of
 * the others (NULL-terminated) is not. */
static void paradigm(const char *word, const char *const *forms,
                     const char *const *others)
{
    static struct sync_forms f;
    char folded[SYNC_FORM_MAX + 1];
    CHECK_RC(SYNC_OK, sync_fold(folded, sizeof(folded), word, NULL));
    sync_paradigm(folded, strlen(folded), &f);
    for (size_t i = 0; forms[i]; i++) {
        CHECK_RC(SYNC_OK, sync_fold(folded, sizeof(folded), forms[i], NULL));
        if (!sync_paradigm_has(&f, folded))
            fprintf(stderr, "  %s: %s is not a form\n", word, forms[i]);
        CHECK(sync_paradigm_has(&f, folded));
    }
    for (size_t i = 0; others[i]; i++) {
        CHECK_RC(SYNC_OK, sync_fold(folded, sizeof(folded), others[i], NULL));
        if (sync_paradigm_has(&f, folded))
            fprintf(stderr, "  %s: %s is a form\n", word, others[i]);
        CHECK(!sync_paradigm_has(&f, folded));
    }
}

#define FORMS(...) ((const char *const[]){__VA_ARGS__, NULL})

static void test_paradigms(void)
{
    /* nouns in -a, with k to c before the dative's -i */
    paradigm("stoka", FORMS("stoke", "stoci", "stoku", "stokom", "stokama"),
             FORMS("Stoca", "stoce"));
    paradigm("ruci", FORMS("ruka", "ruke", "rukama"), FORMS("rucka"));
    paradigm("opreme", FORMS("oprema", "opremu", "опрему", "opremom"),
             FORMS("opremila", "opremiti"));
    /* a masculine noun of one syllable makes its plural with -ov- */
    paradigm("voz", FORMS("voza", "vozu", "vozom", "vozovi", "vozovima"),
             FORMS("vozi", "vozni", "voziti"));
    paradigm("vozovi", FORMS("voz", "vozovima", "voza"), FORMS("vozi"));
    paradigm("grad", FORMS("gradovi", "gradu", "gradom"), FORMS("gradi"));
    /* the fleeting a, both ways, with its consonant changes */
    paradigm("Gradačac", FORMS("Gradačca", "Gradačcu", "gradacaca"),
             FORMS("gradacki"));
    paradigm("Gradačcu", FORMS("Gradačac", "Gradačca", "Gradačci"),
             FORMS("gradacak"));
    paradigm(
        "sastanak",
        FORMS("sastanka", "sastanku", "sastanci", "sastancima", "sastanaka"),
        FORMS("sastanki", "sastanakovi"));
    paradigm("sastanci", FORMS("sastanak", "sastanka"), FORMS("sastanki"));
    paradigm("sajam", FORMS("sajma", "sajmu", "sajmovi"), FORMS("sajmi"));
    paradigm("Tešanj", FORMS("Tešnja", "Tešnju"), FORMS("tesnji"));
    paradigm("Stolac", FORMS("Stoca", "Stocu"), FORMS("stolca", "stoka"));
    paradigm("Srbac", FORMS("Srpca", "Srpcu"), FORMS("srbca"));
    /* ijekavian and ekavian, in either direction, and Cyrillic */
    paradigm("reka", FORMS("rijeka", "rijeci", "rijeku", "reci"),
             FORMS("rekao"));
    paradigm("mlijeko", FORMS("mleko", "mleka", "mlijeka"), FORMS("mlek"));
    paradigm("летњи", FORMS("ljetni", "ljetnog", "letnja"), FORMS("leto"));
    /* adjectives and neuters */
    paradigm("novoga", FORMS("novi", "nova", "novom", "novih"), FORMS("novac"));
    paradigm("gradilište", FORMS("gradilišta", "gradilištima", "gradilištu"),
             FORMS("gradiliste1"));
    /* the ranges to read: stems, none inside another, each form in one */
    static struct sync_forms f;
    char ranges[16][SYNC_FORM_MAX + 8];
    sync_paradigm("vozovima", 8, &f);
    size_t n = sync_paradigm_ranges(&f, ranges, 16);
    CHECK(n >= 1);
    for (size_t i = 0; i < f.n; i++) {
        size_t in = 0;
        for (size_t k = 0; k < n; k++)
            in += strncmp(f.form[i], ranges[k], strlen(ranges[k])) == 0;
        CHECK(in == 1);
    }
    for (size_t k = 0; k < n; k++)
        CHECK(strcmp(ranges[k], "vozov") != 0); /* inside "voz" */
    CHECK(sync_paradigm_ranges(&f, ranges, 1) == 1);
    /* too short, too long or not a to z: no forms */
    sync_paradigm("na", 2, &f);
    CHECK(f.n == 0);
    sync_paradigm("a1b", 3, &f);
    CHECK(f.n == 0);
    char big[SYNC_FORM_MAX + 2];
    memset(big, 'k', sizeof(big));
    sync_paradigm(big, sizeof(big), &f);
    CHECK(f.n == 0);
    sync_paradigm(big, SYNC_FORM_MAX, &f);
    CHECK(f.n >= 1 && f.n <= SYNC_FORMS_MAX);
}

int main(void)
{
    stemmer = sync_stem_new();
    RUN(test_case_and_number);
    RUN(test_fleeting_a);
    RUN(test_neuters);
    RUN(test_consonant_changes);
    RUN(test_jat);
    RUN(test_apart);
    RUN(test_rules_and_edges);
    RUN(test_paradigms);
    sync_stem_free(stemmer);
    stemmer = NULL;
    sync_stem_free(NULL);
    return CHECK_DONE();
}
