-- SPDX-License-Identifier: MIT
-- Core tables: the signed entry log and what applying it records.
-- Entries keep their header bytes and signature exactly as signed; the
-- payload lives in its own table so it can be purged while the header stays.

CREATE TABLE node_meta (
    k TEXT PRIMARY KEY,            -- 'self_key', 'org', 'hlc', ...
    v ANY
) STRICT;

CREATE TABLE feed (
    feed     INTEGER PRIMARY KEY,
    author   BLOB NOT NULL CHECK (length(author) = 32),
    scope    INTEGER NOT NULL CHECK (scope BETWEEN 0 AND 3),
    last_seq INTEGER NOT NULL DEFAULT 0,   -- highest contiguous seq held
    last_id  BLOB,                         -- entry id at last_seq
    forked   INTEGER NOT NULL DEFAULT 0,   -- 1: two entries share a seq
    UNIQUE (author, scope)
) STRICT;

CREATE TABLE entry (
    n      INTEGER PRIMARY KEY,            -- local ingest order
    id     BLOB NOT NULL UNIQUE CHECK (length(id) = 32),
    feed   INTEGER NOT NULL REFERENCES feed (feed),
    seq    INTEGER NOT NULL,
    hlc    INTEGER NOT NULL,
    tbl    TEXT NOT NULL,
    row_id TEXT NOT NULL,
    op     INTEGER NOT NULL,
    header BLOB NOT NULL,                  -- the exact signed bytes
    sig    BLOB NOT NULL CHECK (length(sig) = 64),
    status INTEGER NOT NULL DEFAULT 0,     -- 0 applied, 1 refused by policy
    UNIQUE (feed, seq)
) STRICT;
CREATE INDEX entry_row ON entry (tbl, row_id);

CREATE TABLE payload (
    n    INTEGER PRIMARY KEY REFERENCES entry (n),
    body BLOB NOT NULL
) STRICT;

-- Entries that failed a check. Authentic entries refused by a rule stay in
-- the log too (status 1) so their feed continues; forged or damaged ones
-- are only here.
CREATE TABLE rejected (
    r       INTEGER PRIMARY KEY,
    id      BLOB NOT NULL UNIQUE,
    author  BLOB NOT NULL,
    scope   INTEGER NOT NULL,
    seq     INTEGER NOT NULL,
    header  BLOB NOT NULL,
    sig     BLOB NOT NULL,
    payload BLOB,
    reason  TEXT NOT NULL,
    at      INTEGER NOT NULL               -- Unix ms when refused
) STRICT;

-- Two different authentic entries at one (author, scope, seq): proof.
CREATE TABLE fork (
    feed     INTEGER NOT NULL REFERENCES feed (feed),
    seq      INTEGER NOT NULL,
    id_a     BLOB NOT NULL,                -- the entry held first
    header_b BLOB NOT NULL,                -- the other one
    sig_b    BLOB NOT NULL,
    id_b     BLOB NOT NULL,
    at       INTEGER NOT NULL,
    PRIMARY KEY (feed, seq, id_b)
) STRICT;

-- Field writes that lost to a concurrent write (last writer wins).
CREATE TABLE conflict (
    tbl    TEXT NOT NULL,
    row_id TEXT NOT NULL,
    field  TEXT NOT NULL,
    loser  BLOB NOT NULL,                  -- entry id of the losing write
    value  ANY,                            -- the value that lost
    hlc    INTEGER NOT NULL,
    author BLOB NOT NULL,
    PRIMARY KEY (tbl, row_id, field, loser)
) STRICT;

-- Keys and the organisation each one writes for.
CREATE TABLE member (
    key    BLOB PRIMARY KEY CHECK (length(key) = 32),
    org    TEXT NOT NULL,
    role   TEXT NOT NULL DEFAULT 'node' CHECK (role IN ('node', 'hub')),
    status TEXT NOT NULL DEFAULT 'active'
           CHECK (status IN ('active', 'revoked'))
) STRICT;

-- The domain tables described as data: types, limits, enumerations.
CREATE TABLE meta_enum (
    dom      TEXT NOT NULL,                -- enumeration name
    value    TEXT NOT NULL,
    label_bs TEXT NOT NULL,
    label_en TEXT NOT NULL,
    pos      INTEGER NOT NULL,
    PRIMARY KEY (dom, value)
) STRICT;

CREATE TABLE meta_field (
    tbl        TEXT NOT NULL,
    field      TEXT NOT NULL,
    type       TEXT NOT NULL CHECK (type IN ('text', 'int', 'year', 'enum',
                                   'email', 'url', 'date', 'uuid')),
    list       INTEGER NOT NULL DEFAULT 0, -- '|'-separated list
    required   INTEGER NOT NULL DEFAULT 0,
    local_only INTEGER NOT NULL DEFAULT 0, -- never leaves the node
    max        INTEGER NOT NULL DEFAULT 0, -- bytes (text) or value (int)
    dom        TEXT,                       -- enumeration of an enum field
    pos        INTEGER NOT NULL,
    PRIMARY KEY (tbl, field)
) STRICT;
