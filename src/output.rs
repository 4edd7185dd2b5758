//! Writing output files safely: atomically (temporary name, then rename), so
//! a crash never leaves a half-written file that looks finished.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::ingest::Reject;

/// A file being written under a temporary name in its final directory.
/// [`AtomicFile::commit`] renames it into place; dropping it without
/// committing removes the temporary file.
pub struct AtomicFile {
    temp: PathBuf,
    target: PathBuf,
    writer: Option<BufWriter<File>>,
}

impl AtomicFile {
    pub fn create(target: &Path) -> std::io::Result<AtomicFile> {
        let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let temp = target.with_file_name(format!(".{name}.partial-{}", std::process::id()));
        let file = File::create(&temp)?;
        Ok(AtomicFile { temp, target: target.to_owned(), writer: Some(BufWriter::with_capacity(1 << 16, file)) })
    }

    /// Flushes, syncs and renames the file into place.
    pub fn commit(mut self) -> std::io::Result<()> {
        let writer = self.writer.take().expect("not yet committed");
        let file = writer.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&self.temp, &self.target)
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.writer.as_mut().expect("not yet committed").write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.writer.as_mut().expect("not yet committed").flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.writer.take().is_some() {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

/// Writes a whole file atomically.
pub fn write_atomic(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = AtomicFile::create(target)?;
    file.write_all(bytes)?;
    file.commit()
}

/// A CSV cell that a spreadsheet will show as text, never run as a formula:
/// cells starting with `=`, `+`, `-`, `@`, tab or carriage return get a
/// leading apostrophe.
pub fn spreadsheet_safe(text: &str) -> std::borrow::Cow<'_, str> {
    match text.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => std::borrow::Cow::Owned(format!("'{text}")),
        _ => std::borrow::Cow::Borrowed(text),
    }
}

/// The text a person wrote, from a cell [`spreadsheet_safe`] wrote: the
/// leading apostrophe before `=`, `+`, `-`, `@`, tab or carriage return is
/// taken off; anything else is unchanged. (Text that itself began with
/// `'=` cannot be told from an escaped `=` and loses its apostrophe.)
pub fn spreadsheet_literal(cell: &str) -> &str {
    match cell.as_bytes() {
        [b'\'', b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r', ..] => &cell[1..],
        _ => cell,
    }
}

/// `rejects.csv`: file, line, field, reason — one row per rejected row or
/// unreadable part of a file. Written as rejects arrive.
pub struct RejectsCsv {
    writer: csv::Writer<AtomicFile>,
}

impl RejectsCsv {
    pub const HEADER: [&'static str; 4] = ["file", "line", "field", "reason"];

    pub fn create(path: &Path) -> std::io::Result<RejectsCsv> {
        let mut writer = csv::Writer::from_writer(AtomicFile::create(path)?);
        writer.write_record(Self::HEADER)?;
        Ok(RejectsCsv { writer })
    }

    pub fn write(&mut self, reject: &Reject) -> std::io::Result<()> {
        let line = if reject.line == 0 { String::new() } else { reject.line.to_string() };
        self.writer.write_record([reject.file.as_str(), &line, &reject.field, &reject.reason])?;
        Ok(())
    }

    pub fn commit(self) -> std::io::Result<()> {
        let file = self.writer.into_inner().map_err(|e| e.into_error())?;
        file.commit()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spreadsheet_cells_never_start_a_formula() {
        assert_eq!(spreadsheet_safe("=cmd()"), "'=cmd()");
        assert_eq!(spreadsheet_safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(spreadsheet_safe("-1"), "'-1");
        assert_eq!(spreadsheet_safe("DOE,JANE"), "DOE,JANE");
        assert_eq!(spreadsheet_safe(""), "");
    }

    #[test]
    fn spreadsheet_literal_undoes_spreadsheet_safe() {
        for text in ["=cmd()", "@SUM(A1)", "-1", "+1", "\tx", "\rx", "DOE,JANE", "'quoted'", "'", ""] {
            assert_eq!(spreadsheet_literal(&spreadsheet_safe(text)), text);
        }
    }

    #[test]
    fn uncommitted_file_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.csv");
        {
            let mut file = AtomicFile::create(&target).unwrap();
            file.write_all(b"half").unwrap();
        }
        assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none());
        let mut file = AtomicFile::create(&target).unwrap();
        file.write_all(b"whole").unwrap();
        file.commit().unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"whole");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
