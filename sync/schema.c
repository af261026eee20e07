/* SPDX-License-Identifier: MIT */
/*
 * schema: table and field definitions and value checks. The checks are
 * shape checks, the same for a value typed at a terminal and one that
 * arrives in a signed payload from another node.
 */
#include "spona/schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spona/limits.h"
#include "spona/mem.h"
#include "spona/num.h"
#include "spona/uuid.h"

#include "spona/banned.h"

struct sync_schema {
    struct sync_tdef *t;  /* owned tables */
    size_t n_t;           /* number of tables */
    struct sync_enum **e; /* owned enumerations; fields point at them */
    size_t n_e;           /* number of enumerations */
    struct sync_label *l; /* owned labels, in the order added */
    size_t n_l;           /* number of labels */
    size_t cap_l;         /* labels allocated */
};

static const char *const type_names[SYNC_F_COUNT_] = {
    [SYNC_F_TEXT] = "text", [SYNC_F_INT] = "int",     [SYNC_F_YEAR] = "year",
    [SYNC_F_ENUM] = "enum", [SYNC_F_EMAIL] = "email", [SYNC_F_URL] = "url",
    [SYNC_F_DATE] = "date", [SYNC_F_UUID] = "uuid",
};

struct sync_schema *sync_schema_new(void)
{
    return sync_xcalloc(1, sizeof(struct sync_schema));
}

void sync_schema_free(struct sync_schema *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n_t; i++) {
        for (size_t j = 0; j < s->t[i].n; j++)
            free(s->t[i].f[j].name);
        free(s->t[i].f);
        free(s->t[i].name);
    }
    for (size_t i = 0; i < s->n_e; i++) {
        for (size_t j = 0; j < s->e[i]->n; j++) {
            free(s->e[i]->values[j]);
            free(s->e[i]->label_bs[j]);
            free(s->e[i]->label_en[j]);
        }
        free(s->e[i]->values);
        free(s->e[i]->label_bs);
        free(s->e[i]->label_en);
        free(s->e[i]->name);
        free(s->e[i]);
    }
    for (size_t i = 0; i < s->n_l; i++) {
        free(s->l[i].dom);
        free(s->l[i].key);
        free(s->l[i].text);
    }
    free(s->l);
    free(s->t);
    free(s->e);
    free(s);
}

const struct sync_enum *sync_schema_enum(const struct sync_schema *s,
                                         const char *name)
{
    for (size_t i = 0; i < s->n_e; i++)
        if (strcmp(s->e[i]->name, name) == 0)
            return s->e[i];
    return NULL;
}

void sync_schema_add_enum(struct sync_schema *s, const char *dom,
                          const char *value, const char *label_bs,
                          const char *label_en)
{
    struct sync_enum *e = (struct sync_enum *)sync_schema_enum(s, dom);
    if (!e) {
        s->e = sync_xrealloc(s->e, (s->n_e + 1) * sizeof(*s->e));
        e = sync_xcalloc(1, sizeof(*e));
        e->name = sync_xstrdup(dom);
        s->e[s->n_e++] = e;
    }
    e->values = sync_xrealloc(e->values, (e->n + 1) * sizeof(*e->values));
    e->label_bs = sync_xrealloc(e->label_bs, (e->n + 1) * sizeof(char *));
    e->label_en = sync_xrealloc(e->label_en, (e->n + 1) * sizeof(char *));
    e->values[e->n] = sync_xstrdup(value);
    e->label_bs[e->n] = sync_xstrdup(label_bs ? label_bs : value);
    e->label_en[e->n] = sync_xstrdup(label_en ? label_en : value);
    e->n++;
}

const char *sync_schema_label(const struct sync_enum *e, const char *value,
                              bool en)
{
    for (size_t i = 0; e && i < e->n; i++)
        if (strcmp(e->values[i], value) == 0)
            return en ? e->label_en[i] : e->label_bs[i];
    return value;
}

static const char *const lang_names[SYNC_LANG_COUNT_] = {
    [SYNC_LANG_BS] = "bs", [SYNC_LANG_HR] = "hr",       [SYNC_LANG_SR] = "sr",
    [SYNC_LANG_EN] = "en", [SYNC_LANG_ALIAS] = "alias",
};

int sync_lang_parse(const char *code)
{
    for (int i = 0; i < SYNC_LANG_COUNT_; i++)
        if (strcmp(lang_names[i], code) == 0)
            return i;
    return -1;
}

const char *sync_lang_name(enum sync_lang lang)
{
    return lang_names[lang];
}

void sync_schema_add_label(struct sync_schema *s, bool field, const char *dom,
                           const char *key, const char *lang, const char *text)
{
    int l = sync_lang_parse(lang);
    if (l < 0)
        return;
    if (s->n_l == s->cap_l) { /* doubling: a schema has thousands */
        s->cap_l = s->cap_l ? 2 * s->cap_l : 64;
        s->l = sync_xrealloc(s->l, s->cap_l * sizeof(*s->l));
    }
    s->l[s->n_l++] = (struct sync_label){.field = field,
                                         .dom = sync_xstrdup(dom),
                                         .key = sync_xstrdup(key),
                                         .lang = (enum sync_lang)l,
                                         .text = sync_xstrdup(text)};
}

const struct sync_label *sync_schema_label_at(const struct sync_schema *s,
                                              size_t i)
{
    return i < s->n_l ? &s->l[i] : NULL;
}

const char *sync_schema_label_in(const struct sync_schema *s, bool field,
                                 const char *dom, const char *key,
                                 enum sync_lang lang)
{
    for (size_t i = 0; i < s->n_l; i++) {
        const struct sync_label *l = &s->l[i];
        if (l->field == field && l->lang == lang && strcmp(l->key, key) == 0 &&
            strcmp(l->dom, dom) == 0)
            return l->text;
    }
    return NULL;
}

static bool ident_ok(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n == 0 || n > max || !(s[0] >= 'a' && s[0] <= 'z'))
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
              s[i] == '_'))
            return false;
    return true;
}

enum sync_rc sync_schema_add_field(struct sync_schema *s, const char *table,
                                   const struct sync_fdef *def,
                                   const char *type, const char *dom,
                                   struct sync_err *err)
{
    int ty = -1;
    for (int i = 0; i < SYNC_F_COUNT_; i++)
        if (strcmp(type, type_names[i]) == 0)
            ty = i;
    if (ty < 0)
        return sync_err_set(err, SYNC_INVALID, "unknown field type '%s'", type);
    if (!ident_ok(table, SYNC_LIMIT_TABLE_NAME) ||
        !ident_ok(def->name, SYNC_LIMIT_FIELD_NAME))
        return sync_err_set(err, SYNC_INVALID, "bad identifier '%s.%s'", table,
                            def->name);
    if (def->list && (ty == SYNC_F_INT || ty == SYNC_F_YEAR))
        return sync_err_set(err, SYNC_INVALID,
                            "field '%s.%s': lists of numbers are not "
                            "supported",
                            table, def->name);
    const struct sync_enum *e = dom ? sync_schema_enum(s, dom) : NULL;
    if (ty == SYNC_F_ENUM && !e)
        return sync_err_set(err, SYNC_INVALID,
                            "field '%s.%s' names unknown enumeration '%s'",
                            table, def->name, dom ? dom : "");
    struct sync_tdef *t = (struct sync_tdef *)sync_schema_table(s, table);
    if (!t) {
        s->t = sync_xrealloc(s->t, (s->n_t + 1) * sizeof(*s->t));
        t = &s->t[s->n_t++];
        memset(t, 0, sizeof(*t));
        t->name = sync_xstrdup(table);
    }
    t->f = sync_xrealloc(t->f, (t->n + 1) * sizeof(*t->f));
    struct sync_fdef *f = &t->f[t->n++];
    *f = *def;
    f->name = sync_xstrdup(def->name);
    f->type = (enum sync_ftype)ty;
    f->dom = e;
    return SYNC_OK;
}

const struct sync_tdef *sync_schema_table(const struct sync_schema *s,
                                          const char *name)
{
    for (size_t i = 0; i < s->n_t; i++)
        if (strcmp(s->t[i].name, name) == 0)
            return &s->t[i];
    return NULL;
}

const struct sync_tdef *sync_schema_table_at(const struct sync_schema *s,
                                             size_t i)
{
    return i < s->n_t ? &s->t[i] : NULL;
}

const struct sync_fdef *sync_schema_field(const struct sync_tdef *t,
                                          const char *name)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->f[i].name, name) == 0)
            return &t->f[i];
    return NULL;
}

/* Valid UTF-8 without control characters other than tab and newline. */
static bool text_ok(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned c = *p;
        size_t n = c < 0x80             ? 0
                   : (c & 0xe0) == 0xc0 ? 1
                   : (c & 0xf0) == 0xe0 ? 2
                   : (c & 0xf8) == 0xf0 ? 3
                                        : 9;
        if (n == 9 || (n == 1 && c < 0xc2) || (n == 3 && c > 0xf4))
            return false;
        if (n == 0 && ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f))
            return false;
        for (size_t i = 1; i <= n; i++)
            if ((p[i] & 0xc0) != 0x80)
                return false;
        if ((n == 2 && c == 0xe0 && p[1] < 0xa0) ||
            (n == 2 && c == 0xed && p[1] >= 0xa0) ||
            (n == 3 && c == 0xf0 && p[1] < 0x90) ||
            (n == 3 && c == 0xf4 && p[1] >= 0x90))
            return false;
        p += n + 1;
    }
    return true;
}

static bool email_ok(const char *s)
{
    const char *at = strchr(s, '@');
    if (!at || at == s || strchr(at + 1, '@') || strlen(s) > 254)
        return false;
    const char *dot = strrchr(at + 1, '.');
    if (!dot || dot == at + 1 || !dot[1] || !dot[2])
        return false;
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p <= ' ' || strchr("()<>,;:\\\"[]", *p))
            return false;
    return true;
}

static bool url_ok(const char *s)
{
    const char *host = strncmp(s, "https://", 8) == 0  ? s + 8
                       : strncmp(s, "http://", 7) == 0 ? s + 7
                                                       : NULL;
    if (!host || !*host || *host == '/' || *host == '.')
        return false;
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p <= ' ' || *p == '"' || *p == '<' || *p == '>')
            return false;
    return true;
}

static bool date_ok(const char *s)
{
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !(s[i] >= '0' && s[i] <= '9'))
            return false;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
            (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    if (y < 1900 || m < 1 || m > 12 || d < 1 || d > days[m - 1])
        return false;
    return !(m == 2 && d == 29 && (y % 4 || (y % 100 == 0 && y % 400)));
}

static bool enum_has(const struct sync_enum *e, const char *v, size_t len)
{
    for (size_t i = 0; i < e->n; i++)
        if (strlen(e->values[i]) == len && memcmp(e->values[i], v, len) == 0)
            return true;
    return false;
}

/* Checks one text item (a whole value, or one item of a list). */
static enum sync_rc item_check(const struct sync_fdef *f, const char *s,
                               size_t len, struct sync_err *err)
{
    char item[SYNC_LIMIT_TEXT + 1];
    uint8_t uuid[SYNC_UUID_LEN];
    if (len > sizeof(item) - 1)
        return sync_err_set(err, SYNC_TOOBIG, "%s: value too long", f->name);
    memcpy(item, s, len);
    item[len] = '\0';
    bool ok = true;
    switch (f->type) {
    case SYNC_F_ENUM:
        ok = enum_has(f->dom, item, len);
        break;
    case SYNC_F_EMAIL:
        ok = email_ok(item);
        break;
    case SYNC_F_URL:
        ok = url_ok(item);
        break;
    case SYNC_F_DATE:
        ok = date_ok(item);
        break;
    case SYNC_F_UUID:
        ok = sync_uuid_parse(uuid, item, NULL) == SYNC_OK;
        break;
    default:
        break;
    }
    if (!ok && f->type == SYNC_F_ENUM)
        return sync_err_set(err, SYNC_INVALID,
                            "%s: '%.60s' is not one of the allowed values "
                            "(%s)",
                            f->name, item, f->dom->name);
    if (!ok)
        return sync_err_set(err, SYNC_INVALID, "%s: '%.60s' is not a valid %s",
                            f->name, item, type_names[f->type]);
    return SYNC_OK;
}

static enum sync_rc text_check(const struct sync_fdef *f, const char *s,
                               struct sync_err *err)
{
    size_t len = strlen(s);
    size_t max =
        f->type == SYNC_F_TEXT && f->max > 0 ? (size_t)f->max : SYNC_LIMIT_TEXT;
    if (len > max)
        return sync_err_set(err, SYNC_TOOBIG,
                            "%s: text of %zu bytes is over the limit of %zu",
                            f->name, len, max);
    if (!text_ok(s))
        return sync_err_set(err, SYNC_INVALID,
                            "%s: not valid UTF-8 text or holds control "
                            "characters",
                            f->name);
    if (!f->list)
        return item_check(f, s, len, err);
    size_t n = 0;
    for (const char *p = s;; n++) {
        const char *bar = strchr(p, '|');
        size_t ilen = bar ? (size_t)(bar - p) : strlen(p);
        if (ilen == 0)
            return sync_err_set(err, SYNC_INVALID, "%s: empty list item",
                                f->name);
        enum sync_rc rc = item_check(f, p, ilen, err);
        if (rc)
            return rc;
        if (n + 1 > SYNC_LIMIT_LIST_ITEMS)
            return sync_err_set(err, SYNC_TOOBIG, "%s: more than %d items",
                                f->name, SYNC_LIMIT_LIST_ITEMS);
        if (!bar)
            break;
        p = bar + 1;
    }
    return SYNC_OK;
}

static enum sync_rc int_check(const struct sync_fdef *f, int64_t i,
                              struct sync_err *err)
{
    int64_t lo = f->type == SYNC_F_YEAR ? 1900 : 0;
    int64_t hi = f->type == SYNC_F_YEAR ? 2100
                 : f->max > 0           ? f->max
                                        : INT64_MAX;
    if (i < lo || i > hi)
        return sync_err_set(err, SYNC_INVALID, "%s: %lld is outside %lld..%lld",
                            f->name, (long long)i, (long long)lo,
                            (long long)hi);
    return SYNC_OK;
}

static bool is_int_type(const struct sync_fdef *f)
{
    return f->type == SYNC_F_INT || f->type == SYNC_F_YEAR;
}

enum sync_rc sync_schema_check(const struct sync_fdef *f,
                               const struct sync_value *v, struct sync_err *err)
{
    if (v->kind == SYNC_V_NULL)
        return SYNC_OK;
    if (is_int_type(f) && !f->list) {
        if (v->kind != SYNC_V_INT)
            return sync_err_set(err, SYNC_INVALID, "%s: expected a number",
                                f->name);
        return int_check(f, v->i, err);
    }
    if (v->kind != SYNC_V_TEXT)
        return sync_err_set(err, SYNC_INVALID, "%s: expected text", f->name);
    return text_check(f, v->s, err);
}

enum sync_rc sync_schema_parse(struct sync_value *out,
                               const struct sync_fdef *f, const char *text,
                               struct sync_err *err)
{
    sync_value_clear(out);
    if (!*text)
        return SYNC_OK;
    if (is_int_type(f) && !f->list) {
        int64_t i = 0;
        if (sync_parse_i64(&i, text, NULL))
            return sync_err_set(err, SYNC_INVALID,
                                "%s: '%.40s' is not a number", f->name, text);
        out->kind = SYNC_V_INT;
        out->i = i;
    } else {
        out->kind = SYNC_V_TEXT;
        out->s = sync_xstrdup(text);
    }
    enum sync_rc rc = sync_schema_check(f, out, err);
    if (rc)
        sync_value_clear(out);
    return rc;
}

enum sync_rc sync_schema_required(const struct sync_tdef *t,
                                  const struct sync_record *set,
                                  struct sync_err *err)
{
    char names[200] = "";
    size_t n = 0, len = 0;
    for (size_t i = 0; i < t->n; i++) {
        const struct sync_rfield *f = sync_record_get(set, t->f[i].name);
        if (!t->f[i].required || (f && f->v.kind != SYNC_V_NULL))
            continue;
        int w = snprintf(names + len, sizeof(names) - len, "%s'%s'",
                         n ? ", " : "", t->f[i].name);
        if (w > 0 && (size_t)w < sizeof(names) - len)
            len += (size_t)w;
        n++;
    }
    if (n)
        return sync_err_set(err, SYNC_INVALID,
                            "missing required field%s %s of table '%s'",
                            n > 1 ? "s" : "", names, t->name);
    return SYNC_OK;
}
