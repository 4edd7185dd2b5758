//! Issue 11, outputs: one run, one set of outputs; neutralised CSV cells;
//! `inspect` without `--out`; relocatable outputs. Through the real binary.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use assert_cmd::cargo::CommandCargoExt;
use common::{Row, doj_text, write};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn bin() -> Command {
    let mut cmd = Command::cargo_bin("clearmotion").unwrap();
    cmd.current_dir(repo());
    cmd
}

fn run_args(out: &Path) -> Vec<String> {
    [
        "run",
        "samples/doj-sample.dat",
        "--county",
        "SAN FRANCISCO",
        "--policy",
        "samples/policy.toml",
        "--office",
        "samples/office.toml",
        "--as-of",
        "2026-11-01",
        "--quiet",
        "--out",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([out.display().to_string()])
    .collect()
}

fn classify_args(input: &Path, out: &Path) -> Vec<String> {
    vec![
        "classify".into(),
        input.display().to_string(),
        "--county".into(),
        "SAN FRANCISCO".into(),
        "--as-of".into(),
        "2026-11-01".into(),
        "--quiet".into(),
        "--out".into(),
        out.display().to_string(),
    ]
}

fn ok(args: &[String]) {
    let output = bin().args(args).output().unwrap();
    assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
}

/// Every file under `dir`, relative path → bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read(&path).unwrap_or_default());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The invariant after any kill: either the folder is marked INCOMPLETE, or it
/// holds exactly one complete set (summary matches determinations; manifest,
/// when there, matches every packet file, and nothing else is in packets/).
fn check_one_set(out: &Path) -> bool {
    let all = files(out);
    if all.contains_key("INCOMPLETE") {
        return true;
    }
    for name in all.keys() {
        let base = name.rsplit('/').next().unwrap();
        assert!(!base.starts_with('.'), "a temporary file without the INCOMPLETE marker: {name}");
    }
    let summary: serde_json::Value = serde_json::from_slice(&all["summary.json"]).unwrap();
    assert_eq!(summary["determinations_sha256"].as_str().unwrap(), sha256(&all["determinations.csv"]));
    let packet_files: Vec<&String> = all.keys().filter(|k| k.starts_with("packets/")).collect();
    match all.get("manifest.json") {
        Some(bytes) => {
            let manifest: serde_json::Value = serde_json::from_slice(bytes).unwrap();
            let listed: Vec<String> = manifest["outputs"]
                .as_array()
                .unwrap()
                .iter()
                .map(|o| o["path"].as_str().unwrap().to_owned())
                .collect();
            for o in manifest["outputs"].as_array().unwrap() {
                let path = o["path"].as_str().unwrap();
                assert_eq!(o["sha256"].as_str().unwrap(), sha256(&all[path]), "{path}");
            }
            for file in packet_files {
                assert!(listed.contains(file), "{file} is not in manifest.json");
            }
            let input =
                manifest["inputs"].as_array().unwrap().iter().find(|i| i["path"] == "determinations.csv").unwrap();
            assert_eq!(input["sha256"].as_str().unwrap(), sha256(&all["determinations.csv"]));
        }
        None => assert!(packet_files.is_empty(), "packets/ without manifest.json: {packet_files:?}"),
    }
    false
}

#[test]
fn classify_removes_an_earlier_runs_packets_and_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    ok(&run_args(&out));
    assert!(out.join("manifest.json").exists() && out.join("packets").exists());
    let small = write(dir.path(), "small.dat", doj_text(&[Row::new("S1", "001001001000")], true));
    ok(&classify_args(&small, &out));
    assert!(!out.join("manifest.json").exists(), "stale manifest.json left beside a new classification");
    assert!(!out.join("packets").exists(), "stale packets/ left beside a new classification");
    assert!(!out.join("INCOMPLETE").exists());
    assert!(!std::fs::read_to_string(out.join("review.html")).unwrap().contains("packets/"));
    check_one_set(&out);
}

#[test]
fn a_run_failing_on_bad_decisions_leaves_no_stale_packets() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    ok(&run_args(&out));
    let bad = write(dir.path(), "decisions.csv", "subject_id,count_id,decision,note,reviewer\nX,notanid,dismiss,,r\n");
    let mut args = run_args(&out);
    args.extend(["--decisions".into(), bad.display().to_string()]);
    let status = bin().args(&args).output().unwrap().status;
    assert_eq!(status.code(), Some(2));
    assert!(!out.join("manifest.json").exists() && !out.join("packets").exists());
    assert!(out.join("INCOMPLETE").exists(), "a run that stopped is marked INCOMPLETE");
}

#[test]
fn packets_refuses_a_determinations_csv_that_does_not_match_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    ok(&classify_args(&repo().join("samples/doj-sample.dat"), &out));
    let path = out.join("determinations.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let first_row_end = text.find('\n').unwrap() + 1;
    let second_row_end = first_row_end + text[first_row_end..].find('\n').unwrap() + 1;
    std::fs::write(&path, format!("{}{}", &text[..first_row_end], &text[second_row_end..])).unwrap();
    let output =
        bin().args(["packets", out.to_str().unwrap(), "--office", "samples/office.toml", "--quiet"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("does not match"), "{stderr}");
    assert!(!out.join("packets").exists());
}

#[test]
fn next_run_removes_leftover_temporary_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir_all(out.join(".packets-new-1")).unwrap();
    for name in [".determinations.arrival-1.csv", ".rejects.csv.partial-1", "INCOMPLETE"] {
        std::fs::write(out.join(name), "DOE,JANE,19700101").unwrap();
    }
    ok(&run_args(&out));
    assert!(!check_one_set(&out));
}

fn kill_at_many_points(points: u64, step_ms: u64) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    ok(&run_args(&out));
    for i in 0..points {
        let mut child = bin().args(run_args(&out)).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(5 + i * step_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        check_one_set(&out);
    }
    ok(&run_args(&out));
    assert!(!check_one_set(&out), "the next run leaves one complete set and no marker");
}

#[test]
fn killed_runs_leave_one_set_or_an_incomplete_marker() {
    kill_at_many_points(6, 60);
}

#[test]
#[ignore = "long: kills the binary at 60 points of a run"]
fn killed_runs_leave_one_set_or_an_incomplete_marker_long() {
    kill_at_many_points(60, 15);
}

#[test]
fn sigterm_removes_temporary_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    for delay in [30, 120, 300] {
        let mut child = bin().args(run_args(&out)).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay));
        unsafe { libc_kill(child.id() as i32, 15) };
        let status = child.wait().unwrap();
        if status.success() {
            continue;
        }
        for name in files(&out).keys() {
            assert!(!name.rsplit('/').next().unwrap().starts_with('.'), "after SIGTERM: {name}");
        }
        assert!(out.join("INCOMPLETE").exists());
    }
}

unsafe extern "C" {
    #[link_name = "kill"]
    fn libc_kill(pid: i32, sig: i32) -> i32;
}

const HOSTILE: [&str; 6] = ["=HYPERLINK(\"http://x\",\"y\")", "+cmd|' /C calc'!A0", "@SUM(1)", "-2+3", "\tTAB", "\rCR"];

fn assert_no_formula_cells(path: &Path) {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_path(path).unwrap();
    for record in reader.records() {
        for cell in record.unwrap().iter() {
            assert!(
                !matches!(cell.as_bytes().first(), Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')),
                "{}: live formula cell {cell:?}",
                path.display()
            );
        }
    }
}

#[test]
fn every_csv_cell_is_neutralised() {
    let dir = tempfile::tempdir().unwrap();
    let mut rows = Vec::new();
    for (i, value) in HOSTILE.iter().enumerate() {
        let subject = format!("{value}{i}");
        rows.push(
            Row::new(&subject, "001001001000")
                .set("PRI_NAME", value)
                .set("CII_NUMBER", value)
                .set("OFN", value)
                .set("STP_ORI_DESCR", value),
        );
    }
    let input =
        write(dir.path(), &format!("{}.dat", HOSTILE[0].replace(['"', '/', '|', '\''], "")), doj_text(&rows, true));
    let bad = write(dir.path(), "+bad.dat", "=not,a,doj,row\n");
    let out = dir.path().join("out");
    let mut args = classify_args(&input, &out);
    args.insert(2, bad.display().to_string());
    let _ = bin().args(&args).output().unwrap();
    let mut run = args.clone();
    run[0] = "run".into();
    run.extend(["--office".into(), "samples/office.toml".into()]);
    let _ = bin().args(&run).output().unwrap();
    let csvs: Vec<PathBuf> = files(&out).keys().filter(|k| k.ends_with(".csv")).map(|k| out.join(k)).collect();
    assert!(csvs.iter().any(|p| p.ends_with("determinations.csv")) && csvs.iter().any(|p| p.ends_with("rejects.csv")));
    for path in &csvs {
        assert_no_formula_cells(path);
    }
    // determinations.csv read back: subject ids as written in the input.
    let diff = bin().args(["diff", out.to_str().unwrap(), out.to_str().unwrap()]).output().unwrap();
    assert!(diff.status.success(), "{}", String::from_utf8_lossy(&diff.stderr));
    let text = std::fs::read_to_string(out.join("determinations.csv")).unwrap();
    assert!(text.contains("'=HYPERLINK"), "{text}");
}

#[test]
fn reviewer_decisions_copied_from_determinations_csv_apply() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "in.dat", doj_text(&[Row::new("=S1", "001001001000")], true));
    let out = dir.path().join("out");
    ok(&classify_args(&input, &out));
    let mut reader = csv::Reader::from_path(out.join("determinations.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    let record = reader.records().next().unwrap().unwrap();
    let get = |name: &str| record[headers.iter().position(|h| h == name).unwrap()].to_owned();
    assert_eq!(get("subject_id"), "'=S1");
    let decisions = write(
        dir.path(),
        "decisions.csv",
        format!(
            "subject_id,count_id,decision,note,reviewer\n{},{},review,checked,r\n",
            get("subject_id"),
            get("count_id")
        ),
    );
    let mut args = classify_args(&input, &out);
    args.extend(["--decisions".into(), decisions.display().to_string()]);
    let output = bin().args(&args).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("Reviewer decisions: 1 applied"), "{stdout}{}", String::from_utf8_lossy(&output.stderr));
}

#[test]
fn inspect_without_out_writes_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let bad = write(dir.path(), "bad.dat", "not a doj row\n");
    let work = dir.path().join("cwd");
    std::fs::create_dir(&work).unwrap();
    let _ = Command::cargo_bin("clearmotion")
        .unwrap()
        .current_dir(&work)
        .args(["inspect", bad.to_str().unwrap(), repo().join("samples/doj-sample.dat").to_str().unwrap()])
        .output()
        .unwrap();
    assert!(files(&work).is_empty(), "{:?}", files(&work).keys().collect::<Vec<_>>());
}

#[test]
fn the_same_run_in_two_folders_is_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("deeper/b"));
    ok(&run_args(&a));
    ok(&run_args(&b));
    let (fa, fb) = (files(&a), files(&b));
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    for (name, bytes) in &fa {
        assert!(bytes == &fb[name], "{name} differs between the two folders");
    }
}

/// Issue 11, finding 5, every column: a hostile value in each column of the
/// DOJ file, of the case list and of a decisions file, one column at a time,
/// never arrives in any CSV the run writes as a live formula (determinations,
/// rejects, review list, clerk CSVs, index).
#[test]
fn hostile_values_in_every_input_column_are_neutralised() {
    use clearmotion::ingest::columns::NAMES;
    let dir = tempfile::tempdir().unwrap();
    let hostile = |i: usize| HOSTILE[i % HOSTILE.len()];
    // DOJ: one person per column, that column hostile, the rest a fileable conviction.
    let rows: Vec<Row> = NAMES
        .iter()
        .enumerate()
        .filter(|(_, column)| **column != "SUBJECT_ID")
        .map(|(i, column)| {
            Row::new(&format!("S{i}"), "001001001000")
                .set("CII_NUMBER", &format!("{:010}", 1000 + i))
                .set(column, &format!("{}{i}", hostile(i)))
        })
        .chain([Row::new(&format!("{}X", HOSTILE[0]), "001001001000")])
        .collect();
    let doj = write(dir.path(), "in.dat", doj_text(&rows, true));
    // Case list: the sample's first row, one column hostile at a time.
    let sample = std::fs::read_to_string(repo().join("samples/caselist.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(sample.as_bytes());
    let header = reader.headers().unwrap().clone();
    let first = reader.records().next().unwrap().unwrap();
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&header).unwrap();
    for (i, _) in header.iter().enumerate() {
        let mut record: Vec<String> = first.iter().map(str::to_owned).collect();
        record[0] = format!("CL-H{i}");
        record[i] = format!("{}{i}", hostile(i));
        writer.write_record(&record).unwrap();
    }
    let list = write(dir.path(), "list.csv", writer.into_inner().unwrap());
    let out = dir.path().join("out");
    let mut args = classify_args(&doj, &out);
    args.insert(2, list.display().to_string());
    let _ = bin().args(&args).output().unwrap();
    // Decisions: hostile notes and reviewer names on real rows.
    let mut reader = csv::Reader::from_path(out.join("determinations.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let mut decisions = String::from("subject_id,count_id,decision,note,reviewer\n");
    for (i, record) in reader.records().take(HOSTILE.len()).enumerate() {
        let record = record.unwrap();
        let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
        decisions += &format!(
            "{},{},review,{},{}\n",
            quote(&record[column("subject_id")]),
            quote(&record[column("count_id")]),
            quote(hostile(i)),
            quote(hostile(i + 1))
        );
    }
    let decisions = write(dir.path(), "decisions.csv", decisions);
    let mut run = args.clone();
    run[0] = "run".into();
    run.extend([
        "--office".into(),
        "samples/office.toml".into(),
        "--decisions".into(),
        decisions.display().to_string(),
    ]);
    let output = bin().args(&run).output().unwrap();
    let csvs: Vec<PathBuf> = files(&out).keys().filter(|k| k.ends_with(".csv")).map(|k| out.join(k)).collect();
    let stderr = String::from_utf8_lossy(&output.stderr);
    for name in ["determinations.csv", "rejects.csv"] {
        assert!(csvs.iter().any(|p| p.ends_with(name)), "no {name}: {csvs:?}\n{stderr}");
    }
    assert!(csvs.iter().any(|p| p.starts_with(out.join("packets"))), "no packet CSV: {csvs:?}\n{stderr}");
    for path in &csvs {
        assert_no_formula_cells(path);
    }
    // Not vacuous: the hostile values did arrive, neutralised, in the
    // determinations, the review list and a clerk CSV.
    let neutralised = |path: &Path| {
        let text = std::fs::read_to_string(path).unwrap();
        HOSTILE.iter().filter(|h| text.contains(&format!("'{}", &h[..2]))).count()
    };
    assert!(neutralised(&out.join("determinations.csv")) >= 3);
    assert!(csvs.iter().filter(|p| p.starts_with(out.join("packets"))).any(|p| neutralised(p) >= 1), "{csvs:?}");
}
