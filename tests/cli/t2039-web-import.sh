#!/bin/sh
# A spreadsheet brought in from the web pages (/import), as an official
# makes one: Bosnian headers and labels, Windows-1250, dates and numbers
# as in BiH. Every problem of every line is listed at once and nothing is
# imported until they are fixed or skipped; the importer is the
# library's, as for 'spona import'. A real 'spona serve', curl with the
# session cookie and the form's token.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fed.sh"

hub fbih "Vlada Federacije BiH"
start fbih
B="http://127.0.0.1:$(cat "$T/fbih.ui")"
. "$(dirname "$0")/web.sh"

[ "$(get "$B/import")" = 200 ] || fail "no import page"
has "$OUT" 'enctype="multipart/form-data"'
has "$OUT" '<a href="/import">Uvoz tabele</a>'
has "$OUT" '<option value="practice" selected>'
tok=$(csrf)
[ -n "$tok" ] || fail "no form token"

# Excel's CSV: Windows-1250, semicolons, the pages' own labels as headers.
printf 'Naziv;Status;Godina početka;Trošak;Pismo\n%s\n%s\n%s\n' \
    'Sajam meda u Ključu;U toku;2024;1.500,00;latinica' \
    'Loš red;nepoznato;20x;mnogo;Latn' \
    'Čišćenje obale Une;pilot;2023;2.000;Cyrl' |
    iconv -f UTF-8 -t WINDOWS-1250 >"$T/prakse.csv"

# Without the token: refused, nothing read.
[ "$(get "$B/import" -F table=practice -F "file=@$T/prakse.csv")" = 403 ] ||
    fail "an import without the token was taken"
# No file.
[ "$(get "$B/import" -F "csrf=$tok" -F table=practice)" = 400 ] ||
    fail "an import without a file"
has "$OUT" "Odaberite datoteku."

# Problems: every one of the bad line at once, nothing imported.
[ "$(get "$B/import" -F "csrf=$tok" -F table=practice \
    -F "file=@$T/prakse.csv")" = 400 ] || fail "a file with problems was taken"
has "$OUT" 'id="encoding">Windows-1250<'
has "$OUT" '<td id="rows">3</td>'
has "$OUT" '<td id="imported">0</td>'
has "$OUT" "Ništa nije uvezeno"
n=$(grep -c '^<tr><td>3</td>' "$OUT")
[ "$n" -ge 3 ] || fail "not every problem of line 3 was listed ($n): $(cat "$OUT")"
# ... in the page's words, each value as the file has it
has "$OUT" "&#39;nepoznato&#39; nije dozvoljena vrijednost; dozvoljeno:"
has "$OUT" "&#39;20x&#39; nije broj (upišite 1500, 1.500 ili 1.500,00)"
lacks "$OUT" "is not"
run 0 --dir "$T/fbih" --json list practice
lacks "$OUT" "Sajam meda"

# Skipping the bad line: the good ones go in, with their values read.
[ "$(get "$B/import" -F "csrf=$tok" -F table=practice -F skip=1 \
    -F "file=@$T/prakse.csv")" = 400 ] || fail "skip: the bad line is still a problem"
has "$OUT" '<td id="imported">2</td>'
has "$OUT" '<td id="refused">1</td>'
run 0 --dir "$T/fbih" --json list practice
has "$OUT" "Sajam meda u Ključu"
has "$OUT" "Čišćenje obale Une"
lacks "$OUT" "Loš red"
run 0 --dir "$T/fbih" search "sajam meda" --json
id=$(sed -n 's/.*"id": "\(.*\)".*/\1/p' "$OUT" | head -1)
run 0 --dir "$T/fbih" get practice "$id"
has "$OUT" "ongoing"
has "$OUT" "1500"
has "$OUT" "latin"

# A file over a form's limit (256 KiB) but under an upload's is taken.
{
    printf 'Naziv;Status\n'
    i=0
    while [ $i -lt 4000 ]; do
        printf 'Praksa broj %d s dovoljno dugim nazivom da datoteka naraste;ideja\n' $i
        i=$((i + 1))
    done
} >"$T/velika.csv"
[ "$(wc -c <"$T/velika.csv")" -gt 262144 ] || fail "the big file is too small"
[ "$(get "$B/import" -F "csrf=$tok" -F table=organisation \
    -F "file=@$T/velika.csv")" = 400 ] || fail "a big file to the wrong table"
has "$OUT" '<td id="rows">4000</td>'
[ "$(get "$B/import" -F "csrf=$tok" -F table=practice \
    -F "file=@$T/velika.csv")" = 200 ] || fail "a big file was refused"
has "$OUT" '<td id="imported">4000</td>'
has "$OUT" 'id="notice" role="status">Uvezeno: 4000<'

# In English and Croatian, the same page in the page's words.
[ "$(get "$B/import?lang=en")" = 200 ] || fail "English import page"
has "$OUT" "Import a spreadsheet"
[ "$(get "$B/import?lang=hr")" = 200 ] || fail "Croatian import page"
has "$OUT" "Uvoz tablice"
tok=$(csrf)
printf 'Naziv;Status;Boja\nKratak red;pilot\n' >"$T/kratka.csv"
[ "$(get "$B/import" -F "csrf=$tok" -F table=practice \
    -F "file=@$T/kratka.csv")" = 400 ] || fail "a short line was taken"
has "$OUT" "nepoznat stupac: upišite naziv polja"
has "$OUT" "redak nema onoliko polja koliko zaglavlje ima stupaca (2, 3)"
# An unknown table is refused.
[ "$(get "$B/import" -F "csrf=$tok" -F table=member \
    -F "file=@$T/prakse.csv")" = 400 ] || fail "an unknown table was taken"

# With a login, only an editor's session may send a spreadsheet's bytes:
# anyone else's upload is refused at its length (413), before any of it
# is read, so strangers cannot make the node hold 32 MiB a connection.
stop fbih
printf '[ui]\nlogin = true\n' >>"$T/fbih/spona.conf"
printf 'dugacka-lozinka-1\n' | "$SPONA" --dir "$T/fbih" user add amra \
    --role editor >"$OUT" 2>"$ERR" || fail "user add"
printf 'dugacka-lozinka-2\n' | "$SPONA" --dir "$T/fbih" user add vedad \
    --role viewer >"$OUT" 2>"$ERR" || fail "user add"
start fbih
login() {
    rm -f "$J"
    get "$B/login" >/dev/null
    [ "$(get "$B/login" -X POST --data-urlencode "csrf=$(csrf)" -d "user=$1" \
        -d "password=$2")" = 303 ] || fail "login of $1"
    get "$B/practices" >/dev/null
}
rm -f "$J"
[ "$(get "$B/import" -F csrf=x -F table=practice \
    -F "file=@$T/velika.csv")" = 413 ] || fail "a stranger's upload was read"
login vedad dugacka-lozinka-2
[ "$(get "$B/import" -F "csrf=$(csrf)" -F table=practice \
    -F "file=@$T/velika.csv")" = 413 ] || fail "a viewer's upload was read"
login amra dugacka-lozinka-1
[ "$(get "$B/import" -F "csrf=$(csrf)" -F table=practice \
    -F "file=@$T/velika.csv")" = 200 ] || fail "an editor's upload was refused"
stop fbih
