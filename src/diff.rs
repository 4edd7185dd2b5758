//! `diff`: what changed between two `classify` output directories, and why.
//!
//! Reads each directory's `determinations.csv` and `summary.json`; keys
//! determinations by (subject_id, count_id); says which changed (determination,
//! relief, path or rule), which were added or removed, and why: the policy,
//! the as-of date, the county, the inputs (file hashes, or the row itself), or
//! a reviewer's decision. Reads only; never writes into either directory.
//! The result carries no names: subject_id, count_id and case number are what
//! a reviewer needs to find a row.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

/// Why a determination changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Why {
    /// A reviewer's decision was added, removed or changed for this count.
    ReviewerDecision,
    /// The conviction's own data (section, level, dates, case number) differs.
    InputRowChanged,
    /// The input files differ (SHA-256).
    InputChanged,
    /// The policy settings differ.
    PolicyChanged,
    /// The as-of date differs.
    AsOfChanged,
    /// The county differs.
    CountyChanged,
    /// Another version of the tool wrote one of the runs.
    ToolChanged,
    /// None of the above: the runs should have agreed.
    Unexplained,
}

impl Why {
    pub fn as_str(self) -> &'static str {
        match self {
            Why::ReviewerDecision => "reviewer decision",
            Why::InputRowChanged => "input row changed",
            Why::InputChanged => "input changed",
            Why::PolicyChanged => "policy changed",
            Why::AsOfChanged => "as-of date changed",
            Why::CountyChanged => "county changed",
            Why::ToolChanged => "tool version changed",
            Why::Unexplained => "unexplained",
        }
    }
}

/// The error of a diff that cannot be made: names the file (and line).
#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    #[error("{path}: cannot read: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{path}: not a summary.json written by classify: {reason}")]
    Summary { path: String, reason: String },
    #[error("{path}:1: no `{column}` column; not a determinations.csv written by classify")]
    MissingColumn { path: String, column: String },
    #[error("{path}:{line}: {reason}")]
    Row { path: String, line: u64, reason: String },
}

/// The columns of one determination that the diff looks at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    pub case_number: String,
    pub code_section: String,
    pub level: String,
    pub conviction_date: String,
    pub sentence_end: String,
    pub determination: String,
    pub relief: String,
    pub path: String,
    pub rule: String,
    pub decided_by: String,
    pub reviewer_note: String,
}

impl Row {
    fn outcome_differs(&self, other: &Row) -> bool {
        (&self.determination, &self.relief, &self.path, &self.rule)
            != (&other.determination, &other.relief, &other.path, &other.rule)
    }

    fn input_differs(&self, other: &Row) -> bool {
        (&self.case_number, &self.code_section, &self.level, &self.conviction_date, &self.sentence_end)
            != (&other.case_number, &other.code_section, &other.level, &other.conviction_date, &other.sentence_end)
    }
}

/// One classify output directory, read.
#[derive(Debug)]
pub struct RunDir {
    pub dir: PathBuf,
    pub summary: Value,
    /// Keyed by (subject_id, count_id); the value keeps the input order.
    pub rows: BTreeMap<(String, String), (usize, Row)>,
}

const NEEDED: [&str; 9] = [
    "subject_id",
    "count_id",
    "case_number",
    "code_section",
    "level",
    "conviction_date",
    "determination",
    "relief",
    "rule",
];

impl RunDir {
    pub fn read(dir: &Path) -> Result<RunDir, DiffError> {
        let summary_path = dir.join("summary.json");
        let shown = summary_path.display().to_string();
        let bytes = std::fs::read(&summary_path).map_err(|source| DiffError::Io { path: shown.clone(), source })?;
        let summary: Value = serde_json::from_slice(&bytes)
            .map_err(|e| DiffError::Summary { path: shown.clone(), reason: e.to_string() })?;
        if !summary.get("as_of").is_some_and(Value::is_string) {
            return Err(DiffError::Summary { path: shown, reason: "no as_of".to_owned() });
        }
        let csv_path = dir.join("determinations.csv");
        let path = csv_path.display().to_string();
        let file = std::fs::File::open(&csv_path).map_err(|source| DiffError::Io { path: path.clone(), source })?;
        let mut reader = csv::ReaderBuilder::new().from_reader(std::io::BufReader::with_capacity(1 << 16, file));
        let row_error = |line: u64, reason: String| DiffError::Row { path: path.clone(), line, reason };
        let headers = reader.headers().map_err(|e| row_error(1, e.to_string()))?.clone();
        let at = |column: &str| headers.iter().position(|h| h == column);
        for column in NEEDED {
            if at(column).is_none() {
                return Err(DiffError::MissingColumn { path: path.clone(), column: column.to_owned() });
            }
        }
        let [subject, count, case_number, code_section, level, conviction_date, determination, relief, rule] =
            NEEDED.map(|c| at(c).expect("checked"));
        let (sentence_end, row_path, decided_by, note) =
            (at("sentence_end"), at("path"), at("decided_by"), at("reviewer_note"));
        let mut rows = BTreeMap::new();
        let mut record = csv::StringRecord::new();
        let mut index = 0;
        loop {
            match reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line());
                    return Err(row_error(line, "cannot be read as CSV".to_owned()));
                }
            }
            let line = record.position().map_or(0, |p| p.line());
            let get = |i: usize| crate::output::spreadsheet_literal(record.get(i).unwrap_or("")).to_owned();
            let opt = |i: Option<usize>| i.map(get).unwrap_or_default();
            let decided = opt(decided_by);
            let row = Row {
                case_number: get(case_number),
                code_section: get(code_section),
                level: get(level),
                conviction_date: get(conviction_date),
                sentence_end: opt(sentence_end),
                determination: get(determination),
                relief: get(relief),
                path: opt(row_path),
                rule: get(rule),
                decided_by: if decided.is_empty() { "engine".to_owned() } else { decided },
                reviewer_note: opt(note),
            };
            if rows.insert((get(subject), get(count)), (index, row)).is_some() {
                return Err(row_error(line, "a second row for the same subject_id and count_id".to_owned()));
            }
            index += 1;
        }
        Ok(RunDir { dir: dir.to_owned(), summary, rows })
    }

    fn text(&self, key: &str) -> String {
        match self.summary.get(key) {
            Some(Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
            None => String::new(),
        }
    }

    fn policy_name(&self) -> String {
        self.summary.pointer("/policy/source/name").and_then(Value::as_str).unwrap_or("").to_owned()
    }

    /// Input file hashes, sorted: the same files under other names are the same input.
    fn input_hashes(&self) -> Vec<String> {
        let mut hashes: Vec<String> = self
            .summary
            .get("inputs")
            .and_then(Value::as_array)
            .map(|inputs| inputs.iter().filter_map(|i| i.get("sha256")?.as_str().map(str::to_owned)).collect())
            .unwrap_or_default();
        hashes.sort();
        hashes
    }
}

/// A run-level difference, with both values.
#[derive(Debug, Clone, Serialize)]
pub struct RunChange {
    pub why: Why,
    pub old: String,
    pub new: String,
}

/// Both sides of a changed determination.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    pub determination: String,
    pub relief: String,
    pub path: String,
    pub rule: String,
    pub decided_by: String,
}

impl From<&Row> for Outcome {
    fn from(row: &Row) -> Self {
        Outcome {
            determination: row.determination.clone(),
            relief: row.relief.clone(),
            path: row.path.clone(),
            rule: row.rule.clone(),
            decided_by: row.decided_by.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Changed {
    pub subject_id: String,
    pub count_id: String,
    pub case_number: String,
    pub old: Outcome,
    pub new: Outcome,
    pub why: Vec<Why>,
    /// What the filing ledger says of this conviction, when it was filed
    /// ("filed 2026-12-01 in san-francisco, granted 2027-01-15").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filed: Option<String>,
}

/// A row only one run has.
#[derive(Debug, Clone, Serialize)]
pub struct OneSide {
    pub subject_id: String,
    pub count_id: String,
    pub case_number: String,
    #[serde(flatten)]
    pub outcome: Outcome,
    /// As [`Changed::filed`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filed: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Counts {
    pub old: u64,
    pub new: u64,
    pub changed: u64,
    pub added: u64,
    pub removed: u64,
    pub unchanged: u64,
    /// `dismiss -> reduce`: how many.
    pub changed_by_determination: BTreeMap<String, u64>,
    /// Changed rows by reason (a row may have several).
    pub changed_by_why: BTreeMap<String, u64>,
    /// Changed, added or removed rows the filing ledger has filed (with a ledger).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filed: Option<u64>,
}

/// The whole comparison.
#[derive(Debug, Clone, Serialize)]
pub struct Diff {
    pub old_dir: String,
    pub new_dir: String,
    pub run_changes: Vec<RunChange>,
    pub counts: Counts,
    /// In the new run's order.
    pub changed: Vec<Changed>,
    /// In the new run's order.
    pub added: Vec<OneSide>,
    /// In the old run's order.
    pub removed: Vec<OneSide>,
}

/// Compares two classify output directories.
pub fn diff(old_dir: &Path, new_dir: &Path) -> Result<Diff, DiffError> {
    let old = RunDir::read(old_dir)?;
    let new = RunDir::read(new_dir)?;
    Ok(compare(&old, &new))
}

/// Compares two runs already read.
pub fn compare(old: &RunDir, new: &RunDir) -> Diff {
    let mut run_changes = Vec::new();
    let settings = |run: &RunDir| run.summary.pointer("/policy/settings").cloned().unwrap_or(Value::Null);
    if settings(old) != settings(new) {
        run_changes.push(RunChange { why: Why::PolicyChanged, old: old.policy_name(), new: new.policy_name() });
    }
    let mut note = |why, a: String, b: String| {
        if a != b {
            run_changes.push(RunChange { why, old: a, new: b });
        }
    };
    note(Why::AsOfChanged, old.text("as_of"), new.text("as_of"));
    note(Why::CountyChanged, old.text("county"), new.text("county"));
    note(Why::InputChanged, old.input_hashes().join(" "), new.input_hashes().join(" "));
    note(Why::ToolChanged, old.text("tool"), new.text("tool"));
    let run_whys: Vec<Why> = run_changes.iter().map(|c| c.why).collect();

    let mut counts = Counts { old: old.rows.len() as u64, new: new.rows.len() as u64, ..Counts::default() };
    let mut changed = Vec::new();
    let mut added = Vec::new();
    for ((subject_id, count_id), (index, row)) in &new.rows {
        let key = (subject_id.clone(), count_id.clone());
        let Some((_, before)) = old.rows.get(&key) else {
            added.push((
                *index,
                OneSide {
                    subject_id: subject_id.clone(),
                    count_id: count_id.clone(),
                    case_number: row.case_number.clone(),
                    outcome: row.into(),
                    filed: None,
                },
            ));
            continue;
        };
        if !before.outcome_differs(row) {
            counts.unchanged += 1;
            continue;
        }
        let mut why = Vec::new();
        let reviewer = before.decided_by == "reviewer" || row.decided_by == "reviewer";
        if before.decided_by != row.decided_by
            || (reviewer && (before.determination != row.determination || before.reviewer_note != row.reviewer_note))
        {
            why.push(Why::ReviewerDecision);
        } else {
            if before.input_differs(row) {
                why.push(Why::InputRowChanged);
            }
            why.extend(run_whys.iter().copied());
            if why.is_empty() {
                why.push(Why::Unexplained);
            }
        }
        changed.push((
            *index,
            Changed {
                subject_id: subject_id.clone(),
                count_id: count_id.clone(),
                case_number: row.case_number.clone(),
                old: before.into(),
                new: row.into(),
                why,
                filed: None,
            },
        ));
    }
    let mut removed: Vec<(usize, OneSide)> = old
        .rows
        .iter()
        .filter(|(key, _)| !new.rows.contains_key(*key))
        .map(|((subject_id, count_id), (index, row))| {
            (
                *index,
                OneSide {
                    subject_id: subject_id.clone(),
                    count_id: count_id.clone(),
                    case_number: row.case_number.clone(),
                    outcome: row.into(),
                    filed: None,
                },
            )
        })
        .collect();
    changed.sort_by_key(|(index, _)| *index);
    added.sort_by_key(|(index, _)| *index);
    removed.sort_by_key(|(index, _)| *index);
    let changed: Vec<Changed> = changed.into_iter().map(|(_, c)| c).collect();
    for row in &changed {
        *counts
            .changed_by_determination
            .entry(format!("{} -> {}", row.old.determination, row.new.determination))
            .or_default() += 1;
        for why in &row.why {
            *counts.changed_by_why.entry(why.as_str().to_owned()).or_default() += 1;
        }
    }
    counts.changed = changed.len() as u64;
    counts.added = added.len() as u64;
    counts.removed = removed.len() as u64;
    Diff {
        old_dir: old.dir.display().to_string(),
        new_dir: new.dir.display().to_string(),
        run_changes,
        counts,
        changed,
        added: added.into_iter().map(|(_, a)| a).collect(),
        removed: removed.into_iter().map(|(_, r)| r).collect(),
    }
}

/// "filed 2026-12-01 in PACKET, granted 2027-01-15" (or "awaiting the order").
pub fn filed_note(status: &crate::ledger::FiledStatus) -> String {
    let outcome = match &status.outcome {
        Some((outcome, date)) => format!("{outcome} {date}"),
        None => "awaiting the order".to_owned(),
    };
    format!("filed {} in {} ({}), {outcome}", status.filed_on, status.packet, status.relief)
}

impl Diff {
    /// Marks the changed, added and removed rows the filing ledger has filed.
    pub fn mark_filed(&mut self, filed: &crate::docket::FiledMap) {
        let note = |subject: &str, count: &str| filed.get(&(subject.to_owned(), count.to_owned())).map(filed_note);
        let mut n = 0;
        for c in &mut self.changed {
            c.filed = note(&c.subject_id, &c.count_id);
            n += u64::from(c.filed.is_some());
        }
        for r in self.added.iter_mut().chain(self.removed.iter_mut()) {
            r.filed = note(&r.subject_id, &r.count_id);
            n += u64::from(r.filed.is_some());
        }
        self.counts.filed = Some(n);
    }

    /// The plain-text report: counts first, then one tab-separated line per row.
    pub fn text(&self) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        let c = &self.counts;
        let _ = writeln!(out, "{} -> {}", self.old_dir, self.new_dir);
        if self.run_changes.is_empty() {
            let _ = writeln!(out, "Run: same policy, as-of date, county, inputs and tool");
        }
        for change in &self.run_changes {
            let _ = match change.why {
                Why::InputChanged => writeln!(out, "Run: {} (input file hashes differ)", change.why.as_str()),
                _ => writeln!(out, "Run: {}: {} -> {}", change.why.as_str(), change.old, change.new),
            };
        }
        let _ = writeln!(
            out,
            "Determinations: {} old, {} new: {} changed, {} added, {} removed, {} unchanged",
            c.old, c.new, c.changed, c.added, c.removed, c.unchanged
        );
        for (change, n) in &c.changed_by_determination {
            let _ = writeln!(out, "  {change}: {n}");
        }
        for (why, n) in &c.changed_by_why {
            let _ = writeln!(out, "  because {why}: {n}");
        }
        if let Some(n) = c.filed {
            let _ = writeln!(out, "Of the changed, added and removed rows, filed before (the filing ledger): {n}");
        }
        if !(self.changed.is_empty() && self.added.is_empty() && self.removed.is_empty()) {
            let _ = writeln!(
                out,
                "\nchange\tsubject_id\tcount_id\tcase_number\told determination\told relief\told rule\tnew determination\tnew relief\tnew rule\twhy{}",
                if c.filed.is_some() { "\tfiled" } else { "" }
            );
        }
        let field = |s: &str| if s.is_empty() { "-".to_owned() } else { s.replace(['\t', '\n', '\r'], " ") };
        // The `filed` column only when a ledger marked the rows.
        let filed = |note: &Option<String>| match c.filed {
            Some(_) => format!("\t{}", field(note.as_deref().unwrap_or(""))),
            None => String::new(),
        };
        for row in &self.changed {
            let why: Vec<&str> = row.why.iter().map(|w| w.as_str()).collect();
            let _ = writeln!(
                out,
                "changed\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}{}",
                field(&row.subject_id),
                field(&row.count_id),
                field(&row.case_number),
                field(&row.old.determination),
                field(&row.old.relief),
                field(&row.old.rule),
                field(&row.new.determination),
                field(&row.new.relief),
                field(&row.new.rule),
                why.join("; "),
                filed(&row.filed)
            );
        }
        for (label, rows) in [("added", &self.added), ("removed", &self.removed)] {
            for row in rows {
                let (old, new) = if label == "added" { (None, Some(&row.outcome)) } else { (Some(&row.outcome), None) };
                let side = |o: Option<&Outcome>| match o {
                    Some(o) => format!("{}\t{}\t{}", field(&o.determination), field(&o.relief), field(&o.rule)),
                    None => "-\t-\t-".to_owned(),
                };
                let _ = writeln!(
                    out,
                    "{label}\t{}\t{}\t{}\t{}\t{}\t-{}",
                    field(&row.subject_id),
                    field(&row.count_id),
                    field(&row.case_number),
                    side(old),
                    side(new),
                    filed(&row.filed)
                );
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(determination: &str, rule: &str) -> Row {
        Row {
            case_number: "SF1".to_owned(),
            code_section: "11359 HS".to_owned(),
            level: "F".to_owned(),
            conviction_date: "2001-01-01".to_owned(),
            sentence_end: String::new(),
            determination: determination.to_owned(),
            relief: String::new(),
            path: String::new(),
            rule: rule.to_owned(),
            decided_by: "engine".to_owned(),
            reviewer_note: String::new(),
        }
    }

    fn run(summary: Value, rows: Vec<(&str, Row)>) -> RunDir {
        RunDir {
            dir: PathBuf::from("d"),
            summary,
            rows: rows.into_iter().enumerate().map(|(i, (id, r))| (("S".to_owned(), id.to_owned()), (i, r))).collect(),
        }
    }

    #[test]
    fn changes_are_explained_row_by_row() {
        let summary =
            serde_json::json!({"as_of": "2026-01-01", "policy": {"settings": {"a": 1}}, "inputs": [{"sha256": "x"}]});
        let mut later = summary.clone();
        later["as_of"] = "2027-01-01".into();
        let mut reviewed = row("dismiss", "reviewer_decision");
        reviewed.decided_by = "reviewer".to_owned();
        let mut new_level = row("reduce", "b");
        new_level.level = "M".to_owned();
        let old = run(
            summary,
            vec![
                ("1", row("review", "a")),
                ("2", row("review", "a")),
                ("3", row("reduce", "b")),
                ("4", row("x", "y")),
                ("5", row("reduce", "b")),
            ],
        );
        let new = run(
            later,
            vec![
                ("1", reviewed),
                ("2", row("dismiss", "c")),
                ("3", row("reduce", "b")),
                ("5", new_level.clone()),
                ("6", row("x", "y")),
            ],
        );
        let d = compare(&old, &new);
        assert_eq!(d.run_changes.len(), 1);
        assert_eq!(d.run_changes[0].why, Why::AsOfChanged);
        assert_eq!((d.counts.changed, d.counts.added, d.counts.removed, d.counts.unchanged), (2, 1, 1, 2));
        assert_eq!(d.changed[0].why, [Why::ReviewerDecision]);
        assert_eq!(d.changed[1].why, [Why::AsOfChanged]);
        assert_eq!((d.added[0].count_id.as_str(), d.removed[0].count_id.as_str()), ("6", "4"));
        assert_eq!(d.counts.changed_by_determination["review -> dismiss"], 2);
        let text = d.text();
        assert!(text.contains("Determinations: 5 old, 5 new: 2 changed, 1 added, 1 removed, 2 unchanged"), "{text}");
        assert!(text.contains("changed\tS\t2\tSF1\treview\t-\ta\tdismiss\t-\tc\tas-of date changed"), "{text}");
        // Only the level changed, not the outcome: not a change.
        assert!(!new_level.outcome_differs(&row("reduce", "b")) && new_level.input_differs(&row("reduce", "b")));
    }

    #[test]
    fn runs_written_before_the_reviewer_columns_read_as_decided_by_the_engine() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("summary.json"), r#"{"as_of": "2026-01-01", "inputs": []}"#).unwrap();
        std::fs::write(
            dir.path().join("determinations.csv"),
            "subject_id,count_id,case_number,code_section,level,conviction_date,determination,relief,rule\nS,001002001000,SF1,11359 HS,F,2001-01-01,reduce,misdemeanor,r\n",
        )
        .unwrap();
        let run = RunDir::read(dir.path()).unwrap();
        let (_, row) = &run.rows[&("S".to_owned(), "001002001000".to_owned())];
        assert_eq!((row.decided_by.as_str(), row.path.as_str()), ("engine", ""));
        std::fs::write(dir.path().join("determinations.csv"), "subject_id,count_id\n").unwrap();
        let err = RunDir::read(dir.path()).unwrap_err().to_string();
        assert!(
            err.ends_with(
                "determinations.csv:1: no `case_number` column; not a determinations.csv written by classify"
            ),
            "{err}"
        );
    }
}
