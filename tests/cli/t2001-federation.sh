#!/bin/sh
# A state hub; an FBiH hub with Bihać and Živinice; an RS hub with Lopare.
# Everyone edits while the hubs are down; then hubs start and all sync.
# Every replica ends with exactly the rows its scope allows, over HTTPS
# between real processes, and every log verifies.
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
stop fbih
stop rs
stop state

# Offline edits everywhere.
add bihac "B hub" hub >/dev/null
add bihac "B network" network >/dev/null
add bihac "B local" local >/dev/null
id=$(add zivinice "Z network" network)
run 0 --dir "$T/zivinice" put practice --id "$id" summary="izmijenjeno offline"
add lopare "L network" network >/dev/null
add lopare "L hub" hub >/dev/null
run 0 --dir "$T/fbih" put practice title="F network" status=idea scope=network

# With the hubs down, sync fails with a reason and local work goes on.
run 1 --dir "$T/bihac" sync
has "$ERR" "cannot reach"
add bihac "B offline too" network >/dev/null

start state
start fbih
start rs
for round in 1 2; do
    for n in bihac zivinice; do run 0 --dir "$T/$n" sync; done
    run 0 --dir "$T/lopare" sync
    run 0 --dir "$T/fbih" sync
    run 0 --dir "$T/rs" sync
done
for n in bihac zivinice lopare; do run 0 --dir "$T/$n" sync; done

net="B network
B offline too
F network
L network
Z network"
fbih_rows=$(printf '%s\nB hub\n' "$net" | sort)
rs_rows=$(printf '%s\nL hub\n' "$net" | sort)
[ "$(titles zivinice)" = "$fbih_rows" ] || fail "zivinice: $(titles zivinice)"
[ "$(titles fbih)" = "$fbih_rows" ] || fail "fbih: $(titles fbih)"
[ "$(titles lopare)" = "$rs_rows" ] || fail "lopare: $(titles lopare)"
[ "$(titles rs)" = "$rs_rows" ] || fail "rs: $(titles rs)"
[ "$(titles state)" = "$net" ] || fail "state: $(titles state)"
bihac_rows=$(printf '%s\nB hub\nB local\n' "$net" | sort)
[ "$(titles bihac)" = "$bihac_rows" ] || fail "bihac: $(titles bihac)"

# The edit made offline at Živinice crossed two hubs to Lopare, verified.
run 0 --dir "$T/lopare" get practice "$id"
has "$OUT" "izmijenjeno offline"
has "$OUT" "Grad Živinice"

# Identical rows where scopes overlap: compare full JSON exports.
export_net() {
    "$SPONA" --dir "$T/$1" --json list practice | tr -d '\n' |
        sed 's/^\[//; s/\]$//; s/},/}\n/g' | sed 's/^ *//' |
        grep '"scope": "network"' | sort
}
for n in state fbih rs bihac lopare; do
    [ "$(export_net "$n")" = "$(export_net zivinice)" ] ||
        fail "$n holds other network rows than zivinice"
done

for n in state fbih rs bihac zivinice lopare; do
    run 0 --dir "$T/$n" verify
    run 0 --dir "$T/$n" status
    has "$OUT" "rejected    0"
    # An honest federation: no finding against any hub (a child hub holds
    # its members' feeds from their pushes, not from its parent).
    has "$OUT" "evidence    0"
done
run 0 --dir "$T/bihac" status
has "$OUT" "unsent      0"
run 0 --dir "$T/fbih" hub members
has "$OUT" "Grad Bihać"
has "$OUT" "Grad Živinice"
lacks "$OUT" "never"
stop state
stop fbih
stop rs
echo ok
