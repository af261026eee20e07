#!/bin/sh
# A member over its request rate is answered 429 with Retry-After (issue
# 19, docs/PROTOCOL.md §9): a hub set to [hub] member_rate = 1 and
# member_burst = 2 answers two signed pulls at once and refuses the third,
# then answers again a second later. Requests are signed here with OpenSSL
# (Ed25519 of the member's seed), b2sum and basenc, as in t0006. A
# 'spona sync' that meets the limit waits the second out and succeeds.
# Forged requests (a member's public key, a made-up signature) do not
# spend its budget. Loopback only.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fed.sh"
command -v openssl >/dev/null || { echo "skip: no openssl"; exit 77; }
command -v curl >/dev/null || { echo "skip: no curl"; exit 77; }

hub fbih "Vlada Federacije BiH"
node bihac "Grad Bihać"
printf 'member_rate = 1\nmember_burst = 2\n' >>"$T/fbih/spona.conf"
start fbih
join bihac fbih node
url=$(sed -n 's/^url = //p' "$T/bihac/spona.conf")

# The member's key as OpenSSL reads it, and its public key in base64url.
seed=$(cut -d' ' -f2 "$T/bihac/node.key" | tr -- '-_' '+/')
pad=$(( (4 - ${#seed} % 4) % 4 ))
[ $pad -eq 0 ] || seed="$seed$(printf '%*s' $pad '' | tr ' ' '=')"
{ printf '302e020100300506032b657004220420' | xxd -r -p
  echo "$seed" | base64 -d; } >"$T/sk.der"
openssl pkey -inform DER -in "$T/sk.der" -pubout -outform DER |
    tail -c 32 >"$T/pk"
b64u() { basenc --base64url -w0 "$1" | tr -d '='; }
pk=$(b64u "$T/pk")

# sign N: signs a pull ahead of sending it (OpenSSL and b2sum take a
# while on a loaded machine: signed first, the pulls meant to come "at
# once" then go out back to back); its headers go to $T/req.N.
sign() {
    body='{"have":[]}'
    printf '%s' "$body" >"$T/body"
    time=$(($(date +%s%N) / 1000000))
    head -c 16 /dev/urandom >"$T/nonce"
    nonce=$(b64u "$T/nonce")
    hash=$(b2sum -l 256 "$T/body" | cut -d' ' -f1)
    { printf 'spona-request-v1\000'
      printf 'POST\n/v1/pull\n%s\n%s\n%s' "$time" "$nonce" "$hash"; } >"$T/msg"
    openssl pkeyutl -sign -inkey "$T/sk.der" -keyform DER -rawin \
        -in "$T/msg" -out "$T/sig"
    echo "$time $nonce $(b64u "$T/sig")" >"$T/req.$1"
}

# send N [SIG]: sends the pull signed by 'sign N' (or with SIG as its
# signature); prints the status, the response's headers in $T/hdr.
send() {
    read -r time nonce sig <"$T/req.$1"
    sig=${2:-$sig}
    curl -s -k -m 10 -D "$T/hdr" -o "$OUT" -w '%{http_code}' \
        -H "Spona-Key: $pk" -H "Spona-Time: $time" \
        -H "Spona-Nonce: $nonce" -H "Spona-Signature: $sig" \
        -H "Content-Type: application/json" --data-binary "@$T/body" \
        "$url/v1/pull"
}

# pull [SIG]: a signed pull (or one with SIG as its signature); prints the
# status, the response's headers in $T/hdr.
pull() {
    sign 0
    send 0 "$@"
}

sleep 2.1 # the join's own requests are spent
# Forged: refused (401) and spending nothing.
forged=$(printf 'A%.0s' $(seq 86)) # 64 zero bytes
for i in 1 2 3 4 5; do
    [ "$(pull "$forged")" = 401 ] ||
        fail "a forged pull was not refused with 401"
done
sign 1
sign 2
sign 3
[ "$(send 1)" = 200 ] || fail "first pull: $(cat "$OUT")"
[ "$(send 2)" = 200 ] || fail "second pull: $(cat "$OUT")"
got=$(send 3)
[ "$got" = 429 ] || fail "third pull at once answered $got, not 429"
grep -qi '^Retry-After: 1' "$T/hdr" || fail "no Retry-After: $(cat "$T/hdr")"
has "$OUT" '"retry_after":1'
has "$OUT" "too many requests"
sleep 1.1
[ "$(pull)" = 200 ] || fail "a pull after the wait: $(cat "$OUT")"

# The member program waits a 429 out: a burst of rounds all succeed.
add bihac "Brzo" network >/dev/null
for i in 1 2 3; do run 0 --dir "$T/bihac" sync; done
grep -q "429 member over its rate" "$T/fbih.log" ||
    fail "the hub logged no 429: $(cat "$T/fbih.log")"
run 0 --dir "$T/fbih" list practice
has "$OUT" "Brzo"
stop fbih
echo ok
