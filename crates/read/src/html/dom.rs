//! The parsed page as a small arena tree in document order, keeping only what can be report
//! content, with every text node located in the source.
//!
//! A parser (the quick one, or scraper/html5ever with all its error recovery) gives its
//! elements and text nodes to the [`Builder`] in document order: every text node outside
//! raw-text elements is located (so the source cursor also moves through text that is
//! dropped), and only content that could be the report is kept: no `<script>`/`<style>`/
//! `<head>`, navigation, forms controls, embedded objects or hidden elements.

use std::borrow::Cow;

use ego_tree::iter::Edge;
use scraper::{Html, Node as Parsed};
use smallvec::SmallVec;

use super::attributes::{Attributes, is_hidden, span_attribute};
use super::inline::{Finished, is_key};
use super::locate::{Found, Locator};
use super::source::{self, Source, is_raw_text};

/// Elements whose text is never report content (besides the raw-text ones).
fn is_excluded(name: &str) -> bool {
    matches!(
        name,
        "head"
            | "nav"
            | "footer"
            | "aside"
            | "button"
            | "select"
            | "option"
            | "optgroup"
            | "datalist"
            | "input"
            | "svg"
            | "math"
            | "template"
            | "object"
            | "embed"
            | "canvas"
            | "audio"
            | "video"
            | "map"
            | "dialog"
            | "frameset"
            | "frame"
    )
}

/// An element's lower-case name, shared when it is one of the names most report content is
/// made of (a page has a thousand elements, nearly all of these). Matched by length and
/// bytes: a search through a list cost more than the copy it saves.
fn shared_name(name: &str) -> Cow<'static, str> {
    let shared = match name.as_bytes() {
        [b'p'] => "p",
        [b'a'] => "a",
        [b'b'] => "b",
        [b't', b'd'] => "td",
        [b't', b'r'] => "tr",
        [b't', b'h'] => "th",
        [b'b', b'r'] => "br",
        [b'l', b'i'] => "li",
        [b'u', b'l'] => "ul",
        [b'h', b'1'] => "h1",
        [b'h', b'2'] => "h2",
        [b'h', b'3'] => "h3",
        [b'd', b'i', b'v'] => "div",
        [b'o', b':', b'p'] => "o:p",
        [b's', b'p', b'a', b'n'] => "span",
        [b'f', b'o', b'n', b't'] => "font",
        [b'b', b'o', b'd', b'y'] => "body",
        [b'h', b't', b'm', b'l'] => "html",
        [b't', b'a', b'b', b'l', b'e'] => "table",
        [b't', b'b', b'o', b'd', b'y'] => "tbody",
        [b's', b't', b'r', b'o', b'n', b'g'] => "strong",
        _ => return Cow::Owned(name.to_owned()),
    };
    Cow::Borrowed(shared)
}

/// What a text node without a visible character does to the line it is in ([`Line::push`]):
/// a space when it has whitespace, nothing when it has only invisible characters. `None`
/// for text with a visible character. Half a page's text nodes are the markup's
/// indentation: shared, not copied.
///
/// [`Line::push`]: super::inline::Line::push
fn without_key(text: &str) -> Option<&'static str> {
    if text.chars().any(is_key) {
        return None;
    }
    Some(if text.chars().any(char::is_whitespace) {
        " "
    } else {
        ""
    })
}

/// The kept page, in document order (a parent always comes before its children).
#[derive(Debug, Default)]
pub(super) struct Dom {
    pub nodes: Vec<Node>,
    /// The text of the page's `<title>`.
    pub title: Option<Finished>,
}

/// A node of the kept page.
#[derive(Debug)]
pub(super) struct Node {
    pub parent: Option<usize>,
    /// Most nodes have a child or two: kept inline, not one allocation per node.
    pub children: SmallVec<[usize; 2]>,
    pub kind: Kind,
    /// A source offset near the node: just after the text located before it.
    pub at: usize,
    /// Where the first located text inside the node starts.
    pub first_text: Option<usize>,
    /// Whether a `<table>` is inside the node.
    pub has_table: bool,
}

/// Element or text.
#[derive(Debug)]
pub(super) enum Kind {
    Element(Element),
    Text(Text),
}

/// An element: its lower-case name and what the reader uses of its attributes.
#[derive(Debug)]
pub(super) struct Element {
    /// Lower-case; the names of report content are shared, not copied for every element.
    pub name: Cow<'static, str>,
    /// A table cell's `rowspan` as parsed (`None` when absent or not a number, and for other
    /// elements).
    pub rowspan: Option<usize>,
    /// A table cell's `colspan` as parsed.
    pub colspan: Option<usize>,
    /// For a table cell, where its start tag ends in the source.
    pub tag_end: Option<usize>,
}

/// A text node: its decoded text and where its visible characters are.
#[derive(Debug)]
pub(super) struct Text {
    /// As parsed; text without a visible character is kept as what it does to a line: a
    /// space, or nothing ([`without_key`]).
    pub text: Cow<'static, str>,
    /// Source range from the first to the last visible character; empty at a nearby offset
    /// when there is none or it could not be found.
    pub start: usize,
    pub end: usize,
    /// Whether the text is inside a link.
    pub link: bool,
}

impl Dom {
    /// The element at `index`, if it is one.
    pub fn element(&self, index: usize) -> Option<&Element> {
        match &self.nodes.get(index)?.kind {
            Kind::Element(element) => Some(element),
            Kind::Text(_) => None,
        }
    }

    /// The name of the element at `index` (empty for text).
    pub fn name(&self, index: usize) -> &str {
        self.element(index).map_or("", |e| &e.name)
    }

    /// The children of `index`.
    pub fn children(&self, index: usize) -> &[usize] {
        self.nodes.get(index).map_or(&[], |n| n.children.as_slice())
    }
}

/// What became of a parsed node, for its children.
#[derive(Debug, Clone, Copy)]
enum State {
    /// The document itself.
    Root,
    /// Kept, at this index.
    Kept { index: usize, link: bool },
    /// Not content, but its text is located.
    Excluded,
    /// Raw text: its text is not in the scanned source.
    Raw,
}

/// The kept tree of `html`, parsed from `text` whose scan is `source`.
pub(super) fn build(text: &str, source: &Source, html: &Html) -> Dom {
    let mut builder = Builder::new(source, html.tree.nodes().count());
    for edge in html.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Parsed::Element(element) => builder.open(element.name(), element),
                Parsed::Text(t) => builder.text(t, None),
                // The document passes its state on to its children; comments, doctypes and
                // processing instructions have none and keep nothing.
                _ => {}
            },
            Edge::Close(node) => {
                if node.value().is_element() {
                    builder.close();
                }
            }
        }
    }
    builder.finish(text, &source.cell_tags, source.title)
}

/// The kept tree of `text` parsed without limits.
#[cfg(test)]
pub(super) fn parsed(text: &str) -> Dom {
    build(text, &source::scan(text), &Html::parse_document(text))
}

/// Builds the kept tree from a parsed page's elements and text nodes, given in document order
/// (an element opened, its content, the element closed), whichever parser read it.
pub(super) struct Builder<'s> {
    places: Places<'s>,
    dom: Dom,
    /// The states of the open elements, the innermost last: a node's parent is on top.
    open: Vec<State>,
}

impl<'s> Builder<'s> {
    /// A builder for a page whose scan is `source`, its text nodes located in it; room made
    /// for `nodes` kept nodes (at most one per parsed node: the vector is not grown and
    /// copied a dozen times).
    pub fn new(source: &'s Source, nodes: usize) -> Self {
        Self::with(Places::Located(Locator::new(source)), nodes)
    }

    /// A builder for a parser that says where each text node's visible characters are.
    pub fn known(nodes: usize) -> Self {
        Self::with(Places::Known { position: 0 }, nodes)
    }

    fn with(places: Places<'s>, nodes: usize) -> Self {
        let mut dom = Dom::default();
        dom.nodes.reserve(nodes);
        Self {
            places,
            dom,
            open: Vec::new(),
        }
    }

    /// The parser opened the element `name` (any case) with `attributes`.
    pub fn open(&mut self, name: &str, attributes: &impl Attributes) {
        let parent = self.open.last().copied().unwrap_or(State::Root);
        // Both parsers give lower-case names; the others' case is ignored all the same.
        let lower = if name.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(name.to_ascii_lowercase())
        } else {
            Cow::Borrowed(name)
        };
        let name = &*lower;
        let state = match parent {
            State::Raw => State::Raw,
            _ if is_raw_text(name) => State::Raw,
            State::Excluded => State::Excluded,
            _ if is_excluded(name) || is_hidden(attributes) => State::Excluded,
            State::Root => {
                self.dom
                    .add_element(None, attributes, name, false, self.places.position())
            }
            State::Kept { index, link } => {
                let link = link || (name == "a" && attributes.attribute("href").is_some());
                self.dom
                    .add_element(Some(index), attributes, name, link, self.places.position())
            }
        };
        self.open.push(state);
    }

    /// The parser found the text node `text` in the innermost open element; `visible`, for a
    /// builder of [`Builder::known`] places, is where its visible characters are.
    pub fn text(&mut self, text: &str, visible: Option<(usize, usize)>) {
        match self.open.last().copied().unwrap_or(State::Root) {
            State::Raw | State::Root => {}
            State::Excluded => {
                self.places.place(text, visible);
            }
            State::Kept { index, link } => {
                let found = self.places.place(text, visible);
                self.dom.add_text(index, text, link, found);
            }
        }
    }

    /// The parser closed the innermost open element.
    pub fn close(&mut self) {
        self.open.pop();
    }

    /// The kept tree of `text`, given where its `<td>`/`<th>` start tags end and its
    /// `<title>`'s raw content ([`Source::cell_tags`], [`Source::title`]).
    pub fn finish(self, text: &str, cell_tags: &[usize], title: Option<(usize, usize)>) -> Dom {
        let mut dom = self.dom;
        dom.finish(cell_tags);
        dom.title = title.and_then(|(start, end)| source::line(text, start, end));
        dom
    }
}

/// How the builder learns where text nodes are in the source.
enum Places<'s> {
    /// html5ever gives no positions: each text node is looked for in the scanned source.
    Located(Locator<'s>),
    /// The parser says where (the quick parser reads positions as it goes); `position` is
    /// just after the last visible character placed, as [`Locator::position`] is.
    Known { position: usize },
}

impl Places<'_> {
    /// A source offset near what comes next: just after the last visible character placed.
    fn position(&self) -> usize {
        match self {
            Places::Located(locator) => locator.position(),
            Places::Known { position } => *position,
        }
    }

    /// Where the next text node is: located by its text, or where the parser says its
    /// visible characters are.
    fn place(&mut self, text: &str, visible: Option<(usize, usize)>) -> Found {
        match self {
            Places::Located(locator) => locator.locate(text),
            Places::Known { position } => match visible {
                Some((start, end)) => {
                    *position = end;
                    Found {
                        span: Some((start, end)),
                        at: start,
                    }
                }
                None => Found {
                    span: None,
                    at: *position,
                },
            },
        }
    }
}

impl Dom {
    fn add_element(
        &mut self,
        parent: Option<usize>,
        element: &impl Attributes,
        name: &str,
        link: bool,
        position: usize,
    ) -> State {
        // Only a table cell's spans are read (by the table grid): not looked up for the others.
        let cell = source::is_cell(name);
        let span = |attr: &str| {
            if cell {
                span_attribute(element.attribute(attr))
            } else {
                None
            }
        };
        let index = self.push(
            parent,
            Kind::Element(Element {
                rowspan: span("rowspan"),
                colspan: span("colspan"),
                name: shared_name(name),
                tag_end: None,
            }),
            position,
        );
        State::Kept { index, link }
    }

    fn add_text(&mut self, parent: usize, text: &str, link: bool, found: Found) {
        let (start, end) = found.span.unwrap_or((found.at, found.at));
        let kind = Kind::Text(Text {
            text: without_key(text).map_or_else(|| Cow::Owned(text.to_owned()), Cow::Borrowed),
            start,
            end,
            link,
        });
        self.push(Some(parent), kind, found.at);
        if found.span.is_some() {
            let mut next = Some(parent);
            while let Some(node) = next.and_then(|at| self.nodes.get_mut(at)) {
                if node.first_text.is_some() {
                    break;
                }
                node.first_text = Some(start);
                next = node.parent;
            }
        }
    }

    fn push(&mut self, parent: Option<usize>, kind: Kind, at: usize) -> usize {
        let index = self.nodes.len();
        self.nodes.push(Node {
            parent,
            children: SmallVec::new(),
            kind,
            at,
            first_text: None,
            has_table: false,
        });
        if let Some(node) = parent.and_then(|p| self.nodes.get_mut(p)) {
            node.children.push(index);
        }
        index
    }

    /// Marks the nodes holding tables and gives table cells the end of their start tag:
    /// cells and `<td>`/`<th>` tags are paired in order, re-synchronised at each cell with
    /// text (a cell's tag is the last one before its text).
    fn finish(&mut self, cell_tags: &[usize]) {
        for index in (0..self.nodes.len()).rev() {
            let is_table = self.name(index) == "table";
            let Some(node) = self.nodes.get(index) else {
                continue;
            };
            if (is_table || node.has_table)
                && let Some(parent) = node.parent.and_then(|p| self.nodes.get_mut(p))
            {
                parent.has_table = true;
            }
        }
        let mut next = 0;
        for node in &mut self.nodes {
            let Kind::Element(element) = &mut node.kind else {
                continue;
            };
            if !source::is_cell(&element.name) {
                continue;
            }
            let text = node.first_text.filter(|_| !node.has_table);
            if let Some(text) = text {
                while cell_tags.get(next + 1).is_some_and(|&end| end <= text) {
                    next += 1;
                }
            }
            let tag = cell_tags
                .get(next)
                .copied()
                .filter(|&end| text.is_none_or(|text| end <= text));
            if tag.is_some() {
                next += 1;
            }
            element.tag_end = tag;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A text node without a visible character, kept as what it does to a line, gives the
    /// line its own text gives, between words of either width.
    #[test]
    fn text_without_key_does_to_a_line_what_it_says() {
        for text in ["\n   ", "\u{200B}", "\u{A0}\u{3000}", "", " \u{FEFF}\t"] {
            let kept = without_key(text);
            assert!(kept.is_some(), "{text:?} has no visible character");
            let kept = kept.unwrap_or_default();
            for (before, after) in [("a", "b"), ("中", "文"), ("a", "文")] {
                let line = |middle: &str| {
                    let mut line = super::super::inline::Line::default();
                    line.push(before, 0, 1);
                    line.push(middle, 1, 2);
                    line.push(after, 2, 3);
                    line.take().map(|finished| finished.text)
                };
                assert_eq!(line(text), line(kept), "{text:?}");
            }
        }
        assert_eq!(without_key(" x "), None);
    }

    fn texts(dom: &Dom) -> Vec<&str> {
        dom.nodes
            .iter()
            .filter_map(|n| match &n.kind {
                Kind::Text(t) if !t.text.trim().is_empty() => Some(t.text.trim()),
                _ => None,
            })
            .collect()
    }

    /// Scripts, styles, comments, navigation and hidden text are not kept.
    #[test]
    fn drops_non_content() {
        let html = "<html><head><title>T</title><style>s</style></head><body>\
            <script>var x = '<p>脚本</p>';</script><nav>导航</nav><!-- 注释 -->\
            <p>正文</p><div style=\"DISPLAY: none\">隐藏</div><noscript>无脚本</noscript>\
            <select><option>选项</option></select><p>结尾</p></body></html>";
        assert_eq!(texts(&parsed(html)), ["正文", "结尾"]);
    }

    /// Kept text is located even after dropped text that contains the same characters.
    #[test]
    fn locates_after_dropped_text() {
        let html = "<nav>0 26</nav><table><tr><td>26</td><td></td><td>0</td></tr></table>";
        let dom = parsed(html);
        let located: Vec<&str> = dom
            .nodes
            .iter()
            .filter_map(|n| match &n.kind {
                Kind::Text(t) => html.get(t.start..t.end),
                Kind::Element(_) => None,
            })
            .collect();
        assert_eq!(located, ["26", "0"]);
        let tags: Vec<Option<usize>> = dom
            .nodes
            .iter()
            .filter_map(|n| match &n.kind {
                Kind::Element(e) if e.name == "td" => Some(e.tag_end),
                _ => None,
            })
            .collect();
        let ends: Vec<Option<usize>> = html
            .match_indices("<td>")
            .map(|(at, _)| Some(at + 4))
            .collect();
        assert_eq!(tags, ends);
    }
}
