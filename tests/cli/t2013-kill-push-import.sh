#!/bin/sh
# kill -9 at seeded random points during an import and during a push (the
# hub killed too, at other seeded points), then a restart and one more
# round: an import is all or none (0 or every row, never some), nothing is
# lost or duplicated at the hub, the databases are intact (integrity_check)
# and 'spona verify' passes. Longer (nightly): SPONA_KILL_POINTS.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fed.sh"

N=3000
SEED=${SPONA_TEST_SEED:-1818}
POINTS=${SPONA_KILL_POINTS:-8}
hub fbih "Vlada Federacije BiH"
node bihac "Grad Bihać"
start fbih
join bihac fbih node
db=$T/bihac/node.db
hubdb=$T/fbih/node.db
practices() {
    sqlite3 "$1" "SELECT count(*) FROM practice"
}
intact() {
    [ "$(sqlite3 "$1" 'PRAGMA integrity_check')" = ok ] ||
        fail "$1 damaged after kill -9 at $2 s (seed $SEED)"
}

awk -v n=$N 'BEGIN {
    print "title,status,scope";
    for (i = 1; i <= n; i++) printf "Praksa %d,idea,network\n", i
}' >"$T/rows.csv"
delays() {
    awk -v s="$1" -v n="$POINTS" -v max="$2" 'BEGIN { srand(s);
        for (i = 0; i < n; i++) printf "%.2f\n", 0.02 + rand() * max }'
}

# The import: all or none at every point. Each point kills an import
# into a fresh copy of an empty node, at a seeded moment within the time
# one whole import takes.
run 0 --dir "$T/imp" init --org "Grad Bihać"
cp -r "$T/imp" "$T/empty"
t0=$(date +%s%N)
run 0 --dir "$T/imp" import --table practice "$T/rows.csv"
took=$(( ($(date +%s%N) - t0) / 1000000 ))
kills=0
for d in $(delays "$SEED" "$(awk -v ms=$took 'BEGIN { print ms / 1000 }')"); do
    rm -rf "$T/imp"
    cp -r "$T/empty" "$T/imp"
    "$SPONA" --dir "$T/imp" import --table practice "$T/rows.csv" \
        >/dev/null 2>&1 &
    pid=$!
    sleep "$d"
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    intact "$T/imp/node.db" "$d"
    n=$(practices "$T/imp/node.db")
    [ "$n" = 0 ] || [ "$n" = $N ] ||
        fail "an import killed at $d s left $n of $N rows (seed $SEED)"
    [ "$n" = $N ] || kills=$((kills + 1))
    run 0 --dir "$T/imp" verify
done
echo "import ($took ms): $kills of $POINTS kill -9s left no row, the others all $N"
run 0 --dir "$T/bihac" import --table practice "$T/rows.csv"

# The push: the member killed, or the hub, at seeded points.
i=0
for d in $(delays $((SEED + 1)) 1.0); do
    i=$((i + 1))
    "$SPONA" --dir "$T/bihac" sync >/dev/null 2>&1 &
    pid=$!
    sleep "$d"
    if [ $((i % 3)) = 0 ]; then
        kill -KILL "$(cat "$T/fbih.pid")"
        wait "$(cat "$T/fbih.pid")" 2>/dev/null || true
        intact "$hubdb" "$d"
        start fbih
    fi
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    intact "$db" "$d"
done
run 0 --dir "$T/bihac" sync
run 0 --dir "$T/bihac" sync
[ "$(practices "$hubdb")" = $N ] ||
    fail "the hub holds $(practices "$hubdb") of $N rows (seed $SEED)"
[ "$(sqlite3 "$hubdb" "SELECT count(*) FROM entry WHERE tbl = 'practice'")" = $N ] ||
    fail "the hub's practice entries are not exactly $N (seed $SEED)"
run 0 --dir "$T/fbih" verify
run 0 --dir "$T/bihac" verify
intact "$hubdb" end
stop fbih
echo ok
