#!/bin/sh
# A dishonest hub (docs/ARCHITECTURE.md, threat model) alters a relayed
# payload in its database: Lopare keeps the authentic header as withheld
# (the altered bytes only as a rejection), asks again, and converges once
# the hub serves the real payload. And the hub's hub-scope feeds are
# served to no one outside them: a key that is not a member, and a member
# the hub revoked, are refused a pull.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fed.sh"
: "${PROBE:?}"

hub rs "Vlada Republike Srpske"
node ugljevik "Opština Ugljevik"
node lopare "Opština Lopare"
node stranger "Opština Lopare"
start rs
join ugljevik rs node
join lopare rs node
id=$(add ugljevik "Sirana" hub)
run 0 --dir "$T/ugljevik" sync

# The attacker changes one byte of the relayed payload ("Sirana" -> "Sirano").
stop rs
hubdb=$T/rs/node.db
n=$(sqlite3 "$hubdb" "SELECT n FROM entry WHERE row_id = '$id'")
body=$(sqlite3 "$hubdb" "SELECT hex(body) FROM payload WHERE n = $n")
bad=$(printf %s "$body" | sed 's/536972616E61/536972616E6F/')
[ "$bad" != "$body" ] || fail "the title is not in the payload"
sqlite3 "$hubdb" "UPDATE payload SET body = X'$bad' WHERE n = $n"
start rs
run 0 --dir "$T/lopare" sync
has "$ERR" "withheld"
run 1 --dir "$T/lopare" get practice "$id"
run 0 --dir "$T/lopare" status
has "$OUT" "withheld    1"
has "$OUT" "payload does not match its hash"
run 0 --dir "$T/lopare" search sirano
lacks "$OUT" "$id"

# The honest payload again: applied, no manual step.
stop rs
sqlite3 "$hubdb" "UPDATE payload SET body = X'$body' WHERE n = $n"
start rs
run 0 --dir "$T/lopare" sync
run 0 --dir "$T/lopare" get practice "$id"
has "$OUT" "Sirana"
run 0 --dir "$T/lopare" verify --rows

# Pulls only for members: a stranger's signed request, and a revoked one.
url=$(sed -n 's/^url = //p' "$T/lopare/spona.conf")
pin=$(sed -n 's/^pin = //p' "$T/lopare/spona.conf")
printf '{"have":[]}' >"$T/pull.json"
"$PROBE" "$url" "$pin" "$T/stranger/node.key" "Opština Lopare" post \
    /v1/pull "$T/pull.json" >"$OUT" 2>"$ERR" || fail "probe: $(cat "$ERR")"
has "$OUT" "post 403"
lacks "$OUT" "Sirana"
lkey=$("$SPONA" --dir "$T/rs" hub members | grep "Opština Lopare" | cut -d' ' -f1)
run 0 --dir "$T/rs" hub revoke "$lkey"
"$PROBE" "$url" "$pin" "$T/lopare/node.key" "Opština Lopare" post \
    /v1/pull "$T/pull.json" >"$OUT" 2>"$ERR" || fail "probe: $(cat "$ERR")"
has "$OUT" "post 403"
lacks "$OUT" "entries"
stop rs
echo ok
