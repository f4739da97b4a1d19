//! HTML reader: finds the report inside a (possibly whole, saved) portal page and reads its
//! paragraphs and tables, merged cells resolved as the flattened .docx text shows them.
//!
//! The steps, one module each:
//!
//! 1. [`charset`]: the encoding the raw bytes declare, for the decoder.
//! 2. [`quick`] parses a page whose markup is regular (most are), ten times faster than
//!    html5ever, and declines the others; [`parse`]: scraper (html5ever) parses those. [`dom`]
//!    reduces either parse to what can be content ([`attributes`] says what is hidden),
//!    every text node with its source range.
//! 3. [`source`] and [`locate`]: html5ever reports no source positions, so for its parse the
//!    visible text of the source is scanned ([`entity`] decodes character references) and its
//!    text nodes are found in it in document order. The quick parser reads positions as it
//!    goes and places its text nodes where the scan would find them
//!    ([`source::visible`]).
//! 4. [`content`]: the element holding the report, and its title heading.
//! 5. [`blocks`], [`tables`] and [`grid`]: paragraphs and tables in document order, with
//!    [`inline`] joining text nodes into lines.
//!
//! [`depth`] refuses a page nested deeper than the limit (parsing one would take quadratic
//! time) or whose tree would pass the memory limit: while it is parsed, or, for a page near
//! the memory limit, before.

mod attributes;
mod blocks;
mod charset;
mod content;
mod depth;
mod dom;
mod entity;
mod grid;
mod inline;
mod locate;
mod parse;
mod quick;
mod source;
mod tables;
#[cfg(test)]
mod tests;

use nianbao_model::{Block, LineIndex};

use crate::limits::{self, Limits};

/// The charset an HTML file declares in `<meta charset>` or `http-equiv`, if any.
pub(crate) fn declared_charset(bytes: &[u8]) -> Option<String> {
    charset::declared(bytes)
}

/// Room for the nodes of the tree parsed from `text`, made at once: about a node per "<" (an
/// element per start tag, the text after it; pages measured hold 0.97–1.04 per "<", with the
/// elements the parser adds) and a quarter more, so the tree is not grown and copied on a
/// large page, nor doubled on a typical one for the few nodes past the count.
fn node_room(text: &str) -> usize {
    let tags = memchr::memchr_iter(b'<', text.as_bytes()).count();
    tags + tags / 4 + 16
}

/// Why a page is not parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refused {
    /// Nested deeper than the limit, first at this byte offset of the decoded text.
    TooDeep { at: usize },
    /// Its tree would take more than the memory limit.
    TooBig(limits::Exceeded),
}

/// Why `prescan`ned `text` is refused, if it is.
fn refuse(prescan: &depth::Prescan, text: &str, limits: &Limits) -> Result<(), Refused> {
    if let Some(at) = prescan.too_deep {
        return Err(Refused::TooDeep { at });
    }
    let estimate = limits::estimate(prescan.nodes, limits::cost::HTML_NODE, text.len());
    limits::memory(estimate, limits).map_err(Refused::TooBig)
}

/// Paragraphs and tables of decoded HTML, with spans into `text`.
///
/// # Errors
///
/// [`Refused`] when the page nests deeper than the depth limit or its tree would take more
/// than the memory limit (found while parsing, or before for a page near the memory limit).
pub(crate) fn read(text: &str, limits: &Limits, index: &LineIndex) -> Result<Vec<Block>, Refused> {
    let most = limits::most_within(limits::cost::HTML_NODE, text.len(), limits);
    let near_limit = depth::most_nodes(text) > most;
    if near_limit {
        // Near the limit: counted before anything is built.
        refuse(&depth::prescan(text, limits.depth), text, limits)?;
    }
    // A page far from the memory limit and regular enough is read by the quick parser, which
    // knows where its text is; the others by html5ever, whose guard counts what they cost,
    // and whose text nodes are located in a scan of the source.
    let quick = if near_limit {
        Err(quick::Declined)
    } else {
        quick::page(text, limits.depth)
    };
    let dom = match quick {
        Ok(dom) => dom,
        Err(quick::Declined) => dom::build(text, &source::scan(text), &parsed(text, limits, most)?),
    };
    if dom.nodes.is_empty() {
        return Ok(Vec::new());
    }
    let mut lines = tables::CellLines::new(&dom);
    let content = content::find(&dom, &lines);
    Ok(blocks::emit(&dom, content, text, index, &mut lines))
}

/// `text` parsed by html5ever, unless it passes the limits while it is parsed.
fn parsed(text: &str, limits: &Limits, most: usize) -> Result<scraper::Html, Refused> {
    parse::page(text, limits.depth, most).or_else(|tripped| {
        // The scan says where, exactly as for a page refused before parsing.
        refuse(&depth::prescan(text, limits.depth), text, limits)?;
        // It disagrees only where the tree builder tokenized differently from it (`<style>`
        // inside `<svg>` is markup): refused by the parse's own count.
        Err(match tripped {
            parse::Tripped::Deep { line } => Refused::TooDeep {
                at: crate::line_offset(text, usize::try_from(line).unwrap_or(usize::MAX), 1),
            },
            parse::Tripped::Big { nodes } => Refused::TooBig(limits::over_memory(
                limits::estimate(nodes, limits::cost::HTML_NODE, text.len()),
                limits,
            )),
        })
    })
}
