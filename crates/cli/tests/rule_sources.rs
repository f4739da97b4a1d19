//! Where rules come from at run time, with the real binary in a scratch directory (the
//! project rule folder is found from the working directory, which only a real process has):
//! exported rule files that staff edit take effect without a rebuild; `--rules` adds to the
//! built-ins; no file is checked against a template it does not match.

#![expect(
    clippy::unreachable,
    clippy::unwrap_used,
    reason = "a test that cannot set up its directory fails"
)]

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

struct Run {
    exit: Option<i32>,
    stdout: String,
    stderr: String,
}

fn nianbao_in(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| unreachable!("cannot run nianbao: {e}"));
    Run {
        exit: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// A scratch directory of its own for each test, under the build's target directory.
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("rule-sources-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn example(relative: &str) -> String {
    root().join(relative).display().to_string()
}

/// `rules export` writes the built-in files into `nianbao-rules`; an edit there takes effect
/// for every run in that directory (no rebuild), and the run says which copy it used.
#[test]
fn exported_rules_edited_take_effect() {
    let dir = scratch("export");
    let export = nianbao_in(&dir, &["rules", "export"]);
    assert_eq!(export.exit, Some(0), "{}{}", export.stdout, export.stderr);
    let file = dir.join("nianbao-rules/gov-2021.rules");
    let text = std::fs::read_to_string(&file).unwrap();

    // Unedited, the exported copy is the built-in: same output, nothing announced.
    let balance = example("examples/errors/balance.txt");
    let before = nianbao_in(&dir, &["check", &balance]);
    assert_eq!(before.exit, Some(1));
    assert!(!before.stderr.contains("使用"), "{}", before.stderr);

    // Staff reword a check's message: the next run shows the new wording.
    let edited = text.replacen(
        "应等于（七）总计加四、结转下年度继续办理",
        "应与办理结果和结转相符（本地措辞）",
        1,
    );
    assert_ne!(edited, text, "the exported file holds the message to edit");
    std::fs::write(&file, edited).unwrap();
    let after = nianbao_in(&dir, &["check", &balance]);
    assert!(after.stdout.contains("本地措辞"), "{}", after.stdout);
    assert!(
        after
            .stderr
            .contains("模板 gov-2021 使用 nianbao-rules/gov-2021.rules 中的版本"),
        "{}",
        after.stderr
    );
    let verbose = nianbao_in(&dir, &["check", "--verbose", &balance]);
    assert!(
        verbose.stderr.contains("项目规则文件夹"),
        "{}",
        verbose.stderr
    );

    // A subdirectory finds the folder too; exporting again does not overwrite the edit.
    let below = dir.join("reports/2024");
    std::fs::create_dir_all(&below).unwrap();
    assert!(
        nianbao_in(&below, &["check", &balance])
            .stdout
            .contains("本地措辞")
    );
    let again = nianbao_in(&dir, &["rules", "export"]);
    assert_eq!(again.exit, Some(2), "{}", again.stderr);
    assert!(std::fs::read_to_string(&file).unwrap().contains("本地措辞"));
}

/// A local variant given with `--rules` adds to the built-ins: a 2019-format report is still
/// checked as 2019 (it used to get the local 2021 variant, with false errors), a 2021 report
/// without the local column stays `gov-2021`, and the local report gets the local template.
#[test]
fn given_rules_add_to_the_builtins() {
    let dir = scratch("given");
    let local = example("examples/local/subtotal.rules");
    let cases = [
        (
            "tests/fixtures/corpus/002-pingtan-2019.txt",
            "模板 gov-2019，",
        ),
        ("examples/2024-nanguan-jiaoyuju.txt", "模板 gov-2021，"),
        (
            "examples/local/subtotal-report.txt",
            "模板 local-2021-subtotal，",
        ),
    ];
    for (report, template) in cases {
        let run = nianbao_in(&dir, &["check", "--rules", &local, &example(report)]);
        assert_eq!(run.exit, Some(0), "{report}: {}{}", run.stdout, run.stderr);
        assert!(run.stdout.contains(template), "{report}: {}", run.stdout);
    }
    // Given twice, both files count; with --only-rules the built-ins are left out.
    let twice = nianbao_in(
        &dir,
        &["rules", "list", "--rules", &local, "--rules", &local],
    );
    assert_eq!(twice.exit, Some(0), "{}", twice.stderr);
    let only = nianbao_in(&dir, &["rules", "list", "--only-rules", "--rules", &local]);
    assert!(
        only.stdout.contains("local-2021-subtotal"),
        "{}",
        only.stdout
    );
    assert!(!only.stdout.contains("gov-2019"), "{}", only.stdout);
}

/// An empty file and a text about the format (this README) are not graded as reports with
/// errors: both exit 4 with a read-class code.
#[test]
fn non_reports_are_not_graded() {
    let dir = scratch("non-reports");
    let empty = dir.join("空白.txt");
    std::fs::write(&empty, "").unwrap();
    for (file, code) in [
        (empty.display().to_string(), "read::"),
        (example("README.md"), "bind::no-tables"),
    ] {
        let run = nianbao_in(&dir, &["check", &file]);
        assert_eq!(run.exit, Some(4), "{file}: {}{}", run.stdout, run.stderr);
        assert!(run.stderr.contains(code), "{file}: {}", run.stderr);
        assert!(!run.stdout.contains("错误"), "{file}: {}", run.stdout);
    }
}
