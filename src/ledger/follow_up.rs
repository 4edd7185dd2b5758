//! DOJ follow-up: convictions the court granted that a new DOJ extract still
//! shows unchanged, some time after the order (HS 11361.9(e): the court
//! notifies the DOJ, which updates its records).
//!
//! A granted conviction is *unchanged* when the new run still decides it as
//! a conviction with the same relief (so it is on the already-filed list)
//! and, for a reduction, still at the level it was filed at. A dismissal the
//! DOJ has recorded is no longer a conviction and leaves the list by itself.

use std::path::Path;

use crate::docket::{AlreadyFiled, Docket};
use crate::model::Date;
use crate::office::Office;
use crate::packet::citations::cite;
use crate::packet::documents::long_date;
use crate::render::{self, Align, Block, Column, Document, Metadata, Paper, Paragraph, Row, Span, Table};

/// The already-filed convictions to follow up with the DOJ, in list order.
pub fn due<'a>(docket: &'a Docket, as_of: Date, days: u32) -> Vec<&'a AlreadyFiled> {
    docket
        .already_filed
        .iter()
        .filter(|f| {
            let Some((outcome, date)) = &f.status.outcome else { return false };
            let Ok(order) = Date::parse_from_str(date, "%Y-%m-%d") else { return false };
            outcome == "granted"
                && order + chrono::Days::new(days.into()) <= as_of
                && (f.status.relief == "dismiss_and_seal" || *f.row.level == *f.status.level)
        })
        .collect()
}

/// The columns of `doj-follow-up.csv`.
pub const COLUMNS: [&str; 9] =
    ["cii", "case_number", "court", "subject_id", "count_id", "relief_granted", "order_date", "level_now", "line"];

/// Writes `doj-follow-up.csv`.
pub fn write_csv(rows: &[&AlreadyFiled], path: &Path) -> std::io::Result<()> {
    let mut csv = crate::output::CsvFile::create(path, &COLUMNS)?;
    for f in rows {
        let date = f.status.outcome.as_ref().map_or("", |(_, d)| d.as_str());
        csv.write(&[
            &*f.row.cii,
            &*f.row.case_number,
            &*f.row.court,
            &*f.row.subject_id,
            &*f.row.count_id,
            &f.status.relief,
            date,
            &*f.row.level,
            &f.row.csv_line.to_string(),
        ])?;
    }
    csv.commit()
}

fn relief_words(relief: &str) -> &'static str {
    match relief {
        "dismiss_and_seal" => "dismissed and sealed",
        "misdemeanor" => "redesignated a misdemeanor",
        "infraction" => "redesignated an infraction",
        _ => "granted relief",
    }
}

/// The letter to the DOJ listing the convictions by CII and case number.
pub fn letter(office: &Office, rows: &[&AlreadyFiled], as_of: Date, days: u32) -> Document {
    let mut doc = Document::new("REQUEST TO UPDATE CRIMINAL HISTORY RECORDS".to_owned(), Paper::Plain);
    let para = |text: String, align: Align| {
        Block::Paragraph(Paragraph {
            spans: vec![Span::plain(text)],
            align,
            spacing: render::Spacing::Single,
            ..Paragraph::default()
        })
    };
    let mut sender = vec![office.name.clone()];
    sender.extend(office.address.iter().cloned());
    sender.push(office.phone.clone());
    for line in sender {
        doc.push(para(line, Align::Left));
    }
    doc.push(Block::Space(1));
    doc.push(para(long_date(as_of), Align::Left));
    doc.push(Block::Space(1));
    doc.push(para(
        "California Department of Justice, Bureau of Criminal Information and Analysis".to_owned(),
        Align::Left,
    ));
    doc.push(Block::Space(1));
    doc.push(Block::Heading {
        text: "Request to update criminal history records".into(),
        centered: false,
        outline: true,
    });
    let n = rows.len();
    let (convictions, them) = if n == 1 { ("conviction", "it") } else { ("convictions", "them") };
    doc.push(para(
        format!(
            "The Superior Court of California, County of {}, granted the relief shown below for the {} {convictions} listed. \
             Under {}, the court notifies the Department of Justice, and the Department updates its records. \
             The criminal history records this office assessed on {}, more than {days} days after each order, \
             still show {them} as before the order. We ask the Department to update {them}.",
            title_case(&office.county),
            crate::inspect::thousands(n as u64),
            cite("doj_update"),
            long_date(as_of),
        ),
        Align::Justify,
    ));
    doc.push(Block::Space(1));
    doc.push(Block::Table(Table {
        columns: vec![
            Column::new("CII", 72.0, 80.0),
            Column::new("Court case no.", 90.0, 130.0),
            Column::new("Court", 90.0, 130.0),
            Column::new("Relief granted", 90.0, 120.0),
            Column::new("Order date", 70.0, 75.0),
        ],
        rows: rows
            .iter()
            .map(|f| Row::Cells {
                number: None,
                cells: vec![
                    f.row.cii.to_string(),
                    f.row.case_number.replace("; ", "\n"),
                    f.row.court.to_string(),
                    relief_words(&f.status.relief).to_owned(),
                    f.status.outcome.as_ref().map_or(String::new(), |(_, d)| d.clone()),
                ],
            })
            .collect(),
        number_header: None,
        size: 11.0,
        zebra: true,
        widths: None,
    }));
    doc.push(Block::Space(1));
    doc.push(para("Sincerely,".to_owned(), Align::Left));
    doc.push(Block::Space(2));
    doc.push(para(office.signing_attorney.name.clone(), Align::Left));
    doc.push(para(format!("{}, {}", office.signing_attorney.title, office.name), Align::Left));
    doc
}

fn title_case(county: &str) -> String {
    county
        .split_whitespace()
        .map(|w| {
            let mut c = w.chars();
            c.next().map_or(String::new(), |f| f.to_uppercase().chain(c.flat_map(char::to_lowercase)).collect())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Writes the letter as a PDF.
pub fn write_letter(
    office: &Office,
    rows: &[&AlreadyFiled],
    as_of: Date,
    days: u32,
    path: &Path,
) -> std::io::Result<()> {
    let meta = Metadata {
        title: "Request to update criminal history records".into(),
        author: office.name.clone(),
        subject: "HS 11361.9(e) follow-up".into(),
        keywords: vec!["Proposition 64".into()],
        date: Some(as_of),
    };
    render::render_file(&[letter(office, rows, as_of, days)], &meta, path).map(|_| ())
}
