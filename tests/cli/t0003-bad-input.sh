#!/bin/sh
# Bad input gets a clear message, exit 1, and writes nothing.
. "$(dirname "$0")/lib.sh"

run 0 --dir "$D" init --org "Grad Bihać"
run 0 --dir "$D" put practice title=Ok status=idea
id=$(cat "$OUT")
before=$(entries)

run 1 --dir "$D" put nosuch title=x
has "$ERR" "unknown table 'nosuch'"
run 1 --dir "$D" put practice title=x status=idea colour=red
has "$ERR" "unknown field 'colour'"
run 1 --dir "$D" put practice title=x status=finished
has "$ERR" "status"
has "$ERR" "finished"
run 1 --dir "$D" put practice title=x status=idea sectors="GOV.e_services|nope"
has "$ERR" "nope"
long=$(head -c 400 /dev/zero | tr '\0' a)
run 1 --dir "$D" put practice title="$long" status=idea
has "$ERR" "title"
run 1 --dir "$D" put practice summary=x
has "$ERR" "missing required fields 'title', 'status' of table 'practice'"
run 1 --dir "$D" put practice title=x status=idea start_year=1492
has "$ERR" "start_year"
run 1 --dir "$D" put practice title=x status=idea contact_email=not-an-address
has "$ERR" "contact_email"
run 1 --dir "$D" put practice title=x status=idea scope=everywhere
has "$ERR" "scope"
run 1 --dir "$D" put practice --id not-a-uuid title=x
has "$ERR" "not-a-uuid"
run 1 --dir "$D" get practice 12345
run 1 --dir "$D" put practice --id 0190f0f0-0000-7000-8000-000000000000 title=x
has "$ERR" "no practice"
run 2 --dir "$D" put practice title
has "$ERR" "FIELD=VALUE"
run 2 --dir "$D" put practice title=a title=b
has "$ERR" "twice"
[ "$(entries)" = "$before" ] || fail "bad input wrote an entry"
run 0 --dir "$D" get practice "$id"
has "$OUT" "Ok"
echo ok
