//! The clerk's data file: Exhibit A of one packet as CSV, same row numbers,
//! so the clerk can update the court's case system. `statutory_basis` is
//! Exhibit A's basis column, word for word; `path` is `application` or `petition`.
//!
//! Every cell goes through [`crate::output::spreadsheet_safe`], so a name like `=cmd()`
//! never runs as a formula; nothing else is changed. Written under a
//! temporary name and renamed when complete.

use std::path::Path;

use super::{DocketError, Packet};
use crate::output::CsvFile;
#[cfg(test)]
use crate::output::spreadsheet_safe;

/// The columns, in order.
pub const COLUMNS: [&str; 16] = [
    "row",
    "count_id",
    "subject_id",
    "name",
    "aka",
    "dob",
    "cii",
    "case_number",
    "court",
    "code_section",
    "level",
    "conviction_date",
    "relief",
    "path",
    "statutory_basis",
    "prosecuting_agency",
];

/// Writes `packet`'s rows to `path`; returns the number of rows.
pub fn write(packet: &Packet, path: &Path) -> Result<u64, DocketError> {
    let err = |source: std::io::Error| DocketError::Write { path: path.to_owned(), source };
    let mut writer = CsvFile::create(path, &COLUMNS).map_err(err)?;
    for (number, row) in packet.numbered() {
        let conviction_date = row.conviction_date.map(|d| d.to_string()).unwrap_or_default();
        let basis = crate::packet::documents::basis(row);
        let cells: [&str; 16] = [
            &number.to_string(),
            &row.count_id,
            &row.subject_id,
            &row.name,
            &row.aka,
            &row.dob,
            &row.cii,
            &row.case_number,
            &row.court,
            &row.code_section,
            &row.level,
            &conviction_date,
            row.relief.as_str(),
            &row.path,
            &basis,
            &row.prosecuting_agency,
        ];
        writer.write(&cells).map_err(err)?;
    }
    writer.commit().map_err(err)?;
    Ok(packet.rows.len() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docket::tests::row;
    use crate::eligibility::Relief;
    use crate::office::CourtResolver;

    #[test]
    fn hostile_text_survives_literally_except_the_formula_prefix() {
        let hostile = [
            "O\"BRIEN, \"\"JAY\"\"",
            "{{ name }} {% raw %}",
            "<script>alert(1)</script>",
            "=cmd()|' /C calc'!A0",
            "@SUM(1+1)",
            "+1",
            "-2",
            "\u{202e}EVIL\u{202c},NAME",
            "LINE\nBREAK",
            "\tTAB",
            "\rCR",
        ];
        let rows = hostile.iter().enumerate().map(|(i, name)| {
            let mut r = row(i as u64 + 2, "CASC SAN FRANCISCO", "dismiss", Relief::DismissAndSeal);
            r.name = (*name).into();
            r.aka = (*name).into();
            r.case_number = format!("=HYPERLINK(\"x\"){i}").into();
            r
        });
        let docket = crate::docket::Docket::build(rows, &CourtResolver::builtin(), &Default::default());
        let packet = &docket.packets[0];
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("exhibit-a.csv");
        assert_eq!(write(packet, &path).unwrap(), hostile.len() as u64);
        let mut reader = csv::Reader::from_path(&path).unwrap();
        assert_eq!(reader.headers().unwrap().iter().collect::<Vec<_>>(), COLUMNS);
        let mut seen = Vec::new();
        for (record, (number, row)) in reader.records().zip(packet.numbered()) {
            let record = record.unwrap();
            assert_eq!(record.len(), COLUMNS.len());
            assert_eq!(&record[0], number.to_string());
            assert_eq!(&record[3], spreadsheet_safe(&row.name));
            assert_eq!(&record[4], spreadsheet_safe(&row.aka));
            assert_eq!(crate::output::spreadsheet_literal(&record[3]), &*row.name);
            assert!(record[7].starts_with("'=HYPERLINK"));
            assert!(record.iter().all(|cell| !cell.starts_with(['=', '+', '-', '@', '\t', '\r'])));
            seen.push(crate::output::spreadsheet_literal(&record[3]).to_owned());
        }
        seen.sort();
        let mut expected: Vec<String> = hostile.iter().map(|s| s.to_string()).collect();
        expected.sort();
        assert_eq!(seen, expected);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file left");
    }
}
