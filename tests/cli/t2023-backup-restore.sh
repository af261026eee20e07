#!/bin/sh
# Backup and restore that cannot fork. Bihać takes a backup while its
# serve runs, writes more and syncs; its machine is lost. The backup is
# restored into a new folder, written to before any sync (the writes wait,
# shown as pending), then synced: the hub sees no fork, the new changes
# arrive at the hub and at Živinice, and every log verifies. A backup with
# one changed byte, or opened with a wrong passphrase, restores nothing.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fed.sh"

hub fbih "Vlada Federacije BiH"
node bihac "Grad Bihać"
node zivinice "Grad Živinice"
start fbih
join bihac fbih node
join zivinice fbih node

old=$(add bihac "Prije backupa" network)
run 0 --dir "$T/bihac" sync
printf 'jedna duga lozinka\n' >"$T/pass"

# Online: the backup is taken while serve runs (and syncs) on the node.
start bihac
run 0 --dir "$T/bihac" backup "$T/bihac.spona" --with-key \
    --passphrase-file "$T/pass"
run 1 --dir "$T/bihac" backup "$T/bihac.spona" --with-key \
    --passphrase-file "$T/pass"
has "$ERR" "exists"
run 0 --dir "$T/bihac" backup "$T/nokey.spona"
stop bihac
[ "$(stat -c %a "$T/bihac.spona")" = 600 ] || fail "backup readable by others"
if grep -q "spona-secret-key" "$T/bihac.spona"; then
    fail "the key is in the backup in clear"
fi
if grep -q "spona-secret-key" "$T/nokey.spona"; then
    fail "a backup without --with-key holds the key"
fi

# After the backup: more changes, synced; then the machine is lost.
after=$(add bihac "Poslije backupa" network)
run 0 --dir "$T/bihac" put practice --id "$old" summary="izmjena poslije"
run 0 --dir "$T/bihac" sync
mv "$T/bihac" "$T/lost"

# Damaged or wrongly opened backups restore nothing.
cp "$T/bihac.spona" "$T/bad.spona"
printf 'X' | dd of="$T/bad.spona" bs=1 seek=300 conv=notrunc 2>/dev/null
run 1 restore "$T/bad.spona" --dir "$T/bad" --passphrase-file "$T/pass"
has "$ERR" "damaged"
[ ! -e "$T/bad/node.db" ] || fail "a damaged backup was restored"
head -c 5000 "$T/bihac.spona" >"$T/cut.spona"
run 1 restore "$T/cut.spona" --dir "$T/cut" --passphrase-file "$T/pass"
printf 'kriva lozinka\n' >"$T/wrong"
run 1 restore "$T/bihac.spona" --dir "$T/bad" --passphrase-file "$T/wrong"
has "$ERR" "wrong passphrase"
[ ! -e "$T/bad/node.db" ] || fail "a wrong passphrase restored files"
run 1 restore "$T/nokey.spona" --dir "$T/bad"
has "$ERR" "--key"

# Restore, and write before the first sync: the writes wait.
run 0 restore "$T/bihac.spona" --dir "$T/bihac" --passphrase-file "$T/pass"
has "$ERR" "pending"
run 1 restore "$T/bihac.spona" --dir "$T/bihac" --passphrase-file "$T/pass"
run 0 --dir "$T/bihac" put practice title="Nakon vraćanja" status=idea \
    scope=network
new=$(cat "$OUT")
run 0 --dir "$T/bihac" put practice --id "$new" summary="uređeno prije sinhronizacije"
run 0 --dir "$T/bihac" put practice --id "$old" status=ongoing
run 0 --dir "$T/bihac" status
has "$OUT" "pending     3 change(s)"
run 0 --dir "$T/bihac" --json status
has "$OUT" '"pending": 3'
has "$OUT" '"restored": true'
run 1 --dir "$T/bihac" erase practice "$old"
has "$ERR" "restored from a backup"

run 0 --dir "$T/bihac" sync
run 0 --dir "$T/bihac" status
has "$OUT" "forks       0"
has "$OUT" "rejected    0"
has "$OUT" "unsent      0"
lacks "$OUT" "pending"
run 0 --dir "$T/zivinice" sync
for n in fbih zivinice bihac; do
    run 0 --dir "$T/$n" status
    has "$OUT" "forks       0"
    has "$OUT" "rejected    0"
    run 0 --dir "$T/$n" verify
    run 0 --dir "$T/$n" get practice "$new"
    has "$OUT" "uređeno prije sinhronizacije"
    run 0 --dir "$T/$n" get practice "$after"
    has "$OUT" "Poslije backupa"
    run 0 --dir "$T/$n" --json get practice "$old"
    has "$OUT" '"status": "ongoing"'
    has "$OUT" "izmjena poslije"
done
# After the first sync, writes are signed at once again.
run 0 --dir "$T/bihac" put practice --id "$new" status=pilot
run 0 --dir "$T/bihac" status
lacks "$OUT" "pending"
has "$OUT" "unsent      1"
run 0 --dir "$T/bihac" sync
run 0 --dir "$T/fbih" status
has "$OUT" "forks       0"
stop fbih
echo ok
