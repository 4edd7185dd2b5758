//! Layout: documents → pages of positioned text, rules and boxes.
//!
//! Coordinates here are points from the page's top-left corner, `y` at the
//! text baseline; the PDF stage flips them. Nothing here knows about PDF
//! objects. Text is measured with the bundled font's own widths
//! ([`super::fonts`]), so what is laid out is what the viewer draws.
//!
//! Pleading paper (CRC 2.108): 28 numbered lines 24 pt apart; double-spaced
//! text sits on those baselines, single-spaced text on them and halfway
//! between. Every block on pleading paper advances in multiples of 12 pt,
//! so alignment with the line numbers never drifts.

mod form;
mod page;
mod table;
mod text;

use std::collections::BTreeSet;

use super::fonts::{self, Face, Family};
use super::{Align, Block, Caption, Document, FormItem, Paper, Paragraph, Row, Signature, Spacing, Span, Table};

pub const PAGE_WIDTH: f32 = 612.0;
pub const PAGE_HEIGHT: f32 = 792.0;
/// Body text size (CRC 2.104: at least 12 pt).
pub const TEXT_SIZE: f32 = 12.0;
/// A list label drawn as an empty check box (`@list ☐`).
pub const CHECK_EMPTY: &str = "\u{2610}";
/// A list label drawn as a checked box (`@list ☒`).
pub const CHECK_CHECKED: &str = "\u{2612}";
/// Footer size (CRC 2.110: at least 10 pt).
pub const FOOTER_SIZE: f32 = 10.0;
/// Baseline of numbered line 1 and the distance between numbered lines.
pub const FIRST_BASELINE: f32 = 72.0;
pub const LINE_PITCH: f32 = 24.0;
pub const LINES_PER_PAGE: u32 = 28;
pub const LAST_BASELINE: f32 = FIRST_BASELINE + LINE_PITCH * (LINES_PER_PAGE - 1) as f32;
/// The double rule left of the text and the single rule at the right.
pub const LEFT_RULES: [f32; 2] = [72.0, 75.0];
pub const RIGHT_RULE: f32 = 576.0;
/// Right edge of the line numbers.
pub const NUMBER_RIGHT: f32 = 64.0;
const PAGE_NUMBER_BASELINE: f32 = 750.0;
const FOOTER_RULE: f32 = 758.0;
const FOOTER_BASELINE: f32 = 771.0;
const HEADER_BASELINE: f32 = 48.0;
/// Slack when checking that text fits: widths summed character by
/// character and measured as a whole differ in the last bits, and text
/// exactly as wide as its column must not wrap.
const FIT: f32 = 0.05;
/// Space between a table cell's rules and its text.
pub const CELL_PAD: f32 = 3.0;

/// Where text may go on a kind of paper.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Geometry {
    pub left: f32,
    pub right: f32,
    pub first_baseline: f32,
    pub last_baseline: f32,
    pub pleading: bool,
}

impl Geometry {
    pub fn of(paper: Paper) -> Geometry {
        match paper {
            // Text from 1.17 in (CRC: at least 1 in) to 0.63 in from the right (at least 0.5 in).
            Paper::Pleading => Geometry {
                left: 84.0,
                right: 567.0,
                first_baseline: FIRST_BASELINE,
                last_baseline: LAST_BASELINE,
                pleading: true,
            },
            Paper::Plain => Geometry {
                left: 72.0,
                right: 567.0,
                first_baseline: FIRST_BASELINE,
                last_baseline: LAST_BASELINE + 6.0,
                pleading: false,
            },
        }
    }

    /// Distance between baselines for a spacing.
    pub fn pitch(&self, spacing: Spacing) -> f32 {
        match (self.pleading, spacing) {
            (true, Spacing::Double) => LINE_PITCH,
            (true, Spacing::Single) => LINE_PITCH / 2.0,
            (false, Spacing::Double) => 18.0,
            (false, Spacing::Single) => 14.0,
        }
    }

    pub fn width(&self) -> f32 {
        self.right - self.left
    }
}

/// Something drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// Text on a baseline; `width` is its measured advance.
    Text { x: f32, y: f32, face: Face, size: f32, text: String, width: f32 },
    /// A straight rule.
    Line { x1: f32, y1: f32, x2: f32, y2: f32, width: f32 },
    /// A rectangle, `y` its top edge; filled grey (`fill` = grey level) or stroked.
    Rect { x: f32, y: f32, w: f32, h: f32, fill: Option<f32>, stroke: f32 },
    /// A check mark drawn as a path, inside the box whose top-left is (x, y).
    Check { x: f32, y: f32, size: f32 },
}

/// One laid-out page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    pub items: Vec<Item>,
    /// The page number printed at its foot.
    pub number: u32,
    /// Index of the document it belongs to.
    pub document: usize,
}

impl Page {
    /// The text items, in drawing order.
    pub fn texts(&self) -> impl Iterator<Item = (f32, f32, f32, &str)> {
        self.items.iter().filter_map(|i| match i {
            Item::Text { x, y, width, text, .. } => Some((*x, *y, *width, text.as_str())),
            _ => None,
        })
    }
}

/// An outline (bookmark) entry: level 0 is a document, 1 a section, 2 an item.
#[derive(Debug, Clone, PartialEq)]
pub struct Outline {
    pub title: String,
    pub page: usize,
    pub level: u8,
}

/// The result of layout: pages, bookmarks and what could not be drawn.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub pages: Vec<Page>,
    pub outline: Vec<Outline>,
    /// Characters the font has no glyph for (drawn as `?`) and invisible
    /// control characters (not drawn), across all documents.
    pub missing: BTreeSet<char>,
    /// Titles of the documents, by index.
    pub titles: Vec<String>,
}

/// Lays out documents one after the other, each starting on a new page.
pub fn lay_out(documents: &[Document]) -> Rendered {
    let mut pages = Vec::new();
    let mut rendered = lay_out_into(documents, &mut |page| pages.push(page));
    rendered.pages = pages;
    rendered
}

/// Like [`lay_out`], handing each page to `sink` as soon as it is finished
/// (the PDF writer writes it out and forgets it), so memory is bounded by
/// one page, not by the file. The result has the outline, titles and
/// missing characters; its `pages` stay empty.
pub fn lay_out_into(documents: &[Document], sink: &mut dyn FnMut(Page)) -> Rendered {
    let mut rendered = Rendered::default();
    let mut count = 0usize;
    for (index, document) in documents.iter().enumerate() {
        let mut composer = Composer::new(document, index, &mut rendered, sink, &mut count);
        for block in &document.blocks {
            composer.block(block);
        }
        composer.finish();
        rendered.titles.push(document.title.clone());
    }
    rendered
}

/// The number of pages `documents` take, without keeping any.
pub fn count_pages(documents: &[Document]) -> usize {
    let mut count = 0usize;
    lay_out_into(documents, &mut |_| count += 1);
    count
}

pub use table::column_widths;
use text::{break_lines, fit_words};

struct Composer<'a> {
    doc: &'a Document,
    index: usize,
    out: &'a mut Rendered,
    /// Where finished pages go.
    sink: &'a mut dyn FnMut(Page),
    /// Pages finished so far, across documents.
    pages: &'a mut usize,
    geo: Geometry,
    /// Text bounds now (boxes on forms narrow them).
    left: f32,
    right: f32,
    items: Vec<Item>,
    /// Baseline of the next line.
    y: f32,
    /// Nothing placed on this page yet.
    fresh: bool,
    number: u32,
    /// Attachment tables waiting for the end of the current form.
    attachments: Vec<(String, Table)>,
    /// A page of this document has been finished.
    produced: bool,
}

impl<'a> Composer<'a> {
    fn new(
        doc: &'a Document,
        index: usize,
        out: &'a mut Rendered,
        sink: &'a mut dyn FnMut(Page),
        pages: &'a mut usize,
    ) -> Composer<'a> {
        let geo = Geometry::of(doc.paper);
        let entry = doc.bookmark.clone().unwrap_or_else(|| doc.title.clone());
        out.outline.push(Outline { title: entry, page: *pages, level: 0 });
        Composer {
            doc,
            index,
            out,
            sink,
            pages,
            geo,
            left: geo.left,
            right: geo.right,
            items: Vec::new(),
            y: geo.first_baseline,
            fresh: true,
            number: doc.first_page.max(1),
            attachments: Vec::new(),
            produced: false,
        }
    }

    fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width: f32) {
        self.items.push(Item::Line { x1, y1, x2, y2, width });
    }

    fn finish(mut self) {
        self.flush_attachments();
        if !self.items.is_empty() || !self.produced {
            self.page_break();
        }
    }

    fn block(&mut self, block: &Block) {
        match block {
            Block::Caption(caption) => self.caption(caption),
            Block::Heading { text, centered, outline } => {
                self.snap();
                let pitch = self.geo.pitch(Spacing::Double);
                if self.room(pitch) < 3 && !self.fresh {
                    self.page_break();
                }
                if *outline {
                    self.out.outline.push(Outline { title: text.clone(), page: *self.pages, level: 1 });
                }
                let para = Paragraph {
                    spans: vec![Span::bold(text.clone())],
                    align: if *centered { Align::Center } else { Align::Left },
                    keep_with_next: true,
                    ..Paragraph::default()
                };
                self.paragraph(&para);
            }
            Block::Paragraph(p) => self.paragraph(p),
            Block::ListItem { label, spans } => {
                let para = Paragraph { spans: spans.clone(), left_indent: 72.0, ..Paragraph::default() };
                self.paragraph_sized(&para, TEXT_SIZE, Some((label, self.left + 36.0)));
            }
            Block::Quote(spans) => {
                let para = Paragraph {
                    spans: spans.clone(),
                    align: Align::Justify,
                    spacing: Spacing::Single,
                    left_indent: 36.0,
                    right_indent: 36.0,
                    ..Paragraph::default()
                };
                self.paragraph(&para);
                self.y += self.geo.pitch(Spacing::Single);
            }
            Block::Table(table) => self.table(table),
            Block::Form(items) => {
                for item in items {
                    self.form_item(item);
                }
                self.flush_attachments();
            }
            Block::Signature(sig) => self.signature(sig),
            Block::KeepTogether(blocks) => {
                let height = blocks.iter().map(|b| self.height(b)).sum::<f32>();
                self.snap();
                if self.y + height - self.geo.pitch(Spacing::Single) > self.geo.last_baseline && !self.fresh {
                    self.page_break();
                }
                for b in blocks {
                    self.block(b);
                }
            }
            Block::Bookmark { title, level } => {
                self.out.outline.push(Outline { title: title.clone(), page: *self.pages, level: *level });
            }
            Block::Bars { title, bars } => self.bars(title, bars),
            Block::Space(n) => {
                self.y += self.geo.pitch(Spacing::Single) * *n as f32;
            }
            Block::PageBreak => {
                if !self.fresh {
                    self.page_break();
                }
            }
        }
    }

    /// An estimate of a block's height, for keeping blocks together.
    fn height(&mut self, block: &Block) -> f32 {
        let width = self.right - self.left;
        let mut scratch = BTreeSet::new();
        match block {
            Block::Paragraph(p) => {
                let ws = fit_words(&p.spans, TEXT_SIZE, width - p.left_indent - p.right_indent, &mut scratch);
                let n = break_lines(
                    &ws,
                    width - p.left_indent - p.right_indent - p.first_indent,
                    width - p.left_indent - p.right_indent,
                )
                .len();
                n as f32 * self.geo.pitch(p.spacing)
            }
            Block::Heading { .. } | Block::ListItem { .. } => self.geo.pitch(Spacing::Double) * 2.0,
            Block::Signature(sig) => {
                let pitch = self.geo.pitch(Spacing::Single);
                (sig.intro.len() + sig.signer.len() + 4) as f32 * pitch
            }
            Block::Space(n) => self.geo.pitch(Spacing::Single) * *n as f32,
            Block::KeepTogether(blocks) => blocks.iter().map(|b| self.height(b)).sum(),
            _ => 0.0,
        }
    }
}
