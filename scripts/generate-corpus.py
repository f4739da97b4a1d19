#!/usr/bin/env python3
"""Writes a varied corpus of annual reports for benchmarks (deterministic, seeded).

    python3 scripts/generate-corpus.py DIR [-n 20000] [--seed 1] [--mix txt=8,html=1,docx=1]
                                            [--errors 0.1]

Every report gets its own agency, year and numbers; the numbers satisfy every error check of the
2021 format (per column 一 + 二 = （七）总计 + 四, （七） = the sum of the outcome rows, 总计 = the six
applicant columns, 表四 totals), the prose states the figures the tables hold (applications
received and carried over, review and litigation cases: the narrative checks read them), and a
share of the reports (`--errors`, default 10 %) has one seeded arithmetic error. The formats come from the repository's own material:

* txt   the real example `examples/2024-nanguan-jiaoyuju.txt`, its numbers and agency replaced
* html  the portal page of `tests/fixtures/html/generate.py` (Word-exported cells, rowspans)
* docx  the Word document of `tests/fixtures/docx/generate.py` (gridSpan/vMerge tables)

Agencies and years are unique for up to 72 000 files, so a duplicate check (same agency and
year) never folds two generated reports into one. The same arguments always give byte-identical
files; `.index.tsv` in DIR (hidden, so a directory run skips it) lists the files with their format and whether an error was seeded.
"""

import argparse
import importlib.util
import random
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "2024-nanguan-jiaoyuju.txt"

# Agency names: 30 × 30 two-character district names × 20 bureaus × 4 years (all invented).
FIRST = "东西南北中新长永安平和兴广德丰华清宁泰福通汉江山河湖阳川云石"
SECOND = "城湖山源江州川阳林桥岭台港塘田溪河沙峰浦湾堡营庄坪渡口岗屯集"
BUREAUS = [
    "教育局", "财政局", "民政局", "司法局", "交通运输局", "水利局", "农业农村局", "商务局",
    "文化和旅游局", "卫生健康委员会", "应急管理局", "审计局", "市场监督管理局", "统计局",
    "医疗保障局", "自然资源局", "生态环境局", "住房和城乡建设局", "人力资源和社会保障局",
    "退役军人事务局",
]


def agency(i):
    district = FIRST[i % 30] + SECOND[(i // 30) % 30] + "区"
    return district + BUREAUS[(i // 900) % 20], 2021 + (i // 18000) % 4


def load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------------------------------------
# Numbers


def tables(rng):
    """Consistent numbers: (t2, t3, t4) with t3 = [一, 二, 21 outcome rows, （七）, 四] × 7 columns."""
    size = rng.choice([0, 1, 3, 10, 30, 100, 400])
    outcomes = [[0] * 6 for _ in range(21)]
    for row in outcomes:
        for c in range(6):
            # 自然人 carries most applications; the five 法人 columns are sparse.
            p = 0.5 if c == 0 else 0.08
            if size and rng.random() < p:
                row[c] = rng.randint(0, size if c == 0 else max(1, size // 10))
    total = [sum(row[c] for row in outcomes) for c in range(6)]
    carried_out = [rng.randint(0, max(0, t // 5)) for t in total]
    carried_in = [rng.randint(0, t + o) // 4 for t, o in zip(total, carried_out)]
    new = [t + o - i for t, o, i in zip(total, carried_out, carried_in)]
    rows = [new, carried_in] + outcomes + [total, carried_out]
    t3 = [row + [sum(row)] for row in rows]
    t4 = []
    for _ in range(3):
        # An office that received no application has no case about one either.
        four = [rng.choice([0, 0, 0, 1, 2, 5]) if size else 0 for _ in range(4)]
        t4 += four + [sum(four)]
    made = rng.randint(0, 20)
    t2 = {
        "rules": [0, 0, 0],
        "normative": [made, rng.randint(0, 3), made + rng.randint(0, 40)],
        "licence": rng.randint(0, 5000),
        "penalty": rng.randint(0, 3000),
        "coercion": rng.randint(0, 200),
        "fees": rng.choice(["0", "0", "0", "1.2", "0.35", "12"]),
    }
    return t2, t3, t4


def seed_error(rng, t3, t4):
    """One wrong number: a total one too high, a sub-row changed, or a 表四 total."""
    kind = rng.randrange(3)
    if kind == 0:
        row = rng.randrange(len(t3))
        t3[row][6] += 1
        return f"t3 row {row} 总计 +1"
    if kind == 1:
        row = 2 + rng.randrange(21)
        t3[row][0] += rng.randint(1, 9)
        return f"t3 row {row} 自然人 changed"
    group = rng.randrange(3)
    t4[group * 5 + 4] += 1
    return f"t4 group {group} 总计 +1"


# ---------------------------------------------------------------------------------------------
# Formats


def text_report(template, name, year, t2, t3, t4):
    """The example with its numbers, agency and year replaced (cell lines are "\\tvalue")."""
    blocks = template.split("\n\n")

    def put(block_index, numbers):
        lines = blocks[block_index].split("\n")
        cells = [i for i, line in enumerate(lines) if line.startswith("\t") and line.strip().isdigit()]
        for i, n in zip(cells[-len(numbers) :], numbers):
            lines[i] = "\t" + str(n)
        blocks[block_index] = "\n".join(lines)

    def find(label, start=0):
        return next(i for i, b in enumerate(blocks) if i >= start and label in b)

    put(find("规章", find("信息内容")), t2["rules"])
    put(find("行政规范性文件\n"), t2["normative"])
    put(find("\t行政许可\n"), [t2["licence"]])
    put(find("\t行政处罚\n"), [t2["penalty"]])
    put(find("\t行政强制\n"), [t2["coercion"]])
    first = find("一、本年新收")
    put(first, t3[0])
    put(find("二、上年结转"), t3[1])
    outcome = find("（一）予以公开", first)
    for k in range(22):
        put(outcome + k, t3[2 + k])
    put(find("四、结转下年度"), t3[24])
    put(find("\t尚未审结\n\t总计\n\t结果维持") + 1, t4)
    fees = find("行政事业性收费")
    blocks[fees] = blocks[fees].rsplit("\t", 1)[0] + "\t" + t2["fees"]
    text = "\n\n".join(blocks)
    # The prose states what the tables hold (the narrative checks read it).
    said = "共收到依申请公开信息申请2件，未出现因政府信息公开而提起的行政复议和行政诉讼。"
    if said not in text:
        sys.exit("the example's overview sentence changed: update text_report")
    review, lawsuits = t4[4], t4[9] + t4[14]
    cases = (
        f"因政府信息公开被申请行政复议{review}件。因政府信息公开被提起行政诉讼{lawsuits}件。"
        if review or lawsuits
        else "未出现因政府信息公开而提起的行政复议和行政诉讼。"
    )
    text = text.replace(said, f"共收到依申请公开信息申请{t3[0][6]}件，" + cases)
    return text.replace("南关区教育局", name).replace("2024", str(year)).encode("utf-8")


def html_report(module, name, year, t3, t4):
    labels = module.T3
    rows = [(one, two, three, values) for (one, two, three, _), values in zip(labels, t3)]
    module.T4 = t4
    page = module.page('<meta charset="utf-8">', "Generated by scripts/generate-corpus.py.", t3=rows)
    said = "全年收到政府信息公开申请48件，上年结转4件，均按法定时限答复，结转下年度继续办理4件。"
    if said not in page:
        sys.exit("the HTML fixture's sentence on applications changed: update html_report")
    page = page.replace(
        said,
        f"全年收到政府信息公开申请{t3[0][6]}件，上年结转{t3[1][6]}件，均按法定时限答复，"
        f"结转下年度继续办理{t3[24][6]}件。",
    )
    # Published in January after the year reported on (2024 for the fixture's 2023).
    page = page.replace("2024", "\0published\0").replace("2023", str(year))
    page = page.replace("\0published\0", str(year + 1))
    return page.replace("示例县交通运输局", name).encode("utf-8")


def docx_report(module, name, year, t3, t4):
    module.T3_R2 = t3[1]
    module.T3_OUTCOMES = [(g, l, values) for (g, l, _), values in zip(module.T3_OUTCOMES, t3[2:23])]
    module.T3_TOTAL = t3[23]
    module.T3_R4 = t3[24]
    module.T4_VALUES = t4
    xml = module.report(t3=module.table3(r1=t3[0]))
    for said, figure in (("本年度共收到政府信息公开申请 16 件", t3[0][6]), ("上年结转 2 件", t3[1][6])):
        if said not in xml:
            sys.exit("the .docx fixture's sentence on applications changed: update docx_report")
        xml = xml.replace(said, said.replace(said.split()[-2], str(figure)))
    xml = xml.replace("示例区教育局", name).replace("2024", str(year))
    from io import BytesIO

    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for part, content in [
            ("[Content_Types].xml", module.CONTENT_TYPES),
            ("_rels/.rels", module.ROOT_RELS),
            ("word/_rels/document.xml.rels", module.DOCUMENT_RELS),
            ("word/document.xml", xml),
            ("word/numbering.xml", module.NUMBERING),
            ("word/styles.xml", module.STYLES),
        ]:
            info = zipfile.ZipInfo(part, module.DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, content.encode("utf-8"))
    return out.getvalue()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dir", type=Path)
    parser.add_argument("-n", type=int, default=20000, help="number of files (default 20000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--mix", default="txt=8,html=1,docx=1", help="format weights")
    parser.add_argument("--errors", type=float, default=0.1, help="share with a seeded error")
    args = parser.parse_args()

    mix = [(f, int(w)) for f, w in (part.split("=") for part in args.mix.split(","))]
    for f, _ in mix:
        if f not in ("txt", "html", "docx"):
            sys.exit(f"unknown format {f!r} (txt, html, docx)")
    formats = [f for f, w in mix for _ in range(w)]
    template = EXAMPLE.read_text(encoding="utf-8")
    html = load(ROOT / "tests/fixtures/html/generate.py", "html_fixture") if "html" in formats else None
    docx = load(ROOT / "tests/fixtures/docx/generate.py", "docx_fixture") if "docx" in formats else None

    rng = random.Random(args.seed)
    args.dir.mkdir(parents=True, exist_ok=True)
    index = []
    for i in range(args.n):
        fmt = formats[i % len(formats)]
        name, year = agency(i)
        t2, t3, t4 = tables(rng)
        error = seed_error(rng, t3, t4) if rng.random() < args.errors else "clean"
        if fmt == "txt":
            data = text_report(template, name, year, t2, t3, t4)
        elif fmt == "html":
            data = html_report(html, name, year, t3, t4)
        else:
            data = docx_report(docx, name, year, t3, t4)
        file = f"{i:06d}-{year}-{name}.{fmt}"
        (args.dir / file).write_bytes(data)
        index.append(f"{file}\t{fmt}\t{error}")
    (args.dir / ".index.tsv").write_text("\n".join(index) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
