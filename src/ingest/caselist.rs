//! The case-list CSV: one row per conviction count, for offices whose data
//! is not a DOJ research file (a case-management export, a hand-made list).
//!
//! Columns (header required, any order, names case-insensitive):
//!
//! | column | required | meaning |
//! |---|---|---|
//! | `person_id` | yes | the office's id for the person; rows with the same id are one person |
//! | `name` | yes | `LAST,FIRST M` |
//! | `dob` | no | date of birth |
//! | `cii` | no | state CII number |
//! | `case_number` | yes | court case number |
//! | `court` | yes | court as the DOJ spells it (`CASC SAN FRANCISCO`) |
//! | `county` | yes | county of the court |
//! | `code_section` | yes | `11357(b) HS`, `11360(a)`, ... |
//! | `level` | yes | `F`, `M`, `I` (or `FELONY`, ...) |
//! | `conviction_date` | yes | date of conviction |
//! | `sentence_end_date` | no | when the sentence ends or ended |
//! | `prosecuting_agency` | no | DA or city attorney that prosecuted |
//! | `count` | no | the count's number in its case: two rows alike but for it are two counts |
//!
//! A row that is an exact copy of an earlier one is one conviction exported
//! twice: it is skipped (counted, with the reason). A case with two counts
//! of the same section on the same date needs the `count` column to tell
//! them apart.
//! Dates are `YYYY-MM-DD`, `YYYYMMDD` or `MM/DD/YYYY`. An office whose export
//! uses other names gives a [`ColumnMapping`] file instead of editing it.
//!
//! The whole file is grouped by person in memory: case lists are small.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;

use super::lines::{LineProblem, MultiLineRecords};
use super::text::{Interner, decode};
use super::{IngestError, ReadReport, Reject, Sink, source};
use crate::code_section::CodeSection;
use crate::model::{Case, CaseKind, Count, CountFlag, CountId, Date, Level, Person, SourceRef, parse_yyyymmdd};

/// The schema's columns, in documentation order.
pub const COLUMNS: [&str; 13] = [
    "person_id",
    "name",
    "dob",
    "cii",
    "case_number",
    "court",
    "county",
    "code_section",
    "level",
    "conviction_date",
    "sentence_end_date",
    "prosecuting_agency",
    "count",
];
const REQUIRED: [&str; 8] =
    ["person_id", "name", "case_number", "court", "county", "code_section", "level", "conviction_date"];

/// Maps the schema's column names to the names in an office's own export.
///
/// ```toml
/// # mapping.toml: schema column = header in your file
/// [columns]
/// person_id = "Defendant No"
/// name = "Defendant"
/// conviction_date = "Disposition Date"
/// ```
/// Columns not listed keep their schema name.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnMapping {
    #[serde(default)]
    pub columns: HashMap<String, String>,
    /// The file it was loaded from, for messages.
    #[serde(skip)]
    pub path: Option<std::path::PathBuf>,
}

impl ColumnMapping {
    /// Loads and checks a mapping file: every key must be a schema column.
    pub fn load(path: &Path) -> Result<ColumnMapping, IngestError> {
        let err = |message: String| IngestError::Mapping { path: path.to_owned(), message };
        let text = std::fs::read_to_string(path).map_err(|e| err(format!("cannot read: {e}")))?;
        let mapping: ColumnMapping =
            toml::from_str(&text).map_err(|e| err(e.to_string().trim_end().replace('\n', " ")))?;
        let mut mapping = mapping;
        mapping.path = Some(path.to_owned());
        let mut keys: Vec<&String> = mapping.columns.keys().collect();
        keys.sort();
        for key in keys {
            if !COLUMNS.contains(&key.as_str()) {
                return Err(err(format!("unknown column `{key}` (the schema has: {})", COLUMNS.join(", "))));
            }
        }
        Ok(mapping)
    }

    fn header_for<'a>(&'a self, column: &'a str) -> &'a str {
        self.columns.get(column).map_or(column, String::as_str)
    }
}

/// Maps of this file's own values (its header, person ids, rows): a fast
/// fixed hash; their order is never used.
type FastMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

/// Skip reason for the second and later lines of a record whose quoted
/// field spans lines.
const CONTINUATION: &str = "continuation line of a quoted field";

/// Skip reason for a row identical to an earlier row of the same file.
pub const DUPLICATE: &str = "duplicate row (the same as an earlier row of the file)";

/// Reads one case-list file and hands its people to `sink`.
pub(super) fn read_file(
    file: u32,
    path: &Path,
    mapping: Option<&ColumnMapping>,
    report: &mut ReadReport,
    sink: &mut dyn Sink,
) -> Result<(), IngestError> {
    let Some(opened) = source::open(path)? else {
        return Ok(());
    };
    let index = file as usize;
    let default_mapping = ColumnMapping::default();
    let mapping = mapping.unwrap_or(&default_mapping);
    let mut reader = MultiLineRecords::new(opened.reader);
    let mut record = csv::ByteRecord::new();
    let skip = |report: &mut ReadReport, reason: &str, lines: u64| {
        if lines > 0 {
            report.rows += lines;
            report.files[index].rows += lines;
            report.files[index].skipped += lines;
            *report.skipped.entry(reason.to_owned()).or_insert(0) += lines;
        }
    };

    // Header (blank lines before it are skipped).
    let header_at = loop {
        match reader.next_record(&mut record) {
            Ok(Some(at)) if at.outcome == Err(LineProblem::Blank) => skip(report, "blank line", 1),
            Ok(Some(at)) => break at,
            Ok(None) => return Ok(()),
            Err(err) => {
                let line = reader.line_number() + 1;
                return Err(IngestError::Read { path: path.to_owned(), line, message: source::describe_io(&err) });
            }
        }
    };
    if let Err(problem) = header_at.outcome {
        return Err(IngestError::CaseListHeader {
            path: path.to_owned(),
            line: header_at.first,
            message: format!("the header cannot be read: {}", problem.reason()),
        });
    }
    skip(report, "header row", 1);
    skip(report, CONTINUATION, header_at.lines() - 1);
    let headers: Vec<String> = record.iter().map(|h| decode(h).to_ascii_lowercase()).collect();
    let mut positions: FastMap<&str, usize> = FastMap::default();
    for column in COLUMNS {
        let wanted = mapping.header_for(column).to_ascii_lowercase();
        if let Some(pos) = headers.iter().position(|h| *h == wanted) {
            positions.insert(column, pos);
        }
    }
    let missing: Vec<String> = REQUIRED
        .iter()
        .filter(|column| !positions.contains_key(*column))
        .map(|column| match (mapping.header_for(column), &mapping.path) {
            (header, _) if header == *column => format!("`{column}`"),
            (header, Some(file)) => {
                format!("`{header}` (for {column}: key `columns.{column}` of the mapping {})", file.display())
            }
            (header, None) => format!("`{header}` (for {column})"),
        })
        .collect();
    if !missing.is_empty() {
        return Err(IngestError::CaseListHeader {
            path: path.to_owned(),
            line: 1,
            message: format!(
                "not a DOJ research file, and as a case list it lacks the column(s) {}; give a --mapping file if your export names them differently",
                missing.join(", ")
            ),
        });
    }

    let mut interner = Interner::default();
    let conviction = interner.get(b"CONVICTED");
    // People in the order first seen, and where each person id is.
    let mut people: Vec<Person> = Vec::new();
    let mut index_of: FastMap<Box<[u8]>, usize> = FastMap::default();
    let mut seen: std::collections::HashSet<Box<[u8]>, foldhash::fast::FixedState> = Default::default();
    // Each spelling of a code section parsed once, shared by its counts.
    let mut sections: FastMap<Box<[u8]>, (Arc<str>, Option<Arc<CodeSection>>)> = FastMap::default();
    let display = report.files[index].path.clone();
    loop {
        let at = match reader.next_record(&mut record) {
            Ok(Some(at)) => at,
            Ok(None) => break,
            Err(err) => {
                let last_line = reader.line_number();
                let message = format!("reading stopped after line {last_line}: {}", source::describe_io(&err));
                report.file_errors += 1;
                report.files[index].error = Some(message.clone());
                sink.reject(Reject {
                    file: display.clone(),
                    line: last_line + 1,
                    field: String::new(),
                    reason: message,
                });
                break;
            }
        };
        let line = at.first;
        // The lines after the first of a record are counted as skipped.
        skip(report, CONTINUATION, at.lines() - 1);
        match at.outcome {
            Ok(()) => {}
            Err(LineProblem::Blank) => {
                skip(report, "blank line", 1);
                continue;
            }
            Err(problem) => {
                report.rows += 1;
                report.files[index].rows += 1;
                report.rejected += 1;
                report.files[index].rejected += 1;
                let reason = format!("{}: {}", at.where_(), problem.reason());
                sink.reject(Reject { file: display.clone(), line, field: "-".to_owned(), reason });
                continue;
            }
        }
        report.rows += 1;
        report.files[index].rows += 1;
        let field = |column: &str| positions.get(column).and_then(|&pos| record.get(pos)).unwrap_or(b"").trim_ascii();
        let mut reject = |field: &str, reason: String| {
            report.rejected += 1;
            report.files[index].rejected += 1;
            sink.reject(Reject { file: display.clone(), line, field: field.to_owned(), reason });
        };
        if record.len() != headers.len() {
            reject("-", format!("expected {} fields (as in the header), found {}", headers.len(), record.len()));
            continue;
        }
        let mut blank = None;
        for column in REQUIRED {
            if field(column).is_empty() {
                blank = Some(column);
                break;
            }
        }
        if let Some(column) = blank {
            reject(mapping.header_for(column), "blank".to_owned());
            continue;
        }
        let Some(conviction_date) = parse_date(field("conviction_date")) else {
            reject(mapping.header_for("conviction_date"), "not a date (YYYY-MM-DD, YYYYMMDD or MM/DD/YYYY)".to_owned());
            continue;
        };
        let Some(level) = Level::parse(&decode(field("level"))) else {
            reject(mapping.header_for("level"), "not F, M or I".to_owned());
            continue;
        };
        let dob_text = field("dob");
        let dob = parse_date(dob_text);
        if dob.is_none() && !dob_text.is_empty() {
            reject(mapping.header_for("dob"), "not a date (YYYY-MM-DD, YYYYMMDD or MM/DD/YYYY)".to_owned());
            continue;
        }
        let end_text = field("sentence_end_date");
        let sentence_end = parse_date(end_text);
        if sentence_end.is_none() && !end_text.is_empty() {
            reject(
                mapping.header_for("sentence_end_date"),
                "not a date (YYYY-MM-DD, YYYYMMDD or MM/DD/YYYY)".to_owned(),
            );
            continue;
        }
        if std::str::from_utf8(record.as_slice()).is_err() {
            report.latin1_rows += 1;
            report.files[index].latin1_rows += 1;
        }

        // An exact copy of an earlier row (the `count` column included, when
        // there is one) is one conviction exported twice.
        let copy: Box<[u8]> = record.iter().flat_map(|f| f.iter().copied().chain([0x1f])).collect();
        if !seen.insert(copy) {
            report.files[index].skipped += 1;
            *report.skipped.entry(DUPLICATE.to_owned()).or_insert(0) += 1;
            continue;
        }
        let subject = field("person_id");
        let at = match index_of.get(subject) {
            Some(&at) => at,
            None => {
                index_of.insert(subject.into(), people.len());
                people.push(Person::new(decode(subject).into_owned(), SourceRef { file, line }));
                people.len() - 1
            }
        };
        let person = &mut people[at];
        person.rows += 1;
        report.files[index].modeled += 1;
        person.add_name(&decode(field("name")));
        person.add_dob(dob);
        if person.cii.is_empty() {
            person.cii = decode(field("cii")).into_owned();
        }
        let case_number = decode(field("case_number")).into_owned();
        let court = interner.get(field("court"));
        let case_index = match person
            .cases
            .iter()
            .position(|case| case.court == court && case.case_numbers.first() == Some(&case_number))
        {
            Some(found) => found,
            None => {
                let step = person.cases.len() as u32 + 1;
                let agency = decode(field("prosecuting_agency"));
                // Most people have one or two cases of one count each: no
                // room for four (the default growth) held for the whole read.
                person.cases.reserve_exact(1);
                person.cases.push(Case {
                    step: CountId::from_parts(step / 1000, step % 1000, 0).step(),
                    kind: CaseKind::CourtAction,
                    ori_code: court.clone(),
                    court,
                    county: interner.get(&field("county").to_ascii_uppercase()),
                    date: Some(conviction_date),
                    case_numbers: vec![case_number],
                    agency: (!agency.is_empty()).then(|| agency.into_owned()),
                    counts: Vec::with_capacity(1),
                });
                person.cases.len() - 1
            }
        };
        let case = &mut person.cases[case_index];
        let step = case.step.0;
        let raw_offense = field("code_section");
        let (offense_text, section) = match sections.get(raw_offense) {
            Some((text, section)) => (text.clone(), section.clone()),
            None => {
                let offense = decode(raw_offense).into_owned();
                let section = CodeSection::parse(&offense).map(Arc::new);
                let text: Arc<str> = Arc::from(offense);
                sections.insert(raw_offense.into(), (text.clone(), section.clone()));
                (text, section)
            }
        };
        let mut count = Count {
            id: CountId::from_parts(step / 1000, step % 1000, case.counts.len() as u32 + 1),
            source: SourceRef { file, line },
            offense_text,
            section,
            charge_from_comment: false,
            comment_mentions_prop64: false,
            level: Some(level),
            disposition: conviction.clone(),
            convicted: true,
            conviction_date: Some(conviction_date),
            sentence: Vec::new(),
            sentence_end,
            flags: Vec::new(),
        };
        if count.section.is_none() {
            count.flag(CountFlag::OffenseUnreadable);
        }
        case.counts.push(count);
    }
    drop((seen, sections, index_of));
    sink.people_coming(people.len());
    for mut person in people {
        person.finish();
        report.people += 1;
        report.modeled += person.rows;
        sink.person(person);
    }
    Ok(())
}

/// `YYYY-MM-DD`, `YYYYMMDD` or `MM/DD/YYYY`.
pub fn parse_date(bytes: &[u8]) -> Option<Date> {
    let text = std::str::from_utf8(bytes.trim_ascii()).ok()?;
    if text.len() == 8 && text.bytes().all(|b| b.is_ascii_digit()) {
        return parse_yyyymmdd(text.as_bytes());
    }
    // `YYYY-MM-DD`, the usual spelling, without the general parser.
    if let [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = *text.as_bytes()
        && [y0, y1, y2, y3, m0, m1, d0, d1].iter().all(u8::is_ascii_digit)
    {
        let number = |digits: &[u8]| digits.iter().fold(0u32, |n, &d| n * 10 + u32::from(d - b'0'));
        return Date::from_ymd_opt(number(&[y0, y1, y2, y3]) as i32, number(&[m0, m1]), number(&[d0, d1]));
    }
    Date::parse_from_str(text, "%Y-%m-%d").or_else(|_| Date::parse_from_str(text, "%m/%d/%Y")).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        let d = Date::from_ymd_opt(2001, 2, 3);
        assert_eq!(parse_date(b"2001-02-03"), d);
        assert_eq!(parse_date(b"20010203"), d);
        assert_eq!(parse_date(b"02/03/2001"), d);
        assert_eq!(parse_date(b"2/3/2001"), d);
        assert_eq!(parse_date(b"2001-02-30"), None);
        assert_eq!(parse_date(b"2001-13-01"), None);
        assert_eq!(parse_date(b" 2001-02-03 "), d);
        assert_eq!(parse_date(b"2001-2-3"), d, "the general parser, unpadded");
        assert_eq!(parse_date(b""), None);
    }
}
