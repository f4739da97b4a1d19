//! The zip container of a .docx: opening it and reading parts with a cap on their
//! decompressed size, decoded to text.

use std::io::{Cursor, Read};

use zip::ZipArchive;
use zip::result::ZipError;

/// An opened .docx package.
#[derive(Debug)]
pub(super) struct Package<'b> {
    archive: ZipArchive<Cursor<&'b [u8]>>,
}

impl<'b> Package<'b> {
    /// Opens the zip container.
    ///
    /// # Errors
    ///
    /// Detail text when the bytes are not a readable zip archive.
    pub fn open(bytes: &'b [u8]) -> Result<Self, String> {
        ZipArchive::new(Cursor::new(bytes))
            .map(|archive| Self { archive })
            .map_err(|e| format!("zip 压缩包结构损坏（{e}）"))
    }

    /// Reads the part `name` as text; `Ok(None)` if the package has no such part.
    ///
    /// # Errors
    ///
    /// Detail text when the part cannot be decompressed, decompresses to more than `limit`
    /// bytes, or is not UTF-8/UTF-16 text.
    pub fn text(&mut self, name: &str, limit: u64) -> Result<Option<String>, String> {
        let mut file = match self.archive.by_name(name) {
            Ok(file) => file,
            Err(ZipError::FileNotFound) => return Ok(None),
            Err(e) => return Err(format!("无法打开 {name}（{e}）")),
        };
        let too_big = || {
            format!(
                "{name} 解压后超过 {} MB 的上限，不像是正常的报告",
                limit / 1_000_000
            )
        };
        if file.size() > limit {
            return Err(too_big());
        }
        let mut bytes = Vec::new();
        file.by_ref()
            .take(limit.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|e| format!("{name} 解压失败（{e}）"))?;
        if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > limit {
            return Err(too_big());
        }
        decode(name, bytes).map(Some)
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
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    match std::str::from_utf8(body) {
        Ok(text) => Ok(text.to_owned()),
        Err(e) => Err(format!(
            "{name} 不是有效的 UTF-8 文本（第 {} 字节）",
            e.valid_up_to()
        )),
    }
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
        assert!(Package::open(b"PK\x03\x04 not really").is_err());
        assert!(Package::open(b"").is_err());
    }
}
