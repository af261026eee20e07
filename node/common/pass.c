/* SPDX-License-Identifier: MIT */
/*
 * pass: passphrases, never from the command line: the first line of a
 * file, systemd's credential, or the terminal without echo. What a sealed
 * node key (node.key) and a backup's sealed keys are opened with.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>

#include "spona/mem.h"
#include "spona/sig.h"
#include "common/node.h"

#include "spona/banned.h"

/* The credential 'spona serve' reads under systemd (LoadCredential=). */
#define CREDENTIAL_NAME "spona-passphrase"

/* Reads one line from the terminal without echo into buf; -1 when there
 * is no terminal or nothing was typed. */
static int ask(const char *prompt, char *buf, size_t size)
{
    FILE *tty = fopen("/dev/tty", "r+");
    struct termios old, quiet;
    if (!tty)
        return -1;
    fputs(prompt, tty);
    fflush(tty);
    bool echo_off = tcgetattr(fileno(tty), &old) == 0;
    if (echo_off) {
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(fileno(tty), TCSAFLUSH, &quiet);
    }
    char *got = fgets(buf, (int)size, tty);
    if (echo_off)
        tcsetattr(fileno(tty), TCSAFLUSH, &old);
    fputc('\n', tty);
    fclose(tty);
    return got ? 0 : -1;
}

/* The first line of file into buf. A file others may read is used, with
 * a warning: the seal is only as private as the passphrase. */
static enum sync_rc from_file(const char *file, char *buf, size_t size,
                              struct sync_err *err)
{
    FILE *f = fopen(file, "r");
    struct stat st;
    if (f && fstat(fileno(f), &st) == 0 && (st.st_mode & 077))
        node_log(NULL, NODE_WARN,
                 "the passphrase file '%s' can be read by others "
                 "(chmod 600 it)",
                 file);
    bool ok = f && fgets(buf, (int)size, f);
    if (f)
        fclose(f);
    if (!ok)
        return sync_err_set(err, SYNC_IO,
                            "cannot read the passphrase from '%s'", file);
    buf[strcspn(buf, "\r\n")] = '\0';
    return SYNC_OK;
}

enum sync_rc node_pass_read(const char *file, bool confirm, char *buf,
                            size_t size, struct sync_err *err)
{
    enum sync_rc rc = SYNC_OK;
    if (file)
        rc = from_file(file, buf, size, err);
    else if (ask("Passphrase: ", buf, size) != 0)
        return sync_err_set(err, SYNC_INVALID,
                            "no terminal to ask for the passphrase: give "
                            "--passphrase-file");
    else
        buf[strcspn(buf, "\r\n")] = '\0';
    if (!rc && confirm && !file) {
        char again[NODE_PASS_MAX];
        int bad = ask("Again: ", again, sizeof(again));
        again[strcspn(again, "\r\n")] = '\0';
        bad |= strcmp(again, buf) != 0;
        sync_memzero(again, sizeof(again));
        if (bad)
            rc = sync_err_set(err, SYNC_INVALID, "the passphrases differ");
    }
    if (!rc && confirm && strlen(buf) < NODE_PASS_MIN)
        rc = sync_err_set(err, SYNC_INVALID,
                          "a passphrase needs %d characters or more",
                          NODE_PASS_MIN);
    if (rc)
        sync_memzero(buf, size);
    return rc;
}

/* The passphrase of a sealed node.key into buf (NODE_PASS_MAX bytes). */
static enum sync_rc pass_for_key(const struct node_ctx *ctx, char *buf,
                                 struct sync_err *err)
{
    const char *creds = getenv("CREDENTIALS_DIRECTORY");
    enum sync_rc rc;
    if (ctx->cfg.passphrase_file) {
        char *file = node_path(ctx, ctx->cfg.passphrase_file);
        rc = from_file(file, buf, NODE_PASS_MAX, err);
        free(file);
    } else if (creds && *creds) {
        char *cred = node_join_path(creds, CREDENTIAL_NAME);
        rc = from_file(cred, buf, NODE_PASS_MAX, err);
        free(cred);
    } else if (node_pass_read(NULL, false, buf, NODE_PASS_MAX, err)) {
        rc = sync_err_set(err, SYNC_INVALID,
                          "the node key is sealed: set [node] "
                          "passphrase_file, or run under systemd with the "
                          "credential '" CREDENTIAL_NAME "', or on a "
                          "terminal");
    } else {
        rc = SYNC_OK;
    }
    return rc;
}

enum sync_rc node_key_read(const struct node_ctx *ctx, const char *path,
                           struct sync_key **out, struct sync_err *err)
{
    if (!sync_key_file_sealed(path))
        return sync_key_load(out, path, err);
    char *buf = sync_xcalloc(1, NODE_PASS_MAX);
    enum sync_rc rc = pass_for_key(ctx, buf, err);
    if (!rc)
        rc = sync_key_load_sealed(out, path, buf, strlen(buf), err);
    sync_memzero(buf, NODE_PASS_MAX);
    free(buf);
    return rc;
}

enum sync_rc node_key_load(struct node_ctx *ctx, struct sync_err *err)
{
    return ctx->key ? SYNC_OK
                    : node_key_read(ctx, ctx->key_path, &ctx->key, err);
}

enum sync_rc node_key_write(const struct node_ctx *ctx,
                            const struct sync_key *key, const char *path,
                            struct sync_err *err)
{
    struct sync_key *check = NULL;
    if (!sync_key_file_sealed(ctx->key_path))
        return sync_key_save(key, path, err);
    char *buf = sync_xcalloc(1, NODE_PASS_MAX);
    enum sync_rc rc = pass_for_key(ctx, buf, err);
    /* The passphrase that opens node.key, not a typing mistake that would
     * seal the next key with something nobody knows. */
    if (!rc &&
        sync_key_load_sealed(&check, ctx->key_path, buf, strlen(buf), err))
        rc = sync_err_set(err, SYNC_BADSIG,
                          "that passphrase does not open '%s'", ctx->key_path);
    sync_key_free(check);
    if (!rc)
        rc = sync_key_save_sealed(key, path, buf, strlen(buf), err);
    sync_memzero(buf, NODE_PASS_MAX);
    free(buf);
    return rc;
}
