-- SPDX-License-Identifier: MIT
-- Checkpoints and kept receipts (docs/PROTOCOL.md §13): what a hub
-- committed to, what a member found against its hub, and the receipts
-- that prove what a hub acknowledged.

-- Checkpoint entries applied here (of this node's hub, or its own).
CREATE TABLE checkpoint (
    id      BLOB PRIMARY KEY CHECK (length(id) = 32), -- its entry id
    author  BLOB NOT NULL,                  -- the hub that wrote it
    seq     INTEGER NOT NULL,               -- its seq in the hub's hub feed
    feeds   INTEGER NOT NULL,               -- leaves
    root    TEXT NOT NULL,                  -- Merkle root, hex
    at      INTEGER NOT NULL,               -- the hub's clock, Unix ms
    checked INTEGER NOT NULL DEFAULT 0      -- 1: heads fetched and checked
) STRICT;
CREATE INDEX checkpoint_author ON checkpoint (author, seq);

-- The leaves of this hub's own latest checkpoints, served by /v1/heads;
-- at a member, the heads of the latest checked checkpoint of its hub.
CREATE TABLE checkpoint_head (
    checkpoint BLOB NOT NULL,
    author     BLOB NOT NULL,
    scope      INTEGER NOT NULL,
    seq        INTEGER NOT NULL,
    id         BLOB NOT NULL,
    PRIMARY KEY (checkpoint, author, scope)
) STRICT;

-- What a member found against its hub, each with its proof, an entry id:
-- the checkpoint (a signed entry of the hub) for withholding, a split
-- view, a rollback or heads that are not what it signed; for 'lost' (the
-- hub holds less of this node's feed than its kept receipt says) and
-- 'behind' (less of another feed than this node holds) the first entry
-- past the hub's position.
CREATE TABLE evidence (
    n          INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,
    proof      BLOB NOT NULL,
    author     BLOB,                      -- the feed concerned
    scope      INTEGER,
    seq        INTEGER,                   -- what the checkpoint said
    held       INTEGER,                   -- what this node holds or had
    at         INTEGER NOT NULL,          -- Unix ms found
    UNIQUE (kind, proof, author, scope)
) STRICT;

-- The latest receipt of the hub for each own feed: the hub's signature
-- that it holds the feed up to seq.
CREATE TABLE receipt (
    author BLOB NOT NULL,
    scope  INTEGER NOT NULL,
    hub    BLOB NOT NULL,
    seq    INTEGER NOT NULL,
    sig    BLOB NOT NULL,
    at     INTEGER NOT NULL,
    PRIMARY KEY (author, scope, hub)
) STRICT;

-- Fork proofs travel like the entries they concern (PROTOCOL.md §6): up
-- is 1 once this hub has pushed the proof to its parent.
ALTER TABLE fork ADD COLUMN up INTEGER NOT NULL DEFAULT 0;
