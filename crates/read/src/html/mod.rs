//! HTML reader (in progress): finds the report inside a portal page and resolves its tables.

use nianbao_model::Block;

/// The charset an HTML file declares in `<meta charset>` or `http-equiv`, if any.
pub(crate) fn declared_charset(_bytes: &[u8]) -> Option<String> {
    None
}

/// Paragraphs and tables of decoded HTML, with spans into `text`.
pub(crate) fn read(_text: &str) -> Vec<Block> {
    Vec::new()
}
