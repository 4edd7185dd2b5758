//! Layout and PDF tests on the layout fixtures (`fixtures`) and on small made-up ones.

use std::collections::BTreeSet;

use super::fonts::Family;
use super::layout::{
    FIRST_BASELINE, Geometry, Item, LAST_BASELINE, LEFT_RULES, LINE_PITCH, NUMBER_RIGHT, PAGE_HEIGHT, Page,
};
use super::*;

fn meta() -> Metadata {
    Metadata {
        title: "Specimen packet".into(),
        author: "Office of the District Attorney".into(),
        subject: "Proposition 64 relief".into(),
        keywords: vec!["HS 11361.8".into()],
        date: chrono::NaiveDate::from_ymd_opt(2026, 11, 1),
    }
}

fn body(text: &str) -> Block {
    Block::Paragraph(Paragraph::body(vec![Span::plain(text)]))
}

/// One line of text on pleading paper.
fn one_liner(n: usize) -> Block {
    Block::Paragraph(Paragraph::left(vec![Span::plain(format!("Filler line {n}."))]))
}

/// A paragraph of exactly `lines` lines (each word group fills a line).
fn lines_paragraph(lines: usize, tag: &str) -> Block {
    let text = (0..lines).map(|i| format!("{tag}{i}")).collect::<Vec<_>>().join("\n");
    Block::Paragraph(Paragraph::left(vec![Span::plain(text)]))
}

fn pleading(blocks: Vec<Block>) -> Document {
    let mut d = Document::new("TEST PAPER", Paper::Pleading);
    d.blocks = blocks;
    d
}

/// Body text on a page: text right of the rules, above the footer.
fn body_texts(page: &Page) -> Vec<(f32, f32, f32, String)> {
    page.texts()
        .filter(|(x, y, _, _)| *x > NUMBER_RIGHT && *y >= FIRST_BASELINE - 0.1 && *y <= LAST_BASELINE + 0.1)
        .map(|(x, y, w, t)| (x, y, w, t.to_string()))
        .collect()
}

/// The line number (1–28) a baseline sits on, if it sits on one.
fn line_of(y: f32) -> Option<u32> {
    let k = (y - FIRST_BASELINE) / LINE_PITCH;
    ((k - k.round()).abs() < 0.01).then(|| k.round() as u32 + 1)
}

#[test]
fn line_numbers_sit_on_the_baselines_of_double_spaced_text() {
    let doc = pleading(
        (0..40).map(|i| body(&format!("Paragraph {i} of a double-spaced paper. {}", "Word ".repeat(i % 30)))).collect(),
    );
    let out = layout::lay_out(&[doc]);
    assert!(out.pages.len() >= 2);
    for page in &out.pages {
        let numbers: Vec<(f32, String)> = page
            .texts()
            .filter(|(x, _, w, _)| x + w <= NUMBER_RIGHT + 0.1)
            .map(|(_, y, _, t)| (y, t.to_string()))
            .collect();
        assert_eq!(numbers.len(), 28);
        for (y, label) in &numbers {
            assert_eq!(line_of(*y).map(|n| n.to_string()).as_deref(), Some(label.as_str()));
        }
        for (_, y, _, text) in body_texts(page) {
            assert!(line_of(y).is_some(), "{text:?} at {y} is not on a numbered line");
        }
    }
}

#[test]
fn single_spaced_text_falls_on_or_halfway_between_numbered_lines() {
    let out = layout::lay_out(&[fixtures::motion()]);
    for page in &out.pages {
        for (_, y, _, text) in body_texts(page) {
            let half = (y - FIRST_BASELINE) / (LINE_PITCH / 2.0);
            assert!((half - half.round()).abs() < 0.01, "{text:?} at {y}");
        }
    }
}

#[test]
fn nothing_is_drawn_outside_the_margins() {
    let out = layout::lay_out(&[fixtures::motion(), fixtures::exhibit(120), fixtures::form(9, 3)]);
    for page in &out.pages {
        let doc = page.document;
        let geo = Geometry::of(if doc == 0 { Paper::Pleading } else { Paper::Plain });
        assert!(geo.left >= 72.0 && layout::PAGE_WIDTH - geo.right >= 36.0, "CRC 2.107 margins");
        for item in &page.items {
            match item {
                Item::Text { x, y, width, text, .. } => {
                    let is_line_number = geo.pleading && x + width <= NUMBER_RIGHT + 0.1;
                    if !is_line_number {
                        assert!(
                            *x >= geo.left - 0.01 && x + width <= geo.right + 0.5,
                            "{text:?} at x {x}..{}",
                            x + width
                        );
                    }
                    assert!(*y > 20.0 && *y < PAGE_HEIGHT - 12.0, "{text:?} at y {y}");
                }
                Item::Rect { x, w, .. } => assert!(*x >= geo.left - 0.01 && x + w <= geo.right + 0.01),
                Item::Line { x1, x2, .. } => {
                    let rule = LEFT_RULES.contains(x1) || *x1 == layout::RIGHT_RULE;
                    assert!(rule || (*x1 >= geo.left - 0.01 && *x2 <= geo.right + 0.01), "line at {x1}..{x2}");
                }
                Item::Check { .. } => {}
            }
        }
    }
}

/// Ink boxes from the baseline: cap height (0.66 em) and a little above it, descender (0.22 em) below.
fn overlaps(a: (f32, f32, f32, f32), b: (f32, f32, f32, f32)) -> bool {
    let (ax, ay, aw, asz) = a;
    let (bx, by, bw, bsz) = b;
    ax < bx + bw && bx < ax + aw && ay - 0.7 * asz < by + 0.22 * bsz && by - 0.7 * bsz < ay + 0.22 * asz
}

#[test]
fn caption_text_never_overlaps_and_leaves_the_clerks_corner_blank() {
    let out = layout::lay_out(&[fixtures::motion()]);
    let first = &out.pages[0];
    let boxes: Vec<(f32, f32, f32, f32, &str)> = first
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text { x, y, width, size, text, .. } => Some((*x, *y, *width, *size, text.as_str())),
            _ => None,
        })
        .collect();
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[i + 1..] {
            assert!(!overlaps((a.0, a.1, a.2, a.3), (b.0, b.1, b.2, b.3)), "{:?} overlaps {:?}", a.4, b.4);
        }
    }
    let mid = (Geometry::of(Paper::Pleading).left + Geometry::of(Paper::Pleading).right) / 2.0;
    let seventh = FIRST_BASELINE + LINE_PITCH * 6.5;
    for (x, y, w, _, text) in &boxes {
        if *y <= seventh && *x > NUMBER_RIGHT {
            assert!(x + w < mid, "{text:?} is in the clerk's stamp area");
        }
    }
    let court = boxes.iter().find(|b| b.4.starts_with("SUPERIOR COURT")).unwrap();
    assert_eq!(line_of(court.1), Some(8), "court title on line 8");
}

#[test]
fn a_lone_first_line_moves_to_the_next_page_with_its_paragraph() {
    // 27 lines used: a 3-line paragraph would leave its first line alone at the bottom.
    let mut blocks: Vec<Block> = (0..27).map(one_liner).collect();
    blocks.push(lines_paragraph(3, "orphan"));
    let out = layout::lay_out(&[pleading(blocks)]);
    let second = body_texts(&out.pages[1]);
    assert_eq!(second[0].3, "orphan0");
    assert_eq!(line_of(second[0].1), Some(1));
}

#[test]
fn a_lone_last_line_brings_one_more_with_it() {
    // 24 lines used: 4 fit, a 5-line paragraph would carry one line alone.
    let mut blocks: Vec<Block> = (0..24).map(one_liner).collect();
    blocks.push(lines_paragraph(5, "widow"));
    let out = layout::lay_out(&[pleading(blocks)]);
    let first: Vec<String> =
        body_texts(&out.pages[0]).into_iter().map(|t| t.3).filter(|t| t.starts_with("widow")).collect();
    let second: Vec<String> =
        body_texts(&out.pages[1]).into_iter().map(|t| t.3).filter(|t| t.starts_with("widow")).collect();
    assert_eq!((first.len(), second.len()), (3, 2));
}

#[test]
fn a_signature_block_never_starts_at_the_bottom_of_a_page() {
    let mut blocks: Vec<Block> = (0..26).map(one_liner).collect();
    blocks.push(Block::Signature(Signature {
        date: "December 2, 2026".into(),
        intro: vec!["Respectfully submitted,".into()],
        signer: vec!["JORDAN SAMPLE".into(), "Assistant District Attorney".into()],
        signed: String::new(),
    }));
    let out = layout::lay_out(&[pleading(blocks)]);
    assert_eq!(out.pages.len(), 2);
    let second: Vec<String> = body_texts(&out.pages[1]).into_iter().map(|t| t.3).collect();
    assert_eq!(
        second,
        ["Respectfully submitted,", "Dated: December 2, 2026", "JORDAN SAMPLE", "Assistant District Attorney"]
    );
}

#[test]
fn headings_are_kept_with_what_follows_and_page_breaks_are_obeyed() {
    let mut blocks: Vec<Block> = (0..26).map(one_liner).collect();
    blocks.push(Block::Heading { text: "II. ARGUMENT".into(), centered: false, outline: true });
    blocks.push(body("The argument begins here and runs on."));
    blocks.push(Block::PageBreak);
    blocks.push(body("After the break."));
    let out = layout::lay_out(&[pleading(blocks)]);
    assert_eq!(out.pages.len(), 3);
    assert_eq!(body_texts(&out.pages[1])[0].3, "II. ARGUMENT");
    assert_eq!(line_of(body_texts(&out.pages[2])[0].1), Some(1));
    assert!(out.outline.iter().any(|o| o.title == "II. ARGUMENT" && o.page == 1 && o.level == 1));
}

#[test]
fn justified_lines_reach_both_margins_and_last_lines_do_not() {
    let doc = pleading(vec![body(&"Justified text is spaced out to the right margin. ".repeat(8))]);
    let out = layout::lay_out(&[doc]);
    let geo = Geometry::of(Paper::Pleading);
    let texts = body_texts(&out.pages[0]);
    let mut lines: Vec<(f32, f32)> = Vec::new(); // (y, right edge)
    for (x, y, w, _) in &texts {
        match lines.last_mut() {
            Some((ly, right)) if (*ly - y).abs() < 0.01 => *right = right.max(x + w),
            _ => lines.push((*y, x + w)),
        }
    }
    let (last, full) = lines.split_last().unwrap();
    assert!(full.len() >= 3);
    for (_, right) in full {
        assert!((right - geo.right).abs() < 0.05, "right edge {right}");
    }
    assert!(last.1 < geo.right - 20.0);
}

#[test]
fn non_breaking_spaces_keep_section_signs_with_their_numbers() {
    let text = format!("{}Health and Safety Code\u{a0}§\u{a0}11361.8 applies.", "word ".repeat(13));
    let out = layout::lay_out(&[pleading(vec![body(&text)])]);
    let joined: Vec<String> = body_texts(&out.pages[0]).into_iter().map(|t| t.3).collect();
    assert!(joined.iter().any(|t| t.contains("§ 11361.8")), "{joined:?}");
}

#[test]
fn table_headers_repeat_and_rows_are_never_split_or_lost() {
    let rows = 700;
    let out = layout::lay_out(&[fixtures::exhibit(rows)]);
    assert!(out.pages.len() > 10);
    let mut seen = Vec::new();
    for page in &out.pages {
        let texts: Vec<(f32, f32, f32, &str)> = page.texts().collect();
        assert!(texts.iter().any(|t| t.3 == "Row"), "header on page {}", page.number);
        // Row numbers are the right-aligned cells of the first column.
        let numbers: Vec<(f32, u64)> =
            texts.iter().filter(|t| t.0 < 100.0).filter_map(|t| t.3.parse::<u64>().ok().map(|n| (t.1, n))).collect();
        for (y, n) in &numbers {
            // The row's case number (second text line of its birth-date cell is its CII) is on the same page.
            assert!(texts.iter().any(|t| (t.1 - y).abs() < 0.01 && t.3.starts_with("SF-")), "row {n} split");
            seen.push(*n);
        }
    }
    assert_eq!(seen, (1..=rows as u64).collect::<Vec<_>>());
}

#[test]
fn column_widths_follow_content_within_limits() {
    let mut t = fixtures::exhibit_table();
    t.rows.push(Row::Cells { number: Some(1), cells: vec!["A,B".into(); 8] });
    let widths = layout::column_widths(&t, 495.0, 3.0, 9.0);
    assert_eq!(widths.len(), t.columns.len() + 1);
    assert!((widths.iter().sum::<f32>() - 495.0).abs() < 0.5);
    for (w, c) in widths[1..].iter().zip(&t.columns) {
        assert!(*w >= c.min_width - 0.01 && *w <= c.max_width + 0.01, "{} {w}", c.header);
    }
}

#[test]
fn forms_draw_check_marks_as_paths_and_overflow_to_an_attachment() {
    let out = layout::lay_out(&[fixtures::form(14, 7)]);
    assert_eq!(out.pages.len(), 2, "form and one attachment page");
    let checks = out.pages[0].items.iter().filter(|i| matches!(i, Item::Check { .. })).count();
    assert_eq!(checks, 1);
    let first: Vec<&str> = out.pages[0].texts().map(|t| t.3).collect();
    assert!(first.iter().any(|t| t.contains("8 more — continued on Attachment 1")));
    let attached: Vec<&str> = out.pages[1].texts().map(|t| t.3).collect();
    assert!(attached.contains(&"Attachment 1: Counts"));
    let counts: BTreeSet<u64> =
        out.pages[1].texts().filter(|t| t.1 < LAST_BASELINE).filter_map(|t| t.3.parse().ok()).collect();
    assert_eq!(counts, (7..=14).collect::<BTreeSet<u64>>());
    // A form that fits is one page.
    assert_eq!(layout::lay_out(&[fixtures::form(3, 1)]).pages.len(), 1);
}

#[test]
fn missing_glyphs_are_reported_not_dropped() {
    let doc = pleading(vec![body("Name 名前 with a right-to-left override \u{202E}here.")]);
    let mut bytes = Vec::new();
    let stats = render(&[doc], &meta(), &mut bytes).unwrap();
    assert_eq!(stats.missing, vec!['\u{202E}', '前', '名']);
}

#[test]
fn documents_number_their_own_pages_and_get_an_outline_entry_each() {
    let mut exhibit = fixtures::exhibit(120);
    exhibit.first_page = 5;
    let out = layout::lay_out(&[fixtures::motion(), exhibit]);
    let starts: Vec<(usize, &str)> =
        out.outline.iter().filter(|o| o.level == 0).map(|o| (o.page, o.title.as_str())).collect();
    assert_eq!(starts.len(), 2);
    assert_eq!(starts[0].0, 0);
    let exhibit_start = starts[1].0;
    assert_eq!(out.pages[exhibit_start].number, 5);
    assert_eq!(out.pages[exhibit_start - 1].number as usize, exhibit_start);
}

#[test]
fn identical_input_gives_identical_bytes_in_any_order_and_thread() {
    let docs = vec![fixtures::motion(), fixtures::exhibit(60), fixtures::form(9, 2)];
    let once = pdf::to_bytes(&layout::lay_out(&docs), &meta()).unwrap();
    // Another document first, in the same process, changes nothing.
    let _ = pdf::to_bytes(&layout::lay_out(&[fixtures::form(2, 9)]), &meta()).unwrap();
    let again = pdf::to_bytes(&layout::lay_out(&docs), &meta()).unwrap();
    let threaded = std::thread::scope(|s| {
        let a = s.spawn(|| pdf::to_bytes(&layout::lay_out(&docs), &meta()).unwrap());
        let b = s.spawn(|| pdf::to_bytes(&layout::lay_out(&docs), &meta()).unwrap());
        (a.join().unwrap(), b.join().unwrap())
    });
    assert!(once == again && once == threaded.0 && once == threaded.1);
    assert!(!once.windows(32).any(|w| w == b"00000000000000000000000000000000"), "file ID filled in");
}

#[test]
fn the_outline_nests_sections_under_documents_in_order() {
    let docs = vec![fixtures::motion(), fixtures::exhibit(10)];
    let bytes = pdf::to_bytes(&layout::lay_out(&docs), &meta()).unwrap();
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let catalog = doc.catalog().unwrap();
    assert_eq!(catalog.get(b"PageMode").unwrap().as_name().unwrap(), b"UseOutlines");
    let root = doc.get_dictionary(catalog.get(b"Outlines").unwrap().as_reference().unwrap()).unwrap();
    let mut titles = Vec::new();
    fn walk(doc: &lopdf::Document, first: Option<lopdf::ObjectId>, depth: usize, titles: &mut Vec<String>) {
        let mut next = first;
        while let Some(id) = next {
            let item = doc.get_dictionary(id).unwrap();
            let title = item.get(b"Title").unwrap().as_str().unwrap();
            let title = match title.strip_prefix(&[0xFE, 0xFF]) {
                Some(utf16) => {
                    String::from_utf16(&utf16.chunks(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect::<Vec<_>>())
                        .unwrap()
                }
                None => String::from_utf8(title.to_vec()).unwrap(),
            };
            titles.push(format!("{}{title}", "  ".repeat(depth)));
            walk(doc, item.get(b"First").and_then(lopdf::Object::as_reference).ok(), depth + 1, titles);
            next = item.get(b"Next").and_then(lopdf::Object::as_reference).ok();
        }
    }
    walk(&doc, root.get(b"First").and_then(lopdf::Object::as_reference).ok(), 0, &mut titles);
    assert_eq!(
        titles,
        [
            "NOTICE OF MOTION AND MOTION TO DISMISS AND SEAL OR REDESIGNATE CONVICTIONS",
            "  MEMORANDUM OF POINTS AND AUTHORITIES",
            "  I. THE LAW",
            "  II. THE CONVICTIONS",
            "EXHIBIT A TO MOTION UNDER HS § 11361.8",
        ]
    );
}

/// A readable picture of where text lands: one line per text line, with
/// its pleading line number. Reviewed by looking at the PNG of the same
/// pages (the fixture motion rendered to PDF).
fn layout_snapshot(pages: &[Page]) -> String {
    let mut out = String::new();
    for page in pages {
        out.push_str(&format!("--- page {} ---\n", page.number));
        let mut lines: Vec<(f32, Vec<(f32, String)>)> = Vec::new();
        for (x, y, _, t) in body_texts(page) {
            match lines.iter_mut().find(|(ly, _)| (ly - y).abs() < 0.01) {
                Some((_, parts)) => parts.push((x, t)),
                None => lines.push((y, vec![(x, t)])),
            }
        }
        lines.sort_by(|a, b| a.0.total_cmp(&b.0));
        for (y, mut parts) in lines {
            parts.sort_by(|a, b| a.0.total_cmp(&b.0));
            let label = match line_of(y) {
                Some(n) => format!("{n:>2}"),
                None => "  ".to_string(),
            };
            let text: Vec<String> = parts.into_iter().map(|p| p.1).collect();
            out.push_str(&format!("{label} | {}\n", text.join(" ")));
        }
    }
    out
}

#[test]
fn motion_layout_snapshot() {
    let out = layout::lay_out(&[fixtures::motion()]);
    insta::assert_snapshot!(layout_snapshot(&out.pages));
}

#[test]
fn long_tables_split_into_volumes_that_continue_rows_groups_and_pages() {
    let exhibit = fixtures::exhibit(250);
    let whole = layout::lay_out(std::slice::from_ref(&exhibit));
    let mut vols = volumes(&exhibit, 100);
    assert!(vols.iter().all(|v| v.first_page == 1), "each volume paginated from 1 unless asked");
    continue_page_numbers(&mut vols);
    assert_eq!(vols.len(), 3);
    assert!(vols[1].title.ends_with("(VOLUME 2 OF 3)"));
    let mut numbers = Vec::new();
    let mut next_page = 1;
    for v in &vols {
        assert_eq!(v.first_page, next_page);
        let out = layout::lay_out(std::slice::from_ref(v));
        next_page += out.pages.len() as u32;
        if let Some(Block::Table(t)) = v.blocks.iter().find(|b| matches!(b, Block::Table(_))) {
            numbers
                .extend(t.rows.iter().filter_map(|r| if let Row::Cells { number, .. } = r { *number } else { None }));
        }
    }
    assert_eq!(numbers, (1..=250).collect::<Vec<u64>>());
    // Volume 2 starts inside the second group: its heading is repeated.
    let Some(Block::Table(t)) = vols[2].blocks.first() else { panic!() };
    assert!(matches!(&t.rows[0], Row::Group(g) if g.ends_with("(continued)")));
    assert!(next_page as usize > whole.pages.len());
}

#[test]
fn render_all_writes_every_job_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let jobs: Vec<Job> = (0..5)
        .map(|i| Job {
            path: dir.path().join(format!("form-{i}.pdf")),
            documents: vec![fixtures::form(2 + i, i)],
            meta: meta(),
        })
        .collect();
    let results = render_all(&jobs, 2);
    for (job, result) in jobs.iter().zip(results) {
        let stats = result.unwrap();
        assert_eq!(std::fs::metadata(&job.path).unwrap().len(), stats.bytes);
    }
    let names: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    assert_eq!(names.len(), 5, "no temporary files left: {names:?}");
}

#[test]
fn stats_say_where_each_document_starts() {
    let mut bytes = Vec::new();
    let stats = render(&[fixtures::motion(), fixtures::form(2, 1)], &meta(), &mut bytes).unwrap();
    let starts: Vec<usize> = stats.documents.iter().map(|d| d.1).collect();
    assert_eq!(starts, [1, stats.pages]);
    assert!(stats.documents[0].0.starts_with("NOTICE OF MOTION"));
}

#[test]
fn text_exactly_as_wide_as_its_column_does_not_wrap() {
    let mut table = fixtures::exhibit_table();
    for n in 1..=150 {
        table.rows.push(Row::Cells { number: Some(n), cells: vec!["LEVEL".into(), "1234567890".into()] });
    }
    table.columns.truncate(2);
    table.columns[0].min_width = 1.0;
    table.columns[1].min_width = 1.0;
    let mut doc = Document::new("T", Paper::Plain);
    doc.push(Block::Table(table));
    let out = layout::lay_out(&[doc]);
    let texts: Vec<&str> = out.pages.iter().flat_map(|p| p.texts().map(|t| t.3)).collect();
    for whole in ["Row", "100", "150", "1234567890", "LEVEL"] {
        assert!(texts.contains(&whole), "{whole} was broken: {:?}", &texts[..20]);
    }
}

#[test]
fn long_headers_and_footers_take_two_lines_inside_the_margins() {
    let mut doc = fixtures::exhibit(10);
    doc.title = "EXHIBIT A TO THE MOTION UNDER HEALTH AND SAFETY CODE SECTION 11361.8 — SUPERIOR COURT OF THE STATE OF CALIFORNIA, CITY AND COUNTY OF SAN FRANCISCO".into();
    doc.header = Some("REDACTED REVIEW DRAFT — CONFIDENTIAL — CONTAINS CRIMINAL HISTORY INFORMATION OF IDENTIFIED PEOPLE — NOT FOR FILING".into());
    let out = layout::lay_out(&[doc]);
    let geo = Geometry::of(Paper::Plain);
    let page = &out.pages[0];
    for (x, _, w, t) in page.texts() {
        assert!(x >= geo.left - 0.01 && x + w <= geo.right + 0.5, "{t:?}");
    }
    let all: String = page.texts().map(|t| t.3).collect::<Vec<_>>().join(" ");
    assert!(all.contains("NOT FOR FILING") && all.contains("CITY AND COUNTY OF SAN FRANCISCO"));
}

#[test]
fn a_document_can_have_its_own_outline_entry() {
    let out = layout::lay_out(&[fixtures::form(2, 5), fixtures::form(2, 6)]);
    let entries: Vec<(&str, usize, u8)> = out.outline.iter().map(|o| (o.title.as_str(), o.page, o.level)).collect();
    assert_eq!(entries, [("Case SF-2001-000005", 0, 0), ("Case SF-2001-000006", 1, 0)]);
    assert!(out.pages[0].texts().any(|t| t.3 == "MOTION AND ORDER UNDER HS § 11361.8"), "the footer keeps the title");
}

#[test]
fn when_columns_cannot_all_fit_long_text_breaks_before_short_values_do() {
    let table = Table {
        columns: vec![
            Column::new("Name", 40.0, 400.0),
            Column::new("Date", 30.0, 60.0),
            Column::new("Notes", 40.0, 400.0),
        ],
        rows: vec![Row::Cells {
            number: Some(1),
            cells: vec![
                "AVERYLONGSURNAMEWITHOUTSPACES,FIRSTNAMEALSOVERYLONG".into(),
                "2026-11-01".into(),
                "ANOTHERUNBREAKABLEWORDTHATISWIDE".into(),
            ],
        }],
        number_header: Some("Row".into()),
        size: 10.0,
        zebra: false,
        widths: None,
    };
    let widths = layout::column_widths(&table, 300.0, layout::CELL_PAD, 10.0);
    assert!((widths.iter().sum::<f32>() - 300.0).abs() < 0.5, "{widths:?}");
    let date = Family::get().width(Face::Regular, 10.0, "2026-11-01") + 2.0 * layout::CELL_PAD;
    assert!(widths[2] + 0.01 >= date, "the date keeps its width: {widths:?}");
}

/// A bookmark row takes no space and marks the page where the next row
/// lands (Exhibit A's relief groups and initials).
#[test]
fn bookmark_rows_mark_the_page_of_the_next_row() {
    let mut table = Table {
        columns: vec![Column::new("Name", 100.0, 200.0)],
        rows: Vec::new(),
        number_header: None,
        size: 10.0,
        zebra: false,
        widths: None,
    };
    table.rows.push(Row::Bookmark { title: "Group".into(), level: 1 });
    table.rows.push(Row::Group("Group".into()));
    for n in 0..200 {
        if n == 150 {
            table.rows.push(Row::Bookmark { title: "L".into(), level: 2 });
        }
        table.rows.push(Row::Cells { number: None, cells: vec![format!("NAME {n}")] });
    }
    let mut doc = Document::new("Exhibit", Paper::Plain);
    doc.push(Block::Table(table.clone()));
    let out = layout::lay_out(std::slice::from_ref(&doc));
    let mut plain = Document::new("Exhibit", Paper::Plain);
    table.rows.retain(|r| !matches!(r, Row::Bookmark { .. }));
    plain.push(Block::Table(table));
    assert_eq!(layout::lay_out(std::slice::from_ref(&plain)).pages, out.pages, "no space taken");
    let marks: Vec<(&str, usize, u8)> = out.outline.iter().map(|o| (o.title.as_str(), o.page, o.level)).collect();
    let page_of_150 = out
        .pages
        .iter()
        .position(|p| p.items.iter().any(|i| matches!(i, Item::Text { text, .. } if text == "NAME 150")))
        .unwrap();
    assert!(page_of_150 > 0);
    assert_eq!(marks, [("Exhibit", 0, 0), ("Group", 0, 1), ("L", page_of_150, 2)]);
}

/// The lines of a one-column table's single cell, laid out `width` wide.
fn cell_lines(value: &str, width: f32) -> Vec<String> {
    cell_lines_of(Column::new("Name", width, width).of_names(), value)
}

fn cell_lines_of(column: Column, value: &str) -> Vec<String> {
    let table = Table {
        columns: vec![column],
        rows: vec![Row::Cells { number: None, cells: vec![value.to_owned()] }],
        number_header: None,
        size: 12.0,
        zebra: false,
        widths: None,
    };
    let mut doc = Document::new("T", Paper::Plain);
    doc.blocks.push(Block::Table(table));
    let out = layout::lay_out(&[doc]);
    out.pages[0].texts().filter(|t| t.1 < 700.0 && t.3 != "Name").map(|t| t.3.to_owned()).collect()
}

/// Finding 12: a name wraps at its comma, never at a space inside the
/// surname; only a surname wider than the column breaks, at its hyphen.
#[test]
fn names_wrap_at_the_comma_and_only_a_too_wide_surname_breaks() {
    let name = crate::packet::documents::name_text("DE LA MUESTRA-FALSÓN,JULIETT MARIE");
    assert_eq!(cell_lines(&name, 170.0), ["DE LA MUESTRA-FALSÓN,", "JULIETT MARIE"]);
    assert_eq!(cell_lines(&name, 300.0), ["DE LA MUESTRA-FALSÓN,JULIETT MARIE"]);
    assert_eq!(cell_lines(&name, 120.0), ["DE LA MUESTRA-", "FALSÓN,JULIETT", "MARIE"]);
    // A name with no space after its comma breaks there too, not before an initial.
    assert_eq!(cell_lines("DEMOGRAPHO,ECHO T", 110.0), ["DEMOGRAPHO,", "ECHO T"]);
    // The comma rule alone keeps this surname together too; a column that
    // is not of names wraps greedily, inside it.
    assert_eq!(cell_lines("DE LA MUESTRA-FALSÓN,JULIETT MARIE", 170.0)[0], "DE LA MUESTRA-FALSÓN,");
    assert_eq!(cell_lines_of(Column::new("Name", 170.0, 170.0), "DE LA MUESTRA-FALSÓN,JULIETT MARIE")[0], "DE LA");
}

/// Finding 12: a form value too long for its line is set smaller (never
/// under 10 pt), then wrapped, and never runs past its field.
#[test]
fn form_values_shrink_to_10_pt_then_wrap_inside_their_field() {
    let form = |value: &str| {
        let mut doc = Document::new("F", Paper::Plain);
        doc.blocks.push(Block::Form(vec![FormItem::Fields(vec![
            Field { label: "Case no.".into(), value: value.into(), width: 1.0 },
            Field { label: "CII".into(), value: "0000900101".into(), width: 1.0 },
        ])]));
        let out = layout::lay_out(&[doc]);
        out.pages[0]
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Text { x, size, text, width, .. } if text.starts_with("SF-") => Some((*x + *width, *size)),
                _ => None,
            })
            .collect::<Vec<_>>()
    };
    let field_right = 72.0 + 495.0 / 2.0;
    assert!(form("SF-2001-000777").iter().all(|(_, size)| *size == 11.0));
    let shrunk = form("SF-2001-000777, SF-2001-000778, SF-2001-07");
    assert!(shrunk.len() == 1 && shrunk[0].1 == 10.0 && shrunk[0].0 <= field_right, "{shrunk:?}");
    let wrapped = form("SF-2001-000777, SF-2001-000778, SF-2001-000779, SF-2001-000780");
    assert!(wrapped.len() >= 2, "{wrapped:?}");
    assert!(wrapped.iter().all(|(right, size)| *size == 10.0 && *right <= field_right), "{wrapped:?}");
}

#[test]
fn pages_are_written_as_they_are_made_and_streaming_gives_the_laid_out_bytes() {
    use sha2::Digest;
    // Each page's objects reach the output before the next page is made.
    let out = layout::lay_out(&[fixtures::exhibit(200)]);
    assert!(out.pages.len() > 3);
    let mut writer = pdf::PdfWriter::new(Vec::new(), &meta()).unwrap();
    let mut sizes = Vec::new();
    for page in &out.pages {
        writer.page(&page.items).unwrap();
        sizes.push(writer.written());
    }
    assert!(sizes.windows(2).all(|w| w[1] > w[0]), "{sizes:?}");
    // The streaming path (layout hands pages to the writer) and the path
    // through laid-out pages give the same file.
    let docs = vec![fixtures::motion(), fixtures::exhibit(60), fixtures::form(9, 2)];
    let mut streamed = Vec::new();
    let stats = render(&docs, &meta(), &mut streamed).unwrap();
    let whole = layout::lay_out(&docs);
    assert_eq!(streamed, pdf::to_bytes(&whole, &meta()).unwrap());
    assert_eq!(stats.pages, whole.pages.len());
    assert_eq!(stats.bytes, streamed.len() as u64);
    let digest: String = sha2::Sha256::digest(&streamed).iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(stats.sha256, digest);
}
