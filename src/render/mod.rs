//! `render`: court papers as PDF — pleading paper, long tables and one-page
//! forms — from plain document content.
//!
//! Two stages, as in typst: [`layout`] turns [`Document`]s (blocks of
//! content, no PDF in sight) into [`Page`]s of positioned text, rules and
//! boxes, measured with the real font metrics; [`pdf`] only translates
//! those pages into a PDF file (pdf-writer, subsetter), page by page as
//! they are made, with embedded, subset fonts, an outline and fixed IDs.
//! Layout data can be inspected and tested without a PDF (geometry tests
//! check baselines, margins and overlaps).
//!
//! Never reads the wall clock: the only date in a file is the one the
//! caller passes in [`Metadata::date`]. The same input gives the same bytes.

pub mod docx;
/// Layout fixtures for the renderer's tests and benchmark; never papers.
#[doc(hidden)]
pub mod fixtures;
pub mod fonts;
pub mod layout;
pub mod markup;
pub mod pdf;
#[cfg(test)]
mod tests;

pub use fonts::Face;
pub use layout::{Item, Outline, Page, Rendered};
pub use pdf::{Metadata, PdfStats};

/// A run of text in one style.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Span {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
}

impl Span {
    pub fn plain(text: impl Into<String>) -> Span {
        Span { text: text.into(), bold: false, italic: false }
    }
    pub fn bold(text: impl Into<String>) -> Span {
        Span { text: text.into(), bold: true, italic: false }
    }
    pub fn italic(text: impl Into<String>) -> Span {
        Span { text: text.into(), bold: false, italic: true }
    }
    pub fn face(&self) -> Face {
        Face::Regular.with(self.bold, self.italic)
    }
}

/// Horizontal alignment of a paragraph's lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    Left,
    Center,
    Right,
    /// Lines stretched to both margins by spacing the words (the last line
    /// of a paragraph stays left-aligned).
    #[default]
    Justify,
}

/// Line spacing on pleading paper: double (one numbered line per text
/// line) or single (two text lines per numbered line).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Spacing {
    #[default]
    Double,
    Single,
}

/// A paragraph of styled text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Paragraph {
    pub spans: Vec<Span>,
    pub align: Align,
    pub spacing: Spacing,
    /// Extra indent of the first line, in points (0.5 in = 36 pt is usual).
    pub first_indent: f32,
    /// Indents of the whole paragraph from the text margins, in points.
    pub left_indent: f32,
    pub right_indent: f32,
    /// Never the last thing on a page (headings, introductions to a list).
    pub keep_with_next: bool,
}

impl Paragraph {
    /// A justified, double-spaced body paragraph with a half-inch first-line indent.
    pub fn body(spans: Vec<Span>) -> Paragraph {
        Paragraph { spans, first_indent: 36.0, ..Paragraph::default() }
    }
    /// A left-aligned paragraph with no indent.
    pub fn left(spans: Vec<Span>) -> Paragraph {
        Paragraph { spans, align: Align::Left, ..Paragraph::default() }
    }
}

/// The first-page caption of a pleading (CRC 2.111).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Caption {
    /// Lines 1–7, at the left: attorney, State Bar number, address, phone,
    /// e-mail, "Attorney for the People". The right side stays blank.
    pub attorney: Vec<String>,
    /// Line 8: the court's title (one or two lines).
    pub court: Vec<String>,
    /// Left box: the parties ("THE PEOPLE OF THE STATE OF CALIFORNIA, ...").
    pub parties: Vec<String>,
    /// Right box, first: "Case No. ...".
    pub case_number: Vec<String>,
    /// Right box: the nature of the paper, in bold.
    pub title: String,
    /// Right box, last: hearing date, time, department, if any.
    pub hearing: Vec<String>,
}

/// A table column.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub header: String,
    /// Width limits in points; the layout picks a width between them from
    /// the content and the space available.
    pub min_width: f32,
    pub max_width: f32,
    pub align: Align,
    /// The cells are names (`SURNAME,GIVEN NAMES`): a name too long for one
    /// line breaks at its comma when the surname fits on a line, so the
    /// given names stay together ("DEMOGRAPHO," / "ECHO T", never
    /// "DEMOGRAPHO,ECHO" / "T").
    pub names: bool,
}

impl Column {
    pub fn new(header: impl Into<String>, min_width: f32, max_width: f32) -> Column {
        Column { header: header.into(), min_width, max_width, align: Align::Left, names: false }
    }
    /// The same column, holding names (see [`Column::names`]).
    pub fn of_names(self) -> Column {
        Column { names: true, ..self }
    }
}

/// A row of a table.
#[derive(Debug, Clone, PartialEq)]
pub enum Row {
    /// Cells, one per column (without the row-number column). Cells wrap;
    /// `\n` forces a line break inside a cell.
    Cells { number: Option<u64>, cells: Vec<String> },
    /// A full-width group heading (e.g. "Dismissal and sealing"), kept with
    /// the row that follows it.
    Group(String),
    /// An outline entry (level 1 = section, 2 = item) at the page where the
    /// next row lands; takes no space (Exhibit A's relief groups and initials).
    Bookmark { title: String, level: u8 },
}

/// A table that may run over hundreds of pages: the header repeats on every
/// page, rows are never split across pages.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    /// Header of the row-number column; `None` = no row numbers.
    pub number_header: Option<String>,
    /// Text size in points (line pitch is 1.2×, or the pleading line on pleading paper).
    pub size: f32,
    /// Shade every other row.
    pub zebra: bool,
    /// Column widths in points (row-number column first), when fixed by
    /// the caller; `None` = from the content (see `layout::column_widths`).
    /// [`volumes`] fixes them so every volume of an exhibit looks the same.
    pub widths: Option<Vec<f32>>,
}

impl Table {
    /// Where a form's overflow table is cut: the index of the first row past
    /// `max_rows` rows of cells (group and bookmark rows ride along), or
    /// the whole table when it fits.
    pub fn overflow_cut(&self, max_rows: usize) -> usize {
        let mut count = 0usize;
        for (k, row) in self.rows.iter().enumerate() {
            if matches!(row, Row::Cells { .. }) {
                if count == max_rows {
                    return k;
                }
                count += 1;
            }
        }
        self.rows.len()
    }
}

/// One line of a signature block.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Signature {
    /// Printed left of the signature ("Dated: December 2, 2026"); an empty
    /// string draws "Dated:" and a blank line to write on.
    pub date: String,
    /// Above the line ("Respectfully submitted,").
    pub intro: Vec<String>,
    /// Under the line: name, title, office.
    pub signer: Vec<String>,
    /// On the line: `/s/ NAME` (an electronic signature, CRC 2.257), `By:`;
    /// empty for a line to sign on.
    pub signed: String,
}

/// Parts of a one-page form. Everything is drawn into the page (vector check
/// marks, ruled lines with text on them): nothing depends on a viewer's form
/// fields or a symbol font.
#[derive(Debug, Clone, PartialEq)]
pub enum FormItem {
    /// A paragraph of text at the form's size.
    Text(Vec<Span>),
    /// A check box and its label; `indent` in points.
    Check { checked: bool, label: Vec<Span>, indent: f32 },
    /// Check boxes side by side, each with a short label ("HS 11357 ×2"),
    /// running onto another line when the line is full.
    CheckRow(Vec<(bool, String)>),
    /// A row of fill-in fields: a label, then a rule with the value on it.
    /// Widths are fractions of the line.
    Fields(Vec<Field>),
    /// A ruled box with an optional title bar around other items.
    Boxed { title: Option<String>, items: Vec<FormItem> },
    /// A signature line (with a date line at its left when `date` is set);
    /// `label` is printed under it, `\n` starting a new line (the signer's
    /// printed name, then the title); `signed` is printed on the line
    /// (`/s/ NAME`, an electronic signature, CRC 2.257), empty for a line
    /// to sign on.
    SignatureLine { label: String, date: Option<String>, signed: String },
    /// A table that holds at most `max_rows` rows on the form; the rest go
    /// to an attachment page after the form, with the header repeated. The
    /// attachment page is headed "Attachment N: `attachment_title`" (which
    /// names the person and the case, so a loose page is still findable;
    /// `\n` starts a new line); the form says "N more — continued on
    /// Attachment N".
    Overflow { table: Table, max_rows: usize, attachment_title: String },
    /// Vertical space, in points.
    Space(f32),
}

/// A fill-in field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub label: String,
    pub value: String,
    pub width: f32,
}

/// A block of a document.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Caption(Caption),
    /// A heading: bold, kept with what follows; `outline` adds it to the bookmarks.
    Heading {
        text: String,
        centered: bool,
        outline: bool,
    },
    Paragraph(Paragraph),
    /// A list item: its label ("1.", "(a)") hangs in the indent.
    ListItem {
        label: String,
        spans: Vec<Span>,
    },
    /// Statute text: single-spaced, indented on both sides.
    Quote(Vec<Span>),
    Table(Table),
    Form(Vec<FormItem>),
    Signature(Signature),
    /// Blocks that never start at the bottom of one page and end on the next.
    KeepTogether(Vec<Block>),
    /// A bookmark at this point (level 1 = section, 2 = item such as a case).
    Bookmark {
        title: String,
        level: u8,
    },
    /// A horizontal bar chart: a label and a count a bar, drawn as
    /// rectangles scaled to the largest count.
    Bars {
        title: String,
        bars: Vec<(String, u64)>,
    },
    /// Empty lines (single-spaced lines on pleading paper).
    Space(u32),
    PageBreak,
}

/// The kind of paper.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Paper {
    /// Pleading paper (CRC 2.100–2.119): 28 numbered lines, rules, footer.
    #[default]
    Pleading,
    /// Letter pages with margins and the footer only: exhibits and forms.
    Plain,
}

/// One paper: it starts on a new page, numbers its own pages and is one
/// entry of the outline.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    /// The paper's title, in the footer of every page and the outline.
    pub title: String,
    pub paper: Paper,
    /// A line at the top of every page (e.g. "CONFIDENTIAL").
    pub header: Option<String>,
    /// The number of its first page (volumes of a long exhibit continue).
    pub first_page: u32,
    /// Its outline entry when not its title (a per-case form: "Case SF-123").
    pub bookmark: Option<String>,
    pub blocks: Vec<Block>,
}

impl Document {
    pub fn new(title: impl Into<String>, paper: Paper) -> Document {
        Document { title: title.into(), paper, header: None, first_page: 1, bookmark: None, blocks: Vec::new() }
    }
    pub fn push(&mut self, block: Block) -> &mut Document {
        self.blocks.push(block);
        self
    }
}

/// Lays out `documents` and writes them as one PDF file (shared fonts,
/// one outline entry per document) to `out`, each page as it is made.
pub fn render<W: std::io::Write>(documents: &[Document], meta: &Metadata, out: &mut W) -> std::io::Result<PdfStats> {
    let (_, stats) = pdf::write(documents, meta, std::io::BufWriter::with_capacity(1 << 16, out))?;
    Ok(stats)
}

/// Like [`render`], into a file written atomically (a temporary file in the
/// same directory, renamed into place when complete: a crash never leaves a
/// half-written PDF under the final name).
pub fn render_file(documents: &[Document], meta: &Metadata, path: &std::path::Path) -> std::io::Result<PdfStats> {
    let file = crate::output::AtomicFile::create(path)?;
    let (file, stats) = pdf::write(documents, meta, file)?;
    file.commit()?;
    Ok(stats)
}

/// One PDF file to write: its documents and information.
#[derive(Debug, Clone)]
pub struct Job {
    pub path: std::path::PathBuf,
    pub documents: Vec<Document>,
    pub meta: Metadata,
}

/// Writes several files at once, on up to `threads` threads (each file is
/// laid out and written by one thread, so memory is bounded by `threads`
/// files at a time, not by the whole run). Results come back in job order.
pub fn render_all(jobs: &[Job], threads: usize) -> Vec<std::io::Result<PdfStats>> {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<std::io::Result<PdfStats>>>> = Mutex::new((0..jobs.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..threads.clamp(1, jobs.len().max(1)) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(job) = jobs.get(i) else { break };
                    let result = render_file(&job.documents, &job.meta, &job.path);
                    results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(result);
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err(std::io::Error::other("a rendering thread stopped"))))
        .collect()
}

/// Splits a document holding a long table into volumes of at most
/// `max_rows` table rows each, every volume a complete document: the blocks
/// before the table open the first volume, the blocks after it close the
/// last; group headings are repeated ("(continued)") where a group runs
/// over into the next volume; row numbers continue. Each volume is
/// paginated from the document's first page, as the packets' volume files
/// are; [`continue_page_numbers`] numbers them on from one to the next.
pub fn volumes(document: &Document, max_rows: usize) -> Vec<Document> {
    let Some(at) = document.blocks.iter().position(|b| matches!(b, Block::Table(_))) else {
        return vec![document.clone()];
    };
    let Block::Table(table) = &document.blocks[at] else { unreachable!("found above") };
    let max_rows = max_rows.max(1);
    let mut parts: Vec<Vec<Row>> = vec![Vec::new()];
    let mut in_part = 0usize;
    let mut group: Option<String> = None;
    for row in &table.rows {
        match row {
            Row::Group(label) => {
                group = Some(label.clone());
                parts.last_mut().expect("never empty").push(row.clone());
            }
            Row::Bookmark { .. } => parts.last_mut().expect("never empty").push(row.clone()),
            Row::Cells { .. } => {
                if in_part == max_rows {
                    let mut next = Vec::new();
                    if let Some(label) = &group {
                        next.push(Row::Group(format!("{label} (continued)")));
                    }
                    parts.push(next);
                    in_part = 0;
                }
                parts.last_mut().expect("never empty").push(row.clone());
                in_part += 1;
            }
        }
    }
    if parts.len() == 1 {
        return vec![document.clone()];
    }
    let count = parts.len();
    let geo = layout::Geometry::of(document.paper);
    let widths = Some(
        table.widths.clone().unwrap_or_else(|| layout::column_widths(table, geo.width(), layout::CELL_PAD, table.size)),
    );
    let out: Vec<Document> = parts
        .into_iter()
        .enumerate()
        .map(|(i, rows)| {
            let mut doc = document.clone();
            let mut blocks = Vec::new();
            if i == 0 {
                blocks.extend_from_slice(&document.blocks[..at]);
            }
            blocks.push(Block::Table(Table { rows, widths: widths.clone(), ..table.clone() }));
            if i + 1 == count {
                blocks.extend_from_slice(&document.blocks[at + 1..]);
            }
            doc.blocks = blocks;
            doc.title = format!("{} (VOLUME {} OF {count})", document.title, i + 1);
            doc
        })
        .collect();
    out
}

/// Page numbers that continue from one volume to the next: each volume is
/// laid out once more to count its pages.
pub fn continue_page_numbers(volumes: &mut [Document]) {
    let Some(first) = volumes.first() else { return };
    let mut next = first.first_page.max(1);
    for doc in volumes {
        doc.first_page = next;
        next += layout::count_pages(std::slice::from_ref(doc)) as u32;
    }
}
