//! Test kit for nianbao's fixture and snapshot tests: runs the CLI in-process with a fixed
//! style (no colour, width 100) and makes its output independent of where the repo lives.
//!
//! See `tests/README.md` for how to add a fixture and review snapshots.

use std::path::{Path, PathBuf};

use nianbao_cli::{Environment, run};

pub mod harness;
pub mod schema;

/// The workspace root (the directory holding `examples/` and `rules/`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from(".."), Path::to_path_buf)
}

/// Makes the workspace root the working directory of the test process, once. Every caller
/// sets the same directory, so tests running in parallel cannot disagree about it.
fn enter_root(root: &Path) {
    static ENTERED: std::sync::Once = std::sync::Once::new();
    ENTERED.call_once(|| {
        if let Err(error) = std::env::set_current_dir(root) {
            panic!(
                "cannot enter the workspace root {}: {error}",
                root.display()
            );
        }
    });
}

/// A path inside the workspace, from a path relative to its root.
pub fn path(relative: &str) -> String {
    root().join(relative).display().to_string()
}

/// What one run printed, and how it ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// The exit code.
    pub exit: u8,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Output {
    /// The whole run as one text for a snapshot: exit code, then both streams.
    pub fn snapshot(&self) -> String {
        format!(
            "exit: {}\n--- stdout ---\n{}--- stderr ---\n{}",
            self.exit, self.stdout, self.stderr
        )
    }
}

/// Runs `nianbao` with the arguments (without the program name), from the workspace root.
/// Files in the workspace may be named relative to the root or absolutely; either way nianbao
/// sees the relative path, so messages that wrap at the fixed width wrap the same wherever the
/// repo lives.
///
/// A JSON document it prints (`check` or `extract` with `--format json`) must be valid
/// against the published schema (`schema/`), or the test fails.
pub fn nianbao(args: &[&str]) -> Output {
    let root = root();
    enter_root(&root);
    let prefix = format!("{}/", root.display());
    let relative: Vec<&str> = args
        .iter()
        .map(|arg| arg.strip_prefix(&prefix).unwrap_or(arg))
        .collect();
    let output = nianbao_here(&relative);
    if let Some(kind) = schema::Kind::of_args(&relative)
        && !output.stdout.is_empty()
    {
        schema::assert_valid(kind, &output.stdout);
    }
    output
}

/// Runs `nianbao` with the arguments in the current directory, which it leaves alone (the fuzz
/// harness runs under libFuzzer, which keeps its corpus at paths relative to it). Output
/// naming the workspace has the workspace path removed.
pub fn nianbao_here(args: &[&str]) -> Output {
    let args: Vec<String> = std::iter::once("nianbao")
        .chain(args.iter().copied())
        .map(str::to_owned)
        .collect();
    let mut stdout = Vec::new();
    let mut stderr = Vec::new();
    let env = Environment {
        no_color: true,
        terminal: false,
        width: 100,
        progress: false,
    };
    let exit = run(args, &mut stdout, &mut stderr, env);
    let prefix = format!("{}/", root().display());
    let clean = |bytes: Vec<u8>| String::from_utf8_lossy(&bytes).replace(&prefix, "");
    Output {
        exit: exit.code(),
        stdout: clean(stdout),
        stderr: clean(stderr),
    }
}

/// Writes `bytes` to a file `name` in this test process's scratch directory and returns its
/// path, for tests that check a file made on the spot.
pub fn scratch(name: &str, bytes: impl AsRef<[u8]>) -> String {
    let dir = std::env::temp_dir().join(format!("nianbao-scratch-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(name);
    assert!(
        std::fs::write(&path, bytes).is_ok(),
        "cannot write {}",
        path.display()
    );
    path.display().to_string()
}

/// The findings of the comparisons in a `check --format json` batch (the entries after the
/// reports): (report, what it was compared with — last year's report's path, or `units`, or
/// `organs` —, rule), in output order.
pub fn comparisons(json: &serde_json::Value) -> Vec<(String, String, String)> {
    let text = |value: &serde_json::Value| value.as_str().unwrap_or_default().to_owned();
    let mut out = Vec::new();
    for report in json["reports"].as_array().into_iter().flatten() {
        let compared = &report["compared"];
        if compared.is_null() {
            continue;
        }
        let with = if compared["path"].is_string() {
            text(&compared["path"])
        } else {
            text(&compared["with"])
        };
        for finding in report["findings"].as_array().into_iter().flatten() {
            out.push((text(&report["path"]), with.clone(), text(&finding["rule"])));
        }
    }
    out
}
