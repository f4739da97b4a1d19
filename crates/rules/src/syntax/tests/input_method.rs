//! Rule files typed with a Chinese input method: full-width punctuation and Chinese quotes are
//! accepted with exact byte spans, Chinese severities are severities, and what is still wrong
//! gets its own pointed error (a named character, a misspelt keyword, an open quote).

use super::{parse_err, parse_normalized, parse_ok, text};
use crate::ast::*;
use crate::error::RuleErrorKind;
use crate::syntax::ascii_punctuation;

/// A check written entirely with full-width punctuation and Chinese quotes.
const FULL_WIDTH: &str = "template t “演示” ｛\n  table T3 ‘表三’ ｛ columns ｛ NP “自然人” TOT “总计” ｝ rows ｛ R1 “一” R2 “二” ｝ ｝\n  check C－01 警告 “标题” ｛\n    message “表三“{c}”列”\n    each c in columns（T3），r in rows（T3）\n    assert T3【r，c】 ＞＝ 0 ＋ T3［R1， c］\n    assert T3[R1, NP] ！＝ －1 ＊ 2\n    example fail ｛ T3[R1， NP] ＝ 2、T3[R2, NP] ≥ 1 ｝\n  ｝\n｝\n";

/// Full-width brackets, commas, operators and Chinese quotes mean their ASCII forms.
#[test]
fn accepts_full_width_punctuation() {
    let src = FULL_WIDTH.replace(
        "example fail ｛ T3[R1， NP] ＝ 2、T3[R2, NP] ≥ 1 ｝",
        "example fail ｛ T3[R1， NP] ＝ 2、T3[R2, NP] = 1 ｝",
    );
    let file = parse_ok(&src);
    let template = &file.templates[0];
    assert_eq!(template.title.node, "演示");
    assert_eq!(template.tables[0].title.node, "表三");
    let check = &template.checks[0];
    assert_eq!(check.severity.node, Severity::Warning);
    assert_eq!(check.message.as_ref().unwrap().node, "表三“{c}”列");
    assert_eq!(check.bindings.len(), 2);
    assert_eq!(check.examples[0].cells.len(), 2);
    // Spans are byte offsets into the original text, full-width characters being 3 bytes.
    assert_eq!(text(&src, check.title.span), "“标题”");
    assert_eq!(text(&src, check.bindings[1].domain.span), "rows（T3）");
    assert_eq!(
        text(&src, check.asserts[0].span),
        "T3【r，c】 ＞＝ 0 ＋ T3［R1， c］"
    );
    assert_eq!(text(&src, template.tables[0].title.span), "‘表三’");
}

/// Full-width operators parse like ASCII ones, with the same precedence.
#[test]
fn full_width_operators() {
    assert_eq!(
        parse_normalized("a ＋ b ＊ c ＝＝ d"),
        parse_normalized("a + b * c == d")
    );
    assert_eq!(parse_normalized("a ！＝ －b"), parse_normalized("a != -b"));
    assert_eq!(
        parse_normalized("a ＜＝ b or a ≥ b"),
        parse_normalized("a <= b or a >= b")
    );
    assert_eq!(
        parse_normalized("a ＜ b and a ＞ b"),
        parse_normalized("a < b and a > b")
    );
    assert_eq!(
        parse_normalized("a ≤ b or a ≠ b"),
        parse_normalized("a <= b or a != b")
    );
    assert_eq!(
        parse_normalized("（a ＋ b） ＝ c"),
        parse_normalized("(a + b) == c")
    );
}

/// 错误、警告、提示 are the severities error, warning, info.
#[test]
fn chinese_severities() {
    for (word, severity) in [
        ("错误", Severity::Error),
        ("警告", Severity::Warning),
        ("提示", Severity::Info),
    ] {
        let src = format!("template t \"t\" {{ check C {word} \"c\" {{ assert 1 == 1 }} }}");
        let check = &parse_ok(&src).templates[0].checks[0];
        assert_eq!(check.severity.node, severity);
        assert_eq!(text(&src, check.severity.span), word);
    }
}

/// Balanced Chinese quotes inside “…” are text; ASCII quotes inside are kept.
#[test]
fn nested_chinese_quotes() {
    let src = "template t “3.危及“三安全一稳定”与\"x\"” {}";
    let file = parse_ok(src);
    assert_eq!(file.templates[0].title.node, "3.危及“三安全一稳定”与\"x\"");
    assert_eq!(
        text(src, file.templates[0].title.span),
        "“3.危及“三安全一稳定”与\"x\"”"
    );
}

/// `rules fmt`'s first step writes every accepted full-width token in ASCII and “…” as "…",
/// leaving comments and the content of strings alone; the result parses to the same tree.
#[test]
fn ascii_form_of_full_width_punctuation() {
    let src = "template t “演示（一）” ｛ // 注释（全角）\n  check C 提示 ‘“c”，\"d\"’ ｛ assert T【R1，NP】 ＞＝ 1 ＋ 2 ｝\n｝\n";
    let ascii = ascii_punctuation(src).unwrap();
    assert_eq!(
        ascii,
        "template t \"演示（一）\" { // 注释（全角）\n  check C 提示 \"“c”，\\\"d\\\"\" { assert T[R1, NP] >= 1 + 2 }\n}\n"
    );
    let (a, b) = (parse_ok(src), parse_ok(&ascii));
    assert_eq!(a.templates[0].title.node, b.templates[0].title.node);
    assert_eq!(
        a.templates[0].checks[0].title.node,
        b.templates[0].checks[0].title.node
    );
    assert_eq!(ascii_punctuation(&ascii).unwrap(), ascii);
    assert_eq!(ascii_punctuation("template {"), None);
}

/// A full-width character the language has no use for is named, over exactly its bytes.
#[test]
fn names_unaccepted_full_width_characters() {
    for (src, found, name) in [
        (
            "template t \"t\" { check C error \"c\" { assert 1 == 1； } }",
            '；',
            "全角分号",
        ),
        ("template t \"t\" { section S1： \"一\" }", '：', "全角冒号"),
        (
            "template t \"t\" { check C error \"c\" { assert T3[R3。1, NP] == 1 } }",
            '。',
            "句号",
        ),
        (
            "template t \"t\" { check C error \"c\" { assert 1 == １ } }",
            '１',
            "全角数字",
        ),
        ("template t \"t\" { section S1 \"一\"” }", '”', "右引号"),
    ] {
        let e = parse_err(src);
        let RuleErrorKind::FullWidth {
            found: f, name: n, ..
        } = e.kind()
        else {
            panic!("{src}: {:?}", e.kind());
        };
        assert_eq!((*f, *n), (found, name), "{src}");
        assert_eq!(text(src, e.span()), found.to_string(), "{src}");
        assert_eq!(e.kind().code().as_str(), "syntax::full-width");
    }
    let e = parse_err("template t \"t\" { check C error \"c\" { assert 1 == １ } }");
    assert_eq!(e.to_string(), "这是全角数字“１”，规则文件中请用半角“1”");
}

/// Misspelt keywords and severities are named with the keyword they resemble.
#[test]
fn suggests_keywords() {
    for (src, word, keyword) in [
        (
            "template t \"t\" { check C error \"c\" { asert 1 == 1 } }",
            "asert",
            "assert",
        ),
        (
            "template t \"t\" { chek C error \"c\" { assert 1 == 1 } }",
            "chek",
            "check",
        ),
        (
            "template t \"t\" { check C error \"c\" { assert 1 == 1\n exmple pass { } } }",
            "exmple",
            "example",
        ),
        (
            "template t \"t\" { check C warnig \"c\" { assert 1 == 1 } }",
            "warnig",
            "warning",
        ),
        (
            "template t \"t\" { check C 警报 \"c\" { assert 1 == 1 } }",
            "警报",
            "警告",
        ),
        ("templat t \"t\" {}", "templat", "template"),
    ] {
        let e = parse_err(src);
        let RuleErrorKind::UnknownKeyword {
            word: w,
            suggestion,
        } = e.kind()
        else {
            panic!("{src}: {:?}", e.kind());
        };
        assert_eq!((w.as_str(), suggestion.as_str()), (word, keyword), "{src}");
        assert_eq!(text(src, e.span()), word);
        assert_eq!(e.kind().code().as_str(), "syntax::unknown-keyword");
    }
}

/// An open quote is reported at the end of its line, whichever quote opened it; a closing
/// quote of the other kind is named.
#[test]
fn unclosed_quotes_at_end_of_line() {
    for (src, open, other) in [
        (
            "template t \"t\" {\n  section S1 \"一、总体情况\n}",
            '"',
            None,
        ),
        (
            "template t \"t\" {\n  section S1 \"一、总体情况”\n}",
            '"',
            Some('”'),
        ),
        (
            "template t \"t\" {\n  section S1 “一、总体情况\"\n}",
            '“',
            Some('"'),
        ),
        (
            "template t \"t\" {\n  section S1 “一、“总体”情况\n}",
            '“',
            None,
        ),
        (
            "template t \"t\" {\n  section S1 ‘一、总体情况\n}",
            '‘',
            None,
        ),
    ] {
        let e = parse_err(src);
        assert_eq!(
            e.kind(),
            &RuleErrorKind::UnclosedString { open, other },
            "{src}"
        );
        let end = src.rfind('\n').unwrap();
        assert_eq!((e.span().start, e.span().end), (end, end), "{src}");
    }
    // A quote in a comment opens nothing.
    parse_ok("template t \"t\" { // 注释里的 \" 和 “\n}");
}

/// Syntax errors say in a few Chinese words what was expected and what was found.
#[test]
fn short_chinese_syntax_errors() {
    let src = "template t \"t\" { check C error \"c\" { assert T3[R1, NP == 1 } }";
    let e = parse_err(src);
    let RuleErrorKind::Syntax {
        expected,
        found,
        help,
    } = e.kind()
    else {
        panic!("{:?}", e.kind());
    };
    assert_eq!(expected, " `]`");
    assert_eq!(found, " `==`");
    assert!(help.contains("T3[R1, NP]"), "{help}");
    assert_eq!(e.to_string(), "此处应为 `]`，写的是 `==`");
    assert_eq!(text(src, e.span()), "==");

    // After an assert: the operators and the check items are one phrase each.
    let src = "template t \"t\" { check C error \"c\" { assert 1 == 1 ? } }";
    let e = parse_err(src);
    assert_eq!(
        e.to_string(),
        "此处应为 `}`、运算符（如 `+`、`==`）或检查的内容（如 `assert`、`message`），写的是 `?`"
    );
    let src = "template t \"t\" {\n";
    let e = parse_err(src);
    assert_eq!(e.span().start, src.len());
    assert!(e.to_string().ends_with("写的是文件结尾"), "{e}");

    // A keyword where a name belongs says so.
    let src = "template t \"t\" { check C error \"c\" { each rows in rows(T) assert 1 == 1 } }";
    let RuleErrorKind::Syntax { help, .. } = parse_err(src).kind().clone() else {
        panic!();
    };
    assert!(help.contains("`rows` 是关键字"), "{help}");
}

/// A full-width minus is accepted before a number; the full-width digit after it is named.
#[test]
fn full_width_digit_after_accepted_sign() {
    let src = "template t \"t\" { check C error \"c\" { assert 1 == 1\n example fail { T[R, C] = －１ } } }";
    let e = parse_err(src);
    assert!(
        matches!(e.kind(), RuleErrorKind::FullWidth { found: '１', .. }),
        "{:?}",
        e.kind()
    );
    assert_eq!(text(src, e.span()), "１");
    let file = parse_ok(&src.replace('１', "1"));
    let cell = &file.templates[0].checks[0].examples[0].cells[0];
    assert_eq!(cell.value.node, ExampleValue::Number((-1).into()));
    // An accepted character where it does not belong is a plain syntax error, not "use ASCII".
    let e = parse_err("template t \"t\" （ }");
    assert!(
        matches!(e.kind(), RuleErrorKind::Syntax { .. }),
        "{:?}",
        e.kind()
    );
}

/// Chinese quotes nested without end inside a string are refused before pest recurses.
#[test]
fn deep_chinese_quotes_are_refused() {
    let src = format!("template t “{}” {{}}", "“".repeat(100_000));
    let e = parse_err(&src);
    assert!(
        matches!(e.kind(), RuleErrorKind::TooDeep { .. }),
        "{:?}",
        e.kind()
    );
    let src = format!("template t “{}{}” {{}}", "“".repeat(20), "”".repeat(20));
    parse_ok(&src);
}
