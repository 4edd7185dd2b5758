//! Renderer benchmark (`cargo bench --bench render`, release build):
//!
//! - exhibit-table pages per second, one long exhibit split into volumes
//!   rendered in parallel (one file per volume), and bytes per page;
//! - 10,000 one-page motion-and-order forms, in files of 500 forms, in parallel;
//! - one exhibit of `ROWS` rows in a single file (no volumes): the PDF is
//!   written as its pages are made, so peak memory must not grow with pages;
//! - peak memory (VmHWM) of each part, reset between parts.
//!
//! `ROWS` (default 66,000 exhibit rows), `FORMS` (default 10,000) and
//! `THREADS` (default: the machine's cores) change the sizes. Figures go in
//! the README.

use std::time::Instant;

use clearmotion::render::{self, Job, Metadata, fixtures};

/// The allocator the binary uses.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn peak_memory_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0.0);
    kb / 1024.0
}

/// Resets the peak (VmHWM) to the current resident size.
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn env(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn total_bytes(results: &[std::io::Result<render::PdfStats>]) -> (usize, u64) {
    results.iter().fold((0, 0), |(pages, bytes), r| {
        let s = r.as_ref().expect("rendered");
        (pages + s.pages, bytes + s.bytes)
    })
}

fn main() {
    let rows = env("ROWS", 66_000);
    let forms = env("FORMS", 10_000);
    let threads = env("THREADS", std::thread::available_parallelism().map_or(2, |n| n.get()));
    let dir = tempfile::tempdir().expect("temporary directory");
    let meta = Metadata { title: "bench".into(), ..Metadata::default() };

    // Exhibit: split into volumes of 5,000 rows (each paginated from 1, as
    // the packets' volume files are), rendered in parallel.
    reset_peak();
    let t = Instant::now();
    let exhibit = fixtures::exhibit(rows);
    let jobs: Vec<Job> = render::volumes(&exhibit, 5_000)
        .into_iter()
        .enumerate()
        .map(|(i, doc)| Job {
            path: dir.path().join(format!("exhibit-{i:03}.pdf")),
            documents: vec![doc],
            meta: meta.clone(),
        })
        .collect();
    let results = render::render_all(&jobs, threads);
    let elapsed = t.elapsed().as_secs_f64();
    let (pages, bytes) = total_bytes(&results);
    println!(
        "exhibit: {rows} rows, {} volumes, {pages} pages in {elapsed:.2} s = {:.0} pages/s on {threads} threads, {:.1} KB/page",
        jobs.len(),
        pages as f64 / elapsed,
        bytes as f64 / 1024.0 / pages as f64
    );
    println!("  peak memory: {:.0} MB", peak_memory_mb());

    // The same exhibit as one file: memory bounded by a page, not the file.
    reset_peak();
    let t = Instant::now();
    let stats = render::render_file(&[exhibit], &meta, &dir.path().join("exhibit-whole.pdf")).expect("rendered");
    let elapsed = t.elapsed().as_secs_f64();
    println!(
        "exhibit in one file: {} pages in {elapsed:.2} s = {:.0} pages/s on 1 thread, {:.1} KB/page, peak memory {:.0} MB",
        stats.pages,
        stats.pages as f64 / elapsed,
        stats.bytes as f64 / 1024.0 / stats.pages as f64,
        peak_memory_mb()
    );

    // Forms: one page per case, 500 cases to a file.
    reset_peak();
    let t = Instant::now();
    let per_file = 500;
    let jobs: Vec<Job> = (0..forms.div_ceil(per_file))
        .map(|f| Job {
            path: dir.path().join(format!("forms-{f:03}.pdf")),
            documents: (f * per_file..((f + 1) * per_file).min(forms)).map(|i| fixtures::form(1 + i % 5, i)).collect(),
            meta: meta.clone(),
        })
        .collect();
    let results = render::render_all(&jobs, threads);
    let elapsed = t.elapsed().as_secs_f64();
    let (pages, bytes) = total_bytes(&results);
    println!(
        "forms: {forms} forms ({pages} pages) in {elapsed:.2} s = {:.0} forms/s on {threads} threads, {:.1} KB/form",
        forms as f64 / elapsed,
        bytes as f64 / 1024.0 / forms as f64
    );
    println!("  peak memory: {:.0} MB", peak_memory_mb());
}
