#!/bin/sh
# kill -9 of a node at seeded random points during a large pull, then a
# restart and a full sync: no entry lost, none duplicated, the database is
# intact and 'spona verify' passes.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fed.sh"
: "${BENCH:?}"

N=20000
SEED=${SPONA_TEST_SEED:-4242}
hub fbih "Vlada Federacije BiH"
node bihac "Grad Bihać"
"$BENCH" fill "$T/fbih" $N >/dev/null || fail "cannot fill the hub"
start fbih
join bihac fbih node

for d in $(awk -v s="$SEED" 'BEGIN { srand(s); for (i = 0; i < 5; i++) printf "%.2f\n", 0.05 + rand() * 1.0 }'); do
    "$SPONA" --dir "$T/bihac" sync >/dev/null 2>&1 &
    pid=$!
    sleep "$d"
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    [ "$(sqlite3 "$T/bihac/node.db" 'PRAGMA integrity_check')" = ok ] ||
        fail "database damaged after kill -9 at ${d}s (seed $SEED)"
done
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
