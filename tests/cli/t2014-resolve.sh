#!/bin/sh
# Two devices of Grad Bihać (an office PC and a field laptop) change the
# status of one practice offline. After syncing, both and their hub show
# the conflict with both values; the office keeps one version with
# 'spona resolve'; after syncing again, no replica holds a conflict, all
# hold the same value, and every log verifies.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fed.sh"

hub fbih "Vlada Federacije BiH"
node office "Grad Bihać"
node laptop "Grad Bihać"
start fbih
join office fbih node
join laptop fbih node

id=$(add office "Digitalni matični ured" hub)
run 0 --dir "$T/office" sync
run 0 --dir "$T/laptop" sync
run 0 --dir "$T/laptop" get practice "$id"
has "$OUT" "Digitalni matični ured"

# Offline, each device sets another status.
run 0 --dir "$T/office" put practice --id "$id" status=ongoing
run 0 --dir "$T/laptop" put practice --id "$id" status=idea
for n in office laptop office; do run 0 --dir "$T/$n" sync; done

for n in office laptop fbih; do
    run 0 --dir "$T/$n" conflicts
    has "$OUT" "practice $id status"
    has "$OUT" '"ongoing"'
    has "$OUT" '"idea"'
    run 0 --dir "$T/$n" status
    has "$OUT" "conflicts   1"
done

# Usage errors and a version that is not in conflict.
run 2 --dir "$T/office" resolve practice "$id" status
run 2 --dir "$T/office" resolve practice "$id" status --keep x --value idea
run 1 --dir "$T/office" resolve practice "$id" status --keep AAAAAAAA
has "$ERR" "no version"
run 1 --dir "$T/office" resolve practice "$id" title --value x
has "$ERR" "no conflict"

# The office keeps the laptop's value, by the version's id.
run 0 --dir "$T/office" --json conflicts
json_ok "$OUT"
ver=$(sqlite3 :memory: "SELECT json_extract(value, '\$.version')
    FROM json_each(readfile('$OUT'), '\$[0].versions')
    WHERE json_extract(value, '\$.value') = 'idea'")
[ -n "$ver" ] || fail "no version with value idea"
run 0 --dir "$T/office" resolve practice "$id" status --keep "$ver"
run 0 --dir "$T/office" conflicts
has "$OUT" "no conflicts"

for n in office laptop; do run 0 --dir "$T/$n" sync; done
for n in office laptop fbih; do
    run 0 --dir "$T/$n" conflicts
    has "$OUT" "no conflicts"
    run 0 --dir "$T/$n" status
    has "$OUT" "conflicts   0"
    has "$OUT" "forks       0"
    run 0 --dir "$T/$n" --json get practice "$id"
    has "$OUT" '"status": "idea"'
    run 0 --dir "$T/$n" verify
done

# A second round: both edit again, the laptop ends it with a plain edit
# made after seeing both values.
run 0 --dir "$T/office" put practice --id "$id" status=pilot
run 0 --dir "$T/laptop" put practice --id "$id" status=ongoing
for n in office laptop; do run 0 --dir "$T/$n" sync; done
run 0 --dir "$T/laptop" conflicts
has "$OUT" "practice $id status"
run 0 --dir "$T/laptop" put practice --id "$id" status=pilot
for n in laptop office laptop; do run 0 --dir "$T/$n" sync; done
for n in office laptop fbih; do
    run 0 --dir "$T/$n" conflicts
    has "$OUT" "no conflicts"
    run 0 --dir "$T/$n" --json get practice "$id"
    has "$OUT" '"status": "pilot"'
    run 0 --dir "$T/$n" verify
done
stop fbih
echo ok
