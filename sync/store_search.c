/* SPDX-License-Identifier: MIT */
/*
 * store_search: the folding tokenizer FTS5 indexes with, and searching
 * those indexes (docs/ARCHITECTURE.md "Search"). The tokenizer hands FTS5
 * the folded words of fold.h with their offsets in the original text, and
 * beside each word, at the same place, its stem key (stem.h) marked by a
 * leading '~', which folding never yields. A query is folded and stemmed
 * the same way; each of its words becomes a set of phrases (the word, the
 * word as a prefix, its stem, its synonyms' stems, and the index words a
 * typo away when nothing else matches), each with a weight, and the
 * phrases of all words are OR-ed. The rank function "spona_rank" scores a
 * row by the words it matches and by the best phrase of each. The FTS5
 * query text is built from folded words only, which hold no quote, and
 * the tokenizer passes query text through unfolded (it was folded here),
 * so user text never reaches FTS5 syntax.
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
#include "stem.h"
#include "store_int.h"
#include "store_search.h"
#include "typo.h"

#include "spona/banned.h"

/* ---- the tokenizer ---- */

/* One tokenizer of one index on one connection. */
struct tok {
    struct sync_stem *stem; /* owned */
};

struct tok_call {
    struct tok *tok;
    void *ctx;
    int (*emit)(void *ctx, int flags, const char *token, int len, int start,
                int end);
};

/* Emits a folded word and, at the same place, '~' and its stem key
 * unless the key is the word. */
static int tok_word(const char *word, size_t len, size_t start, size_t end,
                    void *payload)
{
    struct tok_call *c = payload;
    char key[SYNC_STEM_MAX + 2];
    int r = c->emit(c->ctx, 0, word, (int)len, (int)start, (int)end);
    size_t n = r == SQLITE_OK ? sync_stem_key(c->tok->stem, key + 1, word,
                                              len) : 0;
    /* a word that is its own stem ("grad", "na") is found as a word: no
     * key token, a third fewer tokens to index */
    if (!n || (n == len && memcmp(key + 1, word, len) == 0))
        return r;
    key[0] = '~';
    return c->emit(c->ctx, FTS5_TOKEN_COLOCATED, key, (int)n + 1, (int)start,
                   (int)end);
}

/* Query text was built by build_query from folded words and keys joined
 * by spaces: it is passed through as it is, since folding it again could
 * only lose the '~' of a key. */
static int tok_query(struct tok_call *c, const char *text, int len)
{
    int start = 0;
    for (int i = 0; i <= len; i++) {
        if (i < len && text[i] != ' ')
            continue;
        if (i > start) {
            int r = c->emit(c->ctx, 0, text + start, i - start, start, i);
            if (r != SQLITE_OK)
                return r;
        }
        start = i + 1;
    }
    return SQLITE_OK;
}

static int tok_tokenize(Fts5Tokenizer *tok, void *ctx, int flags,
                        const char *text, int len,
                        int (*emit)(void *, int, const char *, int, int, int))
{
    struct tok_call c = {.tok = (struct tok *)tok, .ctx = ctx, .emit = emit};
    if (len < 0)
        return SQLITE_ERROR;
    if (flags & FTS5_TOKENIZE_QUERY)
        return tok_query(&c, text, len);
    return sync_fold_words(text, (size_t)len, tok_word, &c);
}

static int tok_create(void *ctx, const char **args, int n_args,
                      Fts5Tokenizer **out)
{
    (void)ctx;
    (void)args;
    (void)n_args;
    struct tok *t = sync_xcalloc(1, sizeof(*t));
    t->stem = sync_stem_new();
    *out = (Fts5Tokenizer *)t;
    return SQLITE_OK;
}

static void tok_delete(Fts5Tokenizer *tok)
{
    struct tok *t = (struct tok *)tok;
    if (t)
        sync_stem_free(t->stem);
    free(t);
}

static void rank_fn(const Fts5ExtensionApi *api, Fts5Context *fts,
                    sqlite3_context *ctx, int n_val, sqlite3_value **val);

enum sync_rc store_search_register(struct sync_store *st, struct sync_err *err)
{
    static const fts5_tokenizer tok = {tok_create, tok_delete, tok_tokenize};
    fts5_api *api = NULL;
    sqlite3_stmt *s = NULL;
    int r = sqlite3_prepare_v2(st->db, "SELECT fts5(?1)", -1, &s, NULL);
    if (r == SQLITE_OK) {
        sqlite3_bind_pointer(s, 1, (void *)&api, "fts5_api_ptr", NULL);
        r = sqlite3_step(s);
    }
    sqlite3_finalize(s);
    if (!api || api->iVersion < 2)
        return sync_err_set(err, SYNC_DB, "this SQLite has no FTS5");
    r = api->xCreateTokenizer(api, "spona", NULL, (fts5_tokenizer *)&tok,
                              NULL);
    if (r == SQLITE_OK)
        r = api->xCreateFunction(api, "spona_rank", NULL, rank_fn, NULL);
    return r == SQLITE_OK ? SYNC_OK
                          : store_db_err(st, err, r, "cannot add tokenizer");
}

/* ---- queries ---- */

/*
 * Weights of a phrase matched in the body (a title match counts
 * W_TITLE times): an exact word; its stem; a synonym; a prefix while the
 * word is being typed (no index word is the word or has its stem); a
 * prefix of a word that is complete (so "Una" ranks the river "na Uni"
 * above "Unapređenje"); an index word a typo away.
 */
#define W_EXACT 10.0
#define W_STEM 6.0
#define W_SYNONYM 5.0
#define W_TYPING 7.0
#define W_PREFIX 2.0
#define W_TYPO 1.0
#define W_TITLE 1.5
#define W_WORD 100.0 /* per query word matched: all words first */

#define SYN_MAX 1000    /* rows of search_synonym read */
#define TABLES_MAX 32   /* searchable tables */
#define TYPOS_MAX 3     /* index words taken for one mistyped word */
#define SYN_WORD_MAX 16 /* synonym phrases of one query word */
/* phrases of one query: per word 4 of its own (and one a synonym may
 * pass SYN_WORD_MAX by), synonyms, and 2 per typo */
#define PHRASES_MAX \
    (SYNC_LIMIT_QUERY_WORDS * (5 + SYN_WORD_MAX + 2 * TYPOS_MAX))

/* One synonym, folded, with its stem key. */
struct syn {
    int64_t grp;                         /* group: one meaning */
    char term[SYNC_FOLD_WORD_MAX + 1];   /* folded */
    char key[SYNC_STEM_MAX + 2];         /* '~' + stem key, or "" */
};

struct syns {
    struct syn *s; /* SYN_MAX, owned */
    size_t n;      /* used */
};

/* One phrase of the FTS5 query: a single token. */
struct phrase {
    char text[SYNC_STEM_MAX + 2]; /* a folded word, or '~' + stem key */
    bool prefix;                  /* matched as a prefix */
    size_t word;                  /* the query word it stands for */
    double weight;                /* in the body */
};

/* One word of the query. */
struct qword {
    char text[SYNC_FOLD_WORD_MAX + 1]; /* folded */
    size_t len;                        /* of text */
    char key[SYNC_STEM_MAX + 2];       /* '~' + stem key, or "" */
    bool whole;    /* an index word is this word or has its stem */
    bool prefixed; /* an index word starts with it */
    bool extended; /* a longer index word starts with it */
    bool synonyms; /* it is in a synonym group */
    int64_t docs;  /* rows holding one of its phrases, summed over them */
    int64_t key_docs; /* rows holding its stem */
    double idf;    /* how rare it is, 0.1 .. 1, for spona_rank */
    char fix[SYNC_STEM_MAX + 2];       /* nearest index word, when none of
                                          the above; "" if none */
};

/* A query, ready to run: its words and the phrases standing for them. */
struct plan {
    struct qword w[SYNC_LIMIT_QUERY_WORDS]; /* distinct, stop words out */
    size_t n_words;
    struct phrase *p;                       /* PHRASES_MAX, owned */
    size_t n_p;
    const char *table;                      /* only this one; NULL: all */
    int64_t idf_rows;                       /* rows the idf were for */
    const char *tables[TABLES_MAX];         /* searchable, from the schema */
    size_t n_tables;
    struct sync_buf all;                    /* FTS5 query: every word */
    struct sync_buf any;                    /* FTS5 query: any word */
};

/* Words that alone say nothing about a record; dropped from a query
 * that has other words. Folded. */
static bool is_stop(const char *w)
{
    static const char *const stop[] = {
        "a", "bez", "da", "do", "i", "ili", "iz", "je", "k", "ka", "kod",
        "koja", "koje", "koji", "li", "na", "ni", "o", "od", "po", "pri",
        "s", "sa", "se", "te", "u", "uz", "za", "and", "for", "in", "of",
        "the", "to"};
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
static void phrase_add(struct plan *pl, size_t w, const char *text,
                       bool prefix, double weight)
{
    if (!*text)
        return;
    for (size_t i = 0; i < pl->n_p; i++) {
        struct phrase *p = &pl->p[i];
        if (p->word == w && p->prefix == prefix &&
            strcmp(p->text, text) == 0) {
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

static int collect_word(const char *word, size_t len, size_t start,
                        size_t end, void *payload)
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
        if (pl->table && strcmp(pl->table, t->name) != 0)
            continue;
        rc = store_search_has_index(st, t->name, &ok, err);
        if (!rc && ok)
            pl->tables[pl->n_tables++] = t->name;
    }
    return rc;
}

/* The next searchable table of the plan after *i, or NULL. */
static const char *plan_table(const struct plan *pl, size_t *i)
{
    return *i < pl->n_tables ? pl->tables[(*i)++] : NULL;
}

/* What vocab_has looks for. */
enum vocab_match {
    VOCAB_IS,      /* the term itself */
    VOCAB_STARTS,  /* a term starting with it, or itself */
    VOCAB_EXTENDS  /* a longer term starting with it */
};

/* Whether table's index holds a term matching term as m says; sets *out
 * when it does (it never clears it). */
static enum sync_rc vocab_has(struct sync_store *st, const char *table,
                              const char *term, enum vocab_match m,
                              bool *out, struct sync_err *err)
{
    char sql[160], hi[SYNC_STEM_MAX + 2];
    sqlite3_stmt *s = NULL;
    size_t len = strlen(term);
    /* table is a name of the schema, the allow-list of identifiers */
    snprintf(sql, sizeof(sql), "SELECT 1 FROM %s_vocab WHERE term %s ?1 "
             "AND term %s ?2 LIMIT 1", table, m == VOCAB_EXTENDS ? ">" : ">=",
             m == VOCAB_IS ? "<=" : "<");
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
    int64_t docs; /* rows holding it */
};

/* Keeps near (TYPOS_MAX) sorted by distance, then by rows holding it. */
static void near_add(struct near *near, size_t *n, const char *term,
                     size_t dist, int64_t docs)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp(near[i].term, term) == 0) {
            near[i].docs += docs;
            return;
        }
    size_t at = *n;
    while (at > 0 && (near[at - 1].dist > dist ||
                      (near[at - 1].dist == dist && near[at - 1].docs < docs)))
        at--;
    if (at == TYPOS_MAX)
        return;
    if (*n < TYPOS_MAX)
        (*n)++;
    memmove(near + at + 1, near + at, (*n - at - 1) * sizeof(*near));
    snprintf(near[at].term, sizeof(near[at].term), "%s", term);
    near[at].dist = dist;
    near[at].docs = docs;
}

/*
 * Index terms of table that start with mark and the first letter of word
 * (len bytes) and are a typo away from it, into near: words (mark "")
 * or stem keys (mark "~"), so that a typo in another form of a word
 * ("poljoprivrdnici" for "poljoprivrednika") still finds it.
 */
static enum sync_rc vocab_near(struct sync_store *st, const char *table,
                               const char *mark, const char *word,
                               size_t len, size_t max, struct near *near,
                               size_t *n, struct sync_err *err)
{
    char sql[160], lo[4], hi[4];
    size_t skip = strlen(mark);
    sqlite3_stmt *s = NULL;
    snprintf(lo, sizeof(lo), "%s%c", mark, word[0]);
    snprintf(hi, sizeof(hi), "%s%c", mark, word[0] + 1);
    snprintf(sql, sizeof(sql), "SELECT term, doc FROM %s_vocab WHERE "
             "term >= ?1 AND term < ?2", table);
    int r = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
    if (r == SQLITE_OK) {
        sqlite3_bind_text(s, 1, lo, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, hi, -1, SQLITE_STATIC);
        r = SQLITE_ROW;
    }
    while (r == SQLITE_ROW && (r = sqlite3_step(s)) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(s, 0);
        size_t t_len = (size_t)sqlite3_column_bytes(s, 0);
        size_t d = t && t_len > skip
                       ? sync_typo_distance(word, len, t + skip, t_len - skip,
                                            max)
                       : max + 1;
        if (d <= max)
            near_add(near, n, t, d, sqlite3_column_int64(s, 1));
    }
    sqlite3_finalize(s);
    if (r != SQLITE_DONE)
        return store_db_err(st, err, r, "cannot read search vocabulary");
    return SYNC_OK;
}

/* Takes the nearest terms for word w: the ones at the least distance,
 * each with its stem; the nearest word (not key) is the "did you mean". */
static void plan_near(struct plan *pl, struct sync_stem *stem, size_t w,
                      const struct near *near, size_t n_near)
{
    struct qword *q = &pl->w[w];
    for (size_t k = 0; k < n_near && near[k].dist == near[0].dist; k++) {
        char key[SYNC_STEM_MAX + 2];
        const char *t = near[k].term;
        if (t[0] != '~')
            key_of(stem, key, t);
        /* the stem holds the word: one phrase, one list to merge */
        if (t[0] == '~') {
            phrase_add_key(pl, w, t, W_TYPO);
            continue;
        }
        if (*key)
            phrase_add_key(pl, w, key, W_TYPO);
        else
            phrase_add(pl, w, t, false, W_TYPO);
        if (!*q->fix)
            snprintf(q->fix, sizeof(q->fix), "%.*s",
                     (int)sizeof(q->fix) - 1, t);
    }
    if (n_near && !*q->fix)
        snprintf(q->fix, sizeof(q->fix), "%.*s", (int)sizeof(q->fix) - 1,
                 near[0].term + 1);
}

/* What the indexes hold of word w: the word, its stem, a word it starts;
 * and when none, the nearest words, as typo phrases. */
static enum sync_rc plan_vocab(struct sync_store *st, struct plan *pl,
                               struct sync_stem *stem, size_t w,
                               struct sync_err *err)
{
    struct qword *q = &pl->w[w];
    struct near near[TYPOS_MAX];
    size_t n_near = 0, i = 0, max = sync_typo_max(q->len);
    enum sync_rc rc = SYNC_OK;
    const char *t;
    while (!rc && (t = plan_table(pl, &i))) {
        rc = vocab_has(st, t, q->text, VOCAB_IS, &q->whole, err);
        if (!rc && *q->key)
            rc = vocab_has(st, t, q->key, VOCAB_IS, &q->whole, err);
        if (!rc && *q->key)
            rc = vocab_has(st, t, q->key + 1, VOCAB_IS, &q->whole, err);
        if (!rc && q->len > 1)
            rc = vocab_has(st, t, q->text, VOCAB_STARTS, &q->prefixed, err);
        if (!rc && q->len > 1)
            rc = vocab_has(st, t, q->text, VOCAB_EXTENDS, &q->extended, err);
    }
    if (rc || q->whole || q->prefixed || q->synonyms || !max)
        return rc;
    i = 0;
    while (!rc && (t = plan_table(pl, &i)))
        rc = vocab_near(st, t, "", q->text, q->len, max, near, &n_near, err);
    /* stems only when no word is near: short keys are near too many */
    i = 0;
    while (!rc && !n_near && *q->key &&
           (t = plan_table(pl, &i)))
        rc = vocab_near(st, t, "~", q->key + 1, strlen(q->key + 1), max,
                        near, &n_near, err);
    if (!rc)
        plan_near(pl, stem, w, near, n_near);
    return rc;
}

/* The phrases of word w: itself, its prefix, its stem, its synonyms. */
static void plan_phrases(struct plan *pl, const struct syns *syn, size_t w)
{
    struct qword *q = &pl->w[w];
    phrase_add(pl, w, q->text, false, W_EXACT);
    if (q->len > 1)
        phrase_add(pl, w, q->text, true, q->whole ? W_PREFIX : W_TYPING);
    phrase_add_key(pl, w, q->key, W_STEM);
    size_t base = pl->n_p;
    for (size_t i = 0; i < syn->n && pl->n_p - base < SYN_WORD_MAX; i++) {
        const struct syn *a = &syn->s[i];
        if (strcmp(a->term, q->text) != 0 &&
            (!*q->key || strcmp(a->key, q->key) != 0))
            continue;
        q->synonyms = true;
        for (size_t j = 0; j < syn->n && pl->n_p - base < SYN_WORD_MAX; j++) {
            const struct syn *b = &syn->s[j];
            if (b->grp != a->grp)
                continue;
            if (*b->key)
                phrase_add_key(pl, w, b->key, W_SYNONYM);
            else
                phrase_add(pl, w, b->term, false, W_SYNONYM);
        }
    }
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
        if (*key && (strcmp(p->text, key) == 0 ||
                     strcmp(p->text, key + 1) == 0))
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
    bool full = pl->n_words == 1 && limit &&
                pl->w[0].key_docs >= (int64_t)limit;
    size_t o = 0;
    for (size_t i = 0; i < pl->n_p; i++) {
        const struct phrase *p = &pl->p[i];
        if (!p->prefix || (!full && pl->w[p->word].extended))
            pl->p[o++] = *p;
    }
    pl->n_p = o;
}

static void plan_release(struct plan *pl)
{
    free(pl->p);
    sync_buf_release(&pl->all);
    sync_buf_release(&pl->any);
}

/* Plans query over table (NULL: all) for limit hits (0: any number).
 * The caller releases pl, also on failure. */
static enum sync_rc plan_make(struct sync_store *st, struct plan *pl,
                              const char *query, const char *table,
                              size_t limit, struct sync_err *err)
{
    struct syns syn = {NULL, 0};
    struct sync_stem *stem = NULL;
    memset(pl, 0, sizeof(*pl));
    pl->table = table;
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
        rc = plan_vocab(st, pl, stem, w, err);
    }
    size_t at = 0;
    const char *t;
    while (!rc && (t = plan_table(pl, &at)))
        rc = plan_docs(st, pl, t, err);
    if (!rc)
        plan_trim(pl, limit);
    /* the prefix weight depends on what plan_vocab found */
    for (size_t i = 0; !rc && i < pl->n_p; i++)
        if (pl->p[i].prefix && pl->w[pl->p[i].word].whole)
            pl->p[i].weight = W_PREFIX;
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
static void rank_fn(const Fts5ExtensionApi *api, Fts5Context *fts,
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

/* ---- keeping the indexes up to date ---- */

/* Re-indexes the rows of table named by entries n in (from, to]. */
static enum sync_rc refresh_table(struct sync_store *st, const char *table,
                                  int64_t from, int64_t to,
                                  struct sync_err *err)
{
    char sql[512];
    enum sync_rc rc = SYNC_OK;
    for (int i = 0; i < 2 && !rc; i++) {
        sqlite3_stmt *s = NULL;
        /* table is a name of the schema, the allow-list of identifiers */
        if (i == 0)
            snprintf(sql, sizeof(sql), "DELETE FROM %s_fts WHERE rowid IN "
                     "(SELECT rowid FROM %s WHERE id IN (SELECT row_id FROM "
                     "entry WHERE n > ?1 AND n <= ?2 AND tbl = ?3))",
                     table, table);
        else
            snprintf(sql, sizeof(sql), "INSERT INTO %s_fts (rowid, title, "
                     "body) SELECT rid, title, body FROM %s_text WHERE rid "
                     "IN (SELECT rowid FROM %s WHERE _deleted = 0 AND id "
                     "IN (SELECT row_id FROM entry WHERE n > ?1 AND n <= ?2 "
                     "AND tbl = ?3))",
                     table, table, table);
        int r = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
        if (r == SQLITE_OK) {
            sqlite3_bind_int64(s, 1, from);
            sqlite3_bind_int64(s, 2, to);
            sqlite3_bind_text(s, 3, table, -1, SQLITE_STATIC);
            r = sqlite3_step(s);
        }
        sqlite3_finalize(s);
        if (r != SQLITE_DONE)
            rc = store_db_err(st, err, r, "cannot update search index");
    }
    return rc;
}

static enum sync_rc refresh_locked(struct sync_store *st, struct sync_err *err)
{
    int64_t from = 0, to = 0;
    sqlite3_stmt *s = NULL;
    enum sync_rc rc = sync_store_meta_get_int(st, "search_n", &from, err);
    if (rc == SYNC_NOTFOUND)
        rc = SYNC_OK;
    if (rc)
        return rc;
    int r = sqlite3_prepare_v2(st->db, "SELECT coalesce(max(n), 0) FROM entry",
                               -1, &s, NULL);
    if (r == SQLITE_OK && (r = sqlite3_step(s)) == SQLITE_ROW)
        to = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    if (r != SQLITE_ROW)
        return store_db_err(st, err, r, "cannot read the log");
    if (to <= from)
        return SYNC_OK;
    for (size_t i = 0; !rc; i++) {
        const struct sync_tdef *t = sync_schema_table_at(st->schema, i);
        bool ok = false;
        if (!t)
            break;
        rc = store_search_has_index(st, t->name, &ok, err);
        if (!rc && ok)
            rc = refresh_table(st, t->name, from, to, err);
    }
    if (!rc)
        rc = sync_store_meta_set_int(st, "search_n", to, err);
    return rc;
}

enum sync_rc sync_store_search_refresh(struct sync_store *st,
                                       struct sync_err *err)
{
    bool own = sqlite3_get_autocommit(st->db) != 0;
    enum sync_rc rc = own ? sync_store_begin(st, err) : SYNC_OK;
    if (!rc)
        rc = refresh_locked(st, err);
    if (own && !rc)
        rc = sync_store_commit(st, err);
    if (own && rc)
        sync_store_rollback(st);
    return rc;
}

/* ---- running them ---- */

struct hit_row {
    const char *table; /* borrowed from the schema */
    int64_t rowid;     /* in table and its index */
    char *id;
    char *title;
    char *snippet;     /* NULL until the hit is handed out */
    double score;      /* spona_rank */
};

struct hits {
    struct hit_row *h;
    size_t n;
    size_t cap;
};

/* A copy of a text column with runs of blanks made one space and the
 * ends trimmed (the indexed text joins fields, some of them empty). */
static char *column_dup(sqlite3_stmt *s, int col)
{
    const char *t = (const char *)sqlite3_column_text(s, col);
    char *out = sync_xstrdup(t ? t : "");
    size_t o = 0;
    for (size_t i = 0; out[i]; i++) {
        bool blank = out[i] == ' ' || out[i] == '\t' || out[i] == '\n' ||
                     out[i] == '\r';
        if (blank && (o == 0 || out[o - 1] == ' '))
            continue;
        out[o++] = blank ? ' ' : out[i];
    }
    while (o && out[o - 1] == ' ')
        o--;
    out[o] = '\0';
    return out;
}

enum sync_rc store_search_has_index(struct sync_store *st, const char *table,
                                    bool *out, struct sync_err *err)
{
    sqlite3_stmt *s = NULL;
    int r = sqlite3_prepare_v2(st->db, "SELECT 1 FROM sqlite_schema WHERE "
                               "type = 'table' AND name = ?1 || '_fts'",
                               -1, &s, NULL);
    if (r == SQLITE_OK) {
        sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
        r = sqlite3_step(s);
    }
    sqlite3_finalize(s);
    *out = r == SQLITE_ROW;
    if (r != SQLITE_ROW && r != SQLITE_DONE)
        return store_db_err(st, err, r, "cannot list search indexes");
    return SYNC_OK;
}

/* The best rows of table for fts_query, by spona_rank, into hits. The
 * snippets wait for snippet_get: making one costs more than ranking. */
static enum sync_rc search_table(struct sync_store *st, const char *table,
                                 const char *fts_query, struct plan *pl,
                                 size_t limit, struct hits *hits,
                                 struct sync_err *err)
{
    char sql[512];
    sqlite3_stmt *s = NULL;
    /* table is a name of the schema, the allow-list of identifiers */
    /* ranked on the index alone, then joined: the rows are read only
     * for the best; the index holds no deleted row (refresh_table) */
    snprintf(sql, sizeof(sql),
             "SELECT t.id, t.rowid, f.score, "
             "(SELECT title FROM %s_text WHERE rid = t.rowid) "
             "FROM (SELECT rowid AS rid, spona_rank(%s_fts, ?2) AS score "
             "FROM %s_fts WHERE %s_fts MATCH ?1 "
             "ORDER BY score DESC LIMIT ?3) f "
             "JOIN %s t ON t.rowid = f.rid WHERE t._deleted = 0 "
             "ORDER BY f.score DESC, t.id",
             table, table, table, table, table);
    int r = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
    if (r == SQLITE_OK) {
        sqlite3_bind_text(s, 1, fts_query, -1, SQLITE_STATIC);
        sqlite3_bind_pointer(s, 2, pl, "spona_plan", NULL);
        sqlite3_bind_int64(s, 3, (int64_t)limit);
        r = SQLITE_ROW;
    }
    while (r == SQLITE_ROW && (r = sqlite3_step(s)) == SQLITE_ROW) {
        if (hits->n == hits->cap) {
            hits->cap = hits->cap ? 2 * hits->cap : 16;
            hits->h = sync_xrealloc(hits->h, hits->cap * sizeof(*hits->h));
        }
        struct hit_row *h = &hits->h[hits->n++];
        h->table = table;
        h->id = column_dup(s, 0);
        h->rowid = sqlite3_column_int64(s, 1);
        h->score = sqlite3_column_double(s, 2);
        h->title = column_dup(s, 3);
        h->snippet = NULL;
    }
    sqlite3_finalize(s);
    if (r != SQLITE_DONE)
        return store_db_err(st, err, r, "cannot search");
    return SYNC_OK;
}

/* Makes the snippet of hit h, matched words between the marks of o. */
static enum sync_rc snippet_get(struct sync_store *st, struct hit_row *h,
                                const char *fts_query,
                                const struct sync_search_opts *o,
                                struct sync_err *err)
{
    char sql[256];
    sqlite3_stmt *s = NULL;
    snprintf(sql, sizeof(sql), "SELECT snippet(%s_fts, -1, ?2, ?3, '…', 16) "
             "FROM %s_fts WHERE %s_fts MATCH ?1 AND rowid = ?4",
             h->table, h->table, h->table);
    int r = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
    if (r == SQLITE_OK) {
        sqlite3_bind_text(s, 1, fts_query, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, o->mark_open, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 3, o->mark_close, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 4, h->rowid);
        r = sqlite3_step(s);
    }
    h->snippet = r == SQLITE_ROW ? column_dup(s, 0) : sync_xstrdup("");
    sqlite3_finalize(s);
    if (r != SQLITE_ROW && r != SQLITE_DONE)
        return store_db_err(st, err, r, "cannot search");
    return SYNC_OK;
}

static int hit_cmp(const void *a, const void *b)
{
    const struct hit_row *x = a, *y = b;
    if (x->score != y->score)
        return x->score < y->score ? 1 : -1;
    int c = strcmp(x->table, y->table);
    return c ? c : strcmp(x->id, y->id);
}

/* Searches every table of the plan with fts_query into hits. */
static enum sync_rc search_tables(struct sync_store *st, struct plan *pl,
                                  const char *fts_query, size_t limit,
                                  struct hits *hits, struct sync_err *err)
{
    size_t i = 0;
    bool any = false;
    enum sync_rc rc = SYNC_OK;
    const char *t;
    while (!rc && (t = plan_table(pl, &i))) {
        any = true;
        rc = search_table(st, t, fts_query, pl, limit, hits, err);
    }
    if (!rc && !any)
        rc = sync_err_set(err, SYNC_INVALID, "table '%.40s' is not searchable",
                          pl->table ? pl->table : "?");
    return rc;
}

enum sync_rc sync_store_search(struct sync_store *st, const char *query,
                               const struct sync_search_opts *opts,
                               sync_hit_cb cb, void *payload,
                               struct sync_err *err)
{
    struct sync_search_opts o = *opts;
    struct plan pl;
    struct hits hits = {0};
    if (!o.limit || o.limit > SYNC_LIMIT_SEARCH_HITS)
        o.limit = SYNC_LIMIT_SEARCH_HITS;
    o.mark_open = o.mark_open ? o.mark_open : "";
    o.mark_close = o.mark_close ? o.mark_close : "";
    enum sync_rc rc = plan_make(st, &pl, query, o.table, o.limit, err);
    /* rows with every word first; when there are none, rows with most */
    const char *fts_query = pl.all.buf;
    if (!rc)
        rc = search_tables(st, &pl, fts_query, o.limit, &hits, err);
    if (!rc && !hits.n && pl.n_words > 1) {
        fts_query = pl.any.buf;
        rc = search_tables(st, &pl, fts_query, o.limit, &hits, err);
    }
    if (!rc && hits.n)
        qsort(hits.h, hits.n, sizeof(*hits.h), hit_cmp);
    for (size_t i = 0; !rc && i < hits.n && i < o.limit; i++) {
        struct hit_row *h = &hits.h[i];
        rc = snippet_get(st, h, fts_query, &o, err);
        struct sync_hit out = {.table = h->table, .id = h->id,
                               .title = h->title, .snippet = h->snippet,
                               .score = h->score};
        if (!rc)
            rc = cb(&out, payload);
    }
    for (size_t i = 0; i < hits.n; i++) {
        free(hits.h[i].id);
        free(hits.h[i].title);
        free(hits.h[i].snippet);
    }
    free(hits.h);
    plan_release(&pl);
    return rc;
}

enum sync_rc sync_store_search_suggest(struct sync_store *st, char *out,
                                       size_t size, const char *query,
                                       const char *table,
                                       struct sync_err *err)
{
    struct plan pl;
    bool fixed = false;
    size_t len = 0;
    assert(size > 0);
    out[0] = '\0';
    enum sync_rc rc = plan_make(st, &pl, query, table, 0, err);
    for (size_t w = 0; !rc && w < pl.n_words; w++) {
        const struct qword *q = &pl.w[w];
        const char *word = *q->fix ? q->fix : q->text;
        int n = snprintf(out + len, size - len, "%s%s", w ? " " : "", word);
        fixed = fixed || *q->fix;
        if (n < 0 || (size_t)n >= size - len)
            rc = sync_err_set(err, SYNC_TOOBIG, "suggestion is over %zu "
                              "bytes", size - 1);
        else
            len += (size_t)n;
    }
    if (rc || !fixed)
        out[0] = '\0';
    plan_release(&pl);
    return rc;
}
