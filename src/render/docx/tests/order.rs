//! The proposed order, made from `templates/order.cm` as the packet makes
//! it, written as PDF and as Word: the two hold the same words in the same
//! order (the PDF's line numbers, page numbers and footer aside).

use std::process::Command;

use crate::docket::Docket;
use crate::docket::tests::row;
use crate::eligibility::Relief;
use crate::office::{CourtResolver, Mode, PacketOptions};
use crate::packet::{Templates, specimen};
use crate::render::{self, Document, Metadata, markup};

/// A San Francisco packet of `n` rows, dismissals and reductions alternating.
fn docket(n: usize) -> Docket {
    let mut rows = Vec::new();
    for i in 0..n {
        let relief = [Relief::DismissAndSeal, Relief::Misdemeanor][i % 2];
        let determination = ["dismiss", "reduce"][i % 2];
        let mut r = row(i as u64 + 2, "CASC SAN FRANCISCO", determination, relief);
        r.county = "SAN FRANCISCO".into();
        r.name = format!("SAMPLE,PERSON {i}").into();
        r.case_number = format!("SF-{i:05}").into();
        rows.push(r);
    }
    let office = specimen::office();
    Docket::build(rows, &CourtResolver::new(&office), &PacketOptions { mode: Mode::Bulk, ..PacketOptions::default() })
}

/// The proposed order of the sample packet, as the packet stage builds it.
pub(crate) fn proposed_order(n: usize) -> (Document, Metadata) {
    let office = specimen::office();
    let docket = docket(n);
    let run = specimen::run_context(&office, &docket);
    let packet = &docket.packets[0];
    let ctx = run.context(&packet.court, None, Some(packet), 0, None);
    let templates = Templates::load(None).unwrap();
    let order = templates.document("order.cm", &ctx, &markup::Parts::default()).unwrap_or_else(|e| panic!("{e}"));
    (order, crate::packet::metadata(&run, "Proposed order under HS 11361.8".into()))
}

fn tool(name: &str) -> bool {
    let found = Command::new(name).arg("-v").output().is_ok();
    if !found {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "{name} is missing: .ci/run must install it");
        eprintln!("note: {name} is not installed; the PDF comparison is skipped");
    }
    found
}

/// A word on a PDF page: its box and text.
struct Word {
    x0: f32,
    y0: f32,
    x1: f32,
    y1: f32,
    text: String,
}

/// The words of each page (`pdftotext -bbox`), with their boxes.
fn pdf_pages(pdf: &std::path::Path) -> Vec<Vec<Word>> {
    let out = Command::new("pdftotext").arg("-bbox").arg(pdf).arg("-").output().unwrap();
    assert!(out.status.success());
    let html = String::from_utf8(out.stdout).unwrap();
    let attr = |tag: &str, name: &str| -> f32 {
        let at = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        tag[at..at + tag[at..].find('"').unwrap()].parse().unwrap()
    };
    html.split("<page ")
        .skip(1)
        .map(|page| {
            page.split("<word ")
                .skip(1)
                .map(|w| {
                    let close = w.find('>').unwrap();
                    let tag = &w[..close];
                    let text = &w[close + 1..w.find("</word>").unwrap()];
                    Word {
                        x0: attr(tag, "xMin"),
                        y0: attr(tag, "yMin"),
                        x1: attr(tag, "xMax"),
                        y1: attr(tag, "yMax"),
                        text: super::unescape(text),
                    }
                })
                .collect()
        })
        .collect()
}

/// The PDF's words in reading order, without what only pleading paper has:
/// the line numbers left of the double rule, the page number and the footer
/// title under the text area, the header line above it. Lines are read top
/// to bottom, left to right — except the caption's two boxes (the lines
/// after the court's title, up to the first line that runs across the
/// middle), which are read as the Word table is: the left box, then the right.
fn pdf_words(pdf: &std::path::Path, court_lines: usize) -> Vec<String> {
    let mid = (84.0 + 567.0) / 2.0;
    let mut words = Vec::new();
    for (number, page) in pdf_pages(pdf).into_iter().enumerate() {
        let mut kept: Vec<Word> = page.into_iter().filter(|w| w.x1 > 70.0 && w.y0 < 730.0 && w.y1 > 56.0).collect();
        kept.sort_by_key(|w| (w.y0.round() as i32, w.x0 as i32));
        let mut lines: Vec<Vec<Word>> = Vec::new();
        for w in kept {
            match lines.last_mut() {
                Some(line) if (line[0].y0 - w.y0).abs() < 2.0 => line.push(w),
                _ => lines.push(vec![w]),
            }
        }
        let mut i = 0;
        if number == 0 {
            // Up to the court's title: the attorney's lines and the court.
            let court_end = lines
                .iter()
                .position(|l| l.iter().all(|w| w.x0 > 120.0 && w.x1 < 540.0) && l[0].x0 > 150.0)
                .expect("the court's title")
                + court_lines;
            for line in &lines[..court_end] {
                words.extend(line.iter().map(|w| w.text.clone()));
            }
            i = court_end;
            let across = |l: &Vec<Word>| {
                l.iter().any(|w| w.x0 < mid && w.x1 > mid) || {
                    let left = l.iter().filter(|w| w.x1 < mid).map(|w| w.x1).fold(f32::MIN, f32::max);
                    let right = l.iter().filter(|w| w.x0 > mid).map(|w| w.x0).fold(f32::MAX, f32::min);
                    left > f32::MIN && right < f32::MAX && right - left < 15.0
                }
            };
            let end = lines[i..].iter().position(across).map_or(lines.len(), |e| i + e);
            for side in [true, false] {
                for line in &lines[i..end] {
                    words.extend(line.iter().filter(|w| (w.x1 < mid) == side).map(|w| w.text.clone()));
                }
            }
            i = end;
        }
        for line in &lines[i..] {
            words.extend(line.iter().map(|w| w.text.clone()));
        }
    }
    words
}

fn docx_words(bytes: &[u8]) -> Vec<String> {
    super::document_text(bytes)
        .split_whitespace()
        .filter(|w| *w != render::layout::CHECK_EMPTY && *w != render::layout::CHECK_CHECKED)
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_word_order_has_the_words_of_the_pdf_order() {
    let (order, meta) = proposed_order(4);
    let docx = crate::render::docx::to_bytes(std::slice::from_ref(&order), &meta).unwrap();
    let words = docx_words(&docx);
    // Sanity: the order's own words are there, whatever the PDF tools.
    let flat = words.join(" ");
    assert!(flat.contains("IT IS ORDERED:"), "{flat}");
    assert!(flat.contains("JUDGE OF THE SUPERIOR COURT"), "{flat}");
    if !tool("pdftotext") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("order.pdf");
    render::render_file(std::slice::from_ref(&order), &meta, &pdf).unwrap();
    let court_lines = match order.blocks.first() {
        Some(render::Block::Caption(c)) => c.court.len(),
        other => panic!("the order opens with its caption, not {other:?}"),
    };
    let expected = pdf_words(&pdf, court_lines);
    assert!(expected.len() > 250, "the PDF's text was read: {} words", expected.len());
    if words != expected {
        let at = words.iter().zip(&expected).position(|(a, b)| a != b).unwrap_or(words.len().min(expected.len()));
        let from = at.saturating_sub(8);
        panic!(
            "the Word order's words differ from the PDF's at word {at}:\n  docx: {:?}\n  pdf:  {:?}",
            &words[from..(at + 8).min(words.len())],
            &expected[from..(at + 8).min(expected.len())]
        );
    }
}

/// Writes the sample order as `$CLEARMOTION_DOCX_OUT/order.{docx,pdf}`, and
/// the specimen's Exhibit A and per-case form (with counts enough for an
/// attachment) as Word files, to look at (LibreOffice: `soffice --headless
/// --convert-to pdf`).
#[test]
fn write_the_sample_order_when_asked() {
    let Ok(dir) = std::env::var("CLEARMOTION_DOCX_OUT") else { return };
    let (order, meta) = proposed_order(4);
    let dir = std::path::Path::new(&dir);
    crate::render::docx::write_docx(std::slice::from_ref(&order), &meta, &dir.join("order.docx")).unwrap();
    render::render_file(std::slice::from_ref(&order), &meta, &dir.join("order.pdf")).unwrap();
    let mut specimen = crate::packet::specimen::papers(60).unwrap();
    crate::render::docx::write_docx(&[specimen.exhibit], &meta, &dir.join("exhibit.docx")).unwrap();
    let form = specimen.forms.pop().unwrap();
    crate::render::docx::write_docx(&[form], &meta, &dir.join("form.docx")).unwrap();
}
