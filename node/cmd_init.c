/* SPDX-License-Identifier: MIT */
/*
 * init: creates a node in the data folder: the key (mode 0600), the config
 * and the database. Refuses to touch a folder that already holds any of
 * them.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "node.h"
#include "sig.h"

#include "banned.h"

static const char help[] =
    "usage: spona [--dir DIR] init --org NAME [--name NODE]\n"
    "\n"
    "Creates a node in DIR: a new Ed25519 key (node.key, mode 0600), the\n"
    "settings (spona.conf) and the database (node.db). NAME is the\n"
    "organisation the node writes for, e.g. \"Općina Ključ\"; NODE is a\n"
    "short name shown to the hub (default: the folder name).\n";

/* Makes dir and its parents with mode 0700; existing folders are fine. */
static int make_dir(const char *dir)
{
    char path[4096];
    if (snprintf(path, sizeof(path), "%s", dir) >= (int)sizeof(path)) {
        node_log(NULL, NODE_ERROR, "data folder path is too long");
        return NODE_EXIT_FAIL;
    }
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(path, 0700) != 0 && errno != EEXIST)
            break;
        *p = '/';
    }
    if (mkdir(path, 0700) != 0 && errno != EEXIST) {
        node_log(NULL, NODE_ERROR, "cannot create folder '%s': %s", dir,
                 strerror(errno));
        return NODE_EXIT_FAIL;
    }
    return NODE_EXIT_OK;
}

static const char *base_name(const char *dir)
{
    const char *end = dir + strlen(dir);
    while (end > dir + 1 && end[-1] == '/')
        end--;
    const char *s = end;
    while (s > dir && s[-1] != '/')
        s--;
    return s;
}

int cmd_init(struct node_ctx *ctx, int argc, char **argv)
{
    const char *org = NULL;
    const char *name = NULL;
    const char *pos[1];
    size_t n_pos;
    struct node_opt opts[] = {{"org", &org, NULL}, {"name", &name, NULL},
                              {NULL, NULL, NULL}};
    int code = node_opts(argc, argv, opts, pos, 0, &n_pos, help);
    if (code)
        return code;
    if (!org)
        return node_usage(help, "init needs --org NAME");
    const char *paths[] = {ctx->conf_path, ctx->key_path, ctx->db_path};
    for (size_t i = 0; i < 3; i++)
        if (access(paths[i], F_OK) == 0) {
            node_log(NULL, NODE_ERROR, "'%s' already exists; a node is never "
                     "created over another", paths[i]);
            return NODE_EXIT_FAIL;
        }
    if ((code = make_dir(ctx->dir)))
        return code;
    char short_name[64];
    snprintf(short_name, sizeof(short_name), "%s", name ? name
                                                        : base_name(ctx->dir));
    struct sync_err err;
    struct sync_engine *e = NULL;
    sync_err_init(&err);
    enum sync_rc rc = node_config_write(ctx->conf_path, org, short_name, &err);
    if (!rc) {
        rc = sync_engine_create(&e, ctx->db_path, ctx->key_path, org, &err);
        if (rc)
            unlink(ctx->conf_path);
    }
    if (rc)
        return node_fail(&err);
    char pk[SYNC_B64_SIZE(SYNC_SIG_PK_LEN)];
    sync_b64_encode(pk, sizeof(pk), sync_engine_self(e), SYNC_SIG_PK_LEN);
    printf("created node '%s' for %s in %s\nnode key: %s\n", short_name, org,
           ctx->dir, pk);
    sync_engine_close(e);
    return NODE_EXIT_OK;
}
