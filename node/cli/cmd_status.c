/* SPDX-License-Identifier: MIT */
/*
 * status: the hub, the last successful sync, changes not yet confirmed,
 * per-feed positions, conflicts, rejected entries and forks.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

#include "spona/banned.h"

static const char help[] =
    "usage: spona [--dir DIR] status [--json]\n"
    "\n"
    "Shows the hub this node syncs with, the last successful sync, changes\n"
    "the hub has not confirmed yet, the position of every feed held,\n"
    "conflicts, rejected entries, forks, and entries whose payload a hub\n"
    "withheld (each with the hub that sent it without; asked for again at\n"
    "every sync), and what this node found against its hub at the hub's\n"
    "signed checkpoints (entries withheld from it, a feed shown otherwise\n"
    "than committed to, changes the hub lost after acknowledging them),\n"
    "each with the checkpoint that proves it.\n";

struct feeds_out {
    struct sync_json *arr; /* JSON, or NULL for text */
};

static enum sync_rc feed_line(const struct sync_feed *f, void *payload)
{
    struct feeds_out *o = payload;
    char author[SYNC_B64_SIZE(SYNC_SIG_PK_LEN)];
    sync_b64_encode(author, sizeof(author), f->author, SYNC_SIG_PK_LEN);
    if (o->arr) {
        struct sync_json *j = sync_json_object();
        sync_json_set_str(j, "author", author);
        sync_json_set_str(j, "scope", sync_scope_name(f->scope));
        sync_json_set_int(j, "seq", (int64_t)f->last_seq);
        sync_json_set_bool(j, "forked", f->forked);
        sync_json_push(o->arr, j);
    } else {
        printf("  %.12s %-8s seq %llu%s\n", author, sync_scope_name(f->scope),
               (unsigned long long)f->last_seq, f->forked ? "  FORKED" : "");
    }
    return SYNC_OK;
}

/* The latest rejected entries shown; the count covers all of them. */
#define STATUS_REJECTED_SHOWN 20

struct list_out {
    struct sync_json *arr; /* JSON, or NULL for text */
};

static void hex_id(char out[2 * SYNC_HASH_LEN + 1], const uint8_t *id)
{
    sync_hex_encode(out, 2 * SYNC_HASH_LEN + 1, id, SYNC_HASH_LEN);
}

static enum sync_rc problem_line(const struct sync_problem *p, void *payload)
{
    struct list_out *o = payload;
    char author[SYNC_B64_SIZE(SYNC_SIG_PK_LEN)], id[2 * SYNC_HASH_LEN + 1];
    char other[2 * SYNC_HASH_LEN + 1], when[32];
    bool fork = strcmp(p->reason, "fork") == 0;
    sync_b64_encode(author, sizeof(author), p->author, SYNC_SIG_PK_LEN);
    hex_id(id, p->id);
    hex_id(other, p->other);
    node_time(when, p->at);
    const char *scope = sync_scope_name(p->scope);
    if (o->arr) {
        struct sync_json *j = sync_json_object();
        sync_json_set_str(j, "id", id);
        if (fork)
            sync_json_set_str(j, "other", other);
        sync_json_set_str(j, "author", author);
        sync_json_set_str(j, "scope", scope);
        sync_json_set_int(j, "seq", (int64_t)p->seq);
        if (!fork)
            sync_json_set_str(j, "reason", p->reason);
        sync_json_set_str(j, "at", when);
        sync_json_push(o->arr, j);
    } else if (fork) {
        printf("  %s  %.12s %s seq %llu: %.16s vs %.16s\n", when, author,
               scope ? scope : "?", (unsigned long long)p->seq, id, other);
    } else {
        printf("  %s  %.16s from %.12s %s seq %llu: %s\n", when, id, author,
               scope ? scope : "?", (unsigned long long)p->seq, p->reason);
    }
    return SYNC_OK;
}

static enum sync_rc conflict_line(const struct sync_conflict *c, void *payload)
{
    struct list_out *o = payload;
    char author[SYNC_B64_SIZE(SYNC_SIG_PK_LEN)], id[2 * SYNC_HASH_LEN + 1];
    char num[24];
    const char *value = c->loser.v.kind == SYNC_V_TEXT ? c->loser.v.s : NULL;
    if (c->loser.v.kind == SYNC_V_INT) {
        snprintf(num, sizeof(num), "%lld", (long long)c->loser.v.i);
        value = num;
    }
    sync_b64_encode(author, sizeof(author), c->loser.author, SYNC_SIG_PK_LEN);
    hex_id(id, c->loser.id);
    if (o->arr) {
        struct sync_json *j = sync_json_object();
        sync_json_set_str(j, "table", c->table);
        sync_json_set_str(j, "row", c->row_id);
        sync_json_set_str(j, "field", c->field);
        sync_json_set_str(j, "lost_value", value);
        sync_json_set_str(j, "lost_entry", id);
        sync_json_set_str(j, "lost_author", author);
        sync_json_push(o->arr, j);
    } else {
        printf("  %s %s %s: lost \"%.60s\" (entry %.16s by %.12s)\n", c->table,
               c->row_id, c->field, value ? value : "(empty)", id, author);
    }
    return SYNC_OK;
}

/* Withheld entries shown; the count covers all of them. */
#define STATUS_WITHHELD_SHOWN 20

struct withheld_out {
    struct sync_engine *e;
    struct sync_json *arr; /* JSON, or NULL for text */
};

static enum sync_rc withheld_line(const struct sync_withheld *w, void *payload)
{
    struct withheld_out *o = payload;
    char author[SYNC_B64_SIZE(SYNC_SIG_PK_LEN)], id[2 * SYNC_HASH_LEN + 1];
    char via[SYNC_B64_SIZE(SYNC_SIG_PK_LEN)] = "", when[32];
    struct sync_member m = {.org = ""};
    struct sync_err err;
    sync_b64_encode(author, sizeof(author), w->author, SYNC_SIG_PK_LEN);
    hex_id(id, w->id);
    node_time(when, w->at);
    if (w->has_via) {
        sync_b64_encode(via, sizeof(via), w->via, SYNC_SIG_PK_LEN);
        if (sync_read_member(o->e, w->via, &m, &err))
            m.org[0] = '\0';
    }
    if (o->arr) {
        struct sync_json *j = sync_json_object();
        sync_json_set_str(j, "id", id);
        sync_json_set_str(j, "author", author);
        sync_json_set_str(j, "scope", sync_scope_name(w->scope));
        sync_json_set_int(j, "seq", (int64_t)w->seq);
        sync_json_set_str(j, "table", w->table);
        sync_json_set_str(j, "row", w->row_id);
        sync_json_set_str(j, "withheld_by", w->has_via ? via : NULL);
        sync_json_set_str(j, "withheld_by_org", m.org[0] ? m.org : NULL);
        sync_json_set_str(j, "at", when);
        sync_json_push(o->arr, j);
    } else {
        printf("  %s  %.16s %s %s (from %.12s seq %llu): payload withheld "
               "by %s%s%.12s\n",
               when, id, w->table, w->row_id, author,
               (unsigned long long)w->seq, m.org[0] ? m.org : "",
               m.org[0] ? " " : "", w->has_via ? via : "(unknown)");
    }
    return SYNC_OK;
}

/* Findings shown; the count covers all of them. */
#define STATUS_EVIDENCE_SHOWN 20

static const char *evidence_text(const char *kind)
{
    if (strcmp(kind, "withheld") == 0)
        return "the hub committed to entries it did not serve";
    if (strcmp(kind, "split") == 0)
        return "the hub committed to a different entry than it served";
    if (strcmp(kind, "behind") == 0)
        return "the hub holds less of this feed than this node got from it "
               "(it lost or rolled back data)";
    if (strcmp(kind, "lost") == 0)
        return "the hub holds less of this node's feed than its kept "
               "receipt acknowledges; sent again";
    if (strcmp(kind, "gap") == 0)
        return "the hub served this entry but held back the ones before it; "
               "asked for again at every pull";
    if (strcmp(kind, "rollback") == 0)
        return "the hub's checkpoint goes back on what an earlier one (or "
               "its receipt) says it had";
    return "the heads the hub served do not match its signed checkpoint";
}

static enum sync_rc evidence_line(const struct sync_evidence *v, void *payload)
{
    struct list_out *o = payload;
    char cp[2 * SYNC_HASH_LEN + 1], author[SYNC_B64_SIZE(SYNC_SIG_PK_LEN)];
    char when[32];
    hex_id(cp, v->proof);
    sync_b64_encode(author, sizeof(author), v->author, SYNC_SIG_PK_LEN);
    node_time(when, v->at);
    if (o->arr) {
        struct sync_json *j = sync_json_object();
        sync_json_set_str(j, "kind", v->kind);
        sync_json_set_str(j, "proof", v->has_proof ? cp : NULL);
        if (v->has_feed) {
            sync_json_set_str(j, "author", author);
            sync_json_set_str(j, "scope", sync_scope_name(v->scope));
            sync_json_set_int(j, "seq", (int64_t)v->seq);
            sync_json_set_int(j, "held", (int64_t)v->held);
        }
        sync_json_set_str(j, "at", when);
        sync_json_push(o->arr, j);
    } else if (v->has_feed) {
        printf("  %s  %s: feed %.12s %s at seq %llu, held %llu: %s (proof: "
               "entry %.16s)\n",
               when, v->kind, author, sync_scope_name(v->scope),
               (unsigned long long)v->seq, (unsigned long long)v->held,
               evidence_text(v->kind), cp);
    } else {
        printf("  %s  %s: %s (proof: entry %.16s)\n", when, v->kind,
               evidence_text(v->kind), cp);
    }
    return SYNC_OK;
}

int cmd_status(struct node_ctx *ctx, int argc, char **argv)
{
    int code = node_opts_json(ctx, argc, argv, help);
    if (code)
        return code;
    struct sync_engine *e = ctx->e;
    struct sync_err err;
    struct sync_status st;
    sync_err_init(&err);
    enum sync_rc rc = sync_read_status(e, &st, &err);
    int64_t last = st.last_sync, unacked = st.unacked;
    int64_t conflicts = st.conflicts, rejected = st.rejected;
    int64_t forks = st.forks;
    char when[32];
    node_time(when, last);
    const char *hub = ctx->cfg.up_url;
    struct feeds_out fo = {.arr = ctx->json ? sync_json_array() : NULL};
    struct list_out co = {.arr = ctx->json ? sync_json_array() : NULL};
    struct list_out ro = {.arr = ctx->json ? sync_json_array() : NULL};
    struct list_out ko = {.arr = ctx->json ? sync_json_array() : NULL};
    struct list_out vo = {.arr = ctx->json ? sync_json_array() : NULL};
    struct withheld_out wo = {.e = e,
                              .arr = ctx->json ? sync_json_array() : NULL};
    if (!rc && !ctx->json) {
        printf("role        %s\n", sync_engine_is_hub(e) ? "hub" : "node");
        printf("hub         %s\n", hub ? hub : "(none: not joined)");
        printf("last sync   %s\n", last ? when : "never");
        printf("unsent      %lld change(s) not confirmed by the hub\n",
               (long long)unacked);
        if (st.restored || st.pending || st.pending_failed)
            printf("pending     %lld change(s) wait for the first sync "
                   "after a restore%s\n",
                   (long long)st.pending, st.restored ? "" : " (caught up)");
        if (st.pending_failed)
            printf("not written %lld waiting change(s) refused when "
                   "written\n",
                   (long long)st.pending_failed);
        printf("conflicts   %lld\n", (long long)conflicts);
    }
    if (!rc)
        rc = sync_read_conflicts(e, conflict_line, &co, &err);
    if (!rc && !ctx->json)
        printf("rejected    %lld%s\n", (long long)rejected,
               rejected > STATUS_REJECTED_SHOWN ? " (the latest shown)" : "");
    if (!rc)
        rc = sync_read_rejected(e, STATUS_REJECTED_SHOWN, problem_line, &ro,
                                &err);
    if (!rc && !ctx->json)
        printf("forks       %lld\n", (long long)forks);
    if (!rc)
        rc = sync_read_forks(e, problem_line, &ko, &err);
    if (!rc && !ctx->json)
        printf("withheld    %lld%s\n", (long long)st.withheld,
               st.withheld ? " entries whose payload a hub withheld (asked "
                             "for again at every sync)"
                           : "");
    if (!rc)
        rc = sync_read_withheld(e, STATUS_WITHHELD_SHOWN, withheld_line, &wo,
                                &err);
    if (!rc && !ctx->json)
        printf("evidence    %lld%s\n", (long long)st.evidence,
               st.evidence ? " finding(s) against the hub, each with its "
                             "signed checkpoint"
                           : "");
    if (!rc)
        rc = sync_read_evidence(e, STATUS_EVIDENCE_SHOWN, evidence_line, &vo,
                                &err);
    if (!rc && !ctx->json)
        printf("feeds:\n");
    if (!rc)
        rc = sync_read_feeds(e, feed_line, &fo, &err);
    if (!rc && ctx->json) {
        struct sync_json *o = sync_json_object();
        sync_json_set_str(o, "role", sync_engine_is_hub(e) ? "hub" : "node");
        sync_json_set_str(o, "hub", hub);
        sync_json_set_str(o, "last_sync", last ? when : NULL);
        sync_json_set_int(o, "unacknowledged", unacked);
        sync_json_set_bool(o, "restored", st.restored);
        sync_json_set_int(o, "pending", st.pending);
        sync_json_set_int(o, "pending_failed", st.pending_failed);
        sync_json_set_int(o, "conflicts", conflicts);
        sync_json_set_int(o, "rejected", rejected);
        sync_json_set_int(o, "forks", forks);
        sync_json_set_int(o, "withheld", st.withheld);
        sync_json_set(o, "withheld_list", wo.arr);
        sync_json_set_int(o, "evidence", st.evidence);
        sync_json_set(o, "evidence_list", vo.arr);
        sync_json_set(o, "conflict_list", co.arr);
        sync_json_set(o, "rejected_latest", ro.arr);
        sync_json_set(o, "fork_list", ko.arr);
        sync_json_set(o, "feeds", fo.arr);
        co.arr = ro.arr = ko.arr = fo.arr = wo.arr = vo.arr = NULL;
        node_print_json(o);
    }
    sync_json_free(co.arr);
    sync_json_free(ro.arr);
    sync_json_free(ko.arr);
    sync_json_free(fo.arr);
    sync_json_free(wo.arr);
    sync_json_free(vo.arr);
    return rc ? node_fail(&err) : NODE_EXIT_OK;
}
