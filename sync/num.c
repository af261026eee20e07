/* SPDX-License-Identifier: MIT */
/*
 * num: strict decimal parsing on top of strtoll/strtoull.
 */
#include "spona/num.h"

#include <errno.h>
#include <stdlib.h>

#include "spona/banned.h"

static int num_is_digit(char c)
{
    return c >= '0' && c <= '9';
}

enum sync_rc sync_parse_i64(int64_t *out, const char *s, struct sync_err *err)
{
    const char *d = s[0] == '-' ? s + 1 : s;
    if (!num_is_digit(d[0]))
        return sync_err_set(err, SYNC_INVALID, "not a number: '%.40s'", s);
    char *end = NULL;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end)
        return sync_err_set(err, SYNC_INVALID, "not a number: '%.40s'", s);
    *out = (int64_t)v;
    return SYNC_OK;
}

enum sync_rc sync_parse_u64(uint64_t *out, const char *s, struct sync_err *err)
{
    if (!num_is_digit(s[0]))
        return sync_err_set(err, SYNC_INVALID, "not a number: '%.40s'", s);
    char *end = NULL;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end)
        return sync_err_set(err, SYNC_INVALID, "not a number: '%.40s'", s);
    *out = (uint64_t)v;
    return SYNC_OK;
}

uint8_t *sync_be_put(uint8_t *p, uint64_t v, int n)
{
    for (int i = n - 1; i >= 0; i--)
        *p++ = (uint8_t)(v >> (8 * i));
    return p;
}

uint64_t sync_be_get(const uint8_t *p, int n)
{
    uint64_t v = 0;
    for (int i = 0; i < n; i++)
        v = v << 8 | p[i];
    return v;
}
