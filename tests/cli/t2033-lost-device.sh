#!/bin/sh
# A lost device (issue 15): Bihać's laptop is gone. The hub revokes its
# key; a new device of Grad Bihać is made with 'init --recover' and a
# fresh invite, which joins and syncs at once: the organisation's shared
# rows are back, with their count, and the new device edits them; the
# edit reaches Živinice. What the lost laptop writes after the revocation
# goes nowhere.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fed.sh"

hub fbih "Vlada Federacije BiH"
node bihac "Grad Bihać"
node zivinice "Grad Živinice"
start fbih
join bihac fbih node
join zivinice fbih node
a=$(add bihac "Prva praksa" network)
add bihac "Druga praksa" hub >/dev/null
add bihac "Samo na laptopu" local >/dev/null
add zivinice "Tuđa praksa" network >/dev/null
run 0 --dir "$T/bihac" sync
run 0 --dir "$T/zivinice" sync

# The laptop is lost: its key is revoked.
key=$(sqlite3 "$T/bihac/node.db" "SELECT v FROM node_meta WHERE k='self_key'")
run 0 --dir "$T/fbih" hub revoke "$key"

# A usage error, then the new device.
run 2 --dir "$T/new" init --org "Grad Bihać" --hub --recover x
[ ! -e "$T/new" ] || fail "a refused init left files"
run 0 --dir "$T/fbih" hub invite --org "Grad Bihać" --role node
js=$(cat "$OUT")
run 0 --dir "$T/new" init --org "Grad Bihać" --recover "$js"
has "$OUT" "joined the hub"
has "$OUT" "2 row(s) of Grad Bihać came back from the hub"
titles new >"$T/t"
has "$T/t" "Prva praksa"
has "$T/t" "Druga praksa"
has "$T/t" "Tuđa praksa"
lacks "$T/t" "Samo na laptopu"

# The new device edits the lost one's row; Živinice gets the edit.
run 0 --dir "$T/new" put practice --id "$a" summary="s novog uređaja"
run 0 --dir "$T/new" sync
run 0 --dir "$T/zivinice" sync
run 0 --dir "$T/zivinice" get practice "$a"
has "$OUT" "s novog uređaja"

# The lost laptop writes; nothing of it goes through.
run 0 --dir "$T/bihac" put practice --id "$a" summary="s izgubljenog"
run 1 --dir "$T/bihac" sync
run 0 --dir "$T/zivinice" sync
run 0 --dir "$T/zivinice" get practice "$a"
lacks "$OUT" "s izgubljenog"

# A join string that does not work: the node is made, and says how to go on.
run 1 --dir "$T/other" init --org "Grad Bihać" --recover "spona1:bad"
has "$ERR" "spona join"
stop fbih
for n in fbih new zivinice; do run 0 --dir "$T/$n" verify; done
