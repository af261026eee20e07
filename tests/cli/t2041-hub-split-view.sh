#!/bin/sh
# A dishonest hub shows a member that joins later a history without a
# revocation (a split view, docs/ARCHITECTURE.md, threat model): the FBiH
# hub revokes the key of Kupres after Bihać and the state hub have the
# revocation, then, from a copy of its database taken before it, vouches
# for Ključ, takes Kupres's new entry and serves Ključ that history.
# Ključ checks the hub's checkpoint there and writes its witness (the
# signed checkpoint and the head of the hub's network feed it was shown,
# PROTOCOL.md §13). Once Ključ's feed travels, the two histories meet:
# Bihać and the state hub, which never saw the other history, each hold
# two entries of the hub at one seq, signed by the hub, and show the fork.
#
# The attacker's means: the hub's own database, copied and put back, and
# the hub's key, running 'spona serve' on either copy. That the real
# history vouches for Ključ too (as a hub serving both would) is made by
# a throw-away copy of Ključ's folder joining the real one.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fed.sh"

hub state "Ministarstvo za ljudska prava i izbjeglice"
hub fbih "Vlada Federacije BiH"
node bihac "Grad Bihać"
node kupres "Općina Kupres"
node kljuc "Općina Ključ"
start state
join fbih state hub
start fbih
join bihac fbih node
join kupres fbih node
add bihac "Iz Bihaća" network >/dev/null
for n in bihac kupres fbih bihac; do run 0 --dir "$T/$n" sync; done

# The copy the attacker keeps, from before the revocation.
stop fbih
mkdir "$T/before"
cp "$T"/fbih/node.db* "$T/before/"

# The history everyone sees: Kupres revoked, checkpointed, sent up.
start fbih
kkey=$("$SPONA" --dir "$T/fbih" hub members | grep "Općina Kupres" | cut -d' ' -f1)
[ -n "$kkey" ] || fail "no key of Kupres"
run 0 --dir "$T/fbih" hub revoke "$kkey"
run 0 --dir "$T/fbih" hub checkpoint
for n in bihac fbih; do run 0 --dir "$T/$n" sync; done
stop fbih
mkdir "$T/real"
cp "$T"/fbih/node.db* "$T/real/"

# The other history, for Ključ: no revocation, Kupres's entry taken. The
# copy is kept away from the state hub, which would hand it back its own
# revocation.
rm -f "$T"/fbih/node.db*
cp "$T"/before/node.db* "$T/fbih/"
cp "$T/fbih/spona.conf" "$T/real/spona.conf"
awk '/^\[/ { skip = ($0 == "[upstream]") } !skip' "$T/real/spona.conf" \
    >"$T/fbih/spona.conf"
start fbih
join kljuc fbih node
add kupres "Poslije opoziva" network >/dev/null
run 0 --dir "$T/kupres" sync
run 0 --dir "$T/fbih" hub checkpoint
run 0 --dir "$T/kljuc" sync
run 0 --dir "$T/kljuc" list practice
has "$OUT" "Poslije opoziva" # the split view took hold
run 0 --dir "$T/kljuc" status --json
has "$OUT" '"forks": 0'
w=$(sqlite3 "$T/kljuc/node.db" "SELECT count(*) FROM entry e JOIN feed f ON f.feed = e.feed JOIN member m ON m.key = f.author WHERE e.tbl = 'witness' AND m.org = 'Općina Ključ'")
[ "$w" = 1 ] || fail "Ključ wrote $w witnesses"

# The hub goes back to the real history, which vouches for Ključ too.
stop fbih
rm -f "$T"/fbih/node.db*
cp "$T"/real/node.db* "$T/fbih/"
cp "$T/real/spona.conf" "$T/fbih/spona.conf"
start fbih
cp -a "$T/kljuc" "$T/kljuc-copy"
awk '/^\[/ { skip = ($0 == "[upstream]") } !skip' "$T/kljuc/spona.conf" \
    >"$T/kljuc-copy/spona.conf"
run 0 --dir "$T/fbih" hub invite --org "Općina Ključ" --role node
run 0 --dir "$T/kljuc-copy" join "$(cat "$OUT")"
rm -rf "$T/kljuc-copy"

# Ključ's feed, its witness in it, reaches the hub (once the hub's loss of
# what it had acknowledged is noticed), Bihać and the state hub.
run 0 --dir "$T/kljuc" sync
run 0 --dir "$T/kljuc" sync
run 0 --dir "$T/bihac" sync
# Ključ's feed goes up to the state hub (unless the hub's own serve sent
# it first); a refusal, if any, is the closed feed.
if ! "$SPONA" --dir "$T/fbih" sync >"$OUT" 2>"$ERR"; then
    has "$ERR" "closed this node's network feed as forked"
fi

fkey=$(sqlite3 "$T/state/node.db" "SELECT lower(hex(key)) FROM member WHERE org = 'Vlada Federacije BiH'")
[ -n "$fkey" ] || fail "no key of the hub"
forked() { # NODE SCOPE: forks held of the hub's feed at SCOPE
    sqlite3 "$T/$1/node.db" "SELECT count(*) FROM fork k JOIN feed f ON f.feed = k.feed WHERE lower(hex(f.author)) = '$fkey' AND f.scope = $2"
}
[ "$(forked bihac 2)" = 1 ] || fail "Bihać did not see the hub's network feed fork"
[ "$(forked state 2)" = 1 ] || fail "the state hub did not see the fork"
run 0 --dir "$T/bihac" status
grep -q "^forks *[1-9]" "$OUT" || fail "Bihać's status: $(cat "$OUT")"
# The hub itself holds the proof against its own key: its feed is closed.
run 0 --dir "$T/fbih" status
grep -q "^forks *[1-9]" "$OUT" || fail "the hub's status: $(cat "$OUT")"
has "$OUT" "FORKED"
for n in bihac state; do run 0 --dir "$T/$n" verify; done
# Bihać keeps its data and never took the revoked key's entry.
run 0 --dir "$T/bihac" list practice
has "$OUT" "Iz Bihaća"
lacks "$OUT" "Poslije opoziva"
stop fbih
stop state
echo ok
