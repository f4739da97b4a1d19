//! How fast nianbao checks reports: `cargo bench -p nianbao-cli` (see `docs/performance.md`).
//!
//! - `pipeline`: the library's one call (`Checker`: read → detect → bind → infer → evaluate) on
//!   the real example, inline and on a worker thread under a time budget.
//! - `corpus`: reports per second on one core, end to end in-process (read, bind, check, render
//!   the JSON report) over a generated corpus of different reports, a tenth with a seeded error
//!   (`scripts/generate-corpus.py`, written once into `target/bench-corpus-*`, or the directory
//!   in `NIANBAO_BENCH_CORPUS`).
//! - `readers`: each reader next to a plain parse of the same file — HTML: html5ever (scraper)
//!   building the tree; .docx: unzip `word/document.xml` and walk it with quick-xml; PDF:
//!   `pdftotext -layout` as a whole process (when installed).
//! - `command`: the whole command (`nianbao check`, rendering included, in-process).

use std::hint::black_box;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use nianbao_check::json::ReportJson;
use nianbao_check::read::{ReadOptions, read};
use nianbao_cli::{Environment, run};

/// The allocator the `nianbao` binary uses (`src/main.rs`), so that in-process figures are the
/// command's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn example() -> PathBuf {
    root().join("examples/2024-nanguan-jiaoyuju.txt")
}

fn pipeline(c: &mut Criterion) {
    let bytes = std::fs::read(example()).unwrap_or_default();
    let Ok(checker) = nianbao_check::Checker::builtin() else {
        return;
    };
    c.bench_function("compile builtin rules", |b| {
        b.iter(|| black_box(nianbao_check::Checker::builtin().is_ok()))
    });
    let inline = checker.clone().with_timeout(None);
    c.bench_function("read + bind + evaluate (real report)", |b| {
        b.iter(|| {
            inline
                .check_bytes(black_box(bytes.clone()), "report.txt")
                .map_or(0, |checked| checked.findings.len())
        })
    });
    c.bench_function("the same on a worker thread with a time budget", |b| {
        b.iter(|| {
            checker
                .check_bytes(black_box(bytes.clone()), "report.txt")
                .map_or(0, |checked| checked.findings.len())
        })
    });
}

/// The generated corpus `name` (`mix` as `scripts/generate-corpus.py --mix` takes it), read
/// into memory: `(file name, bytes)`, in name order.
fn corpus(name: &str, files: usize, mix: &str) -> Vec<(String, Vec<u8>)> {
    let dir = match std::env::var_os("NIANBAO_BENCH_CORPUS") {
        Some(dir) => PathBuf::from(dir),
        None => root().join("target").join(format!("bench-corpus-{name}")),
    };
    if !dir.join(".index.tsv").exists() {
        let generated = Command::new("python3")
            .arg(root().join("scripts/generate-corpus.py"))
            .arg(&dir)
            .args(["-n", &files.to_string(), "--mix", mix])
            .status();
        if !generated.is_ok_and(|status| status.success()) {
            eprintln!(
                "could not generate {}: is python3 installed?",
                dir.display()
            );
            return Vec::new();
        }
    }
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.retain(|p| {
        !p.file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
    });
    paths.sort();
    paths
        .into_iter()
        .filter_map(|p| Some((p.display().to_string(), std::fs::read(&p).ok()?)))
        .collect()
}

fn throughput(c: &mut Criterion) {
    let Ok(checker) = nianbao_check::Checker::builtin() else {
        return;
    };
    let checker = checker.with_timeout(None);
    for (name, mix) in [("text", "txt=1"), ("mixed", "txt=8,html=1,docx=1")] {
        let files = corpus(name, 500, mix);
        if files.is_empty() {
            continue;
        }
        let mut group = c.benchmark_group("corpus");
        group.throughput(Throughput::Elements(files.len() as u64));
        group.sample_size(10);
        group.measurement_time(Duration::from_secs(8));
        let mut out = Vec::new();
        group.bench_function(format!("{name}: read + bind + check + JSON"), |b| {
            b.iter(|| {
                for (path, bytes) in &files {
                    out.clear();
                    let report = match checker.check_bytes(bytes.clone(), path) {
                        Ok(checked) => {
                            serde_json::to_writer_pretty(&mut out, &ReportJson::checked(&checked))
                        }
                        Err(error) => {
                            serde_json::to_writer_pretty(&mut out, &ReportJson::failed(&error))
                        }
                    };
                    black_box((report.is_ok(), out.len()));
                }
            })
        });
        group.finish();
    }
}

/// `word/document.xml` unzipped and walked event by event with quick-xml.
fn docx_plain(bytes: &[u8]) -> usize {
    let Ok(mut archive) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return 0;
    };
    let mut xml = String::new();
    if let Ok(mut part) = archive.by_name("word/document.xml") {
        let _ = part.read_to_string(&mut xml);
    }
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut text = 0;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Text(t)) => {
                text += t.len();
            }
            Ok(quick_xml::events::Event::Eof) | Err(_) => return text,
            Ok(_) => {}
        }
    }
}

/// A plain parse of a file's bytes, returning something to keep it from being optimised away.
type Plain = fn(&[u8]) -> usize;

fn readers(c: &mut Criterion) {
    let mut group = c.benchmark_group("readers");
    group.sample_size(20);
    let files: [(&str, &str, Plain); 3] = [
        (
            "html",
            "tests/fixtures/corpus/013-shuyang-fgj-2023.html",
            |bytes| {
                let text = String::from_utf8_lossy(bytes);
                scraper::Html::parse_document(&text).tree.nodes().count()
            },
        ),
        ("html", "tests/fixtures/html/portal-2023.html", |bytes| {
            let text = String::from_utf8_lossy(bytes);
            scraper::Html::parse_document(&text).tree.nodes().count()
        }),
        ("docx", "tests/fixtures/docx/clean.docx", docx_plain),
    ];
    for (format, file, plain) in files {
        let Ok(bytes) = std::fs::read(root().join(file)) else {
            continue;
        };
        let short = Path::new(file)
            .file_name()
            .map_or(file.into(), |n| n.to_string_lossy());
        let options = ReadOptions {
            name: Some(file.to_owned()),
            ..ReadOptions::default()
        };
        group.bench_function(format!("{format} {short}: nianbao reader"), |b| {
            b.iter(|| black_box(read(black_box(&bytes), &options).is_ok()))
        });
        group.bench_function(format!("{format} {short}: plain parse"), |b| {
            b.iter(|| black_box(plain(black_box(&bytes))))
        });
    }
    let pdf = root().join("tests/fixtures/corpus/009-huaian-shi-2024.pdf");
    if let Ok(bytes) = std::fs::read(&pdf) {
        let options = ReadOptions::default();
        group.bench_function("pdf 009-huaian-shi-2024.pdf: nianbao reader", |b| {
            b.iter(|| black_box(read(black_box(&bytes), &options).is_ok()))
        });
        let pdftotext = || {
            Command::new("pdftotext")
                .args(["-layout", &pdf.display().to_string(), "-"])
                .output()
        };
        if pdftotext().is_ok() {
            group.bench_function(
                "pdf 009-huaian-shi-2024.pdf: pdftotext -layout (whole process)",
                |b| b.iter(|| black_box(pdftotext().map_or(0, |o| o.stdout.len()))),
            );
        }
    }
    group.finish();
}

fn command(c: &mut Criterion) {
    let path = example().display().to_string();
    let env = Environment {
        no_color: true,
        terminal: false,
        width: 100,
        progress: false,
    };
    for file in [
        path.clone(),
        path.replace("2024-nanguan-jiaoyuju.txt", "errors/balance.txt"),
    ] {
        let name = if file.contains("errors") {
            "nianbao check (2 findings)"
        } else {
            "nianbao check (clean)"
        };
        c.bench_function(name, |b| {
            b.iter(|| {
                let (mut out, mut err) = (Vec::new(), Vec::new());
                run(["nianbao", "check", file.as_str()], &mut out, &mut err, env)
            })
        });
    }
}

criterion_group!(benches, pipeline, throughput, readers, command);
criterion_main!(benches);
