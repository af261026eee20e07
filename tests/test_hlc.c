/* SPDX-License-Identifier: MIT */
/*
 * hlc: the hybrid logical clock stays strictly increasing whatever the wall
 * clock does, and moves past values received from peers.
 */
#include "check.h"

#include "spona/hlc.h"

#define T0 UINT64_C(1700000000000) /* a wall clock in Unix ms */

static void test_make(void)
{
    uint64_t h = SYNC_HLC_MAKE(T0, 5);
    CHECK(SYNC_HLC_MS(h) == T0);
    CHECK((h & 0xffff) == 5);
    h = SYNC_HLC_MAKE(UINT64_C(0xffffffffffff), 0xffff);
    CHECK(SYNC_HLC_MS(h) == UINT64_C(0xffffffffffff));
    CHECK((h & 0xffff) == 0xffff);
    CHECK(h == UINT64_MAX);
    CHECK(SYNC_HLC_MAKE(0, 0) == 0);
    /* Order of values is order of (ms, counter). */
    CHECK(SYNC_HLC_MAKE(T0, 0xffff) < SYNC_HLC_MAKE(T0 + 1, 0));
    CHECK(SYNC_HLC_MAKE(T0, 1) < SYNC_HLC_MAKE(T0, 2));
}

static void test_wall(void)
{
    uint64_t a = sync_hlc_wall_ms();
    uint64_t b = sync_hlc_wall_ms();
    /* After 2020-01-01 and below 2^48 ms. */
    CHECK(a > UINT64_C(1577836800000));
    CHECK(a < (UINT64_C(1) << 48));
    CHECK(b >= a);
}

static void test_tick(void)
{
    struct sync_hlc c = {0};
    uint64_t h = sync_hlc_tick(&c, T0);
    CHECK(h == SYNC_HLC_MAKE(T0, 0));
    CHECK(c.last == h);

    /* Wall clock stands still: the counter counts. */
    uint64_t prev = h;
    for (uint64_t i = 1; i <= 100; i++) {
        h = sync_hlc_tick(&c, T0);
        CHECK(h > prev);
        CHECK(SYNC_HLC_MS(h) == T0);
        CHECK((h & 0xffff) == i);
        prev = h;
    }

    /* Wall clock goes backwards: still increasing, ms part never drops. */
    for (uint64_t back = 1; back <= 1000; back += 37) {
        h = sync_hlc_tick(&c, T0 - back);
        CHECK(h > prev);
        CHECK(SYNC_HLC_MS(h) == T0);
        prev = h;
    }

    /* Wall clock moves on: the counter starts over. */
    h = sync_hlc_tick(&c, T0 + 5);
    CHECK(h == SYNC_HLC_MAKE(T0 + 5, 0));
    CHECK(h > prev);
}

static void test_counter_carry(void)
{
    struct sync_hlc c = {SYNC_HLC_MAKE(T0, 0xfffe)};
    uint64_t h = sync_hlc_tick(&c, T0);
    CHECK(h == SYNC_HLC_MAKE(T0, 0xffff));
    /* The counter overflows into the milliseconds. */
    h = sync_hlc_tick(&c, T0);
    CHECK(h == SYNC_HLC_MAKE(T0 + 1, 0));
    h = sync_hlc_tick(&c, T0);
    CHECK(h == SYNC_HLC_MAKE(T0 + 1, 1));
}

static void test_recv(void)
{
    struct sync_hlc c = {0};
    uint64_t h = sync_hlc_tick(&c, T0);

    /* A peer ahead of us: our next value is past its value. */
    uint64_t remote = SYNC_HLC_MAKE(T0 + 60000, 9);
    sync_hlc_recv(&c, remote, T0 + 1);
    CHECK(c.last >= remote);
    h = sync_hlc_tick(&c, T0 + 2);
    CHECK(h > remote);
    CHECK(h == remote + 1);

    /* A peer behind us changes nothing. */
    uint64_t before = c.last;
    sync_hlc_recv(&c, SYNC_HLC_MAKE(T0, 3), T0 + 3);
    CHECK(c.last == before);
    CHECK(sync_hlc_tick(&c, T0 + 3) > before);

    /* Receiving while the wall clock is ahead of both moves to the wall. */
    sync_hlc_recv(&c, SYNC_HLC_MAKE(T0, 0), T0 + 120000);
    CHECK(c.last >= SYNC_HLC_MAKE(T0 + 120000, 0));
    h = sync_hlc_tick(&c, T0 + 120000);
    CHECK(h > SYNC_HLC_MAKE(T0 + 120000, 0));

    /* Receiving the same value twice, then ticking at an old wall time. */
    struct sync_hlc d = {0};
    remote = SYNC_HLC_MAKE(T0, 0xffff);
    sync_hlc_recv(&d, remote, T0 - 10);
    sync_hlc_recv(&d, remote, T0 - 10);
    h = sync_hlc_tick(&d, T0 - 10);
    CHECK(h > remote);
    CHECK(h == SYNC_HLC_MAKE(T0 + 1, 0));
}

int main(void)
{
    RUN(test_make);
    RUN(test_wall);
    RUN(test_tick);
    RUN(test_counter_carry);
    RUN(test_recv);
    return CHECK_DONE();
}
