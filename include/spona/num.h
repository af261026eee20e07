/* SPDX-License-Identifier: MIT */
/*
 * num: the only number parsers of the project. Whole string or nothing:
 * no leading blanks, no trailing bytes, no overflow.
 */
#ifndef SPONA_NUM_H
#define SPONA_NUM_H

#include <stdint.h>

#include "spona/err.h"

/* Parses a decimal integer with optional '-'. SYNC_INVALID otherwise. */
enum sync_rc sync_parse_i64(int64_t *out, const char *s,
                            struct sync_err *err) SYNC_MUST_CHECK;
/* Parses an unsigned decimal integer. SYNC_INVALID otherwise. */
enum sync_rc sync_parse_u64(uint64_t *out, const char *s,
                            struct sync_err *err) SYNC_MUST_CHECK;

#endif
