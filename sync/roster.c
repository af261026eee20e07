/* SPDX-License-Identifier: MIT */
/*
 * roster: roster entries set {key, org, role, status, [cut], [name]}; key
 * is base64. A revocation cut lists, per scope, the last seq of the
 * revoked key that stays valid: "1:12|2:40".
 */
#include "roster.h"

#include <stdio.h>
#include <string.h>

#include "spona/num.h"
#include "spona/sig.h"

#include "spona/banned.h"

bool sync_roster_cut_allows(const char *cut, int scope, uint64_t seq)
{
    char want[8];
    snprintf(want, sizeof(want), "%d:", scope);
    for (const char *p = cut; p && *p;) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        char item[32];
        uint64_t last = 0;
        if (len < sizeof(item) && strncmp(p, want, strlen(want)) == 0) {
            memcpy(item, p + strlen(want), len - strlen(want));
            item[len - strlen(want)] = '\0';
            if (!sync_parse_u64(&last, item, NULL))
                return seq <= last;
        }
        p = bar ? bar + 1 : NULL;
    }
    return false;
}

enum sync_rc sync_roster_check_author(struct sync_store *st,
                                      const struct sync_entry_header *h,
                                      struct sync_member *m, char *why,
                                      size_t size, struct sync_err *err)
{
    bool trusted = false;
    *why = '\0';
    enum sync_rc rc = sync_store_member_read(st, h->author, m, err);
    if (rc == SYNC_NOTFOUND) {
        snprintf(why, size, "author is not a member");
        return SYNC_OK;
    }
    if (rc)
        return rc;
    if (!m->active && !sync_roster_cut_allows(m->cut, h->scope, h->seq)) {
        snprintf(why, size, "author key is revoked");
        return SYNC_OK;
    }
    /* A revoked key's earlier entries count when its voucher is trusted. */
    const uint8_t *who = m->active || !m->has_writer ? h->author : m->writer;
    if (!m->active && !m->has_writer)
        return SYNC_OK;
    if ((rc = sync_store_member_trusted(st, who, &trusted, err)))
        return rc;
    if (!trusted)
        snprintf(why, size, "author is not vouched for by a trusted hub");
    return SYNC_OK;
}

static bool one_of(const char *v, const char *a, const char *b)
{
    return v && (strcmp(v, a) == 0 || strcmp(v, b) == 0);
}

/* Decodes base64 text into exactly len bytes. */
static bool b64_exact(uint8_t *out, size_t len, const char *text)
{
    size_t n = 0;
    return text && !sync_b64_decode(out, len, &n, text, strlen(text)) &&
           n == len;
}

/* A row naming the key it replaced (PROTOCOL.md §14) carries the consent
 * of both keys; a row without any of the three fields is fine. */
static bool rotation_ok(const struct sync_record *set, const uint8_t *key)
{
    const char *prev = sync_record_text(set, "prev");
    const char *prev_sig = sync_record_text(set, "prev_sig");
    const char *key_sig = sync_record_text(set, "key_sig");
    uint8_t p[SYNC_SIG_PK_LEN], ps[SYNC_SIG_LEN], ks[SYNC_SIG_LEN];
    if (!prev && !prev_sig && !key_sig)
        return true;
    const char *status = sync_record_text(set, "status");
    return status && strcmp(status, "active") == 0 &&
           b64_exact(p, sizeof(p), prev) &&
           b64_exact(ps, sizeof(ps), prev_sig) &&
           b64_exact(ks, sizeof(ks), key_sig) &&
           sync_rotate_verify(ps, ks, p, key) == SYNC_OK;
}

void sync_roster_check_entry(const struct sync_entry_header *h,
                             const struct sync_member *m, const char *owner,
                             const struct sync_record *set, char *why,
                             size_t size)
{
    uint8_t key[SYNC_SIG_PK_LEN];
    size_t n = 0;
    const char *k = sync_record_text(set, "key");
    const char *org = sync_record_text(set, "org");
    const char *cut = sync_record_text(set, "cut");
    const char *name = sync_record_text(set, "name");
    static const char *const allowed[] = {"key",    "org",      "role",
                                          "status", "cut",      "name",
                                          "prev",   "prev_sig", "key_sig"};
    *why = '\0';
    for (size_t i = 0; i < set->n; i++) {
        bool ok = false;
        for (size_t j = 0; j < sizeof(allowed) / sizeof(allowed[0]); j++)
            ok |= strcmp(set->f[i].name, allowed[j]) == 0;
        if (!ok) {
            snprintf(why, size, "unknown roster field '%.40s'", set->f[i].name);
            return;
        }
    }
    if (h->op != SYNC_OP_PUT || h->scope != SYNC_SCOPE_NETWORK)
        snprintf(why, size, "roster rows are puts in a network feed");
    else if (strcmp(m->role, "hub") != 0)
        snprintf(why, size, "only hubs vouch for keys");
    else if (strcmp(owner, m->org) != 0)
        snprintf(why, size, "roster owner is not the hub's organisation");
    else if (!k || sync_b64_decode(key, sizeof(key), &n, k, strlen(k)) ||
             n != sizeof(key))
        snprintf(why, size, "roster row without a valid key");
    else if (memcmp(key, h->author, sizeof(key)) == 0)
        snprintf(why, size, "a hub cannot vouch for itself");
    else if (!org || !*org || strlen(org) > SYNC_LIMIT_ORG_NAME)
        snprintf(why, size, "roster row without a valid organisation");
    else if (!one_of(sync_record_text(set, "role"), "node", "hub"))
        snprintf(why, size, "roster role must be node or hub");
    else if (!one_of(sync_record_text(set, "status"), "active", "revoked"))
        snprintf(why, size, "roster status must be active or revoked");
    else if ((cut && strlen(cut) >= sizeof(m->cut)) ||
             (name && strlen(name) >= sizeof(m->name)))
        snprintf(why, size, "roster cut or name too long");
    else if (!rotation_ok(set, key))
        snprintf(why, size,
                 "roster row with a rotation not signed by both "
                 "keys");
}

enum sync_rc sync_roster_apply(struct sync_store *st,
                               const struct sync_entry_header *h,
                               const struct sync_record *set,
                               bool *activated_out, uint8_t *subject_out,
                               struct sync_err *err)
{
    struct sync_member m = {0}, old;
    size_t n = 0;
    const char *k = sync_record_text(set, "key");
    *activated_out = false;
    if (sync_b64_decode(m.key, sizeof(m.key), &n, k, strlen(k)) ||
        n != sizeof(m.key))
        return sync_err_set(err, SYNC_INTERNAL, "unchecked roster entry");
    enum sync_rc rc = sync_store_member_read(st, m.key, &old, err);
    if (rc && rc != SYNC_NOTFOUND)
        return rc;
    if (!rc && (!old.has_writer ||
                memcmp(old.writer, h->author, SYNC_SIG_PK_LEN) != 0 ||
                old.hlc >= h->hlc))
        return SYNC_OK; /* a root, another hub's member, or older news */
    snprintf(m.org, sizeof(m.org), "%s", sync_record_text(set, "org"));
    snprintf(m.role, sizeof(m.role), "%s", sync_record_text(set, "role"));
    m.active = strcmp(sync_record_text(set, "status"), "active") == 0;
    m.has_writer = true;
    memcpy(m.writer, h->author, SYNC_SIG_PK_LEN);
    const char *cut = sync_record_text(set, "cut");
    const char *name = sync_record_text(set, "name");
    snprintf(m.cut, sizeof(m.cut), "%s", cut ? cut : "");
    snprintf(m.name, sizeof(m.name), "%s", name ? name : "");
    m.hlc = h->hlc;
    if (!rc)
        m.last_sync = old.last_sync;
    if ((rc = sync_store_member_set(st, &m, err)))
        return rc;
    *activated_out = m.active;
    memcpy(subject_out, m.key, SYNC_SIG_PK_LEN);
    return SYNC_OK;
}

void sync_roster_fields(struct sync_record *out, const struct sync_member *m)
{
    char key[SYNC_B64_SIZE(SYNC_SIG_PK_LEN)];
    sync_b64_encode(key, sizeof(key), m->key, sizeof(m->key));
    sync_record_set_text(out, "key", key);
    sync_record_set_text(out, "org", m->org);
    sync_record_set_text(out, "role", m->role);
    sync_record_set_text(out, "status", m->active ? "active" : "revoked");
    if (m->cut[0])
        sync_record_set_text(out, "cut", m->cut);
    if (m->name[0])
        sync_record_set_text(out, "name", m->name);
}

void sync_roster_row(uint8_t out[SYNC_UUID_LEN], const uint8_t *key)
{
    uint8_t hash[SYNC_HASH_LEN];
    sync_hash(hash, "spona-roster", 12, key, SYNC_SIG_PK_LEN);
    memcpy(out, hash, SYNC_UUID_LEN);
    out[6] = (uint8_t)((out[6] & 0x0f) | 0x80); /* UUID version 8 */
    out[8] = (uint8_t)((out[8] & 0x3f) | 0x80); /* RFC 9562 variant */
}
