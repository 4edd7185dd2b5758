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
#[derive(Debug, Default)]
pub struct Interner {
    strings: HashMap<Box<[u8]>, Arc<str>>,
}

impl Interner {
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
    }
}
