#!/bin/sh
# verify passes on an honest log; one changed byte of a stored signature,
# payload or header, or an indexed column that differs from the header,
# makes it exit 1 and name the entry.
. "$(dirname "$0")/lib.sh"

run 0 --dir "$D" init --org "Općina Ključ"
run 0 --dir "$D" put practice title="Jedan" status=idea
id=$(cat "$OUT")
run 0 --dir "$D" put practice title="Dva" status=pilot
run 0 --dir "$D" put practice title="Tri" status=ongoing
run 0 --dir "$D" put practice --id "$id" title="Jedan, izmijenjen"
run 0 --dir "$D" verify
has "$OUT" "4 entries"

db=$D/node.db
# flip N COLUMN: changes one hex digit of COLUMN of entry N (in the table
# that holds the column), and prints the old hex to restore it.
flip() {
    n=$1 col=$2 table=$3 key=$4
    old=$(sqlite3 "$db" "SELECT hex($col) FROM $table WHERE $key = $n")
    first=$(printf %s "$old" | cut -c1)
    if [ "$first" = 0 ]; then new=1; else new=0; fi
    sqlite3 "$db" "UPDATE $table SET $col = X'$new$(printf %s "$old" | cut -c2-)' WHERE $key = $n"
    echo "$old"
}
entry_id() {
    sqlite3 "$db" "SELECT lower(hex(id)) FROM entry WHERE n = $1"
}

old=$(flip 2 sig entry n)
run 1 --dir "$D" verify
has "$ERR" "$(entry_id 2)"
has "$ERR" "signature"
sqlite3 "$db" "UPDATE entry SET sig = X'$old' WHERE n = 2"
run 0 --dir "$D" verify

old=$(flip 3 body payload n)
run 1 --dir "$D" verify
has "$ERR" "$(entry_id 3)"
has "$ERR" "payload"
sqlite3 "$db" "UPDATE payload SET body = X'$old' WHERE n = 3"
run 0 --dir "$D" verify

# The columns a row's history is found by must say what the header says.
for change in "row_id = '01900000-0000-7000-8000-000000000000'" \
    "tbl = 'need'" "op = 2" "hlc = hlc + 1"; do
    col=${change%% *}
    old=$(sqlite3 "$db" "SELECT quote($col) FROM entry WHERE n = 2")
    sqlite3 "$db" "UPDATE entry SET $change WHERE n = 2"
    run 1 --dir "$D" verify
    has "$ERR" "$(entry_id 2)"
    has "$ERR" "differ from its header"
    sqlite3 "$db" "UPDATE entry SET $col = $old WHERE n = 2"
    run 0 --dir "$D" verify
done

# A header byte: the signature no longer covers it.
old=$(flip 4 header entry n)
run 1 --dir "$D" verify
has "$ERR" "$(entry_id 4)"
sqlite3 "$db" "UPDATE entry SET header = X'$old' WHERE n = 4"

# A removed entry breaks the chain.
sqlite3 "$db" "DELETE FROM payload WHERE n = 1; DELETE FROM entry WHERE n = 1"
run 1 --dir "$D" verify
has "$ERR" "seq"
echo ok
