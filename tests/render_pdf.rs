//! The PDF renderer seen from outside: `clearmotion specimen` writes court
//! papers, and the tools a clerk's and a reviewer's machines use read them
//! back — poppler (pdftotext, pdftoppm, pdffonts), qpdf and MuPDF (mutool).
//! In CI the tools are installed by `.ci/run` and their absence is a
//! failure; elsewhere a missing tool skips its check with a note.
//!
//! The specimen is the production papers (`clearmotion::packet::specimen`):
//! the built-in templates, Exhibit A table and per-case form for a made-up
//! docket of fictitious people and the example office.
//!
//! Looked at (pdftoppm -r 50 of `clearmotion specimen --rows 60`): page 1
//! the attorney block, the court title, the caption boxes and the notice on
//! numbered lines; then the memorandum, the executed declaration, Exhibit A
//! (a repeated bold header, zebra shading, relief groups continued across
//! pages), the proposed order, the proof of service, the notice of
//! challenged cases with Attachment 1 and its proof of service, and the two
//! per-case forms, the second with its counts continued on an attachment
//! page that names the person and the case.

use std::path::Path;
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;

fn tool(name: &str) -> bool {
    let found = Command::new(name).arg("-v").output().is_ok() || Command::new(name).arg("--version").output().is_ok();
    if !found {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "{name} is missing: .ci/run must install it");
        eprintln!("note: {name} is not installed; its checks are skipped");
    }
    found
}

fn specimen(dir: &Path, name: &str, rows: usize) -> std::path::PathBuf {
    let path = dir.join(name);
    let status = Command::cargo_bin("clearmotion")
        .unwrap()
        .args(["specimen", "--rows", &rows.to_string(), "--out"])
        .arg(&path)
        .status()
        .unwrap();
    assert!(status.success());
    path
}

fn output(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{cmd:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_same_input_gives_the_same_bytes_in_another_process() {
    let dir = tempfile::tempdir().unwrap();
    let a = std::fs::read(specimen(dir.path(), "a.pdf", 80)).unwrap();
    let b = std::fs::read(specimen(dir.path(), "b.pdf", 80)).unwrap();
    assert_eq!(a, b);
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 2, "only the finished files: {names:?}");
}

#[test]
fn qpdf_finds_no_structural_errors() {
    if !tool("qpdf") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pdf = specimen(dir.path(), "s.pdf", 200);
    let out = Command::new("qpdf").arg("--check").arg(&pdf).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && text.contains("No syntax or stream encoding errors"), "{text}");
    assert!(!text.contains("WARNING"), "{text}");
}

#[test]
fn text_extracts_in_reading_order_with_accents_and_section_signs() {
    if !tool("pdftotext") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pdf = specimen(dir.path(), "s.pdf", 40);
    // -raw: content-stream order, which is the reading order we write
    // (the layout mode mixes the line numbers into the text lines).
    let text = output(Command::new("pdftotext").arg("-raw").arg(&pdf).arg("-"));
    let words: Vec<&str> = text.split_whitespace().collect();
    let joined = words.join(" ");
    for phrase in [
        "PLEASE TAKE NOTICE that the People of the State of California move under Health and Safety Code section 11361.8",
        "SUPERIOR COURT OF THE STATE OF CALIFORNIA CITY AND COUNTY OF SAN FRANCISCO",
        "ÁLVAREZ MUESTRA, JOSÉ ÁNGEL",
        "NÚÑEZ-O'SAMPLE,DANI",
        "(HS § 11361.9)",
        "10 more — continued on Attachment 1",
        "Attachment 1: Counts",
    ] {
        assert!(joined.contains(phrase), "missing {phrase:?}");
    }
    // Reading order: the papers in filing order, each read top to bottom.
    let at = |s: &str| joined.find(s).unwrap_or_else(|| panic!("{s}"));
    let order = [
        "PLEASE TAKE NOTICE",
        "MEMORANDUM OF POINTS AND AUTHORITIES",
        "I. THE LAW",
        "Birth date / CII",
        "IT IS ORDERED",
        "PROOF OF SERVICE",
        "NOTICE OF CHALLENGED CASES",
        "Attachment 1: Counts",
    ];
    for pair in order.windows(2) {
        assert!(at(pair[0]) < at(pair[1]), "{:?} before {:?}", pair[0], pair[1]);
    }
}

/// `specimen` shows what the office files: the production motion, order,
/// notices and forms, and nothing of the hand-written specimen it once had.
#[test]
fn the_specimen_is_the_production_papers() {
    if !tool("pdftotext") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pdf = specimen(dir.path(), "s.pdf", 30);
    let text = output(Command::new("pdftotext").arg("-raw").arg(&pdf).arg("-"));
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for phrase in [
        "NOTICE OF MOTION AND MOTION",
        "MEMORANDUM OF POINTS AND AUTHORITIES",
        "I declare under penalty of perjury under the laws of the State of California",
        "EXHIBIT A",
        "[PROPOSED] ORDER",
        "IT IS ORDERED",
        "PROOF OF SERVICE",
        "NOTICE OF CHALLENGED CASES",
        "AVERY EXAMPLE",
        "BLAKE SAMPLE",
        "Judge of the Superior Court",
    ] {
        assert!(joined.contains(phrase), "missing {phrase:?}");
    }
    for old in [
        "print as recorded",
        "The figures reconcile",
        "Case Nos.: See Exhibit A",
        "THE CONVICTIONS",
        "QUILLFEATHER",
        "MARBLEWICK",
        "ALEX EXAMPLE",
        "JORDAN SAMPLE",
        "Placeholder Street",
        "Sample City",
    ] {
        assert!(!joined.contains(old), "old specimen text {old:?}");
    }
}

#[test]
fn fonts_are_embedded_and_subset() {
    if !tool("pdffonts") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pdf = specimen(dir.path(), "s.pdf", 20);
    let listing = output(Command::new("pdffonts").arg(&pdf));
    let fonts: Vec<&str> = listing.lines().skip(2).collect();
    assert!((3..=4).contains(&fonts.len()), "regular, bold, italic (bold italic when used): {listing}");
    for line in fonts {
        assert!(line.starts_with("CMSER") && line.contains("+LiberationSerif"), "{line}");
        // emb sub uni: yes yes yes
        assert!(line.contains("yes yes yes"), "{line}");
    }
}

#[test]
fn poppler_and_mupdf_both_render_every_page_and_read_the_same_words() {
    if !tool("pdftoppm") || !tool("mutool") || !tool("pdftotext") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pdf = specimen(dir.path(), "s.pdf", 60);
    let info = output(Command::new("pdfinfo").arg(&pdf));
    let pages: usize = info.lines().find_map(|l| l.strip_prefix("Pages:")).unwrap().trim().parse().unwrap();
    assert!(info.contains("612 x 792 pts (letter)"), "{info}");

    let poppler =
        Command::new("pdftoppm").args(["-r", "20", "-png"]).arg(&pdf).arg(dir.path().join("p")).output().unwrap();
    assert!(poppler.status.success() && poppler.stderr.is_empty(), "{}", String::from_utf8_lossy(&poppler.stderr));
    let pngs = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().starts_with("p-"))
        .count();
    assert_eq!(pngs, pages);

    let mupdf = Command::new("mutool")
        .args(["draw", "-q", "-r", "20", "-o"])
        .arg(dir.path().join("m%d.png"))
        .arg(&pdf)
        .output()
        .unwrap();
    assert!(mupdf.status.success(), "{}", String::from_utf8_lossy(&mupdf.stderr));
    assert!(!String::from_utf8_lossy(&mupdf.stderr).contains("error"), "{}", String::from_utf8_lossy(&mupdf.stderr));

    let words = |s: String| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
    let from_poppler = words(output(Command::new("pdftotext").arg("-raw").arg(&pdf).arg("-")));
    let from_mupdf = words(output(Command::new("mutool").args(["draw", "-q", "-F", "txt", "-o", "-"]).arg(&pdf)));
    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };
    assert_eq!(sorted(from_poppler), sorted(from_mupdf), "both engines read the same words");
}

#[test]
fn classify_writes_a_one_page_impact_summary_with_the_run_figures() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let status = Command::cargo_bin("clearmotion")
        .unwrap()
        .arg("classify")
        .arg(root.join("samples/doj-sample.dat"))
        .args(["--county", "SAN FRANCISCO", "--as-of", "2026-11-01", "--quiet", "--out"])
        .arg(dir.path())
        .status()
        .unwrap();
    assert!(status.success());
    let pdf = dir.path().join("summary.pdf");
    let doc = lopdf::Document::load(&pdf).unwrap();
    assert_eq!(doc.get_pages().len(), 1, "one page for the elected DA");
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("summary.json")).unwrap()).unwrap();
    if !tool("pdftotext") {
        return;
    }
    let text = output(Command::new("pdftotext").arg("-raw").arg(&pdf).arg("-"));
    let relieved = summary["impact"]["people_with_relief"].as_u64().unwrap();
    assert!(text.contains(&format!("People with a conviction dismissed or reduced {relieved}")), "{text}");
    assert!(text.contains("Where the convictions go") && text.contains("as of 2026-11-01"), "{text}");
    // The categories are the packets' reconciliation: "challenged" is the
    // notice's count, not every not-eligible conviction.
    let challenged = summary["filing"]["challenged"].as_u64().unwrap();
    assert!(text.contains(&format!("Convictions challenged (notice of challenged cases) {challenged}")), "{text}");
    assert!(!text.contains("listed for challenge"), "{text}");
}

/// `specimen --docx` writes the Word copy of the specimen's proposed order
/// (as a packet folder's `03-proposed-order.docx`): a zip package with the
/// order's words, the same bytes in another process.
#[test]
fn specimen_writes_a_word_copy_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str| {
        let docx = dir.path().join(name);
        let status = Command::cargo_bin("clearmotion")
            .unwrap()
            .args(["specimen", "--rows", "5", "--out"])
            .arg(dir.path().join("s.pdf"))
            .arg("--docx")
            .arg(&docx)
            .status()
            .unwrap();
        assert!(status.success());
        std::fs::read(docx).unwrap()
    };
    let a = write("a.docx");
    assert_eq!(a, write("b.docx"), "the same bytes");
    assert!(a.starts_with(b"PK\x03\x04"), "a zip package");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(a)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("word/document.xml").unwrap(), &mut xml).unwrap();
    assert!(xml.contains("IT IS ORDERED") && xml.contains("GRANTED"), "the order");
    assert!(!xml.contains("MEMORANDUM OF POINTS AND AUTHORITIES"), "not the motion");
    let mut styles = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("word/styles.xml").unwrap(), &mut styles).unwrap();
    assert!(styles.contains(r#"w:ascii="Times New Roman""#), "{styles}");
}
