/* SPDX-License-Identifier: MIT */
/* erase, audit: the commands of the privacy rules. */
#include <stdio.h>
#include <string.h>

#include "spona/json.h"
#include "cli/cli.h"

#include "spona/banned.h"

static const char erase_help[] =
    "usage: spona [--dir DIR] erase TABLE ID\n"
    "\n"
    "Erases row ID of TABLE (a person, usually) for good: here at once,\n"
    "and on every node that received it when the erasure reaches it with\n"
    "the next sync. The row is deleted, the payloads of all its earlier\n"
    "entries are purged (their signed headers stay and still verify), the\n"
    "database files are rewritten so no byte of it remains, and a tombstone\n"
    "refuses any later write for ID from any node. A person's consents are\n"
    "erased with it. Only the organisation that owns the row can erase it.\n"
    "This cannot be undone.\n";

int cmd_erase(struct node_ctx *ctx, int argc, char **argv)
{
    const char *pos[2];
    size_t n_pos;
    int code = node_opts(argc, argv, NULL, pos, 2, &n_pos, erase_help);
    if (code)
        return code;
    if (n_pos != 2)
        return node_usage(erase_help, "erase needs TABLE and ID");
    struct sync_engine *e = ctx->e;
    struct sync_err err;
    sync_err_init(&err);
    if (sync_engine_erase(e, pos[0], pos[1], &err))
        code = node_fail(&err);
    else
        node_log(ctx, NODE_INFO,
                 "erased %s %s; other nodes erase it when "
                 "they next sync",
                 pos[0], pos[1]);
    return code;
}

static const char audit_help[] =
    "usage: spona [--dir DIR] audit [--verify] [--json]\n"
    "\n"
    "Lists who viewed, exported, shared or erased personal data on this\n"
    "node, oldest first: time, actor, action, table, row and how. Each\n"
    "record is chained to the one before by a hash; --verify checks the\n"
    "chain and exits 1, naming the first bad record, when it is broken.\n";

struct audit_out {
    struct sync_json *arr;
    bool verify;
    int64_t n;
    int64_t first_bad;
};

static enum sync_rc audit_print(const struct sync_audit *a, bool ok,
                                void *payload)
{
    struct audit_out *o = payload;
    char when[32];
    o->n++;
    if (!ok && !o->first_bad)
        o->first_bad = a->n;
    if (o->verify)
        return SYNC_OK;
    node_time(when, a->at);
    if (o->arr) {
        struct sync_json *j = sync_json_object();
        sync_json_set_int(j, "n", a->n);
        sync_json_set_str(j, "at", when);
        sync_json_set_str(j, "actor", a->actor);
        sync_json_set_str(j, "action", a->action);
        sync_json_set_str(j, "table", a->table);
        sync_json_set_str(j, "id", a->row_id);
        sync_json_set_str(j, "detail", a->detail);
        sync_json_set_bool(j, "chain_ok", ok);
        sync_json_push(o->arr, j);
        return SYNC_OK;
    }
    printf("%6lld %s %-12s %-6s %-8s %s %s%s\n", (long long)a->n, when,
           a->actor, a->action, a->table, a->row_id ? a->row_id : "*",
           a->detail, ok ? "" : "  CHAIN BROKEN");
    return SYNC_OK;
}

int cmd_audit(struct node_ctx *ctx, int argc, char **argv)
{
    bool json = false, verify = false;
    size_t n_pos;
    struct node_opt opts[] = {
        {"json", NULL, &json}, {"verify", NULL, &verify}, {NULL, NULL, NULL}};
    int code = node_opts(argc, argv, opts, NULL, 0, &n_pos, audit_help);
    if (code)
        return code;
    ctx->json |= json;
    struct sync_engine *e = ctx->e;
    struct audit_out o = {.verify = verify,
                          .arr =
                              ctx->json && !verify ? sync_json_array() : NULL};
    struct sync_err err;
    sync_err_init(&err);
    if (sync_read_audit(e, audit_print, &o, &err)) {
        sync_json_free(o.arr);
        return node_fail(&err);
    }
    if (o.arr)
        node_print_json(o.arr);
    if (o.first_bad) {
        node_log(NULL, NODE_ERROR,
                 "audit log is broken at record %lld: it "
                 "was changed or a record was removed",
                 (long long)o.first_bad);
        return NODE_EXIT_FAIL;
    }
    if (verify)
        printf("audit log ok: %lld records\n", (long long)o.n);
    return NODE_EXIT_OK;
}
