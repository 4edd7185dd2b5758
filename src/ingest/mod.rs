//! Reading bulk inputs into people: DOJ research files and case-list CSVs.
//!
//! Reading is streaming: people are handed to a [`Sink`] one at a time, each
//! complete (every row of that person, from every file). Every row read is
//! accounted for exactly once: it becomes part of a person, is skipped with a
//! reason (headers, exact duplicates), or is rejected with file, line, field
//! and reason. [`ReadReport::reconciles`] checks the sum.
//!
//! This module never stops on a bad row and never puts a row's personal
//! data into an error message: a reject names the file, line and field.

pub mod caselist;
pub mod columns;
mod doj;
pub mod lines;
pub mod prescan;
pub mod source;
mod text;

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

use crate::model::Person;
pub use caselist::ColumnMapping;
pub use source::Format;
pub use text::decode;

/// Something that cannot be read at all. Row-level problems are [`Reject`]s.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("no input files were given")]
    NoInputs,
    #[error("{}: cannot open: {source}", path.display())]
    Open { path: PathBuf, source: std::io::Error },
    #[error("{}: cannot list the directory: {message}", path.display())]
    Walk { path: PathBuf, message: String },
    #[error("{}: the directory holds no input files (.dat, .csv, .txt, optionally .gz)", path.display())]
    EmptyDirectory { path: PathBuf },
    #[error("{}: this is a binary file, not a DOJ research file or case-list CSV", path.display())]
    Binary { path: PathBuf },
    #[error("{}: UTF-16 text: save it as UTF-8 (or Latin-1) and read it again", path.display())]
    Utf16 { path: PathBuf },
    #[error("{}: is a device, not a file or a pipe; name a file, a directory, a FIFO or `-` for standard input", path.display())]
    Device { path: PathBuf },
    #[error("{}:{line}: {message}", path.display())]
    Read { path: PathBuf, line: u64, message: String },
    #[error("{}: {message}", path.display())]
    Mapping { path: PathBuf, message: String },
    #[error("{}:{line}: {message}", path.display())]
    CaseListHeader { path: PathBuf, line: u64, message: String },
}

/// A row set aside: where it is and why. Never holds the row's content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reject {
    pub file: String,
    pub line: u64,
    pub field: String,
    pub reason: String,
}

/// Receives what the reader produces, in order.
pub trait Sink {
    /// One complete person.
    fn person(&mut self, person: Person);
    /// One rejected row (or unreadable part of a file).
    fn reject(&mut self, reject: Reject);
    /// The office's own records (case lists) come next, before any DOJ file;
    /// `doj_follows` says whether DOJ files are read after them.
    fn office_records(&mut self, _doj_follows: bool) {}
    /// `count` people of the office's records come next, one by one (room
    /// for them can be made at once).
    fn people_coming(&mut self, _count: usize) {}
    /// The DOJ files come next (after the office's records, if any).
    fn doj_records(&mut self) {}
    /// Reading is over: a sink that held people back hands them on now.
    fn end(&mut self) {}
    /// Something to show every DOJ row during the pre-scan (after the
    /// office's records are read, before the DOJ people come).
    fn watch(&mut self) -> Option<&mut dyn prescan::Watch> {
        None
    }
}

/// How to read.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Column mapping for case-list CSVs that use their own column names.
    pub mapping: Option<ColumnMapping>,
    /// Report progress on standard error (rows read).
    pub progress: bool,
}

/// What happened to one input file.
#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    pub path: String,
    pub format: Option<Format>,
    pub gzip: bool,
    /// Physical lines read (for a case list: lines covered by its records).
    pub rows: u64,
    /// Lines that became part of a person.
    pub modeled: u64,
    pub skipped: u64,
    pub rejected: u64,
    /// Rows with bytes that are not UTF-8, read as Latin-1.
    pub latin1_rows: u64,
    /// Why the file (or its end) could not be read, if so.
    pub error: Option<String>,
    /// SHA-256 of the file's bytes, hex.
    pub sha256: String,
}

/// Totals of a read. `rows = modeled + skipped + rejected` when it reconciles.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ReadReport {
    pub files: Vec<FileReport>,
    /// Records read (data rows and header rows).
    pub rows: u64,
    /// Rows that became part of a person.
    pub modeled: u64,
    /// Rows skipped on purpose, by reason.
    pub skipped: BTreeMap<String, u64>,
    /// Rows rejected (listed in rejects).
    pub rejected: u64,
    /// File-level problems (unreadable tail of a file, ...), also listed in rejects.
    pub file_errors: u64,
    pub people: u64,
    pub latin1_rows: u64,
    /// People whose rows came in more than one run (not contiguous, or split across files).
    pub split_people: u64,
}

impl ReadReport {
    pub fn skipped_total(&self) -> u64 {
        self.skipped.values().sum()
    }

    /// Every row is modeled, skipped or rejected.
    pub fn reconciles(&self) -> bool {
        self.rows == self.modeled + self.skipped_total() + self.rejected
    }

    /// True when nothing usable was read.
    pub fn is_empty(&self) -> bool {
        self.people == 0
    }

    /// The files that could not be read to their end (or at all).
    pub fn not_fully_read(&self) -> Vec<&FileReport> {
        self.files.iter().filter(|file| file.error.is_some()).collect()
    }

    /// Display names of the input files, indexed like [`crate::model::SourceRef::file`].
    pub fn file_names(&self) -> Vec<&str> {
        self.files.iter().map(|file| file.path.as_str()).collect()
    }
}

/// Reads every input (files and directories), handing complete people to `sink`.
///
/// Fails only when the inputs cannot be found or opened at all; row and
/// file-content problems are rejects, and reading goes on.
pub fn read(inputs: &[PathBuf], options: &ReadOptions, sink: &mut dyn Sink) -> Result<ReadReport, IngestError> {
    let given = source::discover(inputs)?;
    // Names as the user gave them; streams (stdin `-`, a FIFO) are copied,
    // as they arrive, into a private temporary file that is read like any
    // other and removed when the read ends (the reader passes over a file
    // more than once). Gzip is still recognised by content.
    let names: Vec<String> = given.iter().map(|path| path.display().to_string()).collect();
    let mut spools = Vec::new();
    let mut files = Vec::with_capacity(given.len());
    for path in &given {
        match source::spool_stream(path)? {
            Some(spool) => {
                files.push(spool.path().to_owned());
                spools.push(spool);
            }
            None => files.push(path.clone()),
        }
    }
    let rename = |err: IngestError| rename_error(err, &files, &given);
    let files = &files;
    // Hash every input on a thread of its own: it fills the gaps the two
    // reading threads leave, instead of slowing either. Joined on every path.
    std::thread::scope(|scope| {
        let hashes = std::thread::Builder::new()
            .name("hash".to_owned())
            .spawn_scoped(scope, || {
                files.iter().map(|path| source::sha256_file(path).unwrap_or_default()).collect::<Vec<_>>()
            })
            .map_err(|e| IngestError::Read {
                path: PathBuf::new(),
                line: 0,
                message: format!("cannot start a thread: {e}"),
            })?;
        let result = read_files(files, &names, options, sink).map_err(rename);
        let hashes = hashes.join().unwrap_or_default();
        result.map(|mut report| {
            for (file, hash) in report.files.iter_mut().zip(hashes) {
                file.sha256 = hash;
            }
            report
        })
    })
}

/// Reads the discovered files (see [`read`]).
fn read_files(
    files: &[PathBuf],
    names: &[String],
    options: &ReadOptions,
    sink: &mut dyn Sink,
) -> Result<ReadReport, IngestError> {
    let mut report = ReadReport::default();
    let mut opened = Vec::with_capacity(files.len());
    for (path, name) in files.iter().zip(names) {
        let display = name.clone();
        match source::open(path) {
            Ok(file) => {
                report.files.push(FileReport {
                    path: display,
                    format: file.as_ref().map(|f| f.format),
                    gzip: file.as_ref().is_some_and(|f| f.gzip),
                    rows: 0,
                    modeled: 0,
                    skipped: 0,
                    rejected: 0,
                    latin1_rows: 0,
                    error: None,
                    sha256: String::new(),
                });
                opened.push(file.map(|f| f.format));
            }
            Err(
                err @ (IngestError::Open { .. }
                | IngestError::Binary { .. }
                | IngestError::Utf16 { .. }
                | IngestError::Read { .. }),
            ) => {
                // One bad file among several does not stop the run; alone, it does.
                if files.len() == 1 {
                    return Err(err);
                }
                let message = match &err {
                    IngestError::Read { message, .. } => message.clone(),
                    IngestError::Binary { .. } => {
                        "not read at all (last line read: none): binary file, not a DOJ research file or case list"
                            .to_owned()
                    }
                    IngestError::Utf16 { .. } => {
                        "not read at all (last line read: none): UTF-16 text: save it as UTF-8".to_owned()
                    }
                    other => other.to_string(),
                };
                report.files.push(FileReport {
                    path: display.clone(),
                    format: None,
                    gzip: false,
                    rows: 0,
                    modeled: 0,
                    skipped: 0,
                    rejected: 0,
                    latin1_rows: 0,
                    error: Some(message.clone()),
                    sha256: String::new(),
                });
                report.file_errors += 1;
                sink.reject(Reject { file: display, line: 0, field: String::new(), reason: message });
                opened.push(None);
            }
            Err(other) => return Err(other),
        }
    }

    let doj_files: Vec<(usize, &PathBuf)> =
        files.iter().enumerate().filter(|(index, _)| opened[*index] == Some(Format::Doj)).collect();
    // The office's own records first: a sink matching them to DOJ people
    // holds them (they are small) while the DOJ files stream past.
    let any_case_list = opened.contains(&Some(Format::CaseList));
    if any_case_list {
        sink.office_records(!doj_files.is_empty());
    }
    for (index, path) in files.iter().enumerate() {
        if opened[index] == Some(Format::CaseList)
            && let Err(err) = caselist::read_file(index as u32, path, options.mapping.as_ref(), &mut report, sink)
        {
            // A file that is neither format stops a run of one file; among several it is listed.
            if files.len() == 1 {
                return Err(err);
            }
            let message = err.to_string();
            let reason = message
                .strip_prefix(&format!("{}:1: ", path.display()))
                .or_else(|| message.strip_prefix(&format!("{}:1: ", names[index])))
                .unwrap_or(&message)
                .to_owned();
            report.file_errors += 1;
            report.files[index].error = Some(reason.clone());
            sink.reject(Reject { file: report.files[index].path.clone(), line: 1, field: String::new(), reason });
        }
    }
    if !doj_files.is_empty() {
        sink.doj_records();
        doj::read_all(&doj_files, options, &mut report, sink)?;
    }
    sink.end();
    Ok(report)
}

/// An error about a spooled stream, naming the stream as the user gave it.
fn rename_error(err: IngestError, read: &[PathBuf], given: &[PathBuf]) -> IngestError {
    let name = |path: PathBuf| read.iter().position(|p| *p == path).map_or(path, |i| given[i].clone());
    match err {
        IngestError::Open { path, source } => IngestError::Open { path: name(path), source },
        IngestError::Binary { path } => IngestError::Binary { path: name(path) },
        IngestError::Utf16 { path } => IngestError::Utf16 { path: name(path) },
        IngestError::Read { path, line, message } => IngestError::Read { path: name(path), line, message },
        IngestError::Mapping { path, message } => IngestError::Mapping { path: name(path), message },
        IngestError::CaseListHeader { path, line, message } => {
            IngestError::CaseListHeader { path: name(path), line, message }
        }
        other => other,
    }
}

/// Text made safe for a terminal: every control character (escape codes,
/// backspace, carriage return, ...) is shown escaped (`\u{1b}`), so data in a
/// message cannot move the cursor, clear the screen or set a window title.
/// Newlines and tabs are kept when `keep_lines` is true (multi-line reports).
pub fn terminal_safe(text: &str, keep_lines: bool) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() && !(keep_lines && (c == '\n' || c == '\t'));
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A [`Sink`] that keeps everything, for tests and small inputs.
#[derive(Debug, Default)]
pub struct Collect {
    pub people: Vec<Person>,
    pub rejects: Vec<Reject>,
}

impl Sink for Collect {
    fn person(&mut self, person: Person) {
        self.people.push(person);
    }

    fn reject(&mut self, reject: Reject) {
        self.rejects.push(reject);
    }
}

#[cfg(test)]
mod tests {
    use super::terminal_safe;

    #[test]
    fn escapes_control_characters() {
        assert_eq!(terminal_safe("CASC \u{1b}]0;pwned\u{7}\u{1b}[2J", false), "CASC \\u{1b}]0;pwned\\u{7}\\u{1b}[2J");
        assert_eq!(terminal_safe("a\nb\tc\r", true), "a\nb\tc\\u{d}");
        assert_eq!(terminal_safe("a\nb", false), "a\\u{a}b");
        assert_eq!(terminal_safe("NÚÑEZ", false), "NÚÑEZ");
        assert_eq!(terminal_safe("x\u{9b}31m", false), "x\\u{9b}31m");
    }
}
