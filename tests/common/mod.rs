//! Builders for test inputs: DOJ rows with sensible defaults, set by column name.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use clearmotion::ingest::columns::NAMES;

/// A fake SSN, licence and FBI number put in every row, so tests can prove
/// they never reach any output.
pub const FAKE_SSN: &str = "987-65-4329";
pub const FAKE_CDL: &str = "D7654321";
pub const FAKE_FBI: &str = "FBI123456XZ";

/// One DOJ research-file row.
#[derive(Debug, Clone)]
pub struct Row {
    fields: Vec<String>,
}

impl Row {
    /// A misdemeanor HS 11357(b) conviction in San Francisco on 2010-01-05.
    pub fn new(subject: &str, cnt_order: &str) -> Row {
        let mut row = Row { fields: vec![String::new(); NAMES.len()] };
        // Each subject its own CII (subjects sharing one are one person split
        // across subject ids, or flagged: see tests/sources_cli.rs).
        let cii = format!("{:010}", subject.bytes().fold(12345u64, |h, b| (h * 131 + u64::from(b)) % 9_999_999_967));
        for (column, value) in [
            ("RECORD_ID", "x"),
            ("SUBJECT_ID", subject),
            ("REQ_SSN", FAKE_SSN),
            ("PRI_SSN", FAKE_SSN),
            ("REQ_CDL", FAKE_CDL),
            ("PRI_CDL", FAKE_CDL),
            ("FBI_NUMBER", FAKE_FBI),
            ("CII_NUMBER", cii.as_str()),
            ("PRI_NAME", "TESTPERSON,ALPHA Q"),
            ("PRI_DOB", "19700101"),
            ("STP_EVENT_DATE", "20100105"),
            ("STP_TYPE_DESCR", "COURT ACTION"),
            ("STP_ORI_CODE", "CA0380000"),
            ("STP_ORI_DESCR", "CASC SAN FRANCISCO"),
            ("STP_ORI_CNTY_NAME", "SAN FRANCISCO"),
            ("CNT_ORDER", cnt_order),
            ("OFN", "SF100001"),
            ("OFFENSE_DESCR", "11357(B) HS-POSSESS MARIJUANA"),
            ("OFFENSE_TOC", "M"),
            ("DISP_DESCR", "CONVICTED-JAIL"),
            ("CONV_STAT_DESCR", "MISDEMEANOR"),
            ("SENT_LOC_DESCR", "JAIL"),
            ("SENT_LENGTH", "10"),
            ("SENT_TIME_CODE", "D"),
            ("END_OF_REC", "#"),
        ] {
            row = row.set(column, value);
        }
        row
    }

    /// Sets a column by name.
    pub fn set(mut self, column: &str, value: &str) -> Row {
        let index = NAMES.iter().position(|name| *name == column).unwrap_or_else(|| panic!("no column {column}"));
        self.fields[index] = value.to_owned();
        self
    }

    /// An arrest step instead of a court action.
    pub fn arrest(self) -> Row {
        self.set("STP_TYPE_DESCR", "ARREST/DETAINED/CITED")
            .set("STP_ORI_DESCR", "CAPD SAN FRANCISCO")
            .set("DISP_DESCR", "")
            .set("CONV_STAT_DESCR", "")
            .set("SENT_LENGTH", "")
            .set("SENT_TIME_CODE", "")
            .set("SENT_LOC_DESCR", "")
    }

    /// The row as one CSV line (no line ending).
    pub fn line(&self) -> String {
        let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
        writer.write_record(&self.fields).unwrap();
        let mut bytes = writer.into_inner().unwrap();
        bytes.pop();
        String::from_utf8(bytes).unwrap()
    }

    /// The row with `n` fields (dropping or adding empty ones), for bad-input tests.
    pub fn line_with_fields(&self, n: usize) -> String {
        let mut fields = self.fields.clone();
        fields.resize(n, String::new());
        Row { fields }.line()
    }
}

/// The header line real files carry (96 fields: a trailing comma).
pub fn header() -> String {
    format!("{},", NAMES.join(","))
}

/// A whole file: optional header, then the rows, each ending in `\n`.
pub fn doj_text(rows: &[Row], with_header: bool) -> String {
    let mut text = String::new();
    if with_header {
        text.push_str(&header());
        text.push('\n');
    }
    for row in rows {
        text.push_str(&row.line());
        text.push('\n');
    }
    text
}

/// Writes `content` to `dir/name` and returns the path.
pub fn write(dir: &Path, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&path, content).unwrap();
    path
}

/// Gzip-compresses bytes.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

/// A small history for one person: an arrest and a conviction for `section`.
pub fn person_rows(subject: &str, cycle: u32, offense: &str) -> Vec<Row> {
    let arrest = format!("{cycle:03}001001000");
    let court = format!("{cycle:03}002001000");
    vec![
        Row::new(subject, &arrest).arrest().set("OFFENSE_DESCR", offense),
        Row::new(subject, &court).set("OFFENSE_DESCR", offense),
    ]
}
