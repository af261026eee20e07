/* SPDX-License-Identifier: MIT */
/*
 * search: folded matching across scripts and spellings, synonyms, prefix
 * words, ranking, snippets as written, and that deleted, dropped and
 * changed rows leave the index.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "spona/engine.h"
#include "store_search.h"
#include "util.h"

struct found {
    char table[8][16];
    char id[8][SYNC_UUID_TEXT];
    char title[8][128];
    char snippet[8][256];
    double score[8];
    int n;
};

static enum sync_rc collect(const struct sync_hit *h, void *payload)
{
    struct found *f = payload;
    if (f->n == 8)
        return SYNC_OK;
    snprintf(f->table[f->n], sizeof(f->table[0]), "%s", h->table);
    snprintf(f->id[f->n], sizeof(f->id[0]), "%s", h->id);
    snprintf(f->title[f->n], sizeof(f->title[0]), "%s", h->title);
    snprintf(f->snippet[f->n], sizeof(f->snippet[0]), "%s", h->snippet);
    f->score[f->n] = h->score;
    f->n++;
    return SYNC_OK;
}

static struct found find(struct test_node *n, const char *q, const char *table)
{
    struct found f = {.n = 0};
    struct sync_search_opts o = {
        .table = table, .limit = 20, .mark_open = "[", .mark_close = "]"};
    struct sync_err err;
    enum sync_rc rc =
        sync_store_search(sync_engine_store(n->e), q, &o, collect, &f, &err);
    if (rc)
        fprintf(stderr, "search '%s': %s\n", q, err.msg);
    CHECK_RC(SYNC_OK, rc);
    return f;
}

static bool has(const struct found *f, const char *id)
{
    for (int i = 0; i < f->n; i++)
        if (strcmp(f->id[i], id) == 0)
            return true;
    return false;
}

static void test_scripts_and_spellings(void)
{
    struct test_node n;
    char maticar[SYNC_UUID_TEXT], brcko[SYNC_UUID_TEXT], dj[SYNC_UUID_TEXT];
    test_node_make(&n, "Opština Lopare");
    snprintf(
        maticar, sizeof(maticar), "%s",
        test_put(&n, "practice", NULL,
                 (const char *[]){"title", "e-Matičar: izvodi iz dijaspore",
                                  "status", "ongoing", NULL}));
    snprintf(brcko, sizeof(brcko), "%s",
             test_put(&n, "practice", NULL,
                      (const char *[]){"title", "Дани дијаспоре у Брчком",
                                       "status", "completed", "summary",
                                       "Сарадња са удружењима из Беча", NULL}));
    snprintf(
        dj, sizeof(dj), "%s",
        test_put(&n, "person", NULL,
                 (const char *[]){"given_name", "Đorđe", "family_name", "Ђурић",
                                  "country", "AT", "city", "Wien", NULL}));

    struct found f = find(&n, "maticar", NULL);
    CHECK(f.n == 1 && has(&f, maticar));
    CHECK_STR("e-Matičar: izvodi iz dijaspore", f.title[0]);
    CHECK(strstr(f.snippet[0], "[Matičar]") != NULL);

    f = find(&n, "brcko", NULL);
    CHECK(f.n == 1 && has(&f, brcko));
    CHECK(strstr(f.snippet[0], "[Брчком]") != NULL);

    /* dj / đ / ђ, both directions, in names too */
    f = find(&n, "djordje", NULL);
    CHECK(f.n == 1 && has(&f, dj));
    f = find(&n, "ЂОРЂЕ", NULL);
    CHECK(f.n == 1 && has(&f, dj));
    f = find(&n, "djuric", NULL);
    CHECK(f.n == 1 && has(&f, dj));

    /* prefix words, and every word must match */
    f = find(&n, "dijasp", NULL);
    CHECK(f.n == 2 && has(&f, maticar) && has(&f, brcko));
    f = find(&n, "dijaspora izvod", NULL);
    CHECK(f.n == 1 && has(&f, maticar));
    /* no row has both words: the rows with one of them */
    f = find(&n, "maticar brcko", NULL);
    CHECK(f.n == 2 && has(&f, maticar) && has(&f, brcko));

    /* synonyms: suradnja/saradnja, udruga/udruženje, Vienna/Beč/Wien */
    f = find(&n, "suradnja", NULL);
    CHECK(f.n == 1 && has(&f, brcko));
    f = find(&n, "udruga", NULL);
    CHECK(f.n == 1 && has(&f, brcko));
    f = find(&n, "vienna", NULL);
    CHECK(f.n == 2 && has(&f, brcko) && has(&f, dj));

    /* one table only */
    f = find(&n, "vienna", "person");
    CHECK(f.n == 1 && has(&f, dj));
    CHECK_STR("person", f.table[0]);
    sync_engine_close(n.e);
}

static void test_ranking_and_limits(void)
{
    struct test_node n;
    char in_title[SYNC_UUID_TEXT], in_body[SYNC_UUID_TEXT];
    test_node_make(&n, "Grad Bihać");
    snprintf(in_body, sizeof(in_body), "%s",
             test_put(&n, "practice", NULL,
                      (const char *[]){"title", "Registar", "status", "idea",
                                       "summary",
                                       "Vodič za investitore i drugo", NULL}));
    snprintf(in_title, sizeof(in_title), "%s",
             test_put(&n, "practice", NULL,
                      (const char *[]){"title", "Vodič za investitore",
                                       "status", "idea", NULL}));
    struct found f = find(&n, "investitor", NULL);
    CHECK(f.n == 2);
    CHECK_STR(in_title, f.id[0]); /* a title match ranks first */
    CHECK(f.score[0] > f.score[1]);

    struct sync_search_opts o = {.limit = 1};
    struct found one = {.n = 0};
    CHECK_RC(SYNC_OK, sync_store_search(sync_engine_store(n.e), "investitor",
                                        &o, collect, &one, NULL));
    CHECK(one.n == 1);

    struct sync_err err;
    CHECK_RC(SYNC_INVALID, sync_store_search(sync_engine_store(n.e), " ,;! ",
                                             &o, collect, &one, &err));
    CHECK(strstr(err.msg, "no words") != NULL);
    o.table = "consent";
    CHECK_RC(SYNC_INVALID, sync_store_search(sync_engine_store(n.e), "x", &o,
                                             collect, &one, &err));
    CHECK(strstr(err.msg, "not searchable") != NULL);
    o.table = NULL;
    char words[200] = "";
    for (int i = 0; i <= SYNC_LIMIT_QUERY_WORDS; i++)
        strcat(words, "ab ");
    CHECK_RC(SYNC_INVALID, sync_store_search(sync_engine_store(n.e), words, &o,
                                             collect, &one, &err));
    char big[SYNC_LIMIT_QUERY + 2];
    memset(big, 'a', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    CHECK_RC(SYNC_TOOBIG, sync_store_search(sync_engine_store(n.e), big, &o,
                                            collect, &one, &err));
    /* FTS5 syntax in the query is text, not syntax */
    f = find(&n, "investitor\" \"registar", NULL);
    CHECK(f.n == 1 && has(&f, in_body));
    f = find(&n, "NEAR(vod* investitor)", NULL);
    CHECK(f.n == 2); /* "near" is a word like any other */
    f = find(&n, "investitor* OR registar", NULL);
    CHECK(f.n == 2 && strcmp(f.id[0], in_body) == 0);
    sync_engine_close(n.e);
}

/* The index follows every change of a row. */
static void test_index_follows_rows(void)
{
    struct test_node n;
    char id[SYNC_UUID_TEXT];
    struct sync_err err;
    test_node_make(&n, "Općina Živinice");
    snprintf(id, sizeof(id), "%s",
             test_put(&n, "organisation", NULL,
                      (const char *[]){"name", "Klub Zmaj od Bosne", "org_type",
                                       "sport", NULL}));
    struct found f = find(&n, "zmaj", NULL);
    CHECK(f.n == 1 && has(&f, id));
    /* two changes before the index catches up */
    test_put(&n, "organisation", id,
             (const char *[]){"name", "Klub Jedinstvo", NULL});
    test_put(&n, "organisation", id,
             (const char *[]){"name", "Klub Sloga", NULL});
    f = find(&n, "zmaj", NULL);
    CHECK(f.n == 0);
    f = find(&n, "sloga", NULL);
    CHECK(f.n == 1 && has(&f, id));
    CHECK_RC(SYNC_OK, sync_engine_delete(n.e, "organisation", id, &err));
    f = find(&n, "sloga", NULL);
    CHECK(f.n == 0);
    /* notes are not indexed: they never leave the node, nor show here */
    test_put(&n, "person", NULL,
             (const char *[]){"given_name", "Amra", "family_name", "Hodžić",
                              "country", "DE", "notes", "tajna bilješka",
                              NULL});
    f = find(&n, "biljeska", NULL);
    CHECK(f.n == 0);
    f = find(&n, "hodzic", NULL);
    CHECK(f.n == 1);
    sync_engine_close(n.e);
}

/* Puts a practice with title and summary; returns its id (static). */
static const char *practice(struct test_node *n, const char *title,
                            const char *summary)
{
    static char id[16][SYNC_UUID_TEXT];
    static int turn;
    char *out = id[turn++ % 16];
    snprintf(out, SYNC_UUID_TEXT, "%s",
             test_put(n, "practice", NULL,
                      (const char *[]){"title", title, "status", "ongoing",
                                       "summary", summary, NULL}));
    return out;
}

/* The forms of Bosnian, Croatian and Serbian words find each other:
 * case and number, the fleeting a, consonant changes, jat. */
static void test_word_forms(void)
{
    struct test_node n;
    test_node_make(&n, "Općina Gradačac");
    const char *dd = practice(&n, "Ddjjx projekat", "");
    const char *sajam = practice(&n, "Sajam zapošljavanja u Gradačcu",
                                 "Poslodavci iz Lukavca i Kaknja na "
                                 "sastancima s nezaposlenima.");
    const char *rijeka = practice(&n, "Čista rijeka",
                                  "Mlijeko i cijene: ljekari o "
                                  "letnjim kampovima na rijeci.");
    const char *cyr =
        practice(&n, "Сајам у Тешњу", "Река, млеко и цена, љетни распоред.");
    struct found f = find(&n, "ddjjx", NULL);
    CHECK(f.n == 1 && has(&f, dd));
    f = find(&n, "Ddjjx projekat", NULL);
    CHECK(f.n == 1 && has(&f, dd));
    f = find(&n, "Gradačac", NULL);
    CHECK(f.n == 1 && has(&f, sajam));
    CHECK(strstr(f.snippet[0], "[Gradačcu]") != NULL);
    f = find(&n, "lukavac", NULL);
    CHECK(f.n == 1 && has(&f, sajam));
    f = find(&n, "Kakanj", NULL);
    CHECK(f.n == 1 && has(&f, sajam));
    f = find(&n, "sastanak", NULL);
    CHECK(f.n == 1 && has(&f, sajam));
    f = find(&n, "sajmovi", NULL);
    CHECK(f.n == 2 && has(&f, sajam) && has(&f, cyr));
    f = find(&n, "Tešanj", NULL);
    CHECK(f.n == 1 && has(&f, cyr));
    /* ijekavian and ekavian, Latin and Cyrillic */
    f = find(&n, "reka", NULL);
    CHECK(f.n == 2 && has(&f, rijeka) && has(&f, cyr));
    f = find(&n, "млијеко", NULL);
    CHECK(f.n == 2 && has(&f, rijeka) && has(&f, cyr));
    f = find(&n, "цена", NULL);
    CHECK(f.n == 2 && has(&f, rijeka) && has(&f, cyr));
    f = find(&n, "lekari", NULL);
    CHECK(f.n == 1 && has(&f, rijeka));
    f = find(&n, "ljetni", NULL);
    CHECK(f.n == 2 && has(&f, rijeka) && has(&f, cyr));
    sync_engine_close(n.e);
}

/* Whole words and titles first; a short prefix never outranks a word. */
static void test_precision(void)
{
    struct test_node n;
    test_node_make(&n, "Općina Ključ");
    const char *unap =
        practice(&n, "Unapređenje usluga", "Unapređenje rada šaltera.");
    const char *una =
        practice(&n, "Čišćenje obala", "Volonteri su čistili obalu na Uni.");
    const char *sanac = practice(&n, "Sanacija puteva", "Sanacija.");
    const char *sana = practice(&n, "Ribolov", "Ribolov na rijeci Sani.");
    const char *kljucni = practice(&n, "Ključni koraci", "Ključni su.");
    const char *kljuc = practice(&n, "Dani općine", "Općina Ključ.");
    const char *voda = practice(&n, "Voda za sve", "Pitka voda.");
    const char *vodu = practice(&n, "Česme", "Donijeli su vodu.");
    struct found f = find(&n, "Una", NULL);
    CHECK(f.n == 2 && strcmp(f.id[0], una) == 0 && has(&f, unap));
    CHECK(f.score[0] > f.score[1]);
    f = find(&n, "Sana", NULL);
    CHECK(f.n == 2 && strcmp(f.id[0], sana) == 0 && has(&f, sanac));
    f = find(&n, "Ključ", NULL);
    CHECK(f.n == 2 && strcmp(f.id[0], kljuc) == 0 && has(&f, kljucni));
    f = find(&n, "rijeka Sana", NULL); /* every word first */
    CHECK(f.n == 1 && strcmp(f.id[0], sana) == 0);
    /* the exact form above other forms, a title above the body */
    f = find(&n, "vodu", NULL);
    CHECK(f.n == 2 && strcmp(f.id[0], vodu) == 0);
    f = find(&n, "voda", NULL);
    CHECK(f.n == 2 && strcmp(f.id[0], voda) == 0);
    /* search as you type: a prefix of no whole word still finds */
    f = find(&n, "unapre", NULL);
    CHECK(f.n == 1 && has(&f, unap));
    f = find(&n, "sanaci", NULL);
    CHECK(f.n == 1 && has(&f, sanac));
    sync_engine_close(n.e);
}

/* Synonyms count in every form; typos find the nearest words. */
static void test_synonyms_and_typos(void)
{
    struct test_node n;
    char fix[256];
    struct sync_err err;
    test_node_make(&n, "Opština Lopare");
    const char *lop = practice(&n, "Opština Lopare: šalter",
                               "Kancelarija za porodice iz dijaspore.");
    const char *ziv = practice(&n, "Općina Živinice",
                               "Ured za obitelji, financiranje ulagača.");
    const char *nav =
        practice(&n, "Navodnjavanje u Prijedoru", "Sistem navodnjavanja.");
    struct found f = find(&n, "općini Lopare", NULL);
    CHECK(f.n >= 1 && strcmp(f.id[0], lop) == 0);
    f = find(&n, "opštini Živinice", NULL);
    CHECK(f.n >= 1 && strcmp(f.id[0], ziv) == 0);
    f = find(&n, "uredu", NULL);
    CHECK(f.n == 2 && strcmp(f.id[0], ziv) == 0 && has(&f, lop));
    f = find(&n, "kancelarijama", NULL);
    CHECK(f.n == 2 && strcmp(f.id[0], lop) == 0 && has(&f, ziv));
    f = find(&n, "porodica", NULL);
    CHECK(f.n == 2);
    f = find(&n, "finansiranju investitora", NULL);
    CHECK(f.n == 1 && has(&f, ziv));
    f = find(&n, "iseljeništvo", NULL);
    CHECK(f.n == 1 && has(&f, lop));
    /* typos: nothing matches the word, so the nearest words do */
    f = find(&n, "navodnjvaanje", NULL);
    CHECK(f.n == 1 && has(&f, nav));
    f = find(&n, "Priejdor", NULL);
    CHECK(f.n == 1 && has(&f, nav));
    f = find(&n, "kanclarija", NULL);
    CHECK(f.n >= 1 && strcmp(f.id[0], lop) == 0);
    struct sync_store *st = sync_engine_store(n.e);
    CHECK_RC(SYNC_OK, sync_store_search_suggest(st, fix, sizeof(fix),
                                                "Priejdor navodnjavanje", NULL,
                                                NULL, &err));
    CHECK_STR("prijedoru navodnjavanje", fix);
    CHECK_RC(SYNC_OK, sync_store_search_suggest(st, fix, sizeof(fix),
                                                "prijedor", NULL, NULL, &err));
    CHECK_STR("", fix);
    CHECK_RC(SYNC_OK, sync_store_search_suggest(st, fix, sizeof(fix), "xqzw",
                                                NULL, NULL, &err));
    CHECK_STR("", fix);
    CHECK_RC(SYNC_TOOBIG, sync_store_search_suggest(st, fix, 4, "Priejdor",
                                                    NULL, NULL, &err));
    CHECK_RC(SYNC_INVALID, sync_store_search_suggest(st, fix, sizeof(fix), "?!",
                                                     NULL, NULL, &err));
    /* a word that matches is never taken for a typo of another */
    f = find(&n, "lopare", NULL);
    CHECK(f.n == 1 && has(&f, lop));
    /* of two stems as far from the typo's, the one that keeps more of
     * its start is meant: gradilišta, not Gradišci */
    const char *gs =
        practice(&n, "Sajam u Gradišci", "Proizvođači iz Gradiške.");
    const char *gl =
        practice(&n, "Zaštita radnika", "Obuka o radu na gradilištima.");
    f = find(&n, "gradilsita", NULL);
    CHECK(f.n >= 1 && strcmp(f.id[0], gl) == 0 && !has(&f, gs));
    sync_engine_close(n.e);
}

/* A word in ikavian finds its ijekavian and ekavian forms, as a form of
 * the word (no "did you mean"); the word's own forms rank above its
 * synonyms, even in a title; a typo brings the synonyms of its word. */
static void test_ikavian_and_synonym_rank(void)
{
    struct test_node n;
    char fix[256];
    struct sync_err err;
    test_node_make(&n, "Grad Široki Brijeg");
    const char *mlijeko =
        practice(&n, "Otkup mlijeka", "Zadruga otkupljuje mlijeko.");
    const char *djeca = practice(&n, "Kamp", "Djeca iz dijaspore uče jezik.");
    const char *vrijeme =
        practice(&n, "Vozni red", "Vrijeme polaska autobusa prema Mostaru.");
    const char *stanica = practice(&n, "Autobuska stanica", "Nove klupe.");
    const char *kolodvor =
        practice(&n, "Obnova", "Kolodvor je dobio nove klupe.");
    struct found f = find(&n, "mliko", NULL);
    CHECK(f.n == 1 && has(&f, mlijeko));
    f = find(&n, "dica", NULL);
    CHECK(f.n == 1 && has(&f, djeca));
    f = find(&n, "vrime", NULL);
    CHECK(f.n == 1 && has(&f, vrijeme));
    struct sync_store *st = sync_engine_store(n.e);
    CHECK_RC(SYNC_OK, sync_store_search_suggest(st, fix, sizeof(fix), "mliko",
                                                NULL, NULL, &err));
    CHECK_STR("", fix);
    /* kolodvor in a body above its synonym stanica in a title */
    f = find(&n, "kolodvor", NULL);
    CHECK(f.n == 2 && strcmp(f.id[0], kolodvor) == 0 && has(&f, stanica));
    f = find(&n, "kolodovr", NULL);
    CHECK(f.n == 2 && strcmp(f.id[0], kolodvor) == 0 && has(&f, stanica));
    /* a word in the nominative, whose ending-like end Snowball cuts
     * (kupres -> kupr), finds its other forms (Kupresu), and so does a
     * synonym (Zürich: Cirih, Cirihu) */
    const char *kupres =
        practice(&n, "Računari", "Škole u Kupresu i u Cirihu, okoliš.");
    f = find(&n, "Kupres", NULL);
    CHECK(f.n == 1 && has(&f, kupres));
    f = find(&n, "Zürich", NULL);
    CHECK(f.n == 1 && has(&f, kupres));
    /* a suggestion may leave out a table (persons, for a viewer) */
    test_put(&n, "person", NULL,
             (const char *[]){"given_name", "Emina", "family_name", "Hodžić",
                              "country", "AT", NULL});
    CHECK_RC(SYNC_OK, sync_store_search_suggest(st, fix, sizeof(fix), "hodzc",
                                                NULL, NULL, &err));
    CHECK_STR("hodzic", fix);
    CHECK_RC(SYNC_OK, sync_store_search_suggest(st, fix, sizeof(fix), "hodzc",
                                                NULL, "person", &err));
    CHECK_STR("", fix);
    sync_engine_close(n.e);
}

/* The paradigm tier: a word's own forms rank above a word that only
 * shares its stem key, even in a title (stoka: stoke above Stoca), and
 * a synonym above a word of another kind (voz: vlakova above vozi). */
static void test_paradigm_rank(void)
{
    struct test_node n;
    test_node_make(&n, "Općina Ključ");
    const char *stoca = practice(&n, "Knjiga o Stocu", "Udruženje iz Stoca.");
    const char *stoke = practice(&n, "Fond za povratnike",
                                 "Novac za obnovu kuća i kupovinu stoke.");
    const char *vozi = practice(&n, "Prevoz za goste", "Minibus vozi putnike.");
    const char *vlak = practice(&n, "Red vlakova", "Polasci prema Splitu.");
    struct found f = find(&n, "stoka", NULL);
    CHECK(f.n == 2 && strcmp(f.id[0], stoke) == 0 && has(&f, stoca));
    f = find(&n, "Stolac", NULL);
    CHECK(f.n >= 1 && strcmp(f.id[0], stoca) == 0);
    f = find(&n, "voz", NULL);
    CHECK(f.n == 2 && strcmp(f.id[0], vlak) == 0 && has(&f, vozi));
    f = find(&n, "возови", NULL);
    CHECK(f.n == 2 && strcmp(f.id[0], vlak) == 0);
    sync_engine_close(n.e);
}

int main(void)
{
    struct sync_err err;
    if (sync_global_init(&err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    RUN(test_scripts_and_spellings);
    RUN(test_ranking_and_limits);
    RUN(test_index_follows_rows);
    RUN(test_word_forms);
    RUN(test_precision);
    RUN(test_paradigm_rank);
    RUN(test_synonyms_and_typos);
    RUN(test_ikavian_and_synonym_rank);
    return CHECK_DONE();
}
