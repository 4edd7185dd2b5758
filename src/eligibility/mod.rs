//! Eligibility: for each Prop 64 conviction in the office's county, decide
//! dismiss and seal / reduce / not eligible / review, and say which rule
//! decided it, why, and under what citation.
//!
//! The statute is the baseline (`data/relief.toml`, superstrike and PC 290(c)
//! lists); an office [`Policy`] widens relief or routes cases to review. The
//! rules run in the documented order of [`rules::ALL`]; the first that
//! decides wins, and "review" is an answer like any other.
//!
//! Never reads the wall clock: every age, "years since" and sentence question
//! is answered for the as-of date in [`Context`].

pub mod policy;
pub mod rules;
pub mod tables;

use serde::Serialize;

use crate::model::{Case, Count, CountFlag, Date, Level, Person};
pub use policy::{Policy, PolicyError, PolicySource};
use rules::RuleInfo;
use tables::BaseRelief;
pub use tables::Tables;

/// What to do with a conviction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Dismiss,
    Reduce,
    NotEligible,
    Review,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Dismiss => "dismiss",
            Decision::Reduce => "reduce",
            Decision::NotEligible => "not_eligible",
            Decision::Review => "review",
        }
    }

    /// Dismiss or reduce: the conviction goes into a filing.
    pub fn is_relief(self) -> bool {
        matches!(self, Decision::Dismiss | Decision::Reduce)
    }
}

/// The relief asked of the court.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Relief {
    DismissAndSeal,
    Misdemeanor,
    Infraction,
    None,
}

impl Relief {
    pub fn as_str(self) -> &'static str {
        match self {
            Relief::DismissAndSeal => "dismiss_and_seal",
            Relief::Misdemeanor => "misdemeanor",
            Relief::Infraction => "infraction",
            Relief::None => "",
        }
    }
}

/// Sentence completed → application (HS 11361.8(e), (f)); still serving →
/// petition (HS 11361.8(a), (b)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Path {
    Application,
    Petition,
}

impl Path {
    pub fn as_str(self) -> &'static str {
        match self {
            Path::Application => "application",
            Path::Petition => "petition",
        }
    }

    pub fn citation(self) -> &'static str {
        match self {
            Path::Application => "HS 11361.8(e), (f)",
            Path::Petition => "HS 11361.8(a), (b)",
        }
    }
}

/// One decision with its explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Determination {
    pub decision: Decision,
    pub relief: Relief,
    pub path: Option<Path>,
    /// Stable rule id (`hs_11359_misdemeanor`, `prior_superstrike_bars_reduction`).
    pub rule: String,
    /// Plain English; for review, what a person must check.
    pub reason: String,
    pub citation: String,
}

impl Determination {
    fn new(
        decision: Decision,
        relief: Relief,
        rule: impl Into<String>,
        reason: String,
        citation: impl Into<String>,
    ) -> Self {
        Determination { decision, relief, path: None, rule: rule.into(), reason, citation: citation.into() }
    }

    fn from_rule(rule: &RuleInfo, decision: Decision, relief: Relief, reason: String) -> Self {
        Determination::new(decision, relief, rule.id, reason, rule.citation)
    }

    fn review(rule: &RuleInfo, what_to_check: String) -> Self {
        Determination::from_rule(rule, Decision::Review, Relief::None, what_to_check)
    }

    fn not_eligible(rule: &RuleInfo, reason: String) -> Self {
        Determination::from_rule(rule, Decision::NotEligible, Relief::None, reason)
    }

    fn dismiss(rule: &RuleInfo, reason: String) -> Self {
        Determination::from_rule(rule, Decision::Dismiss, Relief::DismissAndSeal, reason)
    }
}

/// Everything a rule may look at besides the person.
#[derive(Debug, Clone)]
pub struct Context<'a> {
    /// The date every question is answered for.
    pub as_of: Date,
    /// The office's county, upper case (`SAN FRANCISCO`).
    pub county: String,
    pub policy: &'a Policy,
    pub tables: &'a Tables,
}

/// One conviction the office must decide on, with its determination.
#[derive(Debug, Clone)]
pub struct Classified<'p> {
    pub case: &'p Case,
    pub count: &'p Count,
    pub determination: Determination,
}

/// Why a conviction is in scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    Prop64,
    Conspiracy,
    PleaBargain,
    CommentMention,
}

/// Facts about the whole person, computed once.
struct Facts<'p> {
    person: &'p Person,
    /// Latest conviction date of any kind, anywhere.
    latest_conviction: Option<Date>,
    /// Every conviction is a Prop 64 conviction.
    only_prop64: bool,
    /// Cycles in which some count (any disposition) names a Prop 64 section.
    prop64_cycles: Vec<u32>,
}

impl<'p> Facts<'p> {
    fn new(person: &'p Person) -> Self {
        let mut latest_conviction = None;
        let mut only_prop64 = true;
        let mut prop64_cycles = Vec::new();
        for (_, count) in person.counts() {
            if count.section.as_ref().is_some_and(|s| s.is_prop64()) && !prop64_cycles.contains(&count.id.cycle()) {
                prop64_cycles.push(count.id.cycle());
            }
            if count.convicted {
                latest_conviction = latest_conviction.max(count.conviction_date);
                only_prop64 &= count.is_prop64_conviction();
            }
        }
        Facts { person, latest_conviction, only_prop64, prop64_cycles }
    }

    /// Convictions before `date` in another case (People v. Smit: the same case does not count).
    /// Another case: another step, sharing no court case number with this one.
    fn priors<'a>(&'a self, case: &'a Case, date: Date) -> impl Iterator<Item = (&'p Case, &'p Count)> + 'a {
        self.person.convictions().filter(move |(other, count)| {
            !std::ptr::eq(*other, case)
                && !other.case_numbers.iter().any(|n| case.case_numbers.contains(n))
                && count.conviction_date.is_some_and(|d| d < date)
        })
    }
}

/// Classifies every in-scope conviction of one person in the context's county.
pub fn classify<'p>(person: &'p Person, ctx: &Context) -> Vec<Classified<'p>> {
    let mut facts = None;
    let mut out = Vec::new();
    for (case, count) in person.convictions() {
        if !case.county.eq_ignore_ascii_case(&ctx.county) {
            continue;
        }
        let facts = facts.get_or_insert_with(|| Facts::new(person));
        let Some(scope) = scope(count, facts, ctx) else {
            continue;
        };
        let mut determination = decide(scope, case, count, facts, ctx);
        if determination.decision.is_relief() {
            let serving = count.sentence_end.is_some_and(|end| end > ctx.as_of);
            determination.path = Some(if serving { Path::Petition } else { Path::Application });
            if serving && ctx.policy.review.currently_serving {
                let end = count.sentence_end.map(|d| d.to_string()).unwrap_or_default();
                determination = Determination::review(
                    &rules::POLICY_REVIEW_SERVING,
                    format!("Still serving (sentence ends {end}); check the sentence before filing a petition"),
                );
            }
        }
        out.push(Classified { case, count, determination });
    }
    out
}

fn scope(count: &Count, facts: &Facts, ctx: &Context) -> Option<Scope> {
    let section = count.section.as_ref();
    if count.is_prop64_conviction() {
        return Some(Scope::Prop64);
    }
    if let Some(section) = section {
        let prop64_number = policy::SECTIONS.contains(&section.section.as_str());
        if section.conspiracy && prop64_number && matches!(section.code, None | Some(crate::code_section::Code::HS)) {
            return Some(Scope::Conspiracy);
        }
        if tables::find(&ctx.tables.plea_bargain, section).is_some() && facts.prop64_cycles.contains(&count.id.cycle())
        {
            return Some(Scope::PleaBargain);
        }
    }
    count.comment_mentions_prop64.then_some(Scope::CommentMention)
}

fn section_label(count: &Count) -> String {
    count.section.as_ref().map_or_else(|| count.offense_text.to_string(), |s| s.to_string())
}

fn level_word(level: Option<Level>) -> &'static str {
    match level {
        Some(Level::Felony) => "felony",
        Some(Level::Misdemeanor) => "misdemeanor",
        Some(Level::Infraction) => "infraction",
        None => "conviction of unknown level",
    }
}

/// Years between two dates, whole years only.
fn whole_years(from: Date, to: Date) -> i32 {
    use chrono::Datelike;
    let mut years = to.year() - from.year();
    if (to.month(), to.day()) < (from.month(), from.day()) {
        years -= 1;
    }
    years
}

/// `from` plus `years` is on or before `to`.
fn at_least_years(from: Date, to: Date, years: u32) -> bool {
    from.checked_add_months(chrono::Months::new(years * 12)).is_some_and(|d| d <= to)
}

fn decide(scope: Scope, case: &Case, count: &Count, facts: &Facts, ctx: &Context) -> Determination {
    let label = section_label(count);
    // 1. Data that cannot be decided on.
    let Some(date) = count.conviction_date else {
        return Determination::review(
            &rules::CONVICTION_DATE_UNKNOWN,
            format!("{label}: the record has no conviction date; find it in the court file"),
        );
    };
    if date > ctx.as_of {
        return Determination::review(
            &rules::CONVICTION_AFTER_AS_OF,
            format!("{label}: conviction dated {date}, after the as-of date {}; check the date", ctx.as_of),
        );
    }
    if count.has_flag(CountFlag::ConvictedBeforeBirth) || count.has_flag(CountFlag::SentenceEndsBeforeStart) {
        let what = if count.has_flag(CountFlag::ConvictedBeforeBirth) {
            "the conviction date is before the date of birth"
        } else {
            "the sentence ends before the conviction date"
        };
        return Determination::review(
            &rules::DATES_CONTRADICT,
            format!("{label}: {what}; check both dates in the court file"),
        );
    }

    // 2. Convictions in scope that are not themselves Prop 64 offenses.
    match scope {
        Scope::Conspiracy => {
            return Determination::not_eligible(
                &rules::CONSPIRACY_NOT_PROP64,
                format!("{label}: conspiracy (PC 182) is not an offense Prop 64 changed"),
            );
        }
        Scope::PleaBargain => {
            return Determination::review(
                &rules::POSSIBLE_PLEA_BARGAIN,
                format!(
                    "{label} in the same arrest cycle as a cannabis charge: check whether it was a plea bargain of that charge"
                ),
            );
        }
        Scope::CommentMention => {
            return Determination::review(
                &rules::COMMENT_NAMES_PROP64_SECTION,
                format!("{label}: the comment names a cannabis section; check which offense the conviction was for"),
            );
        }
        Scope::Prop64 => {}
    }
    let section = count.section.as_ref().expect("Prop 64 convictions have a section");
    let policy = ctx.policy;

    // 3. Statutory exclusions (not applied under the 2019 options).
    if !policy.baseline_2019 {
        if date > ctx.tables.prop64_effective {
            return Determination::not_eligible(
                &rules::CONVICTED_UNDER_NEW_LAW,
                format!("{label}: convicted {date}, after Prop 64 took effect; sentenced under the current law"),
            );
        }
        if let Some(entry) = ctx.tables.remains_felony(section) {
            return Determination::new(
                Decision::NotEligible,
                Relief::None,
                entry.rule.clone(),
                format!("{label}: {}", entry.reason),
                entry.citation.clone(),
            );
        }
    }
    if section.attempt {
        return Determination::review(
            &rules::ATTEMPT_NEEDS_REVIEW,
            format!("{label}: an attempt of a cannabis offense; decide whether relief applies"),
        );
    }

    let felony = count.level == Some(Level::Felony);
    let under_21 = facts.person.dob.is_some_and(|dob| !at_least_years(dob, date, 21));

    // 4. The statutory relief (or the 2019 lists).
    let base = if policy.baseline_2019 {
        None
    } else {
        if count.level.is_none() {
            return Determination::review(
                &rules::LEVEL_UNKNOWN,
                format!(
                    "{label}: the record gives no level (felony, misdemeanor, infraction); find it in the court file"
                ),
            );
        }
        let entry = ctx.tables.relief_for(section).expect("every Prop 64 section has a relief row");
        if entry.under_21.is_some() && facts.person.dob.is_none() {
            return Determination::review(
                &rules::DOB_UNKNOWN_DECIDES,
                format!(
                    "{label}: the date of birth is unknown, and under 21 the relief differs; find the date of birth"
                ),
            );
        }
        let exact_subsection = section.subsections.len() == entry.subsection.len();
        let (relief, rule, why, citation) = match (entry.under_21, &entry.not_felony) {
            (_, Some(relief)) if !felony && exact_subsection => (
                *relief,
                entry.not_felony_rule.clone().unwrap_or_else(|| entry.rule.clone()),
                entry.not_felony_reason.as_deref().unwrap_or(&entry.reason),
                &entry.citation,
            ),
            (Some(relief), _) if under_21 => (
                relief,
                format!("{}_under_21", entry.rule),
                entry.reason.as_str(),
                entry.under_21_citation.as_ref().unwrap_or(&entry.citation),
            ),
            _ => (entry.relief, entry.rule.clone(), entry.reason.as_str(), &entry.citation),
        };
        let citation = citation.clone();
        let young = if rule.ends_with("_under_21") { " (under 21 on the conviction date)" } else { "" };
        let reason = format!("{label} {}{young}: {why}", level_word(count.level));
        let determination = match relief {
            BaseRelief::Dismiss => {
                Determination::new(Decision::Dismiss, Relief::DismissAndSeal, rule, reason, citation.clone())
            }
            BaseRelief::Misdemeanor if felony => {
                Determination::new(Decision::Reduce, Relief::Misdemeanor, rule, reason, citation.clone())
            }
            BaseRelief::Infraction if count.level != Some(Level::Infraction) => {
                Determination::new(Decision::Reduce, Relief::Infraction, rule, reason, citation.clone())
            }
            BaseRelief::Misdemeanor | BaseRelief::Infraction => Determination::not_eligible(
                &rules::ALREADY_AT_CURRENT_LEVEL,
                format!("{label} {}: already at or below the level the current law sets", level_word(count.level)),
            ),
            BaseRelief::None => Determination::new(Decision::NotEligible, Relief::None, rule, reason, citation.clone()),
            BaseRelief::Review => Determination::new(Decision::Review, Relief::None, rule, reason, citation.clone()),
        };
        if determination.decision == Decision::Dismiss {
            return determination;
        }
        // 5. Disqualifiers for reduction.
        if determination.decision == Decision::Reduce
            && section.section != "11357"
            && let Some(disqualified) = disqualifier(case, count, date, facts, ctx)
        {
            return disqualified;
        }
        Some(determination)
    };

    // 6. Office policy: extra grounds for dismissal, in the 2019 order.
    if let Some(dismissed) = policy_dismissal(count, felony, under_21, date, facts, ctx) {
        return dismissed;
    }
    match base {
        Some(determination) => determination,
        None if policy.reduce_sections.contains(&section.section) => {
            if felony {
                Determination::from_rule(
                    &rules::BASELINE_2019_REDUCE,
                    Decision::Reduce,
                    Relief::Misdemeanor,
                    format!("{label} felony: reduce all HS {} convictions (2019 options)", section.section),
                )
            } else {
                Determination::not_eligible(
                    &rules::ALREADY_AT_CURRENT_LEVEL,
                    format!("{label} {}: already a misdemeanor or less", level_word(count.level)),
                )
            }
        }
        None => Determination::review(
            &rules::BASELINE_2019_NO_DETERMINATION,
            format!(
                "{label}: HS {} is in neither the dismiss nor the reduce list of the options; decide by hand",
                section.section
            ),
        ),
    }
}

/// HS 11358(d), 11359(c), 11360(a)(3): priors that bar reduction.
fn disqualifier(case: &Case, count: &Count, date: Date, facts: &Facts, ctx: &Context) -> Option<Determination> {
    let switches = &ctx.policy.disqualifiers;
    let label = section_label(count);
    let mut needs_fact = None;
    // Kept until every prior is seen: a superstrike listed later still comes first.
    let mut pc290_bar = None;
    let mut same_offense = 0;
    let mut registrable_prior = false;
    let this_section = count.section.as_ref().map(|s| s.section.as_str());
    for (prior_case, prior) in facts.priors(case, date) {
        let Some(section) = prior.section.as_ref() else {
            continue;
        };
        let prior_date = prior.conviction_date.map(|d| d.to_string()).unwrap_or_default();
        if switches.prior_superstrike
            && let Some(listed) = tables::find(&ctx.tables.superstrikes, section)
        {
            return Some(Determination::not_eligible(
                &rules::PRIOR_SUPERSTRIKE_BARS_REDUCTION,
                format!(
                    "{label}: prior conviction of {section} on {date_text} ({name}), a superstrike ({cite}), bars reduction",
                    date_text = prior_date,
                    name = listed.name,
                    cite = listed.citation
                ),
            ));
        }
        // A prior written with no code (`187`, `288(a)(1)`) may be a listed
        // offense: a person checks rather than the rule skipping it.
        let uncoded =
            |list: &[tables::Listed]| list.iter().find(|l| section.matches_if_code_unknown(&l.pattern)).cloned();
        let uncoded_match = if switches.prior_superstrike { uncoded(&ctx.tables.superstrikes) } else { None }
            .or_else(|| if switches.prior_pc290 { uncoded(&ctx.tables.pc290) } else { None });
        if let Some(listed) = uncoded_match {
            needs_fact.get_or_insert_with(|| {
                format!(
                    "{label}: prior conviction {prior_date} of {section} names no code; if it is {} ({}), it bars reduction; check the prior case",
                    listed.pattern, listed.name
                )
            });
        }
        if let Some(listed) = tables::find(&ctx.tables.pc290, section) {
            registrable_prior = true;
            if switches.prior_pc290 {
                if listed.needs_fact {
                    needs_fact.get_or_insert_with(|| {
                        format!("{label}: prior conviction {prior_date} of {section} ({}) requires PC 290 registration only in some cases; check the prior case", listed.name)
                    });
                } else {
                    pc290_bar.get_or_insert_with(|| {
                        Determination::not_eligible(
                            &rules::PRIOR_PC290_BARS_REDUCTION,
                            format!(
                                "{label}: prior conviction of {section} on {prior_date} ({}), an offense requiring registration under PC 290(c) ({}), bars reduction",
                                listed.name, listed.citation
                            ),
                        )
                    });
                }
            }
        }
        if Some(section.section.as_str()) == this_section
            && prior.is_prop64_conviction()
            && prior_case.step != case.step
        {
            same_offense += 1;
        }
    }
    // In the order of `rules::ALL`: a certain bar before a fact to check.
    if pc290_bar.is_some() {
        return pc290_bar;
    }
    if switches.two_or_more_priors && same_offense >= 2 {
        return Some(Determination::not_eligible(
            &rules::TWO_PRIORS_BAR_REDUCTION,
            format!("{label}: {same_offense} prior convictions of HS {} bar reduction", this_section.unwrap_or("?")),
        ));
    }
    if let Some(what) = needs_fact {
        return Some(Determination::review(&rules::PRIOR_NEEDS_FACT, what));
    }
    if switches.prior_pc290 && facts.person.pc290_registration && !registrable_prior {
        return Some(Determination::review(
            &rules::PC290_REGISTRATION_REVIEW,
            format!(
                "{label}: the person is registered under PC 290 but no registrable prior conviction is in the record; check the registration offense and its date"
            ),
        ));
    }
    None
}

fn policy_dismissal(
    count: &Count,
    felony: bool,
    under_21: bool,
    date: Date,
    facts: &Facts,
    ctx: &Context,
) -> Option<Determination> {
    let policy = ctx.policy;
    let grounds = &policy.dismiss_if;
    let label = section_label(count);
    let section = count.section.as_ref().map_or("", |s| s.section.as_str());
    if grounds.misdemeanor && !felony {
        return Some(Determination::dismiss(
            &rules::POLICY_MISDEMEANOR_DISMISSED,
            format!("{label} {}: misdemeanors and infractions are dismissed", level_word(count.level)),
        ));
    }
    if policy.dismisses_section(section) {
        return Some(Determination::dismiss(
            &rules::POLICY_SECTION_DISMISSED,
            format!("{label}: dismiss all HS {section} convictions"),
        ));
    }
    if grounds.under_21_at_conviction && under_21 {
        return Some(Determination::dismiss(
            &rules::POLICY_UNDER_21,
            format!("{label}: under 21 on the conviction date ({date})"),
        ));
    }
    if grounds.age_at_least > 0
        && let Some(dob) = facts.person.dob
        && at_least_years(dob, ctx.as_of, grounds.age_at_least)
    {
        return Some(Determination::dismiss(
            &rules::POLICY_AGE,
            format!(
                "{label}: {} years old on {} (policy: {} or older)",
                whole_years(dob, ctx.as_of),
                ctx.as_of,
                grounds.age_at_least
            ),
        ));
    }
    if grounds.years_since_conviction > 0 && at_least_years(date, ctx.as_of, grounds.years_since_conviction) {
        return Some(Determination::dismiss(
            &rules::POLICY_YEARS_SINCE_CONVICTION,
            format!(
                "{label}: convicted {date}, {} years before {} (policy: {} or more)",
                whole_years(date, ctx.as_of),
                ctx.as_of,
                grounds.years_since_conviction
            ),
        ));
    }
    if grounds.years_crime_free > 0
        && let Some(latest) = facts.latest_conviction
        && at_least_years(latest, ctx.as_of, grounds.years_crime_free)
    {
        return Some(Determination::dismiss(
            &rules::POLICY_YEARS_CRIME_FREE,
            format!(
                "{label}: last conviction of any kind {latest}, {} years before {} (policy: {} or more)",
                whole_years(latest, ctx.as_of),
                ctx.as_of,
                grounds.years_crime_free
            ),
        ));
    }
    if grounds.only_prop64_convictions && facts.only_prop64 {
        return Some(Determination::dismiss(
            &rules::POLICY_ONLY_PROP64,
            format!("{label}: every conviction the person has is a Prop 64 conviction"),
        ));
    }
    if grounds.deceased && facts.person.deceased {
        return Some(Determination::dismiss(&rules::POLICY_DECEASED, format!("{label}: the person is deceased")));
    }
    None
}
