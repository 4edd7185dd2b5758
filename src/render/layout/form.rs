//! One-page forms: check boxes, fill-in fields, boxes, signature lines and overflow attachments.

use super::*;

impl Composer<'_> {
    pub(super) fn form_item(&mut self, item: &FormItem) {
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
    pub(super) fn flush_attachments(&mut self) {
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
