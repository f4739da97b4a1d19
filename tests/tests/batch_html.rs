//! `nianbao check --format html`: the page a supervising office opens — self-contained, the
//! summary tables with the right counts, one section per input, the wrong cells of a table
//! marked with their values, every document string escaped. The page is parsed as a browser
//! would (`scraper`), and pinned by a snapshot. What a real browser shows is checked by the
//! opt-in `browser_*` test below (`scripts/browser-test.sh`).

use std::collections::BTreeMap;
use std::path::PathBuf;

use nianbao_tests::{Output, nianbao};
use scraper::{ElementRef, Html, Selector};

/// A clean report, one with a wrong cell, a file that does not exist.
const INPUTS: &[&str] = &[
    "examples/2024-nanguan-jiaoyuju.txt",
    "examples/errors/balance.txt",
    "no-such.txt",
];

fn run(inputs: &[&str]) -> Output {
    let mut args = vec!["check", "--format", "html"];
    args.extend_from_slice(inputs);
    nianbao(&args)
}

fn select(selector: &str) -> Selector {
    Selector::parse(selector).unwrap_or_else(|e| panic!("selector {selector}: {e}"))
}

fn text(element: ElementRef<'_>) -> String {
    element.text().collect::<String>().trim().to_owned()
}

fn texts(html: &Html, selector: &str) -> Vec<String> {
    html.select(&select(selector)).map(text).collect()
}

/// The page loads nothing: no `src`, no link that leaves the page, no stylesheet or script
/// from elsewhere, no `url(…)` or `@import` in the inline CSS.
#[test]
fn page_is_self_contained() {
    let output = run(INPUTS);
    let html = Html::parse_document(&output.stdout);
    assert!(html.errors.is_empty(), "parse errors: {:?}", html.errors);
    assert_eq!(html.select(&select("[src]")).count(), 0);
    assert_eq!(
        html.select(&select("link, script[src], iframe, img, object"))
            .count(),
        0
    );
    let ids: Vec<&str> = html
        .select(&select("[id]"))
        .filter_map(|e| e.value().attr("id"))
        .collect();
    for link in html.select(&select("[href]")) {
        let href = link.value().attr("href").unwrap_or_default();
        let target = href
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("link leaves the page: {href}"));
        assert!(ids.contains(&target), "link to a missing anchor: {href}");
    }
    for style in html.select(&select("style")) {
        let css = text(style);
        assert!(!css.contains("url(") && !css.contains("@import"), "{css}");
    }
    assert_eq!(texts(&html, "title"), ["nianbao 检查结果"]);
    assert_eq!(
        html.root_element().value().attr("lang"),
        Some("zh-CN"),
        "the page says it is Chinese"
    );
}

/// The summary: totals, the per-check table, the per-report table linking to the sections.
#[test]
fn summary_tables_count_right() {
    let output = run(INPUTS);
    let html = Html::parse_document(&output.stdout);
    assert_eq!(
        texts(&html, "#summary table.totals thead th"),
        [
            "报告数",
            "无问题",
            "有错误",
            "仅有警告",
            "无法读取",
            "重复跳过"
        ]
    );
    assert_eq!(
        texts(&html, "#summary table.totals tbody td"),
        ["3", "1", "1", "0", "1", "0"]
    );
    let checks: Vec<Vec<String>> = html
        .select(&select("#summary table.checks tbody tr"))
        .map(|row| row.select(&select("td")).map(text).collect())
        .collect();
    assert_eq!(checks.len(), 1, "{checks:?}");
    let check = checks.first().cloned().unwrap_or_default();
    assert!(
        check.first().is_some_and(|c| c.starts_with("T3-01")),
        "{check:?}"
    );
    assert_eq!(
        check.get(1..),
        Some(&["错误".to_owned(), "1".into(), "2".into()][..])
    );
    let reports: Vec<Vec<String>> = html
        .select(&select("#summary table.reports tbody tr"))
        .map(|row| row.select(&select("td")).map(text).collect())
        .collect();
    let files: Vec<&str> = reports
        .iter()
        .filter_map(|r| r.get(1).map(String::as_str))
        .collect();
    assert_eq!(files, INPUTS);
    let links: Vec<&str> = html
        .select(&select("#summary table.reports tbody td.path a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(links, ["#r1", "#r2", "#r3"]);
    let balance = reports.get(1).cloned().unwrap_or_default();
    assert_eq!(
        balance.get(2..6),
        Some(
            &[
                "南关区教育局".to_owned(),
                "2024".into(),
                "gov-2021".into(),
                "2".into()
            ][..]
        )
    );
    let missing = reports.get(2).cloned().unwrap_or_default();
    assert!(missing.iter().any(|c| c == "无法读取"), "{missing:?}");
    assert!(
        missing.last().is_some_and(|c| c.starts_with("read::io")),
        "{missing:?}"
    );
}

/// One section per input, in input order, with its status; the unreadable one with its code.
#[test]
fn one_section_per_input() {
    let output = run(INPUTS);
    let html = Html::parse_document(&output.stdout);
    let sections: Vec<(String, String)> = html
        .select(&select("section.report"))
        .map(|s| {
            (
                s.value().attr("id").unwrap_or_default().to_owned(),
                s.value().attr("class").unwrap_or_default().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        sections,
        [
            ("r1".to_owned(), "report status-clean".to_owned()),
            ("r2".into(), "report status-error".into()),
            ("r3".into(), "report status-unreadable".into()),
        ]
    );
    assert_eq!(texts(&html, "#r1 .clean"), ["未发现问题。"]);
    assert_eq!(texts(&html, "#r3 code.rule"), ["read::io"]);
    // Only the report with a finding has a grid.
    assert_eq!(html.select(&select("#r1 .grid, #r3 .grid")).count(), 0);
    let grids: Vec<&str> = html
        .select(&select("#r2 .grid"))
        .filter_map(|g| g.value().attr("id"))
        .collect();
    assert_eq!(grids, ["r2-T3"]);
    // Culprit first, then the two failed checks it explains, in Chinese.
    assert_eq!(
        texts(&html, "#r2 ol.findings li.item > .head code.rule"),
        ["fix::ambiguous-cell", "T3-01", "T3-01"]
    );
    assert_eq!(
        texts(&html, "#r2 ol.findings li.item > .head .badge"),
        ["警告", "错误", "错误"]
    );
}

/// The grid of balance.txt marks exactly the cells of the failed checks, each with its value
/// as read, and the candidate culprits with the value each should have.
#[test]
fn grid_marks_the_wrong_cells() {
    let output = run(INPUTS);
    let html = Html::parse_document(&output.stdout);
    let marked: BTreeMap<String, (String, String)> = html
        .select(&select("#r2-T3 td.hit"))
        .map(|td| {
            (
                td.value().attr("data-cell").unwrap_or_default().to_owned(),
                (
                    td.value().attr("class").unwrap_or_default().to_owned(),
                    text(td),
                ),
            )
        })
        .collect();
    let culprit = "hit sev-error culprit uncertain";
    let operand = "hit sev-error";
    let expected: BTreeMap<String, (String, String)> = [
        ("R1|NP", culprit, "2 → 3？"),
        ("R1|TOT", culprit, "2 → 3？"),
        ("R2|NP", culprit, "0 → 1？"),
        ("R2|TOT", culprit, "0 → 1？"),
        ("R3.7|NP", operand, "1"),
        ("R3.7|TOT", operand, "1"),
        ("R4|NP", culprit, "2 → 1？"),
        ("R4|TOT", culprit, "2 → 1？"),
    ]
    .into_iter()
    .map(|(cell, class, value)| (cell.to_owned(), (class.to_owned(), value.to_owned())))
    .collect();
    assert_eq!(marked, expected);
    // The official labels head the grid.
    let headers = texts(&html, "#r2-T3 thead th");
    for label in ["申请人情况", "自然人", "法人或其他组织", "商业企业", "总计"]
    {
        assert!(headers.iter().any(|h| h == label), "{label}: {headers:?}");
    }
    let rows = texts(&html, "#r2-T3 tbody th");
    assert!(rows.iter().any(|r| r == "（三）不予公开"), "{rows:?}");
    assert!(
        rows.iter().any(|r| r == "四、结转下年度继续办理"),
        "{rows:?}"
    );
}

/// A file name and an agency with `<`, `&` and quotes are shown as written, never as markup.
#[test]
fn document_text_is_escaped() {
    let dir = std::env::temp_dir().join(format!("nianbao-html-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let original = std::fs::read_to_string(nianbao_tests::path("examples/errors/balance.txt"))
        .unwrap_or_default();
    let agency = "南关区<b>教育</b>&\"局\"";
    let doctored = original.replacen("南关区教育局", agency, 1);
    let file: PathBuf = dir.join("a<i>&'b'.txt");
    if let Err(error) = std::fs::write(&file, doctored) {
        panic!("cannot write {}: {error}", file.display());
    }
    let path = file.display().to_string();
    let output = run(&[&path]);
    let _ = std::fs::remove_dir_all(&dir);
    assert!(!output.stdout.contains("<b>") && !output.stdout.contains("<i>"));
    assert!(output.stdout.contains("a&lt;i&gt;&amp;&#39;b&#39;.txt"));
    let html = Html::parse_document(&output.stdout);
    assert_eq!(html.select(&select("b, i")).count(), 0);
    assert_eq!(texts(&html, "#r1 h3 .path"), std::slice::from_ref(&path));
    assert_eq!(texts(&html, "#summary table.reports td.path"), [path]);
    let meta = texts(&html, "#r1 .meta").concat();
    assert!(meta.starts_with(agency), "{meta}");
}

/// The whole page (its stylesheet and the version left out), reviewed by eye.
/// Comparing years: the comparisons' sections follow the reports', each under its own anchor
/// and saying what it compared with; the summary lists the pairs.
#[test]
fn comparisons_and_pairs_are_on_the_page() {
    let output = run(&["examples/chains"]);
    let html = Html::parse_document(&output.stdout);
    let ids: Vec<String> = html
        .select(&select("section.report"))
        .filter_map(|s| s.value().attr("id").map(str::to_owned))
        .filter(|id| id.ends_with("-y"))
        .collect();
    assert_eq!(ids, ["r3-y", "r8-y"]);
    let notes = texts(&html, "section#r8-y p.note");
    assert!(
        notes
            .iter()
            .any(|n| n.contains("与上一年度报告 examples/chains/南关区教育局/2022.txt 对照")),
        "{notes:?}"
    );
    let pairs = texts(&html, "table.pairs tbody tr");
    assert_eq!(pairs.len(), 7, "{pairs:?}");
    assert!(
        pairs[0].starts_with("examples/chains/南关区卫生健康局/2022.txt"),
        "{pairs:?}"
    );
    // Every id on the page is unique.
    let mut all: Vec<&str> = html
        .select(&select("[id]"))
        .filter_map(|e| e.value().attr("id"))
        .collect();
    let count = all.len();
    all.sort_unstable();
    all.dedup();
    assert_eq!(all.len(), count);
}

#[test]
fn snapshot() {
    let output = run(INPUTS);
    insta::with_settings!({filters => vec![
        (r"(?s)<style>.*?</style>", "<style>…</style>"),
        (r"nianbao \d+\.\d+\.\d+(-[0-9A-Za-z.]+)? 生成", "nianbao [版本] 生成"),
    ]}, {
        insta::assert_snapshot!("page", output.snapshot());
    });
}

/// What a browser shows: opt-in (`NIANBAO_BROWSER_TEST=1`, or `scripts/browser-test.sh`,
/// which installs Debian's `chromium` if it is missing). The page is rendered by headless
/// Chromium at 1280×800; the rendered DOM must hold the key texts, the summary must be laid out
/// above the first report, and a screenshot is written to `target/nianbao-html/page.png`.
#[test]
fn browser_renders_the_page() {
    if std::env::var_os("NIANBAO_BROWSER_TEST").is_none() {
        eprintln!("skipped: set NIANBAO_BROWSER_TEST=1 (scripts/browser-test.sh) to run");
        return;
    }
    let output = run(INPUTS);
    let dir = nianbao_tests::root().join("target/nianbao-html");
    let _ = std::fs::create_dir_all(&dir);
    let page = dir.join("page.html");
    if let Err(error) = std::fs::write(&page, &output.stdout) {
        panic!("cannot write {}: {error}", page.display());
    }
    // A probe run after layout: where the summary and the first section are drawn.
    let probe = dir.join("probe.html");
    let script = "<script>addEventListener('load',()=>{const s=document.getElementById('summary')\
        .getBoundingClientRect().top,r=document.getElementById('r1').getBoundingClientRect().top;\
        document.body.setAttribute('data-layout',s<r?'summary-first':'summary-last');});</script>";
    let probed = output
        .stdout
        .replacen("</body>", &format!("{script}</body>"), 1);
    if let Err(error) = std::fs::write(&probe, probed) {
        panic!("cannot write {}: {error}", probe.display());
    }
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "chromium".to_owned());
    let browse = |extra: &[&str], file: &std::path::Path| {
        let out = std::process::Command::new(&chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--window-size=1280,800",
            ])
            .args(extra)
            .arg(format!("file://{}", file.display()))
            .output()
            .unwrap_or_else(|e| panic!("cannot run {chromium}: {e}"));
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let dom = browse(&["--dump-dom", "--virtual-time-budget=2000"], &probe);
    assert!(
        dom.contains("data-layout=\"summary-first\""),
        "summary not drawn first"
    );
    let rendered = Html::parse_document(&dom);
    assert_eq!(
        texts(&rendered, "#summary table.totals tbody td"),
        ["3", "1", "1", "0", "1", "0"]
    );
    for needle in [
        "nianbao 检查结果",
        "跳到汇总",
        "各检查项",
        "表三各列",
        "南关区教育局",
        "不能确定是哪一格",
        "收到和处理政府信息公开申请情况",
        "无法读取报告文件 no-such.txt",
    ] {
        assert!(dom.contains(needle), "{needle} not in the rendered page");
    }
    let shot = dir.join("page.png");
    let screenshot = format!("--screenshot={}", shot.display());
    browse(&[&screenshot], &page);
    let size = std::fs::metadata(&shot).map(|m| m.len()).unwrap_or(0);
    assert!(
        size > 10_000,
        "screenshot {} is {size} bytes",
        shot.display()
    );
}
