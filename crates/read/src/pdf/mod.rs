//! PDF reader (in progress): text spans with positions, tables rebuilt from coordinates.

use nianbao_model::Document;

use crate::error::{ReadError, ReadErrorKind};

/// Reads a PDF with a text layer into a document whose text is a rendered text view.
pub(crate) fn read(_bytes: &[u8]) -> Result<Document, ReadError> {
    Err(ReadError::whole(ReadErrorKind::UnsupportedFormat {
        format: "PDF 文档".to_owned(),
        help: "PDF 读取器尚在开发中。请暂时提供报告的 .docx、.html 或文本文件".to_owned(),
    }))
}
