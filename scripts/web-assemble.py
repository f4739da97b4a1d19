#!/usr/bin/env python3
"""Puts the offline page together: crates/web/page/index.html with its style sheets, the
wasm-bindgen glue, the WebAssembly module (gzip, then base64) and the page script inlined, so
the result is one file that works from disk and can be e-mailed.

    python3 scripts/web-assemble.py PKG_DIR OUT_HTML
"""
import base64
import gzip
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
PAGE = ROOT / "crates" / "web" / "page"


def leb128(data: bytes, at: int) -> tuple[int, int]:
    value, shift = 0, 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, at


def without_names(wasm: bytes) -> bytes:
    """The module without its custom "name" section (function names for debuggers: about 7 %
    of the module, of no use to the page's users)."""
    out, at = bytearray(wasm[:8]), 8
    while at < len(wasm):
        start = at
        section = wasm[at]
        size, body = leb128(wasm, at + 1)
        end = body + size
        if section == 0:
            length, name = leb128(wasm, body)
            if wasm[name : name + length] == b"name":
                at = end
                continue
        out += wasm[start:end]
        at = end
    return bytes(out)


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    pkg, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    wasm = without_names((pkg / "nianbao_web_bg.wasm").read_bytes())
    # mtime=0: the same module gives the same page, byte for byte.
    packed = gzip.compress(wasm, compresslevel=9, mtime=0)
    parts = {
        "REPORT_STYLE": (ROOT / "crates" / "html" / "src" / "style.css").read_text("utf-8"),
        "PAGE_STYLE": (PAGE / "page.css").read_text("utf-8"),
        "GLUE": (pkg / "nianbao_web.js").read_text("utf-8"),
        "WASM": base64.b64encode(packed).decode("ascii"),
        "APP": (PAGE / "app.js").read_text("utf-8"),
    }
    html = (PAGE / "index.html").read_text("utf-8")
    html = html.replace('id="wasm-gzip-base64">', 'id="wasm-gzip-base64" data-encoding="gzip">')
    for name, text in parts.items():
        marker = "/*@" + name + "@*/"
        if html.count(marker) != 1:
            print(f"index.html: {marker} must appear once", file=sys.stderr)
            return 1
        if "</script" in text.lower() or "</style" in text.lower():
            print(f"{name}: contains a closing tag and cannot be inlined", file=sys.stderr)
            return 1
        html = html.replace(marker, text)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, "utf-8")
    print(
        f"{out}: {len(html.encode('utf-8')) / 1e6:.1f} MB "
        f"(WebAssembly {len(wasm) / 1e6:.1f} MB, gzip {len(packed) / 1e6:.1f} MB)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
