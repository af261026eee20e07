#!/bin/sh
# A full disk (issue 18): the data folder on a small tmpfs mounted by the
# test. An import that runs out of space says "disk is full" and imports
# nothing at all (before the fix, rows after the error were committed one
# by one although it said "nothing imported"); writes fail with the same
# message; reading, listing and search still work; the database stays
# intact (PRAGMA integrity_check, spona verify); and once there is space
# again the same import goes in exactly once. Needs root (mount); skipped
# otherwise. 'spona serve' holds the database open throughout, as on a
# server: SQLite cannot open a WAL database afresh on a full disk (it must
# create its -shm file), and the open then fails saying the disk is full.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fed.sh"
MNT=$T/mnt
mkdir "$MNT"
if [ "$(id -u)" -ne 0 ]; then
    echo "skip: mounting a tmpfs needs root"
    exit 77
fi
if ! mount -t tmpfs -o size=3m spona-test "$MNT" 2>"$ERR"; then
    echo "skip: cannot mount a tmpfs: $(cat "$ERR")"
    exit 77
fi
trap 'cleanup_fed_mnt' EXIT INT TERM
cleanup_fed_mnt() {
    for p in $PIDS; do kill -KILL "$p" 2>/dev/null || true; done
    for p in $PIDS; do wait "$p" 2>/dev/null || true; done
    umount "$MNT" 2>/dev/null || umount -l "$MNT"
    rm -rf "$T"
}
D=$MNT/node

run 0 --dir "$D" init --org "Opština Lopare"
take_port
"$SPONA" --dir "$D" serve --ui "127.0.0.1:$port" >"$T/serve.log" 2>&1 &
PIDS="$PIDS $!"
i=0
until grep -q "web pages on" "$T/serve.log"; do
    i=$((i + 1))
    [ $i -lt 100 ] || fail "serve did not start: $(cat "$T/serve.log")"
    sleep 0.1
done
run 0 --dir "$D" put practice title="Prije punog diska" status=idea
run 0 --dir "$D" search punog
has "$OUT" "Prije punog diska"
run 0 --dir "$D" put practice title="Neindeksirana praksa" status=idea

# 2,000 rows of about 1.5 KB: more than the space left.
awk 'BEGIN {
    pad = sprintf("%1400s", ""); gsub(/ /, "x", pad);
    print "title,status,summary";
    for (i = 1; i <= 2000; i++) printf "Praksa %d,idea,%s %d\n", i, pad, i
}' >"$T/big.csv"
practices() {
    sqlite3 "$D/node.db" "SELECT count(*) FROM practice"
}
n0=$(entries)
run 1 --dir "$D" import --table practice "$T/big.csv"
has "$ERR" "disk is full"
has "$ERR" "nothing imported"
[ "$(entries)" = "$n0" ] || fail "a failed import wrote $(($(entries) - n0)) entries"
[ "$(practices)" = 2 ] || fail "a failed import left $(practices) practices"

# Now fill what is left to the last byte, the log's room in the WAL file
# too (the failed import had grown it).
sqlite3 "$D/node.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
dd if=/dev/zero of="$MNT/filler" bs=4k 2>/dev/null || true
run 1 --dir "$D" put practice title="Na punom disku" status=idea
has "$ERR" "disk is full"
run 0 --dir "$D" list practice
has "$OUT" "Prije punog diska"
run 0 --dir "$D" search punog
has "$OUT" "Prije punog diska"
run 0 --dir "$D" verify
[ "$(sqlite3 "$D/node.db" "PRAGMA integrity_check")" = ok ] ||
    fail "integrity_check on a full disk"
[ "$(entries)" = "$n0" ] || fail "entries changed on a full disk"

# Without a process holding it open, and the space its -shm file took
# filled too, the database cannot be opened at all: the message says why.
kill -TERM $PIDS
wait $PIDS 2>/dev/null || true
PIDS=""
dd if=/dev/zero of="$MNT/filler2" bs=4k 2>/dev/null || true
run 1 --dir "$D" list practice
has "$ERR" "disk is full"

# Space returns: the same import goes in once, whole.
rm -f "$MNT/filler" "$MNT/filler2"
mount -o remount,size=64m "$MNT"
run 0 --dir "$D" import --table practice "$T/big.csv"
has "$OUT" "2000 of 2000 rows imported"
[ "$(practices)" = 2002 ] || fail "after the import: $(practices) practices"
run 0 --dir "$D" search neindeksirana
has "$OUT" "Neindeksirana praksa"
run 0 --dir "$D" verify
[ "$(sqlite3 "$D/node.db" "PRAGMA integrity_check")" = ok ] ||
    fail "integrity_check after the disk filled"
echo ok
