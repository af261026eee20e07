#!/bin/sh
# verify passes on an honest log; one changed byte of a stored signature,
# payload or header, or an indexed column that differs from the header,
# makes it exit 1 and name the entry. A payload deleted from a row that was
# never erased fails it too, and with --rows a row changed straight in
# SQLite (the log says otherwise) is named.
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

# A row changed behind the log's back: the log is sound, the row is not.
run 0 --dir "$D" verify --rows
has "$OUT" "every row"
# (status: the sqlite3 shell lacks the search index's tokenizer that a
# change of the title would call)
status=$(sqlite3 "$db" "SELECT quote(status) FROM practice WHERE id = '$id'")
sqlite3 "$db" "UPDATE practice SET status = 'implemented' WHERE id = '$id'"
run 0 --dir "$D" verify
run 1 --dir "$D" verify --rows
has "$ERR" "row practice $id: field 'status' differs"
sqlite3 "$db" "UPDATE practice SET status = $status WHERE id = '$id'"
run 0 --dir "$D" verify --rows
run 0 --dir "$D" verify --rows --json
has "$OUT" '"rows": '
# A row no entry wrote (left there: verify without --rows reads the log).
sqlite3 "$db" "INSERT INTO need (id, owner, scope, _deleted) VALUES ('01900000-0000-7000-8000-0000000000ff', 'Općina Ključ', 'hub', 0)"
run 1 --dir "$D" verify --rows
has "$ERR" "no entry of the log wrote it"

# A payload gone from a row that was never erased.
body=$(sqlite3 "$db" "SELECT hex(body) FROM payload WHERE n = 3")
sqlite3 "$db" "DELETE FROM payload WHERE n = 3"
run 1 --dir "$D" verify
has "$ERR" "$(entry_id 3)"
has "$ERR" "no erasure covers its row"
sqlite3 "$db" "INSERT INTO payload (n, body) VALUES (3, X'$body')"
run 0 --dir "$D" verify

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
