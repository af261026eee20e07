#!/bin/sh
# The one search box of the pages: it finds rows of every table the
# visitor may see, grouped by table, in any form and script; it says
# "did you mean" for a misspelt word; persons only for editors and up
# (each hit audited), and a viewer's suggestion never shows a name.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fed.sh"

node kladanj "Općina Kladanj"
run 0 --dir "$T/kladanj" put practice \
    title="Sajam zdrave hrane u Gradačcu" status=ongoing \
    summary="Proizvođači iz dijaspore prodaju sir i med."
prac=$(cat "$OUT")
run 0 --dir "$T/kladanj" organisation add --name "Udruženje Bosanaca u Beču" \
    --org_type cultural_club --city Wien
org=$(cat "$OUT")
run 0 --dir "$T/kladanj" put event name="Сајам дијаспоре у Кладњу" \
    place="Kladanj" start_date=2026-08-01
ev=$(cat "$OUT")
run 0 --dir "$T/kladanj" put person given_name=Emina family_name=Hodžić \
    country=AT city=Graz
person=$(cat "$OUT")
start kladanj
K="http://127.0.0.1:$(cat "$T/kladanj.ui")"

. "$(dirname "$0")/web.sh"

# The box is on every page.
[ "$(get "$K/practices")" = 200 ] || fail "practices page"
has "$OUT" 'action="/search"'
[ "$(get "$K/search")" = 200 ] || fail "empty search page"
has "$OUT" 'name="q"'

# "sajam" in another form (sajmu) and script: a practice and an event,
# each in its own group, linked to its page.
[ "$(get "$K/search?q=sajmu")" = 200 ] || fail "search page"
has "$OUT" 'id="hits-practice"'
has "$OUT" 'id="hits-event"'
has "$OUT" "href=\"/practices/$prac\""
has "$OUT" "href=\"/t/event/$ev\""
has "$OUT" "<mark>Sajam</mark>"
lacks "$OUT" 'id="hits-organisation"'
lacks "$OUT" 'id="suggest"'
# a synonym (Beč / Wien) finds the organisation; dijaspora finds two
[ "$(get "$K/search?q=Be%C4%8D")" = 200 ] || fail "search page"
has "$OUT" 'id="hits-organisation"'
has "$OUT" "href=\"/t/organisation/$org\""
[ "$(get "$K/search?q=dijaspora")" = 200 ] || fail "search page"
has "$OUT" 'id="hits-practice"'
has "$OUT" 'id="hits-event"'

# A misspelt word: "did you mean", linked to the search it suggests.
[ "$(get "$K/search?q=Kaldnju")" = 200 ] || fail "search page"
has "$OUT" 'id="suggest"'
has "$OUT" 'Da li ste mislili: <a href="/search?q=kladnju">kladnju</a>'
has "$OUT" "href=\"/t/event/$ev\""

# Escaping: the query comes back escaped, in the box and nowhere raw.
[ "$(get "$K/search?q=%3Cscript%3Ex")" = 200 ] || fail "search page"
lacks "$OUT" "<script>"
has "$OUT" 'value="&lt;script&gt;x"'
# A query of no words is an error shown on the page, not a crash.
[ "$(get "$K/search?q=%22%22")" = 200 ] || fail "no words"
has "$OUT" 'class="error"'

# Persons: the operator (admin on loopback) finds them, and each hit is
# audited as a view by search.
[ "$(get "$K/search?q=Hodzic")" = 200 ] || fail "search page"
has "$OUT" 'id="hits-person"'
has "$OUT" "href=\"/t/person/$person\""
run 0 --dir "$T/kladanj" audit
has "$OUT" "$person"
has "$OUT" "search"

# A viewer: no person group, no person's name as a suggestion.
stop kladanj
printf '[ui]\nlogin = true\n' >>"$T/kladanj/spona.conf"
printf 'dugacka-lozinka-2\n' | "$SPONA" --dir "$T/kladanj" user add vedad \
    --role viewer >"$OUT" 2>"$ERR" || fail "user add"
start kladanj
rm -f "$J"
get "$K/login" >/dev/null
tok=$(csrf)
[ "$(get "$K/login" -X POST --data-urlencode "csrf=$tok" -d user=vedad \
    -d password=dugacka-lozinka-2)" = 303 ] || fail "viewer login"
[ "$(get "$K/search?q=Hodzic")" = 200 ] || fail "viewer search"
lacks "$OUT" 'id="hits-person"'
lacks "$OUT" "$person"
[ "$(get "$K/search?q=Hodzc")" = 200 ] || fail "viewer search"
lacks "$OUT" "hodzic"
[ "$(get "$K/search?q=sajam")" = 200 ] || fail "viewer search"
has "$OUT" 'id="hits-practice"'
stop kladanj
