//! Writing output files safely: atomically (temporary name, then rename), so
//! a crash never leaves a half-written file that looks finished.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

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
        register_temp(&temp);
        let file = File::create(&temp).inspect_err(|_| unregister_temp(&temp))?;
        Ok(AtomicFile { temp, target: target.to_owned(), writer: Some(BufWriter::with_capacity(1 << 16, file)) })
    }

    /// Flushes, syncs and renames the file into place.
    pub fn commit(mut self) -> std::io::Result<()> {
        let writer = self.writer.take().expect("not yet committed");
        let file = writer.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&self.temp, &self.target)?;
        unregister_temp(&self.temp);
        Ok(())
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
            unregister_temp(&self.temp);
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

/// Appends one CSV record to `out`: every cell through [`spreadsheet_safe`]
/// (so no cell of any CSV the project writes starts a formula), quoted when
/// it holds a comma, quote or line break (RFC 4180, quotes doubled), and a
/// final `\n`. The one way the project writes CSV rows.
pub fn csv_record<S: AsRef<str>>(out: &mut Vec<u8>, fields: &[S]) {
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        let field = spreadsheet_safe(field.as_ref());
        if field.bytes().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r')) {
            out.push(b'"');
            for b in field.bytes() {
                if b == b'"' {
                    out.push(b'"');
                }
                out.push(b);
            }
            out.push(b'"');
        } else {
            out.extend_from_slice(field.as_bytes());
        }
    }
    out.push(b'\n');
}

/// A CSV file written atomically, every row through [`csv_record`].
pub struct CsvFile {
    file: AtomicFile,
    record: Vec<u8>,
}

impl CsvFile {
    /// Creates the file (under a temporary name) and writes the header.
    pub fn create<S: AsRef<str>>(target: &Path, header: &[S]) -> std::io::Result<CsvFile> {
        let mut csv = CsvFile { file: AtomicFile::create(target)?, record: Vec::with_capacity(512) };
        csv.write(header)?;
        Ok(csv)
    }

    pub fn write<S: AsRef<str>>(&mut self, fields: &[S]) -> std::io::Result<()> {
        self.record.clear();
        csv_record(&mut self.record, fields);
        self.file.write_all(&self.record)
    }

    pub fn commit(self) -> std::io::Result<()> {
        self.file.commit()
    }
}

/// Temporary files and folders this process is writing, removed on SIGINT
/// or SIGTERM (see [`remove_temps_on_signal`]).
static TEMPS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Records a temporary file or folder to remove if the run is interrupted.
pub fn register_temp(path: &Path) {
    if let Ok(mut temps) = TEMPS.lock() {
        temps.push(path.to_owned());
    }
}

/// The temporary path is gone or has been renamed into place.
pub fn unregister_temp(path: &Path) {
    if let Ok(mut temps) = TEMPS.lock()
        && let Some(at) = temps.iter().rposition(|p| p == path)
    {
        temps.swap_remove(at);
    }
}

fn remove_all(temps: &[PathBuf]) {
    for path in temps {
        if path.is_dir() {
            let _ = std::fs::remove_dir_all(path);
        } else {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// On SIGINT, SIGTERM or SIGHUP: removes the temporary files and exits
/// with status 130. The output folder keeps its `INCOMPLETE` marker. The
/// registry stays locked until exit, so no new temporary file is started;
/// one registered just before is removed by the second pass.
pub fn remove_temps_on_signal() {
    let _ = ctrlc::set_handler(|| {
        let temps = TEMPS.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        remove_all(&temps);
        std::thread::sleep(std::time::Duration::from_millis(30));
        remove_all(&temps);
        eprintln!("interrupted: temporary files removed; the output folder is marked INCOMPLETE");
        std::process::exit(130);
    });
}

/// The marker a run leaves in its output folder until every output is in place.
pub const INCOMPLETE: &str = "INCOMPLETE";

/// What a run does to its output folder before writing (see the README,
/// "Nothing lost"): removes what an interrupted run left (temporary files,
/// packet temp folders, an old marker), writes the `INCOMPLETE` marker, then
/// removes the outputs the run will not write again: `manifest.json`
/// always; `packets/` and `review.html` too when `replace_packets`
/// (`classify` and `run`; `packets` replaces `packets/` as a whole itself).
/// [`OutputFolder::finish`] removes the marker.
pub struct OutputFolder {
    marker: PathBuf,
}

impl OutputFolder {
    pub fn begin(dir: &Path, replace_packets: bool) -> std::io::Result<OutputFolder> {
        remove_leftovers(dir)?;
        let marker = dir.join(INCOMPLETE);
        // Written in place, not through a temporary file: the marker counts
        // from the moment it exists (even empty), and a kill can never leave
        // a temporary marker file without the marker.
        std::fs::write(
            &marker,
            b"A clearmotion run into this folder has not finished (it is running, was stopped or failed).\n\
              The files here are not one complete set: do not file from them. Run clearmotion again.\n",
        )?;
        let mut stale = vec![dir.join("manifest.json")];
        if replace_packets {
            stale.push(dir.join("review.html"));
            stale.push(dir.join("packets"));
            for name in ["already-filed.csv", "doj-follow-up.csv", "doj-follow-up.pdf"] {
                stale.push(dir.join(name));
            }
        }
        for path in stale {
            let removed = if path.is_dir() { std::fs::remove_dir_all(&path) } else { std::fs::remove_file(&path) };
            match removed {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
                _ => {}
            }
        }
        Ok(OutputFolder { marker })
    }

    /// Every output is in place: the marker goes.
    pub fn finish(self) -> std::io::Result<()> {
        std::fs::remove_file(&self.marker)
    }
}

/// Whether a name is a packet folder an interrupted `packets` step left.
fn is_packet_temp(name: &str) -> bool {
    name.starts_with(".packets-new-") || name.starts_with(".packets-old-")
}

/// Whether a name in an output folder is something an interrupted run left.
fn is_leftover(name: &str) -> bool {
    name == INCOMPLETE
        || is_packet_temp(name)
        || (name.starts_with('.')
            && (name.contains(".partial-")
                || name.starts_with(".determinations.arrival-")
                || name.starts_with(".sources.arrival-")))
}

/// Removes what interrupted runs left in `dir` and `dir/packets`.
pub fn remove_leftovers(dir: &Path) -> std::io::Result<()> {
    remove_matching(&[dir.to_owned(), dir.join("packets")], is_leftover)
}

/// Removes the packet folders an interrupted `packets` step left in `dir`.
pub fn remove_packet_temps(dir: &Path) -> std::io::Result<()> {
    remove_matching(&[dir.to_owned()], is_packet_temp)
}

fn remove_matching(folders: &[PathBuf], matches: fn(&str) -> bool) -> std::io::Result<()> {
    for folder in folders {
        let Ok(entries) = std::fs::read_dir(folder) else { continue };
        for entry in entries.flatten() {
            let name = entry.file_name();
            if !matches(&name.to_string_lossy()) {
                continue;
            }
            let path = entry.path();
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                std::fs::remove_dir_all(&path)?;
            } else {
                std::fs::remove_file(&path)?;
            }
        }
    }
    Ok(())
}

/// `rejects.csv`: file, line, field, reason — one row per rejected row or
/// unreadable part of a file. Written as rejects arrive.
pub struct RejectsCsv {
    writer: CsvFile,
}

impl RejectsCsv {
    pub const HEADER: [&'static str; 4] = ["file", "line", "field", "reason"];

    pub fn create(path: &Path) -> std::io::Result<RejectsCsv> {
        Ok(RejectsCsv { writer: CsvFile::create(path, &Self::HEADER)? })
    }

    pub fn write(&mut self, reject: &Reject) -> std::io::Result<()> {
        let line = if reject.line == 0 { String::new() } else { reject.line.to_string() };
        self.writer.write(&[reject.file.as_str(), &line, &reject.field, &reject.reason])
    }

    pub fn commit(self) -> std::io::Result<()> {
        self.writer.commit()
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
    fn csv_record_neutralises_every_cell_and_reads_back() {
        let cells = ["=HYPERLINK(\"x\")", "+cmd|' /C calc'!A0", "@SUM(1)", "-2+3", "\tx", "\rx", "plain, \"q\"", ""];
        let mut out = Vec::new();
        csv_record(&mut out, &cells);
        let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(out.as_slice());
        let record = reader.records().next().unwrap().unwrap();
        for (cell, text) in record.iter().zip(cells) {
            assert!(!matches!(cell.as_bytes().first(), Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')), "{cell:?}");
            assert_eq!(spreadsheet_literal(cell), text);
        }
    }

    #[test]
    fn output_folder_removes_leftovers_and_stale_outputs() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for name in [
            ".rejects.csv.partial-9",
            ".determinations.arrival-9.csv",
            ".sources.arrival-9.csv",
            "manifest.json",
            "review.html",
            "keep.csv",
        ] {
            std::fs::write(d.join(name), "x").unwrap();
        }
        std::fs::create_dir_all(d.join(".packets-new-9")).unwrap();
        std::fs::create_dir_all(d.join("packets")).unwrap();
        std::fs::write(d.join("packets/.index.csv.partial-9"), "x").unwrap();
        let folder = OutputFolder::begin(d, true).unwrap();
        let mut names: Vec<String> =
            std::fs::read_dir(d).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        assert_eq!(names, ["INCOMPLETE", "keep.csv"]);
        folder.finish().unwrap();
        assert!(!d.join(INCOMPLETE).exists());
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
