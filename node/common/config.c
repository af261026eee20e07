/* SPDX-License-Identifier: MIT */
/*
 * config: spona.conf, an INI file read with libinih. Unknown sections or
 * keys are errors with their line number, so a typo never passes silently.
 * The file is written once, by init; after that it is the operator's.
 */
#include <errno.h>
#include <stddef.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ini.h>

#include "spona/limits.h"
#include "spona/mem.h"
#include "common/node.h"
#include "spona/num.h"

#include "spona/banned.h"

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
    if (strcmp(v, "true") == 0 || strcmp(v, "yes") == 0 || strcmp(v, "1") == 0)
        *out = true;
    else if (strcmp(v, "false") == 0 || strcmp(v, "no") == 0 ||
             strcmp(v, "0") == 0)
        *out = false;
    else
        return false;
    return true;
}

/* How a setting's text becomes its value. */
enum conf_type {
    CONF_STR,     /* char *, owned */
    CONF_BOOL,    /* bool: true/yes/1 or false/no/0 */
    CONF_SECONDS, /* int64_t: 1 to 86400 */
    CONF_LEVEL,   /* enum node_level: debug, info, warn, error */
    CONF_COUNT,   /* int64_t: 1 to 1,000,000 */
    CONF_LANG,    /* char[4]: bs, hr, sr or en */
};

/* One setting of spona.conf: where it lives in struct node_config. */
struct conf_key {
    const char *section;
    const char *key;
    enum conf_type type;
    size_t offset;
};

#define KEY(sec, name, type, member)                                           \
    {                                                                          \
        sec, name, type, offsetof(struct node_config, member)                  \
    }

/* Every setting spona.conf may hold (config.example explains each). */
static const struct conf_key conf_keys[] = {
    KEY("node", "organisation", CONF_STR, org),
    KEY("node", "name", CONF_STR, name),
    KEY("node", "municipality", CONF_STR, lsg),
    KEY("node", "log_level", CONF_LEVEL, level),
    KEY("node", "passphrase_file", CONF_STR, passphrase_file),
    KEY("hub", "listen", CONF_STR, listen),
    KEY("hub", "public_url", CONF_STR, public_url),
    KEY("hub", "cert", CONF_STR, cert),
    KEY("hub", "tls_key", CONF_STR, tls_key),
    KEY("hub", "allow_http", CONF_BOOL, allow_http),
    KEY("hub", "member_rate", CONF_COUNT, member_rate),
    KEY("hub", "member_burst", CONF_COUNT, member_burst),
    KEY("upstream", "url", CONF_STR, up_url),
    KEY("upstream", "key", CONF_STR, up_key),
    KEY("upstream", "pin", CONF_STR, up_pin),
    KEY("upstream", "ca_file", CONF_STR, up_ca),
    KEY("sync", "interval", CONF_SECONDS, interval_s),
    KEY("hub", "checkpoint_interval", CONF_SECONDS, checkpoint_s),
    KEY("sync", "retry_max", CONF_SECONDS, retry_max_s),
    KEY("ui", "listen", CONF_STR, ui_listen),
    KEY("ui", "cert", CONF_STR, ui_cert),
    KEY("ui", "tls_key", CONF_STR, ui_tls_key),
    KEY("ui", "login", CONF_BOOL, ui_login),
    KEY("ui", "language", CONF_LANG, ui_lang),
};

bool node_lang_ok(const char *code)
{
    static const char *const langs[] = {"bs", "hr", "sr", "en"};
    for (size_t i = 0; code && i < sizeof(langs) / sizeof(langs[0]); i++)
        if (strcmp(code, langs[i]) == 0)
            return true;
    return false;
}

/* Sets one setting from its text; 0 with l->why set when the value is
 * wrong. */
static int set_value(struct load *l, const struct conf_key *k,
                     const char *value)
{
    void *dst = (char *)l->cfg + k->offset;
    int level;
    switch (k->type) {
    case CONF_STR:
        set_str(dst, value);
        return 1;
    case CONF_BOOL:
        if (parse_bool(value, dst))
            return 1;
        snprintf(l->why, sizeof(l->why), "%s must be true or false", k->key);
        return 0;
    case CONF_SECONDS:
        if (!sync_parse_i64(dst, value, NULL) && *(int64_t *)dst >= 1 &&
            *(int64_t *)dst <= 86400)
            return 1;
        snprintf(l->why, sizeof(l->why), "%s must be 1 to 86400 seconds",
                 k->key);
        return 0;
    case CONF_COUNT:
        if (!sync_parse_i64(dst, value, NULL) && *(int64_t *)dst >= 1 &&
            *(int64_t *)dst <= 1000000)
            return 1;
        snprintf(l->why, sizeof(l->why), "%s must be 1 to 1000000", k->key);
        return 0;
    case CONF_LANG:
        if (node_lang_ok(value)) {
            snprintf(dst, sizeof(l->cfg->ui_lang), "%s", value);
            return 1;
        }
        snprintf(l->why, sizeof(l->why),
                 "language must be bs, hr, sr or en, not '%.40s'", value);
        return 0;
    case CONF_LEVEL:
        level = parse_level(value);
        if (level >= 0) {
            *(enum node_level *)dst = (enum node_level)level;
            return 1;
        }
        snprintf(l->why, sizeof(l->why),
                 "log_level must be debug, info, "
                 "warn or error, not '%.40s'",
                 value);
        return 0;
    }
    return 0;
}

static int on_value(void *user, const char *section, const char *key,
                    const char *value)
{
    struct load *l = user;
    bool known_section = false;
    for (size_t i = 0; i < sizeof(conf_keys) / sizeof(conf_keys[0]); i++) {
        const struct conf_key *k = &conf_keys[i];
        if (strcmp(section, k->section) != 0)
            continue;
        known_section = true;
        if (strcmp(key, k->key) == 0)
            return set_value(l, k, value);
    }
    if (!known_section)
        snprintf(l->why, sizeof(l->why), "unknown section [%.40s]", section);
    else
        snprintf(l->why, sizeof(l->why), "unknown setting '%.40s' in [%s]", key,
                 section);
    return 0;
}

enum sync_rc node_config_load(struct node_config *cfg, const char *path,
                              struct sync_err *err)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->level = NODE_INFO;
    cfg->interval_s = 300;
    cfg->checkpoint_s = 60;
    cfg->member_rate = SYNC_LIMIT_MEMBER_RATE;
    cfg->member_burst = SYNC_LIMIT_MEMBER_BURST;
    cfg->retry_max_s = 600;
    snprintf(cfg->ui_lang, sizeof(cfg->ui_lang), "bs");
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
    char **all[] = {
        &cfg->passphrase_file, &cfg->org,        &cfg->name,      &cfg->lsg,
        &cfg->listen,          &cfg->public_url, &cfg->cert,      &cfg->tls_key,
        &cfg->up_url,          &cfg->up_key,     &cfg->up_pin,    &cfg->up_ca,
        &cfg->ui_listen,       &cfg->ui_cert,    &cfg->ui_tls_key};
    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
        free(*all[i]);
    memset(cfg, 0, sizeof(*cfg));
}

enum sync_rc node_config_write(const char *path, const char *org,
                               const char *name, const char *lsg,
                               const char *extra, struct sync_err *err)
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
    fprintf(f,
            "# spona node settings; see config.example for every key.\n"
            "[node]\n"
            "# Organisation this node writes for (fixed at init).\n"
            "organisation = %s\n"
            "# Short name of this node, shown to its hub.\n"
            "name = %s\n"
            "# Municipality of the node (its code, see 'spona tables'): the\n"
            "# owner municipality of new practices that name none.\n"
            "%smunicipality = %s\n"
            "# Least level of messages printed: debug, info, warn, error.\n"
            "log_level = info\n",
            org, name, lsg ? "" : "# ", lsg ? lsg : "kljuc");
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
