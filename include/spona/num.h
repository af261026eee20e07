/* SPDX-License-Identifier: MIT */
/*
 * num: the only number parsers of the project. Whole string or nothing:
 * no leading blanks, no trailing bytes, no overflow. And the one
 * big-endian encoding of integers in bytes (entry headers, sealed files).
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

/* Writes the low n bytes of v at p, most significant first; returns p + n. */
uint8_t *sync_be_put(uint8_t *p, uint64_t v, int n);
/* Reads n bytes at p, most significant first. */
uint64_t sync_be_get(const uint8_t *p, int n);

#endif
