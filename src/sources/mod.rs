//! Combining the DOJ file with the office's own records (case-list
//! exports): one conviction, one determination.
//!
//! The office's records are read first and held (they are small: the
//! export is held whole, as the case-list reader always did). The DOJ
//! reader's pre-scan then shows this module every DOJ row, and it notes,
//! for each office person, every DOJ subject that *may* claim them under
//! the rules below (a superset: the same CII, a case number with the same
//! digits, a matching name with a date of birth the subject's rows have,
//! looked at run by run as the rows go past; for a subject whose rows are
//! not in one run, or who shares a CII with another subject and may be
//! merged with them, any office person with one of its dates of birth).
//! Nothing is kept of the many subjects who may claim no one. The DOJ
//! people then stream past. One the pre-scan foresaw no claim for is
//! handed on at once, without trying the rules; the others are checked
//! only against the office people waiting for them. One who matches
//! someone is held only until every subject that may claim the same
//! office people has come past: then the office person is decided (an office person two DOJ people claim must not be merged
//! with either) and the DOJ person handed on. For DOJ files delivered
//! person by person that is at once, unless two subjects may claim the same
//! office person (namesakes, co-defendants), so memory stays as flat as a
//! DOJ-only run plus the export. Without a complete pre-scan (a file that
//! cannot be read to its end) matched people are held to the end of the
//! DOJ files.
//!
//! # Matching people (in this order; the first rule with a candidate decides)
//!
//! 1. `cii`: the same CII number (digits, leading zeros ignored).
//! 2. `case_number`: a conviction in the same county's court with the same
//!    case number (normalized: see [`names::CaseKey`]), conviction date and
//!    code section.
//! 3. `name_dob`: the same date of birth and the same name, any name or AKA
//!    of either (accents, case, punctuation, hyphens and word order set
//!    aside); failing that, a close name (one typo in a part of five
//!    letters or more, or one part of a hyphenated surname). A DOJ person
//!    whose CII differs from the office's is never a name candidate.
//!
//! A candidate is **not merged** when the rule finds two people, or when
//! the rules disagree (the CII names one person and the case number
//! another; a case number matches but the CII or the date of birth
//! differs). Its convictions go to review with the reason, by id only.
//! DOJ subjects sharing a CII are merged when their dates of birth and
//! names agree, and flagged (review) when they do not.
//!
//! # Matching convictions within a matched person
//!
//! An office conviction is the DOJ conviction in the same county with a
//! matching case number (same digits, leading zeros ignored; letters equal
//! or one a court prefix of the other), preferring the same section; or,
//! when the DOJ case has no case number, a conviction of the same date and
//! section. Only court-action steps are compared. The
//! DOJ conviction carries the determination, with both source lines.
//! Disagreements on section, level, conviction date or disposition go to
//! review with both values, unless the policy's `[sources.prefer]` names
//! the source that wins that field. An office conviction the DOJ file
//! lacks is decided with the person's whole DOJ history.

pub mod names;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::hash::BuildHasherDefault;

use serde::Serialize;

use crate::eligibility::policy::{OfficeOnly, Prefer, Sources as SourcesPolicy};
use crate::eligibility::rules::RuleInfo;
use crate::ingest::prescan::{KeyHasher, RunCounts, ScannedRow, Watch, subject_key};
use crate::model::{Count, Date, Level, Person, SourceRef};
use names::{CaseKey, NameKey, NameMatch, cii_key};

/// The conviction's sources disagree on a field no policy key settles.
pub const SOURCES_DISAGREE: RuleInfo = RuleInfo {
    id: "sources_disagree",
    outcome: "review",
    citation: "HS 11361.9(b)",
    explanation: "The DOJ file and the office's records differ about this conviction (section, level, date or disposition): check the court file.",
};
/// The person could not be matched safely across sources.
pub const MATCH_AMBIGUOUS: RuleInfo = RuleInfo {
    id: "source_match_ambiguous",
    outcome: "review",
    citation: "HS 11361.9(b)",
    explanation: "The office's record matches more than one DOJ person, or the matching rules disagree: not merged; check who this is.",
};
/// Only the office has the conviction, and the DOJ file has no record of the person.
pub const OFFICE_ONLY_NO_HISTORY: RuleInfo = RuleInfo {
    id: "office_only_no_doj_history",
    outcome: "review",
    citation: "HS 11361.9(b)",
    explanation: "Only the office's records hold this conviction and the DOJ file has no record of the person: priors elsewhere could not be checked (policy key sources.office_only_without_history).",
};

/// The rules this module adds, in the order they are tried.
pub const RULES: [RuleInfo; 3] = [MATCH_AMBIGUOUS, SOURCES_DISAGREE, OFFICE_ONLY_NO_HISTORY];

/// The rule that matched a person across sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    Cii,
    CaseNumber,
    NameDob,
}

impl Rule {
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::Cii => "cii",
            Rule::CaseNumber => "case_number",
            Rule::NameDob => "name_dob",
        }
    }
}

/// A conviction's match status (`sources.csv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Both,
    DojOnly,
    OfficeOnly,
    Disagree,
    Ambiguous,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Both => "both",
            Status::DojOnly => "doj_only",
            Status::OfficeOnly => "office_only",
            Status::Disagree => "disagree",
            Status::Ambiguous => "ambiguous",
        }
    }
}

/// What the reconciliation says about one conviction.
#[derive(Debug, Clone)]
pub struct Note {
    pub status: Status,
    /// The rule that matched the person (`cii`, `case_number`, `name_dob`;
    /// `cii_split` for DOJ subjects merged by CII), or empty.
    pub rule: String,
    /// DOJ lines this conviction was read from.
    pub doj: Vec<SourceRef>,
    /// Office-record lines this conviction was read from.
    pub office: Vec<SourceRef>,
    /// The person id to report the row under, when not the merged person's
    /// (an office-only conviction keeps the office's id; a merged DOJ
    /// subject keeps its own).
    pub subject_id: Option<String>,
    /// The office person's id, when the office's records hold the conviction.
    pub office_person: Option<String>,
    /// Why a person must decide, when the sources leave it open.
    pub review: Option<(RuleInfo, String)>,
    /// What was compared: fields that differ and which source won.
    pub detail: String,
}

impl Note {
    fn new(status: Status) -> Note {
        Note {
            status,
            rule: String::new(),
            doj: Vec::new(),
            office: Vec::new(),
            subject_id: None,
            office_person: None,
            review: None,
            detail: String::new(),
        }
    }

    /// `both`, `doj_only` or `office_only`: which sources hold the conviction.
    pub fn source_kind(&self) -> &'static str {
        match (self.doj.is_empty(), self.office.is_empty()) {
            (false, false) => "both",
            (true, false) => "office_only",
            _ => "doj_only",
        }
    }
}

/// A person ready to classify, with notes on their convictions (by the
/// count's `source`).
#[derive(Debug)]
pub struct Ready {
    pub person: Person,
    pub notes: HashMap<SourceRef, Note>,
    /// The person came from the office's records (for convictions without a note).
    pub office: bool,
}

impl Ready {
    /// The note on a conviction: its own, or the default for the person's source.
    pub fn note(&self, count: &Count) -> std::borrow::Cow<'_, Note> {
        match self.notes.get(&count.source) {
            Some(note) => std::borrow::Cow::Borrowed(note),
            None => {
                let mut note = Note::new(if self.office { Status::OfficeOnly } else { Status::DojOnly });
                if self.office {
                    note.office.push(count.source);
                    note.office_person = Some(self.person.subject_id.clone());
                } else {
                    note.doj.push(count.source);
                }
                std::borrow::Cow::Owned(note)
            }
        }
    }
}

/// Figures of the reconciliation (`summary.json` → `sources`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Figures {
    /// Both kinds of input were read, and matched.
    pub combined: bool,
    /// Office people matched to a DOJ person, by rule.
    pub people_matched_by_rule: std::collections::BTreeMap<String, u64>,
    /// Office people not merged: two candidates, or rules that disagree.
    pub people_ambiguous: u64,
    /// Office people with no DOJ record.
    pub people_office_only: u64,
    /// DOJ subjects sharing a CII: merged into another subject / flagged for review.
    pub doj_subjects_merged: u64,
    pub doj_subjects_flagged: u64,
    /// Office-record convictions in another county: counted, not decided.
    pub office_other_county: u64,
    /// Office-record convictions the DOJ file has as not convicted, kept as
    /// the DOJ has them (policy `sources.prefer.disposition = "doj"`).
    pub office_overruled: u64,
}

/// One claim of a DOJ person on an office person.
#[derive(Debug, Clone, Copy)]
struct Claim {
    held: usize,
    rule: Rule,
    name: NameMatch,
}

type Notes = HashMap<SourceRef, Note>;

/// Maps keyed by strings and dates built here: a fast, fixed hash (their
/// order is never used for output).
type FastMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Phase {
    /// DOJ files only: people pass through.
    #[default]
    DojOnly,
    /// The office's records with no DOJ file: they pass through.
    OfficeAlone,
    /// The office's records, held for matching.
    Office,
    /// DOJ people after the office's records: matched.
    Matching,
}

/// What the rules compare of one office person (kept once the person is
/// decided: a debug build checks no claim on them comes that the pre-scan
/// did not foresee).
#[derive(Debug, Default)]
struct OfficeFacts {
    cii: Option<Box<str>>,
    dob: Option<Date>,
    /// Convictions: county, conviction date, base section, case number.
    convictions: Vec<(std::sync::Arc<str>, Date, Box<str>, CaseKey)>,
}

/// A DOJ person held while office people they claim are undecided.
#[derive(Debug)]
struct Held {
    person: Person,
    notes: Notes,
    /// Office people claimed and not decided yet.
    open: usize,
    /// Office people decided to be this person.
    matched: Vec<(usize, Rule)>,
}

/// One part of the pre-scan (see [`Watch`]): the run of rows being read,
/// and what the part's earlier runs may claim, kept flat (most subjects
/// claim no one, and none of them keeps anything).
#[derive(Debug, Default)]
struct ScanPart {
    /// The subject whose run is being read.
    current: Option<u64>,
    run: Run,
    /// The part's first subject (its run may continue the part before it).
    first: Option<u64>,
    /// The part's last subject (its run may go on in the part after it).
    last: Option<u64>,
    /// Runs that may claim anyone: (subject, end of its dates in
    /// `dob_hits`, end of its office people in `claims`); each starts
    /// where the run before it ended.
    runs: Vec<(u64, u32, u32)>,
    /// Dates of birth a run showed that some office person has.
    dob_hits: Vec<Date>,
    /// Office people a run may claim on its own.
    claims: Vec<u32>,
}

/// What one run of a subject's rows showed (distinct values).
#[derive(Debug, Default)]
struct Run {
    ciis: Vec<String>,
    dobs: Vec<Date>,
    names: Vec<String>,
    /// Office people with a case number of the same digits.
    offices: Vec<u32>,
}

/// Adds `value` to a short list of distinct values.
fn add_new<T: PartialEq>(list: &mut Vec<T>, value: T) {
    if !list.contains(&value) {
        list.push(value);
    }
}

/// Matches people and convictions across sources (see the module notes).
#[derive(Debug, Default)]
pub struct Reconciler {
    policy: SourcesPolicy,
    county: String,
    phase: Phase,
    office: Vec<Option<Person>>,
    by_cii: FastMap<String, Vec<usize>>,
    facts: Vec<OfficeFacts>,
    by_dob: FastMap<Date, Vec<usize>>,
    /// Each office person's name keys (name and AKAs), folded once.
    office_keys: Vec<Vec<NameKey>>,
    /// Office people by case-number digits alone ([`names::digits_hash`]:
    /// what the pre-scan looks for; a collision only adds a candidate).
    by_digits: FastMap<u64, Vec<usize>>,
    claims: Vec<Vec<Claim>>,
    /// Boxed: a slot stays (empty) once its person is handed on.
    held: Vec<Option<Box<Held>>>,
    /// DOJ subjects the pre-scan saw, while it runs.
    watching: bool,
    /// Per office person: subjects that may still claim them (`None`
    /// without a complete pre-scan: everyone is decided at the end).
    pending: Option<Vec<u32>>,
    /// DOJ subject key → office people waiting for that subject.
    waiting: HashMap<u64, Vec<usize>, BuildHasherDefault<KeyHasher>>,
    decided: Vec<bool>,
    /// Office people not merged (ambiguous, or with no DOJ record), handed
    /// on at the end in office order.
    unmatched: Vec<(usize, Ready)>,
    /// At the end: DOJ people released, handed on in the order they were held.
    released: Option<Vec<(usize, Ready)>>,
    /// DOJ subjects sharing a CII, until all have arrived.
    split: HashMap<String, Vec<Person>>,
    ready: Vec<Ready>,
    pub figures: Figures,
}

/// Notes sending every conviction of an office person not merged to review.
fn review_notes(office: &Person, status: Status, rule: RuleInfo, reason: &str, detail: &str) -> Notes {
    let mut notes = Notes::new();
    for (_, count) in office.convictions() {
        let mut note = Note::new(status);
        note.office.push(count.source);
        note.office_person = Some(office.subject_id.clone());
        note.review = Some((rule, reason.to_owned()));
        note.detail = detail.to_owned();
        notes.insert(count.source, note);
    }
    notes
}

/// The name keys of a person's name and AKAs.
fn name_keys(person: &Person) -> Vec<NameKey> {
    std::iter::once(&person.name).chain(&person.akas).flat_map(|name| names::keys(name)).collect()
}

fn base_section(count: &Count) -> Option<&str> {
    count.section.as_ref().map(|s| s.section.as_str())
}

fn ids<'a>(ids: impl IntoIterator<Item = &'a str>) -> String {
    let mut list: Vec<&str> = ids.into_iter().collect();
    list.sort_unstable();
    list.dedup();
    list.join(", ")
}

impl Reconciler {
    pub fn new(policy: SourcesPolicy, county: &str) -> Reconciler {
        Reconciler { policy, county: county.to_ascii_uppercase(), ..Reconciler::default() }
    }

    /// The office's records come next.
    pub fn office_records(&mut self, doj_follows: bool) {
        self.phase = if doj_follows { Phase::Office } else { Phase::OfficeAlone };
        self.figures.combined = doj_follows;
    }

    /// The DOJ people come next.
    pub fn doj_records(&mut self) {
        if self.phase == Phase::Office {
            self.index_office();
            self.phase = Phase::Matching;
        } else {
            self.phase = Phase::DojOnly;
        }
    }

    /// People ready to classify, in the order they became ready.
    pub fn take_ready(&mut self) -> Vec<Ready> {
        std::mem::take(&mut self.ready)
    }

    pub fn person(&mut self, person: Person) {
        match self.phase {
            Phase::OfficeAlone => {
                self.count_other_county(&person);
                self.ready.push(Ready { person, notes: Notes::new(), office: true });
            }
            Phase::Office => self.add_office(person),
            Phase::DojOnly | Phase::Matching => self.doj_person(person),
        }
    }

    fn count_other_county(&mut self, person: &Person) {
        let county = &self.county;
        self.figures.office_other_county +=
            person.convictions().filter(|(case, _)| !case.county.eq_ignore_ascii_case(county)).count() as u64;
    }

    fn add_office(&mut self, person: Person) {
        self.count_other_county(&person);
        self.office.push(Some(person));
    }

    /// Room for `count` more of the office's people (see [`crate::ingest::Sink::people_coming`]).
    pub fn people_coming(&mut self, count: usize) {
        if self.phase == Phase::Office {
            self.office.reserve_exact(count);
        }
    }

    /// The office's people are all read: the indexes the rules look them
    /// up by, built once, each at its size.
    fn index_office(&mut self) {
        let n = self.office.len();
        let numbers: usize = self
            .office
            .iter()
            .flatten()
            .flat_map(|person| person.convictions())
            .map(|(case, _)| case.case_numbers.len())
            .sum();
        self.by_cii.reserve(n);
        self.by_dob.reserve(n);
        self.by_digits.reserve(numbers);
        self.facts.reserve_exact(n);
        self.office_keys.reserve_exact(n);
        for (index, person) in self.office.iter().enumerate() {
            let Some(person) = person else {
                self.facts.push(OfficeFacts::default());
                self.office_keys.push(Vec::new());
                continue;
            };
            let cii = cii_key(&person.cii);
            if let Some(key) = &cii {
                self.by_cii.entry(key.to_string()).or_default().push(index);
            }
            let mut facts = OfficeFacts { cii: cii.map(|key| key.into()), dob: person.dob, convictions: Vec::new() };
            for (case, count) in person.convictions() {
                let (Some(date), Some(section)) = (count.conviction_date, base_section(count)) else { continue };
                for number in &case.case_numbers {
                    if let Some(key) = CaseKey::of(number) {
                        let digits = self.by_digits.entry(names::digits_hash_of(key.digits.as_bytes())).or_default();
                        if digits.last() != Some(&index) {
                            digits.push(index);
                        }
                        facts.convictions.push((case.county.clone(), date, section.into(), key));
                    }
                }
            }
            if let Some(dob) = person.dob {
                self.by_dob.entry(dob).or_default().push(index);
            }
            self.facts.push(facts);
            self.office_keys.push(name_keys(person));
        }
        self.claims = vec![Vec::new(); n];
        self.decided = vec![false; n];
    }

    /// What the DOJ reader's pre-scan should show (see the module notes):
    /// only when office people wait to be matched.
    pub fn watch(&mut self) -> Option<&mut dyn Watch> {
        if self.phase != Phase::Matching || self.office.is_empty() {
            return None;
        }
        self.watching = true;
        Some(self)
    }

    /// Ends the run being read in `part`: notes the office people it may
    /// claim on its own (the same CII, case-number digits, a name matching
    /// with one of its dates of birth), and which of its dates of birth
    /// some office person has (for subjects whose rows are not all in one
    /// run, or who share a CII: see [`Watch::finish`]).
    fn close_run(&self, part: &mut ScanPart) {
        let Some(key) = part.current.take() else { return };
        let run = &mut part.run;
        let (dobs_from, claims_from) = (part.dob_hits.len(), part.claims.len());
        part.claims.append(&mut run.offices);
        for cii in run.ciis.drain(..) {
            let Some(key) = cii_key(&cii) else { continue };
            part.claims.extend(self.by_cii.get(key.as_ref()).into_iter().flatten().map(|&o| o as u32));
        }
        let mut keys: Option<Vec<NameKey>> = None;
        for &dob in &run.dobs {
            let Some(candidates) = self.by_dob.get(&dob) else { continue };
            part.dob_hits.push(dob);
            let keys = keys.get_or_insert_with(|| run.names.iter().flat_map(|name| names::keys(name)).collect());
            for &o in candidates {
                if names::compare_all(&self.office_keys[o], keys) != NameMatch::No {
                    part.claims.push(o as u32);
                }
            }
        }
        run.dobs.clear();
        run.names.clear();
        if part.dob_hits.len() > dobs_from || part.claims.len() > claims_from {
            part.runs.push((key, part.dob_hits.len() as u32, part.claims.len() as u32));
        }
    }

    /// DOJ subjects (by pre-scan key) have come past: office people no
    /// longer waiting for anyone are decided.
    fn arrived(&mut self, keys: &[u64]) {
        let Some(pending) = &mut self.pending else { return };
        let mut settled = Vec::new();
        for key in keys {
            for o in self.waiting.remove(key).unwrap_or_default() {
                pending[o] = pending[o].saturating_sub(1);
                if pending[o] == 0 {
                    settled.push(o);
                }
            }
        }
        for o in settled {
            self.settle(o);
        }
    }

    /// Decides office person `o` (every claim on them is in) and hands on
    /// the DOJ people no longer waiting for anything.
    fn settle(&mut self, o: usize) {
        if std::mem::replace(&mut self.decided[o], true) {
            return;
        }
        let Some(office) = self.office[o].take() else { return };
        match self.decide(o, &office) {
            Verdict::Match(h, rule) => {
                *self.figures.people_matched_by_rule.entry(rule.as_str().to_owned()).or_insert(0) += 1;
                self.office[o] = Some(office);
                if let Some(held) = &mut self.held[h] {
                    held.matched.push((o, rule));
                }
            }
            Verdict::Ambiguous(reason) => {
                self.figures.people_ambiguous += 1;
                let notes = review_notes(&office, Status::Ambiguous, MATCH_AMBIGUOUS, &reason, &reason);
                self.unmatched.push((o, Ready { person: office, notes, office: true }));
            }
            Verdict::None => {
                self.figures.people_office_only += 1;
                let notes = if self.policy.office_only_without_history == OfficeOnly::Review {
                    let reason = format!(
                        "Only in the office's records (person {}), and the DOJ file has no record of this person: prior convictions elsewhere could not be checked",
                        office.subject_id
                    );
                    review_notes(&office, Status::OfficeOnly, OFFICE_ONLY_NO_HISTORY, &reason, "")
                } else {
                    Notes::new()
                };
                self.unmatched.push((o, Ready { person: office, notes, office: true }));
            }
        }
        let claimants: BTreeSet<usize> = self.claims[o].iter().map(|c| c.held).collect();
        for h in claimants {
            let Some(held) = &mut self.held[h] else { continue };
            held.open -= 1;
            if held.open == 0 {
                self.release(h);
            }
        }
    }

    /// Merges a held DOJ person with the office people decided to be them,
    /// and hands them on.
    fn release(&mut self, h: usize) {
        let Some(held) = self.held[h].take() else { return };
        let Held { mut person, mut notes, mut matched, .. } = *held;
        matched.sort_by_key(|&(o, _)| o);
        for (o, rule) in matched {
            if let Some(office) = self.office[o].take() {
                self.merge(&mut person, &mut notes, office, rule);
            }
        }
        let ready = Ready { person, notes, office: false };
        match &mut self.released {
            Some(released) => released.push((h, ready)),
            None => self.ready.push(ready),
        }
    }

    fn doj_person(&mut self, person: Person) {
        if person.cii_subjects > 1
            && let Some(key) = cii_key(&person.cii)
        {
            let key = key.into_owned();
            let group = self.split.entry(key.clone()).or_default();
            group.push(person);
            if group.len() >= group[0].cii_subjects as usize {
                let group = self.split.remove(&key).unwrap_or_default();
                self.match_group(group);
            }
            return;
        }
        let key = subject_key(person.subject_id.as_bytes());
        if self.pending.is_some() && !self.waiting.contains_key(&key) {
            // The pre-scan foresaw no claim by this subject (most of them).
            debug_assert!(self.claims_of(&person, 0, &self.index_candidates(&person)).is_empty(), "{UNFORESEEN}");
            self.ready.push(Ready { person, notes: Notes::new(), office: false });
            return;
        }
        self.match_doj(person, Notes::new(), &[key]);
        self.arrived(&[key]);
    }

    /// Matches the people DOJ subjects sharing a CII resolve into; then
    /// every one of the subjects has come past.
    fn match_group(&mut self, group: Vec<Person>) {
        let keys: Vec<u64> = group.iter().map(|p| subject_key(p.subject_id.as_bytes())).collect();
        for (person, notes) in self.resolve_split(group) {
            self.match_doj(person, notes, &keys);
        }
        self.arrived(&keys);
    }

    /// DOJ subjects sharing a CII: one person when their dates of birth and
    /// names agree, else each flagged for review.
    fn resolve_split(&mut self, mut group: Vec<Person>) -> Vec<(Person, Notes)> {
        group.sort_by_key(|p| p.first_source);
        if group.len() < 2 {
            return group.into_iter().map(|p| (p, Notes::new())).collect();
        }
        let subject_ids = ids(group.iter().map(|p| p.subject_id.as_str()));
        let first = &group[0];
        let names_of = |p: &Person| -> Vec<String> { std::iter::once(p.name.clone()).chain(p.akas.clone()).collect() };
        let first_names = names_of(first);
        let first_refs: Vec<&str> = first_names.iter().map(String::as_str).collect();
        let disagree = group[1..].iter().find_map(|other| {
            if let (Some(a), Some(b)) = (first.dob, other.dob)
                && a != b
            {
                return Some("dates of birth");
            }
            let other_names = names_of(other);
            (names::compare(other_names.iter().map(String::as_str), &first_refs) == NameMatch::No).then_some("names")
        });
        let note_all = |person: &Person, notes: &mut Notes, status: Status, review: Option<(RuleInfo, String)>| {
            for (_, count) in person.convictions() {
                let mut note = Note::new(status);
                note.rule = "cii_split".to_owned();
                note.doj.push(count.source);
                note.subject_id = Some(person.subject_id.clone());
                note.review = review.clone();
                note.detail = format!("DOJ subjects {subject_ids} share a CII");
                notes.insert(count.source, note);
            }
        };
        if let Some(what) = disagree {
            self.figures.doj_subjects_flagged += group.len() as u64;
            let reason = format!(
                "DOJ subjects {subject_ids} share a CII but their {what} differ: not merged; check whether they are one person"
            );
            return group
                .into_iter()
                .map(|person| {
                    let mut notes = Notes::new();
                    note_all(&person, &mut notes, Status::Ambiguous, Some((MATCH_AMBIGUOUS, reason.clone())));
                    (person, notes)
                })
                .collect();
        }
        self.figures.doj_subjects_merged += group.len() as u64 - 1;
        let mut notes = Notes::new();
        let mut iter = group.into_iter();
        let mut base = iter.next().expect("two or more");
        note_all(&base, &mut notes, Status::DojOnly, None);
        for other in iter {
            note_all(&other, &mut notes, Status::DojOnly, None);
            for name in std::iter::once(&other.name).chain(&other.akas) {
                base.add_name(name);
            }
            base.deceased |= other.deceased;
            base.pc290_registration |= other.pc290_registration;
            base.rows += other.rows;
            base.cases.extend(other.cases);
        }
        vec![(base, notes)]
    }

    /// Finds the office people a DOJ person (the subjects `keys`) may be;
    /// holds the person when there are any, else hands them on.
    fn match_doj(&mut self, person: Person, notes: Notes, keys: &[u64]) {
        if self.office.is_empty() {
            self.ready.push(Ready { person, notes, office: false });
            return;
        }
        let held = self.held.len();
        // Who may be claimed: those waiting for these subjects (the
        // pre-scan's superset), or without it whoever the indexes find.
        let candidates = match &self.pending {
            Some(_) => {
                let mut waiting: Vec<usize> =
                    keys.iter().filter_map(|k| self.waiting.get(k)).flatten().copied().collect();
                waiting.sort_unstable();
                waiting.dedup();
                waiting
            }
            None => self.index_candidates(&person),
        };
        let mut claims = self.claims_of(&person, held, &candidates);
        // An office person already decided cannot be claimed: the pre-scan
        // said no subject still to come could claim them.
        debug_assert!(
            self.pending.is_none()
                || self
                    .claims_of(&person, held, &self.index_candidates(&person))
                    .iter()
                    .all(|(o, _)| candidates.contains(o) && !self.decided[*o]),
            "{UNFORESEEN}"
        );
        claims.retain(|(o, _)| !self.decided[*o]);
        if claims.is_empty() {
            self.ready.push(Ready { person, notes, office: false });
            return;
        }
        let mut open = BTreeSet::new();
        for (o, claim) in claims {
            self.claims[o].push(claim);
            open.insert(o);
        }
        self.held.push(Some(Box::new(Held { person, notes, open: open.len(), matched: Vec::new() })));
    }

    /// Office people a DOJ person may claim, by the indexes: a superset of
    /// [`Reconciler::claims_of`]'s (the same CII, case-number digits, date of birth).
    fn index_candidates(&self, person: &Person) -> Vec<usize> {
        let mut found = Vec::new();
        if let Some(key) = cii_key(&person.cii) {
            found.extend(self.by_cii.get(key.as_ref()).into_iter().flatten());
        }
        for (case, count) in person.convictions() {
            if count.conviction_date.is_none() || base_section(count).is_none() {
                continue;
            }
            for number in &case.case_numbers {
                let hash = names::digits_hash(number.as_bytes());
                found.extend(hash.and_then(|hash| self.by_digits.get(&hash)).into_iter().flatten());
            }
        }
        if let Some(dob) = person.dob {
            found.extend(self.by_dob.get(&dob).into_iter().flatten());
        }
        found.sort_unstable();
        found.dedup();
        found
    }

    /// The claims a DOJ person, as held person `held`, makes on each of
    /// `candidates`, by each rule (on people already decided too: the
    /// caller drops those, and a debug build checks there are none).
    fn claims_of(&self, person: &Person, held: usize, candidates: &[usize]) -> Vec<(usize, Claim)> {
        let mut claims: Vec<(usize, Claim)> = Vec::new();
        let cii = cii_key(&person.cii);
        let mut doj_keys: Option<Vec<NameKey>> = None;
        for &o in candidates {
            let facts = &self.facts[o];
            if cii.is_some() && facts.cii.as_deref() == cii.as_deref() {
                claims.push((o, Claim { held, rule: Rule::Cii, name: NameMatch::No }));
            }
            if same_conviction(person, facts) {
                claims.push((o, Claim { held, rule: Rule::CaseNumber, name: NameMatch::No }));
            }
            if person.dob.is_some() && person.dob == facts.dob {
                let doj_keys = doj_keys.get_or_insert_with(|| name_keys(person));
                let name = names::compare_all(&self.office_keys[o], doj_keys);
                if name != NameMatch::No {
                    claims.push((o, Claim { held, rule: Rule::NameDob, name }));
                }
            }
        }
        claims
    }

    /// Reading is over: decides every office person not decided yet,
    /// merges, and hands everyone still held on: the office people not
    /// merged first (in office order), then the DOJ people (in the order
    /// they were held).
    pub fn end(&mut self) {
        let mut groups: Vec<(String, Vec<Person>)> = self.split.drain().collect();
        groups.sort_by_key(|(_, group)| group.iter().map(|p| p.first_source).min());
        for (_, group) in groups {
            self.match_group(group);
        }
        if self.phase != Phase::Matching {
            // Office records held with no DOJ file after them cannot happen
            // (the reader says whether DOJ files follow); hand on anything left.
            for person in self.office.iter_mut().filter_map(Option::take) {
                self.ready.push(Ready { person, notes: Notes::new(), office: true });
            }
            return;
        }
        self.released = Some(Vec::new());
        for o in 0..self.office.len() {
            self.settle(o);
        }
        for h in 0..self.held.len() {
            if self.held[h].is_some() {
                self.release(h);
            }
        }
        let mut unmatched = std::mem::take(&mut self.unmatched);
        unmatched.sort_by_key(|(o, _)| *o);
        self.ready.extend(unmatched.into_iter().map(|(_, ready)| ready));
        let mut released = self.released.take().unwrap_or_default();
        released.sort_by_key(|(h, _)| *h);
        self.ready.extend(released.into_iter().map(|(_, ready)| ready));
        self.held.clear();
        self.office.clear();
    }

    fn subject(&self, h: usize) -> &str {
        self.held[h].as_ref().map_or("?", |held| held.person.subject_id.as_str())
    }

    /// Which DOJ person an office person is, by the rules in order.
    fn decide(&self, o: usize, office: &Person) -> Verdict {
        let claims = &self.claims[o];
        let set = |rule: Rule, name: Option<NameMatch>| -> BTreeSet<usize> {
            claims.iter().filter(|c| c.rule == rule && name.is_none_or(|n| c.name == n)).map(|c| c.held).collect()
        };
        let person = |h: usize| self.held[h].as_ref().map(|held| &held.person);
        let office_cii = cii_key(&office.cii);
        let cii_differs = |h: usize| match (&office_cii, person(h).and_then(|p| cii_key(&p.cii))) {
            (Some(a), Some(b)) => *a != b,
            _ => false,
        };
        let dob_differs = |h: usize| match (office.dob, person(h).and_then(|p| p.dob)) {
            (Some(a), Some(b)) => a != b,
            _ => false,
        };
        let names_of = |set: &BTreeSet<usize>| ids(set.iter().map(|&h| self.subject(h)));
        let oid = &office.subject_id;
        let by_cii = set(Rule::Cii, None);
        let by_case = set(Rule::CaseNumber, None);
        let mut by_name: BTreeSet<usize> = set(Rule::NameDob, Some(NameMatch::Same));
        if by_name.iter().all(|&h| cii_differs(h)) {
            by_name.extend(set(Rule::NameDob, Some(NameMatch::Close)));
        }
        by_name.retain(|&h| !cii_differs(h));
        if !by_cii.is_empty() {
            if by_cii.len() > 1 {
                return Verdict::Ambiguous(format!(
                    "The office's person {oid} has the CII of DOJ subjects {}: not merged",
                    names_of(&by_cii)
                ));
            }
            let h = *by_cii.first().expect("one");
            if !by_case.is_empty() && !by_case.contains(&h) {
                return Verdict::Ambiguous(format!(
                    "The matching rules disagree for the office's person {oid}: the CII names DOJ subject {}, the case number names {}: not merged",
                    self.subject(h),
                    names_of(&by_case)
                ));
            }
            if dob_differs(h) {
                return Verdict::Ambiguous(format!(
                    "The matching rules disagree for the office's person {oid}: the CII names DOJ subject {}, whose date of birth differs: not merged",
                    self.subject(h)
                ));
            }
            return Verdict::Match(h, Rule::Cii);
        }
        if !by_case.is_empty() {
            if by_case.len() > 1 {
                return Verdict::Ambiguous(format!(
                    "The office's person {oid} has a conviction (court, case number, date, section) of DOJ subjects {}: not merged",
                    names_of(&by_case)
                ));
            }
            let h = *by_case.first().expect("one");
            if cii_differs(h) || dob_differs(h) {
                let what = if cii_differs(h) { "CII" } else { "date of birth" };
                return Verdict::Ambiguous(format!(
                    "The matching rules disagree for the office's person {oid}: the case number names DOJ subject {}, whose {what} differs: not merged",
                    self.subject(h)
                ));
            }
            if !by_name.is_empty() && !by_name.contains(&h) {
                return Verdict::Ambiguous(format!(
                    "The matching rules disagree for the office's person {oid}: the case number names DOJ subject {}, name and date of birth name {}: not merged",
                    self.subject(h),
                    names_of(&by_name)
                ));
            }
            return Verdict::Match(h, Rule::CaseNumber);
        }
        match by_name.len() {
            0 => Verdict::None,
            1 => Verdict::Match(*by_name.first().expect("one"), Rule::NameDob),
            _ => Verdict::Ambiguous(format!(
                "The office's person {oid} has the name and date of birth of DOJ subjects {}: not merged",
                names_of(&by_name)
            )),
        }
    }

    /// Folds an office person's convictions into the DOJ person they matched.
    fn merge(&mut self, doj: &mut Person, notes: &mut Notes, office: Person, rule: Rule) {
        let oid = office.subject_id.clone();
        for mut office_case in office.cases {
            let counts = std::mem::take(&mut office_case.counts);
            let keys: Vec<CaseKey> = office_case.case_numbers.iter().filter_map(|n| CaseKey::of(n)).collect();
            let mut leftover = Vec::new();
            for office_count in counts {
                if !office_count.convicted {
                    continue;
                }
                let found = find_conviction(doj, notes, &office_case.county, &keys, &office_count);
                let Some((ci, ki)) = found else {
                    leftover.push(office_count);
                    continue;
                };
                let doj_count = &mut doj.cases[ci].counts[ki];
                let outcome = compare(doj_count, &office_count, &self.policy.prefer);
                if outcome.overruled {
                    self.figures.office_overruled += 1;
                }
                let note = notes.entry(doj_count.source).or_insert_with(|| {
                    let mut note = Note::new(Status::Both);
                    note.doj.push(doj_count.source);
                    note
                });
                note.office.push(office_count.source);
                note.office_person = Some(oid.clone());
                if note.rule.is_empty() || note.rule == "cii_split" {
                    note.rule = rule.as_str().to_owned();
                }
                if note.status != Status::Ambiguous {
                    note.status = if outcome.review.is_some() { Status::Disagree } else { Status::Both };
                }
                if let Some(reason) = outcome.review {
                    note.review = Some((SOURCES_DISAGREE, reason));
                }
                if !outcome.detail.is_empty() {
                    note.detail = outcome.detail;
                }
            }
            if leftover.is_empty() {
                continue;
            }
            for count in &leftover {
                let mut note = Note::new(Status::OfficeOnly);
                note.rule = rule.as_str().to_owned();
                note.office.push(count.source);
                note.subject_id = Some(oid.clone());
                note.office_person = Some(oid.clone());
                notes.insert(count.source, note);
            }
            office_case.counts = leftover;
            doj.cases.push(office_case);
        }
    }
}

impl Watch for Reconciler {
    fn start(&self) -> Box<dyn std::any::Any + Send> {
        Box::new(ScanPart::default())
    }

    fn row(&self, state: &mut dyn std::any::Any, row: &ScannedRow<'_>) {
        let Some(part) = state.downcast_mut::<ScanPart>() else { return };
        if part.current != Some(row.subject) {
            self.close_run(part);
            part.current = Some(row.subject);
            part.first.get_or_insert(row.subject);
            part.last = Some(row.subject);
        }
        let run = &mut part.run;
        let cii = row.cii();
        if !cii.trim().is_empty() && !run.ciis.iter().any(|c| *c == *cii) {
            run.ciis.push(cii.into_owned());
        }
        if let Some(dob) = row.dob() {
            add_new(&mut run.dobs, dob);
        }
        for name in row.names() {
            if !run.names.iter().any(|n| *n == *name) {
                run.names.push(name.into_owned());
            }
        }
        for number in row.case_numbers() {
            let Some(offices) = names::digits_hash(number).and_then(|hash| self.by_digits.get(&hash)) else { continue };
            for &o in offices {
                add_new(&mut run.offices, o as u32);
            }
        }
    }

    /// Which subjects may claim each office person: what each run claims
    /// on its own; and, for a subject whose rows are in more than one run
    /// (or part), or who shares a CII with another (the reader may merge
    /// them: their names and dates of birth are pooled), every office
    /// person with one of its dates of birth, whatever the name. A DOJ
    /// person made of several subjects comes past when the last of them
    /// does, so waiting for the one with the date is enough.
    fn finish(&mut self, parts: Vec<Box<dyn std::any::Any + Send>>, counts: &RunCounts, complete: bool) {
        if !std::mem::take(&mut self.watching) || !complete {
            return;
        }
        let mut parts: Vec<ScanPart> =
            parts.into_iter().filter_map(|part| part.downcast::<ScanPart>().ok()).map(|part| *part).collect();
        let mut pooled: HashSet<u64, BuildHasherDefault<KeyHasher>> =
            counts.subjects_not_in_one_run().chain(counts.subjects_sharing_a_cii()).collect();
        for part in &mut parts {
            self.close_run(part);
            pooled.extend(part.first.into_iter().chain(part.last));
        }
        let mut potential: Vec<Vec<u64>> = vec![Vec::new(); self.office.len()];
        for part in &parts {
            let (mut dobs_from, mut claims_from) = (0, 0);
            for &(key, dobs_to, claims_to) in &part.runs {
                for &o in &part.claims[claims_from as usize..claims_to as usize] {
                    potential[o as usize].push(key);
                }
                if pooled.contains(&key) {
                    for dob in &part.dob_hits[dobs_from as usize..dobs_to as usize] {
                        for &o in self.by_dob.get(dob).into_iter().flatten() {
                            potential[o].push(key);
                        }
                    }
                }
                (dobs_from, claims_from) = (dobs_to, claims_to);
            }
        }
        drop(parts);
        let mut pending = Vec::with_capacity(potential.len());
        for (o, mut subjects) in potential.into_iter().enumerate() {
            subjects.sort_unstable();
            subjects.dedup();
            pending.push(subjects.len() as u32);
            for key in subjects {
                self.waiting.entry(key).or_default().push(o);
            }
        }
        let none: Vec<usize> = (0..pending.len()).filter(|&o| pending[o] == 0).collect();
        self.pending = Some(pending);
        // Office people no DOJ subject can claim are decided now.
        for o in none {
            self.settle(o);
        }
    }
}

enum Verdict {
    Match(usize, Rule),
    Ambiguous(String),
    None,
}

/// The DOJ count an office conviction is: (case index, count index).
fn find_conviction(
    doj: &Person,
    notes: &Notes,
    county: &str,
    keys: &[CaseKey],
    office: &Count,
) -> Option<(usize, usize)> {
    let section = base_section(office);
    let taken = |count: &Count| notes.get(&count.source).is_some_and(|n| !n.office.is_empty());
    // Candidates scored: the same full section, the same base section, not
    // already matched; the first best wins (input order).
    let score = |count: &Count| -> u32 {
        let mut score = 0;
        if base_section(count) == section && section.is_some() {
            score += 4;
            if same_full_section(count, office) {
                score += 2;
            }
        }
        if count.convicted {
            score += 1;
        }
        if !taken(count) {
            score += 8;
        }
        score
    };
    let mut best: Option<(u32, usize, usize)> = None;
    for (ci, case) in doj.cases.iter().enumerate() {
        // Only court actions: an arrest on the same day is not the conviction.
        if !case.county.eq_ignore_ascii_case(county) || case.kind != crate::model::CaseKind::CourtAction {
            continue;
        }
        // The digits first (no allocation): most of a person's cases are not this one.
        let by_number = case.case_numbers.iter().any(|n| {
            names::digits_hash(n.as_bytes()).is_some_and(|hash| {
                keys.iter().any(|k| names::digits_hash_of(k.digits.as_bytes()) == hash)
                    && CaseKey::of(n).is_some_and(|key| keys.iter().any(|k| k.matches(&key)))
            })
        });
        let by_date = case.case_numbers.is_empty() && case.date.is_some() && case.date == office.conviction_date;
        if !(by_number || by_date) {
            continue;
        }
        let candidates: Vec<usize> = (0..case.counts.len())
            .filter(|&ki| {
                let count = &case.counts[ki];
                // Without a case number, only a conviction of the same date and section.
                by_number || (count.convicted && base_section(count) == section)
            })
            .filter(|&ki| case.counts[ki].convicted || base_section(&case.counts[ki]) == section)
            .collect();
        // A count of another section is the office's only when it is the case's one conviction.
        let convictions = case.counts.iter().filter(|c| c.convicted).count();
        for ki in candidates {
            let count = &case.counts[ki];
            let s = score(count);
            if base_section(count) != section && convictions != 1 {
                continue;
            }
            if best.is_none_or(|(b, _, _)| s > b) {
                best = Some((s, ci, ki));
            }
        }
    }
    best.map(|(_, ci, ki)| (ci, ki))
}

/// The `case_number` rule: a DOJ conviction in the same county's court
/// with the office's case number (see [`CaseKey::matches`]), conviction date
/// and base section.
fn same_conviction(person: &Person, facts: &OfficeFacts) -> bool {
    if facts.convictions.is_empty() {
        return false;
    }
    for (case, count) in person.convictions() {
        let (Some(date), Some(section)) = (count.conviction_date, base_section(count)) else { continue };
        for (county, office_date, office_section, office_key) in &facts.convictions {
            if *office_date != date || **office_section != *section || !county.eq_ignore_ascii_case(&case.county) {
                continue;
            }
            let digits = names::digits_hash_of(office_key.digits.as_bytes());
            for number in &case.case_numbers {
                if names::digits_hash(number.as_bytes()) == Some(digits)
                    && CaseKey::of(number).is_some_and(|key| office_key.matches(&key))
                {
                    return true;
                }
            }
        }
    }
    false
}

/// What a debug build says when the pre-scan missed a claim.
const UNFORESEEN: &str = "a claim the pre-scan did not foresee";

/// The two counts' sections are written the same (as [`crate::code_section::CodeSection`]
/// displays them), or neither has one.
fn same_full_section(a: &Count, b: &Count) -> bool {
    match (&a.section, &b.section) {
        (Some(a), Some(b)) => {
            a.conspiracy == b.conspiracy
                && a.attempt == b.attempt
                && a.section == b.section
                && a.code == b.code
                && a.subsections.len() == b.subsections.len()
                && a.subsections.iter().zip(&b.subsections).all(|(x, y)| x.eq_ignore_ascii_case(y))
        }
        (None, None) => true,
        _ => false,
    }
}

/// What comparing a DOJ conviction with the office's record found.
struct Compared {
    review: Option<String>,
    detail: String,
    overruled: bool,
}

/// `11359 F 2008-03-03`, and `not convicted (DISMISSED)` when so.
fn describe(count: &Count) -> String {
    let section = count.section.as_ref().map_or_else(
        || count.offense_text.to_string(),
        |s| {
            let mut s = (**s).clone();
            s.code = None;
            s.to_string()
        },
    );
    let level = count.level.map_or("?", Level::letter);
    let date = count.conviction_date.map_or_else(|| "no date".to_owned(), |d| d.to_string());
    let mut text = format!("{section} {level} {date}");
    if !count.convicted {
        text.push_str(&format!(" not convicted ({})", count.disposition));
    }
    text
}

/// Compares the two records of one conviction field by field; a field the
/// policy settles takes the winning source's value (in the DOJ count, which
/// carries the determination).
fn compare(doj: &mut Count, office: &Count, prefer: &crate::eligibility::policy::PreferFields) -> Compared {
    let section_of =
        |c: &Count| c.section.as_ref().map(|s| (s.section.clone(), s.subsections.clone(), s.attempt, s.conspiracy));
    let mut differ: Vec<(&'static str, Prefer)> = Vec::new();
    if section_of(doj) != section_of(office) && office.section.is_some() {
        differ.push(("section", prefer.section));
    }
    match (doj.level, office.level) {
        (Some(a), Some(b)) if a != b => differ.push(("level", prefer.level)),
        (None, Some(b)) => doj.level = Some(b),
        _ => {}
    }
    match (doj.conviction_date, office.conviction_date) {
        (Some(a), Some(b)) if a != b => differ.push(("conviction date", prefer.conviction_date)),
        (None, Some(b)) => doj.conviction_date = Some(b),
        _ => {}
    }
    if !doj.convicted && office.convicted {
        differ.push(("disposition", prefer.disposition));
    }
    if differ.is_empty() {
        return Compared { review: None, detail: String::new(), overruled: false };
    }
    let both = format!("DOJ: {}; office record: {}", describe(doj), describe(office));
    let mut review = Vec::new();
    let mut settled = Vec::new();
    let mut overruled = false;
    for (field, who) in differ {
        match who {
            Prefer::Review => review.push(field),
            Prefer::Doj => {
                settled.push(format!("{field} from the DOJ"));
                if field == "disposition" {
                    overruled = true;
                }
            }
            Prefer::Office => {
                settled.push(format!("{field} from the office record"));
                match field {
                    "section" => {
                        doj.section = office.section.clone();
                        doj.offense_text = office.offense_text.clone();
                    }
                    "level" => doj.level = office.level,
                    "conviction date" => doj.conviction_date = office.conviction_date,
                    _ => {
                        doj.convicted = true;
                        doj.disposition = office.disposition.clone();
                    }
                }
            }
        }
    }
    if !review.is_empty() && !doj.convicted {
        // Decided (as review) like the conviction the office records.
        doj.convicted = true;
    }
    let mut detail = format!(
        "{both} (differ: {})",
        review.iter().copied().chain(settled.iter().map(String::as_str)).collect::<Vec<_>>().join(", ")
    );
    if review.is_empty() {
        detail = format!("{both}; {}", settled.join(", "));
    }
    let review = (!review.is_empty())
        .then(|| format!("The DOJ file and the office's record differ ({}): {both}", review.join(", ")));
    Compared { review, detail, overruled }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::code_section::CodeSection;
    use crate::model::{Case, CaseKind, CountId};

    fn date(text: &str) -> Date {
        Date::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn count(file: u32, line: u64, section: &str, convicted: bool, on: &str) -> Count {
        Count {
            id: CountId::from_parts(1, line as u32 % 1000, 1),
            source: SourceRef { file, line },
            offense_text: Arc::from(section),
            section: CodeSection::parse(section).map(Arc::new),
            charge_from_comment: false,
            comment_mentions_prop64: false,
            level: Some(Level::Misdemeanor),
            disposition: Arc::from(if convicted { "CONVICTED" } else { "DISMISSED" }),
            convicted,
            conviction_date: convicted.then(|| date(on)),
            sentence: Vec::new(),
            sentence_end: None,
            flags: Vec::new(),
        }
    }

    fn case(kind: CaseKind, numbers: &[&str], on: &str, counts: Vec<Count>) -> Case {
        Case {
            step: counts[0].id.step(),
            kind,
            ori_code: Arc::from("X"),
            court: Arc::from("CASC SAN FRANCISCO"),
            county: Arc::from("SAN FRANCISCO"),
            date: Some(date(on)),
            case_numbers: numbers.iter().map(|n| n.to_string()).collect(),
            agency: None,
            counts,
        }
    }

    fn person(id: &str, file: u32, cases: Vec<Case>) -> Person {
        let mut person = Person::new(id.to_owned(), SourceRef { file, line: 1 });
        person.name = "ROE,ALEX".to_owned();
        person.cii = "0000424242".to_owned();
        person.dob = Some(date("1980-01-01"));
        person.cases = cases;
        person
    }

    /// Reconciles one office person with one DOJ person; the note on the office's conviction (line 2).
    fn office_note(doj_cases: Vec<Case>) -> Note {
        let office = person(
            "O1",
            1,
            vec![case(
                CaseKind::CourtAction,
                &["SF777"],
                "2010-01-05",
                vec![count(1, 2, "11357(b) HS", true, "2010-01-05")],
            )],
        );
        let mut sources = Reconciler::new(SourcesPolicy::default(), "SAN FRANCISCO");
        sources.office_records(true);
        sources.person(office);
        sources.doj_records();
        sources.person(person("D1", 0, doj_cases));
        sources.end();
        let ready = sources.take_ready();
        let note =
            ready.iter().find_map(|r| r.notes.values().find(|n| n.office.contains(&SourceRef { file: 1, line: 2 })));
        note.cloned().unwrap_or_else(|| panic!("no note on the office's conviction: {ready:#?}"))
    }

    #[test]
    fn an_arrest_on_the_same_day_is_not_the_conviction() {
        let arrest = case(CaseKind::Arrest, &[], "2010-01-05", vec![count(0, 5, "11357(b) HS", false, "2010-01-05")]);
        let note = office_note(vec![arrest]);
        assert_eq!((note.status, note.source_kind()), (Status::OfficeOnly, "office_only"));
        assert_eq!(note.rule, "cii");
    }

    #[test]
    fn a_dismissed_count_of_a_court_action_without_a_number_is_not_the_conviction() {
        let dismissed =
            case(CaseKind::CourtAction, &[], "2010-01-05", vec![count(0, 5, "11357(b) HS", false, "2010-01-05")]);
        assert_eq!(office_note(vec![dismissed]).status, Status::OfficeOnly);
    }

    #[test]
    fn a_conviction_without_a_number_on_the_same_day_and_section_is_the_conviction() {
        let convicted =
            case(CaseKind::CourtAction, &[], "2010-01-05", vec![count(0, 5, "11357(b) HS", true, "2010-01-05")]);
        let note = office_note(vec![convicted]);
        assert_eq!((note.status, note.source_kind()), (Status::Both, "both"));
        assert_eq!(note.doj, [SourceRef { file: 0, line: 5 }]);
    }

    #[test]
    fn a_dismissal_with_the_same_case_number_disagrees_on_the_disposition() {
        let dismissed = case(
            CaseKind::CourtAction,
            &["SF-0777"],
            "2010-01-05",
            vec![count(0, 5, "11357(b) HS", false, "2010-01-05")],
        );
        let note = office_note(vec![dismissed]);
        assert_eq!(note.status, Status::Disagree);
        let (rule, reason) = note.review.unwrap();
        assert_eq!(rule.id, "sources_disagree");
        assert!(reason.contains("(disposition)") && reason.contains("not convicted (DISMISSED)"), "{reason}");
    }
}
