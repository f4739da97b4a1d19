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
# Cost of the install on Debian 12: `chromium` ~1 min with apt, ~360 MB on disk (chromium and
# chromium-common, plus their libraries); `fonts-wqy-microhei` 1.6 MB download, 5 MB on disk —
# without a CJK font the screenshot shows boxes instead of Chinese (the DOM checks still pass).
#
# Output: target/nianbao-html/page.html, page.png (look at it), probe.html.
set -euo pipefail
cd "$(dirname "$0")/.."

CHROMIUM=${CHROMIUM:-chromium}
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"

need=()
command -v "$CHROMIUM" >/dev/null 2>&1 || { [ "$CHROMIUM" = chromium ] && need+=(chromium); }
if command -v fc-list >/dev/null 2>&1 && ! fc-list :lang=zh | grep -q .; then
  need+=(fonts-wqy-microhei)
fi
if [ ${#need[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "缺少 ${need[*]}，且本机没有 apt-get：请自行安装，或用 CHROMIUM=… 指定浏览器" >&2
    exit 2
  fi
  echo "安装 ${need[*]} …" >&2
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "${need[@]}"
fi
command -v "$CHROMIUM" >/dev/null 2>&1 || { echo "找不到浏览器 $CHROMIUM" >&2; exit 2; }

CHROMIUM="$CHROMIUM" NIANBAO_BROWSER_TEST=1 \
  cargo test -p nianbao-tests --test batch_html browser_renders_the_page -- --nocapture
echo "截图：target/nianbao-html/page.png"
