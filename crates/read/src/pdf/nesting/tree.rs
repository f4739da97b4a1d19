//! The page tree: pdf_oxide finds a page by recursing from the catalog's /Pages through /Kids
//! references, one call per level with no depth limit (a chain of 20 000 /Pages nodes, 1 MB,
//! overflows the stack). The nesting here is by reference, not syntax, but the limit is the
//! same.

use std::collections::HashSet;

use pdf_oxide::PdfDocument;
use pdf_oxide::object::{Object, ObjectRef};

use super::Refusal;
use super::walks::Alarm;

/// Refuses a page tree deeper than `max` levels, walked (without recursion) in /Kids order as
/// pdf_oxide walks it. Each walk of pdf_oxide enters a node at most once, so it recurses at
/// most as deep as the tree is high or, if nodes are shared or form a cycle (the format wants
/// a tree), as many levels as there are nodes.
pub(crate) fn check(document: &PdfDocument, max: usize) -> Result<(), Refusal> {
    let Some(root) = document
        .catalog()
        .ok()
        .and_then(|catalog| catalog.as_dict()?.get("Pages")?.as_reference())
    else {
        return Ok(());
    };
    let mut entered: HashSet<ObjectRef> = HashSet::new();
    let mut shared = false;
    let mut height = 0;
    let mut stack = vec![(root, 1usize)];
    while let Some((node, depth)) = stack.pop() {
        if !entered.insert(node) {
            shared = true;
            continue;
        }
        height = height.max(depth);
        if height > max {
            return Err(too_deep());
        }
        let Ok(object) = document.load_object(node) else {
            continue;
        };
        let kids = object
            .as_dict()
            .and_then(|dict| dict.get("Kids"))
            .and_then(Object::as_array);
        for kid in kids.into_iter().flatten().filter_map(Object::as_reference) {
            stack.push((kid, depth + 1));
        }
    }
    if shared && entered.len() > max {
        return Err(too_deep());
    }
    Ok(())
}

fn too_deep() -> Refusal {
    Refusal {
        alarm: Alarm::TooDeep(0),
        at: None,
    }
}
