-- SPDX-License-Identifier: MIT
-- Witness entries (docs/PROTOCOL.md §13, "Witnesses"): entries of table
-- 'witness' in a member's network feed, kept in the log like checkpoints,
-- with no table of their own. This migration only raises the schema
-- version, so that a node that does not know them yet keeps them refused
-- and judges them again once it is upgraded. What a node last witnessed
-- is in node_meta ('witness_at', 'witness_ids').
SELECT 1;
