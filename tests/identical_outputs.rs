//! Guard rail for speed work (issue 14): on a generated DOJ file and its
//! office export, every output of `run` — in bulk and in per-case mode —
//! has the SHA-256 recorded in `tests/data/output-hashes.txt`. A faster
//! reader, classifier or renderer must give the same bytes.
//!
//! When a change alters an output on purpose, rerun with
//! `UPDATE_OUTPUT_HASHES=1 cargo test --test identical_outputs` and say in the
//! commit which files changed and why.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use sha2::{Digest, Sha256};

const HASHES: &str = "tests/data/output-hashes.txt";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn clearmotion(dir: &Path, args: &[&str]) {
    let output = Command::cargo_bin("clearmotion").unwrap().current_dir(dir).args(args).output().unwrap();
    assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
}

/// Every file under `root`, by path relative to it (with `/`), with its hash.
fn hashes(root: &Path, prefix: &str, into: &mut BTreeMap<String, String>) {
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let relative = entry.path().strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
        let digest = Sha256::digest(std::fs::read(entry.path()).unwrap());
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        into.insert(format!("{prefix}/{relative}"), hex);
    }
}

fn run_all(dir: &Path) -> BTreeMap<String, String> {
    let repo = repo();
    let samples = repo.join("samples");
    clearmotion(
        dir,
        &[
            "sample",
            "--rows",
            "20000",
            "--seed",
            "14",
            "--county",
            "SAN FRANCISCO",
            "--out",
            "doj.dat",
            "--office-export",
            "export.csv",
        ],
    );
    let office = std::fs::read_to_string(samples.join("office.toml")).unwrap();
    assert!(office.contains("mode = \"bulk\""), "the sample office file is in bulk mode");
    std::fs::write(dir.join("office-per-case.toml"), office.replace("mode = \"bulk\"", "mode = \"per_case\"")).unwrap();
    // The policy and office files are copied beside the inputs and named
    // relatively: outputs record the names given, so an absolute path would
    // make the hashes depend on where the repository is checked out.
    std::fs::write(dir.join("office.toml"), &office).unwrap();
    std::fs::copy(samples.join("policy.toml"), dir.join("policy.toml")).unwrap();
    let policy = "policy.toml";
    let mut all = BTreeMap::new();
    for (name, office) in [("bulk", "office.toml"), ("per-case", "office-per-case.toml")] {
        clearmotion(
            dir,
            &[
                "run",
                "doj.dat",
                "export.csv",
                "--county",
                "SAN FRANCISCO",
                "--policy",
                policy,
                "--office",
                office,
                "--as-of",
                "2026-11-01",
                "--out",
                name,
                "--quiet",
            ],
        );
        hashes(&dir.join(name), name, &mut all);
    }
    // The generated inputs too: the sample generator is part of the benchmark.
    for input in ["doj.dat", "export.csv", "export.truth.csv"] {
        let digest = Sha256::digest(std::fs::read(dir.join(input)).unwrap());
        all.insert(format!("input/{input}"), digest.iter().map(|b| format!("{b:02x}")).collect());
    }
    all
}

#[test]
fn every_output_has_its_recorded_hash() {
    let dir = tempfile::tempdir().unwrap();
    let got = run_all(dir.path());
    assert!(got.keys().any(|k| k.ends_with(".pdf")), "the runs wrote PDFs");
    assert!(got.keys().any(|k| k.ends_with(".docx")), "the runs wrote the Word order");
    let text: String = got.iter().map(|(path, hash)| format!("{hash}  {path}\n")).collect();
    let file = repo().join(HASHES);
    if std::env::var_os("UPDATE_OUTPUT_HASHES").is_some() {
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, &text).unwrap();
        return;
    }
    let recorded = std::fs::read_to_string(&file).unwrap_or_default();
    let recorded: BTreeMap<&str, &str> =
        recorded.lines().filter_map(|l| l.split_once("  ")).map(|(hash, path)| (path, hash)).collect();
    let mut differences = Vec::new();
    for (path, hash) in &got {
        match recorded.get(path.as_str()) {
            Some(old) if old == hash => {}
            Some(_) => differences.push(format!("changed: {path}")),
            None => differences.push(format!("new: {path}")),
        }
    }
    for path in recorded.keys() {
        if !got.contains_key(*path) {
            differences.push(format!("gone: {path}"));
        }
    }
    assert!(
        differences.is_empty(),
        "outputs differ from {HASHES} ({} of {} files):\n{}\nIf this is on purpose: UPDATE_OUTPUT_HASHES=1 cargo test --test identical_outputs",
        differences.len(),
        got.len(),
        differences.join("\n")
    );
}
