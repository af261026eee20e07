# SPDX-License-Identifier: MIT
# Sourced by every tests/cli/tNNNN-*.sh: a temporary folder removed on exit,
# and helpers that run the real spona binary ($SPONA, set by ctest) and
# check its exit code and output.
set -eu

: "${SPONA:?run through ctest, or set SPONA to the spona binary}"
T=$(mktemp -d "${TMPDIR:-/tmp}/spona-cli.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
OUT=$T/out
ERR=$T/err
D=$T/node

fail() {
    echo "FAIL: $*" >&2
    echo "--- stdout" >&2; cat "$OUT" >&2 2>/dev/null || true
    echo "--- stderr" >&2; cat "$ERR" >&2 2>/dev/null || true
    exit 1
}

# run CODE ARGS...: runs spona, which must exit with CODE.
run() {
    want=$1
    shift
    set +e
    "$SPONA" "$@" >"$OUT" 2>"$ERR"
    got=$?
    set -e
    [ "$got" -eq "$want" ] || fail "spona $*: exit $got, want $want"
}

# has FILE TEXT: FILE contains TEXT.
has() {
    grep -qF -- "$2" "$1" || fail "expected '$2' in $(basename "$1")"
}

# lacks FILE TEXT: FILE does not contain TEXT.
lacks() {
    if grep -qF -- "$2" "$1"; then fail "did not expect '$2'"; fi
}

# entries: number of entries in the node's log.
entries() {
    sqlite3 "$D/node.db" 'SELECT count(*) FROM entry'
}

# json_ok FILE: FILE is one valid JSON document.
json_ok() {
    [ "$(sqlite3 :memory: "SELECT json_valid(readfile('$1'))")" = 1 ] ||
        fail "not valid JSON: $(head -c 200 "$1")"
}
