#![no_main]
//! Structure-aware fuzzing of the rule language: the input bytes are a stream of choices that
//! a small grammar of the language (docs/规则语言.md) turns into a plausible rule file, so most
//! inputs get past the lexer and parser into name resolution, `extends`/`patch` and the
//! checks' type rules, which byte-level mutation of a rule file rarely reaches. The file then
//! goes through the same harness as the `rules` target (compile, render the error, format
//! twice). When it compiles, its examples are run (`nianbao rules test`) and it checks the
//! example report, which takes generated expressions into the evaluator.

use std::sync::OnceLock;

use libfuzzer_sys::arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;

const REPORT: &str = include_str!("../../examples/2024-nanguan-jiaoyuju.txt");

const TABLES: &[&str] = &["T2", "T3", "T4", "T9", "表三"];
const ROWS: &[&str] = &[
    "R1", "R2", "R3", "R3.1", "R3.2", "R3.3", "R3.3.1", "R3.4", "R3.5", "R3.6", "R3.6.3", "R3.7",
    "R4", "N", "NORM", "REG", "LIC", "FEE", "R9", "r", "g", "x", "\"（七）总计\"",
    "一、本年新收政府信息公开申请数量", "\"\"",
];
const COLUMNS: &[&str] = &[
    "NP", "BIZ", "RES", "LP", "APP", "TOT", "RV.TOT", "RV.KEEP", "DIR.TOT", "MADE", "VALID", "DEC",
    "AMT", "c", "g.TOT", "g.KEEP", "*", "总计", "X9",
];
const GROUPS: &[&str] = &["R3", "R3.3", "R3.6", "LP", "APP", "RV", "LIT", "P1", "P8", "G1"];
const VARIABLES: &[&str] = &["r", "c", "g", "x", "s", "变量"];
const CHECKS: &[&str] = &[
    "T3-01", "T3-02", "T3-05a", "T3-09", "T2-02", "T4-04", "F-01", "F-03", "N-01", "Y-91", "X-94",
    "D-01", "D-02", "新-1",
];
const SECTIONS: &[&str] = &["S1", "S2", "S3", "S5", "S6", "S7", "s"];
const TEMPLATES: &[&str] = &["gov-2021", "gov-2019", "t1", "t2", "local-demo"];
const LEVELS: &[&str] = &["error", "warning", "info", "错误", "警告", "提示", "fatal"];
const STRINGS: &[&str] = &[
    "",
    "收到和处理政府信息公开申请情况",
    "“{r}”行：总计 {actual}，应为 {expected}（差 {diff}）",
    "{c}{g}{x}{s}{",
    "}{unknown}",
    "引号\\\"中\\\\的\\n文字",
    "本年新收政府信息公开申请数量",
    "（六）其他处理",
    "第二十条第（一）项",
    "万元",
    "{收到|受理}…申请…{数}件",
    "申请……{较|比}{上年|去年}…{数}件……{增加|减少}",
    "{数}件…{办结|答复}",
    "{|}…{数}{数}……",
    "\u{0}\u{7}\u{1b}[31m\u{202e}",
];
const RANGES: &[&str] = &[
    "rows(T3)",
    "rows(T3, R3.3)",
    "rows(T2, P1)",
    "columns(T3)",
    "columns(T3, LP)",
    "cells(T3)",
    "cells(T2, P8)",
    "row_groups(T3)",
    "column_groups(T4)",
    "sections()",
    "rows(T9)",
    "said(收到申请)",
];
/// Tokens that break the grammar, so the error paths and recovery are reached too.
const NOISE: &[&str] = &[
    "}", "{", ",", "[", "]", "(", ")", "\"", "//", "/*", "=", "==", "…", "\u{feff}", "\t", "\r",
    "template", "check", "extends", "or", "in", "99999999999999999999999999999999",
];

/// Output under construction, and the input it reads its choices from.
struct Gen<'a> {
    u: Unstructured<'a>,
    out: String,
    /// Bounds the work per input, so deep nesting comes from explicit runs (`nest`) and not
    /// from an exponential recursion.
    budget: u32,
}

impl Gen<'_> {
    fn n(&mut self, lo: u32, hi: u32) -> u32 {
        self.u.int_in_range(lo..=hi).unwrap_or(lo)
    }
    fn flip(&mut self) -> bool {
        self.u.arbitrary::<bool>().unwrap_or(false)
    }
    fn pick(&mut self, from: &[&'static str]) -> &'static str {
        self.u.choose(from).copied().unwrap_or(from[0])
    }
    fn put(&mut self, s: &str) {
        self.out.push_str(s);
    }
    fn word(&mut self, from: &[&'static str]) {
        let w = self.pick(from);
        self.put(w);
    }
    fn string(&mut self) {
        self.put("\"");
        self.word(STRINGS);
        self.put("\"");
    }
    /// Sometimes a token that does not belong here.
    fn noise(&mut self) {
        if self.n(0, 31) == 0 {
            self.put(" ");
            self.word(NOISE);
            self.put(" ");
        }
    }
    fn tick(&mut self) -> bool {
        self.budget = self.budget.saturating_sub(1);
        self.budget > 0 && !self.u.is_empty()
    }

    fn number(&mut self) {
        match self.n(0, 7) {
            0 => self.put("0"),
            1 => self.put("1"),
            2 => self.put("1.5"),
            3 => self.put("-1"),
            4 => self.put("2024"),
            // Long digit runs: overflow in the lexer or the decimal type.
            5 => {
                let digits = self.n(20, 400) as usize;
                self.put(&"9".repeat(digits));
            }
            6 => {
                let digits = self.n(1, 40) as usize;
                self.put("0.");
                self.put(&"0".repeat(digits));
                self.put("1");
            }
            _ => self.put("00"),
        }
    }

    fn cell(&mut self) {
        self.word(TABLES);
        self.put("[");
        self.word(ROWS);
        self.put(", ");
        self.word(COLUMNS);
        self.put("]");
    }

    fn expr(&mut self, depth: u32) {
        self.noise();
        if depth == 0 || !self.tick() {
            return self.atom();
        }
        match self.n(0, 12) {
            0..=2 => {
                self.expr(depth - 1);
                const OPS: &[&str] =
                    &[" + ", " - ", " * ", " == ", " = ", " != ", " < ", " <= ", " > ", " >= ", " and ", " or "];
                self.word(OPS);
                self.expr(depth - 1);
            }
            3 => {
                self.put("not ");
                self.expr(depth - 1);
            }
            4 => {
                self.put("-");
                self.expr(depth - 1);
            }
            // A run of parentheses, `not`s or minus signs: deep nesting at a linear cost.
            5 => {
                let k = self.n(1, 3000) as usize;
                let (open, close) = match self.n(0, 3) {
                    0 => ("(", ")"),
                    1 => ("not ", ""),
                    2 => ("-", ""),
                    _ => ("previous(", ")"),
                };
                self.put(&open.repeat(k));
                self.expr(depth - 1);
                self.put(&close.repeat(k));
            }
            6 => {
                const AGGREGATES: &[&str] = &["sum(", "previous(", "children(", "max(", "sum("];
                self.word(AGGREGATES);
                let args = self.n(0, 3);
                for i in 0..args {
                    if i > 0 {
                        self.put(", ");
                    }
                    self.expr(depth - 1);
                }
                self.put(")");
            }
            7 => {
                const CELL_FNS: &[&str] =
                    &["blank(", "filled(", "mark(", "valid(", "has_unit(", "collapsed("];
                self.word(CELL_FNS);
                if self.flip() { self.cell() } else { self.word(VARIABLES) }
                self.put(")");
            }
            8 => {
                const SECTION_FNS: &[&str] = &["present(", "repeated(", "text_length(", "mentions("];
                self.word(SECTION_FNS);
                self.word(SECTIONS);
                self.put(")");
            }
            9 => {
                const TABLE_FNS: &[&str] = &["nonzero(", "changed("];
                self.word(TABLE_FNS);
                let tables = self.n(0, 3);
                for i in 0..tables {
                    if i > 0 {
                        self.put(", ");
                    }
                    self.word(TABLES);
                }
                self.put(")");
            }
            10 => {
                self.put("(");
                self.expr(depth - 1);
                self.put(")");
            }
            _ => self.atom(),
        }
    }

    fn atom(&mut self) {
        match self.n(0, 7) {
            0..=2 => self.cell(),
            3 | 4 => self.number(),
            5 => self.word(VARIABLES),
            6 => {
                const NULLARY: &[&str] =
                    &["year()", "copied()", "others_named()", "children_missing()", "first(收到申请)", "percent(x)"];
                self.word(NULLARY);
            }
            _ => self.string(),
        }
    }

    fn example_items(&mut self, depth: u32) {
        let items = self.n(0, 5);
        for i in 0..items {
            if !self.tick() {
                break;
            }
            if i > 0 {
                self.put(", ");
            }
            self.noise();
            match self.n(0, 9) {
                0..=3 => {
                    self.cell();
                    self.put(" = ");
                    match self.n(0, 3) {
                        0 => self.put("blank"),
                        1 => self.string(),
                        _ => self.number(),
                    }
                }
                4 => {
                    self.put("year = ");
                    self.number();
                }
                5 => {
                    self.put("absent ");
                    self.word(SECTIONS);
                }
                6 => {
                    self.put("text ");
                    self.string();
                }
                7 => {
                    self.put("agency ");
                    self.string();
                }
                8 => {
                    self.put("child missing ");
                    self.string();
                }
                _ if depth > 0 => {
                    const NESTED: &[&str] = &["previous { ", "other { ", "child { "];
                    self.word(NESTED);
                    self.example_items(depth - 1);
                    self.put(" }");
                }
                _ => self.put("year = 2024"),
            }
        }
    }

    fn check(&mut self) {
        self.put("  check ");
        self.word(CHECKS);
        self.put(" ");
        self.word(LEVELS);
        self.put(" ");
        self.string();
        self.put(" {\n");
        let items = self.n(0, 8);
        let mut asserted = false;
        for _ in 0..items {
            if !self.tick() {
                break;
            }
            self.put("    ");
            self.noise();
            match self.n(0, 9) {
                0 => {
                    self.put("message ");
                    self.string();
                }
                1 => {
                    const KEYS: &[&str] = &["basis ", "explain "];
                    self.word(KEYS);
                    self.string();
                }
                2 => {
                    const TREATS: &[&str] = &[
                        "treat blank as zero", "treat blank as unknown", "treat marks as zero",
                        "treat marks as unknown", "treat blank as blank",
                    ];
                    self.word(TREATS);
                }
                3 => {
                    self.put("each ");
                    let vars = self.n(1, 3);
                    for i in 0..vars {
                        if i > 0 {
                            self.put(", ");
                        }
                        self.word(VARIABLES);
                        self.put(" in ");
                        self.word(RANGES);
                    }
                }
                4 => {
                    self.put("when ");
                    let depth = self.n(0, 6);
                    self.expr(depth);
                }
                5..=7 => {
                    self.put("assert ");
                    let depth = self.n(0, 8);
                    self.expr(depth);
                    asserted = true;
                }
                _ => {
                    const KINDS: &[&str] = &["example pass { ", "example fail { "];
                    self.word(KINDS);
                    let depth = self.n(0, 4);
                    self.example_items(depth);
                    self.put(" }");
                }
            }
            self.put("\n");
        }
        // Usually a valid check has an assert: add one so that most checks compile.
        if !asserted && self.flip() {
            self.put("    assert ");
            self.expr(3);
            self.put("\n");
        }
        self.put("  }\n");
    }

    /// Column or row entries, with nested groups.
    fn entries(&mut self, ids: &[&'static str], depth: u32) {
        let count = self.n(0, 5);
        for _ in 0..count {
            if !self.tick() {
                break;
            }
            self.noise();
            if depth > 0 && self.n(0, 3) == 0 {
                self.put("group ");
                self.word(GROUPS);
                self.put(" ");
                self.string();
                self.put(" {\n");
                self.entries(ids, depth - 1);
                self.put("}\n");
                continue;
            }
            self.word(ids);
            match self.n(0, 5) {
                0 => self.put(" unlabeled "),
                _ => self.put(" "),
            }
            self.string();
            match self.n(0, 6) {
                0 => {
                    self.put(" or ");
                    self.string();
                }
                1 => self.put(" optional"),
                2 => self.put(" values signed"),
                3 => self.put(" values amount unit \"万元\""),
                _ => {}
            }
            self.put("\n");
        }
    }

    fn table_body(&mut self) {
        match self.n(0, 5) {
            0 => self.put("    corner \"信息内容\"\n"),
            1 => self.put("    values count\n"),
            _ => {}
        }
        self.put("    columns {\n");
        let depth = self.n(0, 6);
        self.entries(COLUMNS, depth);
        self.put("    }\n    rows {\n");
        let depth = self.n(0, 6);
        self.entries(ROWS, depth);
        self.put("    }\n");
    }

    fn table(&mut self) {
        self.put("  table ");
        self.word(TABLES);
        self.put(" ");
        self.string();
        self.put(" {\n");
        let parts = self.n(0, 2);
        if parts == 0 {
            self.table_body();
        }
        for _ in 0..parts {
            self.put("    part ");
            self.word(GROUPS);
            self.put(" ");
            self.string();
            self.put(" {\n");
            self.table_body();
            self.put("    }\n");
        }
        self.put("  }\n");
    }

    fn patch(&mut self) {
        self.put("  patch table ");
        self.word(TABLES);
        self.put(" {\n");
        let edits = self.n(0, 4);
        for _ in 0..edits {
            if !self.tick() {
                break;
            }
            self.put("    ");
            self.noise();
            const KINDS: &[&str] = &["row ", "column "];
            match self.n(0, 4) {
                0 | 1 => {
                    self.put("add ");
                    let kind = self.pick(KINDS);
                    self.put(kind);
                    let ids = if kind == "row " { ROWS } else { COLUMNS };
                    if self.n(0, 3) == 0 {
                        self.put("group ");
                        self.word(GROUPS);
                        self.put(" ");
                        self.string();
                        self.put(" {\n");
                        let depth = self.n(0, 3);
                        self.entries(ids, depth);
                        self.put("} ");
                    } else {
                        self.word(ids);
                        self.put(" ");
                        self.string();
                    }
                    if self.flip() {
                        self.put(" in ");
                        self.word(GROUPS);
                    }
                    const WHERE: &[&str] = &["", " after ", " before "];
                    let place = self.pick(WHERE);
                    if !place.is_empty() {
                        self.put(place);
                        self.word(ids);
                    }
                }
                2 => {
                    self.put("remove ");
                    let kind = self.pick(KINDS);
                    self.put(kind);
                    self.word(if kind == "row " { ROWS } else { COLUMNS });
                }
                _ => {
                    self.put("relabel ");
                    let kind = self.pick(KINDS);
                    self.put(kind);
                    self.word(if kind == "row " { ROWS } else { COLUMNS });
                    self.put(" ");
                    self.string();
                    if self.flip() {
                        self.put(" or ");
                        self.string();
                    }
                }
            }
            self.put("\n");
        }
        self.put("  }\n");
    }

    fn template_item(&mut self) {
        self.noise();
        match self.n(0, 15) {
            0 => {
                self.put("  issued ");
                self.string();
            }
            1 => {
                self.put("  signature ");
                self.string();
                if self.flip() {
                    self.put(", ");
                    self.string();
                }
            }
            2 => {
                self.put("  report ");
                self.string();
                self.put(" or ");
                self.string();
            }
            3 => self.put("  treat blank as zero"),
            4 => {
                self.put("  subtotal ");
                self.string();
            }
            5 => {
                self.put("  section ");
                self.word(SECTIONS);
                self.put(" ");
                self.string();
                if self.flip() {
                    self.put(" table ");
                    self.word(TABLES);
                }
            }
            6 => self.table(),
            7..=10 => self.check(),
            11 => {
                self.put("  remove check ");
                self.word(CHECKS);
            }
            12 => {
                self.put("  remove table ");
                self.word(TABLES);
            }
            13 => {
                self.put("  severity ");
                self.word(CHECKS);
                self.put(" ");
                self.word(LEVELS);
            }
            14 => self.patch(),
            _ => {
                self.put("  fact 收到申请 ");
                self.string();
                self.put(" {\n    in S1, S3\n    say ");
                self.string();
                if self.flip() {
                    self.put("\n    except ");
                    self.string();
                }
                self.put("\n  }");
            }
        }
        self.put("\n");
    }

    fn file(&mut self) {
        let templates = self.n(1, 3);
        for _ in 0..templates {
            if self.flip() {
                self.put("// 生成的规则文件\n");
            }
            self.put("template ");
            self.word(TEMPLATES);
            self.put(" ");
            self.string();
            if self.n(0, 3) != 0 {
                self.put(" extends ");
                self.word(TEMPLATES);
            }
            self.put(" {\n");
            let items = self.n(0, 12);
            for _ in 0..items {
                if !self.tick() {
                    break;
                }
                self.template_item();
            }
            self.put("}\n");
        }
    }
}

/// A directory of this process holding the example report and the generated rule file.
fn workdir() -> &'static std::path::Path {
    static DIR: OnceLock<std::path::PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("nianbao-fuzz-grammar-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::write(dir.join("report.txt"), REPORT);
        dir
    })
}

fuzz_target!(|bytes: &[u8]| {
    let mut g = Gen { u: Unstructured::new(bytes), out: String::new(), budget: 400 };
    g.file();
    let text = g.out;
    nianbao_tests::harness::rules(text.as_bytes());
    if nianbao_rules::compile("fuzz.rules", &text).is_err() {
        return;
    }
    // It compiles: run its examples and check a real report with it. Exit 0, 1 (findings or
    // failing examples) and 3 (a rule that fails only when used) are documented; a panic or
    // any other code is a finding.
    let dir = workdir();
    let rules = dir.join("fuzz.rules");
    if std::fs::write(&rules, &text).is_err() {
        return;
    }
    let rules = rules.display().to_string();
    let report = dir.join("report.txt").display().to_string();
    for args in [
        vec!["rules", "test", rules.as_str()],
        vec!["check", "--only-rules", "--rules", rules.as_str(), "--format", "json", report.as_str()],
    ] {
        let output = nianbao_tests::nianbao_here(&args);
        assert!(matches!(output.exit, 0 | 1 | 3 | 4), "{args:?}: exit {}: {}", output.exit, output.stderr);
    }
});
