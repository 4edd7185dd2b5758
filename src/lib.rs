//! `clearmotion` clears Proposition 64 cannabis convictions in bulk.
//!
//! # Steps
//!
//! The pipeline is the table of contents; each step is one module, and each
//! hands plain data to the next:
//!
//! 1. [`ingest`] — DOJ research files and case-list CSVs (paths) →
//!    [`model::Person`]s, streamed one complete person at a time, plus
//!    [`ingest::Reject`]s (file, line, field, reason) and an
//!    [`ingest::ReadReport`] whose totals reconcile.
//! 2. [`model`] — people, cases (steps) and counts, with data-quality flags.
//!    [`code_section`] turns the spellings found in real data into structured
//!    code sections.
//! 3. [`inspect`] — people → summary figures (rows, people, convictions,
//!    Prop 64 convictions by county and court) and the reconciliation line.
//! 4. [`eligibility`] — one person + [`eligibility::Context`] (as-of date,
//!    county, policy) → a [`eligibility::Determination`] per in-scope
//!    conviction, with rule, reason and citation.
//!    When the office's own records (case lists) come with DOJ files,
//!    [`sources`] matches people and convictions across the two first, so
//!    each conviction is decided once (`sources.csv` says how).
//! 5. [`classify`] — people streamed through the engine, with
//!    [`decisions`] (reviewer decisions) applied over it →
//!    `determinations.csv` and a [`classify::Summary`].
//! 6. [`docket`] — `determinations.csv` and the [`office`] file →
//!    [`docket::Docket`]: court [`docket::Packet`]s (rows numbered in Exhibit A
//!    order), the challenged cases, the review list, unassigned courts and a
//!    [`docket::Reconciliation`]; plus each packet's clerk CSV
//!    ([`docket::clerk_csv`]) and the run's [`docket::manifest`].
//! 7. [`render`] — [`render::Document`]s (blocks of content, from templates
//!    in [`render::markup`]) → laid-out pages → PDF files.
//! 8. [`packet`] — the [`docket::Docket`], the office file and the
//!    [`packet::Templates`] → `packets/`: a folder per packet with one PDF
//!    per document (motion, Exhibit A in volumes under the size cap,
//!    proposed order, proof of service; or per-case forms) and its clerk
//!    CSV, a folder per court's notice of challenged cases, `index.csv`
//!    (with each file's kind), the review list — written into a temporary
//!    folder and swapped in.
//! 9. [`report`] — `determinations.csv` + summary → `review.html`.
//!
//! [`diff`] compares two classify output directories.
//!
//! [`sample`] generates synthetic DOJ files for demos, tests and benchmarks.
//!
//! The library never reads the wall clock (chrono is built without its
//! `clock` feature) and never holds Social Security, driver-licence or FBI
//! numbers: the readers do not copy them.

pub mod classify;
pub mod code_section;
pub mod decisions;
pub mod diff;
pub mod docket;
pub mod eligibility;
pub mod ingest;
pub mod inspect;
pub mod ledger;
pub mod model;
pub mod office;
pub mod output;
pub mod packet;
pub mod render;
pub mod report;
pub mod sample;
pub mod sources;
