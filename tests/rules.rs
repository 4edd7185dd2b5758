//! Rule tests that read like the law: one test per rule of `rules::ALL` and per
//! row of the relief table, named after the rule id, each with the citation in
//! its doc comment. Every case is a small history written with the builder in
//! `support/history.rs`, and every check looks at the decision, the relief,
//! the path where relief is given, the rule id and its citation.
//!
//! Unless a test says otherwise: as of 2026-11-01, office in San Francisco,
//! statutory policy (`Policy::statute()`), built-in tables, born 1970-01-01.

#[path = "support/history.rs"]
mod history;

use clearmotion::eligibility::Decision::{Dismiss, NotEligible, Reduce, Review};
use clearmotion::eligibility::{Decision, Determination, Path, Policy, Relief, rules};
use clearmotion::model::Level::{Felony, Infraction, Misdemeanor};
use clearmotion::model::SentenceUnit::{Days, Months, Years};
use history::{AS_OF, History, person, tables};

// ---------------------------------------------------------------------------
// Expectations

/// What a conviction should get.
#[derive(Debug, Clone, Copy)]
struct Expect {
    decision: Decision,
    relief: Relief,
    rule: &'static str,
    path: Option<Path>,
}

/// Dismissed and sealed.
fn dismissed(rule: &'static str) -> Expect {
    Expect { decision: Dismiss, relief: Relief::DismissAndSeal, rule, path: None }
}

/// Reduced (redesignated) to a misdemeanor.
fn reduced(rule: &'static str) -> Expect {
    Expect { decision: Reduce, relief: Relief::Misdemeanor, rule, path: None }
}

/// Reduced (redesignated) to an infraction.
fn to_infraction(rule: &'static str) -> Expect {
    Expect { decision: Reduce, relief: Relief::Infraction, rule, path: None }
}

fn not_eligible(rule: &'static str) -> Expect {
    Expect { decision: NotEligible, relief: Relief::None, rule, path: None }
}

fn review(rule: &'static str) -> Expect {
    Expect { decision: Review, relief: Relief::None, rule, path: None }
}

impl Expect {
    /// Sentence completed: application under HS 11361.8(e), (f).
    fn by_application(self) -> Expect {
        Expect { path: Some(Path::Application), ..self }
    }

    /// Still serving: petition under HS 11361.8(a), (b).
    fn by_petition(self) -> Expect {
        Expect { path: Some(Path::Petition), ..self }
    }
}

/// The citation a rule id must carry: from `rules::ALL`, or from its row of the relief table.
fn citation_of(rule: &str) -> String {
    if let Some(info) = rules::ALL.iter().find(|info| info.id == rule) {
        return info.citation.to_owned();
    }
    let tables = tables();
    if let Some(base) = rule.strip_suffix("_under_21")
        && let Some(entry) = tables.relief.iter().find(|e| e.rule == base)
    {
        return entry.under_21_citation.clone().expect("an under-21 row has its own citation");
    }
    if let Some(entry) = tables.relief.iter().find(|e| e.rule == rule || e.not_felony_rule.as_deref() == Some(rule)) {
        return entry.citation.clone();
    }
    if let Some(entry) = tables.remains_felony.iter().find(|e| e.rule == rule) {
        return entry.citation.clone();
    }
    panic!("rule `{rule}` is neither in rules::ALL nor in the relief table")
}

// ---------------------------------------------------------------------------
// The law a test applies: a policy and an as-of date

struct Law {
    policy: Policy,
    as_of: &'static str,
}

impl Law {
    /// The statute alone, as of 2026-11-01.
    fn statute() -> Law {
        Law::with(Policy::statute())
    }

    /// An office policy over the statute, as of 2026-11-01.
    fn with(policy: Policy) -> Law {
        policy.validate().unwrap_or_else(|e| panic!("the test policy is invalid: {e}"));
        Law { policy, as_of: AS_OF }
    }

    /// The same law, applied on another as-of date.
    fn on(self, as_of: &'static str) -> Law {
        Law { as_of, ..self }
    }

    fn decide(&self, history: &History) -> Determination {
        history::determination(history, &self.policy, self.as_of)
            .unwrap_or_else(|| panic!("{history:?} (as of {}): the conviction was not classified", self.as_of))
    }

    #[track_caller]
    fn check(&self, history: &History, expected: Expect) {
        let got = self.decide(history);
        let what = format!("{history:?}, as of {}, policy {:?}\n got {got:#?}", self.as_of, self.policy.name);
        assert_eq!(got.rule, expected.rule, "rule: {what}");
        assert_eq!(got.decision, expected.decision, "decision: {what}");
        assert_eq!(got.relief, expected.relief, "relief: {what}");
        assert_eq!(got.path.is_some(), got.decision.is_relief(), "a path exactly when relief is given: {what}");
        if let Some(path) = expected.path {
            assert_eq!(got.path, Some(path), "path: {what}");
        }
        assert_eq!(got.citation, citation_of(expected.rule), "citation: {what}");
        assert!(!got.reason.is_empty(), "reason: {what}");
    }

    #[track_caller]
    fn not_classified(&self, history: &History) {
        let got = history::determination(history, &self.policy, self.as_of);
        assert!(got.is_none(), "{history:?} should not be classified, got {got:#?}");
    }
}

/// A policy over the statute, as its TOML file would set it.
fn policy(name: &str, set: impl FnOnce(&mut Policy)) -> Policy {
    let mut policy = Policy { name: name.to_owned(), ..Policy::statute() };
    set(&mut policy);
    policy
}

/// A policy read from 2019 options (`baselineEligibility` dismiss / reduce),
/// with the 2019 semantics: non-felonies dismissed first, no disqualifiers.
fn options_2019(dismiss: &[&str], reduce: &[&str], set: impl FnOnce(&mut Policy)) -> Policy {
    let mut policy = policy("options-2019", |p| {
        p.dismiss_sections = dismiss.iter().map(|s| s.to_string()).collect();
        p.reduce_sections = reduce.iter().map(|s| s.to_string()).collect();
        p.dismiss_if.misdemeanor = true;
        p.disqualifiers.prior_superstrike = false;
        p.disqualifiers.prior_pc290 = false;
        p.disqualifiers.two_or_more_priors = false;
        p.baseline_2019 = true;
    });
    set(&mut policy);
    policy
}

/// Every extra ground for dismissal switched on.
fn every_ground() -> Policy {
    policy("every ground", |p| {
        p.dismiss_if.misdemeanor = true;
        p.dismiss_sections = vec!["11357".into(), "11358".into(), "11359".into(), "11360".into()];
        p.dismiss_if.under_21_at_conviction = true;
        p.dismiss_if.age_at_least = 50;
        p.dismiss_if.years_since_conviction = 10;
        p.dismiss_if.years_crime_free = 10;
        p.dismiss_if.only_prop64_convictions = true;
        p.dismiss_if.deceased = true;
    })
}

// ---------------------------------------------------------------------------
// Records that cannot be decided on

/// HS 11361.8 — a conviction dated after the as-of date is a data error.
#[test]
fn conviction_after_as_of() {
    let sale_2015 = person().convicted("11359 HS", Felony, "2015-01-01");
    for (law, history, expected) in [
        (Law::statute().on("2014-12-31"), sale_2015.clone(), review("conviction_after_as_of")),
        // Convicted on the as-of date itself: an ordinary conviction.
        (Law::statute().on("2015-01-01"), sale_2015.clone(), reduced("hs_11359_misdemeanor")),
        (Law::statute(), sale_2015, reduced("hs_11359_misdemeanor")),
        // Checked before the Prop 64 date.
        (
            Law::statute().on("2016-12-31"),
            person().convicted("11359 HS", Felony, "2017-03-01"),
            review("conviction_after_as_of"),
        ),
        // And before the conspiracy exclusion.
        (
            Law::statute().on("2009-12-31"),
            person().convicted("182/11360 HS", Felony, "2010-01-01"),
            review("conviction_after_as_of"),
        ),
    ] {
        law.check(&history, expected);
    }
}

/// HS 11361.8 — every other rule needs the conviction date.
#[test]
fn conviction_date_unknown() {
    for (history, expected) in [
        (person().convicted("11359 HS", Felony, ""), review("conviction_date_unknown")),
        (person().convicted("11357(b) HS", Misdemeanor, ""), review("conviction_date_unknown")),
        (person().convicted("182/11360 HS", Felony, ""), review("conviction_date_unknown")),
        (person().convicted("11359 HS", Felony, "2010-01-01"), reduced("hs_11359_misdemeanor")),
    ] {
        Law::statute().check(&history, expected);
    }
}

/// HS 11361.8 — conviction before birth, or a sentence ending before it starts.
#[test]
fn dates_contradict() {
    for (history, expected) in [
        (person().born("1990-01-01").convicted("11359 HS", Felony, "1989-12-31"), review("dates_contradict")),
        // Convicted on the day of birth: odd, but the dates do not contradict.
        (person().born("1990-01-01").convicted("11359 HS", Felony, "1990-01-01"), reduced("hs_11359_misdemeanor")),
        (person().convicted("11359 HS", Felony, "2010-01-01").sentence_ends("2009-12-31"), review("dates_contradict")),
        (
            person().convicted("11359 HS", Felony, "2010-01-01").sentence_ends("2010-01-01"),
            reduced("hs_11359_misdemeanor"),
        ),
        // Checked before the conspiracy exclusion.
        (person().born("1990-01-01").convicted("182/11360 HS", Felony, "1989-06-01"), review("dates_contradict")),
    ] {
        Law::statute().check(&history, expected);
    }
}

// ---------------------------------------------------------------------------
// Convictions in scope that are not Prop 64 offenses

/// HS 11361.8(a); PC 182 — conspiracy to commit a cannabis offense is another offense.
#[test]
fn conspiracy_not_prop64() {
    for (history, expected) in [
        (person().convicted("182/11360 HS", Felony, "2010-01-01"), not_eligible("conspiracy_not_prop64")),
        (person().convicted("182(a)(1) PC/11359 HS", Felony, "2010-01-01"), not_eligible("conspiracy_not_prop64")),
        (person().convicted("182/11357", Misdemeanor, "2010-01-01"), not_eligible("conspiracy_not_prop64")),
        // Decided before the Prop 64 date.
        (person().convicted("182/11360 HS", Felony, "2017-01-01"), not_eligible("conspiracy_not_prop64")),
    ] {
        Law::statute().check(&history, expected);
    }
    // A conspiracy to commit anything else is not in scope at all.
    for history in [
        person().convicted("182/11361 HS", Felony, "2010-01-01"),
        person().convicted("182/187 PC", Felony, "2010-01-01"),
        person().convicted("182/11360 HS", Felony, "2010-01-01").in_county("LOS ANGELES"),
    ] {
        Law::statute().not_classified(&history);
    }
}

/// HS 11361.9(b); HS 11361.8 — PC 32, HS 11364, HS 11366 in the cycle of a cannabis charge.
#[test]
fn possible_plea_bargain() {
    for (history, expected) in [
        (
            person().convicted("11364 HS", Misdemeanor, "2010-05-05").charged("11359 HS"),
            review("possible_plea_bargain"),
        ),
        (person().convicted("32 PC", Felony, "2010-05-05").charged("11360(a) HS"), review("possible_plea_bargain")),
        (person().convicted("11366 HS", Felony, "2010-05-05").charged("11358 HS"), review("possible_plea_bargain")),
        // The cannabis charge may itself be a conviction in the same case.
        (
            person().convicted("11364 HS", Misdemeanor, "2010-05-05").same_case("11359 HS"),
            review("possible_plea_bargain"),
        ),
        // Before a comment naming a cannabis section.
        (
            person().convicted("11364 HS", Misdemeanor, "2010-05-05").comment_names_prop64().charged("11359 HS"),
            review("possible_plea_bargain"),
        ),
    ] {
        Law::statute().check(&history, expected);
    }
    for history in [
        // No cannabis charge in the cycle.
        person().convicted("11364 HS", Misdemeanor, "2010-05-05"),
        person().convicted("11364 HS", Misdemeanor, "2010-05-05").charged("23152(a) VC"),
        // The cannabis conviction is another arrest.
        person().convicted("11364 HS", Misdemeanor, "2010-05-05").other("11359 HS", Felony, "2011-01-01"),
        // Anchored: 11364.1 is not 11364, 132 PC is not 32 PC.
        person().convicted("11364.1 HS", Misdemeanor, "2010-05-05").charged("11359 HS"),
        person().convicted("132 PC", Misdemeanor, "2010-05-05").charged("11359 HS"),
    ] {
        Law::statute().not_classified(&history);
    }
}

/// HS 11361.9(b) — the offense names another charge, the comment a cannabis section.
#[test]
fn comment_names_prop64_section() {
    Law::statute().check(
        &person().convicted("23152(a) VC", Misdemeanor, "2010-01-01").comment_names_prop64(),
        review("comment_names_prop64_section"),
    );
    Law::statute().not_classified(&person().convicted("23152(a) VC", Misdemeanor, "2010-01-01"));
    // Out of the county: not the office's to decide.
    Law::statute().not_classified(
        &person().convicted("23152(a) VC", Misdemeanor, "2010-01-01").comment_names_prop64().in_county("ALAMEDA"),
    );
}

/// Not a rule: only Prop 64 convictions (and the cases above) in the office's county are classified.
#[test]
fn scope_is_prop64_convictions_in_the_county() {
    for history in [
        person().convicted("11359 HS", Felony, "2010-01-01").in_county("LOS ANGELES"),
        person().convicted("11357.5 HS", Misdemeanor, "2010-01-01"),
        person().convicted("11361 HS", Felony, "2010-01-01"),
        person().convicted("11359 PC", Felony, "2010-01-01"),
        person().convicted("11366 HS", Felony, "2010-01-01"),
        person().convicted("187 PC", Felony, "2010-01-01"),
    ] {
        Law::statute().not_classified(&history);
    }
    Law::statute().check(
        &person().convicted("11359 HS", Felony, "2010-01-01").in_county("san francisco"),
        reduced("hs_11359_misdemeanor"),
    );
}

// ---------------------------------------------------------------------------
// Statutory exclusions

/// HS 11361.8(a) — convictions after Nov 9, 2016 were entered under the new law.
#[test]
fn convicted_under_new_law() {
    for (history, expected) in [
        (person().convicted("11359 HS", Felony, "2016-11-09"), reduced("hs_11359_misdemeanor")),
        (person().convicted("11359 HS", Felony, "2016-11-10"), not_eligible("convicted_under_new_law")),
        (person().convicted("11357(b) HS", Misdemeanor, "2016-11-09"), dismissed("hs_11357_b_dismiss")),
        (person().convicted("11357(b) HS", Misdemeanor, "2016-11-10"), not_eligible("convicted_under_new_law")),
        (person().convicted("11360(a) HS", Felony, "2018-05-01"), not_eligible("convicted_under_new_law")),
        // Before the remains-a-felony rows and the attempt review.
        (person().convicted("11359(c)(3) HS", Felony, "2017-01-01"), not_eligible("convicted_under_new_law")),
        (person().convicted("664/11359 HS", Felony, "2017-01-01"), not_eligible("convicted_under_new_law")),
    ] {
        Law::statute().check(&history, expected);
    }
    // Before every policy ground.
    Law::with(every_ground()).check(
        &person().born("1950-01-01").convicted("11359 HS", Misdemeanor, "2016-11-10").deceased(),
        not_eligible("convicted_under_new_law"),
    );
}

/// HS 11359(c)(3) — still a felony: not eligible. 11359(c) alone is not.
#[test]
fn hs_11359_c3_remains_felony() {
    for (history, expected) in [
        (person().convicted("11359(c)(3) HS", Felony, "2010-01-01"), not_eligible("hs_11359_c3_remains_felony")),
        (person().convicted("11359(C)(3)HS", Felony, "2010-01-01"), not_eligible("hs_11359_c3_remains_felony")),
        (person().convicted("11359(c)(3)", Felony, "2010-01-01"), not_eligible("hs_11359_c3_remains_felony")),
        (person().convicted("11359(c)(3)(a) HS", Felony, "2010-01-01"), not_eligible("hs_11359_c3_remains_felony")),
        // An attempt of it too (remains-a-felony comes before the attempt review).
        (person().convicted("664/11359(c)(3) HS", Felony, "2010-01-01"), not_eligible("hs_11359_c3_remains_felony")),
        // 11359(c) alone, or (c)(1), (c)(2): possession for sale, reduced.
        (person().convicted("11359(c) HS", Felony, "2010-01-01"), reduced("hs_11359_misdemeanor")),
        (person().convicted("11359(c)(1) HS", Felony, "2010-01-01"), reduced("hs_11359_misdemeanor")),
        (person().convicted("11359(c)(2) HS", Felony, "2010-01-01"), reduced("hs_11359_misdemeanor")),
        (person().convicted("11359(3) HS", Felony, "2010-01-01"), reduced("hs_11359_misdemeanor")),
    ] {
        Law::statute().check(&history, expected);
    }
    // Policy cannot dismiss it.
    Law::with(every_ground()).check(
        &person().born("1950-01-01").convicted("11359(c)(3) HS", Felony, "2010-01-01").deceased(),
        not_eligible("hs_11359_c3_remains_felony"),
    );
}

/// HS 11359(d) — still a felony: not eligible.
#[test]
fn hs_11359_d_remains_felony() {
    for (history, expected) in [
        (person().convicted("11359(d) HS", Felony, "2010-01-01"), not_eligible("hs_11359_d_remains_felony")),
        (person().convicted("11359D HS", Felony, "2010-01-01"), not_eligible("hs_11359_d_remains_felony")),
        (person().convicted("11359(d)(1) HS", Felony, "2010-01-01"), not_eligible("hs_11359_d_remains_felony")),
        (person().convicted("11359(b) HS", Felony, "2010-01-01"), reduced("hs_11359_misdemeanor")),
    ] {
        Law::statute().check(&history, expected);
    }
}

/// HS 11360(a)(3)(C) — sale to a minor is still a felony: not eligible.
#[test]
fn hs_11360_a3c_remains_felony() {
    for (history, expected) in [
        (person().convicted("11360(a)(3)(C) HS", Felony, "2010-01-01"), not_eligible("hs_11360_a3c_remains_felony")),
        (person().convicted("11360(A)(3)(c)", Felony, "2010-01-01"), not_eligible("hs_11360_a3c_remains_felony")),
        (person().convicted("11360(a)(3) HS", Felony, "2010-01-01"), reduced("hs_11360_a_misdemeanor")),
        (person().convicted("11360(a)(3)(B) HS", Felony, "2010-01-01"), reduced("hs_11360_a_misdemeanor")),
        (person().convicted("11360(c) HS", Felony, "2010-01-01"), reduced("hs_11360_a_misdemeanor")),
    ] {
        Law::statute().check(&history, expected);
    }
}

/// HS 11360(a)(3)(D) — importing more than 28.5 grams is still a felony: not eligible.
#[test]
fn hs_11360_a3d_remains_felony() {
    for (history, expected) in [
        (person().convicted("11360(a)(3)(D) HS", Felony, "2010-01-01"), not_eligible("hs_11360_a3d_remains_felony")),
        (person().convicted("11360(a)(3)(d)", Felony, "2010-01-01"), not_eligible("hs_11360_a3d_remains_felony")),
        (person().convicted("11360(a)(3)(A) HS", Felony, "2010-01-01"), reduced("hs_11360_a_misdemeanor")),
        (person().convicted("11360(a)(2) HS", Felony, "2010-01-01"), reduced("hs_11360_a_misdemeanor")),
    ] {
        Law::statute().check(&history, expected);
    }
}

/// HS 11361.8; PC 664 — an attempt of a cannabis offense goes to a person.
#[test]
fn attempt_needs_review() {
    for (history, expected) in [
        (person().convicted("664/11359 HS", Felony, "2010-01-01"), review("attempt_needs_review")),
        (person().convicted("664/11357(b) HS", Misdemeanor, "2010-01-01"), review("attempt_needs_review")),
        (person().convicted("664/11360", Felony, "2010-01-01"), review("attempt_needs_review")),
        // Not an attempt.
        (person().convicted("11359 HS", Felony, "2010-01-01"), reduced("hs_11359_misdemeanor")),
    ] {
        Law::statute().check(&history, expected);
    }
    // Before policy grounds.
    Law::with(every_ground()).check(
        &person().born("1950-01-01").convicted("664/11359 HS", Felony, "2010-01-01"),
        review("attempt_needs_review"),
    );
    Law::statute().not_classified(&person().convicted("664/187 PC", Felony, "2010-01-01"));
}

// ---------------------------------------------------------------------------
// The relief table (data/relief.toml), one test per row id

/// HS 11361.8(a), (e); HS 11362.1(a)(2); HS 11357(a) — concentrated cannabis (old 11357(a)): dismiss and seal.
#[test]
fn hs_11357_a_dismiss() {
    for (history, expected) in [
        (person().convicted("11357(a) HS", Felony, "2010-01-01"), dismissed("hs_11357_a_dismiss")),
        (person().convicted("11357(A)HS", Misdemeanor, "2010-01-01"), dismissed("hs_11357_a_dismiss")),
        (person().convicted("11357A", Misdemeanor, "2010-01-01"), dismissed("hs_11357_a_dismiss")),
        (person().convicted("H&S 11357(a)", Felony, "2010-01-01"), dismissed("hs_11357_a_dismiss")),
        // 21 on the conviction date: an adult.
        (person().born("1990-03-03").convicted("11357(a) HS", Felony, "2011-03-03"), dismissed("hs_11357_a_dismiss")),
        // A dismissal is not barred by a prior superstrike.
        (
            person().prior("187 PC", "1995-01-01").convicted("11357(a) HS", Felony, "2010-01-01"),
            dismissed("hs_11357_a_dismiss"),
        ),
    ] {
        Law::statute().check(&history, expected);
    }
}

/// HS 11361.8(a), (e); HS 11362.1(a)(2); HS 11357(a) (the row's citation) — concentrated cannabis,
/// under 21 on the conviction date: an infraction (HS 11357(a)(1)).
#[test]
fn hs_11357_a_dismiss_under_21() {
    for (history, expected) in [
        (
            person().born("1990-03-03").convicted("11357(a) HS", Felony, "2011-03-02"),
            to_infraction("hs_11357_a_dismiss_under_21"),
        ),
        (
            person().born("1990-03-03").convicted("11357(a) HS", Misdemeanor, "2009-01-01"),
            to_infraction("hs_11357_a_dismiss_under_21"),
        ),
        // Already an infraction: nothing to redesignate.
        (
            person().born("1990-03-03").convicted("11357(a) HS", Infraction, "2009-01-01"),
            not_eligible("already_at_current_level"),
        ),
        // The birthday itself is 21.
        (person().born("1990-03-03").convicted("11357(a) HS", Felony, "2011-03-03"), dismissed("hs_11357_a_dismiss")),
        // No date of birth: the age decides, so a person looks it up.
        (person().dob_unknown().convicted("11357(a) HS", Felony, "2011-03-02"), review("dob_unknown_decides")),
    ] {
        Law::statute().check(&history, expected);
    }
}

/// HS 11361.8(a), (e); HS 11362.1(a)(1); HS 11357(a) — up to 28.5 grams (old 11357(b)): dismiss and seal.
#[test]
fn hs_11357_b_dismiss() {
    for (history, expected) in [
        (
            person().convicted("11357(b) HS", Misdemeanor, "2010-01-01"),
            dismissed("hs_11357_b_dismiss").by_application(),
        ),
        (person().convicted("11357(B)HS", Infraction, "2012-01-01"), dismissed("hs_11357_b_dismiss")),
        (person().convicted("11357B HS", Misdemeanor, "2010-01-01"), dismissed("hs_11357_b_dismiss")),
        (person().convicted("HS 11357(b)", Misdemeanor, "2010-01-01"), dismissed("hs_11357_b_dismiss")),
        (person().convicted("11357(b)", Misdemeanor, "2010-01-01"), dismissed("hs_11357_b_dismiss")),
    ] {
        Law::statute().check(&history, expected);
    }
    // Not 11357.5 (synthetic cannabinoids); not another county's conviction.
    Law::statute().not_classified(&person().convicted("11357.5(b) HS", Misdemeanor, "2010-01-01"));
    Law::statute().not_classified(&person().convicted("11357(b) HS", Misdemeanor, "2010-01-01").in_county("FRESNO"));
}

/// HS 11361.8(a), (e); HS 11362.1(a)(1); HS 11357(a) (the row's citation) — up to 28.5 grams,
/// under 21 on the conviction date: an infraction (HS 11357(a)(1)).
#[test]
fn hs_11357_b_dismiss_under_21() {
    for (history, expected) in [
        (
            person().born("1995-06-15").convicted("11357(b) HS", Misdemeanor, "2016-06-14"),
            to_infraction("hs_11357_b_dismiss_under_21"),
        ),
        (
            person().born("1995-06-15").convicted("11357(b) HS", Misdemeanor, "2016-06-15"),
            dismissed("hs_11357_b_dismiss"),
        ),
        (
            person().born("1995-06-15").convicted("11357(b) HS", Infraction, "2014-01-01"),
            not_eligible("already_at_current_level"),
        ),
    ] {
        Law::statute().check(&history, expected);
    }
}

/// HS 11357(b) — more than 28.5 grams (old 11357(c)) is still a misdemeanor: no statutory relief.
#[test]
fn hs_11357_c_no_relief() {
    for (history, expected) in [
        (person().convicted("11357(c) HS", Misdemeanor, "2010-01-01"), not_eligible("hs_11357_c_no_relief")),
        (person().convicted("11357(C)HS", Misdemeanor, "2010-01-01"), not_eligible("hs_11357_c_no_relief")),
        (
            person().born("1992-01-01").convicted("11357(c) HS", Misdemeanor, "2010-01-01"),
            not_eligible("hs_11357_c_no_relief"),
        ),
    ] {
        Law::statute().check(&history, expected);
    }
    // Office policy may dismiss it.
    let dismiss_11357 = policy("dismiss 11357", |p| p.dismiss_sections = vec!["11357".into()]);
    Law::with(dismiss_11357)
        .check(&person().convicted("11357(c) HS", Misdemeanor, "2010-01-01"), dismissed("policy_section_dismissed"));
}

/// HS 11357(c) — possession on school grounds (old 11357(d)): no statutory relief.
#[test]
fn hs_11357_d_no_relief() {
    for (history, expected) in [
        (person().convicted("11357(d) HS", Misdemeanor, "2010-01-01"), not_eligible("hs_11357_d_no_relief")),
        (person().convicted("11357D", Misdemeanor, "2010-01-01"), not_eligible("hs_11357_d_no_relief")),
    ] {
        Law::statute().check(&history, expected);
    }
    let misdemeanors = policy("dismiss misdemeanors", |p| p.dismiss_if.misdemeanor = true);
    Law::with(misdemeanors).check(
        &person().convicted("11357(d) HS", Misdemeanor, "2010-01-01"),
        dismissed("policy_misdemeanor_dismissed"),
    );
}

/// HS 11361.8(b), (f); HS 11357(d) — a minor on school grounds (old 11357(e)): an infraction.
#[test]
fn hs_11357_e_infraction() {
    for (history, expected) in [
        (person().convicted("11357(e) HS", Misdemeanor, "2010-01-01"), to_infraction("hs_11357_e_infraction")),
        (person().convicted("11357(E)", Felony, "2010-01-01"), to_infraction("hs_11357_e_infraction")),
        (person().convicted("11357(e) HS", Infraction, "2010-01-01"), not_eligible("already_at_current_level")),
        // HS 11357 has no disqualifiers: a prior superstrike does not bar it.
        (
            person().prior("187 PC", "1990-01-01").convicted("11357(e) HS", Misdemeanor, "2010-01-01"),
            to_infraction("hs_11357_e_infraction"),
        ),
    ] {
        Law::statute().check(&history, expected);
    }
}

/// HS 11361.8; HS 11357 — no subsection: the amount decides, so a person must look.
#[test]
fn hs_11357_amount_unknown() {
    for (history, expected) in [
        (person().convicted("11357 HS", Misdemeanor, "2010-01-01"), review("hs_11357_amount_unknown")),
        (person().convicted("11357", Felony, "2010-01-01"), review("hs_11357_amount_unknown")),
        (person().convicted("HS 11357", Infraction, "2012-01-01"), review("hs_11357_amount_unknown")),
        // A subsection the table does not list is no better.
        (person().convicted("11357(z) HS", Misdemeanor, "2010-01-01"), review("hs_11357_amount_unknown")),
    ] {
        Law::statute().check(&history, expected);
    }
    let dismiss_11357 = policy("dismiss 11357", |p| p.dismiss_sections = vec!["11357".into()]);
    Law::with(dismiss_11357)
        .check(&person().convicted("11357 HS", Misdemeanor, "2010-01-01"), dismissed("policy_section_dismissed"));
}

/// HS 11361.8(b), (f); HS 11358(c) — cultivation: felony → misdemeanor.
#[test]
fn hs_11358_misdemeanor() {
    for (history, expected) in [
        (person().convicted("11358 HS", Felony, "2010-01-01"), reduced("hs_11358_misdemeanor")),
        (person().convicted("11358(c) HS", Felony, "2010-01-01"), reduced("hs_11358_misdemeanor")),
        (person().convicted("11358", Felony, "2010-01-01"), reduced("hs_11358_misdemeanor")),
        (person().born("1990-03-03").convicted("11358 HS", Felony, "2011-03-03"), reduced("hs_11358_misdemeanor")),
    ] {
        Law::statute().check(&history, expected);
    }
}

/// HS 11362.1(a)(3); HS 11358(c) — a misdemeanor or infraction cultivation
/// conviction: up to six plants is lawful now (dismiss and seal), more stays
/// a misdemeanor, and the record gives no count: a person finds it (it was
/// "already at the level" and so challenged before).
#[test]
fn hs_11358_plants_unknown() {
    for (history, expected) in [
        (person().convicted("11358 HS", Misdemeanor, "2010-01-01"), review("hs_11358_plants_unknown")),
        (person().convicted("11358", Infraction, "2010-01-01"), review("hs_11358_plants_unknown")),
        (
            person().born("1990-03-03").convicted("11358 HS", Misdemeanor, "2009-01-01"),
            review("hs_11358_plants_unknown"),
        ),
        (person().convicted("11358 HS", Felony, "2010-01-01"), reduced("hs_11358_misdemeanor")),
    ] {
        Law::statute().check(&history, expected);
    }
}

/// HS 11361.8(b), (f); HS 11358(a)–(c) — under 21, cultivation of up to six
/// plants is an infraction, but the record does not give the number: the adult
/// answer (misdemeanor) stands, with no under-21 row.
#[test]
fn hs_11358_under_21_stays_a_misdemeanor() {
    for (history, expected) in [
        (person().born("1990-03-03").convicted("11358 HS", Felony, "2011-03-02"), reduced("hs_11358_misdemeanor")),
        (
            person().born("1990-03-03").prior("664/187 PC", "2009-01-01").convicted("11358 HS", Felony, "2011-03-02"),
            not_eligible("prior_superstrike_bars_reduction"),
        ),
    ] {
        Law::statute().check(&history, expected);
    }
}

/// HS 11361.8(b), (f) — felony or misdemeanor decides the relief; with neither
/// level field filled in, a person looks it up.
#[test]
fn level_unknown() {
    for (history, expected) in [
        (person().convicted("11359 HS", None, "2010-01-01"), review("level_unknown")),
        (person().convicted("11360(a) HS", None, "2010-01-01"), review("level_unknown")),
        // A dismissal does not depend on the level, but the check comes first.
        (person().convicted("11357(b) HS", None, "2010-01-01"), review("level_unknown")),
        (person().convicted("11359 HS", Felony, "2010-01-01"), reduced("hs_11359_misdemeanor")),
    ] {
        Law::statute().check(&history, expected);
    }
    // Before policy grounds: an unknown level is not "not a felony".
    Law::with(every_ground())
        .check(&person().born("1950-01-01").convicted("11359 HS", None, "2010-01-01"), review("level_unknown"));
}

/// HS 11361.8; HS 11357(a); HS 11360(b) — under 21 these become infractions
/// instead of dismissals: with no date of birth, a person looks it up.
#[test]
fn dob_unknown_decides() {
    for (history, expected) in [
        (person().dob_unknown().convicted("11357(b) HS", Misdemeanor, "2010-01-01"), review("dob_unknown_decides")),
        (person().dob_unknown().convicted("11360(b) HS", Misdemeanor, "2010-01-01"), review("dob_unknown_decides")),
        // Sections whose relief does not depend on age are decided.
        (person().dob_unknown().convicted("11359 HS", Felony, "2010-01-01"), reduced("hs_11359_misdemeanor")),
        (
            person().born("1960-01-01").convicted("11357(b) HS", Misdemeanor, "2010-01-01"),
            dismissed("hs_11357_b_dismiss"),
        ),
    ] {
        Law::statute().check(&history, expected);
    }
}

/// HS 11360(a) misdemeanor is already at the current level; only an 11360
/// misdemeanor with no subsection at all could be (b).
#[test]
fn hs_11360_subsection_known_misdemeanor_is_not_reviewed() {
    for (history, expected) in [
        (person().convicted("11360(a) HS", Misdemeanor, "2010-01-01"), not_eligible("already_at_current_level")),
        (person().convicted("11360(a)(2) HS", Misdemeanor, "2010-01-01"), not_eligible("already_at_current_level")),
        (person().convicted("11360 HS", Misdemeanor, "2010-01-01"), review("hs_11360_subsection_unknown")),
    ] {
        Law::statute().check(&history, expected);
    }
}

/// PC 667(e)(2)(C)(iv) — a prior written with no code (`187`) may be a
/// superstrike: a person checks instead of the rule skipping it.
#[test]
fn prior_without_a_code_is_checked_by_a_person() {
    for (history, expected) in [
        (
            person().prior("187", "2000-01-01").convicted("11359 HS", Felony, "2010-01-01"),
            review("prior_needs_fact_review"),
        ),
        (
            person().prior("288(a)(1)", "2000-01-01").convicted("11360(a) HS", Felony, "2010-01-01"),
            review("prior_needs_fact_review"),
        ),
        // A coded prior is decided; a coded non-listed prior does not count.
        (
            person().prior("187 PC", "2000-01-01").convicted("11359 HS", Felony, "2010-01-01"),
            not_eligible("prior_superstrike_bars_reduction"),
        ),
        (
            person().prior("187 VC", "2000-01-01").convicted("11359 HS", Felony, "2010-01-01"),
            reduced("hs_11359_misdemeanor"),
        ),
    ] {
        Law::statute().check(&history, expected);
    }
}

/// HS 11361.8(b), (f); HS 11359(b) — possession for sale: felony → misdemeanor.
#[test]
fn hs_11359_misdemeanor() {
    for (history, expected) in [
        (person().convicted("11359 HS", Felony, "2008-03-03"), reduced("hs_11359_misdemeanor").by_application()),
        (person().convicted("11359", Felony, "2008-03-03"), reduced("hs_11359_misdemeanor")),
        (person().convicted("H&S11359", Felony, "2008-03-03"), reduced("hs_11359_misdemeanor")),
        (person().convicted("11359(c) HS", Felony, "2008-03-03"), reduced("hs_11359_misdemeanor")),
        // No under-21 variant: under 21 is still a misdemeanor.
        (person().born("1990-03-03").convicted("11359 HS", Felony, "2011-03-02"), reduced("hs_11359_misdemeanor")),
        (person().convicted("11359 HS", Misdemeanor, "2008-03-03"), not_eligible("already_at_current_level")),
    ] {
        Law::statute().check(&history, expected);
    }
}

/// HS 11361.8(a), (e); HS 11362.1(a)(1); HS 11360(b) — giving away up to 28.5 grams (old 11360(b)):
/// dismiss and seal.
#[test]
fn hs_11360_b_dismiss() {
    for (history, expected) in [
        (person().convicted("11360(b) HS", Misdemeanor, "2010-01-01"), dismissed("hs_11360_b_dismiss")),
        (person().convicted("11360B", Misdemeanor, "2010-01-01"), dismissed("hs_11360_b_dismiss")),
        (person().convicted("11360(B) HS", Felony, "2010-01-01"), dismissed("hs_11360_b_dismiss")),
        (
            person().prior("187 PC", "1995-01-01").convicted("11360(b) HS", Misdemeanor, "2010-01-01"),
            dismissed("hs_11360_b_dismiss"),
        ),
    ] {
        Law::statute().check(&history, expected);
    }
}

/// HS 11361.8(a), (e); HS 11362.1(a)(1); HS 11360(b) (the row's citation) — giving away, under 21 on
/// the conviction date: an infraction (HS 11360(a)(1)).
#[test]
fn hs_11360_b_dismiss_under_21() {
    for (history, expected) in [
        (
            person().born("1994-02-28").convicted("11360(b) HS", Misdemeanor, "2015-02-27"),
            to_infraction("hs_11360_b_dismiss_under_21"),
        ),
        (
            person().born("1994-02-28").convicted("11360(b) HS", Misdemeanor, "2015-02-28"),
            dismissed("hs_11360_b_dismiss"),
        ),
        (
            person().born("1994-02-28").convicted("11360(b) HS", Infraction, "2014-01-01"),
            not_eligible("already_at_current_level"),
        ),
    ] {
        Law::statute().check(&history, expected);
    }
}

/// HS 11361.8(b), (f); HS 11360(a)(2) — sale or transport: felony → misdemeanor.
#[test]
fn hs_11360_a_misdemeanor() {
    for (history, expected) in [
        (person().convicted("11360(a) HS", Felony, "2010-01-01"), reduced("hs_11360_a_misdemeanor")),
        (person().convicted("11360(A)(2) HS", Felony, "2010-01-01"), reduced("hs_11360_a_misdemeanor")),
        (person().convicted("11360A2 HS", Felony, "2010-01-01"), reduced("hs_11360_a_misdemeanor")),
        // A felony 11360 with no subsection was 11360(a).
        (person().convicted("11360 HS", Felony, "2010-01-01"), reduced("hs_11360_a_misdemeanor")),
        (person().born("1990-03-03").convicted("11360(a) HS", Felony, "2011-03-02"), reduced("hs_11360_a_misdemeanor")),
    ] {
        Law::statute().check(&history, expected);
    }
}

/// HS 11361.8(b), (f); HS 11360(a)(2) (the row's citation) — a misdemeanor 11360 with no subsection
/// may be (a) or (b): a person must look.
#[test]
fn hs_11360_subsection_unknown() {
    for (history, expected) in [
        (person().convicted("11360 HS", Misdemeanor, "2010-01-01"), review("hs_11360_subsection_unknown")),
        (person().convicted("11360", Infraction, "2010-01-01"), review("hs_11360_subsection_unknown")),
        (person().convicted("11360 HS", Felony, "2010-01-01"), reduced("hs_11360_a_misdemeanor")),
        (person().convicted("11360(b) HS", Misdemeanor, "2010-01-01"), dismissed("hs_11360_b_dismiss")),
    ] {
        Law::statute().check(&history, expected);
    }
}

/// HS 11361.8(b), (f) — already at or below the level the current law sets.
#[test]
fn already_at_current_level() {
    for (history, expected) in [
        (person().convicted("11359 HS", Misdemeanor, "2010-01-01"), not_eligible("already_at_current_level")),
        (person().convicted("11357(e) HS", Infraction, "2010-01-01"), not_eligible("already_at_current_level")),
        (
            person().born("1992-01-01").convicted("11357(b) HS", Infraction, "2010-01-01"),
            not_eligible("already_at_current_level"),
        ),
        (person().convicted("11359 HS", Felony, "2010-01-01"), reduced("hs_11359_misdemeanor")),
    ] {
        Law::statute().check(&history, expected);
    }
}

// ---------------------------------------------------------------------------
// Disqualifiers for reduction: HS 11358(d), 11359(c), 11360(a)(3)

/// HS 11358(d); HS 11359(c); HS 11360(a)(3); PC 667(e)(2)(C)(iv) — a PRIOR superstrike bars reduction
/// (People v. Smit: one in the same case does not).
#[test]
fn prior_superstrike_bars_reduction() {
    let barred = not_eligible("prior_superstrike_bars_reduction");
    let reduced_11359 = reduced("hs_11359_misdemeanor");
    for (history, expected) in [
        (person().prior("187 PC", "1995-01-01").convicted("11359 HS", Felony, "2008-03-03"), barred),
        (person().prior("187(a) PC", "1995-01-01").convicted("11359 HS", Felony, "2008-03-03"), barred),
        (person().prior("664/187 PC", "1995-01-01").convicted("11359 HS", Felony, "2008-03-03"), barred),
        (person().prior("288(a)(1) PC", "1995-01-01").convicted("11359 HS", Felony, "2008-03-03"), barred),
        (person().prior("187 PC", "1995-01-01").convicted("11358 HS", Felony, "2008-03-03"), barred),
        (person().prior("187 PC", "1995-01-01").convicted("11360(a) HS", Felony, "2008-03-03"), barred),
        // The whole history counts, in every county.
        (
            person().prior("187 PC", "1995-01-01").in_county("LOS ANGELES").convicted("11359 HS", Felony, "2008-03-03"),
            barred,
        ),
        // The day before is prior; the same day is not.
        (person().prior("187 PC", "2008-03-02").convicted("11359 HS", Felony, "2008-03-03"), barred),
        (person().prior("187 PC", "2008-03-03").convicted("11359 HS", Felony, "2008-03-03"), reduced_11359),
        // Anchored: 1187 PC is not 187 PC; 187 VC is not PC 187; 187.1 PC is not 187 PC.
        (person().prior("1187 PC", "1995-01-01").convicted("11359 HS", Felony, "2008-03-03"), reduced_11359),
        (person().prior("187 VC", "1995-01-01").convicted("11359 HS", Felony, "2008-03-03"), reduced_11359),
        (person().prior("187.1 PC", "1995-01-01").convicted("11359 HS", Felony, "2008-03-03"), reduced_11359),
        // The same case does not bar (People v. Smit).
        (person().convicted("11359 HS", Felony, "2008-03-03").same_case("187 PC"), reduced_11359),
        // Another step of the same court case (sharing its case number) is the same case.
        (
            person()
                .prior("187 PC", "2008-01-15")
                .case_number("SCN123456")
                .convicted("11359 HS", Felony, "2008-03-03")
                .case_number("SCN123456"),
            reduced_11359,
        ),
        // A superstrike AFTER the cannabis conviction does not bar it.
        (person().convicted("11359 HS", Felony, "2008-03-03").later("187 PC", "2012-01-01"), reduced_11359),
        // A dismissal is not a reduction.
        (
            person().prior("187 PC", "1995-01-01").convicted("11357(b) HS", Misdemeanor, "2008-03-03"),
            dismissed("hs_11357_b_dismiss"),
        ),
    ] {
        Law::statute().check(&history, expected);
    }
    // The office can switch the disqualifier off.
    let off = policy("no superstrike bar", |p| p.disqualifiers.prior_superstrike = false);
    Law::with(off).check(
        &person().prior("664/187 PC", "1995-01-01").convicted("11359 HS", Felony, "2008-03-03"),
        reduced("hs_11359_misdemeanor"),
    );
}

/// HS 11358(d); HS 11359(c); HS 11360(a)(3); PC 290(c) — a PRIOR PC 290(c) offense bars reduction.
#[test]
fn prior_pc290_bars_reduction() {
    let barred = not_eligible("prior_pc290_bars_reduction");
    let reduced_11359 = reduced("hs_11359_misdemeanor");
    for (history, expected) in [
        (person().prior("243.4 PC", "1999-01-01").convicted("11359 HS", Felony, "2008-03-03"), barred),
        (person().prior("314(1) PC", "1999-01-01").convicted("11359 HS", Felony, "2008-03-03"), barred),
        (person().prior("647.6 PC", "1999-01-01").convicted("11360(a) HS", Felony, "2008-03-03"), barred),
        // 288(c) is a PC 290 offense but not a superstrike.
        (person().prior("288(c)(1) PC", "1999-01-01").convicted("11358 HS", Felony, "2008-03-03"), barred),
        (
            person().prior("243.4(a) PC", "1999-01-01").in_county("ORANGE").convicted("11359 HS", Felony, "2008-03-03"),
            barred,
        ),
        // Anchored: 314 PC without (1) or (2), 1243.4 PC, 243 PC are not listed.
        (person().prior("314 PC", "1999-01-01").convicted("11359 HS", Felony, "2008-03-03"), reduced_11359),
        (person().prior("1243.4 PC", "1999-01-01").convicted("11359 HS", Felony, "2008-03-03"), reduced_11359),
        (person().prior("243(e)(1) PC", "1999-01-01").convicted("11359 HS", Felony, "2008-03-03"), reduced_11359),
        // Same case, later, same day: not a prior.
        (person().convicted("11359 HS", Felony, "2008-03-03").same_case("243.4 PC"), reduced_11359),
        (person().convicted("11359 HS", Felony, "2008-03-03").later("243.4 PC", "2009-01-01"), reduced_11359),
        (person().prior("243.4 PC", "2008-03-03").convicted("11359 HS", Felony, "2008-03-03"), reduced_11359),
    ] {
        Law::statute().check(&history, expected);
    }
    let off = policy("no PC 290 bar", |p| p.disqualifiers.prior_pc290 = false);
    Law::with(off).check(
        &person().prior("243.4 PC", "1999-01-01").convicted("11359 HS", Felony, "2008-03-03"),
        reduced("hs_11359_misdemeanor"),
    );
}

/// HS 11358(d)(3); HS 11359(c)(2) — two or more prior convictions of the same offense (office switch).
#[test]
fn two_priors_bar_reduction() {
    let switch_on = || policy("two priors", |p| p.disqualifiers.two_or_more_priors = true);
    let barred = not_eligible("two_priors_bar_reduction");
    let reduced_11359 = reduced("hs_11359_misdemeanor");
    for (history, expected) in [
        (
            person().prior("11359 HS", "2002-01-01").prior("11359 HS", "2005-01-01").convicted(
                "11359 HS",
                Felony,
                "2010-01-01",
            ),
            barred,
        ),
        (
            person().prior("11360(a) HS", "2002-01-01").prior("11360 HS", "2005-01-01").convicted(
                "11360(a)(2) HS",
                Felony,
                "2010-01-01",
            ),
            not_eligible("two_priors_bar_reduction"),
        ),
        (
            person().prior("11359 HS", "2002-01-01").in_county("KERN").prior("11359 HS", "2005-01-01").convicted(
                "11359 HS",
                Felony,
                "2010-01-01",
            ),
            barred,
        ),
        // One prior is not two.
        (person().prior("11359 HS", "2005-01-01").convicted("11359 HS", Felony, "2010-01-01"), reduced_11359),
        // Priors of another section are not the same offense.
        (
            person().prior("11360(a) HS", "2002-01-01").prior("11358 HS", "2005-01-01").convicted(
                "11359 HS",
                Felony,
                "2010-01-01",
            ),
            reduced_11359,
        ),
        // One before and one after is not two priors.
        (
            person()
                .prior("11359 HS", "2002-01-01")
                .convicted("11359 HS", Felony, "2010-01-01")
                .later("11359 HS", "2012-01-01"),
            reduced_11359,
        ),
    ] {
        Law::with(switch_on()).check(&history, expected);
    }
    // Off unless the office says so.
    Law::statute().check(
        &person().prior("11359 HS", "2002-01-01").prior("11359 HS", "2005-01-01").convicted(
            "11359 HS",
            Felony,
            "2010-01-01",
        ),
        reduced("hs_11359_misdemeanor"),
    );
}

/// PC 290(c) — a prior that is a PC 290(c) offense only with a fact the record does not show.
#[test]
fn prior_needs_fact_review() {
    for (history, expected) in [
        (
            person().prior("220 PC", "1999-01-01").convicted("11359 HS", Felony, "2008-03-03"),
            review("prior_needs_fact_review"),
        ),
        (
            person().prior("207(a) PC", "1999-01-01").convicted("11359 HS", Felony, "2008-03-03"),
            review("prior_needs_fact_review"),
        ),
        (
            person().prior("266 PC", "1999-01-01").convicted("11358 HS", Felony, "2008-03-03"),
            review("prior_needs_fact_review"),
        ),
        // A certain bar wins over a possible one, in either order.
        (
            person().prior("220 PC", "1999-01-01").prior("243.4 PC", "2000-01-01").convicted(
                "11359 HS",
                Felony,
                "2008-03-03",
            ),
            not_eligible("prior_pc290_bars_reduction"),
        ),
        (
            person().prior("243.4 PC", "1999-01-01").prior("220 PC", "2000-01-01").convicted(
                "11359 HS",
                Felony,
                "2008-03-03",
            ),
            not_eligible("prior_pc290_bars_reduction"),
        ),
        // 187 PC is in both lists: as a superstrike it bars outright.
        (
            person().prior("187 PC", "1999-01-01").convicted("11359 HS", Felony, "2008-03-03"),
            not_eligible("prior_superstrike_bars_reduction"),
        ),
        // Same case, or after: not a prior.
        (person().convicted("11359 HS", Felony, "2008-03-03").same_case("220 PC"), reduced("hs_11359_misdemeanor")),
        (
            person().convicted("11359 HS", Felony, "2008-03-03").later("220 PC", "2010-01-01"),
            reduced("hs_11359_misdemeanor"),
        ),
        // No reduction asked: nothing to review.
        (
            person().prior("220 PC", "1999-01-01").convicted("11357(b) HS", Misdemeanor, "2008-03-03"),
            dismissed("hs_11357_b_dismiss"),
        ),
    ] {
        Law::statute().check(&history, expected);
    }
    let off = policy("no PC 290 bar", |p| p.disqualifiers.prior_pc290 = false);
    Law::with(off).check(
        &person().prior("220 PC", "1999-01-01").convicted("11359 HS", Felony, "2008-03-03"),
        reduced("hs_11359_misdemeanor"),
    );
}

/// PC 290(c); HS 11359(c) — registered under PC 290 with no registrable prior in the record.
#[test]
fn pc290_registration_review() {
    for (history, expected) in [
        (person().registered_290().convicted("11359 HS", Felony, "2008-03-03"), review("pc290_registration_review")),
        // The registrable conviction came after: still to be checked.
        (
            person().registered_290().convicted("11359 HS", Felony, "2008-03-03").later("243.4 PC", "2011-01-01"),
            review("pc290_registration_review"),
        ),
        // The record shows why: the prior decides.
        (
            person().registered_290().prior("243.4 PC", "1999-01-01").convicted("11359 HS", Felony, "2008-03-03"),
            not_eligible("prior_pc290_bars_reduction"),
        ),
        (
            person().registered_290().prior("187 PC", "1999-01-01").convicted("11359 HS", Felony, "2008-03-03"),
            not_eligible("prior_superstrike_bars_reduction"),
        ),
        (
            person().registered_290().prior("220 PC", "1999-01-01").convicted("11359 HS", Felony, "2008-03-03"),
            review("prior_needs_fact_review"),
        ),
        // Not registered.
        (person().convicted("11359 HS", Felony, "2008-03-03"), reduced("hs_11359_misdemeanor")),
        // No reduction asked.
        (
            person().registered_290().convicted("11360(b) HS", Misdemeanor, "2008-03-03"),
            dismissed("hs_11360_b_dismiss"),
        ),
    ] {
        Law::statute().check(&history, expected);
    }
    let off = policy("no PC 290 bar", |p| p.disqualifiers.prior_pc290 = false);
    Law::with(off)
        .check(&person().registered_290().convicted("11359 HS", Felony, "2008-03-03"), reduced("hs_11359_misdemeanor"));
}

/// Precedence within the disqualifiers: superstrike, PC 290, two priors, a fact to check,
/// a registration to check — whatever order the record lists the priors in.
#[test]
fn disqualifiers_apply_in_rule_order() {
    let two_priors = policy("two priors", |p| p.disqualifiers.two_or_more_priors = true);
    for (history, expected) in [
        (
            person().prior("243.4 PC", "1990-01-01").prior("187 PC", "1995-01-01").convicted(
                "11359 HS",
                Felony,
                "2008-03-03",
            ),
            not_eligible("prior_superstrike_bars_reduction"),
        ),
        (
            person().prior("187 PC", "1990-01-01").prior("243.4 PC", "1995-01-01").convicted(
                "11359 HS",
                Felony,
                "2008-03-03",
            ),
            not_eligible("prior_superstrike_bars_reduction"),
        ),
        (
            person()
                .prior("11359 HS", "1990-01-01")
                .prior("11359 HS", "1992-01-01")
                .prior("243.4 PC", "1995-01-01")
                .convicted("11359 HS", Felony, "2008-03-03"),
            not_eligible("prior_pc290_bars_reduction"),
        ),
        (
            person()
                .prior("220 PC", "1990-01-01")
                .prior("11359 HS", "1992-01-01")
                .prior("11359 HS", "1995-01-01")
                .convicted("11359 HS", Felony, "2008-03-03"),
            not_eligible("two_priors_bar_reduction"),
        ),
        (
            person().registered_290().prior("11359 HS", "1992-01-01").prior("11359 HS", "1995-01-01").convicted(
                "11359 HS",
                Felony,
                "2008-03-03",
            ),
            not_eligible("two_priors_bar_reduction"),
        ),
    ] {
        Law::with(two_priors.clone()).check(&history, expected);
    }
}

// ---------------------------------------------------------------------------
// Office policy: extra grounds for dismissal, in the 2019 order

/// HS 11361.8; office policy — misdemeanors and infractions are dismissed.
#[test]
fn policy_misdemeanor_dismissed() {
    let law = Law::with(policy("dismiss misdemeanors", |p| p.dismiss_if.misdemeanor = true));
    for (history, expected) in [
        (person().convicted("11359 HS", Misdemeanor, "2010-01-01"), dismissed("policy_misdemeanor_dismissed")),
        (person().convicted("11357(c) HS", Misdemeanor, "2010-01-01"), dismissed("policy_misdemeanor_dismissed")),
        (person().convicted("11357(e) HS", Infraction, "2010-01-01"), dismissed("policy_misdemeanor_dismissed")),
        (person().convicted("11357 HS", Misdemeanor, "2010-01-01"), dismissed("policy_misdemeanor_dismissed")),
        (person().convicted("11360 HS", Misdemeanor, "2010-01-01"), dismissed("policy_misdemeanor_dismissed")),
        // The statute's own dismissal comes first.
        (person().convicted("11357(b) HS", Misdemeanor, "2010-01-01"), dismissed("hs_11357_b_dismiss")),
        // Felonies are not misdemeanors.
        (person().convicted("11359 HS", Felony, "2010-01-01"), reduced("hs_11359_misdemeanor")),
        // After the Prop 64 date: nothing to dismiss.
        (person().convicted("11359 HS", Misdemeanor, "2016-11-10"), not_eligible("convicted_under_new_law")),
    ] {
        law.check(&history, expected);
    }
}

/// HS 11361.8; office policy — every eligible conviction of a listed section is dismissed.
#[test]
fn policy_section_dismissed() {
    let law = Law::with(policy("dismiss 11357 and 11359", |p| {
        p.dismiss_sections = vec!["11357".into(), "11359".into()];
    }));
    for (history, expected) in [
        (person().convicted("11359 HS", Felony, "2010-01-01"), dismissed("policy_section_dismissed")),
        (person().convicted("11359 HS", Misdemeanor, "2010-01-01"), dismissed("policy_section_dismissed")),
        (person().convicted("11357(c) HS", Misdemeanor, "2010-01-01"), dismissed("policy_section_dismissed")),
        (person().convicted("11357(d) HS", Misdemeanor, "2010-01-01"), dismissed("policy_section_dismissed")),
        (person().convicted("11357 HS", Misdemeanor, "2010-01-01"), dismissed("policy_section_dismissed")),
        (person().convicted("11357(e) HS", Misdemeanor, "2010-01-01"), dismissed("policy_section_dismissed")),
        // Other sections keep the statute's answer.
        (person().convicted("11360(a) HS", Felony, "2010-01-01"), reduced("hs_11360_a_misdemeanor")),
        (person().convicted("11358 HS", Felony, "2010-01-01"), reduced("hs_11358_misdemeanor")),
        // Exclusions and disqualifiers still apply.
        (person().convicted("11359(c)(3) HS", Felony, "2010-01-01"), not_eligible("hs_11359_c3_remains_felony")),
        (
            person().prior("187 PC", "1995-01-01").convicted("11359 HS", Felony, "2010-01-01"),
            not_eligible("prior_superstrike_bars_reduction"),
        ),
    ] {
        law.check(&history, expected);
    }
}

/// HS 11361.8; office policy — under 21 on the conviction date (DOB + 21 years after it).
#[test]
fn policy_under_21_at_conviction() {
    let law = Law::with(policy("under 21", |p| p.dismiss_if.under_21_at_conviction = true));
    for (history, expected) in [
        (
            person().born("1990-03-03").convicted("11359 HS", Felony, "2011-03-02"),
            dismissed("policy_under_21_at_conviction"),
        ),
        (person().born("1990-03-03").convicted("11359 HS", Felony, "2011-03-03"), reduced("hs_11359_misdemeanor")),
        (
            person().born("1990-03-03").convicted("11360(a) HS", Felony, "2008-07-01"),
            dismissed("policy_under_21_at_conviction"),
        ),
        // The age on the as-of date does not matter.
        (
            person().born("1960-01-01").convicted("11359 HS", Felony, "1980-06-01"),
            dismissed("policy_under_21_at_conviction"),
        ),
        (person().dob_unknown().convicted("11359 HS", Felony, "2011-03-02"), reduced("hs_11359_misdemeanor")),
        // The statute's under-21 relief is an infraction: the policy widens it to a dismissal.
        (
            person().born("1990-03-03").convicted("11357(b) HS", Misdemeanor, "2011-03-02"),
            dismissed("policy_under_21_at_conviction"),
        ),
    ] {
        law.check(&history, expected);
    }
}

/// HS 11361.8; office policy — the person's age on the as-of date is at least the threshold.
#[test]
fn policy_age_threshold() {
    let law = || Law::with(policy("50 and over", |p| p.dismiss_if.age_at_least = 50));
    for (history, expected) in [
        (person().born("1976-11-01").convicted("11359 HS", Felony, "2010-01-01"), dismissed("policy_age_threshold")),
        (person().born("1976-11-02").convicted("11359 HS", Felony, "2010-01-01"), reduced("hs_11359_misdemeanor")),
        (person().born("1940-01-01").convicted("11358 HS", Felony, "1975-01-01"), dismissed("policy_age_threshold")),
        (person().dob_unknown().convicted("11359 HS", Felony, "2010-01-01"), reduced("hs_11359_misdemeanor")),
    ] {
        law().check(&history, expected);
    }
    // The as-of date decides the age, not the conviction date.
    let born_1976 = person().born("1976-11-01").convicted("11359 HS", Felony, "2010-01-01");
    law().on("2026-10-31").check(&born_1976, reduced("hs_11359_misdemeanor"));
    law().on("2026-11-01").check(&born_1976, dismissed("policy_age_threshold"));
}

/// HS 11361.8; office policy — the conviction is at least N years before the as-of date.
#[test]
fn policy_years_since_conviction() {
    let law = || Law::with(policy("10 years since", |p| p.dismiss_if.years_since_conviction = 10));
    for (history, expected) in [
        (person().convicted("11359 HS", Felony, "2016-11-01"), dismissed("policy_years_since_conviction")),
        (person().convicted("11359 HS", Felony, "2016-11-02"), reduced("hs_11359_misdemeanor")),
        (person().convicted("11359 HS", Felony, "1999-01-01"), dismissed("policy_years_since_conviction")),
        // Counted for this conviction, not the last one.
        (
            person().convicted("11359 HS", Felony, "2010-01-01").later("459 PC", "2020-01-01"),
            dismissed("policy_years_since_conviction"),
        ),
    ] {
        law().check(&history, expected);
    }
    let sale_2016 = person().convicted("11359 HS", Felony, "2016-11-01");
    law().on("2026-10-31").check(&sale_2016, reduced("hs_11359_misdemeanor"));
    law().on("2030-01-01").check(&sale_2016, dismissed("policy_years_since_conviction"));
}

/// HS 11361.8; office policy — the most recent conviction of any kind is at least N years old.
#[test]
fn policy_years_crime_free() {
    let law = || Law::with(policy("10 years crime-free", |p| p.dismiss_if.years_crime_free = 10));
    for (history, expected) in [
        (
            person().convicted("11359 HS", Felony, "2008-01-01").other("23152(a) VC", Misdemeanor, "2016-11-01"),
            dismissed("policy_years_crime_free"),
        ),
        (
            person().convicted("11359 HS", Felony, "2008-01-01").other("23152(a) VC", Misdemeanor, "2016-11-02"),
            reduced("hs_11359_misdemeanor"),
        ),
        // Convictions anywhere count; arrests without a conviction do not.
        (
            person().convicted("11359 HS", Felony, "2008-01-01").later("459 PC", "2020-01-01").in_county("MARIN"),
            reduced("hs_11359_misdemeanor"),
        ),
        (
            person().convicted("11359 HS", Felony, "2008-01-01").arrested("459 PC", "2020-01-01"),
            dismissed("policy_years_crime_free"),
        ),
        (person().convicted("11359 HS", Felony, "2016-11-01"), dismissed("policy_years_crime_free")),
    ] {
        law().check(&history, expected);
    }
    let history = person().convicted("11359 HS", Felony, "2008-01-01").other("23152(a) VC", Misdemeanor, "2016-11-01");
    law().on("2026-10-31").check(&history, reduced("hs_11359_misdemeanor"));
}

/// HS 11361.8; office policy — every conviction the person has is a Prop 64 conviction.
#[test]
fn policy_only_prop64_convictions() {
    let law = Law::with(policy("only Prop 64", |p| p.dismiss_if.only_prop64_convictions = true));
    for (history, expected) in [
        (person().convicted("11359 HS", Felony, "2010-01-01"), dismissed("policy_only_prop64_convictions")),
        (
            person().other("11357(b) HS", Misdemeanor, "2005-01-01").convicted("11359 HS", Felony, "2010-01-01"),
            dismissed("policy_only_prop64_convictions"),
        ),
        // Prop 64 convictions in other counties are still Prop 64 convictions.
        (
            person().convicted("11359 HS", Felony, "2010-01-01").later("11360(a) HS", "2012-01-01").in_county("YOLO"),
            dismissed("policy_only_prop64_convictions"),
        ),
        // A charge that was not a conviction does not count.
        (
            person().convicted("11359 HS", Felony, "2010-01-01").charged("459 PC"),
            dismissed("policy_only_prop64_convictions"),
        ),
        (
            person().convicted("11359 HS", Felony, "2010-01-01").later("23152(a) VC", "2012-01-01"),
            reduced("hs_11359_misdemeanor"),
        ),
        (person().convicted("11359 HS", Felony, "2010-01-01").same_case("459 PC"), reduced("hs_11359_misdemeanor")),
        // A conspiracy is not a Prop 64 conviction.
        (
            person().convicted("11359 HS", Felony, "2010-01-01").later("182/11360 HS", "2012-01-01"),
            reduced("hs_11359_misdemeanor"),
        ),
    ] {
        law.check(&history, expected);
    }
}

/// HS 11361.8; office policy — the person is deceased.
#[test]
fn policy_deceased() {
    let law = Law::with(policy("deceased", |p| p.dismiss_if.deceased = true));
    for (history, expected) in [
        (person().convicted("11359 HS", Felony, "2010-01-01").deceased(), dismissed("policy_deceased")),
        (person().convicted("11359 HS", Felony, "2010-01-01"), reduced("hs_11359_misdemeanor")),
        (
            person().prior("187 PC", "1990-01-01").convicted("11359 HS", Felony, "2010-01-01").deceased(),
            not_eligible("prior_superstrike_bars_reduction"),
        ),
    ] {
        law.check(&history, expected);
    }
}

/// HS 11361.8(a), (b); office policy — convictions whose sentence is still being served go to review.
#[test]
fn policy_review_serving() {
    let law = || Law::with(policy("review serving", |p| p.review.currently_serving = true));
    for (history, expected) in [
        (person().convicted("11359 HS", Felony, "2016-01-01").sentenced(12, Years), review("policy_review_serving")),
        (
            person().convicted("11357(b) HS", Misdemeanor, "2016-01-01").sentenced(11, Years),
            review("policy_review_serving"),
        ),
        // Ends on the as-of date: served.
        (
            person().convicted("11359 HS", Felony, "2016-11-01").sentenced(10, Years),
            reduced("hs_11359_misdemeanor").by_application(),
        ),
        (
            person().convicted("11359 HS", Felony, "2016-11-01").sentenced(10, Years).sentenced(1, Days),
            review("policy_review_serving"),
        ),
        // Only relief goes to review: no relief, nothing to review.
        (
            person().convicted("11359(c)(3) HS", Felony, "2016-01-01").sentenced(12, Years),
            not_eligible("hs_11359_c3_remains_felony"),
        ),
    ] {
        law().check(&history, expected);
    }
    // Policy dismissals too.
    let mut both = policy("review serving, 50 and over", |p| p.review.currently_serving = true);
    both.dismiss_if.age_at_least = 50;
    Law::with(both).check(
        &person().born("1950-01-01").convicted("11359 HS", Felony, "2016-01-01").sentenced(12, Years),
        review("policy_review_serving"),
    );
    // Without the policy: a petition.
    Law::statute().check(
        &person().convicted("11359 HS", Felony, "2016-01-01").sentenced(12, Years),
        reduced("hs_11359_misdemeanor").by_petition(),
    );
}

/// HS 11361.8(e), (f) application when the sentence is completed; HS 11361.8(a), (b) petition while serving.
#[test]
fn relief_path() {
    for (law, history, expected) in [
        (
            Law::statute(),
            person().convicted("11359 HS", Felony, "2010-01-01").sentenced(6, Months),
            reduced("hs_11359_misdemeanor").by_application(),
        ),
        // No sentence recorded: it ended on the conviction date.
        (
            Law::statute(),
            person().convicted("11359 HS", Felony, "2010-01-01"),
            reduced("hs_11359_misdemeanor").by_application(),
        ),
        // Ends on the as-of date: completed. A day later: still serving.
        (
            Law::statute(),
            person().convicted("11359 HS", Felony, "2016-11-01").sentenced(10, Years),
            reduced("hs_11359_misdemeanor").by_application(),
        ),
        (
            Law::statute(),
            person().convicted("11359 HS", Felony, "2016-11-01").sentenced(10, Years).sentenced(1, Days),
            reduced("hs_11359_misdemeanor").by_petition(),
        ),
        // The parts of a sentence add up.
        (
            Law::statute(),
            person()
                .convicted("11359 HS", Felony, "2016-11-01")
                .sentenced(9, Years)
                .sentenced(12, Months)
                .sentenced(1, Days),
            reduced("hs_11359_misdemeanor").by_petition(),
        ),
        (
            Law::statute(),
            person().convicted("11357(b) HS", Misdemeanor, "2016-01-01").sentenced(11, Years),
            dismissed("hs_11357_b_dismiss").by_petition(),
        ),
        (
            Law::statute(),
            person().convicted("11357(b) HS", Misdemeanor, "2016-01-01").sentenced(6, Months),
            dismissed("hs_11357_b_dismiss").by_application(),
        ),
        // A sentence end given by a case list.
        (
            Law::statute(),
            person().convicted("11360(a) HS", Felony, "2015-01-01").sentence_ends("2027-01-01"),
            reduced("hs_11360_a_misdemeanor").by_petition(),
        ),
        // The as-of date decides whether the sentence is still being served.
        (
            Law::statute().on("2029-12-31"),
            person().convicted("11359 HS", Felony, "2010-01-01").sentenced(20, Years),
            reduced("hs_11359_misdemeanor").by_petition(),
        ),
        (
            Law::statute().on("2030-01-01"),
            person().convicted("11359 HS", Felony, "2010-01-01").sentenced(20, Years),
            reduced("hs_11359_misdemeanor").by_application(),
        ),
        // Policy dismissals get a path too.
        (
            Law::with(policy("50 and over", |p| p.dismiss_if.age_at_least = 50)),
            person().born("1950-01-01").convicted("11359 HS", Felony, "2016-01-01").sentenced(12, Years),
            dismissed("policy_age_threshold").by_petition(),
        ),
    ] {
        law.check(&history, expected);
    }
}

// ---------------------------------------------------------------------------
// The 2019 options format

/// HS 11361.8 — under the 2019 options, a section in neither list gets no determination
/// (after the policy grounds, as the 2019 tool decided).
#[test]
fn baseline_2019_no_determination() {
    let law = || Law::with(options_2019(&["11357"], &["11360"], |_| {}));
    for (history, expected) in [
        (person().convicted("11359 HS", Felony, "2010-01-01"), review("baseline_2019_no_determination")),
        (person().convicted("11358 HS", Felony, "2010-01-01"), review("baseline_2019_no_determination")),
        // Non-felonies are dismissed first.
        (person().convicted("11359 HS", Misdemeanor, "2010-01-01"), dismissed("policy_misdemeanor_dismissed")),
        (person().convicted("11357 HS", Felony, "2010-01-01"), dismissed("policy_section_dismissed")),
        (person().convicted("11360(a) HS", Felony, "2010-01-01"), reduced("baseline_2019_reduce")),
    ] {
        law().check(&history, expected);
    }
    // Any ground for dismissal comes before "no determination".
    let with_age = Law::with(options_2019(&["11357"], &["11360"], |p| p.dismiss_if.age_at_least = 50));
    with_age.check(
        &person().born("1950-01-01").convicted("11359 HS", Felony, "2010-01-01"),
        dismissed("policy_age_threshold"),
    );
}

/// HS 11361.8(b), (f) — under the 2019 options, felonies of a `reduce` section are reduced,
/// with no disqualifiers and no post-2016 or remains-a-felony exclusions.
#[test]
fn baseline_2019_reduce() {
    let law = || Law::with(options_2019(&["11357", "11358"], &["11359", "11360"], |_| {}));
    for (history, expected) in [
        (person().convicted("11359 HS", Felony, "2010-01-01"), reduced("baseline_2019_reduce")),
        (person().convicted("11360 HS", Felony, "2010-01-01"), reduced("baseline_2019_reduce")),
        (
            person().prior("187 PC", "1995-01-01").convicted("11360(a) HS", Felony, "2010-01-01"),
            reduced("baseline_2019_reduce"),
        ),
        (person().convicted("11359(c)(3) HS", Felony, "2010-01-01"), reduced("baseline_2019_reduce")),
        (person().convicted("11359 HS", Felony, "2017-03-01"), reduced("baseline_2019_reduce")),
        (person().convicted("11358 HS", Felony, "2010-01-01"), dismissed("policy_section_dismissed")),
        (person().convicted("11360 HS", Misdemeanor, "2010-01-01"), dismissed("policy_misdemeanor_dismissed")),
    ] {
        law().check(&history, expected);
    }
    // A non-felony of a reduce section, with the misdemeanor ground off: nothing to reduce.
    let no_misdemeanor_ground = options_2019(&["11357"], &["11359"], |p| p.dismiss_if.misdemeanor = false);
    Law::with(no_misdemeanor_ground)
        .check(&person().convicted("11359 HS", Misdemeanor, "2010-01-01"), not_eligible("already_at_current_level"));
}

// ---------------------------------------------------------------------------
// Precedence

/// The policy grounds apply in the 2019 order: misdemeanor, section list, under 21, age,
/// years since conviction, years crime-free, only Prop 64, deceased — first match wins.
#[test]
fn policy_grounds_apply_in_2019_order() {
    // Every ground holds: a misdemeanor HS 11359 at 20, 66 years old on the as-of date,
    // 46 years ago, nothing since, nothing else, deceased.
    let history = person().born("1960-01-01").convicted("11359 HS", Misdemeanor, "1980-06-01").deceased();
    let mut policy = every_ground();
    type SwitchOff = (&'static str, fn(&mut Policy));
    let switch_off: [SwitchOff; 8] = [
        ("policy_misdemeanor_dismissed", |p| p.dismiss_if.misdemeanor = false),
        ("policy_section_dismissed", |p| p.dismiss_sections.clear()),
        ("policy_under_21_at_conviction", |p| p.dismiss_if.under_21_at_conviction = false),
        ("policy_age_threshold", |p| p.dismiss_if.age_at_least = 0),
        ("policy_years_since_conviction", |p| p.dismiss_if.years_since_conviction = 0),
        ("policy_years_crime_free", |p| p.dismiss_if.years_crime_free = 0),
        ("policy_only_prop64_convictions", |p| p.dismiss_if.only_prop64_convictions = false),
        ("policy_deceased", |p| p.dismiss_if.deceased = false),
    ];
    for (rule, off) in switch_off {
        Law::with(policy.clone()).check(&history, dismissed(rule));
        off(&mut policy);
    }
    Law::with(policy).check(&history, not_eligible("already_at_current_level"));
}

/// Disqualifiers, exclusions and the statute's own dismissals come before the policy grounds:
/// a disqualified conviction stays not eligible even when the person is 70 and policy dismisses at 50.
#[test]
fn disqualifiers_before_policy_grounds() {
    let seventy = || person().born("1956-06-01");
    for (history, expected) in [
        (
            seventy().prior("187 PC", "1990-01-01").convicted("11359 HS", Felony, "2008-03-03"),
            not_eligible("prior_superstrike_bars_reduction"),
        ),
        (
            seventy().prior("243.4 PC", "1990-01-01").convicted("11360(a) HS", Felony, "2008-03-03"),
            not_eligible("prior_pc290_bars_reduction"),
        ),
        (
            seventy().prior("220 PC", "1990-01-01").convicted("11358 HS", Felony, "2008-03-03"),
            review("prior_needs_fact_review"),
        ),
        (seventy().registered_290().convicted("11359 HS", Felony, "2008-03-03"), review("pc290_registration_review")),
        (seventy().convicted("11359(d) HS", Felony, "2008-03-03"), not_eligible("hs_11359_d_remains_felony")),
        (seventy().convicted("11359 HS", Felony, "2017-03-03"), not_eligible("convicted_under_new_law")),
        (seventy().convicted("182/11359 HS", Felony, "2008-03-03"), not_eligible("conspiracy_not_prop64")),
        (seventy().convicted("11357(b) HS", Misdemeanor, "2008-03-03"), dismissed("hs_11357_b_dismiss")),
    ] {
        Law::with(every_ground()).check(&history, expected);
    }
    // Without a disqualifier, policy widens the reduction to a dismissal.
    Law::with(every_ground())
        .check(&seventy().convicted("11359 HS", Felony, "2008-03-03"), dismissed("policy_section_dismissed"));
    let age_only = Law::with(policy("50 and over", |p| p.dismiss_if.age_at_least = 50));
    age_only.check(
        &seventy().prior("187 PC", "1990-01-01").convicted("11359 HS", Felony, "2008-03-03"),
        not_eligible("prior_superstrike_bars_reduction"),
    );
    age_only.check(&seventy().convicted("11359 HS", Felony, "2008-03-03"), dismissed("policy_age_threshold"));
}

// ---------------------------------------------------------------------------

/// Every rule of `rules::ALL` (but the placeholders for table rows) and every
/// rule id of the relief table has a test function named after it in this file.
#[test]
fn every_rule_has_a_test() {
    let source = include_str!("rules.rs");
    let tables = tables();
    let mut ids: Vec<String> = rules::ALL
        .iter()
        .map(|rule| rule.id)
        .filter(|id| !id.contains('*') && !id.contains('<'))
        .map(str::to_owned)
        .collect();
    for entry in &tables.relief {
        ids.push(entry.rule.clone());
        if entry.under_21.is_some() {
            ids.push(format!("{}_under_21", entry.rule));
        }
        ids.extend(entry.not_felony_rule.clone());
    }
    ids.extend(tables.remains_felony.iter().map(|entry| entry.rule.clone()));
    let missing: Vec<&String> = ids.iter().filter(|id| !source.contains(&format!("fn {id}("))).collect();
    assert!(missing.is_empty(), "rules without a test named after them: {missing:?}");
    assert!(ids.len() > 40, "{ids:?}");
}
