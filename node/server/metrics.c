/* SPDX-License-Identifier: MIT */
/*
 * metrics: the figures of 'spona serve' for monitoring, and the two pages
 * that show them on the web listener: GET /metrics (Prometheus text
 * format 0.0.4) and GET /healthz (liveness and readiness as a short JSON
 * body, 200 or 503). Counters of what the process did (rounds, batches,
 * API requests) are kept here under a mutex, since the sync loop, the API
 * thread and the pages' thread all touch them; what the node holds is
 * read from the database at each request through the pages' own engine.
 * A loopback client asking for this machine's name needs no login; any
 * other needs a logged-in session, as for every page (web.c routes it).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "spona/hlc.h"
#include "spona/mem.h"
#include "spona/sig.h"
#include "server/svc.h"
#include "web/web.h"

#include "spona/banned.h"

/* Upper bounds of the latency buckets, in seconds (+Inf is implied). */
static const double bounds[] = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
                                1,     2.5,  5,     10,   30,  60};
#define N_BOUNDS (sizeof(bounds) / sizeof(bounds[0]))

struct histogram {
    uint64_t le[N_BOUNDS]; /* observations <= bounds[i] (not cumulative) */
    uint64_t count;        /* all observations */
    double sum;            /* their total, seconds */
};

/* The hub API endpoints timed, and a slot for anything else. */
static const char *const endpoints[] = {"pull",  "push", "join",
                                        "heads", "info", "other"};
#define N_ENDPOINTS (sizeof(endpoints) / sizeof(endpoints[0]))

/* What a round's entries became (struct sync_fed_counts, in order). */
static const char *const results[] = {"applied", "known", "refused", "rejected",
                                      "fork",    "gap",   "withheld"};
#define N_RESULTS (sizeof(results) / sizeof(results[0]))

struct node_metrics {
    pthread_mutex_t mu;                /* guards everything below */
    int64_t started_ms;                /* Unix ms the process started serving */
    int64_t interval_s;                /* [sync] interval in force */
    int64_t retry_max_s;               /* [sync] retry_max in force */
    char *up_url;                      /* the upstream hub, or NULL; owned */
    uint64_t rounds_ok;                /* rounds that worked */
    uint64_t rounds_failed;            /* rounds that failed */
    uint64_t pushed[N_RESULTS];        /* entries pushed, as the hub counted */
    uint64_t pulled[N_RESULTS];        /* entries pulled, as counted here */
    struct histogram batch[2];         /* [0] pull, [1] push batch seconds */
    struct histogram api[N_ENDPOINTS]; /* hub API request seconds */
    uint64_t api_errors[N_ENDPOINTS];  /* of those, answered >= 400 */
    uint64_t reloads_ok;               /* SIGHUP reloads taken */
    uint64_t reloads_failed;           /* ... refused (bad file) */
};

struct node_metrics *node_metrics_new(void)
{
    struct node_metrics *m = sync_xcalloc(1, sizeof(*m));
    pthread_mutex_init(&m->mu, NULL);
    m->started_ms = (int64_t)sync_hlc_wall_ms();
    m->interval_s = 300;
    m->retry_max_s = 600;
    return m;
}

void node_metrics_free(struct node_metrics *m)
{
    if (!m)
        return;
    pthread_mutex_destroy(&m->mu);
    free(m->up_url);
    free(m);
}

void node_metrics_schedule(struct node_metrics *m, int64_t interval_s,
                           int64_t retry_max_s, const char *url)
{
    if (!m)
        return;
    pthread_mutex_lock(&m->mu);
    m->interval_s = interval_s;
    m->retry_max_s = retry_max_s;
    free(m->up_url);
    m->up_url = url ? sync_xstrdup(url) : NULL;
    pthread_mutex_unlock(&m->mu);
}

static void add_counts(uint64_t *to, const struct sync_fed_counts *c)
{
    const size_t from[N_RESULTS] = {c->applied,  c->known, c->refused,
                                    c->rejected, c->forks, c->gaps,
                                    c->withheld};
    for (size_t i = 0; i < N_RESULTS; i++)
        to[i] += from[i];
}

void node_metrics_round(struct node_metrics *m, bool ok,
                        const struct sync_round_stats *st)
{
    if (!m)
        return;
    pthread_mutex_lock(&m->mu);
    if (ok)
        m->rounds_ok++;
    else
        m->rounds_failed++;
    if (st) {
        add_counts(m->pushed, &st->pushed);
        add_counts(m->pulled, &st->pulled);
    }
    pthread_mutex_unlock(&m->mu);
}

static void observe(struct histogram *h, double s)
{
    size_t i = 0;
    while (i < N_BOUNDS && s > bounds[i])
        i++;
    if (i < N_BOUNDS)
        h->le[i]++;
    h->count++;
    h->sum += s;
}

void node_metrics_batch(struct node_metrics *m, bool push, double seconds)
{
    if (!m)
        return;
    pthread_mutex_lock(&m->mu);
    observe(&m->batch[push ? 1 : 0], seconds);
    pthread_mutex_unlock(&m->mu);
}

void node_metrics_api(struct node_metrics *m, const char *path, unsigned status,
                      double seconds)
{
    if (!m)
        return;
    size_t i = 0;
    while (i + 1 < N_ENDPOINTS && !(strncmp(path, "/v1/", 4) == 0 &&
                                    strcmp(path + 4, endpoints[i]) == 0))
        i++;
    pthread_mutex_lock(&m->mu);
    if (seconds >= 0)
        observe(&m->api[i], seconds);
    if (status >= 400)
        m->api_errors[i]++;
    pthread_mutex_unlock(&m->mu);
}

void node_metrics_reload(struct node_metrics *m, bool ok)
{
    if (!m)
        return;
    pthread_mutex_lock(&m->mu);
    if (ok)
        m->reloads_ok++;
    else
        m->reloads_failed++;
    pthread_mutex_unlock(&m->mu);
}

/* ---- the pages ---- */

bool web_ops_path(const char *path)
{
    return strcmp(path, "/healthz") == 0 || strcmp(path, "/metrics") == 0;
}

/* Whether the Host header names this machine (any port): a loopback
 * client that a web site's name points at (DNS rebinding) is refused. */
static bool host_local(const char *host)
{
    static const char *const ok[] = {"127.0.0.1", "localhost", "[::1]"};
    if (!host)
        return false;
    size_t len = host[0] == '[' ? strcspn(host, "]") + 1 : strcspn(host, ":");
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
        if (strlen(ok[i]) == len && strncmp(host, ok[i], len) == 0)
            return host[len] == '\0' || host[len] == ':';
    return false;
}

bool web_ops_open(const struct node_web_req *q)
{
    return web_ops_path(q->path) && q->peer_loopback && host_local(q->host) &&
           strcmp(q->method, "GET") == 0;
}

/* Appends text as a Prometheus label value: \ " and line breaks escaped. */
static void label(struct web_page *p, const char *text)
{
    char c[3];
    for (const char *s = text ? text : ""; *s; s++) {
        c[0] = *s;
        c[1] = '\0';
        if (*s == '\\' || *s == '"' || *s == '\n') {
            c[0] = '\\';
            c[1] = *s == '\n' ? 'n' : *s;
            c[2] = '\0';
        }
        web_text(p, "%s", c);
    }
}

static void family(struct web_page *p, const char *name, const char *type,
                   const char *help)
{
    web_text(p, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* One sample without labels. */
static void gauge(struct web_page *p, const char *name, const char *type,
                  const char *help, double v)
{
    family(p, name, type, help);
    web_text(p, "%s %.17g\n", name, v);
}

static void histogram(struct web_page *p, const char *name, const char *key,
                      const char *value, const struct histogram *h)
{
    uint64_t cum = 0;
    for (size_t i = 0; i < N_BOUNDS; i++) {
        cum += h->le[i];
        web_text(p, "%s_bucket{%s=\"%s\",le=\"%g\"} %llu\n", name, key, value,
                 bounds[i], (unsigned long long)cum);
    }
    web_text(p, "%s_bucket{%s=\"%s\",le=\"+Inf\"} %llu\n", name, key, value,
             (unsigned long long)h->count);
    web_text(p, "%s_sum{%s=\"%s\"} %.9g\n%s_count{%s=\"%s\"} %llu\n", name, key,
             value, h->sum, name, key, value, (unsigned long long)h->count);
}

/* The process's own counters, copied under the lock. */
static void process_figures(struct web_page *p, struct node_metrics *m)
{
    struct node_metrics c;
    /* A snapshot of the numbers; its mutex and url are never used. */
    pthread_mutex_lock(&m->mu);
    c = *m;
    pthread_mutex_unlock(&m->mu);
    gauge(p, "spona_start_time_seconds", "gauge",
          "Unix time spona serve started", (double)c.started_ms / 1000.0);
    family(p, "spona_sync_rounds_total", "counter",
           "Sync rounds with the upstream hub, by result");
    web_text(p,
             "spona_sync_rounds_total{result=\"ok\"} %llu\n"
             "spona_sync_rounds_total{result=\"failed\"} %llu\n",
             (unsigned long long)c.rounds_ok,
             (unsigned long long)c.rounds_failed);
    family(p, "spona_sync_entries_total", "counter",
           "Entries pushed (as the hub counted them) and pulled, by what "
           "became of them");
    for (size_t i = 0; i < N_RESULTS; i++)
        web_text(p,
                 "spona_sync_entries_total{direction=\"push\",result="
                 "\"%s\"} %llu\nspona_sync_entries_total{direction="
                 "\"pull\",result=\"%s\"} %llu\n",
                 results[i], (unsigned long long)c.pushed[i], results[i],
                 (unsigned long long)c.pulled[i]);
    family(p, "spona_sync_batch_seconds", "histogram",
           "Time of one push or pull batch of a round (request and apply)");
    histogram(p, "spona_sync_batch_seconds", "direction", "pull", &c.batch[0]);
    histogram(p, "spona_sync_batch_seconds", "direction", "push", &c.batch[1]);
    family(p, "spona_api_request_seconds", "histogram",
           "Time this hub took to answer a sync API request that it "
           "served (200), by endpoint");
    for (size_t i = 0; i < N_ENDPOINTS; i++)
        histogram(p, "spona_api_request_seconds", "endpoint", endpoints[i],
                  &c.api[i]);
    family(p, "spona_api_errors_total", "counter",
           "Sync API requests answered with a 4xx or 5xx status");
    for (size_t i = 0; i < N_ENDPOINTS; i++)
        web_text(p, "spona_api_errors_total{endpoint=\"%s\"} %llu\n",
                 endpoints[i], (unsigned long long)c.api_errors[i]);
    family(p, "spona_config_reloads_total", "counter",
           "Config reloads on SIGHUP, by result");
    web_text(p,
             "spona_config_reloads_total{result=\"ok\"} %llu\n"
             "spona_config_reloads_total{result=\"failed\"} %llu\n",
             (unsigned long long)c.reloads_ok,
             (unsigned long long)c.reloads_failed);
}

static enum sync_rc reason_line(const char *reason, int64_t n, void *payload)
{
    struct web_page *p = payload;
    web_text(p, "%s", "spona_rejected_entries{reason=\"");
    label(p, reason);
    web_text(p, "\"} %lld\n", (long long)n);
    return SYNC_OK;
}

/* Reason groups shown; the total covers every rejection. */
#define METRICS_REASONS_MAX 50

static enum sync_rc held_figures(struct web_page *p, struct sync_engine *e,
                                 const struct sync_status *st,
                                 struct sync_err *err)
{
    struct sync_stats s;
    int64_t forks = st->forks, conflicts = st->conflicts;
    int64_t rejected = st->rejected;
    enum sync_rc rc = sync_read_stats(e, &s, err);
    if (rc)
        return rc;
    family(p, "spona_entries", "gauge",
           "Entries in the log: written here (own) or received");
    web_text(p,
             "spona_entries{origin=\"own\"} %lld\n"
             "spona_entries{origin=\"received\"} %lld\n",
             (long long)s.entries_own, (long long)s.entries_received);
    gauge(p, "spona_entries_refused", "gauge",
          "Received entries kept in the log but refused by a rule",
          (double)s.entries_refused);
    gauge(p, "spona_payloads_purged", "gauge",
          "Entries held without their payload (purged by an erasure)",
          (double)s.payloads_purged);
    gauge(p, "spona_payloads_withheld", "gauge",
          "Entries whose payload a hub withheld (asked for again)",
          (double)s.payloads_withheld);
    gauge(p, "spona_feeds", "gauge", "Feeds (author, scope) held",
          (double)s.feeds);
    gauge(p, "spona_feeds_forked", "gauge", "Feeds closed by a fork",
          (double)s.feeds_forked);
    gauge(p, "spona_forks", "gauge", "Forks found (proofs kept)",
          (double)forks);
    gauge(p, "spona_conflicts", "gauge", "Concurrent writes that lost a field",
          (double)conflicts);
    gauge(p, "spona_rejected_entries_all", "gauge",
          "Entries recorded as refused or rejected, all reasons",
          (double)rejected);
    family(p, "spona_rejected_entries", "gauge",
           "Entries recorded as refused or rejected, by reason (the most "
           "frequent reasons)");
    return sync_read_rejected_reasons(e, METRICS_REASONS_MAX, reason_line, p,
                                      err);
}

struct members {
    struct web_page *p;
    struct sync_engine *e;
    const uint8_t *self;
    int64_t n[2][2]; /* [hub role][active] */
};

static enum sync_rc member_line(const struct sync_member *m, void *payload)
{
    struct members *w = payload;
    struct web_page *p = w->p;
    struct sync_err err;
    char key[SYNC_B64_SIZE(SYNC_SIG_PK_LEN)];
    int64_t lag = 0;
    /* Members of this hub: the roster rows it wrote itself. */
    if (!m->has_writer || memcmp(m->writer, w->self, SYNC_SIG_PK_LEN) != 0)
        return SYNC_OK;
    w->n[strcmp(m->role, "hub") == 0][m->active]++;
    if (!m->active)
        return SYNC_OK;
    sync_b64_encode(key, sizeof(key), m->key, SYNC_SIG_PK_LEN);
    if (m->last_sync && sync_read_member_lag(w->e, m, &lag, &err) != SYNC_OK)
        lag = -1;
    web_text(p, "spona_member_lag_entries{key=\"%s\",org=\"", key);
    label(p, m->org);
    web_text(p, "%s", "\",name=\"");
    label(p, m->name);
    web_text(p, "\"} %lld\n", (long long)lag);
    web_text(p, "spona_member_last_sync_timestamp_seconds{key=\"%s\"} %.3f\n",
             key, (double)m->last_sync / 1000.0);
    return SYNC_OK;
}

static enum sync_rc hub_figures(struct web_page *p, struct sync_engine *e,
                                struct sync_err *err)
{
    struct members w = {.p = p, .e = e, .self = sync_engine_self(e)};
    family(p, "spona_member_lag_entries", "gauge",
           "Entries an active member of this hub may pull that arrived "
           "after its last full pull (-1: unknown)");
    family(p, "spona_member_last_sync_timestamp_seconds", "gauge",
           "Unix time of an active member's last request (0: never)");
    enum sync_rc rc = sync_read_members(e, member_line, &w, err);
    if (rc)
        return rc;
    family(p, "spona_members", "gauge",
           "Members of this hub, by role and state");
    for (int hub = 0; hub < 2; hub++)
        for (int act = 0; act < 2; act++)
            web_text(p, "spona_members{role=\"%s\",state=\"%s\"} %lld\n",
                     hub ? "hub" : "node", act ? "active" : "revoked",
                     (long long)w.n[hub][act]);
    return SYNC_OK;
}

/* The upstream's last successful sync and its age; last 0: never. */
struct upstream_state {
    bool have;       /* an upstream hub is synced with */
    int64_t last_ms; /* Unix ms of the last successful round, or 0 */
    double age_s;    /* since then, or since start when never */
    int64_t limit_s; /* the age /healthz still calls fine */
    char url[512];   /* the hub */
};

static enum sync_rc upstream_state(struct node_metrics *m,
                                   struct sync_engine *e,
                                   struct upstream_state *out,
                                   struct sync_err *err)
{
    memset(out, 0, sizeof(*out));
    pthread_mutex_lock(&m->mu);
    out->have = m->up_url != NULL;
    snprintf(out->url, sizeof(out->url), "%s", m->up_url ? m->up_url : "");
    /* Three missed rounds plus the longest retry wait. */
    out->limit_s = 3 * m->interval_s + m->retry_max_s;
    int64_t started = m->started_ms;
    pthread_mutex_unlock(&m->mu);
    if (!out->have)
        return SYNC_OK;
    struct sync_status st;
    enum sync_rc rc = sync_read_status(e, &st, err);
    out->last_ms = rc ? 0 : st.last_sync;
    int64_t since = out->last_ms ? out->last_ms : started;
    out->age_s = (double)((int64_t)sync_hlc_wall_ms() - since) / 1000.0;
    return rc;
}

static void metrics_page(struct web_page *p)
{
    struct node_metrics *m = p->w->ctx->metrics;
    struct sync_engine *e = p->w->e;
    struct upstream_state up = {0};
    struct sync_status st;
    struct sync_err err;
    sync_err_init(&err);
    p->r->type = "text/plain; version=0.0.4; charset=utf-8";
    family(p, "spona_info", "gauge", "Version and role of this node");
    web_text(p, "spona_info{version=\"%s\",role=\"%s\"} 1\n", SPONA_VERSION,
             sync_engine_is_hub(e) ? "hub" : "node");
    bool writable =
        !sync_engine_probe_write(e, (int64_t)sync_hlc_wall_ms(), &err);
    gauge(p, "spona_database_writable", "gauge",
          "1 when the database took a write just now", writable);
    enum sync_rc rc = sync_read_status(e, &st, &err);
    if (!rc)
        rc = held_figures(p, e, &st, &err);
    if (!rc)
        gauge(p, "spona_unacknowledged_entries", "gauge",
              "Entries waiting for a receipt from the upstream hub",
              (double)st.unacked);
    if (!rc && m)
        rc = upstream_state(m, e, &up, &err);
    if (!rc && m && up.have) {
        family(p, "spona_last_sync_timestamp_seconds", "gauge",
               "Unix time of the last successful round with a hub (0: "
               "never)");
        web_text(p, "%s", "spona_last_sync_timestamp_seconds{hub=\"");
        label(p, up.url);
        web_text(p, "\"} %.3f\n", (double)up.last_ms / 1000.0);
    }
    if (!rc && sync_engine_is_hub(e))
        rc = hub_figures(p, e, &err);
    if (!rc && m)
        process_figures(p, m);
    if (rc) {
        /* A scrape that fails says so; a partial page would mislead. */
        sync_buf_release(&p->r->body);
        sync_buf_init(&p->r->body, WEB_PAGE_MAX);
        p->r->status = 500;
        web_text(p, "# error: %s\n", err.msg);
        node_log(p->w->ctx, NODE_WARN, "metrics: %s", err.msg);
    }
}

static void health_page(struct web_page *p)
{
    struct node_metrics *m = p->w->ctx->metrics;
    struct sync_engine *e = p->w->e;
    struct upstream_state up = {0};
    struct sync_err err;
    sync_err_init(&err);
    struct sync_json *o = sync_json_object();
    struct sync_json *problems = sync_json_array();
    size_t n_problems = 0;
    if (sync_engine_probe_write(e, (int64_t)sync_hlc_wall_ms(), &err)) {
        sync_json_set_str(o, "database", "not writable");
        sync_json_push(problems, sync_json_string(err.msg));
        n_problems++;
    } else {
        sync_json_set_str(o, "database", "writable");
    }
    sync_err_init(&err);
    if (m && upstream_state(m, e, &up, &err)) {
        sync_json_push(problems, sync_json_string(err.msg));
        n_problems++;
    }
    if (up.have) {
        sync_json_set_int(o, "last_sync_age_s", (int64_t)up.age_s);
        sync_json_set_int(o, "last_sync_limit_s", up.limit_s);
        if (up.age_s > (double)up.limit_s) {
            sync_json_push(problems, sync_json_string(
                                         up.last_ms ? "the last sync is too old"
                                                    : "no sync yet"));
            n_problems++;
        }
    }
    bool ok = n_problems == 0;
    sync_json_set_str(o, "status", ok ? "ok" : "fail");
    sync_json_set(o, "problems", problems);
    char *text = sync_json_dump(o, false);
    sync_json_free(o);
    p->r->status = ok ? 200 : 503;
    p->r->type = "application/json";
    web_text(p, "%s\n", text);
    free(text);
    if (!ok)
        node_log(p->w->ctx, NODE_WARN, "healthz: 503");
}

void web_ops(struct web_page *p)
{
    if (strcmp(p->q->path, "/metrics") == 0)
        metrics_page(p);
    else
        health_page(p);
}
