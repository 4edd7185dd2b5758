//! Word output: the same [`Document`]s the PDF is made from, written as a
//! `.docx` through docx-rs — one source, two writers.
//!
//! The Word copy carries the same words in the same order as the PDF, in
//! 12 pt Times New Roman on letter paper with the pleading margins; Word
//! numbers the lines of pleading paper itself (`w:lnNumType`, restarting on
//! each page) rather than drawing the 28 numbers, and the page number and
//! the paper's title sit in the footer. Check boxes are the characters
//! ☐ and ☒, signature and date lines are underlined tabs (no underscores in
//! the text).
//!
//! What docx-rs leaves open is fixed here so the same documents always give
//! the same bytes: every paragraph gets its id from a counter of this file,
//! bookmarks are numbered here, the package properties (`docProps/core.xml`)
//! are written from [`Metadata`] with its date as both creation and
//! modification date (never the clock), and the zip entries carry the zip
//! format's fixed default time (docx-rs's `zip` is built without its `time`
//! feature; a test checks the entries). Two things docx-rs cannot express
//! are added to its XML: line numbering in the section properties, and
//! `w:tblHeader` on table header rows so the header repeats on every page.
//!
//! A file holds one section: every document after the first starts on a
//! new page, and the footer names the first document's title. The packet
//! writes one paper per Word file.

use std::io::{self, Cursor};
use std::path::Path;

use docx_rs::{
    AlignmentType, BorderType, BreakType, Docx, Footer, Header, LineSpacing, LineSpacingType, PageMargin, PageNum,
    Paragraph as WPara, ParagraphBorder, ParagraphBorderPosition, ParagraphBorders, Run, RunFonts, Shading, ShdType,
    SpecialIndentType, Tab, TabValueType, Table as WTable, TableCell, TableCellBorder, TableCellBorderPosition,
    TableCellBorders, TableCellMargins, TableLayoutType, TableRow, WidthType,
};

use super::layout::{CHECK_CHECKED, CHECK_EMPTY, FOOTER_SIZE, TEXT_SIZE};
use super::{
    Align, Block, Caption, Document, Field, FormItem, Metadata, Paper, Paragraph, Row, Signature, Spacing, Span, Table,
};

/// The face of every run.
pub const FONT: &str = "Times New Roman";
/// Letter paper, in twentieths of a point.
const PAGE_W: u32 = 12_240;
const PAGE_H: u32 = 15_840;
/// Marks a header row until the XML is written (see [`mark_header_rows`]).
const HEADER_MARK: u32 = 4_321;

fn twips(pt: f32) -> i32 {
    (pt * 20.0).round() as i32
}

fn half_points(pt: f32) -> usize {
    (pt * 2.0).round().max(2.0) as usize
}

/// The Word copy of `documents` as bytes.
pub fn to_bytes(documents: &[Document], meta: &Metadata) -> io::Result<Vec<u8>> {
    let paper = documents.first().map(|d| d.paper).unwrap_or_default();
    let page = PageSetup::of(paper);
    let mut writer = Writer { page, children: Vec::new(), break_before: false, bookmarks: 0, keep_depth: 0 };
    for (i, doc) in documents.iter().enumerate() {
        if i > 0 {
            writer.break_before = true;
        }
        writer.document(doc);
    }
    let mut docx = Docx::new()
        .page_size(PAGE_W, PAGE_H)
        .page_margin(page.margin())
        .default_fonts(RunFonts::new().ascii(FONT).hi_ansi(FONT).cs(FONT).east_asia(FONT))
        .default_size(half_points(TEXT_SIZE))
        .default_tab_stop(720);
    if let Some(first) = documents.first() {
        docx = docx.footer(footer(first));
        if let Some(text) = &first.header {
            let p = WPara::new()
                .align(AlignmentType::Center)
                .add_run(text_run(text.as_str()).bold().size(half_points(FOOTER_SIZE)));
            docx = docx.header(Header::new().add_paragraph(p.id(para_id(0))));
        }
        if first.first_page > 1 {
            docx = docx.page_num_type(docx_rs::PageNumType::new().start(first.first_page));
        }
    }
    // 0–2: header and footer.
    let mut n = 2;
    for child in writer.children {
        docx = match child {
            Child::P(p) => {
                n += 1;
                docx.add_paragraph(p.id(para_id(n)))
            }
            Child::T(t) => docx.add_table(number_tables(*t, &mut n)),
            Child::BookmarkStart(id, name) => docx.add_bookmark_start(id, name),
            Child::BookmarkEnd(id) => docx.add_bookmark_end(id),
        };
    }
    let mut xml = docx.build();
    let mut document = String::from_utf8(xml.document).map_err(io::Error::other)?;
    if paper == Paper::Pleading {
        document = line_numbering(&document)?;
    }
    xml.document = references_first(&mark_header_rows(&document)).into_bytes();
    xml.doc_props.core = core_xml(meta).into_bytes();
    for part in xml.headers.iter_mut().chain(xml.footers.iter_mut()) {
        *part = unnumbered(part);
    }
    let mut out = Cursor::new(Vec::new());
    xml.pack(&mut out).map_err(io::Error::other)?;
    Ok(out.into_inner())
}

/// Like [`to_bytes`], into a file written atomically.
pub fn write_docx(documents: &[Document], meta: &Metadata, path: &Path) -> io::Result<()> {
    let bytes = to_bytes(documents, meta)?;
    crate::output::write_atomic(path, &bytes)
}

/// Paragraph ids (`w14:paraId`): hex, below 0x80000000, and above the ones
/// docx-rs numbers itself from 1.
fn para_id(n: usize) -> String {
    format!("{:08X}", 0x1000_0000 + n)
}

/// Gives every paragraph of a table (nested ones too) its id.
fn number_tables(table: WTable, n: &mut usize) -> WTable {
    let mut table = table;
    for row in &mut table.rows {
        let docx_rs::TableChild::TableRow(row) = row;
        for cell in &mut row.cells {
            let docx_rs::TableRowChild::TableCell(cell) = cell;
            for content in &mut cell.children {
                match content {
                    docx_rs::TableCellContent::Paragraph(p) => {
                        *n += 1;
                        p.id = para_id(*n);
                    }
                    docx_rs::TableCellContent::Table(inner) => {
                        **inner = number_tables(std::mem::replace(&mut **inner, WTable::new(vec![])), n);
                    }
                    _ => {}
                }
            }
        }
    }
    table
}

/// Adds the pleading rules and line numbers, restarting on each page, to
/// the section properties (after `w:pgMar`, where the schema puts
/// `w:pgBorders` and `w:lnNumType`).
fn line_numbering(document: &str) -> io::Result<String> {
    let at = document.rfind("<w:pgMar").ok_or_else(|| io::Error::other("docx: no page margins in the section"))?;
    let end = at + document[at..].find("/>").ok_or_else(|| io::Error::other("docx: unclosed w:pgMar"))? + 2;
    let mut out = String::with_capacity(document.len() + 80);
    out.push_str(&document[..end]);
    // The double rule left of the text and the single rule at its right, and
    // the numbers ending 20 pt left of the text, as on the PDF's pleading paper.
    out.push_str(concat!(
        r#"<w:pgBorders w:offsetFrom="text">"#,
        r#"<w:left w:val="double" w:sz="4" w:space="8" w:color="auto" />"#,
        r#"<w:right w:val="single" w:sz="4" w:space="8" w:color="auto" />"#,
        "</w:pgBorders>",
        r#"<w:lnNumType w:countBy="1" w:distance="400" w:restart="newPage" />"#,
    ));
    out.push_str(&document[end..]);
    Ok(out)
}

/// Turns the header rows' marker (a row height no real row has) into
/// `w:tblHeader`, which docx-rs cannot write: Word repeats those rows at
/// the top of every page the table runs onto.
fn mark_header_rows(document: &str) -> String {
    let marker = format!(r#"<w:trHeight w:val="{HEADER_MARK}""#);
    let mut out = String::with_capacity(document.len());
    let mut rest = document;
    while let Some(at) = rest.find(&marker) {
        out.push_str(&rest[..at]);
        out.push_str("<w:tblHeader />");
        let end = rest[at..].find("/>").map_or(rest.len(), |e| at + e + 2);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Header and footer paragraphs are not counted in the line numbers
/// (Word never counts them; LibreOffice does unless told).
fn unnumbered(part: &[u8]) -> Vec<u8> {
    String::from_utf8_lossy(part).replace("<w:pPr>", "<w:pPr><w:suppressLineNumbers />").into_bytes()
}

/// Puts the header and footer references first in the section properties,
/// where the schema (and Word) expects them (docx-rs writes them last), and
/// the page-number start before the columns.
fn references_first(document: &str) -> String {
    let Some(start) = document.rfind("<w:sectPr>") else { return document.to_owned() };
    let Some(end) = document[start..].find("</w:sectPr>").map(|e| start + e) else { return document.to_owned() };
    let body = &document[start + "<w:sectPr>".len()..end];
    let mut references = String::new();
    let mut numbering = String::new();
    let mut others = String::new();
    let mut rest = body;
    while let Some(at) = rest.find('<') {
        others.push_str(&rest[..at]);
        let close = rest[at..].find("/>").map_or(rest.len(), |e| at + e + 2);
        let element = &rest[at..close];
        if element.starts_with("<w:headerReference") || element.starts_with("<w:footerReference") {
            references.push_str(element);
        } else if element.starts_with("<w:pgNumType") {
            numbering.push_str(element);
        } else {
            others.push_str(element);
        }
        rest = &rest[close..];
    }
    others.push_str(rest);
    // The page-number start goes before the columns, as the schema orders them.
    if let Some(cols) = others.find("<w:cols") {
        others.insert_str(cols, &numbering);
    } else {
        others.push_str(&numbering);
    }
    format!("{}<w:sectPr>{references}{others}{}", &document[..start], &document[end..])
}

fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if (c as u32) < 0x20 && c != '\t' && c != '\n' && c != '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// `docProps/core.xml` from the metadata: title, author, subject,
/// keywords; the caller's date (never the clock) as created and modified.
fn core_xml(meta: &Metadata) -> String {
    let mut x = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
    );
    let mut element = |name: &str, value: &str| {
        if !value.is_empty() {
            x.push_str(&format!("<{name}>{}</{name}>", escape_xml(value)));
        }
    };
    element("dc:title", &meta.title);
    element("dc:subject", &meta.subject);
    element("dc:creator", &meta.author);
    element("cp:keywords", &meta.keywords.join(", "));
    element("cp:lastModifiedBy", &meta.author);
    element("cp:revision", "1");
    if let Some(date) = meta.date {
        let stamp = date.format("%Y-%m-%dT00:00:00Z").to_string();
        x.push_str(&format!(r#"<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>"#));
        x.push_str(&format!(r#"<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>"#));
    }
    x.push_str("</cp:coreProperties>");
    x
}

/// A 0.75 pt rule on one side of a paragraph (and no other borders).
fn rule(position: ParagraphBorderPosition) -> ParagraphBorders {
    ParagraphBorders::with_empty().set(ParagraphBorder::new(position).val(BorderType::Single).size(6).space(1))
}

/// Page number, a rule, and the paper's title (CRC 2.110) at the foot of every page.
fn footer(doc: &Document) -> Footer {
    let number = WPara::new().align(AlignmentType::Center).add_page_num(PageNum::new()).id(para_id(1));
    let mut title =
        WPara::new().align(AlignmentType::Center).add_run(text_run(doc.title.as_str()).size(half_points(FOOTER_SIZE)));
    title.property = title.property.set_borders(rule(ParagraphBorderPosition::Top));
    Footer::new().add_paragraph(number).add_paragraph(title.id(para_id(2)))
}

/// Margins and line pitches of a kind of paper (as `layout::Geometry`).
#[derive(Debug, Clone, Copy)]
struct PageSetup {
    pleading: bool,
    /// Text margins, in points.
    left: f32,
    right: f32,
}

impl PageSetup {
    fn of(paper: Paper) -> PageSetup {
        match paper {
            // Text from 1.17 in (CRC: at least 1 in) to 0.63 in from the right (at least 0.5 in).
            Paper::Pleading => PageSetup { pleading: true, left: 84.0, right: 45.0 },
            Paper::Plain => PageSetup { pleading: false, left: 72.0, right: 45.0 },
        }
    }

    fn margin(&self) -> PageMargin {
        PageMargin {
            top: 1_160,
            left: twips(self.left),
            bottom: 1_300,
            right: twips(self.right),
            header: 620,
            footer: 360,
            gutter: 0,
        }
    }

    /// Width of the text, in twips.
    fn width(&self) -> i32 {
        PAGE_W as i32 - twips(self.left) - twips(self.right)
    }

    /// Distance between baselines, in twips.
    fn pitch(&self, spacing: Spacing) -> i32 {
        match (self.pleading, spacing) {
            (true, Spacing::Double) => 480,
            (true, Spacing::Single) => 240,
            (false, Spacing::Double) => 360,
            (false, Spacing::Single) => 280,
        }
    }
}

/// A body-level element, in order.
enum Child {
    P(Box<WPara>),
    T(Box<WTable>),
    BookmarkStart(usize, String),
    BookmarkEnd(usize),
}

struct Writer {
    page: PageSetup,
    children: Vec<Child>,
    /// The next paragraph starts a page.
    break_before: bool,
    bookmarks: usize,
    /// Inside a keep-together group: paragraphs keep with the next.
    keep_depth: usize,
}

/// Text as Word may hold it: what the PDF does not draw (invisible controls
/// such as a right-to-left override, and characters XML cannot carry) is
/// left out too; tabs and line breaks inside a value become spaces.
fn clean(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\t' | '\n' | '\r' => Some(' '),
            '\u{FFFE}' | '\u{FFFF}' => None,
            c if super::fonts::is_invisible_control(c) => None,
            c => Some(c),
        })
        .collect()
}

/// A run of plain text.
fn text_run(text: impl AsRef<str>) -> Run {
    Run::new().add_text(clean(text.as_ref()))
}

fn run(span: &Span, size: f32) -> Run {
    let mut r = text_run(span.text.as_str()).size(half_points(size));
    if span.bold {
        r = r.bold();
    }
    if span.italic {
        r = r.italic();
    }
    r
}

fn alignment(align: Align) -> AlignmentType {
    match align {
        Align::Left => AlignmentType::Left,
        Align::Center => AlignmentType::Center,
        Align::Right => AlignmentType::Right,
        Align::Justify => AlignmentType::Both,
    }
}

/// A check box label as a run: the box characters are not in Times New
/// Roman, so they name a symbol face Word and LibreOffice both find.
fn check_run(checked: bool, size: f32) -> Run {
    let symbol = "Segoe UI Symbol";
    Run::new()
        .add_text(if checked { CHECK_CHECKED } else { CHECK_EMPTY })
        .size(half_points(size))
        .fonts(RunFonts::new().ascii(symbol).hi_ansi(symbol).cs(symbol).east_asia(symbol))
}

fn is_check(label: &str) -> Option<bool> {
    match label {
        CHECK_EMPTY => Some(false),
        CHECK_CHECKED => Some(true),
        _ => None,
    }
}

impl Writer {
    /// A paragraph with exact line spacing and no space around it.
    fn para(&self, spacing: Spacing) -> WPara {
        self.para_pitch(self.page.pitch(spacing))
    }

    fn para_pitch(&self, pitch: i32) -> WPara {
        WPara::new()
            .line_spacing(LineSpacing::new().line_rule(LineSpacingType::Exact).line(pitch).before(0).after(0))
            .widow_control(true)
    }

    fn push(&mut self, mut p: WPara) {
        if self.break_before {
            p = p.page_break_before(true);
            self.break_before = false;
        }
        if self.keep_depth > 0 {
            p = p.keep_next(true).keep_lines(true);
        }
        self.children.push(Child::P(Box::new(p)));
    }

    fn push_table(&mut self, t: WTable) {
        if self.break_before {
            let p = self.para(Spacing::Single).add_run(Run::new().add_break(BreakType::Page));
            self.break_before = false;
            self.children.push(Child::P(Box::new(p)));
        }
        self.children.push(Child::T(Box::new(t)));
    }

    fn empty_lines(&mut self, n: u32, spacing: Spacing) {
        for _ in 0..n {
            let p = self.para(spacing);
            self.push(p);
        }
    }

    fn document(&mut self, doc: &Document) {
        if let Some(mark) = &doc.bookmark {
            self.bookmark(mark);
        }
        for block in &doc.blocks {
            self.block(block);
        }
    }

    fn bookmark(&mut self, title: &str) {
        self.bookmarks += 1;
        // Word: at most 40 characters, letters, digits and underscores, a letter first.
        let mut name: String = format!("cm{}_", self.bookmarks);
        for c in title.chars() {
            if name.len() >= 40 {
                break;
            }
            name.push(if c.is_ascii_alphanumeric() { c } else { '_' });
        }
        self.children.push(Child::BookmarkStart(self.bookmarks, name));
        self.children.push(Child::BookmarkEnd(self.bookmarks));
    }

    fn block(&mut self, block: &Block) {
        match block {
            Block::Caption(c) => self.caption(c),
            Block::Heading { text, centered, outline } => {
                let mut p = self
                    .para(Spacing::Double)
                    .align(if *centered { AlignmentType::Center } else { AlignmentType::Left })
                    .keep_next(true)
                    .add_run(run(&Span::bold(text.clone()), TEXT_SIZE));
                if *outline {
                    p = p.outline_lvl(0);
                }
                self.push(p);
            }
            Block::Paragraph(p) => self.paragraph(p),
            Block::ListItem { label, spans } => {
                // The label hangs at +0.5 in, the text at +1 in (as the PDF's layout).
                let mut p = self.para(Spacing::Double).align(AlignmentType::Both).indent(
                    Some(1440),
                    Some(SpecialIndentType::Hanging(720)),
                    None,
                    None,
                );
                p = match is_check(label) {
                    Some(checked) => p.add_run(check_run(checked, TEXT_SIZE)),
                    None => p.add_run(text_run(label.as_str())),
                };
                p = p.add_run(Run::new().add_tab());
                for s in spans {
                    p = p.add_run(run(s, TEXT_SIZE));
                }
                self.push(p);
            }
            Block::Quote(spans) => {
                let mut p = self
                    .para(Spacing::Single)
                    .align(AlignmentType::Both)
                    .indent(Some(720), None, Some(720), None)
                    .line_spacing(
                        LineSpacing::new()
                            .line_rule(LineSpacingType::Exact)
                            .line(self.page.pitch(Spacing::Single))
                            .before(0)
                            .after(self.page.pitch(Spacing::Single) as u32),
                    );
                for s in spans {
                    p = p.add_run(run(s, TEXT_SIZE));
                }
                self.push(p);
            }
            Block::Table(t) => self.table(t),
            Block::Form(items) => {
                let mut attachments = Vec::new();
                for item in items {
                    self.form_item(item, 0, &mut attachments);
                }
                for (title, table) in attachments {
                    self.break_before = true;
                    let p = self
                        .para(Spacing::Double)
                        .align(AlignmentType::Center)
                        .add_run(run(&Span::bold(title), TEXT_SIZE));
                    self.push(p);
                    self.table(&table);
                }
            }
            Block::Signature(s) => self.signature(s),
            Block::KeepTogether(blocks) => {
                let start = self.children.len();
                self.keep_depth += 1;
                for b in blocks {
                    self.block(b);
                }
                self.keep_depth -= 1;
                // The group's last paragraph need not keep with what follows.
                if self.keep_depth == 0
                    && self.children.len() > start
                    && let Some(Child::P(p)) = self.children.last_mut()
                {
                    let last = std::mem::replace(&mut **p, WPara::new());
                    **p = last.keep_next(false);
                }
            }
            Block::Bookmark { title, .. } => self.bookmark(title),
            Block::Bars { title, bars } => {
                let p = self.para(Spacing::Double).keep_next(true).add_run(run(&Span::bold(title.clone()), TEXT_SIZE));
                self.push(p);
                for (label, count) in bars {
                    let p = self
                        .para(Spacing::Single)
                        .add_tab(Tab::new().val(TabValueType::Right).pos((self.page.width() / 2) as usize))
                        .add_run(text_run(label.as_str()))
                        .add_run(Run::new().add_tab())
                        .add_run(text_run(count.to_string()));
                    self.push(p);
                }
            }
            Block::Space(n) => self.empty_lines(*n, Spacing::Single),
            Block::PageBreak => {
                if !self.children.is_empty() {
                    self.break_before = true;
                }
            }
        }
    }

    fn paragraph(&mut self, p: &Paragraph) {
        let special = (p.first_indent != 0.0).then(|| SpecialIndentType::FirstLine(twips(p.first_indent)));
        let mut w = self.para(p.spacing).align(alignment(p.align)).indent(
            Some(twips(p.left_indent)),
            special,
            Some(twips(p.right_indent)),
            None,
        );
        if p.keep_with_next {
            w = w.keep_next(true);
        }
        for s in &p.spans {
            w = w.add_run(run(s, TEXT_SIZE));
        }
        self.push(w);
    }

    /// The first-page caption: the attorney's lines at the left of lines
    /// 1–7, the court on line 8, then the parties' box and the case box.
    fn caption(&mut self, c: &Caption) {
        let width = self.page.width();
        let half = width / 2;
        let single = Spacing::Single;
        let mut used = 0u32;
        for line in c.attorney.iter().take(14) {
            let p = self.para(single).indent(Some(0), None, Some(half + 240), None).add_run(text_run(line));
            self.push(p);
            used += 1;
        }
        // The court's title on numbered line 8 (14 single lines below the top).
        self.empty_lines(14u32.saturating_sub(used), single);
        for line in &c.court {
            let p = self.para(single).align(AlignmentType::Center).add_run(text_run(line).bold());
            self.push(p);
        }
        self.empty_lines(1, single);

        let line = |size: usize| TableCellBorder::new(TableCellBorderPosition::Bottom).size(size);
        let mut left = TableCell::new().width(half as usize, WidthType::Dxa).set_borders(
            TableCellBorders::with_empty()
                .set(TableCellBorder::new(TableCellBorderPosition::Right).size(6).border_type(BorderType::Single))
                .set(line(6).border_type(BorderType::Single)),
        );
        // Leading spaces indent a line ("Plaintiff," at the right); an empty line is a blank line.
        for text in &c.parties {
            let indent = (text.len() - text.trim_start().len()) as i32 * 60;
            let mut p = self.para(single).indent(Some(indent), None, None, None);
            if !text.trim().is_empty() {
                p = p.add_run(text_run(text.trim_start()));
            }
            left = left.add_paragraph(p);
        }
        left = left.add_paragraph(self.para(single));
        let mut right = TableCell::new().width((width - half) as usize, WidthType::Dxa);
        let box_para = |w: &Writer| w.para(single).indent(Some(200), None, None, None);
        for text in &c.case_number {
            right = right.add_paragraph(box_para(self).add_run(text_run(text)));
        }
        right = right.add_paragraph(box_para(self));
        right = right.add_paragraph(box_para(self).add_run(text_run(c.title.as_str()).bold()));
        if !c.hearing.is_empty() {
            right = right.add_paragraph(box_para(self));
            for text in &c.hearing {
                right = right.add_paragraph(box_para(self).add_run(text_run(text)));
            }
        }
        let table = WTable::without_borders(vec![TableRow::new(vec![left, right])])
            .set_grid(vec![half as usize, (width - half) as usize])
            .width(width as usize, WidthType::Dxa)
            .layout(TableLayoutType::Fixed)
            .margins(TableCellMargins::new().margin(0, 200, 0, 0));
        self.push_table(table);
        self.empty_lines(1, single);
    }

    /// "Respectfully submitted," at the middle, "Dated:" and the signature
    /// line, then the signer's lines under it — kept on one page.
    fn signature(&mut self, s: &Signature) {
        let width = self.page.width();
        let mid = width / 2;
        let single = Spacing::Single;
        self.keep_depth += 1;
        for line in &s.intro {
            let p = self.para(single).indent(Some(mid), None, None, None).add_run(text_run(line));
            self.push(p);
        }
        self.empty_lines(2, single);
        let mut p = self
            .para(single)
            .add_tab(Tab::new().val(TabValueType::Left).pos((mid - 480).max(0) as usize))
            .add_tab(Tab::new().val(TabValueType::Left).pos(mid as usize))
            .add_tab(Tab::new().val(TabValueType::Right).pos(width as usize));
        if s.date.is_empty() {
            p = p.add_run(text_run("Dated: ")).add_run(Run::new().add_tab().underline("single"));
        } else {
            p = p.add_run(text_run(format!("Dated: {}", s.date))).add_run(Run::new().add_tab());
        }
        p = p.add_run(Run::new().add_tab());
        if !s.signed.is_empty() {
            p = p.add_run(text_run(s.signed.as_str()).underline("single"));
        }
        p = p.add_run(Run::new().add_tab().underline("single"));
        self.push(p);
        for line in &s.signer {
            let p = self.para(single).indent(Some(mid), None, None, None).add_run(text_run(line));
            self.push(p);
        }
        self.keep_depth -= 1;
        self.empty_lines(1, single);
    }

    /// Column widths in twips: the caller's, or shared out by each column's
    /// widest allowed size; always filling `width`.
    fn column_widths(t: &Table, width: i32) -> Vec<usize> {
        let count = t.columns.len() + usize::from(t.number_header.is_some());
        let points: Vec<f32> = match &t.widths {
            Some(w) if w.len() == count => w.clone(),
            _ => t
                .number_header
                .iter()
                .map(|_| 30.0)
                .chain(t.columns.iter().map(|c| (c.min_width + c.max_width) / 2.0))
                .collect(),
        };
        let total: f32 = points.iter().sum::<f32>().max(1.0);
        let mut out: Vec<usize> = points.iter().map(|p| (p / total * width as f32).floor() as usize).collect();
        let rest = width as usize - out.iter().sum::<usize>().min(width as usize);
        if let Some(last) = out.last_mut() {
            *last += rest;
        }
        out
    }

    fn cell_para(&self, text: &str, size: f32, bold: bool, align: Align) -> WPara {
        let pitch = if self.page.pleading { 240 } else { twips((size * 1.25).round()) };
        let span = Span { text: text.to_owned(), bold, italic: false };
        let p = self.para_pitch(pitch.max(twips(size * 1.15))).align(alignment(match align {
            Align::Justify => Align::Left,
            a => a,
        }));
        if text.is_empty() { p } else { p.add_run(run(&span, size)) }
    }

    /// A table: the header row repeats on every page, rows never split.
    fn table(&mut self, t: &Table) {
        let widths = Self::column_widths(t, self.page.width());
        let size = t.size;
        let headers: Vec<String> =
            t.number_header.iter().cloned().chain(t.columns.iter().map(|c| c.header.clone())).collect();
        let aligns: Vec<Align> =
            t.number_header.iter().map(|_| Align::Right).chain(t.columns.iter().map(|c| c.align)).collect();
        let rule = |pos| TableCellBorder::new(pos).size(6).border_type(BorderType::Single);
        let thin = |pos| TableCellBorder::new(pos).size(2).border_type(BorderType::Single);
        let mut rows = Vec::with_capacity(t.rows.len() + 1);
        let header_cells: Vec<TableCell> = headers
            .iter()
            .zip(&widths)
            .zip(&aligns)
            .map(|((h, w), a)| {
                TableCell::new()
                    .width(*w, WidthType::Dxa)
                    .set_borders(
                        TableCellBorders::with_empty()
                            .set(rule(TableCellBorderPosition::Top))
                            .set(rule(TableCellBorderPosition::Bottom)),
                    )
                    .add_paragraph(self.cell_para(h, size, true, *a))
            })
            .collect();
        rows.push(TableRow::new(header_cells).cant_split().row_height(HEADER_MARK as f32));
        let mut zebra = false;
        for row in &t.rows {
            match row {
                // The PDF's outline entries; Word's navigation pane uses headings.
                Row::Bookmark { .. } => {}
                Row::Group(label) => {
                    let cell = TableCell::new()
                        .grid_span(widths.len())
                        .width(widths.iter().sum(), WidthType::Dxa)
                        .set_borders(TableCellBorders::with_empty())
                        .add_paragraph(self.cell_para(label, size, true, Align::Left).keep_next(true));
                    rows.push(TableRow::new(vec![cell]).cant_split());
                    zebra = false;
                }
                Row::Cells { number, cells } => {
                    let number = number.map(|n| n.to_string());
                    let values = number.iter().map(String::as_str).chain(cells.iter().map(String::as_str));
                    let mut out = Vec::with_capacity(widths.len());
                    for ((value, w), a) in values.zip(&widths).zip(&aligns) {
                        let mut cell = TableCell::new().width(*w, WidthType::Dxa);
                        let mut borders = TableCellBorders::with_empty();
                        if !t.zebra {
                            borders = borders.set(thin(TableCellBorderPosition::Bottom));
                        }
                        cell = cell.set_borders(borders);
                        if t.zebra && zebra {
                            cell = cell.shading(Shading::new().shd_type(ShdType::Clear).color("auto").fill("EBEBEB"));
                        }
                        for part in value.split('\n') {
                            cell = cell.add_paragraph(self.cell_para(part, size, false, *a));
                        }
                        out.push(cell);
                    }
                    zebra = !zebra;
                    rows.push(TableRow::new(out).cant_split());
                }
            }
        }
        let table = WTable::without_borders(rows)
            .set_grid(widths.clone())
            .width(widths.iter().sum(), WidthType::Dxa)
            .layout(TableLayoutType::Fixed)
            .margins(TableCellMargins::new().margin(0, 60, 0, 60));
        self.push_table(table);
        self.empty_lines(1, Spacing::Single);
    }

    /// A form item (at 12 pt; a form is one paper of its own in Word too).
    fn form_item(&mut self, item: &FormItem, indent: i32, attachments: &mut Vec<(String, Table)>) {
        let single = Spacing::Single;
        match item {
            FormItem::Text(spans) => {
                let mut p = self.para(single).indent(Some(indent), None, None, None);
                for s in spans {
                    p = p.add_run(run(s, TEXT_SIZE));
                }
                self.push(p);
            }
            FormItem::Check { checked, label, indent: more } => {
                let left = indent + twips(*more);
                let mut p = self
                    .para(single)
                    .indent(Some(left + 360), Some(SpecialIndentType::Hanging(360)), None, None)
                    .add_run(check_run(*checked, TEXT_SIZE))
                    .add_run(Run::new().add_tab());
                for s in label {
                    p = p.add_run(run(s, TEXT_SIZE));
                }
                self.push(p);
            }
            FormItem::CheckRow(boxes) => {
                let mut p = self.para(single).indent(Some(indent), None, None, None);
                for (i, (checked, label)) in boxes.iter().enumerate() {
                    if i > 0 {
                        p = p.add_run(text_run("    "));
                    }
                    p = p.add_run(check_run(*checked, TEXT_SIZE)).add_run(text_run(format!(" {label}")));
                }
                self.push(p);
            }
            FormItem::Fields(fields) => {
                let width = self.page.width() - indent;
                let total: f32 = fields.iter().map(|f| f.width).sum::<f32>().max(1.0);
                let mut p = self.para(single).indent(Some(indent), None, None, None);
                let mut x = 0.0f32;
                for (i, Field { label, value, width: share }) in fields.iter().enumerate() {
                    x += width as f32 * share / total;
                    p = p.add_tab(Tab::new().val(TabValueType::Left).pos((x - 120.0).max(0.0) as usize));
                    if i > 0 {
                        p = p.add_run(Run::new().add_tab());
                    }
                    if !label.is_empty() {
                        p = p.add_run(text_run(format!("{label} ")));
                    }
                    p = p.add_run(text_run(value.as_str()).underline("single"));
                    p = p.add_run(Run::new().add_tab().underline("single"));
                }
                self.push(p);
            }
            FormItem::Boxed { title, items } => {
                if let Some(title) = title {
                    let p = self
                        .para(single)
                        .indent(Some(indent), None, None, None)
                        .keep_next(true)
                        .add_run(run(&Span::bold(title.clone()), TEXT_SIZE));
                    let mut p = p;
                    p.property = p.property.set_borders(rule(ParagraphBorderPosition::Top));
                    self.push(p);
                }
                for i in items {
                    self.form_item(i, indent + 120, attachments);
                }
                let mut end = self.para(single).indent(Some(indent), None, None, None);
                end.property = end.property.set_borders(rule(ParagraphBorderPosition::Bottom));
                self.push(end);
            }
            FormItem::SignatureLine { label, date, signed } => {
                let width = self.page.width() - indent;
                let mid = width / 2;
                self.empty_lines(1, single);
                let mut p = self
                    .para(single)
                    .indent(Some(indent), None, None, None)
                    .keep_next(true)
                    .add_tab(Tab::new().val(TabValueType::Left).pos((mid - 400).max(0) as usize))
                    .add_tab(Tab::new().val(TabValueType::Left).pos(mid as usize))
                    .add_tab(Tab::new().val(TabValueType::Right).pos(width as usize));
                if let Some(date) = date {
                    p = p.add_run(text_run("Date: "));
                    if !date.is_empty() {
                        p = p.add_run(text_run(date.as_str()).underline("single"));
                    }
                    p = p.add_run(Run::new().add_tab().underline("single"));
                }
                p = p.add_run(Run::new().add_tab());
                if !signed.is_empty() {
                    p = p.add_run(text_run(signed.as_str()).underline("single"));
                }
                p = p.add_run(Run::new().add_tab().underline("single"));
                self.push(p);
                let p = self
                    .para(single)
                    .indent(Some(indent + mid), None, None, None)
                    .add_run(run(&Span::italic(label.clone()), TEXT_SIZE));
                self.push(p);
            }
            FormItem::Overflow { table, max_rows, attachment_title } => {
                let cut = table.overflow_cut(*max_rows);
                let mut shown = table.clone();
                shown.rows.truncate(cut);
                self.table(&shown);
                if cut < table.rows.len() {
                    let rest: Vec<Row> = table.rows[cut..].to_vec();
                    let more = rest.iter().filter(|r| matches!(r, Row::Cells { .. })).count();
                    let n = attachments.len() + 1;
                    let note = format!("{more} more — continued on Attachment {n}: {attachment_title}");
                    let p = self.para(single).add_run(run(&Span::italic(note), TEXT_SIZE));
                    self.push(p);
                    let mut attached = table.clone();
                    attached.rows = rest;
                    attachments.push((format!("Attachment {n}: {attachment_title}"), attached));
                }
            }
            FormItem::Space(points) => {
                let p = self.para_pitch(twips(*points).max(20));
                self.push(p);
            }
        }
    }
}

#[cfg(test)]
mod tests;
