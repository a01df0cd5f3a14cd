//! Regression checks on known articles: compares the record whosaid makes now with the
//! expected record kept beside the article, and describes what changed in words — a quote
//! added or removed, a speaker changed (old → new), an entity renamed — not as a JSON diff.
//!
//! # Where expected records live
//! - `NAME.txt` → `NAME.expected.json` (one record, pretty-printed).
//! - `NAME.jsonl` → `NAME.expected.jsonl` (one record per line, matched by `id`).
//!
//! [`compare`] does the comparison; [`Expected`] finds, reads and (for `--bless`) writes the
//! expected records, atomically.

use std::collections::HashMap;
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::{Error, Location, Result};
use crate::record::{EntityRecord, QuoteRecord, Record};

/// What to compare.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Scope {
    /// Quotes and entities (and the article's date, title and byline).
    #[default]
    All,
    /// Only quotes.
    Quotes,
    /// Only entities.
    Entities,
}

/// Fields a comparison can leave out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// Character spans (of content, cues, mentions).
    Spans,
    /// The `rule` that found a quote.
    Rule,
    /// The cue of a quote.
    Cue,
    /// How a speaker was resolved (`resolved_by`) and the speaker's mention.
    Resolution,
    /// Entity mentions (their texts and counts).
    Mentions,
    /// Sentence and paragraph indices of quotes.
    Positions,
}

impl Field {
    /// Parses `spans`, `rule`, `cue`, `resolution`, `mentions` or `positions`.
    pub fn parse(name: &str) -> Option<Field> {
        Some(match name {
            "spans" | "span" => Field::Spans,
            "rule" | "rules" => Field::Rule,
            "cue" | "cues" => Field::Cue,
            "resolution" | "resolved_by" => Field::Resolution,
            "mentions" => Field::Mentions,
            "positions" | "sentences" | "paragraphs" => Field::Positions,
            _ => return None,
        })
    }
}

/// How to compare.
#[derive(Clone, Debug, Default)]
pub struct CheckOptions {
    /// What to compare.
    pub scope: Scope,
    /// Fields to leave out.
    pub ignore: Vec<Field>,
}

/// One difference between an expected and an actual record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Difference {
    /// What kind of change: `quote added`, `quote removed`, `speaker changed`, `kind changed`,
    /// `content changed`, `cue changed`, `resolution changed`, `rule changed`, `spans changed`,
    /// `positions changed`, `entity added`, `entity removed`, `entity renamed`, `mentions changed`,
    /// `article changed`.
    pub change: &'static str,
    /// The quote's content or the entity's name it is about.
    pub subject: String,
    /// The expected value, when something changed.
    pub expected: Option<String>,
    /// The actual value, when something changed.
    pub actual: Option<String>,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.change, self.subject)?;
        match (&self.expected, &self.actual) {
            (Some(e), Some(a)) => write!(f, "\n      {e} → {a}"),
            (Some(e), None) => write!(f, "\n      was: {e}"),
            (None, Some(a)) => write!(f, "\n      now: {a}"),
            (None, None) => Ok(()),
        }
    }
}

/// The differences between `expected` and `actual`, quotes first, in text order.
pub fn compare(expected: &Record, actual: &Record, options: &CheckOptions) -> Vec<Difference> {
    let mut out = Vec::new();
    let ignores = |field| options.ignore.contains(&field);
    if options.scope == Scope::All {
        for (name, e, a) in [
            ("date", &expected.date, &actual.date),
            ("title", &expected.title, &actual.title),
            ("byline", &expected.byline, &actual.byline),
        ] {
            if e != a {
                out.push(Difference {
                    change: "article changed",
                    subject: name.to_string(),
                    expected: Some(show(e.as_deref())),
                    actual: Some(show(a.as_deref())),
                });
            }
        }
    }
    if options.scope != Scope::Entities {
        compare_quotes(&expected.quotes, &actual.quotes, &ignores, &mut out);
    }
    if options.scope != Scope::Quotes {
        compare_entities(&expected.entities, &actual.entities, &ignores, &mut out);
    }
    out
}

fn show(value: Option<&str>) -> String {
    value.map_or_else(|| "(none)".to_string(), |v| format!("{v:?}"))
}

/// A quote's content, shortened for messages.
fn excerpt(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > 90 {
        let cut: String = flat.chars().take(87).collect();
        format!("“{cut}…”")
    } else {
        format!("“{flat}”")
    }
}

fn speaker_name(q: &QuoteRecord) -> String {
    q.speaker
        .name
        .clone()
        .unwrap_or_else(|| "(unresolved)".to_string())
}

/// Pairs quotes: same content first, then the most overlapping content spans.
fn pair_quotes(
    expected: &[QuoteRecord],
    actual: &[QuoteRecord],
) -> Vec<(Option<usize>, Option<usize>)> {
    let mut taken = vec![false; actual.len()];
    let mut pairs: Vec<(Option<usize>, Option<usize>)> = Vec::new();
    let mut unpaired = Vec::new();
    for (i, e) in expected.iter().enumerate() {
        match (0..actual.len()).find(|&j| !taken[j] && actual[j].content.text == e.content.text) {
            Some(j) => {
                taken[j] = true;
                pairs.push((Some(i), Some(j)));
            }
            None => unpaired.push(i),
        }
    }
    for i in unpaired {
        let e = &expected[i].content.span;
        let best = (0..actual.len())
            .filter(|&j| !taken[j])
            .map(|j| {
                let a = &actual[j].content.span;
                let overlap = e[1].min(a[1]).saturating_sub(e[0].max(a[0]));
                (overlap, j)
            })
            .filter(|&(overlap, _)| overlap > 0)
            .max();
        match best {
            Some((_, j)) => {
                taken[j] = true;
                pairs.push((Some(i), Some(j)));
            }
            None => pairs.push((Some(i), None)),
        }
    }
    for (j, t) in taken.iter().enumerate() {
        if !t {
            pairs.push((None, Some(j)));
        }
    }
    let position = |p: &(Option<usize>, Option<usize>)| match p {
        (Some(i), _) => expected[*i].content.span[0],
        (None, Some(j)) => actual[*j].content.span[0],
        (None, None) => 0,
    };
    pairs.sort_by_key(position);
    pairs
}

fn compare_quotes(
    expected: &[QuoteRecord],
    actual: &[QuoteRecord],
    ignores: &dyn Fn(Field) -> bool,
    out: &mut Vec<Difference>,
) {
    for pair in pair_quotes(expected, actual) {
        match pair {
            (Some(i), None) => {
                let q = &expected[i];
                out.push(Difference {
                    change: "quote removed",
                    subject: excerpt(&q.content.text),
                    expected: Some(format!("{} ({}, {})", speaker_name(q), q.kind, q.rule)),
                    actual: None,
                });
            }
            (None, Some(j)) => {
                let q = &actual[j];
                out.push(Difference {
                    change: "quote added",
                    subject: excerpt(&q.content.text),
                    expected: None,
                    actual: Some(format!("{} ({}, {})", speaker_name(q), q.kind, q.rule)),
                });
            }
            (Some(i), Some(j)) => {
                let (e, a) = (&expected[i], &actual[j]);
                let subject = excerpt(&e.content.text);
                let mut changed = |change: &'static str, old: String, new: String| {
                    if old != new {
                        out.push(Difference {
                            change,
                            subject: subject.clone(),
                            expected: Some(old),
                            actual: Some(new),
                        });
                    }
                };
                changed("speaker changed", speaker_name(e), speaker_name(a));
                changed("kind changed", e.kind.clone(), a.kind.clone());
                changed(
                    "content changed",
                    excerpt(&e.content.text),
                    excerpt(&a.content.text),
                );
                if !ignores(Field::Cue) {
                    let cue = |q: &QuoteRecord| {
                        q.cue
                            .as_ref()
                            .map_or_else(|| "(none)".to_string(), |c| c.text.clone())
                    };
                    changed("cue changed", cue(e), cue(a));
                }
                if !ignores(Field::Resolution) {
                    changed(
                        "resolution changed",
                        e.speaker.resolved_by.clone(),
                        a.speaker.resolved_by.clone(),
                    );
                }
                if !ignores(Field::Rule) {
                    changed("rule changed", e.rule.clone(), a.rule.clone());
                }
                if !ignores(Field::Spans) {
                    let spans = |q: &QuoteRecord| {
                        let cue = q.cue.as_ref().map(|c| c.span);
                        format!("content {:?}, cue {:?}", q.content.span, cue)
                    };
                    changed("spans changed", spans(e), spans(a));
                }
                if !ignores(Field::Positions) {
                    let positions = |q: &QuoteRecord| {
                        format!("sentences {:?}, paragraphs {:?}", q.sentences, q.paragraphs)
                    };
                    changed("positions changed", positions(e), positions(a));
                }
            }
            (None, None) => {}
        }
    }
}

fn compare_entities(
    expected: &[EntityRecord],
    actual: &[EntityRecord],
    ignores: &dyn Fn(Field) -> bool,
    out: &mut Vec<Difference>,
) {
    let by_id: HashMap<&str, &EntityRecord> = actual.iter().map(|e| (e.id.as_str(), e)).collect();
    let expected_ids: HashMap<&str, &EntityRecord> =
        expected.iter().map(|e| (e.id.as_str(), e)).collect();
    for e in expected {
        let Some(a) = by_id.get(e.id.as_str()) else {
            out.push(Difference {
                change: "entity removed",
                subject: format!("{} {} ({})", e.entity_type, e.canonical, e.id),
                expected: None,
                actual: None,
            });
            continue;
        };
        let subject = format!("{} {} ({})", e.entity_type, e.canonical, e.id);
        if e.canonical != a.canonical || e.entity_type != a.entity_type {
            out.push(Difference {
                change: "entity renamed",
                subject: subject.clone(),
                expected: Some(format!("{} {}", e.entity_type, e.canonical)),
                actual: Some(format!("{} {}", a.entity_type, a.canonical)),
            });
        }
        if !ignores(Field::Mentions) {
            let forms = |x: &EntityRecord| {
                let texts: Vec<String> = x
                    .mentions
                    .iter()
                    .map(|m| {
                        if ignores(Field::Spans) {
                            m.text.clone()
                        } else {
                            format!("{}@{}", m.text, m.span[0])
                        }
                    })
                    .collect();
                texts.join(", ")
            };
            let (old, new) = (forms(e), forms(a));
            if old != new {
                out.push(Difference {
                    change: "mentions changed",
                    subject,
                    expected: Some(old),
                    actual: Some(new),
                });
            }
        }
    }
    for a in actual {
        if !expected_ids.contains_key(a.id.as_str()) {
            out.push(Difference {
                change: "entity added",
                subject: format!("{} {} ({})", a.entity_type, a.canonical, a.id),
                expected: None,
                actual: None,
            });
        }
    }
}

/// The expected-record file for an article file: `NAME.expected.json` beside `NAME.txt`,
/// `NAME.expected.jsonl` beside `NAME.jsonl` (or `NAME.json`).
pub fn expected_path(article: &Path) -> Option<PathBuf> {
    let stem = article.file_stem()?.to_str()?;
    let ext = article.extension().and_then(|e| e.to_str()).unwrap_or("");
    let name = if ext.eq_ignore_ascii_case("jsonl") || ext.eq_ignore_ascii_case("json") {
        format!("{stem}.expected.jsonl")
    } else {
        format!("{stem}.expected.json")
    };
    Some(article.with_file_name(name))
}

/// Expected records, read lazily per file and kept for `--bless`.
#[derive(Debug, Default)]
pub struct Expected {
    files: HashMap<PathBuf, ExpectedFile>,
}

#[derive(Debug, Default)]
struct ExpectedFile {
    /// Records in file order.
    records: Vec<Record>,
    /// Whether a record was changed and the file must be written.
    dirty: bool,
}

impl Expected {
    /// An empty store.
    pub fn new() -> Expected {
        Expected::default()
    }

    fn load(&mut self, path: &Path) -> Result<&mut ExpectedFile> {
        if !self.files.contains_key(path) {
            let file = match std::fs::read_to_string(path) {
                Ok(content) => ExpectedFile {
                    records: parse_records(path, &content)?,
                    dirty: false,
                },
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => ExpectedFile::default(),
                Err(e) => return Err(Error::io(Location::file(path), e)),
            };
            self.files.insert(path.to_path_buf(), file);
        }
        // Inserted just above when missing.
        self.files
            .get_mut(path)
            .ok_or_else(|| Error::invalid(Location::file(path), "expected records not loaded"))
    }

    /// The expected record of article `id` from the article file `article`, if there is one.
    pub fn get(&mut self, article: &Path, id: &str) -> Result<Option<Record>> {
        let Some(path) = expected_path(article) else {
            return Ok(None);
        };
        let file = self.load(&path)?;
        Ok(file.records.iter().find(|r| r.id == id).cloned())
    }

    /// Sets the expected record of an article (for `--bless`); written by [`Expected::save`].
    pub fn set(&mut self, article: &Path, record: Record) -> Result<()> {
        let path = expected_path(article).ok_or_else(|| {
            Error::invalid(
                Location::file(article),
                "no file name for the expected record",
            )
        })?;
        let file = self.load(&path)?;
        match file.records.iter_mut().find(|r| r.id == record.id) {
            Some(existing) => *existing = record,
            None => file.records.push(record),
        }
        file.dirty = true;
        Ok(())
    }

    /// Writes every changed expected-record file (to a temporary file, then renamed), and
    /// returns their paths.
    pub fn save(&mut self) -> Result<Vec<PathBuf>> {
        let mut written = Vec::new();
        let mut paths: Vec<&PathBuf> = self
            .files
            .iter()
            .filter(|(_, f)| f.dirty)
            .map(|(p, _)| p)
            .collect();
        paths.sort();
        for path in paths {
            let file = &self.files[path];
            let jsonl = path.extension().is_some_and(|e| e == "jsonl");
            let mut body = Vec::new();
            for record in &file.records {
                if jsonl {
                    serde_json::to_writer(&mut body, record)
                } else {
                    serde_json::to_writer_pretty(&mut body, record)
                }
                .map_err(|e| Error::invalid(Location::file(path), e.to_string()))?;
                body.push(b'\n');
            }
            write_atomically(path, &body)?;
            written.push(path.clone());
        }
        for file in self.files.values_mut() {
            file.dirty = false;
        }
        Ok(written)
    }
}

/// Records from an expected file: one pretty-printed JSON object (`.json`) or JSON Lines.
fn parse_records(path: &Path, content: &str) -> Result<Vec<Record>> {
    if path.extension().is_some_and(|e| e == "jsonl") {
        let mut records = Vec::new();
        for (number, line) in content.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let record = serde_json::from_str(line).map_err(|e| {
                Error::invalid(
                    Location::line(path, number as u64 + 1),
                    format!("not a whosaid record: {e}"),
                )
            })?;
            records.push(record);
        }
        Ok(records)
    } else {
        let mut records = Vec::new();
        for record in serde_json::Deserializer::from_str(content).into_iter::<Record>() {
            records.push(record.map_err(|e| {
                Error::invalid(
                    Location::line(path, e.line() as u64),
                    format!("not a whosaid record: {e}"),
                )
            })?);
        }
        Ok(records)
    }
}

/// Writes `body` to `path` through a temporary file in the same folder and a rename, so a
/// reader never sees half a file.
pub fn write_atomically(path: &Path, body: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("output");
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(body)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        Error::io(Location::file(path), e)
    })
}

#[cfg(test)]
mod tests;
