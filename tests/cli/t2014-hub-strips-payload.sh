#!/bin/sh
# A dishonest hub (docs/ARCHITECTURE.md, threat model): the RS hub deletes
# one relayed payload from its own database (the entry stays) and serves
# it without. Lopare does not take that for an erasure: the entry is held
# as withheld, nothing of it is applied, status names the hub and verify
# fails; every later sync asks for the payload again, and once the hub has
# it back Lopare applies it with no manual step and verifies clean.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fed.sh"

hub rs "Vlada Republike Srpske"
node ugljevik "Opština Ugljevik"
node lopare "Opština Lopare"
start rs
join ugljevik rs node
join lopare rs node
id=$(add ugljevik "Mljekara" hub)
run 0 --dir "$T/ugljevik" sync
run 0 --dir "$T/lopare" sync
run 0 --dir "$T/ugljevik" put practice --id "$id" title="Mljekara u zadruzi" status=implemented
run 0 --dir "$T/ugljevik" sync

# The attacker, with the hub's database: the newest payload of the row.
stop rs
hubdb=$T/rs/node.db
n=$(sqlite3 "$hubdb" "SELECT max(n) FROM entry WHERE row_id = '$id'")
body=$(sqlite3 "$hubdb" "SELECT hex(body) FROM payload WHERE n = $n")
[ -n "$body" ] || fail "no payload to strip"
sqlite3 "$hubdb" "DELETE FROM payload WHERE n = $n"
start rs

run 0 --dir "$T/lopare" sync
has "$OUT" "withheld"
run 0 --dir "$T/lopare" get practice "$id"
has "$OUT" "Mljekara"
lacks "$OUT" "zadruzi"
lacks "$OUT" "implemented"
run 0 --dir "$T/lopare" status
has "$OUT" "withheld    1"
has "$OUT" "payload withheld by Vlada Republike Srpske"
run 0 --dir "$T/lopare" status --json
has "$OUT" '"withheld": 1'
has "$OUT" '"withheld_by_org": "Vlada Republike Srpske"'
run 1 --dir "$T/lopare" verify
has "$ERR" "withheld"
# The sync page says so too.
start lopare
code=$(curl -s -m 10 -o "$OUT" -w '%{http_code}' "http://127.0.0.1:$(cat "$T/lopare.ui")/sync")
[ "$code" = 200 ] || fail "sync page: $code"
has "$OUT" '<table id="withheld">'
has "$OUT" "practice"
stop lopare
# Asked for again while the hub still lacks it: still withheld, no harm.
run 0 --dir "$T/lopare" sync
run 0 --dir "$T/lopare" status --json
has "$OUT" '"withheld": 1'

# The hub has it back (a restore, or an honest hub again).
stop rs
sqlite3 "$hubdb" "INSERT INTO payload (n, body) VALUES ($n, X'$body')"
start rs
run 0 --dir "$T/lopare" sync
run 0 --dir "$T/lopare" get practice "$id"
has "$OUT" "Mljekara u zadruzi"
has "$OUT" "implemented"
run 0 --dir "$T/lopare" status --json
has "$OUT" '"withheld": 0'
run 0 --dir "$T/lopare" verify --rows
for n in ugljevik rs; do run 0 --dir "$T/$n" verify --rows; done
# Ugljevik keeps the hub's receipts as proof (one per own feed the hub
# took: its practices, its witness of the hub); verify checks them all.
kept=$(sqlite3 "$T/ugljevik/node.db" "SELECT count(*) FROM receipt")
[ "$kept" -ge 1 ] || fail "Ugljevik kept no receipt"
run 0 --dir "$T/ugljevik" verify --json
has "$OUT" "\"receipts\": $kept"
sqlite3 "$T/ugljevik/node.db" "UPDATE receipt SET seq = seq + 1"
run 1 --dir "$T/ugljevik" verify
has "$ERR" "kept receipt"
sqlite3 "$T/ugljevik/node.db" "UPDATE receipt SET seq = seq - 1"
run 0 --dir "$T/ugljevik" verify
# The same row everywhere.
a=$("$SPONA" --dir "$T/ugljevik" --json get practice "$id")
b=$("$SPONA" --dir "$T/lopare" --json get practice "$id")
[ "$a" = "$b" ] || fail "Lopare differs from the author: $b"
stop rs
echo ok
