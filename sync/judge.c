/* SPDX-License-Identifier: MIT */
/*
 * judge: the rules a received or local entry must pass before it is
 * merged (author, ownership, fields, scope), what accepting one entry
 * does, and judging refused entries again when what refused them may
 * have changed (an author became trusted, a newer schema).
 */
#include <assert.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spona/checkpoint.h"
#include "spona/engine.h"
#include "spona/hlc.h"
#include "spona/mem.h"
#include "msg.h"
#include "engine_int.h"
#include "peer.h"
#include "privacy.h"
#include "roster.h"
#include "store.h"

/*
 * Only a validated or published practice may be public (DOMAIN.md,
 * "Review"): a put in a public feed of a table with a review status must
 * leave the row validated or published, by the value it carries or, when
 * it carries none, by the one the row holds. A row that turns public is
 * written whole into its new feed (write.c), so its first public entry
 * carries the status and a receiver of the public feed alone can judge it.
 */
static void check_public(const struct incoming *in, char *why, size_t size)
{
    if (in->e->h.scope != SYNC_SCOPE_PUBLIC || in->e->h.op != SYNC_OP_PUT ||
        !sync_schema_field(in->t, "review_status"))
        return;
    const struct sync_rfield *f = sync_record_get(&in->set, "review_status");
    const char *now = f ? (f->v.kind == SYNC_V_TEXT ? f->v.s : NULL)
                        : sync_record_text(&in->cur, "review_status");
    if (!sync_privacy_is_reviewed(now))
        snprintf(why, size,
                 "only a validated or published %s may be public "
                 "(review status '%s')",
                 in->t->name, now ? now : "none");
}

/* A member this hub vouched for sets validated or published only as this
 * hub's verdict (DOMAIN.md, review of practices): a node of its own
 * cannot skip the review on the way to public. */
static enum sync_rc check_verdict(struct sync_engine *e,
                                  const struct incoming *in,
                                  const struct sync_member *m, char *why,
                                  size_t size, struct sync_err *err)
{
    const struct sync_rfield *f = sync_record_get(&in->set, "review_status");
    const char *was = sync_record_text(&in->cur, "review_status");
    bool given = false;
    if (in->e->h.op != SYNC_OP_PUT || !m->has_writer ||
        memcmp(m->writer, sync_engine_self(e), SYNC_SIG_PK_LEN) != 0 ||
        !sync_schema_field(in->t, "review_status") || !f ||
        f->v.kind != SYNC_V_TEXT || !sync_privacy_is_reviewed(f->v.s) ||
        (was && strcmp(was, f->v.s) == 0))
        return SYNC_OK;
    enum sync_rc rc = engine_review_given(e, in->row, f->v.s, &given, err);
    if (!rc && !given)
        snprintf(why, size, "review_status '%s' was not this hub's verdict",
                 f->v.s);
    return rc;
}

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
            snprintf(why, size, "field '%s' may not leave its node", f->name);
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
    if (!*why)
        check_public(in, why, size);
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

/* Whether key is this node's upstream hub: a root of trust (a member row
 * no one vouched for) other than this node itself. */
static enum sync_rc has_upstream(struct sync_engine *e, const uint8_t *key,
                                 bool *out, struct sync_err *err)
{
    struct sync_member m;
    *out = false;
    if (memcmp(key, sync_engine_self(e), SYNC_SIG_PK_LEN) == 0)
        return SYNC_OK;
    enum sync_rc rc = sync_store_member_read(e->st, key, &m, err);
    if (rc == SYNC_NOTFOUND)
        return SYNC_OK;
    *out = !rc && !m.has_writer && m.active;
    return rc;
}

/*
 * Whether this node sees the hub scope of author a: a hub's hub feed
 * reaches the hub and its members; a node's reaches its hub (the key that
 * vouched for it) and that hub's members (PROTOCOL.md §11). A root of
 * this node's trust (its hub, or a key put in by hand) is inside.
 */
static enum sync_rc sees_hub_scope(struct sync_engine *e,
                                   const struct sync_member *a, bool *out,
                                   struct sync_err *err)
{
    const uint8_t *self = sync_engine_self(e);
    const uint8_t *hub = a->key;
    if (!a->has_writer) {
        *out = a->active;
        return SYNC_OK;
    }
    if (strcmp(a->role, "hub") != 0)
        hub = a->writer;
    if (memcmp(self, hub, SYNC_SIG_PK_LEN) == 0) {
        *out = true;
        return SYNC_OK;
    }
    return has_upstream(e, hub, out, err);
}

/* A checkpoint (PROTOCOL.md §13): a hub's, in its own hub feed, at the row
 * its seq names, with exactly feeds, root and time. */
static void check_checkpoint(struct sync_engine *e, const struct incoming *in,
                             const struct sync_member *m, char *why,
                             size_t size)
{
    const struct sync_entry_header *h = &in->e->h;
    uint8_t row[SYNC_UUID_LEN];
    const struct sync_rfield *feeds = sync_record_get(&in->set, "feeds");
    const struct sync_rfield *time = sync_record_get(&in->set, "time");
    const char *root = sync_record_text(&in->set, "root");
    bool self = memcmp(h->author, sync_engine_self(e), SYNC_SIG_PK_LEN) == 0;
    sync_checkpoint_row(row, h->author, h->seq);
    size_t hex = root ? strspn(root, "0123456789abcdef") : 0;
    if (strcmp(m->role, "hub") != 0 && !(self && sync_engine_is_hub(e)))
        snprintf(why, size, "only hubs write checkpoints");
    else if (h->scope != SYNC_SCOPE_HUB || h->op != SYNC_OP_PUT ||
             memcmp(row, h->row, SYNC_UUID_LEN) != 0)
        snprintf(why, size,
                 "a checkpoint is a put in its hub's hub feed at "
                 "the row its seq names");
    else if (in->set.n != 3 || !feeds || feeds->v.kind != SYNC_V_INT ||
             feeds->v.i < 0 || !time || time->v.kind != SYNC_V_INT ||
             time->v.i < 0 || !root || hex != 2 * SYNC_HASH_LEN ||
             root[hex] != '\0')
        snprintf(why, size, "a checkpoint sets exactly feeds, root and time");
}

/*
 * Applies the rules an authentic entry must meet: a known table and op,
 * an active author writing for its own organisation, a row of that
 * organisation, valid fields. Empty why means the entry may be applied.
 */
static enum sync_rc check_policy(struct sync_engine *e, struct incoming *in,
                                 char *why, size_t size, struct sync_err *err)
{
    struct sync_store *st = e->st;
    const struct sync_entry_header *h = &in->e->h;
    bool inside = true;
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
    /* Wherever it came from, a hub entry outside its reach is not kept. */
    if (h->scope == SYNC_SCOPE_HUB &&
        memcmp(h->author, sync_engine_self(e), SYNC_SIG_PK_LEN) != 0 &&
        ((rc = sees_hub_scope(e, &m, &inside, err)) || !inside)) {
        in->outside = !rc;
        snprintf(why, size,
                 "outside its feed's reach: a hub-scope entry of "
                 "another hub's member");
        return rc;
    }
    if (strcmp(m.org, in->owner) != 0) {
        snprintf(why, size,
                 "owner '%.80s' is not the author's organisation "
                 "'%.80s'",
                 in->owner, m.org);
        return SYNC_OK;
    }
    if (in->checkpoint) {
        check_checkpoint(e, in, &m, why, size);
        return SYNC_OK;
    }
    if (in->witness) {
        engine_witness_judge(in, why, size);
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
    return *why ? SYNC_OK : check_verdict(e, in, &m, why, size, err);
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
    in->checkpoint = strcmp(en->h.table, SYNC_CHECKPOINT_TABLE) == 0;
    in->witness = strcmp(en->h.table, SYNC_WITNESS_TABLE) == 0;
    in->t = sync_schema_table(sync_store_schema(e->st), en->h.table);
    enum sync_rc rc = SYNC_OK;
    *why = '\0';
    if (!in->t && !in->roster && !in->checkpoint && !in->witness) {
        snprintf(why, size, "unknown table '%s'", en->h.table);
    } else if (!en->payload) {
        snprintf(why, size, "payload missing");
    } else if (known) {
        sync_record_copy(&in->set, known);
        in->owner = sync_xstrdup(e->org);
        rc = check_policy(e, in, why, size, err);
    } else if (sync_msg_payload_decode(&in->owner, &in->set, en->payload,
                                       en->payload_len, &derr)) {
        snprintf(why, size, "%s", derr.msg);
    } else {
        rc = check_policy(e, in, why, size, err);
    }
    int ours = sync_store_version(e->st);
    size_t n = strlen(why);
    if (!rc && n && en->h.schema > ours)
        snprintf(why + n, size - n,
                 " (its author has schema %d, this node "
                 "%d: judged again once spona is upgraded)",
                 (int)en->h.schema, ours);
    return rc;
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
static enum sync_rc apply(struct sync_engine *e, struct incoming *in, int depth,
                          struct sync_err *err)
{
    bool activated = false;
    uint8_t subject[SYNC_SIG_PK_LEN];
    if (in->checkpoint)
        return engine_checkpoint_apply(e, in, err);
    if (in->witness)
        return engine_witness_apply(e, in, err);
    if (!in->roster && in->e->h.op == SYNC_OP_RETRACT)
        return retract(e, in, err);
    if (!in->roster && in->e->h.op == SYNC_OP_ERASE) {
        e->erased = true;
        return sync_store_erase(e->st, in->t, in->row,
                                (int64_t)sync_hlc_wall_ms(), err);
    }
    if (!in->roster)
        return engine_merge(e->st, in, err);
    enum sync_rc rc =
        sync_roster_apply(e->st, &in->e->h, &in->set, &activated, subject, err);
    if (!rc && activated)
        rc = engine_reconsider(e, subject, depth + 1, err);
    return rc;
}

/*
 * Stores an entry that passed the authenticity checks at the head of its
 * feed (feed NULL: a withheld entry already stored got its payload), then
 * applies it or records why it was refused.
 */
enum sync_rc engine_accept(struct sync_engine *e, const struct sync_feed *feed,
                           const struct sync_entry *en,
                           const struct sync_record *known,
                           enum sync_ingest *res, struct sync_err *err)
{
    struct incoming in = {.e = en};
    char why[sizeof(err->msg)];
    enum sync_rc rc = judge(e, &in, known, why, sizeof(why), err);
    struct sync_entry bare = *en;
    if (in.erased || in.outside) {
        bare.payload = NULL;
        bare.payload_len = 0;
    }
    int status = *why ? SYNC_ENTRY_REFUSED : SYNC_ENTRY_APPLIED;
    if (!rc && feed)
        rc = sync_store_entry_add(e->st, feed, &bare, status, err);
    else if (!rc)
        rc = sync_store_withheld_fill(e->st, &bare, status, err);
    if (!rc && *why)
        rc = sync_store_reject(e->st, &bare, why, err);
    else if (!rc)
        rc = apply(e, &in, 0, err);
    /* What a refused witness carries is signed by the hub all the same:
     * proof whoever relays it (a member the hub revoked or never vouched
     * for in this history). */
    if (!rc && *why && in.witness)
        rc = engine_witness_apply(e, &in, err);
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
    struct sync_entry bare = *en;
    if (!rc && (in.erased || in.outside)) {
        bare.payload = NULL;
        bare.payload_len = 0;
        rc = sync_store_payload_drop(e->st, en->id, err);
    }
    if (!rc && *why)
        rc = sync_store_reject(e->st, &bare, why, err);
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
enum sync_rc engine_reconsider(struct sync_engine *e, const uint8_t *author,
                               int depth, struct sync_err *err)
{
    struct refused r = {0};
    if (depth > 8)
        return SYNC_OK;
    enum sync_rc rc =
        sync_store_refused_each(e->st, author, refused_add, &r, err);
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
void engine_rejudge_after_upgrade(struct sync_engine *e)
{
    int64_t judged = 0, after = 0;
    int version = sync_store_version(e->st);
    struct sync_err err;
    enum sync_rc rc =
        sync_store_meta_get_int(e->st, META_JUDGED, &judged, &err);
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
            rc = engine_after_erase(e, &err);
        done = done || rc;
    }
}
