/* SPDX-License-Identifier: MIT */
/* log: the signed entries this node holds, in the order it stored them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spona/hlc.h"
#include "spona/mem.h"
#include "spona/json.h"
#include "cli/cli.h"

#include "spona/banned.h"

static const char help[] =
    "usage: spona [--dir DIR] log [--json]\n"
    "\n"
    "Prints every entry of the log: when it was written, its author key,\n"
    "feed (scope and seq), operation, table and row, and its id. Entries\n"
    "refused by a rule are marked. --json adds the header fields and the\n"
    "payload.\n";

struct log_out {
    struct sync_json *arr; /* JSON output, or NULL for text */
    size_t n;              /* entries printed */
};

static struct sync_json *entry_json(const struct sync_stored *s,
                                    const struct sync_entry *en)
{
    char hex[2 * SYNC_HASH_LEN + 1];
    char author[SYNC_B64_SIZE(SYNC_SIG_PK_LEN)];
    char row[SYNC_UUID_TEXT];
    char when[32];
    struct sync_json *o = sync_json_object();
    sync_hex_encode(hex, sizeof(hex), s->id, SYNC_HASH_LEN);
    sync_b64_encode(author, sizeof(author), s->author, SYNC_SIG_PK_LEN);
    sync_uuid_format(row, en->h.row);
    node_time(when, (int64_t)SYNC_HLC_MS(s->hlc));
    sync_json_set_int(o, "n", s->n);
    sync_json_set_str(o, "id", hex);
    sync_json_set_str(o, "author", author);
    sync_json_set_str(o, "scope", sync_scope_name(s->scope));
    sync_json_set_int(o, "seq", (int64_t)s->seq);
    sync_json_set_int(o, "hlc", (int64_t)s->hlc);
    sync_json_set_str(o, "time", when);
    sync_json_set_str(o, "op", sync_op_name(en->h.op));
    sync_json_set_str(o, "table", en->h.table);
    sync_json_set_str(o, "row", row);
    sync_json_set_str(o, "status", s->status ? "refused" : "applied");
    if (s->payload) {
        char *p = sync_xstrndup(s->payload, s->payload_len);
        sync_json_set_str(o, "payload", p);
        free(p);
    } else {
        sync_json_set_str(o, "payload", NULL);
    }
    return o;
}

static enum sync_rc log_entry(const struct sync_stored *s, void *payload)
{
    struct log_out *o = payload;
    struct sync_entry en;
    struct sync_err err;
    sync_entry_init(&en);
    enum sync_rc rc =
        s->sig_len == SYNC_SIG_LEN
            ? sync_entry_from_bytes(&en, s->header, s->header_len, s->sig, &err)
            : SYNC_INVALID;
    if (rc) {
        /* Shown, not fatal: 'spona verify' is the tool that judges. */
        printf("#%lld  (header does not decode)\n", (long long)s->n);
        return SYNC_OK;
    }
    o->n++;
    if (o->arr) {
        sync_json_push(o->arr, entry_json(s, &en));
    } else {
        char hex[2 * SYNC_HASH_LEN + 1];
        char author[2 * SYNC_SIG_PK_LEN + 1];
        char row[SYNC_UUID_TEXT];
        char when[32];
        sync_hex_encode(hex, sizeof(hex), s->id, SYNC_HASH_LEN);
        sync_hex_encode(author, sizeof(author), s->author, SYNC_SIG_PK_LEN);
        sync_uuid_format(row, en.h.row);
        node_time(when, (int64_t)SYNC_HLC_MS(s->hlc));
        char feed[40];
        snprintf(feed, sizeof(feed), "%s/%llu", sync_scope_name(s->scope),
                 (unsigned long long)s->seq);
        printf("#%-4lld %s %.8s %-12s %-7s %-12s %s id %.16s%s\n",
               (long long)s->n, when, author, feed, sync_op_name(en.h.op),
               en.h.table, row, hex, s->status ? " REFUSED" : "");
    }
    sync_entry_release(&en);
    return SYNC_OK;
}

int cmd_log(struct node_ctx *ctx, int argc, char **argv)
{
    int code = node_opts_json(ctx, argc, argv, help);
    if (code)
        return code;
    struct sync_engine *e = ctx->e;
    struct log_out o = {.arr = ctx->json ? sync_json_array() : NULL};
    struct sync_err err;
    sync_err_init(&err);
    if (sync_read_log(e, log_entry, &o, &err)) {
        code = node_fail(&err);
        sync_json_free(o.arr);
    } else if (o.arr) {
        node_print_json(o.arr);
    } else if (!o.n) {
        node_log(ctx, NODE_INFO, "the log is empty");
    }
    return code;
}
