#!/usr/bin/env bash
# Builds the offline page (scripts/web.sh) and tests it end to end in headless Chromium
# (scripts/web-test.py): the example and a seeded error checked, a .docx and an HTML report
# read, a mistake typed into the rule editor and its diagnostic shown, the fix re-checking the
# reports, and not one network request. CI runs it (.ci/run).
#
#   scripts/web-test.sh                 installs Chromium and a CJK font when missing
#                                       (scripts/install-browser.sh), builds, tests
#   CHROMIUM=/path/to/chrome scripts/web-test.sh
#
# Output: target/web/nianbao.html (the page), target/web-test/*.png (one screenshot per state:
# look at them), target/web-test/timings.json (time to ready, each check in milliseconds).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-browser.sh
scripts/web.sh
# The CLI the page's findings are compared with (CI has built it already: a no-op then).
cargo build --release --locked --quiet -p nianbao-cli
python3 scripts/web-test.py target/web/nianbao.html target/web-test
