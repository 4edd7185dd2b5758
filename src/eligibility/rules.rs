//! The rules, in precedence order. Each has a stable id, a citation and a
//! one-sentence explanation; `clearmotion rules` prints this list, and the
//! engine in [`super`] applies the rules in this order — the first that
//! decides wins, with two exceptions: a statutory answer that gives no relief
//! (`*_no_relief`, `already_at_current_level`) or needs review (an unknown
//! amount or subsection) can still be widened by the office-policy grounds
//! that follow it; and `policy_review_serving` looks at every dismissal or
//! reduction last.
//!
//! Rules whose id comes from the data (the relief table's rows) are listed
//! here by the pattern of their id; their citations are in `data/relief.toml`.

/// A rule's identity and why it exists.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct RuleInfo {
    pub id: &'static str,
    pub outcome: &'static str,
    pub citation: &'static str,
    pub explanation: &'static str,
}

macro_rules! rules {
    ($($name:ident = ($id:literal, $outcome:literal, $citation:literal, $explanation:literal);)*) => {
        $(pub const $name: RuleInfo = RuleInfo { id: $id, outcome: $outcome, citation: $citation, explanation: $explanation };)*
        /// Every fixed rule, in precedence order.
        pub const ALL: &[RuleInfo] = &[$($name),*];
    };
}

rules! {
    CONVICTION_AFTER_AS_OF = ("conviction_after_as_of", "review", "HS 11361.8",
        "A conviction dated after the as-of date cannot be right: check the date in the record.");
    CONVICTION_DATE_UNKNOWN = ("conviction_date_unknown", "review", "HS 11361.8",
        "The record has no conviction date, which every other rule needs.");
    DATES_CONTRADICT = ("dates_contradict", "review", "HS 11361.8",
        "The record's dates contradict each other (conviction before birth, sentence ending before it starts).");
    CONSPIRACY_NOT_PROP64 = ("conspiracy_not_prop64", "not_eligible", "HS 11361.8(a); PC 182",
        "Conspiracy (PC 182) to commit a cannabis offense is not one of the offenses Prop 64 changed.");
    POSSIBLE_PLEA_BARGAIN = ("possible_plea_bargain", "review", "HS 11361.9(b); HS 11361.8",
        "A PC 32, HS 11364 or HS 11366 conviction in the same arrest cycle as a cannabis charge may be a plea bargain of it.");
    COMMENT_NAMES_PROP64_SECTION = ("comment_names_prop64_section", "review", "HS 11361.9(b)",
        "The offense field names another charge but the comment names a cannabis section: which was the conviction?");
    CONVICTED_UNDER_NEW_LAW = ("convicted_under_new_law", "not_eligible", "HS 11361.8(a)",
        "A conviction entered after Prop 64 took effect (Nov 9, 2016) was sentenced under the new law.");
    REMAINS_FELONY = ("hs_*_remains_felony", "not_eligible", "HS 11359(c)(3), (d); HS 11360(a)(3)(C), (D)",
        "These subsections are still felonies under the current law.");
    ATTEMPT_NEEDS_REVIEW = ("attempt_needs_review", "review", "HS 11361.8; PC 664",
        "An attempt (PC 664) of a cannabis offense: a person must decide whether relief applies.");
    LEVEL_UNKNOWN = ("level_unknown", "review", "HS 11361.8(b), (f)",
        "The record does not say whether the conviction was a felony, misdemeanor or infraction, and the relief depends on it.");
    DOB_UNKNOWN_DECIDES = ("dob_unknown_decides", "review", "HS 11361.8; HS 11357(a); HS 11360(b)",
        "The date of birth is unknown, and for this section the relief differs for a person under 21.");
    RELIEF_TABLE = ("hs_<section>_<subsection>_<relief>", "dismiss | reduce | not_eligible | review", "data/relief.toml",
        "The statutory relief for the section and subsection as convicted (the relief table, one row each).");
    ALREADY_AT_CURRENT_LEVEL = ("already_at_current_level", "not_eligible", "HS 11361.8(b), (f)",
        "The conviction is already at or below the level the current law sets: there is nothing to redesignate.");
    PRIOR_SUPERSTRIKE_BARS_REDUCTION = ("prior_superstrike_bars_reduction", "not_eligible", "HS 11358(d); HS 11359(c); HS 11360(a)(3); PC 667(e)(2)(C)(iv)",
        "A prior conviction of a superstrike offense bars reduction (one in the same case does not: People v. Smit).");
    PRIOR_PC290_BARS_REDUCTION = ("prior_pc290_bars_reduction", "not_eligible", "HS 11358(d); HS 11359(c); HS 11360(a)(3); PC 290(c)",
        "A prior conviction of an offense requiring PC 290(c) registration bars reduction (one in the same case does not).");
    TWO_PRIORS_BAR_REDUCTION = ("two_priors_bar_reduction", "not_eligible", "HS 11358(d)(3); HS 11359(c)(2)",
        "Two or more prior convictions of the same offense bar reduction (office policy switch).");
    PRIOR_NEEDS_FACT = ("prior_needs_fact_review", "review", "PC 290(c); PC 667(e)(2)(C)(iv)",
        "A prior conviction bars reduction only with a fact the record does not show (a PC 290(c) offense registrable only in some cases, or a prior written with no code).");
    PC290_REGISTRATION_REVIEW = ("pc290_registration_review", "review", "PC 290(c); HS 11359(c)",
        "The person is registered under PC 290 but no registrable prior conviction is in the record.");
    POLICY_MISDEMEANOR_DISMISSED = ("policy_misdemeanor_dismissed", "dismiss", "HS 11361.8; office policy",
        "Office policy: misdemeanor and infraction convictions are dismissed.");
    POLICY_SECTION_DISMISSED = ("policy_section_dismissed", "dismiss", "HS 11361.8; office policy",
        "Office policy: every eligible conviction of this section is dismissed.");
    POLICY_UNDER_21 = ("policy_under_21_at_conviction", "dismiss", "HS 11361.8; office policy",
        "Office policy: dismissed because the person was under 21 on the conviction date.");
    POLICY_AGE = ("policy_age_threshold", "dismiss", "HS 11361.8; office policy",
        "Office policy: dismissed because of the person's age on the as-of date.");
    POLICY_YEARS_SINCE_CONVICTION = ("policy_years_since_conviction", "dismiss", "HS 11361.8; office policy",
        "Office policy: dismissed because the conviction is old enough.");
    POLICY_YEARS_CRIME_FREE = ("policy_years_crime_free", "dismiss", "HS 11361.8; office policy",
        "Office policy: dismissed because the person has had no conviction for long enough.");
    POLICY_ONLY_PROP64 = ("policy_only_prop64_convictions", "dismiss", "HS 11361.8; office policy",
        "Office policy: dismissed because every conviction the person has is a Prop 64 conviction.");
    POLICY_DECEASED = ("policy_deceased", "dismiss", "HS 11361.8; office policy",
        "Office policy: dismissed because the person is deceased.");
    BASELINE_2019_REDUCE = ("baseline_2019_reduce", "reduce", "HS 11361.8(b), (f)",
        "Under the 2019 options, this section's felonies are reduced to misdemeanors.");
    BASELINE_2019_NO_DETERMINATION = ("baseline_2019_no_determination", "review", "HS 11361.8",
        "Under the 2019 options, a section in neither the dismiss nor the reduce list gets no determination.");
    POLICY_REVIEW_SERVING = ("policy_review_serving", "review", "HS 11361.8(a), (b); office policy",
        "Office policy: convictions whose sentence is still being served go to review.");
}
