/* SPDX-License-Identifier: MIT */
/*
 * hlc: the hybrid logical clock of entries. A value is 48 bits of Unix
 * milliseconds and a 16-bit counter, compared as one unsigned 64-bit
 * number. Pure arithmetic: the caller passes the wall clock and persists
 * the state.
 */
#ifndef SPONA_HLC_H
#define SPONA_HLC_H

#include <stdint.h>

#define SYNC_HLC_MS(h) ((h) >> 16)
#define SYNC_HLC_MAKE(ms, counter) (((uint64_t)(ms) << 16) | (counter))

struct sync_hlc {
    uint64_t last; /* largest value issued or seen; 0 before any */
};

/* The current wall clock in Unix milliseconds. */
uint64_t sync_hlc_wall_ms(void);
/* A new value for a local event: greater than every value issued or seen. */
uint64_t sync_hlc_tick(struct sync_hlc *c, uint64_t wall_ms);
/* Advances the clock past a value received from a peer. */
void sync_hlc_recv(struct sync_hlc *c, uint64_t remote, uint64_t wall_ms);

#endif
