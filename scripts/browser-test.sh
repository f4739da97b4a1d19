#!/usr/bin/env bash
# Opens the `check --format html` page in a real browser (headless Chromium at 1280×800) and
# checks what it shows: the key texts in the rendered DOM, the summary drawn above the first
# report, a screenshot. Not part of `cargo test`: it needs Chromium and a CJK font.
#
#   scripts/browser-test.sh              installs what is missing (Debian/Ubuntu, as root or
#                                        with sudo), then runs the test
#   CHROMIUM=/path/to/chrome scripts/browser-test.sh
#                                        another Chromium-based browser, nothing installed
#
# What is installed, and its cost: scripts/install-browser.sh.
#
# Output: target/nianbao-html/page.html, page.png (look at it), probe.html.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-browser.sh
CHROMIUM=${CHROMIUM:-chromium}

CHROMIUM="$CHROMIUM" NIANBAO_BROWSER_TEST=1 \
  cargo test -p nianbao-tests --test suite batch_html::browser_renders_the_page -- --nocapture
echo "截图：target/nianbao-html/page.png"
