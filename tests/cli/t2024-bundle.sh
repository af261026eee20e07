#!/bin/sh
# Signed offline bundles. Bihać joins its hub and then has no network at
# all: changes go both ways on a USB stick only (the hub is not even
# running). Each side applies the other's bundle, twice (nothing changes
# the second time); a bundle with one flipped byte, a truncated one and
# one made for another member are refused whole. Every replica verifies,
# and once the network is back an online sync has nothing left to carry:
# Bihać holds what Živinice, which synced online, holds.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fed.sh"

hub fbih "Vlada Federacije BiH"
node bihac "Grad Bihać"
node zivinice "Grad Živinice"
start fbih
join bihac fbih node
join zivinice fbih node
run 0 --dir "$T/fbih" --json hub members
key_of() {
    sqlite3 :memory: "SELECT json_extract(value, '\$.key')
        FROM json_each(readfile('$OUT')) WHERE json_extract(value, '\$.org') = '$1'"
}
bihac_key=$(key_of "Grad Bihać")
zivinice_key=$(key_of "Grad Živinice")
[ -n "$bihac_key" ] && [ -n "$zivinice_key" ] || fail "no member keys"
stop fbih

# Usage errors, and the kinds a node cannot make.
run 0 --dir "$T/bihac" bundle --help
has "$OUT" "bundle create (--for MEMBER | --all | --hub)"
run 2 --dir "$T/bihac" bundle
run 2 --dir "$T/bihac" bundle create -o "$T/x"
run 2 --dir "$T/bihac" bundle create --hub --all -o "$T/x"
run 2 --dir "$T/bihac" bundle create --hub
run 2 --dir "$T/bihac" bundle create --hub --since 2026-13-01 -o "$T/x"
run 2 --dir "$T/fbih" bundle create --for nokey -o "$T/x"
run 1 --dir "$T/bihac" bundle create --all -o "$T/x"
has "$ERR" "only a hub makes bundles for members"
run 1 --dir "$T/bihac" bundle apply "$T/missing"
has "$ERR" "cannot open"

# Bihać -> hub, on the stick.
add bihac "Iz Bihaća, za mrežu" network >/dev/null
add bihac "Iz Bihaća, za hub" hub >/dev/null
run 0 --dir "$T/bihac" status
has "$OUT" "unsent      2 change(s)"
run 0 --dir "$T/bihac" bundle create --hub -o "$T/up.bundle"
has "$OUT" "2 entries"
[ -f "$T/up.bundle.part" ] && fail "a .part file was left"
head -c 8 "$T/up.bundle" | grep -q SPONABDL || fail "no magic"
# Someone else's hub cannot take it, nor can another member.
run 1 --dir "$T/zivinice" bundle apply "$T/up.bundle"
has "$ERR" "another hub"
run 0 --dir "$T/fbih" bundle apply "$T/up.bundle"
has "$OUT" "2 applied, 0 already held"
run 0 --dir "$T/fbih" bundle apply "$T/up.bundle"
has "$OUT" "0 applied, 2 already held"

# Hub -> Bihać: what Bihać may see, with receipts for its own changes.
add fbih "Iz Federacije" hub >/dev/null
run 0 --dir "$T/fbih" bundle create --for "$bihac_key" -o "$T/down.bundle"
run 0 --dir "$T/fbih" bundle create --for "$zivinice_key" -o "$T/other.bundle"
run 1 --dir "$T/bihac" bundle apply "$T/other.bundle"
has "$ERR" "another member"

# One flipped byte anywhere, or a cut, and nothing is applied.
size=$(stat -c %s "$T/down.bundle")
before=$(sqlite3 "$T/bihac/node.db" 'SELECT count(*) FROM entry')
for at in 0 9 100 $((size / 2)) $((size - 40)) $((size - 1)); do
    cp "$T/down.bundle" "$T/bad.bundle"
    b=$(od -An -tu1 -j "$at" -N1 "$T/bad.bundle" | tr -d ' ')
    printf "\\$(printf %03o $((b ^ 4)))" |
        dd of="$T/bad.bundle" bs=1 seek="$at" conv=notrunc 2>/dev/null
    run 1 --dir "$T/bihac" bundle apply "$T/bad.bundle"
    has "$ERR" "nothing was applied"
done
head -c $((size - 7)) "$T/down.bundle" >"$T/short.bundle"
run 1 --dir "$T/bihac" bundle apply "$T/short.bundle"
has "$ERR" "damaged or truncated"
has "$ERR" "nothing was applied"
[ "$(sqlite3 "$T/bihac/node.db" 'SELECT count(*) FROM entry')" = "$before" ] ||
    fail "a refused bundle changed the log"

# Not a bundle, a newer version, a file over the limit (sparse: no disk).
echo "Izvještaj za 2026." >"$T/notes.txt"
run 1 --dir "$T/bihac" bundle apply "$T/notes.txt"
has "$ERR" "not a spona bundle"
{ printf 'SPONABDL\002'; tail -c +10 "$T/down.bundle"; } >"$T/v2.bundle"
run 1 --dir "$T/bihac" bundle apply "$T/v2.bundle"
has "$ERR" "version 2 is not supported"
truncate -s $((256 * 1024 * 1024 + 1)) "$T/huge.bundle"
run 1 --dir "$T/bihac" bundle apply "$T/huge.bundle"
has "$ERR" "over the limit"
rm -f "$T/huge.bundle"
[ "$(sqlite3 "$T/bihac/node.db" 'SELECT count(*) FROM entry')" = "$before" ] ||
    fail "a refused bundle changed the log"

run 0 --dir "$T/bihac" bundle apply "$T/down.bundle"
has "$OUT" "0 rejected"
lacks "$OUT" " 0 applied"
run 0 --dir "$T/bihac" bundle apply "$T/down.bundle"
has "$OUT" " 0 applied"
titles bihac >"$T/bihac.titles"
has "$T/bihac.titles" "Iz Federacije"
has "$T/bihac.titles" "Iz Bihaća, za hub"
# The receipts: nothing of Bihać's waits for the hub any more.
run 0 --dir "$T/bihac" status
has "$OUT" "unsent      0 change(s)"

# A bundle for any member, cut to what the hub stored today: all held.
run 0 --dir "$T/fbih" bundle create --all --since "$(date -u +%F)" \
    -o "$T/today.bundle"
run 0 --dir "$T/bihac" bundle apply "$T/today.bundle"
has "$OUT" " 0 applied"
has "$OUT" "0 skipped"

for n in bihac fbih; do run 0 --dir "$T/$n" verify; done

# The network is back: an online sync has nothing left to carry but what
# it writes itself (its witness of the hub's checkpoint, once it has
# checked one), and the bundles gave what an online sync gives.
start fbih
run 0 --dir "$T/bihac" sync
feed="(SELECT feed FROM entry WHERE tbl = 'practice' ORDER BY n LIMIT 1)"
w=$(sqlite3 "$T/bihac/node.db" "SELECT count(*) FROM entry WHERE feed = $feed AND tbl = 'witness'")
[ "$w" -le 1 ] || fail "Bihać witnessed its hub $w times in a day"
has "$OUT" "pushed: $w applied, 0 already held"
has "$OUT" "pulled: 0 applied"
run 0 --dir "$T/zivinice" sync
stop fbih
titles zivinice >"$T/zivinice.titles"
titles fbih >"$T/fbih.titles"
cmp "$T/bihac.titles" "$T/zivinice.titles" || fail "bihac and zivinice differ"
cmp "$T/fbih.titles" "$T/zivinice.titles" || fail "hub and zivinice differ"
for n in bihac fbih zivinice; do
    run 0 --dir "$T/$n" verify
    run 0 --dir "$T/$n" status
    has "$OUT" "forks       0"
    has "$OUT" "rejected    0"
done
