//! End to end through the real binary: case-list CSVs, with and without a column mapping.

mod common;

use assert_cmd::Command;
use common::write;
use serde_json::Value;

fn inspect(args: &[&str]) -> (i32, Value, String) {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::cargo_bin("clearmotion")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("inspect")
        .args(args)
        .args(["--json", "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    let json = serde_json::from_slice(&output.stdout).unwrap_or(Value::Null);
    (output.status.code().unwrap(), json, String::from_utf8(output.stderr).unwrap())
}

#[test]
fn bundled_case_list_is_read() {
    let (status, json, stderr) = inspect(&["samples/caselist.csv"]);
    assert_eq!(status, 0, "{stderr}");
    // Four people only the office has, and five of the DOJ sample's people as
    // the office records them (one row exported twice: skipped).
    assert_eq!(json["people"], 9);
    assert_eq!(json["convictions"], 14);
    assert_eq!(json["prop64_convictions"], 13);
    assert_eq!(json["cases"], 12);
    assert_eq!(json["reconciled"], true);
    assert_eq!(json["skipped"]["duplicate row (the same as an earlier row of the file)"], 1);
    assert_eq!(json["prop64_by_county"]["SAN FRANCISCO"]["courts"]["CAMC SAN FRANCISCO"], 2);
}

#[test]
fn office_export_is_read_through_its_mapping() {
    let (status, json, stderr) =
        inspect(&["samples/office-export/export.csv", "--mapping", "samples/office-export/mapping.toml"]);
    assert_eq!(status, 0, "{stderr}");
    assert_eq!(json["people"], 2);
    assert_eq!(json["prop64_convictions"], 2);
    assert_eq!(json["prop64_by_county"]["SAN FRANCISCO"]["total"], 2);
}

#[test]
fn export_without_mapping_names_the_missing_columns() {
    let (status, _, stderr) = inspect(&["samples/office-export/export.csv"]);
    assert_eq!(status, 2);
    assert!(
        stderr.contains("export.csv:1:") && stderr.contains("`person_id`") && stderr.contains("--mapping"),
        "{stderr}"
    );
}

#[test]
fn mapping_with_unknown_key_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let mapping = write(dir.path(), "m.toml", "[columns]\nperson = \"X\"\n");
    let (status, _, stderr) = inspect(&["samples/caselist.csv", "--mapping", mapping.to_str().unwrap()]);
    assert_eq!(status, 2);
    assert!(stderr.contains("m.toml") && stderr.contains("unknown column `person`"), "{stderr}");
}

#[test]
fn bad_case_list_rows_are_rejected_and_contradictions_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let text = "person_id,name,dob,case_number,court,county,code_section,level,conviction_date,sentence_end_date\n\
        1,\"A,B\",1990-01-01,C1,CASC X,X,11357 HS,M,1989-01-01,\n\
        1,\"A,B\",1990-01-01,C2,CASC X,X,11359 HS,F,2001-01-01,2000-01-01\n\
        2,\"C,D\",1990-01-01,C3,CASC X,X,11359 HS,Q,2001-01-01,\n\
        3,\"E,F\",1990-01-01,C4,CASC X,X,11359 HS,F,2001-02-30,\n\
        4,\"G,H\",1990-01-01,C5,CASC X,X\n\
        5,\"I,J\",not a date,C6,CASC X,X,11359 HS,F,2001-01-01,\n";
    let input = write(dir.path(), "list.csv", text);
    let (status, json, stderr) = inspect(&[input.to_str().unwrap()]);
    assert_eq!(status, 0, "{stderr}");
    assert_eq!(json["rows"], 7);
    assert_eq!(json["rejected"], 4);
    assert_eq!(json["people"], 1);
    assert_eq!(json["flags"]["convicted_before_birth"], 1);
    assert_eq!(json["flags"]["sentence_ends_before_start"], 1);
    assert_eq!(json["reconciled"], true);
}

#[test]
fn mapping_naming_a_column_the_export_lacks_names_the_mapping_file_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let mapping = write(dir.path(), "m.toml", "[columns]\nperson_id = \"Defendant No\"\n");
    let (status, _, stderr) = inspect(&["samples/caselist.csv", "--mapping", mapping.to_str().unwrap()]);
    assert_eq!(status, 2, "{stderr}");
    assert!(
        stderr.contains("`Defendant No` (for person_id: key `columns.person_id` of the mapping")
            && stderr.contains("m.toml"),
        "{stderr}"
    );
}

/// Two counts of the same section in one case, told apart by `count`, are
/// two convictions; a row exported twice is one, its copy skipped.
#[test]
fn numbered_counts_are_two_convictions_and_an_exact_copy_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let header = "person_id,name,case_number,court,county,code_section,level,conviction_date,count";
    let row =
        |count: u32| format!("P1,\"DOE,JAN\",SF-1,CASC SAN FRANCISCO,SAN FRANCISCO,11359 HS,F,2001-03-04,{count}");
    let counted = dir.path().join("counted.csv");
    std::fs::write(&counted, format!("{header}\n{}\n{}\n", row(1), row(2))).unwrap();
    let (status, json, stderr) = inspect(&[counted.to_str().unwrap()]);
    assert_eq!(status, 0, "{stderr}");
    assert_eq!(json["convictions"], 2, "{json}");
    assert!(json["skipped"].get("duplicate row (the same as an earlier row of the file)").is_none(), "{json}");
    let copied = dir.path().join("copied.csv");
    std::fs::write(&copied, format!("{header}\n{}\n{}\n", row(1), row(1))).unwrap();
    let (status, json, stderr) = inspect(&[copied.to_str().unwrap()]);
    assert_eq!(status, 0, "{stderr}");
    assert_eq!(json["convictions"], 1, "{json}");
    assert_eq!(json["skipped"]["duplicate row (the same as an earlier row of the file)"], 1);
    assert_eq!(json["reconciled"], true);
}
