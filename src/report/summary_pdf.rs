//! `summary.pdf`: the one-page impact report to hand to the elected DA —
//! the figures and charts of `review.html`, printed. It holds counts only:
//! no names, dates of birth or case numbers.

use std::path::Path;

use crate::classify::Summary;
use crate::inspect::thousands;
use crate::render::{self, Align, Block, Column, Document, Metadata, Paper, Paragraph, PdfStats, Row, Span, Table};

fn label(key: &str) -> String {
    match key {
        "dismiss" => "Dismiss and seal".into(),
        "reduce" => "Reduce".into(),
        "not_eligible" => "Not eligible".into(),
        "review" => "Needs review".into(),
        "dismiss_and_seal" => "Dismissed and sealed".into(),
        "misdemeanor" => "Reduced to a misdemeanor".into(),
        "infraction" => "Reduced to an infraction".into(),
        other => other.replace('_', " "),
    }
}

/// The report as a document.
pub fn document(summary: &Summary) -> Document {
    let mut doc =
        Document::new(format!("PROPOSITION 64 RELIEF — {} COUNTY — IMPACT SUMMARY", summary.county), Paper::Plain);
    doc.push(Block::Heading { text: "Proposition 64 relief: impact summary".into(), centered: true, outline: true });
    let policy = &summary.policy.source.name;
    doc.push(Block::Paragraph(Paragraph {
        spans: vec![Span::plain(format!(
            "{} County, as of {}, under the policy {policy}. Convictions of HS~11357–11360 entered in the county, decided by {} from the records read; every conviction carries the rule and citation that decided it (review.html, determinations.csv).",
            summary.county, summary.as_of, summary.tool
        ).replace('~', "\u{a0}"))],
        align: Align::Left,
        spacing: render::Spacing::Single,
        ..Paragraph::default()
    }));
    doc.push(Block::Space(1));
    let impact = &summary.impact;
    let f = &summary.filing;
    // The categories of the packets' reconciliation: filed + challenged +
    // review + other = decided, and "challenged" is the notice's count.
    let mut figures = vec![
        ("People with a conviction dismissed or reduced", impact.people_with_relief),
        ("People left with no felony on this record", impact.people_no_felony_left),
        ("People left with no conviction on this record", impact.people_no_conviction_left),
        ("Convictions for filing (dismiss and seal, or reduce)", f.for_filing),
        ("Convictions challenged (notice of challenged cases)", f.challenged),
        ("Convictions a person must review before filing", f.review),
        ("   of which: no court or no court case number in the record", f.unfindable),
        ("Convictions of offenses Prop 64 did not change (e.g. PC 182)", f.not_eligible_other),
        ("Convictions decided", summary.determinations),
    ];
    if let Some(l) = &summary.ledger {
        figures.extend([
            ("Filing ledger: convictions filed before", l.counts.filed),
            ("   awaiting the order", l.counts.awaiting_order),
            ("   granted", l.counts.granted),
            ("   denied", l.counts.denied),
            ("   modified", l.counts.modified),
            ("   granted, awaiting the DOJ update", l.awaiting_doj_update),
        ]);
    }
    doc.push(Block::Table(Table {
        columns: vec![
            Column::new("Figure", 300.0, 380.0),
            Column { align: Align::Right, ..Column::new("Count", 80.0, 115.0) },
        ],
        rows: figures
            .iter()
            .map(|(k, v)| Row::Cells { number: None, cells: vec![k.to_string(), thousands(*v)] })
            .collect(),
        number_header: None,
        size: 11.0,
        zebra: true,
        widths: None,
    }));
    let bars = |map: &std::collections::BTreeMap<String, u64>, order: &[&str]| -> Vec<(String, u64)> {
        order.iter().map(|k| (label(k), map.get(*k).copied().unwrap_or(0))).collect()
    };
    doc.push(Block::Bars {
        title: "Where the convictions go".into(),
        bars: vec![
            ("For filing".into(), f.for_filing),
            ("Challenged".into(), f.challenged),
            ("Review before filing".into(), f.review),
            ("Not a Prop 64 offense".into(), f.not_eligible_other),
        ],
    });
    doc.push(Block::Bars {
        title: "Relief asked for".into(),
        bars: bars(&summary.by_relief, &["dismiss_and_seal", "misdemeanor", "infraction"]),
    });
    // Sections with the most relief, at most eight bars so the page holds.
    let mut sections: Vec<(String, u64)> = impact.convictions_dismissed_by_section.clone().into_iter().collect();
    for (section, n) in &impact.convictions_reduced_by_section {
        match sections.iter_mut().find(|(s, _)| s == section) {
            Some(entry) => entry.1 += n,
            None => sections.push((section.clone(), *n)),
        }
    }
    sections.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let more = sections.len().saturating_sub(8);
    sections.truncate(8);
    if !sections.is_empty() {
        let title = if more > 0 {
            format!("Convictions relieved, by section (the 8 largest of {})", sections.len() + more)
        } else {
            "Convictions relieved, by section".to_string()
        };
        doc.push(Block::Bars { title, bars: sections.into_iter().map(|(s, n)| (format!("HS {s}"), n)).collect() });
    }
    doc
}

/// Writes `summary.pdf` atomically.
pub fn write(summary: &Summary, target: &Path) -> std::io::Result<PdfStats> {
    let meta = Metadata {
        title: format!("Proposition 64 relief — {} County — impact summary", summary.county),
        author: "clearmotion".into(),
        subject: format!("Impact of Proposition 64 relief as of {}", summary.as_of),
        keywords: vec!["Proposition 64".into(), "HS 11361.8".into()],
        date: chrono::NaiveDate::parse_from_str(&summary.as_of, "%Y-%m-%d").ok(),
    };
    render::render_file(&[document(summary)], &meta, target)
}
