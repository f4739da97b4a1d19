//! .docx reader (in progress): paragraphs and tables of word/document.xml, rendered as a text view.

use nianbao_model::Document;

use crate::error::{ReadError, ReadErrorKind};

/// Reads a .docx file into a document whose text is the flattened text view.
pub(crate) fn read(_bytes: &[u8]) -> Result<Document, ReadError> {
    Err(ReadError::whole(ReadErrorKind::UnsupportedFormat {
        format: "Word 文档（.docx）".to_owned(),
        help: "Word 读取器尚在开发中。请暂时用 Word 另存为 UTF-8 纯文本（.txt）".to_owned(),
    }))
}
