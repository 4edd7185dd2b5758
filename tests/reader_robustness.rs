//! Fuzz-style property tests for the readers: mutated DOJ files and case
//! lists (flipped bytes, cut files, stray quotes, commas and newlines, NULs,
//! Latin-1) never panic, and every row read is still accounted for: for a
//! DOJ file, every physical line (counted independently) is modeled, skipped
//! or rejected.

mod common;

use clearmotion::ingest::{Collect, ReadOptions, read};
use common::{Row, doj_text, gzip, person_rows};
use proptest::prelude::*;

fn valid_doj() -> Vec<u8> {
    let mut rows = Vec::new();
    for i in 0..6 {
        rows.extend(person_rows(&format!("{:08}", i % 4), i, "11357(B) HS-POSSESS"));
    }
    rows.push(
        Row::new("9", "001001001000").set("OFFENSE_DESCR", "SEE COMMENT FOR CHARGE").set("COMMENT_TEXT", "11359 HS"),
    );
    doj_text(&rows, true).into_bytes()
}

const CASE_LIST: &str = "person_id,name,dob,case_number,court,county,code_section,level,conviction_date\n\
    1,\"A,B\",1970-01-01,C1,CASC X,X,11357 HS,M,1999-01-01\n\
    2,\"C,D\",1971-02-02,C2,CASC X,X,11359 HS,F,2001-03-04\n";

/// Applies byte-level edits: (position, kind) pairs.
fn mutate(mut bytes: Vec<u8>, edits: &[(usize, u8)]) -> Vec<u8> {
    for &(at, kind) in edits {
        if bytes.is_empty() {
            break;
        }
        let at = at % bytes.len();
        match kind % 8 {
            0 => bytes[at] = b'"',
            1 => bytes[at] = b',',
            2 => bytes[at] = b'\n',
            3 => bytes[at] = 0,
            4 => bytes[at] = 0xE9,
            5 => bytes.truncate(at),
            6 => {
                bytes.remove(at);
            }
            _ => bytes.insert(at, b'\r'),
        }
    }
    bytes
}

fn check(name: &str, bytes: &[u8]) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let mut sink = Collect::default();
    // Errors (binary file, no usable header) are fine; panics are not.
    if let Ok(report) = read(&[path], &ReadOptions::default(), &mut sink) {
        prop_assert!(report.reconciles(), "{report:?}");
        prop_assert_eq!(report.people as usize, sink.people.len());
        let rows: u64 = sink.people.iter().map(|p| p.rows).sum();
        prop_assert_eq!(rows, report.modeled);
        prop_assert_eq!(sink.rejects.len() as u64, report.rejected + report.file_errors);
        // Physical-line accounting, against an independent line count.
        for file in &report.files {
            prop_assert_eq!(file.rows, file.modeled + file.skipped + file.rejected, "{:?}", file);
            // Plain (not gzip) and read to the end: DOJ file or case list.
            if file.format.is_some() && !file.gzip && file.error.is_none() {
                prop_assert_eq!(file.rows, clearmotion::ingest::lines::count_lines(bytes), "{:?}", file);
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn mutated_doj_files_never_panic(edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 0..12)) {
        check("a.dat", &mutate(valid_doj(), &edits))?;
    }

    #[test]
    fn mutated_gzip_files_never_panic(edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 0..4)) {
        check("a.dat.gz", &mutate(gzip(&valid_doj()), &edits))?;
    }

    #[test]
    fn mutated_case_lists_never_panic(edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 0..12)) {
        check("a.csv", &mutate(CASE_LIST.as_bytes().to_vec(), &edits))?;
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        check("a.dat", &bytes)?;
    }
}
