//! A pest error → a short Chinese [`RuleError`]: what should stand here (a few words, not the
//! list of every token pest tried), what stands here, and a hint for the situation. Input-method
//! characters and misspelt keywords get errors of their own.

use pest::error::{Error, ErrorVariant, InputLocation};

use super::Rule;
use super::describe::describe;
use crate::ast::Span;
use crate::error::{RuleError, RuleErrorKind};
use crate::resolve::closest;

/// Tokens pest tried that read better as one phrase when several of them are expected (pest
/// reports the keyword tokens, e.g. `kw_assert`, not the items they start).
const GROUPS: &[(&str, &[Rule])] = &[
    (
        "检查的内容（如 `assert`、`message`）",
        &[
            Rule::kw_message,
            Rule::kw_basis,
            Rule::kw_explain,
            Rule::kw_each,
            Rule::kw_when,
            Rule::kw_assert,
            Rule::kw_example,
            Rule::kw_treat,
        ],
    ),
    (
        "模板的内容（如 `section`、`table`、`check`）",
        &[
            Rule::kw_issued,
            Rule::kw_signature,
            Rule::kw_subtotal,
            Rule::kw_report,
            Rule::kw_section,
            Rule::kw_treat,
            Rule::kw_table,
            Rule::kw_fact,
            Rule::kw_check,
            Rule::kw_patch,
            Rule::kw_remove,
            Rule::kw_severity,
        ],
    ),
    (
        "表格的内容（如 `columns`、`rows`）",
        &[
            Rule::kw_part,
            Rule::kw_corner,
            Rule::kw_values,
            Rule::kw_columns,
            Rule::kw_rows,
        ],
    ),
    (
        "运算符（如 `+`、`==`）",
        &[
            Rule::op_or,
            Rule::op_and,
            Rule::op_eq,
            Rule::op_ne,
            Rule::op_le,
            Rule::op_ge,
            Rule::op_lt,
            Rule::op_gt,
            Rule::op_add,
            Rule::op_sub,
            Rule::op_mul,
        ],
    ),
    (
        "数、单元格或函数",
        &[
            Rule::number,
            Rule::func,
            Rule::ident,
            Rule::lparen,
            Rule::op_not,
            Rule::op_neg,
        ],
    ),
    (
        "`add`、`remove` 或 `relabel`",
        &[Rule::kw_add, Rule::kw_remove, Rule::kw_relabel],
    ),
];

/// The full-width characters the grammar accepts outside strings (see `grammar.pest`).
const ACCEPTED: &str = "，、（）【】［］｛｝＝＋－＊＜＞！≠≤≥";

/// What stands at the error position.
enum Found<'s> {
    End,
    Word(&'s str),
    Quote,
    Other(char),
}

impl Found<'_> {
    fn describe(&self) -> String {
        match self {
            Found::End => "文件结尾".into(),
            Found::Word(word) => format!(" `{word}`"),
            Found::Quote => "带引号的文字".into(),
            Found::Other(c) => format!(" `{c}`"),
        }
    }
}

/// Turns a pest error into a located syntax error in Chinese.
///
/// pest's own miette adapter uses character columns as byte offsets, which misplaces labels
/// after CJK text; this uses the byte offsets of `InputLocation` directly.
pub(super) fn syntax_error(source: &str, error: &Error<Rule>) -> RuleError {
    let at = match error.location {
        InputLocation::Pos(at) | InputLocation::Span((at, _)) => at,
    };
    let rest = source.get(at..).unwrap_or_default();
    // A character the language has no use for, possibly right after accepted full-width ones
    // (`－１`: the sign is fine, the digit is not).
    let skipped = rest
        .char_indices()
        .find(|(_, c)| !ACCEPTED.contains(*c))
        .map_or(rest.len(), |(skip, _)| skip);
    if let Some(c) = rest.get(skipped..).and_then(|r| r.chars().next())
        && let Some((name, advice)) = confusable(c)
    {
        let kind = RuleErrorKind::FullWidth {
            found: c,
            name,
            advice,
        };
        let start = at + skipped;
        return RuleError::new(kind, Span::new(start, start + c.len_utf8()));
    }
    let found = match rest.chars().next() {
        None => Found::End,
        Some('"' | '“' | '‘') => Found::Quote,
        Some(c) if c == '_' || c.is_alphabetic() => {
            let end = rest
                .char_indices()
                .find(|(_, c)| !(*c == '.' || *c == '_' || c.is_alphanumeric()))
                .map_or(rest.len(), |(end, _)| end);
            Found::Word(rest.get(..end).unwrap_or_default())
        }
        Some(c) => {
            let end = rest
                .char_indices()
                .find(|(_, c)| !"=!<>+-*&|?:;".contains(*c))
                .map_or(rest.len(), |(end, _)| end);
            match rest.get(..end) {
                Some(run) if !run.is_empty() => Found::Word(run),
                _ => Found::Other(c),
            }
        }
    };
    let expected: Vec<Rule> = match &error.variant {
        ErrorVariant::ParsingError { positives, .. } => positives.clone(),
        ErrorVariant::CustomError { .. } => Vec::new(),
    };
    let summary = summarise(&expected);
    let width = match &found {
        Found::End | Found::Quote => 0,
        Found::Word(word) => word.len(),
        Found::Other(c) => c.len_utf8(),
    };
    let span = Span::new(at, at + width);
    if let Found::Word(word) = found
        && word.starts_with(|c: char| c == '_' || c.is_alphabetic())
    {
        let keywords: Vec<&str> = expected
            .iter()
            .flat_map(|r| backticked(describe(*r)))
            .collect();
        if !is_keyword(word)
            && let Some(suggestion) = closest(word, keywords.iter().copied())
        {
            let kind = RuleErrorKind::UnknownKeyword {
                word: word.to_owned(),
                suggestion,
            };
            return RuleError::new(kind, span);
        }
    }
    let help = help(&expected, &found);
    let kind = RuleErrorKind::Syntax {
        expected: summary,
        found: found.describe(),
        help,
    };
    RuleError::new(kind, span)
}

/// The expected tokens in a few words: related ones as one phrase, at most four items.
fn summarise(expected: &[Rule]) -> String {
    let mut names: Vec<&str> = Vec::new();
    let mut taken: Vec<Rule> = Vec::new();
    for rule in expected {
        if taken.contains(rule) {
            continue;
        }
        let group = GROUPS.iter().find(|(_, members)| {
            members.contains(rule) && expected.iter().filter(|r| members.contains(r)).count() > 1
        });
        let name = match group {
            Some((phrase, members)) => {
                taken.extend(members.iter().copied());
                *phrase
            }
            None => describe(*rule),
        };
        if !names.contains(&name) {
            names.push(name);
        }
    }
    let more = names.len() > 4;
    names.truncate(4);
    let list = match names.split_last() {
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) if more => format!("{}、{last}等", rest.join("、")),
        Some((last, rest)) => format!("{}或{last}", rest.join("、")),
        None => "其他内容".to_owned(),
    };
    if list.starts_with('`') {
        format!(" {list}")
    } else {
        list
    }
}

/// A hint for what usually went wrong when `expected` was wanted and `found` stands here.
fn help(expected: &[Rule], found: &Found<'_>) -> String {
    let wants = |rule: Rule| expected.contains(&rule);
    match found {
        Found::End => {
            return "文件到这里就结束了：检查前面的 `{`、`(`、`[` 是否都有对应的右括号".into();
        }
        Found::Word(word) if is_keyword(word) => {
            return format!("`{word}` 是关键字，不能用作 id 或变量名；请换一个名字");
        }
        _ => {}
    }
    if wants(Rule::severity) {
        "检查的 id 后面写级别：`error`、`warning`、`info`，也可以写 `错误`、`警告`、`提示`".into()
    } else if wants(Rule::rbracket) {
        "单元格写作 表[行, 列]，如 T3[R1, NP]：检查 `[` 是否有对应的 `]`".into()
    } else if wants(Rule::rparen) {
        "检查 `(` 是否有对应的 `)`，括号里的多项之间用逗号分隔".into()
    } else if wants(Rule::string) {
        "名称和说明文字要放在引号里，如 \"一、总体情况\"".into()
    } else if wants(Rule::comma) && matches!(found, Found::Quote) {
        "几段文字之间要用逗号分隔".into()
    } else if wants(Rule::number) || wants(Rule::cell_ref) {
        "这里需要一个数、单元格（如 T3[R1, NP]）或函数（如 sum(…)）".into()
    } else if wants(Rule::rbrace) {
        "检查这一行的写法，以及 `{` 与 `}` 是否成对".into()
    } else {
        "检查这一行的写法是否与 README“规则语言”一节的示例一致".into()
    }
}

/// Whether `word` is a keyword of the language (which can be no id).
fn is_keyword(word: &str) -> bool {
    use pest::Parser as _;
    word.starts_with(|c: char| c == '_' || c.is_alphabetic())
        && super::RulesParser::parse(Rule::ident, word)
            .ok()
            .and_then(|mut pairs| pairs.next())
            .is_none_or(|ident| ident.as_str() != word)
}

/// The words in backticks in a description (the keywords it names).
fn backticked(description: &'static str) -> impl Iterator<Item = &'static str> {
    description
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|w| !w.is_empty() && w.chars().all(|c| c == '_' || c.is_alphanumeric()))
}

/// The Chinese name of a character an input method types that the language has no use for,
/// and what to write instead.
fn confusable(c: char) -> Option<(&'static str, String)> {
    let named = |name: &'static str, advice: &str| Some((name, advice.to_owned()));
    match c {
        '：' => named("全角冒号", "规则文件中不用冒号，删去即可"),
        '；' => named("全角分号", "规则文件中不用分号，删去即可"),
        '。' => named("句号", "规则文件中不用句号；id 中的点请用半角“.”，如 R3.1"),
        '．' => named("全角句点", "规则文件中请用半角“.”，如 R3.1"),
        '”' | '’' => named("右引号", "前面没有对应的左引号；文字请写成 \"…\" 或 “…”"),
        '《' | '》' => named("书名号", "名称和说明文字要放在引号里，如 \"…\""),
        '〔' | '〕' => named("六角括号", "只能写在引号里的文字中"),
        '—' | '–' => named("破折号", "减号请用半角“-”"),
        '×' => named("乘号", "乘法请用半角“*”"),
        '｜' => named("全角竖线", "规则文件中不用竖线"),
        _ if ACCEPTED.contains(c) => None,
        '\u{FF01}'..='\u{FF5E}' => {
            let ascii = char::from_u32(u32::from(c) - 0xFEE0)?;
            let name = if ascii.is_ascii_digit() {
                "全角数字"
            } else if ascii.is_ascii_alphabetic() {
                "全角字母"
            } else {
                "全角符号"
            };
            Some((name, format!("规则文件中请用半角“{ascii}”")))
        }
        _ => None,
    }
}
