/* SPDX-License-Identifier: MIT */
/* util: temporary folders for tests, removed when the test ends. */
#include "util.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_DIRS 64

static char dirs[MAX_DIRS][64];
static int n_dirs;

/* Test folders are flat: files written by the test, no subfolders. */
static void remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    char path[256];
    while (d && (de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        test_path(path, sizeof(path), dir, de->d_name);
        unlink(path);
    }
    if (d)
        closedir(d);
    if (rmdir(dir) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
}

static void remove_dirs(void)
{
    for (int i = 0; i < n_dirs; i++)
        remove_dir(dirs[i]);
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
