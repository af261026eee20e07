/* SPDX-License-Identifier: MIT */
/*
 * opt: the command-line parser of every subcommand, and the messages that
 * go to the user. Options are GNU-style long options only.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

#include "spona/banned.h"

static const struct node_opt *find_opt(const struct node_opt *opts,
                                       const char *name, size_t len)
{
    for (; opts && opts->name; opts++)
        if (strlen(opts->name) == len && memcmp(opts->name, name, len) == 0)
            return opts;
    return NULL;
}

int node_opts(int argc, char **argv, const struct node_opt *opts,
              const char **pos, size_t max_pos, size_t *n_pos, const char *help)
{
    bool no_more = false;
    *n_pos = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        /* Options are long (--name) or one letter (-h): a longer word
         * with one dash is data, such as a base64 key that starts with
         * '-' (spona hub revoke -sFy...). */
        bool data = a[0] == '-' && a[1] != '-' && a[1] != '\0' && a[2] != '\0';
        if (no_more || a[0] != '-' || a[1] == '\0' || data) {
            if (*n_pos == max_pos)
                return node_usage(help, "unexpected argument '%s'%s", a,
                                  data ? " (options start with --)" : "");
            pos[(*n_pos)++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            no_more = true;
            continue;
        }
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(help, stdout);
            return -1;
        }
        if (a[1] != '-')
            return node_usage(help, "unknown option '%s'", a);
        const char *name = a + 2;
        const char *eq = strchr(name, '=');
        size_t len = eq ? (size_t)(eq - name) : strlen(name);
        const struct node_opt *o = find_opt(opts, name, len);
        if (!o)
            return node_usage(help, "unknown option '%s'", a);
        if (!o->val) {
            if (eq)
                return node_usage(help, "option '--%s' takes no value",
                                  o->name);
            *o->flag = true;
        } else if (eq) {
            *o->val = eq + 1;
        } else if (i + 1 < argc) {
            *o->val = argv[++i];
        } else {
            return node_usage(help, "option '--%s' needs a value", o->name);
        }
    }
    return 0;
}

int node_opts_json(struct node_ctx *ctx, int argc, char **argv,
                   const char *help)
{
    bool json = false;
    size_t n_pos;
    struct node_opt opts[] = {{"json", NULL, &json}, {NULL, NULL, NULL}};
    int code = node_opts(argc, argv, opts, NULL, 0, &n_pos, help);
    ctx->json |= json;
    return code;
}

int node_fail(const struct sync_err *err)
{
    node_log(NULL, NODE_ERROR, "%s",
             err->msg[0] ? err->msg : sync_rc_str(err->rc));
    return NODE_EXIT_FAIL;
}

int node_usage(const char *help, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    node_logv(NULL, NODE_ERROR, fmt, ap);
    va_end(ap);
    /* The first line of a help text is its usage line. */
    const char *nl = strchr(help, '\n');
    fprintf(stderr, "%.*s\n", nl ? (int)(nl - help) : (int)strlen(help), help);
    return NODE_EXIT_USAGE;
}
