# The web pages' tests' helpers: sourced after lib.sh. A cookie jar per
# test ($J), so a session and its form token carry from page to page.

J=$T/jar

# get URL [CURL ARGS...]: the page in $OUT, headers in $T/h; prints status.
get() {
    url=$1
    shift
    curl -s -m 20 -o "$OUT" -D "$T/h" -w '%{http_code}' -b "$J" -c "$J" \
        "$@" "$url"
}

# csrf: the form token of the page in $OUT.
csrf() {
    sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$OUT" | head -1
}
