//! Layout fixtures: hand-made documents using every kind of block (quote,
//! list, zebra table, form with an overflow attachment), with clearly fake
//! people, for the renderer's unit tests and the render benchmark only.
//! They are not court papers and never reach one: `clearmotion specimen`
//! renders the production papers ([`crate::packet::specimen`]), and the
//! packets are built from templates by the packet stage.

use super::{Align, Block, Caption, Column, Document, Field, FormItem, Paper, Paragraph, Row, Signature, Span, Table};

/// A short pleading-paper document using every text feature.
pub fn motion() -> Document {
    let mut d =
        Document::new("NOTICE OF MOTION AND MOTION TO DISMISS AND SEAL OR REDESIGNATE CONVICTIONS", Paper::Pleading);
    d.push(Block::Caption(Caption {
        attorney: vec![
            "ALEX EXAMPLE (SBN 000001)".into(),
            "District Attorney".into(),
            "JORDAN SAMPLE (SBN 000002)".into(),
            "Assistant District Attorney".into(),
            "100 Placeholder Street, Room 1".into(),
            "Sample City, California 90000".into(),
            "Telephone: (555) 010-0000".into(),
            "Attorneys for the People".into(),
        ],
        court: vec!["SUPERIOR COURT OF THE STATE OF CALIFORNIA".into(), "COUNTY OF SAN FRANCISCO".into()],
        parties: vec![
            "THE PEOPLE OF THE STATE OF CALIFORNIA,".into(),
            "".into(),
            "                    Plaintiff,".into(),
            "          v.".into(),
            "".into(),
            "THE PERSONS LISTED IN EXHIBIT A,".into(),
            "".into(),
            "                    Defendants.".into(),
        ],
        case_number: vec!["Case Nos.: See Exhibit A".into()],
        title: "NOTICE OF MOTION AND MOTION TO DISMISS AND SEAL, OR REDESIGNATE, CONVICTIONS UNDER HEALTH AND SAFETY CODE SECTION 11361.8".into(),
        hearing: vec!["Date: to be set by the Court".into(), "Dept.: 12".into()],
    }));
    d.push(Block::Paragraph(Paragraph::left(vec![Span::plain(
        "TO THE COURT, THE DEFENDANTS LISTED IN EXHIBIT A, AND THE PUBLIC DEFENDER:",
    )])));
    d.push(Block::Paragraph(Paragraph::body(vec![
        Span::plain(
            "PLEASE TAKE NOTICE that the People move under Health and Safety Code\u{a0}§\u{a0}11361.8 for an order ",
        ),
        Span::bold("dismissing and sealing"),
        Span::plain(" or "),
        Span::italic("redesignating"),
        Span::plain(
            " each conviction listed in Exhibit A. The motion is based on this notice, the memorandum of points and \
             authorities, the declaration below, the records of the Department of Justice, and any argument the Court \
             may allow. Names with accents and punctuation print as recorded: José Ángel Núñez-O'Brien.",
        ),
    ])));
    d.push(Block::Heading { text: "MEMORANDUM OF POINTS AND AUTHORITIES".into(), centered: true, outline: true });
    d.push(Block::Heading { text: "I. THE LAW".into(), centered: false, outline: true });
    d.push(Block::Paragraph(Paragraph::body(vec![Span::plain(
        "Proposition 64, the Control, Regulate and Tax Adult Use of Marijuana Act, took effect on November 9, 2016. \
         Section 11361.8, subdivision (f), provides that a person who has completed a sentence for a conviction that \
         would not have been an offense, or would have been a lesser offense, under the Act may file an application \
         to have the conviction dismissed and sealed or redesignated. Subdivision (a) of section 11361.9 directs the \
         Department of Justice to identify past convictions that are potentially eligible.",
    )])));
    d.push(Block::Quote(vec![Span::plain(
        "“A person who has completed his or her sentence for a conviction under Sections 11357, 11358, 11359, and \
         11360, whether by trial or open or negotiated plea, who would not have been guilty of an offense or who \
         would have been guilty of a lesser offense under the Control, Regulate and Tax Adult Use of Marijuana Act \
         had that act been in effect at the time of the offense, may file an application before the trial court \
         that entered the judgment of conviction in his or her case to have the conviction dismissed and sealed \
         because the prior conviction is now legally invalid or redesignated as a misdemeanor or infraction.” \
         (Health & Saf. Code, § 11361.8, subd. (e).)",
    )]));
    d.push(Block::Heading { text: "II. THE CONVICTIONS".into(), centered: false, outline: true });
    for (label, text) in [
        ("1.", "Convictions of section 11357 that are now lawful are to be dismissed and sealed."),
        (
            "2.",
            "Felony convictions of sections 11358, 11359 and 11360 are to be redesignated as misdemeanors, except where a prior conviction bars it.",
        ),
        (
            "3.",
            "Convictions the People contest are listed in the separate notice of challenged cases, with the reason for each.",
        ),
    ] {
        d.push(Block::ListItem { label: label.into(), spans: vec![Span::plain(text)] });
    }
    for _ in 0..4 {
        d.push(Block::Paragraph(Paragraph::body(vec![Span::plain(
            "The Department of Justice research file was read in full; every row was either decided, deliberately \
             set aside with its reason, or rejected with the file and line named. The figures reconcile. Each \
             conviction listed carries the rule that decided it and the statute that rule applies, so that the \
             Court and the defense can check any entry against the record.",
        )])));
    }
    d.push(Block::Signature(Signature {
        date: "December 2, 2026".into(),
        intro: vec!["Respectfully submitted,".into(), "ALEX EXAMPLE, District Attorney".into()],
        signer: vec!["JORDAN SAMPLE".into(), "Assistant District Attorney".into()],
        signed: String::new(),
    }));
    d
}

/// Exhibit A with `rows` fake convictions, grouped by relief.
pub fn exhibit(rows: usize) -> Document {
    let mut d = Document::new("EXHIBIT A TO MOTION UNDER HS § 11361.8", Paper::Plain);
    d.header = Some("CONFIDENTIAL — CONTAINS CRIMINAL HISTORY INFORMATION".into());
    d.push(Block::Heading { text: "EXHIBIT A".into(), centered: true, outline: false });
    let mut table = exhibit_table();
    let surnames = ["QUILLFEATHER", "NÚÑEZ-O'BRIEN", "VANTABLE", "ORCHARDSON", "MARBLEWICK", "THISTLEDOWN"];
    let given = ["JOSÉ ÁNGEL", "ROWAN", "SAGE ELLIS", "MORGAN", "PAT", "AVERY QUINN"];
    let reliefs = [("Dismiss and seal", "HS 11361.8(f)"), ("Redesignate as misdemeanor", "HS 11361.8(f)")];
    let mut n = 0u64;
    for (g, (relief, basis)) in reliefs.iter().enumerate() {
        table.rows.push(Row::Group(relief.to_string()));
        let count = if g == 0 { rows.div_ceil(2) } else { rows / 2 };
        for _ in 0..count {
            n += 1;
            let i = n as usize;
            let name = format!("{},{}", surnames[i % surnames.len()], given[(i / 7) % given.len()]);
            let name =
                if i.is_multiple_of(9) { format!("{name}\nAKA {}", surnames[(i + 3) % surnames.len()]) } else { name };
            table.rows.push(Row::Cells {
                number: Some(n),
                cells: vec![
                    name,
                    format!("19{:02}-{:02}-{:02}\n{:09}", 50 + i % 40, 1 + i % 12, 1 + i % 28, 900_000_000 + i),
                    format!("SF-{}-{:06}", 1980 + i % 36, i * 7 % 1_000_000),
                    format!("{:04}-{:02}-{:02}", 1980 + i % 36, 1 + i % 12, 1 + i % 28),
                    ["11357(b) HS", "11359 HS", "11360(a) HS", "11358 HS"][i % 4].to_string(),
                    ["M", "F", "F", "F"][i % 4].to_string(),
                    relief.to_string(),
                    basis.to_string(),
                ],
            });
        }
    }
    d.push(Block::Table(table));
    d
}

/// The columns of an exhibit table.
pub fn exhibit_table() -> Table {
    let col = |h: &str, lo: f32, hi: f32| Column::new(h, lo, hi);
    Table {
        columns: vec![
            col("Name (and AKA)", 90.0, 150.0),
            col("Birth date / CII", 50.0, 60.0),
            col("Court case no.", 56.0, 80.0),
            col("Convicted", 50.0, 56.0),
            col("Code section", 44.0, 60.0),
            col("Level", 24.0, 30.0),
            col("Relief requested", 60.0, 90.0),
            col("Basis", 44.0, 64.0),
        ],
        rows: Vec::new(),
        number_header: Some("Row".into()),
        size: 9.0,
        zebra: true,
        widths: None,
    }
}

/// A one-page motion-and-order form for one person; `counts` rows of
/// convictions (more than fit go to an attachment page).
pub fn form(counts: usize, seed: usize) -> Document {
    let mut d = Document::new("MOTION AND ORDER UNDER HS § 11361.8", Paper::Plain);
    d.header = Some("CONFIDENTIAL".into());
    let name = format!("MARBLEWICK,ROWAN {seed}");
    d.bookmark = Some(format!("Case SF-2001-{seed:06}"));
    let mut table = Table {
        columns: vec![
            Column::new("Case number", 70.0, 100.0),
            Column::new("Section", 60.0, 80.0),
            Column::new("Level", 30.0, 36.0),
            Column::new("Convicted", 56.0, 64.0),
            Column::new("Relief", 90.0, 200.0),
        ],
        rows: Vec::new(),
        number_header: Some("Count".into()),
        size: 10.0,
        zebra: false,
        widths: None,
    };
    for i in 0..counts {
        table.rows.push(Row::Cells {
            number: Some(i as u64 + 1),
            cells: vec![
                format!("SF-2001-{:06}", seed + i),
                ["11357(b) HS", "11359 HS", "11360(a) HS"][i % 3].into(),
                ["M", "F", "F"][i % 3].into(),
                "2001-05-14".into(),
                ["Dismiss and seal", "Redesignate as misdemeanor", "Redesignate as misdemeanor"][i % 3].into(),
            ],
        });
    }
    let check = |checked: bool, text: &str| FormItem::Check { checked, label: vec![Span::plain(text)], indent: 0.0 };
    d.push(Block::Form(vec![
        FormItem::Text(vec![Span::plain("ALEX EXAMPLE (SBN 000001), District Attorney · 100 Placeholder Street, Sample City, CA 90000 · (555) 010-0000")]),
        FormItem::Text(vec![Span::bold("SUPERIOR COURT OF CALIFORNIA, COUNTY OF SAN FRANCISCO")]),
        FormItem::Fields(vec![
            Field { label: "People of the State of California v.".into(), value: name.clone(), width: 3.0 },
            Field { label: "Case no.".into(), value: format!("SF-2001-{seed:06}"), width: 1.4 },
        ]),
        FormItem::Fields(vec![Field { label: "AKA".into(), value: "NÚÑEZ-O'BRIEN,JOSÉ".into(), width: 1.0 }]),
        FormItem::Boxed {
            title: Some("MOTION (HS § 11361.8)".into()),
            items: vec![
                check(false, "Resentencing — petition, sentence still being served (HS § 11361.8(b))"),
                check(true, "Redesignation or dismissal and sealing — application, sentence completed (HS § 11361.8(f))"),
                FormItem::Overflow { table, max_rows: 6, attachment_title: "Counts".into() },
                FormItem::SignatureLine { label: "Deputy District Attorney".into(), date: Some("December 2, 2026".into()), signed: String::new() },
            ],
        },
        FormItem::Boxed {
            title: Some("ORDER".into()),
            items: vec![
                check(false, "The motion is GRANTED. The counts listed are redesignated as misdemeanors / infractions as shown."),
                check(false, "The counts listed as dismiss and seal are DISMISSED as legally invalid and the records SEALED (HS § 11361.8(f))."),
                check(false, "Relief from registration under HS § 11590 is granted."),
                check(false, "The motion is DENIED."),
                FormItem::SignatureLine { label: "Judge of the Superior Court".into(), date: Some(String::new()), signed: String::new() },
            ],
        },
    ]));
    let _ = Align::Left;
    d
}
