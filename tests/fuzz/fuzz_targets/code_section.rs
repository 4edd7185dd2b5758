//! The code-section parser never panics, and what it prints it reads back.
#![no_main]

use clearmotion::code_section::{CodeSection, charge_from_row, find_in_text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Some(section) = CodeSection::parse(&text) {
        let again = CodeSection::parse(&section.to_string()).expect("a printed section reads back");
        assert_eq!(
            (&again.section, &again.subsections, again.attempt, again.conspiracy),
            (&section.section, &section.subsections, section.attempt, section.conspiracy)
        );
    }
    let _ = find_in_text(&text);
    let middle = text.char_indices().nth(text.chars().count() / 2).map_or(text.len(), |(at, _)| at);
    let (offense, comment) = text.split_at(middle);
    let _ = charge_from_row(offense, comment);
});
