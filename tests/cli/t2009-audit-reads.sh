#!/bin/sh
# DOMAIN.md privacy rule 7, checked read by read: every way a person's
# data can be read from a node (get, list, search, log, status with a
# conflict, export, and the web pages: the person, the list, the sync
# page) leaves an audit record naming the way, and reads of other tables
# leave none. Two devices of one municipality make a real conflict on a
# person's field through a real hub.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fed.sh"

hub fbih "Vlada Federacije BiH"
node bihac "Grad Bihać"
node bihac2 "Grad Bihać"
start fbih
join bihac fbih node
join bihac2 fbih node

run 0 --dir "$T/bihac" person add --given_name Amra --family_name Hodžić \
    --country AT --email amra.audit@example.org
p=$(cat "$OUT")
run 0 --dir "$T/bihac" consent add --person_id "$p" --purpose share_hub \
    --granted_at 2026-01-05 --method signed_paper --evidence "obrazac 12" \
    --notice_version v1 --channels email
run 0 --dir "$T/bihac" person edit "$p" --scope hub
run 0 --dir "$T/bihac" practice add --title "Eko škola" --status pilot
run 0 --dir "$T/bihac" sync
run 0 --dir "$T/bihac2" sync
# Both devices change the family name before they sync again.
run 0 --dir "$T/bihac" person edit "$p" --family_name "Hodžić-Kovač"
run 0 --dir "$T/bihac2" person edit "$p" --family_name "Hodžić-Begić"
for n in bihac bihac2 bihac; do run 0 --dir "$T/$n" sync; done

A=$T/bihac
# views N DETAIL: the audit log of bihac holds N views of the person with
# DETAIL, each naming its row.
views() {
    n=$(sqlite3 "$A/node.db" "SELECT count(*) FROM audit WHERE
        action = 'view' AND tbl = 'person' AND detail = '$2' AND
        (row_id = '$p' OR row_id IS NULL)")
    [ "$n" = "$1" ] || fail "want $1 audited '$2' views, found $n"
}
total() { sqlite3 "$A/node.db" "SELECT count(*) FROM audit"; }

# Reading practices audits nothing.
before=$(total)
run 0 --dir "$A" list practice
run 0 --dir "$A" search "eko skola"
run 0 --dir "$A" export --table practice --output "$T/p.csv"
[ "$(total)" = "$before" ] || fail "reads of practices were audited"

views 0 show
run 0 --dir "$A" get person "$p"
views 1 show
run 0 --dir "$A" person show "$p"
views 2 show
views 0 list
run 0 --dir "$A" --json list person
views 1 list
views 0 search
run 0 --dir "$A" search hodzic
has "$OUT" "$p"
views 1 search
views 0 log
run 0 --dir "$A" --json log
has "$OUT" "amra.audit@example.org"
n=$(sqlite3 "$A/node.db" "SELECT count(*) FROM audit WHERE detail = 'log'")
[ "$n" -ge 2 ] || fail "the person's entries in the log were not audited"
views 0 conflict
run 0 --dir "$A" status
has "$OUT" "Hodžić-"
views 1 conflict
run 0 --dir "$A" --json status
views 2 conflict
before=$(sqlite3 "$A/node.db" "SELECT count(*) FROM audit WHERE
    action = 'export' AND tbl = 'person'")
run 0 --dir "$A" export --table person --output "$T/persons.csv"
run 0 --dir "$A" export --table person --format vcard --output "$T/p.vcf"
after=$(sqlite3 "$A/node.db" "SELECT count(*) FROM audit WHERE
    action = 'export' AND tbl = 'person'")
[ "$after" = $((before + 2)) ] || fail "exports of persons not audited"

# The web pages of the same node.
start bihac
B="http://127.0.0.1:$(cat "$T/bihac.ui")"
page() { curl -s -m 10 -o "$OUT" -w '%{http_code}' "$B$1"; }
web() {
    sqlite3 "$A/node.db" "SELECT count(*) FROM audit WHERE
        actor = 'web:operator' AND tbl = 'person' AND detail = '$1'"
}
[ "$(web show)" = 0 ] || fail "audited before any page"
[ "$(page "/t/person/$p")" = 200 ] || fail "person page"
has "$OUT" "Hodžić"
[ "$(web show)" = 1 ] || fail "the person page was not audited"
[ "$(page /t/person)" = 200 ] || fail "person list page"
[ "$(web list)" = 1 ] || fail "the person list page was not audited"
[ "$(page /sync)" = 200 ] || fail "sync page"
has "$OUT" "Hodžić-"
[ "$(web conflict)" -ge 1 ] || fail "the sync page showed a person's conflict unaudited"
run 0 --dir "$A" audit --verify
stop bihac
stop fbih
