//! End to end through the real binary: `clearmotion classify`.

mod common;

use std::path::Path;

use assert_cmd::Command;
use common::{FAKE_CDL, FAKE_FBI, FAKE_SSN, Row, doj_text, write};
use serde_json::Value;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

struct Output {
    status: i32,
    stdout: String,
    stderr: String,
}

fn classify(args: &[&str], out: &Path) -> Output {
    let output = Command::cargo_bin("clearmotion")
        .unwrap()
        .current_dir(repo())
        .arg("classify")
        .args(args)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    Output {
        status: output.status.code().unwrap(),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

const SAMPLE: [&str; 8] = [
    "samples/doj-sample.dat",
    "samples/caselist.csv",
    "--county",
    "SAN FRANCISCO",
    "--policy",
    "samples/policy.toml",
    "--as-of",
    "2026-11-01",
];

fn determinations(out: &Path) -> Vec<csv::StringRecord> {
    csv::Reader::from_path(out.join("determinations.csv")).unwrap().records().map(Result::unwrap).collect()
}

#[test]
fn samples_are_classified_with_every_column() {
    let dir = tempfile::tempdir().unwrap();
    let run = classify(&SAMPLE, dir.path());
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(run.stdout.contains("every line is accounted for"), "{}", run.stdout);
    assert!(
        run.stdout.contains("samples/doj-sample.dat: 4,001 lines = 4,000 modeled + 1 skipped + 0 rejected"),
        "{}",
        run.stdout
    );
    let mut reader = csv::Reader::from_path(dir.path().join("determinations.csv")).unwrap();
    let headers: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(
        headers,
        [
            "source",
            "line",
            "subject_id",
            "count_id",
            "name",
            "aka",
            "dob",
            "cii",
            "court",
            "county",
            "case_number",
            "prosecuting_agency",
            "code_section",
            "level",
            "conviction_date",
            "sentence_end",
            "determination",
            "relief",
            "path",
            "rule",
            "reason",
            "citation",
            "decided_by",
            "engine_determination",
            "reviewer",
            "reviewer_note",
            "sources",
            "source_kind",
        ]
    );
    let rows = determinations(dir.path());
    assert!(rows.len() > 100);
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    assert!(rows.iter().any(|row| !row[col("aka")].is_empty()), "some sample people have AKAs");
    assert!(rows.iter().filter(|row| !row[col("cii")].is_empty()).count() > rows.len() / 2);
    assert!(rows.iter().any(|row| row[col("prosecuting_agency")] == *"San Francisco District Attorney"));
    for row in &rows {
        assert_eq!(&row[col("county")], "SAN FRANCISCO");
        assert_eq!(&row[col("decided_by")], "engine");
        assert!(row[col("engine_determination")].is_empty() && row[col("reviewer")].is_empty());
        let dob = &row[col("dob")];
        assert!(dob.is_empty() || (dob.len() == 10 && dob.as_bytes()[4] == b'-'), "{dob}");
        let determination = &row[col("determination")];
        assert!(["dismiss", "reduce", "not_eligible", "review"].contains(&determination), "{determination}");
        assert!(!row[col("rule")].is_empty() && !row[col("reason")].is_empty() && !row[col("citation")].is_empty());
        if determination == "dismiss" || determination == "reduce" {
            assert!(["application", "petition"].contains(&&row[col("path")]));
            assert!(!row[col("relief")].is_empty());
        }
    }
    let summary: Value = serde_json::from_slice(&std::fs::read(dir.path().join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["determinations"], rows.len());
    assert_eq!(summary["reconciled"], true);
    assert_eq!(summary["as_of"], "2026-11-01");
    assert_eq!(summary["inputs"][0]["sha256"].as_str().unwrap().len(), 64);
    for key in ["people_with_relief", "people_no_felony_left", "people_no_conviction_left"] {
        assert!(summary["impact"][key].as_u64().unwrap() > 0, "{key}");
    }
    let text = std::fs::read_to_string(dir.path().join("determinations.csv")).unwrap()
        + &std::fs::read_to_string(dir.path().join("summary.json")).unwrap()
        + &run.stdout
        + &run.stderr;
    for secret in [FAKE_SSN, FAKE_CDL, FAKE_FBI, "000-00-"] {
        assert!(!text.contains(secret), "{secret} reached an output");
    }
}

#[test]
fn two_runs_give_byte_identical_outputs() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    assert_eq!(classify(&SAMPLE, a.path()).status, 0);
    assert_eq!(classify(&SAMPLE, b.path()).status, 0);
    for file in ["determinations.csv", "summary.json", "review.html", "rejects.csv"] {
        assert_eq!(std::fs::read(a.path().join(file)).unwrap(), std::fs::read(b.path().join(file)).unwrap(), "{file}");
    }
}

#[test]
fn bad_policies_are_clear_errors_naming_file_and_key() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text, expected) in [
        ("broken.toml", "dismiss_sections = [", "broken.toml"),
        ("unknown.toml", "[dismiss_if]\nold_age = 50\n", "old_age"),
        ("range.toml", "[dismiss_if]\nage_at_least = 99\n", "dismiss_if.age_at_least = 99 is out of range"),
        ("section.toml", "dismiss_sections = [\"11550\"]\n", "\"11550\" is not a Prop 64 section"),
        (
            "range.json",
            "{\"baselineEligibility\": {}, \"additionalRelief\": {\"subjectAgeThreshold\": 30}}",
            "subjectAgeThreshold = 30",
        ),
    ] {
        let policy = write(dir.path(), name, text);
        let mut args = SAMPLE.to_vec();
        args[5] = policy.to_str().unwrap();
        let run = classify(&args, &dir.path().join("out"));
        assert_eq!(run.status, 2, "{name}");
        assert!(run.stderr.contains(expected) && run.stderr.contains(name), "{name}: {}", run.stderr);
        assert_eq!(run.stderr.trim().lines().count(), 1, "{name}: {}", run.stderr);
    }
    let mut args = SAMPLE.to_vec();
    args[5] = "nope.toml";
    let run = classify(&args, &dir.path().join("out"));
    assert!(run.status == 2 && run.stderr.contains("nope.toml: cannot read the policy"), "{}", run.stderr);
}

#[test]
fn as_of_must_be_a_date() {
    let dir = tempfile::tempdir().unwrap();
    let mut args = SAMPLE.to_vec();
    args[7] = "11/01/2026";
    let run = classify(&args, dir.path());
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("--as-of") && run.stderr.contains("YYYY-MM-DD"), "{}", run.stderr);
    let run = classify(&SAMPLE[..6], dir.path());
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("--as-of"), "{}", run.stderr);
}

#[test]
fn county_must_be_californian_and_an_empty_county_gives_empty_valid_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let mut args = SAMPLE.to_vec();
    args[3] = "GOTHAM";
    let run = classify(&args, dir.path());
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("GOTHAM") && run.stderr.contains("not a California county"), "{}", run.stderr);

    args[3] = "alpine county";
    let run = classify(&args, dir.path());
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(run.stderr.contains("warning: no Prop 64 convictions in ALPINE county"), "{}", run.stderr);
    assert!(determinations(dir.path()).is_empty());
    let header = std::fs::read_to_string(dir.path().join("determinations.csv")).unwrap();
    assert!(header.starts_with("source,line,subject_id,count_id,"), "{header}");
    let summary: Value = serde_json::from_slice(&std::fs::read(dir.path().join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["determinations"], 0);
}

#[test]
fn a_conviction_after_the_as_of_date_goes_to_review() {
    let dir = tempfile::tempdir().unwrap();
    let rows = [Row::new("1", "001001001000").set("STP_EVENT_DATE", "20250105").set("OFFENSE_DESCR", "11359 HS")];
    let input = write(dir.path(), "a.dat", doj_text(&rows, false));
    let run = classify(
        &[input.to_str().unwrap(), "--county", "SAN FRANCISCO", "--as-of", "2020-01-01"],
        &dir.path().join("out"),
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let rows = determinations(&dir.path().join("out"));
    assert_eq!(rows.len(), 1);
    assert!(rows[0].iter().any(|cell| cell == "review"));
    assert!(rows[0].iter().any(|cell| cell == "conviction_after_as_of"));
}

#[test]
fn rules_command_lists_every_rule_with_a_citation() {
    let output = Command::cargo_bin("clearmotion").unwrap().args(["rules", "--json"]).output().unwrap();
    assert!(output.status.success());
    let rules: Value = serde_json::from_slice(&output.stdout).unwrap();
    let rules = rules.as_array().unwrap();
    assert!(rules.len() > 30);
    for rule in rules {
        assert!(!rule["citation"].as_str().unwrap().is_empty(), "{rule}");
    }
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&"prior_superstrike_bars_reduction") && ids.contains(&"hs_11360_a3c_remains_felony"));
    for id in ["source_match_ambiguous", "sources_disagree", "office_only_no_doj_history"] {
        assert!(ids.contains(&id), "{id}");
    }
}

/// Picks rows of a first run to decide on: (subject_id, count_id, engine determination).
fn pick(rows: &[csv::StringRecord], determination: &str, n: usize) -> Vec<(String, String)> {
    rows.iter().filter(|r| &r[16] == determination).take(n).map(|r| (r[2].to_owned(), r[3].to_owned())).collect()
}

#[test]
fn reviewer_decisions_override_the_engine_and_are_counted() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first");
    assert_eq!(classify(&SAMPLE, &first).status, 0);
    let rows = determinations(&first);
    let review = pick(&rows, "review", 2);
    let reduce = pick(&rows, "reduce", 1);
    assert_eq!((review.len(), reduce.len()), (2, 1));
    let decisions = format!(
        "subject_id,count_id,decision,note,reviewer\n{},{},dismiss,\"Court file: 2 g, see minute order\",A. Reviewer\n{},{},not_eligible,=HYPERLINK(),B. Reviewer\n{},{},reduce,agree,A. Reviewer\nNOSUCH,001001001000,dismiss,,A. Reviewer\n",
        review[0].0, review[0].1, review[1].0, review[1].1, reduce[0].0, reduce[0].1
    );
    let file = write(dir.path(), "decisions.csv", decisions);
    let mut args = SAMPLE.to_vec();
    args.extend(["--decisions", file.to_str().unwrap()]);
    let out = dir.path().join("second");
    let run = classify(&args, &out);
    assert_eq!(run.status, 0, "only an unknown id: a warning: {}", run.stderr);
    assert!(run.stderr.contains("warning: ") && run.stderr.contains("decisions.csv:5: "), "{}", run.stderr);
    assert!(!run.stderr.contains("NOSUCH"), "identifiers never reach messages: {}", run.stderr);
    assert!(
        run.stdout.contains("Reviewer decisions: 3 applied (1 agreeing with the engine, 2 changing it)"),
        "{}",
        run.stdout
    );

    let after = determinations(&out);
    assert_eq!(after.len(), rows.len(), "every count is still there, once");
    let find = |(subject, count): &(String, String)| {
        after.iter().find(|r| &r[2] == subject && &r[3] == count).unwrap().clone()
    };
    let dismissed = find(&review[0]);
    assert_eq!(
        [
            &dismissed[16],
            &dismissed[17],
            &dismissed[19],
            &dismissed[20],
            &dismissed[22],
            &dismissed[23],
            &dismissed[24]
        ],
        [
            "dismiss",
            "dismiss_and_seal",
            "reviewer_decision",
            "Court file: 2 g, see minute order",
            "reviewer",
            "review",
            "A. Reviewer"
        ]
    );
    assert!(dismissed[21].starts_with("HS 11361.8 (reviewer decision); HS 11361.8"), "{}", &dismissed[21]);
    assert!(["application", "petition"].contains(&&dismissed[18]));
    let not_eligible = find(&review[1]);
    assert_eq!((&not_eligible[16], &not_eligible[17], &not_eligible[18]), ("not_eligible", "", ""));
    assert_eq!(&not_eligible[25], "'=HYPERLINK()", "notes are spreadsheet-safe");
    let reduced = find(&reduce[0]);
    let engine = rows.iter().find(|r| r[2] == reduce[0].0 && r[3] == reduce[0].1).unwrap();
    assert_eq!((&reduced[17], &reduced[23]), (&engine[17], "reduce"), "the engine's relief is kept");
    assert!(
        reduced[21].starts_with(&engine[21].split("; HS 11361.8(").next().unwrap().to_owned()),
        "the engine's citation where it agrees"
    );

    let summary: Value = serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    let d = &summary["decisions"];
    assert_eq!(
        (d["applied"].as_u64(), d["agreeing_with_engine"].as_u64(), d["changing"].as_u64()),
        (Some(3), Some(1), Some(2))
    );
    assert_eq!(d["unknown_ids"], 1);
    assert_eq!(d["problems"][0]["line"], 5);
    assert_eq!(d["problems"][0]["kind"], "unknown_id");
    assert_eq!(summary["by_rule"]["reviewer_decision"], 3);
    let before: Value = serde_json::from_slice(&std::fs::read(first.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["determinations"], before["determinations"]);
    assert_eq!(
        summary["by_determination"]["review"].as_u64().unwrap() + 2,
        before["by_determination"]["review"].as_u64().unwrap()
    );
}

#[test]
fn a_decisions_file_with_errors_fails_the_run_naming_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first");
    assert_eq!(classify(&SAMPLE, &first).status, 0);
    let rows = determinations(&first);
    let review = pick(&rows, "review", 1);
    let (subject, count) = &review[0];
    let text = format!(
        "subject_id,count_id,decision,note,reviewer\n{subject},{count},dismiss,,r\n{subject},{count},reduce,,r\n{subject},{count},pardon,,r\n{subject},12,dismiss,,r\n"
    );
    let file = write(dir.path(), "bad.csv", text);
    let mut args = SAMPLE.to_vec();
    args.extend(["--decisions", file.to_str().unwrap()]);
    let out = dir.path().join("out");
    let run = classify(&args, &out);
    assert_eq!(run.status, 2, "{}", run.stderr);
    for expected in
        ["bad.csv:3: the same count as line 2", "bad.csv:4: column decision:", "bad.csv:5: column count_id:"]
    {
        assert!(run.stderr.contains(expected), "{expected}: {}", run.stderr);
    }
    assert!(!run.stderr.contains(subject.as_str()), "{}", run.stderr);
    let summary: Value = serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["decisions"]["errors"], 3);
    assert_eq!(summary["decisions"]["applied"], 0, "duplicates are not applied");
    let row = determinations(&out).into_iter().find(|r| &r[2] == subject && &r[3] == count).unwrap();
    assert_eq!(&row[22], "engine");

    let missing = write(dir.path(), "missing.csv", "subject_id,count_id,note,reviewer\n");
    let mut args = SAMPLE.to_vec();
    args.extend(["--decisions", missing.to_str().unwrap()]);
    let out = dir.path().join("out2");
    let run = classify(&args, &out);
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("missing.csv:1: column decision:"), "{}", run.stderr);
    let summary: Value = serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["decisions"]["problems"][0]["kind"], "missing_column");
    assert_eq!(summary["decisions"]["applied"], 0);
}
