/* SPDX-License-Identifier: MIT */
/*
 * mem: the allocation wrappers of the project. They abort with a message
 * when memory runs out, so callers have no out-of-memory branches. Sizes
 * that come from outside are checked against limits.h before they get here.
 */
#ifndef SPONA_MEM_H
#define SPONA_MEM_H

#include <stddef.h>

/* malloc that never returns NULL; size 0 yields a unique pointer. */
void *sync_xmalloc(size_t size);
/* Ends the process as the allocators do when a library reports that it
 * ran out of memory allocating size bytes. */
/* (The attribute as well, which cppcheck reads.) */
_Noreturn void sync_oom(size_t size) __attribute__((noreturn));
/* calloc that never returns NULL and checks n * size for overflow. */
void *sync_xcalloc(size_t n, size_t size);
/* realloc that never returns NULL. */
void *sync_xrealloc(void *ptr, size_t size);
/* strdup that never returns NULL; the copy belongs to the caller. */
char *sync_xstrdup(const char *s);
/* Copy of the first len bytes of s plus a NUL; belongs to the caller. */
char *sync_xstrndup(const char *s, size_t len);
/* Copy of len bytes; belongs to the caller. */
void *sync_xmemdup(const void *p, size_t len);

#endif
