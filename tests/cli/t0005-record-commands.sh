#!/bin/sh
# The per-table forms: spona practice add|edit|show|list|delete, and
# spona tables to discover fields and values.
. "$(dirname "$0")/lib.sh"

run 0 --dir "$D" init --org "Grad Živinice"
run 0 --dir "$D" practice add --title "Eko škola" --status pilot \
    --sectors "ENV.environment" --scope network
id=$(cat "$OUT")
run 0 --dir "$D" practice edit "$id" --status ongoing
run 0 --dir "$D" practice show "$id"
has "$OUT" "ongoing"
has "$OUT" "network"
run 0 --dir "$D" practice list
has "$OUT" "Eko škola"
run 0 --dir "$D" --json practice list
json_ok "$OUT"
run 2 --dir "$D" practice edit
has "$ERR" "needs an ID"
run 2 --dir "$D" practice add --colour red
has "$ERR" "--colour"
run 2 --dir "$D" practice fly
run 0 --dir "$D" practice delete "$id"
run 0 --dir "$D" practice list
lacks "$OUT" "Eko škola"

# A new person stays on this node unless a wider scope is asked for.
run 0 --dir "$D" person add --given_name Amra --family_name Hodžić --country DE
pid=$(cat "$OUT")
run 0 --dir "$D" person show "$pid"
has "$OUT" "local"

run 0 tables
has "$OUT" "practice"
lacks "$OUT" "lsg_unit"
run 0 tables practice
has "$OUT" "status"
run 0 tables practice owner_lsg
has "$OUT" "zivinice"
has "$OUT" "brcko"
run 1 tables nosuch
echo ok

# Only hubs write practice reviews, and a node hears why.
run 0 --dir "$D" practice add --title "Za recenziju" --status idea
pr=$(cat "$OUT")
run 1 --dir "$D" practice_review add --practice_id "$pr" --verdict validated
has "$ERR" "only hubs write practice reviews"
run 0 --dir "$T/hub" init --hub --org "Vlada FBiH"
run 0 --dir "$T/hub" practice_review add --practice_id "$pr" \
    --verdict needs_changes --comment "Dodati indikatore"
