/* SPDX-License-Identifier: MIT */
/*
 * Tests of report: the hub's figures by municipality, entity, canton,
 * sector, status, start year and country of residence, counted over live
 * rows only, on a node that holds its own and a member's practices.
 */
#include <string.h>

#include "check.h"
#include "spona/report.h"
#include "util.h"

/* The groups of one dimension as "value=n;" each, in order ("-" for
 * rows without a value). */
static void groups(const struct sync_report *r, enum sync_report_dim d,
                   char *out, size_t size)
{
    *out = '\0';
    for (size_t i = 0; i < r->t[d].n; i++) {
        size_t len = strlen(out);
        const struct sync_report_group *g = &r->t[d].g[i];
        snprintf(out + len, size - len, "%s=%lld;", g->value ? g->value : "-",
                 (long long)g->n);
    }
}

static void put_practice(struct test_node *n, const char *title,
                         const char *lsg, const char *sectors,
                         const char *status, const char *year)
{
    const char *kv[] = {"title",      title,   "owner_lsg", lsg,
                        "sectors",    sectors, "status",    status,
                        "start_year", year,    NULL};
    test_put(n, "practice", NULL, kv);
}

static void test_counts(void)
{
    struct test_node n[2];
    struct test_node *hub = &n[0], *lopare = &n[1];
    struct sync_report r;
    struct sync_err err;
    char text[512];
    test_node_make(hub, "Grad Bihać");
    test_node_make(lopare, "Opština Lopare");
    test_introduce(n, 2);
    put_practice(hub, "Registar", "bihac", "DIA.mapping|GOV.e_services",
                 "implemented", "2021");
    put_practice(hub, "Dani", "bihac", "DIA.identity_culture", "completed",
                 "2019");
    char *gone = test_put(hub, "practice", NULL,
                          (const char *[]){"title", "Obrisana", "owner_lsg",
                                           "bihac", "status", "idea", NULL});
    char gone_id[SYNC_UUID_TEXT];
    snprintf(gone_id, sizeof(gone_id), "%s", gone);
    CHECK_RC(SYNC_OK, sync_engine_delete(hub->e, "practice", gone_id, &err));
    /* Lopare's practice reaches the hub through an ordinary sync. */
    put_practice(lopare, "e-Matičar", "lopare", "GOV.e_services", "implemented",
                 "2021");
    struct test_batch b;
    test_take(lopare, 0, &b);
    test_give(hub, &b);
    test_batch_release(&b);
    test_put(hub, "person", NULL,
             (const char *[]){"given_name", "Amra", "family_name", "Hodžić",
                              "country", "DE", NULL});
    test_put(hub, "person", NULL,
             (const char *[]){"given_name", "Edin", "family_name", "Kovač",
                              "country", "DE", NULL});
    test_put(hub, "person", NULL,
             (const char *[]){"given_name", "Lejla", "family_name", "Begić",
                              "country", "AT", NULL});

    CHECK_RC(SYNC_OK, sync_report_count(hub->e, &r, &err));
    CHECK(test_live_rows(hub, "practice") == 3);
    groups(&r, SYNC_REPORT_MUNICIPALITY, text, sizeof(text));
    CHECK_STR("bihac=2;lopare=1;", text);
    groups(&r, SYNC_REPORT_ENTITY, text, sizeof(text));
    CHECK_STR("FBiH=2;RS=1;", text);
    groups(&r, SYNC_REPORT_CANTON, text, sizeof(text));
    CHECK_STR("USK=2;-=1;", text);
    groups(&r, SYNC_REPORT_SECTOR, text, sizeof(text));
    CHECK_STR("GOV.e_services=2;DIA.identity_culture=1;DIA.mapping=1;", text);
    groups(&r, SYNC_REPORT_STATUS, text, sizeof(text));
    CHECK_STR("implemented=2;completed=1;", text);
    groups(&r, SYNC_REPORT_YEAR, text, sizeof(text));
    CHECK_STR("2019=1;2021=2;", text);
    groups(&r, SYNC_REPORT_COUNTRY, text, sizeof(text));
    CHECK_STR("DE=2;AT=1;", text);
    CHECK_STR("municipality", sync_report_name(SYNC_REPORT_MUNICIPALITY));
    CHECK_STR("person", sync_report_table(SYNC_REPORT_COUNTRY));
    CHECK(sync_report_field(SYNC_REPORT_ENTITY) == NULL);
    CHECK_STR("sectors", sync_report_field(SYNC_REPORT_SECTOR));
    sync_report_release(&r);
    sync_report_release(NULL);
    sync_engine_close(hub->e);
    sync_engine_close(lopare->e);
}

int main(void)
{
    if (sync_global_init(NULL))
        return 1;
    RUN(test_counts);
    return CHECK_DONE();
}
