/* SPDX-License-Identifier: MIT */
/*
 * schema: building a schema (tables, fields, enumerations) and checking
 * values of every field type, from typed text and from payload values.
 */
#include "check.h"

#include "spona/limits.h"
#include "spona/mem.h"
#include "spona/schema.h"

#define UUID_OK "018bcfe5-6800-7abc-9def-0123456789ab"

static enum sync_rc add(struct sync_schema *s, const char *table,
                        const char *name, const char *type, bool list,
                        int64_t max, const char *dom)
{
    struct sync_fdef def;
    memset(&def, 0, sizeof(def));
    def.name = (char *)name;
    def.list = list;
    def.max = max;
    return sync_schema_add_field(s, table, &def, type, dom, NULL);
}

static struct sync_schema *make_schema(void)
{
    struct sync_schema *s = sync_schema_new();
    sync_schema_add_enum(s, "sector", "health", NULL, NULL);
    sync_schema_add_enum(s, "sector", "education", NULL, NULL);
    sync_schema_add_enum(s, "sector", "water", NULL, NULL);
    sync_schema_add_enum(s, "size", "small", NULL, NULL);
    CHECK_RC(SYNC_OK, add(s, "org", "name", "text", false, 20, NULL));
    CHECK_RC(SYNC_OK, add(s, "org", "about", "text", false, 0, NULL));
    CHECK_RC(SYNC_OK, add(s, "org", "staff", "int", false, 1000, NULL));
    CHECK_RC(SYNC_OK, add(s, "org", "count", "int", false, 0, NULL));
    CHECK_RC(SYNC_OK, add(s, "org", "founded", "year", false, 0, NULL));
    CHECK_RC(SYNC_OK, add(s, "org", "sector", "enum", false, 0, "sector"));
    CHECK_RC(SYNC_OK, add(s, "org", "sectors", "enum", true, 0, "sector"));
    CHECK_RC(SYNC_OK, add(s, "org", "email", "email", false, 0, NULL));
    CHECK_RC(SYNC_OK, add(s, "org", "site", "url", false, 0, NULL));
    CHECK_RC(SYNC_OK, add(s, "org", "since", "date", false, 0, NULL));
    CHECK_RC(SYNC_OK, add(s, "org", "parent", "uuid", false, 0, NULL));
    CHECK_RC(SYNC_OK, add(s, "person", "email", "email", true, 0, NULL));
    return s;
}

struct pcase {
    const char *field;
    const char *text;
    enum sync_rc want;
};

static const struct pcase parse_cases[] = {
    /* text, at most 20 bytes, valid UTF-8, no control characters */
    {"name", "hello", SYNC_OK},
    {"name", "12345678901234567890", SYNC_OK},
    {"name", "123456789012345678901", SYNC_TOOBIG},
    {"name", "a|b", SYNC_OK},
    {"name", "tab\there", SYNC_OK},
    {"name", "line\nbreak", SYNC_OK},
    {"name", "a\001b", SYNC_INVALID},
    {"name", "cr\rlf", SYNC_INVALID},
    {"name", "esc\x1b", SYNC_INVALID},
    {"name", "del\x7f", SYNC_INVALID},
    {"name", "\305\276aba", SYNC_OK},      /* U+017E */
    {"name", "\xe2\x82\xac", SYNC_OK},     /* U+20AC */
    {"name", "\xf0\x9f\x98\x80", SYNC_OK}, /* U+1F600 */
    {"name", "\xff", SYNC_INVALID},
    {"name", "\x80", SYNC_INVALID},             /* lone continuation */
    {"name", "\xc3", SYNC_INVALID},             /* cut short */
    {"name", "\xe2\x82", SYNC_INVALID},         /* cut short */
    {"name", "\xc0\x80", SYNC_INVALID},         /* overlong NUL */
    {"name", "\xc1\xbf", SYNC_INVALID},         /* overlong */
    {"name", "\xe0\x80\xaf", SYNC_INVALID},     /* overlong */
    {"name", "\xed\xa0\x80", SYNC_INVALID},     /* surrogate */
    {"name", "\xf0\x80\x80\xaf", SYNC_INVALID}, /* overlong */
    {"name", "\xf4\x90\x80\x80", SYNC_INVALID}, /* past U+10FFFF */
    {"name", "\xf5\x80\x80\x80", SYNC_INVALID},
    {"name", "\xc3\x28", SYNC_INVALID}, /* bad continuation */
    /* int in [0, 1000] */
    {"staff", "0", SYNC_OK},
    {"staff", "1000", SYNC_OK},
    {"staff", "1001", SYNC_INVALID},
    {"staff", "-1", SYNC_INVALID},
    {"staff", "abc", SYNC_INVALID},
    {"staff", "1.5", SYNC_INVALID},
    {"staff", " 1", SYNC_INVALID},
    {"staff", "+1", SYNC_INVALID},
    {"staff", "1 ", SYNC_INVALID},
    {"staff", "99999999999999999999", SYNC_INVALID},
    /* int with no upper bound */
    {"count", "9223372036854775807", SYNC_OK},
    {"count", "9223372036854775808", SYNC_INVALID},
    {"count", "-5", SYNC_INVALID},
    /* year 1900..2100 */
    {"founded", "1899", SYNC_INVALID},
    {"founded", "1900", SYNC_OK},
    {"founded", "2024", SYNC_OK},
    {"founded", "2100", SYNC_OK},
    {"founded", "2101", SYNC_INVALID},
    {"founded", "-2000", SYNC_INVALID},
    {"founded", "20x4", SYNC_INVALID},
    /* one value of the enumeration */
    {"sector", "health", SYNC_OK},
    {"sector", "water", SYNC_OK},
    {"sector", "Health", SYNC_INVALID},
    {"sector", "heal", SYNC_INVALID},
    {"sector", "healthy", SYNC_INVALID},
    {"sector", " health", SYNC_INVALID},
    {"sector", "health|water", SYNC_INVALID},
    {"sector", "small", SYNC_INVALID}, /* another enumeration's value */
    /* list of the enumeration */
    {"sectors", "health", SYNC_OK},
    {"sectors", "health|water", SYNC_OK},
    {"sectors", "water|health|education", SYNC_OK},
    {"sectors", "health|bogus", SYNC_INVALID},
    {"sectors", "bogus|health", SYNC_INVALID},
    {"sectors", "health|Health", SYNC_INVALID},
    {"sectors", "health||water", SYNC_INVALID},
    {"sectors", "health|", SYNC_INVALID},
    {"sectors", "|health", SYNC_INVALID},
    {"sectors", "|", SYNC_INVALID},
    {"sectors", "health |water", SYNC_INVALID},
    /* e-mail shape */
    {"email", "ana@example.org", SYNC_OK},
    {"email", "ana.b+tag@mail.example.ba", SYNC_OK},
    {"email", "a@b.co", SYNC_OK},
    {"email", "a@b.c", SYNC_INVALID},
    {"email", "no-at.example.org", SYNC_INVALID},
    {"email", "@example.org", SYNC_INVALID},
    {"email", "a@@example.org", SYNC_INVALID},
    {"email", "a@b@example.org", SYNC_INVALID},
    {"email", "a b@example.org", SYNC_INVALID},
    {"email", "a@example", SYNC_INVALID},
    {"email", "a@.org", SYNC_INVALID},
    {"email", "a@example.org.", SYNC_INVALID},
    {"email", "<a>@example.org", SYNC_INVALID},
    {"email", "a@example.org\n", SYNC_INVALID},
    {"email", "\"a\"@example.org", SYNC_INVALID},
    /* http(s) URL shape */
    {"site", "https://example.org", SYNC_OK},
    {"site", "http://example.org/a?b=c#d", SYNC_OK},
    {"site", "https://localhost:8080/x", SYNC_OK},
    {"site", "ftp://example.org", SYNC_INVALID},
    {"site", "example.org", SYNC_INVALID},
    {"site", "https://", SYNC_INVALID},
    {"site", "http://", SYNC_INVALID},
    {"site", "https:///x", SYNC_INVALID},
    {"site", "https://.example.org", SYNC_INVALID},
    {"site", "https:/example.org", SYNC_INVALID},
    {"site", "https://exa mple.org", SYNC_INVALID},
    {"site", "https://example.org/\"x", SYNC_INVALID},
    {"site", "https://example.org/<script>", SYNC_INVALID},
    {"site", "javascript:alert(1)", SYNC_INVALID},
    {"site", "mailto:a@example.org", SYNC_INVALID},
    {"site", " https://example.org", SYNC_INVALID},
    /* YYYY-MM-DD, a real day */
    {"since", "2024-02-29", SYNC_OK},
    {"since", "2000-02-29", SYNC_OK},
    {"since", "2023-02-28", SYNC_OK},
    {"since", "2024-04-30", SYNC_OK},
    {"since", "2024-12-31", SYNC_OK},
    {"since", "1900-01-01", SYNC_OK},
    {"since", "1900-02-29", SYNC_INVALID},
    {"since", "2023-02-29", SYNC_INVALID},
    {"since", "2100-02-29", SYNC_INVALID},
    {"since", "2024-02-30", SYNC_INVALID},
    {"since", "2024-04-31", SYNC_INVALID},
    {"since", "2024-13-01", SYNC_INVALID},
    {"since", "2024-00-10", SYNC_INVALID},
    {"since", "2024-01-00", SYNC_INVALID},
    {"since", "2024-01-32", SYNC_INVALID},
    {"since", "2024-1-01", SYNC_INVALID},
    {"since", "2024-01-1", SYNC_INVALID},
    {"since", "2024/01/01", SYNC_INVALID},
    {"since", "24-01-01", SYNC_INVALID},
    {"since", "2024-01-01T00:00", SYNC_INVALID},
    {"since", "1899-12-31", SYNC_INVALID},
    {"since", "abcd-ef-gh", SYNC_INVALID},
    {"since", " 2024-01-01", SYNC_INVALID},
    {"since", "2024-01-0a", SYNC_INVALID},
    /* a row id */
    {"parent", UUID_OK, SYNC_OK},
    {"parent", "018BCFE5-6800-7ABC-9DEF-0123456789AB", SYNC_OK},
    {"parent", "018bcfe5", SYNC_INVALID},
    {"parent", UUID_OK "0", SYNC_INVALID},
    {"parent", "018bcfe5-6800-7abc-9def-0123456789ag", SYNC_INVALID},
    {"parent", "018bcfe568007abc9def0123456789ab", SYNC_INVALID},
};

/* True when msg starts with "field:". */
static bool names_field(const char *msg, const char *field)
{
    size_t n = strlen(field);
    return strncmp(msg, field, n) == 0 && msg[n] == ':';
}

static void test_parse(void)
{
    struct sync_schema *s = make_schema();
    const struct sync_tdef *t = sync_schema_table(s, "org");
    CHECK(t != NULL);
    if (!t) {
        sync_schema_free(s);
        return;
    }
    for (size_t i = 0; i < sizeof(parse_cases) / sizeof(parse_cases[0]); i++) {
        const struct pcase *c = &parse_cases[i];
        const struct sync_fdef *f = sync_schema_field(t, c->field);
        struct sync_value v = {0};
        struct sync_err err;
        CHECK(f != NULL);
        if (!f)
            continue;
        sync_err_init(&err);
        enum sync_rc rc = sync_schema_parse(&v, f, c->text, &err);
        CHECK_RC(c->want, rc);
        if (rc == SYNC_OK) {
            bool is_int = f->type == SYNC_F_INT || f->type == SYNC_F_YEAR;
            CHECK(v.kind == (is_int ? SYNC_V_INT : SYNC_V_TEXT));
            if (!is_int)
                CHECK(v.s && strcmp(v.s, c->text) == 0);
            CHECK_RC(SYNC_OK, err.rc);
            /* A parsed value passes the payload check too. */
            CHECK_RC(SYNC_OK, sync_schema_check(f, &v, NULL));
        } else {
            CHECK(v.kind == SYNC_V_NULL && v.s == NULL);
            CHECK_RC(rc, err.rc);
            CHECK(names_field(err.msg, c->field));
        }
        if (rc != c->want || (rc && !names_field(err.msg, c->field)))
            fprintf(stderr, "    case %zu: %s '%s': %s\n", i, c->field, c->text,
                    err.msg);
        /* The same text as a payload value gets the same answer. */
        if (f->type != SYNC_F_INT && f->type != SYNC_F_YEAR) {
            struct sync_value tv = {SYNC_V_TEXT, 0, (char *)c->text};
            CHECK_RC(c->want, sync_schema_check(f, &tv, NULL));
        }
        sync_value_clear(&v);
    }
    sync_schema_free(s);
}

static void test_parse_values(void)
{
    struct sync_schema *s = make_schema();
    const struct sync_tdef *t = sync_schema_table(s, "org");
    const struct sync_fdef *staff = sync_schema_field(t, "staff");
    const struct sync_fdef *name = sync_schema_field(t, "name");
    struct sync_value v = {0};

    CHECK_RC(SYNC_OK, sync_schema_parse(&v, staff, "0042", NULL));
    CHECK(v.kind == SYNC_V_INT && v.i == 42);
    /* "" clears whatever was there, for every field. */
    for (size_t i = 0; i < t->n; i++) {
        CHECK_RC(SYNC_OK, sync_schema_parse(&v, name, "x", NULL));
        CHECK(v.kind == SYNC_V_TEXT);
        CHECK_RC(SYNC_OK, sync_schema_parse(&v, &t->f[i], "", NULL));
        CHECK(v.kind == SYNC_V_NULL);
        CHECK(v.s == NULL);
    }
    /* A failed parse leaves a NULL value behind, not the old one. */
    CHECK_RC(SYNC_OK, sync_schema_parse(&v, name, "x", NULL));
    CHECK_RC(SYNC_INVALID, sync_schema_parse(&v, staff, "x", NULL));
    CHECK(v.kind == SYNC_V_NULL && v.s == NULL);
    sync_value_clear(&v);
    sync_schema_free(s);
}

static void test_long_text(void)
{
    struct sync_schema *s = make_schema();
    const struct sync_tdef *t = sync_schema_table(s, "org");
    const struct sync_fdef *about = sync_schema_field(t, "about");
    const struct sync_fdef *email = sync_schema_field(t, "email");
    const struct sync_fdef *sectors = sync_schema_field(t, "sectors");
    const struct sync_fdef *pemail =
        sync_schema_field(sync_schema_table(s, "person"), "email");
    char *big = sync_xmalloc(SYNC_LIMIT_TEXT + 2);
    struct sync_value v = {0};
    struct sync_err err;

    /* Text with no max of its own: SYNC_LIMIT_TEXT bytes. */
    memset(big, 'a', SYNC_LIMIT_TEXT);
    big[SYNC_LIMIT_TEXT] = '\0';
    CHECK_RC(SYNC_OK, sync_schema_parse(&v, about, big, NULL));
    big[SYNC_LIMIT_TEXT] = 'a';
    big[SYNC_LIMIT_TEXT + 1] = '\0';
    sync_err_init(&err);
    CHECK_RC(SYNC_TOOBIG, sync_schema_parse(&v, about, big, &err));
    CHECK(names_field(err.msg, "about"));
    /* Other text types have the same ceiling. */
    CHECK_RC(SYNC_TOOBIG, sync_schema_parse(&v, email, big, NULL));
    CHECK_RC(SYNC_TOOBIG, sync_schema_parse(&v, sectors, big, NULL));

    /* An address over 254 bytes. */
    memset(big, 'a', 300);
    memcpy(big + 300, "@example.org", 13);
    CHECK_RC(SYNC_INVALID, sync_schema_parse(&v, email, big, NULL));
    memcpy(big + 200, "@example.org", 13);
    CHECK_RC(SYNC_OK, sync_schema_parse(&v, email, big, NULL));

    /* Lists: SYNC_LIMIT_LIST_ITEMS items at most. */
    big[0] = '\0';
    for (int i = 0; i < SYNC_LIMIT_LIST_ITEMS; i++) {
        size_t n = strlen(big);
        snprintf(big + n, SYNC_LIMIT_TEXT - n, "%swater", i ? "|" : "");
    }
    CHECK_RC(SYNC_OK, sync_schema_parse(&v, sectors, big, NULL));
    size_t n = strlen(big);
    snprintf(big + n, SYNC_LIMIT_TEXT - n, "%s", "|health");
    sync_err_init(&err);
    CHECK_RC(SYNC_TOOBIG, sync_schema_parse(&v, sectors, big, &err));
    CHECK(names_field(err.msg, "sectors"));

    /* A list of e-mail addresses: each item is checked. */
    CHECK_RC(SYNC_OK, sync_schema_parse(&v, pemail, "a@x.org|b@y.org", NULL));
    CHECK_RC(SYNC_INVALID, sync_schema_parse(&v, pemail, "a@x.org|b", NULL));
    sync_err_init(&err);
    CHECK_RC(SYNC_INVALID, sync_schema_parse(&v, pemail, "a@x.org|b", &err));
    CHECK(strstr(err.msg, "'b'") != NULL);

    sync_value_clear(&v);
    free(big);
    sync_schema_free(s);
}

static void test_check_kinds(void)
{
    struct sync_schema *s = make_schema();
    const struct sync_tdef *t = sync_schema_table(s, "org");
    struct sync_value null = {SYNC_V_NULL, 0, NULL};
    struct sync_value num = {SYNC_V_INT, 2000, NULL};
    struct sync_value text = {SYNC_V_TEXT, 0, (char *)"2000"};
    struct sync_err err;

    /* NULL is fine for every field. */
    for (size_t i = 0; i < t->n; i++)
        CHECK_RC(SYNC_OK, sync_schema_check(&t->f[i], &null, NULL));

    const struct sync_fdef *founded = sync_schema_field(t, "founded");
    const struct sync_fdef *name = sync_schema_field(t, "name");
    const struct sync_fdef *sector = sync_schema_field(t, "sector");
    CHECK_RC(SYNC_OK, sync_schema_check(founded, &num, NULL));
    sync_err_init(&err);
    CHECK_RC(SYNC_INVALID, sync_schema_check(founded, &text, &err));
    CHECK(names_field(err.msg, "founded"));
    CHECK_RC(SYNC_OK, sync_schema_check(name, &text, NULL));
    sync_err_init(&err);
    CHECK_RC(SYNC_INVALID, sync_schema_check(name, &num, &err));
    CHECK(names_field(err.msg, "name"));
    CHECK_RC(SYNC_INVALID, sync_schema_check(sector, &num, NULL));

    num.i = 1899;
    CHECK_RC(SYNC_INVALID, sync_schema_check(founded, &num, NULL));
    num.i = INT64_MIN;
    CHECK_RC(SYNC_INVALID, sync_schema_check(founded, &num, NULL));
    CHECK_RC(SYNC_INVALID,
             sync_schema_check(sync_schema_field(t, "count"), &num, NULL));
    num.i = INT64_MAX;
    CHECK_RC(SYNC_OK,
             sync_schema_check(sync_schema_field(t, "count"), &num, NULL));
    CHECK_RC(SYNC_INVALID,
             sync_schema_check(sync_schema_field(t, "staff"), &num, NULL));

    /* Enum values named in the error. */
    struct sync_value bad = {SYNC_V_TEXT, 0, (char *)"health|bogus"};
    sync_err_init(&err);
    CHECK_RC(SYNC_INVALID,
             sync_schema_check(sync_schema_field(t, "sectors"), &bad, &err));
    CHECK(names_field(err.msg, "sectors"));
    CHECK(strstr(err.msg, "bogus") != NULL);
    sync_schema_free(s);
}

static void test_add_field(void)
{
    struct sync_schema *s = make_schema();
    struct sync_fdef def;
    struct sync_err err;
    char long_name[64];

    memset(&def, 0, sizeof(def));
    def.name = (char *)"x";
    sync_err_init(&err);
    CHECK_RC(SYNC_INVALID,
             sync_schema_add_field(s, "org", &def, "float", NULL, &err));
    CHECK_RC(SYNC_INVALID, err.rc);
    CHECK(strstr(err.msg, "'float'") != NULL);
    CHECK_RC(SYNC_INVALID, add(s, "org", "x", "", false, 0, NULL));
    CHECK_RC(SYNC_INVALID, add(s, "org", "x", "Text", false, 0, NULL));
    CHECK_RC(SYNC_INVALID, add(s, "org", "x", "text ", false, 0, NULL));

    /* Identifiers: [a-z][a-z0-9_]*, bounded. */
    CHECK_RC(SYNC_INVALID, add(s, "Org", "x", "text", false, 0, NULL));
    CHECK_RC(SYNC_INVALID, add(s, "1org", "x", "text", false, 0, NULL));
    CHECK_RC(SYNC_INVALID, add(s, "", "x", "text", false, 0, NULL));
    CHECK_RC(SYNC_INVALID, add(s, "org-x", "x", "text", false, 0, NULL));
    CHECK_RC(SYNC_INVALID, add(s, "org", "Name", "text", false, 0, NULL));
    CHECK_RC(SYNC_INVALID, add(s, "org", "_x", "text", false, 0, NULL));
    CHECK_RC(SYNC_INVALID, add(s, "org", "", "text", false, 0, NULL));
    CHECK_RC(SYNC_INVALID, add(s, "org", "a b", "text", false, 0, NULL));
    CHECK_RC(SYNC_INVALID, add(s, "org", "a;drop", "text", false, 0, NULL));
    def.name = (char *)"a\"b";
    sync_err_init(&err);
    CHECK_RC(SYNC_INVALID,
             sync_schema_add_field(s, "org", &def, "text", NULL, &err));
    CHECK(strstr(err.msg, "org") != NULL);
    memset(long_name, 'a', sizeof(long_name));
    long_name[SYNC_LIMIT_TABLE_NAME] = '\0';
    CHECK_RC(SYNC_OK, add(s, long_name, "x", "text", false, 0, NULL));
    long_name[SYNC_LIMIT_TABLE_NAME] = 'a';
    long_name[SYNC_LIMIT_TABLE_NAME + 1] = '\0';
    CHECK_RC(SYNC_INVALID, add(s, long_name, "x", "text", false, 0, NULL));
    memset(long_name, 'b', sizeof(long_name));
    long_name[SYNC_LIMIT_FIELD_NAME] = '\0';
    CHECK_RC(SYNC_OK, add(s, "org", long_name, "text", false, 0, NULL));
    long_name[SYNC_LIMIT_FIELD_NAME] = 'b';
    long_name[SYNC_LIMIT_FIELD_NAME + 1] = '\0';
    CHECK_RC(SYNC_INVALID, add(s, "org", long_name, "text", false, 0, NULL));
    CHECK_RC(SYNC_OK, add(s, "org", "x_2", "text", false, 0, NULL));

    /* Enum fields need a known enumeration. */
    sync_err_init(&err);
    CHECK_RC(SYNC_INVALID, add(s, "org", "kind", "enum", false, 0, "nope"));
    CHECK_RC(SYNC_INVALID, add(s, "org", "kind", "enum", false, 0, NULL));
    def.name = (char *)"kind";
    CHECK_RC(SYNC_INVALID,
             sync_schema_add_field(s, "org", &def, "enum", "nope", &err));
    CHECK(strstr(err.msg, "nope") != NULL);

    /* Every type name is known. */
    static const char *const types[] = {"text",  "int", "year", "enum",
                                        "email", "url", "date", "uuid"};
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
        char name[16];
        snprintf(name, sizeof(name), "t_%s", types[i]);
        CHECK_RC(SYNC_OK, add(s, "every", name, types[i], false, 0, "size"));
        const struct sync_fdef *f =
            sync_schema_field(sync_schema_table(s, "every"), name);
        CHECK(f && f->type == (enum sync_ftype)i);
    }
    sync_schema_free(s);
}

static void test_lookup(void)
{
    struct sync_schema *s = make_schema();
    struct sync_fdef def;

    const struct sync_tdef *t = sync_schema_table(s, "org");
    CHECK(t != NULL);
    CHECK(sync_schema_table(s, "nope") == NULL);
    CHECK(sync_schema_table(s, "Org") == NULL);
    CHECK(sync_schema_table_at(s, 0) == t);
    CHECK(sync_schema_table_at(s, 1) == sync_schema_table(s, "person"));
    CHECK(sync_schema_table_at(s, 2) == NULL);
    CHECK_STR("org", t->name);
    CHECK(t->n == 11);
    /* Fields in the order they were added. */
    CHECK_STR("name", t->f[0].name);
    CHECK_STR("parent", t->f[10].name);
    CHECK(sync_schema_field(t, "nope") == NULL);

    const struct sync_fdef *f = sync_schema_field(t, "sectors");
    CHECK(f && f->type == SYNC_F_ENUM && f->list);
    CHECK(f && f->dom == sync_schema_enum(s, "sector"));
    f = sync_schema_field(t, "name");
    CHECK(f && f->type == SYNC_F_TEXT && f->max == 20 && !f->list);

    const struct sync_enum *e = sync_schema_enum(s, "sector");
    CHECK(e && e->n == 3);
    if (e && e->n == 3) {
        CHECK_STR("sector", e->name);
        CHECK_STR("health", e->values[0]);
        CHECK_STR("education", e->values[1]);
        CHECK_STR("water", e->values[2]);
    }
    CHECK(sync_schema_enum(s, "nope") == NULL);

    /* Flags are copied; the name is copied too. */
    char name[8];
    snprintf(name, sizeof(name), "%s", "notes");
    memset(&def, 0, sizeof(def));
    def.name = name;
    def.required = true;
    def.local_only = true;
    def.max = 77;
    CHECK_RC(SYNC_OK,
             sync_schema_add_field(s, "person", &def, "text", NULL, NULL));
    name[0] = 'X';
    f = sync_schema_field(sync_schema_table(s, "person"), "notes");
    CHECK(f && f->required && f->local_only && f->max == 77);
    CHECK(f && f->name != name);

    /* Values added to an enumeration later are allowed at once. */
    sync_schema_add_enum(s, "sector", "sanitation", NULL, NULL);
    t = sync_schema_table(s, "org");
    f = sync_schema_field(t, "sector");
    struct sync_value v = {0};
    CHECK_RC(SYNC_OK, sync_schema_parse(&v, f, "sanitation", NULL));
    sync_value_clear(&v);

    sync_schema_free(s);
    sync_schema_free(NULL);
}

/* Regression: a list of years took any text, unchecked. */
static void test_no_number_lists(void)
{
    struct sync_schema *s = sync_schema_new();
    struct sync_err err;
    struct sync_fdef def = {.name = "years", .list = true};
    CHECK_RC(SYNC_INVALID,
             sync_schema_add_field(s, "t", &def, "year", NULL, &err));
    CHECK(strstr(err.msg, "years") != NULL);
    CHECK_RC(SYNC_INVALID,
             sync_schema_add_field(s, "t", &def, "int", NULL, &err));
    sync_schema_free(s);
}

int main(void)
{
    RUN(test_parse);
    RUN(test_parse_values);
    RUN(test_long_text);
    RUN(test_check_kinds);
    RUN(test_add_field);
    RUN(test_lookup);
    RUN(test_no_number_lists);
    return CHECK_DONE();
}
