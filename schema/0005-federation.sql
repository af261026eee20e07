-- SPDX-License-Identifier: MIT
-- Federation: who vouched for each key (the roster as a trust graph),
-- revocation cuts, delivery receipts, invites, and seen request nonces.

-- writer: the key whose signed member row vouches for this key; NULL for
-- the node's own roots (itself, and the hub it joined). A key is trusted
-- when a chain of active rows leads to it from a root.
ALTER TABLE member ADD COLUMN writer BLOB;
-- Revocation cut: 'scope:seq|scope:seq' - entries up to these seqs stay
-- valid, later ones of the revoked key are refused everywhere.
ALTER TABLE member ADD COLUMN cut TEXT;
ALTER TABLE member ADD COLUMN hlc INTEGER NOT NULL DEFAULT 0;
ALTER TABLE member ADD COLUMN name TEXT;
ALTER TABLE member ADD COLUMN last_sync INTEGER;  -- Unix ms, on a hub
CREATE INDEX member_writer ON member (writer);

-- Highest seq of this feed the upstream hub has confirmed with a receipt.
ALTER TABLE feed ADD COLUMN acked INTEGER NOT NULL DEFAULT 0;

CREATE TABLE invite (
    token_hash BLOB PRIMARY KEY CHECK (length(token_hash) = 32),
    org        TEXT NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('node', 'hub')),
    expires    INTEGER NOT NULL,           -- Unix ms
    used_by    BLOB                        -- key that joined with it
) STRICT;

CREATE TABLE nonce (
    key   BLOB NOT NULL,
    nonce BLOB NOT NULL,
    at    INTEGER NOT NULL,                -- Unix ms of the request
    PRIMARY KEY (key, nonce)
) STRICT;
CREATE INDEX nonce_at ON nonce (at);
