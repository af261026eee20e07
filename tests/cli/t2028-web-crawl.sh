#!/bin/sh
# Every page a logged-in admin can reach by following links from the start
# page, on a node and on its hub, in Bosnian, English and Serbian
# (crawl.py): no server error, no broken internal link, no raw field name
# or enumeration code of the schema in the visible text, and no English
# word on a Bosnian or Serbian page. The data fills every table the pages
# show, every field with a code (name_script, org_type, coop_status, kind,
# count, source, ...), and a conflict ('ongoing' against 'pilot').
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fed.sh"
command -v python3 >/dev/null || fail "python3 is needed"
# The crawler finds each kind of problem on a site made to have them.
python3 "$SRC/tests/cli/crawl.py" "$SRC/schema" --self-test >"$OUT" 2>"$ERR" ||
    fail "the crawler's self-test"

hub fbih "Vlada Federacije BiH"
node office "Grad Bihać"
node laptop "Grad Bihać"
start fbih
join office fbih node
join laptop fbih node

d=$T/office
run 0 --dir "$d" put practice title="Jednošalterski centar za dijasporu" \
    status=idea summary="Dokumenti na jednom mjestu." cost_amount=1500 \
    cost_currency=BAM start_year=2024 evidence=self_reported \
    transferability=high sectors="ECO|ECO.tourism" diaspora_role=none \
    lang=bs script=latin review_status=submitted scope=hub
id=$(cat "$OUT")
run 0 --dir "$d" put practice_indicator practice_id="$id" name="Zahtjevi" \
    unit="broj" baseline=10 target=100 achieved=40 scope=hub
run 0 --dir "$d" put person given_name=Amra family_name=Hodžić \
    name_script=latin country=AT city=Graz languages="bs|de" \
    interests=investment preferred_lang=bs preferred_script=latin \
    source=office_visit email=amra@example.org
person=$(cat "$OUT")
run 0 --dir "$d" put consent person_id="$person" purpose=share_hub \
    granted_at=2026-01-15 method=web_form evidence="Obrazac 12/2026" \
    notice_version=v1 channels=email
run 0 --dir "$d" put person --id "$person" scope=hub
run 0 --dir "$d" put organisation name="Udruženje Bosanaca u Beču" \
    org_type=cultural_club country=AT city=Wien coop_status=contacted \
    scope=hub
run 0 --dir "$d" put service name="Matični ured za dijasporu" \
    category=focal_point channels=in_person lang=bs scope=hub
run 0 --dir "$d" put event name="Dani dijaspore" kind=diaspora_days \
    start_date=2026-08-01 place=Bihać participants=200 scope=hub
run 0 --dir "$d" put need category=documents count=12 source=survey \
    year=2026 scope=hub
run 0 --dir "$T/office" sync
run 0 --dir "$T/laptop" sync
# A conflict: each device sets another status offline.
run 0 --dir "$T/office" put practice --id "$id" status=ongoing
run 0 --dir "$T/laptop" put practice --id "$id" status=pilot
for n in office laptop office; do run 0 --dir "$T/$n" sync; done
run 0 --dir "$T/office" conflicts
has "$OUT" '"ongoing"'

for n in office fbih; do
    printf '[ui]\nlogin = true\n' >>"$T/$n/spona.conf"
    printf 'dugacka-lozinka-1\n' | "$SPONA" --dir "$T/$n" user add amra \
        --role admin >"$OUT" 2>"$ERR" || fail "user add"
done
stop fbih
start fbih
start office

for n in office fbih; do
    url="http://127.0.0.1:$(cat "$T/$n.ui")"
    python3 "$SRC/tests/cli/crawl.py" "$SRC/schema" "$url" amra \
        dugacka-lozinka-1 >"$OUT" 2>"$ERR" || fail "the crawl of $n"
    cat "$OUT" >&2
done
stop office
stop fbih
