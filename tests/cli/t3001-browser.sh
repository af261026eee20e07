#!/bin/sh
# The web pages in headless chromium (tests/browser/web.cjs) against real
# processes: an FBiH hub with Bihać, an RS hub with Lopare, both under a
# state hub, so Bihać's pages show practices that crossed two hubs.
# Screenshots go to $ARTEFACTS/browser. Needs chromium and playwright-core
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
. "$(dirname "$0")/fed.sh"

hub state "Ministarstvo za ljudska prava i izbjeglice BiH"
hub fbih "Vlada Federacije BiH"
hub rs "Vlada Republike Srpske"
node bihac "Grad Bihać"
node lopare "Opština Lopare"
start state
join fbih state hub
join rs state hub
start fbih
start rs
join bihac fbih node
join lopare rs node
run 0 --dir "$T/lopare" put practice title="e-Matičar za dijasporu" \
    status=ongoing scope=network owner_lsg=lopare sectors=GOV.e_services
run 0 --dir "$T/lopare" put practice title="Туристичка мапа Лопара" \
    status=pilot scope=network owner_lsg=lopare script=cyrillic
for n in lopare rs fbih bihac; do run 0 --dir "$T/$n" sync; done
start bihac

out=${ARTEFACTS:-$T}/browser
rm -rf "$out"
NODE_PATH=$modules command node "$SRC/tests/browser/web.cjs" \
    "http://127.0.0.1:$(cat "$T/bihac.ui")" \
    "http://127.0.0.1:$(cat "$T/fbih.ui")" "$out" >"$OUT" 2>"$ERR" ||
    fail "the browser test failed"
cat "$OUT"
[ -s "$out/7-hub-dashboard.png" ] || fail "no screenshots in $out"
# The practice added through the form went into Bihać's signed log.
run 0 --dir "$T/bihac" verify
run 0 --dir "$T/bihac" search "kulturni most"
has "$OUT" "Kulturni most"
stop bihac
