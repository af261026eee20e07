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

static int on_value(void *user, const char *section, const char *key,
                    const char *value)
{
    struct load *l = user;
    if (strcmp(section, "node") != 0) {
        snprintf(l->why, sizeof(l->why), "unknown section [%.40s]", section);
        return 0;
    }
    if (strcmp(key, "organisation") == 0) {
        free(l->cfg->org);
        l->cfg->org = sync_xstrdup(value);
    } else if (strcmp(key, "name") == 0) {
        free(l->cfg->name);
        l->cfg->name = sync_xstrdup(value);
    } else if (strcmp(key, "log_level") == 0) {
        int level = parse_level(value);
        if (level < 0) {
            snprintf(l->why, sizeof(l->why), "log_level must be debug, info, "
                     "warn or error, not '%.40s'", value);
            return 0;
        }
        l->cfg->level = (enum node_level)level;
    } else {
        snprintf(l->why, sizeof(l->why), "unknown setting '%.40s'", key);
        return 0;
    }
    return 1;
}

enum sync_rc node_config_load(struct node_config *cfg, const char *path,
                              struct sync_err *err)
{
    struct stat sb;
    struct load l = {.cfg = cfg};
    memset(cfg, 0, sizeof(*cfg));
    cfg->level = NODE_INFO;
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
    free(cfg->org);
    free(cfg->name);
    memset(cfg, 0, sizeof(*cfg));
}

enum sync_rc node_config_write(const char *path, const char *org,
                               const char *name, struct sync_err *err)
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
    bool bad = fflush(f) != 0 || fsync(fd) != 0;
    bad |= fclose(f) != 0;
    if (bad) {
        unlink(path);
        return sync_err_set(err, SYNC_IO, "cannot write '%s'", path);
    }
    return SYNC_OK;
}
