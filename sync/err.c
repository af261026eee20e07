/* SPDX-License-Identifier: MIT */
/*
 * err: status names and the formatting of error reports. Nothing here
 * allocates.
 */
#include "spona/err.h"

#include <stdio.h>
#include <string.h>

#include "spona/fold.h"

#include "spona/banned.h"

static const char *const rc_names[SYNC_RC_COUNT_] = {
    [SYNC_OK] = "ok",
    [SYNC_NOTFOUND] = "not found",
    [SYNC_EXISTS] = "already exists",
    [SYNC_CONFLICT] = "refused",
    [SYNC_INVALID] = "invalid input",
    [SYNC_TOOBIG] = "over a limit",
    [SYNC_BADSIG] = "bad signature or hash",
    [SYNC_PROTO] = "protocol error",
    [SYNC_DB] = "database error",
    [SYNC_IO] = "input/output error",
    [SYNC_NET] = "network error",
    [SYNC_NOMEM] = "out of memory",
    [SYNC_INTERNAL] = "internal error",
};

const char *sync_rc_str(enum sync_rc rc)
{
    if ((unsigned)rc >= SYNC_RC_COUNT_ || !rc_names[rc])
        return "unknown error";
    return rc_names[rc];
}

void sync_err_init(struct sync_err *err)
{
    if (!err)
        return;
    err->rc = SYNC_OK;
    err->msg[0] = '\0';
}

enum sync_rc sync_err_set(struct sync_err *err, enum sync_rc rc,
                          const char *fmt, ...)
{
    if (!err)
        return rc;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
    va_end(ap);
    sync_utf8_scrub(err->msg); /* a quote or the end may cut a letter */
    err->rc = rc;
    return rc;
}

void sync_err_prefix(struct sync_err *err, const char *fmt, ...)
{
    if (!err)
        return;
    char prefix[128];
    char old[sizeof(err->msg)];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof(prefix), fmt, ap);
    va_end(ap);
    memcpy(old, err->msg, sizeof(old));
    /* Truncating the tail of a long message is the intended behaviour. */
    size_t n = strlen(prefix);
    if (n > sizeof(err->msg) - 3)
        n = sizeof(err->msg) - 3;
    memcpy(err->msg, prefix, n);
    memcpy(err->msg + n, ": ", 2);
    size_t rest = sizeof(err->msg) - n - 3;
    size_t olen = strnlen(old, rest);
    memcpy(err->msg + n + 2, old, olen);
    err->msg[n + 2 + olen] = '\0';
    sync_utf8_scrub(err->msg);
}
