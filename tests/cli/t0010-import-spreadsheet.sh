#!/bin/sh
# Spreadsheets as officials write them: Windows-1250 with Bosnian headers
# and labels, DD.MM.YYYY dates and 1.500,00 numbers; a Cyrillic
# Windows-1251 file; several errors on two lines, all reported at once and
# nothing imported; the node's municipality as the default owner
# municipality; export (labels, owner, xlsx) -> edit -> import on a node
# that holds other municipalities' rows.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fed.sh"

hub fbih "Vlada Federacije BiH"
node kljuc "Općina Ključ"
has "$OUT" "municipality: kljuc"
grep -q "^municipality = kljuc" "$T/kljuc/spona.conf" || fail "no municipality"
node bihac "Grad Bihać"
D=$T/kljuc
K="--dir $D"

# Windows-1250, Bosnian headers (one without diacritics, one in capitals)
# and labels, a year written "2021.", a cost "1.500,00", items by comma.
printf 'Naziv;Status;Sektori;Godina pocetka;TROŠAK;Valuta;Pismo;Jezik;Dijeljenje\r\n' >"$T/p.utf8"
printf 'Dani dijaspore u Ključu;U toku;Investicije, Povratak;2021.;1.500,00;KM;latinica;bosanski;Cijela mreža\r\n' >>"$T/p.utf8"
printf 'Šalter za dijasporu;Završeno;Usluge za dijasporu;2019;;;Latn;hrvatski;Čvorište\r\n' >>"$T/p.utf8"
iconv -f UTF-8 -t WINDOWS-1250 "$T/p.utf8" >"$T/p.csv"
# not UTF-8 any more: the bytes of "Š" and "ž" are single
if iconv -f UTF-8 -t UTF-8 "$T/p.csv" >/dev/null 2>&1; then fail "still UTF-8"; fi
run 0 $K import --table practice "$T/p.csv"
has "$OUT" "2 of 2 rows imported into practice"
"$SPONA" $K --json list practice >"$T/list.json"
has "$T/list.json" '"title": "Dani dijaspore u Ključu"'
has "$T/list.json" '"title": "Šalter za dijasporu"'
has "$T/list.json" '"status": "ongoing"'
has "$T/list.json" '"status": "completed"'
has "$T/list.json" '"ECO.investment"'
has "$T/list.json" '"DIA.return"'
has "$T/list.json" '"start_year": 2021'
has "$T/list.json" '"cost_amount": 1500'
has "$T/list.json" '"cost_currency": "BAM"'
has "$T/list.json" '"script": "latin"'
has "$T/list.json" '"lang": "hr"'
has "$T/list.json" '"scope": "network"'
# the column was absent: the node's own municipality
[ "$(grep -c '"owner_lsg": "kljuc"' "$T/list.json")" = 2 ] ||
    fail "owner municipality not defaulted"

# Dates as DD.MM.YYYY and D.M.YYYY., counts as 1.500, in Windows-1250.
printf 'Naziv,Vrsta,Početak,Kraj,Mjesto,Broj učesnika\r\n' >"$T/e.utf8"
printf 'Dani dijaspore 2024,Dani dijaspore,05.03.2024,7.3.2024.,Ključ,1.500\r\n' >>"$T/e.utf8"
printf 'Poslovni forum,Poslovni forum,2024-08-01,,Sanski Most,120\r\n' >>"$T/e.utf8"
iconv -f UTF-8 -t WINDOWS-1250 "$T/e.utf8" >"$T/e.csv"
run 0 $K import --table event "$T/e.csv" --json
json_ok "$OUT"
has "$OUT" '"encoding": "Windows-1250"'
has "$OUT" '"imported": 2'
"$SPONA" $K --json list event >"$T/events.json"
has "$T/events.json" '"start_date": "2024-03-05"'
has "$T/events.json" '"end_date": "2024-03-07"'
has "$T/events.json" '"kind": "diaspora_days"'
has "$T/events.json" '"participants": 1500'

# Serbian Cyrillic in Windows-1251: headers, values and a municipality.
printf 'Назив;Статус;Писмо;Општина власник;Држава\r\nЕ-Матичар за дијаспору;У току;ћирилица;Лопаре;Србија\r\n' |
    iconv -f UTF-8 -t WINDOWS-1251 >"$T/c.csv"
# 'Држава' is not a field of practice: the header is refused, whole
run 1 $K import --table practice "$T/c.csv"
has "$ERR" "column 'Држава': unknown column 'Држава' of table 'practice'"
printf 'Назив;Статус;Писмо;Општина власник\r\nЕ-Матичар за дијаспору;У току;ћирилица;Лопаре\r\n' |
    iconv -f UTF-8 -t WINDOWS-1251 >"$T/c.csv"
run 0 $K import --table practice "$T/c.csv"
has "$OUT" "1 of 1 rows imported"
"$SPONA" $K --json list practice >"$T/list.json"
has "$T/list.json" '"title": "Е-Матичар за дијаспору"'
has "$T/list.json" '"owner_lsg": "lopare"'
has "$T/list.json" '"script": "cyrillic"'

# Several errors on two lines: every one reported at once, with what is
# allowed, and nothing imported.
printf 'Naziv;Status;Godina početka;Trošak;Pismo;Općina vlasnik\n' >"$T/bad.csv"
printf 'Dobra;idea;2020;100;Latn;Ključ\n' >>"$T/bad.csv"
printf 'Loša;možda;20x0;1.500,50;Latn;Ključ\n' >>"$T/bad.csv"
printf ';pilot;2021;5;grčko;Atlantida\n' >>"$T/bad.csv"
n=$(sqlite3 "$D/node.db" 'SELECT count(*) FROM entry')
run 1 $K import --table practice "$T/bad.csv"
has "$ERR" "line 3, column 'Status': 'možda' is not allowed; allowed: idea (Ideja), pilot (Pilot)"
has "$ERR" "line 3, column 'Godina početka': '20x0' is not a number (write 1500, 1.500 or 1.500,00)"
has "$ERR" "line 3, column 'Trošak': '1.500,50' is not a whole number"
has "$ERR" "line 4, column 'Pismo': 'grčko' is not allowed; allowed: latin (latinica), cyrillic (ćirilica)"
has "$ERR" "line 4, column 'Općina vlasnik': 'Atlantida' is not allowed; write a municipality's name"
has "$ERR" "line 4: missing required field 'title' of table 'practice'"
has "$OUT" "0 of 3 rows imported into practice (nothing imported"
[ "$(sqlite3 "$D/node.db" 'SELECT count(*) FROM entry')" = "$n" ] ||
    fail "a file with errors wrote entries"
run 1 $K import --table practice "$T/bad.csv" --json
json_ok "$OUT"
[ "$(sqlite3 :memory: "SELECT json_array_length(readfile('$OUT'), '\$.problems')")" = 6 ] ||
    fail "not every problem in the JSON list"
has "$OUT" '"column": "Trošak"'

# The municipality is changeable: the config names another.
sed -i 's/^municipality = kljuc/municipality = Sanski Most/' "$D/spona.conf"
run 0 $K practice add --title "Nova" --status idea
id=$(cat "$OUT")
run 0 $K get practice "$id" --json
has "$OUT" '"owner_lsg": "sanski-most"'
sed -i 's/^municipality = .*/municipality = Atlantida/' "$D/spona.conf"
run 1 $K status
has "$ERR" "[node] municipality"
sed -i 's/^municipality = .*/municipality = kljuc/' "$D/spona.conf"

# A synced node holds Bihać's rows too.
start fbih
join kljuc fbih node
join bihac fbih node
add bihac "Bihaćka praksa" network >/dev/null
run 0 $K sync
run 0 --dir "$T/bihac" sync
run 0 $K sync
titles kljuc | grep -q "Bihaćka praksa" || fail "kljuc does not hold Bihać's row"
rows=$(titles kljuc | wc -l)

# Export with labels: owner and owner municipality, Bosnian headers.
run 0 $K export --table practice --labels --separator ";" --output "$T/x.csv"
has "$T/x.csv" "ID;Naziv;"
has "$T/x.csv" ";Općina vlasnik;Dijeljenje;Vlasnik"
has "$T/x.csv" ";U toku;"
has "$T/x.csv" ";Ključ;Cijela mreža;Općina Ključ"
has "$T/x.csv" ";Grad Bihać"
# Edit it as an official would: a title changed, Bihać's row too (which
# must stay as it is), and a new row without an id.
sed -e 's/;Dani dijaspore u Ključu;/;Dani dijaspore u Ključu 2024;/' \
    -e 's/;Bihaćka praksa;/;Tuđa izmjena;/' "$T/x.csv" >"$T/y.csv"
printf ';Nova iz tabele;;;;;;;;;;;Ideja;;;;;;;;;;;;;Općina Ključ\r\n' >>"$T/y.csv"
run 0 $K import --table practice "$T/y.csv"
has "$OUT" "1 rows of other organisations skipped"
has "$OUT" "$rows of $rows rows imported into practice"
titles kljuc >"$T/titles"
has "$T/titles" "Dani dijaspore u Ključu 2024"
has "$T/titles" "Bihaćka praksa"
has "$T/titles" "Nova iz tabele"
lacks "$T/titles" "Tuđa izmjena"
# The same file again changes nothing.
n=$(sqlite3 "$D/node.db" 'SELECT count(*) FROM entry')
sed '$d' "$T/y.csv" >"$T/z.csv"
run 0 $K import --table practice "$T/z.csv"
[ "$(sqlite3 "$D/node.db" 'SELECT count(*) FROM entry')" = "$n" ] ||
    fail "re-importing an unchanged export wrote entries"
# The change reaches Bihać.
run 0 $K sync
run 0 --dir "$T/bihac" sync
titles bihac | grep -q "Dani dijaspore u Ključu 2024" || fail "not synced"

# Labels in Serbian Cyrillic and in English read back too; codes as well.
for lang in sr en hr; do
    run 0 $K export --table practice --labels --lang "$lang" --output "$T/$lang.csv"
    n=$(sqlite3 "$D/node.db" 'SELECT count(*) FROM entry')
    run 0 $K import --table practice "$T/$lang.csv"
    [ "$(sqlite3 "$D/node.db" 'SELECT count(*) FROM entry')" = "$n" ] ||
        fail "an export in $lang does not read back unchanged"
done
has "$T/sr.csv" "Назив"
has "$T/sr.csv" "Кључ"

# .xlsx, by name or by --format.
run 0 $K export --table practice --output "$T/x.xlsx"
[ "$(head -c 2 "$T/x.xlsx")" = "PK" ] || fail "not an xlsx (zip) file"
run 2 $K export --table practice --format xlsx
has "$ERR" "needs --output"
# a workbook given to import is refused with what to do
run 1 $K import --table practice "$T/x.xlsx"
has "$ERR" "save it as CSV"
# A problem quotes a long value cut at a byte count, inside a Cyrillic
# letter: the message stays (the broken letter as '?'), never null.
printf 'title,status\nPraksa,a%s\n' \
    "$(printf 'Љ%.0s' $(seq 40))" >"$T/long.csv"
run 1 $K import --json --table practice "$T/long.csv"
has "$OUT" "ЉЉЉ?' is not allowed"
lacks "$OUT" '"message": null'
stop fbih
