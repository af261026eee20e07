/* SPDX-License-Identifier: MIT */
/*
 * bench: the performance figures of docs/PERFORMANCE.md, measured on this
 * machine with real processes over HTTPS on 127.0.0.1. It makes a hub with
 * N entries of ~300-byte payloads, then reports (median of several runs):
 * local write throughput, a full pull by fresh nodes (`spona sync`, every
 * signature verified), an incremental pull of 1 % new entries, a no-op
 * sync at two store sizes, the peak RSS of node and hub processes, and
 * search: the index catch-up after N practices and p50/p95 per query.
 *
 *   bench SPONA [N]      (N defaults to 100000)
 *   bench fill DIR N     write N practices into the node in DIR
 *   bench search DIR N   write N practices of varied text into the node
 *                        in DIR (none: N = 0), then time the search index
 *                        catch-up and 200 fixed queries (typos among
 *                        them); BENCH_SLOW=1 names those over 30 ms
 *
 * tools/bench (the script beside this file) builds a release tree and
 * runs it.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "spona/engine.h"
#include "spona/hlc.h"
#include "common/node.h"
#include "spona/round.h"

#define RUNS 3
#define PORT_BASE 29400

static char root[256];
static const char *spona;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof(*v), cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void path(char *out, size_t size, const char *node, const char *file)
{
    snprintf(out, size, "%s/%s%s%s", root, node, file ? "/" : "",
             file ? file : "");
}

static void die(const char *what, const struct sync_err *err)
{
    fprintf(stderr, "bench: %s: %s\n", what, err ? err->msg : "failed");
    exit(1);
}

/* Runs spona with args in the background; returns its pid. */
static pid_t spawn(char *const argv[], const char *out_file)
{
    fflush(stdout); /* or the child's freopen writes our buffer again */
    pid_t pid = fork();
    if (pid == 0) {
        if (out_file && !freopen(out_file, "w", stdout))
            _exit(127);
        if (out_file && !freopen(out_file, "a", stderr))
            _exit(127);
        execv(argv[0], argv);
        _exit(127);
    }
    return pid;
}

/* Waits for pid; returns its exit code, *rss_kb its peak RSS. */
static int reap(pid_t pid, long *rss_kb)
{
    int status = 0;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) != pid)
        return -1;
    if (rss_kb)
        *rss_kb = ru.ru_maxrss;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int run_spona(const char *node, char *const args[], long *rss_kb)
{
    char dir[300];
    char *argv[16] = {(char *)spona, "--dir", dir};
    int i = 3;
    path(dir, sizeof(dir), node, NULL);
    for (int j = 0; args[j] && i < 15; j++)
        argv[i++] = args[j];
    argv[i] = NULL;
    char log[320];
    snprintf(log, sizeof(log), "%s.log", dir);
    return reap(spawn(argv, log), rss_kb);
}

static struct sync_engine *open_node(const char *node)
{
    char db[300], key[300];
    struct sync_engine *e = NULL;
    struct sync_err err;
    path(db, sizeof(db), node, "node.db");
    path(key, sizeof(key), node, "node.key");
    if (sync_engine_open(&e, db, key, &err))
        die("open", &err);
    sync_engine_set_parallel(e, node_parallel, NULL, node_cores());
    return e;
}

/* Writes n practices (~300-byte payloads) in batches; returns seconds. */
static double fill(struct sync_engine *e, long n, const char *scope)
{
    struct sync_err err;
    double t0 = now_s();
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
            sync_record_set_text(&set, "scope", scope);
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
    return now_s() - t0;
}

static void init_node(const char *node, const char *org, int port)
{
    char listen[64];
    snprintf(listen, sizeof(listen), "127.0.0.1:%d", port);
    char *hub_args[] = {"init",     "--hub", "--org", (char *)org,
                        "--listen", listen,  NULL};
    char *node_args[] = {"init", "--org", (char *)org, NULL};
    if (run_spona(node, port ? hub_args : node_args, NULL) != 0)
        die("init", NULL);
}

/* Joins node to the hub in folder hub with an invite for org. */
static void join(const char *node, const char *hub, const char *org)
{
    char inv[320], line[1024] = "";
    char *args[] = {"hub", "invite", "--org", (char *)org, NULL};
    if (run_spona(hub, args, NULL) != 0)
        die("invite", NULL);
    path(inv, sizeof(inv), hub, NULL);
    strncat(inv, ".log", sizeof(inv) - strlen(inv) - 1);
    FILE *f = fopen(inv, "r");
    if (!f || !fgets(line, sizeof(line), f))
        die("read invite", NULL);
    fclose(f);
    line[strcspn(line, "\n")] = '\0';
    char *jargs[] = {"join", line, NULL};
    if (run_spona(node, jargs, NULL) != 0)
        die("join", NULL);
}

/* Copies the value of "name = value" into out when line is that key. */
static void conf_value(const char *line, const char *name, char *out,
                       size_t size)
{
    size_t n = strlen(name);
    if (strncmp(line, name, n) == 0 && strncmp(line + n, " = ", 3) == 0 &&
        strlen(line + n + 3) < size)
        memcpy(out, line + n + 3, strlen(line + n + 3) + 1);
}

/* Reads the [upstream] of a node's config into u. */
static void upstream(const char *node, struct sync_upstream *u)
{
    char conf[300], line[600], key[64] = "";
    size_t n = 0;
    path(conf, sizeof(conf), node, "spona.conf");
    FILE *f = fopen(conf, "r");
    memset(u, 0, sizeof(*u));
    while (f && fgets(line, sizeof(line), f)) {
        line[strcspn(line, "\n")] = '\0';
        conf_value(line, "url", u->url, sizeof(u->url));
        conf_value(line, "pin", u->pin, sizeof(u->pin));
        conf_value(line, "key", key, sizeof(key));
    }
    if (f)
        fclose(f);
    if (sync_b64_decode(u->key, sizeof(u->key), &n, key, strlen(key)))
        die("upstream key", NULL);
}

static double round_s(struct sync_engine *e, const struct sync_upstream *u)
{
    struct sync_round_stats st;
    struct sync_err err;
    double t0 = now_s();
    if (sync_round_run(e, u, NULL, NULL, &st, &err))
        die("sync", &err);
    return now_s() - t0;
}

static double noop_ms(struct sync_engine *e, const struct sync_upstream *u)
{
    double v[9];
    for (int i = 0; i < 9; i++)
        v[i] = round_s(e, u) * 1000;
    return median(v, 9);
}

/* ---- search ---- */

/* Practices of varied invented text for the search figures: a subject,
 * a place (in the locative), a summary from parts, and a name. */
static const char *const subjects[] = {"Sajam zapošljavanja",
                                       "Ured za dijasporu",
                                       "Energetska obnova škola",
                                       "Navodnjavanje voćnjaka",
                                       "Sanacija lokalnih puteva",
                                       "Kancelarija za mlade",
                                       "Pravna pomoć porodicama",
                                       "Poticaji za ulagače",
                                       "Otkup mlijeka",
                                       "Ljekari iz dijaspore",
                                       "Ljetni kamp za djecu",
                                       "Cijene komunalnih usluga",
                                       "Vodovod za sela",
                                       "Sastanci s građanima",
                                       "Stipendije za studente",
                                       "Obuka službenika",
                                       "Reciklaža otpada",
                                       "Otvoreni proračun",
                                       "Biblioteka u pokretu",
                                       "Poduzetnički inkubator",
                                       "Konkurs za udruženja",
                                       "Zaštita od poplava",
                                       "Javni prijevoz",
                                       "Digitalni arhiv",
                                       "Kreditna linija za domaćinstva",
                                       "Sajmovi meda",
                                       "Pijaca domaćih proizvoda",
                                       "Уређење корита ријеке",
                                       "Е-Матичар за исељенике",
                                       "Финансирање пољопривредника"};
static const char *const places[] = {
    "u Gradačcu",   "u Lukavcu",    "u Kaknju",    "u Tešnju",
    "u Bihaću",     "u Ključu",     "u Prijedoru", "u Loparama",
    "u Živinicama", "u Brčkom",     "u Tuzli",     "u Zenici",
    "u Mostaru",    "u Trebinju",   "u Bijeljini", "u Banjoj Luci",
    "u Doboju",     "u Goraždu",    "u Konjicu",   "u Travniku",
    "u Jajcu",      "u Srebreniku", "u Maglaju",   "u Visokom",
    "у Фочи",       "у Невесињу",   "u Čapljini",  "u Livnu",
    "na Uni",       "na Sani"};
static const char *const parts[] = {
    "Općina je uz pomoć dijaspore",   "Opština je sa udruženjima građana",
    "Grad je iz budžeta i proračuna", "Mjesna zajednica je s volonterima",
    "Служба је са исељеницима",       "Načelnik je sa investitorima"};
static const char *const deeds[] = {"obnovila škole i vrtiće",
                                    "uredila obalu rijeke",
                                    "uvela elektronske usluge za građane",
                                    "otvorila kancelariju za mlade",
                                    "finansirala navodnjavanje i pčelarstvo",
                                    "dovela pitku vodu u sela",
                                    "organizovala sajam domaćih proizvoda",
                                    "stipendirala studente medicine",
                                    "уредила путеве и мостове",
                                    "pokrenula reciklažu otpada"};
static const char *const syll[] = {"ha",  "mi",  "ko",  "ra", "se", "lu", "de",
                                   "vo",  "ja",  "ni",  "bu", "ze", "to", "pa",
                                   "dža", "lje", "nje", "ći", "šo", "ga"};

static unsigned bench_rand(unsigned *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return (*seed >> 16) & 0x7fff;
}

#define PICK(a, seed) (a[bench_rand(seed) % (sizeof(a) / sizeof(a[0]))])

/* Writes n practices of varied text in batches; returns seconds. */
static double fill_varied(struct sync_engine *e, long n)
{
    struct sync_err err;
    unsigned seed = 16;
    double t0 = now_s();
    for (long i = 0; i < n;) {
        if (sync_engine_batch_begin(e, &err))
            die("batch", &err);
        for (long j = 0; j < 1000 && i < n; j++, i++) {
            struct sync_record set;
            char title[160], summary[400];
            snprintf(title, sizeof(title), "%s %s", PICK(subjects, &seed),
                     PICK(places, &seed));
            snprintf(summary, sizeof(summary),
                     "%s %s %s. Koordinator "
                     "%s%s%sić, %ld.",
                     PICK(parts, &seed), PICK(deeds, &seed),
                     PICK(places, &seed), PICK(syll, &seed), PICK(syll, &seed),
                     PICK(syll, &seed), 2000 + i % 27);
            sync_record_init(&set);
            sync_record_set_text(&set, "title", title);
            sync_record_set_text(&set, "status", "ongoing");
            sync_record_set_text(&set, "scope", "network");
            sync_record_set_text(&set, "summary", summary);
            if (sync_engine_put(e, "practice", NULL, &set, NULL, &err))
                die("put", &err);
            sync_record_release(&set);
        }
        if (sync_engine_batch_end(e, true, &err))
            die("commit", &err);
    }
    return now_s() - t0;
}

/* The fixed queries: as typed, then each word of them mistyped (two
 * letters swapped), up to 200. */
static const char *const queries[] = {"dijaspora",
                                      "dijaspori",
                                      "iseljeništvo",
                                      "Gradačac",
                                      "Lukavac",
                                      "Kakanj",
                                      "Tešanj",
                                      "reka",
                                      "rijeka",
                                      "mleko",
                                      "cena",
                                      "ljekari",
                                      "općini Lopare",
                                      "opštini Živinice",
                                      "kancelarija",
                                      "ured",
                                      "obitelj",
                                      "financiranje",
                                      "ulagač",
                                      "Una",
                                      "Sana",
                                      "Ključ",
                                      "škola",
                                      "školama",
                                      "investitorima",
                                      "sajam",
                                      "sajmu",
                                      "navodnjavanje",
                                      "матичар",
                                      "Бања Лука",
                                      "brcko",
                                      "voda sela",
                                      "stipendije za studente medicine",
                                      "reciklaža otpada Visoko",
                                      "pčelari med",
                                      "koordinator",
                                      "mla",
                                      "unapre",
                                      "e-matičar izvodi",
                                      "pijaca domaćih proizvoda"};
#define N_QUERIES 200

static void query_at(int i, char *out, size_t size)
{
    int base = (int)(sizeof(queries) / sizeof(queries[0]));
    snprintf(out, size, "%s", queries[i % base]);
    size_t len = strlen(out);
    /* past the first round: swap two ASCII letters inside the query */
    size_t at = 1 + (size_t)(i / base) * 2;
    if (i >= base && len > at + 1 && out[at] > ' ' && out[at] < 127 &&
        out[at + 1] > ' ' && out[at + 1] < 127) {
        char c = out[at];
        out[at] = out[at + 1];
        out[at + 1] = c;
    }
}

static enum sync_rc count_hit(const struct sync_hit *h, void *payload)
{
    (void)h;
    (*(long *)payload)++;
    return SYNC_OK;
}

/* Catch-up and query times of search on the node in dir, filled with
 * n practices of varied text by fill_varied unless it holds them. */
static void bench_search(const char *node, long n)
{
    struct sync_err err;
    struct sync_engine *e = open_node(node);
    if (n) {
        double t_fill = fill_varied(e, n);
        printf("search: filled         %8.1f s for %ld practices\n", t_fill, n);
    }
    double t0 = now_s();
    if (sync_read_refresh_index(e, &err))
        die("search index", &err);
    double catchup = now_s() - t0;
    printf("search index catch-up  %8.2f s          (target <= 1.5 s, "
           "2x session 4)\n",
           catchup);
    double ms[N_QUERIES], cpu[N_QUERIES];
    long hits = 0;
    struct sync_search_opts o = {
        .limit = 20, .mark_open = "[", .mark_close = "]"};
    for (int i = 0; i < N_QUERIES; i++) {
        char q[200];
        query_at(i, q, sizeof(q));
        double q0 = now_s(), c0 = cpu_s();
        if (sync_read_search(e, q, &o, count_hit, &hits, &err))
            die("search", &err);
        ms[i] = (now_s() - q0) * 1000;
        cpu[i] = (cpu_s() - c0) * 1000;
        if (getenv("BENCH_SLOW") && ms[i] > 30)
            printf("  slow: %6.1f ms  %s\n", ms[i], q);
    }
    qsort(ms, N_QUERIES, sizeof(ms[0]), cmp_double);
    qsort(cpu, N_QUERIES, sizeof(cpu[0]), cmp_double);
    printf("search p50             %8.2f ms         (%d queries, %ld hits)\n",
           ms[N_QUERIES / 2], N_QUERIES, hits);
    printf("search p95             %8.2f ms         (target <= 30 ms)\n",
           ms[N_QUERIES * 95 / 100]);
    printf("search max             %8.2f ms\n", ms[N_QUERIES - 1]);
    /* CPU time of this process: what the query costs when the machine
     * is shared and the wall clock waits for others */
    printf("search CPU p50, p95    %8.2f, %.2f ms\n", cpu[N_QUERIES / 2],
           cpu[N_QUERIES * 95 / 100]);
    fflush(stdout);
    sync_engine_close(e);
}

static int bench(long n)
{
    double v[RUNS];
    long rss[RUNS];
    snprintf(root, sizeof(root), "%s/spona-bench-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(root))
        die("mkdtemp", NULL);
    int port = PORT_BASE + (int)(getpid() % 500);
    printf("spona benchmark: %ld entries, median of %d runs, %s\n", n, RUNS,
           root);

    /* Local writes: sign, store and apply, in batches of 1000. */
    for (int r = 0; r < RUNS; r++) {
        char name[16];
        snprintf(name, sizeof(name), "w%d", r);
        init_node(name, "Grad Tuzla", 0);
        struct sync_engine *e = open_node(name);
        v[r] = 20000 / fill(e, 20000, "network");
        sync_engine_close(e);
    }
    printf("local writes           %8.0f entries/s   (target >= 20000)\n",
           median(v, RUNS));
    fflush(stdout);

    init_node("hub", "Vlada FBiH", port);
    struct sync_engine *hub = open_node("hub");
    double t = fill(hub, n, "network");
    printf("hub filled             %8.1f s for %ld entries\n", t, n);
    fflush(stdout);
    char hub_dir[300];
    path(hub_dir, sizeof(hub_dir), "hub", NULL);
    char *serve[] = {(char *)spona, "--dir", hub_dir, "serve",
                     "--ui",        "off",   NULL};
    char hub_log[320];
    snprintf(hub_log, sizeof(hub_log), "%s/hub-serve.log", root);
    pid_t hub_pid = spawn(serve, hub_log);
    usleep(300000);

    /* Full pull by fresh nodes, as separate 'spona sync' processes. */
    for (int r = 0; r < RUNS; r++) {
        char name[16];
        snprintf(name, sizeof(name), "n%d", r);
        init_node(name, "Grad Bihać", 0);
        join(name, "hub", "Grad Bihać");
        char *args[] = {"sync", NULL};
        double t0 = now_s();
        if (run_spona(name, args, &rss[r]) != 0)
            die("full pull", NULL);
        v[r] = now_s() - t0;
    }
    double rv[RUNS];
    for (int r = 0; r < RUNS; r++)
        rv[r] = (double)rss[r] / 1024;
    printf("full pull              %8.2f s          (target <= 6 s)\n",
           median(v, RUNS));
    printf("node peak RSS          %8.1f MiB        (target <= 30 MiB)\n",
           median(rv, RUNS));
    fflush(stdout);

    /* No-op and incremental, in process over the same HTTPS API. */
    struct sync_engine *node = open_node("n0");
    struct sync_upstream u;
    upstream("n0", &u);
    double noop_full = noop_ms(node, &u);
    for (int r = 0; r < RUNS; r++) {
        fill(hub, n / 100, "network");
        v[r] = round_s(node, &u);
    }
    printf("incremental pull (+1%%) %8.3f s          (target <= 0.1 s)\n",
           median(v, RUNS));
    printf("no-op sync             %8.2f ms         (target <= 5 ms)\n",
           noop_full);
    /* Flat as the store grows: the same on a small hub. */
    sync_engine_close(node);
    sync_engine_close(hub);
    kill(hub_pid, SIGTERM);
    long hub_rss = 0;
    reap(hub_pid, &hub_rss);
    printf("hub peak RSS           %8.1f MiB        (target <= 50 MiB)\n",
           (double)hub_rss / 1024);

    init_node("small", "Vlada RS", port + 1);
    struct sync_engine *sh = open_node("small");
    fill(sh, n / 100, "network");
    sync_engine_close(sh);
    path(hub_dir, sizeof(hub_dir), "small", NULL);
    hub_pid = spawn(serve, hub_log);
    usleep(300000);
    init_node("m", "Opština Lopare", 0);
    join("m", "small", "Opština Lopare");
    struct sync_engine *m = open_node("m");
    upstream("m", &u);
    round_s(m, &u);
    double noop_small = noop_ms(m, &u);
    sync_engine_close(m);
    kill(hub_pid, SIGTERM);
    reap(hub_pid, NULL);
    printf("no-op sync, %ld-entry hub %6.2f ms (vs %.2f ms at %ld: %.2fx)\n",
           n / 100, noop_small, noop_full, n, noop_full / noop_small);
    init_node("s", "Općina Tešanj", 0);
    bench_search("s", n);
    char cmd[400];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
    if (system(cmd) != 0)
        fprintf(stderr, "bench: could not remove %s\n", root);
    return 0;
}

int main(int argc, char **argv)
{
    struct sync_err err;
    if (sync_global_init(&err))
        die("init", &err);
    if (argc == 4 && strcmp(argv[1], "fill") == 0) {
        snprintf(root, sizeof(root), "%s", argv[2]);
        char db[300], key[300];
        struct sync_engine *e = NULL;
        snprintf(db, sizeof(db), "%s/node.db", argv[2]);
        snprintf(key, sizeof(key), "%s/node.key", argv[2]);
        if (sync_engine_open(&e, db, key, &err))
            die("open", &err);
        long n = strtol(argv[3], NULL, 10);
        double t = fill(e, n, "network");
        printf("%ld entries in %.2f s (%.0f/s)\n", n, t, (double)n / t);
        sync_engine_close(e);
        return 0;
    }
    if (argc == 4 && strcmp(argv[1], "search") == 0) {
        snprintf(root, sizeof(root), "%s", argv[2]);
        bench_search(".", strtol(argv[3], NULL, 10));
        return 0;
    }
    if (argc < 2) {
        fprintf(stderr, "usage: bench SPONA [N] | bench fill DIR N | "
                        "bench search DIR N\n");
        return 2;
    }
    spona = argv[1];
    return bench(argc > 2 ? strtol(argv[2], NULL, 10) : 100000);
}
