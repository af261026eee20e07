#!/bin/sh
# import reads spreadsheet CSV (BOM, semicolons, quotes, Cyrillic) all or
# nothing with line numbers; export writes it back the same; vCard and the
# public export let out only what the privacy rules allow.
. "$(dirname "$0")/lib.sh"

run 0 --dir "$D" init --org "Opština Lopare"
CSV=$T/practice.csv
printf '\357\273\277title;status;sectors;start_year;summary;vjeroispovijest;scope;review_status\r\n' >"$CSV"
printf '"Е-Матичар; изводи";ongoing;GOV.e_services|DIA.services;2021;"Два\r\nреда ""у"" ћелији";x;network;submitted\r\n' >>"$CSV"
printf 'Dani dijaspore;completed;DIA.identity_culture;2019;;y;public;published\r\n' >>"$CSV"
run 0 --dir "$D" import --table practice "$CSV"
has "$OUT" "2 of 2 rows imported"
has "$ERR" "vjeroispovijest"
run 0 --dir "$D" search матичар
has "$OUT" "Е-Матичар; изводи"

# Export, import into a fresh node, export again: the same bytes.
run 0 --dir "$D" export --table practice --separator ";" --output "$T/out.csv"
head -c 3 "$T/out.csv" | od -An -tx1 | grep -q "ef bb bf" || fail "no BOM"
grep -q "$(printf '\r')$" "$T/out.csv" || fail "no CRLF line ends"
has "$T/out.csv" '"Е-Матичар; изводи"'
has "$T/out.csv" '""у""'
run 0 --dir "$T/other" init --org "Opština Lopare"
run 0 --dir "$T/other" import --table practice "$T/out.csv"
"$SPONA" --dir "$T/other" export --table practice --separator ";" >"$T/again.csv"
cmp "$T/out.csv" "$T/again.csv" || fail "export, import, export changed rows"
# Importing the same file again changes nothing.
n=$(entries)
run 0 --dir "$D" import --table practice "$T/out.csv"
[ "$(entries)" = "$n" ] || fail "re-import wrote entries"

# All or nothing, with line numbers; --skip-bad keeps the good rows.
printf 'title,status,start_year\nGood one,idea,2020\nBad year,idea,20x0\nBad status,maybe,2020\n' >"$T/bad.csv"
n=$(entries)
run 1 --dir "$D" import --table practice "$T/bad.csv"
has "$ERR" "line 3, column 'start_year': '20x0' is not a number"
has "$ERR" "line 4, column 'status': 'maybe' is not allowed; allowed: idea (Ideja)"
has "$OUT" "nothing imported"
[ "$(entries)" = "$n" ] || fail "a failed import wrote entries"
run 0 --dir "$D" import --table practice "$T/bad.csv" --skip-bad --json
json_ok "$OUT"
has "$OUT" '"imported": 1'
has "$OUT" '"refused": 2'
has "$OUT" '"line": 3'
printf 'title,colour\nX,red\n' >"$T/unknown.csv"
run 1 --dir "$D" import --table practice "$T/unknown.csv"
has "$ERR" "unknown column 'colour'"
# A column named twice is refused, even with --skip-bad: which would win?
printf 'title,status,title\nA,idea,B\n' >"$T/twice.csv"
n=$(entries)
for skip in "" --skip-bad; do
    run 1 --dir "$D" import --table practice "$T/twice.csv" $skip
    has "$ERR" "column 'title' appears twice (columns 1 and 3)"
    [ "$(entries)" = "$n" ] || fail "a header with a column twice wrote entries"
done
printf 'title;status\n"open;idea\n' >"$T/broken.csv"
run 1 --dir "$D" import --table practice "$T/broken.csv"
has "$ERR" "line 2"
run 1 --dir "$D" import --table practice "$T/nonexistent.csv"
has "$ERR" "cannot open"

# Persons: citizen numbers refused, special categories dropped.
printf 'given_name,family_name,country,city,email,phone,JMBG,notes\n' >"$T/person.csv"
printf 'Amra,Hodžić,DE,Minhen,amra@example.org,+49 30 1234567,0101980123456,\n' >>"$T/person.csv"
printf 'Emir,Kovač,AT,Beč,emir@example.org,+43 1 7654321,,JMBG 0101980123456\n' >>"$T/person.csv"
run 1 --dir "$D" import --table person "$T/person.csv"
has "$ERR" "column 'JMBG'"
has "$ERR" "line 3, column 'notes': a 13-digit number"
run 0 --dir "$D" import --table person "$T/person.csv" --skip-bad
has "$OUT" "1 of 2 rows imported"
"$SPONA" --dir "$D" --json list person >"$T/persons.json"
lacks "$T/persons.json" "0101980123456"
amra=$(sed -n 's/^ *"id": "\(.*\)",*$/\1/p' "$T/persons.json" | head -1)

# vCard: channels only with consent for them.
run 0 --dir "$D" export --table person --format vcard
has "$OUT" "BEGIN:VCARD"
has "$OUT" "VERSION:4.0"
has "$OUT" "FN:Amra Hodžić"
lacks "$OUT" "amra@example.org"
lacks "$OUT" "1234567"
run 0 --dir "$D" consent add --person_id "$amra" --purpose share_hub \
    --granted_at 2026-01-05 --evidence "obrazac 3" --notice_version v1 \
    --channels email
run 0 --dir "$D" export --table person --format vcard
has "$OUT" "EMAIL:amra@example.org"
lacks "$OUT" "1234567"
run 2 --dir "$D" export --table practice --format vcard

# The public export: public, non-draft practices, nothing of a person.
run 0 --dir "$D" practice add --title "Nacrt javni" --status idea \
    --review_status draft
run 0 --dir "$D" export --table practice --public --format json
json_ok "$OUT"
has "$OUT" "Dani dijaspore"
lacks "$OUT" "Е-Матичар"
lacks "$OUT" "Nacrt javni"
lacks "$OUT" "Amra"
run 2 --dir "$D" export --table person --public

# Exports of personal data are in the audit log.
run 0 --dir "$D" audit
has "$OUT" "export person"
run 0 --dir "$D" audit --verify
# The log refuses changes through SQL, and a forced change breaks the chain.
if sqlite3 "$D/node.db" "UPDATE audit SET actor = 'nobody'" 2>/dev/null; then
    fail "the audit log took an UPDATE"
fi
sqlite3 "$D/node.db" "DROP TRIGGER audit_no_update;
    UPDATE audit SET actor = 'nobody' WHERE n = 1"
run 1 --dir "$D" audit --verify
has "$ERR" "broken at record 1"
