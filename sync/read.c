/* SPDX-License-Identifier: MIT */
/*
 * read: the engine's read layer, the only way a program reads a node.
 * Each function is a thin walk over the store, except that whatever
 * shows personal data writes its audit record (DOMAIN.md, privacy rule
 * 7) before the data reaches the caller's callback. It never changes
 * domain rows.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "spona/engine.h"
#include "spona/hlc.h"
#include "spona/mem.h"
#include "spona/read.h"
#include "engine_int.h"
#include "privacy.h"
#include "store.h"
#include "store_search.h"
#include "store_stats.h"

#include "spona/banned.h"

/* Whether rows of table are personal data whose views are audited. */
static bool personal(const char *table)
{
    return table && strcmp(table, SYNC_PERSON_TABLE) == 0;
}

/*
 * The audit records of one walk share one transaction, begun at the
 * first of them (a walk that shows no personal data writes nothing), so
 * a log of thousands of persons costs one commit, not thousands.
 */
struct audit_tx {
    struct sync_engine *e; /* the node */
    bool own;              /* this walk began the transaction */
};

static enum sync_rc audit_view(struct audit_tx *tx, const char *table,
                               const char *row_id, const char *detail,
                               struct sync_err *err)
{
    struct sync_store *st = sync_engine_store(tx->e);
    if (!tx->own && !sync_store_in_tx(st)) {
        enum sync_rc rc = sync_store_begin(st, err);
        if (rc)
            return rc;
        tx->own = true;
    }
    return sync_engine_audit(tx->e, "view", table, row_id, detail, err);
}

/* Ends a walk: what was audited is kept whatever became of the walk,
 * since the data it covers has been shown. */
static enum sync_rc audit_end(struct audit_tx *tx, enum sync_rc rc,
                              struct sync_err *err)
{
    if (!tx->own)
        return rc;
    enum sync_rc c =
        sync_store_commit(sync_engine_store(tx->e), rc ? NULL : err);
    return rc ? rc : c;
}

enum sync_rc sync_read_status(struct sync_engine *e, struct sync_status *out,
                              struct sync_err *err)
{
    assert(e && out);
    struct sync_store *st = sync_engine_store(e);
    memset(out, 0, sizeof(*out));
    out->hub = sync_engine_is_hub(e);
    enum sync_rc rc =
        sync_store_meta_get_int(st, "last_sync", &out->last_sync, err);
    if (rc == SYNC_NOTFOUND)
        rc = SYNC_OK;
    if (!rc)
        rc = sync_store_unacked(st, sync_engine_self(e), out->hub,
                                &out->unacked, err);
    if (!rc)
        rc = sync_store_count(st, "entry", &out->entries, err);
    if (!rc)
        rc = sync_store_count(st, "conflict", &out->conflicts, err);
    if (!rc)
        rc = sync_store_count(st, "rejected", &out->rejected, err);
    if (!rc)
        rc = sync_store_count(st, "fork", &out->forks, err);
    if (!rc)
        rc = sync_store_count(st, "withheld", &out->withheld, err);
    if (!rc)
        rc = sync_store_count(st, "evidence", &out->evidence, err);
    if (!rc)
        rc = sync_store_pending_count(st, &out->pending, &out->pending_failed,
                                      err);
    int64_t restored = 0;
    enum sync_rc r2 =
        sync_store_meta_get_int(st, META_RESTORED, &restored, NULL);
    out->restored = !r2 && restored;
    return rc;
}

enum sync_rc sync_read_unacked(struct sync_engine *e, int64_t *out,
                               struct sync_err *err)
{
    assert(e && out);
    return sync_store_unacked(sync_engine_store(e), sync_engine_self(e),
                              sync_engine_is_hub(e), out, err);
}

enum sync_rc sync_read_evidence(struct sync_engine *e, int limit,
                                sync_evidence_cb cb, void *payload,
                                struct sync_err *err)
{
    assert(e && cb);
    return sync_store_evidence_each(sync_engine_store(e), limit, cb, payload,
                                    err);
}

enum sync_rc sync_read_withheld(
    struct sync_engine *e, int limit,
    enum sync_rc (*cb)(const struct sync_withheld *w, void *payload),
    void *payload, struct sync_err *err)
{
    assert(e && cb);
    return sync_store_withheld_each(sync_engine_store(e), limit, cb, payload,
                                    err);
}

enum sync_rc sync_read_stats(struct sync_engine *e, struct sync_stats *out,
                             struct sync_err *err)
{
    assert(e && out);
    return sync_store_stats(sync_engine_store(e), sync_engine_self(e), out,
                            err);
}

enum sync_rc sync_read_rejected_reasons(struct sync_engine *e, int limit,
                                        sync_group_cb cb, void *payload,
                                        struct sync_err *err)
{
    assert(e && cb);
    return sync_store_rejected_reasons(sync_engine_store(e), limit, cb, payload,
                                       err);
}

struct conflict_walk {
    struct audit_tx tx;     /* for the audit log */
    sync_conflict_cb cb;    /* the caller's */
    void *payload;          /* its payload */
    struct sync_err *err;   /* where an audit failure goes */
    char *table;            /* table of the row held in row; owned */
    char *row_id;           /* row id of the row held in row; owned */
    struct sync_record row; /* the row of the last conflict */
};

/* The write that holds the field now, into c->winner. */
static enum sync_rc conflict_winner(struct conflict_walk *w,
                                    struct sync_conflict *c)
{
    struct sync_store *st = sync_engine_store(w->tx.e);
    if (!w->table || strcmp(w->table, c->table) != 0 ||
        strcmp(w->row_id, c->row_id) != 0) {
        const struct sync_tdef *t =
            sync_schema_table(sync_store_schema(st), c->table);
        free(w->table);
        free(w->row_id);
        w->table = sync_xstrdup(c->table);
        w->row_id = sync_xstrdup(c->row_id);
        sync_record_release(&w->row);
        enum sync_rc rc =
            t ? sync_store_row_get(st, t, c->row_id, &w->row, w->err)
              : SYNC_NOTFOUND;
        if (rc && rc != SYNC_NOTFOUND)
            return rc;
    }
    const struct sync_rfield *f = sync_record_get(&w->row, c->field);
    if (!f || !f->has_ver)
        return SYNC_OK;
    enum sync_rc rc = sync_store_entry_clock(st, f->ver, &c->winner.hlc,
                                             c->winner.author, w->err);
    if (rc == SYNC_NOTFOUND)
        return SYNC_OK;
    if (rc)
        return rc;
    memcpy(c->winner.id, f->ver, SYNC_HASH_LEN);
    c->winner.v = f->v;
    c->has_winner = true;
    return SYNC_OK;
}

static enum sync_rc audited_conflict(const struct sync_conflict *c,
                                     void *payload)
{
    struct conflict_walk *w = payload;
    struct sync_conflict full = *c;
    if (personal(c->table)) {
        enum sync_rc rc =
            audit_view(&w->tx, c->table, c->row_id, "conflict", w->err);
        if (rc)
            return rc;
    }
    enum sync_rc rc = conflict_winner(w, &full);
    return rc ? rc : w->cb(&full, w->payload);
}

static enum sync_rc read_conflicts(struct sync_engine *e, const char *table,
                                   const char *row_id, sync_conflict_cb cb,
                                   void *payload, struct sync_err *err)
{
    assert(e && cb);
    struct conflict_walk w = {{e, false}, cb, payload, err, NULL, NULL, {0}};
    enum sync_rc rc = sync_store_conflicts_each(
        sync_engine_store(e), table, row_id, audited_conflict, &w, err);
    free(w.table);
    free(w.row_id);
    sync_record_release(&w.row);
    return audit_end(&w.tx, rc, err);
}

enum sync_rc sync_read_conflicts(struct sync_engine *e, sync_conflict_cb cb,
                                 void *payload, struct sync_err *err)
{
    return read_conflicts(e, NULL, NULL, cb, payload, err);
}

enum sync_rc sync_read_row_conflicts(struct sync_engine *e, const char *table,
                                     const char *row_id, sync_conflict_cb cb,
                                     void *payload, struct sync_err *err)
{
    assert(table && row_id);
    return read_conflicts(e, table, row_id, cb, payload, err);
}

enum sync_rc sync_read_rejected(struct sync_engine *e, int64_t limit,
                                sync_problem_cb cb, void *payload,
                                struct sync_err *err)
{
    assert(e && cb);
    return sync_store_rejected_each(sync_engine_store(e), limit, cb, payload,
                                    err);
}

enum sync_rc sync_read_forks(struct sync_engine *e, sync_problem_cb cb,
                             void *payload, struct sync_err *err)
{
    assert(e && cb);
    return sync_store_forks_each(sync_engine_store(e), cb, payload, err);
}

enum sync_rc sync_read_feeds(struct sync_engine *e, sync_feed_cb cb,
                             void *payload, struct sync_err *err)
{
    assert(e && cb);
    return sync_store_feeds_each(sync_engine_store(e), cb, payload, err);
}

struct entry_walk {
    struct audit_tx tx;   /* for the audit log */
    const char *detail;   /* how the entries are shown */
    sync_entry_cb cb;     /* the caller's */
    void *payload;        /* its payload */
    struct sync_err *err; /* where an audit failure goes */
};

static enum sync_rc audited_entry(const struct sync_stored *s, void *payload)
{
    struct entry_walk *w = payload;
    if (s->payload && personal(s->table)) {
        enum sync_rc rc =
            audit_view(&w->tx, s->table, s->row_id, w->detail, w->err);
        if (rc)
            return rc;
    }
    return w->cb(s, w->payload);
}

enum sync_rc sync_read_log(struct sync_engine *e, sync_entry_cb cb,
                           void *payload, struct sync_err *err)
{
    assert(e && cb);
    struct entry_walk w = {{e, false}, "log", cb, payload, err};
    enum sync_rc rc =
        sync_store_entries_each(sync_engine_store(e), audited_entry, &w, err);
    return audit_end(&w.tx, rc, err);
}

enum sync_rc sync_read_history(struct sync_engine *e, const char *table,
                               const char *row_id, sync_entry_cb cb,
                               void *payload, struct sync_err *err)
{
    assert(e && table && row_id && cb);
    struct entry_walk w = {{e, false}, "history", cb, payload, err};
    enum sync_rc rc = sync_store_row_entries(sync_engine_store(e), table,
                                             row_id, audited_entry, &w, err);
    return audit_end(&w.tx, rc, err);
}

enum sync_rc sync_read_members(struct sync_engine *e, sync_member_cb cb,
                               void *payload, struct sync_err *err)
{
    assert(e && cb);
    return sync_store_members_each(sync_engine_store(e), cb, payload, err);
}

enum sync_rc sync_read_member(struct sync_engine *e, const uint8_t *key,
                              struct sync_member *out, struct sync_err *err)
{
    assert(e && key && out);
    return sync_store_member_read(sync_engine_store(e), key, out, err);
}

enum sync_rc sync_read_member_lag(struct sync_engine *e,
                                  const struct sync_member *m, int64_t *out,
                                  struct sync_err *err)
{
    assert(e && m && out);
    return sync_store_member_lag(sync_engine_store(e), m, sync_engine_self(e),
                                 out, err);
}

struct hit_walk {
    struct audit_tx tx;   /* for the audit log */
    sync_hit_cb cb;       /* the caller's */
    void *payload;        /* its payload */
    struct sync_err *err; /* where an audit failure goes */
};

static enum sync_rc audited_hit(const struct sync_hit *h, void *payload)
{
    struct hit_walk *w = payload;
    if (personal(h->table)) {
        enum sync_rc rc = audit_view(&w->tx, h->table, h->id, "search", w->err);
        if (rc)
            return rc;
    }
    return w->cb(h, w->payload);
}

enum sync_rc sync_read_search(struct sync_engine *e, const char *query,
                              const struct sync_search_opts *opts,
                              sync_hit_cb cb, void *payload,
                              struct sync_err *err)
{
    assert(e && query && opts && cb);
    struct hit_walk w = {{e, false}, cb, payload, err};
    enum sync_rc rc = sync_store_search(sync_engine_store(e), query, opts,
                                        audited_hit, &w, err);
    return audit_end(&w.tx, rc, err);
}

enum sync_rc sync_read_search_suggest(struct sync_engine *e, char *out,
                                      size_t size, const char *query,
                                      const char *table, struct sync_err *err)
{
    assert(e && out && size && query);
    return sync_store_search_suggest(sync_engine_store(e), out, size, query,
                                     table, NULL, err);
}

enum sync_rc sync_read_search_suggest_but(struct sync_engine *e, char *out,
                                          size_t size, const char *query,
                                          const char *skip,
                                          struct sync_err *err)
{
    assert(e && out && size && query);
    return sync_store_search_suggest(sync_engine_store(e), out, size, query,
                                     NULL, skip, err);
}

enum sync_rc sync_read_refresh_index(struct sync_engine *e,
                                     struct sync_err *err)
{
    return sync_store_search_refresh(sync_engine_store(e), err);
}

static enum sync_rc find_table(struct sync_engine *e, const char *table,
                               const struct sync_tdef **out,
                               struct sync_err *err)
{
    *out = sync_schema_table(sync_engine_schema(e), table);
    if (!*out)
        return sync_err_set(err, SYNC_INVALID,
                            "unknown table '%s' (see "
                            "'spona tables')",
                            table);
    return SYNC_OK;
}

enum sync_rc sync_read_count_by(struct sync_engine *e, const char *table,
                                const char *field, sync_group_cb cb,
                                void *payload, struct sync_err *err)
{
    assert(e && table && field && cb);
    const struct sync_tdef *t;
    enum sync_rc rc = find_table(e, table, &t, err);
    return rc ? rc
              : sync_store_count_by(sync_engine_store(e), t, field, cb, payload,
                                    err);
}

enum sync_rc sync_read_lsg(struct sync_engine *e, sync_lsg_cb cb, void *payload,
                           struct sync_err *err)
{
    assert(e && cb);
    return sync_store_lsg_each(sync_engine_store(e), cb, payload, err);
}

enum sync_rc sync_read_audit(struct sync_engine *e, sync_audit_cb cb,
                             void *payload, struct sync_err *err)
{
    assert(e && cb);
    return sync_store_audit_each(sync_engine_store(e), cb, payload, err);
}

struct export_walk {
    struct sync_engine *e; /* the node */
    unsigned flags;        /* enum sync_read_export_flags */
    sync_row_cb cb;        /* the caller's */
    void *payload;         /* its payload */
};

/* A public export holds only rows made public and out of draft. */
static bool may_publish(const struct sync_record *r)
{
    const char *scope = sync_record_text(r, "scope");
    return scope && strcmp(scope, "public") == 0 &&
           !sync_privacy_is_draft(sync_record_text(r, "review_status"));
}

/* A person of ours leaves with only the contact channels its consents
 * list; one received from another node holds only what its consent let
 * out already. */
static enum sync_rc export_person(struct export_walk *w,
                                  const struct sync_record *r)
{
    const char *owner = sync_record_text(r, "owner");
    const char *id = sync_record_text(r, "id");
    if (!owner || !id || strcmp(owner, sync_engine_org(w->e)) != 0)
        return w->cb(r, w->payload);
    struct sync_reach reach;
    unsigned channels = 0;
    if (!sync_privacy_reach(sync_engine_store(w->e), id, owner,
                            (int64_t)sync_hlc_wall_ms(), &reach, NULL))
        channels = reach.ch_hub | reach.ch_net;
    struct sync_record copy;
    sync_record_init(&copy);
    sync_record_copy(&copy, r);
    static const char *const fields[] = {"email", "phone"};
    for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
        struct sync_rfield *f = sync_record_get(&copy, fields[i]);
        if (f && !(channels & sync_privacy_channel(fields[i])))
            sync_value_clear(&f->v);
    }
    enum sync_rc rc = w->cb(&copy, w->payload);
    sync_record_release(&copy);
    return rc;
}

static enum sync_rc export_row(const struct sync_record *r, void *payload)
{
    struct export_walk *w = payload;
    if ((w->flags & SYNC_EXPORT_PUBLIC) && !may_publish(r))
        return SYNC_OK;
    if (w->flags & SYNC_EXPORT_CONSENTED)
        return export_person(w, r);
    return w->cb(r, w->payload);
}

enum sync_rc sync_read_export(struct sync_engine *e, const char *table,
                              unsigned flags, const char *format,
                              sync_row_cb cb, void *payload,
                              struct sync_err *err)
{
    assert(e && table && format && cb);
    const struct sync_tdef *t;
    enum sync_rc rc = find_table(e, table, &t, err);
    if (rc)
        return rc;
    bool people = personal(table) || strcmp(table, SYNC_CONSENT_TABLE) == 0;
    if (people && (flags & SYNC_EXPORT_PUBLIC))
        return sync_err_set(err, SYNC_INVALID,
                            "personal data is never "
                            "public: a public export of '%s' is refused",
                            table);
    if (!personal(table))
        flags &= ~(unsigned)SYNC_EXPORT_CONSENTED;
    /* Personal data leaving through a file is logged before it goes. */
    if (people)
        rc = sync_engine_audit(e, "export", table, NULL, format, err);
    struct export_walk w = {e, flags, cb, payload};
    return rc ? rc
              : sync_store_rows_each(sync_engine_store(e), t, false, export_row,
                                     &w, err);
}

enum sync_rc sync_read_account(struct sync_engine *e, const char *name,
                               struct sync_account *out, struct sync_err *err)
{
    assert(e && name && out);
    return sync_store_account_get(sync_engine_store(e), name, out, err);
}

enum sync_rc sync_read_accounts(struct sync_engine *e, sync_account_cb cb,
                                void *payload, struct sync_err *err)
{
    assert(e && cb);
    return sync_store_accounts_each(sync_engine_store(e), cb, payload, err);
}
