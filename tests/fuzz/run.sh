#!/bin/sh
# SPDX-License-Identifier: MIT
# Builds the libFuzzer targets (clang, ASan + UBSan, build/fuzz) and runs
# each for SPONA_FUZZ_SECONDS (default 60) from its seed corpus in
# tests/fuzz/corpus/<target>, plus tests/fuzz/regress/<target> (crashes
# once found, kept as regression inputs; run first, each must pass).
# New inputs go to build/fuzz/corpus, not to the repository. Prints the
# executions per target; a crash, leak or UB report fails the run and
# leaves its input in build/fuzz/crash/<target>. SPONA_FUZZ_TARGETS picks
# targets (space separated); SPONA_FUZZ_JOBS builds with that many jobs.
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
seconds=${SPONA_FUZZ_SECONDS:-60}
build=build/fuzz
command -v clang >/dev/null || {
    echo "fuzz: clang is not installed (tools/install-deps)" >&2
    exit 1
}
CC=clang cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DSYNC_SANITIZE=ON -DSPONA_FUZZ=ON -DSYNC_WERROR=ON >/dev/null
cmake --build "$build" -j "${SPONA_FUZZ_JOBS:-2}" --target fuzz

targets=${SPONA_FUZZ_TARGETS:-$(ls tests/fuzz/corpus)}
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
summary=$build/summary.txt
: >"$summary"
failed=""
for t in $targets; do
    bin=$build/tests/fuzz/fuzz_$t
    work=$build/corpus/$t
    crash=$build/crash/$t
    log=$build/fuzz_$t.log
    mkdir -p "$work" "$crash"
    if [ -d "tests/fuzz/regress/$t" ]; then
        "$bin" tests/fuzz/regress/$t/* >"$log" 2>&1 ||
            { echo "fuzz_$t: a regression input fails again ($log)"; failed="$failed $t"; continue; }
    fi
    echo "== fuzz_$t: $seconds s"
    set +e
    "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -max_len=65536 -print_final_stats=1 -artifact_prefix="$crash/" \
        "$work" "tests/fuzz/corpus/$t" >"$log" 2>&1
    rc=$?
    set -e
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
    printf '%-8s %10s execs %7s/s  cov %6s  exit %s\n' "$t" "${execs:-?}" \
        "${rate:-?}" "${cov:-?}" "$rc" | tee -a "$summary"
    if [ "$rc" -ne 0 ]; then
        tail -40 "$log"
        failed="$failed $t"
    fi
done
if [ -n "$failed" ]; then
    echo "fuzz: failed:$failed (inputs in $build/crash)" >&2
    exit 1
fi
echo "fuzz: all targets ran clean ($summary)"
