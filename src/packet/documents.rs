//! The documents of a packet: the template context (office, court, run
//! figures) and the parts built from data in code — Exhibit A, the table of
//! challenged cases, the per-case form. Table cells and form values are
//! plain text (never markup), so a name prints exactly as recorded.

use serde::Serialize;

use crate::docket::{Challenged, Packet, Row as DocketRow};
use crate::eligibility::Relief;
use crate::model::Date;
use crate::office::{Court, Courthouse, Office, ServiceMethod, SignatureKind};
use crate::render::{Align, Column, Field, FormItem, Row, Span, Table};

/// `November 1, 2026`.
pub fn long_date(date: Date) -> String {
    date.format("%B %-d, %Y").to_string()
}

/// How Exhibit A names a relief.
pub fn relief_label(relief: Relief) -> &'static str {
    match relief {
        Relief::DismissAndSeal => "Dismiss and seal",
        Relief::Misdemeanor => "Redesignate as misdemeanor",
        Relief::Infraction => "Redesignate as infraction",
        Relief::None => "None",
    }
}

/// "N to be ..." in the notice of motion.
fn relief_verb(relief: Relief) -> &'static str {
    match relief {
        Relief::DismissAndSeal => "dismissed and sealed",
        Relief::Misdemeanor => "redesignated as misdemeanors",
        Relief::Infraction => "redesignated as infractions",
        Relief::None => "given no relief",
    }
}

/// Whether a row's relief rests on the office's policy rather than the
/// statute: a policy rule decided it, or a reviewer's decision that the
/// engine's statutory rule did not give.
pub fn is_policy(row: &DocketRow) -> bool {
    row.rule.starts_with("policy_")
        || row.citation.contains("office policy")
        || row.citation.contains("reviewer decision")
}

/// The basis of a row (Exhibit A's "Basis" and the clerk's `statutory_basis`),
/// from `templates/citations.toml`: the path (application or petition) and,
/// when the office's policy decided, that.
pub fn basis(row: &DocketRow) -> String {
    let key = match (&*row.path == "petition", is_policy(row)) {
        (false, false) => "basis_application",
        (true, false) => "basis_petition",
        (false, true) => "basis_policy_application",
        (true, true) => "basis_policy_petition",
    };
    super::citations::cite(key).to_owned()
}

/// `10,722`: numbers in the papers carry thousands separators (the Tera
/// filter `n`).
pub fn thousands_filter(value: u64, _: tera::Kwargs, _: &tera::State) -> String {
    crate::inspect::thousands(value)
}

/// A criterion of the office's policy as the motion states it, from the
/// policy's rule and settings (`summary.json` `policy.settings`).
fn policy_criterion(rule: &str, settings: &serde_json::Value) -> String {
    let n = |key: &str| settings["dismiss_if"][key].as_u64().unwrap_or(0);
    match rule {
        "policy_misdemeanor_dismissed" => {
            "the conviction is of a misdemeanor or an infraction (the policy dismisses and seals every such conviction)"
                .into()
        }
        "policy_section_dismissed" => {
            let sections: Vec<String> = settings["dismiss_sections"]
                .as_array()
                .map(|a| a.iter().filter_map(|v| v.as_str()).map(|s| format!("HS\u{a0}{s}")).collect())
                .unwrap_or_default();
            let list = match sections.len() {
                0 => "a section the policy names".to_owned(),
                _ => sections.join(", "),
            };
            format!("the conviction is under {list}, which the policy dismisses and seals rather than redesignates")
        }
        "policy_under_21_at_conviction" => "the person was under 21 years of age on the date of conviction".into(),
        "policy_age_threshold" => {
            format!("the person is {} years of age or older on the assessment date", n("age_at_least"))
        }
        "policy_years_since_conviction" => {
            format!(
                "the conviction was entered {} or more years before the assessment date",
                n("years_since_conviction")
            )
        }
        "policy_years_crime_free" => format!(
            "the person's most recent conviction of any offense in the records was entered {} or more years before the assessment date",
            n("years_crime_free")
        ),
        "policy_only_prop64_convictions" => {
            "every conviction of the person in the records is of an offense Proposition~64 changed"
                .replace('~', "\u{a0}")
        }
        "policy_deceased" => "the records show that the person is deceased".into(),
        "reviewer_decision" => "an attorney of the office reviewed the conviction and decided it individually".into(),
        other => format!("the office's policy ground `{other}`"),
    }
}

#[derive(Serialize)]
struct Lawyer<'a> {
    name: &'a str,
    sbn: &'a str,
    title: &'a str,
    /// `/s/ NAME` when the office signs electronically, else empty (a line).
    signed: String,
    /// `an Assistant District Attorney`.
    title_with_article: String,
}

#[derive(Serialize)]
struct OfficeCtx<'a> {
    name: &'a str,
    address: &'a [String],
    phone: &'a str,
    email: &'a str,
}

#[derive(Serialize)]
struct PublicDefenderCtx<'a> {
    name: &'a str,
    office: &'a str,
    address: &'a [String],
    email: &'a str,
}

#[derive(Serialize)]
struct CourtCtx {
    title: String,
    /// The title in one or two caption lines.
    lines: Vec<String>,
    county: String,
    /// `COUNTY OF LOS ANGELES`, `CITY AND COUNTY OF SAN FRANCISCO`, as the title says.
    county_title: String,
    /// `County of Los Angeles`, `City and County of San Francisco`.
    place: String,
    courthouse: Option<String>,
}

/// Figures of the whole run, for the declaration.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RunFigures {
    pub decided: u64,
    pub packet_rows: u64,
    pub challenged: u64,
    pub review: u64,
    pub not_eligible_other: u64,
}

/// Where the records came from, for the declaration (names only, no contents).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Records {
    /// File names of the DOJ research files read.
    pub doj_files: Vec<String>,
    /// File names of the office's own case lists read.
    pub office_files: Vec<String>,
    /// When the DOJ file was extracted or the office's records exported
    /// (`--records-date`), as printed; empty when not given.
    pub date: String,
}

/// What the templates say about the run, the same for every packet.
pub struct RunContext<'a> {
    pub office: &'a Office,
    /// The assessment date (`--as-of`).
    pub as_of: Date,
    /// The policy's name as applied.
    pub policy: String,
    /// The policy's settings (`summary.json` `policy.settings`), for the
    /// criteria the motion states; `Null` for the statute.
    pub policy_settings: serde_json::Value,
    /// How the data was delivered (file names, no content).
    pub source: String,
    pub records: Records,
    pub figures: RunFigures,
    pub redacted: bool,
}

/// One volume of a packet's Exhibit A, for the order to name (the files
/// writer sets `exhibit_volumes` when it cuts the exhibit in volumes; by
/// default there is one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExhibitVolume {
    pub number: u32,
    pub of: u32,
    pub first_row: u64,
    pub last_row: u64,
}

/// Sets `exhibit_volumes` and `exhibit_name` (how the order names the
/// exhibit: "Exhibit A", or every volume with its rows) in a context.
pub fn insert_volumes(c: &mut tera::Context, volumes: &[ExhibitVolume]) {
    c.insert("exhibit_volumes", volumes);
    c.insert("exhibit_name", &exhibit_name(volumes));
}

/// "Exhibit A", or "Exhibit A, in 3 volumes (Volume 1 of 3, rows 1 to 4,000; ...)".
pub fn exhibit_name(volumes: &[ExhibitVolume]) -> String {
    if volumes.len() <= 1 {
        return "Exhibit A".into();
    }
    let n = crate::inspect::thousands;
    let parts: Vec<String> = volumes
        .iter()
        .map(|v| format!("Volume {} of {}, rows {} to {}", v.number, v.of, n(v.first_row), n(v.last_row)))
        .collect();
    format!("Exhibit A, in {} volumes ({})", volumes.len(), parts.join("; "))
}

/// The kinds of relief a packet asks for: each gets its own section in the
/// motion and paragraph in the order, present only when it has rows.
#[derive(Debug, Clone, Default, Serialize)]
struct KindsCtx {
    /// Dismissed and sealed under the statute (conduct now lawful).
    statutory_dismiss: usize,
    /// Dismissed and sealed under the office's policy, beyond the statute.
    policy_dismiss: usize,
    /// Redesignated, felony → misdemeanor.
    misdemeanor: usize,
    /// Redesignated, misdemeanor (or felony) → infraction.
    infraction: usize,
    /// Any relief on petition: sentence still being served.
    petition: usize,
    /// Any relief on application: sentence completed.
    application: usize,
    /// Redesignations granted under the policy rather than the statute.
    policy_redesignate: usize,
}

#[derive(Debug, Clone, Serialize)]
struct GroundCtx {
    criterion: String,
    rows: usize,
}

#[derive(Serialize)]
struct ReliefCtx {
    label: &'static str,
    verb: &'static str,
    rows: usize,
}

#[derive(Serialize)]
struct PacketCtx {
    id: String,
    rows: usize,
    people: usize,
    /// Rows found only in the office's own records (the DOJ records read lack them).
    office_only: usize,
    /// Rows found in both the DOJ records and the office's records.
    both_sources: usize,
    part: u32,
    parts: u32,
    reliefs: Vec<ReliefCtx>,
    kinds: KindsCtx,
    /// The policy's criteria applied to this packet's rows, in rule order.
    policy_grounds: Vec<GroundCtx>,
}

#[derive(Serialize)]
struct CaseCtx {
    name: String,
    aka: String,
    numbers: String,
}

/// Splits a court title into caption lines at its last comma
/// (`SUPERIOR COURT OF THE STATE OF CALIFORNIA` / `COUNTY OF SAN FRANCISCO`).
fn title_lines(title: &str) -> Vec<String> {
    match title.rsplit_once(", ") {
        Some((a, b)) => vec![a.to_owned(), b.to_owned()],
        None => vec![title.to_owned()],
    }
}

/// `COUNTY OF LOS ANGELES`, `CITY AND COUNTY OF SAN FRANCISCO`: the end of
/// the court's title.
fn county_title(court: &Court) -> String {
    let upper = court.title.to_uppercase();
    match upper.rsplit_once(", ") {
        Some((_, end)) if end.contains("COUNTY OF ") => end.trim().to_owned(),
        _ => format!("COUNTY OF {}", court.county),
    }
}

/// `County of Los Angeles`, `City and County of San Francisco`.
fn place(county_title: &str) -> String {
    let words: Vec<String> = county_title
        .split_whitespace()
        .map(|w| match w {
            "AND" | "OF" => w.to_lowercase(),
            _ => {
                let mut chars = w.chars();
                chars.next().map_or(String::new(), |f| f.to_string() + &chars.as_str().to_lowercase())
            }
        })
        .collect();
    words.join(" ")
}

/// `a Deputy District Attorney`, `an Assistant District Attorney`.
fn with_article(title: &str) -> String {
    let vowel = title.chars().next().is_some_and(|c| "AEIOUaeiou".contains(c));
    format!("{} {title}", if vowel { "an" } else { "a" })
}

impl RunContext<'_> {
    /// The date the papers are signed: the office file's `signing_date`, or
    /// the assessment date. Never the clock.
    pub fn signing_date(&self) -> Date {
        self.office.signing_date.unwrap_or(self.as_of)
    }

    /// The context for one document of one court (and packet, and case).
    pub fn context(
        &self,
        court: &Court,
        courthouse: Option<&Courthouse>,
        packet: Option<&Packet>,
        challenged: usize,
        case: Option<&[&DocketRow]>,
    ) -> tera::Context {
        let o = self.office;
        let electronic = o.signature == SignatureKind::Electronic;
        let signed = |name: &str| if electronic { format!("/s/ {name}") } else { String::new() };
        let mut c = tera::Context::new();
        c.insert("cite", &super::citations::context());
        c.insert("office", &OfficeCtx { name: &o.name, address: &o.address, phone: &o.phone, email: &o.email });
        c.insert(
            "da",
            &Lawyer {
                name: &o.district_attorney.name,
                sbn: &o.district_attorney.state_bar_number,
                title: "District Attorney",
                signed: String::new(),
                title_with_article: String::new(),
            },
        );
        c.insert(
            "signer",
            &Lawyer {
                name: &o.signing_attorney.name,
                sbn: &o.signing_attorney.state_bar_number,
                title: &o.signing_attorney.title,
                signed: signed(&o.signing_attorney.name),
                title_with_article: with_article(&o.signing_attorney.title),
            },
        );
        #[derive(Serialize)]
        struct ServerCtx {
            name: String,
            signed: String,
        }
        c.insert("server", &ServerCtx { name: o.server.name.clone(), signed: signed(&o.server.name) });
        let method = match o.service_method {
            ServiceMethod::Personal => "personal",
            ServiceMethod::Mail => "mail",
            ServiceMethod::Electronic => "electronic",
        };
        c.insert("service_method", method);
        c.insert("electronic_signature", &electronic);
        c.insert("per_case", &(o.packets.mode == crate::office::Mode::PerCase));
        c.insert(
            "pd",
            &PublicDefenderCtx {
                name: &o.public_defender.name,
                office: &o.public_defender.office,
                address: &o.public_defender.service_address,
                email: &o.public_defender.e_service_address,
            },
        );
        let court_entry = o.courts.iter().find(|(k, _)| crate::office::courts::normalize(k) == court.county);
        c.insert("case_number", &court_entry.and_then(|(_, e)| e.case_number.clone()).unwrap_or_default());
        c.insert(
            "court",
            &CourtCtx {
                title: court.title.clone(),
                lines: title_lines(&court.title),
                county: court.county.clone(),
                county_title: county_title(court),
                place: place(&county_title(court)),
                courthouse: courthouse.map(|h| h.name.clone()),
            },
        );
        let mut hearing = Vec::new();
        if let Some(h) = &o.hearing {
            if let Some(date) = h.date {
                hearing.push(format!("Date: {}", long_date(date)));
            }
            if !h.time.is_empty() {
                hearing.push(format!("Time: {}", h.time));
            }
            if !h.department.is_empty() {
                hearing.push(format!("Dept.: {}", h.department));
            }
        }
        c.insert("hearing", &hearing);
        c.insert("as_of", &long_date(self.as_of));
        c.insert("assessment_date", &long_date(self.as_of));
        c.insert("signing_date", &long_date(self.signing_date()));
        c.insert("signing_place", &o.signing_place);
        c.insert("policy", &self.policy);
        let settings = &self.policy_settings;
        let checked = !settings["baseline_2019"].as_bool().unwrap_or(false)
            && settings["disqualifiers"]["prior_superstrike"].as_bool().unwrap_or(false)
            && settings["disqualifiers"]["prior_pc290"].as_bool().unwrap_or(false);
        c.insert("disqualifiers_checked", &checked);
        c.insert("policy_authority", &o.policy_authority.clone().unwrap_or_default());
        c.insert("records", &self.records);
        #[derive(Serialize)]
        struct Source<'a> {
            description: &'a str,
        }
        c.insert("source", &Source { description: &self.source });
        c.insert("run", &self.figures);
        c.insert("redacted", &self.redacted);
        #[derive(Serialize)]
        struct ChallengedCtx {
            rows: usize,
        }
        c.insert("challenged", &ChallengedCtx { rows: challenged });
        let packet_ctx = packet.map(|p| self.packet_context(p));
        let volumes: Vec<ExhibitVolume> = packet
            .map(|p| vec![ExhibitVolume { number: 1, of: 1, first_row: 1, last_row: p.rows.len() as u64 }])
            .unwrap_or_default();
        insert_volumes(&mut c, &volumes);
        // The volume Exhibit A's template prints (the files writer sets each).
        c.insert("volume", &volumes.first());
        c.insert("packet", &packet_ctx);
        let case_ctx = case.and_then(|rows| rows.first().map(|first| (first, rows))).map(|(first, rows)| {
            // Each number once, in order (every count of a case repeats its numbers).
            let mut seen = std::collections::HashSet::new();
            let numbers: Vec<&str> =
                rows.iter().flat_map(|r| r.case_number.split("; ")).filter(|n| seen.insert(*n)).collect();
            CaseCtx { name: first.name.to_string(), aka: first.aka.to_string(), numbers: numbers.join(", ") }
        });
        c.insert("case", &case_ctx);
        c
    }

    fn packet_context(&self, p: &Packet) -> PacketCtx {
        let mut reliefs: Vec<ReliefCtx> = Vec::new();
        let mut kinds = KindsCtx::default();
        let mut grounds: Vec<(&str, usize)> = Vec::new();
        for row in &p.rows {
            match reliefs.last_mut() {
                Some(last) if last.label == relief_label(row.relief) => last.rows += 1,
                _ => {
                    reliefs.push(ReliefCtx { label: relief_label(row.relief), verb: relief_verb(row.relief), rows: 1 })
                }
            }
            let policy = is_policy(row);
            match row.relief {
                Relief::DismissAndSeal if policy => kinds.policy_dismiss += 1,
                Relief::DismissAndSeal => kinds.statutory_dismiss += 1,
                Relief::Misdemeanor => kinds.misdemeanor += 1,
                Relief::Infraction => kinds.infraction += 1,
                Relief::None => {}
            }
            if policy && row.relief != Relief::DismissAndSeal {
                kinds.policy_redesignate += 1;
            }
            if &*row.path == "petition" {
                kinds.petition += 1;
            } else {
                kinds.application += 1;
            }
            if policy {
                match grounds.iter_mut().find(|(rule, _)| *rule == &*row.rule) {
                    Some((_, n)) => *n += 1,
                    None => grounds.push((&row.rule, 1)),
                }
            }
        }
        grounds.sort_by_key(|(rule, _)| ground_order(rule));
        let mut people: Vec<&str> = p.rows.iter().map(|r| &*r.subject_id).collect();
        people.sort_unstable();
        people.dedup();
        PacketCtx {
            id: p.id.clone(),
            rows: p.rows.len(),
            people: people.len(),
            office_only: p.rows.iter().filter(|r| &*r.source_kind == "office_only").count(),
            both_sources: p.rows.iter().filter(|r| &*r.source_kind == "both").count(),
            part: p.part,
            parts: p.parts,
            reliefs,
            kinds,
            policy_grounds: grounds
                .into_iter()
                .map(|(rule, rows)| GroundCtx { criterion: policy_criterion(rule, &self.policy_settings), rows })
                .collect(),
        }
    }
}

/// Policy grounds in the order the engine applies them.
fn ground_order(rule: &str) -> usize {
    const ORDER: [&str; 9] = [
        "policy_misdemeanor_dismissed",
        "policy_section_dismissed",
        "policy_under_21_at_conviction",
        "policy_age_threshold",
        "policy_years_since_conviction",
        "policy_years_crime_free",
        "policy_only_prop64_convictions",
        "policy_deceased",
        "reviewer_decision",
    ];
    ORDER.iter().position(|r| *r == rule).unwrap_or(ORDER.len())
}

/// A packet with a row relieved under the office's policy needs the office's
/// statement of authority: `Err` names the key when it is missing.
pub fn check_policy_authority(office: &Office, packets: &[Packet]) -> Result<(), String> {
    let rows = packets.iter().flat_map(|p| &p.rows).filter(|r| is_policy(r)).count();
    if rows > 0 && office.policy_authority.is_none() {
        return Err(format!(
            "policy_authority is missing: {} conviction(s) would be filed for relief under the office's policy, beyond the statute; the office's legal staff must state its authority in the office file (see samples/office.toml)",
            crate::inspect::thousands(rows as u64)
        ));
    }
    Ok(())
}

/// The row-number column for `rows` rows at `size` points, with room to
/// spare: the renderer's own number column is measured to the exact width of
/// the widest number, and a number that fits exactly can wrap ("10" / "0").
fn number_column(rows: usize, size: f32) -> Column {
    let digits = rows.max(1).to_string().len().max(2) as f32;
    let width = digits * 0.5 * size + 10.0;
    Column { align: Align::Right, ..Column::new("#", width, width) }
}

/// A name as the tables print it: the surname (before the first comma) is
/// kept on one line — its spaces do not break ("DE LA MUESTRA-FALSÓN") —
/// so a name wraps at its comma; only a surname wider than its column
/// breaks, at a hyphen first (see the renderer's `split_wide`).
pub fn name_text(name: &str) -> String {
    match name.split_once(',') {
        Some((surname, rest)) => format!("{},{rest}", surname.trim_end().replace(' ', "\u{a0}")),
        None => name.to_owned(),
    }
}

/// Name, then `AKA ...` on its own line.
fn name_cell(row: &DocketRow) -> String {
    if row.aka.is_empty() {
        name_text(&row.name)
    } else {
        format!("{}\nAKA\u{a0}{}", name_text(&row.name), name_text(&row.aka))
    }
}

fn dob_cii_cell(row: &DocketRow) -> String {
    match (row.dob.is_empty(), row.cii.is_empty()) {
        (true, true) => String::new(),
        _ => format!("{}\n{}", row.dob, row.cii),
    }
}

fn date_cell(date: Option<Date>) -> String {
    date.map(|d| d.to_string()).unwrap_or_default()
}

/// `1989-07-14 (M)` over `11357(b) HS`: Exhibit A's conviction cell.
fn convicted_cell(row: &DocketRow) -> String {
    let date = date_cell(row.conviction_date);
    let first = match (date.is_empty(), row.level.is_empty()) {
        (_, true) => date,
        (true, false) => format!("({})", row.level),
        (false, false) => format!("{date} ({})", row.level),
    };
    format!("{first}\n{}", row.code_section)
}

/// `11357(b) HS (M)`: the code section and, when known, the level.
fn section_level(row: &DocketRow) -> String {
    if row.level.is_empty() { row.code_section.to_string() } else { format!("{} ({})", row.code_section, row.level) }
}

/// Exhibit A of a packet at `size` points (12, or the office file's
/// `exhibit_font_pt`, never below 10): rows in packet order under a heading
/// per relief (repeated, "continued", at the top of every page), numbered as
/// in the clerk CSV. The columns are set so that a typical name fits on one
/// line and a row takes at most two.
pub fn exhibit_table(packet: &Packet, size: f32) -> Table {
    // Columns as wide as the values they must hold on one line, measured
    // at the size used: the name takes what the others leave (about 132 pt
    // at 12 pt with three-digit row numbers; "DUMMYNAME,ALPHA" is 126).
    let fit = |samples: &[&str]| {
        let family = crate::render::fonts::Family::get();
        let widest = samples.iter().map(|s| family.width(crate::render::Face::Regular, size, s)).fold(0.0, f32::max);
        widest + 2.0 * crate::render::layout::CELL_PAD + 1.0
    };
    let dob = fit(&["0000-00-00", "0000000000"]);
    let mut table = Table {
        columns: vec![
            number_column(packet.rows.len(), size),
            Column::new("Name (and AKA)", 100.0 * size / 12.0, 400.0).of_names(),
            // Redacted birth dates (XXXX-XX-XX) are wider.
            Column::new("Birth date / CII", dob, fit(&["XXXX-XX-XX"]).max(dob)),
            Column::new("Court case no.", 60.0 * size / 12.0, fit(&["SF-0000-000000"])),
            Column::new("Convicted (level) / code section", fit(&["0000-00-00 (M)"]), fit(&["0000-00-00 (M)"])),
            Column::new(
                "Basis",
                fit(&[super::citations::cite("basis_application")]),
                fit(&[super::citations::cite("basis_application")]),
            ),
        ],
        rows: Vec::with_capacity(packet.rows.len() + 3),
        number_header: None,
        size,
        zebra: true,
        widths: None,
    };
    let mut relief = None;
    for (number, row) in packet.numbered() {
        if relief != Some(row.relief) {
            relief = Some(row.relief);
            table.rows.push(Row::Group(relief_label(row.relief).to_owned()));
        }
        table.rows.push(Row::Cells {
            number: None,
            cells: vec![
                number.to_string(),
                name_cell(row),
                dob_cii_cell(row),
                row.case_number.replace("; ", "\n"),
                convicted_cell(row),
                basis(row),
            ],
        });
    }
    table
}

/// The challenged cases of one court, each with its reason and authority,
/// in 12-point type on pleading paper (483 pt wide).
pub fn challenged_table(challenged: &[&Challenged]) -> Table {
    let col = |h: &str, lo: f32, hi: f32| Column::new(h, lo, hi);
    let mut table = Table {
        columns: vec![
            number_column(challenged.len(), 12.0),
            col("Name (and AKA), birth date, CII", 140.0, 170.0).of_names(),
            col("Court case no., convicted, code section (level)", 92.0, 112.0),
            col("Reason and authority", 180.0, 400.0),
        ],
        rows: Vec::with_capacity(challenged.len()),
        number_header: None,
        size: 12.0,
        zebra: true,
        widths: None,
    };
    for (i, c) in challenged.iter().enumerate() {
        let row = &c.row;
        let person = [name_cell(row), dob_cii_cell(row)].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>();
        let case = [row.case_number.replace("; ", "\n"), date_cell(row.conviction_date), section_level(row)]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>();
        table.rows.push(Row::Cells {
            number: None,
            cells: vec![(i + 1).to_string(), person.join("\n"), case.join("\n"), court_reason(row)],
        });
    }
    table
}

/// A challenged conviction's reason as the court reads it: the ground and
/// the fact, then the authority. The engine's reason starts with the code
/// section and level, which the table already shows; that prefix goes.
pub fn court_reason(row: &DocketRow) -> String {
    let reason = row.reason.trim();
    let section = row.code_section.trim();
    let fact = match reason.split_once(": ") {
        Some((head, rest)) if !section.is_empty() && head.starts_with(section) => rest,
        _ => reason,
    };
    let mut fact = fact.trim().trim_end_matches('.').replace("Prop 64 ", "Proposition\u{a0}64 ");
    if let Some(first) = fact.get(..1) {
        let upper = first.to_uppercase();
        fact.replace_range(..1, &upper);
    }
    let citation = court_citation(&row.citation, section);
    if citation.is_empty() { format!("{fact}.") } else { format!("{fact}. Authority: {citation}.") }
}

/// A citation naming the bars of several sections (`HS 11358(d); HS 11359(c);
/// HS 11360(a)(3); PC 667(e)(2)(C)(iv)`) narrowed to the conviction's own
/// section (`HS 11359(c); PC 667(e)(2)(C)(iv)`); other citations as they are.
fn court_citation(citation: &str, code_section: &str) -> String {
    let parts: Vec<&str> = citation.split("; ").map(str::trim).filter(|p| !p.is_empty()).collect();
    let own: String = code_section.chars().take_while(char::is_ascii_digit).collect();
    let bars = |p: &str| ["HS 11358(", "HS 11359(", "HS 11360("].iter().any(|b| p.starts_with(b));
    if own.is_empty() || parts.iter().filter(|p| bars(p)).count() < 2 {
        return parts.join("; ");
    }
    let own_bar = format!("HS {own}(");
    let kept: Vec<&str> = parts.iter().copied().filter(|p| !bars(p) || p.starts_with(&own_bar)).collect();
    if kept.iter().any(|p| bars(p)) { kept.join("; ") } else { parts.join("; ") }
}

/// The Proposition 64 sections the per-case form has a box for.
const FORM_SECTIONS: [&str; 4] = ["11357", "11358", "11359", "11360"];

/// The section boxes of a case: one per Prop 64 section (HS 11357–11360),
/// checked with the number of counts ("HS 11359 ×2"); a count under another
/// section gets a box of its own.
pub fn section_boxes(rows: &[&DocketRow]) -> Vec<(bool, String)> {
    let mut counts: std::collections::BTreeMap<String, usize> =
        FORM_SECTIONS.iter().map(|s| ((*s).to_owned(), 0)).collect();
    for row in rows {
        let section: String = row.code_section.trim().chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
        let section = section.trim_end_matches('.').to_owned();
        let section = if section.is_empty() { row.code_section.trim().to_owned() } else { section };
        *counts.entry(section).or_default() += 1;
    }
    counts
        .into_iter()
        .map(|(section, n)| match n {
            0 => (false, format!("HS\u{a0}{section}")),
            n => (true, format!("HS\u{a0}{section} \u{d7}{n}")),
        })
        .collect()
}

/// The one-page motion-and-order form of one case (the San Francisco 2019
/// model, court-filings.md); `first` is the row number of its first count
/// in the packet's clerk CSV. Text is 11 pt, nothing below 10.
pub fn case_form(office: &Office, court: &Court, rows: &[&DocketRow], first: u64, as_of: Date) -> Vec<FormItem> {
    use super::citations::cite;
    let o = office;
    let mut table = Table {
        columns: vec![
            Column { align: Align::Right, ..Column::new("Row", 30.0, 34.0) },
            Column::new("Case number", 70.0, 100.0),
            Column::new("Section (level)", 76.0, 96.0),
            Column::new("Convicted", 58.0, 64.0),
            Column::new("Relief requested", 90.0, 130.0),
            Column::new("Basis", 80.0, 130.0),
        ],
        rows: Vec::with_capacity(rows.len()),
        number_header: None,
        size: 10.0,
        zebra: false,
        widths: None,
    };
    for (i, row) in rows.iter().enumerate() {
        table.rows.push(Row::Cells {
            number: None,
            cells: vec![
                (first + i as u64).to_string(),
                row.case_number.replace("; ", "\n"),
                section_level(row),
                date_cell(row.conviction_date),
                relief_label(row.relief).to_owned(),
                basis(row),
            ],
        });
    }
    let first_row = rows[0];
    let mut numbers: Vec<&str> = rows.iter().flat_map(|r| r.case_number.split("; ")).collect();
    numbers.sort_unstable();
    numbers.dedup();
    let numbers = numbers.join(", ");
    let petition = rows.iter().any(|r| &*r.path == "petition");
    let application = rows.iter().any(|r| &*r.path != "petition");
    let dismissal = |policy: bool| {
        rows.iter().any(|r| r.relief == Relief::DismissAndSeal && &*r.path != "petition" && is_policy(r) == policy)
    };
    let (statutory_dismissal, policy_dismissal) = (dismissal(false), dismissal(true));
    let redesignation =
        rows.iter().any(|r| matches!(r.relief, Relief::Misdemeanor | Relief::Infraction) && &*r.path != "petition");
    let petition_sealed = rows.iter().any(|r| r.relief == Relief::DismissAndSeal && &*r.path == "petition");
    // The form is one page: its counts table gives up rows (about 12 pt
    // each) for what else the case needs — an AKA line, order paragraphs
    // beyond two (two lines each) — and the rest go to an attachment page.
    let paragraphs = [statutory_dismissal, policy_dismissal, redesignation, petition].iter().filter(|b| **b).count();
    let cost =
        2 * paragraphs.saturating_sub(2) + 2 * usize::from(!rows[0].aka.is_empty()) + usize::from(petition_sealed);
    // The budget is in table lines: a count with two case numbers takes two.
    let budget = 6usize.saturating_sub(cost).clamp(1, 4);
    let mut lines = 0;
    let mut max_rows = 0;
    for row in rows {
        let height = row.case_number.split("; ").count().max(1);
        if max_rows > 0 && lines + height > budget {
            break;
        }
        lines += height;
        max_rows += 1;
    }
    let plain = |text: String| vec![Span::plain(text)];
    let check = |checked: bool, text: String, indent: f32| FormItem::Check { checked, label: plain(text), indent };
    let signer = &o.signing_attorney;
    let mut head = vec![
        FormItem::Text(plain(format!(
            "{} (SBN {}), District Attorney",
            o.district_attorney.name, o.district_attorney.state_bar_number
        ))),
        FormItem::Text(plain(format!("{} (SBN {}), {}", signer.name, signer.state_bar_number, signer.title))),
        FormItem::Text(plain(format!("{} · {} · {}", o.name, o.address.join(", "), o.phone))),
        FormItem::Space(4.0),
        FormItem::Text(vec![Span::bold(court.title.clone())]),
        FormItem::Space(4.0),
        FormItem::Fields(vec![Field {
            label: "People of the State of California v.".into(),
            value: name_text(&first_row.name),
            width: 1.0,
        }]),
    ];
    if !first_row.aka.is_empty() {
        head.push(FormItem::Fields(vec![Field { label: "AKA".into(), value: name_text(&first_row.aka), width: 1.0 }]));
    }
    head.push(FormItem::Fields(vec![
        Field { label: "Case no.".into(), value: numbers.clone(), width: 1.7 },
        Field { label: "Date of birth".into(), value: first_row.dob.to_string(), width: 1.0 },
        Field { label: "CII".into(), value: first_row.cii.to_string(), width: 0.9 },
    ]));
    let counts = rows.len();
    head.push(FormItem::Boxed {
        title: Some(format!("MOTION ({})", cite("prop64"))),
        items: vec![
            check(
                petition,
                format!(
                    "Petition — sentence still being served: recall of sentence and resentencing, or dismissal ({})",
                    cite("basis_petition")
                ),
                0.0,
            ),
            check(
                application,
                format!(
                    "Application — sentence completed: redesignation, or dismissal and sealing ({})",
                    cite("basis_application")
                ),
                0.0,
            ),
            FormItem::Text(plain(format!(
                "Convictions ({} count{}):",
                crate::inspect::thousands(counts as u64),
                if counts == 1 { "" } else { "s" }
            ))),
            FormItem::CheckRow(section_boxes(rows)),
            FormItem::Text(plain(format!(
                "The People move for the relief shown for each count below; eligibility assessed as of {}.",
                long_date(as_of)
            ))),
            // At most four rows (fewer, see above) keep the motion and the
            // order on one page; more go to an attachment page that names
            // the person and the case.
            FormItem::Overflow {
                table,
                max_rows,
                attachment_title: format!(
                    "Counts (continued)\nPeople v. {} — Case\u{a0}no. {numbers}",
                    name_text(&first_row.name)
                ),
            },
            FormItem::SignatureLine {
                label: format!("{}\n{}, Attorney for the People", signer.name, signer.title),
                date: Some(long_date(as_of)),
                // The office's way of signing, as on its other papers.
                signed: match o.signature {
                    SignatureKind::Electronic => format!("/s/ {}", signer.name),
                    SignatureKind::Wet => String::new(),
                },
            },
        ],
    });
    let mut order = vec![check(false, "GRANTED. The motion is granted for every count listed above:".into(), 0.0)];
    let sub = 16.0;
    // Only a statutory dismissal is "legally invalid" (issue 10, finding 2).
    if statutory_dismissal {
        order.push(check(
            false,
            format!(
                "the counts on application listed as dismiss and seal (statutory basis) are DISMISSED as legally invalid and the records SEALED ({});",
                cite("basis_application")
            ),
            sub,
        ));
    }
    if policy_dismissal {
        order.push(check(
            false,
            "the counts on application listed as dismiss and seal (office policy) are DISMISSED on the People's motion and the records SEALED;"
                .into(),
            sub,
        ));
    }
    if redesignation {
        order.push(check(
            false,
            format!(
                "the counts on application listed for redesignation are REDESIGNATED as misdemeanors or infractions, as shown, for all purposes ({});",
                cite("basis_application")
            ),
            sub,
        ));
    }
    if petition {
        order.push(check(
            false,
            format!(
                "on the counts on petition, the sentence is RECALLED and the petitioner RESENTENCED as shown, or the count DISMISSED, with credit for time served ({});",
                cite("basis_petition")
            ),
            sub,
        ));
    }
    if petition_sealed {
        order.push(check(false, "the records of every count dismissed on petition are SEALED;".into(), sub));
    }
    order.push(check(false, "relief from registration under HS § 11590 is granted.".into(), sub));
    order.push(check(false, "DENIED.".into(), 0.0));
    order.push(check(
        false,
        "SET FOR HEARING on ____________________ at __________ in Department __________.".into(),
        0.0,
    ));
    order.push(FormItem::Text(plain(format!(
        "The clerk shall notify the Department of Justice of this order ({}).",
        cite("doj_update")
    ))));
    order.push(FormItem::SignatureLine {
        label: "Judge of the Superior Court".into(),
        date: Some(String::new()),
        signed: String::new(),
    });
    head.push(FormItem::Boxed { title: Some("ORDER".into()), items: order });
    head
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docket::tests::row;

    /// Finding 3: the reason is the ground and the fact, for the court; the
    /// authority is the conviction's own section's bar.
    #[test]
    fn challenged_reasons_are_written_for_the_court() {
        let mut r = row(2, "CASC SAN FRANCISCO", "not_eligible", Relief::None);
        r.code_section = "11359 HS".into();
        r.reason = "11359 HS felony: prior conviction of PC 187 on 1995-01-01 (murder), a superstrike (PC 667(e)(2)(C)(iv)(IV)), bars reduction".into();
        r.citation = "HS 11358(d); HS 11359(c); HS 11360(a)(3); PC 667(e)(2)(C)(iv)".into();
        assert_eq!(
            court_reason(&r),
            "Prior conviction of PC 187 on 1995-01-01 (murder), a superstrike (PC 667(e)(2)(C)(iv)(IV)), bars reduction. Authority: HS 11359(c); PC 667(e)(2)(C)(iv)."
        );
        r.code_section = "11359(b) HS".into();
        r.reason =
            "11359(b) HS: convicted 2019-06-30, after Prop 64 took effect; sentenced under the current law".into();
        r.citation = "HS 11361.8(a)".into();
        assert_eq!(
            court_reason(&r),
            "Convicted 2019-06-30, after Proposition\u{a0}64 took effect; sentenced under the current law. Authority: HS 11361.8(a)."
        );
    }

    /// Finding 12: a box per Prop 64 section, checked with its count.
    #[test]
    fn section_boxes_count_the_counts_of_each_section() {
        let mut rows: Vec<DocketRow> =
            (0..4).map(|i| row(2 + i, "CASC SAN FRANCISCO", "dismiss", Relief::DismissAndSeal)).collect();
        rows[0].code_section = "11357(b) HS".into();
        rows[1].code_section = "11359 HS".into();
        rows[2].code_section = "11359(b) HS".into();
        rows[3].code_section = "11362.3 HS".into();
        let refs: Vec<&DocketRow> = rows.iter().collect();
        let boxes: Vec<(bool, String)> =
            section_boxes(&refs).into_iter().map(|(c, l)| (c, l.replace('\u{a0}', " "))).collect();
        let expected = [
            (true, "HS 11357 ×1"),
            (false, "HS 11358"),
            (true, "HS 11359 ×2"),
            (false, "HS 11360"),
            (true, "HS 11362.3 ×1"),
        ];
        assert_eq!(boxes, expected.map(|(c, l)| (c, l.to_owned())));
    }

    #[test]
    fn surnames_are_kept_together_and_other_names_left_alone() {
        assert_eq!(name_text("DE LA CRUZ,ANA MARIA"), "DE\u{a0}LA\u{a0}CRUZ,ANA MARIA");
        assert_eq!(name_text("DE LA CRUZ, ANA"), "DE\u{a0}LA\u{a0}CRUZ, ANA");
        assert_eq!(name_text("MONONYM"), "MONONYM");
    }

    #[test]
    fn policy_criteria_state_the_thresholds() {
        let settings = serde_json::json!({"dismiss_if": {"age_at_least": 50, "years_crime_free": 10}, "dismiss_sections": ["11357"]});
        assert_eq!(
            policy_criterion("policy_age_threshold", &settings),
            "the person is 50 years of age or older on the assessment date"
        );
        assert!(
            policy_criterion("policy_years_crime_free", &settings)
                .contains("10 or more years before the assessment date")
        );
        assert!(policy_criterion("policy_section_dismissed", &settings).contains("HS\u{a0}11357"));
    }

    #[test]
    fn the_order_names_every_volume() {
        assert_eq!(exhibit_name(&[ExhibitVolume { number: 1, of: 1, first_row: 1, last_row: 9 }]), "Exhibit A");
        let volumes: Vec<ExhibitVolume> = (1..=3u32)
            .map(|n| ExhibitVolume {
                number: n,
                of: 3,
                first_row: (n as u64 - 1) * 4000 + 1,
                last_row: n as u64 * 4000,
            })
            .collect();
        assert_eq!(
            exhibit_name(&volumes),
            "Exhibit A, in 3 volumes (Volume 1 of 3, rows 1 to 4,000; Volume 2 of 3, rows 4,001 to 8,000; Volume 3 of 3, rows 8,001 to 12,000)"
        );
    }
}
