//! The documents as files: a folder per packet, one PDF per document, each
//! paginated from 1 with its own outline, none larger than the office's
//! `[packets] max_file_mb`.
//!
//! ```text
//! packets/<packet>/01-motion.pdf              notice of motion, points and authorities, declaration
//! packets/<packet>/02-exhibit-a.pdf           or 02-exhibit-a-vol-1-of-3.pdf, ... (confidential)
//! packets/<packet>/03-proposed-order.pdf
//! packets/<packet>/04-proof-of-service.pdf
//! packets/<packet>/exhibit-a.csv              the clerk's data file (same row numbers)
//! packets/<packet>/packet.pdf                 with `[packets] combined = true`
//! packets/<court>-challenged/01-notice.pdf    notice of challenged cases and Attachment 1
//! packets/<court>-challenged/02-proof-of-service.pdf
//! packets/<court>-cases/01-forms.pdf, cases.csv   per-case mode
//! ```
//!
//! Exhibit A is cut into volumes when it would be larger than the cap: the
//! rows a volume holds are estimated from the measured size of a rendered
//! sample, then every volume is checked after rendering and the exhibit is
//! cut smaller while one is still too large. Sizes depend only on the
//! content, so the cut is the same on every run. Only the volumes being
//! rendered (a few at a time) are laid out in memory.

use std::collections::HashSet;
use std::path::Path;

use super::documents::{self, ExhibitVolume, RunContext, insert_volumes};
use super::{CASES_PER_FILE, Options, Output, PacketError, Templates, Written, metadata};
use crate::docket::{Challenged, Docket, Packet, Row as DocketRow, clerk_csv, stem};
use crate::office::{Court, Courthouse, Mode};
use crate::render::{self, Document, Metadata, Row, Table, layout, markup};

/// What a file in `packets/` is: the `kind` column of `index.csv` and field
/// of `manifest.json`.
pub mod kind {
    /// Notice of motion, points and authorities, declaration.
    pub const MOTION: &str = "motion";
    /// Exhibit A, or one volume of it.
    pub const EXHIBIT: &str = "exhibit";
    /// The proposed order (PDF).
    pub const ORDER: &str = "order";
    /// The proposed order as a Word file.
    pub const ORDER_DOCX: &str = "order_docx";
    /// A proof of service.
    pub const SERVICE: &str = "service";
    /// The notice of challenged cases with Attachment 1.
    pub const NOTICE: &str = "notice";
    /// Per-case mode: the motion-and-order forms of one court (part).
    pub const FORMS: &str = "forms";
    /// The clerk's data file of a packet.
    pub const CLERK_CSV: &str = "clerk_csv";
    /// Every document of a folder in one printable PDF.
    pub const COMBINED: &str = "combined";
    pub const REVIEW_LIST: &str = "review_list";
    pub const CHALLENGED_UNASSIGNED: &str = "challenged_unassigned";
    pub const INDEX: &str = "index";
}

/// Rows rendered to measure Exhibit A's bytes per row.
const PROBE_ROWS: usize = 400;

/// Where the files of one folder go, and what the index says about them.
struct Folder<'a> {
    /// `packets/` being written.
    root: &'a Path,
    /// The folder's name under `packets/`.
    name: String,
    court: String,
    courthouse: String,
    relief: String,
}

impl Folder<'_> {
    fn path(&self, file: &str) -> std::path::PathBuf {
        self.root.join(&self.name).join(file)
    }
    fn output(&self, file: &str, kind: &str, pages: Option<u32>, rows: Option<u64>) -> Output {
        Output {
            path: format!("packets/{}/{file}", self.name),
            kind: kind.to_owned(),
            pages,
            rows,
            court: self.court.clone(),
            courthouse: self.courthouse.clone(),
            relief: self.relief.clone(),
        }
    }
}

/// One PDF of a folder to render.
struct FileJob {
    file: String,
    kind: &'static str,
    documents: Vec<Document>,
    meta: Metadata,
    rows: u64,
}

/// Renders `jobs` (a few at a time, in parallel) into `folder`; every file
/// must fit the cap. Returns each file's size in bytes, in job order.
fn render_files(
    folder: &Folder,
    jobs: Vec<FileJob>,
    options: &Options,
    written: &mut Written,
) -> Result<Vec<u64>, PacketError> {
    render_in_folders(jobs.into_iter().map(|job| (folder, job)).collect(), options, written)
}

/// [`render_files`] for files of several folders: `options.threads` files
/// at a time, each on its own thread.
fn render_in_folders(
    jobs: Vec<(&Folder, FileJob)>,
    options: &Options,
    written: &mut Written,
) -> Result<Vec<u64>, PacketError> {
    let mut sizes = Vec::with_capacity(jobs.len());
    let mut jobs = jobs;
    let threads = options.threads.max(1);
    for chunk in jobs.chunks_mut(threads) {
        let render_jobs: Vec<render::Job> = chunk
            .iter_mut()
            .map(|(folder, job)| render::Job {
                path: folder.path(&job.file),
                documents: std::mem::take(&mut job.documents),
                meta: job.meta.clone(),
            })
            .collect();
        let results = render::render_all(&render_jobs, threads);
        drop(render_jobs);
        for ((folder, job), result) in chunk.iter().zip(results) {
            let folder: &Folder = folder;
            let path = folder.path(&job.file);
            let stats = result.map_err(|source| PacketError::Write { path: path.clone(), source })?;
            if stats.bytes > options.max_file_bytes() {
                return Err(too_large(folder, &job.file, stats.bytes, options));
            }
            written.missing_characters += stats.missing.len();
            written.outputs.push(folder.output(&job.file, job.kind, Some(stats.pages as u32), Some(job.rows)));
            sizes.push(stats.bytes);
        }
    }
    Ok(sizes)
}

fn too_large(folder: &Folder, file: &str, bytes: u64, options: &Options) -> PacketError {
    PacketError::TooLarge {
        file: format!("packets/{}/{file}", folder.name),
        megabytes: bytes as f64 / 1e6,
        cap: options.max_file_bytes() as f64 / 1e6,
    }
}

/// Writes every packet of `docket` into `dir` (the new `packets/`).
pub(super) fn write_into(
    docket: &Docket,
    run: &RunContext,
    templates: &Templates,
    dir: &Path,
    options: &Options,
) -> Result<Written, PacketError> {
    let mut used: HashSet<String> = docket.packets.iter().map(|p| p.stem.clone()).collect();
    let mut written = Written::default();
    let challenged_count = |county: &str| docket.challenged_for(county).count();
    let bar = progress(options, docket.packets.len());
    if options.mode != Mode::PerCase {
        for packet in &docket.packets {
            bulk_packet(packet, challenged_count(&packet.court.county), run, templates, dir, options, &mut written)?;
            if let Some(bar) = &bar {
                bar.inc(1);
            }
        }
    } else {
        // Per case: the cases of one court and courthouse in one folder (or a few).
        let mut at = 0;
        while at < docket.packets.len() {
            let first = &docket.packets[at];
            let same = |p: &Packet| p.court.county == first.court.county && p.courthouse == first.courthouse;
            let end = at + docket.packets[at..].iter().take_while(|p| same(p)).count();
            let cases = &docket.packets[at..end];
            at = end;
            let challenged = challenged_count(&first.court.county);
            per_case_court(cases, challenged, run, templates, dir, options, &mut used, &mut written)?;
            if let Some(bar) = &bar {
                bar.inc(cases.len() as u64);
            }
        }
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }

    // The notice of challenged cases, per court, in its own folder.
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
        let (notice, service) = notice_documents(court, list, run, templates)?;
        let folder = Folder {
            root: dir,
            name: stem::unique(&format!("{}-challenged", stem::slug(&court.county)), &mut used),
            court: court.title.clone(),
            courthouse: String::new(),
            relief: "challenged".into(),
        };
        create_dir(&folder)?;
        let rows = list.len() as u64;
        let title =
            |what: &str| metadata(run, format!("{what}: notice of challenged cases (HS 11361.9), {}", court.county));
        let combined = options.combined.then(|| vec![notice.clone(), service.clone()]);
        let jobs = vec![
            FileJob {
                file: "01-notice.pdf".into(),
                kind: kind::NOTICE,
                documents: vec![notice],
                meta: title("Notice and Attachment 1"),
                rows,
            },
            FileJob {
                file: "02-proof-of-service.pdf".into(),
                kind: kind::SERVICE,
                documents: vec![service],
                meta: title("Proof of service"),
                rows,
            },
        ];
        render_files(&folder, jobs, options, &mut written)?;
        if let Some(documents) = combined {
            // Two small papers: one file (render_files checks the cap).
            let job = FileJob {
                file: combined_file(0, 1),
                kind: kind::COMBINED,
                documents,
                meta: title("Printable packet"),
                rows,
            };
            render_files(&folder, vec![job], options, &mut written)?;
        }
    }
    if !unassigned.is_empty() {
        let name = "challenged-unassigned.csv";
        let rows = super::rows_csv(
            &dir.join(name),
            unassigned.iter().map(|c| {
                ("challenged_unassigned_court", crate::docket::ReviewCause::UnassignedCourt.to_find(), &c.row)
            }),
        )?;
        written.challenged_unassigned = rows;
        written.outputs.push(top_output(name, kind::CHALLENGED_UNASSIGNED, rows));
    }
    let name = "review-list.csv";
    let causes = docket.review.iter().map(|r| (r.cause.as_str(), r.cause.to_find(), &r.row));
    let rows = super::rows_csv(&dir.join(name), causes)?;
    written.outputs.push(top_output(name, kind::REVIEW_LIST, rows));

    // index.csv: every file in packets/ (but itself), with its kind.
    written.outputs.sort_by(|a, b| a.path.cmp(&b.path));
    let index_rows: Vec<[String; 7]> = written
        .outputs
        .iter()
        .map(|o| {
            [
                o.path.strip_prefix("packets/").unwrap_or(&o.path).to_owned(),
                o.kind.clone(),
                o.court.clone(),
                o.courthouse.clone(),
                o.relief.clone(),
                o.rows.map(|r| r.to_string()).unwrap_or_default(),
                o.pages.map(|p| p.to_string()).unwrap_or_default(),
            ]
        })
        .collect();
    super::write_csv(
        &dir.join("index.csv"),
        &["file", "kind", "court", "courthouse", "relief", "rows", "pages"],
        index_rows.iter(),
    )?;
    written.outputs.push(top_output("index.csv", kind::INDEX, index_rows.len() as u64));
    written.outputs.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(written)
}

fn top_output(name: &str, kind: &str, rows: u64) -> Output {
    Output {
        path: format!("packets/{name}"),
        kind: kind.to_owned(),
        pages: None,
        rows: Some(rows),
        court: String::new(),
        courthouse: String::new(),
        relief: String::new(),
    }
}

fn progress(options: &Options, len: usize) -> Option<indicatif::ProgressBar> {
    if !options.progress {
        return None;
    }
    let bar = indicatif::ProgressBar::new(len as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} rendering packets {pos}/{len} [{elapsed}]")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    Some(bar)
}

fn create_dir(folder: &Folder) -> Result<(), PacketError> {
    let path = folder.root.join(&folder.name);
    std::fs::create_dir_all(&path).map_err(|source| PacketError::Write { path, source })
}

/// One bulk packet: its folder with the motion, Exhibit A (in volumes when
/// large), the proposed order, the proof of service and the clerk CSV.
fn bulk_packet(
    packet: &Packet,
    challenged: usize,
    run: &RunContext,
    templates: &Templates,
    dir: &Path,
    options: &Options,
    written: &mut Written,
) -> Result<(), PacketError> {
    let court = &packet.court;
    let house = packet.courthouse.as_deref();
    let folder = Folder {
        root: dir,
        name: packet.stem.clone(),
        court: court.title.clone(),
        courthouse: house.map(|h| h.name.clone()).unwrap_or_default(),
        relief: packet.relief.map(|r| r.as_str().to_owned()).unwrap_or_else(|| "all".into()),
    };
    create_dir(&folder)?;
    let csv = "exhibit-a.csv";
    let rows = clerk_csv::write(packet, &folder.path(csv))?;
    written.outputs.push(folder.output(csv, kind::CLERK_CSV, None, Some(rows)));

    let mut ctx = run.context(court, house, Some(packet), challenged, None);
    let exhibit = ExhibitRows::of(packet, run.office.packets.exhibit_font());
    let volumes = write_exhibit(&exhibit, packet, &ctx, run, templates, &folder, options, written)?;
    insert_volumes(&mut ctx, &volumes.iter().map(|v| v.volume.clone()).collect::<Vec<_>>());

    // The proposed order's document model: the one source of the PDF below
    // and of any other copy of the order (the Word copy, kind `order_docx`,
    // is written from this `order` by `order_copies`).
    let [motion, order, service] = packet_documents(&ctx, templates)?;
    let title = |what: &str| metadata(run, format!("{what}: motion under HS 11361.8, {}", packet.id));
    order_copies(&folder, &order, &title("Proposed order"), rows, written)?;
    let kept = options.combined.then(|| (motion.clone(), order.clone(), service.clone()));
    let jobs = vec![
        FileJob {
            file: "01-motion.pdf".into(),
            kind: kind::MOTION,
            documents: vec![motion],
            meta: title("Notice of motion and motion"),
            rows,
        },
        FileJob {
            file: "03-proposed-order.pdf".into(),
            kind: kind::ORDER,
            documents: vec![order],
            meta: title("Proposed order"),
            rows,
        },
        FileJob {
            file: "04-proof-of-service.pdf".into(),
            kind: kind::SERVICE,
            documents: vec![service],
            meta: title("Proof of service"),
            rows,
        },
    ];
    let sizes = render_files(&folder, jobs, options, written)?;
    if let Some((motion, order, service)) = kept {
        // In filing order, grouped so that no part is larger than the cap
        // (each file fits; fonts are shared, so a group is no larger than
        // its files). A group's volumes are laid out when it is rendered.
        enum Piece {
            Document(Document),
            Volume(usize),
        }
        let mut pieces: Vec<(Piece, u64)> = vec![(Piece::Document(motion), sizes[0])];
        pieces.extend(volumes.iter().enumerate().map(|(i, v)| (Piece::Volume(i), v.bytes)));
        pieces.push((Piece::Document(order), sizes[1]));
        pieces.push((Piece::Document(service), sizes[2]));
        let mut groups: Vec<(Vec<Piece>, u64)> = Vec::new();
        for (piece, bytes) in pieces {
            match groups.last_mut() {
                Some(last) if last.1 + bytes <= options.max_file_bytes() => {
                    last.0.push(piece);
                    last.1 += bytes;
                }
                _ => groups.push((vec![piece], bytes)),
            }
        }
        let count = groups.len();
        for (i, (group, _)) in groups.into_iter().enumerate() {
            let mut documents = Vec::with_capacity(group.len());
            for piece in group {
                documents.push(match piece {
                    Piece::Document(doc) => doc,
                    Piece::Volume(v) => exhibit_document(&exhibit, &volumes[v].volume, &ctx, templates)?,
                });
            }
            let job = FileJob {
                file: combined_file(i, count),
                kind: kind::COMBINED,
                documents,
                meta: title("Printable packet"),
                rows,
            };
            render_files(&folder, vec![job], options, written)?;
        }
    }
    Ok(())
}

/// The papers of a bulk packet but its Exhibit A, from the packet's context
/// (`RunContext::context`, with the exhibit's volumes inserted): the motion,
/// the proposed order and the proof of service.
pub(super) fn packet_documents(ctx: &tera::Context, templates: &Templates) -> Result<[Document; 3], PacketError> {
    let none = markup::Parts::default();
    Ok([
        templates.document("motion.cm", ctx, &none)?,
        templates.document("order.cm", ctx, &none)?,
        templates.document("service.cm", ctx, &none)?,
    ])
}

/// The notice of challenged cases of one court (with Attachment 1) and its
/// proof of service.
pub(super) fn notice_documents(
    court: &Court,
    list: &[&Challenged],
    run: &RunContext,
    templates: &Templates,
) -> Result<(Document, Document), PacketError> {
    let ctx = run.context(court, None::<&Courthouse>, None, list.len(), None);
    let mut parts = markup::Parts::default();
    parts.tables.insert("challenged".into(), documents::challenged_table(list));
    let notice = templates.document("challenged.cm", &ctx, &parts)?;
    drop(parts);
    let service = templates.document("service.cm", &ctx, &markup::Parts::default())?;
    Ok((notice, service))
}

/// Per-case mode: the motion-and-order form of one case (a packet of one
/// case), its first count numbered `number`, with its bookmark.
pub(super) fn case_document(
    case: &Packet,
    number: u64,
    challenged: usize,
    run: &RunContext,
    templates: &Templates,
) -> Result<Document, PacketError> {
    let court = &case.court;
    let rows: Vec<&DocketRow> = case.rows.iter().collect();
    let ctx = run.context(court, case.courthouse.as_deref(), Some(case), challenged, Some(&rows));
    let mut parts = markup::Parts::default();
    parts.forms.insert("case".into(), documents::case_form(run.office, court, &rows, number, run.as_of));
    let mut doc = templates.document("form.cm", &ctx, &parts)?;
    let numbers = rows.first().map(|r| r.case_number.replace("; ", ", ")).unwrap_or_default();
    doc.bookmark = Some(format!("Case {numbers}"));
    Ok(doc)
}

/// Other copies of the proposed order, made from the same document model as
/// its PDF: the Word copy, `03-proposed-order.docx` (kind
/// [`kind::ORDER_DOCX`]), which courts such as Los Angeles ask for besides
/// the PDF. Same document, same words ([`render::docx`]).
fn order_copies(
    folder: &Folder,
    order: &Document,
    meta: &Metadata,
    rows: u64,
    written: &mut Written,
) -> Result<(), PacketError> {
    let file = "03-proposed-order.docx";
    let path = folder.path(file);
    render::docx::write_docx(std::slice::from_ref(order), meta, &path)
        .map_err(|source| PacketError::Write { path, source })?;
    written.outputs.push(folder.output(file, kind::ORDER_DOCX, None, Some(rows)));
    Ok(())
}

/// `packet.pdf`, or `packet-part-1-of-2.pdf`, ... when the whole packet
/// would be larger than the cap.
fn combined_file(index: usize, count: usize) -> String {
    if count == 1 { "packet.pdf".into() } else { format!("packet-part-{}-of-{count}.pdf", index + 1) }
}

/// Per-case mode: the one-page forms of one court (or courthouse), at most
/// [`CASES_PER_FILE`] cases (and the size cap) a folder.
#[allow(clippy::too_many_arguments)]
fn per_case_court(
    all_cases: &[Packet],
    challenged: usize,
    run: &RunContext,
    templates: &Templates,
    dir: &Path,
    options: &Options,
    used: &mut HashSet<String>,
    written: &mut Written,
) -> Result<(), PacketError> {
    let first = &all_cases[0];
    let court = &first.court;
    let house = first.courthouse.as_deref();
    let base = match house {
        Some(h) => format!("{}-{}-cases", stem::slug(&court.county), stem::slug(&h.name)),
        None => format!("{}-cases", stem::slug(&court.county)),
    };
    let mut per_file = CASES_PER_FILE;
    loop {
        let files = all_cases.len().div_ceil(per_file);
        let mut names = used.clone();
        let mut attempt = Written::default();
        let mut over: Option<(u64, usize)> = None;
        let mut folders = Vec::new();
        // Files rendered `threads` at a time (a court's forms are most of a
        // per-case run); each file's documents are built just before.
        let mut batch: Vec<(Folder, FileJob)> = Vec::new();
        for (part, cases) in all_cases.chunks(per_file).enumerate() {
            let base = if files > 1 { format!("{base}-{:03}", part + 1) } else { base.clone() };
            let name = stem::unique(&base, &mut names);
            let of = if files > 1 { format!(" / part {} of {files}", part + 1) } else { String::new() };
            let merged = Packet {
                id: format!("{} / {} / per case{of}", court.county, house.map_or("", |h| h.name.as_str())),
                stem: name.clone(),
                court: court.clone(),
                courthouse: first.courthouse.clone(),
                relief: None,
                part: 1,
                parts: 1,
                rows: cases.iter().flat_map(|p| p.rows.iter().cloned()).collect(),
            };
            let folder = Folder {
                root: dir,
                name,
                court: court.title.clone(),
                courthouse: house.map(|h| h.name.clone()).unwrap_or_default(),
                relief: "per case".into(),
            };
            create_dir(&folder)?;
            folders.push(folder.root.join(&folder.name));
            let mut documents = Vec::with_capacity(cases.len());
            let mut number = 1u64;
            for case in cases {
                documents.push(case_document(case, number, challenged, run, templates)?);
                number += case.rows.len() as u64;
            }
            let csv = "cases.csv";
            let rows = clerk_csv::write(&merged, &folder.path(csv))?;
            attempt.outputs.push(folder.output(csv, kind::CLERK_CSV, None, Some(rows)));
            let job = FileJob {
                file: "01-forms.pdf".into(),
                kind: kind::FORMS,
                documents,
                meta: metadata(run, format!("Motions and orders under HS 11361.8, per case: {}", merged.id)),
                rows,
            };
            batch.push((folder, job));
            if batch.len() < options.threads.max(1) && part + 1 < files {
                continue;
            }
            let (batch_folders, batch_jobs): (Vec<Folder>, Vec<FileJob>) =
                std::mem::take(&mut batch).into_iter().unzip();
            // One document per case: the most cases a file of the batch holds.
            let per_batch = batch_jobs.iter().map(|job| job.documents.len()).max().unwrap_or(1);
            match render_in_folders(batch_folders.iter().zip(batch_jobs).collect(), options, &mut attempt) {
                Ok(_) => {}
                Err(PacketError::TooLarge { megabytes, .. }) if per_batch > 1 => {
                    over = Some(((megabytes * 1e6) as u64, per_batch));
                    break;
                }
                Err(err) => return Err(err),
            }
        }
        match over {
            None => {
                *used = names;
                written.missing_characters += attempt.missing_characters;
                written.outputs.extend(attempt.outputs);
                return Ok(());
            }
            Some((bytes, cases)) => {
                // Too large: fewer cases a file, in proportion, and again.
                for folder in folders {
                    std::fs::remove_dir_all(&folder).map_err(|source| PacketError::Write { path: folder, source })?;
                }
                per_file = recut(cases, bytes, options.max_file_bytes());
            }
        }
    }
}

/// Exhibit A's rows with their outline marks — a bookmark per relief group
/// (level 1) and per initial letter of the name within it (level 2) — and
/// where each conviction's rows start, so the exhibit can be cut into
/// volumes at any conviction.
pub struct ExhibitRows {
    /// The table without its rows (columns, size, widths fixed over the
    /// whole exhibit so every volume looks the same).
    table: Table,
    rows: Vec<Row>,
    /// `lead[i]`: index in `rows` of the first row (heading or mark) that
    /// belongs to conviction `i`; `lead[n] = rows.len()`.
    lead: Vec<usize>,
    /// The group label and initial of each conviction.
    group: Vec<(usize, String)>,
    labels: Vec<String>,
}

/// The letter a name is filed under: its first letter without accents
/// (`Á` → `A`), upper case; `#` when it starts with no letter.
pub fn initial(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let Some(first) = name.chars().find(|c| c.is_alphanumeric()) else { return "#".into() };
    if !first.is_alphabetic() {
        return "#".into();
    }
    let base = first.to_string().nfd().next().unwrap_or(first);
    base.to_uppercase().collect()
}

impl ExhibitRows {
    /// Built from the packet's Exhibit A table ([`documents::exhibit_table`]),
    /// one `Cells` row per packet row, in packet order.
    pub fn of(packet: &Packet, size: f32) -> ExhibitRows {
        let mut table = documents::exhibit_table(packet, size);
        let geo = layout::Geometry::of(render::Paper::Plain);
        let widths = table
            .widths
            .clone()
            .unwrap_or_else(|| layout::column_widths(&table, geo.width(), layout::CELL_PAD, table.size));
        table.widths = Some(widths);
        let source = std::mem::take(&mut table.rows);
        let mut rows = Vec::with_capacity(source.len() + source.len() / 8);
        let mut lead = Vec::with_capacity(packet.rows.len() + 1);
        let mut group = Vec::with_capacity(packet.rows.len());
        let mut labels: Vec<String> = Vec::new();
        let mut letter: Option<String> = None;
        let mut start = 0usize;
        let mut convictions = packet.rows.iter();
        for row in source {
            match row {
                Row::Group(label) => {
                    rows.push(Row::Bookmark { title: label.clone(), level: 1 });
                    labels.push(label.clone());
                    rows.push(Row::Group(label));
                    letter = None;
                }
                Row::Bookmark { .. } => rows.push(row),
                Row::Cells { .. } => {
                    let name = convictions.next().map(|r| &*r.name).unwrap_or("");
                    let first = initial(name);
                    if letter.as_deref() != Some(first.as_str()) {
                        rows.push(Row::Bookmark { title: first.clone(), level: 2 });
                        letter = Some(first.clone());
                    }
                    lead.push(start);
                    group.push((labels.len().saturating_sub(1), first));
                    rows.push(row);
                    start = rows.len();
                }
            }
        }
        lead.push(rows.len());
        ExhibitRows { table, rows, lead, group, labels }
    }

    /// Convictions in the exhibit.
    pub fn len(&self) -> usize {
        self.group.len()
    }

    pub fn is_empty(&self) -> bool {
        self.group.is_empty()
    }

    /// The table of convictions `first..end` (0-based): a volume that starts
    /// inside a relief group repeats its heading "(continued)" and its
    /// initial's bookmark.
    pub fn table(&self, first: usize, end: usize) -> Table {
        let mut rows = Vec::with_capacity(self.lead[end] - self.lead[first] + 3);
        if first > 0 && first < self.len() {
            let lead_in = &self.rows[self.lead[first]..self.lead[first + 1]];
            let (g, letter) = &self.group[first];
            if !lead_in.iter().any(|r| matches!(r, Row::Group(_)))
                && let Some(label) = self.labels.get(*g)
            {
                let label = format!("{label} (continued)");
                rows.push(Row::Bookmark { title: label.clone(), level: 1 });
                rows.push(Row::Group(label));
            }
            if !lead_in.iter().any(|r| matches!(r, Row::Bookmark { level: 2, .. })) {
                rows.push(Row::Bookmark { title: letter.clone(), level: 2 });
            }
        }
        rows.extend_from_slice(&self.rows[self.lead[first]..self.lead[end]]);
        Table { rows, ..self.table.clone() }
    }
}

/// One volume written.
struct VolumeFile {
    volume: ExhibitVolume,
    bytes: u64,
}

/// The Exhibit A document of one volume (or the whole exhibit).
pub(super) fn exhibit_document(
    exhibit: &ExhibitRows,
    volume: &ExhibitVolume,
    ctx: &tera::Context,
    templates: &Templates,
) -> Result<Document, PacketError> {
    let mut c = ctx.clone();
    c.insert("volume", volume);
    let mut parts = markup::Parts::default();
    let table = exhibit.table(volume.first_row as usize - 1, volume.last_row as usize);
    parts.tables.insert("exhibit".into(), table);
    let mut doc = templates.document("exhibit.cm", &c, &parts)?;
    if doc.paper != render::Paper::Plain {
        // An office's template put the exhibit on other paper: the widths
        // fixed for plain paper do not fit; each volume measures its own.
        for block in &mut doc.blocks {
            if let render::Block::Table(t) = block {
                t.widths = None;
            }
        }
    }
    Ok(doc)
}

/// The volumes of `n` rows at most `per_volume` rows each, as even as can be.
fn cut(n: usize, per_volume: usize) -> Vec<ExhibitVolume> {
    let count = n.div_ceil(per_volume.max(1)).max(1);
    let size = n.div_ceil(count).max(1);
    let mut volumes: Vec<ExhibitVolume> = (0..count)
        .map(|i| ExhibitVolume {
            number: i as u32 + 1,
            of: count as u32,
            first_row: (i * size + 1) as u64,
            last_row: ((i + 1) * size).min(n) as u64,
        })
        .filter(|v| v.first_row <= v.last_row || n == 0)
        .collect();
    let of = volumes.len() as u32;
    volumes.iter_mut().for_each(|v| v.of = of);
    volumes
}

/// A file of `items` rows (or cases) came out `bytes` long, over `cap`:
/// the items a file holds next time, in proportion with 5% to spare, and
/// always fewer than before (at least 1), so the cutting ends.
fn recut(items: usize, bytes: u64, cap: u64) -> usize {
    let fit = (items as f64 * cap as f64 / bytes as f64 * 0.95) as usize;
    fit.clamp(1, items.saturating_sub(1).max(1))
}

/// `02-exhibit-a.pdf`, or `02-exhibit-a-vol-2-of-3.pdf`.
fn exhibit_file(volume: &ExhibitVolume) -> String {
    if volume.of <= 1 {
        "02-exhibit-a.pdf".into()
    } else {
        format!("02-exhibit-a-vol-{}-of-{}.pdf", volume.number, volume.of)
    }
}

/// Writes Exhibit A in as many volumes as the size cap needs; returns them.
#[allow(clippy::too_many_arguments)]
fn write_exhibit(
    exhibit: &ExhibitRows,
    packet: &Packet,
    ctx: &tera::Context,
    run: &RunContext,
    templates: &Templates,
    folder: &Folder,
    options: &Options,
    written: &mut Written,
) -> Result<Vec<VolumeFile>, PacketError> {
    let n = exhibit.len();
    let cap = options.max_file_bytes();
    let meta = |v: &ExhibitVolume| {
        let of = if v.of > 1 { format!(" (volume {} of {})", v.number, v.of) } else { String::new() };
        metadata(run, format!("Exhibit A{of}: motion under HS 11361.8, {}", packet.id))
    };
    let measure = |rows: usize| -> Result<u64, PacketError> {
        let v = ExhibitVolume { number: 1, of: 1, first_row: 1, last_row: rows as u64 };
        let doc = exhibit_document(exhibit, &v, ctx, templates)?;
        let mut sink = std::io::sink();
        let stats = render::render(std::slice::from_ref(&doc), &meta(&v), &mut sink)
            .map_err(|source| PacketError::Write { path: folder.path("02-exhibit-a.pdf"), source })?;
        Ok(stats.bytes)
    };
    // Rows a volume can hold: from the measured bytes of a sample (the
    // fixed part from one row, the bytes per row from PROBE_ROWS rows).
    let mut per_volume = if n <= PROBE_ROWS {
        n.max(1)
    } else {
        let one = measure(1)?;
        let probe = measure(PROBE_ROWS)?;
        let per_row = (probe.saturating_sub(one) as f64 / (PROBE_ROWS - 1) as f64).max(1.0);
        let room = (cap as f64 * 0.92 - one as f64).max(per_row);
        ((room / per_row) as usize).clamp(1, n)
    };
    loop {
        let volumes = cut(n, per_volume);
        let mut attempt = Written::default();
        let mut sizes: Vec<VolumeFile> = Vec::with_capacity(volumes.len());
        let mut largest: Option<(u64, usize)> = None;
        let threads = options.threads.max(1);
        for batch in volumes.chunks(threads) {
            let mut jobs = Vec::with_capacity(batch.len());
            for v in batch {
                jobs.push(FileJob {
                    file: exhibit_file(v),
                    kind: kind::EXHIBIT,
                    documents: vec![exhibit_document(exhibit, v, ctx, templates)?],
                    meta: meta(v),
                    rows: v.last_row + 1 - v.first_row,
                });
            }
            // Rendered without the cap, then checked here: a volume too
            // large means a smaller cut, not an error.
            let unlimited = Options { max_file: None, ..options.clone() };
            let bytes = render_files(folder, jobs, &unlimited, &mut attempt)?;
            for (v, b) in batch.iter().zip(bytes) {
                sizes.push(VolumeFile { volume: v.clone(), bytes: b });
                if b > cap && largest.is_none_or(|(most, _)| b > most) {
                    largest = Some((b, (v.last_row + 1 - v.first_row) as usize));
                }
            }
            if largest.is_some() {
                break;
            }
        }
        match largest {
            None => {
                written.missing_characters += attempt.missing_characters;
                written.outputs.extend(attempt.outputs);
                return Ok(sizes);
            }
            Some((bytes, rows)) => {
                for o in &attempt.outputs {
                    let file = o.path.rsplit('/').next().unwrap_or_default();
                    let path = folder.path(file);
                    std::fs::remove_file(&path).map_err(|source| PacketError::Write { path, source })?;
                }
                if rows <= 1 {
                    return Err(too_large(folder, &exhibit_file(&cut(n, 1)[0]), bytes, options));
                }
                per_volume = recut(rows, bytes, cap);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_drop_accents_and_case() {
        assert_eq!(initial("ÁLVAREZ, ANA"), "A");
        assert_eq!(initial("öztürk, e"), "O");
        assert_eq!(initial("  DE LA CRUZ"), "D");
        assert_eq!(initial("123"), "#");
        assert_eq!(initial(""), "#");
    }

    #[test]
    fn volumes_are_even_and_cover_every_row_once() {
        let v = cut(10_722, 4_000);
        assert_eq!(v.len(), 3);
        assert_eq!((v[0].first_row, v[0].last_row), (1, 3_574));
        assert_eq!((v[2].first_row, v[2].last_row), (7_149, 10_722));
        for pair in v.windows(2) {
            assert_eq!(pair[0].last_row + 1, pair[1].first_row);
        }
        assert_eq!(cut(5, 10).len(), 1);
        assert_eq!(exhibit_file(&v[1]), "02-exhibit-a-vol-2-of-3.pdf");
        assert_eq!(exhibit_file(&cut(5, 10)[0]), "02-exhibit-a.pdf");
    }

    #[test]
    fn a_volume_over_the_cap_is_cut_smaller_every_time() {
        assert_eq!(recut(1_000, 2_200_000, 2_000_000), 863);
        // Just over: still fewer rows.
        assert_eq!(recut(1_000, 2_000_001, 2_000_000), 949);
        assert_eq!(recut(1_000, 2_000_001, 2_000_000 * 2), 999, "never as many as before");
        assert_eq!(recut(2, 10_000_000, 1), 1);
    }
}
