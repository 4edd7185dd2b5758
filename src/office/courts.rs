//! Courts: the built-in title of each of California's 58 superior courts
//! (`courts.toml`, compiled in), the office's overrides and court directory,
//! and the resolver that says which court a conviction belongs to.
//!
//! Matching, in order: the office's directory (the DOJ description exactly,
//! case-insensitive, whitespace normalised); then a description of the form
//! `CASC <COUNTY> ...`, `CAMC <COUNTY> ...` or `CAJC <COUNTY> ...` whose words
//! start with a county name, when that county is the conviction's county
//! (the courthouse is then the description itself); otherwise the conviction
//! is unassigned — reported, never guessed and never dropped.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, OnceLock};

use serde::Serialize;

use super::Office;

/// The built-in titles, county → title.
const COURTS_TOML: &str = include_str!("courts.toml");

/// Prefixes of DOJ court descriptions: superior, (former) municipal and justice courts.
const COURT_PREFIXES: [&str; 3] = ["CASC", "CAMC", "CAJC"];

/// County (upper case) → built-in court title, all 58.
pub fn builtin_titles() -> &'static BTreeMap<String, String> {
    static TITLES: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    TITLES.get_or_init(|| toml::from_str(COURTS_TOML).expect("src/office/courts.toml is valid (tested)"))
}

/// Whether `county` (normalised, see [`normalize`]) is a California county.
pub fn is_county(county: &str) -> bool {
    builtin_titles().contains_key(county)
}

/// Upper case, runs of whitespace made one space, trimmed.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_uppercase));
    }
    out
}

/// A county's superior court, as it goes in a caption.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Court {
    /// The county as the data spells it (`SAN LUIS OBISPO`).
    pub county: String,
    /// `SUPERIOR COURT OF THE STATE OF CALIFORNIA, COUNTY OF ...`, or the office's override.
    pub title: String,
    /// From the office file; empty when it gives none.
    pub address: Vec<String>,
}

/// A courthouse of a court.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Courthouse {
    /// The office's name for it, or the DOJ description when it is not in the directory.
    pub name: String,
    /// Empty when unknown (the court's address applies).
    pub address: Vec<String>,
}

/// Where a conviction is filed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub court: Arc<Court>,
    pub courthouse: Arc<Courthouse>,
}

/// Says which court and courthouse a DOJ court description belongs to.
#[derive(Debug, Clone)]
pub struct CourtResolver {
    /// County → court, all 58, with the office's overrides.
    courts: BTreeMap<String, Arc<Court>>,
    /// Normalised description → the office's assignment.
    directory: HashMap<String, Assignment>,
    /// County names as word lists, longest first, for the default rule.
    county_words: Vec<(Vec<&'static str>, Arc<Court>)>,
}

impl CourtResolver {
    /// The built-in courts only: no directory, no overrides.
    pub fn builtin() -> CourtResolver {
        CourtResolver::build(None)
    }

    /// The built-in courts with the office's overrides and directory. The
    /// office must have been validated ([`Office::load`] does).
    pub fn new(office: &Office) -> CourtResolver {
        CourtResolver::build(Some(office))
    }

    fn build(office: Option<&Office>) -> CourtResolver {
        let entries: HashMap<String, &super::CourtEntry> = office
            .map(|o| o.courts.iter().map(|(county, entry)| (normalize(county), entry)).collect())
            .unwrap_or_default();
        let mut courts = BTreeMap::new();
        let mut county_words = Vec::new();
        for (county, title) in builtin_titles() {
            let entry = entries.get(county);
            let court = Arc::new(Court {
                county: county.clone(),
                title: entry.and_then(|e| e.title.clone()).unwrap_or_else(|| title.clone()),
                address: entry.map(|e| e.address.clone()).unwrap_or_default(),
            });
            county_words.push((county.split(' ').collect::<Vec<_>>(), court.clone()));
            courts.insert(county.clone(), court);
        }
        county_words.sort_by_key(|(words, _)| std::cmp::Reverse(words.len()));
        let mut directory = HashMap::new();
        for (county, entry) in &entries {
            let Some(court) = courts.get(county) else { continue };
            for house in &entry.courthouses {
                let courthouse = Arc::new(Courthouse { name: house.name.clone(), address: house.address.clone() });
                for description in &house.descriptions {
                    directory.insert(
                        normalize(description),
                        Assignment { court: court.clone(), courthouse: courthouse.clone() },
                    );
                }
            }
        }
        CourtResolver { courts, directory, county_words }
    }

    /// The court of a county (normalised name), with the office's overrides.
    pub fn court(&self, county: &str) -> Option<&Arc<Court>> {
        self.courts.get(county)
    }

    /// Every court, in county order.
    pub fn courts(&self) -> impl Iterator<Item = &Arc<Court>> {
        self.courts.values()
    }

    /// The court and courthouse for a determination's `court` (DOJ
    /// description) and `county`; `None` when unassigned (see the module notes).
    pub fn resolve(&self, description: &str, county: &str) -> Option<Assignment> {
        let description = normalize(description);
        if let Some(assignment) = self.directory.get(&description) {
            return Some(assignment.clone());
        }
        let mut words = description.split(' ');
        if !COURT_PREFIXES.contains(&words.next()?) {
            return None;
        }
        let rest: Vec<&str> = words.collect();
        let (_, court) = self.county_words.iter().find(|(county, _)| rest.starts_with(county))?;
        let county = normalize(county);
        if !county.is_empty() && county != court.county {
            return None;
        }
        Some(Assignment {
            court: court.clone(),
            courthouse: Arc::new(Courthouse { name: description, address: vec![] }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_58_counties_load_with_distinct_titles() {
        let titles = builtin_titles();
        assert_eq!(titles.len(), 58);
        let distinct: std::collections::HashSet<&String> = titles.values().collect();
        assert_eq!(distinct.len(), 58);
        for (county, title) in titles {
            assert_eq!(county, &normalize(county), "county names are upper case, single-spaced");
            assert_eq!(title, &format!("SUPERIOR COURT OF THE STATE OF CALIFORNIA, COUNTY OF {county}"));
        }
        for county in ["SAN LUIS OBISPO", "CONTRA COSTA", "DEL NORTE", "EL DORADO", "SISKIYOU", "TUOLUMNE", "YUBA"] {
            assert!(is_county(county), "{county}");
        }
    }

    #[test]
    fn doj_descriptions_map_to_their_county_by_default() {
        let courts = CourtResolver::builtin();
        for (description, county, expected) in [
            ("CASC SAN FRANCISCO", "SAN FRANCISCO", Some("SAN FRANCISCO")),
            ("camc  san   francisco", "SAN FRANCISCO", Some("SAN FRANCISCO")),
            ("CASC LOS ANGELES METRO", "LOS ANGELES", Some("LOS ANGELES")),
            ("CAJC SAN LUIS OBISPO", "", Some("SAN LUIS OBISPO")),
            ("CASC SANTA CLARA", "SANTA CLARA", Some("SANTA CLARA")),
            ("CASC SAN", "SAN FRANCISCO", None),
            ("CASC SAN FRANCISCO", "ALAMEDA", None),
            ("CASCSAN FRANCISCO", "SAN FRANCISCO", None),
            ("SO SAN FRANCISCO", "SAN FRANCISCO", None),
            ("CASC", "SAN FRANCISCO", None),
            ("", "", None),
        ] {
            let got = courts.resolve(description, county);
            assert_eq!(got.as_ref().map(|a| a.court.county.as_str()), expected, "{description:?}");
            if let Some(assignment) = got {
                assert_eq!(assignment.courthouse.name, normalize(description));
                assert!(assignment.court.title.ends_with(expected.unwrap()));
            }
        }
    }

    #[test]
    fn office_directory_comes_first_and_overrides_titles() {
        let text = format!(
            "{}\n{}",
            super::super::tests::MINIMAL,
            r#"
[courts."san francisco"]
title = "SUPERIOR COURT OF THE STATE OF CALIFORNIA, CITY AND COUNTY OF SAN FRANCISCO"
address = ["850 Example Street"]
[[courts."san francisco".courthouses]]
name = "Hall of Justice"
descriptions = ["CASC SAN FRANCISCO", "CAMC SAN FRANCISCO"]
[[courts.ALAMEDA.courthouses]]
name = "Oakland"
descriptions = ["CASC SAN FRANCISCO OAKLAND BRANCH"]
"#
        );
        let office: Office = toml::from_str(&text).unwrap();
        office.validate().unwrap();
        let courts = CourtResolver::new(&office);
        let sf = courts.resolve("Casc San Francisco", "").unwrap();
        assert_eq!(sf.courthouse.name, "Hall of Justice");
        assert!(sf.court.title.contains("CITY AND COUNTY OF SAN FRANCISCO"));
        assert_eq!(sf.court.address, ["850 Example Street"]);
        let camc = courts.resolve("CAMC SAN FRANCISCO", "SAN FRANCISCO").unwrap();
        assert!(Arc::ptr_eq(&sf.courthouse, &camc.courthouse));
        // The directory wins over the county words, and over the row's county.
        let oakland = courts.resolve("CASC SAN FRANCISCO OAKLAND BRANCH", "SAN FRANCISCO").unwrap();
        assert_eq!((oakland.court.county.as_str(), oakland.courthouse.name.as_str()), ("ALAMEDA", "Oakland"));
        // Default matching still applies to what the directory does not list.
        assert_eq!(courts.resolve("CASC SAN FRANCISCO SOUTH", "").unwrap().court.title, sf.court.title);
        assert_eq!(courts.court("ALAMEDA").unwrap().title, builtin_titles()["ALAMEDA"]);
    }
}
