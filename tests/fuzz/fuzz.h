/* SPDX-License-Identifier: MIT */
/*
 * fuzz: what every libFuzzer target shares. Each target defines
 * LLVMFuzzerTestOneInput; fuzz_text gives the input as a NUL-terminated
 * copy (most decoders take C strings). Targets free all they allocate:
 * LeakSanitizer runs with them.
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "spona/engine.h"
#include "spona/mem.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A NUL-terminated copy of data; the caller frees it. */
static inline char *fuzz_text(const uint8_t *data, size_t size)
{
    char *t = sync_xmalloc(size + 1);
    if (size)
        memcpy(t, data, size);
    t[size] = '\0';
    return t;
}

/* sync_global_init once, or abort. */
static inline void fuzz_init(void)
{
    if (sync_global_init(NULL))
        abort();
}

#endif
