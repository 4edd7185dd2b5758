//! Reviewer decisions: a CSV in which a person records what to do with a
//! count after looking at it (`subject_id, count_id, decision, note,
//! reviewer`), fed back into `classify`. A decision overrides the engine's
//! determination for that count, and the outputs say so (`decided_by`,
//! `engine_determination`).
//!
//! Nothing is applied silently: every row is applied, or reported as a
//! [`Problem`] with file, line and column. Problems never quote a person's
//! name or identifiers, only where to look.

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;

use crate::eligibility::{Decision, Determination, Path as ReliefPath, Relief};
use crate::model::CountId;

/// The columns a decisions file must have (in any order).
pub const COLUMNS: [&str; 5] = ["subject_id", "count_id", "decision", "note", "reviewer"];

/// The rule id of a determination a reviewer made.
pub const RULE: &str = "reviewer_decision";

/// The citation of a reviewer's decision that differs from the engine's.
pub const CITATION: &str = "HS 11361.8 (reviewer decision)";

/// What is wrong with a row of a decisions file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// A required column is missing from the header: no row is applied.
    MissingColumn,
    /// The row cannot be read (wrong number of fields, broken quoting).
    Unreadable,
    /// Blank `subject_id`, or a `count_id` that is not 12 digits.
    InvalidId,
    /// `decision` is not one of `dismiss`, `reduce`, `not_eligible`, `review`.
    InvalidDecision,
    /// A second row for the same count: none of that count's rows is applied.
    Duplicate,
    /// No such count was decided in this run (a warning, not an error).
    UnknownId,
}

/// One problem, with where to look.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub file: String,
    /// 1-based line of the row (1 is the header).
    pub line: u64,
    /// The column to look at, empty for the whole row.
    pub column: String,
    pub kind: ProblemKind,
    pub message: String,
}

impl Problem {
    /// Everything except an unknown id makes the run fail.
    pub fn is_error(&self) -> bool {
        self.kind != ProblemKind::UnknownId
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: ", self.file, self.line)?;
        if !self.column.is_empty() {
            write!(f, "column {}: ", self.column)?;
        }
        f.write_str(&self.message)
    }
}

/// A decisions file that cannot be opened or read.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{file}: cannot read the decisions file: {source}")]
    Io { file: String, source: std::io::Error },
}

/// One reviewer's row.
#[derive(Debug, Clone)]
pub struct Entry {
    pub count_id: CountId,
    pub line: u64,
    pub decision: Decision,
    pub note: String,
    pub reviewer: String,
    /// Another row names the same count: neither is applied.
    duplicate: bool,
    used: bool,
}

/// A loaded decisions file.
#[derive(Debug)]
pub struct Decisions {
    pub file: String,
    /// Data rows read (not counting the header).
    pub rows: u64,
    by_subject: HashMap<String, Vec<Entry>>,
    pub problems: Vec<Problem>,
    pub applied: u64,
    pub agreeing: u64,
    pub changing: u64,
}

/// Reads `dismiss`, `reduce`, `not_eligible`, `review` (any case).
pub fn parse_decision(text: &str) -> Option<Decision> {
    let text = text.trim();
    [Decision::Dismiss, Decision::Reduce, Decision::NotEligible, Decision::Review]
        .into_iter()
        .find(|d| d.as_str().eq_ignore_ascii_case(text))
}

impl Decisions {
    /// Reads a decisions file. Problems (a missing column, bad rows) are kept in
    /// [`Decisions::problems`]; only a file that cannot be read is an error.
    pub fn load(path: &Path) -> Result<Decisions, LoadError> {
        let file = path.display().to_string();
        let reader = std::fs::File::open(path).map_err(|source| LoadError::Io { file: file.clone(), source })?;
        Decisions::read(&file, reader)
    }

    /// Reads a decisions file from any reader; `file` names it in problems.
    pub fn read(file: &str, reader: impl std::io::Read) -> Result<Decisions, LoadError> {
        let mut csv = csv::ReaderBuilder::new().flexible(true).has_headers(false).from_reader(reader);
        let mut decisions = Decisions {
            file: file.to_owned(),
            rows: 0,
            by_subject: HashMap::new(),
            problems: Vec::new(),
            applied: 0,
            agreeing: 0,
            changing: 0,
        };
        let mut record = csv::ByteRecord::new();
        let io_error = |e: csv::Error| LoadError::Io { file: file.to_owned(), source: std::io::Error::other(e) };
        let header: Vec<String> = if csv.read_byte_record(&mut record).map_err(io_error)? {
            record
                .iter()
                .map(|h| String::from_utf8_lossy(h).trim().trim_start_matches('\u{feff}').to_ascii_lowercase())
                .collect()
        } else {
            Vec::new()
        };
        let mut at = [0usize; COLUMNS.len()];
        for (slot, column) in at.iter_mut().zip(COLUMNS) {
            match header.iter().position(|h| h == column) {
                Some(found) => *slot = found,
                None => decisions.problem(
                    1,
                    column,
                    ProblemKind::MissingColumn,
                    format!("the header has no `{column}` column (needs {}); no row is applied", COLUMNS.join(", ")),
                ),
            }
        }
        if !decisions.problems.is_empty() {
            return Ok(decisions);
        }
        let [subject_at, count_at, decision_at, note_at, reviewer_at] = at;
        // Where each count was first named, to report duplicates.
        let mut first_line: HashMap<(String, CountId), u64> = HashMap::new();
        loop {
            let line = csv.position().line();
            match csv.read_byte_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(err) => {
                    let line = err.position().map_or(line, |p| p.line());
                    decisions.rows += 1;
                    decisions.problem(line, "", ProblemKind::Unreadable, "the row cannot be read (quoting)".to_owned());
                    if matches!(err.kind(), csv::ErrorKind::Io(_)) {
                        break;
                    }
                    continue;
                }
            }
            let line = record.position().map_or(line, |p| p.line());
            decisions.rows += 1;
            if record.len() != header.len() {
                decisions.problem(
                    line,
                    "",
                    ProblemKind::Unreadable,
                    format!("{} fields, but the header has {}", record.len(), header.len()),
                );
                continue;
            }
            // Cells copied from a CSV the project wrote carry the leading
            // apostrophe that keeps them from being formulas; it is taken off.
            let text =
                |i: usize| crate::output::spreadsheet_literal(String::from_utf8_lossy(&record[i]).trim()).to_owned();
            let subject = text(subject_at);
            if subject.is_empty() {
                decisions.problem(line, "subject_id", ProblemKind::InvalidId, "blank".to_owned());
                continue;
            }
            let Some(count_id) = CountId::parse(&record[count_at]) else {
                decisions.problem(line, "count_id", ProblemKind::InvalidId, "not 12 digits".to_owned());
                continue;
            };
            let Some(decision) = parse_decision(&text(decision_at)) else {
                decisions.problem(
                    line,
                    "decision",
                    ProblemKind::InvalidDecision,
                    "not one of dismiss, reduce, not_eligible, review".to_owned(),
                );
                continue;
            };
            let entry = Entry {
                count_id,
                line,
                decision,
                note: text(note_at),
                reviewer: text(reviewer_at),
                duplicate: false,
                used: false,
            };
            match first_line.get(&(subject.clone(), count_id)) {
                Some(&first) => {
                    decisions.problem(
                        line,
                        "",
                        ProblemKind::Duplicate,
                        format!("the same count as line {first}; neither row is applied"),
                    );
                    let entries = decisions.by_subject.get_mut(&subject).expect("first row kept");
                    entries.iter_mut().filter(|e| e.count_id == count_id).for_each(|e| e.duplicate = true);
                }
                None => {
                    first_line.insert((subject.clone(), count_id), line);
                    decisions.by_subject.entry(subject).or_default().push(entry);
                }
            }
        }
        Ok(decisions)
    }

    fn problem(&mut self, line: u64, column: &str, kind: ProblemKind, message: String) {
        self.problems.push(Problem { file: self.file.clone(), line, column: column.to_owned(), kind, message });
    }

    /// The reviewer's row for this count, if one applies; marks it used.
    pub fn take(&mut self, subject_id: &str, count_id: CountId) -> Option<&Entry> {
        let entry = self.by_subject.get_mut(subject_id)?.iter_mut().find(|e| e.count_id == count_id)?;
        entry.used = true;
        (!entry.duplicate).then_some(&*entry)
    }

    /// Applies a reviewer's decision over the engine's determination, and counts it.
    pub fn apply(&mut self, entry: &Entry, engine: &Determination, serving: bool) -> Determination {
        let decided = decide(entry, engine, serving);
        self.applied += 1;
        if decided.decision == engine.decision {
            self.agreeing += 1;
        } else {
            self.changing += 1;
        }
        decided
    }

    /// Reports every row that matched no count of the run. Call once, at the end.
    pub fn finish(&mut self) {
        let mut unknown: Vec<u64> =
            self.by_subject.values().flatten().filter(|e| !e.used && !e.duplicate).map(|e| e.line).collect();
        unknown.sort_unstable();
        for line in unknown {
            self.problem(
                line,
                "",
                ProblemKind::UnknownId,
                "no count with this subject_id and count_id was decided in this run; not applied".to_owned(),
            );
        }
        self.problems.sort_by_key(|p| (p.line, p.kind));
    }

    /// Problems that make the run fail (everything but unknown ids).
    pub fn errors(&self) -> usize {
        self.problems.iter().filter(|p| p.is_error()).count()
    }

    pub fn summary(&self) -> DecisionsSummary {
        DecisionsSummary {
            file: self.file.clone(),
            rows: self.rows,
            applied: self.applied,
            agreeing_with_engine: self.agreeing,
            changing: self.changing,
            unknown_ids: self.problems.iter().filter(|p| p.kind == ProblemKind::UnknownId).count() as u64,
            errors: self.errors() as u64,
            problems: self.problems.clone(),
        }
    }
}

/// The `decisions` section of `summary.json`.
#[derive(Debug, Clone, Serialize)]
pub struct DecisionsSummary {
    pub file: String,
    pub rows: u64,
    pub applied: u64,
    pub agreeing_with_engine: u64,
    pub changing: u64,
    pub unknown_ids: u64,
    pub errors: u64,
    pub problems: Vec<Problem>,
}

/// The determination a reviewer's decision gives, the engine's being `engine`.
pub fn decide(entry: &Entry, engine: &Determination, serving: bool) -> Determination {
    let relief = match entry.decision {
        Decision::Dismiss => Relief::DismissAndSeal,
        Decision::Reduce if matches!(engine.relief, Relief::Misdemeanor | Relief::Infraction) => engine.relief,
        Decision::Reduce => Relief::Misdemeanor,
        Decision::NotEligible | Decision::Review => Relief::None,
    };
    let path =
        entry.decision.is_relief().then_some(if serving { ReliefPath::Petition } else { ReliefPath::Application });
    let citation = if entry.decision == engine.decision && relief == engine.relief {
        engine.citation.clone()
    } else {
        CITATION.to_owned()
    };
    let reason = if entry.note.is_empty() { "Reviewer decision (no note)".to_owned() } else { entry.note.clone() };
    Determination { decision: entry.decision, relief, path, rule: RULE.to_owned(), reason, citation }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Decisions {
        Decisions::read("d.csv", text.as_bytes()).unwrap()
    }

    fn engine(decision: Decision, relief: Relief) -> Determination {
        Determination {
            decision,
            relief,
            path: None,
            rule: "hs_11359_misdemeanor".to_owned(),
            reason: "x".to_owned(),
            citation: "HS 11361.8(e)".to_owned(),
        }
    }

    const ID: CountId = CountId(1_002_003_000);

    #[test]
    fn rows_are_read_by_header_name_in_any_order() {
        let mut d =
            load("reviewer,note,decision,count_id,subject_id\nA. Reviewer,\"checked, ok\",Dismiss,001002003000,S1\n");
        assert!(d.problems.is_empty(), "{:?}", d.problems);
        let entry = d.take("S1", ID).unwrap().clone();
        assert_eq!(entry.decision, Decision::Dismiss);
        assert_eq!((entry.note.as_str(), entry.reviewer.as_str(), entry.line), ("checked, ok", "A. Reviewer", 2));
        d.finish();
        assert!(d.problems.is_empty());
    }

    #[test]
    fn every_bad_row_is_reported_with_its_line_and_never_applied() {
        let mut d = load(concat!(
            "subject_id,count_id,decision,note,reviewer\n",
            "S1,001002003000,dismiss,,r\n",
            "S1,1234,dismiss,,r\n",
            ",001002003000,dismiss,,r\n",
            "S2,001002003000,dismisss,,r\n",
            "S1,001002003000,reduce,,r\n",
            "S3,001002003000,review\n",
            "S4,001002003000,review,,r\n",
        ));
        d.finish();
        let found: Vec<(u64, ProblemKind, &str)> =
            d.problems.iter().map(|p| (p.line, p.kind, p.column.as_str())).collect();
        assert_eq!(
            found,
            [
                (3, ProblemKind::InvalidId, "count_id"),
                (4, ProblemKind::InvalidId, "subject_id"),
                (5, ProblemKind::InvalidDecision, "decision"),
                (6, ProblemKind::Duplicate, ""),
                (7, ProblemKind::Unreadable, ""),
                (8, ProblemKind::UnknownId, ""),
            ]
        );
        assert_eq!(d.errors(), 5);
        assert!(d.take("S1", ID).is_none(), "duplicates are not applied");
        assert_eq!(d.problems[0].to_string(), "d.csv:3: column count_id: not 12 digits");
    }

    #[test]
    fn a_missing_column_is_reported_naming_it_and_nothing_is_applied() {
        let mut d = load("subject_id,count_id,note,reviewer\nS1,001002003000,x,r\n");
        assert_eq!(d.errors(), 1);
        assert_eq!(
            d.problems[0].to_string(),
            "d.csv:1: column decision: the header has no `decision` column (needs subject_id, count_id, decision, note, reviewer); no row is applied"
        );
        assert!(d.take("S1", ID).is_none());
        assert_eq!(load("").problems.len(), COLUMNS.len(), "an empty file has no columns");
    }

    #[test]
    fn overrides_follow_the_engine_where_they_agree() {
        let entry = |decision| Entry {
            count_id: ID,
            line: 2,
            decision,
            note: "seen the file".to_owned(),
            reviewer: "r".to_owned(),
            duplicate: false,
            used: false,
        };
        let reduce_infraction = engine(Decision::Reduce, Relief::Infraction);
        let d = decide(&entry(Decision::Reduce), &reduce_infraction, false);
        assert_eq!(
            (d.relief, d.path, d.citation.as_str()),
            (Relief::Infraction, Some(ReliefPath::Application), "HS 11361.8(e)")
        );
        assert_eq!((d.rule.as_str(), d.reason.as_str()), (RULE, "seen the file"));
        let review = engine(Decision::Review, Relief::None);
        let d = decide(&entry(Decision::Reduce), &review, true);
        assert_eq!(
            (d.relief, d.path, d.citation.as_str()),
            (Relief::Misdemeanor, Some(ReliefPath::Petition), CITATION)
        );
        let d = decide(&entry(Decision::Dismiss), &review, false);
        assert_eq!((d.decision, d.relief), (Decision::Dismiss, Relief::DismissAndSeal));
        let d = decide(&entry(Decision::NotEligible), &review, false);
        assert_eq!((d.relief, d.path), (Relief::None, None));
    }
}
