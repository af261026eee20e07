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

# A third round, ended on the web pages of the office with "keep this
# one" (editors of the owner only, with the form's CSRF token).
run 0 --dir "$T/office" put practice --id "$id" status=idea
run 0 --dir "$T/laptop" put practice --id "$id" status=ongoing
for n in office laptop office; do run 0 --dir "$T/$n" sync; done
start office
O="http://127.0.0.1:$(cat "$T/office.ui")"
H="http://127.0.0.1:$(cat "$T/fbih.ui")"
. "$(dirname "$0")/web.sh"
[ "$(get "$H/sync")" = 200 ] || fail "hub sync page"
has "$OUT" 'id="conflicts"'
lacks "$OUT" 'class="keep' # the hub does not own the row
has "$OUT" "U toku" # values by their labels
[ "$(get "$O/sync")" = 200 ] || fail "sync page"
has "$OUT" 'href="/resolve?table=practice'
[ "$(get "$O/practices/$id")" = 200 ] || fail "practice page"
has "$OUT" 'id="row-conflicts"'
[ "$(grep -o 'class="keep' "$OUT" | wc -l)" = 2 ] || fail "not two links"
# "Keep this one" asks first: a page with the versions kept and dropped,
# and the form that keeps it; asking changes nothing.
ask=$(grep -o '<a class="keep noprint" href="[^"]*"' "$OUT" | tail -1 |
    sed 's/.*href="//; s/"$//; s/&amp;/\&/g')
[ "$(get "$O$ask")" = 200 ] || fail "no page that asks: $ask"
has "$OUT" 'id="resolve-what"'
has "$OUT" 'class="kept"'
has "$OUT" 'class="dropped"'
has "$OUT" 'action="/resolve"'
run 0 --dir "$T/office" conflicts
has "$OUT" "practice $id status"
[ "$(get "$O/resolve?table=practice&id=$id&field=status&keep=AAAA")" = 404 ] ||
    fail "a version not in conflict was asked about"
get "$O$ask" >/dev/null
tok=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$OUT" | head -1)
ver=$(grep -o 'name="keep" value="[^"]*"' "$OUT" | sed 's/.*value="//; s/"//' |
    tail -1)
[ "$(get "$O/resolve" -X POST -d table=practice -d "id=$id" -d field=status \
    --data-urlencode "keep=$ver" -d back=practice)" = 403 ] ||
    fail "a resolve without the token was taken"
[ "$(get "$O/resolve" -X POST --data-urlencode "csrf=$tok" -d table=practice \
    -d "id=$id" -d field=status --data-urlencode "keep=$ver" \
    -d back=practice)" = 303 ] || fail "the resolve was refused"
grep -qi "^location: /practices/$id?done=saved" "$T/h" ||
    fail "no way back to the practice"
[ "$(get "$O/practices/$id")" = 200 ] || fail "practice page"
lacks "$OUT" 'class="keep"'
stop office
for n in office laptop; do run 0 --dir "$T/$n" sync; done
want=$("$SPONA" --dir "$T/office" --json get practice "$id" | grep '"status"')
for n in office laptop fbih; do
    run 0 --dir "$T/$n" conflicts
    has "$OUT" "no conflicts"
    run 0 --dir "$T/$n" --json get practice "$id"
    has "$OUT" "$want"
    run 0 --dir "$T/$n" verify
done
stop fbih
echo ok
