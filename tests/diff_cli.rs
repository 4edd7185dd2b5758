//! End to end through the real binary: `clearmotion diff` on two classify runs.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn bin() -> Command {
    let mut command = Command::cargo_bin("clearmotion").unwrap();
    command.current_dir(repo());
    command
}

fn classify(policy: &str, as_of: &str, out: &Path) {
    let output = bin()
        .args(["classify", "samples/doj-sample.dat", "samples/caselist.csv", "--county", "SAN FRANCISCO"])
        .args(["--policy", policy, "--as-of", as_of, "--quiet", "--out"])
        .arg(out)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
}

/// Every file of a directory with its bytes.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect();
    files.sort();
    files
}

fn names(dir: &Path) -> Vec<String> {
    let mut reader = csv::Reader::from_path(dir.join("determinations.csv")).unwrap();
    let at = reader.headers().unwrap().iter().position(|h| h == "name").unwrap();
    reader.records().map(|r| r.unwrap()[at].to_owned()).collect()
}

#[test]
fn policy_and_as_of_changes_are_explained_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let (statute, policy, later) = (dir.path().join("statute"), dir.path().join("policy"), dir.path().join("later"));
    classify("statute", "2026-11-01", &statute);
    classify("samples/policy.toml", "2026-11-01", &policy);
    classify("samples/policy.toml", "2036-11-01", &later);
    let before = (snapshot(&statute), snapshot(&policy));

    let output = bin().arg("diff").arg(&statute).arg(&policy).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[1].starts_with("Run: policy changed: statute -> samples/policy.toml"), "{text}");
    assert!(lines[2].starts_with("Determinations: 395 old, 395 new: "), "{text}");
    assert!(text.contains("\nchanged\t") && text.contains("\tpolicy changed\n"), "{text}");
    assert!(!text.contains("reviewer decision"), "{text}");
    for name in names(&statute) {
        assert!(!text.contains(&name), "names never reach the diff");
    }
    assert_eq!((snapshot(&statute), snapshot(&policy)), before, "diff writes nothing");

    let output = bin().arg("diff").arg(&policy).arg(&later).arg("--json").output().unwrap();
    assert!(output.status.success());
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["run_changes"][0]["why"], "as_of_changed");
    assert_eq!(json["run_changes"][0]["old"], "2026-11-01");
    let changed = json["changed"].as_array().unwrap();
    assert!(!changed.is_empty(), "ten more years change some determinations");
    assert_eq!(json["counts"]["changed"], changed.len());
    for row in changed {
        assert_eq!(row["why"], serde_json::json!(["as_of_changed"]));
        let outcome = |side: &str| {
            ["determination", "relief", "path", "rule"].map(|key| row[side][key].as_str().unwrap().to_owned())
        };
        assert_ne!(outcome("old"), outcome("new"));
        assert!(row["subject_id"].is_string() && row["count_id"].is_string() && row["case_number"].is_string());
    }

    let output = bin().arg("diff").arg(&policy).arg(&policy).output().unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("Run: same policy, as-of date, county, inputs and tool"), "{text}");
    assert!(text.contains(": 0 changed, 0 added, 0 removed, 395 unchanged"), "{text}");
}

#[test]
fn added_removed_and_reviewed_rows() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = (dir.path().join("old"), dir.path().join("new"));
    classify("samples/policy.toml", "2026-11-01", &old);
    // The new run: one more input (a tiny case list) and a reviewer decision.
    let caselist = "person_id,name,case_number,court,county,code_section,level,conviction_date\nNEW-1,\"EXTRA,ONE\",SF-NEW-1,CASC SAN FRANCISCO,SAN FRANCISCO,11359 HS,F,2001-02-03\n";
    let extra = dir.path().join("extra.csv");
    std::fs::write(&extra, caselist).unwrap();
    let rows: Vec<csv::StringRecord> =
        csv::Reader::from_path(old.join("determinations.csv")).unwrap().records().map(Result::unwrap).collect();
    let review = rows.iter().find(|r| &r[16] == "review").unwrap();
    let decisions = dir.path().join("decisions.csv");
    std::fs::write(
        &decisions,
        format!("subject_id,count_id,decision,note,reviewer\n{},{},dismiss,checked,R\n", &review[2], &review[3]),
    )
    .unwrap();
    let output = bin()
        .args(["classify", "samples/doj-sample.dat", "samples/caselist.csv"])
        .arg(&extra)
        .args(["--county", "SAN FRANCISCO", "--policy", "samples/policy.toml", "--as-of", "2026-11-01", "--out"])
        .arg(&new)
        .arg("--decisions")
        .arg(&decisions)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let output = bin().arg("diff").arg(&old).arg(&new).arg("--json").output().unwrap();
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["counts"]["added"], 1);
    assert_eq!(json["counts"]["removed"], 0);
    assert_eq!(json["added"][0]["subject_id"], "NEW-1");
    assert_eq!(json["added"][0]["case_number"], "SF-NEW-1");
    assert_eq!(json["run_changes"][0]["why"], "input_changed");
    let reviewed: Vec<&Value> =
        json["changed"].as_array().unwrap().iter().filter(|c| c["why"][0] == "reviewer_decision").collect();
    assert_eq!(reviewed.len(), 1, "{}", json["changed"]);
    assert_eq!(reviewed[0]["count_id"], review[3].to_owned());
    assert_eq!(reviewed[0]["new"]["decided_by"], "reviewer");
    assert_eq!(reviewed[0]["old"]["determination"], "review");
}

#[test]
fn a_directory_without_classify_outputs_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let output = bin().arg("diff").arg(dir.path()).arg(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("summary.json: cannot read"), "{stderr}");
}
