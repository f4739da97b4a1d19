//! The files a command works on: paths given (a directory stands for every report file under
//! it), patterns the program expands itself (Windows shells do not), and lists of paths from
//! a file or standard input. Order is deterministic: as given, directories sorted by name.

use std::collections::HashSet;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use globset::{GlobSet, GlobSetBuilder};

/// The extensions a directory is searched for (the readers tell formats apart by content; the
/// extension only decides which files in a directory are reports).
const REPORT_EXTENSIONS: &[&str] = &[
    "txt", "text", "htm", "html", "shtml", "xhtml", "docx", "doc", "wps", "pdf", "md", "markdown",
    "json",
];

/// Where the inputs come from.
#[derive(Debug, Clone, Default)]
pub struct InputSpec {
    /// Files and directories as given; `-` reads a list of paths from standard input.
    pub paths: Vec<PathBuf>,
    /// Patterns such as `报告/**/*.docx`, expanded by nianbao.
    pub globs: Vec<String>,
    /// Patterns of paths to leave out (matched against each found path).
    pub excludes: Vec<String>,
    /// A file listing one path per line (`-` for standard input).
    pub files_from: Option<PathBuf>,
}

/// A mistake in the inputs themselves (a bad pattern, an unreadable list): the command stops.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// A pattern that is not a valid glob.
    #[error("模式 {pattern} 无效：{reason}")]
    Pattern { pattern: String, reason: String },
    /// The list of paths could not be read.
    #[error("无法读取文件列表 {path}：{reason}")]
    List { path: String, reason: String },
}

/// Every input file, in order, each once. Problems with single entries (a directory that
/// cannot be listed) are written to `err` and the rest go on; a path that does not exist is
/// kept, so that its check reports it like any unreadable file.
pub fn expand(
    spec: &InputSpec,
    stdin: &mut dyn BufRead,
    err: &mut dyn Write,
) -> Result<Vec<PathBuf>, InputError> {
    let excludes = glob_set(&spec.excludes)?;
    let mut given: Vec<PathBuf> = Vec::new();
    let mut stdin_used = false;
    for path in &spec.paths {
        if path.as_os_str() == "-" {
            if !stdin_used {
                given.extend(read_list(stdin, "-")?);
                stdin_used = true;
            }
        } else {
            given.push(path.clone());
        }
    }
    if let Some(list) = &spec.files_from {
        if list.as_os_str() == "-" {
            if !stdin_used {
                given.extend(read_list(stdin, "-")?);
            }
        } else {
            let file = std::fs::File::open(list).map_err(|e| InputError::List {
                path: list.display().to_string(),
                reason: nianbao_read::io_reason(&e),
            })?;
            let mut reader = std::io::BufReader::new(file);
            given.extend(read_list(&mut reader, &list.display().to_string())?);
        }
    }
    let mut found = Vec::new();
    for path in given {
        if path.is_dir() {
            walk(&path, None, &mut found, err);
        } else {
            found.push(path);
        }
    }
    for pattern in &spec.globs {
        let matcher = glob_set(std::slice::from_ref(pattern))?;
        walk(&glob_root(pattern), Some(&matcher), &mut found, err);
    }
    let mut seen = HashSet::new();
    found.retain(|path| !excludes.is_match(path) && seen.insert(path.clone()));
    Ok(found)
}

/// Report files under `dir` (sorted, recursive), or those matching `matcher`. Symbolic links
/// are followed (a folder of links to the agencies' files is a folder of reports); a link
/// that leads back into its own folder is reported and not followed again.
fn walk(dir: &Path, matcher: Option<&GlobSet>, found: &mut Vec<PathBuf>, err: &mut dyn Write) {
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !is_hidden_or_temporary(entry.file_name()));
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                let path = entry.path();
                let wanted = match matcher {
                    Some(matcher) => matcher.is_match(clean(path)),
                    None => is_report_file(path),
                };
                if wanted {
                    found.push(path.to_path_buf());
                }
            }
            Ok(_) => {}
            Err(error) => {
                let at = error
                    .path()
                    .map_or_else(|| dir.display().to_string(), |p| p.display().to_string());
                let message = match (error.loop_ancestor(), error.io_error()) {
                    (Some(ancestor), _) => format!(
                        "警告：{at} 是指回上级目录 {} 的链接，已跳过",
                        ancestor.display()
                    ),
                    (None, Some(io)) => format!(
                        "警告：无法读取 {at}：{}，已跳过",
                        nianbao_read::io_reason(io)
                    ),
                    (None, None) => format!("警告：无法读取 {at}，已跳过"),
                };
                let _ = writeln!(err, "{message}");
            }
        }
    }
}

/// A path without a leading `./`, as patterns are written.
fn clean(path: &Path) -> &Path {
    path.strip_prefix(".").unwrap_or(path)
}

/// Whether a file in a directory is a report by its extension.
fn is_report_file(path: &Path) -> bool {
    !path.file_name().is_some_and(is_hidden_or_temporary)
        && path.extension().is_some_and(|ext| {
            let ext = ext.to_string_lossy().to_lowercase();
            REPORT_EXTENSIONS.contains(&ext.as_str())
        })
}

/// Hidden files and folders (`.git`), and the lock and temporary files office programs leave
/// next to an open document (`~$报告.docx`, `~WRL0001.tmp`).
fn is_hidden_or_temporary(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.')
        || name.starts_with("~$")
        || name.starts_with('~') && name.ends_with(".tmp")
}

/// The directory to search for a pattern: its path up to the first component with a wildcard.
fn glob_root(pattern: &str) -> PathBuf {
    let mut root = PathBuf::new();
    for part in Path::new(pattern).components() {
        let text = part.as_os_str().to_string_lossy();
        if text.contains(['*', '?', '[', '{']) {
            break;
        }
        root.push(part);
    }
    if root.as_os_str().is_empty() || root == Path::new(pattern) && !root.is_dir() {
        // A pattern without wildcards names one file; search its folder.
        return root
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    }
    root
}

fn glob_set(patterns: &[String]) -> Result<GlobSet, InputError> {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        let glob = globset::GlobBuilder::new(pattern.trim_start_matches("./"))
            .literal_separator(true)
            .build()
            .map_err(|e| InputError::Pattern {
                pattern: pattern.clone(),
                reason: e.kind().to_string(),
            })?;
        builder.add(glob);
    }
    builder.build().map_err(|e| InputError::Pattern {
        pattern: patterns.join(" "),
        reason: e.kind().to_string(),
    })
}

/// One path per line; blank lines and a BOM are ignored.
fn read_list(reader: &mut dyn BufRead, name: &str) -> Result<Vec<PathBuf>, InputError> {
    let mut text = String::new();
    reader
        .read_to_string(&mut text)
        .map_err(|e| InputError::List {
            path: name.to_owned(),
            reason: nianbao_read::io_reason(&e),
        })?;
    Ok(text
        .trim_start_matches('\u{feff}')
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(PathBuf::from)
        .collect())
}

#[cfg(test)]
mod tests {
    #![expect(clippy::unwrap_used, reason = "tests")]

    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("nianbao-inputs-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("sub/.hidden")).unwrap();
        for file in [
            "a.txt",
            "b.docx",
            "~$b.docx",
            ".c.txt",
            "notes.rules",
            "sub/d.pdf",
            "sub/.hidden/e.txt",
            "sub/~WRL0001.tmp",
        ] {
            std::fs::write(dir.join(file), "x").unwrap();
        }
        dir
    }

    fn names(found: &[PathBuf], dir: &Path) -> Vec<String> {
        found
            .iter()
            .map(|p| p.strip_prefix(dir).unwrap_or(p).display().to_string())
            .collect()
    }

    #[test]
    fn a_directory_gives_its_report_files_without_hidden_or_temporary_ones() {
        let dir = scratch("dir");
        let spec = InputSpec {
            paths: vec![dir.clone()],
            ..InputSpec::default()
        };
        let found = expand(&spec, &mut std::io::empty(), &mut Vec::new()).unwrap();
        assert_eq!(names(&found, &dir), ["a.txt", "b.docx", "sub/d.pdf"]);
    }

    #[test]
    fn patterns_lists_and_excludes() {
        let dir = scratch("glob");
        let spec = InputSpec {
            globs: vec![format!("{}/**/*.pdf", dir.display())],
            excludes: vec!["**/b.docx".to_owned()],
            paths: vec![PathBuf::from("-")],
            files_from: None,
        };
        let list = format!(
            "\u{feff}{}\n\n{}\n",
            dir.join("b.docx").display(),
            dir.join("a.txt").display()
        );
        let found = expand(&spec, &mut list.as_bytes(), &mut Vec::new()).unwrap();
        assert_eq!(names(&found, &dir), ["a.txt", "sub/d.pdf"]);
        let bad = InputSpec {
            globs: vec!["[".to_owned()],
            ..InputSpec::default()
        };
        assert!(expand(&bad, &mut std::io::empty(), &mut Vec::new()).is_err());
    }

    /// Links are followed: to a file, to a folder, and one pointing back up is reported, not
    /// walked forever; a broken link is reported too. Nothing is skipped silently.
    #[cfg(unix)]
    #[test]
    fn links_are_followed_and_a_loop_or_broken_link_is_reported() {
        use std::os::unix::fs::symlink;
        let dir = scratch("links");
        let linked = scratch("links-target");
        symlink(linked.join("a.txt"), dir.join("linked.txt")).unwrap();
        symlink(linked.join("sub"), dir.join("linked-sub")).unwrap();
        symlink(&dir, dir.join("sub/up")).unwrap();
        symlink(dir.join("gone.txt"), dir.join("broken.txt")).unwrap();
        let spec = InputSpec {
            paths: vec![dir.clone()],
            ..InputSpec::default()
        };
        let mut err = Vec::new();
        let found = expand(&spec, &mut std::io::empty(), &mut err).unwrap();
        assert_eq!(
            names(&found, &dir),
            [
                "a.txt",
                "b.docx",
                "linked-sub/d.pdf",
                "linked.txt",
                "sub/d.pdf"
            ]
        );
        let err = String::from_utf8(err).unwrap();
        assert!(err.contains("sub/up 是指回上级目录"), "{err}");
        assert!(err.contains("broken.txt："), "{err}");
        assert_eq!(err.lines().count(), 2, "{err}");
        let _ = std::fs::remove_dir_all(&dir);
        let _ = std::fs::remove_dir_all(&linked);
    }

    #[test]
    fn a_missing_path_is_kept_for_its_check_to_report() {
        let spec = InputSpec {
            paths: vec![PathBuf::from("no-such-report.txt")],
            ..InputSpec::default()
        };
        let found = expand(&spec, &mut std::io::empty(), &mut Vec::new()).unwrap();
        assert_eq!(found, [PathBuf::from("no-such-report.txt")]);
    }
}
