//! A batch's carries kept on disk: what comparing reports needs of each report is written to
//! a temporary file as soon as the report is checked, and only its [`Brief`] stays in memory
//! (a few hundred bytes), so a batch's memory does not grow with its size. A carry is read
//! back when its report is compared.
//!
//! The file is made in the system's temporary directory (`TMPDIR`, or `TMP`/`TEMP` on
//! Windows) and removed when the shelf is dropped (on Unix at once, while it stays open).
//! Without a usable directory, or when a write fails, the carries stay in memory.

mod record;

use std::borrow::Cow;
use std::fs::File;
use std::io::{Seek, SeekFrom, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::kept::{Brief, Kept};
use crate::years::Carry;

/// The carries of a batch, by input index.
#[derive(Debug, Default)]
pub struct Shelf {
    slots: Vec<Option<Slot>>,
    file: Option<Spill>,
    /// Carries that could not be read back from the file.
    lost: AtomicUsize,
}

#[derive(Debug)]
struct Slot {
    name: String,
    agency: Option<String>,
    year: Option<i32>,
    template: String,
    hashes: Box<[u64]>,
    place: Place,
}

#[derive(Debug)]
enum Place {
    Memory(Box<Carry>),
    /// Bytes `len` at `at` in the file.
    File {
        at: u64,
        len: usize,
    },
}

#[derive(Debug)]
struct Spill {
    /// Read back from several threads at once, each at its own place (no shared cursor, no
    /// lock: three comparing threads waited on one).
    file: Spilled,
    /// Removes the file after it is closed (declared after `file`, so dropped after it), where
    /// it could not be removed while open.
    _removal: Option<Removal>,
}

/// The file and the records written but not yet in it: they are written together, a write
/// call per record was a system call for every report of a batch.
#[derive(Debug)]
struct Spilled {
    file: File,
    /// The records after `pending_at`, in order. When writing them fails they stay here, read
    /// from memory: nothing is lost.
    pending: Vec<u8>,
    /// Where `pending` goes in the file: the file's end.
    pending_at: u64,
}

/// How many bytes of records wait before they are written (a few hundred reports' worth).
const PENDING: usize = 1 << 20;

/// A path removed when dropped.
#[derive(Debug)]
struct Removal(PathBuf);

impl Drop for Removal {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

impl Shelf {
    /// A shelf that writes carries to a temporary file.
    pub fn on_disk() -> Self {
        Shelf {
            file: Spill::create(),
            ..Shelf::default()
        }
    }

    /// A shelf that keeps every carry in memory.
    pub fn in_memory() -> Self {
        Shelf::default()
    }

    /// Keeps the next input index's carry (`None` for a report not checked).
    pub fn push(&mut self, carry: Option<Carry>) {
        let slot = carry.map(|carry| {
            let brief = carry.brief();
            let (name, agency, year, template) = (
                brief.name.to_owned(),
                brief.agency.map(str::to_owned),
                brief.year,
                brief.template.to_owned(),
            );
            let hashes = brief.hashes.into_owned().into_boxed_slice();
            let place = match self.file.as_mut().and_then(|file| file.write(&carry)) {
                Some((at, len)) => Place::File { at, len },
                None => Place::Memory(Box::new(carry)),
            };
            Slot {
                name,
                agency,
                year,
                template,
                hashes,
                place,
            }
        });
        self.slots.push(slot);
    }

    /// How many kept carries could not be read back from the file (their comparisons were
    /// not made).
    pub fn lost(&self) -> usize {
        self.lost.load(Ordering::Relaxed)
    }

    /// Whether carries go to a file (rather than memory).
    pub fn is_on_disk(&self) -> bool {
        self.file.is_some()
    }

    /// The carry at `at`: as kept in memory, or read back from the file by `decode`.
    fn read_back(&self, at: usize, decode: fn(&[u8]) -> Option<Carry>) -> Option<Cow<'_, Carry>> {
        match &self.slots.get(at)?.as_ref()?.place {
            Place::Memory(carry) => Some(Cow::Borrowed(carry)),
            Place::File { at, len } => {
                let read = self
                    .file
                    .as_ref()
                    .and_then(|file| file.read(*at, *len, decode));
                if read.is_none() {
                    self.lost.fetch_add(1, Ordering::Relaxed);
                }
                read.map(Cow::Owned)
            }
        }
    }
}

impl Kept for Shelf {
    fn slots(&self) -> usize {
        self.slots.len()
    }

    fn brief(&self, at: usize) -> Option<Brief<'_>> {
        let slot = self.slots.get(at)?.as_ref()?;
        Some(Brief {
            name: &slot.name,
            agency: slot.agency.as_deref(),
            year: slot.year,
            template: &slot.template,
            hashes: Cow::Borrowed(&slot.hashes),
        })
    }

    fn carry(&self, at: usize) -> Option<Cow<'_, Carry>> {
        self.read_back(at, record::decode)
    }

    fn carry_without_tables(&self, at: usize) -> Option<Cow<'_, Carry>> {
        self.read_back(at, record::decode_without_tables)
    }
}

impl Spill {
    fn create() -> Option<Spill> {
        // Where a file cannot be read at a place without moving a shared cursor, the
        // carries stay in memory.
        if !cfg!(any(unix, windows)) {
            return None;
        }
        let dir = std::env::temp_dir();
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        for attempt in 0..8u32 {
            let path = dir.join(format!(
                "nianbao-{}-{stamp}-{attempt}.carries",
                std::process::id()
            ));
            let Ok(file) = File::options()
                .read(true)
                .write(true)
                .create_new(true)
                .open(&path)
            else {
                continue;
            };
            // Unix lets an open file be removed: nothing is left behind, even on a crash.
            let removal = if cfg!(unix) && std::fs::remove_file(&path).is_ok() {
                None
            } else {
                Some(Removal(path))
            };
            return Some(Spill {
                file: Spilled {
                    file,
                    pending: Vec::with_capacity(PENDING),
                    pending_at: 0,
                },
                _removal: removal,
            });
        }
        None
    }

    /// Appends `carry`; where it is, or `None` if it was not encoded.
    fn write(&mut self, carry: &Carry) -> Option<(u64, usize)> {
        let spilled = &mut self.file;
        // Written out when nearly full: a record (a few kilobytes) rarely takes the waiting
        // ones past their room.
        if spilled.pending.len() > PENDING - PENDING / 8 {
            spilled.flush();
        }
        // The next record's place: after those in the file and those waiting.
        let start = spilled.pending.len();
        let at = spilled.pending_at + u64::try_from(start).ok()?;
        record::encode_into(carry, &mut spilled.pending)?;
        Some((at, spilled.pending.len() - start))
    }

    fn read(&self, at: u64, len: usize, decode: fn(&[u8]) -> Option<Carry>) -> Option<Carry> {
        let spilled = &self.file;
        if at >= spilled.pending_at {
            let start = usize::try_from(at - spilled.pending_at).ok()?;
            return decode(spilled.pending.get(start..start.checked_add(len)?)?);
        }
        let mut bytes = vec![0; len];
        read_at(&spilled.file, &mut bytes, at).ok()?;
        decode(&bytes)
    }
}

/// Fills `bytes` from `file` at `at`, without moving a cursor other threads read with.
#[cfg(unix)]
fn read_at(file: &File, bytes: &mut [u8], at: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, bytes, at)
}

/// Fills `bytes` from `file` at `at`: each read says where it starts.
#[cfg(windows)]
fn read_at(file: &File, mut bytes: &mut [u8], mut at: u64) -> std::io::Result<()> {
    while !bytes.is_empty() {
        match std::os::windows::fs::FileExt::seek_read(file, bytes, at) {
            Ok(0) => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            Ok(read) => {
                bytes = std::mem::take(&mut bytes)
                    .get_mut(read..)
                    .unwrap_or_default();
                at = at.saturating_add(u64::try_from(read).unwrap_or(u64::MAX));
            }
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    Ok(())
}

/// No file is used here ([`Spill::create`]).
#[cfg(not(any(unix, windows)))]
fn read_at(_: &File, _: &mut [u8], _: u64) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

impl Spilled {
    /// Writes the pending records at the file's end; they stay pending if that fails.
    fn flush(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let written = self.file.seek(SeekFrom::Start(self.pending_at)).is_ok()
            && self.file.write_all(&self.pending).is_ok();
        if let (true, Ok(len)) = (written, u64::try_from(self.pending.len())) {
            self.pending_at += len;
            self.pending.clear();
        }
    }
}

#[cfg(test)]
mod tests;
