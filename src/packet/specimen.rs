//! Specimen papers: the production documents — the same templates, tables
//! and forms a packet folder holds ([`super::files`]) — for a made-up docket
//! of fictitious people and the example office (`samples/office.toml`,
//! compiled in), to look at the pages and for the renderer's end-to-end
//! tests (`clearmotion specimen`).
//!
//! The docket is built in code (no input files) and the assessment date is
//! fixed (2026-11-01), so the papers are the same on every run.

use std::path::Path;

use super::documents::{ExhibitVolume, Records, RunContext, RunFigures, insert_volumes};
use super::files::{self, ExhibitRows};
use super::{PacketError, Templates};
use crate::docket::{Challenged, Docket, Row};
use crate::eligibility::{Decision, Relief};
use crate::model::Date;
use crate::office::{CourtResolver, Mode, Office, PacketOptions};
use crate::render::Document;

/// The example office file, compiled in.
const OFFICE: &str = include_str!("../../samples/office.toml");

/// The specimen's assessment date.
pub fn as_of() -> Date {
    Date::from_ymd_opt(2026, 11, 1).expect("a date")
}

/// The example office (`samples/office.toml`, as compiled in).
pub fn office() -> Office {
    Office::parse(OFFICE, Path::new("samples/office.toml")).expect("samples/office.toml is a valid office file")
}

/// The specimen's papers, in filing order.
pub struct Specimen {
    /// Notice of motion, points and authorities, declaration.
    pub motion: Document,
    /// Exhibit A (one volume).
    pub exhibit: Document,
    /// The proposed order.
    pub order: Document,
    /// The packet's proof of service.
    pub service: Document,
    /// The notice of challenged cases with Attachment 1.
    pub notice: Document,
    /// The notice's proof of service.
    pub notice_service: Document,
    /// Per-case motion-and-order forms; the last has counts enough for an
    /// attachment page.
    pub forms: Vec<Document>,
}

impl Specimen {
    /// Every paper in order, for one PDF.
    pub fn into_documents(self) -> Vec<Document> {
        let mut all = vec![self.motion, self.exhibit, self.order, self.service, self.notice, self.notice_service];
        all.extend(self.forms);
        all
    }
}

/// Fictitious names (with accents, particles and apostrophes).
const NAMES: [&str; 12] = [
    "ABERNATHY-EXAMPLE,JORDAN",
    "ÁLVAREZ MUESTRA,JOSÉ ÁNGEL",
    "BRIGHTWATER,SAGE",
    "DE LA MUESTRA-FALSÓN,ANA LUCÍA",
    "EXEMPLAR,RIVER",
    "FICTITIOUS,MORGAN LEE",
    "GÓMEZ-SPECIMEN,PAT",
    "NÚÑEZ-O'SAMPLE,DANI",
    "O'PLACEHOLDER,CASEY",
    "SPECIMEN,AVERY QUINN",
    "TESTWORTHY,ROBIN",
    "ZZYZX-MADEUP,LEE",
];

/// One kind of exhibit row: section, level, relief, path, rule, citation.
struct Kind {
    section: &'static str,
    level: &'static str,
    relief: Relief,
    decision: Decision,
    path: &'static str,
    rule: &'static str,
    citation: &'static str,
}

const KINDS: [Kind; 5] = [
    Kind {
        section: "11357(b) HS",
        level: "M",
        relief: Relief::DismissAndSeal,
        decision: Decision::Dismiss,
        path: "application",
        rule: "hs_11357_dismiss",
        citation: "HS 11361.8(e)",
    },
    Kind {
        section: "11359 HS",
        level: "F",
        relief: Relief::Misdemeanor,
        decision: Decision::Reduce,
        path: "application",
        rule: "hs_11359_misdemeanor",
        citation: "HS 11361.8(e)",
    },
    Kind {
        section: "11360(a) HS",
        level: "F",
        relief: Relief::DismissAndSeal,
        decision: Decision::Dismiss,
        path: "application",
        rule: "policy_section_dismissed",
        citation: "office policy",
    },
    Kind {
        section: "11357(a) HS",
        level: "M",
        relief: Relief::Infraction,
        decision: Decision::Reduce,
        path: "application",
        rule: "hs_11357a_infraction",
        citation: "HS 11361.8(e)",
    },
    Kind {
        section: "11359 HS",
        level: "F",
        relief: Relief::Misdemeanor,
        decision: Decision::Reduce,
        path: "petition",
        rule: "hs_11359_misdemeanor",
        citation: "HS 11361.8(a)",
    },
];

fn date(y: i32, m: u32, d: u32) -> Date {
    Date::from_ymd_opt(y, m, d).expect("a date")
}

/// A conviction of a fictitious person: `i` makes it distinct.
fn row(i: u64, name: &str, case_number: String, kind: &Kind) -> Row {
    let k = i as u32;
    Row {
        csv_line: i + 1,
        source: "specimen-doj.dat".into(),
        source_line: i,
        // One person per name.
        subject_id: format!("SPEC{:03}", NAMES.iter().position(|n| *n == name).unwrap_or(100 + i as usize)).into(),
        count_id: format!("{i:012}").into(),
        name: name.into(),
        aka: if i.is_multiple_of(7) { "EXAMPLE,ALIAS".into() } else { "".into() },
        dob: format!("19{:02}-{:02}-{:02}", 50 + k % 40, 1 + k % 12, 1 + k % 28).into(),
        cii: format!("{:010}", 900_000_000 + i).into(),
        court: "CASC SAN FRANCISCO".into(),
        county: "SAN FRANCISCO".into(),
        case_number: case_number.into(),
        code_section: kind.section.into(),
        level: kind.level.into(),
        conviction_date: Some(date(1985 + (k % 30) as i32, 1 + k % 12, 1 + k % 28)),
        sentence_end: (kind.path == "petition").then(|| date(2027, 6, 30)),
        determination: kind.decision,
        relief: kind.relief,
        path: kind.path.into(),
        rule: kind.rule.into(),
        reason: "specimen".into(),
        citation: kind.citation.into(),
        prosecuting_agency: "".into(),
        decided_by: "".into(),
        source_kind: "".into(),
    }
}

/// Two convictions the People contest, with the reasons the engine gives.
fn challenged_rows(first: u64) -> Vec<Row> {
    let mut rows = Vec::new();
    let kind = &KINDS[1];
    let mut a = row(first, "QUARRYSTONE-EXAMPLE,JESSE", "SCN000101".into(), kind);
    a.determination = Decision::NotEligible;
    a.relief = Relief::None;
    a.rule = "prior_superstrike_bars_reduction".into();
    a.reason = "11359 HS F: prior conviction of PC 187 on 1995-01-01 (murder), a superstrike (PC 667(e)(2)(C)(iv)), bars reduction".into();
    a.citation = "HS 11359(c); PC 667(e)(2)(C)(iv)".into();
    rows.push(a);
    let mut b = row(first + 1, "VELLACOURT,NOEL", "SCN000102".into(), &KINDS[4]);
    b.determination = Decision::NotEligible;
    b.relief = Relief::None;
    b.rule = "prior_pc290_bars_reduction".into();
    b.reason = "11360(a) HS F: the person is required to register under PC 290(c), which bars reduction".into();
    b.code_section = "11360(a) HS".into();
    b.citation = "HS 11360(a)(3); PC 290(c)".into();
    rows.push(b);
    rows
}

/// The specimen's bulk docket: `rows` exhibit rows of every kind of relief
/// (statutory dismissal, redesignation to misdemeanor and to infraction,
/// dismissal under the office's policy, a petition), and two challenged.
pub fn bulk_docket(office: &Office, rows: usize) -> Docket {
    let mut all: Vec<Row> = (0..rows as u64)
        .map(|i| {
            let name = NAMES[(i as usize * 5) % NAMES.len()];
            let case = format!("SCN{:06}", 100_000 + i * 37 % 900_000);
            row(i + 10, name, case, &KINDS[i as usize % KINDS.len()])
        })
        .collect();
    all.extend(challenged_rows(rows as u64 + 10));
    let options = PacketOptions { mode: Mode::Bulk, max_rows_per_packet: 0, ..office.packets.clone() };
    Docket::build(all, &CourtResolver::new(office), &options)
}

/// The specimen's per-case docket: a case of two counts, and a case of
/// fourteen (more than the form's table holds: an attachment page).
pub fn case_docket(office: &Office) -> Docket {
    let mut all = Vec::new();
    for c in 0..2u64 {
        all.push(row(500 + c, NAMES[3], "SCN000777".into(), &KINDS[c as usize]));
    }
    for c in 0..14u64 {
        all.push(row(600 + c, NAMES[1], "SCN000888".into(), &KINDS[c as usize % 2]));
    }
    let options = PacketOptions { mode: Mode::PerCase, ..office.packets.clone() };
    Docket::build(all, &CourtResolver::new(office), &options)
}

/// The run's description for the specimen (fixed names, figures from the docket).
pub fn run_context<'a>(office: &'a Office, docket: &Docket) -> RunContext<'a> {
    let r = docket.reconciliation();
    RunContext {
        office,
        as_of: as_of(),
        policy: "Example policy".into(),
        policy_settings: serde_json::json!({ "dismiss_sections": ["11360"] }),
        source: "1 file (specimen-doj.dat)".into(),
        records: Records { doj_files: vec!["specimen-doj.dat".into()], office_files: Vec::new(), date: String::new() },
        figures: RunFigures {
            decided: r.rows,
            packet_rows: r.packet_rows,
            challenged: r.challenged,
            review: r.review,
            not_eligible_other: r.not_eligible_other,
        },
        redacted: false,
    }
}

/// The specimen papers with `rows` Exhibit A rows (at least 1), rendered
/// from the built-in templates.
pub fn papers(rows: usize) -> Result<Specimen, PacketError> {
    let templates = Templates::load(None)?;
    let office = office();
    let docket = bulk_docket(&office, rows.max(1));
    let run = run_context(&office, &docket);
    let packet = &docket.packets[0];
    let challenged: Vec<&Challenged> = docket.challenged_for(&packet.court.county).collect();
    let mut ctx = run.context(&packet.court, packet.courthouse.as_deref(), Some(packet), challenged.len(), None);
    let exhibit = ExhibitRows::of(packet, office.packets.exhibit_font());
    let volume = ExhibitVolume { number: 1, of: 1, first_row: 1, last_row: exhibit.len() as u64 };
    let exhibit_doc = files::exhibit_document(&exhibit, &volume, &ctx, &templates)?;
    insert_volumes(&mut ctx, std::slice::from_ref(&volume));
    let [motion, order, service] = files::packet_documents(&ctx, &templates)?;
    let court = challenged[0].court.clone().expect("the specimen's challenged rows have a court");
    let (notice, notice_service) = files::notice_documents(&court, &challenged, &run, &templates)?;

    let cases = case_docket(&office);
    let mut forms = Vec::new();
    let mut number = 1u64;
    for case in &cases.packets {
        forms.push(files::case_document(case, number, challenged.len(), &run, &templates)?);
        number += case.rows.len() as u64;
    }
    Ok(Specimen { motion, exhibit: exhibit_doc, order, service, notice, notice_service, forms })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_specimen_docket_has_every_kind_of_relief_and_challenged_cases() {
        let office = office();
        let docket = bulk_docket(&office, 40);
        assert_eq!(docket.packets.len(), 1);
        assert_eq!(docket.packets[0].rows.len(), 40);
        assert_eq!(docket.challenged.len(), 2);
        assert!(docket.review.is_empty());
        let reliefs = docket.packets[0].reliefs();
        assert!(reliefs.contains(&Relief::Infraction) && reliefs.contains(&Relief::Misdemeanor));
        let cases = case_docket(&office);
        let mut sizes: Vec<usize> = cases.packets.iter().map(|p| p.rows.len()).collect();
        sizes.sort();
        assert_eq!(sizes, [2, 14]);
        super::super::documents::check_policy_authority(&office, &docket.packets).unwrap();
    }

    #[test]
    fn the_specimen_papers_are_the_production_documents() {
        let s = papers(30).unwrap();
        assert_eq!(s.forms.len(), 2);
        let headings = |d: &Document| {
            d.blocks
                .iter()
                .filter_map(|b| match b {
                    crate::render::Block::Heading { text, .. } => Some(text.clone()),
                    _ => None,
                })
                .collect::<Vec<_>>()
        };
        assert!(headings(&s.motion).iter().any(|h| h.contains("MEMORANDUM OF POINTS AND AUTHORITIES")));
    }
}
