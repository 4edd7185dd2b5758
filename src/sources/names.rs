//! Names and case numbers, normalized for matching records across sources.
//!
//! Nothing here prints a name: the functions compare and return verdicts.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// How closely two names agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NameMatch {
    /// Different people's names.
    No,
    /// One part differs by a typo (one letter added, dropped, changed or two
    /// swapped), or one side's surname is one part of the other's
    /// hyphenated surname.
    Close,
    /// The same once accents, case, punctuation, hyphens and word order are set aside.
    Same,
}

/// A name split into surname and given-name words, folded (accents
/// dropped, upper case, letters and digits only): one string, the
/// surname's words then the given names', a space between words. (The
/// office's keys are held for the whole read: one allocation each.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameKey {
    words: Box<str>,
    /// How many of the words are the surname's.
    surname: usize,
}

impl NameKey {
    fn new<'a>(surname: impl IntoIterator<Item = &'a str>, given: impl IntoIterator<Item = &'a str>) -> NameKey {
        let mut words = String::new();
        let mut count = 0;
        for (i, word) in surname.into_iter().enumerate() {
            if i > 0 {
                words.push(' ');
            }
            words.push_str(word);
            count += 1;
        }
        for word in given {
            if !words.is_empty() {
                words.push(' ');
            }
            words.push_str(word);
        }
        NameKey { words: words.into_boxed_str(), surname: count }
    }

    fn all(&self) -> impl Iterator<Item = &str> + Clone {
        self.words.split(' ').filter(|w| !w.is_empty())
    }

    fn surname(&self) -> impl Iterator<Item = &str> + Clone {
        self.all().take(self.surname)
    }

    fn first_given(&self) -> Option<&str> {
        self.all().nth(self.surname)
    }
}

/// Upper case, accents dropped (`NÚÑEZ` → `NUNEZ`), apostrophes and periods
/// removed (`O'BRIEN` → `OBRIEN`), every other non-alphanumeric a space.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    if text.is_ascii() {
        // Nothing to decompose: the same result without NFD.
        for b in text.bytes() {
            match b {
                b'\'' | b'.' => {}
                b if b.is_ascii_alphanumeric() => out.push(b.to_ascii_uppercase() as char),
                _ => out.push(' '),
            }
        }
        return out;
    }
    for c in text.nfd() {
        if is_combining_mark(c) || c == '\'' || c == '’' || c == '.' {
            continue;
        }
        if c.is_alphanumeric() {
            out.extend(c.to_uppercase());
        } else {
            out.push(' ');
        }
    }
    out
}

/// The ways a name may be read: `LAST,FIRST M` is one; a name without a
/// comma (`FIRST M LAST`, or `LAST FIRST`) is read both ways round.
pub fn keys(name: &str) -> Vec<NameKey> {
    if let Some((last, given)) = name.split_once(',') {
        let (last, given) = (fold(last), fold(given));
        let key = NameKey::new(last.split_whitespace(), given.split_whitespace());
        return if key.surname == 0 { Vec::new() } else { vec![key] };
    }
    let folded = fold(name);
    let all: Vec<&str> = folded.split_whitespace().collect();
    if all.len() < 2 {
        return Vec::new();
    }
    let n = all.len();
    vec![
        NameKey::new(all[n - 1..].iter().copied(), all[..n - 1].iter().copied()),
        NameKey::new(all[..1].iter().copied(), all[1..].iter().copied()),
    ]
}

/// One typo apart (Damerau–Levenshtein distance 1), for words of at least five letters.
fn typo(a: &str, b: &str) -> bool {
    let (la, lb) = (a.chars().count(), b.chars().count());
    // One edit changes the length by at most one: no need to measure otherwise.
    la >= 5 && lb >= 5 && la.abs_diff(lb) <= 1 && strsim::damerau_levenshtein(a, b) == 1
}

/// `typo` of two surnames run together (`NUNEZ OBRIEN` → `NUNEZOBRIEN`),
/// joined only when their lengths allow a typo.
fn surname_typo<'a>(a: impl Iterator<Item = &'a str> + Clone, b: impl Iterator<Item = &'a str> + Clone) -> bool {
    let la: usize = a.clone().map(|w| w.chars().count()).sum();
    let lb: usize = b.clone().map(|w| w.chars().count()).sum();
    la >= 5 && lb >= 5 && la.abs_diff(lb) <= 1 && typo(&a.collect::<String>(), &b.collect::<String>())
}

fn surname_match(a: &NameKey, b: &NameKey) -> NameMatch {
    let (sa, sb) = (a.surname(), b.surname());
    if sa.clone().flat_map(str::bytes).eq(sb.clone().flat_map(str::bytes)) {
        // `NUNEZ-OBRIEN`, `NUNEZ OBRIEN` and `NUNEZOBRIEN` are one surname.
        return NameMatch::Same;
    }
    let subset = |x: &NameKey, y: &NameKey| x.surname > 0 && x.surname().all(|w| y.surname().any(|v| v == w));
    if subset(a, b) || subset(b, a) || surname_typo(sa, sb) {
        return NameMatch::Close;
    }
    NameMatch::No
}

fn given_match(a: &NameKey, b: &NameKey) -> NameMatch {
    match (a.first_given(), b.first_given()) {
        (Some(x), Some(y)) if x == y => NameMatch::Same,
        (Some(x), Some(y)) if typo(x, y) => NameMatch::Close,
        // A name with no given name at all matches on the surname alone, as a close match.
        (None, _) | (_, None) => NameMatch::Close,
        _ => NameMatch::No,
    }
}

/// How two keys agree: both parts the same → `Same`; one part close, the
/// other the same → `Close`; anything looser → `No`.
pub fn compare_keys(a: &NameKey, b: &NameKey) -> NameMatch {
    let given = given_match(a, b);
    if given == NameMatch::No {
        // The cheaper test first: most names compared are other people's.
        return NameMatch::No;
    }
    let surname = surname_match(a, b);
    match (surname, given) {
        (NameMatch::Same, NameMatch::Same) => NameMatch::Same,
        (NameMatch::No, _) | (_, NameMatch::No) | (NameMatch::Close, NameMatch::Close) => NameMatch::No,
        _ => NameMatch::Close,
    }
}

/// The best agreement between any name of one list and any of the other
/// (a person's name and AKAs).
pub fn compare<'a>(a: impl IntoIterator<Item = &'a str>, b: &[&str]) -> NameMatch {
    let a_keys: Vec<NameKey> = a.into_iter().flat_map(keys).collect();
    let b_keys: Vec<NameKey> = b.iter().flat_map(|name| keys(name)).collect();
    compare_all(&a_keys, &b_keys)
}

/// The best agreement between any key of `a` and any key of `b` (the keys
/// of every name and AKA of two people, see [`keys`]).
pub fn compare_all(a: &[NameKey], b: &[NameKey]) -> NameMatch {
    let mut best = NameMatch::No;
    for ka in a {
        for kb in b {
            best = best.max(compare_keys(ka, kb));
            if best == NameMatch::Same {
                return best;
            }
        }
    }
    best
}

/// A case number reduced for matching: the digits, each run without its
/// leading zeros, run together; and the letters run together. `SCN123456`,
/// `SC-N-123456` and `scn 0123456` all give (`123456`, `SCN`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CaseKey {
    pub digits: String,
    pub letters: String,
}

impl CaseKey {
    pub fn of(number: &str) -> Option<CaseKey> {
        let folded = fold(number);
        let mut digits = String::new();
        let mut letters = String::new();
        let mut run = String::new();
        let flush = |run: &mut String, digits: &mut String| {
            digits.push_str(run.trim_start_matches('0'));
            run.clear();
        };
        for c in folded.chars() {
            if c.is_ascii_digit() {
                run.push(c);
            } else {
                flush(&mut run, &mut digits);
                if c.is_alphabetic() {
                    letters.push(c);
                }
            }
        }
        flush(&mut run, &mut digits);
        if digits.is_empty() {
            return None;
        }
        Some(CaseKey { digits, letters })
    }

    /// Same digits, and letters that agree: equal, one side without any,
    /// or one a court prefix of the other (`CASCSF` and `SF`).
    pub fn matches(&self, other: &CaseKey) -> bool {
        self.digits == other.digits
            && (self.letters.is_empty()
                || other.letters.is_empty()
                || self.letters.ends_with(&other.letters)
                || other.letters.ends_with(&self.letters))
    }
}

/// A hash of the digits of [`CaseKey::of`] for `number`, from its bytes,
/// without allocating: the same digits give the same hash. `None` when it
/// has no digits, or (rarely) when only the full [`CaseKey::of`] can say:
/// text that is not ASCII.
pub fn digits_hash(number: &[u8]) -> Option<u64> {
    if !number.is_ascii() {
        return CaseKey::of(&crate::ingest::decode(number)).map(|key| digits_hash_of(key.digits.as_bytes()));
    }
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut any = false;
    // Inside a run of digits, and whether a non-zero digit started it yet.
    let mut leading = true;
    for &b in number {
        match b {
            // `fold` drops these: they do not end a run.
            b'\'' | b'.' => {}
            b'0'..=b'9' => {
                if b == b'0' && leading {
                    continue;
                }
                leading = false;
                any = true;
                hash = (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
            }
            _ => leading = true,
        }
    }
    any.then_some(hash)
}

/// [`digits_hash`] of digits already reduced (a [`CaseKey`]'s).
pub fn digits_hash_of(digits: &[u8]) -> u64 {
    digits.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3))
}

/// A CII number reduced for matching: digits only, leading zeros dropped
/// (borrowed from `cii` when it is digits only, as CIIs usually are).
pub fn cii_key(cii: &str) -> Option<std::borrow::Cow<'_, str>> {
    if cii.bytes().all(|b| b.is_ascii_digit()) {
        let trimmed = cii.trim_start_matches('0');
        return (!trimmed.is_empty()).then_some(std::borrow::Cow::Borrowed(trimmed));
    }
    let digits: String = cii.chars().filter(char::is_ascii_digit).collect();
    let trimmed = digits.trim_start_matches('0');
    (!trimmed.is_empty()).then(|| std::borrow::Cow::Owned(trimmed.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmp(a: &str, b: &str) -> NameMatch {
        compare([a], &[b])
    }

    /// The matcher as it was before its keys were made compact (one string
    /// a key), kept to check the compact one against.
    mod reference {
        use super::super::{NameMatch, fold};

        /// A name split into surname and given-name words, folded (accents
        /// dropped, upper case, letters and digits only).
        pub(super) struct NameKey {
            surname: Vec<String>,
            given: Vec<String>,
        }

        fn words(text: &str) -> Vec<String> {
            fold(text).split_whitespace().map(str::to_owned).collect()
        }

        /// The ways a name may be read: `LAST,FIRST M` is one; a name without a
        /// comma (`FIRST M LAST`, or `LAST FIRST`) is read both ways round.
        pub(super) fn keys(name: &str) -> Vec<NameKey> {
            if let Some((last, given)) = name.split_once(',') {
                let key = NameKey { surname: words(last), given: words(given) };
                return if key.surname.is_empty() { Vec::new() } else { vec![key] };
            }
            let all = words(name);
            if all.len() < 2 {
                return Vec::new();
            }
            let n = all.len();
            vec![
                NameKey { surname: all[n - 1..].to_vec(), given: all[..n - 1].to_vec() },
                NameKey { surname: all[..1].to_vec(), given: all[1..].to_vec() },
            ]
        }

        /// One typo apart (Damerau–Levenshtein distance 1), for words of at least five letters.
        fn typo(a: &str, b: &str) -> bool {
            let (la, lb) = (a.chars().count(), b.chars().count());
            // One edit changes the length by at most one: no need to measure otherwise.
            la >= 5 && lb >= 5 && la.abs_diff(lb) <= 1 && strsim::damerau_levenshtein(a, b) == 1
        }

        fn surname_match(a: &[String], b: &[String]) -> NameMatch {
            let (ja, jb) = (a.concat(), b.concat());
            if ja == jb {
                // `NUNEZ-OBRIEN`, `NUNEZ OBRIEN` and `NUNEZOBRIEN` are one surname.
                return NameMatch::Same;
            }
            let subset = |x: &[String], y: &[String]| !x.is_empty() && x.iter().all(|w| y.contains(w));
            if subset(a, b) || subset(b, a) || typo(&ja, &jb) {
                return NameMatch::Close;
            }
            NameMatch::No
        }

        fn given_match(a: &[String], b: &[String]) -> NameMatch {
            match (a.first(), b.first()) {
                (Some(x), Some(y)) if x == y => NameMatch::Same,
                (Some(x), Some(y)) if typo(x, y) => NameMatch::Close,
                // A name with no given name at all matches on the surname alone, as a close match.
                (None, _) | (_, None) => NameMatch::Close,
                _ => NameMatch::No,
            }
        }

        /// How two keys agree: both parts the same → `Same`; one part close, the
        /// other the same → `Close`; anything looser → `No`.
        pub(super) fn compare_keys(a: &NameKey, b: &NameKey) -> NameMatch {
            let given = given_match(&a.given, &b.given);
            if given == NameMatch::No {
                // The cheaper test first: most names compared are other people's.
                return NameMatch::No;
            }
            let surname = surname_match(&a.surname, &b.surname);
            match (surname, given) {
                (NameMatch::Same, NameMatch::Same) => NameMatch::Same,
                (NameMatch::No, _) | (_, NameMatch::No) | (NameMatch::Close, NameMatch::Close) => NameMatch::No,
                _ => NameMatch::Close,
            }
        }

        pub(super) fn compare(a: &str, b: &str) -> NameMatch {
            let (ka, kb) = (keys(a), keys(b));
            let mut best = NameMatch::No;
            for x in &ka {
                for y in &kb {
                    best = best.max(compare_keys(x, y));
                }
            }
            best
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// Names built from a few words (so that many agree, or nearly),
        /// with commas, hyphens, accents, typos and spaces in any order.
        #[test]
        fn compact_keys_compare_as_before(
            a in "[ ,-]{0,1}(SMITH|SMYTH|SMITHE|JONES|NÚÑEZ|NUNEZ|O'BRIEN|JOSE|JOSÉ|MARIA|MARIE|ANN|ANNE|A)([ ,-]{1,2}(SMITH|SMITHJONES|JONES|NUNEZ|JOSE|MARIA|MARIAH|ANNE|A|JR)){0,3}",
            b in "[ ,-]{0,1}(SMITH|SMYTH|SMITHE|JONES|NÚÑEZ|NUNEZ|O'BRIEN|JOSE|JOSÉ|MARIA|MARIE|ANN|ANNE|A)([ ,-]{1,2}(SMITH|SMITHJONES|JONES|NUNEZ|JOSE|MARIA|MARIAH|ANNE|A|JR)){0,3}",
        ) {
            proptest::prop_assert_eq!(cmp(&a, &b), reference::compare(&a, &b), "{} / {}", a, b);
        }
    }

    #[test]
    fn accents_hyphens_order_and_case_are_set_aside() {
        assert_eq!(cmp("NÚÑEZ-O'BRIEN,JOSÉ ÁNGEL", "NUNEZ OBRIEN,JOSE A"), NameMatch::Same);
        assert_eq!(cmp("Nunez-OBrien, Jose", "NUNEZOBRIEN,JOSE"), NameMatch::Same);
        assert_eq!(cmp("JOSE NUNEZ", "NUNEZ,JOSE"), NameMatch::Same, "FIRST LAST order");
        assert_eq!(cmp("NUNEZ JOSE", "NUNEZ,JOSE"), NameMatch::Same, "LAST FIRST without a comma");
    }

    #[test]
    fn ascii_names_fold_as_with_nfd() {
        for text in ["O'BRIEN, Jr.", "nunez-obrien,jose  m", "SMITH\tJOHN#2", "", "A.B.C"] {
            let slow: String = text
                .nfd()
                .filter(|c| !is_combining_mark(*c) && *c != '\'' && *c != '.')
                .flat_map(|c| if c.is_alphanumeric() { c.to_uppercase().collect::<Vec<_>>() } else { vec![' '] })
                .collect();
            assert_eq!(fold(text), slow, "{text:?}");
        }
        assert_eq!(fold("NÚÑEZ"), "NUNEZ");
    }

    #[test]
    fn close_names() {
        assert_eq!(cmp("NUNEZ,JOSE", "NUNEZ-OBRIEN,JOSE"), NameMatch::Close, "one part of a double surname");
        assert_eq!(cmp("JOHNSTON,MICHAEL", "JOHNSON,MICHAEL"), NameMatch::Close, "a typo in the surname");
        assert_eq!(cmp("JOHNSON,MICHEAL", "JOHNSON,MICHAEL"), NameMatch::Close, "two letters swapped");
    }

    #[test]
    fn different_people() {
        assert_eq!(cmp("JOHNSON,MARIA", "JOHNSON,ELENA"), NameMatch::No, "twins: different first names");
        assert_eq!(cmp("JOHNSTON,MICHEAL", "JOHNSON,MICHAEL"), NameMatch::No, "typos in both parts");
        assert_eq!(cmp("LEE,ANNA", "LEE,ANNE"), NameMatch::No, "short names need to be exact");
        assert_eq!(cmp("SMITH", "SMITH,JOHN"), NameMatch::No, "one word is not a name");
    }

    #[test]
    fn akas_count() {
        assert_eq!(compare(["DOE,JANE", "ROE,JANE"], &["ROE,JANE"]), NameMatch::Same);
    }

    #[test]
    fn case_numbers() {
        let key = |n| CaseKey::of(n).unwrap();
        assert!(key("SCN123456").matches(&key("SC-N-123456")));
        assert!(key("SCN123456").matches(&key("scn 0123456")));
        assert!(key("SF-1995-118020").matches(&key("SF1995118020")));
        assert!(key("CASC SF-1995-118020").matches(&key("SF1995118020")), "court prefix");
        assert!(key("1995118020").matches(&key("SF1995118020")), "no letters");
        assert!(!key("SCN123456").matches(&key("SCD123456")), "another branch");
        assert!(!key("SCN123456").matches(&key("SCN123457")));
        assert_eq!(CaseKey::of("NULL"), None);
    }

    #[test]
    fn digit_hashes_agree_with_case_keys() {
        for number in [
            "SCN123456",
            "SC-N-0123456",
            "SF-1995-118020",
            "12.034",
            "0'0'7",
            "A0B00C",
            "CASC SF 00",
            "NULL",
            "ÑSF-0012",
        ] {
            let key = CaseKey::of(number);
            assert_eq!(digits_hash(number.as_bytes()), key.map(|k| digits_hash_of(k.digits.as_bytes())), "{number}");
        }
    }

    #[test]
    fn cii_numbers() {
        assert_eq!(cii_key("0000900001").as_deref(), Some("900001"));
        assert_eq!(cii_key(" A09-00001 ").as_deref(), Some("900001"));
        assert_eq!(cii_key(""), None);
        assert_eq!(cii_key("0000"), None);
    }
}
