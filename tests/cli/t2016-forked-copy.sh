#!/bin/sh
# A node's folder copied (a backup restored next to the original), both
# copies write and sync: the hub keeps the fork as proof and closes the
# feed; each copy is told plainly at its sync (exit 1, with the reason)
# instead of "unsent 0", and verify at the hub checks the stored fork
# proof (a changed byte of its second header fails it).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fed.sh"

hub fbih "Vlada Federacije BiH"
node bihac "Grad Bihać"
start fbih
join bihac fbih node
add bihac "Prije kopije" hub >/dev/null
run 0 --dir "$T/bihac" sync
cp -a "$T/bihac" "$T/copy"
add bihac "Original piše" hub >/dev/null
add copy "Kopija piše" hub >/dev/null
run 0 --dir "$T/bihac" sync
run 1 --dir "$T/copy" sync
has "$ERR" "forked"
has "$ERR" "another copy of this node's key"
# The original's next change meets the closed feed too.
add bihac "Poslije" hub >/dev/null
run 1 --dir "$T/bihac" sync
has "$ERR" "forked"
run 0 --dir "$T/fbih" status
has "$OUT" "forks       1"

hubdb=$T/fbih/node.db
run 0 --dir "$T/fbih" verify
has "$OUT" "1 fork proof"
stop fbih
old=$(sqlite3 "$hubdb" "SELECT hex(header_b) FROM fork")
new=$(printf %s "$old" | sed 's/^\(.\{100\}\)\(.\)/\1F/')
[ "$new" != "$old" ] || new=$(printf %s "$old" | sed 's/^\(.\{100\}\)\(.\)/\1E/')
sqlite3 "$hubdb" "UPDATE fork SET header_b = X'$new'"
run 1 --dir "$T/fbih" verify
has "$ERR" "fork proof"
sqlite3 "$hubdb" "UPDATE fork SET header_b = X'$old'"
run 0 --dir "$T/fbih" verify
echo ok
