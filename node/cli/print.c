/* SPDX-License-Identifier: MIT */
/*
 * print: turning user words into checked values and rows into text or
 * JSON on stdout, shared by the commands that read and write rows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "spona/json.h"
#include "cli/cli.h"

#include "spona/banned.h"

void node_time(char out[32], int64_t ms)
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    if (ms <= 0 || !gmtime_r(&t, &tm) ||
        !strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm))
        snprintf(out, 32, "-");
}

void node_print_json(struct sync_json *j)
{
    /* A failed write sets ferror(stdout), which main reports. */
    if (sync_json_write(j, stdout, true) && !ferror(stdout))
        fputs("spona: cannot write the JSON output\n", stderr);
    sync_json_free(j);
}

int node_field(const struct sync_engine *e, const struct sync_tdef *t,
               const char *name, const char *text, struct sync_record *set)
{
    struct sync_err err;
    struct sync_value v = {0};
    sync_err_init(&err);
    if (strcmp(name, "scope") == 0) {
        if (sync_scope_parse(text) < 0) {
            node_log(NULL, NODE_ERROR,
                     "scope must be one of local, hub, "
                     "network, public, not '%s'",
                     text);
            return NODE_EXIT_FAIL;
        }
        sync_record_set_text(set, name, text);
        return NODE_EXIT_OK;
    }
    const struct sync_fdef *f = sync_schema_field(t, name);
    if (!f) {
        node_log(NULL, NODE_ERROR,
                 "unknown field '%s' of table '%s' (see "
                 "'spona tables %s')",
                 name, t->name, t->name);
        return NODE_EXIT_FAIL;
    }
    (void)e;
    if (sync_schema_parse(&v, f, text, &err))
        return node_fail(&err);
    sync_record_set(set, name, &v);
    sync_value_clear(&v);
    return NODE_EXIT_OK;
}

int node_fields(const struct sync_engine *e, const char *table,
                const char *const *words, size_t n, struct sync_record *set,
                const char *help)
{
    const struct sync_tdef *t = sync_schema_table(sync_engine_schema(e), table);
    if (!t) {
        node_log(NULL, NODE_ERROR, "unknown table '%s' (see 'spona tables')",
                 table);
        return NODE_EXIT_FAIL;
    }
    for (size_t i = 0; i < n; i++) {
        const char *eq = strchr(words[i], '=');
        if (!eq || eq == words[i])
            return node_usage(help, "expected FIELD=VALUE, not '%s'", words[i]);
        char name[SYNC_LIMIT_FIELD_NAME + 1];
        size_t len = (size_t)(eq - words[i]);
        if (len >= sizeof(name)) {
            node_log(NULL, NODE_ERROR, "field name '%.*s...' is too long", 20,
                     words[i]);
            return NODE_EXIT_FAIL;
        }
        memcpy(name, words[i], len);
        name[len] = '\0';
        if (sync_record_get(set, name))
            return node_usage(help, "field '%s' given twice", name);
        int code = node_field(e, t, name, eq + 1, set);
        if (code)
            return code;
    }
    return NODE_EXIT_OK;
}

/* The field that names a row in lists: the first of its table. */
static const char *title_of(const struct sync_tdef *t,
                            const struct sync_record *r)
{
    const struct sync_rfield *f =
        t->n ? sync_record_get(r, t->f[0].name) : NULL;
    return f && f->v.kind == SYNC_V_TEXT ? f->v.s : "";
}

static void print_value(const char *name, const struct sync_value *v)
{
    if (v->kind == SYNC_V_INT)
        printf("%-16s %lld\n", name, (long long)v->i);
    else if (v->kind == SYNC_V_TEXT)
        printf("%-16s %s\n", name, v->s);
}

static int64_t int_of(const struct sync_record *r, const char *name)
{
    const struct sync_rfield *f = sync_record_get(r, name);
    return f && f->v.kind == SYNC_V_INT ? f->v.i : 0;
}

void node_print_record(const struct node_ctx *ctx, const struct sync_tdef *t,
                       const struct sync_record *r)
{
    char when[32];
    if (ctx->json) {
        node_print_json(sync_json_record(t, r));
        return;
    }
    printf("%-16s %s\n", "id", sync_record_text(r, "id"));
    printf("%-16s %s\n", "owner", sync_record_text(r, "owner"));
    printf("%-16s %s\n", "scope", sync_record_text(r, "scope"));
    node_time(when, int_of(r, "created_at"));
    printf("%-16s %s\n", "created", when);
    node_time(when, int_of(r, "updated_at"));
    printf("%-16s %s\n", "updated", when);
    if (int_of(r, "_deleted"))
        printf("%-16s %s\n", "deleted", "yes");
    for (size_t i = 0; i < t->n; i++) {
        const struct sync_rfield *f = sync_record_get(r, t->f[i].name);
        if (f)
            print_value(t->f[i].name, &f->v);
    }
}

struct list_out {
    const struct node_ctx *ctx; /* output mode */
    const struct sync_tdef *t;  /* table listed */
    struct sync_json *arr;      /* JSON array being built, or NULL */
    size_t n;                   /* rows seen */
};

static enum sync_rc list_row(const struct sync_record *r, void *payload)
{
    struct list_out *o = payload;
    o->n++;
    if (o->arr) {
        sync_json_push(o->arr, sync_json_record(o->t, r));
        return SYNC_OK;
    }
    printf("%s  %-7s  %s\n", sync_record_text(r, "id"),
           sync_record_text(r, "scope"), title_of(o->t, r));
    return SYNC_OK;
}

int node_print_list(const struct node_ctx *ctx, struct sync_engine *e,
                    const char *table)
{
    struct sync_err err;
    struct list_out o = {.ctx = ctx};
    sync_err_init(&err);
    o.t = sync_schema_table(sync_engine_schema(e), table);
    if (ctx->json)
        o.arr = sync_json_array();
    enum sync_rc rc = sync_engine_list(e, table, list_row, &o, &err);
    if (rc) {
        sync_json_free(o.arr);
        return node_fail(&err);
    }
    if (o.arr)
        node_print_json(o.arr);
    else if (o.n == 0)
        node_log(ctx, NODE_INFO, "no rows in '%s'", table);
    return NODE_EXIT_OK;
}

int node_show(const struct node_ctx *ctx, struct sync_engine *e,
              const char *table, const char *id)
{
    struct sync_err err;
    struct sync_record r;
    sync_err_init(&err);
    sync_record_init(&r);
    enum sync_rc rc = sync_engine_get(e, table, id, &r, &err);
    if (!rc)
        node_print_record(ctx, sync_schema_table(sync_engine_schema(e), table),
                          &r);
    sync_record_release(&r);
    return rc ? node_fail(&err) : NODE_EXIT_OK;
}

int node_put(struct node_ctx *ctx, const char *table, const char *id,
             const struct sync_record *set)
{
    struct sync_err err;
    char new_id[SYNC_UUID_TEXT];
    sync_err_init(&err);
    if (sync_engine_put(ctx->e, table, id, set, new_id, &err))
        return node_fail(&err);
    if (ctx->json) {
        struct sync_json *o = sync_json_object();
        sync_json_set_str(o, "table", table);
        sync_json_set_str(o, "id", new_id);
        node_print_json(o);
    } else {
        puts(new_id);
    }
    return NODE_EXIT_OK;
}
