//! nianbao in the browser: the library pipeline, compiled to WebAssembly, behind the offline
//! page that `scripts/web.sh` builds (`crates/web/page/`).
//!
//! The page calls the very pipeline the CLI calls: [`Workbench`] reads any supported file
//! from its bytes, checks it with the rule files in effect and returns the public JSON of
//! `nianbao check --format json` together with the report's section of `--format html`
//! (`nianbao-html`); it holds the rule files being edited, compiles them on every edit and
//! returns their mistakes with line and column, and runs their `example` self-tests.
//!
//! [`Nianbao`] is the JavaScript face of [`Workbench`]: each method returns JSON text that
//! the page parses, so the boundary is strings and bytes only. A browser tab has no threads,
//! so reports are checked on the calling thread without a time budget (the page shows a
//! "checking" state meanwhile); the size and memory limits apply as in the CLI.

mod diagnostics;
mod workbench;

pub use diagnostics::RuleDiagnostic;
pub use workbench::{Edited, PageReport, RuleFile, SummaryRow, TemplateInfo, Workbench};

use serde::Serialize;
use wasm_bindgen::prelude::*;

/// The page's handle on nianbao (one per page).
#[wasm_bindgen]
#[derive(Debug)]
pub struct Nianbao {
    workbench: Workbench,
}

#[wasm_bindgen]
impl Nianbao {
    /// The built-in rule files, compiled.
    ///
    /// # Errors
    ///
    /// Only if a shipped rule file is broken.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Result<Nianbao, JsError> {
        Workbench::new()
            .map(|workbench| Nianbao { workbench })
            .map_err(|message| JsError::new(&message))
    }

    /// Every rule file: `[{name, text, builtin, edited}]`.
    pub fn rule_files(&self) -> String {
        json(&self.workbench.files())
    }

    /// The shipped text of a built-in rule file, to undo edits (`undefined` for others).
    pub fn shipped_rules(name: &str) -> Option<String> {
        Workbench::shipped(name).map(str::to_owned)
    }

    /// The templates in effect: `[{id, title, file, checks}]`.
    pub fn templates(&self) -> String {
        json(&self.workbench.templates())
    }

    /// Sets a rule file's text (a new name adds a file) and compiles all of them:
    /// `{applied, diagnostics: [{file, severity, code, message, label, help, line, column,
    /// start, end}], templates}`.
    pub fn edit_rules(&mut self, name: &str, text: &str) -> String {
        json(&self.workbench.edit(name, text))
    }

    /// Removes a rule file the user added; same answer as `edit_rules`.
    pub fn remove_rules(&mut self, name: &str) -> String {
        json(&self.workbench.remove(name))
    }

    /// Runs the rules' `example` self-tests: `{examples, failures: [{file, line, check,
    /// message}], without}`.
    pub fn self_test(&self) -> String {
        json(&self.workbench.self_test())
    }

    /// Checks one report file: `{json, section, row}` (see [`PageReport`]). `template` forces
    /// a template; empty chooses by content.
    ///
    /// # Errors
    ///
    /// Only for a template that is not in effect.
    pub fn check(
        &self,
        index: usize,
        name: &str,
        bytes: Vec<u8>,
        template: &str,
    ) -> Result<String, JsError> {
        self.workbench
            .check(index, name, bytes, template)
            .map(|report| json(&report))
            .map_err(|message| JsError::new(&message))
    }
}

/// The style sheet of the report sections (the one `--format html` inlines).
#[wasm_bindgen]
pub fn report_style() -> String {
    nianbao_html::STYLE.to_owned()
}

/// nianbao's version, shown in the page's footer.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// JSON text of a value; serialising these plain structs cannot fail, but if it did the page
/// gets a JSON error object rather than a broken string.
fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value)
        .unwrap_or_else(|error| serde_json::json!({ "error": error.to_string() }).to_string())
}
