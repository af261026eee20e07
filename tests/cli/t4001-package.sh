#!/bin/sh
# The Debian package on this machine (as root; CI): tools/package builds it,
# apt-get installs it, its files, user and permissions are checked, the
# unit passes 'systemd-analyze verify' and rates OK or better in
# 'systemd-analyze security', the unit's own command line runs as the
# spona user (systemd need not be PID 1 here) and answers /healthz and
# /metrics, a second serve is refused, and remove and purge leave what they
# must. Skipped (77) without root or the tools, unless
# SPONA_REQUIRE_PACKAGE=1 (tools/test as root) makes that a failure.
. "$(dirname "$0")/lib.sh"

skip() {
    if [ "${SPONA_REQUIRE_PACKAGE:-0}" = 1 ]; then
        fail "cannot run the package test: $*"
    fi
    echo "skipped: $*"
    exit 77
}

[ "$(id -u)" -eq 0 ] || skip "needs root (it installs a package)"
for tool in apt-get dpkg dpkg-query cpack systemd-analyze setpriv curl; do
    command -v "$tool" >/dev/null 2>&1 || skip "needs $tool"
done
# Never over a real installation.
if dpkg-query -W -f='${Status}' spona 2>/dev/null | grep -q "ok installed" ||
    [ -e /var/lib/spona ] || getent passwd spona >/dev/null; then
    fail "spona is installed or was (/var/lib/spona or the user spona); " \
        "this test would change it: purge it first"
fi

PID=""
cleanup() {
    rc=$?
    set +e
    if [ -n "$PID" ]; then
        kill -KILL "$PID" 2>/dev/null
        wait "$PID" 2>/dev/null # gone before its user is removed
    fi
    DEBIAN_FRONTEND=noninteractive timeout 120 apt-get purge -y -q spona \
        >/dev/null 2>&1
    # What the test made, not the package: its node.
    rm -rf /var/lib/spona
    getent passwd spona >/dev/null && userdel spona 2>/dev/null
    getent group spona >/dev/null && groupdel spona 2>/dev/null
    rm -rf "$T"
    exit "$rc"
}
trap cleanup EXIT INT TERM

apt_get() {
    DEBIAN_FRONTEND=noninteractive timeout 300 apt-get "$@" -y -q \
        >"$OUT" 2>"$ERR" || fail "apt-get $*"
}

# as_spona CMD...: runs CMD as the user spona, as systemd would with
# User=spona; setpriv execs it (no parent process left between).
as_spona() {
    setpriv --reuid spona --regid spona --init-groups "$@"
}

# mode PATH: "mode owner:group" of a file.
mode() {
    stat -c '%a %U:%G' "$1"
}

# Build it (incrementally, in the test build folder).
SPONA_PACKAGE_BUILD=$(dirname "${ARTEFACTS:-$T/x}")/package
export SPONA_PACKAGE_BUILD
SPONA_JOBS=2 timeout 600 "$SRC/tools/package" >"$OUT" 2>"$ERR" ||
    fail "tools/package"
deb=$(tail -n 1 "$OUT")
case "$deb" in *.deb) ;; *) fail "tools/package printed no package" ;; esac
cp "$deb" "$T/"
cd "$T" || fail "cd $T"
deb=./$(basename "$deb")
rm -f "$SRC/$(basename "$deb")"

# The runtime libraries are dependencies.
dpkg-deb -f "$deb" Depends >"$OUT"
for lib in libsqlite3 libsodium libjansson libcurl libmicrohttpd libinih \
    libgnutls libsystemd adduser; do
    has "$OUT" "$lib"
done

# 1. Installed and purged with no node made: nothing stays.
apt_get install "$deb"
has "$OUT" "spona: the service starts once this machine has a node"
getent passwd spona >/dev/null || fail "no user spona"
[ "$(mode /var/lib/spona)" = "700 spona:spona" ] ||
    fail "/var/lib/spona is $(mode /var/lib/spona)"
apt_get purge spona
[ ! -e /var/lib/spona ] || fail "purge left /var/lib/spona"
[ ! -e /etc/spona ] || fail "purge left /etc/spona"
! getent passwd spona >/dev/null || fail "purge left the user spona"
! getent group spona >/dev/null || fail "purge left the group spona"

# 2. Installed again: files, user, permissions.
apt_get install "$deb"
shell=$(getent passwd spona | cut -d: -f7)
[ "$shell" = /usr/sbin/nologin ] || fail "user spona has shell $shell"
[ "$(id -u spona)" -lt 1000 ] || fail "user spona is not a system user"
[ -x /usr/bin/spona ] || fail "no /usr/bin/spona"
/usr/bin/spona --version >"$OUT" 2>"$ERR" || fail "spona --version"
[ "$(mode /var/lib/spona)" = "700 spona:spona" ] ||
    fail "/var/lib/spona is $(mode /var/lib/spona)"
[ "$(mode /etc/spona/spona.conf)" = "640 root:spona" ] ||
    fail "/etc/spona/spona.conf is $(mode /etc/spona/spona.conf)"
dpkg-query -W -f='${Conffiles}\n' spona >"$OUT"
has "$OUT" "/etc/spona/spona.conf"
# Every setting commented out: the node's own values rule until changed.
if grep -E '^[a-z_]+ *=' /etc/spona/spona.conf; then
    fail "/etc/spona/spona.conf sets a value"
fi
has /etc/spona/spona.conf "log_level"
unit=/lib/systemd/system/spona.service
[ -f "$unit" ] || fail "no $unit"
[ -f /usr/share/man/man1/spona.1 ] || fail "no manual page"
if command -v man >/dev/null 2>&1; then
    man -w spona >"$OUT" 2>"$ERR" || fail "man -w spona"
    man_opt=""
else
    man_opt="--man=no"
fi
for want in "Type=notify" "WatchdogSec=" "Restart=on-failure" \
    "NoNewPrivileges=yes" "ProtectSystem=strict" "ProtectHome=yes" \
    "PrivateTmp=yes" "ReadWritePaths=/var/lib/spona" "SystemCallFilter="; do
    has "$unit" "$want"
done
# shellcheck disable=SC2086
systemd-analyze verify $man_opt "$unit" >"$OUT" 2>"$ERR" ||
    fail "systemd-analyze verify"
# Warnings about the unit itself would be in its name's lines.
lacks "$ERR" "spona.service:"
systemd-analyze security --offline=true "$unit" >"$OUT" 2>"$ERR" ||
    fail "systemd-analyze security"
rating=$(sed -n 's/.*Overall exposure level for spona.service: *\([0-9.]*\) *\([A-Z]*\).*/\1 \2/p' "$OUT")
case "$rating" in
*" SAFE" | *" OK") echo "exposure: $rating" ;;
*) fail "exposure rated '$rating', want OK or better" ;;
esac

# 3. A node, made as the manual says, and the unit's command line as spona.
as_spona /usr/bin/spona --dir /var/lib/spona \
    --config /etc/spona/spona.conf init --org "Općina Test" >"$OUT" 2>"$ERR" ||
    fail "init as spona"
[ "$(mode /var/lib/spona/node.key)" = "600 spona:spona" ] ||
    fail "node.key is $(mode /var/lib/spona/node.key)"
port=$(( 20000 + ($$ * 7) % 30000 ))
while curl -s -o /dev/null -m 1 "http://127.0.0.1:$port/"; [ $? -ne 7 ]; do
    port=$((port + 1))
done
cmdline=$(sed -n 's/^ExecStart=//p' "$unit")
# Not through the function: $! must be the server itself.
# shellcheck disable=SC2086
setpriv --reuid spona --regid spona --init-groups $cmdline \
    --ui "127.0.0.1:$port" >"$T/serve.log" 2>&1 &
PID=$!
i=0
until curl -s -o "$OUT" "http://127.0.0.1:$port/healthz"; do
    i=$((i + 1))
    [ $i -lt 100 ] || fail "the service did not answer: $(cat "$T/serve.log")"
    kill -0 "$PID" 2>/dev/null || fail "the service exited: $(cat "$T/serve.log")"
    sleep 0.1
done
has "$OUT" '"status":"ok"'
has "$OUT" '"database":"writable"'
curl -s -o "$OUT" -w '%{http_code}' "http://127.0.0.1:$port/metrics" >"$ERR"
has "$ERR" 200
has "$OUT" 'spona_info{version="'
has "$OUT" "spona_database_writable 1"
# The process runs as spona.
[ "$(stat -c %U "/proc/$PID")" = spona ] ||
    fail "the service does not run as spona"
# A second serve on the folder is refused.
# shellcheck disable=SC2086
as_spona $cmdline --ui off >"$OUT" 2>"$ERR" && fail "second serve ran"
has "$ERR" "another 'spona serve'"
kill -TERM "$PID"
i=0
while kill -0 "$PID" 2>/dev/null; do
    i=$((i + 1))
    [ $i -lt 100 ] || fail "the service did not stop"
    sleep 0.1
done
PID=""
has "$T/serve.log" "stopping"

# 4. An upgrade (the same package again) asks nothing and keeps the node.
apt_get install --reinstall "$deb"
[ -f /var/lib/spona/node.key ] || fail "the upgrade took the key"
[ "$(mode /var/lib/spona)" = "700 spona:spona" ] ||
    fail "after the upgrade /var/lib/spona is $(mode /var/lib/spona)"
[ "$(mode /etc/spona/spona.conf)" = "640 root:spona" ] ||
    fail "after the upgrade the config is $(mode /etc/spona/spona.conf)"
lacks "$OUT" "the service starts once this machine has a node"

# 5. Remove keeps the node and the settings; purge keeps the node only.
apt_get remove spona
[ ! -e /usr/bin/spona ] || fail "remove left the program"
[ -f /var/lib/spona/node.db ] || fail "remove took the database"
[ -f /etc/spona/spona.conf ] || fail "remove took the conffile"
apt_get purge spona
has "$OUT" "kept the node in /var/lib/spona"
[ -f /var/lib/spona/node.key ] || fail "purge took the node's key"
[ ! -e /etc/spona ] || fail "purge left /etc/spona"
[ ! -e "$unit" ] || fail "purge left the unit"
echo ok
