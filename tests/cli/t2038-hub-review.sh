#!/bin/sh
# The hub's review of practices and its report (issue 17), over real
# 'spona serve' processes: a node submits a practice, the hub's queue
# shows it, the hub approves it with a comment (CSRF-protected), the
# verdict syncs down and the node's practice page shows it; only a
# validated or published practice may be public; the report page counts
# with tables and SVG charts, as CSV and XLSX, and 'spona hub stats'
# gives the same figures.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fed.sh"

hub fbih "Vlada Federacije BiH"
node bihac "Grad Bihać"
node zivinice "Grad Živinice"
start fbih
join bihac fbih node
join zivinice fbih node
run 0 --dir "$T/bihac" put practice title="Registar dijaspore" \
    status=implemented owner_lsg=bihac "sectors=DIA.mapping|GOV.e_services" \
    start_year=2021 review_status=submitted scope=hub
bp=$(cat "$OUT")
run 0 --dir "$T/zivinice" put practice title="Dani dijaspore" \
    status=completed owner_lsg=zivinice sectors=DIA.identity_culture \
    start_year=2019 scope=hub
zp=$(cat "$OUT")
run 0 --dir "$T/zivinice" put practice title="e-Matičar" status=implemented \
    owner_lsg=zivinice sectors=GOV.e_services start_year=2021 scope=hub
run 0 --dir "$T/zivinice" put practice title="Povratak stručnjaka" \
    status=pilot owner_lsg=zivinice review_status=submitted scope=hub
rp=$(cat "$OUT")
# A draft never reaches the hub, so it is neither queued nor counted.
run 0 --dir "$T/zivinice" put practice title="Nacrt" status=idea \
    owner_lsg=zivinice review_status=draft

# Only a validated or published practice may be public: the library
# refuses it for the CLI, with the reason.
run 1 --dir "$T/bihac" put practice scope=public --id "$bp"
has "$ERR" "only a validated or published practice may be public"
run 1 --dir "$T/zivinice" put practice title="Javna" status=idea scope=public
has "$ERR" "only a validated or published practice may be public"
# Nor does its owner say it is validated or published: that is the hub's
# verdict, so the review cannot be skipped on the way to public.
run 1 --dir "$T/zivinice" put practice title="Samopotvrda" status=idea \
    review_status=validated scope=public
has "$ERR" "review_status 'validated' is the hub's verdict"
run 1 --dir "$T/bihac" put practice review_status=published --id "$bp"
has "$ERR" "review_status 'published' is the hub's verdict"
printf 'title;status;review_status;scope\nUvezena;idea;published;public\n' \
    >"$T/javna.csv"
run 1 --dir "$T/zivinice" import --table practice "$T/javna.csv"
has "$ERR" "the hub's verdict"
for n in bihac zivinice; do run 0 --dir "$T/$n" sync; done

H="http://127.0.0.1:$(cat "$T/fbih.ui")"
. "$(dirname "$0")/web.sh"

# The queue: the members' submitted practices, with three buttons each;
# the others are not submitted, and the hub's own is not its members'.
run 0 --dir "$T/fbih" put practice title="Vlastita praksa" status=idea \
    review_status=submitted scope=hub
[ "$(get "$H/hub")" = 200 ] || fail "hub page"
has "$OUT" 'href="/hub/review"'
has "$OUT" 'href="/hub/stats"'
[ "$(get "$H/hub/review")" = 200 ] || fail "review queue"
has "$OUT" "id=\"q-$bp\""
has "$OUT" "Registar dijaspore"
has "$OUT" 'value="validated"'
has "$OUT" 'value="needs_changes"'
has "$OUT" 'value="published"'
has "$OUT" ">Potvrdi</button>"
lacks "$OUT" "$zp"
lacks "$OUT" "Nacrt"
lacks "$OUT" "Vlastita praksa"
has "$OUT" "id=\"q-$rp\""
tok=$(csrf)
[ -n "$tok" ] || fail "no csrf field"

# A decision without the form's token is refused and writes nothing.
[ "$(get "$H/hub/review" -X POST -d "practice=$bp" -d verdict=validated)" = 403 ] ||
    fail "a review without its token was taken"
[ "$(sqlite3 "$T/fbih/node.db" 'SELECT count(*) FROM practice_review')" = 0 ] ||
    fail "a refused review wrote"
[ "$(get "$H/hub/review" -X POST --data-urlencode "csrf=$tok" \
    -d "practice=$bp" -d verdict=approve)" = 400 ] || fail "a bad verdict"
own=$(sqlite3 "$T/fbih/node.db" "SELECT id FROM practice
    WHERE title = 'Vlastita praksa'")
[ "$(get "$H/hub/review" -X POST --data-urlencode "csrf=$tok" \
    -d "practice=$own" -d verdict=validated)" = 404 ] ||
    fail "a practice not of a member was reviewed"
# A member's practice never submitted is not the hub's to decide: its
# owner would adopt the verdict (and could then make it public).
[ "$(get "$H/hub/review" -X POST --data-urlencode "csrf=$tok" \
    -d "practice=$zp" -d verdict=published)" = 404 ] ||
    fail "a practice not submitted was reviewed"
[ "$(sqlite3 "$T/fbih/node.db" "SELECT count(*) FROM practice_review
    WHERE practice_id = '$zp'")" = 0 ] || fail "a review of a practice not submitted"
[ "$(get "$H/hub/review" -X POST --data-urlencode "csrf=$tok" \
    -d "practice=$bp" -d verdict=validated \
    --data-urlencode "comment=Dobro dokumentovano <b>x</b>")" = 303 ] ||
    fail "the approval was not taken"
[ "$(sqlite3 "$T/fbih/node.db" "SELECT verdict || '|' || comment || '|' ||
    scope FROM practice_review WHERE practice_id = '$bp'")" = \
    "validated|Dobro dokumentovano <b>x</b>|hub" ] || fail "review row"
# Returned for changes, the other one goes back to its author.
[ "$(get "$H/hub/review" -X POST --data-urlencode "csrf=$tok" \
    -d "practice=$rp" -d verdict=needs_changes \
    --data-urlencode "comment=Dodajte pokazatelje")" = 303 ] ||
    fail "the return was not taken"
# Answered, they leave the queue.
[ "$(get "$H/hub/review")" = 200 ] || fail "review queue"
lacks "$OUT" "id=\"q-$bp\""
lacks "$OUT" "id=\"q-$rp\""
has "$OUT" 'id="queue-empty"'

# The verdict syncs down; the node's practice page shows it in words.
run 0 --dir "$T/bihac" sync
run 0 --dir "$T/zivinice" sync
[ "$(sqlite3 "$T/bihac/node.db" "SELECT verdict FROM practice_review
    WHERE practice_id = '$bp'")" = validated ] ||
    fail "the review did not reach the node"
[ "$(sqlite3 "$T/zivinice/node.db" "SELECT count(*) FROM practice_review")" = 2 ] ||
    fail "the reviews did not reach the other member"
# Each owner adopted its verdict: validated, or back to a draft that
# stays on its node (the hub drops its copy in the same round).
[ "$(sqlite3 "$T/bihac/node.db" "SELECT review_status || '|' || scope
    FROM practice WHERE id = '$bp'")" = "validated|hub" ] ||
    fail "the verdict was not adopted"
[ "$(sqlite3 "$T/zivinice/node.db" "SELECT review_status || '|' || scope
    FROM practice WHERE id = '$rp'")" = "draft|local" ] ||
    fail "the return was not adopted"
[ "$(sqlite3 "$T/fbih/node.db" "SELECT count(*) FROM practice
    WHERE id = '$rp' AND _deleted = 0")" = 0 ] ||
    fail "the hub kept a practice returned to draft"
[ "$(sqlite3 "$T/fbih/node.db" "SELECT review_status FROM practice
    WHERE id = '$bp'")" = validated ] || fail "the hub lacks the adoption"
start bihac
B="http://127.0.0.1:$(cat "$T/bihac.ui")"
[ "$(get "$B/practices/$bp")" = 200 ] || fail "practice page"
has "$OUT" 'id="reviews"'
has "$OUT" "<h2>Pregled čvorišta</h2>"
has "$OUT" '<td class="verdict">Potvrđeno</td>'
has "$OUT" "Dobro dokumentovano &lt;b&gt;x&lt;/b&gt;"
has "$OUT" "<td>Vlada Federacije BiH</td>"
has "$OUT" "<th>Odluka</th>"
lacks "$OUT" ">validated<"
[ "$(get "$B/practices/$bp?lang=en")" = 200 ] || fail "practice page"
has "$OUT" '<td class="verdict">Validated</td>'
has "$OUT" "<h2>Hub review</h2>"
get "$B/practices/$bp?lang=bs" >/dev/null
# The form refuses a public practice that was not reviewed, in words,
# with the sharing field marked, and writes nothing.
[ "$(get "$B/practices/new")" = 200 ] || fail "form page"
btok=$(csrf)
before=$(sqlite3 "$T/bihac/node.db" 'SELECT count(*) FROM entry')
[ "$(get "$B/practices/new" -X POST --data-urlencode "csrf=$btok" \
    --data-urlencode "title=Javna bez pregleda" -d status=idea \
    -d review_status=submitted -d scope=public)" = 400 ] ||
    fail "an unreviewed public practice was taken"
has "$OUT" "javno se dijeli samo potvrđena ili objavljena praksa"
has "$OUT" 'name="scope" class="bad"'
lacks "$OUT" "only a validated"
[ "$(sqlite3 "$T/bihac/node.db" 'SELECT count(*) FROM entry')" = "$before" ] ||
    fail "a refused form wrote"
stop bihac

# Validated, the practice may be public; the public entry carries the
# status to every receiver.
run 0 --dir "$T/bihac" put practice scope=public --id "$bp"

# The report: tables with labels, SVG charts, no codes.
run 0 --dir "$T/fbih" put person given_name=Amra family_name=Hodžić country=DE
run 0 --dir "$T/fbih" put person given_name=Edin family_name=Kovač country=DE
run 0 --dir "$T/fbih" put person given_name=Lejla family_name=Begić country=AT
[ "$(get "$H/hub/stats")" = 200 ] || fail "stats page"
has "$OUT" '<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="chart-municipality"'
has "$OUT" 'id="chart-canton"'
has "$OUT" '<tr><td>Živinice</td><td class="n">2</td></tr>'
has "$OUT" '<tr><td>Bihać</td><td class="n">1</td></tr>'
has "$OUT" '<tr><td>Federacija BiH</td><td class="n">3</td></tr>'
has "$OUT" '<tr><td>Tuzlanski kanton</td><td class="n">2</td></tr>'
has "$OUT" '<tr><td>Unsko-sanski kanton</td><td class="n">1</td></tr>'
has "$OUT" '<tr><td>E-usluge</td><td class="n">2</td></tr>'
has "$OUT" '<tr><td>Provedeno</td><td class="n">2</td></tr>'
has "$OUT" '<tr><td>2021</td><td class="n">2</td></tr>'
has "$OUT" '<tr><td>Njemačka</td><td class="n">2</td></tr>'
has "$OUT" '<tr><td>Austrija</td><td class="n">1</td></tr>'
has "$OUT" '>Tuzlanski kanton</text>'
lacks "$OUT" ">TK<"
lacks "$OUT" ">FBiH<"
lacks "$OUT" ">GOV.e_services<"
lacks "$OUT" ">implemented<"
lacks "$OUT" "<script"
lacks "$OUT" "Nacrt"

# Each table downloads as CSV and XLSX.
[ "$(get "$H/hub/stats/canton.csv")" = 200 ] || fail "canton.csv"
grep -qi '^content-type: text/csv' "$T/h" || fail "not CSV"
has "$OUT" "Tuzlanski kanton;2"
has "$OUT" "Unsko-sanski kanton;1"
has "$OUT" "Prakse po kantonu;Broj"
[ "$(get "$H/hub/stats/country.csv")" = 200 ] || fail "country.csv"
has "$OUT" "Njemačka;2"
[ "$(get "$H/hub/stats/sector.xlsx")" = 200 ] || fail "sector.xlsx"
grep -qi '^content-type: application/vnd.openxmlformats' "$T/h" ||
    fail "not XLSX"
[ "$(head -c 2 "$OUT")" = "PK" ] || fail "not an xlsx (zip) file"
if command -v unzip >/dev/null; then
    cp "$OUT" "$T/sector.xlsx"
    unzip -p "$T/sector.xlsx" xl/sharedStrings.xml >"$OUT"
    has "$OUT" "E-usluge"
    has "$OUT" "Prakse po sektoru"
    unzip -p "$T/sector.xlsx" xl/worksheets/sheet1.xml >"$OUT"
    has "$OUT" "<v>2</v>"
fi
[ "$(get "$H/hub/stats/nothing.csv")" = 404 ] || fail "an unknown table"
[ "$(get "$H/hub/stats/canton.exe")" = 404 ] || fail "an unknown format"

# The same figures on the command line.
run 0 --dir "$T/fbih" hub stats --json
json_ok "$OUT"
q() {
    sqlite3 :memory: "SELECT json_extract(readfile('$OUT'), '$1')"
}
[ "$(q '$.municipality[0].value')" = zivinice ] || fail "municipality"
[ "$(q '$.municipality[0].n')" = 2 ] || fail "municipality count"
[ "$(q '$.canton[0].value')|$(q '$.canton[0].n')" = "TK|2" ] || fail "canton"
[ "$(q '$.entity[0].value')|$(q '$.entity[0].n')" = "FBiH|3" ] || fail "entity"
[ "$(q '$.sector[0].value')|$(q '$.sector[0].n')" = "GOV.e_services|2" ] ||
    fail "sector"
[ "$(q '$.year[1].value')|$(q '$.year[1].n')" = "2021|2" ] || fail "year"
[ "$(q '$.country[0].value')|$(q '$.country[0].n')" = "DE|2" ] || fail "country"
run 0 --dir "$T/fbih" hub stats
has "$OUT" "canton (practice)"
run 1 --dir "$T/bihac" hub stats

# A crafted public entry of an unreviewed practice, signed by a member,
# is refused by the receiver (the hub) with the reason, and not applied.
url=$(sed -n 's/^url = //p' "$T/zivinice/spona.conf")
pin=$(sed -n 's/^pin = //p' "$T/zivinice/spona.conf")
rows=$(sqlite3 "$T/fbih/node.db" "SELECT count(*) FROM practice")
"$PROBE" "$url" "$pin" "$T/zivinice/node.key" "Grad Živinice" entry \
    "$T/zivinice/node.key" 3 1 - >"$OUT" 2>"$ERR" || fail "probe failed"
has "$OUT" "entry 200"
[ "$(sqlite3 "$T/fbih/node.db" "SELECT reason FROM rejected
    ORDER BY r DESC LIMIT 1")" = \
    "only a validated or published practice may be public (review status 'none')" ] ||
    fail "the crafted public entry was not refused: $(cat "$OUT")"
[ "$(sqlite3 "$T/fbih/node.db" "SELECT count(*) FROM practice")" = "$rows" ] ||
    fail "the crafted public entry was applied"
stop fbih

# A viewer of the hub sees the practices' figures, not the persons', and
# neither the queue nor its decisions.
printf '[ui]\nlogin = true\n' >>"$T/fbih/spona.conf"
printf 'dugacka-lozinka-2\n' | "$SPONA" --dir "$T/fbih" user add vedad \
    --role viewer >"$OUT" 2>"$ERR" || fail "user add"
start fbih
rm -f "$J"
get "$H/login" >/dev/null
tok=$(csrf)
[ "$(get "$H/login" -X POST --data-urlencode "csrf=$tok" -d user=vedad \
    -d password=dugacka-lozinka-2)" = 303 ] || fail "viewer login"
[ "$(get "$H/hub/stats")" = 200 ] || fail "a viewer cannot see the report"
has "$OUT" 'id="stats-canton"'
lacks "$OUT" 'id="stats-country"'
lacks "$OUT" "Njemačka"
[ "$(get "$H/hub/stats/country.csv")" = 403 ] || fail "a viewer got persons"
[ "$(get "$H/hub/stats/status.csv")" = 200 ] || fail "a viewer's download"
[ "$(get "$H/hub/review")" = 403 ] || fail "a viewer sees the queue"
get "$H/hub/stats" >/dev/null
tok=$(csrf)
[ -n "$tok" ] || fail "no csrf field"
[ "$(get "$H/hub/review" -X POST --data-urlencode "csrf=$tok" \
    -d "practice=$bp" -d verdict=published)" = 403 ] ||
    fail "a viewer decided a review"
stop fbih
echo ok
