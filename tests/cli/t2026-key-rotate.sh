#!/bin/sh
# Key rotation (PROTOCOL.md §14). Bihać has changes its hub has not seen
# when it rotates its key: they reach the hub and Živinice, the hub
# revokes the old key at them and vouches for the new one as the same
# member, with no invite; what the node writes next is signed by the new
# key, edits rows the old key wrote, and arrives everywhere. A copy of
# the folder kept from before (the old key, stolen with a laptop) can
# push nothing more. A rotation whose answer was lost is finished by
# running it again. Every replica verifies.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fed.sh"

hub fbih "Vlada Federacije BiH"
node bihac "Grad Bihać"
node zivinice "Grad Živinice"
start fbih
join bihac fbih node
join zivinice fbih node

synced=$(add bihac "Prije rotacije" network)
run 0 --dir "$T/bihac" sync
unsent=$(add bihac "Neposlano prije rotacije" network)
run 0 --dir "$T/bihac" put practice title="Samo ovdje" status=pilot \
    scope=local
mine=$(cat "$OUT")
run 0 --dir "$T/bihac" status
has "$OUT" "unsent      1"
cp -a "$T/bihac" "$T/stolen"
old=$(sqlite3 "$T/bihac/node.db" "SELECT v FROM node_meta WHERE k='self_key'")

# A rotation that stopped after writing the next key in the clear, and
# the key sealed since: 'key protect' refuses while the rotation is under
# way, and the rotation seals the next key like node.key.
printf 'spona-secret-key-v1 %s\n' "$(printf 'A%.0s' $(seq 43))" \
    >"$T/bihac/node.key.next"
chmod 600 "$T/bihac/node.key.next"
run 1 --dir "$T/bihac" key protect --passphrase-file /dev/null
has "$ERR" "rotation is under way"
rm "$T/bihac/node.key.next"

# Not while serve runs: it would go on signing with the old key.
start bihac
run 1 --dir "$T/bihac" key rotate
has "$ERR" "serve"
stop bihac

run 0 --dir "$T/bihac" key rotate
has "$OUT" "old key: $old"
new=$(sed -n 's/^new key: //p' "$OUT")
[ -n "$new" ] && [ "$new" != "$old" ] || fail "no new key: $(cat "$OUT")"
now=$(sqlite3 "$T/bihac/node.db" "SELECT v FROM node_meta WHERE k='self_key'")
[ "$now" = "$new" ] || fail "the database keeps $now, not $new"
[ ! -e "$T/bihac/node.key.next" ] || fail "node.key.next left behind"
[ "$(stat -c %a "$T/bihac/node.key")" = 600 ] || fail "node.key mode"
run 0 --dir "$T/bihac" status
has "$OUT" "unsent      0"

# The hub: the old key revoked, the new one active, same organisation.
run 0 --dir "$T/fbih" --json hub members
json_ok "$OUT"
python3 - "$OUT" "$old" "$new" <<'PY' || fail "hub members: $(cat "$OUT")"
import json, sys
members = {m["key"]: m for m in json.load(open(sys.argv[1]))}
old, new = members[sys.argv[2]], members[sys.argv[3]]
assert old["status"] == "revoked", old
assert new["status"] == "active", new
assert old["org"] == new["org"] == "Grad Bihać", (old, new)
PY

# Živinice gets what the old key wrote, the unsent change too.
run 0 --dir "$T/zivinice" sync
titles zivinice >"$T/z1"
has "$T/z1" "Prije rotacije"
has "$T/z1" "Neposlano prije rotacije"
lacks "$T/z1" "Samo ovdje"

# The new key edits a row of the old key, and a local row, and writes.
run 0 --dir "$T/bihac" put practice --id "$synced" summary="nakon rotacije"
run 0 --dir "$T/bihac" put practice --id "$mine" summary="lokalno nakon"
after=$(add bihac "Poslije rotacije" network)
run 0 --dir "$T/bihac" sync
run 0 --dir "$T/bihac" status
has "$OUT" "unsent      0"
has "$OUT" "rejected    0"
run 0 --dir "$T/zivinice" sync
run 0 --dir "$T/zivinice" get practice "$synced"
has "$OUT" "nakon rotacije"
run 0 --dir "$T/zivinice" get practice "$after"
run 0 --dir "$T/bihac" --json log
has "$OUT" "$new"

# The stolen copy of the old key writes, and nothing of it goes through.
run 0 --dir "$T/stolen" put practice --id "$synced" summary="lopov"
run 1 --dir "$T/stolen" sync
has "$ERR" "revoked"
run 0 --dir "$T/zivinice" sync
run 0 --dir "$T/zivinice" get practice "$synced"
lacks "$OUT" "lopov"

# A rotation whose answer was lost: Živinice's next key is in place, the
# hub did the rotation, the node did not learn it. Running it again (the
# old key is revoked now, so the new key asks) finishes it.
cp -a "$T/zivinice" "$T/zcopy"
run 0 --dir "$T/zivinice" key rotate
znew=$(sed -n 's/^new key: //p' "$OUT")
cp "$T/zivinice/node.key" "$T/zcopy/node.key.next"
run 0 --dir "$T/zcopy" key rotate
has "$OUT" "new key: $znew"
run 0 --dir "$T/zcopy" sync
rm -rf "$T/zivinice"

stop fbih
for n in fbih bihac zcopy; do
    run 0 --dir "$T/$n" verify --rows
done
