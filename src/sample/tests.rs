use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::{Datelike, NaiveDate};
use csv::StringRecord;

use super::*;

fn options(rows: u64, seed: u64) -> SampleOptions {
    SampleOptions { rows, seed, ..SampleOptions::default() }
}

fn bytes(options: &SampleOptions) -> Vec<u8> {
    let mut out = Vec::new();
    generate(options, &mut out).expect("generates");
    out
}

fn records(data: &[u8]) -> Vec<StringRecord> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(data)
        .records()
        .map(|record| record.expect("valid CSV"))
        .collect()
}

fn date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y%m%d").ok()
}

fn age(dob: NaiveDate, on: NaiveDate) -> i32 {
    let mut age = on.year() - dob.year();
    if (on.month(), on.day()) < (dob.month(), dob.day()) {
        age -= 1;
    }
    age
}

/// The charge of a row: `OFFENSE_DESCR`, or `COMMENT_TEXT` when that is blank
/// or says `SEE COMMENT FOR CHARGE`.
fn charge(row: &StringRecord) -> &str {
    let offense = row[col::OFFENSE_DESCR].trim();
    if offense.is_empty() || offense == "SEE COMMENT FOR CHARGE" { row[col::COMMENT_TEXT].trim() } else { offense }
}

fn is_cannabis(text: &str) -> bool {
    let text = text.trim_start();
    let text = text.strip_prefix("664/").unwrap_or(text);
    ["11357", "11358", "11359", "11360"].iter().any(|section| text.starts_with(section))
}

fn is_serious(text: &str) -> bool {
    let text = text.to_ascii_uppercase();
    ["187", "664/187", "261(A)(2)", "261 PC", "288(A)", "207", "209", "191.5", "311.11", "314"]
        .iter()
        .any(|section| text.starts_with(section))
}

fn convicted(row: &StringRecord) -> bool {
    row[col::DISP_DESCR].starts_with("CONVICTED")
}

fn step(row: &StringRecord) -> &str {
    &row[col::CNT_ORDER][..6]
}

fn cycle(row: &StringRecord) -> &str {
    &row[col::CNT_ORDER][..3]
}

fn column(name: &str) -> usize {
    col::NAMES.iter().position(|n| *n == name).expect("known column")
}

#[test]
fn same_options_same_bytes_other_seed_other_bytes() {
    let first = bytes(&SampleOptions::default());
    assert_eq!(first, bytes(&SampleOptions::default()));
    assert_ne!(first, bytes(&options(5000, 65)));
    assert_eq!(bytes(&options(300, 7)), bytes(&options(300, 7)));
}

#[test]
fn fewer_rows_give_a_prefix() {
    let long = bytes(&options(2000, 64));
    let short = bytes(&options(333, 64));
    assert!(long.starts_with(&short));
}

#[test]
fn exact_row_counts_with_and_without_header() {
    for rows in [0, 1, 7, 5000] {
        for header in [true, false] {
            let options = SampleOptions { rows, header, ..SampleOptions::default() };
            let mut out = Vec::new();
            let stats = generate(&options, &mut out).expect("generates");
            assert_eq!(stats.rows, rows);
            assert!(stats.people <= rows && (rows == 0) == (stats.people == 0));
            let all = records(&out);
            assert_eq!(all.len() as u64, rows + u64::from(header), "rows {rows} header {header}");
            let data = if header {
                assert_eq!(&all[0][0], "RECORD_ID");
                assert_eq!(all[0].len(), col::COUNT + 1);
                assert_eq!(&all[0][col::COUNT], "");
                for (index, name) in col::NAMES.iter().enumerate() {
                    assert_eq!(&all[0][index], *name);
                }
                &all[1..]
            } else {
                &all[..]
            };
            for row in data {
                assert_eq!(row.len(), col::COUNT);
                assert_ne!(&row[col::RECORD_ID], "RECORD_ID");
            }
            let people: HashSet<&str> = data.iter().map(|row| &row[col::SUBJECT_ID]).collect();
            assert_eq!(people.len() as u64, stats.people);
            assert!(out.is_empty() || out.ends_with(b"\n"));
        }
    }
}

#[test]
fn unknown_county_is_invalid_input() {
    let err = generate(&SampleOptions { county: "GOTHAM".to_owned(), ..SampleOptions::default() }, Vec::new())
        .expect_err("not a county");
    assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
    let message = err.to_string();
    assert!(message.contains("GOTHAM") && message.contains("SAN FRANCISCO") && message.contains("58"), "{message}");
}

#[test]
fn county_matches_without_case_and_is_written_upper_case() {
    let out = bytes(&SampleOptions { county: "sacramento".to_owned(), rows: 500, ..SampleOptions::default() });
    let all = records(&out);
    let home = all[1..].iter().filter(|row| &row[col::STP_ORI_CNTY_NAME] == "SACRAMENTO").count();
    assert!(home * 2 > all.len());
    assert!(!String::from_utf8_lossy(&out).contains("sacramento"));
}

#[test]
fn known_counties_are_the_58() {
    let counties = known_counties();
    assert_eq!(counties.len(), 58);
    assert_eq!(counties.iter().collect::<BTreeSet<_>>().len(), 58);
    assert!(counties.iter().all(|c| c.chars().all(|ch| ch.is_ascii_uppercase() || ch == ' ')));
    for county in ["LOS ANGELES", "SAN FRANCISCO", "SACRAMENTO", "SAN JOAQUIN", "YUBA", "ALPINE"] {
        assert!(counties.contains(&county), "{county}");
    }
}

#[test]
fn const_dates_agree_with_chrono() {
    for (y, m, d) in [(1, 1, 1), (1935, 1, 1), (1970, 1, 1), (2000, 2, 29), (2016, 11, 9), (2019, 6, 30), (2100, 3, 1)]
    {
        let chrono = NaiveDate::from_ymd_opt(y, m, d).expect("valid").num_days_from_ce();
        assert_eq!(day(y, m, d), chrono, "{y}-{m}-{d}");
    }
}

/// Strings are written into fields unquoted: none may need quoting.
#[test]
fn table_strings_are_csv_safe() {
    let offenses = tables::CANNABIS_PRE
        .iter()
        .chain(tables::CANNABIS_CONSPIRACY)
        .chain(tables::CANNABIS_POST)
        .chain(tables::OTHER)
        .chain(tables::SERVING_OTHER)
        .chain(tables::PLEA)
        .chain(tables::SERIOUS.iter().map(|s| &s.offense))
        .map(|o| o.descr);
    let words = tables::COUNTIES
        .iter()
        .chain(&tables::SEATS)
        .chain(tables::CANNABIS_MENTIONS)
        .chain(tables::PLAIN_COMMENTS)
        .chain(tables::NO_COURT_DISPOSITIONS)
        .copied()
        .chain(offenses)
        .chain([tables::REGISTRATION_OFFENSE]);
    for word in words {
        assert!(!word.contains([',', '"', '\n', '\r']), "{word}");
    }
    let names = tables::LAST_NAMES
        .iter()
        .chain(tables::ACCENTED_LAST_NAMES)
        .chain(tables::FIRST_NAMES)
        .chain(tables::ACCENTED_FIRST_NAMES);
    for name in names {
        assert!(!name.contains([',', '"', '\n', '\r']), "{name}");
    }
}

/// Every feature the tool must handle shows up in a default 5,000-row sample.
#[test]
fn default_sample_is_realistic() {
    let missing = missing_features(&SampleOptions::default());
    assert!(missing.is_empty(), "missing from the sample: {missing:?}");
}

/// Not only the default seed and county.
#[test]
fn other_samples_are_realistic() {
    for (seed, county) in [(1, "SACRAMENTO"), (2, "LOS ANGELES"), (3, "ALPINE")] {
        let options = SampleOptions { seed, county: county.to_owned(), ..SampleOptions::default() };
        let missing = missing_features(&options);
        assert!(missing.is_empty(), "seed {seed}, {county}: missing from the sample: {missing:?}");
    }
}

/// Checks a sample's rows; returns the features it lacks.
fn missing_features(options: &SampleOptions) -> Vec<&'static str> {
    let mut out = Vec::new();
    let stats = generate(options, &mut out).expect("generates");
    let all = records(&out);
    let rows = &all[1..];
    let home = options.county.as_str();

    // People: contiguous runs of one SUBJECT_ID, in CNT_ORDER order.
    let mut people: Vec<&[StringRecord]> = Vec::new();
    let mut start = 0;
    for at in 1..=rows.len() {
        if at == rows.len() || rows[at][col::SUBJECT_ID] != rows[start][col::SUBJECT_ID] {
            people.push(&rows[start..at]);
            start = at;
        }
    }
    assert_eq!(people.len() as u64, stats.people, "each person's rows are contiguous");
    let mut subjects = HashSet::new();
    let mut ciis = HashSet::new();
    for person in &people {
        let subject = &person[0][col::SUBJECT_ID];
        assert!(subject.len() == 8 && subject.bytes().all(|b| b.is_ascii_digit()), "{subject}");
        assert!(subjects.insert(subject.to_owned()), "SUBJECT_ID {subject} unique");
        let cii = &person[0][col::CII_NUMBER];
        assert!(cii.len() == 10 && cii.bytes().all(|b| b.is_ascii_digit()), "{cii}");
        assert!(ciis.insert(cii.to_owned()), "CII unique");
        for row in person.iter() {
            assert_eq!(&row[col::CII_NUMBER], cii);
            assert_eq!(&row[column("REQ_CII_NUMBER")], cii);
            assert_eq!(&row[col::PRI_DOB], &person[0][col::PRI_DOB]);
        }
        let orders: Vec<&str> = person.iter().map(|row| &row[col::CNT_ORDER]).collect();
        assert!(orders.windows(2).all(|w| w[0] <= w[1]), "CNT_ORDER in order");
        assert!(orders[0].starts_with("001"), "cycles start at 001");
        let cycles: BTreeSet<&str> = person.iter().map(cycle).collect();
        let numbers: Vec<u32> = cycles.iter().map(|c| c.parse().expect("digits")).collect();
        assert_eq!(numbers, (1..=numbers.len() as u32).collect::<Vec<_>>(), "cycles numbered 1..");
        assert!(numbers.len() <= 15);
    }

    let mut found: Vec<(&str, bool)> = Vec::new();
    let mut check = |name: &'static str, ok: bool| found.push((name, ok));
    let any = |test: &dyn Fn(&StringRecord) -> bool| rows.iter().any(test);

    // Row shape.
    let seps =
        ["REQ_SEG_SEP", "PII_SEG_SEP", "PDR_SEG_SEP", "CYC_SEG_SEP", "STP_SEG_SEP", "CNT_SEG_SEP", "SENT_SEG_SEP"];
    check(
        "separators and END_OF_REC are #",
        rows.iter().all(|row| seps.iter().all(|s| &row[column(s)] == "#") && &row[col::END_OF_REC] == "#"),
    );
    check(
        "CNT_ORDER is 12 digits ending 000",
        rows.iter().all(|row| {
            let order = &row[col::CNT_ORDER];
            order.len() == 12 && order.bytes().all(|b| b.is_ascii_digit()) && order.ends_with("000")
        }),
    );
    check(
        "event and cycle dates are YYYYMMDD",
        rows.iter().all(|row| date(&row[col::STP_EVENT_DATE]).is_some() && date(&row[col::CYC_DATE]).is_some()),
    );
    check("DISP_DATE often empty", any(&|row| row[col::DISP_DATE].is_empty()));
    check("DISP_DATE sometimes set", any(&|row| date(&row[col::DISP_DATE]).is_some()));
    check(
        "sensitive columns are filled with fake values",
        rows.iter().all(|row| {
            row[col::PRI_SSN].starts_with("000-00-")
                && row[col::REQ_SSN].starts_with("000-00-")
                && row[col::PRI_CDL].starts_with('X')
                && row[col::REQ_CDL].starts_with('X')
                && row[col::FBI_NUMBER].starts_with("XXX")
        }),
    );

    // People and cycles.
    let cycle_counts: Vec<usize> =
        people[..people.len() - 1].iter().map(|p| p.iter().map(cycle).collect::<HashSet<_>>().len()).collect();
    check("people with one cycle", cycle_counts.contains(&1));
    check("people with ten or more cycles", cycle_counts.iter().any(|&n| n >= 10));
    check(
        "every cycle starts with an arrest (or a death)",
        rows.iter()
            .filter(|row| &row[col::CNT_ORDER][3..6] == "001")
            .all(|row| matches!(&row[col::STP_TYPE_DESCR], "ARREST/DETAINED/CITED" | "DECEASED")),
    );
    check(
        "arrests without a court action",
        people.iter().any(|p| {
            let steps: HashMap<&str, BTreeSet<&str>> = p.iter().fold(HashMap::new(), |mut map, row| {
                map.entry(cycle(row)).or_default().insert(&row[col::STP_TYPE_DESCR]);
                map
            });
            steps.values().any(|kinds| kinds.len() == 1 && kinds.contains("ARREST/DETAINED/CITED"))
        }),
    );
    check("police departments", any(&|row| row[col::STP_ORI_DESCR].starts_with("CAPD ")));
    check("sheriffs", any(&|row| row[col::STP_ORI_DESCR].starts_with("CASO ")));
    check("home superior court", any(&|row| row[col::STP_ORI_DESCR] == format!("CASC {home}")));
    check("former municipal courts", any(&|row| row[col::STP_ORI_DESCR].starts_with("CAMC ")));
    check(
        "courts are in the step's county",
        rows.iter().filter(|row| &row[col::STP_TYPE_DESCR] == "COURT ACTION").all(|row| {
            let county = &row[col::STP_ORI_CNTY_NAME];
            let at = tables::COUNTIES.iter().position(|c| *c == county).expect("a county");
            let court = &row[col::STP_ORI_DESCR];
            court == format!("CASC {county}")
                || court == format!("CAMC {county}")
                || court == format!("CAMC {}", tables::SEATS[at])
        }),
    );
    let home_rows = rows.iter().filter(|row| &row[col::STP_ORI_CNTY_NAME] == home).count();
    check("most history in the home county", home_rows * 10 > rows.len() * 6);
    let counties: HashSet<&str> = rows.iter().map(|row| &row[col::STP_ORI_CNTY_NAME]).collect();
    check("history in several other counties", counties.len() >= 6);
    check(
        "convictions in the home county and another one",
        people.iter().any(|p| {
            let convicted_in = |home_county: bool| {
                p.iter().any(|row| convicted(row) && (&row[col::STP_ORI_CNTY_NAME] == home) == home_county)
            };
            convicted_in(true) && convicted_in(false)
        }),
    );

    // Dispositions, case numbers and sentences.
    for disp in [
        "CONVICTED-JAIL",
        "CONVICTED-PROBATION",
        "CONVICTED-PRISON",
        "CONVICTED-FINE",
        "DISMISSED",
        "ACQUITTED",
        "PROS REL-DETENTION ONLY",
    ] {
        let ok = any(&|row| &row[col::DISP_DESCR] == disp);
        found.push((disp, ok));
    }
    let mut check = |name: &'static str, ok: bool| found.push((name, ok));
    let court = |row: &StringRecord| &row[col::STP_TYPE_DESCR] == "COURT ACTION";
    check(
        "court case numbers",
        any(&|row| {
            court(row)
                && row[col::OFN].starts_with(|c: char| c.is_ascii_alphanumeric())
                && row[col::OFN].trim() != "NULL"
        }),
    );
    check("NULL court case numbers", any(&|row| court(row) && row[col::OFN].trim() == "NULL"));
    check("FE_NUM_CRT_CASE", any(&|row| court(row) && !row[col::FE_NUM_CRT_CASE].is_empty()));
    for (place, code) in [("JAIL", "J"), ("PROBATION", "P"), ("PRISON", "S")] {
        check(
            "sentence places",
            any(&|row| &row[col::SENT_LOC_DESCR] == place && &row[column("SENT_LOC_CODE")] == code),
        );
    }
    for (code, descr) in [("D", "DAYS"), ("M", "MONTHS"), ("Y", "YEARS")] {
        check(
            "sentence units",
            any(&|row| &row[col::SENT_TIME_CODE] == code && row[column("SENT_TIME_DESCR")].trim() == descr),
        );
    }
    check(
        "sentence rows are whole",
        rows.iter().all(|row| {
            let blank = row[col::SENT_LENGTH].is_empty();
            blank == row[col::SENT_TIME_CODE].is_empty()
                && blank == row[col::SENT_LOC_DESCR].is_empty()
                && (blank || (convicted(row) && row[col::SENT_LENGTH].parse::<u32>().is_ok()))
        }),
    );
    let mut parts: HashMap<(&str, &str), usize> = HashMap::new();
    for row in rows.iter().filter(|row| convicted(row)) {
        *parts.entry((&row[col::SUBJECT_ID], &row[col::CNT_ORDER])).or_default() += 1;
    }
    check("counts with two sentence rows", parts.values().any(|&n| n == 2));
    check("counts with three sentence rows", parts.values().any(|&n| n == 3));
    check(
        "people still serving (2014-2016, long prison terms)",
        any(&|row| {
            let year = date(&row[col::STP_EVENT_DATE]).map_or(0, |d| d.year());
            convicted(row)
                && (2014..=2016).contains(&year)
                && &row[col::SENT_LOC_DESCR] == "PRISON"
                && &row[col::SENT_TIME_CODE] == "Y"
                && row[col::SENT_LENGTH].parse::<u32>().is_ok_and(|n| n >= 12)
        }),
    );
    let prop64 = NaiveDate::from_ymd_opt(2016, 11, 9).expect("date");
    let after_prop64 = |row: &StringRecord| date(&row[col::STP_EVENT_DATE]).is_some_and(|d| d >= prop64);
    check("convictions after Prop 64", any(&|row| convicted(row) && after_prop64(row)));
    check(
        "cannabis convictions after Prop 64",
        any(&|row| convicted(row) && after_prop64(row) && is_cannabis(charge(row))),
    );
    check(
        "nothing after the extract date",
        rows.iter().all(|row| {
            date(&row[col::STP_EVENT_DATE]).is_some_and(|d| d <= NaiveDate::from_ymd_opt(2019, 6, 30).expect("date"))
        }),
    );

    // Levels.
    for stat in ["FELONY", "MISDEMEANOR", "INFRACTION"] {
        check("conviction levels", any(&|row| convicted(row) && &row[col::CONV_STAT_DESCR] == stat));
    }
    for toc in ["F", "M"] {
        check(
            "blank level, type of charge decides",
            any(&|row| convicted(row) && row[col::CONV_STAT_DESCR].is_empty() && &row[col::OFFENSE_TOC] == toc),
        );
    }

    // Offenses in every spelling.
    let spellings = [
        "11357(C)HS",
        "11357 HS",
        "11357(A) HS",
        "11357A-",
        "11357(B) HS",
        "11357(b) hs",
        " 11357  HS",
        "664/11357",
        "11358 HS",
        " 11358  HS",
        "11358 hs",
        "11359 HS",
        "11359HS",
        "11359(c)(3)",
        "11360(A) HS",
        "11360(a) HS",
        "11360A HS",
        "11360A2 HS",
        "11360(A)(3)(C) HS",
        "11360(B) HS",
        "182/11360 HS",
        "23152(A) VC",
        "484 PC",
        "459 PC",
        "148(A)(1) PC",
        "245(A)(1) PC",
        "11350",
        "11377",
        "11364 HS",
        "11366 HS",
        "32 PC",
        "4573.6 PC",
        "1170 PC",
        "653F(A) PC",
        "261.5(C) PC",
        "187 PC-MURDER",
        "664/187 PC",
        "261(A)(2) PC",
        "288(A) PC",
        "207 PC",
        "261 PC",
        "311.11(A) PC",
        "314 PC",
        "314.1 PC",
    ];
    for spelling in spellings {
        let ok = any(&|row| {
            row[col::OFFENSE_DESCR].starts_with(spelling) || row[col::COMMENT_TEXT].starts_with(spelling.trim_start())
        });
        found.push((spelling, ok));
    }
    let mut check = |name: &'static str, ok: bool| found.push((name, ok));

    // Cannabis convictions and what surrounds them.
    let mut before = false;
    let mut after = false;
    let mut same_case = false;
    let mut repeat = false;
    let mut plea = false;
    let mut everyone_has_cannabis = true;
    for person in &people[..people.len() - 1] {
        let cannabis: BTreeSet<&str> =
            person.iter().filter(|row| convicted(row) && is_cannabis(charge(row))).map(step).collect();
        let serious: BTreeSet<&str> =
            person.iter().filter(|row| convicted(row) && is_serious(charge(row))).map(step).collect();
        everyone_has_cannabis &= person.iter().any(|row| {
            convicted(row) && is_cannabis(charge(row)) && &row[col::STP_ORI_CNTY_NAME] == home && !after_prop64(row)
        });
        before |= serious.iter().any(|s| cannabis.iter().any(|c| s[..3] < c[..3]));
        after |= serious.iter().any(|s| cannabis.iter().any(|c| s[..3] > c[..3]));
        same_case |= serious.intersection(&cannabis).next().is_some();
        repeat |= cannabis.iter().map(|s| &s[..3]).collect::<HashSet<_>>().len() >= 2;
        plea |= person.iter().any(|row| {
            let text = charge(row);
            convicted(row)
                && (text.starts_with("32 PC") || text.starts_with("11364 HS") || text.starts_with("11366 HS"))
                && person.iter().any(|other| cycle(other) == cycle(row) && is_cannabis(charge(other)))
        });
    }
    check("every person has a pre-Prop 64 cannabis conviction at home", everyone_has_cannabis);
    check("superstrike / PC 290 offense before the cannabis conviction", before);
    check("superstrike / PC 290 offense after the cannabis conviction", after);
    check("superstrike / PC 290 offense in the same case", same_case);
    check("repeat cannabis offenders", repeat);
    check("possible plea bargains", plea);
    check(
        "comment-only cannabis charges",
        any(&|row| &row[col::OFFENSE_DESCR] == "SEE COMMENT FOR CHARGE" && is_cannabis(&row[col::COMMENT_TEXT])),
    );
    check(
        "blank offense, charge in the comment",
        any(&|row| row[col::OFFENSE_DESCR].is_empty() && !row[col::COMMENT_TEXT].is_empty()),
    );
    check(
        "comment mentions cannabis while the offense names another charge",
        any(&|row| {
            let offense = &row[col::OFFENSE_DESCR];
            !offense.is_empty()
                && offense != "SEE COMMENT FOR CHARGE"
                && !is_cannabis(offense)
                && ["11357", "11358", "11359", "11360"].iter().any(|s| row[col::COMMENT_TEXT].contains(s))
        }),
    );
    check("deceased people", any(&|row| &row[col::STP_TYPE_DESCR] == "DECEASED"));
    check(
        "PC 290 registrations",
        any(&|row| &row[col::STP_TYPE_DESCR] == "REGISTRATION" && row[col::OFFENSE_DESCR].starts_with("290 PC")),
    );

    // Ages and dates of birth.
    let dobs: Vec<NaiveDate> = people.iter().map(|p| date(&p[0][col::PRI_DOB]).expect("a date of birth")).collect();
    check("dates of birth 1935-2000", dobs.iter().all(|d| (1935..=2000).contains(&d.year())));
    check("people born before 1945", dobs.iter().any(|d| d.year() < 1945));
    check("people born after 1994", dobs.iter().any(|d| d.year() > 1994));
    check(
        "CYC_AGE is the age at the cycle",
        rows.iter().all(|row| {
            let dob = date(&row[col::PRI_DOB]).expect("dob");
            let on = date(&row[col::CYC_DATE]).expect("cycle date");
            row[col::CYC_AGE].parse::<i32>().ok() == Some(age(dob, on))
        }),
    );
    check(
        "under 21 at a cannabis conviction",
        any(&|row| {
            let dob = date(&row[col::PRI_DOB]).expect("dob");
            convicted(row) && is_cannabis(charge(row)) && age(dob, date(&row[col::STP_EVENT_DATE]).expect("date")) < 21
        }),
    );
    check(
        "people of many ages at conviction",
        any(&|row| convicted(row) && row[col::CYC_AGE].parse::<u32>().is_ok_and(|a| a >= 50)),
    );

    // Names: fake, LAST,FIRST M, some accented, some aliases.
    let fake_last = |last: &str| {
        tables::ACCENTED_LAST_NAMES.contains(&last) || last.split('-').all(|part| tables::LAST_NAMES.contains(&part))
    };
    let fake_first = |first: &str| {
        tables::FIRST_NAMES.contains(&first)
            || tables::ACCENTED_FIRST_NAMES.iter().any(|f| first == *f || first.starts_with(&format!("{f} ")))
            || first.split_once(' ').is_some_and(|(f, _)| tables::FIRST_NAMES.contains(&f))
    };
    check(
        "names are LAST,FIRST M and made up",
        rows.iter().all(|row| {
            row[col::PRI_NAME].split_once(',').is_some_and(|(last, first)| fake_last(last) && fake_first(first))
        }),
    );
    check("accented names", any(&|row| !row[col::PRI_NAME].is_ascii() && row[col::PRI_NAME].contains('\'')));
    check("aliases", people.iter().any(|p| p.iter().map(|row| &row[col::PRI_NAME]).collect::<HashSet<_>>().len() > 1));
    check("both genders", any(&|row| &row[col::GENDER] == "F") && any(&|row| &row[col::GENDER] == "M"));

    found.iter().filter(|(_, ok)| !ok).map(|(name, _)| *name).collect()
}

#[test]
#[ignore = "checks many seeds; slow in debug builds"]
fn many_samples_are_realistic() {
    let mut failures = Vec::new();
    for seed in 0..200 {
        let county = known_counties()[seed as usize % 58];
        let options = SampleOptions { seed, county: county.to_owned(), ..SampleOptions::default() };
        let missing = missing_features(&options);
        if !missing.is_empty() {
            failures.push(format!("seed {seed} {county}: {missing:?}"));
        }
    }
    assert!(failures.is_empty(), "{} of 200 samples lack features:\n{}", failures.len(), failures.join("\n"));
}

/// `cargo test --release --lib sample::tests::speed -- --ignored --nocapture`
#[test]
#[ignore = "a benchmark"]
fn speed() {
    let options = options(1_000_000, 64);
    let started = std::time::Instant::now();
    let stats = generate(&options, io::sink()).expect("generates");
    let took = started.elapsed();
    println!(
        "{} rows, {} people in {took:?} ({:.0} rows/s)",
        stats.rows,
        stats.people,
        stats.rows as f64 / took.as_secs_f64()
    );
}
