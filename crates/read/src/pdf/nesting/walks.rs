//! The nesting scan: how deep pdf_oxide's object parser could recurse if it began parsing at
//! any allowed byte of a buffer, found in one pass, in linear time, without recursion.
//!
//! pdf_oxide parses one object from wherever its caller points it (an xref offset, an offset in
//! an object stream, the byte after a failed operator in a content stream). Scanning from the
//! start of the buffer alone is not enough: an offset may point into a comment, a string or
//! stream data that a scan from the start skips. So the scan follows every parse at once. A
//! parse is a *walk*; walks that reach the same lexer state at the same byte behave alike from
//! then on, so only the deepest of them is kept (its future depth is the largest). The states
//! are few: between tokens, in a comment, in a hex string, in a literal string (keyed by the
//! paren balance at which it ends), and in a name or word (jumped over at once). A walk ends
//! when its object is complete (depth back to 0) or at a byte pdf_oxide cannot parse.
//!
//! The scan over-approximates the parser: it accepts any token some parser context accepts
//! (bare words, which pdf_oxide takes only as dictionary values; any token as a dictionary
//! key) and treats a name or word as one token, so its depths are at least pdf_oxide's.

use std::collections::BTreeMap;
use std::ops::Range;

/// Why a scan refused a buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Alarm {
    /// An array or dictionary opened here would be nested deeper than the limit.
    TooDeep(usize),
    /// A stream keyword here follows a dictionary inside an array or dictionary. The PDF
    /// format forbids that (streams are indirect objects); where the parse goes on after such
    /// a stream depends on a /Length the scan does not follow, so it cannot vouch for it.
    NestedStream(usize),
    /// Checking would take more than linear work (many overlapping candidate objects, or
    /// string states): only a hostile file does this.
    TooComplex(usize),
}

/// Where parses may begin: everywhere except in `closed` ranges (stream data in a raw file),
/// where they begin only at the `open` positions. A parse begun outside reads its first token
/// inside only at an open position too.
#[derive(Debug, Clone, Default)]
pub(crate) struct Starts {
    /// Sorted, disjoint ranges.
    pub(crate) closed: Vec<Range<usize>>,
    /// Sorted positions inside `closed` where a parse may begin anyway.
    pub(crate) open: Vec<usize>,
}

/// pdf_oxide reads an object's first header line, then (when that line has no standalone
/// `obj`) up to four more header lines, and parses the rest of the first line followed by the
/// lines *after* the header: bytes `from..` are joined to bytes `to..`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Junction {
    /// The start of the line after the first header line.
    pub(crate) from: usize,
    /// The start of the line after the last header line.
    pub(crate) to: usize,
}

/// String states live in a map from the paren balance at which they end to the deepest walk
/// in them. More than this many at once (or copied at junctions) is refused as too complex.
const MAX_STRING_STATES: usize = 1 << 16;
/// Total string states copied at junctions before the scan gives up.
const MAX_JUNCTION_COPIES: usize = 1 << 22;

/// Scans `bytes` with parses beginning wherever `starts` allows (and joined at `junctions`,
/// sorted by `from`), refusing nesting deeper than `max`.
pub(crate) fn scan(
    bytes: &[u8],
    max: usize,
    starts: &Starts,
    junctions: &[Junction],
) -> Result<(), Alarm> {
    let mut walks = Walks::new(bytes, max);
    let mut gate = Gate::new(starts);
    let mut joins = junctions.iter().peekable();
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        while let Some(junction) = joins.next_if(|j| j.from <= at) {
            if junction.from == at && junction.to > at {
                walks.capture(junction.to, at)?;
            }
        }
        if walks.is_idle() {
            // No walk alive: nothing happens before a parse may begin at a bracket.
            let junction = joins.peek().map_or(usize::MAX, |j| j.from);
            let resume = gate.next_opening(bytes, at).min(junction);
            if resume > at {
                walks.skip_to(resume);
                at = resume;
                continue;
            }
        }
        walks.step(at, byte, gate.allows(at))?;
        at += 1;
    }
    Ok(())
}

/// Scans a decoded stream (an object stream, a content stream): a parse may begin anywhere.
pub(crate) fn scan_all(bytes: &[u8], max: usize) -> Result<(), Alarm> {
    scan(bytes, max, &Starts::default(), &[])
}

/// Answers "may a parse begin here" for increasing positions in constant amortized time.
struct Gate<'a> {
    starts: &'a Starts,
    range: usize,
    open: usize,
}

impl<'a> Gate<'a> {
    fn new(starts: &'a Starts) -> Self {
        Self {
            starts,
            range: 0,
            open: 0,
        }
    }

    /// The closed range holding `at`, if any.
    fn closed(&mut self, at: usize) -> Option<&'a Range<usize>> {
        let closed = &self.starts.closed;
        while closed.get(self.range).is_some_and(|r| r.end <= at) {
            self.range += 1;
        }
        closed.get(self.range).filter(|r| r.contains(&at))
    }

    /// The first open position at or after `at`.
    fn open_from(&mut self, at: usize) -> Option<usize> {
        let open = &self.starts.open;
        while open.get(self.open).is_some_and(|&p| p < at) {
            self.open += 1;
        }
        open.get(self.open).copied()
    }

    fn allows(&mut self, at: usize) -> bool {
        self.closed(at).is_none() || self.open_from(at) == Some(at)
    }

    /// The first position at or after `at` where a parse may begin with `[` or `<` (a parse
    /// begun at any other byte is one token, never nested), or the end of `bytes`.
    fn next_opening(&mut self, bytes: &[u8], mut at: usize) -> usize {
        let is_opening = |b: &u8| matches!(b, b'[' | b'<');
        while at < bytes.len() {
            if let Some(range) = self.closed(at) {
                let end = range.end;
                match self.open_from(at).filter(|&open| open < end) {
                    Some(open) if bytes.get(open).is_some_and(is_opening) => return open,
                    Some(open) => at = open + 1,
                    None => at = end,
                }
            } else {
                let end = self
                    .starts
                    .closed
                    .get(self.range)
                    .map_or(bytes.len(), |r| r.start.max(at));
                let stretch = bytes.get(at..end).unwrap_or_default();
                match stretch.iter().position(is_opening) {
                    Some(offset) => return at + offset,
                    None => at = end,
                }
            }
        }
        bytes.len()
    }
}

/// Walk states carried across a junction.
#[derive(Debug, Default)]
struct Carried {
    normal: Option<u32>,
    hex: Option<u32>,
    /// (parens still open, depth) of the string walks.
    strings: Vec<(i64, u32)>,
}

/// The deepest walk in each state.
struct Walks<'a> {
    bytes: &'a [u8],
    max: u32,
    /// Walks between tokens at the current byte.
    here: Option<u32>,
    /// Walks between tokens at the next byte.
    next: Option<u32>,
    /// Walks between tokens two bytes ahead (after `<<` or `>>`).
    after_next: Option<u32>,
    /// Walks that resume after a name or word ends, at the recorded position.
    leaves: Vec<(usize, u32)>,
    comment: Option<u32>,
    hex: Option<u32>,
    /// String walks by the paren balance at which their string ends.
    strings: BTreeMap<i64, u32>,
    /// Unescaped `(` minus unescaped `)` so far. A string walk only ever enters a run of
    /// backslashes at its first byte, so whether a byte is escaped is the same for every walk.
    balance: i64,
    /// The current byte follows an odd run of backslashes.
    escaped: bool,
    /// Walks to resume at a later line, by position.
    carried: BTreeMap<usize, Carried>,
    /// String states copied at junctions so far.
    copies: usize,
}

/// Whitespace as pdf_oxide's lexer sees it.
fn is_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\r' | b'\n' | 0 | 0x0C)
}

/// A byte that ends a name.
fn ends_name(byte: u8) -> bool {
    is_space(byte)
        || matches!(
            byte,
            b'/' | b'%' | b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}'
        )
}

/// A byte of a number, keyword or bare word (pdf_oxide's lenient bare identifier).
fn is_word(byte: u8) -> bool {
    byte.is_ascii_alphanumeric()
        || matches!(
            byte,
            b'_' | b'-' | b'+' | b'*' | b'@' | b'.' | b'!' | b'^' | b'~'
        )
}

/// Keywords that no parser context accepts as (part of) an object: the walk ends there.
/// pdf_oxide matches keywords as prefixes, so `objx` is `obj`.
const DEAD_KEYWORDS: [&[u8]; 4] = [b"obj", b"endobj", b"endstream", b"stream"];

/// Keeps the deeper of two walks in one state.
fn join(slot: &mut Option<u32>, depth: u32) {
    *slot = Some(slot.map_or(depth, |d| d.max(depth)));
}

/// Keeps the deeper of two string walks that end at the same balance.
fn deepen(strings: &mut BTreeMap<i64, u32>, end: i64, depth: u32) {
    let slot = strings.entry(end).or_insert(depth);
    *slot = (*slot).max(depth);
}

impl<'a> Walks<'a> {
    fn new(bytes: &'a [u8], max: usize) -> Self {
        Self {
            bytes,
            max: u32::try_from(max).unwrap_or(u32::MAX),
            here: None,
            next: None,
            after_next: None,
            leaves: Vec::new(),
            comment: None,
            hex: None,
            strings: BTreeMap::new(),
            balance: 0,
            escaped: false,
            carried: BTreeMap::new(),
            copies: 0,
        }
    }

    fn byte(&self, at: usize) -> Option<u8> {
        self.bytes.get(at).copied()
    }

    /// Whether no walk is alive (nothing to follow until a parse begins).
    fn is_idle(&self) -> bool {
        self.here.is_none()
            && self.next.is_none()
            && self.after_next.is_none()
            && self.leaves.is_empty()
            && self.comment.is_none()
            && self.hex.is_none()
            && self.strings.is_empty()
            && self.carried.is_empty()
    }

    /// Jumps to `at` while idle. The paren balance only matters relative to a string walk,
    /// of which there is none; whether `at` is escaped depends on the backslashes before it.
    fn skip_to(&mut self, at: usize) {
        let before = self.bytes.get(..at).unwrap_or_default();
        let backslashes = before.iter().rev().take_while(|&&b| b == b'\\').count();
        self.escaped = backslashes % 2 == 1;
    }

    /// Advances over the byte at `at`; `fresh` when a parse may begin there.
    fn step(&mut self, at: usize, byte: u8, fresh: bool) -> Result<(), Alarm> {
        self.resume(at);
        self.strings_see(byte);
        if matches!(byte, b'\r' | b'\n')
            && let Some(depth) = self.comment.take()
        {
            join(&mut self.here, depth);
        }
        if byte == b'>'
            && let Some(depth) = self.hex.take()
        {
            join(&mut self.next, depth);
        }
        // A parse begun here is a walk 0 deep; a deeper one in the same state outdoes it.
        if let Some(depth) = self.here.take().or(fresh.then_some(0)) {
            self.token(at, byte, depth)?;
        }
        self.here = self.next.take();
        self.next = self.after_next.take();
        if self.strings.len() > MAX_STRING_STATES {
            return Err(Alarm::TooComplex(at));
        }
        Ok(())
    }

    /// Brings back walks that resume at `at`: after a name or word, or across a junction.
    fn resume(&mut self, at: usize) {
        if !self.leaves.is_empty() {
            let mut depths = Vec::new();
            self.leaves.retain(|&(end, depth)| {
                if end == at {
                    depths.push(depth);
                }
                end > at
            });
            for depth in depths {
                join(&mut self.here, depth);
            }
        }
        if self
            .carried
            .first_key_value()
            .is_some_and(|(&to, _)| to == at)
            && let Some(carried) = self.carried.remove(&at)
        {
            if let Some(depth) = carried.normal {
                join(&mut self.here, depth);
            }
            if let Some(depth) = carried.hex {
                join(&mut self.hex, depth);
            }
            for (open, depth) in carried.strings {
                deepen(&mut self.strings, self.balance - open, depth);
            }
        }
    }

    /// Keeps the paren balance and ends the string walks whose string closes at `at`.
    fn strings_see(&mut self, byte: u8) {
        if !self.escaped {
            if byte == b'(' {
                self.balance += 1;
            } else if byte == b')' {
                self.balance -= 1;
                if let Some(depth) = self.strings.remove(&self.balance) {
                    join(&mut self.next, depth);
                }
            }
        }
        self.escaped = byte == b'\\' && !self.escaped;
    }

    /// Records the walks at `at` (the start of a line) to resume them at `to` as well.
    fn capture(&mut self, to: usize, at: usize) -> Result<(), Alarm> {
        let strings: Vec<(i64, u32)> = self
            .strings
            .iter()
            .map(|(&end, &depth)| (self.balance - end, depth))
            .collect();
        self.copies += strings.len();
        if self.copies > MAX_JUNCTION_COPIES {
            return Err(Alarm::TooComplex(at));
        }
        let carried = self.carried.entry(to).or_default();
        if let Some(depth) = self.here {
            join(&mut carried.normal, depth);
        }
        if let Some(depth) = self.hex {
            join(&mut carried.hex, depth);
        }
        carried.strings.extend(strings);
        Ok(())
    }

    /// The deepest walk between tokens at `at`, `depth` deep, reads the token there.
    fn token(&mut self, at: usize, byte: u8, depth: u32) -> Result<(), Alarm> {
        let next = self.byte(at + 1);
        if depth == 0 {
            // A parse begun here: only an array or dictionary makes it more than one token
            // (white space or a comment before its first token is where a later parse begins).
            match byte {
                b'[' => self.next = Some(self.open(at, 0)?),
                b'<' if next == Some(b'<') => self.after_next = Some(self.open(at, 0)?),
                _ => {}
            }
            return Ok(());
        }
        match byte {
            _ if is_space(byte) => join(&mut self.next, depth),
            b'%' => join(&mut self.comment, depth),
            b'[' => {
                let inner = self.open(at, depth)?;
                join(&mut self.next, inner);
            }
            b'<' if next == Some(b'<') => {
                let inner = self.open(at, depth)?;
                join(&mut self.after_next, inner);
            }
            b'<' => join(&mut self.hex, depth),
            // A closing bracket at depth 1 completes the walk's object.
            b'>' if next == Some(b'>') && depth >= 2 => {
                self.refuse_nested_stream(at + 2)?;
                join(&mut self.after_next, depth - 1);
            }
            b']' if depth >= 2 => join(&mut self.next, depth - 1),
            b'(' => deepen(&mut self.strings, self.balance - 1, depth),
            b'/' => {
                let end = self.end_of(at + 1, ends_name);
                self.leaves.push((end, depth));
            }
            _ if is_word(byte) && !self.is_dead_keyword(at) => {
                let end = self.end_of(at + 1, |b| !is_word(b));
                self.leaves.push((end, depth));
            }
            _ => {}
        }
        Ok(())
    }

    /// The depth inside a bracket opened at `at` by a walk `depth` deep.
    fn open(&self, at: usize, depth: u32) -> Result<u32, Alarm> {
        let inner = depth.saturating_add(1);
        if inner > self.max {
            return Err(Alarm::TooDeep(at));
        }
        Ok(inner)
    }

    /// The first position from `from` where `stop` holds, or the end.
    fn end_of(&self, from: usize, stop: impl Fn(u8) -> bool) -> usize {
        self.bytes
            .get(from..)
            .and_then(|rest| rest.iter().position(|&b| stop(b)))
            .map_or(self.bytes.len(), |offset| from + offset)
    }

    fn is_dead_keyword(&self, at: usize) -> bool {
        let rest = self.bytes.get(at..).unwrap_or_default();
        DEAD_KEYWORDS.iter().any(|k| rest.starts_with(k))
    }

    /// Refuses a `stream` keyword (after whitespace and comments from `from`) that follows a
    /// dictionary nested in another object.
    fn refuse_nested_stream(&self, from: usize) -> Result<(), Alarm> {
        let mut at = from;
        loop {
            match self.byte(at) {
                Some(b) if is_space(b) => at += 1,
                Some(b'%') => at = self.end_of(at, |b| matches!(b, b'\r' | b'\n')),
                _ => break,
            }
        }
        if self
            .bytes
            .get(at..)
            .is_some_and(|r| r.starts_with(b"stream"))
        {
            return Err(Alarm::NestedStream(at));
        }
        Ok(())
    }
}
