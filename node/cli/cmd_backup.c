/* SPDX-License-Identifier: MIT */
/*
 * backup, restore: one file that recreates a node (docs/OPERATIONS.md).
 * The backup is taken while serve runs; the secret keys go in only when
 * asked for, sealed with a passphrase read from a file or the terminal,
 * never from the command line. A restored node keeps its writes pending
 * until its first sync has brought its own feeds back from the hub.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "spona/backup.h"
#include "spona/mem.h"
#include "spona/sig.h"
#include "cli/cli.h"

#include "spona/banned.h"

#define PASS_MAX NODE_PASS_MAX

static const char backup_help[] =
    "usage: spona [--dir DIR] backup FILE [--with-key [--passphrase-file "
    "F]]\n"
    "\n"
    "Writes a backup of this node to FILE (a new file, mode 0600): a\n"
    "consistent copy of the database, taken while 'spona serve' runs, with\n"
    "spona.conf and, on a hub, its TLS certificate. With --with-key it also\n"
    "holds the node key (and a hub's TLS key), sealed with a passphrase\n"
    "(Argon2id and XSalsa20-Poly1305), read from the first line of F or\n"
    "asked for on the terminal. Restore it with 'spona restore'.\n";

static const char restore_help[] =
    "usage: spona restore FILE --dir D [--passphrase-file F] [--key KEYFILE]\n"
    "\n"
    "Recreates a node in folder D (made when missing; it must hold no node)\n"
    "from a backup of 'spona backup'. The backup is checked whole before\n"
    "anything is written. Sealed keys are opened with the passphrase (from\n"
    "the first line of F, or asked for); a backup without the key needs\n"
    "--key, the node's key file. Until its first sync with the hub, the\n"
    "restored node keeps its changes pending ('spona status' counts them):\n"
    "they are signed after the hub has given back the node's own latest\n"
    "entries, so a restore never forks its feeds.\n";

/* The passphrase (pass.c); an exit code. */
static int passphrase(const char *file, bool confirm, char *buf, size_t size)
{
    struct sync_err err;
    sync_err_init(&err);
    return node_pass_read(file, confirm, buf, size, &err) ? node_fail(&err)
                                                          : NODE_EXIT_OK;
}

int cmd_backup(struct node_ctx *ctx, int argc, char **argv)
{
    const char *pos[1], *pass_file = NULL;
    size_t n_pos = 0;
    bool with_key = false;
    const struct node_opt opts[] = {{"with-key", NULL, &with_key},
                                    {"passphrase-file", &pass_file, NULL},
                                    {NULL, NULL, NULL}};
    int code = node_opts(argc, argv, opts, pos, 1, &n_pos, backup_help);
    if (code)
        return code;
    if (n_pos != 1)
        return node_usage(backup_help, "backup needs FILE");
    if (pass_file && !with_key)
        return node_usage(backup_help,
                          "--passphrase-file goes with --with-key");
    char *pass = sync_xcalloc(1, PASS_MAX);
    struct sync_backup_file files[4];
    size_t n = 0;
    char *cert = ctx->cfg.cert ? node_path(ctx, ctx->cfg.cert) : NULL;
    char *tls_key = ctx->cfg.tls_key ? node_path(ctx, ctx->cfg.tls_key) : NULL;
    files[n++] = (struct sync_backup_file){"spona.conf", ctx->conf_path, false};
    if (cert)
        files[n++] = (struct sync_backup_file){"hub.crt", cert, false};
    if (with_key) {
        files[n++] = (struct sync_backup_file){"node.key", ctx->key_path, true};
        if (tls_key)
            files[n++] =
                (struct sync_backup_file){"hub-tls.key", tls_key, true};
        code = passphrase(pass_file, true, pass, PASS_MAX);
    }
    struct sync_err err;
    sync_err_init(&err);
    if (!code && sync_backup_write(ctx->e, pos[0], files, n,
                                   with_key ? pass : NULL, strlen(pass), &err))
        code = node_fail(&err);
    if (!code)
        node_log(ctx, NODE_INFO, "backup written to %s%s", pos[0],
                 with_key ? " (with the key, sealed)" : " (without the key)");
    sync_memzero(pass, PASS_MAX);
    free(pass);
    free(cert);
    free(tls_key);
    return code;
}

/* Copies the key file at from to a new file at to (mode 0600). */
static int copy_key(const char *from, const char *to)
{
    char buf[SYNC_LIMIT_KEY_FILE + 1];
    FILE *in = fopen(from, "rb");
    size_t n = in ? fread(buf, 1, sizeof(buf), in) : 0;
    if (in)
        fclose(in);
    if (!in || n == 0 || n > SYNC_LIMIT_KEY_FILE) {
        node_log(NULL, NODE_ERROR, "cannot read the key file '%s'", from);
        return NODE_EXIT_FAIL;
    }
    int fd = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    bool ok = fd >= 0 && write(fd, buf, n) == (ssize_t)n && fsync(fd) == 0;
    if (fd >= 0 && close(fd) != 0)
        ok = false;
    sync_memzero(buf, sizeof(buf));
    if (!ok) {
        node_log(NULL, NODE_ERROR, "cannot write '%s': %s", to,
                 strerror(errno));
        return NODE_EXIT_FAIL;
    }
    return NODE_EXIT_OK;
}

/* Opens the restored node: the key must be its own. A node with no hub
 * above it has no one to catch up from: it stops waiting at once. */
static int open_restored(struct node_ctx *ctx)
{
    struct sync_err err;
    size_t n = 0;
    sync_err_init(&err);
    if (node_open(ctx, &ctx->e, &err))
        return node_fail(&err);
    if (!ctx->cfg.up_url && sync_engine_settle(ctx->e, &n, &err))
        return node_fail(&err);
    if (!ctx->cfg.up_url)
        node_log(ctx, NODE_WARN,
                 "restored a node with no hub above it: it writes at once; "
                 "it must not have written since the backup");
    else
        node_log(ctx, NODE_INFO,
                 "restored %s: changes stay pending until its first sync "
                 "with %s",
                 sync_engine_org(ctx->e), ctx->cfg.up_url);
    return NODE_EXIT_OK;
}

int cmd_restore(struct node_ctx *ctx, int argc, char **argv)
{
    const char *pos[1], *pass_file = NULL, *dir = NULL, *key = NULL;
    size_t n_pos = 0;
    const struct node_opt opts[] = {{"dir", &dir, NULL},
                                    {"passphrase-file", &pass_file, NULL},
                                    {"key", &key, NULL},
                                    {NULL, NULL, NULL}};
    int code = node_opts(argc, argv, opts, pos, 1, &n_pos, restore_help);
    if (code)
        return code;
    if (n_pos != 1)
        return node_usage(restore_help, "restore needs FILE");
    if (dir) {
        /* the folder named after the command wins over the global one */
        free(ctx->dir);
        free(ctx->conf_path);
        free(ctx->key_path);
        free(ctx->db_path);
        ctx->dir = sync_xstrdup(dir);
        ctx->conf_path = node_join_path(dir, "spona.conf");
        ctx->key_path = node_join_path(dir, "node.key");
        ctx->db_path = node_join_path(dir, "node.db");
    }
    struct sync_err err;
    struct sync_backup_info info;
    sync_err_init(&err);
    if (sync_backup_restore(pos[0], NULL, NULL, 0, false, &info, &err))
        return node_fail(&err);
    if (!info.key && !key) {
        node_log(NULL, NODE_ERROR,
                 "the backup holds no key: give --key with the node's key "
                 "file");
        return NODE_EXIT_FAIL;
    }
    if (info.key && key)
        return node_usage(restore_help, "the backup holds the key: drop --key");
    if (mkdir(ctx->dir, 0700) != 0 && errno != EEXIST) {
        node_log(NULL, NODE_ERROR, "cannot make '%s': %s", ctx->dir,
                 strerror(errno));
        return NODE_EXIT_FAIL;
    }
    char *pass = sync_xcalloc(1, PASS_MAX);
    if (info.key)
        code = passphrase(pass_file, false, pass, PASS_MAX);
    if (!code && sync_backup_restore(pos[0], ctx->dir, info.key ? pass : NULL,
                                     strlen(pass), true, &info, &err))
        code = node_fail(&err);
    sync_memzero(pass, PASS_MAX);
    free(pass);
    if (!code && key && (code = copy_key(key, ctx->key_path)) != 0) {
        unlink(ctx->db_path);
        unlink(ctx->conf_path);
    }
    return code ? code : open_restored(ctx);
}
