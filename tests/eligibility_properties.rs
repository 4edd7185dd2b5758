//! Properties of the eligibility engine, over synthetic DOJ data
//! (`clearmotion::sample`) and over random histories:
//!
//! - the same rows in any order, split across several files, give the same
//!   determinations;
//! - a policy that only widens relief never takes relief away;
//! - the engine is deterministic, and does not depend on the order in which a
//!   person's cases are listed.
//!
//! Case counts are kept small so the suite stays fast in debug builds.

#[path = "support/history.rs"]
mod history;

use std::path::PathBuf;
use std::sync::OnceLock;

use clearmotion::eligibility::{self, Context, Decision, Policy};
use clearmotion::ingest::{self, Collect, ReadOptions};
use clearmotion::model::{Date, Level, Person};
use clearmotion::sample::{self, SampleOptions};
use history::{COUNTY, History, person, tables};
use proptest::prelude::*;

// ---------------------------------------------------------------------------
// Helpers

/// A synthetic DOJ file (no header) of `rows` rows for San Francisco.
fn sample_bytes(seed: u64, rows: u64) -> Vec<u8> {
    let options = SampleOptions { rows, seed, county: COUNTY.to_owned(), header: false, fill_optional: false };
    let mut out = Vec::new();
    let stats = sample::generate(&options, &mut out).expect("the sample generates");
    assert_eq!(stats.rows, rows);
    out
}

/// The sample's rows, one line each (the generator never writes a line break inside a field).
fn sample_lines(bytes: &[u8]) -> Vec<&[u8]> {
    let lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').filter(|line| !line.is_empty()).collect();
    lines
}

/// Writes each group of lines to a file of its own and reads them all back as people.
fn read_files(groups: &[Vec<&[u8]>]) -> Vec<Person> {
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    for (i, group) in groups.iter().enumerate() {
        let path: PathBuf = dir.path().join(format!("part{}.dat", i + 1));
        let mut text = Vec::new();
        for line in group {
            text.extend_from_slice(line);
            text.push(b'\n');
        }
        std::fs::write(&path, text).unwrap();
        paths.push(path);
    }
    let mut collect = Collect::default();
    let report = ingest::read(&paths, &ReadOptions::default(), &mut collect).expect("the files read");
    assert!(report.reconciles(), "{report:?}");
    assert!(collect.rejects.is_empty(), "{:?}", collect.rejects);
    collect.people
}

fn day(text: &str) -> Date {
    history::date(text).unwrap()
}

/// (subject, count, decision, rule) of every determination, sorted.
fn determinations(people: &[Person], policy: &Policy, as_of: Date) -> Vec<(String, String, Decision, String)> {
    let ctx = Context { as_of, county: COUNTY.to_owned(), policy, tables: tables() };
    let mut out: Vec<_> = people
        .iter()
        .flat_map(|person| {
            eligibility::classify(person, &ctx).into_iter().map(|c| {
                (person.subject_id.clone(), c.count.id.to_string(), c.determination.decision, c.determination.rule)
            })
        })
        .collect();
    out.sort();
    out
}

/// A small deterministic generator for shuffles (xorshift64*).
struct Shuffler(u64);

impl Shuffler {
    fn new(seed: u64) -> Shuffler {
        Shuffler(seed | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

/// The people of a larger sample, read once, for the policy properties.
fn sample_people() -> &'static [Person] {
    static PEOPLE: OnceLock<Vec<Person>> = OnceLock::new();
    PEOPLE.get_or_init(|| {
        let bytes = sample_bytes(2026, 2500);
        read_files(&[sample_lines(&bytes)])
    })
}

// ---------------------------------------------------------------------------
// Policies

const SECTIONS: [&str; 4] = ["11357", "11358", "11359", "11360"];

fn sections(bits: u8) -> Vec<String> {
    SECTIONS.iter().enumerate().filter(|(i, _)| bits & (1 << i) != 0).map(|(_, s)| s.to_string()).collect()
}

/// A valid age threshold: 0 (off) or 40–65.
fn age_threshold() -> impl Strategy<Value = u32> {
    prop_oneof![Just(0u32), 40u32..=65]
}

/// A valid years threshold: 0 (off) or 1–15.
fn years_threshold() -> impl Strategy<Value = u32> {
    prop_oneof![Just(0u32), 1u32..=15]
}

/// Any valid policy, over the statute or with the 2019 semantics.
fn any_policy() -> impl Strategy<Value = Policy> {
    (
        (any::<u8>(), any::<u8>(), any::<bool>()),
        (
            any::<bool>(),
            any::<bool>(),
            age_threshold(),
            years_threshold(),
            years_threshold(),
            any::<bool>(),
            any::<bool>(),
        ),
        // Disqualifiers mostly on, as the statute has them.
        (prop::bool::weighted(0.8), prop::bool::weighted(0.8), any::<bool>(), any::<bool>()),
    )
        .prop_map(|((dismiss, reduce, baseline_2019), grounds, (superstrike, pc290, two, serving))| {
            let mut policy = Policy { name: "random".to_owned(), ..Policy::statute() };
            policy.dismiss_sections = sections(dismiss & 0xF);
            if baseline_2019 {
                policy.baseline_2019 = true;
                policy.reduce_sections = sections(reduce & 0xF & !dismiss);
            }
            let (misdemeanor, under_21, age, years_since, crime_free, only, deceased) = grounds;
            policy.dismiss_if.misdemeanor = misdemeanor;
            policy.dismiss_if.under_21_at_conviction = under_21;
            policy.dismiss_if.age_at_least = age;
            policy.dismiss_if.years_since_conviction = years_since;
            policy.dismiss_if.years_crime_free = crime_free;
            policy.dismiss_if.only_prop64_convictions = only;
            policy.dismiss_if.deceased = deceased;
            policy.disqualifiers.prior_superstrike = superstrike;
            policy.disqualifiers.prior_pc290 = pc290;
            policy.disqualifiers.two_or_more_priors = two;
            policy.review.currently_serving = serving;
            policy
        })
}

/// How to widen a policy: every field only ever gives more relief.
#[derive(Debug, Clone)]
struct Widening {
    /// Sections added to the dismiss list (moved there from the reduce list under 2019 options).
    dismiss: u8,
    /// Grounds switched on: misdemeanor, under 21, only Prop 64, deceased.
    grounds: u8,
    /// A threshold that is on is lowered by this much (within range); one that is off is switched on.
    age: (bool, u32, u32),
    years_since: (bool, u32, u32),
    crime_free: (bool, u32, u32),
    /// Disqualifiers and the review of people still serving switched off.
    switches_off: u8,
}

fn widening() -> impl Strategy<Value = Widening> {
    let threshold = || (any::<bool>(), 0u32..30, 0u32..30);
    (any::<u8>(), any::<u8>(), threshold(), threshold(), threshold(), any::<u8>()).prop_map(
        |(dismiss, grounds, age, years_since, crime_free, switches_off)| Widening {
            dismiss,
            grounds,
            age,
            years_since,
            crime_free,
            switches_off,
        },
    )
}

/// Lowers a threshold that is on (not below `min`), or switches one that is off on.
fn lower(value: u32, (switch_on, on_at, by): (bool, u32, u32), min: u32, max: u32) -> u32 {
    match value {
        0 if switch_on => min + on_at % (max - min + 1),
        0 => 0,
        v => v.saturating_sub(by).max(min),
    }
}

fn widen(base: &Policy, w: &Widening) -> Policy {
    let mut wide = base.clone();
    wide.name = "widened".to_owned();
    for section in sections(w.dismiss & 0xF) {
        wide.reduce_sections.retain(|s| *s != section);
        if !wide.dismiss_sections.contains(&section) {
            wide.dismiss_sections.push(section);
        }
    }
    let grounds = &mut wide.dismiss_if;
    grounds.misdemeanor |= w.grounds & 1 != 0;
    grounds.under_21_at_conviction |= w.grounds & 2 != 0;
    grounds.only_prop64_convictions |= w.grounds & 4 != 0;
    grounds.deceased |= w.grounds & 8 != 0;
    grounds.age_at_least = lower(grounds.age_at_least, w.age, 40, 65);
    grounds.years_since_conviction = lower(grounds.years_since_conviction, w.years_since, 1, 15);
    grounds.years_crime_free = lower(grounds.years_crime_free, w.crime_free, 1, 15);
    let off = |bit: u8| w.switches_off & (1 << bit) != 0;
    wide.disqualifiers.prior_superstrike &= !off(0);
    wide.disqualifiers.prior_pc290 &= !off(1);
    wide.disqualifiers.two_or_more_priors &= !off(2);
    wide.review.currently_serving &= !off(3);
    wide
}

/// An as-of date between the Prop 64 date and 2032.
fn as_of() -> impl Strategy<Value = Date> {
    (0i64..(16 * 365)).prop_map(|days| day("2016-11-09") + chrono::Days::new(days as u64))
}

// ---------------------------------------------------------------------------
// Random histories (for the case-order property)

/// Offenses a prior may be: superstrikes, PC 290 offenses (certain and needing a fact),
/// cannabis offenses, look-alikes and ordinary ones.
const PRIOR_OFFENSES: [&str; 10] = [
    "187 PC",
    "664/187 PC",
    "243.4 PC",
    "220 PC",
    "11359 HS",
    "11359 HS",
    "11360(a) HS",
    "1187 PC",
    "23152(a) VC",
    "459 PC",
];

/// (offense, years before or after the conviction under test, same case?)
type Other = (usize, i32, bool);

fn history_from(target: usize, others: &[Other], registered: bool, born: u32) -> History {
    const TARGETS: [&str; 5] = ["11359 HS", "11360(a) HS", "11358 HS", "11357(b) HS", "11359 HS"];
    let target_date = "2008-06-15";
    let mut history = person().born(&format!("{}-02-10", 1950 + born % 40)).convicted(
        TARGETS[target % 5],
        Level::Felony,
        target_date,
    );
    if registered {
        history = history.registered_290();
    }
    for &(offense, years, same_case) in others {
        let offense = PRIOR_OFFENSES[offense % PRIOR_OFFENSES.len()];
        history = if same_case {
            history.same_case(offense)
        } else {
            history.other(offense, Level::Felony, &format!("{}-03-01", 2008 + years))
        };
    }
    history
}

fn history_strategy() -> impl Strategy<Value = History> {
    (
        0usize..5,
        proptest::collection::vec((0usize..10, -15i32..5, proptest::bool::weighted(0.15)), 0..8),
        proptest::bool::weighted(0.2),
        0u32..40,
    )
        .prop_map(|(target, others, registered, born)| history_from(target, &others, registered, born))
}

// ---------------------------------------------------------------------------
// Properties

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// The same rows, shuffled and split across one to three files, give the same
    /// set of (subject, count, decision, rule) as the file read as generated.
    #[test]
    fn row_order_and_file_split_do_not_change_determinations(
        sample_seed in 0u64..1000,
        shuffle_seed in any::<u64>(),
        files in 1usize..=3,
        policy in any_policy(),
        as_of in as_of(),
    ) {
        let bytes = sample_bytes(sample_seed, 300);
        let lines = sample_lines(&bytes);
        prop_assert_eq!(lines.len(), 300);
        let expected = determinations(&read_files(std::slice::from_ref(&lines)), &policy, as_of);
        prop_assert!(!expected.is_empty());

        let mut shuffler = Shuffler::new(shuffle_seed);
        let mut shuffled = lines.clone();
        shuffler.shuffle(&mut shuffled);
        // Cut into `files` non-empty runs at random points.
        let mut cuts: Vec<usize> = Vec::new();
        while cuts.len() + 1 < files {
            let cut = 1 + shuffler.below(shuffled.len() - 1);
            if !cuts.contains(&cut) {
                cuts.push(cut);
            }
        }
        cuts.sort_unstable();
        let mut groups = Vec::new();
        let mut start = 0;
        for cut in cuts.into_iter().chain([shuffled.len()]) {
            groups.push(shuffled[start..cut].to_vec());
            start = cut;
        }
        prop_assert_eq!(groups.len(), files);

        let got = determinations(&read_files(&groups), &policy, as_of);
        prop_assert_eq!(got, expected);
    }

    /// A policy that only widens relief never turns a dismissal or a reduction into
    /// "not eligible", and never turns a dismissal into anything else.
    #[test]
    fn widening_a_policy_never_takes_relief_away(base in any_policy(), w in widening(), as_of in as_of()) {
        let wide = widen(&base, &w);
        prop_assert!(base.validate().is_ok(), "{:?}", base);
        prop_assert!(wide.validate().is_ok(), "{:?}", wide);
        let base_ctx = Context { as_of, county: COUNTY.to_owned(), policy: &base, tables: tables() };
        let wide_ctx = Context { as_of, county: COUNTY.to_owned(), policy: &wide, tables: tables() };
        let mut compared = 0;
        for person in sample_people() {
            let before = eligibility::classify(person, &base_ctx);
            let after = eligibility::classify(person, &wide_ctx);
            prop_assert_eq!(before.len(), after.len());
            for (b, a) in before.iter().zip(&after) {
                prop_assert_eq!(b.count.id, a.count.id);
                compared += 1;
                let (b, a) = (&b.determination, &a.determination);
                match b.decision {
                    Decision::Dismiss => prop_assert_eq!(
                        a.decision, Decision::Dismiss,
                        "{}: {:?} became {:?}\nbase {:?}\nwidened {:?}", person.subject_id, b, a, base, wide
                    ),
                    Decision::Reduce => prop_assert!(
                        a.decision.is_relief(),
                        "{}: {:?} became {:?}\nbase {:?}\nwidened {:?}", person.subject_id, b, a, base, wide
                    ),
                    _ => {}
                }
            }
        }
        prop_assert!(compared > 100, "the sample should have many convictions in scope");
    }

    /// Classifying the same person twice (or a copy of them) gives equal results.
    #[test]
    fn classification_is_deterministic(index in any::<prop::sample::Index>(), policy in any_policy(), as_of in as_of()) {
        let people = sample_people();
        let person = &people[index.index(people.len())];
        let ctx = Context { as_of, county: COUNTY.to_owned(), policy: &policy, tables: tables() };
        let run = |p: &Person| {
            eligibility::classify(p, &ctx)
                .into_iter()
                .map(|c| (c.case.step, c.count.id, c.determination))
                .collect::<Vec<_>>()
        };
        let first = run(person);
        prop_assert_eq!(&first, &run(person));
        prop_assert_eq!(&first, &run(&person.clone()));
    }
}

proptest! {
    // Random histories are cheap to classify: more cases, to meet the rare
    // combinations (a PC 290 prior listed before a superstrike, ...).
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The order in which a person's cases and counts are listed does not change any
    /// decision, relief, path or rule (the reason may name another prior).
    #[test]
    fn case_order_does_not_change_determinations(
        history in history_strategy(),
        policy in any_policy(),
        shuffle_seed in any::<u64>(),
    ) {
        let as_of = day(history::AS_OF);
        let ctx = Context { as_of, county: COUNTY.to_owned(), policy: &policy, tables: tables() };
        let outcome = |p: &Person| {
            let mut out: Vec<_> = eligibility::classify(p, &ctx)
                .into_iter()
                .map(|c| {
                    let d = c.determination;
                    (c.count.id, d.decision, d.relief, d.path, d.rule)
                })
                .collect();
            out.sort_by(|a, b| (a.0, &a.4).cmp(&(b.0, &b.4)));
            out
        };
        let person = history.person();
        let expected = outcome(&person);
        let mut shuffled = person.clone();
        let mut shuffler = Shuffler::new(shuffle_seed);
        shuffler.shuffle(&mut shuffled.cases);
        for case in &mut shuffled.cases {
            shuffler.shuffle(&mut case.counts);
        }
        prop_assert_eq!(outcome(&shuffled), expected, "{:?}", history);
    }
}
