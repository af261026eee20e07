/* SPDX-License-Identifier: MIT */
/*
 * load: a hub under the load of its real audience (issue 19). It makes a
 * hub with E entries and M members (each its own Ed25519 key, put on the
 * roster through the library as a join does), runs `spona serve` on it,
 * and sends signed requests over HTTPS on 127.0.0.1 OPEN-LOOP: request i
 * is due at t0 + i / rate whatever the answers before it did, and its
 * latency counts from that due time, so a hub that falls behind shows it.
 * Each request is a fresh TLS connection from the member's own loopback
 * address (127.1.x.y), as members that sync every few minutes make.
 * The mix: 95 % no-op pulls (every feed the hub holds, at its head), 4 %
 * incremental pulls (20 entries behind on the hub's largest feed), 1 %
 * pushes of 3 new entries into the member's own hub feed. For each rate
 * it prints p50, p99 and max latency, errors, the hub's CPU (share of one
 * core) and RSS. Then K fresh members pull the whole hub at once (batch
 * after batch, as `spona sync` asks) while the others' no-op pulls go on
 * at a rate, and it prints their latency and the full pulls' times.
 *
 *   load SPONA [-m MEMBERS] [-e ENTRIES] [-r RATE,RATE,...] [-s SECONDS]
 *        [-f FULL_PULLS] [-F RATE_DURING_FULL]
 *
 * A benchmark tool, so it speaks HTTP with libcurl itself (the library's
 * peer module is private) and does not check the hub's certificate.
 */
#include <curl/curl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "spona/buf.h"
#include "spona/engine.h"
#include "spona/entry.h"
#include "spona/fed.h"
#include "spona/hlc.h"
#include "spona/json.h"
#include "spona/mem.h"
#include "spona/read.h"
#include "spona/req.h"
#include "spona/uuid.h"

#define PORT_BASE 31400
#define MAX_INFLIGHT 4000 /* requests open at once; more count as errors */
#define PUSH_ENTRIES 3
#define INCR_BEHIND 20

struct member {
    struct sync_key *key;           /* its own; owned */
    char org[32];                   /* "Opcina NNN" */
    char addr[64];                  /* "host!127.1.x.y" */
    uint64_t seq;                   /* last seq of its hub feed */
    uint8_t last_id[SYNC_HASH_LEN]; /* id at seq */
    bool busy;                      /* a push of it is in flight */
    bool broken;                    /* a push failed: its feed is unknown */
};

struct feed {
    uint8_t author[SYNC_SIG_PK_LEN];
    int scope;
    uint64_t seq;
};

struct feeds {
    struct feed *f;
    size_t n, cap;
};

enum kind { NOOP, INCR, PUSH, FULL };

struct req {
    CURL *c;
    struct curl_slist *hdr;
    char *body;
    struct sync_buf resp;
    enum kind kind;
    double due;                /* when it was due (monotonic s) */
    size_t member;             /* who sent it */
    uint64_t seq;              /* PUSH: the member's seq once stored */
    uint8_t id[SYNC_HASH_LEN]; /* PUSH: the last entry's id */
    int puller;                /* FULL: which puller */
};

struct puller {
    struct feeds have; /* what it holds so far */
    double t0, t1;     /* started, done */
    size_t entries;    /* pulled */
    bool done, failed;
};

struct stats {
    double *lat; /* seconds, completed requests */
    size_t n, cap;
    size_t errors;
    size_t by_kind[4];
};

static const char *spona;
static char root[256];
static char url[128];
static struct member *members;
static size_t n_members;
static struct feeds hub_feeds; /* every feed the hub holds (scope >= 1) */
static size_t big_feed;        /* index of the largest, for INCR */
static char *noop_body;        /* {"have": hub_feeds}, rebuilt on pushes */
static CURLM *multi;
static size_t inflight;
static struct puller *pullers;
static int n_pullers;
static pid_t puller_pid; /* the process of the full pullers, or 0 */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what, const struct sync_err *err)
{
    fprintf(stderr, "load: %s: %s\n", what, err ? err->msg : "failed");
    exit(1);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* ---- the hub process ---- */

static pid_t spawn(char *const argv[], const char *out_file)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        if (!freopen(out_file, "w", stdout) || !freopen(out_file, "a", stderr))
            _exit(127);
        execv(argv[0], argv);
        _exit(127);
    }
    return pid;
}

static int run_wait(char *const argv[], const char *out_file)
{
    int status = 0;
    pid_t pid = spawn(argv, out_file);
    if (waitpid(pid, &status, 0) != pid)
        return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* The hub's CPU seconds so far (user + system). */
static double proc_cpu(pid_t pid)
{
    char path[64], text[1024];
    snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    size_t n = fread(text, 1, sizeof(text) - 1, f);
    fclose(f);
    text[n] = '\0';
    const char *p = strrchr(text, ')');
    unsigned long ut = 0, st = 0;
    /* After ")": state, then fields 4..13, then utime and stime. */
    if (!p ||
        sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu",
               &ut, &st) != 2)
        return 0;
    return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

/* VmRSS or VmHWM of pid in MiB. */
static double proc_mem(pid_t pid, const char *field)
{
    char path[64], line[256];
    double kb = 0;
    snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    while (fgets(line, sizeof(line), f))
        if (strncmp(line, field, strlen(field)) == 0)
            kb = strtod(line + strlen(field) + 1, NULL);
    fclose(f);
    return kb / 1024;
}

/* ---- the hub's data ---- */

static void fill(struct sync_engine *e, long n)
{
    struct sync_err err;
    for (long i = 0; i < n;) {
        if (sync_engine_batch_begin(e, &err))
            die("batch", &err);
        for (long j = 0; j < 1000 && i < n; j++, i++) {
            struct sync_record set;
            char title[64];
            sync_record_init(&set);
            snprintf(title, sizeof(title), "Praksa broj %ld", i);
            sync_record_set_text(&set, "title", title);
            sync_record_set_text(&set, "status", "ongoing");
            sync_record_set_text(&set, "scope", "network");
            sync_record_set_text(&set, "sectors", "GOV.e_services");
            sync_record_set_text(&set, "summary",
                                 "Građani i dijaspora naručuju izvode iz "
                                 "matičnih knjiga putem interneta, bez "
                                 "dolaska u općinu; plaćanje karticom, "
                                 "dostava poštom za sedam dana.");
            if (sync_engine_put(e, "practice", NULL, &set, NULL, &err))
                die("put", &err);
            sync_record_release(&set);
        }
        if (sync_engine_batch_end(e, true, &err))
            die("commit", &err);
    }
}

static struct feed *feeds_find(struct feeds *fs, const uint8_t *author,
                               int scope)
{
    for (size_t i = 0; i < fs->n; i++)
        if (fs->f[i].scope == scope &&
            memcmp(fs->f[i].author, author, SYNC_SIG_PK_LEN) == 0)
            return &fs->f[i];
    if (fs->n == fs->cap) {
        fs->cap = fs->cap ? 2 * fs->cap : 64;
        fs->f = sync_xrealloc(fs->f, fs->cap * sizeof(*fs->f));
    }
    struct feed *f = &fs->f[fs->n++];
    memcpy(f->author, author, SYNC_SIG_PK_LEN);
    f->scope = scope;
    f->seq = 0;
    return f;
}

static enum sync_rc take_feed(const struct sync_feed *f, void *payload)
{
    if (f->scope >= SYNC_SCOPE_HUB)
        feeds_find(payload, f->author, f->scope)->seq = f->last_seq;
    return SYNC_OK;
}

/* {"have":[...]} for fs; with the big feed behind by `behind`. */
static char *have_body(const struct feeds *fs, size_t behind)
{
    struct sync_json *o = sync_json_object();
    struct sync_json *arr = sync_json_array();
    for (size_t i = 0; i < fs->n; i++) {
        char a[SYNC_B64_SIZE(SYNC_SIG_PK_LEN)];
        uint64_t q = fs->f[i].seq;
        if (behind && i == big_feed)
            q = q > behind ? q - behind : 0;
        sync_b64_encode(a, sizeof(a), fs->f[i].author, SYNC_SIG_PK_LEN);
        struct sync_json *p = sync_json_object();
        sync_json_set_str(p, "a", a);
        sync_json_set_int(p, "s", fs->f[i].scope);
        sync_json_set_int(p, "q", (int64_t)q);
        sync_json_push(arr, p);
    }
    sync_json_set(o, "have", arr);
    char *text = sync_json_dump(o, false);
    sync_json_free(o);
    return text;
}

static void make_hub(int port, long entries)
{
    char dir[300], listen[64], log[320], db[320], key[320];
    snprintf(dir, sizeof(dir), "%s/hub", root);
    snprintf(listen, sizeof(listen), "127.0.0.1:%d", port);
    snprintf(log, sizeof(log), "%s/hub-init.log", root);
    char *init[] = {(char *)spona, "--dir", dir,        "init", "--hub",
                    "--org",       "Vlada", "--listen", listen, NULL};
    if (run_wait(init, log) != 0)
        die("init", NULL);
    snprintf(db, sizeof(db), "%s/node.db", dir);
    snprintf(key, sizeof(key), "%s/node.key", dir);
    struct sync_engine *e = NULL;
    struct sync_err err;
    if (sync_engine_open(&e, db, key, &err))
        die("open", &err);
    double t0 = now_s();
    fill(e, entries);
    printf("hub: %ld entries in %.1f s", entries, now_s() - t0);
    t0 = now_s();
    for (size_t i = 0; i < n_members; i++) {
        struct member *m = &members[i];
        struct sync_member r = {.active = true};
        sync_key_generate(&m->key);
        snprintf(m->org, sizeof(m->org), "Opcina %03zu", i);
        snprintf(m->addr, sizeof(m->addr), "host!127.1.%zu.%zu", i / 250,
                 i % 250 + 1);
        memcpy(r.key, sync_key_public(m->key), SYNC_SIG_PK_LEN);
        snprintf(r.org, sizeof(r.org), "%s", m->org);
        snprintf(r.role, sizeof(r.role), "node");
        snprintf(r.name, sizeof(r.name), "m%zu", i);
        if (sync_engine_put_roster(e, &r, &err))
            die("roster", &err);
    }
    printf(", %zu members in %.1f s\n", n_members, now_s() - t0);
    if (sync_read_feeds(e, take_feed, &hub_feeds, &err))
        die("feeds", &err);
    for (size_t i = 0; i < hub_feeds.n; i++)
        if (hub_feeds.f[i].seq > hub_feeds.f[big_feed].seq)
            big_feed = i;
    sync_engine_close(e);
    noop_body = have_body(&hub_feeds, 0);
    snprintf(url, sizeof(url), "https://127.0.0.1:%d", port);
}

/* ---- requests ---- */

static size_t on_data(char *p, size_t size, size_t n, void *payload)
{
    return sync_buf_add(payload, p, size * n) ? 0 : size * n;
}

static void start(struct req *q, const char *path)
{
    struct sync_req_auth a;
    struct sync_req_headers h;
    char line[200];
    struct member *m = &members[q->member];
    size_t len = strlen(q->body);
    sync_req_sign(&a, m->key, "POST", path, q->body, len, sync_hlc_wall_ms());
    sync_req_to_headers(&h, &a);
    snprintf(line, sizeof(line), "%s: %s", SYNC_REQ_H_KEY, h.key);
    q->hdr = curl_slist_append(NULL, line);
    snprintf(line, sizeof(line), "%s: %s", SYNC_REQ_H_TIME, h.time);
    q->hdr = curl_slist_append(q->hdr, line);
    snprintf(line, sizeof(line), "%s: %s", SYNC_REQ_H_NONCE, h.nonce);
    q->hdr = curl_slist_append(q->hdr, line);
    snprintf(line, sizeof(line), "%s: %s", SYNC_REQ_H_SIG, h.sig);
    q->hdr = curl_slist_append(q->hdr, line);
    q->hdr = curl_slist_append(q->hdr, "Content-Type: application/json");
    q->hdr = curl_slist_append(q->hdr, "Expect:");
    char full[256];
    snprintf(full, sizeof(full), "%s%s", url, path);
    sync_buf_init(&q->resp, 32 * 1024 * 1024);
    q->c = curl_easy_init();
    curl_easy_setopt(q->c, CURLOPT_URL, full);
    curl_easy_setopt(q->c, CURLOPT_HTTPHEADER, q->hdr);
    curl_easy_setopt(q->c, CURLOPT_POSTFIELDS, q->body);
    curl_easy_setopt(q->c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
    curl_easy_setopt(q->c, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(q->c, CURLOPT_WRITEDATA, &q->resp);
    curl_easy_setopt(q->c, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(q->c, CURLOPT_SSL_VERIFYHOST, 0L);
    curl_easy_setopt(q->c, CURLOPT_FORBID_REUSE, 1L);
    curl_easy_setopt(q->c, CURLOPT_FRESH_CONNECT, 1L);
    curl_easy_setopt(q->c, CURLOPT_INTERFACE, m->addr);
    curl_easy_setopt(q->c, CURLOPT_TIMEOUT, 120L);
    curl_easy_setopt(q->c, CURLOPT_PRIVATE, q);
    curl_multi_add_handle(multi, q->c);
    inflight++;
}

static char *b64(const void *bin, size_t len)
{
    size_t size = SYNC_B64_SIZE(len);
    char *text = sync_xmalloc(size);
    sync_b64_encode(text, size, bin, len);
    return text;
}

/* A push body of PUSH_ENTRIES new entries of member i's hub feed. */
static char *push_body(struct req *q)
{
    struct member *m = &members[q->member];
    struct sync_json *o = sync_json_object();
    struct sync_json *arr = sync_json_array();
    uint8_t prev[SYNC_HASH_LEN];
    struct sync_err err;
    memcpy(prev, m->last_id, sizeof(prev));
    for (int k = 0; k < PUSH_ENTRIES; k++) {
        struct sync_entry_header h = {.version = SYNC_ENTRY_VERSION,
                                      .scope = SYNC_SCOPE_HUB,
                                      .seq = m->seq + 1 + (uint64_t)k,
                                      .schema = 1,
                                      .op = SYNC_OP_PUT};
        struct sync_entry en;
        char text[256];
        memcpy(h.author, sync_key_public(m->key), SYNC_SIG_PK_LEN);
        memcpy(h.prev, prev, sizeof(prev));
        h.hlc = (sync_hlc_wall_ms() << 16) | (uint64_t)k;
        sync_uuid_v7(h.row, sync_hlc_wall_ms());
        snprintf(h.table, sizeof(h.table), "practice");
        int n = snprintf(text, sizeof(text),
                         "{\"base\":{},\"owner\":\"%s\",\"set\":{\"scope\":"
                         "\"hub\",\"status\":\"pilot\",\"title\":\"Opterećenje "
                         "%llu\"}}",
                         m->org, (unsigned long long)h.seq);
        sync_entry_init(&en);
        if (sync_entry_seal(&en, &h, sync_xstrdup(text), (size_t)n, m->key,
                            &err))
            die("seal", &err);
        struct sync_json *j = sync_json_object();
        char *t = b64(en.header, en.header_len);
        sync_json_set_str(j, "h", t);
        free(t);
        t = b64(en.sig, SYNC_SIG_LEN);
        sync_json_set_str(j, "s", t);
        free(t);
        t = b64(en.payload, en.payload_len);
        sync_json_set_str(j, "p", t);
        free(t);
        sync_json_push(arr, j);
        memcpy(prev, en.id, sizeof(prev));
        sync_entry_release(&en);
    }
    memcpy(q->id, prev, sizeof(prev));
    q->seq = m->seq + PUSH_ENTRIES;
    sync_json_set(o, "entries", arr);
    char *text = sync_json_dump(o, false);
    sync_json_free(o);
    return text;
}

static size_t pick_member(size_t from)
{
    return from + (size_t)rand() % (n_members - from);
}

/* Starts one request of the mix, due at due. Members below skip are
 * reserved for the full pullers. */
static void send_mixed(double due, size_t skip, struct stats *st)
{
    if (inflight >= MAX_INFLIGHT) {
        st->errors++;
        return;
    }
    struct req *q = sync_xcalloc(1, sizeof(*q));
    int r = rand() % 100;
    q->due = due;
    q->member = pick_member(skip);
    q->kind = r < 95 ? NOOP : r < 99 ? INCR : PUSH;
    if (q->kind == PUSH) {
        for (int tries = 0; tries < 20 && (members[q->member].busy ||
                                           members[q->member].broken);
             tries++)
            q->member = pick_member(skip);
        if (members[q->member].busy || members[q->member].broken)
            q->kind = NOOP;
    }
    if (q->kind == PUSH) {
        members[q->member].busy = true;
        q->body = push_body(q);
        start(q, "/v1/push");
        return;
    }
    q->body = q->kind == NOOP ? sync_xstrdup(noop_body)
                              : have_body(&hub_feeds, INCR_BEHIND);
    start(q, "/v1/pull");
}

static void pull_next(int i)
{
    struct req *q = sync_xcalloc(1, sizeof(*q));
    q->kind = FULL;
    q->puller = i;
    q->member = (size_t)i;
    q->due = now_s();
    q->body = have_body(&pullers[i].have, 0);
    start(q, "/v1/pull");
}

/* A full puller's answer: takes its positions, asks for the next. */
static bool pull_done(struct req *q)
{
    struct puller *p = &pullers[q->puller];
    struct sync_fed_batch b = {0};
    struct sync_err err;
    bool ok = !sync_fed_pull_parse(q->resp.buf, q->resp.len, NULL, &b, &err);
    for (size_t i = 0; ok && i < b.n; i++) {
        struct feed *f = feeds_find(&p->have, b.e[i].h.author, b.e[i].h.scope);
        if (b.e[i].h.seq > f->seq)
            f->seq = b.e[i].h.seq;
    }
    p->entries += ok ? b.n : 0;
    if (ok && b.more) {
        pull_next(q->puller);
    } else {
        p->done = true;
        p->failed = !ok;
        p->t1 = now_s();
    }
    sync_fed_batch_release(&b);
    return ok;
}

static void stats_add(struct stats *st, double v)
{
    if (st->n == st->cap) {
        st->cap = st->cap ? 2 * st->cap : 1024;
        st->lat = sync_xrealloc(st->lat, st->cap * sizeof(*st->lat));
    }
    st->lat[st->n++] = v;
}

static void finish(struct req *q, CURLcode cr, struct stats *st)
{
    long status = 0;
    curl_easy_getinfo(q->c, CURLINFO_RESPONSE_CODE, &status);
    bool ok = cr == CURLE_OK && status == 200;
    if (q->kind == PUSH) {
        struct member *m = &members[q->member];
        m->busy = false;
        if (ok) {
            m->seq = q->seq;
            memcpy(m->last_id, q->id, sizeof(m->last_id));
            feeds_find(&hub_feeds, sync_key_public(m->key), SYNC_SCOPE_HUB)
                ->seq = m->seq;
            free(noop_body);
            noop_body = have_body(&hub_feeds, 0);
        } else {
            m->broken = true;
        }
    }
    if (q->kind == FULL) {
        ok = ok && pull_done(q);
        if (!ok && !pullers[q->puller].done) {
            pullers[q->puller].done = pullers[q->puller].failed = true;
            pullers[q->puller].t1 = now_s();
        }
    } else if (ok) {
        stats_add(st, now_s() - q->due);
        st->by_kind[q->kind]++;
    }
    if (!ok) {
        st->errors++;
        if (st->errors <= 5)
            fprintf(stderr, "load: request failed: %s, HTTP %ld: %.200s\n",
                    curl_easy_strerror(cr), status, q->resp.buf);
    }
    curl_multi_remove_handle(multi, q->c);
    curl_easy_cleanup(q->c);
    curl_slist_free_all(q->hdr);
    sync_buf_release(&q->resp);
    free(q->body);
    free(q);
    inflight--;
}

static void drive(struct stats *st, int wait_ms)
{
    int running = 0, left = 0;
    curl_multi_perform(multi, &running);
    CURLMsg *msg;
    while ((msg = curl_multi_info_read(multi, &left))) {
        if (msg->msg != CURLMSG_DONE)
            continue;
        struct req *q = NULL;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&q);
        finish(q, msg->data.result, st);
    }
    if (wait_ms > 0)
        curl_multi_poll(multi, NULL, 0, wait_ms, NULL);
}

static bool pullers_done(void)
{
    for (int i = 0; i < n_pullers; i++)
        if (!pullers[i].done)
            return false;
    return true;
}

/* In the parent: whether the pullers' process has ended. */
static bool puller_ended(void)
{
    int status;
    if (!puller_pid || waitpid(puller_pid, &status, WNOHANG) == 0)
        return !puller_pid;
    puller_pid = 0;
    return true;
}

/*
 * Sends the mix at rate for seconds (open loop) and waits for the answers;
 * with pullers, until they are done too.
 */
static void run_rate(double rate, double seconds, size_t skip, struct stats *st)
{
    double t0 = now_s(), end = t0 + seconds;
    long i = 0;
    for (;;) {
        double now = now_s();
        bool sending = now < end || !puller_ended();
        while (sending && t0 + (double)i / rate <= now)
            send_mixed(t0 + (double)i++ / rate, skip, st);
        if (!sending && !inflight)
            break;
        double next = t0 + (double)i / rate - now_s();
        drive(st, next > 0 ? (int)(next * 1000) + 1 : 0);
    }
}

static void report(const char *label, struct stats *st, double cpu, double wall,
                   pid_t hub)
{
    qsort(st->lat, st->n, sizeof(*st->lat), cmp_double);
    double p50 = st->n ? st->lat[st->n / 2] * 1000 : 0;
    double p99 = st->n ? st->lat[(st->n * 99) / 100] * 1000 : 0;
    double max = st->n ? st->lat[st->n - 1] * 1000 : 0;
    printf("%-14s %6zu ok %4zu err  p50 %7.1f  p99 %7.1f  max %7.1f ms"
           "  hub CPU %3.0f %%  RSS %5.1f MiB (peak %5.1f)\n",
           label, st->n, st->errors, p50, p99, max, 100 * cpu / wall,
           proc_mem(hub, "VmRSS"), proc_mem(hub, "VmHWM"));
    fflush(stdout);
}

static void wait_ready(void)
{
    char info[160];
    snprintf(info, sizeof(info), "%s/v1/info", url);
    for (int i = 0; i < 100; i++) {
        CURL *c = curl_easy_init();
        long status = 0;
        struct sync_buf b;
        sync_buf_init(&b, 4096);
        curl_easy_setopt(c, CURLOPT_URL, info);
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
        curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
        curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
        if (curl_easy_perform(c) == CURLE_OK)
            curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
        curl_easy_cleanup(c);
        sync_buf_release(&b);
        if (status == 200)
            return;
        usleep(100000);
    }
    die("the hub did not answer", NULL);
}

/*
 * The full pullers run in a process of their own, so decoding their
 * batches does not hold up the loop that sends the others' requests.
 */
static void run_pullers(int n, long entries)
{
    struct stats st = {0};
    n_pullers = n;
    pullers = sync_xcalloc((size_t)n, sizeof(*pullers));
    for (int i = 0; i < n_pullers; i++) {
        pullers[i].t0 = now_s();
        pull_next(i);
    }
    while (!pullers_done())
        drive(&st, 10);
    double worst = 0, sum = 0;
    int failed = 0;
    for (int i = 0; i < n_pullers; i++) {
        double t = pullers[i].t1 - pullers[i].t0;
        worst = t > worst ? t : worst;
        sum += t;
        failed += pullers[i].failed || pullers[i].entries < (size_t)entries;
    }
    printf("full pulls: %d at once, %zu entries each, mean %.1f s, "
           "slowest %.1f s, %d failed\n",
           n_pullers, pullers[0].entries, sum / n_pullers, worst, failed);
    fflush(stdout);
}

static void full_pulls(pid_t hub, int n, double rate, long entries)
{
    struct stats st = {0};
    char label[48];
    double c0 = proc_cpu(hub), w0 = now_s();
    fflush(stdout);
    puller_pid = fork();
    if (puller_pid == 0) {
        curl_multi_cleanup(multi);
        multi = curl_multi_init();
        run_pullers(n, entries);
        _exit(0);
    }
    run_rate(rate, 2, (size_t)n, &st);
    snprintf(label, sizeof(label), "%.0f/s + %d full", rate, n);
    report(label, &st, proc_cpu(hub) - c0, now_s() - w0, hub);
    free(st.lat);
}

static void usage(void)
{
    fprintf(stderr, "usage: load SPONA [-m MEMBERS] [-e ENTRIES] "
                    "[-r RATE,...] [-s SECONDS] [-f FULL_PULLS] "
                    "[-F RATE_DURING_FULL]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    long entries = 100000, seconds = 20, full = 20;
    double full_rate = 50;
    const char *rates = "50,100,200";
    struct sync_err err;
    n_members = 500;
    if (argc < 2)
        usage();
    spona = argv[1];
    for (int i = 2; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "-m") == 0)
            n_members = (size_t)strtol(argv[i + 1], NULL, 10);
        else if (strcmp(argv[i], "-e") == 0)
            entries = strtol(argv[i + 1], NULL, 10);
        else if (strcmp(argv[i], "-r") == 0)
            rates = argv[i + 1];
        else if (strcmp(argv[i], "-s") == 0)
            seconds = strtol(argv[i + 1], NULL, 10);
        else if (strcmp(argv[i], "-f") == 0)
            full = strtol(argv[i + 1], NULL, 10);
        else if (strcmp(argv[i], "-F") == 0)
            full_rate = strtod(argv[i + 1], NULL);
        else
            usage();
    }
    if (n_members < (size_t)full + 10 || seconds < 1)
        usage();
    if (sync_global_init(&err))
        die("init", &err);
    signal(SIGPIPE, SIG_IGN);
    srand((unsigned)getpid());
    snprintf(root, sizeof(root), "%s/spona-load-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(root))
        die("mkdtemp", NULL);
    members = sync_xcalloc(n_members, sizeof(*members));
    int port = PORT_BASE + (int)(getpid() % 500);
    printf("spona load: %zu members, %ld entries, %s\n", n_members, entries,
           root);
    make_hub(port, entries);

    char dir[300], log[320];
    snprintf(dir, sizeof(dir), "%s/hub", root);
    snprintf(log, sizeof(log), "%s/hub-serve.log", root);
    char *serve[] = {(char *)spona, "--dir", dir, "serve", "--ui", "off", NULL};
    pid_t hub = spawn(serve, log);
    wait_ready();
    multi = curl_multi_init();
    printf("open loop, %ld s per rate; 95 %% no-op pulls, 4 %% incremental "
           "(%d behind), 1 %% pushes of %d entries; latency from the due "
           "time\n",
           seconds, INCR_BEHIND, PUSH_ENTRIES);
    for (const char *r = rates; *r;) {
        double rate = strtod(r, NULL);
        struct stats st = {0};
        char label[32];
        double c0 = proc_cpu(hub), w0 = now_s();
        run_rate(rate, (double)seconds, (size_t)full, &st);
        snprintf(label, sizeof(label), "%.0f req/s", rate);
        report(label, &st, proc_cpu(hub) - c0, now_s() - w0, hub);
        free(st.lat);
        r = strchr(r, ',');
        r = r ? r + 1 : "";
    }
    if (full > 0)
        full_pulls(hub, (int)full, full_rate, entries);
    kill(hub, SIGTERM);
    int status = 0;
    struct rusage ru;
    wait4(hub, &status, 0, &ru);
    printf("hub peak RSS %.1f MiB\n", (double)ru.ru_maxrss / 1024);
    curl_multi_cleanup(multi);
    char cmd[300];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
    if (!getenv("LOAD_KEEP") && system(cmd) != 0)
        fprintf(stderr, "load: could not remove %s\n", root);
    return 0;
}
