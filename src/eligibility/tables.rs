//! Rule data: the statutory relief table, the superstrike and PC 290(c)
//! lists, and the plea-bargain sections, compiled in from `data/*.toml`
//! (each entry with its citation) and parsed once per run.

use serde::Deserialize;

use crate::code_section::CodeSection;
use crate::model::Date;

const RELIEF: &str = include_str!("data/relief.toml");
const SUPERSTRIKES: &str = include_str!("data/superstrikes.toml");
const PC290: &str = include_str!("data/pc290.toml");

/// The relief the statute gives, before policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BaseRelief {
    Dismiss,
    Misdemeanor,
    Infraction,
    None,
    Review,
}

/// One row of the relief table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReliefEntry {
    pub section: String,
    pub rule: String,
    pub subsection: Vec<String>,
    pub relief: BaseRelief,
    #[serde(default)]
    pub under_21: Option<BaseRelief>,
    #[serde(default)]
    pub under_21_citation: Option<String>,
    /// The answer for a conviction that is not a felony, when it differs.
    #[serde(default)]
    pub not_felony: Option<BaseRelief>,
    #[serde(default)]
    pub not_felony_rule: Option<String>,
    #[serde(default)]
    pub not_felony_reason: Option<String>,
    pub citation: String,
    pub reason: String,
}

impl ReliefEntry {
    /// Exactly this section, and the entry's subsections are the conviction's first ones.
    fn matches(&self, section: &CodeSection) -> bool {
        section.section == self.section
            && self.subsection.len() <= section.subsections.len()
            && self.subsection.iter().zip(&section.subsections).all(|(a, b)| a.eq_ignore_ascii_case(b))
    }
}

/// A subsection that is still a felony.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RemainsFelony {
    pub section: String,
    pub rule: String,
    pub subsection: Vec<String>,
    pub citation: String,
    pub reason: String,
}

/// A listed offense (superstrike, PC 290(c), plea bargain) with its pattern.
#[derive(Debug, Clone)]
pub struct Listed {
    pub pattern: CodeSection,
    pub citation: String,
    pub name: String,
    /// Registrable only with a fact the record may not show: a match goes to review.
    pub needs_fact: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReliefFile {
    prop64_effective: String,
    entry: Vec<ReliefEntry>,
    remains_felony: Vec<RemainsFelony>,
    plea_bargain: Vec<ListedRow>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ListFile {
    #[allow(dead_code)]
    citation: String,
    offense: Vec<ListedRow>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ListedRow {
    pattern: String,
    citation: String,
    name: String,
    #[serde(default)]
    needs_fact: bool,
}

/// Every table the rules read.
#[derive(Debug, Clone)]
pub struct Tables {
    /// Convictions after this date were entered under the new law.
    pub prop64_effective: Date,
    pub relief: Vec<ReliefEntry>,
    pub remains_felony: Vec<RemainsFelony>,
    pub superstrikes: Vec<Listed>,
    pub pc290: Vec<Listed>,
    pub plea_bargain: Vec<Listed>,
}

impl Tables {
    /// Parses the built-in tables. They are tested to load, so this cannot
    /// fail in a released binary; the error names the table.
    pub fn builtin() -> Result<Tables, String> {
        let relief: ReliefFile = toml::from_str(RELIEF).map_err(|e| format!("relief.toml: {e}"))?;
        let supers: ListFile = toml::from_str(SUPERSTRIKES).map_err(|e| format!("superstrikes.toml: {e}"))?;
        let pc290: ListFile = toml::from_str(PC290).map_err(|e| format!("pc290.toml: {e}"))?;
        let prop64_effective = Date::parse_from_str(&relief.prop64_effective, "%Y-%m-%d")
            .map_err(|e| format!("relief.toml: prop64_effective: {e}"))?;
        Ok(Tables {
            prop64_effective,
            relief: relief.entry,
            remains_felony: relief.remains_felony,
            superstrikes: listed("superstrikes.toml", supers.offense)?,
            pc290: listed("pc290.toml", pc290.offense)?,
            plea_bargain: listed("relief.toml", relief.plea_bargain)?,
        })
    }

    /// The first relief entry for this section.
    pub fn relief_for(&self, section: &CodeSection) -> Option<&ReliefEntry> {
        self.relief.iter().find(|entry| entry.matches(section))
    }

    /// The still-a-felony entry this section falls under, if any.
    pub fn remains_felony(&self, section: &CodeSection) -> Option<&RemainsFelony> {
        self.remains_felony.iter().find(|entry| {
            section.section == entry.section
                && entry.subsection.len() <= section.subsections.len()
                && entry.subsection.iter().zip(&section.subsections).all(|(a, b)| a.eq_ignore_ascii_case(b))
        })
    }
}

/// The first listed offense this section matches (anchored).
pub fn find<'a>(list: &'a [Listed], section: &CodeSection) -> Option<&'a Listed> {
    list.iter().find(|listed| section.matches(&listed.pattern))
}

fn listed(file: &str, rows: Vec<ListedRow>) -> Result<Vec<Listed>, String> {
    rows.into_iter()
        .map(|row| {
            let pattern = CodeSection::parse(&row.pattern)
                .ok_or_else(|| format!("{file}: pattern `{}` is not a code section", row.pattern))?;
            Ok(Listed { pattern, citation: row.citation, name: row.name, needs_fact: row.needs_fact })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cs(text: &str) -> CodeSection {
        CodeSection::parse(text).unwrap()
    }

    #[test]
    fn every_table_loads_and_every_pattern_parses() {
        let tables = Tables::builtin().unwrap();
        assert!(tables.superstrikes.len() > 20);
        assert!(tables.pc290.len() > 30);
        assert_eq!(tables.plea_bargain.len(), 3);
        assert_eq!(tables.prop64_effective, Date::from_ymd_opt(2016, 11, 9).unwrap());
        for entry in &tables.relief {
            assert!(crate::eligibility::policy::SECTIONS.contains(&entry.section.as_str()));
            assert_eq!(entry.not_felony.is_some(), entry.not_felony_rule.is_some());
            assert_eq!(entry.under_21.is_some(), entry.under_21_citation.is_some(), "{}", entry.rule);
            assert_eq!(entry.not_felony.is_some(), entry.not_felony_reason.is_some());
            assert!(!entry.citation.is_empty() && !entry.reason.is_empty());
        }
    }

    #[test]
    fn superstrike_matching_is_anchored() {
        let tables = Tables::builtin().unwrap();
        assert!(find(&tables.superstrikes, &cs("187 PC")).is_some());
        assert!(find(&tables.superstrikes, &cs("187(A) PC")).is_some());
        assert!(find(&tables.superstrikes, &cs("664/187 PC")).is_some());
        assert!(find(&tables.superstrikes, &cs("1187 PC")).is_none());
        assert!(find(&tables.superstrikes, &cs("187 VC")).is_none());
        assert!(find(&tables.superstrikes, &cs("288(A)(1) PC")).is_some());
        assert!(find(&tables.superstrikes, &cs("288(C) PC")).is_none());
        assert!(find(&tables.pc290, &cs("314(1) PC")).is_some());
        assert!(find(&tables.pc290, &cs("314 PC")).is_none());
    }

    #[test]
    fn relief_table_prefers_specific_entries() {
        let tables = Tables::builtin().unwrap();
        let relief = |text: &str| tables.relief_for(&cs(text)).map(|e| e.relief);
        assert_eq!(relief("11357(B) HS"), Some(BaseRelief::Dismiss));
        assert_eq!(relief("11357(C) HS"), Some(BaseRelief::None));
        assert_eq!(relief("11357 HS"), Some(BaseRelief::Review));
        assert_eq!(relief("11360(B) HS"), Some(BaseRelief::Dismiss));
        assert_eq!(relief("11360(A)(2) HS"), Some(BaseRelief::Misdemeanor));
        assert_eq!(relief("11358 HS"), Some(BaseRelief::Misdemeanor));
        let no_subsection = tables.relief_for(&cs("11360 HS")).unwrap();
        assert_eq!(no_subsection.not_felony, Some(BaseRelief::Review));
        assert_eq!(no_subsection.not_felony_rule.as_deref(), Some("hs_11360_subsection_unknown"));
        assert!(tables.remains_felony(&cs("11360(a)(3)(C)")).is_some());
        assert!(tables.remains_felony(&cs("11359(c)")).is_none());
    }
}
