//! Words, line breaking and paragraphs.

use super::*;

/// A word: pieces in one or more faces with no space between them.
#[derive(Debug, Clone)]
pub(super) struct Word {
    pub(super) frags: Vec<(Face, String)>,
    pub(super) width: f32,
    /// The width of the space that follows it.
    pub(super) space: f32,
    /// A forced line break follows.
    pub(super) brk: bool,
}

/// Splits spans into words at spaces; `\n` forces a break; no-break spaces
/// stay inside a word (and are drawn as spaces).
pub(super) fn words(spans: &[Span], size: f32, missing: &mut BTreeSet<char>) -> Vec<Word> {
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
pub(super) fn split_wide(word: Word, width: f32, size: f32) -> Vec<Word> {
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
pub(super) struct Line {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) width: f32,
    pub(super) last: bool,
}

/// Greedy (first-fit) line breaking; `first` is the first line's width.
pub(super) fn break_lines(words: &[Word], first: f32, rest: f32) -> Vec<Line> {
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
pub(super) fn fit_words(spans: &[Span], size: f32, width: f32, missing: &mut BTreeSet<char>) -> Vec<Word> {
    let ws = words(spans, size, missing);
    if ws.iter().all(|w| w.width <= width + FIT) {
        return ws;
    }
    ws.into_iter().flat_map(|w| split_wide(w, width, size)).collect()
}

impl Composer<'_> {
    pub(super) fn text(&mut self, x: f32, y: f32, face: Face, size: f32, text: &str) -> f32 {
        let drawn = fonts::drawable(face, text);
        Family::get().missing(face, text, &mut self.out.missing);
        let width = Family::get().width(face, size, &drawn);
        if !drawn.is_empty() {
            self.items.push(Item::Text { x, y, face, size, text: drawn.into_owned(), width });
        }
        width
    }

    pub(super) fn centered(&mut self, y: f32, face: Face, size: f32, text: &str, left: f32, right: f32) {
        let width = Family::get().width(face, size, &fonts::drawable(face, text));
        self.text(left + ((right - left - width) / 2.0).max(0.0), y, face, size, text);
    }

    /// Lays out one paragraph with widow and orphan control.
    pub(super) fn paragraph(&mut self, p: &Paragraph) {
        self.paragraph_sized(p, TEXT_SIZE, None);
    }

    /// A paragraph at `size`; `label` (a list number and its x) hangs on the first line.
    pub(super) fn paragraph_sized(&mut self, p: &Paragraph, size: f32, label: Option<(&str, f32)>) {
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

    pub(super) fn draw_line(&mut self, words: &[Word], line: &Line, left: f32, width: f32, align: Align, size: f32) {
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
    pub(super) fn push_text(&mut self, x: f32, y: f32, face: Face, size: f32, text: &str) -> f32 {
        let width = Family::get().width(face, size, text);
        self.items.push(Item::Text { x, y, face, size, text: text.to_owned(), width });
        width
    }

    /// Wraps plain text to a width: the lines as strings, per face.
    pub(super) fn wrap(&mut self, text: &str, face: Face, size: f32, width: f32) -> Vec<String> {
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
}
