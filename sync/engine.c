/* SPDX-License-Identifier: MIT */
/*
 * engine: a node's replica, its opening and closing, roles, the roster,
 * batches of local writes and the audit log. The work is split by stage:
 * merge.c (fields, last writer wins), judge.c (the rules an entry must
 * pass, and judging refused entries again), ingest.c (received batches),
 * write.c (local writes and erasure), verify.c (the full check) and
 * read.c (what programs may read).
 */
#include <assert.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spona/engine.h"
#include "spona/import.h"
#include "spona/hlc.h"
#include "spona/mem.h"
#include "msg.h"
#include "engine_int.h"
#include "peer.h"
#include "privacy.h"
#include "roster.h"
#include "store.h"
#include "store_stats.h"

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
        [SYNC_INGEST_APPLIED] = "applied",  [SYNC_INGEST_KNOWN] = "known",
        [SYNC_INGEST_REFUSED] = "refused",  [SYNC_INGEST_REJECTED] = "rejected",
        [SYNC_INGEST_FORK] = "fork",        [SYNC_INGEST_GAP] = "gap",
        [SYNC_INGEST_WITHHELD] = "withheld"};
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
    int64_t restored = 0;
    rc = sync_store_meta_get_int(e->st, META_RESTORED, &restored, err);
    if (rc == SYNC_NOTFOUND)
        rc = SYNC_OK;
    e->restored = restored != 0;
out:
    free(self);
    return rc;
}

enum sync_rc sync_engine_open(struct sync_engine **out, const char *db_path,
                              const char *key_path, struct sync_err *err)
{
    struct sync_key *key = NULL;
    enum sync_rc rc = sync_key_load(&key, key_path, err);
    if (!rc)
        rc = sync_engine_open_key(out, db_path, key, err);
    sync_key_free(key);
    return rc;
}

enum sync_rc sync_engine_open_key(struct sync_engine **out, const char *db_path,
                                  const struct sync_key *key,
                                  struct sync_err *err)
{
    struct sync_engine *e = sync_xcalloc(1, sizeof(*e));
    sync_key_copy(&e->key, key);
    enum sync_rc rc = sync_store_open(&e->st, db_path, false, err);
    if (!rc)
        rc = engine_load(e, err);
    if (!rc)
        engine_rejudge_after_upgrade(e);
    if (rc) {
        sync_engine_close(e);
        return rc;
    }
    *out = e;
    return SYNC_OK;
}

enum sync_rc sync_engine_open_schema(struct sync_engine **out,
                                     struct sync_err *err)
{
    struct sync_engine *e = sync_xcalloc(1, sizeof(*e));
    enum sync_rc rc = sync_store_open(&e->st, ":memory:", true, err);
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
    return sync_engine_create_sealed(out, db_path, key_path, org, NULL, 0, err);
}

enum sync_rc sync_engine_create_sealed(struct sync_engine **out,
                                       const char *db_path,
                                       const char *key_path, const char *org,
                                       const char *pass, size_t pass_len,
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
    enum sync_rc rc =
        pass ? sync_key_save_sealed(e->key, key_path, pass, pass_len, err)
             : sync_key_save(e->key, key_path, err);
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
    free(e->lsg);
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

void sync_engine_set_actor(struct sync_engine *e, const char *actor)
{
    free(e->actor);
    e->actor = actor ? sync_xstrdup(actor) : NULL;
}

enum sync_rc sync_engine_set_lsg(struct sync_engine *e, const char *lsg,
                                 struct sync_err *err)
{
    free(e->lsg);
    e->lsg = NULL;
    if (!lsg)
        return SYNC_OK;
    /* A code or a name, read as import reads a municipality. */
    const struct sync_fdef f = {
        .name = "municipality",
        .type = SYNC_F_ENUM,
        .dom = sync_schema_enum(sync_engine_schema(e), "lsg")};
    struct sync_value v = {0};
    if (!f.dom || !*lsg)
        return sync_err_set(err, SYNC_INVALID, "no municipality given");
    enum sync_rc rc =
        sync_import_value(sync_engine_schema(e), &f, lsg, &v, err);
    if (!rc)
        e->lsg = sync_xstrdup(v.s);
    sync_value_clear(&v);
    return rc;
}

const char *sync_engine_lsg(const struct sync_engine *e)
{
    return e->lsg;
}

enum sync_rc sync_engine_audit(struct sync_engine *e, const char *action,
                               const char *table, const char *row_id,
                               const char *detail, struct sync_err *err)
{
    assert(e && action && table);
    return engine_audit(e, action, table, row_id, detail ? detail : "", err);
}

/* ---- reading ---- */

enum sync_rc sync_engine_get(struct sync_engine *e, const char *table,
                             const char *id, struct sync_record *out,
                             struct sync_err *err)
{
    assert(e && table && id && out);
    const struct sync_tdef *t;
    uint8_t row[SYNC_UUID_LEN];
    char canon[SYNC_UUID_TEXT];
    enum sync_rc rc = engine_find_table(e, table, &t, err);
    if (!rc)
        rc = sync_uuid_parse(row, id, err);
    if (rc)
        return rc;
    sync_uuid_format(canon, row);
    rc = sync_store_row_get(e->st, t, canon, out, err);
    if (!rc && strcmp(table, SYNC_PERSON_TABLE) == 0)
        rc = engine_audit(e, "view", table, canon, "show", err);
    return rc;
}

enum sync_rc sync_engine_list(struct sync_engine *e, const char *table,
                              sync_row_cb cb, void *payload,
                              struct sync_err *err)
{
    assert(e && table && cb);
    const struct sync_tdef *t;
    enum sync_rc rc = engine_find_table(e, table, &t, err);
    if (!rc && strcmp(table, SYNC_PERSON_TABLE) == 0)
        rc = engine_audit(e, "view", table, NULL, "list", err);
    return rc ? rc : sync_store_rows_each(e->st, t, false, cb, payload, err);
}

/* ---- roles and roster ---- */

const struct sync_key *sync_engine_key(const struct sync_engine *e)
{
    return e->key;
}

bool sync_engine_is_hub(const struct sync_engine *e)
{
    struct sync_member m;
    return !sync_store_member_read(e->st, sync_key_public(e->key), &m, NULL) &&
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

enum sync_rc engine_roster_locked(struct sync_engine *e,
                                  const struct sync_member *m,
                                  const struct sync_record *extra,
                                  struct sync_err *err)
{
    struct sync_record set;
    uint8_t row[SYNC_UUID_LEN];
    sync_record_init(&set);
    sync_roster_fields(&set, m);
    for (size_t i = 0; extra && i < extra->n; i++)
        sync_record_set(&set, extra->f[i].name, &extra->f[i].v);
    sync_roster_row(row, m->key);
    enum sync_rc rc = engine_write_entry(
        e, SYNC_ROSTER_TABLE, row, SYNC_SCOPE_NETWORK, SYNC_OP_PUT, &set, err);
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
    return engine_local_tx_end(e, engine_roster_locked(e, m, NULL, err), err);
}

enum sync_rc sync_engine_trust_upstream(struct sync_engine *e,
                                        const uint8_t *key, const char *org,
                                        const char *name, struct sync_err *err)
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
        rc = engine_roster_locked(e, &m, NULL, err);
    if (!rc)
        rc = engine_reconsider(e, key, 0, err);
    return engine_local_tx_end(e, rc, err);
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
    return engine_local_tx_end(e, SYNC_OK, err);
}

/* ---- accounts of the web pages ---- */

enum sync_rc sync_engine_account_put(struct sync_engine *e, const char *name,
                                     const char *role, const char *hash,
                                     struct sync_err *err)
{
    return sync_store_account_put(e->st, name, role, hash, err);
}

enum sync_rc sync_engine_account_remove(struct sync_engine *e, const char *name,
                                        struct sync_err *err)
{
    return sync_store_account_delete(e->st, name, err);
}

enum sync_rc sync_engine_probe_write(struct sync_engine *e, int64_t at_ms,
                                     struct sync_err *err)
{
    return sync_store_write_probe(e->st, at_ms, err);
}
