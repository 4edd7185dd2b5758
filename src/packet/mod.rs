//! `packet`: the [`Docket`] → court filings on disk, one PDF per packet.
//!
//! Bulk mode (the default): each [`crate::docket::Packet`] becomes one PDF
//! — the motion, Exhibit A, the proposed order and the proof of service,
//! one outline entry each — and its clerk CSV (the exhibit's rows, same row
//! numbers). Per-case mode: the cases of one court (or courthouse) become one
//! PDF of one-page motion-and-order forms, one document and bookmark per
//! case. Each court with challenged cases gets the notice of challenged
//! cases (HS 11361.9) with its own proof of service. Beside them:
//! `index.csv` (file, court, courthouse, relief, rows, pages) and
//! `review-list.csv`.
//!
//! The whole set is written into a temporary folder and swapped in for
//! `packets/` at the end, so a crash never leaves a half-finished set under
//! the final name; the same inputs give byte-identical files. Documents come
//! from [`templates`] (court markup); tables and forms are built in code
//! ([`documents`]). Never prints a name, date of birth or identifier in a
//! message; never holds SSN, licence or FBI numbers (the model has none).

pub mod citations;
pub mod documents;
pub mod templates;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::docket::{Challenged, Docket, Packet, Row as DocketRow, clerk_csv, stem};
use crate::office::{Court, Courthouse, Mode};
use crate::output::CsvFile;
use crate::render::{self, Document, Metadata, markup};
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
}

/// One file written, relative to the run's folder (`packets/...`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub path: String,
    pub pages: Option<u32>,
    pub rows: Option<u64>,
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

/// One PDF to write, and what the index says about it.
struct FileJob {
    name: String,
    documents: Vec<Document>,
    meta: Metadata,
    court: String,
    courthouse: String,
    relief: String,
    rows: u64,
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
    let result = write_into(docket, run, templates, &new_dir, options);
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

fn metadata(run: &RunContext, title: String) -> Metadata {
    Metadata {
        title,
        author: run.office.name.clone(),
        subject: "Relief under Health and Safety Code sections 11361.8 and 11361.9".into(),
        keywords: vec!["Proposition 64".into(), "HS 11361.8".into(), "HS 11361.9".into()],
        date: Some(run.as_of),
    }
}

fn write_into(
    docket: &Docket,
    run: &RunContext,
    templates: &Templates,
    dir: &Path,
    options: &Options,
) -> Result<Written, PacketError> {
    let mut used: HashSet<String> = docket.packets.iter().map(|p| p.stem.clone()).collect();
    let mut jobs: Vec<FileJob> = Vec::new();
    let mut written = Written::default();
    let per_case = options.mode == Mode::PerCase;
    let challenged_count = |county: &str| docket.challenged_for(county).count();
    if !per_case {
        for packet in &docket.packets {
            let court = &packet.court;
            let house = packet.courthouse.as_deref();
            let challenged = challenged_count(&court.county);
            let ctx = run.context(court, house, Some(packet), challenged, None);
            let mut parts = markup::Parts::default();
            parts.tables.insert("exhibit".into(), documents::exhibit_table(packet, run.office.packets.exhibit_font()));
            let mut documents = vec![templates.document("motion.cm", &ctx, &parts)?];
            documents.push(templates.document("exhibit.cm", &ctx, &parts)?);
            drop(parts);
            let none = markup::Parts::default();
            documents.push(templates.document("order.cm", &ctx, &none)?);
            documents.push(templates.document("service.cm", &ctx, &none)?);
            let csv = format!("{}-exhibit-a.csv", packet.stem);
            let rows = clerk_csv::write(packet, &dir.join(&csv))?;
            written.outputs.push(Output { path: format!("packets/{csv}"), pages: None, rows: Some(rows) });
            jobs.push(FileJob {
                name: format!("{}.pdf", packet.stem),
                documents,
                meta: metadata(run, format!("Motion under HS 11361.8: {}", packet.id)),
                court: court.title.clone(),
                courthouse: house.map(|h| h.name.clone()).unwrap_or_default(),
                relief: packet.relief.map(|r| r.as_str().to_owned()).unwrap_or_else(|| "all".into()),
                rows,
            });
        }
    } else {
        // Per case: the cases of one court and courthouse in one file.
        let mut at = 0;
        while at < docket.packets.len() {
            let first = &docket.packets[at];
            let same = |p: &Packet| p.court.county == first.court.county && p.courthouse == first.courthouse;
            let end = at + docket.packets[at..].iter().take_while(|p| same(p)).count();
            let all_cases = &docket.packets[at..end];
            at = end;
            let court = &first.court;
            let house = first.courthouse.as_deref();
            let base = match house {
                Some(h) => format!("{}-{}-cases", stem::slug(&court.county), stem::slug(&h.name)),
                None => format!("{}-cases", stem::slug(&court.county)),
            };
            let files = all_cases.len().div_ceil(CASES_PER_FILE);
            for (part, cases) in all_cases.chunks(CASES_PER_FILE).enumerate() {
                let base = if files > 1 { format!("{base}-{:03}", part + 1) } else { base.clone() };
                let file_stem = stem::unique(&base, &mut used);
                let of = if files > 1 { format!(" / part {} of {files}", part + 1) } else { String::new() };
                let merged = Packet {
                    id: format!("{} / {} / per case{of}", court.county, house.map_or("", |h| h.name.as_str())),
                    stem: file_stem.clone(),
                    court: court.clone(),
                    courthouse: first.courthouse.clone(),
                    relief: None,
                    part: 1,
                    parts: 1,
                    rows: cases.iter().flat_map(|p| p.rows.iter().cloned()).collect(),
                };
                let challenged = challenged_count(&court.county);
                let mut documents = Vec::with_capacity(cases.len());
                let mut number = 1u64;
                for case in cases {
                    let rows: Vec<&DocketRow> = case.rows.iter().collect();
                    let ctx = run.context(court, house, Some(case), challenged, Some(&rows));
                    let mut parts = markup::Parts::default();
                    parts
                        .forms
                        .insert("case".into(), documents::case_form(run.office, court, &rows, number, run.as_of));
                    let mut doc = templates.document("form.cm", &ctx, &parts)?;
                    let numbers = rows.first().map(|r| r.case_number.replace("; ", ", ")).unwrap_or_default();
                    doc.bookmark = Some(format!("Case {numbers}"));
                    documents.push(doc);
                    number += rows.len() as u64;
                }
                let csv = format!("{file_stem}-exhibit-a.csv");
                let rows = clerk_csv::write(&merged, &dir.join(&csv))?;
                written.outputs.push(Output { path: format!("packets/{csv}"), pages: None, rows: Some(rows) });
                jobs.push(FileJob {
                    name: format!("{file_stem}.pdf"),
                    documents,
                    meta: metadata(run, format!("Motions and orders under HS 11361.8, per case: {}", merged.id)),
                    court: court.title.clone(),
                    courthouse: house.map(|h| h.name.clone()).unwrap_or_default(),
                    relief: "per case".into(),
                    rows,
                });
            }
        }
    }

    // The notice of challenged cases, per court.
    let mut courts: Vec<(&Court, Vec<&Challenged>)> = Vec::new();
    let mut unassigned: Vec<&Challenged> = Vec::new();
    for c in &docket.challenged {
        match &c.court {
            Some(court) => match courts.iter_mut().find(|(known, _)| known.county == court.county) {
                Some((_, list)) => list.push(c),
                None => courts.push((court, vec![c])),
            },
            None => unassigned.push(c),
        }
    }
    for (court, list) in &courts {
        let ctx = run.context(court, None::<&Courthouse>, None, list.len(), None);
        let mut parts = markup::Parts::default();
        parts.tables.insert("challenged".into(), documents::challenged_table(list));
        let documents =
            vec![templates.document("challenged.cm", &ctx, &parts)?, templates.document("service.cm", &ctx, &parts)?];
        let name = stem::unique(&format!("{}-challenged-cases", stem::slug(&court.county)), &mut used);
        jobs.push(FileJob {
            name: format!("{name}.pdf"),
            documents,
            meta: metadata(run, format!("Notice of challenged cases (HS 11361.9): {}", court.county)),
            court: court.title.clone(),
            courthouse: String::new(),
            relief: "challenged".into(),
            rows: list.len() as u64,
        });
    }
    if !unassigned.is_empty() {
        let name = "challenged-unassigned.csv";
        let rows = rows_csv(
            &dir.join(name),
            unassigned.iter().map(|c| {
                ("challenged_unassigned_court", crate::docket::ReviewCause::UnassignedCourt.to_find(), &c.row)
            }),
        )?;
        written.challenged_unassigned = rows;
        written.outputs.push(Output { path: format!("packets/{name}"), pages: None, rows: Some(rows) });
    }
    let name = "review-list.csv";
    let causes = docket.review.iter().map(|r| (r.cause.as_str(), r.cause.to_find(), &r.row));
    let rows = rows_csv(&dir.join(name), causes)?;
    written.outputs.push(Output { path: format!("packets/{name}"), pages: None, rows: Some(rows) });

    // Render, a few files at a time, with progress.
    let bar = if options.progress {
        let bar = indicatif::ProgressBar::new(jobs.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} rendering packets {pos}/{len} [{elapsed}]")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar.enable_steady_tick(std::time::Duration::from_millis(200));
        Some(bar)
    } else {
        None
    };
    let threads = options.threads.max(1);
    let mut index_rows: Vec<[String; 6]> = Vec::new();
    for chunk in jobs.chunks_mut(threads) {
        // The documents move into the renderer (an exhibit can hold 100,000 rows).
        let render_jobs: Vec<render::Job> = chunk
            .iter_mut()
            .map(|job| render::Job {
                path: dir.join(&job.name),
                documents: std::mem::take(&mut job.documents),
                meta: job.meta.clone(),
            })
            .collect();
        let results = render::render_all(&render_jobs, threads);
        for (job, result) in chunk.iter().zip(results) {
            let stats = result.map_err(|source| PacketError::Write { path: dir.join(&job.name), source })?;
            written.missing_characters += stats.missing.len();
            written.outputs.push(Output {
                path: format!("packets/{}", job.name),
                pages: Some(stats.pages as u32),
                rows: Some(job.rows),
            });
            index_rows.push([
                job.name.clone(),
                job.court.clone(),
                job.courthouse.clone(),
                job.relief.clone(),
                job.rows.to_string(),
                stats.pages.to_string(),
            ]);
        }
        if let Some(bar) = &bar {
            bar.inc(chunk.len() as u64);
        }
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let index_path = dir.join("index.csv");
    let entries = index_rows.len() as u64;
    write_csv(&index_path, &["file", "court", "courthouse", "relief", "rows", "pages"], index_rows.iter())?;
    written.outputs.push(Output { path: "packets/index.csv".into(), pages: None, rows: Some(entries) });
    written.outputs.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(written)
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
