/* SPDX-License-Identifier: MIT */
/*
 * log: the program's log, on standard error: one line per event, for the
 * operator and the service manager. Output meant for the user (results,
 * --json) is cli/'s alone.
 */
#include <stdarg.h>
#include <stdio.h>

#include "common/node.h"

#include "spona/banned.h"

void node_vlog(const char *fmt, va_list ap)
{
    fputs("spona: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void node_log(const struct node_ctx *ctx, enum node_level level,
              const char *fmt, ...)
{
    if (ctx && level < ctx->cfg.level)
        return;
    va_list ap;
    va_start(ap, fmt);
    node_vlog(fmt, ap);
    va_end(ap);
}
