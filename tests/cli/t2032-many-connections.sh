#!/bin/sh
# A hub under 1,000 concurrent connections (issue 18): 125 loopback
# addresses x 8 (the per-address limit) keep TLS connections open and ask
# GET /v1/info once a second on each, opened again whenever the hub
# closes one, while 4 more send a 1 MiB header line. Meanwhile the hub
# answers a request of a well-behaved client (a new TLS connection) within
# ANSWER_BOUND_MS, a member's 'spona sync' (a push, a pull and their
# connections) succeeds within SYNC_BOUND_MS each time, the oversized
# headers are answered 431 (or the connection closed), and the hub's peak
# RSS stays under RSS_LIMIT_MB. Loopback only, 20 s.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fed.sh"
command -v python3 >/dev/null || { echo "skip: no python3"; exit 77; }
ANSWER_BOUND_MS=1000
SYNC_BOUND_MS=3000
RSS_LIMIT_MB=128
if nm -D "$SPONA" 2>/dev/null | grep -q __asan_init ||
    nm "$SPONA" 2>/dev/null | grep -q __asan_init; then
    ANSWER_BOUND_MS=2500 # the sanitizer build is 2-3 times slower
    SYNC_BOUND_MS=7500
    RSS_LIMIT_MB=512   # shadow memory and ASan's allocator caches
    # ASan keeps freed blocks in a quarantine (256 MiB by default): the
    # thousands of closed TLS sessions would count as held.
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=16"
    export ASAN_OPTIONS
fi

hub fbih "Vlada Federacije BiH"
node bihac "Grad Bihać"
start fbih
join bihac fbih node
add bihac "Prije gužve" network >/dev/null
run 0 --dir "$T/bihac" sync
hub_port=$(sed -n 's/^listen = 127.0.0.1://p' "$T/fbih/spona.conf")
hub_pid=$(cat "$T/fbih.pid")

python3 "$SRC/tests/cli/hostile.py" busy "$hub_port" 125 8 4 20 \
    >"$T/busy.out" 2>"$T/busy.err" &
busy_pid=$!
PIDS="$PIDS $busy_pid"
i=0
until grep -q "^open" "$T/busy.out"; do
    i=$((i + 1))
    [ $i -lt 600 ] || fail "the clients did not connect: $(cat "$T/busy.err")"
    kill -0 "$busy_pid" 2>/dev/null || fail "hostile.py: $(cat "$T/busy.err")"
    sleep 0.1
done
opened=$(sed -n 's/^open //p' "$T/busy.out")
[ "$opened" -ge 950 ] || fail "only $opened of 1,000 connections opened"

for n in 1 2 3 4; do
    s=$(curl -sk -o /dev/null -w '%{time_total}' --max-time 10 \
        "https://127.0.0.1:$hub_port/v1/info") ||
        fail "the hub did not answer /v1/info among 1,000 connections"
    ms=$(awk -v s="$s" 'BEGIN { print int(s * 1000) }')
    echo "/v1/info among 1,000 connections: $ms ms"
    [ "$ms" -le "$ANSWER_BOUND_MS" ] ||
        fail "/v1/info took $ms ms among 1,000 connections"
    add bihac "Za vrijeme gužve $n" network >/dev/null
    t0=$(date +%s%N)
    set +e
    timeout 30 "$SPONA" --dir "$T/bihac" sync >"$OUT" 2>"$ERR"
    got=$?
    set -e
    ms=$(( ($(date +%s%N) - t0) / 1000000 ))
    [ "$got" -eq 0 ] || fail "sync failed among 1,000 connections (exit $got)"
    [ "$ms" -le "$SYNC_BOUND_MS" ] ||
        fail "sync took $ms ms among 1,000 connections"
    echo "sync among 1,000 connections: $ms ms"
    kill -0 "$hub_pid" 2>/dev/null || fail "the hub died: $(cat "$T/fbih.log")"
    sleep 2
done

wait "$busy_pid" || fail "hostile.py failed: $(cat "$T/busy.err")"
line=$(tail -1 "$T/busy.out")
echo "$line"
answered=$(echo "$line" | sed 's/.*answered \([0-9]*\).*/\1/')
[ "$answered" -ge 1000 ] || fail "the hub answered the clients too little: $line"
big=$(echo "$line" | grep -o 'big_[a-z0-9]* [0-9]*' | awk '{s += $2} END {print s + 0}')
[ "$big" -eq 4 ] || fail "not every oversized header was answered: $line"
if echo "$line" | grep -q 'big_200'; then
    fail "a 1 MiB header line was served: $line"
fi
rss=$(awk '/^VmHWM:/ { print int($2 / 1024) }' "/proc/$hub_pid/status")
echo "hub peak RSS: $rss MiB"
[ "$rss" -le "$RSS_LIMIT_MB" ] || fail "hub peak RSS $rss MiB over $RSS_LIMIT_MB"
run 0 --dir "$T/fbih" list practice
has "$OUT" "Za vrijeme gužve 4"
stop fbih
echo ok
