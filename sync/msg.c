/* SPDX-License-Identifier: MIT */
/*
 * msg: jansson boundary. json_t never escapes this file; callers see
 * struct sync_record, bytes, or the opaque struct sync_json.
 */
#include "msg.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "spona/fold.h"
#include "spona/limits.h"
#include "spona/mem.h"
#include "spona/sig.h"

#include "spona/banned.h"

#define DUMP_FLAGS (JSON_COMPACT | JSON_SORT_KEYS)

void sync_msg_global_init(void)
{
    json_set_alloc_funcs(sync_xmalloc, free);
}

static json_t *value_to_json(const struct sync_value *v)
{
    switch (v->kind) {
    case SYNC_V_INT:
        return json_integer((json_int_t)v->i);
    case SYNC_V_TEXT:
        return json_string(v->s);
    default:
        return json_null();
    }
}

static char *dump_or_null(const json_t *j, size_t flags, size_t max,
                          size_t *len_out)
{
    size_t need = json_dumpb(j, NULL, 0, flags);
    if (need == 0 || need > max)
        return NULL;
    char *out = sync_xmalloc(need + 1);
    json_dumpb(j, out, need, flags);
    out[need] = '\0';
    if (len_out)
        *len_out = need;
    return out;
}

static int cmp_id(const void *a, const void *b)
{
    return memcmp(a, b, SYNC_HASH_LEN);
}

/* The base of one field (PROTOCOL.md §5): the id of the version it
 * replaced, or, when it replaced several, their ids in ascending order. */
static json_t *base_to_json(const struct sync_rfield *f)
{
    char b64[SYNC_B64_SIZE(SYNC_HASH_LEN)];
    if (!f->n_bases) {
        sync_b64_encode(b64, sizeof(b64), f->ver, sizeof(f->ver));
        return json_string(b64);
    }
    size_t n = f->n_bases + 1;
    uint8_t *ids = sync_xmalloc(n * SYNC_HASH_LEN);
    memcpy(ids, f->ver, SYNC_HASH_LEN);
    memcpy(ids + SYNC_HASH_LEN, f->bases, f->n_bases * SYNC_HASH_LEN);
    qsort(ids, n, SYNC_HASH_LEN, cmp_id);
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        sync_b64_encode(b64, sizeof(b64), ids + i * SYNC_HASH_LEN,
                        SYNC_HASH_LEN);
        json_array_append_new(a, json_string(b64));
    }
    free(ids);
    return a;
}

/* Reads one base64 id of a base into id. */
static bool base_id(uint8_t *id, const json_t *val)
{
    size_t n = 0;
    const char *s = json_string_value(val);
    return s && !sync_b64_decode(id, SYNC_HASH_LEN, &n, s, strlen(s)) &&
           n == SYNC_HASH_LEN;
}

/* Reads the base of field f: one id, or 2 to SYNC_LIMIT_BASES ids in
 * strictly ascending order (so each base has one encoding). */
static bool base_from_json(struct sync_rfield *f, const json_t *val)
{
    if (!json_is_array(val)) {
        f->has_ver = base_id(f->ver, val);
        return f->has_ver;
    }
    size_t n = json_array_size(val);
    if (n < 2 || n > SYNC_LIMIT_BASES)
        return false;
    uint8_t prev[SYNC_HASH_LEN];
    for (size_t i = 0; i < n; i++) {
        uint8_t id[SYNC_HASH_LEN];
        if (!base_id(id, json_array_get(val, i)) ||
            (i && memcmp(prev, id, SYNC_HASH_LEN) >= 0))
            return false;
        sync_rfield_add_base(f, id);
        memcpy(prev, id, SYNC_HASH_LEN);
    }
    return true;
}

enum sync_rc sync_msg_payload_encode(char **out, size_t *len_out,
                                     const char *owner,
                                     const struct sync_record *set,
                                     struct sync_err *err)
{
    /* Receivers refuse more (decode_set); the author must not apply it. */
    if (set->n > SYNC_LIMIT_FIELDS)
        return sync_err_set(err, SYNC_TOOBIG, "change sets over %d fields",
                            SYNC_LIMIT_FIELDS);
    json_t *base = json_object();
    json_t *fields = json_object();
    for (size_t i = 0; i < set->n; i++) {
        const struct sync_rfield *f = &set->f[i];
        /* set_new takes the value even when it fails (bad UTF-8). */
        bool bad =
            json_object_set_new(fields, f->name, value_to_json(&f->v)) != 0;
        if (!bad && f->has_ver && f->n_bases >= SYNC_LIMIT_BASES) {
            json_decref(fields);
            json_decref(base);
            return sync_err_set(err, SYNC_TOOBIG,
                                "field '%.40s' replaces over %d versions",
                                f->name, SYNC_LIMIT_BASES);
        }
        if (!bad && f->has_ver)
            bad = json_object_set_new(base, f->name, base_to_json(f)) != 0;
        if (bad) {
            json_decref(fields);
            json_decref(base);
            return sync_err_set(err, SYNC_INVALID,
                                "field '%.40s' is not valid UTF-8 text",
                                f->name);
        }
    }
    json_t *doc = json_pack("{s:s, s:o, s:o}", "owner", owner, "set", fields,
                            "base", base);
    if (!doc)
        return sync_err_set(err, SYNC_INVALID, "owner is not valid UTF-8");
    *out = dump_or_null(doc, DUMP_FLAGS, SYNC_LIMIT_PAYLOAD, len_out);
    json_decref(doc);
    if (!*out)
        return sync_err_set(err, SYNC_TOOBIG, "change is larger than %d bytes",
                            SYNC_LIMIT_PAYLOAD);
    return SYNC_OK;
}

static enum sync_rc json_to_value(struct sync_value *v, const json_t *j)
{
    sync_value_clear(v);
    if (json_is_null(j))
        return SYNC_OK;
    if (json_is_integer(j)) {
        v->kind = SYNC_V_INT;
        v->i = (int64_t)json_integer_value(j);
        return SYNC_OK;
    }
    if (json_is_string(j)) {
        v->kind = SYNC_V_TEXT;
        v->s = sync_xstrndup(json_string_value(j), json_string_length(j));
        return SYNC_OK;
    }
    return SYNC_INVALID;
}

static enum sync_rc decode_set(struct sync_record *set, json_t *fields,
                               json_t *base, struct sync_err *err)
{
    const char *key;
    json_t *val;
    if (json_object_size(fields) > SYNC_LIMIT_FIELDS)
        return sync_err_set(err, SYNC_TOOBIG, "payload sets over %d fields",
                            SYNC_LIMIT_FIELDS);
    json_object_foreach(fields, key, val)
    {
        struct sync_rfield *f = sync_record_slot(set, key);
        if (json_to_value(&f->v, val))
            return sync_err_set(err, SYNC_INVALID,
                                "payload field '%.40s' has a bad type", key);
    }
    json_object_foreach(base, key, val)
    {
        struct sync_rfield *f = sync_record_get(set, key);
        if (!f || !base_from_json(f, val))
            return sync_err_set(err, SYNC_INVALID,
                                "payload base of '%.40s' is malformed", key);
    }
    return SYNC_OK;
}

enum sync_rc sync_msg_payload_decode(char **owner_out, struct sync_record *set,
                                     const char *payload, size_t len,
                                     struct sync_err *err)
{
    json_error_t jerr;
    const char *owner = NULL;
    json_t *fields = NULL;
    json_t *base = NULL;
    enum sync_rc rc = SYNC_OK;
    json_t *doc = json_loadb(payload, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!doc)
        return sync_err_set(err, SYNC_INVALID,
                            "malformed payload at line %d column %d: %s",
                            jerr.line, jerr.column, jerr.text);
    if (json_unpack_ex(doc, &jerr, JSON_STRICT, "{s:s, s:o, s:o}", "owner",
                       &owner, "set", &fields, "base", &base) ||
        !json_is_object(fields) || !json_is_object(base)) {
        rc = sync_err_set(err, SYNC_INVALID, "payload has a wrong shape: %s",
                          jerr.text);
        goto out;
    }
    rc = decode_set(set, fields, base, err);
    if (!rc)
        *owner_out = sync_xstrdup(owner);
out:
    json_decref(doc);
    return rc;
}

enum sync_rc sync_msg_ver_decode(struct sync_record *r, const char *text,
                                 struct sync_err *err)
{
    json_error_t jerr;
    json_t *o = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
    const char *key;
    json_t *val;
    enum sync_rc rc = SYNC_OK;
    if (!json_is_object(o)) {
        json_decref(o);
        return sync_err_set(err, SYNC_INVALID, "malformed version map");
    }
    json_object_foreach(o, key, val)
    {
        struct sync_rfield *f = sync_record_slot(r, key);
        const char *s = json_string_value(val);
        size_t n = 0;
        if (!s || sync_b64_decode(f->ver, sizeof(f->ver), &n, s, strlen(s)) ||
            n != sizeof(f->ver)) {
            rc = sync_err_set(err, SYNC_INVALID, "malformed version map");
            break;
        }
        f->has_ver = true;
    }
    json_decref(o);
    return rc;
}

/* struct sync_json is json_t; the cast keeps jansson out of callers. */
static json_t *J(const struct sync_json *j)
{
    return (json_t *)j;
}

struct sync_json *sync_json_object(void)
{
    return (struct sync_json *)json_object();
}

struct sync_json *sync_json_array(void)
{
    return (struct sync_json *)json_array();
}

size_t sync_json_len(const struct sync_json *a)
{
    return json_array_size((const json_t *)a);
}

void sync_json_free(struct sync_json *j)
{
    json_decref(J(j));
}

void sync_json_set_str(struct sync_json *o, const char *key, const char *v)
{
    json_t *s = v ? json_string(v) : NULL;
    if (v && !s) { /* not UTF-8 (a quote cut a letter): say what is there */
        char *copy = sync_xstrdup(v);
        sync_utf8_scrub(copy);
        s = json_string(copy);
        free(copy);
    }
    json_object_set_new(J(o), key, s ? s : json_null());
}

void sync_json_set_int(struct sync_json *o, const char *key, int64_t v)
{
    json_object_set_new(J(o), key, json_integer((json_int_t)v));
}

struct sync_json *sync_json_string(const char *s)
{
    return (struct sync_json *)json_string(s);
}

void sync_json_set_real(struct sync_json *o, const char *key, double v)
{
    json_object_set_new(J(o), key, json_real(v));
}

void sync_json_set_bool(struct sync_json *o, const char *key, bool v)
{
    json_object_set_new(J(o), key, json_boolean(v));
}

void sync_json_set(struct sync_json *o, const char *key,
                   struct sync_json *child)
{
    json_object_set_new(J(o), key, J(child));
}

void sync_json_push(struct sync_json *a, struct sync_json *child)
{
    json_array_append_new(J(a), J(child));
}

char *sync_json_dump(const struct sync_json *j, bool pretty)
{
    size_t flags = pretty ? JSON_INDENT(2) | JSON_SORT_KEYS : DUMP_FLAGS;
    char *s = dump_or_null(J(j), flags, SYNC_LIMIT_JSON_OUT, NULL);
    return s ? s : sync_xstrdup("null");
}

enum sync_rc sync_json_write(const struct sync_json *j, FILE *f, bool pretty)
{
    size_t flags = pretty ? JSON_INDENT(2) | JSON_SORT_KEYS : DUMP_FLAGS;
    if (json_dumpf(J(j), f, flags) != 0 || fputc('\n', f) == EOF)
        return SYNC_IO;
    return SYNC_OK;
}

static json_t *list_to_json(const char *s)
{
    json_t *a = json_array();
    while (*s) {
        const char *bar = strchr(s, '|');
        size_t n = bar ? (size_t)(bar - s) : strlen(s);
        json_array_append_new(a, json_stringn(s, n));
        s += n + (bar ? 1 : 0);
    }
    return a;
}

struct sync_json *sync_json_record(const struct sync_tdef *t,
                                   const struct sync_record *r)
{
    json_t *o = json_object();
    for (size_t i = 0; i < r->n; i++) {
        const struct sync_rfield *f = &r->f[i];
        const struct sync_fdef *def = sync_schema_field(t, f->name);
        json_t *v = def && def->list && f->v.kind == SYNC_V_TEXT
                        ? list_to_json(f->v.s)
                        : value_to_json(&f->v);
        json_object_set_new(o, f->name, v ? v : json_null());
    }
    return (struct sync_json *)o;
}

/* ---- protocol messages ---- */

static json_t *b64_json(const void *bin, size_t len)
{
    size_t size = SYNC_B64_SIZE(len);
    char *text = sync_xmalloc(size);
    sync_b64_encode(text, size, bin, len);
    json_t *j = json_string(text);
    free(text);
    return j;
}

void sync_json_push_entry(struct sync_json *arr, const void *header,
                          size_t header_len, const uint8_t *sig,
                          const char *payload, size_t payload_len)
{
    json_t *o = json_object();
    json_object_set_new(o, "h", b64_json(header, header_len));
    json_object_set_new(o, "s", b64_json(sig, SYNC_SIG_LEN));
    json_object_set_new(o, "p",
                        payload ? b64_json(payload, payload_len) : json_null());
    json_array_append_new(J(arr), o);
}

static json_t *have_json(const struct sync_have *h)
{
    json_t *o = json_object();
    json_object_set_new(o, "a", b64_json(h->author, SYNC_SIG_PK_LEN));
    json_object_set_new(o, "s", json_integer(h->scope));
    json_object_set_new(o, "q", json_integer((json_int_t)h->seq));
    return o;
}

void sync_json_push_have(struct sync_json *arr, const struct sync_have *h)
{
    json_array_append_new(J(arr), have_json(h));
}

void sync_json_push_head(struct sync_json *arr, const struct sync_head *h)
{
    struct sync_have at = {.scope = h->scope, .seq = h->seq};
    memcpy(at.author, h->author, SYNC_SIG_PK_LEN);
    json_t *o = have_json(&at);
    json_object_set_new(o, "i", b64_json(h->id, SYNC_HASH_LEN));
    json_array_append_new(J(arr), o);
}

void sync_json_push_receipt(struct sync_json *arr, const struct sync_receipt *r)
{
    json_t *o = have_json(&r->at);
    json_object_set_new(o, "sig", b64_json(r->sig, SYNC_SIG_LEN));
    json_array_append_new(J(arr), o);
}

char *sync_json_dump_max(const struct sync_json *j, size_t max, size_t *len_out)
{
    return dump_or_null(J(j), DUMP_FLAGS, max, len_out);
}

struct sync_msg {
    json_t *doc; /* the parsed object */
};

enum sync_rc sync_msg_parse(struct sync_msg **out, const void *body, size_t len,
                            struct sync_err *err)
{
    json_error_t jerr;
    if (len > SYNC_LIMIT_BODY)
        return sync_err_set(err, SYNC_TOOBIG,
                            "body of %zu bytes is over "
                            "the limit of %d",
                            len, SYNC_LIMIT_BODY);
    json_t *doc = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!doc)
        return sync_err_set(err, SYNC_INVALID,
                            "malformed JSON at line %d column %d: %s",
                            jerr.line, jerr.column, jerr.text);
    if (!json_is_object(doc)) {
        json_decref(doc);
        return sync_err_set(err, SYNC_INVALID, "body is not a JSON object");
    }
    *out = sync_xcalloc(1, sizeof(**out));
    (*out)->doc = doc;
    return SYNC_OK;
}

void sync_msg_free(struct sync_msg *m)
{
    if (!m)
        return;
    json_decref(m->doc);
    free(m);
}

const char *sync_msg_str(const struct sync_msg *m, const char *key)
{
    return json_string_value(json_object_get(m->doc, key));
}

bool sync_msg_has(const struct sync_msg *m, const char *key)
{
    return json_object_get(m->doc, key) != NULL;
}

bool sync_msg_bool(const struct sync_msg *m, const char *key)
{
    return json_is_true(json_object_get(m->doc, key));
}

int64_t sync_msg_int(const struct sync_msg *m, const char *key, int64_t dflt)
{
    json_t *v = json_object_get(m->doc, key);
    return json_is_integer(v) ? (int64_t)json_integer_value(v) : dflt;
}

/* Decodes the base64 string of o[key] into a new buffer of at most max. */
static enum sync_rc b64_field(uint8_t **out, size_t *len_out, json_t *o,
                              const char *key, size_t max)
{
    const char *s = json_string_value(json_object_get(o, key));
    if (!s)
        return SYNC_INVALID;
    /* Sized by the text, not by max: a batch holds thousands of these. */
    size_t n = strlen(s), cap = n / 4 * 3 + 3;
    if (cap > max)
        cap = max;
    *out = sync_xmalloc(cap + 1);
    enum sync_rc rc = sync_b64_decode(*out, cap, len_out, s, n);
    if (rc) {
        free(*out);
        *out = NULL;
    }
    return rc;
}

static enum sync_rc array_of(json_t **out, const struct sync_msg *m,
                             const char *key, size_t max, struct sync_err *err)
{
    *out = json_object_get(m->doc, key);
    if (!json_is_array(*out))
        return sync_err_set(err, SYNC_INVALID, "'%s' is not an array", key);
    if (json_array_size(*out) > max)
        return sync_err_set(err, SYNC_TOOBIG, "'%s' has over %zu items", key,
                            max);
    return SYNC_OK;
}

static enum sync_rc entry_from_json(struct sync_entry *e, json_t *o, size_t i,
                                    struct sync_err *err)
{
    uint8_t *header = NULL, *sig = NULL, *payload = NULL;
    size_t hlen = 0, slen = 0, plen = 0;
    enum sync_rc rc = SYNC_OK;
    json_t *p = json_object_get(o, "p");
    if (!json_is_object(o) || json_object_size(o) != 3 ||
        b64_field(&header, &hlen, o, "h", SYNC_ENTRY_HEADER_MAX) ||
        b64_field(&sig, &slen, o, "s", SYNC_SIG_LEN) || slen != SYNC_SIG_LEN ||
        (!json_is_null(p) &&
         b64_field(&payload, &plen, o, "p", SYNC_LIMIT_PAYLOAD))) {
        rc = sync_err_set(err, SYNC_INVALID, "entry %zu is malformed", i);
        goto out;
    }
    if ((rc = sync_entry_from_bytes(e, header, hlen, sig, err))) {
        sync_err_prefix(err, "entry %zu", i);
        goto out;
    }
    if (payload) {
        payload[plen] = '\0';
        e->payload = (char *)payload;
        e->payload_len = plen;
        payload = NULL;
    }
out:
    free(header);
    free(sig);
    free(payload);
    return rc;
}

enum sync_rc sync_msg_entries(const struct sync_msg *m, const char *key,
                              struct sync_entry **out, size_t *n_out,
                              struct sync_err *err)
{
    json_t *arr = NULL;
    enum sync_rc rc = array_of(&arr, m, key, SYNC_LIMIT_BATCH_ENTRIES, err);
    if (rc)
        return rc;
    size_t n = json_array_size(arr);
    struct sync_entry *e = sync_xcalloc(n ? n : 1, sizeof(*e));
    for (size_t i = 0; i < n && !rc; i++)
        rc = entry_from_json(&e[i], json_array_get(arr, i), i, err);
    if (rc) {
        for (size_t i = 0; i < n; i++)
            sync_entry_release(&e[i]);
        free(e);
        return rc;
    }
    *out = e;
    *n_out = n;
    return SYNC_OK;
}

static enum sync_rc have_from_json(struct sync_have *h, json_t *o)
{
    uint8_t *key = NULL;
    size_t n = 0;
    json_t *s = json_object_get(o, "s");
    json_t *q = json_object_get(o, "q");
    if (!json_is_integer(s) || !json_is_integer(q) ||
        json_integer_value(s) < 1 || json_integer_value(s) > 3 ||
        json_integer_value(q) < 0 ||
        b64_field(&key, &n, o, "a", SYNC_SIG_PK_LEN) || n != SYNC_SIG_PK_LEN) {
        free(key);
        return SYNC_INVALID;
    }
    memcpy(h->author, key, SYNC_SIG_PK_LEN);
    h->scope = (int)json_integer_value(s);
    h->seq = (uint64_t)json_integer_value(q);
    free(key);
    return SYNC_OK;
}

enum sync_rc sync_msg_haves(const struct sync_msg *m, const char *key,
                            struct sync_have **out, size_t *n_out,
                            struct sync_err *err)
{
    json_t *arr = NULL;
    enum sync_rc rc = array_of(&arr, m, key, SYNC_LIMIT_HAVE_FEEDS, err);
    if (rc)
        return rc;
    size_t n = json_array_size(arr);
    struct sync_have *h = sync_xcalloc(n ? n : 1, sizeof(*h));
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_array_get(arr, i);
        if (!json_is_object(o) || json_object_size(o) != 3 ||
            have_from_json(&h[i], o)) {
            free(h);
            return sync_err_set(err, SYNC_INVALID, "%s %zu is malformed", key,
                                i);
        }
    }
    *out = h;
    *n_out = n;
    return SYNC_OK;
}

enum sync_rc sync_msg_ids(const struct sync_msg *m, const char *key, size_t max,
                          uint8_t (**out)[SYNC_HASH_LEN], size_t *n_out,
                          struct sync_err *err)
{
    json_t *arr = NULL;
    *out = NULL;
    *n_out = 0;
    if (!json_object_get(m->doc, key))
        return SYNC_OK;
    enum sync_rc rc = array_of(&arr, m, key, max, err);
    if (rc)
        return rc;
    size_t n = json_array_size(arr);
    uint8_t(*ids)[SYNC_HASH_LEN] = sync_xcalloc(n ? n : 1, sizeof(*ids));
    for (size_t i = 0; i < n; i++) {
        const char *t = json_string_value(json_array_get(arr, i));
        size_t len = 0;
        if (!t || sync_b64_decode(ids[i], SYNC_HASH_LEN, &len, t, strlen(t)) ||
            len != SYNC_HASH_LEN) {
            free(ids);
            return sync_err_set(err, SYNC_INVALID, "%s %zu is not an entry id",
                                key, i);
        }
    }
    *out = ids;
    *n_out = n;
    return SYNC_OK;
}

enum sync_rc sync_msg_heads(const struct sync_msg *m, const char *key,
                            struct sync_head **out, size_t *n_out,
                            struct sync_err *err)
{
    json_t *arr = NULL;
    enum sync_rc rc = array_of(&arr, m, key, SYNC_LIMIT_HAVE_FEEDS, err);
    if (rc)
        return rc;
    size_t n = json_array_size(arr);
    struct sync_head *h = sync_xcalloc(n ? n : 1, sizeof(*h));
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_array_get(arr, i);
        struct sync_have at;
        uint8_t *id = NULL;
        size_t len = 0;
        if (!json_is_object(o) || json_object_size(o) != 4 ||
            have_from_json(&at, o) ||
            b64_field(&id, &len, o, "i", SYNC_HASH_LEN) ||
            len != SYNC_HASH_LEN) {
            free(id);
            free(h);
            return sync_err_set(err, SYNC_INVALID, "%s %zu is malformed", key,
                                i);
        }
        memcpy(h[i].author, at.author, SYNC_SIG_PK_LEN);
        h[i].scope = at.scope;
        h[i].seq = at.seq;
        memcpy(h[i].id, id, SYNC_HASH_LEN);
        free(id);
    }
    *out = h;
    *n_out = n;
    return SYNC_OK;
}

enum sync_rc sync_msg_receipts(const struct sync_msg *m, const char *key,
                               struct sync_receipt **out, size_t *n_out,
                               struct sync_err *err)
{
    json_t *arr = NULL;
    enum sync_rc rc = array_of(&arr, m, key, SYNC_LIMIT_HAVE_FEEDS, err);
    if (rc)
        return rc;
    size_t n = json_array_size(arr);
    struct sync_receipt *r = sync_xcalloc(n ? n : 1, sizeof(*r));
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_array_get(arr, i);
        uint8_t *sig = NULL;
        size_t len = 0;
        if (!json_is_object(o) || json_object_size(o) != 4 ||
            have_from_json(&r[i].at, o) ||
            b64_field(&sig, &len, o, "sig", SYNC_SIG_LEN) ||
            len != SYNC_SIG_LEN) {
            free(sig);
            free(r);
            return sync_err_set(err, SYNC_INVALID, "%s %zu is malformed", key,
                                i);
        }
        memcpy(r[i].sig, sig, SYNC_SIG_LEN);
        free(sig);
    }
    *out = r;
    *n_out = n;
    return SYNC_OK;
}
