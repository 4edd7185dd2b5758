//! A builder for a person's criminal history, so eligibility tests read like
//! the law:
//!
//! ```ignore
//! person()
//!     .born("1970-01-01")
//!     .prior("187 PC", "1995-01-01")
//!     .convicted("11359 HS", Felony, "2008-03-03")
//! ```
//!
//! builds a [`Person`] directly (no DOJ rows): each conviction is its own arrest
//! cycle and court case in San Francisco (`CASC SAN FRANCISCO`) with its own case
//! number, unless a step says otherwise (`.same_case(...)`, `.in_county(...)`,
//! `.case_number(...)`). The *first* `.convicted(...)` is the conviction under
//! test; `.prior(...)` and `.later(...)` add other convictions. Dates are
//! `YYYY-MM-DD`; an empty date is an unknown date.
#![allow(dead_code)]

use std::sync::{Arc, OnceLock};

use clearmotion::code_section::CodeSection;
use clearmotion::eligibility::{Context, Determination, Policy, Tables, classify};
use clearmotion::model::{
    Case, CaseKind, Count, CountId, Date, Level, Person, SentencePart, SentenceUnit, SourceRef, StepId,
};

/// The office every test classifies for.
pub const COUNTY: &str = "SAN FRANCISCO";
/// The default as-of date.
pub const AS_OF: &str = "2026-11-01";
/// The date of birth a history has unless it says `.born(...)` or `.dob_unknown()`.
pub const DEFAULT_DOB: &str = "1970-01-01";

/// The built-in tables, parsed once.
pub fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| Tables::builtin().expect("the built-in tables load"))
}

/// `YYYY-MM-DD`; `""` is an unknown date.
pub fn date(text: &str) -> Option<Date> {
    if text.is_empty() {
        return None;
    }
    Some(Date::parse_from_str(text, "%Y-%m-%d").unwrap_or_else(|e| panic!("bad test date {text:?}: {e}")))
}

fn section(text: &str) -> Arc<CodeSection> {
    Arc::new(CodeSection::parse(text).unwrap_or_else(|| panic!("test section {text:?} does not parse")))
}

/// A history being written. `Debug` prints the steps that built it.
#[derive(Clone)]
pub struct History {
    steps: Vec<String>,
    dob: Option<Date>,
    deceased: bool,
    pc290_registration: bool,
    cases: Vec<Case>,
    target: Option<CountId>,
    next_cycle: u32,
    next_line: u64,
}

impl std::fmt::Debug for History {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "person(){}", self.steps.concat())
    }
}

/// A new history: born 1970-01-01, no convictions.
pub fn person() -> History {
    History {
        steps: Vec::new(),
        dob: date(DEFAULT_DOB),
        deceased: false,
        pc290_registration: false,
        cases: Vec::new(),
        target: None,
        next_cycle: 1,
        next_line: 1,
    }
}

impl History {
    fn step(mut self, text: String) -> Self {
        self.steps.push(text);
        self
    }

    fn line(&mut self) -> SourceRef {
        let line = self.next_line;
        self.next_line += 1;
        SourceRef { file: 0, line }
    }

    fn count(&mut self, id: CountId, offense: &str, level: Option<Level>, convicted: bool, on: Option<Date>) -> Count {
        Count {
            id,
            source: self.line(),
            offense_text: Arc::from(offense),
            section: Some(section(offense)),
            charge_from_comment: false,
            comment_mentions_prop64: false,
            level,
            disposition: Arc::from(if convicted { "CONVICTED-PROBATION" } else { "DISMISSED" }),
            convicted,
            conviction_date: if convicted { on } else { None },
            sentence: Vec::new(),
            sentence_end: None,
            flags: Vec::new(),
        }
    }

    /// A new court case (its own cycle) with one count.
    fn new_case(mut self, offense: &str, level: Option<Level>, convicted: bool, on: &str) -> Self {
        let cycle = self.next_cycle;
        self.next_cycle += 1;
        let on = date(on);
        let id = CountId::from_parts(cycle, 1, 1);
        let count = self.count(id, offense, level, convicted, on);
        self.cases.push(Case {
            step: StepId(cycle * 1000 + 1),
            kind: CaseKind::CourtAction,
            ori_code: Arc::from("CA0380000"),
            court: Arc::from("CASC SAN FRANCISCO"),
            county: Arc::from(COUNTY),
            date: on,
            case_numbers: vec![format!("SF{cycle:06}")],
            agency: None,
            counts: vec![count],
        });
        self
    }

    fn last_case(&mut self) -> &mut Case {
        self.cases.last_mut().expect("add a conviction first")
    }

    fn last_count(&mut self) -> &mut Count {
        self.last_case().counts.last_mut().expect("the case has a count")
    }

    /// Date of birth.
    pub fn born(mut self, dob: &str) -> Self {
        self.dob = date(dob);
        self.step(format!(".born({dob:?})"))
    }

    /// No readable date of birth.
    pub fn dob_unknown(mut self) -> Self {
        self.dob = None;
        self.step(".dob_unknown()".to_owned())
    }

    /// A conviction in its own case. The first one is the conviction under test.
    pub fn convicted(mut self, offense: &str, level: impl Into<Option<Level>>, on: &str) -> Self {
        let level = level.into();
        self = self.new_case(offense, level, true, on);
        let id = self.last_case().counts[0].id;
        self.target.get_or_insert(id);
        self.step(format!(".convicted({offense:?}, {level:?}, {on:?})"))
    }

    /// Another felony conviction in a case of its own (meant to come before the one under test).
    pub fn prior(self, offense: &str, on: &str) -> Self {
        self.new_case(offense, Some(Level::Felony), true, on).step(format!(".prior({offense:?}, {on:?})"))
    }

    /// Another felony conviction in a case of its own (meant to come after the one under test).
    pub fn later(self, offense: &str, on: &str) -> Self {
        self.new_case(offense, Some(Level::Felony), true, on).step(format!(".later({offense:?}, {on:?})"))
    }

    /// Another conviction at the given level, in a case of its own.
    pub fn other(self, offense: &str, level: impl Into<Option<Level>>, on: &str) -> Self {
        let level = level.into();
        self.new_case(offense, level, true, on).step(format!(".other({offense:?}, {level:?}, {on:?})"))
    }

    /// A felony conviction in the same case (same step, same date) as the last one.
    pub fn same_case(mut self, offense: &str) -> Self {
        let case = self.last_case();
        let (step, on) = (case.step, case.date);
        let id = CountId::from_parts(step.cycle(), step.0 % 1000, case.counts.len() as u32 + 1);
        let count = self.count(id, offense, Some(Level::Felony), true, on);
        self.last_case().counts.push(count);
        self.step(format!(".same_case({offense:?})"))
    }

    /// A charge of the last case that was not a conviction (dismissed).
    pub fn charged(mut self, offense: &str) -> Self {
        let case = self.last_case();
        let step = case.step;
        let id = CountId::from_parts(step.cycle(), step.0 % 1000, case.counts.len() as u32 + 1);
        let count = self.count(id, offense, Some(Level::Felony), false, None);
        self.last_case().counts.push(count);
        self.step(format!(".charged({offense:?})"))
    }

    /// An arrest (no conviction) for `offense` on `on`, in a cycle of its own.
    pub fn arrested(self, offense: &str, on: &str) -> Self {
        let mut this = self.new_case(offense, Some(Level::Felony), false, on);
        let case = this.last_case();
        case.kind = CaseKind::Arrest;
        case.court = Arc::from("CAPD SAN FRANCISCO");
        case.case_numbers.clear();
        this.step(format!(".arrested({offense:?}, {on:?})"))
    }

    /// The last case was in another county (its court is that county's superior court).
    pub fn in_county(mut self, county: &str) -> Self {
        let case = self.last_case();
        case.county = Arc::from(county);
        case.court = Arc::from(format!("CASC {county}").as_str());
        self.step(format!(".in_county({county:?})"))
    }

    /// The last case's court case number (replacing the generated one).
    pub fn case_number(mut self, number: &str) -> Self {
        self.last_case().case_numbers = vec![number.to_owned()];
        self.step(format!(".case_number({number:?})"))
    }

    /// A sentence part of the last count (the parts add up).
    pub fn sentenced(mut self, length: u32, unit: SentenceUnit) -> Self {
        self.last_count().sentence.push(SentencePart { length, unit, kind: Arc::from("PRISON") });
        self.step(format!(".sentenced({length}, {unit:?})"))
    }

    /// The sentence end as a case list gives it (instead of computing it).
    pub fn sentence_ends(mut self, on: &str) -> Self {
        self.last_count().sentence_end = date(on);
        self.step(format!(".sentence_ends({on:?})"))
    }

    /// The comment of the last count names a Prop 64 section while its offense is another charge.
    pub fn comment_names_prop64(mut self) -> Self {
        self.last_count().comment_mentions_prop64 = true;
        self.step(".comment_names_prop64()".to_owned())
    }

    /// The record shows the person deceased.
    pub fn deceased(mut self) -> Self {
        self.deceased = true;
        self.step(".deceased()".to_owned())
    }

    /// A PC 290 registration step.
    pub fn registered_290(mut self) -> Self {
        self.pc290_registration = true;
        self.step(".registered_290()".to_owned())
    }

    /// The conviction under test.
    pub fn target(&self) -> CountId {
        self.target.expect("the history has a `.convicted(...)`")
    }

    /// The finished person.
    pub fn person(&self) -> Person {
        let mut person = Person::new("SUBJECT1".to_owned(), SourceRef { file: 0, line: 1 });
        person.cii = "A01234567".to_owned();
        person.name = "TESTPERSON,ALPHA Q".to_owned();
        person.dob = self.dob;
        person.deceased = self.deceased;
        person.pc290_registration = self.pc290_registration;
        person.cases = self.cases.clone();
        person.rows = self.next_line - 1;
        person.finish();
        person
    }
}

/// Runs the engine over `history` and returns the determination of the
/// conviction under test, or `None` when the engine does not classify it.
pub fn determination(history: &History, policy: &Policy, as_of: &str) -> Option<Determination> {
    let person = history.person();
    let ctx =
        Context { as_of: date(as_of).expect("an as-of date"), county: COUNTY.to_owned(), policy, tables: tables() };
    let target = history.target();
    let classified = classify(&person, &ctx);
    let mut found = classified.iter().filter(|c| c.count.id == target);
    let first = found.next().map(|c| c.determination.clone());
    assert!(found.next().is_none(), "{history:?}: the conviction under test was classified twice");
    first
}
