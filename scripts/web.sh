#!/usr/bin/env bash
# Builds the offline page: one self-contained HTML file, target/web/nianbao.html, that checks
# reports and edits rule files in the browser (crates/web). Open it from disk; it makes no
# network request.
#
#   scripts/web.sh          the page to publish: a release build (installs what is missing)
#   scripts/web.sh --dev    the same page from an unoptimised build, for tests: a quarter of
#                           the build time, three times the size, slower checks in the browser
#
# What it installs the first time, and what that costs on the slower 2-core machine it was last
# measured on (2026-12-07):
#   - the Rust target wasm32-unknown-unknown (rustup; about 20 MB download, seconds);
#   - wasm-bindgen-cli at the version crates/web pins (cargo install --debug into target/tools:
#     about 1 minute 50 of build against 3 minutes 45 optimised; it then takes 3.5 s instead
#     of 0.9 s to process the module);
# then the build of crates/web for wasm32 from clean: about 7 minutes 50 for release, mostly
# the PDF reader; 2 minutes with --dev. If binaryen's wasm-opt is on PATH it shrinks a release
# module further; it is optional.
set -euo pipefail
cd "$(dirname "$0")/.."

PROFILE=release
case "${1:-}" in
  "") ;;
  --dev) PROFILE=dev ;;
  *) echo "用法：scripts/web.sh [--dev]" >&2; exit 2 ;;
esac

# The version of wasm-bindgen in Cargo.lock: the command-line tool must match it exactly.
VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
[ -n "$VERSION" ] || { echo "Cargo.lock 中没有 wasm-bindgen" >&2; exit 2; }
TOOLS=target/tools
BINDGEN=$TOOLS/bin/wasm-bindgen
OUT=target/web

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  echo "== rustup target add wasm32-unknown-unknown" >&2
  rustup target add wasm32-unknown-unknown
fi
if ! { [ -x "$BINDGEN" ] && "$BINDGEN" --version | grep -q " $VERSION"; }; then
  echo "== cargo install wasm-bindgen-cli $VERSION" >&2
  # Not --locked: the tool's own lock file names crate versions a registry mirror may not
  # carry yet; the version of the tool itself is pinned, which is what must match.
  # --debug: an unoptimised tool builds in half the time and still takes seconds.
  cargo install --quiet --debug wasm-bindgen-cli --version "$VERSION" --root "$TOOLS"
fi

echo "== cargo build -p nianbao-web --target wasm32-unknown-unknown --profile $PROFILE" >&2
cargo build --quiet --locked -p nianbao-web --target wasm32-unknown-unknown --profile "$PROFILE"
# Cargo names the dev profile's directory `debug`.
[ "$PROFILE" = dev ] && DIR=debug || DIR=$PROFILE
mkdir -p "$OUT/pkg"
"$BINDGEN" --target no-modules --no-typescript --out-dir "$OUT/pkg" \
  "target/wasm32-unknown-unknown/$DIR/nianbao_web.wasm"
if [ "$PROFILE" = release ] && command -v wasm-opt >/dev/null 2>&1; then
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
    -o "$OUT/pkg/nianbao_web_bg.wasm" "$OUT/pkg/nianbao_web_bg.wasm"
fi
python3 scripts/web-assemble.py "$OUT/pkg" "$OUT/nianbao.html"
