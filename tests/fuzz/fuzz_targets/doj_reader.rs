//! The readers never panic on any file, and every row read is accounted for.
#![no_main]

use clearmotion::ingest::{Collect, ReadOptions, read};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = std::env::temp_dir().join(format!("clearmotion-fuzz-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("input.dat");
    std::fs::write(&path, data).unwrap();
    let mut sink = Collect::default();
    if let Ok(report) = read(&[path], &ReadOptions::default(), &mut sink) {
        assert!(report.reconciles(), "{report:?}");
        assert_eq!(report.people as usize, sink.people.len());
        // Physical lines: every line of a plain DOJ file is modeled, skipped or rejected.
        for file in &report.files {
            assert_eq!(file.rows, file.modeled + file.skipped + file.rejected, "{file:?}");
            // Plain (not gzip) and read to the end: DOJ file or case list.
            if file.format.is_some() && !file.gzip && file.error.is_none() {
                assert_eq!(file.rows, clearmotion::ingest::lines::count_lines(data), "{file:?}");
            }
        }
    }
});
