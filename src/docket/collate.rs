//! How names sort in the papers: accented letters with their base letter
//! ("ÁLVAREZ" among the A's, "ÑÚÑEZ" among the N's), case ignored, as a
//! clerk looking a name up in a printed list expects. The letters are
//! decomposed (Unicode canonical decomposition, through the
//! `unicode-normalization` crate) and the combining marks dropped; the name
//! as written breaks ties, so the order stays total and stable.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The key a name sorts by: upper case, accents removed. Plain upper-case
/// ASCII names (most of them) are their own key and cost nothing.
pub fn name_key(name: &str) -> Cow<'_, str> {
    if name.bytes().all(|b| b.is_ascii() && !b.is_ascii_lowercase()) {
        return Cow::Borrowed(name);
    }
    Cow::Owned(name.nfd().filter(|c| !is_combining_mark(*c)).flat_map(char::to_uppercase).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accented_names_sort_with_their_base_letter() {
        let mut names = vec!["ZAMORA,ANA", "ÁLVAREZ,JOSÉ", "ALVA,RITA", "ÑÚÑEZ,O", "NUNN,B", "ÉCHEVERRÍA,L", "EBERT,K"];
        names.sort_by(|a, b| (name_key(a), *a).cmp(&(name_key(b), *b)));
        assert_eq!(names, ["ALVA,RITA", "ÁLVAREZ,JOSÉ", "EBERT,K", "ÉCHEVERRÍA,L", "ÑÚÑEZ,O", "NUNN,B", "ZAMORA,ANA"]);
    }

    #[test]
    fn keys_fold_case_and_accents_and_keep_plain_names_as_they_are() {
        assert_eq!(name_key("Muestra-Falsón, François"), "MUESTRA-FALSON, FRANCOIS");
        assert!(matches!(name_key("SMITH,JOHN"), Cow::Borrowed(_)));
        // Precomposed and decomposed spellings of the same name sort alike.
        assert_eq!(name_key("JOS\u{c9}"), name_key("JOSE\u{301}"));
    }
}
