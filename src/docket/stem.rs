//! Safe file stems for packets: ASCII `[a-z0-9-]` only, so no path
//! separators, no `..`, nothing a file system or a shell treats specially;
//! length-limited; made unique with a numeric suffix.

use std::collections::HashSet;

/// The longest stem, suffixes included.
pub const MAX_LEN: usize = 100;

/// The longest part a name gives a stem.
const PART_LEN: usize = 40;

/// `CASC Los Angeles — Metro/..` → `casc-los-angeles-metro`: lower-case ASCII
/// letters and digits, everything else one `-`, trimmed, at most 40
/// characters; `court` when nothing is left.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(PART_LEN));
    for c in text.chars() {
        if out.len() == PART_LEN {
            break;
        }
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() { "court".to_owned() } else { out }
}

/// `base` (a stem built from [`slug`]s), cut to [`MAX_LEN`], with `-2`, `-3`, ...
/// added until it is not in `used`; records it there.
pub fn unique(base: &str, used: &mut HashSet<String>) -> String {
    let cut = |s: &str, len: usize| s[..s.len().min(len)].trim_end_matches('-').to_owned();
    let mut stem = cut(base, MAX_LEN);
    let mut n = 1u32;
    while used.contains(&stem) {
        n += 1;
        let suffix = format!("-{n}");
        stem = cut(base, MAX_LEN - suffix.len()) + &suffix;
    }
    used.insert(stem.clone());
    stem
}

#[cfg(test)]
mod tests {
    use super::*;

    fn safe(stem: &str) -> bool {
        !stem.is_empty()
            && stem.len() <= MAX_LEN
            && stem.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !stem.starts_with('-')
            && !stem.ends_with('-')
    }

    #[test]
    fn slugs_are_safe() {
        for (text, expected) in [
            ("CASC LOS ANGELES METRO", "casc-los-angeles-metro"),
            ("../../etc/passwd", "etc-passwd"),
            ("..", "court"),
            ("", "court"),
            ("Ñuñoa  Hall / Dept. 12", "u-oa-hall-dept-12"),
            ("C:\\Windows\\con", "c-windows-con"),
            ("\u{202e}evil", "evil"),
        ] {
            assert_eq!(slug(text), expected, "{text:?}");
            assert!(safe(&slug(text)));
        }
        assert_eq!(slug(&"A".repeat(500)).len(), PART_LEN);
        assert!(safe(&slug(&"ab ".repeat(100))));
    }

    #[test]
    fn stems_are_unique_and_limited() {
        let mut used = HashSet::new();
        let long = "x".repeat(200);
        let stems: Vec<String> =
            ["a", "a", "a", &long, &long, "a-2"].iter().map(|base| unique(base, &mut used)).collect();
        assert_eq!(stems[..3], ["a", "a-2", "a-3"]);
        assert_eq!(stems[3].len(), MAX_LEN);
        assert!(stems[4].ends_with("-2") && stems[4].len() == MAX_LEN);
        assert_eq!(stems[5], "a-2-2");
        assert!(stems.iter().all(|s| safe(s)));
    }
}
