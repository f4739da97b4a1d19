//! One benchmark per reader on a typical report: `cargo bench -p nianbao-read --features pdf`.
//! The baselines to compare with are external tools on the same files (see README).

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, criterion_group, criterion_main};
use nianbao_read::{ReadOptions, read};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn readers(c: &mut Criterion) {
    let files = [
        (
            "text (flattened .docx text)",
            "examples/2024-nanguan-jiaoyuju.txt",
        ),
        ("markdown", "tests/fixtures/markdown/nanguan-2024.md"),
        (
            "json (document model)",
            "tests/fixtures/json/nanguan-2024.json",
        ),
        ("docx", "tests/fixtures/docx/clean.docx"),
        (
            "html (portal page)",
            "tests/fixtures/corpus/013-shuyang-fgj-2023.html",
        ),
        (
            "crawler text (GBK-free, inline tables)",
            "tests/fixtures/corpus/002-pingtan-2019.txt",
        ),
        ("pdf", "tests/fixtures/corpus/009-huaian-shi-2024.pdf"),
    ];
    for (name, file) in files {
        let Ok(bytes) = std::fs::read(root().join(file)) else {
            continue;
        };
        let options = ReadOptions {
            name: Some(file.to_owned()),
            ..ReadOptions::default()
        };
        c.bench_function(name, |b| {
            b.iter(|| black_box(read(black_box(&bytes), &options).is_ok()))
        });
    }
}

criterion_group!(benches, readers);
criterion_main!(benches);
