-- SPDX-License-Identifier: MIT
-- Municipalities as an enumeration, so fields that name one (owner_lsg,
-- lsg) are checked and labelled like any other enumeration.
INSERT INTO meta_enum (dom, value, label_bs, label_en, pos)
SELECT 'lsg', id, name_lat, name_lat, rowid FROM lsg_unit;
