//! The packet templates: Tera templates that write court markup
//! ([`crate::render::markup`]), compiled into the binary and overridable, by
//! file name, from the office's `templates` folder.
//!
//! Every value a template prints goes through [`markup::escape`] (autoescape
//! for the `.cm` suffix), so a name like `**X**`, `@pagebreak` or `{{ x }}`
//! prints literally: data can never become markup or template code. Errors
//! name the template file and line, never a value.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::render::{Document, markup};

/// The built-in templates, by file name.
pub const BUILTIN: [(&str, &str); 7] = [
    ("caption.cm", include_str!("../../templates/caption.cm")),
    ("motion.cm", include_str!("../../templates/motion.cm")),
    ("exhibit.cm", include_str!("../../templates/exhibit.cm")),
    ("order.cm", include_str!("../../templates/order.cm")),
    ("challenged.cm", include_str!("../../templates/challenged.cm")),
    ("service.cm", include_str!("../../templates/service.cm")),
    ("form.cm", include_str!("../../templates/form.cm")),
];

/// A template that cannot be used: the file, the line, what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}{}: {message}", if *line > 0 { format!(":{line}") } else { String::new() })]
pub struct TemplateError {
    /// The built-in name (`motion.cm`) or the override's path.
    pub file: String,
    /// 0 when the error has no line.
    pub line: usize,
    pub message: String,
}

/// Where a template came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Builtin,
    Override(PathBuf),
}

/// One Tera instance for the run, built once.
pub struct Templates {
    tera: tera::Tera,
    origins: BTreeMap<String, Origin>,
    /// SHA-256 of each template's text, by name.
    hashes: BTreeMap<String, String>,
}

fn escape_markup(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    out.write_all(markup::escape(input).as_bytes())
}

impl Templates {
    /// The built-in templates, with any file of the same name in `overrides`
    /// taking its place. Every template is parsed here.
    pub fn load(overrides: Option<&Path>) -> Result<Templates, TemplateError> {
        let mut origins = BTreeMap::new();
        let mut hashes = BTreeMap::new();
        let mut sources: Vec<(String, String)> = Vec::new();
        for (name, text) in BUILTIN {
            let mut origin = Origin::Builtin;
            let mut text = text.to_owned();
            if let Some(dir) = overrides {
                let path = dir.join(name);
                if path.is_file() {
                    text = std::fs::read_to_string(&path).map_err(|e| TemplateError {
                        file: path.display().to_string(),
                        line: 0,
                        message: format!("cannot read the template: {e}"),
                    })?;
                    origin = Origin::Override(path);
                }
            }
            origins.insert(name.to_owned(), origin);
            hashes.insert(name.to_owned(), {
                use sha2::Digest;
                let digest = sha2::Sha256::digest(text.as_bytes());
                digest.iter().map(|b| format!("{b:02x}")).collect::<String>()
            });
            sources.push((name.to_owned(), text));
        }
        let mut tera = tera::Tera::new();
        tera.set_escape_fn(escape_markup);
        tera.autoescape_on([".cm"]);
        tera.register_filter("n", super::documents::thousands_filter);
        tera.add_raw_templates(sources).map_err(|e| tera_error(&origins, &e))?;
        Ok(Templates { tera, origins, hashes })
    }

    /// Where each template came from, by name.
    pub fn origins(&self) -> &BTreeMap<String, Origin> {
        &self.origins
    }

    /// Each template's file (`templates/motion.cm` when built in) and hash, by name.
    pub fn hashes(&self) -> Vec<crate::docket::manifest::HashedFile> {
        self.hashes
            .iter()
            .map(|(name, sha256)| crate::docket::manifest::HashedFile {
                path: file(&self.origins, name),
                sha256: sha256.clone(),
            })
            .collect()
    }

    /// Renders template `name` to court markup.
    pub fn render(&self, name: &str, context: &tera::Context) -> Result<String, TemplateError> {
        self.tera.render(name, context).map_err(|e| tera_error(&self.origins, &e))
    }

    /// Renders template `name` and parses the markup into a document, with
    /// the tables and forms it places by name.
    pub fn document(
        &self,
        name: &str,
        context: &tera::Context,
        parts: &markup::Parts,
    ) -> Result<Document, TemplateError> {
        let text = self.render(name, context)?;
        markup::parse(name, &text, parts).map_err(|e| TemplateError {
            file: file(&self.origins, name),
            line: 0,
            message: format!("line {} of the markup it wrote: {}", e.line, e.message),
        })
    }
}

fn file(origins: &BTreeMap<String, Origin>, name: &str) -> String {
    match origins.get(name) {
        Some(Origin::Override(path)) => path.display().to_string(),
        _ => format!("templates/{name}"),
    }
}

/// A Tera error as `file:line: message`, without the source excerpt.
fn tera_error(origins: &BTreeMap<String, Origin>, err: &tera::Error) -> TemplateError {
    match err.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => TemplateError {
            file: file(origins, report.filename()),
            line: report.span().start_line,
            message: one_line(report.message()),
        },
        other => TemplateError { file: "templates".into(), line: 0, message: one_line(&other.to_string()) },
    }
}

fn one_line(message: &str) -> String {
    message.trim_end().lines().map(str::trim).collect::<Vec<_>>().join(" | ")
}
