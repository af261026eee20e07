#!/bin/sh
# 'spona recover' carries every kind of change of the lost branch, not
# only edits: an erasure of a person (DOMAIN.md rule 4), a person taken
# back to local (consent withdrawn: the others drop their copy), a
# deleted practice, and a field changed 70 times (the new write names the
# version from before the fork, not the 70 lost ones). After the
# recovery the hub and Živinice hold exactly what the recovered copy
# holds of these rows, the copy's old key is revoked on the copy too (a
# stolen copy of it is refused there as everywhere), and a second
# 'recover' has nothing left to do.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fed.sh"

hub fbih "Vlada Federacije BiH"
node bihac "Grad Bihać"
node zivinice "Grad Živinice"
start fbih
join bihac fbih node
join zivinice fbih node

# person NAME MAIL: a person shared with the network, with consent.
person() {
    run 0 --dir "$T/bihac" person add --given_name "$1" --family_name Test \
        --country CH --city Cirih --email "$2"
    id=$(cat "$OUT")
    run 0 --dir "$T/bihac" consent add --person_id "$id" \
        --purpose share_network --granted_at 2026-01-05 \
        --method signed_paper --evidence "obrazac" --notice_version v3 \
        --channels email
    run 0 --dir "$T/bihac" person edit "$id" --scope network
    echo "$id"
}
p1=$(person Zlatija zlatija.recover@example.org)
p2=$(person Emina emina.recover@example.org)
gone=$(add bihac "Za brisanje" network)
busy=$(add bihac "Često mijenjana" network)
run 0 --dir "$T/bihac" sync
run 0 --dir "$T/zivinice" sync
run 0 --dir "$T/zivinice" get person "$p1"
run 0 --dir "$T/zivinice" get person "$p2"

cp -a "$T/bihac" "$T/copy"
add bihac "Original piše" network >/dev/null
run 0 --dir "$T/bihac" sync
run 0 --dir "$T/copy" erase person "$p1"
run 0 --dir "$T/copy" person edit "$p2" --scope local
run 0 --dir "$T/copy" delete practice "$gone"
i=1
while [ $i -le 70 ]; do
    run 0 --dir "$T/copy" put practice --id "$busy" summary="izmjena $i"
    i=$((i + 1))
done
run 1 --dir "$T/copy" sync
has "$ERR" "forked"

run 0 --dir "$T/copy" recover
has "$OUT" "takes the other copy"
run 0 --dir "$T/copy" sync
run 1 --dir "$T/copy" recover
has "$ERR" "nothing to recover"
run 0 --dir "$T/zivinice" sync

for n in fbih zivinice; do
    run 1 --dir "$T/$n" get person "$p1"
    if grep -q "zlatija.recover" "$T/$n/node.db" 2>/dev/null; then
        fail "$n keeps the erased person's e-mail"
    fi
    run 0 --dir "$T/$n" get practice "$busy"
    has "$OUT" "izmjena 70"
    run 0 --dir "$T/$n" get practice "$gone"
    has "$OUT" "deleted          yes"
done
run 1 --dir "$T/zivinice" get person "$p2"
run 0 --dir "$T/zivinice" --json conflicts
lacks "$OUT" "$busy"

# The copy's own old key is revoked on the copy too.
old=$(sqlite3 "$T/copy/node.db" "SELECT v FROM node_meta WHERE k = 'prev_key'")
[ -n "$old" ] || fail "no previous key recorded"
n=$(sqlite3 "$T/copy/node.db" "SELECT count(*) FROM member WHERE status = 'revoked' AND cut != ''")
[ "$n" = 1 ] || fail "the old key is not revoked at its cut on the copy"

stop fbih
for n in fbih copy zivinice; do
    run 0 --dir "$T/$n" verify
done
