/* SPDX-License-Identifier: MIT */
/*
 * hlc: Kulkarni et al.'s hybrid logical clock. The physical part never runs
 * behind the wall clock; the counter orders events within a millisecond and
 * carries into the milliseconds when it overflows, so values stay strictly
 * increasing whatever the wall clock does.
 */
#include "spona/hlc.h"

#include "spona/limits.h"

#include <time.h>

#include "spona/banned.h"

uint64_t sync_hlc_wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

uint64_t sync_hlc_tick(struct sync_hlc *c, uint64_t wall_ms)
{
    uint64_t now = SYNC_HLC_MAKE(wall_ms & 0xffffffffffffu, 0);
    c->last = now > c->last ? now : c->last + 1;
    return c->last;
}

void sync_hlc_recv(struct sync_hlc *c, uint64_t remote, uint64_t wall_ms)
{
    uint64_t now = SYNC_HLC_MAKE(wall_ms & 0xffffffffffffu, 0);
    /* A clock far ahead (or forged) must not drag ours along with it:
     * follow a remote clock at most SYNC_LIMIT_HLC_AHEAD_MS ahead. */
    uint64_t cap =
        SYNC_HLC_MAKE((wall_ms + SYNC_LIMIT_HLC_AHEAD_MS) & 0xffffffffffffu, 0);
    if (remote > cap)
        remote = cap;
    uint64_t max = remote > c->last ? remote : c->last;
    c->last = now > max ? now : max;
}
