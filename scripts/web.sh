#!/usr/bin/env bash
# Builds the offline page: one self-contained HTML file, target/web/nianbao.html, that checks
# reports and edits rule files in the browser (crates/web). Open it from disk; it makes no
# network request.
#
#   scripts/web.sh          build (installs what is missing, see below)
#
# What it installs the first time, and what that costs on the 2-core machine this was
# measured on:
#   - the Rust target wasm32-unknown-unknown (rustup; about 20 MB download, seconds);
#   - wasm-bindgen-cli at the version crates/web pins (cargo install into target/tools:
#     about 2 minutes of build, 26 MB on disk);
# then the release build of crates/web for wasm32 (about 4 minutes from clean, mostly the PDF
# reader). If binaryen's wasm-opt is on PATH it shrinks the module further; it is optional.
set -euo pipefail
cd "$(dirname "$0")/.."

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
  cargo install --quiet wasm-bindgen-cli --version "$VERSION" --root "$TOOLS"
fi

echo "== cargo build -p nianbao-web --target wasm32-unknown-unknown --release" >&2
cargo build --quiet --locked -p nianbao-web --target wasm32-unknown-unknown --release
mkdir -p "$OUT/pkg"
"$BINDGEN" --target no-modules --no-typescript --out-dir "$OUT/pkg" \
  target/wasm32-unknown-unknown/release/nianbao_web.wasm
if command -v wasm-opt >/dev/null 2>&1; then
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
    -o "$OUT/pkg/nianbao_web_bg.wasm" "$OUT/pkg/nianbao_web_bg.wasm"
fi
python3 scripts/web-assemble.py "$OUT/pkg" "$OUT/nianbao.html"
