/* SPDX-License-Identifier: MIT */
/*
 * msg: jansson boundary. json_t never escapes this file; callers see
 * struct sync_record, bytes, or the opaque struct sync_json.
 */
#include "msg.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "limits.h"
#include "mem.h"
#include "sig.h"

#include "banned.h"

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

enum sync_rc sync_msg_payload_encode(char **out, size_t *len_out,
                                     const char *owner,
                                     const struct sync_record *set,
                                     struct sync_err *err)
{
    json_t *base = json_object();
    json_t *fields = json_object();
    char b64[SYNC_B64_SIZE(SYNC_HASH_LEN)];
    for (size_t i = 0; i < set->n; i++) {
        const struct sync_rfield *f = &set->f[i];
        /* set_new takes the value even when it fails (bad UTF-8). */
        bool bad = json_object_set_new(fields, f->name,
                                       value_to_json(&f->v)) != 0;
        if (!bad && f->has_ver) {
            sync_b64_encode(b64, sizeof(b64), f->ver, sizeof(f->ver));
            bad = json_object_set_new(base, f->name, json_string(b64)) != 0;
        }
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
        return sync_err_set(err, SYNC_TOOBIG,
                            "change is larger than %d bytes",
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
        size_t n = 0;
        const char *s = json_string_value(val);
        if (!f || !s ||
            sync_b64_decode(f->ver, sizeof(f->ver), &n, s, strlen(s)) ||
            n != sizeof(f->ver))
            return sync_err_set(err, SYNC_INVALID,
                                "payload base of '%.40s' is malformed", key);
        f->has_ver = true;
    }
    return SYNC_OK;
}

enum sync_rc sync_msg_payload_decode(char **owner_out,
                                     struct sync_record *set,
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

void sync_msg_ver_encode(char **out, const struct sync_record *r)
{
    json_t *o = json_object();
    char b64[SYNC_B64_SIZE(SYNC_HASH_LEN)];
    for (size_t i = 0; i < r->n; i++) {
        if (!r->f[i].has_ver)
            continue;
        sync_b64_encode(b64, sizeof(b64), r->f[i].ver, sizeof(r->f[i].ver));
        json_object_set_new(o, r->f[i].name, json_string(b64));
    }
    *out = json_dumps(o, DUMP_FLAGS);
    json_decref(o);
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

void sync_json_free(struct sync_json *j)
{
    json_decref(J(j));
}

void sync_json_set_str(struct sync_json *o, const char *key, const char *v)
{
    json_t *s = v ? json_string(v) : NULL;
    json_object_set_new(J(o), key, s ? s : json_null());
}

void sync_json_set_int(struct sync_json *o, const char *key, int64_t v)
{
    json_object_set_new(J(o), key, json_integer((json_int_t)v));
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
