//! People, cases and counts.

use std::sync::Arc;

use serde::Serialize;

use super::Date;
use crate::code_section::CodeSection;

/// Where a row came from: index into the run's list of input files, and the
/// 1-based line number of the row's start in that file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct SourceRef {
    pub file: u32,
    pub line: u64,
}

/// A count id: the 12-digit `CNT_ORDER`, cycle (3) + step (3) + count (3) + `000`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct CountId(pub u64);

/// A step id: the first six digits of `CNT_ORDER` (cycle + step). One step is one
/// event — an arrest, a court action — and is treated as the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct StepId(pub u32);

impl CountId {
    /// Parses exactly twelve ASCII digits (surrounding spaces allowed).
    pub fn parse(bytes: &[u8]) -> Option<CountId> {
        let bytes = bytes.trim_ascii();
        if bytes.len() != 12 || !bytes.iter().all(u8::is_ascii_digit) {
            return None;
        }
        Some(CountId(bytes.iter().fold(0u64, |acc, &b| acc * 10 + u64::from(b - b'0'))))
    }

    /// Builds an id from its parts (each 0..=999).
    pub fn from_parts(cycle: u32, step: u32, count: u32) -> CountId {
        CountId(((u64::from(cycle) * 1000 + u64::from(step)) * 1000 + u64::from(count)) * 1000)
    }

    pub fn cycle(self) -> u32 {
        (self.0 / 1_000_000_000) as u32
    }

    pub fn step(self) -> StepId {
        StepId((self.0 / 1_000_000) as u32)
    }
}

impl std::fmt::Display for CountId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:012}", self.0)
    }
}

impl StepId {
    pub fn cycle(self) -> u32 {
        self.0 / 1000
    }
}

impl std::fmt::Display for StepId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:06}", self.0)
    }
}

/// Felony, misdemeanor or infraction, as convicted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Level {
    #[serde(rename = "F")]
    Felony,
    #[serde(rename = "M")]
    Misdemeanor,
    #[serde(rename = "I")]
    Infraction,
}

impl Level {
    /// `F`, `M` or `I`.
    pub fn letter(self) -> &'static str {
        match self {
            Level::Felony => "F",
            Level::Misdemeanor => "M",
            Level::Infraction => "I",
        }
    }

    /// Reads `FELONY`/`MISDEMEANOR`/`INFRACTION` or a single `F`/`M`/`I`.
    pub fn parse(text: &str) -> Option<Level> {
        let text = text.trim();
        let first = text.as_bytes().first()?.to_ascii_uppercase();
        let word_ok = |word: &str| text.len() == 1 || text.eq_ignore_ascii_case(word);
        match first {
            b'F' if word_ok("FELONY") => Some(Level::Felony),
            b'M' if word_ok("MISDEMEANOR") => Some(Level::Misdemeanor),
            b'I' if word_ok("INFRACTION") => Some(Level::Infraction),
            _ => None,
        }
    }
}

/// What kind of event a step records (`STP_TYPE_DESCR`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub enum CaseKind {
    Arrest,
    CourtAction,
    Deceased,
    Registration,
    Other(Arc<str>),
}

impl CaseKind {
    pub fn from_descr(descr: &str, interned: Arc<str>) -> CaseKind {
        if descr.starts_with("ARREST") {
            CaseKind::Arrest
        } else if descr == "COURT ACTION" {
            CaseKind::CourtAction
        } else if descr == "DECEASED" {
            CaseKind::Deceased
        } else if descr.starts_with("REGISTRATION") {
            CaseKind::Registration
        } else {
            CaseKind::Other(interned)
        }
    }
}

/// The unit of a sentence part (`SENT_TIME_CODE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum SentenceUnit {
    Days,
    Months,
    Years,
}

/// One part of a sentence: `SENT_LENGTH` × `SENT_TIME_CODE` at a place (`JAIL`, `PROBATION`, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SentencePart {
    pub length: u32,
    pub unit: SentenceUnit,
    pub kind: Arc<str>,
}

/// Data-quality problems on one count. Kept, not rejected: the eligibility
/// stage sends flagged convictions to review rather than deciding on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CountFlag {
    /// The conviction date is before the person's date of birth.
    ConvictedBeforeBirth,
    /// A sentence length or unit could not be read.
    SentenceUnreadable,
    /// A sentence end date (given in a case list) is before the conviction date.
    SentenceEndsBeforeStart,
    /// No code section could be read from the offense or the comment.
    OffenseUnreadable,
    /// The conviction was recorded with no court case number.
    NoCaseNumber,
}

impl CountFlag {
    pub fn as_str(self) -> &'static str {
        match self {
            CountFlag::ConvictedBeforeBirth => "convicted_before_birth",
            CountFlag::SentenceUnreadable => "sentence_unreadable",
            CountFlag::SentenceEndsBeforeStart => "sentence_ends_before_start",
            CountFlag::OffenseUnreadable => "offense_unreadable",
            CountFlag::NoCaseNumber => "no_case_number",
        }
    }
}

/// Data-quality problems about the person as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PersonFlag {
    /// No readable date of birth.
    DobUnknown,
    /// Rows disagree about the date of birth; the first readable one is used.
    DobConflict,
}

impl PersonFlag {
    pub fn as_str(self) -> &'static str {
        match self {
            PersonFlag::DobUnknown => "dob_unknown",
            PersonFlag::DobConflict => "dob_conflict",
        }
    }
}

/// One count (charge) within a case.
#[derive(Debug, Clone, Serialize)]
pub struct Count {
    pub id: CountId,
    /// The row that created the count (the conviction row, for a conviction).
    pub source: SourceRef,
    /// The charge text as read (`11357(C)HS-POSSESS MARIJUANA`, or the comment).
    pub offense_text: Arc<str>,
    /// The parsed code section, when one could be read (shared: the same
    /// charge text is parsed once per run).
    pub section: Option<Arc<CodeSection>>,
    /// The charge was read from `COMMENT_TEXT` (offense said `SEE COMMENT FOR CHARGE`).
    pub charge_from_comment: bool,
    /// The comment names a Prop 64 section while the offense field names another charge.
    pub comment_mentions_prop64: bool,
    pub level: Option<Level>,
    /// `DISP_DESCR` of the first row (`CONVICTED-JAIL`, `DISMISSED`, ...).
    pub disposition: Arc<str>,
    pub convicted: bool,
    /// The step's event date, for a conviction.
    pub conviction_date: Option<Date>,
    pub sentence: Vec<SentencePart>,
    /// Conviction date plus all sentence parts (or as given by a case list).
    pub sentence_end: Option<Date>,
    pub flags: Vec<CountFlag>,
}

impl Count {
    /// A conviction of HS 11357–11360 (including attempts), the offenses Prop 64 changed.
    pub fn is_prop64_conviction(&self) -> bool {
        self.convicted && self.section.as_ref().is_some_and(|s| s.is_prop64())
    }

    pub fn has_flag(&self, flag: CountFlag) -> bool {
        self.flags.contains(&flag)
    }

    pub fn flag(&mut self, flag: CountFlag) {
        if !self.flags.contains(&flag) {
            self.flags.push(flag);
        }
    }
}

/// One step of a rap sheet: an arrest, a court action, a registration, ...
#[derive(Debug, Clone, Serialize)]
pub struct Case {
    pub step: StepId,
    pub kind: CaseKind,
    /// `STP_ORI_CODE`: the agency or court identifier.
    pub ori_code: Arc<str>,
    /// `STP_ORI_DESCR`: the court or agency (`CASC SAN FRANCISCO`).
    pub court: Arc<str>,
    /// `STP_ORI_CNTY_NAME`, upper case.
    pub county: Arc<str>,
    pub date: Option<Date>,
    /// Court case numbers (`OFN` on court actions, `FE_NUM_CRT_CASE`), in order, no duplicates.
    pub case_numbers: Vec<String>,
    /// Prosecuting agency, when the input names one (case lists).
    pub agency: Option<String>,
    pub counts: Vec<Count>,
}

/// One person (`SUBJECT_ID`) and their whole history, from every input file.
#[derive(Debug, Clone, Serialize)]
pub struct Person {
    pub subject_id: String,
    /// State identification (CII) number.
    pub cii: String,
    /// `LAST,FIRST M` as first read.
    pub name: String,
    /// Other names the rows carry, in the order first seen.
    pub akas: Vec<String>,
    pub dob: Option<Date>,
    pub deceased: bool,
    /// Registered under PC 290 (sex-offender registration step).
    pub pc290_registration: bool,
    pub cases: Vec<Case>,
    pub flags: Vec<PersonFlag>,
    /// The first row read for this person.
    pub first_source: SourceRef,
    /// How many input rows this person was built from.
    pub rows: u64,
    /// DOJ subject ids the pre-scan saw with this person's CII (this one
    /// included): more than one is one person split across subject ids, or
    /// a wrong CII. 0 when unknown (case lists).
    pub cii_subjects: u32,
}

impl Person {
    pub fn new(subject_id: String, first_source: SourceRef) -> Person {
        Person {
            subject_id,
            cii: String::new(),
            name: String::new(),
            akas: Vec::new(),
            dob: None,
            deceased: false,
            pc290_registration: false,
            cases: Vec::new(),
            flags: Vec::new(),
            first_source,
            rows: 0,
            cii_subjects: 0,
        }
    }

    /// Every count of every case, with its case.
    pub fn counts(&self) -> impl Iterator<Item = (&Case, &Count)> {
        self.cases.iter().flat_map(|case| case.counts.iter().map(move |count| (case, count)))
    }

    /// Every conviction, with its case.
    pub fn convictions(&self) -> impl Iterator<Item = (&Case, &Count)> {
        self.counts().filter(|(_, count)| count.convicted)
    }

    pub fn has_flag(&self, flag: PersonFlag) -> bool {
        self.flags.contains(&flag)
    }

    pub fn flag(&mut self, flag: PersonFlag) {
        if !self.flags.contains(&flag) {
            self.flags.push(flag);
        }
    }

    /// Records a name; a name different from the first becomes an AKA.
    pub fn add_name(&mut self, name: &str) {
        if name.is_empty() || name == self.name {
            return;
        }
        if self.name.is_empty() {
            self.name = name.to_owned();
        } else if !self.akas.iter().any(|aka| aka == name) {
            self.akas.push(name.to_owned());
        }
    }

    /// Records a date of birth; a second, different one flags a conflict.
    pub fn add_dob(&mut self, dob: Option<Date>) {
        match (self.dob, dob) {
            (None, Some(d)) => self.dob = Some(d),
            (Some(a), Some(b)) if a != b => self.flag(PersonFlag::DobConflict),
            _ => {}
        }
    }

    /// Computes what can only be known once every row is in: sentence end
    /// dates, date contradictions, an unknown date of birth. Called once by
    /// the readers when the person is complete.
    pub fn finish(&mut self) {
        if self.dob.is_none() {
            self.flag(PersonFlag::DobUnknown);
        }
        let dob = self.dob;
        for case in &mut self.cases {
            let no_number = case.case_numbers.is_empty();
            for count in case.counts.iter_mut().filter(|count| count.convicted) {
                if let (Some(dob), Some(date)) = (dob, count.conviction_date)
                    && date < dob
                {
                    count.flag(CountFlag::ConvictedBeforeBirth);
                }
                if no_number && case.kind == CaseKind::CourtAction {
                    count.flag(CountFlag::NoCaseNumber);
                }
                if count.sentence_end.is_none() {
                    count.sentence_end = sentence_end(count.conviction_date, &count.sentence);
                }
                if let (Some(end), Some(start)) = (count.sentence_end, count.conviction_date)
                    && end < start
                {
                    count.flag(CountFlag::SentenceEndsBeforeStart);
                }
            }
        }
    }
}

/// Conviction date plus the sum of the sentence parts. `None` without a date.
pub fn sentence_end(start: Option<Date>, parts: &[SentencePart]) -> Option<Date> {
    let mut end = start?;
    let (mut days, mut months) = (0u64, 0u32);
    for part in parts {
        match part.unit {
            SentenceUnit::Days => days += u64::from(part.length),
            SentenceUnit::Months => months = months.saturating_add(part.length),
            SentenceUnit::Years => months = months.saturating_add(part.length.saturating_mul(12)),
        }
    }
    end = end.checked_add_months(chrono::Months::new(months))?;
    end.checked_add_days(chrono::Days::new(days))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn count_id_parts() {
        let id = CountId::parse(b"101002003000").unwrap();
        assert_eq!(id.cycle(), 101);
        assert_eq!(id.step(), StepId(101002));
        assert_eq!(id.to_string(), "101002003000");
        assert_eq!(CountId::from_parts(101, 2, 3), id);
        assert_eq!(CountId::parse(b"10100200300"), None);
        assert_eq!(CountId::parse(b"10100200300x"), None);
        assert_eq!(CountId::parse(b"1010020030000"), None);
    }

    #[test]
    fn levels() {
        assert_eq!(Level::parse("FELONY"), Some(Level::Felony));
        assert_eq!(Level::parse("m"), Some(Level::Misdemeanor));
        assert_eq!(Level::parse("INFRACTION"), Some(Level::Infraction));
        assert_eq!(Level::parse("FOO"), None);
        assert_eq!(Level::parse(""), None);
    }

    #[test]
    fn sentence_parts_add_up() {
        let d = |y, m, d| Date::from_ymd_opt(y, m, d).unwrap();
        let part = |length, unit| SentencePart { length, unit, kind: Arc::from("JAIL") };
        let parts = [part(90, SentenceUnit::Days), part(2, SentenceUnit::Years), part(6, SentenceUnit::Months)];
        assert_eq!(sentence_end(Some(d(2000, 1, 1)), &parts), Some(d(2002, 9, 29)));
        assert_eq!(sentence_end(Some(d(2000, 1, 1)), &[]), Some(d(2000, 1, 1)));
        assert_eq!(sentence_end(None, &parts), None);
    }
}
