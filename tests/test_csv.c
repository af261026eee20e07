/* SPDX-License-Identifier: MIT */
/* csv: spreadsheet CSV in all its forms, errors with line numbers, and
 * writing fields that read back the same. */
#include <stdio.h>

#include "check.h"
#include "spona/csv.h"

struct got {
    char cell[8][8][64];
    size_t n[8];
    size_t line[8];
    int rows;
};

static int keep(const struct sync_csv_record *r, void *payload)
{
    struct got *g = payload;
    if (g->rows == 8)
        return 1;
    for (size_t i = 0; i < r->n && i < 8; i++)
        snprintf(g->cell[g->rows][i], 64, "%s", r->field[i]);
    g->n[g->rows] = r->n;
    g->line[g->rows] = r->line;
    g->rows++;
    return 0;
}

static struct got parse(const char *text, char *sep, enum sync_rc want)
{
    struct got g = {.rows = 0};
    struct sync_err err;
    CHECK_RC(want, sync_csv_parse(text, strlen(text), sep, keep, &g, &err));
    return g;
}

static void test_excel_semicolons(void)
{
    char sep = 0;
    /* BOM, semicolons, CRLF, Cyrillic, a quoted field with ; and a line
     * break and a doubled quote, an empty field, a blank line */
    struct got g =
        parse("\xEF\xBB\xBFtitle;status;summary\r\n"
              "Е-Матичар;ongoing;\"Izvodi; \"\"brzo\"\"\r\nonline\"\r\n"
              "\r\n"
              "Dani;;x\r\n",
              &sep, SYNC_OK);
    CHECK(sep == ';');
    CHECK(g.rows == 3);
    CHECK_STR("title", g.cell[0][0]);
    CHECK_STR("Е-Матичар", g.cell[1][0]);
    CHECK_STR("Izvodi; \"brzo\"\r\nonline", g.cell[1][2]);
    CHECK(g.n[2] == 3 && g.cell[2][1][0] == '\0');
    CHECK(g.line[1] == 2 && g.line[2] == 5);
}

static void test_commas(void)
{
    char sep = 0;
    struct got g = parse("a,b\n1,\"x,y\"\n2,z", &sep, SYNC_OK);
    CHECK(sep == ',');
    CHECK(g.rows == 3);
    CHECK_STR("x,y", g.cell[1][1]);
    CHECK_STR("z", g.cell[2][1]);
    /* a semicolon inside quotes does not decide the separator */
    g = parse("\"a;b;c\",d\n", &sep, SYNC_OK);
    CHECK(sep == ',' && g.n[0] == 2);
}

/* A sheet saved with empty rows above the header: the separator is that
 * of the first line with something on it (found by fuzz_csv). */
static void test_blank_lines_first(void)
{
    char sep = 0;
    struct got g =
        parse("\r\n\nNaziv;Status\r\nVoda;u toku\r\n", &sep, SYNC_OK);
    CHECK(sep == ';');
    CHECK(g.rows == 2 && g.n[0] == 2 && g.line[0] == 3);
    CHECK_STR("u toku", g.cell[1][1]);
    g = parse("\xEF\xBB\xBF\n\na,b;c\n", &sep, SYNC_OK);
    CHECK(sep == ',' && g.n[0] == 2);
}

static void test_errors(void)
{
    struct sync_err err;
    struct got g = {.rows = 0};
    const char *open = "a;b\n1;\"never closed\n";
    CHECK_RC(SYNC_INVALID,
             sync_csv_parse(open, strlen(open), NULL, keep, &g, &err));
    CHECK(strstr(err.msg, "line 2") != NULL);
    const char *after = "a;b\n\"x\"y;z\n";
    CHECK_RC(SYNC_INVALID,
             sync_csv_parse(after, strlen(after), NULL, keep, &g, &err));
    CHECK(strstr(err.msg, "line 2") != NULL);
    static char wide[SYNC_CSV_MAX_FIELDS * 2 + 8];
    for (size_t i = 0; i < SYNC_CSV_MAX_FIELDS + 1; i++) {
        wide[2 * i] = 'x';
        wide[2 * i + 1] = ',';
    }
    CHECK_RC(SYNC_TOOBIG,
             sync_csv_parse(wide, strlen(wide), NULL, keep, &g, &err));
}

static void test_write_reads_back(void)
{
    const char *cells[] = {"plain",      "a;b",    "say \"hi\"",
                           "two\nlines", " edge ", ""};
    struct sync_buf b;
    sync_buf_init(&b, 4096);
    for (size_t i = 0; i < 6; i++) {
        CHECK_RC(SYNC_OK, sync_csv_add_field(&b, cells[i], ';'));
        CHECK_RC(SYNC_OK,
                 sync_buf_add(&b, i < 5 ? ";" : "\r\n", i < 5 ? 1 : 2));
    }
    CHECK(strstr(b.buf, "plain;\"a;b\"") == b.buf);
    struct got g = parse(b.buf, NULL, SYNC_OK);
    CHECK(g.rows == 1 && g.n[0] == 6);
    for (size_t i = 0; i < 6; i++)
        CHECK_STR(cells[i], g.cell[0][i]);
    sync_buf_release(&b);
}

int main(void)
{
    RUN(test_excel_semicolons);
    RUN(test_commas);
    RUN(test_blank_lines_first);
    RUN(test_errors);
    RUN(test_write_reads_back);
    return CHECK_DONE();
}
