/* SPDX-License-Identifier: MIT */
/*
 * log: the lines of node_log. Commands print "spona: message" for a person
 * at a terminal. 'spona serve' switches to daemon lines, one per event,
 * each with its level: a journald priority prefix ("<6>") when standard
 * error is the journal, otherwise an ISO 8601 UTC timestamp and the level
 * name. The mode and level are process-wide atomics, since the server
 * threads log too and SIGHUP changes the level while they run.
 */
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/node.h"

#include "spona/banned.h"

enum log_mode { LOG_CLI, LOG_STAMP, LOG_JOURNAL };

static atomic_int log_mode = LOG_CLI;    /* how lines look */
static atomic_int log_level = NODE_INFO; /* least level, daemon modes */

#define LOG_LINE_MAX 2048 /* bytes of one line; longer ones are cut */

const char *node_level_name(enum node_level level)
{
    static const char *const names[] = {"debug", "info", "warn", "error"};
    return (size_t)level < sizeof(names) / sizeof(names[0]) ? names[level]
                                                            : "?";
}

/* Whether standard error is the stream systemd connected to the journal:
 * JOURNAL_STREAM is "DEVICE:INODE" of it (a child that redirects stderr
 * inherits the variable, so the file itself is compared). */
static bool stderr_is_journal(void)
{
    const char *v = getenv("JOURNAL_STREAM");
    struct stat sb;
    char want[64];
    if (!v || !*v || fstat(STDERR_FILENO, &sb) != 0)
        return false;
    snprintf(want, sizeof(want), "%llu:%llu", (unsigned long long)sb.st_dev,
             (unsigned long long)sb.st_ino);
    return strcmp(v, want) == 0;
}

void node_log_daemon(enum node_level level)
{
    atomic_store(&log_level, (int)level);
    atomic_store(&log_mode, stderr_is_journal() ? LOG_JOURNAL : LOG_STAMP);
}

void node_log_set_level(enum node_level level)
{
    atomic_store(&log_level, (int)level);
}

/* syslog priorities of the levels (sd-daemon.h's SD_DEBUG...). */
static int priority(enum node_level level)
{
    static const int prio[] = {7, 6, 4, 3};
    return (size_t)level < sizeof(prio) / sizeof(prio[0]) ? prio[level] : 6;
}

static size_t prefix(char *out, size_t size, int mode, enum node_level level)
{
    if (mode == LOG_JOURNAL)
        return (size_t)snprintf(out, size, "<%d>", priority(level));
    if (mode == LOG_CLI)
        return (size_t)snprintf(out, size, "spona: ");
    struct timespec ts;
    struct tm tm;
    char when[32];
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);
    return (size_t)snprintf(out, size, "%s.%03ldZ %s ", when,
                            ts.tv_nsec / 1000000L, node_level_name(level));
}

void node_logv(const struct node_ctx *ctx, enum node_level level,
               const char *fmt, va_list ap)
{
    int mode = atomic_load(&log_mode);
    if (mode == LOG_CLI && ctx && level < ctx->cfg.level)
        return;
    if (mode != LOG_CLI && (int)level < atomic_load(&log_level) &&
        level != NODE_ERROR)
        return;
    char line[LOG_LINE_MAX];
    size_t n = prefix(line, sizeof(line) - 1, mode, level);
    int m = vsnprintf(line + n, sizeof(line) - 1 - n, fmt, ap);
    n += m < 0                              ? 0
         : (size_t)m < sizeof(line) - 1 - n ? (size_t)m
                                            : sizeof(line) - 2 - n;
    /* One event, one line: a message never breaks it. */
    for (size_t i = 0; i < n; i++)
        if (line[i] == '\n' || line[i] == '\r')
            line[i] = ' ';
    line[n++] = '\n';
    /* One write, so lines of the server threads never interleave. */
    fwrite(line, 1, n, stderr);
}

void node_log(const struct node_ctx *ctx, enum node_level level,
              const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    node_logv(ctx, level, fmt, ap);
    va_end(ap);
}
