//! Property tests (proptest): readers and the binder never panic on random or mutated input,
//! and nothing a document says is lost between reading, binding and extracting.

use nianbao_model::{Document, SourceFormat};
use nianbao_read::ReadOptions;
use nianbao_tests::{harness, root};

/// Every committed document with its format: the examples and the reader fixtures.
fn documents() -> Vec<(String, Vec<u8>)> {
    let dirs = [
        "examples",
        "examples/errors",
        "examples/local",
        "tests/fixtures/corpus",
        "tests/fixtures/docx",
        "tests/fixtures/html",
        "tests/fixtures/markdown",
        "tests/fixtures/json",
        "tests/fixtures/pdf",
        "tests/fixtures/doc",
    ];
    let mut out = Vec::new();
    for dir in dirs {
        let mut paths: Vec<_> = std::fs::read_dir(root().join(dir))
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.is_file()
                    && !matches!(
                        p.extension().and_then(|e| e.to_str()),
                        Some("py" | "md" | "rules") | None
                    )
                    && !p.to_string_lossy().contains("pdftotext")
            })
            .collect();
        paths.sort();
        for path in paths {
            let relative = path
                .strip_prefix(root())
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            out.push((relative, std::fs::read(&path).unwrap_or_default()));
        }
    }
    out
}

/// The proptest configuration: `cases` runs from a fixed seed, so `cargo test` (and CI) tries
/// the same inputs every time and a red run can be repeated. `PROPTEST_RNG_SEED` and
/// `PROPTEST_CASES` override both, to explore further (see `tests/README.md`).
fn config(cases: u32) -> proptest::prelude::ProptestConfig {
    use proptest::test_runner::{Config, RngSeed};
    let from_env = Config::default();
    Config {
        cases: if std::env::var_os("PROPTEST_CASES").is_some() {
            from_env.cases
        } else {
            cases
        },
        rng_seed: if std::env::var_os("PROPTEST_RNG_SEED").is_some() {
            from_env.rng_seed
        } else {
            RngSeed::Fixed(20_261_126)
        },
        ..from_env
    }
}

/// The committed documents small enough to mutate quickly (the real PDFs are left out).
fn small_documents() -> &'static [(String, Vec<u8>)] {
    static SMALL: std::sync::OnceLock<Vec<(String, Vec<u8>)>> = std::sync::OnceLock::new();
    SMALL.get_or_init(|| {
        documents()
            .into_iter()
            .filter(|(_, bytes)| bytes.len() <= 150_000)
            .collect()
    })
}

/// Every reader, and format detection, on `bytes`: a document with spans on its text, or an
/// error located inside the file; never a panic.
fn read_every_way(bytes: &[u8]) {
    for format in [
        SourceFormat::Text,
        SourceFormat::Html,
        SourceFormat::Markdown,
        SourceFormat::Json,
        SourceFormat::Docx,
        SourceFormat::Pdf,
        SourceFormat::Doc,
    ] {
        harness::read_as(format, bytes);
    }
    harness::read_any(bytes);
}

/// A byte-level change to a file.
#[derive(Debug, Clone)]
enum Mutation {
    Overwrite(usize, u8),
    Insert(usize, u8),
    Remove(usize),
    /// Copy `len` bytes from the first position to the second.
    Splice(usize, usize, usize),
}

fn mutation() -> impl proptest::strategy::Strategy<Value = Mutation> {
    use proptest::prelude::*;
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Mutation::Overwrite(at, b)),
        (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Mutation::Insert(at, b)),
        any::<usize>().prop_map(Mutation::Remove),
        (any::<usize>(), any::<usize>(), 1usize..512)
            .prop_map(|(from, to, len)| Mutation::Splice(from, to, len)),
    ]
}

fn mutate(bytes: &mut Vec<u8>, mutation: &Mutation) {
    let len = bytes.len().max(1);
    match *mutation {
        Mutation::Overwrite(at, b) => {
            if let Some(byte) = bytes.get_mut(at % len) {
                *byte = b;
            }
        }
        Mutation::Insert(at, b) => bytes.insert(at % (bytes.len() + 1), b),
        Mutation::Remove(at) => {
            if !bytes.is_empty() {
                bytes.remove(at % len);
            }
        }
        Mutation::Splice(from, to, n) => {
            let from = from % len;
            let piece: Vec<u8> = bytes.iter().skip(from).take(n).copied().collect();
            let to = to % (bytes.len() + 1);
            bytes.splice(to..to, piece);
        }
    }
}

proptest::proptest! {
    #![proptest_config(config(48))]

    /// Every reader on a committed document with bytes changed, inserted, removed or copied
    /// and the end cut off: a document or a located error, never a panic.
    #[test]
    fn readers_survive_mutated_files(
        pick in proptest::prelude::any::<usize>(),
        mutations in proptest::collection::vec(mutation(), 0..24),
        cut in proptest::prelude::any::<Option<usize>>(),
    ) {
        let documents = small_documents();
        let Some((_, original)) = documents.get(pick % documents.len().max(1)) else {
            panic!("no documents");
        };
        let mut bytes = original.clone();
        for m in &mutations {
            mutate(&mut bytes, m);
        }
        if let Some(cut) = cut {
            bytes.truncate(cut % (bytes.len() + 1));
        }
        read_every_way(&bytes);
    }

    /// Every reader on random bytes, and on random text.
    #[test]
    fn readers_survive_random_input(
        bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..2048),
        text in "\\PC{0,512}",
    ) {
        read_every_way(&bytes);
        read_every_way(text.as_bytes());
    }
}

/// Nothing lost in binding: in every committed document, each numeric cell of a table the
/// binder claimed is placed or reported unplaced.
#[test]
fn binding_accounts_for_every_number() {
    let Ok(checker) = nianbao_check::Checker::builtin() else {
        panic!("built-in rules do not compile");
    };
    let checker = checker.with_timeout(None);
    let mut checked = 0;
    for (name, bytes) in documents() {
        let Ok(result) = checker.check_bytes(bytes, &name) else {
            continue;
        };
        let lost = harness::lost_numbers(&result.document, &result.report);
        assert!(lost.is_empty(), "{name}: {lost:?}");
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} documents checked");
}

/// One edit to a document's tables.
#[derive(Debug, Clone)]
enum Edit {
    /// Replace the text of cell (table, row, cell), each index taken modulo the sizes.
    Text(usize, usize, usize, String),
    /// Insert a cell before (table, row, cell).
    Insert(usize, usize, usize, String),
    /// Remove the cell (table, row, cell).
    Remove(usize, usize, usize),
    /// Remove the row (table, row).
    RemoveRow(usize, usize),
    /// Duplicate the row (table, row).
    DuplicateRow(usize, usize),
}

/// Every row and column label of the built-in templates (the rule files, not Rust, say them).
fn official_labels() -> Vec<String> {
    let Ok(rules) = nianbao_rules::builtin::rule_set() else {
        return vec!["?".to_owned()];
    };
    let mut labels: Vec<String> = rules
        .templates
        .iter()
        .flat_map(|t| &t.tables)
        .flat_map(|t| &t.parts)
        .flat_map(|p| p.rows.nodes.iter().chain(&p.columns.nodes))
        .flat_map(|n| n.label.all().map(str::to_owned).collect::<Vec<_>>())
        .collect();
    labels.sort();
    labels.dedup();
    labels
}

fn cell_text() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    prop_oneof![
        (0u32..100_000).prop_map(|n| n.to_string()),
        Just(String::new()),
        Just("-".to_owned()),
        proptest::sample::select(official_labels()),
        "[0-9]{1,12}",
        "\\PC{0,8}",
    ]
}

fn edit() -> impl proptest::strategy::Strategy<Value = Edit> {
    use proptest::prelude::*;
    let at = (0usize..8, 0usize..40, 0usize..16);
    prop_oneof![
        4 => (at.clone(), cell_text()).prop_map(|((t, r, c), s)| Edit::Text(t, r, c, s)),
        2 => (at.clone(), cell_text()).prop_map(|((t, r, c), s)| Edit::Insert(t, r, c, s)),
        2 => at.prop_map(|(t, r, c)| Edit::Remove(t, r, c)),
        1 => (0usize..8, 0usize..40).prop_map(|(t, r)| Edit::RemoveRow(t, r)),
        1 => (0usize..8, 0usize..40).prop_map(|(t, r)| Edit::DuplicateRow(t, r)),
    ]
}

/// Applies an edit; cell spans keep pointing at the old text (the binder must not mind).
fn apply(document: &mut Document, edit: &Edit) {
    let mut tables: Vec<&mut nianbao_model::Table> = document
        .blocks
        .iter_mut()
        .filter_map(|b| match b {
            nianbao_model::Block::Table(t) => Some(t),
            nianbao_model::Block::Paragraph(_) => None,
        })
        .collect();
    let count = tables.len().max(1);
    let (t, r) = match edit {
        Edit::Text(t, r, ..)
        | Edit::Insert(t, r, ..)
        | Edit::Remove(t, r, _)
        | Edit::RemoveRow(t, r)
        | Edit::DuplicateRow(t, r) => (*t % count, *r),
    };
    let Some(table) = tables.get_mut(t) else {
        return;
    };
    let rows = table.rows.len().max(1);
    let r = r % rows;
    match edit {
        Edit::RemoveRow(..) if table.rows.len() > 1 => {
            table.rows.remove(r);
        }
        Edit::DuplicateRow(..) => {
            if let Some(row) = table.rows.get(r).cloned() {
                table.rows.insert(r, row);
            }
        }
        Edit::Text(_, _, c, text) | Edit::Insert(_, _, c, text) => {
            let Some(row) = table.rows.get_mut(r) else {
                return;
            };
            let c = c % row.cells.len().max(1);
            if let Edit::Insert(..) = edit {
                let mut cell = row
                    .cells
                    .get(c)
                    .cloned()
                    .unwrap_or_else(|| nianbao_model::Cell {
                        text: String::new(),
                        span: nianbao_model::Span::default(),
                        location: nianbao_model::CellLocation::default(),
                    });
                cell.text = text.clone();
                row.cells.insert(c, cell);
            } else if let Some(cell) = row.cells.get_mut(c) {
                cell.text = text.clone();
            }
        }
        Edit::Remove(_, _, c) => {
            if let Some(row) = table.rows.get_mut(r) {
                let c = c % row.cells.len().max(1);
                if row.cells.len() > 1 {
                    row.cells.remove(c);
                }
            }
        }
        Edit::RemoveRow(..) => {}
    }
}

proptest::proptest! {
    #![proptest_config(config(256))]

    /// The binder and the checks never panic on an edited report (cells changed, added and
    /// removed, rows dropped and repeated), and every number in a claimed table is placed or
    /// reported.
    #[test]
    fn binder_survives_edits_and_loses_nothing(edits in proptest::collection::vec(edit(), 1..12)) {
        let bytes = std::fs::read(root().join("examples/2024-nanguan-jiaoyuju.txt")).unwrap_or_default();
        let Ok(mut document) = nianbao_read::read(&bytes, &ReadOptions::default()) else {
            panic!("the example does not read");
        };
        for edit in &edits {
            apply(&mut document, edit);
        }
        document.number_tables();
        let Ok(checker) = nianbao_check::Checker::builtin() else {
            panic!("built-in rules do not compile");
        };
        let ids: Vec<String> = checker.rules().templates.iter().map(|t| t.id.clone()).collect();
        for id in ids {
            let Ok(fixed) = checker.clone().with_template(&id) else {
                panic!("no template {id}");
            };
            let checked = fixed.with_timeout(None).check_document(document.clone(), "edited");
            let Ok(checked) = checked else {
                panic!("{id}: {checked:?}");
            };
            let lost = harness::lost_numbers(&document, &checked.report);
            proptest::prop_assert!(lost.is_empty(), "{}: {:?}", id, lost);
        }
    }
}

/// The findings of a `check --format json` run, without the file name.
fn findings(output: &nianbao_tests::Output) -> serde_json::Value {
    let value: serde_json::Value = serde_json::from_str(&output.stdout).unwrap_or_default();
    let report = value["reports"][0].clone();
    serde_json::json!({
        "findings": report["findings"],
        "summary": report["summary"],
        "error": report["error"],
    })
}

/// Nothing lost in extracting: for every committed document, `extract --format json` read
/// back by `check` gives exactly the findings of the original file, and every extracted cell's
/// span holds its raw text (in the file for text formats, in the rendered text otherwise;
/// cells of a hand-written JSON model have no span).
#[test]
fn extract_round_trips_and_spans_hold_raw_text() {
    let dir = std::env::temp_dir().join(format!("nianbao-roundtrip-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let mut compared = 0;
    for (name, bytes) in documents() {
        let extract = nianbao_tests::nianbao(&["extract", "--format", "json", &name]);
        if extract.exit != 0 {
            continue;
        }
        let json_path = dir.join("extract.json");
        assert!(std::fs::write(&json_path, &extract.stdout).is_ok());
        let json_path = json_path.display().to_string();
        let original = nianbao_tests::nianbao(&["check", "--format", "json", &name]);
        let reloaded = nianbao_tests::nianbao(&["check", "--format", "json", &json_path]);
        assert_eq!(original.exit, reloaded.exit, "{name}");
        assert_eq!(findings(&original), findings(&reloaded), "{name}");

        let value: serde_json::Value = serde_json::from_str(&extract.stdout).unwrap_or_default();
        let format = value["format"].as_str().unwrap_or_default();
        let in_file = matches!(format, "text" | "markdown" | "html");
        let text = value["document"]["text"].as_str().unwrap_or_default();
        let encoding = value["document"]["encoding"].as_str();
        for table in value["tables"].as_array().into_iter().flatten() {
            for cell in table["cells"].as_array().into_iter().flatten() {
                let raw = cell["raw"].as_str().unwrap_or_default();
                let start = cell["span"]["start"].as_u64().unwrap_or(0) as usize;
                let end = cell["span"]["end"].as_u64().unwrap_or(0) as usize;
                if cell["span"]["line"].as_u64() == Some(0) {
                    continue; // a hand-written document model without spans
                }
                let held = if in_file {
                    let slice = bytes.get(start..end).unwrap_or_default();
                    match encoding.and_then(|e| encoding_rs::Encoding::for_label(e.as_bytes())) {
                        Some(encoding) => {
                            encoding.decode_without_bom_handling(slice).0.into_owned()
                        }
                        None => String::from_utf8_lossy(slice).into_owned(),
                    }
                } else {
                    text.get(start..end).unwrap_or_default().to_owned()
                };
                assert_eq!(held, raw, "{name}: cell {cell}");
            }
        }
        compared += 1;
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(compared >= 20, "only {compared} documents compared");
}

/// Nothing lost however a converter laid the tables out: table 三 printed twice, split in two
/// by a continuation note, split with its header repeated, split and then printed again whole,
/// and a table the format does not have. Every number is placed, unplaced with its reason, or
/// outside the template's tables (`bind::unused-table`), and each unplaced or outside entry in
/// a table says where it is.
#[test]
fn repeated_split_and_extra_tables_lose_nothing() {
    let report = std::fs::read_to_string(root().join("examples/2024-nanguan-jiaoyuju.txt"))
        .unwrap_or_default();
    let (Some(start), Some(end)) = (
        report.find("3、 收到和处理政府信息公开申请情况"),
        report.find("\n4、"),
    ) else {
        panic!("the example changed");
    };
    let (before, table3, after) = (&report[..start], &report[start..end], &report[end..]);
    let rows: Vec<&str> = table3.split("\n\n").collect();
    let half = rows.len() / 2;
    let split = format!(
        "{before}{}\n\n（续表）\n\n{}{after}",
        rows[..half].join("\n\n"),
        rows[half..].join("\n\n")
    );
    let with_header = format!(
        "{before}{}\n\n第 2 页\n\n{}\n\n{}{after}",
        rows[..half].join("\n\n"),
        rows[1..4].join("\n\n"),
        rows[half..].join("\n\n")
    );
    let cut = split.find("\n4、").unwrap_or(split.len());
    let split_twice = format!("{}\n{table3}{}", &split[..cut], &split[cut..]);
    let extra = report.replacen(
        "（二）",
        "附表：培训情况\n\t项目\n\t次数\n\t人数\n\n\t培训\n\t5\n\t120\n\n（二）",
        1,
    );
    let layouts = [
        ("twice", format!("{before}{table3}\n{table3}{after}")),
        ("split", split.clone()),
        ("split with header", with_header),
        ("split, then whole", split_twice),
        ("extra table", extra),
    ];
    let Ok(checker) = nianbao_check::Checker::builtin() else {
        panic!("built-in rules do not compile");
    };
    let checker = checker.with_timeout(None);
    for (name, text) in layouts {
        let Ok(checked) = checker.check_bytes(text.into_bytes(), name) else {
            panic!("{name}: not checked");
        };
        let lost = harness::lost_numbers(&checked.document, &checked.report);
        assert!(lost.is_empty(), "{name}: {lost:?}");
        let unlocated = checked
            .report
            .tables
            .iter()
            .flat_map(|t| &t.unplaced)
            .chain(&checked.report.outside)
            .filter(|u| u.location.is_none())
            .count();
        assert_eq!(unlocated, 0, "{name}: unplaced entries without a location");
        if name == "extra table" {
            assert_eq!(checked.report.outside.len(), 2, "{name}");
            assert!(
                checked
                    .findings
                    .iter()
                    .any(|f| f.rule == "bind::unused-table")
            );
        }
    }
}
