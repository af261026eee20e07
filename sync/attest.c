/* SPDX-License-Identifier: MIT */
/*
 * attest: witness entries, where a hub's split views meet (docs/PROTOCOL.md
 * §13, "Witnesses"). A member that has checked a checkpoint of its hub
 * writes, into its own network feed, the signed header of that checkpoint
 * and of the head of the hub's network feed it held. The entry travels the
 * whole tree; every receiver that holds either feed at that seq with a
 * different entry has two entries of the hub at one seq: a fork, kept as
 * proof like any other (§6). So a history shown to one member only cannot
 * stay unseen by the members and the parent that hold the other one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spona/checkpoint.h"
#include "spona/engine.h"
#include "spona/hlc.h"
#include "engine_int.h"
#include "store.h"

#include "spona/banned.h"

/* The node_meta keys of the time (Unix ms) of this node's last witness
 * and of the ids it carried (hex, "-" for none). */
#define META_WITNESS_AT "witness_at"
#define META_WITNESS_IDS "witness_ids"
/* A member witnesses its hub at most this often (the first check always). */
#define WITNESS_EVERY_MS (24 * 3600 * 1000LL)

#define F_CHECKPOINT "checkpoint"
#define F_HEAD "head"

/* Base64 of header || signature: what a witness field may hold at most. */
#define SIGNED_MAX (SYNC_ENTRY_HEADER_MAX + SYNC_SIG_LEN)

/* Decodes one field (base64 of header || signature) into out and checks
 * the signature; why says what is wrong. */
static void signed_decode(const char *text, const char *name,
                          struct sync_entry *out, char *why, size_t size)
{
    uint8_t bin[SIGNED_MAX];
    size_t len = 0;
    struct sync_err err;
    sync_entry_init(out);
    if (!text || sync_b64_decode(bin, sizeof(bin), &len, text, strlen(text)) ||
        len <= SYNC_SIG_LEN) {
        snprintf(why, size,
                 "witness: %s is not base64 of a header and a "
                 "signature",
                 name);
        return;
    }
    if (sync_entry_from_bytes(out, bin, len - SYNC_SIG_LEN,
                              bin + len - SYNC_SIG_LEN, &err) ||
        sync_entry_verify_sig(out, &err))
        snprintf(why, size, "witness: %s: %.160s", name, err.msg);
}

/* Decodes the entries a witness carries into e (*n of them: the
 * checkpoint first when there is one, then the head). Empty why: they
 * meet the rules of PROTOCOL.md §13. */
static void witness_decode(const struct incoming *in, struct sync_entry e[2],
                           size_t *n, char *why, size_t size)
{
    const struct sync_entry_header *h = &in->e->h;
    const char *cp = sync_record_text(&in->set, F_CHECKPOINT);
    const char *head = sync_record_text(&in->set, F_HEAD);
    uint8_t row[SYNC_UUID_LEN];
    *n = 0;
    *why = '\0';
    sync_witness_row(row, h->author);
    if (h->scope != SYNC_SCOPE_NETWORK || h->op != SYNC_OP_PUT ||
        memcmp(row, h->row, SYNC_UUID_LEN) != 0) {
        snprintf(why, size,
                 "a witness is a put in its author's network "
                 "feed at the row its author names");
        return;
    }
    if ((!cp && !head) ||
        in->set.n != (size_t)(cp != NULL) + (size_t)(head != NULL)) {
        snprintf(why, size,
                 "a witness sets checkpoint, head or both, and nothing else");
        return;
    }
    if (cp) {
        signed_decode(cp, F_CHECKPOINT, &e[*n], why, size);
        if (!*why && (e[*n].h.scope != SYNC_SCOPE_HUB ||
                      strcmp(e[*n].h.table, SYNC_CHECKPOINT_TABLE) != 0))
            snprintf(why, size,
                     "witness: checkpoint is not a hub's checkpoint");
        ++*n;
    }
    if (!*why && head) {
        signed_decode(head, F_HEAD, &e[*n], why, size);
        if (!*why && (e[*n].h.scope != SYNC_SCOPE_NETWORK ||
                      memcmp(e[*n].h.author, e[0].h.author, SYNC_SIG_PK_LEN)))
            snprintf(why, size,
                     "witness: head is not of the checkpoint's hub's network "
                     "feed");
        ++*n;
    }
    if (!*why && memcmp(e[0].h.author, h->author, SYNC_SIG_PK_LEN) == 0)
        snprintf(why, size, "witness: a hub does not witness itself");
}

void engine_witness_judge(const struct incoming *in, char *why, size_t size)
{
    struct sync_entry e[2];
    size_t n = 0;
    witness_decode(in, e, &n, why, size);
}

/* A fork when this node holds en's feed at en's seq with another entry. */
static enum sync_rc meet(struct sync_engine *e, const struct sync_entry *en,
                         struct sync_err *err)
{
    struct sync_feed f;
    uint8_t held[SYNC_HASH_LEN];
    enum sync_rc rc =
        sync_store_feed_get(e->st, &f, en->h.author, en->h.scope, false, err);
    if (rc || f.forked || en->h.seq > f.last_seq)
        return rc == SYNC_NOTFOUND ? SYNC_OK : rc;
    rc = sync_store_entry_id_at(e->st, f.feed, en->h.seq, held, err);
    if (rc || memcmp(held, en->id, SYNC_HASH_LEN) == 0) /* NOTFOUND: a hole */
        return rc == SYNC_NOTFOUND ? SYNC_OK : rc;
    return sync_store_feed_fork(e->st, f.feed, en->h.seq, held, en, err);
}

enum sync_rc engine_witness_apply(struct sync_engine *e,
                                  const struct incoming *in,
                                  struct sync_err *err)
{
    struct sync_entry w[2];
    size_t n = 0;
    char why[256];
    witness_decode(in, w, &n, why, sizeof(why));
    if (*why) /* not a witness: nothing it carries is compared */
        return SYNC_OK;
    enum sync_rc rc = SYNC_OK;
    for (size_t i = 0; i < n && !rc; i++)
        rc = meet(e, &w[i], err);
    return rc;
}

/* Sets field name to base64 of the header and signature of entry id, and
 * id hex to the entry's id. */
static enum sync_rc put_signed(struct sync_engine *e, struct sync_record *set,
                               const char *name, const uint8_t *id,
                               char hex[2 * SYNC_HASH_LEN + 1],
                               struct sync_err *err)
{
    struct sync_entry en;
    uint8_t bin[SIGNED_MAX];
    char text[SYNC_B64_SIZE(SIGNED_MAX)];
    sync_entry_init(&en);
    enum sync_rc rc = sync_store_entry_signed(e->st, id, &en, err);
    if (!rc) {
        memcpy(bin, en.header, en.header_len);
        memcpy(bin + en.header_len, en.sig, SYNC_SIG_LEN);
        sync_b64_encode(text, sizeof(text), bin, en.header_len + SYNC_SIG_LEN);
        sync_record_set_text(set, name, text);
        sync_entry_id_hex(hex, &en);
    }
    sync_entry_release(&en);
    return rc;
}

/* Whether this node may write a witness now: not a restored node that
 * has not caught up, not into a closed feed, not more often than daily
 * (unless the clock went back past the last one). */
static enum sync_rc witness_due(struct sync_engine *e, bool *due,
                                struct sync_err *err)
{
    int64_t restored = 0, at = 0, now = (int64_t)sync_hlc_wall_ms();
    struct sync_feed own = {0};
    *due = false;
    enum sync_rc rc =
        sync_store_meta_get_int(e->st, META_RESTORED, &restored, err);
    if (rc == SYNC_NOTFOUND)
        rc = SYNC_OK;
    if (!rc && (rc = sync_store_meta_get_int(e->st, META_WITNESS_AT, &at,
                                             err)) == SYNC_NOTFOUND)
        rc = SYNC_OK;
    if (!rc && (rc = sync_store_feed_get(e->st, &own, sync_engine_self(e),
                                         SYNC_SCOPE_NETWORK, false, err)) ==
                   SYNC_NOTFOUND)
        rc = SYNC_OK; /* nothing written yet: not closed either */
    *due = !rc && !restored && !own.forked &&
           (at == 0 || now < at || now - at >= WITNESS_EVERY_MS);
    return rc;
}

/* The same ids as the last witness: nothing new to say. */
static enum sync_rc same_as_last(struct sync_engine *e, const char *ids,
                                 bool *same, struct sync_err *err)
{
    char *last = NULL;
    enum sync_rc rc =
        sync_store_meta_get_text(e->st, META_WITNESS_IDS, &last, err);
    *same = rc == SYNC_OK && strcmp(last, ids) == 0;
    free(last);
    return rc == SYNC_NOTFOUND ? SYNC_OK : rc;
}

/* Writes a witness of hub: the checkpoint checked last and the head of
 * the hub's network feed, whichever this node has. */
static enum sync_rc witness_locked(struct sync_engine *e, const uint8_t *hub,
                                   bool *written, struct sync_err *err)
{
    bool due = false, same = false;
    struct sync_feed net = {0};
    struct store_checkpoint cp;
    struct sync_record set;
    uint8_t row[SYNC_UUID_LEN];
    char cp_hex[2 * SYNC_HASH_LEN + 1] = "-",
                                    head_hex[2 * SYNC_HASH_LEN + 1] = "-";
    char ids[4 * SYNC_HASH_LEN + 4];
    enum sync_rc rc = witness_due(e, &due, err);
    if (rc || !due)
        return rc;
    enum sync_rc has_cp =
        sync_store_checkpoint_latest(e->st, hub, true, &cp, err);
    enum sync_rc has_net =
        sync_store_feed_get(e->st, &net, hub, SYNC_SCOPE_NETWORK, false, err);
    if (has_cp && has_cp != SYNC_NOTFOUND)
        return has_cp;
    if (has_net && has_net != SYNC_NOTFOUND)
        return has_net;
    bool with_head = has_net == SYNC_OK && net.last_seq > 0;
    if (has_cp == SYNC_NOTFOUND && !with_head)
        return SYNC_OK; /* nothing of the hub to witness yet */
    sync_record_init(&set);
    if (has_cp == SYNC_OK)
        rc = put_signed(e, &set, F_CHECKPOINT, cp.id, cp_hex, err);
    if (!rc && with_head)
        rc = put_signed(e, &set, F_HEAD, net.last_id, head_hex, err);
    snprintf(ids, sizeof(ids), "%s %s", cp_hex, head_hex);
    if (!rc)
        rc = same_as_last(e, ids, &same, err);
    sync_witness_row(row, sync_engine_self(e));
    if (!rc && !same)
        rc = engine_write_entry(e, SYNC_WITNESS_TABLE, row, SYNC_SCOPE_NETWORK,
                                SYNC_OP_PUT, &set, err);
    if (!rc && !same)
        rc = sync_store_meta_set_text(e->st, META_WITNESS_IDS, ids, err);
    if (!rc) /* unchanged: looked at again a day later */
        rc = sync_store_meta_set_int(e->st, META_WITNESS_AT,
                                     (int64_t)sync_hlc_wall_ms(), err);
    *written = !rc && !same;
    sync_record_release(&set);
    return rc;
}

enum sync_rc engine_witness_write(struct sync_engine *e, const uint8_t *hub,
                                  bool *written, struct sync_err *err)
{
    bool due = false;
    *written = false;
    /* Most rounds have nothing due: known without the write lock. */
    enum sync_rc rc = witness_due(e, &due, err);
    if (rc || !due)
        return rc;
    rc = engine_local_tx_begin(e, err);
    if (!rc)
        rc = witness_locked(e, hub, written, err);
    rc = engine_local_tx_end(e, rc, err);
    if (rc)
        *written = false;
    return rc;
}
