/* SPDX-License-Identifier: MIT */
/*
 * record: "spona TABLE add|edit|show|list|delete", the per-table forms of
 * put, get, list and delete, with one --FIELD option per field of the
 * table. Any word that is neither a command nor a table is an unknown
 * command.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spona/buf.h"
#include "spona/mem.h"
#include "spona/json.h"
#include "cli/cli.h"

#include "spona/banned.h"

static char *make_help(const struct sync_tdef *t)
{
    struct sync_buf b;
    sync_buf_init(&b, 16 * 1024);
    enum sync_rc rc = sync_buf_addf(
        &b,
        "usage: spona [--dir DIR] %s add|edit|show|list|delete ...\n"
        "\n"
        "  %s add --FIELD VALUE... [--scope SCOPE]  create a row, print its "
        "id\n"
        "  %s edit ID --FIELD VALUE...              change fields of a row\n"
        "  %s show ID [--json]                      print a row\n"
        "  %s list [--json]                         list the rows\n"
        "  %s delete ID                             delete a row\n"
        "\nFields (see 'spona tables %s'):\n",
        t->name, t->name, t->name, t->name, t->name, t->name, t->name);
    for (size_t i = 0; i < t->n && !rc; i++)
        rc = sync_buf_addf(&b, "  --%s%s\n", t->f[i].name,
                           t->f[i].required ? " (required)" : "");
    return sync_buf_detach(&b, NULL);
}

struct rec_args {
    const char **vals;  /* one per field of the table, then scope */
    bool json;          /* --json */
    const char *pos[2]; /* verb, ID */
    size_t n_pos;       /* positionals given */
};

static int parse(const struct sync_tdef *t, int argc, char **argv,
                 struct rec_args *a, const char *help)
{
    struct node_opt *opts = sync_xcalloc(t->n + 3, sizeof(*opts));
    for (size_t i = 0; i < t->n; i++)
        opts[i] = (struct node_opt){t->f[i].name, &a->vals[i], NULL};
    opts[t->n] = (struct node_opt){"scope", &a->vals[t->n], NULL};
    opts[t->n + 1] = (struct node_opt){"json", NULL, &a->json};
    int code = node_opts(argc, argv, opts, a->pos, 2, &a->n_pos, help);
    free(opts);
    return code;
}

static int write_row(struct node_ctx *ctx, struct sync_engine *e,
                     const struct sync_tdef *t, const struct rec_args *a,
                     const char *id)
{
    struct sync_record set;
    int code = NODE_EXIT_OK;
    sync_record_init(&set);
    for (size_t i = 0; i <= t->n && !code; i++)
        if (a->vals[i])
            code = node_field(e, t, i < t->n ? t->f[i].name : "scope",
                              a->vals[i], &set);
    if (!code)
        code = node_put(ctx, t->name, id, &set);
    sync_record_release(&set);
    return code;
}

static int run(struct node_ctx *ctx, const struct sync_tdef *t,
               const struct rec_args *a, const char *help)
{
    const char *verb = a->pos[0];
    bool has_id = a->n_pos == 2;
    bool wants_id = strcmp(verb, "add") != 0 && strcmp(verb, "list") != 0;
    if (strcmp(verb, "add") && strcmp(verb, "edit") && strcmp(verb, "show") &&
        strcmp(verb, "list") && strcmp(verb, "delete"))
        return node_usage(help, "unknown action '%s' for %s", verb, t->name);
    if (has_id != wants_id)
        return node_usage(help,
                          wants_id ? "%s %s needs an ID" : "%s %s takes no ID",
                          t->name, verb);
    struct sync_err err;
    sync_err_init(&err);
    /* main closes ctx->e, as for the commands of its table */
    if (node_open(ctx, &ctx->e, &err))
        return node_fail(&err);
    struct sync_engine *e = ctx->e;
    int code = NODE_EXIT_OK;
    if (strcmp(verb, "add") == 0 || strcmp(verb, "edit") == 0)
        code = write_row(ctx, e, t, a, has_id ? a->pos[1] : NULL);
    else if (strcmp(verb, "show") == 0)
        code = node_show(ctx, e, t->name, a->pos[1]);
    else if (strcmp(verb, "list") == 0)
        code = node_print_list(ctx, e, t->name);
    else if (sync_engine_delete(e, t->name, a->pos[1], &err))
        code = node_fail(&err);
    return code;
}

int cmd_record(struct node_ctx *ctx, int argc, char **argv)
{
    struct sync_engine *schema = NULL;
    struct sync_err err;
    sync_err_init(&err);
    if (sync_engine_open_schema(&schema, &err))
        return node_fail(&err);
    const struct sync_tdef *t =
        sync_schema_table(sync_engine_schema(schema), argv[0]);
    if (!t) {
        sync_engine_close(schema);
        fprintf(stderr, "spona: unknown command '%s' (see 'spona --help')\n",
                argv[0]);
        return NODE_EXIT_USAGE;
    }
    char *help = make_help(t);
    struct rec_args a = {.vals = sync_xcalloc(t->n + 1, sizeof(char *))};
    int code = parse(t, argc, argv, &a, help);
    if (!code && a.n_pos == 0)
        code = node_usage(help, "%s needs an action", t->name);
    ctx->json |= a.json;
    if (!code)
        code = run(ctx, t, &a, help);
    free(a.vals);
    free(help);
    sync_engine_close(schema);
    return code;
}
