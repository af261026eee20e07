#!/bin/sh
# The test vectors of docs/PROTOCOL.md are what libsync computes, and they
# check out with independent implementations: OpenSSL for Ed25519, b2sum
# for BLAKE2b-256 (ids, payload hashes, the checkpoint Merkle root),
# basenc for base64url.
. "$(dirname "$0")/lib.sh"
: "${VECTOR:?} ${SRC:?}"

"$VECTOR" >"$T/vector"
while read -r name value; do
    grep -qF "$name $value" "$SRC/docs/PROTOCOL.md" ||
        fail "docs/PROTOCOL.md does not give $name $value"
done <"$T/vector"

get() { sed -n "s/^$1 //p" "$T/vector"; }
bin() { sqlite3 :memory: "SELECT writefile('$2', X'$1')" >/dev/null; }
hex() { od -An -v -tx1 | tr -d ' \n'; }

# Ed25519 (RFC 8032) by OpenSSL: the public key of the seed, then the
# signature over the signing input.
bin "302e020100300506032b657004220420$(get seed)" "$T/sk.der"
pk=$(openssl pkey -inform DER -in "$T/sk.der" -pubout -outform DER | tail -c 32 | hex)
[ "$pk" = "$(get public_key)" ] || fail "OpenSSL derives public key $pk"
bin "302a300506032b6570032100$(get public_key)" "$T/pk.der"
bin "$(get signing_input)" "$T/input"
bin "$(get signature)" "$T/sig"
openssl pkeyutl -verify -pubin -inkey "$T/pk.der" -keyform DER -rawin \
    -in "$T/input" -sigfile "$T/sig" >"$OUT" 2>"$ERR" ||
    fail "OpenSSL does not verify the signature"
# The signing input is the domain label, a zero byte, then the header.
[ "$(get signing_input)" = "$(printf 'spona-entry-v1' | hex)00$(get header)" ] ||
    fail "signing input is not domain || 0x00 || header"
# One changed byte and OpenSSL refuses it.
bin "$(get signing_input | sed 's/^7/6/')" "$T/bad"
if openssl pkeyutl -verify -pubin -inkey "$T/pk.der" -keyform DER -rawin \
    -in "$T/bad" -sigfile "$T/sig" >/dev/null 2>&1; then
    fail "OpenSSL verified a changed input"
fi

# Key rotation (§14): both keys sign the domain, a zero byte, old key ||
# new key; OpenSSL checks each signature with its key, and the old key's
# signature is not the new key's.
bin "$(printf 'spona-rotate-v1' | hex)00$(get rotate_prev)$(get rotate_key)" \
    "$T/rot"
for who in prev key; do
    bin "302a300506032b6570032100$(get rotate_$who)" "$T/rk.der"
    bin "$(get rotate_${who}_sig)" "$T/rsig"
    openssl pkeyutl -verify -pubin -inkey "$T/rk.der" -keyform DER -rawin \
        -in "$T/rot" -sigfile "$T/rsig" >/dev/null 2>&1 ||
        fail "OpenSSL does not verify rotate_${who}_sig"
done
bin "$(get rotate_key_sig)" "$T/rsig"
bin "302a300506032b6570032100$(get rotate_prev)" "$T/rk.der"
if openssl pkeyutl -verify -pubin -inkey "$T/rk.der" -keyform DER -rawin \
    -in "$T/rot" -sigfile "$T/rsig" >/dev/null 2>&1; then
    fail "the new key's signature verified as the old key's"
fi

# BLAKE2b-256 by b2sum: payload hash, and id over header || signature.
bin "$(get payload)" "$T/payload"
[ "$(b2sum -l 256 "$T/payload" | cut -d' ' -f1)" = "$(get payload_hash)" ] ||
    fail "payload hash differs from b2sum"
bin "$(get header)$(get signature)" "$T/hs"
[ "$(b2sum -l 256 "$T/hs" | cut -d' ' -f1)" = "$(get id)" ] ||
    fail "id differs from b2sum"
bin "$(get id)" "$T/id"
[ "$(basenc --base64url "$T/id" | tr -d '=')" = "$(get id_base64)" ] ||
    fail "base64url of the id differs from basenc"

# The checkpoint's Merkle root (§13) by b2sum: leaf hashes over 0x00 ||
# leaf, nodes over 0x01 || left || right; three leaves split 2 + 1.
b2() { bin "$1" "$T/b2"; b2sum -l 256 "$T/b2" | cut -d' ' -f1; }
l1=$(b2 "00$(get leaf_1)")
l2=$(b2 "00$(get leaf_2)")
l3=$(b2 "00$(get leaf_3)")
[ "$(b2 "01$(b2 "01$l1$l2")$l3")" = "$(get checkpoint_root)" ] ||
    fail "the checkpoint root differs from b2sum's"
[ "$(printf '' | b2sum -l 256 | cut -d' ' -f1)" = "$(get empty_root)" ] ||
    fail "the empty root is not BLAKE2b-256 of nothing"
# The witness row id: the first 16 bytes of BLAKE2b-256("spona-witness"
# || author), UUID version 8 and RFC 9562 variant set, as text.
bin "$(printf '01%.0s' $(seq 32))" "$T/wa"
{ printf 'spona-witness'; cat "$T/wa"; } >"$T/wr"
w=$(b2sum -l 256 "$T/wr" | cut -c1-32)
b6=$(printf '%02x' $(( (0x$(echo "$w" | cut -c13-14) & 0x0f) | 0x80 )))
b8=$(printf '%02x' $(( (0x$(echo "$w" | cut -c17-18) & 0x3f) | 0x80 )))
w=$(echo "$w" | cut -c1-12)$b6$(echo "$w" | cut -c15-16)$b8$(echo "$w" | cut -c19-32)
uuid=$(echo "$w" | sed 's/^\(.\{8\}\)\(.\{4\}\)\(.\{4\}\)\(.\{4\}\)/\1-\2-\3-\4-/')
[ "$uuid" = "$(get witness_row)" ] ||
    fail "the witness row id differs from b2sum's: $uuid"
# A leaf is author || scope || seq (8, big-endian) || id.
[ "$(get leaf_1)" = "$(printf '01%.0s' $(seq 32))010000000000000005$(printf 'aa%.0s' $(seq 32))" ] ||
    fail "leaf_1 is not author || scope || seq || id"
# The payload of a resolution (§5, a base naming several versions) is the
# one test_msg encodes back to the same bytes.
grep -qF "$(cat "$SRC/tests/data/msg/valid/base_list.json")" \
    "$SRC/docs/PROTOCOL.md" ||
    fail "docs/PROTOCOL.md does not give the payload of base_list.json"
# The offline bundle (§15) by b2sum and OpenSSL: the trailing hash over
# every byte before it, the seal over "spona-bundle-v1" || 0x00 || the
# hash of the bytes before the seal record (5 + 64 bytes before the
# trailer), by §8's key; and it carries §8's entry as signed.
doc() { sed -n "s/^$1 //p" "$SRC/docs/PROTOCOL.md"; }
bin "$(doc bundle)" "$T/bundle"
size=$(stat -c %s "$T/bundle")
[ "$(head -c 9 "$T/bundle" | hex)" = "$(printf SPONABDL | hex)01" ] ||
    fail "the bundle does not start with magic and version 1"
head -c $((size - 32)) "$T/bundle" >"$T/b-body"
[ "$(b2sum -l 256 "$T/b-body" | cut -d' ' -f1)" = "$(tail -c 32 "$T/bundle" | hex)" ] ||
    fail "the bundle's trailing hash differs from b2sum"
head -c $((size - 32 - 69)) "$T/bundle" >"$T/b-sealed"
[ "$(b2sum -l 256 "$T/b-sealed" | cut -d' ' -f1)" = "$(doc bundle_seal_hash)" ] ||
    fail "bundle_seal_hash differs from b2sum"
[ "$(tail -c $((32 + 69)) "$T/bundle" | head -c 69 | hex)" = "0500000040$(doc bundle_seal)" ] ||
    fail "the seal record is not the last before the hash"
bin "$(printf 'spona-bundle-v1' | hex)00$(doc bundle_seal_hash)" "$T/seal-input"
bin "$(doc bundle_seal)" "$T/seal"
openssl pkeyutl -verify -pubin -inkey "$T/pk.der" -keyform DER -rawin \
    -in "$T/seal-input" -sigfile "$T/seal" >"$OUT" 2>"$ERR" ||
    fail "OpenSSL does not verify the bundle's seal"
doc bundle | grep -qF "$(get header)$(get signature)01$(get payload)" ||
    fail "the bundle does not carry the entry of §8 as signed"
echo ok
