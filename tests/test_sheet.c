/* SPDX-License-Identifier: MIT */
/* sheet: dates and numbers as written in BiH, and the encodings of the
 * files spreadsheets save (UTF-8, Windows-1250, Windows-1251). */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "sheet.h"

static void date_is(const char *text, const char *want)
{
    char out[11] = "";
    bool ok = sync_sheet_date(out, text);
    check_report(ok == (want != NULL), __FILE__, __LINE__, text);
    if (ok && want)
        CHECK_STR(want, out);
}

static void test_dates(void)
{
    date_is("05.03.2024", "2024-03-05");
    date_is("5.3.2024", "2024-03-05");
    date_is("5.3.2024.", "2024-03-05");
    date_is("05. 03. 2024.", "2024-03-05");
    date_is(" 31.12.1999 ", "1999-12-31");
    date_is("2024-03-05", "2024-03-05");
    date_is("29.02.2024", "2024-02-29");
    date_is("29.02.2023", NULL); /* not a leap year */
    date_is("29.02.1900", NULL);
    date_is("29.02.2000", "2000-02-29");
    date_is("31.04.2024", NULL);
    date_is("32.01.2024", NULL);
    date_is("05.13.2024", NULL);
    date_is("0.3.2024", NULL);
    date_is("5.3.24", NULL); /* a two-digit year is a guess */
    date_is("05/03/2024", NULL);
    date_is("5.3.2024..", NULL);
    date_is("2024-3-5", NULL);
    date_is("2024-03-05x", NULL);
    date_is("", NULL);
    date_is("123.3.2024", NULL);
}

static void int_is(const char *text, bool ok, int64_t want)
{
    int64_t got = -1;
    struct sync_err err;
    enum sync_rc rc = sync_sheet_int(&got, text, &err);
    check_report((rc == SYNC_OK) == ok, __FILE__, __LINE__, text);
    if (ok && rc == SYNC_OK && got != want)
        fprintf(stderr, "    '%s': got %lld, want %lld\n", text, (long long)got,
                (long long)want);
    if (ok)
        CHECK(got == want);
}

static void test_numbers(void)
{
    int_is("1500", true, 1500);
    int_is("1.500", true, 1500);
    int_is("1.500,00", true, 1500);
    int_is("1500,00", true, 1500);
    int_is("1500,", true, 1500);
    int_is("1 500", true, 1500);
    int_is("1\xC2\xA0"
           "500",
           true, 1500); /* no-break space */
    int_is("1\xE2\x80\xAF"
           "500",
           true, 1500);
    int_is("12.345.678", true, 12345678);
    int_is("-3", true, -3);
    int_is("0,0", true, 0);
    int_is("2021.", true, 2021); /* a year, BCS style */
    int_is("1.500,50", false, 0);
    int_is("1,5", false, 0);
    int_is("1.5", false, 0);
    int_is("12.34", false, 0);
    int_is("1.5000", false, 0);
    int_is("1..500", false, 0);
    int_is(".500", false, 0);
    int_is("1.500.", false, 0);
    int_is("1,500.00", false, 0); /* English style: not ours */
    int_is("abc", false, 0);
    int_is("", false, 0);
    int_is("-", false, 0);
    int_is("99999999999999999999", false, 0);
    struct sync_err err;
    int64_t v;
    CHECK_RC(SYNC_INVALID, sync_sheet_int(&v, "1.500,50", &err));
    CHECK(strstr(err.msg, "not a whole number") != NULL);
    CHECK_RC(SYNC_INVALID, sync_sheet_int(&v, "x", &err));
    CHECK(strstr(err.msg, "write 1500, 1.500 or 1.500,00") != NULL);
}

static void decoded_is(const char *bytes, enum sync_sheet_enc enc,
                       const char *want)
{
    char *out = NULL;
    size_t len = 0;
    enum sync_sheet_enc got = SYNC_SHEET_UTF8;
    struct sync_err err;
    CHECK_RC(SYNC_OK, sync_sheet_decode(&out, &len, &got, bytes, strlen(bytes),
                                        1024, &err));
    CHECK(got == enc);
    CHECK_STR(want, out);
    CHECK(out && len == strlen(want));
    free(out);
}

static void test_encodings(void)
{
    /* UTF-8, with and without a byte-order mark */
    decoded_is("Naziv;Općina\r\n", SYNC_SHEET_UTF8, "Naziv;Općina\r\n");
    decoded_is("\xEF\xBB\xBFNaziv;Općina", SYNC_SHEET_UTF8, "Naziv;Općina");
    /* Bosnian Latin in Windows-1250: č ć đ š ž and capitals */
    decoded_is("Op\xE6ina Klju\xE8;\x8A"
               "abi\xE6;\x8Eivinice;\xD0or\xF0"
               "e;"
               "po\xE8"
               "etka",
               SYNC_SHEET_CP1250, "Općina Ključ;Šabić;Živinice;Đorđe;početka");
    /* Serbian Cyrillic in Windows-1251: "Општина Лопаре; Ђорђе, љубав" */
    decoded_is("\xCE\xEF\xF8\xF2\xE8\xED\xE0 \xCB\xEE\xEF\xE0\xF0\xE5; "
               "\x80\xEE\xF0\x90\xE5, \x9A\xF3\xE1\xE0\xE2",
               SYNC_SHEET_CP1251, "Општина Лопаре; Ђорђе, љубав");
    /* A Latin file in 1250 whose only letters look like Cyrillic ones in
     * 1251 (č is И there) stays 1250. */
    decoded_is("title;status\r\nKlju\xE8;idea\r\n", SYNC_SHEET_CP1250,
               "title;status\r\nKljuč;idea\r\n");
    CHECK(sync_sheet_guess("plain ascii", 11) == SYNC_SHEET_UTF8);
    CHECK(strcmp(sync_sheet_enc_name(SYNC_SHEET_CP1251), "Windows-1251") == 0);

    struct sync_err err;
    char *out = NULL;
    size_t len;
    enum sync_sheet_enc enc;
    /* an .xlsx is a zip file: NUL bytes */
    static const char zip[] = "PK\x03\x04\x14\0\0\0";
    CHECK_RC(SYNC_INVALID,
             sync_sheet_decode(&out, &len, &enc, zip, sizeof(zip), 1024, &err));
    CHECK(strstr(err.msg, "save it as CSV") != NULL);
    /* over the limit, once converted */
    CHECK_RC(SYNC_TOOBIG, sync_sheet_decode(&out, &len, &enc,
                                            "\xE8\xE8\xE8\xE8", 4, 6, &err));
    CHECK_RC(SYNC_TOOBIG,
             sync_sheet_decode(&out, &len, &enc, "abcdefgh", 8, 6, &err));
    CHECK(out == NULL);
}

int main(void)
{
    RUN(test_dates);
    RUN(test_numbers);
    RUN(test_encodings);
    return CHECK_DONE();
}
