/* SPDX-License-Identifier: MIT */
/*
 * key: the node's own key file. 'key protect' seals node.key with a
 * passphrase (or gives a sealed one a new passphrase), replacing the file
 * in one rename so a crash leaves the old key or the new one, never none.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spona/mem.h"
#include "spona/sig.h"
#include "cli/cli.h"

#include "spona/banned.h"

static const char help[] =
    "usage: spona [--dir DIR] key protect [--passphrase-file F]\n"
    "\n"
    "Seals node.key with a passphrase (Argon2id and XSalsa20-Poly1305),\n"
    "read from the first line of F or asked for twice on the terminal; a\n"
    "key that is sealed already gets the new passphrase. Every command,\n"
    "'spona serve' too, then needs the passphrase: from the file named by\n"
    "[node] passphrase_file, from systemd's credential 'spona-passphrase'\n"
    "(LoadCredential=), or typed on the terminal. A running 'serve' keeps\n"
    "working; it reads the key again only when it starts.\n";

/* Makes the rename of a file into dir last. */
static void sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
}

/* Writes ctx->key sealed with pass over node.key. */
static enum sync_rc reseal(struct node_ctx *ctx, const char *pass,
                           struct sync_err *err)
{
    char *tmp = node_path(ctx, "node.key.new");
    unlink(tmp); /* a leftover of a crash */
    enum sync_rc rc =
        sync_key_save_sealed(ctx->key, tmp, pass, strlen(pass), err);
    if (!rc && rename(tmp, ctx->key_path) != 0)
        rc = sync_err_set(err, SYNC_IO, "cannot replace '%s': %s",
                          ctx->key_path, strerror(errno));
    if (rc)
        unlink(tmp);
    else
        sync_dir(ctx->dir);
    free(tmp);
    return rc;
}

int cmd_key(struct node_ctx *ctx, int argc, char **argv)
{
    const char *pass_file = NULL;
    const char *pos[1];
    size_t n_pos = 0;
    struct node_opt opts[] = {{"passphrase-file", &pass_file, NULL},
                              {NULL, NULL, NULL}};
    int code = node_opts(argc, argv, opts, pos, 1, &n_pos, help);
    if (code)
        return code;
    if (n_pos != 1 || strcmp(pos[0], "protect") != 0)
        return node_usage(help, "key wants 'protect'");
    struct sync_err err;
    sync_err_init(&err);
    bool was = sync_key_file_sealed(ctx->key_path);
    char *pass = sync_xcalloc(1, NODE_PASS_MAX);
    enum sync_rc rc =
        node_pass_read(pass_file, true, pass, NODE_PASS_MAX, &err);
    if (!rc)
        rc = reseal(ctx, pass, &err);
    sync_memzero(pass, NODE_PASS_MAX);
    free(pass);
    if (rc)
        return node_fail(&err);
    printf("%s is sealed%s\n", ctx->key_path,
           was ? " with the new passphrase" : "");
    if (!ctx->cfg.passphrase_file)
        printf("'spona serve' needs the passphrase when it starts: set [node] "
               "passphrase_file in %s, or give systemd's credential "
               "'spona-passphrase' (docs/OPERATIONS.md)\n",
               ctx->conf_path);
    return NODE_EXIT_OK;
}
