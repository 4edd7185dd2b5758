//! The court packets end to end: `clearmotion run` (and `packets`) on the
//! bundled samples and a hostile case list, read back with the tools a
//! clerk's machine has — pdftotext and qpdf (poppler-utils, qpdf). In CI the
//! tools are installed by `.ci/run` and their absence is a failure;
//! elsewhere a missing tool skips its checks with a note.
//!
//! Looked at (pdftoppm -r 60 of the sample run): the motion's caption on
//! numbered lines 1–14, the notice, points and authorities and the
//! declaration with its reconciling figures; Exhibit A under the
//! CONFIDENTIAL header with the "Dismiss and seal" group, two-line name/AKA
//! and birth date/CII cells, nothing wrapped inside a word; the proposed
//! order's count; the notice of challenged cases with reasons; the per-case
//! form with its check boxes, counts table and signature lines.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn tool(name: &str) -> bool {
    let found = Command::new(name).arg("-v").output().is_ok() || Command::new(name).arg("--version").output().is_ok();
    if !found {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "{name} is missing: .ci/run must install it");
        eprintln!("note: {name} is not installed; its checks are skipped");
    }
    found
}

fn clearmotion(args: &[&str], out: &Path) -> String {
    let output = Command::cargo_bin("clearmotion")
        .unwrap()
        .current_dir(repo())
        .args(args)
        .arg("--out")
        .arg(out)
        .arg("--quiet")
        .output()
        .unwrap();
    assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

const SAMPLES: [&str; 2] = ["samples/doj-sample.dat", "samples/caselist.csv"];

fn run_samples(out: &Path, extra: &[&str]) -> String {
    let mut args = vec!["run"];
    args.extend(SAMPLES);
    args.extend(["--county", "SAN FRANCISCO", "--policy", "samples/policy.toml", "--office", "samples/office.toml"]);
    args.extend(["--as-of", "2026-11-01"]);
    args.extend(extra);
    clearmotion(&args, out)
}

/// CSV records as maps from header to value.
fn csv(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| headers.iter().zip(r.unwrap().iter()).map(|(h, v)| (h.to_owned(), v.to_owned())).collect())
        .collect()
}

/// The text of every page (`pdftotext -layout`).
fn pages(pdf: &Path) -> Vec<String> {
    let out = Command::new("pdftotext").arg("-layout").arg(pdf).arg("-").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    text.split('\u{c}').map(str::to_owned).collect()
}

/// Row numbers and their lines on the Exhibit A pages (plain paper, under
/// the CONFIDENTIAL header): a row starts with its number at the left.
fn exhibit_rows(pages: &[String]) -> Vec<(u64, String)> {
    let mut rows = Vec::new();
    for page in pages.iter().filter(|p| p.contains("EXHIBIT A TO MOTION UNDER HS")) {
        // Rows come after the table's header on each page.
        for line in page.lines().skip_while(|l| !l.contains("Name (and AKA)")) {
            let trimmed = line.trim_start();
            let indent = line.len() - trimmed.len();
            let digits: String = trimmed.chars().take_while(char::is_ascii_digit).collect();
            if !digits.is_empty() && indent + digits.len() <= 6 && trimmed[digits.len()..].starts_with(' ') {
                rows.push((digits.parse().unwrap(), trimmed[digits.len()..].trim().to_owned()));
            }
        }
    }
    rows
}

fn packets_dir(out: &Path) -> PathBuf {
    out.join("packets")
}

/// Each bulk packet's folder and its clerk CSV, from index.csv.
fn packet_folders(out: &Path) -> Vec<(PathBuf, PathBuf)> {
    let index = csv(&packets_dir(out).join("index.csv"));
    index
        .iter()
        .filter(|r| r["kind"] == "clerk_csv" && r["file"].ends_with("/exhibit-a.csv"))
        .map(|r| {
            let clerk = packets_dir(out).join(&r["file"]);
            (clerk.parent().unwrap().to_owned(), clerk)
        })
        .collect()
}

/// The documents of a folder (`01-...pdf`, `02-...`), in filing order:
/// volumes of Exhibit A by number.
fn documents(folder: &Path) -> Vec<PathBuf> {
    let mut pdfs: Vec<(String, u32, PathBuf)> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.ends_with(".pdf") && name.starts_with(|c: char| c.is_ascii_digit())
        })
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let volume =
                name.split("-vol-").nth(1).and_then(|v| v.split('-').next()).and_then(|v| v.parse().ok()).unwrap_or(0);
            (name[..2].to_owned(), volume, p)
        })
        .collect();
    pdfs.sort();
    pdfs.into_iter().map(|(_, _, p)| p).collect()
}

/// The pages of every document of a folder, in filing order.
fn folder_pages(folder: &Path) -> Vec<String> {
    documents(folder).iter().flat_map(|pdf| pages(pdf)).collect()
}

/// The text runs of a Word file's body, headers and footers.
fn docx_text(path: &Path) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let parts: Vec<String> = zip
        .file_names()
        .filter(|n| n.starts_with("word/") && n.ends_with(".xml"))
        .filter(|n| n.contains("document") || n.contains("header") || n.contains("footer"))
        .map(str::to_owned)
        .collect();
    let mut text = String::new();
    for name in parts {
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(&name).unwrap(), &mut xml).unwrap();
        for part in xml.split("<w:t").skip(1) {
            // `<w:t>` or `<w:t xml:space=...>`, not `<w:tbl>`, `<w:tc>`, ...
            if !part.starts_with('>') && !part.starts_with(' ') {
                continue;
            }
            let Some(start) = part.find('>') else { continue };
            if part[..start].ends_with('/') {
                continue;
            }
            let body = &part[start + 1..];
            let end = body.find("</w:t>").unwrap_or(body.len());
            let run = &body[..end];
            text.push_str(
                &run.replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&quot;", "\"")
                    .replace("&apos;", "'")
                    .replace("&amp;", "&"),
            );
            text.push(' ');
        }
    }
    text
}

/// Every file under `dir`, relative path → bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            out.insert(rel, std::fs::read(entry.path()).unwrap());
        }
    }
    out
}

#[test]
fn sample_run_writes_packets_that_match_their_clerk_files_and_reconcile() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    let stdout = run_samples(out, &[]);
    assert!(stdout.contains("Every Prop 64 conviction is in exactly one packet row, the already-filed list, the challenged notice, the review list or not-eligible-other: 306 + 0 + 17 + 58 + 14 = 395"), "{stdout}");
    assert!(stdout.contains("Unassigned courts: none"), "{stdout}");
    // The documents as files: a folder per packet, and one per court's notice.
    let expected = [
        "index.csv",
        "review-list.csv",
        "san-francisco-challenged/01-notice.pdf",
        "san-francisco-challenged/02-proof-of-service.pdf",
        "san-francisco/01-motion.pdf",
        "san-francisco/02-exhibit-a.pdf",
        "san-francisco/03-proposed-order.docx",
        "san-francisco/03-proposed-order.pdf",
        "san-francisco/04-proof-of-service.pdf",
        "san-francisco/exhibit-a.csv",
    ];
    assert_eq!(files(&packets_dir(out)).keys().collect::<Vec<_>>(), expected);
    // index.csv lists every file but itself, with its kind.
    let index = csv(&packets_dir(out).join("index.csv"));
    let kinds: Vec<(&str, &str)> = index.iter().map(|r| (r["file"].as_str(), r["kind"].as_str())).collect();
    assert_eq!(
        kinds,
        [
            ("review-list.csv", "review_list"),
            ("san-francisco-challenged/01-notice.pdf", "notice"),
            ("san-francisco-challenged/02-proof-of-service.pdf", "service"),
            ("san-francisco/01-motion.pdf", "motion"),
            ("san-francisco/02-exhibit-a.pdf", "exhibit"),
            ("san-francisco/03-proposed-order.docx", "order_docx"),
            ("san-francisco/03-proposed-order.pdf", "order"),
            ("san-francisco/04-proof-of-service.pdf", "service"),
            ("san-francisco/exhibit-a.csv", "clerk_csv"),
        ]
    );

    // Every dismiss/reduce determination is in exactly one packet row (or
    // on the review list, when its court or case number is unknown).
    let determinations = csv(&out.join("determinations.csv"));
    let key = |r: &BTreeMap<String, String>| (r["subject_id"].clone(), r["count_id"].clone(), r["case_number"].clone());
    let mut expected: Vec<_> = determinations
        .iter()
        .filter(|r| r["determination"] == "dismiss" || r["determination"] == "reduce")
        .map(key)
        .collect();
    let mut found = Vec::new();
    for (_, clerk) in packet_folders(out) {
        found.extend(csv(&clerk).iter().map(key));
    }
    found.extend(
        csv(&packets_dir(out).join("review-list.csv"))
            .iter()
            .filter(|r| r["cause"] != "review" && (r["determination"] == "dismiss" || r["determination"] == "reduce"))
            .map(key),
    );
    expected.sort();
    found.sort();
    assert_eq!(found, expected);

    // The manifest lists every output with its hash, pages and rows.
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["as_of"], "2026-11-01");
    assert_eq!(manifest["reconciliation"]["reconciles"], true);
    assert!(manifest["office"]["sha256"].as_str().unwrap().len() == 64);
    assert!(manifest["policy"]["path"].as_str().unwrap().ends_with("policy.toml"));
    assert_eq!(manifest["templates"].as_array().unwrap().len(), 7);
    let outputs = manifest["outputs"].as_array().unwrap();
    assert_eq!(outputs.len(), files(&packets_dir(out)).len());
    assert!(outputs.iter().all(|o| o["path"].as_str().unwrap().starts_with("packets/")));
    let pdf = outputs.iter().find(|o| o["path"] == "packets/san-francisco/02-exhibit-a.pdf").unwrap();
    assert_eq!(pdf["rows"], 306);
    assert_eq!(pdf["kind"], "exhibit");
    assert!(pdf["pages"].as_u64().unwrap() > 10);
    assert!(outputs.iter().all(|o| o["kind"].is_string()), "every output has a kind");

    if !tool("pdftotext") {
        return;
    }
    for (pdf, clerk) in packet_folders(out) {
        let clerk = csv(&clerk);
        let pages = folder_pages(&pdf);
        // Exhibit A lists exactly the clerk file's rows, in its order.
        let rows = exhibit_rows(&pages);
        let numbers: Vec<u64> = rows.iter().map(|(n, _)| *n).collect();
        assert_eq!(numbers, (1..=clerk.len() as u64).collect::<Vec<_>>(), "{}", pdf.display());
        for ((number, line), record) in rows.iter().zip(&clerk) {
            assert_eq!(record["row"], number.to_string());
            let first_word = record["name"].split([' ', ',', '-']).next().unwrap();
            assert!(line.contains(first_word), "row {number}: {line:?} lacks {first_word:?}");
            let case = record["case_number"].split(['-', ';']).next().unwrap();
            assert!(line.contains(case), "row {number}: {line:?} lacks the case number");
        }
        // The proposed order grants relief for exactly that many rows.
        let text = pages.join(" ").split_whitespace().collect::<Vec<_>>().join(" ");
        let count = format!("The motion is GRANTED as to each of the {} convictions listed in Exhibit A", clerk.len());
        assert!(text.contains(&count), "{}: no {count:?}", pdf.display());
        assert!(text.contains("as of November 1, 2026"));
        // The declaration says which convictions came from the office's records alone.
        let layout =
            Command::new("pdftotext").args(["-layout"]).arg(pdf.join("01-motion.pdf")).arg("-").output().unwrap();
        let motion: Vec<String> = String::from_utf8_lossy(&layout.stdout)
            .lines()
            .map(|l| {
                // The pleading paper's line number at the left margin.
                let rest = l.trim_start();
                let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
                if digits > 0 && rest[digits..].starts_with("  ") { rest[digits..].to_owned() } else { l.to_owned() }
            })
            .collect();
        let motion = motion.join(" ").split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            motion.contains("7 were found only in the office's own case records: the Department of Justice records read do not show them. Another 5 appear in both sets of records; each is listed once."),
            "{motion}"
        );
        assert!(text.contains("PROOF OF SERVICE"));
    }
    // The Word copy of the order holds the PDF order's words (less the
    // pleading paper's line numbers and the page footers, which Word makes).
    let order_pdf = pages(&packets_dir(out).join("san-francisco/03-proposed-order.pdf")).join(" ");
    let order_docx = docx_text(&packets_dir(out).join("san-francisco/03-proposed-order.docx"));
    let words = |text: &str| -> BTreeMap<String, usize> {
        let mut counts = BTreeMap::new();
        for w in text.split(|c: char| !c.is_alphanumeric()).filter(|w| w.chars().any(char::is_alphabetic)) {
            *counts.entry(w.to_owned()).or_insert(0) += 1;
        }
        counts
    };
    let (in_pdf, in_docx) = (words(&order_pdf), words(&order_docx));
    assert!(in_docx.contains_key("GRANTED") && in_docx.contains_key("Exhibit"), "{order_docx}");
    let missing: Vec<_> = in_pdf.keys().filter(|w| !in_docx.contains_key(*w)).collect();
    let extra: Vec<_> = in_docx.keys().filter(|w| !in_pdf.contains_key(*w)).collect();
    assert!(missing.is_empty() && extra.is_empty(), "only in the PDF: {missing:?}; only in Word: {extra:?}");

    // The challenged notice lists every not-eligible Prop 64 conviction of the court.
    let notice = folder_pages(&packets_dir(out).join("san-francisco-challenged")).join(" ");
    let notice = notice.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(notice.contains("the 17 convictions listed in Attachment 1"), "{notice}");
    assert!(notice.starts_with("CONFIDENTIAL"));

    if tool("qpdf") {
        for entry in walkdir::WalkDir::new(packets_dir(out)) {
            let path = entry.unwrap().into_path();
            if path.extension().is_some_and(|e| e == "pdf") {
                let check = Command::new("qpdf").arg("--check").arg(&path).output().unwrap();
                assert!(check.status.success(), "{}: {}", path.display(), String::from_utf8_lossy(&check.stdout));
            }
        }
    }
}

#[test]
fn a_second_run_replaces_the_packets_with_identical_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    run_samples(out, &[]);
    let first = files(&packets_dir(out));
    let manifest = std::fs::read(out.join("manifest.json")).unwrap();
    // A stale file in packets/ is gone after the next run: the folder is replaced whole.
    std::fs::write(packets_dir(out).join("stale.pdf"), b"old").unwrap();
    run_samples(out, &[]);
    let second = files(&packets_dir(out));
    assert_eq!(first.keys().collect::<Vec<_>>(), second.keys().collect::<Vec<_>>());
    for (name, bytes) in &first {
        assert!(&second[name] == bytes, "{name} differs between runs");
    }
    assert_eq!(std::fs::read(out.join("manifest.json")).unwrap(), manifest);
    let leftovers: Vec<_> = std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".packets"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    // `packets` on the same classification gives the same files again.
    let output = Command::cargo_bin("clearmotion")
        .unwrap()
        .current_dir(repo())
        .args(["packets"])
        .arg(out)
        .args(["--office", "samples/office.toml", "--quiet"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(files(&packets_dir(out)), first);
}

#[test]
fn no_ssn_licence_or_fbi_number_reaches_any_output_and_redaction_masks_dob_and_cii() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    run_samples(out, &["--redact"]);
    let determinations = csv(&out.join("determinations.csv"));
    let mut texts: Vec<(String, String)> = Vec::new();
    for (name, bytes) in files(out) {
        if name.ends_with(".pdf") {
            if tool("pdftotext") {
                texts.push((name.clone(), pages(&out.join(&name)).join("\n")));
            }
        } else {
            texts.push((name, String::from_utf8_lossy(&bytes).into_owned()));
        }
    }
    // The sample generator's SSNs are 000-00-NNNN, licences X000NNNN, FBI numbers XXXNNNNNNNN.
    for (name, text) in &texts {
        assert!(!text.contains("000-00-"), "{name} holds an SSN");
        let bytes = text.as_bytes();
        for (i, w) in bytes.windows(4).enumerate() {
            if w == b"X000" && bytes[i + 4..].iter().take(4).all(u8::is_ascii_digit) && bytes.len() >= i + 8 {
                panic!("{name} holds a licence number");
            }
            if w[..3] == *b"XXX" && bytes[i + 3..].iter().take(8).filter(|b| b.is_ascii_digit()).count() == 8 {
                panic!("{name} holds an FBI number");
            }
        }
    }
    // Redacted: no date of birth or full CII in the packets; the masks are there.
    let packets: Vec<&(String, String)> = texts.iter().filter(|(n, _)| n.starts_with("packets/")).collect();
    for row in determinations.iter().filter(|r| !r["dob"].is_empty()).take(50) {
        for (name, text) in &packets {
            assert!(!text.contains(&row["dob"]), "{name} shows a date of birth");
            assert!(!text.contains(&row["cii"]), "{name} shows a CII number");
        }
    }
    let clerk = csv(&packets_dir(out).join("san-francisco/exhibit-a.csv"));
    assert!(clerk.iter().all(|r| r["dob"] == "XXXX-XX-XX" || r["dob"].is_empty()));
    assert!(clerk.iter().all(|r| r["cii"].starts_with("XXXXXX") || r["cii"].is_empty()));
    if tool("pdftotext") {
        let pdf = texts.iter().find(|(n, _)| n == "packets/san-francisco/02-exhibit-a.pdf").unwrap();
        assert!(pdf.1.contains("XXXX-XX-XX") && pdf.1.contains("REDACTED REVIEW DRAFT"));
    }
}

#[test]
fn hostile_names_render_literally_in_pdf_text_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    let stdout = clearmotion(
        &[
            "run",
            "tests/fixtures/hostile-caselist.csv",
            "--county",
            "SAN FRANCISCO",
            "--office",
            "samples/office.toml",
            "--as-of",
            "2026-11-01",
        ],
        out,
    );
    assert!(stdout.contains("6 + 0 + 1 + 0 + 0 = 7"), "{stdout}");
    let names = [
        "O\"BRIEN,JAY \"JJ\"",
        "{{ NAME }},{% RAW %}",
        "<SCRIPT>ALERT(1)</SCRIPT>,X",
        "=CMD()|' /C CALC'!A0,EVE",
        "\u{202e}EVIL\u{202c},RTL",
        "**BOLD**,@PAGEBREAK ~TILDE\\BACK",
    ];
    let clerk = csv(&packets_dir(out).join("san-francisco/exhibit-a.csv"));
    let mut in_csv: Vec<String> = clerk.iter().map(|r| r["name"].clone()).collect();
    in_csv.sort();
    let mut expected: Vec<String> =
        names.iter().map(|n| if n.starts_with('=') { format!("'{n}") } else { n.to_string() }).collect();
    expected.sort();
    assert_eq!(in_csv, expected, "names literal, formulas neutralised");
    for record in &clerk {
        assert!(record.values().all(|v| !v.starts_with(['=', '+', '-', '@'])), "{record:?}");
    }
    let review_and_challenged = std::fs::read_to_string(packets_dir(out).join("review-list.csv")).unwrap();
    assert!(!review_and_challenged.lines().any(|l| l.starts_with(['=', '+', '-', '@'])));

    if !tool("pdftotext") {
        return;
    }
    let pdf = pages(&packets_dir(out).join("san-francisco/02-exhibit-a.pdf"));
    let raw = Command::new("pdftotext")
        .arg("-raw")
        .arg(packets_dir(out).join("san-francisco/02-exhibit-a.pdf"))
        .arg("-")
        .output()
        .unwrap();
    let text: String = String::from_utf8(raw.stdout).unwrap().split_whitespace().collect();
    for name in names {
        // The bidirectional controls are not drawn; everything else is, as is
        // (cells wrap, so spaces are not compared).
        let visible: String =
            name.chars().filter(|c| !matches!(c, '\u{202a}'..='\u{202e}') && !c.is_whitespace()).collect();
        assert!(text.contains(&visible), "{visible:?} is not in the PDF text as written");
    }
    assert!(!text.contains("Office of the District Attorney, City and County of San Francisco {% if"));
    // The notice of challenged cases shows the one challenged name literally.
    let notice: String =
        pages(&packets_dir(out).join("san-francisco-challenged/01-notice.pdf")).join("\n").split_whitespace().collect();
    assert!(notice.contains("+PLUS,-MINUS") && notice.contains("@AT"), "{notice}");
    // Nothing became markup: the exhibit has the same number of pages with harmless names.
    assert_eq!(exhibit_rows(&pdf).len(), 6);
}

#[test]
fn per_case_mode_writes_one_form_per_case() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    run_samples(out, &[]);
    let office = std::fs::read_to_string(repo().join("samples/office.toml")).unwrap();
    let per_case = out.join("office-per-case.toml");
    std::fs::write(&per_case, office.replace("mode = \"bulk\"", "mode = \"per_case\"")).unwrap();
    let output = Command::cargo_bin("clearmotion")
        .unwrap()
        .arg("packets")
        .arg(out)
        .arg("--office")
        .arg(&per_case)
        .arg("--quiet")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let index = csv(&packets_dir(out).join("index.csv"));
    let forms = index.iter().find(|r| r["kind"] == "forms").unwrap();
    assert_eq!(forms["file"], "san-francisco-hall-of-justice-cases/01-forms.pdf");
    // 324 relief rows, 19 of them with no case number (on the review list).
    assert_eq!(forms["rows"], "306");
    let clerk = csv(&packets_dir(out).join("san-francisco-hall-of-justice-cases/cases.csv"));
    assert_eq!(clerk.len(), 306);
    let determinations = csv(&out.join("determinations.csv"));
    let mut cases: Vec<(String, String)> = determinations
        .iter()
        .filter(|r| r["determination"] == "dismiss" || r["determination"] == "reduce")
        .filter(|r| !r["case_number"].is_empty())
        .map(|r| (r["subject_id"].clone(), r["case_number"].clone()))
        .collect();
    cases.sort();
    cases.dedup();
    let pages: u64 = forms["pages"].parse().unwrap();
    assert!(pages >= cases.len() as u64, "{pages} pages for {} cases", cases.len());
    if tool("pdftotext") {
        let text = self::pages(&packets_dir(out).join(&forms["file"]));
        let with_form = text.iter().filter(|p| p.contains("MOTION (Health and Safety Code section 11361.8)")).count();
        assert_eq!(with_form, cases.len());
    }
}

#[test]
fn a_failed_run_leaves_the_previous_packets_as_they_were() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    run_samples(&out, &[]);
    let before = files(&packets_dir(&out));
    // An office whose order template is broken: the run stops before the swap.
    let office = std::fs::read_to_string(repo().join("samples/office.toml")).unwrap();
    let broken = dir.path().join("office.toml");
    std::fs::write(&broken, format!("templates = \"tpl\"\n{office}")).unwrap();
    std::fs::create_dir(dir.path().join("tpl")).unwrap();
    std::fs::write(dir.path().join("tpl/order.cm"), "@paper pleading\n@footer ORDER\n\n{% if %}\n").unwrap();
    let output = Command::cargo_bin("clearmotion")
        .unwrap()
        .arg("packets")
        .arg(&out)
        .arg("--office")
        .arg(&broken)
        .arg("--quiet")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("order.cm:4: "), "{stderr}");
    assert_eq!(files(&packets_dir(&out)), before, "the previous set is untouched");
    let leftovers = std::fs::read_dir(&out)
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().starts_with(".packets"));
    assert_eq!(leftovers.count(), 0);
}

/// `[packets] max_file_mb`: no PDF is larger; Exhibit A is cut into volumes
/// ("Volume i of n, rows a–b", rows numbered straight across them), the
/// order and the motion name every volume, and `combined = true` adds the
/// printable packet, itself cut to fit. The cut is the same on a rerun.
#[test]
fn max_file_mb_cuts_exhibit_a_into_volumes_each_under_the_cap() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("la.dat");
    let sample = Command::cargo_bin("clearmotion")
        .unwrap()
        .args(["sample", "--rows", "20000", "--county", "LOS ANGELES", "--out"])
        .arg(&data)
        .output()
        .unwrap();
    assert!(sample.status.success(), "{}", String::from_utf8_lossy(&sample.stderr));
    let office = std::fs::read_to_string(repo().join("samples/office.toml")).unwrap();
    let office = office
        .replacen("county = \"SAN FRANCISCO\"", "county = \"LOS ANGELES\"", 1)
        .replacen("max_file_mb = 25", "max_file_mb = 0.15", 1)
        .replacen("combined = false", "combined = true", 1);
    let office_path = dir.path().join("office.toml");
    std::fs::write(&office_path, office).unwrap();
    let out = dir.path().join("out");
    let mut args: Vec<String> =
        ["run", data.to_str().unwrap(), "--county", "LOS ANGELES", "--policy"].iter().map(|s| s.to_string()).collect();
    args.extend(
        ["samples/policy.toml", "--office", office_path.to_str().unwrap(), "--as-of", "2026-11-01"].map(String::from),
    );
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    clearmotion(&refs, &out);
    let cap = 150_000u64;
    let all = files(&packets_dir(&out));
    for (name, bytes) in &all {
        if name.ends_with(".pdf") {
            assert!(bytes.len() as u64 <= cap, "{name}: {} bytes over the cap", bytes.len());
        }
    }
    let index = csv(&packets_dir(&out).join("index.csv"));
    let volumes: Vec<&BTreeMap<String, String>> = index.iter().filter(|r| r["kind"] == "exhibit").collect();
    let n = volumes.len();
    assert!(n >= 3, "{n} volumes");
    for (i, v) in volumes.iter().enumerate() {
        assert_eq!(v["file"], format!("los-angeles/02-exhibit-a-vol-{}-of-{n}.pdf", i + 1));
    }
    assert!(index.iter().filter(|r| r["kind"] == "combined").count() >= 2, "the printable packet is cut too");
    let clerk = csv(&packets_dir(&out).join("los-angeles/exhibit-a.csv"));
    let rows_in: Vec<u64> = volumes.iter().map(|v| v["rows"].parse().unwrap()).collect();
    assert_eq!(rows_in.iter().sum::<u64>(), clerk.len() as u64);
    if tool("pdftotext") {
        // Rows numbered straight across the volumes, each volume saying which.
        let mut numbers = Vec::new();
        let mut first = 1u64;
        for (i, v) in volumes.iter().enumerate() {
            let pages = pages(&packets_dir(&out).join(&v["file"]));
            let last = first + rows_in[i] - 1;
            let head: String = pages[0].split_whitespace().collect::<Vec<_>>().join(" ");
            let thousands = |x: u64| {
                let s = x.to_string();
                if s.len() > 3 { format!("{},{}", &s[..s.len() - 3], &s[s.len() - 3..]) } else { s }
            };
            let says = format!("Volume {} of {n}, rows {}–{}", i + 1, thousands(first), thousands(last));
            assert!(head.contains(&says), "{}: no {says:?} in {head}", v["file"]);
            assert!(head.contains(&format!("EXHIBIT A — VOLUME {} OF {n}", i + 1)));
            numbers.extend(exhibit_rows(&pages).into_iter().map(|(k, _)| k));
            first = last + 1;
        }
        assert_eq!(numbers, (1..=clerk.len() as u64).collect::<Vec<_>>());
        // The order and the motion name every volume.
        for document in ["03-proposed-order.pdf", "01-motion.pdf"] {
            let text = pages(&packets_dir(&out).join("los-angeles").join(document)).join(" ");
            let text: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(text.contains(&format!("Exhibit A, in {n} volumes")), "{document}");
            for i in 1..=n {
                assert!(text.contains(&format!("Volume {i} of {n}, rows")), "{document} does not name volume {i}");
            }
        }
    }
    // The same inputs give the same cut and the same bytes.
    let output = Command::cargo_bin("clearmotion")
        .unwrap()
        .arg("packets")
        .arg(&out)
        .arg("--office")
        .arg(&office_path)
        .arg("--quiet")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(files(&packets_dir(&out)) == all, "a rerun changed the packets");
}

/// A cap that a document cannot be cut to fit (the motion is one paper) is
/// an error naming the file and the key; nothing is swapped in.
#[test]
fn a_cap_smaller_than_the_motion_is_an_error_naming_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    let office = std::fs::read_to_string(repo().join("samples/office.toml")).unwrap();
    let office_path = out.join("office-small.toml");
    std::fs::write(&office_path, office.replacen("max_file_mb = 25", "max_file_mb = 0.05", 1)).unwrap();
    let mut args = vec!["run"];
    args.extend(SAMPLES);
    args.extend(["--county", "SAN FRANCISCO", "--policy", "samples/policy.toml", "--as-of", "2026-11-01"]);
    let output = Command::cargo_bin("clearmotion")
        .unwrap()
        .current_dir(repo())
        .args(&args)
        .arg("--office")
        .arg(&office_path)
        .arg("--out")
        .arg(out.join("out"))
        .arg("--quiet")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("packets/san-francisco/01-motion.pdf: ") && stderr.contains("max_file_mb = 0.05"),
        "{stderr}"
    );
    assert!(!packets_dir(&out.join("out")).exists(), "no half-written packets");
}
