-- SPDX-License-Identifier: MIT
-- Local writes of a restored node, kept until its first sync has shown it
-- the head of its own feeds (docs/OPERATIONS.md "Backup and restore"):
-- signing them earlier could reuse a seq its hub already holds (a fork).
-- Each is a request as the official made it; when the node has caught up
-- it is written like any local write, in order, and removed (or kept
-- with the reason when it can no longer be written).

CREATE TABLE pending_write (
    n      INTEGER PRIMARY KEY,   -- order of the requests
    tbl    TEXT NOT NULL,
    row_id TEXT NOT NULL,         -- a new row gets its id at once
    op     TEXT NOT NULL CHECK (op IN ('put', 'delete')),
    fields TEXT NOT NULL,         -- the fields asked for (payload JSON)
    at     INTEGER NOT NULL,      -- Unix ms of the request
    failed TEXT                   -- why it could not be written, or NULL
);
