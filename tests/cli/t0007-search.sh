#!/bin/sh
# search finds rows whatever the script and spelling, shows the matching
# passage as written, prints JSON for scripts, and refuses bad queries.
. "$(dirname "$0")/lib.sh"

run 0 --dir "$D" init --org "Opština Lopare"
run 0 --dir "$D" practice add --title "Е-Матичар: изводи за дијаспору" \
    --status ongoing
cyr=$(cat "$OUT")
run 0 --dir "$D" practice add --title "e-Matičar u Brčkom" --status pilot
lat=$(cat "$OUT")
run 0 --dir "$D" organisation add --name "Udruženje Bosanaca u Beču" \
    --org_type cultural_club --city Wien
org=$(cat "$OUT")

# A Latin query without diacritics finds both scripts.
run 0 --dir "$D" search maticar
has "$OUT" "$cyr"
has "$OUT" "$lat"
has "$OUT" "[Матичар]"
lacks "$OUT" "$org"

run 0 --dir "$D" search "брчко"
has "$OUT" "$lat"
lacks "$OUT" "$cyr"

# Synonyms and city aliases; table filter; JSON fields.
run 0 --dir "$D" search udruga --json
json_ok "$OUT"
has "$OUT" "\"id\": \"$org\""
has "$OUT" '"table": "organisation"'
has "$OUT" '"title": "Udruženje Bosanaca u Beču"'
has "$OUT" '"score": '
run 0 --dir "$D" search vienna --table organisation
has "$OUT" "$org"
run 0 --dir "$D" search vienna --table practice
has "$OUT" "no matches"

run 0 --dir "$D" search maticar --limit 1 --json
[ "$(grep -c '"id"' "$OUT")" = 1 ] || fail "--limit 1 gave more hits"

run 1 --dir "$D" search '?!'
has "$ERR" "no words"
run 1 --dir "$D" search x --table consent
has "$ERR" "not searchable"
run 2 --dir "$D" search
run 2 --dir "$D" search x --limit 0
run 0 search --help
has "$OUT" "usage: spona"
