//! Tables: column widths, repeated headers, rows that never split across pages.

use super::*;

impl Composer<'_> {
    pub(super) fn table(&mut self, t: &Table) {
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
        let names: Vec<bool> = t.number_header.iter().map(|_| false).chain(t.columns.iter().map(|c| c.names)).collect();
        let mut cells: Vec<Vec<String>> = Vec::new();
        // The group the rows are in: its heading is repeated, "continued",
        // at the top of a page that goes on with it.
        let mut group: Option<&str> = None;
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
                    self.group_heading(label, pitch, size);
                    group = Some(label.strip_suffix(" (continued)").unwrap_or(label));
                    zebra = false;
                }
                Row::Cells { number, cells: values } => {
                    cells.clear();
                    let number_text = number.map(|n| n.to_string());
                    let all = number_text.iter().map(String::as_str).chain(values.iter().map(String::as_str));
                    for ((value, w), names) in all.zip(&widths).zip(&names) {
                        let mut lines = Vec::new();
                        for part in value.split('\n') {
                            lines.extend(self.wrap_cell(part, size, w - 2.0 * pad, *names));
                        }
                        cells.push(lines);
                    }
                    let lines = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
                    if self.room(pitch) < lines {
                        self.page_break();
                        self.table_header(&header, pitch, size);
                        if let Some(group) = group {
                            self.group_heading(&format!("{group} (continued)"), pitch, size);
                        }
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

    /// A cell's line of text wrapped to `width`; a name that does not fit
    /// on one line breaks at its comma when its surname fits on a line.
    fn wrap_cell(&mut self, text: &str, size: f32, width: f32, names: bool) -> Vec<String> {
        let lines = self.wrap(text, Face::Regular, size, width);
        if !names || lines.len() < 2 {
            return lines;
        }
        let Some((surname, given)) = text.split_once(',') else { return lines };
        let surname = self.wrap(&format!("{surname},"), Face::Regular, size, width);
        if surname.len() != 1 || given.trim().is_empty() {
            return lines;
        }
        let mut out = surname;
        out.extend(self.wrap(given.trim_start(), Face::Regular, size, width));
        out
    }

    /// The outline entries of [`Row::Bookmark`] rows, at the current page.
    fn table_marks(&mut self, marks: &mut Vec<(&String, u8)>) {
        for (title, level) in marks.drain(..) {
            self.out.outline.push(Outline { title: title.clone(), page: *self.pages, level });
        }
    }

    /// A full-width group heading in bold.
    fn group_heading(&mut self, label: &str, pitch: f32, size: f32) {
        self.y += pitch / 2.0;
        let left = self.left + CELL_PAD;
        self.text(left, self.y, Face::Bold, size, label);
        self.y += pitch;
    }

    pub(super) fn table_header(&mut self, header: &Header, pitch: f32, size: f32) {
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
}

/// A table's header, laid out once and drawn on every page.
pub(super) struct Header<'h> {
    pub(super) lines: &'h [Vec<String>],
    pub(super) widths: &'h [f32],
    pub(super) aligns: &'h [Align],
    pub(super) height: usize,
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
