//! Control characters of documents made visible before text reaches a terminal. A report's
//! text (or its file name) may hold escape sequences that clear the screen, retitle the window
//! or hide lines; in the text formats they are written as `\x1b`, `\x07`, `\u{85}`.
//!
//! The filter works on bytes as they are written, so it needs no whole strings: C0 controls
//! and DEL are single bytes that never occur inside a UTF-8 sequence; C1 controls are the two
//! bytes `C2 80`–`C2 9F`, and a `C2` at the end of one write waits for the next byte.

use std::io::{self, Write};

/// Escapes control characters on their way to `inner`. Line feeds and tabs pass, a carriage
/// return only before a line feed; with `colour`, the colour codes (`ESC [ … m`) the program
/// itself writes pass too.
pub struct Escaping<W: Write> {
    inner: W,
    colour: bool,
    /// Bytes held back until the next byte decides them: an `ESC [ …` sequence, a `CR`, or
    /// the `C2` that may begin a C1 control.
    pending: Vec<u8>,
}

/// The longest colour sequence passed; a longer `ESC [` run is escaped.
const LONGEST_COLOUR: usize = 32;

impl<W: Write> Escaping<W> {
    /// A filter writing into `inner`; `colour` lets colour codes through.
    pub fn new(inner: W, colour: bool) -> Self {
        Self {
            inner,
            colour,
            pending: Vec::new(),
        }
    }

    /// One byte through the filter into `out`.
    fn push(&mut self, byte: u8, out: &mut Vec<u8>) {
        if !self.pending.is_empty() {
            self.pending.push(byte);
            self.settle(out);
            return;
        }
        match byte {
            b'\n' | b'\t' => out.push(byte),
            0x1b if self.colour => self.pending.push(byte),
            b'\r' | 0xc2 => self.pending.push(byte),
            0x00..=0x1f | 0x7f => escape_byte(byte, out),
            _ => out.push(byte),
        }
    }

    /// Decides the pending bytes once the last one pushed tells what they are.
    fn settle(&mut self, out: &mut Vec<u8>) {
        let pending = std::mem::take(&mut self.pending);
        match pending.as_slice() {
            [b'\r', b'\n'] => out.extend_from_slice(b"\r\n"),
            [b'\r', next] => {
                escape_byte(b'\r', out);
                self.push(*next, out);
            }
            [0xc2, second] if (0x80..=0x9f).contains(second) => {
                out.extend_from_slice(format!("\\u{{{second:x}}}").as_bytes());
            }
            [0xc2, next] => {
                out.push(0xc2);
                self.push(*next, out);
            }
            [0x1b, b'['] => self.pending = pending,
            [0x1b, b'[', params @ .., b'm'] if params.iter().all(is_parameter) => {
                out.extend_from_slice(&pending);
            }
            [0x1b, b'[', params @ ..]
                if pending.len() < LONGEST_COLOUR && params.iter().all(is_parameter) =>
            {
                self.pending = pending;
            }
            [0x1b, rest @ ..] => {
                escape_byte(0x1b, out);
                for &byte in rest {
                    self.push(byte, out);
                }
            }
            _ => out.extend_from_slice(&pending),
        }
    }
}

/// A byte of a colour code's parameters, as in `31;1`.
fn is_parameter(byte: &u8) -> bool {
    byte.is_ascii_digit() || *byte == b';'
}

/// `\x1b` for the byte `0x1b`.
fn escape_byte(byte: u8, out: &mut Vec<u8>) {
    out.extend_from_slice(format!("\\x{byte:02x}").as_bytes());
}

impl<W: Write> Write for Escaping<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut out = Vec::with_capacity(buf.len());
        for &byte in buf {
            self.push(byte, &mut out);
        }
        self.inner.write_all(&out)?;
        Ok(buf.len())
    }

    /// Writes what is still held back as it is (a `CR` or `C2` at the very end of the output,
    /// or an unfinished colour code, escaped), then flushes.
    fn flush(&mut self) -> io::Result<()> {
        let pending = std::mem::take(&mut self.pending);
        let mut out = Vec::new();
        match pending.first() {
            Some(0x1b | b'\r') => {
                for (index, &byte) in pending.iter().enumerate() {
                    if index == 0 {
                        escape_byte(byte, &mut out);
                    } else {
                        self.push(byte, &mut out);
                    }
                }
                out.extend(std::mem::take(&mut self.pending));
            }
            _ => out.extend_from_slice(&pending),
        }
        self.inner.write_all(&out)?;
        self.inner.flush()
    }
}

#[cfg(test)]
#[expect(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::*;

    fn through(colour: bool, pieces: &[&[u8]]) -> String {
        let mut filter = Escaping::new(Vec::new(), colour);
        for piece in pieces {
            filter.write_all(piece).unwrap();
        }
        filter.flush().unwrap();
        String::from_utf8(filter.inner).unwrap()
    }

    /// Screen clearing, window titles and bells are made visible; text, line ends and tabs pass.
    #[test]
    fn controls_are_escaped() {
        let text = "南关区\x1b]0;pwned\x07\x1b[2J教育局\r\n\t表三\r末尾\u{85}".as_bytes();
        assert_eq!(
            through(false, &[text]),
            "南关区\\x1b]0;pwned\\x07\\x1b[2J教育局\r\n\t表三\\x0d末尾\\u{85}"
        );
    }

    /// The program's own colour codes pass when colour is on, and only they.
    #[test]
    fn colour_codes_pass_with_colour() {
        let text = b"\x1b[31;1m\xe9\x94\x99\x1b[0m \x1b[2J";
        assert_eq!(through(true, &[text]), "\x1b[31;1m错\x1b[0m \\x1b[2J");
        assert_eq!(through(false, &[b"\x1b[0m"]), "\\x1b[0m");
    }

    /// A sequence split between two writes is decided as a whole.
    #[test]
    fn split_sequences() {
        assert_eq!(through(true, &[b"a\x1b[3", b"1m", b"b"]), "a\x1b[31mb");
        assert_eq!(through(false, &[b"a\xc2", b"\x85b"]), "a\\u{85}b");
        assert_eq!(through(false, &[b"\xc2", b"\xa9"]), "©");
        assert_eq!(through(false, &[b"a\r", b"\n"]), "a\r\n");
        assert_eq!(through(true, &[b"end\x1b["]), "end\\x1b[");
    }
}
