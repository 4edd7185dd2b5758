//! Bytes to text: UTF-8 when it is, Latin-1 when it is not; repeated values interned.

use std::collections::HashMap;
use std::sync::Arc;

/// Decodes trimmed bytes as UTF-8, or as Latin-1 when they are not valid UTF-8
/// (every byte maps to one character, so nothing is lost).
pub fn decode(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    let bytes = bytes.trim_ascii();
    match std::str::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => std::borrow::Cow::Owned(bytes.iter().map(|&b| char::from(b)).collect()),
    }
}

/// Hands out one shared copy of each repeated string (counties, courts, dispositions).
///
/// Values of one column usually repeat from row to row (a person's court and
/// county) or alternate between a few (arrest, court action), so
/// [`Interner::column`] first compares with that column's last few values and
/// skips the hash lookup.
/// How many recent values per column are compared before hashing.
const RECENT: usize = 8;

#[derive(Debug, Default)]
pub struct Interner {
    strings: HashMap<Box<[u8]>, Arc<str>>,
    recent: Vec<Vec<(Vec<u8>, Arc<str>)>>,
}

impl Interner {
    /// Like [`Interner::get`], first looking among the last few values of `column`.
    pub fn column(&mut self, column: usize, bytes: &[u8]) -> Arc<str> {
        let bytes = bytes.trim_ascii();
        if column >= self.recent.len() {
            self.recent.resize_with(column + 1, Vec::new);
        }
        if let Some(found) = self.recent[column].iter().position(|(last, _)| last.as_slice() == bytes) {
            return self.recent[column][found].1.clone();
        }
        let value = self.get(bytes);
        let recent = &mut self.recent[column];
        let mut slot =
            if recent.len() == RECENT { recent.pop().map(|(bytes, _)| bytes).unwrap_or_default() } else { Vec::new() };
        slot.clear();
        slot.extend_from_slice(bytes);
        recent.insert(0, (slot, value.clone()));
        value
    }

    pub fn get(&mut self, bytes: &[u8]) -> Arc<str> {
        let bytes = bytes.trim_ascii();
        if let Some(found) = self.strings.get(bytes) {
            return found.clone();
        }
        let value: Arc<str> = Arc::from(decode(bytes).as_ref());
        self.strings.insert(bytes.into(), value.clone());
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_fallback() {
        assert_eq!(decode(b" JOS\xc9 "), "JOSÉ");
        assert_eq!(decode("JOSÉ".as_bytes()), "JOSÉ");
    }

    #[test]
    fn interns() {
        let mut interner = Interner::default();
        let a = interner.get(b"SACRAMENTO ");
        let b = interner.get(b"SACRAMENTO");
        assert!(Arc::ptr_eq(&a, &b));
        let c = interner.column(3, b"SACRAMENTO");
        let d = interner.column(3, b" SACRAMENTO");
        assert!(Arc::ptr_eq(&a, &c) && Arc::ptr_eq(&c, &d));
        assert_eq!(&*interner.column(3, b"YOLO"), "YOLO");
    }
}
