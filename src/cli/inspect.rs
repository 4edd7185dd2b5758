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

    /// Directory for rejects.csv; without it, no file is written.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,

    /// Print the report as one JSON object instead of text.
    #[arg(long)]
    json: bool,
}

pub fn run(args: InspectArgs) -> Result<Status, Error> {
    let options = args.input.read_options()?;
    let rejects_path = args.out.as_ref().map(|out| out.join("rejects.csv"));
    let rejects = match &rejects_path {
        Some(path) => {
            super::create_dir(args.out.as_deref().expect("with --out"))?;
            Some(RejectsCsv::create(path).map_err(|e| format!("{}: cannot write: {e}", path.display()))?)
        }
        None => None,
    };
    let shown = rejects_path.as_ref().map_or(String::new(), |p| p.display().to_string());
    let mut sink = InspectSink { inspection: Inspection::default(), rejects, reject_error: None };
    let report = clearmotion::ingest::read(&args.input.inputs, &options, &mut sink)?;
    sink.inspection.finish(&report);
    if let Some(err) = sink.reject_error {
        return Err(format!("{shown}: cannot write: {err}").into());
    }
    if let Some(rejects) = sink.rejects.take() {
        rejects.commit().map_err(|e| format!("{shown}: cannot write: {e}"))?;
    }
    let inspection = sink.inspection;
    if args.json {
        outln!("{}", serde_json::to_string_pretty(&inspection)?);
    } else {
        outln!("{}", inspection.to_text().trim_end());
        if inspection.rejected + inspection.file_errors > 0 {
            match &rejects_path {
                Some(path) => outln!("\nRejected rows are listed in {}", path.display()),
                None => outln!("\nGive --out DIR to have the rejected rows listed in DIR/rejects.csv"),
            }
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
