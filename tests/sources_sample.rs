//! `clearmotion sample --office-export`: the office's export for the same
//! synthetic people, with its ground truth; classify matches it, and the
//! matching is measured against the truth (issue 12).

use std::collections::HashMap;
use std::path::Path;

use assert_cmd::Command;

fn rows(path: &Path) -> Vec<HashMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    reader.records().map(|r| header.iter().cloned().zip(r.unwrap().iter().map(str::to_owned)).collect()).collect()
}

fn clearmotion(dir: &Path, args: &[&str]) -> String {
    let output = Command::cargo_bin("clearmotion").unwrap().current_dir(dir).args(args).output().unwrap();
    assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn generated_export_is_matched_as_its_ground_truth_says() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let sample = [
        "sample",
        "--rows",
        "12000",
        "--seed",
        "7",
        "--county",
        "SAN FRANCISCO",
        "--out",
        "doj.dat",
        "--office-export",
        "export.csv",
    ];
    clearmotion(d, &sample);
    let first = std::fs::read(d.join("export.csv")).unwrap();
    // The same options, the same bytes.
    clearmotion(d, &sample);
    assert_eq!(std::fs::read(d.join("export.csv")).unwrap(), first);
    let stdout = clearmotion(
        d,
        &["classify", "doj.dat", "export.csv", "--county", "SAN FRANCISCO", "--as-of", "2026-11-01", "--out", "out"],
    );
    assert!(stdout.contains("every line is accounted for"), "{stdout}");
    let truth = rows(&d.join("export.truth.csv"));
    let determinations = rows(&d.join("out/determinations.csv"));
    let mut by_line: HashMap<u64, Vec<&HashMap<String, String>>> = HashMap::new();
    for row in &determinations {
        for source in row["sources"].split("; ") {
            if let Some(line) = source.strip_prefix("export.csv:") {
                by_line.entry(line.parse().unwrap()).or_default().push(row);
            }
        }
    }
    let truth_by_line: HashMap<u64, &HashMap<String, String>> =
        truth.iter().filter(|t| !t["line"].is_empty()).map(|t| (t["line"].parse().unwrap(), t)).collect();

    let mut tally: HashMap<String, (u64, u64)> = HashMap::new();
    let mut count = |kind: &str, ok: bool| {
        let entry = tally.entry(kind.to_owned()).or_default();
        entry.0 += u64::from(ok);
        entry.1 += 1;
    };
    for t in &truth {
        let got: &[&HashMap<String, String>] = match t["line"].parse::<u64>() {
            Ok(line) => by_line.get(&line).map_or(&[], Vec::as_slice),
            Err(_) => &[],
        };
        match t["expect"].as_str() {
            // True matches: the DOJ conviction's row carries the export line.
            expect @ ("both" | "disagree") => {
                let found = got.iter().find(|r| {
                    r["subject_id"] == t["truth_subject"]
                        && r["count_id"] == t["truth_count"]
                        && r["source_kind"] == "both"
                });
                count("match", found.is_some());
                if expect == "disagree" {
                    count("disagreement in review", found.is_some_and(|r| r["determination"] == "review"));
                }
            }
            "office_only" if !t["truth_subject"].is_empty() => {
                // Decided with the matched person's DOJ history.
                let ok = got.len() == 1
                    && got[0]["source_kind"] == "office_only"
                    && !["office_only_no_doj_history", "source_match_ambiguous"].contains(&got[0]["rule"].as_str());
                count("office-only of a matched person", ok);
            }
            "office_only" => {
                // Hard cases and people the DOJ lacks: never merged.
                let ok = got.len() == 1 && got[0]["rule"] == "office_only_no_doj_history";
                count(&format!("not merged: {}", t["hard_case"]), ok);
            }
            "ambiguous" => {
                let ok =
                    got.len() == 1 && got[0]["determination"] == "review" && got[0]["rule"] == "source_match_ambiguous";
                count("ambiguity in review", ok);
            }
            "other_county" | "duplicate" => count(&t["expect"], got.is_empty()),
            "doj_only" => {
                let ok = determinations.iter().any(|r| {
                    r["subject_id"] == t["truth_subject"]
                        && r["count_id"] == t["truth_count"]
                        && r["source_kind"] == "doj_only"
                });
                count("doj_only", ok);
            }
            other => panic!("unknown expectation {other}"),
        }
    }
    // No false merge: every row holding an export line with a DOJ line is the truth's person.
    let mut merges = (0u64, 0u64);
    for row in determinations.iter().filter(|r| r["source_kind"] == "both") {
        for source in row["sources"].split("; ") {
            if let Some(line) = source.strip_prefix("export.csv:") {
                let t = truth_by_line[&line.parse::<u64>().unwrap()];
                merges.1 += 1;
                merges.0 += u64::from(t["truth_subject"] == row["subject_id"]);
            }
        }
    }
    eprintln!("{tally:#?}\nmerges correct/all: {merges:?}");
    assert_eq!(merges.0, merges.1, "false merges");
    for kind in
        ["match", "office-only of a matched person", "ambiguity in review", "doj_only", "duplicate", "other_county"]
    {
        assert!(tally.get(kind).is_some_and(|(_, n)| *n > 0), "the sample has no {kind} case: {tally:#?}");
    }
    for hard in ["twin", "father_son", "same_name_dob_other_cii"] {
        let (ok, n) = tally[&format!("not merged: {hard}")];
        assert!(n > 0 && ok == n, "{hard}: {ok} of {n} kept apart");
    }
    let (ok, n) = tally["match"];
    assert!(ok as f64 >= 0.995 * n as f64, "recall of true matches {ok}/{n}");
    for (kind, (ok, n)) in &tally {
        if kind != "match" {
            assert_eq!(ok, n, "{kind}: {ok} of {n}");
        }
    }
}
