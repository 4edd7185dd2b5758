//! Issue 13, the filing ledger, end to end through the binary: run, mark the
//! packet filed, run again (nothing refiled), read the court's response; and
//! each kind of bad input gives an error naming the file and line, with
//! nothing half-applied.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use assert_cmd::cargo::CommandCargoExt;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn bin(args: &[&str]) -> Output {
    Command::cargo_bin("clearmotion").unwrap().current_dir(repo()).args(args).output().unwrap()
}

fn ok(args: &[&str]) -> String {
    let out = bin(args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn fails(args: &[&str]) -> String {
    let out = bin(args);
    assert_eq!(out.status.code(), Some(2), "{args:?} should fail: {}", String::from_utf8_lossy(&out.stdout));
    String::from_utf8(out.stderr).unwrap()
}

fn run(out: &Path, ledger: Option<&Path>) -> String {
    run_as_of(out, ledger, "2026-11-01")
}

fn run_as_of(out: &Path, ledger: Option<&Path>, as_of: &str) -> String {
    let mut args = vec![
        "run",
        "samples/doj-sample.dat",
        "samples/caselist.csv",
        "--county",
        "SAN FRANCISCO",
        "--policy",
        "samples/policy.toml",
        "--office",
        "samples/office.toml",
        "--as-of",
        as_of,
        "--quiet",
        "--out",
        out.to_str().unwrap(),
    ];
    if let Some(ledger) = ledger {
        args.extend(["--ledger", ledger.to_str().unwrap()]);
    }
    ok(&args)
}

/// The folder holding the one packet's clerk CSV (`exhibit-a.csv` in a
/// packet folder, or `<packet>-exhibit-a.csv`).
fn packet_dir(out: &Path) -> PathBuf {
    let mut found: Vec<PathBuf> = walkdir::WalkDir::new(out.join("packets"))
        .into_iter()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with("exhibit-a.csv"))
        .map(|e| e.path().parent().unwrap().to_owned())
        .collect();
    found.sort();
    found.dedup();
    assert_eq!(found.len(), 1, "{found:?}");
    found.pop().unwrap()
}

fn csv_rows(path: &Path) -> usize {
    csv::Reader::from_path(path).unwrap().records().count()
}

#[test]
fn file_then_rerun_then_court_response() {
    let dir = tempfile::tempdir().unwrap();
    let (out, ledger) = (dir.path().join("out"), dir.path().join("ledger.sqlite"));
    let first = run(&out, Some(&ledger));
    assert!(first.contains("0 convictions filed before are left out"), "{first}");
    let packet = packet_dir(&out);
    let clerk_rows = csv_rows(
        &std::fs::read_dir(&packet)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .find(|p| p.to_string_lossy().ends_with("exhibit-a.csv"))
            .unwrap(),
    );
    let packet = packet.to_str().unwrap().to_owned();
    let said = ok(&["filed", &packet, "--on", "2026-12-01", "--ledger", ledger.to_str().unwrap()]);
    assert!(said.contains(&format!("{clerk_rows} convictions")), "{said}");

    // The same packet again: refused, and the ledger unchanged.
    let err = fails(&["filed", &packet, "--on", "2026-12-02", "--ledger", ledger.to_str().unwrap()]);
    assert!(err.contains("is already recorded as filed on 2026-12-01; nothing recorded"), "{err}");

    // A second run files nothing again: every conviction is on the already-filed list.
    let second = run(&out, Some(&ledger));
    assert!(second.contains(&format!("{clerk_rows} convictions filed before are left out")), "{second}");
    assert!(
        !out.join("packets")
            .read_dir()
            .unwrap()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().contains("exhibit-a"))
    );
    assert_eq!(csv_rows(&out.join("already-filed.csv")), clerk_rows);
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    assert!(manifest.contains("\"already_filed\": ") && manifest.contains("already-filed.csv"), "{manifest}");

    // The court's answer.
    let said = ok(&["court-response", "samples/court-response.csv", "--ledger", ledger.to_str().unwrap()]);
    assert!(said.contains("granted") && said.contains("0 awaiting an order"), "{said}");
    run(&out, Some(&ledger));
    let text = std::fs::read_to_string(out.join("already-filed.csv")).unwrap();
    assert!(text.contains(",granted,2027-01-15,") && text.contains(",denied,2027-01-15,"), "{text}");
    assert!(!out.join("doj-follow-up.csv").exists(), "not yet: the order is not 90 days old");
    // Status figures: summary.json, review.html, summary.pdf.
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let l = &summary["ledger"];
    assert_eq!(l["filed"].as_u64(), Some(clerk_rows as u64), "{l}");
    assert_eq!(l["awaiting_order"].as_u64(), Some(0), "{l}");
    let granted = l["granted"].as_u64().unwrap();
    assert!(granted > 0 && l["denied"].as_u64() == Some(2) && l["modified"].as_u64() == Some(1), "{l}");
    assert_eq!(l["awaiting_doj_update"].as_u64(), Some(granted), "the DOJ file is unchanged: {l}");
    let html = std::fs::read_to_string(out.join("review.html")).unwrap();
    assert!(html.contains("id=\"ledger\"") && html.contains("granted, awaiting the DOJ update"));
    let pdf = Command::new("pdftotext").args([out.join("summary.pdf").to_str().unwrap(), "-"]).output().unwrap();
    assert!(String::from_utf8_lossy(&pdf.stdout).contains("Filing ledger: convictions filed before"));

    // A new DOJ extract 90+ days after the order still shows the granted
    // convictions: they go on the DOJ follow-up list, with a letter.
    let said = run_as_of(&out, Some(&ledger), "2027-05-01");
    assert!(said.contains("that the DOJ records still show unchanged (doj-follow-up.csv"), "{said}");
    let follow = std::fs::read_to_string(out.join("doj-follow-up.csv")).unwrap();
    let granted = text.matches(",granted,").count();
    assert!(
        csv_rows(&out.join("doj-follow-up.csv")) > 0 && csv_rows(&out.join("doj-follow-up.csv")) <= granted,
        "{follow}"
    );
    let letter =
        Command::new("pdftotext").args([out.join("doj-follow-up.pdf").to_str().unwrap(), "-"]).output().unwrap();
    let letter = String::from_utf8_lossy(&letter.stdout);
    assert!(letter.contains("11361.9") && letter.contains("Request to update criminal history records"), "{letter}");
    let first_cii =
        csv::Reader::from_path(out.join("doj-follow-up.csv")).unwrap().records().next().unwrap().unwrap()[0].to_owned();
    assert!(letter.contains(&first_cii), "{letter}");

    // Without a ledger the run says nothing remembers what was filed, and leaves no stale list.
    let said = run(&out, None);
    assert!(said.contains("No filing ledger: nothing remembers what was filed"), "{said}");
    assert!(!out.join("already-filed.csv").exists());
}

#[test]
fn bad_court_responses_and_ledgers_are_refused_by_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let (out, ledger) = (dir.path().join("out"), dir.path().join("ledger.sqlite"));
    run(&out, None);
    let packet = packet_dir(&out);
    let l = ledger.to_str().unwrap();
    ok(&["filed", packet.to_str().unwrap(), "--on", "2026-12-01", "--ledger", l]);
    let sample = std::fs::read_to_string(repo().join("samples/court-response.csv")).unwrap();
    let mut lines: Vec<String> = sample.lines().map(str::to_owned).collect();

    // A row never filed (line 3), after a good one: nothing recorded.
    let mut never = lines.clone();
    let fields: Vec<&str> = lines[2].split(',').collect();
    never[2] = format!("{},999999999999,{},{}", fields[0], fields[2], fields[3..].join(","));
    let path = dir.path().join("never.csv");
    std::fs::write(&path, never.join("\n")).unwrap();
    let err = fails(&["court-response", path.to_str().unwrap(), "--ledger", l]);
    assert!(err.contains(&format!("{}:3: count 999999999999 was never recorded as filed", path.display())), "{err}");

    // The same row granted and denied.
    let denied = lines[1].replace(",granted,", ",denied,");
    lines.push(denied);
    let path = dir.path().join("both.csv");
    std::fs::write(&path, lines.join("\n")).unwrap();
    let err = fails(&["court-response", path.to_str().unwrap(), "--ledger", l]);
    assert!(
        err.contains(&format!("{}:{}: count", path.display(), lines.len()))
            && err.contains("is denied here but granted on line 2"),
        "{err}"
    );

    // Nothing of either was recorded: the packet is still awaiting its order.
    let again = run(&out, Some(&ledger));
    assert!(again.contains("convictions filed before are left out"), "{again}");
    let text = std::fs::read_to_string(out.join("already-filed.csv")).unwrap();
    assert!(!text.contains(",granted,") && !text.contains(",denied,"), "{text}");

    // A ledger that is not SQLite; one from a newer version.
    let not = dir.path().join("notes.sqlite");
    std::fs::write(&not, "this is a spreadsheet, not a ledger\n".repeat(100)).unwrap();
    let err = fails(&["court-response", "samples/court-response.csv", "--ledger", not.to_str().unwrap()]);
    assert!(err.contains(&format!("{}: not a clearmotion ledger", not.display())), "{err}");
    let newer = dir.path().join("newer.sqlite");
    std::fs::copy(&ledger, &newer).unwrap();
    let conn = rusqlite::Connection::open(&newer).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    let err = fails(&["court-response", "samples/court-response.csv", "--ledger", newer.to_str().unwrap()]);
    assert!(err.contains("written by a newer clearmotion (schema version 99"), "{err}");

    // No ledger named at all.
    let err = fails(&["court-response", "samples/court-response.csv"]);
    assert!(err.contains("no ledger named"), "{err}");
}

/// The office file's `ledger` key names the ledger, relative to the office file.
#[test]
fn the_office_file_names_the_ledger() {
    let dir = tempfile::tempdir().unwrap();
    let office = dir.path().join("office.toml");
    let text = std::fs::read_to_string(repo().join("samples/office.toml")).unwrap();
    std::fs::write(&office, format!("ledger = \"records/ledger.sqlite\"\n{text}")).unwrap();
    std::fs::create_dir(dir.path().join("records")).unwrap();
    let out = dir.path().join("out");
    let said = ok(&[
        "run",
        "samples/doj-sample.dat",
        "--county",
        "SAN FRANCISCO",
        "--policy",
        "samples/policy.toml",
        "--office",
        office.to_str().unwrap(),
        "--as-of",
        "2026-11-01",
        "--quiet",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(said.contains("records/ledger.sqlite"), "{said}");
    assert!(dir.path().join("records/ledger.sqlite").exists());
    let packet = packet_dir(&out);
    ok(&["filed", packet.to_str().unwrap(), "--on", "2026-12-01", "--office", office.to_str().unwrap()]);
}

/// `diff --ledger` and `--previous` with a ledger mark changes on convictions
/// already filed.
#[test]
fn diff_marks_changes_on_filed_convictions() {
    let dir = tempfile::tempdir().unwrap();
    let (out, ledger) = (dir.path().join("out"), dir.path().join("ledger.sqlite"));
    run(&out, None);
    let l = ledger.to_str().unwrap();
    ok(&["filed", packet_dir(&out).to_str().unwrap(), "--on", "2026-12-01", "--ledger", l]);
    // The same records under the statute alone: policy dismissals change.
    let statute = dir.path().join("statute");
    let o = out.to_str().unwrap();
    let classify = |extra: &[&str]| {
        let mut args = vec![
            "classify",
            "samples/doj-sample.dat",
            "samples/caselist.csv",
            "--county",
            "SAN FRANCISCO",
            "--as-of",
            "2026-11-01",
            "--quiet",
            "--out",
            statute.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        ok(&args)
    };
    classify(&[]);
    let text = ok(&["diff", o, statute.to_str().unwrap(), "--ledger", l]);
    let marked = text
        .lines()
        .filter(|line| line.ends_with(" awaiting the order") && line.contains("\tfiled 2026-12-01 in "))
        .count();
    assert!(marked > 0, "{text}");
    assert!(text.contains(&format!("filed before (the filing ledger): {marked}")), "{text}");
    let plain = ok(&["diff", o, statute.to_str().unwrap()]);
    assert!(!plain.contains("filed 2026-12-01"));
    classify(&["--previous", o, "--ledger", l]);
    let html = std::fs::read_to_string(statute.join("review.html")).unwrap();
    assert!(
        html.contains("were filed before (the filing ledger)") && html.contains("filed 2026-12-01 in "),
        "review.html"
    );
}
