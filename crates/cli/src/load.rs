//! Loading the rule files (embedded or given). Problems with them are rendered to stderr here
//! and turned into exit codes; documents are read by the library's checker.

use std::path::{Path, PathBuf};

use miette::Diagnostic;
use nianbao_rules::{Origin, RuleSet, RuleSource};

use crate::args::RuleFiles;
use crate::render;
use crate::{Context, Exit};

/// The folder of rule files a project keeps next to its reports (`nianbao rules export`
/// writes it); the first one found in the working directory or a parent is used.
pub const PROJECT_FOLDER: &str = "nianbao-rules";

/// The rule set of a run: the built-in rule files, then the `*.rules` files of the project's
/// rule folder, then `--rules` files (only those with `--only-rules`). A later file's template
/// replaces a built-in one with the same id; a replacement whose text differs from the
/// built-in is announced on stderr, so nobody wonders which copy was used.
pub fn rules(files: &RuleFiles, context: &mut Context<'_>) -> Result<RuleSet, Exit> {
    // The built-ins are always there to be extended; with --only-rules their templates are
    // left out of the set afterwards.
    let mut sources = RuleSource::builtin();
    if !files.only_rules {
        for path in project_files(context)? {
            let (name, text) = rule_text(&path, context)?;
            sources.push(RuleSource::new(name, text, Origin::Project));
        }
    }
    for path in &files.rule_files {
        let (name, text) = rule_text(path, context)?;
        sources.push(RuleSource::new(name, text, Origin::Given));
    }
    let mut set = nianbao_rules::compile_sources(sources).map_err(|error| {
        render::to_stream(context.err, &error, context.style);
        Exit::InvalidRules
    })?;
    if files.only_rules {
        let builtin = |file: &str| {
            nianbao_rules::builtin::BUILTIN
                .iter()
                .any(|b| b.name == file)
        };
        set.templates.retain(|t| !builtin(&t.file));
    }
    for replaced in set.replaced.iter().filter(|r| !r.identical) {
        let _ = writeln!(
            context.err,
            "说明：模板 {} 使用 {} 中的版本（与 {} 不同）",
            replaced.template, replaced.file, replaced.replaced
        );
    }
    Ok(set)
}

/// One rule file on its own (its templates only; `extends` may still name built-ins), or
/// the rule set of [`rules`] with no files given.
pub fn rule_file(path: Option<&Path>, context: &mut Context<'_>) -> Result<RuleSet, Exit> {
    let Some(path) = path else {
        return rules(&RuleFiles::default(), context);
    };
    let (name, text) = rule_text(path, context)?;
    nianbao_rules::compile(&name, &text).map_err(|error| {
        render::to_stream(context.err, &error, context.style);
        Exit::InvalidRules
    })
}

/// What `--verbose` says about the rule files of a run: each file, where it came from and
/// the templates it gave.
pub fn describe(set: &RuleSet) -> String {
    let files: Vec<String> = set
        .sources
        .iter()
        .map(|source| {
            let templates: Vec<&str> = set
                .templates
                .iter()
                .filter(|t| t.file == source.name)
                .map(|t| t.id.as_str())
                .collect();
            let used = if templates.is_empty() {
                "没有用到其中的模板".to_owned()
            } else {
                format!("模板 {}", templates.join("、"))
            };
            format!("{}（{}，{used}）", source.name, source.origin.describe())
        })
        .collect();
    format!("使用的规则文件：{}", files.join("；"))
}

/// The `*.rules` files of the nearest project rule folder, sorted by name; none when there is
/// no such folder.
fn project_files(context: &mut Context<'_>) -> Result<Vec<PathBuf>, Exit> {
    let Ok(cwd) = std::env::current_dir() else {
        return Ok(Vec::new());
    };
    let Some(folder) = cwd
        .ancestors()
        .map(|dir| dir.join(PROJECT_FOLDER))
        .find(|dir| dir.is_dir())
    else {
        return Ok(Vec::new());
    };
    let entries = match std::fs::read_dir(&folder) {
        Ok(entries) => entries,
        Err(error) => {
            let problem = nianbao_read::io_reason(&error);
            let _ = writeln!(
                context.err,
                "错误：无法读取规则文件夹 {}：{problem}",
                folder.display()
            );
            return Err(Exit::InvalidRules);
        }
    };
    // Named from the working directory when the folder is there, as staff would type it.
    let shown = |path: PathBuf| match path.strip_prefix(&cwd) {
        Ok(relative) => relative.to_path_buf(),
        Err(_) => path,
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| shown(entry.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "rules") && path.is_file())
        .collect();
    files.sort();
    Ok(files)
}

/// The name and text of a rule file; a file that cannot be read is reported on stderr. Rule
/// files saved by Notepad as GBK ("ANSI") or UTF-16 are decoded like documents.
pub fn rule_text(path: &Path, context: &mut Context<'_>) -> Result<(String, String), Exit> {
    let name = path.display().to_string();
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            let problem = nianbao_read::io_reason(&error);
            let _ = writeln!(context.err, "错误：无法读取规则文件 {name}：{problem}");
            return Err(Exit::InvalidRules);
        }
    };
    match nianbao_read::decode_text(&bytes) {
        Ok((text, _)) => Ok((name, text)),
        Err(cause) => {
            let error = UnreadableRules { path: name, cause };
            render::to_stream(context.err, &error, context.style);
            Err(Exit::InvalidRules)
        }
    }
}

/// A rule file that is not text in a supported encoding.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("无法读取规则文件 {path}")]
pub struct UnreadableRules {
    pub path: String,
    #[source]
    #[diagnostic_source]
    pub cause: nianbao_read::ReadError,
}
