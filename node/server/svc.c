/* SPDX-License-Identifier: MIT */
/*
 * svc: 'spona serve' as a service. The data folder's lock (an flock on
 * DIR/serve.lock, held until the process ends, so a crash never leaves a
 * stale lock), systemd's readiness and watchdog notifications (libsystemd;
 * no-ops when NOTIFY_SOCKET is unset), and the SIGHUP reload of the
 * settings that can change under a running server.
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include <dlfcn.h>

#include <systemd/sd-daemon.h>

#include "spona/mem.h"
#include "server/svc.h"

#include "spona/banned.h"

/*
 * libsystemd is opened only when systemd asks for notifications
 * (NOTIFY_SOCKET set): linking it into every spona process cost each
 * command line about 4 ms of start-up (seven more libraries to map), and
 * a no-op sync is one such process. Outside systemd both calls are
 * no-ops, as libsystemd's own are there.
 */
static int (*notify_fn)(int, const char *);
static int (*watchdog_fn)(int, uint64_t *);

static void systemd_load(void)
{
    static bool tried;
    if (tried)
        return;
    tried = true;
    if (!getenv("NOTIFY_SOCKET"))
        return;
    void *lib = dlopen("libsystemd.so.0", RTLD_NOW | RTLD_LOCAL);
    if (!lib)
        return;
    *(void **)&notify_fn = dlsym(lib, "sd_notify");
    *(void **)&watchdog_fn = dlsym(lib, "sd_watchdog_enabled");
}

static int notify(const char *state)
{
    systemd_load();
    return notify_fn ? notify_fn(0, state) : 0;
}

static int watchdog_enabled(uint64_t *usec)
{
    systemd_load();
    return watchdog_fn ? watchdog_fn(0, usec) : 0;
}

struct node_svc {
    struct node_ctx *ctx;  /* config and metrics */
    int lock_fd;           /* DIR/serve.lock, locked; -1 when none */
    uint64_t watchdog_us;  /* systemd's watchdog interval, 0 when off */
    double last_ping;      /* node_now_s() of the last WATCHDOG=1 */
    double batch_start;    /* node_now_s() the current batch began */
    struct node_config ui; /* [ui] settings of the last reload; owned */
};

double node_now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Reads the process id the holder wrote into the lock file, or 0. */
static long holder(int fd)
{
    char text[32];
    ssize_t n = pread(fd, text, sizeof(text) - 1, 0);
    if (n <= 0)
        return 0;
    text[n] = '\0';
    return strtol(text, NULL, 10);
}

static enum sync_rc take_lock(struct node_svc *s, const char *dir,
                              struct sync_err *err)
{
    /* No node here: node_open says what to do, and no lock file stays. */
    if (access(s->ctx->conf_path, F_OK) != 0)
        return SYNC_OK;
    char *path = node_path(s->ctx, "serve.lock");
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        sync_err_set(err, SYNC_IO, "cannot open the lock '%s': %s", path,
                     strerror(errno));
        free(path);
        return SYNC_IO;
    }
    free(path);
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        long pid = holder(fd);
        close(fd);
        if (pid > 0)
            return sync_err_set(err, SYNC_CONFLICT,
                                "another 'spona serve' "
                                "(process %ld) runs on the data folder "
                                "'%s'; stop it first",
                                pid, dir);
        return sync_err_set(err, SYNC_CONFLICT,
                            "another 'spona serve' runs "
                            "on the data folder '%s'; stop it first",
                            dir);
    }
    char text[32];
    int len = snprintf(text, sizeof(text), "%ld\n", (long)getpid());
    if (ftruncate(fd, 0) != 0 || pwrite(fd, text, (size_t)len, 0) != len)
        node_log(s->ctx, NODE_WARN,
                 "cannot write the process id into the "
                 "lock file");
    s->lock_fd = fd;
    return SYNC_OK;
}

enum sync_rc node_svc_start(struct node_svc **out, struct node_ctx *ctx,
                            struct sync_err *err)
{
    struct node_svc *s = sync_xcalloc(1, sizeof(*s));
    s->ctx = ctx;
    s->lock_fd = -1;
    enum sync_rc rc = take_lock(s, ctx->dir, err);
    if (rc) {
        free(s);
        return rc;
    }
    if (watchdog_enabled(&s->watchdog_us) <= 0)
        s->watchdog_us = 0;
    s->last_ping = node_now_s();
    *out = s;
    return SYNC_OK;
}

void node_svc_ready(struct node_svc *s)
{
    (void)s;
    notify("READY=1\nSTATUS=serving");
}

void node_svc_tick(struct node_svc *s)
{
    if (!s || !s->watchdog_us)
        return;
    double now = node_now_s();
    if ((now - s->last_ping) * 1e6 < (double)s->watchdog_us / 2)
        return;
    notify("WATCHDOG=1");
    s->last_ping = now;
}

void node_svc_round_begin(struct node_svc *s)
{
    s->batch_start = node_now_s();
}

void node_svc_progress(const char *phase, size_t done, void *payload)
{
    struct node_svc *s = payload;
    double now = node_now_s();
    (void)done;
    node_metrics_batch(s->ctx->metrics, strcmp(phase, "push") == 0,
                       now - s->batch_start);
    s->batch_start = now;
    node_svc_tick(s);
}

static bool same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Names the settings that changed and that only a restart applies. */
static void warn_restart(const struct node_config *was,
                         const struct node_config *now)
{
    static const struct {
        const char *name;
        size_t off;
    } strs[] = {
        {"[hub] listen", offsetof(struct node_config, listen)},
        {"[hub] cert", offsetof(struct node_config, cert)},
        {"[hub] tls_key", offsetof(struct node_config, tls_key)},
        {"[upstream] url", offsetof(struct node_config, up_url)},
        {"[upstream] key", offsetof(struct node_config, up_key)},
        {"[upstream] pin", offsetof(struct node_config, up_pin)},
        {"[upstream] ca_file", offsetof(struct node_config, up_ca)},
    };
    for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++) {
        const char *a = *(char *const *)((const char *)was + strs[i].off);
        const char *b = *(char *const *)((const char *)now + strs[i].off);
        if (!same(a, b))
            node_log(NULL, NODE_WARN,
                     "%s changed: it takes effect when "
                     "spona serve restarts",
                     strs[i].name);
    }
    if (was->member_rate != now->member_rate ||
        was->member_burst != now->member_burst)
        node_log(NULL, NODE_WARN,
                 "[hub] member_rate or member_burst changed: it "
                 "takes effect when spona serve restarts");
    if (was->allow_http != now->allow_http)
        node_log(NULL, NODE_WARN,
                 "[hub] allow_http changed: it takes "
                 "effect when spona serve restarts");
}

/* Whether the [ui] settings differ. */
static bool ui_changed(const struct node_config *a, const struct node_config *b)
{
    return !same(a->ui_listen, b->ui_listen) || !same(a->ui_cert, b->ui_cert) ||
           !same(a->ui_tls_key, b->ui_tls_key) || a->ui_login != b->ui_login ||
           strcmp(a->ui_lang, b->ui_lang) != 0;
}

/* Moves the [ui] settings of from into to (to's old ones are freed). */
static void take_ui(struct node_config *to, struct node_config *from)
{
    free(to->ui_listen);
    free(to->ui_cert);
    free(to->ui_tls_key);
    to->ui_listen = from->ui_listen;
    to->ui_cert = from->ui_cert;
    to->ui_tls_key = from->ui_tls_key;
    to->ui_login = from->ui_login;
    memcpy(to->ui_lang, from->ui_lang, sizeof(to->ui_lang));
    from->ui_listen = from->ui_cert = from->ui_tls_key = NULL;
}

void node_svc_swap_ui(struct node_svc *s)
{
    struct node_config tmp = {0};
    take_ui(&tmp, &s->ctx->cfg);
    take_ui(&s->ctx->cfg, &s->ui);
    take_ui(&s->ui, &tmp);
}

enum node_svc_reload node_svc_reload(struct node_svc *s, bool ui_fixed)
{
    struct node_ctx *ctx = s->ctx;
    struct node_config cfg;
    struct sync_err err;
    sync_err_init(&err);
    notify("RELOADING=1\nSTATUS=reloading the config");
    enum sync_rc rc = node_config_load(&cfg, ctx->conf_path, &err);
    if (!rc && ctx->conf_extra)
        rc = node_config_overlay(&cfg, ctx->conf_extra, &err);
    if (rc) {
        node_log(NULL, NODE_ERROR,
                 "reload failed, the settings in force "
                 "stay: %s",
                 err.msg);
        node_config_release(&cfg);
        node_metrics_reload(ctx->metrics, false);
        notify("READY=1\nSTATUS=serving (the last reload failed)");
        return NODE_RELOAD_FAILED;
    }
    warn_restart(&ctx->cfg, &cfg);
    bool ui = ui_changed(&ctx->cfg, &cfg);
    if (ui && ui_fixed)
        node_log(NULL, NODE_WARN,
                 "[ui] changed, but 'serve --ui' decides "
                 "where the pages are: restart without it to apply");
    take_ui(&s->ui, &cfg);
    /* Only the main thread reads these two; the level goes to log.c. */
    ctx->cfg.interval_s = cfg.interval_s;
    ctx->cfg.retry_max_s = cfg.retry_max_s;
    node_log_set_level(cfg.level);
    node_metrics_schedule(ctx->metrics, cfg.interval_s, cfg.retry_max_s,
                          ctx->cfg.up_url);
    node_metrics_reload(ctx->metrics, true);
    node_log(NULL, NODE_INFO,
             "reloaded the config: log_level %s, sync "
             "interval %lld s, retry_max %lld s",
             node_level_name(cfg.level), (long long)cfg.interval_s,
             (long long)cfg.retry_max_s);
    node_config_release(&cfg);
    notify("READY=1\nSTATUS=serving");
    return ui && !ui_fixed ? NODE_RELOAD_UI : NODE_RELOAD_OK;
}

void node_svc_stop(struct node_svc *s)
{
    if (!s)
        return;
    notify("STOPPING=1");
    if (s->lock_fd >= 0)
        close(s->lock_fd); /* the file stays; the lock goes with the fd */
    node_config_release(&s->ui);
    free(s);
}
