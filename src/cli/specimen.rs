//! `clearmotion specimen`: write specimen court papers (clearly fake
//! people) to look at the page layout: pleading paper, an exhibit table,
//! per-case forms with an overflow attachment.

use std::path::PathBuf;

use clap::Args;
use clearmotion::render::{self, Metadata, specimen};

use super::{Error, Status};

/// Write specimen court papers (a motion on pleading paper, an Exhibit A,
/// two per-case forms) into one PDF, to check the layout by eye or in tests.
#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  clearmotion specimen --rows 300 --out specimen.pdf\n  pdftoppm -r 80 -png specimen.pdf page"
)]
pub struct SpecimenArgs {
    /// Exhibit rows.
    #[arg(long, default_value_t = 120)]
    rows: usize,

    /// The PDF to write.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,

    /// Also write the Word copy (.docx) of the specimen's pleading paper,
    /// made from the same document as the PDF, to look at in Word or
    /// LibreOffice.
    #[arg(long, value_name = "FILE", hide = true)]
    docx: Option<PathBuf>,
}

pub fn run(args: SpecimenArgs) -> Result<Status, Error> {
    let documents = vec![specimen::motion(), specimen::exhibit(args.rows), specimen::form(3, 1), specimen::form(14, 2)];
    let meta = Metadata {
        title: "Specimen court papers".into(),
        author: "clearmotion".into(),
        subject: "Layout specimen (fictitious people)".into(),
        keywords: vec!["specimen".into()],
        date: chrono::NaiveDate::from_ymd_opt(2026, 11, 1),
    };
    let stats = render::render_file(&documents, &meta, &args.out)
        .map_err(|e| format!("{}: cannot write the PDF: {e}", args.out.display()))?;
    outln!("{}: {} pages, {} bytes", args.out.display(), stats.pages, stats.bytes);
    if let Some(path) = &args.docx {
        render::docx::write_docx(&documents[..1], &meta, path)
            .map_err(|e| format!("{}: cannot write the Word file: {e}", path.display()))?;
        outln!("{}: the Word copy of the specimen motion", path.display());
    }
    if !stats.missing.is_empty() {
        eprintln!("warning: {} characters the font cannot draw were shown as '?'", stats.missing.len());
    }
    Ok(Status::Done)
}
