//! The court-paper font family, compiled in, and its metrics.
//!
//! Liberation Serif (SIL OFL 1.1, `fonts/LICENSE`) is metrically compatible
//! with Times New Roman, which CRC 2.104 names. The TTF files are embedded
//! in the binary so a run never depends on the fonts a machine has; the PDF
//! stage embeds a subset of each face that is used.
//!
//! Widths come from the font's own `hmtx` table (through ttf-parser), so the
//! layout measures text exactly as the viewer will draw it. Characters the
//! font has no glyph for are never dropped silently: [`Family::missing`]
//! reports them and the layout draws `?` in their place.

use std::collections::BTreeSet;
use std::sync::OnceLock;

/// One of the four faces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Face {
    #[default]
    Regular,
    Bold,
    Italic,
    BoldItalic,
}

impl Face {
    pub const ALL: [Face; 4] = [Face::Regular, Face::Bold, Face::Italic, Face::BoldItalic];

    pub fn index(self) -> usize {
        self as usize
    }

    /// The face with bold and/or italic added.
    pub fn with(self, bold: bool, italic: bool) -> Face {
        let b = bold || matches!(self, Face::Bold | Face::BoldItalic);
        let i = italic || matches!(self, Face::Italic | Face::BoldItalic);
        match (b, i) {
            (false, false) => Face::Regular,
            (true, false) => Face::Bold,
            (false, true) => Face::Italic,
            (true, true) => Face::BoldItalic,
        }
    }

    /// The file the face comes from (for the licence and the manifest).
    pub fn file_name(self) -> &'static str {
        match self {
            Face::Regular => "LiberationSerif-Regular.ttf",
            Face::Bold => "LiberationSerif-Bold.ttf",
            Face::Italic => "LiberationSerif-Italic.ttf",
            Face::BoldItalic => "LiberationSerif-BoldItalic.ttf",
        }
    }

    pub fn bytes(self) -> &'static [u8] {
        match self {
            Face::Regular => include_bytes!("../../fonts/LiberationSerif-Regular.ttf"),
            Face::Bold => include_bytes!("../../fonts/LiberationSerif-Bold.ttf"),
            Face::Italic => include_bytes!("../../fonts/LiberationSerif-Italic.ttf"),
            Face::BoldItalic => include_bytes!("../../fonts/LiberationSerif-BoldItalic.ttf"),
        }
    }
}

/// Advance widths of one face, in font units, for fast measuring.
pub struct Metrics {
    units_per_em: f32,
    /// Widths of U+0000..U+0800 (Latin, Greek, Cyrillic, Hebrew, Arabic); 0 = no glyph.
    low: Vec<u16>,
    /// Everything else, looked up in the font.
    face: ttf_parser::Face<'static>,
}

impl Metrics {
    fn load(face: Face) -> Metrics {
        let parsed = ttf_parser::Face::parse(face.bytes(), 0).expect("the bundled fonts parse");
        let low = (0u32..0x800)
            .map(|c| {
                char::from_u32(c)
                    .and_then(|ch| parsed.glyph_index(ch))
                    .and_then(|g| parsed.glyph_hor_advance(g))
                    .unwrap_or(0)
            })
            .collect();
        Metrics { units_per_em: parsed.units_per_em() as f32, low, face: parsed }
    }

    /// The width of `c` at 1 pt, or `None` when the font has no glyph for it.
    pub fn char_width(&self, c: char) -> Option<f32> {
        let code = c as usize;
        let units = if code < self.low.len() {
            match self.low[code] {
                0 => return None,
                w => w,
            }
        } else {
            let glyph = self.face.glyph_index(c)?;
            self.face.glyph_hor_advance(glyph)?
        };
        Some(units as f32 / self.units_per_em)
    }

    /// Whether the font can draw `c`.
    pub fn has(&self, c: char) -> bool {
        self.char_width(c).is_some()
    }
}

/// The whole family, parsed once per process.
pub struct Family {
    faces: [Metrics; 4],
}

static FAMILY: OnceLock<Family> = OnceLock::new();

impl Family {
    pub fn get() -> &'static Family {
        FAMILY.get_or_init(|| Family { faces: Face::ALL.map(Metrics::load) })
    }

    pub fn metrics(&self, face: Face) -> &Metrics {
        &self.faces[face.index()]
    }

    /// Width of `text` in points at `size`; characters with no glyph are
    /// measured as the `?` drawn in their place.
    pub fn width(&self, face: Face, size: f32, text: &str) -> f32 {
        let m = self.metrics(face);
        let fallback = m.char_width('?').unwrap_or(0.5);
        text.chars().map(|c| m.char_width(c).unwrap_or(fallback)).sum::<f32>() * size
    }

    /// The characters of `text` the face cannot draw.
    pub fn missing(&self, face: Face, text: &str, into: &mut BTreeSet<char>) {
        let m = self.metrics(face);
        for c in text.chars() {
            if !m.has(c) && !c.is_control() {
                into.insert(c);
            }
        }
    }
}

/// `text` as drawn: characters the face lacks become `?`, and control
/// characters (a stray tab or bidi override in a name) are dropped from the
/// drawing — the caller reports them.
pub fn drawable(face: Face, text: &str) -> std::borrow::Cow<'_, str> {
    let m = Family::get().metrics(face);
    if text.chars().all(|c| m.has(c)) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars().filter(|c| !is_invisible_control(*c)).map(|c| if m.has(c) { c } else { '?' }).collect(),
    )
}

/// Controls and bidi formatting characters: never drawn, never measured.
pub fn is_invisible_control(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_face_loads_and_measures_like_times() {
        let family = Family::get();
        for face in Face::ALL {
            // Times New Roman's space is 0.25 em; Liberation Serif matches it.
            assert_eq!(family.metrics(face).char_width(' '), Some(0.25), "{face:?}");
        }
        // "M" is 0.889 em in Times Roman; metric compatibility means the same here.
        let m = family.metrics(Face::Regular).char_width('M').unwrap();
        assert!((m - 0.889).abs() < 0.001, "{m}");
    }

    #[test]
    fn accented_names_are_drawable_and_unknown_characters_are_reported() {
        let family = Family::get();
        let mut missing = BTreeSet::new();
        family.missing(Face::Regular, "José Ángel Núñez-O'Brien § ’", &mut missing);
        assert!(missing.is_empty(), "{missing:?}");
        family.missing(Face::Regular, "名 ✓", &mut missing);
        assert_eq!(missing.into_iter().collect::<String>(), "✓名");
        assert_eq!(drawable(Face::Regular, "A名B"), "A?B");
        assert_eq!(drawable(Face::Bold, "Núñez"), "Núñez");
    }
}
