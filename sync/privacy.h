/* SPDX-License-Identifier: MIT */
/*
 * privacy: the rules of DOMAIN.md on personal data that decide what may
 * leave a node. A person's effective reach is the widest scope an active
 * sharing consent (with evidence and a notice version) allows; its
 * contact channels leave only when that consent lists them; local-only
 * fields never leave; a draft stays on its node. The engine asks these
 * questions on every local write; this module holds the answers.
 */
#ifndef SYNC_PRIVACY_H
#define SYNC_PRIVACY_H

#include <stdbool.h>
#include <stdint.h>

#include "spona/err.h"
#include "spona/schema.h"
#include "store.h"

#define SYNC_PERSON_TABLE "person"
#define SYNC_CONSENT_TABLE "consent"

/* Contact channels of a person, as bits. */
enum sync_channel { SYNC_CH_EMAIL = 1 << 0, SYNC_CH_PHONE = 1 << 1 };

/* What the active consents of one person allow. */
struct sync_reach {
    int scope;       /* widest scope allowed: local, hub or network */
    unsigned ch_hub; /* channels allowed at hub scope */
    unsigned ch_net; /* channels allowed at network scope */
};

/* Reads the consents of person_id (of owner) active at now_ms. */
enum sync_rc sync_privacy_reach(struct sync_store *st, const char *person_id,
                                const char *owner, int64_t now_ms,
                                struct sync_reach *out,
                                struct sync_err *err) SYNC_MUST_CHECK;
/* SYNC_INVALID, saying why, when r does not allow scope for person id. */
enum sync_rc sync_privacy_check_scope(const struct sync_reach *r, int scope,
                                      const char *id,
                                      struct sync_err *err) SYNC_MUST_CHECK;
/* The channels r allows at scope. */
unsigned sync_privacy_channels(const struct sync_reach *r, int scope);
/* The channel bit of a contact field of person, 0 for other fields. */
unsigned sync_privacy_channel(const char *field);
/*
 * Whether field fd of a row of table must stay in the local feed when the
 * row is at scope: local-only fields, and a person's contact channels
 * that channels (from sync_privacy_channels) does not allow.
 */
bool sync_privacy_stays(const char *table, const struct sync_fdef *fd,
                        int scope, unsigned channels);
/* Whether a review_status value keeps its row on the node. */
bool sync_privacy_is_draft(const char *review_status);
/* Whether a review_status value says a hub reviewed the row and let it
 * out (validated or published): only such a row may be public. */
bool sync_privacy_is_reviewed(const char *review_status);

#endif
