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
    let mut rendered = Rendered::default();
    for (index, document) in documents.iter().enumerate() {
        let mut composer = Composer::new(document, index, &mut rendered);
        for block in &document.blocks {
            composer.block(block);
        }
        composer.finish();
        rendered.titles.push(document.title.clone());
    }
    rendered
}

/// A word: pieces in one or more faces with no space between them.
#[derive(Debug, Clone)]
struct Word {
    frags: Vec<(Face, String)>,
    width: f32,
    /// The width of the space that follows it.
    space: f32,
    /// A forced line break follows.
    brk: bool,
}

/// Splits spans into words at spaces; `\n` forces a break; no-break spaces
/// stay inside a word (and are drawn as spaces).
fn words(spans: &[Span], size: f32, missing: &mut BTreeSet<char>) -> Vec<Word> {
    let family = Family::get();
    let mut out: Vec<Word> = Vec::new();
    let mut cur = Word { frags: Vec::new(), width: 0.0, space: 0.0, brk: false };
    let flush = |cur: &mut Word, out: &mut Vec<Word>, space: f32, brk: bool| {
        if !cur.frags.is_empty() {
            cur.space = space;
            cur.brk = brk;
            out.push(std::mem::replace(cur, Word { frags: Vec::new(), width: 0.0, space: 0.0, brk: false }));
        } else if brk && let Some(last) = out.last_mut() {
            last.brk = true;
        }
    };
    for span in spans {
        let face = span.face();
        let metrics = family.metrics(face);
        let space = metrics.char_width(' ').unwrap_or(0.25) * size;
        for c in span.text.chars() {
            match c {
                ' ' | '\t' => flush(&mut cur, &mut out, space, false),
                '\n' => flush(&mut cur, &mut out, space, true),
                c if fonts::is_invisible_control(c) => {
                    missing.insert(c);
                }
                c => {
                    let (c, w) = match metrics.char_width(c) {
                        Some(w) => (if c == '\u{a0}' { ' ' } else { c }, w),
                        None => {
                            missing.insert(c);
                            ('?', metrics.char_width('?').unwrap_or(0.44))
                        }
                    };
                    match cur.frags.last_mut() {
                        Some((f, text)) if *f == face => text.push(c),
                        _ => cur.frags.push((face, c.to_string())),
                    }
                    cur.width += w * size;
                }
            }
        }
        // A span boundary is not a space: "§ 11361.8(b)" may change face mid-word.
        cur.space = space;
    }
    flush(&mut cur, &mut out, 0.0, false);
    out
}

/// Splits a word too wide for any line into pieces that fit, after a
/// comma or slash where one is (`NÚÑEZ-O'BRIEN,JOSÉ`), else after a
/// hyphen, else between characters.
fn split_wide(word: Word, width: f32, size: f32) -> Vec<Word> {
    if word.width <= width + FIT {
        return vec![word];
    }
    let family = Family::get();
    let chars: Vec<(Face, char, f32)> = word
        .frags
        .iter()
        .flat_map(|(face, text)| {
            text.chars().map(move |c| (*face, c, family.width(*face, size, c.encode_utf8(&mut [0; 4]))))
        })
        .collect();
    let mut out = Vec::new();
    let mut start = 0;
    while start < chars.len() {
        let mut end = start;
        let mut used = 0.0;
        while end < chars.len() && (end == start || used + chars[end].2 <= width + FIT) {
            used += chars[end].2;
            end += 1;
        }
        if end < chars.len() {
            // After a comma or slash if there is one; after a hyphen only
            // when there is not (case numbers read badly split at hyphens).
            let after = |set: &[char]| (start + 1..end).rev().find(|&k| set.contains(&chars[k - 1].1));
            if let Some(brk) = after(&[',', '/']).or_else(|| after(&['-'])) {
                end = brk;
            }
        }
        let mut piece = Word { frags: Vec::new(), width: 0.0, space: 0.0, brk: false };
        for &(face, c, w) in &chars[start..end] {
            match piece.frags.last_mut() {
                Some((f, t)) if *f == face => t.push(c),
                _ => piece.frags.push((face, c.to_string())),
            }
            piece.width += w;
        }
        out.push(piece);
        start = end;
    }
    if let Some(last) = out.last_mut() {
        last.space = word.space;
        last.brk = word.brk;
    }
    out
}

/// A line of words: `words[start..end]`, and whether it ends its paragraph
/// (or a forced break), which keeps it from being justified.
struct Line {
    start: usize,
    end: usize,
    width: f32,
    last: bool,
}

/// Greedy (first-fit) line breaking; `first` is the first line's width.
fn break_lines(words: &[Word], first: f32, rest: f32) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut start = 0;
    while start < words.len() {
        let avail = if lines.is_empty() { first } else { rest };
        let mut width = words[start].width;
        let mut end = start + 1;
        while end < words.len() && !words[end - 1].brk {
            let next = width + words[end - 1].space + words[end].width;
            if next > avail + FIT {
                break;
            }
            width = next;
            end += 1;
        }
        let last = end == words.len() || words[end - 1].brk;
        lines.push(Line { start, end, width, last });
        start = end;
    }
    lines
}

/// Words prepared for a width: too-wide words split.
fn fit_words(spans: &[Span], size: f32, width: f32, missing: &mut BTreeSet<char>) -> Vec<Word> {
    let ws = words(spans, size, missing);
    if ws.iter().all(|w| w.width <= width + FIT) {
        return ws;
    }
    ws.into_iter().flat_map(|w| split_wide(w, width, size)).collect()
}

struct Composer<'a> {
    doc: &'a Document,
    index: usize,
    out: &'a mut Rendered,
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
    fn new(doc: &'a Document, index: usize, out: &'a mut Rendered) -> Composer<'a> {
        let geo = Geometry::of(doc.paper);
        let entry = doc.bookmark.clone().unwrap_or_else(|| doc.title.clone());
        out.outline.push(Outline { title: entry, page: out.pages.len(), level: 0 });
        Composer {
            doc,
            index,
            out,
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

    fn text(&mut self, x: f32, y: f32, face: Face, size: f32, text: &str) -> f32 {
        let drawn = fonts::drawable(face, text);
        Family::get().missing(face, text, &mut self.out.missing);
        let width = Family::get().width(face, size, &drawn);
        if !drawn.is_empty() {
            self.items.push(Item::Text { x, y, face, size, text: drawn.into_owned(), width });
        }
        width
    }

    fn centered(&mut self, y: f32, face: Face, size: f32, text: &str, left: f32, right: f32) {
        let width = Family::get().width(face, size, &fonts::drawable(face, text));
        self.text(left + ((right - left - width) / 2.0).max(0.0), y, face, size, text);
    }

    fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width: f32) {
        self.items.push(Item::Line { x1, y1, x2, y2, width });
    }

    /// Lines of `pitch` that still fit on this page, from `self.y`.
    fn room(&self, pitch: f32) -> usize {
        if self.y > self.geo.last_baseline + 0.01 {
            0
        } else {
            ((self.geo.last_baseline - self.y + 0.01) / pitch) as usize + 1
        }
    }

    /// On pleading paper, moves down to the next numbered line.
    fn snap(&mut self) {
        if self.geo.pleading {
            let steps = ((self.y - FIRST_BASELINE) / LINE_PITCH - 0.001).ceil().max(0.0);
            self.y = FIRST_BASELINE + steps * LINE_PITCH;
        }
    }

    fn page_break(&mut self) {
        self.decorate();
        let items = std::mem::take(&mut self.items);
        self.out.pages.push(Page { items, number: self.number, document: self.index });
        self.produced = true;
        self.number += 1;
        self.y = self.geo.first_baseline;
        self.fresh = true;
    }

    /// Line numbers, rules, header and footer of the current page.
    fn decorate(&mut self) {
        let (left, right) = (self.geo.left, self.geo.right);
        if self.geo.pleading {
            for x in LEFT_RULES {
                self.line(x, 0.0, x, PAGE_HEIGHT, 0.75);
            }
            self.line(RIGHT_RULE, 0.0, RIGHT_RULE, PAGE_HEIGHT, 0.75);
            for n in 1..=LINES_PER_PAGE {
                let label = n.to_string();
                let y = FIRST_BASELINE + LINE_PITCH * (n - 1) as f32;
                let w = Family::get().width(Face::Regular, TEXT_SIZE, &label);
                self.push_text(NUMBER_RIGHT - w, y, Face::Regular, TEXT_SIZE, &label);
            }
        }
        let doc = self.doc;
        // A header or footer too long for one line takes two (never smaller than 10 pt).
        if let Some(header) = &doc.header {
            let lines = self.wrap(header, Face::Bold, FOOTER_SIZE, right - left);
            let first = HEADER_BASELINE - 11.0 * lines.len().clamp(1, 2).saturating_sub(1) as f32;
            for (i, line) in lines.iter().take(2).enumerate() {
                self.centered(first + 11.0 * i as f32, Face::Bold, FOOTER_SIZE, line, left, right);
            }
        }
        let number = self.number.to_string();
        self.centered(PAGE_NUMBER_BASELINE, Face::Regular, TEXT_SIZE, &number, left, right);
        self.line(left, FOOTER_RULE, right, FOOTER_RULE, 0.75);
        let lines = self.wrap(&doc.title, Face::Regular, FOOTER_SIZE, right - left);
        let first = if lines.len() > 1 { FOOTER_BASELINE - 2.0 } else { FOOTER_BASELINE };
        for (i, line) in lines.iter().take(2).enumerate() {
            self.centered(first + 11.0 * i as f32, Face::Regular, FOOTER_SIZE, line, left, right);
        }
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
                    self.out.outline.push(Outline { title: text.clone(), page: self.out.pages.len(), level: 1 });
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
                self.out.outline.push(Outline { title: title.clone(), page: self.out.pages.len(), level: *level });
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

    /// Lays out one paragraph with widow and orphan control.
    fn paragraph(&mut self, p: &Paragraph) {
        self.paragraph_sized(p, TEXT_SIZE, None);
    }

    /// A paragraph at `size`; `label` (a list number and its x) hangs on the first line.
    fn paragraph_sized(&mut self, p: &Paragraph, size: f32, label: Option<(&str, f32)>) {
        if p.spacing == Spacing::Double {
            self.snap();
        }
        let pitch = if self.geo.pleading || size == TEXT_SIZE { self.geo.pitch(p.spacing) } else { size * 1.25 };
        let left = self.left + p.left_indent;
        let width = self.right - p.right_indent - left;
        let ws = fit_words(&p.spans, size, width, &mut self.out.missing);
        let lines = break_lines(&ws, width - p.first_indent, width);
        let n = lines.len();
        let mut i = 0;
        if p.keep_with_next && self.room(pitch) < n + 2 && !self.fresh {
            self.page_break();
        }
        while i < n {
            let room = self.room(pitch);
            let remaining = n - i;
            let mut take = remaining.min(room);
            if take < remaining {
                // Leave no single line behind (widow) or alone at the bottom (orphan).
                if remaining - take == 1 && take > 1 {
                    take -= 1;
                }
                if (take == 0 || (i == 0 && take == 1 && remaining > 1)) && !self.fresh {
                    self.page_break();
                    continue;
                }
                take = take.max(1);
            }
            for line in &lines[i..i + take] {
                let indent = if line.start == 0 { p.first_indent } else { 0.0 };
                if line.start == 0
                    && let Some((label, x)) = label
                {
                    // A check box label is drawn, not typed: no font needs the glyph.
                    if label == CHECK_EMPTY || label == CHECK_CHECKED {
                        let b = size * 0.8;
                        let top = self.y - b;
                        self.items.push(Item::Rect { x, y: top, w: b, h: b, fill: None, stroke: 0.75 });
                        if label == CHECK_CHECKED {
                            self.items.push(Item::Check { x, y: top, size: b });
                        }
                    } else {
                        self.text(x, self.y, Face::Regular, size, label);
                    }
                }
                self.draw_line(&ws[line.start..line.end], line, left + indent, width - indent, p.align, size);
                self.y += pitch;
                self.fresh = false;
            }
            i += take;
            if i < n {
                self.page_break();
            }
        }
    }

    fn draw_line(&mut self, words: &[Word], line: &Line, left: f32, width: f32, align: Align, size: f32) {
        let y = self.y;
        let justify = align == Align::Justify && !line.last && words.len() > 1;
        if justify {
            let natural: f32 = words.iter().map(|w| w.width).sum();
            let gap = (width - natural) / (words.len() - 1) as f32;
            let mut x = left;
            for w in words {
                let mut fx = x;
                for (face, text) in &w.frags {
                    fx += self.push_text(fx, y, *face, size, text);
                }
                x += w.width + gap;
            }
            return;
        }
        let mut x = match align {
            Align::Left | Align::Justify => left,
            Align::Center => left + ((width - line.width) / 2.0).max(0.0),
            Align::Right => left + (width - line.width).max(0.0),
        };
        // Runs of one face go out as one string, spaces included.
        let mut run: Option<(Face, String, f32)> = None;
        for (k, w) in words.iter().enumerate() {
            for (face, text) in &w.frags {
                match &mut run {
                    Some((f, s, _)) if f == face => s.push_str(text),
                    _ => {
                        if let Some((f, s, start)) = run.take() {
                            x = start + self.push_text(start, y, f, size, &s);
                        }
                        run = Some((*face, text.clone(), x));
                    }
                }
            }
            if k + 1 < words.len() {
                match &mut run {
                    Some((_, s, _)) => s.push(' '),
                    None => x += w.space,
                }
            }
        }
        if let Some((f, s, start)) = run {
            self.push_text(start, y, f, size, &s);
        }
    }

    /// Pushes already-checked text (from [`words`]); returns its width.
    fn push_text(&mut self, x: f32, y: f32, face: Face, size: f32, text: &str) -> f32 {
        let width = Family::get().width(face, size, text);
        self.items.push(Item::Text { x, y, face, size, text: text.to_owned(), width });
        width
    }

    /// Wraps plain text to a width: the lines as strings, per face.
    fn wrap(&mut self, text: &str, face: Face, size: f32, width: f32) -> Vec<String> {
        let span = Span {
            text: text.to_owned(),
            bold: matches!(face, Face::Bold | Face::BoldItalic),
            italic: matches!(face, Face::Italic | Face::BoldItalic),
        };
        let ws = fit_words(std::slice::from_ref(&span), size, width, &mut self.out.missing);
        break_lines(&ws, width, width)
            .iter()
            .map(|l| {
                let mut s = String::new();
                for (k, w) in ws[l.start..l.end].iter().enumerate() {
                    if k > 0 {
                        s.push(' ');
                    }
                    for (_, t) in &w.frags {
                        s.push_str(t);
                    }
                }
                s
            })
            .collect()
    }

    /// The first-page caption (CRC 2.111).
    fn caption(&mut self, c: &Caption) {
        let single = LINE_PITCH / 2.0;
        let mid = (self.geo.left + self.geo.right) / 2.0;
        // Lines 1–7, left half: at most 14 single-spaced lines.
        let mut y = FIRST_BASELINE;
        for line in c.attorney.iter().take(14) {
            for l in self.wrap(line, Face::Regular, TEXT_SIZE, mid - 12.0 - self.geo.left) {
                if y > FIRST_BASELINE + LINE_PITCH * 6.0 + single {
                    break;
                }
                self.push_text(self.geo.left, y, Face::Regular, TEXT_SIZE, &l);
                y += single;
            }
        }
        // Line 8: the court.
        y = FIRST_BASELINE + LINE_PITCH * 7.0;
        for line in &c.court {
            let (l, r) = (self.geo.left, self.geo.right);
            self.centered(y, Face::Bold, TEXT_SIZE, line, l, r);
            y += single;
        }
        // The caption boxes start on the next numbered line after the court.
        self.y = y + single;
        self.snap();
        let top = self.y;
        let (left_w, right_x) = (mid - 10.0 - self.geo.left, mid + 10.0);
        let right_w = self.geo.right - right_x;
        let mut ly = top;
        let space = Family::get().width(Face::Regular, TEXT_SIZE, " ");
        for line in &c.parties {
            // Leading spaces indent ("Plaintiff," sits to the right); an empty line is a blank line.
            let indent = (line.len() - line.trim_start().len()) as f32 * space;
            let lines = self.wrap(line.trim_start(), Face::Regular, TEXT_SIZE, left_w - indent);
            if lines.is_empty() {
                ly += single;
            }
            for l in lines {
                self.push_text(self.geo.left + indent, ly, Face::Regular, TEXT_SIZE, &l);
                ly += single;
            }
        }
        let mut ry = top;
        for line in &c.case_number {
            for l in self.wrap(line, Face::Regular, TEXT_SIZE, right_w) {
                self.push_text(right_x, ry, Face::Regular, TEXT_SIZE, &l);
                ry += single;
            }
        }
        ry += single;
        for l in self.wrap(&c.title, Face::Bold, TEXT_SIZE, right_w) {
            self.push_text(right_x, ry, Face::Bold, TEXT_SIZE, &l);
            ry += single;
        }
        if !c.hearing.is_empty() {
            ry += single;
            for line in &c.hearing {
                for l in self.wrap(line, Face::Regular, TEXT_SIZE, right_w) {
                    self.push_text(right_x, ry, Face::Regular, TEXT_SIZE, &l);
                    ry += single;
                }
            }
        }
        let bottom = ly.max(ry);
        // Box rules: the vertical rule between the boxes and the rule under the parties.
        let rule_top = top - single;
        let rule_bottom = bottom - single / 2.0;
        self.line(mid, rule_top, mid, rule_bottom, 0.75);
        self.line(self.geo.left, rule_bottom, mid, rule_bottom, 0.75);
        self.y = bottom + single;
        self.fresh = false;
        self.snap();
    }

    fn signature(&mut self, s: &Signature) {
        let single = self.geo.pitch(Spacing::Single);
        self.snap();
        let needed = (s.intro.len() + s.signer.len() + 3) as f32 * single;
        if self.y + needed - single > self.geo.last_baseline && !self.fresh {
            self.page_break();
        }
        let mid = (self.left + self.right) / 2.0;
        for line in &s.intro {
            self.text(mid, self.y, Face::Regular, TEXT_SIZE, line);
            self.y += single;
        }
        self.y += single * 2.0;
        let y = self.y;
        let date = if s.date.is_empty() { "Dated:".to_string() } else { format!("Dated: {}", s.date) };
        let w = self.text(self.left, y, Face::Regular, TEXT_SIZE, &date);
        if s.date.is_empty() {
            self.line(self.left + w + 4.0, y + 2.0, mid - 24.0, y + 2.0, 0.5);
        }
        if !s.signed.is_empty() {
            self.text(mid, y, Face::Regular, TEXT_SIZE, &s.signed);
        }
        self.line(mid, y + 2.0, self.right, y + 2.0, 0.5);
        self.y += single;
        for line in &s.signer {
            self.text(mid, self.y, Face::Regular, TEXT_SIZE, line);
            self.y += single;
        }
        self.fresh = false;
        self.y += single;
    }

    /// A bar chart: labels at the left, bars scaled to the largest count, counts after the bars.
    fn bars(&mut self, title: &str, bars: &[(String, u64)]) {
        let size = 10.0;
        let pitch = 15.0;
        if self.room(pitch) < bars.len().min(4) + 2 && !self.fresh {
            self.page_break();
        }
        self.text(self.left, self.y, Face::Bold, TEXT_SIZE, title);
        self.y += pitch + 2.0;
        let width = self.right - self.left;
        let label_right = self.left + width * 0.36;
        let bar_left = label_right + 8.0;
        let bar_room = self.right - bar_left - 60.0;
        let most = bars.iter().map(|b| b.1).max().unwrap_or(0).max(1) as f32;
        for (label, count) in bars {
            if self.room(pitch) < 1 {
                self.page_break();
            }
            let lines = self.wrap(label, Face::Regular, size, label_right - self.left);
            let first = lines.first().cloned().unwrap_or_default();
            let w = Family::get().width(Face::Regular, size, &first);
            self.push_text(label_right - w, self.y, Face::Regular, size, &first);
            let bar = (*count as f32 / most * bar_room).max(if *count > 0 { 1.0 } else { 0.0 });
            if bar > 0.0 {
                self.items.push(Item::Rect {
                    x: bar_left,
                    y: self.y - 9.0,
                    w: bar,
                    h: 11.0,
                    fill: Some(0.35),
                    stroke: 0.0,
                });
            }
            let value = crate::inspect::thousands(*count);
            self.push_text(bar_left + bar + 4.0, self.y, Face::Regular, size, &value);
            self.y += pitch;
            self.fresh = false;
        }
        self.y += pitch / 2.0;
    }

    fn table(&mut self, t: &Table) {
        let size = t.size;
        let pitch = if self.geo.pleading { LINE_PITCH / 2.0 } else { (size * 1.25).round() };
        let pad = CELL_PAD;
        let widths = match &t.widths {
            Some(w) if w.len() == t.columns.len() + usize::from(t.number_header.is_some()) => w.clone(),
            _ => column_widths(t, self.right - self.left, pad, size),
        };
        let headers: Vec<String> =
            t.number_header.iter().cloned().chain(t.columns.iter().map(|c| c.header.clone())).collect();
        let aligns: Vec<Align> =
            t.number_header.iter().map(|_| Align::Right).chain(t.columns.iter().map(|c| c.align)).collect();
        let header_lines: Vec<Vec<String>> =
            headers.iter().zip(&widths).map(|(h, w)| self.wrap(h, Face::Bold, size, w - 2.0 * pad)).collect();
        let header_height = header_lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
        self.y += pitch - self.geo.pitch(Spacing::Single).min(pitch);
        if self.room(pitch) < header_height + 2 && !self.fresh {
            self.page_break();
        }
        let mut zebra = false;
        let header = Header { lines: &header_lines, widths: &widths, aligns: &aligns, height: header_height };
        self.table_header(&header, pitch, size);
        let mut cells: Vec<Vec<String>> = Vec::new();
        // Bookmark rows wait for the page where the next row lands.
        let mut marks: Vec<(&String, u8)> = Vec::new();
        for (k, row) in t.rows.iter().enumerate() {
            match row {
                Row::Bookmark { title, level } => marks.push((title, *level)),
                Row::Group(label) => {
                    let next = match t.rows.get(k + 1) {
                        Some(Row::Cells { .. }) => 1,
                        _ => 0,
                    };
                    if self.room(pitch) < 1 + next + 1 {
                        self.page_break();
                        self.table_header(&header, pitch, size);
                    }
                    self.table_marks(&mut marks);
                    self.y += pitch / 2.0;
                    let left = self.left + pad;
                    self.text(left, self.y, Face::Bold, size, label);
                    self.y += pitch;
                    zebra = false;
                }
                Row::Cells { number, cells: values } => {
                    cells.clear();
                    let number_text = number.map(|n| n.to_string());
                    let all = number_text.iter().map(String::as_str).chain(values.iter().map(String::as_str));
                    for (value, w) in all.zip(&widths) {
                        let lines = value
                            .split('\n')
                            .flat_map(|part| self.wrap(part, Face::Regular, size, w - 2.0 * pad))
                            .collect();
                        cells.push(lines);
                    }
                    let lines = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
                    if self.room(pitch) < lines {
                        self.page_break();
                        self.table_header(&header, pitch, size);
                        zebra = false;
                    }
                    self.table_marks(&mut marks);
                    let top = self.y - pitch * 0.75;
                    if t.zebra && zebra {
                        self.items.push(Item::Rect {
                            x: self.left,
                            y: top,
                            w: self.right - self.left,
                            h: lines as f32 * pitch,
                            fill: Some(0.92),
                            stroke: 0.0,
                        });
                    }
                    zebra = !zebra;
                    let mut x = self.left;
                    for ((cell, w), align) in cells.iter().zip(&widths).zip(&aligns) {
                        for (j, text) in cell.iter().enumerate() {
                            let y = self.y + j as f32 * pitch;
                            let tw = Family::get().width(Face::Regular, size, text);
                            let tx = match align {
                                Align::Right => x + w - pad - tw,
                                Align::Center => x + (w - tw) / 2.0,
                                _ => x + pad,
                            };
                            self.push_text(tx, y, Face::Regular, size, text);
                        }
                        x += w;
                    }
                    self.y += lines as f32 * pitch;
                    if !t.zebra {
                        let ry = self.y - pitch * 0.75;
                        self.line(self.left, ry, self.right, ry, 0.25);
                    }
                    self.fresh = false;
                }
            }
        }
        self.y += pitch / 2.0;
    }

    /// The outline entries of [`Row::Bookmark`] rows, at the current page.
    fn table_marks(&mut self, marks: &mut Vec<(&String, u8)>) {
        for (title, level) in marks.drain(..) {
            self.out.outline.push(Outline { title: title.clone(), page: self.out.pages.len(), level });
        }
    }

    fn table_header(&mut self, header: &Header, pitch: f32, size: f32) {
        let top = self.y - pitch * 0.75;
        self.line(self.left, top, self.right, top, 0.75);
        let mut x = self.left;
        for ((cell, w), align) in header.lines.iter().zip(header.widths).zip(header.aligns) {
            for (j, text) in cell.iter().enumerate() {
                let tw = Family::get().width(Face::Bold, size, text);
                let tx = match align {
                    Align::Right => x + w - CELL_PAD - tw,
                    Align::Center => x + (w - tw) / 2.0,
                    _ => x + CELL_PAD,
                };
                self.push_text(tx, self.y + j as f32 * pitch, Face::Bold, size, text);
            }
            x += w;
        }
        self.y += header.height as f32 * pitch;
        let bottom = self.y - pitch * 0.75;
        self.line(self.left, bottom, self.right, bottom, 0.75);
        self.fresh = false;
    }

    fn form_item(&mut self, item: &FormItem) {
        let size = 11.0;
        let pitch = 14.0;
        match item {
            FormItem::Text(spans) => {
                let p = Paragraph {
                    spans: spans.clone(),
                    align: Align::Left,
                    spacing: Spacing::Single,
                    ..Paragraph::default()
                };
                self.paragraph_sized(&p, size, None);
                self.y += 2.0;
            }
            FormItem::Check { checked, label, indent } => {
                if self.room(pitch) < 1 {
                    self.page_break();
                }
                let bx = self.left + indent;
                let b = 9.0;
                let top = self.y - 8.0;
                self.items.push(Item::Rect { x: bx, y: top, w: b, h: b, fill: None, stroke: 0.75 });
                if *checked {
                    self.items.push(Item::Check { x: bx, y: top, size: b });
                }
                let saved = self.left;
                self.left = bx + b + 5.0;
                let p = Paragraph {
                    spans: label.clone(),
                    align: Align::Left,
                    spacing: Spacing::Single,
                    ..Paragraph::default()
                };
                self.paragraph_sized(&p, size, None);
                self.left = saved;
                self.y += 2.0;
            }
            FormItem::Fields(fields) => {
                if self.room(pitch) < 1 {
                    self.page_break();
                }
                let total: f32 = fields.iter().map(|f| f.width).sum::<f32>().max(1.0);
                let width = self.right - self.left;
                let mut x = self.left;
                let mut deepest = 1;
                let y = self.y;
                for f in fields {
                    let w = width * f.width / total;
                    let lw =
                        if f.label.is_empty() { 0.0 } else { self.text(x, y, Face::Regular, size, &f.label) + 4.0 };
                    let vw = w - lw - 8.0;
                    let lines = self.wrap(&f.value, Face::Regular, size, vw.max(20.0));
                    let lines = if lines.is_empty() { vec![String::new()] } else { lines };
                    for (j, l) in lines.iter().enumerate() {
                        let ly = y + j as f32 * pitch;
                        self.text(x + lw + 2.0, ly, Face::Regular, size, l);
                        self.line(x + lw, ly + 2.5, x + w - 8.0, ly + 2.5, 0.5);
                    }
                    deepest = deepest.max(lines.len());
                    x += w;
                }
                self.y += deepest as f32 * pitch + 4.0;
                self.fresh = false;
            }
            FormItem::Boxed { title, items } => {
                let start_page = self.out.pages.len();
                self.y += 6.0;
                let top = self.y - pitch;
                let (sl, sr) = (self.left, self.right);
                if let Some(title) = title {
                    self.items.push(Item::Rect {
                        x: sl,
                        y: top,
                        w: sr - sl,
                        h: pitch + 2.0,
                        fill: Some(0.85),
                        stroke: 0.0,
                    });
                    self.text(sl + 6.0, self.y - 1.0, Face::Bold, size, title);
                    self.y += pitch + 4.0;
                } else {
                    self.y += 4.0;
                }
                self.left += 6.0;
                self.right -= 6.0;
                for i in items {
                    self.form_item(i);
                }
                self.left = sl;
                self.right = sr;
                let bottom = self.y - pitch + 6.0;
                let box_top = if self.out.pages.len() == start_page { top } else { self.geo.first_baseline - pitch };
                self.items.push(Item::Rect {
                    x: sl,
                    y: box_top,
                    w: sr - sl,
                    h: bottom - box_top,
                    fill: None,
                    stroke: 0.75,
                });
                self.y += 10.0;
                self.fresh = false;
            }
            FormItem::SignatureLine { label, date } => {
                if self.room(pitch) < 3 {
                    self.page_break();
                }
                self.y += pitch * 1.5;
                let mid = (self.left + self.right) / 2.0;
                let y = self.y;
                if let Some(date) = date {
                    let w = self.text(self.left, y, Face::Regular, size, "Date:") + 4.0;
                    let value = date.clone();
                    self.text(self.left + w + 2.0, y, Face::Regular, size, &value);
                    self.line(self.left + w, y + 2.5, mid - 20.0, y + 2.5, 0.5);
                }
                self.line(mid, y + 2.5, self.right, y + 2.5, 0.5);
                self.text(mid, y + 12.0, Face::Italic, 9.0, label);
                self.y += pitch * 2.0;
                self.fresh = false;
            }
            FormItem::Overflow { table, max_rows, attachment_title } => {
                let mut shown = table.clone();
                let mut count = 0usize;
                let mut cut = table.rows.len();
                for (k, row) in table.rows.iter().enumerate() {
                    if matches!(row, Row::Cells { .. }) {
                        if count == *max_rows {
                            cut = k;
                            break;
                        }
                        count += 1;
                    }
                }
                shown.rows.truncate(cut);
                self.y += pitch;
                self.table(&shown);
                if cut < table.rows.len() {
                    let rest: Vec<Row> = table.rows[cut..].to_vec();
                    let more = rest.iter().filter(|r| matches!(r, Row::Cells { .. })).count();
                    let n = self.attachments.len() + 1;
                    let note = format!("{more} more — continued on Attachment {n}: {attachment_title}");
                    self.text(self.left, self.y, Face::Italic, size, &note);
                    self.y += pitch;
                    let mut attached = table.clone();
                    attached.rows = rest;
                    self.attachments.push((format!("Attachment {n}: {attachment_title}"), attached));
                }
            }
            FormItem::Space(points) => self.y += points,
        }
    }

    /// Attachment pages for overflowing form tables.
    fn flush_attachments(&mut self) {
        for (title, table) in std::mem::take(&mut self.attachments) {
            self.page_break();
            let (l, r) = (self.left, self.right);
            let y = self.y;
            self.centered(y, Face::Bold, TEXT_SIZE, &title, l, r);
            self.y += LINE_PITCH;
            self.table(&table);
        }
    }
}

/// A table's header, laid out once and drawn on every page.
struct Header<'h> {
    lines: &'h [Vec<String>],
    widths: &'h [f32],
    aligns: &'h [Align],
    height: usize,
}

/// Column widths from the content, within each column's limits, filling
/// `width`: each column gets room for its widest line where possible, and
/// never (unless the limits say so) less than its widest word.
pub fn column_widths(t: &Table, width: f32, pad: f32, size: f32) -> Vec<f32> {
    let family = Family::get();
    // (least, preferred) widths per column.
    let mut want: Vec<(f32, f32)> = Vec::new();
    if let Some(h) = &t.number_header {
        let last = t
            .rows
            .iter()
            .filter_map(|r| if let Row::Cells { number: Some(n), .. } = r { Some(*n) } else { None })
            .max();
        let digits = last.unwrap_or(1).to_string().len();
        let w =
            family.width(Face::Bold, size, h).max(family.width(Face::Regular, size, &"0".repeat(digits))) + 2.0 * pad;
        want.push((w, w));
    }
    // Words break after a comma or slash too (see `split_wide`); a column
    // is made wide enough for hyphenated tokens such as case numbers.
    let widest_word = |face: Face, text: &str| {
        text.split_inclusive([' ', '\n', ',', '/']).map(|w| family.width(face, size, w.trim_end())).fold(0.0, f32::max)
    };
    for (i, c) in t.columns.iter().enumerate() {
        let hi_limit = c.max_width.max(c.min_width);
        let mut line = widest_word(Face::Bold, &c.header);
        let mut word = line;
        for row in &t.rows {
            if let Row::Cells { cells, .. } = row
                && let Some(v) = cells.get(i)
            {
                for part in v.split('\n') {
                    line = line.max(family.width(Face::Regular, size, part));
                }
                if word + 2.0 * pad < hi_limit {
                    word = word.max(widest_word(Face::Regular, v));
                }
            }
        }
        let least = (word + 2.0 * pad).clamp(c.min_width, hi_limit);
        let preferred = (line + 2.0 * pad).clamp(least, hi_limit);
        want.push((least, preferred));
    }
    let mut widths: Vec<f32> = want.iter().map(|w| w.1).collect();
    let total: f32 = widths.iter().sum();
    if total > width {
        // Give up wrapping room first, in proportion to what each column can give.
        let give: f32 = want.iter().map(|(lo, hi)| hi - lo).sum();
        let k = if give > 0.0 { ((total - width) / give).min(1.0) } else { 0.0 };
        for (w, (lo, hi)) in widths.iter_mut().zip(&want) {
            *w = hi - (hi - lo) * k;
        }
        let total: f32 = widths.iter().sum();
        if total > width {
            // Still too wide: words must break. The widest columns are cut
            // down to a common cap (never below their own minimum), so short
            // values such as dates keep their width and long names break.
            let floors: Vec<f32> =
                t.number_header.iter().map(|_| widths[0]).chain(t.columns.iter().map(|c| c.min_width)).collect();
            let capped = |cap: f32| -> f32 { widths.iter().zip(&floors).map(|(w, lo)| w.min(cap).max(*lo)).sum() };
            let (mut lo, mut hi) = (0.0f32, widths.iter().copied().fold(0.0, f32::max));
            for _ in 0..40 {
                let mid = (lo + hi) / 2.0;
                if capped(mid) > width { hi = mid } else { lo = mid }
            }
            for (w, floor) in widths.iter_mut().zip(&floors) {
                *w = w.min(lo).max(*floor);
            }
            // ... and only when the minimums themselves do not fit does every column narrow.
            let total: f32 = widths.iter().sum();
            if total > width {
                let k = width / total;
                widths.iter_mut().for_each(|w| *w *= k);
            }
        }
    } else if total < width {
        // Spread what is left over the columns that can grow.
        let limits: Vec<f32> =
            t.number_header.iter().map(|_| 0.0).chain(t.columns.iter().map(|c| c.max_width.max(c.min_width))).collect();
        let grow: f32 = widths.iter().zip(&limits).map(|(w, hi)| (hi - w).max(0.0)).sum();
        if grow > 0.0 {
            let k = ((width - total) / grow).min(1.0);
            for (w, hi) in widths.iter_mut().zip(&limits) {
                *w += (hi - *w).max(0.0) * k;
            }
        }
    }
    widths
}
