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

    /// Review drafts: dates of birth and CII numbers masked in the PDFs and CSVs.
    #[arg(long)]
    pub redact: bool,
}

pub fn run(args: RunArgs) -> Result<Status, Error> {
    // The office file is checked before the long part of the run.
    let office = clearmotion::office::Office::load(&args.office)?;
    let status = classify(&args.classify)?;
    if status == Status::CouldNotRun {
        return Ok(status);
    }
    let packets = super::packets::render(&super::packets::Request {
        dir: &args.classify.out,
        office_path: &args.office,
        office,
        as_of: None,
        redact: args.redact,
        quiet: args.classify.input.quiet,
    })?;
    Ok(if packets == Status::Done { status } else { packets })
}
