/* SPDX-License-Identifier: MIT */
/* hub: administration of a hub - invites, the member list, revocation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spona/fed.h"
#include "spona/hlc.h"
#include "cli/cli.h"
#include "spona/num.h"
#include "spona/report.h"

#include "spona/banned.h"

static const char help[] =
    "usage: spona [--dir DIR] hub invite --org NAME [--role node|hub]\n"
    "                                [--ttl SECONDS]\n"
    "       spona [--dir DIR] hub members [--json]\n"
    "       spona [--dir DIR] hub revoke KEY\n"
    "       spona [--dir DIR] hub checkpoint\n"
    "       spona [--dir DIR] hub stats [--json]\n"
    "\n"
    "invite   prints one line, a join string for 'spona join': a one-time\n"
    "         token (valid --ttl seconds, default 7 days) for organisation\n"
    "         NAME, the hub URL, the hub key and its TLS pin.\n"
    "members  lists the keys this hub vouched for, with their last sync.\n"
    "revoke   revokes KEY (base64) from the next seq of each of its feeds;\n"
    "         its later entries are refused everywhere.\n"
    "checkpoint  writes a checkpoint now (serve writes one every [hub]\n"
    "         checkpoint_interval seconds when something changed): a signed\n"
    "         entry committing to every feed this hub serves, which members\n"
    "         check after they pull (docs/PROTOCOL.md §13).\n"
    "stats    counts the practices this hub holds by municipality, entity,\n"
    "         canton, sector, status and start year, and the persons by\n"
    "         country of residence (counts only): the figures of /hub/stats.\n";

static int invite(struct node_ctx *ctx, struct sync_engine *e, const char *org,
                  const char *role, const char *ttl)
{
    int64_t secs = SYNC_LIMIT_INVITE_TTL_S;
    char line[1024];
    if (strcmp(role, "node") != 0 && strcmp(role, "hub") != 0)
        return node_usage(help, "--role is node or hub");
    if (ttl && sync_parse_i64(&secs, ttl, NULL))
        return node_usage(help, "--ttl wants seconds");
    struct sync_err err;
    sync_err_init(&err);
    if (node_hub_invite(ctx, e, org, role, secs, line, sizeof(line), &err))
        return node_fail(&err);
    puts(line);
    int code = NODE_EXIT_OK;
    /* The usual slip: a hub listening on every address with the default
     * public_url, which names this machine only. */
    const char *url = ctx->cfg.public_url, *listen = ctx->cfg.listen;
    if (!code &&
        (strstr(url, "//127.") || strstr(url, "//localhost") ||
         strstr(url, "//[::1]")) &&
        listen && strncmp(listen, "127.", 4) != 0 &&
        strncmp(listen, "[::1]", 5) != 0)
        node_log(NULL, NODE_WARN,
                 "the join string names %s, which only this "
                 "machine reaches: set public_url in the [hub] section of %s "
                 "to the address members use",
                 url, ctx->conf_path);
    return code;
}

static int checkpoint(struct sync_engine *e)
{
    struct sync_err err;
    bool written = false;
    sync_err_init(&err);
    if (sync_engine_checkpoint(e, &written, &err))
        return node_fail(&err);
    puts(written ? "checkpoint written"
                 : "nothing changed since the last checkpoint");
    return NODE_EXIT_OK;
}

struct members_out {
    const uint8_t *self;   /* only members this hub vouched for */
    struct sync_json *arr; /* JSON output, or NULL */
    size_t n;              /* printed */
};

static enum sync_rc member_line(const struct sync_member *m, void *payload)
{
    struct members_out *o = payload;
    char key[SYNC_B64_SIZE(SYNC_SIG_PK_LEN)];
    char when[32];
    if (!m->has_writer || memcmp(m->writer, o->self, SYNC_SIG_PK_LEN) != 0)
        return SYNC_OK;
    sync_b64_encode(key, sizeof(key), m->key, sizeof(m->key));
    node_time(when, m->last_sync);
    o->n++;
    if (o->arr) {
        struct sync_json *j = sync_json_object();
        sync_json_set_str(j, "key", key);
        sync_json_set_str(j, "org", m->org);
        sync_json_set_str(j, "name", m->name);
        sync_json_set_str(j, "role", m->role);
        sync_json_set_str(j, "status", m->active ? "active" : "revoked");
        sync_json_set_str(j, "last_sync", m->last_sync ? when : NULL);
        sync_json_push(o->arr, j);
        return SYNC_OK;
    }
    printf("%-44s %-4s %-7s %-20s %-24s %s\n", key, m->role,
           m->active ? "active" : "revoked", m->last_sync ? when : "never",
           m->org, m->name);
    return SYNC_OK;
}

static int members(struct node_ctx *ctx, struct sync_engine *e)
{
    struct sync_err err;
    struct members_out o = {.self = sync_engine_self(e),
                            .arr = ctx->json ? sync_json_array() : NULL};
    sync_err_init(&err);
    if (sync_read_members(e, member_line, &o, &err)) {
        sync_json_free(o.arr);
        return node_fail(&err);
    }
    if (o.arr)
        node_print_json(o.arr);
    else if (!o.n)
        node_log(ctx, NODE_INFO, "no members yet (see 'spona hub invite')");
    return NODE_EXIT_OK;
}

/* The figures of /hub/stats: codes, as a script or a sheet wants them;
 * the page shows their labels. */
static int stats(struct node_ctx *ctx, struct sync_engine *e)
{
    struct sync_report r;
    struct sync_err err;
    sync_err_init(&err);
    if (sync_report_count(e, &r, &err)) {
        sync_report_release(&r);
        return node_fail(&err);
    }
    struct sync_json *o = ctx->json ? sync_json_object() : NULL;
    for (size_t d = 0; d < SYNC_REPORT_N_; d++) {
        const struct sync_report_table *t = &r.t[d];
        const char *name = sync_report_name((enum sync_report_dim)d);
        struct sync_json *arr = o ? sync_json_array() : NULL;
        if (!o)
            printf("%s%s (%s)\n", d ? "\n" : "", name,
                   sync_report_table((enum sync_report_dim)d));
        for (size_t i = 0; i < t->n; i++) {
            if (!arr) {
                printf("  %-32s %lld\n", t->g[i].value ? t->g[i].value : "-",
                       (long long)t->g[i].n);
                continue;
            }
            struct sync_json *g = sync_json_object();
            sync_json_set_str(g, "value", t->g[i].value);
            sync_json_set_int(g, "n", t->g[i].n);
            sync_json_push(arr, g);
        }
        if (o)
            sync_json_set(o, name, arr);
    }
    sync_report_release(&r);
    if (o)
        node_print_json(o);
    return NODE_EXIT_OK;
}

static int revoke(struct sync_engine *e, const char *key_text)
{
    struct sync_member m;
    struct sync_err err;
    uint8_t key[SYNC_SIG_PK_LEN];
    size_t n = 0;
    sync_err_init(&err);
    if (sync_b64_decode(key, sizeof(key), &n, key_text, strlen(key_text)) ||
        n != sizeof(key))
        return node_usage(help, "KEY is a base64 member key (see 'spona hub "
                                "members')");
    if (sync_fed_revoke(e, key, &m, &err))
        return node_fail(&err);
    printf("revoked %s (%s); entries after %s are refused\n", key_text, m.org,
           m.cut[0] ? m.cut : "its first");
    return NODE_EXIT_OK;
}

int cmd_hub(struct node_ctx *ctx, int argc, char **argv)
{
    const char *org = NULL, *role = "node", *ttl = NULL;
    bool json = false;
    const char *pos[2];
    size_t n_pos;
    struct node_opt opts[] = {{"org", &org, NULL},
                              {"role", &role, NULL},
                              {"ttl", &ttl, NULL},
                              {"json", NULL, &json},
                              {NULL, NULL, NULL}};
    int code = node_opts(argc, argv, opts, pos, 2, &n_pos, help);
    if (code)
        return code;
    if (n_pos == 0)
        return node_usage(help, "hub needs invite, members, revoke, "
                                "checkpoint or stats");
    ctx->json |= json;
    const char *verb = pos[0];
    if (strcmp(verb, "invite") && strcmp(verb, "members") &&
        strcmp(verb, "revoke") && strcmp(verb, "checkpoint") &&
        strcmp(verb, "stats"))
        return node_usage(help, "unknown hub action '%s'", verb);
    if (strcmp(verb, "invite") == 0 && !org)
        return node_usage(help, "hub invite needs --org NAME");
    if (strcmp(verb, "revoke") != 0 && n_pos > 1)
        return node_usage(help, "unexpected argument '%s'%s", pos[1],
                          pos[1][0] == '-' ? " (options start with --)" : "");
    if (strcmp(verb, "revoke") == 0 && n_pos != 2)
        return node_usage(help, "hub revoke takes one KEY");
    struct sync_engine *e = ctx->e;
    if (!sync_engine_is_hub(e)) {
        node_log(NULL, NODE_ERROR,
                 "this node is not a hub (make one with "
                 "'spona init --hub')");
        code = NODE_EXIT_FAIL;
    } else if (strcmp(verb, "invite") == 0) {
        code = invite(ctx, e, org, role, ttl);
    } else if (strcmp(verb, "members") == 0) {
        code = members(ctx, e);
    } else if (strcmp(verb, "checkpoint") == 0) {
        code = checkpoint(e);
    } else if (strcmp(verb, "stats") == 0) {
        code = stats(ctx, e);
    } else {
        code = revoke(e, pos[1]);
    }
    return code;
}
