//! The model every later stage reads: people, their cases (steps), and counts.
//!
//! It is a faithful, typed copy of what the input says, plus data-quality
//! flags. It never holds Social Security, driver-licence or FBI numbers: the
//! readers do not copy them, so no later stage can print them.

mod date;
mod person;

pub use date::{Date, parse_yyyymmdd};
pub use person::{
    Case, CaseKind, Count, CountFlag, CountId, Level, Person, PersonFlag, SentencePart, SentenceUnit, SourceRef, StepId,
};
