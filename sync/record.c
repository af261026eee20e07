/* SPDX-License-Identifier: MIT */
/*
 * record: small ordered maps of field name to value. Linear search: rows
 * have a few dozen fields at most (SYNC_LIMIT_FIELDS).
 */
#include "spona/record.h"

#include <stdlib.h>
#include <string.h>

#include "spona/mem.h"

#include "spona/banned.h"

void sync_record_init(struct sync_record *r)
{
    memset(r, 0, sizeof(*r));
}

void sync_value_clear(struct sync_value *v)
{
    free(v->s);
    memset(v, 0, sizeof(*v));
}

void sync_value_copy(struct sync_value *dst, const struct sync_value *src)
{
    sync_value_clear(dst);
    dst->kind = src->kind;
    dst->i = src->i;
    if (src->kind == SYNC_V_TEXT)
        dst->s = sync_xstrdup(src->s);
}

bool sync_value_eq(const struct sync_value *a, const struct sync_value *b)
{
    if (a->kind != b->kind)
        return false;
    if (a->kind == SYNC_V_INT)
        return a->i == b->i;
    if (a->kind == SYNC_V_TEXT)
        return strcmp(a->s, b->s) == 0;
    return true;
}

void sync_record_release(struct sync_record *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++) {
        free(r->f[i].name);
        free(r->f[i].bases);
        sync_value_clear(&r->f[i].v);
    }
    free(r->f);
    sync_record_init(r);
}

struct sync_rfield *sync_record_get(const struct sync_record *r,
                                    const char *name)
{
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->f[i].name, name) == 0)
            return &r->f[i];
    return NULL;
}

struct sync_rfield *sync_record_slot(struct sync_record *r, const char *name)
{
    struct sync_rfield *f = sync_record_get(r, name);
    if (f)
        return f;
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 16;
        r->f = sync_xrealloc(r->f, r->cap * sizeof(*r->f));
    }
    f = &r->f[r->n++];
    memset(f, 0, sizeof(*f));
    f->name = sync_xstrdup(name);
    return f;
}

void sync_record_set_text(struct sync_record *r, const char *name,
                          const char *text)
{
    struct sync_rfield *f = sync_record_slot(r, name);
    sync_value_clear(&f->v);
    if (text) {
        f->v.kind = SYNC_V_TEXT;
        f->v.s = sync_xstrdup(text);
    }
}

void sync_record_set_int(struct sync_record *r, const char *name, int64_t i)
{
    struct sync_rfield *f = sync_record_slot(r, name);
    sync_value_clear(&f->v);
    f->v.kind = SYNC_V_INT;
    f->v.i = i;
}

void sync_record_set(struct sync_record *r, const char *name,
                     const struct sync_value *v)
{
    sync_value_copy(&sync_record_slot(r, name)->v, v);
}

void sync_record_copy(struct sync_record *dst, const struct sync_record *src)
{
    for (size_t i = 0; i < src->n; i++) {
        struct sync_rfield *f = sync_record_slot(dst, src->f[i].name);
        sync_value_copy(&f->v, &src->f[i].v);
        f->has_ver = src->f[i].has_ver;
        memcpy(f->ver, src->f[i].ver, sizeof(f->ver));
        free(f->bases);
        f->bases = NULL;
        f->n_bases = 0;
        for (size_t j = 0; j < src->f[i].n_bases; j++)
            sync_rfield_add_base(f, src->f[i].bases + j * SYNC_HASH_LEN);
    }
}

void sync_rfield_add_base(struct sync_rfield *f, const uint8_t *id)
{
    if (!f->has_ver) {
        f->has_ver = true;
        memcpy(f->ver, id, SYNC_HASH_LEN);
        return;
    }
    if (memcmp(f->ver, id, SYNC_HASH_LEN) == 0)
        return;
    for (size_t i = 0; i < f->n_bases; i++)
        if (memcmp(f->bases + i * SYNC_HASH_LEN, id, SYNC_HASH_LEN) == 0)
            return;
    f->bases = sync_xrealloc(f->bases, (f->n_bases + 1) * SYNC_HASH_LEN);
    memcpy(f->bases + f->n_bases * SYNC_HASH_LEN, id, SYNC_HASH_LEN);
    f->n_bases++;
}

const char *sync_record_text(const struct sync_record *r, const char *name)
{
    const struct sync_rfield *f = sync_record_get(r, name);
    return f && f->v.kind == SYNC_V_TEXT ? f->v.s : NULL;
}
