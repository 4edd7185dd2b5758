//! A fast first pass over DOJ files that counts, per person, how many
//! separate runs of rows they have.
//!
//! With it the reader can hand a person on as soon as their last run ends:
//! for the usual person-contiguous file that is at the end of every run, so
//! memory stays flat however large the file; a person split across the file
//! (or across files) is held only until their last row is read.
//!
//! The scanner splits and parses physical lines with the same code as the
//! full read, and looks only at the third field.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::BufRead;

use super::columns as col;
use super::lines::{Fields, LineKind, LineParser, Lines};

/// Number of runs per subject (keyed by [`subject_key`]).
#[derive(Debug, Default)]
pub struct RunCounts {
    runs: HashMap<u64, u32, BuildHasherDefault<KeyHasher>>,
    last: Option<u64>,
    /// Subjects seen with each CII (by [`subject_key`] of the CII field).
    cii: HashMap<u64, Vec<u64>, BuildHasherDefault<KeyHasher>>,
    last_cii: Option<u64>,
    /// Records seen (including headers), for progress reporting.
    pub records: u64,
}

impl RunCounts {
    /// Starts a new file: a run never continues across files.
    pub fn start_file(&mut self) {
        self.last = None;
        self.last_cii = None;
    }

    fn observe(&mut self, key: u64, cii: Option<u64>) {
        self.records += 1;
        if self.last != Some(key) {
            *self.runs.entry(key).or_insert(0) += 1;
            self.last = Some(key);
            // The CII last seen belongs to this run only.
            self.last_cii = None;
        }
        if let Some(cii) = cii
            && self.last_cii != Some(cii)
        {
            let subjects = self.cii.entry(cii).or_default();
            if !subjects.contains(&key) {
                subjects.push(key);
            }
            self.last_cii = Some(cii);
        }
    }

    /// How many subjects the scan saw with this CII (0 for a blank one or
    /// one never seen).
    pub fn cii_subjects(&self, cii: &str) -> u32 {
        cii_key(cii.as_bytes()).and_then(|key| self.cii.get(&key)).map_or(0, |subjects| subjects.len() as u32)
    }

    /// Marks the end of one run of `key`; returns true when that was the last.
    /// A key the scan never saw (or saw fewer times) counts as finished.
    pub fn finish_run(&mut self, key: u64) -> bool {
        match self.runs.get_mut(&key) {
            Some(left) if *left > 1 => {
                *left -= 1;
                false
            }
            Some(left) => {
                *left = 0;
                true
            }
            None => true,
        }
    }

    /// Distinct subjects seen.
    pub fn subjects(&self) -> usize {
        self.runs.len()
    }
}

/// The keys are already hashes: use them as they are.
#[derive(Debug, Default)]
pub struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, key: u64) {
        self.0 = key;
    }
}

/// Hash of a subject id: quote characters and surrounding spaces ignored, so
/// the scanner (which sees the raw field) and the real parse agree.
pub fn subject_key(bytes: &[u8]) -> u64 {
    // FNV-1a, 64-bit: tiny, deterministic, fast for 8-byte ids.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let is_edge = |b: &u8| b.is_ascii_whitespace() || *b == b'"';
    let start = bytes.iter().position(|b| !is_edge(b)).unwrap_or(bytes.len());
    let end = bytes.iter().rposition(|b| !is_edge(b)).map_or(start, |i| i + 1);
    for &b in &bytes[start..end] {
        if b != b'"' {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    hash
}

/// Hash of a CII field, `None` when blank.
fn cii_key(bytes: &[u8]) -> Option<u64> {
    let trimmed = bytes.trim_ascii();
    (!trimmed.is_empty() && trimmed.iter().any(|b| *b != b'"')).then(|| subject_key(trimmed))
}

/// Looks at every DOJ row during the pre-scan on a sink's behalf (the
/// reconciler of the office's records, to know before the full read which
/// DOJ subjects may match each office person).
pub trait Watch {
    /// One row the scan could parse (any row: the full read may still set it aside).
    fn row(&mut self, row: &ScannedRow<'_>);
    /// The scan is over; `complete` is false when a file could not be
    /// scanned to its end (what was seen is then not the whole input).
    fn finish(&mut self, complete: bool);
}

/// A DOJ row as the pre-scan parsed it: the fields that identify a person,
/// read as the full read reads them (see `doj::State::row`).
pub struct ScannedRow<'a> {
    /// The subject's [`subject_key`].
    pub subject: u64,
    fields: &'a Fields,
}

impl<'a> ScannedRow<'a> {
    fn field(&self, column: usize) -> &'a [u8] {
        self.fields.get(column).unwrap_or(b"").trim_ascii()
    }

    /// The CII field, as text.
    pub fn cii(&self) -> std::borrow::Cow<'a, str> {
        super::text::decode(self.field(col::CII_NUMBER))
    }

    /// The row's names (primary and as requested), non-blank.
    pub fn names(&self) -> impl Iterator<Item = std::borrow::Cow<'a, str>> + '_ {
        [col::PRI_NAME, col::REQ_NAME]
            .into_iter()
            .map(|column| self.field(column))
            .filter(|name| !name.is_empty())
            .map(super::text::decode)
    }

    /// The date of birth, when readable.
    pub fn dob(&self) -> Option<crate::model::Date> {
        crate::model::parse_yyyymmdd(self.fields.get(col::PRI_DOB).unwrap_or(b""))
    }

    /// The case-number fields (the offense's number and the court case
    /// number), raw, blank and `NULL` left out.
    pub fn case_numbers(&self) -> impl Iterator<Item = &'a [u8]> + '_ {
        [col::OFN, col::FE_NUM_CRT_CASE]
            .into_iter()
            .map(|column| self.field(column))
            .filter(|n| !n.is_empty() && !n.eq_ignore_ascii_case(b"NULL"))
    }
}

/// Scans one file's bytes, adding its runs to `counts` (and showing each
/// row to `watch`). Lines are split and parsed exactly as the full read
/// does ([`super::lines`]), so the two agree on every line; every line (even
/// one the full read sets aside) is observed, which can only over-count
/// runs, never under-count them.
pub fn scan(reader: impl BufRead, counts: &mut RunCounts, mut watch: Option<&mut dyn Watch>) -> std::io::Result<()> {
    counts.start_file();
    let mut lines = Lines::new(reader);
    let mut parser = LineParser::default();
    let mut buf = Vec::new();
    let blank = subject_key(b"");
    let mut fields = Fields::default();
    while let Some(kind) = lines.next_line(&mut buf)? {
        if let Some(watch) = watch.as_deref_mut() {
            // A watcher looks at more fields: the whole row is parsed.
            if kind == LineKind::Text && parser.parse_fields(&mut buf, &mut fields).is_ok() {
                let subject = subject_key(fields.get(col::SUBJECT_ID).unwrap_or(b""));
                watch.row(&ScannedRow { subject, fields: &fields });
                counts.observe(subject, fields.get(col::CII_NUMBER).and_then(cii_key));
            } else {
                counts.observe(blank, None);
            }
            continue;
        }
        // Only the two fields are looked at; the splitter still reads the
        // whole line, so a line the full read sets aside counts as blank here too.
        let (mut subject, mut cii, mut index) = (blank, None, 0);
        let read = kind == LineKind::Text
            && parser
                .split(&buf, |field| {
                    match index {
                        2 => subject = subject_key(field),
                        11 => cii = cii_key(field),
                        _ => {}
                    }
                    index += 1;
                })
                .is_ok();
        if read {
            counts.observe(subject, cii);
        } else {
            counts.observe(blank, None);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys_by_lines(data: &[u8]) -> Vec<u64> {
        let mut keys = Vec::new();
        for line in data.split(|&b| b == b'\n').take(super::super::lines::count_lines(data) as usize) {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            let mut record = csv::ByteRecord::new();
            let ok = !line.is_empty() && LineParser::default().parse(line, &mut record).is_ok();
            keys.push(subject_key(if ok { record.get(2).unwrap_or(b"") } else { b"" }));
        }
        keys
    }

    fn scan_keys(data: &[u8], chunk: usize) -> (u64, HashMap<u64, u32>) {
        struct Chunked<'a>(&'a [u8], usize);
        impl std::io::Read for Chunked<'_> {
            fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
                let n = self.0.len().min(self.1).min(out.len());
                out[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut counts = RunCounts::default();
        scan(std::io::BufReader::with_capacity(chunk, Chunked(data, chunk)), &mut counts, None).unwrap();
        (counts.records, counts.runs.into_iter().collect())
    }

    fn runs_of(keys: &[u64]) -> HashMap<u64, u32> {
        let mut runs = HashMap::new();
        let mut last = None;
        for &key in keys {
            if last != Some(key) {
                *runs.entry(key).or_insert(0) += 1;
                last = Some(key);
            }
        }
        runs
    }

    #[test]
    fn agrees_with_the_line_parser_on_tricky_quoting() {
        let data = b"a,b,1,\"x,y\"\r\na,b,1,\"multi\nline\"\n\n\"q\"\"uote\",b,2,c\na,b\"c,3,\"d\"\"\"\ra,\"b,\nb\",4,z\na,b, 4 ,tail";
        let keys = keys_by_lines(data);
        for chunk in [1, 2, 3, 7, 1000] {
            let (records, runs) = scan_keys(data, chunk);
            assert_eq!(records as usize, keys.len(), "chunk {chunk}");
            assert_eq!(runs, runs_of(&keys), "chunk {chunk}");
        }
    }

    #[test]
    fn counts_subjects_per_cii() {
        let data = b"r,s,1,,,,,,,,,C1\nr,s,1,,,,,,,,,C1\nr,s,2,,,,,,,,,C2\nr,s,3,,,,,,,,, C1\nr,s,4\n";
        let mut counts = RunCounts::default();
        scan(std::io::BufReader::new(&data[..]), &mut counts, None).unwrap();
        assert_eq!(counts.cii_subjects("C1"), 2);
        assert_eq!(counts.cii_subjects("C2"), 1);
        assert_eq!(counts.cii_subjects(""), 0);
        assert_eq!(counts.cii_subjects("C9"), 0);
    }

    #[test]
    fn counts_a_subject_whose_cii_follows_a_blank_one() {
        // Subject 2's first row has no CII: its second row's C1 (the CII
        // subject 1 last had) must still count subject 2 under C1.
        let data = b"r,s,1,,,,,,,,,C1\nr,s,2\nr,s,2,,,,,,,,,C1\n";
        let mut counts = RunCounts::default();
        scan(std::io::BufReader::new(&data[..]), &mut counts, None).unwrap();
        assert_eq!(counts.cii_subjects("C1"), 2);
    }

    #[test]
    fn counts_runs() {
        let data = b"r,s,1\nr,s,1\nr,s,2\nr,s,1\n";
        let (records, runs) = scan_keys(data, 4096);
        assert_eq!(records, 4);
        assert_eq!(runs[&subject_key(b"1")], 2);
        assert_eq!(runs[&subject_key(b"2")], 1);
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_the_line_parser_on_random_input(
            data in proptest::collection::vec(proptest::sample::select(vec![b'a', b'1', b'2', b',', b'"', b'\n', b'\r', b' ']), 0..200),
            chunk in 1usize..50,
        ) {
            let keys = keys_by_lines(&data);
            let (records, runs) = scan_keys(&data, chunk);
            proptest::prop_assert_eq!(records as usize, keys.len());
            proptest::prop_assert_eq!(runs, runs_of(&keys));
        }
    }
}
