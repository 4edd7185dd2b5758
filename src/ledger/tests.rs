use super::*;

fn date(text: &str) -> Date {
    Date::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn row(n: u64, count: &str) -> FiledRow {
    FiledRow {
        row: n,
        subject_id: format!("S{count}"),
        count_id: count.to_owned(),
        case_number: format!("SF-{n}"),
        court: "CASC SAN FRANCISCO".into(),
        level: "F".into(),
        relief: "dismiss_and_seal".into(),
        path: "application".into(),
        line: n + 1,
    }
}

fn filing(hash: &str, rows: Vec<FiledRow>) -> Filing {
    Filing {
        packet: "san-francisco".into(),
        filed_on: date("2026-12-01"),
        clerk_csv: "p/exhibit-a.csv".into(),
        clerk_csv_sha256: hash.into(),
        documents: vec![("01-motion.pdf".into(), "aa".into())],
        rows,
    }
}

fn outcome(line: u64, count: &str, kind: response::OutcomeKind) -> Outcome {
    Outcome { line, row: None, count_id: count.into(), subject_id: None, outcome: kind, order_date: date("2027-01-15") }
}

#[test]
fn a_new_ledger_is_migrated_and_reopens() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger.sqlite");
    let ledger = Ledger::open(&path).unwrap();
    assert_eq!(ledger.version().unwrap(), SCHEMA_VERSION);
    drop(ledger);
    let ledger = Ledger::open(&path).unwrap();
    assert_eq!(ledger.counts().unwrap(), StatusCounts::default());
}

#[test]
fn a_filing_is_recorded_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut ledger = Ledger::open(&dir.path().join("l.sqlite")).unwrap();
    ledger.record_filing(&filing("h1", vec![row(1, "C1"), row(2, "C2")])).unwrap();
    let err = ledger.record_filing(&filing("h1", vec![row(1, "C1")])).unwrap_err().to_string();
    assert!(err.contains("already recorded as filed on 2026-12-01"), "{err}");
    // The same conviction in another packet: refused, and nothing of that packet recorded.
    let err = ledger.record_filing(&filing("h2", vec![row(1, "C9"), row(2, "C2")])).unwrap_err().to_string();
    assert!(err.contains("p/exhibit-a.csv:3: row 2, count C2, was already filed on 2026-12-01"), "{err}");
    let filed = ledger.filed().unwrap();
    assert_eq!(filed.len(), 2);
    assert!(!filed.contains_key(&("SC9".to_owned(), "C9".to_owned())));
    assert_eq!(ledger.counts().unwrap(), StatusCounts { filed: 2, awaiting_order: 2, ..Default::default() });
}

#[test]
fn outcomes_need_a_filed_row_and_apply_all_or_nothing() {
    use response::OutcomeKind::*;
    let dir = tempfile::tempdir().unwrap();
    let mut ledger = Ledger::open(&dir.path().join("l.sqlite")).unwrap();
    ledger.record_filing(&filing("h1", vec![row(1, "C1"), row(2, "C2")])).unwrap();
    let err = ledger
        .record_outcomes("resp.csv", &[outcome(2, "C1", Granted), outcome(3, "NOPE", Granted)])
        .unwrap_err()
        .to_string();
    assert!(err.contains("resp.csv:3: count NOPE was never recorded as filed"), "{err}");
    assert_eq!(ledger.counts().unwrap().granted, 0, "nothing half-applied");
    let mut wrong_row = outcome(2, "C1", Granted);
    wrong_row.row = Some(7);
    let err = ledger.record_outcomes("resp.csv", &[wrong_row]).unwrap_err().to_string();
    assert!(err.contains("is row 1 of san-francisco, not row 7"), "{err}");
    let counts = ledger.record_outcomes("resp.csv", &[outcome(2, "C1", Granted), outcome(3, "C2", Denied)]).unwrap();
    assert_eq!((counts.granted, counts.denied, counts.replaced), (1, 1, 0));
    // Another response contradicting the first: refused.
    let err = ledger.record_outcomes("later.csv", &[outcome(2, "C1", Denied)]).unwrap_err().to_string();
    assert!(err.contains("later.csv:2: count C1 is denied, but resp.csv recorded it granted"), "{err}");
    assert_eq!(
        ledger.counts().unwrap(),
        StatusCounts { filed: 2, awaiting_order: 0, granted: 1, denied: 1, modified: 0 }
    );
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.sqlite");
    std::fs::write(&path, "subject_id,count_id\nS1,C1\n".repeat(200)).unwrap();
    let err = Ledger::open(&path).err().unwrap();
    assert!(matches!(err, LedgerError::NotSqlite { .. }), "{err:?}");
    assert!(err.to_string().starts_with(&format!("{}: not a clearmotion ledger", path.display())));
}

#[test]
fn a_newer_ledger_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("l.sqlite");
    drop(Ledger::open(&path).unwrap());
    let conn = Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1).unwrap();
    drop(conn);
    let err = Ledger::open(&path).err().unwrap().to_string();
    assert!(err.contains("written by a newer clearmotion"), "{err}");
}

#[test]
fn a_damaged_ledger_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("l.sqlite");
    let mut ledger = Ledger::open(&path).unwrap();
    let rows: Vec<FiledRow> = (1..=2000).map(|n| row(n, &format!("C{n}"))).collect();
    ledger.record_filing(&filing("h1", rows)).unwrap();
    ledger.conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);").unwrap();
    drop(ledger);
    let mut bytes = std::fs::read(&path).unwrap();
    assert!(bytes.len() > 8192);
    // Overwrite the middle of the second page onward: b-tree pages turn to noise.
    let end = bytes.len() - 100;
    for b in &mut bytes[4096 + 100..end] {
        *b = b.wrapping_mul(31).wrapping_add(7);
    }
    std::fs::write(&path, bytes).unwrap();
    let err = Ledger::open(&path).err().unwrap();
    assert!(matches!(err, LedgerError::Corrupt { .. } | LedgerError::NotSqlite { .. }), "{err:?}");
}

#[test]
fn a_second_writer_is_told_the_ledger_is_in_use() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("l.sqlite");
    let mut first = Ledger::open(&path).unwrap();
    let mut second = Ledger::open(&path).unwrap();
    let tx = first.conn.transaction_with_behavior(TransactionBehavior::Immediate).unwrap();
    let err = second.record_filing(&filing("h1", vec![row(1, "C1")])).unwrap_err();
    assert!(matches!(err, LedgerError::InUse { .. }), "{err:?}");
    drop(tx);
    second.record_filing(&filing("h1", vec![row(1, "C1")])).unwrap();
}

#[test]
fn court_responses_are_read_by_column_name_or_mapping() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("resp.csv");
    std::fs::write(
        &path,
        "row,count_id,subject_id,name,outcome,order_date\n1,C1,S1,X,granted,2027-01-15\n2,C2,,Y,Denied,01/16/2027\n",
    )
    .unwrap();
    let got = read_response(&path, &ResponseMapping::default()).unwrap();
    assert_eq!(got.len(), 2);
    assert_eq!((got[1].line, got[1].row, got[1].outcome), (3, Some(2), response::OutcomeKind::Denied));
    assert_eq!(got[1].order_date, date("2027-01-16"));
    std::fs::write(&path, "Line,DA Count,Ruling,Order Date\n1,C1,GRANTED IN FULL,2027-01-15\n").unwrap();
    let map = dir.path().join("map.toml");
    std::fs::write(&map, "[columns]\nrow = \"Line\"\ncount_id = \"DA Count\"\noutcome = \"Ruling\"\norder_date = \"Order Date\"\n[outcomes]\n\"GRANTED IN FULL\" = \"granted\"\n").unwrap();
    let got = read_response(&path, &ResponseMapping::load(&map).unwrap()).unwrap();
    assert_eq!(got[0].outcome, response::OutcomeKind::Granted);
    let err = read_response(&path, &ResponseMapping::default()).unwrap_err();
    assert!(err.contains("no `count_id` column"), "{err}");
}

#[test]
fn court_response_errors_name_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("resp.csv");
    let cases = [
        ("1,C1,granted,2027-01-15\n2,C1,denied,2027-01-15\n", ":3: count C1 is denied here but granted on line 2"),
        ("1,C1,granted,2027-01-15\n2,C1,granted,2027-01-15\n", ":3: count C1 is listed twice (first on line 2)"),
        ("1,C1,maybe,2027-01-15\n", ":2: outcome \"maybe\" is not granted"),
        ("1,C1,granted,15.01.2027\n", ":2: order_date \"15.01.2027\" is not a date"),
        ("x,C1,granted,2027-01-15\n", ":2: row \"x\" is not a number"),
    ];
    for (body, want) in cases {
        std::fs::write(&path, format!("row,count_id,outcome,order_date\n{body}")).unwrap();
        let err = read_response(&path, &ResponseMapping::default()).unwrap_err();
        assert!(err.contains(&format!("{}{want}", path.display())), "{err} / {want}");
    }
}

#[test]
fn a_mapping_with_an_unknown_key_or_outcome_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let map = dir.path().join("map.toml");
    std::fs::write(&map, "[columns]\nruling = \"Ruling\"\n").unwrap();
    assert!(ResponseMapping::load(&map).unwrap_err().contains("[columns] ruling: unknown"));
    std::fs::write(&map, "[outcomes]\n\"OK\" = \"approved\"\n").unwrap();
    assert!(ResponseMapping::load(&map).unwrap_err().contains("must be granted, denied or modified"));
}

#[test]
fn the_ledger_is_found_by_flag_then_office_key() {
    let flag = Path::new("/x/flag.sqlite");
    assert_eq!(locate(Some(flag), Some(Path::new("l.sqlite")), None).as_deref(), Some(flag));
    assert_eq!(
        locate(None, Some(Path::new("l.sqlite")), Some(Path::new("/office/office.toml"))),
        Some(PathBuf::from("/office/l.sqlite"))
    );
    assert_eq!(locate(None, None, Some(Path::new("/office/office.toml"))), None);
}

#[test]
fn a_count_id_shared_by_two_people_needs_the_subject_id() {
    use response::OutcomeKind::*;
    let dir = tempfile::tempdir().unwrap();
    let mut ledger = Ledger::open(&dir.path().join("l.sqlite")).unwrap();
    let mut second = row(2, "C1");
    second.subject_id = "OTHER".into();
    ledger.record_filing(&filing("h1", vec![row(1, "C1"), second])).unwrap();
    let err = ledger.record_outcomes("r.csv", &[outcome(2, "C1", Granted)]).unwrap_err().to_string();
    assert!(
        err.contains("r.csv:2: count C1 names 2 filed convictions; the response needs the subject_id column"),
        "{err}"
    );
    let mut by_row = outcome(2, "C1", Granted);
    by_row.row = Some(2);
    let mut by_subject = outcome(3, "C1", Denied);
    by_subject.subject_id = Some("SC1".into());
    ledger.record_outcomes("r.csv", &[by_row, by_subject]).unwrap();
    let filed = ledger.filed().unwrap();
    assert_eq!(filed[&("OTHER".to_owned(), "C1".to_owned())].outcome.as_ref().unwrap().0, "granted");
    assert_eq!(filed[&("SC1".to_owned(), "C1".to_owned())].outcome.as_ref().unwrap().0, "denied");
}
