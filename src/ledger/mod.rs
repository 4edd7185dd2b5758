//! The filing ledger: what was filed, when, and what the court did with it.
//!
//! One SQLite file (rusqlite, with the library bundled: nothing to install)
//! that outlives runs. It holds only what later runs need to tell a filed
//! conviction from a new one and to follow it up: the conviction's
//! `subject_id` and `count_id`, its court case number, court, relief and
//! path, the packet and row it was filed in, the hashes of the packet's
//! documents, the filing date, and the court's outcome and order date. No
//! names, dates of birth or CII numbers.
//!
//! - The schema is versioned (`PRAGMA user_version`) and migrated forward on
//!   open; a ledger written by a newer version is refused, never rewritten.
//! - `PRAGMA quick_check` runs on every open: a file that is not SQLite, or
//!   is damaged, is an error naming the file.
//! - WAL journal; every command writes in one `BEGIN IMMEDIATE` transaction,
//!   so a second process writing at the same time gets "ledger in use", and
//!   a failed command leaves nothing half-applied.

pub mod follow_up;
mod response;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension, TransactionBehavior, params};

use crate::model::Date;
pub use response::{Outcome, ResponseMapping, read_response};

/// The migrations, in order: migration `i` takes the schema from version `i`
/// to `i + 1`. Never edit one that has shipped; add the next.
const MIGRATIONS: &[&str] = &[
    // 1: filings, their documents and rows, and the court's outcomes.
    "CREATE TABLE filing (
         id INTEGER PRIMARY KEY,
         packet TEXT NOT NULL,
         filed_on TEXT NOT NULL,
         clerk_csv_sha256 TEXT NOT NULL UNIQUE,
         tool TEXT NOT NULL
     );
     CREATE TABLE document (
         filing_id INTEGER NOT NULL REFERENCES filing(id),
         path TEXT NOT NULL,
         sha256 TEXT NOT NULL,
         PRIMARY KEY (filing_id, path)
     ) WITHOUT ROWID;
     CREATE TABLE filed_row (
         subject_id TEXT NOT NULL,
         count_id TEXT NOT NULL,
         filing_id INTEGER NOT NULL REFERENCES filing(id),
         row INTEGER NOT NULL,
         case_number TEXT NOT NULL,
         court TEXT NOT NULL,
         level TEXT NOT NULL,
         relief TEXT NOT NULL,
         path TEXT NOT NULL,
         PRIMARY KEY (subject_id, count_id)
     ) WITHOUT ROWID;
     CREATE INDEX filed_row_count ON filed_row (count_id);
     CREATE TABLE outcome (
         subject_id TEXT NOT NULL,
         count_id TEXT NOT NULL,
         outcome TEXT NOT NULL CHECK (outcome IN ('granted', 'denied', 'modified')),
         order_date TEXT NOT NULL,
         response TEXT NOT NULL,
         line INTEGER NOT NULL,
         PRIMARY KEY (subject_id, count_id),
         FOREIGN KEY (subject_id, count_id) REFERENCES filed_row(subject_id, count_id)
     ) WITHOUT ROWID;",
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// A ledger problem, naming the file (and line) to look at.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    #[error("{path}: not a clearmotion ledger (not an SQLite database); name another file with --ledger")]
    NotSqlite { path: String },
    #[error("{path}: the ledger is damaged ({detail}); restore it from a backup")]
    Corrupt { path: String, detail: String },
    #[error(
        "{path}: the ledger was written by a newer clearmotion (schema version {found}; this one knows up to {known}); use that version"
    )]
    Newer { path: String, found: u32, known: u32 },
    #[error("{path}: ledger in use by another clearmotion process; try again when it has finished")]
    InUse { path: String },
    /// `detail` names the file and line at fault (the input, not the ledger).
    #[error("{detail}")]
    Invalid { path: String, detail: String },
    #[error("{path}: {source}")]
    Sql { path: String, source: rusqlite::Error },
}

/// The filing ledger, open.
pub struct Ledger {
    conn: Connection,
    path: String,
}

/// One row of a filed packet's clerk CSV.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FiledRow {
    pub row: u64,
    pub subject_id: String,
    pub count_id: String,
    pub case_number: String,
    pub court: String,
    /// The level as filed (`F`, `M`, `I`): the DOJ follow-up checks it changed.
    pub level: String,
    pub relief: String,
    pub path: String,
    /// Line of the clerk CSV, for messages.
    pub line: u64,
}

/// A packet as filed: its folder name, its clerk CSV's hash, its documents.
#[derive(Debug, Clone)]
pub struct Filing {
    pub packet: String,
    pub filed_on: Date,
    pub clerk_csv: String,
    pub clerk_csv_sha256: String,
    /// (path inside the packet folder, SHA-256), sorted by path.
    pub documents: Vec<(String, String)>,
    pub rows: Vec<FiledRow>,
}

/// What the ledger knows of a filed conviction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FiledStatus {
    pub packet: String,
    pub filed_on: String,
    pub relief: String,
    pub case_number: String,
    /// The level as filed.
    pub level: String,
    /// `granted`, `denied` or `modified`, with the order date; `None` while
    /// the order is awaited.
    pub outcome: Option<(String, String)>,
}

/// Counts for summaries.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct StatusCounts {
    pub filed: u64,
    pub awaiting_order: u64,
    pub granted: u64,
    pub denied: u64,
    pub modified: u64,
}

impl Ledger {
    /// Opens (or creates) the ledger at `path`, checks it and brings its
    /// schema up to date.
    pub fn open(path: &Path) -> Result<Ledger, LedgerError> {
        let name = path.display().to_string();
        let sql = |source| LedgerError::Sql { path: name.clone(), source };
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(sql)?;
        let mut ledger = Ledger { conn, path: name };
        ledger.check()?;
        ledger.migrate()?;
        Ok(ledger)
    }

    /// The file's name, as given.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Maps an SQLite error on this ledger to the user's terms.
    fn error(&self, source: rusqlite::Error) -> LedgerError {
        sql_error(&self.path, source)
    }

    /// Integrity check, WAL mode, foreign keys.
    fn check(&mut self) -> Result<(), LedgerError> {
        // No waiting: a second writer is told at once.
        self.conn.busy_timeout(std::time::Duration::ZERO).map_err(|e| self.error(e))?;
        // The integrity check reads the whole file: once per process for a
        // file unchanged since (a `run` opens the ledger for classify and
        // again for packets). A file written since, by size or time, is
        // checked again.
        type Seen = (std::path::PathBuf, u64, Option<std::time::SystemTime>);
        static CHECKED: std::sync::Mutex<Vec<Seen>> = std::sync::Mutex::new(Vec::new());
        let meta = std::fs::metadata(&self.path).ok();
        let id: Seen = (
            std::fs::canonicalize(&self.path).unwrap_or_else(|_| self.path.clone().into()),
            meta.as_ref().map_or(0, |m| m.len()),
            meta.and_then(|m| m.modified().ok()),
        );
        let checked = CHECKED.lock().is_ok_and(|list| list.contains(&id));
        if !checked {
            let verdict: String =
                self.conn.query_row("PRAGMA quick_check", [], |r| r.get(0)).map_err(|e| self.error(e))?;
            if verdict != "ok" {
                return Err(LedgerError::Corrupt { path: self.path.clone(), detail: verdict });
            }
            if let Ok(mut list) = CHECKED.lock() {
                list.push(id);
            }
        }
        let mode: String =
            self.conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0)).map_err(|e| self.error(e))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(LedgerError::Invalid {
                path: self.path.clone(),
                detail: format!("cannot use the WAL journal (SQLite answered {mode})"),
            });
        }
        self.conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;").map_err(|e| self.error(e))
    }

    fn migrate(&mut self) -> Result<(), LedgerError> {
        let version: u32 = self.conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(|e| self.error(e))?;
        if version > SCHEMA_VERSION {
            return Err(LedgerError::Newer { path: self.path.clone(), found: version, known: SCHEMA_VERSION });
        }
        if version == SCHEMA_VERSION {
            return Ok(());
        }
        let path = self.path.clone();
        let sql = |source| sql_error(&path, source);
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sql)?;
        for (i, migration) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            tx.execute_batch(migration).map_err(sql)?;
            tx.pragma_update(None, "user_version", i as u32 + 1).map_err(sql)?;
        }
        tx.commit().map_err(sql)
    }

    /// The schema version of the open ledger.
    pub fn version(&self) -> Result<u32, LedgerError> {
        self.conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(|e| self.error(e))
    }

    /// Records a filed packet, all of it or nothing. A packet recorded
    /// before, or a conviction already recorded in another filing, is an
    /// error naming the clerk CSV's line.
    pub fn record_filing(&mut self, filing: &Filing) -> Result<(), LedgerError> {
        let path = self.path.clone();
        let invalid = |detail: String| LedgerError::Invalid { path: path.clone(), detail };
        let sql = |source| sql_error(&path, source);
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sql)?;
        let earlier: Option<(String, String)> = tx
            .query_row(
                "SELECT packet, filed_on FROM filing WHERE clerk_csv_sha256 = ?1",
                [&filing.clerk_csv_sha256],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(sql)?;
        if let Some((packet, on)) = earlier {
            return Err(invalid(format!(
                "{}: this packet ({packet}) is already recorded as filed on {on}; nothing recorded",
                filing.clerk_csv
            )));
        }
        tx.execute(
            "INSERT INTO filing (packet, filed_on, clerk_csv_sha256, tool) VALUES (?1, ?2, ?3, ?4)",
            params![
                filing.packet,
                filing.filed_on.to_string(),
                filing.clerk_csv_sha256,
                concat!("clearmotion ", env!("CARGO_PKG_VERSION"))
            ],
        )
        .map_err(sql)?;
        let id = tx.last_insert_rowid();
        {
            let mut doc =
                tx.prepare("INSERT INTO document (filing_id, path, sha256) VALUES (?1, ?2, ?3)").map_err(sql)?;
            for (file, hash) in &filing.documents {
                doc.execute(params![id, file, hash]).map_err(sql)?;
            }
            let mut before = tx
                .prepare(
                    "SELECT f.packet, f.filed_on FROM filed_row r JOIN filing f ON f.id = r.filing_id
                     WHERE r.subject_id = ?1 AND r.count_id = ?2",
                )
                .map_err(sql)?;
            let mut insert = tx
                .prepare(
                    "INSERT INTO filed_row (subject_id, count_id, filing_id, row, case_number, court, level, relief, path)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                )
                .map_err(sql)?;
            for row in &filing.rows {
                let earlier: Option<(String, String)> = before
                    .query_row(params![row.subject_id, row.count_id], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()
                    .map_err(sql)?;
                if let Some((packet, on)) = earlier {
                    return Err(invalid(format!(
                        "{}:{}: row {}, count {}, was already filed on {on} in {packet}; nothing recorded",
                        filing.clerk_csv, row.line, row.row, row.count_id
                    )));
                }
                insert
                    .execute(params![
                        row.subject_id,
                        row.count_id,
                        id,
                        row.row as i64,
                        row.case_number,
                        row.court,
                        row.level,
                        row.relief,
                        row.path
                    ])
                    .map_err(sql)?;
            }
        }
        tx.commit().map_err(sql)
    }

    /// Records the court's outcomes, all or nothing. Every outcome must name
    /// a filed conviction (and its row number in the filing); a conviction
    /// may get one outcome per response file, and a later response
    /// replaces an earlier one only when it names the same outcome or the
    /// earlier one came from the same file (a corrected copy).
    pub fn record_outcomes(&mut self, response: &str, outcomes: &[Outcome]) -> Result<OutcomeCounts, LedgerError> {
        let path = self.path.clone();
        let invalid = |detail: String| LedgerError::Invalid { path: path.clone(), detail };
        let sql = |source| sql_error(&path, source);
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sql)?;
        let mut counts = OutcomeCounts::default();
        {
            let mut by_count = tx
                .prepare(
                    "SELECT r.row, f.packet, r.subject_id FROM filed_row r JOIN filing f ON f.id = r.filing_id
                     WHERE r.count_id = ?1",
                )
                .map_err(sql)?;
            let mut by_key = tx
                .prepare(
                    "SELECT r.row, f.packet, r.subject_id FROM filed_row r JOIN filing f ON f.id = r.filing_id
                     WHERE r.subject_id = ?1 AND r.count_id = ?2",
                )
                .map_err(sql)?;
            let mut recorded = tx
                .prepare("SELECT outcome, response FROM outcome WHERE subject_id = ?1 AND count_id = ?2")
                .map_err(sql)?;
            let mut upsert = tx
                .prepare(
                    "INSERT INTO outcome (subject_id, count_id, outcome, order_date, response, line)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                     ON CONFLICT (subject_id, count_id) DO UPDATE SET
                         outcome = excluded.outcome, order_date = excluded.order_date,
                         response = excluded.response, line = excluded.line",
                )
                .map_err(sql)?;
            for o in outcomes {
                let at = format!("{response}:{}", o.line);
                let get = |r: &rusqlite::Row| Ok((r.get(0)?, r.get(1)?, r.get(2)?));
                let matches: Vec<(i64, String, String)> = match &o.subject_id {
                    Some(subject) => by_key.query_map(params![subject, o.count_id], get),
                    None => by_count.query_map(params![o.count_id], get),
                }
                .map_err(sql)?
                .collect::<Result<_, _>>()
                .map_err(sql)?;
                // The count id is a person's count: with the subject id (and the row number) it is one.
                let of_person: Vec<&(i64, String, String)> = matches
                    .iter()
                    .filter(|(_, _, subject)| o.subject_id.as_deref().is_none_or(|s| s == subject))
                    .collect();
                if of_person.is_empty() {
                    return Err(invalid(format!(
                        "{at}: count {} was never recorded as filed (mark its packet filed first with `clearmotion filed`); nothing recorded",
                        o.count_id
                    )));
                }
                let at_row: Vec<&&(i64, String, String)> =
                    of_person.iter().filter(|(row, _, _)| o.row.is_none_or(|n| n as i64 == *row)).collect();
                let (_, _, subject) = match at_row.as_slice() {
                    [one] => **one,
                    [] => {
                        let (row, packet, _) = of_person[0];
                        return Err(invalid(format!(
                            "{at}: count {} is row {row} of {packet}, not row {}; is this the response to that packet? nothing recorded",
                            o.count_id,
                            o.row.unwrap_or_default()
                        )));
                    }
                    more => {
                        return Err(invalid(format!(
                            "{at}: count {} names {} filed convictions; the response needs the subject_id column; nothing recorded",
                            o.count_id,
                            more.len()
                        )));
                    }
                };
                let earlier: Option<(String, String)> = recorded
                    .query_row(params![subject, o.count_id], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()
                    .map_err(sql)?;
                if let Some((outcome, from)) = &earlier
                    && outcome != o.outcome.as_str()
                    && from != response
                {
                    return Err(invalid(format!(
                        "{at}: count {} is {}, but {from} recorded it {outcome}; nothing recorded",
                        o.count_id,
                        o.outcome.as_str()
                    )));
                }
                upsert
                    .execute(params![
                        subject,
                        o.count_id,
                        o.outcome.as_str(),
                        o.order_date.to_string(),
                        response,
                        o.line as i64
                    ])
                    .map_err(sql)?;
                counts.add(o.outcome, earlier.is_some());
            }
        }
        tx.commit().map_err(sql)?;
        Ok(counts)
    }

    /// Every filed conviction, by (subject id, count id).
    pub fn filed(&self) -> Result<HashMap<(String, String), FiledStatus>, LedgerError> {
        Self::select_filed(&self.conn, "filed_row r").map_err(|e| self.error(e))
    }

    /// The filed rows of `from` (`filed_row r`, or a join that narrows it)
    /// and their outcomes.
    fn select_filed(conn: &Connection, from: &str) -> rusqlite::Result<HashMap<(String, String), FiledStatus>> {
        let mut stmt = conn.prepare(&format!(
            "SELECT r.subject_id, r.count_id, f.packet, f.filed_on, r.relief, r.case_number, o.outcome, o.order_date,
                    r.level
             FROM {from} JOIN filing f ON f.id = r.filing_id
             LEFT JOIN outcome o ON o.subject_id = r.subject_id AND o.count_id = r.count_id"
        ))?;
        let mut filed = HashMap::new();
        let rows = stmt.query_map([], |r| {
            let outcome: Option<String> = r.get(6)?;
            let date: Option<String> = r.get(7)?;
            Ok((
                (r.get(0)?, r.get(1)?),
                FiledStatus {
                    packet: r.get(2)?,
                    filed_on: r.get(3)?,
                    relief: r.get(4)?,
                    case_number: r.get(5)?,
                    level: r.get(8)?,
                    outcome: outcome.zip(date),
                },
            ))
        })?;
        for row in rows {
            let (key, status) = row?;
            filed.insert(key, status);
        }
        Ok(filed)
    }

    /// The filed convictions among `keys` (subject id, count id): what a run
    /// needs, without reading a large ledger whole. The keys go into a
    /// temporary table that is joined with the ledger's rows.
    pub fn filed_among<'k>(
        &mut self,
        keys: impl IntoIterator<Item = (&'k str, &'k str)>,
    ) -> Result<HashMap<(String, String), FiledStatus>, LedgerError> {
        let path = self.path.clone();
        let sql = |source| sql_error(&path, source);
        let tx = self.conn.transaction().map_err(sql)?;
        tx.execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS wanted (subject_id TEXT NOT NULL, count_id TEXT NOT NULL,
                                                     PRIMARY KEY (subject_id, count_id)) WITHOUT ROWID;
             DELETE FROM temp.wanted;",
        )
        .map_err(sql)?;
        {
            let mut insert = tx.prepare("INSERT OR IGNORE INTO temp.wanted VALUES (?1, ?2)").map_err(sql)?;
            for (subject, count) in keys {
                insert.execute([subject, count]).map_err(sql)?;
            }
        }
        let found = Self::select_filed(
            &tx,
            "temp.wanted w CROSS JOIN filed_row r ON r.subject_id = w.subject_id AND r.count_id = w.count_id",
        )
        .map_err(sql)?;
        tx.execute_batch("DELETE FROM temp.wanted;").map_err(sql)?;
        tx.commit().map_err(sql)?;
        Ok(found)
    }

    /// Filed, awaiting an order, granted, denied, modified: counted by
    /// SQLite, without reading the rows.
    pub fn counts(&self) -> Result<StatusCounts, LedgerError> {
        let mut counts = StatusCounts::default();
        // Every outcome names a filed row (a foreign key), so the two tables
        // are counted apart, without a join.
        let filed: i64 =
            self.conn.query_row("SELECT COUNT(*) FROM filed_row", [], |r| r.get(0)).map_err(|e| self.error(e))?;
        counts.filed = u64::try_from(filed).unwrap_or(0);
        let mut stmt =
            self.conn.prepare("SELECT outcome, COUNT(*) FROM outcome GROUP BY outcome").map_err(|e| self.error(e))?;
        let rows =
            stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))).map_err(|e| self.error(e))?;
        let mut decided = 0;
        for row in rows {
            let (outcome, n) = row.map_err(|e| self.error(e))?;
            let n = u64::try_from(n).unwrap_or(0);
            decided += n;
            match outcome.as_str() {
                "granted" => counts.granted += n,
                "denied" => counts.denied += n,
                _ => counts.modified += n,
            }
        }
        counts.awaiting_order = counts.filed.saturating_sub(decided);
        Ok(counts)
    }

    /// The granted convictions, by (subject id, count id): relief and level
    /// as filed.
    pub fn granted(&self) -> Result<HashMap<(String, String), (String, String)>, LedgerError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT r.subject_id, r.count_id, r.relief, r.level
                 FROM filed_row r JOIN outcome o ON o.subject_id = r.subject_id AND o.count_id = r.count_id
                 WHERE o.outcome = 'granted'",
            )
            .map_err(|e| self.error(e))?;
        let rows =
            stmt.query_map([], |r| Ok(((r.get(0)?, r.get(1)?), (r.get(2)?, r.get(3)?)))).map_err(|e| self.error(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.error(e))
    }
}

/// An SQLite error on the ledger at `path`, in the user's terms.
fn sql_error(path: &str, source: rusqlite::Error) -> LedgerError {
    let path = path.to_owned();
    match source.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => LedgerError::NotSqlite { path },
        Some(ErrorCode::DatabaseCorrupt) => LedgerError::Corrupt { path, detail: source.to_string() },
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => LedgerError::InUse { path },
        _ => LedgerError::Sql { path, source },
    }
}

/// The ledger's figures for a run (`summary.json`, review.html, summary.pdf).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct LedgerSummary {
    /// The ledger's file, as given.
    pub path: String,
    #[serde(flatten)]
    pub counts: StatusCounts,
    /// Granted, yet this run's records still show the conviction as before
    /// the order (the DOJ has not updated it yet; see `doj-follow-up.csv`).
    pub awaiting_doj_update: u64,
}

impl LedgerSummary {
    /// The figures of `ledger` against this run's `determinations.csv`.
    pub fn of(ledger: &Ledger, determinations: &Path) -> Result<LedgerSummary, String> {
        let granted = ledger.granted().map_err(|e| e.to_string())?;
        let counts = ledger.counts().map_err(|e| e.to_string())?;
        let mut awaiting_doj_update = 0;
        if !granted.is_empty() {
            crate::docket::read_rows(determinations, |row| {
                let key = (row.subject_id.to_string(), row.count_id.to_string());
                if let Some((relief, level)) = granted.get(&key)
                    && (relief == "dismiss_and_seal" || *row.level == **level)
                {
                    awaiting_doj_update += 1;
                }
            })
            .map_err(|e| e.to_string())?;
        }
        Ok(LedgerSummary { path: ledger.path().to_owned(), counts, awaiting_doj_update })
    }
}

/// What one court response recorded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutcomeCounts {
    pub granted: u64,
    pub denied: u64,
    pub modified: u64,
    /// Of those, outcomes that replaced one recorded before (a corrected
    /// copy of a response, or the same response read again).
    pub replaced: u64,
}

impl OutcomeCounts {
    fn add(&mut self, outcome: response::OutcomeKind, replaced: bool) {
        match outcome {
            response::OutcomeKind::Granted => self.granted += 1,
            response::OutcomeKind::Denied => self.denied += 1,
            response::OutcomeKind::Modified => self.modified += 1,
        }
        self.replaced += u64::from(replaced);
    }
}

/// Reads a filed packet folder: its clerk CSV (`exhibit-a.csv`, per case
/// `cases.csv`, or the one `*-exhibit-a.csv`/`*-cases.csv` file) and the
/// hashes of every file in it.
pub fn read_packet(dir: &Path, filed_on: Date) -> Result<Filing, String> {
    let shown = dir.display().to_string();
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{shown}: cannot read the packet folder: {e}"))?;
    let mut names: Vec<String> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    names.sort();
    let csvs: Vec<&String> = names
        .iter()
        .filter(|n| {
            *n == "exhibit-a.csv" || *n == "cases.csv" || n.ends_with("-exhibit-a.csv") || n.ends_with("-cases.csv")
        })
        .collect();
    let clerk = match csvs.as_slice() {
        [one] => (*one).clone(),
        [] => {
            return Err(format!(
                "{shown}: no clerk CSV (exhibit-a.csv) in this folder: name one packet's folder in packets/"
            ));
        }
        _ => return Err(format!("{shown}: more than one clerk CSV here ({}): name one packet's folder", csvs.len())),
    };
    let mut documents = Vec::with_capacity(names.len());
    for name in &names {
        let hash = crate::ingest::source::sha256_file(&dir.join(name)).map_err(|e| format!("{shown}/{name}: {e}"))?;
        documents.push((name.clone(), hash));
    }
    let clerk_path = dir.join(&clerk);
    let clerk_shown = clerk_path.display().to_string();
    let clerk_csv_sha256 = documents.iter().find(|(n, _)| *n == clerk).map(|(_, h)| h.clone()).unwrap_or_default();
    let rows = read_clerk_csv(&clerk_path).map_err(|e| format!("{clerk_shown}{e}"))?;
    if rows.is_empty() {
        return Err(format!("{clerk_shown}: no rows: nothing to record"));
    }
    // The packet's name: its folder's, or the stem of a `<packet>-exhibit-a.csv`.
    let packet = match clerk.strip_suffix("-exhibit-a.csv") {
        Some(stem) => stem.to_owned(),
        None => dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| shown.clone()),
    };
    Ok(Filing { packet, filed_on, clerk_csv: clerk_shown, clerk_csv_sha256, documents, rows })
}

/// The rows of a clerk CSV (columns by name). Errors start with `:LINE: `
/// or `: ` to follow the file's name.
fn read_clerk_csv(path: &Path) -> Result<Vec<FiledRow>, String> {
    let mut reader = csv::ReaderBuilder::new().from_path(path).map_err(|e| format!(": {e}"))?;
    let headers = reader.headers().map_err(|e| format!(": {e}"))?.clone();
    let column = |name: &str| headers.iter().position(|h| h == name).ok_or_else(|| format!(": no `{name}` column"));
    let [row, subject, count, case, court, level, relief, path_col] =
        ["row", "subject_id", "count_id", "case_number", "court", "level", "relief", "path"].map(column);
    let (row, subject, count, case, court, level, relief, path_col) =
        (row?, subject?, count?, case?, court?, level?, relief?, path_col?);
    let mut rows = Vec::new();
    let mut seen = HashMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| format!(": {e}"))?;
        let line = record.position().map_or(0, |p| p.line());
        let cell = |i: usize| crate::output::spreadsheet_literal(record.get(i).unwrap_or("")).to_owned();
        let number: u64 = cell(row).parse().map_err(|_| format!(":{line}: row is not a number"))?;
        let filed = FiledRow {
            row: number,
            subject_id: cell(subject),
            count_id: cell(count),
            case_number: cell(case),
            court: cell(court),
            level: cell(level),
            relief: cell(relief),
            path: cell(path_col),
            line,
        };
        if filed.count_id.is_empty() || filed.subject_id.is_empty() {
            return Err(format!(":{line}: row {number} has no count_id or subject_id"));
        }
        if let Some(first) = seen.insert((filed.subject_id.clone(), filed.count_id.clone()), line) {
            return Err(format!(":{line}: count {} is listed twice (first on line {first})", filed.count_id));
        }
        rows.push(filed);
    }
    Ok(rows)
}

/// Where the ledger is: `--ledger`, else the office file's `ledger` key
/// (relative to the office file), else none.
pub fn locate(flag: Option<&Path>, office_key: Option<&Path>, office_file: Option<&Path>) -> Option<PathBuf> {
    if let Some(path) = flag {
        return Some(path.to_owned());
    }
    let key = office_key?;
    match office_file.and_then(Path::parent) {
        Some(dir) if key.is_relative() => Some(dir.join(key)),
        _ => Some(key.to_owned()),
    }
}

#[cfg(test)]
mod tests;
