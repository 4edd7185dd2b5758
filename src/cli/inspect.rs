//! `clearmotion inspect`: read everything, report what is there.

use std::path::PathBuf;

use clap::Args;
use clearmotion::inspect::{InspectSink, Inspection};
use clearmotion::output::RejectsCsv;

use super::{Error, InputArgs, Status};

/// Read the inputs and report rows, people, cases, convictions and Prop 64
/// convictions by county and court, with skipped and rejected rows and
/// whether the totals reconcile.
#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  clearmotion inspect samples/ --out out\n\nRejected rows are listed in OUT/rejects.csv (file, line, field, reason)."
)]
pub struct InspectArgs {
    #[command(flatten)]
    input: InputArgs,

    /// Directory for rejects.csv.
    #[arg(long, value_name = "DIR", default_value = ".")]
    out: PathBuf,

    /// Print the report as one JSON object instead of text.
    #[arg(long)]
    json: bool,
}

pub fn run(args: InspectArgs) -> Result<Status, Error> {
    let options = args.input.read_options()?;
    super::create_dir(&args.out)?;
    let rejects_path = args.out.join("rejects.csv");
    let rejects =
        RejectsCsv::create(&rejects_path).map_err(|e| format!("{}: cannot write: {e}", rejects_path.display()))?;
    let mut sink = InspectSink { inspection: Inspection::default(), rejects: Some(rejects), reject_error: None };
    let report = clearmotion::ingest::read(&args.input.inputs, &options, &mut sink)?;
    sink.inspection.finish(&report);
    if let Some(err) = sink.reject_error {
        return Err(format!("{}: cannot write: {err}", rejects_path.display()).into());
    }
    if let Some(rejects) = sink.rejects.take() {
        rejects.commit().map_err(|e| format!("{}: cannot write: {e}", rejects_path.display()))?;
    }
    let inspection = sink.inspection;
    if args.json {
        outln!("{}", serde_json::to_string_pretty(&inspection)?);
    } else {
        outln!("{}", inspection.to_text().trim_end());
        if inspection.rejected + inspection.file_errors > 0 {
            outln!("\nRejected rows are listed in {}", rejects_path.display());
        }
    }
    let not_fully_read = super::report_not_fully_read(&report);
    if report.is_empty() {
        errln!("error: no usable rows were read from the inputs");
        return Ok(Status::CouldNotRun);
    }
    if !not_fully_read.is_empty() {
        return Ok(Status::DoneWithRejects);
    }
    if args.input.strict && inspection.rejected + inspection.file_errors > 0 {
        return Ok(Status::DoneWithRejects);
    }
    Ok(Status::Done)
}
