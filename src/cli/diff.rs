//! `clearmotion diff`: what changed between two classify runs, and why.

use std::path::PathBuf;

use clap::Args;

use super::{Error, Status};

/// Compare two `classify` output directories: determinations that changed
/// (by subject_id and count_id), with the old and new determination, relief
/// and rule and why (policy, as-of date, inputs, a reviewer's decision), and
/// rows added or removed. Prints no names. Writes nothing.
#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  clearmotion diff out-2025 out-2026\n  clearmotion diff out-statute out-policy --json > changes.json"
)]
pub struct DiffArgs {
    /// The earlier classify output directory.
    #[arg(value_name = "OLD_DIR")]
    old: PathBuf,

    /// The later classify output directory.
    #[arg(value_name = "NEW_DIR")]
    new: PathBuf,

    /// Print the comparison as JSON instead of text.
    #[arg(long)]
    json: bool,

    /// The filing ledger (SQLite): changed rows already filed are marked.
    #[arg(long, value_name = "FILE")]
    ledger: Option<PathBuf>,
}

pub fn run(args: DiffArgs) -> Result<Status, Error> {
    let mut diff = clearmotion::diff::diff(&args.old, &args.new)?;
    if let Some(path) = &args.ledger {
        diff.mark_filed(&clearmotion::ledger::Ledger::open(path)?.filed()?);
    }
    if args.json {
        outln!("{}", serde_json::to_string_pretty(&diff)?);
    } else {
        outln!("{}", diff.text().trim_end());
    }
    Ok(Status::Done)
}
