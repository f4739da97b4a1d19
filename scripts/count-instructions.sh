#!/usr/bin/env bash
# Instructions `nianbao check` executes over a small generated corpus, counted by callgrind: a
# measure of CPU work that does not drift with the load of a shared machine (wall time on this
# machine moves by ±5 % between runs; this count by less than 0.5 %). Used to judge small cuts
# before timing them (see docs/performance.md).
#
#   scripts/count-instructions.sh [BINARY…]     default target/release/nianbao
#
# Environment: N (files, default 100), MIX (generator formats, default txt=1), DIR (where the
# corpus goes, default target/bench-instructions-N-MIX; generated once, kept).
#
# Prints, per binary, the instructions of the whole run (all threads, one worker: `-j 1`), the
# same for a run over one file (the fixed cost: compiling the rules, starting up), and the
# difference per report. Needs valgrind (Debian package `valgrind`); it is not needed to build or
# test nianbao.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
N=${N:-100}
MIX=${MIX:-txt=1}
DIR=${DIR:-$ROOT/target/bench-instructions-$N-${MIX//[=,]/_}}

if ! command -v valgrind > /dev/null; then
    echo "valgrind is not installed (apt-get install valgrind)" >&2
    exit 2
fi
if [[ ! -d $DIR ]]; then
    echo "generating $N reports ($MIX) into $DIR …" >&2
    python3 "$ROOT/scripts/generate-corpus.py" "$DIR" -n "$N" --mix "$MIX" > /dev/null
fi
ONE=$DIR.one
if [[ ! -d $ONE ]]; then
    mkdir -p "$ONE"
    first=$(find "$DIR" -maxdepth 1 -type f ! -name '.*' | sort | head -1)
    cp "$first" "$ONE/"
fi
files=$(find "$DIR" -maxdepth 1 -type f ! -name '.*' | wc -l)

# Instructions of one run over a directory, summed over its threads.
count() {
    local out
    out=$(mktemp -d)
    valgrind --tool=callgrind --separate-threads=yes --callgrind-out-file="$out/cg" \
        "$1" check --quiet --format json -j 1 "$2" > /dev/null 2>&1 || true
    cat "$out"/cg* | awk '/^totals:/ { sum += $2 } END { printf "%.0f\n", sum }'
    rm -rf "$out"
}

for binary in "${@:-$ROOT/target/release/nianbao}"; do
    whole=$(count "$binary" "$DIR")
    fixed=$(count "$binary" "$ONE")
    per=$(( (whole - fixed) / (files - 1) ))
    printf '%s: %d files %s instructions, one file %s, per report %s\n' \
        "$binary" "$files" "$whole" "$fixed" "$per"
done
