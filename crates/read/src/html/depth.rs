//! The nesting depth of a page, estimated before it is parsed: the tree builder slows down
//! quadratically with deep nesting (50 000 unclosed `<div>` take seconds), so a page nested
//! beyond the limit is refused before it gets there.
//!
//! A page well under the memory limit is not tokenized twice: [`Depth`] then counts the tokens
//! on their way to the tree builder ([`super::parse`]), and only a page that passes the limit
//! there is scanned again here to say where.
//!
//! html5ever's tokenizer reads the tags; the estimate keeps a stack of open elements the way
//! the tree builder would for the elements that matter: void elements and those whose end tag
//! may be left out (`<p>`, `<td>`, `<li>`, …) are not counted, an end tag closes its nearest
//! open element of that name.

use std::cell::{Cell, RefCell};

use html5ever::LocalName;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

/// At least as many nodes as the page has (as [`Depth`] counts them): every tag and every
/// token of text begins at or after one of the characters the tokenizer stops at, and the
/// text between two of them is at most one token. Counted in one cheap pass, so that only a
/// page near the memory limit is tokenized before it is parsed.
pub(super) fn most_nodes(text: &str) -> usize {
    // Counted with SIMD, three bytes and two at a time (a byte loop was 0.7 % of a page).
    let bytes = text.as_bytes();
    let stops = memchr::memchr3_iter(b'<', b'&', b'\n', bytes).count()
        + memchr::memchr2_iter(b'\r', b'\0', bytes).count();
    stops.saturating_mul(2).saturating_add(1)
}

/// What the page will cost to parse, found before parsing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Prescan {
    /// The byte offset of the first tag nested deeper than the limit, if there is one.
    pub too_deep: Option<usize>,
    /// Elements and text runs: the nodes the tree will have (the scan stops at a tag too
    /// deep, so then only those before it).
    pub nodes: usize,
}

/// The byte offset of the first tag nested deeper than `max`, and the page's node count.
pub(super) fn prescan(text: &str, max: usize) -> Prescan {
    // Fast: 64 KiB at a time. The tokenizer says only the line, and a page may be one line,
    // so once the limit is passed the text up to there is read again a tag at a time.
    let mut end = 0;
    let first = scan(max, pieces(text), |piece| {
        end = piece.as_ptr() as usize + piece.len();
    });
    if !first.exceeded {
        return Prescan {
            too_deep: None,
            nodes: first.nodes,
        };
    }
    let start = text.as_ptr() as usize;
    let before = text.get(..end.saturating_sub(start)).unwrap_or(text);
    let mut at = None;
    scan(max, tags(before), |piece| {
        at = Some(piece.as_ptr() as usize - start);
    });
    Prescan {
        too_deep: at.or(Some(0)),
        nodes: first.nodes,
    }
}

/// The byte offset of the first tag nested deeper than `max`, if there is one.
#[cfg(test)]
fn too_deep(text: &str, max: usize) -> Option<usize> {
    prescan(text, max).too_deep
}

/// What a scan found.
struct Scanned {
    exceeded: bool,
    nodes: usize,
}

/// Feeds `pieces` of a text to a depth-counting tokenizer, telling `fed` each piece, until a
/// tag passes `max`.
fn scan<'t>(
    max: usize,
    pieces: impl Iterator<Item = &'t str>,
    mut fed: impl FnMut(&'t str),
) -> Scanned {
    let tokenizer = Tokenizer::new(Depth::new(max), TokenizerOpts::default());
    let queue = BufferQueue::default();
    for piece in pieces {
        queue.push_back(piece.into());
        let _ = tokenizer.feed(&queue);
        fed(piece);
        if tokenizer.sink.exceeded.get() {
            break;
        }
    }
    if !tokenizer.sink.exceeded.get() {
        tokenizer.end();
    }
    Scanned {
        exceeded: tokenizer.sink.exceeded.get(),
        nodes: tokenizer.sink.nodes.get(),
    }
}

/// The text cut before every `<`: each piece holds at most the start of one tag.
fn tags(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let cut = rest
            .get(1..)
            .and_then(|after| after.find('<'))
            .map_or(rest.len(), |at| at + 1);
        let (piece, after) = rest.split_at(cut);
        rest = after;
        Some(piece)
    })
}

/// The text in pieces of about 64 KiB, cut at character boundaries.
fn pieces(text: &str) -> impl Iterator<Item = &str> {
    const PIECE: usize = 64 * 1024;
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut cut = PIECE.min(rest.len());
        while !rest.is_char_boundary(cut) {
            cut += 1;
        }
        let (piece, after) = rest.split_at(cut);
        rest = after;
        Some(piece)
    })
}

/// The open elements' count, as the tree builder would have them, and the nodes seen.
pub(super) struct Depth {
    open: RefCell<Vec<LocalName>>,
    max: usize,
    /// Whether a tag has passed the limit.
    exceeded: Cell<bool>,
    /// Start tags and runs of text seen.
    nodes: Cell<usize>,
}

impl TokenSink for Depth {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        self.count(&token)
    }
}

impl Depth {
    pub(super) fn new(max: usize) -> Self {
        Depth {
            open: RefCell::new(Vec::new()),
            max,
            exceeded: Cell::new(false),
            nodes: Cell::new(0),
        }
    }

    /// Whether a tag has passed the limit.
    pub(super) fn exceeded(&self) -> bool {
        self.exceeded.get()
    }

    /// Start tags and runs of text counted so far.
    pub(super) fn nodes(&self) -> usize {
        self.nodes.get()
    }

    /// Counts `token`; what the tokenizer should do next when nothing else decides (the text
    /// of `<script>`, `<style>`, … is not markup).
    pub(super) fn count(&self, token: &Token) -> TokenSinkResult<()> {
        let tag = match token {
            Token::TagToken(tag) => tag,
            Token::CharacterTokens(_) => {
                self.nodes.set(self.nodes.get().saturating_add(1));
                return TokenSinkResult::Continue;
            }
            _ => return TokenSinkResult::Continue,
        };
        match tag.kind {
            TagKind::StartTag => {
                self.nodes.set(self.nodes.get().saturating_add(1));
                self.start(tag)
            }
            TagKind::EndTag => {
                let mut open = self.open.borrow_mut();
                if let Some(at) = open.iter().rposition(|name| *name == tag.name) {
                    open.truncate(at);
                }
                TokenSinkResult::Continue
            }
        }
    }

    fn start(&self, tag: &Tag) -> TokenSinkResult<()> {
        let name: &str = &tag.name;
        // Text inside these is not markup; the tree builder switches the tokenizer the same way.
        if let Some(kind) = raw_kind(name) {
            return TokenSinkResult::RawData(kind);
        }
        if name == "plaintext" {
            return TokenSinkResult::Plaintext;
        }
        if counts(name, tag.self_closing) {
            let mut open = self.open.borrow_mut();
            open.push(tag.name.clone());
            if open.len() > self.max {
                self.exceeded.set(true);
            }
        }
        TokenSinkResult::Continue
    }
}

/// The elements whose content the tokenizer reads as raw text, and how.
fn raw_kind(name: &str) -> Option<RawKind> {
    match name {
        "script" => Some(RawKind::ScriptData),
        "style" | "xmp" | "iframe" | "noembed" | "noframes" => Some(RawKind::Rawtext),
        "textarea" | "title" => Some(RawKind::Rcdata),
        _ => None,
    }
}

/// Whether the count keeps the element a start tag named `name` opens: not raw text or plain
/// text, not self-closing, not void, not one the tree builder closes itself. The quick parser
/// keeps the same count, so that it declines exactly the pages this guard would refuse.
pub(super) fn counts(name: &str, self_closing: bool) -> bool {
    raw_kind(name).is_none() && name != "plaintext" && !self_closing && !uncounted(name)
}

/// Void elements, and elements whose end tag may be omitted (the tree builder closes them).
fn uncounted(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
            | "p"
            | "li"
            | "dt"
            | "dd"
            | "option"
            | "optgroup"
            | "tr"
            | "td"
            | "th"
            | "thead"
            | "tbody"
            | "tfoot"
            | "colgroup"
            | "caption"
            | "rt"
            | "rp"
            | "html"
            | "head"
            | "body"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bound counts every byte the tokenizer stops at, twice, plus one; and it bounds the
    /// nodes the parse counts.
    #[test]
    fn most_nodes_bounds_the_count() {
        // Two "<", one "&", one line feed, one carriage return, one NUL: 6 stops.
        assert_eq!(most_nodes("<p>a&amp;b\n</p>\r\0x"), 13);
        assert_eq!(most_nodes(""), 1);
        let page = "<html><body>\n<table><tr><td>1&nbsp;</td><td>2</td></tr></table>\r\n\
                    <script>if (a < b) {}</script><p>x<br>y</p></body></html>";
        assert!(most_nodes(page) >= prescan(page, 256).nodes);
    }

    /// Unclosed and closed nesting are counted; void and auto-closed elements, script text
    /// and end tags that close several elements are not over-counted.
    #[test]
    fn estimates_depth() {
        let unclosed = format!("<html>\n<body>\n{}x", "<div>\n".repeat(300));
        assert_eq!(too_deep(&unclosed, 256), Some(14 + 256 * 6));
        // A page on one line is told at the tag, not at its start.
        let one_line = format!("<html><body>{}x", "<div>".repeat(70_000));
        assert_eq!(too_deep(&one_line, 256), Some(12 + 256 * 5));
        assert_eq!(too_deep(&unclosed, 300), None);
        let closed = "<div><span>x</span></div>".repeat(1000);
        assert_eq!(too_deep(&closed, 2), None);
        let paragraphs = format!("<div>{}</div>", "<p>x<br><img src=a>".repeat(1000));
        assert_eq!(too_deep(&paragraphs, 2), None);
        let script = format!(
            "<script>{}</script>",
            "if (a<b) { x = '<div>'; }".repeat(500)
        );
        assert_eq!(too_deep(&script, 2), None);
        let closes_many = "<div><span><b></div>".repeat(1000);
        assert_eq!(too_deep(&closes_many, 3), None);
        let table = "<table><tr><td>".repeat(100);
        assert_eq!(too_deep(&table, 100), None);
        assert_eq!(prescan("<p>a<b>b</b></p><br>", 9).nodes, 5);
        assert!(too_deep(&table, 99).is_some());
    }
}
