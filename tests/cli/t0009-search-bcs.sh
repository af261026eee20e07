#!/bin/sh
# search understands Bosnian, Croatian and Serbian as officials type it:
# case and number, the fleeting a, ijekavian and ekavian, synonyms in any
# form, typos (with "did you mean"), in Latin and in Cyrillic; and ranks
# whole words above short prefixes.
. "$(dirname "$0")/lib.sh"

run 0 --dir "$D" init --org "Općina Gradačac"
run 0 --dir "$D" practice add --title "Sajam zapošljavanja u Gradačcu" \
    --status ongoing --summary "Poslodavci iz Lukavca na sastancima."
sajam=$(cat "$OUT")
run 0 --dir "$D" practice add --title "Чишћење обала на Уни" \
    --status pilot --summary "Волонтери и љекари, ријека и млијеко."
una=$(cat "$OUT")
run 0 --dir "$D" practice add --title "Unapređenje usluga" \
    --status idea --summary "Kancelarija za dijasporu i porodice."
unap=$(cat "$OUT")
run 0 --dir "$D" practice add --title "Navodnjavanje u Prijedoru" \
    --status idea --summary "Sistem navodnjavanja."
nav=$(cat "$OUT")

# case and number, the fleeting a: "Gradačac" finds "u Gradačcu"
run 0 --dir "$D" search Gradačac
has "$OUT" "$sajam"
has "$OUT" "[Gradačcu]"
lacks "$OUT" "$una"
run 0 --dir "$D" search "sastanak lukavac"
has "$OUT" "$sajam"

# ekavian Latin finds ijekavian Cyrillic, and back
run 0 --dir "$D" search "reka mleko lekari"
has "$OUT" "$una"
has "$OUT" "[ријека]"
run 0 --dir "$D" search "САЈМОВИ"
has "$OUT" "$sajam"

# "Una" ranks the river above "Unapređenje": the river comes first
run 0 --dir "$D" search una --json
json_ok "$OUT"
first=$(grep -m1 '"id"' "$OUT")
case "$first" in *"$una"*) ;; *) fail "una: the river is not first: $first" ;; esac
has "$OUT" "$unap"

# synonyms in any form
run 0 --dir "$D" search "uredima"
has "$OUT" "$unap"
run 0 --dir "$D" search "обитељи"
has "$OUT" "$unap"

# typos: "did you mean", in text and in JSON
run 0 --dir "$D" search "navodnjvaanje Priejdor"
has "$OUT" "did you mean: navodnjavanje prijedoru"
has "$OUT" "$nav"
run 0 --dir "$D" search "Приејдор" --json
json_ok "$OUT"
has "$OUT" '"did_you_mean": "prijedoru"'
has "$OUT" "$nav"
run 0 --dir "$D" search "prijedor"
lacks "$OUT" "did you mean"

# the paradigm tier: a form of the word ranks above a word that only
# shares its stem key, even one in a title ("Stoca" is Stolac, not stoka;
# "vozi" is a verb, not a form of voz), in Latin and in Cyrillic
run 0 --dir "$D" practice add --title "Knjiga o historiji Stoca" \
    --status idea --summary "Udruženje iz Stoca."
stoca=$(cat "$OUT")
run 0 --dir "$D" practice add --title "Fond za povratnike" \
    --status idea --summary "Novac za kupovinu stoke."
stoke=$(cat "$OUT")
run 0 --dir "$D" practice add --title "Prevoz do aerodroma" \
    --status idea --summary "Minibus vozi putnike."
vozi=$(cat "$OUT")
run 0 --dir "$D" practice add --title "Vozni red vlakova" \
    --status idea --summary "Polasci prema Splitu."
vlak=$(cat "$OUT")
for q in stoka СТОКА; do
    run 0 --dir "$D" search "$q" --json
    first=$(grep -m1 '"id"' "$OUT")
    case "$first" in *"$stoke"*) ;; *) fail "$q: stoke is not first: $first" ;; esac
    has "$OUT" "$stoca"
done
for q in vozovi возови; do
    run 0 --dir "$D" search "$q" --json
    first=$(grep -m1 '"id"' "$OUT")
    case "$first" in *"$vlak"*) ;; *) fail "$q: the trains are not first: $first" ;; esac
    has "$OUT" "$vozi"
done
