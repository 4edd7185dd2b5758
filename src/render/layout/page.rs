//! Page furniture: breaks, line numbers, header and footer, caption, signature, bar charts.

use super::*;

impl Composer<'_> {
    /// Lines of `pitch` that still fit on this page, from `self.y`.
    pub(super) fn room(&self, pitch: f32) -> usize {
        if self.y > self.geo.last_baseline + 0.01 {
            0
        } else {
            ((self.geo.last_baseline - self.y + 0.01) / pitch) as usize + 1
        }
    }

    /// On pleading paper, moves down to the next numbered line.
    pub(super) fn snap(&mut self) {
        if self.geo.pleading {
            let steps = ((self.y - FIRST_BASELINE) / LINE_PITCH - 0.001).ceil().max(0.0);
            self.y = FIRST_BASELINE + steps * LINE_PITCH;
        }
    }

    pub(super) fn page_break(&mut self) {
        self.decorate();
        let items = std::mem::take(&mut self.items);
        (self.sink)(Page { items, number: self.number, document: self.index });
        *self.pages += 1;
        self.produced = true;
        self.number += 1;
        self.y = self.geo.first_baseline;
        self.fresh = true;
    }

    /// Line numbers, rules, header and footer of the current page.
    pub(super) fn decorate(&mut self) {
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
        // A header or footer too long for one line takes two (never smaller than 12 and 10 pt).
        if let Some(header) = &doc.header {
            // In the body's size (CRC 2.104), above numbered line 1.
            let lines = self.wrap(header, Face::Bold, TEXT_SIZE, right - left);
            let lead = TEXT_SIZE + 1.0;
            let first = HEADER_BASELINE - lead * lines.len().clamp(1, 2).saturating_sub(1) as f32;
            for (i, line) in lines.iter().take(2).enumerate() {
                self.centered(first + lead * i as f32, Face::Bold, TEXT_SIZE, line, left, right);
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

    /// The first-page caption (CRC 2.111).
    pub(super) fn caption(&mut self, c: &Caption) {
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

    pub(super) fn signature(&mut self, s: &Signature) {
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
    pub(super) fn bars(&mut self, title: &str, bars: &[(String, u64)]) {
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
}
