//! End to end through the real binary: `clearmotion inspect` on good and bad input.

mod common;

use std::path::Path;

use assert_cmd::Command;
use common::{FAKE_CDL, FAKE_FBI, FAKE_SSN, Row, doj_text, gzip, header, person_rows, write};
use serde_json::Value;

struct Run {
    status: i32,
    stdout: String,
    stderr: String,
    json: Option<Value>,
    rejects: Vec<Vec<String>>,
}

/// Runs `inspect --json` on the inputs, writing rejects into `out`.
fn inspect(inputs: &[&Path], out: &Path) -> Run {
    let output = Command::cargo_bin("clearmotion")
        .unwrap()
        .arg("inspect")
        .args(inputs)
        .arg("--out")
        .arg(out)
        .arg("--json")
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let rejects = std::fs::read_to_string(out.join("rejects.csv"))
        .map(|text| {
            csv::Reader::from_reader(text.as_bytes())
                .records()
                .map(|r| r.unwrap().iter().map(str::to_owned).collect())
                .collect()
        })
        .unwrap_or_default();
    Run {
        status: output.status.code().unwrap(),
        json: serde_json::from_str(&stdout).ok(),
        stdout,
        stderr: String::from_utf8(output.stderr).unwrap(),
        rejects,
    }
}

fn num(json: &Value, key: &str) -> u64 {
    json[key].as_u64().unwrap_or_else(|| panic!("no number {key} in {json}"))
}

fn no_secrets(run: &Run, out: &Path) {
    let rejects = std::fs::read_to_string(out.join("rejects.csv")).unwrap_or_default();
    for secret in [FAKE_SSN, FAKE_CDL, FAKE_FBI, "TESTPERSON", "19700101"] {
        assert!(!run.stdout.contains(secret), "{secret} in stdout");
        assert!(!run.stderr.contains(secret), "{secret} in stderr");
        assert!(!rejects.contains(secret), "{secret} in rejects.csv");
    }
}

#[test]
fn good_file_is_inspected_and_reconciles() {
    let dir = tempfile::tempdir().unwrap();
    let mut rows = person_rows("10000001", 1, "11357(B) HS-POSSESS MARIJUANA");
    rows.extend(person_rows("10000002", 1, "11360(A) HS-TRANSPORT MARIJUANA"));
    rows.extend(person_rows("10000002", 2, "459 PC-BURGLARY"));
    let input = write(dir.path(), "a.dat", doj_text(&rows, true));
    let run = inspect(&[&input], &dir.path().join("out"));
    assert_eq!(run.status, 0, "{}", run.stderr);
    let json = run.json.as_ref().unwrap();
    assert_eq!(num(json, "rows"), 7);
    assert_eq!(num(json, "people"), 2);
    assert_eq!(num(json, "cases"), 6);
    assert_eq!(num(json, "convictions"), 3);
    assert_eq!(num(json, "prop64_convictions"), 2);
    assert_eq!(num(json, "rejected"), 0);
    assert_eq!(json["skipped"]["header row"], 1);
    assert_eq!(json["reconciled"], true);
    assert_eq!(json["prop64_by_county"]["SAN FRANCISCO"]["courts"]["CASC SAN FRANCISCO"], 2);
    assert!(run.rejects.is_empty());
    no_secrets(&run, &dir.path().join("out"));
}

#[test]
fn text_report_says_it_reconciles() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "a.dat", doj_text(&person_rows("1", 1, "11358 HS-CULTIVATE"), false));
    let output = Command::cargo_bin("clearmotion")
        .unwrap()
        .args(["inspect", input.to_str().unwrap(), "--out", dir.path().join("o").to_str().unwrap()])
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(output.status.success());
    assert!(text.contains("every line is accounted for"), "{text}");
    assert!(text.contains("a.dat (DOJ research file): 2 lines = 2 modeled + 0 skipped + 0 rejected"), "{text}");
    assert!(text.contains("Prop 64 convictions"), "{text}");
}

#[test]
fn missing_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.dat");
    let run = inspect(&[&missing], &dir.path().join("out"));
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("nope.dat") && run.stderr.contains("cannot open"), "{}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
}

#[test]
fn directory_without_input_files_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "in/readme.md", "not data");
    let run = inspect(&[&dir.path().join("in")], &dir.path().join("out"));
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("holds no input files"), "{}", run.stderr);
}

#[test]
fn empty_file_and_header_only_file_read_nothing() {
    let dir = tempfile::tempdir().unwrap();
    for (name, content) in [("empty.dat", String::new()), ("header.dat", format!("{}\n", header()))] {
        let input = write(dir.path(), name, content);
        let run = inspect(&[&input], &dir.path().join("out"));
        assert_eq!(run.status, 2, "{name}");
        assert!(run.stderr.contains("no usable rows"), "{name}: {}", run.stderr);
        assert_eq!(run.json.as_ref().unwrap()["reconciled"], true, "{name}");
    }
}

#[test]
fn rows_with_wrong_field_counts_are_rejected_with_line() {
    let dir = tempfile::tempdir().unwrap();
    let good = Row::new("1", "001001001000");
    let text = format!(
        "{}\n{}\n{}\n{}\n",
        good.line(),
        good.line_with_fields(40),
        good.line_with_fields(97),
        Row::new("1", "001001002000").line()
    );
    let input = write(dir.path(), "a.dat", text);
    let out = dir.path().join("out");
    let run = inspect(&[&input], &out);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let json = run.json.as_ref().unwrap();
    assert_eq!((num(json, "rows"), num(json, "rejected"), num(json, "people")), (4, 2, 1));
    assert_eq!(json["reconciled"], true);
    assert_eq!(run.rejects.len(), 2);
    assert_eq!(run.rejects[0][1], "2");
    assert_eq!(run.rejects[0][3], "expected 95 fields, found 40");
    assert_eq!(run.rejects[1][1], "3");
    assert_eq!(run.rejects[1][3], "expected 95 fields, found 97");
    assert!(run.rejects[0][0].ends_with("a.dat"));
    no_secrets(&run, &out);
}

#[test]
fn bad_dates_and_count_ids_are_rejected_naming_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let rows = [
        Row::new("1", "001001001000"),
        Row::new("1", "001001002000").set("STP_EVENT_DATE", "00000000"),
        Row::new("1", "001001003000").set("STP_EVENT_DATE", "20101345"),
        Row::new("1", "0010010040"),
        Row::new("1", "00100100500X"),
        Row::new("", "001001006000"),
    ];
    let input = write(dir.path(), "a.dat", doj_text(&rows, false));
    let out = dir.path().join("out");
    let run = inspect(&[&input], &out);
    assert_eq!(run.status, 0);
    let fields: Vec<(&str, &str)> = run.rejects.iter().map(|r| (r[1].as_str(), r[2].as_str())).collect();
    assert_eq!(
        fields,
        [("2", "STP_EVENT_DATE"), ("3", "STP_EVENT_DATE"), ("4", "CNT_ORDER"), ("5", "CNT_ORDER"), ("6", "SUBJECT_ID")]
    );
    assert!(run.rejects[2][3].contains("10 digits, not 12 digits"), "{:?}", run.rejects[2]);
    assert_eq!(run.json.as_ref().unwrap()["reconciled"], true);
}

#[test]
fn unreadable_dob_is_kept_and_flagged_not_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let input =
        write(dir.path(), "a.dat", doj_text(&[Row::new("1", "001001001000").set("PRI_DOB", "19701332")], false));
    let run = inspect(&[&input], &dir.path().join("out"));
    let json = run.json.as_ref().unwrap();
    assert_eq!(num(json, "rejected"), 0);
    assert_eq!(json["flags"]["dob_unknown"], 1);
}

#[test]
fn latin1_bytes_are_read_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let line = Row::new("1", "001001001000").set("PRI_NAME", "NUNEZ,JOSE").line();
    let mut bytes = line.replace("NUNEZ,JOSE", "NU@EZ,JOS@").into_bytes();
    for b in bytes.iter_mut() {
        if *b == b'@' {
            *b = 0xD1; // Ñ in Latin-1, invalid alone in UTF-8
        }
    }
    bytes.push(b'\n');
    let input = write(dir.path(), "a.dat", bytes);
    let run = inspect(&[&input], &dir.path().join("out"));
    assert_eq!(run.status, 0);
    let json = run.json.as_ref().unwrap();
    assert_eq!(num(json, "latin1_rows"), 1);
    assert_eq!(num(json, "people"), 1);
}

#[test]
fn binary_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "a.dat", [0u8, 159, 146, 150, 0, 1, 2, 3, 255, 254]);
    let run = inspect(&[&input], &dir.path().join("out"));
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("a.dat") && run.stderr.contains("binary"), "{}", run.stderr);
}

#[test]
fn binary_file_among_good_ones_is_listed_and_the_rest_read() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "in/a.dat", doj_text(&person_rows("1", 1, "11357 HS"), false));
    write(dir.path(), "in/b.dat", [0u8, 1, 2, 3, 0, 0]);
    let run = inspect(&[&dir.path().join("in")], &dir.path().join("out"));
    assert_eq!(run.status, 1, "a file not fully read makes inspect exit 1");
    assert!(run.stderr.contains("b.dat: not fully read") && run.stderr.contains("binary"), "{}", run.stderr);
    assert_eq!(num(run.json.as_ref().unwrap(), "people"), 1);
    assert_eq!(run.rejects.len(), 1);
    assert!(run.rejects[0][0].ends_with("b.dat") && run.rejects[0][3].contains("binary"));
}

#[test]
fn gzip_input_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let text = doj_text(&person_rows("1", 1, "11359 HS-POSSESS FOR SALE"), true);
    let input = write(dir.path(), "a.dat.gz", gzip(text.as_bytes()));
    let run = inspect(&[&input], &dir.path().join("out"));
    assert_eq!(run.status, 0, "{}", run.stderr);
    let json = run.json.as_ref().unwrap();
    assert_eq!((num(json, "rows"), num(json, "prop64_convictions")), (3, 1));
    assert_eq!(json["files"][0]["gzip"], true);
}

#[test]
fn truncated_gzip_keeps_what_was_read_and_says_where_it_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let mut rows = Vec::new();
    for i in 0..400 {
        rows.extend(person_rows(&format!("{:08}", i), 1, "11357 HS"));
    }
    let compressed = gzip(doj_text(&rows, false).as_bytes());
    let input = write(dir.path(), "a.dat.gz", &compressed[..compressed.len() * 2 / 3]);
    let run = inspect(&[&input], &dir.path().join("out"));
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(run.stderr.contains("a.dat.gz: not fully read: reading stopped after line"), "{}", run.stderr);
    let json = run.json.as_ref().unwrap();
    assert!(num(json, "people") > 100 && num(json, "people") < 400, "{json}");
    assert_eq!(num(json, "file_errors"), 1);
    assert_eq!(json["reconciled"], false, "a partly read file is never 'reconciled'");
    let last = run.rejects.last().unwrap();
    assert!(last[3].contains("reading stopped after line") && last[3].contains("ends early"), "{last:?}");
}

#[test]
fn a_persons_rows_are_merged_across_runs_and_files() {
    let dir = tempfile::tempdir().unwrap();
    let a = person_rows("1", 1, "11357 HS");
    let b = person_rows("2", 1, "11358 HS");
    let c = person_rows("1", 2, "11359 HS");
    let d = person_rows("1", 3, "11360(A) HS");
    // Person 1 in three runs: in a.dat around person 2, and again in b.dat.
    write(dir.path(), "in/a.dat", doj_text(&[a, b, c].concat(), true));
    write(dir.path(), "in/b.dat", doj_text(&d, true));
    let run = inspect(&[&dir.path().join("in")], &dir.path().join("out"));
    let json = run.json.as_ref().unwrap();
    assert_eq!(num(json, "people"), 2);
    assert_eq!(num(json, "split_people"), 1);
    assert_eq!(num(json, "prop64_convictions"), 4);
    assert_eq!(json["reconciled"], true);
}

#[test]
fn duplicate_delivery_rows_are_skipped_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let rows = person_rows("1", 1, "11357 HS");
    write(dir.path(), "in/2019.dat", doj_text(&rows, false));
    write(dir.path(), "in/2020.dat", doj_text(&rows, false));
    let run = inspect(&[&dir.path().join("in")], &dir.path().join("out"));
    let json = run.json.as_ref().unwrap();
    assert_eq!((num(json, "rows"), num(json, "people"), num(json, "convictions")), (4, 1, 1));
    assert_eq!(json["skipped"]["duplicate row from another file"], 2);
    assert_eq!(json["reconciled"], true);
}

#[test]
fn contradictory_dates_are_kept_and_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let rows = [Row::new("1", "001001001000").set("PRI_DOB", "19900101").set("STP_EVENT_DATE", "19850101")];
    let input = write(dir.path(), "a.dat", doj_text(&rows, false));
    let run = inspect(&[&input], &dir.path().join("out"));
    let json = run.json.as_ref().unwrap();
    assert_eq!(num(json, "convictions"), 1);
    assert_eq!(json["flags"]["convicted_before_birth"], 1);
}

#[test]
fn strict_mode_exits_1_on_rejects() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("{}\n{}\n", Row::new("1", "001001001000").line(), Row::new("1", "x").line());
    let input = write(dir.path(), "a.dat", text);
    Command::cargo_bin("clearmotion")
        .unwrap()
        .args(["inspect", "--strict", "--out"])
        .arg(dir.path().join("out"))
        .arg(&input)
        .assert()
        .code(1);
}
