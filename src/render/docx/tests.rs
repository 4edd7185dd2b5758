//! The Word writer: determinism, the package's properties, page setup,
//! and the words of the proposed order against the PDF's.

use std::io::Read;

use super::*;
use crate::render::fixtures;

fn meta() -> Metadata {
    Metadata {
        title: "Proposed order <&> test".into(),
        author: "Office of the District Attorney".into(),
        subject: "Relief under HS 11361.8".into(),
        keywords: vec!["Proposition 64".into(), "HS 11361.8".into()],
        date: chrono::NaiveDate::from_ymd_opt(2026, 11, 1),
    }
}

/// Every part of the package, by name.
pub(crate) fn parts(bytes: &[u8]) -> Vec<(String, String, zip::DateTime)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = Vec::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let mut text = String::new();
        file.read_to_string(&mut text).unwrap();
        out.push((file.name().to_owned(), text, file.last_modified().unwrap_or_default()));
    }
    out
}

fn part(bytes: &[u8], name: &str) -> String {
    parts(bytes).into_iter().find(|(n, ..)| n == name).unwrap_or_else(|| panic!("no {name}")).1
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&")
}

/// The text of `word/document.xml`: each paragraph a line, run tabs as
/// spaces (tab stops in paragraph properties are not text).
pub(crate) fn document_text(bytes: &[u8]) -> String {
    let xml = part(bytes, "word/document.xml");
    let mut out = String::new();
    let mut rest = xml.as_str();
    while let Some(at) = rest.find('<') {
        rest = &rest[at..];
        let end = rest.find('>').unwrap() + 1;
        let tag = &rest[..end];
        let name = tag[1..].split([' ', '>']).next().unwrap().trim_end_matches('/');
        match name {
            "w:t" if !tag.ends_with("/>") => {
                let close = rest.find("</w:t>").unwrap();
                out.push_str(&unescape(&rest[end..close]));
                rest = &rest[close + 6..];
                continue;
            }
            // A run's tab has no attributes; a tab stop has w:val and w:pos.
            "w:tab" if !tag.contains("w:pos") => out.push(' '),
            "/w:p" => out.push('\n'),
            _ => {}
        }
        rest = &rest[end..];
    }
    out
}

#[test]
fn the_same_documents_give_the_same_bytes() {
    let docs = vec![fixtures::motion(), fixtures::form(3, 1)];
    let first = to_bytes(&docs, &meta()).unwrap();
    // Other documents in between must not change the next file (no counters carried over).
    to_bytes(&[fixtures::exhibit(5)], &meta()).unwrap();
    let second = std::thread::spawn(move || to_bytes(&docs, &meta()).unwrap()).join().unwrap();
    assert!(first == second, "two writes of the same documents differ");
    // Paragraph ids are unique.
    let xml = part(&first, "word/document.xml");
    let mut ids: Vec<&str> = xml.split("w14:paraId=\"").skip(1).map(|s| &s[..8]).collect();
    let count = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), count, "duplicate paragraph ids");
}

#[test]
fn zip_entries_carry_a_fixed_time_never_the_clock() {
    let bytes = to_bytes(&[fixtures::motion()], &meta()).unwrap();
    let parts = parts(&bytes);
    assert!(parts.len() >= 8);
    for (name, _, time) in &parts {
        // The zip format's default, 1980-01-01 00:00 (a clock would give today).
        assert_eq!((time.year(), time.month(), time.day(), time.hour(), time.minute()), (1980, 1, 1, 0, 0), "{name}");
    }
}

#[test]
fn package_properties_come_from_the_metadata_and_its_date() {
    let bytes = to_bytes(&[fixtures::motion()], &meta()).unwrap();
    let core = part(&bytes, "docProps/core.xml");
    assert!(core.contains("<dc:title>Proposed order &lt;&amp;&gt; test</dc:title>"), "{core}");
    assert!(core.contains("<dc:creator>Office of the District Attorney</dc:creator>"), "{core}");
    assert!(core.contains("<cp:keywords>Proposition 64, HS 11361.8</cp:keywords>"), "{core}");
    assert!(core.contains(r#"<dcterms:created xsi:type="dcterms:W3CDTF">2026-11-01T00:00:00Z</dcterms:created>"#));
    assert!(core.contains(r#"<dcterms:modified xsi:type="dcterms:W3CDTF">2026-11-01T00:00:00Z</dcterms:modified>"#));
    assert!(!core.contains("1970") && !core.contains("unknown"), "{core}");
    // No date given: none recorded.
    let bytes = to_bytes(&[fixtures::motion()], &Metadata { date: None, ..meta() }).unwrap();
    assert!(!part(&bytes, "docProps/core.xml").contains("dcterms:created"));
}

#[test]
fn letter_paper_pleading_margins_line_numbers_and_times_12() {
    let bytes = to_bytes(&[fixtures::motion()], &meta()).unwrap();
    let xml = part(&bytes, "word/document.xml");
    assert!(xml.contains(r#"<w:pgSz w:w="12240" w:h="15840""#), "letter paper");
    assert!(xml.contains(r#"w:left="1680""#) && xml.contains(r#"w:right="900""#), "pleading margins");
    let sect = &xml[xml.rfind("<w:sectPr").unwrap()..];
    let (mar, num) = (sect.find("<w:pgMar").unwrap(), sect.find("<w:lnNumType").unwrap());
    assert!(mar < num, "lnNumType follows pgMar");
    assert!(sect.contains(r#"w:restart="newPage""#));
    assert!(sect.contains(r#"<w:left w:val="double""#), "the pleading rules");
    assert!(sect.starts_with("<w:sectPr><w:footerReference"), "references first: {sect}");
    let styles = part(&bytes, "word/styles.xml");
    assert!(styles.contains(r#"w:ascii="Times New Roman""#), "{styles}");
    assert!(styles.contains(r#"<w:sz w:val="24" />"#), "12 pt by default");
    // Every run that sets a size sets 12 pt or more on pleading paper.
    for size in xml.split("<w:sz w:val=\"").skip(1).map(|s| s[..s.find('"').unwrap()].parse::<u32>().unwrap()) {
        assert!(size >= 24, "a run of {} pt", size as f32 / 2.0);
    }
    // A plain paper (exhibit) has no line numbers and the plain margin; its
    // header line and its first page number are kept, in schema order.
    let mut exhibit = fixtures::exhibit(3);
    exhibit.first_page = 41;
    let bytes = to_bytes(&[exhibit], &meta()).unwrap();
    let xml = part(&bytes, "word/document.xml");
    assert!(!xml.contains("lnNumType") && xml.contains(r#"w:left="1440""#));
    let sect = &xml[xml.rfind("<w:sectPr").unwrap()..];
    assert!(sect.starts_with("<w:sectPr><w:headerReference"), "{sect}");
    let (start, cols) = (sect.find(r#"<w:pgNumType w:start="41""#).unwrap(), sect.find("<w:cols").unwrap());
    assert!(start < cols, "{sect}");
    assert!(part(&bytes, "word/header1.xml").contains("CONFIDENTIAL"));
    assert!(part(&bytes, "word/header1.xml").contains("<w:suppressLineNumbers />"));
}

#[test]
fn table_headers_repeat_and_rows_never_split() {
    let bytes = to_bytes(&[fixtures::exhibit(40)], &meta()).unwrap();
    let xml = part(&bytes, "word/document.xml");
    assert_eq!(xml.matches("<w:tblHeader />").count(), 1, "one header row");
    assert!(!xml.contains(&HEADER_MARK.to_string()), "the marker is gone");
    // The header row is the table's first.
    let first_row = &xml[xml.find("<w:tr>").or_else(|| xml.find("<w:tr ")).unwrap()..];
    assert!(first_row[..first_row.find("</w:tr>").unwrap()].contains("<w:tblHeader />"));
    // Every row (header, group rows and 40 convictions) cannot split.
    assert!(xml.matches("<w:cantSplit />").count() >= 1 + 2 + 40);
    let text = document_text(&bytes);
    for header in ["Row", "Name (and AKA)", "Court case no.", "Relief requested"] {
        assert!(text.contains(header), "{header}");
    }
    // A two-line cell keeps both lines, in order.
    assert!(text.contains("ORCHARDSON,ROWAN\nAKA QUILLFEATHER"), "{text}");
}

#[test]
fn words_styles_lists_quotes_and_signatures() {
    let bytes = to_bytes(&[fixtures::motion()], &meta()).unwrap();
    let xml = part(&bytes, "word/document.xml");
    let text = document_text(&bytes);
    // Every word of every paragraph, in order.
    let model: Vec<String> = fixtures::motion()
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(p.spans.iter().map(|s| s.text.as_str()).collect::<String>()),
            _ => None,
        })
        .collect();
    for paragraph in model {
        let words = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains(&words), "{words}");
    }
    assert!(xml.contains("<w:b />") && xml.contains("<w:i />"), "bold and italic runs");
    assert!(xml.contains(r#"<w:jc w:val="both" />"#), "justified body text");
    assert!(text.contains("1. Convictions of section 11357"), "list label, tab, text");
    assert!(text.contains("Respectfully submitted,"));
    assert!(text.contains("THE PEOPLE OF THE STATE OF CALIFORNIA,"));
    assert!(!text.contains("__"), "lines are drawn, not typed");
    // The caption's court title and the case box.
    assert!(text.contains("SUPERIOR COURT OF THE STATE OF CALIFORNIA\nCOUNTY OF SAN FRANCISCO"));
    assert!(text.contains("Case Nos.: See Exhibit A"));
}

#[test]
fn forms_keep_their_words_and_check_boxes_are_characters() {
    let bytes = to_bytes(&[fixtures::form(14, 2)], &meta()).unwrap();
    let text = document_text(&bytes);
    assert!(text.contains("☒ Redesignation or dismissal"), "{text}");
    assert!(text.contains("☐ The motion is DENIED."), "{text}");
    assert!(text.contains("8 more — continued on Attachment 1: Counts"), "{text}");
    assert!(text.contains("Attachment 1: Counts"));
    assert!(text.contains("SF-2001-000015"), "the last overflow row");
    let xml = part(&bytes, "word/document.xml");
    assert!(xml.contains(r#"<w:pageBreakBefore />"#), "the attachment starts a page");
}

#[test]
fn write_docx_replaces_the_file_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("03-proposed-order.docx");
    std::fs::write(&path, b"old").unwrap();
    write_docx(&[fixtures::motion()], &meta(), &path).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(bytes, to_bytes(&[fixtures::motion()], &meta()).unwrap());
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 1, "no temporary file left: {names:?}");
}

#[test]
fn data_is_text_never_markup_or_direction_controls() {
    let hostile = "<script>&\"O'BRIEN\u{202E}LIVE\u{1}\u{200B}\tTAB\nLINE";
    let mut doc = Document::new("T", Paper::Pleading);
    doc.push(Block::Paragraph(Paragraph::body(vec![Span::plain(hostile)])));
    doc.push(Block::Caption(Caption { parties: vec![hostile.into()], title: hostile.into(), ..Caption::default() }));
    let bytes = to_bytes(&[doc], &meta()).unwrap();
    let xml = part(&bytes, "word/document.xml");
    assert!(xml.contains("&lt;script&gt;&amp;"), "escaped");
    for c in ['\u{202E}', '\u{1}', '\u{200B}', '\t'] {
        assert!(!xml.contains(c), "{c:?} left in the XML");
    }
    let text = document_text(&bytes);
    assert_eq!(text.matches("<script>&\"O'BRIENLIVE TAB LINE").count(), 3, "{text}");
}

mod order;
