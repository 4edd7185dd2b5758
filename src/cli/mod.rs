//! Command-line interface: one file per subcommand, shared argument groups here.

/// Prints a line on standard output. A closed pipe (`clearmotion rules | head`)
/// ends the program quietly instead of panicking.
pub fn out(text: std::fmt::Arguments) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    let text = text.to_string();
    let text = clearmotion::ingest::terminal_safe(&text, true);
    if let Err(err) = stdout.write_all(text.as_bytes()).and_then(|()| stdout.write_all(b"\n")) {
        if err.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: cannot write to standard output: {err}");
        std::process::exit(2);
    }
}

/// Prints a line on standard error, every control character escaped
/// ([`clearmotion::ingest::terminal_safe`]): messages can carry data.
pub fn err(text: std::fmt::Arguments) {
    let text = text.to_string();
    eprintln!("{}", clearmotion::ingest::terminal_safe(&text, false));
}

/// `eprintln!` through [`err`].
macro_rules! errln {
    ($($arg:tt)*) => { $crate::cli::err(format_args!($($arg)*)) };
}

/// `println!` through [`out`].
macro_rules! outln {
    ($($arg:tt)*) => { $crate::cli::out(format_args!($($arg)*)) };
}

mod classify;
mod diff;
mod inspect;
mod ledger;
mod packets;
mod rules;
mod run;
mod sample;
mod specimen;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Exit codes, documented in `--help`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// 0: done. Rejected rows, if any, are listed in rejects.csv.
    Done,
    /// 1: done, but an input file was not fully read (`classify`,
    /// `inspect`), or rows were rejected and `--strict` was given.
    DoneWithRejects,
    /// 2: could not run (bad arguments, unreadable input, nothing usable
    /// read; `run` with a file not fully read and no `--allow-partial`).
    CouldNotRun,
}

impl From<Status> for std::process::ExitCode {
    fn from(status: Status) -> Self {
        std::process::ExitCode::from(match status {
            Status::Done => 0,
            Status::DoneWithRejects => 1,
            Status::CouldNotRun => 2,
        })
    }
}

/// An error for the user: one line, naming the file (and line) to look at.
pub type Error = Box<dyn std::error::Error>;

#[derive(Debug, Parser)]
#[command(
    name = "clearmotion",
    version,
    about = "Clears Proposition 64 cannabis convictions in bulk: reads DOJ criminal-history files, decides relief, and prepares court filings.",
    after_help = "Exit status: 0 done (rejected rows, if any, are listed in rejects.csv); 1 done, but an input file was not fully read (classify, inspect) or rows were rejected and --strict given; 2 could not run (also: run with an input file not fully read and no --allow-partial)."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Inspect(inspect::InspectArgs),
    Run(run::RunArgs),
    Classify(classify::ClassifyArgs),
    Packets(packets::PacketsArgs),
    Diff(diff::DiffArgs),
    Rules(rules::RulesArgs),
    Sample(sample::SampleArgs),
    Specimen(specimen::SpecimenArgs),
    Filed(ledger::FiledArgs),
    CourtResponse(ledger::CourtResponseArgs),
}

/// Runs the chosen subcommand.
pub fn run(cli: Cli) -> Result<Status, Error> {
    match cli.command {
        Command::Inspect(args) => inspect::run(args),
        Command::Run(args) => run::run(args),
        Command::Classify(args) => classify::run(args),
        Command::Packets(args) => packets::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Rules(args) => rules::run(args),
        Command::Sample(args) => sample::run(args),
        Command::Specimen(args) => specimen::run(args),
        Command::Filed(args) => ledger::filed(args),
        Command::CourtResponse(args) => ledger::court_response(args),
    }
}

/// The inputs every reading command takes.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// DOJ research files (.dat/.csv, optionally gzip-compressed), case-list
    /// CSVs, or directories of them (read in sorted order).
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// Column mapping (TOML) for case-list CSVs whose headers differ from the schema.
    #[arg(long, value_name = "FILE")]
    pub mapping: Option<PathBuf>,

    /// Exit with status 1 when any row was rejected.
    #[arg(long)]
    pub strict: bool,

    /// No progress display.
    #[arg(long, short)]
    pub quiet: bool,
}

impl InputArgs {
    /// Turns the raw arguments into reader options (loads the mapping).
    pub fn read_options(&self) -> Result<clearmotion::ingest::ReadOptions, Error> {
        use std::io::IsTerminal;
        let mapping = match &self.mapping {
            Some(path) => Some(clearmotion::ingest::ColumnMapping::load(path)?),
            None => None,
        };
        Ok(clearmotion::ingest::ReadOptions { mapping, progress: !self.quiet && std::io::stderr().is_terminal() })
    }
}

/// Prints, on standard error, every input file that was not read to its end
/// (file, last line read, reason). Returns the files' names.
pub fn report_not_fully_read(report: &clearmotion::ingest::ReadReport) -> Vec<String> {
    let files = report.not_fully_read();
    for file in &files {
        errln!("error: {}: not fully read: {}", file.path, file.error.as_deref().unwrap_or("unreadable"));
    }
    files.iter().map(|file| file.path.clone()).collect()
}

/// The closing verdict of a read: which files were not fully read, whether
/// the lines reconcile.
pub fn verdict(reconciles: bool, not_fully_read: &[String]) -> String {
    if !not_fully_read.is_empty() {
        format!("NOT EVERY FILE WAS FULLY READ: {}", not_fully_read.join(", "))
    } else if reconciles {
        "every line is accounted for".to_owned()
    } else {
        "DOES NOT RECONCILE".to_owned()
    }
}

/// One line per input file: `lines = modeled + skipped + rejected`.
pub fn print_file_lines(report: &clearmotion::ingest::ReadReport) {
    let n = clearmotion::inspect::thousands;
    for file in &report.files {
        let sum = file.modeled + file.skipped + file.rejected;
        let check = if sum == file.rows { "" } else { " — DOES NOT RECONCILE" };
        let partial = if file.error.is_some() { " (not fully read)" } else { "" };
        outln!(
            "  {}: {} lines = {} modeled + {} skipped + {} rejected{check}{partial}",
            file.path,
            n(file.rows),
            n(file.modeled),
            n(file.skipped),
            n(file.rejected)
        );
    }
}

/// Creates the output directory, naming it in the error.
pub fn create_dir(dir: &std::path::Path) -> Result<(), Error> {
    std::fs::create_dir_all(dir)
        .map_err(|e| format!("{}: cannot create the output directory: {e}", dir.display()).into())
}
