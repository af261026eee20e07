/* SPDX-License-Identifier: MIT */
/*
 * import: rows of one table from a spreadsheet's CSV (spona/import.h).
 * Headers and enumeration values are matched folded against the codes
 * and the labels of meta_label in every language; dates, numbers and the
 * file's encoding are read by sheet.c. Every problem of a row is
 * collected before the next row; the rows are written through the
 * engine's batch, so the file goes in whole or not at all, and each
 * write is the same local write as 'spona put'.
 */
#include "spona/import.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spona/csv.h"
#include "spona/fold.h"
#include "spona/limits.h"
#include "spona/mem.h"
#include "spona/uuid.h"
#include "engine_int.h"
#include "sheet.h"
#include "store.h"

#include "spona/banned.h"

#define FOLD_MAX 512      /* bytes of a folded header, label or value */
#define PROGRESS_ROWS 500 /* rows between calls of the progress callback */

/* Column names that hold data the law forbids keeping (DOMAIN.md, rule
 * 5), as folded words. */
static const char *const forbidden[] = {
    "ethnicity", "ethnic",          "religion",
    "religious", "politics",        "political",
    "party",     "health",          "jmbg",
    "citizen",   "nacionalnost",    "narodnost",
    "etnicka",   "etnicki",         "vjera",
    "vera",      "vjeroispovijest", "veroispovest",
    "religija",  "zdravlje",        "zdravstveno",
    "stranka",   "politicka",       "maticni",
    "emso",      "nationality",     NULL};

/* One name a value or a field goes by, folded. */
struct name {
    char *folded;    /* owned */
    const char *key; /* value or field; borrowed from the schema */
};

/* The names of the values of one enumeration. */
struct dom_names {
    const struct sync_enum *e; /* the enumeration */
    struct name *v;            /* owned */
    size_t n;                  /* names */
};

/* What matching needs, built once per import. */
struct lookup {
    const struct sync_schema *s; /* the schema */
    struct dom_names *d;         /* owned, one per enumeration seen */
    size_t n;                    /* enumerations seen */
};

enum col_kind { COL_FIELD, COL_ID, COL_SCOPE, COL_OWNER, COL_SKIP };

struct col {
    enum col_kind kind;        /* what the column holds */
    const struct sync_fdef *f; /* COL_FIELD: the field */
    const char *key;           /* the field or column it names */
    char head[64];             /* the header as written */
};

struct imp {
    struct sync_engine *e;        /* the node */
    const struct sync_tdef *t;    /* the table */
    struct lookup lk;             /* names of values */
    unsigned flags;               /* enum sync_import_flags */
    bool person;                  /* the person table */
    size_t problems_cap;          /* room in r->problems */
    struct col *cols;             /* owned, n_cols */
    size_t n_cols;                /* columns of the header */
    struct sync_import_report *r; /* the report being made */
    struct sync_err fatal;        /* a store failure: stops it all */
    sync_import_cb progress;      /* may be NULL */
    void *payload;                /* its payload */
};

static void fold_into(char *out, const char *text)
{
    if (sync_fold(out, FOLD_MAX, text, NULL))
        out[FOLD_MAX - 1] = '\0'; /* what fitted; names are far shorter */
}

static void add_name(struct dom_names *d, const char *text, const char *key)
{
    char folded[FOLD_MAX];
    fold_into(folded, text);
    d->v = sync_xrealloc(d->v, (d->n + 1) * sizeof(*d->v));
    d->v[d->n++] = (struct name){sync_xstrdup(folded), key};
}

static const struct dom_names *dom_names(struct lookup *lk,
                                         const struct sync_enum *e)
{
    for (size_t i = 0; i < lk->n; i++)
        if (lk->d[i].e == e)
            return &lk->d[i];
    lk->d = sync_xrealloc(lk->d, (lk->n + 1) * sizeof(*lk->d));
    struct dom_names *d = &lk->d[lk->n++];
    *d = (struct dom_names){.e = e};
    for (size_t i = 0; i < e->n; i++)
        add_name(d, e->values[i], e->values[i]);
    const struct sync_label *l;
    for (size_t i = 0; (l = sync_schema_label_at(lk->s, i)) != NULL; i++) {
        if (l->field || strcmp(l->dom, e->name) != 0)
            continue;
        for (size_t j = 0; j < e->n; j++)
            if (strcmp(e->values[j], l->key) == 0)
                add_name(d, l->text, e->values[j]);
    }
    return d;
}

static void lookup_release(struct lookup *lk)
{
    for (size_t i = 0; i < lk->n; i++) {
        for (size_t j = 0; j < lk->d[i].n; j++)
            free(lk->d[i].v[j].folded);
        free(lk->d[i].v);
    }
    free(lk->d);
    memset(lk, 0, sizeof(*lk));
}

/* Describes the values of e for a message: the codes with their labels,
 * as many as fit, or how to write a country or a municipality. */
static void allowed(const struct sync_schema *s, const struct sync_enum *e,
                    char *out, size_t size)
{
    if (strcmp(e->name, "country") == 0) {
        snprintf(out, size,
                 "write an ISO 3166 code (DE, AT, CH) or a country's name "
                 "(Njemačka, Germany)");
        return;
    }
    if (strcmp(e->name, "lsg") == 0) {
        snprintf(out, size,
                 "write a municipality's name in either script (Ključ, "
                 "Лопаре), with its entity where the name is in both "
                 "(Novi Grad (RS)), or its code (kljuc)");
        return;
    }
    size_t len = (size_t)snprintf(out, size, "allowed: ");
    for (size_t i = 0; i < e->n && len < size; i++) {
        const char *bs =
            sync_schema_label_in(s, false, e->name, e->values[i], SYNC_LANG_BS);
        char item[160];
        if (bs && strcmp(bs, e->values[i]) != 0)
            snprintf(item, sizeof(item), "%s%s (%s)", i ? ", " : "",
                     e->values[i], bs);
        else
            snprintf(item, sizeof(item), "%s%s", i ? ", " : "", e->values[i]);
        /* Keep room for the ending that says the list goes on. */
        if (len + strlen(item) + 28 >= size) {
            snprintf(out + len, size - len, ", ... (see 'spona tables')");
            return;
        }
        memcpy(out + len, item, strlen(item) + 1);
        len += strlen(item);
    }
}

/* Finds the value item names in e: its code as written, or its code or a
 * label folded. SYNC_INVALID saying what is allowed, or which values the
 * item could be, when none or several fit. */
static enum sync_rc enum_item(struct lookup *lk, const struct sync_enum *e,
                              const char *item, const char **out,
                              struct sync_err *err)
{
    for (size_t i = 0; i < e->n; i++)
        if (strcmp(e->values[i], item) == 0) {
            *out = e->values[i];
            return SYNC_OK;
        }
    char folded[FOLD_MAX];
    fold_into(folded, item);
    const struct dom_names *d = dom_names(lk, e);
    const char *first = NULL, *second = NULL;
    for (size_t i = 0; i < d->n && !second; i++) {
        if (!*folded || strcmp(d->v[i].folded, folded) != 0)
            continue;
        if (!first)
            first = d->v[i].key;
        else if (strcmp(first, d->v[i].key) != 0)
            second = d->v[i].key;
    }
    if (first && !second) {
        *out = first;
        return SYNC_OK;
    }
    if (second)
        return sync_err_set(err, SYNC_INVALID,
                            "'%.60s' may mean '%s' or '%s': write the code",
                            item, first, second);
    char what[224]; /* what fits in a problem's message with the item */
    allowed(lk->s, e, what, sizeof(what));
    return sync_err_set(err, SYNC_INVALID, "'%.60s' is not allowed; %s", item,
                        what);
}

static void trim(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    size_t i = 0;
    while (s[i] == ' ' || s[i] == '\t')
        i++;
    memmove(s, s + i, n - i + 1);
}

/* Items of an enumeration list: '|', or ';' or ',' as people write. */
static enum sync_rc enum_list(struct lookup *lk, const struct sync_fdef *f,
                              char *text, struct sync_buf *codes,
                              struct sync_err *err)
{
    const char *seps = strchr(text, '|') ? "|" : "|;,";
    enum sync_rc rc = SYNC_OK;
    size_t n = 0;
    for (char *p = text; !rc;) {
        size_t len = strcspn(p, seps);
        char end = p[len];
        p[len] = '\0';
        trim(p);
        const char *code = NULL;
        if (*p || f->list) {
            if (!*p)
                rc = sync_err_set(err, SYNC_INVALID, "an empty list item");
            else
                rc = enum_item(lk, f->dom, p, &code, err);
        }
        if (!rc && code)
            rc = n++ ? sync_buf_addf(codes, "|%s", code)
                     : sync_buf_adds(codes, code);
        if (!end || !f->list)
            break;
        p += len + 1;
    }
    return rc;
}

/* Makes text the canonical form of a value of f: codes for enumerations,
 * YYYY-MM-DD for dates, plain digits for numbers. */
static enum sync_rc canonical(struct lookup *lk, const struct sync_fdef *f,
                              char *text, struct sync_buf *out,
                              struct sync_err *err)
{
    int64_t i = 0;
    char date[11];
    if (f->type != SYNC_F_TEXT)
        trim(text);
    if (!*text)
        return SYNC_OK;
    switch (f->type) {
    case SYNC_F_ENUM:
        return enum_list(lk, f, text, out, err);
    case SYNC_F_DATE:
        if (!sync_sheet_date(date, text))
            return sync_err_set(err, SYNC_INVALID,
                                "'%.40s' is not a date: write DD.MM.YYYY "
                                "(05.03.2024) or YYYY-MM-DD (2024-03-05)",
                                text);
        return sync_buf_adds(out, date);
    case SYNC_F_INT:
    case SYNC_F_YEAR:
        if (f->list)
            break;
        if (sync_sheet_int(&i, text, err))
            return SYNC_INVALID;
        return sync_buf_addf(out, "%lld", (long long)i);
    default:
        break;
    }
    return sync_buf_adds(out, text);
}

static enum sync_rc read_value(struct lookup *lk, const struct sync_fdef *f,
                               const char *text, struct sync_value *out,
                               struct sync_err *err)
{
    struct sync_buf b;
    char *copy = sync_xstrdup(text);
    sync_buf_init(&b, SYNC_LIMIT_TEXT + 1);
    enum sync_rc rc = canonical(lk, f, copy, &b, err);
    if (rc == SYNC_TOOBIG && !err)
        rc = SYNC_TOOBIG;
    if (!rc && sync_schema_parse(out, f, b.buf, err)) {
        rc = err ? err->rc : SYNC_INVALID;
        /* The schema names the field; the caller names the column. */
        size_t n = strlen(f->name);
        if (err && strncmp(err->msg, f->name, n) == 0 &&
            strncmp(err->msg + n, ": ", 2) == 0)
            memmove(err->msg, err->msg + n + 2, strlen(err->msg + n + 2) + 1);
    }
    sync_buf_release(&b);
    free(copy);
    return rc;
}

enum sync_rc sync_import_value(const struct sync_schema *s,
                               const struct sync_fdef *f, const char *text,
                               struct sync_value *out, struct sync_err *err)
{
    struct lookup lk = {.s = s};
    enum sync_rc rc = read_value(&lk, f, text, out, err);
    lookup_release(&lk);
    return rc;
}

const char *sync_import_find_lsg(const struct sync_schema *s, const char *text)
{
    char folded[FOLD_MAX], name[FOLD_MAX];
    const char *best = NULL;
    size_t best_len = 0;
    bool tie = false;
    const struct sync_label *l;
    fold_into(folded, text);
    for (size_t i = 0; (l = sync_schema_label_at(s, i)) != NULL; i++) {
        if (l->field || strcmp(l->dom, "lsg") != 0)
            continue;
        fold_into(name, l->text);
        size_t n = strlen(name);
        const char *at = folded;
        while (n && (at = strstr(at, name)) != NULL) {
            bool whole = (at == folded || at[-1] == ' ') &&
                         (at[n] == '\0' || at[n] == ' ');
            if (whole && n > best_len) {
                best = l->key;
                best_len = n;
                tie = false;
            } else if (whole && n == best_len && strcmp(best, l->key) != 0) {
                tie = true;
            }
            at++;
        }
    }
    return tie ? NULL : best;
}

static void add_problem(struct imp *im, size_t line, const char *column,
                        const char *fmt, ...) SYNC_PRINTF(4, 5);

static void add_problem(struct imp *im, size_t line, const char *column,
                        const char *fmt, ...)
{
    struct sync_import_report *r = im->r;
    if (r->n_problems >= SYNC_LIMIT_IMPORT_PROBLEMS) {
        r->n_dropped++;
        return;
    }
    /* Doubling: a file of bad lines must not copy the list each line. */
    if (r->n_problems == im->problems_cap) {
        im->problems_cap = im->problems_cap ? 2 * im->problems_cap : 64;
        r->problems =
            sync_xrealloc(r->problems, im->problems_cap * sizeof(*r->problems));
    }
    struct sync_import_problem *p = &r->problems[r->n_problems++];
    p->line = line;
    snprintf(p->column, sizeof(p->column), "%s", column ? column : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->msg, sizeof(p->msg), fmt, ap);
    va_end(ap);
}

static void add_warning(struct imp *im, const char *fmt, ...) SYNC_PRINTF(2, 3);

static void add_warning(struct imp *im, const char *fmt, ...)
{
    struct sync_import_report *r = im->r;
    r->warnings =
        sync_xrealloc(r->warnings, (r->n_warnings + 1) * sizeof(*r->warnings));
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->warnings[r->n_warnings++], sizeof(*r->warnings), fmt, ap);
    va_end(ap);
}

static int forbidden_word(const char *word, size_t len, size_t start,
                          size_t end, void *payload)
{
    (void)len;
    (void)start;
    (void)end;
    for (size_t i = 0; forbidden[i]; i++)
        if (strcmp(word, forbidden[i]) == 0)
            return 1;
    (void)payload;
    return 0;
}

static bool is_forbidden(const char *head)
{
    return sync_fold_words(head, strlen(head), forbidden_word, NULL) != 0;
}

/* The field or column ("id", "scope", ...) a header names: its code or
 * a label, folded. NULL when none; *twice when two fit. */
static const char *header_key(const struct imp *im, const char *head,
                              bool *twice)
{
    static const char *const sys[] = {"id", "scope", "owner", "created_at",
                                      "updated_at"};
    char folded[FOLD_MAX], name[FOLD_MAX];
    const char *found = NULL;
    const struct sync_label *l;
    fold_into(folded, head);
    *twice = false;
    for (size_t i = 0; i < im->t->n && !found; i++) {
        fold_into(name, im->t->f[i].name);
        if (strcmp(name, folded) == 0)
            found = im->t->f[i].name;
    }
    for (size_t i = 0; i < sizeof(sys) / sizeof(sys[0]) && !found; i++) {
        fold_into(name, sys[i]);
        if (strcmp(name, folded) == 0)
            found = sys[i];
    }
    if (found)
        return found; /* a code wins over any label */
    for (size_t i = 0; (l = sync_schema_label_at(im->lk.s, i)) != NULL; i++) {
        if (!l->field ||
            (strcmp(l->dom, im->t->name) != 0 && strcmp(l->dom, "*") != 0))
            continue;
        fold_into(name, l->text);
        if (!*folded || strcmp(name, folded) != 0)
            continue;
        if (found && strcmp(found, l->key) != 0)
            *twice = true;
        found = l->key;
    }
    return found;
}

static void header_column(struct imp *im, struct col *c, size_t i, size_t line)
{
    bool twice = false;
    const char *key = header_key(im, c->head, &twice);
    c->kind = COL_SKIP;
    if (!*c->head) {
        add_warning(im, "column %zu has no header: ignored", i + 1);
    } else if (is_forbidden(c->head)) {
        add_warning(im,
                    "column '%s' holds special-category data or a citizen "
                    "number, which spona never keeps: dropped",
                    c->head);
    } else if (twice) {
        im->r->header_bad = true;
        add_problem(im, line, c->head,
                    "the header names more than one field: write the "
                    "field's code (see 'spona tables %s')",
                    im->t->name);
    } else if (!key) {
        if (!(im->flags & SYNC_IMPORT_SKIP_BAD))
            im->r->header_bad = true;
        add_problem(im, line, c->head,
                    "unknown column '%s' of table '%s': write a field's "
                    "code or label (see 'spona tables %s')",
                    c->head, im->t->name, im->t->name);
    } else if (strcmp(key, "created_at") == 0 ||
               strcmp(key, "updated_at") == 0) {
        add_warning(im, "column '%s' is set by spona itself: ignored", c->head);
    } else {
        c->key = key;
        c->f = sync_schema_field(im->t, key);
        c->kind = c->f                        ? COL_FIELD
                  : strcmp(key, "id") == 0    ? COL_ID
                  : strcmp(key, "scope") == 0 ? COL_SCOPE
                                              : COL_OWNER;
    }
}

static void read_header(struct imp *im, const struct sync_csv_record *rec)
{
    im->cols = sync_xcalloc(rec->n, sizeof(*im->cols));
    im->n_cols = rec->n;
    for (size_t i = 0; i < rec->n; i++) {
        struct col *c = &im->cols[i];
        trim(rec->field[i]);
        snprintf(c->head, sizeof(c->head), "%s", rec->field[i]);
        header_column(im, c, i, rec->line);
        for (size_t j = 0; j < i && c->kind != COL_SKIP; j++) {
            if (im->cols[j].kind == COL_SKIP ||
                strcmp(im->cols[j].key, c->key) != 0)
                continue;
            /* Which of the two would win is a guess: refuse, always. */
            im->r->header_bad = true;
            if (strcmp(im->cols[j].head, c->head) == 0)
                add_problem(im, rec->line, c->head,
                            "column '%s' appears twice (columns %zu and %zu)",
                            c->head, j + 1, i + 1);
            else
                add_problem(im, rec->line, c->head,
                            "columns %zu ('%s') and %zu ('%s') both name "
                            "field '%s'",
                            j + 1, im->cols[j].head, i + 1, c->head, c->key);
            c->kind = COL_SKIP;
        }
    }
}

/* A run of exactly 13 digits: the shape of a JMBG. */
static bool has_citizen_number(const char *s)
{
    size_t run = 0;
    for (const char *p = s;; p++) {
        if (*p >= '0' && *p <= '9') {
            run++;
            continue;
        }
        if (run == 13)
            return true;
        run = 0;
        if (!*p)
            return false;
    }
}

/* Line breaks inside a cell become "\n" (spreadsheets write CRLF too). */
static void unix_lines(char *s)
{
    size_t o = 0;
    for (size_t i = 0; s[i]; i++) {
        if (s[i] == '\r' && s[i + 1] == '\n')
            continue;
        s[o++] = s[i] == '\r' ? '\n' : s[i];
    }
    s[o] = '\0';
}

/* The owner a row names, and whether this node's organisation holds it:
 * a row of another organisation is skipped. *exists: the id names a row
 * this node holds. */
static bool row_of_others(struct imp *im, const struct sync_csv_record *rec,
                          const char *id, bool *exists)
{
    *exists = false;
    for (size_t i = 0; i < im->n_cols; i++) {
        char folded[FOLD_MAX], org[FOLD_MAX];
        if (im->cols[i].kind != COL_OWNER || !*rec->field[i])
            continue;
        trim(rec->field[i]);
        fold_into(folded, rec->field[i]);
        fold_into(org, im->e->org);
        if (strcmp(folded, org) != 0)
            return true;
    }
    uint8_t row[SYNC_UUID_LEN];
    char canon[SYNC_UUID_TEXT];
    struct sync_record cur;
    if (!id || sync_uuid_parse(row, id, NULL))
        return false;
    sync_uuid_format(canon, row);
    sync_record_init(&cur);
    bool others = false;
    if (!sync_store_row_get(im->e->st, im->t, canon, &cur, NULL)) {
        const char *owner = sync_record_text(&cur, "owner");
        *exists = true;
        others = owner && strcmp(owner, im->e->org) != 0;
    }
    sync_record_release(&cur);
    return others;
}

/* Reads the cells of a row into set; every problem is recorded. */
static bool read_cells(struct imp *im, const struct sync_csv_record *rec,
                       struct sync_record *set)
{
    bool ok = true;
    struct sync_err err;
    for (size_t i = 0; i < rec->n; i++) {
        const struct col *c = &im->cols[i];
        char *v = rec->field[i];
        unix_lines(v);
        if (c->kind == COL_SCOPE) {
            const char *code = NULL;
            trim(v);
            const struct sync_enum *sc = sync_schema_enum(im->lk.s, "scope");
            if (*v && enum_item(&im->lk, sc, v, &code, &err)) {
                add_problem(im, rec->line, c->head, "%s", err.msg);
                ok = false;
            } else if (code) {
                sync_record_set_text(set, "scope", code);
            }
        } else if (c->kind == COL_FIELD) {
            struct sync_value val = {0};
            if (im->person && has_citizen_number(v)) {
                add_problem(im, rec->line, c->head,
                            "a 13-digit number (a citizen number?), which "
                            "spona never keeps");
                ok = false;
            } else if (read_value(&im->lk, c->f, v, &val, &err)) {
                add_problem(im, rec->line, c->head, "%s", err.msg);
                /* given, if badly: not also "missing" below */
                sync_record_set_text(set, c->f->name, "");
                ok = false;
            } else {
                sync_record_set(set, c->f->name, &val);
            }
            sync_value_clear(&val);
        }
    }
    return ok;
}

static const char *row_id(const struct imp *im,
                          const struct sync_csv_record *rec)
{
    for (size_t i = 0; i < im->n_cols; i++)
        if (im->cols[i].kind == COL_ID) {
            trim(rec->field[i]);
            return *rec->field[i] ? rec->field[i] : NULL;
        }
    return NULL;
}

/* Writes one good row; false when the engine refused it. */
static bool write_row(struct imp *im, const struct sync_csv_record *rec,
                      const char *id, const struct sync_record *set)
{
    struct sync_err err;
    sync_err_init(&err);
    enum sync_rc rc =
        id ? sync_engine_upsert(im->e, im->t->name, id, set, &err)
           : sync_engine_put(im->e, im->t->name, NULL, set, NULL, &err);
    if (rc == SYNC_IO || rc == SYNC_DB) {
        /* Not the row's fault: the transaction may be gone. */
        sync_err_set(&im->fatal, rc, "line %zu: %s", rec->line, err.msg);
        return false;
    }
    if (rc)
        add_problem(im, rec->line, NULL, "%s", err.msg);
    return rc == SYNC_OK;
}

static int on_record(const struct sync_csv_record *rec, void *payload)
{
    struct imp *im = payload;
    struct sync_import_report *r = im->r;
    if (!im->cols) {
        read_header(im, rec);
        return 0;
    }
    r->rows++;
    if (im->progress && r->rows % PROGRESS_ROWS == 0)
        im->progress(r->rows, im->payload);
    if (rec->n != im->n_cols) {
        add_problem(im, rec->line, NULL, "%zu fields, but the header has %zu",
                    rec->n, im->n_cols);
        r->refused++;
        return 0;
    }
    const char *id = row_id(im, rec);
    bool exists = false;
    if (row_of_others(im, rec, id, &exists)) {
        r->others++;
        return 0;
    }
    struct sync_record set;
    struct sync_err err;
    sync_record_init(&set);
    bool ok = read_cells(im, rec, &set);
    if (!exists && sync_schema_required(im->t, &set, &err)) {
        add_problem(im, rec->line, NULL, "%s", err.msg);
        ok = false;
    }
    if (ok)
        ok = write_row(im, rec, id, &set);
    sync_record_release(&set);
    if (im->fatal.rc)
        return 1;
    if (ok)
        r->imported++;
    else
        r->refused++;
    return 0;
}

void sync_import_report_release(struct sync_import_report *r)
{
    if (!r)
        return;
    free(r->problems);
    free(r->warnings);
    memset(r, 0, sizeof(*r));
}

/* Reads the rows inside the engine's batch; commits when they may stay. */
static enum sync_rc import_rows(struct imp *im, const char *text, size_t len,
                                struct sync_err *err)
{
    struct sync_import_report *r = im->r;
    enum sync_rc rc = sync_engine_batch_begin(im->e, err);
    if (rc)
        return rc;
    sync_err_init(&im->fatal);
    rc = sync_csv_parse(text, len, &r->sep, on_record, im, err);
    if (!rc && im->fatal.rc)
        rc = sync_err_set(err, im->fatal.rc, "%s; nothing imported",
                          im->fatal.msg);
    if (!rc && !im->cols)
        rc = sync_err_set(err, SYNC_INVALID,
                          "the file is empty: its first line must name the "
                          "columns");
    bool keep = !rc && !r->header_bad &&
                ((im->flags & SYNC_IMPORT_SKIP_BAD) || r->refused == 0);
    enum sync_rc end = sync_engine_batch_end(im->e, keep, err);
    if (!keep || end)
        r->imported = 0;
    return rc ? rc : end;
}

enum sync_rc sync_engine_import(struct sync_engine *e, const char *table,
                                const char *bytes, size_t len, unsigned flags,
                                sync_import_cb progress, void *payload,
                                struct sync_import_report *out,
                                struct sync_err *err)
{
    memset(out, 0, sizeof(*out));
    struct imp im = {.e = e,
                     .lk = {.s = sync_engine_schema(e)},
                     .flags = flags,
                     .r = out,
                     .progress = progress,
                     .payload = payload};
    im.t = sync_schema_table(im.lk.s, table);
    if (!im.t)
        return sync_err_set(err, SYNC_INVALID,
                            "unknown table '%s' (see 'spona tables')", table);
    im.person = strcmp(table, "person") == 0;
    if (len > SYNC_LIMIT_IMPORT_FILE)
        return sync_err_set(err, SYNC_TOOBIG, "the file is over %d MiB",
                            SYNC_LIMIT_IMPORT_FILE / (1024 * 1024));
    char *text = NULL;
    size_t text_len = 0;
    enum sync_sheet_enc enc = SYNC_SHEET_UTF8;
    enum sync_rc rc = sync_sheet_decode(&text, &text_len, &enc, bytes, len,
                                        SYNC_LIMIT_IMPORT_FILE, err);
    if (!rc) {
        out->encoding = sync_sheet_enc_name(enc);
        rc = import_rows(&im, text, text_len, err);
    }
    free(text);
    free(im.cols);
    lookup_release(&im.lk);
    return rc;
}
