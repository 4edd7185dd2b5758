//! The citations of the court papers: one data file,
//! `templates/citations.toml`, that legal staff review. Templates read it as
//! `cite.KEY`; Exhibit A and the clerk's data file take each row's basis
//! from it. Nothing else in the papers cites a statute on its own.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

/// The file, compiled in.
pub const SOURCE: &str = include_str!("../../templates/citations.toml");

/// One citation: what the papers print and what it is cited for.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    pub cite: String,
    pub supports: String,
}

/// Every citation, by key.
pub fn all() -> &'static BTreeMap<String, Citation> {
    static ALL: OnceLock<BTreeMap<String, Citation>> = OnceLock::new();
    ALL.get_or_init(|| toml::from_str(SOURCE).expect("templates/citations.toml is checked by a unit test"))
}

/// The printed citation of `key`. Keys used in code are checked by a test.
pub fn cite(key: &str) -> &'static str {
    all().get(key).map_or_else(|| panic!("templates/citations.toml has no `{key}`"), |c| c.cite.as_str())
}

/// The map templates see as `cite`.
pub fn context() -> BTreeMap<&'static str, &'static str> {
    all().iter().map(|(k, c)| (k.as_str(), c.cite.as_str())).collect()
}

/// The list for legal review: `key: citation — what it supports`, one a line.
pub fn review_list() -> String {
    all().iter().map(|(k, c)| format!("{k}: {} — {}\n", c.cite.replace('\u{a0}', " "), c.supports)).collect()
}

/// Keys the code (not the templates) uses.
pub const CODE_KEYS: [&str; 6] = [
    "basis_application",
    "basis_petition",
    "basis_policy_application",
    "basis_policy_petition",
    // The per-case form (`documents::case_form`).
    "prop64",
    "doj_update",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_reads_and_has_every_key_the_code_uses() {
        for key in CODE_KEYS {
            assert!(all().contains_key(key), "{key}");
        }
        assert!(all().values().all(|c| !c.cite.trim().is_empty() && !c.supports.trim().is_empty()));
    }

    #[test]
    fn every_key_a_template_uses_is_in_the_file() {
        for (name, text) in super::super::templates::BUILTIN {
            // Comments may say `cite.KEY`; the code starts after them.
            let mut rest = text.split_once("-#}").map_or(text, |(_, code)| code);
            while let Some(at) = rest.find("cite.") {
                let key: String =
                    rest[at + 5..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                assert!(all().contains_key(&key), "{name} uses cite.{key}, which templates/citations.toml lacks");
                rest = &rest[at + 5..];
            }
        }
    }

    /// The citations, listed for legal review: a change to any shows here.
    #[test]
    fn citations_for_legal_review() {
        insta::assert_snapshot!(review_list());
    }
}
