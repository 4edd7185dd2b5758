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

fn packet_pdfs(out: &Path) -> Vec<(PathBuf, PathBuf)> {
    let index = csv(&packets_dir(out).join("index.csv"));
    index
        .iter()
        .filter(|r| r["relief"] != "challenged")
        .map(|r| {
            let pdf = packets_dir(out).join(&r["file"]);
            let clerk = pdf.with_file_name(r["file"].replace(".pdf", "-exhibit-a.csv"));
            (pdf, clerk)
        })
        .collect()
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
    for name in [
        "index.csv",
        "review-list.csv",
        "san-francisco.pdf",
        "san-francisco-exhibit-a.csv",
        "san-francisco-challenged-cases.pdf",
    ] {
        assert!(packets_dir(out).join(name).is_file(), "{name}");
    }
    let index = csv(&packets_dir(out).join("index.csv"));
    assert_eq!(index.len(), 2);

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
    for (_, clerk) in packet_pdfs(out) {
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
    let pdf = outputs.iter().find(|o| o["path"] == "packets/san-francisco.pdf").unwrap();
    assert_eq!(pdf["rows"], 306);
    assert!(pdf["pages"].as_u64().unwrap() > 10);

    if !tool("pdftotext") {
        return;
    }
    for (pdf, clerk) in packet_pdfs(out) {
        let clerk = csv(&clerk);
        let pages = pages(&pdf);
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
        assert!(text.contains("PROOF OF SERVICE"));
    }
    // The challenged notice lists every not-eligible Prop 64 conviction of the court.
    let notice = pages(&packets_dir(out).join("san-francisco-challenged-cases.pdf")).join(" ");
    let notice = notice.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(notice.contains("the 17 convictions listed in Attachment 1"), "{notice}");
    assert!(notice.starts_with("CONFIDENTIAL"));

    if tool("qpdf") {
        for entry in std::fs::read_dir(packets_dir(out)).unwrap() {
            let path = entry.unwrap().path();
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
    let clerk = csv(&packets_dir(out).join("san-francisco-exhibit-a.csv"));
    assert!(clerk.iter().all(|r| r["dob"] == "XXXX-XX-XX" || r["dob"].is_empty()));
    assert!(clerk.iter().all(|r| r["cii"].starts_with("XXXXXX") || r["cii"].is_empty()));
    if tool("pdftotext") {
        let pdf = texts.iter().find(|(n, _)| n == "packets/san-francisco.pdf").unwrap();
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
    let clerk = csv(&packets_dir(out).join("san-francisco-exhibit-a.csv"));
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
    let pdf = pages(&packets_dir(out).join("san-francisco.pdf"));
    let raw = Command::new("pdftotext")
        .arg("-raw")
        .arg(packets_dir(out).join("san-francisco.pdf"))
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
        pages(&packets_dir(out).join("san-francisco-challenged-cases.pdf")).join("\n").split_whitespace().collect();
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
    let forms = index.iter().find(|r| r["relief"] == "per case").unwrap();
    // 325 relief rows, 19 of them with no case number (on the review list).
    assert_eq!(forms["rows"], "306");
    let clerk = csv(&packets_dir(out).join(forms["file"].replace(".pdf", "-exhibit-a.csv")));
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
        let with_form = text.iter().filter(|p| p.contains("MOTION (HS § 11361.8)")).count();
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
