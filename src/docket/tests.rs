use std::collections::HashMap;

use proptest::prelude::*;

use super::*;
use crate::office::Office;

/// A row with every field filled in: `csv_line` tells rows apart.
pub(crate) fn row(csv_line: u64, court: &str, determination: &str, relief: Relief) -> Row {
    let determination = match determination {
        "dismiss" => Decision::Dismiss,
        "reduce" => Decision::Reduce,
        "not_eligible" => Decision::NotEligible,
        _ => Decision::Review,
    };
    Row {
        csv_line,
        source: "doj.dat".into(),
        source_line: csv_line * 10,
        subject_id: format!("S{csv_line}").into(),
        count_id: "001002003000".into(),
        name: format!("SAMPLE{csv_line:04},PERSON").into(),
        aka: "".into(),
        dob: "".into(),
        cii: "".into(),
        court: court.into(),
        county: "".into(),
        case_number: format!("C{csv_line}").into(),
        code_section: "11359 HS".into(),
        level: "F".into(),
        conviction_date: Date::from_ymd_opt(2010, 1, 2),
        sentence_end: None,
        determination,
        relief,
        path: "application".into(),
        rule: "rule".into(),
        reason: "reason".into(),
        citation: "HS 11361.8".into(),
        prosecuting_agency: "".into(),
        decided_by: "".into(),
        source_kind: "".into(),
    }
}

fn options(group_by_courthouse: bool, split_by_relief: bool, max: u32) -> PacketOptions {
    PacketOptions {
        mode: Mode::Bulk,
        group_by_courthouse,
        split_by_relief,
        max_rows_per_packet: max,
        ..PacketOptions::default()
    }
}

/// The header of [`write_csv`]: the columns in another order than
/// `classify` writes them.
fn header() -> Vec<&'static str> {
    let mut header: Vec<&str> = crate::classify::COLUMNS.to_vec();
    header.reverse();
    header
}

fn write_csv(dir: &Path, body: &str) -> PathBuf {
    let path = dir.join("determinations.csv");
    std::fs::write(&path, format!("{}\n{body}", header().join(","))).unwrap();
    path
}

/// One record for [`write_csv`]'s header; unnamed columns get defaults.
fn record(fields: &[(&str, &str)]) -> String {
    let values: HashMap<&str, &str> = fields.iter().copied().collect();
    let cells = header().into_iter().map(|column| {
        values.get(column).copied().unwrap_or(match column {
            "determination" => "dismiss",
            "relief" => "dismiss_and_seal",
            "court" => "CASC SAN FRANCISCO",
            "county" => "SAN FRANCISCO",
            "code_section" => "11357(b) HS",
            "case_number" => "SC-1",
            _ => "",
        })
    });
    let mut writer = csv::WriterBuilder::new().has_headers(false).from_writer(Vec::new());
    writer.write_record(cells).unwrap();
    String::from_utf8(writer.into_inner().unwrap()).unwrap()
}

#[test]
fn reads_columns_by_name_and_takes_optional_ones() {
    let dir = tempfile::tempdir().unwrap();
    let body = [
        record(&[
            ("name", "'=DOE,JANE"),
            ("aka", "ROE,JANE"),
            ("line", "7"),
            ("count_id", "001002003000"),
            ("conviction_date", "2010-03-04"),
            ("prosecuting_agency", "DISTRICT ATTORNEY"),
            ("case_number", "123; 456"),
        ]),
        record(&[("determination", "review"), ("relief", ""), ("reason", "check the amount")]),
        record(&[("determination", "not_eligible"), ("relief", ""), ("code_section", "11359(c)(3) HS")]),
        record(&[("determination", "not_eligible"), ("relief", ""), ("code_section", "182(a)(1) PC/11360")]),
    ]
    .concat();
    let path = write_csv(dir.path(), &body);
    let docket = Docket::read(&path, &CourtResolver::builtin(), &PacketOptions::default()).unwrap();
    assert_eq!(docket.packets.len(), 1);
    let packet = &docket.packets[0];
    let first = &packet.rows[0];
    assert_eq!(&*first.name, "=DOE,JANE", "the spreadsheet apostrophe is taken off");
    assert_eq!((&*first.aka, &*first.dob, &*first.decided_by), ("ROE,JANE", "", ""));
    assert_eq!(&*first.prosecuting_agency, "DISTRICT ATTORNEY");
    assert_eq!((first.csv_line, first.source_line), (2, 7));
    assert_eq!(first.conviction_date, Date::from_ymd_opt(2010, 3, 4));
    assert_eq!(&*first.case_number, "123; 456");
    assert_eq!(docket.review.len(), 1);
    assert_eq!(&*docket.review[0].row.reason, "check the amount");
    assert_eq!(docket.challenged.len(), 1, "still-a-felony 11359(c)(3) is challenged");
    assert_eq!(docket.challenged_for("SAN FRANCISCO").count(), 1);
    assert_eq!(docket.not_eligible_other, 1, "a PC 182 conspiracy is only counted");
    assert!(docket.reconciles());
}

#[test]
fn malformed_rows_fail_with_file_line_and_column_but_no_content() {
    let dir = tempfile::tempdir().unwrap();
    for (bad, expected) in [
        (record(&[("determination", "dismissed"), ("name", "SECRET,NAME")]), ":3: column `determination`: not"),
        (record(&[("relief", "seal"), ("name", "SECRET,NAME")]), ":3: column `relief`"),
        (record(&[("conviction_date", "03/04/2010"), ("name", "SECRET,NAME")]), ":3: column `conviction_date`"),
        (record(&[("line", "x"), ("name", "SECRET,NAME")]), ":3: column `line`"),
        ("SECRET,NAME\n".to_owned(), &*format!(":3: the row has 2 fields, the header {}", header().len()).leak()),
    ] {
        let body = record(&[]) + &bad;
        let path = write_csv(dir.path(), &body);
        let message =
            Docket::read(&path, &CourtResolver::builtin(), &PacketOptions::default()).unwrap_err().to_string();
        assert!(message.starts_with(&path.display().to_string()) && message.contains(expected), "{message}");
        assert!(!message.contains("SECRET"), "{message}");
    }
    let path = dir.path().join("determinations.csv");
    std::fs::write(&path, "source,line\n").unwrap();
    let message = Docket::read(&path, &CourtResolver::builtin(), &PacketOptions::default()).unwrap_err().to_string();
    assert!(message.contains("determinations.csv:1: no column `subject_id`"), "{message}");
    let message = Docket::read(&dir.path().join("none.csv"), &CourtResolver::builtin(), &PacketOptions::default())
        .unwrap_err()
        .to_string();
    assert!(message.contains("none.csv: cannot read"), "{message}");
}

#[test]
fn rows_are_in_exhibit_order_and_numbered() {
    let mut rows = vec![
        row(2, "CASC SAN FRANCISCO", "reduce", Relief::Infraction),
        row(3, "CASC SAN FRANCISCO", "reduce", Relief::Misdemeanor),
        row(4, "CASC SAN FRANCISCO", "dismiss", Relief::DismissAndSeal),
        row(5, "CASC SAN FRANCISCO", "dismiss", Relief::DismissAndSeal),
        row(6, "CASC SAN FRANCISCO", "dismiss", Relief::DismissAndSeal),
    ];
    rows[1].name = "AAA,FIRST".into();
    rows[3].name = "ZZZ,LAST".into();
    // Same name and case: the count decides.
    rows[2].name = "MMM,SAME".into();
    rows[4].name = "MMM,SAME".into();
    rows[2].case_number = "C1".into();
    rows[4].case_number = "C1".into();
    rows[2].count_id = "001002009000".into();
    rows[4].count_id = "001002001000".into();
    let docket = Docket::build(rows, &CourtResolver::builtin(), &PacketOptions::default());
    let packet = &docket.packets[0];
    let order: Vec<(u32, u64)> = packet.numbered().map(|(n, r)| (n, r.csv_line)).collect();
    assert_eq!(order, [(1, 6), (2, 4), (3, 5), (4, 3), (5, 2)]);
    assert_eq!(packet.reliefs(), [Relief::DismissAndSeal, Relief::Misdemeanor, Relief::Infraction]);
    assert_eq!((packet.stem.as_str(), packet.id.as_str()), ("san-francisco", "SAN FRANCISCO"));
}

/// Finding 13: accented names sort with their base letter, in Exhibit A,
/// per-case packets and the notice of challenged cases alike.
#[test]
fn accented_names_sort_with_their_base_letter_everywhere() {
    let names = ["ZAMORA,ANA", "ÁLVAREZ,JOSÉ", "BAKER,BO", "ÑÚÑEZ,O", "NUNN,B"];
    let expected = ["ÁLVAREZ,JOSÉ", "BAKER,BO", "ÑÚÑEZ,O", "NUNN,B", "ZAMORA,ANA"];
    let make = |determination: &str, relief: Relief| -> Vec<Row> {
        names
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let mut r = row(2 + i as u64, "CASC SAN FRANCISCO", determination, relief);
                r.name = (*n).into();
                r
            })
            .collect()
    };
    let docket =
        Docket::build(make("dismiss", Relief::DismissAndSeal), &CourtResolver::builtin(), &PacketOptions::default());
    let order: Vec<&str> = docket.packets[0].rows.iter().map(|r| &*r.name).collect();
    assert_eq!(order, expected);
    let per_case = PacketOptions { mode: Mode::PerCase, ..PacketOptions::default() };
    let docket = Docket::build(make("dismiss", Relief::DismissAndSeal), &CourtResolver::builtin(), &per_case);
    let order: Vec<&str> = docket.packets.iter().map(|p| &*p.rows[0].name).collect();
    assert_eq!(order, expected);
    let docket =
        Docket::build(make("not_eligible", Relief::None), &CourtResolver::builtin(), &PacketOptions::default());
    let order: Vec<&str> = docket.challenged.iter().map(|c| &*c.row.name).collect();
    assert_eq!(order, expected);
}

#[test]
fn packets_split_by_courthouse_relief_and_size() {
    let mut rows = Vec::new();
    for i in 0..7 {
        rows.push(row(10 + i, "CASC LOS ANGELES METRO", "dismiss", Relief::DismissAndSeal));
    }
    rows.push(row(20, "CASC LOS ANGELES METRO", "reduce", Relief::Misdemeanor));
    rows.push(row(21, "CAMC LOS ANGELES", "reduce", Relief::Misdemeanor));
    rows.push(row(22, "CASC SAN FRANCISCO", "dismiss", Relief::DismissAndSeal));
    let courts = CourtResolver::builtin();

    let by_court = Docket::build(rows.clone(), &courts, &options(false, false, 0));
    let ids: Vec<(&str, usize)> = by_court.packets.iter().map(|p| (p.stem.as_str(), p.rows.len())).collect();
    assert_eq!(ids, [("los-angeles", 9), ("san-francisco", 1)]);

    let split = Docket::build(rows.clone(), &courts, &options(true, true, 3));
    let ids: Vec<(&str, &str, usize)> =
        split.packets.iter().map(|p| (p.id.as_str(), p.stem.as_str(), p.rows.len())).collect();
    assert_eq!(
        ids,
        [
            ("LOS ANGELES / CAMC LOS ANGELES / misdemeanor", "los-angeles-camc-los-angeles-misdemeanor", 1),
            (
                "LOS ANGELES / CASC LOS ANGELES METRO / dismiss_and_seal / part 1 of 3",
                "los-angeles-casc-los-angeles-metro-dismiss-and-seal-001",
                3
            ),
            (
                "LOS ANGELES / CASC LOS ANGELES METRO / dismiss_and_seal / part 2 of 3",
                "los-angeles-casc-los-angeles-metro-dismiss-and-seal-002",
                3
            ),
            (
                "LOS ANGELES / CASC LOS ANGELES METRO / dismiss_and_seal / part 3 of 3",
                "los-angeles-casc-los-angeles-metro-dismiss-and-seal-003",
                1
            ),
            ("LOS ANGELES / CASC LOS ANGELES METRO / misdemeanor", "los-angeles-casc-los-angeles-metro-misdemeanor", 1),
            (
                "SAN FRANCISCO / CASC SAN FRANCISCO / dismiss_and_seal",
                "san-francisco-casc-san-francisco-dismiss-and-seal",
                1
            ),
        ]
    );
    let parts: Vec<(u32, u32)> = split.packets[1..4].iter().map(|p| (p.part, p.parts)).collect();
    assert_eq!(parts, [(1, 3), (2, 3), (3, 3)]);
    assert!(split.packets.iter().all(|p| p.numbered().map(|(n, _)| n).eq(1..=p.rows.len() as u32)));
    assert_eq!(split.packets[0].relief, Some(Relief::Misdemeanor));
    assert_eq!(split.packets[0].courthouse.as_ref().unwrap().name, "CAMC LOS ANGELES");
    assert!(split.reconciles());
}

#[test]
fn the_office_directory_names_courthouses_and_unknown_courts_are_listed() {
    let text = format!(
        "{}\n{}",
        crate::office::tests::MINIMAL,
        r#"
[[courts."LOS ANGELES".courthouses]]
name = "Clara Shortridge Foltz Criminal Justice Center"
descriptions = ["CASC LOS ANGELES METRO", "CAMC LOS ANGELES"]
"#
    );
    let office: Office = toml::from_str(&text).unwrap();
    office.validate().unwrap();
    let courts = CourtResolver::new(&office);
    let mut rows = vec![
        row(2, "CASC LOS ANGELES METRO", "dismiss", Relief::DismissAndSeal),
        row(3, "CAMC LOS ANGELES", "dismiss", Relief::DismissAndSeal),
        row(4, "LAPD CENTRAL", "dismiss", Relief::DismissAndSeal),
        row(5, "LAPD CENTRAL", "reduce", Relief::Misdemeanor),
        row(6, "SO LOS ANGELES", "not_eligible", Relief::None),
        row(7, "CASC LOS ANGELES METRO", "dismiss", Relief::None),
    ];
    rows[4].code_section = "11360(a)(3)(C) HS".into();
    let docket = Docket::build(rows, &courts, &options(true, false, 0));
    assert_eq!(docket.packets.len(), 1);
    assert_eq!(docket.packets[0].rows.len(), 2);
    assert_eq!(docket.packets[0].stem, "los-angeles-clara-shortridge-foltz-criminal-justice");
    let causes: Vec<(u64, ReviewCause)> = docket.review.iter().map(|r| (r.row.csv_line, r.cause)).collect();
    assert_eq!(
        causes,
        [(4, ReviewCause::UnassignedCourt), (5, ReviewCause::UnassignedCourt), (7, ReviewCause::NoRelief)]
    );
    assert_eq!(docket.challenged.len(), 1);
    assert!(docket.challenged[0].court.is_none());
    assert_eq!(
        docket.unassigned,
        [
            UnassignedCourt { description: "LAPD CENTRAL".into(), rows: 2 },
            UnassignedCourt { description: "SO LOS ANGELES".into(), rows: 1 },
        ]
    );
    let reconciliation = docket.reconciliation();
    assert_eq!(
        reconciliation,
        Reconciliation {
            rows: 6,
            packets: 1,
            packet_rows: 2,
            already_filed: 0,
            challenged: 1,
            review: 3,
            not_eligible_other: 0,
            unassigned: 3,
            reconciles: true
        }
    );
}

#[test]
fn per_case_mode_gives_one_packet_per_case() {
    let mut rows = vec![
        row(2, "CASC SAN FRANCISCO", "dismiss", Relief::DismissAndSeal),
        row(3, "CASC SAN FRANCISCO", "reduce", Relief::Misdemeanor),
        row(4, "CASC SAN FRANCISCO", "dismiss", Relief::DismissAndSeal),
    ];
    // Rows 2 and 3 are two counts of one case.
    rows[1].subject_id = rows[0].subject_id.clone();
    rows[1].name = rows[0].name.clone();
    rows[1].case_number = rows[0].case_number.clone();
    let per_case =
        PacketOptions { mode: Mode::PerCase, split_by_relief: true, max_rows_per_packet: 1, ..Default::default() };
    let docket = Docket::build(rows, &CourtResolver::builtin(), &per_case);
    let packets: Vec<(&str, usize, Option<Relief>)> =
        docket.packets.iter().map(|p| (p.stem.as_str(), p.rows.len(), p.relief)).collect();
    assert_eq!(
        packets,
        [
            ("san-francisco-casc-san-francisco-case-00001", 2, None),
            ("san-francisco-casc-san-francisco-case-00002", 1, None)
        ]
    );
    assert!(!docket.packets[0].id.contains("SAMPLE"), "ids carry no names");
}

#[test]
fn colliding_stems_get_a_suffix() {
    let text = format!(
        "{}\n{}",
        crate::office::tests::MINIMAL,
        r#"
[[courts.ALAMEDA.courthouses]]
name = "Hall 1"
descriptions = ["A1"]
[[courts.ALAMEDA.courthouses]]
name = "Hall/1"
descriptions = ["A2"]
"#
    );
    let office: Office = toml::from_str(&text).unwrap();
    office.validate().unwrap();
    let rows = vec![row(2, "A1", "dismiss", Relief::DismissAndSeal), row(3, "A2", "dismiss", Relief::DismissAndSeal)];
    let docket = Docket::build(rows, &CourtResolver::new(&office), &options(true, false, 0));
    let stems: Vec<&str> = docket.packets.iter().map(|p| p.stem.as_str()).collect();
    assert_eq!(stems, ["alameda-hall-1", "alameda-hall-1-2"]);
}

const COURTS: [&str; 5] =
    ["CASC SAN FRANCISCO", "CAMC SAN FRANCISCO", "CASC LOS ANGELES METRO", "CAJC YUBA", "NOWHERE"];
const DETERMINATIONS: [&str; 4] = ["dismiss", "reduce", "not_eligible", "review"];
const RELIEFS: [Relief; 4] = [Relief::DismissAndSeal, Relief::Misdemeanor, Relief::Infraction, Relief::None];
const SECTIONS: [&str; 3] = ["11357(b) HS", "11359(d) HS", "182/11360"];

fn arb_rows() -> impl Strategy<Value = Vec<Row>> {
    proptest::collection::vec((0..COURTS.len(), 0..4usize, 0..4usize, 0..SECTIONS.len(), 0..5u8, 0..3u8), 0..120)
        .prop_map(|specs| {
            specs
                .into_iter()
                .enumerate()
                .map(|(i, (court, determination, relief, section, name, case))| {
                    let mut r = row(i as u64 + 2, COURTS[court], DETERMINATIONS[determination], RELIEFS[relief]);
                    r.code_section = SECTIONS[section].into();
                    r.name = format!("NAME{name}").into();
                    r.subject_id = format!("S{name}").into();
                    r.case_number = format!("C{case}").into();
                    r
                })
                .collect()
        })
}

proptest! {
    #[test]
    fn grouping_never_loses_or_duplicates_a_row(
        rows in arb_rows(),
        by_courthouse in any::<bool>(),
        by_relief in any::<bool>(),
        per_case in any::<bool>(),
        max in 0..6u32,
    ) {
        let options = PacketOptions {
            mode: if per_case { Mode::PerCase } else { Mode::Bulk },
            group_by_courthouse: by_courthouse,
            split_by_relief: by_relief,
            max_rows_per_packet: max,
            ..PacketOptions::default()
        };
        let expected: Vec<u64> = rows.iter().map(|r| r.csv_line).collect();
        let docket = Docket::build(rows.clone(), &CourtResolver::builtin(), &options);
        let mut seen: Vec<u64> = docket.packets.iter().flat_map(|p| p.rows.iter().map(|r| r.csv_line)).collect();
        seen.extend(docket.challenged.iter().map(|c| c.row.csv_line));
        seen.extend(docket.review.iter().map(|r| r.row.csv_line));
        prop_assert_eq!(seen.len() as u64 + docket.not_eligible_other, expected.len() as u64);
        seen.sort();
        seen.dedup();
        prop_assert_eq!(seen.len() as u64 + docket.not_eligible_other, expected.len() as u64, "no row twice");
        prop_assert!(docket.reconciles());
        let mut stems = std::collections::HashSet::new();
        for packet in &docket.packets {
            prop_assert!(!packet.rows.is_empty());
            prop_assert!(packet.rows.iter().all(|r| r.determination.is_relief() && r.relief != Relief::None));
            if max > 0 && !per_case {
                prop_assert!(packet.rows.len() <= max as usize, "{} rows, max {}", packet.rows.len(), max);
            }
            if per_case {
                let first = &packet.rows[0];
                prop_assert!(packet.rows.iter().all(|r| r.subject_id == first.subject_id && r.case_number == first.case_number));
            }
            if by_relief && !per_case {
                prop_assert!(packet.rows.iter().all(|r| Some(r.relief) == packet.relief));
            }
            prop_assert!(packet.rows.windows(2).all(|w| exhibit_order(&w[0]) <= exhibit_order(&w[1])));
            prop_assert!(stems.insert(packet.stem.clone()), "stems are unique");
        }
        // Deterministic: the same rows, in the same order, give the same packets.
        let again = Docket::build(rows, &CourtResolver::builtin(), &options);
        prop_assert_eq!(&again.packets, &docket.packets);
    }
}

/// Finding 1 of issue 10: a conviction with no court case number, or no
/// court, enters no exhibit, form or notice; it goes to the review list
/// saying what to find.
#[test]
fn rows_with_no_case_number_or_no_court_go_to_review() {
    let courts = CourtResolver::builtin();
    let mut rows = Vec::new();
    for (line, determination, relief, case_number, court) in [
        (2, "dismiss", Relief::DismissAndSeal, "", "CASC SAN FRANCISCO"),
        (3, "reduce", Relief::Misdemeanor, " ; ", "CASC SAN FRANCISCO"),
        (4, "not_eligible", Relief::None, "", "CASC SAN FRANCISCO"),
        (5, "dismiss", Relief::DismissAndSeal, "SC-5", ""),
        (6, "dismiss", Relief::DismissAndSeal, "SC-6", "CASC SAN FRANCISCO"),
    ] {
        let mut r = row(line, court, determination, relief);
        r.county = "SAN FRANCISCO".into();
        r.case_number = case_number.into();
        if determination == "not_eligible" {
            r.code_section = "11359(c)(3) HS".into();
        }
        rows.push(r);
    }
    let docket = Docket::build(rows, &courts, &PacketOptions::default());
    let filed: Vec<u64> = docket.packets.iter().flat_map(|p| &p.rows).map(|r| r.csv_line).collect();
    assert_eq!(filed, [6]);
    assert!(docket.challenged.is_empty());
    let causes: Vec<(u64, ReviewCause)> = docket.review.iter().map(|r| (r.row.csv_line, r.cause)).collect();
    assert_eq!(
        causes,
        [
            (2, ReviewCause::NoCaseNumber),
            (3, ReviewCause::NoCaseNumber),
            (4, ReviewCause::NoCaseNumber),
            (5, ReviewCause::NoCourt)
        ]
    );
    assert!(ReviewCause::NoCaseNumber.to_find().contains("case number"));
    assert!(docket.reconciles());
}

/// Issue 13: what the ledger has filed with the same relief is left out of new
/// packets and listed as filed; filed with other relief, or no longer
/// eligible, it goes to the review list — never refiled silently.
#[test]
fn filed_convictions_stay_out_of_new_packets() {
    let text = format!("{}\n", crate::office::tests::MINIMAL);
    let office: Office = toml::from_str(&text).unwrap();
    office.validate().unwrap();
    let courts = CourtResolver::new(&office);
    let court = "CASC LOS ANGELES METRO";
    let mut rows = vec![
        row(2, court, "dismiss", Relief::DismissAndSeal),
        row(3, court, "dismiss", Relief::DismissAndSeal),
        row(4, court, "reduce", Relief::Misdemeanor),
        row(5, court, "not_eligible", Relief::None),
    ];
    rows[3].reason = "prior superstrike".into();
    let status = |relief: &str| FiledStatus {
        packet: "los-angeles".into(),
        filed_on: "2026-12-01".into(),
        relief: relief.into(),
        case_number: "C".into(),
        level: "F".into(),
        outcome: None,
    };
    let mut filed = FiledMap::new();
    for (line, relief) in [(2, "dismiss_and_seal"), (4, "dismiss_and_seal"), (5, "dismiss_and_seal")] {
        filed.insert((format!("S{line}"), "001002003000".into()), status(relief));
    }
    let mut builder = DocketBuilder::new(&courts, options(false, false, 0));
    builder.filed = filed;
    rows.into_iter().for_each(|r| builder.add(r));
    let docket = builder.finish();
    let packet_lines: Vec<u64> = docket.packets.iter().flat_map(|p| p.rows.iter().map(|r| r.csv_line)).collect();
    assert_eq!(packet_lines, [3]);
    assert_eq!(docket.already_filed.iter().map(|f| f.row.csv_line).collect::<Vec<_>>(), [2]);
    assert_eq!(docket.already_filed[0].status.filed_on, "2026-12-01");
    let review: Vec<(u64, ReviewCause)> = docket.review.iter().map(|r| (r.row.csv_line, r.cause)).collect();
    assert_eq!(review, [(4, ReviewCause::FiledChanged), (5, ReviewCause::FiledChanged)]);
    assert!(docket.challenged.is_empty());
    let r = docket.reconciliation();
    assert_eq!((r.rows, r.packet_rows, r.already_filed, r.review), (4, 1, 1, 2));
    assert!(r.reconciles);
}
