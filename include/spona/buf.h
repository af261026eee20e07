/* SPDX-License-Identifier: MIT */
/*
 * buf: a growable byte string with a hard maximum size. The buffer is always
 * NUL-terminated and buf is never NULL after init, so it can be printed at
 * any time. An append that would pass the maximum fails with SYNC_TOOBIG and
 * empties the buffer, so a truncated result is never used by mistake.
 */
#ifndef SPONA_BUF_H
#define SPONA_BUF_H

#include <stddef.h>

#include "spona/err.h"

struct sync_buf {
    char *buf;  /* contents plus a NUL; never NULL after init */
    size_t len; /* bytes used, not counting the NUL */
    size_t cap; /* bytes allocated; 0 while buf points at a static "" */
    size_t max; /* largest len allowed */
};

/* Prepares an empty buffer that may grow to max bytes. Allocates nothing. */
void sync_buf_init(struct sync_buf *b, size_t max);
/* Frees the contents; b may be NULL. The buffer stays usable and empty. */
void sync_buf_release(struct sync_buf *b);
/* Empties the buffer and keeps its memory. */
void sync_buf_reset(struct sync_buf *b);

/* Appends len bytes; SYNC_TOOBIG (buffer emptied) past the maximum. */
enum sync_rc sync_buf_add(struct sync_buf *b, const void *p,
                          size_t len) SYNC_MUST_CHECK;
/* Appends a NUL-terminated string. */
enum sync_rc sync_buf_adds(struct sync_buf *b, const char *s) SYNC_MUST_CHECK;
/* Appends printf-formatted text. */
enum sync_rc sync_buf_addf(struct sync_buf *b, const char *fmt, ...)
    SYNC_PRINTF(2, 3) SYNC_MUST_CHECK;

/*
 * Hands the contents over: returns them (NUL-terminated, owned by the
 * caller, never NULL), stores the length in len_out (may be NULL), and
 * leaves the buffer empty.
 */
char *sync_buf_detach(struct sync_buf *b, size_t *len_out);

#endif
