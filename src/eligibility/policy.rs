//! Office policy: how far an office widens relief beyond the statute.
//!
//! Three ways to name one: the built-in `statute` (baseline only), a TOML
//! file (documented in `samples/policy.toml`), or a 2019 JSON options file
//! (Code for America's format, read with the 2019 tool's semantics so a
//! county can switch tools and get the same decisions). Both files get the
//! same validation and the same messages for out-of-range values. Unknown
//! keys are errors naming the key.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The Prop 64 sections a policy may name.
pub const SECTIONS: [&str; 4] = ["11357", "11358", "11359", "11360"];

/// A policy that cannot be used: names the file and the key or value.
#[derive(Debug, thiserror::Error)]
#[error("{}: {message}", file.display())]
pub struct PolicyError {
    pub file: PathBuf,
    pub message: String,
}

/// Extra grounds for dismissal, tried in this order (the 2019 order).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DismissIf {
    /// A misdemeanor or infraction conviction is dismissed.
    pub misdemeanor: bool,
    /// Under 21 on the conviction date.
    pub under_21_at_conviction: bool,
    /// Age on the as-of date at least this (0 = off, else 40–65).
    pub age_at_least: u32,
    /// Conviction at least this many years before the as-of date (0 = off, else 1–15).
    pub years_since_conviction: u32,
    /// Most recent conviction of any kind at least this many years before the as-of date (0 = off, else 1–15).
    pub years_crime_free: u32,
    /// Every conviction the person has is a Prop 64 conviction.
    pub only_prop64_convictions: bool,
    /// The person is deceased.
    pub deceased: bool,
}

/// Disqualifiers for reduction (HS 11358(d), 11359(c), 11360(a)(3)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Disqualifiers {
    /// A prior superstrike conviction bars reduction.
    pub prior_superstrike: bool,
    /// A prior PC 290(c) offense bars reduction.
    pub prior_pc290: bool,
    /// Two or more prior convictions of the same section bar reduction
    /// (how pre-2016 priors count is disputed: off unless the office says so).
    pub two_or_more_priors: bool,
}

impl Default for Disqualifiers {
    fn default() -> Self {
        Disqualifiers { prior_superstrike: true, prior_pc290: true, two_or_more_priors: false }
    }
}

/// Cases sent to a person instead of a filing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Review {
    /// Convictions whose sentence is still being served go to review.
    pub currently_serving: bool,
}

/// Which record wins when the DOJ file and the office's own records
/// disagree about one conviction: `review` (a person decides; the default),
/// `doj` or `office`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Prefer {
    #[default]
    Review,
    Doj,
    Office,
}

/// What to do with a conviction only the office's records hold, of a person
/// with no DOJ record at all (priors could not be checked).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OfficeOnly {
    #[default]
    Review,
    Decide,
}

/// Per field, which source wins a disagreement (see [`Prefer`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PreferFields {
    pub section: Prefer,
    pub level: Prefer,
    pub conviction_date: Prefer,
    pub disposition: Prefer,
}

/// Combining the DOJ file with the office's own case-list export.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Sources {
    /// A conviction only the office's records hold, of a person the DOJ file
    /// does not have: `review` (default) or `decide` (decided on the office's
    /// records alone).
    pub office_only_without_history: OfficeOnly,
    /// Which source wins when the two disagree, per field (default: review).
    pub prefer: PreferFields,
}

/// An office policy over the statutory baseline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Policy {
    /// A name for reports and filings.
    pub name: String,
    /// Sections whose eligible convictions are dismissed (instead of reduced,
    /// or instead of no relief where the statute gives none).
    pub dismiss_sections: Vec<String>,
    /// Sections reduced by the 2019 options format's `reduce` list. When
    /// `baseline_2019` is set, a Prop 64 section in neither list gets no
    /// determination (review).
    pub reduce_sections: Vec<String>,
    pub dismiss_if: DismissIf,
    pub disqualifiers: Disqualifiers,
    pub review: Review,
    /// Combining the DOJ file with the office's records.
    pub sources: Sources,
    /// Decide as the 2019 tool did: its section lists instead of the
    /// statutory table, no disqualifiers, no post-2016 or remains-a-felony
    /// exclusions. Set by 2019 JSON options files; only for reproducing a
    /// county's earlier results.
    pub baseline_2019: bool,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            name: "statute".to_owned(),
            dismiss_sections: Vec::new(),
            reduce_sections: Vec::new(),
            dismiss_if: DismissIf::default(),
            disqualifiers: Disqualifiers::default(),
            review: Review::default(),
            sources: Sources::default(),
            baseline_2019: false,
        }
    }
}

/// Where a policy came from, for summaries and manifests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PolicySource {
    /// `statute`, or the file's path.
    pub name: String,
    /// `builtin`, `toml` or `json-2019`.
    pub kind: &'static str,
}

impl Policy {
    /// The built-in baseline: the statute only.
    pub fn statute() -> Policy {
        Policy::default()
    }

    /// Loads `statute`, a `.toml` policy or a 2019 `.json` options file.
    pub fn load(name: &str) -> Result<(Policy, PolicySource), PolicyError> {
        if name == "statute" {
            return Ok((Policy::statute(), PolicySource { name: "statute".to_owned(), kind: "builtin" }));
        }
        let path = Path::new(name);
        let err = |message: String| PolicyError { file: path.to_owned(), message };
        let text = std::fs::read_to_string(path).map_err(|e| {
            err(format!("cannot read the policy: {e} (give `statute`, a .toml policy or a 2019 .json options file)"))
        })?;
        let is_json =
            path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")) || text.trim_start().starts_with('{');
        let (mut policy, kind) = if is_json {
            (from_2019_json(&text).map_err(err)?, "json-2019")
        } else {
            let policy: Policy = toml::from_str(&text).map_err(|e| err(one_line(&e.to_string())))?;
            (policy, "toml")
        };
        policy.validate().map_err(err)?;
        if policy.name.is_empty() || policy.name == "statute" && kind != "builtin" {
            policy.name = path.file_name().map_or_else(|| name.to_owned(), |n| n.to_string_lossy().into_owned());
        }
        Ok((policy, PolicySource { name: name.to_owned(), kind }))
    }

    /// Checks ranges and section names; the message names the key.
    pub fn validate(&self) -> Result<(), String> {
        for (key, list) in [("dismiss_sections", &self.dismiss_sections), ("reduce_sections", &self.reduce_sections)] {
            for section in list {
                if !SECTIONS.contains(&section.as_str()) {
                    return Err(format!(
                        "{key}: \"{section}\" is not a Prop 64 section (use 11357, 11358, 11359 or 11360)"
                    ));
                }
            }
        }
        if let Some(section) = self.dismiss_sections.iter().find(|s| self.reduce_sections.contains(s)) {
            return Err(format!("{section} is in both dismiss_sections and reduce_sections"));
        }
        let age = self.dismiss_if.age_at_least;
        if age != 0 && !(40..=65).contains(&age) {
            return Err(format!("dismiss_if.age_at_least = {age} is out of range: use 0 (off) or 40 to 65"));
        }
        for (key, value) in [
            ("dismiss_if.years_since_conviction", self.dismiss_if.years_since_conviction),
            ("dismiss_if.years_crime_free", self.dismiss_if.years_crime_free),
        ] {
            if value > 15 {
                return Err(format!("{key} = {value} is out of range: use 0 (off) or 1 to 15"));
            }
        }
        Ok(())
    }

    /// Whether `section` is in the dismiss list.
    pub fn dismisses_section(&self, section: &str) -> bool {
        self.dismiss_sections.iter().any(|s| s == section)
    }
}

fn one_line(message: &str) -> String {
    message.trim_end().lines().map(str::trim_end).collect::<Vec<_>>().join(" | ")
}

/// The 2019 options format (Code for America's tool).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Options2019 {
    baseline_eligibility: Baseline2019,
    #[serde(default)]
    additional_relief: Additional2019,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Baseline2019 {
    #[serde(default)]
    dismiss: Vec<String>,
    #[serde(default)]
    reduce: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Additional2019 {
    #[serde(default)]
    subject_under21_at_conviction: bool,
    #[serde(default)]
    subject_age_threshold: u32,
    #[serde(default)]
    years_since_conviction_threshold: u32,
    #[serde(default)]
    years_crime_free_threshold: u32,
    #[serde(default)]
    subject_is_deceased: bool,
    #[serde(default)]
    subject_has_only_prop64_charges: bool,
}

/// Reads a 2019 options file into a policy with the 2019 semantics: every
/// non-felony dismissed first, then the listed grounds, no disqualifiers.
fn from_2019_json(text: &str) -> Result<Policy, String> {
    let options: Options2019 = serde_json::from_str(text).map_err(|e| {
        // serde_json names the key for unknown fields; keep its line and column.
        format!("not a valid 2019 options file: {e}")
    })?;
    let extra = options.additional_relief;
    let policy = Policy {
        name: String::new(),
        dismiss_sections: options.baseline_eligibility.dismiss,
        reduce_sections: options.baseline_eligibility.reduce,
        dismiss_if: DismissIf {
            misdemeanor: true,
            under_21_at_conviction: extra.subject_under21_at_conviction,
            age_at_least: extra.subject_age_threshold,
            years_since_conviction: extra.years_since_conviction_threshold,
            years_crime_free: extra.years_crime_free_threshold,
            only_prop64_convictions: extra.subject_has_only_prop64_charges,
            deceased: extra.subject_is_deceased,
        },
        disqualifiers: Disqualifiers { prior_superstrike: false, prior_pc290: false, two_or_more_priors: false },
        review: Review::default(),
        sources: Sources::default(),
        baseline_2019: true,
    };
    policy.validate().map_err(|message| {
        // Name the key as the 2019 file spells it.
        message
            .replace("dismiss_if.age_at_least", "additionalRelief.subjectAgeThreshold")
            .replace("dismiss_if.years_since_conviction", "additionalRelief.yearsSinceConvictionThreshold")
            .replace("dismiss_if.years_crime_free", "additionalRelief.yearsCrimeFreeThreshold")
            .replace("dismiss_sections", "baselineEligibility.dismiss")
            .replace("reduce_sections", "baselineEligibility.reduce")
    })?;
    Ok(policy)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(name: &str, text: &str) -> (tempfile::TempDir, String) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        (dir, path.to_string_lossy().into_owned())
    }

    #[test]
    fn statute_is_builtin() {
        let (policy, source) = Policy::load("statute").unwrap();
        assert_eq!(policy, Policy::statute());
        assert_eq!(source.kind, "builtin");
    }

    #[test]
    fn toml_policy_loads() {
        let (_dir, path) = write(
            "p.toml",
            "name = \"LA\"\ndismiss_sections = [\"11359\"]\n[dismiss_if]\nage_at_least = 50\nunder_21_at_conviction = true\n",
        );
        let (policy, source) = Policy::load(&path).unwrap();
        assert_eq!(policy.name, "LA");
        assert_eq!(policy.dismiss_if.age_at_least, 50);
        assert!(policy.disqualifiers.prior_superstrike);
        assert_eq!(source.kind, "toml");
    }

    #[test]
    fn unknown_keys_and_bad_values_name_the_key() {
        for (text, expected) in [
            ("dismiss_sectons = []", "dismiss_sectons"),
            ("[dismiss_if]\nage = 3", "age"),
            ("[dismiss_if]\nage_at_least = 30", "dismiss_if.age_at_least = 30 is out of range"),
            ("[dismiss_if]\nyears_crime_free = 16", "dismiss_if.years_crime_free = 16 is out of range"),
            ("dismiss_sections = [\"11361\"]", "\"11361\" is not a Prop 64 section"),
            ("[dismiss_if]\nage_at_least = -1", "age_at_least"),
            ("name = ", "p.toml"),
        ] {
            let (_dir, path) = write("p.toml", text);
            let message = Policy::load(&path).unwrap_err().to_string();
            assert!(message.contains(expected) && message.contains("p.toml"), "{text:?} gave {message}");
            assert_eq!(message.lines().count(), 1, "{message}");
        }
    }

    #[test]
    fn json_2019_options_load_with_2019_semantics() {
        let (_dir, path) = write(
            "o.json",
            r#"{"baselineEligibility": {"dismiss": ["11357","11358"], "reduce": ["11359","11360"]},
               "additionalRelief": {"subjectUnder21AtConviction": true, "subjectAgeThreshold": 57,
               "yearsSinceConvictionThreshold": 10, "subjectIsDeceased": true, "subjectHasOnlyProp64Charges": true}}"#,
        );
        let (policy, source) = Policy::load(&path).unwrap();
        assert_eq!(source.kind, "json-2019");
        assert!(policy.baseline_2019 && policy.dismiss_if.misdemeanor);
        assert_eq!(policy.dismiss_if.age_at_least, 57);
        assert!(!policy.disqualifiers.prior_superstrike);
    }

    #[test]
    fn json_2019_bad_values_name_the_2019_key() {
        for (text, expected) in [
            (r#"{"baselineEligibility": {"dismiss": ["11362"]}}"#, "baselineEligibility.dismiss: \"11362\""),
            (
                r#"{"baselineEligibility": {}, "additionalRelief": {"subjectAgeThreshold": 70}}"#,
                "additionalRelief.subjectAgeThreshold = 70 is out of range: use 0 (off) or 40 to 65",
            ),
            (
                r#"{"baselineEligibility": {}, "additionalRelief": {"yearsSinceConvictionThreshold": 20}}"#,
                "additionalRelief.yearsSinceConvictionThreshold = 20 is out of range",
            ),
            (r#"{"baselineEligibility": {}, "additionalRelief": {"subjectAge": 50}}"#, "subjectAge"),
            (r#"{"baselineEligibility": "#, "not a valid 2019 options file"),
        ] {
            let (_dir, path) = write("o.json", text);
            let message = Policy::load(&path).unwrap_err().to_string();
            assert!(message.contains(expected) && message.contains("o.json"), "{text} gave {message}");
        }
    }

    #[test]
    fn missing_file_names_it() {
        let message = Policy::load("/nonexistent/policy.toml").unwrap_err().to_string();
        assert!(message.starts_with("/nonexistent/policy.toml: cannot read the policy"), "{message}");
    }
}
