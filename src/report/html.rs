//! `review.html`: one self-contained page for the people who check a run —
//! counts by determination, relief and rule, per court and overall, bar
//! charts, the impact figures, every determination in a table that filters
//! and searches, and the review queue.
//!
//! Self-contained means no network: inline CSS, JS and SVG, no fonts, no
//! external anything (a Content-Security-Policy says so to the browser). The
//! rows travel as JSON in a `<script type="application/json">` element with
//! every `<`, `>` and `&` escaped, so no data can close the element or open
//! a comment; the page's script puts data into the DOM only as text, never as
//! markup. Large runs stay responsive: the table is drawn 200 rows at a time.
//! The same inputs give the same bytes (nothing here reads the clock).
//!
//! Filters live in the URL fragment (`review.html#determination=review&q=smith`),
//! so a link can open the page filtered.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::Path;

use crate::classify::Summary;
use crate::inspect::thousands;
use crate::output::AtomicFile;

use super::review_decisions;

/// A link shown at the top of the page (a later `run` adds its packets here).
#[derive(Debug, Clone)]
pub struct Link {
    pub label: String,
    /// Relative to the page.
    pub href: String,
}

#[derive(Debug, thiserror::Error)]
pub enum HtmlError {
    #[error("{path}: cannot read: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("{path}:{line}: cannot read the row")]
    Row { path: String, line: u64 },
    #[error("{path}:1: no `{column}` column")]
    Column { path: String, column: &'static str },
    #[error("{path}: cannot write: {source}")]
    Write { path: String, source: std::io::Error },
}

/// The determinations.csv columns the page shows, in the order of each JSON row.
const FIELDS: [&str; 17] = [
    "name",
    "aka",
    "court",
    "case_number",
    "code_section",
    "determination",
    "relief",
    "path",
    "rule",
    "reason",
    "citation",
    "decided_by",
    "subject_id",
    "count_id",
    "reviewer",
    "reviewer_note",
    // Optional (a determinations.csv from before the office's records were matched has none).
    "source_kind",
];
const SOURCE_KIND: usize = 16;
const COURT: usize = 2;
const SECTION: usize = 4;
const DETERMINATION: usize = 5;
const RELIEF: usize = 6;
const RULE: usize = 8;
const CITATION: usize = 10;
const SUBJECT_ID: usize = 12;

const DETERMINATIONS: [&str; 4] = ["dismiss", "reduce", "not_eligible", "review"];
const RELIEFS: [&str; 3] = ["dismiss_and_seal", "misdemeanor", "infraction"];
const COLORS: [&str; 4] = ["#2e7d32", "#1565c0", "#757575", "#e65100"];

/// Rows per page of the tables.
pub const PAGE_ROWS: usize = 200;

#[derive(Debug, Default)]
struct Stats {
    total: u64,
    by_determination: [u64; 4],
    by_relief: [u64; 3],
    by_rule: BTreeMap<String, u64>,
    /// Section → count per determination.
    by_section: BTreeMap<String, [u64; 4]>,
    /// People with a conviction dismissed or reduced here (the one impact
    /// figure that can be told per court from determinations.csv alone).
    relieved: std::collections::HashSet<String>,
}

impl Stats {
    fn add(&mut self, row: &csv::StringRecord, at: &[usize; FIELDS.len()]) {
        self.total += 1;
        let determination = DETERMINATIONS.iter().position(|d| *d == &row[at[DETERMINATION]]);
        if let Some(i) = determination {
            self.by_determination[i] += 1;
        }
        if let Some(i) = RELIEFS.iter().position(|r| *r == &row[at[RELIEF]]) {
            self.by_relief[i] += 1;
        }
        *self.by_rule.entry(row[at[RULE]].to_owned()).or_default() += 1;
        let section = self.by_section.entry(section_label(&row[at[SECTION]])).or_default();
        if let Some(i) = determination {
            section[i] += 1;
        }
        if matches!(&row[at[DETERMINATION]], "dismiss" | "reduce") && !self.relieved.contains(&row[at[SUBJECT_ID]]) {
            self.relieved.insert(row[at[SUBJECT_ID]].to_owned());
        }
    }
}

/// `11357(b) HS` → `11357`; `664/11357` → `11357`; `182/11359 HS` → `182/11359`.
fn section_label(code_section: &str) -> String {
    let text = code_section.trim_start_matches('\'');
    let (prefix, rest) = match text.rsplit_once('/') {
        Some((before, after)) => (before, after),
        None => ("", text),
    };
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return "other".to_owned();
    }
    if prefix.starts_with("182") { format!("182/{digits}") } else { digits }
}

/// Text for HTML (element content and attribute values); bidi controls are dropped
/// so a court name cannot reorder the text around it.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {}
            c => out.push(c),
        }
    }
    out
}

/// JSON that can sit inside a `<script>` element: `<`, `>`, `&` and the
/// JavaScript line separators are written as `\uXXXX` escapes (only strings
/// can contain them, where the escape means the same character).
fn script_safe_json(json: &str, out: &mut Vec<u8>) {
    for c in json.chars() {
        match c {
            '<' => out.extend_from_slice(b"\\u003c"),
            '>' => out.extend_from_slice(b"\\u003e"),
            '&' => out.extend_from_slice(b"\\u0026"),
            '\u{2028}' => out.extend_from_slice(b"\\u2028"),
            '\u{2029}' => out.extend_from_slice(b"\\u2029"),
            c => {
                let mut buf = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
        }
    }
}

/// A horizontal bar chart; each bar is split into coloured segments.
fn bar_chart(title: &str, bars: &[(String, Vec<u64>)], legend: &[&str]) -> String {
    let max = bars.iter().map(|(_, v)| v.iter().sum::<u64>()).max().unwrap_or(0).max(1);
    let (label_w, bar_w, row_h, top) = (150.0, 300.0, 22.0, if legend.len() > 1 { 24.0 } else { 4.0 });
    let height = top + row_h * bars.len() as f64 + 4.0;
    let mut svg = format!(
        "<figure><figcaption>{}</figcaption><svg role=\"img\" aria-label=\"{}\" width=\"520\" height=\"{height}\" viewBox=\"0 0 520 {height}\" xmlns=\"http://www.w3.org/2000/svg\">",
        escape(title),
        escape(title)
    );
    if legend.len() > 1 {
        let mut x = 0.0;
        for (i, name) in legend.iter().enumerate() {
            svg.push_str(&format!(
                "<rect x=\"{x}\" y=\"4\" width=\"12\" height=\"12\" fill=\"{}\"/><text x=\"{}\" y=\"14\">{}</text>",
                COLORS[i % COLORS.len()],
                x + 16.0,
                escape(name)
            ));
            x += 16.0 + 8.0 * name.len() as f64 + 14.0;
        }
    }
    for (row, (label, values)) in bars.iter().enumerate() {
        let y = top + row_h * row as f64;
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            label_w - 6.0,
            y + 15.0,
            escape(label)
        ));
        let mut x = label_w;
        for (i, value) in values.iter().enumerate() {
            let w = bar_w * *value as f64 / max as f64;
            if *value > 0 {
                let color = if legend.len() > 1 { COLORS[i % COLORS.len()] } else { COLORS[row % COLORS.len()] };
                svg.push_str(&format!(
                    "<rect x=\"{x:.1}\" y=\"{}\" width=\"{w:.1}\" height=\"16\" fill=\"{color}\"><title>{}: {}</title></rect>",
                    y + 2.0,
                    escape(label),
                    value
                ));
            }
            x += w;
        }
        svg.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{}\">{}</text>",
            x + 6.0,
            y + 15.0,
            thousands(values.iter().sum())
        ));
    }
    svg.push_str("</svg></figure>");
    svg
}

fn counts_table(caption: &str, rows: &[(String, u64)]) -> String {
    let mut html = format!("<table class=\"counts\"><caption>{}</caption><tbody>", escape(caption));
    for (label, n) in rows {
        html.push_str(&format!("<tr><th scope=\"row\">{}</th><td>{}</td></tr>", escape(label), thousands(*n)));
    }
    html.push_str("</tbody></table>");
    html
}

/// One court's figures (or all courts'), folded unless `open`.
fn stats_section(id: &str, title: &str, stats: &Stats, open: bool) -> String {
    let mut html = format!(
        "<details class=\"court\" id=\"{}\"{}><summary><h3>{} <small>{} determinations · {} people relieved</small></h3></summary><div class=\"grid\">",
        escape(id),
        if open { " open" } else { "" },
        escape(title),
        thousands(stats.total),
        thousands(stats.relieved.len() as u64)
    );
    let determinations: Vec<(String, u64)> =
        DETERMINATIONS.iter().zip(stats.by_determination).map(|(d, n)| (d.to_string(), n)).collect();
    let reliefs: Vec<(String, u64)> = RELIEFS.iter().zip(stats.by_relief).map(|(r, n)| (r.to_string(), n)).collect();
    let rules: Vec<(String, u64)> = stats.by_rule.iter().map(|(r, n)| (r.clone(), *n)).collect();
    html.push_str(&counts_table("By determination", &determinations));
    html.push_str(&counts_table("By relief", &reliefs));
    html.push_str(&counts_table("By rule", &rules));
    html.push_str("</div><div class=\"charts\">");
    let relief_bars: Vec<(String, Vec<u64>)> = reliefs.iter().map(|(r, n)| (r.clone(), vec![*n])).collect();
    html.push_str(&bar_chart("Relief", &relief_bars, &[]));
    let section_bars: Vec<(String, Vec<u64>)> = stats.by_section.iter().map(|(s, v)| (s.clone(), v.to_vec())).collect();
    html.push_str(&bar_chart("By section and determination", &section_bars, &DETERMINATIONS));
    html.push_str("</div></details>\n");
    html
}

const CSS: &str = include_str!("review.css");

const JS: &str = include_str!("review.js");

/// Writes `review.html` from a finished run's `determinations.csv` and summary.
/// Reads the CSV twice (figures, then rows) so memory does not grow with the run.
pub fn write(determinations: &Path, summary: &Summary, links: &[Link], target: &Path) -> Result<(), HtmlError> {
    write_with(determinations, summary, links, None, target)
}

/// Like [`write`], with a section on what changed since a previous run
/// (`clearmotion diff` of the previous and this run's directories).
pub fn write_with(
    determinations: &Path,
    summary: &Summary,
    links: &[Link],
    changes: Option<&crate::diff::Diff>,
    target: &Path,
) -> Result<(), HtmlError> {
    let shown = determinations.display().to_string();
    let open = || -> Result<(csv::Reader<std::fs::File>, [usize; FIELDS.len()]), HtmlError> {
        let mut reader = csv::Reader::from_path(determinations)
            .map_err(|e| HtmlError::Read { path: shown.clone(), source: std::io::Error::other(e) })?;
        let headers = reader.headers().map_err(|_| HtmlError::Row { path: shown.clone(), line: 1 })?.clone();
        let mut at = [0; FIELDS.len()];
        for (i, (slot, column)) in at.iter_mut().zip(FIELDS).enumerate() {
            *slot = match headers.iter().position(|h| h == column) {
                Some(at) => at,
                None if i == SOURCE_KIND => usize::MAX,
                None => return Err(HtmlError::Column { path: shown.clone(), column }),
            };
        }
        Ok((reader, at))
    };
    let row_error = |e: csv::Error| HtmlError::Row { path: shown.clone(), line: e.position().map_or(0, |p| p.line()) };

    // Pass 1: figures, per court and overall; the lookup tables.
    let (mut reader, at) = open()?;
    let mut overall = Stats::default();
    let mut courts: BTreeMap<String, Stats> = BTreeMap::new();
    let mut rules: Vec<String> = Vec::new();
    let mut citations: Vec<String> = Vec::new();
    let (mut rule_ids, mut citation_ids) = (HashMap::new(), HashMap::new());
    let mut record = csv::StringRecord::new();
    while reader.read_record(&mut record).map_err(row_error)? {
        overall.add(&record, &at);
        let court = &record[at[COURT]];
        match courts.get_mut(court) {
            Some(stats) => stats.add(&record, &at),
            None => courts.entry(court.to_owned()).or_default().add(&record, &at),
        }
        for (value, list, ids) in
            [(&record[at[RULE]], &mut rules, &mut rule_ids), (&record[at[CITATION]], &mut citations, &mut citation_ids)]
        {
            if !ids.contains_key(value) {
                ids.insert(value.to_owned(), list.len());
                list.push(value.to_owned());
            }
        }
    }
    let court_ids: HashMap<&str, usize> = courts.keys().enumerate().map(|(i, c)| (c.as_str(), i)).collect();

    let cannot_write = |source: std::io::Error| HtmlError::Write { path: target.display().to_string(), source };
    let mut out = AtomicFile::create(target).map_err(cannot_write)?;
    let mut page = String::new();
    page.push_str(&head(summary, links));
    page.push_str(&impact(summary));
    page.push_str(review_decisions::panel());
    if let Some(ledger) = &summary.ledger {
        page.push_str(&ledger_section(ledger));
    }
    if summary.sources.figures.combined {
        page.push_str(&sources_section(&summary.sources));
    }
    if let Some(changes) = changes {
        page.push_str(&changes_section(changes));
    }
    page.push_str("<h2 id=\"figures\">Figures <small>(each court folded; click to open)</small></h2>\n");
    page.push_str(&stats_section("overall", "All courts", &overall, true));
    for (court, stats) in &courts {
        page.push_str(&stats_section(&format!("court-{}", court_ids[court.as_str()]), court, stats, false));
    }
    page.push_str(&tables());
    out.write_all(page.as_bytes()).map_err(cannot_write)?;

    // Pass 2: the rows, as JSON, streamed.
    let mut json = Vec::with_capacity(1 << 16);
    json.extend_from_slice(b"<script type=\"application/json\" id=\"data\">");
    let header = serde_json::json!({
        "fields": FIELDS,
        "page_rows": PAGE_ROWS,
        "courts": courts.keys().collect::<Vec<_>>(),
        "rules": rules,
        "citations": citations,
        "decisions_key": review_decisions::storage_key(summary),
    })
    .to_string();
    script_safe_json(&header[..header.len() - 1], &mut json);
    json.extend_from_slice(b",\"rows\":[\n");
    let (mut reader, at) = open()?;
    let mut first = true;
    let mut cells: Vec<serde_json::Value> = Vec::with_capacity(FIELDS.len());
    while reader.read_record(&mut record).map_err(row_error)? {
        cells.clear();
        for (i, &column) in at.iter().enumerate() {
            let text = record.get(column).unwrap_or("");
            // Looked up in the tables of pass 1; a miss means the file changed in between.
            let id = match i {
                COURT => court_ids.get(text).copied(),
                RULE => rule_ids.get(text).copied(),
                CITATION => citation_ids.get(text).copied(),
                _ => {
                    cells.push(text.into());
                    continue;
                }
            };
            let line = record.position().map_or(0, |p| p.line());
            cells.push(id.ok_or_else(|| HtmlError::Row { path: shown.clone(), line })?.into());
        }
        if !first {
            json.extend_from_slice(b",\n");
        }
        first = false;
        let text = serde_json::to_string(&cells).expect("strings and numbers serialise");
        script_safe_json(&text, &mut json);
        if json.len() > 1 << 16 {
            out.write_all(&json).map_err(cannot_write)?;
            json.clear();
        }
    }
    json.extend_from_slice(b"]}</script>\n<script>");
    // One function holds the page's script: review.js, then the parts that
    // draw into its tables (decisions.js), then the start.
    json.extend_from_slice(b"(function () {\n  \"use strict\";\n");
    json.extend_from_slice(JS.as_bytes());
    json.extend_from_slice(review_decisions::SCRIPT.as_bytes());
    json.extend_from_slice(b"  start();\n})();\n");
    json.extend_from_slice("</script>\n<footer><p class=\"confidential\">CONFIDENTIAL — criminal-history information of identified people. Do not publish or forward.</p></footer>\n</body>\n</html>\n".as_bytes());
    out.write_all(&json).map_err(cannot_write)?;
    out.commit().map_err(cannot_write)
}

/// Changed determinations shown in the page; the rest are counted and left to `clearmotion diff`.
const CHANGES_SHOWN: usize = 500;

/// "Changes since the previous run": run-level changes, counts, cases into
/// and out of packets, and the changed rows (ids and case numbers, no names).
fn changes_section(d: &crate::diff::Diff) -> String {
    let relief = |determination: &str| matches!(determination, "dismiss" | "reduce");
    let into = d.changed.iter().filter(|c| !relief(&c.old.determination) && relief(&c.new.determination)).count()
        + d.added.iter().filter(|a| relief(&a.outcome.determination)).count();
    let out_of = d.changed.iter().filter(|c| relief(&c.old.determination) && !relief(&c.new.determination)).count()
        + d.removed.iter().filter(|r| relief(&r.outcome.determination)).count();
    let mut html = String::from("<h2 id=\"changes\">Changes since the previous run</h2>\n");
    html.push_str(&format!(
        "<p>Compared with <code>{}</code>: {} determinations before, {} now; <b>{}</b> changed, {} added, {} removed. \
         Into packets: <b>{into}</b>; out of packets: <b>{out_of}</b>.{}</p>\n",
        escape(&d.old_dir),
        d.counts.old,
        d.counts.new,
        d.counts.changed,
        d.counts.added,
        d.counts.removed,
        d.counts.filed.map_or(String::new(), |n| format!(
            " Of the changed, added and removed rows, <b>{}</b> were filed before (the filing ledger): a changed one is on the review list, never refiled.",
            thousands(n)
        ))
    ));
    if !d.run_changes.is_empty() {
        html.push_str("<ul>");
        for change in &d.run_changes {
            html.push_str(&format!(
                "<li>{}: <code>{}</code> → <code>{}</code></li>",
                escape(change.why.as_str()),
                escape(&change.old),
                escape(&change.new)
            ));
        }
        html.push_str("</ul>\n");
    }
    if !d.changed.is_empty() {
        html.push_str(
            "<table class=\"changes\"><thead><tr><th>Subject id</th><th>Count id</th><th>Case number</th>\
             <th>Before</th><th>Now</th><th>Why</th><th>Filed</th></tr></thead><tbody>\n",
        );
        for c in d.changed.iter().take(CHANGES_SHOWN) {
            let side = |o: &crate::diff::Outcome| {
                let relief = if o.relief.is_empty() { String::new() } else { format!(" ({})", o.relief) };
                format!("{}{} <small>{}</small>", escape(&o.determination), escape(&relief), escape(&o.rule))
            };
            let why: Vec<&str> = c.why.iter().map(|w| w.as_str()).collect();
            html.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                escape(&c.subject_id),
                escape(&c.count_id),
                escape(&c.case_number),
                side(&c.old),
                side(&c.new),
                escape(&why.join(", ")),
                escape(c.filed.as_deref().unwrap_or(""))
            ));
        }
        html.push_str("</tbody></table>\n");
        if d.changed.len() > CHANGES_SHOWN {
            html.push_str(&format!(
                "<p>{} more changed rows: <code>clearmotion diff OLD_DIR NEW_DIR</code> lists them all.</p>\n",
                d.changed.len() - CHANGES_SHOWN
            ));
        }
    }
    html
}

fn head(summary: &Summary, links: &[Link]) -> String {
    let policy = &summary.policy;
    let mut html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n\
<meta name=\"robots\" content=\"noindex, nofollow\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<title>CONFIDENTIAL — Prop 64 review: {county}, as of {as_of}</title>\n<style>{CSS}{decisions_css}</style>\n</head>\n<body>\n\
<p class=\"confidential\" role=\"note\">CONFIDENTIAL — criminal-history information of identified people. For the prosecutor's office only; do not publish or forward.</p>\n\
<header><h1>Prop 64 review: {county} County</h1>\n\
<p class=\"meta\">As of {as_of} · policy {policy_name} ({source}) · {determinations} determinations · {rows} input rows, {reconciled} · {tool}</p>\n",
        county = escape(&summary.county),
        as_of = escape(&summary.as_of),
        policy_name = escape(&policy.settings.name),
        source = escape(&policy.source.name),
        determinations = thousands(summary.determinations),
        rows = thousands(summary.rows),
        reconciled = if summary.reconciled { "every row accounted for" } else { "DOES NOT RECONCILE" },
        tool = escape(&summary.tool),
        decisions_css = review_decisions::STYLE,
    );
    if let Some(decisions) = &summary.decisions {
        html.push_str(&format!(
            "<p class=\"meta\">Reviewer decisions ({}): {} applied, {} agreeing with the engine, {} changing it, {} problem(s)</p>\n",
            escape(&decisions.file),
            thousands(decisions.applied),
            thousands(decisions.agreeing_with_engine),
            thousands(decisions.changing),
            decisions.problems.len()
        ));
    }
    html.push_str("<nav><a href=\"#decisions\">Your decisions</a><a href=\"#figures\">Figures</a><a href=\"#determinations\">Determinations</a><a href=\"#review-queue\">Review queue</a>");
    if summary.sources.figures.combined {
        html.push_str("<a href=\"#sources\">DOJ file and office records</a>");
    }
    for link in links {
        html.push_str(&format!("<a href=\"{}\">{}</a>", escape(&link.href), escape(&link.label)));
    }
    html.push_str("</nav>\n</header>\n<main>\n");
    html
}

fn impact(summary: &Summary) -> String {
    let impact = &summary.impact;
    let by = |d: &str| summary.by_determination.get(d).copied().unwrap_or(0);
    let mut html = String::from("<h2 id=\"impact\">Impact</h2>\n<div class=\"impact\">");
    for (label, n) in [
        ("people relieved", impact.people_with_relief),
        ("people with no felony left", impact.people_no_felony_left),
        ("people with no conviction left", impact.people_no_conviction_left),
        ("convictions dismissed", by("dismiss")),
        ("convictions reduced", by("reduce")),
        ("to review", by("review")),
    ] {
        html.push_str(&format!("<div><b>{}</b>{label}</div>", thousands(n)));
    }
    html.push_str("</div>\n");
    html
}

/// What the filing ledger knows: filed, awaiting the order, decided, and
/// granted but not yet updated by the DOJ.
fn ledger_section(l: &crate::ledger::LedgerSummary) -> String {
    let mut html = String::from("<h2 id=\"ledger\">Filed before</h2>\n<div class=\"impact\">");
    for (label, n) in [
        ("convictions filed", l.counts.filed),
        ("filed, awaiting the order", l.counts.awaiting_order),
        ("granted", l.counts.granted),
        ("denied", l.counts.denied),
        ("modified", l.counts.modified),
        ("granted, awaiting the DOJ update", l.awaiting_doj_update),
    ] {
        html.push_str(&format!("<div><b>{}</b>{label}</div>", thousands(n)));
    }
    html.push_str(&format!(
        "</div>\n<p>From the filing ledger {}. Convictions filed before are left out of new packets (<code>already-filed.csv</code>); one whose determination changed since it was filed is on the review list.</p>\n",
        escape(&l.path)
    ));
    html
}

/// How the DOJ file and the office's records were combined: counts, and
/// links that filter the determinations by source.
fn sources_section(sources: &crate::classify::SourcesSummary) -> String {
    let f = &sources.figures;
    let mut html = String::from("<h2 id=\"sources\">DOJ file and office records</h2>\n<div class=\"impact\">");
    for (label, n) in [
        ("convictions found only in the office's records", sources.status("office_only")),
        ("only in the DOJ file", sources.status("doj_only")),
        ("in both", sources.status("both")),
        ("where they disagree (review)", sources.status("disagree")),
        ("not merged: ambiguous match (review)", sources.status("ambiguous")),
    ] {
        html.push_str(&format!("<div><b>{}</b>{label}</div>", thousands(n)));
    }
    html.push_str("</div>\n");
    let matched: Vec<String> =
        f.people_matched_by_rule.iter().map(|(rule, n)| format!("{} by {}", thousands(*n), escape(rule))).collect();
    html.push_str(&format!(
        "<p>{} convictions found only in the office's records. Office people matched to a DOJ person: {}; not merged (ambiguous): {}; with no DOJ record: {}. DOJ subjects sharing a CII: {} merged, {} flagged. Office-record convictions in other counties, left out: {}. Every conviction's sources are in <code>sources.csv</code>. \
Show: <a href=\"#source=office_only\">office only</a> · <a href=\"#source=doj_only\">DOJ only</a> · <a href=\"#source=both\">both</a>.</p>\n",
        thousands(sources.status("office_only")),
        if matched.is_empty() { "none".to_owned() } else { matched.join(", ") },
        thousands(f.people_ambiguous),
        thousands(f.people_office_only),
        thousands(f.doj_subjects_merged),
        thousands(f.doj_subjects_flagged),
        thousands(f.office_other_county),
    ));
    html
}

fn tables() -> String {
    let pager = |id: &str| {
        format!(
            "<div class=\"pager\" id=\"{id}-pager\"><button type=\"button\" class=\"prev\">previous</button><span class=\"page\"></span><button type=\"button\" class=\"next\">next</button></div>"
        )
    };
    let head = |columns: &[&str]| {
        let cells: String = columns.iter().map(|c| format!("<th scope=\"col\">{c}</th>")).collect();
        format!("<thead><tr>{cells}</tr></thead><tbody></tbody>")
    };
    format!(
        "<h2 id=\"determinations\">Determinations</h2>\n\
<div class=\"controls\"><label>Court <select id=\"f-court\"><option value=\"\">all</option></select></label>\
<label>Determination <select id=\"f-determination\"><option value=\"\">all</option></select></label>\
<label>Rule <select id=\"f-rule\"><option value=\"\">all</option></select></label>\
<label>Source <select id=\"f-source\"><option value=\"\">all</option></select></label>\
<label>Name or case number <input id=\"f-q\" type=\"search\" autocomplete=\"off\"></label>\
<button type=\"button\" id=\"f-clear\">clear</button> <span><b id=\"rows-count\">0</b> matching</span></div>\n\
{}\n<div class=\"scroll\"><table class=\"rows\" id=\"rows\">{}</table></div>\n\
<h2 id=\"review-queue\">Review queue</h2>\n<p>Convictions a person must decide before filing: <b id=\"queue-count\">0</b>. \"What to check\" says what to look at; record each decision in the Decision column (see <a href=\"#decisions\">Your decisions</a>).</p>\n\
{}\n<div class=\"scroll\"><table class=\"rows\" id=\"queue\">{}</table></div>\n</main>\n",
        pager("rows"),
        head(&[
            "Name",
            "Decision",
            "Case number",
            "Section",
            "Determination",
            "Relief",
            "Rule",
            "Reason",
            "Citation",
            "Decided by",
            "Court"
        ]),
        pager("queue"),
        head(&[
            "Name",
            "Decision",
            "Subject id",
            "Count id",
            "Case number",
            "Section",
            "Court",
            "Rule",
            "What to check"
        ]),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_can_never_close_the_script_element() {
        let mut out = Vec::new();
        let json = serde_json::to_string(&["</script><script>alert(1)</script>", "<!--", "a&b", "\u{2028}"]).unwrap();
        script_safe_json(&json, &mut out);
        let text = String::from_utf8(out).unwrap();
        assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'), "{text}");
        let back: Vec<String> = serde_json::from_str(&text).unwrap();
        assert_eq!(back[0], "</script><script>alert(1)</script>");
        assert_eq!(back[3], "\u{2028}");
    }

    #[test]
    fn html_text_is_escaped_and_bidi_controls_dropped() {
        assert_eq!(escape("<b a=\"x\">&'"), "&lt;b a=&quot;x&quot;&gt;&amp;&#39;");
        assert_eq!(escape("CASC \u{202e}ELOR"), "CASC ELOR");
    }

    #[test]
    fn sections_are_grouped_by_number() {
        assert_eq!(section_label("11357(b) HS"), "11357");
        assert_eq!(section_label("664/11357"), "11357");
        assert_eq!(section_label("182/11359 HS"), "182/11359");
        assert_eq!(section_label("32 PC"), "32");
        assert_eq!(section_label("'=SEE COMMENT"), "other");
    }
}
