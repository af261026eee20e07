-- SPDX-License-Identifier: MIT
-- practice_review (DOMAIN.md): a hub's verdict on a practice it received.
-- Only keys with the hub role write it (the engine refuses others).

INSERT INTO meta_enum (dom, value, label_bs, label_en, pos) VALUES
  ('review_verdict', 'validated', 'Potvrđeno', 'Validated', 0),
  ('review_verdict', 'published', 'Objavljeno', 'Published', 1),
  ('review_verdict', 'needs_changes', 'Potrebne izmjene', 'Needs changes', 2),
  ('review_verdict', 'rejected', 'Odbijeno', 'Rejected', 3);

CREATE TABLE practice_review (
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
    verdict TEXT
        CHECK (verdict = 'validated' OR verdict = 'published' OR
            verdict = 'needs_changes' OR verdict = 'rejected'),
    comment TEXT,
    reviewed_at TEXT
);

INSERT INTO meta_field (tbl, field, type, list, required, local_only, max,
                        dom, pos) VALUES
  ('practice_review', 'practice_id', 'uuid', 0, 1, 0, 0, NULL, 0),
  ('practice_review', 'verdict', 'enum', 0, 1, 0, 0, 'review_verdict', 1),
  ('practice_review', 'comment', 'text', 0, 0, 0, 2000, NULL, 2),
  ('practice_review', 'reviewed_at', 'date', 0, 0, 0, 0, NULL, 3);
