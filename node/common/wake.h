/* SPDX-License-Identifier: MIT */
/*
 * wake: how another thread of 'spona serve' (the pages' "sync now") wakes
 * its sync loop between ticks: a pipe the loop waits on with a timeout
 * instead of sleeping. Writing one byte is all a waker does, so it never
 * blocks and needs no lock.
 */
#ifndef NODE_WAKE_H
#define NODE_WAKE_H

#include <stdbool.h>

#include "spona/err.h"

struct node_wake;

/* A new wake-up; belongs to the caller. SYNC_IO when no pipe can be
 * made. */
enum sync_rc node_wake_new(struct node_wake **out,
                           struct sync_err *err) SYNC_MUST_CHECK;
/* Frees w; w may be NULL. */
void node_wake_free(struct node_wake *w);
/* Wakes the waiter (any thread; several pokes before a wait count as
 * one). */
void node_wake_poke(struct node_wake *w);
/* Waits up to ms milliseconds; true when poked since the last wait
 * (then the pokes are used up), false on a timeout or a signal. */
bool node_wake_wait(struct node_wake *w, int ms);

#endif
