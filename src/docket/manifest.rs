//! `manifest.json`: what a packets run read and wrote, with SHA-256 hashes,
//! so anyone can check later that a filing is the one the run produced.
//!
//! Deterministic: fields in a fixed order, outputs sorted by path, no
//! timestamps (the as-of date is the run's, never the clock's).

use std::path::{Component, Path};

use serde::{Deserialize, Serialize};

use super::Reconciliation;
pub use crate::ingest::source::sha256_file;
use crate::model::Date;

/// An input and its hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HashedFile {
    /// As given on the command line.
    pub path: String,
    pub sha256: String,
}

impl HashedFile {
    pub fn of(path: &Path) -> std::io::Result<HashedFile> {
        Ok(HashedFile { path: path.to_string_lossy().into_owned(), sha256: sha256_file(path)? })
    }
}

/// One file the run wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutputFile {
    /// Relative to the output folder, `/`-separated.
    pub path: String,
    /// What the file is (`motion`, `exhibit`, `order`, `service`, `notice`,
    /// `forms`, `clerk_csv`, `combined`, ...: `index.csv`'s `kind`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    pub sha256: String,
    /// PDF pages.
    pub pages: Option<u32>,
    /// CSV data rows (or Exhibit A rows).
    pub rows: Option<u64>,
}

/// `manifest.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// `clearmotion 0.1.0`.
    pub tool: String,
    pub as_of: Date,
    /// `None` for the built-in `statute` policy.
    pub policy: Option<HashedFile>,
    pub office: Option<HashedFile>,
    /// The packet templates used: `templates/motion.cm` (built in) or the
    /// office's override, with the SHA-256 of the text.
    #[serde(default)]
    pub templates: Vec<HashedFile>,
    /// `determinations.csv` (and anything else read).
    pub inputs: Vec<HashedFile>,
    /// Sorted by path.
    pub outputs: Vec<OutputFile>,
    pub reconciliation: Reconciliation,
}

impl Manifest {
    pub fn new(as_of: Date, reconciliation: Reconciliation) -> Manifest {
        Manifest {
            tool: format!("clearmotion {}", env!("CARGO_PKG_VERSION")),
            as_of,
            policy: None,
            office: None,
            templates: Vec::new(),
            inputs: Vec::new(),
            outputs: Vec::new(),
            reconciliation,
        }
    }

    /// Hashes `dir/relative` and records it (replacing an earlier entry for
    /// the same path), keeping outputs sorted. `relative` must stay inside `dir`.
    pub fn add_output(
        &mut self,
        dir: &Path,
        relative: &str,
        kind: Option<&str>,
        pages: Option<u32>,
        rows: Option<u64>,
    ) -> std::io::Result<()> {
        let inside = Path::new(relative).components().all(|c| matches!(c, Component::Normal(_)));
        if relative.is_empty() || relative.contains('\\') || !inside {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("{relative}: not a relative path inside the output folder"),
            ));
        }
        let entry = OutputFile {
            path: relative.to_owned(),
            kind: kind.map(str::to_owned),
            sha256: sha256_file(&dir.join(relative))?,
            pages,
            rows,
        };
        match self.outputs.binary_search_by(|o| o.path.as_str().cmp(relative)) {
            Ok(at) => self.outputs[at] = entry,
            Err(at) => self.outputs.insert(at, entry),
        }
        Ok(())
    }

    /// Pretty JSON, a final newline, written atomically.
    pub fn write(&self, path: &Path) -> std::io::Result<()> {
        let mut bytes = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        bytes.push(b'\n');
        crate::output::write_atomic(path, &bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_is_sorted_hashed_and_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sf")).unwrap();
        std::fs::write(dir.path().join("sf/b.csv"), "row\n1\n").unwrap();
        std::fs::write(dir.path().join("a.pdf"), "").unwrap();
        let reconciliation =
            Reconciliation { rows: 1, packets: 1, packet_rows: 1, reconciles: true, ..Default::default() };
        let mut manifest = Manifest::new(Date::from_ymd_opt(2026, 11, 1).unwrap(), reconciliation);
        manifest.inputs.push(HashedFile::of(&dir.path().join("sf/b.csv")).unwrap());
        manifest.add_output(dir.path(), "sf/b.csv", Some("clerk_csv"), None, Some(1)).unwrap();
        manifest.add_output(dir.path(), "a.pdf", Some("motion"), Some(3), None).unwrap();
        manifest.add_output(dir.path(), "a.pdf", Some("motion"), Some(4), None).unwrap();
        let paths: Vec<&str> = manifest.outputs.iter().map(|o| o.path.as_str()).collect();
        assert_eq!(paths, ["a.pdf", "sf/b.csv"]);
        assert_eq!(manifest.outputs[0].pages, Some(4));
        // SHA-256 of the empty file.
        assert_eq!(manifest.outputs[0].sha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assert_eq!(manifest.inputs[0].sha256, manifest.outputs[1].sha256);
        for bad in ["../x", "/etc/passwd", "", "a\\b", "./a.pdf"] {
            assert!(manifest.add_output(dir.path(), bad, None, None, None).is_err(), "{bad}");
        }
        let path = dir.path().join("manifest.json");
        manifest.write(&path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("\"as_of\": \"2026-11-01\"") && text.contains("\"reconciles\": true"), "{text}");
        let order: Vec<usize> =
            ["\"tool\"", "\"as_of\"", "\"policy\"", "\"office\"", "\"inputs\"", "\"outputs\"", "\"reconciliation\""]
                .iter()
                .map(|key| text.find(key).unwrap())
                .collect();
        assert!(order.is_sorted(), "fields in a fixed order");
        let back: Manifest = serde_json::from_str(&text).unwrap();
        assert_eq!(back, manifest);
        manifest.write(&path).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), text, "byte-identical");
    }
}
