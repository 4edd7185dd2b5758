//! Synthetic DOJ research files, for demos, tests and benchmarks.
//!
//! Real research files hold the rap sheets of real people and may not leave
//! the office, so everything that needs a file to read — demos, integration
//! tests, benchmarks — uses one made here instead. The
//! generator writes the DOJ layout (95 columns, `CNT_ORDER` = cycle + step +
//! count, `YYYYMMDD` dates) with the variety real files show: whole criminal
//! histories in several counties, Prop 64 charges in every spelling the data
//! uses, sentences in several parts, people still serving, superstrikes and
//! PC 290 offenses before, after and in the same case as the cannabis
//! conviction, plea bargains, comment-only charges, deceased people, aliases.
//!
//! Everything in it is invented. Names are built from made-up words
//! (`SAMPLEPERSON,ALPHA B`), and the identifiers the tool must never print
//! (SSN, driver licence, FBI number) are obviously fake (`000-00-1234`) so
//! tests can prove they never reach an output. The output depends only on the
//! [`SampleOptions`]: the generator never reads the clock or the environment,
//! and draws from a ChaCha8 stream seeded with [`SampleOptions::seed`], so the
//! same options give the same bytes on every platform. A smaller `rows` gives
//! a prefix of a larger one. Dates run up to the extract date, 2019-06-30.
//! `SUBJECT_ID`s are 8 digits for the first ~35 million people (about 500
//! million rows); beyond that they grow a ninth digit but stay unique.

pub mod office;
mod tables;

use std::io::{self, Write};

use chrono::{Datelike, Months, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::ingest::columns as col;
use tables::{Offense, Serious};

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleOptions {
    /// Data rows to write (the header is not counted). The last person's
    /// history is cut short when needed so the total is exact.
    pub rows: u64,
    /// The same seed gives the same bytes.
    pub seed: u64,
    /// Home county of the office, upper case (`SACRAMENTO`): most history
    /// happens there, and every person has a Prop 64 conviction there.
    pub county: String,
    /// Write the header row (the 95 column names and a trailing comma).
    pub header: bool,
    /// Fill the optional columns the way real DOJ rows are filled (race,
    /// eyes, hair, height, place of birth, the disposition's and the
    /// conviction's copy of the offense, booking and docket numbers, the
    /// DOJ's space padding): about 800 bytes a row, the shape of the 2019
    /// tool's generated files, instead of about 380. Only columns the reader
    /// never looks at change, and no extra random draws are made, so the
    /// rows are otherwise the same as without it.
    pub fill_optional: bool,
}

impl Default for SampleOptions {
    fn default() -> Self {
        SampleOptions { rows: 5000, seed: 64, county: "SAN FRANCISCO".to_owned(), header: true, fill_optional: false }
    }
}

/// What was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SampleStats {
    /// Data rows (without the header).
    pub rows: u64,
    /// Distinct people (`SUBJECT_ID`s).
    pub people: u64,
}

/// The 58 California counties, upper case, in DOJ county-code order.
pub fn known_counties() -> &'static [&'static str] {
    &tables::COUNTIES
}

/// Writes a synthetic DOJ research file to `out`.
///
/// Fails with [`io::ErrorKind::InvalidInput`] when `options.county` is not a
/// California county (compared without regard to case), and with the
/// writer's error when writing fails.
pub fn generate(options: &SampleOptions, out: impl Write) -> io::Result<SampleStats> {
    let wanted = options.county.trim();
    let Some(home) = tables::COUNTIES.iter().position(|c| c.eq_ignore_ascii_case(wanted)) else {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "unknown county '{}': expected one of the 58 California counties: {}",
                options.county,
                tables::COUNTIES.join(", ")
            ),
        ));
    };
    let mut generator = Generator::new(options.seed, home, options.rows, out);
    generator.fill = options.fill_optional;
    if options.header {
        generator.header();
    }
    while generator.remaining > 0 {
        generator.person();
        generator.flush_if_full()?;
    }
    generator.finish()
}

// ---------------------------------------------------------------------------
// Dates: days from the common era (chrono's numbering), as plain integers.

/// The DOJ extract date: no history after it.
const CAP: i32 = day(2019, 6, 30);
/// Prop 64 took effect: cannabis convictions on or after this day are not eligible.
const PROP64: i32 = day(2016, 11, 9);
/// Window of the long prison terms of people still serving.
const SERVE_FROM: i32 = day(2014, 1, 1);
const SERVE_TO: i32 = day(2016, 10, 31);
const DOB_FIRST: i32 = day(1935, 1, 1);
const DOB_LAST: i32 = day(2000, 12, 31);
/// Last day a person's first arrest may fall on (so a pre-Prop 64 conviction fits).
const LATEST_START: i32 = day(2016, 6, 30);
/// Municipal courts were unified into the superior courts by 2001.
const MUNICIPAL_UNTIL: i32 = day(2001, 1, 1);

/// Days from the common era as chrono counts them (0001-01-01 is day 1),
/// computable in constants (H. Hinnant's `days_from_civil`).
const fn day(year: i32, month: u32, day: u32) -> i32 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = if year >= 0 { year } else { year - 399 } / 400;
    let year_of_era = (year - era * 400) as u32;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era as i32 - 719_468 + 719_163
}

fn to_date(days: i32) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(days).expect("generated dates are in range")
}

fn add_years(days: i32, years: u32) -> i32 {
    to_date(days).checked_add_months(Months::new(years * 12)).expect("in range").num_days_from_ce()
}

fn age_at(dob: i32, days: i32) -> u32 {
    let (born, then) = (to_date(dob), to_date(days));
    let mut age = then.year() - born.year();
    if (then.month(), then.day()) < (born.month(), born.day()) {
        age -= 1;
    }
    age.max(0) as u32
}

fn yyyymmdd(days: i32) -> [u8; 8] {
    let date = to_date(days);
    let mut rest = date.year() as u32 * 10_000 + date.month() * 100 + date.day();
    let mut out = [b'0'; 8];
    for slot in out.iter_mut().rev() {
        *slot = b'0' + (rest % 10) as u8;
        rest /= 10;
    }
    out
}

// ---------------------------------------------------------------------------
// Randomness: only `next_u32` of the ChaCha8 stream is used, so the output
// does not depend on how a `rand` version maps bits to ranges.

struct Dice(ChaCha8Rng);

impl Dice {
    /// 0..n (n > 0).
    fn below(&mut self, n: u32) -> u32 {
        ((u64::from(self.0.next_u32()) * u64::from(n)) >> 32) as u32
    }

    /// lo..=hi.
    fn between(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.below(hi - lo + 1)
    }

    fn days(&mut self, first: i32, last: i32) -> i32 {
        first + self.below((last - first + 1) as u32) as i32
    }

    fn percent(&mut self, p: u32) -> bool {
        self.below(100) < p
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u32) as usize]
    }

    /// An index drawn by weight.
    fn weighted(&mut self, weights: &[u32]) -> usize {
        let mut draw = self.below(weights.iter().sum());
        for (index, &weight) in weights.iter().enumerate() {
            if draw < weight {
                return index;
            }
            draw -= weight;
        }
        weights.len() - 1
    }
}

// ---------------------------------------------------------------------------
// Rows.

/// Weights of 1..=15 cycles (arrests) per person.
const CYCLE_WEIGHTS: [u32; 15] = [18, 16, 14, 11, 9, 7, 6, 5, 4, 3, 2, 2, 1, 1, 1];

/// What a cycle is about.
#[derive(Debug, Clone, Copy)]
enum Role {
    /// Anything else: convicted, dismissed, acquitted or never charged.
    Other,
    /// A Prop 64 conviction before November 2016.
    Cannabis,
    /// A Prop 64 conviction in 2014–2016 with a long prison term (still serving).
    CannabisServing,
    /// A cannabis conviction under the new law (after November 2016).
    CannabisPost,
    /// Another felony in 2014–2016 with a long prison term.
    ServingOther,
    /// A cannabis charge dismissed and a PC 32 / HS 11364 / HS 11366 conviction.
    Plea,
    /// A superstrike or PC 290 offense in its own case.
    Serious(Serious),
    /// A Prop 64 conviction with a superstrike or PC 290 offense in the same case.
    CannabisAndSerious(Serious),
}

/// A case number field.
#[derive(Debug, Clone, Copy)]
enum CaseNo {
    Blank,
    Text(&'static str),
    Code { prefix: &'static str, number: u32, width: usize },
}

/// The step-level fields of a row.
struct Step {
    cycle: u32,
    step: u32,
    cyc_date: [u8; 8],
    date: [u8; 8],
    kind: &'static str,
    agency: &'static str,
    place: &'static str,
    ori: &'static str,
    county: usize,
    ofn: CaseNo,
    crt_case: CaseNo,
    disp_date: bool,
    age: u32,
    aka: bool,
}

/// The count-level fields of a row.
#[derive(Debug, Clone, Copy)]
struct CountRow {
    count: u32,
    offense: &'static str,
    toc: &'static str,
    disp: &'static str,
    stat: &'static str,
    comment: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Jail,
    Probation,
    Prison,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Days,
    Months,
    Years,
}

/// One sentence part: one row.
#[derive(Debug, Clone, Copy)]
struct Part {
    place: Place,
    length: u32,
    unit: Unit,
}

const fn part(place: Place, length: u32, unit: Unit) -> Option<Part> {
    Some(Part { place, length, unit })
}

/// A conviction's disposition, level and up to three sentence parts.
struct Sentence {
    disp: &'static str,
    stat: &'static str,
    parts: [Option<Part>; 3],
}

/// How a sentence is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Term {
    Normal,
    /// 12–25 years in prison: still serving years after the extract.
    Long,
    Serious {
        years: u32,
        extra_years: u32,
    },
}

struct Generator<W: Write> {
    dice: Dice,
    out: W,
    buf: Vec<u8>,
    /// Rows still to write.
    remaining: u64,
    stats: SampleStats,
    home: usize,
    next_subject: u64,
    // The current person.
    dob: i32,
    prefix: Vec<u8>,
    prefix_aka: Vec<u8>,
    dates: Vec<i32>,
    roles: Vec<Role>,
    /// Rotating picks, so that every rare offense shows up in small samples.
    next_serious: usize,
    next_post: usize,
    next_conspiracy: usize,
    /// Fill the optional columns ([`SampleOptions::fill_optional`]).
    fill: bool,
    /// The current person's subject id (the filled columns derive from it).
    subject: u64,
}

const FLUSH_AT: usize = 1 << 16;

impl<W: Write> Generator<W> {
    fn new(seed: u64, home: usize, rows: u64, out: W) -> Self {
        let mut dice = Dice(ChaCha8Rng::seed_from_u64(seed));
        let next_subject = 10_000_000 + u64::from(dice.below(100_000));
        Generator {
            dice,
            out,
            buf: Vec::with_capacity(FLUSH_AT + 4096),
            remaining: rows,
            stats: SampleStats::default(),
            home,
            next_subject,
            dob: 0,
            prefix: Vec::with_capacity(256),
            prefix_aka: Vec::with_capacity(256),
            dates: Vec::with_capacity(16),
            roles: Vec::with_capacity(16),
            next_serious: 0,
            next_post: 0,
            next_conspiracy: 0,
            fill: false,
            subject: 0,
        }
    }

    fn header(&mut self) {
        for name in col::NAMES {
            self.buf.extend_from_slice(name.as_bytes());
            self.buf.push(b',');
        }
        self.buf.push(b'\n');
    }

    fn flush_if_full(&mut self) -> io::Result<()> {
        if self.buf.len() >= FLUSH_AT {
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    fn finish(mut self) -> io::Result<SampleStats> {
        self.out.write_all(&self.buf)?;
        self.out.flush()?;
        Ok(self.stats)
    }

    /// One person: identity, then a history of cycles in date order.
    fn person(&mut self) {
        let subject = self.next_subject;
        self.next_subject += 1 + u64::from(self.dice.below(4));
        self.dob = self.dice.days(DOB_FIRST, DOB_LAST);
        self.identity(subject);

        // Cycle dates: the first arrest, then the rest spread over up to 35 years.
        let deceased = self.dice.percent(3);
        let mut cycles = self.dice.weighted(&CYCLE_WEIGHTS) + 1;
        if deceased {
            cycles = cycles.min(14);
        }
        let first_age = if self.dice.percent(12) {
            self.dice.between(18, 20)
        } else {
            21 + self.dice.below(30).min(self.dice.below(30))
        };
        let mut start = add_years(self.dob, first_age) + self.dice.below(365) as i32;
        if start > LATEST_START {
            // The first arrest must leave room for a conviction before Prop 64:
            // an adult one when the person was 18 by then, else a juvenile one.
            let adult = add_years(self.dob, 18);
            start = if adult <= LATEST_START {
                self.dice.days(adult, LATEST_START)
            } else {
                add_years(self.dob, 15) + self.dice.below(180) as i32
            };
        }
        let end = CAP.min(add_years(start, 35));
        self.dates.clear();
        self.dates.push(start);
        for _ in 1..cycles {
            let mut date = self.dice.days(start, end);
            if date >= PROP64 && self.dice.percent(50) {
                // Fewer arrests after Prop 64: the file is about earlier ones.
                date = self.dice.days(start, PROP64 - 1);
            }
            self.dates.push(date);
        }
        let mut serving = None;
        if self.dice.percent(5) && start < SERVE_FROM {
            let date = self.dice.days(SERVE_FROM, SERVE_TO);
            if self.dates.len() == 1 {
                self.dates.push(date);
            } else {
                let at = 1 + self.dice.below(self.dates.len() as u32 - 1) as usize;
                self.dates[at] = date;
            }
            serving = Some(date);
        }
        self.dates.sort_unstable();
        let cycles = self.dates.len();
        let serving = serving.and_then(|date| self.dates.iter().position(|&d| d == date));

        // Roles. The anchor is the Prop 64 conviction in the home county that
        // put the person in the DOJ file.
        self.roles.clear();
        self.roles.resize(cycles, Role::Other);
        let anchor = match serving {
            Some(at) if self.dice.percent(50) => {
                self.roles[at] = Role::CannabisServing;
                at
            }
            _ => {
                let at = self.pick_cycle(|_, date, _| date < PROP64).unwrap_or(0);
                self.roles[at] = Role::Cannabis;
                if let Some(serving) = serving.filter(|&s| s != at) {
                    self.roles[serving] = Role::ServingOther;
                }
                at
            }
        };
        if self.dice.percent(20) {
            // Repeat cannabis offender.
            for _ in 0..self.dice.between(1, 3) {
                if let Some(at) = self.pick_cycle(|_, date, role| date < PROP64 && matches!(role, Role::Other)) {
                    self.roles[at] = Role::Cannabis;
                }
            }
        }
        for at in 0..cycles {
            if self.dates[at] >= PROP64 && matches!(self.roles[at], Role::Other) && self.dice.percent(25) {
                self.roles[at] = Role::CannabisPost;
            }
        }
        if self.dice.percent(8)
            && let Some(at) = self.pick_cycle(|_, date, role| date < PROP64 && matches!(role, Role::Other))
        {
            self.roles[at] = Role::Plea;
        }
        if self.dice.percent(8) {
            let serious = tables::SERIOUS[self.next_serious % tables::SERIOUS.len()];
            self.next_serious += 1;
            // Before the cannabis conviction (a prior), after it, or in the
            // same case; the other side when the history has no room.
            let before = |at: usize, _: i32, role: Role| at < anchor && matches!(role, Role::Other);
            let after = |at: usize, _: i32, role: Role| at > anchor && matches!(role, Role::Other);
            let slot = match self.dice.below(3) {
                0 => self.pick_cycle(before).or_else(|| self.pick_cycle(after)),
                1 => self.pick_cycle(after).or_else(|| self.pick_cycle(before)),
                _ => None,
            };
            match slot {
                Some(at) => self.roles[at] = Role::Serious(serious),
                None => self.roles[anchor] = Role::CannabisAndSerious(serious),
            }
        }
        let aka = self.dice.percent(4).then(|| self.dice.below(cycles as u32) as usize);

        self.stats.people += u64::from(self.remaining > 0);
        for at in 0..cycles {
            let county = if at == anchor || self.dice.percent(85) { self.home } else { self.other_county() };
            let on_aka = aka.is_some_and(|forced| forced == at || self.dice.percent(30));
            self.cycle(at as u32 + 1, self.dates[at], self.roles[at], at == anchor, county, on_aka);
        }
        if deceased {
            let last = self.dates[cycles - 1];
            let date = if last + 30 < CAP { self.dice.days(last + 30, CAP) } else { CAP.max(last) };
            self.deceased(cycles as u32 + 1, date);
        }
    }

    /// A random cycle index whose (index, date, role) satisfy `wanted`.
    fn pick_cycle(&mut self, wanted: impl Fn(usize, i32, Role) -> bool) -> Option<usize> {
        let matches = |at: &usize| wanted(*at, self.dates[*at], self.roles[*at]);
        let count = (0..self.dates.len()).filter(matches).count();
        if count == 0 {
            return None;
        }
        let nth = self.dice.below(count as u32) as usize;
        (0..self.dates.len()).filter(matches).nth(nth)
    }

    /// A name from `names` other than `not`.
    fn other_name(&mut self, names: &[&'static str], not: &str) -> &'static str {
        loop {
            let name = self.dice.pick(names);
            if name != not {
                return name;
            }
        }
    }

    fn other_county(&mut self) -> usize {
        loop {
            let county = self.dice.below(tables::COUNTIES.len() as u32) as usize;
            if county != self.home {
                return county;
            }
        }
    }

    /// Renders columns 0..=35 (person-level) for the name and the alias.
    fn identity(&mut self, subject: u64) {
        self.subject = subject;
        let gender = if self.dice.percent(80) { "M" } else { "F" };
        let accented = self.dice.percent(8);
        let last =
            if accented { self.dice.pick(tables::ACCENTED_LAST_NAMES) } else { self.dice.pick(tables::LAST_NAMES) };
        let double = (!accented && self.dice.percent(5)).then(|| self.dice.pick(tables::LAST_NAMES));
        let first = if accented && self.dice.percent(60) {
            self.dice.pick(tables::ACCENTED_FIRST_NAMES)
        } else {
            self.dice.pick(tables::FIRST_NAMES)
        };
        let middle_kind = self.dice.below(100);
        let initial = [b'A' + self.dice.below(26) as u8];
        let middle_name = self.dice.pick(tables::FIRST_NAMES);
        let middle: &[u8] = match middle_kind {
            0..60 => &initial,
            60..85 => b"",
            _ => middle_name.as_bytes(),
        };
        // The alias: another last name, or another first name.
        let (alias_last, alias_first) = if self.dice.percent(60) {
            (self.other_name(tables::LAST_NAMES, last), first)
        } else {
            (last, self.other_name(tables::FIRST_NAMES, first))
        };
        let dob = yyyymmdd(self.dob);

        for aka in [false, true] {
            let buf = if aka { &mut self.prefix_aka } else { &mut self.prefix };
            buf.clear();
            let cii = |buf: &mut Vec<u8>| {
                buf.extend_from_slice(b"99");
                put_num(buf, subject, 8);
                buf.push(b',');
            };
            let ssn = |buf: &mut Vec<u8>| {
                buf.extend_from_slice(b"000-00-");
                put_num(buf, subject % 10_000, 4);
                buf.push(b',');
            };
            let cdl = |buf: &mut Vec<u8>| {
                buf.extend_from_slice(b"X000");
                put_num(buf, subject % 10_000, 4);
                buf.push(b',');
            };
            buf.extend_from_slice(b"x,x,"); // RECORD_ID, SUBJECT_STATUS
            put_num(buf, subject, 8); // SUBJECT_ID
            buf.extend_from_slice(b",#,"); // REQ_SEG_SEP
            cii(buf); // REQ_CII_NUMBER
            buf.extend_from_slice(b",,,"); // REQ_NAME, REQ_GENDER, REQ_DOB
            cdl(buf); // REQ_CDL
            ssn(buf); // REQ_SSN
            buf.extend_from_slice(b"#,"); // PII_SEG_SEP
            cii(buf); // CII_NUMBER
            buf.push(b'"'); // PRI_NAME, quoted: it holds a comma
            let (last, first) = if aka { (alias_last, alias_first) } else { (last, first) };
            buf.extend_from_slice(last.as_bytes());
            if let Some(second) = double.filter(|_| !aka) {
                buf.push(b'-');
                buf.extend_from_slice(second.as_bytes());
            }
            buf.push(b',');
            buf.extend_from_slice(first.as_bytes());
            if !middle.is_empty() {
                buf.push(b' ');
                buf.extend_from_slice(middle);
            }
            buf.extend_from_slice(b"\",");
            buf.extend_from_slice(gender.as_bytes()); // GENDER
            buf.push(b',');
            buf.extend_from_slice(&dob); // PRI_DOB
            buf.push(b',');
            ssn(buf); // PRI_SSN
            cdl(buf); // PRI_CDL
            // PRI_IDN, PRI_INN, FBI_NUMBER
            buf.extend_from_slice(if self.fill {
                b"x                        ,x                        ,XXX"
            } else {
                b"x,x,XXX"
            });
            put_num(buf, subject, 8);
            buf.extend_from_slice(b",#,"); // PDR_SEG_SEP
            // RACE_CODE .. CITIZENSHIP_LIST (columns 21..=34): filler.
            if self.fill {
                fill_descriptors(buf, subject);
            } else {
                for _ in 21..col::CYC_ORDER - 1 {
                    buf.extend_from_slice(b"x,");
                }
            }
            buf.extend_from_slice(b"#,"); // CYC_SEG_SEP
        }
    }

    /// One cycle: an arrest, and usually a court action (and a PC 290
    /// registration after a registrable conviction).
    fn cycle(&mut self, cycle: u32, date: i32, role: Role, anchor: bool, county: usize, aka: bool) {
        let post = tables::CANNABIS_POST[self.next_post % tables::CANNABIS_POST.len()];
        if matches!(role, Role::CannabisPost) {
            self.next_post += 1;
        }
        let conspiracy = tables::CANNABIS_CONSPIRACY[self.next_conspiracy % tables::CANNABIS_CONSPIRACY.len()];
        let dice = &mut self.dice;
        let age = age_at(self.dob, date);
        let cannabis_pre =
            matches!(role, Role::Cannabis | Role::CannabisServing | Role::Plea | Role::CannabisAndSerious(_));

        // Charges at arrest; the role's offense first.
        let mut charges = [Offense { descr: "", toc: "" }; 5];
        let mut n = 1;
        charges[0] = match role {
            Role::Other => dice.pick(tables::OTHER),
            // The anchor is a Prop 64 offense; other cannabis charges may be conspiracies.
            Role::Cannabis | Role::CannabisServing | Role::Plea | Role::CannabisAndSerious(_)
                if !anchor && dice.percent(20) =>
            {
                conspiracy
            }
            // A long prison term needs a felony.
            Role::CannabisServing => loop {
                let offense = dice.pick(tables::CANNABIS_PRE);
                if offense.toc == "F" {
                    break offense;
                }
            },
            Role::Cannabis | Role::Plea | Role::CannabisAndSerious(_) => dice.pick(tables::CANNABIS_PRE),
            Role::CannabisPost => post,
            Role::ServingOther => dice.pick(tables::SERVING_OTHER),
            Role::Serious(serious) => serious.offense,
        };
        if charges[0] == conspiracy {
            self.next_conspiracy += 1;
        }
        let serious = match role {
            Role::Serious(serious) => Some((0, serious)),
            Role::CannabisAndSerious(serious) => {
                charges[1] = serious.offense;
                n = 2;
                if dice.percent(50) {
                    charges.swap(0, 1);
                    Some((0, serious))
                } else {
                    Some((1, serious))
                }
            }
            _ => None,
        };
        // The primary count: the one the role is about (the cannabis one).
        let primary = match (role, serious) {
            (Role::CannabisAndSerious(_), Some((0, _))) => 1,
            _ => 0,
        };
        let extras = if dice.percent(12) {
            2
        } else if dice.percent(35) {
            1
        } else {
            0
        };
        for _ in 0..extras {
            charges[n] = if cannabis_pre && dice.percent(30) {
                dice.pick(tables::CANNABIS_PRE)
            } else {
                dice.pick(tables::OTHER)
            };
            n += 1;
        }
        let plea = matches!(role, Role::Plea).then(|| dice.pick(tables::PLEA));
        let plea_at_arrest = plea.is_some() && dice.percent(40);
        if plea_at_arrest {
            charges[n] = plea.expect("plea");
            n += 1;
        }

        // The arrest.
        let has_court = match role {
            Role::Other => dice.percent(72),
            Role::CannabisPost => dice.percent(75),
            _ => true,
        };
        let arrest_disp = if has_court { "" } else { dice.pick(tables::NO_COURT_DISPOSITIONS) };
        let (agency, place, ori) = police(dice, county);
        let arrest = Step {
            cycle,
            step: 1,
            cyc_date: yyyymmdd(date),
            date: yyyymmdd(date),
            kind: "ARREST/DETAINED/CITED",
            agency,
            place,
            ori,
            county,
            ofn: if dice.percent(80) {
                CaseNo::Code { prefix: "", number: dice.below(100_000_000), width: 8 }
            } else {
                CaseNo::Blank
            },
            crt_case: CaseNo::Blank,
            disp_date: !has_court && dice.percent(40),
            age,
            aka,
        };
        for (index, charge) in charges[..n].iter().enumerate() {
            let (offense, comment) = self.charge_text(*charge, cannabis_pre && index == primary);
            let row =
                CountRow { count: index as u32 + 1, offense, toc: charge.toc, disp: arrest_disp, stat: "", comment };
            self.emit(&arrest, &row, None);
        }
        if !has_court {
            return;
        }

        // The court action.
        let dice = &mut self.dice;
        let mut court_date = (date + 1 + dice.below(300) as i32).min(CAP);
        if cannabis_pre && date < PROP64 {
            court_date = court_date.min(PROP64 - 1);
        }
        let (agency, place, ori) = if court_date < MUNICIPAL_UNTIL && dice.percent(40) {
            ("CAMC", if dice.percent(60) { tables::SEATS[county] } else { tables::COUNTIES[county] }, "0160J")
        } else {
            ("CASC", tables::COUNTIES[county], "0150J")
        };
        let ofn = match dice.below(100) {
            0..3 => CaseNo::Text("NULL"),
            3..6 => CaseNo::Text("NULL  "),
            _ => CaseNo::Code {
                prefix: dice.pick(&["", "F", "M", "CR", "SC", "XM"]),
                number: dice.below(10_000_000),
                width: 7,
            },
        };
        let crt_case = if dice.percent(15) {
            CaseNo::Code { prefix: "SCR", number: dice.below(1_000_000), width: 6 }
        } else {
            CaseNo::Blank
        };
        let court = Step {
            cycle,
            step: 2,
            cyc_date: yyyymmdd(date),
            date: yyyymmdd(court_date),
            kind: "COURT ACTION",
            agency,
            place,
            ori,
            county,
            ofn,
            crt_case,
            disp_date: dice.percent(35),
            age,
            aka,
        };
        // Outcome of the primary count; other counts follow it.
        let outcome = match role {
            Role::Other => match dice.below(100) {
                0..75 => "CONVICTED",
                75..95 => "DISMISSED",
                _ => "ACQUITTED",
            },
            Role::CannabisPost => {
                if dice.percent(80) {
                    "CONVICTED"
                } else {
                    "DISMISSED"
                }
            }
            Role::Plea => "DISMISSED",
            _ => "CONVICTED",
        };
        for (index, charge) in charges[..n].iter().enumerate() {
            let is_plea = plea_at_arrest && index == n - 1;
            let is_serious = serious.is_some_and(|(at, _)| at == index);
            let convicted = if index == primary || is_serious || is_plea {
                is_plea || outcome == "CONVICTED" || is_serious
            } else {
                outcome != "ACQUITTED" && self.dice.percent(30)
            };
            let term = match (role, serious) {
                (_, Some((at, s))) if at == index && s.years > 0 => {
                    Term::Serious { years: s.years, extra_years: s.extra_years }
                }
                (Role::CannabisServing | Role::ServingOther, _) if index == primary => Term::Long,
                _ => Term::Normal,
            };
            let comment_hint = cannabis_pre && index == primary;
            let mention = is_plea && self.dice.percent(50);
            self.court_count(&court, index as u32 + 1, *charge, convicted, outcome, term, comment_hint, mention);
        }
        if let Some(plea) = plea.filter(|_| !plea_at_arrest) {
            let mention = self.dice.percent(50);
            self.court_count(&court, n as u32 + 1, plea, true, "CONVICTED", Term::Normal, false, mention);
        }

        // A PC 290 registration after a registrable conviction.
        if let Some((_, serious)) = serious
            && serious.registrable
            && self.dice.percent(75)
        {
            let dice = &mut self.dice;
            let registered = (court_date + 5 + dice.below(120) as i32).min(CAP);
            let (agency, place, ori) = police(dice, county);
            let step = Step {
                cycle,
                step: 3,
                cyc_date: yyyymmdd(date),
                date: yyyymmdd(registered),
                kind: "REGISTRATION",
                agency,
                place,
                ori,
                county,
                ofn: CaseNo::Blank,
                crt_case: CaseNo::Blank,
                disp_date: false,
                age,
                aka: false,
            };
            let row =
                CountRow { count: 1, offense: tables::REGISTRATION_OFFENSE, toc: "", disp: "", stat: "", comment: "" };
            self.emit(&step, &row, None);
        }
    }

    /// One court count: a conviction (one row per sentence part) or a
    /// dismissal / acquittal.
    #[allow(clippy::too_many_arguments)]
    fn court_count(
        &mut self,
        step: &Step,
        count: u32,
        charge: Offense,
        convicted: bool,
        outcome: &'static str,
        term: Term,
        cannabis: bool,
        mention: bool,
    ) {
        let (offense, comment) = if mention {
            // The offense names the charge; the comment names a cannabis section.
            (charge.descr, self.dice.pick(tables::CANNABIS_MENTIONS))
        } else {
            match self.charge_text(charge, cannabis) {
                (offense, "") if convicted && self.dice.percent(2) => (offense, self.dice.pick(tables::PLAIN_COMMENTS)),
                text => text,
            }
        };
        if !convicted {
            let disp = if outcome == "ACQUITTED" { "ACQUITTED" } else { "DISMISSED" };
            let row = CountRow { count, offense, toc: charge.toc, disp, stat: "", comment };
            self.emit(step, &row, None);
            return;
        }
        let sentence = self.sentence(charge.toc, term);
        let row = CountRow { count, offense, toc: charge.toc, disp: sentence.disp, stat: sentence.stat, comment };
        self.emit(step, &row, sentence.parts[0]);
        for part in sentence.parts[1..].iter().flatten() {
            self.emit(step, &row, Some(*part));
        }
    }

    /// `OFFENSE_DESCR` and `COMMENT_TEXT` of a charge: usually the offense
    /// itself; sometimes only in the comment.
    fn charge_text(&mut self, charge: Offense, cannabis: bool) -> (&'static str, &'static str) {
        let share = if cannabis { 6 } else { 2 };
        if self.dice.percent(share) {
            let offense = if self.dice.percent(20) { "" } else { "SEE COMMENT FOR CHARGE" };
            (offense, charge.descr.trim_start())
        } else {
            (charge.descr, "")
        }
    }

    /// Disposition, level and sentence of a conviction.
    fn sentence(&mut self, toc: &'static str, term: Term) -> Sentence {
        use Place::*;
        use Unit::*;
        let dice = &mut self.dice;
        let mut stat = match toc {
            "F" if term != Term::Normal || dice.percent(80) => "FELONY",
            "F" | "M" => "MISDEMEANOR",
            _ => "INFRACTION",
        };
        if dice.percent(10) {
            // Blank: the offense's type of charge decides.
            stat = "";
        }
        let level = if stat.is_empty() { toc } else { &stat[..1] };
        match term {
            Term::Long => {
                let months = dice.percent(40).then(|| dice.between(1, 11));
                Sentence {
                    disp: "CONVICTED-PRISON",
                    stat,
                    parts: [
                        part(Prison, dice.between(12, 25), Years),
                        months.and_then(|m| part(Prison, m, Months)),
                        None,
                    ],
                }
            }
            Term::Serious { years, extra_years } => Sentence {
                disp: "CONVICTED-PRISON",
                stat,
                parts: [
                    part(Prison, years, Years),
                    if extra_years > 0 { part(Prison, extra_years, Years) } else { None },
                    None,
                ],
            },
            Term::Normal => match level {
                "F" => match dice.below(100) {
                    0..25 => Sentence {
                        disp: "CONVICTED-PRISON",
                        stat,
                        parts: [
                            part(Prison, dice.between(2, 6), Years),
                            if dice.percent(25) { part(Prison, dice.between(4, 8), Months) } else { None },
                            None,
                        ],
                    },
                    25..75 => Sentence {
                        disp: "CONVICTED-PROBATION",
                        stat,
                        parts: [
                            part(Probation, dice.pick(&[36, 36, 60]), Months),
                            part(Jail, dice.between(30, 365), Days),
                            if dice.percent(20) { part(Jail, dice.between(10, 90), Days) } else { None },
                        ],
                    },
                    _ => Sentence {
                        disp: "CONVICTED-JAIL",
                        stat,
                        parts: [
                            if dice.percent(70) {
                                part(Jail, dice.between(180, 365), Days)
                            } else {
                                part(Jail, 16, Months)
                            },
                            None,
                            None,
                        ],
                    },
                },
                "M" => match dice.below(100) {
                    0..40 => Sentence {
                        disp: "CONVICTED-PROBATION",
                        stat,
                        parts: [
                            part(Probation, dice.pick(&[12, 24, 36]), Months),
                            if dice.percent(40) { part(Jail, dice.between(1, 90), Days) } else { None },
                            if dice.percent(10) { part(Jail, dice.between(1, 30), Days) } else { None },
                        ],
                    },
                    40..75 => Sentence {
                        disp: "CONVICTED-JAIL",
                        stat,
                        parts: [part(Jail, dice.between(1, 180), Days), None, None],
                    },
                    _ => Sentence { disp: "CONVICTED-FINE", stat, parts: [None; 3] },
                },
                _ => Sentence { disp: "CONVICTED-FINE", stat, parts: [None; 3] },
            },
        }
    }

    /// The last cycle of a deceased person: one `DECEASED` step.
    fn deceased(&mut self, cycle: u32, date: i32) {
        let step = Step {
            cycle,
            step: 1,
            cyc_date: yyyymmdd(date),
            date: yyyymmdd(date),
            kind: "DECEASED",
            agency: "CACO",
            place: tables::COUNTIES[self.home],
            ori: "00800",
            county: self.home,
            ofn: CaseNo::Blank,
            crt_case: CaseNo::Blank,
            disp_date: false,
            age: age_at(self.dob, date),
            aka: false,
        };
        let row = CountRow { count: 1, offense: "", toc: "", disp: "", stat: "", comment: "" };
        self.emit(&step, &row, None);
    }

    /// Writes one row (if any are still wanted).
    fn emit(&mut self, step: &Step, row: &CountRow, part: Option<Part>) {
        if self.remaining == 0 {
            return;
        }
        self.remaining -= 1;
        self.stats.rows += 1;
        let buf = &mut self.buf;
        buf.extend_from_slice(if step.aka { &self.prefix_aka } else { &self.prefix });
        // CYC_ORDER .. STP_ORI_CNTY_NAME
        if self.fill {
            put_num(buf, u64::from(step.cycle), 3);
            buf.push(b',');
        } else {
            buf.extend_from_slice(b"x,");
        }
        buf.extend_from_slice(&step.cyc_date);
        if self.fill {
            buf.extend_from_slice(b",#,");
            put_num(buf, u64::from(step.step), 3);
            buf.push(b',');
        } else {
            buf.extend_from_slice(b",#,x,");
        }
        buf.extend_from_slice(&step.date);
        if self.fill {
            // STP_TYPE_CODE, STP_TYPE_DESCR, STP_ORI_TYPE, STP_ORI_TYPE_DESCR (padded)
            let (code, ori_type) = match step.kind.as_bytes().first() {
                Some(b'C') => ("C", "C,COURT                                   "),
                Some(b'A') => ("A", "P,LAW ENFORCEMENT AGENCY                  "),
                _ => ("O", "D,DEPARTMENT OF JUSTICE                   "),
            };
            buf.push(b',');
            buf.extend_from_slice(code.as_bytes());
            buf.push(b',');
            buf.extend_from_slice(step.kind.as_bytes());
            buf.push(b',');
            buf.extend_from_slice(ori_type.as_bytes());
            buf.extend_from_slice(b",CA");
        } else {
            buf.extend_from_slice(b",x,");
            buf.extend_from_slice(step.kind.as_bytes());
            buf.extend_from_slice(b",x,x,CA");
        }
        put_num(buf, step.county as u64 + 1, 2);
        buf.extend_from_slice(step.ori.as_bytes());
        buf.push(b',');
        buf.extend_from_slice(step.agency.as_bytes());
        buf.push(b' ');
        buf.extend_from_slice(step.place.as_bytes());
        buf.push(b',');
        put_num(buf, step.county as u64 + 1, 2);
        buf.push(b',');
        buf.extend_from_slice(tables::COUNTIES[step.county].as_bytes());
        // CNT_SEG_SEP, CNT_ORDER, DISP_DATE, OFN
        buf.extend_from_slice(b",#,");
        put_num(buf, u64::from(step.cycle) * 1_000_000 + u64::from(step.step) * 1000 + u64::from(row.count), 9);
        buf.extend_from_slice(b"000,");
        if step.disp_date {
            buf.extend_from_slice(&step.date);
        }
        buf.push(b',');
        put_case(buf, step.ofn);
        // OFFENSE_CODE, OFFENSE_DESCR, OFFENSE_TOC, then blanks to FE_NUM_CRT_CASE
        if self.fill {
            fill_offense(buf, step, row, self.subject);
        } else {
            buf.extend_from_slice(b"x,");
            buf.extend_from_slice(row.offense.as_bytes());
            buf.push(b',');
            buf.extend_from_slice(row.toc.as_bytes());
            buf.push(b',');
            buf.extend_from_slice(&[b','; col::FE_NUM_CRT_CASE - col::OFFENSE_TOC - 1]);
        }
        put_case(buf, step.crt_case);
        // FE_NUM_WARRANT, DISP_ORDER, DISP_CODE, DISP_DESCR, CONV_STAT_CODE, CONV_STAT_DESCR
        if self.fill {
            buf.extend_from_slice(PAD15);
            buf.extend_from_slice(b",01,");
            buf.extend_from_slice(if row.disp.is_empty() { b"    " } else { b"C" });
            put_num(buf, offense_code(row.disp) % 1000, 3);
            buf.push(b',');
        } else {
            buf.extend_from_slice(b",,,");
        }
        buf.extend_from_slice(row.disp.as_bytes());
        buf.push(b',');
        if self.fill {
            buf.extend_from_slice(match row.stat.as_bytes().first() {
                Some(b'F') => b"F         ",
                Some(b'M') => b"M         ",
                Some(_) => b"I         ",
                None => b"          ",
            });
        }
        buf.push(b',');
        buf.extend_from_slice(row.stat.as_bytes());
        // SENT_SEG_SEP, SENT_ORDER, SENT_LOC_CODE .. SENT_TIME_DESCR
        buf.extend_from_slice(if self.fill && part.is_some() { b",#,01," } else { b",#,," });
        match part {
            Some(part) => {
                let (code, descr) = match part.place {
                    Place::Jail => ("J,", "JAIL,"),
                    Place::Probation => ("P,", "PROBATION,"),
                    Place::Prison => ("S,", "PRISON,"),
                };
                buf.extend_from_slice(code.as_bytes());
                buf.extend_from_slice(descr.as_bytes());
                put_num(buf, u64::from(part.length), 1);
                buf.extend_from_slice(match part.unit {
                    Unit::Days => b",D,DAYS      ,",
                    Unit::Months => b",M,MONTHS    ,",
                    Unit::Years => b",Y,YEARS     ,",
                });
            }
            None if self.fill => buf.extend_from_slice(b",,,,\"                  \","),
            None => buf.extend_from_slice(b",,,,,"),
        }
        // CYC_AGE, CII_TYPE, CII_TYPE_ALPHA, COMMENT_TEXT, END_OF_REC
        put_num(buf, u64::from(step.age), 1);
        buf.extend_from_slice(if self.fill { b",A,ADULT," } else { b",,," });
        buf.extend_from_slice(row.comment.as_bytes());
        buf.extend_from_slice(b",#\n");
    }
}

/// Fifteen spaces: the DOJ pads unused number fields to their width.
const PAD15: &[u8] = b"               ";
/// Thirty spaces, quoted: an empty qualifier list as the DOJ writes it.
const QUAL_LIST: &[u8] = b"\"                              \",";

/// A stable five-digit code for a text (an offense's DOJ code).
fn offense_code(text: &str) -> u64 {
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
    10_000 + hash % 90_000
}

/// RACE_CODE .. CITIZENSHIP_LIST (columns 21..=34) of a person, filled as
/// the DOJ fills them, each with its trailing comma. Derived from the
/// subject id (no random draws, so the rest of the file does not change).
fn fill_descriptors(buf: &mut Vec<u8>, subject: u64) {
    const RACES: [&str; 5] = ["W,WHITE", "H,HISPANIC", "B,BLACK", "A,OTHER ASIAN", "O,OTHER"];
    const EYES: [&str; 4] = ["BRO,BROWN", "BLK,BLACK", "BLU,BLUE", "HAZ,HAZEL"];
    const HAIR: [&str; 4] = ["BLK,BLACK", "BRO,BROWN", "BLN,BLOND OR STRAWBERRY", "GRY,GRAY OR PARTIALLY GRAY"];
    const BIRTH: [&str; 4] = ["CA,CALIFORNIA", "MX,MEXICO", "TX,TEXAS", "NY,NEW YORK"];
    let pick = |items: &[&'static str], salt: u64| items[((subject / salt) % items.len() as u64) as usize];
    for (items, salt) in [(&RACES[..], 1), (&EYES[..], 7), (&HAIR[..], 11)] {
        buf.extend_from_slice(pick(items, salt).as_bytes());
        buf.push(b',');
    }
    put_num(buf, 500 + (subject % 15), 3); // HEIGHT (5 ft 0 in .. 6 ft 2 in)
    buf.push(b',');
    put_num(buf, 120 + (subject % 130), 3); // WEIGHT
    buf.extend_from_slice(b",Y,N,"); // SINGLE_SOURCE, MULTI_SOURCE
    let birth = pick(&BIRTH, 13);
    buf.extend_from_slice(birth.as_bytes()); // POB_CODE, POB_NAME
    buf.extend_from_slice(if birth.starts_with("CA") || birth.starts_with("TX") || birth.starts_with("NY") {
        b",S,US        ,"
    } else {
        b",C,MX        ,"
    }); // POB_TYPE, CITIZENSHIP_LIST
}

/// OFFENSE_CODE .. FE_NUM_OOS_INN (columns 53..=75) of a row, filled as
/// the DOJ fills them: the offense with its code and (blank, padded)
/// qualifier list, the disposition's and the conviction's copy of it, and
/// the arrest's numbers.
fn fill_offense(buf: &mut Vec<u8>, step: &Step, row: &CountRow, subject: u64) {
    let code = offense_code(row.offense);
    let offense = |buf: &mut Vec<u8>| {
        put_num(buf, code, 5);
        buf.push(b',');
        buf.extend_from_slice(row.offense.as_bytes());
        buf.push(b',');
        buf.extend_from_slice(row.toc.as_bytes());
        buf.push(b',');
        buf.extend_from_slice(QUAL_LIST);
    };
    offense(buf); // OFFENSE_CODE, OFFENSE_DESCR, OFFENSE_TOC, OFFENSE_QUAL_LST
    if row.disp.is_empty() || row.offense.is_empty() {
        buf.extend_from_slice(b",,,,"); // DISP_OFFENSE_*
    } else {
        offense(buf);
    }
    if row.disp.starts_with("CONVICTED") && !row.offense.is_empty() {
        buf.extend_from_slice(b"001,"); // CONV_OFFENSE_ORDER
        offense(buf);
    } else {
        buf.extend_from_slice(b",,,,,"); // CONV_OFFENSE_*
    }
    // FE_NUM_ORDER, FE_NUM_ARR_AGY, FE_NUM_BNCH_WARR, FE_NUM_CITE, FE_NUM_DOCKET,
    // FE_NUM_INCIDENT, FE_NUM_BOOKING, FE_NUM_NUMBER, FE_NUM_REMAND, FE_NUM_OOS_INN
    buf.extend_from_slice(b"01,");
    buf.extend_from_slice(step.agency.as_bytes());
    buf.extend_from_slice(step.ori.as_bytes());
    buf.push(b',');
    for _ in 0..2 {
        buf.extend_from_slice(PAD15);
        buf.push(b',');
    }
    put_num(buf, subject % 1_000_000 * 100 + u64::from(step.cycle), 15); // FE_NUM_DOCKET
    buf.push(b',');
    buf.extend_from_slice(PAD15);
    buf.push(b',');
    put_num(buf, subject * 1000 + u64::from(step.cycle) * 10 + u64::from(step.step % 10), 12); // FE_NUM_BOOKING
    buf.push(b',');
    for _ in 0..3 {
        buf.extend_from_slice(PAD15);
        buf.push(b',');
    }
}

/// The police agency of an arrest or registration: (prefix, place, ORI suffix).
fn police(dice: &mut Dice, county: usize) -> (&'static str, &'static str, &'static str) {
    match dice.below(100) {
        0..55 => ("CAPD", tables::SEATS[county], "01000"),
        55..90 => ("CASO", tables::COUNTIES[county], "00000"),
        _ => ("CAHP", tables::SEATS[county], "09000"),
    }
}

/// Writes `n` in decimal, zero-padded to `width`.
fn put_num(buf: &mut Vec<u8>, mut n: u64, width: usize) {
    let mut digits = [b'0'; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for _ in digits.len() - at..width {
        buf.push(b'0');
    }
    buf.extend_from_slice(&digits[at..]);
}

/// Writes a case-number field and its trailing comma.
fn put_case(buf: &mut Vec<u8>, case: CaseNo) {
    match case {
        CaseNo::Blank => {}
        CaseNo::Text(text) => buf.extend_from_slice(text.as_bytes()),
        CaseNo::Code { prefix, number, width } => {
            buf.extend_from_slice(prefix.as_bytes());
            put_num(buf, u64::from(number), width);
        }
    }
    buf.push(b',');
}

#[cfg(test)]
mod tests;
