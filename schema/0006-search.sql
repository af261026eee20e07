-- SPDX-License-Identifier: MIT
-- Search (DOMAIN.md "Search"): one FTS5 index per searchable table over
-- a view of its text, tokenized by spona's folding tokenizer ("spona",
-- registered by the program on every connection), so stored text and
-- queries fold alike while snippets show the text as written. Notes and
-- other local-only fields are not indexed.
--
-- Indexing is deferred and costs writes nothing: every change of a row is
-- an entry, so the program re-indexes the rows named by entries stored
-- since node_meta 'search_n' before it searches and after a sync round.
-- (A full-text insert per write cut the local write rate by a third.) A
-- deleted row leaves its index at once, so nothing erased stays
-- searchable.

CREATE VIEW practice_text AS
    SELECT rowid AS rid, title AS title,
        coalesce(summary, '') || ' ' || coalesce(problem, '') || ' ' || coalesce(solution, '') || ' ' || coalesce(results, '') || ' ' || coalesce(lessons, '') || ' ' || coalesce(conditions, '') || ' ' || coalesce(funding, '') || ' ' || coalesce(resources, '') AS body
    FROM practice;
CREATE VIRTUAL TABLE practice_fts USING fts5 (title, body, tokenize = 'spona');
CREATE TRIGGER practice_fts_bd BEFORE DELETE ON practice BEGIN
    DELETE FROM practice_fts WHERE rowid = old.rowid;
END;

CREATE VIEW person_text AS
    SELECT rowid AS rid, coalesce(given_name, '') || ' ' || coalesce(family_name, '') AS title,
        coalesce(city, '') || ' ' || coalesce(occupation, '') || ' ' || coalesce(willing, '') AS body
    FROM person;
CREATE VIRTUAL TABLE person_fts USING fts5 (title, body, tokenize = 'spona');
CREATE TRIGGER person_fts_bd BEFORE DELETE ON person BEGIN
    DELETE FROM person_fts WHERE rowid = old.rowid;
END;

CREATE VIEW organisation_text AS
    SELECT rowid AS rid, name AS title,
        coalesce(city, '') || ' ' || coalesce(description, '') AS body
    FROM organisation;
CREATE VIRTUAL TABLE organisation_fts USING fts5 (title, body, tokenize = 'spona');
CREATE TRIGGER organisation_fts_bd BEFORE DELETE ON organisation BEGIN
    DELETE FROM organisation_fts WHERE rowid = old.rowid;
END;

CREATE VIEW service_text AS
    SELECT rowid AS rid, name AS title,
        coalesce(description, '') AS body
    FROM service;
CREATE VIRTUAL TABLE service_fts USING fts5 (title, body, tokenize = 'spona');
CREATE TRIGGER service_fts_bd BEFORE DELETE ON service BEGIN
    DELETE FROM service_fts WHERE rowid = old.rowid;
END;

CREATE VIEW event_text AS
    SELECT rowid AS rid, name AS title,
        coalesce(place, '') || ' ' || coalesce(description, '') AS body
    FROM event;
CREATE VIRTUAL TABLE event_fts USING fts5 (title, body, tokenize = 'spona');
CREATE TRIGGER event_fts_bd BEFORE DELETE ON event BEGIN
    DELETE FROM event_fts WHERE rowid = old.rowid;
END;

CREATE VIEW need_text AS
    SELECT rowid AS rid, description AS title,
        '' AS body
    FROM need;
CREATE VIRTUAL TABLE need_fts USING fts5 (title, body, tokenize = 'spona');
CREATE TRIGGER need_fts_bd BEFORE DELETE ON need BEGIN
    DELETE FROM need_fts WHERE rowid = old.rowid;
END;

-- Words that mean the same to a searcher: each group is one meaning.
-- Written as people write them; the program folds them.
CREATE TABLE search_synonym (
    grp  INTEGER NOT NULL,
    term TEXT NOT NULL,
    PRIMARY KEY (grp, term)
) STRICT;

INSERT INTO search_synonym (grp, term) VALUES
  (1, 'općina'), (1, 'opština'),
  (2, 'saradnja'), (2, 'suradnja'), (2, 'сарадња'),
  (3, 'udruženje'), (3, 'udruga'), (3, 'удружење'),
  (4, 'dijaspora'), (4, 'iseljeništvo'), (4, 'дијаспора'),
  (4, 'исељеништво'),
  (5, 'Beč'), (5, 'Wien'), (5, 'Vienna'), (5, 'Беч'),
  (6, 'Cirih'), (6, 'Zürich'), (6, 'Zurich'), (6, 'Цирих'),
  (7, 'Minhen'), (7, 'München'), (7, 'Munich'), (7, 'Минхен'),
  (8, 'Štokholm'), (8, 'Stockholm'), (8, 'Стокхолм'),
  (9, 'Švicarska'), (9, 'Švajcarska'), (9, 'Швајцарска'),
  (10, 'Njemačka'), (10, 'Nemačka'), (10, 'Њемачка'), (10, 'Немачка');
