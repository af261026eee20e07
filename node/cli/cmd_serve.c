/* SPDX-License-Identifier: MIT */
/*
 * serve: the daemon. On a hub, serves the sync API (http.c) in its own
 * thread with its own database connection. With an upstream hub, syncs on
 * a schedule, soon after local writes (other spona processes write to
 * the same database; WAL lets them) and at once after members pushed,
 * backing off with jitter while the hub cannot be reached, and keeps a
 * long-poll to the hub in its own thread (longpoll.c). Stops cleanly on SIGINT
 * or SIGTERM; SIGHUP reloads the config (svc.c), and a lock keeps a second
 * serve off the folder.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "spona/hlc.h"
#include "cli/cli.h"
#include "server/server.h"
#include "spona/sig.h"
#include "server/svc.h"
#include "common/wake.h"

#include "spona/banned.h"

static const char help[] =
    "usage: spona [--dir DIR] serve [--ui HOST:PORT|off]\n"
    "\n"
    "Runs until stopped (Ctrl-C or SIGTERM). Serves the web pages on\n"
    "[ui] listen (default 127.0.0.1:8080; --ui overrides it, 'off' turns\n"
    "them off); any address but loopback asks for a login (see 'spona\n"
    "user'). On a hub, serves the sync API on [hub] listen. With\n"
    "[upstream], syncs every [sync] interval seconds, within a second\n"
    "of local changes and at once after members pushed to this hub,\n"
    "keeps a pull held open at the hub so its changes arrive within\n"
    "moments, and retries with growing waits (up to [sync] retry_max)\n"
    "while the hub cannot be reached.\n"
    "\n"
    "SIGHUP reloads the config: log_level and [sync] at once, [ui] by\n"
    "restarting the pages (not the sync API); other settings need a\n"
    "restart. GET /healthz and /metrics on the web pages' address serve\n"
    "monitoring. One serve per data folder.\n";

#define UI_DEFAULT "127.0.0.1:8080" /* the pages, this machine only */

/* How often the daemon looks for local changes the hub has not had (other
 * processes write too): a change goes up this long after it, at most. */
#define WRITE_DELAY_MS 500
#define TICK_MS 200         /* how often the loop looks around */
#define FIRST_RETRY_MS 2000 /* wait after the first failure */

static volatile sig_atomic_t stop_flag;
static volatile sig_atomic_t reload_flag;

static void on_signal(int sig)
{
    if (sig == SIGHUP)
        reload_flag = 1;
    else
        stop_flag = 1;
}

/* The sync schedule's state. */
struct sched {
    uint64_t next; /* wall ms of the next round */
    uint64_t wait; /* current retry wait after failures, 0 when fine */
    bool have_up;  /* there is an upstream */
    struct sync_upstream up; /* it */
};

static uint64_t jitter(uint64_t ms)
{
    uint32_t r;
    sync_random(&r, sizeof(r));
    return ms / 2 + (uint64_t)(r % (uint32_t)(ms + 1)); /* 0.5x .. 1.5x */
}

/* One round with the parent; false when it failed. */
static bool run_round(struct node_ctx *ctx, struct sync_engine *e,
                      struct sched *s, struct node_svc *svc,
                      struct node_http *http)
{
    struct sync_round_stats st;
    struct sync_err err;
    uint64_t now = sync_hlc_wall_ms();
    sync_err_init(&err);
    /* Checks on every core for the round; the API handlers stay serial. */
    sync_engine_set_parallel(e, node_parallel, NULL, node_cores());
    node_svc_round_begin(svc);
    enum sync_rc rc =
        sync_round_run(e, &s->up, node_svc_progress, svc, &st, &err);
    sync_engine_set_parallel(e, NULL, NULL, 1);
    node_metrics_round(ctx->metrics, rc == SYNC_OK, rc ? NULL : &st);
    if (rc) {
        uint64_t max = (uint64_t)ctx->cfg.retry_max_s * 1000;
        s->wait = s->wait ? s->wait * 2 : FIRST_RETRY_MS;
        if (s->wait > max)
            s->wait = max;
        s->next = now + jitter(s->wait);
        node_log(ctx, NODE_WARN, "sync failed, retrying in %llu s: %s",
                 (unsigned long long)(s->next - now) / 1000, err.msg);
        return false;
    }
    if (s->wait)
        node_log(ctx, NODE_INFO, "sync works again");
    s->wait = 0;
    s->next = now + (uint64_t)ctx->cfg.interval_s * 1000;
    node_log(ctx, NODE_INFO, "synced: pushed %zu, pulled %zu new",
             st.pushed.applied, st.pulled.applied);
    if (st.pulled.applied)
        node_http_wake(http); /* members' held pulls may see it */
    if (st.pulled.withheld)
        node_log(ctx, NODE_WARN,
                 "%zu entries came without their payload: withheld by the "
                 "hub (see 'spona status')",
                 st.pulled.withheld);
    if (st.findings)
        node_log(ctx, NODE_WARN,
                 "the hub's checkpoint does not match what it served: %zu "
                 "finding(s), kept as proof (see 'spona status')",
                 st.findings);
    /* Index what came in now, so a search does not wait for it. */
    if (sync_read_refresh_index(e, &err))
        node_log(ctx, NODE_WARN, "search index: %s", err.msg);
    return true;
}

/* A hub's checkpoint (PROTOCOL.md §13), when its log changed. */
static void write_checkpoint(struct node_ctx *ctx, struct sync_engine *e)
{
    struct sync_err err;
    bool written = false;
    sync_err_init(&err);
    if (sync_engine_checkpoint(e, &written, &err))
        node_log(ctx, NODE_WARN, "checkpoint: %s", err.msg);
    else if (written)
        node_log(ctx, NODE_DEBUG, "checkpoint written");
}

/* True when local changes wait for the hub and no retry wait is on. */
static bool changes_waiting(struct sync_engine *e, const struct sched *s)
{
    int64_t n = 0;
    if (s->wait)
        return false;
    return !sync_read_unacked(e, &n, NULL) && n > 0;
}

static void start_longpoll(struct node_ctx *ctx, const struct sched *s,
                           struct node_http *http, struct node_longpoll **lp)
{
    struct sync_err err;
    sync_err_init(&err);
    if (node_longpoll_start(lp, ctx, &s->up, http, &err))
        node_log(ctx, NODE_WARN, "no long-poll, syncing on the interval: %s",
                 err.msg);
}

static int start_api(struct node_ctx *ctx, struct node_http **http)
{
    struct sync_engine *api = NULL;
    char *cert_pem = NULL, *key_pem = NULL;
    struct sync_err err;
    sync_err_init(&err);
    if (node_open_again(ctx, &api, &err))
        return node_fail(&err);
    int code = NODE_EXIT_OK;
    const char *listen = ctx->cfg.listen ? ctx->cfg.listen : "0.0.0.0:8443";
    if (!ctx->cfg.allow_http) {
        if (node_tls_load(ctx, ctx->cfg.cert ? ctx->cfg.cert : "hub.crt",
                          ctx->cfg.tls_key ? ctx->cfg.tls_key : "hub-tls.key",
                          &cert_pem, &key_pem, &err))
            code = node_fail(&err);
    }
    if (!code)
        code = node_http_start(http, ctx, api, listen, cert_pem, key_pem, &err)
                   ? node_fail(&err)
                   : NODE_EXIT_OK;
    if (code)
        sync_engine_close(api);
    else
        node_log(ctx, NODE_INFO, "serving the sync API on %s://%s",
                 cert_pem ? "https" : "http", listen);
    if (key_pem)
        sync_memzero(key_pem, strlen(key_pem));
    free(cert_pem);
    free(key_pem);
    return code;
}

/* Whether a numeric HOST:PORT is on this machine only. */
static bool loopback(const char *listen)
{
    return strncmp(listen, "127.", 4) == 0 ||
           strncmp(listen, "[::1]:", 6) == 0 ||
           strncmp(listen, "::1:", 4) == 0 ||
           strncmp(listen, "localhost:", 10) == 0;
}

static enum sync_rc count_account(const struct sync_account *a, void *payload)
{
    (void)a;
    (*(int *)payload)++;
    return SYNC_OK;
}

static int start_ui(struct node_ctx *ctx, struct sync_engine *e,
                    const char *listen, struct node_http **ui)
{
    struct sync_engine *pages = NULL;
    char *cert_pem = NULL, *key_pem = NULL;
    struct sync_err err;
    int accounts = 0;
    bool login = ctx->cfg.ui_login || !loopback(listen);
    sync_err_init(&err);
    if (login && !sync_read_accounts(e, count_account, &accounts, &err) &&
        !accounts)
        node_log(ctx, NODE_WARN,
                 "the pages on %s ask for a login, and there "
                 "is no account yet (see 'spona user add')",
                 listen);
    int code =
        node_open_again(ctx, &pages, &err) ? node_fail(&err) : NODE_EXIT_OK;
    if (!code && (ctx->cfg.ui_cert != NULL) != (ctx->cfg.ui_tls_key != NULL)) {
        node_log(NULL, NODE_ERROR, "[ui] cert and tls_key go together");
        code = NODE_EXIT_FAIL;
    }
    if (!code && ctx->cfg.ui_cert) {
        if (node_tls_load(ctx, ctx->cfg.ui_cert, ctx->cfg.ui_tls_key, &cert_pem,
                          &key_pem, &err))
            code = node_fail(&err);
    }
    if (!code)
        code = node_ui_start(ui, ctx, pages, listen, cert_pem, key_pem, login,
                             &err)
                   ? node_fail(&err)
                   : NODE_EXIT_OK;
    if (code)
        sync_engine_close(pages);
    else
        node_log(ctx, NODE_INFO, "web pages on %s://%s/%s",
                 cert_pem ? "https" : "http", listen,
                 login ? " (login required)" : "");
    if (key_pem)
        sync_memzero(key_pem, strlen(key_pem));
    free(cert_pem);
    free(key_pem);
    return code;
}

/* New [ui] settings from a reload: the pages' server restarts with them
 * (requests in flight on it are cut; the sync API is not touched). When
 * they do not work, the old ones come back. */
static void restart_ui(struct node_ctx *ctx, struct sync_engine *e,
                       struct node_svc *svc, struct node_http **ui)
{
    node_http_stop(*ui);
    *ui = NULL;
    for (int i = 0; i < 2; i++) {
        node_svc_swap_ui(svc); /* the new settings, then the old ones */
        const char *listen =
            ctx->cfg.ui_listen ? ctx->cfg.ui_listen : UI_DEFAULT;
        if (strcmp(listen, "off") == 0 || !start_ui(ctx, e, listen, ui))
            return;
        node_log(NULL, NODE_ERROR,
                 i ? "the pages are off until a restart"
                   : "the new [ui] settings do not work; "
                     "the old ones stay");
    }
}

int cmd_serve(struct node_ctx *ctx, int argc, char **argv)
{
    const char *pos[1];
    const char *ui_opt = NULL;
    size_t n_pos;
    struct node_opt opts[] = {{"ui", &ui_opt, NULL}, {NULL, NULL, NULL}};
    int code = node_opts(argc, argv, opts, pos, 0, &n_pos, help);
    if (code)
        return code;
    struct sync_engine *e = NULL;
    struct node_http *http = NULL, *ui = NULL;
    struct node_longpoll *lp = NULL;
    struct node_svc *svc = NULL;
    struct sched s = {0};
    struct sync_err err;
    sync_err_init(&err);
    node_log_daemon(NODE_INFO);
    if (node_svc_start(&svc, ctx, &err))
        return node_fail(&err);
    /* serve opens the node itself, after its lock and log are set up */
    if (node_open(ctx, &e, &err)) {
        node_svc_stop(svc);
        return node_fail(&err);
    }
    node_log_set_level(ctx->cfg.level);
    ctx->metrics = node_metrics_new();
    if (node_wake_new(&ctx->wake, &err)) {
        code = node_fail(&err);
        goto out;
    }
    /* Caught from here on: a SIGHUP while starting is not an exit. */
    struct sigaction sa = {.sa_handler = on_signal};
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    const char *ui_listen = ui_opt               ? ui_opt
                            : ctx->cfg.ui_listen ? ctx->cfg.ui_listen
                                                 : UI_DEFAULT;
    bool hub = sync_engine_is_hub(e);
    bool pages = strcmp(ui_listen, "off") != 0;
    if ((hub && (code = start_api(ctx, &http))) ||
        (pages && (code = start_ui(ctx, e, ui_listen, &ui)))) {
        node_http_stop(http);
        goto out;
    }
    s.have_up = ctx->cfg.up_url && node_upstream(ctx, &s.up, &err) == 0;
    if (ctx->cfg.up_url && !s.have_up)
        node_log(NULL, NODE_ERROR, "%s", err.msg);
    if (!hub && !s.have_up && !pages) {
        node_log(NULL, NODE_ERROR,
                 "nothing to serve: not a hub, no hub "
                 "joined, and the pages are off");
        code = NODE_EXIT_FAIL;
        goto out;
    }
    node_metrics_schedule(ctx->metrics, ctx->cfg.interval_s,
                          ctx->cfg.retry_max_s, s.have_up ? s.up.url : NULL);
    node_svc_ready(svc);
    uint64_t last_check = 0, last_checkpoint = 0, pushes = 0;
    bool lp_tried = false;
    while (!stop_flag) {
        uint64_t now = sync_hlc_wall_ms();
        node_svc_tick(svc);
        /* Members pushed to this hub: on to the parent at once. */
        if (s.have_up && node_http_pushes(http) != pushes) {
            pushes = node_http_pushes(http);
            if (!s.wait)
                s.next = now;
        }
        if (hub &&
            now - last_checkpoint >= (uint64_t)ctx->cfg.checkpoint_s * 1000) {
            last_checkpoint = now;
            write_checkpoint(ctx, e);
        }
        if (reload_flag) {
            reload_flag = 0;
            /* A shorter interval counts from now. */
            enum node_svc_reload r = node_svc_reload(svc, ui_opt != NULL);
            if (r != NODE_RELOAD_FAILED && s.have_up && !s.wait &&
                s.next > now + (uint64_t)ctx->cfg.interval_s * 1000)
                s.next = now + (uint64_t)ctx->cfg.interval_s * 1000;
            if (r == NODE_RELOAD_UI)
                restart_ui(ctx, e, svc, &ui);
        }
        if (s.have_up && now >= s.next) {
            /* The long-poll keeps a node current once a round caught it
             * up: two threads do not pull the same backlog. */
            if (run_round(ctx, e, &s, svc, http) && !lp && !lp_tried) {
                lp_tried = true;
                start_longpoll(ctx, &s, http, &lp);
            }
        } else if (s.have_up && now - last_check >= WRITE_DELAY_MS) {
            last_check = now;
            if (changes_waiting(e, &s))
                s.next = now; /* next tick */
        }
        /* The pages' "sync now" wakes the loop: a round at once, even
         * in a retry wait (a failure still doubles the wait). */
        if (node_wake_wait(ctx->wake, TICK_MS) && s.have_up) {
            node_log(ctx, NODE_INFO, "sync asked for on the pages");
            s.next = 0;
        }
    }
    node_log(ctx, NODE_INFO, "stopping");
    node_longpoll_stop(lp);
    node_http_stop(ui);
    node_http_stop(http);
out:
    sync_engine_close(e);
    node_svc_stop(svc);
    node_metrics_free(ctx->metrics);
    ctx->metrics = NULL;
    node_wake_free(ctx->wake);
    ctx->wake = NULL;
    return code;
}
