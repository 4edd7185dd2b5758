use super::*;
use crate::docket::Challenged;
use crate::docket::tests::row;
use crate::eligibility::Relief;
use crate::office::{CourtResolver, Office, PacketOptions};
use crate::render::{Block, FormItem, Row as TableRow};
use crate::render::{Document, markup};

const HOSTILE: [&str; 8] = [
    "**BOLD**,*IT*",
    "@pagebreak",
    "{{ office.name }} {% if true %}",
    "<script>alert(1)</script>",
    "=cmd()|' /C calc'!A0",
    "\u{202e}EVIL,NAME",
    "BACK\\SLASH~TILDE",
    "O\"BRIEN,JAY",
];

fn office() -> Office {
    Office::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/office.toml")).unwrap()
}

fn docket(mode: Mode, names: &[&str]) -> Docket {
    let mut rows = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let relief = [Relief::DismissAndSeal, Relief::Misdemeanor][i % 2];
        let determination = ["dismiss", "reduce"][i % 2];
        let mut r = row(i as u64 + 2, "CASC SAN FRANCISCO", determination, relief);
        r.county = "SAN FRANCISCO".into();
        r.name = (*name).into();
        r.aka = (*name).into();
        r.dob = "1970-01-02".into();
        r.cii = "0012345678".into();
        r.case_number = format!("{name}; SF-{i}").into();
        rows.push(r);
        let mut c = row(i as u64 + 100, "CASC SAN FRANCISCO", "not_eligible", Relief::None);
        c.county = "SAN FRANCISCO".into();
        c.name = (*name).into();
        c.reason = (*name).into();
        rows.push(c);
    }
    let office = office();
    let options = PacketOptions { mode, ..PacketOptions::default() };
    Docket::build(rows, &CourtResolver::new(&office), &options)
}

fn run_context(office: &Office) -> RunContext<'_> {
    RunContext {
        office,
        as_of: crate::model::Date::from_ymd_opt(2026, 11, 1).unwrap(),
        policy: "Example policy".into(),
        policy_settings: serde_json::Value::Null,
        source: "2 files (doj.dat; caselist.csv)".into(),
        records: Records {
            doj_files: vec!["doj.dat".into()],
            office_files: vec!["caselist.csv".into()],
            date: String::new(),
        },
        figures: RunFigures { decided: 4, packet_rows: 2, challenged: 2, review: 0, not_eligible_other: 0 },
        redacted: false,
    }
}

/// All the text of a document's blocks, table cells and form values.
fn text(doc: &Document) -> String {
    fn form(items: &[FormItem], out: &mut String) {
        for item in items {
            match item {
                FormItem::Text(spans) | FormItem::Check { label: spans, .. } => {
                    spans.iter().for_each(|s| out.push_str(&s.text))
                }
                FormItem::Fields(fields) => fields.iter().for_each(|f| out.push_str(&f.value)),
                FormItem::Boxed { items, .. } => form(items, out),
                FormItem::Overflow { table, .. } => table_text(table, out),
                _ => {}
            }
            out.push('\n');
        }
    }
    fn table_text(table: &crate::render::Table, out: &mut String) {
        for row in &table.rows {
            if let TableRow::Cells { cells, .. } = row {
                cells.iter().for_each(|c| {
                    out.push_str(c);
                    out.push('\n')
                });
            }
        }
    }
    fn blocks(list: &[Block], out: &mut String) {
        for block in list {
            match block {
                Block::Paragraph(p) => p.spans.iter().for_each(|s| out.push_str(&s.text)),
                Block::ListItem { spans, .. } | Block::Quote(spans) => spans.iter().for_each(|s| out.push_str(&s.text)),
                Block::Heading { text, .. } => out.push_str(text),
                Block::Caption(c) => {
                    for line in c.attorney.iter().chain(&c.court).chain(&c.parties).chain(&c.case_number) {
                        out.push_str(line);
                        out.push('\n');
                    }
                    out.push_str(&c.title);
                }
                Block::Table(t) => table_text(t, out),
                Block::Form(items) => form(items, out),
                Block::KeepTogether(inner) => blocks(inner, out),
                Block::Signature(s) => s.signer.iter().for_each(|l| out.push_str(l)),
                _ => {}
            }
            out.push('\n');
        }
    }
    let mut out = String::new();
    blocks(&doc.blocks, &mut out);
    out
}

#[test]
fn every_builtin_template_parses_and_renders_on_sample_data() {
    let templates = Templates::load(None).unwrap();
    assert_eq!(templates.origins().len(), templates::BUILTIN.len());
    let office = office();
    let run = run_context(&office);
    let docket = docket(Mode::Bulk, &["SAMPLE,ONE", "SAMPLE,TWO"]);
    let packet = &docket.packets[0];
    let ctx = run.context(&packet.court, None, Some(packet), 2, None);
    let mut parts = markup::Parts::default();
    parts.tables.insert("exhibit".into(), documents::exhibit_table(packet, 12.0));
    let challenged: Vec<&Challenged> = docket.challenged.iter().collect();
    parts.tables.insert("challenged".into(), documents::challenged_table(&challenged));
    for name in ["motion.cm", "exhibit.cm", "order.cm", "challenged.cm", "service.cm"] {
        let doc = templates.document(name, &ctx, &parts).unwrap_or_else(|e| panic!("{e}"));
        assert!(!doc.title.is_empty() && !doc.blocks.is_empty(), "{name}");
        let text = text(&doc);
        assert!(!text.contains("{{") && !text.contains("{%"), "{name}: {text}");
    }
    let motion = text(&templates.document("motion.cm", &ctx, &parts).unwrap());
    assert!(motion.contains("11361.8") && motion.contains("11361.9") && motion.contains("November 1, 2026"));
    // Figures in sworn text, but no arithmetic or software jargon (finding 9).
    assert!(motion.contains("Of the 4 convictions reviewed, 2"), "{motion}");
    for jargon in ["SHA-256", "hash", "add up", " + ", "was decided as of", "of the Office"] {
        assert!(!motion.contains(jargon), "{jargon:?} in {motion}");
    }
    let order = text(&templates.document("order.cm", &ctx, &parts).unwrap());
    assert!(order.contains("each of the 2 convictions listed in Exhibit A"), "{order}");
    let exhibit = templates.document("exhibit.cm", &ctx, &parts).unwrap();
    assert!(exhibit.header.as_deref().unwrap().starts_with("CONFIDENTIAL"));
    let challenged = templates.document("challenged.cm", &ctx, &parts).unwrap();
    assert!(challenged.header.as_deref().unwrap().starts_with("CONFIDENTIAL"));

    let per_case = self::docket(Mode::PerCase, &["SAMPLE,ONE"]);
    let case = &per_case.packets[0];
    let rows: Vec<&DocketRow> = case.rows.iter().collect();
    let ctx = run.context(&case.court, case.courthouse.as_deref(), Some(case), 0, Some(&rows));
    let mut parts = markup::Parts::default();
    parts.forms.insert("case".into(), documents::case_form(&office, &case.court, &rows, 1, run.as_of));
    let form = templates.document("form.cm", &ctx, &parts).unwrap();
    assert!(form.title.contains("SAMPLE,ONE") || form.title.contains("SF-0"), "{}", form.title);
    assert!(matches!(form.blocks.as_slice(), [Block::Form(_)]));
}

#[test]
fn data_never_becomes_markup_or_template_code() {
    let templates = Templates::load(None).unwrap();
    let mut office = office();
    office.name = HOSTILE.join(" ");
    office.signing_attorney.name = "@pagebreak **X** {{ da.name }}".into();
    let run = run_context(&office);
    let docket = docket(Mode::Bulk, &HOSTILE);
    let packet = &docket.packets[0];
    let ctx = run.context(&packet.court, None, Some(packet), 0, None);
    let mut parts = markup::Parts::default();
    parts.tables.insert("exhibit".into(), documents::exhibit_table(packet, 12.0));
    let challenged: Vec<&Challenged> = docket.challenged.iter().collect();
    parts.tables.insert("challenged".into(), documents::challenged_table(&challenged));
    let clean = Templates::load(None).unwrap();
    let plain_office = self::office();
    let plain_run = run_context(&plain_office);
    let plain_ctx = plain_run.context(&packet.court, None, Some(packet), 0, None);
    for name in ["motion.cm", "exhibit.cm", "order.cm", "challenged.cm", "service.cm"] {
        let doc = templates.document(name, &ctx, &parts).unwrap_or_else(|e| panic!("{e}"));
        let reference = clean.document(name, &plain_ctx, &parts).unwrap();
        // Same structure as with harmless names: nothing became a directive.
        let kinds = |d: &Document| d.blocks.iter().map(std::mem::discriminant).collect::<Vec<_>>();
        assert_eq!(kinds(&doc), kinds(&reference), "{name}");
        let text = text(&doc);
        for spans in doc.blocks.iter().filter_map(|b| match b {
            Block::Paragraph(p) => Some(&p.spans),
            _ => None,
        }) {
            for span in spans {
                if span.text.contains("BOLD") {
                    assert!(!span.bold, "{name}: a name became bold");
                }
            }
        }
        if name == "motion.cm" {
            assert!(text.contains(&HOSTILE.join(" ")), "{name}: the office name prints literally:\n{text}");
            assert!(text.contains("@pagebreak **X** {{ da.name }}"), "{text}");
        }
    }
    // Table cells are plain text: every hostile name is in Exhibit A as is.
    let exhibit = text(&templates.document("exhibit.cm", &ctx, &parts).unwrap());
    for name in HOSTILE {
        assert!(exhibit.contains(name), "{name:?} not literal in Exhibit A");
    }
}

#[test]
fn template_errors_name_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("order.cm"), "@paper pleading\n@footer X\n\n{% if %}\n").unwrap();
    let message = Templates::load(Some(dir.path())).err().unwrap().to_string();
    let path = dir.path().join("order.cm").display().to_string();
    assert!(message.starts_with(&format!("{path}:4: ")), "{message}");
    assert_eq!(message.lines().count(), 1, "{message}");

    // An override that parses but writes bad markup: named too.
    std::fs::write(dir.path().join("order.cm"), "@paper pleading\n@footer X\n\n@paper papyrus\n").unwrap();
    let templates = Templates::load(Some(dir.path())).unwrap();
    assert_eq!(templates.origins()["order.cm"], templates::Origin::Override(dir.path().join("order.cm")));
    assert_eq!(templates.origins()["motion.cm"], templates::Origin::Builtin);
    let office = office();
    let run = run_context(&office);
    let docket = docket(Mode::Bulk, &["SAMPLE,ONE"]);
    let packet = &docket.packets[0];
    let ctx = run.context(&packet.court, None, Some(packet), 0, None);
    let message = templates.document("order.cm", &ctx, &markup::Parts::default()).unwrap_err().to_string();
    assert!(message.starts_with(&path) && message.contains("line 4"), "{message}");
    // Unknown variables are errors with a line, never a value.
    std::fs::write(dir.path().join("order.cm"), "@paper pleading\n\n{{ nobody.name }}\n").unwrap();
    let templates = Templates::load(Some(dir.path())).unwrap();
    let message = templates.document("order.cm", &ctx, &markup::Parts::default()).unwrap_err().to_string();
    assert!(message.starts_with(&format!("{path}:3: ")), "{message}");
}

#[test]
fn redaction_masks_birth_dates_and_cii_numbers() {
    let docket = redact(&docket(Mode::Bulk, &["SAMPLE,ONE", "SAMPLE,TWO"]));
    for row in docket.packets.iter().flat_map(|p| &p.rows).chain(docket.challenged.iter().map(|c| &c.row)) {
        assert!(row.dob.is_empty() || &*row.dob == "XXXX-XX-XX");
        assert!(row.cii.is_empty() || &*row.cii == "XXXXXX5678", "{}", row.cii);
    }
}

#[test]
fn an_office_template_replaces_the_builtin_one_and_hearing_lines_reach_the_caption() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("service.cm"),
        "@paper pleading\n@footer OUR PROOF OF SERVICE\n{% set caption_title = \"PROOF\" -%}\n{% include \"caption.cm\" %}\n\nServed on {{ pd.name }}.\n",
    )
    .unwrap();
    let templates = Templates::load(Some(dir.path())).unwrap();
    let mut office = office();
    office.hearing = Some(crate::office::Hearing {
        date: crate::model::Date::from_ymd_opt(2026, 12, 15),
        time: "8:30 AM".into(),
        department: "Department 12".into(),
    });
    let run = run_context(&office);
    let docket = docket(Mode::Bulk, &["SAMPLE,ONE"]);
    let packet = &docket.packets[0];
    let ctx = run.context(&packet.court, None, Some(packet), 0, None);
    let doc = templates.document("service.cm", &ctx, &markup::Parts::default()).unwrap();
    assert_eq!(doc.title, "OUR PROOF OF SERVICE");
    let Some(Block::Caption(caption)) = doc.blocks.first() else { panic!("no caption") };
    assert_eq!(caption.hearing, ["Date: December 15, 2026", "Time: 8:30 AM", "Dept.: Department 12"]);
    assert_eq!(caption.court, ["SUPERIOR COURT OF THE STATE OF CALIFORNIA", "CITY AND COUNTY OF SAN FRANCISCO"]);
    assert!(text(&doc).contains(&format!("Served on {}.", office.public_defender.name)));
    // The hashes in the manifest name the override.
    let hashes = templates.hashes();
    assert!(hashes.iter().any(|h| h.path == dir.path().join("service.cm").display().to_string()));
    assert!(hashes.iter().any(|h| h.path == "templates/motion.cm" && h.sha256.len() == 64));
}

/// Exhibit A's outline: a bookmark per relief group and per initial, and a
/// volume that starts inside a group repeats its heading "(continued)" and
/// its initial; every conviction is in exactly one volume.
#[test]
fn exhibit_volumes_repeat_the_group_heading_and_bookmark_groups_and_initials() {
    let names = ["ADAMS,A", "ADAMS,B", "BAKER,C", "BAKER,D", "BROWN,E", "BROWN,F", "CLARK,G", "CLARK,H"];
    let docket = docket(Mode::Bulk, &names);
    let packet = &docket.packets[0];
    let exhibit = files::ExhibitRows::of(packet, 12.0);
    assert_eq!(exhibit.len(), packet.rows.len());
    let marks = |table: &crate::render::Table| -> Vec<(String, u8)> {
        table
            .rows
            .iter()
            .filter_map(|r| match r {
                TableRow::Bookmark { title, level } => Some((title.clone(), *level)),
                _ => None,
            })
            .collect()
    };
    let whole = exhibit.table(0, exhibit.len());
    let expected: Vec<(String, u8)> = [
        ("Dismiss and seal", 1),
        ("A", 2),
        ("B", 2),
        ("C", 2),
        ("Redesignate as misdemeanor", 1),
        ("A", 2),
        ("B", 2),
        ("C", 2),
    ]
    .iter()
    .map(|(t, l)| (t.to_string(), *l))
    .collect();
    assert_eq!(marks(&whole), expected);
    // Cut after the second row: the second volume starts inside "Dismiss and seal", at B.
    let second = exhibit.table(2, 5);
    assert_eq!(marks(&second)[..2], [("Dismiss and seal (continued)".to_string(), 1), ("B".to_string(), 2)]);
    assert!(matches!(&second.rows[1], TableRow::Group(g) if g == "Dismiss and seal (continued)"));
    let numbers = |table: &crate::render::Table| -> Vec<String> {
        table
            .rows
            .iter()
            .filter_map(|r| match r {
                TableRow::Cells { cells, .. } => Some(cells[0].clone()),
                _ => None,
            })
            .collect()
    };
    let mut all: Vec<String> = Vec::new();
    for (a, b) in [(0, 2), (2, 5), (5, 8)] {
        all.extend(numbers(&exhibit.table(a, b)));
    }
    assert_eq!(all, (1..=8).map(|n| n.to_string()).collect::<Vec<_>>());
    // Every volume has the same column widths.
    assert_eq!(exhibit.table(0, 2).widths, exhibit.table(5, 8).widths);
    assert!(whole.widths.is_some());
}

/// A per-case form's footer names each case number once, though every count
/// of the case repeats them ("SF-1; SF-2" on 3 counts was "SF-1, SF-2, SF-1, ...").
#[test]
fn a_case_names_each_case_number_once() {
    let office = office();
    let run = run_context(&office);
    let mut rows = Vec::new();
    for i in 0..3u64 {
        let mut r = row(i + 2, "CASC SAN FRANCISCO", "dismiss", Relief::DismissAndSeal);
        r.county = "SAN FRANCISCO".into();
        r.case_number = "SF-1; SF-2".into();
        rows.push(r);
    }
    let docket = Docket::build(
        rows,
        &CourtResolver::new(&office),
        &PacketOptions { mode: Mode::PerCase, ..PacketOptions::default() },
    );
    let templates = Templates::load(None).unwrap();
    let form = files::case_document(&docket.packets[0], 1, 0, &run, &templates).unwrap();
    assert!(form.title.ends_with("CASE SF-1, SF-2"), "{}", form.title);
}
