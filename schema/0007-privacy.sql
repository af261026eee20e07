-- SPDX-License-Identifier: MIT
-- Privacy (DOMAIN.md, privacy rules): contact channels a consent covers,
-- tombstones of erased rows, where each rejected entry points (so an
-- erasure can purge it too), and the hash-chained audit log.

-- Contact channels of a person leave the node only when the sharing
-- consent for the scope lists them.
INSERT INTO meta_enum (dom, value, label_bs, label_en, pos) VALUES
  ('contact_channel', 'email', 'E-mail', 'E-mail', 0),
  ('contact_channel', 'phone', 'Telefon', 'Phone', 1);
ALTER TABLE consent ADD COLUMN channels TEXT;
INSERT INTO meta_field (tbl, field, type, list, required, local_only, max,
                        dom, pos) VALUES
  ('consent', 'channels', 'enum', 1, 0, 0, 0, 'contact_channel', 7);
CREATE INDEX consent_person ON consent (person_id);

-- An erased row: every later entry for it is refused, from any author
-- with any clock, and stored without its payload.
CREATE TABLE erased (
    tbl    TEXT NOT NULL,
    row_id TEXT NOT NULL,
    at     INTEGER NOT NULL,            -- Unix ms when erased here
    PRIMARY KEY (tbl, row_id)
) STRICT;

ALTER TABLE rejected ADD COLUMN tbl TEXT;
ALTER TABLE rejected ADD COLUMN row_id TEXT;
CREATE INDEX rejected_row ON rejected (tbl, row_id);

-- Who viewed, exported, shared or erased personal data. Each row's hash
-- is BLAKE2b-256 of the previous row's hash and this row's fields, so a
-- changed or removed row breaks the chain ('spona audit --verify'); the
-- triggers refuse changes through SQL. Only ids are recorded, never
-- names, so an erasure leaves nothing personal here.
CREATE TABLE audit (
    n      INTEGER PRIMARY KEY,
    at     INTEGER NOT NULL,            -- Unix ms
    actor  TEXT NOT NULL,               -- who (account or system user)
    action TEXT NOT NULL
           CHECK (action = 'view' OR action = 'export' OR
                  action = 'share' OR action = 'erase'),
    tbl    TEXT NOT NULL,
    row_id TEXT,                        -- NULL for a whole-table export
    detail TEXT NOT NULL DEFAULT '',
    hash   BLOB NOT NULL CHECK (length(hash) = 32)
) STRICT;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
