/* SPDX-License-Identifier: MIT */
/*
 * store_query: turns a query into a plan (store_query.h): folded words,
 * stop words out, each word's stem, synonyms by stem, index words a typo
 * away when nothing else matches, the rows each phrase occurs in (for
 * how rare a word is), and the FTS5 query text, built from folded words
 * only. The rank function spona_rank scores rows by the plan.
 */
#include <assert.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spona/buf.h"
#include "spona/fold.h"
#include "spona/mem.h"
#include "paradigm.h"
#include "stem.h"
#include "store_int.h"
#include "store_query.h"
#include "store_search.h"
#include "typo.h"

#include "spona/banned.h"

/* Words that alone say nothing about a record; dropped from a query
 * that has other words. Folded. */
static bool is_stop(const char *w)
{
    static const char *const stop[] = {
        "a",  "bez", "da",   "do",   "i",    "ili", "iz", "je", "k",
        "ka", "kod", "koja", "koje", "koji", "li",  "na", "ni", "o",
        "od", "po",  "pri",  "s",    "sa",   "se",  "te", "u",  "uz",
        "za", "and", "for",  "in",   "of",   "the", "to"};
    for (size_t i = 0; i < sizeof(stop) / sizeof(stop[0]); i++)
        if (strcmp(w, stop[i]) == 0)
            return true;
    return false;
}

/* Writes '~' and the stem key of word into out, or "" if it has none. */
static void key_of(struct sync_stem *stem, char *out, const char *word)
{
    size_t n = sync_stem_key(stem, out + 1, word, strlen(word));
    out[0] = n ? '~' : '\0';
    out[n ? n + 1 : 0] = '\0';
}

static enum sync_rc syns_load(struct sync_store *st, struct sync_stem *stem,
                              struct syns *out, struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    int r = sqlite3_prepare_v2(st->db, "SELECT grp, term FROM search_synonym",
                               -1, &s, NULL);
    out->s = NULL;
    out->n = 0;
    if (r == SQLITE_OK)
        r = SQLITE_ROW;
    while (r == SQLITE_ROW && (r = sqlite3_step(s)) == SQLITE_ROW) {
        const char *term = (const char *)sqlite3_column_text(s, 1);
        if (out->n == SYN_MAX || !term)
            continue;
        if (!out->s)
            out->s = sync_xcalloc(SYN_MAX, sizeof(*out->s));
        struct syn *y = &out->s[out->n];
        y->grp = sqlite3_column_int64(s, 0);
        /* a term of several words would need a phrase query: skipped */
        if (sync_fold(y->term, sizeof(y->term), term, NULL) != SYNC_OK ||
            !*y->term || strchr(y->term, ' '))
            continue;
        key_of(stem, y->key, y->term);
        out->n++;
    }
    sqlite3_finalize(s);
    if (r != SQLITE_DONE)
        return store_db_err(st, err, r, "cannot read synonyms");
    return SYNC_OK;
}

/* Adds a phrase for word w of the plan, or raises the weight of the same
 * one; full plans take no more (the first phrases of a word are its
 * best). */
static void phrase_add(struct plan *pl, size_t w, const char *text, bool prefix,
                       double weight)
{
    if (!*text)
        return;
    for (size_t i = 0; i < pl->n_p; i++) {
        struct phrase *p = &pl->p[i];
        if (p->word == w && p->prefix == prefix && strcmp(p->text, text) == 0) {
            p->weight = weight > p->weight ? weight : p->weight;
            return;
        }
    }
    if (pl->n_p == PHRASES_MAX)
        return;
    struct phrase *p = &pl->p[pl->n_p++];
    snprintf(p->text, sizeof(p->text), "%s", text);
    p->prefix = prefix;
    p->word = w;
    p->weight = weight;
}

/* Adds the phrases of a stem key ('~' + key): the key token, and the
 * key as a word, for the words that are their own stem. */
static void phrase_add_key(struct plan *pl, size_t w, const char *key,
                           double weight)
{
    if (!*key)
        return;
    phrase_add(pl, w, key, false, weight);
    phrase_add(pl, w, key + 1, false, weight);
}

struct collect {
    struct plan *pl;
    size_t seen;
};

static int collect_word(const char *word, size_t len, size_t start, size_t end,
                        void *payload)
{
    struct collect *c = payload;
    (void)start;
    (void)end;
    if (++c->seen > SYNC_LIMIT_QUERY_WORDS)
        return 1;
    for (size_t i = 0; i < c->pl->n_words; i++)
        if (strcmp(c->pl->w[i].text, word) == 0)
            return 0;
    struct qword *q = &c->pl->w[c->pl->n_words++];
    memcpy(q->text, word, len + 1);
    q->len = len;
    return 0;
}

/* Folds query into the plan's words: distinct, and without stop words
 * unless there is nothing else. */
static enum sync_rc plan_words(struct plan *pl, const char *query,
                               struct sync_err *err)
{
    size_t len = strlen(query);
    if (len > SYNC_LIMIT_QUERY)
        return sync_err_set(err, SYNC_TOOBIG, "query is over %d bytes",
                            SYNC_LIMIT_QUERY);
    struct collect c = {.pl = pl};
    if (sync_fold_words(query, len, collect_word, &c))
        return sync_err_set(err, SYNC_INVALID, "query has over %d words",
                            SYNC_LIMIT_QUERY_WORDS);
    if (!pl->n_words)
        return sync_err_set(err, SYNC_INVALID, "query has no words to search");
    size_t o = 0;
    for (size_t i = 0; i < pl->n_words; i++)
        if (!is_stop(pl->w[i].text))
            pl->w[o++] = pl->w[i];
    if (o)
        pl->n_words = o;
    return SYNC_OK;
}

/* Lists the searchable tables of the plan once: asking the schema is a
 * scan of sqlite_schema, and a query asks for each word. */
static enum sync_rc plan_list_tables(struct sync_store *st, struct plan *pl,
                                     struct sync_err *err)
{
    enum sync_rc rc = SYNC_OK;
    for (size_t i = 0; !rc && pl->n_tables < TABLES_MAX; i++) {
        const struct sync_tdef *t = sync_schema_table_at(st->schema, i);
        bool ok = false;
        if (!t)
            break;
        if ((pl->table && strcmp(pl->table, t->name) != 0) ||
            (pl->skip && strcmp(pl->skip, t->name) == 0))
            continue;
        rc = store_search_has_index(st, t->name, &ok, err);
        if (!rc && ok)
            pl->tables[pl->n_tables++] = t->name;
    }
    return rc;
}

/* The next searchable table of the plan after *i, or NULL. */
const char *plan_table(const struct plan *pl, size_t *i)
{
    return *i < pl->n_tables ? pl->tables[(*i)++] : NULL;
}

/* What vocab_has looks for. */
enum vocab_match {
    VOCAB_IS,     /* the term itself */
    VOCAB_STARTS, /* a term starting with it, or itself */
    VOCAB_EXTENDS /* a longer term starting with it */
};

/* Whether table's index holds a term matching term as m says; sets *out
 * when it does (it never clears it). */
static enum sync_rc vocab_has(struct sync_store *st, const char *table,
                              const char *term, enum vocab_match m, bool *out,
                              struct sync_err *err)
{
    char sql[160], hi[SYNC_STEM_MAX + 2];
    sqlite3_stmt *s = NULL;
    size_t len = strlen(term);
    /* table is a name of the schema, the allow-list of identifiers */
    snprintf(sql, sizeof(sql),
             "SELECT 1 FROM %s_vocab WHERE term %s ?1 "
             "AND term %s ?2 LIMIT 1",
             table,
             m == VOCAB_EXTENDS ? ">" : ">=", m == VOCAB_IS ? "<=" : "<");
    memcpy(hi, term, len + 1);
    if (m != VOCAB_IS)
        hi[len - 1]++; /* UTF-8 has no byte 0xff */
    int r = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
    if (r == SQLITE_OK) {
        sqlite3_bind_text(s, 1, term, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, hi, -1, SQLITE_STATIC);
        r = sqlite3_step(s);
    }
    sqlite3_finalize(s);
    *out = *out || r == SQLITE_ROW;
    if (r != SQLITE_ROW && r != SQLITE_DONE)
        return store_db_err(st, err, r, "cannot read search vocabulary");
    return SYNC_OK;
}

/* An index word a typo away from a query word. */
struct near {
    char term[SYNC_STEM_MAX + 2]; /* a folded word, or '~' + stem key */
    size_t dist;
    size_t common; /* bytes it shares with the start of the typed word */
    int64_t docs;  /* rows holding it */
};

/* Whether a term at dist, sharing common bytes with the start of the
 * typed word and held by docs rows, is nearer than b: by distance, then
 * by the longer start in common (typos keep a word's start:
 * "gradilsita" is gradilišta, not Gradišci, which is as far), then by
 * rows. */
static bool nearer(size_t dist, size_t common, int64_t docs,
                   const struct near *b)
{
    if (dist != b->dist)
        return dist < b->dist;
    if (common != b->common)
        return common > b->common;
    return docs > b->docs;
}

/* Keeps near (TYPOS_MAX) sorted, nearest first. */
static void near_add(struct near *near, size_t *n, const char *term,
                     size_t dist, size_t common, int64_t docs)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp(near[i].term, term) == 0) {
            near[i].docs += docs;
            return;
        }
    size_t at = *n;
    while (at > 0 && nearer(dist, common, docs, &near[at - 1]))
        at--;
    if (at == TYPOS_MAX)
        return;
    if (*n < TYPOS_MAX)
        (*n)++;
    memmove(near + at + 1, near + at, (*n - at - 1) * sizeof(*near));
    snprintf(near[at].term, sizeof(near[at].term), "%s", term);
    near[at].dist = dist;
    near[at].common = common;
    near[at].docs = docs;
}

/*
 * Index terms of table that start with mark and the first letter of word
 * (len bytes) and are a typo away from it, into near: words (mark "")
 * or stem keys (mark "~"), so that a typo in another form of a word
 * ("poljoprivrdnici" for "poljoprivrednika") still finds it.
 */
static enum sync_rc vocab_near(struct sync_store *st, const char *table,
                               const char *mark, const char *word, size_t len,
                               size_t max, struct near *near, size_t *n,
                               struct sync_err *err)
{
    char sql[160], lo[4], hi[4];
    size_t skip = strlen(mark);
    sqlite3_stmt *s = NULL;
    snprintf(lo, sizeof(lo), "%s%c", mark, word[0]);
    snprintf(hi, sizeof(hi), "%s%c", mark, word[0] + 1);
    snprintf(sql, sizeof(sql),
             "SELECT term, doc FROM %s_vocab WHERE "
             "term >= ?1 AND term < ?2",
             table);
    int r = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
    if (r == SQLITE_OK) {
        sqlite3_bind_text(s, 1, lo, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, hi, -1, SQLITE_STATIC);
        r = SQLITE_ROW;
    }
    while (r == SQLITE_ROW && (r = sqlite3_step(s)) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(s, 0);
        size_t t_len = (size_t)sqlite3_column_bytes(s, 0);
        size_t d = t && t_len > skip ? sync_typo_distance(word, len, t + skip,
                                                          t_len - skip, max)
                                     : max + 1;
        size_t common = 0;
        while (d <= max && common < len && common < t_len - skip &&
               word[common] == t[skip + common])
            common++;
        if (d <= max)
            near_add(near, n, t, d, common, sqlite3_column_int64(s, 1));
    }
    sqlite3_finalize(s);
    if (r != SQLITE_DONE)
        return store_db_err(st, err, r, "cannot read search vocabulary");
    return SYNC_OK;
}

static bool plan_synonyms(struct plan *pl, const struct syns *syn, size_t w,
                          const char *text, const char *key, double weight);

/* Takes the nearest terms for word w: the ones at the least distance,
 * each with its stem and its synonyms (kolodovr: kolodvor, stanica); the
 * nearest word (not key) is the "did you mean". */
static void plan_near(struct plan *pl, struct sync_stem *stem,
                      const struct syns *syn, size_t w, const struct near *near,
                      size_t n_near)
{
    struct qword *q = &pl->w[w];
    for (size_t k = 0; k < n_near && near[k].dist == near[0].dist &&
                       near[k].common == near[0].common;
         k++) {
        char key[SYNC_STEM_MAX + 2];
        const char *t = near[k].term;
        if (t[0] != '~')
            key_of(stem, key, t);
        /* the stem holds the word: one phrase, one list to merge */
        if (t[0] == '~') {
            phrase_add_key(pl, w, t, W_TYPO);
            plan_synonyms(pl, syn, w, "", t, W_TYPO_SYNONYM);
            continue;
        }
        if (*key)
            phrase_add_key(pl, w, key, W_TYPO);
        else
            phrase_add(pl, w, t, false, W_TYPO);
        plan_synonyms(pl, syn, w, t, key, W_TYPO_SYNONYM);
        if (!*q->fix)
            snprintf(q->fix, sizeof(q->fix), "%.*s", (int)sizeof(q->fix) - 1,
                     t);
    }
    if (n_near && !*q->fix)
        snprintf(q->fix, sizeof(q->fix), "%.*s", (int)sizeof(q->fix) - 1,
                 near[0].term + 1);
}

/* Writes '~' and the query word itself into out, as the key of its
 * other forms, or "" when it has no key or is its own. */
static void own_key(char *out, const struct qword *q)
{
    out[0] = '\0';
    if (*q->key && strcmp(q->key + 1, q->text) != 0)
        snprintf(out, SYNC_STEM_MAX + 2, "~%s", q->text);
}

static bool is_consonant(char c)
{
    return c >= 'b' && c <= 'z' && !strchr("aeiou", c);
}

/* Whether an index holds v (a folded word) or its key, or, with
 * extended, a longer word starting with v. */
static enum sync_rc vocab_form(struct sync_store *st, struct plan *pl,
                               const char *v, const char *key, bool *has,
                               bool *extended, struct sync_err *err)
{
    enum sync_rc rc = SYNC_OK;
    size_t i = 0;
    const char *t;
    while (!rc && !*has && (t = plan_table(pl, &i))) {
        rc = vocab_has(st, t, v, VOCAB_IS, has, err);
        if (!rc && *key)
            rc = vocab_has(st, t, key, VOCAB_IS, has, err);
        if (!rc && extended)
            rc = vocab_has(st, t, v, VOCAB_EXTENDS, extended, err);
    }
    return rc;
}

/*
 * A word in ikavian (mliko, dica, vrime, Brig), which no index word is or
 * has the stem of: an i after a consonant read as the e of ekavian, which
 * the stemmer shares with ijekavian (mleko, mlijeko). The first of the
 * first JAT_TRIES such i's whose form the index holds stands for the
 * word, as a word and a stem at W_STEM, and as a prefix below (vreme:
 * vremena, whose stem is longer). Sets q->whole when one is found.
 */
static enum sync_rc plan_jat(struct sync_store *st, struct plan *pl,
                             struct sync_stem *stem, size_t w,
                             struct sync_err *err)
{
    struct qword *q = &pl->w[w];
    enum sync_rc rc = SYNC_OK;
    size_t tries = 0;
    for (size_t at = 1; !rc && at < q->len && tries < JAT_TRIES; at++) {
        if (q->text[at] != 'i' || !is_consonant(q->text[at - 1]))
            continue;
        char v[SYNC_FOLD_WORD_MAX + 1], key[SYNC_STEM_MAX + 2];
        bool has = false, ext = false;
        tries++;
        memcpy(v, q->text, q->len + 1);
        v[at] = 'e';
        key_of(stem, key, v);
        rc = vocab_form(st, pl, v, key, &has, q->len >= 4 ? &ext : NULL, err);
        if (rc || (!has && !ext))
            continue;
        phrase_add(pl, w, v, false, W_FORM);
        phrase_add_key(pl, w, key, W_STEM);
        if (ext)
            phrase_add(pl, w, v, true, W_SYNONYM);
        q->whole = true;
        break;
    }
    return rc;
}

/* What the indexes hold of word w: the word, its stem, a word it starts,
 * its ikavian form read as ekavian; and when none, the nearest words, as
 * typo phrases. */
static enum sync_rc plan_vocab(struct sync_store *st, struct plan *pl,
                               struct sync_stem *stem, const struct syns *syn,
                               size_t w, struct sync_err *err)
{
    struct qword *q = &pl->w[w];
    struct near near[TYPOS_MAX];
    size_t n_near = 0, i = 0, max = sync_typo_max(q->len);
    enum sync_rc rc = SYNC_OK;
    const char *t;
    char own[SYNC_STEM_MAX + 2];
    own_key(own, q);
    while (!rc && (t = plan_table(pl, &i))) {
        rc = vocab_has(st, t, q->text, VOCAB_IS, &q->whole, err);
        if (!rc && *q->key)
            rc = vocab_has(st, t, q->key, VOCAB_IS, &q->whole, err);
        if (!rc && *own)
            rc = vocab_has(st, t, own, VOCAB_IS, &q->whole, err);
        if (!rc && *q->key)
            rc = vocab_has(st, t, q->key + 1, VOCAB_IS, &q->whole, err);
        if (!rc && q->len > 1)
            rc = vocab_has(st, t, q->text, VOCAB_STARTS, &q->prefixed, err);
        if (!rc && q->len > 1)
            rc = vocab_has(st, t, q->text, VOCAB_EXTENDS, &q->extended, err);
    }
    if (!rc && !q->whole && !q->synonyms)
        rc = plan_jat(st, pl, stem, w, err);
    if (rc || q->whole || q->prefixed || q->synonyms || !max)
        return rc;
    i = 0;
    while (!rc && (t = plan_table(pl, &i)))
        rc = vocab_near(st, t, "", q->text, q->len, max, near, &n_near, err);
    /* stems only when no word is near: short keys are near too many */
    i = 0;
    while (!rc && !n_near && *q->key && (t = plan_table(pl, &i)))
        rc = vocab_near(st, t, "~", q->key + 1, strlen(q->key + 1), max, near,
                        &n_near, err);
    if (!rc)
        plan_near(pl, stem, syn, w, near, n_near);
    return rc;
}

/*
 * The paradigm tier: the index words that are forms of word w's
 * declensions (paradigm.h), as words at W_FORM, above what only shares
 * the word's stem key (W_STEM): stoka ranks "stoke" above "Stoca".
 */
static enum sync_rc plan_forms(struct sync_store *st, struct plan *pl, size_t w,
                               struct sync_err *err)
{
    struct qword *q = &pl->w[w];
    struct sync_forms *f = sync_xmalloc(sizeof(*f));
    char ranges[FORM_RANGES_MAX][SYNC_FORM_MAX + 8];
    size_t n_ranges = 0, taken = 0, i = 0;
    enum sync_rc rc = SYNC_OK;
    const char *t;
    sync_paradigm(q->text, q->len, f);
    if (f->n > 1)
        n_ranges = sync_paradigm_ranges(f, ranges, FORM_RANGES_MAX);
    while (!rc && n_ranges && (t = plan_table(pl, &i))) {
        char sql[160];
        sqlite3_stmt *s = NULL;
        /* t is a name of the schema, the allow-list of identifiers */
        snprintf(sql, sizeof(sql),
                 "SELECT term FROM %s_vocab WHERE term >= ?1 AND term < ?2 "
                 "LIMIT %d",
                 t, FORM_SCAN_MAX);
        int r = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
        for (size_t k = 0; r == SQLITE_OK && k < n_ranges; k++) {
            char hi[SYNC_FORM_MAX + 8];
            size_t len = strlen(ranges[k]);
            memcpy(hi, ranges[k], len + 1);
            hi[len - 1]++; /* a to z: never past 0x7f */
            sqlite3_reset(s);
            sqlite3_bind_text(s, 1, ranges[k], -1, SQLITE_STATIC);
            sqlite3_bind_text(s, 2, hi, -1, SQLITE_TRANSIENT);
            while ((r = sqlite3_step(s)) == SQLITE_ROW) {
                const char *term = (const char *)sqlite3_column_text(s, 0);
                if (term && taken < FORMS_WORD_MAX &&
                    strcmp(term, q->text) != 0 && sync_paradigm_has(f, term)) {
                    phrase_add(pl, w, term, false, W_FORM);
                    taken++;
                }
            }
            r = r == SQLITE_DONE ? SQLITE_OK : r;
        }
        sqlite3_finalize(s);
        if (r != SQLITE_OK)
            rc = store_db_err(st, err, r, "cannot read search vocabulary");
    }
    free(f);
    return rc;
}

/* Adds to word w the phrases of the synonym groups of text (folded) or
 * of its stem key, at weight; returns whether it is in a group. */
static bool plan_synonyms(struct plan *pl, const struct syns *syn, size_t w,
                          const char *text, const char *key, double weight)
{
    size_t base = pl->n_p;
    bool found = false;
    for (size_t i = 0; i < syn->n && pl->n_p - base < SYN_WORD_MAX; i++) {
        const struct syn *a = &syn->s[i];
        if (strcmp(a->term, text) != 0 && (!*key || strcmp(a->key, key) != 0))
            continue;
        found = true;
        for (size_t j = 0; j < syn->n && pl->n_p - base < SYN_WORD_MAX; j++) {
            const struct syn *b = &syn->s[j];
            if (b->grp != a->grp)
                continue;
            if (!*b->key) {
                phrase_add(pl, w, b->term, false, weight);
                continue;
            }
            phrase_add_key(pl, w, b->key, weight);
            /* the term as a key too, as for a query word (own_key) */
            if (strcmp(b->key + 1, b->term) != 0) {
                char own[SYNC_STEM_MAX + 2];
                snprintf(own, sizeof(own), "~%s", b->term);
                phrase_add(pl, w, own, false, weight);
            }
        }
    }
    return found;
}

/* The phrases of word w: itself, its prefix, its stem, its synonyms. */
static void plan_phrases(struct plan *pl, const struct syns *syn, size_t w)
{
    struct qword *q = &pl->w[w];
    char own[SYNC_STEM_MAX + 2];
    phrase_add(pl, w, q->text, false, W_EXACT);
    if (q->len > 1)
        phrase_add(pl, w, q->text, true, q->whole ? W_PREFIX : W_TYPING);
    phrase_add_key(pl, w, q->key, W_STEM);
    /* the word as a stem key: Snowball cuts what looks like an ending off
     * a word in the nominative ("kupres" -> kupr, "okolis" -> okol) but
     * not off its other forms (kupres-u) */
    own_key(own, q);
    phrase_add(pl, w, own, false, W_STEM);
    q->synonyms = plan_synonyms(pl, syn, w, q->text, q->key, W_SYNONYM);
}

/* Writes the two FTS5 queries of the plan: every word (its phrases
 * OR-ed, the words AND-ed), and any word (all phrases OR-ed). FTS5
 * numbers phrases in the order written, which spona_rank relies on: the
 * phrases are added word by word, so both queries number them alike. */
static enum sync_rc plan_text(struct plan *pl)
{
    enum sync_rc rc = SYNC_OK;
    for (size_t w = 0; w < pl->n_words && !rc; w++) {
        bool first = true;
        rc = sync_buf_adds(&pl->all, w ? ") AND (" : "(");
        for (size_t i = 0; i < pl->n_p && !rc; i++) {
            const struct phrase *p = &pl->p[i];
            if (p->word != w)
                continue;
            rc = sync_buf_addf(&pl->all, "%s\"%s\"%s", first ? "" : " OR ",
                               p->text, p->prefix ? "*" : "");
            first = false;
        }
    }
    if (!rc)
        rc = sync_buf_adds(&pl->all, ")");
    for (size_t i = 0; i < pl->n_p && !rc; i++)
        rc = sync_buf_addf(&pl->any, "%s\"%s\"%s", i ? " OR " : "",
                           pl->p[i].text, pl->p[i].prefix ? "*" : "");
    return rc;
}

/* Counts the rows of table holding each phrase of the plan (prefixes
 * aside), into the docs of its word. */
static enum sync_rc plan_docs(struct sync_store *st, struct plan *pl,
                              const char *table, struct sync_err *err)
{
    char sql[128];
    sqlite3_stmt *s = NULL;
    snprintf(sql, sizeof(sql), "SELECT doc FROM %s_vocab WHERE term = ?1",
             table);
    int r = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
    for (size_t i = 0; r == SQLITE_OK && i < pl->n_p; i++) {
        const struct phrase *p = &pl->p[i];
        if (p->prefix)
            continue;
        sqlite3_bind_text(s, 1, p->text, -1, SQLITE_STATIC);
        r = sqlite3_step(s);
        int64_t docs = r == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
        pl->w[p->word].docs += docs;
        const char *key = pl->w[p->word].key;
        if (*key &&
            (strcmp(p->text, key) == 0 || strcmp(p->text, key + 1) == 0))
            pl->w[p->word].key_docs += docs;
        r = r == SQLITE_ROW || r == SQLITE_DONE ? sqlite3_reset(s) : r;
    }
    sqlite3_finalize(s);
    if (r != SQLITE_OK)
        return store_db_err(st, err, r, "cannot read search vocabulary");
    return SYNC_OK;
}

/*
 * Drops prefix phrases that cannot change the hits, since merging a
 * common word's lists is what a query costs most: the prefix of a word
 * no longer index word starts with (it finds the rows of the word
 * itself, which rank higher as exact matches), and the prefix of a
 * one-word query when the rows holding the word in some form fill the
 * hits (prefix matches rank below every such row).
 */
static void plan_trim(struct plan *pl, size_t limit)
{
    bool full =
        pl->n_words == 1 && limit && pl->w[0].key_docs >= (int64_t)limit;
    size_t o = 0;
    for (size_t i = 0; i < pl->n_p; i++) {
        const struct phrase *p = &pl->p[i];
        const struct qword *q = &pl->w[p->word];
        if (!p->prefix || strcmp(p->text, q->text) != 0 ||
            (!full && q->extended))
            pl->p[o++] = *p;
    }
    pl->n_p = o;
}

void plan_release(struct plan *pl)
{
    free(pl->p);
    sync_buf_release(&pl->all);
    sync_buf_release(&pl->any);
}

/* Plans query over table (NULL: all but skip) for limit hits (0: any
 * number). The caller releases pl, also on failure. */
enum sync_rc plan_make(struct sync_store *st, struct plan *pl,
                       const char *query, const char *table, const char *skip,
                       size_t limit, struct sync_err *err)
{
    struct syns syn = {NULL, 0};
    struct sync_stem *stem = NULL;
    memset(pl, 0, sizeof(*pl));
    pl->table = table;
    pl->skip = skip;
    pl->p = sync_xcalloc(PHRASES_MAX, sizeof(*pl->p));
    sync_buf_init(&pl->all, 64 * 1024);
    sync_buf_init(&pl->any, 64 * 1024);
    enum sync_rc rc = plan_words(pl, query, err);
    if (!rc) {
        /* On a full disk the index cannot catch up: search what it holds
         * rather than nothing, as reading must work when writing cannot. */
        struct sync_err stale;
        sync_err_init(&stale);
        enum sync_rc r2 = sync_store_search_refresh(st, &stale);
        if (r2 && r2 != SYNC_IO)
            rc = sync_err_set(err, r2, "%s", stale.msg);
    }
    if (!rc)
        rc = plan_list_tables(st, pl, err);
    if (!rc) {
        stem = sync_stem_new();
        rc = syns_load(st, stem, &syn, err);
    }
    for (size_t w = 0; !rc && w < pl->n_words; w++) {
        key_of(stem, pl->w[w].key, pl->w[w].text);
        plan_phrases(pl, &syn, w); /* first: it finds the synonyms */
        rc = plan_vocab(st, pl, stem, &syn, w, err);
        if (!rc)
            rc = plan_forms(st, pl, w, err);
    }
    size_t at = 0;
    const char *t;
    while (!rc && (t = plan_table(pl, &at)))
        rc = plan_docs(st, pl, t, err);
    if (!rc)
        plan_trim(pl, limit);
    /* the prefix weight depends on what plan_vocab found */
    for (size_t i = 0; !rc && i < pl->n_p; i++) {
        const struct qword *q = &pl->w[pl->p[i].word];
        if (pl->p[i].prefix && q->whole && strcmp(pl->p[i].text, q->text) == 0)
            pl->p[i].weight = W_PREFIX;
    }
    if (!rc && plan_text(pl))
        rc = sync_err_set(err, SYNC_TOOBIG, "query is too long");
    sync_stem_free(stem);
    free(syn.s);
    return rc;
}

/*
 * How rare each word is among rows rows, as bm25's idf scaled to 0.1 ..
 * 1, so that in "opštini Živinice" the rare town outweighs the common
 * word (docs counts a row once per phrase it holds: an estimate).
 */
static void plan_idf(struct plan *pl, int64_t rows)
{
    double n = (double)rows;
    double top = log(1 + (n + 0.5) / 0.5);
    for (size_t w = 0; w < pl->n_words; w++) {
        double d = (double)pl->w[w].docs < n ? (double)pl->w[w].docs : n;
        double idf = log(1 + (n - d + 0.5) / (d + 0.5)) / top;
        pl->w[w].idf = idf > 0.1 ? idf : 0.1;
    }
    pl->idf_rows = rows;
}

/*
 * The score of a row: W_WORD per query word it matches, plus for each
 * word the weight of its best phrase there (W_TITLE times in the
 * title) times its idf, plus under 0.5 for many phrases and columns
 * matched in a short text.
 */
void plan_rank(const Fts5ExtensionApi *api, Fts5Context *fts,
               sqlite3_context *ctx, int n_val, sqlite3_value **val)
{
    struct plan *pl =
        n_val == 1 ? sqlite3_value_pointer(val[0], "spona_plan") : NULL;
    double best[SYNC_LIMIT_QUERY_WORDS] = {0}, score = 0;
    int n_hit = 0, r = SQLITE_OK;
    sqlite3_int64 rows = 0;
    if (!pl) {
        sqlite3_result_error(ctx, "spona_rank needs a plan", -1);
        return;
    }
    /* the columns each phrase is in: cheaper than every instance */
    for (size_t i = 0; r == SQLITE_OK && i < pl->n_p; i++) {
        const struct phrase *p = &pl->p[i];
        Fts5PhraseIter it;
        int col = -1;
        r = api->xPhraseFirstColumn(fts, (int)i, &it, &col);
        for (; r == SQLITE_OK && col >= 0;
             api->xPhraseNextColumn(fts, &it, &col)) {
            double w = p->weight * (col == 0 ? W_TITLE : 1.0);
            best[p->word] = w > best[p->word] ? w : best[p->word];
            n_hit++;
        }
    }
    if (r == SQLITE_OK)
        r = api->xRowCount(fts, &rows);
    if (r != SQLITE_OK) {
        sqlite3_result_error_code(ctx, r);
        return;
    }
    if (rows != pl->idf_rows)
        plan_idf(pl, rows);
    for (size_t w = 0; w < pl->n_words; w++)
        score += best[w] > 0 ? W_WORD + best[w] * pl->w[w].idf : 0;
    score += 0.4 * (n_hit < 10 ? n_hit : 10) / 10.0;
    sqlite3_result_double(ctx, score);
}
