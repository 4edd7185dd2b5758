//! `clearmotion filed` and `clearmotion court-response`: the filing ledger.

use std::path::{Path, PathBuf};

use clap::Args;
use clearmotion::ledger::{self, Ledger, ResponseMapping};
use clearmotion::model::Date;

use super::{Error, Status};

/// Where the ledger is: `--ledger FILE`, or the office file's `ledger` key.
#[derive(Debug, Args)]
pub struct LedgerArgs {
    /// The filing ledger (SQLite); by default the office file's `ledger` key.
    #[arg(long, value_name = "FILE")]
    pub ledger: Option<PathBuf>,

    /// The office file (TOML), for its `ledger` key.
    #[arg(long, value_name = "OFFICE")]
    pub office: Option<PathBuf>,
}

impl LedgerArgs {
    /// Opens the ledger, or says how to name one.
    pub fn open(&self) -> Result<Ledger, Error> {
        let key = match &self.office {
            Some(path) => clearmotion::office::Office::load(path)?.ledger,
            None => None,
        };
        let path = ledger::locate(self.ledger.as_deref(), key.as_deref(), self.office.as_deref()).ok_or(
            "no ledger named: give --ledger FILE, or --office with an office file that has `ledger = \"ledger.sqlite\"`",
        )?;
        Ok(Ledger::open(&path)?)
    }
}

/// Record that a packet was filed with the court: every row of its clerk
/// CSV (count id, subject id, case number, court, relief, path, row), the
/// hashes of its documents and the filing date. Later runs with the same
/// ledger leave these convictions out of new packets.
#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  clearmotion filed out/packets/san-francisco --on 2026-12-01 --ledger ledger.sqlite\n\nA packet is recorded once; a conviction filed before in another packet is an error and nothing is recorded."
)]
pub struct FiledArgs {
    /// The packet's folder (holding its exhibit-a.csv).
    #[arg(value_name = "PACKET_DIR")]
    packet: PathBuf,

    /// The date the packet was filed.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::classify::parse_as_of)]
    on: Date,

    #[command(flatten)]
    ledger: LedgerArgs,
}

pub fn filed(args: FiledArgs) -> Result<Status, Error> {
    let filing = ledger::read_packet(&args.packet, args.on)?;
    let mut ledger = args.ledger.open()?;
    ledger.record_filing(&filing)?;
    let counts = ledger.counts()?;
    outln!(
        "Recorded {} as filed on {}: {} convictions, {} documents. The ledger ({}) now holds {} filed convictions, {} awaiting an order.",
        filing.packet,
        args.on,
        thousands(filing.rows.len() as u64),
        filing.documents.len(),
        ledger.path(),
        thousands(counts.filed),
        thousands(counts.awaiting_order)
    );
    Ok(Status::Done)
}

/// Record the court's answer: the clerk CSV sent back with an `outcome`
/// (granted, denied, modified) and an `order_date` per row. Rows are matched
/// by count id (and row number and subject id when given); a row that was
/// never filed, or a count both granted and denied, is an error naming the
/// line, and nothing is recorded.
#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  clearmotion court-response samples/court-response.csv --ledger ledger.sqlite\n  clearmotion court-response export.csv --mapping court-columns.toml --ledger ledger.sqlite"
)]
pub struct CourtResponseArgs {
    /// The court's response (CSV).
    #[arg(value_name = "FILE.csv")]
    response: PathBuf,

    /// The court's own column names and outcome words (TOML; see the README).
    #[arg(long, value_name = "FILE")]
    mapping: Option<PathBuf>,

    #[command(flatten)]
    ledger: LedgerArgs,
}

pub fn court_response(args: CourtResponseArgs) -> Result<Status, Error> {
    let mapping = match &args.mapping {
        Some(path) => ResponseMapping::load(path)?,
        None => ResponseMapping::default(),
    };
    let outcomes = ledger::read_response(&args.response, &mapping)?;
    if outcomes.is_empty() {
        return Err(format!("{}: no rows: nothing to record", args.response.display()).into());
    }
    let mut ledger = args.ledger.open()?;
    let name = display_name(&args.response);
    let got = ledger.record_outcomes(&name, &outcomes)?;
    let counts = ledger.counts()?;
    let replaced = if got.replaced > 0 {
        format!(" ({} replacing an earlier record)", thousands(got.replaced))
    } else {
        String::new()
    };
    outln!(
        "Recorded {} outcomes from {name}: {} granted, {} denied, {} modified{replaced}.",
        thousands(outcomes.len() as u64),
        thousands(got.granted),
        thousands(got.denied),
        thousands(got.modified)
    );
    outln!(
        "Ledger: {} filed; {} granted, {} denied, {} modified; {} awaiting an order.",
        thousands(counts.filed),
        thousands(counts.granted),
        thousands(counts.denied),
        thousands(counts.modified),
        thousands(counts.awaiting_order)
    );
    Ok(Status::Done)
}

fn thousands(n: u64) -> String {
    clearmotion::inspect::thousands(n)
}

/// A file's name as recorded in the ledger: as the user gave it.
fn display_name(path: &Path) -> String {
    path.display().to_string()
}
