#!/bin/sh
# A dishonest hub (docs/ARCHITECTURE.md, threat model) keeps back one
# entry in the middle of a feed while serving the later ones. Lopare
# cannot apply what comes after the hole, and no longer stalls silently:
# it records a "gap" finding against the hub with the later entry (signed
# by its author) as proof, shown by 'status' (text and --json), and asks
# for the feed from the hole on at every pull; once the hub serves the
# entry again, Lopare converges with no manual step.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fed.sh"

hub rs "Vlada Republike Srpske"
node ugljevik "Opština Ugljevik"
node lopare "Opština Lopare"
start rs
join ugljevik rs node
join lopare rs node
add ugljevik "Prva" network >/dev/null
add ugljevik "Druga" network >/dev/null
add ugljevik "Treća" network >/dev/null
run 0 --dir "$T/ugljevik" sync

# The attacker deletes the middle entry of Ugljevik's feed from its log.
stop rs
cp "$T/rs/node.db" "$T/honest.db"
hubdb=$T/rs/node.db
n=$(sqlite3 "$hubdb" "SELECT e.n FROM entry e JOIN feed f ON f.feed = e.feed JOIN member m ON m.key = f.author WHERE m.org = 'Opština Ugljevik' AND f.scope = 2 AND e.seq = 2")
[ -n "$n" ] || fail "no seq 2 in Ugljevik's network feed at the hub"
sqlite3 "$hubdb" "PRAGMA foreign_keys = OFF; DELETE FROM payload WHERE n = $n; DELETE FROM entry WHERE n = $n"
start rs
run 0 --dir "$T/lopare" sync
run 0 --dir "$T/lopare" list practice
has "$OUT" "Prva"
lacks "$OUT" "Treća"
run 0 --dir "$T/lopare" status
grep -q "^evidence *[1-9]" "$OUT" || fail "no finding against the hub: $(cat "$OUT")"
has "$OUT" "gap: feed"
has "$OUT" "held back the ones before it"
run 0 --dir "$T/lopare" status --json
has "$OUT" '"kind": "gap"'
has "$OUT" '"held": 1'
has "$OUT" '"seq": 3'
# A second pull finds the same hole: one finding, not one per pull.
run 0 --dir "$T/lopare" sync
run 0 --dir "$T/lopare" status --json
[ "$(grep -c '"kind": "gap"' "$OUT")" = 1 ] || fail "the gap was recorded twice"

# The hub turns honest: Lopare converges.
stop rs
rm -f "$T/rs/node.db-wal" "$T/rs/node.db-shm"
cp "$T/honest.db" "$T/rs/node.db"
start rs
run 0 --dir "$T/lopare" sync
run 0 --dir "$T/lopare" list practice
has "$OUT" "Druga"
has "$OUT" "Treća"
run 0 --dir "$T/lopare" verify --rows
stop rs
echo ok
