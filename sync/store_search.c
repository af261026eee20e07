/* SPDX-License-Identifier: MIT */
/*
 * store_search: the folding tokenizer FTS5 indexes with, and searching
 * those indexes. The tokenizer hands FTS5 the folded words of fold.h with
 * their offsets in the original text, so matching is on folded words while
 * snippets and titles come back as written. A query is folded the same
 * way, each word becomes a prefix match OR-ed with its synonyms, and the
 * words are AND-ed; the FTS5 query text is built here from folded words
 * only, which hold no quote, so user text never reaches FTS5 syntax.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fold.h"
#include "mem.h"
#include "store_int.h"

#include "banned.h"

/* ---- the tokenizer ---- */

struct tok_call {
    void *ctx;
    int (*emit)(void *ctx, int flags, const char *token, int len, int start,
                int end);
};

static int tok_word(const char *word, size_t len, size_t start, size_t end,
                    void *payload)
{
    struct tok_call *c = payload;
    return c->emit(c->ctx, 0, word, (int)len, (int)start, (int)end);
}

static int tok_tokenize(Fts5Tokenizer *tok, void *ctx, int flags,
                        const char *text, int len,
                        int (*emit)(void *, int, const char *, int, int, int))
{
    (void)tok;
    (void)flags;
    struct tok_call c = {.ctx = ctx, .emit = emit};
    return len < 0 ? SQLITE_ERROR
                   : sync_fold_words(text, (size_t)len, tok_word, &c);
}

/* The tokenizer keeps no state: the instance is the context pointer. */
static int tok_create(void *ctx, const char **args, int n_args,
                      Fts5Tokenizer **out)
{
    (void)args;
    (void)n_args;
    *out = (Fts5Tokenizer *)ctx;
    return SQLITE_OK;
}

static void tok_delete(Fts5Tokenizer *tok)
{
    (void)tok;
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
    r = api->xCreateTokenizer(api, "spona", st->db, (fts5_tokenizer *)&tok,
                              NULL);
    return r == SQLITE_OK ? SYNC_OK
                          : store_db_err(st, err, r, "cannot add tokenizer");
}

/* ---- queries ---- */

/* One synonym, folded. */
struct syn {
    int64_t grp;
    char term[SYNC_FOLD_WORD_MAX + 1];
};

struct syns {
    struct syn *s;
    size_t n;
};

#define SYN_MAX 1000 /* rows of search_synonym read */

static enum sync_rc syns_load(struct sync_store *st, struct syns *out,
                              struct sync_err *err)
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
        if (sync_fold(y->term, sizeof(y->term), term, NULL) == SYNC_OK &&
            *y->term)
            out->n++;
    }
    sqlite3_finalize(s);
    if (r != SQLITE_DONE)
        return store_db_err(st, err, r, "cannot read synonyms");
    return SYNC_OK;
}

/*
 * The prefix a query word matches with: the word without one final vowel
 * when it has over four letters, a light stemming that lets "udruženje"
 * find "udruženjima" and "opština" find "opštini".
 */
static int stem_len(const char *word, size_t len)
{
    if (len > 4 && strchr("aeiou", word[len - 1]))
        len--;
    return (int)len;
}

struct qbuild {
    struct sync_buf *b;
    const struct syns *syn;
    size_t words;
    enum sync_rc rc;
};

static int query_word(const char *word, size_t len, size_t start, size_t end,
                      void *payload)
{
    struct qbuild *q = payload;
    (void)start;
    (void)end;
    if (++q->words > SYNC_LIMIT_QUERY_WORDS) {
        q->rc = SYNC_INVALID;
        return 1;
    }
    enum sync_rc rc = sync_buf_addf(q->b, "%s(\"%.*s\"*", q->words > 1 ?
                                    " AND " : "", stem_len(word, len), word);
    for (size_t i = 0; i < q->syn->n && !rc; i++) {
        const struct syn *a = &q->syn->s[i];
        if (strcmp(a->term, word) != 0)
            continue;
        for (size_t j = 0; j < q->syn->n && !rc; j++) {
            const struct syn *b = &q->syn->s[j];
            if (b->grp == a->grp && strcmp(b->term, word) != 0)
                rc = sync_buf_addf(q->b, " OR \"%.*s\"*",
                                   stem_len(b->term, strlen(b->term)),
                                   b->term);
        }
    }
    if (!rc)
        rc = sync_buf_adds(q->b, ")");
    q->rc = rc;
    return rc ? 1 : 0;
}

/* Builds the FTS5 query for the user's query text. */
static enum sync_rc build_query(struct sync_store *st, const char *query,
                                struct sync_buf *out, struct sync_err *err)
{
    struct syns syn;
    size_t len = strlen(query);
    if (len > SYNC_LIMIT_QUERY)
        return sync_err_set(err, SYNC_TOOBIG, "query is over %d bytes",
                            SYNC_LIMIT_QUERY);
    enum sync_rc rc = syns_load(st, &syn, err);
    if (rc)
        return rc;
    struct qbuild q = {.b = out, .syn = &syn};
    (void)sync_fold_words(query, len, query_word, &q);
    free(syn.s);
    if (q.rc == SYNC_INVALID)
        return sync_err_set(err, SYNC_INVALID, "query has over %d words",
                            SYNC_LIMIT_QUERY_WORDS);
    if (q.rc)
        return sync_err_set(err, q.rc, "query is too long");
    if (!q.words)
        return sync_err_set(err, SYNC_INVALID, "query has no words to search");
    return SYNC_OK;
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
                     "IN (SELECT rowid FROM %s WHERE id IN (SELECT row_id "
                     "FROM entry WHERE n > ?1 AND n <= ?2 AND tbl = ?3))",
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
    char *id;
    char *title;
    char *snippet;
    double score;
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

static enum sync_rc search_table(struct sync_store *st, const char *table,
                                 const char *fts_query,
                                 const struct sync_search_opts *o,
                                 struct hits *hits, struct sync_err *err)
{
    char sql[512];
    sqlite3_stmt *s = NULL;
    /* table is a name of the schema, the allow-list of identifiers */
    snprintf(sql, sizeof(sql),
             "SELECT t.id, %s_fts.title, "
             "snippet(%s_fts, -1, ?2, ?3, '…', 16), "
             "bm25(%s_fts, 4.0, 1.0) AS rank "
             "FROM %s_fts JOIN %s t ON t.rowid = %s_fts.rowid "
             "WHERE %s_fts MATCH ?1 AND t._deleted = 0 "
             "ORDER BY rank LIMIT ?4",
             table, table, table, table, table, table, table);
    int r = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
    if (r == SQLITE_OK) {
        sqlite3_bind_text(s, 1, fts_query, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, o->mark_open, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 3, o->mark_close, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 4, (int64_t)o->limit);
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
        h->title = column_dup(s, 1);
        h->snippet = column_dup(s, 2);
        h->score = -sqlite3_column_double(s, 3);
    }
    sqlite3_finalize(s);
    if (r != SQLITE_DONE)
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

enum sync_rc sync_store_search(struct sync_store *st, const char *query,
                               const struct sync_search_opts *opts,
                               sync_store_hit_cb cb, void *payload,
                               struct sync_err *err)
{
    struct sync_search_opts o = *opts;
    struct sync_buf q;
    struct hits hits = {0};
    if (!o.limit || o.limit > SYNC_LIMIT_SEARCH_HITS)
        o.limit = SYNC_LIMIT_SEARCH_HITS;
    o.mark_open = o.mark_open ? o.mark_open : "";
    o.mark_close = o.mark_close ? o.mark_close : "";
    sync_buf_init(&q, 64 * 1024);
    enum sync_rc rc = build_query(st, query, &q, err);
    if (!rc) {
        /* On a full disk the index cannot catch up: search what it holds
         * rather than nothing, as reading must work when writing cannot. */
        struct sync_err stale;
        sync_err_init(&stale);
        enum sync_rc r2 = sync_store_search_refresh(st, &stale);
        if (r2 && r2 != SYNC_IO)
            rc = sync_err_set(err, r2, "%s", stale.msg);
    }
    bool any = false;
    for (size_t i = 0; !rc; i++) {
        const struct sync_tdef *t = sync_schema_table_at(st->schema, i);
        bool ok = false;
        if (!t)
            break;
        if (o.table && strcmp(o.table, t->name) != 0)
            continue;
        rc = store_search_has_index(st, t->name, &ok, err);
        if (!rc && ok) {
            any = true;
            rc = search_table(st, t->name, q.buf, &o, &hits, err);
        }
    }
    if (!rc && !any)
        rc = sync_err_set(err, SYNC_INVALID, "table '%.40s' is not searchable",
                          o.table ? o.table : "?");
    if (!rc && hits.n)
        qsort(hits.h, hits.n, sizeof(*hits.h), hit_cmp);
    for (size_t i = 0; !rc && i < hits.n && i < o.limit; i++) {
        const struct hit_row *h = &hits.h[i];
        struct sync_hit out = {.table = h->table, .id = h->id,
                               .title = h->title, .snippet = h->snippet,
                               .score = h->score};
        rc = cb(&out, payload);
    }
    for (size_t i = 0; i < hits.n; i++) {
        free(hits.h[i].id);
        free(hits.h[i].title);
        free(hits.h[i].snippet);
    }
    free(hits.h);
    sync_buf_release(&q);
    return rc;
}
