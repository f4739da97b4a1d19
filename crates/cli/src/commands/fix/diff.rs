//! What `fix` would change, shown without writing: a unified diff of the file's lines for
//! the text formats, the changed table rows for .docx.

use std::fmt::Write as _;

/// Lines of context around each change.
const CONTEXT: usize = 3;
/// Lines longer than this (in characters) are shown in part: context lines from their start,
/// changed lines around the change.
const LONG: usize = 160;
/// Characters kept on each side of a change in a long line.
const AROUND: usize = 60;

/// A unified diff of two texts that have the same number of lines (a change of numbers never
/// adds or removes one). `name` heads both sides.
pub fn unified(name: &str, old: &str, new: &str) -> String {
    let old: Vec<&str> = old.split('\n').collect();
    let new: Vec<&str> = new.split('\n').collect();
    let changed: Vec<usize> = (0..old.len().max(new.len()))
        .filter(|&i| old.get(i) != new.get(i))
        .collect();
    if changed.is_empty() {
        return String::new();
    }
    let mut out = format!("--- {name}\n+++ {name}\n");
    // Hunks: changed lines closer than twice the context share one.
    let mut hunks: Vec<(usize, usize)> = Vec::new();
    for &line in &changed {
        let (from, to) = (
            line.saturating_sub(CONTEXT),
            (line + CONTEXT + 1).min(old.len()),
        );
        match hunks.last_mut() {
            Some(last) if from <= last.1 => last.1 = to,
            _ => hunks.push((from, to)),
        }
    }
    for (from, to) in hunks {
        let count = to - from;
        let _ = writeln!(out, "@@ -{},{count} +{},{count} @@", from + 1, from + 1);
        for i in from..to {
            let (a, b) = (
                old.get(i).copied().unwrap_or(""),
                new.get(i).copied().unwrap_or(""),
            );
            let (a, b) = (a.trim_end_matches('\r'), b.trim_end_matches('\r'));
            if a == b {
                let _ = writeln!(out, " {}", shortened(a));
            } else {
                let (a, b) = excerpts(a, b);
                let _ = writeln!(out, "-{a}\n+{b}");
            }
        }
    }
    out
}

/// A long context line cut after its start.
fn shortened(line: &str) -> String {
    if line.chars().count() <= LONG {
        return line.to_owned();
    }
    let start: String = line.chars().take(AROUND * 2).collect();
    format!("{start}…")
}

/// Two versions of a long changed line cut to the same window around the change.
fn excerpts(a: &str, b: &str) -> (String, String) {
    if a.chars().count() <= LONG && b.chars().count() <= LONG {
        return (a.to_owned(), b.to_owned());
    }
    let first = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let from = first.saturating_sub(AROUND);
    let window = |line: &str| {
        let total = line.chars().count();
        let part: String = line.chars().skip(from).take(AROUND * 2).collect();
        let head = if from > 0 { "…" } else { "" };
        let tail = if from + AROUND * 2 < total { "…" } else { "" };
        format!("{head}{part}{tail}")
    };
    (window(a), window(b))
}

/// The changed table rows of a .docx, before and after, each headed by where it is.
pub fn rows(name: &str, changes: &[(String, String, String)]) -> String {
    if changes.is_empty() {
        return String::new();
    }
    let mut out = format!("--- {name}\n+++ {name}（改正后）\n");
    for (place, old, new) in changes {
        let _ = writeln!(out, "@@ {place} @@\n-{old}\n+{new}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hunks with context; nearby changes share a hunk.
    #[test]
    fn unified_hunks() {
        let old = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\n";
        let new = old.replace("b\n", "B\n").replace("l\n", "L\n");
        assert_eq!(
            unified("x.txt", old, &new),
            "--- x.txt\n+++ x.txt\n@@ -1,5 +1,5 @@\n a\n-b\n+B\n c\n d\n e\n\
             @@ -9,5 +9,5 @@\n i\n j\n k\n-l\n+L\n \n"
        );
        let long = format!("{}17{}", "x".repeat(100), "y".repeat(100));
        let (a, b) = excerpts(&long, &long.replace("17", "16"));
        assert_eq!(a.chars().count(), 122);
        assert!(a.starts_with('…') && a.ends_with('…') && b.contains("x16y"));
    }
}
