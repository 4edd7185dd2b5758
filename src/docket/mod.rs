//! The docket: a run's `determinations.csv` → court packets, the notice of
//! challenged cases and the review list.
//!
//! Dismiss and reduce rows go into packets: one per court, or per courthouse,
//! relief and batch of at most N rows as the office file says
//! ([`PacketOptions`]). `not_eligible` rows of a Prop 64 section (HS
//! 11357–11360) are the challenged cases: convictions the office will not ask
//! relief for, listed with their reason in the notice served on the court and
//! the public defender (HS 11361.8 lets the prosecution challenge). `review`
//! rows are the review list; so are relief rows whose court the directory
//! does not know (unassigned: listed by court description and count). Other
//! `not_eligible` rows (not a Prop 64 section, e.g. a PC 182 conspiracy) are
//! only counted. Every row ends up in exactly one place, by construction, and
//! [`Docket::reconciles`] checks the sum.
//!
//! Layout knows nothing of pages: this module hands plain data to the
//! renderer. Same CSV, same office file → same packets. Error messages name
//! the file, line and column, never a name, date of birth or identifier.

pub mod clerk_csv;
pub mod collate;
pub mod manifest;
pub(crate) mod stem;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::code_section::CodeSection;
use crate::eligibility::{Decision, Relief};
pub use crate::ledger::FiledStatus;
use crate::model::Date;
use crate::office::{Assignment, Court, CourtResolver, Courthouse, Mode, PacketOptions};

/// `determinations.csv` could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DocketError {
    #[error("{}: cannot read: {source}", path.display())]
    Open { path: PathBuf, source: std::io::Error },
    #[error("{}:1: no column `{column}` in the header (is this a determinations.csv written by `classify`?)", path.display())]
    MissingColumn { path: PathBuf, column: &'static str },
    #[error("{}:{line}: {}{message}", path.display(), column.map(|c| format!("column `{c}`: ")).unwrap_or_default())]
    Row { path: PathBuf, line: u64, column: Option<&'static str>, message: String },
    #[error("{}: cannot write: {source}", path.display())]
    Write { path: PathBuf, source: std::io::Error },
}

/// Columns every `determinations.csv` has (found by name, in any order).
pub const REQUIRED_COLUMNS: [&str; 18] = [
    "source",
    "line",
    "subject_id",
    "count_id",
    "name",
    "court",
    "county",
    "case_number",
    "code_section",
    "level",
    "conviction_date",
    "sentence_end",
    "determination",
    "relief",
    "path",
    "rule",
    "reason",
    "citation",
];

/// Columns written by other versions of `classify`: empty when absent.
pub const OPTIONAL_COLUMNS: [&str; 6] = ["aka", "dob", "cii", "prosecuting_agency", "decided_by", "source_kind"];

/// One row of `determinations.csv`, compact: repeated strings (court,
/// county, section, rule, reason, citation, ...) are shared.
///
/// Text is as the person wrote it: the `'` that `classify` put before a cell
/// a spreadsheet would run as a formula is taken off again (writers put it
/// back, see [`crate::output::spreadsheet_safe`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Line of the row in `determinations.csv` (the header is line 1).
    pub csv_line: u64,
    /// The input file and line the conviction was read from.
    pub source: Arc<str>,
    pub source_line: u64,
    pub subject_id: Box<str>,
    pub count_id: Box<str>,
    pub name: Box<str>,
    pub aka: Box<str>,
    pub dob: Box<str>,
    pub cii: Box<str>,
    /// The DOJ court description (`CASC SAN FRANCISCO`).
    pub court: Arc<str>,
    pub county: Arc<str>,
    /// One or more, `; `-separated.
    pub case_number: Box<str>,
    pub code_section: Arc<str>,
    /// `F`, `M`, `I` or empty.
    pub level: Arc<str>,
    pub conviction_date: Option<Date>,
    pub sentence_end: Option<Date>,
    pub determination: Decision,
    pub relief: Relief,
    /// `application`, `petition` or empty.
    pub path: Arc<str>,
    pub rule: Arc<str>,
    pub reason: Arc<str>,
    pub citation: Arc<str>,
    pub prosecuting_agency: Arc<str>,
    pub decided_by: Arc<str>,
    /// `both`, `doj_only` or `office_only` (empty when one kind of input was read).
    pub source_kind: Arc<str>,
}

/// Why a row is on the review list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewCause {
    /// The engine said `review`; the row's `reason` says what to check.
    Review,
    /// Dismiss or reduce, but the court is not in the office's directory and
    /// the description names no county court of the conviction's county.
    UnassignedCourt,
    /// Dismiss or reduce with no relief named (`classify` never writes one).
    NoRelief,
    /// The record gives no court case number: a clerk could not find the
    /// case, so it goes in no exhibit, form or notice until one is found.
    NoCaseNumber,
    /// The record names no court.
    NoCourt,
    /// The filing ledger has this conviction filed with other relief (or it
    /// is no longer eligible): never refiled without a person's decision.
    FiledChanged,
}

impl ReviewCause {
    /// The `cause` column of `review-list.csv`.
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewCause::Review => "review",
            ReviewCause::UnassignedCourt => "unassigned_court",
            ReviewCause::NoRelief => "no_relief",
            ReviewCause::NoCaseNumber => "no_case_number",
            ReviewCause::NoCourt => "no_court",
            ReviewCause::FiledChanged => "filed_changed",
        }
    }

    /// What the reviewer has to find (`review-list.csv`, `to_find`).
    pub fn to_find(self) -> &'static str {
        match self {
            ReviewCause::Review => "see the reason",
            ReviewCause::UnassignedCourt => "the court: add its description to the office file's court directory",
            ReviewCause::NoRelief => "the relief: the determination names none",
            ReviewCause::NoCaseNumber => "the court case number, in the court's index or the DOJ record",
            ReviewCause::NoCourt => "the court that entered the conviction, in the DOJ record or the court file",
            ReviewCause::FiledChanged => {
                "filed before with other relief (the filing ledger has it): check that filing and the court's order before filing again"
            }
        }
    }
}

/// Where a determination goes, before courts are assigned (that needs the
/// office file): the same for the docket and for `summary.json`'s `filing`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// Dismiss or reduce, findable: a packet row (unless its court is unassigned).
    Filing,
    /// Not eligible, a Prop 64 section, findable: the notice of challenged cases.
    Challenged,
    /// The review list, and why.
    Review(ReviewCause),
    /// Not eligible outside HS 11357–11360: only counted.
    Other,
}

/// Routes one determination. `prop64`: the code section is HS 11357–11360.
pub fn route(decision: Decision, relief: Relief, prop64: bool, court: &str, case_number: &str) -> Route {
    let unfindable = if court.trim().is_empty() {
        Some(ReviewCause::NoCourt)
    } else if case_number.split(';').all(|n| n.trim().is_empty()) {
        Some(ReviewCause::NoCaseNumber)
    } else {
        None
    };
    match decision {
        Decision::Review => Route::Review(ReviewCause::Review),
        Decision::NotEligible if !prop64 => Route::Other,
        Decision::NotEligible => unfindable.map_or(Route::Challenged, Route::Review),
        Decision::Dismiss | Decision::Reduce if relief == Relief::None => Route::Review(ReviewCause::NoRelief),
        Decision::Dismiss | Decision::Reduce => unfindable.map_or(Route::Filing, Route::Review),
    }
}

/// One row of the review list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewItem {
    pub cause: ReviewCause,
    pub row: Row,
}

/// A conviction the office will not ask relief for, for the notice of
/// challenged cases; its `reason` and `citation` say why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenged {
    /// `None` when unassigned (see [`Docket::unassigned`]).
    pub court: Option<Arc<Court>>,
    pub row: Row,
}

/// A conviction the filing ledger has filed with the same relief: left out
/// of new packets, listed as filed (awaiting the order, or decided).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlreadyFiled {
    pub row: Row,
    pub status: FiledStatus,
}

/// What the ledger knows of each filed conviction, by (subject id, count id).
pub type FiledMap = HashMap<(String, String), FiledStatus>;

/// A court description no packet could take, and how many rows named it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnassignedCourt {
    pub description: String,
    pub rows: u64,
}

/// One complete filing: a motion, Exhibit A, a proposed order, the clerk's CSV.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Packet {
    /// Stable and unique in the docket: `LOS ANGELES / CASC LOS ANGELES METRO / dismiss_and_seal / part 2 of 3`.
    pub id: String,
    /// For file names: `[a-z0-9-]`, at most 100 characters, unique in the docket.
    pub stem: String,
    pub court: Arc<Court>,
    /// When grouped by courthouse (or per case).
    pub courthouse: Option<Arc<Courthouse>>,
    /// When split by relief.
    pub relief: Option<Relief>,
    /// 1-based; `parts` > 1 when `max_rows_per_packet` cut the group.
    pub part: u32,
    pub parts: u32,
    /// In Exhibit A order: relief (dismiss and seal, misdemeanor,
    /// infraction), name, case number, count. Row number = index + 1.
    pub rows: Vec<Row>,
}

impl Packet {
    /// `(row number, row)`, numbered 1..=N within the packet.
    pub fn numbered(&self) -> impl Iterator<Item = (u32, &Row)> {
        self.rows.iter().enumerate().map(|(i, row)| (i as u32 + 1, row))
    }

    /// The reliefs the packet asks for, in order.
    pub fn reliefs(&self) -> Vec<Relief> {
        let mut reliefs: Vec<Relief> = self.rows.iter().map(|r| r.relief).collect();
        reliefs.dedup();
        reliefs
    }
}

/// Where every row of `determinations.csv` went.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reconciliation {
    /// Rows read.
    pub rows: u64,
    pub packets: u64,
    pub packet_rows: u64,
    /// Filed before (the filing ledger), with the same relief: in no new packet.
    #[serde(default)]
    pub already_filed: u64,
    pub challenged: u64,
    pub review: u64,
    /// `not_eligible` rows outside HS 11357–11360: counted, in no list.
    pub not_eligible_other: u64,
    /// Of the review and challenged rows, those whose court is unassigned.
    pub unassigned: u64,
    /// `rows = packet_rows + already_filed + challenged + review + not_eligible_other`.
    pub reconciles: bool,
}

/// Packets, the challenged cases and the review list of one run.
#[derive(Debug, Clone)]
pub struct Docket {
    /// In court, courthouse, relief, part order (per case: then name, case number).
    pub packets: Vec<Packet>,
    /// In court, name, case number, count order.
    pub challenged: Vec<Challenged>,
    /// In `determinations.csv` order.
    pub review: Vec<ReviewItem>,
    /// Filed before with the same relief, in `determinations.csv` order.
    pub already_filed: Vec<AlreadyFiled>,
    pub not_eligible_other: u64,
    /// By description.
    pub unassigned: Vec<UnassignedCourt>,
    /// Rows read.
    pub rows: u64,
}

impl Docket {
    /// Reads `determinations.csv` (columns by header name) and groups it.
    pub fn read(path: &Path, courts: &CourtResolver, options: &PacketOptions) -> Result<Docket, DocketError> {
        Docket::read_with_ledger(path, courts, options, FiledMap::new())
    }

    /// As [`Docket::read`], leaving out what the filing ledger has filed.
    pub fn read_with_ledger(
        path: &Path,
        courts: &CourtResolver,
        options: &PacketOptions,
        filed: FiledMap,
    ) -> Result<Docket, DocketError> {
        let mut builder = DocketBuilder::new(courts, options.clone());
        builder.filed = filed;
        read_rows(path, |row| builder.add(row))?;
        Ok(builder.finish())
    }

    /// Groups rows already read (tests, or a caller holding them).
    pub fn build(rows: impl IntoIterator<Item = Row>, courts: &CourtResolver, options: &PacketOptions) -> Docket {
        let mut builder = DocketBuilder::new(courts, options.clone());
        rows.into_iter().for_each(|row| builder.add(row));
        builder.finish()
    }

    /// The challenged cases of one court (county, normalised).
    pub fn challenged_for<'a>(&'a self, county: &'a str) -> impl Iterator<Item = &'a Challenged> + 'a {
        self.challenged.iter().filter(move |c| c.court.as_ref().is_some_and(|court| court.county == county))
    }

    /// The counts, derived from the lists.
    pub fn reconciliation(&self) -> Reconciliation {
        let packet_rows = self.packets.iter().map(|p| p.rows.len() as u64).sum();
        let (challenged, review) = (self.challenged.len() as u64, self.review.len() as u64);
        let already_filed = self.already_filed.len() as u64;
        Reconciliation {
            rows: self.rows,
            packets: self.packets.len() as u64,
            packet_rows,
            already_filed,
            challenged,
            review,
            not_eligible_other: self.not_eligible_other,
            unassigned: self.unassigned.iter().map(|u| u.rows).sum(),
            reconciles: self.rows == packet_rows + already_filed + challenged + review + self.not_eligible_other,
        }
    }

    /// Every row read is in exactly one packet, the already-filed list, the
    /// challenged notice, the review list, or counted as not eligible
    /// outside HS 11357–11360.
    pub fn reconciles(&self) -> bool {
        self.reconciliation().reconciles
    }
}

/// A case's place among the per-case packets: (name's sort key, name, case
/// number, subject id).
type CaseKey = (String, Box<str>, Box<str>, Box<str>);

/// Packet grouping key, in packet order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct GroupKey {
    county: String,
    courthouse: Option<String>,
    relief: Option<Relief>,
    /// Per case: (name's sort key, name, case number, subject id).
    case: Option<CaseKey>,
}

struct Group {
    court: Arc<Court>,
    courthouse: Option<Arc<Courthouse>>,
    rows: Vec<Row>,
}

/// Adds rows one at a time; [`DocketBuilder::finish`] sorts and cuts packets.
pub struct DocketBuilder<'a> {
    courts: &'a CourtResolver,
    options: PacketOptions,
    /// (description, county) → assignment, resolved once per pair.
    resolved: HashMap<(Arc<str>, Arc<str>), Option<Assignment>>,
    groups: BTreeMap<GroupKey, Group>,
    challenged: Vec<Challenged>,
    review: Vec<ReviewItem>,
    /// The filing ledger's convictions ([`Docket::read_with_ledger`]).
    pub filed: FiledMap,
    already_filed: Vec<AlreadyFiled>,
    not_eligible_other: u64,
    unassigned: BTreeMap<String, u64>,
    rows: u64,
}

impl<'a> DocketBuilder<'a> {
    pub fn new(courts: &'a CourtResolver, options: PacketOptions) -> Self {
        DocketBuilder {
            courts,
            options,
            resolved: HashMap::new(),
            groups: BTreeMap::new(),
            challenged: Vec::new(),
            review: Vec::new(),
            filed: FiledMap::new(),
            already_filed: Vec::new(),
            not_eligible_other: 0,
            unassigned: BTreeMap::new(),
            rows: 0,
        }
    }

    fn assignment(&mut self, row: &Row) -> Option<Assignment> {
        let key = (row.court.clone(), row.county.clone());
        let courts = self.courts;
        let assignment = self.resolved.entry(key).or_insert_with(|| courts.resolve(&row.court, &row.county)).clone();
        if assignment.is_none() {
            *self.unassigned.entry(crate::office::courts::normalize(&row.court)).or_default() += 1;
        }
        assignment
    }

    pub fn add(&mut self, row: Row) {
        self.rows += 1;
        let prop64 = CodeSection::parse(&row.code_section).is_some_and(|s| s.is_prop64());
        let route = route(row.determination, row.relief, prop64, &row.court, &row.case_number);
        // Filed before: the same relief is not asked twice; anything else is a person's call.
        if matches!(route, Route::Filing | Route::Challenged)
            && !self.filed.is_empty()
            && let Some(status) = self.filed.get(&(row.subject_id.to_string(), row.count_id.to_string()))
        {
            if route == Route::Filing && status.relief == row.relief.as_str() {
                let status = status.clone();
                self.already_filed.push(AlreadyFiled { row, status });
            } else {
                self.review.push(ReviewItem { cause: ReviewCause::FiledChanged, row });
            }
            return;
        }
        match route {
            Route::Review(cause) => self.review.push(ReviewItem { cause, row }),
            Route::Other => self.not_eligible_other += 1,
            Route::Challenged => {
                let court = self.assignment(&row).map(|a| a.court);
                self.challenged.push(Challenged { court, row });
            }
            Route::Filing => {
                let Some(Assignment { court, courthouse }) = self.assignment(&row) else {
                    self.review.push(ReviewItem { cause: ReviewCause::UnassignedCourt, row });
                    return;
                };
                let per_case = self.options.mode == Mode::PerCase;
                let courthouse = (self.options.group_by_courthouse || per_case).then_some(courthouse);
                let key = GroupKey {
                    county: court.county.clone(),
                    courthouse: courthouse.as_ref().map(|c| c.name.clone()),
                    relief: (self.options.split_by_relief && !per_case).then_some(row.relief),
                    case: per_case.then(|| {
                        (
                            collate::name_key(&row.name).into_owned(),
                            row.name.clone(),
                            row.case_number.clone(),
                            row.subject_id.clone(),
                        )
                    }),
                };
                self.groups.entry(key).or_insert_with(|| Group { court, courthouse, rows: Vec::new() }).rows.push(row);
            }
        }
    }

    pub fn finish(self) -> Docket {
        let per_case = self.options.mode == Mode::PerCase;
        let max = match self.options.max_rows_per_packet {
            0 => usize::MAX,
            _ if per_case => usize::MAX,
            n => n as usize,
        };
        let mut stems = HashSet::new();
        let mut packets = Vec::new();
        let mut cases = 0u32;
        for (key, mut group) in self.groups {
            group.rows.sort_by(|a, b| exhibit_order(a).cmp(&exhibit_order(b)));
            let parts = group.rows.len().div_ceil(max) as u32;
            let mut id = key.county.clone();
            let mut base = stem::slug(&key.county);
            if let Some(courthouse) = &key.courthouse {
                id.push_str(&format!(" / {courthouse}"));
                base.push('-');
                base.push_str(&stem::slug(courthouse));
            }
            if let Some(relief) = key.relief {
                id.push_str(&format!(" / {}", relief.as_str()));
                base.push('-');
                base.push_str(&stem::slug(relief.as_str()));
            }
            if key.case.is_some() {
                cases += 1;
                id.push_str(&format!(" / case {cases}"));
                base.push_str(&format!("-case-{cases:05}"));
            }
            let mut rest = group.rows.into_iter();
            for part in 1..=parts {
                let (mut id, mut base) = (id.clone(), base.clone());
                if parts > 1 {
                    id.push_str(&format!(" / part {part} of {parts}"));
                    base.push_str(&format!("-{part:03}"));
                }
                // The last part takes the rest, reusing the group's buffer.
                let rows =
                    if part < parts { rest.by_ref().take(max).collect() } else { std::mem::take(&mut rest).collect() };
                packets.push(Packet {
                    id,
                    stem: stem::unique(&base, &mut stems),
                    court: group.court.clone(),
                    courthouse: group.courthouse.clone(),
                    relief: key.relief,
                    part,
                    parts,
                    rows,
                });
            }
        }
        let mut challenged = self.challenged;
        challenged.sort_by(|a, b| challenged_order(a).cmp(&challenged_order(b)));
        let unassigned =
            self.unassigned.into_iter().map(|(description, rows)| UnassignedCourt { description, rows }).collect();
        Docket {
            packets,
            challenged,
            review: self.review,
            already_filed: self.already_filed,
            not_eligible_other: self.not_eligible_other,
            unassigned,
            rows: self.rows,
        }
    }
}

/// (relief, name's sort key, name, case number, count id, subject id, line).
type ExhibitKey<'a> = (Relief, std::borrow::Cow<'a, str>, &'a str, &'a str, &'a str, &'a str, u64);

/// Exhibit A order: relief, name (by [`collate::name_key`]: accents with
/// their base letter), case number, count (then the name as written, subject
/// and line, so that the order is total).
fn exhibit_order(row: &Row) -> ExhibitKey<'_> {
    (
        row.relief,
        collate::name_key(&row.name),
        &row.name,
        &row.case_number,
        &row.count_id,
        &row.subject_id,
        row.csv_line,
    )
}

/// The notice's order: court (unassigned first), then as in Exhibit A.
fn challenged_order(c: &Challenged) -> (Option<&str>, ExhibitKey<'_>) {
    (c.court.as_ref().map(|court| court.county.as_str()), exhibit_order(&c.row))
}

/// Column indices of the header, resolved once.
struct Columns {
    required: [usize; REQUIRED_COLUMNS.len()],
    optional: [Option<usize>; OPTIONAL_COLUMNS.len()],
}

/// Positions in [`REQUIRED_COLUMNS`].
mod col {
    pub const SOURCE: usize = 0;
    pub const LINE: usize = 1;
    pub const SUBJECT_ID: usize = 2;
    pub const COUNT_ID: usize = 3;
    pub const NAME: usize = 4;
    pub const COURT: usize = 5;
    pub const COUNTY: usize = 6;
    pub const CASE_NUMBER: usize = 7;
    pub const CODE_SECTION: usize = 8;
    pub const LEVEL: usize = 9;
    pub const CONVICTION_DATE: usize = 10;
    pub const SENTENCE_END: usize = 11;
    pub const DETERMINATION: usize = 12;
    pub const RELIEF: usize = 13;
    pub const PATH: usize = 14;
    pub const RULE: usize = 15;
    pub const REASON: usize = 16;
    pub const CITATION: usize = 17;
}

/// Reads `determinations.csv`, handing each row to `each`.
pub fn read_rows(path: &Path, mut each: impl FnMut(Row)) -> Result<(), DocketError> {
    let file = std::fs::File::open(path).map_err(|source| DocketError::Open { path: path.to_owned(), source })?;
    let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(std::io::BufReader::new(file));
    let csv_error = |e: csv::Error| {
        let line = e.position().map_or(0, |p| p.line());
        let message = match e.kind() {
            csv::ErrorKind::UnequalLengths { len, expected_len, .. } => {
                format!("the row has {len} fields, the header {expected_len}")
            }
            csv::ErrorKind::Utf8 { err, .. } => format!("field {} is not UTF-8", err.field() + 1),
            csv::ErrorKind::Io(err) => format!("cannot read: {err}"),
            _ => "cannot read the row".to_owned(),
        };
        DocketError::Row { path: path.to_owned(), line, column: None, message }
    };
    let header = reader.headers().map_err(csv_error)?.clone();
    let find = |name: &str| header.iter().position(|h| h.trim() == name);
    let mut columns = Columns { required: [0; REQUIRED_COLUMNS.len()], optional: [None; OPTIONAL_COLUMNS.len()] };
    for (slot, name) in columns.required.iter_mut().zip(REQUIRED_COLUMNS) {
        *slot = find(name).ok_or(DocketError::MissingColumn { path: path.to_owned(), column: name })?;
    }
    for (slot, name) in columns.optional.iter_mut().zip(OPTIONAL_COLUMNS) {
        *slot = find(name);
    }
    let mut strings = Interner::default();
    let mut record = csv::StringRecord::new();
    while reader.read_record(&mut record).map_err(csv_error)? {
        let line = record.position().map_or(0, |p| p.line());
        let row = parse_row(&record, &columns, line, &mut strings).map_err(|(column, message)| DocketError::Row {
            path: path.to_owned(),
            line,
            column: Some(column),
            message,
        })?;
        each(row);
    }
    Ok(())
}

/// One record → a row; errors name the column (never the value, which may be personal).
fn parse_row(
    record: &csv::StringRecord,
    columns: &Columns,
    csv_line: u64,
    strings: &mut Interner,
) -> Result<Row, (&'static str, String)> {
    let get = |i: usize| crate::output::spreadsheet_literal(&record[columns.required[i]]);
    let optional = |i: usize| columns.optional[i].map_or("", |at| crate::output::spreadsheet_literal(&record[at]));
    let name = |i: usize| REQUIRED_COLUMNS[i];
    let date = |i: usize| match get(i) {
        "" => Ok(None),
        text => Date::parse_from_str(text, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| (name(i), "not a date (YYYY-MM-DD)".to_owned())),
    };
    let determination = match get(col::DETERMINATION) {
        "dismiss" => Decision::Dismiss,
        "reduce" => Decision::Reduce,
        "not_eligible" => Decision::NotEligible,
        "review" => Decision::Review,
        _ => return Err((name(col::DETERMINATION), "not dismiss, reduce, not_eligible or review".to_owned())),
    };
    let relief = match get(col::RELIEF) {
        "dismiss_and_seal" => Relief::DismissAndSeal,
        "misdemeanor" => Relief::Misdemeanor,
        "infraction" => Relief::Infraction,
        "" => Relief::None,
        _ => return Err((name(col::RELIEF), "not dismiss_and_seal, misdemeanor or infraction".to_owned())),
    };
    let source_line = match get(col::LINE) {
        "" => 0,
        text => text.parse().map_err(|_| (name(col::LINE), "not a line number".to_owned()))?,
    };
    Ok(Row {
        csv_line,
        source: strings.get(get(col::SOURCE)),
        source_line,
        subject_id: get(col::SUBJECT_ID).into(),
        count_id: get(col::COUNT_ID).into(),
        name: get(col::NAME).into(),
        aka: optional(0).into(),
        dob: optional(1).into(),
        cii: optional(2).into(),
        court: strings.get(get(col::COURT)),
        county: strings.get(get(col::COUNTY)),
        case_number: get(col::CASE_NUMBER).into(),
        code_section: strings.get(get(col::CODE_SECTION)),
        level: strings.get(get(col::LEVEL)),
        conviction_date: date(col::CONVICTION_DATE)?,
        sentence_end: date(col::SENTENCE_END)?,
        determination,
        relief,
        path: strings.get(get(col::PATH)),
        rule: strings.get(get(col::RULE)),
        reason: strings.get(get(col::REASON)),
        citation: strings.get(get(col::CITATION)),
        prosecuting_agency: strings.get(optional(3)),
        decided_by: strings.get(optional(4)),
        source_kind: strings.get(optional(5)),
    })
}

/// Shares repeated strings.
#[derive(Default)]
struct Interner(HashSet<Arc<str>>);

impl Interner {
    fn get(&mut self, text: &str) -> Arc<str> {
        if let Some(shared) = self.0.get(text) {
            return shared.clone();
        }
        let shared: Arc<str> = Arc::from(text);
        self.0.insert(shared.clone());
        shared
    }
}

#[cfg(test)]
pub(crate) mod tests;
