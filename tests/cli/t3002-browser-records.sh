#!/bin/sh
# The records' pages in headless chromium (tests/browser/records.cjs)
# against real processes (issue 17): an FBiH hub with Bihać and Ključ,
# and Lopare, whose pages are Serbian (Cyrillic) by its spona.conf.
# Through the forms: a person with a consent shared with the hub and seen
# there; an organisation edited; a Bosnian Windows-1250 CSV imported; a
# practice submitted, approved at the hub with a comment and the verdict
# seen back on Bihać; the hub's report with its charts. Screenshots go to
# $ARTEFACTS/browser-records. Needs chromium and playwright-core
# (tools/install-browser); skipped without them unless
# SPONA_REQUIRE_BROWSER=1, as tools/test sets.
. "$(dirname "$0")/lib.sh"

modules=${SPONA_NODE_MODULES:-$SRC/build/browser/node_modules}
if [ ! -x /usr/bin/chromium ] || ! command -v node >/dev/null 2>&1 ||
    [ ! -f "$modules/playwright-core/package.json" ]; then
    [ "${SPONA_REQUIRE_BROWSER:-0}" = 1 ] &&
        fail "chromium or playwright-core missing (run tools/install-browser)"
    echo "skipped: chromium or playwright-core missing (tools/install-browser)"
    exit 77
fi
command -v iconv >/dev/null 2>&1 || fail "iconv missing"
. "$(dirname "$0")/fed.sh"

hub fbih "Vlada Federacije BiH"
node bihac "Grad Bihać"
node kljuc "Opština Ključ"
node lopare "Opština Lopare"
printf '\n[ui]\nlanguage = sr\n' >>"$T/lopare/spona.conf"
start fbih
join bihac fbih node
join kljuc fbih node
# Shorter than the default, so a change reaches the hub within the test.
for n in bihac kljuc; do
    printf '\n[sync]\ninterval = 2\n' >>"$T/$n/spona.conf"
done

# Bihać's organisation, to be edited; a person that stays on Bihać (local),
# so the hub must not show it; a practice of Ključ the hub holds.
run 0 --dir "$T/bihac" put organisation name="Udruženje BiH Beč" \
    org_type=cultural_club country=AT city=Beč scope=hub
org=$(cat "$OUT")
run 0 --dir "$T/bihac" put person given_name=Nermin family_name=Lokalni \
    country=DE
run 0 --dir "$T/kljuc" put practice title="Dani dijaspore Ključ" \
    status=completed owner_lsg=kljuc sectors=DIA.identity_culture \
    start_year=2019 scope=hub
for n in kljuc bihac; do run 0 --dir "$T/$n" sync; done
run 0 --dir "$T/lopare" put practice title="Туристичка мапа Лопара" \
    status=pilot owner_lsg=lopare script=cyrillic
start bihac
start lopare

# Excel's CSV as an official saves it: Windows-1250, semicolons, the
# pages' own Bosnian labels as headers and values.
printf 'Naziv;Status;Godina početka;Trošak\n%s\n%s\n' \
    'Sajam meda u Ključu;U toku;2024;1.500,00' \
    'Čišćenje obale Une;Pilot;2023;2.000' |
    iconv -f UTF-8 -t WINDOWS-1250 >"$T/prakse.csv"
iconv -f WINDOWS-1250 -t UTF-8 <"$T/prakse.csv" | grep -q "Čišćenje" ||
    fail "the CSV is not Windows-1250"
if iconv -f UTF-8 -t UTF-8 <"$T/prakse.csv" >/dev/null 2>&1; then
    fail "the CSV is UTF-8, not Windows-1250"
fi

out=${ARTEFACTS:-$T}/browser-records
rm -rf "$out"
NODE_PATH=$modules command node "$SRC/tests/browser/records.cjs" \
    "http://127.0.0.1:$(cat "$T/bihac.ui")" \
    "http://127.0.0.1:$(cat "$T/fbih.ui")" \
    "http://127.0.0.1:$(cat "$T/lopare.ui")" \
    "$T/prakse.csv" "$org" "$out" >"$OUT" 2>"$ERR" ||
    fail "the browser test failed"
cat "$OUT"
[ -s "$out/9-hub-stats.png" ] || fail "no screenshots in $out"

# What the pages did is in the signed logs.
stop bihac
run 0 --dir "$T/bihac" verify
run 0 --dir "$T/bihac" get organisation "$org"
has "$OUT" "Salzburg"
run 0 --dir "$T/bihac" search "sajam meda"
run 0 --dir "$T/bihac" --json list consent
has "$OUT" "share_hub"
stop fbih
stop lopare
echo ok
