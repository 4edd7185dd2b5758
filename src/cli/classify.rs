//! `clearmotion classify`: decide every Prop 64 conviction in the county.

use std::path::PathBuf;

use clap::Args;
use clearmotion::classify::{ClassifySink, DeterminationsWriter};
use clearmotion::decisions::Decisions;
use clearmotion::eligibility::{Context, Policy, Tables};
use clearmotion::model::Date;
use clearmotion::output::{RejectsCsv, write_atomic};

use super::{Error, InputArgs, Status};

/// Decide dismiss and seal / reduce / not eligible / review for every
/// Prop 64 conviction in the county, each with its rule, reason and citation.
#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  clearmotion classify samples/doj-sample.dat --county \"SAN FRANCISCO\" --policy samples/policy.toml --as-of 2026-11-01 --out out\n\nWrites OUT/determinations.csv, OUT/summary.json, OUT/review.html, OUT/summary.pdf and OUT/rejects.csv."
)]
pub struct ClassifyArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// The office's county (the court's county), e.g. "SAN FRANCISCO".
    #[arg(long, value_name = "NAME")]
    pub county: String,

    /// `statute` (the law only), a policy file (.toml) or a 2019 options file (.json).
    #[arg(long, value_name = "POLICY", default_value = "statute")]
    pub policy: String,

    /// The date every age, "years since" and sentence question is answered for.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_as_of)]
    pub as_of: Date,

    /// The date of the records: when the DOJ research file was extracted or
    /// the office's case list exported (stored in summary.json, stated in the papers).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_as_of)]
    pub records_date: Option<Date>,

    /// Output directory.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,

    #[command(flatten)]
    pub decisions: DecisionsArgs,

    /// An earlier run's output directory: review.html gets a section on what
    /// changed since it (what `clearmotion diff PREVIOUS OUT` prints).
    #[arg(long, value_name = "DIR")]
    pub previous: Option<PathBuf>,

    /// The filing ledger (SQLite): what was filed before and what the court
    /// did. With `run`, the office file's `ledger` key names it too.
    #[arg(long, value_name = "FILE")]
    pub ledger: Option<PathBuf>,
}

/// Reviewer decisions fed back in (shared with every command that classifies).
#[derive(Debug, Args)]
pub struct DecisionsArgs {
    /// Reviewer decisions (CSV: subject_id, count_id, decision, note, reviewer;
    /// decision is dismiss, reduce, not_eligible or review). Each overrides the
    /// engine's determination for that count.
    #[arg(long, value_name = "FILE")]
    pub decisions: Option<PathBuf>,
}

impl DecisionsArgs {
    /// Loads the file, if one was given. Only an unreadable file is an error
    /// here; the file's problems are reported after the run.
    pub fn load(&self) -> Result<Option<Decisions>, Error> {
        match &self.decisions {
            Some(path) => Ok(Some(Decisions::load(path)?)),
            None => Ok(None),
        }
    }
}

/// After the run: prints every problem of the decisions file on standard
/// error (file, line, column; never a name or identifier) and says whether
/// the run must fail (any problem other than an unknown id).
pub fn report_decisions(decisions: &Decisions) -> bool {
    for problem in &decisions.problems {
        let level = if problem.is_error() { "error" } else { "warning" };
        errln!("{level}: {problem}");
    }
    let errors = decisions.errors();
    if errors > 0 {
        eprintln!("error: {}: {errors} row(s) with errors were not applied; fix them and run again", decisions.file);
    }
    errors > 0
}

/// The reconciliation of the DOJ file with the office's records, when both were read.
fn print_sources(sources: &clearmotion::classify::SourcesSummary) {
    let n = clearmotion::inspect::thousands;
    let figures = &sources.figures;
    if figures.office_other_county > 0 {
        outln!(
            "{} convictions in the office's records are in other counties: counted, and left out of the determinations",
            n(figures.office_other_county)
        );
    }
    if !figures.combined {
        return;
    }
    let matched: u64 = figures.people_matched_by_rule.values().sum();
    let rules = figures
        .people_matched_by_rule
        .iter()
        .map(|(rule, count)| format!("{} by {rule}", n(*count)))
        .collect::<Vec<_>>()
        .join(", ");
    outln!(
        "Sources: {} office people matched to the DOJ file ({}); {} not merged (ambiguous, in review); {} with no DOJ record",
        n(matched),
        if rules.is_empty() { "none".to_owned() } else { rules },
        n(figures.people_ambiguous),
        n(figures.people_office_only)
    );
    outln!(
        "{} convictions found only in the office's records; {} only in the DOJ file; {} in both; {} where they disagree; {} ambiguous (see sources.csv)",
        n(sources.status("office_only")),
        n(sources.status("doj_only")),
        n(sources.status("both")),
        n(sources.status("disagree")),
        n(sources.status("ambiguous"))
    );
}

pub fn parse_as_of(text: &str) -> Result<Date, String> {
    Date::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| format!("`{text}` is not a date; use YYYY-MM-DD, e.g. 2026-11-01"))
}

/// The county as the DOJ spells it, checked against California's 58.
pub fn county_name(raw: &str) -> Result<String, Error> {
    let county = raw.split_whitespace().collect::<Vec<_>>().join(" ").to_uppercase();
    let county = county.strip_suffix(" COUNTY").unwrap_or(&county).to_owned();
    if clearmotion::sample::known_counties().contains(&county.as_str()) {
        Ok(county)
    } else {
        Err(format!("--county: `{raw}` is not a California county (e.g. \"SAN FRANCISCO\", \"LOS ANGELES\")").into())
    }
}

pub fn run(args: ClassifyArgs) -> Result<Status, Error> {
    let done = classify(&args)?;
    if done.status != Status::CouldNotRun {
        done.folder
            .finish()
            .map_err(|e| format!("{}: cannot remove the INCOMPLETE marker: {e}", args.out.display()))?;
    }
    Ok(done.status)
}

/// A finished classification: its exit status and summary (for `run`,
/// which writes the review page again with links to the packets).
pub struct Classified {
    pub status: Status,
    pub summary: Option<clearmotion::classify::Summary>,
    /// Input files not read to their end.
    pub not_fully_read: Vec<String>,
    /// The output folder's `INCOMPLETE` marker, removed when the command's outputs are all in place.
    pub folder: clearmotion::output::OutputFolder,
}

/// Writes `OUT/review.html`, with the changes since `--previous` when given.
pub fn write_review(
    args: &ClassifyArgs,
    summary: &clearmotion::classify::Summary,
    links: &[clearmotion::report::html::Link],
) -> Result<std::path::PathBuf, Error> {
    let changes = match &args.previous {
        Some(previous) => {
            let mut diff = clearmotion::diff::diff(previous, &args.out)?;
            if let Some(path) = &args.ledger {
                diff.mark_filed(&clearmotion::ledger::Ledger::open(path)?.filed()?);
            }
            Some(diff)
        }
        None => None,
    };
    let review_path = args.out.join("review.html");
    clearmotion::report::html::write_with(
        &args.out.join("determinations.csv"),
        summary,
        links,
        changes.as_ref(),
        &review_path,
    )?;
    Ok(review_path)
}

/// Classifies into `args.out` and prints the figures: the first half of
/// `clearmotion run`, and all of `clearmotion classify`.
pub fn classify(args: &ClassifyArgs) -> Result<Classified, Error> {
    let county = county_name(&args.county)?;
    let (policy, source) = Policy::load(&args.policy)?;
    let tables = Tables::builtin()?;
    let options = args.input.read_options()?;
    let decisions = args.decisions.load()?;
    super::create_dir(&args.out)?;
    // Nothing of an earlier run stays beside this one's outputs.
    let folder = clearmotion::output::OutputFolder::begin(&args.out, true)
        .map_err(|e| format!("{}: cannot prepare the output folder: {e}", args.out.display()))?;

    let files: Vec<String> = clearmotion::ingest::source::discover(&args.input.inputs)?
        .iter()
        .map(|path| path.display().to_string())
        .collect();
    let cannot_write = |path: &std::path::Path, e: std::io::Error| format!("{}: cannot write: {e}", path.display());
    let rejects_path = args.out.join("rejects.csv");
    let determinations_path = args.out.join("determinations.csv");
    let summary_path = args.out.join("summary.json");
    let sources_path = args.out.join("sources.csv");
    let rejects = RejectsCsv::create(&rejects_path).map_err(|e| cannot_write(&rejects_path, e))?;
    let determinations =
        DeterminationsWriter::create(&determinations_path).map_err(|e| cannot_write(&determinations_path, e))?;
    let ctx = Context { as_of: args.as_of, county: county.clone(), policy: &policy, tables: &tables };
    let mut sink = ClassifySink::new(ctx, files, determinations, Some(rejects));
    sink.decisions = decisions;
    sink.sources_csv = Some(
        DeterminationsWriter::create_with(&sources_path, &clearmotion::classify::SOURCES_COLUMNS)
            .map_err(|e| cannot_write(&sources_path, e))?,
    );
    let report = clearmotion::ingest::read(&args.input.inputs, &options, &mut sink)?;
    if let Some(decisions) = &mut sink.decisions {
        decisions.finish();
    }
    if let Some(err) = sink.write_error.take() {
        return Err(format!("{}: cannot write: {err}", args.out.display()).into());
    }
    let mut summary = sink.summary(&report, &source);
    summary.records_date = args.records_date.map(|d| d.to_string());
    if let Some(rejects) = sink.rejects.take() {
        rejects.commit().map_err(|e| cannot_write(&rejects_path, e))?;
    }
    // The two files put in order and in place at once (each may be a rewrite and a sync).
    let sources = sink.sources_csv.take();
    let (determinations, sources) = std::thread::scope(|scope| {
        let sources = scope.spawn(|| sources.map(DeterminationsWriter::commit).transpose());
        let determinations = sink.determinations.commit();
        (determinations, sources.join())
    });
    determinations.map_err(|e| cannot_write(&determinations_path, e))?;
    match sources {
        Ok(result) => result.map_err(|e| cannot_write(&sources_path, e))?,
        Err(panic) => std::panic::resume_unwind(panic),
    };
    summary.determinations_sha256 = clearmotion::docket::manifest::sha256_file(&determinations_path)
        .map_err(|e| format!("{}: cannot read: {e}", determinations_path.display()))?;
    if let Some(path) = &args.ledger {
        let ledger = clearmotion::ledger::Ledger::open(path)?;
        summary.ledger = Some(clearmotion::ledger::LedgerSummary::of(&ledger, &determinations_path)?);
    }
    let mut json = serde_json::to_vec_pretty(&summary)?;
    json.push(b'\n');
    write_atomic(&summary_path, &json).map_err(|e| cannot_write(&summary_path, e))?;
    let review_path = write_review(args, &summary, &[])?;
    let summary_pdf = args.out.join("summary.pdf");
    clearmotion::report::summary_pdf::write(&summary, &summary_pdf).map_err(|e| cannot_write(&summary_pdf, e))?;

    let not_fully_read = super::report_not_fully_read(&report);
    if report.is_empty() {
        errln!("error: no usable rows were read from the inputs");
        return Ok(Classified { status: Status::CouldNotRun, summary: Some(summary), not_fully_read, folder });
    }
    let n = clearmotion::inspect::thousands;
    let by = |key: &str| summary.by_determination.get(key).copied().unwrap_or(0);
    if summary.determinations == 0 {
        errln!("warning: no Prop 64 convictions in {county} county were found in the inputs; the outputs are empty");
    }
    outln!(
        "{county}, as of {}, policy {}: {} Prop 64 convictions decided: {} dismiss, {} reduce, {} not eligible, {} review",
        args.as_of,
        policy.name,
        n(summary.determinations),
        n(by("dismiss")),
        n(by("reduce")),
        n(by("not_eligible")),
        n(by("review")),
    );
    outln!(
        "People with relief: {}; no felony left: {}; no conviction left: {}",
        n(summary.impact.people_with_relief),
        n(summary.impact.people_no_felony_left),
        n(summary.impact.people_no_conviction_left)
    );
    print_sources(&summary.sources);
    let verdict = super::verdict(summary.reconciled, &not_fully_read);
    outln!(
        "Lines: {} read = {} modeled + {} skipped + {} rejected: {verdict}",
        n(report.rows),
        n(report.modeled),
        n(report.skipped_total()),
        n(report.rejected)
    );
    super::print_file_lines(&report);
    outln!(
        "Wrote {}, {}, {}, {}, {}, {}",
        determinations_path.display(),
        sources_path.display(),
        summary_path.display(),
        review_path.display(),
        summary_pdf.display(),
        rejects_path.display()
    );
    match &summary.ledger {
        Some(l) => outln!(
            "Filing ledger {}: {} filed; {} awaiting the order, {} granted, {} denied, {} modified; {} granted still shown unchanged in these records (awaiting the DOJ update)",
            l.path,
            n(l.counts.filed),
            n(l.counts.awaiting_order),
            n(l.counts.granted),
            n(l.counts.denied),
            n(l.counts.modified),
            n(l.awaiting_doj_update)
        ),
        None => outln!("No filing ledger: nothing remembers what was filed (see --ledger)"),
    }
    if let Some(decisions) = &sink.decisions {
        outln!(
            "Reviewer decisions: {} applied ({} agreeing with the engine, {} changing it)",
            n(decisions.applied),
            n(decisions.agreeing),
            n(decisions.changing)
        );
        if report_decisions(decisions) {
            return Ok(Classified { status: Status::CouldNotRun, summary: Some(summary), not_fully_read, folder });
        }
    }
    let status = if !not_fully_read.is_empty() || (args.input.strict && report.rejected + report.file_errors > 0) {
        Status::DoneWithRejects
    } else {
        Status::Done
    };
    Ok(Classified { status, summary: Some(summary), not_fully_read, folder })
}
