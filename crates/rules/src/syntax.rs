//! Step one: rule-file text → [`ast::File`]. No name is resolved at this stage.
//!
//! The pest parser stays private to this module; everything after it works on the owned,
//! spanned syntax tree in [`crate::ast`].

use pest::Parser as _;
use pest::iterators::Pair;

use crate::ast::*;
use crate::error::{RuleError, RuleErrorKind};

mod describe;
mod expr;
mod extend;
mod lexical;
mod message;

pub(crate) use lexical::ascii_punctuation;

#[derive(pest_derive::Parser)]
#[grammar = "grammar.pest"]
struct RulesParser;

/// Parses a rule file into its syntax tree, or the syntax error with its location.
pub fn parse(source: &str) -> Result<File, RuleError> {
    parse_file(source, 0)
}

/// [`parse`] for the rule file with index `file` in a rule set: every span made records it.
pub fn parse_file(source: &str, file: u32) -> Result<File, RuleError> {
    let previous = PARSING.with(|current| current.replace(file));
    let parsed = parse_here(source);
    PARSING.with(|current| current.set(previous));
    parsed
}

fn parse_here(source: &str) -> Result<File, RuleError> {
    lexical::prescan(source)?;
    let mut pairs = RulesParser::parse(Rule::file, source)
        .map_err(|error| message::syntax_error(source, &error))?;
    let Some(file) = pairs.next() else {
        return Ok(File::default());
    };
    let mut templates = Vec::new();
    for pair in file.into_inner() {
        if pair.as_rule() == Rule::template {
            templates.push(template(pair)?);
        }
    }
    Ok(File { templates })
}

fn span(pair: &Pair<'_, Rule>) -> Span {
    let s = pair.as_span();
    Span::new(s.start(), s.end())
}

fn spanned<T>(pair: &Pair<'_, Rule>, node: T) -> Spanned<T> {
    Spanned {
        node,
        span: span(pair),
    }
}

/// The text of a `name` or `ident` pair; a full-width `－` in a name is `-`.
fn word(pair: &Pair<'_, Rule>) -> Spanned<String> {
    let text = pair.as_str();
    let text = if pair.as_rule() == Rule::name {
        text.replace('－', "-")
    } else {
        text.to_owned()
    };
    spanned(pair, text)
}

/// The unescaped content of a `string` pair; the span covers the quotes.
fn string(pair: &Pair<'_, Rule>) -> Spanned<String> {
    string_with_escapes(pair).0
}

/// The unescaped content and the offsets (in it) where an escape sequence stood. The quotes
/// may be `"…"`, `“…”` or `‘…’`; the text between them is the string's only child.
fn string_with_escapes(pair: &Pair<'_, Rule>) -> (Spanned<String>, Vec<usize>) {
    let inner = pair.clone().into_inner().next();
    let inner = inner.as_ref().map_or("", |p| p.as_str());
    let mut text = String::with_capacity(inner.len());
    let mut escapes = Vec::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            escapes.push(text.len());
            match chars.next() {
                Some('n') => text.push('\n'),
                Some(other) => text.push(other),
                None => {}
            }
        } else {
            text.push(c);
        }
    }
    (spanned(pair, text), escapes)
}

/// Children of a pair without the punctuation and keyword tokens.
fn meaningful<'i>(pair: Pair<'i, Rule>) -> impl Iterator<Item = Pair<'i, Rule>> {
    pair.into_inner()
        .filter(|p| !describe::is_punctuation(p.as_rule()))
}

fn internal(pair: &Pair<'_, Rule>, what: &str) -> RuleError {
    RuleError::new(
        RuleErrorKind::Internal {
            what: format!("{what}: {:?}", pair.as_rule()),
        },
        span(pair),
    )
}

fn template(pair: Pair<'_, Rule>) -> Result<Template, RuleError> {
    let whole = span(&pair);
    let mut items = meaningful(pair.clone());
    let (Some(id), Some(title)) = (items.next(), items.next()) else {
        return Err(internal(&pair, "template header"));
    };
    let mut template = Template {
        id: word(&id),
        title: string(&title),
        issued: None,
        signatures: Vec::new(),
        subtotal_words: Vec::new(),
        report_phrases: Vec::new(),
        sections: Vec::new(),
        treatments: Vec::new(),
        tables: Vec::new(),
        facts: Vec::new(),
        checks: Vec::new(),
        extends: None,
        patches: Vec::new(),
        removals: Vec::new(),
        severities: Vec::new(),
        span: whole,
    };
    for item in items {
        match item.as_rule() {
            Rule::extends => {
                template.extends = item
                    .into_inner()
                    .find(|p| p.as_rule() == Rule::name)
                    .map(|p| word(&p))
            }
            Rule::patch => template.patches.push(extend::patch(item)?),
            Rule::remove => template.removals.push(extend::removal(item)?),
            Rule::severity_change => template.severities.push(extend::severity_change(item)?),
            Rule::issued => template.issued = strings(item).into_iter().next(),
            Rule::signature => template.signatures.extend(strings(item)),
            Rule::subtotal => template.subtotal_words.extend(strings(item)),
            Rule::report => {
                template.report_phrases = item
                    .into_inner()
                    .flat_map(|p| match p.as_rule() {
                        Rule::string => vec![string(&p)],
                        _ => strings(p),
                    })
                    .collect();
            }
            Rule::section => template.sections.push(section(item)?),
            Rule::treat => template.treatments.push(treat(item)?),
            Rule::table => template.tables.push(table(item)?),
            Rule::fact => template.facts.push(fact(item)?),
            Rule::check => template.checks.push(check(item)?),
            _ => return Err(internal(&item, "template item")),
        }
    }
    Ok(template)
}

/// All `string` children of a pair.
fn strings(pair: Pair<'_, Rule>) -> Vec<Spanned<String>> {
    pair.into_inner()
        .filter(|p| p.as_rule() == Rule::string)
        .map(|p| string(&p))
        .collect()
}

fn label(text: &Pair<'_, Rule>, variants: Option<Pair<'_, Rule>>) -> Label {
    Label {
        text: string(text),
        variants: variants.map(strings).unwrap_or_default(),
    }
}

fn section(pair: Pair<'_, Rule>) -> Result<Section, RuleError> {
    let mut items = meaningful(pair.clone());
    let (Some(id), Some(text)) = (items.next(), items.next()) else {
        return Err(internal(&pair, "section"));
    };
    let mut variants = None;
    let mut table = None;
    for item in items {
        match item.as_rule() {
            Rule::variants => variants = Some(item),
            Rule::section_table => {
                table = meaningful(item)
                    .find(|p| p.as_rule() == Rule::ident)
                    .map(|p| word(&p));
            }
            _ => return Err(internal(&item, "section")),
        }
    }
    Ok(Section {
        id: word(&id),
        label: label(&text, variants),
        table,
    })
}

fn treat(pair: Pair<'_, Rule>) -> Result<Treat, RuleError> {
    let whole = span(&pair);
    let mut class = None;
    let mut treatment = None;
    for p in pair.into_inner().flat_map(|p| p.into_inner()) {
        match p.as_rule() {
            Rule::kw_blank => class = Some(CellClass::Blank),
            Rule::kw_marks => class = Some(CellClass::Marks),
            Rule::kw_zero => treatment = Some(Treatment::Zero),
            Rule::kw_unknown => treatment = Some(Treatment::Unknown),
            _ => {}
        }
    }
    match (class, treatment) {
        (Some(class), Some(treatment)) => Ok(Treat {
            class,
            treatment,
            span: whole,
        }),
        _ => Err(RuleError::new(
            RuleErrorKind::Internal {
                what: "treat".into(),
            },
            whole,
        )),
    }
}

fn table(pair: Pair<'_, Rule>) -> Result<Table, RuleError> {
    let whole = span(&pair);
    let mut items = meaningful(pair.clone());
    let (Some(id), Some(title)) = (items.next(), items.next()) else {
        return Err(internal(&pair, "table header"));
    };
    let mut parts = Vec::new();
    let mut loose = empty_part(None, None, whole);
    let mut has_loose = false;
    for item in items {
        if item.as_rule() == Rule::part {
            parts.push(part(item)?);
        } else {
            has_loose = true;
            part_item(&mut loose, item)?;
        }
    }
    if has_loose || parts.is_empty() {
        parts.insert(0, loose);
    }
    Ok(Table {
        id: word(&id),
        title: string(&title),
        parts,
    })
}

fn empty_part(id: Option<Spanned<String>>, title: Option<Spanned<String>>, span: Span) -> Part {
    Part {
        id,
        title,
        corner: None,
        values: None,
        columns: Vec::new(),
        rows: Vec::new(),
        span,
    }
}

fn part(pair: Pair<'_, Rule>) -> Result<Part, RuleError> {
    let whole = span(&pair);
    let mut items = meaningful(pair.clone());
    let (Some(id), Some(title)) = (items.next(), items.next()) else {
        return Err(internal(&pair, "part header"));
    };
    let mut part = empty_part(Some(word(&id)), Some(string(&title)), whole);
    for item in items {
        part_item(&mut part, item)?;
    }
    Ok(part)
}

fn part_item(part: &mut Part, item: Pair<'_, Rule>) -> Result<(), RuleError> {
    match item.as_rule() {
        Rule::corner => {
            let mut inner = meaningful(item.clone());
            let Some(text) = inner.next() else {
                return Err(internal(&item, "corner"));
            };
            part.corner = Some(label(&text, inner.next()));
        }
        Rule::values => part.values = Some(values(item)),
        Rule::columns => part.columns = axis_items(item)?,
        Rule::rows => part.rows = axis_items(item)?,
        _ => return Err(internal(&item, "table item")),
    }
    Ok(())
}

fn values(pair: Pair<'_, Rule>) -> Values {
    let mut kind = ValueKind::Count;
    let mut unit = None;
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::value_kind => {
                kind = match p.into_inner().next().map(|k| k.as_rule()) {
                    Some(Rule::kw_amount) => ValueKind::Amount,
                    Some(Rule::kw_signed) => ValueKind::Signed,
                    _ => ValueKind::Count,
                }
            }
            Rule::unit => unit = strings(p).into_iter().next(),
            _ => {}
        }
    }
    Values { kind, unit }
}

fn axis_items(pair: Pair<'_, Rule>) -> Result<Vec<AxisItem>, RuleError> {
    meaningful(pair).map(axis_item).collect()
}

pub(super) fn axis_item(pair: Pair<'_, Rule>) -> Result<AxisItem, RuleError> {
    let is_group = pair.as_rule() == Rule::group;
    let mut id = None;
    let mut text = None;
    let mut unlabeled = false;
    let mut variants = None;
    let mut value_spec = None;
    let mut optional = false;
    let mut children = is_group.then(Vec::new);
    for p in meaningful(pair.clone()) {
        match p.as_rule() {
            Rule::ident => id = Some(word(&p)),
            Rule::string => text = Some(p),
            Rule::unlabeled => {
                unlabeled = true;
                text = p.into_inner().find(|s| s.as_rule() == Rule::string);
            }
            Rule::variants => variants = Some(p),
            Rule::values => value_spec = Some(values(p)),
            Rule::optional => optional = true,
            Rule::group | Rule::leaf => {
                if let Some(children) = children.as_mut() {
                    children.push(axis_item(p)?);
                }
            }
            _ => return Err(internal(&p, "row or column")),
        }
    }
    let (Some(id), Some(text)) = (id, text) else {
        return Err(internal(&pair, "row or column"));
    };
    Ok(AxisItem {
        id,
        label: label(&text, variants),
        unlabeled,
        values: value_spec,
        optional,
        children,
    })
}

/// The severity keyword of a `severity` pair.
fn severity_of(pair: &Pair<'_, Rule>) -> Severity {
    match pair.clone().into_inner().next().map(|p| p.as_rule()) {
        Some(Rule::kw_warning) => Severity::Warning,
        Some(Rule::kw_info) => Severity::Info,
        _ => Severity::Error,
    }
}

fn check(pair: Pair<'_, Rule>) -> Result<Check, RuleError> {
    let whole = span(&pair);
    let mut items = meaningful(pair.clone());
    let (Some(id), Some(severity_pair), Some(title)) = (items.next(), items.next(), items.next())
    else {
        return Err(internal(&pair, "check header"));
    };
    let severity = match severity_pair
        .clone()
        .into_inner()
        .next()
        .map(|p| p.as_rule())
    {
        Some(Rule::kw_warning) => Severity::Warning,
        Some(Rule::kw_info) => Severity::Info,
        _ => Severity::Error,
    };
    let mut check = Check {
        id: word(&id),
        severity: spanned(&severity_pair, severity),
        title: string(&title),
        message: None,
        message_escapes: Vec::new(),
        basis: None,
        explain: None,
        treatments: Vec::new(),
        bindings: Vec::new(),
        when: None,
        asserts: Vec::new(),
        examples: Vec::new(),
        span: whole,
        inherited_from: None,
    };
    for item in items {
        match item.as_rule() {
            Rule::message => {
                if let Some(p) = item.into_inner().find(|p| p.as_rule() == Rule::string) {
                    let (message, escapes) = string_with_escapes(&p);
                    check.message = Some(message);
                    check.message_escapes = escapes;
                }
            }
            Rule::basis => check.basis = strings(item).into_iter().next(),
            Rule::explain => check.explain = strings(item).into_iter().next(),
            Rule::treat => check.treatments.push(treat(item)?),
            Rule::each => {
                for binding in meaningful(item) {
                    check.bindings.push(self::binding(binding)?);
                }
            }
            Rule::when => check.when = first_expr(item)?,
            Rule::assert => check.asserts.extend(first_expr(item)?),
            Rule::example => check.examples.push(example(item)?),
            _ => return Err(internal(&item, "check item")),
        }
    }
    Ok(check)
}

fn example(pair: Pair<'_, Rule>) -> Result<Example, RuleError> {
    let mut example = Example {
        pass: true,
        cells: Vec::new(),
        year: None,
        absent: Vec::new(),
        texts: Vec::new(),
        previous: None,
        others: Vec::new(),
        children: Vec::new(),
        missing: Vec::new(),
        agency: None,
        span: span(&pair),
    };
    for item in meaningful(pair) {
        match item.as_rule() {
            Rule::expectation => {
                example.pass = item
                    .into_inner()
                    .next()
                    .is_some_and(|k| k.as_rule() == Rule::kw_pass);
            }
            Rule::example_cell => {
                let mut parts = meaningful(item.clone()).filter(|p| p.as_rule() != Rule::op_eq);
                let (Some(cell), Some(value)) = (parts.next(), parts.next()) else {
                    return Err(internal(&item, "example cell"));
                };
                let cell = expr::cell(cell)?;
                let node = match value.clone().into_inner().next() {
                    Some(v) if v.as_rule() == Rule::kw_blank => ExampleValue::Blank,
                    Some(v) if v.as_rule() == Rule::string => ExampleValue::Text(string(&v).node),
                    Some(v) => ExampleValue::Number(number(&v)?),
                    None => return Err(internal(&value, "example value")),
                };
                example.cells.push(ExampleCell {
                    cell,
                    value: spanned(&value, node),
                });
            }
            Rule::example_year => {
                if let Some(n) = item
                    .clone()
                    .into_inner()
                    .find(|p| p.as_rule() == Rule::number)
                {
                    example.year = Some(spanned(&n, number(&n)?));
                }
            }
            Rule::example_text => example.texts.extend(strings(item)),
            Rule::example_previous => example.previous = Some(Box::new(self::example(item)?)),
            Rule::example_other => example.others.push(self::example(item)?),
            Rule::example_child => match item
                .clone()
                .into_inner()
                .find(|p| p.as_rule() == Rule::example_missing)
            {
                Some(missing) => example.missing.extend(strings(missing)),
                None => example.children.push(self::example(item)?),
            },
            Rule::example_agency => example.agency = strings(item).into_iter().next(),
            Rule::example_absent => {
                if let Some(id) = item.into_inner().find(|p| p.as_rule() == Rule::ident) {
                    example.absent.push(word(&id));
                }
            }
            _ => return Err(internal(&item, "example item")),
        }
    }
    Ok(example)
}

/// A number literal (possibly signed).
fn number(pair: &Pair<'_, Rule>) -> Result<rust_decimal::Decimal, RuleError> {
    use std::str::FromStr as _;
    rust_decimal::Decimal::from_str(&pair.as_str().replace('－', "-")).map_err(|_| {
        RuleError::new(
            RuleErrorKind::BadNumber {
                text: pair.as_str().to_owned(),
            },
            span(pair),
        )
    })
}

fn binding(pair: Pair<'_, Rule>) -> Result<Binding, RuleError> {
    let mut items = meaningful(pair.clone());
    let (Some(var), Some(domain)) = (items.next(), items.next()) else {
        return Err(internal(&pair, "binding"));
    };
    let mut kind = None;
    let mut args = Vec::new();
    for p in meaningful(domain.clone()) {
        match p.as_rule() {
            Rule::domain_kind => {
                kind = p.into_inner().next().map(|k| match k.as_rule() {
                    Rule::kw_rows => DomainKind::Rows,
                    Rule::kw_cells => DomainKind::Cells,
                    Rule::kw_row_groups => DomainKind::RowGroups,
                    Rule::kw_column_groups => DomainKind::ColumnGroups,
                    Rule::kw_sections => DomainKind::Sections,
                    Rule::kw_said => DomainKind::Said,
                    _ => DomainKind::Columns,
                })
            }
            Rule::ident => args.push(word(&p)),
            _ => {}
        }
    }
    let Some(kind) = kind else {
        return Err(internal(&domain, "domain"));
    };
    Ok(Binding {
        var: word(&var),
        domain: spanned(&domain, kind),
        args,
    })
}

fn fact(pair: Pair<'_, Rule>) -> Result<Fact, RuleError> {
    let whole = span(&pair);
    let mut items = meaningful(pair.clone());
    let (Some(id), Some(title)) = (items.next(), items.next()) else {
        return Err(internal(&pair, "fact header"));
    };
    let mut fact = Fact {
        id: word(&id),
        title: string(&title),
        scope: Vec::new(),
        says: Vec::new(),
        except: Vec::new(),
        span: whole,
    };
    for item in items {
        match item.as_rule() {
            Rule::fact_scope => fact.scope.extend(
                item.into_inner()
                    .filter(|p| p.as_rule() == Rule::ident)
                    .map(|p| word(&p)),
            ),
            Rule::say => {
                let means = item
                    .clone()
                    .into_inner()
                    .find(|p| p.as_rule() == Rule::means)
                    .and_then(|m| m.into_inner().find(|p| p.as_rule() == Rule::signed_number))
                    .map(|n| number(&n).map(|value| spanned(&n, value)))
                    .transpose()?;
                fact.says.push(Say {
                    phrases: strings(item),
                    means,
                });
            }
            Rule::except => fact.except.extend(strings(item)),
            _ => return Err(internal(&item, "fact item")),
        }
    }
    Ok(fact)
}

fn first_expr(pair: Pair<'_, Rule>) -> Result<Option<Spanned<Expr>>, RuleError> {
    pair.into_inner()
        .find(|p| p.as_rule() == Rule::expr)
        .map(expr::expr)
        .transpose()
}

#[cfg(test)]
mod tests;
