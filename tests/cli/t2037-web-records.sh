#!/bin/sh
# Every record in the web (issue 17), through real 'spona serve' processes
# and curl with cookies and the forms' tokens: an organisation added,
# edited, refused with an error in words and deleted after asking; a
# person added with a consent given and withdrawn, then erased by an
# admin; another's rows refused; the organisation synced through a hub
# and seen on a second node.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fed.sh"

hub fbih "Vlada Federacije BiH"
node bihac "Grad Bihać"
node zivinice "Grad Živinice"
start fbih
join bihac fbih node
join zivinice fbih node
run 0 --dir "$T/zivinice" put organisation name="Klub Živinice Linz" \
    org_type=sport scope=hub
theirs=$(cat "$OUT")
for n in zivinice bihac; do run 0 --dir "$T/$n" sync; done
i=0
while [ $i -lt 22 ]; do
    i=$((i + 1))
    run 0 --dir "$T/bihac" put need category=pension count=$i year=2025
done
run 0 --dir "$T/bihac" put event name="Dani dijaspore" start_date=2025-07-20
run 0 --dir "$T/bihac" put event name="Poslovni forum" start_date=2026-05-04
start bihac
B="http://127.0.0.1:$(cat "$T/bihac.ui")"
DB=$T/bihac/node.db

. "$(dirname "$0")/web.sh"
# where PREFIX: the id in the Location header after PREFIX.
where() {
    sed -n "s|^[Ll]ocation: $1\([0-9a-f-]*\).*|\1|p" "$T/h" | tr -d '\r'
}
# count: the entries this node wrote (entries that arrive from the hub
# meanwhile are not the form's doing).
count() {
    k=$(sqlite3 "$DB" "SELECT v FROM node_meta WHERE k = 'self_key'" |
        tr '_-' '/+')
    hex=$(printf '%s=' "$k" | base64 -d | od -An -tx1 | tr -d ' \n' |
        tr 'a-f' 'A-F')
    [ ${#hex} = 64 ] || fail "cannot read this node's key"
    sqlite3 "$DB" "SELECT count(*) FROM entry JOIN feed USING (feed)
        WHERE hex(author) = '$hex'"
}

# The list links to the form; the form is drawn from the schema, with
# labels and values in words.
[ "$(get "$B/t/organisation")" = 200 ] || fail "organisations"
has "$OUT" 'href="/t/organisation/new" id="add"'
[ "$(get "$B/t/organisation/new")" = 200 ] || fail "form page"
has "$OUT" '<label for="f-name">Naziv *</label>'
has "$OUT" '>Vrsta organizacije *</label>'
has "$OUT" '>Kulturno društvo</option>'
has "$OUT" '<label for="f-website">Web stranica</label>'
lacks "$OUT" '>cultural_club<'
tok=$(csrf)
[ -n "$tok" ] || fail "no csrf field"

# Without the token nothing is written.
before=$(count)
[ "$before" -gt 0 ] || fail "no entries of this node counted"
[ "$(get "$B/t/organisation/new" -X POST -d "name=Bez+tokena" \
    -d org_type=sport)" = 403 ] || fail "a form without its token was taken"
[ "$(count)" = "$before" ] || fail "a refused form wrote"

# The library's checks, in Bosnian, the field by its label, marked, and
# nothing typed is lost.
[ "$(get "$B/t/organisation/new" -X POST --data-urlencode "csrf=$tok" \
    --data-urlencode "name=Udruženje BiH Beč" -d org_type=cultural_club \
    -d website=nije-adresa)" = 400 ] || fail "a bad website was taken"
has "$OUT" "Ispravite označeno polje: Web stranica: &#39;nije-adresa&#39; nije ispravna adresa"
has "$OUT" 'name="website" class="bad" aria-invalid="true"'
has "$OUT" 'value="Udruženje BiH Beč"'
lacks "$OUT" "website:"
[ "$(get "$B/t/organisation/new" -X POST --data-urlencode "csrf=$tok" \
    -d org_type=sport)" = 400 ] || fail "an organisation without a name"
has "$OUT" "Obavezno polje nije popunjeno: Naziv"
[ "$(get "$B/t/organisation/new?lang=en" -X POST --data-urlencode "csrf=$tok" \
    -d name=X -d org_type=sport -d email=nope)" = 400 ] ||
    fail "a bad e-mail was taken"
has "$OUT" "Please correct:"
lacks "$OUT" "email:"
get "$B/t/organisation?lang=bs" >/dev/null
[ "$(count)" = "$before" ] || fail "a refused form wrote"

# Added: a 303 to the new row, which says it was saved.
[ "$(get "$B/t/organisation/new" -X POST --data-urlencode "csrf=$tok" \
    --data-urlencode "name=Udruženje BiH Beč" -d org_type=cultural_club \
    -d country=AT --data-urlencode "city=Beč" -d scope=hub)" = 303 ] ||
    fail "the form was refused: $(cat "$OUT")"
oid=$(where /t/organisation/)
[ -n "$oid" ] || fail "no redirect to the new organisation"
grep -qi "^location: /t/organisation/$oid?done=saved" "$T/h" ||
    fail "no saved flag"
[ "$(get "$B/t/organisation/$oid?done=saved")" = 200 ] || fail "row page"
has "$OUT" 'id="notice" role="status">Spremljeno.</p>'
has "$OUT" "Udruženje BiH Beč"
has "$OUT" "Kulturno društvo"
has "$OUT" 'id="edit"'
has "$OUT" 'id="delete"'
run 0 --dir "$T/bihac" get organisation "$oid"
has "$OUT" "cultural_club"
has "$OUT" "hub"

# Edited: the form holds the row; a changed field is written.
[ "$(get "$B/t/organisation/$oid/edit")" = 200 ] || fail "edit page"
has "$OUT" 'value="Udruženje BiH Beč"'
has "$OUT" 'value="cultural_club" selected'
tok=$(csrf)
[ "$(get "$B/t/organisation/$oid/edit" -X POST --data-urlencode "csrf=$tok" \
    --data-urlencode "name=Udruženje BiH Beč" -d org_type=cultural_club \
    -d country=AT -d city=Graz -d scope=hub)" = 303 ] ||
    fail "the edit was refused: $(cat "$OUT")"
run 0 --dir "$T/bihac" get organisation "$oid"
has "$OUT" "Graz"
[ "$(get "$B/t/organisation/$oid/edit" -X POST --data-urlencode "csrf=$tok" \
    --data-urlencode "name=Udruženje BiH Beč" -d org_type=klub)" = 400 ] ||
    fail "a bad type was taken"
has "$OUT" "Vrsta organizacije: &#39;klub&#39;"

# Another organisation's row: no links, and its forms are refused.
[ "$(get "$B/t/organisation/$theirs")" = 200 ] || fail "their row"
has "$OUT" "Klub Živinice Linz"
lacks "$OUT" 'id="edit"'
lacks "$OUT" 'id="delete"'
[ "$(get "$B/t/organisation/$theirs/edit")" = 403 ] || fail "edit of another's"
[ "$(get "$B/t/organisation/$theirs/edit" -X POST --data-urlencode "csrf=$tok" \
    -d name=Moje -d org_type=sport)" = 403 ] || fail "another's was written"
[ "$(get "$B/t/organisation/$theirs/delete")" = 403 ] ||
    fail "delete of another's"

# The lists: the folding search, a filter per table, sorting, paging.
[ "$(get "$B/t/organisation?q=udruzenje")" = 200 ] || fail "search"
has "$OUT" "<mark>Udruženje</mark>"
lacks "$OUT" "Klub Živinice Linz"
[ "$(get "$B/t/organisation")" = 200 ] || fail "list"
has "$OUT" '>Vrsta organizacije<select name="org_type" id="filter-org_type">'
has "$OUT" '<option value="cultural_club">Kulturno društvo</option>'
[ "$(get "$B/t/organisation?org_type=sport")" = 200 ] || fail "filter"
has "$OUT" "Klub Živinice Linz"
lacks "$OUT" "Udruženje BiH Beč"
has "$OUT" '<option value="sport" selected>'
[ "$(get "$B/t/organisation?country=AT")" = 200 ] || fail "filter"
has "$OUT" "Udruženje BiH Beč"
lacks "$OUT" "Klub Živinice Linz"
[ "$(get "$B/t/organisation?city=GRAZ")" = 200 ] || fail "filter"
has "$OUT" "Udruženje BiH Beč"
[ "$(get "$B/t/organisation?city=Linz")" = 200 ] || fail "filter"
lacks "$OUT" "Udruženje BiH Beč"
has "$OUT" "Nema rezultata."
order() {
    tr -d '\n' <"$OUT" | grep -o "Klub Živinice Linz\|Udruženje BiH Beč" |
        tr '\n' ' '
}
[ "$(get "$B/t/organisation?sort=name")" = 200 ] || fail "sorted"
[ "$(order)" = "Klub Živinice Linz Udruženje BiH Beč " ] || fail "not sorted: $(order)"
has "$OUT" 'href="/t/organisation?sort=-name">Naziv'
[ "$(get "$B/t/organisation?sort=-name")" = 200 ] || fail "sorted"
[ "$(order)" = "Udruženje BiH Beč Klub Živinice Linz " ] || fail "not sorted: $(order)"
[ "$(get "$B/t/organisation?sort=nope")" = 400 ] || fail "an unknown sort"
[ "$(get "$B/t/event?start_date=2025")" = 200 ] || fail "event year"
has "$OUT" "Dani dijaspore"
lacks "$OUT" "Poslovni forum"
[ "$(get "$B/t/event?start_date=20x5")" = 400 ] || fail "a bad year"
[ "$(get "$B/t/need?sort=-count")" = 200 ] || fail "needs"
has "$OUT" 'id="count">22 '
has "$OUT" '<td>22</td>'
lacks "$OUT" '<td>2</td>'
has "$OUT" 'rel="next" href="/t/need?sort=-count&amp;page=2"'
[ "$(get "$B/t/need?sort=-count&page=2")" = 200 ] || fail "page 2"
has "$OUT" '<td>2</td>'
has "$OUT" '<td>1</td>'
lacks "$OUT" '<td>22</td>'
[ "$(get "$B/t/need?category=documents")" = 200 ] || fail "need filter"
has "$OUT" 'id="count">0 '
[ "$(get "$B/t/need?page=0")" = 400 ] || fail "page 0"

# Services, events and needs have the same forms, checkboxes for lists.
[ "$(get "$B/t/service/new")" = 200 ] || fail "service form"
has "$OUT" 'type="checkbox" name="channels"'
[ "$(get "$B/t/event/new" -X POST --data-urlencode "csrf=$tok" \
    -d name=Dani -d start_date=2026-13-40)" = 400 ] || fail "a bad date"
has "$OUT" "nije ispravan datum"
[ "$(get "$B/t/need/new" -X POST --data-urlencode "csrf=$tok" \
    -d category=documents -d count=12 -d year=2026)" = 303 ] ||
    fail "a need was refused: $(cat "$OUT")"
[ "$(get "$B/t/practice/new")" = 404 ] || fail "a table without a form"

# Deleting asks first: the page says what goes and holds the form; only
# its POST with the token deletes.
[ "$(get "$B/t/organisation/new" -X POST --data-urlencode "csrf=$tok" \
    -d name=Privremeno -d org_type=other)" = 303 ] || fail "add"
gone=$(where /t/organisation/)
[ "$(get "$B/t/organisation/$gone/delete")" = 200 ] || fail "delete page"
has "$OUT" "Obrisati ovaj zapis?"
has "$OUT" 'id="delete-what"'
has "$OUT" "Privremeno"
has "$OUT" "action=\"/t/organisation/$gone/delete\""
run 0 --dir "$T/bihac" get organisation "$gone" # asking deleted nothing
if grep -q '^deleted *yes' "$OUT"; then fail "the page that asks deleted"; fi
[ "$(get "$B/t/organisation/$gone/delete" -X POST)" = 403 ] ||
    fail "a delete without the token was taken"
run 0 --dir "$T/bihac" get organisation "$gone"
if grep -q '^deleted *yes' "$OUT"; then fail "deleted without the token"; fi
[ "$(get "$B/t/organisation/$gone/delete" -X POST \
    --data-urlencode "csrf=$tok")" = 303 ] || fail "delete refused"
grep -qi "^location: /t/organisation?done=deleted" "$T/h" || fail "no notice"
[ "$(get "$B/t/organisation?done=deleted")" = 200 ] || fail "list"
has "$OUT" 'id="notice" role="status">Obrisano.</p>'
lacks "$OUT" "Privremeno"
[ "$(get "$B/t/organisation/$gone")" = 404 ] || fail "a deleted row shown"

# A person through the form, then a consent on the person's page.
[ "$(get "$B/t/person/new")" = 200 ] || fail "person form"
has "$OUT" '<label for="f-given_name">Ime *</label>'
[ "$(get "$B/t/person/new" -X POST --data-urlencode "csrf=$tok" \
    -d given_name=Amra --data-urlencode "family_name=Hodžić" -d country=AT \
    -d languages=bs -d languages=de)" = 303 ] ||
    fail "the person was refused: $(cat "$OUT")"
person=$(where /t/person/)
[ -n "$person" ] || fail "no redirect to the person"
# Shared wider than its consents allow: refused by the library's privacy
# rule, said in words, the sharing field marked.
[ "$(get "$B/t/person/$person/edit" -X POST --data-urlencode "csrf=$tok" \
    -d given_name=Amra --data-urlencode "family_name=Hodžić" -d country=AT \
    -d scope=hub)" = 400 ] || fail "a person shared without consent"
has "$OUT" "Dijeljenje: &#39;Čvorište&#39; traži aktivnu saglasnost &#39;Dijeljenje u čvorištu&#39; s dokazom"
has "$OUT" 'name="scope" class="bad"'
lacks "$OUT" "cannot be shared"
[ "$(get "$B/t/person/$person/edit" -X POST --data-urlencode "csrf=$tok" \
    -d given_name=Amra -d scope=public)" = 400 ] || fail "a public person"
has "$OUT" "nije dozvoljeno za lične podatke"
[ "$(get "$B/t/person/$person")" = 200 ] || fail "person page"
has "$OUT" "Hodžić"
has "$OUT" "Nema aktivne saglasnosti."
has "$OUT" 'id="consent-form"'
has "$OUT" "action=\"/t/person/$person/consent\""
has "$OUT" 'id="erase"'
lacks "$OUT" 'id="delete"'
run 0 --dir "$T/bihac" get person "$person"
has "$OUT" "bs|de"
[ "$(get "$B/t/person/$person/consent" -X POST --data-urlencode "csrf=$tok" \
    -d person_id="$person" -d purpose=share_hub -d granted_at=1.11.2026)" = 400 ] ||
    fail "a bad date was taken"
has "$OUT" "Datum davanja: &#39;1.11.2026&#39; nije ispravan datum"
[ "$(get "$B/t/person/$person/consent" -X POST --data-urlencode "csrf=$tok" \
    -d person_id="$theirs" -d purpose=share_hub -d granted_at=2026-11-01)" = 400 ] ||
    fail "a consent for another person was taken"
[ "$(get "$B/t/person/$person/consent" -X POST --data-urlencode "csrf=$tok" \
    -d person_id="$person" -d purpose=share_hub -d granted_at=2026-11-01 \
    -d method=signed_paper --data-urlencode "evidence=Obrazac 12/2026" \
    -d notice_version=v1 -d channels=email)" = 303 ] ||
    fail "the consent was refused: $(cat "$OUT")"
grep -qi "^location: /t/person/$person?done=saved" "$T/h" || fail "no notice"
[ "$(get "$B/t/person/$person")" = 200 ] || fail "person page"
has "$OUT" 'id="consents"'
has "$OUT" "Dijeljenje u čvorištu"
has "$OUT" "Obrazac 12/2026"
consent=$(sed -n 's|.*action="/t/consent/\([0-9a-f-]*\)/withdraw".*|\1|p' "$OUT" | head -1)
# With the consent, the person may be shared with the hub.
[ "$(get "$B/t/person/$person/edit" -X POST --data-urlencode "csrf=$tok" \
    -d given_name=Amra --data-urlencode "family_name=Hodžić" -d country=AT \
    -d languages=bs -d languages=de -d scope=hub)" = 303 ] ||
    fail "the consented sharing was refused: $(cat "$OUT")"
run 0 --dir "$T/bihac" get person "$person"
grep -q '^scope *hub' "$OUT" || fail "not shared with the hub"
[ -n "$consent" ] || fail "no withdraw button"
run 0 --dir "$T/bihac" get consent "$consent"
has "$OUT" "$person"
lacks "$OUT" "withdrawn_at"
[ "$(get "$B/t/consent/$consent/withdraw" -X POST)" = 403 ] ||
    fail "a withdrawal without the token was taken"
[ "$(get "$B/t/consent/$consent/withdraw" -X POST \
    --data-urlencode "csrf=$tok")" = 303 ] || fail "withdrawal refused"
grep -qi "^location: /t/person/$person?done=withdrawn" "$T/h" ||
    fail "no notice"
run 0 --dir "$T/bihac" get consent "$consent"
has "$OUT" "withdrawn_at"
[ "$(get "$B/t/person/$person?done=withdrawn")" = 200 ] || fail "person page"
has "$OUT" "Saglasnost je povučena."
lacks "$OUT" "/t/consent/$consent/withdraw"

# Erasure asks first, and only the POST with the token erases, audited.
[ "$(get "$B/t/person/$person/erase")" = 200 ] || fail "erase page"
has "$OUT" "Trajno izbrisati ovu osobu?"
has "$OUT" 'id="erase-what"'
run 0 --dir "$T/bihac" get person "$person" # asking erased nothing
[ "$(get "$B/t/person/$person/erase" -X POST)" = 403 ] ||
    fail "an erasure without the token was taken"
run 0 --dir "$T/bihac" get person "$person"
[ "$(get "$B/t/person/$person/erase" -X POST \
    --data-urlencode "csrf=$tok")" = 303 ] || fail "erasure refused"
grep -qi "^location: /t/person?done=erased" "$T/h" || fail "no notice"
run 1 --dir "$T/bihac" get person "$person"
run 1 --dir "$T/bihac" get consent "$consent"
run 0 --dir "$T/bihac" audit
has "$OUT" "erase"
has "$OUT" "web:operator"
run 0 --dir "$T/bihac" audit --verify
[ "$(get "$B/t/person/$person")" = 404 ] || fail "an erased person shown"

# Through the hub to Živinice: the organisation as edited, not its own
# to edit there.
stop bihac
run 0 --dir "$T/bihac" sync
run 0 --dir "$T/zivinice" sync
run 0 --dir "$T/zivinice" get organisation "$oid"
has "$OUT" "Udruženje BiH Beč"
has "$OUT" "Graz"
run 0 --dir "$T/zivinice" get organisation "$gone"
grep -q '^deleted *yes' "$OUT" || fail "the deletion did not travel"
start zivinice
Z="http://127.0.0.1:$(cat "$T/zivinice.ui")"
rm -f "$J"
[ "$(get "$Z/t/organisation/$oid")" = 200 ] || fail "the row on Živinice"
has "$OUT" "Udruženje BiH Beč"
lacks "$OUT" 'id="edit"'
[ "$(get "$Z/t/organisation/$oid/edit")" = 403 ] || fail "edit of another's"
stop zivinice

# A conflict on an organisation (two devices of Bihać change its city
# offline) shows on its page; keeping one version comes back to it.
node laptop "Grad Bihać"
join laptop fbih node
run 0 --dir "$T/laptop" sync
run 0 --dir "$T/laptop" get organisation "$oid"
run 0 --dir "$T/bihac" put organisation --id "$oid" city=Salzburg
run 0 --dir "$T/laptop" put organisation --id "$oid" city=Innsbruck
for n in bihac laptop bihac; do run 0 --dir "$T/$n" sync; done
run 0 --dir "$T/bihac" conflicts
has "$OUT" "organisation $oid city"
start bihac
rm -f "$J"
[ "$(get "$B/t/organisation/$oid")" = 200 ] || fail "row page"
has "$OUT" 'id="row-conflicts"'
has "$OUT" "Salzburg"
has "$OUT" "Innsbruck"
keep=$(sed -n 's|.*<a class="keep noprint" href="\(/resolve?[^"]*\)".*|\1|p' \
    "$OUT" | head -1 | sed 's/&amp;/\&/g')
[ -n "$keep" ] || fail "no keep link"
[ "$(get "$B$keep")" = 200 ] || fail "the page that asks"
has "$OUT" "id=\"cancel\" href=\"/t/organisation/$oid\""
tok=$(csrf)
kv=$(printf '%s' "$keep" | sed -n 's/.*[?&]keep=\([^&]*\).*/\1/p')
[ "$(get "$B/resolve" -X POST --data-urlencode "csrf=$tok" \
    -d table=organisation -d id="$oid" -d field=city -d "keep=$kv" \
    -d back=practice)" = 303 ] || fail "resolve refused: $(cat "$OUT")"
grep -qi "^location: /t/organisation/$oid?done=saved" "$T/h" ||
    fail "not back to the row"
run 0 --dir "$T/bihac" conflicts
lacks "$OUT" "organisation $oid city"
stop bihac

# With a login, an editor edits but does not erase.
printf '[ui]\nlogin = true\n' >>"$T/bihac/spona.conf"
printf 'dugacka-lozinka-1\n' | "$SPONA" --dir "$T/bihac" user add amra \
    --role editor >"$OUT" 2>"$ERR" || fail "user add"
run 0 --dir "$T/bihac" put person given_name=Edin family_name=Kovač country=DE
p2=$(cat "$OUT")
start bihac
rm -f "$J"
get "$B/login" >/dev/null
tok=$(csrf)
[ "$(get "$B/login" -X POST --data-urlencode "csrf=$tok" -d user=amra \
    -d password=dugacka-lozinka-1)" = 303 ] || fail "login refused"
[ "$(get "$B/t/person/$p2")" = 200 ] || fail "an editor sees persons"
has "$OUT" 'id="edit"'
lacks "$OUT" 'id="erase"'
tok=$(csrf)
[ "$(get "$B/t/person/$p2/erase")" = 403 ] || fail "an editor may erase"
[ "$(get "$B/t/person/$p2/erase" -X POST --data-urlencode "csrf=$tok")" = 403 ] ||
    fail "an editor erased"
run 0 --dir "$T/bihac" get person "$p2"
stop bihac
