//! Word 97–2003 `.doc` reader (also a `.wps` saved in that format), through office_oxide.
//!
//! The file is opened as `.doc` whatever its name (the sniffer found the OLE container), turned
//! into office_oxide's document model and mapped to the same flattened text view as the `.docx`
//! reader (see [`render`]), so binding works unchanged:
//!
//! * Body paragraphs, headings, list items and tables in document order; headers, footers,
//!   notes, comments, text boxes and images are left out, as the `.docx` reader does.
//! * Merged cells as the flattened text shows them (see [`tree`]): a cell spanning columns
//!   appears once; a vertical-merge continuation appears as an empty cell.
//! * A table nested in a cell follows the table holding it; a one-cell table that frames other
//!   content is read as body content.
//!
//! Anything office_oxide could not read (a lost part, cut text) is a damaged file, never
//! content; a panic inside the crate is contained and reported the same way. An OLE file that
//! is not a Word document (a Kingsoft `.wps`, an `.xls`) is an unsupported format with how to
//! convert it.

mod tree;

use std::io::Cursor;
use std::panic::{AssertUnwindSafe, catch_unwind};

use nianbao_model::Document;
use office_oxide::cfb::CfbReader;
use office_oxide::doc::DocError;
use office_oxide::{DocumentFormat, OfficeError};

use crate::error::{ReadError, ReadErrorKind};

/// The format named in errors.
const FORMAT: &str = "Word 97–2003 文档（.doc）";

/// How to convert a file this reader cannot read.
const CONVERT: &str = "请先转换为 .docx：soffice --headless --convert-to docx 文件名，\
                       或用 Word/WPS 打开后另存为 .docx";

/// Reads an OLE compound file as a Word 97–2003 document.
pub(crate) fn read(bytes: &[u8]) -> Result<Document, ReadError> {
    match catch_unwind(AssertUnwindSafe(|| convert(bytes))) {
        Ok(result) => result,
        Err(payload) => {
            let why = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(damaged(format!("读取时出现内部错误（{why}）")))
        }
    }
}

/// Opens, checks and converts the document (may panic inside office_oxide).
fn convert(bytes: &[u8]) -> Result<Document, ReadError> {
    let cursor = Cursor::new(bytes.to_vec());
    let document = office_oxide::Document::from_reader(cursor, DocumentFormat::Doc)
        .map_err(|error| open_error(error, bytes))?;
    // A .doc-named container may hold another legacy Office file; office_oxide then reads that.
    match document.format() {
        // (office_oxide never answers Docx for a Doc request; its model would read the same.)
        DocumentFormat::Doc | DocumentFormat::Docx => {}
        DocumentFormat::Xls | DocumentFormat::Xlsx => {
            return Err(unsupported("Excel 表格（.xls）", NOT_A_REPORT));
        }
        DocumentFormat::Ppt | DocumentFormat::Pptx => {
            return Err(unsupported("PowerPoint 演示文稿（.ppt）", NOT_A_REPORT));
        }
    }
    let losses: Vec<String> = document
        .damage()
        .iter()
        .filter(|damage| damage.is_loss())
        .take(3)
        .map(ToString::to_string)
        .collect();
    if !losses.is_empty() {
        return Err(damaged(format!(
            "部分内容无法读取（{}）",
            losses.join("；")
        )));
    }
    let ir = document.to_ir();
    let body = tree::build(&ir).map_err(damaged)?;
    Ok(crate::docx::render::document(
        &body,
        nianbao_model::SourceFormat::Doc,
    ))
}

/// What to give instead of a file that is not a report document.
const NOT_A_REPORT: &str = "请提供年度报告本身的 Word（.docx、.doc）、PDF 或网页文件";

/// Maps an open failure: a sound container that is not a Word 97 document is a format to
/// convert, everything else a damaged file.
fn open_error(error: OfficeError, bytes: &[u8]) -> ReadError {
    match error {
        OfficeError::Doc(DocError::MissingStream(_)) if !may_be_word(bytes) => unsupported(
            "旧版 WPS 文字或其他 OLE 复合文档（不含 Word 97–2003 正文）",
            CONVERT,
        ),
        OfficeError::Doc(DocError::UnsupportedVersion(version)) => {
            unsupported(&format!("早期版本的 Word 文档（{version}）"), CONVERT)
        }
        OfficeError::Doc(DocError::Encrypted) => unsupported(
            "加密的 Word 文档",
            "请在 Word/WPS 中取消密码后另存为 .docx 再检查",
        ),
        other => damaged(format!("文件结构不完整（{other}）")),
    }
}

/// Whether the container might be a Word document: unless it reads cleanly and lists its
/// streams without a Word document among them (a truncated file whose directory is lost is
/// damaged, not another format).
fn may_be_word(bytes: &[u8]) -> bool {
    match CfbReader::new(Cursor::new(bytes)) {
        Ok(cfb) => {
            cfb.has_stream("WordDocument") || cfb.entries().len() < 2 || !cfb.warnings().is_empty()
        }
        Err(_) => true,
    }
}

fn unsupported(format: &str, help: &str) -> ReadError {
    ReadError::whole(ReadErrorKind::UnsupportedFormat {
        format: format.to_owned(),
        help: help.to_owned(),
    })
}

fn damaged(detail: String) -> ReadError {
    ReadError::whole(ReadErrorKind::Damaged {
        format: FORMAT,
        detail,
    })
}

#[cfg(test)]
mod tests;
