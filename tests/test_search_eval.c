/* SPDX-License-Identifier: MIT */
/*
 * search_eval: the search evaluation kept with the code. A node holds the
 * invented practices of tests/data/<set>/corpus.tsv; each query of
 * queries.tsv names the records that hold its words in some form. Prints
 * recall@10 and MRR per class of query and overall, the queries that
 * miss, and fails under the floors, so a change that makes search worse
 * fails CI. A query also fails the order check when a record it does not
 * name ranks above one it names.
 *
 * Two sets: "search" (the default), written with the code, and
 * "search-heldout", written apart from it to tell whether search works
 * beyond what it was tuned on. Usage: test_search_eval [SET RECALL MRR
 * ORDER_MAX], the floors of that set.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "spona/engine.h"
#include "util.h"

/* The floors of a set. */
struct floors {
    const char *set; /* folder under tests/data */
    double recall;   /* mean share of a query's records in its top 10 */
    double mrr;      /* mean 1 / rank of the first record it names */
    int order_max;   /* queries where a record it does not name ranks above
                        one it names */
};

/* The kept set's floors, when no others are given. */
static struct floors floors = {"search", 0.95, 0.90, 2};

#define DOCS_MAX 96
#define LINE_MAX_ 1024
#define TOP 10

struct doc {
    char name[8];            /* p01 ... */
    char id[SYNC_UUID_TEXT]; /* the row's id in the node */
};

struct docs {
    struct doc d[DOCS_MAX];
    int n;
};

struct top {
    const struct docs *docs;
    int name[TOP * 2]; /* index into docs, or -1 */
    int n;
};

struct class_sum {
    char name[16];
    int queries;
    double recall;
    double rr;
};

/* Splits line at tabs into at most n fields; returns how many. */
static int split(char *line, char **field, int n)
{
    int k = 0;
    line[strcspn(line, "\r\n")] = '\0';
    while (k < n) {
        field[k++] = line;
        char *tab = strchr(line, '\t');
        if (!tab)
            break;
        *tab = '\0';
        line = tab + 1;
    }
    return k;
}

static FILE *open_data(const char *name)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s/%s", TEST_DATA, floors.set, name);
    FILE *f = fopen(path, "r");
    if (!f)
        fprintf(stderr, "cannot open %s\n", path);
    CHECK(f != NULL);
    return f;
}

static void load_corpus(struct test_node *n, struct docs *docs)
{
    char line[LINE_MAX_];
    FILE *f = open_data("corpus.tsv");
    while (f && fgets(line, sizeof(line), f)) {
        char *field[3];
        if (line[0] == '#' || split(line, field, 3) != 3)
            continue;
        CHECK(docs->n < DOCS_MAX);
        struct doc *d = &docs->d[docs->n++];
        snprintf(d->name, sizeof(d->name), "%.7s", field[0]);
        snprintf(
            d->id, sizeof(d->id), "%s",
            test_put(n, "practice", NULL,
                     (const char *[]){"title", field[1], "summary", field[2],
                                      "status", "ongoing", NULL}));
    }
    if (f)
        fclose(f);
}

static enum sync_rc collect(const struct sync_hit *h, void *payload)
{
    struct top *t = payload;
    int which = -1;
    for (int i = 0; i < t->docs->n; i++)
        if (strcmp(t->docs->d[i].id, h->id) == 0)
            which = i;
    if (t->n < TOP * 2)
        t->name[t->n++] = which;
    return SYNC_OK;
}

/* Whether the record at index doc is among the names (space-separated). */
static bool named(const struct docs *docs, int doc, const char *names)
{
    if (doc < 0)
        return false;
    const char *name = docs->d[doc].name;
    size_t len = strlen(name);
    for (const char *p = strstr(names, name); p; p = strstr(p + 1, name))
        if ((p == names || p[-1] == ' ') && (p[len] == ' ' || !p[len]))
            return true;
    return false;
}

/* Scores one query: recall@10 and reciprocal rank; says whether the
 * order holds (nothing unnamed above something named). */
static void score(const struct docs *docs, const struct top *t,
                  const char *names, double *recall, double *rr, bool *order)
{
    int want = 0, found = 0, last_named = -1, first_other = -1;
    for (const char *p = names; *p; p++)
        want += (p == names || p[-1] == ' ') && *p != ' ';
    *rr = 0;
    for (int i = 0; i < t->n; i++) {
        bool is = named(docs, t->name[i], names);
        if (is && i < TOP)
            found++;
        if (is && *rr == 0)
            *rr = i < TOP ? 1.0 / (i + 1) : 0;
        if (is)
            last_named = i;
        else if (first_other < 0)
            first_other = i;
    }
    *recall = want ? (double)found / want : 0;
    *order = first_other < 0 || last_named < first_other;
}

static void print_miss(const struct docs *docs, const struct top *t,
                       const char *cls, const char *query, const char *names,
                       bool order)
{
    printf("  %-6s %-32s want %-24s got", cls, query, names);
    for (int i = 0; i < t->n && i < 6; i++)
        printf(" %s", t->name[i] < 0 ? "?" : docs->d[t->name[i]].name);
    printf("%s\n", order ? "" : "  (order)");
}

static struct class_sum *class_of(struct class_sum *c, int *n, const char *name)
{
    for (int i = 0; i < *n; i++)
        if (strcmp(c[i].name, name) == 0)
            return &c[i];
    CHECK(*n < 16);
    struct class_sum *s = &c[(*n)++];
    memset(s, 0, sizeof(*s));
    snprintf(s->name, sizeof(s->name), "%.15s", name);
    return s;
}

static void test_eval(void)
{
    struct test_node n;
    struct docs docs = {.n = 0};
    struct class_sum cls[16], all = {.name = "all"};
    int n_cls = 0, disorder = 0;
    char line[LINE_MAX_];
    test_node_make(&n, "Općina Tešanj");
    load_corpus(&n, &docs);
    CHECK(docs.n >= 40);
    printf("set %s: %d records\n", floors.set, docs.n);
    FILE *f = open_data("queries.tsv");
    printf("queries that miss, rank a record low, or break the order:\n");
    while (f && fgets(line, sizeof(line), f)) {
        char *field[3];
        if (line[0] == '#' || split(line, field, 3) != 3)
            continue;
        struct top t = {.docs = &docs, .n = 0};
        struct sync_search_opts o = {.limit = TOP * 2};
        struct sync_err err;
        CHECK_RC(SYNC_OK, sync_store_search(sync_engine_store(n.e), field[1],
                                            &o, collect, &t, &err));
        double recall, rr;
        bool order;
        score(&docs, &t, field[2], &recall, &rr, &order);
        struct class_sum *c = class_of(cls, &n_cls, field[0]);
        c->queries++, all.queries++;
        c->recall += recall, all.recall += recall;
        c->rr += rr, all.rr += rr;
        disorder += !order;
        if (recall < 1 || rr < 1 || !order)
            print_miss(&docs, &t, field[0], field[1], field[2], order);
    }
    if (f)
        fclose(f);
    printf("%-8s %8s %10s %6s\n", "class", "queries", "recall@10", "MRR");
    for (int i = 0; i <= n_cls; i++) {
        const struct class_sum *c = i < n_cls ? &cls[i] : &all;
        printf("%-8s %8d %9.1f%% %6.3f\n", c->name, c->queries,
               100 * c->recall / c->queries, c->rr / c->queries);
    }
    printf("order broken in %d queries\n", disorder);
    CHECK(all.queries >= 150);
    CHECK(all.recall / all.queries >= floors.recall);
    CHECK(all.rr / all.queries >= floors.mrr);
    CHECK(disorder <= floors.order_max);
    sync_engine_close(n.e);
}

/* Reads the set and its floors from the command line. */
static bool parse_args(int argc, char **argv)
{
    if (argc == 1)
        return true;
    if (argc != 5)
        return false;
    char *end[3];
    floors.set = argv[1];
    floors.recall = strtod(argv[2], &end[0]);
    floors.mrr = strtod(argv[3], &end[1]);
    floors.order_max = (int)strtol(argv[4], &end[2], 10);
    return !*end[0] && !*end[1] && !*end[2];
}

int main(int argc, char **argv)
{
    struct sync_err err;
    if (!parse_args(argc, argv)) {
        fprintf(stderr, "usage: test_search_eval [SET RECALL MRR ORDER_MAX]\n");
        return 2;
    }
    if (sync_global_init(&err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    RUN(test_eval);
    return CHECK_DONE();
}
