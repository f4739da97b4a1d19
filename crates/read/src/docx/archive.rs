//! The zip container of a .docx: opening it and reading parts with a cap on their
//! decompressed size, decoded to text.

use std::io::{Cursor, Read};

use zip::ZipArchive;
use zip::result::ZipError;

use super::damaged;
use crate::error::ReadError;
use crate::limits::{Exceeded, Limit, Limits, count};

/// The most a part's buffer is sized to in advance; a larger part grows it as it inflates.
const PREALLOCATE_AT_MOST: u64 = 8 * 1024 * 1024;

/// An opened .docx package, with what is left of the decompression budget.
#[derive(Debug)]
pub(super) struct Package<'b> {
    archive: ZipArchive<Cursor<&'b [u8]>>,
    /// Bytes that may still be decompressed (all parts together).
    budget: u64,
    /// The whole budget, for the message.
    limit: u64,
}

impl<'b> Package<'b> {
    /// Opens the zip container.
    ///
    /// # Errors
    ///
    /// Damage when the bytes are not a readable zip archive; a limit error when it holds more
    /// entries than [`Limits::zip_entries`].
    pub fn open(bytes: &'b [u8], limits: &Limits) -> Result<Self, ReadError> {
        let archive = ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| damaged(format!("zip 压缩包结构损坏（{e}）")))?;
        if archive.len() > limits.zip_entries {
            let exceeded = Exceeded::new(
                Limit::ZipEntries,
                Some(count(archive.len())),
                count(limits.zip_entries),
            );
            return Err(exceeded.whole());
        }
        Ok(Self {
            archive,
            budget: limits.unzipped_size,
            limit: limits.unzipped_size,
        })
    }

    /// Reads the part `name` as text; `Ok(None)` if the package has no such part.
    ///
    /// # Errors
    ///
    /// Damage when the part cannot be decompressed or is not UTF-8/UTF-16 text; a limit
    /// error when it would take the decompressed total past [`Limits::unzipped_size`] (the
    /// size the zip declares is checked first, then the bytes actually inflated).
    pub fn text(&mut self, name: &str) -> Result<Option<String>, ReadError> {
        let mut file = match self.archive.by_name(name) {
            Ok(file) => file,
            Err(ZipError::FileNotFound) => return Ok(None),
            Err(e) => return Err(damaged(format!("无法打开 {name}（{e}）"))),
        };
        let too_big = Exceeded::new(Limit::UnzippedSize, None, self.limit).whole();
        if file.size() > self.budget {
            return Err(too_big);
        }
        // Sized by what the zip declares (up to a cap a lying header cannot abuse): reading
        // into an empty vector grows it step by step, zeroing and copying each time.
        let declared = usize::try_from(file.size().min(PREALLOCATE_AT_MOST)).unwrap_or(0);
        let mut bytes = Vec::with_capacity(declared.saturating_add(1));
        let inflated = file
            .by_ref()
            .take(self.budget.saturating_add(1))
            .read_to_end(&mut bytes);
        drop(file);
        if let Err(e) = inflated {
            // A part that inflates past what it declares is a bomb when the truth is too big.
            return Err(if self.inflates_past_budget(name) {
                too_big
            } else {
                damaged(format!("{name} 解压失败（{e}）"))
            });
        }
        let read = count(bytes.len());
        if read > self.budget {
            return Err(too_big);
        }
        self.budget -= read;
        decode(name, bytes).map(Some).map_err(damaged)
    }
}

impl Package<'_> {
    /// Whether the part `name`, inflated without trusting the size the zip declares (zip stops
    /// at that size and calls the rest damage), goes past the remaining budget. The inflated
    /// bytes are counted, not kept.
    fn inflates_past_budget(&mut self, name: &str) -> bool {
        let Ok(raw) = self.archive.by_name_raw(name.as_bytes()) else {
            return false;
        };
        if raw.compression() != zip::CompressionMethod::Deflated {
            return false;
        }
        let mut inflated =
            flate2::read::DeflateDecoder::new(raw).take(self.budget.saturating_add(1));
        std::io::copy(&mut inflated, &mut std::io::sink()).is_ok_and(|n| n > self.budget)
    }
}

/// Decodes an XML part: UTF-8 (with or without BOM) or UTF-16 with a BOM.
fn decode(name: &str, bytes: Vec<u8>) -> Result<String, String> {
    if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(&bytes)
        && encoding != encoding_rs::UTF_8
    {
        let (text, _, errors) = encoding.decode(&bytes);
        return if errors {
            Err(format!("{name} 不是有效的 UTF-16 文本"))
        } else {
            Ok(text.into_owned())
        };
    }
    let mut bytes = bytes;
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    // The part's own buffer becomes the text: a part may be megabytes.
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "{name} 不是有效的 UTF-8 文本（第 {} 字节）",
            e.utf8_error().valid_up_to()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// UTF-8 with and without BOM and UTF-16 decode; broken UTF-8 is an error with its offset.
    #[test]
    fn decodes_parts() {
        let utf8 = decode("p", "<a>年</a>".as_bytes().to_vec());
        assert_eq!(utf8.as_deref(), Ok("<a>年</a>"));
        let bom = decode("p", b"\xEF\xBB\xBF<a/>".to_vec());
        assert_eq!(bom.as_deref(), Ok("<a/>"));
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("<a/>".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode("p", utf16).as_deref(), Ok("<a/>"));
        let broken = decode("word/document.xml", b"<a>\xC3</a>".to_vec());
        assert!(broken.is_err_and(|d| d.contains("第 3 字节")));
    }

    /// Bytes that are not a zip archive are reported, not a panic.
    #[test]
    fn refuses_non_zip() {
        assert!(Package::open(b"PK\x03\x04 not really", &Limits::default()).is_err());
        assert!(Package::open(b"", &Limits::default()).is_err());
    }
}
