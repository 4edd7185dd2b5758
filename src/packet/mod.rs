//! `packet`: the [`Docket`] → court filings on disk, the documents as files.
//!
//! Bulk mode (the default): each [`crate::docket::Packet`] becomes a folder
//! `packets/<packet>/` with `01-motion.pdf` (notice of motion, points and
//! authorities, declaration), `02-exhibit-a.pdf` (in volumes
//! `02-exhibit-a-vol-1-of-3.pdf`, ... when larger than `[packets]
//! max_file_mb`), `03-proposed-order.pdf`, `04-proof-of-service.pdf` and
//! the clerk CSV `exhibit-a.csv` (the exhibit's rows, same row numbers);
//! each PDF is paginated from 1 and has its own outline. Per-case mode: the
//! cases of one court (or courthouse) become a folder with `01-forms.pdf`
//! (one-page motion-and-order forms, one document and bookmark per case) and
//! `cases.csv`. Each court with challenged cases gets a folder
//! `<court>-challenged/` with the notice of challenged cases (HS 11361.9) and
//! its own proof of service. `[packets] combined = true` adds a printable
//! `packet.pdf` per folder. Beside them: `index.csv` (file, kind, court,
//! courthouse, relief, rows, pages) and `review-list.csv`. See [`files`].
//!
//! The whole set is written into a temporary folder and swapped in for
//! `packets/` at the end, so a crash never leaves a half-finished set under
//! the final name; the same inputs give byte-identical files. Documents come
//! from [`templates`] (court markup); tables and forms are built in code
//! ([`documents`]). Never prints a name, date of birth or identifier in a
//! message; never holds SSN, licence or FBI numbers (the model has none).

pub mod citations;
pub mod documents;
pub mod files;
pub mod specimen;
pub mod templates;

use std::path::{Path, PathBuf};

use crate::docket::{Docket, Row as DocketRow};
use crate::office::Mode;
use crate::output::CsvFile;
use crate::render::Metadata;
pub use documents::{ExhibitVolume, Records, RunContext, RunFigures};
pub use templates::{TemplateError, Templates};

/// The packets could not be written.
#[derive(Debug, thiserror::Error)]
pub enum PacketError {
    #[error("{0}")]
    Template(#[from] TemplateError),
    #[error("{}: cannot write: {source}", path.display())]
    Write { path: PathBuf, source: std::io::Error },
    #[error("{0}")]
    Docket(#[from] crate::docket::DocketError),
    /// `file` is relative to the output folder (`packets/<packet>/01-motion.pdf`).
    #[error(
        "{file}: {megabytes:.2} MB, larger than the office file's [packets] max_file_mb = {cap}, and it cannot be cut smaller: raise max_file_mb"
    )]
    TooLarge { file: String, megabytes: f64, cap: f64 },
}

/// Per-case mode: at most this many cases (one-page forms) per PDF, so a
/// file stays printable and memory stays bounded (the files render in parallel).
pub const CASES_PER_FILE: usize = 500;

/// How packets are written.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Rendering threads (files are rendered in parallel).
    pub threads: usize,
    /// A progress bar on standard error.
    pub progress: bool,
    /// Bulk motions or per-case forms (the office file says).
    pub mode: Mode,
    /// Also one printable `packet.pdf` per folder (`[packets] combined`).
    pub combined: bool,
    /// No PDF larger than this many bytes (`[packets] max_file_mb`); `None`: no cap.
    pub max_file: Option<u64>,
}

impl Options {
    /// The size cap in bytes (`u64::MAX` without one).
    pub fn max_file_bytes(&self) -> u64 {
        self.max_file.unwrap_or(u64::MAX)
    }
}

/// One file written, relative to the run's folder (`packets/...`), and what
/// `index.csv` says about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub path: String,
    /// What the file is ([`files::kind`]).
    pub kind: String,
    pub pages: Option<u32>,
    pub rows: Option<u64>,
    pub court: String,
    pub courthouse: String,
    pub relief: String,
}

/// What was written.
#[derive(Debug, Clone, Default)]
pub struct Written {
    /// Sorted by path.
    pub outputs: Vec<Output>,
    /// Challenged rows whose court is unassigned: in `challenged-unassigned.csv`, in no notice.
    pub challenged_unassigned: u64,
    /// Characters the fonts could not draw, over all PDFs.
    pub missing_characters: usize,
}

/// Masks dates of birth and CII numbers for review drafts:
/// `XXXX-XX-XX`, `XXXXXX1234` (last four kept).
pub fn redact(docket: &Docket) -> Docket {
    fn mask(row: &mut DocketRow) {
        if !row.dob.is_empty() {
            row.dob = "XXXX-XX-XX".into();
        }
        if !row.cii.is_empty() {
            let chars: Vec<char> = row.cii.chars().collect();
            let keep = chars.len().saturating_sub(4);
            let masked: String = chars.iter().enumerate().map(|(i, &c)| if i < keep { 'X' } else { c }).collect();
            row.cii = masked.into();
        }
    }
    let mut docket = docket.clone();
    docket.packets.iter_mut().flat_map(|p| p.rows.iter_mut()).for_each(mask);
    docket.challenged.iter_mut().for_each(|c| mask(&mut c.row));
    docket.review.iter_mut().for_each(|r| mask(&mut r.row));
    docket
}

/// Writes every packet of `docket` into `dir/packets/` (replacing it).
pub fn write(
    docket: &Docket,
    run: &RunContext,
    templates: &Templates,
    dir: &Path,
    options: &Options,
) -> Result<Written, PacketError> {
    let final_dir = dir.join("packets");
    let pid = std::process::id();
    let new_dir = dir.join(format!(".packets-new-{pid}"));
    let old_dir = dir.join(format!(".packets-old-{pid}"));
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| PacketError::Write { path, source }
    };
    // Folders a crashed run left behind (the INCOMPLETE marker stays: it is this run's).
    crate::output::remove_packet_temps(dir).map_err(io(dir))?;
    std::fs::create_dir_all(&new_dir).map_err(io(&new_dir))?;
    crate::output::register_temp(&new_dir);
    crate::output::register_temp(&old_dir);
    let result = files::write_into(docket, run, templates, &new_dir, options);
    let written = match result {
        Ok(written) => written,
        Err(err) => {
            let _ = std::fs::remove_dir_all(&new_dir);
            return Err(err);
        }
    };
    if final_dir.exists() {
        std::fs::rename(&final_dir, &old_dir).map_err(io(&final_dir))?;
    }
    std::fs::rename(&new_dir, &final_dir).map_err(io(&final_dir))?;
    crate::output::unregister_temp(&new_dir);
    if old_dir.exists() {
        std::fs::remove_dir_all(&old_dir).map_err(io(&old_dir))?;
    }
    crate::output::unregister_temp(&old_dir);
    Ok(written)
}

pub(crate) fn metadata(run: &RunContext, title: String) -> Metadata {
    Metadata {
        title,
        author: run.office.name.clone(),
        subject: "Relief under Health and Safety Code sections 11361.8 and 11361.9".into(),
        keywords: vec!["Proposition 64".into(), "HS 11361.8".into(), "HS 11361.9".into()],
        date: Some(run.as_of),
    }
}

/// A CSV of whole rows (review list, unassigned challenged cases).
fn rows_csv<'a>(
    path: &Path,
    rows: impl Iterator<Item = (&'a str, &'a str, &'a DocketRow)>,
) -> Result<u64, PacketError> {
    let header = [
        "cause",
        "to_find",
        "csv_line",
        "count_id",
        "subject_id",
        "name",
        "aka",
        "dob",
        "cii",
        "case_number",
        "court",
        "county",
        "code_section",
        "level",
        "conviction_date",
        "determination",
        "relief",
        "rule",
        "reason",
        "citation",
    ];
    let records: Vec<[String; 20]> = rows
        .map(|(cause, to_find, r)| {
            [
                cause.to_owned(),
                to_find.to_owned(),
                r.csv_line.to_string(),
                r.count_id.to_string(),
                r.subject_id.to_string(),
                r.name.to_string(),
                r.aka.to_string(),
                r.dob.to_string(),
                r.cii.to_string(),
                r.case_number.to_string(),
                r.court.to_string(),
                r.county.to_string(),
                r.code_section.to_string(),
                r.level.to_string(),
                r.conviction_date.map(|d| d.to_string()).unwrap_or_default(),
                r.determination.as_str().to_owned(),
                r.relief.as_str().to_owned(),
                r.rule.to_string(),
                r.reason.to_string(),
                r.citation.to_string(),
            ]
        })
        .collect();
    write_csv(path, &header, records.iter())?;
    Ok(records.len() as u64)
}

/// Writes a CSV atomically through the shared writer ([`CsvFile`]).
fn write_csv<'a, const N: usize>(
    path: &Path,
    header: &[&str; N],
    records: impl Iterator<Item = &'a [String; N]>,
) -> Result<(), PacketError> {
    let err = |source: std::io::Error| PacketError::Write { path: path.to_owned(), source };
    let mut file = CsvFile::create(path, header).map_err(err)?;
    for record in records {
        file.write(record).map_err(err)?;
    }
    file.commit().map_err(err)
}

#[cfg(test)]
mod tests;
