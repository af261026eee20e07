#!/bin/sh
# tools/demo --once brings the whole demo federation up with this build,
# shows a change that crossed two hubs, verifies, and leaves nothing
# running.
. "$(dirname "$0")/lib.sh"
: "${SRC:?}"

port=$(( 20000 + ($$ * 17) % 30000 ))
SPONA_DEMO_PORT=$port SPONA_DEMO_DIR=$T/demo "$SRC/tools/demo" --once >"$OUT" 2>"$ERR" ||
    fail "tools/demo --once failed"
has "$OUT" "crossed the RS hub and the state hub"
has "$OUT" "Opština Lopare"
has "$OUT" "Е-Матичар за дијаспору"
has "$OUT" "verified"
has "$OUT" "Grad Živinice"
# Every process of the demo has stopped.
if pgrep -f "$T/demo" >/dev/null 2>&1; then fail "demo left processes"; fi
# The RS hub-scoped practice stayed in the RS part of the tree.
"$SPONA" --dir "$T/demo/bihac" list practice >"$OUT"
lacks "$OUT" "Sajam poljoprivrede Lopare"
"$SPONA" --dir "$T/demo/lopare" list practice >"$OUT"
has "$OUT" "Sajam poljoprivrede Lopare"
lacks "$OUT" "Savjet mladih"
# An honest demo: no fork, no refusal, no finding against any hub.
for d in "$T"/demo/*/; do
    [ -f "$d/node.db" ] || continue
    "$SPONA" --dir "$d" status >"$OUT"
    has "$OUT" "forks       0"
    has "$OUT" "rejected    0"
    has "$OUT" "evidence    0"
done
echo ok
