//! Dates as they appear in the inputs (`YYYYMMDD`), parsed from bytes.

/// Calendar dates are `chrono::NaiveDate`: no time zone, no clock.
pub type Date = chrono::NaiveDate;

/// Parses `YYYYMMDD` (surrounding spaces allowed). `None` for blanks,
/// `00000000` and impossible dates such as `19990231`.
pub fn parse_yyyymmdd(bytes: &[u8]) -> Option<Date> {
    let bytes = bytes.trim_ascii();
    if bytes.len() != 8 || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n = |range: std::ops::Range<usize>| bytes[range].iter().fold(0u32, |acc, &b| acc * 10 + u32::from(b - b'0'));
    Date::from_ymd_opt(n(0..4) as i32, n(4..6), n(6..8))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_valid_and_rejects_invalid() {
        assert_eq!(parse_yyyymmdd(b"19790601"), Date::from_ymd_opt(1979, 6, 1));
        assert_eq!(parse_yyyymmdd(b" 20000229 "), Date::from_ymd_opt(2000, 2, 29));
        for bad in [&b""[..], b"00000000", b"19990231", b"1999023", b"1999-02-03", b"abcdefgh", b"19991301"] {
            assert_eq!(parse_yyyymmdd(bad), None, "{:?}", String::from_utf8_lossy(bad));
        }
    }
}
