//! `clearmotion sample`: write a synthetic DOJ research file.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use clearmotion::output::AtomicFile;
use clearmotion::sample::{SampleOptions, generate};

use super::{Error, Status};

/// Write a synthetic DOJ research file: realistic, clearly fake rap sheets,
/// the same bytes for the same options.
#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  clearmotion sample --rows 5000 --seed 64 --county \"SAN FRANCISCO\" --out samples/doj-sample.dat"
)]
pub struct SampleArgs {
    /// Number of data rows to write.
    #[arg(long, default_value_t = 5000)]
    rows: u64,

    /// Seed: the same seed gives the same file.
    #[arg(long, default_value_t = 64)]
    seed: u64,

    /// Home county of the office (most history happens there).
    #[arg(long, default_value = "SAN FRANCISCO")]
    county: String,

    /// Fill the optional columns the way real DOJ rows are filled (about 800
    /// bytes a row, the shape of the 2019 tool's generated files) instead of
    /// leaving them blank (about 380). The rows are otherwise the same.
    #[arg(long)]
    fill_optional: bool,

    /// Leave out the header row.
    #[arg(long)]
    no_header: bool,

    /// Compress with gzip.
    #[arg(long)]
    gzip: bool,

    /// Output file (default: standard output).
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,

    /// Also write the office's own case-list export for the same people
    /// (some convictions only in it, some only in the DOJ file, names and
    /// case numbers written differently, hard cases), with its ground truth
    /// beside it in FILE's name with `.truth.csv`. Needs --out.
    #[arg(long, value_name = "FILE", requires = "out")]
    office_export: Option<PathBuf>,
}

/// `export.csv` → `export.truth.csv`.
pub fn truth_path(export: &std::path::Path) -> PathBuf {
    let stem = export.file_stem().map_or_else(|| "export".into(), |s| s.to_string_lossy().into_owned());
    export.with_file_name(format!("{stem}.truth.csv"))
}

pub fn run(args: SampleArgs) -> Result<Status, Error> {
    let options = SampleOptions {
        rows: args.rows,
        seed: args.seed,
        county: args.county.clone(),
        header: !args.no_header,
        fill_optional: args.fill_optional,
    };
    match &args.out {
        Some(path) => {
            let name = path.display();
            let mut file = AtomicFile::create(path).map_err(|e| format!("{name}: cannot write: {e}"))?;
            let stats = write(&options, args.gzip, &mut file).map_err(|e| format!("{name}: {e}"))?;
            file.commit().map_err(|e| format!("{name}: cannot write: {e}"))?;
            eprintln!("wrote {} rows for {} people to {name}", stats.rows, stats.people);
            if let Some(export) = &args.office_export {
                let built = clearmotion::sample::office::office_export(path, args.seed, &args.county)?;
                let truth = truth_path(export);
                for (target, bytes) in [(export, &built.export), (&truth, &built.truth)] {
                    clearmotion::output::write_atomic(target, bytes)
                        .map_err(|e| format!("{}: cannot write: {e}", target.display()))?;
                }
                eprintln!(
                    "wrote the office's export, {} rows for {} people, to {} (ground truth: {})",
                    built.rows,
                    built.people,
                    export.display(),
                    truth.display()
                );
            }
        }
        None => {
            let stdout = std::io::stdout();
            let mut lock = std::io::BufWriter::new(stdout.lock());
            write(&options, args.gzip, &mut lock)?;
            lock.flush()?;
        }
    }
    Ok(Status::Done)
}

fn write(
    options: &SampleOptions,
    gzip: bool,
    out: &mut dyn Write,
) -> std::io::Result<clearmotion::sample::SampleStats> {
    if gzip {
        let mut encoder = flate2::GzBuilder::new().mtime(0).write(out, flate2::Compression::default());
        let stats = generate(options, &mut encoder)?;
        encoder.finish()?;
        Ok(stats)
    } else {
        generate(options, out)
    }
}
