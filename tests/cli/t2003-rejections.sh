#!/bin/sh
# Against a real hub over HTTPS: a replayed request, an oversize body, an
# entry signed by a key that is not a member, a tampered payload, a fork,
# and new entries of a revoked key are each refused with a reason stored
# at the hub, and nothing else is affected.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fed.sh"
: "${PROBE:?}"

hub fbih "Vlada Federacije BiH"
node bihac "Grad Bihać"
node zivinice "Grad Živinice"
node stranger "Grad Bihać"
start fbih
join bihac fbih node
join zivinice fbih node
add bihac "Prava praksa" network >/dev/null
add zivinice "Prije opoziva" network >/dev/null
run 0 --dir "$T/bihac" sync
run 0 --dir "$T/zivinice" sync

url=$(sed -n 's/^url = //p' "$T/bihac/spona.conf")
pin=$(sed -n 's/^pin = //p' "$T/bihac/spona.conf")
probe() {
    "$PROBE" "$url" "$pin" "$T/bihac/node.key" "Grad Bihać" "$@" >"$OUT" 2>"$ERR" ||
        fail "probe $1 failed"
}
hubdb=$T/fbih/node.db
reason() {
    sqlite3 "$hubdb" "SELECT reason FROM rejected ORDER BY r DESC LIMIT 1"
}
rows_before=$(sqlite3 "$hubdb" "SELECT count(*) FROM practice")

probe replay
has "$OUT" "first 200"
has "$OUT" "replayed 403"
has "$OUT" "replayed nonce"

probe oversize
has "$OUT" "oversize refused"
has "$OUT" "info 200"
# Declared too large: refused before a byte of it is read.
head -c $((9 * 1024 * 1024)) /dev/zero >"$T/big"
r=$(curl -s -k -m 20 -o "$OUT" -w '%{http_code} %{size_upload}' \
    -H "Expect: 100-continue" --data-binary "@$T/big" "$url/v1/push")
[ "$r" = "413 0" ] || fail "oversized push read before refused: $r"
has "$OUT" "over the limit"
# Streamed without a length: refused (401) at its unsigned headers before
# it is read, or, signed, the connection is closed once over the limit.
if r=$(curl -s -k -m 20 -o /dev/null -w '%{http_code} %{size_upload}' \
    -H "Transfer-Encoding: chunked" --data-binary "@$T/big" \
    "$url/v1/push"); then
    [ "${r% *}" = 401 ] || fail "an endless push was read to its end: $r"
fi
probe oversize
has "$OUT" "info 200"

probe forged "$T/stranger/node.key"
has "$OUT" '"refused":1'
[ "$(reason)" = "author is not a member" ] || fail "forged: $(reason)"

probe tampered
has "$OUT" '"rejected":1'
[ "$(reason)" = "payload does not match its hash" ] || fail "tampered: $(reason)"

probe fork
has "$OUT" 'first 200'
has "$OUT" '"forks":1'
[ "$(sqlite3 "$hubdb" "SELECT count(*) FROM fork")" = 1 ] || fail "no fork kept"

# Revocation: Živinice's key is revoked after its first entry.
zkey=$("$SPONA" --dir "$T/fbih" hub members | grep "Grad Živinice" | cut -d' ' -f1)
run 0 --dir "$T/fbih" hub revoke "$zkey"
has "$OUT" "revoked"
# One key in 64 starts with '-' (base64url): a key, not an option.
run 1 --dir "$T/fbih" hub revoke "-$(printf 'A%.0s' $(seq 42))"
has "$ERR" "not a member"
run 2 --dir "$T/fbih" hub members -json
has "$ERR" "unexpected argument '-json' (options start with --)"
add zivinice "Poslije opoziva" network >/dev/null
run 1 --dir "$T/zivinice" sync
has "$ERR" "revoked"
# A later entry of its network feed, at the seq of the refused one and
# chained to the last entry the hub took (its first practice, then its
# witness of the hub's checkpoint).
feed="(SELECT feed FROM entry WHERE tbl = 'practice' ORDER BY n LIMIT 1)"
q=$(sqlite3 "$T/zivinice/node.db" "SELECT max(seq) FROM entry WHERE feed = $feed")
prev=$(sqlite3 "$T/zivinice/node.db" "SELECT lower(hex(id)) FROM entry WHERE feed = $feed AND seq = $q - 1")
probe entry "$T/zivinice/node.key" 2 "$q" "$prev"
has "$OUT" '"refused":1'
[ "$(reason)" = "author key is revoked" ] || fail "revoked: $(reason)"

# Nothing else was affected.
rows_after=$(sqlite3 "$hubdb" "SELECT count(*) FROM practice")
[ "$rows_after" -eq $((rows_before + 1)) ] ||
    fail "hub practices went from $rows_before to $rows_after"
run 0 --dir "$T/fbih" list practice
has "$OUT" "Prava praksa"
has "$OUT" "Prije opoziva"
lacks "$OUT" "Poslije opoziva"
lacks "$OUT" "forged"
lacks "$OUT" "tampered"
add bihac "Poslije svega" network >/dev/null
run 0 --dir "$T/bihac" sync
run 0 --dir "$T/fbih" list practice
has "$OUT" "Poslije svega"
run 0 --dir "$T/fbih" verify
run 0 --dir "$T/fbih" status
has "$OUT" "forks       1"
# status names each refusal with its reason, newest first, and the fork.
has "$OUT" "rejected    3"
has "$OUT" "author is not a member"
has "$OUT" "payload does not match its hash"
has "$OUT" "author key is revoked"
run 0 --dir "$T/fbih" status --json
has "$OUT" '"reason": "author key is revoked"'
has "$OUT" '"other": "'
[ "$(grep -c '"reason": ' "$OUT")" = 3 ] ||
    fail "status --json does not list the 3 rejected entries"
stop fbih
echo ok
