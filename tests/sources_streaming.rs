//! Matching the DOJ file with the office's export without holding the
//! matched DOJ people to the end (issue 12, "run time no more than 1.3× the
//! DOJ-only run, memory bounded"): the pre-scan tells the reconciler which
//! DOJ subjects may claim each office person, so a matched person is handed
//! on as soon as no one else can claim the same office person — with the
//! same outcome as deciding everything at the end.

mod common;

use std::path::PathBuf;

use clearmotion::ingest::prescan::Watch;
use clearmotion::ingest::{ReadOptions, Reject, Sink};
use clearmotion::model::Person;
use clearmotion::sources::{Ready, Reconciler};
use common::{Row, doj_text, write};

/// The reconciler, and what it handed on while reading and at the end.
struct Probe {
    sources: Reconciler,
    /// Let the reconciler see the pre-scan.
    watch: bool,
    ended: bool,
    /// (subject id, office record?, handed on before the end?, notes summary)
    out: Vec<(String, bool, bool, Vec<String>)>,
}

impl Probe {
    fn new(watch: bool, county: &str) -> Probe {
        Probe { sources: Reconciler::new(Default::default(), county), watch, ended: false, out: Vec::new() }
    }

    fn tally(&mut self) {
        for Ready { person, notes, office } in self.sources.take_ready() {
            let mut summary: Vec<String> = notes
                .iter()
                .map(|(source, note)| {
                    format!(
                        "{}:{} {} {} doj={:?} office={:?} review={}",
                        source.file,
                        source.line,
                        note.status.as_str(),
                        note.rule,
                        note.doj,
                        note.office,
                        note.review.as_ref().map_or("", |(rule, _)| rule.id)
                    )
                })
                .collect();
            summary.sort();
            self.out.push((person.subject_id.clone(), office, !self.ended, summary));
        }
    }

    /// DOJ people merged with an office person: (handed on while reading, at the end).
    fn merged(&self) -> (usize, usize) {
        let merged =
            self.out.iter().filter(|(_, office, _, notes)| !office && notes.iter().any(|n| !n.contains("office=[]")));
        let (during, end): (Vec<_>, Vec<_>) = merged.partition(|(_, _, during, _)| *during);
        (during.len(), end.len())
    }

    /// Where a subject came out (index in the order handed on).
    fn position(&self, subject: &str) -> usize {
        self.out.iter().position(|(id, office, ..)| id == subject && !office).unwrap()
    }

    fn sorted(&self) -> Vec<(String, bool, Vec<String>)> {
        let mut all: Vec<_> =
            self.out.iter().map(|(id, office, _, notes)| (id.clone(), *office, notes.clone())).collect();
        all.sort();
        all
    }
}

impl Sink for Probe {
    fn person(&mut self, person: Person) {
        self.sources.person(person);
        self.tally();
    }
    fn reject(&mut self, _: Reject) {}
    fn office_records(&mut self, doj_follows: bool) {
        self.sources.office_records(doj_follows);
    }
    fn doj_records(&mut self) {
        self.sources.doj_records();
    }
    fn end(&mut self) {
        self.ended = true;
        self.sources.end();
        self.tally();
    }
    fn watch(&mut self) -> Option<&mut dyn Watch> {
        if self.watch { self.sources.watch() } else { None }
    }
}

fn read(inputs: &[PathBuf], watch: bool, county: &str) -> Probe {
    let mut probe = Probe::new(watch, county);
    let report = clearmotion::ingest::read(inputs, &ReadOptions::default(), &mut probe).unwrap();
    assert!(report.reconciles(), "every line accounted for");
    probe
}

const HEADER: &str = "person_id,name,dob,cii,case_number,court,county,code_section,level,conviction_date,sentence_end_date,prosecuting_agency\n";

#[test]
fn matched_people_are_handed_on_as_they_stream_past_with_the_same_outcome() {
    let dir = tempfile::tempdir().unwrap();
    let doj = dir.path().join("doj.dat");
    let options = clearmotion::sample::SampleOptions {
        rows: 20_000,
        seed: 12,
        county: "LOS ANGELES".to_owned(),
        ..Default::default()
    };
    clearmotion::sample::generate(&options, std::fs::File::create(&doj).unwrap()).unwrap();
    let built = clearmotion::sample::office::office_export(&doj, 12, "LOS ANGELES").unwrap();
    let export = write(dir.path(), "export.csv", &built.export);
    let inputs = [doj, export];

    let streaming = read(&inputs, true, "LOS ANGELES");
    let at_end = read(&inputs, false, "LOS ANGELES");
    let (during, end) = streaming.merged();
    assert!(during > 100, "matched DOJ people handed on while reading: {during}");
    // Only people another subject may also claim (namesakes, co-defendants,
    // the generator's hard cases) wait, and not all of them to the end.
    assert!(end * 20 < during, "{end} matched people waited to the end, {during} did not");
    assert_eq!(at_end.merged().0, 0, "without the pre-scan, matched people wait to the end");
    assert_eq!(streaming.sorted(), at_end.sorted(), "the same matches, notes and reviews either way");
}

/// A DOJ conviction row.
fn conviction(subject: &str, cnt: &str, cii: &str, name: &str, dob: &str, ofn: &str) -> Row {
    Row::new(subject, cnt).set("CII_NUMBER", cii).set("PRI_NAME", name).set("PRI_DOB", dob).set("OFN", ofn)
}

#[test]
fn an_office_person_two_subjects_may_claim_waits_for_both() {
    let dir = tempfile::tempdir().unwrap();
    let rows = [
        // S3 and S4: the same common name and date of birth, different CIIs, far apart.
        conviction("S3", "001002001000", "0000300003", "SMITH,JOHN", "19600101", "SF300003"),
        conviction("S7", "001002001000", "0000700007", "WONG,AMY", "19850505", "SF700007"),
        conviction("S8", "001002001000", "0000800008", "DIAZ,LUIS", "19720202", "SF800008"),
        conviction("S4", "001002001000", "0000300004", "SMITH,JOHN", "19600101", "SF300004"),
    ];
    let doj = write(dir.path(), "doj.dat", doj_text(&rows, true));
    let export = write(
        dir.path(),
        "export.csv",
        format!(
            "{HEADER}O3,\"SMITH,JOHN\",1960-01-01,,SF999999,CASC SAN FRANCISCO,SAN FRANCISCO,11357(b) HS,M,2013-01-01,,\n\
             O7,\"WONG,AMY\",1985-05-05,0000700007,SF700007,CASC SAN FRANCISCO,SAN FRANCISCO,11357(b) HS,M,2010-01-05,,\n"
        ),
    );
    let probe = read(&[doj, export], true, "SAN FRANCISCO");
    // S7 matches O7 (CII) and is handed on at once, before S3, who waited for S4.
    assert!(probe.position("S7") < probe.position("S3"), "{:?}", probe.out);
    assert!(probe.out.iter().any(|(id, office, during, notes)| id == "S7"
        && !office
        && *during
        && notes.iter().any(|n| n.contains(" both cii "))));
    for subject in ["S3", "S4"] {
        let (_, _, during, notes) = &probe.out[probe.position(subject)];
        assert!(*during, "{subject} handed on once S4 came past, before the end");
        assert!(notes.iter().all(|n| n.contains("office=[]")), "{subject} not merged: {notes:?}");
    }
    let o3 = probe.out.iter().find(|(id, office, ..)| id == "O3" && *office).unwrap();
    assert!(o3.3.iter().all(|n| n.contains("ambiguous") && n.contains("source_match_ambiguous")), "{:?}", o3.3);
}

#[test]
fn a_name_and_a_date_of_birth_from_different_rows_are_foreseen() {
    // The DOJ person's first row gives the date of birth, a later row the
    // name the office knows them by (with another date of birth).
    let rows = [
        conviction("S1", "001002001000", "0000100001", "DOE,JANE", "19800101", "SF100001"),
        conviction("S1", "002002001000", "0000100001", "ROE,JANE", "19810101", "SF100002"),
        conviction("S2", "001002001000", "0000200002", "DIAZ,LUIS", "19720202", "SF200002"),
    ];
    let probe = assert_foreseen(&rows, O1, "S1");
    let (_, _, during, _) = &probe.out[probe.position("S1")];
    assert!(*during, "S1 handed on while reading");
}

/// An office person only a name from one run (or part, or subject) of a
/// DOJ person's rows and a date of birth from another can match: read with
/// the pre-scan, the debug build checks every claim was foreseen, and the
/// outcome is the one deciding at the end gives. Returns the streaming read.
fn assert_foreseen(rows: &[Row], office: &str, subject: &str) -> Probe {
    let dir = tempfile::tempdir().unwrap();
    let doj = write(dir.path(), "doj.dat", doj_text(rows, true));
    let export = write(dir.path(), "export.csv", format!("{HEADER}{office}"));
    let inputs = [doj, export];
    let streaming = read(&inputs, true, "SAN FRANCISCO");
    let (_, _, _, notes) = &streaming.out[streaming.position(subject)];
    assert!(notes.iter().any(|n| n.contains("office_only name_dob")), "O1 merged into {subject}: {notes:?}");
    assert_eq!(streaming.sorted(), read(&inputs, false, "SAN FRANCISCO").sorted());
    streaming
}

const O1: &str = "O1,\"ROE,JANE\",1980-01-01,,SF555555,CASC SAN FRANCISCO,SAN FRANCISCO,11357(b) HS,M,2013-01-01,,\n";

#[test]
fn a_subject_whose_rows_are_not_together_is_foreseen() {
    // S1's first run has the date of birth O1 has, its second run (after
    // S2) the name: neither run matches O1 on its own. (S0 and S3: S1 is
    // neither the first subject read nor the last.)
    let rows = [
        conviction("S0", "001002001000", "0000000000", "WONG,AMY", "19850505", "SF000000"),
        conviction("S1", "001002001000", "0000100001", "DOE,JANE", "19800101", "SF100001"),
        conviction("S2", "001002001000", "0000200002", "DIAZ,LUIS", "19720202", "SF200002"),
        conviction("S1", "002002001000", "0000100001", "ROE,JANE", "19810101", "SF100002"),
        conviction("S3", "001002001000", "0000300003", "WONG,AMY", "19850505", "SF300003"),
    ];
    assert_foreseen(&rows, O1, "S1");
}

#[test]
fn subjects_sharing_a_cii_are_foreseen_together() {
    // S1 and S2 share a CII and are merged: S1 gives the date of birth, S2
    // (no date of birth) the hyphenated surname O1 has.
    let o1 =
        "O1,\"SMITHJONES,JOHN\",1980-01-01,,SF555555,CASC SAN FRANCISCO,SAN FRANCISCO,11357(b) HS,M,2013-01-01,,\n";
    let rows = [
        conviction("S1", "001002001000", "0000100001", "SMITH,JOHN", "19800101", "SF100001"),
        conviction("S3", "001002001000", "0000300003", "DIAZ,LUIS", "19720202", "SF300003"),
        conviction("S2", "001002001000", "0000100001", "SMITH-JONES,JOHN", "", "SF100002"),
    ];
    assert_foreseen(&rows, o1, "S1");
}

#[test]
fn a_subject_whose_rows_the_two_thread_pre_scan_cuts_is_foreseen() {
    // A file of more than 1 MiB is pre-scanned in two halves, cut at the
    // first newline past its middle. S1's rows before the cut have O1's
    // date of birth, those after it O1's name; every S1 row has the same
    // length either way, so the cut is where the layout says.
    let filler = |from: usize| -> Vec<Row> {
        (from..from + 1500)
            .map(|i| {
                conviction(&format!("F{i:05}"), "001002001000", &format!("{i:010}"), "DIAZ,LUIS", "19720202", "SF1")
            })
            .collect()
    };
    let s1 = |i: usize, name: &str, dob: &str| {
        let cnt = format!("{:03}{:03}001000", i / 50 + 1, i % 50 + 2);
        conviction("S1", &cnt, "0000100001", name, dob, &format!("SF{:06}", i / 50 + 1))
    };
    let mut rows = filler(0);
    rows.extend((0..1000).map(|i| s1(i, "DOE,JANE", "19800101")));
    rows.extend(filler(2000));
    let text = doj_text(&rows, true);
    assert!(text.len() >= 1 << 20, "two halves: {} bytes", text.len());
    let cut = text.len() / 2 + text.as_bytes()[text.len() / 2..].iter().position(|&b| b == b'\n').unwrap() + 1;
    let header = text.find('\n').unwrap() + 1;
    let lines_before: usize = text.as_bytes()[header..cut].iter().filter(|&&b| b == b'\n').count();
    let first_after = lines_before - 1500;
    assert!((1..999).contains(&first_after), "the cut falls inside S1's rows: {first_after}");
    for (i, row) in rows[1500..2500].iter_mut().enumerate().skip(first_after) {
        *row = s1(i, "ROE,JANE", "19810101");
    }
    assert_eq!(doj_text(&rows, true).len(), text.len());
    assert_foreseen(&rows, O1, "S1");
}
