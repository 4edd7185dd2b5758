//! End to end through the real binary: `clearmotion sample`.

use assert_cmd::Command;

fn sample(args: &[&str]) -> std::process::Output {
    Command::cargo_bin("clearmotion").unwrap().arg("sample").args(args).output().unwrap()
}

#[test]
fn bundled_sample_is_what_the_generator_writes() {
    let output = sample(&["--rows", "4000", "--seed", "64", "--county", "SAN FRANCISCO"]);
    assert!(output.status.success());
    let bundled = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/samples/doj-sample.dat")).unwrap();
    assert!(
        output.stdout == bundled,
        "samples/doj-sample.dat is out of date: regenerate it with the command in README"
    );
}

#[test]
fn same_options_same_bytes_plain_and_gzip() {
    for extra in [&[][..], &["--gzip"][..]] {
        let args: Vec<&str> =
            ["--rows", "300", "--seed", "7", "--county", "yolo"].iter().chain(extra).copied().collect();
        let (a, b) = (sample(&args), sample(&args));
        assert!(a.status.success() && a.stdout == b.stdout && !a.stdout.is_empty());
    }
}

#[test]
fn sample_output_reads_back_completely() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("s.dat.gz");
    let output = sample(&["--rows", "1000", "--gzip", "--out", file.to_str().unwrap()]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let output = Command::cargo_bin("clearmotion")
        .unwrap()
        .args(["inspect", "--json", "--out", dir.path().to_str().unwrap(), file.to_str().unwrap()])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["rows"], 1001);
    assert_eq!(json["rejected"], 0);
    assert_eq!(json["reconciled"], true);
}

#[test]
fn unknown_county_is_a_clear_error() {
    let output = sample(&["--rows", "10", "--county", "ATLANTIS"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("ATLANTIS"), "{stderr}");
}

/// The columns the reader looks at (everything else may be filled).
const READ_COLUMNS: [usize; 20] = [0, 2, 5, 11, 12, 14, 40, 42, 45, 46, 48, 50, 52, 54, 55, 76, 80, 82, 86, 87];

#[test]
fn fill_optional_gives_the_2019_shape_and_the_same_rows() {
    let args = ["--rows", "3000", "--seed", "11", "--county", "LOS ANGELES", "--no-header"];
    let plain = sample(&args);
    let filled = sample(&[&args[..], &["--fill-optional"]].concat());
    assert!(plain.status.success() && filled.status.success());
    let records = |bytes: &[u8]| -> Vec<csv::ByteRecord> {
        let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
        reader.byte_records().map(Result::unwrap).collect()
    };
    let (plain_rows, filled_rows) = (records(&plain.stdout), records(&filled.stdout));
    assert_eq!(plain_rows.len(), 3000);
    assert_eq!(filled_rows.len(), 3000);
    // About 800 bytes a row (the 2019 tool's files), against about 380.
    let per_row = |bytes: &[u8]| bytes.len() / 3000;
    assert!((330..450).contains(&per_row(&plain.stdout)), "{}", per_row(&plain.stdout));
    assert!((740..880).contains(&per_row(&filled.stdout)), "{}", per_row(&filled.stdout));
    let mut filled_columns = std::collections::BTreeSet::new();
    for (a, b) in plain_rows.iter().zip(&filled_rows) {
        assert_eq!((a.len(), b.len()), (95, 95));
        for column in READ_COLUMNS.iter().copied().chain(87..=88) {
            assert_eq!(a.get(column), b.get(column), "column {column} differs");
        }
        for column in 0..95 {
            if a.get(column) != b.get(column) {
                filled_columns.insert(column);
            }
        }
    }
    // Descriptors, place of birth, the offense's code and qualifiers, the
    // disposition's and conviction's copies, the arrest numbers.
    for column in [21, 22, 27, 31, 32, 53, 56, 58, 63, 67, 72, 79, 81, 91] {
        assert!(filled_columns.contains(&column), "column {column} is never filled");
    }
    // A filled file reads with nothing rejected, into the same people.
    let dir = tempfile::tempdir().unwrap();
    let mut totals = Vec::new();
    for (name, output) in [("plain.dat", &plain), ("filled.dat", &filled)] {
        let file = dir.path().join(name);
        std::fs::write(&file, &output.stdout).unwrap();
        let inspect = Command::cargo_bin("clearmotion")
            .unwrap()
            .args(["inspect", "--json", "--out", dir.path().to_str().unwrap(), file.to_str().unwrap()])
            .output()
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&inspect.stdout).unwrap();
        assert_eq!(json["rejected"], 0);
        assert_eq!(json["reconciled"], true);
        totals.push((json["people"].clone(), json["modeled"].clone(), json["rows"].clone()));
    }
    assert_eq!(totals[0], totals[1]);
}
