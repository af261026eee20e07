/* SPDX-License-Identifier: MIT */
/*
 * user: the local accounts of the web pages. Passwords are read from the
 * terminal without echo (or one line of standard input in scripts) and
 * kept only as Argon2id hashes; accounts never leave this node.
 */
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli/cli.h"
#include "spona/sig.h"

#include "spona/banned.h"

static const char help[] =
    "usage: spona [--dir DIR] user add NAME --role viewer|editor|admin\n"
    "       spona [--dir DIR] user role NAME viewer|editor|admin\n"
    "       spona [--dir DIR] user list\n"
    "       spona [--dir DIR] user remove NAME\n"
    "\n"
    "Accounts of the web pages ('spona serve'). They are needed when the\n"
    "pages listen on any address but loopback, or with [ui] login = true.\n"
    "add     creates NAME, or sets a new password for it; asks for the\n"
    "        password twice on a terminal, else reads one line of standard\n"
    "        input. At least 10 characters.\n"
    "role    changes the role of NAME, keeping its password.\n"
    "Roles: viewer reads practices and the shared diaspora records; editor\n"
    "also adds and edits this node's practices and sees persons; admin also\n"
    "invites and revokes members of a hub and exports CSV files.\n";

#define PASSWORD_MIN 10   /* characters of a password, at least */
#define PASSWORD_MAX 1024 /* bytes of a password, at most */

/* Reads one line into buf without its line break; no echo on a tty. */
static bool read_line(const char *prompt, char *buf, size_t size)
{
    struct termios old, quiet;
    bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
    if (tty) {
        fputs(prompt, stderr);
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    bool ok = fgets(buf, (int)size, stdin) != NULL;
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
        fputc('\n', stderr);
    }
    if (!ok)
        return false;
    size_t len = strcspn(buf, "\r\n");
    bool whole = buf[len] != '\0' || feof(stdin);
    buf[len] = '\0';
    return whole;
}

static int ask_password(char *pw, size_t size)
{
    char again[PASSWORD_MAX + 2];
    if (!read_line("Password: ", pw, size)) {
        node_log(NULL, NODE_ERROR, "no password given (or over %d bytes)",
                 PASSWORD_MAX);
        return NODE_EXIT_FAIL;
    }
    if (strlen(pw) < PASSWORD_MIN) {
        node_log(NULL, NODE_ERROR,
                 "the password needs at least %d "
                 "characters",
                 PASSWORD_MIN);
        return NODE_EXIT_FAIL;
    }
    if (isatty(STDIN_FILENO)) {
        bool same = read_line("Again: ", again, sizeof(again)) &&
                    strcmp(again, pw) == 0;
        sync_memzero(again, sizeof(again));
        if (!same) {
            node_log(NULL, NODE_ERROR, "the passwords differ");
            return NODE_EXIT_FAIL;
        }
    }
    return NODE_EXIT_OK;
}

static bool role_ok(const char *role)
{
    return role && (strcmp(role, "viewer") == 0 ||
                    strcmp(role, "editor") == 0 || strcmp(role, "admin") == 0);
}

static int add(struct sync_engine *e, const char *name, const char *role)
{
    char pw[PASSWORD_MAX + 2], hash[SYNC_PWHASH_SIZE];
    struct sync_err err;
    sync_err_init(&err);
    if (!name[0] || strlen(name) > 64 || strpbrk(name, " \t\r\n"))
        return node_usage(help, "NAME is 1 to 64 characters, no spaces");
    int code = ask_password(pw, sizeof(pw));
    if (!code && (sync_pw_hash(hash, pw, &err) ||
                  sync_engine_account_put(e, name, role, hash, &err)))
        code = node_fail(&err);
    sync_memzero(pw, sizeof(pw));
    if (!code)
        printf("account %s (%s) saved\n", name, role);
    return code;
}

static enum sync_rc print_account(const struct sync_account *a, void *payload)
{
    char when[32];
    (void)payload;
    node_time(when, a->created);
    printf("%-24s %-7s %s\n", a->name, a->role, when);
    return SYNC_OK;
}

int cmd_user(struct node_ctx *ctx, int argc, char **argv)
{
    const char *pos[3];
    const char *role = NULL;
    size_t n_pos;
    struct node_opt opts[] = {{"role", &role, NULL}, {NULL, NULL, NULL}};
    int code = node_opts(argc, argv, opts, pos, 3, &n_pos, help);
    if (code)
        return code;
    const char *verb = n_pos ? pos[0] : "";
    bool is_add = strcmp(verb, "add") == 0, is_role = strcmp(verb, "role") == 0;
    bool is_list = strcmp(verb, "list") == 0;
    bool is_rm = strcmp(verb, "remove") == 0;
    if (!is_add && !is_role && !is_list && !is_rm)
        return node_usage(help, "user needs add, role, list or remove");
    if ((is_add && (n_pos != 2 || !role_ok(role))) ||
        (is_role && (n_pos != 3 || !role_ok(pos[2]))) ||
        (is_list && n_pos != 1) || (is_rm && n_pos != 2))
        return node_usage(help, "wrong arguments for 'user %s'", verb);
    struct sync_engine *e = ctx->e;
    struct sync_err err;
    sync_err_init(&err);
    if (is_add)
        code = add(e, pos[1], role);
    else if (is_role && sync_engine_account_put(e, pos[1], pos[2], NULL, &err))
        code = node_fail(&err);
    else if (is_list && sync_read_accounts(e, print_account, NULL, &err))
        code = node_fail(&err);
    else if (is_rm && sync_engine_account_remove(e, pos[1], &err))
        code = node_fail(&err);
    return code;
}
