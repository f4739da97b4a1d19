//! Pretty JSON for a value written inside a document already being written (a report inside
//! `"reports": [`), indented at its depth there as it is made: serde_json's pretty form with
//! every line moved right afterwards cost a third of writing a report's JSON.

use std::io;

use serde::Serialize;
use serde_json::ser::Formatter;

/// Appends `value` to `out` as serde_json's pretty form (two spaces a level) nested `levels`
/// levels deep: every line after the first indented `2 × levels` spaces more.
pub fn append<T: Serialize + ?Sized>(
    value: &T,
    levels: usize,
    out: &mut Vec<u8>,
) -> serde_json::Result<()> {
    let formatter = Nested {
        depth: levels,
        has_value: false,
    };
    value.serialize(&mut serde_json::Serializer::with_formatter(out, formatter))
}

/// `value` as [`append`] writes it, as a string.
pub fn to_string<T: Serialize + ?Sized>(value: &T, levels: usize) -> serde_json::Result<String> {
    let mut out = Vec::new();
    append(value, levels, &mut out)?;
    // serde_json writes UTF-8 only.
    Ok(String::from_utf8(out).unwrap_or_default())
}

/// serde_json's `PrettyFormatter` with two spaces a level, starting `depth` levels in.
struct Nested {
    depth: usize,
    has_value: bool,
}

/// Enough spaces for most depths in one write.
const SPACES: &[u8] = b"                                                                ";

fn indent<W: ?Sized + io::Write>(writer: &mut W, depth: usize) -> io::Result<()> {
    let mut left = depth.saturating_mul(2);
    while left > 0 {
        let now = left.min(SPACES.len());
        writer.write_all(SPACES.get(..now).unwrap_or_default())?;
        left -= now;
    }
    Ok(())
}

impl Nested {
    /// An array or object begins with `bracket`, one level further in.
    fn open<W: ?Sized + io::Write>(&mut self, writer: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        writer.write_all(bracket)
    }

    /// It ends with `bracket`, on a line of its own unless it was empty.
    fn close<W: ?Sized + io::Write>(&mut self, writer: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth = self.depth.saturating_sub(1);
        if self.has_value {
            writer.write_all(b"\n")?;
            indent(writer, self.depth)?;
        }
        writer.write_all(bracket)
    }

    /// A value or key begins on a line of its own, after a comma unless it is the first.
    fn item<W: ?Sized + io::Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        writer.write_all(if first { b"\n" } else { b",\n" })?;
        indent(writer, self.depth)
    }
}

impl Formatter for Nested {
    fn begin_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open(writer, b"[")
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"]")
    }

    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.item(writer, first)
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open(writer, b"{")
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"}")
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.item(writer, first)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same bytes as serde_json's pretty form with its lines moved right, for values of
    /// every shape: empty and nested arrays and objects, strings holding escaped newlines.
    #[test]
    fn is_the_pretty_form_moved_right() {
        let values = [
            serde_json::json!(null),
            serde_json::json!([]),
            serde_json::json!({}),
            serde_json::json!([[], {}, [1, [2, {"a": []}]], {"b": {}}]),
            serde_json::json!({"k": "line\nnext", "多": [1.5, true, null, "“引号”"], "e": {"x": {"y": [{}]}}}),
        ];
        for value in &values {
            let pretty = serde_json::to_string_pretty(value).unwrap_or_default();
            for levels in [0, 1, 2, 5, 40] {
                let moved = pretty.replace('\n', &format!("\n{}", "  ".repeat(levels)));
                assert_eq!(
                    to_string(value, levels).ok(),
                    Some(moved),
                    "{levels} {value}"
                );
            }
        }
    }
}
