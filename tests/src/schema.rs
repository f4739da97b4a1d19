//! The published JSON Schemas (`schema/*.schema.json`): every JSON document a test makes
//! nianbao print is validated against them.

use std::sync::OnceLock;

use crate::root;

/// The JSON documents nianbao prints, each with its schema file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `nianbao check --format json`.
    Check,
    /// `nianbao extract --format json`.
    Extract,
}

impl Kind {
    /// The schema file, relative to the workspace root.
    pub fn file(self) -> &'static str {
        match self {
            Kind::Check => "schema/check.schema.json",
            Kind::Extract => "schema/extract.schema.json",
        }
    }

    /// The schema as the library generates it now.
    pub fn generated(self) -> serde_json::Value {
        match self {
            Kind::Check => nianbao_check::json::check_schema(),
            Kind::Extract => nianbao_check::json::extract_schema(),
        }
    }

    /// Which document the arguments of a run print, if it is one of the JSON documents.
    pub fn of_args(args: &[&str]) -> Option<Self> {
        let json = args.windows(2).any(|w| w == ["--format", "json"]);
        match args.first() {
            Some(&"check") if json => Some(Kind::Check),
            Some(&"extract") if json => Some(Kind::Extract),
            _ => None,
        }
    }
}

/// The committed schema file of `kind`, compiled once.
fn validator(kind: Kind) -> &'static jsonschema::Validator {
    static CHECK: OnceLock<jsonschema::Validator> = OnceLock::new();
    static EXTRACT: OnceLock<jsonschema::Validator> = OnceLock::new();
    let cell = match kind {
        Kind::Check => &CHECK,
        Kind::Extract => &EXTRACT,
    };
    cell.get_or_init(|| {
        let path = root().join(kind.file());
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let schema: serde_json::Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()));
        jsonschema::validator_for(&schema)
            .unwrap_or_else(|e| panic!("{} is not a valid schema: {e}", path.display()))
    })
}

/// The ways `json` breaks the schema of `kind` (empty when it is valid), each as
/// "path: what".
pub fn violations(kind: Kind, json: &serde_json::Value) -> Vec<String> {
    validator(kind)
        .iter_errors(json)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

/// Panics unless `text` is a JSON document valid against the schema of `kind` whose
/// findings name a check or a code of the catalogue (no uncatalogued code is emitted).
pub fn assert_valid(kind: Kind, text: &str) {
    let json: serde_json::Value = serde_json::from_str(text)
        .unwrap_or_else(|e| panic!("{kind:?} output is not JSON: {e}\n{text}"));
    let uncatalogued: Vec<&str> = json["reports"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|report| report["findings"].as_array().into_iter().flatten())
        .filter_map(|finding| finding["rule"].as_str())
        .filter(|rule| rule.contains("::") && nianbao_model::Code::from_name(rule).is_none())
        .collect();
    assert!(
        uncatalogued.is_empty(),
        "uncatalogued codes: {uncatalogued:?}"
    );
    let broken = violations(kind, &json);
    assert!(
        broken.is_empty(),
        "{kind:?} output breaks {}:\n{}",
        kind.file(),
        broken.join("\n")
    );
}
