//! PDF output: laid-out pages → one PDF file, written as the pages are made.
//!
//! [`PdfWriter`] takes one finished page at a time, writes its content
//! stream (deflate level 1) and page object to the output at once and keeps
//! only the page's object number: memory is bounded by one page, not by the
//! file (an exhibit volume of 30,000 pages never sits in memory). Objects are
//! serialised with pdf-writer, one [`pdf_writer::Chunk`] per object, numbered
//! in the order they are written (so the same pages always give the same
//! numbers) and recorded in our own cross-reference table.
//!
//! Text is drawn in the four bundled faces as Type0/CIDFontType2 fonts with
//! Identity-H: the content streams name glyphs by their number in the subset,
//! which subsetter's `GlyphRemapper` hands out in order of first use, so a
//! page can be written before the subset is known. At the end come the font
//! subsets (subsetter), their widths and ToUnicode maps, the page tree, the
//! outline (nested: document → section → item, in document order), the
//! document information (dates from [`Metadata::date`], never the clock), the
//! catalog, the cross-reference table and the trailer, whose file ID is a
//! hash of the bytes written before it.
//!
//! printpdf, which wrote these files before, builds the whole document in
//! memory before saving (README, "Renderer figures").

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::sync::OnceLock;

use flate2::{Compression, write::ZlibEncoder};
use pdf_writer::types::{CidFontType, FontFlags, SystemInfo};
use pdf_writer::{Chunk, Content, Filter, Finish, Name, Rect, Ref, Settings, Str, TextStr};
use sha2::{Digest, Sha256};
use subsetter::GlyphRemapper;

use super::fonts::Face;
use super::layout::{Item, Outline, PAGE_HEIGHT, PAGE_WIDTH, Page, Rendered};

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

/// Fixed resource names; they double as the subset tags (`CMSERA+LiberationSerif`).
const FONT_NAMES: [&[u8]; 4] = [b"CMSERA", b"CMSERB", b"CMSERC", b"CMSERD"];
/// The page tree's root: its number is needed by every page before it is written.
const PAGES_ROOT: Ref = Ref::new(1);
const COMPACT: Settings = Settings { pretty: false };

fn parsed_faces() -> &'static [ttf_parser::Face<'static>; 4] {
    static FACES: OnceLock<[ttf_parser::Face<'static>; 4]> = OnceLock::new();
    FACES.get_or_init(|| Face::ALL.map(|f| ttf_parser::Face::parse(f.bytes(), 0).expect("the bundled fonts parse")))
}

/// The bytes written so far: counted (object offsets) and hashed (file ID, stats).
struct Counted<W: Write> {
    inner: W,
    written: u64,
    hash: Sha256,
}

impl<W: Write> Counted<W> {
    fn put(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.inner.write_all(bytes)?;
        self.hash.update(bytes);
        self.written += bytes.len() as u64;
        Ok(())
    }
}

/// The glyphs of one face used so far.
#[derive(Default)]
struct FontUse {
    /// Old glyph id → subset glyph id (= CID), in order of first use.
    remapper: Option<GlyphRemapper>,
    /// Character → CID for U+0000..U+07FF seen so far (`u16::MAX` = not
    /// yet), a table rather than a hash map: this lookup is per character.
    low: Vec<u16>,
    /// Character → CID for the rest.
    cids: HashMap<char, u16>,
    /// CID → the character it was first drawn for (the ToUnicode map).
    unicode: BTreeMap<u16, char>,
}

impl FontUse {
    fn cid(&mut self, face: Face, c: char) -> u16 {
        const LOW: usize = 0x800;
        let code = c as usize;
        if code < LOW {
            if self.low.is_empty() {
                self.low = vec![u16::MAX; LOW];
            }
            if self.low[code] != u16::MAX {
                return self.low[code];
            }
        } else if let Some(&cid) = self.cids.get(&c) {
            return cid;
        }
        let glyph = parsed_faces()[face.index()].glyph_index(c).map_or(0, |g| g.0);
        let cid = self.remapper.get_or_insert_with(GlyphRemapper::new).remap(glyph);
        if code < LOW {
            self.low[code] = cid;
        } else {
            self.cids.insert(c, cid);
        }
        if cid != 0 {
            self.unicode.entry(cid).or_insert(c);
        }
        cid
    }
}

/// Writes a PDF file page by page to `W`.
pub struct PdfWriter<W: Write> {
    out: Counted<W>,
    meta: Metadata,
    /// Offsets of objects 1..; `None` until written.
    offsets: Vec<Option<u64>>,
    pages: Vec<Ref>,
    fonts: [FontUse; 4],
    /// Reused between pages.
    content: Vec<u8>,
    compressed: Vec<u8>,
    glyphs: Vec<u8>,
}

impl<W: Write> PdfWriter<W> {
    pub fn new(out: W, meta: &Metadata) -> std::io::Result<PdfWriter<W>> {
        let mut writer = PdfWriter {
            out: Counted { inner: out, written: 0, hash: Sha256::new() },
            meta: meta.clone(),
            offsets: vec![None],
            pages: Vec::new(),
            fonts: Default::default(),
            content: Vec::new(),
            compressed: Vec::new(),
            glyphs: Vec::new(),
        };
        writer.out.put(b"%PDF-1.7\n%\x80\x80\x80\x80\n")?;
        Ok(writer)
    }

    /// Bytes written so far.
    pub fn written(&self) -> u64 {
        self.out.written
    }

    fn alloc(&mut self) -> Ref {
        self.offsets.push(None);
        Ref::new(self.offsets.len() as i32)
    }

    /// Writes a chunk holding exactly the object `id`.
    fn put(&mut self, id: Ref, chunk: &Chunk) -> std::io::Result<()> {
        self.offsets[id.get() as usize - 1] = Some(self.out.written);
        self.out.put(chunk.as_bytes())
    }

    /// Writes a stream object, deflated.
    fn put_stream(&mut self, id: Ref, data: &[u8], extra: impl FnOnce(&mut pdf_writer::Stream)) -> std::io::Result<()> {
        let mut encoder = ZlibEncoder::new(std::mem::take(&mut self.compressed), Compression::fast());
        encoder.write_all(data)?;
        let compressed = encoder.finish()?;
        let mut chunk = Chunk::with_settings_and_capacity(COMPACT, compressed.len() + 64);
        let mut stream = chunk.stream(id, &compressed);
        stream.filter(Filter::FlateDecode);
        extra(&mut stream);
        stream.finish();
        self.put(id, &chunk)?;
        self.compressed = compressed;
        self.compressed.clear();
        Ok(())
    }

    /// Writes one page: its content stream and its page object.
    pub fn page(&mut self, items: &[Item]) -> std::io::Result<()> {
        let content = self.page_content(items);
        let content_id = self.alloc();
        self.put_stream(content_id, &content, |_| {})?;
        self.content = content;
        let page_id = self.alloc();
        let mut chunk = Chunk::with_settings_and_capacity(COMPACT, 128);
        chunk
            .page(page_id)
            .parent(PAGES_ROOT)
            .media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT))
            .contents(content_id);
        self.put(page_id, &chunk)?;
        self.pages.push(page_id);
        Ok(())
    }

    /// One page's drawing operations: shapes first, then all text in one text object.
    fn page_content(&mut self, items: &[Item]) -> Vec<u8> {
        let flip = |y: f32| PAGE_HEIGHT - y;
        let mut c = Content::new();
        let mut thickness = f32::NAN;
        let mut set_thickness = |c: &mut Content, w: f32| {
            if w != thickness {
                thickness = w;
                c.set_line_width(w);
            }
        };
        c.set_stroke_gray(0.0);
        for item in items {
            match *item {
                Item::Line { x1, y1, x2, y2, width } => {
                    set_thickness(&mut c, width);
                    c.move_to(x1, flip(y1)).line_to(x2, flip(y2)).stroke();
                }
                Item::Rect { x, y, w, h, fill, stroke } => {
                    // As a closed path, not `re`: poppler antialiases the two differently.
                    match fill {
                        Some(level) => c.set_fill_gray(level),
                        None => {
                            set_thickness(&mut c, stroke);
                            &mut c
                        }
                    };
                    c.move_to(x, flip(y)).line_to(x + w, flip(y)).line_to(x + w, flip(y + h));
                    c.line_to(x, flip(y + h)).close_path();
                    if fill.is_some() {
                        c.fill_nonzero();
                    } else {
                        c.stroke();
                    }
                }
                Item::Check { x, y, size: s } => {
                    set_thickness(&mut c, s * 0.14);
                    c.move_to(x + s * 0.18, flip(y + s * 0.55))
                        .line_to(x + s * 0.42, flip(y + s * 0.82))
                        .line_to(x + s * 0.86, flip(y + s * 0.16))
                        .stroke();
                }
                Item::Text { .. } => {}
            }
        }
        c.set_fill_gray(0.0);
        c.begin_text();
        let mut current: Option<(Face, f32)> = None;
        let mut glyphs = std::mem::take(&mut self.glyphs);
        for item in items {
            if let Item::Text { x, y, face, size, text, .. } = item {
                if current != Some((*face, *size)) {
                    current = Some((*face, *size));
                    c.set_font(Name(FONT_NAMES[face.index()]), *size);
                }
                c.set_text_matrix([1.0, 0.0, 0.0, 1.0, *x, flip(*y)]);
                glyphs.clear();
                let font = &mut self.fonts[face.index()];
                for ch in text.chars() {
                    glyphs.extend_from_slice(&font.cid(*face, ch).to_be_bytes());
                }
                c.show(Str(&glyphs));
            }
        }
        c.end_text();
        self.glyphs = glyphs;
        c.finish().into_vec()
    }

    /// Writes fonts, page tree, outline, information, catalog, cross-reference
    /// table and trailer.
    pub fn finish(mut self, outline: &[Outline]) -> std::io::Result<(W, u64, [u8; 32])> {
        // Fonts.
        let mut font_refs: Vec<(Face, Ref)> = Vec::new();
        for face in Face::ALL {
            let used = std::mem::take(&mut self.fonts[face.index()]);
            if let Some(remapper) = used.remapper {
                let id = self.write_font(face, &remapper, &used.unicode)?;
                font_refs.push((face, id));
            }
        }
        // Page tree, with the fonts as inherited resources.
        let mut chunk = Chunk::with_settings_and_capacity(COMPACT, 64 + self.pages.len() * 8);
        {
            let mut pages = chunk.pages(PAGES_ROOT);
            pages.kids(self.pages.iter().copied()).count(self.pages.len() as i32);
            let mut resources = pages.resources();
            let mut fonts = resources.fonts();
            for (face, id) in &font_refs {
                fonts.pair(Name(FONT_NAMES[face.index()]), *id);
            }
        }
        self.offsets[0] = Some(self.out.written);
        self.out.put(chunk.as_bytes())?;

        let outline_root = self.write_outline(outline)?;

        // Document information.
        let info_id = self.alloc();
        let mut chunk = Chunk::with_settings(COMPACT);
        {
            let meta = &self.meta;
            let mut info = chunk.indirect(info_id).start::<pdf_writer::writers::DocumentInfo>();
            info.title(TextStr(&meta.title));
            if !meta.author.is_empty() {
                info.author(TextStr(&meta.author));
            }
            if !meta.subject.is_empty() {
                info.subject(TextStr(&meta.subject));
            }
            if !meta.keywords.is_empty() {
                info.keywords(TextStr(&meta.keywords.join(", ")));
            }
            info.creator(TextStr(concat!("clearmotion ", env!("CARGO_PKG_VERSION"))));
            info.producer(TextStr("clearmotion (pdf-writer, subsetter)"));
            if let Some(date) = meta.date {
                let date = date.format("D:%Y%m%d000000Z").to_string();
                info.pair(Name(b"CreationDate"), Str(date.as_bytes()));
                info.pair(Name(b"ModDate"), Str(date.as_bytes()));
            }
        }
        self.put(info_id, &chunk)?;

        // Catalog.
        let catalog_id = self.alloc();
        let mut chunk = Chunk::with_settings(COMPACT);
        {
            let mut catalog = chunk.indirect(catalog_id).dict();
            catalog.pair(Name(b"Type"), Name(b"Catalog"));
            catalog.pair(Name(b"Pages"), PAGES_ROOT);
            match outline_root {
                Some(root) => {
                    catalog.pair(Name(b"Outlines"), root);
                    catalog.pair(Name(b"PageMode"), Name(b"UseOutlines"));
                }
                None => {
                    catalog.pair(Name(b"PageMode"), Name(b"UseNone"));
                }
            }
        }
        self.put(catalog_id, &chunk)?;

        // Cross-reference table.
        let xref_at = self.out.written;
        let mut xref = String::with_capacity(40 + 20 * self.offsets.len());
        xref.push_str(&format!("xref\n0 {}\n0000000000 65535 f\r\n", self.offsets.len() + 1));
        for offset in &self.offsets {
            match offset {
                Some(at) => xref.push_str(&format!("{at:010} 00000 n\r\n")),
                None => xref.push_str("0000000000 65535 f\r\n"),
            }
        }
        self.out.put(xref.as_bytes())?;

        // The file ID: a hash of everything before the trailer.
        let id: String = self.out.hash.clone().finalize().iter().take(16).map(|b| format!("{b:02x}")).collect();
        let trailer = format!(
            "trailer\n<</Size {} /Root {} 0 R /Info {} 0 R /ID [<{id}> <{id}>]>>\nstartxref\n{xref_at}\n%%EOF\n",
            self.offsets.len() + 1,
            catalog_id.get(),
            info_id.get(),
        );
        self.out.put(trailer.as_bytes())?;
        let Counted { mut inner, written, hash } = self.out;
        inner.flush()?;
        Ok((inner, written, hash.finalize().into()))
    }

    /// One font: Type0 over a CIDFontType2 with the subset embedded; returns the Type0's id.
    fn write_font(
        &mut self,
        face: Face,
        remapper: &GlyphRemapper,
        unicode: &BTreeMap<u16, char>,
    ) -> std::io::Result<Ref> {
        let parsed = &parsed_faces()[face.index()];
        let subset = subsetter::subset(face.bytes(), 0, remapper).map_err(|e| std::io::Error::other(format!("{e}")))?;
        let postscript = parsed
            .names()
            .into_iter()
            .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
            .find_map(|n| n.to_string())
            .unwrap_or_else(|| "LiberationSerif".to_string());
        let base = format!("{}+{postscript}", String::from_utf8_lossy(FONT_NAMES[face.index()]));
        let scale = 1000.0 / parsed.units_per_em() as f32;

        let file_id = self.alloc();
        let len = subset.len() as i32;
        self.put_stream(file_id, &subset, |s| {
            s.pair(Name(b"Length1"), len);
        })?;

        let mut cmap = pdf_writer::types::UnicodeCmap::new(Name(b"Custom"), system_info());
        for (&cid, &c) in unicode {
            cmap.pair(cid, c);
        }
        let cmap_id = self.alloc();
        self.put_stream(cmap_id, cmap.finish().as_slice(), |_| {})?;

        let descriptor_id = self.alloc();
        let mut chunk = Chunk::with_settings(COMPACT);
        {
            let bbox = parsed.global_bounding_box();
            let italic = matches!(face, Face::Italic | Face::BoldItalic);
            let bold = matches!(face, Face::Bold | Face::BoldItalic);
            let mut flags = FontFlags::SERIF | FontFlags::NON_SYMBOLIC;
            if italic {
                flags |= FontFlags::ITALIC;
            }
            let mut d = chunk.font_descriptor(descriptor_id);
            d.name(Name(base.as_bytes()))
                .flags(flags)
                .bbox(Rect::new(
                    bbox.x_min as f32 * scale,
                    bbox.y_min as f32 * scale,
                    bbox.x_max as f32 * scale,
                    bbox.y_max as f32 * scale,
                ))
                .italic_angle(parsed.italic_angle())
                .ascent(parsed.ascender() as f32 * scale)
                .descent(parsed.descender() as f32 * scale)
                .cap_height(parsed.capital_height().unwrap_or(parsed.ascender()) as f32 * scale)
                .stem_v(if bold { 140.0 } else { 80.0 })
                .font_file2(file_id);
        }
        self.put(descriptor_id, &chunk)?;

        let cid_id = self.alloc();
        let mut chunk = Chunk::with_settings(COMPACT);
        {
            let mut cid = chunk.cid_font(cid_id);
            cid.subtype(CidFontType::Type2)
                .base_font(Name(base.as_bytes()))
                .system_info(system_info())
                .font_descriptor(descriptor_id)
                .default_width(0.0)
                .cid_to_gid_map_predefined(Name(b"Identity"));
            let widths: Vec<f32> = remapper
                .remapped_gids()
                .map(|g| parsed.glyph_hor_advance(ttf_parser::GlyphId(g)).unwrap_or(0) as f32 * scale)
                .collect();
            cid.widths().consecutive(0, widths);
        }
        self.put(cid_id, &chunk)?;

        let type0_id = self.alloc();
        let mut chunk = Chunk::with_settings(COMPACT);
        chunk
            .type0_font(type0_id)
            .base_font(Name(base.as_bytes()))
            .encoding_predefined(Name(b"Identity-H"))
            .descendant_font(cid_id)
            .to_unicode(cmap_id);
        self.put(type0_id, &chunk)?;
        Ok(type0_id)
    }

    /// The nested outline: each entry's parent is the last entry of a lower level before it.
    fn write_outline(&mut self, outline: &[Outline]) -> std::io::Result<Option<Ref>> {
        let entries: Vec<&Outline> = outline.iter().filter(|o| o.page < self.pages.len()).collect();
        if entries.is_empty() {
            return Ok(None);
        }
        let root = self.alloc();
        let ids: Vec<Ref> = entries.iter().map(|_| self.alloc()).collect();
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
        let mut descendants = vec![0i32; entries.len()];
        for i in (0..entries.len()).rev() {
            if let Some(p) = parent[i] {
                descendants[p] += 1 + descendants[i];
            }
        }
        let top = &children[&None];
        let mut chunk = Chunk::with_settings(COMPACT);
        let visible: i32 = top.iter().map(|&i| 1 + if entries[i].level == 0 { descendants[i] } else { 0 }).sum();
        chunk.outline(root).first(ids[top[0]]).last(ids[*top.last().unwrap_or(&top[0])]).count(visible);
        self.put(root, &chunk)?;
        for (i, e) in entries.iter().enumerate() {
            let siblings = &children[&parent[i]];
            let pos = siblings.iter().position(|&s| s == i).unwrap_or(0);
            let mut chunk = Chunk::with_settings(COMPACT);
            {
                let mut item = chunk.outline_item(ids[i]);
                item.title(TextStr(&e.title));
                item.parent(parent[i].map_or(root, |p| ids[p]));
                if pos > 0 {
                    item.prev(ids[siblings[pos - 1]]);
                }
                if let Some(&next) = siblings.get(pos + 1) {
                    item.next(ids[next]);
                }
                if let Some(kids) = children.get(&Some(i)) {
                    item.first(ids[kids[0]]);
                    item.last(ids[*kids.last().unwrap_or(&kids[0])]);
                    let count = descendants[i];
                    item.count(if e.level == 0 { count } else { -count });
                }
                item.dest().page(self.pages[e.page]).fit();
            }
            self.put(ids[i], &chunk)?;
        }
        Ok(Some(root))
    }
}

fn system_info() -> SystemInfo<'static> {
    SystemInfo { registry: Str(b"Adobe"), ordering: Str(b"Identity"), supplement: 0 }
}

/// Lays out `documents` and writes them as one PDF to `out`, page by page.
pub fn write<W: Write>(documents: &[super::Document], meta: &Metadata, out: W) -> std::io::Result<(W, PdfStats)> {
    let mut writer = PdfWriter::new(out, meta)?;
    let mut error: Option<std::io::Error> = None;
    let rendered = super::layout::lay_out_into(documents, &mut |page: Page| {
        if error.is_none()
            && let Err(e) = writer.page(&page.items)
        {
            error = Some(e);
        }
    });
    if let Some(e) = error {
        return Err(e);
    }
    let pages = writer.pages.len();
    let (out, bytes, sha) = writer.finish(&rendered.outline)?;
    Ok((out, stats_of(pages, bytes, sha, &rendered)))
}

/// The whole file as bytes, from pages already laid out (tests).
pub fn to_bytes(rendered: &Rendered, meta: &Metadata) -> std::io::Result<Vec<u8>> {
    let mut writer = PdfWriter::new(Vec::new(), meta)?;
    for page in &rendered.pages {
        writer.page(&page.items)?;
    }
    Ok(writer.finish(&rendered.outline)?.0)
}

fn stats_of(pages: usize, bytes: u64, sha: [u8; 32], rendered: &Rendered) -> PdfStats {
    PdfStats {
        pages,
        bytes,
        sha256: sha.iter().map(|b| format!("{b:02x}")).collect(),
        missing: rendered.missing.iter().copied().collect(),
        documents: rendered.outline.iter().filter(|o| o.level == 0).map(|o| (o.title.clone(), o.page + 1)).collect(),
    }
}
