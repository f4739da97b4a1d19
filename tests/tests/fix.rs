//! `nianbao fix`: reports with one wrong cell (`fixtures/fix/`, made by its `generate.py`) in
//! every format fix rewrites. Without `--output` it shows the change and writes nothing; with
//! it the copy differs from the original in that cell's bytes only (for .docx: in that cell's
//! text in `word/document.xml`, every other entry identical) and checks clean. A PDF's
//! corrections are listed with page and position, and nothing is written.

use std::io::{Cursor, Read};
use std::path::PathBuf;

use nianbao_tests::{nianbao, root};

/// The fixtures, each with the number written and the number fix writes instead.
const FIXTURES: &[(&str, &str, &str)] = &[
    ("one-wrong.txt", "20", "2"),
    ("one-wrong-gbk.txt", "20", "2"),
    ("one-wrong-utf16.txt", "20", "2"),
    ("one-wrong.md", "20", "2"),
    ("one-wrong.html", "84", "48"),
    ("one-wrong-gbk.html", "84", "48"),
    ("one-wrong.docx", "21", "12"),
];

fn fixture(name: &str) -> String {
    format!("tests/fixtures/fix/{name}")
}

/// A fresh directory for this test's output, inside the workspace (so paths in the output are
/// relative and the snapshots do not depend on where the repo is).
fn scratch(test: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("fix")
        .join(test);
    let _ = std::fs::remove_dir_all(&dir);
    if let Err(error) = std::fs::create_dir_all(&dir) {
        panic!("cannot create {}: {error}", dir.display());
    }
    dir
}

fn bytes(path: impl AsRef<std::path::Path>) -> Vec<u8> {
    std::fs::read(root().join(path.as_ref())).unwrap_or_default()
}

fn relative(path: &std::path::Path) -> String {
    path.display().to_string()
}

/// Without --output: the changes and a diff on stdout, exit 0, the file untouched.
#[test]
fn shows_the_change_and_writes_nothing() {
    for (name, _, _) in FIXTURES {
        let path = fixture(name);
        let before = bytes(&path);
        let output = nianbao(&["fix", &path]);
        assert_eq!(output.exit, 0, "{name}: {}", output.snapshot());
        assert_eq!(bytes(&path), before, "{name} was changed");
        insta::assert_snapshot!(format!("diff__{name}"), output.snapshot());
    }
}

/// With --output: the copy differs in the cell's number only, checks clean, and the original
/// is untouched.
#[test]
fn writes_a_copy_that_checks_clean() {
    let dir = scratch("copy");
    for (name, old, new) in FIXTURES {
        let path = fixture(name);
        let before = bytes(&path);
        let copy = dir.join(name);
        let output = nianbao(&["fix", &path, "--output", &relative(&copy)]);
        assert_eq!(output.exit, 0, "{name}: {}", output.snapshot());
        assert_eq!(bytes(&path), before, "{name}: the original was changed");
        let fixed = bytes(&copy);
        let shown = dir
            .strip_prefix(root())
            .unwrap_or(&dir)
            .display()
            .to_string();
        let redacted = output.snapshot().replace(&shown, "<dir>");
        insta::assert_snapshot!(format!("written__{name}"), redacted);
        let again = nianbao(&["check", &relative(&copy)]);
        assert_eq!(again.exit, 0, "{name}: {}", again.snapshot());
        if name.ends_with(".docx") {
            only_the_cell_changed_in_the_package(&before, &fixed, old, new);
        } else {
            let changed = changed_bytes(&before, &fixed);
            let (was, now) = (decode(name, &changed.0), decode(name, &changed.1));
            assert!(
                old.ends_with(&was) && new.ends_with(&now),
                "{name}: {was} → {now}"
            );
            insta::assert_snapshot!(
                format!("copy__{name}"),
                changed_lines(name, &before, &fixed)
            );
        }
    }
}

/// The bytes that differ between two files: the middle left after their common start and end.
fn changed_bytes(a: &[u8], b: &[u8]) -> (Vec<u8>, Vec<u8>) {
    let start = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let end = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
        .min(a.len() - start)
        .min(b.len() - start);
    let part = |x: &[u8]| x.get(start..x.len() - end).unwrap_or_default().to_vec();
    (part(a), part(b))
}

/// Bytes of a fixture decoded in its encoding.
fn decode(name: &str, bytes: &[u8]) -> String {
    let encoding = if name.contains("gbk") {
        encoding_rs::GB18030
    } else if name.contains("utf16") {
        encoding_rs::UTF_16LE
    } else {
        encoding_rs::UTF_8
    };
    encoding.decode_without_bom_handling(bytes).0.into_owned()
}

/// The lines of the copy that differ from the original, with their numbers.
fn changed_lines(name: &str, before: &[u8], after: &[u8]) -> String {
    let (before, after) = (decode(name, before), decode(name, after));
    let (a, b): (Vec<&str>, Vec<&str>) = (before.lines().collect(), after.lines().collect());
    assert_eq!(a.len(), b.len(), "{name}: lines added or removed");
    a.iter()
        .zip(&b)
        .enumerate()
        .filter(|(_, (x, y))| x != y)
        .map(|(at, (x, y))| format!("{}:\n-{x}\n+{y}", at + 1))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Unzipped, the packages have the same entries in the same order with the same compression;
/// all but word/document.xml are identical (their compressed bytes too); document.xml differs
/// in the cell's digits only.
fn only_the_cell_changed_in_the_package(before: &[u8], after: &[u8], old: &str, new: &str) {
    let open = |bytes: &[u8]| match zip::ZipArchive::new(Cursor::new(bytes.to_vec())) {
        Ok(archive) => archive,
        Err(error) => panic!("not a zip: {error}"),
    };
    let (mut a, mut b) = (open(before), open(after));
    assert_eq!(a.len(), b.len());
    let read = |archive: &mut zip::ZipArchive<Cursor<Vec<u8>>>, i: usize, raw: bool| {
        let file = if raw {
            archive.by_index_raw(i)
        } else {
            archive.by_index(i)
        };
        let Ok(mut file) = file else {
            panic!("entry {i}");
        };
        let mut content = Vec::new();
        let _ = file.read_to_end(&mut content);
        (
            file.name().map(|n| n.to_string()).unwrap_or_default(),
            file.compression(),
            content,
        )
    };
    for i in 0..a.len() {
        let (name, method, content) = read(&mut a, i, false);
        let (other, other_method, other_content) = read(&mut b, i, false);
        assert_eq!((&name, method), (&other, other_method));
        if name == "word/document.xml" {
            let (was, now) = changed_bytes(&content, &other_content);
            let (was, now) = (String::from_utf8_lossy(&was), String::from_utf8_lossy(&now));
            assert!(old.contains(&*was) && new.contains(&*now), "{was} → {now}");
            assert!(
                was.len() <= old.len(),
                "only the cell's text changed: {was}"
            );
        } else {
            assert_eq!(content, other_content, "{name}");
            assert_eq!(
                read(&mut a, i, true).2,
                read(&mut b, i, true).2,
                "{name} raw"
            );
        }
    }
}

/// `fix` then `check`: with --in-place the original is corrected; the errors it addressed are
/// gone.
#[test]
fn in_place_round_trips() {
    let dir = scratch("in-place");
    for (name, _, _) in FIXTURES {
        let copy = dir.join(name);
        if let Err(error) = std::fs::copy(root().join(fixture(name)), &copy) {
            panic!("{name}: {error}");
        }
        let copy = relative(&copy);
        assert_eq!(nianbao(&["check", &copy]).exit, 1);
        let fixed = nianbao(&["fix", "--in-place", &copy]);
        assert_eq!(fixed.exit, 0, "{}", fixed.snapshot());
        let again = nianbao(&["check", &copy]);
        assert_eq!(again.exit, 0, "{name}: {}", again.snapshot());
        let twice = nianbao(&["fix", "--in-place", &copy]);
        assert!(
            twice.stdout.ends_with("没有错误，不需要改正\n"),
            "{}",
            twice.stdout
        );
    }
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".nianbao-fix"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// The real PDF whose two 表四 totals are certainly 11 and 5: listed with page and position,
/// nothing written, exit 1.
#[test]
fn pdf_corrections_are_listed_not_written() {
    let dir = scratch("pdf");
    let copy = dir.join("fixed.pdf");
    let output = nianbao(&[
        "fix",
        "tests/fixtures/corpus/010-hongze-qu-2023.pdf",
        "--output",
        &relative(&copy),
    ]);
    assert_eq!(output.exit, 1, "{}", output.snapshot());
    assert!(!copy.exists());
    assert!(output.stdout.contains("：0 → 11") && output.stdout.contains("：0 → 5"));
    insta::assert_snapshot!("pdf", output.snapshot());
}

/// Corrections that are not certain are listed with why, never applied; errors remain.
#[test]
fn uncertain_corrections_are_not_applied() {
    let output = nianbao(&["fix", "examples/errors/balance.txt"]);
    assert_eq!(output.exit, 1);
    insta::assert_snapshot!("not_certain", output.snapshot());
    let clean = nianbao(&["fix", "examples/2024-nanguan-jiaoyuju.txt"]);
    assert_eq!(clean.exit, 0);
    assert_eq!(
        clean.stdout,
        "examples/2024-nanguan-jiaoyuju.txt：没有错误，不需要改正\n"
    );
}

/// The original is never the output; the two ways of writing exclude each other; --help
/// documents the exit codes.
#[test]
fn usage() {
    let path = fixture("one-wrong.txt");
    let same = nianbao(&["fix", &path, "--output", &path]);
    assert_eq!(same.exit, 2);
    assert!(same.stderr.contains("--in-place"), "{}", same.stderr);
    let both = nianbao(&["fix", &path, "--output", "x.txt", "--in-place"]);
    assert_eq!(both.exit, 2);
    let unreadable = nianbao(&["fix", "no/such/report.txt"]);
    assert_eq!(unreadable.exit, 4);
    let help = nianbao(&["fix", "--help"]);
    assert_eq!(help.exit, 0);
    insta::assert_snapshot!("help", help.stdout);
}
