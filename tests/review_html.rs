//! `review.html`, end to end: written by `classify`, self-contained, safe
//! against hostile data, byte-identical between runs, and — in headless
//! Chromium when it is installed (always in CI) — filtered by the address.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use assert_cmd::Command;
use common::{Row, doj_text, write};

const CHROMIUM: &str = "/usr/bin/chromium";

/// Names that try to break out of the page, a template, an attribute, or the text direction.
const HOSTILE: [&str; 5] = [
    "<script>alert(1)</script>,EVIL",
    "{{x}},TEMPLATE {% raw %}",
    "QUOTE\"S,O'BRIEN </script><!--",
    "\u{202e}GNIRTS,ESREVER",
    "<img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">,IMG",
];

fn classify(inputs: &[&Path], out: &Path, extra: &[&str]) {
    let output = Command::cargo_bin("clearmotion")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("classify")
        .args(inputs)
        .args(["--county", "SAN FRANCISCO", "--as-of", "2026-11-01", "--quiet", "--out"])
        .arg(out)
        .args(extra)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
}

/// One person per hostile name, each with one HS 11359 felony conviction (reduce)
/// and one HS 11357 attempt (review).
fn hostile_input(dir: &Path) -> PathBuf {
    let mut rows = Vec::new();
    for (i, name) in HOSTILE.iter().enumerate() {
        let subject = format!("9{i}");
        rows.push(
            Row::new(&subject, "001001001000")
                .set("PRI_NAME", name)
                .set("OFFENSE_DESCR", "11359 HS-POSSESS FOR SALE")
                .set("CONV_STAT_DESCR", "FELONY")
                .set("OFN", &format!("<b>SF{i}</b>")),
        );
        rows.push(Row::new(&subject, "002001001000").set("PRI_NAME", name).set("OFFENSE_DESCR", "664/11357 HS"));
    }
    write(dir, "hostile.dat", doj_text(&rows, false))
}

#[test]
fn the_page_is_self_contained_confidential_and_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let input = hostile_input(dir.path());
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    classify(&[&input], &a, &[]);
    classify(&[&input], &b, &[]);
    let html = std::fs::read_to_string(a.join("review.html")).unwrap();
    assert_eq!(html.as_bytes(), std::fs::read(b.join("review.html")).unwrap(), "same inputs, same bytes");
    assert!(html.contains("CONFIDENTIAL") && html.contains("noindex"));
    assert!(html.contains("Content-Security-Policy\" content=\"default-src 'none'"));
    assert_eq!(html.matches("<script").count(), 2, "the data element and the page script, nothing injected");
    assert_eq!(html.matches("</script>").count(), 2);
    assert!(!html.contains("<!--") && !html.contains("<img") && !html.contains("<b>SF"));
    assert!(!html.contains("{{x}}") || html.contains("\"{{x}},TEMPLATE"), "data appears only inside the JSON");
    for external in ["src=\"http", "href=\"http", "@import", "url(", "<link", "fetch(", "XMLHttpRequest"] {
        assert!(!html.contains(external), "{external}");
    }
    // The embedded rows are valid JSON and hold every determination.
    let start = html.find("<script type=\"application/json\" id=\"data\">").unwrap();
    let json = &html[start..];
    let json = &json[json.find('>').unwrap() + 1..json.find("</script>").unwrap()];
    let data: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(data["rows"].as_array().unwrap().len(), HOSTILE.len() * 2);
    let names: Vec<&str> = data["rows"].as_array().unwrap().iter().map(|r| r[0].as_str().unwrap()).collect();
    for name in HOSTILE {
        assert!(names.contains(&name), "{name} survives as data");
    }
}

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

fn browse(chromium: &str, page: &Path, fragment: &str, mode: &[&str]) -> String {
    let profile = tempfile::tempdir().unwrap();
    let url = format!("file://{}{fragment}", page.canonicalize().unwrap().display());
    let output = Process::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-dev-shm-usage",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(mode)
        .arg(url)
        .output()
        .unwrap();
    assert!(output.status.success(), "chromium: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

/// The text of the element with this id in a DOM dump.
fn text_of<'a>(dom: &'a str, id: &str) -> &'a str {
    let at = dom.find(&format!("id=\"{id}\"")).unwrap_or_else(|| panic!("no #{id}"));
    let rest = &dom[at..];
    let rest = &rest[rest.find('>').unwrap() + 1..];
    &rest[..rest.find('<').unwrap()]
}

/// Rows drawn in a table's body.
fn drawn_rows(dom: &str, id: &str) -> usize {
    let at = dom.find(&format!("<table class=\"rows\" id=\"{id}\">")).unwrap();
    let body = &dom[at..];
    let body = &body[body.find("<tbody>").unwrap()..body.find("</tbody>").unwrap()];
    body.matches("<tr>").count()
}

#[test]
fn the_browser_filters_by_the_address_and_shows_hostile_names_as_text() {
    let Some(chromium) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let input = hostile_input(dir.path());
    let out = dir.path().join("out");
    classify(&[&input], &out, &[]);
    let page = out.join("review.html");

    let dom = browse(chromium, &page, "", &["--dump-dom"]);
    assert_eq!(text_of(&dom, "rows-count"), "10");
    assert_eq!(drawn_rows(&dom, "rows"), 10);
    assert_eq!(text_of(&dom, "queue-count"), "5", "the attempts are in the review queue");
    assert!(!dom.contains("data-pwned=\"1\""), "no name ran as markup");
    assert!(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;,EVIL"), "hostile names shown as text");

    let dom = browse(chromium, &page, "#determination=reduce", &["--dump-dom"]);
    assert_eq!(text_of(&dom, "rows-count"), "5");
    assert_eq!(drawn_rows(&dom, "rows"), 5);
    let dom = browse(chromium, &page, "#q=o%27brien&determination=review", &["--dump-dom"]);
    assert_eq!(text_of(&dom, "rows-count"), "1");
    assert_eq!(drawn_rows(&dom, "rows"), 1);
    let dom = browse(chromium, &page, "#q=%3Cb%3Esf3", &["--dump-dom"]);
    assert_eq!(text_of(&dom, "rows-count"), "1", "search by case number");
}

#[test]
fn a_large_run_is_drawn_a_page_at_a_time() {
    let Some(chromium) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("big.dat");
    let output = Command::cargo_bin("clearmotion")
        .unwrap()
        .args(["sample", "--rows", "200000", "--seed", "7", "--county", "SAN FRANCISCO", "--out"])
        .arg(&input)
        .output()
        .unwrap();
    assert!(output.status.success());
    let out = dir.path().join("out");
    classify(&[&input], &out, &["--policy", "samples/policy.toml"]);
    let rows: Vec<csv::StringRecord> =
        csv::Reader::from_path(out.join("determinations.csv")).unwrap().records().map(Result::unwrap).collect();
    assert!(rows.len() > 10_000, "{}", rows.len());
    let page = out.join("review.html");
    let dom = browse(chromium, &page, "", &["--dump-dom"]);
    assert_eq!(text_of(&dom, "rows-count"), rows.len().to_string());
    assert_eq!(drawn_rows(&dom, "rows"), 200);
    let reviews = rows.iter().filter(|r| &r[16] == "review").count();
    assert_eq!(text_of(&dom, "queue-count"), reviews.to_string());
    let court = "CAMC SAN FRANCISCO";
    let in_court = rows.iter().filter(|r| &r[8] == court && &r[16] == "dismiss").count();
    let dom = browse(chromium, &page, "#court=CAMC+SAN+FRANCISCO&determination=dismiss&page=2", &["--dump-dom"]);
    assert_eq!(text_of(&dom, "rows-count"), in_court.to_string());
    assert_eq!(drawn_rows(&dom, "rows"), (in_court - 200).min(200));
    let pages = in_court.div_ceil(200);
    assert!(dom.contains(&format!("page 2 of {pages}")), "the page number comes from the address");

    // One screenshot, for a person to look at (kept when REVIEW_HTML_SCREENSHOT names a file).
    let png =
        std::env::var("REVIEW_HTML_SCREENSHOT").map(PathBuf::from).unwrap_or_else(|_| dir.path().join("review.png"));
    browse(chromium, &page, "", &[&format!("--screenshot={}", png.display()), "--window-size=1400,2400"]);
    let bytes = std::fs::read(&png).unwrap();
    assert!(bytes.starts_with(b"\x89PNG") && bytes.len() > 10_000);
}
