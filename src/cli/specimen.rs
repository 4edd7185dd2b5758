//! `clearmotion specimen`: write the production court papers — motion,
//! Exhibit A, proposed order, proofs of service, notice of challenged cases,
//! per-case forms (one with an attachment page) — for fictitious people and
//! the example office, to look at the pages ([`clearmotion::packet::specimen`]).

use std::path::PathBuf;

use clap::Args;
use clearmotion::packet::specimen;
use clearmotion::render::{self, Metadata};

use super::{Error, Status};

/// Write specimen court papers — the office's production papers (motion,
/// Exhibit A, proposed order, proofs of service, notice of challenged cases,
/// two per-case forms) for fictitious people — into one PDF, to check the
/// layout by eye or in tests.
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

    /// Also write the Word copy (.docx) of the specimen's proposed order,
    /// made from the same document as the PDF, as a packet folder's
    /// 03-proposed-order.docx, to look at in Word or LibreOffice.
    #[arg(long, value_name = "FILE", hide = true)]
    docx: Option<PathBuf>,
}

pub fn run(args: SpecimenArgs) -> Result<Status, Error> {
    let papers = specimen::papers(args.rows).map_err(|e| format!("specimen: {e}"))?;
    let order = papers.order.clone();
    let documents = papers.into_documents();
    let meta = Metadata {
        title: "Specimen court papers".into(),
        author: "clearmotion".into(),
        subject: "Specimen of the production papers (fictitious people)".into(),
        keywords: vec!["specimen".into()],
        date: Some(specimen::as_of()),
    };
    let stats = render::render_file(&documents, &meta, &args.out)
        .map_err(|e| format!("{}: cannot write the PDF: {e}", args.out.display()))?;
    outln!("{}: {} pages, {} bytes", args.out.display(), stats.pages, stats.bytes);
    if let Some(path) = &args.docx {
        render::docx::write_docx(std::slice::from_ref(&order), &meta, path)
            .map_err(|e| format!("{}: cannot write the Word file: {e}", path.display()))?;
        outln!("{}: the Word copy of the specimen's proposed order", path.display());
    }
    if !stats.missing.is_empty() {
        eprintln!("warning: {} characters the font cannot draw were shown as '?'", stats.missing.len());
    }
    Ok(Status::Done)
}
