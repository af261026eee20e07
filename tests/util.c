/* SPDX-License-Identifier: MIT */
/* util: temporary folders for tests, removed when the test ends. */
#include "spona/buf.h"
#include "util.h"

#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spona/mem.h"

#define MAX_DIRS 128

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

struct test_worker {
    pthread_t tid;
    void (*work)(void *arg, size_t i);
    void *arg;
    size_t i;
};

static void *test_worker_main(void *p)
{
    struct test_worker *w = p;
    w->work(w->arg, w->i);
    return NULL;
}

void test_parallel(void *ctx, size_t threads, void (*work)(void *arg, size_t i),
                   void *arg)
{
    struct test_worker w[16];
    if (ctx)
        ++*(int *)ctx; /* calls counted for the caller */
    if (threads > 16)
        abort();
    for (size_t i = 1; i < threads; i++) {
        w[i] = (struct test_worker){.work = work, .arg = arg, .i = i};
        if (pthread_create(&w[i].tid, NULL, test_worker_main, &w[i]))
            abort();
    }
    work(arg, 0);
    for (size_t i = 1; i < threads; i++)
        pthread_join(w[i].tid, NULL);
}

void test_node_make(struct test_node *n, const char *org)
{
    struct sync_err err;
    const char *dir = test_tmpdir();
    test_path(n->db, sizeof(n->db), dir, "node.db");
    test_path(n->key, sizeof(n->key), dir, "node.key");
    if (sync_engine_create(&n->e, n->db, n->key, org, &err)) {
        fprintf(stderr, "create: %s\n", err.msg);
        abort();
    }
}

char *test_put(struct test_node *n, const char *table, const char *id,
               const char *const *kv)
{
    static char out[SYNC_UUID_TEXT];
    struct sync_record set;
    struct sync_err err;
    const struct sync_tdef *t =
        sync_schema_table(sync_engine_schema(n->e), table);
    enum sync_rc rc =
        t ? SYNC_OK : sync_err_set(&err, SYNC_INVALID, "no table");
    sync_record_init(&set);
    for (size_t i = 0; kv[i] && !rc; i += 2) {
        struct sync_value v = {0};
        if (strcmp(kv[i], "scope") == 0) {
            sync_record_set_text(&set, kv[i], kv[i + 1]);
            continue;
        }
        const struct sync_fdef *f = sync_schema_field(t, kv[i]);
        rc = f ? sync_schema_parse(&v, f, kv[i + 1], &err)
               : sync_err_set(&err, SYNC_INVALID, "no field '%s'", kv[i]);
        if (!rc)
            sync_record_set(&set, kv[i], &v);
        sync_value_clear(&v);
    }
    if (!rc)
        rc = sync_engine_put(n->e, table, id, &set, out, &err);
    sync_record_release(&set);
    if (rc) {
        fprintf(stderr, "test_put %s: %s\n", table, err.msg);
        abort();
    }
    return out;
}

static enum sync_rc batch_collect(const struct sync_stored *s, void *payload)
{
    struct test_batch *b = payload;
    if (s->n <= b->after || s->scope == SYNC_SCOPE_LOCAL)
        return SYNC_OK;
    if (b->n == b->cap) {
        b->cap = b->cap ? 2 * b->cap : 16;
        b->e = sync_xrealloc(b->e, b->cap * sizeof(*b->e));
    }
    struct sync_entry *e = &b->e[b->n++];
    sync_entry_init(e);
    if (sync_entry_from_bytes(e, s->header, s->header_len, s->sig, NULL))
        abort();
    if (s->payload) {
        e->payload = sync_xstrndup(s->payload, s->payload_len);
        e->payload_len = s->payload_len;
    }
    return SYNC_OK;
}

void test_batch_release(struct test_batch *b)
{
    for (size_t i = 0; i < b->n; i++)
        sync_entry_release(&b->e[i]);
    free(b->e);
    memset(b, 0, sizeof(*b));
}

void test_take(struct test_node *n, int64_t after, struct test_batch *out)
{
    struct sync_err err;
    sync_err_init(&err);
    memset(out, 0, sizeof(*out));
    out->after = after;
    if (sync_read_log(n->e, batch_collect, out, &err)) {
        fprintf(stderr, "log: %s\n", err.msg);
        abort();
    }
}

void test_give(struct test_node *to, const struct test_batch *b)
{
    struct sync_err err;
    if (sync_engine_ingest(to->e, b->e, b->n, NULL, &err)) {
        fprintf(stderr, "ingest: %s\n", err.msg);
        abort();
    }
}

/* Aborts when a helper's step fails: the test cannot go on. */
static void must(enum sync_rc rc)
{
    if (rc) {
        fprintf(stderr, "test helper failed: %s\n", sync_rc_str(rc));
        abort();
    }
}

/* Makes every node a member (of its own organisation) at every other. */
void test_introduce(struct test_node *nodes, size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            if (i != j)
                must(sync_engine_member_put(
                    nodes[i].e, sync_engine_self(nodes[j].e),
                    sync_engine_org(nodes[j].e), "node", NULL));
}

int64_t test_count(struct test_node *n, const char *what)
{
    int64_t c = -1;
    must(sync_store_count(sync_engine_store(n->e), what, &c, NULL));
    return c;
}

/* ---- moving entries between nodes ---- */

void test_sync_pair(struct test_node *a, struct test_node *b)
{
    struct test_batch x, y;
    test_take(a, 0, &x);
    test_take(b, 0, &y);
    test_give(b, &x);
    test_give(a, &y);
    test_batch_release(&x);
    test_batch_release(&y);
}

/* ---- a canonical dump of a replica's tables ---- */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Values in column order, then the versions sorted by field name: the
 * packed version map keeps the order of the writes, which replicas may
 * not share. */
static enum sync_rc dump_row(const struct sync_record *r, void *payload)
{
    struct sync_buf *b = payload;
    char **vers = calloc(r->n + 1, sizeof(*vers));
    size_t n_vers = 0;
    enum sync_rc rc = SYNC_OK;
    for (size_t i = 0; i < r->n && !rc; i++) {
        const struct sync_value *v = &r->f[i].v;
        if (v->kind == SYNC_V_INT)
            rc = sync_buf_addf(b, "%s=%lld;", r->f[i].name, (long long)v->i);
        else if (v->kind == SYNC_V_TEXT)
            rc = sync_buf_addf(b, "%s='%s';", r->f[i].name, v->s);
        if (r->f[i].has_ver) {
            char hex[2 * SYNC_HASH_LEN + 1];
            size_t size = strlen(r->f[i].name) + sizeof(hex) + 1;
            sync_hex_encode(hex, sizeof(hex), r->f[i].ver, SYNC_HASH_LEN);
            vers[n_vers] = malloc(size);
            snprintf(vers[n_vers++], size, "%s:%s", r->f[i].name, hex);
        }
    }
    qsort(vers, n_vers, sizeof(*vers), cmp_str);
    for (size_t i = 0; i < n_vers; i++) {
        if (!rc)
            rc = sync_buf_addf(b, " %s", vers[i]);
        free(vers[i]);
    }
    free(vers);
    return rc ? rc : sync_buf_addf(b, "\n");
}

static enum sync_rc dump_conflict(const struct sync_conflict *c, void *payload)
{
    struct sync_buf *b = payload;
    char id[2 * SYNC_HASH_LEN + 1];
    sync_hex_encode(id, sizeof(id), c->loser.id, SYNC_HASH_LEN);
    return sync_buf_addf(b, "conflict %s %s %s %s %s\n", c->table, c->row_id,
                         c->field, id,
                         c->loser.v.kind == SYNC_V_TEXT ? c->loser.v.s : "#");
}

char *test_dump(struct test_node *n, const char *table)
{
    struct sync_buf b;
    struct sync_store *st = sync_engine_store(n->e);
    const struct sync_tdef *t = sync_schema_table(sync_store_schema(st), table);
    sync_buf_init(&b, 1 << 24);
    must(sync_store_rows_each(st, t, true, dump_row, &b, NULL));
    must(sync_store_conflicts_each(st, NULL, NULL, dump_conflict, &b, NULL));
    return sync_buf_detach(&b, NULL);
}

/* ---- tests ---- */

static enum sync_rc count_row(const struct sync_record *r, void *payload)
{
    (void)r;
    ++*(int *)payload;
    return SYNC_OK;
}

int test_live_rows(struct test_node *n, const char *table)
{
    int c = 0;
    must(sync_engine_list(n->e, table, count_row, &c, NULL));
    return c;
}

void test_seal(struct sync_entry *out, struct test_node *author,
               const char *table, const char *row, int scope, uint64_t seq,
               const uint8_t *prev, uint64_t hlc, int op, const char *payload)
{
    struct sync_entry_header h = {0};
    struct sync_key *key = NULL;
    struct sync_err err;
    h.version = SYNC_ENTRY_VERSION;
    memcpy(h.author, sync_engine_self(author->e), SYNC_SIG_PK_LEN);
    h.scope = (uint8_t)scope;
    h.seq = seq;
    if (prev)
        memcpy(h.prev, prev, SYNC_HASH_LEN);
    h.hlc = hlc;
    h.schema = 1;
    if (sync_uuid_parse(h.row, row, &err))
        abort();
    h.op = (uint8_t)op;
    snprintf(h.table, sizeof(h.table), "%s", table);
    if (sync_key_load(&key, author->key, &err))
        abort();
    sync_entry_init(out);
    if (sync_entry_seal(out, &h, sync_xstrdup(payload), strlen(payload), key,
                        &err))
        abort();
    sync_key_free(key);
}

void test_forge(struct sync_entry *out, struct test_node *author,
                const char *row, int scope, uint64_t seq, const uint8_t *prev,
                uint64_t hlc, int op, const char *payload)
{
    test_seal(out, author, "practice", row, scope, seq, prev, hlc, op, payload);
}
