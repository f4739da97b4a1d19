#!/usr/bin/env bash
# Installs what the browser tests need when it is missing: Debian's `chromium` and a CJK font
# (without one, screenshots show boxes instead of Chinese; the checks of the DOM still pass).
# Needs apt-get, as root or with sudo. With CHROMIUM=/path/to/chrome set, no browser is
# installed.
#
# Cost on Debian 12: `chromium` about 1 minute with apt, ~360 MB on disk (chromium and
# chromium-common, plus their libraries); `fonts-wqy-microhei` 1.6 MB download, 5 MB on disk.
set -euo pipefail

CHROMIUM=${CHROMIUM:-chromium}
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"

need=()
command -v "$CHROMIUM" >/dev/null 2>&1 || { [ "$CHROMIUM" = chromium ] && need+=(chromium); }
if ! command -v fc-list >/dev/null 2>&1 || ! fc-list :lang=zh | grep -q .; then
  need+=(fonts-wqy-microhei)
fi
if [ ${#need[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "缺少 ${need[*]}，且本机没有 apt-get：请自行安装，或用 CHROMIUM=… 指定浏览器" >&2
    exit 2
  fi
  echo "安装 ${need[*]} …" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
command -v "$CHROMIUM" >/dev/null 2>&1 || { echo "找不到浏览器 $CHROMIUM" >&2; exit 2; }
