//! A light scan of the raw HTML source: where its text is. The parser (scraper/html5ever) does
//! not report source positions, so the text between tags is decoded here into a stream of
//! visible characters ("keys"), each remembering the bytes it came from; the parser's text
//! nodes are later found in that stream in document order.
//!
//! The scan follows the HTML tokenizer closely enough for real pages: comments, doctype and
//! bogus comments, quoted attribute values, and the raw-text content of `<script>`, `<style>`,
//! `<title>`, `<textarea>` and the like, which is not text of the page.

use super::entity;
use super::inline::{Finished, Line, is_key};

/// Elements whose content the tokenizer reads as raw text, not markup.
pub(super) const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "title",
    "textarea",
    "plaintext",
];

/// Whether an element's (lower-case) name is one of [`RAW_TEXT`].
pub(super) fn is_raw_text(name: &str) -> bool {
    RAW_TEXT.contains(&name)
}

/// Whether an element or tag name is a table cell's (`td`, `th`), in any ASCII case: the
/// source scan compares names as written, the tree's are lower-cased.
pub(super) fn is_cell(name: &str) -> bool {
    name.eq_ignore_ascii_case("td") || name.eq_ignore_ascii_case("th")
}

/// A stretch of [`Source::keys`] and the source bytes it came from: characters copied byte
/// for byte (key byte `key + i` is source byte `start + i`), or one character decoded from the
/// character reference `start..end`.
///
/// A page's visible text is mostly runs of characters written as they are, broken by markup
/// and whitespace: a piece per run, not a record per character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Piece {
    /// Byte offset of the piece in [`Source::keys`].
    pub key: usize,
    pub start: usize,
    pub end: usize,
    /// Whether the piece is one character decoded from a reference.
    pub reference: bool,
}

/// The visible text of a page and where each of its characters is.
#[derive(Debug, Default)]
pub(super) struct Source {
    /// The visible characters of all text runs, whitespace removed, in source order.
    pub keys: String,
    /// Where the characters of `keys` come from, in order.
    pub pieces: Vec<Piece>,
    /// Where each `<td>`/`<th>` start tag ends, in source order.
    pub cell_tags: Vec<usize>,
    /// The raw content of the first `<title>` element.
    pub title: Option<(usize, usize)>,
}

/// What a `<` starts.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Markup<'t> {
    /// A start tag, with its name as written (compared ignoring ASCII case, as the tokenizer
    /// lower-cases it; not copied to lower case for every tag).
    StartTag(&'t str),
    Other,
}

/// Scans `text`, the whole HTML source.
pub(super) fn scan(text: &str) -> Source {
    let mut source = Source::default();
    let mut run_start = 0;
    let mut at = 0;
    while let Some(lt) = find_byte(text.as_bytes(), at, b'<') {
        let Some((end, markup)) = markup(text, lt) else {
            at = lt + 1;
            continue;
        };
        source.run(text, run_start, lt);
        at = end;
        if let Markup::StartTag(name) = markup {
            let is = |wanted: &str| name.eq_ignore_ascii_case(wanted);
            if RAW_TEXT.iter().any(|raw| is(raw)) {
                at = raw_text_end(text, end, name);
                if is("title") && source.title.is_none() {
                    source.title = Some((end, at));
                }
            } else if is_cell(name) {
                source.cell_tags.push(end);
            }
        }
        run_start = at;
    }
    source.run(text, run_start, text.len());
    source
}

impl Source {
    /// Adds the text run `start..end`: its visible stretches ([`each_visible`]), written
    /// characters copied whole, a reference as the one character it decodes to.
    fn run(&mut self, text: &str, start: usize, end: usize) {
        let Some(run) = text.get(start..end) else {
            return;
        };
        each_visible(run, |stretch| match stretch.reference {
            None => self.plain(
                run.get(stretch.at..stretch.end).unwrap_or_default(),
                start + stretch.at,
            ),
            Some(c) => {
                self.pieces.push(Piece {
                    key: self.keys.len(),
                    start: start + stretch.at,
                    end: start + stretch.end,
                    reference: true,
                });
                self.keys.push(c);
            }
        });
    }

    /// Appends visible characters written as themselves at source offset `at`: to the last
    /// piece when they follow it in the source.
    fn plain(&mut self, piece: &str, at: usize) {
        let key = self.keys.len();
        match self.pieces.last_mut() {
            Some(last) if !last.reference && last.end == at => last.end += piece.len(),
            _ => self.pieces.push(Piece {
                key,
                start: at,
                end: at + piece.len(),
                reference: false,
            }),
        }
        self.keys.push_str(piece);
    }

    /// The piece holding key byte `key`.
    fn piece(&self, key: usize) -> Option<&Piece> {
        let after = self.pieces.partition_point(|p| p.key <= key);
        after.checked_sub(1).and_then(|i| self.pieces.get(i))
    }

    /// Where in the source the key character at or after key byte `key` starts; `None` past
    /// the last.
    pub fn start_of(&self, key: usize) -> Option<usize> {
        let key = self.boundary_from(key);
        if key >= self.keys.len() {
            return None;
        }
        let piece = self.piece(key)?;
        Some(if piece.reference {
            piece.start
        } else {
            piece.start + (key - piece.key)
        })
    }

    /// Where in the source the key character holding key byte `key - 1` ends (the last one
    /// for a `key` past the end); `None` at the start.
    pub fn end_before(&self, key: usize) -> Option<usize> {
        let key = self.boundary_from(key.min(self.keys.len()));
        let piece = self.piece(key.checked_sub(1)?)?;
        Some(if piece.reference {
            piece.end
        } else {
            piece.start + (key - piece.key)
        })
    }

    /// The first character boundary of `keys` at or after `key`.
    fn boundary_from(&self, key: usize) -> usize {
        let mut key = key;
        while key < self.keys.len() && !self.keys.is_char_boundary(key) {
            key += 1;
        }
        key
    }
}

/// Where the visible characters of the text run `start..end` of `text` are, as [`scan`] keeps
/// them: from the first one's source start to the last one's end (a reference's whole
/// source for a decoded one). `None` when the run has none. The quick parser, which reads
/// positions itself, places its text nodes with this instead of locating them.
pub(super) fn visible(text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let run = text.get(start..end)?;
    let mut span: Option<(usize, usize)> = None;
    each_visible(run, |stretch| {
        let first = span.map_or(start + stretch.at, |(first, _)| first);
        span = Some((first, start + stretch.end));
    });
    span
}

/// A visible stretch of a text run: bytes `at..end` of the run, characters written as
/// themselves, or one character reference and what it decodes to.
struct Stretch {
    at: usize,
    end: usize,
    reference: Option<char>,
}

/// Calls `f` with the visible stretches of `run` in order: whitespace and invisible
/// characters skipped, references decoded. Runs of characters that are visible and written
/// as themselves (the bulk of a page's text) are judged on their bytes; the others are
/// decoded one at a time.
fn each_visible(run: &str, mut f: impl FnMut(Stretch)) {
    let mut at = 0;
    while at < run.len() {
        // Most runs between tags are only the markup's indentation.
        if run.as_bytes().get(at).is_some_and(u8::is_ascii_whitespace) {
            at += 1;
            continue;
        }
        let plain = plain_end(run.as_bytes(), at);
        if plain > at {
            f(Stretch {
                at,
                end: plain,
                reference: None,
            });
            at = plain;
            continue;
        }
        let Some(decoded) = decoded_at(run, at) else {
            break;
        };
        if is_key(decoded.c) {
            f(Stretch {
                at,
                end: decoded.end,
                reference: decoded.reference.then_some(decoded.c),
            });
        }
        at = decoded.next;
    }
}

/// Where the run of characters from byte `from` of `bytes` (a text run's, whole characters)
/// ends whose characters are visible and written as themselves: printable ASCII but `&`
/// (which may start a reference), and U+3001–U+9FFF and U+FF00–U+FFFF (CJK punctuation,
/// ideographs, full-width forms), none of them whitespace or ignorable. Judged on the UTF-8
/// lead bytes; a lead byte E3–EF starts three bytes.
fn plain_end(bytes: &[u8], from: usize) -> usize {
    let mut at = from;
    while let Some(&lead) = bytes.get(at) {
        let width = match lead {
            b'!'..=b'%' | b'\''..=b'~' => 1,
            0xE4..=0xE9 => 3,
            // U+3000, the ideographic space, is whitespace.
            0xE3 if bytes.get(at + 1..at + 3) != Some(&[0x80, 0x80]) => 3,
            0xEF if bytes.get(at + 1).is_some_and(|&second| second >= 0xBC) => 3,
            _ => return at,
        };
        at += width;
    }
    at
}

/// The text of the source range `start..end` (raw text such as a `<title>`'s) on one line.
pub(super) fn line(text: &str, start: usize, end: usize) -> Option<Finished> {
    let mut line = Line::default();
    let mut buffer = [0u8; 4];
    decode(text, start, end, |c, from, to| {
        line.push(c.encode_utf8(&mut buffer), from, to);
    });
    line.take()
}

/// Calls `f` with every character of the text `start..end` and the source bytes it comes
/// from, character references decoded.
fn decode(text: &str, start: usize, end: usize, mut f: impl FnMut(char, usize, usize)) {
    let Some(run) = text.get(start..end) else {
        return;
    };
    let mut at = 0;
    while let Some(decoded) = decoded_at(run, at) {
        f(decoded.c, start + at, start + decoded.end);
        at = decoded.next;
    }
}

/// One character of a text run, a character reference decoded.
struct Decoded {
    c: char,
    /// Where its source bytes end.
    end: usize,
    /// Where the next character starts.
    next: usize,
    /// Whether it was written as a character reference.
    reference: bool,
}

/// The character of `run` at byte `at` (a character boundary).
fn decoded_at(run: &str, at: usize) -> Option<Decoded> {
    let rest = run.get(at..)?;
    let c = rest.chars().next()?;
    let plain = Decoded {
        c,
        end: at + c.len_utf8(),
        next: at + c.len_utf8(),
        reference: false,
    };
    let Some((decoded, len)) = (c == '&').then(|| entity::decode(rest)).flatten() else {
        return Some(plain);
    };
    // Past the reference, at the next character.
    let mut next = at + len.max(1);
    while next < run.len() && !run.is_char_boundary(next) {
        next += 1;
    }
    Some(Decoded {
        c: decoded,
        end: at + len,
        next,
        reference: true,
    })
}

/// The markup starting at the `<` at `lt`: where it ends, and what it is. `None` if the `<`
/// is literal text.
fn markup(text: &str, lt: usize) -> Option<(usize, Markup<'_>)> {
    let bytes = text.as_bytes();
    let after = bytes.get(lt + 1..)?;
    let to_gt = |from: usize| find_byte(bytes, from, b'>').map_or(bytes.len(), |gt| gt + 1);
    match after.first()? {
        b'!' if after.starts_with(b"!--") => Some((comment_end(text, lt + 4), Markup::Other)),
        b'!' | b'?' => Some((to_gt(lt + 2), Markup::Other)),
        b'/' => match after.get(1)? {
            c if c.is_ascii_alphabetic() => Some((tag_end(bytes, lt + 2), Markup::Other)),
            b'>' => Some((lt + 3, Markup::Other)),
            _ => Some((to_gt(lt + 2), Markup::Other)),
        },
        c if c.is_ascii_alphabetic() => {
            let name_len = after
                .iter()
                .take_while(|b| !b.is_ascii_whitespace() && **b != b'/' && **b != b'>')
                .count();
            // Starts after "<" and ends before an ASCII byte (or at the end): whole characters.
            let name = text.get(lt + 1..lt + 1 + name_len)?;
            Some((tag_end(bytes, lt + 1 + name_len), Markup::StartTag(name)))
        }
        _ => None,
    }
}

/// End of a comment whose content starts at `from` (after `<!--`).
fn comment_end(text: &str, from: usize) -> usize {
    let rest = text.as_bytes().get(from..).unwrap_or_default();
    if rest.starts_with(b">") {
        return from + 1;
    }
    if rest.starts_with(b"->") {
        return from + 2;
    }
    from + closing_dashes(rest).unwrap_or(rest.len())
}

/// Where a comment whose text starts `body` ends: just after its first `-->` or `--!>`,
/// found in one pass (each `--` looked at once; searching for each ending through the rest
/// of the page made a page of many comments quadratic).
pub(super) fn closing_dashes(body: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = body
        .get(from..)
        .and_then(|rest| memchr::memmem::find(rest, b"--"))
    {
        let dashes = from + found;
        match body.get(dashes + 2) {
            Some(b'>') => return Some(dashes + 3),
            Some(b'!') if body.get(dashes + 3) == Some(&b'>') => return Some(dashes + 4),
            _ => from = dashes + 1,
        }
    }
    None
}

/// End of a tag whose attributes start at `from`: after its `>`, skipping quoted values.
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut at = from;
    let mut after_equals = false;
    while let Some(&b) = bytes.get(at) {
        match b {
            b'>' => return at + 1,
            b'"' | b'\'' if after_equals => {
                at = find_byte(bytes, at + 1, b).map_or(bytes.len(), |close| close + 1);
                after_equals = false;
                continue;
            }
            b'=' => after_equals = true,
            c if c.is_ascii_whitespace() => {}
            _ => after_equals = false,
        }
        at += 1;
    }
    bytes.len()
}

/// Where the raw text of element `name` ends: at its end tag (`</name` then whitespace, `/`
/// or `>`), or at the end of the file.
pub(super) fn raw_text_end(text: &str, from: usize, name: &str) -> usize {
    if name.eq_ignore_ascii_case("plaintext") {
        return text.len();
    }
    let bytes = text.as_bytes();
    let mut at = from;
    while let Some(found) = text.get(at..).and_then(|rest| rest.find("</")) {
        let start = at + found + 2;
        let candidate = bytes.get(start..start + name.len());
        let follows = bytes.get(start + name.len());
        if candidate.is_some_and(|c| c.eq_ignore_ascii_case(name.as_bytes()))
            && follows.is_none_or(|b| b.is_ascii_whitespace() || *b == b'/' || *b == b'>')
        {
            return at + found;
        }
        at = start;
    }
    text.len()
}

fn find_byte(bytes: &[u8], from: usize, byte: u8) -> Option<usize> {
    memchr::memchr(byte, bytes.get(from..)?).map(|at| from + at)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHUYANG_PAGE: &str =
        include_str!("../../../../tests/fixtures/corpus/013-shuyang-fgj-2023.html");

    /// A comment ends where the first `-->` or `--!>` is, as two searches through the rest of
    /// the page found it (before they were one pass).
    #[test]
    fn finds_the_first_comment_ending() {
        let searched = |rest: &str| {
            let close = rest.find("-->").map(|at| at + 3);
            let bang = rest.find("--!>").map(|at| at + 4);
            match (close, bang) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            }
        };
        for rest in [
            "a-->",
            "a--!>b-->",
            "a-->b--!>",
            "--->",
            "-- -->",
            "--!x-->",
            "",
            "-",
            "--",
            "--!",
            "x--!>",
            "---!>",
            "a - -> b --->",
            "注释-->后",
        ] {
            assert_eq!(closing_dashes(rest.as_bytes()), searched(rest), "{rest}");
        }
    }

    fn keys(text: &str) -> String {
        scan(text).keys
    }

    /// Markup, comments, scripts and styles are not text; references are decoded.
    #[test]
    fn keeps_only_visible_text() {
        let html = "<!DOCTYPE html><html><head><title>标题</title><style>p{x:1}</style>\
            <script>if (a < b) { s = '</p>'; }</script></head><body><!-- 注释 --><p class=\"a>b\">\
            一&nbsp;&amp;二</p><![if !x]>三<![endif]> 4 < 5</body></html>";
        assert_eq!(keys(html), "一&二三4<5");
    }

    /// Each character remembers its bytes; a reference covers all of its bytes.
    #[test]
    fn marks_source_bytes() {
        let html = "<td>2&#54;</td><th >x</th>";
        let source = scan(html);
        let slices: Vec<&str> = source
            .keys
            .char_indices()
            .filter_map(|(key, c)| {
                let (start, end) = (
                    source.start_of(key)?,
                    source.end_before(key + c.len_utf8())?,
                );
                html.get(start..end)
            })
            .collect();
        assert_eq!(slices, ["2", "&#54;", "x"]);
        assert_eq!(source.keys, "26x");
        assert_eq!(source.cell_tags, [4, 20]);
    }

    /// A visible character of a text run: its offset in the keys and its source bytes, as
    /// the scan recorded them one character at a time before it kept pieces.
    struct Mark {
        key: usize,
        start: usize,
        end: usize,
    }

    fn marks(text: &str, start: usize, end: usize) -> (String, Vec<Mark>) {
        let (mut keys, mut marks) = (String::new(), Vec::new());
        decode(text, start, end, |c, from, to| {
            if is_key(c) {
                marks.push(Mark {
                    key: keys.len(),
                    start: from,
                    end: to,
                });
                keys.push(c);
            }
        });
        (keys, marks)
    }

    /// The pieces give every key offset the source place the characters gave: the start of
    /// the character at or after it, and the end of the character holding the byte before it
    /// (as the locator asked the marks), on text runs of every kind of character.
    #[test]
    fn pieces_place_keys_as_characters_did() {
        let runs = [
            "一、总体情况 2021年，本机关主动公开政府信息 12 条。",
            "&amp;&nbsp;x&lt;y&lt&zzz;&#12288;一&#x4e00;二&#54;&",
            "一\u{3000}二\u{3001}三\u{FF0C}四\u{FEFF}五\u{200B}六\u{AD}七",
            "e\u{301}\u{1D11E}𠀀ﾟ\u{FFFD}\t\r\n \u{A0}\u{2002}x",
            "&&amp;;&#;&#x;&#99999999;&nbsp&copy2&",
            "",
            "   ",
            SHUYANG_PAGE,
        ];
        for text in runs {
            let bounds: Vec<usize> = (0..=text.len())
                .filter(|&at| text.is_char_boundary(at))
                .collect();
            // The whole text, and pieces of it starting and ending inside.
            let ranges = [
                (0, text.len()),
                (bounds.get(1).copied().unwrap_or(0), text.len()),
            ];
            for (start, end) in ranges {
                let (keys, marks) = marks(text, start, end);
                let mut source = Source::default();
                source.run(text, start, end);
                assert_eq!(source.keys, keys, "{text}");
                for key in 0..=keys.len() + 1 {
                    let index = marks.partition_point(|m| m.key < key);
                    let first = marks.get(index).map(|m| m.start);
                    let last = index
                        .checked_sub(1)
                        .and_then(|i| marks.get(i))
                        .map(|m| m.end);
                    assert_eq!(source.start_of(key), first, "{text} at {key}");
                    assert_eq!(source.end_before(key), last, "{text} at {key}");
                }
            }
        }
    }

    /// Tag names are compared ignoring ASCII case, as the tokenizer reads them: an upper-case
    /// `<SCRIPT>` or `<Title>` holds raw text, `<TD>` is a cell, and a non-ASCII name is kept
    /// whole.
    #[test]
    fn reads_tag_names_in_any_case() {
        let html = "<HTML><Title>题</Title><SCRIPT>x = '<p>隐'</Script><TD>1</TD><tD>2<p表>3";
        let source = scan(html);
        assert_eq!(source.keys, "123");
        assert_eq!(source.cell_tags, [57, 67]);
        assert_eq!(source.title.and_then(|(a, b)| html.get(a..b)), Some("题"));
    }

    /// Unterminated comments, tags and raw text run to the end without panicking.
    #[test]
    fn survives_truncated_markup() {
        for html in [
            "<!-- x",
            "<p title='x",
            "<script>x",
            "a<",
            "<",
            "</",
            "&#",
            "<!-->a",
        ] {
            let _ = scan(html);
        }
        assert_eq!(keys("<!-->a"), "a");
        assert_eq!(keys("<p title='x>y"), "");
    }
}
