//! `clearmotion packets`: the court packets from an existing classification
//! (`DIR/determinations.csv` and `DIR/summary.json`).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::Args;
use clearmotion::docket::manifest::{HashedFile, Manifest};
use clearmotion::docket::{Docket, ReviewCause};
use clearmotion::model::Date;
use clearmotion::office::{CourtResolver, Office};
use clearmotion::packet::{self, RunContext, RunFigures, Templates};

use super::{Error, Status};

/// Write the court packets from a classification already in DIR: one PDF per
/// packet (motion, Exhibit A, proposed order, proof of service), clerk CSVs,
/// the notice of challenged cases per court, index.csv, review-list.csv and
/// DIR/manifest.json. DIR/packets/ is replaced as a whole.
#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  clearmotion packets out --office samples/office.toml\n\nReads OUT/determinations.csv and OUT/summary.json (as-of date, policy, inputs)."
)]
pub struct PacketsArgs {
    /// The folder `classify` wrote.
    #[arg(value_name = "DIR")]
    dir: PathBuf,

    /// The office file (TOML).
    #[arg(long, value_name = "OFFICE")]
    office: PathBuf,

    /// The date printed on the papers; by default the classification's as-of date.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::classify::parse_as_of)]
    as_of: Option<Date>,

    /// Review drafts: dates of birth and CII numbers masked in the PDFs and CSVs.
    #[arg(long)]
    redact: bool,

    /// No progress display.
    #[arg(long, short)]
    quiet: bool,

    /// The filing ledger (SQLite); by default the office file's `ledger` key.
    /// Convictions it has filed are left out of the new packets.
    #[arg(long, value_name = "FILE")]
    ledger: Option<PathBuf>,
}

pub fn run(args: PacketsArgs) -> Result<Status, Error> {
    let office = Office::load(&args.office)?;
    check_determinations(&args.dir)?;
    let folder = clearmotion::output::OutputFolder::begin(&args.dir, false)
        .map_err(|e| format!("{}: cannot prepare the output folder: {e}", args.dir.display()))?;
    let status = render(&Request {
        dir: &args.dir,
        office_path: &args.office,
        office,
        as_of: args.as_of,
        redact: args.redact,
        quiet: args.quiet,
        ledger: args.ledger.as_deref(),
    })?;
    if status != Status::CouldNotRun {
        folder.finish().map_err(|e| format!("{}: cannot remove the INCOMPLETE marker: {e}", args.dir.display()))?;
    }
    Ok(status)
}

/// `DIR/determinations.csv` must be the one `classify` wrote beside
/// `DIR/summary.json` (same SHA-256).
fn check_determinations(dir: &Path) -> Result<(), Error> {
    let summary_path = dir.join("summary.json");
    let determinations = dir.join("determinations.csv");
    let text = std::fs::read_to_string(&summary_path)
        .map_err(|e| format!("{}: cannot read (run `clearmotion classify` first): {e}", summary_path.display()))?;
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}:{}: not JSON: {e}", summary_path.display(), e.line()))?;
    let expected = json["determinations_sha256"].as_str().unwrap_or("");
    let actual = clearmotion::docket::manifest::sha256_file(&determinations)
        .map_err(|e| format!("{}: cannot read (run `clearmotion classify` first): {e}", determinations.display()))?;
    if expected != actual {
        return Err(format!(
            "{}: does not match {} (changed since, or from another run); run `clearmotion classify` again",
            determinations.display(),
            summary_path.display()
        )
        .into());
    }
    Ok(())
}

/// One packets run.
pub struct Request<'a> {
    pub dir: &'a Path,
    pub office_path: &'a Path,
    pub office: Office,
    pub as_of: Option<Date>,
    pub redact: bool,
    pub quiet: bool,
    /// `--ledger`, over the office file's `ledger` key.
    pub ledger: Option<&'a Path>,
}

/// What `packets` needs from summary.json.
struct Classification {
    as_of: Date,
    county: String,
    records_date: Option<Date>,
    policy: String,
    policy_settings: serde_json::Value,
    /// (file name, kind) of each input.
    kinds: Vec<(String, String)>,
    policy_file: Option<PathBuf>,
    inputs: Vec<HashedFile>,
}

fn read_summary(path: &Path) -> Result<Classification, Error> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: cannot read (run `clearmotion classify` first): {e}", path.display()))?;
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}:{}: not JSON: {e}", path.display(), e.line()))?;
    let as_of = json["as_of"]
        .as_str()
        .and_then(|s| Date::parse_from_str(s, "%Y-%m-%d").ok())
        .ok_or_else(|| format!("{}: no `as_of` date", path.display()))?;
    let policy = json["policy"]["settings"]["name"].as_str().unwrap_or("statute").to_owned();
    let policy_settings = json["policy"]["settings"].clone();
    let county = json["county"].as_str().unwrap_or("").to_owned();
    let records_date = json["records_date"].as_str().and_then(|s| Date::parse_from_str(s, "%Y-%m-%d").ok());
    let kinds = json["inputs"]
        .as_array()
        .map(|inputs| {
            inputs
                .iter()
                .map(|i| (file_name(i["path"].as_str().unwrap_or("")), i["kind"].as_str().unwrap_or("doj").to_owned()))
                .collect()
        })
        .unwrap_or_default();
    let source = &json["policy"]["source"];
    let policy_file = match source["kind"].as_str() {
        Some("toml" | "json") => source["name"].as_str().map(PathBuf::from),
        _ => None,
    };
    let inputs = json["inputs"]
        .as_array()
        .map(|inputs| {
            inputs
                .iter()
                .map(|i| HashedFile {
                    path: i["path"].as_str().unwrap_or("").to_owned(),
                    sha256: i["sha256"].as_str().unwrap_or("").to_owned(),
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(Classification { as_of, county, records_date, policy, policy_settings, kinds, policy_file, inputs })
}

fn file_name(path: &str) -> String {
    Path::new(path).file_name().map_or(path.to_owned(), |n| n.to_string_lossy().into_owned())
}

/// "2 files (doj-sample.dat; caselist.csv)": names only, never contents.
fn describe(inputs: &[HashedFile]) -> String {
    let names: Vec<String> = inputs
        .iter()
        .map(|i| Path::new(&i.path).file_name().map_or(i.path.clone(), |n| n.to_string_lossy().into_owned()))
        .collect();
    let files = if names.len() == 1 { "file" } else { "files" };
    format!("the criminal-history records delivered in {} {files} ({})", names.len(), names.join("; "))
}

pub fn render(request: &Request) -> Result<Status, Error> {
    let dir = request.dir;
    let office = &request.office;
    let classification = read_summary(&dir.join("summary.json"))?;
    let as_of = request.as_of.unwrap_or(classification.as_of);
    let normal = clearmotion::office::courts::normalize;
    if !classification.county.is_empty() && normal(&office.county) != normal(&classification.county) {
        return Err(format!(
            "{}: the office file is for {} county (county = \"{}\"), but the classification in {} is for {} county; use that county's office file",
            request.office_path.display(),
            normal(&office.county),
            office.county,
            dir.display(),
            normal(&classification.county)
        )
        .into());
    }
    let templates = Templates::load(office.templates.as_deref())?;
    let courts = CourtResolver::new(office);
    let determinations = dir.join("determinations.csv");
    let ledger_path = clearmotion::ledger::locate(request.ledger, office.ledger.as_deref(), Some(request.office_path));
    let filed = match &ledger_path {
        Some(path) => {
            let mut ledger = clearmotion::ledger::Ledger::open(path)?;
            if ledger.counts()?.filed == 0 {
                Default::default()
            } else {
                // Only the convictions this run decided are looked up in the ledger.
                let mut keys: Vec<(String, String)> = Vec::new();
                clearmotion::docket::read_rows(&determinations, |row| {
                    keys.push((row.subject_id.to_string(), row.count_id.to_string()))
                })?;
                ledger.filed_among(keys.iter().map(|(s, c)| (s.as_str(), c.as_str())))?
            }
        }
        None => Default::default(),
    };
    let mut docket = Docket::read_with_ledger(&determinations, &courts, &office.packets, filed)?;
    if request.redact {
        docket = packet::redact(&docket);
    }
    packet::documents::check_policy_authority(office, &docket.packets)
        .map_err(|message| format!("{}: {message}", request.office_path.display()))?;
    let reconciliation = docket.reconciliation();
    let files = |kind: &str| -> Vec<String> {
        classification.kinds.iter().filter(|(_, k)| k == kind).map(|(name, _)| name.clone()).collect()
    };
    let run = RunContext {
        office,
        as_of,
        policy: classification.policy.clone(),
        policy_settings: classification.policy_settings.clone(),
        source: describe(&classification.inputs),
        records: packet::Records {
            doj_files: files("doj"),
            office_files: files("case_list"),
            date: classification.records_date.map(packet::documents::long_date).unwrap_or_default(),
        },
        figures: RunFigures {
            decided: reconciliation.rows,
            packet_rows: reconciliation.packet_rows,
            challenged: reconciliation.challenged,
            review: reconciliation.review,
            not_eligible_other: reconciliation.not_eligible_other,
        },
        redacted: request.redact,
    };
    // No manifest until the new set is complete: a set without one is not finished.
    let manifest_path = dir.join("manifest.json");
    if manifest_path.exists() {
        std::fs::remove_file(&manifest_path).map_err(|e| format!("{}: cannot remove: {e}", manifest_path.display()))?;
    }
    let options = packet::Options {
        threads: std::thread::available_parallelism().map_or(1, |n| n.get()).min(4),
        progress: !request.quiet && std::io::stderr().is_terminal(),
        mode: office.packets.mode,
        combined: office.packets.combined,
        max_file: Some(office.packets.max_file_mb.bytes()),
    };
    let written = packet::write(&docket, &run, &templates, dir, &options)?;
    let already_filed = dir.join(ALREADY_FILED);
    let follow_up = clearmotion::ledger::follow_up::due(&docket, as_of, office.doj_follow_up_days);
    let (follow_csv, letter) = (dir.join(FOLLOW_UP_CSV), dir.join(FOLLOW_UP_LETTER));
    for stale in [&already_filed, &follow_csv, &letter] {
        if stale.exists() {
            std::fs::remove_file(stale).map_err(|e| format!("{}: cannot remove: {e}", stale.display()))?;
        }
    }
    if ledger_path.is_some() {
        write_already_filed(&docket, &already_filed)?;
        if !follow_up.is_empty() {
            let cannot = |path: &Path, e: std::io::Error| format!("{}: cannot write: {e}", path.display());
            clearmotion::ledger::follow_up::write_csv(&follow_up, &follow_csv).map_err(|e| cannot(&follow_csv, e))?;
            clearmotion::ledger::follow_up::write_letter(office, &follow_up, as_of, office.doj_follow_up_days, &letter)
                .map_err(|e| cannot(&letter, e))?;
        }
    }

    let mut manifest = Manifest::new(as_of, reconciliation.clone());
    manifest.policy = match &classification.policy_file {
        Some(path) => HashedFile::of(path).ok(),
        None => None,
    };
    manifest.office = Some(HashedFile::of(request.office_path)?);
    manifest.inputs = classification.inputs.clone();
    // Relative to the output folder, so the same run written elsewhere is byte-identical.
    manifest
        .inputs
        .push(HashedFile { path: "determinations.csv".to_owned(), sha256: HashedFile::of(&determinations)?.sha256 });
    manifest.templates = templates.hashes();
    for output in &written.outputs {
        manifest.add_output(dir, &output.path, Some(&output.kind), output.pages, output.rows)?;
    }
    if ledger_path.is_some() {
        manifest.add_output(
            dir,
            ALREADY_FILED,
            Some("already_filed"),
            None,
            Some(docket.already_filed.len() as u64),
        )?;
        if !follow_up.is_empty() {
            manifest.add_output(dir, FOLLOW_UP_CSV, Some("doj_follow_up"), None, Some(follow_up.len() as u64))?;
            manifest.add_output(dir, FOLLOW_UP_LETTER, Some("doj_follow_up_letter"), Some(1), None)?;
        }
    }
    manifest.write(&manifest_path).map_err(|e| format!("{}: cannot write: {e}", manifest_path.display()))?;

    let n = clearmotion::inspect::thousands;
    let pdfs = written.outputs.iter().filter(|o| o.path.ends_with(".pdf")).count();
    let pages: u32 = written.outputs.iter().filter_map(|o| o.pages).sum();
    outln!(
        "Packets: {} PDF files, {} pages, as of {as_of}{}, in {}",
        n(pdfs as u64),
        n(pages.into()),
        if request.redact { " (REDACTED review drafts)" } else { "" },
        dir.join("packets").display()
    );
    let r = &reconciliation;
    let verdict = if r.reconciles { "" } else { " — DOES NOT RECONCILE" };
    match &ledger_path {
        Some(path) => {
            let changed = docket.review.iter().filter(|r| r.cause == ReviewCause::FiledChanged).count() as u64;
            outln!(
                "Filing ledger {}: {} convictions filed before are left out of the packets ({ALREADY_FILED}); {} filed before with other relief, or no longer eligible, are on the review list",
                path.display(),
                n(r.already_filed),
                n(changed)
            );
            let status = |s: &str| {
                docket
                    .already_filed
                    .iter()
                    .filter(|f| f.status.outcome.as_ref().map(|o| o.0.as_str()) == Some(s))
                    .count() as u64
            };
            let awaiting = docket.already_filed.iter().filter(|f| f.status.outcome.is_none()).count() as u64;
            outln!(
                "  of those: {} awaiting the order, {} granted, {} denied, {} modified; {} granted over {} days ago that the DOJ records still show unchanged{}",
                n(awaiting),
                n(status("granted")),
                n(status("denied")),
                n(status("modified")),
                n(follow_up.len() as u64),
                office.doj_follow_up_days,
                if follow_up.is_empty() {
                    String::new()
                } else {
                    format!(" ({FOLLOW_UP_CSV}, letter {FOLLOW_UP_LETTER})")
                }
            );
        }
        None => outln!(
            "No filing ledger: nothing remembers what was filed, so these packets may repeat an earlier filing (name one with --ledger or the office file's `ledger` key)"
        ),
    }
    outln!(
        "Every Prop 64 conviction is in exactly one packet row, the already-filed list, the challenged notice, the review list or not-eligible-other: {} + {} + {} + {} + {} = {}{verdict}",
        n(r.packet_rows),
        n(r.already_filed),
        n(r.challenged),
        n(r.review),
        n(r.not_eligible_other),
        n(r.rows)
    );
    let unfindable =
        docket.review.iter().filter(|r| matches!(r.cause, ReviewCause::NoCaseNumber | ReviewCause::NoCourt)).count()
            as u64;
    if unfindable > 0 {
        outln!(
            "No court case number or no court in the record: {} convictions, on packets/review-list.csv (in no exhibit, form or notice)",
            n(unfindable)
        );
    }
    if docket.unassigned.is_empty() {
        outln!("Unassigned courts: none");
    } else {
        outln!("Unassigned courts (their dismiss and reduce rows are on the review list):");
        for u in &docket.unassigned {
            outln!("  {} ({} rows)", u.description, n(u.rows));
        }
    }
    if written.challenged_unassigned > 0 {
        eprintln!(
            "warning: {} challenged convictions have no known court; they are listed in packets/challenged-unassigned.csv, not in a notice",
            n(written.challenged_unassigned)
        );
    }
    if written.missing_characters > 0 {
        eprintln!(
            "warning: {} characters the font cannot draw were shown as '?' or left out",
            n(written.missing_characters as u64)
        );
    }
    outln!("Wrote {}", manifest_path.display());
    Ok(if r.reconciles { Status::Done } else { Status::CouldNotRun })
}

/// The already-filed list: convictions the ledger has filed with the same
/// relief, left out of the new packets.
pub const ALREADY_FILED: &str = "already-filed.csv";
/// Granted convictions the DOJ still shows unchanged, and the letter asking it to update them.
pub const FOLLOW_UP_CSV: &str = "doj-follow-up.csv";
pub const FOLLOW_UP_LETTER: &str = "doj-follow-up.pdf";

fn write_already_filed(docket: &Docket, path: &Path) -> Result<(), Error> {
    const COLUMNS: [&str; 10] = [
        "subject_id",
        "count_id",
        "case_number",
        "court",
        "relief",
        "packet",
        "filed_on",
        "status",
        "order_date",
        "line",
    ];
    let err = |e: std::io::Error| format!("{}: cannot write: {e}", path.display());
    let mut csv = clearmotion::output::CsvFile::create(path, &COLUMNS).map_err(err)?;
    for f in &docket.already_filed {
        let (status, order_date) = match &f.status.outcome {
            Some((outcome, date)) => (outcome.as_str(), date.as_str()),
            None => ("awaiting_order", ""),
        };
        csv.write(&[
            &*f.row.subject_id,
            &*f.row.count_id,
            &*f.row.case_number,
            &*f.row.court,
            f.row.relief.as_str(),
            &f.status.packet,
            &f.status.filed_on,
            status,
            order_date,
            &f.row.csv_line.to_string(),
        ])
        .map_err(err)?;
    }
    csv.commit().map_err(err)?;
    Ok(())
}
