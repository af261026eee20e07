#!/bin/sh
# put creates and changes rows; get, list and log show them, as text and
# as JSON.
. "$(dirname "$0")/lib.sh"

run 0 --dir "$D" init --org "Općina Ključ"
run 0 --dir "$D" put practice title="e-Matičar" status=pilot \
    sectors="GOV.e_services|SOC.education" start_year=2021
id=$(cat "$OUT")
echo "$id" | grep -Eq '^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$' ||
    fail "put printed '$id', not a row id"

run 0 --dir "$D" get practice "$id"
has "$OUT" "e-Matičar"
has "$OUT" "Općina Ključ"
has "$OUT" "GOV.e_services|SOC.education"

run 0 --dir "$D" put practice --id "$id" title="e-Matičar 2" summary="Izvodi online"
[ "$(cat "$OUT")" = "$id" ] || fail "edit printed another id"
run 0 --dir "$D" get practice "$id" --json
json_ok "$OUT"
has "$OUT" '"title": "e-Matičar 2"'
has "$OUT" '"sectors": ['
has "$OUT" '"start_year": 2021'
[ "$(entries)" = 2 ] || fail "want 2 entries"

# Same values again: no new entry.
run 0 --dir "$D" put practice --id "$id" title="e-Matičar 2"
[ "$(entries)" = 2 ] || fail "an edit that changes nothing wrote an entry"

run 0 --dir "$D" put practice title="Е-Матичар" status=idea scope=network
id2=$(cat "$OUT")
run 0 --dir "$D" list practice
has "$OUT" "$id"
has "$OUT" "$id2"
has "$OUT" "Е-Матичар"
run 0 --dir "$D" --json list practice
json_ok "$OUT"
has "$OUT" '"scope": "network"'

run 0 --dir "$D" log
has "$OUT" "hub/1"
has "$OUT" "network/1"
run 0 --dir "$D" log --json
json_ok "$OUT"
has "$OUT" '"op": "put"'

# Clearing a field with an empty value.
run 0 --dir "$D" put practice --id "$id" summary=
run 0 --dir "$D" get practice "$id"
lacks "$OUT" "Izvodi online"

# Delete is a tombstone: gone from lists, the log keeps it.
run 0 --dir "$D" delete practice "$id2"
run 0 --dir "$D" list practice
lacks "$OUT" "$id2"
run 0 --dir "$D" get practice "$id2"
has "$OUT" "deleted"
run 1 --dir "$D" put practice --id "$id2" title=back
has "$ERR" "was deleted"
run 0 --dir "$D" log
has "$OUT" "delete"
run 0 --dir "$D" verify
echo ok
