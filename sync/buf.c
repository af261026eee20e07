/* SPDX-License-Identifier: MIT */
/*
 * buf: bounded growable strings. Growth doubles, capped at max + 1.
 */
#include "spona/buf.h"

#include <assert.h>
#include <stdint.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spona/mem.h"

#include "spona/banned.h"

static char buf_empty[1];

void sync_buf_init(struct sync_buf *b, size_t max)
{
    assert(max < SIZE_MAX / 2); /* growth doubles up to max + 1 */
    b->buf = buf_empty;
    b->len = 0;
    b->cap = 0;
    b->max = max;
}

void sync_buf_release(struct sync_buf *b)
{
    if (!b)
        return;
    if (b->cap)
        free(b->buf);
    sync_buf_init(b, b->max);
}

void sync_buf_reset(struct sync_buf *b)
{
    b->len = 0;
    b->buf[0] = '\0';
}

static enum sync_rc buf_grow(struct sync_buf *b, size_t extra)
{
    if (extra > b->max || b->len > b->max - extra) {
        sync_buf_release(b);
        return SYNC_TOOBIG;
    }
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return SYNC_OK;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > (b->max + 1) / 2 ? b->max + 1 : cap * 2;
    if (b->cap) {
        b->buf = sync_xrealloc(b->buf, cap);
    } else {
        b->buf = sync_xmalloc(cap);
        b->buf[0] = '\0';
    }
    b->cap = cap;
    return SYNC_OK;
}

enum sync_rc sync_buf_add(struct sync_buf *b, const void *p, size_t len)
{
    enum sync_rc rc = buf_grow(b, len);
    if (rc)
        return rc;
    if (len)
        memcpy(b->buf + b->len, p, len);
    b->len += len;
    b->buf[b->len] = '\0';
    return SYNC_OK;
}

enum sync_rc sync_buf_adds(struct sync_buf *b, const char *s)
{
    return sync_buf_add(b, s, strlen(s));
}

enum sync_rc sync_buf_addf(struct sync_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return SYNC_INTERNAL;
    enum sync_rc rc = buf_grow(b, (size_t)n);
    if (rc)
        return rc;
    va_start(ap, fmt);
    vsnprintf(b->buf + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return SYNC_OK;
}

char *sync_buf_detach(struct sync_buf *b, size_t *len_out)
{
    char *p = b->cap ? b->buf : sync_xstrdup("");
    if (len_out)
        *len_out = b->len;
    sync_buf_init(b, b->max);
    return p;
}
