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

use std::any::Any;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::Path;

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
    /// The first subject observed (for a part of a file: the subject whose
    /// run may continue the part before).
    first: Option<u64>,
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
        self.first.get_or_insert(key);
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

    /// Adds the counts of the part of a file that follows the part these
    /// counts end with (`next` scanned from its own start): the result is
    /// what scanning both parts as one would have given.
    fn append(&mut self, next: RunCounts) {
        self.records += next.records;
        // The run at the cut continues across it: one run, not two.
        let joined = next.first.is_some() && next.first == self.last;
        let one_run = next.runs.values().map(|&runs| u64::from(runs)).sum::<u64>() == 1;
        for (key, runs) in next.runs {
            *self.runs.entry(key).or_insert(0) += runs;
        }
        if joined
            && let Some(key) = next.first
            && let Some(runs) = self.runs.get_mut(&key)
        {
            *runs -= 1;
        }
        for (cii, subjects) in next.cii {
            let mine = self.cii.entry(cii).or_default();
            for key in subjects {
                if !mine.contains(&key) {
                    mine.push(key);
                }
            }
        }
        if next.last.is_some() {
            // A run that continued the cut to the end keeps its earlier CII.
            if !(joined && one_run && next.last_cii.is_none()) {
                self.last_cii = next.last_cii;
            }
            self.last = next.last;
        }
        self.first = self.first.or(next.first);
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

    /// Subjects whose rows the scan saw in more than one run.
    pub fn subjects_not_in_one_run(&self) -> impl Iterator<Item = u64> + '_ {
        self.runs.iter().filter(|&(_, &runs)| runs > 1).map(|(&key, _)| key)
    }

    /// Subjects seen with a CII another subject was also seen with.
    pub fn subjects_sharing_a_cii(&self) -> impl Iterator<Item = u64> + '_ {
        self.cii.values().filter(|subjects| subjects.len() > 1).flatten().copied()
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
///
/// The input is scanned in parts, possibly on several threads at once:
/// each part has its own state ([`Watch::start`]), and [`Watch::finish`]
/// gets them all, in input order.
pub trait Watch: Sync {
    /// An empty state for one part of the input.
    fn start(&self) -> Box<dyn Any + Send>;
    /// One row the scan could parse (any row: the full read may still set
    /// it aside), with the state of the part it is in.
    fn row(&self, state: &mut dyn Any, row: &ScannedRow<'_>);
    /// The scan is over: every part's state, in input order. `complete` is
    /// false when a file could not be scanned to its end (what was seen is
    /// then not the whole input).
    /// `counts` are the whole scan's.
    fn finish(&mut self, parts: Vec<Box<dyn Any + Send>>, counts: &RunCounts, complete: bool);
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

/// Files at least this long are scanned in two halves, on two threads.
const SPLIT_FROM: u64 = 1 << 20;

/// Scans one DOJ file, adding its runs to `counts` and, with a watcher,
/// pushing its parts' states onto `parts`. `opened` is the file as
/// [`super::source::open`] opened it: a regular, uncompressed file of
/// [`SPLIT_FROM`] bytes or more is read again from `path` in two halves cut
/// at a newline, scanned on two threads; anything else is scanned whole.
pub fn scan_file(
    path: &Path,
    opened: super::source::Opened,
    counts: &mut RunCounts,
    watch: Option<&dyn Watch>,
    parts: &mut Vec<Box<dyn Any + Send>>,
) -> std::io::Result<()> {
    if !opened.gzip
        && let Ok(mut file) = std::fs::File::open(path)
        && let Ok(meta) = file.metadata()
        && meta.is_file()
        && meta.len() >= SPLIT_FROM
        && let Ok(Some(cut)) = find_cut(&mut file, meta.len())
        && let Ok(mut second) = std::fs::File::open(path)
        && second.seek(SeekFrom::Start(cut)).is_ok()
        && file.rewind().is_ok()
    {
        drop(opened);
        let first = BufReader::with_capacity(1 << 16, file.take(cut));
        return scan_two(first, BufReader::with_capacity(1 << 16, second), counts, watch, parts);
    }
    let mut state = watch.map(|watch| watch.start());
    let scanned = scan(opened.reader, counts, watch.zip(state.as_deref_mut()));
    parts.extend(state);
    scanned
}

/// Where to cut a file of `len` bytes in two: just after the first newline
/// at or past its middle. `None` when there is none before the last byte.
fn find_cut(file: &mut std::fs::File, len: u64) -> std::io::Result<Option<u64>> {
    let mut at = len / 2;
    file.seek(SeekFrom::Start(at))?;
    let mut reader = BufReader::with_capacity(1 << 16, file);
    loop {
        let available = reader.fill_buf()?;
        if available.is_empty() {
            return Ok(None);
        }
        if let Some(newline) = memchr::memchr(b'\n', available) {
            at += newline as u64 + 1;
            return Ok((at < len).then_some(at));
        }
        let n = available.len();
        at += n as u64;
        reader.consume(n);
    }
}

/// Scans one file given as two consecutive parts (cut just after a
/// newline), each on its own thread, and adds them to `counts` as the scan
/// of the whole file would have.
fn scan_two(
    first: impl BufRead + Send,
    second: impl BufRead + Send,
    counts: &mut RunCounts,
    watch: Option<&dyn Watch>,
    parts: &mut Vec<Box<dyn Any + Send>>,
) -> std::io::Result<()> {
    let mut states = [watch.map(|watch| watch.start()), watch.map(|watch| watch.start())];
    let [first_state, second_state] = &mut states;
    let mut second = Some(second);
    let mut rest = RunCounts::default();
    let (first_scanned, second_scanned) = std::thread::scope(|scope| {
        let (reader, rest, state) = (&mut second, &mut rest, &mut *second_state);
        let thread = std::thread::Builder::new().name("prescan".to_owned()).spawn_scoped(scope, move || {
            reader.take().map(|reader| scan(reader, rest, watch.zip(state.as_deref_mut())))
        });
        let first_scanned = scan(first, counts, watch.zip(first_state.as_deref_mut()));
        let second_scanned =
            thread.ok().and_then(|thread| thread.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
        (first_scanned, second_scanned)
    });
    // No second thread: the second part is scanned here, after the first.
    let second_scanned = match (second_scanned, second) {
        (Some(scanned), _) => scanned,
        (None, Some(reader)) => scan(reader, &mut rest, watch.zip(second_state.as_deref_mut())),
        (None, None) => Ok(()),
    };
    // Like a scan that stops at the first error: the second part counts
    // only when the first was read to its end.
    first_scanned?;
    counts.append(rest);
    parts.extend(states.into_iter().flatten());
    second_scanned
}

/// Scans one file's bytes, adding its runs to `counts` (and showing each
/// row to `watch`, with the state of this part). Lines are split and parsed
/// exactly as the full read does ([`super::lines`]), so the two agree on
/// every line; every line (even one the full read sets aside) is observed,
/// which can only over-count runs, never under-count them.
pub fn scan(
    reader: impl BufRead,
    counts: &mut RunCounts,
    mut watch: Option<(&dyn Watch, &mut (dyn Any + Send))>,
) -> std::io::Result<()> {
    counts.start_file();
    let mut lines = Lines::new(reader);
    let mut parser = LineParser::default();
    let mut buf = Vec::new();
    let blank = subject_key(b"");
    let mut fields = Fields::default();
    while let Some(kind) = lines.next_line(&mut buf)? {
        if let Some((watch, state)) = &mut watch {
            // A watcher looks at more fields: the line is parsed as the full
            // read parses it (no copy: the buffers are swapped).
            let read = kind == LineKind::Text && parser.parse_fields(&mut buf, &mut fields).is_ok();
            if read {
                let subject = subject_key(fields.get(col::SUBJECT_ID).unwrap_or(b""));
                watch.row(&mut **state, &ScannedRow { subject, fields: &fields });
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
    use super::super::lines::MAX_LINE;
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

    /// A watcher that records each part's subjects, and the parts joined.
    #[derive(Default)]
    struct Subjects {
        rows: Vec<u64>,
        parts: usize,
        complete: Option<bool>,
    }

    impl Watch for Subjects {
        fn start(&self) -> Box<dyn Any + Send> {
            Box::new(Vec::<u64>::new())
        }
        fn row(&self, state: &mut dyn Any, row: &ScannedRow<'_>) {
            state.downcast_mut::<Vec<u64>>().unwrap().push(row.subject);
        }
        fn finish(&mut self, parts: Vec<Box<dyn Any + Send>>, _: &RunCounts, complete: bool) {
            self.parts = parts.len();
            self.rows = parts.into_iter().flat_map(|part| *part.downcast::<Vec<u64>>().unwrap()).collect();
            self.complete = Some(complete);
        }
    }

    /// Everything a scan leaves, comparable (the CII sets sorted).
    fn summary(counts: &RunCounts) -> impl PartialEq + std::fmt::Debug {
        let mut cii: Vec<(u64, Vec<u64>)> = counts
            .cii
            .iter()
            .map(|(&cii, subjects)| {
                let mut subjects = subjects.clone();
                subjects.sort_unstable();
                (cii, subjects)
            })
            .collect();
        cii.sort_unstable();
        let mut runs: Vec<(u64, u32)> = counts.runs.iter().map(|(&k, &v)| (k, v)).collect();
        runs.sort_unstable();
        (counts.records, runs, cii, counts.last, counts.last_cii)
    }

    /// A file before (so the counts do not start empty), then `data` whole,
    /// or cut at `cut`, with or without a watcher.
    fn scanned(data: &[u8], cut: Option<usize>, watched: bool) -> (RunCounts, Subjects) {
        let before = b"r,s,7,,,,,,,,,C1\nr,s,1,,,,,,,,,C2\n";
        let mut counts = RunCounts::default();
        let mut watch = Subjects::default();
        let mut parts = Vec::new();
        let watcher = watched.then_some(&watch as &dyn Watch);
        scan_two(&before[..17], &before[17..], &mut counts, watcher, &mut parts).unwrap();
        match cut {
            None => {
                let mut state = watcher.map(|w| w.start());
                scan(data, &mut counts, watcher.zip(state.as_deref_mut())).unwrap();
                parts.extend(state);
            }
            Some(cut) => scan_two(&data[..cut], &data[cut..], &mut counts, watcher, &mut parts).unwrap(),
        }
        if watched {
            watch.finish(parts, &counts, true);
        }
        (counts, watch)
    }

    /// Cut just after every newline: the two halves count as the whole.
    fn assert_every_cut_agrees(data: &[u8]) {
        for watched in [false, true] {
            let (whole, watch) = scanned(data, None, watched);
            let cuts: Vec<usize> = memchr::memchr_iter(b'\n', data).map(|at| at + 1).collect();
            assert!(!cuts.is_empty());
            for &cut in &cuts {
                let (halves, halves_watch) = scanned(data, Some(cut), watched);
                assert_eq!(summary(&halves), summary(&whole), "cut at {cut}, watched {watched}");
                assert_eq!(halves_watch.rows, watch.rows, "cut at {cut}");
                assert_eq!(halves_watch.parts, watch.parts + usize::from(watched), "cut at {cut}");
            }
        }
    }

    #[test]
    fn halves_count_as_the_whole_at_every_cut() {
        let long = "x".repeat(MAX_LINE + 5);
        let mut data = Vec::new();
        for line in [
            "RECORD_ID,s,SUBJECT,,,,,,,,,CII",
            "r,s,1,,,,,,,,,C1",
            "r,s,1,,,,,,,,,C1\r",
            "r,s,2",
            // Too long: counted blank, whole, wherever the cut is.
            &format!("r,s,2,{long}"),
            "r,s,2,,,,,,,,,C1",
            // A stray quote: the line is set aside, counted blank.
            "r,s,2,\"open,,,,,,,,C3",
            "r,s,\"2\",,,,,,,,,C3",
            "",
            "r,s,3,\"multi",
            "line\",,,,,,,,,C1",
            "r,s,3,,,,,,,,,C4",
            "r,s,1,,,,,,,,,C4",
            "r,s,1",
            &long,
            "r,s,1,,,,,,,,,C1",
            "r,s,4,,,,,,,,,",
        ] {
            data.extend_from_slice(line.as_bytes());
            data.push(b'\n');
        }
        data.extend_from_slice(b"r,s,4,,,,,,,,,C5");
        assert_every_cut_agrees(&data);
        let (whole, _) = scanned(&data, None, false);
        assert_eq!(whole.runs[&subject_key(b"1")], 4);
        assert_eq!(whole.runs[&subject_key(b"")], 4);
        assert_eq!(whole.cii_subjects("C1"), 3, "1, 2 and the file before's 7");
    }

    #[test]
    fn a_run_across_the_cut_is_one_run() {
        let data = b"r,s,5,,,,,,,,,C1\nr,s,5\nr,s,5\nr,s,6,,,,,,,,,C1\nr,s,5,,,,,,,,,C1\n";
        assert_every_cut_agrees(data);
        let (halves, _) = scanned(data, Some(17), false);
        assert_eq!(halves.runs[&subject_key(b"5")], 2);
        // With subject 7's, from the file before.
        assert_eq!(halves.cii_subjects("C1"), 3);
    }

    #[test]
    fn a_file_is_cut_after_the_newline_past_its_middle() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("doj.dat");
        let mut data = Vec::new();
        let mut subject = 0;
        while data.len() < SPLIT_FROM as usize / 2 - 10 {
            subject += 1;
            for _ in 0..3 {
                data.extend_from_slice(format!("r,s,{},,,,,,,,,C{}\n", subject / 2, subject % 7).as_bytes());
            }
        }
        // The middle falls inside a line too long to keep.
        data.extend_from_slice(format!("r,s,{},{}\n", subject / 2, "x".repeat(MAX_LINE * 2)).as_bytes());
        let expected_cut = data.len() as u64;
        // A shorter second half: the middle is in the long line.
        let from = data[100_000..].iter().position(|&b| b == b'\n').unwrap() + 100_001;
        let tail = data[from..].to_vec();
        data.extend_from_slice(&tail);
        let middle = data.len() as u64 / 2;
        assert!(middle > expected_cut - MAX_LINE as u64 && middle < expected_cut);
        std::fs::write(&path, &data).unwrap();
        let mut file = std::fs::File::open(&path).unwrap();
        assert_eq!(find_cut(&mut file, data.len() as u64).unwrap(), Some(expected_cut));

        let mut counts = RunCounts::default();
        let mut parts = Vec::new();
        let watch = Subjects::default();
        let opened = super::super::source::open(&path).unwrap().unwrap();
        scan_file(&path, opened, &mut counts, Some(&watch), &mut parts).unwrap();
        assert_eq!(parts.len(), 2, "scanned in two halves");
        let mut whole = RunCounts::default();
        scan(&data[..], &mut whole, None).unwrap();
        assert_eq!(summary(&counts), summary(&whole));
    }

    #[test]
    fn no_cut_without_a_newline_before_the_end() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("doj.dat");
        for data in [&b"r,s,1\nr,s,2,xxxxxxxxxxxxxx"[..], b"r,s,1\nr,s,2,xxxxxxxxxxxxxx\n"] {
            std::fs::write(&path, data).unwrap();
            let mut file = std::fs::File::open(&path).unwrap();
            assert_eq!(find_cut(&mut file, data.len() as u64).unwrap(), None);
        }
        // A short file is scanned whole (one part).
        let mut counts = RunCounts::default();
        let mut parts = Vec::new();
        let watch = Subjects::default();
        scan_file(&path, super::super::source::open(&path).unwrap().unwrap(), &mut counts, Some(&watch), &mut parts)
            .unwrap();
        assert_eq!((parts.len(), counts.records), (1, 2));
    }

    proptest::proptest! {
        #[test]
        fn halves_count_as_the_whole_on_random_input(
            lines in proptest::collection::vec(
                (0u8..4, proptest::option::of(0u8..3), proptest::sample::select(vec!["", "\"", "\r", ",\"x\"\"y\""])),
                1..12,
            ),
        ) {
            let mut data = Vec::new();
            for (subject, cii, extra) in lines {
                let cii = cii.map(|c| format!("C{c}")).unwrap_or_default();
                data.extend_from_slice(format!("r,s,{subject},,,,,,,,,{cii}{extra}\n").as_bytes());
            }
            assert_every_cut_agrees(&data);
        }
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
