#!/bin/sh
# A sealed node key. Bihać is made with --passphrase-file, the FBiH hub
# seals its key later with 'key protect'. Neither key is on disk in the
# clear; a command with no passphrase at hand (no file, no credential, no
# terminal) or a wrong one is refused and writes nothing; the hub serves
# with the passphrase from [node] passphrase_file, Bihać syncs with it from
# systemd's credential folder, and both verify. A new passphrase replaces
# the old one, which then opens nothing.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fed.sh"

# No terminal to ask on, in every run: setsid leaves the controlling one.
printf '#!/bin/sh\nexec setsid "%s" "$@"\n' "$SPONA" >"$T/spona-notty"
chmod +x "$T/spona-notty"
SPONA=$T/spona-notty

printf 'jedna duga lozinka\n' >"$T/pass"
printf 'kratka\n' >"$T/short"
printf 'druga duga lozinka\n' >"$T/wrong"

# A passphrase shorter than 8 characters makes no node at all.
run 1 --dir "$T/bihac" init --org "Grad Bihać" --passphrase-file "$T/short"
has "$ERR" "8 characters"
[ ! -e "$T/bihac" ] || fail "a refused init left files"

run 0 --dir "$T/bihac" init --org "Grad Bihać" --passphrase-file "$T/pass"
[ "$(stat -c %a "$T/bihac/node.key")" = 600 ] || fail "node.key mode"
has "$T/bihac/node.key" "spona-sealed-key-v1 "
lacks "$T/bihac/node.key" "spona-secret-key"
n0=$(sqlite3 "$T/bihac/node.db" 'SELECT count(*) FROM entry')

# No passphrase anywhere: refused, naming where it may come from.
run 1 --dir "$T/bihac" put practice title="Bez lozinke" status=pilot
has "$ERR" "sealed"
has "$ERR" "passphrase_file"
has "$ERR" "spona-passphrase"
printf '[node]\npassphrase_file = %s\n' "$T/wrong" >"$T/wrong.conf"
run 1 --dir "$T/bihac" --config "$T/wrong.conf" put practice \
    title="Kriva lozinka" status=pilot
has "$ERR" "wrong passphrase"
n1=$(sqlite3 "$T/bihac/node.db" 'SELECT count(*) FROM entry')
[ "$n0" = "$n1" ] || fail "a refused command wrote entries"

# systemd's credential folder opens it.
mkdir "$T/cred"
cp "$T/pass" "$T/cred/spona-passphrase"
export CREDENTIALS_DIRECTORY="$T/cred"
id=$(add bihac "Zapečaćen ključ" network)

# The hub: made plain, sealed later; serves with [node] passphrase_file.
hub fbih "Vlada Federacije BiH"
lacks "$T/fbih/node.key" "spona-sealed"
pk=$(sed -n "s/^node key: //p" "$OUT" | cut -c1-12)
run 0 --dir "$T/fbih" key protect --passphrase-file "$T/pass"
has "$OUT" "sealed"
has "$OUT" "passphrase_file"
has "$T/fbih/node.key" "spona-sealed-key-v1 "
[ "$(stat -c %a "$T/fbih/node.key")" = 600 ] || fail "hub node.key mode"
[ ! -e "$T/fbih/node.key.new" ] || fail "key protect left its temporary file"
sed -i "s|^\[node\]|[node]\npassphrase_file = $T/pass|" "$T/fbih/spona.conf"
# The hub's own credential would be wrong: the config file comes first.
run 0 --dir "$T/fbih" status
start fbih
join bihac fbih node
run 0 --dir "$T/bihac" sync
run 0 --dir "$T/fbih" get practice "$id"
has "$OUT" "Zapečaćen ključ"
stop fbih
run 0 --dir "$T/fbih" verify
run 0 --dir "$T/bihac" verify
run 0 --dir "$T/fbih" status
has "$OUT" "$pk"

# A new passphrase for Bihać; the old one then opens nothing, and the
# node is the same node (same key, its entries verify).
printf 'nova duga lozinka\n' >"$T/new"
run 0 --dir "$T/bihac" key protect --passphrase-file "$T/new"
has "$OUT" "new passphrase"
run 1 --dir "$T/bihac" status
has "$ERR" "wrong passphrase"
cp "$T/new" "$T/cred/spona-passphrase"
run 0 --dir "$T/bihac" put practice --id "$id" summary="nova lozinka"
run 0 --dir "$T/bihac" verify
run 1 --dir "$T/bihac" key protect --passphrase-file "$T/short"
has "$ERR" "8 characters"
run 0 --dir "$T/bihac" status
run 2 --dir "$T/bihac" key unseal
has "$ERR" "protect"
