//! The DOJ research-file reader: rows → people, cases, counts.
//!
//! Two passes: [`prescan`] counts each person's runs of rows, then the full
//! parse builds people and hands each on when its last run ends. The hot
//! path reuses its record buffers ([`Fields`]: the line and where each field is), reads only the ~25 columns the model needs,
//! parses dates from bytes and interns repeated strings.
//!
//! Sensitive columns (SSN, driver licence, FBI number) are never read.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::columns as col;
use super::lines::{Fields, LineParser, LineProblem, Lines};
use super::prescan::{self, RunCounts, subject_key};
use super::text::{Interner, decode};
use super::{IngestError, ReadOptions, ReadReport, Reject, Sink, source};
use crate::code_section::{CodeSection, charge_from_row};
use crate::model::{
    Case, CaseKind, Count, CountFlag, CountId, Level, Person, SentencePart, SentenceUnit, SourceRef, parse_yyyymmdd,
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
    let watch = sink.watch();
    let mut complete = true;
    let mut parts = Vec::new();
    for (_, path) in files {
        // Problems opening or reading are reported by the full pass below.
        match source::open(path) {
            Ok(Some(opened)) => {
                complete &= prescan::scan_file(path, opened, &mut runs, watch.as_deref(), &mut parts).is_ok()
            }
            _ => complete = false,
        }
    }
    if let Some(watch) = watch {
        watch.finish(parts, &runs, complete);
    }
    let progress = progress_bar(options.progress, runs.records);
    let mut state = State {
        runs,
        interner: Interner::default(),
        charges: Charges::default(),
        current: None,
        pending: HashMap::new(),
    };
    // Two threads: one splits the files into records, this one models them.
    let paths: Vec<(usize, PathBuf)> = files.iter().map(|&(index, path)| (index, path.clone())).collect();
    let in_flight = AtomicUsize::new(0);
    let mut preparer = Preparer::default();
    std::thread::scope(|scope| -> Result<(), IngestError> {
        let (batches, received) = std::sync::mpsc::sync_channel::<Batch>(8);
        let (recycle, recycled) = std::sync::mpsc::channel::<(Vec<Slot>, Vec<Prepared>)>();
        std::thread::Builder::new()
            .name("split".to_owned())
            .spawn_scoped(scope, {
                let in_flight = &in_flight;
                move || split_records(&paths, &batches, &recycled, in_flight)
            })
            .map_err(|e| IngestError::Read {
                path: PathBuf::new(),
                line: 0,
                message: format!("cannot start a thread: {e}"),
            })?;
        for batch in received {
            match batch {
                Batch::Records { index, records, mut prepared, len } => {
                    in_flight.fetch_sub(1, Ordering::Relaxed);
                    let file = index as u32;
                    // The splitting thread prepares batches only when this thread lags.
                    if prepared.is_empty() {
                        prepared.extend(records[..len].iter().map(|record| preparer.prepare(record)));
                    }
                    for (record, prepared) in records[..len].iter().zip(prepared.drain(..)) {
                        let line = record.line;
                        report.rows += 1;
                        report.files[index].rows += 1;
                        let outcome = match prepared {
                            Ok(mut facts) => state.row(&record.record, &mut facts, file, line, report, sink),
                            Err(set_aside) => set_aside,
                        };
                        match outcome {
                            Outcome::Modeled => report.files[index].modeled += 1,
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
                    }
                    progress.set_position(report.rows);
                    let _ = recycle.send((records, prepared));
                }
                Batch::Stopped { index, last_line, message } => {
                    let message = format!("reading stopped after line {last_line}: {message}");
                    report.file_errors += 1;
                    report.files[index].error = Some(message.clone());
                    sink.reject(Reject {
                        file: report.files[index].path.clone(),
                        line: last_line + 1,
                        field: String::new(),
                        reason: message,
                    });
                }
                Batch::EndOfFile => state.end_run(report, sink),
                Batch::OpenFailed(err) => return Err(err),
            }
        }
        Ok(())
    })?;
    state.flush(report, sink);
    progress.finish_and_clear();
    Ok(())
}

/// What the splitting thread sends: records of one file, in order.
enum Batch {
    Records {
        index: usize,
        records: Vec<Slot>,
        /// Each record checked and parsed (see [`Preparer`]), on this thread.
        prepared: Vec<Prepared>,
        len: usize,
    },
    /// The file could not be read past `last_line`.
    Stopped {
        index: usize,
        last_line: u64,
        message: String,
    },
    EndOfFile,
    OpenFailed(IngestError),
}

/// One physical line: its number and its record, or why it has none.
#[derive(Clone, Default)]
struct Slot {
    record: Fields,
    line: u64,
    problem: Option<LineProblem>,
}

/// Records per batch sent between the threads.
const BATCH: usize = 512;

/// Batches waiting for the modeling thread at which the splitting thread
/// starts preparing records itself (the work goes wherever there is time).
const LAG: usize = 4;

/// Splits every file into records (the CSV parse), in batches, reusing the
/// record buffers the modeling thread sends back.
fn split_records(
    paths: &[(usize, PathBuf)],
    batches: &std::sync::mpsc::SyncSender<Batch>,
    recycled: &std::sync::mpsc::Receiver<(Vec<Slot>, Vec<Prepared>)>,
    in_flight: &AtomicUsize,
) {
    let mut preparer = Preparer::default();
    for (index, path) in paths {
        let index = *index;
        let opened = match source::open(path) {
            Ok(Some(opened)) => opened,
            Ok(None) => continue,
            Err(err) => {
                let _ = batches.send(Batch::OpenFailed(err));
                return;
            }
        };
        let mut lines = Lines::new(opened.reader);
        let mut parser = LineParser::default();
        let mut buf = Vec::new();
        let mut last_line = 0;
        loop {
            let (mut records, mut prepared) =
                recycled.try_recv().unwrap_or_else(|_| (vec![Slot::default(); BATCH], Vec::with_capacity(BATCH)));
            let mut len = 0;
            let mut stop = None;
            while len < BATCH {
                let slot = &mut records[len];
                match parser.next_fields(&mut lines, &mut buf, &mut slot.record) {
                    Ok(Some((line, outcome))) => {
                        slot.line = line;
                        slot.problem = outcome.err();
                        last_line = line;
                        len += 1;
                    }
                    Ok(None) => {
                        stop = Some(None);
                        break;
                    }
                    Err(err) => {
                        stop = Some(Some(source::describe_io(&err)));
                        break;
                    }
                }
            }
            // Busy modeling thread (batches waiting): prepare here, where there is time.
            if in_flight.load(Ordering::Relaxed) >= LAG {
                prepared.extend(records[..len].iter().map(|record| preparer.prepare(record)));
            }
            in_flight.fetch_add(1, Ordering::Relaxed);
            if len > 0 && batches.send(Batch::Records { index, records, prepared, len }).is_err() {
                return;
            }
            match stop {
                None => continue,
                Some(None) => break,
                Some(Some(message)) => {
                    let _ = batches.send(Batch::Stopped { index, last_line, message });
                    break;
                }
            }
        }
        if batches.send(Batch::EndOfFile).is_err() {
            return;
        }
    }
}

fn progress_bar(enabled: bool, total: u64) -> indicatif::ProgressBar {
    if !enabled {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::with_draw_target(Some(total), indicatif::ProgressDrawTarget::stderr());
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("reading {bar:40} {human_pos}/{human_len} rows, {eta} left")
    {
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
    charges: Charges,
    current: Option<Building>,
    /// People whose rows are not all read yet (not contiguous in the input).
    pending: HashMap<Box<[u8]>, Building>,
}

impl State {
    /// Adds one prepared row to its person.
    fn row(
        &mut self,
        rec: &Fields,
        facts: &mut Facts,
        file: u32,
        line: u64,
        report: &mut ReadReport,
        sink: &mut dyn Sink,
    ) -> Outcome {
        if facts.latin1 {
            report.latin1_rows += 1;
            report.files[file as usize].latin1_rows += 1;
        }
        let subject = rec[col::SUBJECT_ID].trim_ascii();
        let source = SourceRef { file, line };
        if self.current.as_ref().is_none_or(|b| &*b.subject != subject) {
            self.start_run(subject, source, report, sink);
        }
        let building = self.current.as_mut().expect("a run was just started");
        let person = &mut building.person;
        let interner = &mut self.interner;
        let kind_text = interner.column(col::STP_TYPE_DESCR, &rec[col::STP_TYPE_DESCR]);
        let kind = CaseKind::from_descr(&kind_text, kind_text.clone());
        let court = interner.column(col::STP_ORI_DESCR, &rec[col::STP_ORI_DESCR]);
        let county = interner.column(col::STP_ORI_CNTY_NAME, &rec[col::STP_ORI_CNTY_NAME]);
        let disposition = interner.column(col::DISP_DESCR, &rec[col::DISP_DESCR]);

        // Person-level facts.
        if person.cii.is_empty() {
            person.cii = decode(&rec[col::CII_NUMBER]).into_owned();
        }
        for column in [col::PRI_NAME, col::REQ_NAME] {
            let name = rec[column].trim_ascii();
            if !name.is_empty() && name != person.name.as_bytes() {
                person.add_name(&decode(name));
            }
        }
        person.add_dob(facts.dob);

        // The step (case). Real steps have one date, court and county; files
        // that reuse a step number for different events get one case per event.
        let step = facts.count_id.step();
        let case_index = match person.cases.iter().rposition(|case| {
            case.step == step
                && case.date == Some(facts.event_date)
                && Arc::ptr_eq(&case.court, &court)
                && Arc::ptr_eq(&case.county, &county)
                && case.kind == kind
        }) {
            Some(index) => index,
            None => {
                person.cases.push(Case {
                    step,
                    kind: kind.clone(),
                    ori_code: interner.column(col::STP_ORI_CODE, &rec[col::STP_ORI_CODE]),
                    court,
                    county,
                    date: Some(facts.event_date),
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
            CaseKind::Registration if rec[col::OFFENSE_DESCR].trim_ascii_start().starts_with(b"290") => {
                person.pc290_registration = true;
            }
            _ => {}
        }
        add_case_number(&mut case.case_numbers, &rec[col::FE_NUM_CRT_CASE]);

        // The count.
        let part = std::mem::replace(&mut facts.part, Ok(None));
        if let Some(count) = case.counts.iter_mut().rev().find(|count| count.id == facts.count_id) {
            if count.source.file != file && Arc::ptr_eq(&count.disposition, &disposition) {
                let same_part = match &part {
                    Ok(Some(part)) => count.sentence.contains(part),
                    Ok(None) => true,
                    Err(()) => false,
                };
                if same_part {
                    return Outcome::Skipped("duplicate row from another file");
                }
            }
            if facts.convicted && !count.convicted {
                count.convicted = true;
                count.disposition = disposition;
                count.conviction_date = case.date;
                count.level = facts.level;
                count.source = source;
            }
            add_part(count, part);
        } else {
            let charge = self.charges.get(rec);
            let mut count = Count {
                id: facts.count_id,
                source,
                offense_text: charge.text.clone(),
                section: charge.section.clone(),
                charge_from_comment: charge.from_comment,
                comment_mentions_prop64: charge.comment_mentions_prop64,
                level: facts.level,
                disposition,
                convicted: facts.convicted,
                conviction_date: if facts.convicted { case.date } else { None },
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
    fn start_run(&mut self, subject: &[u8], source: SourceRef, report: &mut ReadReport, sink: &mut dyn Sink) {
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
                let mut building = building;
                building.person.cii_subjects = self.runs.cii_subjects(&building.person.cii);
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
        for mut building in left {
            building.person.cii_subjects = self.runs.cii_subjects(&building.person.cii);
            emit(building, report, sink);
        }
    }
}

/// A record checked and parsed, or the reason it is set aside.
type Prepared = Result<Facts, Outcome>;

/// The parsed, checked fields of a readable row.
struct Facts {
    count_id: CountId,
    event_date: crate::model::Date,
    dob: Option<crate::model::Date>,
    latin1: bool,
    convicted: bool,
    level: Option<Level>,
    part: Result<Option<SentencePart>, ()>,
}

/// Reusable state for preparing rows.
#[derive(Default)]
struct Preparer {
    interner: Interner,
}

impl Preparer {
    /// Checks a row and parses what the model needs from it, or says why
    /// the row is set aside.
    fn prepare(&mut self, slot: &Slot) -> Result<Facts, Outcome> {
        match slot.problem {
            None => {}
            Some(LineProblem::Blank) => return Err(Outcome::Skipped("blank line")),
            Some(problem) => return Err(Outcome::Rejected { field: "-", reason: problem.reason() }),
        }
        let rec = &slot.record;
        let fields = rec.len();
        if fields != col::COUNT && !(fields == col::COUNT + 1 && rec[col::COUNT].trim_ascii().is_empty()) {
            return Err(Outcome::Rejected {
                field: "-",
                reason: format!("expected {} fields, found {fields}", col::COUNT),
            });
        }
        if rec[col::RECORD_ID].trim_ascii() == b"RECORD_ID" {
            return Err(Outcome::Skipped("header row"));
        }
        if memchr::memchr(0, rec.line()).is_some() {
            return Err(Outcome::Rejected { field: "-", reason: "the row holds binary (NUL) bytes".to_owned() });
        }
        let subject = rec[col::SUBJECT_ID].trim_ascii();
        if subject.is_empty() {
            return Err(Outcome::Rejected { field: "SUBJECT_ID", reason: "blank".to_owned() });
        }
        let Some(count_id) = CountId::parse(&rec[col::CNT_ORDER]) else {
            return Err(Outcome::Rejected {
                field: "CNT_ORDER",
                reason: format!("{}, not 12 digits (cycle, step, count, 000)", shape(&rec[col::CNT_ORDER])),
            });
        };
        let Some(event_date) = parse_yyyymmdd(&rec[col::STP_EVENT_DATE]) else {
            return Err(Outcome::Rejected {
                field: "STP_EVENT_DATE",
                reason: format!("{}, not a date (YYYYMMDD)", shape(&rec[col::STP_EVENT_DATE])),
            });
        };
        Ok(Facts {
            count_id,
            event_date,
            dob: parse_yyyymmdd(&rec[col::PRI_DOB]),
            // A line is ASCII exactly when its fields are; only a line that is not
            // needs its fields put together (as the check was made on them).
            latin1: !rec.line().is_ascii() && std::str::from_utf8(&rec.concatenated()).is_err(),
            convicted: rec[col::DISP_DESCR].trim_ascii_start().starts_with(b"CONVICTED"),
            level: level(rec),
            part: sentence_part(rec, &mut self.interner),
        })
    }
}

/// A charge as read from a row, shared by every count with the same text.
struct SharedCharge {
    text: Arc<str>,
    section: Option<Arc<CodeSection>>,
    from_comment: bool,
    comment_mentions_prop64: bool,
}

/// Charges already read, by offense and comment text: the same few hundred
/// spellings repeat over millions of rows, so each is parsed (and stored)
/// once. Bounded: cleared when it grows past [`Charges::LIMIT`] entries.
#[derive(Default)]
struct Charges {
    seen: HashMap<Vec<u8>, Arc<SharedCharge>>,
    key: Vec<u8>,
}

impl Charges {
    const LIMIT: usize = 100_000;

    fn get(&mut self, rec: &Fields) -> Arc<SharedCharge> {
        let (offense, comment) = (rec[col::OFFENSE_DESCR].trim_ascii(), rec[col::COMMENT_TEXT].trim_ascii());
        self.key.clear();
        self.key.extend_from_slice(offense);
        self.key.push(0);
        self.key.extend_from_slice(comment);
        if let Some(found) = self.seen.get(&self.key) {
            return found.clone();
        }
        let charge = charge_from_row(&decode(offense), &decode(comment));
        let shared = Arc::new(SharedCharge {
            text: Arc::from(charge.text),
            section: charge.section.map(Arc::new),
            from_comment: charge.from_comment,
            comment_mentions_prop64: charge.comment_mentions_prop64,
        });
        if self.seen.len() >= Self::LIMIT {
            self.seen.clear();
        }
        self.seen.insert(self.key.clone(), shared.clone());
        shared
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

/// The shape of a bad value for a reject reason ("9 digits", "7 characters:
/// letters, digits"), never the value itself: a misplaced column can put an
/// SSN or a name where a date belongs.
pub(super) fn shape(bytes: &[u8]) -> String {
    let bytes = bytes.trim_ascii();
    if bytes.is_empty() {
        return "a blank value".to_owned();
    }
    let length = bytes.len();
    if bytes.iter().all(u8::is_ascii_digit) {
        return format!("{length} digit{}", if length == 1 { "" } else { "s" });
    }
    let mut kinds = Vec::new();
    if bytes.iter().any(u8::is_ascii_alphabetic) {
        kinds.push("letters");
    }
    if bytes.iter().any(u8::is_ascii_digit) {
        kinds.push("digits");
    }
    if bytes.iter().any(|b| !b.is_ascii_alphanumeric()) {
        kinds.push("other characters");
    }
    format!("{length} byte{} ({})", if length == 1 { "" } else { "s" }, kinds.join(", "))
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
fn level(rec: &Fields) -> Option<Level> {
    let stat = rec[col::CONV_STAT_DESCR].trim_ascii();
    let text = if stat.is_empty() { rec[col::OFFENSE_TOC].trim_ascii() } else { stat };
    Level::parse(std::str::from_utf8(text).ok()?)
}

/// The row's sentence part: `Ok(None)` when it has none, `Err` when unreadable.
fn sentence_part(rec: &Fields, interner: &mut Interner) -> Result<Option<SentencePart>, ()> {
    let length = rec[col::SENT_LENGTH].trim_ascii();
    if length.is_empty() {
        return Ok(None);
    }
    if length.len() > 6 || !length.iter().all(u8::is_ascii_digit) {
        return Err(());
    }
    let length = length.iter().fold(0u32, |acc, &b| acc * 10 + u32::from(b - b'0'));
    let unit = match rec[col::SENT_TIME_CODE].trim_ascii().first().map(u8::to_ascii_uppercase) {
        Some(b'D') => SentenceUnit::Days,
        Some(b'M') => SentenceUnit::Months,
        Some(b'Y') => SentenceUnit::Years,
        _ => return Err(()),
    };
    Ok(Some(SentencePart { length, unit, kind: interner.column(col::SENT_LOC_DESCR, &rec[col::SENT_LOC_DESCR]) }))
}

fn add_part(count: &mut Count, part: Result<Option<SentencePart>, ()>) {
    match part {
        Ok(Some(part)) => count.sentence.push(part),
        Ok(None) => {}
        Err(()) => count.flag(CountFlag::SentenceUnreadable),
    }
}

#[cfg(test)]
mod tests {
    use super::shape;

    #[test]
    fn shapes_never_show_the_value() {
        assert_eq!(shape(b" 577123456 "), "9 digits");
        assert_eq!(shape(b"DOE,JOHN"), "8 bytes (letters, other characters)");
        assert_eq!(shape(b"A1B2"), "4 bytes (letters, digits)");
        assert_eq!(shape(b"  "), "a blank value");
        assert!(!shape(b"577-12-3456").contains("577"));
    }
}
