//! Compatibility with the 2019 options format: a county that ran the 2019
//! tool gets the same decisions from the same options.
//!
//! `own_fixture_*` runs the project's own fixture (the same situations as the
//! published Sacramento test data, with our own people and thresholds).
//! `published_sacramento_results` checks the published expected results when
//! `../shared/reference/gogen-sacramento` is present beside the checkout.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use assert_cmd::Command;
use common::{Row, doj_text, write};

/// A conviction row in Sacramento with the given history fields.
fn conviction(subject: &str, cnt: &str, dob: &str, date: &str, offense: &str, stat: &str, toc: &str) -> Row {
    Row::new(subject, cnt)
        .set("PRI_DOB", dob)
        .set("STP_EVENT_DATE", date)
        .set("STP_ORI_DESCR", "CASC SACRAMENTO")
        .set("STP_ORI_CNTY_NAME", "SACRAMENTO")
        .set("OFFENSE_DESCR", offense)
        .set("CONV_STAT_DESCR", stat)
        .set("OFFENSE_TOC", toc)
        .set("DISP_DESCR", "CONVICTED-PROBATION")
        .set("SENT_LOC_DESCR", "PROBATION")
        .set("SENT_LENGTH", "6")
        .set("SENT_TIME_CODE", "M")
}

fn classify(
    inputs: &[&Path],
    policy: &str,
    county: &str,
    as_of: &str,
    out: &Path,
) -> BTreeMap<(String, String), (String, String)> {
    let output = Command::cargo_bin("clearmotion")
        .unwrap()
        .arg("classify")
        .args(inputs)
        .args(["--policy", policy, "--county", county, "--as-of", as_of, "--out"])
        .arg(out)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let mut reader = csv::Reader::from_path(out.join("determinations.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (subject, count, determination, rule) = (col("subject_id"), col("count_id"), col("determination"), col("rule"));
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            ((r[subject].to_owned(), r[count].to_owned()), (r[determination].to_owned(), r[rule].to_owned()))
        })
        .collect()
}

#[test]
fn own_fixture_reproduces_2019_decisions() {
    let dir = tempfile::tempdir().unwrap();
    let rows = vec![
        // Deceased, recent 11359 felony, another conviction, under the age threshold.
        conviction("1", "001001001000", "19830101", "20150214", "11359 HS-POSSESS FOR SALE", "FELONY", "F"),
        conviction("1", "002001001000", "19830101", "20120101", "555 PC-TRESPASS", "MISDEMEANOR", "M"),
        Row::new("1", "003001001000")
            .set("STP_TYPE_DESCR", "DECEASED")
            .set("STP_EVENT_DATE", "20160214")
            .set("DISP_DESCR", ""),
        // A dismiss-list section, felony.
        conviction("2", "001001001000", "19620822", "19790601", "11357(C)HS-POSSESS MARIJUANA", "FELONY", "F"),
        // Age 60 or older on the as-of date.
        conviction("3", "001001001000", "19550101", "20100101", "11359(C) HS-POSSESS FOR SALE", "FELONY", "F"),
        conviction("3", "002001001000", "19550101", "20090101", "459 PC-BURGLARY", "FELONY", "F"),
        // The charge is in the comment.
        conviction("4", "001001001000", "19600314", "19810411", "SEE COMMENT FOR CHARGE", "FELONY", "F")
            .set("COMMENT_TEXT", "11358 HS-CULTIVATE MARIJUANA"),
        // Twelve or more years ago.
        conviction("5", "001001001000", "19700514", "20040411", "11359 HS-POSSESS FOR SALE", "FELONY", "")
            .set("OFFENSE_TOC", ""),
        conviction("5", "001001002000", "19700514", "20040411", "314(1) PC-INDECENT EXPOSURE", "FELONY", "F"),
        // A misdemeanor.
        conviction("6", "001001001000", "19700514", "20040411", "11358 HS-CULTIVATE", "MISDEMEANOR", "M"),
        // Recent felony, other convictions, nothing else applies: reduce.
        conviction("7", "001001001000", "19721127", "20151031", "11359HS-INTENT SELL", "FELONY", "F"),
        conviction("7", "002001001000", "19721127", "19980504", "220 PC-ASSAULT", "FELONY", "F"),
        // Only Prop 64 convictions (one of them in another county).
        conviction("8", "001001001000", "19690314", "20100305", "11359 HS-POSSESS FOR SALE", "FELONY", "F"),
        conviction("8", "002001001000", "19690314", "19910411", "11359 HS-POSSESS FOR SALE", "FELONY", "F")
            .set("STP_ORI_CNTY_NAME", "YOLO")
            .set("STP_ORI_DESCR", "CASC YOLO"),
        // Under 21 on the conviction date.
        conviction("9", "001001001000", "19800514", "19940912", "11359 HS-POSSESS FOR SALE", "FELONY", "F"),
        conviction("9", "002001001000", "19800514", "20150912", "459 PC-BURGLARY", "FELONY", "F"),
        // No subsection; the conviction status says felony, the offense level says M.
        conviction("10", "001001001000", "19820513", "20120703", "11357 HS-NO SUBSECTION", "FELONY", "M"),
        // Convicted after Nov 9, 2016: the 2019 tool still dismissed it.
        conviction("11", "001001001000", "19970619", "20170214", "11358 HS-CULTIVATE", "FELONY", "F"),
        // Another county only: not ours to decide.
        conviction("12", "001001001000", "19970619", "20100214", "11358 HS-CULTIVATE", "FELONY", "F")
            .set("STP_ORI_CNTY_NAME", "YOLO"),
        // Blank conviction status, felony offense level.
        conviction("13", "001001001000", "20060814", "20080410", "11358 HS-CULTIVATE", "", "F"),
        // A superstrike in the same case and a prior: the 2019 tool applied no disqualifiers.
        conviction("14", "001001001000", "19751231", "20150101", "11360(A) HS-TRANSPORT", "FELONY", "F"),
        conviction("14", "001001002000", "19751231", "20150101", "187 PC-MURDER", "FELONY", "F"),
        conviction("14", "000001001000", "19751231", "19990101", "664/187 PC-ATTEMPTED MURDER", "FELONY", "F"),
    ];
    let input = write(dir.path(), "in.dat", doj_text(&rows, true));
    let options = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/options-2019.json");
    let got = classify(&[&input], options.to_str().unwrap(), "SACRAMENTO", "2019-11-11", &dir.path().join("out"));
    let expected = [
        ("1", "001001001000", "dismiss", "policy_deceased"),
        ("2", "001001001000", "dismiss", "policy_section_dismissed"),
        ("3", "001001001000", "dismiss", "policy_age_threshold"),
        ("4", "001001001000", "dismiss", "policy_section_dismissed"),
        ("5", "001001001000", "dismiss", "policy_years_since_conviction"),
        ("6", "001001001000", "dismiss", "policy_misdemeanor_dismissed"),
        ("7", "001001001000", "reduce", "baseline_2019_reduce"),
        ("8", "001001001000", "dismiss", "policy_only_prop64_convictions"),
        ("9", "001001001000", "dismiss", "policy_under_21_at_conviction"),
        ("10", "001001001000", "dismiss", "policy_section_dismissed"),
        ("11", "001001001000", "dismiss", "policy_section_dismissed"),
        ("13", "001001001000", "dismiss", "policy_section_dismissed"),
        ("14", "001001001000", "reduce", "baseline_2019_reduce"),
    ];
    let expected: BTreeMap<_, _> =
        expected.iter().map(|(s, c, d, r)| ((s.to_string(), c.to_string()), (d.to_string(), r.to_string()))).collect();
    assert_eq!(got, expected);
}

#[test]
fn published_sacramento_results() {
    let reference = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/reference/gogen-sacramento");
    if !reference.join("prop64_results.csv").exists() {
        eprintln!("skipped: {} is not beside this checkout", reference.display());
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let got = classify(
        &[&reference.join("input.csv")],
        reference.join("eligibility_options.json").to_str().unwrap(),
        "SACRAMENTO",
        "2019-11-11",
        &dir.path().join("out"),
    );
    let mut reader = csv::Reader::from_path(reference.join("prop64_results.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (subject, count, determination) = (col("SUBJECT_ID"), col("CNT_ORDER"), col("Eligibility Determination"));
    let mut expected = BTreeMap::new();
    for record in reader.records() {
        let record = record.unwrap();
        let decision = match &record[determination] {
            "Eligible for Dismissal" => "dismiss",
            "Eligible for Reduction" => "reduce",
            other => panic!("unexpected determination {other}"),
        };
        expected.insert((record[subject].trim().to_owned(), record[count].trim().to_owned()), decision.to_owned());
    }
    let got: BTreeMap<_, _> = got.into_iter().map(|(key, (decision, _))| (key, decision)).collect();
    assert_eq!(got, expected);
}

/// Issue 11, finding 11: a run with a 2019 options file says, with counts,
/// where it departs from the 2019 tool (attempts, conspiracies, dates after
/// the as-of date); a TOML policy has no such section.
#[test]
fn summary_lists_departures_from_the_2019_tool_with_counts() {
    let dir = tempfile::tempdir().unwrap();
    let rows = vec![
        conviction("1", "001001001000", "19830101", "20150214", "664/11359 HS-ATT POSSESS FOR SALE", "FELONY", "F"),
        conviction("2", "001001001000", "19830101", "20150214", "182/11360 HS-CONSPIRACY TRANSPORT", "FELONY", "F"),
        conviction("3", "001001001000", "19830101", "20250101", "11359 HS-POSSESS FOR SALE", "FELONY", "F"),
        conviction("4", "001001001000", "19830101", "20150214", "11359 HS-POSSESS FOR SALE", "FELONY", "F"),
    ];
    let input = write(dir.path(), "in.dat", doj_text(&rows, true));
    let options = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/options-2019.json");
    let out = dir.path().join("out");
    let got = classify(&[&input], options.to_str().unwrap(), "SACRAMENTO", "2019-11-11", &out);
    let rule_of = |s: &str| got.iter().find(|((subject, _), _)| subject == s).map(|(_, (_, rule))| rule.clone());
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let departures = summary["policy"]["departures_from_2019"].as_array().expect("a departures list");
    let count =
        |rule: &str| departures.iter().find(|d| d["rule"] == rule).and_then(|d| d["convictions"].as_u64()).expect(rule);
    let expected = |rule: &str| got.values().filter(|(_, r)| r == rule).count() as u64;
    for rule in ["attempt_needs_review", "conspiracy_not_prop64", "conviction_after_as_of", "dates_contradict"] {
        assert_eq!(count(rule), expected(rule), "{rule}: {departures:?}");
        assert!(departures.iter().any(|d| d["rule"] == rule && !d["the_2019_tool"].as_str().unwrap().is_empty()));
    }
    assert_eq!(rule_of("3").as_deref(), Some("conviction_after_as_of"), "{got:?}");
    assert!(count("conviction_after_as_of") >= 1);
    assert!(count("attempt_needs_review") + count("conspiracy_not_prop64") >= 1, "{got:?}");

    let toml_out = dir.path().join("toml");
    let policy = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/policy.toml");
    classify(&[&input], policy.to_str().unwrap(), "SACRAMENTO", "2019-11-11", &toml_out);
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(toml_out.join("summary.json")).unwrap()).unwrap();
    assert!(summary["policy"].get("departures_from_2019").is_none());
}
