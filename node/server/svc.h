/* SPDX-License-Identifier: MIT */
/*
 * svc: what 'spona serve' needs to run as a service: the log format of a
 * daemon (journald priority prefixes under systemd, timestamps elsewhere),
 * the lock that keeps a second serve off the same data folder, readiness
 * and watchdog notifications to systemd, and reloading the config on
 * SIGHUP (svc.c, the only user of libsystemd), and the figures of
 * /healthz and /metrics (metrics.c). The daemon's log lines are
 * common/log.c's.
 */
#ifndef NODE_SVC_H
#define NODE_SVC_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include "common/node.h"
#include "spona/buf.h"

/* ---- the service (svc.c) ---- */
struct node_svc;
/* Takes the lock of the data folder (DIR/serve.lock, flock) for the life
 * of the process. A folder that another serve holds is refused with a
 * message naming its process (SYNC_CONFLICT). */
enum sync_rc node_svc_start(struct node_svc **out, struct node_ctx *ctx,
                            struct sync_err *err) SYNC_MUST_CHECK;
/* Tells systemd the service is up (READY=1); a no-op elsewhere. */
void node_svc_ready(struct node_svc *s);
/* Pings the systemd watchdog when half its interval has passed. */
void node_svc_tick(struct node_svc *s);
/* A sync_round_progress_cb: pings the watchdog and times each batch for
 * the metrics; payload is the struct node_svc. */
void node_svc_progress(const char *phase, size_t done, void *payload);
/* Marks the start of a sync round for node_svc_progress. */
void node_svc_round_begin(struct node_svc *s);
/* What a reload did. */
enum node_svc_reload {
    NODE_RELOAD_FAILED, /* a bad file: the settings in force stay */
    NODE_RELOAD_OK,     /* taken */
    NODE_RELOAD_UI      /* taken, and the [ui] settings changed: restart
                           the pages with node_svc_swap_ui */
};
/* Reads the config again (SIGHUP): the log level and [sync] interval and
 * retry_max take effect at once; changed [ui] settings are kept for the
 * caller (unless ui_fixed: serve --ui overrides them); other changed
 * settings are named in a warning (they need a restart). On a bad file,
 * says why and keeps the settings in force. */
enum node_svc_reload node_svc_reload(struct node_svc *s, bool ui_fixed);
/* Swaps the [ui] settings in ctx->cfg with those the last reload kept;
 * a second call swaps them back. Only while the pages' server is
 * stopped: its thread reads them. */
void node_svc_swap_ui(struct node_svc *s);
/* Tells systemd the service stops, releases the lock, frees s. */
void node_svc_stop(struct node_svc *s);

/* ---- figures for /metrics and /healthz (metrics.c) ---- */
struct node_metrics;
/* A new, empty set of figures; belongs to the caller. Every function
 * below may be called from any thread and accepts m NULL (no-op). */
struct node_metrics *node_metrics_new(void);
void node_metrics_free(struct node_metrics *m);
/* The schedule in force: [sync] interval and retry_max, and whether an
 * upstream hub (url) is synced with (url is copied). */
void node_metrics_schedule(struct node_metrics *m, int64_t interval_s,
                           int64_t retry_max_s, const char *url);
/* Counts a finished round: its result and what it pushed and pulled. */
void node_metrics_round(struct node_metrics *m, bool ok,
                        const struct sync_round_stats *st);
/* One push or pull batch of a round took seconds. */
void node_metrics_batch(struct node_metrics *m, bool push, double seconds);
/* The hub answered an API request on path with status in seconds
 * (seconds < 0: not timed, an error answered before any work). */
void node_metrics_api(struct node_metrics *m, const char *path, unsigned status,
                      double seconds);
/* The config was reloaded (ok) or a reload failed. */
void node_metrics_reload(struct node_metrics *m, bool ok);

/* Seconds on a monotonic clock. */
double node_now_s(void);

#endif
