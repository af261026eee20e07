#!/bin/sh
# A dishonest hub (docs/ARCHITECTURE.md, threat model) brings a revoked
# member back by replaying its roster as it stood before the revocation:
# it puts back a copy of its database from before 'hub revoke' (the
# member row "active" again) and takes the revoked key's new entries.
# Lopare, which holds the signed revocation, refuses them with the reason
# (an older roster row never replaces a newer one), records the hub's
# rollback with its proof, and keeps its data; the honest federation goes
# on.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fed.sh"

hub rs "Vlada Republike Srpske"
node ugljevik "Opština Ugljevik"
node lopare "Opština Lopare"
start rs
join ugljevik rs node
join lopare rs node
add ugljevik "Prije opoziva" network >/dev/null
for n in ugljevik lopare; do run 0 --dir "$T/$n" sync; done

# The copy the attacker will replay, taken before the revocation.
stop rs
cp "$T/rs/node.db" "$T/before-revoke.db"
start rs
ukey=$("$SPONA" --dir "$T/rs" hub members | grep "Opština Ugljevik" | cut -d' ' -f1)
run 0 --dir "$T/rs" hub revoke "$ukey"
add lopare "Lopare prije napada" network >/dev/null
run 0 --dir "$T/lopare" sync
run 0 --dir "$T/lopare" list practice
has "$OUT" "Prije opoziva"

# The replay: the old roster, where Ugljevik is an active member.
stop rs
rm -f "$T/rs/node.db-wal" "$T/rs/node.db-shm"
cp "$T/before-revoke.db" "$T/rs/node.db"
start rs
add ugljevik "Poslije opoziva" network >/dev/null
run 0 --dir "$T/ugljevik" sync
run 0 --dir "$T/rs" list practice
has "$OUT" "Poslije opoziva" # the rolled-back hub took it

run 0 --dir "$T/lopare" sync
run 0 --dir "$T/lopare" list practice
has "$OUT" "Prije opoziva"
has "$OUT" "Lopare prije napada"
lacks "$OUT" "Poslije opoziva"
run 0 --dir "$T/lopare" status
has "$OUT" "author key is revoked"
grep -q "^evidence *[1-9]" "$OUT" || fail "no evidence against the hub: $(cat "$OUT")"
run 0 --dir "$T/lopare" status --json
has "$OUT" '"kind": "'
run 0 --dir "$T/lopare" verify
stop rs
echo ok
