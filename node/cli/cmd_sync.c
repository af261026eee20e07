/* SPDX-License-Identifier: MIT */
/* sync: one round with the hub now: push what it lacks, pull what is new. */
#include <stdio.h>
#include <unistd.h>

#include "cli/cli.h"

#include "spona/banned.h"

static const char help[] =
    "usage: spona [--dir DIR] sync [--json]\n"
    "\n"
    "Runs one sync round with the hub of [upstream]: pushes every change\n"
    "the hub has not confirmed, then pulls everything new this node may\n"
    "see. Exits 0 when done, 1 when the hub cannot be reached (with the\n"
    "reason). On a terminal it shows progress of long pulls. Entries that\n"
    "came without the payload they should carry (withheld by a hub) are\n"
    "counted and listed by 'spona status'; they are asked for again at\n"
    "every sync and applied when they come.\n";

static void progress(const char *phase, size_t done, void *payload)
{
    (void)payload;
    fprintf(stderr, "\r%s: %zu entries", phase, done);
}

static void print_counts(const char *what, const struct sync_fed_counts *c)
{
    printf("%s: %zu applied, %zu already held, %zu refused, %zu rejected, "
           "%zu forks, %zu withheld\n",
           what, c->applied, c->known, c->refused, c->rejected, c->forks,
           c->withheld);
}

static struct sync_json *counts_json(const struct sync_fed_counts *c)
{
    struct sync_json *o = sync_json_object();
    sync_json_set_int(o, "applied", (int64_t)c->applied);
    sync_json_set_int(o, "known", (int64_t)c->known);
    sync_json_set_int(o, "refused", (int64_t)c->refused);
    sync_json_set_int(o, "rejected", (int64_t)c->rejected);
    sync_json_set_int(o, "forks", (int64_t)c->forks);
    sync_json_set_int(o, "withheld", (int64_t)c->withheld);
    return o;
}

int cmd_sync(struct node_ctx *ctx, int argc, char **argv)
{
    int code = node_opts_json(ctx, argc, argv, help);
    if (code)
        return code;
    struct sync_engine *e = ctx->e;
    struct sync_upstream u;
    struct sync_round_stats st;
    struct sync_err err;
    sync_err_init(&err);
    if (node_upstream(ctx, &u, &err))
        return node_fail(&err);
    sync_err_init(&err);
    bool tty = isatty(STDERR_FILENO) && !ctx->json;
    sync_engine_set_parallel(e, node_parallel, NULL, node_cores());
    enum sync_rc rc =
        sync_round_run(e, &u, tty ? progress : NULL, NULL, &st, &err);
    if (tty)
        fputc('\n', stderr);
    if (rc)
        return node_fail(&err);
    if (ctx->json) {
        struct sync_json *o = sync_json_object();
        sync_json_set_str(o, "hub", u.url);
        sync_json_set(o, "pushed", counts_json(&st.pushed));
        sync_json_set(o, "pulled", counts_json(&st.pulled));
        sync_json_set_int(o, "findings", (int64_t)st.findings);
        node_print_json(o);
    } else {
        printf("synced with %s\n", u.url);
        print_counts("pushed", &st.pushed);
        print_counts("pulled", &st.pulled);
    }
    if (st.pulled.withheld)
        node_log(NULL, NODE_WARN,
                 "%zu entries came without their payload and no erasure "
                 "covers them: withheld by the hub ('spona status' lists "
                 "them; asked for again at every sync)",
                 st.pulled.withheld);
    if (st.findings)
        node_log(NULL, NODE_WARN,
                 "the hub's signed checkpoint does not match what it served: "
                 "%zu finding(s), kept as proof ('spona status' lists them)",
                 st.findings);
    return NODE_EXIT_OK;
}
