#!/bin/sh
# Changes in seconds, not intervals (PROTOCOL.md §10 long-poll): a state
# hub, an FBiH and an RS hub under it, Bihać under FBiH and Lopare under
# RS, every 'spona serve' with a 300 s sync interval. A change written at
# Bihać reaches Lopare through FBiH, the state hub and RS within seconds:
# Bihać's daemon pushes it, FBiH pushes it up at once, and the state hub,
# RS and Lopare each answer a held pull. A hub with pulls held stops at
# once on SIGTERM.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fed.sh"

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
stop fbih
stop rs
for n in state fbih rs bihac lopare; do
    printf '\n[sync]\ninterval = 300\n' >>"$T/$n/spona.conf"
done
start fbih
start rs
start bihac
start lopare

# seen_within NODE TITLE SECONDS: NODE holds a practice TITLE in time.
seen_within() {
    i=0
    until titles "$1" | grep -qxF "$2"; do
        i=$((i + 1))
        [ $i -lt $(($3 * 10)) ] ||
            fail "'$2' did not reach $1 in $3 s: $(tail -n 5 "$T/$1.log")"
        sleep 0.1
    done
}

# The first change also waits for every daemon's first round and
# long-poll; the interval (300 s) is far off for all of them.
add bihac "Prva promjena" network >/dev/null
seen_within lopare "Prva promjena" 30
for k in 1 2 3; do
    t0=$(date +%s)
    add bihac "Promjena $k" network >/dev/null
    seen_within lopare "Promjena $k" 10
    echo "change $k: Bihać to Lopare in $(($(date +%s) - t0)) s or less"
done
# And the other way, from a node's local write up and down again.
add lopare "Iz Lopara" network >/dev/null
seen_within bihac "Iz Lopara" 10
grep -q "long-poll: pulled" "$T/rs.log" || fail "RS pulled nothing by long-poll"
grep -q "long-poll: pulled" "$T/lopare.log" ||
    fail "Lopare pulled nothing by long-poll"

# Held, not hammered: while nothing changes, the state hub answers only
# the odd pull (a held one at its deadline, a round), not one per moment.
pulls() {
    curl -s -m 10 "http://127.0.0.1:$(cat "$T/state.ui")/metrics" |
        sed -n 's/^spona_api_request_seconds_count{endpoint="pull"} //p'
}
p0=$(pulls)
sleep 3
p1=$(pulls)
[ $((p1 - p0)) -le 4 ] || fail "idle members pulled $((p1 - p0)) times in 3 s"

# A hub holding its members' pulls, itself holding one to its parent,
# stops at once, not after the 25 s a pull may be held.
t0=$(date +%s)
stop rs
[ $(($(date +%s) - t0)) -le 4 ] || fail "RS took over 4 s to stop"
grep -q "stopping" "$T/rs.log" || fail "RS did not stop cleanly"
stop lopare
stop bihac
stop fbih
stop state
for n in state fbih bihac; do
    run 0 --dir "$T/$n" verify
done
echo ok
