/* SPDX-License-Identifier: MIT */
/*
 * mem: the allocators copy exactly, never return NULL, accept size 0, and
 * abort with a message on an impossible size instead of returning.
 */
#include <signal.h>
#include <stdint.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "spona/mem.h"

static void test_copies(void)
{
    char *s = sync_xstrdup("Brčko");
    CHECK_STR("Brčko", s);
    free(s);
    s = sync_xstrndup("Bihać-and-more", 6);
    CHECK_STR("Bihać", s); /* 6 bytes: ć is two */
    free(s);
    unsigned char bytes[4] = {0, 1, 0, 2};
    unsigned char *d = sync_xmemdup(bytes, sizeof(bytes));
    CHECK_MEM(bytes, d, sizeof(bytes));
    free(d);
    void *z = sync_xmalloc(0);
    CHECK(z != NULL);
    z = sync_xrealloc(z, 0);
    CHECK(z != NULL);
    free(z);
    int *c = sync_xcalloc(16, sizeof(int));
    int sum = 0;
    for (int i = 0; i < 16; i++)
        sum += c[i];
    CHECK(sum == 0);
    free(c);
}

/* Runs fn in a child; true when the child was killed by SIGABRT. */
static int aborts(void (*fn)(void))
{
    pid_t pid = fork();
    if (pid == 0) {
        /* The message goes to stderr; keep the test output clean. */
        if (!freopen("/dev/null", "w", stderr))
            _exit(3);
        fn();
        _exit(0);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) != pid)
        return 0;
    return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
}

static void huge_calloc(void)
{
    void *p = sync_xcalloc(SIZE_MAX / 2, 4); /* n * size overflows */
    free(p);
}

static void test_overflow_aborts(void)
{
    CHECK(aborts(huge_calloc));
}

int main(void)
{
    RUN(test_copies);
    RUN(test_overflow_aborts);
    return CHECK_DONE();
}
