/* SPDX-License-Identifier: MIT */
/*
 * backup: one file that recreates a node (docs/OPERATIONS.md "The backup
 * file"): a consistent copy of its database taken while it runs, its
 * settings and certificate, and, only when asked for, its secret keys
 * sealed with a passphrase. The whole file ends with its BLAKE2b-256, so
 * a damaged or cut file is refused before anything is written.
 */
#ifndef SPONA_BACKUP_H
#define SPONA_BACKUP_H

#include <stdbool.h>
#include <stddef.h>

#include "spona/err.h"

struct sync_engine;

/* A file of the node folder to put in a backup. */
struct sync_backup_file {
    const char *name; /* its name in the node folder (an allowed one) */
    const char *path; /* where to read it now */
    bool secret;      /* sealed with the passphrase (keys) */
};

/*
 * Writes a backup of node e to a new file at path (mode 0600): the
 * database as of now (other processes may go on writing), then the n
 * files; secret ones are sealed with pass (pass_len bytes), and left out
 * when pass is NULL. SYNC_EXISTS when path exists; SYNC_INVALID for a
 * name that is not one of spona.conf, hub.crt, node.key, hub-tls.key;
 * SYNC_IO, SYNC_DB otherwise. Nothing is left at path on failure.
 */
enum sync_rc sync_backup_write(struct sync_engine *e, const char *path,
                               const struct sync_backup_file *files, size_t n,
                               const char *pass, size_t pass_len,
                               struct sync_err *err) SYNC_MUST_CHECK;

/* What a backup holds. */
struct sync_backup_info {
    bool config;  /* spona.conf */
    bool key;     /* node.key (sealed) */
    bool tls_key; /* hub-tls.key (sealed) */
};

/*
 * Checks the whole backup at path (format and final hash) and, with dir
 * not NULL, writes its files into dir as new files (mode 0600), opening
 * the sealed ones with pass. With await_feed, the restored node keeps its
 * writes pending until it has caught up with its own feeds from its hub
 * (sync_engine_pending). SYNC_BADSIG for a damaged file or a wrong
 * passphrase; SYNC_INVALID when keys are in it and pass is NULL, or it is
 * not a backup; SYNC_EXISTS when a file it holds is in dir already.
 * Nothing is left in dir on failure.
 */
enum sync_rc sync_backup_restore(const char *path, const char *dir,
                                 const char *pass, size_t pass_len,
                                 bool await_feed, struct sync_backup_info *out,
                                 struct sync_err *err) SYNC_MUST_CHECK;

#endif
