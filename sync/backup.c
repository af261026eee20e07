/* SPDX-License-Identifier: MIT */
/*
 * backup: writes and reads the backup file (docs/OPERATIONS.md "The
 * backup file"): a magic, sections (tag, name, length, bytes), and the
 * BLAKE2b-256 of everything before it. Reading checks the final hash
 * over the whole file before it writes a byte, and takes only the file
 * names it knows, so a backup cannot write outside the folder given.
 */
#include "spona/backup.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "spona/engine.h"
#include "spona/limits.h"
#include "spona/mem.h"
#include "spona/num.h"
#include "spona/sig.h"
#include "engine_int.h"
#include "store.h"

#include "spona/banned.h"

#define MAGIC "SPONABK1"
#define MAGIC_LEN 8
#define T_FILE 'F'   /* a file as it is */
#define T_PARAMS 'P' /* salt and Argon2id limits of the sealed files */
#define T_SEALED 'S' /* a file sealed with the passphrase */
#define PARAMS_LEN (SYNC_SEAL_SALT_LEN + 16)
#define CHUNK (64 * 1024)
#define SMALL_FILE (1024 * 1024) /* bytes of a file other than the db */
#define DB_NAME "node.db"

/* The files a backup may hold, and whether each is sealed. */
static const struct {
    const char *name;
    bool secret;
} known[] = {{"spona.conf", false},
             {DB_NAME, false},
             {"hub.crt", false},
             {"node.key", true},
             {"hub-tls.key", true}};
#define N_KNOWN (sizeof(known) / sizeof(known[0]))

static int known_index(const char *name, size_t len)
{
    for (size_t i = 0; i < N_KNOWN; i++)
        if (strlen(known[i].name) == len &&
            memcmp(known[i].name, name, len) == 0)
            return (int)i;
    return -1;
}

/* ---- writing ---- */

struct out {
    FILE *f;               /* the backup file */
    struct sync_hasher *h; /* hash of every byte written */
    const char *path;      /* its path, for messages */
};

static enum sync_rc out_put(struct out *o, const void *p, size_t len,
                            struct sync_err *err)
{
    if (len && fwrite(p, 1, len, o->f) != len)
        return sync_err_set(err, SYNC_IO, "cannot write '%s': %s", o->path,
                            strerror(errno));
    sync_hasher_update(o->h, p, len);
    return SYNC_OK;
}

static enum sync_rc out_section(struct out *o, char tag, const char *name,
                                uint64_t len, struct sync_err *err)
{
    uint8_t head[2 + 255 + 8];
    size_t nlen = strlen(name);
    if (nlen > 255)
        return sync_err_set(err, SYNC_INVALID, "name '%.40s' too long", name);
    head[0] = (uint8_t)tag;
    head[1] = (uint8_t)nlen;
    memcpy(head + 2, name, nlen);
    sync_be_put(head + 2 + nlen, len, 8);
    return out_put(o, head, 2 + nlen + 8, err);
}

/* Reads a whole small file (at most SMALL_FILE bytes) into *out. */
static enum sync_rc read_small(const char *path, uint8_t **out, size_t *len,
                               struct sync_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return sync_err_set(err, SYNC_IO, "cannot read '%s': %s", path,
                            strerror(errno));
    uint8_t *buf = sync_xmalloc(SMALL_FILE + 1);
    size_t n = fread(buf, 1, SMALL_FILE + 1, f);
    bool bad = ferror(f);
    fclose(f);
    if (bad || n > SMALL_FILE) {
        sync_memzero(buf, n);
        free(buf);
        return sync_err_set(err, bad ? SYNC_IO : SYNC_TOOBIG,
                            "cannot read '%s': %s", path,
                            bad ? "read error" : "over 1 MiB");
    }
    *out = buf;
    *len = n;
    return SYNC_OK;
}

/* Copies the database copy at path into a file section. */
static enum sync_rc out_db(struct out *o, const char *path,
                           struct sync_err *err)
{
    struct stat sb;
    FILE *f = fopen(path, "rb");
    if (!f || fstat(fileno(f), &sb) != 0) {
        if (f)
            fclose(f);
        return sync_err_set(err, SYNC_IO, "cannot read '%s': %s", path,
                            strerror(errno));
    }
    enum sync_rc rc =
        out_section(o, T_FILE, DB_NAME, (uint64_t)sb.st_size, err);
    uint8_t *buf = sync_xmalloc(CHUNK);
    uint64_t left = (uint64_t)sb.st_size;
    while (!rc && left) {
        size_t want = left < CHUNK ? (size_t)left : CHUNK;
        size_t n = fread(buf, 1, want, f);
        if (n != want)
            rc = sync_err_set(err, SYNC_IO, "cannot read '%s'", path);
        else
            rc = out_put(o, buf, n, err);
        left -= n;
    }
    free(buf);
    fclose(f);
    return rc;
}

/* Writes one file of the node folder, sealed with key when secret. */
static enum sync_rc out_file(struct out *o, const struct sync_backup_file *bf,
                             const uint8_t *key, struct sync_err *err)
{
    uint8_t *data = NULL;
    size_t len = 0;
    enum sync_rc rc = read_small(bf->path, &data, &len, err);
    if (rc)
        return rc;
    if (!bf->secret) {
        rc = out_section(o, T_FILE, bf->name, len, err);
        if (!rc)
            rc = out_put(o, data, len, err);
        free(data);
        return rc;
    }
    size_t clen = SYNC_SEAL_NONCE_LEN + SYNC_SEAL_MAC_LEN + len;
    uint8_t *c = sync_xmalloc(clen);
    sync_random(c, SYNC_SEAL_NONCE_LEN);
    sync_seal(c + SYNC_SEAL_NONCE_LEN, data, len, c, key);
    sync_memzero(data, len);
    free(data);
    rc = out_section(o, T_SEALED, bf->name, clen, err);
    if (!rc)
        rc = out_put(o, c, clen, err);
    free(c);
    return rc;
}

/* The parameters section, and the key they give with pass. */
static enum sync_rc out_params(struct out *o, const char *pass, size_t pass_len,
                               uint8_t *key, struct sync_err *err)
{
    uint8_t p[PARAMS_LEN];
    sync_random(p, SYNC_SEAL_SALT_LEN);
    sync_be_put(p + SYNC_SEAL_SALT_LEN, SYNC_SEAL_OPSLIMIT, 8);
    sync_be_put(p + SYNC_SEAL_SALT_LEN + 8, SYNC_SEAL_MEMLIMIT, 8);
    enum sync_rc rc = sync_seal_key(key, pass, pass_len, p, SYNC_SEAL_OPSLIMIT,
                                    SYNC_SEAL_MEMLIMIT, err);
    if (!rc)
        rc = out_section(o, T_PARAMS, "", sizeof(p), err);
    if (!rc)
        rc = out_put(o, p, sizeof(p), err);
    return rc;
}

static enum sync_rc out_body(struct out *o, struct sync_engine *e,
                             const char *tmp, const struct sync_backup_file *fs,
                             size_t n, const char *pass, size_t pass_len,
                             struct sync_err *err)
{
    uint8_t key[SYNC_SEAL_KEY_LEN];
    bool sealed = false;
    enum sync_rc rc = sync_store_copy_to(sync_engine_store(e), tmp, err);
    if (!rc)
        rc = out_put(o, MAGIC, MAGIC_LEN, err);
    if (!rc)
        rc = out_db(o, tmp, err);
    for (size_t i = 0; i < n && !rc; i++) {
        int k = known_index(fs[i].name, strlen(fs[i].name));
        if (k < 0 || strcmp(fs[i].name, DB_NAME) == 0 ||
            known[k].secret != fs[i].secret)
            rc = sync_err_set(err, SYNC_INVALID, "cannot back up '%.40s'",
                              fs[i].name);
        else if (fs[i].secret && !pass)
            continue;
        else if (fs[i].secret && !sealed) {
            rc = out_params(o, pass, pass_len, key, err);
            sealed = !rc;
        }
        if (!rc)
            rc = out_file(o, &fs[i], key, err);
    }
    sync_memzero(key, sizeof(key));
    return rc;
}

enum sync_rc sync_backup_write(struct sync_engine *e, const char *path,
                               const struct sync_backup_file *files, size_t n,
                               const char *pass, size_t pass_len,
                               struct sync_err *err)
{
    char tmp[4096];
    uint8_t sum[SYNC_HASH_LEN];
    if (snprintf(tmp, sizeof(tmp), "%s.db-part", path) >= (int)sizeof(tmp))
        return sync_err_set(err, SYNC_INVALID, "path too long");
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return sync_err_set(err, errno == EEXIST ? SYNC_EXISTS : SYNC_IO,
                            "cannot create '%s': %s", path, strerror(errno));
    struct out o = {.f = fdopen(fd, "wb"), .path = path};
    if (!o.f) {
        close(fd);
        unlink(path);
        return sync_err_set(err, SYNC_IO, "cannot write '%s'", path);
    }
    sync_hasher_new(&o.h);
    unlink(tmp); /* a copy left by a backup that was killed */
    enum sync_rc rc = out_body(&o, e, tmp, files, n, pass, pass_len, err);
    sync_hasher_final(o.h, sum);
    if (!rc && fwrite(sum, 1, sizeof(sum), o.f) != sizeof(sum))
        rc = sync_err_set(err, SYNC_IO, "cannot write '%s'", path);
    if (!rc && (fflush(o.f) != 0 || fsync(fileno(o.f)) != 0))
        rc = sync_err_set(err, SYNC_IO, "cannot write '%s': %s", path,
                          strerror(errno));
    if (fclose(o.f) != 0 && !rc)
        rc = sync_err_set(err, SYNC_IO, "cannot write '%s'", path);
    unlink(tmp);
    if (rc)
        unlink(path);
    return rc;
}

/* ---- reading ---- */

struct in {
    FILE *f;          /* the backup */
    uint64_t end;     /* offset of the final hash */
    uint64_t at;      /* offset read so far */
    const char *path; /* for messages */
};

static enum sync_rc in_get(struct in *i, void *p, size_t len,
                           struct sync_err *err)
{
    if (len > i->end - i->at || fread(p, 1, len, i->f) != len)
        return sync_err_set(err, SYNC_INVALID,
                            "backup '%s' is cut short or malformed", i->path);
    i->at += len;
    return SYNC_OK;
}

/* Checks the final hash over the whole file; leaves f at the start. */
static enum sync_rc in_check(struct in *i, struct sync_err *err)
{
    struct stat sb;
    uint8_t want[SYNC_HASH_LEN], got[SYNC_HASH_LEN];
    if (fstat(fileno(i->f), &sb) != 0 ||
        (uint64_t)sb.st_size < MAGIC_LEN + SYNC_HASH_LEN)
        return sync_err_set(err, SYNC_INVALID, "'%s' is not a spona backup",
                            i->path);
    i->end = (uint64_t)sb.st_size - SYNC_HASH_LEN;
    struct sync_hasher *h;
    sync_hasher_new(&h);
    uint8_t *buf = sync_xmalloc(CHUNK);
    enum sync_rc rc = SYNC_OK;
    while (!rc && i->at < i->end) {
        size_t want_n =
            i->end - i->at < CHUNK ? (size_t)(i->end - i->at) : CHUNK;
        rc = in_get(i, buf, want_n, err);
        if (!rc)
            sync_hasher_update(h, buf, want_n);
    }
    free(buf);
    sync_hasher_final(h, got);
    if (rc)
        return rc;
    if (fread(want, 1, sizeof(want), i->f) != sizeof(want) ||
        !sync_memeq(want, got, sizeof(want)))
        return sync_err_set(err, SYNC_BADSIG,
                            "backup '%s' is damaged: its final hash does not "
                            "match (nothing was restored)",
                            i->path);
    rewind(i->f);
    i->at = 0;
    char magic[MAGIC_LEN];
    rc = in_get(i, magic, MAGIC_LEN, err);
    if (!rc && memcmp(magic, MAGIC, MAGIC_LEN) != 0)
        rc = sync_err_set(err, SYNC_INVALID,
                          "'%s' is not a spona backup (version 1)", i->path);
    return rc;
}

/* What one pass over the sections does. */
struct restore {
    const char *dir;  /* where files go; NULL: only check */
    const char *pass; /* the passphrase, or NULL */
    size_t pass_len;  /* its bytes */
    bool have_params; /* the parameters section was read */
    uint8_t params[PARAMS_LEN];
    bool have_key; /* key holds the derived key */
    uint8_t key[SYNC_SEAL_KEY_LEN];
    bool seen[N_KNOWN]; /* files met */
    bool made[N_KNOWN]; /* files written into dir */
    struct sync_backup_info *info;
};

static enum sync_rc target(const struct restore *r, int k, char *out,
                           size_t size, int *fd, struct sync_err *err)
{
    if (snprintf(out, size, "%s/%s", r->dir, known[k].name) >= (int)size)
        return sync_err_set(err, SYNC_INVALID, "folder name too long");
    *fd = open(out, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (*fd < 0)
        return sync_err_set(err, errno == EEXIST ? SYNC_EXISTS : SYNC_IO,
                            "cannot create '%s': %s", out, strerror(errno));
    return SYNC_OK;
}

static enum sync_rc write_all(int fd, const void *p, size_t len,
                              const char *path, struct sync_err *err)
{
    const uint8_t *b = p;
    while (len) {
        ssize_t n = write(fd, b, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return sync_err_set(err, SYNC_IO, "cannot write '%s': %s", path,
                                strerror(errno));
        b += n;
        len -= (size_t)n;
    }
    return SYNC_OK;
}

/* A plain file section of len bytes: copied into dir, or skipped. */
static enum sync_rc in_plain(struct in *i, struct restore *r, int k,
                             uint64_t len, struct sync_err *err)
{
    char path[4096];
    int fd = -1;
    enum sync_rc rc = SYNC_OK;
    if (r->dir && !(rc = target(r, k, path, sizeof(path), &fd, err)))
        r->made[k] = true;
    uint8_t *buf = sync_xmalloc(CHUNK);
    while (!rc && len) {
        size_t n = len < CHUNK ? (size_t)len : CHUNK;
        rc = in_get(i, buf, n, err);
        if (!rc && fd >= 0)
            rc = write_all(fd, buf, n, path, err);
        len -= n;
    }
    free(buf);
    if (fd >= 0 && (fsync(fd) != 0 || close(fd) != 0) && !rc)
        rc = sync_err_set(err, SYNC_IO, "cannot write '%s'", path);
    return rc;
}

static enum sync_rc derive(struct restore *r, struct sync_err *err)
{
    if (r->have_key)
        return SYNC_OK;
    if (!r->have_params)
        return sync_err_set(err, SYNC_INVALID,
                            "backup is malformed: a sealed file before the "
                            "passphrase parameters");
    if (!r->pass)
        return sync_err_set(err, SYNC_INVALID,
                            "the backup holds sealed keys: give its "
                            "passphrase");
    enum sync_rc rc =
        sync_seal_key(r->key, r->pass, r->pass_len, r->params,
                      sync_be_get(r->params + SYNC_SEAL_SALT_LEN, 8),
                      sync_be_get(r->params + SYNC_SEAL_SALT_LEN + 8, 8), err);
    r->have_key = !rc;
    return rc;
}

/* A sealed file section: opened with the passphrase into dir. */
static enum sync_rc in_sealed(struct in *i, struct restore *r, int k,
                              uint64_t len, struct sync_err *err)
{
    if (len < SYNC_SEAL_NONCE_LEN + SYNC_SEAL_MAC_LEN || len > SMALL_FILE)
        return sync_err_set(err, SYNC_INVALID, "backup is malformed");
    uint8_t *c = sync_xmalloc((size_t)len);
    size_t plen = (size_t)len - SYNC_SEAL_NONCE_LEN - SYNC_SEAL_MAC_LEN;
    uint8_t *plain = sync_xmalloc(plen + 1);
    char path[4096];
    int fd = -1;
    enum sync_rc rc = in_get(i, c, (size_t)len, err);
    if (!rc && r->dir)
        rc = derive(r, err);
    if (!rc && r->dir &&
        sync_seal_open(plain, c + SYNC_SEAL_NONCE_LEN,
                       (size_t)len - SYNC_SEAL_NONCE_LEN, c, r->key))
        rc = sync_err_set(err, SYNC_BADSIG,
                          "wrong passphrase for the keys in the backup");
    if (!rc && r->dir && !(rc = target(r, k, path, sizeof(path), &fd, err))) {
        r->made[k] = true;
        rc = write_all(fd, plain, plen, path, err);
        if ((fsync(fd) != 0 || close(fd) != 0) && !rc)
            rc = sync_err_set(err, SYNC_IO, "cannot write '%s'", path);
    }
    sync_memzero(plain, plen);
    free(plain);
    free(c);
    return rc;
}

static enum sync_rc in_section(struct in *i, struct restore *r,
                               struct sync_err *err)
{
    uint8_t head[2], lenb[8];
    char name[256];
    enum sync_rc rc = in_get(i, head, 2, err);
    if (!rc)
        rc = in_get(i, name, head[1], err);
    if (!rc)
        rc = in_get(i, lenb, 8, err);
    if (rc)
        return rc;
    uint64_t len = sync_be_get(lenb, 8);
    if (len > i->end - i->at)
        return sync_err_set(err, SYNC_INVALID,
                            "backup '%s' is cut short or malformed", i->path);
    if (head[0] == T_PARAMS) {
        if (head[1] || len != PARAMS_LEN || r->have_params)
            return sync_err_set(err, SYNC_INVALID, "backup is malformed");
        r->have_params = true;
        return in_get(i, r->params, PARAMS_LEN, err);
    }
    int k = known_index(name, head[1]);
    if (k < 0 || r->seen[k] || (head[0] != T_FILE && head[0] != T_SEALED) ||
        (head[0] == T_SEALED) != known[k].secret)
        return sync_err_set(err, SYNC_INVALID,
                            "backup is malformed: unexpected section '%.*s'",
                            (int)head[1], name);
    r->seen[k] = true;
    return known[k].secret ? in_sealed(i, r, k, len, err)
                           : in_plain(i, r, k, len, err);
}

/* Lets the restored node wait for its own feeds (see engine.h). */
static enum sync_rc mark_pending(const char *dir, struct sync_err *err)
{
    char path[4096];
    struct sync_store *st = NULL;
    snprintf(path, sizeof(path), "%s/%s", dir, DB_NAME);
    enum sync_rc rc = sync_store_open(&st, path, false, err);
    if (!rc)
        rc = sync_store_meta_set_int(st, META_RESTORED, 1, err);
    sync_store_close(st);
    return rc;
}

static enum sync_rc in_all(struct in *i, struct restore *r, bool await_feed,
                           struct sync_err *err)
{
    enum sync_rc rc = in_check(i, err);
    while (!rc && i->at < i->end)
        rc = in_section(i, r, err);
    if (!rc && !r->seen[1])
        rc = sync_err_set(err, SYNC_INVALID, "backup '%s' holds no database",
                          i->path);
    if (!rc && r->dir && await_feed)
        rc = mark_pending(r->dir, err);
    return rc;
}

enum sync_rc sync_backup_restore(const char *path, const char *dir,
                                 const char *pass, size_t pass_len,
                                 bool await_feed, struct sync_backup_info *out,
                                 struct sync_err *err)
{
    struct in i = {.f = fopen(path, "rb"), .path = path};
    struct restore r = {.dir = dir, .pass = pass, .pass_len = pass_len};
    if (!i.f)
        return sync_err_set(err, SYNC_IO, "cannot read '%s': %s", path,
                            strerror(errno));
    enum sync_rc rc = in_all(&i, &r, await_feed, err);
    fclose(i.f);
    sync_memzero(r.key, sizeof(r.key));
    for (size_t k = 0; rc && k < N_KNOWN; k++) {
        char p[4096];
        if (!r.made[k])
            continue;
        snprintf(p, sizeof(p), "%s/%s", dir, known[k].name);
        unlink(p);
        if (strcmp(known[k].name, DB_NAME) == 0) {
            snprintf(p, sizeof(p), "%s/%s-wal", dir, DB_NAME);
            unlink(p);
            snprintf(p, sizeof(p), "%s/%s-shm", dir, DB_NAME);
            unlink(p);
        }
    }
    if (out) {
        memset(out, 0, sizeof(*out));
        out->config = r.seen[0];
        out->key = r.seen[3];
        out->tls_key = r.seen[4];
    }
    return rc;
}
