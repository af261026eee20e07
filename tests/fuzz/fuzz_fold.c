/* SPDX-License-Identifier: MIT */
/*
 * fuzz_fold: folding text for search, whole and word by word. The folded
 * text is words of no capital ASCII letters joined by single spaces. (It
 * is not idempotent: "djj" folds to "dj", which folds to "d"; index and
 * query are both folded once from the raw text, so that is harmless.)
 */
#include "spona/fold.h"
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_init();
    return 0;
}

static int word(const char *w, size_t len, size_t start, size_t end,
                void *payload)
{
    size_t *total = payload;
    if (start > end || (len && !w))
        abort();
    *total += len;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct sync_err err;
    char *text = fuzz_text(data, size);
    size_t cap = 4 * size + 16;
    char *once = sync_xmalloc(cap);
    size_t total = 0;
    (void)sync_fold_words(text, size, word, &total);
    if (sync_fold(once, cap, text, &err) == SYNC_OK) {
        size_t n = strlen(once);
        if (n && (once[0] == ' ' || once[n - 1] == ' ' || strstr(once, "  ")))
            abort();
        for (size_t i = 0; i < n; i++)
            if (once[i] >= 'A' && once[i] <= 'Z')
                abort();
    }
    free(once);
    free(text);
    return 0;
}
