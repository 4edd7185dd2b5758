//! Issue 11 (ingestion findings), end to end through the real binary: every
//! physical line accounted for, partly read inputs never silent, long lines
//! bounded, devices refused, terminal-safe messages, no values in rejects.

mod common;

use std::path::Path;
use std::process::Output;

use assert_cmd::Command;
use common::{Row, doj_text, gzip, person_rows, write};
use serde_json::Value;

fn clearmotion(args: &[&std::ffi::OsStr]) -> Output {
    Command::cargo_bin("clearmotion").unwrap().args(args).timeout(std::time::Duration::from_secs(60)).output().unwrap()
}

fn inspect_json(inputs: &[&Path], out: &Path) -> (i32, Value, String) {
    let mut args: Vec<&std::ffi::OsStr> = vec!["inspect".as_ref(), "--json".as_ref(), "--out".as_ref(), out.as_ref()];
    args.extend(inputs.iter().map(|p| p.as_os_str()));
    let output = clearmotion(&args);
    let json = serde_json::from_slice(&output.stdout).unwrap_or(Value::Null);
    (output.status.code().unwrap(), json, String::from_utf8_lossy(&output.stderr).into_owned())
}

fn rejects(out: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(out.join("rejects.csv")).unwrap_or_default();
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

fn classify_args<'a>(inputs: &'a [&'a Path], out: &'a Path, command: &'a str) -> Vec<&'a std::ffi::OsStr> {
    let mut args: Vec<&std::ffi::OsStr> = vec![command.as_ref()];
    args.extend(inputs.iter().map(|p| p.as_os_str()));
    for arg in ["--county", "SAN FRANCISCO", "--policy", "samples/policy.toml", "--as-of", "2026-11-01", "--out"] {
        args.push(arg.as_ref());
    }
    args.push(out.as_os_str());
    if command == "run" {
        for arg in ["--office", "samples/office.toml", "--quiet"] {
            args.push(arg.as_ref());
        }
    }
    args
}

/// Finding 1: a stray quote rejects its own line only; the next line reads normally.
#[test]
fn stray_quote_is_rejected_alone_and_every_line_is_counted() {
    let dir = tempfile::tempdir().unwrap();
    let mut rows = person_rows("10000001", 1, "11357(B) HS-POSSESS MARIJUANA");
    // A quote opening a field that never closes on its line.
    let damaged = Row::new("10000002", "001001001000").set("PRI_NAME", "DOE").line().replacen(",DOE,", ",\"DOE,", 1);
    assert!(damaged.contains(",\"DOE,"));
    // A name with quotes inside it, written raw: read as it is.
    let nickname = Row::new("10000003", "001001001000").set("PRI_NAME", "JOHN @JJ@ DOE").set("DISP_DESCR", "CONVICTED");
    let after = person_rows("10000004", 1, "11360(A) HS-TRANSPORT MARIJUANA");
    rows.push(nickname);
    let mut text = doj_text(&rows, true).replace('@', "\"");
    assert!(text.contains(",JOHN \"JJ\" DOE,"));
    text.push_str(&damaged);
    text.push('\n');
    text.push_str(&doj_text(&after, false));
    let input = write(dir.path(), "a.dat", &text);
    let out = dir.path().join("out");
    let (status, json, stderr) = inspect_json(&[&input], &out);
    assert_eq!(status, 0, "{stderr}");
    let lines = clearmotion::ingest::lines::count_lines(text.as_bytes());
    assert_eq!(json["rows"], lines, "{json}");
    assert_eq!(json["rejected"], 1);
    assert_eq!(json["people"], 3, "the rows after the damaged line are read");
    // 10000001, 10000003 (the default row is an 11357 conviction) and 10000004.
    assert_eq!(json["prop64_convictions"], 3);
    let file = &json["files"][0];
    assert_eq!(file["rows"], lines);
    assert_eq!(
        file["modeled"].as_u64().unwrap() + file["skipped"].as_u64().unwrap() + file["rejected"].as_u64().unwrap(),
        lines
    );
    let rejects = rejects(&out);
    assert_eq!(rejects.len(), 1);
    let damaged_line = text.lines().position(|l| l == damaged).unwrap() + 1;
    assert_eq!(rejects[0][1], damaged_line.to_string());
    assert!(rejects[0][3].contains("quote"), "{:?}", rejects[0]);
}

/// Finding 2: partly read input is printed, named in summary.json and the
/// closing line, and stops `run` before the packets.
#[test]
fn partly_read_input_is_never_silent() {
    let dir = tempfile::tempdir().unwrap();
    let mut rows = Vec::new();
    for i in 0..400 {
        rows.extend(person_rows(&format!("{i:08}"), 1, "11357 HS"));
    }
    let compressed = gzip(doj_text(&rows, false).as_bytes());
    let truncated = write(dir.path(), "in/a.dat.gz", &compressed[..compressed.len() / 2]);
    let good = write(dir.path(), "in/b.dat", doj_text(&person_rows("90000001", 1, "11359 HS"), false));
    let mut utf16 = vec![0xff, 0xfe];
    utf16.extend("RECORD_ID,X\r\n".encode_utf16().flat_map(u16::to_le_bytes));
    let utf16 = write(dir.path(), "in/c.dat", utf16);
    let inputs = [truncated.as_path(), good.as_path(), utf16.as_path()];

    let out = dir.path().join("classified");
    let output = clearmotion(&classify_args(&inputs, &out, "classify"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stdout}\n{stderr}");
    assert!(stderr.contains("a.dat.gz: not fully read: reading stopped after line"), "{stderr}");
    assert!(stderr.contains("c.dat: not fully read") && stderr.contains("UTF-16"), "{stderr}");
    assert!(!stdout.contains("every line is accounted for") && !stdout.contains("every row"), "{stdout}");
    assert!(stdout.contains("NOT EVERY FILE WAS FULLY READ") && stdout.contains("a.dat.gz"), "{stdout}");
    let summary: Value = serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["reconciled"], false);
    let partial: Vec<&Value> =
        summary["inputs"].as_array().unwrap().iter().filter(|i| !i["not_fully_read"].is_null()).collect();
    assert_eq!(partial.len(), 2, "{summary}");

    let out = dir.path().join("run");
    let output = clearmotion(&classify_args(&inputs, &out, "run"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("--allow-partial"), "{stderr}");
    assert!(!out.join("packets").exists() && !out.join("manifest.json").exists());
}

/// Finding 4: a line over the limit is rejected with its number; the next line reads.
#[test]
fn overlong_line_is_rejected_and_reading_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = doj_text(&person_rows("10000001", 1, "11357 HS"), true);
    text.push_str(&"A".repeat(300_000));
    text.push('\n');
    text.push_str(&doj_text(&person_rows("10000002", 1, "11358 HS"), false));
    let input = write(dir.path(), "a.dat", &text);
    let out = dir.path().join("out");
    let (status, json, stderr) = inspect_json(&[&input], &out);
    assert_eq!(status, 0, "{stderr}");
    assert_eq!(json["people"], 2);
    assert_eq!(json["rows"], clearmotion::ingest::lines::count_lines(text.as_bytes()));
    let rejects = rejects(&out);
    assert_eq!(rejects.len(), 1);
    assert_eq!(rejects[0][1], "4");
    assert!(rejects[0][3].contains("300000 bytes long") && rejects[0][3].contains("65536"), "{:?}", rejects[0]);
}

/// Finding 6: a character device is refused at once, never read.
#[test]
fn character_devices_are_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let start = std::time::Instant::now();
    let (status, _, stderr) = inspect_json(&[Path::new("/dev/zero")], dir.path());
    assert_eq!(status, 2);
    assert!(stderr.contains("/dev/zero") && stderr.contains("device"), "{stderr}");
    assert!(start.elapsed() < std::time::Duration::from_secs(20));
}

/// Finding 7: escape codes in a court description reach the terminal escaped.
#[test]
fn escape_codes_in_data_are_shown_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let rows: Vec<Row> = person_rows("10000001", 1, "11357 HS")
        .into_iter()
        .map(|row| row.set("STP_ORI_DESCR", "CASC \u{1b}]0;pwned\u{7}\u{1b}[2JSF"))
        .collect();
    let input = write(dir.path(), "a.dat", doj_text(&rows, false));
    let output =
        clearmotion(&["inspect".as_ref(), "--out".as_ref(), dir.path().join("o").as_os_str(), input.as_os_str()]);
    assert!(output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(!output.stdout.contains(&0x1b) && !output.stdout.contains(&0x07), "{stdout}");
    assert!(stdout.contains("\\u{1b}]0;pwned"), "{stdout}");
}

/// Finding 8: an SSN in a date column is described by its shape, never shown.
#[test]
fn rejects_show_the_shape_of_a_value_not_its_digits() {
    let dir = tempfile::tempdir().unwrap();
    let rows = [
        Row::new("10000001", "001001001000"),
        Row::new("10000001", "001001002000").set("STP_EVENT_DATE", "577123456"),
        Row::new("10000001", "57712345").set("STP_EVENT_DATE", "20100101"),
    ];
    let input = write(dir.path(), "a.dat", doj_text(&rows, false));
    let out = dir.path().join("out");
    let (_, _, stderr) = inspect_json(&[&input], &out);
    let text = std::fs::read_to_string(out.join("rejects.csv")).unwrap();
    assert!(!text.contains("577123456") && !text.contains("57712345") && !stderr.contains("5771"), "{text}");
    let rejects = rejects(&out);
    assert_eq!(rejects[0][3], "9 digits, not a date (YYYYMMDD)");
    assert!(rejects[1][3].starts_with("8 digits, not 12 digits"), "{:?}", rejects[1]);
}

/// Finding 6: standard input (`-`) is read as a stream, gzip recognised by
/// its content; it was read as empty before.
#[test]
fn gzip_on_standard_input_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let sample = std::fs::read("samples/doj-sample.dat").unwrap();
    let output = Command::cargo_bin("clearmotion")
        .unwrap()
        .args(["inspect", "--json", "--out"])
        .arg(dir.path())
        .arg("-")
        .write_stdin(gzip(&sample))
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let text = json.to_string();
    assert!(text.contains("\"-\""), "the stream is named as given: {text}");
    assert!(text.contains("4000") && text.contains("4001"), "4,001 lines, 4,000 modeled: {text}");
}

/// Finding 6: a FIFO is read as a stream, not waited on forever.
#[cfg(unix)]
#[test]
fn fifo_is_read_as_a_stream() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("delivery.fifo");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::write(fifo, std::fs::read("samples/doj-sample.dat").unwrap()).unwrap())
    };
    let out = dir.path().join("out");
    let (status, json, stderr) = inspect_json(&[&fifo], &out);
    writer.join().unwrap();
    assert_eq!(status, 0, "{stderr}");
    let text = json.to_string();
    assert!(text.contains("delivery.fifo") && text.contains("4001"), "{text}");
}

/// Finding 1, case lists: a quoted field may span lines; the lines it covers
/// are counted, and a quote never closed is one reject naming its line range.
#[test]
fn case_list_records_spanning_lines_are_counted_by_line() {
    let dir = tempfile::tempdir().unwrap();
    let text = "person_id,name,dob,case_number,court,county,code_section,level,conviction_date\n\
        1,\"DOE,\nJANE\",1970-01-01,C1,CASC SAN FRANCISCO,SAN FRANCISCO,11357 HS,M,1999-01-01\n\
        2,\"ROE,RICHARD\",1971-02-02,C2,CASC SAN FRANCISCO,SAN FRANCISCO,11359 HS,F,2001-03-04\n\
        3,\"OPEN,QUOTE,1972-03-03,C3,CASC SAN FRANCISCO,SAN FRANCISCO,11359 HS,F,2001-03-04\n\
        4,NEXT,1972-03-03,C4,CASC SAN FRANCISCO,SAN FRANCISCO,11359 HS,F,2001-03-04\n";
    let input = write(dir.path(), "list.csv", text);
    let out = dir.path().join("out");
    let (status, json, stderr) = inspect_json(&[&input], &out);
    assert_eq!(status, 0, "{stderr}");
    let lines = clearmotion::ingest::lines::count_lines(text.as_bytes());
    assert_eq!(json["rows"], lines);
    assert_eq!(json["people"], 2, "{json}");
    assert_eq!(json["skipped"]["continuation line of a quoted field"], 2, "{json}");
    assert_eq!(json["rejected"], 1);
    let rejects = rejects(&out);
    assert_eq!(rejects[0][1], "5");
    assert!(rejects[0][3].starts_with("lines 5-6: a quote"), "{:?}", rejects[0]);
}
