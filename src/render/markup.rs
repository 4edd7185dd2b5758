//! Court markup: the small text format templates produce, parsed into a
//! [`Document`].
//!
//! Templates (Tera) write court markup; data values are escaped with
//! [`escape`] on the way in, so a name can never become a directive, bold
//! text or a page break. The format:
//!
//! - Blank lines separate blocks; the lines of a paragraph are joined with spaces.
//! - A line starting with `@` is a directive: `@paper pleading|plain`,
//!   `@footer TITLE`, `@header TEXT`, `@first-page N`; `@caption` … `@end` and
//!   `@signature` … `@end` with `key: value` lines; `@heading`, `@title`,
//!   `@subtitle TEXT`; `@left`, `@center`, `@right`, `@noindent`, `@single`,
//!   `@list LABEL` (`@list ☐` / `@list ☒`: a drawn check box, empty or
//!   checked), `@quote` (for the next paragraph); `@keep` … `@endkeep`;
//!   `@table NAME` and `@form NAME` (supplied by the caller in [`Parts`]);
//!   `@bookmark LEVEL TITLE`; `@space N`; `@pagebreak`.
//! - Inline: `**bold**`, `*italic*`, `~` a no-break space, `\` escapes the
//!   next character.

use std::collections::BTreeMap;

use super::{Align, Block, Caption, Document, FormItem, Paper, Paragraph, Signature, Spacing, Span, Table};

/// Tables and forms a template places by name (built from data in code,
/// never from template text).
#[derive(Debug, Clone, Default)]
pub struct Parts {
    pub tables: BTreeMap<String, Table>,
    pub forms: BTreeMap<String, Vec<FormItem>>,
}

/// A markup error: the template (or file) and the line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{name}:{line}: {message}")]
pub struct MarkupError {
    pub name: String,
    pub line: usize,
    pub message: String,
}

/// Escapes a data value for court markup: `\ * ~ @` are taken literally,
/// line breaks become spaces.
pub fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 4);
    for c in value.chars() {
        match c {
            '\\' | '*' | '~' | '@' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Inline markup → spans.
pub fn inline(text: &str) -> Vec<Span> {
    let mut spans: Vec<Span> = Vec::new();
    let (mut bold, mut italic) = (false, false);
    let mut cur = String::new();
    let mut chars = text.chars().peekable();
    let flush = |cur: &mut String, spans: &mut Vec<Span>, bold: bool, italic: bool| {
        if !cur.is_empty() {
            spans.push(Span { text: std::mem::take(cur), bold, italic });
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(next) => cur.push(next),
                None => cur.push('\\'),
            },
            '~' => cur.push('\u{a0}'),
            '*' if chars.peek() == Some(&'*') => {
                chars.next();
                flush(&mut cur, &mut spans, bold, italic);
                bold = !bold;
            }
            '*' => {
                flush(&mut cur, &mut spans, bold, italic);
                italic = !italic;
            }
            c => cur.push(c),
        }
    }
    flush(&mut cur, &mut spans, bold, italic);
    spans
}

/// The text of inline markup without its styling.
fn plain(text: &str) -> String {
    inline(text).into_iter().map(|s| s.text).collect()
}

/// Style waiting for the next paragraph.
#[derive(Default)]
struct Pending {
    align: Option<Align>,
    noindent: bool,
    single: bool,
    list: Option<String>,
    quote: bool,
}

struct Parser<'a> {
    name: &'a str,
    parts: &'a Parts,
    doc: Document,
    /// Blocks being collected: the document's, or a `@keep` group's.
    stack: Vec<Vec<Block>>,
    para: Vec<String>,
    para_line: usize,
    pending: Pending,
}

impl Parser<'_> {
    fn error(&self, line: usize, message: impl Into<String>) -> MarkupError {
        MarkupError { name: self.name.to_string(), line, message: message.into() }
    }

    fn push(&mut self, block: Block) {
        self.stack.last_mut().expect("the document level is never popped").push(block);
    }

    fn end_paragraph(&mut self) {
        if self.para.is_empty() {
            return;
        }
        let text = std::mem::take(&mut self.para).join(" ");
        let spans = inline(&text);
        let pending = std::mem::take(&mut self.pending);
        let block = if let Some(label) = pending.list {
            Block::ListItem { label, spans }
        } else if pending.quote {
            Block::Quote(spans)
        } else {
            let mut p = Paragraph::body(spans);
            if let Some(align) = pending.align {
                p.align = align;
                p.first_indent = 0.0;
            }
            if pending.noindent {
                p.first_indent = 0.0;
            }
            if pending.single {
                p.spacing = Spacing::Single;
            }
            Block::Paragraph(p)
        };
        self.push(block);
    }
}

/// Reads `key: value` lines up to `@end`.
fn fields<'t>(
    lines: &mut impl Iterator<Item = (usize, &'t str)>,
    name: &str,
    start: usize,
) -> Result<Vec<(String, String)>, MarkupError> {
    let mut out = Vec::new();
    for (n, line) in lines.by_ref() {
        if line.trim() == "@end" {
            return Ok(out);
        }
        if line.trim().is_empty() {
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            return Err(MarkupError {
                name: name.into(),
                line: n,
                message: format!("expected `key: value` or `@end`, found {:?}", line.trim()),
            });
        };
        // One space after the colon belongs to the syntax; more is indentation.
        let value = value.strip_prefix(' ').unwrap_or(value);
        out.push((key.trim().to_string(), value.trim_end().to_string()));
    }
    Err(MarkupError { name: name.into(), line: start, message: "this block has no `@end`".into() })
}

/// Parses court markup into a document.
pub fn parse(name: &str, text: &str, parts: &Parts) -> Result<Document, MarkupError> {
    let mut p = Parser {
        name,
        parts,
        doc: Document::new("", Paper::Pleading),
        stack: vec![Vec::new()],
        para: Vec::new(),
        para_line: 0,
        pending: Pending::default(),
    };
    let mut keep_starts: Vec<usize> = Vec::new();
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l));
    while let Some((n, line)) = lines.next() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            p.end_paragraph();
            continue;
        }
        if !trimmed.starts_with('@') {
            if p.para.is_empty() {
                p.para_line = n;
            }
            p.para.push(trimmed.to_string());
            continue;
        }
        p.end_paragraph();
        let (directive, arg) = match trimmed.split_once(char::is_whitespace) {
            Some((d, a)) => (d, a.trim()),
            None => (trimmed, ""),
        };
        let need_arg = |what: &str| -> Result<(), MarkupError> {
            if arg.is_empty() {
                Err(MarkupError { name: name.into(), line: n, message: format!("`{directive}` needs {what}") })
            } else {
                Ok(())
            }
        };
        match directive {
            "@paper" => {
                p.doc.paper = match arg {
                    "pleading" => Paper::Pleading,
                    "plain" => Paper::Plain,
                    _ => return Err(p.error(n, format!("`@paper` is `pleading` or `plain`, not {arg:?}"))),
                }
            }
            "@footer" => {
                need_arg("the paper's title")?;
                p.doc.title = plain(arg);
            }
            "@header" => {
                need_arg("a line of text")?;
                p.doc.header = Some(plain(arg));
            }
            "@first-page" => {
                p.doc.first_page =
                    arg.parse().map_err(|_| p.error(n, format!("`@first-page` needs a page number, not {arg:?}")))?;
            }
            "@heading" | "@title" | "@subtitle" => {
                need_arg("its text")?;
                let block = Block::Heading {
                    text: plain(arg),
                    centered: directive != "@heading",
                    outline: directive != "@subtitle",
                };
                p.push(block);
            }
            "@left" => p.pending.align = Some(Align::Left),
            "@center" => p.pending.align = Some(Align::Center),
            "@right" => p.pending.align = Some(Align::Right),
            "@noindent" => p.pending.noindent = true,
            "@single" => p.pending.single = true,
            "@quote" => p.pending.quote = true,
            "@list" => {
                need_arg("a label such as `1.`")?;
                p.pending.list = Some(plain(arg));
            }
            "@keep" => {
                keep_starts.push(n);
                p.stack.push(Vec::new());
            }
            "@endkeep" => {
                if keep_starts.pop().is_none() {
                    return Err(p.error(n, "`@endkeep` without `@keep`"));
                }
                let blocks = p.stack.pop().unwrap_or_default();
                p.push(Block::KeepTogether(blocks));
            }
            "@caption" => {
                let mut c = Caption::default();
                for (key, value) in fields(&mut lines, name, n)? {
                    let value = plain(&value);
                    match key.as_str() {
                        "attorney" => c.attorney.push(value),
                        "court" => c.court.push(value),
                        "parties" => c.parties.push(value),
                        "case" => c.case_number.push(value),
                        "title" => c.title = if c.title.is_empty() { value } else { format!("{} {value}", c.title) },
                        "hearing" => c.hearing.push(value),
                        other => {
                            return Err(p.error(
                                n,
                                format!(
                                    "`@caption` has no key `{other}` (attorney, court, parties, case, title, hearing)"
                                ),
                            ));
                        }
                    }
                }
                p.push(Block::Caption(c));
            }
            "@signature" => {
                let mut s = Signature::default();
                for (key, value) in fields(&mut lines, name, n)? {
                    let value = plain(&value);
                    match key.as_str() {
                        "date" => s.date = value,
                        "intro" => s.intro.push(value),
                        "signer" => s.signer.push(value),
                        "signed" => s.signed = value,
                        other => {
                            return Err(
                                p.error(n, format!("`@signature` has no key `{other}` (date, intro, signed, signer)"))
                            );
                        }
                    }
                }
                p.push(Block::Signature(s));
            }
            "@table" => {
                need_arg("the table's name")?;
                let table = p
                    .parts
                    .tables
                    .get(arg)
                    .ok_or_else(|| p.error(n, format!("no table named `{arg}` is supplied to this template")))?;
                let block = Block::Table(table.clone());
                p.push(block);
            }
            "@form" => {
                need_arg("the form's name")?;
                let form = p
                    .parts
                    .forms
                    .get(arg)
                    .ok_or_else(|| p.error(n, format!("no form named `{arg}` is supplied to this template")))?;
                let block = Block::Form(form.clone());
                p.push(block);
            }
            "@bookmark" => {
                let (level, title) = arg.split_once(' ').unwrap_or((arg, ""));
                let level: u8 = level
                    .parse()
                    .ok()
                    .filter(|l| (1..=3).contains(l))
                    .ok_or_else(|| p.error(n, "`@bookmark` needs a level (1–3) and a title"))?;
                if title.trim().is_empty() {
                    return Err(p.error(n, "`@bookmark` needs a title"));
                }
                p.push(Block::Bookmark { title: plain(title.trim()), level });
            }
            "@space" => {
                let lines: u32 =
                    arg.parse().map_err(|_| p.error(n, format!("`@space` needs a number of lines, not {arg:?}")))?;
                p.push(Block::Space(lines));
            }
            "@pagebreak" => p.push(Block::PageBreak),
            "@end" => return Err(p.error(n, "`@end` without `@caption` or `@signature`")),
            other => return Err(p.error(n, format!("unknown directive `{other}`"))),
        }
    }
    p.end_paragraph();
    if let Some(start) = keep_starts.pop() {
        return Err(p.error(start, "`@keep` without `@endkeep`"));
    }
    if p.doc.title.is_empty() {
        return Err(p.error(1, "the paper has no `@footer TITLE`"));
    }
    p.doc.blocks = p.stack.pop().unwrap_or_default();
    Ok(p.doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(text: &str) -> Document {
        parse("t.cm", text, &Parts::default()).unwrap()
    }

    #[test]
    fn paragraphs_directives_and_inline_styles() {
        let doc = parse_ok(
            "@paper pleading\n@footer MOTION\n@title POINTS AND AUTHORITIES\n\nA **bold** and *italic*\nline under HS~§~11361.8.\n\n@left\nTO THE COURT:\n\n@list 1.\nFirst item.\n@pagebreak\n@space 2\n",
        );
        assert_eq!(doc.title, "MOTION");
        assert_eq!(doc.paper, Paper::Pleading);
        assert_eq!(doc.blocks.len(), 6);
        match &doc.blocks[1] {
            Block::Paragraph(p) => {
                let texts: Vec<(&str, bool, bool)> =
                    p.spans.iter().map(|s| (s.text.as_str(), s.bold, s.italic)).collect();
                assert_eq!(
                    texts,
                    [
                        ("A ", false, false),
                        ("bold", true, false),
                        (" and ", false, false),
                        ("italic", false, true),
                        (" line under HS\u{a0}§\u{a0}11361.8.", false, false)
                    ]
                );
                assert_eq!(p.first_indent, 36.0);
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(&doc.blocks[2], Block::Paragraph(p) if p.align == Align::Left && p.first_indent == 0.0));
        assert!(matches!(&doc.blocks[3], Block::ListItem { label, .. } if label == "1."));
    }

    #[test]
    fn captions_and_signatures_read_their_keys() {
        let doc = parse_ok(
            "@footer X\n@caption\nattorney: ALEX EXAMPLE (SBN 000001)\ncourt: SUPERIOR COURT\nparties: THE PEOPLE,\nparties:           Plaintiff,\ncase: Case No. 1\ntitle: MOTION\n@end\n@signature\ndate: December 2, 2026\nsigner: JORDAN SAMPLE\n@end\n",
        );
        match &doc.blocks[0] {
            Block::Caption(c) => {
                assert_eq!(c.parties, ["THE PEOPLE,", "          Plaintiff,"]);
                assert_eq!(c.title, "MOTION");
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(&doc.blocks[1], Block::Signature(s) if s.signer == ["JORDAN SAMPLE"]));
    }

    #[test]
    fn escaped_data_stays_literal() {
        let hostile = "**X** @pagebreak ~ \\ {{ x }} <script>alert(1)</script> =cmd() \u{202E}evil\nnext";
        let text = format!("@footer T\n{}\n", escape(hostile));
        let doc = parse_ok(&text);
        assert_eq!(doc.blocks.len(), 1);
        match &doc.blocks[0] {
            Block::Paragraph(p) => {
                assert_eq!(p.spans.len(), 1);
                assert_eq!(p.spans[0].text, hostile.replace('\n', " "));
                assert!(!p.spans[0].bold);
            }
            other => panic!("{other:?}"),
        }
        // At the start of a line too.
        let doc = parse_ok(&format!("@footer T\n{}\n", escape("@pagebreak")));
        assert!(matches!(&doc.blocks[0], Block::Paragraph(p) if p.spans[0].text == "@pagebreak"));
    }

    #[test]
    fn errors_name_the_template_and_line() {
        let err = |text: &str| parse("motion.cm", text, &Parts::default()).unwrap_err().to_string();
        assert_eq!(err("@footer T\n\n@bogus\n"), "motion.cm:3: unknown directive `@bogus`");
        assert_eq!(
            err("@footer T\n@table exhibit\n"),
            "motion.cm:2: no table named `exhibit` is supplied to this template"
        );
        assert_eq!(err("@footer T\n@caption\nattorney: A\n"), "motion.cm:2: this block has no `@end`");
        assert_eq!(err("@footer T\n@keep\ntext\n"), "motion.cm:2: `@keep` without `@endkeep`");
        assert_eq!(err("just text\n"), "motion.cm:1: the paper has no `@footer TITLE`");
        assert_eq!(
            err("@footer T\n@caption\nnope\n@end\n"),
            "motion.cm:3: expected `key: value` or `@end`, found \"nope\""
        );
    }

    #[test]
    fn keep_groups_and_supplied_parts() {
        let mut parts = Parts::default();
        parts.tables.insert("exhibit".into(), super::super::fixtures::exhibit_table());
        let doc = parse(
            "e.cm",
            "@paper plain\n@footer E\n@keep\n@heading A\nText.\n@endkeep\n@table exhibit\n@bookmark 2 Case 1\n",
            &parts,
        )
        .unwrap();
        assert!(matches!(&doc.blocks[0], Block::KeepTogether(b) if b.len() == 2));
        assert!(matches!(&doc.blocks[1], Block::Table(_)));
        assert!(matches!(&doc.blocks[2], Block::Bookmark { level: 2, .. }));
    }

    proptest::proptest! {
        /// Any text parses to a document or an error naming a line — never a panic.
        #[test]
        fn any_text_parses_or_names_a_line(text in "(@?[a-z]{0,8}( [a-z0-9~*\\\\]{0,6})?\n?){0,12}") {
            let text = format!("@footer T\n{text}");
            if let Err(e) = parse("p.cm", &text, &Parts::default()) {
                proptest::prop_assert!(e.line >= 1 && e.line <= text.lines().count().max(1));
            }
        }

        /// An escaped value comes back as exactly its text (line breaks as spaces), unstyled.
        #[test]
        fn escaped_values_are_literal(value in "\\PC{1,40}") {
            let doc = parse("p.cm", &format!("@footer T\n{}\n", escape(&value)), &Parts::default()).unwrap();
            let expected = value.replace(['\n', '\r'], " ");
            let text: String = doc
                .blocks
                .iter()
                .flat_map(|b| match b {
                    Block::Paragraph(p) => p.spans.clone(),
                    _ => Vec::new(),
                })
                .inspect(|s| assert!(!s.bold && !s.italic))
                .map(|s| s.text)
                .collect();
            // Paragraph lines are trimmed and joined, as for any paragraph.
            proptest::prop_assert_eq!(text.trim(), expected.trim());
        }
    }
}
