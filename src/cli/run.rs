//! `clearmotion run`: classify, then write the court packets — the whole
//! job in one command.

use std::path::PathBuf;

use clap::Args;

use super::classify::{ClassifyArgs, classify};
use super::{Error, Status};

/// Decide every Prop 64 conviction in the county, then write the court
/// packets (motion, Exhibit A, proposed order, notice of challenged cases,
/// proof of service, clerk CSVs) and manifest.json.
#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  clearmotion run samples/doj-sample.dat samples/caselist.csv --county \"SAN FRANCISCO\" --policy samples/policy.toml --office samples/office.toml --as-of 2026-11-01 --out out\n\nWrites OUT/determinations.csv, OUT/summary.json, OUT/review.html, OUT/rejects.csv, OUT/packets/ and OUT/manifest.json."
)]
pub struct RunArgs {
    #[command(flatten)]
    pub classify: ClassifyArgs,

    /// The office file (TOML): who files, who is served, the court directory, how packets are cut.
    #[arg(long, value_name = "OFFICE")]
    pub office: PathBuf,

    /// Write packets even when an input file was not fully read (truncated,
    /// binary, unreadable). Without it, `run` stops before the packets (exit 2).
    #[arg(long)]
    pub allow_partial: bool,

    /// Review drafts: dates of birth and CII numbers masked in the PDFs and CSVs.
    #[arg(long)]
    pub redact: bool,
}

pub fn run(mut args: RunArgs) -> Result<Status, Error> {
    // The office file is checked before the long part of the run.
    let office = clearmotion::office::Office::load(&args.office)?;
    // The ledger: --ledger, else the office file's key (relative to the office file).
    args.classify.ledger =
        clearmotion::ledger::locate(args.classify.ledger.as_deref(), office.ledger.as_deref(), Some(&args.office));
    let county = super::classify::county_name(&args.classify.county)?;
    let normal = clearmotion::office::courts::normalize;
    if normal(&office.county) != normal(&county) {
        return Err(format!(
            "{}: the office file is for {} county (county = \"{}\"), but --county is {county}; use that county's office file",
            args.office.display(),
            normal(&office.county),
            office.county
        )
        .into());
    }
    let classified = classify(&args.classify)?;
    let status = classified.status;
    if status == Status::CouldNotRun {
        return Ok(status);
    }
    if !classified.not_fully_read.is_empty() && !args.allow_partial {
        errln!(
            "error: no packets were written: {} not fully read (see above); fix the input, or give --allow-partial to file from what was read",
            classified.not_fully_read.join(", ")
        );
        return Ok(Status::CouldNotRun);
    }
    let packets = super::packets::render(&super::packets::Request {
        dir: &args.classify.out,
        office_path: &args.office,
        office,
        as_of: None,
        redact: args.redact,
        quiet: args.classify.input.quiet,
        ledger: args.classify.ledger.as_deref(),
    })?;
    // The review page again, now with a link to each packet file.
    if let Some(summary) = &classified.summary {
        let links = packet_links(&args.classify.out.join("packets").join("index.csv"));
        super::classify::write_review(&args.classify, summary, &links)?;
    }
    // A partial read allowed on purpose is not an error of `run`.
    let status = if status == Status::DoneWithRejects && !args.classify.input.strict { Status::Done } else { status };
    let status = if packets == Status::Done { status } else { packets };
    if status != Status::CouldNotRun {
        classified
            .folder
            .finish()
            .map_err(|e| format!("{}: cannot remove the INCOMPLETE marker: {e}", args.classify.out.display()))?;
    }
    Ok(status)
}

/// Links to the packet files listed in `packets/index.csv` (none when it is missing).
fn packet_links(index: &std::path::Path) -> Vec<clearmotion::report::html::Link> {
    let Ok(mut reader) = csv::Reader::from_path(index) else { return Vec::new() };
    let Ok(header) = reader.headers().cloned() else { return Vec::new() };
    let column = |name: &str| header.iter().position(|h| h == name);
    let at = ["file", "court", "courthouse", "relief", "rows", "pages"].map(column);
    reader
        .records()
        .filter_map(Result::ok)
        .filter_map(|r| {
            let field = |i: usize| at[i].and_then(|k| r.get(k)).unwrap_or("");
            let file = field(0);
            if !file.ends_with(".pdf") {
                return None;
            }
            let place = if field(2).is_empty() { field(1).to_string() } else { format!("{}, {}", field(1), field(2)) };
            Some(clearmotion::report::html::Link {
                label: format!("{file} — {place} ({}: {} rows, {} pages)", field(3), field(4), field(5)),
                href: format!("packets/{file}"),
            })
        })
        .collect()
}
