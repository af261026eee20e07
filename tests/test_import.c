/* SPDX-License-Identifier: MIT */
/* import: headers and values as officials write them (codes, labels in
 * every language, ISO codes, names in either script), every problem of
 * every row at once with nothing written, rows of other organisations
 * skipped, and the labels of the schema unambiguous. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "spona/fold.h"
#include "spona/import.h"
#include "util.h"

#define ID1 "01900000-0000-7000-8000-000000000001"
#define ID2 "01900000-0000-7000-8000-000000000002"

static const struct sync_schema *schema(struct test_node *n)
{
    return sync_engine_schema(n->e);
}

static const struct sync_fdef *field(struct test_node *n, const char *table,
                                     const char *name)
{
    return sync_schema_field(sync_schema_table(schema(n), table), name);
}

/* Reads text as a value of table.name; want NULL: must be refused. */
static void value_is(struct test_node *n, const char *table, const char *name,
                     const char *text, const char *want)
{
    struct sync_value v = {0};
    struct sync_err err;
    enum sync_rc rc =
        sync_import_value(schema(n), field(n, table, name), text, &v, &err);
    check_report((rc == SYNC_OK) == (want != NULL), __FILE__, __LINE__, text);
    if (rc && want)
        fprintf(stderr, "    '%s': %s\n", text, err.msg);
    if (!rc && want) {
        char got[64];
        if (v.kind == SYNC_V_INT)
            snprintf(got, sizeof(got), "%lld", (long long)v.i);
        else
            snprintf(got, sizeof(got), "%s", v.kind ? v.s : "");
        CHECK_STR(want, got);
    }
    sync_value_clear(&v);
}

static void test_values(void)
{
    struct test_node n;
    test_node_make(&n, "Općina Ključ");
    /* enumerations: codes, labels in bs, hr, sr (Cyrillic or Latin), en */
    value_is(&n, "practice", "status", "ongoing", "ongoing");
    value_is(&n, "practice", "status", "ONGOING", "ongoing");
    value_is(&n, "practice", "status", "U toku", "ongoing");
    value_is(&n, "practice", "status", "u toku", "ongoing");
    value_is(&n, "practice", "status", "U tijeku", "ongoing");
    value_is(&n, "practice", "status", "У току", "ongoing");
    value_is(&n, "practice", "status", "Zavrseno", "completed");
    value_is(&n, "practice", "status", "Sprovedeno", "implemented");
    value_is(&n, "practice", "status", "maybe", NULL);
    value_is(&n, "practice", "cost_currency", "KM", "BAM");
    /* ISO 15924, ISO 639, ISO 3166 */
    value_is(&n, "practice", "script", "Latn", "latin");
    value_is(&n, "practice", "script", "Cyrl", "cyrillic");
    value_is(&n, "practice", "script", "латиница", "latin");
    value_is(&n, "practice", "script", "ćirilica", "cyrillic");
    value_is(&n, "practice", "lang", "bos", "bs");
    value_is(&n, "practice", "lang", "ger", "de");
    value_is(&n, "practice", "lang", "njemački", "de");
    value_is(&n, "practice", "lang", "German", "de");
    value_is(&n, "person", "country", "DE", "DE");
    value_is(&n, "person", "country", "DEU", "DE");
    value_is(&n, "person", "country", "Njemacka", "DE");
    value_is(&n, "person", "country", "Немачка", "DE");
    value_is(&n, "person", "country", "Germany", "DE");
    value_is(&n, "person", "country", "Švicarska", "CH");
    value_is(&n, "person", "country", "Austrija", "AT");
    value_is(&n, "person", "country", "Narnia", NULL);
    /* municipalities in either script; a name of both entities needs its
     * entity */
    value_is(&n, "practice", "owner_lsg", "Ključ", "kljuc");
    value_is(&n, "practice", "owner_lsg", "Кључ", "kljuc");
    value_is(&n, "practice", "owner_lsg", "LOPARE", "lopare");
    value_is(&n, "practice", "owner_lsg", "Novi Grad", NULL);
    value_is(&n, "practice", "owner_lsg", "Novi Grad (RS)", "novi-grad-rs");
    /* lists: '|', or ';' and ',' as people write */
    value_is(&n, "practice", "sectors", "Investicije, Obrazovanje",
             "ECO.investment|SOC.education");
    value_is(&n, "practice", "sectors", "ECO.investment|Povratak",
             "ECO.investment|DIA.return");
    value_is(&n, "practice", "sectors", "Investicije; Nešto", NULL);
    /* dates and numbers */
    value_is(&n, "consent", "granted_at", "05.03.2024", "2024-03-05");
    value_is(&n, "consent", "granted_at", "5.3.2024.", "2024-03-05");
    value_is(&n, "consent", "granted_at", "2024-03-05", "2024-03-05");
    value_is(&n, "consent", "granted_at", "31.02.2024", NULL);
    value_is(&n, "practice", "cost_amount", "1.500,00", "1500");
    value_is(&n, "practice", "start_year", "2021.", "2021");
    value_is(&n, "practice", "start_year", "1850", NULL);
    value_is(&n, "event", "participants", "1.500", "1500");
    /* messages name what is allowed */
    struct sync_value v = {0};
    struct sync_err err;
    CHECK_RC(SYNC_INVALID,
             sync_import_value(schema(&n), field(&n, "practice", "status"),
                               "maybe", &v, &err));
    CHECK(strstr(err.msg, "'maybe' is not allowed; allowed: idea (Ideja), "
                          "pilot (Pilot)") == err.msg);
    CHECK(strstr(err.msg, "ongoing (U toku)") != NULL);
    CHECK_RC(SYNC_INVALID,
             sync_import_value(schema(&n), field(&n, "consent", "granted_at"),
                               "March 5", &v, &err));
    CHECK(strstr(err.msg, "DD.MM.YYYY") != NULL);
    CHECK_RC(SYNC_INVALID,
             sync_import_value(schema(&n), field(&n, "practice", "owner_lsg"),
                               "Novi Grad", &v, &err));
    CHECK(strstr(err.msg, "may mean 'novi-grad") != NULL);
    sync_engine_close(n.e);
}

static void test_find_lsg(void)
{
    struct test_node n;
    test_node_make(&n, "x");
    CHECK_STR("kljuc", sync_import_find_lsg(schema(&n), "Općina Ključ"));
    CHECK_STR("lopare", sync_import_find_lsg(schema(&n), "Општина Лопаре"));
    CHECK_STR("bihac", sync_import_find_lsg(schema(&n), "Grad Bihać"));
    CHECK_STR("istocno-sarajevo",
              sync_import_find_lsg(schema(&n), "Grad Istočno Sarajevo"));
    CHECK(sync_import_find_lsg(schema(&n), "Opština Novi Grad") == NULL);
    CHECK(sync_import_find_lsg(schema(&n), "FBiH hub") == NULL);
    sync_engine_close(n.e);
}

struct seen {
    char folded[512];
    const char *key;
    const char *dom;
};

/* Whether l is the label shown for its key in its language (the first). */
static bool shown(const struct sync_schema *s, const struct sync_label *l)
{
    return l->lang != SYNC_LANG_ALIAS &&
           sync_schema_label_in(s, l->field, l->dom, l->key, l->lang) ==
               l->text;
}

/* The label shown for a value or a column names only it among all the
 * names of its enumeration or table (codes, labels, aliases): otherwise
 * an export with labels would not read back. Other names may meet (the
 * plain "Novi Grad" of both entities: import asks for the code). */
static void test_labels_unambiguous(void)
{
    struct test_node n;
    test_node_make(&n, "x");
    const struct sync_schema *s = schema(&n);
    const struct sync_label *l, *m;
    size_t bad = 0, n_labels = 0;
    for (size_t i = 0; (l = sync_schema_label_at(s, i)) != NULL; i++) {
        char a[512], b[512];
        n_labels++;
        if (sync_fold(a, sizeof(a), l->text, NULL))
            continue;
        for (size_t j = i + 1; (m = sync_schema_label_at(s, j)) != NULL; j++) {
            if (m->field != l->field || strcmp(m->key, l->key) == 0)
                continue;
            bool same_dom = strcmp(m->dom, l->dom) == 0;
            /* a table's fields meet the columns of every table */
            bool meets = same_dom || (l->field && (strcmp(l->dom, "*") == 0 ||
                                                   strcmp(m->dom, "*") == 0));
            if (!meets || !(shown(s, l) || shown(s, m)) ||
                sync_fold(b, sizeof(b), m->text, NULL) || strcmp(a, b) != 0)
                continue;
            fprintf(stderr, "    '%s' names %s and %s of %s\n", l->text, l->key,
                    m->key, l->dom);
            bad++;
        }
    }
    CHECK(bad == 0);
    CHECK(n_labels > 3000);
    bad = 0;
    /* every field of every table has a label in every language */
    const struct sync_tdef *t;
    for (size_t i = 0; (t = sync_schema_table_at(s, i)) != NULL; i++)
        for (size_t j = 0; j < t->n; j++)
            for (int lang = 0; lang < SYNC_LANG_ALIAS; lang++)
                if (!sync_schema_label_in(s, true, t->name, t->f[j].name,
                                          (enum sync_lang)lang)) {
                    fprintf(stderr, "    no %s label for %s.%s\n",
                            sync_lang_name((enum sync_lang)lang), t->name,
                            t->f[j].name);
                    bad++;
                }
    CHECK(bad == 0);
    sync_engine_close(n.e);
}

static enum sync_rc import(struct test_node *n, const char *table,
                           const char *text, unsigned flags,
                           struct sync_import_report *r)
{
    struct sync_err err;
    enum sync_rc rc = sync_engine_import(n->e, table, text, strlen(text), flags,
                                         NULL, NULL, r, &err);
    if (rc)
        fprintf(stderr, "    import: %s\n", err.msg);
    return rc;
}

static const char *text_of(struct test_node *n, const char *table,
                           const char *id, const char *name, char *out,
                           size_t size)
{
    struct sync_record r;
    struct sync_err err;
    sync_record_init(&r);
    out[0] = '\0';
    if (sync_engine_get(n->e, table, id, &r, &err) == SYNC_OK) {
        const struct sync_rfield *f = sync_record_get(&r, name);
        if (f && f->v.kind == SYNC_V_TEXT)
            snprintf(out, size, "%s", f->v.s);
        else if (f && f->v.kind == SYNC_V_INT)
            snprintf(out, size, "%lld", (long long)f->v.i);
    }
    sync_record_release(&r);
    return out;
}

static void test_headers_as_written(void)
{
    struct test_node n;
    char buf[128];
    struct sync_import_report r;
    test_node_make(&n, "Općina Ključ");
    CHECK_RC(SYNC_OK, sync_engine_set_lsg(n.e, "kljuc", NULL));
    /* Windows-1250, Bosnian labels without diacritics and in capitals,
     * an English one, a Serbian Cyrillic one... in Latin, and a code. */
    const char *file =
        "ID;NAZIV;Godina pocetka;status;Sectors;Trosak;Pismo;Dijeljenje\r\n" ID1
        ";Dani dijaspore u Klju\xE8u;2021.;U toku;"
        "Investicije, Povratak;1.500,00;Latn;Cijela mre\x9E"
        "a\r\n";
    CHECK_RC(SYNC_OK, import(&n, "practice", file, 0, &r));
    CHECK_STR("Windows-1250", r.encoding);
    CHECK(r.imported == 1 && r.n_problems == 0 && r.sep == ';');
    CHECK_STR("Dani dijaspore u Ključu",
              text_of(&n, "practice", ID1, "title", buf, sizeof(buf)));
    CHECK_STR("2021",
              text_of(&n, "practice", ID1, "start_year", buf, sizeof(buf)));
    CHECK_STR("ongoing",
              text_of(&n, "practice", ID1, "status", buf, sizeof(buf)));
    CHECK_STR("ECO.investment|DIA.return",
              text_of(&n, "practice", ID1, "sectors", buf, sizeof(buf)));
    CHECK_STR("1500",
              text_of(&n, "practice", ID1, "cost_amount", buf, sizeof(buf)));
    CHECK_STR("network",
              text_of(&n, "practice", ID1, "scope", buf, sizeof(buf)));
    /* the node's municipality, the column being absent */
    CHECK_STR("kljuc",
              text_of(&n, "practice", ID1, "owner_lsg", buf, sizeof(buf)));
    sync_import_report_release(&r);

    /* Serbian Cyrillic headers and values in Windows-1251: "Назив,Статус,
     * Општина власник / Нова пракса,У току,Лопаре" */
    const char *cyr = "\xCD\xE0\xE7\xE8\xE2,\xD1\xF2\xE0\xF2\xF3\xF1,"
                      "\xCE\xEF\xF8\xF2\xE8\xED\xE0 \xE2\xEB\xE0\xF1\xED\xE8"
                      "\xEA\r\n"
                      "\xCD\xEE\xE2\xE0 \xEF\xF0\xE0\xEA\xF1\xE0,\xD3 \xF2"
                      "\xEE\xEA\xF3,\xCB\xEE\xEF\xE0\xF0\xE5\r\n";
    CHECK_RC(SYNC_OK, import(&n, "practice", cyr, 0, &r));
    CHECK_STR("Windows-1251", r.encoding);
    CHECK(r.imported == 1 && r.n_problems == 0);
    CHECK(test_live_rows(&n, "practice") == 2);
    sync_import_report_release(&r);

    /* a header that names a field twice, in two ways */
    CHECK_RC(SYNC_OK, import(&n, "practice", "title,Naziv\nA,B\n", 0, &r));
    CHECK(r.header_bad && r.n_problems >= 1 && r.imported == 0);
    CHECK(strstr(r.problems[0].msg, "both name field 'title'") != NULL);
    sync_import_report_release(&r);
    sync_engine_close(n.e);
}

static void test_every_problem_at_once(void)
{
    struct test_node n;
    struct sync_import_report r;
    test_node_make(&n, "Općina Ključ");
    const char *file = "Naziv,Status,Godina početka,Trošak,Pismo\n"
                       "Dobra,idea,2020,100,Latn\n"
                       "Loša,maybe,20x0,1.500,50,Latn\n" /* 6 fields */
                       ",možda,1800,1.5,Grčko\n"
                       "Dobra dva,pilot,2021,,\n";
    int64_t before = test_count(&n, "entry");
    CHECK_RC(SYNC_OK, import(&n, "practice", file, 0, &r));
    CHECK(r.rows == 4 && r.refused == 2 && r.imported == 0);
    /* line 3: the field count; line 4: four values and the missing title */
    CHECK(r.n_problems == 6);
    if (r.n_problems == 6) {
        CHECK(r.problems[0].line == 3);
        CHECK(strstr(r.problems[0].msg, "6 fields, but the header has 5"));
        CHECK(r.problems[1].line == 4);
        CHECK_STR("Status", r.problems[1].column);
        CHECK(strstr(r.problems[1].msg, "allowed: idea (Ideja)") != NULL);
        CHECK_STR("Godina početka", r.problems[2].column);
        CHECK(strstr(r.problems[2].msg, "outside 1900..2100") != NULL);
        CHECK_STR("Trošak", r.problems[3].column);
        CHECK_STR("Pismo", r.problems[4].column);
        CHECK(strstr(r.problems[4].msg, "latin (latinica)") != NULL);
        CHECK(r.problems[5].column[0] == '\0');
        CHECK(strstr(r.problems[5].msg, "missing required field 'title'"));
    }
    CHECK(test_count(&n, "entry") == before);
    sync_import_report_release(&r);
    /* --skip-bad keeps the two good rows */
    CHECK_RC(SYNC_OK, import(&n, "practice", file, SYNC_IMPORT_SKIP_BAD, &r));
    CHECK(r.imported == 2 && r.refused == 2);
    CHECK(test_live_rows(&n, "practice") == 2);
    sync_import_report_release(&r);
    sync_engine_close(n.e);
}

static void test_others_skipped(void)
{
    struct test_node n[2];
    struct sync_import_report r;
    char buf[128];
    test_node_make(&n[0], "Općina Ključ");
    test_node_make(&n[1], "Opština Lopare");
    test_introduce(n, 2);
    const char *lopare[] = {"title", "Lopare's", "status", "idea", NULL};
    char other[SYNC_UUID_TEXT];
    snprintf(other, sizeof(other), "%s",
             test_put(&n[1], "practice", NULL, lopare));
    test_sync_pair(&n[0], &n[1]);
    CHECK(test_live_rows(&n[0], "practice") == 1);
    /* an export of the synced node, edited: its own row changed, another
     * organisation's row (by owner or by id) left alone */
    char file[1024];
    snprintf(file, sizeof(file),
             "id,title,status,owner\n"
             "%s,Changed,idea,Opština Lopare\n"
             "%s,Changed without owner,idea,\n" ID2 ",Ours,pilot,Općina Ključ\n"
             ",Theirs,pilot,Opstina Lopare\n",
             other, other);
    CHECK_RC(SYNC_OK, import(&n[0], "practice", file, 0, &r));
    CHECK(r.rows == 4 && r.others == 3 && r.imported == 1);
    CHECK(r.n_problems == 0 && r.refused == 0);
    CHECK_STR("Lopare's",
              text_of(&n[0], "practice", other, "title", buf, sizeof(buf)));
    CHECK_STR("Ours",
              text_of(&n[0], "practice", ID2, "title", buf, sizeof(buf)));
    sync_import_report_release(&r);
    sync_engine_close(n[0].e);
    sync_engine_close(n[1].e);
}

int main(void)
{
    struct sync_err err;
    if (sync_global_init(&err))
        return 1;
    RUN(test_values);
    RUN(test_find_lsg);
    RUN(test_labels_unambiguous);
    RUN(test_headers_as_written);
    RUN(test_every_problem_at_once);
    RUN(test_others_skipped);
    return CHECK_DONE();
}
