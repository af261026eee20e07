# SPDX-License-Identifier: MIT
# Sourced by the federation tests after lib.sh: real 'spona serve' hubs on
# 127.0.0.1 with generated certificates, started and stopped by the test,
# all killed on exit. Ports are picked from the process id and checked.
PIDS=""
BASE_PORT=$(( 20000 + ($$ * 13) % 30000 ))
NEXT_PORT=$BASE_PORT

cleanup_fed() {
    for p in $PIDS; do kill -KILL "$p" 2>/dev/null || true; done
    rm -rf "$T"
}
trap cleanup_fed EXIT INT TERM

# take_port: sets port to the next port from NEXT_PORT that nothing on
# 127.0.0.1 accepts connections on (curl exit 7: refused).
take_port() {
    while curl -s -o /dev/null -m 1 "http://127.0.0.1:$NEXT_PORT/"; [ $? -ne 7 ]; do
        NEXT_PORT=$((NEXT_PORT + 1))
    done
    port=$NEXT_PORT
    NEXT_PORT=$((NEXT_PORT + 1))
}

# hub NAME ORG: makes a hub in $T/NAME listening on the next free port.
hub() {
    take_port
    run 0 --dir "$T/$1" init --hub --org "$2" --listen "127.0.0.1:$port"
}

# node NAME ORG: makes a municipality node in $T/NAME.
node() {
    run 0 --dir "$T/$1" init --org "$2"
}

# ui_port NAME: the port of NAME's web pages (picked on first use).
ui_port() {
    if [ ! -f "$T/$1.ui" ]; then
        take_port
        echo "$port" >"$T/$1.ui"
    fi
    cat "$T/$1.ui"
}

# start NAME: runs 'spona serve' for $T/NAME (web pages on its ui_port)
# until it listens (10 s at most). Another test running at the same time
# may take a port between take_port and the bind: then a new port is
# picked for what failed and serve is started again (3 tries).
start() {
    [ -f "$T/$1.log" ] && cat "$T/$1.log" >>"$T/$1.log.old"
    tries=0
    while ! start_once "$1"; do
        tries=$((tries + 1))
        sleep 0.2 # its last words
        busy=$(sed -n 's/.*cannot serve on 127.0.0.1:\([0-9]*\).*/\1/p' "$T/$1.log")
        if [ -z "$busy" ] && grep -q "already in use" "$T/$1.log"; then
            busy=$(sed -n 's/^listen = 127.0.0.1://p' "$T/$1/spona.conf")
        fi
        [ -n "$busy" ] && [ $tries -lt 3 ] || fail "hub $1 exited: $(cat "$T/$1.log")"
        if [ "$busy" = "$(cat "$T/$1.ui")" ]; then
            rm -f "$T/$1.ui"
        else
            take_port
            sed -i "s|127.0.0.1:$busy|127.0.0.1:$port|" "$T/$1/spona.conf"
        fi
        cat "$T/$1.log" >>"$T/$1.log.old"
    done
}

# start_once NAME: one try of start; fails when serve exited.
start_once() {
    # Emptied here: the child opens it later, and the wait below must not
    # read the last run's lines.
    : >"$T/$1.log"
    ui_port "$1" >/dev/null
    "$SPONA" --dir "$T/$1" serve --ui "127.0.0.1:$(cat "$T/$1.ui")" \
        >"$T/$1.log" 2>&1 &
    echo $! >"$T/$1.pid"
    PIDS="$PIDS $!"
    i=0
    # The pages start last (after a hub's sync API), so they mean ready.
    until grep -q "web pages on" "$T/$1.log" 2>/dev/null; do
        i=$((i + 1))
        [ $i -lt 100 ] || fail "hub $1 did not start: $(cat "$T/$1.log")"
        kill -0 "$(cat "$T/$1.pid")" 2>/dev/null || return 1
        sleep 0.1
    done
}

# stop NAME: stops its 'spona serve' with SIGTERM and waits for it.
stop() {
    pid=$(cat "$T/$1.pid")
    kill -TERM "$pid" 2>/dev/null || fail "hub $1 had died: $(cat "$T/$1.log")"
    i=0
    while kill -0 "$pid" 2>/dev/null; do
        i=$((i + 1))
        [ $i -lt 100 ] || fail "hub $1 did not stop"
        sleep 0.1
    done
    # Under the sanitizers, a leak or a memory error shows up here.
    if grep -q "Sanitizer\|runtime error:" "$T/$1.log"; then
        fail "$1 reported a memory problem: $(cat "$T/$1.log")"
    fi
}

# join MEMBER HUB ROLE: MEMBER joins HUB with a fresh invite.
join() {
    org=$(sed -n 's/^organisation = //p' "$T/$1/spona.conf")
    run 0 --dir "$T/$2" hub invite --org "$org" --role "$3"
    js=$(cat "$OUT")
    run 0 --dir "$T/$1" join "$js"
}

# add NODE TITLE SCOPE: a practice; its id is printed.
add() {
    run 0 --dir "$T/$1" put practice title="$2" status=pilot scope="$3"
    cat "$OUT"
}

# titles NODE: the sorted practice titles a node holds.
titles() {
    "$SPONA" --dir "$T/$1" --json list practice |
        sed -n 's/^ *"title": "\(.*\)",*$/\1/p' | sort
}
