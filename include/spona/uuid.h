/* SPDX-License-Identifier: MIT */
/*
 * uuid: UUIDv7 row ids (RFC 9562): 48 bits of Unix milliseconds, version 7,
 * random bits. Any node makes them with no coordination. Text form is the
 * lowercase 8-4-4-4-12 hex string.
 */
#ifndef SPONA_UUID_H
#define SPONA_UUID_H

#include <stdint.h>

#include "spona/err.h"

#define SYNC_UUID_LEN 16
#define SYNC_UUID_TEXT 37 /* 36 characters and a NUL */

/* A new UUIDv7 for the given wall clock; the ids one process makes sort
 * in the order it made them, in one millisecond too. */
void sync_uuid_v7(uint8_t out[SYNC_UUID_LEN], uint64_t wall_ms);
/* Canonical text form. */
void sync_uuid_format(char out[SYNC_UUID_TEXT],
                      const uint8_t uuid[SYNC_UUID_LEN]);
/* Parses the canonical form (either case). SYNC_INVALID otherwise. */
enum sync_rc sync_uuid_parse(uint8_t out[SYNC_UUID_LEN], const char *text,
                             struct sync_err *err) SYNC_MUST_CHECK;

#endif
