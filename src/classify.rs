//! `classify`: people → determinations, streamed; then the outputs
//! `determinations.csv` and `summary.json`.
//!
//! Determinations are kept (small: one per in-scope conviction) and written
//! in input order; people are not kept. Never reads the wall clock: the
//! as-of date comes in through the [`Context`].

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::eligibility::{self, Context, Decision, PolicySource};
use crate::ingest::{ReadReport, Reject, Sink};
use crate::model::{Level, Person, SourceRef};
use crate::output::{AtomicFile, RejectsCsv, spreadsheet_safe};

/// One row of `determinations.csv`.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    #[serde(skip)]
    pub source_ref: SourceRef,
    pub source: String,
    pub line: u64,
    pub subject_id: String,
    pub count_id: String,
    pub name: String,
    pub court: String,
    pub county: String,
    pub case_number: String,
    pub code_section: String,
    pub level: String,
    pub conviction_date: String,
    pub sentence_end: String,
    pub determination: &'static str,
    pub relief: &'static str,
    pub path: &'static str,
    pub rule: String,
    pub reason: String,
    pub citation: String,
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

/// Streams people through the engine, keeping determinations and figures.
pub struct ClassifySink<'a> {
    pub ctx: Context<'a>,
    pub rows: Vec<Row>,
    pub impact: Impact,
    pub convictions: u64,
    pub prop64_convictions: u64,
    pub prop64_in_county_by_section_and_level: BTreeMap<String, u64>,
    pub people: u64,
    pub rejects: Option<RejectsCsv>,
    pub reject_error: Option<std::io::Error>,
}

impl<'a> ClassifySink<'a> {
    pub fn new(ctx: Context<'a>, rejects: Option<RejectsCsv>) -> Self {
        ClassifySink {
            ctx,
            rows: Vec::new(),
            impact: Impact::default(),
            convictions: 0,
            prop64_convictions: 0,
            prop64_in_county_by_section_and_level: BTreeMap::new(),
            people: 0,
            rejects,
            reject_error: None,
        }
    }
}

impl Sink for ClassifySink<'_> {
    fn person(&mut self, person: Person) {
        self.people += 1;
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
                    *self.prop64_in_county_by_section_and_level.entry(format!("{section} {level}")).or_insert(0) += 1;
                }
            }
        }
        self.convictions += convictions;
        let classified = eligibility::classify(&person, &self.ctx);
        if classified.is_empty() {
            return;
        }
        let (mut relieved, mut felonies_relieved, mut dismissed) = (0u64, 0u64, 0u64);
        for item in &classified {
            let d = &item.determination;
            let count = item.count;
            let section = count.section.as_ref().map_or_else(|| count.offense_text.to_string(), |s| s.section.clone());
            if d.decision.is_relief() {
                relieved += 1;
                felonies_relieved += u64::from(count.level == Some(Level::Felony));
                let by_section = if d.decision == Decision::Dismiss {
                    dismissed += 1;
                    &mut self.impact.convictions_dismissed_by_section
                } else {
                    &mut self.impact.convictions_reduced_by_section
                };
                *by_section.entry(section).or_insert(0) += 1;
            }
            self.rows.push(Row {
                source_ref: count.source,
                source: String::new(),
                line: count.source.line,
                subject_id: person.subject_id.clone(),
                count_id: count.id.to_string(),
                name: spreadsheet_safe(&person.name).into_owned(),
                court: spreadsheet_safe(&item.case.court).into_owned(),
                county: item.case.county.to_string(),
                case_number: spreadsheet_safe(&item.case.case_numbers.join("; ")).into_owned(),
                code_section: match &count.section {
                    Some(section) => section.to_string(),
                    None => spreadsheet_safe(&count.offense_text).into_owned(),
                },
                level: count.level.map_or("", Level::letter).to_owned(),
                conviction_date: count.conviction_date.map(|d| d.to_string()).unwrap_or_default(),
                sentence_end: count.sentence_end.map(|d| d.to_string()).unwrap_or_default(),
                determination: d.decision.as_str(),
                relief: d.relief.as_str(),
                path: d.path.map_or("", |p| p.as_str()),
                rule: d.rule.clone(),
                reason: d.reason.clone(),
                citation: match d.path {
                    Some(path) => format!("{}; {}", d.citation, path.citation()),
                    None => d.citation.clone(),
                },
            });
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

    fn reject(&mut self, reject: Reject) {
        if let Some(writer) = &mut self.rejects
            && let Err(err) = writer.write(&reject)
        {
            self.reject_error.get_or_insert(err);
        }
    }
}

/// One input file in the summary.
#[derive(Debug, Clone, Serialize)]
pub struct InputSummary {
    pub path: String,
    pub sha256: String,
    pub rows: u64,
}

/// `summary.json`.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub tool: String,
    pub as_of: String,
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
    pub impact: Impact,
}

#[derive(Debug, Clone, Serialize)]
pub struct PolicySummary {
    pub source: PolicySource,
    pub settings: eligibility::Policy,
}

impl ClassifySink<'_> {
    /// Sorts determinations into input order and names their source files.
    pub fn finish(&mut self, report: &ReadReport) {
        let names = report.file_names();
        self.rows.sort_by(|a, b| a.source_ref.cmp(&b.source_ref).then_with(|| a.count_id.cmp(&b.count_id)));
        for row in &mut self.rows {
            row.source = names.get(row.source_ref.file as usize).map(|s| (*s).to_owned()).unwrap_or_default();
        }
    }

    /// The summary of a finished run.
    pub fn summary(&self, report: &ReadReport, source: &PolicySource) -> Summary {
        let mut by_determination = BTreeMap::new();
        let mut by_rule = BTreeMap::new();
        let mut by_relief = BTreeMap::new();
        for decision in [Decision::Dismiss, Decision::Reduce, Decision::NotEligible, Decision::Review] {
            by_determination.insert(decision.as_str().to_owned(), 0);
        }
        for row in &self.rows {
            *by_determination.entry(row.determination.to_owned()).or_insert(0) += 1;
            *by_rule.entry(row.rule.clone()).or_insert(0) += 1;
            if !row.relief.is_empty() {
                *by_relief.entry(row.relief.to_owned()).or_insert(0) += 1;
            }
        }
        Summary {
            tool: format!("clearmotion {}", env!("CARGO_PKG_VERSION")),
            as_of: self.ctx.as_of.to_string(),
            county: self.ctx.county.clone(),
            policy: PolicySummary { source: source.clone(), settings: self.ctx.policy.clone() },
            inputs: report
                .files
                .iter()
                .map(|file| InputSummary { path: file.path.clone(), sha256: file.sha256.clone(), rows: file.rows })
                .collect(),
            rows: report.rows,
            modeled_rows: report.modeled,
            skipped: report.skipped.clone(),
            rejected: report.rejected,
            file_errors: report.file_errors,
            reconciled: report.reconciles() && report.people == self.people,
            people: self.people,
            convictions: self.convictions,
            prop64_convictions: self.prop64_convictions,
            prop64_in_county_by_section_and_level: self.prop64_in_county_by_section_and_level.clone(),
            determinations: self.rows.len() as u64,
            by_determination,
            by_rule,
            by_relief,
            impact: self.impact.clone(),
        }
    }
}

/// Writes `determinations.csv` atomically.
pub fn write_determinations(path: &Path, rows: &[Row]) -> std::io::Result<()> {
    let mut writer = csv::Writer::from_writer(AtomicFile::create(path)?);
    if rows.is_empty() {
        writer.write_record([
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
        ])?;
    }
    for row in rows {
        writer.serialize(row)?;
    }
    writer.into_inner().map_err(|e| e.into_error())?.commit()
}
