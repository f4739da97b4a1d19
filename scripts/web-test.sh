#!/usr/bin/env bash
# Builds the offline page (scripts/web.sh) and tests it end to end in headless Chromium
# (scripts/web-test.py): the example and a seeded error checked, a .docx and an HTML report
# read, a mistake typed into the rule editor and its diagnostic shown, the fix re-checking the
# reports, and not one network request. CI runs it (.ci/run).
#
#   scripts/web-test.sh                 installs Chromium and a CJK font when missing
#                                       (scripts/install-browser.sh), builds, tests
#   scripts/web-test.sh --release       tests the page as published (scripts/web.sh), not the
#                                       unoptimised build CI tests (scripts/web.sh --dev: the
#                                       same code, built in a quarter of the time)
#   CHROMIUM=/path/to/chrome scripts/web-test.sh
#
# Output: target/web/nianbao.html (the page), target/web-test/*.png (one screenshot per state:
# look at them), target/web-test/timings.json (time to ready, each check in milliseconds).
set -euo pipefail
cd "$(dirname "$0")/.."

case "${1:-}" in
  "") BUILD=--dev; PROFILE=dev; DIR=debug ;;
  --release) BUILD=""; PROFILE=release; DIR=release ;;
  *) echo "用法：scripts/web-test.sh [--release]" >&2; exit 2 ;;
esac

scripts/install-browser.sh
scripts/web.sh $BUILD
# The CLI the page's findings are compared with, from the same profile (CI has built it already:
# a no-op then).
cargo build --locked --quiet -p nianbao-cli --profile "$PROFILE"
NIANBAO=${NIANBAO:-target/$DIR/nianbao} python3 scripts/web-test.py target/web/nianbao.html target/web-test
