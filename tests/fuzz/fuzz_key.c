/* SPDX-License-Identifier: MIT */
/*
 * fuzz_key: the key file reader. The input is written to a file (in a
 * folder made once) and loaded as a device key would be at start.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <unistd.h>

#include "fuzz.h"
#include "spona/sig.h"

static char path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static char dir[] = "/tmp/spona-fuzz.XXXXXX";
    (void)argc;
    (void)argv;
    fuzz_init();
    if (!mkdtemp(dir))
        abort();
    snprintf(path, sizeof(path), "%s/node.key", dir);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct sync_key *k = NULL;
    struct sync_err err;
    /* owner-only, or the reader refuses it before parsing */
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0 || fchmod(fd, 0600) != 0)
        abort();
    if (size && write(fd, data, size) != (ssize_t)size)
        abort();
    close(fd);
    if (sync_key_load(&k, path, &err) == SYNC_OK)
        sync_key_free(k);
    return 0;
}
