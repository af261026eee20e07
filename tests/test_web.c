/* SPDX-License-Identifier: MIT */
/*
 * test_web: the page builder of node/web/html.c. Values are escaped
 * unless the code says otherwise, numbers and precisions behave as in
 * printf, and a page over its limit is flagged, never cut silently.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "spona/buf.h"
#include "web/web.h"

static struct node_web_resp resp;
static struct node_web_req req;
static struct web_page page;

/* A fresh page whose body holds at most max bytes. */
static struct web_page *fresh(size_t max)
{
    sync_buf_release(&resp.body);
    memset(&resp, 0, sizeof(resp));
    sync_buf_init(&resp.body, max);
    page = (struct web_page){.q = &req, .r = &resp};
    return &page;
}

static void test_text_is_escaped(void)
{
    struct web_page *p = fresh(4096);
    web_html(p, "<td title=\"%s\">%s</td>", "a\"b", "<script>&'x'");
    CHECK_STR("<td title=\"a&quot;b\">&lt;script&gt;&amp;&#39;x&#39;</td>",
              resp.body.buf);
    CHECK(!p->overflow);
}

static void test_numbers_and_percent(void)
{
    struct web_page *p = fresh(4096);
    web_html(p, "%d|%lld|%zu|%llu|%+.1f s|100%%", -3, (long long)1 << 40,
             (size_t)7, 18446744073709551615ULL, 2.25);
    CHECK_STR("-3|1099511627776|7|18446744073709551615|+2.2 s|100%",
              resp.body.buf);
}

static void test_null_and_precision(void)
{
    struct web_page *p = fresh(4096);
    /* Precision counts bytes but never splits a character: "Đ" is two. */
    const char *none = NULL;
    web_html(p, "[%.3s][%.2s][%.12s]", "ĐĐ", "a<b", "short");
    web_esc(p, none);
    CHECK_STR("[Đ][a&lt;][short]", resp.body.buf);
}

static void test_raw_trusted_esc_option(void)
{
    struct web_page *p = fresh(4096);
    web_raw(p, "<p>");
    web_esc(p, "1 < 2");
    web_trusted(p, "<mark>ok</mark>");
    web_option(p, "a\"", "<b>", true);
    web_option(p, "c", "d", false);
    CHECK_STR("<p>1 &lt; 2<mark>ok</mark><option value=\"a&quot;\" "
              "selected>&lt;b&gt;</option><option value=\"c\">d</option>",
              resp.body.buf);
}

static void test_overflow_is_flagged(void)
{
    struct web_page *p = fresh(16);
    web_html(p, "<p>%s</p>", "a value far longer than sixteen bytes");
    CHECK(p->overflow);
    /* Nothing more goes in once over: the handler sends an error page. */
    web_raw(p, "x");
    CHECK(p->overflow);
    CHECK(resp.body.len == 0);
}

static void test_long_values_whole(void)
{
    /* web_fmt cut at 512 bytes; the builder has no such limit. */
    char big[3000];
    memset(big, 'a', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    struct web_page *p = fresh(1 << 20);
    web_html(p, "<p>%s</p>", big);
    CHECK(resp.body.len == sizeof(big) - 1 + 7);
    CHECK(!p->overflow);
}

/* Times on pages are Europe/Sarajevo's: CET in winter, CEST in summer,
 * changing at 01:00 UTC on the last Sundays of March and October. */
static void test_local_time(void)
{
    static const struct {
        int64_t s;
        const char *want;
    } cases[] = {
        {1768478400, "2026-01-15 13:00 CET"},  /* 2026-01-15 12:00 UTC */
        {1784116800, "2026-07-15 14:00 CEST"}, /* 2026-07-15 12:00 UTC */
        {1774745940, "2026-03-29 01:59 CET"},  /* 00:59 UTC, just before */
        {1774746000, "2026-03-29 03:00 CEST"}, /* 01:00 UTC: clocks go on */
        {1792889940, "2026-10-25 02:59 CEST"}, /* 00:59 UTC */
        {1792890000, "2026-10-25 02:00 CET"},  /* 01:00 UTC: clocks go back */
        {1703980800, "2023-12-31 01:00 CET"},  /* a day later than UTC */
        {1719792000, "2024-07-01 02:00 CEST"}, /* a leap year */
    };
    char out[32];
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        web_time(out, cases[i].s * 1000);
        CHECK_STR(cases[i].want, out);
    }
    web_time(out, 0);
    CHECK_STR("-", out);
}

/* The explicit rule agrees with the system's tzdata, when it has it. */
static void test_local_time_tzdata(void)
{
    if (access("/usr/share/zoneinfo/Europe/Sarajevo", R_OK) != 0)
        return;
    const char *old = getenv("TZ");
    char *keep = old ? strdup(old) : NULL;
    setenv("TZ", "Europe/Sarajevo", 1);
    tzset();
    /* Every 5 hours and 17 minutes over 2000..2040. */
    for (int64_t s = 946684800; s < 2208988800; s += 5 * 3600 + 17 * 60) {
        time_t t = (time_t)s;
        struct tm l, u;
        CHECK(localtime_r(&t, &l) != NULL && gmtime_r(&t, &u) != NULL);
        int64_t days = l.tm_year != u.tm_year ? (l.tm_year > u.tm_year ? 1 : -1)
                                              : l.tm_yday - u.tm_yday;
        int64_t off = days * 86400 + (l.tm_hour - u.tm_hour) * 3600 +
                      (l.tm_min - u.tm_min) * 60;
        if (off != web_local_offset(s * 1000)) {
            CHECK(off == web_local_offset(s * 1000));
            break;
        }
    }
    if (keep)
        setenv("TZ", keep, 1);
    else
        unsetenv("TZ");
    free(keep);
    tzset();
}

/* Serbian in Cyrillic: lj, nj and dž are one letter each; addresses and
 * abbreviations stay Latin. */
static void test_cyrillic(void)
{
    static const char *const cases[][2] = {
        {"Ljubuški NJEGOŠ Njegoš džamija DŽEP Džep",
         "Љубушки ЊЕГОШ Његош џамија ЏЕП Џеп"},
        {"Đurđevdan Ćuprija čaša šuma žir", "Ђурђевдан Ћуприја чаша шума жир"},
        {"Prakse po opštini", "Праксе по општини"},
        {"Brčko distrikt BiH", "Брчко дистрикт БиХ"},
        {"Izvoz (CSV)", "Извоз (CSV)"},
        {"počinje sa http://x.ba ili https://y.ba)",
         "почиње са http://x.ba или https://y.ba)"},
        {"GGGG-MM-DD, 7 dana:", "ГГГГ-ММ-ДД, 7 дана:"},
        {"nije ispravan ID; IDEJA", "није исправан ID; ИДЕЈА"},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *c = web_cyrillic(cases[i][0]);
        CHECK_STR(cases[i][1], c);
        free(c);
    }
    char *all[W_COUNT_];
    web_words_sr(all);
    CHECK_STR("Добре праксе", all[W_PRACTICES]);
    CHECK_STR("Општина / град", all[W_MUNICIPALITY]);
    for (size_t i = 0; i < W_COUNT_; i++)
        free(all[i]);
}

/* Reasons a member meets are said in words; others stay as written. */
static void test_reasons(void)
{
    struct web_page *p = fresh(64);
    CHECK_STR("ključ autora je opozvan",
              web_reason_label(p, "author key is revoked"));
    p->en = true;
    CHECK_STR("author key is revoked",
              web_reason_label(p, "author key is revoked"));
    p->en = false;
    CHECK_STR("bad tombstone", web_reason_label(p, "bad tombstone"));
    /* Matched by their start: the rest names the row's owner. */
    CHECK_STR("zapis pripada drugoj organizaciji",
              web_reason_label(p, "row belongs to 'Grad Bihać'"));
    CHECK_STR("row belongs", web_reason_label(p, "row belongs"));
    p->hr = true;
    CHECK_STR("Spremi", web_t(p, W_SAVE));
    CHECK_STR("Dobre prakse", web_t(p, W_PRACTICES)); /* as in Bosnian */
    p->hr = false;
    CHECK_STR("Sačuvaj", web_t(p, W_SAVE));
    CHECK_STR("Praksa", web_table_label(p, "practice"));
    CHECK_STR("Rupa u nizu unosa", web_finding_label(p, "gap"));
    CHECK_STR("Republika Srpska", web_entity_label(p, "RS"));
    CHECK_STR("čvorište", web_role_label(p, "hub"));
}

/* A form's fields: a list of a few values as checkboxes, a value as a
 * select, each by its label, the one in error marked; never a code as
 * the text a reader sees. */
static void test_inputs(void)
{
    char *values[] = {"email", "phone"};
    char *bs[] = {"E-pošta", "Telefon"};
    char *en[] = {"E-mail", "Phone"};
    struct sync_enum dom = {.name = "contact_channel",
                            .values = values,
                            .label_bs = bs,
                            .label_en = en,
                            .n = 2};
    struct sync_fdef list = {
        .name = "channels", .type = SYNC_F_ENUM, .list = true, .dom = &dom};
    struct web_page *p = fresh(8192);
    web_input(p, "consent", &list, "phone", true);
    CHECK(strstr(resp.body.buf, "<fieldset class=\"checks bad\" "
                                "id=\"f-channels\"><legend>Kanali</legend>"));
    CHECK(strstr(resp.body.buf, "name=\"channels\" value=\"email\"> "
                                "E-pošta</label>"));
    CHECK(strstr(resp.body.buf, "name=\"channels\" value=\"phone\" "
                                "checked> Telefon</label>"));
    CHECK(!strstr(resp.body.buf, "<select"));
    struct sync_fdef one = {
        .name = "purpose", .type = SYNC_F_ENUM, .required = true, .dom = &dom};
    p = fresh(8192);
    p->en = true;
    web_input(p, "consent", &one, "email", false);
    CHECK_STR("<label for=\"f-purpose\">Purpose *</label>\n"
              "<select id=\"f-purpose\" name=\"purpose\">"
              "<option value=\"\"></option>"
              "<option value=\"email\" selected>E-mail</option>"
              "<option value=\"phone\">Phone</option></select>\n",
              resp.body.buf);
    struct sync_fdef text = {.name = "city", .type = SYNC_F_TEXT, .max = 100};
    p = fresh(8192);
    web_input(p, "person", &text, "<Beč>", true);
    CHECK(strstr(resp.body.buf, "name=\"city\" class=\"bad\" "
                                "aria-invalid=\"true\" value=\"&lt;Beč&gt;\""));
}

int main(void)
{
    RUN(test_inputs);
    RUN(test_reasons);
    RUN(test_cyrillic);
    RUN(test_local_time);
    RUN(test_local_time_tzdata);
    RUN(test_text_is_escaped);
    RUN(test_numbers_and_percent);
    RUN(test_null_and_precision);
    RUN(test_raw_trusted_esc_option);
    RUN(test_overflow_is_flagged);
    RUN(test_long_values_whole);
    sync_buf_release(&resp.body);
    return CHECK_DONE();
}
