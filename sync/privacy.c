/* SPDX-License-Identifier: MIT */
/* privacy: see privacy.h. */
#include "privacy.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "spona/entry.h"

#include "spona/banned.h"

static unsigned parse_channels(const char *list)
{
    unsigned bits = 0;
    const char *p = list;
    while (p && *p) {
        const char *end = strchr(p, '|');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == 5 && strncmp(p, "email", 5) == 0)
            bits |= SYNC_CH_EMAIL;
        else if (len == 5 && strncmp(p, "phone", 5) == 0)
            bits |= SYNC_CH_PHONE;
        p = end ? end + 1 : NULL;
    }
    return bits;
}

static enum sync_rc reach_add(const struct sync_consent *c, void *payload)
{
    struct sync_reach *r = payload;
    unsigned ch = parse_channels(c->channels);
    if (strcmp(c->purpose, "share_network") == 0) {
        r->scope = SYNC_SCOPE_NETWORK;
        r->ch_net |= ch;
        r->ch_hub |= ch; /* the network holds the hub */
    } else if (strcmp(c->purpose, "share_hub") == 0) {
        if (r->scope == SYNC_SCOPE_LOCAL)
            r->scope = SYNC_SCOPE_HUB;
        r->ch_hub |= ch;
    }
    return SYNC_OK;
}

enum sync_rc sync_privacy_reach(struct sync_store *st, const char *person_id,
                                const char *owner, int64_t now_ms,
                                struct sync_reach *out, struct sync_err *err)
{
    char today[16];
    time_t t = (time_t)(now_ms / 1000);
    struct tm tm;
    memset(out, 0, sizeof(*out));
    out->scope = SYNC_SCOPE_LOCAL;
    if (!gmtime_r(&t, &tm) || !strftime(today, sizeof(today), "%Y-%m-%d", &tm))
        return sync_err_set(err, SYNC_INTERNAL, "cannot tell today's date");
    return sync_store_consents_active(st, person_id, owner, today, reach_add,
                                      out, err);
}

enum sync_rc sync_privacy_check_scope(const struct sync_reach *r, int scope,
                                      const char *id, struct sync_err *err)
{
    if (sync_scope_reach(scope) <= sync_scope_reach(r->scope))
        return SYNC_OK;
    if (scope == SYNC_SCOPE_PUBLIC)
        return sync_err_set(err, SYNC_INVALID,
                            "person '%s' cannot be "
                            "public: personal data is shared at most with "
                            "the network",
                            id);
    return sync_err_set(err, SYNC_INVALID,
                        "person '%s' cannot be shared at scope '%s': that "
                        "needs an active '%s' consent with evidence and a "
                        "notice version (the widest this person allows now "
                        "is '%s')",
                        id, sync_scope_name(scope),
                        scope == SYNC_SCOPE_HUB ? "share_hub" : "share_network",
                        sync_scope_name(r->scope));
}

unsigned sync_privacy_channels(const struct sync_reach *r, int scope)
{
    if (scope == SYNC_SCOPE_NETWORK)
        return r->ch_net;
    return scope == SYNC_SCOPE_HUB ? r->ch_hub : 0;
}

unsigned sync_privacy_channel(const char *field)
{
    if (strcmp(field, "email") == 0)
        return SYNC_CH_EMAIL;
    return strcmp(field, "phone") == 0 ? SYNC_CH_PHONE : 0;
}

bool sync_privacy_stays(const char *table, const struct sync_fdef *fd,
                        int scope, unsigned channels)
{
    if (scope == SYNC_SCOPE_LOCAL)
        return false; /* already in the local feed */
    if (fd->local_only)
        return true;
    unsigned ch = strcmp(table, SYNC_PERSON_TABLE) == 0
                      ? sync_privacy_channel(fd->name)
                      : 0;
    return ch && !(channels & ch);
}

bool sync_privacy_is_draft(const char *review_status)
{
    return review_status && strcmp(review_status, "draft") == 0;
}

bool sync_privacy_is_reviewed(const char *review_status)
{
    return review_status && (strcmp(review_status, "validated") == 0 ||
                             strcmp(review_status, "published") == 0);
}
