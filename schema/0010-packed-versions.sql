-- Rows keep which entry wrote each field (_ver) packed as a BLOB instead of
-- a JSON map: every write of a row rewrites it, and the JSON form cost a
-- fifth of a local write. Rows written before keep their JSON map until
-- their next write; both forms are read (sync/store.c, ver_unpack). No
-- table changes: this version only marks databases an older spona must not
-- open, since it would not read the packed form.
SELECT 1;
