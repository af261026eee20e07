#!/bin/sh
# A verdict counts only from the node's own hub: another hub of the
# network sees a member's network practice and may write a review of it
# (it is a hub), but the owner adopts none of that hub's verdicts, so
# "published" from a stranger never lets the practice go public.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fed.sh"

hub state "Ministarstvo za ljudska prava i izbjeglice"
hub fbih "Vlada Federacije BiH"
hub rs "Vlada Republike Srpske"
node bihac "Grad Bihać"
node kljuc "Općina Ključ"
start state
join fbih state hub
join rs state hub
start fbih
start rs
join bihac fbih node
run 0 --dir "$T/bihac" put practice title="Mreža dijaspore" status=pilot \
    review_status=submitted scope=network
bp=$(cat "$OUT")
for n in bihac fbih rs; do run 0 --dir "$T/$n" sync; done
[ "$(sqlite3 "$T/rs/node.db" "SELECT review_status FROM practice
    WHERE id = '$bp'")" = submitted ] || fail "the practice did not reach rs"
# The other hub publishes it; the verdict reaches Bihać.
run 0 --dir "$T/rs" put practice_review practice_id="$bp" verdict=published \
    reviewed_at=2026-12-01 scope=network
for n in rs fbih bihac; do run 0 --dir "$T/$n" sync; done
[ "$(sqlite3 "$T/bihac/node.db" "SELECT owner || '|' || verdict
    FROM practice_review")" = "Vlada Republike Srpske|published" ] ||
    fail "the foreign review did not reach the node"
[ "$(sqlite3 "$T/bihac/node.db" "SELECT review_status || '|' || scope
    FROM practice WHERE id = '$bp'")" = "submitted|network" ] ||
    fail "a foreign hub's verdict was adopted"
run 1 --dir "$T/bihac" put practice scope=public --id "$bp"
has "$ERR" "only a validated or published practice may be public"
# Its own hub's verdict is adopted.
run 0 --dir "$T/fbih" put practice_review practice_id="$bp" verdict=validated \
    reviewed_at=2026-12-02 scope=network
run 0 --dir "$T/fbih" sync
run 0 --dir "$T/bihac" sync
[ "$(sqlite3 "$T/bihac/node.db" "SELECT review_status FROM practice
    WHERE id = '$bp'")" = validated ] || fail "the own hub's verdict was not adopted"

# A node that marked its practice validated before it joined (nobody
# reviewed it then) does not get it past its hub: the hub refuses what
# it never decided.
run 0 --dir "$T/kljuc" put practice title="Bez pregleda" status=pilot \
    review_status=validated scope=network
kp=$(cat "$OUT")
join kljuc fbih node
run 0 --dir "$T/kljuc" sync
[ "$(sqlite3 "$T/fbih/node.db" "SELECT count(*) FROM practice
    WHERE id = '$kp'")" = 0 ] || fail "the hub took a verdict it never gave"
[ "$(sqlite3 "$T/fbih/node.db" "SELECT count(*) FROM entry
    WHERE status = 1")" -ge 1 ] || fail "the entry was not refused"
# The practice's page shows its own hub's review, not the stranger's.
start bihac
B="http://127.0.0.1:$(cat "$T/bihac.ui")"
[ "$(curl -s -m 10 -o "$OUT" -w '%{http_code}' "$B/practices/$bp")" = 200 ] ||
    fail "practice page"
has "$OUT" 'id="reviews"'
has "$OUT" "<td>Vlada Federacije BiH</td>"
lacks "$OUT" "Vlada Republike Srpske"
