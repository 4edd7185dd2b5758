//! One-page forms: check boxes, fill-in fields, boxes, signature lines and overflow attachments.

use super::*;

/// The text size of forms.
pub const FORM_SIZE: f32 = 11.0;
/// The smallest text on a form: a value too long for its line is set this
/// small before it wraps, and labels under lines are this size.
pub const FORM_MIN_SIZE: f32 = 10.0;

impl Composer<'_> {
    pub(super) fn form_item(&mut self, item: &FormItem) {
        let size = FORM_SIZE;
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
                    // The value stays inside its field: set smaller (never
                    // below 10 pt) when that makes it fit, else wrapped.
                    let vw = (w - lw - 8.0).max(20.0);
                    let fits = |s: f32| {
                        Family::get().width(Face::Regular, s, &fonts::drawable(Face::Regular, &f.value)) <= vw + FIT
                    };
                    let vsize = if fits(size) { size } else { FORM_MIN_SIZE };
                    let lines = self.wrap(&f.value, Face::Regular, vsize, vw - 2.0);
                    let lines = if lines.is_empty() { vec![String::new()] } else { lines };
                    for (j, l) in lines.iter().enumerate() {
                        let ly = y + j as f32 * pitch;
                        self.text(x + lw + 2.0, ly, Face::Regular, vsize, l);
                        self.line(x + lw, ly + 2.5, x + lw + vw, ly + 2.5, 0.5);
                    }
                    deepest = deepest.max(lines.len());
                    x += w;
                }
                self.y += deepest as f32 * pitch + 4.0;
                self.fresh = false;
            }
            FormItem::CheckRow(boxes) => {
                if self.room(pitch) < 1 {
                    self.page_break();
                }
                let b = 9.0;
                let mut x = self.left;
                for (checked, label) in boxes {
                    let w = Family::get().width(Face::Regular, size, &fonts::drawable(Face::Regular, label));
                    if x > self.left && x + b + 5.0 + w > self.right {
                        x = self.left;
                        self.y += pitch;
                    }
                    let top = self.y - 8.0;
                    self.items.push(Item::Rect { x, y: top, w: b, h: b, fill: None, stroke: 0.75 });
                    if *checked {
                        self.items.push(Item::Check { x, y: top, size: b });
                    }
                    let y = self.y;
                    x += b + 5.0 + self.text(x + b + 5.0, y, Face::Regular, size, label) + 18.0;
                }
                self.y += pitch + 2.0;
                self.fresh = false;
            }
            FormItem::Boxed { title, items } => {
                let start_page = *self.pages;
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
                let box_top = if *self.pages == start_page { top } else { self.geo.first_baseline - pitch };
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
            FormItem::SignatureLine { label, date, signed } => {
                let under: Vec<&str> = label.lines().collect();
                if self.room(pitch) < 3 + under.len() {
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
                if !signed.is_empty() {
                    self.text(mid + 2.0, y, Face::Regular, size, signed);
                }
                let mut ly = y + 14.0;
                for part in under {
                    let right = self.right;
                    for l in self.wrap(part, Face::Italic, FORM_MIN_SIZE, right - mid) {
                        self.text(mid, ly, Face::Italic, FORM_MIN_SIZE, &l);
                        ly += 12.0;
                    }
                }
                self.y = self.y.max(ly - 12.0) + pitch * 1.5;
                self.fresh = false;
            }
            FormItem::Overflow { table, max_rows, attachment_title } => {
                let mut shown = table.clone();
                let cut = table.overflow_cut(*max_rows);
                shown.rows.truncate(cut);
                self.y += pitch;
                self.table(&shown);
                if cut < table.rows.len() {
                    let rest: Vec<Row> = table.rows[cut..].to_vec();
                    let more = rest.iter().filter(|r| matches!(r, Row::Cells { .. })).count();
                    let n = self.attachments.len() + 1;
                    let note = format!("{more} more — continued on Attachment {n}");
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

    /// Attachment pages for overflowing form tables, each headed with its
    /// title (which names the person and the case).
    pub(super) fn flush_attachments(&mut self) {
        for (title, table) in std::mem::take(&mut self.attachments) {
            self.page_break();
            let (l, r) = (self.left, self.right);
            for line in self.wrap(&title, Face::Bold, TEXT_SIZE, r - l) {
                let y = self.y;
                self.centered(y, Face::Bold, TEXT_SIZE, &line, l, r);
                self.y += TEXT_SIZE + 3.0;
            }
            self.y += LINE_PITCH - (TEXT_SIZE + 3.0);
            self.table(&table);
        }
    }
}
