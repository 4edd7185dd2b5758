//! `inspect`: what is in the inputs, and whether every row is accounted for.
//!
//! Counts people, cases, convictions and Prop 64 convictions (by county and
//! court, by section and level), data-quality flags, skipped and rejected
//! rows. Figures only: it never prints a name, date of birth or identifier.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::ingest::{ReadReport, Reject, Sink};
use crate::model::Person;
use crate::output::RejectsCsv;

/// Prop 64 convictions in one county.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CountyFigures {
    pub total: u64,
    /// By court (`STP_ORI_DESCR`).
    pub courts: BTreeMap<String, u64>,
}

/// The figures `inspect` reports.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Inspection {
    pub rows: u64,
    pub people: u64,
    pub cases: u64,
    pub counts: u64,
    pub convictions: u64,
    pub prop64_convictions: u64,
    pub prop64_people: u64,
    pub prop64_by_county: BTreeMap<String, CountyFigures>,
    /// Keyed `11357 F`, `11360 M`, ...
    pub prop64_by_section_and_level: BTreeMap<String, u64>,
    pub deceased_people: u64,
    pub pc290_registered_people: u64,
    /// Data-quality flags on convictions and people, by flag.
    pub flags: BTreeMap<String, u64>,
    pub modeled_rows: u64,
    pub skipped: BTreeMap<String, u64>,
    pub rejected: u64,
    pub file_errors: u64,
    pub latin1_rows: u64,
    pub split_people: u64,
    /// rows = modeled rows + skipped + rejected.
    pub reconciled: bool,
    pub files: Vec<crate::ingest::FileReport>,
}

impl Inspection {
    /// Adds one person's figures.
    pub fn add(&mut self, person: &Person) {
        self.people += 1;
        self.cases += person.cases.len() as u64;
        self.deceased_people += u64::from(person.deceased);
        self.pc290_registered_people += u64::from(person.pc290_registration);
        for flag in &person.flags {
            *self.flags.entry(flag.as_str().to_owned()).or_insert(0) += 1;
        }
        let mut any_prop64 = false;
        for (case, count) in person.counts() {
            self.counts += 1;
            if !count.convicted {
                continue;
            }
            self.convictions += 1;
            for flag in &count.flags {
                *self.flags.entry(flag.as_str().to_owned()).or_insert(0) += 1;
            }
            if !count.is_prop64_conviction() {
                continue;
            }
            any_prop64 = true;
            self.prop64_convictions += 1;
            let county = self.prop64_by_county.entry(case.county.to_string()).or_default();
            county.total += 1;
            *county.courts.entry(case.court.to_string()).or_insert(0) += 1;
            let section = count.section.as_ref().map_or("?", |s| s.section.as_str());
            let level = count.level.map_or("?", |l| l.letter());
            *self.prop64_by_section_and_level.entry(format!("{section} {level}")).or_insert(0) += 1;
        }
        self.prop64_people += u64::from(any_prop64);
    }

    /// Takes the reader's totals and checks that they reconcile.
    pub fn finish(&mut self, report: &ReadReport) {
        self.rows = report.rows;
        self.modeled_rows = report.modeled;
        self.skipped = report.skipped.clone();
        self.rejected = report.rejected;
        self.file_errors = report.file_errors;
        self.latin1_rows = report.latin1_rows;
        self.split_people = report.split_people;
        self.files = report.files.clone();
        self.reconciled = report.reconciles() && self.people == report.people && report.not_fully_read().is_empty();
    }

    /// The plain-text report.
    pub fn to_text(&self) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        let n = thousands;
        let _ = writeln!(out, "Inputs");
        for file in &self.files {
            let format = match file.format {
                Some(crate::ingest::Format::Doj) => "DOJ research file",
                Some(crate::ingest::Format::CaseList) => "case list",
                None => "unreadable",
            };
            let gz = if file.gzip { ", gzip" } else { "" };
            let sum = file.modeled + file.skipped + file.rejected;
            let check = if sum == file.rows { "" } else { " — DOES NOT RECONCILE" };
            let _ = writeln!(
                out,
                "  {} ({format}{gz}): {} lines = {} modeled + {} skipped + {} rejected{check}",
                file.path,
                n(file.rows),
                n(file.modeled),
                n(file.skipped),
                n(file.rejected)
            );
            if let Some(error) = &file.error {
                let _ = writeln!(out, "    NOT FULLY READ: {error}");
            }
        }
        let _ = writeln!(out);
        let _ = writeln!(out, "Lines read                      {:>12}", n(self.rows));
        let _ = writeln!(out, "  modeled                       {:>12}", n(self.modeled_rows));
        for (reason, count) in &self.skipped {
            let _ = writeln!(out, "  {:<30}{:>12}", format!("skipped ({reason})"), n(*count));
        }
        let _ = writeln!(out, "  rejected                      {:>12}", n(self.rejected));
        let partial: Vec<&str> =
            self.files.iter().filter(|file| file.error.is_some()).map(|file| file.path.as_str()).collect();
        let verdict = if !partial.is_empty() {
            format!("NOT EVERY FILE WAS FULLY READ: {}", partial.join(", "))
        } else if self.reconciled {
            "every line is accounted for".to_owned()
        } else {
            "DOES NOT RECONCILE: some lines are unaccounted for".to_owned()
        };
        let skipped: u64 = self.skipped.values().sum();
        let _ = writeln!(
            out,
            "Reconciliation: {} lines read = {} modeled + {} skipped + {} rejected: {verdict}",
            n(self.rows),
            n(self.modeled_rows),
            n(skipped),
            n(self.rejected)
        );
        if self.file_errors > 0 {
            let _ = writeln!(out, "Files (or parts) that could not be read: {}", self.file_errors);
        }
        if self.latin1_rows > 0 {
            let _ = writeln!(out, "Warning: {} rows had non-UTF-8 bytes, read as Latin-1", n(self.latin1_rows));
        }
        let _ = writeln!(out);
        let _ = writeln!(out, "People               {:>12}", n(self.people));
        let _ = writeln!(out, "  rows not contiguous{:>12}", n(self.split_people));
        let _ = writeln!(out, "  deceased           {:>12}", n(self.deceased_people));
        let _ = writeln!(out, "  PC 290 registered  {:>12}", n(self.pc290_registered_people));
        let _ = writeln!(out, "Cases (steps)        {:>12}", n(self.cases));
        let _ = writeln!(out, "Counts               {:>12}", n(self.counts));
        let _ = writeln!(out, "Convictions          {:>12}", n(self.convictions));
        let _ = writeln!(
            out,
            "Prop 64 convictions  {:>12}  ({} people)",
            n(self.prop64_convictions),
            n(self.prop64_people)
        );
        let _ = writeln!(out);
        if !self.prop64_by_county.is_empty() {
            let _ = writeln!(out, "Prop 64 convictions by county and court");
            for (county, figures) in &self.prop64_by_county {
                let county = if county.is_empty() { "(no county)" } else { county };
                let _ = writeln!(out, "  {county:<36}{:>10}", n(figures.total));
                for (court, count) in &figures.courts {
                    let court = if court.is_empty() { "(no court)" } else { court };
                    let _ = writeln!(out, "    {court:<34}{:>10}", n(*count));
                }
            }
            let _ = writeln!(out);
            let _ = writeln!(out, "Prop 64 convictions by section and level");
            for (key, count) in &self.prop64_by_section_and_level {
                let _ = writeln!(out, "  HS {key:<33}{:>10}", n(*count));
            }
            let _ = writeln!(out);
        }
        if !self.flags.is_empty() {
            let _ = writeln!(out, "Data-quality flags (kept; sent to review by the eligibility stage)");
            for (flag, count) in &self.flags {
                let _ = writeln!(out, "  {flag:<36}{:>10}", n(*count));
            }
        }
        out
    }
}

/// 1234567 → `1,234,567`.
pub fn thousands(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A [`Sink`] that adds up people and writes rejects as they arrive.
pub struct InspectSink {
    pub inspection: Inspection,
    pub rejects: Option<RejectsCsv>,
    pub reject_error: Option<std::io::Error>,
}

impl Sink for InspectSink {
    fn person(&mut self, person: Person) {
        self.inspection.add(&person);
    }

    fn reject(&mut self, reject: Reject) {
        if let Some(writer) = &mut self.rejects
            && let Err(err) = writer.write(&reject)
        {
            self.reject_error.get_or_insert(err);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1234567), "1,234,567");
    }
}
