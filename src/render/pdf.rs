//! PDF output: laid-out pages → one PDF file, through printpdf.
//!
//! printpdf turns the drawing operations into content streams and embeds a
//! subset of each face used (its `text_layout` feature does the
//! subsetting). This module then fixes in the lopdf document what printpdf
//! leaves to chance, so the same pages always give the same bytes:
//! font resource names and subset tags are fixed (`CMSERA+...`), the
//! outline is built here (nested: document → section → item, in document
//! order; printpdf's is flat and sorted by title), the dates are the one the
//! caller gives, and the file ID is a hash of the file's own content
//! instead of printpdf's random string.

use std::collections::BTreeMap;
use std::io::Write;
use std::sync::OnceLock;

use lopdf::{Object, ObjectId, StringFormat};
use printpdf::{
    Color, FontId, Greyscale, Line, LinePoint, Op, PaintMode, ParsedFont, PdfDocument, PdfFont, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Polygon, PolygonRing, Pt, TextItem, TextMatrix, WindingOrder,
};
use sha2::{Digest, Sha256};

use super::fonts::Face;
use super::layout::{Item, Outline, PAGE_HEIGHT, PAGE_WIDTH, Rendered};

/// The document information of a file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metadata {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub keywords: Vec<String>,
    /// The date recorded as the file's creation date (the run's as-of
    /// date); `None` records no date.
    pub date: Option<chrono::NaiveDate>,
}

/// What was written.
#[derive(Debug, Clone, PartialEq)]
pub struct PdfStats {
    pub pages: usize,
    pub bytes: u64,
    /// SHA-256 of the file, hex.
    pub sha256: String,
    /// Characters that could not be drawn (shown as `?`) or were invisible
    /// controls (not drawn).
    pub missing: Vec<char>,
    /// Each document's title and first page (1-based, as `file.pdf#page=N` links it).
    pub documents: Vec<(String, usize)>,
}

/// Fixed resource names; the first six letters double as the subset tag.
const FONT_IDS: [&str; 4] = ["CMSERA", "CMSERB", "CMSERC", "CMSERD"];
/// Stands in for the file ID until the content is hashed.
const ID_PLACEHOLDER: &[u8; 32] = b"00000000000000000000000000000000";

fn parsed_fonts() -> &'static [ParsedFont; 4] {
    static FONTS: OnceLock<[ParsedFont; 4]> = OnceLock::new();
    FONTS.get_or_init(|| {
        Face::ALL.map(|face| {
            let mut warnings = Vec::new();
            ParsedFont::from_bytes(face.bytes(), 0, &mut warnings).expect("the bundled fonts parse")
        })
    })
}

fn font_id(face: Face) -> FontId {
    FontId(FONT_IDS[face.index()].to_string())
}

fn pt(x: f32, y: f32) -> Point {
    Point { x: Pt(x), y: Pt(PAGE_HEIGHT - y) }
}

fn path(points: &[(f32, f32)]) -> Vec<LinePoint> {
    points.iter().map(|&(x, y)| LinePoint { p: pt(x, y), bezier: false }).collect()
}

fn grey(level: f32) -> Color {
    Color::Greyscale(Greyscale { percent: level, icc_profile: None })
}

/// One page's drawing operations: shapes first, then all text in one text object.
fn page_ops(items: &[Item]) -> Vec<Op> {
    let mut ops = Vec::with_capacity(items.len() + 16);
    let mut thickness = f32::NAN;
    let mut set_thickness = |ops: &mut Vec<Op>, w: f32| {
        if w != thickness {
            thickness = w;
            ops.push(Op::SetOutlineThickness { pt: Pt(w) });
        }
    };
    ops.push(Op::SetOutlineColor { col: grey(0.0) });
    for item in items {
        match item {
            Item::Line { x1, y1, x2, y2, width } => {
                set_thickness(&mut ops, *width);
                ops.push(Op::DrawLine { line: Line { points: path(&[(*x1, *y1), (*x2, *y2)]), is_closed: false } });
            }
            Item::Rect { x, y, w, h, fill, stroke } => {
                let ring = PolygonRing { points: path(&[(*x, *y), (x + w, *y), (x + w, y + h), (*x, y + h)]) };
                let mode = match fill {
                    Some(level) => {
                        ops.push(Op::SetFillColor { col: grey(*level) });
                        PaintMode::Fill
                    }
                    None => {
                        set_thickness(&mut ops, *stroke);
                        PaintMode::Stroke
                    }
                };
                ops.push(Op::DrawPolygon {
                    polygon: Polygon { rings: vec![ring], mode, winding_order: WindingOrder::NonZero },
                });
            }
            Item::Check { x, y, size } => {
                set_thickness(&mut ops, size * 0.14);
                let s = *size;
                let points = [(x + s * 0.18, y + s * 0.55), (x + s * 0.42, y + s * 0.82), (x + s * 0.86, y + s * 0.16)];
                ops.push(Op::DrawLine { line: Line { points: path(&points), is_closed: false } });
            }
            Item::Text { .. } => {}
        }
    }
    ops.push(Op::SetFillColor { col: grey(0.0) });
    ops.push(Op::StartTextSection);
    let mut current: Option<(Face, f32)> = None;
    for item in items {
        if let Item::Text { x, y, face, size, text, .. } = item {
            if current != Some((*face, *size)) {
                current = Some((*face, *size));
                ops.push(Op::SetFont { font: PdfFontHandle::External(font_id(*face)), size: Pt(*size) });
            }
            ops.push(Op::SetTextMatrix { matrix: TextMatrix::Translate(Pt(*x), Pt(PAGE_HEIGHT - y)) });
            ops.push(Op::ShowText { items: vec![TextItem::Text(text.clone())] });
        }
    }
    ops.push(Op::EndTextSection);
    ops
}

/// Text for the outline and the document information: PDFDocEncoding
/// when ASCII, else UTF-16BE with a byte-order mark.
fn text_string(s: &str) -> Object {
    if s.is_ascii() {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        for unit in s.encode_utf16() {
            bytes.extend_from_slice(&unit.to_be_bytes());
        }
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

/// Builds the nested outline: each entry's parent is the last entry of a lower level before it.
fn add_outline(doc: &mut lopdf::Document, outline: &[Outline], pages: &[ObjectId]) -> Option<ObjectId> {
    let entries: Vec<&Outline> = outline.iter().filter(|o| o.page < pages.len()).collect();
    if entries.is_empty() {
        return None;
    }
    let root = doc.new_object_id();
    let ids: Vec<ObjectId> = entries.iter().map(|_| doc.new_object_id()).collect();
    // parent[i] = None for the root's children.
    let mut parent: Vec<Option<usize>> = Vec::with_capacity(entries.len());
    let mut stack: Vec<usize> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        while stack.last().is_some_and(|&j| entries[j].level >= e.level) {
            stack.pop();
        }
        parent.push(stack.last().copied());
        stack.push(i);
    }
    let mut children: BTreeMap<Option<usize>, Vec<usize>> = BTreeMap::new();
    for (i, p) in parent.iter().enumerate() {
        children.entry(*p).or_default().push(i);
    }
    // Descendant counts; documents open, sections closed (negative count).
    let mut descendants = vec![0i64; entries.len()];
    for i in (0..entries.len()).rev() {
        if let Some(p) = parent[i] {
            descendants[p] += 1 + descendants[i];
        }
    }
    for (i, e) in entries.iter().enumerate() {
        let siblings = &children[&parent[i]];
        let pos = siblings.iter().position(|&s| s == i).unwrap_or(0);
        let mut dict = lopdf::Dictionary::new();
        dict.set("Title", text_string(&e.title));
        dict.set("Parent", Object::Reference(parent[i].map_or(root, |p| ids[p])));
        dict.set("Dest", Object::Array(vec![Object::Reference(pages[e.page]), Object::Name(b"Fit".to_vec())]));
        if pos > 0 {
            dict.set("Prev", Object::Reference(ids[siblings[pos - 1]]));
        }
        if let Some(&next) = siblings.get(pos + 1) {
            dict.set("Next", Object::Reference(ids[next]));
        }
        if let Some(kids) = children.get(&Some(i)) {
            dict.set("First", Object::Reference(ids[kids[0]]));
            dict.set("Last", Object::Reference(ids[*kids.last().unwrap_or(&kids[0])]));
            let count = descendants[i];
            dict.set("Count", Object::Integer(if e.level == 0 { count } else { -count }));
        }
        doc.objects.insert(ids[i], Object::Dictionary(dict));
    }
    let top = &children[&None];
    let mut dict = lopdf::Dictionary::new();
    dict.set("Type", Object::Name(b"Outlines".to_vec()));
    dict.set("First", Object::Reference(ids[top[0]]));
    dict.set("Last", Object::Reference(ids[*top.last().unwrap_or(&top[0])]));
    let visible: i64 = top.iter().map(|&i| 1 + if entries[i].level == 0 { descendants[i] } else { 0 }).sum();
    dict.set("Count", Object::Integer(visible));
    doc.objects.insert(root, Object::Dictionary(dict));
    Some(root)
}

/// Compresses every stream that is not compressed yet. lopdf's own
/// `compress` uses the slowest deflate level, which took a quarter of the
/// time of writing an exhibit; level 1 costs a few hundred bytes a page.
fn compress(doc: &mut lopdf::Document) -> std::io::Result<()> {
    use flate2::{Compression, write::ZlibEncoder};
    for object in doc.objects.values_mut() {
        if let Object::Stream(stream) = object
            && stream.dict.get(b"Filter").is_err()
        {
            let mut encoder = ZlibEncoder::new(Vec::with_capacity(stream.content.len() / 3), Compression::fast());
            encoder.write_all(&stream.content)?;
            let compressed = encoder.finish()?;
            if compressed.len() + 19 < stream.content.len() {
                stream.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
                stream.set_content(compressed);
            }
        }
    }
    Ok(())
}

fn pdf_date(date: chrono::NaiveDate) -> Object {
    Object::String(date.format("D:%Y%m%d000000Z").to_string().into_bytes(), StringFormat::Literal)
}

/// The whole file as bytes.
pub fn to_bytes(rendered: &Rendered, meta: &Metadata) -> std::io::Result<Vec<u8>> {
    encode(rendered.pages.iter().map(|p| p.items.as_slice()), &rendered.outline, meta)
}

/// Like [`to_bytes`], consuming the layout: each page's layout is freed as
/// soon as it is turned into drawing operations, so a long file never holds
/// both whole.
pub fn into_bytes(rendered: Rendered, meta: &Metadata) -> std::io::Result<(Vec<u8>, PdfStats)> {
    let Rendered { pages, outline, missing, .. } = rendered;
    let count = pages.len();
    let bytes = encode(pages.into_iter().map(|p| p.items), &outline, meta)?;
    let stats = stats_of(count, &missing, &outline, &bytes);
    Ok((bytes, stats))
}

fn encode<P: std::borrow::Borrow<[Item]>>(
    pages: impl Iterator<Item = P>,
    outline: &[Outline],
    meta: &Metadata,
) -> std::io::Result<Vec<u8>> {
    let mut doc = PdfDocument::new(&meta.title);
    let mut used = [false; 4];
    let letter = printpdf::Rect::from_wh(Pt(PAGE_WIDTH), Pt(PAGE_HEIGHT));
    let pages: Vec<PdfPage> = pages
        .map(|items| {
            let items = items.borrow();
            for item in items {
                if let Item::Text { face, .. } = item {
                    used[face.index()] = true;
                }
            }
            PdfPage {
                media_box: letter.clone(),
                trim_box: letter.clone(),
                crop_box: letter.clone(),
                ops: page_ops(items),
            }
        })
        .collect();
    for face in Face::ALL {
        if used[face.index()] {
            let font = PdfFont::new(parsed_fonts()[face.index()].clone());
            doc.resources.fonts.map.insert(font_id(face), font);
        }
    }
    doc.pages = pages;
    let options = PdfSaveOptions { optimize: true, subset_fonts: true, secure: true, image_optimization: None };
    let mut warnings = Vec::new();
    let mut lo = printpdf::to_lopdf_doc(&doc, &options, &mut warnings);
    drop(doc);

    let page_ids: Vec<ObjectId> = lo.get_pages().into_values().collect();
    let outline = add_outline(&mut lo, outline, &page_ids);
    let catalog_id = lo.trailer.get(b"Root").and_then(Object::as_reference).map_err(std::io::Error::other)?;
    let info_id = lo.trailer.get(b"Info").and_then(Object::as_reference).map_err(std::io::Error::other)?;
    if let Ok(catalog) = lo.get_object_mut(catalog_id).and_then(Object::as_dict_mut) {
        catalog.remove(b"Outlines");
        match outline {
            Some(root) => {
                catalog.set("Outlines", Object::Reference(root));
                catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
            }
            None => catalog.set("PageMode", Object::Name(b"UseNone".to_vec())),
        }
    }
    let mut info = lopdf::Dictionary::new();
    info.set("Title", text_string(&meta.title));
    if !meta.author.is_empty() {
        info.set("Author", text_string(&meta.author));
    }
    if !meta.subject.is_empty() {
        info.set("Subject", text_string(&meta.subject));
    }
    if !meta.keywords.is_empty() {
        info.set("Keywords", text_string(&meta.keywords.join(", ")));
    }
    info.set("Creator", text_string(concat!("clearmotion ", env!("CARGO_PKG_VERSION"))));
    info.set("Producer", text_string("clearmotion (printpdf, lopdf)"));
    if let Some(date) = meta.date {
        info.set("CreationDate", pdf_date(date));
        info.set("ModDate", pdf_date(date));
    }
    lo.objects.insert(info_id, Object::Dictionary(info));
    let placeholder = Object::String(ID_PLACEHOLDER.to_vec(), StringFormat::Literal);
    lo.trailer.set("ID", Object::Array(vec![placeholder.clone(), placeholder]));
    compress(&mut lo)?;
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes)?;

    // The file ID: a hash of the file as written with the placeholder.
    let digest = Sha256::digest(&bytes);
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    let mut from = bytes.len().saturating_sub(4096);
    while let Some(at) = memchr::memmem::find(&bytes[from..], ID_PLACEHOLDER) {
        let at = from + at;
        bytes[at..at + 32].copy_from_slice(hex.as_bytes());
        from = at + 32;
    }
    Ok(bytes)
}

fn stats_of(pages: usize, missing: &std::collections::BTreeSet<char>, outline: &[Outline], bytes: &[u8]) -> PdfStats {
    let digest = Sha256::digest(bytes);
    PdfStats {
        pages,
        bytes: bytes.len() as u64,
        sha256: digest.iter().map(|b| format!("{b:02x}")).collect(),
        missing: missing.iter().copied().collect(),
        documents: outline.iter().filter(|o| o.level == 0).map(|o| (o.title.clone(), o.page + 1)).collect(),
    }
}
