/* SPDX-License-Identifier: MIT */
/*
 * config: spona.conf, an INI file read with libinih. Unknown sections or
 * keys are errors with their line number, so a typo never passes silently.
 * The file is written once, by init; after that it is the operator's.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ini.h>

#include "limits.h"
#include "mem.h"
#include "node.h"
#include "num.h"

#include "banned.h"

struct load {
    struct node_config *cfg; /* being filled */
    char why[160];           /* first problem */
};

static int parse_level(const char *v)
{
    static const char *const names[] = {"debug", "info", "warn", "error"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strcmp(v, names[i]) == 0)
            return (int)i;
    return -1;
}

/* Sets a string setting, replacing an earlier value. */
static void set_str(char **dst, const char *value)
{
    free(*dst);
    *dst = sync_xstrdup(value);
}

static bool parse_bool(const char *v, bool *out)
{
    if (strcmp(v, "true") == 0 || strcmp(v, "yes") == 0 ||
        strcmp(v, "1") == 0)
        *out = true;
    else if (strcmp(v, "false") == 0 || strcmp(v, "no") == 0 ||
             strcmp(v, "0") == 0)
        *out = false;
    else
        return false;
    return true;
}

static int on_node(struct load *l, const char *key, const char *value)
{
    struct node_config *c = l->cfg;
    if (strcmp(key, "organisation") == 0) {
        set_str(&c->org, value);
    } else if (strcmp(key, "name") == 0) {
        set_str(&c->name, value);
    } else if (strcmp(key, "log_level") == 0) {
        int level = parse_level(value);
        if (level < 0) {
            snprintf(l->why, sizeof(l->why), "log_level must be debug, info, "
                     "warn or error, not '%.40s'", value);
            return 0;
        }
        c->level = (enum node_level)level;
    } else {
        return -1;
    }
    return 1;
}

static int on_hub(struct load *l, const char *key, const char *value)
{
    struct node_config *c = l->cfg;
    if (strcmp(key, "listen") == 0)
        set_str(&c->listen, value);
    else if (strcmp(key, "public_url") == 0)
        set_str(&c->public_url, value);
    else if (strcmp(key, "cert") == 0)
        set_str(&c->cert, value);
    else if (strcmp(key, "tls_key") == 0)
        set_str(&c->tls_key, value);
    else if (strcmp(key, "allow_http") == 0) {
        if (!parse_bool(value, &c->allow_http)) {
            snprintf(l->why, sizeof(l->why), "allow_http must be true or "
                     "false");
            return 0;
        }
    } else
        return -1;
    return 1;
}

static int on_upstream(struct load *l, const char *key, const char *value)
{
    struct node_config *c = l->cfg;
    if (strcmp(key, "url") == 0)
        set_str(&c->up_url, value);
    else if (strcmp(key, "key") == 0)
        set_str(&c->up_key, value);
    else if (strcmp(key, "pin") == 0)
        set_str(&c->up_pin, value);
    else if (strcmp(key, "ca_file") == 0)
        set_str(&c->up_ca, value);
    else
        return -1;
    return 1;
}

static int on_sync(struct load *l, const char *key, const char *value)
{
    int64_t *dst = strcmp(key, "interval") == 0      ? &l->cfg->interval_s
                   : strcmp(key, "retry_max") == 0 ? &l->cfg->retry_max_s
                                                     : NULL;
    if (!dst)
        return -1;
    if (sync_parse_i64(dst, value, NULL) || *dst < 1 || *dst > 86400) {
        snprintf(l->why, sizeof(l->why), "%s must be 1 to 86400 seconds",
                 key);
        return 0;
    }
    return 1;
}

static int on_ui(struct load *l, const char *key, const char *value)
{
    struct node_config *c = l->cfg;
    if (strcmp(key, "listen") == 0) {
        set_str(&c->ui_listen, value);
    } else if (strcmp(key, "cert") == 0) {
        set_str(&c->ui_cert, value);
    } else if (strcmp(key, "tls_key") == 0) {
        set_str(&c->ui_tls_key, value);
    } else if (strcmp(key, "login") == 0) {
        if (!parse_bool(value, &c->ui_login)) {
            snprintf(l->why, sizeof(l->why), "login must be true or false");
            return 0;
        }
    } else {
        return -1;
    }
    return 1;
}

static int on_value(void *user, const char *section, const char *key,
                    const char *value)
{
    struct load *l = user;
    int r = -2;
    if (strcmp(section, "node") == 0)
        r = on_node(l, key, value);
    else if (strcmp(section, "hub") == 0)
        r = on_hub(l, key, value);
    else if (strcmp(section, "upstream") == 0)
        r = on_upstream(l, key, value);
    else if (strcmp(section, "sync") == 0)
        r = on_sync(l, key, value);
    else if (strcmp(section, "ui") == 0)
        r = on_ui(l, key, value);
    if (r == -2)
        snprintf(l->why, sizeof(l->why), "unknown section [%.40s]", section);
    else if (r == -1)
        snprintf(l->why, sizeof(l->why), "unknown setting '%.40s' in [%s]",
                 key, section);
    return r > 0;
}

enum sync_rc node_config_load(struct node_config *cfg, const char *path,
                              struct sync_err *err)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->level = NODE_INFO;
    cfg->interval_s = 300;
    cfg->retry_max_s = 600;
    return node_config_overlay(cfg, path, err);
}

enum sync_rc node_config_overlay(struct node_config *cfg, const char *path,
                                 struct sync_err *err)
{
    struct stat sb;
    struct load l = {.cfg = cfg};
    if (stat(path, &sb) != 0)
        return sync_err_set(err, errno == ENOENT ? SYNC_NOTFOUND : SYNC_IO,
                            "cannot read '%s': %s", path, strerror(errno));
    if (sb.st_size > SYNC_LIMIT_CONFIG_FILE)
        return sync_err_set(err, SYNC_TOOBIG, "config '%s' is over %d bytes",
                            path, SYNC_LIMIT_CONFIG_FILE);
    int line = ini_parse(path, on_value, &l);
    if (line < 0)
        return sync_err_set(err, SYNC_IO, "cannot read '%s'", path);
    if (line > 0)
        return sync_err_set(err, SYNC_INVALID, "%s:%d: %s", path, line,
                            l.why[0] ? l.why : "not a key = value line");
    return SYNC_OK;
}

void node_config_release(struct node_config *cfg)
{
    char **all[] = {&cfg->org,    &cfg->name,       &cfg->listen,
                    &cfg->public_url, &cfg->cert,   &cfg->tls_key,
                    &cfg->up_url, &cfg->up_key,     &cfg->up_pin,
                    &cfg->up_ca,  &cfg->ui_listen,  &cfg->ui_cert,
                    &cfg->ui_tls_key};
    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
        free(*all[i]);
    memset(cfg, 0, sizeof(*cfg));
}

enum sync_rc node_config_write(const char *path, const char *org,
                               const char *name, const char *extra,
                               struct sync_err *err)
{
    if (strpbrk(org, "\n\r") || strpbrk(name, "\n\r"))
        return sync_err_set(err, SYNC_INVALID,
                            "names may not contain line breaks");
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
    if (fd < 0)
        return sync_err_set(err, errno == EEXIST ? SYNC_EXISTS : SYNC_IO,
                            "cannot create '%s': %s", path, strerror(errno));
    FILE *f = fdopen(fd, "w");
    if (!f) {
        close(fd);
        return sync_err_set(err, SYNC_IO, "cannot write '%s'", path);
    }
    fprintf(f, "# spona node settings; see config.example for every key.\n"
               "[node]\n"
               "# Organisation this node writes for (fixed at init).\n"
               "organisation = %s\n"
               "# Short name of this node, shown to its hub.\n"
               "name = %s\n"
               "# Least level of messages printed: debug, info, warn, error.\n"
               "log_level = info\n", org, name);
    if (extra)
        fputs(extra, f);
    bool bad = fflush(f) != 0 || fsync(fd) != 0;
    bad |= fclose(f) != 0;
    if (bad) {
        unlink(path);
        return sync_err_set(err, SYNC_IO, "cannot write '%s'", path);
    }
    return SYNC_OK;
}

enum sync_rc node_config_append(const char *path, const char *text,
                                struct sync_err *err)
{
    int fd = open(path, O_WRONLY | O_APPEND);
    if (fd < 0)
        return sync_err_set(err, SYNC_IO, "cannot open '%s': %s", path,
                            strerror(errno));
    size_t len = strlen(text);
    bool bad = write(fd, text, len) != (ssize_t)len || fsync(fd) != 0;
    bad |= close(fd) != 0;
    return bad ? sync_err_set(err, SYNC_IO, "cannot write '%s'", path)
               : SYNC_OK;
}
