//! review.html after `--previous` (what changed since an earlier run) and
//! after `run` (links to the packet files).

use std::path::Path;
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn classify(out: &Path, policy: &str, previous: Option<&Path>) {
    let mut cmd = Command::cargo_bin("clearmotion").unwrap();
    cmd.arg("classify")
        .arg(root().join("samples/doj-sample.dat"))
        .args(["--county", "SAN FRANCISCO", "--as-of", "2026-11-01", "--quiet", "--policy", policy, "--out"])
        .arg(out);
    if let Some(previous) = previous {
        cmd.arg("--previous").arg(previous);
    }
    let status = cmd.status().unwrap();
    assert!(status.success());
}

#[test]
fn review_page_shows_what_changed_since_the_previous_run() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = (dir.path().join("old"), dir.path().join("new"));
    classify(&old, "statute", None);
    let policy = root().join("samples/policy.toml");
    classify(&new, policy.to_str().unwrap(), Some(&old));
    let page = std::fs::read_to_string(new.join("review.html")).unwrap();
    assert!(page.contains("Changes since the previous run"), "section present");
    assert!(page.contains("policy changed"), "the cause is named");
    // The same figures as `clearmotion diff --json`.
    let out =
        Command::cargo_bin("clearmotion").unwrap().arg("diff").arg(&old).arg(&new).arg("--json").output().unwrap();
    let diff: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let changed = diff["counts"]["changed"].as_u64().unwrap();
    assert!(changed > 0);
    assert!(page.contains(&format!("<b>{changed}</b> changed")), "counts agree with clearmotion diff");
    // Per court (and overall): the people relieved, as summary.json counts them.
    let summary: serde_json::Value = serde_json::from_slice(&std::fs::read(new.join("summary.json")).unwrap()).unwrap();
    let relieved = summary["impact"]["people_with_relief"].as_u64().unwrap();
    assert!(page.contains(&format!("· {relieved} people relieved")), "overall people relieved");
    // Without --previous there is no such section.
    let plain = std::fs::read_to_string(old.join("review.html")).unwrap();
    assert!(!plain.contains("Changes since the previous run"));
}

#[test]
fn run_links_the_review_page_to_every_packet_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let status = Command::cargo_bin("clearmotion")
        .unwrap()
        .arg("run")
        .arg(root().join("samples/doj-sample.dat"))
        .arg(root().join("samples/caselist.csv"))
        .args(["--county", "SAN FRANCISCO", "--as-of", "2026-11-01", "--quiet", "--policy"])
        .arg(root().join("samples/policy.toml"))
        .arg("--office")
        .arg(root().join("samples/office.toml"))
        .arg("--out")
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let page = std::fs::read_to_string(out.join("review.html")).unwrap();
    let mut pdfs = 0;
    // Every PDF in the packet folders (packets/<packet>/01-motion.pdf, ...).
    for entry in walkdir::WalkDir::new(out.join("packets")) {
        let path = entry.unwrap().into_path();
        let name = path.strip_prefix(out.join("packets")).unwrap().to_string_lossy().into_owned();
        if name.ends_with(".pdf") {
            pdfs += 1;
            assert!(page.contains(&format!("href=\"packets/{name}\"")), "no link to {name}");
        }
    }
    assert!(pdfs >= 6, "{pdfs} PDFs: four documents of the packet, the notice and its proof of service");
}
