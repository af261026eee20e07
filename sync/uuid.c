/* SPDX-License-Identifier: MIT */
/*
 * uuid: UUIDv7 creation and its text form, on sig's random bytes and hex.
 */
#include "spona/uuid.h"

#include <pthread.h>
#include <string.h>

#include "spona/sig.h"

#include "spona/banned.h"

/* The millisecond of the last id made in this process and its counter,
 * so that ids made in one millisecond sort in the order they were made
 * (RFC 9562 6.2, method 1: a counter in rand_a, started at a random
 * value under 2048 in each new millisecond; past 4095, ordering within
 * that millisecond gives way to a random start again). */
static pthread_mutex_t last_mu = PTHREAD_MUTEX_INITIALIZER;
static uint64_t last_ms;
static unsigned last_count;

void sync_uuid_v7(uint8_t out[SYNC_UUID_LEN], uint64_t wall_ms)
{
    sync_random(out, SYNC_UUID_LEN);
    unsigned fresh = ((unsigned)out[6] << 8 | out[7]) & 0x7ff;
    pthread_mutex_lock(&last_mu);
    if (wall_ms != last_ms || ++last_count > 0xfff)
        last_count = fresh;
    last_ms = wall_ms;
    unsigned count = last_count;
    pthread_mutex_unlock(&last_mu);
    for (int i = 0; i < 6; i++)
        out[i] = (uint8_t)(wall_ms >> (40 - 8 * i));
    out[6] = (uint8_t)(0x70 | (count >> 8));
    out[7] = (uint8_t)count;
    out[8] = (uint8_t)(0x80 | (out[8] & 0x3f));
}

void sync_uuid_format(char out[SYNC_UUID_TEXT],
                      const uint8_t uuid[SYNC_UUID_LEN])
{
    static const int groups[] = {4, 2, 2, 2, 6};
    char *p = out;
    const uint8_t *u = uuid;
    for (int g = 0; g < 5; g++) {
        if (g)
            *p++ = '-';
        sync_hex_encode(p, (size_t)groups[g] * 2 + 1, u, (size_t)groups[g]);
        p += groups[g] * 2;
        u += groups[g];
    }
    *p = '\0';
}

enum sync_rc sync_uuid_parse(uint8_t out[SYNC_UUID_LEN], const char *text,
                             struct sync_err *err)
{
    char hex[33];
    size_t n = 0;
    size_t i = 0;
    for (; i < 36 && text[i]; i++) {
        int dash = i == 8 || i == 13 || i == 18 || i == 23;
        char c = text[i];
        if (dash != (c == '-'))
            break;
        if (dash)
            continue;
        if (c >= 'A' && c <= 'F')
            c = (char)(c - 'A' + 'a');
        hex[n++] = c;
    }
    hex[n] = '\0';
    if (i != 36 || text[i] || n != 32 ||
        sync_hex_decode(out, SYNC_UUID_LEN, hex))
        return sync_err_set(err, SYNC_INVALID, "malformed id '%.40s'", text);
    return SYNC_OK;
}
