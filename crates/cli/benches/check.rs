//! How long checking one report takes: the baseline for later performance work.
//!
//! `cargo bench -p nianbao-cli` runs it. It measures the library's one call (`Checker`: read →
//! detect → bind → infer → evaluate), inline and on a worker thread under a time budget, and
//! the whole command (`nianbao check`, rendering included, in-process).

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use nianbao_cli::{Environment, run};

fn example() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/2024-nanguan-jiaoyuju.txt")
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

fn command(c: &mut Criterion) {
    let path = example().display().to_string();
    let env = Environment {
        no_color: true,
        terminal: false,
        width: 100,
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

criterion_group!(benches, pipeline, command);
criterion_main!(benches);
