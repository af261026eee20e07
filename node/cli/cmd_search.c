/* SPDX-License-Identifier: MIT */
/* search: finds rows by folded text, whatever script and spelling. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spona/json.h"
#include "cli/cli.h"
#include "spona/num.h"

#include "spona/banned.h"

static const char search_help[] =
    "usage: spona [--dir DIR] search QUERY [--table TABLE] [--limit N] "
    "[--json]\n"
    "\n"
    "Finds the rows whose text matches every word of QUERY, best first;\n"
    "when none matches them all, the rows matching most of them. Script,\n"
    "case and diacritics do not matter (\"brcko\" finds \"Брчко\",\n"
    "\"djordje\" finds \"Đorđe\"), nor do case and number, ijekavian or\n"
    "ekavian (\"reka\" finds \"na rijeci\", \"Gradačac\" finds\n"
    "\"u Gradačcu\"). Words match as prefixes too, ranked below whole\n"
    "words, and known synonyms count (općina/opština, ured/kancelarija,\n"
    "Beč/Wien/Vienna). A word that matches nothing is taken for the\n"
    "nearest indexed words (\"did you mean\"). Each hit shows its table,\n"
    "id, title and the matching passage as written, matched words in\n"
    "[brackets].\n"
    "Searchable: practice, person, organisation, service, event, need.\n"
    "\n"
    "  --table TABLE  search only TABLE\n"
    "  --limit N      at most N hits (default 20)\n"
    "  --json         a list of {table, id, title, snippet, score}, and\n"
    "                 did_you_mean in each when a word was mistyped\n";

struct out {
    struct node_ctx *ctx;
    struct sync_json *arr;
    const char *fix; /* "did you mean", or "" */
    size_t n;
};

static enum sync_rc print_hit(const struct sync_hit *h, void *payload)
{
    struct out *o = payload;
    o->n++;
    if (o->arr) {
        struct sync_json *j = sync_json_object();
        sync_json_set_str(j, "table", h->table);
        sync_json_set_str(j, "id", h->id);
        sync_json_set_str(j, "title", h->title);
        sync_json_set_str(j, "snippet", h->snippet);
        sync_json_set_real(j, "score", h->score);
        if (*o->fix)
            sync_json_set_str(j, "did_you_mean", o->fix);
        sync_json_push(o->arr, j);
        return SYNC_OK;
    }
    printf("%-12s %s  %s\n", h->table, h->id, h->title);
    printf("             %s\n", h->snippet);
    return SYNC_OK;
}

int cmd_search(struct node_ctx *ctx, int argc, char **argv)
{
    bool json = false;
    const char *table = NULL, *limit = NULL, *pos[1];
    size_t n_pos;
    uint64_t n = 20;
    struct node_opt opts[] = {{"json", NULL, &json},
                              {"table", &table, NULL},
                              {"limit", &limit, NULL},
                              {NULL, NULL, NULL}};
    int code = node_opts(argc, argv, opts, pos, 1, &n_pos, search_help);
    if (code)
        return code;
    if (n_pos != 1)
        return node_usage(search_help, "search needs QUERY");
    if (limit && (sync_parse_u64(&n, limit, NULL) || n < 1 ||
                  n > SYNC_LIMIT_SEARCH_HITS))
        return node_usage(search_help, "--limit must be 1 to %d",
                          SYNC_LIMIT_SEARCH_HITS);
    ctx->json |= json;
    struct sync_engine *e = ctx->e;
    struct out o = {.ctx = ctx, .arr = ctx->json ? sync_json_array() : NULL};
    struct sync_search_opts so = {.table = table,
                                  .limit = (size_t)n,
                                  .mark_open = "[",
                                  .mark_close = "]"};
    struct sync_err err;
    char fix[2 * SYNC_LIMIT_QUERY];
    sync_err_init(&err);
    enum sync_rc rc =
        sync_read_search_suggest(e, fix, sizeof(fix), pos[0], table, &err);
    o.fix = fix;
    if (!rc && *fix && !o.arr)
        printf("did you mean: %s\n", fix);
    if (!rc)
        rc = sync_read_search(e, pos[0], &so, print_hit, &o, &err);
    if (rc) {
        sync_json_free(o.arr);
        return node_fail(&err);
    }
    if (o.arr)
        node_print_json(o.arr);
    else if (!o.n)
        printf("no matches\n");
    return NODE_EXIT_OK;
}
