#!/bin/sh
# Personal data across a real federation (state hub; FBiH hub with Bihać
# and Živinice; RS hub with Lopare), over HTTPS between spona processes:
# a person goes only as far as its consent allows and only with the
# channels it lists; withdrawing consent takes it back; an erasure at
# Bihać, after one sync round, leaves no byte of the name or e-mail in
# any database or WAL file of any node, and a later write is refused.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fed.sh"

hub state "Ministarstvo za ljudska prava i izbjeglice"
hub fbih "Vlada Federacije BiH"
hub rs "Vlada Republike Srpske"
node bihac "Grad Bihać"
node zivinice "Grad Živinice"
node lopare "Opština Lopare"
start state
join fbih state hub
join rs state hub
start fbih
start rs
join bihac fbih node
join zivinice fbih node
join lopare rs node

round() {
    for n in bihac zivinice lopare fbih rs bihac zivinice lopare; do
        run 0 --dir "$T/$n" sync
    done
}

# holds NODE ID: the node has the person
holds() { "$SPONA" --dir "$T/$1" get person "$2" >/dev/null 2>&1; }

NAME="Hodžić-Mehmedović"
MAIL="zlatija.erase@example.org"
run 0 --dir "$T/bihac" person add --given_name Zlatija --family_name "$NAME" \
    --country CH --city Cirih --email "$MAIL" --phone "+41 44 5550101" \
    --notes "zove poslije 17h"
p=$(cat "$OUT")

# Rule 1: no consent, no sharing; the error says why.
run 1 --dir "$T/bihac" person edit "$p" --scope network
has "$ERR" "share_network"
run 0 --dir "$T/bihac" consent add --person_id "$p" --purpose share_network \
    --granted_at 2026-01-05 --method signed_paper --evidence "obrazac 7/26" \
    --notice_version v3 --channels email
c=$(cat "$OUT")
run 0 --dir "$T/bihac" person edit "$p" --scope network
round
for n in state fbih rs zivinice lopare; do
    holds "$n" "$p" || fail "$n did not get the person"
done
# Rule 2: the e-mail went (consented), phone and notes did not.
run 0 --dir "$T/lopare" get person "$p"
has "$OUT" "$MAIL"
lacks "$OUT" "5550101"
lacks "$OUT" "17h"
run 0 --dir "$T/lopare" search cirih
has "$OUT" "$p"
run 0 --dir "$T/lopare" search zurich
has "$OUT" "$p"

# Rule 3: consent narrowed to the hub: RS and the state drop their copy.
run 0 --dir "$T/bihac" consent edit "$c" --purpose share_hub
run 0 --dir "$T/bihac" get person "$p"
has "$OUT" "hub"
round
for n in state rs lopare; do
    holds "$n" "$p" && fail "$n still holds the person after withdrawal"
done
holds zivinice "$p" || fail "zivinice lost the person inside the hub"

# Rule 4 and 8: erase at Bihać; one round; no byte left anywhere.
run 0 --dir "$T/bihac" erase person "$p"
round
for n in state fbih rs bihac zivinice lopare; do
    holds "$n" "$p" && fail "$n still holds the erased person"
    for f in "$T/$n"/node.db*; do
        for s in "$NAME" "$MAIL" "Zlatija" "zlatija" "obrazac 7/26"; do
            if grep -qaF "$s" "$f"; then fail "'$s' left in $n/$(basename "$f")"; fi
        done
    done
    run 0 --dir "$T/$n" verify
done
# The tombstone holds: the id cannot come back.
run 1 --dir "$T/bihac" person edit "$p" --city Bern
run 0 --dir "$T/bihac" audit --verify
run 0 --dir "$T/bihac" audit
has "$OUT" "erase"
has "$OUT" "share"
lacks "$OUT" "$NAME"
stop state
stop fbih
stop rs
echo ok
