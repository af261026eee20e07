-- SPDX-License-Identifier: MIT
-- Entries that arrived without their payload while no erasure covers their
-- row (docs/PROTOCOL.md §7): a hub withheld or lost the payload. They are
-- stored with entry.status 2 and nothing of them is applied; the node asks
-- for the payload at every pull and applies the entry when it comes. An
-- erasure of the row turns them into ordinary purged entries (status 0).
CREATE TABLE withheld (
    n   INTEGER PRIMARY KEY REFERENCES entry (n),
    via BLOB,                           -- key of the peer that sent it bare
    at  INTEGER NOT NULL                -- Unix ms when it came bare
) STRICT;
