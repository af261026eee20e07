/* SPDX-License-Identifier: MIT */
/*
 * wake: a non-blocking pipe between the threads of 'spona serve'. The
 * loop polls its read end where it slept; a poke writes a byte to the
 * other. A full pipe already holds a wake-up, so a failed write loses
 * nothing.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/wake.h"
#include "spona/mem.h"

#include "spona/banned.h"

struct node_wake {
    int fd[2]; /* read end, write end; both non-blocking, close-on-exec */
};

static int set_flags(int fd)
{
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
        return -1;
    return fcntl(fd, F_SETFD, FD_CLOEXEC);
}

enum sync_rc node_wake_new(struct node_wake **out, struct sync_err *err)
{
    struct node_wake *w = sync_xcalloc(1, sizeof(*w));
    if (pipe(w->fd) != 0) {
        int e = errno;
        free(w);
        return sync_err_set(err, SYNC_IO, "cannot make a pipe: %s",
                            strerror(e));
    }
    if (set_flags(w->fd[0]) || set_flags(w->fd[1])) {
        int e = errno;
        node_wake_free(w);
        return sync_err_set(err, SYNC_IO, "cannot set up a pipe: %s",
                            strerror(e));
    }
    *out = w;
    return SYNC_OK;
}

void node_wake_free(struct node_wake *w)
{
    if (!w)
        return;
    close(w->fd[0]);
    close(w->fd[1]);
    free(w);
}

void node_wake_poke(struct node_wake *w)
{
    char b = 1;
    /* A failure is EAGAIN (the pipe is full of wake-ups already) or a
     * pipe already closed at exit: nothing to do about either. */
    ssize_t n = write(w->fd[1], &b, 1);
    (void)n;
}

bool node_wake_wait(struct node_wake *w, int ms)
{
    struct pollfd pfd = {.fd = w->fd[0], .events = POLLIN};
    if (poll(&pfd, 1, ms) <= 0 || !(pfd.revents & POLLIN))
        return false;
    char drain[64];
    while (read(w->fd[0], drain, sizeof(drain)) > 0)
        ;
    return true;
}
