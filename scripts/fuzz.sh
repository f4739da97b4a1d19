#!/usr/bin/env bash
# Runs the fuzz targets of fuzz/ with libFuzzer (cargo-fuzz, nightly toolchain), each for a
# fixed time, seeded from the examples, the test fixtures and generated deep inputs
# (scripts/fuzz-seeds.py), and prints one summary line each.
#
#   scripts/fuzz.sh                      every target, 600 s each, one after another
#   scripts/fuzz.sh read_html rules      only these targets
#   FUZZ_SECONDS=60 FUZZ_JOBS=2 scripts/fuzz.sh
#                                        60 s each, two targets at a time
#   FUZZ_KEEP_GOING=0 scripts/fuzz.sh    stop a target at its first finding (default: go on)
#
# Installs what it needs when missing: the nightly toolchain (rustup) and cargo-fuzz
# (crates.io). Findings go to fuzz/artifacts/TARGET/; copy each into
# tests/fixtures/fuzz/TARGET/ once it is fixed, and
# `cargo test -p nianbao-tests --test suite fuzz_regressions::` runs it from then on.
# Logs: fuzz/logs/.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_EACH=${FUZZ_SECONDS:-600}
JOBS=${FUZZ_JOBS:-1}
ALL=(read_text read_html read_docx read_pdf read_markdown read_json rules rules_grammar pipeline pipeline_odd)
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=("${ALL[@]}")

# The tools, installed on first use (cargo-fuzz needs nightly for the sanitizer flags).
if ! cargo +nightly --version > /dev/null 2>&1; then
  rustup toolchain install nightly --profile minimal
fi
if ! cargo fuzz --version > /dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi
# Deep and long seeds no fixture has (nested 20 000 levels, 150-digit numbers, split tables).
python3 scripts/fuzz-seeds.py

# Seed files of a target: the committed inputs of its format (the generated ones are written
# straight into fuzz/corpus/TARGET/gen-* by scripts/fuzz-seeds.py).
seeds() {
  case "$1" in
    read_text) ls examples/*.txt examples/*/*.txt tests/fixtures/corpus/*.txt tests/fixtures/codes/*.txt tests/fixtures/limits/*.txt ;;
    read_html) ls tests/fixtures/html/*.html tests/fixtures/corpus/*.html tests/fixtures/limits/*.html ;;
    read_docx) ls tests/fixtures/docx/*.docx tests/fixtures/limits/deep.docx tests/fixtures/limits/entries.docx ;;
    read_pdf) ls tests/fixtures/pdf/*.pdf ;;  # the real PDFs (300 KB) run at a few inputs a second
    read_markdown) ls tests/fixtures/markdown/*.md ;;
    read_json) ls tests/fixtures/json/*.json ;;
    rules) ls rules/*.rules examples/*/*.rules tests/fixtures/codes/*.rules ;;
    # Structure-aware targets read their input as choices: the generated gen-*.bin are enough.
    rules_grammar|pipeline_odd) ;;
    pipeline) ls examples/*.txt tests/fixtures/html/portal-2023.html tests/fixtures/docx/clean.docx \
      tests/fixtures/pdf/tables-2021.pdf tests/fixtures/markdown/nanguan-2024.md tests/fixtures/json/nanguan-2024.json ;;
    *) echo "unknown target $1" >&2; return 1 ;;
  esac
}

run() {
  local target=$1 corpus=fuzz/corpus/$1
  mkdir -p "$corpus" "fuzz/artifacts/$target" fuzz/logs
  for seed in $(seeds "$target"); do cp -n "$seed" "$corpus/seed-$(basename "$seed")"; done
  local extra=()
  [ -f "fuzz/dict/$target.dict" ] && extra+=("-dict=dict/$target.dict")
  # Fork mode keeps fuzzing after a crash, hang or memory blow-up, so one early finding does
  # not end the target's run; FUZZ_KEEP_GOING=0 stops at the first finding instead.
  [ "$KEEP_GOING" = 1 ] && extra+=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
  local before status=0
  before=$(find "fuzz/artifacts/$target" -type f | wc -l)
  # -timeout: one input taking this long is a hang finding; -rss_limit_mb: a memory finding.
  (cd fuzz && cargo +nightly fuzz run -O "$target" "corpus/$target" -- \
      -max_total_time="$SECONDS_EACH" -timeout=20 -rss_limit_mb=2048 -max_len=1048576 \
      -print_final_stats=1 "${extra[@]}") \
      > "fuzz/logs/$target.log" 2>&1 || status=$?
  local runs cov found
  # Executions: the final stats of a plain run, else the last progress line (fork mode).
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "fuzz/logs/$target.log" | grep -o '[0-9]*$' | tail -1 || true)
  [ -n "$runs" ] || runs=$(grep -o '^#[0-9]*' "fuzz/logs/$target.log" | tail -1 | tr -d '#' || true)
  cov=$(grep -o 'cov: [0-9]*' "fuzz/logs/$target.log" | tail -1 || true)
  found=$(( $(find "fuzz/artifacts/$target" -type f | wc -l) - before ))
  if [ "$status" -eq 0 ] && [ "$found" -eq 0 ]; then
    echo "$target: ${SECONDS_EACH}s, ${runs:-?} runs, ${cov:-cov: ?}, no finding"
  else
    echo "$target: FINDING (exit $status, $found new artifacts) after ${runs:-?} runs, ${cov:-cov: ?}; see fuzz/logs/$target.log and fuzz/artifacts/$target/"
    [ "$status" -ne 0 ] || status=1
  fi
  return "$status"
}

export -f run seeds
export SECONDS_EACH KEEP_GOING=${FUZZ_KEEP_GOING:-1}
printf '%s\n' "${TARGETS[@]}" | xargs -P "$JOBS" -I{} bash -c 'run {}'
