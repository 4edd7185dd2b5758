//! The office file: who files (the DA's office, its elected DA and signing
//! attorney), who is served (the public defender), which court each DOJ court
//! description belongs to, and how packets are cut.
//!
//! A TOML file, documented in `samples/office.toml`. Unknown keys and bad
//! values are errors naming the key and the file; nothing later sees an
//! unchecked value. Court titles for all 58 counties are built in
//! ([`courts`]); the office file overrides them. The office file holds staff
//! details only, never data about the people whose records are cleared.

pub mod courts;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Deserializer, Serialize};

use crate::model::Date;
pub use courts::{Assignment, Court, CourtResolver, Courthouse};

/// An office file that cannot be used: names the file and the key or value.
#[derive(Debug, thiserror::Error)]
#[error("{}: {message}", file.display())]
pub struct OfficeError {
    pub file: PathBuf,
    pub message: String,
}

/// A lawyer named on filings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attorney {
    pub name: String,
    /// Digits only (`123456`).
    pub state_bar_number: String,
}

/// The attorney who signs the motions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SigningAttorney {
    pub name: String,
    /// `Deputy District Attorney`, ...
    pub title: String,
    /// Digits only.
    pub state_bar_number: String,
}

/// The public defender, served with the notice of challenged cases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicDefender {
    /// The public defender's name.
    pub name: String,
    /// The office (`Office of the Public Defender`).
    pub office: String,
    /// Where papers are served, one line per entry.
    pub service_address: Vec<String>,
    /// The e-service address, required when `service_method = "electronic"`.
    #[serde(default)]
    pub e_service_address: String,
}

/// How the papers are signed: `/s/ NAME` (CRC 2.257) or a line to sign on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignatureKind {
    /// `/s/ NAME` is printed on the line; for a declaration the office keeps
    /// the declarant's signature as CRC 2.257 requires.
    Electronic,
    /// A line to sign on by hand.
    Wet,
}

/// How the public defender is served (CCP 1011, 1013a, 1010.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceMethod {
    Personal,
    Mail,
    Electronic,
}

/// The person who serves the papers and signs the proof of service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Server {
    /// Printed under the signature.
    pub name: String,
}

/// One county's court in the office's directory.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CourtEntry {
    /// Overrides the built-in title ("SUPERIOR COURT OF THE STATE OF
    /// CALIFORNIA, COUNTY OF ...").
    #[serde(default)]
    pub title: Option<String>,
    /// The court's address, one line per entry.
    #[serde(default)]
    pub address: Vec<String>,
    /// The number the court gave the bulk proceeding, for the caption; when
    /// absent the caption leaves `No. ______` for the clerk.
    #[serde(default)]
    pub case_number: Option<String>,
    #[serde(default)]
    pub courthouses: Vec<CourthouseEntry>,
}

/// A courthouse, and the DOJ court descriptions that mean it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CourthouseEntry {
    pub name: String,
    #[serde(default)]
    pub address: Vec<String>,
    /// `STP_ORI_DESCR` values as they appear in the data (`CASC SAN FRANCISCO`);
    /// matched case-insensitively, whitespace normalised.
    pub descriptions: Vec<String>,
}

/// Bulk (one motion per packet, the default) or one motion-and-order form per case.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    #[default]
    Bulk,
    PerCase,
}

/// How packets are cut.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PacketOptions {
    pub mode: Mode,
    /// One packet per courthouse instead of per court.
    pub group_by_courthouse: bool,
    /// One packet per relief (dismiss and seal, misdemeanor, infraction).
    pub split_by_relief: bool,
    /// At most this many rows per packet (0 = unlimited). Bulk mode only.
    pub max_rows_per_packet: u32,
    /// Also write one printable `packet.pdf` per packet folder (every
    /// document in order), besides the documents as files.
    pub combined: bool,
    /// No PDF is larger than this (courts' e-filing limits): Exhibit A is cut
    /// in volumes to fit. Megabytes of 1,000,000 bytes; default 25.
    pub max_file_mb: MaxFileMb,
    /// Exhibit A's type size in points, 10 to 12 (default 12, as CRC 2.104
    /// asks of papers): an office may set long exhibits smaller, never below 10.
    pub exhibit_font_pt: Option<u8>,
}

/// `[packets] max_file_mb`: a size in megabytes (1,000,000 bytes), more
/// than 0 and at most 1,000 (fractions allowed: `0.5`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(transparent)]
pub struct MaxFileMb(f64);

impl Eq for MaxFileMb {}

impl Default for MaxFileMb {
    fn default() -> MaxFileMb {
        MaxFileMb(25.0)
    }
}

impl MaxFileMb {
    /// The cap in bytes.
    pub fn bytes(self) -> u64 {
        (self.0 * 1_000_000.0) as u64
    }
    /// As written (`25`, `0.5`).
    pub fn megabytes(self) -> f64 {
        self.0
    }
}

impl<'de> Deserialize<'de> for MaxFileMb {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<MaxFileMb, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Written {
            Int(i64),
            Float(f64),
        }
        let mb = match Written::deserialize(deserializer)? {
            Written::Int(n) => n as f64,
            Written::Float(x) => x,
        };
        if !(mb.is_finite() && (0.05..=1000.0).contains(&mb)) {
            return Err(serde::de::Error::custom(format!(
                "{mb} is not a file size: write megabytes from 0.05 to 1000 (25 is the usual e-filing limit)"
            )));
        }
        Ok(MaxFileMb(mb))
    }
}

/// Exhibit A's type size when the office file does not set one.
pub const EXHIBIT_FONT_PT: u8 = 12;
/// The smallest type the office file may set Exhibit A in.
pub const EXHIBIT_FONT_PT_MIN: u8 = 10;

impl PacketOptions {
    /// Exhibit A's type size in points (`exhibit_font_pt`, default 12).
    pub fn exhibit_font(&self) -> f32 {
        f32::from(self.exhibit_font_pt.unwrap_or(EXHIBIT_FONT_PT))
    }
}

/// Hearing information for the caption, when the court sets one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Hearing {
    /// `YYYY-MM-DD`.
    #[serde(deserialize_with = "optional_date")]
    pub date: Option<Date>,
    /// `8:30 AM`, as it should be printed.
    pub time: String,
    /// `Department 12`, as it should be printed.
    pub department: String,
}

/// The office file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Office {
    /// `Office of the District Attorney, County of ...`.
    pub name: String,
    /// The office's county, as the DOJ spells it (`SAN FRANCISCO`): a run for
    /// another county is an error.
    pub county: String,
    /// The authority for relief beyond the statute under the office's policy,
    /// as the office's legal staff state it (printed in the motion). Required
    /// when a packet holds a policy row.
    #[serde(default)]
    pub policy_authority: Option<String>,
    /// `electronic` (`/s/ NAME`, CRC 2.257) or `wet` (a line to sign on).
    pub signature: SignatureKind,
    /// The city where the declarations are executed (`San Francisco`).
    pub signing_place: String,
    /// The date the papers are signed; by default the assessment (as-of) date.
    #[serde(default, deserialize_with = "optional_date")]
    pub signing_date: Option<Date>,
    /// How the public defender is served.
    pub service_method: ServiceMethod,
    /// Who serves the papers.
    pub server: Server,
    pub district_attorney: Attorney,
    pub signing_attorney: SigningAttorney,
    /// The office's address, one line per entry.
    pub address: Vec<String>,
    pub phone: String,
    #[serde(default)]
    pub email: String,
    pub public_defender: PublicDefender,
    /// County (as the data spells it) → its court and courthouses.
    #[serde(default)]
    pub courts: BTreeMap<String, CourtEntry>,
    #[serde(default)]
    pub packets: PacketOptions,
    /// A folder of templates overriding the built-in ones. Relative to the
    /// office file in the file; [`Office::load`] makes it a full path.
    #[serde(default)]
    pub templates: Option<PathBuf>,
    #[serde(default)]
    pub hearing: Option<Hearing>,
    /// The filing ledger (SQLite), relative to the office file: what was
    /// filed, and what the court did with it. `--ledger` overrides it.
    #[serde(default)]
    pub ledger: Option<PathBuf>,
    /// Days after a granted order before a conviction the DOJ still shows
    /// unchanged goes on the DOJ follow-up list. The statute sets no time;
    /// this is the office's choice.
    #[serde(default = "default_follow_up_days")]
    pub doj_follow_up_days: u32,
}

fn default_follow_up_days() -> u32 {
    90
}

/// A date written `"2026-12-15"` or, as TOML allows, `2026-12-15`.
fn optional_date<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Date>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Written {
        Text(String),
        Toml(toml::value::Datetime),
    }
    let text = match Written::deserialize(deserializer)? {
        Written::Text(text) => text,
        Written::Toml(datetime) => datetime.to_string(),
    };
    Date::parse_from_str(&text, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| serde::de::Error::custom(format!("\"{text}\" is not a date: write it as \"YYYY-MM-DD\"")))
}

impl Office {
    /// Reads and checks an office file. The `templates` folder, if given, is
    /// resolved against the file's folder and must exist.
    pub fn load(path: &Path) -> Result<Office, OfficeError> {
        let err = |message: String| OfficeError { file: path.to_owned(), message };
        let text = std::fs::read_to_string(path).map_err(|e| err(format!("cannot read the office file: {e}")))?;
        let mut office = Office::parse(&text, path)?;
        if let Some(templates) = &office.templates {
            let full = path.parent().unwrap_or(Path::new("")).join(templates);
            if !full.is_dir() {
                return Err(err(format!("templates: {} is not a folder", full.display())));
            }
            office.templates = Some(full);
        }
        Ok(office)
    }

    /// An office file's text, read and checked; `path` names it in errors.
    /// A `templates` folder is left as written (see [`Office::load`]).
    pub fn parse(text: &str, path: &Path) -> Result<Office, OfficeError> {
        let err = |message: String| OfficeError { file: path.to_owned(), message };
        let office: Office = toml::from_str(text).map_err(|e| err(one_line(&e.to_string())))?;
        office.validate().map_err(err)?;
        Ok(office)
    }

    /// Checks values; the message names the key.
    pub fn validate(&self) -> Result<(), String> {
        let required = [
            ("name", &self.name),
            ("county", &self.county),
            ("signing_place", &self.signing_place),
            ("server.name", &self.server.name),
            ("district_attorney.name", &self.district_attorney.name),
            ("signing_attorney.name", &self.signing_attorney.name),
            ("signing_attorney.title", &self.signing_attorney.title),
            ("phone", &self.phone),
            ("public_defender.name", &self.public_defender.name),
            ("public_defender.office", &self.public_defender.office),
        ];
        for (key, value) in required {
            if value.trim().is_empty() {
                return Err(format!("{key} is empty"));
            }
        }
        for (key, number) in [
            ("district_attorney.state_bar_number", &self.district_attorney.state_bar_number),
            ("signing_attorney.state_bar_number", &self.signing_attorney.state_bar_number),
        ] {
            if number.is_empty() || number.len() > 6 || !number.bytes().all(|b| b.is_ascii_digit()) {
                return Err(format!("{key} = \"{number}\" is not a State Bar number (1 to 6 digits)"));
            }
        }
        if !self.phone.bytes().any(|b| b.is_ascii_digit()) {
            return Err(format!("phone = \"{}\" has no digits", self.phone));
        }
        if !self.email.is_empty() && !self.email.contains('@') {
            return Err(format!("email = \"{}\" is not an e-mail address", self.email));
        }
        if !courts::is_county(&courts::normalize(&self.county)) {
            return Err(format!("county = \"{}\" is not a California county", self.county));
        }
        if let Some(pt) = self.packets.exhibit_font_pt
            && !(EXHIBIT_FONT_PT_MIN..=EXHIBIT_FONT_PT).contains(&pt)
        {
            return Err(format!(
                "packets.exhibit_font_pt = {pt}: Exhibit A may be set in {EXHIBIT_FONT_PT_MIN} to {EXHIBIT_FONT_PT} point type, never below {EXHIBIT_FONT_PT_MIN} (CRC 2.104 asks {EXHIBIT_FONT_PT} for papers)"
            ));
        }
        if self.policy_authority.as_ref().is_some_and(|a| a.trim().is_empty()) {
            return Err("policy_authority is empty: give the authority or leave the key out".into());
        }
        if self.service_method == ServiceMethod::Electronic && !self.public_defender.e_service_address.contains('@') {
            return Err(format!(
                "public_defender.e_service_address = \"{}\" is not an e-mail address (service_method = \"electronic\" needs one)",
                self.public_defender.e_service_address
            ));
        }
        lines("address", &self.address)?;
        lines("public_defender.service_address", &self.public_defender.service_address)?;
        let mut counties = HashMap::new();
        let mut descriptions: HashMap<String, String> = HashMap::new();
        for (county, entry) in &self.courts {
            let key = format!("courts.\"{county}\"");
            let normal = courts::normalize(county);
            if !courts::is_county(&normal) {
                return Err(format!("{key}: \"{county}\" is not a California county"));
            }
            if let Some(other) = counties.insert(normal, county) {
                return Err(format!("{key}: the same county as courts.\"{other}\""));
            }
            if entry.case_number.as_ref().is_some_and(|t| t.trim().is_empty()) {
                return Err(format!("{key}.case_number is empty: give the number or leave the key out"));
            }
            if entry.title.as_ref().is_some_and(|t| t.trim().is_empty()) {
                return Err(format!("{key}.title is empty"));
            }
            if !entry.address.is_empty() {
                lines(&format!("{key}.address"), &entry.address)?;
            }
            let mut names = HashMap::new();
            for (i, house) in entry.courthouses.iter().enumerate() {
                let key = format!("{key}.courthouses[{i}]");
                if house.name.trim().is_empty() {
                    return Err(format!("{key}.name is empty"));
                }
                if names.insert(courts::normalize(&house.name), i).is_some() {
                    return Err(format!("{key}.name = \"{}\" is used twice in this court", house.name));
                }
                if !house.address.is_empty() {
                    lines(&format!("{key}.address"), &house.address)?;
                }
                if house.descriptions.is_empty() {
                    return Err(format!("{key}.descriptions is empty: list the court descriptions as in the data"));
                }
                for description in &house.descriptions {
                    let normal = courts::normalize(description);
                    if normal.is_empty() {
                        return Err(format!("{key}.descriptions has an empty entry"));
                    }
                    if let Some(other) = descriptions.insert(normal, key.clone()) {
                        return Err(format!("{key}.descriptions: \"{description}\" is also listed under {other}"));
                    }
                }
            }
        }
        Ok(())
    }
}

/// Address lines: at least one, none blank.
fn lines(key: &str, lines: &[String]) -> Result<(), String> {
    if lines.is_empty() {
        return Err(format!("{key} is empty: give at least one line"));
    }
    match lines.iter().position(|l| l.trim().is_empty()) {
        Some(i) => Err(format!("{key}[{i}] is blank")),
        None => Ok(()),
    }
}

/// toml's messages span lines (with a caret); ours are one line.
fn one_line(message: &str) -> String {
    message.trim_end().lines().map(str::trim_end).collect::<Vec<_>>().join(" | ")
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) const MINIMAL: &str = r#"
name = "Office of the District Attorney"
county = "ALAMEDA"
signature = "wet"
signing_place = "Exampleville"
service_method = "mail"
address = ["1 Example Plaza", "Exampleville, CA 90000"]
phone = "(555) 010-0000"
[district_attorney]
name = "Avery Example"
state_bar_number = "100001"
[signing_attorney]
name = "Blake Sample"
title = "Deputy District Attorney"
state_bar_number = "200002"
[public_defender]
name = "Casey Placeholder"
office = "Office of the Public Defender"
service_address = ["2 Example Plaza", "Exampleville, CA 90000"]
[server]
name = "Dana Server"
"#;

    fn write(name: &str, text: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        (dir, path)
    }

    #[test]
    fn sample_office_file_loads() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/office.toml");
        let office = Office::load(&path).unwrap();
        assert_eq!(office.packets.mode, Mode::Bulk);
        assert!(office.courts.contains_key("SAN FRANCISCO"));
        assert_eq!(office.signing_attorney.state_bar_number, "200002");
    }

    #[test]
    fn minimal_office_file_loads_with_defaults() {
        let (_dir, path) = write("office.toml", MINIMAL);
        let office = Office::load(&path).unwrap();
        assert_eq!(office.packets, PacketOptions::default());
        assert!(office.courts.is_empty() && office.templates.is_none() && office.hearing.is_none());
        for date in ["\"2026-12-15\"", "2026-12-15"] {
            let (_dir, path) =
                write("office.toml", &format!("{MINIMAL}[hearing]\ndate = {date}\ntime = \"8:30 AM\"\n"));
            let hearing = Office::load(&path).unwrap().hearing.unwrap();
            assert_eq!((hearing.date, hearing.time.as_str()), (Date::from_ymd_opt(2026, 12, 15), "8:30 AM"));
        }
    }

    #[test]
    fn templates_folder_is_relative_to_the_office_file() {
        let (dir, path) = write("office.toml", &format!("templates = \"tpl\"\n{MINIMAL}"));
        let message = Office::load(&path).unwrap_err().to_string();
        assert!(message.contains("templates:") && message.contains("office.toml"), "{message}");
        std::fs::create_dir(dir.path().join("tpl")).unwrap();
        assert_eq!(Office::load(&path).unwrap().templates, Some(dir.path().join("tpl")));
    }

    #[test]
    fn unknown_keys_and_bad_values_name_the_key_and_file() {
        let court = "[courts.\"SAN FRANCISCO\"]\n[[courts.\"SAN FRANCISCO\".courthouses]]\nname = \"Hall\"\n";
        for (extra, expected) in [
            ("fax = \"1\"", "fax"),
            ("[packets]\nmax_rows = 3", "max_rows"),
            ("[packets]\nmode = \"batch\"", "batch"),
            ("[packets]\nmax_rows_per_packet = -1", "max_rows_per_packet"),
            ("[packets]\nmax_file_mb = 0", "max_file_mb"),
            ("[packets]\nmax_file_mb = \"big\"", "max_file_mb"),
            ("[packets]\ncombined = 1", "combined"),
            (
                "[packets]\nexhibit_font_pt = 9",
                "packets.exhibit_font_pt = 9: Exhibit A may be set in 10 to 12 point type",
            ),
            ("[packets]\nexhibit_font_pt = 14", "packets.exhibit_font_pt = 14"),
            ("[packets]\nexhibit_font_pt = 9.5", "exhibit_font_pt"),
            ("[hearing]\ndate = \"12/01/2026\"", "is not a date"),
            ("[hearing]\ndate = 2026-12-01T10:00:00", "is not a date"),
            ("[courts.\"SAN FRANSISCO\"]", "courts.\"SAN FRANSISCO\": \"SAN FRANSISCO\" is not a California county"),
            ("[courts.\"Alameda\"]\n[courts.\"ALAMEDA\"]", "the same county as"),
            ("[courts.\"ALAMEDA\"]\ntitle = \" \"", "courts.\"ALAMEDA\".title is empty"),
            ("[courts.\"ALAMEDA\"]\nadress = []", "adress"),
            (&format!("{court}descriptions = []"), "courts.\"SAN FRANCISCO\".courthouses[0].descriptions is empty"),
            (
                &format!("{court}descriptions = [\"CASC SAN FRANCISCO\", \"casc  san francisco\"]"),
                "\"casc  san francisco\" is also listed under courts.\"SAN FRANCISCO\".courthouses[0]",
            ),
        ] {
            let (_dir, path) = write("office.toml", &format!("{MINIMAL}\n{extra}\n"));
            let message = Office::load(&path).unwrap_err().to_string();
            assert!(message.contains(expected) && message.contains("office.toml"), "{extra:?} gave {message}");
            assert_eq!(message.lines().count(), 1, "{message}");
        }
        for (from, to, expected) in [
            ("\"100001\"", "\"10000A\"", "district_attorney.state_bar_number = \"10000A\" is not a State Bar number"),
            ("\"200002\"", "\"\"", "signing_attorney.state_bar_number = \"\" is not a State Bar number"),
            ("\"200002\"", "\"1234567\"", "signing_attorney.state_bar_number"),
            ("\"Avery Example\"", "\"\"", "district_attorney.name is empty"),
            ("\"(555) 010-0000\"", "\"none\"", "phone = \"none\" has no digits"),
            ("[\"1 Example Plaza\", \"Exampleville, CA 90000\"]", "[]", "address is empty"),
            ("[\"2 Example Plaza\", \"Exampleville, CA 90000\"]", "[\"\"]", "service_address[0] is blank"),
            ("phone =", "email = \"nobody\"\nphone =", "email = \"nobody\" is not an e-mail address"),
            ("[public_defender]\n", "[public_defender]\nfax = 1\n", "fax"),
            (
                "county = \"ALAMEDA\"",
                "county = \"ALAMEDA COUNTRY\"",
                "county = \"ALAMEDA COUNTRY\" is not a California county",
            ),
            ("county = \"ALAMEDA\"\n", "", "county"),
            ("signing_place = \"Exampleville\"", "signing_place = \" \"", "signing_place is empty"),
            ("signature = \"wet\"", "signature = \"ink\"", "ink"),
            (
                "service_method = \"mail\"",
                "service_method = \"electronic\"",
                "e_service_address = \"\" is not an e-mail address",
            ),
            ("service_method = \"mail\"", "service_method = \"fax\"", "fax"),
            ("name = \"Dana Server\"", "name = \"\"", "server.name is empty"),
            ("county = \"ALAMEDA\"", "county = \"ALAMEDA\"\npolicy_authority = \"\"", "policy_authority is empty"),
            ("county = \"ALAMEDA\"", "county = \"ALAMEDA\"\nsigning_date = \"11/01/2026\"", "is not a date"),
            ("title = \"Deputy District Attorney\"\n", "", "title"),
        ] {
            let (_dir, path) = write("office.toml", &MINIMAL.replacen(from, to, 1));
            let message = Office::load(&path).unwrap_err().to_string();
            assert!(message.contains(expected) && message.contains("office.toml"), "{to:?} gave {message}");
        }
    }

    #[test]
    fn missing_file_names_it() {
        let message = Office::load(Path::new("/nonexistent/office.toml")).unwrap_err().to_string();
        assert!(message.starts_with("/nonexistent/office.toml: cannot read the office file"), "{message}");
    }
}
