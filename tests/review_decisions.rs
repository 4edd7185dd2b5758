//! Decisions made in `review.html`, end to end in headless Chromium: the
//! page of a real `classify` run of the bundled sample, decisions set in its
//! controls (a note and the reviewer's name typed), kept across a reload,
//! downloaded as decisions.csv and applied by `classify --decisions`; and a
//! decisions file loaded back into the page, its bad rows listed by line —
//! the same lines `classify --decisions` names.

#[path = "support/cdp.rs"]
mod cdp;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use cdp::Browser;
use serde_json::Value;

const CHROMIUM: &str = "/usr/bin/chromium";
const SAMPLE: &str = "samples/doj-sample.dat";
const REVIEWER: &str = "Test Reviewer, Unit 3";

fn chromium() -> Option<&'static str> {
    if Path::new(CHROMIUM).exists() {
        return Some(CHROMIUM);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{CHROMIUM} is missing: CI must install chromium (.ci/run) so the browser test runs"
    );
    eprintln!("skipping the browser test: {CHROMIUM} is not installed (apt-get install chromium)");
    None
}

fn classify(out: &Path, extra: &[&std::ffi::OsStr]) -> std::process::Output {
    classify_input(SAMPLE.as_ref(), out, extra)
}

fn classify_input(input: &Path, out: &Path, extra: &[&std::ffi::OsStr]) -> std::process::Output {
    Command::cargo_bin("clearmotion")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("classify")
        .arg(input)
        .args(["--county", "SAN FRANCISCO", "--as-of", "2026-11-01", "--quiet", "--out"])
        .arg(out)
        .args(extra)
        .output()
        .unwrap()
}

/// determinations.csv as maps of column → cell.
fn determinations(dir: &Path) -> Vec<HashMap<String, String>> {
    let mut reader = csv::Reader::from_path(dir.join("determinations.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| headers.iter().zip(r.unwrap().iter()).map(|(h, v)| (h.to_owned(), v.to_owned())).collect())
        .collect()
}

fn url(page: &Path) -> String {
    format!("file://{}", page.canonicalize().unwrap().display())
}

/// A JavaScript string literal.
fn js(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

/// The `select` of a row's decision in table `table` (`queue` or `rows`), found by its label.
fn control(table: &str, row: &HashMap<String, String>) -> String {
    let label = format!("Decision for {}, count {}", row["name"], row["count_id"]);
    format!(
        "Array.prototype.find.call(document.querySelectorAll('#{table} td.decision select'), function (s) {{ return s.getAttribute('aria-label') === {}; }})",
        js(&label)
    )
}

/// Chooses a decision and types a note, as a person would.
fn decide(browser: &mut Browser, table: &str, row: &HashMap<String, String>, decision: &str, note: &str) {
    let select = control(table, row);
    browser.eval(&format!(
        "(function () {{ var s = {select}; s.value = {}; s.dispatchEvent(new Event('change', {{ bubbles: true }})); s.parentNode.querySelector('input.d-note').focus(); }})()",
        js(decision)
    ));
    browser.type_text(note);
}

/// What a row's controls show: [decision, note, mark].
fn shown(browser: &mut Browser, table: &str, row: &HashMap<String, String>) -> Value {
    browser.eval(&format!(
        "(function () {{ var s = {}; if (!s) return null; var td = s.parentNode; return [s.value, td.querySelector('input.d-note').value, td.querySelector('.d-mark').textContent, s.disabled]; }})()",
        control(table, row)
    ))
}

fn text(browser: &mut Browser, id: &str) -> String {
    browser.eval(&format!("document.getElementById({}).textContent", js(id))).as_str().unwrap().to_owned()
}

/// Nothing but the page itself was requested, and no policy was broken, no script failed.
fn assert_offline_and_clean(browser: &mut Browser) {
    for url in browser.requests() {
        assert!(url.starts_with("file://") || url.starts_with("blob:") || url.starts_with("data:"), "{url}");
    }
    assert_eq!(browser.eval("window.__csp"), serde_json::json!([]), "no Content-Security-Policy violation");
    assert!(browser.errors().is_empty(), "{:?}", browser.errors());
}

fn screenshot_dir() -> Option<PathBuf> {
    std::env::var("REVIEW_DECISIONS_SCREENSHOTS").ok().map(PathBuf::from)
}

#[test]
fn decisions_made_in_the_page_survive_a_reload_download_and_are_applied_by_classify() {
    let Some(chromium) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first");
    assert!(classify(&first, &[]).status.success());
    let rows = determinations(&first);
    let queue: Vec<&HashMap<String, String>> = rows.iter().filter(|r| r["determination"] == "review").collect();
    assert!(queue.len() >= 3);
    let engine_dismiss = rows.iter().find(|r| r["determination"] == "dismiss").unwrap();
    // (row, table, decision, note): notes with a formula, a comma and quotes, a leading minus.
    let chosen: Vec<(&HashMap<String, String>, &str, &str, &str)> = vec![
        (queue[0], "queue", "dismiss", "=HYPERLINK(\"http://x\",\"click\"), checked: under 28.5 g"),
        (queue[1], "queue", "reduce", "Minute order: felony; reduce"),
        (queue[2], "queue", "not_eligible", "-separate incident, not a plea bargain"),
        (engine_dismiss, "rows", "review", "check the date of birth first"),
    ];

    let profile = tempfile::tempdir().unwrap();
    let downloads = tempfile::tempdir().unwrap();
    let mut browser = Browser::launch(chromium, profile.path(), 1300);
    browser.open(&url(&first.join("review.html")));
    // No name yet: the controls wait for it.
    assert_eq!(shown(&mut browser, "queue", queue[0])[3], Value::Bool(true), "disabled until a name is given");
    assert!(browser.eval("document.getElementById('d-name-needed').hidden") == Value::Bool(false));
    browser.eval("document.getElementById('d-name').focus()");
    browser.type_text(REVIEWER);
    browser.eval("document.getElementById('d-name-save').click()");
    assert_eq!(browser.eval("document.getElementById('d-name-needed').hidden"), Value::Bool(true));
    for (row, table, decision, note) in &chosen {
        decide(&mut browser, table, row, decision, note);
    }
    // A count drawn in both tables shows the same decision in both.
    let both =
        chosen.iter().find(|(row, table, _, _)| *table == "queue" && shown(&mut browser, "rows", row) != Value::Null);
    if let Some((row, _, decision, note)) = both {
        assert_eq!(shown(&mut browser, "rows", row)[0], *decision);
        assert_eq!(shown(&mut browser, "rows", row)[1], *note);
    }
    assert!(
        text(&mut browser, "d-status")
            .starts_with("4 decisions recorded (1 dismiss, 1 reduce, 1 not eligible, 1 keep in review).")
    );
    assert!(text(&mut browser, "d-status").contains("4 not yet applied"));

    browser.reload();
    assert_eq!(browser.eval("document.getElementById('d-name').value"), REVIEWER, "the name is asked once");
    for (row, table, decision, note) in &chosen {
        assert_eq!(shown(&mut browser, table, row), serde_json::json!([decision, note, "not yet applied", false]));
    }
    if let Some(dir) = screenshot_dir() {
        std::fs::create_dir_all(&dir).unwrap();
        browser.eval("document.getElementById('decisions').scrollIntoView()");
        browser.screenshot(&dir.join("decisions-panel.png"), false);
        browser.eval("document.getElementById('review-queue').scrollIntoView()");
        browser.screenshot(&dir.join("review-queue.png"), false);
    }

    // The download: a real file, written by the browser.
    browser.download_to(downloads.path());
    let since = browser.events.len();
    browser.eval("document.getElementById('d-export').click()");
    let exported = browser.downloaded(since);
    assert_eq!(exported.file_name().unwrap(), "decisions.csv");
    assert_offline_and_clean(&mut browser);
    let csv = std::fs::read(&exported).unwrap();
    // Byte for byte what the project's own CSV writer makes of the same decisions, in determinations order.
    let mut expected = Vec::new();
    clearmotion::output::csv_record(&mut expected, &clearmotion::decisions::COLUMNS);
    for row in &rows {
        if let Some((_, _, decision, note)) = chosen.iter().find(|(r, ..)| std::ptr::eq(*r, row)) {
            clearmotion::output::csv_record(
                &mut expected,
                &[row["subject_id"].as_str(), &row["count_id"], decision, note, REVIEWER],
            );
        }
    }
    assert_eq!(String::from_utf8(csv.clone()).unwrap(), String::from_utf8(expected).unwrap());
    assert!(String::from_utf8_lossy(&csv).contains("\"'=HYPERLINK(\"\"http://x\"\""), "the formula is neutralised");

    // classify applies the download.
    let second = dir.path().join("second");
    let output = classify(&second, &["--decisions".as_ref(), exported.as_os_str()]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let summary: Value = serde_json::from_slice(&std::fs::read(second.join("summary.json")).unwrap()).unwrap();
    let decisions = &summary["decisions"];
    assert_eq!((decisions["rows"].as_u64(), decisions["applied"].as_u64()), (Some(4), Some(4)), "{decisions}");
    assert_eq!((decisions["errors"].as_u64(), decisions["problems"].as_array().unwrap().len()), (Some(0), 0));
    assert_eq!(decisions["changing"].as_u64(), Some(4));
    let after = determinations(&second);
    for (row, _, decision, note) in &chosen {
        let now =
            after.iter().find(|r| r["subject_id"] == row["subject_id"] && r["count_id"] == row["count_id"]).unwrap();
        assert_eq!((now["determination"].as_str(), now["decided_by"].as_str()), (*decision, "reviewer"));
        assert_eq!(now["engine_determination"], row["determination"]);
        assert_eq!(now["reviewer"], REVIEWER);
        assert_eq!(clearmotion::output::spreadsheet_literal(&now["reviewer_note"]), *note);
        assert_eq!(clearmotion::output::spreadsheet_literal(&now["reason"]), *note);
    }
    assert_eq!(summary["by_determination"]["review"].as_u64(), Some(queue.len() as u64 - 3 + 1));

    // The rerun's page, in the same browser: the same decisions, now applied.
    browser.open(&url(&second.join("review.html")));
    for (row, table, decision, note) in &chosen {
        // The three decided review rows left the queue; they are found among the determinations.
        let table = if *table == "queue" { "rows" } else { table };
        let page = after
            .iter()
            .position(|r| r["subject_id"] == row["subject_id"] && r["count_id"] == row["count_id"])
            .unwrap()
            / 200;
        browser.eval(&format!("location.hash = 'page={}'", page + 1));
        browser.wait_until(&format!("!!{}", control(table, row)));
        assert_eq!(shown(&mut browser, table, row), serde_json::json!([decision, note, "applied in this run", false]));
    }
    assert!(!text(&mut browser, "d-status").contains("not yet applied"));
    browser.close();

    // The browser closed and started again: the decisions and the name are still there.
    let mut browser = Browser::launch(chromium, profile.path(), 1300);
    browser.open(&url(&first.join("review.html")));
    assert_eq!(browser.eval("document.getElementById('d-name').value"), REVIEWER);
    for (row, table, decision, note) in &chosen {
        assert_eq!(shown(&mut browser, table, row), serde_json::json!([decision, note, "not yet applied", false]));
    }
    browser.close();

    // A browser that never saw them: the page shows the run's applied decisions, and downloads them again.
    let other_profile = tempfile::tempdir().unwrap();
    let mut other = Browser::launch(chromium, other_profile.path(), 1300);
    other.open(&url(&second.join("review.html")));
    assert!(text(&mut other, "d-status").starts_with("4 decisions recorded"));
    other.download_to(downloads.path());
    let since = other.events.len();
    other.eval("document.getElementById('d-export').click()");
    let again = other.downloaded(since);
    let again_text = std::fs::read_to_string(&again).unwrap();
    assert_eq!(again_text, String::from_utf8(csv).unwrap(), "the same file");
    assert_offline_and_clean(&mut other);
    other.close();

    // Both pages keep their decisions under the same key: the county and the input files.
    let key = |dir: &Path| {
        let html = std::fs::read_to_string(dir.join("review.html")).unwrap();
        let at = html.find("\"decisions_key\":\"").unwrap() + 17;
        html[at..at + html[at..].find('"').unwrap()].to_owned()
    };
    assert_eq!(key(&first), key(&second));
    assert!(key(&first).starts_with("clearmotion-decisions-v1:"));
}

#[test]
fn a_decisions_file_loaded_into_the_page_restores_its_controls_and_lists_bad_rows_by_line() {
    let Some(chromium) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    assert!(classify(&out, &[]).status.success());
    let rows = determinations(&out);
    let queue: Vec<&HashMap<String, String>> = rows.iter().filter(|r| r["determination"] == "review").collect();
    let (a, b, c) = (queue[0], queue[1], queue[2]);
    // Columns in another order and case; a note over two lines; then one row of each problem.
    let file = format!(
        "Reviewer,NOTE,Decision,count_id,Subject_ID\n\
         Pat Lee,from the file,dismiss,{},{}\n\
         Pat Lee,\"two\nlines\",Reduce,{},{}\n\
         Pat Lee,short id,dismiss,1234,{}\n\
         Pat Lee,no subject,dismiss,{},\n\
         Pat Lee,misspelt,dismisss,{},{}\n\
         Pat Lee,too few fields,{}\n\
         Pat Lee,first,not_eligible,{},{}\n\
         Pat Lee,second,review,{},{}\n\
         Pat Lee,not in this run,dismiss,001001001000,99999999\n",
        a["count_id"],
        a["subject_id"],
        b["count_id"],
        b["subject_id"],
        a["subject_id"],
        a["count_id"],
        b["count_id"],
        b["subject_id"],
        c["subject_id"],
        c["count_id"],
        c["subject_id"],
        c["count_id"],
        c["subject_id"],
    );
    let path = dir.path().join("decisions.csv");
    std::fs::write(&path, &file).unwrap();
    let expected_problems = [
        "line 5, column count_id: not 12 digits",
        "line 6, column subject_id: blank",
        "line 7, column decision: not one of dismiss, reduce, not_eligible, review",
        "line 8: 3 fields, but the header has 5",
        "line 10: the same count as line 9; neither row is loaded",
        "line 11: no count with this subject_id and count_id is in this run; not loaded",
    ];
    // classify names the same lines and columns.
    let checked = classify(&dir.path().join("checked"), &["--decisions".as_ref(), path.as_os_str()]);
    assert_eq!(checked.status.code(), Some(2));
    let summary: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("checked/summary.json")).unwrap()).unwrap();
    let problems: Vec<(u64, String)> = summary["decisions"]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["line"].as_u64().unwrap(), p["column"].as_str().unwrap().to_owned()))
        .collect();
    let columns = |text: &str| text.split(", column ").nth(1).map_or("", |c| c.split(':').next().unwrap()).to_owned();
    let page_lines: Vec<(u64, String)> =
        expected_problems.iter().map(|p| (p[5..p.find([',', ':']).unwrap()].parse().unwrap(), columns(p))).collect();
    assert_eq!(problems, page_lines, "the page and classify name the same rows");

    let profile = tempfile::tempdir().unwrap();
    let mut browser = Browser::launch(chromium, profile.path(), 1300);
    browser.open(&url(&out.join("review.html")));
    browser.set_file_input("#d-file", &path);
    browser.wait_until("document.getElementById('d-load').textContent !== ''");
    assert_eq!(
        text(&mut browser, "d-load").lines().next().unwrap().split(" loaded").next().unwrap(),
        "decisions.csv: 2 decisions",
    );
    let listed = browser.eval(
        "Array.prototype.map.call(document.querySelectorAll('#d-load li'), function (li) { return li.textContent; })",
    );
    assert_eq!(listed, serde_json::json!(expected_problems));
    let expect = |decision: &str, note: &str| serde_json::json!([decision, note, "not yet applied", true]);
    assert_eq!(shown(&mut browser, "queue", a), expect("dismiss", "from the file"));
    assert_eq!(shown(&mut browser, "queue", b), expect("reduce", "twolines"), "an input shows no line break");
    assert_eq!(shown(&mut browser, "queue", c)[0], "", "duplicated: neither row loaded");
    assert!(text(&mut browser, "d-status").starts_with("2 decisions recorded (1 dismiss, 1 reduce,"));

    // Kept, like decisions made in the page; the download carries them as read.
    browser.reload();
    assert_eq!(shown(&mut browser, "queue", a), expect("dismiss", "from the file"));
    let downloads = tempfile::tempdir().unwrap();
    browser.download_to(downloads.path());
    let since = browser.events.len();
    browser.eval("document.getElementById('d-export').click()");
    let exported = std::fs::read_to_string(browser.downloaded(since)).unwrap();
    let mut expected = Vec::new();
    clearmotion::output::csv_record(&mut expected, &clearmotion::decisions::COLUMNS);
    clearmotion::output::csv_record(
        &mut expected,
        &[&a["subject_id"], &a["count_id"], "dismiss", "from the file", "Pat Lee"],
    );
    clearmotion::output::csv_record(
        &mut expected,
        &[&b["subject_id"], &b["count_id"], "reduce", "two\nlines", "Pat Lee"],
    );
    assert_eq!(exported, String::from_utf8(expected).unwrap());

    // A file without a decision column: nothing is loaded, and the page says why.
    let broken = dir.path().join("broken.csv");
    std::fs::write(&broken, format!("subject_id,count_id,note,reviewer\n{},{},x,y\n", c["subject_id"], c["count_id"]))
        .unwrap();
    browser.set_file_input("#d-file", &broken);
    browser.wait_until("document.getElementById('d-load').textContent.indexOf('broken.csv') === 0");
    let listed = browser.eval(
        "Array.prototype.map.call(document.querySelectorAll('#d-load li'), function (li) { return li.textContent; })",
    );
    assert_eq!(
        listed,
        serde_json::json!([
            "line 1, column decision: the header has no `decision` column (needs subject_id, count_id, decision, note, reviewer); no row is loaded"
        ])
    );
    assert_eq!(shown(&mut browser, "queue", c)[0], "");
    assert_offline_and_clean(&mut browser);
    browser.close();
}

#[test]
fn the_page_fits_a_narrow_window() {
    let Some(chromium) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    assert!(classify(&out, &[]).status.success());
    let profile = tempfile::tempdir().unwrap();
    let mut browser = Browser::launch(chromium, profile.path(), 400);
    browser.open(&url(&out.join("review.html")));
    // The page itself never scrolls sideways; the wide tables scroll inside their frame.
    assert_eq!(browser.eval("document.documentElement.scrollWidth <= window.innerWidth"), Value::Bool(true));
    assert_eq!(
        browser.eval("document.querySelector('#queue').parentNode.scrollWidth > document.querySelector('#queue').parentNode.clientWidth"),
        Value::Bool(true)
    );
    // Every control of the panel is on screen.
    for id in ["d-name", "d-name-save", "d-export", "d-file"] {
        let right = browser.eval(&format!("document.getElementById('{id}').getBoundingClientRect().right"));
        assert!(right.as_f64().unwrap() <= 400.0, "{id}: {right}");
    }
    if let Some(dir) = screenshot_dir() {
        std::fs::create_dir_all(&dir).unwrap();
        browser.eval("document.getElementById('decisions').scrollIntoView()");
        browser.screenshot(&dir.join("narrow.png"), false);
    }
    assert_offline_and_clean(&mut browser);
    browser.close();
}

#[test]
fn ids_and_names_a_spreadsheet_would_run_round_trip_through_the_page() {
    let Some(chromium) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    // Person ids that start a formula, names that try to become markup; HS 11357 with no subsection goes to review.
    let people = [
        ("=1+2", "<img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">,IMG"),
        ("-7", "QUOTE\"S,O'BRIEN </script><!--"),
        ("@SUM(1)", "\u{202e}GNIRTS,ESREVER"),
    ];
    // Written as an office's export would be: cells as they are (no apostrophes), quoted where needed.
    let mut list = String::from("person_id,name,case_number,court,county,code_section,level,conviction_date\n");
    for (i, (id, name)) in people.iter().enumerate() {
        let name = format!("\"{}\"", name.replace('"', "\"\""));
        list.push_str(&format!("{id},{name},SF-{i},CASC SAN FRANCISCO,SAN FRANCISCO,11357 HS,M,2001-02-03\n"));
    }
    let input = dir.path().join("caselist.csv");
    std::fs::write(&input, list).unwrap();
    let out = dir.path().join("out");
    assert!(classify_input(&input, &out, &[]).status.success());
    let rows = determinations(&out);
    assert_eq!(rows.iter().filter(|r| r["determination"] == "review").count(), people.len());

    let profile = tempfile::tempdir().unwrap();
    let mut browser = Browser::launch(chromium, profile.path(), 1300);
    browser.open(&url(&out.join("review.html")));
    browser.eval("document.getElementById('d-name').focus()");
    browser.type_text("=Reviewer");
    browser.eval("document.getElementById('d-name-save').click()");
    for row in &rows {
        decide(&mut browser, "queue", row, "dismiss", "+checked");
    }
    assert_eq!(browser.eval("document.body.hasAttribute('data-pwned')"), Value::Bool(false), "no name ran as markup");
    let downloads = tempfile::tempdir().unwrap();
    browser.download_to(downloads.path());
    let since = browser.events.len();
    browser.eval("document.getElementById('d-export').click()");
    let exported = browser.downloaded(since);
    assert_offline_and_clean(&mut browser);
    browser.close();
    let text = std::fs::read_to_string(&exported).unwrap();
    for line in text.lines() {
        for cell in line.split(',') {
            assert!(!cell.starts_with(['=', '+', '-', '@']), "a live formula: {line}");
        }
    }
    let applied = dir.path().join("applied");
    let output = classify_input(&input, &applied, &["--decisions".as_ref(), exported.as_os_str()]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let summary: Value = serde_json::from_slice(&std::fs::read(applied.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["decisions"]["applied"].as_u64(), Some(people.len() as u64), "{}", summary["decisions"]);
    for row in determinations(&applied) {
        assert_eq!((row["determination"].as_str(), row["decided_by"].as_str()), ("dismiss", "reviewer"));
        assert_eq!(clearmotion::output::spreadsheet_literal(&row["reviewer"]), "=Reviewer");
        assert_eq!(clearmotion::output::spreadsheet_literal(&row["reviewer_note"]), "+checked");
    }
}
