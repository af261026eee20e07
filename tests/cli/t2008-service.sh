#!/bin/sh
# 'spona serve' as a service: daemon log lines (time stamp and level, or
# journald priorities), the lock that refuses a second serve, SIGHUP
# reloading the log level without dropping a connection (and a bad file
# refused) and moving the pages to a new [ui] address, and /healthz and
# /metrics after real sync rounds, on a member and on its hub.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fed.sh"

STAMP='^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z (debug|info|warn|error) '

hub fbih "Vlada Federacije BiH"
node bihac "Grad Bihać"
start fbih
join bihac fbih node
# Rounds every second, so the figures move and /healthz's limit is short
# (3 intervals + retry_max = 4 s).
printf '\n[sync]\ninterval = 1\nretry_max = 1\n' >>"$T/bihac/spona.conf"
add bihac "Praksa za metrike" network >/dev/null
start bihac
B="http://127.0.0.1:$(cat "$T/bihac.ui")"
H="http://127.0.0.1:$(cat "$T/fbih.ui")"

# metric URL SAMPLE: the value of one sample of URL/metrics ("" if none).
metric() {
    curl -s -m 10 "$1/metrics" |
        awk -v n="$2" 'substr($0, 1, length(n) + 1) == n " " { print $NF }'
}
# at_least VALUE MIN: VALUE is a number >= MIN.
at_least() {
    awk -v v="$1" -v m="$2" 'BEGIN { exit !(v != "" && v + 0 >= m + 0) }'
}

# The first round: the node's own entry reaches the hub.
i=0
until at_least "$(metric "$B" 'spona_sync_rounds_total{result="ok"}')" 1; do
    i=$((i + 1))
    [ $i -lt 100 ] || fail "no sync round: $(cat "$T/bihac.log")"
    sleep 0.1
done

# Log lines: each one time-stamped with its level.
has "$T/bihac.log" "web pages on"
if grep -Ev "$STAMP" "$T/bihac.log"; then
    fail "a log line without time stamp and level"
fi
grep -Eq "${STAMP}synced: pushed [1-9]" "$T/bihac.log" || fail "no synced line"

# The lock: a second serve on the folder is refused, the first goes on.
run 1 --dir "$T/bihac" serve --ui off
has "$ERR" "another 'spona serve' (process $(cat "$T/bihac.pid")) runs on"
kill -0 "$(cat "$T/bihac.pid")" || fail "the first serve died"

# /metrics of the member, after the round.
curl -s -m 10 -D "$T/h" -o "$T/m" "$B/metrics" || fail "metrics"
has "$T/h" "text/plain; version=0.0.4"
for name in spona_info spona_database_writable spona_entries \
    spona_entries_refused spona_payloads_purged spona_payloads_withheld spona_feeds \
    spona_feeds_forked spona_forks spona_conflicts spona_rejected_entries_all \
    spona_rejected_entries spona_unacknowledged_entries \
    spona_last_sync_timestamp_seconds spona_start_time_seconds \
    spona_sync_rounds_total spona_sync_entries_total \
    spona_sync_batch_seconds spona_api_request_seconds \
    spona_api_errors_total spona_config_reloads_total; do
    has "$T/m" "# TYPE $name "
done
has "$T/m" 'spona_info{version="'
has "$T/m" 'role="node"} 1'
v() { awk -v n="$1" 'substr($0, 1, length(n) + 1) == n " " { print $NF }' "$T/m"; }
[ "$(v spona_database_writable)" = 1 ] || fail "database not writable"
# Its practice, and its witness of the hub once it checked a checkpoint.
w=$(sqlite3 "$T/bihac/node.db" "SELECT count(*) FROM entry WHERE tbl = 'witness' AND feed = (SELECT feed FROM entry WHERE tbl = 'practice' ORDER BY n LIMIT 1)")
[ "$(v 'spona_entries{origin="own"}')" = $((1 + w)) ] || fail "own entries"
[ "$(v spona_forks)" = 0 ] || fail "forks"
[ "$(v spona_conflicts)" = 0 ] || fail "conflicts"
[ "$(v spona_feeds_forked)" = 0 ] || fail "forked feeds"
at_least "$(v spona_feeds)" 1 || fail "feeds"
[ "$(v spona_unacknowledged_entries)" = 0 ] || fail "unacknowledged"
at_least "$(v 'spona_sync_entries_total{direction="push",result="applied"}')" 1 ||
    fail "pushed entries not counted"
at_least "$(v 'spona_sync_batch_seconds_count{direction="push"}')" 1 ||
    fail "push batches not timed"
at_least "$(v 'spona_sync_batch_seconds_count{direction="pull"}')" 1 ||
    fail "pull batches not timed"
# A histogram's +Inf bucket counts every observation.
[ "$(v 'spona_sync_batch_seconds_bucket{direction="pull",le="+Inf"}')" = \
    "$(v 'spona_sync_batch_seconds_count{direction="pull"}')" ] ||
    fail "+Inf bucket and count differ"
last=$(sed -n 's/^spona_last_sync_timestamp_seconds{hub="https:[^"]*"} //p' "$T/m")
now=$(date +%s)
awk -v l="$last" -v n="$now" 'BEGIN { exit !(l > n - 60 && l <= n + 1) }' ||
    fail "last sync time '$last' is not recent"

# /metrics of the hub: its member, its API timings, what it received.
curl -s -m 10 -o "$T/m" "$H/metrics" || fail "hub metrics"
has "$T/m" 'role="hub"} 1'
[ "$(v 'spona_members{role="node",state="active"}')" = 1 ] || fail "members"
grep -q '^spona_member_lag_entries{key="[^"]*",org="Grad Bihać",name="bihac"} [0-9]' \
    "$T/m" || fail "no member lag"
at_least "$(v 'spona_api_request_seconds_count{endpoint="push"}')" 1 ||
    fail "push requests not timed"
at_least "$(v 'spona_api_request_seconds_count{endpoint="pull"}')" 1 ||
    fail "pull requests not timed"
at_least "$(v 'spona_entries{origin="received"}')" 1 || fail "received"

# /healthz: fine while rounds work.
[ "$(curl -s -m 10 -o "$T/hz" -w '%{http_code}' "$B/healthz")" = 200 ] ||
    fail "healthz: $(cat "$T/hz")"
has "$T/hz" '"status":"ok"'
has "$T/hz" '"database":"writable"'
has "$T/hz" '"last_sync_limit_s":4'
# Loopback, but a Host that is not this machine: no figures.
[ "$(curl -s -m 10 -o /dev/null -w '%{http_code}' -H 'Host: evil.example' \
    "$B/metrics")" != 200 ] || fail "metrics for a foreign Host"

# SIGHUP: the log level changes, the server and a kept-alive connection
# stay. Before: no debug lines.
lacks "$T/bihac.log" " debug "
sed -i 's/^log_level = info/log_level = debug/' "$T/bihac/spona.conf"
curl -s -m 10 --rate 1/s -o /dev/null -o /dev/null \
    -w '%{num_connects}\n' "$B/healthz" "$B/healthz" >"$T/conns" &
cpid=$!
sleep 0.3
kill -HUP "$(cat "$T/bihac.pid")"
wait "$cpid" || fail "the connection broke over the reload"
[ "$(tr '\n' ' ' <"$T/conns")" = "1 0 " ] ||
    fail "the reload dropped the connection: $(cat "$T/conns")"
i=0
until grep -q "reloaded the config: log_level debug" "$T/bihac.log"; do
    i=$((i + 1))
    [ $i -lt 50 ] || fail "no reload: $(cat "$T/bihac.log")"
    sleep 0.1
done
curl -s -m 10 -o /dev/null "$B/practices"
grep -Eq "${STAMP}web: GET /practices 200" "$T/bihac.log" ||
    fail "the new level did not take: $(cat "$T/bihac.log")"
kill -0 "$(cat "$T/bihac.pid")" || fail "serve ended on SIGHUP"
# A bad file is refused; the settings in force stay.
cp "$T/bihac/spona.conf" "$T/good.conf"
echo "log_levle = warn" >>"$T/bihac/spona.conf"
kill -HUP "$(cat "$T/bihac.pid")"
i=0
until grep -q "reload failed, the settings in force stay" "$T/bihac.log"; do
    i=$((i + 1))
    [ $i -lt 50 ] || fail "bad config not reported: $(cat "$T/bihac.log")"
    sleep 0.1
done
[ "$(metric "$B" 'spona_config_reloads_total{result="failed"}')" = 1 ] ||
    fail "failed reload not counted"
[ "$(metric "$B" 'spona_config_reloads_total{result="ok"}')" = 1 ] ||
    fail "reload not counted"
cp "$T/good.conf" "$T/bihac/spona.conf"

# The hub goes away: after 4 s without a round /healthz says 503.
stop fbih
i=0
until [ "$(curl -s -m 10 -o "$T/hz" -w '%{http_code}' "$B/healthz")" = 503 ]; do
    i=$((i + 1))
    [ $i -lt 150 ] || fail "healthz stayed fine without the hub"
    sleep 0.1
done
has "$T/hz" '"status":"fail"'
has "$T/hz" "the last sync is too old"
stop bihac
has "$T/bihac.log" "stopping"

# Under systemd, standard error is the journal: priority prefixes instead.
: >"$T/j.log"
stream=$(stat -c '%d:%i' "$T/j.log")
JOURNAL_STREAM=$stream "$SPONA" --dir "$T/bihac" serve --ui off \
    2>>"$T/j.log" &
jpid=$!
PIDS="$PIDS $jpid"
i=0
until grep -q "^<4>sync failed, retrying" "$T/j.log"; do
    i=$((i + 1))
    [ $i -lt 100 ] || fail "no journal lines: $(cat "$T/j.log")"
    sleep 0.1
done
kill -TERM "$jpid"
wait "$jpid" || fail "serve under the journal failed"
has "$T/j.log" "<6>stopping"
if grep -Ev '^<[0-7]>[^ ]' "$T/j.log"; then
    fail "a journal line without a priority"
fi

# Without --ui, the config places the pages, and a reload moves them; an
# address that does not work is refused and the old one comes back.
take_port
p1=$port
printf '\n[ui]\nlisten = 127.0.0.1:%s\n' "$p1" >>"$T/bihac/spona.conf"
"$SPONA" --dir "$T/bihac" serve >"$T/ui.log" 2>&1 &
upid=$!
PIDS="$PIDS $upid"
# up PORT: waits until the pages answer on PORT.
up() {
    i=0
    until curl -s -m 5 -o /dev/null "http://127.0.0.1:$1/healthz"; do
        i=$((i + 1))
        [ $i -lt 100 ] || fail "no pages on $1: $(cat "$T/ui.log")"
        sleep 0.1
    done
}
# refusals: how often a reload's [ui] settings were refused so far.
refusals() {
    grep -c "the new \[ui\] settings do not work" "$T/ui.log" || true
}
up "$p1"
# A free port may be taken by a test running beside this one before the
# reload binds it; then the move is refused, and another port is tried.
p2=""
for _ in 1 2 3; do
    take_port
    n=$(refusals)
    sed -i "s/^listen = 127.0.0.1:$p1\$/listen = 127.0.0.1:$port/" \
        "$T/bihac/spona.conf"
    kill -HUP "$upid"
    i=0
    until grep -q "web pages on http://127.0.0.1:$port/" "$T/ui.log" ||
        [ "$(refusals)" -gt "$n" ]; do
        i=$((i + 1))
        [ $i -lt 100 ] || fail "no reload of [ui]: $(cat "$T/ui.log")"
        sleep 0.1
    done
    if grep -q "web pages on http://127.0.0.1:$port/" "$T/ui.log"; then
        p2=$port
        break
    fi
    sed -i "s/^listen = 127.0.0.1:$port\$/listen = 127.0.0.1:$p1/" \
        "$T/bihac/spona.conf"
done
[ -n "$p2" ] || fail "the pages never moved: $(cat "$T/ui.log")"
up "$p2"
set +e
curl -s -m 5 -o /dev/null "http://127.0.0.1:$p1/healthz"
got=$?
set -e
[ "$got" -eq 7 ] || fail "the old address still answers ($got)"
n=$(refusals)
sed -i "s/^listen = 127.0.0.1:$p2\$/listen = nowhere/" "$T/bihac/spona.conf"
kill -HUP "$upid"
i=0
until [ "$(refusals)" -gt "$n" ]; do
    i=$((i + 1))
    [ $i -lt 100 ] || fail "bad [ui] not refused: $(cat "$T/ui.log")"
    sleep 0.1
done
up "$p2"
kill -TERM "$upid"
wait "$upid" || fail "serve failed: $(cat "$T/ui.log")"
echo ok
