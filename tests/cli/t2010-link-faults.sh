#!/bin/sh
# Link faults (issue 18): two members reach their hub, and that hub its
# parent (the state hub), each link through its own proxy on loopback
# (tests/cli/faultproxy.py) that, connection by connection and drawn from
# a fixed seed, cuts the link after K bytes, resets it, or stalls it, in
# either direction. 20 sync rounds of each run through the faults (they
# may fail); once the faults stop, two rounds converge: the same practices
# on both members and both hubs, none lost or duplicated, and
# 'spona verify' and PRAGMA integrity_check pass everywhere. Bounded: each
# round at most 60 s, the whole test well under the ctest timeout. Longer
# (nightly): SPONA_FAULT_ROUNDS, SPONA_FAULT_ROWS, SPONA_FAULT_SEED.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fed.sh"
command -v python3 >/dev/null || { echo "skip: no python3"; exit 77; }
SEED=${SPONA_FAULT_SEED:-18}
ROUNDS=${SPONA_FAULT_ROUNDS:-20}
ROWS=${SPONA_FAULT_ROWS:-1500}

hub state "Ministarstvo za ljudska prava i izbjeglice"
hub fbih "Vlada Federacije BiH"
node bihac "Grad Bihać"
node lopare "Opština Lopare"
start state
join fbih state hub
start fbih
join bihac fbih node
join lopare fbih node
echo faults >"$T/control"

# proxy NAME HUB SEED MEMBERS...: a fault proxy in front of HUB; the
# MEMBERS' upstream goes through it.
proxy() {
    name=$1 hub_port=$(sed -n 's/^listen = 127.0.0.1://p' "$T/$2/spona.conf")
    take_port
    python3 "$SRC/tests/cli/faultproxy.py" "$port" "$hub_port" "$3" \
        "$T/control" >"$T/$name.log" 2>&1 &
    PIDS="$PIDS $!"
    i=0
    until grep -q listening "$T/$name.log"; do
        i=$((i + 1))
        [ $i -lt 100 ] || fail "the proxy did not start: $(cat "$T/$name.log")"
        sleep 0.1
    done
    shift 3
    for n in "$@"; do
        sed -i "s|^url = https://127.0.0.1:$hub_port|url = https://127.0.0.1:$port|" \
            "$T/$n/spona.conf"
        grep -q "127.0.0.1:$port" "$T/$n/spona.conf" || fail "$n not on the proxy"
    done
}
proxy proxy fbih "$SEED" bihac lopare
proxy proxy_up state $((SEED + 1)) fbih

awk -v n="$ROWS" 'BEGIN {
    print "title,status,scope";
    for (i = 1; i <= n; i++) printf "Praksa %d,idea,network\n", i
}' >"$T/rows.csv"
run 0 --dir "$T/bihac" import --table practice "$T/rows.csv"
i=1
while [ $i -le 100 ]; do
    add lopare "Lopare $i" network >/dev/null
    i=$((i + 1))
done

ok=0
r=1
while [ $r -le "$ROUNDS" ]; do
    for n in bihac lopare fbih; do
        if timeout 60 "$SPONA" --dir "$T/$n" sync >/dev/null 2>"$ERR"; then
            ok=$((ok + 1))
        fi
    done
    add bihac "Za vrijeme kvarova $r" network >/dev/null
    r=$((r + 1))
done
for p in proxy proxy_up; do
    conns=$(grep -c "^conn" "$T/$p.log")
    faults=$(grep "^conn" "$T/$p.log" | grep -vc " none ")
    echo "$p: $conns connections, $faults broken"
    [ "$faults" -gt 0 ] || fail "$p broke nothing"
done
echo "under faults: $ok of $((3 * ROUNDS)) syncs succeeded"

echo clean >"$T/control"
for n in bihac lopare fbih bihac lopare fbih; do
    run 0 --dir "$T/$n" sync
done

expect=$((ROWS + 100 + ROUNDS))
for n in bihac lopare fbih state; do
    titles "$n" >"$T/$n.titles"
    got=$(wc -l <"$T/$n.titles")
    [ "$got" -eq "$expect" ] || fail "$n holds $got practices, want $expect"
    [ "$(sort -u "$T/$n.titles" | wc -l)" -eq "$expect" ] ||
        fail "$n holds duplicated practices"
    run 0 --dir "$T/$n" verify
    [ "$(sqlite3 "$T/$n/node.db" "PRAGMA integrity_check")" = ok ] ||
        fail "integrity_check of $n"
done
cmp "$T/bihac.titles" "$T/lopare.titles" || fail "the members differ"
cmp "$T/bihac.titles" "$T/fbih.titles" || fail "member and hub differ"
cmp "$T/fbih.titles" "$T/state.titles" || fail "the hubs differ"
stop fbih
stop state
echo ok
