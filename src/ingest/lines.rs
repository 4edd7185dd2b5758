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
///
/// [`LineParser::parse`] is a hand-written splitter with exactly the rules of
/// `csv_core` (which the property tests check it against): commas are found
/// eight bytes at a time, and only a field that starts with a quote is read
/// byte by byte. `csv_core` itself still reads records that span lines
/// ([`MultiLineRecords`]).
pub struct LineParser {
    core: csv_core::Reader,
    output: Vec<u8>,
    ends: Vec<usize>,
    /// Positions of the commas of the line being split.
    commas: Vec<u32>,
    /// The unescaped text of a quoted field.
    quoted: Vec<u8>,
}

impl Default for LineParser {
    fn default() -> Self {
        LineParser {
            core: csv_core::ReaderBuilder::new().terminator(csv_core::Terminator::Any(b'\n')).build(),
            output: Vec::new(),
            ends: Vec::new(),
            commas: Vec::new(),
            quoted: Vec::new(),
        }
    }
}

/// The positions of every `,` in `bytes`, appended to `out` in order.
fn find_commas(bytes: &[u8], out: &mut Vec<u32>) {
    const LOW7: u64 = u64::from_ne_bytes([0x7f; 8]);
    const COMMAS: u64 = u64::from_ne_bytes([b','; 8]);
    let mut words = bytes.chunks_exact(8);
    let mut base = 0u32;
    for word in &mut words {
        let x = u64::from_le_bytes(word.try_into().expect("8 bytes")) ^ COMMAS;
        // High bit of each byte that was a comma (now zero): exact, no carries between bytes.
        let mut found = !(((x & LOW7).wrapping_add(LOW7)) | x | LOW7);
        while found != 0 {
            out.push(base + found.trailing_zeros() / 8);
            found &= found - 1;
        }
        base += 8;
    }
    for (at, &b) in words.remainder().iter().enumerate() {
        if b == b',' {
            out.push(base + at as u32);
        }
    }
}

/// One field as the splitter finds it.
enum Piece<'a> {
    /// Bytes `start..end` of the line, as they are.
    Span(usize, usize),
    /// A quoted field's text with its quotes taken out.
    Unescaped(&'a [u8]),
}

/// The fields of one line, without a copy per field: the line's own bytes
/// (then the unescaped text of any quoted field with `""` in it) and where
/// each field is. Filled by [`LineParser::parse_fields`].
#[derive(Debug, Clone, Default)]
pub struct Fields {
    data: Vec<u8>,
    bounds: Vec<(u32, u32)>,
    extra: Vec<u8>,
    /// Bytes of `data` that are the line.
    line: usize,
}

impl Fields {
    pub fn len(&self) -> usize {
        self.bounds.len()
    }

    pub fn is_empty(&self) -> bool {
        self.bounds.is_empty()
    }

    pub fn get(&self, index: usize) -> Option<&[u8]> {
        self.bounds.get(index).map(|&(start, end)| &self.data[start as usize..end as usize])
    }

    pub fn clear(&mut self) {
        self.data.clear();
        self.bounds.clear();
        self.line = 0;
    }

    /// The line the fields were read from.
    pub fn line(&self) -> &[u8] {
        &self.data[..self.line]
    }

    /// The fields' bytes one after another (`csv::ByteRecord::as_slice`).
    pub fn concatenated(&self) -> Vec<u8> {
        self.bounds.iter().flat_map(|&(start, end)| &self.data[start as usize..end as usize]).copied().collect()
    }
}

impl std::ops::Index<usize> for Fields {
    type Output = [u8];

    fn index(&self, index: usize) -> &[u8] {
        let (start, end) = self.bounds[index];
        &self.data[start as usize..end as usize]
    }
}

impl LineParser {
    /// Parses `line` (no newline in it) into `record`.
    pub fn parse(&mut self, line: &[u8], record: &mut csv::ByteRecord) -> Result<(), LineProblem> {
        record.clear();
        self.split(line, |field| record.push_field(field))
    }

    /// Splits `line` (no newline in it) into its fields, unescaped, handing
    /// each to `field` in order; the rules of `csv_core` for a record that
    /// ends at the end of the line. Stops with [`LineProblem::OpenQuote`]
    /// when a quoted field is not closed on the line (some fields may have
    /// been handed on by then).
    pub fn split(&mut self, line: &[u8], mut field: impl FnMut(&[u8])) -> Result<(), LineProblem> {
        self.split_pieces(line, |piece| match piece {
            Piece::Span(start, end) => field(&line[start..end]),
            Piece::Unescaped(text) => field(text),
        })
    }

    /// Parses `line` into `fields` without copying it: the line's buffer
    /// becomes the record's (and `line` gets the record's old buffer).
    pub fn parse_fields(&mut self, line: &mut Vec<u8>, fields: &mut Fields) -> Result<(), LineProblem> {
        std::mem::swap(line, &mut fields.data);
        let data = std::mem::take(&mut fields.data);
        let (bounds, extra) = (&mut fields.bounds, &mut fields.extra);
        bounds.clear();
        extra.clear();
        let length = data.len();
        let result = self.split_pieces(&data, |piece| match piece {
            Piece::Span(start, end) => bounds.push((start as u32, end as u32)),
            Piece::Unescaped(text) => {
                let start = length + extra.len();
                extra.extend_from_slice(text);
                bounds.push((start as u32, (start + text.len()) as u32));
            }
        });
        fields.data = data;
        fields.line = length;
        fields.data.extend_from_slice(&fields.extra);
        if result.is_err() {
            fields.clear();
        }
        result
    }

    fn split_pieces(&mut self, line: &[u8], mut field: impl FnMut(Piece<'_>)) -> Result<(), LineProblem> {
        if line.is_empty() {
            return Err(LineProblem::Blank);
        }
        if line.len() >= u32::MAX as usize / 2 {
            return Err(LineProblem::TooLong { bytes: line.len() as u64 });
        }
        self.commas.clear();
        find_commas(line, &mut self.commas);
        let commas = &self.commas;
        let end = line.len();
        // The next comma at or after the start of the field being read.
        let mut next = 0;
        let mut start = 0;
        loop {
            if start < end && line[start] == b'"' {
                // A quoted field: up to the closing quote, `""` is one quote.
                let quoted = &mut self.quoted;
                quoted.clear();
                let mut at = start + 1;
                let mut plain = true;
                let after = loop {
                    let Some(quote) = memchr::memchr(b'"', &line[at..]) else {
                        return Err(LineProblem::OpenQuote);
                    };
                    quoted.extend_from_slice(&line[at..at + quote]);
                    at += quote + 1;
                    if at < end && line[at] == b'"' {
                        quoted.push(b'"');
                        plain = false;
                        at += 1;
                    } else {
                        break at;
                    }
                };
                // After the closing quote: the field goes on, quotes and all,
                // up to the next comma (usually right there).
                while next < commas.len() && (commas[next] as usize) < after {
                    next += 1;
                }
                let stop = commas.get(next).map_or(end, |&c| c as usize);
                if plain && stop == after {
                    // The usual case: the text between the quotes, as it is.
                    field(Piece::Span(start + 1, after - 1));
                } else {
                    quoted.extend_from_slice(&line[after..stop]);
                    field(Piece::Unescaped(quoted));
                }
                if stop == end {
                    return Ok(());
                }
                next += 1;
                start = stop + 1;
            } else {
                match commas.get(next) {
                    Some(&comma) => {
                        field(Piece::Span(start, comma as usize));
                        next += 1;
                        start = comma as usize + 1;
                    }
                    None => {
                        field(Piece::Span(start, end));
                        return Ok(());
                    }
                }
            }
        }
    }

    /// Parses `text` with `csv_core` as one record: what [`LineParser::parse`]
    /// does, for a record that may hold newlines inside quoted fields.
    fn parse_with_core(&mut self, line: &[u8], record: &mut csv::ByteRecord) -> Result<(), LineProblem> {
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

    /// Reads the next line of `lines` and parses it into `fields` (without
    /// copying the line): the line's number and either the record or why it
    /// is set aside. `Ok(None)` at the end.
    pub fn next_fields<R: BufRead>(
        &mut self,
        lines: &mut Lines<R>,
        buf: &mut Vec<u8>,
        fields: &mut Fields,
    ) -> std::io::Result<Option<(u64, Result<(), LineProblem>)>> {
        let Some(kind) = lines.next_line(buf)? else {
            return Ok(None);
        };
        let outcome = match kind {
            LineKind::TooLong { bytes } => Err(LineProblem::TooLong { bytes }),
            LineKind::Text if buf.is_empty() => Err(LineProblem::Blank),
            LineKind::Text => self.parse_fields(buf, fields),
        };
        if outcome.is_err() {
            fields.clear();
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
            match self.parser.parse_with_core(&self.pending, record) {
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

    /// What `csv_core` makes of one line, as [`LineParser::parse`] must.
    fn with_core(line: &[u8]) -> Result<Vec<Vec<u8>>, LineProblem> {
        let mut record = csv::ByteRecord::new();
        LineParser::default().parse_with_core(line, &mut record)?;
        Ok(record.iter().map(<[u8]>::to_vec).collect())
    }

    /// What [`LineParser::parse`] makes of a line, checked against what
    /// [`LineParser::parse_fields`] makes of it.
    fn with_splitter(parser: &mut LineParser, line: &[u8]) -> Result<Vec<Vec<u8>>, LineProblem> {
        let mut record = csv::ByteRecord::new();
        let parsed = parser.parse(line, &mut record);
        let mut fields = Fields::default();
        let mut buf = line.to_vec();
        let by_fields = parser.parse_fields(&mut buf, &mut fields);
        assert_eq!(parsed, by_fields);
        parsed?;
        let from_fields: Vec<Vec<u8>> = (0..fields.len()).map(|i| fields[i].to_vec()).collect();
        let from_record: Vec<Vec<u8>> = record.iter().map(<[u8]>::to_vec).collect();
        assert_eq!(from_fields, from_record);
        assert_eq!(fields.concatenated(), record.as_slice());
        assert_eq!(fields.line(), line);
        Ok(from_record)
    }

    #[test]
    fn splitter_agrees_with_csv_core_on_tricky_lines() {
        let mut parser = LineParser::default();
        for line in [
            &b"a"[..],
            b",",
            b",,",
            b"\"\"",
            b"\"",
            b"\"\"\"",
            b"\"a\"b,c",
            b"\"a\"\"b\",\"",
            b"a\"b,\"c,d\"\",e",
            b"x,\"NUNEZ,JOSE\",y,\"              \",",
            b"0123456,89abcdef,\"quoted, with a comma that straddles a word\",end,",
            b"\r,\"\r\",\0\xff",
        ] {
            assert_eq!(with_splitter(&mut parser, line), with_core(line), "{:?}", String::from_utf8_lossy(line));
        }
    }

    proptest::proptest! {
        #[test]
        fn splitter_agrees_with_csv_core(
            lines in proptest::collection::vec(
                proptest::collection::vec(proptest::sample::select(vec![b'a', b',', b'"', b'\r', b' ', 0u8, 0xff]), 1..120),
                1..6,
            ),
        ) {
            let mut parser = LineParser::default();
            for line in &lines {
                proptest::prop_assert_eq!(with_splitter(&mut parser, line), with_core(line));
            }
        }

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
