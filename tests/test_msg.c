/* SPDX-License-Identifier: MIT */
/*
 * msg: payload encoding (deterministic, sorted) and strict decoding, the
 * data-driven cases of tests/data/msg, version maps and the JSON builder.
 */
#include "check.h"

#include <dirent.h>

#include "spona/limits.h"
#include "spona/mem.h"
#include "msg.h"
#include "spona/schema.h"
#include "spona/sig.h"

#define DATA_DIR TEST_DATA "/msg"
#define MAX_FILE (1024 * 1024)
#define VER_B64 "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8" /* 0..31 */

static void set_ver(struct sync_record *r, const char *name, uint8_t fill)
{
    struct sync_rfield *f = sync_record_slot(r, name);
    f->has_ver = true;
    memset(f->ver, fill, sizeof(f->ver));
}

/* True when a and b hold the same fields, values and versions, in any
 * order. */
static bool record_eq(const struct sync_record *a, const struct sync_record *b)
{
    if (a->n != b->n)
        return false;
    for (size_t i = 0; i < a->n; i++) {
        const struct sync_rfield *fa = &a->f[i];
        const struct sync_rfield *fb = sync_record_get(b, fa->name);
        if (!fb || !sync_value_eq(&fa->v, &fb->v) || fa->has_ver != fb->has_ver)
            return false;
        if (fa->has_ver && memcmp(fa->ver, fb->ver, sizeof(fa->ver)) != 0)
            return false;
        if (fa->n_bases != fb->n_bases ||
            (fa->n_bases &&
             memcmp(fa->bases, fb->bases, fa->n_bases * SYNC_HASH_LEN) != 0))
            return false;
    }
    return true;
}

/* Reads a whole file into *out (NUL-terminated); its length, or -1. */
static long read_file(char **out, const char *path)
{
    FILE *f = fopen(path, "rb");
    *out = NULL;
    if (!f)
        return -1;
    char *buf = sync_xmalloc(MAX_FILE + 1);
    size_t n = fread(buf, 1, MAX_FILE, f);
    int bad = ferror(f) || !feof(f);
    fclose(f);
    if (bad) {
        free(buf);
        return -1;
    }
    buf[n] = '\0';
    *out = buf;
    return (long)n;
}

static void test_roundtrip(void)
{
    struct sync_record r;
    struct sync_record back;
    struct sync_err err;
    char *out = NULL;
    char *owner = NULL;
    size_t len = 0;

    sync_record_init(&r);
    sync_record_init(&back);
    sync_record_set_text(&r, "name", "Udruga \"\xc5\xbd\" \\ \n\t/");
    sync_record_set_int(&r, "staff", -12);
    sync_record_set_int(&r, "big", INT64_MAX);
    sync_record_set_int(&r, "small", INT64_MIN);
    sync_record_set_text(&r, "notes", NULL);
    sync_record_set_text(&r, "empty", "");
    set_ver(&r, "name", 0xfb);
    set_ver(&r, "notes", 0x01);

    sync_err_init(&err);
    CHECK_RC(SYNC_OK, sync_msg_payload_encode(&out, &len, "owner-1", &r, &err));
    CHECK(out != NULL);
    if (!out) {
        sync_record_release(&r);
        return;
    }
    CHECK(strlen(out) == len);
    CHECK_RC(SYNC_OK, sync_msg_payload_decode(&owner, &back, out, len, &err));
    CHECK_RC(SYNC_OK, err.rc);
    CHECK_STR("owner-1", owner);
    CHECK(record_eq(&r, &back));
    CHECK(sync_record_get(&back, "name")->has_ver);
    CHECK(!sync_record_get(&back, "staff")->has_ver);

    /* Decoding again gives the same bytes when encoded again. */
    char *again = NULL;
    size_t len2 = 0;
    CHECK_RC(SYNC_OK,
             sync_msg_payload_encode(&again, &len2, owner, &back, NULL));
    CHECK(len2 == len && again && memcmp(out, again, len) == 0);

    free(again);
    free(owner);
    free(out);
    sync_record_release(&back);
    sync_record_release(&r);
}

/* A field that replaced several versions: its base is the sorted list
 * of their ids, whatever order they were added in (PROTOCOL.md §5). */
static void test_base_list(void)
{
    struct sync_record r, back;
    char *out = NULL, *owner = NULL;
    size_t len = 0;
    uint8_t id[SYNC_HASH_LEN];
    sync_record_init(&r);
    sync_record_init(&back);
    sync_record_set_text(&r, "title", "t");
    set_ver(&r, "title", 0x07);
    struct sync_rfield *f = sync_record_get(&r, "title");
    memset(id, 0x03, sizeof(id));
    sync_rfield_add_base(f, id);
    sync_rfield_add_base(f, id); /* once */
    memset(id, 0x05, sizeof(id));
    sync_rfield_add_base(f, id);
    CHECK(f->n_bases == 2);
    CHECK_RC(SYNC_OK, sync_msg_payload_encode(&out, &len, "o", &r, NULL));
    CHECK(out && strstr(out, "\"base\":{\"title\":[\"AwMD") != NULL);
    CHECK_RC(SYNC_OK, sync_msg_payload_decode(&owner, &back, out, len, NULL));
    f = sync_record_get(&back, "title");
    CHECK(f && f->has_ver && f->ver[0] == 0x03 && f->n_bases == 2);
    CHECK(f && f->bases[0] == 0x05 && f->bases[SYNC_HASH_LEN] == 0x07);
    free(out);
    free(owner);
    sync_record_release(&r);
    sync_record_release(&back);
    /* The example of PROTOCOL.md §5 encodes back to its own bytes. */
    char *doc = NULL;
    long n = read_file(&doc, DATA_DIR "/valid/base_list.json");
    CHECK(n > 0);
    sync_record_init(&back);
    CHECK_RC(SYNC_OK,
             sync_msg_payload_decode(&owner, &back, doc, (size_t)n, NULL));
    CHECK_RC(SYNC_OK, sync_msg_payload_encode(&out, &len, owner, &back, NULL));
    CHECK(out && len == (size_t)n && memcmp(out, doc, len) == 0);
    free(out);
    free(owner);
    free(doc);
    sync_record_release(&back);
}

static void test_deterministic(void)
{
    struct sync_record a;
    struct sync_record b;
    char *out_a = NULL;
    char *out_b = NULL;
    size_t len_a = 0;
    size_t len_b = 0;
    char want[256];
    char b64[SYNC_B64_SIZE(SYNC_HASH_LEN)];

    sync_record_init(&a);
    sync_record_init(&b);
    sync_record_set_text(&a, "zeta", "z");
    sync_record_set_int(&a, "alpha", 1);
    sync_record_set_text(&a, "mid", NULL);
    set_ver(&a, "zeta", 7);
    set_ver(&a, "alpha", 9);

    sync_record_set_text(&b, "mid", NULL);
    set_ver(&b, "alpha", 9);
    sync_record_set_int(&b, "alpha", 1);
    sync_record_set_text(&b, "zeta", "z");
    set_ver(&b, "zeta", 7);

    CHECK_RC(SYNC_OK, sync_msg_payload_encode(&out_a, &len_a, "o", &a, NULL));
    CHECK_RC(SYNC_OK, sync_msg_payload_encode(&out_b, &len_b, "o", &b, NULL));
    CHECK(len_a == len_b);
    CHECK(out_a && out_b && memcmp(out_a, out_b, len_a) == 0);

    /* Compact, keys sorted at every level, base as unpadded base64url. */
    uint8_t ver[SYNC_HASH_LEN];
    memset(ver, 9, sizeof(ver));
    sync_b64_encode(b64, sizeof(b64), ver, sizeof(ver));
    int n = snprintf(want, sizeof(want), "{\"base\":{\"alpha\":\"%s\",", b64);
    memset(ver, 7, sizeof(ver));
    sync_b64_encode(b64, sizeof(b64), ver, sizeof(ver));
    snprintf(want + n, sizeof(want) - (size_t)n,
             "\"zeta\":\"%s\"},\"owner\":\"o\",\"set\":{\"alpha\":1,"
             "\"mid\":null,\"zeta\":\"z\"}}",
             b64);
    CHECK_STR(want, out_a);

    free(out_a);
    free(out_b);
    sync_record_release(&a);
    sync_record_release(&b);

    /* An empty change. */
    sync_record_init(&a);
    CHECK_RC(SYNC_OK, sync_msg_payload_encode(&out_a, &len_a, "", &a, NULL));
    CHECK_STR("{\"base\":{},\"owner\":\"\",\"set\":{}}", out_a);
    CHECK(len_a == strlen(out_a));
    free(out_a);
}

static void test_encode_limits(void)
{
    static const char *const head =
        "{\"base\":{},\"owner\":\"o\",\"set\":{\"a\":\"";
    static const char *const tail = "\"}}";
    size_t fixed = strlen(head) + strlen(tail);
    size_t n = SYNC_LIMIT_PAYLOAD - fixed;
    char *text = sync_xmalloc(n + 2);
    struct sync_record r;
    struct sync_err err;
    char *out = NULL;
    size_t len = 0;

    /* Exactly SYNC_LIMIT_PAYLOAD bytes is fine... */
    memset(text, 'x', n);
    text[n] = '\0';
    sync_record_init(&r);
    sync_record_set_text(&r, "a", text);
    CHECK_RC(SYNC_OK, sync_msg_payload_encode(&out, &len, "o", &r, NULL));
    CHECK(len == SYNC_LIMIT_PAYLOAD);
    free(out);
    out = NULL;

    /* ...one byte more is not. */
    text[n] = 'x';
    text[n + 1] = '\0';
    sync_record_set_text(&r, "a", text);
    sync_err_init(&err);
    CHECK_RC(SYNC_TOOBIG, sync_msg_payload_encode(&out, &len, "o", &r, &err));
    CHECK_RC(SYNC_TOOBIG, err.rc);
    CHECK(out == NULL);

    /* An owner that is not UTF-8 cannot be encoded. */
    sync_record_set_text(&r, "a", "x");
    CHECK_RC(SYNC_INVALID,
             sync_msg_payload_encode(&out, &len, "\xff", &r, NULL));
    CHECK(out == NULL);
    sync_record_release(&r);
    free(text);
}

static void test_decode_values(void)
{
    static const char doc[] =
        "{\"set\":{\"t\":\"\\u017e\\u00e9\",\"n\":-3,\"z\":null},"
        "\"owner\":\"me\",\"base\":{}}";
    struct sync_record r;
    char *owner = NULL;
    sync_record_init(&r);
    CHECK_RC(SYNC_OK,
             sync_msg_payload_decode(&owner, &r, doc, strlen(doc), NULL));
    CHECK_STR("me", owner);
    CHECK(r.n == 3);
    CHECK_STR("\xc5\xbe\xc3\xa9", sync_record_text(&r, "t"));
    struct sync_rfield *f = sync_record_get(&r, "n");
    CHECK(f && f->v.kind == SYNC_V_INT && f->v.i == -3 && !f->has_ver);
    f = sync_record_get(&r, "z");
    CHECK(f && f->v.kind == SYNC_V_NULL);
    free(owner);

    /* Only len bytes are read: a cut-off document is malformed. */
    owner = NULL;
    sync_record_release(&r);
    CHECK_RC(SYNC_INVALID,
             sync_msg_payload_decode(&owner, &r, doc, strlen(doc) - 1, NULL));
    CHECK(owner == NULL);

    /* The error names line and column. */
    struct sync_err err;
    sync_err_init(&err);
    sync_record_release(&r);
    CHECK_RC(SYNC_INVALID,
             sync_msg_payload_decode(&owner, &r, "{\n  x", 5, &err));
    CHECK(strstr(err.msg, "line 2") != NULL);
    CHECK(strstr(err.msg, "column") != NULL);
    sync_record_release(&r);
}

/* Maps "INVALID" and friends to the code. */
static int rc_from_name(const char *name)
{
    static const char *const names[SYNC_RC_COUNT_] = {
        "OK",     "NOTFOUND", "EXISTS",  "CONFLICT", "INVALID",
        "TOOBIG", "BADSIG",   "PROTO",   "DB",       "IO",
        "NET",    "NOMEM",    "INTERNAL"};
    for (int i = 0; i < SYNC_RC_COUNT_; i++)
        if (names[i] && strcmp(names[i], name) == 0)
            return i;
    return -1;
}

/* True when name ends with suffix; the stem length goes to stem_len. */
static bool has_suffix(const char *name, const char *suffix, size_t *stem_len)
{
    size_t n = strlen(name);
    size_t s = strlen(suffix);
    if (n <= s || strcmp(name + n - s, suffix) != 0)
        return false;
    *stem_len = n - s;
    return true;
}

/* One invalid case: NAME.json must fail as NAME.expect says. */
static void run_invalid(const char *dir, const char *stem)
{
    char path[512];
    char *json = NULL;
    char *expect = NULL;
    char *owner = NULL;
    struct sync_record r;
    struct sync_err err;

    snprintf(path, sizeof(path), "%s/%s.expect", dir, stem);
    CHECK(read_file(&expect, path) >= 0);
    snprintf(path, sizeof(path), "%s/%s.json", dir, stem);
    long len = read_file(&json, path);
    CHECK(len >= 0);
    if (!expect || !json) {
        fprintf(stderr, "    case %s: missing .json or .expect\n", stem);
        goto out;
    }
    /* "CODE message fragment\n" */
    expect[strcspn(expect, "\r\n")] = '\0';
    char *frag = strchr(expect, ' ');
    CHECK(frag != NULL);
    if (!frag)
        goto out;
    *frag++ = '\0';
    int want = rc_from_name(expect);
    CHECK(want > 0);

    sync_record_init(&r);
    sync_err_init(&err);
    enum sync_rc rc =
        sync_msg_payload_decode(&owner, &r, json, (size_t)len, &err);
    CHECK_RC(want, rc);
    CHECK_RC(want, err.rc);
    CHECK(strstr(err.msg, frag) != NULL);
    CHECK(owner == NULL);
    if ((int)rc != want || !strstr(err.msg, frag))
        fprintf(stderr, "    case %s: got %s '%s', want %s '%s'\n", stem,
                sync_rc_str(rc), err.msg, expect, frag);
    free(owner);
    sync_record_release(&r);
out:
    free(json);
    free(expect);
}

/* One valid case: decodes, and re-encoding keeps the content. */
static void run_valid(const char *dir, const char *stem)
{
    char path[512];
    char *json = NULL;
    char *owner = NULL;
    char *owner2 = NULL;
    char *out = NULL;
    size_t out_len = 0;
    struct sync_record r;
    struct sync_record r2;
    struct sync_err err;

    snprintf(path, sizeof(path), "%s/%s.json", dir, stem);
    long len = read_file(&json, path);
    CHECK(len >= 0);
    if (!json)
        return;
    sync_record_init(&r);
    sync_record_init(&r2);
    sync_err_init(&err);
    enum sync_rc rc =
        sync_msg_payload_decode(&owner, &r, json, (size_t)len, &err);
    CHECK_RC(SYNC_OK, rc);
    if (rc) {
        fprintf(stderr, "    case %s: %s\n", stem, err.msg);
        goto out;
    }
    CHECK(owner != NULL);
    CHECK_RC(SYNC_OK, sync_msg_payload_encode(&out, &out_len, owner, &r, NULL));
    CHECK_RC(SYNC_OK,
             sync_msg_payload_decode(&owner2, &r2, out, out_len, NULL));
    CHECK(record_eq(&r, &r2));
    CHECK_STR(owner, owner2);
out:
    free(out);
    free(owner);
    free(owner2);
    sync_record_release(&r);
    sync_record_release(&r2);
    free(json);
}

/* Runs fn on every NAME of dir/NAME.json; returns how many. */
static int for_each_case(const char *dir,
                         void (*fn)(const char *dir, const char *stem))
{
    DIR *d = opendir(dir);
    struct dirent *de;
    int n = 0;
    CHECK(d != NULL);
    if (!d) {
        fprintf(stderr, "    cannot open %s\n", dir);
        return 0;
    }
    while ((de = readdir(d)) != NULL) {
        size_t stem_len = 0;
        char stem[256];
        if (!has_suffix(de->d_name, ".json", &stem_len) ||
            stem_len >= sizeof(stem))
            continue;
        memcpy(stem, de->d_name, stem_len);
        stem[stem_len] = '\0';
        fn(dir, stem);
        n++;
    }
    closedir(d);
    return n;
}

static void test_data_invalid(void)
{
    CHECK(for_each_case(DATA_DIR "/invalid", run_invalid) >= 30);
}

static void test_data_valid(void)
{
    CHECK(for_each_case(DATA_DIR "/valid", run_valid) >= 5);
}

static void test_decode_fields_limit(void)
{
    struct sync_record r;
    char *doc = sync_xmalloc(4096);
    char *owner = NULL;
    size_t n;

    /* SYNC_LIMIT_FIELDS fields decode; one more is too many. */
    for (int extra = 0; extra <= 1; extra++) {
        n = (size_t)snprintf(doc, 4096, "%s",
                             "{\"base\":{},\"owner\":\"o\",\"set\":{");
        for (int i = 0; i < SYNC_LIMIT_FIELDS + extra; i++)
            n += (size_t)snprintf(doc + n, 4096 - n, "%s\"f%d\":%d",
                                  i ? "," : "", i, i);
        n += (size_t)snprintf(doc + n, 4096 - n, "%s", "}}");
        sync_record_init(&r);
        CHECK_RC(extra ? SYNC_TOOBIG : SYNC_OK,
                 sync_msg_payload_decode(&owner, &r, doc, n, NULL));
        if (!extra)
            CHECK(r.n == SYNC_LIMIT_FIELDS);
        free(owner);
        owner = NULL;
        sync_record_release(&r);
    }
    free(doc);

    /* The author is held to the same limit: what it could apply itself
     * every receiver must accept. */
    for (int extra = 0; extra <= 1; extra++) {
        char *out = NULL;
        size_t len = 0;
        sync_record_init(&r);
        for (int i = 0; i < SYNC_LIMIT_FIELDS + extra; i++) {
            char name[16];
            snprintf(name, sizeof(name), "f%d", i);
            sync_record_set_int(&r, name, i);
        }
        CHECK_RC(extra ? SYNC_TOOBIG : SYNC_OK,
                 sync_msg_payload_encode(&out, &len, "o", &r, NULL));
        free(out);
        sync_record_release(&r);
    }
}

/* The JSON version map rows had before schema 0010; still read. */
static void test_ver(void)
{
    struct sync_record back;
    struct sync_err err;
    char b64[SYNC_B64_SIZE(SYNC_HASH_LEN)];
    char text[160];
    uint8_t ver[SYNC_HASH_LEN];

    sync_record_init(&back);
    memset(ver, 0, sizeof(ver));
    sync_b64_encode(b64, sizeof(b64), ver, sizeof(ver));
    int n = snprintf(text, sizeof(text), "{\"aa\":\"%s\",", b64);
    memset(ver, 0xfb, sizeof(ver));
    sync_b64_encode(b64, sizeof(b64), ver, sizeof(ver));
    snprintf(text + n, sizeof(text) - (size_t)n, "\"zz\":\"%s\"}", b64);

    /* Decoding sets versions, keeps values, and adds missing fields. */
    sync_record_set_int(&back, "aa", 5);
    sync_err_init(&err);
    CHECK_RC(SYNC_OK, sync_msg_ver_decode(&back, text, &err));
    CHECK(back.n == 2);
    struct sync_rfield *f = sync_record_get(&back, "aa");
    CHECK(f && f->has_ver && f->v.kind == SYNC_V_INT && f->v.i == 5);
    CHECK(f && f->ver[0] == 0 && f->ver[31] == 0);
    f = sync_record_get(&back, "zz");
    CHECK(f && f->has_ver && f->v.kind == SYNC_V_NULL);
    CHECK(f && f->ver[0] == 0xfb && f->ver[31] == 0xfb);
    CHECK(sync_record_get(&back, "x") == NULL);
    CHECK_RC(SYNC_OK, sync_msg_ver_decode(&back, "{}", NULL));
    CHECK(back.n == 2);

    static const char *const bad[] = {
        "",
        "[]",
        "\"x\"",
        "{",
        "{\"a\":1}",
        "{\"a\":null}",
        "{\"a\":\"short\"}",
        "{\"a\":\"" VER_B64 "=\"}",                      /* padding */
        "{\"a\":\"" VER_B64 "g\"}",                      /* 33 bytes */
        "{\"a\":\"" VER_B64 "\",\"a\":\"" VER_B64 "\"}", /* duplicate */
        "{} x",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct sync_record t;
        sync_record_init(&t);
        sync_err_init(&err);
        CHECK_RC(SYNC_INVALID, sync_msg_ver_decode(&t, bad[i], &err));
        CHECK_RC(SYNC_INVALID, err.rc);
        sync_record_release(&t);
    }
    sync_record_release(&back);
}

/* A document over the message limit: sync_json_dump gives "null", so
 * output of any size goes through sync_json_write, whole. */
static void test_json_write(void)
{
    size_t n = SYNC_LIMIT_JSON_OUT + 10;
    char *big = malloc(n + 1);
    memset(big, 'a', n);
    big[n] = '\0';
    struct sync_json *o = sync_json_object();
    sync_json_set_str(o, "v", big);
    free(big);
    char *s = sync_json_dump(o, false);
    CHECK_STR("null", s);
    free(s);
    FILE *f = tmpfile();
    CHECK(f != NULL);
    CHECK_RC(SYNC_OK, sync_json_write(o, f, false));
    CHECK(ftell(f) == (long)(n + strlen("{\"v\":\"\"}\n")));
    rewind(f);
    char head[9] = "";
    CHECK(fread(head, 1, 8, f) == 8);
    CHECK_STR("{\"v\":\"aa", head);
    fclose(f);
    /* A stream that cannot be written says so. */
    f = fopen("/dev/null", "r");
    CHECK(f != NULL);
    CHECK_RC(SYNC_IO, sync_json_write(o, f, true));
    fclose(f);
    sync_json_free(o);
}

static void test_json_builder(void)
{
    struct sync_json *o = sync_json_object();
    struct sync_json *a = sync_json_array();
    struct sync_json *inner = sync_json_object();
    sync_json_set_str(o, "name", "x\"y");
    sync_json_set_str(o, "gone", NULL);
    sync_json_set_int(o, "n", -42);
    sync_json_set_int(o, "max", INT64_MAX);
    sync_json_set_bool(o, "yes", true);
    sync_json_set_bool(o, "no", false);
    sync_json_set_int(inner, "k", 1);
    sync_json_push(a, inner);
    sync_json_push(a, sync_json_array());
    sync_json_set(o, "list", a);
    /* Setting a key again replaces it. */
    sync_json_set_str(o, "name", "xy");
    /* Text that is not UTF-8 (a letter cut by a quote) is kept, the
     * broken bytes as '?', not dropped to null. */
    sync_json_set_str(o, "cut", "Bihać, \xc4");

    char *s = sync_json_dump(o, false);
    CHECK_STR("{\"cut\":\"Bihać, ?\",\"gone\":null,\"list\":[{\"k\":1},[]],"
              "\"max\":9223372036854775807,\"n\":-42,\"name\":\"xy\","
              "\"no\":false,\"yes\":true}",
              s);
    free(s);
    s = sync_json_dump(o, true);
    CHECK(strstr(s, "\n  \"gone\": null,\n") != NULL);
    CHECK(strstr(s, "\"list\"") < strstr(s, "\"yes\""));
    free(s);
    sync_json_free(o);
    sync_json_free(NULL);

    a = sync_json_array();
    s = sync_json_dump(a, false);
    CHECK_STR("[]", s);
    free(s);
    sync_json_free(a);
}

static void test_json_record(void)
{
    struct sync_schema *s = sync_schema_new();
    struct sync_fdef def;
    struct sync_record r;
    sync_schema_add_enum(s, "sector", "health", NULL, NULL);
    memset(&def, 0, sizeof(def));
    def.name = (char *)"sectors";
    def.list = true;
    CHECK_RC(SYNC_OK,
             sync_schema_add_field(s, "org", &def, "enum", "sector", NULL));
    def.name = (char *)"name";
    def.list = false;
    CHECK_RC(SYNC_OK,
             sync_schema_add_field(s, "org", &def, "text", NULL, NULL));
    def.name = (char *)"staff";
    CHECK_RC(SYNC_OK, sync_schema_add_field(s, "org", &def, "int", NULL, NULL));
    def.name = (char *)"tags";
    def.list = true;
    CHECK_RC(SYNC_OK,
             sync_schema_add_field(s, "org", &def, "text", NULL, NULL));
    const struct sync_tdef *t = sync_schema_table(s, "org");

    sync_record_init(&r);
    sync_record_set_text(&r, "sectors", "health|water|education");
    sync_record_set_text(&r, "name", "a|b");
    sync_record_set_int(&r, "staff", 3);
    sync_record_set_text(&r, "tags", NULL);
    sync_record_set_text(&r, "id", "018bcfe5-6800-7abc-9def-0123456789ab");

    struct sync_json *j = sync_json_record(t, &r);
    char *out = sync_json_dump(j, false);
    CHECK_STR("{\"id\":\"018bcfe5-6800-7abc-9def-0123456789ab\","
              "\"name\":\"a|b\",\"sectors\":[\"health\",\"water\","
              "\"education\"],\"staff\":3,\"tags\":null}",
              out);
    free(out);
    sync_json_free(j);

    /* A one-item list and an empty list are arrays too. */
    sync_record_set_text(&r, "sectors", "health");
    sync_record_set_text(&r, "tags", "");
    j = sync_json_record(t, &r);
    out = sync_json_dump(j, false);
    CHECK(strstr(out, "\"sectors\":[\"health\"]") != NULL);
    CHECK(strstr(out, "\"tags\":[]") != NULL);
    free(out);
    sync_json_free(j);

    sync_record_release(&r);
    sync_schema_free(s);
}

/* Regression: a field that jansson cannot hold used to vanish silently. */
static void test_encode_bad_utf8(void)
{
    struct sync_record r;
    struct sync_err err;
    char *out = NULL;
    size_t len = 0;
    sync_record_init(&r);
    sync_record_set_text(&r, "ok", "x");
    sync_record_set_text(&r, "bad", "\xff\xfe");
    CHECK_RC(SYNC_INVALID,
             sync_msg_payload_encode(&out, &len, "own", &r, &err));
    CHECK(strstr(err.msg, "bad") != NULL);
    CHECK(out == NULL);
    sync_record_release(&r);
    sync_record_set_text(&r, "\xff", "x");
    CHECK_RC(SYNC_INVALID,
             sync_msg_payload_encode(&out, &len, "own", &r, &err));
    sync_record_release(&r);
}

int main(void)
{
    struct sync_err err;
    sync_err_init(&err);
    sync_msg_global_init();
    if (sync_sig_global_init(&err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    RUN(test_roundtrip);
    RUN(test_deterministic);
    RUN(test_base_list);
    RUN(test_encode_limits);
    RUN(test_decode_values);
    RUN(test_data_invalid);
    RUN(test_data_valid);
    RUN(test_decode_fields_limit);
    RUN(test_ver);
    RUN(test_json_builder);
    RUN(test_json_write);
    RUN(test_json_record);
    RUN(test_encode_bad_utf8);
    return CHECK_DONE();
}
