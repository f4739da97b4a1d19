//! The quick tokenizer's walks against quick-xml's, on the fixtures and damaged copies of
//! them.

#![expect(clippy::string_slice, reason = "tests")]

use quick_xml::Reader;

use super::super::archive::Package;
use super::super::body::walk;
use super::super::numbering::Numbering;
use super::super::quick::Events;
use super::super::source::{Quick, Slow, Stop};
use super::super::styles::Styles;
use crate::limits::Limits;

/// The body of `xml` read over the quick tokenizer (`None` when it declines) and over
/// quick-xml, each with the list counters of `numbering`.
fn both(xml: &str, numbering: &Numbering) -> (Option<String>, String) {
    let styles = Styles::default();
    let quick = Events::new(xml).ok().and_then(|events| {
        match walk(&mut Quick(events), &mut numbering.clone(), &styles, 256) {
            Ok(body) => Some(format!("{body:?}")),
            Err(Stop::Failed(error)) => Some(format!("{error:?}")),
            Err(Stop::Declined) => None,
        }
    });
    let slow = walk(
        &mut Slow(Reader::from_str(xml)),
        &mut numbering.clone(),
        &styles,
        256,
    );
    let slow = match slow {
        Ok(body) => format!("{body:?}"),
        Err(error) => format!("{error:?}"),
    };
    (quick, slow)
}

/// The document part and list counters of every .docx among the fixtures.
fn fixture_parts() -> Vec<(String, String, Numbering)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    let mut parts = Vec::new();
    let mut folders = vec![root];
    while let Some(folder) = folders.pop() {
        for path in std::fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().path())
        {
            if path.is_dir() {
                folders.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "docx") {
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            let Ok(mut package) = Package::open(&bytes, &Limits::default()) else {
                continue;
            };
            let Ok(Some(xml)) = package.text("word/document.xml") else {
                continue;
            };
            let numbering = match package.text("word/numbering.xml") {
                Ok(Some(xml)) => Numbering::parse(&xml, 256).unwrap_or_default(),
                _ => Numbering::default(),
            };
            parts.push((path.display().to_string(), xml, numbering));
        }
    }
    parts
}

/// Every fixture's document part, and damaged copies of it (cut short, a byte taken out,
/// a delimiter put in), reads over the quick tokenizer as over quick-xml, or is declined:
/// the same body, or the same error.
#[test]
fn quick_walks_read_as_quick_xml_does() {
    let mut parts = fixture_parts();
    assert!(parts.len() >= 5, "{}", parts.len());
    // Copies of one part are damaged once.
    parts.sort_by(|a, b| a.1.cmp(&b.1));
    parts.dedup_by(|a, b| a.1 == b.1);
    let mut read_quickly = 0;
    let mut compared = 0;
    for (path, xml, numbering) in &parts {
        let (quick, slow) = both(xml, numbering);
        if let Some(quick) = quick {
            assert_eq!(quick, slow, "{path}");
            read_quickly += 1;
        }
        let boundaries: Vec<usize> = (0..xml.len())
            .step_by(2999)
            .filter(|&at| xml.is_char_boundary(at))
            .collect();
        for &at in &boundaries {
            let mut damaged = vec![xml[..at].to_owned()];
            if let Some(c) = xml[at..].chars().next() {
                damaged.push(format!("{}{}", &xml[..at], &xml[at + c.len_utf8()..]));
            }
            for inserted in ["<", ">", "&", "\"", "/", "</w:p>", "<w:p>"] {
                damaged.push(format!("{}{inserted}{}", &xml[..at], &xml[at..]));
            }
            for damaged in damaged {
                let (quick, slow) = both(&damaged, numbering);
                if let Some(quick) = quick {
                    assert_eq!(quick, slow, "{path} damaged at {at}");
                    compared += 1;
                }
            }
        }
    }
    // The fixtures are read here, not declined (the tracked changes and the truncated
    // part aside), and so are many damaged copies that stay well formed.
    assert!(
        read_quickly + 2 >= parts.len(),
        "{read_quickly} of {}",
        parts.len()
    );
    assert!(compared > 100, "{compared}");
}
