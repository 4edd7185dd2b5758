//! A synthetic office case-list export for the people of a generated DOJ
//! file, with its ground truth: what each export row *is*, so tests and
//! benchmarks can measure how well the sources are matched.
//!
//! The export is built by reading the DOJ file back (through the normal
//! reader) and writing, for about a third of the people with a Prop 64
//! conviction in the county, the office's version of their record: most of
//! their convictions (the rest are DOJ-only), sometimes one the DOJ file
//! lacks, with the variations real exports show — names in FIRST LAST
//! order, accents, typos, hyphenated surnames, AKAs, missing CIIs, case
//! numbers written differently, a level that disagrees — plus hard cases
//! that must never be merged (a twin, a father with the son's name, a
//! namesake with the same date of birth but another CII), rows whose rules
//! disagree, rows in another county and a duplicated row.
//!
//! The same DOJ file and seed give the same bytes.

use std::path::Path;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::Dice;
use crate::ingest::{IngestError, ReadOptions, Reject, Sink};
use crate::model::{Date, Level, Person};

/// The truth file's columns.
pub const TRUTH_COLUMNS: [&str; 8] =
    ["line", "person_id", "expect", "truth_subject", "truth_count", "variants", "hard_case", "note"];

/// An export and its ground truth, as CSV bytes.
#[derive(Debug, Default)]
pub struct OfficeExport {
    /// The export in the case-list schema.
    pub export: Vec<u8>,
    /// One row per export line (and one per DOJ-only conviction): `expect` is
    /// `both`, `disagree`, `office_only`, `ambiguous`, `other_county`,
    /// `duplicate` or `doj_only`; `truth_subject`/`truth_count` name the DOJ
    /// person and conviction the row really is (empty when none).
    pub truth: Vec<u8>,
    pub rows: u64,
    pub people: u64,
}

/// Builds the export for the people of `doj` (a file `clearmotion sample` wrote).
pub fn office_export(doj: &Path, seed: u64, county: &str) -> Result<OfficeExport, IngestError> {
    let mut builder = Builder {
        dice: Dice(ChaCha8Rng::seed_from_u64(seed ^ 0x0ff1_ce00_5eed)),
        county: county.to_ascii_uppercase(),
        export: csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new()),
        truth: csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new()),
        line: 2,
        people: 0,
        eligible: 0,
        previous: None,
    };
    builder.export.write_record(crate::ingest::caselist::COLUMNS).map_err(csv_error)?;
    builder.truth.write_record(TRUTH_COLUMNS).map_err(csv_error)?;
    crate::ingest::read(&[doj.to_owned()], &ReadOptions::default(), &mut builder)?;
    let rows = builder.line - 2;
    let people = builder.people;
    Ok(OfficeExport {
        export: builder.export.into_inner().map_err(|e| csv_error(e.into_error().into()))?,
        truth: builder.truth.into_inner().map_err(|e| csv_error(e.into_error().into()))?,
        rows,
        people,
    })
}

fn csv_error(e: csv::Error) -> IngestError {
    IngestError::Read { path: Default::default(), line: 0, message: e.to_string() }
}

/// One conviction as the office writes it.
#[derive(Debug, Clone)]
struct Conviction {
    case_number: String,
    court: String,
    county: String,
    section: String,
    level: Level,
    date: Date,
}

struct Builder {
    dice: Dice,
    county: String,
    export: csv::Writer<Vec<u8>>,
    truth: csv::Writer<Vec<u8>>,
    /// The export's next line number (the header is line 1).
    line: u64,
    people: u64,
    /// People with a Prop 64 conviction in the county seen so far.
    eligible: u64,
    /// A conviction of an earlier person (for a row whose rules disagree).
    previous: Option<Conviction>,
}

/// First names no sample person has, for twins.
const TWIN_NAMES: [&str; 4] = ["ZEPHYRINE", "BARTHOLOMEW", "QUENTINA", "OCTAVIUS"];

impl Builder {
    #[allow(clippy::too_many_arguments)]
    fn row(
        &mut self,
        id: &str,
        name: &str,
        dob: Option<Date>,
        cii: &str,
        c: &Conviction,
        expect: &str,
        truth: (&str, &str),
        variants: &[&str],
        hard_case: &str,
    ) {
        let dob = dob.map(|d| d.to_string()).unwrap_or_default();
        let date = c.date.to_string();
        let _ = self.export.write_record([
            id,
            name,
            &dob,
            cii,
            &c.case_number,
            &c.court,
            &c.county,
            &c.section,
            c.level.letter(),
            &date,
            "",
            "",
            "",
        ]);
        let line = self.line.to_string();
        let _ = self.truth.write_record([&line, id, expect, truth.0, truth.1, &variants.join(" "), hard_case, ""]);
        self.line += 1;
    }

    fn doj_only(&mut self, subject: &str, count: &str) {
        let _ = self.truth.write_record(["", "", "doj_only", subject, count, "", "", ""]);
    }

    /// The name as the office writes it, and the variant used.
    fn name_variant(&mut self, person: &Person) -> (String, &'static str) {
        let name = person.name.clone();
        let (last, given) = name.split_once(',').unwrap_or((&name, ""));
        let draw = self.dice.below(100);
        match draw {
            0..40 => (name.clone(), "exact"),
            40..55 if !given.is_empty() => (format!("{given} {last}"), "first_last"),
            55..65 => match accent(last) {
                Some(accented) => (format!("{accented},{given}"), "accents"),
                None => (name.clone(), "exact"),
            },
            65..75 => match typo(last) {
                Some(typo) => (format!("{typo},{given}"), "typo"),
                None => (name.clone(), "exact"),
            },
            75..85 => (format!("{last}-MOCKWELL,{given}"), "hyphen"),
            _ => match person.akas.first() {
                Some(aka) => (aka.clone(), "aka"),
                None => (name.clone(), "exact"),
            },
        }
    }

    fn case_variant(&mut self, number: &str) -> (String, &'static str) {
        match self.dice.below(5) {
            0 => {
                let split = number.find(|c: char| c.is_ascii_digit()).unwrap_or(0);
                (format!("{}-{}", &number[..split], &number[split..]).trim_start_matches('-').to_owned(), "case_format")
            }
            1 => {
                let split = number.find(|c: char| c.is_ascii_digit()).unwrap_or(0);
                (format!("{}0{}", &number[..split], &number[split..]), "case_format")
            }
            2 => (number.to_ascii_lowercase().replace(char::is_whitespace, ""), "case_format"),
            _ => (number.to_owned(), ""),
        }
    }

    fn person(&mut self, person: Person) {
        let in_scope: Vec<(Conviction, String)> = person
            .convictions()
            .filter(|(case, count)| case.county.eq_ignore_ascii_case(&self.county) && count.is_prop64_conviction())
            .filter_map(|(case, count)| {
                let number = case.case_numbers.first()?;
                Some((
                    Conviction {
                        case_number: number.clone(),
                        court: case.court.to_string(),
                        county: case.county.to_string(),
                        section: count.section.as_ref()?.to_string(),
                        level: count.level?,
                        date: count.conviction_date?,
                    },
                    count.id.to_string(),
                ))
            })
            .collect();
        if in_scope.is_empty() || person.dob.is_none() {
            for (_, count) in &in_scope {
                self.doj_only(&person.subject_id, count);
            }
            return;
        }
        self.eligible += 1;
        let forced = self.eligible <= 6;
        if !forced && !self.dice.percent(35) {
            for (_, count) in &in_scope {
                self.doj_only(&person.subject_id, count);
            }
            return;
        }
        self.people += 1;
        let id = format!("OX-{:05}", self.people);
        let subject = person.subject_id.clone();
        // Some people only by name and date of birth: no CII, and only a
        // conviction the DOJ file lacks.
        let name_only = self.dice.percent(6) || (forced && self.eligible == 5);
        let keep_cii = !name_only && self.dice.percent(70);
        let cii = if keep_cii { person.cii.clone() } else { String::new() };
        let (name, name_variant) = self.name_variant(&person);
        let mut base: Vec<&str> = vec![name_variant];
        if !keep_cii {
            base.push("no_cii");
        }
        let mut exported_any = false;
        for (k, (conviction, count)) in in_scope.iter().enumerate() {
            // Two counts alike in every column the schema has would be one
            // row exported twice: the office's export has the first only.
            let alike = in_scope[..k].iter().any(|(c, _)| {
                (&c.case_number, &c.section, c.level, c.date)
                    == (&conviction.case_number, &conviction.section, conviction.level, conviction.date)
            });
            if alike || name_only || (exported_any && !self.dice.percent(80)) {
                self.doj_only(&subject, count);
                continue;
            }
            exported_any = true;
            let mut c = conviction.clone();
            let (number, case_variant) = self.case_variant(&c.case_number);
            c.case_number = number;
            let mut variants = base.clone();
            if !case_variant.is_empty() {
                variants.push(case_variant);
            }
            let mut expect = "both";
            if self.dice.percent(8) || (forced && self.eligible == 2) {
                c.level = if c.level == Level::Felony { Level::Misdemeanor } else { Level::Felony };
                variants.push("level_differs");
                expect = "disagree";
            }
            self.row(&id, &name, person.dob, &cii, &c, expect, (&subject, count), &variants, "");
        }
        // A conviction the DOJ file lacks.
        let dob = person.dob.expect("checked");
        let adult = (dob + chrono::Months::new(12 * 19)).max(Date::from_ymd_opt(1990, 1, 1).expect("a date"));
        let office_only = |dice: &mut Dice, n: u64| Conviction {
            case_number: format!("OF{:07}", n),
            court: format!("CASC {}", "SAN FRANCISCO"),
            county: String::new(),
            section: "11357(a) HS".to_owned(),
            level: Level::Misdemeanor,
            date: adult + chrono::Days::new(u64::from(dice.below(3000))),
        };
        if name_only || forced || self.dice.percent(15) {
            let mut c = office_only(&mut self.dice, self.line);
            c.court = in_scope[0].0.court.clone();
            c.county = in_scope[0].0.county.clone();
            if name_only {
                c.date = c.date.min(Date::from_ymd_opt(2016, 10, 1).expect("a date"));
                base.push("name_only");
            }
            if c.date < Date::from_ymd_opt(2016, 11, 1).expect("a date") {
                self.row(&id, &name, person.dob, &cii, &c, "office_only", (&subject, ""), &base, "");
            }
        }
        // Hard cases: never the same person.
        let template = in_scope[0].0.clone();
        let hard = |this: &mut Builder, kind: &str, name: String, dob: Option<Date>, cii: String| {
            this.people += 1;
            let other = format!("OX-{:05}", this.people);
            let mut c = office_only(&mut this.dice, this.line);
            c.court = template.court.clone();
            c.county = template.county.clone();
            if dob.is_some_and(|d| c.date < d + chrono::Months::new(12 * 18)) {
                c.date = dob.expect("some") + chrono::Months::new(12 * 20);
            }
            this.row(&other, &name, dob, &cii, &c, "office_only", ("", ""), &[], kind);
        };
        let (last, given) = person.name.split_once(',').unwrap_or((&person.name, ""));
        if forced && self.eligible == 1 || self.dice.percent(2) {
            let first = given.split_whitespace().next().unwrap_or("");
            let twin = TWIN_NAMES.iter().find(|n| **n != first).expect("four names");
            hard(self, "twin", format!("{last},{twin}"), person.dob, String::new());
        }
        if forced && self.eligible == 2 || self.dice.percent(2) {
            let father = dob.checked_sub_months(chrono::Months::new(12 * 26));
            hard(self, "father_son", person.name.clone(), father, String::new());
        }
        if forced && self.eligible == 3 || self.dice.percent(2) {
            let cii = format!("88{:08}", self.people);
            hard(self, "same_name_dob_other_cii", person.name.clone(), person.dob, cii);
        }
        // Rows whose rules disagree: this person's CII with an earlier person's conviction.
        if let Some(previous) = self.previous.clone()
            && !person.cii.is_empty()
            && (forced && self.eligible == 4 || self.dice.percent(1))
        {
            self.people += 1;
            let other = format!("OX-{:05}", self.people);
            self.row(
                &other,
                &person.name,
                person.dob,
                &person.cii,
                &previous,
                "ambiguous",
                ("", ""),
                &[],
                "rules_disagree",
            );
        }
        // A conviction in another county.
        if forced && self.eligible == 5 || self.dice.percent(1) {
            let mut c = template.clone();
            c.case_number = format!("LA{:07}", self.line);
            c.court = "CASC LOS ANGELES".to_owned();
            c.county = "LOS ANGELES".to_owned();
            self.row(&id, &name, person.dob, &cii, &c, "other_county", ("", ""), &base, "");
        }
        // An exported row, exported twice.
        if forced && self.eligible == 6 || self.dice.percent(1) {
            let mut c = template.clone();
            c.case_number = format!("DUP{:07}", self.line);
            self.row(&id, &name, person.dob, &cii, &c, "office_only", (&subject, ""), &base, "");
            self.row(&id, &name, person.dob, &cii, &c, "duplicate", (&subject, ""), &base, "");
        }
        self.previous = Some(template);
    }
}

impl Sink for Builder {
    fn person(&mut self, person: Person) {
        Builder::person(self, person);
    }

    fn reject(&mut self, _reject: Reject) {}
}

/// The surname with its first `E`, `A`, `O` or `N` accented (`É`, `Á`, `Ó`, `Ñ`).
fn accent(last: &str) -> Option<String> {
    let at = last.find(['E', 'A', 'O', 'N'])?;
    let accented = match &last[at..at + 1] {
        "E" => "É",
        "A" => "Á",
        "O" => "Ó",
        _ => "Ñ",
    };
    Some(format!("{}{accented}{}", &last[..at], &last[at + 1..]))
}

/// The surname with two middle letters swapped (five letters or more, all ASCII).
fn typo(last: &str) -> Option<String> {
    let bytes = last.as_bytes();
    if bytes.len() < 5 || !last.is_ascii() {
        return None;
    }
    let at = (1..bytes.len() - 2)
        .find(|&i| bytes[i] != bytes[i + 1] && bytes[i].is_ascii_alphabetic() && bytes[i + 1].is_ascii_alphabetic())?;
    let mut out = bytes.to_vec();
    out.swap(at, at + 1);
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants() {
        assert_eq!(accent("FAUXBERG").as_deref(), Some("FÁUXBERG"));
        assert_eq!(typo("FAUXBERG").as_deref(), Some("FUAXBERG"));
        assert_eq!(typo("LEE"), None);
    }
}
