//! What a [`Checker`](crate::Checker) is given to check: a file, bytes, or a document already
//! read (or built in code), each with the name its findings are reported under.

use std::io::Read;
use std::path::PathBuf;

use nianbao_model::Document;
use nianbao_read::{Indexed, Limits, ReadOptions, io_reason};

use crate::failure::Failure;

/// A report to check.
#[derive(Debug, Clone)]
pub enum Input {
    /// A file, read within the checker's file size limit and time budget.
    File(PathBuf),
    /// A file's bytes; `name` is shown in messages and is a hint for the format.
    Bytes {
        /// The file's content.
        bytes: Vec<u8>,
        /// Its name, e.g. the file name it was uploaded as.
        name: String,
    },
    /// A document already read, or built in code (the JSON document model).
    Document {
        /// The document.
        document: Document,
        /// Its name, shown in messages.
        name: String,
    },
}

impl Input {
    /// The name the input is reported under: the path as given, or the name given with it.
    pub fn name(&self) -> String {
        match self {
            Input::File(path) => path.display().to_string(),
            Input::Bytes { name, .. } | Input::Document { name, .. } => name.clone(),
        }
    }

    /// The document the input holds or reads to, and the index of its text's lines.
    pub(crate) fn into_indexed(self, limits: &Limits) -> Result<Indexed, Failure> {
        let (bytes, name) = match self {
            Input::Document { document, .. } => return Ok(Indexed::new(document)),
            Input::Bytes { bytes, name } => (bytes, Some(name)),
            Input::File(path) => {
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
                (file_bytes(&path, limits)?, name)
            }
        };
        let options = ReadOptions {
            name,
            limits: *limits,
        };
        nianbao_read::read_indexed(&bytes, &options).map_err(Failure::Read)
    }
}

/// The bytes of a file, unless it cannot be opened or exceeds the file size limit: the size
/// is checked before reading, and no more than the limit is read should the file grow
/// meanwhile.
fn file_bytes(path: &std::path::Path, limits: &Limits) -> Result<Vec<u8>, Failure> {
    let io = |error: std::io::Error| Failure::Io(io_reason(&error));
    // Opening a FIFO waits for a writer, forever: look before opening, and read only regular
    // files (a symbolic link to one is followed).
    let kind = std::fs::metadata(path).map_err(io)?;
    if !kind.is_file() && !kind.is_dir() {
        return Err(Failure::Io(
            "不是普通文件（可能是管道、设备或套接字），未读取".to_owned(),
        ));
    }
    let file = std::fs::File::open(path).map_err(io)?;
    let metadata = file.metadata().map_err(io)?;
    if metadata.is_dir() {
        return Err(io(std::io::Error::from(std::io::ErrorKind::IsADirectory)));
    }
    if metadata.len() > limits.file_size {
        return Err(Failure::Read(nianbao_read::oversized(
            metadata.len(),
            limits,
        )));
    }
    // Room for the whole file at once: read into an empty vector, a file is read 32 bytes
    // first and in doubling pieces, a dozen reads for a report of a few kilobytes.
    let room = usize::try_from(metadata.len().saturating_add(1)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(room);
    file.take(limits.file_size.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io)?;
    Ok(bytes)
}
