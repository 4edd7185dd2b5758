//! Finding input files and opening them: plain or gzip, never binary.
//!
//! Directories are walked in a stable, sorted order so that the same folder
//! always gives the same run. Gzip is recognised by its magic bytes, not by
//! the file name.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use walkdir::WalkDir;

use super::IngestError;

/// File name endings taken from a directory. A file named explicitly is
/// always read, whatever its name.
const INPUT_EXTENSIONS: [&str; 8] = [".dat", ".csv", ".txt", ".dat.gz", ".csv.gz", ".txt.gz", ".gz", ".tsv"];

/// Expands the paths the user gave into the list of files to read: files as
/// given, directories walked (sorted by name, hidden files skipped).
pub fn discover(paths: &[PathBuf]) -> Result<Vec<PathBuf>, IngestError> {
    if paths.is_empty() {
        return Err(IngestError::NoInputs);
    }
    let mut files = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            files.push(path.clone());
            continue;
        }
        let meta = std::fs::metadata(path).map_err(|source| IngestError::Open { path: path.clone(), source })?;
        if meta.is_dir() {
            let before = files.len();
            for entry in WalkDir::new(path).follow_links(true).sort_by_file_name() {
                let entry = entry.map_err(|err| IngestError::Walk { path: path.clone(), message: err.to_string() })?;
                let name = entry.file_name().to_string_lossy().to_ascii_lowercase();
                if entry.file_type().is_file()
                    && !name.starts_with('.')
                    && INPUT_EXTENSIONS.iter().any(|ext| name.ends_with(ext))
                {
                    files.push(entry.into_path());
                }
            }
            if files.len() == before {
                return Err(IngestError::EmptyDirectory { path: path.clone() });
            }
        } else if is_device(&meta) {
            // /dev/zero, /dev/random, a terminal: refused before any read.
            return Err(IngestError::Device { path: path.clone() });
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

/// Standard input (`-`) or a FIFO: copied, as it arrives, into a private
/// temporary file (removed when dropped) so it can be read like a file.
/// `Ok(None)` for anything else.
pub fn spool_stream(path: &Path) -> Result<Option<tempfile::NamedTempFile>, IngestError> {
    let open_err = |source| IngestError::Open { path: path.to_owned(), source };
    let stdin = path.as_os_str() == "-";
    if !stdin {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            let meta = std::fs::metadata(path).map_err(open_err)?;
            if !meta.file_type().is_fifo() {
                return Ok(None);
            }
        }
        #[cfg(not(unix))]
        return Ok(None);
    }
    let mut spool = tempfile::NamedTempFile::new().map_err(open_err)?;
    let copied = if stdin {
        std::io::copy(&mut std::io::stdin().lock(), spool.as_file_mut())
    } else {
        File::open(path).and_then(|mut fifo| std::io::copy(&mut fifo, spool.as_file_mut()))
    };
    copied.map_err(open_err)?;
    Ok(Some(spool))
}

/// A character or block device (not a regular file, directory or FIFO).
fn is_device(meta: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = meta.file_type();
        kind.is_char_device() || kind.is_block_device()
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        false
    }
}

/// What a file holds, judged from its first line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// DOJ research file (95 columns).
    Doj,
    /// The simple case-list CSV (header required).
    CaseList,
}

/// An opened input: decompressed if needed, with its format known.
pub struct Opened {
    pub reader: Box<dyn BufRead + Send>,
    pub format: Format,
    pub gzip: bool,
}

/// Lower-case hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}

/// SHA-256 of a whole file, hex.
pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut hasher = Sha256::new();
    let mut file = File::open(path)?;
    let mut buf = vec![0u8; 1 << 16];
    loop {
        match file.read(&mut buf)? {
            0 => return Ok(hex(&hasher.finalize())),
            n => hasher.update(&buf[..n]),
        }
    }
}

/// Opens a file, detects gzip and refuses binary content and UTF-16 text
/// (a byte-order mark `FF FE` or `FE FF`): it is refused by name, not
/// decoded, so that an office re-saves it as UTF-8 and every tool it uses
/// sees the same bytes.
///
/// Returns `Ok(None)` for an empty file (nothing to read, not an error).
pub fn open(path: &Path) -> Result<Option<Opened>, IngestError> {
    let open_err = |source| IngestError::Open { path: path.to_owned(), source };
    let mut raw = BufReader::with_capacity(1 << 16, File::open(path).map_err(open_err)?);
    let gzip = raw.fill_buf().map_err(open_err)?.starts_with(&[0x1f, 0x8b]);
    let mut inner: Box<dyn Read + Send> =
        if gzip { Box::new(flate2::bufread::MultiGzDecoder::new(raw)) } else { Box::new(raw) };
    // Peek at the start (decompressed) to refuse binary files and tell the format.
    let mut head = Vec::with_capacity(SNIFF);
    (&mut inner).take(SNIFF as u64).read_to_end(&mut head).map_err(|source| IngestError::Read {
        path: path.to_owned(),
        line: 1,
        message: describe_io(&source),
    })?;
    if head.is_empty() {
        return Ok(None);
    }
    if head.starts_with(&[0xff, 0xfe]) || head.starts_with(&[0xfe, 0xff]) {
        return Err(IngestError::Utf16 { path: path.to_owned() });
    }
    if looks_binary(&head) {
        return Err(IngestError::Binary { path: path.to_owned() });
    }
    let format = detect_format(&head);
    let reader = Box::new(BufReader::with_capacity(1 << 16, std::io::Cursor::new(head).chain(inner)));
    Ok(Some(Opened { reader, format, gzip }))
}

/// How much of a file's (decompressed) start is looked at to judge it.
const SNIFF: usize = 8192;

/// NUL bytes, or mostly control bytes, mean this is not a text file.
fn looks_binary(head: &[u8]) -> bool {
    if memchr::memchr(0, head).is_some() {
        return true;
    }
    let control = head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t')).count();
    control * 10 > head.len()
}

/// DOJ files start with a `RECORD_ID` header or have 95 fields a row; anything
/// else is treated as a case list (which must have a header).
fn detect_format(head: &[u8]) -> Format {
    let first_line = head.split(|&b| b == b'\n').next().unwrap_or(head);
    let upper = first_line.trim_ascii_start();
    if upper.len() >= 9 && upper[..9].eq_ignore_ascii_case(b"RECORD_ID") {
        return Format::Doj;
    }
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(first_line);
    let mut record = csv::ByteRecord::new();
    match reader.read_byte_record(&mut record) {
        Ok(true) if record.len() >= 90 => Format::Doj,
        _ => Format::CaseList,
    }
}

/// A one-line description of an I/O error, in terms a user can act on.
pub fn describe_io(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::UnexpectedEof => "the file ends early (truncated gzip?)".to_owned(),
        std::io::ErrorKind::InvalidInput | std::io::ErrorKind::InvalidData => {
            format!("the compressed data is corrupt ({err})")
        }
        _ => err.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_formats() {
        assert_eq!(detect_format(b"RECORD_ID,SUBJECT_STATUS"), Format::Doj);
        let row = vec!["x"; 95].join(",");
        assert_eq!(detect_format(row.as_bytes()), Format::Doj);
        assert_eq!(detect_format(b"person_id,name,dob\n1,A,B"), Format::CaseList);
    }

    #[test]
    fn binary_detection() {
        assert!(looks_binary(b"abc\0def"));
        assert!(looks_binary(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
        assert!(!looks_binary(b"a,b,c\r\nd,e,f\n"));
        assert!(!looks_binary("NÚÑEZ,JOSÉ".as_bytes()));
    }
}
