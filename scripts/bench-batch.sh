#!/usr/bin/env bash
# The whole-process batch benchmark of issue 15: `nianbao check` over N generated reports next to
# one `grep -c 总计` pass over the same files, and nianbao's peak memory.
#
#   scripts/bench-batch.sh [N] [RUNS]        N files (default 20000), RUNS pairs (default 3)
#
# Environment: MIX (generator formats, default txt=8,html=1,docx=1), NIANBAO (the binary,
# default target/release/nianbao; build it first with `cargo build --release`), DIR (where the
# corpus goes, default target/bench-batch-N; generated once, kept for later runs).
#
# The two commands run in turn (grep, nianbao, grep, nianbao, …) so that a machine that speeds
# up or slows down affects both alike; the ratio printed is the median of the per-pair ratios of
# wall time. Peak memory is `/usr/bin/time -v`'s "Maximum resident set size" of one nianbao run.
# Only public tools are used: bash, python3, grep, GNU time.
set -euo pipefail

N=${1:-20000}
RUNS=${2:-3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
MIX=${MIX:-txt=8,html=1,docx=1}
NIANBAO=${NIANBAO:-$ROOT/target/release/nianbao}
DIR=${DIR:-$ROOT/target/bench-batch-$N}

if [[ ! -x $NIANBAO ]]; then
    echo "no $NIANBAO: run cargo build --release first" >&2
    exit 2
fi
if [[ ! -f $DIR/.index.tsv ]]; then
    echo "generating $N reports ($MIX) into $DIR …" >&2
    python3 "$ROOT/scripts/generate-corpus.py" "$DIR" -n "$N" --mix "$MIX"
fi

# Seconds of wall time of one run of a command, its output discarded.
wall() {
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || true
    end=$(date +%s.%N)
    echo "$end - $start" | bc -l
}

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

grep_pass() { grep -c -r 总计 "$DIR" >/dev/null; }
check_pass() { "$NIANBAO" check --quiet --format json "$DIR"; }

# A warm-up of each (the files into the page cache), then RUNS pairs.
grep_pass || true
check_pass >/dev/null 2>&1 || true
ratios=() greps=() checks=()
for _ in $(seq "$RUNS"); do
    g=$(wall grep_pass)
    c=$(wall check_pass)
    greps+=("$g") checks+=("$c")
    ratios+=("$(echo "$c / $g" | bc -l)")
done

# (nianbao exits 1 when a report has errors, as a tenth of the corpus has.)
rss=$( { /usr/bin/time -v "$NIANBAO" check --quiet --format json "$DIR" >/dev/null || true; } 2>&1 |
    awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}')

printf 'files            %s (%s) in %s\n' "$N" "$MIX" "$DIR"
printf 'grep -c 总计     median %.3f s\n' "$(printf '%s\n' "${greps[@]}" | median)"
printf 'nianbao check    median %.3f s  (%.0f reports/s)\n' \
    "$(printf '%s\n' "${checks[@]}" | median)" \
    "$(echo "$N / $(printf '%s\n' "${checks[@]}" | median)" | bc -l)"
printf 'ratio            median %.1f× (per pair: %s)\n' "$(printf '%s\n' "${ratios[@]}" | median)" \
    "$(printf '%.1f ' "${ratios[@]}")"
printf 'peak RSS         %s MB\n' "$(echo "$rss / 1024" | bc)"
