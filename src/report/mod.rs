//! Reports for people: each output format is its own writer, fed by the
//! outputs of `classify` (`determinations.csv`, the [`crate::classify::Summary`]).

pub mod html;
pub mod review_decisions;
pub mod summary_pdf;
