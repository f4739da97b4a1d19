//! The only place that talks to pdf_oxide (after [`nesting`] has checked what it will parse):
//! every page's characters and ruling lines.

use pdf_oxide::PdfDocument;
use pdf_oxide::elements::{PathContent, PathOperation};

use super::geom::{Glyph, Page, Rect, Rule};
use super::nesting::{self, Refusal};
use crate::limits::{self, Limits};

/// A filled rectangle at most this thick (in points) is a ruling bar, not a shaded area.
const MAX_BAR: f32 = 2.0;
/// Segments shorter than this are ignored.
const MIN_LENGTH: f32 = 1.0;
/// How far (in points) a segment may slant and still count as horizontal or vertical.
const SLANT: f32 = 0.5;

/// The pages of a PDF, or why the nesting check refused to let pdf_oxide read it.
#[derive(Debug)]
pub(crate) enum Pages {
    Read(Vec<Page>),
    Refused(Refusal),
    /// No page has text, and the content of this (1-based) page was cut at pdf_oxide's size
    /// cap: the file is not a scan, its content is too large to read.
    ContentTooLarge(u32),
    /// Reading the pages' content would take about this many bytes, over the memory limit.
    TooBig(u64),
}

/// What pdf_oxide's FlateDecode says when it stops at its cap (256 MiB a stream, see
/// `pdf_oxide::decoders::flate`); matched to tell a decompression bomb from a scan.
const CAP_MESSAGE: &str = "safety limit";

/// Reads every page of the PDF, once [`nesting`] has found nothing nested deeper than
/// `max_depth` that pdf_oxide would parse. Errors are pdf_oxide's messages, with the page if
/// any.
pub(crate) fn pages(bytes: &[u8], limits: &Limits) -> Result<Pages, String> {
    let max_depth = limits.depth;
    let object_streams = match nesting::before_opening(bytes, max_depth) {
        Ok(streams) => streams,
        Err(refusal) => return Ok(Pages::Refused(refusal)),
    };
    let document = PdfDocument::from_bytes(bytes.to_vec()).map_err(|e| e.to_string())?;
    let content = match nesting::before_reading(&document, &object_streams, max_depth) {
        Ok(content) => content,
        Err(refusal) => return Ok(Pages::Refused(refusal)),
    };
    let count = document.page_count().map_err(|e| e.to_string())?;
    // pdf_oxide keeps a few hundred bytes per character drawn: estimated from the decoded
    // content of the pages (measured by the nesting check) before it extracts them.
    let estimate = limits::estimate(content, limits::cost::PDF_CONTENT_BYTE, bytes.len());
    if limits::memory(estimate, limits).is_err() {
        return Ok(Pages::TooBig(estimate));
    }
    let pages: Vec<Page> = (0..count)
        .map(|index| page(&document, index).map_err(|e| format!("第 {} 页：{e}", index + 1)))
        .collect::<Result<_, _>>()?;
    // Without any text, a page whose content stopped at the cap is why (checked only then:
    // it decodes the content once more).
    if pages.iter().all(|p| p.glyphs.is_empty())
        && let Some(over) = (0..count).find(|&index| content_over_cap(&document, index))
    {
        return Ok(Pages::ContentTooLarge(
            u32::try_from(over + 1).unwrap_or(u32::MAX),
        ));
    }
    Ok(Pages::Read(pages))
}

/// Whether pdf_oxide stopped decoding the page's content at its size cap.
fn content_over_cap(document: &PdfDocument, index: usize) -> bool {
    document
        .get_page_content_data(index)
        .is_err_and(|e| e.to_string().contains(CAP_MESSAGE))
}

fn page(document: &PdfDocument, index: usize) -> Result<Page, pdf_oxide::Error> {
    // Without a media box, assume A4 (only the page-number margins depend on it).
    let (_, bottom, _, top) = document
        .get_page_media_box(index)
        .unwrap_or((0.0, 0.0, 595.0, 842.0));
    let glyphs = document
        .extract_chars(index)?
        .into_iter()
        .filter(|c| !c.char.is_whitespace() && !c.char.is_control())
        .map(|c| Glyph {
            ch: c.char,
            rect: Rect::new(
                c.bbox.x,
                c.bbox.y,
                c.bbox.x + c.bbox.width,
                c.bbox.y + c.bbox.height,
            ),
        })
        .filter(|g| g.rect.x0.is_finite() && g.rect.y0.is_finite())
        .collect();
    // A page whose drawings cannot be read still has its text.
    let paths = document.extract_paths(index).unwrap_or_default();
    let mut rules = Vec::new();
    for path in &paths {
        path_rules(path, &mut rules);
    }
    Ok(Page {
        number: u32::try_from(index + 1).unwrap_or(u32::MAX),
        bottom: bottom.min(top),
        height: (top - bottom).abs(),
        glyphs,
        rules,
    })
}

/// The ruling lines a path draws: its stroked axis-aligned segments and rectangle edges, and
/// thin filled bars.
fn path_rules(path: &PathContent, rules: &mut Vec<Rule>) {
    let stroked = path.stroke_color.is_some();
    let filled = path
        .fill_color
        .as_ref()
        .is_some_and(|c| c.r.min(c.g).min(c.b) < 0.95);
    let mut current = (0.0_f32, 0.0_f32);
    let mut start = current;
    let mut has_rectangle = false;
    for operation in &path.operations {
        match *operation {
            PathOperation::MoveTo(x, y) => {
                current = (x, y);
                start = current;
            }
            PathOperation::LineTo(x, y) => {
                if stroked {
                    segment(current, (x, y), rules);
                }
                current = (x, y);
            }
            PathOperation::CurveTo(_, _, _, _, x, y) => current = (x, y),
            PathOperation::Rectangle(x, y, width, height) => {
                has_rectangle = true;
                let rect = Rect::new(x, y, x + width, y + height);
                if stroked {
                    rectangle_edges(&rect, rules);
                } else if filled {
                    bar(&rect, rules);
                }
                current = (x, y);
                start = current;
            }
            PathOperation::ClosePath => {
                if stroked {
                    segment(current, start, rules);
                }
                current = start;
            }
        }
    }
    if filled && !stroked && !has_rectangle {
        let b = &path.bbox;
        bar(&Rect::new(b.x, b.y, b.x + b.width, b.y + b.height), rules);
    }
}

/// Adds the segment if it is horizontal or vertical and long enough.
fn segment(from: (f32, f32), to: (f32, f32), rules: &mut Vec<Rule>) {
    let (dx, dy) = ((to.0 - from.0).abs(), (to.1 - from.1).abs());
    if ![from.0, from.1, to.0, to.1].iter().all(|v| v.is_finite()) {
        return;
    }
    if dy <= SLANT && dx >= MIN_LENGTH {
        rules.push(Rule::horizontal((from.1 + to.1) / 2.0, from.0, to.0));
    } else if dx <= SLANT && dy >= MIN_LENGTH {
        rules.push(Rule::vertical((from.0 + to.0) / 2.0, from.1, to.1));
    }
}

fn rectangle_edges(rect: &Rect, rules: &mut Vec<Rule>) {
    if rect.width() <= MAX_BAR || rect.height() <= MAX_BAR {
        bar(rect, rules);
        return;
    }
    segment((rect.x0, rect.y0), (rect.x1, rect.y0), rules);
    segment((rect.x0, rect.y1), (rect.x1, rect.y1), rules);
    segment((rect.x0, rect.y0), (rect.x0, rect.y1), rules);
    segment((rect.x1, rect.y0), (rect.x1, rect.y1), rules);
}

/// A thin rectangle as a rule along its long side; anything thicker is not a rule.
fn bar(rect: &Rect, rules: &mut Vec<Rule>) {
    if !rect.x0.is_finite() || !rect.y0.is_finite() || !rect.x1.is_finite() || !rect.y1.is_finite()
    {
        return;
    }
    if rect.height() <= MAX_BAR && rect.width() >= MIN_LENGTH {
        rules.push(Rule::horizontal(rect.center_y(), rect.x0, rect.x1));
    } else if rect.width() <= MAX_BAR && rect.height() >= MIN_LENGTH {
        rules.push(Rule::vertical(rect.center_x(), rect.y0, rect.y1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Thin bars become rules along their long side; shaded areas are not rules.
    #[test]
    fn bars_and_edges() {
        let mut rules = Vec::new();
        bar(&Rect::new(10.0, 100.0, 200.0, 100.5), &mut rules);
        bar(&Rect::new(10.0, 10.0, 10.5, 100.0), &mut rules);
        bar(&Rect::new(10.0, 10.0, 100.0, 40.0), &mut rules);
        assert_eq!(
            rules,
            [
                Rule::horizontal(100.25, 10.0, 200.0),
                Rule::vertical(10.25, 10.0, 100.0)
            ]
        );
        let mut edges = Vec::new();
        rectangle_edges(&Rect::new(0.0, 0.0, 50.0, 20.0), &mut edges);
        assert_eq!(edges.len(), 4);
        segment((0.0, 0.0), (30.0, 40.0), &mut edges);
        assert_eq!(edges.len(), 4, "slanted segments are not rules");
    }
}
