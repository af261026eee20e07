/* SPDX-License-Identifier: MIT */
/*
 * record: named typed fields of a row (set, get, slot, text), values (copy,
 * equality, clear), and release leaving the record usable.
 */
#include "check.h"

#include "spona/mem.h"
#include "spona/record.h"

static void test_set_get(void)
{
    struct sync_record r;
    sync_record_init(&r);
    CHECK(r.n == 0);
    CHECK(sync_record_get(&r, "name") == NULL);
    CHECK(sync_record_text(&r, "name") == NULL);

    sync_record_set_text(&r, "name", "Udruga");
    sync_record_set_int(&r, "staff", 12);
    sync_record_set_text(&r, "notes", NULL);
    CHECK(r.n == 3);
    CHECK_STR("Udruga", sync_record_text(&r, "name"));
    /* Not text, or NULL: no text. */
    CHECK(sync_record_text(&r, "staff") == NULL);
    CHECK(sync_record_text(&r, "notes") == NULL);

    struct sync_rfield *f = sync_record_get(&r, "staff");
    CHECK(f != NULL);
    if (f) {
        CHECK_STR("staff", f->name);
        CHECK(f->v.kind == SYNC_V_INT);
        CHECK(f->v.i == 12);
        CHECK(!f->has_ver);
    }
    f = sync_record_get(&r, "notes");
    CHECK(f != NULL && f->v.kind == SYNC_V_NULL);
    /* Names are exact. */
    CHECK(sync_record_get(&r, "Name") == NULL);
    CHECK(sync_record_get(&r, "nam") == NULL);
    CHECK(sync_record_get(&r, "names") == NULL);

    /* Setting again replaces, in place, whatever the kind. */
    sync_record_set_int(&r, "name", -5);
    CHECK(r.n == 3);
    CHECK(sync_record_text(&r, "name") == NULL);
    f = sync_record_get(&r, "name");
    CHECK(f && f->v.kind == SYNC_V_INT && f->v.i == -5);
    sync_record_set_text(&r, "name", "again");
    CHECK_STR("again", sync_record_text(&r, "name"));
    sync_record_set_text(&r, "name", NULL);
    CHECK(sync_record_text(&r, "name") == NULL);
    CHECK(sync_record_get(&r, "name")->v.kind == SYNC_V_NULL);
    CHECK(r.n == 3);

    /* Field order is insertion order. */
    CHECK_STR("name", r.f[0].name);
    CHECK_STR("staff", r.f[1].name);
    CHECK_STR("notes", r.f[2].name);

    /* The copy of the text belongs to the record. */
    char text[8];
    snprintf(text, sizeof(text), "%s", "abc");
    sync_record_set_text(&r, "k", text);
    text[0] = 'X';
    CHECK_STR("abc", sync_record_text(&r, "k"));
    sync_record_release(&r);
}

static void test_slot(void)
{
    struct sync_record r;
    sync_record_init(&r);
    struct sync_rfield *f = sync_record_slot(&r, "a");
    CHECK(f != NULL);
    CHECK(r.n == 1);
    if (f) {
        CHECK_STR("a", f->name);
        CHECK(f->v.kind == SYNC_V_NULL);
        CHECK(!f->has_ver);
        f->has_ver = true;
        memset(f->ver, 0xab, sizeof(f->ver));
    }
    /* The same slot comes back, with what was stored in it. */
    struct sync_rfield *g = sync_record_slot(&r, "a");
    CHECK(g == f);
    CHECK(r.n == 1);
    CHECK(g && g->has_ver && g->ver[31] == 0xab);

    /* Setting the value keeps the version. */
    sync_record_set_text(&r, "a", "x");
    g = sync_record_get(&r, "a");
    CHECK(g && g->has_ver && g->ver[0] == 0xab);

    /* Many fields: growth keeps names and values. */
    for (int i = 0; i < 200; i++) {
        char name[16];
        snprintf(name, sizeof(name), "f%d", i);
        sync_record_set_int(&r, name, i * 3);
    }
    CHECK(r.n == 201);
    CHECK(r.cap >= r.n);
    for (int i = 0; i < 200; i++) {
        char name[16];
        snprintf(name, sizeof(name), "f%d", i);
        f = sync_record_get(&r, name);
        CHECK(f && f->v.kind == SYNC_V_INT && f->v.i == i * 3);
    }
    CHECK_STR("x", sync_record_text(&r, "a"));
    sync_record_release(&r);
}

static void test_value(void)
{
    struct sync_value a = {0};
    struct sync_value b = {0};
    struct sync_value c = {0};

    /* NULL equals NULL. */
    CHECK(sync_value_eq(&a, &b));

    a.kind = SYNC_V_INT;
    a.i = 7;
    CHECK(!sync_value_eq(&a, &b));
    sync_value_copy(&b, &a);
    CHECK(b.kind == SYNC_V_INT && b.i == 7);
    CHECK(sync_value_eq(&a, &b));
    b.i = 8;
    CHECK(!sync_value_eq(&a, &b));

    /* Text copies are deep. */
    c.kind = SYNC_V_TEXT;
    c.s = sync_xstrdup("abc");
    sync_value_copy(&b, &c);
    CHECK(b.kind == SYNC_V_TEXT);
    CHECK_STR("abc", b.s);
    CHECK(b.s != c.s);
    CHECK(sync_value_eq(&b, &c));
    c.s[0] = 'X';
    CHECK_STR("abc", b.s);
    CHECK(!sync_value_eq(&b, &c));

    /* Text "7" is not the integer 7; kinds must match. */
    sync_value_clear(&c);
    c.kind = SYNC_V_TEXT;
    c.s = sync_xstrdup("7");
    CHECK(!sync_value_eq(&a, &c));
    CHECK(!sync_value_eq(&c, &a));

    /* Copying over a text value frees it (ASan would see a leak). */
    sync_value_copy(&b, &a);
    CHECK(b.kind == SYNC_V_INT && b.s == NULL);
    sync_value_copy(&b, &c);
    struct sync_value null = {0};
    sync_value_copy(&b, &null);
    CHECK(b.kind == SYNC_V_NULL && b.s == NULL);

    sync_value_clear(&c);
    CHECK(c.kind == SYNC_V_NULL && c.s == NULL && c.i == 0);
    sync_value_clear(&c);
    sync_value_clear(&a);
    CHECK(a.kind == SYNC_V_NULL && a.i == 0);
}

static void test_record_set(void)
{
    struct sync_record r;
    struct sync_value v = {0};
    sync_record_init(&r);
    v.kind = SYNC_V_TEXT;
    v.s = sync_xstrdup("hello");
    sync_record_set(&r, "greet", &v);
    /* v is copied, not taken. */
    CHECK_STR("hello", v.s);
    CHECK_STR("hello", sync_record_text(&r, "greet"));
    CHECK(sync_record_text(&r, "greet") != v.s);
    CHECK(sync_value_eq(&sync_record_get(&r, "greet")->v, &v));
    sync_value_clear(&v);
    v.kind = SYNC_V_INT;
    v.i = INT64_MIN;
    sync_record_set(&r, "greet", &v);
    CHECK(r.n == 1);
    CHECK(sync_record_get(&r, "greet")->v.i == INT64_MIN);
    sync_record_release(&r);
}

static void test_release(void)
{
    struct sync_record r;
    sync_record_init(&r);
    sync_record_set_text(&r, "a", "1");
    sync_record_set_int(&r, "b", 2);
    sync_record_release(&r);
    CHECK(r.n == 0);
    CHECK(sync_record_get(&r, "a") == NULL);
    /* Usable again after release. */
    sync_record_set_text(&r, "c", "3");
    CHECK(r.n == 1);
    CHECK_STR("3", sync_record_text(&r, "c"));
    sync_record_release(&r);
    sync_record_release(&r);
    sync_record_release(NULL);
    CHECK(r.n == 0 && r.f == NULL);
}

int main(void)
{
    RUN(test_set_get);
    RUN(test_slot);
    RUN(test_value);
    RUN(test_record_set);
    RUN(test_release);
    return CHECK_DONE();
}
