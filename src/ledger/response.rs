//! The court's answer: the clerk CSV sent back with an outcome per row.
//!
//! The format (README, "Court response"): the clerk CSV's `row`, `count_id`
//! (and, when present, `subject_id`) plus `outcome` (`granted`, `denied` or
//! `modified`) and `order_date` (`YYYY-MM-DD` or `MM/DD/YYYY`). A court that
//! exports its own columns gives a mapping file:
//!
//! ```toml
//! [columns]            # our name = the court's header
//! count_id = "DA Count"
//! row = "Line"         # optional
//! outcome = "Ruling"
//! order_date = "Order Date"
//! [outcomes]           # the court's word = ours
//! "GRANTED" = "granted"
//! "DENIED - SEE MINUTE ORDER" = "denied"
//! ```
//!
//! Every problem is an error naming the file and line; nothing is guessed.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use crate::model::Date;

/// What the court did with one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutcomeKind {
    Granted,
    Denied,
    Modified,
}

impl OutcomeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OutcomeKind::Granted => "granted",
            OutcomeKind::Denied => "denied",
            OutcomeKind::Modified => "modified",
        }
    }

    fn parse(text: &str) -> Option<OutcomeKind> {
        match text.trim().to_ascii_lowercase().as_str() {
            "granted" => Some(OutcomeKind::Granted),
            "denied" => Some(OutcomeKind::Denied),
            "modified" => Some(OutcomeKind::Modified),
            _ => None,
        }
    }
}

/// One row of a court response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub line: u64,
    pub row: Option<u64>,
    pub count_id: String,
    pub subject_id: Option<String>,
    pub outcome: OutcomeKind,
    pub order_date: Date,
}

/// A court's own column names and outcome words.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseMapping {
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
    #[serde(default)]
    pub outcomes: BTreeMap<String, String>,
}

const FIELDS: [&str; 5] = ["row", "count_id", "subject_id", "outcome", "order_date"];

impl ResponseMapping {
    /// Reads and checks a mapping file.
    pub fn load(path: &Path) -> Result<ResponseMapping, String> {
        let shown = path.display();
        let text = std::fs::read_to_string(path).map_err(|e| format!("{shown}: {e}"))?;
        let mapping: ResponseMapping = toml::from_str(&text).map_err(|e| format!("{shown}: {}", e.message()))?;
        for key in mapping.columns.keys() {
            if !FIELDS.contains(&key.as_str()) {
                return Err(format!("{shown}: [columns] {key}: unknown; the keys are {}", FIELDS.join(", ")));
            }
        }
        for (word, ours) in &mapping.outcomes {
            if OutcomeKind::parse(ours).is_none() {
                return Err(format!(
                    "{shown}: [outcomes] \"{word}\" = \"{ours}\": must be granted, denied or modified"
                ));
            }
        }
        Ok(mapping)
    }

    fn header<'a>(&'a self, field: &'a str) -> &'a str {
        self.columns.get(field).map_or(field, String::as_str)
    }

    fn outcome(&self, text: &str) -> Option<OutcomeKind> {
        let ours = self.outcomes.iter().find(|(word, _)| word.trim().eq_ignore_ascii_case(text.trim()));
        OutcomeKind::parse(ours.map_or(text, |(_, ours)| ours.as_str()))
    }
}

fn parse_date(text: &str) -> Option<Date> {
    let text = text.trim();
    Date::parse_from_str(text, "%Y-%m-%d").or_else(|_| Date::parse_from_str(text, "%m/%d/%Y")).ok()
}

/// Reads a court response. Errors name the file and line.
pub fn read_response(path: &Path, mapping: &ResponseMapping) -> Result<Vec<Outcome>, String> {
    let shown = path.display().to_string();
    let mut reader = csv::ReaderBuilder::new().from_path(path).map_err(|e| format!("{shown}: {e}"))?;
    let headers = reader.headers().map_err(|e| format!("{shown}: {e}"))?.clone();
    let find = |field: &str| headers.iter().position(|h| h.trim() == mapping.header(field));
    let need = |field: &str| {
        find(field).ok_or_else(|| {
            let mapped = if mapping.columns.contains_key(field) { " (from the mapping)" } else { "" };
            format!("{shown}: no `{}` column{mapped}; give a mapping with --mapping", mapping.header(field))
        })
    };
    let (count, outcome, date) = (need("count_id")?, need("outcome")?, need("order_date")?);
    let (row, subject) = (find("row"), find("subject_id"));
    let mut outcomes = Vec::new();
    let mut seen: HashMap<(String, String), (u64, OutcomeKind)> = HashMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| format!("{shown}: {e}"))?;
        let line = record.position().map_or(0, |p| p.line());
        let at = format!("{shown}:{line}");
        let cell = |i: usize| crate::output::spreadsheet_literal(record.get(i).unwrap_or("").trim());
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let count_id = cell(count).to_owned();
        if count_id.is_empty() {
            return Err(format!("{at}: no count_id"));
        }
        let kind = mapping.outcome(cell(outcome)).ok_or_else(|| {
            format!(
                "{at}: outcome \"{}\" is not granted, denied or modified (a mapping's [outcomes] can translate it)",
                cell(outcome)
            )
        })?;
        let order_date = parse_date(cell(date))
            .ok_or_else(|| format!("{at}: order_date \"{}\" is not a date (YYYY-MM-DD or MM/DD/YYYY)", cell(date)))?;
        let row = match row.map(cell).filter(|c| !c.is_empty()) {
            Some(text) => Some(text.parse().map_err(|_| format!("{at}: row \"{text}\" is not a number"))?),
            None => None,
        };
        let subject_id = subject.map(cell).filter(|c| !c.is_empty()).map(str::to_owned);
        let key = (subject_id.clone().unwrap_or_default(), count_id.clone());
        if let Some((first, earlier)) = seen.insert(key, (line, kind)) {
            return Err(if earlier == kind {
                format!("{at}: count {count_id} is listed twice (first on line {first}); correct the response")
            } else {
                format!(
                    "{at}: count {count_id} is {} here but {} on line {first}; correct the response",
                    kind.as_str(),
                    earlier.as_str()
                )
            });
        }
        outcomes.push(Outcome { line, row, count_id, subject_id, outcome: kind, order_date });
    }
    Ok(outcomes)
}
