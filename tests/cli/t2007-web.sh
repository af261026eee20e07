#!/bin/sh
# The web pages of real 'spona serve' processes, over HTTP with curl, with
# data that came through a hub: folding search, provenance, escaping,
# CSRF, cookies, the language switch, the audit of person views, login
# with roles, limits, and the hub dashboard with its actions.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fed.sh"

hub fbih "Vlada Federacije BiH"
node bihac "Grad Bihać"
node zivinice "Grad Živinice"
start fbih
join bihac fbih node
join zivinice fbih node
zp=$(add zivinice "e-Matičar: izvodi online" network)
run 0 --dir "$T/zivinice" put practice title="Туристичка мапа" status=idea \
    scope=network owner_lsg=zivinice
run 0 --dir "$T/zivinice" put practice \
    title="<script>alert(1)</script> & \"x\"" status=idea scope=network
run 0 --dir "$T/zivinice" put practice title="=1+1 kao formula" status=idea \
    scope=network
run 0 --dir "$T/bihac" put person given_name=Amra family_name=Hodžić \
    country=AT
person=$(cat "$OUT")
for n in zivinice bihac zivinice bihac; do run 0 --dir "$T/$n" sync; done
start bihac
B="http://127.0.0.1:$(cat "$T/bihac.ui")"
H="http://127.0.0.1:$(cat "$T/fbih.ui")"

. "$(dirname "$0")/web.sh"

# Folding search over data from another municipality, through the hub.
[ "$(get "$B/practices?q=maticar")" = 200 ] || fail "search page"
has "$OUT" "$zp"
has "$OUT" "<mark>Matičar</mark>"
has "$OUT" 'id="count">1 rezultat</p>'
[ "$(get "$B/practices?q=turisticka")" = 200 ] || fail "search page"
has "$OUT" "Туристичка мапа"
[ "$(get "$B/practices?entity=FBiH")" = 200 ] || fail "filter page"
has "$OUT" "Туристичка мапа"
has "$OUT" "$zp" # owner municipality: the node's own, Živinice (FBiH)
[ "$(get "$B/practices?entity=RS")" = 200 ] || fail "filter page"
lacks "$OUT" "$zp"
[ "$(get "$B/practices?q=%22%22")" = 400 ] || fail "a query of no words"
[ "$(get "$B/practices?year=20x")" = 400 ] || fail "a bad year"
[ "$(get "$B/practices?page=99999999999999")" = 400 ] || fail "a huge page"

# Without a login, only a request for this machine is answered: a web
# site that points its own name at 127.0.0.1 gets nothing.
[ "$(get "$B/practices" -H "Host: evil.example")" = 421 ] ||
    fail "a foreign Host was answered"
[ "$(get "$B/practices/new" -X POST -H "Origin: http://evil.example" \
    -d "title=x")" = 421 ] || fail "a foreign Origin was answered"
[ "$(get "$B/practices" -H "Host: localhost:1")" = 200 ] || fail "localhost"

# The session cookie: HttpOnly, SameSite=Strict, not Secure over HTTP.
rm -f "$J"
get "$B/practices" >/dev/null
grep -i '^set-cookie: spona_s=' "$T/h" >"$T/c" || fail "no session cookie"
has "$T/c" "HttpOnly"
has "$T/c" "SameSite=Strict"
lacks "$T/c" "Secure"
grep -qi "^content-security-policy: default-src 'none'" "$T/h" ||
    fail "no CSP header"

# A practice: every field, where it came from and through which hub.
[ "$(get "$B/practices/$zp")" = 200 ] || fail "practice page"
has "$OUT" "e-Matičar: izvodi online"
has "$OUT" "Grad Živinice"
has "$OUT" "<th>Preko čvorišta</th><td>Vlada Federacije BiH</td>"
has "$OUT" "<th>Stiglo</th><td>2"
lacks "$OUT" 'id="edit"' # another municipality's practice
[ "$(get "$B/practices/$zp/edit")" = 403 ] || fail "edit of another's"

# Every value is escaped.
[ "$(get "$B/practices?q=alert")" = 200 ] || fail "search page"
has "$OUT" "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;"
lacks "$OUT" "<script>"

# The language switch, remembered in a cookie.
[ "$(get "$B/practices?lang=en")" = 200 ] || fail "English page"
has "$OUT" "Good practices"
has "$OUT" '<html lang="en">'
grep -qi '^set-cookie: spona_lang=en' "$T/h" || fail "no language cookie"
get "$B/sync" >/dev/null
has "$OUT" "Last sync"
get "$B/sync?lang=bs" >/dev/null
has "$OUT" "Posljednja sinhronizacija"

# Adding a practice: refused without the form's token, and nothing written;
# with it, stored and found in the list.
before=$(sqlite3 "$T/bihac/node.db" 'SELECT count(*) FROM entry')
[ "$(get "$B/practices/new" -X POST -d "title=Bez+tokena&status=idea")" = 403 ] ||
    fail "a form without its token was taken"
[ "$(get "$B/practices/new" -X POST -d "csrf=00&title=Krivi&status=idea")" = 403 ] ||
    fail "a form with a wrong token was taken"
[ "$(sqlite3 "$T/bihac/node.db" 'SELECT count(*) FROM entry')" = "$before" ] ||
    fail "a refused form wrote"
[ "$(get "$B/practices/new")" = 200 ] || fail "form page"
tok=$(csrf)
[ -n "$tok" ] || fail "no csrf field"
[ "$(get "$B/practices/new" -X POST --data-urlencode "csrf=$tok" \
    --data-urlencode "title=Una bez granica" -d status=pilot \
    -d sectors=ECO.tourism -d sectors=DIA.return -d start_year=abc)" = 400 ] ||
    fail "a bad year was taken"
has "$OUT" 'value="Una bez granica"' # nothing typed is lost
# Errors in the page's language, the field by its label, and marked.
has "$OUT" "Godina početka: &#39;abc&#39; nije cijeli broj"
has "$OUT" 'name="start_year" class="bad" aria-invalid="true"'
lacks "$OUT" "start_year:"
[ "$(get "$B/practices/new" -X POST --data-urlencode "csrf=$tok" \
    --data-urlencode "title=Una bez granica" -d status=pilot \
    --data-urlencode "cost_amount=1.500,00")" = 400 ] ||
    fail "a number with points was taken"
has "$OUT" "Ispravite označeno polje: Trošak: &#39;1.500,00&#39; nije cijeli broj"
lacks "$OUT" "is not a number"
[ "$(get "$B/practices/new?lang=en" -X POST --data-urlencode "csrf=$tok" \
    --data-urlencode "title=Una bez granica" -d status=pilot \
    --data-urlencode "cost_amount=1.500,00")" = 400 ] ||
    fail "a number with points was taken"
has "$OUT" "Please correct: Cost: &#39;1.500,00&#39; is not a whole number"
[ "$(get "$B/practices/new?lang=bs" -X POST --data-urlencode "csrf=$tok" \
    -d status=pilot -d start_year=1800 -d contact_email=x)" = 400 ] ||
    fail "a year out of range was taken"
has "$OUT" "Godina početka: 1800 nije između 1900 i 2100"
[ "$(get "$B/practices/new" -X POST --data-urlencode "csrf=$tok" \
    -d status=pilot -d contact_email=nije-adresa)" = 400 ] ||
    fail "a bad e-mail was taken"
has "$OUT" "E-mail za kontakt: &#39;nije-adresa&#39; nije ispravna e-mail adresa"
[ "$(get "$B/practices/new" -X POST --data-urlencode "csrf=$tok" \
    -d status=pilot)" = 400 ] || fail "a practice without a title was taken"
has "$OUT" "Obavezno polje nije popunjeno: Naziv"
[ "$(get "$B/practices/new" -X POST --data-urlencode "csrf=$tok" \
    -d title=Nacrt -d status=idea -d review_status=draft -d scope=hub)" = 400 ] ||
    fail "a shared draft was taken"
has "$OUT" "Status pregleda: nacrt ostaje na ovom čvoru; za dijeljenje izaberite &#39;Podneseno&#39; ili Dijeljenje &#39;"
has "$OUT" 'name="review_status" class="bad"'
lacks "$OUT" "a draft stays"
lacks "$OUT" "missing required"
head -c 20000 /dev/zero | tr '\0' 'x' >"$T/long"
[ "$(get "$B/practices/new" -X POST --data-urlencode "csrf=$tok" \
    -d title=Duga -d status=pilot --data-urlencode "summary@$T/long")" = 400 ] ||
    fail "an overlong summary was taken"
has "$OUT" "Sažetak: tekst je predug; najviše bajtova: 4000"
has "$OUT" "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" # and kept in the form
[ "$(get "$B/practices/new" -X POST --data-urlencode "csrf=$tok" \
    --data-urlencode "title=Una bez granica" -d status=pilot \
    -d sectors=ECO.tourism -d sectors=DIA.return -d scope=network)" = 303 ] ||
    fail "the form was refused"
new=$(sed -n 's/^[Ll]ocation: \/practices\/\([0-9a-f-]*\).*/\1/p' "$T/h" | tr -d '\r')
[ -n "$new" ] || fail "no redirect to the new practice"
grep -qi "^location: /practices/$new?done=saved" "$T/h" || fail "no saved flag"
# The next page says it was saved, in a fixed word: nothing of the URL.
[ "$(get "$B/practices/$new?done=saved")" = 200 ] || fail "saved page"
has "$OUT" '<p class="notice" id="notice" role="status">Spremljeno.</p>'
[ "$(get "$B/practices/$new?done=saved&lang=en")" = 200 ] || fail "saved page"
has "$OUT" 'id="notice" role="status">Saved.</p>'
lacks "$OUT" 'done=saved&amp;lang' # the language switch does not repeat it
[ "$(get "$B/practices/$new?done=%3Cb%3Ex")" = 200 ] || fail "a bad flag"
lacks "$OUT" 'id="notice"'
lacks "$OUT" '<b>x'
# Serbian in Cyrillic, chosen by ?lang=sr and kept in the cookie: words,
# labels of values and municipalities in Cyrillic, the switch to the
# other two languages.
[ "$(get "$B/practices?lang=sr")" = 200 ] || fail "Serbian page"
has "$OUT" '<html lang="sr-Cyrl">'
has "$OUT" "Добре праксе"
has "$OUT" "Општина / град"
has "$OUT" ">Република Српска</option>"
has "$OUT" ">Живинице</option>"
has "$OUT" ">Идеја</option>"
lacks "$OUT" "Dobre prakse"
has "$OUT" 'id="lang">Bosanski</a>'
has "$OUT" 'id="lang-2">English</a>'
[ "$(get "$B/practices/$new")" = 200 ] || fail "Serbian practice page"
has "$OUT" "<th>Назив</th>"
has "$OUT" "Пилот"
[ "$(get "$B/practices/$new/edit?lang=hr")" = 200 ] || fail "Croatian page"
has "$OUT" '<html lang="hr">'
has "$OUT" "Spremi" # the Croatian word, where Bosnian says "Sačuvaj"
has "$OUT" 'id="lang">Bosanski</a>'
has "$OUT" 'id="lang-2">English</a>'
has "$OUT" 'id="lang-3">Српски</a>'
lacks "$OUT" "Sačuvaj"
get "$B/practices?lang=xx" >/dev/null # unknown: Bosnian
has "$OUT" '<html lang="bs">'
has "$OUT" 'id="lang">English</a>'
has "$OUT" 'id="lang-2">Српски</a>'
get "$B/practices?lang=bs" >/dev/null
run 0 --dir "$T/bihac" get practice "$new"
has "$OUT" "ECO.tourism|DIA.return"
has "$OUT" "network"
[ "$(get "$B/practices?q=granica")" = 200 ] || fail "search page"
has "$OUT" "$new"
[ "$(get "$B/practices/$new")" = 200 ] || fail "own practice"
has "$OUT" 'id="edit"'

# A person's page: consent shown, the view in the audit log.
[ "$(get "$B/t/person/$person")" = 200 ] || fail "person page"
has "$OUT" "Hodžić"
has "$OUT" "Nema aktivne saglasnosti."
run 0 --dir "$T/bihac" audit
has "$OUT" "web:operator"
has "$OUT" "$person"
run 0 --dir "$T/bihac" audit --verify

# Limits: an oversized form is refused, the server keeps serving.
head -c 300000 /dev/zero | tr '\0' 'a' >"$T/big"
# The server answers 413 before reading and closes; curl, still sending,
# may see the close first (000), as the probe does (t2003).
case "$(get "$B/practices/new" -X POST --data-binary "@$T/big")" in
413 | 000) ;;
*) fail "an oversized form was not refused" ;;
esac
# Declared too large: answered before any of it is read (curl waits for
# "100 Continue" and is told 413 instead, so it uploads nothing).
r=$(curl -s -m 10 -o "$OUT" -w '%{http_code} %{size_upload}' \
    -H "Expect: 100-continue" --data-binary "@$T/big" "$B/practices/new")
[ "$r" = "413 0" ] || fail "oversized form read before refused: $r"
has "$OUT" "Obrazac je prevelik."
# Streamed without a length, it is cut off once over the limit.
r=$(curl -s -m 10 -o /dev/null -w '%{http_code} %{size_upload}' \
    -H "Transfer-Encoding: chunked" --data-binary "@$T/big" \
    "$B/practices/new") && fail "an endless form was read to its end: $r"
[ "$(get "$B/practices")" = 200 ] || fail "no longer serving"
[ "$(get "$B/nope")" = 404 ] || fail "unknown page"

# The hub dashboard: members with their last sync, counts, CSV export.
rm -f "$J"
[ "$(get "$H/hub")" = 200 ] || fail "dashboard"
has "$OUT" "Grad Bihać"
has "$OUT" "Grad Živinice"
lacks "$OUT" '<td class="last-sync">nikad'
has "$OUT" 'id="per-municipality"'
# Every practice counts under its owner municipality (by default the
# node's own), none under "-".
tr -d '\n' <"$OUT" | sed 's/.*<table id="per-municipality">//; s/<\/table>.*//' >"$T/per-lsg"
has "$T/per-lsg" "<td>Živinice</td><td>4</td>"
lacks "$T/per-lsg" "<td>-</td>"
[ "$(get "$H/export/practice.csv")" = 200 ] || fail "CSV export"
has "$OUT" "e-Matičar: izvodi online"
has "$OUT" ";'=1+1 kao formula;" # never a formula in the spreadsheet
grep -qi '^content-disposition: attachment; filename="practice.csv"' "$T/h" ||
    fail "no download name"

# Invite and revoke from the dashboard.
get "$H/hub" >/dev/null
tok=$(csrf)
[ "$(get "$H/hub/invite" -X POST --data-urlencode "csrf=$tok" \
    --data-urlencode "org=Općina Ključ" -d role=node)" = 200 ] ||
    fail "invite refused"
has "$OUT" 'id="join">spona1:'
run 0 --dir "$T/fbih" --json hub members
key=$(sed -n '/"key"/{s/.*"key": "\(.*\)".*/\1/;p;}' "$OUT" | head -1)
# Revoke asks first: the dashboard links to a page that says what will
# happen; only its form (POST, with the token) revokes.
get "$H/hub" >/dev/null
has "$OUT" '<a class="revoke" href="/hub/revoke?key='
lacks "$OUT" 'action="/hub/revoke"'
has "$OUT" '<td>čvor</td>' # roles as words, not codes
lacks "$OUT" '<td>node</td>'
ekey=$(printf '%s' "$key" | sed 's/+/%2B/g; s/\//%2F/g; s/=/%3D/g')
[ "$(get "$H/hub/revoke?key=$ekey")" = 200 ] || fail "no revoke page"
has "$OUT" 'Opozvati člana?'
has "$OUT" 'id="revoke-what"'
has "$OUT" 'action="/hub/revoke"'
has "$OUT" 'id="cancel"'
run 0 --dir "$T/fbih" hub members
lacks "$OUT" "revoked" # asking revoked nobody
[ "$(get "$H/hub/revoke?key=x")" = 400 ] || fail "a bad key was asked"
[ "$(get "$H/hub/revoke" -X POST --data-urlencode "key=$key")" = 403 ] ||
    fail "a revoke without the token was taken"
get "$H/hub/revoke?key=$ekey" >/dev/null
tok=$(csrf)
[ "$(get "$H/hub/revoke" -X POST --data-urlencode "csrf=$tok" \
    --data-urlencode "key=$key")" = 303 ] || fail "revoke refused"
grep -qi '^location: /hub?done=revoked' "$T/h" || fail "no notice flag"
run 0 --dir "$T/fbih" hub members
has "$OUT" "revoked"
[ "$(get "$H/hub?done=revoked")" = 200 ] || fail "dashboard"
has "$OUT" 'id="notice" role="status">Član je opozvan.</p>'

# "Sync now" on the sync page wakes the running serve for a round at once
# (the interval is 300 s): one more round in its log, in seconds (one that
# fails: Bihać was revoked above).
rm -f "$J"
[ "$(get "$B/sync")" = 200 ] || fail "sync page"
has "$OUT" 'action="/sync/now"'
has "$OUT" 'id="sync-now"'
tok=$(csrf)
rounds=$(grep -c "synced:\|sync failed" "$T/bihac.log")
[ "$(get "$B/sync/now" -X POST)" = 403 ] || fail "sync now without the token"
[ "$(get "$B/sync/now" -X POST --data-urlencode "csrf=$tok")" = 303 ] ||
    fail "sync now refused"
grep -qi '^location: /sync?done=sync' "$T/h" || fail "no notice flag"
i=0
until [ "$(grep -c "synced:\|sync failed" "$T/bihac.log")" -gt "$rounds" ]; do
    i=$((i + 1))
    [ $i -lt 50 ] || fail "no round after sync now: $(cat "$T/bihac.log")"
    sleep 0.1
done
has "$T/bihac.log" "sync asked for on the pages"
[ "$(get "$B/sync?done=sync")" = 200 ] || fail "sync page"
has "$OUT" 'id="notice" role="status">Sinhronizacija je pokrenuta'
# A hub without a hub of its own has nothing to sync with.
[ "$(get "$H/sync")" = 200 ] || fail "hub sync page"
lacks "$OUT" 'id="sync-now"'

# With a login: pages redirect to it, wrong passwords fail, roles hold.
stop bihac
printf '[ui]\nlogin = true\n' >>"$T/bihac/spona.conf"
printf 'kratka\n' | "$SPONA" --dir "$T/bihac" user add amra --role editor \
    >"$OUT" 2>"$ERR" && fail "a short password was taken"
printf 'dugacka-lozinka-1\n' | "$SPONA" --dir "$T/bihac" user add amra \
    --role editor >"$OUT" 2>"$ERR" || fail "user add"
printf 'dugacka-lozinka-2\n' | "$SPONA" --dir "$T/bihac" user add vedad \
    --role viewer >"$OUT" 2>"$ERR" || fail "user add"
run 0 --dir "$T/bihac" user list
has "$OUT" "amra"
lacks "$OUT" "argon2"
start bihac
rm -f "$J"
[ "$(get "$B/practices")" = 303 ] || fail "no login asked for: $(cat "$T/bihac.log")"
grep -qi '^location: /login?next=%2Fpractices' "$T/h" || fail "no redirect"
get "$B/login" >/dev/null
tok=$(csrf)
[ "$(get "$B/login" -X POST --data-urlencode "csrf=$tok" -d user=amra \
    -d password=pogresna)" = 403 ] || fail "a wrong password was taken"
has "$OUT" "Pogrešno korisničko ime ili lozinka."
old=$(sed -n 's/.*spona_s[[:space:]]*\([0-9a-f]*\).*/\1/p' "$J")
[ "$(get "$B/login" -X POST --data-urlencode "csrf=$tok" -d user=amra \
    -d password=dugacka-lozinka-1 -d next=/practices/new)" = 303 ] ||
    fail "login refused"
grep -qi '^location: /practices/new' "$T/h" || fail "not sent on"
now=$(sed -n 's/.*spona_s[[:space:]]*\([0-9a-f]*\).*/\1/p' "$J")
[ "$old" != "$now" ] || fail "the session was not renewed on login"
[ "$(get "$B/practices/new")" = 200 ] || fail "an editor cannot add"
[ "$(get "$B/hub")" = 403 ] || [ "$(get "$B/hub")" = 404 ] || fail "hub page"
# A changed role holds at once, a removed account is logged out.
run 0 --dir "$T/bihac" user role amra viewer
[ "$(get "$B/practices/new")" = 403 ] || fail "the old role held"
run 0 --dir "$T/bihac" user remove amra
[ "$(get "$B/practices")" = 303 ] || fail "a removed account stayed in"
rm -f "$J"
get "$B/login" >/dev/null
tok=$(csrf)
[ "$(get "$B/login" -X POST --data-urlencode "csrf=$tok" -d user=vedad \
    -d password=dugacka-lozinka-2)" = 303 ] || fail "viewer login"
[ "$(get "$B/practices")" = 200 ] || fail "a viewer cannot read"
[ "$(get "$B/practices/new")" = 403 ] || fail "a viewer can add"
[ "$(get "$B/t/person/$person")" = 403 ] || fail "a viewer sees persons"
[ "$(get "$B/sync")" = 200 ] || fail "a viewer cannot see the sync page"
lacks "$OUT" 'id="sync-now"'
tok=$(csrf)
[ "$(get "$B/sync/now" -X POST --data-urlencode "csrf=$tok")" = 403 ] ||
    fail "a viewer can start a sync"
# After login, only local paths: "/\t/x" is off-site in a browser.
rm -f "$J"
get "$B/login" >/dev/null
tok=$(csrf)
get "$B/login" -X POST --data-urlencode "csrf=$tok" -d user=vedad \
    -d password=dugacka-lozinka-2 --data-urlencode "next=/	/evil.example" \
    >/dev/null
grep -qi '^location: /practices' "$T/h" || fail "an off-site next was followed"
# Five wrong passwords pause the name, even for the right one.
rm -f "$J"
get "$B/login" >/dev/null
tok=$(csrf)
for i in 1 2 3 4 5; do
    get "$B/login" -X POST --data-urlencode "csrf=$tok" -d user=vedad \
        -d password=krivo >/dev/null
done
[ "$(get "$B/login" -X POST --data-urlencode "csrf=$tok" -d user=vedad \
    -d password=dugacka-lozinka-2)" = 403 ] || fail "no pause after failures"
stop bihac

# Over TLS (the hub's own certificate), the session cookie is Secure;
# the node's own language (Serbian here) until a visitor picks another.
stop fbih
printf '[ui]\nlanguage = xx\n' >>"$T/fbih/spona.conf"
run 1 --dir "$T/fbih" status
has "$ERR" "language must be bs, hr, sr or en, not 'xx'"
sed -i 's/^language = xx$/language = sr/' "$T/fbih/spona.conf"
printf '[ui]\ncert = hub.crt\ntls_key = hub-tls.key\n' >>"$T/fbih/spona.conf"
start fbih
grep -q "web pages on https://" "$T/fbih.log" || fail "the pages are not on TLS: $(cat "$T/fbih.log")"
rm -f "$J"
[ "$(get "https://127.0.0.1:$(cat "$T/fbih.ui")/practices" -k)" = 200 ] ||
    fail "no page over TLS"
grep -i '^set-cookie: spona_s=' "$T/h" >"$T/c" || fail "no session cookie"
has "$T/c" "; Secure"
has "$T/c" "HttpOnly"
[ "$(get "http://127.0.0.1:$(cat "$T/fbih.ui")/practices")" != 200 ] ||
    fail "plain HTTP answered on the TLS port"
has "$T/c" "; Secure"
get "https://127.0.0.1:$(cat "$T/fbih.ui")/practices" -k >/dev/null
has "$OUT" '<html lang="sr-Cyrl">'
get "https://127.0.0.1:$(cat "$T/fbih.ui")/practices?lang=hr" -k >/dev/null
has "$OUT" '<html lang="hr">'
get "https://127.0.0.1:$(cat "$T/fbih.ui")/practices" -k >/dev/null
has "$OUT" '<html lang="hr">' # the visitor's pick holds
stop fbih
