#!/bin/sh
# kill -9 of a node at seeded random points during a large pull, then a
# restart and a full sync: no entry lost, none duplicated, the database is
# intact and 'spona verify' passes. Longer (nightly): SPONA_KILL_POINTS
# (default 5; 200 for the issue's figure).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fed.sh"
: "${BENCH:?}"

N=20000
SEED=${SPONA_TEST_SEED:-4242}
POINTS=${SPONA_KILL_POINTS:-5}
hub fbih "Vlada Federacije BiH"
node bihac "Grad Bihać"
"$BENCH" fill "$T/fbih" $N >/dev/null || fail "cannot fill the hub"
start fbih
join bihac fbih node

kills=0
for d in $(awk -v s="$SEED" -v n="$POINTS" 'BEGIN { srand(s); for (i = 0; i < n; i++) printf "%.2f\n", 0.05 + rand() * 1.0 }'); do
    "$SPONA" --dir "$T/bihac" sync >/dev/null 2>&1 &
    pid=$!
    sleep "$d"
    if kill -KILL "$pid" 2>/dev/null; then kills=$((kills + 1)); fi
    wait "$pid" 2>/dev/null || true
    [ "$(sqlite3 "$T/bihac/node.db" 'PRAGMA integrity_check')" = ok ] ||
        fail "database damaged after kill -9 at ${d}s (seed $SEED)"
done
echo "$kills of $POINTS kill -9s landed during a sync"
run 0 --dir "$T/bihac" sync
db=$T/bihac/node.db
[ "$(sqlite3 "$db" "SELECT count(*) FROM practice")" = $N ] ||
    fail "$(sqlite3 "$db" "SELECT count(*) FROM practice") rows, want $N (seed $SEED)"
[ "$(sqlite3 "$db" "SELECT count(*) FROM entry WHERE tbl = 'practice'")" = $N ] ||
    fail "practice entries are not exactly $N (seed $SEED)"
[ "$(sqlite3 "$db" "SELECT count(*) - count(DISTINCT id) FROM entry")" = 0 ] ||
    fail "duplicated entries"
run 0 --dir "$T/bihac" verify
has "$OUT" "ok:"
# Again: nothing new, nothing doubled.
run 0 --dir "$T/bihac" sync
has "$OUT" "pulled: 0 applied"
stop fbih
echo ok
