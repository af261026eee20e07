-- SPDX-License-Identifier: MIT
-- What the web pages show and who may see them: when each entry arrived,
-- each member's clock skew and pull position on its hub, local accounts
-- for pages served beyond loopback, and practice indicators (DOMAIN.md).

-- Unix ms when this node stored the entry (NULL for entries stored before
-- this migration).
ALTER TABLE entry ADD COLUMN arrived INTEGER;

-- On a hub: the member's clock minus the hub's at its last request (ms),
-- and the hub's highest entry n when the member's last pull came to an end
-- (entries stored after it are what the member has not received yet).
ALTER TABLE member ADD COLUMN skew_ms INTEGER;
ALTER TABLE member ADD COLUMN pulled_n INTEGER;

-- Accounts of the web pages. Local to this node: not a domain table, never
-- in an entry. hash is an Argon2id string (libsodium crypto_pwhash_str).
CREATE TABLE account (
    name    TEXT PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 64),
    role    TEXT NOT NULL
            CHECK (role = 'viewer' OR role = 'editor' OR role = 'admin'),
    hash    TEXT NOT NULL,
    created INTEGER NOT NULL                -- Unix ms
) STRICT;

-- Indicators of a practice: what it set out to change and what it did.
CREATE TABLE practice_indicator (
    id         TEXT PRIMARY KEY,
    owner      TEXT NOT NULL,            -- organisation that owns the row
    scope      TEXT NOT NULL DEFAULT 'local'
               CHECK (scope = 'local' OR scope = 'hub' OR scope = 'network' OR
                   scope = 'public'),
    created_at INTEGER,                  -- Unix ms of the earliest write
    updated_at INTEGER,                  -- Unix ms of the latest write
    _deleted   INTEGER NOT NULL DEFAULT 0,
    -- field name -> id of the entry that wrote its value (JSON)
    _ver       TEXT NOT NULL DEFAULT '{}',
    practice_id TEXT,
    name TEXT,
    unit TEXT,
    baseline TEXT,
    target TEXT,
    achieved TEXT
);
CREATE INDEX practice_indicator_practice ON practice_indicator (practice_id);

INSERT INTO meta_field (tbl, field, type, list, required, local_only, max,
                        dom, pos) VALUES
  ('practice_indicator', 'practice_id', 'uuid', 0, 1, 0, 0, NULL, 0),
  ('practice_indicator', 'name', 'text', 0, 1, 0, 200, NULL, 1),
  ('practice_indicator', 'unit', 'text', 0, 0, 0, 40, NULL, 2),
  ('practice_indicator', 'baseline', 'text', 0, 0, 0, 60, NULL, 3),
  ('practice_indicator', 'target', 'text', 0, 0, 0, 60, NULL, 4),
  ('practice_indicator', 'achieved', 'text', 0, 0, 0, 60, NULL, 5);
