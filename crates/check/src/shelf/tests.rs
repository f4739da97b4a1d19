#![expect(
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "tests"
)]

use std::sync::Arc;

use super::*;
use crate::Checker;

/// The chain examples' carries, in order (2020 … 2024 of 南关区教育局, then the others).
fn carries(checker: &Checker) -> Vec<Carry> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/chains");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root)
        .expect("chains")
        .flat_map(|agency| std::fs::read_dir(agency.expect("entry").path()).expect("agency"))
        .map(|file| file.expect("file").path())
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| checker.check_file(path).expect("checks").carry(checker))
        .collect()
}

/// A shelf on disk holding `carries`, in order.
fn shelved(carries: &[Carry]) -> Shelf {
    let mut shelf = Shelf::on_disk();
    for carry in carries {
        shelf.push(Some(carry.clone()));
    }
    shelf
}

/// Pushes the next of `carries` in turn (from the first again after the last) onto `shelf`,
/// noting in `kept` which one each record is.
fn push_next(shelf: &mut Shelf, kept: &mut Vec<usize>, carries: &[Carry]) {
    let at = kept.len() % carries.len();
    shelf.push(Some(carries[at].clone()));
    kept.push(at);
}

/// The shelf's file and the records waiting to be written to it.
fn spilled(shelf: &mut Shelf) -> &mut Spilled {
    &mut shelf.file.as_mut().expect("file").file
}

fn assert_same(read: &Carry, kept: &Carry) {
    assert_eq!(read.name, kept.name);
    assert_eq!(read.template, kept.template);
    assert_eq!(read.summary, kept.summary);
    assert_eq!((&read.agency, read.year), (&kept.agency, kept.year));
    assert_eq!(read.report(), kept.report());
    assert_eq!(read.report().sentences, kept.report().sentences);
    assert_eq!(read.report().figures, kept.report().figures);
    assert_eq!(read.report().opening, kept.report().opening);
    assert_eq!(read.shown, kept.shown);
}

#[test]
fn a_carry_read_back_from_the_file_is_the_carry_kept() {
    let checker = Checker::builtin().expect("rules");
    let carries = carries(&checker);
    assert!(carries.iter().all(|c| !c.report().figures.is_empty()));
    assert!(carries.iter().all(|c| c.summary.checks_run > 0));
    let mut shelf = Shelf::on_disk();
    assert!(
        shelf.is_on_disk(),
        "the temporary directory is writable here"
    );
    shelf.push(None);
    for carry in &carries {
        shelf.push(Some(carry.clone()));
    }
    assert_eq!(shelf.slots(), carries.len() + 1);
    assert!(shelf.brief(0).is_none() && shelf.carry(0).is_none());
    // Read back out of order: each record is found by its place.
    for at in (0..carries.len()).rev() {
        let read = shelf.carry(at + 1).expect("read back");
        assert!(matches!(read, Cow::Owned(_)));
        assert_same(&read, &carries[at]);
        let brief = shelf.brief(at + 1).expect("brief");
        let kept = carries[at].brief();
        assert_eq!(
            (brief.name, brief.agency, brief.year, brief.template),
            (kept.name, kept.agency, kept.year, kept.template)
        );
        assert_eq!(brief.hashes, kept.hashes);
    }
    assert_eq!(shelf.lost(), 0);
}

/// Read back without its tables, a carry is the carry kept with no cells and no figures,
/// from the file and from the records still waiting alike.
#[test]
fn a_carry_read_back_without_tables_is_the_rest_of_the_carry_kept() {
    let checker = Checker::builtin().expect("rules");
    let carries = carries(&checker);
    assert!(carries.iter().all(|c| !c.report().tables.is_empty()));
    let without = |carry: &Carry| {
        let mut report = carry.report().clone();
        report.tables.clear();
        report.figures.clear();
        Carry::new(carry.name.clone(), &carry.template, report)
            .with_summary(carry.summary.clone())
            .with_shown(carry.shown.clone())
    };
    let mut shelf = shelved(&carries);
    let half = carries.len() / 2;
    for (at, carry) in carries.iter().enumerate() {
        if at == half {
            // The first half from the waiting records, the rest from the file.
            spilled(&mut shelf).flush();
        }
        let read = shelf.carry_without_tables(at).expect("read back");
        assert_same(&read, &without(carry));
    }
    // The record itself is the same: its cells are read when asked for.
    assert_same(&shelf.carry(half).expect("whole"), &carries[half]);
}

/// Records go to the file a batch at a time: those in the file and those still waiting are
/// read back alike, and a batch the file does not take stays readable in memory.
#[cfg(target_os = "linux")]
#[test]
fn records_written_in_batches_are_read_back() {
    use std::os::fd::AsRawFd;

    let checker = Checker::builtin().expect("rules");
    let carries = carries(&checker);
    let mut shelf = Shelf::on_disk();
    // Which carry each record is.
    let mut kept: Vec<usize> = Vec::new();
    while spilled(&mut shelf).pending_at == 0 {
        push_next(&mut shelf, &mut kept, &carries);
    }
    let written = spilled(&mut shelf).pending_at;
    // The file stops taking writes (a handle on it that only reads): the records after
    // `written` cannot go there.
    let file = &mut spilled(&mut shelf).file;
    *file = File::open(format!("/proc/self/fd/{}", file.as_raw_fd())).expect("reopens");
    let before = kept.len();
    while kept.len() < 3 * before {
        push_next(&mut shelf, &mut kept, &carries);
    }
    let spilled = spilled(&mut shelf);
    assert_eq!(spilled.pending_at, written, "nothing more was written");
    assert!(spilled.pending.len() > PENDING, "kept in memory");
    for (at, &carry) in kept.iter().enumerate() {
        assert_same(&shelf.carry(at).expect("read back"), &carries[carry]);
    }
    assert_eq!(shelf.lost(), 0);
}

/// Several threads read carries back at once, from the file and from the records still
/// waiting, each getting its own (reads at a place share no cursor).
#[test]
fn carries_are_read_back_from_several_threads() {
    let checker = Checker::builtin().expect("rules");
    let carries = carries(&checker);
    let mut shelf = Shelf::on_disk();
    let mut kept: Vec<usize> = Vec::new();
    while spilled(&mut shelf).pending_at == 0 {
        push_next(&mut shelf, &mut kept, &carries);
    }
    assert!(
        !spilled(&mut shelf).pending.is_empty(),
        "some records still wait"
    );
    let (shelf, kept, carries) = (&shelf, &kept, &carries);
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(move || {
                for (at, &carry) in kept.iter().enumerate() {
                    assert_same(&shelf.carry(at).expect("read back"), &carries[carry]);
                }
            });
        }
    });
    assert_eq!(shelf.lost(), 0);
}

#[test]
fn comparing_from_the_file_finds_what_comparing_in_memory_finds() {
    let checker = Checker::builtin().expect("rules");
    let carries = carries(&checker);
    let shelf = shelved(&carries);
    let mut found = 0;
    for at in 1..carries.len() {
        let in_memory = checker.compare_carried(&carries[at], &carries[at - 1]);
        let (this, last) = (
            shelf.carry(at).expect("this"),
            shelf.carry(at - 1).expect("last"),
        );
        assert_eq!(checker.compare_carried(&this, &last), in_memory);
        found += in_memory.len();
    }
    assert!(found > 0, "the chains have broken carry-overs");
}

#[test]
fn a_shelf_in_memory_lends_its_carries() {
    let checker = Checker::builtin().expect("rules");
    let carries = carries(&checker);
    let mut shelf = Shelf::in_memory();
    assert!(!shelf.is_on_disk());
    shelf.push(Some(carries[0].clone()));
    let read = shelf.carry(0).expect("kept");
    assert!(matches!(read, Cow::Borrowed(_)));
    assert_same(&read, &carries[0]);
}

#[test]
fn damaged_bytes_are_not_a_carry() {
    let checker = Checker::builtin().expect("rules");
    let carries = carries(&checker);
    let bytes = record::encode(&carries[0]).expect("encodes");
    assert!(record::decode(&bytes).is_some());
    for cut in [0, 3, 4, 10, bytes.len() / 2, bytes.len() - 1] {
        assert!(record::decode(&bytes[..cut]).is_none(), "cut at {cut}");
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(record::decode(&longer).is_none());
}

#[test]
fn a_record_that_cannot_be_read_back_is_counted_as_lost() {
    let checker = Checker::builtin().expect("rules");
    let carries = carries(&checker);
    let mut shelf = Shelf::on_disk();
    shelf.push(Some(carries[0].clone()));
    shelf.push(Some(carries[1].clone()));
    // The records are written to the file, which then loses the second.
    let Some(Place::File { at, .. }) = shelf.slots[1].as_ref().map(|s| &s.place) else {
        panic!("on disk");
    };
    let at = *at;
    let spilled = spilled(&mut shelf);
    spilled.flush();
    assert!(spilled.pending.is_empty(), "written");
    spilled.file.set_len(at).expect("truncates");
    assert!(shelf.carry(0).is_some());
    assert!(shelf.carry(1).is_none());
    assert!(shelf.brief(1).is_some(), "who it is stays known");
    assert_eq!(shelf.lost(), 1);
}

/// A carried cell of every kind of value, with a PDF's page and box, is read back as kept;
/// a carry holding what the record does not write stays unencoded (and so in memory).
#[test]
fn every_value_and_a_pdf_location_are_read_back() {
    use nianbao_model::{BBox, BoundCell, BoundTable, CellLocation, Mark, Span, Unit, Value};
    use rust_decimal::Decimal;
    let checker = Checker::builtin().expect("rules");
    let kept = carries(&checker).remove(0);
    let values = [
        Value::Integer(-7),
        Value::Integer(i64::MAX),
        Value::Decimal(Decimal::new(-961_716, 1)),
        Value::Quantity {
            value: Decimal::new(380_289_590, 2),
            unit: Unit::Yuan,
        },
        Value::Quantity {
            value: Decimal::ONE,
            unit: Unit::WanYuan,
        },
        Value::Quantity {
            value: Decimal::TEN,
            unit: Unit::YiYuan,
        },
        Value::Quantity {
            value: Decimal::ZERO,
            unit: Unit::Count,
        },
        Value::Blank,
        Value::Mark(Mark::Dash),
        Value::Mark(Mark::Slash),
        Value::Mark(Mark::None),
        Value::Text,
        Value::Overflow,
    ];
    let cells = values
        .iter()
        .enumerate()
        .map(|(at, value)| BoundCell {
            row: format!("R{at}").into(),
            column: "总计".into(),
            row_path: Arc::from([]),
            column_path: Arc::from([]),
            value: *value,
            raw: format!("原文{at}"),
            span: Span {
                start: at,
                end: at + 1,
                line: (1 << 20) + at,
                column: 1,
            },
            location: CellLocation {
                table: 2,
                row: at,
                cell: 1,
                page: (at % 2 == 0).then_some(at as u32 + 1),
                bbox: (at % 3 == 0).then_some(BBox {
                    x0: 1.5,
                    y0: -2.25,
                    x1: 300.0,
                    y1: f32::MAX,
                }),
            },
        })
        .collect();
    let mut report = kept.report().clone();
    report.tables.push(BoundTable {
        id: "T9".to_owned(),
        title: "标题".to_owned(),
        source_table: None,
        cells,
        missing: Vec::new(),
        unplaced: Vec::new(),
    });
    let carry = Carry::new(kept.name.clone(), &kept.template, report.clone());
    let bytes = record::encode(&carry).expect("encodes");
    assert_same(&record::decode(&bytes).expect("decodes"), &carry);

    report.tables[0].cells[0].row_path = Arc::from(["一、行".to_owned()]);
    let carry = Carry::new(kept.name.clone(), &kept.template, report);
    assert!(record::encode(&carry).is_none());
    let mut shelf = Shelf::on_disk();
    shelf.push(Some(carry.clone()));
    assert!(
        matches!(shelf.carry(0), Some(Cow::Borrowed(_))),
        "kept in memory"
    );
    // What was written of it before the cell the record cannot hold is taken back.
    assert!(spilled(&mut shelf).pending.is_empty());
}

/// How the template was chosen (given, or detected with its evidence and rivals), the
/// publication date, the encoding flag, and a section's heading as written and what stands
/// where an absent one should be are read back as kept.
#[test]
fn what_the_output_shows_is_read_back() {
    use crate::years::Shown;
    use crate::{Choice, Detection, Evidence};
    use nianbao_model::{Note, Published, Span};
    let checker = Checker::builtin().expect("rules");
    let kept = carries(&checker).remove(0);
    let span = |start: usize| Span {
        start,
        end: start + 4,
        line: 3,
        column: 7,
    };
    let mut report = kept.report().clone();
    assert!(report.sections.len() >= 2, "the example has sections");
    report.sections[0].heading = Some("一、总体情况概述".to_owned());
    report.sections[1].near = Some(Note {
        span: span(40),
        label: "应在此处".to_owned(),
    });
    let detected = Choice::Detected(Detection {
        template: "gov-2021".to_owned(),
        evidence: vec![
            Evidence {
                template: "gov-2021".to_owned(),
                found: vec!["本年制发件数".to_owned(), "本年收费金额".to_owned()],
                declared: 3,
            },
            Evidence {
                template: "gov-2019".to_owned(),
                found: Vec::new(),
                declared: 6,
            },
        ],
        rivals: vec!["local".to_owned()],
    });
    let published = Some(Published {
        date: "2025-01-20".to_owned(),
        source: "signature".to_owned(),
        span: span(900),
    });
    for shown in [
        Shown::default(),
        Shown {
            choice: detected,
            published,
            reencoded: true,
        },
    ] {
        let carry = Carry::new(kept.name.clone(), &kept.template, report.clone())
            .with_summary(kept.summary.clone())
            .with_shown(shown);
        let bytes = record::encode(&carry).expect("encodes");
        assert_same(&record::decode(&bytes).expect("decodes"), &carry);
        let without = record::decode_without_tables(&bytes).expect("decodes");
        assert_eq!(without.shown, carry.shown);
        assert_eq!(without.report().sections, carry.report().sections);
    }
}
