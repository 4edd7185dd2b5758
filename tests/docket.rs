//! The docket on a real run: `clearmotion classify` on the bundled samples,
//! then the library's docket, clerk CSVs and manifest on its
//! `determinations.csv`, with the sample office file.

use std::path::Path;

use assert_cmd::Command;
use clearmotion::docket::{Docket, clerk_csv, manifest};
use clearmotion::office::{CourtResolver, Office, PacketOptions};
use serde_json::Value;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn sample_run_reconciles_and_writes_clerk_files_and_manifest() {
    let out = tempfile::tempdir().unwrap();
    let status = Command::cargo_bin("clearmotion")
        .unwrap()
        .current_dir(repo())
        .args(["classify", "samples/doj-sample.dat", "samples/caselist.csv", "--county", "SAN FRANCISCO"])
        .args(["--policy", "samples/policy.toml", "--as-of", "2026-11-01", "--out"])
        .arg(out.path())
        .output()
        .unwrap()
        .status;
    assert!(status.success());
    let summary: Value = serde_json::from_slice(&std::fs::read(out.path().join("summary.json")).unwrap()).unwrap();
    let determinations = out.path().join("determinations.csv");

    let office = Office::load(&repo().join("samples/office.toml")).unwrap();
    let courts = CourtResolver::new(&office);
    let docket = Docket::read(&determinations, &courts, &office.packets).unwrap();
    let reconciliation = docket.reconciliation();
    assert!(reconciliation.reconciles, "{reconciliation:?}");
    assert_eq!(reconciliation.rows, summary["determinations"].as_u64().unwrap());
    let by = |d: &str| summary["by_determination"][d].as_u64().unwrap();
    let relief_rows = by("dismiss") + by("reduce");
    assert!(relief_rows > 0 && reconciliation.packet_rows > 0);
    use clearmotion::docket::ReviewCause;
    use clearmotion::eligibility::Decision;
    let moved = |relief: bool| {
        docket
            .review
            .iter()
            .filter(|r| r.cause != ReviewCause::Review)
            .filter(|r| matches!(r.row.determination, Decision::Dismiss | Decision::Reduce) == relief)
            .count() as u64
    };
    let (relief_in_review, challenged_in_review) = (moved(true), moved(false));
    assert_eq!(reconciliation.packet_rows + relief_in_review, relief_rows);
    assert_eq!(reconciliation.review - relief_in_review - challenged_in_review, by("review"));
    assert_eq!(
        reconciliation.challenged + challenged_in_review + reconciliation.not_eligible_other,
        by("not_eligible")
    );
    // summary.json's `filing` (and so summary.pdf) has the packets' categories.
    assert_eq!(summary["filing"]["challenged"].as_u64(), Some(reconciliation.challenged));
    assert_eq!(summary["filing"]["for_filing"].as_u64(), Some(reconciliation.packet_rows));
    assert_eq!(summary["filing"]["review"].as_u64(), Some(reconciliation.review));
    assert_eq!(summary["filing"]["not_eligible_other"].as_u64(), Some(reconciliation.not_eligible_other));
    // The sample office names the San Francisco court and its courthouse.
    for packet in &docket.packets {
        assert!(packet.court.title.contains("CITY AND COUNTY OF SAN FRANCISCO"), "{}", packet.id);
    }
    assert_eq!(docket.packets.iter().map(|p| p.stem.as_str()).collect::<Vec<_>>(), ["san-francisco"]);

    // Small packets: the same rows, cut into many.
    let small = PacketOptions { max_rows_per_packet: 10, split_by_relief: true, ..office.packets.clone() };
    let cut = Docket::read(&determinations, &courts, &small).unwrap();
    assert!(cut.packets.len() > 1 && cut.packets.iter().all(|p| p.rows.len() <= 10));
    assert_eq!(cut.reconciliation().packet_rows, reconciliation.packet_rows);
    assert!(cut.reconciles());

    let mut manifest =
        manifest::Manifest::new(chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(), cut.reconciliation());
    manifest.office = Some(manifest::HashedFile::of(&repo().join("samples/office.toml")).unwrap());
    manifest.inputs.push(manifest::HashedFile::of(&determinations).unwrap());
    let packets = out.path().join("packets");
    std::fs::create_dir(&packets).unwrap();
    for packet in &cut.packets {
        let name = format!("{}.csv", packet.stem);
        let rows = clerk_csv::write(packet, &packets.join(&name)).unwrap();
        assert_eq!(rows, packet.rows.len() as u64);
        manifest.add_output(out.path(), &format!("packets/{name}"), Some("clerk_csv"), None, Some(rows)).unwrap();
    }
    manifest.write(&out.path().join("manifest.json")).unwrap();
    let written: Value = serde_json::from_slice(&std::fs::read(out.path().join("manifest.json")).unwrap()).unwrap();
    assert_eq!(written["outputs"].as_array().unwrap().len(), cut.packets.len());
    assert_eq!(written["reconciliation"]["reconciles"], true);
    let rows: u64 = written["outputs"].as_array().unwrap().iter().map(|o| o["rows"].as_u64().unwrap()).sum();
    assert_eq!(rows, reconciliation.packet_rows);

    // Deterministic: reading again gives the same packets.
    let again = Docket::read(&determinations, &courts, &small).unwrap();
    assert_eq!(again.packets, cut.packets);
}
