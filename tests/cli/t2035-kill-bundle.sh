#!/bin/sh
# kill -9 during 'spona bundle apply' (issue 18): a hub's bundle of 6,000
# entries applied at a member, killed at seeded points; after each kill
# the database is intact and holds all of the bundle's entries or none of
# them (one transaction); then the bundle applied whole gives exactly the
# hub's rows, none doubled, and 'spona verify' passes. The same for a
# member's bundle of 3,000 changes applied at its hub. Longer (nightly):
# SPONA_KILL_POINTS (default 6).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fed.sh"
: "${BENCH:?}"
SEED=${SPONA_TEST_SEED:-3535}
POINTS=${SPONA_KILL_POINTS:-6}
N=6000

hub fbih "Vlada Federacije BiH"
node bihac "Grad Bihać"
"$BENCH" fill "$T/fbih" $N >/dev/null || fail "cannot fill the hub"
start fbih
join bihac fbih node
stop fbih
run 0 --dir "$T/fbih" bundle create --all -o "$T/down.bundle"

# kill_apply DIR BUNDLE TABLE_SQL: kills 'bundle apply' at POINTS seeded
# moments over the time a whole apply takes (timed on a copy); after each,
# the count from TABLE_SQL is the count before or the count before plus
# WANT.
kill_apply() {
    before=$(sqlite3 "$1/node.db" "$3")
    all=0 none=0
    rm -rf "$T/timing"
    cp -a "$1" "$T/timing"
    t0=$(date +%s%N)
    "$SPONA" --dir "$T/timing" bundle apply "$2" >/dev/null 2>&1 ||
        fail "the bundle does not apply"
    took=$(( ($(date +%s%N) - t0) / 1000000 ))
    rm -rf "$T/timing"
    for d in $(awk -v s="$SEED" -v n="$POINTS" -v t="$took" 'BEGIN { srand(s); for (i = 0; i < n; i++) printf "%.3f\n", 0.02 + rand() * t * 1.1 / 1000 }'); do
        "$SPONA" --dir "$1" bundle apply "$2" >/dev/null 2>&1 &
        pid=$!
        sleep "$d"
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
        [ "$(sqlite3 "$1/node.db" 'PRAGMA integrity_check')" = ok ] ||
            fail "database damaged after kill -9 at ${d}s (seed $SEED)"
        got=$(sqlite3 "$1/node.db" "$3")
        if [ "$got" = "$before" ]; then
            none=$((none + 1))
        elif [ "$got" = $((before + WANT)) ]; then
            all=$((all + 1))
            echo "bundle apply ($took ms): $none kill(s) left nothing, then one came after the commit"
            return 0 # applied whole: the next kills have nothing to cut
        else
            fail "$got rows after a kill at ${d}s: not $before nor $((before + WANT))"
        fi
    done
    echo "bundle apply ($took ms): $none kill(s) left nothing"
}

WANT=$N
kill_apply "$T/bihac" "$T/down.bundle" "SELECT count(*) FROM practice"
run 0 --dir "$T/bihac" bundle apply "$T/down.bundle"
db=$T/bihac/node.db
[ "$(sqlite3 "$db" "SELECT count(*) FROM practice")" = $N ] ||
    fail "$(sqlite3 "$db" "SELECT count(*) FROM practice") practices, want $N"
[ "$(sqlite3 "$db" "SELECT count(*) - count(DISTINCT id) FROM entry")" = 0 ] ||
    fail "duplicated entries"
run 0 --dir "$T/bihac" verify

# Up: 3,000 changes of Bihać to its hub, on the stick.
awk 'BEGIN { print "title,status,scope";
    for (i = 1; i <= 3000; i++) printf "Iz Bihaća %d,idea,network\n", i }' \
    >"$T/rows.csv"
run 0 --dir "$T/bihac" import --table practice "$T/rows.csv"
run 0 --dir "$T/bihac" bundle create --hub -o "$T/up.bundle"
WANT=3000
kill_apply "$T/fbih" "$T/up.bundle" "SELECT count(*) FROM practice"
run 0 --dir "$T/fbih" bundle apply "$T/up.bundle"
db=$T/fbih/node.db
[ "$(sqlite3 "$db" "SELECT count(*) FROM practice")" = $((N + 3000)) ] ||
    fail "the hub holds $(sqlite3 "$db" "SELECT count(*) FROM practice") practices"
[ "$(sqlite3 "$db" "SELECT count(*) - count(DISTINCT id) FROM entry")" = 0 ] ||
    fail "duplicated entries at the hub"
run 0 --dir "$T/fbih" verify
echo ok
