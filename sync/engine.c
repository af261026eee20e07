/* SPDX-License-Identifier: MIT */
/*
 * engine: checking, storing and merging entries. The merge keeps one
 * invariant: for every field of a row, the stored value is the one written
 * by the newest applied entry, by (hlc, author), and the conflict table
 * holds exactly the applied writes of that field that are not in the
 * newest write's chain of bases. Both are functions of the set of applied
 * entries, so replicas that hold the same entries hold the same tables,
 * whatever order the entries came in. The fast path (the write replaces
 * the current version and is newer) keeps the invariant without reading
 * the row's history; anything else recomputes the field from history.
 */
#include "engine.h"

#include <assert.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hlc.h"
#include "mem.h"
#include "msg.h"
#include "peer.h"
#include "privacy.h"
#include "roster.h"

#include "banned.h"

struct sync_engine {
    struct sync_store *st;   /* the database; owned */
    struct sync_key *key;    /* the node key; owned */
    char *org;               /* organisation of the node key; owned */
    struct sync_hlc hlc;     /* clock, persisted as node_meta 'hlc' */
    bool batch;              /* local writes share one transaction */
    sync_parallel_fn par;    /* runs ingest's workers; NULL: serially */
    void *par_ctx;           /* its context */
    size_t par_threads;      /* how many threads par runs */
    char *actor;             /* who the audit log names; owned */
    bool erased;             /* an erasure waits for the WAL checkpoint */
    char why[256];           /* why accept last refused an entry */
};

/* A decoded entry on its way into the tables. */
struct incoming {
    const struct sync_entry *e; /* the entry */
    const struct sync_tdef *t;  /* its table */
    char row[SYNC_UUID_TEXT];   /* its row id as text */
    char *owner;                /* payload owner; owned */
    struct sync_record set;     /* payload fields with bases */
    struct sync_record cur;     /* the row as stored before it */
    bool exists;                /* cur holds a stored row */
    bool roster;                /* a row of the member table */
    bool erased;                /* its row was erased: keep no payload */
};

#define META_JUDGED "judged_schema" /* schema refused entries were judged by */
#define REJUDGE_CHUNK 256             /* refused entries per transaction */

#define SYS_SCOPE "scope"
#define SYS_DELETED "_deleted"

enum sync_rc sync_global_init(struct sync_err *err)
{
    sync_store_global_init();
    sync_msg_global_init();
    enum sync_rc rc = sync_sig_global_init(err);
    return rc ? rc : sync_peer_global_init(err);
}

const char *sync_ingest_name(enum sync_ingest r)
{
    static const char *const names[] = {
        [SYNC_INGEST_APPLIED] = "applied", [SYNC_INGEST_KNOWN] = "known",
        [SYNC_INGEST_REFUSED] = "refused", [SYNC_INGEST_REJECTED] = "rejected",
        [SYNC_INGEST_FORK] = "fork", [SYNC_INGEST_GAP] = "gap"};
    return (size_t)r < sizeof(names) / sizeof(names[0]) ? names[r] : "?";
}

int sync_engine_default_scope(const char *table)
{
    /* Personal data starts on this node only (DOMAIN.md, privacy rule 1);
     * everything else is shared with the node's hub. */
    return strcmp(table, "person") == 0 || strcmp(table, "consent") == 0
               ? SYNC_SCOPE_LOCAL
               : SYNC_SCOPE_HUB;
}

/* ---- opening ---- */

static void rejudge_after_upgrade(struct sync_engine *e);
static enum sync_rc after_erase(struct sync_engine *e, struct sync_err *err);

static enum sync_rc engine_load(struct sync_engine *e, struct sync_err *err)
{
    char *self = NULL;
    uint8_t pk[SYNC_SIG_PK_LEN];
    size_t n = 0;
    int64_t hlc = 0;
    enum sync_rc rc = sync_store_meta_get_text(e->st, "self_key", &self, err);
    if (rc)
        goto out;
    if (sync_b64_decode(pk, sizeof(pk), &n, self, strlen(self)) ||
        n != sizeof(pk) || !sync_memeq(pk, sync_key_public(e->key), n)) {
        rc = sync_err_set(err, SYNC_CONFLICT,
                          "key file does not belong to this database");
        goto out;
    }
    if ((rc = sync_store_meta_get_text(e->st, "org", &e->org, err)))
        goto out;
    rc = sync_store_meta_get_int(e->st, "hlc", &hlc, err);
    if (rc == SYNC_NOTFOUND)
        rc = SYNC_OK;
    e->hlc.last = (uint64_t)hlc;
out:
    free(self);
    return rc;
}

enum sync_rc sync_engine_open(struct sync_engine **out, const char *db_path,
                              const char *key_path, struct sync_err *err)
{
    struct sync_engine *e = sync_xcalloc(1, sizeof(*e));
    enum sync_rc rc = sync_store_open(&e->st, db_path, false, err);
    if (!rc)
        rc = sync_key_load(&e->key, key_path, err);
    if (!rc)
        rc = engine_load(e, err);
    if (!rc)
        rejudge_after_upgrade(e);
    if (rc) {
        sync_engine_close(e);
        return rc;
    }
    *out = e;
    return SYNC_OK;
}

static enum sync_rc engine_init_db(struct sync_engine *e, const char *org,
                                   struct sync_err *err)
{
    char self[SYNC_B64_SIZE(SYNC_SIG_PK_LEN)];
    const uint8_t *pk = sync_key_public(e->key);
    sync_b64_encode(self, sizeof(self), pk, SYNC_SIG_PK_LEN);
    enum sync_rc rc = sync_store_begin(e->st, err);
    if (rc)
        return rc;
    if (!(rc = sync_store_meta_set_text(e->st, "self_key", self, err)) &&
        !(rc = sync_store_meta_set_text(e->st, "org", org, err)) &&
        !(rc = sync_store_meta_set_int(e->st, "hlc", 0, err)) &&
        !(rc = sync_store_meta_set_int(e->st, META_JUDGED,
                                       sync_store_version(e->st), err)) &&
        !(rc = sync_store_member_put(e->st, pk, org, "node", "active", err)))
        rc = sync_store_commit(e->st, err);
    if (rc)
        sync_store_rollback(e->st);
    return rc;
}

enum sync_rc sync_engine_create(struct sync_engine **out, const char *db_path,
                                const char *key_path, const char *org,
                                struct sync_err *err)
{
    if (!*org || strlen(org) > SYNC_LIMIT_ORG_NAME)
        return sync_err_set(err, SYNC_INVALID,
                            "organisation name must have 1 to %d bytes",
                            SYNC_LIMIT_ORG_NAME);
    if (access(db_path, F_OK) == 0)
        return sync_err_set(err, SYNC_EXISTS, "database '%s' already exists",
                            db_path);
    struct sync_engine *e = sync_xcalloc(1, sizeof(*e));
    bool key_made = false;
    bool db_made = false;
    sync_key_generate(&e->key);
    enum sync_rc rc = sync_key_save(e->key, key_path, err);
    key_made = rc == SYNC_OK;
    if (!rc) {
        rc = sync_store_open(&e->st, db_path, true, err);
        db_made = rc == SYNC_OK;
    }
    if (!rc)
        rc = engine_init_db(e, org, err);
    if (!rc)
        e->org = sync_xstrdup(org);
    if (rc) {
        sync_engine_close(e);
        if (key_made)
            unlink(key_path);
        if (db_made)
            unlink(db_path);
        return rc;
    }
    *out = e;
    return SYNC_OK;
}

void sync_engine_close(struct sync_engine *e)
{
    if (!e)
        return;
    sync_store_close(e->st);
    sync_key_free(e->key);
    free(e->org);
    free(e->actor);
    free(e);
}

const struct sync_schema *sync_engine_schema(const struct sync_engine *e)
{
    return sync_store_schema(e->st);
}

const uint8_t *sync_engine_self(const struct sync_engine *e)
{
    return sync_key_public(e->key);
}

const char *sync_engine_org(const struct sync_engine *e)
{
    return e->org;
}

struct sync_store *sync_engine_store(struct sync_engine *e)
{
    return e->st;
}

enum sync_rc sync_engine_member_put(struct sync_engine *e, const uint8_t *key,
                                    const char *org, const char *role,
                                    struct sync_err *err)
{
    enum sync_rc rc = sync_store_begin(e->st, err);
    if (rc)
        return rc;
    rc = sync_store_member_put(e->st, key, org, role, "active", err);
    if (!rc)
        rc = sync_store_commit(e->st, err);
    if (rc)
        sync_store_rollback(e->st);
    return rc;
}

/* ---- merging ---- */

/* True when write a (hlc, author, id) is newer than write b. The id
 * breaks the tie of one author writing twice with one clock (a cloned
 * key, a restored node), so the order is total on every replica. */
static bool newer(uint64_t hlc_a, const uint8_t *auth_a, const uint8_t *id_a,
                  uint64_t hlc_b, const uint8_t *auth_b, const uint8_t *id_b)
{
    if (hlc_a != hlc_b)
        return hlc_a > hlc_b;
    int c = memcmp(auth_a, auth_b, SYNC_SIG_PK_LEN);
    return c ? c > 0 : memcmp(id_a, id_b, SYNC_HASH_LEN) > 0;
}

/* One applied write of a row, decoded from the log. */
struct write {
    uint8_t id[SYNC_HASH_LEN];       /* entry id */
    uint64_t hlc;                    /* its clock */
    uint8_t author[SYNC_SIG_PK_LEN]; /* its author */
    struct sync_record set;          /* fields it set, with bases */
};

struct history {
    struct write *w; /* owned array */
    size_t n;        /* writes used */
    size_t cap;      /* writes allocated */
};

static void history_release(struct history *h)
{
    for (size_t i = 0; i < h->n; i++)
        sync_record_release(&h->w[i].set);
    free(h->w);
}

static enum sync_rc history_add(const struct sync_stored *s, void *payload)
{
    struct history *h = payload;
    char *owner = NULL;
    if (!s->payload)
        return SYNC_OK; /* purged: its values are gone everywhere */
    if (h->n == h->cap) {
        h->cap = h->cap ? 2 * h->cap : 8;
        h->w = sync_xrealloc(h->w, h->cap * sizeof(*h->w));
    }
    struct write *w = &h->w[h->n];
    memcpy(w->id, s->id, SYNC_HASH_LEN);
    memcpy(w->author, s->author, SYNC_SIG_PK_LEN);
    w->hlc = s->hlc;
    sync_record_init(&w->set);
    enum sync_rc rc = sync_msg_payload_decode(&owner, &w->set, s->payload,
                                              s->payload_len, NULL);
    free(owner);
    if (rc) {
        /* Applied entries were decoded once already; the log is damaged. */
        sync_record_release(&w->set);
        return SYNC_DB;
    }
    h->n++;
    return SYNC_OK;
}

static const struct write *history_find(const struct history *h,
                                        const uint8_t *id)
{
    for (size_t i = 0; i < h->n; i++)
        if (memcmp(h->w[i].id, id, SYNC_HASH_LEN) == 0)
            return &h->w[i];
    return NULL;
}

/*
 * Recomputes one field from the row's history: the newest write wins; the
 * writes outside its chain of bases are the losers.
 */
static enum sync_rc merge_slow(struct sync_store *st, struct incoming *in,
                               const char *field, const struct history *h,
                               struct sync_err *err)
{
    const struct write *win = NULL;
    size_t n_writes = 0;
    for (size_t i = 0; i < h->n; i++) {
        if (!sync_record_get(&h->w[i].set, field))
            continue;
        n_writes++;
        if (!win || newer(h->w[i].hlc, h->w[i].author, h->w[i].id, win->hlc,
                          win->author, win->id))
            win = &h->w[i];
    }
    if (!win)
        return sync_err_set(err, SYNC_INTERNAL, "no write of '%s'", field);
    bool *in_chain = sync_xcalloc(h->n, sizeof(bool));
    const struct write *w = win;
    for (size_t steps = 0; w && steps < h->n; steps++) {
        in_chain[w - h->w] = true;
        const struct sync_rfield *f = sync_record_get(&w->set, field);
        w = f && f->has_ver ? history_find(h, f->ver) : NULL;
    }
    struct sync_loser *losers = sync_xcalloc(n_writes, sizeof(*losers));
    size_t n_losers = 0;
    for (size_t i = 0; i < h->n; i++) {
        const struct sync_rfield *f = sync_record_get(&h->w[i].set, field);
        if (!f || in_chain[i])
            continue;
        struct sync_loser *l = &losers[n_losers++];
        memcpy(l->id, h->w[i].id, SYNC_HASH_LEN);
        memcpy(l->author, h->w[i].author, SYNC_SIG_PK_LEN);
        l->hlc = h->w[i].hlc;
        l->v = f->v;
    }
    struct sync_rfield *dst = sync_record_slot(&in->cur, field);
    sync_value_copy(&dst->v, &sync_record_get(&win->set, field)->v);
    dst->has_ver = true;
    memcpy(dst->ver, win->id, SYNC_HASH_LEN);
    enum sync_rc rc = sync_store_conflicts_set(st, in->t->name, in->row, field,
                                               losers, n_losers, err);
    free(losers);
    free(in_chain);
    return rc;
}

/* Whether the write of field f can take the fast path (see top). */
static enum sync_rc fast_ok(struct sync_store *st, const struct incoming *in,
                            const struct sync_rfield *f, bool *out,
                            struct sync_err *err)
{
    const struct sync_rfield *cf = sync_record_get(&in->cur, f->name);
    uint64_t hlc;
    uint8_t author[SYNC_SIG_PK_LEN];
    *out = false;
    if (!cf || !cf->has_ver) {
        *out = true;
        return SYNC_OK;
    }
    if (!f->has_ver || memcmp(f->ver, cf->ver, SYNC_HASH_LEN) != 0)
        return SYNC_OK;
    enum sync_rc rc = sync_store_entry_clock(st, cf->ver, &hlc, author, err);
    if (rc == SYNC_NOTFOUND)
        return SYNC_OK;
    if (!rc)
        *out = newer(in->e->h.hlc, in->e->h.author, in->e->id, hlc, author,
                     cf->ver);
    return rc;
}

static void row_clock(struct incoming *in)
{
    int64_t ms = (int64_t)SYNC_HLC_MS(in->e->h.hlc);
    const struct sync_rfield *c = sync_record_get(&in->cur, "created_at");
    const struct sync_rfield *u = sync_record_get(&in->cur, "updated_at");
    if (!c || c->v.kind != SYNC_V_INT || c->v.i > ms)
        sync_record_set_int(&in->cur, "created_at", ms);
    if (!u || u->v.kind != SYNC_V_INT || u->v.i < ms)
        sync_record_set_int(&in->cur, "updated_at", ms);
}

/* Merges an applied entry into its row. */
static enum sync_rc merge(struct sync_store *st, struct incoming *in,
                          struct sync_err *err)
{
    struct history h = {0};
    bool have_history = false;
    enum sync_rc rc = SYNC_OK;
    if (!in->exists) {
        sync_record_set_text(&in->cur, "id", in->row);
        sync_record_set_text(&in->cur, "owner", in->owner);
        sync_record_set_text(&in->cur, SYS_SCOPE,
                             sync_scope_name(in->e->h.scope));
        sync_record_set_int(&in->cur, SYS_DELETED, 0);
    }
    row_clock(in);
    for (size_t i = 0; i < in->set.n && !rc; i++) {
        const struct sync_rfield *f = &in->set.f[i];
        bool fast = false;
        if ((rc = fast_ok(st, in, f, &fast, err)))
            break;
        if (fast) {
            struct sync_rfield *dst = sync_record_slot(&in->cur, f->name);
            sync_value_copy(&dst->v, &f->v);
            dst->has_ver = true;
            memcpy(dst->ver, in->e->id, SYNC_HASH_LEN);
            continue;
        }
        if (!have_history) {
            rc = sync_store_row_entries(st, in->t->name, in->row,
                                        history_add, &h, err);
            if (rc == SYNC_DB)
                rc = sync_err_set(err, SYNC_DB, "history of row '%s' is "
                                  "damaged", in->row);
            have_history = true;
        }
        if (!rc)
            rc = merge_slow(st, in, f->name, &h, err);
    }
    if (!rc)
        rc = sync_store_row_put(st, in->t, &in->cur, err);
    history_release(&h);
    return rc;
}

/* ---- policy ---- */

/* Checks the fields of a payload; writes the reason to why on refusal. */
static void check_fields(const struct incoming *in, char *why, size_t size)
{
    const struct sync_entry_header *h = &in->e->h;
    struct sync_err ferr;
    for (size_t i = 0; i < in->set.n && !*why; i++) {
        const struct sync_rfield *f = &in->set.f[i];
        if (strcmp(f->name, SYS_SCOPE) == 0) {
            const char *s = f->v.kind == SYNC_V_TEXT ? f->v.s : "";
            if (sync_scope_parse(s) != h->scope)
                snprintf(why, size, "scope field differs from the feed");
            continue;
        }
        if (strcmp(f->name, SYS_DELETED) == 0) {
            if (h->op != SYNC_OP_DELETE || f->v.kind != SYNC_V_INT ||
                f->v.i != 1)
                snprintf(why, size, "bad tombstone");
            continue;
        }
        const struct sync_fdef *fd = sync_schema_field(in->t, f->name);
        if (!fd) {
            snprintf(why, size, "unknown field '%.48s'", f->name);
        } else if (fd->local_only && h->scope != SYNC_SCOPE_LOCAL) {
            snprintf(why, size, "field '%s' may not leave its node",
                     f->name);
        } else if (sync_schema_check(fd, &f->v, &ferr)) {
            snprintf(why, size, "%s", ferr.msg);
        } else if (strcmp(f->name, "review_status") == 0 &&
                   h->scope != SYNC_SCOPE_LOCAL && f->v.kind == SYNC_V_TEXT &&
                   sync_privacy_is_draft(f->v.s)) {
            snprintf(why, size, "a draft may not leave its node");
        }
    }
    if (!*why && h->op == SYNC_OP_DELETE &&
        (in->set.n != 1 || !sync_record_get(&in->set, SYS_DELETED)))
        snprintf(why, size, "a delete may set only the tombstone");
}

/* A retract says only where the row went: {"scope": a narrower one}. */
static void check_retract(const struct incoming *in, char *why, size_t size)
{
    const char *to = sync_record_text(&in->set, SYS_SCOPE);
    int scope = to ? sync_scope_parse(to) : -1;
    if (in->set.n != 1 || scope < 0 ||
        sync_scope_reach(scope) >= sync_scope_reach(in->e->h.scope))
        snprintf(why, size, "a retract names only a narrower scope");
}

/*
 * Applies the rules an authentic entry must meet: a known table and op,
 * an active author writing for its own organisation, a row of that
 * organisation, valid fields. Empty why means the entry may be applied.
 */
static enum sync_rc check_policy(struct sync_store *st, struct incoming *in,
                                 char *why, size_t size, struct sync_err *err)
{
    const struct sync_entry_header *h = &in->e->h;
    *why = '\0';
    if (h->op != SYNC_OP_PUT && h->op != SYNC_OP_DELETE &&
        h->op != SYNC_OP_RETRACT && h->op != SYNC_OP_ERASE) {
        snprintf(why, size, "op '%s' is not supported by this node",
                 sync_op_name(h->op) ? sync_op_name(h->op) : "?");
        return SYNC_OK;
    }
    struct sync_member m;
    enum sync_rc rc = sync_roster_check_author(st, h, &m, why, size, err);
    if (rc || *why)
        return rc;
    if (in->roster) {
        sync_roster_check_entry(h, &m, in->owner, &in->set, why, size);
        return SYNC_OK;
    }
    if (strcmp(m.org, in->owner) != 0) {
        snprintf(why, size, "owner '%.80s' is not the author's organisation "
                 "'%.80s'", in->owner, m.org);
        return SYNC_OK;
    }
    if (strcmp(in->t->name, "practice_review") == 0 &&
        strcmp(m.role, "hub") != 0) {
        snprintf(why, size, "only hubs write practice reviews");
        return SYNC_OK;
    }
    bool erased = false;
    if ((rc = sync_store_is_erased(st, in->t->name, in->row, &erased, err)))
        return rc;
    if (erased && h->op != SYNC_OP_ERASE) {
        /* From any author, with any clock: the row is gone for good, and
         * no byte of what the entry carries is kept. */
        in->erased = true;
        snprintf(why, size, "row was erased");
        return SYNC_OK;
    }
    rc = sync_store_row_get(st, in->t, in->row, &in->cur, err);
    if (rc && rc != SYNC_NOTFOUND)
        return rc;
    in->exists = rc == SYNC_OK;
    const char *owner = sync_record_text(&in->cur, "owner");
    if (in->exists && (!owner || strcmp(owner, in->owner) != 0))
        snprintf(why, size, "row belongs to '%.80s'", owner ? owner : "?");
    else if (h->op == SYNC_OP_ERASE && in->set.n != 0)
        snprintf(why, size, "an erase sets no fields");
    else if (h->op == SYNC_OP_ERASE)
        ; /* owner and author checked above; nothing else to check */
    else if (h->op == SYNC_OP_RETRACT)
        check_retract(in, why, size);
    else
        check_fields(in, why, size);
    return SYNC_OK;
}

/* ---- accepting one entry ---- */

static void incoming_release(struct incoming *in)
{
    free(in->owner);
    sync_record_release(&in->set);
    sync_record_release(&in->cur);
}

/*
 * Decodes an entry and judges it against the rules; why says why not.
 * A local write passes the record its payload was encoded from as known
 * (owner: this node's organisation), which spares decoding it again: the
 * payload encodes text, integers and nulls exactly, so both are equal.
 */
static enum sync_rc judge(struct sync_engine *e, struct incoming *in,
                          const struct sync_record *known, char *why,
                          size_t size, struct sync_err *err)
{
    const struct sync_entry *en = in->e;
    struct sync_err derr;
    sync_record_init(&in->set);
    sync_record_init(&in->cur);
    sync_uuid_format(in->row, en->h.row);
    in->roster = strcmp(en->h.table, SYNC_ROSTER_TABLE) == 0;
    in->t = sync_schema_table(sync_store_schema(e->st), en->h.table);
    enum sync_rc rc = SYNC_OK;
    *why = '\0';
    if (!in->t && !in->roster) {
        snprintf(why, size, "unknown table '%s'", en->h.table);
    } else if (!en->payload) {
        snprintf(why, size, "payload missing");
    } else if (known) {
        sync_record_copy(&in->set, known);
        in->owner = sync_xstrdup(e->org);
        rc = check_policy(e->st, in, why, size, err);
    } else if (sync_msg_payload_decode(&in->owner, &in->set, en->payload,
                                       en->payload_len, &derr)) {
        snprintf(why, size, "%s", derr.msg);
    } else {
        rc = check_policy(e->st, in, why, size, err);
    }
    int ours = sync_store_version(e->st);
    size_t n = strlen(why);
    if (!rc && n && en->h.schema > ours)
        snprintf(why + n, size - n, " (its author has schema %d, this node "
                 "%d: judged again once spona is upgraded)",
                 (int)en->h.schema, ours);
    return rc;
}

static enum sync_rc reconsider(struct sync_engine *e, const uint8_t *author,
                               int depth, struct sync_err *err);

/* Finds whether this node has a root of trust (its upstream hub) with
 * the given key. */
struct upstream_find {
    const uint8_t *self;
    const uint8_t *key;
    bool found;
};

static enum sync_rc upstream_is(const struct sync_member *m, void *payload)
{
    struct upstream_find *f = payload;
    if (!m->has_writer && m->active &&
        memcmp(m->key, f->self, SYNC_SIG_PK_LEN) != 0 &&
        memcmp(m->key, f->key, SYNC_SIG_PK_LEN) == 0)
        f->found = true;
    return SYNC_OK;
}

static enum sync_rc has_upstream(struct sync_engine *e, const uint8_t *key,
                                 bool *out, struct sync_err *err)
{
    struct upstream_find f = {.self = sync_engine_self(e), .key = key};
    enum sync_rc rc = sync_store_members_each(e->st, upstream_is, &f, err);
    *out = f.found;
    return rc;
}

/*
 * Whether this node sees the hub scope of author a: a hub's hub feed
 * reaches the hub and its members; a node's reaches its hub (the key that
 * vouched for it) and that hub's members (see the pull routing).
 */
static enum sync_rc sees_hub_scope(struct sync_engine *e,
                                   const struct sync_member *a, bool *out,
                                   struct sync_err *err)
{
    const uint8_t *self = sync_engine_self(e);
    const uint8_t *hub = a->key;
    if (strcmp(a->role, "hub") != 0) {
        if (!a->has_writer) {
            *out = false;
            return SYNC_OK;
        }
        hub = a->writer;
    }
    if (memcmp(self, hub, SYNC_SIG_PK_LEN) == 0) {
        *out = true;
        return SYNC_OK;
    }
    return has_upstream(e, hub, out, err);
}

/*
 * A row narrowed its scope: a node the new scope leaves out drops its
 * copy (no tombstone: the row may come back whole if widened again); a
 * node still inside keeps it and gets the change through the new feed.
 */
static enum sync_rc retract(struct sync_engine *e, struct incoming *in,
                            struct sync_err *err)
{
    const struct sync_entry_header *h = &in->e->h;
    int to = sync_scope_parse(sync_record_text(&in->set, SYS_SCOPE));
    bool inside = memcmp(h->author, sync_engine_self(e), SYNC_SIG_PK_LEN) == 0;
    if (!inside && to == SYNC_SCOPE_HUB) {
        struct sync_member a;
        enum sync_rc rc = sync_store_member_read(e->st, h->author, &a, err);
        if (!rc)
            rc = sees_hub_scope(e, &a, &inside, err);
        if (rc)
            return rc;
    }
    if (inside || !in->exists)
        return SYNC_OK;
    return sync_store_row_drop(e->st, in->t, in->row, err);
}

/* Applies a judged entry: merges a row, or updates the roster. */
static enum sync_rc apply(struct sync_engine *e, struct incoming *in,
                          int depth, struct sync_err *err)
{
    bool activated = false;
    uint8_t subject[SYNC_SIG_PK_LEN];
    if (!in->roster && in->e->h.op == SYNC_OP_RETRACT)
        return retract(e, in, err);
    if (!in->roster && in->e->h.op == SYNC_OP_ERASE) {
        e->erased = true;
        return sync_store_erase(e->st, in->t, in->row,
                                (int64_t)sync_hlc_wall_ms(), err);
    }
    if (!in->roster)
        return merge(e->st, in, err);
    enum sync_rc rc = sync_roster_apply(e->st, &in->e->h, &in->set,
                                        &activated, subject, err);
    if (!rc && activated)
        rc = reconsider(e, subject, depth + 1, err);
    return rc;
}

/*
 * Stores an entry that passed the authenticity checks at the head of its
 * feed, then applies it or records why it was refused.
 */
static enum sync_rc accept(struct sync_engine *e, const struct sync_feed *feed,
                           const struct sync_entry *en,
                           const struct sync_record *known,
                           enum sync_ingest *res, struct sync_err *err)
{
    struct incoming in = {.e = en};
    char why[sizeof(err->msg)];
    enum sync_rc rc = judge(e, &in, known, why, sizeof(why), err);
    struct sync_entry bare = *en;
    if (in.erased) {
        bare.payload = NULL;
        bare.payload_len = 0;
    }
    if (!rc)
        rc = sync_store_entry_add(e->st, feed, &bare, *why ? 1 : 0, err);
    if (!rc && *why)
        rc = sync_store_reject(e->st, &bare, why, err);
    else if (!rc)
        rc = apply(e, &in, 0, err);
    if (!rc && !*why)
        sync_hlc_recv(&e->hlc, en->h.hlc, sync_hlc_wall_ms());
    *res = *why ? SYNC_INGEST_REFUSED : SYNC_INGEST_APPLIED;
    if (*why)
        snprintf(e->why, sizeof(e->why), "%s", why);
    incoming_release(&in);
    return rc;
}

/* Refused entries of one author, copied out of the log. */
struct refused {
    struct sync_entry *e; /* owned */
    size_t n;             /* used */
    size_t cap;           /* allocated */
    size_t seen;          /* stored entries walked, also those skipped */
    int64_t last_n;       /* number of the last one walked */
};

static enum sync_rc refused_add(const struct sync_stored *s, void *payload)
{
    struct refused *r = payload;
    r->seen++;
    r->last_n = s->n;
    if (r->n == r->cap) {
        r->cap = r->cap ? 2 * r->cap : 8;
        r->e = sync_xrealloc(r->e, r->cap * sizeof(*r->e));
    }
    struct sync_entry *en = &r->e[r->n];
    sync_entry_init(en);
    if (s->sig_len != SYNC_SIG_LEN ||
        sync_entry_from_bytes(en, s->header, s->header_len, s->sig, NULL))
        return SYNC_OK; /* cannot happen for a stored entry; skip it */
    if (s->payload) {
        en->payload = sync_xstrndup(s->payload, s->payload_len);
        en->payload_len = s->payload_len;
    }
    r->n++;
    return SYNC_OK;
}

static void refused_release(struct refused *r)
{
    for (size_t i = 0; i < r->n; i++)
        sync_entry_release(&r->e[i]);
    free(r->e);
}

/* Judges one refused entry again: applies it when it passes now, or
 * records the reason it is refused today. An entry a cascade applied
 * meanwhile (an author became trusted) is left alone. */
static enum sync_rc rejudge_one(struct sync_engine *e,
                                const struct sync_entry *en, int depth,
                                struct sync_err *err)
{
    struct incoming in = {.e = en};
    char why[sizeof(err->msg)];
    bool changed = false;
    enum sync_rc rc = judge(e, &in, NULL, why, sizeof(why), err);
    if (!rc && *why)
        rc = sync_store_reject(e->st, en, why, err);
    else if (!rc)
        rc = sync_store_entry_applied(e->st, en->id, &changed, err);
    if (!rc && changed) {
        rc = apply(e, &in, depth, err);
        sync_hlc_recv(&e->hlc, en->h.hlc, sync_hlc_wall_ms());
    }
    incoming_release(&in);
    return rc;
}

/*
 * An author just became trusted (its roster row arrived after some of its
 * entries did): judge its refused entries again, in feed order, so every
 * replica ends up applying the same entries whatever the arrival order.
 * Depth is bounded by the height of the hub tree.
 */
static enum sync_rc reconsider(struct sync_engine *e, const uint8_t *author,
                               int depth, struct sync_err *err)
{
    struct refused r = {0};
    if (depth > 8)
        return SYNC_OK;
    enum sync_rc rc = sync_store_refused_each(e->st, author, refused_add, &r,
                                              err);
    for (size_t i = 0; i < r.n && !rc; i++)
        rc = rejudge_one(e, &r.e[i], depth, err);
    refused_release(&r);
    return rc;
}

/*
 * This node's schema is newer than the one its refused entries were last
 * judged by (spona was upgraded): an entry refused for a field or value
 * the old schema did not know may pass now, as it did on the nodes that
 * upgraded first. Judges every refused entry again in the order they
 * arrived, a chunk per transaction, each entry in a savepoint: one that
 * fails to apply (a damaged row) stays refused and the rest go on. Then
 * records the schema they were judged by. Never keeps the node from
 * opening: when the work cannot be done now (the database is busy), it
 * is done at the next open.
 */
static void rejudge_after_upgrade(struct sync_engine *e)
{
    int64_t judged = 0, after = 0;
    int version = sync_store_version(e->st);
    struct sync_err err;
    enum sync_rc rc = sync_store_meta_get_int(e->st, META_JUDGED, &judged,
                                              &err);
    if (rc == SYNC_NOTFOUND)
        rc = SYNC_OK;
    for (bool done = rc || judged >= version; !done;) {
        struct refused r = {0};
        rc = sync_store_begin(e->st, &err);
        if (!rc)
            rc = sync_store_refused_after(e->st, after, REJUDGE_CHUNK,
                                          refused_add, &r, &err);
        done = rc || r.seen < REJUDGE_CHUNK;
        after = r.last_n;
        for (size_t i = 0; i < r.n && !rc; i++) {
            if ((rc = sync_store_savepoint(e->st, &err)))
                break;
            enum sync_rc one = rejudge_one(e, &r.e[i], 0, &err);
            rc = sync_store_release(e->st, one == SYNC_OK, &err);
        }
        refused_release(&r);
        if (!rc && done)
            rc = sync_store_meta_set_int(e->st, META_JUDGED, version, &err);
        if (!rc)
            rc = sync_store_meta_set_int(e->st, "hlc", (int64_t)e->hlc.last,
                                         &err);
        if (!rc)
            rc = sync_store_commit(e->st, &err);
        if (rc)
            sync_store_rollback(e->st);
        if (!rc)
            rc = after_erase(e, &err);
        done = done || rc;
    }
}

static enum sync_rc reject(struct sync_engine *e, const struct sync_entry *en,
                           const char *why, enum sync_ingest *res,
                           struct sync_err *err)
{
    *res = SYNC_INGEST_REJECTED;
    return sync_store_reject(e->st, en, why, err);
}

/* Records a forged entry without its payload: anyone can make those, and
 * they must not fill the disk. */
static enum sync_rc reject_forged(struct sync_engine *e,
                                  const struct sync_entry *en,
                                  enum sync_ingest *res, struct sync_err *err)
{
    struct sync_entry bare = *en;
    bare.payload = NULL;
    bare.payload_len = 0;
    return reject(e, &bare, "signature does not verify", res, err);
}

/* What an entry's own bytes say of it, found without the store (and so
 * on any thread). */
enum check {
    CHECK_PENDING, /* not yet checked */
    CHECK_OK,      /* signature and payload hash hold */
    CHECK_FORGED,  /* the signature does not verify */
    CHECK_NO_PAYLOAD,
    CHECK_BAD_HASH,
};

static enum check check_entry(const struct sync_entry *en)
{
    if (sync_entry_verify_sig(en, NULL))
        return CHECK_FORGED;
    if (!en->payload)
        return CHECK_NO_PAYLOAD;
    if (sync_entry_verify_payload(en, en->payload, en->payload_len, NULL))
        return CHECK_BAD_HASH;
    return CHECK_OK;
}

/* Checks that en is authentic (chk: what check_entry said) and next in
 * its feed, then accepts it. */
static enum sync_rc ingest_one(struct sync_engine *e,
                               const struct sync_entry *en, enum check chk,
                               enum sync_ingest *res, struct sync_err *err)
{
    struct sync_feed feed;
    uint8_t held[SYNC_HASH_LEN];
    enum sync_rc rc;
    if (chk == CHECK_FORGED)
        return reject_forged(e, en, res, err);
    if (en->h.scope == SYNC_SCOPE_LOCAL)
        return reject(e, en, "local entries never leave their node", res,
                      err);
    if (chk == CHECK_BAD_HASH)
        return reject(e, en, "payload does not match its hash", res, err);
    if ((rc = sync_store_feed_get(e->st, &feed, en->h.author, en->h.scope,
                                  true, err)))
        return rc;
    if (feed.forked)
        return reject(e, en, "feed is closed by a fork", res, err);
    if (en->h.seq <= feed.last_seq) {
        if ((rc = sync_store_entry_id_at(e->st, feed.feed, en->h.seq, held,
                                         err)))
            return rc;
        *res = SYNC_INGEST_FORK;
        return sync_store_feed_fork(e->st, feed.feed, en->h.seq, held, en,
                                    err);
    }
    if (en->h.seq > feed.last_seq + 1) {
        /* Not stored; a later pull fills the gap. Other feeds go on. */
        *res = SYNC_INGEST_GAP;
        return SYNC_OK;
    }
    if (memcmp(en->h.prev, feed.last_id, SYNC_HASH_LEN) != 0)
        return reject(e, en, "prev does not name the previous entry", res,
                      err);
    if (chk == CHECK_NO_PAYLOAD) {
        /* Purged by an erasure upstream: the header is authentic and
         * keeps the feed whole; there is nothing to apply. */
        *res = SYNC_INGEST_APPLIED;
        return sync_store_entry_add(e->st, &feed, en, 0, err);
    }
    return accept(e, &feed, en, NULL, res, err);
}

/*
 * One batch on its way in. Signatures and payload hashes (most of the
 * work) are checked by every thread of the parallel hook, each taking the
 * next unchecked entry; the store is touched only by worker 0, the caller's
 * thread, which applies the entries in order as their checks complete and
 * checks entries itself while it would otherwise wait.
 */
struct ingest_job {
    struct sync_engine *e;
    const struct sync_entry *entries;
    size_t n;
    enum sync_ingest *results;
    struct sync_err *err;
    _Atomic unsigned char *chk; /* enum check per entry */
    atomic_size_t next;         /* next entry to check */
    enum sync_rc rc;            /* worker 0's outcome */
};

/* Checks the next unchecked entry; false when none is left. */
static bool check_next(struct ingest_job *j)
{
    size_t i = atomic_fetch_add_explicit(&j->next, 1, memory_order_relaxed);
    if (i >= j->n)
        return false;
    atomic_store_explicit(&j->chk[i], (unsigned char)check_entry(&j->entries[i]),
                          memory_order_release);
    return true;
}

static enum check wait_check(struct ingest_job *j, size_t i)
{
    unsigned char c;
    while ((c = atomic_load_explicit(&j->chk[i], memory_order_acquire)) ==
           CHECK_PENDING)
        if (!check_next(j))
            sched_yield(); /* another thread is finishing entry i */
    return (enum check)c;
}

/* After a commit that erased rows: the WAL still holds the erased bytes
 * until a checkpoint copies the pages back and truncates it. */
static enum sync_rc after_erase(struct sync_engine *e, struct sync_err *err)
{
    if (!e->erased)
        return SYNC_OK;
    e->erased = false;
    return sync_store_checkpoint(e->st, err);
}

static enum sync_rc apply_all(struct ingest_job *j)
{
    struct sync_engine *e = j->e;
    enum sync_rc rc = sync_store_begin(e->st, j->err);
    for (size_t i = 0; i < j->n && !rc; i++) {
        const struct sync_entry *en = &j->entries[i];
        enum sync_ingest res = SYNC_INGEST_KNOWN;
        bool known = false;
        rc = sync_store_entry_known(e->st, en->id, &known, j->err);
        if (!rc && !known)
            rc = ingest_one(e, en, wait_check(j, i), &res, j->err);
        if (j->results)
            j->results[i] = res;
    }
    if (!rc)
        rc = sync_store_meta_set_int(e->st, "hlc", (int64_t)e->hlc.last,
                                     j->err);
    if (!rc)
        rc = sync_store_commit(e->st, j->err);
    if (rc)
        sync_store_rollback(e->st);
    if (!rc)
        rc = after_erase(e, j->err);
    /* Others stop at their next entry. */
    atomic_store_explicit(&j->next, j->n, memory_order_relaxed);
    return rc;
}

static void ingest_work(void *arg, size_t worker)
{
    struct ingest_job *j = arg;
    if (worker == 0)
        j->rc = apply_all(j);
    else
        while (check_next(j))
            ;
}

/* Below this many entries, threads cost more than they save. */
#define PARALLEL_MIN 32

enum sync_rc sync_engine_ingest(struct sync_engine *e,
                                const struct sync_entry *entries, size_t n,
                                enum sync_ingest *results,
                                struct sync_err *err)
{
    struct ingest_job j = {.e = e, .entries = entries, .n = n,
                           .results = results, .err = err};
    j.chk = sync_xcalloc(n ? n : 1, sizeof(*j.chk));
    atomic_init(&j.next, 0);
    if (e->par && e->par_threads > 1 && n >= PARALLEL_MIN)
        e->par(e->par_ctx, e->par_threads, ingest_work, &j);
    else
        ingest_work(&j, 0);
    free((void *)j.chk);
    return j.rc;
}

void sync_engine_parallel(struct sync_engine *e, size_t threads,
                          void (*work)(void *arg, size_t i), void *arg)
{
    if (e->par && threads > 1) {
        e->par(e->par_ctx, threads, work, arg);
        return;
    }
    for (size_t i = 0; i < threads; i++)
        work(arg, i);
}

void sync_engine_set_parallel(struct sync_engine *e, sync_parallel_fn run,
                              void *ctx, size_t threads)
{
    e->par = run;
    e->par_ctx = ctx;
    e->par_threads = threads;
}

/* ---- local writes ---- */

/* Signs set as the next entry of this node's feed for scope and applies
 * it like any received entry. */
static enum sync_rc write_entry(struct sync_engine *e, const char *table,
                                const uint8_t *row,
                                int scope, int op,
                                const struct sync_record *set,
                                struct sync_err *err)
{
    struct sync_feed feed;
    struct sync_entry en;
    struct sync_entry_header h = {0};
    enum sync_ingest res;
    char *payload = NULL;
    size_t len = 0;
    enum sync_rc rc = sync_msg_payload_encode(&payload, &len, e->org, set,
                                              err);
    if (rc)
        return rc;
    rc = sync_store_feed_get(e->st, &feed, sync_key_public(e->key), scope,
                             true, err);
    if (rc) {
        free(payload);
        return rc;
    }
    h.version = SYNC_ENTRY_VERSION;
    memcpy(h.author, sync_key_public(e->key), SYNC_SIG_PK_LEN);
    h.scope = (uint8_t)scope;
    h.seq = feed.last_seq + 1;
    memcpy(h.prev, feed.last_id, SYNC_HASH_LEN);
    h.hlc = sync_hlc_tick(&e->hlc, sync_hlc_wall_ms());
    h.schema = (uint16_t)sync_store_version(e->st);
    memcpy(h.row, row, SYNC_UUID_LEN);
    h.op = (uint8_t)op;
    snprintf(h.table, sizeof(h.table), "%s", table);
    sync_entry_init(&en);
    rc = sync_entry_seal(&en, &h, payload, len, e->key, err);
    if (!rc)
        rc = accept(e, &feed, &en, set, &res, err);
    if (!rc && res != SYNC_INGEST_APPLIED)
        rc = sync_err_set(err, SYNC_CONFLICT, "this node may not write it: "
                          "%.200s", e->why);
    sync_entry_release(&en);
    return rc;
}

static enum sync_rc find_table(struct sync_engine *e, const char *table,
                               const struct sync_tdef **out,
                               struct sync_err *err)
{
    *out = sync_schema_table(sync_store_schema(e->st), table);
    if (!*out)
        return sync_err_set(err, SYNC_INVALID, "unknown table '%.40s'", table);
    return SYNC_OK;
}

/* Reads an existing, live row of this node's organisation into cur. */
static enum sync_rc own_row(struct sync_engine *e, const struct sync_tdef *t,
                            const char *id, uint8_t *row,
                            struct sync_record *cur, struct sync_err *err)
{
    char canon[SYNC_UUID_TEXT];
    enum sync_rc rc = sync_uuid_parse(row, id, err);
    if (rc)
        return rc;
    sync_uuid_format(canon, row);
    if ((rc = sync_store_row_get(e->st, t, canon, cur, err)))
        return rc;
    const struct sync_rfield *del = sync_record_get(cur, SYS_DELETED);
    if (del && del->v.kind == SYNC_V_INT && del->v.i)
        return sync_err_set(err, SYNC_NOTFOUND, "%s '%s' was deleted",
                            t->name, canon);
    const char *owner = sync_record_text(cur, "owner");
    if (!owner || strcmp(owner, e->org) != 0)
        return sync_err_set(err, SYNC_CONFLICT,
                            "%s '%s' belongs to '%s', not to '%s'", t->name,
                            canon, owner ? owner : "?", e->org);
    return SYNC_OK;
}

/* Adds name = v to out, replacing the version cur holds. */
static void stage(struct sync_record *out, const struct sync_record *cur,
                  const char *name, const struct sync_value *v)
{
    const struct sync_rfield *cf = sync_record_get(cur, name);
    struct sync_rfield *f = sync_record_slot(out, name);
    sync_value_copy(&f->v, v);
    f->has_ver = cf && cf->has_ver;
    if (f->has_ver)
        memcpy(f->ver, cf->ver, SYNC_HASH_LEN);
}

/* The scope a write asks for: the one in set, else the row's, else the
 * default of the table. */
static enum sync_rc wanted_scope(const struct sync_tdef *t,
                                 const struct sync_record *set,
                                 const struct sync_record *cur, int *out,
                                 bool *explicit, struct sync_err *err)
{
    const struct sync_rfield *f = sync_record_get(set, SYS_SCOPE);
    const char *now = sync_record_text(cur, SYS_SCOPE);
    *explicit = f && f->v.kind != SYNC_V_NULL;
    if (*explicit) {
        *out = f->v.kind == SYNC_V_TEXT ? sync_scope_parse(f->v.s) : -1;
        if (*out < 0)
            return sync_err_set(err, SYNC_INVALID, "scope must be one of "
                                "local, hub, network, public");
    } else {
        *out = now ? sync_scope_parse(now) : sync_engine_default_scope(t->name);
    }
    return SYNC_OK;
}

/*
 * A draft stays on its node (DOMAIN.md, privacy rule 6): a row whose
 * review_status is or becomes draft is local, asking for more is an
 * error, and leaving draft without naming a scope gives the default one.
 */
static enum sync_rc draft_scope(const struct sync_tdef *t,
                                const struct sync_record *set,
                                const struct sync_record *cur, bool explicit,
                                int *scope, struct sync_err *err)
{
    if (!sync_schema_field(t, "review_status"))
        return SYNC_OK;
    const struct sync_rfield *f = sync_record_get(set, "review_status");
    const char *was = sync_record_text(cur, "review_status");
    const char *now = f ? (f->v.kind == SYNC_V_TEXT ? f->v.s : NULL) : was;
    if (sync_privacy_is_draft(now)) {
        if (explicit && *scope != SYNC_SCOPE_LOCAL)
            return sync_err_set(err, SYNC_INVALID, "a draft stays on this "
                                "node: set review_status to submitted to "
                                "share it at scope '%s'",
                                sync_scope_name(*scope));
        *scope = SYNC_SCOPE_LOCAL;
    } else if (sync_privacy_is_draft(was) && !explicit &&
               *scope == SYNC_SCOPE_LOCAL) {
        *scope = sync_engine_default_scope(t->name);
    }
    return SYNC_OK;
}

/* Splits the requested changes into what goes to the row's feed (shared)
 * and what stays in the local feed (channels: the contact channels a
 * person's consent lets out). */
static enum sync_rc stage_fields(const struct sync_tdef *t, int scope,
                                 unsigned channels,
                                 const struct sync_record *set,
                                 const struct sync_record *cur,
                                 struct sync_record *shared,
                                 struct sync_record *local,
                                 struct sync_err *err)
{
    for (size_t i = 0; i < set->n; i++) {
        const struct sync_rfield *f = &set->f[i];
        if (strcmp(f->name, SYS_SCOPE) == 0)
            continue;
        const struct sync_fdef *fd = sync_schema_field(t, f->name);
        if (!fd)
            return sync_err_set(err, SYNC_INVALID,
                                "unknown field '%.48s' of table '%s'",
                                f->name, t->name);
        enum sync_rc rc = sync_schema_check(fd, &f->v, err);
        if (rc)
            return rc;
        const struct sync_rfield *cf = sync_record_get(cur, f->name);
        if (cf ? sync_value_eq(&cf->v, &f->v) : f->v.kind == SYNC_V_NULL)
            continue;
        bool stays = sync_privacy_stays(t->name, fd, scope, channels);
        stage(stays ? local : shared, cur, f->name, &f->v);
    }
    return SYNC_OK;
}

static enum sync_rc check_required(const struct sync_tdef *t,
                                   const struct sync_record *set,
                                   struct sync_err *err)
{
    for (size_t i = 0; i < t->n; i++) {
        const struct sync_rfield *f = sync_record_get(set, t->f[i].name);
        if (t->f[i].required && (!f || f->v.kind == SYNC_V_NULL))
            return sync_err_set(err, SYNC_INVALID,
                                "missing required field '%s' of table '%s'",
                                t->f[i].name, t->name);
    }
    return SYNC_OK;
}

/*
 * A row that changes scope is written whole into the feed of its new
 * scope, so that nodes which start to see it get every field.
 */
static void stage_snapshot(const struct sync_tdef *t, int scope,
                           unsigned channels, const struct sync_record *cur,
                           struct sync_record *shared)
{
    for (size_t i = 0; i < t->n; i++) {
        const struct sync_fdef *fd = &t->f[i];
        const struct sync_rfield *cf = sync_record_get(cur, fd->name);
        if (!cf || cf->v.kind == SYNC_V_NULL || sync_record_get(shared,
                                                               fd->name))
            continue;
        if (sync_privacy_stays(t->name, fd, scope, channels))
            continue;
        stage(shared, cur, fd->name, &cf->v);
    }
}

static enum sync_rc audit(struct sync_engine *e, const char *action,
                          const char *table, const char *row_id,
                          const char *detail, struct sync_err *err)
{
    struct sync_audit a = {.at = (int64_t)sync_hlc_wall_ms(),
                           .actor = e->actor ? e->actor : "unknown",
                           .action = action, .table = table,
                           .row_id = row_id, .detail = detail};
    return sync_store_audit_add(e->st, &a, err);
}

static enum sync_rc refit_person(struct sync_engine *e, const char *person_id,
                                 struct sync_err *err);

/* Ways of put_locked. */
enum put_mode {
    PUT_EDIT,  /* id names an existing row (NULL: a new row, new id) */
    PUT_UPSERT /* id names a row to change, or to create with that id */
};

static enum sync_rc put_locked(struct sync_engine *e,
                               const struct sync_tdef *t, const char *id,
                               const struct sync_record *set, uint8_t *row,
                               enum put_mode mode, struct sync_err *err)
{
    struct sync_record cur, shared, local;
    int scope = 0;
    bool explicit = false;
    bool person = strcmp(t->name, SYNC_PERSON_TABLE) == 0;
    unsigned channels = 0;
    char canon[SYNC_UUID_TEXT];
    sync_record_init(&cur);
    sync_record_init(&shared);
    sync_record_init(&local);
    enum sync_rc rc = SYNC_OK;
    bool created = !id;
    if (id)
        rc = own_row(e, t, id, row, &cur, err);
    else
        sync_uuid_v7(row, sync_hlc_wall_ms());
    sync_uuid_format(canon, row);
    if (rc == SYNC_NOTFOUND && mode == PUT_UPSERT &&
        !sync_record_get(&cur, SYS_DELETED)) {
        /* not held at all (own_row read nothing): create it, unless an
         * erasure forbids the id */
        bool gone = false;
        rc = sync_store_is_erased(e->st, t->name, canon, &gone, err);
        if (!rc && gone)
            rc = sync_err_set(err, SYNC_CONFLICT, "%s '%s' was erased",
                              t->name, canon);
        created = true;
    }
    if (!rc && created)
        rc = check_required(t, set, err);
    if (!rc)
        rc = wanted_scope(t, set, &cur, &scope, &explicit, err);
    if (!rc)
        rc = draft_scope(t, set, &cur, explicit, &scope, err);
    if (!rc && person && scope != SYNC_SCOPE_LOCAL) {
        struct sync_reach r;
        rc = sync_privacy_reach(e->st, canon, e->org,
                                (int64_t)sync_hlc_wall_ms(), &r, err);
        /* Consent is checked when a person widens; an edit at the same
         * scope goes on (another node of the organisation may hold no
         * consents; withdrawal narrows the row on its own). */
        const char *now = sync_record_text(&cur, SYS_SCOPE);
        if (!rc && (!now || sync_scope_reach(scope) >
                                sync_scope_reach(sync_scope_parse(now))))
            rc = sync_privacy_check_scope(&r, scope, canon, err);
        channels = sync_privacy_channels(&r, scope);
    }
    if (!rc)
        rc = stage_fields(t, scope, channels, set, &cur, &shared, &local,
                          err);
    const char *was = sync_record_text(&cur, SYS_SCOPE);
    if (!rc && (!was || sync_scope_parse(was) != scope)) {
        struct sync_value v = {.kind = SYNC_V_TEXT,
                               .s = (char *)sync_scope_name(scope)};
        stage(&shared, &cur, SYS_SCOPE, &v);
        if (was)
            stage_snapshot(t, scope, channels, &cur, &shared);
    }
    if (!rc && shared.n)
        rc = write_entry(e, t->name, row, scope, SYNC_OP_PUT, &shared, err);
    if (!rc && shared.n && person && scope != SYNC_SCOPE_LOCAL)
        rc = audit(e, "share", t->name, canon, sync_scope_name(scope), err);
    if (!rc && local.n)
        rc = write_entry(e, t->name, row, SYNC_SCOPE_LOCAL, SYNC_OP_PUT, &local,
                         err);
    if (!rc && was &&
        sync_scope_reach(scope) < sync_scope_reach(sync_scope_parse(was))) {
        /* Tell the nodes of the old, wider scope that the row left it. */
        struct sync_record r;
        sync_record_init(&r);
        sync_record_set_text(&r, SYS_SCOPE, sync_scope_name(scope));
        rc = write_entry(e, t->name, row, sync_scope_parse(was),
                         SYNC_OP_RETRACT, &r, err);
        sync_record_release(&r);
    }
    if (!rc && strcmp(t->name, SYNC_CONSENT_TABLE) == 0) {
        const char *pid = sync_record_text(set, "person_id");
        rc = refit_person(e, pid ? pid : sync_record_text(&cur, "person_id"),
                          err);
    }
    sync_record_release(&cur);
    sync_record_release(&shared);
    sync_record_release(&local);
    return rc;
}

/*
 * A person's consent changed, and channels is what it now lets out at
 * the person's scope: contact channels written only locally that may now
 * go are shared; shared ones that may no longer go are cleared in the
 * shared feed and written again in the local one, so this node keeps
 * them and no other does.
 */
static enum sync_rc refit_channels(struct sync_engine *e,
                                   const struct sync_tdef *t,
                                   const uint8_t *row, const char *id,
                                   int scope, unsigned channels,
                                   const struct sync_record *cur,
                                   struct sync_err *err)
{
    static const char *const fields[] = {"email", "phone"};
    static const struct sync_value null_value;
    struct sync_record shared, local, now;
    bool hidden[2] = {false, false};
    enum sync_rc rc = SYNC_OK;
    sync_record_init(&shared);
    sync_record_init(&local);
    sync_record_init(&now);
    for (size_t i = 0; i < 2 && !rc; i++) {
        const struct sync_rfield *f = sync_record_get(cur, fields[i]);
        int at = SYNC_SCOPE_LOCAL;
        if (!f || f->v.kind == SYNC_V_NULL || !f->has_ver)
            continue;
        rc = sync_store_entry_scope(e->st, f->ver, &at, err);
        if (rc == SYNC_NOTFOUND)
            rc = SYNC_OK;
        bool allowed = (channels & sync_privacy_channel(fields[i])) != 0;
        if (!rc && allowed && at == SYNC_SCOPE_LOCAL) {
            stage(&shared, cur, fields[i], &f->v);
        } else if (!rc && !allowed && at != SYNC_SCOPE_LOCAL) {
            stage(&shared, cur, fields[i], &null_value);
            hidden[i] = true;
        }
    }
    if (!rc && shared.n)
        rc = write_entry(e, t->name, row, scope, SYNC_OP_PUT, &shared, err);
    if (!rc && (hidden[0] || hidden[1]))
        rc = sync_store_row_get(e->st, t, id, &now, err);
    for (size_t i = 0; i < 2 && !rc; i++)
        if (hidden[i])
            stage(&local, &now, fields[i],
                  &sync_record_get(cur, fields[i])->v);
    if (!rc && local.n)
        rc = write_entry(e, t->name, row, SYNC_SCOPE_LOCAL, SYNC_OP_PUT,
                         &local, err);
    sync_record_release(&shared);
    sync_record_release(&local);
    sync_record_release(&now);
    return rc;
}

/* After a consent of person_id changed: narrows the person to what its
 * active consents still allow (a retract tells the others), or shares
 * and withdraws its contact channels to match. */
static enum sync_rc refit_person(struct sync_engine *e, const char *person_id,
                                 struct sync_err *err)
{
    const struct sync_tdef *t =
        sync_schema_table(sync_store_schema(e->st), SYNC_PERSON_TABLE);
    struct sync_record cur;
    struct sync_reach r;
    uint8_t row[SYNC_UUID_LEN];
    char canon[SYNC_UUID_TEXT];
    if (!t || !person_id)
        return SYNC_OK;
    sync_record_init(&cur);
    enum sync_rc rc = own_row(e, t, person_id, row, &cur, NULL);
    if (rc) {
        sync_record_release(&cur);
        return SYNC_OK; /* not a live person of ours: nothing went out */
    }
    sync_uuid_format(canon, row);
    const char *now = sync_record_text(&cur, SYS_SCOPE);
    int scope = now ? sync_scope_parse(now) : SYNC_SCOPE_LOCAL;
    rc = sync_privacy_reach(e->st, canon, e->org, (int64_t)sync_hlc_wall_ms(),
                            &r, err);
    if (!rc && sync_scope_reach(scope) > sync_scope_reach(r.scope)) {
        struct sync_record set;
        sync_record_init(&set);
        sync_record_set_text(&set, SYS_SCOPE, sync_scope_name(r.scope));
        rc = put_locked(e, t, canon, &set, row, PUT_EDIT, err);
        sync_record_release(&set);
    } else if (!rc && scope != SYNC_SCOPE_LOCAL) {
        rc = refit_channels(e, t, row, canon, scope,
                            sync_privacy_channels(&r, scope), &cur, err);
    }
    sync_record_release(&cur);
    return rc;
}

/* Starts the transaction of one local write (a savepoint in a batch). */
static enum sync_rc local_tx_begin(struct sync_engine *e,
                                   struct sync_err *err)
{
    return e->batch ? sync_store_savepoint(e->st, err)
                    : sync_store_begin(e->st, err);
}

/* Ends it: commits with the clock saved, or undoes the write. */
static enum sync_rc local_tx_end(struct sync_engine *e, enum sync_rc rc,
                                 struct sync_err *err)
{
    if (e->batch) {
        enum sync_rc r2 = sync_store_release(e->st, rc == SYNC_OK, NULL);
        return rc ? rc : r2;
    }
    if (!rc)
        rc = sync_store_meta_set_int(e->st, "hlc", (int64_t)e->hlc.last, err);
    if (!rc)
        rc = sync_store_commit(e->st, err);
    if (rc)
        sync_store_rollback(e->st);
    if (!rc)
        rc = after_erase(e, err);
    return rc;
}

enum sync_rc sync_engine_put(struct sync_engine *e, const char *table,
                             const char *id, const struct sync_record *set,
                             char id_out[SYNC_UUID_TEXT], struct sync_err *err)
{
    const struct sync_tdef *t;
    uint8_t row[SYNC_UUID_LEN];
    enum sync_rc rc = find_table(e, table, &t, err);
    if (rc)
        return rc;
    if ((rc = local_tx_begin(e, err)))
        return rc;
    rc = local_tx_end(e, put_locked(e, t, id, set, row, PUT_EDIT, err),
                      err);
    if (!rc && id_out)
        sync_uuid_format(id_out, row);
    return rc;
}

enum sync_rc sync_engine_upsert(struct sync_engine *e, const char *table,
                                const char *id, const struct sync_record *set,
                                struct sync_err *err)
{
    const struct sync_tdef *t;
    uint8_t row[SYNC_UUID_LEN];
    enum sync_rc rc = find_table(e, table, &t, err);
    if (rc)
        return rc;
    if ((rc = local_tx_begin(e, err)))
        return rc;
    return local_tx_end(e, put_locked(e, t, id, set, row, PUT_UPSERT, err),
                        err);
}

enum sync_rc sync_engine_delete(struct sync_engine *e, const char *table,
                                const char *id, struct sync_err *err)
{
    const struct sync_tdef *t;
    uint8_t row[SYNC_UUID_LEN];
    struct sync_record cur, set;
    struct sync_value one = {.kind = SYNC_V_INT, .i = 1};
    enum sync_rc rc = find_table(e, table, &t, err);
    if (rc)
        return rc;
    sync_record_init(&cur);
    sync_record_init(&set);
    if ((rc = local_tx_begin(e, err)))
        return rc;
    rc = own_row(e, t, id, row, &cur, err);
    if (!rc) {
        const char *scope = sync_record_text(&cur, SYS_SCOPE);
        stage(&set, &cur, SYS_DELETED, &one);
        rc = write_entry(e, t->name, row, scope ? sync_scope_parse(scope) : 0,
                         SYNC_OP_DELETE, &set, err);
    }
    if (!rc && strcmp(t->name, SYNC_CONSENT_TABLE) == 0)
        rc = refit_person(e, sync_record_text(&cur, "person_id"), err);
    rc = local_tx_end(e, rc, err);
    sync_record_release(&cur);
    sync_record_release(&set);
    return rc;
}

/* ---- erasure and the audit log ---- */

/* Writes an erase entry for row id of t into every feed of this node that
 * holds entries of it, so every node that got any of them erases it. */
static enum sync_rc erase_locked(struct sync_engine *e,
                                 const struct sync_tdef *t, const char *id,
                                 struct sync_err *err)
{
    uint8_t row[SYNC_UUID_LEN];
    char canon[SYNC_UUID_TEXT];
    struct sync_record cur, none;
    bool gone = false;
    unsigned mask = 0;
    enum sync_rc rc = sync_uuid_parse(row, id, err);
    if (rc)
        return rc;
    sync_uuid_format(canon, row);
    sync_record_init(&cur);
    sync_record_init(&none);
    rc = sync_store_is_erased(e->st, t->name, canon, &gone, err);
    if (!rc && gone)
        rc = sync_err_set(err, SYNC_NOTFOUND, "%s '%s' is already erased",
                          t->name, canon);
    if (!rc)
        rc = sync_store_row_get(e->st, t, canon, &cur, err);
    const char *owner = sync_record_text(&cur, "owner");
    if (!rc && (!owner || strcmp(owner, e->org) != 0))
        rc = sync_err_set(err, SYNC_CONFLICT, "%s '%s' belongs to '%s': only "
                          "its owner can erase it", t->name, canon,
                          owner ? owner : "?");
    if (!rc)
        rc = sync_store_row_scopes(e->st, sync_engine_self(e), t->name, canon,
                                   &mask, err);
    for (int scope = SYNC_SCOPE_PUBLIC; scope >= SYNC_SCOPE_LOCAL && !rc;
         scope--)
        if (mask & (1u << scope))
            rc = write_entry(e, t->name, row, scope, SYNC_OP_ERASE, &none,
                             err);
    if (!rc)
        rc = audit(e, "erase", t->name, canon, "", err);
    sync_record_release(&cur);
    return rc;
}

struct ids {
    char (*id)[SYNC_UUID_TEXT];
    size_t n;
};

static enum sync_rc ids_add(const struct sync_consent *c, void *payload)
{
    struct ids *l = payload;
    l->id = sync_xrealloc(l->id, (l->n + 1) * sizeof(*l->id));
    snprintf(l->id[l->n++], SYNC_UUID_TEXT, "%s", c->id);
    return SYNC_OK;
}

enum sync_rc sync_engine_erase(struct sync_engine *e, const char *table,
                               const char *id, struct sync_err *err)
{
    const struct sync_tdef *t, *ct;
    struct ids consents = {0};
    enum sync_rc rc = find_table(e, table, &t, err);
    if (rc)
        return rc;
    if ((rc = local_tx_begin(e, err)))
        return rc;
    rc = erase_locked(e, t, id, err);
    /* A person's consents name the person: they go with it. */
    if (!rc && strcmp(table, SYNC_PERSON_TABLE) == 0 &&
        (ct = sync_schema_table(sync_store_schema(e->st),
                                SYNC_CONSENT_TABLE)) != NULL) {
        char canon[SYNC_UUID_TEXT];
        uint8_t row[SYNC_UUID_LEN];
        if (!sync_uuid_parse(row, id, NULL))
            sync_uuid_format(canon, row);
        rc = sync_store_consent_ids(e->st, canon, e->org, ids_add, &consents,
                                    err);
        for (size_t i = 0; i < consents.n && !rc; i++)
            rc = erase_locked(e, ct, consents.id[i], err);
    }
    free(consents.id);
    return local_tx_end(e, rc, err);
}

void sync_engine_set_actor(struct sync_engine *e, const char *actor)
{
    free(e->actor);
    e->actor = actor ? sync_xstrdup(actor) : NULL;
}

enum sync_rc sync_engine_audit(struct sync_engine *e, const char *action,
                               const char *table, const char *row_id,
                               const char *detail, struct sync_err *err)
{
    return audit(e, action, table, row_id, detail ? detail : "", err);
}

/* ---- reading ---- */

enum sync_rc sync_engine_get(struct sync_engine *e, const char *table,
                             const char *id, struct sync_record *out,
                             struct sync_err *err)
{
    const struct sync_tdef *t;
    uint8_t row[SYNC_UUID_LEN];
    char canon[SYNC_UUID_TEXT];
    enum sync_rc rc = find_table(e, table, &t, err);
    if (!rc)
        rc = sync_uuid_parse(row, id, err);
    if (rc)
        return rc;
    sync_uuid_format(canon, row);
    rc = sync_store_row_get(e->st, t, canon, out, err);
    if (!rc && strcmp(table, SYNC_PERSON_TABLE) == 0)
        rc = audit(e, "view", table, canon, "show", err);
    return rc;
}

enum sync_rc sync_engine_list(struct sync_engine *e, const char *table,
                              sync_store_row_cb cb, void *payload,
                              struct sync_err *err)
{
    const struct sync_tdef *t;
    enum sync_rc rc = find_table(e, table, &t, err);
    if (!rc && strcmp(table, SYNC_PERSON_TABLE) == 0)
        rc = audit(e, "view", table, NULL, "list", err);
    return rc ? rc : sync_store_rows_each(e->st, t, false, cb, payload, err);
}

enum sync_rc sync_engine_log(struct sync_engine *e, sync_store_entry_cb cb,
                             void *payload, struct sync_err *err)
{
    return sync_store_entries_each(e->st, cb, payload, err);
}

/* ---- verification ---- */

struct verify_walk {
    const struct sync_feed *feed; /* the feed walked */
    uint64_t seq;                 /* seq of the last entry seen */
    uint8_t last[SYNC_HASH_LEN];  /* its id; zeros before the first */
    struct sync_verify *stats;    /* counters */
    struct sync_err *err;         /* where the first failure goes */
};

static enum sync_rc verify_fail(struct verify_walk *w, const uint8_t *id,
                                uint64_t seq, const char *what)
{
    char hex[2 * SYNC_HASH_LEN + 1];
    char author[2 * SYNC_SIG_PK_LEN + 1];
    sync_hex_encode(hex, sizeof(hex), id, SYNC_HASH_LEN);
    sync_hex_encode(author, sizeof(author), w->feed->author, SYNC_SIG_PK_LEN);
    return sync_err_set(w->err, SYNC_BADSIG,
                        "entry %s (feed %.16s/%s, seq %llu): %s", hex, author,
                        sync_scope_name(w->feed->scope),
                        (unsigned long long)seq, what);
}

/* Whether the columns a row's history is found by say what the signed
 * header says. */
static bool indexed_as_header(const struct sync_stored *s,
                              const struct sync_entry_header *h)
{
    char row[SYNC_UUID_TEXT];
    sync_uuid_format(row, h->row);
    return s->hlc == h->hlc && s->op == h->op &&
           strcmp(s->table, h->table) == 0 && strcmp(s->row_id, row) == 0;
}

static enum sync_rc verify_entry(const struct sync_stored *s, void *payload)
{
    struct verify_walk *w = payload;
    struct sync_entry en;
    enum sync_rc rc = SYNC_OK;
    sync_entry_init(&en);
    if (s->sig_len != SYNC_SIG_LEN ||
        sync_entry_from_bytes(&en, s->header, s->header_len, s->sig, NULL))
        rc = verify_fail(w, s->id, s->seq, "header does not decode");
    else if (en.h.seq != s->seq || en.h.seq != w->seq + 1)
        rc = verify_fail(w, s->id, s->seq, "seq is out of order");
    else if (memcmp(en.h.author, w->feed->author, SYNC_SIG_PK_LEN) != 0 ||
             en.h.scope != w->feed->scope)
        rc = verify_fail(w, s->id, s->seq, "stored in the wrong feed");
    else if (memcmp(en.h.prev, w->last, SYNC_HASH_LEN) != 0)
        rc = verify_fail(w, s->id, s->seq, "prev does not match the chain");
    else if (sync_entry_verify_sig(&en, NULL))
        rc = verify_fail(w, s->id, s->seq, "signature does not verify");
    else if (memcmp(en.id, s->id, SYNC_HASH_LEN) != 0)
        rc = verify_fail(w, s->id, s->seq, "id does not match its bytes");
    else if (!indexed_as_header(s, &en.h))
        rc = verify_fail(w, s->id, s->seq, "its indexed columns (clock, "
                         "table, row, op) differ from its header");
    else if (s->payload && sync_entry_verify_payload(&en, s->payload,
                                                     s->payload_len, NULL))
        rc = verify_fail(w, s->id, s->seq, "payload does not match its hash");
    if (!rc) {
        w->seq = s->seq;
        memcpy(w->last, s->id, SYNC_HASH_LEN);
        w->stats->entries++;
        w->stats->purged += s->payload ? 0 : 1;
    }
    sync_entry_release(&en);
    return rc;
}

struct feed_list {
    struct sync_feed *f; /* owned array */
    size_t n;            /* used */
    size_t cap;          /* allocated */
};

static enum sync_rc collect_feed(const struct sync_feed *f, void *payload)
{
    struct feed_list *l = payload;
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 16;
        l->f = sync_xrealloc(l->f, l->cap * sizeof(*l->f));
    }
    l->f[l->n++] = *f;
    return SYNC_OK;
}

enum sync_rc sync_engine_verify(struct sync_engine *e, struct sync_verify *out,
                                struct sync_err *err)
{
    struct feed_list feeds = {0};
    memset(out, 0, sizeof(*out));
    enum sync_rc rc = sync_store_feeds_each(e->st, collect_feed, &feeds, err);
    for (size_t i = 0; i < feeds.n && !rc; i++) {
        struct verify_walk w = {.feed = &feeds.f[i], .stats = out,
                                .err = err};
        rc = sync_store_feed_entries(e->st, feeds.f[i].feed, verify_entry, &w,
                                     err);
        if (!rc && (w.seq != feeds.f[i].last_seq ||
                    memcmp(w.last, feeds.f[i].last_id, SYNC_HASH_LEN) != 0))
            rc = verify_fail(&w, feeds.f[i].last_id, feeds.f[i].last_seq,
                             "feed position does not match its entries");
        out->feeds++;
    }
    free(feeds.f);
    return rc;
}

/* ---- roles and roster ---- */

const struct sync_key *sync_engine_key(const struct sync_engine *e)
{
    return e->key;
}

bool sync_engine_is_hub(const struct sync_engine *e)
{
    struct sync_member m;
    return !sync_store_member_read(e->st, sync_key_public(e->key), &m,
                                   NULL) &&
           strcmp(m.role, "hub") == 0;
}

enum sync_rc sync_engine_make_hub(struct sync_engine *e, struct sync_err *err)
{
    struct sync_member m;
    enum sync_rc rc = sync_store_begin(e->st, err);
    if (rc)
        return rc;
    rc = sync_store_member_read(e->st, sync_key_public(e->key), &m, err);
    if (!rc) {
        snprintf(m.role, sizeof(m.role), "hub");
        rc = sync_store_member_set(e->st, &m, err);
    }
    if (!rc)
        rc = sync_store_commit(e->st, err);
    if (rc)
        sync_store_rollback(e->st);
    return rc;
}

static enum sync_rc roster_locked(struct sync_engine *e,
                                  const struct sync_member *m,
                                  struct sync_err *err)
{
    struct sync_record set;
    uint8_t row[SYNC_UUID_LEN];
    sync_record_init(&set);
    sync_roster_fields(&set, m);
    sync_roster_row(row, m->key);
    enum sync_rc rc = write_entry(e, SYNC_ROSTER_TABLE, row,
                                  SYNC_SCOPE_NETWORK, SYNC_OP_PUT, &set, err);
    sync_record_release(&set);
    return rc;
}

enum sync_rc sync_engine_put_roster(struct sync_engine *e,
                                    const struct sync_member *m,
                                    struct sync_err *err)
{
    enum sync_rc rc = sync_store_begin(e->st, err);
    if (rc)
        return rc;
    return local_tx_end(e, roster_locked(e, m, err), err);
}

enum sync_rc sync_engine_trust_upstream(struct sync_engine *e,
                                        const uint8_t *key, const char *org,
                                        const char *name,
                                        struct sync_err *err)
{
    struct sync_member m = {.active = true};
    memcpy(m.key, key, SYNC_SIG_PK_LEN);
    snprintf(m.org, sizeof(m.org), "%s", org);
    snprintf(m.role, sizeof(m.role), "hub");
    snprintf(m.name, sizeof(m.name), "%s", name ? name : "");
    enum sync_rc rc = sync_store_begin(e->st, err);
    if (rc)
        return rc;
    rc = sync_store_member_set(e->st, &m, err);
    if (!rc && sync_engine_is_hub(e))
        rc = roster_locked(e, &m, err);
    if (!rc)
        rc = reconsider(e, key, 0, err);
    return local_tx_end(e, rc, err);
}

enum sync_rc sync_engine_batch_begin(struct sync_engine *e,
                                     struct sync_err *err)
{
    assert(!e->batch);
    enum sync_rc rc = sync_store_begin(e->st, err);
    e->batch = rc == SYNC_OK;
    return rc;
}

enum sync_rc sync_engine_batch_end(struct sync_engine *e, bool commit,
                                   struct sync_err *err)
{
    assert(e->batch);
    e->batch = false;
    if (!commit) {
        sync_store_rollback(e->st);
        e->erased = false;
        return SYNC_OK;
    }
    return local_tx_end(e, SYNC_OK, err);
}
