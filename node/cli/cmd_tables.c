/* SPDX-License-Identifier: MIT */
/*
 * tables: what the node can store, read from the schema built into the
 * program (an in-memory database migrated the same way), so it works
 * before init too.
 */
#include <stdio.h>
#include <string.h>

#include "spona/json.h"
#include "cli/cli.h"

#include "spona/banned.h"

static const char help[] =
    "usage: spona tables [TABLE [FIELD]] [--json]\n"
    "\n"
    "Without arguments, lists the tables. With TABLE, lists its fields:\n"
    "type, whether required, limits, and the enumeration of allowed values.\n"
    "With FIELD, lists the values an enumeration field accepts.\n";

static const char *const type_names[SYNC_F_COUNT_] = {
    [SYNC_F_TEXT] = "text", [SYNC_F_INT] = "int",     [SYNC_F_YEAR] = "year",
    [SYNC_F_ENUM] = "enum", [SYNC_F_EMAIL] = "email", [SYNC_F_URL] = "url",
    [SYNC_F_DATE] = "date", [SYNC_F_UUID] = "uuid"};

static void print_tables(const struct sync_schema *s, bool json)
{
    struct sync_json *arr = json ? sync_json_array() : NULL;
    const struct sync_tdef *t;
    for (size_t i = 0; (t = sync_schema_table_at(s, i)); i++) {
        if (arr) {
            struct sync_json *o = sync_json_object();
            sync_json_set_str(o, "table", t->name);
            sync_json_set_int(o, "fields", (int64_t)t->n);
            sync_json_push(arr, o);
        } else {
            printf("%-14s %zu fields\n", t->name, t->n);
        }
    }
    if (arr)
        node_print_json(arr);
}

static void print_fields(const struct sync_tdef *t, bool json)
{
    struct sync_json *arr = json ? sync_json_array() : NULL;
    for (size_t i = 0; i < t->n; i++) {
        const struct sync_fdef *f = &t->f[i];
        if (arr) {
            struct sync_json *o = sync_json_object();
            sync_json_set_str(o, "field", f->name);
            sync_json_set_str(o, "type", type_names[f->type]);
            sync_json_set_bool(o, "list", f->list);
            sync_json_set_bool(o, "required", f->required);
            sync_json_set_bool(o, "local_only", f->local_only);
            sync_json_set_int(o, "max", f->max);
            sync_json_set_str(o, "enum", f->dom ? f->dom->name : NULL);
            sync_json_push(arr, o);
            continue;
        }
        printf("%-18s %-5s%s%s%s", f->name, type_names[f->type],
               f->list ? " list" : "", f->required ? " required" : "",
               f->local_only ? " local-only" : "");
        if (f->dom)
            printf(" (%zu values of '%s')", f->dom->n, f->dom->name);
        else if (f->max && f->type == SYNC_F_TEXT)
            printf(" (at most %lld bytes)", (long long)f->max);
        putchar('\n');
    }
    if (arr)
        node_print_json(arr);
}

static int print_values(const struct sync_tdef *t, const char *field, bool json)
{
    const struct sync_fdef *f = sync_schema_field(t, field);
    if (!f || !f->dom) {
        node_log(NULL, NODE_ERROR, "'%s' is not an enumeration field of '%s'",
                 field, t->name);
        return NODE_EXIT_FAIL;
    }
    struct sync_json *arr = json ? sync_json_array() : NULL;
    for (size_t i = 0; i < f->dom->n; i++) {
        if (!arr) {
            puts(f->dom->values[i]);
            continue;
        }
        struct sync_json *o = sync_json_object();
        sync_json_set_str(o, "value", f->dom->values[i]);
        sync_json_push(arr, o);
    }
    if (arr)
        node_print_json(arr);
    return NODE_EXIT_OK;
}

int cmd_tables(struct node_ctx *ctx, int argc, char **argv)
{
    bool json = false;
    const char *pos[2];
    size_t n_pos;
    struct node_opt opts[] = {{"json", NULL, &json}, {NULL, NULL, NULL}};
    int code = node_opts(argc, argv, opts, pos, 2, &n_pos, help);
    if (code)
        return code;
    json |= ctx->json;
    struct sync_engine *schema = NULL;
    struct sync_err err;
    sync_err_init(&err);
    if (sync_engine_open_schema(&schema, &err))
        return node_fail(&err);
    const struct sync_schema *s = sync_engine_schema(schema);
    const struct sync_tdef *t = n_pos ? sync_schema_table(s, pos[0]) : NULL;
    if (n_pos && !t) {
        sync_err_set(&err, SYNC_INVALID, "unknown table '%s'", pos[0]);
        code = node_fail(&err);
    } else if (n_pos == 2) {
        code = print_values(t, pos[1], json);
    } else if (n_pos == 1) {
        print_fields(t, json);
    } else {
        print_tables(s, json);
    }
    sync_engine_close(schema);
    return code;
}
