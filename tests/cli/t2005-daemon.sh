#!/bin/sh
# A municipality's 'spona serve' with its hub down: local writes go on,
# the daemon retries with backoff, and once the hub is back the changes
# reach it with no command typed. Then new hub data reaches the node.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fed.sh"

hub fbih "Vlada Federacije BiH"
node bihac "Grad Bihać"
start fbih
join bihac fbih node
stop fbih

# The node's daemon starts while the hub is down.
"$SPONA" --dir "$T/bihac" serve --ui off >"$T/bihac.log" 2>&1 &
echo $! >"$T/bihac.pid"
PIDS="$PIDS $!"
run 0 --dir "$T/bihac" put practice title="Dok hub spava" status=pilot \
    scope=network
i=0
until grep -q "sync failed, retrying" "$T/bihac.log"; do
    i=$((i + 1))
    [ $i -lt 100 ] || fail "the daemon did not try the hub: $(cat "$T/bihac.log")"
    sleep 0.1
done
# More local work while it waits: nothing blocks.
run 0 --dir "$T/bihac" put practice title="I ovo" status=idea scope=network
run 0 --dir "$T/bihac" list practice
has "$OUT" "I ovo"

start fbih
i=0
until titles fbih | grep -q "I ovo"; do
    i=$((i + 1))
    [ $i -lt 300 ] || fail "changes did not reach the hub: $(cat "$T/bihac.log")"
    sleep 0.1
done
titles fbih | grep -q "Dok hub spava" || fail "first change missing"
grep -q "sync works again" "$T/bihac.log" || fail "no recovery logged"

# The other way: a hub change reaches the node through the daemon soon
# after the node's next local write (which schedules a round).
run 0 --dir "$T/fbih" put practice title="Od huba" status=idea scope=network
run 0 --dir "$T/bihac" put practice title="Okidač" status=idea scope=network
i=0
until titles bihac | grep -q "Od huba"; do
    i=$((i + 1))
    [ $i -lt 300 ] || fail "hub change did not reach the node: $(cat "$T/bihac.log")"
    sleep 0.1
done

stop bihac
grep -q "stopping" "$T/bihac.log" || fail "the daemon did not stop cleanly"
stop fbih
echo ok
