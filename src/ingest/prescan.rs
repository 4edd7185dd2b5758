//! A fast first pass over DOJ files that counts, per person, how many
//! separate runs of rows they have.
//!
//! With it the reader can hand a person on as soon as their last run ends:
//! for the usual person-contiguous file that is at the end of every run, so
//! memory stays flat however large the file; a person split across the file
//! (or across files) is held only until their last row is read.
//!
//! The scanner splits records exactly as the `csv` crate does (quotes only
//! open at the start of a field, `""` escapes, `\r`, `\n` or `\r\n` end a
//! record, blank lines are skipped) but looks only at the third field, so it
//! costs a fraction of a full parse. If it ever disagreed with the real parse,
//! the reader would only hold a person longer than needed, never split one.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::Read;

use memchr::{memchr, memchr3};

/// Number of runs per subject (keyed by [`subject_key`]).
#[derive(Debug, Default)]
pub struct RunCounts {
    runs: HashMap<u64, u32, BuildHasherDefault<KeyHasher>>,
    last: Option<u64>,
    /// Records seen (including headers), for progress reporting.
    pub records: u64,
}

impl RunCounts {
    /// Starts a new file: a run never continues across files.
    pub fn start_file(&mut self) {
        self.last = None;
    }

    fn observe(&mut self, key: u64) {
        self.records += 1;
        if self.last != Some(key) {
            *self.runs.entry(key).or_insert(0) += 1;
            self.last = Some(key);
        }
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

/// Scans one file's bytes, adding its runs to `counts`.
pub fn scan(mut reader: impl Read, counts: &mut RunCounts) -> std::io::Result<()> {
    counts.start_file();
    let mut buf = vec![0u8; 1 << 20];
    let mut len = 0;
    let mut eof = false;
    loop {
        if !eof {
            if len == buf.len() {
                buf.resize(buf.len() * 2, 0);
            }
            match reader.read(&mut buf[len..]) {
                Ok(0) => eof = true,
                Ok(n) => len += n,
                Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(err) => return Err(err),
            }
        }
        let consumed = scan_records(&buf[..len], eof, counts);
        if eof {
            return Ok(());
        }
        buf.copy_within(consumed..len, 0);
        len -= consumed;
    }
}

/// Scans whole records in `buf`; returns how many bytes were consumed. An
/// incomplete last record is left for the next call unless `eof`.
fn scan_records(buf: &[u8], eof: bool, counts: &mut RunCounts) -> usize {
    let mut pos = 0;
    loop {
        while pos < buf.len() && matches!(buf[pos], b'\r' | b'\n') {
            pos += 1;
        }
        if pos >= buf.len() {
            return pos;
        }
        match scan_record(buf, pos) {
            Some((end, key)) => {
                counts.observe(key);
                pos = end;
            }
            None if eof => {
                let key = subject_of(&buf[pos..]);
                counts.observe(key);
                return buf.len();
            }
            None => return pos,
        }
    }
}

/// Finds the end of the record starting at `start` and the key of its third
/// field. `None` when the record does not end within `buf`.
fn scan_record(buf: &[u8], start: usize) -> Option<(usize, u64)> {
    let mut key = subject_key(b"");
    let mut field = 0;
    let mut i = start;
    loop {
        // `i` is at the start of a field.
        let field_start = i;
        if buf.get(i) == Some(&b'"') {
            i = skip_quoted(buf, i)?;
        }
        let rel = memchr3(b',', b'\n', b'\r', &buf[i..])?;
        let end = i + rel;
        if field == 2 {
            key = subject_key(&buf[field_start..end]);
        }
        if buf[end] != b',' {
            return Some((end, key));
        }
        i = end + 1;
        field += 1;
        if field > 2 {
            break;
        }
    }
    // Skip the rest of the record, honouring quotes that open a field.
    loop {
        let rel = memchr3(b'"', b'\n', b'\r', &buf[i..])?;
        let at = i + rel;
        if buf[at] != b'"' {
            return Some((at, key));
        }
        i = if at > start && buf[at - 1] == b',' { skip_quoted(buf, at)? } else { at + 1 };
    }
}

/// `buf[i]` is an opening quote; returns the index after the closing quote.
fn skip_quoted(buf: &[u8], mut i: usize) -> Option<usize> {
    i += 1;
    loop {
        let q = i + memchr(b'"', &buf[i..])?;
        if buf.get(q + 1) == Some(&b'"') {
            i = q + 2;
        } else if q + 1 >= buf.len() {
            return None; // cannot tell yet whether this quote is escaped
        } else {
            return Some(q + 1);
        }
    }
}

/// The key of the third field of a (possibly unterminated) record.
fn subject_of(record: &[u8]) -> u64 {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(record);
    let mut row = csv::ByteRecord::new();
    match reader.read_byte_record(&mut row) {
        Ok(true) => subject_key(row.get(2).unwrap_or(b"")),
        _ => subject_key(b""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys_by_csv(data: &[u8]) -> Vec<u64> {
        let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(data);
        let mut row = csv::ByteRecord::new();
        let mut keys = Vec::new();
        while reader.read_byte_record(&mut row).unwrap() {
            keys.push(subject_key(row.get(2).unwrap_or(b"")));
        }
        keys
    }

    fn scan_keys(data: &[u8], chunk: usize) -> (u64, HashMap<u64, u32>) {
        struct Chunked<'a>(&'a [u8], usize);
        impl Read for Chunked<'_> {
            fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
                let n = self.0.len().min(self.1).min(out.len());
                out[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut counts = RunCounts::default();
        scan(Chunked(data, chunk), &mut counts).unwrap();
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
    fn agrees_with_csv_on_tricky_quoting() {
        let data = b"a,b,1,\"x,y\"\r\na,b,1,\"multi\nline\"\n\n\"q\"\"uote\",b,2,c\na,b\"c,3,\"d\"\"\"\ra,\"b,\nb\",4,z\na,b, 4 ,tail";
        let keys = keys_by_csv(data);
        for chunk in [1, 2, 3, 7, 1000] {
            let (records, runs) = scan_keys(data, chunk);
            assert_eq!(records as usize, keys.len(), "chunk {chunk}");
            assert_eq!(runs, runs_of(&keys), "chunk {chunk}");
        }
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
        fn agrees_with_csv_on_random_input(
            data in proptest::collection::vec(proptest::sample::select(vec![b'a', b'1', b'2', b',', b'"', b'\n', b'\r', b' ']), 0..200),
            chunk in 1usize..50,
        ) {
            let keys = keys_by_csv(&data);
            let (records, runs) = scan_keys(&data, chunk);
            proptest::prop_assert_eq!(records as usize, keys.len());
            proptest::prop_assert_eq!(runs, runs_of(&keys));
        }
    }
}
