//! Line and column of every span, computed in one sweep over the text.
//!
//! [`nianbao_model::LineIndex`] counts the characters from the line start for each span, which
//! is quadratic on a minified page (one line of a megabyte holding thousands of cells). Here
//! all span starts are collected, sorted and resolved in a single pass, with the same results
//! as `LineIndex::span` (offsets clamped to the text and to character boundaries).

use nianbao_model::{Block, Span};

/// A span from byte offsets only; line and column are filled in by [`fill`].
pub(super) fn raw(text: &str, start: usize, end: usize) -> Span {
    let start = floor_boundary(text, start.min(text.len()));
    let end = floor_boundary(text, end.clamp(start, text.len()));
    Span {
        start,
        end,
        line: 0,
        column: 0,
    }
}

/// Sets line and column of every span of `blocks`, which must come from [`raw`].
pub(super) fn fill(text: &str, blocks: &mut [Block]) {
    let mut offsets: Vec<usize> = Vec::new();
    visit(blocks, &mut |span| offsets.push(span.start));
    offsets.sort_unstable();
    offsets.dedup();
    let mut positions = Vec::with_capacity(offsets.len());
    let (mut line, mut column) = (1, 1);
    let mut wanted = offsets.iter().copied().peekable();
    for (at, c) in text.char_indices() {
        while let Some(offset) = wanted.next_if(|&o| o <= at) {
            positions.push((offset, line, column));
        }
        if c == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    positions.extend(wanted.map(|offset| (offset, line, column)));
    visit(blocks, &mut |span| {
        let found = positions.partition_point(|&(o, _, _)| o < span.start);
        if let Some(&(_, line, column)) = positions.get(found) {
            span.line = line;
            span.column = column;
        }
    });
}

fn visit(blocks: &mut [Block], f: &mut impl FnMut(&mut Span)) {
    for block in blocks {
        match block {
            Block::Paragraph(paragraph) => f(&mut paragraph.span),
            Block::Table(table) => {
                f(&mut table.span);
                for cell in table.rows.iter_mut().flat_map(|r| r.cells.iter_mut()) {
                    f(&mut cell.span);
                }
            }
        }
    }
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use nianbao_model::{LineIndex, Paragraph};

    use super::*;

    /// Lines and columns agree with `LineIndex`, for any offsets.
    #[test]
    fn agrees_with_line_index() {
        let text = "第一行\r\n\t自然人 abc\n\n末行";
        let index = LineIndex::new(text);
        let offsets = [
            (0, 3),
            (8, 30),
            (5, 2),
            (11, 12),
            (100, 200),
            (text.len(), 0),
        ];
        let mut blocks: Vec<Block> = offsets
            .iter()
            .map(|&(start, end)| {
                Block::Paragraph(Paragraph {
                    text: String::new(),
                    span: raw(text, start, end),
                })
            })
            .collect();
        fill(text, &mut blocks);
        for (block, &(start, end)) in blocks.iter().zip(&offsets) {
            let expected = index.span(text, start, end);
            assert!(
                matches!(block, Block::Paragraph(p) if p.span == expected),
                "{start}..{end}"
            );
        }
    }
}
