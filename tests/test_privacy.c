/* SPDX-License-Identifier: MIT */
/*
 * privacy: the rules of DOMAIN.md on personal data, between real engines:
 * consent decides a person's reach (1), only the allowed projection
 * leaves (2), withdrawal retracts (3), erasure reaches every copy and
 * holds against later writes (4), drafts stay home (6), and the audit log
 * records and chains what happened (7). Rule 8 (no byte left in the
 * files) is checked end to end by tests/cli/t2006-erase.sh.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "spona/engine.h"
#include "util.h"

#define ORG "Grad Bihać"

static char person_id[SYNC_UUID_TEXT];

/* a (writes) and b (another node of the same hub) know each other. */
static void pair(struct test_node *a, struct test_node *b)
{
    test_node_make(a, ORG);
    test_node_make(b, "Općina Ključ");
    CHECK_RC(SYNC_OK, sync_engine_member_put(b->e, sync_engine_self(a->e), ORG,
                                             "node", NULL));
}

static const char *new_person(struct test_node *a)
{
    snprintf(
        person_id, sizeof(person_id), "%s",
        test_put(a, "person", NULL,
                 (const char *[]){"given_name", "Amra", "family_name", "Hodžić",
                                  "country", "DE", "city", "München", "email",
                                  "amra.hodzic@example.org", "phone",
                                  "+49 89 1234567", "birth_year", "1980",
                                  "notes", "prefers calls after 18h", NULL}));
    return person_id;
}

static char *consent(struct test_node *a, const char *purpose,
                     const char *channels, const char *evidence)
{
    static char id[SYNC_UUID_TEXT];
    snprintf(id, sizeof(id), "%s",
             test_put(a, "consent", NULL,
                      (const char *[]){"person_id", person_id, "purpose",
                                       purpose, "granted_at", "2026-01-05",
                                       "method", "signed_paper", "evidence",
                                       evidence, "notice_version", "v2",
                                       "channels", channels, NULL}));
    return id;
}

static enum sync_rc put_scope(struct test_node *a, const char *table,
                              const char *id, const char *scope,
                              struct sync_err *err)
{
    struct sync_record set;
    sync_record_init(&set);
    sync_record_set_text(&set, "scope", scope);
    enum sync_rc rc = sync_engine_put(a->e, table, id, &set, NULL, err);
    sync_record_release(&set);
    return rc;
}

/* Whether text occurs in any payload of the shared entries of a. */
static bool shared_has(struct test_node *a, const char *text)
{
    struct test_batch x;
    bool found = false;
    test_take(a, 0, &x);
    for (size_t i = 0; i < x.n; i++)
        if (x.e[i].payload && strstr(x.e[i].payload, text))
            found = true;
    test_batch_release(&x);
    return found;
}

static void sync_to(struct test_node *from, struct test_node *to)
{
    struct test_batch x;
    test_take(from, 0, &x);
    test_give(to, &x);
    test_batch_release(&x);
}

static bool row_text(struct test_node *n, const char *field, char *out,
                     size_t size)
{
    struct sync_record r;
    sync_record_init(&r);
    enum sync_rc rc = sync_engine_get(n->e, "person", person_id, &r, NULL);
    const char *t = rc ? NULL : sync_record_text(&r, field);
    snprintf(out, size, "%s", t ? t : "");
    sync_record_release(&r);
    return rc == SYNC_OK;
}

/* Rule 1: a new person is local; wider needs an active consent for it. */
static void test_consent_decides_scope(void)
{
    struct test_node a, b;
    struct sync_err err;
    pair(&a, &b);
    new_person(&a);
    char scope[16];
    CHECK(row_text(&a, "scope", scope, sizeof(scope)));
    CHECK_STR("local", scope);
    CHECK(!shared_has(&a, "Hodžić"));

    CHECK_RC(SYNC_INVALID, put_scope(&a, "person", person_id, "hub", &err));
    CHECK(strstr(err.msg, "share_hub") && strstr(err.msg, "evidence"));
    /* a consent without evidence does not count */
    consent(&a, "share_hub", "", "");
    CHECK_RC(SYNC_INVALID, put_scope(&a, "person", person_id, "hub", &err));
    /* a consent to share with the hub does not reach the network */
    consent(&a, "share_hub", "", "form 12/26");
    CHECK_RC(SYNC_INVALID, put_scope(&a, "person", person_id, "network", &err));
    CHECK(strstr(err.msg, "share_network") != NULL);
    CHECK_RC(SYNC_INVALID, put_scope(&a, "person", person_id, "public", &err));
    CHECK(strstr(err.msg, "public") != NULL);
    CHECK_RC(SYNC_OK, put_scope(&a, "person", person_id, "hub", &err));
    CHECK(shared_has(&a, "Hodžić"));
    /* a new person cannot start wider than local: no consent names it */
    struct sync_record set;
    sync_record_init(&set);
    sync_record_set_text(&set, "given_name", "Emir");
    sync_record_set_text(&set, "family_name", "Kovač");
    sync_record_set_text(&set, "country", "AT");
    sync_record_set_text(&set, "scope", "hub");
    CHECK_RC(SYNC_INVALID,
             sync_engine_put(a.e, "person", NULL, &set, NULL, &err));
    sync_record_release(&set);
    sync_engine_close(a.e);
    sync_engine_close(b.e);
}

/* Rule 2: notes and birth year never leave; channels only with consent. */
static void test_projection(void)
{
    struct test_node a, b;
    struct sync_err err;
    char v[128];
    pair(&a, &b);
    new_person(&a);
    consent(&a, "share_hub", "email", "form 12/26");
    CHECK_RC(SYNC_OK, put_scope(&a, "person", person_id, "hub", &err));
    CHECK(shared_has(&a, "amra.hodzic@example.org"));
    CHECK(!shared_has(&a, "1234567"));
    CHECK(!shared_has(&a, "1980"));
    CHECK(!shared_has(&a, "18h"));
    sync_to(&a, &b);
    CHECK(row_text(&b, "email", v, sizeof(v)));
    CHECK_STR("amra.hodzic@example.org", v);
    CHECK(row_text(&b, "phone", v, sizeof(v)) && !*v);
    CHECK(row_text(&b, "notes", v, sizeof(v)) && !*v);
    /* a's own copy keeps everything */
    CHECK(row_text(&a, "phone", v, sizeof(v)));
    CHECK_STR("+49 89 1234567", v);
    /* a later change of the phone stays home too */
    test_put(&a, "person", person_id,
             (const char *[]){"phone", "+49 89 7654321", NULL});
    CHECK(!shared_has(&a, "7654321"));
    sync_engine_close(a.e);
    sync_engine_close(b.e);
}

/* Rule 3: withdrawing consent retracts; receivers drop their copy. */
static void test_withdrawal(void)
{
    struct test_node a, b;
    struct sync_err err;
    char v[128];
    pair(&a, &b);
    new_person(&a);
    char cid[SYNC_UUID_TEXT];
    snprintf(cid, sizeof(cid), "%s",
             consent(&a, "share_hub", "email|phone", "form 12/26"));
    CHECK_RC(SYNC_OK, put_scope(&a, "person", person_id, "hub", &err));
    sync_to(&a, &b);
    CHECK(row_text(&b, "phone", v, sizeof(v)));
    CHECK_STR("+49 89 1234567", v);

    /* the phone channel withdrawn: b loses the phone, a keeps it */
    test_put(&a, "consent", cid, (const char *[]){"channels", "email", NULL});
    sync_to(&a, &b);
    CHECK(row_text(&b, "phone", v, sizeof(v)) && !*v);
    CHECK(row_text(&b, "email", v, sizeof(v)) && *v);
    CHECK(row_text(&a, "phone", v, sizeof(v)));
    CHECK_STR("+49 89 1234567", v);

    /* the sharing consent withdrawn: the person is local again, b drops it */
    test_put(&a, "consent", cid,
             (const char *[]){"withdrawn_at", "2026-02-01", NULL});
    CHECK(row_text(&a, "scope", v, sizeof(v)));
    CHECK_STR("local", v);
    sync_to(&a, &b);
    CHECK(!row_text(&b, "given_name", v, sizeof(v)));
    CHECK(row_text(&a, "given_name", v, sizeof(v)));
    sync_engine_close(a.e);
    sync_engine_close(b.e);
}

struct payloads {
    const char *needle;
    int with;   /* payloads holding needle */
    int purged; /* entries of the row without payload */
    const char *row;
};

static bool contains(const char *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++)
        if (memcmp(hay + i, needle, n) == 0)
            return true;
    return false;
}

static enum sync_rc payload_scan(const struct sync_stored *s, void *payload)
{
    struct payloads *p = payload;
    if (!s->payload)
        p->purged++;
    else if (contains(s->payload, s->payload_len, p->needle))
        p->with++;
    return SYNC_OK;
}

static struct payloads scan(struct test_node *n, const char *needle)
{
    struct payloads p = {.needle = needle};
    CHECK_RC(SYNC_OK, sync_read_log(n->e, payload_scan, &p, NULL));
    return p;
}

/* Rule 4: erasure everywhere, payloads purged, tombstone holds. */
static void test_erase(void)
{
    struct test_node a, b, c;
    struct sync_err err;
    struct sync_verify vr;
    char v[128];
    pair(&a, &b);
    /* c: a second node of a's organisation, as a receiver of b's feed */
    test_node_make(&c, ORG);
    CHECK_RC(SYNC_OK, sync_engine_member_put(c.e, sync_engine_self(a.e), ORG,
                                             "node", NULL));
    CHECK_RC(SYNC_OK, sync_engine_member_put(b.e, sync_engine_self(c.e), ORG,
                                             "node", NULL));
    CHECK_RC(SYNC_OK, sync_engine_member_put(a.e, sync_engine_self(c.e), ORG,
                                             "node", NULL));
    new_person(&a);
    consent(&a, "share_network", "email", "form 12/26");
    CHECK_RC(SYNC_OK, put_scope(&a, "person", person_id, "hub", &err));
    CHECK_RC(SYNC_OK, put_scope(&a, "person", person_id, "network", &err));
    sync_to(&a, &b);
    sync_to(&a, &c);
    /* c edits the person while the erasure is on its way */
    test_put(&c, "person", person_id,
             (const char *[]){"city", "Hodžić-Stadt", NULL});

    CHECK_RC(SYNC_OK, sync_engine_erase(a.e, "person", person_id, &err));
    CHECK(!row_text(&a, "given_name", v, sizeof(v)));
    CHECK(scan(&a, "Hodžić").with == 0);
    CHECK(scan(&a, "amra.hodzic").with == 0);
    CHECK(scan(&a, "Hodžić").purged > 0);
    CHECK_RC(SYNC_NOTFOUND, sync_engine_erase(a.e, "person", person_id, &err));
    /* consents went with the person */
    CHECK(scan(&a, "form 12/26").with == 0);

    /* b: the erasure arrives; then c's edit, written with a later clock */
    sync_to(&a, &b);
    CHECK(!row_text(&b, "given_name", v, sizeof(v)));
    CHECK(scan(&b, "Hodžić").with == 0);
    sync_to(&c, &b);
    CHECK(!row_text(&b, "city", v, sizeof(v)));
    CHECK(scan(&b, "Hodžić-Stadt").with == 0);
    /* c gets it after its own edit: that edit is purged too */
    sync_to(&a, &c);
    CHECK(!row_text(&c, "given_name", v, sizeof(v)));
    CHECK(scan(&c, "Hodžić").with == 0);
    /* headers still verify everywhere */
    CHECK_RC(SYNC_OK, sync_engine_verify(a.e, true, &vr, &err));
    CHECK(vr.purged > 0);
    CHECK_RC(SYNC_OK, sync_engine_verify(b.e, true, &vr, &err));
    CHECK_RC(SYNC_OK, sync_engine_verify(c.e, true, &vr, &err));
    /* a new node pulls the purged feed: it stays whole, the row never
     * appears */
    struct test_node d;
    test_node_make(&d, "Općina Ključ");
    CHECK_RC(SYNC_OK, sync_engine_member_put(d.e, sync_engine_self(a.e), ORG,
                                             "node", NULL));
    sync_to(&a, &d);
    CHECK(!row_text(&d, "given_name", v, sizeof(v)));
    CHECK_RC(SYNC_OK, sync_engine_verify(d.e, true, &vr, &err));
    /* only the owner erases */
    char org_id[SYNC_UUID_TEXT];
    CHECK_RC(SYNC_OK, sync_engine_member_put(a.e, sync_engine_self(b.e),
                                             "Općina Ključ", "node", NULL));
    snprintf(
        org_id, sizeof(org_id), "%s",
        test_put(&b, "organisation", NULL,
                 (const char *[]){"name", "Klub", "org_type", "sport", NULL}));
    sync_to(&b, &a);
    CHECK_RC(SYNC_CONFLICT,
             sync_engine_erase(a.e, "organisation", org_id, &err));
    sync_engine_close(a.e);
    sync_engine_close(b.e);
    sync_engine_close(c.e);
    sync_engine_close(d.e);
}

/* Rule 6: drafts never leave the node. */
static void test_drafts(void)
{
    struct test_node a, b;
    struct sync_err err;
    char id[SYNC_UUID_TEXT];
    pair(&a, &b);
    snprintf(id, sizeof(id), "%s",
             test_put(&a, "practice", NULL,
                      (const char *[]){"title", "Nacrt: fond za povratnike",
                                       "status", "idea", "review_status",
                                       "draft", NULL}));
    CHECK(!shared_has(&a, "povratnike"));
    CHECK_RC(SYNC_INVALID, put_scope(&a, "practice", id, "hub", &err));
    CHECK(strstr(err.msg, "draft") != NULL);
    test_put(&a, "practice", id,
             (const char *[]){"review_status", "submitted", NULL});
    CHECK(shared_has(&a, "povratnike"));
    sync_to(&a, &b);
    struct sync_record r;
    sync_record_init(&r);
    CHECK_RC(SYNC_OK, sync_engine_get(b.e, "practice", id, &r, NULL));
    sync_record_release(&r);
    /* back to draft: it leaves the hub again */
    test_put(&a, "practice", id,
             (const char *[]){"review_status", "draft", NULL});
    sync_to(&a, &b);
    CHECK_RC(SYNC_NOTFOUND, sync_engine_get(b.e, "practice", id, &r, NULL));
    CHECK(!shared_has(&a, "\"draft\""));
    sync_engine_close(a.e);
    sync_engine_close(b.e);
}

struct audit_seen {
    int n;
    int broken;
    char actions[16][16];
};

static enum sync_rc audit_add(const struct sync_audit *a, bool ok,
                              void *payload)
{
    struct audit_seen *s = payload;
    if (s->n < 16)
        snprintf(s->actions[s->n], sizeof(s->actions[0]), "%s", a->action);
    s->n++;
    s->broken += !ok;
    CHECK(a->row_id == NULL || strlen(a->row_id) == SYNC_UUID_TEXT - 1);
    return SYNC_OK;
}

/* Rule 7: shares, views and erasures are in the chained audit log. */
static void test_audit(void)
{
    struct test_node a, b;
    struct sync_err err;
    struct sync_record r;
    pair(&a, &b);
    sync_engine_set_actor(a.e, "ana.official");
    new_person(&a);
    consent(&a, "share_hub", "", "form 12/26");
    CHECK_RC(SYNC_OK, put_scope(&a, "person", person_id, "hub", &err));
    sync_record_init(&r);
    CHECK_RC(SYNC_OK, sync_engine_get(a.e, "person", person_id, &r, NULL));
    sync_record_release(&r);
    CHECK_RC(SYNC_OK,
             sync_engine_audit(a.e, "export", "person", NULL, "csv", &err));
    CHECK_RC(SYNC_OK, sync_engine_erase(a.e, "person", person_id, &err));
    struct audit_seen seen = {0};
    CHECK_RC(SYNC_OK, sync_store_audit_each(sync_engine_store(a.e), audit_add,
                                            &seen, &err));
    /* the person's consent is erased with it, and logged too */
    CHECK(seen.n == 5 && seen.broken == 0);
    CHECK_STR("share", seen.actions[0]);
    CHECK_STR("view", seen.actions[1]);
    CHECK_STR("export", seen.actions[2]);
    CHECK_STR("erase", seen.actions[3]);
    CHECK_STR("erase", seen.actions[4]);
    CHECK_RC(SYNC_INVALID,
             sync_engine_audit(a.e, "peek", "person", NULL, "", &err)
                 ? SYNC_INVALID
                 : SYNC_OK);
    sync_engine_close(a.e);
    sync_engine_close(b.e);
}

int main(void)
{
    struct sync_err err;
    if (sync_global_init(&err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    RUN(test_consent_decides_scope);
    RUN(test_projection);
    RUN(test_withdrawal);
    RUN(test_erase);
    RUN(test_drafts);
    RUN(test_audit);
    return CHECK_DONE();
}
