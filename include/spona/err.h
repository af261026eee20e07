/* SPDX-License-Identifier: MIT */
/*
 * err: the one status enum of libsync and the fixed-size error report that
 * travels with it. Reporting never allocates, so it works when memory or
 * disk is gone. Every failing function of sync/ returns an enum sync_rc and
 * fills the struct sync_err given as its last parameter (NULL allowed).
 */
#ifndef SPONA_ERR_H
#define SPONA_ERR_H

#include <stdarg.h>

#define SYNC_MUST_CHECK __attribute__((warn_unused_result))
#define SYNC_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))

enum sync_rc {
    SYNC_OK = 0,
    SYNC_NOTFOUND, /* the thing asked for does not exist */
    SYNC_EXISTS,   /* refusing to create what is already there */
    SYNC_CONFLICT, /* refused by a rule: ownership, fork, revocation */
    SYNC_INVALID,  /* malformed or out-of-range input */
    SYNC_TOOBIG,   /* a named limit of limits.h was exceeded */
    SYNC_BADSIG,   /* a signature or hash does not verify */
    SYNC_PROTO,    /* a peer broke the sync protocol */
    SYNC_DB,       /* SQLite failed */
    SYNC_IO,       /* a file could not be read or written */
    SYNC_NET,      /* a peer could not be reached */
    SYNC_NOMEM,    /* a library other than ours ran out of memory */
    SYNC_INTERNAL, /* a bug: an invariant did not hold */
    SYNC_RC_COUNT_ /* number of codes; not a code */
};

struct sync_err {
    enum sync_rc rc; /* SYNC_OK until a failure is recorded */
    char msg[256];   /* "cannot open 'x': reason"; lowercase, no period */
};

/* Short fixed name of a code ("invalid input"); never NULL. */
const char *sync_rc_str(enum sync_rc rc);

/* Resets err to SYNC_OK with an empty message. err may be NULL. */
void sync_err_init(struct sync_err *err);

/*
 * Records rc and the formatted message in err (when not NULL) and returns
 * rc, so that a failure is one line: return sync_err_set(err, ...).
 */
enum sync_rc sync_err_set(struct sync_err *err, enum sync_rc rc,
                          const char *fmt, ...) SYNC_PRINTF(3, 4);

/* Prepends "prefix: " to the message already in err (when not NULL). */
void sync_err_prefix(struct sync_err *err, const char *fmt, ...)
    SYNC_PRINTF(2, 3);

#endif
