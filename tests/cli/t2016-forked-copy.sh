#!/bin/sh
# A node's folder copied (a backup restored next to the original), both
# copies write and sync: the hub keeps the fork as proof and closes the
# feed; each copy is told plainly at its sync (exit 1, with the reason)
# instead of "unsent 0"; the proof travels like the feed it concerns, so
# Živinice (another member) and the state hub above show the fork too;
# verify checks stored fork proofs (a changed byte of one fails it).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fed.sh"

hub state "Ministarstvo za ljudska prava i izbjeglice"
hub fbih "Vlada Federacije BiH"
node bihac "Grad Bihać"
node zivinice "Grad Živinice"
start state
join fbih state hub
start fbih
join bihac fbih node
join zivinice fbih node
add bihac "Prije kopije" network >/dev/null
run 0 --dir "$T/bihac" sync
run 0 --dir "$T/zivinice" sync
run 0 --dir "$T/fbih" sync
cp -a "$T/bihac" "$T/copy"
add bihac "Original piše" network >/dev/null
add copy "Kopija piše" network >/dev/null
run 0 --dir "$T/bihac" sync
run 1 --dir "$T/copy" sync
has "$ERR" "forked"
has "$ERR" "another copy of this node's key"
# The original's next change meets the closed feed too.
add bihac "Poslije" network >/dev/null
run 1 --dir "$T/bihac" sync
has "$ERR" "forked"
run 0 --dir "$T/fbih" status
has "$OUT" "forks       1"

# The news travels: down to the other members, up to the parent.
run 0 --dir "$T/zivinice" sync
run 0 --dir "$T/zivinice" status
has "$OUT" "forks       1"
run 0 --dir "$T/fbih" sync
run 0 --dir "$T/state" status
has "$OUT" "forks       1"
run 0 --dir "$T/zivinice" sync
run 0 --dir "$T/zivinice" status
has "$OUT" "forks       1"
for n in state zivinice; do
    run 0 --dir "$T/$n" verify
    has "$OUT" "1 fork proof"
done

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
stop state
echo ok
