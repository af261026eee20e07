#!/bin/sh
# After a fork, 'spona recover' (issue 15). Bihać's folder is copied; the
# copy and the original each change things and sync; the hub takes the
# original's first and closes the feed, the copy is told. 'spona recover'
# on the copy rotates its key and writes its lost changes again under the
# new key: a new practice arrives at the hub and at Živinice; a field only
# the copy changed arrives with no conflict; a field both changed stands
# as a conflict at the hub and Živinice; the copy itself takes the
# original's branch from the hub (its new practice; its summary as the
# other side of the conflict). The original's key is revoked by
# the recovery: it comes back as a new device ('init --recover'), sees
# the conflict and keeps one value, and then every replica holds it with
# no conflict. The fork proof stays, and every replica verifies.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fed.sh"

hub fbih "Vlada Federacije BiH"
node bihac "Grad Bihać"
node zivinice "Grad Živinice"
start fbih
join bihac fbih node
join zivinice fbih node
p=$(add bihac "Zajednička praksa" network)
q=$(add bihac "Druga praksa" network)
run 0 --dir "$T/bihac" sync
run 0 --dir "$T/zivinice" sync

run 1 --dir "$T/bihac" recover
has "$ERR" "nothing to recover"

cp -a "$T/bihac" "$T/copy"
run 0 --dir "$T/bihac" put practice --id "$p" summary="original"
orig=$(add bihac "Samo u originalu" network)
run 0 --dir "$T/copy" put practice --id "$p" summary="kopija"
run 0 --dir "$T/copy" put practice --id "$q" status=implemented
new=$(add copy "Nova s kopije" network)
run 0 --dir "$T/bihac" sync
run 1 --dir "$T/copy" sync
has "$ERR" "forked"

run 0 --dir "$T/copy" recover
has "$OUT" "new key:"
has "$OUT" "written again under the new key in 3 write(s)"
has "$OUT" "the other copy's changes"
run 0 --dir "$T/copy" sync
run 0 --dir "$T/copy" status
has "$OUT" "unsent      0"
has "$OUT" "forks       1"
# The hub holds the other branch of the forked feed: that is no finding.
has "$OUT" "evidence    0"
# The copy took the original's branch of the forked feed from the hub,
# as every replica did: its new practice, and its summary as the other
# side of a conflict.
run 0 --dir "$T/copy" get practice "$orig"
has "$OUT" "Samo u originalu"
run 0 --dir "$T/copy" --json conflicts
has "$OUT" "$p"
has "$OUT" "kopija"
has "$OUT" "original"
run 0 --dir "$T/copy" verify
has "$OUT" "1 fork proof"

run 0 --dir "$T/zivinice" sync
run 0 --dir "$T/zivinice" get practice "$new"
has "$OUT" "Nova s kopije"
run 0 --dir "$T/zivinice" get practice "$q"
has "$OUT" "implemented"
# Both changed the summary: a conflict, at the hub and at Živinice.
run 0 --dir "$T/zivinice" --json conflicts
has "$OUT" "$p"
has "$OUT" "kopija"
has "$OUT" "original"
run 0 --dir "$T/zivinice" --json conflicts
lacks "$OUT" "$q"

# The original is refused now; it comes back as a new device, which sees
# the conflict and settles it.
run 1 --dir "$T/bihac" sync
has "$ERR" "revoked"
run 0 --dir "$T/fbih" hub invite --org "Grad Bihać" --role node
js=$(cat "$OUT")
run 0 --dir "$T/bihac2" init --org "Grad Bihać" --recover "$js"
run 0 --dir "$T/bihac2" --json conflicts
has "$OUT" "$p"
run 0 --dir "$T/bihac2" resolve practice "$p" summary --value "dogovoreno"
run 0 --dir "$T/bihac2" sync
run 0 --dir "$T/copy" sync
run 0 --dir "$T/zivinice" sync
for n in copy zivinice fbih bihac2; do
    run 0 --dir "$T/$n" get practice "$p"
    has "$OUT" "dogovoreno"
    run 0 --dir "$T/$n" --json conflicts
    lacks "$OUT" "$p"
done
stop fbih
for n in fbih copy zivinice bihac2; do
    run 0 --dir "$T/$n" verify
    has "$OUT" "1 fork proof"
done
