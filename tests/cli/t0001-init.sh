#!/bin/sh
# init creates a node once, with a private key; every command has --help;
# usage errors exit 2, failures 1.
. "$(dirname "$0")/lib.sh"

run 0 --dir "$D" init --org "Općina Ključ"
has "$OUT" "Općina Ključ"
[ -f "$D/node.db" ] && [ -f "$D/node.key" ] && [ -f "$D/spona.conf" ] ||
    fail "init did not create the node files"
[ "$(stat -c %a "$D/node.key")" = 600 ] || fail "key file is not mode 0600"
has "$D/spona.conf" "organisation = Općina Ključ"

# Never over an existing node; the key stays the same.
sum=$(cksum <"$D/node.key")
run 1 --dir "$D" init --org "Grad Bihać"
has "$ERR" "already exists"
[ "$(cksum <"$D/node.key")" = "$sum" ] || fail "second init touched the key"

# A key others can read is refused.
chmod 0640 "$D/node.key"
run 1 --dir "$D" list practice
has "$ERR" "node.key"
chmod 0600 "$D/node.key"
run 0 --dir "$D" list practice

# SPONA_DIR is the default data folder.
SPONA_DIR=$D run 0 list practice

# Node names: a long folder name is cut whole characters at a time (63
# bytes); a --name that long is refused.
long=$(printf 'ž%.0s' $(seq 40))   # 80 bytes
run 0 --dir "$T/$long" init --org "Grad Tuzla"
name=$(sed -n 's/^name = //p' "$T/$long/spona.conf")
[ "$name" = "$(printf 'ž%.0s' $(seq 31))" ] || fail "folder name cut badly: $name"
run 2 --dir "$T/n2" init --org "Grad Tuzla" --name "$long"
has "$ERR" "63 bytes"
[ ! -e "$T/n2" ] || fail "a refused init left files"

# A hub on every address without --url would invite members to
# 127.0.0.1: init and every invite say so; with --url, nothing to say.
run 0 --dir "$T/h1" init --hub --org "Vlada FBiH" --listen 0.0.0.0:18443
has "$ERR" "members elsewhere cannot reach https://127.0.0.1:18443"
run 0 --dir "$T/h1" hub invite --org "Grad Bihać"
has "$OUT" "https://127.0.0.1:18443"
has "$ERR" "only this machine reaches"
run 0 --dir "$T/h2" init --hub --org "Vlada RS" --listen 0.0.0.0:18444 \
    --url https://hub.rs.example:18444
lacks "$ERR" "cannot reach"
run 0 --dir "$T/h2" hub invite --org "Opština Lopare"
has "$OUT" "https://hub.rs.example:18444"
lacks "$ERR" "only this machine"

# A port with anything after its digits is no port, and nothing is made.
for bad in 127.0.0.1:8443abc 127.0.0.1:+8443 127.0.0.1: 127.0.0.1:70000; do
    run 2 --dir "$T/h3" init --hub --org "Vlada BD" --listen "$bad"
    has "$ERR" "--listen wants HOST:PORT"
    [ ! -e "$T/h3/spona.conf" ] || fail "--listen $bad wrote a config"
done

# A config with an unknown key or section, or a bad value, says where.
printf '[sync]\ninterval = 0\n' >>"$T/h2/spona.conf"
run 1 --dir "$T/h2" status
has "$ERR" "interval must be 1 to 86400 seconds"
sed -i 's/^interval = 0$/intervall = 30/' "$T/h2/spona.conf"
run 1 --dir "$T/h2" status
has "$ERR" "unknown setting 'intervall' in [sync]"
sed -i 's/^\[sync\]$/[synk]/' "$T/h2/spona.conf"
run 1 --dir "$T/h2" status
has "$ERR" "unknown section [synk]"

# Usage errors and help.
run 2 --dir "$T/other" init
has "$ERR" "--org"
run 2 --dir "$D" frobnicate
has "$ERR" "unknown command 'frobnicate'"
run 2 --dir "$D" put practice
run 2 --bogus
run 0 --help
has "$OUT" "usage: spona"
for c in init put get list delete log verify tables practice person; do
    run 0 --dir "$D" "$c" --help
    has "$OUT" "usage: spona"
done
run 0 --version
has "$OUT" "spona "

# No node there: exit 1 and say how to make one.
run 1 --dir "$T/none" list practice
has "$ERR" "init --org"

# A config with a typo is an error with its line number.
printf '[node]\norganisation = X\nlog_levle = info\n' >"$T/bad.conf"
cp -r "$D" "$T/copy"
cp "$T/bad.conf" "$T/copy/spona.conf"
run 1 --dir "$T/copy" list practice
has "$ERR" "spona.conf:3"
has "$ERR" "log_levle"
# config.example is a valid config.
cp "$SRC/config.example" "$T/copy/spona.conf"
run 0 --dir "$T/copy" list practice
echo ok
