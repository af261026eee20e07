#!/bin/sh
# A dishonest hub (docs/ARCHITECTURE.md, threat model): the RS hub signs a
# checkpoint committing to Ugljevik's three newest practices, then keeps
# the newest two back from Bijeljina (removed from its database) while
# Lopare already has them. Bijeljina finds it at its next sync: the
# checkpoint's heads are more than it was served, and the hub's next
# checkpoint (serve writes one when it starts) goes back on the earlier
# one; both findings are kept with the checkpoints as proof. Ugljevik
# finds that the hub lost what it acknowledged (its kept receipt says
# more), sends the entries again, and everyone converges.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fed.sh"

hub rs "Vlada Republike Srpske"
node ugljevik "Opština Ugljevik"
node lopare "Opština Lopare"
node bijeljina "Grad Bijeljina"
start rs
join ugljevik rs node
join lopare rs node
join bijeljina rs node
add ugljevik "Prva" hub >/dev/null
run 0 --dir "$T/ugljevik" sync
run 0 --dir "$T/bijeljina" sync
add ugljevik "Druga" hub >/dev/null
add ugljevik "Treća" hub >/dev/null
run 0 --dir "$T/ugljevik" sync
run 0 --dir "$T/rs" hub checkpoint
has "$OUT" "checkpoint written"
run 0 --dir "$T/lopare" sync
[ "$(titles lopare | tr '\n' ' ')" = "Druga Prva Treća " ] ||
    fail "Lopare: $(titles lopare)"
run 0 --dir "$T/lopare" status --json
has "$OUT" '"evidence": 0'

# The attacker, with the hub's database: Ugljevik's hub feed back to 1.
stop rs
hubdb=$T/rs/node.db
ukey=$(sqlite3 "$hubdb" "SELECT hex(key) FROM member WHERE org = 'Opština Ugljevik'")
feed=$(sqlite3 "$hubdb" "SELECT feed FROM feed WHERE author = X'$ukey' AND scope = 1")
sqlite3 "$hubdb" "DELETE FROM payload WHERE n IN (SELECT n FROM entry WHERE feed = $feed AND seq > 1);
    DELETE FROM entry WHERE feed = $feed AND seq > 1;
    UPDATE feed SET last_seq = 1, last_id = (SELECT id FROM entry WHERE feed = $feed AND seq = 1) WHERE feed = $feed"
start rs

run 0 --dir "$T/bijeljina" sync
has "$ERR" "checkpoint does not match"
[ "$(titles bijeljina | tr '\n' ' ')" = "Prva " ] ||
    fail "Bijeljina: $(titles bijeljina)"
run 0 --dir "$T/bijeljina" status
has "$OUT" "evidence    2"
has "$OUT" "withheld: feed"
has "$OUT" "the hub committed to entries it did not serve"
has "$OUT" "rollback: feed"
run 0 --dir "$T/bijeljina" status --json
has "$OUT" '"kind": "withheld"'
has "$OUT" '"seq": 3'
has "$OUT" '"held": 1'
# The proof: the checkpoint is an entry of the hub Bijeljina holds.
cp=$(sed -n 's/^ *"proof": "\([0-9a-f]*\)",*$/\1/p' "$OUT" | head -1)
[ "$(sqlite3 "$T/bijeljina/node.db" "SELECT count(*) FROM entry WHERE id = X'$cp' AND tbl = 'checkpoint'")" = 1 ] ||
    fail "the checkpoint $cp is not held"
run 0 --dir "$T/bijeljina" verify

# The hub holds less of Ugljevik's feed than the receipt Ugljevik kept:
# Ugljevik sends those entries again; all converge.
run 0 --dir "$T/ugljevik" sync
run 0 --dir "$T/ugljevik" status --json
has "$OUT" '"kind": "lost"'
has "$OUT" '"held": 3'
run 0 --dir "$T/ugljevik" status
has "$OUT" "unsent      0"
run 0 --dir "$T/bijeljina" sync
[ "$(titles bijeljina | tr '\n' ' ')" = "Druga Prva Treća " ] ||
    fail "Bijeljina after the hub has them again: $(titles bijeljina)"
for n in rs ugljevik lopare bijeljina; do run 0 --dir "$T/$n" verify --rows; done
stop rs
echo ok
