/* SPDX-License-Identifier: MIT */
/* util: temporary folders for tests, removed when the test ends. */
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_DIRS 64

static char dirs[MAX_DIRS][64];
static int n_dirs;

static void remove_dirs(void)
{
    /* Only files written by the tests themselves live in these folders. */
    for (int i = 0; i < n_dirs; i++) {
        char cmd[128];
        snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dirs[i]);
        if (system(cmd) != 0)
            fprintf(stderr, "could not remove %s\n", dirs[i]);
    }
}

const char *test_tmpdir(void)
{
    const char *base = getenv("TMPDIR");
    if (n_dirs == MAX_DIRS)
        abort();
    if (n_dirs == 0)
        atexit(remove_dirs);
    snprintf(dirs[n_dirs], sizeof(dirs[0]), "%s/spona-test-XXXXXX",
             base && strlen(base) < 30 ? base : "/tmp");
    if (!mkdtemp(dirs[n_dirs]))
        abort();
    return dirs[n_dirs++];
}

void test_path(char *out, size_t size, const char *dir, const char *name)
{
    if (snprintf(out, size, "%s/%s", dir, name) >= (int)size)
        abort();
}
