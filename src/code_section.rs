//! Code sections as written in criminal-history data, parsed into a structured value.
//!
//! Every decision this tool makes starts from a code section: whether a count is a
//! Prop 64 conviction (HS 11357–11360), which relief its subsection gets, and whether a
//! prior conviction is a superstrike or a PC 290 offense. The DOJ data spells sections
//! in dozens of ways (`11357(C)HS`, `11360A2 HS`, `664/11357`, `H&S 11357(b)`, ...), so
//! this module turns every spelling into one [`CodeSection`] with a canonical printed
//! form, and every comparison is made on that structure.
//!
//! What this module must never do:
//!
//! - **match unanchored**: a section number is compared whole, never as a substring or
//!   a prefix. `1187 PC` is not `187 PC`, `11357.5 HS` is not `11357 HS`, `111357` and
//!   `113570` are not sections at all. Only *subsections* match by prefix
//!   (`288(a) PC` covers `288(a)(1) PC`).
//! - **guess a section out of a date, a case number or an amount** (`01/02/2015`,
//!   `SF12345678`, `28.5 GRAMS`, `$500`): free-text search ([`find_in_text`],
//!   [`mentions_prop64`]) only accepts delimited tokens of 1–5 digits.
//! - **panic or allocate needlessly**: [`charge_from_row`] runs once per row of
//!   multi-million-row files; all scanning is on bytes, and the only allocations are
//!   the strings of the returned value.

use std::fmt;

use serde::Serialize;

/// The code a section belongs to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Code {
    /// Health and Safety Code (`HS`, `H&S`, `H/S`, `HSC`, ...).
    HS,
    /// Penal Code (`PC`, `P.C.`).
    PC,
    /// Vehicle Code (`VC`, `V.C.`).
    VC,
    /// Business and Professions Code (`BP`, `B&P`).
    BP,
    /// Welfare and Institutions Code (`WI`, `W&I`).
    WI,
    /// Any other code, by its upper-case abbreviation (`GC`, `CC`, `MC`, ...). Only the
    /// abbreviations listed in [`Code::OTHER_ABBREVIATIONS`] are recognised in text, so a
    /// word after a section number is not mistaken for a code.
    Other(String),
}

impl Code {
    /// The abbreviations, other than those of the named variants, that are read as
    /// [`Code::Other`]: Government, Civil, municipal, Civil Procedure, Regulations,
    /// Education, Elections, Family, Fish and Game, Food and Agricultural, Insurance,
    /// Labor, Public Resources, Public Utilities, Revenue and Taxation, Streets and
    /// Highways, Unemployment Insurance, Harbors and Navigation, federal, and the
    /// Los Angeles and San Francisco municipal codes.
    pub const OTHER_ABBREVIATIONS: &'static [&'static str] = &[
        "GC", "CC", "MC", "CCP", "CCR", "EC", "ELEC", "FC", "FG", "FGC", "FAC", "IC", "LC", "PRC", "PUC", "RTC", "SHC",
        "UI", "UIC", "HN", "HNC", "USC", "CFR", "LAMC", "SFMC",
    ];

    /// Reads a code abbreviation as written in the data: case, spaces and the
    /// punctuation `&`, `/`, `.` are ignored (`h&s`, `H / S`, `P.C.`, `W & I`).
    /// `None` when it is not a known abbreviation.
    pub fn from_abbreviation(text: &str) -> Option<Code> {
        let mut buf = [0u8; MAX_CODE_LETTERS];
        let mut n = 0;
        for c in text.bytes() {
            if c.is_ascii_alphabetic() {
                *buf.get_mut(n)? = c.to_ascii_uppercase();
                n += 1;
            } else if !matches!(c, b' ' | b'&' | b'/' | b'.') {
                return None;
            }
        }
        lookup_code(&buf[..n]).map(code_from_canonical)
    }

    /// The canonical abbreviation: `HS`, `PC`, `VC`, `BP`, `WI`, or the `Other` text.
    pub fn as_str(&self) -> &str {
        match self {
            Code::HS => "HS",
            Code::PC => "PC",
            Code::VC => "VC",
            Code::BP => "BP",
            Code::WI => "WI",
            Code::Other(s) => s,
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A parsed code section.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct CodeSection {
    /// `None` when the text names no code (`11359(c)(3)`).
    pub code: Option<Code>,
    /// The section number: `11357`, `187`, `11361.8`, `290.018`.
    pub section: String,
    /// Subsections, lower case, outermost first: `11360(a)(3)(C)` → `["a", "3", "c"]`,
    /// `11360A2` → `["a", "2"]`.
    pub subsections: Vec<String>,
    /// Attempt (`664/...`).
    pub attempt: bool,
    /// Conspiracy (`182/...`, `182(a)(1)/...`).
    pub conspiracy: bool,
    /// The text as read, trimmed.
    pub raw: String,
}

impl CodeSection {
    /// Parses a code-section field (`11357(C)HS`, `664/11357`, `H&S 11357(b)`,
    /// `182(a)(1) PC/11360`). The text must start with the section or with a code
    /// abbreviation (`HS 11357`); parsing stops at a `-` (the DOJ's separator before the
    /// offense description) and ignores words after the section and its code.
    ///
    /// `None` when no section number can be found, when the number has more than five
    /// digits, runs into other letters or digits (`11357XYZ`), or is a date
    /// (`01/02/2015`). Free text (comments) goes through [`find_in_text`] instead.
    pub fn parse(text: &str) -> Option<CodeSection> {
        let raw = text.trim();
        let expr = parse_field(raw.as_bytes())?;
        Some(build(raw, &expr, raw))
    }

    /// A conviction Prop 64 changed: section exactly 11357, 11358, 11359 or 11360,
    /// code HS or none written, and not a conspiracy (PC 182 is a different offense).
    /// Attempts count.
    pub fn is_prop64(&self) -> bool {
        is_prop64_number(self.section.as_bytes()) && matches!(self.code, None | Some(Code::HS)) && !self.conspiracy
    }

    /// The canonical spelling, the same as [`Display`](fmt::Display):
    /// `664/11357(c) HS`, `182/11360(a) HS`, `11359(c)(3)`, `187 PC`.
    pub fn canonical(&self) -> String {
        self.to_string()
    }

    /// The subsection at `depth` (0 = outermost): for `11360(a)(3)(c)`,
    /// `subsection(1) == Some("3")`.
    pub fn subsection(&self, depth: usize) -> Option<&str> {
        self.subsections.get(depth).map(String::as_str)
    }

    /// Anchored matching against a rule-table pattern (`187 PC`, `288(a) PC`,
    /// `664/187 PC`):
    ///
    /// - the section strings are equal exactly (`1187` never matches `187`, `11357.5`
    ///   never matches `11357`);
    /// - the pattern's subsections are a prefix of this section's: `288(a) PC` matches
    ///   `288(a)(1) PC` but not `288(b) PC` or `288 PC`; `288 PC` matches all of them;
    /// - `attempt` and `conspiracy` are equal (`187 PC` does not match `664/187 PC`);
    /// - a pattern without a code matches any code. A pattern with a code matches the
    ///   same code. A section **without** a code is of unknown code and does **not**
    ///   match a pattern with a code (a bare `187` is not proof of PC 187) — except
    ///   the cannabis sections 11357–11360, where a bare number is taken as HS, as
    ///   [`is_prop64`](Self::is_prop64) does. Callers that must not miss a
    ///   disqualifier can use [`matches_if_code_unknown`](Self::matches_if_code_unknown)
    ///   to send such records to review.
    pub fn matches(&self, pattern: &CodeSection) -> bool {
        self.matches_except_code(pattern)
            && match (&pattern.code, &self.code) {
                (None, _) => true,
                (Some(p), Some(s)) => p == s,
                (Some(p), None) => *p == Code::HS && is_prop64_number(self.section.as_bytes()),
            }
    }

    /// True when this section has no code and would [`match`](Self::matches) the
    /// pattern if it had the pattern's code: `187(a)` for pattern `187 PC`. A rule
    /// table can route such records to a person instead of silently skipping them.
    pub fn matches_if_code_unknown(&self, pattern: &CodeSection) -> bool {
        self.code.is_none() && pattern.code.is_some() && self.matches_except_code(pattern)
    }

    /// True when the text as read ([`raw`](Self::raw)) writes the first subsection as a
    /// letter directly after the section number, without parentheses: `11357B`,
    /// `647A PC`, `288a(c) PC`. California also has section numbers with a letter
    /// suffix (PC 266c, former 288a and 647a, 653f), written the same way, so for
    /// sections other than 11357–11360 this spelling is ambiguous: `647A` may be
    /// PC 647(a) or former PC 647a. The parser always reads the letter as a
    /// subsection; callers matching such a record against a table can use this to ask
    /// for review.
    pub fn letter_written_attached(&self) -> bool {
        parse_field(self.raw.as_bytes()).is_some_and(|e| e.main.letter_attached)
    }

    fn matches_except_code(&self, pattern: &CodeSection) -> bool {
        self.section == pattern.section
            && self.attempt == pattern.attempt
            && self.conspiracy == pattern.conspiracy
            && pattern.subsections.len() <= self.subsections.len()
            && pattern.subsections.iter().zip(&self.subsections).all(|(p, s)| p.eq_ignore_ascii_case(s))
    }
}

impl fmt::Display for CodeSection {
    /// The canonical spelling: `182/` for a conspiracy, then `664/` for an attempt,
    /// the section, each subsection in parentheses (lower case), then a space and the
    /// code when there is one. [`CodeSection::parse`] reads it back to an equal value
    /// (all fields but `raw`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.conspiracy {
            f.write_str("182/")?;
        }
        if self.attempt {
            f.write_str("664/")?;
        }
        f.write_str(&self.section)?;
        for sub in &self.subsections {
            write!(f, "({})", sub.to_ascii_lowercase())?;
        }
        if let Some(code) = &self.code {
            write!(f, " {code}")?;
        }
        Ok(())
    }
}

/// Where a count's charge was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Charge {
    /// The charge text as read, trimmed: `OFFENSE_DESCR`, or `COMMENT_TEXT` when the
    /// charge was read from the comment.
    pub text: String,
    /// The code section, when one could be read.
    pub section: Option<CodeSection>,
    /// The charge was read from `COMMENT_TEXT` (`OFFENSE_DESCR` was blank, `NULL`, or
    /// `SEE COMMENT FOR CHARGE`).
    pub from_comment: bool,
    /// Review signal: the offense field names a charge that is not a Prop 64 offense
    /// (or cannot be read) while the comment names HS 11357–11360. Always false when
    /// the charge itself was read from the comment.
    pub comment_mentions_prop64: bool,
}

/// Reads the charge of a DOJ row from `OFFENSE_DESCR` and `COMMENT_TEXT`.
///
/// - `OFFENSE_DESCR` blank, `NULL`, or `SEE COMMENT FOR CHARGE` (any case and spacing;
///   `SEE COMMENT...` is enough): the charge is the comment, trimmed, and its section is
///   the first one [`find_in_text`] finds; `from_comment` is set.
/// - Otherwise the charge is `OFFENSE_DESCR`, trimmed; its section is parsed from the
///   text before the first `-` after the section number
///   (`11357(C)HS-POSSESS MARIJUANA` → `11357(C)HS`), and `comment_mentions_prop64` is
///   set when that section is not a Prop 64 section (or cannot be read) but
///   [`mentions_prop64`] finds one in the comment.
pub fn charge_from_row(offense_descr: &str, comment: &str) -> Charge {
    let offense = offense_descr.trim();
    if offense.is_empty() || offense.eq_ignore_ascii_case("NULL") || is_see_comment(offense) {
        let comment = comment.trim();
        return Charge {
            text: comment.to_owned(),
            section: find_in_text(comment),
            from_comment: true,
            comment_mentions_prop64: false,
        };
    }
    let section = CodeSection::parse(section_text(offense));
    let comment_mentions_prop64 = !section.as_ref().is_some_and(CodeSection::is_prop64) && mentions_prop64(comment);
    Charge { text: offense.to_owned(), section, from_comment: false, comment_mentions_prop64 }
}

/// The first code section in free text (`CHARGE AMENDED TO 11357(B) HS`,
/// `11360(A) HS-TRANSPORT`, `PER COURT 11359 HS`); its `raw` is the token found.
///
/// A section is 1–5 digits, optionally `.digits`, that is not part of a longer run of
/// letters or digits — except a code written against it (`HS11357`, `11357HS`) and
/// subsection letters (`11357B`). Dates (`01/02/2015`, `2015-01-02`, `12/2015`), case
/// numbers (`SF12345678`), long digit runs, decimals (`28.5`), amounts (`$500`) and
/// numbers after `#` are skipped.
///
/// The first token that names a code, a subsection (with a 3+ digit section), an
/// attempt or a conspiracy wins; failing that, the first bare number of 3–5 digits
/// that is not a year (`19xx`, `20xx`); bare 1–2 digit numbers are never sections here.
pub fn find_in_text(text: &str) -> Option<CodeSection> {
    let b = text.as_bytes();
    let mut fallback = None;
    for expr in Candidates::new(b) {
        match tier(b, &expr) {
            Tier::Strong => return Some(build(text, &expr, &text[expr.start..expr.end])),
            Tier::Bare if fallback.is_none() => fallback = Some(expr),
            _ => {}
        }
    }
    fallback.map(|expr| build(text, &expr, &text[expr.start..expr.end]))
}

/// Does free text mention HS 11357, 11358, 11359 or 11360 as a section? Anchored, with
/// the token rules of [`find_in_text`]: `111357`, `113570`, `11357.5` and dates do not
/// count; a token with a code other than HS (`11357 PC`) does not count; attempts and
/// conspiracies (`664/11357`, `182/11360`) do. Does not allocate.
pub fn mentions_prop64(text: &str) -> bool {
    let b = text.as_bytes();
    // Every Prop 64 section starts `1135` or `1136`: most comments are ruled out here.
    if memchr::memmem::find(b, b"113").is_none() {
        return false;
    }
    Candidates::new(b)
        .any(|e| is_prop64_number(&b[e.main.section.0..e.main.section.1]) && matches!(e.main.code, None | Some("HS")))
}

// ---------------------------------------------------------------------------
// Scanner
// ---------------------------------------------------------------------------

/// At most this many subsections are kept; more are read and dropped.
const MAX_SUBS: usize = 8;
/// The longest code abbreviation, in letters.
const MAX_CODE_LETTERS: usize = 8;
/// Longest parenthesised subsection (`(iv)`, `(12)`).
const MAX_PAREN: usize = 6;
/// Spaces allowed between a section and `(`, its code, or `/`.
const MAX_GAP: usize = 4;

/// The canonical abbreviation for an upper-case run of code letters.
fn lookup_code(letters: &[u8]) -> Option<&'static str> {
    Some(match letters {
        b"HS" | b"HSC" => "HS",
        b"PC" | b"PEN" => "PC",
        b"VC" | b"VEH" => "VC",
        b"BP" | b"BPC" => "BP",
        b"WI" | b"WIC" => "WI",
        _ => {
            return Code::OTHER_ABBREVIATIONS.iter().copied().find(|a| a.as_bytes() == letters);
        }
    })
}

fn code_from_canonical(canonical: &'static str) -> Code {
    match canonical {
        "HS" => Code::HS,
        "PC" => Code::PC,
        "VC" => Code::VC,
        "BP" => Code::BP,
        "WI" => Code::WI,
        other => Code::Other(other.to_owned()),
    }
}

fn is_prop64_number(section: &[u8]) -> bool {
    matches!(section, b"11357" | b"11358" | b"11359" | b"11360")
}

fn alnum_at(b: &[u8], i: usize) -> bool {
    b.get(i).is_some_and(u8::is_ascii_alphanumeric)
}

fn digit_at(b: &[u8], i: usize) -> bool {
    b.get(i).is_some_and(u8::is_ascii_digit)
}

fn letter_at(b: &[u8], i: usize) -> bool {
    b.get(i).is_some_and(u8::is_ascii_alphabetic)
}

fn digits_end(b: &[u8], mut i: usize) -> usize {
    while digit_at(b, i) {
        i += 1;
    }
    i
}

fn skip_spaces(b: &[u8], mut i: usize, max: usize) -> usize {
    let start = i;
    while i - start < max && b.get(i) == Some(&b' ') {
        i += 1;
    }
    i
}

/// The longest known code starting at the letter `b[i]`: runs of letters joined by up
/// to three of ` &/.` (`H & S`, `P.C`, `H/S`). Returns the canonical abbreviation and
/// the end of its last letter.
fn scan_code(b: &[u8], i: usize) -> Option<(&'static str, usize)> {
    let mut buf = [0u8; MAX_CODE_LETTERS];
    let mut n = 0;
    let mut j = i;
    let mut best = None;
    loop {
        let group = j;
        while letter_at(b, j) {
            j += 1;
        }
        let len = j - group;
        if len == 0 || n + len > MAX_CODE_LETTERS {
            break;
        }
        for &c in &b[group..j] {
            buf[n] = c.to_ascii_uppercase();
            n += 1;
        }
        if let Some(code) = lookup_code(&buf[..n]) {
            best = Some((code, j));
        }
        let mut s = j;
        while s - j < 3 && matches!(b.get(s), Some(b' ' | b'&' | b'/' | b'.')) {
            s += 1;
        }
        if s == j || !letter_at(b, s) {
            break;
        }
        j = s;
    }
    best
}

/// A code written just before the digit at `i` (`HS 11357`, `H&S11357`, `P.C. 187`):
/// its canonical abbreviation and where it starts. The code must itself be delimited
/// on the left.
fn code_before(b: &[u8], i: usize) -> Option<(&'static str, usize)> {
    let mut j = i;
    while j > 0 && i - j < 3 && b[j - 1] == b' ' {
        j -= 1;
    }
    if j > 0 && b[j - 1] == b'.' {
        j -= 1;
    }
    if j == 0 || !b[j - 1].is_ascii_alphabetic() {
        return None;
    }
    (j.saturating_sub(12)..j)
        .filter(|&k| b[k].is_ascii_alphabetic() && (k == 0 || !b[k - 1].is_ascii_alphanumeric()))
        .find_map(|k| scan_code(b, k).filter(|&(_, end)| end == j).map(|(code, _)| (code, k)))
}

/// The end of a date starting at the digit `b[i]`: `01/02/2015`, `1-2-15`,
/// `2015-01-02`, `01.02.2015`, or a month and year `12/2015`, `12/15`.
fn date_end(b: &[u8], i: usize) -> Option<usize> {
    let r1 = digits_end(b, i);
    let l1 = r1 - i;
    let sep = *b.get(r1).filter(|c| matches!(c, b'/' | b'-' | b'.'))?;
    let r2 = digits_end(b, r1 + 1);
    let l2 = r2 - r1 - 1;
    if l1 > 4 || l2 == 0 || l2 > 4 {
        return None;
    }
    if b.get(r2) == Some(&sep) && digit_at(b, r2 + 1) {
        let r3 = digits_end(b, r2 + 1);
        let l3 = r3 - r2 - 1;
        let day_first = l1 <= 2 && l2 <= 2 && (l3 == 2 || l3 == 4);
        let year_first = l1 == 4 && l2 <= 2 && l3 <= 2;
        if day_first || year_first {
            return Some(r3);
        }
    }
    (sep == b'/' && l1 <= 2 && (l2 == 2 || l2 == 4) && !alnum_at(b, r2)).then_some(r2)
}

/// One `section(subsections) code` group, as byte ranges of the scanned text.
#[derive(Debug, Clone, Copy)]
struct Part {
    /// Start of the part, including a code written before the number.
    start: usize,
    section: (usize, usize),
    subs: [(usize, usize); MAX_SUBS],
    n_subs: usize,
    /// Canonical code abbreviation (after the number wins over before it).
    code: Option<&'static str>,
    end: usize,
    /// The first subsection is a letter written directly after the number (`11357B`).
    letter_attached: bool,
}

impl Part {
    fn push(&mut self, range: (usize, usize)) {
        if self.n_subs < MAX_SUBS {
            self.subs[self.n_subs] = range;
            self.n_subs += 1;
        }
    }

    fn section<'a>(&self, b: &'a [u8]) -> &'a [u8] {
        &b[self.section.0..self.section.1]
    }
}

/// A whole token: optional `182/` and `664/` prefixes and the main part.
#[derive(Debug, Clone, Copy)]
struct Expr {
    main: Part,
    attempt: bool,
    conspiracy: bool,
    start: usize,
    end: usize,
}

/// Parses a part starting at `i`, which is a digit, or a letter starting a code
/// (`HS 11357`). `lead` is a code already found before the digit at `i`.
fn parse_part(b: &[u8], i: usize, lead: Option<(&'static str, usize)>) -> Option<Part> {
    let mut j = i;
    let mut start = lead.map_or(i, |(_, s)| s);
    let mut lead_code = lead.map(|(c, _)| c);
    if letter_at(b, j) {
        let (code, end) = scan_code(b, j)?;
        start = j;
        lead_code = Some(code);
        j = end;
        if b.get(j) == Some(&b'.') {
            j += 1;
        }
        j = skip_spaces(b, j, MAX_GAP);
    }
    if !digit_at(b, j) {
        return None;
    }
    let s0 = j;
    j = digits_end(b, j);
    if j - s0 > 5 {
        return None;
    }
    if b.get(j) == Some(&b'.') && digit_at(b, j + 1) {
        let d = digits_end(b, j + 1);
        if d - j - 1 > 4 {
            return None;
        }
        j = d;
    }
    let mut part = Part {
        start,
        section: (s0, j),
        subs: [(0, 0); MAX_SUBS],
        n_subs: 0,
        code: None,
        end: j,
        letter_attached: false,
    };
    // Subsections: `(a)`, `( B )`, ` (a)` and attached `A`, `A2`, `A3C`.
    let mut after_number = true;
    let mut attached_code = None;
    loop {
        let k = skip_spaces(b, j, MAX_GAP);
        if b.get(k) == Some(&b'(') {
            match paren(b, k, &mut part) {
                Some(end) => {
                    j = end;
                    after_number = false;
                    continue;
                }
                None => break,
            }
        }
        if letter_at(b, j) {
            if let Some((code, end)) = scan_code(b, j).filter(|&(_, e)| !alnum_at(b, e)) {
                attached_code = Some((code, end));
                break;
            }
            let mut run = j;
            while letter_at(b, run) {
                run += 1;
            }
            if run - j == 1 {
                part.letter_attached |= after_number && part.n_subs == 0;
                part.push((j, j + 1));
                j += 1;
                after_number = false;
                continue;
            }
            if let Some((code, end)) = scan_code(b, j + 1).filter(|&(_, e)| !alnum_at(b, e)) {
                part.letter_attached |= after_number && part.n_subs == 0;
                part.push((j, j + 1));
                j += 1;
                attached_code = Some((code, end));
            }
            break;
        }
        if digit_at(b, j) && !after_number {
            let d = digits_end(b, j);
            if d - j > 3 {
                break;
            }
            part.push((j, d));
            j = d;
            continue;
        }
        break;
    }
    part.end = j;
    let trailing = attached_code.or_else(|| {
        let k = skip_spaces(b, j, MAX_GAP);
        if letter_at(b, k) { scan_code(b, k).filter(|&(_, e)| !alnum_at(b, e)) } else { None }
    });
    if let Some((code, end)) = trailing {
        part.code = Some(code);
        part.end = end;
    } else {
        part.code = lead_code;
    }
    Some(part)
}

/// A parenthesised subsection at `b[k] == '('`: letters and digits, split where
/// letters and digits meet (`(a1)` → `a`, `1`). A missing `)` is tolerated at the end
/// of the text or before `-`. `()` is skipped. Returns the end.
fn paren(b: &[u8], k: usize, part: &mut Part) -> Option<usize> {
    let cs = skip_spaces(b, k + 1, MAX_GAP);
    let mut ce = cs;
    while alnum_at(b, ce) {
        ce += 1;
    }
    if ce - cs > MAX_PAREN {
        return None;
    }
    let close = skip_spaces(b, ce, MAX_GAP);
    let end = match b.get(close) {
        Some(b')') => close + 1,
        None | Some(b'-') if ce > cs => ce,
        _ => return None,
    };
    let mut r = cs;
    while r < ce {
        let digit = b[r].is_ascii_digit();
        let mut e = r;
        while e < ce && b[e].is_ascii_digit() == digit {
            e += 1;
        }
        part.push((r, e));
        r = e;
    }
    Some(end)
}

/// A token from `i`: parts joined by `/`, where every part but the last is `664`
/// (attempt) or `182` (conspiracy). A prefix's code other than PC is inherited by a
/// main part without one (`HS 664/11357`).
fn parse_expr(b: &[u8], i: usize, lead: Option<(&'static str, usize)>) -> Option<Expr> {
    let mut part = parse_part(b, i, lead)?;
    let start = part.start;
    let (mut attempt, mut conspiracy) = (false, false);
    let mut inherited = None;
    loop {
        let is_attempt = part.section(b) == b"664";
        if !is_attempt && part.section(b) != b"182" {
            break;
        }
        let slash = skip_spaces(b, part.end, MAX_GAP);
        if b.get(slash) != Some(&b'/') {
            break;
        }
        let Some(next) = parse_part(b, skip_spaces(b, slash + 1, MAX_GAP), None) else {
            break;
        };
        if is_attempt {
            attempt = true;
        } else {
            conspiracy = true;
        }
        if let Some(code) = part.code.filter(|&c| c != "PC") {
            inherited = Some(code);
        }
        part = next;
    }
    if part.code.is_none() {
        part.code = inherited;
    }
    Some(Expr { main: part, attempt, conspiracy, start, end: part.end })
}

/// The whole-field parse behind [`CodeSection::parse`], on trimmed text.
fn parse_field(b: &[u8]) -> Option<Expr> {
    let mut i = 0;
    while matches!(b.get(i), Some(b'"' | b'\'' | b'*' | b' ')) {
        i += 1;
    }
    if digit_at(b, i) && date_end(b, i).is_some() {
        return None;
    }
    let expr = parse_expr(b, i, None)?;
    (!alnum_at(b, expr.end)).then_some(expr)
}

/// Every acceptable section token in free text, left to right.
struct Candidates<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Candidates<'a> {
    fn new(b: &'a [u8]) -> Self {
        Candidates { b, i: 0 }
    }
}

impl Iterator for Candidates<'_> {
    type Item = Expr;

    fn next(&mut self) -> Option<Expr> {
        let b = self.b;
        while self.i < b.len() {
            let i = self.i;
            if !b[i].is_ascii_digit() {
                self.i += 1;
                continue;
            }
            let run_end = digits_end(b, i);
            self.i = run_end;
            let lead = match i.checked_sub(1).map(|p| b[p]) {
                None => None,
                Some(p) if p.is_ascii_digit() => continue,
                Some(p) if p.is_ascii_alphabetic() => match code_before(b, i) {
                    Some(lead) => Some(lead),
                    None => continue,
                },
                Some(b'$' | b'#') => continue,
                Some(b'.' | b'/' | b'-' | b':' | b',') if i >= 2 && b[i - 2].is_ascii_digit() => {
                    continue;
                }
                Some(_) => code_before(b, i),
            };
            if let Some(end) = date_end(b, i) {
                self.i = end;
                continue;
            }
            let Some(expr) = parse_expr(b, i, lead) else {
                continue;
            };
            if alnum_at(b, expr.end) {
                continue;
            }
            self.i = expr.end.max(run_end);
            return Some(expr);
        }
        None
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tier {
    /// Names a code, an attempt, a conspiracy, or subsections of a 3+ digit section.
    Strong,
    /// A bare number of 3–5 digits that is not a year.
    Bare,
    /// Anything else (`2`, `28.5`, `2015`): not taken as a section.
    Weak,
}

fn tier(b: &[u8], expr: &Expr) -> Tier {
    let section = expr.main.section(b);
    let whole = section.iter().position(|&c| c == b'.').unwrap_or(section.len());
    if expr.main.code.is_some() || expr.attempt || expr.conspiracy || (expr.main.n_subs > 0 && whole >= 3) {
        Tier::Strong
    } else if whole >= 3 && !(section.len() == 4 && (section.starts_with(b"19") || section.starts_with(b"20"))) {
        Tier::Bare
    } else {
        Tier::Weak
    }
}

/// Builds the value from a scanned token of `text` (ASCII ranges, so slicing is safe).
fn build(text: &str, expr: &Expr, raw: &str) -> CodeSection {
    let main = &expr.main;
    CodeSection {
        code: main.code.map(code_from_canonical),
        section: text[main.section.0..main.section.1].to_owned(),
        subsections: main.subs[..main.n_subs].iter().map(|&(s, e)| text[s..e].to_ascii_lowercase()).collect(),
        attempt: expr.attempt,
        conspiracy: expr.conspiracy,
        raw: raw.trim().to_owned(),
    }
}

/// `SEE COMMENT FOR CHARGE`, `see comment`, `SEE  COMMENTS`: any case, spaces ignored.
fn is_see_comment(offense: &str) -> bool {
    let mut letters = offense.bytes().filter(|&c| c != b' ').map(|c| c.to_ascii_uppercase());
    b"SEECOMMENT".iter().all(|&w| letters.next() == Some(w))
}

/// The text of `OFFENSE_DESCR` before the first `-` that follows the first digit.
fn section_text(offense: &str) -> &str {
    let b = offense.as_bytes();
    let Some(first_digit) = b.iter().position(u8::is_ascii_digit) else {
        return offense;
    };
    match memchr::memchr(b'-', &b[first_digit..]) {
        Some(k) => &offense[..first_digit + k],
        None => offense,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn code(name: &str) -> Option<Code> {
        match name {
            "" => None,
            other => Some(Code::from_abbreviation(other).unwrap_or_else(|| panic!("test code {other}"))),
        }
    }

    fn cs(text: &str) -> CodeSection {
        CodeSection::parse(text).unwrap_or_else(|| panic!("`{text}` should parse"))
    }

    /// Input, code, section, subsections, flags (`A` attempt, `C` conspiracy).
    const SPELLINGS: &[(&str, &str, &str, &[&str], &str)] = &[
        // From the DOJ notes and the brief.
        ("11357(C)HS", "HS", "11357", &["c"], ""),
        ("11357 HS", "HS", "11357", &[], ""),
        ("11357(A) HS", "HS", "11357", &["a"], ""),
        ("11357A", "", "11357", &["a"], ""),
        ("11357(a)", "", "11357", &["a"], ""),
        ("11360A2 HS", "HS", "11360", &["a", "2"], ""),
        ("11360(A)(2) HS", "HS", "11360", &["a", "2"], ""),
        ("11359(c)(3)", "", "11359", &["c", "3"], ""),
        ("11359(C)(3) HS", "HS", "11359", &["c", "3"], ""),
        ("11360(a)(3)(C)", "", "11360", &["a", "3", "c"], ""),
        ("11360(A)(3)(D) HS", "HS", "11360", &["a", "3", "d"], ""),
        ("664/11357", "", "11357", &[], "A"),
        ("664/11359 HS", "HS", "11359", &[], "A"),
        ("664 PC/11360 HS", "HS", "11360", &[], "A"),
        ("182/11360", "", "11360", &[], "C"),
        ("182(A)(1)/11359 HS", "HS", "11359", &[], "C"),
        ("182(a)(1) PC/11360(a) HS", "HS", "11360", &["a"], "C"),
        ("182(a)(1) PC/11360", "", "11360", &[], "C"),
        (" 11357  hs ", "HS", "11357", &[], ""),
        ("11357hs", "HS", "11357", &[], ""),
        ("11357 H&S", "HS", "11357", &[], ""),
        ("11357 H/S", "HS", "11357", &[], ""),
        ("11357 H S", "HS", "11357", &[], ""),
        ("HS 11357", "HS", "11357", &[], ""),
        ("H&S 11357(b)", "HS", "11357", &["b"], ""),
        ("11357.5 HS", "HS", "11357.5", &[], ""),
        ("11361.8 HS", "HS", "11361.8", &[], ""),
        ("187 PC", "PC", "187", &[], ""),
        ("187(A) PC", "PC", "187", &["a"], ""),
        ("1187 PC", "PC", "1187", &[], ""),
        ("664/187 PC", "PC", "187", &[], "A"),
        ("664 PC/187 PC", "PC", "187", &[], "A"),
        ("664/187(A)", "", "187", &["a"], "A"),
        ("290 PC", "PC", "290", &[], ""),
        ("290.018(b) PC", "PC", "290.018", &["b"], ""),
        ("23152(A) VC", "VC", "23152", &["a"], ""),
        ("4573.6 PC", "PC", "4573.6", &[], ""),
        ("32 PC", "PC", "32", &[], ""),
        ("11364 HS", "HS", "11364", &[], ""),
        ("11366 HS", "HS", "11366", &[], ""),
        ("11550(A) HS", "HS", "11550", &["a"], ""),
        ("4060 BP", "BP", "4060", &[], ""),
        ("602 WI", "WI", "602", &[], ""),
        ("148(A)(1) PC", "PC", "148", &["a", "1"], ""),
        ("245(A)(1) PC", "PC", "245", &["a", "1"], ""),
        ("12025(A) PC", "PC", "12025", &["a"], ""),
        ("415 PC", "PC", "415", &[], ""),
        ("11357(c)HS", "HS", "11357", &["c"], ""),
        ("11357(C) HS", "HS", "11357", &["c"], ""),
        ("11358 HS", "HS", "11358", &[], ""),
        ("11359 HS", "HS", "11359", &[], ""),
        ("11360(A) HS", "HS", "11360", &["a"], ""),
        ("11360(B) HS", "HS", "11360", &["b"], ""),
        ("11357(B)", "", "11357", &["b"], ""),
        ("11357 (B) HS", "HS", "11357", &["b"], ""),
        ("11357( B ) HS", "HS", "11357", &["b"], ""),
        ("11360 (a)(2)", "", "11360", &["a", "2"], ""),
        ("PC 182/HS 11360", "HS", "11360", &[], "C"),
        // Code abbreviations seen in data.
        ("11357 HSC", "HS", "11357", &[], ""),
        ("11357 H&SC", "HS", "11357", &[], ""),
        ("11357 h & s", "HS", "11357", &[], ""),
        ("11357 H.S.", "HS", "11357", &[], ""),
        ("187 P.C.", "PC", "187", &[], ""),
        ("p.c. 187", "PC", "187", &[], ""),
        ("23152(B) V.C.", "VC", "23152", &["b"], ""),
        ("23152 vc", "VC", "23152", &[], ""),
        ("4060 B&P", "BP", "4060", &[], ""),
        ("4060 B & P", "BP", "4060", &[], ""),
        ("25658(A) BPC", "BP", "25658", &["a"], ""),
        ("602 W&I", "WI", "602", &[], ""),
        ("602(A) W & I", "WI", "602", &["a"], ""),
        ("777 WIC", "WI", "777", &[], ""),
        ("6200 GC", "GC", "6200", &[], ""),
        ("1714 CC", "CC", "1714", &[], ""),
        ("41.27(C) MC", "MC", "41.27", &["c"], ""),
        // Attached letters, codes and spacing.
        ("HS11359", "HS", "11359", &[], ""),
        ("H&S11357(B)", "HS", "11357", &["b"], ""),
        ("11357bhs", "HS", "11357", &["b"], ""),
        ("11357B HS", "HS", "11357", &["b"], ""),
        ("11360A3C", "", "11360", &["a", "3", "c"], ""),
        ("11360(A)(3)(c)hs", "HS", "11360", &["a", "3", "c"], ""),
        ("11360a(2) hs", "HS", "11360", &["a", "2"], ""),
        ("11360 ( a ) ( 2 ) HS", "HS", "11360", &["a", "2"], ""),
        ("11360(A2) HS", "HS", "11360", &["a", "2"], ""),
        ("  664 / 11357 ", "", "11357", &[], "A"),
        ("664/11357(B) HS", "HS", "11357", &["b"], "A"),
        ("664/11357 H/S", "HS", "11357", &[], "A"),
        ("HS 664/11357", "HS", "11357", &[], "A"),
        ("182/664/187 PC", "PC", "187", &[], "AC"),
        ("182 PC/11359 HS", "HS", "11359", &[], "C"),
        ("182(A)(1) PC", "PC", "182", &["a", "1"], ""),
        ("664 PC", "PC", "664", &[], ""),
        ("11357(B) HS-POSSESS MARIJUANA", "HS", "11357", &["b"], ""),
        ("11357 HS POSSESS MJ", "HS", "11357", &[], ""),
        ("11357 POSSESS MARIJUANA", "", "11357", &[], ""),
        ("\"11357 HS\"", "HS", "11357", &[], ""),
        ("288.5 PC", "PC", "288.5", &[], ""),
        ("311.11(A) PC", "PC", "311.11", &["a"], ""),
        ("12022.1(B) PC", "PC", "12022.1", &["b"], ""),
        ("667(e)(2)(C)(iv) PC", "PC", "667", &["e", "2", "c", "iv"], ""),
        ("314(1) PC", "PC", "314", &["1"], ""),
        ("11357(B", "", "11357", &["b"], ""),
        ("11357()", "", "11357", &[], ""),
        ("11357🌿", "", "11357", &[], ""),
    ];

    #[test]
    fn spelling_table() {
        assert!(SPELLINGS.len() >= 60);
        for &(input, code_name, section, subs, flags) in SPELLINGS {
            let got = cs(input);
            let want = CodeSection {
                code: code(code_name),
                section: section.to_owned(),
                subsections: subs.iter().map(|s| (*s).to_owned()).collect(),
                attempt: flags.contains('A'),
                conspiracy: flags.contains('C'),
                raw: input.trim().to_owned(),
            };
            assert_eq!(got, want, "parsing `{input}`");
            // Every spelling reads back from its canonical form.
            let again = cs(&got.to_string());
            assert_eq!(CodeSection { raw: got.raw.clone(), ..again }, got, "canonical form of `{input}`");
        }
    }

    #[test]
    fn unparseable_inputs_are_none() {
        for input in [
            "",
            "   ",
            "SEE COMMENT FOR CHARGE",
            "see comment",
            "NULL",
            "UNKNOWN",
            "-",
            "-11357",
            "HS",
            "H S",
            "P.C.",
            "()",
            "((((",
            "/11357",
            "ÄÖÜ ñ",
            "🌿🌿🌿",
            "ñ11357",
            "123456",
            "11357123",
            "11357XYZ",
            "11357AB",
            "SF12345678",
            "01/02/2015",
            "2015-01-02",
            "12/2015",
            "ATT 11357",
            "11357.12345",
        ] {
            assert_eq!(CodeSection::parse(input), None, "`{input}` should not parse");
        }
    }

    #[test]
    fn canonical_form() {
        assert_eq!(cs("664/11357(C) HS").to_string(), "664/11357(c) HS");
        assert_eq!(cs("182(a)(1) pc/11360A hs").to_string(), "182/11360(a) HS");
        assert_eq!(cs("11359(C)(3)").to_string(), "11359(c)(3)");
        assert_eq!(cs("187 P.C.").canonical(), "187 PC");
        assert_eq!(cs("h&s 11361.8").canonical(), "11361.8 HS");
        assert_eq!(cs("1714 cc").canonical(), "1714 CC");
        assert_eq!(cs("182/664/187").canonical(), "182/664/187");
    }

    #[test]
    fn code_abbreviations() {
        assert_eq!(Code::from_abbreviation("h & s"), Some(Code::HS));
        assert_eq!(Code::from_abbreviation("H/S"), Some(Code::HS));
        assert_eq!(Code::from_abbreviation("W&I"), Some(Code::WI));
        assert_eq!(Code::from_abbreviation("mc"), Some(Code::Other("MC".into())));
        assert_eq!(Code::from_abbreviation("POSS"), None);
        assert_eq!(Code::from_abbreviation("HS1"), None);
        assert_eq!(Code::from_abbreviation("HEALTHANDSAFETY"), None);
        for &abbr in Code::OTHER_ABBREVIATIONS {
            assert_eq!(Code::from_abbreviation(abbr), Some(Code::Other(abbr.into())));
        }
        assert_eq!(Code::HS.to_string(), "HS");
    }

    #[test]
    fn subsection_accessor() {
        let s = cs("11360(A)(3)(C) HS");
        assert_eq!(s.subsection(0), Some("a"));
        assert_eq!(s.subsection(1), Some("3"));
        assert_eq!(s.subsection(2), Some("c"));
        assert_eq!(s.subsection(3), None);
        assert_eq!(cs("11357 HS").subsection(0), None);
    }

    #[test]
    fn is_prop64_is_anchored() {
        for yes in
            ["11357 HS", "11357", "11358(c)", "11359 HS", "11360(A)(2) HS", "664/11357", "664/11360 HS", "11357A"]
        {
            assert!(cs(yes).is_prop64(), "{yes}");
        }
        for no in [
            "11357.5 HS",
            "11357 PC",
            "1135 HS",
            "11361 HS",
            "11366 HS",
            "182/11360",
            "182(a)(1) PC/11359 HS",
            "11361.8 HS",
            "21357 HS",
        ] {
            assert!(!cs(no).is_prop64(), "{no}");
        }
        // Six-digit runs are not sections at all.
        assert_eq!(CodeSection::parse("111357 HS"), None);
        assert_eq!(CodeSection::parse("113570"), None);
    }

    #[test]
    fn matching_is_anchored() {
        let m = |text: &str, pattern: &str| cs(text).matches(&cs(pattern));
        assert!(m("187 PC", "187 PC"));
        assert!(m("187(A) PC", "187 PC"));
        assert!(!m("1187 PC", "187 PC"));
        assert!(!m("187 PC", "1187 PC"));
        assert!(!m("18 PC", "187 PC"));
        assert!(!m("187.1 PC", "187 PC"));
        assert!(!m("187 VC", "187 PC"));
        assert!(!m("664/187 PC", "187 PC"));
        assert!(m("664/187 PC", "664/187 PC"));
        assert!(!m("187 PC", "664/187 PC"));
        assert!(!m("182/187 PC", "187 PC"));
        // Subsections match by prefix.
        assert!(m("288(a)(1) PC", "288(a) PC"));
        assert!(m("288(A) PC", "288(a) PC"));
        assert!(!m("288(b) PC", "288(a) PC"));
        assert!(!m("288 PC", "288(a) PC"));
        assert!(m("288(b)(2) PC", "288 PC"));
        assert!(!m("288.5 PC", "288 PC"));
        // A pattern without a code matches every code.
        assert!(m("11357(B) HS", "11357"));
        assert!(m("11357 PC", "11357"));
        // 11357.5 is not 11357, and neither way round.
        assert!(!m("11357.5 HS", "11357 HS"));
        assert!(!m("11357 HS", "11357.5 HS"));
        assert!(!m("11357.5", "11357"));
        // No code written: unknown, so no match with a coded pattern ...
        assert!(!m("187", "187 PC"));
        assert!(!m("288(a)(1)", "288(a) PC"));
        assert!(cs("187").matches_if_code_unknown(&cs("187 PC")));
        assert!(cs("288(a)(1)").matches_if_code_unknown(&cs("288(a) PC")));
        assert!(!cs("1187").matches_if_code_unknown(&cs("187 PC")));
        assert!(!cs("187 PC").matches_if_code_unknown(&cs("187 PC")));
        assert!(!cs("187 VC").matches_if_code_unknown(&cs("187 PC")));
        // ... except the cannabis sections, read as HS.
        assert!(m("11357(B)", "11357(b) HS"));
        assert!(m("664/11359", "664/11359 HS"));
        assert!(!m("11357", "11357 PC"));
        assert!(!m("11361", "11361 HS"));
    }

    #[test]
    fn attached_letters_are_reported() {
        assert!(cs("647A PC").letter_written_attached());
        assert!(cs("11357B HS").letter_written_attached());
        assert!(cs("288a(c) PC").letter_written_attached());
        assert!(cs("664/647A PC").letter_written_attached());
        assert!(!cs("647(A) PC").letter_written_attached());
        assert!(!cs("11357 HS").letter_written_attached());
        assert!(!cs("11357 HS").letter_written_attached());
        // The canonical form always uses parentheses.
        assert!(!cs(&cs("647A PC").to_string()).letter_written_attached());
        assert_eq!(cs("647A PC"), CodeSection { raw: "647A PC".into(), ..cs("647(a) PC") });
    }

    #[test]
    fn finds_sections_in_free_text() {
        let find = |text: &str| find_in_text(text).map(|s| s.to_string());
        let cases: &[(&str, Option<&str>)] = &[
            ("CHARGE AMENDED TO 11357(B) HS", Some("11357(b) HS")),
            ("11360(A) HS-TRANSPORT", Some("11360(a) HS")),
            ("PER COURT 11359 HS", Some("11359 HS")),
            ("per court hs 11359", Some("11359 HS")),
            ("PER COURT H&S11358", Some("11358 HS")),
            ("ON 01/02/2015 CHARGE AMENDED TO 11357(B) HS", Some("11357(b) HS")),
            ("2015-01-02: 11357", Some("11357")),
            ("12/2015 PLED 11359 HS", Some("11359 HS")),
            ("CASE SF12345678 PLED TO 11359 HS", Some("11359 HS")),
            ("DOCKET 20150102 PLED TO 11360", Some("11360")),
            ("IN 2015 PLED 11357", Some("11357")),
            ("28.5 GRAMS OR LESS 11357(B)", Some("11357(b)")),
            ("CT 2 11357", Some("11357")),
            ("COUNT 1: 23152(A) VC", Some("23152(a) VC")),
            ("PLED TO 664/11359 HS", Some("664/11359 HS")),
            ("AMENDED TO PC 182/HS 11360", Some("182/11360 HS")),
            ("AMENDED 11357B", Some("11357(b)")),
            ("AMENDED 11357HS", Some("11357 HS")),
            ("RED. TO 11357 (C) HS PER PC 17(B)", Some("11357(c) HS")),
            ("FINE $500 PAID 11357", Some("11357")),
            ("CASE #12345 CHG 11358 HS", Some("11358 HS")),
            ("1/2 OZ; 10:30 HRS", None),
            ("CRT CASE 12345678901", None),
            ("NO SECTION HERE", None),
            ("111357 HS", None),
            ("113570", None),
            ("11357XYZ", None),
            ("ON 11/03/2015", None),
            ("SF12345678", None),
            ("", None),
            ("🌿 11357 HS 🌿", Some("11357 HS")),
        ];
        for &(text, want) in cases {
            assert_eq!(find(text).as_deref(), want, "find_in_text(`{text}`)");
        }
        let found = find_in_text("PER COURT HS 11359 DISMISSED").unwrap();
        assert_eq!(found.raw, "HS 11359");
        assert_eq!(find_in_text("CHG TO 11360(A) HS-TRANSPORT").unwrap().raw, "11360(A) HS");
    }

    #[test]
    fn prop64_mentions_are_anchored() {
        for yes in [
            "PER COURT 11359 HS",
            "CHG TO 11357(B)",
            "HS11358",
            "11360",
            "ORIG 664/11357",
            "182/11360 HS",
            "WAS 11357 H&S, NOW 23152",
            "11357.5 AND 11357 HS",
        ] {
            assert!(mentions_prop64(yes), "{yes}");
        }
        for no in [
            "111357",
            "113570",
            "11357.5 HS",
            "11357 PC",
            "SF11357",
            "$11357",
            "#11357",
            "CASE 11357123",
            "11361 HS",
            "1135",
            "01/11357",
            "",
            "ÄÖÜ",
        ] {
            assert!(!mentions_prop64(no), "{no}");
        }
    }

    #[test]
    fn charge_from_the_comment() {
        let charge = charge_from_row("SEE COMMENT FOR CHARGE", "CHARGE AMENDED TO 11357(B) HS");
        assert!(charge.from_comment);
        assert!(!charge.comment_mentions_prop64);
        assert_eq!(charge.text, "CHARGE AMENDED TO 11357(B) HS");
        assert_eq!(charge.section.as_ref().map(ToString::to_string).as_deref(), Some("11357(b) HS"));
        assert!(charge.section.unwrap().is_prop64());

        let charge = charge_from_row("  see comment  for charge ", " 11360(A) HS-TRANSPORT ");
        assert!(charge.from_comment);
        assert_eq!(charge.text, "11360(A) HS-TRANSPORT");
        assert_eq!(charge.section.map(|s| s.to_string()).as_deref(), Some("11360(a) HS"));

        let charge = charge_from_row("SEE COMMENT", "11357 HS");
        assert!(charge.from_comment);
        assert_eq!(charge.section.map(|s| s.to_string()).as_deref(), Some("11357 HS"));

        let charge = charge_from_row("", "PER COURT 11359 HS");
        assert!(charge.from_comment && !charge.comment_mentions_prop64);
        assert_eq!(charge.section.map(|s| s.to_string()).as_deref(), Some("11359 HS"));

        let charge = charge_from_row("NULL", "11358 HS");
        assert!(charge.from_comment);
        assert_eq!(charge.section.map(|s| s.to_string()).as_deref(), Some("11358 HS"));

        let charge = charge_from_row("   ", "");
        assert_eq!(
            charge,
            Charge { text: String::new(), section: None, from_comment: true, comment_mentions_prop64: false }
        );

        let charge = charge_from_row("SEE COMMENT FOR CHARGE", "NO CHARGE GIVEN 01/02/2015");
        assert!(charge.from_comment && charge.section.is_none());
    }

    #[test]
    fn charge_from_the_offense() {
        let charge = charge_from_row("11357(C)HS-POSSESS MARIJUANA", "");
        assert_eq!(charge.text, "11357(C)HS-POSSESS MARIJUANA");
        let section = charge.section.unwrap();
        assert_eq!(section.raw, "11357(C)HS");
        assert_eq!(section.to_string(), "11357(c) HS");
        assert!(!charge.from_comment && !charge.comment_mentions_prop64);

        let charge = charge_from_row("664/11357-ATTEMPT POSS", "");
        let section = charge.section.unwrap();
        assert_eq!((section.raw.as_str(), section.attempt, section.is_prop64()), ("664/11357", true, true));

        let charge = charge_from_row(" 182(A)(1) PC/11360 HS-CONSPIRACY ", "");
        assert_eq!(charge.text, "182(A)(1) PC/11360 HS-CONSPIRACY");
        assert!(charge.section.as_ref().unwrap().conspiracy);

        let charge = charge_from_row("187 PC-MURDER 2ND-DEGREE", "");
        assert_eq!(charge.section.unwrap().raw, "187 PC");
    }

    #[test]
    fn comment_naming_prop64_is_flagged_only_against_another_charge() {
        // Another charge in the offense field, a cannabis section in the comment.
        let charge = charge_from_row("23152(A) VC-DUI ALCOHOL", "ORIG CHARGED 11359 HS");
        assert!(charge.comment_mentions_prop64 && !charge.from_comment);
        assert_eq!(charge.section.unwrap().to_string(), "23152(a) VC");
        // An unreadable offense field counts as another charge.
        let charge = charge_from_row("MISC-SEE FILE", "11357 HS");
        assert!(charge.comment_mentions_prop64 && charge.section.is_none());
        // A conspiracy is not a Prop 64 offense.
        assert!(charge_from_row("182/11360 HS-CONSPIRACY", "11360 HS").comment_mentions_prop64);
        // Prop 64 offense and a Prop 64 comment: ordinary.
        assert!(!charge_from_row("11357(C)HS-POSSESS MARIJUANA", "REDUCED FROM 11359 HS").comment_mentions_prop64);
        assert!(!charge_from_row("664/11357-ATTEMPT", "11357 HS").comment_mentions_prop64);
        // Comments without an anchored cannabis section.
        assert!(!charge_from_row("11364 HS-PARAPHERNALIA", "SF11357123 ON 11/03/2015 111357").comment_mentions_prop64);
        assert!(!charge_from_row("11364 HS-PARAPHERNALIA", "11357.5 HS SYNTHETIC").comment_mentions_prop64);
        assert!(!charge_from_row("23152(A) VC", "").comment_mentions_prop64);
    }

    // --- property tests ---------------------------------------------------

    fn code_strategy() -> impl Strategy<Value = Option<Code>> {
        prop_oneof![
            Just(None),
            Just(Some(Code::HS)),
            Just(Some(Code::PC)),
            Just(Some(Code::VC)),
            Just(Some(Code::BP)),
            Just(Some(Code::WI)),
            proptest::sample::select(Code::OTHER_ABBREVIATIONS).prop_map(|a| Some(Code::Other(a.to_owned()))),
        ]
    }

    fn subsections_strategy() -> impl Strategy<Value = Vec<String>> {
        (0..=3usize, any::<bool>(), proptest::collection::vec(("[a-z]{1,2}", "[0-9]{1,2}"), 3)).prop_map(
            |(n, letter_first, pool)| {
                (0..n)
                    .map(|i| {
                        let (letter, digit) = &pool[i];
                        if (i % 2 == 0) == letter_first { letter.clone() } else { digit.clone() }
                    })
                    .collect()
            },
        )
    }

    fn section_strategy() -> impl Strategy<Value = CodeSection> {
        (
            code_strategy(),
            "[0-9]{1,5}(\\.[0-9]{1,3})?",
            subsections_strategy(),
            prop_oneof![Just((false, false)), Just((true, false)), Just((false, true))],
        )
            .prop_map(|(code, section, subsections, (attempt, conspiracy))| CodeSection {
                code,
                section,
                subsections,
                attempt,
                conspiracy,
                raw: String::new(),
            })
    }

    /// Strings made of the characters sections are written with.
    fn section_like() -> impl Strategy<Value = String> {
        "[0-9A-Za-z()&/. \\-$#:,]{0,24}"
    }

    proptest! {
        #[test]
        fn never_panics_on_any_text(s in "\\PC*", comment in "\\PC*") {
            let _ = CodeSection::parse(&s);
            let _ = find_in_text(&s);
            let _ = mentions_prop64(&s);
            let _ = charge_from_row(&s, &comment);
            let _ = charge_from_row("", &s);
        }

        #[test]
        fn never_panics_on_section_like_text(s in section_like(), comment in section_like()) {
            if let Some(parsed) = CodeSection::parse(&s) {
                let _ = parsed.letter_written_attached();
            }
            let _ = find_in_text(&s);
            let _ = mentions_prop64(&s);
            let _ = charge_from_row(&s, &comment);
        }

        #[test]
        fn canonical_form_round_trips(value in section_strategy()) {
            let text = value.to_string();
            let parsed = CodeSection::parse(&text);
            prop_assert!(parsed.is_some(), "`{}` did not parse", text);
            let parsed = parsed.unwrap();
            prop_assert_eq!(&parsed.raw, &text);
            prop_assert_eq!(CodeSection { raw: String::new(), ..parsed }, value.clone());
            // The canonical form is also found in free text and read back the same way.
            let found = find_in_text(&format!("CHARGE AMENDED TO {text}; SEE FILE"));
            if let Some(found) = found {
                prop_assert_eq!(CodeSection { raw: String::new(), ..found }, value);
            }
        }

        #[test]
        fn parsing_is_stable(s in prop_oneof![section_like(), "\\PC{0,24}"]) {
            if let Some(first) = CodeSection::parse(&s) {
                let text = first.to_string();
                let again = CodeSection::parse(&text);
                prop_assert!(again.is_some(), "`{}` -> `{}` did not parse", s, text);
                prop_assert_eq!(CodeSection { raw: first.raw.clone(), ..again.unwrap() }, first);
            }
            if let Some(found) = find_in_text(&s) {
                let again = CodeSection::parse(&found.to_string());
                prop_assert_eq!(again.map(|a| CodeSection { raw: found.raw.clone(), ..a }), Some(found));
            }
        }

        #[test]
        fn prop64_mentions_agree_with_parsing(s in section_like()) {
            // Whatever find_in_text returns as a Prop 64 section, mentions_prop64 sees.
            if let Some(found) = find_in_text(&s)
                && is_prop64_number(found.section.as_bytes())
                && matches!(found.code, None | Some(Code::HS))
            {
                prop_assert!(mentions_prop64(&s), "{}", s);
            }
        }
    }
}
