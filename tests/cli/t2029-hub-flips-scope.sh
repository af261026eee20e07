#!/bin/sh
# A dishonest hub (docs/ARCHITECTURE.md, threat model) flips the scope
# byte of headers it relays, hub (1) to network (2), to widen where a
# member's data goes: upward, in a signed push of Bihać's hub feed to the
# state hub with the FBiH hub's key; and downward, in its own database,
# so that a member pulls the widened header. A header's bytes are signed
# (docs/PROTOCOL.md §2, §3): the state hub rejects every entry with a
# stored reason and keeps no byte of the person; Živinice rejects the
# flipped entry, applies nothing of it, and converges once the hub serves
# the honest bytes again.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fed.sh"
: "${PROBE:?}"

hub state "Ministarstvo za ljudska prava i izbjeglice"
hub fbih "Vlada Federacije BiH"
node bihac "Grad Bihać"
node zivinice "Grad Živinice"
start state
join fbih state hub
start fbih
join bihac fbih node
join zivinice fbih node

MAIL="emina.flip@example.org"
run 0 --dir "$T/bihac" person add --given_name Emina \
    --family_name "Flipović" --country AT --city Beč --email "$MAIL"
p=$(cat "$OUT")
run 0 --dir "$T/bihac" consent add --person_id "$p" --purpose share_hub \
    --granted_at 2026-02-03 --method signed_paper --evidence "obrazac 4/26" \
    --notice_version v3 --channels email
run 0 --dir "$T/bihac" person edit "$p" --scope hub
for n in bihac fbih; do run 0 --dir "$T/$n" sync; done

# Upward: the hub feed pushed with its scope byte made network.
python3 "$SRC/tests/cli/hubdb.py" push "$T/fbih/node.db" "Grad Bihać" 1 2 \
    >"$T/flip.json" || fail "cannot build the push"
url=$(sed -n 's/^url = //p' "$T/fbih/spona.conf")
pin=$(sed -n 's/^pin = //p' "$T/fbih/spona.conf")
"$PROBE" "$url" "$pin" "$T/fbih/node.key" "Vlada Federacije BiH" post \
    /v1/push "$T/flip.json" >"$OUT" 2>"$ERR" || fail "probe: $(cat "$ERR")"
has "$OUT" "post 200"
has "$OUT" '"applied":0'
lacks "$OUT" '"rejected":0'
statedb=$T/state/node.db
sqlite3 "$statedb" "SELECT reason FROM rejected" >"$T/reasons"
has "$T/reasons" "signature"
[ "$(sqlite3 "$statedb" "SELECT count(*) FROM entry WHERE tbl = 'person'")" = 0 ] ||
    fail "the state hub logged the person's entries"
[ "$(sqlite3 "$statedb" "SELECT count(*) FROM rejected WHERE payload IS NOT NULL")" = 0 ] ||
    fail "the state hub kept a rejected payload"
stop state
for f in "$T"/state/node.db*; do
    if grep -a -q -e "$MAIL" -e "Flipović" "$f"; then
        fail "$f holds the person"
    fi
done

# Downward: the hub's own copy of the person's first entry flipped.
stop fbih
hubdb=$T/fbih/node.db
n=$(sqlite3 "$hubdb" "SELECT min(n) FROM entry WHERE row_id = '$p'")
honest=$(sqlite3 "$hubdb" "SELECT hex(header) FROM entry WHERE n = $n")
flipped=$(printf %s "$honest" | sed 's/^\(.\{66\}\)01/\102/')
[ "$flipped" != "$honest" ] || fail "the scope byte is not 01"
sqlite3 "$hubdb" "UPDATE entry SET header = X'$flipped' WHERE n = $n"
start fbih
run 0 --dir "$T/zivinice" sync
run 0 --dir "$T/zivinice" status
has "$OUT" "signature"
run 1 --dir "$T/zivinice" get person "$p"
zdb=$T/zivinice/node.db
[ "$(sqlite3 "$zdb" "SELECT count(*) FROM entry WHERE tbl = 'person' AND status = 0")" = 0 ] ||
    fail "Živinice applied an entry after the flipped one"

# The hub turns honest: Živinice converges with no manual step.
stop fbih
sqlite3 "$hubdb" "UPDATE entry SET header = X'$honest' WHERE n = $n"
start fbih
run 0 --dir "$T/zivinice" sync
run 0 --dir "$T/zivinice" get person "$p"
has "$OUT" "$MAIL"
for n in fbih bihac zivinice; do run 0 --dir "$T/$n" verify --rows; done
stop fbih
echo ok
