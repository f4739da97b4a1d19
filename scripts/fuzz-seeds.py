#!/usr/bin/env python3
"""Writes generated seed inputs into fuzz/corpus/TARGET/gen-* (stdlib only).

The committed fixtures are shallow and short; libFuzzer rarely grows an input from them to
thousands of nesting levels or a 150-digit number. These seeds start the fuzzer there:

* PDFs nested 1 000 and 20 000 levels deep in arrays and dictionaries (xref and trailer valid)
* HTML nested 300 and 5 000 levels deep (div, table)
* .docx whose document.xml nests content controls and tables 300 and 5 000 levels deep
* rule files with deeply nested { } groups, example blocks and parentheses
* crawler-text reports (from examples/2024-nanguan-jiaoyuju.txt) with 30- and 150-digit
  numbers in table rows, with table 3 printed twice, and with table 3 split in two
* byte strings for the structure-aware targets (rules_grammar, pipeline_odd)

Run from anywhere: `python3 scripts/fuzz-seeds.py`. Output is reproducible.
"""

import io
import pathlib
import zipfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"
EXAMPLE = ROOT / "examples" / "2024-nanguan-jiaoyuju.txt"
TITLE = "2024年某局政府信息公开工作年度报告"


def write(target: str, name: str, data) -> None:
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    (folder / f"gen-{name}").write_bytes(data)


# ------------------------------------------------------------------ PDF


def pdf(objects: list[bytes]) -> bytes:
    """A minimal PDF whose xref offsets are right, so readers get past the cross-reference."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def pdf_with(nested: bytes) -> bytes:
    """A one-page PDF showing the title, with `nested` as an extra page entry /Deep."""
    text = b"BT /F1 12 Tf 72 720 Td (2024 report) Tj ET"
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> /Deep " + nested + b" >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def pdfs() -> None:
    for depth in (1000, 20000):
        array = b"[" * depth + b"1" + b"]" * depth
        dictionary = b"<< /A " * depth + b"1" + b" >>" * depth
        for target in ("read_pdf", "pipeline"):
            write(target, f"array-{depth}.pdf", pdf_with(array))
            write(target, f"dict-{depth}.pdf", pdf_with(dictionary))
        # Nesting in the content stream too: an array operand nested as deep.
        stream = b"BT " + b"[" * depth + b"(x)" + b"]" * depth + b" TJ ET"
        write("read_pdf", f"content-{depth}.pdf", pdf([
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        ]))


# ------------------------------------------------------------------ HTML


def htmls() -> None:
    for depth in (300, 5000):
        div = f"<html><body><h1>{TITLE}</h1>\n" + "<div>" * depth + "一、总体情况" + "</div>" * depth + "</body></html>\n"
        table = (f"<html><body><h1>{TITLE}</h1>\n" + "<table><tr><td>" * depth + "本年新收政府信息公开申请数量</td><td>2"
                 + "</td></tr></table>" * depth + "</body></html>\n")
        unclosed = f"<html><body><h1>{TITLE}</h1>\n" + "<table><tr><td><div>" * depth + "2\n"
        for target in ("read_html", "pipeline"):
            write(target, f"div-{depth}.html", div)
            write(target, f"table-{depth}.html", table)
        write("read_html", f"unclosed-{depth}.html", unclosed)


# ------------------------------------------------------------------ docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)


def docx(body: str) -> bytes:
    xml = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in (("[Content_Types].xml", CONTENT_TYPES), ("word/document.xml", xml)):
            info = zipfile.ZipInfo(name, (2025, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return out.getvalue()


def paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def docxs() -> None:
    for depth in (300, 5000):
        sdt = "<w:sdt><w:sdtContent>" * depth + paragraph(TITLE) + "</w:sdtContent></w:sdt>" * depth
        table = "<w:tbl><w:tr><w:tc>" * depth + paragraph("2") + "</w:tc></w:tr></w:tbl>" * depth
        runs = "<w:p>" + "<w:r><w:rPr>" * depth + "</w:rPr></w:r>" * depth + "</w:p>"
        for target in ("read_docx", "pipeline"):
            write(target, f"sdt-{depth}.docx", docx(paragraph(TITLE) + sdt))
            write(target, f"table-{depth}.docx", docx(paragraph(TITLE) + table))
        write("read_docx", f"runs-{depth}.docx", docx(paragraph(TITLE) + runs))


# ------------------------------------------------------------------ rules


def rules() -> None:
    for depth in (1000, 20000):
        parens = "(" * depth + "T3[R1, TOT]" + ")" * depth
        expr = (f'template deep "深" extends gov-2021 {{\n  check D-01 error "深" {{\n'
                f'    assert {parens} >= 0\n    example pass {{ }}\n  }}\n}}\n')
        # A left-deep chain of operators: recursion in the operator-precedence parser.
        chain = " + ".join(["1"] * depth)
        ops = (f'template chain "链" extends gov-2021 {{\n  check D-02 error "链" {{\n'
               f'    assert T3[R1, TOT] <= {chain}\n  }}\n}}\n')
        nots = (f'template nots "非" extends gov-2021 {{\n  check D-03 error "非" {{\n'
                f'    assert {"not " * depth}blank(T3[R1, TOT])\n  }}\n}}\n')
        groups = ("".join(f'group G{i} "组{i}" {{\n' for i in range(depth)) + 'X "叶"\n' + "}\n" * depth)
        table = (f'template groups "组" {{\n  table T9 "深表" {{\n    columns {{\n{groups}    }}\n'
                 f'    rows {{ R1 "行" }}\n  }}\n}}\n')
        previous = "previous { " * depth + "T3[R1, NP] = 1" + " }" * depth
        example = (f'template ex "例" extends gov-2021 {{\n  check D-04 error "例" {{\n'
                   f'    assert T3[R2, NP] == previous(T3[R4, NP])\n    example pass {{ {previous} }}\n  }}\n}}\n')
        braces = "{" * depth + "}" * depth
        for target in ("rules",):
            write(target, f"parens-{depth}.rules", expr)
            write(target, f"chain-{depth}.rules", ops)
            write(target, f"nots-{depth}.rules", nots)
            write(target, f"groups-{depth}.rules", table)
            write(target, f"previous-{depth}.rules", example)
            write(target, f"braces-{depth}.rules", f'template b "括" {{ {braces} }}\n')


# ------------------------------------------------------------------ crawler text


def blocks(text: str) -> list[str]:
    """Splits the crawler text into blank-line-separated blocks (table rows are blocks)."""
    return text.split("\n\n")


def texts() -> None:
    report = EXAMPLE.read_text(encoding="utf-8")
    start = report.index("3、 收到和处理政府信息公开申请情况")
    end = report.index("\n4、")
    table3 = report[start:end]
    row = "\t一、本年新收政府信息公开申请数量\n\t2\n\t0\n\t0\n\t0\n\t0\n\t0\n\t2\n"
    assert row in report, "the example changed: update scripts/fuzz-seeds.py"
    for digits in (30, 150):
        big = "9" * digits
        odd = "1" + "0" * (digits - 1)
        long_row = f"\t一、本年新收政府信息公开申请数量\n\t{big}\n\t0\n\t0\n\t0\n\t0\n\t0\n\t{big}\n"
        mixed_row = f"\t一、本年新收政府信息公开申请数量\n\t{odd}\n\t{big}\n\t0.{big}\n\t-{big}\n\t{big}万元\n\t0\n\t{odd}\n"
        for target in ("read_text", "pipeline"):
            write(target, f"digits-{digits}.txt", report.replace(row, long_row))
            write(target, f"digits-mixed-{digits}.txt", report.replace(row, mixed_row))
        # Every number cell of every table a long run.
        every = "\n".join(f"\t{big}" if line.strip().isdigit() else line for line in report.split("\n"))
        write("read_text", f"digits-every-{digits}.txt", every)
    # Table 3 printed twice (a crawler that captured the page twice).
    twice = report[:end] + "\n" + table3 + report[end:]
    # Table 3 split in two by a page break: a continuation note between two halves of the rows.
    rows = blocks(table3)
    half = len(rows) // 2
    split = report[:start] + "\n\n".join(rows[:half]) + "\n\n（续表）\n\n" + "\n\n".join(rows[half:]) + report[end:]
    # Split, and the second half repeats the column header like a printed continuation page.
    header = "\n\n".join(rows[1:4])
    split_header = (report[:start] + "\n\n".join(rows[:half]) + "\n\n第 2 页\n\n" + header + "\n\n"
                    + "\n\n".join(rows[half:]) + report[end:])
    for target in ("read_text", "pipeline"):
        write(target, "table3-twice.txt", twice)
        write(target, "table3-split.txt", split)
        write(target, "table3-split-header.txt", split_header)
    # Both: split, then printed again whole.
    cut = split.index("\n4、")
    write("pipeline", "table3-split-twice.txt", split[:cut] + "\n" + table3 + split[cut:])


# ------------------------------------------------------------------ structure-aware targets


def structured() -> None:
    # rules_grammar and pipeline_odd read their input as a stream of choices: any bytes are
    # valid. A few patterns give the fuzzer different first decisions to start from.
    for name, data in {
        "zeros": bytes(64),
        "ones": b"\x01" * 256,
        "ramp": bytes(range(256)),
        "high": b"\xff" * 256,
        "alt": b"\x00\xff" * 128,
        "long": bytes((i * 37 + 11) % 256 for i in range(4096)),
    }.items():
        write("rules_grammar", f"{name}.bin", data)
        write("pipeline_odd", f"{name}.bin", data)
    # One seed per mutation of pipeline_odd: the first byte picks the operation (see the target).
    for op in range(16):
        write("pipeline_odd", f"op-{op:02}.bin", bytes([1, op, 7, 3, 200, 9, 150, 30]))


def main() -> None:
    pdfs()
    htmls()
    docxs()
    rules()
    texts()
    structured()


if __name__ == "__main__":
    main()
