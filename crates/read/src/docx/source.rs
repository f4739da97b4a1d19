//! Where the `word/document.xml` walker's events come from: the quick tokenizer, or
//! quick-xml for a part the tokenizer declines.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::body::PART;
use super::quick::Events;
use super::xml::{failed, truncated};
use crate::error::ReadError;

/// Where the walker's events come from: the quick tokenizer or quick-xml.
pub(super) trait Source<'x> {
    /// What stops the walk: a read error, or also the quick tokenizer declining the part.
    type Stop: From<ReadError>;

    fn event(&mut self) -> Result<Event<'x>, Self::Stop>;

    /// Skips the subtree of `element`, whose start tag was the last event.
    fn skip(&mut self, element: &BytesStart<'x>) -> Result<(), Self::Stop>;

    /// The error for a part that ends with elements open.
    fn truncated(&self) -> Self::Stop;
}

/// Why a walk over the quick tokenizer's events stopped.
pub(super) enum Stop {
    /// The tokenizer declined the part.
    Declined,
    /// An error the walk over quick-xml's events would give too (a limit).
    Failed(ReadError),
}

impl From<ReadError> for Stop {
    fn from(error: ReadError) -> Self {
        Stop::Failed(error)
    }
}

/// The quick tokenizer's events; any part it declines stops the walk with [`Stop::Declined`].
pub(super) struct Quick<'x>(pub Events<'x>);

impl<'x> Source<'x> for Quick<'x> {
    type Stop = Stop;

    fn event(&mut self) -> Result<Event<'x>, Stop> {
        self.0.next().map_err(|_| Stop::Declined)
    }

    fn skip(&mut self, _: &BytesStart<'x>) -> Result<(), Stop> {
        self.0.skip().map_err(|_| Stop::Declined)
    }

    fn truncated(&self) -> Stop {
        // The tokenizer gives no end of a part with elements open: quick-xml says where.
        Stop::Declined
    }
}

/// quick-xml's events, its errors made the reader's (damage or truncation, with the byte).
pub(super) struct Slow<'x>(pub Reader<&'x [u8]>);

impl<'x> Source<'x> for Slow<'x> {
    type Stop = ReadError;

    fn event(&mut self) -> Result<Event<'x>, ReadError> {
        self.0.read_event().map_err(|e| failed(PART, &self.0, &e))
    }

    fn skip(&mut self, element: &BytesStart<'x>) -> Result<(), ReadError> {
        self.0
            .read_to_end(element.name())
            .map(|_| ())
            .map_err(|e| failed(PART, &self.0, &e))
    }

    fn truncated(&self) -> ReadError {
        truncated(PART, self.0.buffer_position())
    }
}
