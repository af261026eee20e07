/* SPDX-License-Identifier: MIT */
/*
 * fuzz_config: the config file reader (inih and the table of keys of
 * node/common/config.c). The input is written to a file and read as
 * spona.conf is at start, then read again over itself (--config).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "fuzz.h"
#include "common/node.h"

static char path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static char dir[] = "/tmp/spona-fuzz.XXXXXX";
    (void)argc;
    (void)argv;
    fuzz_init();
    if (!mkdtemp(dir))
        abort();
    snprintf(path, sizeof(path), "%s/spona.conf", dir);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct node_config cfg;
    struct sync_err err;
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
        abort();
    if (size && write(fd, data, size) != (ssize_t)size)
        abort();
    close(fd);
    if (node_config_load(&cfg, path, &err) == SYNC_OK) {
        if (node_config_overlay(&cfg, path, &err) != SYNC_OK && !err.msg[0])
            abort(); /* a failure always says why */
    }
    node_config_release(&cfg);
    return 0;
}
