//! The DOJ research-file reader: rows → people, cases, counts.
//!
//! Two passes: [`prescan`] counts each person's runs of rows, then the full
//! parse builds people and hands each on when its last run ends. The hot
//! path reuses one `ByteRecord`, reads only the ~25 columns the model needs,
//! parses dates from bytes and interns repeated strings.
//!
//! Sensitive columns (SSN, driver licence, FBI number) are never read.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use csv::ByteRecord;

use super::columns as col;
use super::prescan::{self, RunCounts, subject_key};
use super::text::{Interner, decode};
use super::{IngestError, ReadOptions, ReadReport, Reject, Sink, source};
use crate::code_section::charge_from_row;
use crate::model::{
    Case, CaseKind, Count, CountFlag, CountId, Level, Person, SentencePart, SentenceUnit,
    SourceRef, parse_yyyymmdd,
};

/// Reads the DOJ files among the inputs. `files` holds (index in the run's
/// file list, path) in reading order.
pub(super) fn read_all(
    files: &[(usize, &PathBuf)],
    options: &ReadOptions,
    report: &mut ReadReport,
    sink: &mut dyn Sink,
) -> Result<(), IngestError> {
    let mut runs = RunCounts::default();
    for (_, path) in files {
        // Problems opening or reading are reported by the full pass below.
        if let Ok(Some(opened)) = source::open(path) {
            let _ = prescan::scan(opened.reader, &mut runs);
        }
    }
    let progress = progress_bar(options.progress, runs.records);
    let mut state = State {
        runs,
        interner: Interner::default(),
        current: None,
        pending: HashMap::new(),
    };
    for &(index, path) in files {
        let Some(opened) = source::open(path)? else {
            continue;
        };
        let file = index as u32;
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(1 << 16)
            .from_reader(opened.reader);
        let mut record = ByteRecord::new();
        let mut last_line = 0;
        loop {
            match reader.read_byte_record(&mut record) {
                Ok(true) => {
                    let line = record.position().map_or(last_line + 1, |p| p.line());
                    last_line = line;
                    report.rows += 1;
                    report.files[index].rows += 1;
                    match state.row(&record, file, line, report, sink) {
                        Outcome::Modeled => {}
                        Outcome::Skipped(reason) => {
                            *report.skipped.entry(reason.to_owned()).or_insert(0) += 1;
                            report.files[index].skipped += 1;
                        }
                        Outcome::Rejected { field, reason } => {
                            report.rejected += 1;
                            report.files[index].rejected += 1;
                            sink.reject(Reject {
                                file: report.files[index].path.clone(),
                                line,
                                field: field.to_owned(),
                                reason,
                            });
                        }
                    }
                    if report.rows % 65_536 == 0 {
                        progress.set_position(report.rows);
                    }
                }
                Ok(false) => break,
                Err(err) => {
                    let message = match err.kind() {
                        csv::ErrorKind::Io(io) => source::describe_io(io),
                        other => format!("{other:?}"),
                    };
                    let message = format!("reading stopped after line {last_line}: {message}");
                    report.file_errors += 1;
                    report.files[index].error = Some(message.clone());
                    sink.reject(Reject {
                        file: report.files[index].path.clone(),
                        line: last_line + 1,
                        field: String::new(),
                        reason: message,
                    });
                    break;
                }
            }
        }
        state.end_run(report, sink);
    }
    state.flush(report, sink);
    progress.finish_and_clear();
    Ok(())
}

fn progress_bar(enabled: bool, total: u64) -> indicatif::ProgressBar {
    if !enabled {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(total),
        indicatif::ProgressDrawTarget::stderr(),
    );
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "reading {bar:40} {human_pos}/{human_len} rows ({per_sec}, {eta} left)",
    ) {
        bar.set_style(style);
    }
    bar
}

enum Outcome {
    Modeled,
    Skipped(&'static str),
    Rejected { field: &'static str, reason: String },
}

/// A person being built, with how many runs of rows they came in.
struct Building {
    subject: Box<[u8]>,
    key: u64,
    person: Person,
    runs: u32,
}

struct State {
    runs: RunCounts,
    interner: Interner,
    current: Option<Building>,
    /// People whose rows are not all read yet (not contiguous in the input).
    pending: HashMap<Box<[u8]>, Building>,
}

impl State {
    fn row(
        &mut self,
        rec: &ByteRecord,
        file: u32,
        line: u64,
        report: &mut ReadReport,
        sink: &mut dyn Sink,
    ) -> Outcome {
        let fields = rec.len();
        if fields != col::COUNT
            && !(fields == col::COUNT + 1 && rec[col::COUNT].trim_ascii().is_empty())
        {
            return Outcome::Rejected {
                field: "-",
                reason: format!("expected {} fields, found {fields}", col::COUNT),
            };
        }
        if rec[col::RECORD_ID].trim_ascii() == b"RECORD_ID" {
            return Outcome::Skipped("header row");
        }
        if memchr::memchr(0, rec.as_slice()).is_some() {
            return Outcome::Rejected {
                field: "-",
                reason: "the row holds binary (NUL) bytes".to_owned(),
            };
        }
        let subject = rec[col::SUBJECT_ID].trim_ascii();
        if subject.is_empty() {
            return Outcome::Rejected {
                field: "SUBJECT_ID",
                reason: "blank".to_owned(),
            };
        }
        let Some(count_id) = CountId::parse(&rec[col::CNT_ORDER]) else {
            return Outcome::Rejected {
                field: "CNT_ORDER",
                reason: format!(
                    "{} is not 12 digits (cycle, step, count, 000)",
                    shown(&rec[col::CNT_ORDER])
                ),
            };
        };
        let Some(event_date) = parse_yyyymmdd(&rec[col::STP_EVENT_DATE]) else {
            return Outcome::Rejected {
                field: "STP_EVENT_DATE",
                reason: format!(
                    "{} is not a date (YYYYMMDD)",
                    shown(&rec[col::STP_EVENT_DATE])
                ),
            };
        };
        if std::str::from_utf8(rec.as_slice()).is_err() {
            report.latin1_rows += 1;
            report.files[file as usize].latin1_rows += 1;
        }

        let source = SourceRef { file, line };
        if self.current.as_ref().is_none_or(|b| &*b.subject != subject) {
            self.start_run(subject, source, report, sink);
        }
        let building = self.current.as_mut().expect("a run was just started");
        let interner = &mut self.interner;
        let person = &mut building.person;

        // Person-level facts.
        if person.cii.is_empty() {
            person.cii = decode(&rec[col::CII_NUMBER]).into_owned();
        }
        person.add_name(&decode(&rec[col::PRI_NAME]));
        person.add_name(&decode(&rec[col::REQ_NAME]));
        person.add_dob(parse_yyyymmdd(&rec[col::PRI_DOB]));

        // The step (case). Real steps have one date, court and county; files
        // that reuse a step number for different events get one case per event.
        let step = count_id.step();
        let court = interner.get(&rec[col::STP_ORI_DESCR]);
        let county = interner.get(&rec[col::STP_ORI_CNTY_NAME]);
        let kind_text = interner.get(&rec[col::STP_TYPE_DESCR]);
        let kind = CaseKind::from_descr(&kind_text, kind_text.clone());
        let case_index = match person.cases.iter().rposition(|case| {
            case.step == step
                && case.date == Some(event_date)
                && Arc::ptr_eq(&case.court, &court)
                && Arc::ptr_eq(&case.county, &county)
                && case.kind == kind
        }) {
            Some(index) => index,
            None => {
                person.cases.push(Case {
                    step,
                    kind: kind.clone(),
                    ori_code: interner.get(&rec[col::STP_ORI_CODE]),
                    court,
                    county,
                    date: Some(event_date),
                    case_numbers: Vec::new(),
                    agency: None,
                    counts: Vec::new(),
                });
                person.cases.len() - 1
            }
        };
        let case = &mut person.cases[case_index];
        match kind {
            CaseKind::CourtAction => add_case_number(&mut case.case_numbers, &rec[col::OFN]),
            CaseKind::Deceased => person.deceased = true,
            CaseKind::Registration
                if rec[col::OFFENSE_DESCR]
                    .trim_ascii_start()
                    .starts_with(b"290") =>
            {
                person.pc290_registration = true;
            }
            _ => {}
        }
        add_case_number(&mut case.case_numbers, &rec[col::FE_NUM_CRT_CASE]);

        // The count.
        let disposition = rec[col::DISP_DESCR].trim_ascii();
        let convicted = disposition.starts_with(b"CONVICTED");
        let part = sentence_part(rec, interner);
        if let Some(count) = case
            .counts
            .iter_mut()
            .rev()
            .find(|count| count.id == count_id)
        {
            if count.source.file != file && *count.disposition.as_bytes() == *disposition {
                let same_part = match &part {
                    Ok(Some(part)) => count.sentence.contains(part),
                    Ok(None) => true,
                    Err(()) => false,
                };
                if same_part {
                    return Outcome::Skipped("duplicate row from another file");
                }
            }
            if convicted && !count.convicted {
                count.convicted = true;
                count.disposition = interner.get(disposition);
                count.conviction_date = case.date;
                count.level = level(rec);
                count.source = source;
            }
            add_part(count, part);
        } else {
            let offense = decode(&rec[col::OFFENSE_DESCR]);
            let comment = decode(&rec[col::COMMENT_TEXT]);
            let charge = charge_from_row(&offense, &comment);
            let mut count = Count {
                id: count_id,
                source,
                offense_text: charge.text,
                section: charge.section,
                charge_from_comment: charge.from_comment,
                comment_mentions_prop64: charge.comment_mentions_prop64,
                level: level(rec),
                disposition: interner.get(disposition),
                convicted,
                conviction_date: if convicted { case.date } else { None },
                sentence: Vec::new(),
                sentence_end: None,
                flags: Vec::new(),
            };
            if count.section.is_none() {
                count.flag(CountFlag::OffenseUnreadable);
            }
            add_part(&mut count, part);
            case.counts.push(count);
        }
        person.rows += 1;
        Outcome::Modeled
    }

    /// Starts (or resumes) the run of `subject`, ending the current one.
    fn start_run(
        &mut self,
        subject: &[u8],
        source: SourceRef,
        report: &mut ReadReport,
        sink: &mut dyn Sink,
    ) {
        self.end_run(report, sink);
        let building = match self.pending.remove(subject) {
            Some(mut building) => {
                building.runs += 1;
                building
            }
            None => Building {
                subject: subject.into(),
                key: subject_key(subject),
                person: Person::new(decode(subject).into_owned(), source),
                runs: 1,
            },
        };
        self.current = Some(building);
    }

    /// Ends the current run: hands the person on if that was their last run.
    fn end_run(&mut self, report: &mut ReadReport, sink: &mut dyn Sink) {
        if let Some(building) = self.current.take() {
            if self.runs.finish_run(building.key) {
                emit(building, report, sink);
            } else {
                self.pending.insert(building.subject.clone(), building);
            }
        }
    }

    /// Hands on anyone still held (only if the pre-scan over-counted runs).
    fn flush(&mut self, report: &mut ReadReport, sink: &mut dyn Sink) {
        self.end_run(report, sink);
        let mut left: Vec<Building> = self.pending.drain().map(|(_, b)| b).collect();
        left.sort_by_key(|b| b.person.first_source);
        for building in left {
            emit(building, report, sink);
        }
    }
}

fn emit(mut building: Building, report: &mut ReadReport, sink: &mut dyn Sink) {
    building.person.finish();
    report.people += 1;
    report.modeled += building.person.rows;
    if building.runs > 1 {
        report.split_people += 1;
    }
    sink.person(building.person);
}

/// A short, safe rendering of a non-personal field value for a reject reason.
fn shown(bytes: &[u8]) -> String {
    let bytes = bytes.trim_ascii();
    if bytes.is_empty() {
        "a blank value".to_owned()
    } else if bytes.len() <= 20 && bytes.iter().all(|b| b.is_ascii_graphic() || *b == b' ') {
        format!("'{}'", String::from_utf8_lossy(bytes))
    } else {
        "the value".to_owned()
    }
}

fn add_case_number(numbers: &mut Vec<String>, bytes: &[u8]) {
    let bytes = bytes.trim_ascii();
    if bytes.is_empty() || bytes.eq_ignore_ascii_case(b"NULL") {
        return;
    }
    if !numbers.iter().any(|n| n.as_bytes() == bytes) {
        numbers.push(decode(bytes).into_owned());
    }
}

/// `CONV_STAT_DESCR`, or `OFFENSE_TOC` when that is blank.
fn level(rec: &ByteRecord) -> Option<Level> {
    let stat = decode(&rec[col::CONV_STAT_DESCR]);
    if stat.is_empty() {
        Level::parse(&decode(&rec[col::OFFENSE_TOC]))
    } else {
        Level::parse(&stat)
    }
}

/// The row's sentence part: `Ok(None)` when it has none, `Err` when unreadable.
fn sentence_part(rec: &ByteRecord, interner: &mut Interner) -> Result<Option<SentencePart>, ()> {
    let length = rec[col::SENT_LENGTH].trim_ascii();
    if length.is_empty() {
        return Ok(None);
    }
    if length.len() > 6 || !length.iter().all(u8::is_ascii_digit) {
        return Err(());
    }
    let length = length
        .iter()
        .fold(0u32, |acc, &b| acc * 10 + u32::from(b - b'0'));
    let unit = match rec[col::SENT_TIME_CODE]
        .trim_ascii()
        .first()
        .map(u8::to_ascii_uppercase)
    {
        Some(b'D') => SentenceUnit::Days,
        Some(b'M') => SentenceUnit::Months,
        Some(b'Y') => SentenceUnit::Years,
        _ => return Err(()),
    };
    Ok(Some(SentencePart {
        length,
        unit,
        kind: interner.get(&rec[col::SENT_LOC_DESCR]),
    }))
}

fn add_part(count: &mut Count, part: Result<Option<SentencePart>, ()>) {
    match part {
        Ok(Some(part)) => count.sentence.push(part),
        Ok(None) => {}
        Err(()) => count.flag(CountFlag::SentenceUnreadable),
    }
}
