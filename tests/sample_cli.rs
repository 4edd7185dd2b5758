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
