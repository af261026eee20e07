/* SPDX-License-Identifier: MIT */
/*
 * bundle: signed offline bundles, changes carried on a USB stick when
 * there is no network (docs/PROTOCOL.md §15, docs/OPERATIONS.md). This
 * file reads and writes the file; the library makes, checks and applies
 * its bytes.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "spona/bundle.h"
#include "spona/limits.h"
#include "spona/mem.h"
#include "spona/sig.h"
#include "cli/cli.h"

#include "spona/banned.h"

#define ARGS_MAX 16 /* arguments of one bundle command line */

static const char help[] =
    "usage: spona [--dir DIR] bundle create (--for MEMBER | --all | --hub) "
    "[--since DATE] -o FILE\n"
    "       spona [--dir DIR] bundle apply FILE\n"
    "\n"
    "Carries changes on a USB stick where there is no network. A bundle is\n"
    "one file holding entries exactly as their authors signed them, sealed\n"
    "by its maker and checked whole before anything is applied.\n"
    "\n"
    "create   writes FILE (through FILE.part, then renamed):\n"
    "  --for MEMBER  on a hub: what the member (its key, base64, as 'spona\n"
    "                hub members' shows) may pull, with the hub's latest\n"
    "                checkpoint and a receipt for every feed the hub holds\n"
    "  --all         on a hub: the same for any of its members\n"
    "  --hub         on a member: every change its hub has not confirmed\n"
    "  --since DATE  only entries this node stored on or after DATE\n"
    "                (YYYY-MM-DD, UTC); the receiver must hold the earlier\n"
    "                ones\n"
    "  -o, --output FILE  the file to write\n"
    "apply    ingests FILE with exactly the checks of a sync: on a hub, a\n"
    "         member's bundle as its push; on a member, its hub's bundle as\n"
    "         a pull. Applying a bundle twice changes nothing. A damaged or\n"
    "         truncated file is refused whole.\n";

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* DATE as YYYY-MM-DD into Unix ms at 00:00 UTC; -1 when malformed. */
static int64_t parse_date(const char *s)
{
    int64_t v[3] = {0, 0, 0};
    const int width[3] = {4, 2, 2};
    const char *p = s;
    for (int i = 0; i < 3; i++) {
        for (int k = 0; k < width[i]; k++, p++) {
            if (*p < '0' || *p > '9')
                return -1;
            v[i] = v[i] * 10 + (*p - '0');
        }
        if (*p != (i < 2 ? '-' : '\0'))
            return -1;
        p += i < 2;
    }
    if (v[0] < 1970 || v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31)
        return -1;
    return days_from_civil(v[0], v[1], v[2]) * 86400 * 1000;
}

/* Writes len bytes to path through path.part, synced, then renamed. */
static enum sync_rc write_file(const char *path, const char *bytes, size_t len,
                               struct sync_err *err)
{
    size_t n = strlen(path) + sizeof(".part");
    char *tmp = sync_xmalloc(n);
    snprintf(tmp, n, "%s.part", path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    enum sync_rc rc = SYNC_OK;
    if (fd < 0)
        rc = sync_err_set(err, SYNC_IO, "cannot create '%s': %s", tmp,
                          strerror(errno));
    for (size_t off = 0; !rc && off < len;) {
        ssize_t w = write(fd, bytes + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            rc = sync_err_set(err, SYNC_IO, "cannot write '%s': %s", tmp,
                              strerror(errno));
        else
            off += (size_t)w;
    }
    if (!rc && fsync(fd) != 0)
        rc = sync_err_set(err, SYNC_IO, "cannot write '%s': %s", tmp,
                          strerror(errno));
    if (fd >= 0 && close(fd) != 0 && !rc)
        rc = sync_err_set(err, SYNC_IO, "cannot write '%s': %s", tmp,
                          strerror(errno));
    if (!rc && rename(tmp, path) != 0)
        rc = sync_err_set(err, SYNC_IO, "cannot rename '%s' to '%s': %s", tmp,
                          path, strerror(errno));
    if (rc && fd >= 0)
        unlink(tmp);
    free(tmp);
    return rc;
}

/* Reads the whole of path, refusing a file over the bundle limit before
 * reading it. *out is the caller's. */
static enum sync_rc read_file(const char *path, char **out, size_t *len,
                              struct sync_err *err)
{
    struct stat sb;
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return sync_err_set(err, SYNC_IO, "cannot open '%s': %s", path,
                            strerror(errno));
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        close(fd);
        return sync_err_set(err, SYNC_IO, "'%s' is not a file", path);
    }
    if (sb.st_size > SYNC_LIMIT_BUNDLE_BYTES) {
        close(fd);
        return sync_err_set(
            err, SYNC_TOOBIG, "bundle '%s' is %lld bytes, over the limit of %d",
            path, (long long)sb.st_size, SYNC_LIMIT_BUNDLE_BYTES);
    }
    size_t size = (size_t)sb.st_size, got = 0;
    char *buf = sync_xmalloc(size ? size : 1);
    while (got < size) {
        ssize_t r = read(fd, buf + got, size - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    close(fd);
    if (got != size) {
        free(buf);
        return sync_err_set(err, SYNC_IO, "cannot read '%s'", path);
    }
    *out = buf;
    *len = size;
    return SYNC_OK;
}

static void print_counts(const char *what, const struct sync_fed_counts *c)
{
    printf("%s: %zu applied, %zu already held, %zu refused, %zu rejected, "
           "%zu forks, %zu withheld, %zu skipped\n",
           what, c->applied, c->known, c->refused, c->rejected, c->forks,
           c->withheld, c->gaps);
}

/* The spec of bundle create from its options; an exit code. */
static int spec_of(struct node_ctx *ctx, const char *member, bool all, bool hub,
                   const char *since, struct sync_bundle_spec *spec)
{
    struct sync_err err;
    size_t n = 0;
    sync_err_init(&err);
    memset(spec, 0, sizeof(*spec));
    if ((member != NULL) + all + hub != 1)
        return node_usage(help, "bundle create needs one of --for MEMBER, "
                                "--all and --hub");
    if (since && (spec->since_ms = parse_date(since)) < 0)
        return node_usage(help, "--since takes a date as YYYY-MM-DD, not '%s'",
                          since);
    spec->kind = hub ? SYNC_BUNDLE_UP : SYNC_BUNDLE_DOWN;
    if (member && (sync_b64_decode(spec->to, sizeof(spec->to), &n, member,
                                   strlen(member)) ||
                   n != sizeof(spec->to)))
        return node_usage(help,
                          "--for takes a member's key (base64, as 'spona "
                          "hub members' shows), not '%s'",
                          member);
    if (hub) {
        struct sync_upstream u;
        if (node_upstream(ctx, &u, &err))
            return node_fail(&err);
        memcpy(spec->to, u.key, sizeof(spec->to));
    }
    return NODE_EXIT_OK;
}

static int create(struct node_ctx *ctx, int argc, char **argv)
{
    const char *member = NULL, *since = NULL, *file = NULL;
    bool all = false, hub = false;
    size_t n_pos = 0;
    const struct node_opt opts[] = {
        {"for", &member, NULL},  {"all", NULL, &all},     {"hub", NULL, &hub},
        {"since", &since, NULL}, {"output", &file, NULL}, {NULL, NULL, NULL}};
    int code = node_opts(argc, argv, opts, NULL, 0, &n_pos, help);
    if (code)
        return code;
    if (!file)
        return node_usage(help, "bundle create needs -o FILE");
    struct sync_bundle_spec spec;
    if ((code = spec_of(ctx, member, all, hub, since, &spec)))
        return code;
    struct sync_err err;
    struct sync_buf out;
    size_t n = 0;
    sync_err_init(&err);
    sync_buf_init(&out, SYNC_LIMIT_BUNDLE_BYTES);
    enum sync_rc rc = sync_bundle_create(ctx->e, &spec, &out, &n, &err);
    if (!rc)
        rc = write_file(file, out.buf, out.len, &err);
    if (!rc)
        printf("wrote %s: %zu entries, %zu bytes, for %s\n", file, n, out.len,
               hub   ? "the hub"
               : all ? "any member"
                     : member);
    sync_buf_release(&out);
    return rc ? node_fail(&err) : NODE_EXIT_OK;
}

static int apply(struct node_ctx *ctx, const char *file)
{
    struct sync_err err;
    struct sync_bundle b;
    struct sync_fed_counts c = {0};
    struct sync_upstream u;
    char *bytes = NULL;
    size_t len = 0;
    sync_err_init(&err);
    bool joined = node_upstream(ctx, &u, NULL) == SYNC_OK;
    enum sync_rc rc = read_file(file, &bytes, &len, &err);
    if (!rc)
        rc = sync_bundle_parse(&b, bytes, len, SYNC_LIMIT_BUNDLE_ENTRIES, &err);
    free(bytes);
    if (rc) {
        node_log(ctx, NODE_ERROR, "%s; nothing was applied", err.msg);
        return NODE_EXIT_FAIL;
    }
    rc = sync_bundle_apply(ctx->e, &b, joined ? u.key : NULL, &c, &err);
    sync_bundle_release(&b);
    if (rc)
        return node_fail(&err);
    print_counts(file, &c);
    if (c.withheld)
        node_log(ctx, NODE_WARN,
                 "%zu entries came without their payload: withheld ('spona "
                 "status' lists them; asked for again at every sync)",
                 c.withheld);
    return NODE_EXIT_OK;
}

int cmd_bundle(struct node_ctx *ctx, int argc, char **argv)
{
    /* -o is this command's one short option: read as --output here, so
     * the shared parser stays long-options only. */
    char *args[ARGS_MAX];
    if (argc > ARGS_MAX)
        return node_usage(help, "too many arguments");
    for (int i = 0; i < argc; i++)
        args[i] = strcmp(argv[i], "-o") == 0 ? "--output" : argv[i];
    if (argc < 2 || strcmp(args[1], "--help") == 0 ||
        strcmp(args[1], "-h") == 0) {
        if (argc < 2)
            return node_usage(help, "bundle needs create or apply");
        fputs(help, stdout);
        return -1;
    }
    if (strcmp(args[1], "create") == 0)
        return create(ctx, argc - 1, args + 1);
    if (strcmp(args[1], "apply") != 0)
        return node_usage(help, "unknown bundle command '%s'", args[1]);
    const char *pos[1];
    size_t n_pos = 0;
    int code = node_opts(argc - 1, args + 1, NULL, pos, 1, &n_pos, help);
    if (code)
        return code;
    if (n_pos != 1)
        return node_usage(help, "bundle apply needs FILE");
    return apply(ctx, pos[0]);
}
