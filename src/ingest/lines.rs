//! Physical lines, bounded, and one CSV record parsed from each.
//!
//! The DOJ research file has one record per line. Splitting the input into
//! lines *before* parsing means a damaged line (a stray quote, a field that
//! cannot be read) is set aside alone: the next line is read normally, and
//! every physical line is counted exactly once.
//!
//! A line longer than [`MAX_LINE`] bytes is not kept in memory: its first
//! bytes are dropped as they come, reading resumes after its newline, and
//! the caller rejects it with its line number. Memory stays bounded however
//! long a line (or a gzip of one line) is.

use std::io::{BufRead, ErrorKind};

/// The longest line kept, in bytes. DOJ rows are about 1 KB; case-list rows
/// are shorter still.
pub const MAX_LINE: usize = 64 * 1024;

/// What [`Lines::next_line`] read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// A line, in the buffer (without its `\n` or `\r\n`).
    Text,
    /// A line longer than [`MAX_LINE`] bytes; the buffer holds nothing useful.
    TooLong { bytes: u64 },
}

/// Splits a reader into physical lines ending in `\n` (a last line without
/// one counts too). Counts them: [`Lines::number`] is the last line read.
pub struct Lines<R> {
    reader: R,
    number: u64,
}

impl<R: BufRead> Lines<R> {
    pub fn new(reader: R) -> Self {
        Lines { reader, number: 0 }
    }

    /// Number of the last line read completely (1-based; 0 before the first).
    pub fn number(&self) -> u64 {
        self.number
    }

    /// Reads the next line into `buf` (cleared first). `Ok(None)` at the end.
    /// An I/O error leaves [`Lines::number`] at the last complete line.
    pub fn next_line(&mut self, buf: &mut Vec<u8>) -> std::io::Result<Option<LineKind>> {
        buf.clear();
        let mut started = false;
        let mut bytes: u64 = 0;
        loop {
            let available = match self.reader.fill_buf() {
                Ok(available) => available,
                Err(err) if err.kind() == ErrorKind::Interrupted => continue,
                Err(err) => return Err(err),
            };
            if available.is_empty() {
                if !started {
                    return Ok(None);
                }
                break;
            }
            started = true;
            let (take, consumed, ended) = match memchr::memchr(b'\n', available) {
                Some(at) => (at, at + 1, true),
                None => (available.len(), available.len(), false),
            };
            bytes += take as u64;
            if bytes <= MAX_LINE as u64 + 1 {
                buf.extend_from_slice(&available[..take]);
            }
            self.reader.consume(consumed);
            if ended {
                break;
            }
        }
        self.number += 1;
        if buf.last() == Some(&b'\r') {
            buf.pop();
            bytes -= 1;
        }
        if bytes > MAX_LINE as u64 {
            buf.clear();
            return Ok(Some(LineKind::TooLong { bytes }));
        }
        Ok(Some(LineKind::Text))
    }
}

/// Why one line could not be read as a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineProblem {
    /// An empty line.
    Blank,
    /// Longer than [`MAX_LINE`].
    TooLong { bytes: u64 },
    /// A quote that opens a field is not closed on the line.
    OpenQuote,
}

impl LineProblem {
    /// The reason given in a reject (no content of the line).
    pub fn reason(&self) -> String {
        match self {
            LineProblem::Blank => "blank line".to_owned(),
            LineProblem::TooLong { bytes } => {
                format!("the line is {bytes} bytes long, over the limit of {MAX_LINE} bytes; it was not read")
            }
            LineProblem::OpenQuote => {
                "a quote (\") opens a field but is not closed on this line; the line was set aside alone".to_owned()
            }
        }
    }
}

/// Parses one line as one CSV record (`,`-separated, `"` quotes, `""`
/// escapes), reusing its buffers from line to line.
pub struct LineParser {
    core: csv_core::Reader,
    output: Vec<u8>,
    ends: Vec<usize>,
}

impl Default for LineParser {
    fn default() -> Self {
        LineParser {
            core: csv_core::ReaderBuilder::new().terminator(csv_core::Terminator::Any(b'\n')).build(),
            output: Vec::new(),
            ends: Vec::new(),
        }
    }
}

impl LineParser {
    /// Parses `line` (no newline in it) into `record`.
    pub fn parse(&mut self, line: &[u8], record: &mut csv::ByteRecord) -> Result<(), LineProblem> {
        record.clear();
        self.core.reset();
        // Every field's bytes fit in the line, and there is at most one
        // field per byte (plus one).
        if self.output.len() < line.len() + 1 {
            self.output.resize(line.len() + 1, 0);
        }
        if self.ends.len() < line.len() + 2 {
            self.ends.resize(line.len() + 2, 0);
        }
        let (mut nout, mut nend) = (0, 0);
        for input in [line, b"\n".as_slice()] {
            let (result, _, out, end) = self.core.read_record(input, &mut self.output[nout..], &mut self.ends[nend..]);
            nout += out;
            nend += end;
            match result {
                csv_core::ReadRecordResult::Record => {
                    let mut start = 0;
                    for &end in &self.ends[..nend] {
                        record.push_field(&self.output[start..end]);
                        start = end;
                    }
                    return Ok(());
                }
                // The line is all taken in; the newline comes next.
                csv_core::ReadRecordResult::InputEmpty => {}
                // Cannot happen with the sizes above; treat as unreadable.
                csv_core::ReadRecordResult::OutputFull
                | csv_core::ReadRecordResult::OutputEndsFull
                | csv_core::ReadRecordResult::End => return Err(LineProblem::OpenQuote),
            }
        }
        // The newline was taken into a quoted field: the quote never closed.
        Err(LineProblem::OpenQuote)
    }

    /// Reads the next line of `lines` and parses it: the line's number and
    /// either the record or why it is set aside. `Ok(None)` at the end.
    pub fn next_record<R: BufRead>(
        &mut self,
        lines: &mut Lines<R>,
        buf: &mut Vec<u8>,
        record: &mut csv::ByteRecord,
    ) -> std::io::Result<Option<(u64, Result<(), LineProblem>)>> {
        let Some(kind) = lines.next_line(buf)? else {
            return Ok(None);
        };
        let outcome = match kind {
            LineKind::TooLong { bytes } => Err(LineProblem::TooLong { bytes }),
            LineKind::Text if buf.is_empty() => Err(LineProblem::Blank),
            LineKind::Text => self.parse(buf, record),
        };
        if outcome.is_err() {
            record.clear();
        }
        Ok(Some((lines.number(), outcome)))
    }
}

/// Records of a CSV whose quoted fields may span lines (case lists): lines
/// are joined while a quote is open, up to [`MAX_LINE`] bytes a record.
pub struct MultiLineRecords<R> {
    lines: Lines<R>,
    parser: LineParser,
    line: Vec<u8>,
    pending: Vec<u8>,
}

/// One record of [`MultiLineRecords`]: the lines it covers and its outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordAt {
    pub first: u64,
    pub last: u64,
    pub outcome: Result<(), LineProblem>,
}

impl RecordAt {
    /// Physical lines covered.
    pub fn lines(&self) -> u64 {
        self.last - self.first + 1
    }

    /// `line 4` or `lines 4-6`, for a reject reason.
    pub fn where_(&self) -> String {
        if self.first == self.last {
            format!("line {}", self.first)
        } else {
            format!("lines {}-{}", self.first, self.last)
        }
    }
}

impl<R: BufRead> MultiLineRecords<R> {
    pub fn new(reader: R) -> Self {
        MultiLineRecords {
            lines: Lines::new(reader),
            parser: LineParser::default(),
            line: Vec::new(),
            pending: Vec::new(),
        }
    }

    /// The last line read completely.
    pub fn line_number(&self) -> u64 {
        self.lines.number()
    }

    /// The next record into `record`. A quote still open at the end of the
    /// file, or a record over [`MAX_LINE`] bytes, is an error covering all
    /// its lines; reading goes on after it.
    pub fn next_record(&mut self, record: &mut csv::ByteRecord) -> std::io::Result<Option<RecordAt>> {
        self.pending.clear();
        let mut first = 0;
        loop {
            let Some(kind) = self.lines.next_line(&mut self.line)? else {
                if self.pending.is_empty() {
                    return Ok(None);
                }
                record.clear();
                let outcome = Err(LineProblem::OpenQuote);
                return Ok(Some(RecordAt { first, last: self.lines.number(), outcome }));
            };
            let number = self.lines.number();
            if first == 0 {
                first = number;
            }
            let at = |outcome| Ok(Some(RecordAt { first, last: number, outcome }));
            if let LineKind::TooLong { bytes } = kind {
                record.clear();
                return at(Err(LineProblem::TooLong { bytes }));
            }
            if first == number && self.line.is_empty() {
                record.clear();
                return at(Err(LineProblem::Blank));
            }
            if first != number {
                self.pending.push(b'\n');
            }
            self.pending.extend_from_slice(&self.line);
            if self.pending.len() > MAX_LINE {
                record.clear();
                return at(Err(LineProblem::TooLong { bytes: self.pending.len() as u64 }));
            }
            match self.parser.parse(&self.pending, record) {
                Ok(()) => return at(Ok(())),
                Err(LineProblem::OpenQuote) => continue,
                Err(problem) => return at(Err(problem)),
            }
        }
    }
}

/// The number of physical lines in `bytes`, counted independently of
/// [`Lines`]: one per `\n`, plus one for a last line without it.
pub fn count_lines(bytes: &[u8]) -> u64 {
    let newlines = memchr::memchr_iter(b'\n', bytes).count() as u64;
    newlines + u64::from(!bytes.is_empty() && !bytes.ends_with(b"\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_lines(data: &[u8], capacity: usize) -> Vec<(Vec<u8>, LineKind)> {
        let mut lines = Lines::new(std::io::BufReader::with_capacity(capacity, data));
        let mut buf = Vec::new();
        let mut out = Vec::new();
        while let Some(kind) = lines.next_line(&mut buf).unwrap() {
            out.push((buf.clone(), kind));
        }
        assert_eq!(lines.number(), out.len() as u64);
        out
    }

    #[test]
    fn splits_physical_lines() {
        let lines = all_lines(b"a,b\r\n\nc\"d\nlast", 3);
        let texts: Vec<&[u8]> = lines.iter().map(|(t, _)| t.as_slice()).collect();
        assert_eq!(texts, [b"a,b".as_slice(), b"", b"c\"d", b"last"]);
        assert_eq!(count_lines(b"a,b\r\n\nc\"d\nlast"), 4);
        assert_eq!(count_lines(b"a\n"), 1);
        assert_eq!(count_lines(b""), 0);
    }

    #[test]
    fn long_lines_are_dropped_not_kept() {
        let mut data = vec![b'A'; MAX_LINE + 10];
        data.extend_from_slice(b"\nnext\n");
        let lines = all_lines(&data, 4096);
        assert_eq!(lines[0].1, LineKind::TooLong { bytes: MAX_LINE as u64 + 10 });
        assert!(lines[0].0.is_empty());
        assert_eq!(lines[1], (b"next".to_vec(), LineKind::Text));
        // Exactly at the limit (with \r\n) is kept.
        let mut data = vec![b'A'; MAX_LINE];
        data.extend_from_slice(b"\r\n");
        assert_eq!(all_lines(&data, 100)[0].1, LineKind::Text);
    }

    #[test]
    fn parses_one_record_per_line() {
        let mut parser = LineParser::default();
        let mut record = csv::ByteRecord::new();
        parser.parse(b"a,\"b,c\",\"d\"\"e\",JOHN \"JJ\" DOE", &mut record).unwrap();
        assert_eq!(record.iter().collect::<Vec<_>>(), [b"a".as_slice(), b"b,c", b"d\"e", b"JOHN \"JJ\" DOE"]);
        assert_eq!(parser.parse(b"a,\"b,c", &mut record), Err(LineProblem::OpenQuote));
        parser.parse(b"x,y", &mut record).unwrap();
        assert_eq!(record.len(), 2);
        parser.parse(b"a,b\rc", &mut record).unwrap();
        assert_eq!(record.len(), 2, "a carriage return inside a line does not end the record");
    }

    #[test]
    fn quoted_fields_may_span_lines() {
        let data = b"h1,h2\n1,\"two\nlines\"\n\n2,\"open\n3,x\n";
        let mut records = MultiLineRecords::new(&data[..]);
        let mut record = csv::ByteRecord::new();
        let mut seen = Vec::new();
        while let Some(at) = records.next_record(&mut record).unwrap() {
            seen.push((at.first, at.last, at.outcome, record.len()));
        }
        assert_eq!(
            seen,
            [
                (1, 1, Ok(()), 2),
                (2, 3, Ok(()), 2),
                (4, 4, Err(LineProblem::Blank), 0),
                (5, 6, Err(LineProblem::OpenQuote), 0)
            ]
        );
    }

    proptest::proptest! {
        #[test]
        fn every_line_read_once(
            data in proptest::collection::vec(proptest::sample::select(vec![b'a', b',', b'"', b'\n', b'\r', 0u8, 0xff]), 0..300),
            capacity in 1usize..40,
        ) {
            let lines = all_lines(&data, capacity);
            proptest::prop_assert_eq!(lines.len() as u64, count_lines(&data));
            let mut parser = LineParser::default();
            let mut record = csv::ByteRecord::new();
            for (text, _) in &lines {
                let _ = parser.parse(text, &mut record);
            }
        }
    }
}
