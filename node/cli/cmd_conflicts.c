/* SPDX-License-Identifier: MIT */
/*
 * conflicts, resolve: the open conflicts of this node (every version of
 * each field written concurrently: value, author, time, entry id), and
 * ending one by writing the field again over every version in conflict.
 */
#include <stdio.h>
#include <string.h>

#include "spona/hlc.h"
#include "cli/cli.h"

#include "spona/banned.h"

static const char conflicts_help[] =
    "usage: spona [--dir DIR] conflicts [--json]\n"
    "\n"
    "Lists the open conflicts: fields of a row that two devices changed\n"
    "without seeing each other's change. For each field it shows every\n"
    "version (value, author key, time, entry id); '*' marks the one the\n"
    "field holds now. End one with 'spona resolve', with a plain edit of\n"
    "the field, or with \"keep this one\" on the web pages.\n";

static const char resolve_help[] =
    "usage: spona [--dir DIR] resolve TABLE ID FIELD (--keep VERSION | "
    "--value TEXT)\n"
    "\n"
    "Ends the conflict on FIELD of a row: writes the field again with the\n"
    "value of VERSION (an entry id from 'spona conflicts', or its first 6\n"
    "or more characters), or with TEXT, as a change that replaces every\n"
    "version in conflict. Each node that receives it drops the conflict.\n";

/* Where the versions of the field being listed go. */
struct list_out {
    struct sync_json *arr;  /* JSON: the conflicts; NULL for text */
    struct sync_json *vers; /* JSON: versions of the current field; borrowed */
    char key[256];          /* table, row and field being listed */
};

static const char *value_text(const struct sync_value *v, char num[24])
{
    if (v->kind == SYNC_V_INT) {
        snprintf(num, 24, "%lld", (long long)v->i);
        return num;
    }
    return v->kind == SYNC_V_TEXT ? v->s : NULL;
}

static void version(struct list_out *o, const struct sync_loser *w, bool holds)
{
    char id[SYNC_B64_SIZE(SYNC_HASH_LEN)];
    char author[SYNC_B64_SIZE(SYNC_SIG_PK_LEN)];
    char when[32], num[24];
    const char *value = value_text(&w->v, num);
    sync_b64_encode(id, sizeof(id), w->id, SYNC_HASH_LEN);
    sync_b64_encode(author, sizeof(author), w->author, SYNC_SIG_PK_LEN);
    node_time(when, (int64_t)SYNC_HLC_MS(w->hlc));
    if (!o->arr) {
        printf("  %c %-12.12s %s by %.12s  \"%.60s\"\n", holds ? '*' : ' ', id,
               when, author, value ? value : "");
        return;
    }
    struct sync_json *j = sync_json_object();
    sync_json_set_str(j, "version", id);
    sync_json_set_str(j, "value", value);
    sync_json_set_str(j, "author", author);
    sync_json_set_str(j, "at", when);
    sync_json_set_bool(j, "holds", holds);
    sync_json_push(o->vers, j);
}

static enum sync_rc conflict_out(const struct sync_conflict *c, void *payload)
{
    struct list_out *o = payload;
    char key[256];
    snprintf(key, sizeof(key), "%s %s %s", c->table, c->row_id, c->field);
    if (strcmp(key, o->key) != 0) {
        snprintf(o->key, sizeof(o->key), "%s", key);
        if (o->arr) {
            struct sync_json *j = sync_json_object();
            sync_json_set_str(j, "table", c->table);
            sync_json_set_str(j, "row", c->row_id);
            sync_json_set_str(j, "field", c->field);
            o->vers = sync_json_array();
            sync_json_set(j, "versions", o->vers);
            sync_json_push(o->arr, j);
        } else {
            printf("%s\n", key);
        }
        if (c->has_winner)
            version(o, &c->winner, true);
    }
    version(o, &c->loser, false);
    return SYNC_OK;
}

int cmd_conflicts(struct node_ctx *ctx, int argc, char **argv)
{
    int code = node_opts_json(ctx, argc, argv, conflicts_help);
    if (code)
        return code;
    struct sync_err err;
    struct list_out o = {.arr = ctx->json ? sync_json_array() : NULL};
    sync_err_init(&err);
    if (sync_read_conflicts(ctx->e, conflict_out, &o, &err)) {
        sync_json_free(o.arr);
        return node_fail(&err);
    }
    if (o.arr)
        node_print_json(o.arr);
    else if (!o.key[0])
        printf("no conflicts\n");
    return NODE_EXIT_OK;
}

int cmd_resolve(struct node_ctx *ctx, int argc, char **argv)
{
    const char *keep = NULL, *text = NULL;
    const char *pos[3];
    size_t n_pos = 0;
    const struct node_opt opts[] = {
        {"keep", &keep, NULL}, {"value", &text, NULL}, {NULL, NULL, NULL}};
    int code = node_opts(argc, argv, opts, pos, 3, &n_pos, resolve_help);
    if (code)
        return code;
    if (n_pos != 3)
        return node_usage(resolve_help, "resolve needs TABLE ID FIELD");
    if (!keep == !text)
        return node_usage(resolve_help, "give one of --keep and --value");
    struct sync_err err;
    struct sync_record set;
    sync_err_init(&err);
    sync_record_init(&set);
    const struct sync_tdef *t =
        sync_schema_table(sync_engine_schema(ctx->e), pos[0]);
    if (!t) {
        sync_record_release(&set);
        return node_usage(resolve_help, "unknown table '%s'", pos[0]);
    }
    if (text)
        code = node_field(ctx->e, t, pos[2], text, &set);
    const struct sync_rfield *f = sync_record_get(&set, pos[2]);
    if (!code && sync_engine_resolve(ctx->e, t->name, pos[1], pos[2], keep,
                                     f ? &f->v : NULL, &err))
        code = node_fail(&err);
    sync_record_release(&set);
    if (!code && !ctx->json)
        printf("resolved %s %s %s\n", t->name, pos[1], pos[2]);
    return code;
}
