//! End to end through the real binary: the DOJ file combined with the
//! office's own case-list export (issue 12): one conviction, one row.

mod common;

use std::collections::HashMap;
use std::path::Path;

use assert_cmd::Command;
use common::{Row, doj_text, write};
use serde_json::Value;

const HEADER: &str = "person_id,name,dob,cii,case_number,court,county,code_section,level,conviction_date,sentence_end_date,prosecuting_agency\n";

/// A conviction row of subject `subject` (court action), with the fields that matter here.
fn conviction(subject: &str, cnt: &str, cii: &str, name: &str, dob: &str) -> Row {
    Row::new(subject, cnt).set("CII_NUMBER", cii).set("PRI_NAME", name).set("PRI_DOB", dob)
}

fn doj_rows() -> Vec<Row> {
    vec![
        // S1: a felony 11359 in San Francisco, and a superstrike in Los Angeles before it.
        conviction("S1", "001002001000", "0000100001", "GARCIA,MARIA", "19800101")
            .set("STP_ORI_DESCR", "CASC LOS ANGELES")
            .set("STP_ORI_CNTY_NAME", "LOS ANGELES")
            .set("STP_EVENT_DATE", "19990101")
            .set("OFN", "LA999")
            .set("OFFENSE_DESCR", "187 PC-MURDER")
            .set("CONV_STAT_DESCR", "FELONY"),
        conviction("S1", "002002001000", "0000100001", "GARCIA,MARIA", "19800101")
            .set("STP_EVENT_DATE", "20080303")
            .set("OFN", "SCN123456")
            .set("OFFENSE_DESCR", "11359 HS-POSSESS FOR SALE")
            .set("CONV_STAT_DESCR", "FELONY"),
        // S2: an 11357(b) the office writes down as 11357(c).
        conviction("S2", "001002001000", "0000100002", "NUNEZ-OBRIEN,JOSE", "19750505").set("OFN", "SF100002"),
        // S3, S4: the same common name and date of birth, different CIIs.
        conviction("S3", "001002001000", "0000300003", "SMITH,JOHN", "19600101").set("OFN", "SF300003"),
        conviction("S4", "001002001000", "0000300004", "SMITH,JOHN", "19600101").set("OFN", "SF300004"),
        // S5a, S5b: one person split across two subject ids (same CII, name and DOB).
        conviction("S5A", "001002001000", "0000500005", "LEE,ROBERT", "19700707").set("OFN", "SF500001"),
        conviction("S5B", "001002001000", "0000500005", "LEE,ROBERT", "19700707")
            .set("OFN", "SF500002")
            .set("STP_EVENT_DATE", "20110101"),
        // S6a, S6b: a CII shared by two people whose dates of birth differ.
        conviction("S6A", "001002001000", "0000600006", "PARK,DANIEL", "19500101").set("OFN", "SF600001"),
        conviction("S6B", "001002001000", "0000600006", "PARK,DANIEL", "19800101").set("OFN", "SF600002"),
    ]
}

fn export() -> String {
    let mut text = HEADER.to_owned();
    for line in [
        // O1 is S1: CII, FIRST LAST order, the case number written differently.
        "O1,MARIA GARCIA,1980-01-01,0000100001,SC-N-0123456,CASC SAN FRANCISCO,SAN FRANCISCO,11359 HS,F,2008-03-03,,",
        // ... and a conviction the DOJ file lacks: decided with S1's history (the superstrike).
        "O1,MARIA GARCIA,1980-01-01,0000100001,SCN777777,CASC SAN FRANCISCO,SAN FRANCISCO,11359 HS,F,2012-01-01,,",
        // O2 is S2 by case number (no CII), accents and hyphen differ; the subsection disagrees.
        "O2,\"NUÑEZ OBRIEN,JOSÉ\",1975-05-05,,SF-100002,CASC SAN FRANCISCO,SAN FRANCISCO,11357(c) HS,M,2010-01-05,,",
        // O3: name and date of birth of both S3 and S4, no CII, another case: ambiguous.
        "O3,\"SMITH,JOHN\",1960-01-01,,SF999999,CASC SAN FRANCISCO,SAN FRANCISCO,11357(b) HS,M,2013-01-01,,",
        // O4: no DOJ record at all.
        "O4,\"NOBODY,KNOWN\",1990-09-09,,SF444444,CASC SAN FRANCISCO,SAN FRANCISCO,11357(b) HS,M,2014-01-01,,",
        // ... exported twice.
        "O4,\"NOBODY,KNOWN\",1990-09-09,,SF444444,CASC SAN FRANCISCO,SAN FRANCISCO,11357(b) HS,M,2014-01-01,,",
        // O5: a conviction in another county.
        "O5,\"ELSEWHERE,PAT\",1991-01-01,,LA555,CASC LOS ANGELES,LOS ANGELES,11357(b) HS,M,2014-01-01,,",
    ] {
        text.push_str(line);
        text.push('\n');
    }
    text
}

fn classify(dir: &Path, doj: &str, office: &str, policy: Option<&str>) -> (String, Value) {
    let doj = write(dir, "doj.dat", doj);
    let office = write(dir, "export.csv", office);
    let out = dir.join("out");
    let mut command = Command::cargo_bin("clearmotion").unwrap();
    command.arg("classify").arg(&doj).arg(&office).args(["--county", "SAN FRANCISCO", "--as-of", "2026-11-01"]);
    if let Some(policy) = policy {
        command.arg("--policy").arg(write(dir, "policy.toml", policy));
    }
    let output = command.arg("--out").arg(&out).output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(0), "{stdout}{}", String::from_utf8_lossy(&output.stderr));
    let summary = serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    (stdout, summary)
}

/// Rows of a CSV as maps from column to value.
fn rows(path: &Path) -> Vec<HashMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    reader.records().map(|r| header.iter().cloned().zip(r.unwrap().iter().map(str::to_owned)).collect()).collect()
}

fn row_of<'a>(rows: &'a [HashMap<String, String>], subject: &str, date: &str) -> &'a HashMap<String, String> {
    let found: Vec<_> = rows.iter().filter(|r| r["subject_id"] == subject && r["conviction_date"] == date).collect();
    assert_eq!(found.len(), 1, "one row for {subject} on {date}: {rows:#?}");
    found[0]
}

#[test]
fn one_conviction_one_row_across_sources() {
    let dir = tempfile::tempdir().unwrap();
    let (stdout, summary) = classify(dir.path(), &doj_text(&doj_rows(), true), &export(), None);
    let out = dir.path().join("out");
    let determinations = rows(&out.join("determinations.csv"));

    // S1's conviction is in both: one row, both source lines, matched by CII.
    let both = row_of(&determinations, "S1", "2008-03-03");
    assert_eq!(both["source_kind"], "both");
    let doj = dir.path().join("doj.dat").display().to_string();
    let office = dir.path().join("export.csv").display().to_string();
    assert_eq!(both["sources"], format!("{doj}:3; {office}:2"));
    assert_eq!(both["case_number"], "SCN123456", "printed as the DOJ (the court) writes it");
    assert!(!determinations.iter().any(|r| r["subject_id"] == "O1" && r["conviction_date"] == "2008-03-03"));

    // O1's other conviction only the office has: decided with S1's whole DOJ history.
    let office_only = row_of(&determinations, "O1", "2012-01-01");
    assert_eq!(office_only["source_kind"], "office_only");
    assert_eq!(office_only["rule"], "prior_superstrike_bars_reduction", "{office_only:#?}");
    assert_eq!(office_only["case_number"], "SCN777777");

    // S2 and O2 disagree on the subsection: review, with both values.
    let disagree = row_of(&determinations, "S2", "2010-01-05");
    assert_eq!(disagree["determination"], "review");
    assert_eq!(disagree["rule"], "sources_disagree");
    assert!(
        disagree["reason"].contains("DOJ: 11357(b) M 2010-01-05; office record: 11357(c) M 2010-01-05"),
        "{}",
        disagree["reason"]
    );
    assert_eq!(disagree["source_kind"], "both");

    // O3 has the name and date of birth of S3 and S4: not merged, review, by id only.
    let ambiguous = row_of(&determinations, "O3", "2013-01-01");
    assert_eq!(ambiguous["determination"], "review");
    assert_eq!(ambiguous["rule"], "source_match_ambiguous");
    assert!(ambiguous["reason"].contains("DOJ subjects S3, S4"), "{}", ambiguous["reason"]);
    assert!(!ambiguous["reason"].contains("SMITH"), "ids only: {}", ambiguous["reason"]);
    assert_eq!(row_of(&determinations, "S3", "2010-01-05")["source_kind"], "doj_only");

    // O4 has no DOJ record: review by default.
    let alone = row_of(&determinations, "O4", "2014-01-01");
    assert_eq!(alone["rule"], "office_only_no_doj_history");
    assert_eq!(alone["source_kind"], "office_only");

    // S5A and S5B are one person (same CII, name, DOB): merged, each row under its own id.
    assert_eq!(row_of(&determinations, "S5A", "2010-01-05")["determination"], "dismiss");
    assert_eq!(row_of(&determinations, "S5B", "2011-01-01")["determination"], "dismiss");
    // S6A and S6B share a CII with different dates of birth: flagged.
    for subject in ["S6A", "S6B"] {
        let flagged = row_of(&determinations, subject, "2010-01-05");
        assert_eq!(flagged["rule"], "source_match_ambiguous", "{flagged:#?}");
        assert!(flagged["reason"].contains("DOJ subjects S6A, S6B share a CII"), "{}", flagged["reason"]);
    }

    // Every conviction in exactly one row: 1 + 1 + 1 + 1 + 2 + 1 + 2 + 2 (O5 is in another county).
    assert_eq!(determinations.len(), 11, "{determinations:#?}");

    let sources = &summary["sources"];
    assert_eq!(sources["combined"], true);
    assert_eq!(sources["people_matched_by_rule"]["cii"], 1);
    assert_eq!(sources["people_matched_by_rule"]["case_number"], 1);
    assert_eq!(sources["people_ambiguous"], 1);
    assert_eq!(sources["people_office_only"], 2, "O4 and O5");
    assert_eq!(sources["office_other_county"], 1);
    assert_eq!(sources["doj_subjects_merged"], 1);
    assert_eq!(sources["doj_subjects_flagged"], 2);
    let by_status = &sources["determinations_by_status"];
    assert_eq!(by_status["both"], 1);
    assert_eq!(by_status["disagree"], 1);
    assert_eq!(by_status["office_only"], 2);
    assert_eq!(by_status["ambiguous"], 3);
    assert_eq!(by_status["doj_only"], 4);
    assert!(stdout.contains("2 convictions found only in the office's records"), "{stdout}");
    assert!(stdout.contains("1 convictions in the office's records are in other counties"), "{stdout}");

    // The duplicate row is skipped with a reason, and every line is accounted for.
    assert_eq!(summary["reconciled"], true);
    assert_eq!(summary["skipped"]["duplicate row (the same as an earlier row of the file)"], 1);
    let export_input = summary["inputs"].as_array().unwrap().iter().find(|i| i["kind"] == "case_list").unwrap();
    assert_eq!(export_input["rows"], 8);
    assert_eq!(export_input["modeled"], 6);
    assert_eq!(export_input["skipped"], 2, "the header and the duplicate");

    // review.html: a section with the counts, and links that filter by source.
    let html = std::fs::read_to_string(out.join("review.html")).unwrap();
    assert!(html.contains("<h2 id=\"sources\">"), "the sources section");
    assert!(html.contains("<b>2</b>convictions found only in the office's records"));
    assert!(html.contains("href=\"#source=office_only\"") && html.contains("id=\"f-source\""));

    // sources.csv: one row per determination, with status and rule, and no names or dates of birth.
    let reconciliation = rows(&out.join("sources.csv"));
    assert_eq!(reconciliation.len(), determinations.len());
    let s1 = reconciliation.iter().find(|r| r["subject_id"] == "S1").unwrap();
    assert_eq!((s1["status"].as_str(), s1["rule"].as_str(), s1["office_person_id"].as_str()), ("both", "cii", "O1"));
    let s2 = reconciliation.iter().find(|r| r["subject_id"] == "S2").unwrap();
    assert_eq!((s2["status"].as_str(), s2["rule"].as_str()), ("disagree", "case_number"));
    let text = std::fs::read_to_string(out.join("sources.csv")).unwrap();
    for private in ["GARCIA", "SMITH", "NOBODY", "1980-01-01", "1960-01-01"] {
        assert!(!text.contains(private), "sources.csv holds {private}");
    }
}

#[test]
fn policy_keys_decide_office_only_and_disagreements() {
    let dir = tempfile::tempdir().unwrap();
    let policy = "[sources]\noffice_only_without_history = \"decide\"\n[sources.prefer]\nsection = \"office\"\n";
    let (_, summary) = classify(dir.path(), &doj_text(&doj_rows(), true), &export(), Some(policy));
    let determinations = rows(&dir.path().join("out").join("determinations.csv"));
    let alone = row_of(&determinations, "O4", "2014-01-01");
    assert_eq!(alone["determination"], "dismiss", "decided on the office's record: {alone:#?}");
    // The office's section wins: 11357(c) is decided, no review.
    let settled = row_of(&determinations, "S2", "2010-01-05");
    assert_eq!(settled["code_section"], "11357(c) HS");
    assert_ne!(settled["rule"], "sources_disagree");
    assert_eq!(summary["sources"]["determinations_by_status"]["disagree"], 0);
    assert_eq!(summary["sources"]["determinations_by_status"]["both"], 2);
}

#[test]
fn an_export_row_matching_two_doj_people_by_case_number_is_not_merged() {
    let dir = tempfile::tempdir().unwrap();
    // Two DOJ people with the same case number, date and section (a co-defendant case).
    let rows_ = vec![
        conviction("A1", "001002001000", "0000700001", "ROE,ANN", "19800101").set("OFN", "SF700000"),
        conviction("A2", "001002001000", "0000700002", "DOE,BEN", "19810101").set("OFN", "SF700000"),
    ];
    let office =
        format!("{HEADER}X1,\"ROW,UNKNOWN\",,,SF-700000,CASC SAN FRANCISCO,SAN FRANCISCO,11357(b) HS,M,2010-01-05,,\n");
    let (_, summary) = classify(dir.path(), &doj_text(&rows_, true), &office, None);
    let determinations = rows(&dir.path().join("out").join("determinations.csv"));
    let x1 = row_of(&determinations, "X1", "2010-01-05");
    assert_eq!(x1["rule"], "source_match_ambiguous");
    assert!(x1["reason"].contains("DOJ subjects A1, A2"), "{}", x1["reason"]);
    assert_eq!(summary["sources"]["people_ambiguous"], 1);
    assert_eq!(determinations.len(), 3);
}
