#!/bin/sh
# A hub restored from an older copy of its database after its members
# synced (docs/ARCHITECTURE.md, threat model). Nothing it lost goes
# unnoticed: Ugljevik's pull tells it the hub holds less of its feed than
# the receipt Ugljevik kept, so it records the loss and sends the entries
# again; Lopare's pull tells it the hub holds less of the hub's own feed
# than Lopare got from it, and Lopare keeps that entry, signed by the hub,
# as proof. Data converges and every replica verifies.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fed.sh"

hub rs "Vlada Republike Srpske"
node ugljevik "Opština Ugljevik"
node lopare "Opština Lopare"
start rs
join ugljevik rs node
join lopare rs node
add ugljevik "Prva" hub >/dev/null
run 0 --dir "$T/ugljevik" sync
run 0 --dir "$T/lopare" sync

# The copy an administrator will later restore.
stop rs
mkdir "$T/backup"
cp "$T"/rs/node.db* "$T/backup/"

start rs
add ugljevik "Druga" hub >/dev/null
run 0 --dir "$T/ugljevik" sync
run 0 --dir "$T/ugljevik" status
has "$OUT" "unsent      0"
run 0 --dir "$T/rs" hub checkpoint
run 0 --dir "$T/lopare" sync
[ "$(titles lopare | tr '\n' ' ')" = "Druga Prva " ] || fail "Lopare: $(titles lopare)"

# The rollback.
stop rs
rm -f "$T"/rs/node.db*
cp "$T"/backup/node.db* "$T/rs/"
start rs
run 0 --dir "$T/rs" hub checkpoint
[ "$(titles rs | tr '\n' ' ')" = "Prva " ] || fail "not rolled back: $(titles rs)"

run 0 --dir "$T/ugljevik" sync
run 0 --dir "$T/ugljevik" status --json
has "$OUT" '"kind": "lost"'
has "$OUT" '"held": 2'
[ "$(titles rs | tr '\n' ' ')" = "Druga Prva " ] ||
    fail "the hub did not get back what it lost: $(titles rs)"
run 0 --dir "$T/lopare" sync
run 0 --dir "$T/lopare" status
has "$OUT" "behind: feed"
run 0 --dir "$T/lopare" status --json
has "$OUT" '"kind": "behind"'
# The proof is an entry Lopare holds, signed by the hub itself.
proof=$(sed -n 's/^ *"proof": "\([0-9a-f]*\)",*$/\1/p' "$OUT" | head -1)
[ "$(sqlite3 "$T/lopare/node.db" "SELECT count(*) FROM entry e JOIN feed f ON f.feed = e.feed JOIN member m ON m.key = f.author WHERE e.id = X'$proof' AND m.role = 'hub'")" = 1 ] ||
    fail "the proof $proof is not an entry of the hub held by Lopare"
[ "$(titles lopare | tr '\n' ' ')" = "Druga Prva " ] || fail "Lopare: $(titles lopare)"
for n in rs ugljevik lopare; do run 0 --dir "$T/$n" verify --rows; done
stop rs
echo ok
