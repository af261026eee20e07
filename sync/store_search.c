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
#include "store_query.h"
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
    size_t n =
        r == SQLITE_OK ? sync_stem_key(c->tok->stem, key + 1, word, len) : 0;
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
    r = api->xCreateTokenizer(api, "spona", NULL, (fts5_tokenizer *)&tok, NULL);
    if (r == SQLITE_OK)
        r = api->xCreateFunction(api, "spona_rank", NULL, plan_rank, NULL);
    return r == SQLITE_OK ? SYNC_OK
                          : store_db_err(st, err, r, "cannot add tokenizer");
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
            snprintf(sql, sizeof(sql),
                     "DELETE FROM %s_fts WHERE rowid IN "
                     "(SELECT rowid FROM %s WHERE id IN (SELECT row_id FROM "
                     "entry WHERE n > ?1 AND n <= ?2 AND tbl = ?3))",
                     table, table);
        else
            snprintf(sql, sizeof(sql),
                     "INSERT INTO %s_fts (rowid, title, "
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
    char *snippet; /* NULL until the hit is handed out */
    double score;  /* spona_rank */
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
        bool blank =
            out[i] == ' ' || out[i] == '\t' || out[i] == '\n' || out[i] == '\r';
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
    int r = sqlite3_prepare_v2(st->db,
                               "SELECT 1 FROM sqlite_schema WHERE "
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
    snprintf(sql, sizeof(sql),
             "SELECT snippet(%s_fts, -1, ?2, ?3, '…', 16) "
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
    enum sync_rc rc = plan_make(st, &pl, query, o.table, NULL, o.limit, err);
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
        struct sync_hit out = {.table = h->table,
                               .id = h->id,
                               .title = h->title,
                               .snippet = h->snippet,
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
                                       const char *table, const char *skip,
                                       struct sync_err *err)
{
    struct plan pl;
    bool fixed = false;
    size_t len = 0;
    assert(size > 0);
    out[0] = '\0';
    enum sync_rc rc = plan_make(st, &pl, query, table, skip, 0, err);
    for (size_t w = 0; !rc && w < pl.n_words; w++) {
        const struct qword *q = &pl.w[w];
        const char *word = *q->fix ? q->fix : q->text;
        int n = snprintf(out + len, size - len, "%s%s", w ? " " : "", word);
        fixed = fixed || *q->fix;
        if (n < 0 || (size_t)n >= size - len)
            rc = sync_err_set(err, SYNC_TOOBIG,
                              "suggestion is over %zu "
                              "bytes",
                              size - 1);
        else
            len += (size_t)n;
    }
    if (rc || !fixed)
        out[0] = '\0';
    plan_release(&pl);
    return rc;
}
