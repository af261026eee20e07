#!/bin/sh
# A dishonest hub (docs/ARCHITECTURE.md, threat model): the FBiH hub, with
# its own key and database, pushes Bihać's hub-scope feed to the state hub
# in a signed request. That feed's reach is the FBiH hub and its members
# (docs/PROTOCOL.md §11): the state hub refuses every entry of it with a
# stored reason and keeps no byte of the person in it, while the honest
# part of the federation goes on; Lopare (under RS) never sees it either.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fed.sh"
: "${PROBE:?}"

hub state "Ministarstvo za ljudska prava i izbjeglice"
hub fbih "Vlada Federacije BiH"
hub rs "Vlada Republike Srpske"
node bihac "Grad Bihać"
node lopare "Opština Lopare"
start state
join fbih state hub
join rs state hub
start fbih
start rs
join bihac fbih node
join lopare rs node

NAME="Zlatija Kovačević-Leak"
MAIL="zlatija.leak@example.org"
run 0 --dir "$T/bihac" person add --given_name Zlatija \
    --family_name "Kovačević-Leak" --country DE --city Minhen --email "$MAIL"
p=$(cat "$OUT")
run 0 --dir "$T/bihac" consent add --person_id "$p" --purpose share_hub \
    --granted_at 2026-01-05 --method signed_paper --evidence "obrazac 9/26" \
    --notice_version v3 --channels email
run 0 --dir "$T/bihac" person edit "$p" --scope hub
add bihac "Dijaspora dani" network >/dev/null
for n in bihac fbih rs lopare; do run 0 --dir "$T/$n" sync; done
run 0 --dir "$T/fbih" get person "$p"
has "$OUT" "$MAIL"

# The attacker: the FBiH hub's key and database, a signed push upward.
python3 "$SRC/tests/cli/hubdb.py" push "$T/fbih/node.db" "Grad Bihać" 1 \
    >"$T/leak.json" || fail "cannot build the push"
has "$T/leak.json" '"entries"'
url=$(sed -n 's/^url = //p' "$T/fbih/spona.conf")
pin=$(sed -n 's/^pin = //p' "$T/fbih/spona.conf")
"$PROBE" "$url" "$pin" "$T/fbih/node.key" "Vlada Federacije BiH" post \
    /v1/push "$T/leak.json" >"$OUT" 2>"$ERR" || fail "probe: $(cat "$ERR")"
has "$OUT" "post 200"
has "$OUT" '"applied":0'
lacks "$OUT" '"rejected":0'

statedb=$T/state/node.db
sqlite3 "$statedb" "SELECT reason FROM rejected" >"$T/reasons"
has "$T/reasons" "pushed only by its author"
[ "$(sqlite3 "$statedb" "SELECT count(*) FROM person")" = 0 ] ||
    fail "the state hub holds the person"
[ "$(sqlite3 "$statedb" "SELECT count(*) FROM rejected WHERE payload IS NOT NULL")" = 0 ] ||
    fail "the state hub kept a refused payload"
[ "$(sqlite3 "$statedb" "SELECT count(*) FROM entry WHERE tbl = 'person'")" = 0 ] ||
    fail "the state hub logged the person's entries"
# No byte of the name or e-mail in any file of the state hub.
stop state
for f in "$T"/state/node.db*; do
    if grep -a -q -e "$MAIL" -e "Kovačević-Leak" "$f"; then
        fail "$f holds the person"
    fi
done
start state

# The federation goes on, and Lopare never got the person.
add bihac "Poslije napada" network >/dev/null
for n in bihac fbih rs lopare; do run 0 --dir "$T/$n" sync; done
run 0 --dir "$T/lopare" list practice
has "$OUT" "Poslije napada"
run 1 --dir "$T/lopare" get person "$p"
for n in state fbih rs bihac lopare; do run 0 --dir "$T/$n" verify --rows; done
for n in state fbih rs; do stop "$n"; done
echo ok
