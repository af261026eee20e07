/* SPDX-License-Identifier: MIT */
/*
 * mem: allocation that aborts on exhaustion. The one place of sync/ allowed
 * to end the process, because a half-done write is worse than none and
 * SQLite's transactions already make an abort safe.
 */
#include "spona/mem.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spona/banned.h"

_Noreturn static void mem_die(size_t size);

_Noreturn void sync_oom(size_t size)
{
    mem_die(size);
}

_Noreturn static void mem_die(size_t size)
{
    fprintf(stderr, "spona: out of memory allocating %zu bytes\n", size);
    abort();
}

void *sync_xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        mem_die(size);
    return p;
}

void *sync_xcalloc(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        mem_die(SIZE_MAX);
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        mem_die(n * size);
    return p;
}

void *sync_xrealloc(void *ptr, size_t size)
{
    void *p = realloc(ptr, size ? size : 1);
    if (!p)
        mem_die(size);
    return p;
}

char *sync_xstrdup(const char *s)
{
    return sync_xstrndup(s, strlen(s));
}

char *sync_xstrndup(const char *s, size_t len)
{
    char *p = sync_xmalloc(len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

void *sync_xmemdup(const void *p, size_t len)
{
    void *q = sync_xmalloc(len);
    if (len)
        memcpy(q, p, len);
    return q;
}
