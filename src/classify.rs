//! `classify`: people → determinations, streamed; then the outputs
//! `determinations.csv` and `summary.json`.
//!
//! Determinations are written as people arrive, in arrival order, with a
//! small index (source, line, byte range) per row; people are not kept. When
//! the input was person-contiguous, arrival order is input order and the file
//! is renamed into place; otherwise it is rewritten once in input order.
//! Memory stays flat either way. Never reads the wall clock: the as-of date
//! comes in through the [`Context`].

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::decisions::{Decisions, DecisionsSummary};
use crate::eligibility::{self, Context, Decision, Determination, PolicySource};
use crate::ingest::{ReadReport, Reject, Sink};
use crate::model::{CountId, Level, Person, SourceRef};
use crate::output::{AtomicFile, RejectsCsv, csv_record};

/// The columns of `determinations.csv`, in order.
pub const COLUMNS: [&str; 28] = [
    "source",
    "line",
    "subject_id",
    "count_id",
    "name",
    "aka",
    "dob",
    "cii",
    "court",
    "county",
    "case_number",
    "prosecuting_agency",
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
    "decided_by",
    "engine_determination",
    "reviewer",
    "reviewer_note",
    "sources",
    "source_kind",
];

/// The columns of `sources.csv`: one row per determination, with how the
/// DOJ file and the office's records were matched for it. No personal data
/// beyond the ids `determinations.csv` has.
pub const SOURCES_COLUMNS: [&str; 14] = [
    "subject_id",
    "count_id",
    "status",
    "rule",
    "office_person_id",
    "court",
    "county",
    "case_number",
    "code_section",
    "conviction_date",
    "determination",
    "doj_sources",
    "office_sources",
    "detail",
];

/// Where the determinations go in the court papers, as the packets
/// reconcile them (before courts are assigned: an unassigned court's relief
/// rows go to the review list when the packets are written).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Filing {
    /// Dismiss or reduce rows to be filed (Exhibit A rows).
    pub for_filing: u64,
    /// Not eligible, HS 11357–11360: the notice of challenged cases.
    pub challenged: u64,
    /// The review list: `review` rows, and rows with no court or case number.
    pub review: u64,
    /// Of the review rows, those with no court or no court case number.
    pub unfindable: u64,
    /// Not eligible outside HS 11357–11360 (e.g. PC 182): counted only.
    pub not_eligible_other: u64,
}

/// Figures offices publish.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Impact {
    /// People with at least one conviction dismissed or reduced.
    pub people_with_relief: u64,
    /// People who had a felony and, after this relief, have none.
    pub people_no_felony_left: u64,
    /// People every one of whose convictions is dismissed.
    pub people_no_conviction_left: u64,
    pub convictions_dismissed_by_section: BTreeMap<String, u64>,
    pub convictions_reduced_by_section: BTreeMap<String, u64>,
}

/// Where one written row is: its input position, and its bytes in the file.
struct Placed {
    key: (SourceRef, CountId),
    start: u64,
    len: u32,
}

/// `determinations.csv`, written as rows arrive (see the module notes).
pub struct DeterminationsWriter {
    columns: usize,
    target: PathBuf,
    unsorted: PathBuf,
    file: BufWriter<File>,
    record: Vec<u8>,
    written: u64,
    header_len: u64,
    index: Vec<Placed>,
    in_order: bool,
}

impl DeterminationsWriter {
    pub fn create(target: &Path) -> std::io::Result<DeterminationsWriter> {
        DeterminationsWriter::create_with(target, &COLUMNS)
    }

    /// A CSV file of other columns, written the same way (rows in input order).
    pub fn create_with(target: &Path, columns: &[&str]) -> std::io::Result<DeterminationsWriter> {
        let stem = target.file_stem().map_or_else(|| "out".into(), |s| s.to_string_lossy());
        let unsorted = target.with_file_name(format!(".{stem}.arrival-{}.csv", std::process::id()));
        crate::output::register_temp(&unsorted);
        let mut writer = DeterminationsWriter {
            columns: columns.len(),
            target: target.to_owned(),
            file: BufWriter::with_capacity(1 << 16, File::create(&unsorted)?),
            unsorted,
            record: Vec::with_capacity(512),
            written: 0,
            header_len: 0,
            index: Vec::new(),
            in_order: true,
        };
        csv_record(&mut writer.record, columns);
        writer.header_len = writer.flush_record()?.1 as u64;
        Ok(writer)
    }

    /// Writes the record built in `self.record`; returns (start, len).
    fn flush_record(&mut self) -> std::io::Result<(u64, u32)> {
        self.file.write_all(&self.record)?;
        let placed = (self.written, self.record.len() as u32);
        self.written += self.record.len() as u64;
        self.record.clear();
        Ok(placed)
    }

    fn write(&mut self, key: (SourceRef, CountId), fields: &[&str]) -> std::io::Result<()> {
        debug_assert_eq!(fields.len(), self.columns);
        csv_record(&mut self.record, fields);
        let (start, len) = self.flush_record()?;
        if self.index.last().is_some_and(|last| last.key > key) {
            self.in_order = false;
        }
        self.index.push(Placed { key, start, len });
        Ok(())
    }

    /// Rows written so far.
    pub fn rows(&self) -> u64 {
        self.index.len() as u64
    }

    /// Puts the file in place, in input order.
    pub fn commit(mut self) -> std::io::Result<()> {
        self.file.flush()?;
        if self.in_order {
            self.file.get_ref().sync_all()?;
            return std::fs::rename(&self.unsorted, &self.target);
        }
        // Rows out of order: the file is rewritten in order (and that copy
        // synced as it is put in place); the arrival file is only read back.
        self.index.sort_by_key(|placed| placed.key);
        // Most rows follow the one before them in the arrival file too: a
        // buffered reader moves within its buffer, with no system call.
        let mut source = std::io::BufReader::with_capacity(1 << 16, File::open(&self.unsorted)?);
        let mut out = AtomicFile::create(&self.target)?;
        let mut buf = vec![0u8; self.header_len as usize];
        source.read_exact(&mut buf)?;
        out.write_all(&buf)?;
        let mut at = self.header_len;
        for placed in &self.index {
            buf.resize(placed.len as usize, 0);
            if placed.start != at {
                source.seek_relative(placed.start as i64 - at as i64)?;
            }
            source.read_exact(&mut buf)?;
            out.write_all(&buf)?;
            at = placed.start + u64::from(placed.len);
        }
        out.commit()?;
        std::fs::remove_file(&self.unsorted)
    }
}

impl Drop for DeterminationsWriter {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.unsorted);
        crate::output::unregister_temp(&self.unsorted);
    }
}

/// Streams people through the engine, writing determinations and adding up figures.
pub struct ClassifySink<'a> {
    pub ctx: Context<'a>,
    /// Display names of the input files, as in the read report.
    pub files: Vec<String>,
    pub determinations: DeterminationsWriter,
    pub impact: Impact,
    pub convictions: u64,
    pub prop64_convictions: u64,
    pub prop64_in_county_by_section_and_level: BTreeMap<String, u64>,
    pub by_determination: BTreeMap<String, u64>,
    pub by_rule: BTreeMap<String, u64>,
    /// By the engine's rule, before reviewer decisions.
    pub engine_by_rule: BTreeMap<String, u64>,
    pub by_relief: BTreeMap<String, u64>,
    pub filing: Filing,
    pub people: u64,
    pub rejects: Option<RejectsCsv>,
    /// The first write error (rejects or determinations), reported at the end.
    pub write_error: Option<std::io::Error>,
    /// Reviewer decisions to apply over the engine's, when given.
    pub decisions: Option<Decisions>,
    /// Matches the DOJ file with the office's records.
    pub sources: crate::sources::Reconciler,
    /// `sources.csv`, when written.
    pub sources_csv: Option<DeterminationsWriter>,
    /// Determinations by match status (`both`, `doj_only`, ...).
    pub by_source_status: BTreeMap<String, u64>,
}

impl<'a> ClassifySink<'a> {
    pub fn new(
        ctx: Context<'a>,
        files: Vec<String>,
        determinations: DeterminationsWriter,
        rejects: Option<RejectsCsv>,
    ) -> Self {
        let by_determination = [Decision::Dismiss, Decision::Reduce, Decision::NotEligible, Decision::Review]
            .iter()
            .map(|d| (d.as_str().to_owned(), 0))
            .collect();
        let ctx_sources = ctx.policy.sources.clone();
        let county = ctx.county.clone();
        ClassifySink {
            ctx,
            files,
            determinations,
            impact: Impact::default(),
            convictions: 0,
            prop64_convictions: 0,
            prop64_in_county_by_section_and_level: BTreeMap::new(),
            by_determination,
            by_rule: BTreeMap::new(),
            engine_by_rule: BTreeMap::new(),
            by_relief: BTreeMap::new(),
            filing: Filing::default(),
            people: 0,
            rejects,
            write_error: None,
            sources: crate::sources::Reconciler::new(ctx_sources, &county),
            sources_csv: None,
            by_source_status: [
                crate::sources::Status::Both,
                crate::sources::Status::DojOnly,
                crate::sources::Status::OfficeOnly,
                crate::sources::Status::Disagree,
                crate::sources::Status::Ambiguous,
            ]
            .iter()
            .map(|s| (s.as_str().to_owned(), 0))
            .collect(),
            decisions: None,
        }
    }
}

fn bump(map: &mut BTreeMap<String, u64>, key: &str) {
    match map.get_mut(key) {
        Some(count) => *count += 1,
        None => {
            map.insert(key.to_owned(), 1);
        }
    }
}

impl Sink for ClassifySink<'_> {
    fn person(&mut self, person: Person) {
        self.people += 1;
        self.sources.person(person);
        self.classify_ready();
    }

    fn office_records(&mut self, doj_follows: bool) {
        self.sources.office_records(doj_follows);
    }

    fn people_coming(&mut self, count: usize) {
        self.sources.people_coming(count);
    }

    fn doj_records(&mut self) {
        self.sources.doj_records();
    }

    fn end(&mut self) {
        self.sources.end();
        self.classify_ready();
    }

    fn watch(&mut self) -> Option<&mut dyn crate::ingest::prescan::Watch> {
        self.sources.watch()
    }

    fn reject(&mut self, reject: Reject) {
        if let Some(writer) = &mut self.rejects
            && let Err(err) = writer.write(&reject)
        {
            self.write_error.get_or_insert(err);
        }
    }
}

impl ClassifySink<'_> {
    /// Classifies everyone the reconciler has ready.
    fn classify_ready(&mut self) {
        for ready in self.sources.take_ready() {
            self.classify_person(&ready);
        }
    }

    fn classify_person(&mut self, ready: &crate::sources::Ready) {
        let person = &ready.person;
        let mut felonies = 0u64;
        let mut convictions = 0u64;
        for (case, count) in person.convictions() {
            convictions += 1;
            felonies += u64::from(count.level == Some(Level::Felony));
            if count.is_prop64_conviction() {
                self.prop64_convictions += 1;
                if case.county.eq_ignore_ascii_case(&self.ctx.county) {
                    let section = count.section.as_ref().map_or("?", |s| s.section.as_str());
                    let level = count.level.map_or("?", Level::letter);
                    bump(&mut self.prop64_in_county_by_section_and_level, &format!("{section} {level}"));
                }
            }
        }
        self.convictions += convictions;
        let classified = eligibility::classify(&person, &self.ctx);
        if classified.is_empty() {
            return;
        }
        let (mut relieved, mut felonies_relieved, mut dismissed) = (0u64, 0u64, 0u64);
        // Every cell is neutralised by the one CSV writer (output::csv_record).
        let name = &person.name;
        // Per person, not per row: most people have one or two rows.
        let aka = person.akas.join("; ");
        let dob = person.dob.map(|d| d.to_string()).unwrap_or_default();
        let cii = &person.cii;
        for item in &classified {
            let count = item.count;
            let note = ready.note(count);
            let subject_id = note.subject_id.as_deref().unwrap_or(&person.subject_id);
            // The sources leave the conviction open: a person decides.
            let engine = match &note.review {
                Some((rule, why)) => Determination {
                    decision: Decision::Review,
                    relief: eligibility::Relief::None,
                    path: None,
                    rule: rule.id.to_owned(),
                    reason: format!(
                        "{why} (on the DOJ record alone: {} by {})",
                        item.determination.decision.as_str(),
                        item.determination.rule
                    ),
                    citation: rule.citation.to_owned(),
                },
                None => item.determination.clone(),
            };
            let mut reviewed = None;
            if let Some(decisions) = &mut self.decisions
                && let Some(entry) = decisions.take(subject_id, count.id).cloned()
            {
                let serving = count.sentence_end.is_some_and(|end| end > self.ctx.as_of);
                let decided = decisions.apply(&entry, &engine, serving);
                reviewed = Some((entry, decided));
            }
            let d = reviewed.as_ref().map_or(&engine, |(_, decided)| decided);
            let section = count.section.as_ref().map_or(&*count.offense_text, |s| s.section.as_str());
            if d.decision.is_relief() {
                relieved += 1;
                felonies_relieved += u64::from(count.level == Some(Level::Felony));
                if d.decision == Decision::Dismiss {
                    dismissed += 1;
                    bump(&mut self.impact.convictions_dismissed_by_section, section);
                } else {
                    bump(&mut self.impact.convictions_reduced_by_section, section);
                }
            }
            bump(&mut self.by_determination, d.decision.as_str());
            let prop64 = count.section.as_ref().is_some_and(|s| s.is_prop64());
            let numbers = item.case.case_numbers.join("; ");
            match crate::docket::route(d.decision, d.relief, prop64, &item.case.court, &numbers) {
                crate::docket::Route::Filing => self.filing.for_filing += 1,
                crate::docket::Route::Challenged => self.filing.challenged += 1,
                crate::docket::Route::Other => self.filing.not_eligible_other += 1,
                crate::docket::Route::Review(cause) => {
                    self.filing.review += 1;
                    if matches!(cause, crate::docket::ReviewCause::NoCaseNumber | crate::docket::ReviewCause::NoCourt) {
                        self.filing.unfindable += 1;
                    }
                }
            }
            bump(&mut self.by_rule, &d.rule);
            bump(&mut self.engine_by_rule, &engine.rule);
            if d.relief != eligibility::Relief::None {
                bump(&mut self.by_relief, d.relief.as_str());
            }
            let source = self.files.get(count.source.file as usize).map_or("", String::as_str);
            let code_section = match &count.section {
                Some(section) => section.to_string(),
                None => count.offense_text.to_string(),
            };
            let case_numbers = item.case.case_numbers.join("; ");
            let citation = match d.path {
                Some(path) => format!("{}; {}", d.citation, path.citation()),
                None => d.citation.clone(),
            };
            let (decided_by, engine_determination, reviewer, reviewer_note) = match &reviewed {
                Some((entry, _)) => ("reviewer", engine.decision.as_str(), &*entry.reviewer, &*entry.note),
                None => ("engine", "", "", ""),
            };
            let reason = &d.reason;
            let at =
                |r: &SourceRef| format!("{}:{}", self.files.get(r.file as usize).map_or("", String::as_str), r.line);
            let doj_sources = note.doj.iter().map(at).collect::<Vec<_>>().join("; ");
            let office_sources = note.office.iter().map(at).collect::<Vec<_>>().join("; ");
            let sources = match (doj_sources.is_empty(), office_sources.is_empty()) {
                (false, false) => format!("{doj_sources}; {office_sources}"),
                (true, _) => office_sources.clone(),
                (_, true) => doj_sources.clone(),
            };
            bump(&mut self.by_source_status, note.status.as_str());
            let count_id = count.id.to_string();
            let conviction_date = count.conviction_date.map(|d| d.to_string()).unwrap_or_default();
            let fields = [
                source,
                &count.source.line.to_string(),
                subject_id,
                &count_id,
                name,
                &aka,
                &dob,
                cii,
                &item.case.court,
                &item.case.county,
                &case_numbers,
                item.case.agency.as_deref().unwrap_or(""),
                &code_section,
                count.level.map_or("", Level::letter),
                &conviction_date,
                &count.sentence_end.map(|d| d.to_string()).unwrap_or_default(),
                d.decision.as_str(),
                d.relief.as_str(),
                d.path.map_or("", |p| p.as_str()),
                &d.rule,
                reason,
                &citation,
                decided_by,
                engine_determination,
                reviewer,
                reviewer_note,
                &sources,
                note.source_kind(),
            ];
            if let Err(err) = self.determinations.write((count.source, count.id), &fields) {
                self.write_error.get_or_insert(err);
            }
            if let Some(writer) = &mut self.sources_csv {
                let row = [
                    subject_id,
                    &count_id,
                    note.status.as_str(),
                    &note.rule,
                    note.office_person.as_deref().unwrap_or(""),
                    &item.case.court,
                    &item.case.county,
                    &case_numbers,
                    &code_section,
                    &conviction_date,
                    d.decision.as_str(),
                    &doj_sources,
                    &office_sources,
                    &note.detail,
                ];
                if let Err(err) = writer.write((count.source, count.id), &row) {
                    self.write_error.get_or_insert(err);
                }
            }
        }
        if relieved > 0 {
            self.impact.people_with_relief += 1;
            if felonies > 0 && felonies_relieved == felonies {
                self.impact.people_no_felony_left += 1;
            }
            if dismissed == convictions {
                self.impact.people_no_conviction_left += 1;
            }
        }
    }
}

/// One input file in the summary.
#[derive(Debug, Clone, Serialize)]
pub struct InputSummary {
    pub path: String,
    pub sha256: String,
    /// Physical lines read: `rows = modeled + skipped + rejected`.
    pub rows: u64,
    /// `doj` (a DOJ research file), `case_list` (the office's own records) or
    /// `unread` (the file could not be read).
    pub kind: &'static str,
    pub modeled: u64,
    pub skipped: u64,
    pub rejected: u64,
    /// Why the file was not read to its end, when it was not.
    pub not_fully_read: Option<String>,
}

/// `summary.json`.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub tool: String,
    pub as_of: String,
    /// The date of the DOJ extract or the office export (`--records-date`), when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub records_date: Option<String>,
    pub county: String,
    pub policy: PolicySummary,
    pub inputs: Vec<InputSummary>,
    pub rows: u64,
    pub modeled_rows: u64,
    pub skipped: BTreeMap<String, u64>,
    pub rejected: u64,
    pub file_errors: u64,
    pub reconciled: bool,
    pub people: u64,
    pub convictions: u64,
    /// Prop 64 convictions in every county.
    pub prop64_convictions: u64,
    /// In the office's county, by section and level (`11359 F`).
    pub prop64_in_county_by_section_and_level: BTreeMap<String, u64>,
    /// Rows of determinations.csv.
    pub determinations: u64,
    pub by_determination: BTreeMap<String, u64>,
    pub by_rule: BTreeMap<String, u64>,
    pub by_relief: BTreeMap<String, u64>,
    /// Where the determinations go in the papers (the packets' reconciliation).
    pub filing: Filing,
    pub impact: Impact,
    /// Reviewer decisions, when `--decisions` was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decisions: Option<DecisionsSummary>,
    /// The filing ledger's figures, when the run names one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ledger: Option<crate::ledger::LedgerSummary>,
    /// How the DOJ file and the office's own records were combined.
    pub sources: SourcesSummary,
    /// SHA-256 of the `determinations.csv` written beside this summary:
    /// `packets` refuses a determinations.csv that does not match it.
    pub determinations_sha256: String,
}

/// `summary.json` → `sources`: the reconciliation of the DOJ file with the
/// office's records (see `sources.csv`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct SourcesSummary {
    /// Determinations by match status: `both`, `doj_only`, `office_only`,
    /// `disagree`, `ambiguous`.
    pub determinations_by_status: BTreeMap<String, u64>,
    #[serde(flatten)]
    pub figures: crate::sources::Figures,
}

impl SourcesSummary {
    pub fn status(&self, status: &str) -> u64 {
        self.determinations_by_status.get(status).copied().unwrap_or(0)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct PolicySummary {
    pub source: PolicySource,
    pub settings: eligibility::Policy,
    /// For a 2019 options file: each way this run departs from the 2019
    /// tool, with the number of convictions the engine decided that way.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub departures_from_2019: Option<Vec<Departure>>,
}

/// One way a run with a 2019 options file decides differently from the 2019 tool.
#[derive(Debug, Clone, Serialize)]
pub struct Departure {
    /// The rule in `determinations.csv`.
    pub rule: &'static str,
    /// What this run decides.
    pub determination: &'static str,
    /// What the 2019 tool did, and why this run does not.
    pub the_2019_tool: &'static str,
    /// Convictions the engine decided by this rule (before reviewer decisions).
    pub convictions: u64,
}

/// The departures from the 2019 tool, in the order the README lists them:
/// the rule that decides them, and what the 2019 tool did instead.
pub const DEPARTURES_FROM_2019: [(eligibility::rules::RuleInfo, &str); 4] = {
    use eligibility::rules::{ATTEMPT_NEEDS_REVIEW, CONSPIRACY_NOT_PROP64, CONVICTION_AFTER_AS_OF, DATES_CONTRADICT};
    [
        (
            ATTEMPT_NEEDS_REVIEW,
            "decided an attempt (PC 664) of a Prop 64 offense like the offense itself; here a person decides",
        ),
        (
            CONSPIRACY_NOT_PROP64,
            "decided a conspiracy (PC 182) like its object offense; HS 11361.8 names only the Prop 64 sections",
        ),
        (CONVICTION_AFTER_AS_OF, "decided a conviction dated after the as-of date; here a person checks the date"),
        (DATES_CONTRADICT, "decided a conviction whose dates contradict each other; here a person checks them"),
    ]
};

impl ClassifySink<'_> {
    /// The summary of a finished run.
    pub fn summary(&self, report: &ReadReport, source: &PolicySource) -> Summary {
        Summary {
            tool: format!("clearmotion {}", env!("CARGO_PKG_VERSION")),
            as_of: self.ctx.as_of.to_string(),
            records_date: None,
            county: self.ctx.county.clone(),
            policy: PolicySummary {
                source: source.clone(),
                settings: self.ctx.policy.clone(),
                departures_from_2019: (source.kind == "json-2019").then(|| {
                    DEPARTURES_FROM_2019
                        .iter()
                        .map(|&(rule, the_2019_tool)| Departure {
                            rule: rule.id,
                            determination: rule.outcome,
                            the_2019_tool,
                            convictions: self.engine_by_rule.get(rule.id).copied().unwrap_or(0),
                        })
                        .collect()
                }),
            },
            inputs: report
                .files
                .iter()
                .map(|file| InputSummary {
                    path: file.path.clone(),
                    sha256: file.sha256.clone(),
                    rows: file.rows,
                    kind: match file.format {
                        Some(crate::ingest::source::Format::Doj) => "doj",
                        Some(crate::ingest::source::Format::CaseList) => "case_list",
                        None => "unread",
                    },
                    modeled: file.modeled,
                    skipped: file.skipped,
                    rejected: file.rejected,
                    not_fully_read: file.error.clone(),
                })
                .collect(),
            rows: report.rows,
            modeled_rows: report.modeled,
            skipped: report.skipped.clone(),
            rejected: report.rejected,
            file_errors: report.file_errors,
            reconciled: report.reconciles() && report.people == self.people && report.not_fully_read().is_empty(),
            people: self.people,
            convictions: self.convictions,
            prop64_convictions: self.prop64_convictions,
            prop64_in_county_by_section_and_level: self.prop64_in_county_by_section_and_level.clone(),
            determinations: self.determinations.rows(),
            by_determination: self.by_determination.clone(),
            by_rule: self.by_rule.clone(),
            by_relief: self.by_relief.clone(),
            filing: self.filing.clone(),
            determinations_sha256: String::new(),
            impact: self.impact.clone(),
            decisions: self.decisions.as_ref().map(Decisions::summary),
            ledger: None,
            sources: SourcesSummary {
                determinations_by_status: self.by_source_status.clone(),
                figures: self.sources.figures.clone(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_records_read_back_with_the_csv_crate() {
        let fields = ["plain", "with,comma", "with \"quote\"", "line\nbreak", "", "ÑÚÑEZ-O'BRIEN,JOSÉ"];
        let mut out = Vec::new();
        csv_record(&mut out, &fields);
        csv_record(&mut out, &fields);
        let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(out.as_slice());
        for record in reader.records() {
            let record = record.unwrap();
            assert_eq!(record.iter().collect::<Vec<_>>(), fields);
        }
    }

    #[test]
    fn rows_arriving_out_of_order_are_written_in_input_order() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("determinations.csv");
        let mut writer = DeterminationsWriter::create(&target).unwrap();
        for line in [5u64, 2, 9, 1] {
            let text = line.to_string();
            let mut fields = [""; COLUMNS.len()];
            fields[1] = &text;
            writer.write((SourceRef { file: 0, line }, CountId(0)), &fields).unwrap();
        }
        writer.commit().unwrap();
        let text = std::fs::read_to_string(&target).unwrap();
        let lines: Vec<&str> = text.lines().skip(1).map(|l| l.split(',').nth(1).unwrap()).collect();
        assert_eq!(lines, ["1", "2", "5", "9"]);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "the arrival-order file is gone");
    }
}
