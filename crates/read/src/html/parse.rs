//! The page parsed by scraper (html5ever) in one tokenizer pass, with [`Depth`] counting the
//! tokens on their way to the tree builder: once the page nests deeper than the limit, or its
//! nodes would take more than the memory budget, the tree builder gets no more tokens (it
//! slows down quadratically with deep nesting) and the caller is told.

use std::cell::Cell;

use html5ever::TokenizerResult;
use html5ever::driver::ParseOpts;
use html5ever::interface::TreeSink;
use html5ever::tokenizer::{BufferQueue, Token, TokenSink, TokenSinkResult, Tokenizer};
use html5ever::tree_builder::TreeBuilder;
use scraper::{Html, HtmlTreeSink};

use super::depth::Depth;

/// The limit the page passed while it was parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tripped {
    /// Nested too deep, first on this 1-based line.
    Deep { line: u64 },
    /// More nodes than allowed (counted up to the one that passed).
    Big { nodes: usize },
}

/// `text` parsed as scraper's `Html::parse_document` would, unless it nests deeper than
/// `depth` or has more than `nodes` nodes.
pub(super) fn page(text: &str, depth: usize, nodes: usize) -> Result<Html, Tripped> {
    let options = ParseOpts::default();
    let mut document = Html::new_document();
    let estimate = super::node_room(text).min(nodes);
    document.tree = ego_tree::Tree::with_capacity(scraper::Node::Document, estimate + 1);
    let builder = TreeBuilder::new(HtmlTreeSink::new(document), options.tree_builder);
    let guarded = Guarded {
        depth: Depth::new(depth),
        nodes,
        inner: builder,
        tripped: Cell::new(None),
    };
    let tokenizer = Tokenizer::new(guarded, options.tokenizer);
    let queue = BufferQueue::default();
    queue.push_back(text.into());
    // A `</script>` and a `<meta charset>` return to the caller (to run the script, to
    // change the decoder); the text is decoded already and no script runs, so parsing goes
    // on, as scraper's own driver does.
    while !matches!(tokenizer.feed(&queue), TokenizerResult::Done) {}
    tokenizer.end();
    if let Some(tripped) = tokenizer.sink.tripped.get() {
        return Err(tripped);
    }
    Ok(tokenizer.sink.inner.sink.finish())
}

/// Forwards tokens to `inner` until the depth or node limit is passed.
struct Guarded<S> {
    depth: Depth,
    nodes: usize,
    inner: S,
    tripped: Cell<Option<Tripped>>,
}

impl<S: TokenSink> TokenSink for Guarded<S> {
    type Handle = S::Handle;

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<S::Handle> {
        if self.tripped.get().is_some() {
            return TokenSinkResult::Continue;
        }
        // The tree builder decides the tokenizer's state; the count's own say is for when it
        // stands alone.
        let _ = self.depth.count(&token);
        if self.depth.exceeded() {
            self.tripped.set(Some(Tripped::Deep { line }));
            return TokenSinkResult::Continue;
        }
        if self.depth.nodes() > self.nodes {
            let nodes = self.depth.nodes();
            self.tripped.set(Some(Tripped::Big { nodes }));
            return TokenSinkResult::Continue;
        }
        self.inner.process_token(token, line)
    }

    fn end(&self) {
        self.inner.end();
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.inner
            .adjusted_current_node_present_but_not_in_html_namespace()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGES: [&str; 3] = [
        include_str!("../../../../tests/fixtures/corpus/013-shuyang-fgj-2023.html"),
        include_str!("../../../../tests/fixtures/html/portal-2023.html"),
        "<p>a<table><tr><td>1<td>2</table><script>if (a<b) {}</script><div><span>x",
    ];

    /// The guarded parse builds the tree scraper builds.
    #[test]
    fn parses_as_scraper_does() {
        for text in PAGES {
            let parsed = page(text, 512, usize::MAX).map(|html| html.html());
            assert_eq!(parsed.ok(), Some(Html::parse_document(text).html()));
        }
    }

    #[test]
    fn stops_at_the_limits() {
        let deep = format!("<body>\n\n{}x", "<div>\n".repeat(300));
        // <body> is not counted: the 257th <div> is on line 3 + 256.
        assert_eq!(
            page(&deep, 256, usize::MAX).err(),
            Some(Tripped::Deep { line: 259 })
        );
        assert!(page(&deep, 300, usize::MAX).is_ok());
        let many = "<span>x</span>".repeat(100);
        assert_eq!(
            page(&many, 256, 150).err(),
            Some(Tripped::Big { nodes: 151 })
        );
        assert!(page(&many, 256, 250).is_ok());
    }
}
