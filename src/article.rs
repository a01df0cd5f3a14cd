//! Reading articles: the first stage. Turns files, directories and standard input into
//! [`Article`]s with their paragraphs, and hands them to [`crate::segment`].
//!
//! # Formats
//! - **Seed format** (`.txt` whose first line is `date YYYY-MM-DD Title`, a leading space
//!   allowed): the header line, a blank line, then paragraphs separated by blank lines. A first
//!   paragraph like `By Staff, Agencies` or `By Jane Doe` is the byline, not body text. The id is
//!   the file stem.
//! - **Plain text** (`.txt` with no header): paragraphs separated by blank lines; id = file stem,
//!   no date, no title.
//! - **JSON Lines** (`.jsonl`, `.json`): one article per line,
//!   `{"id", "date", "title", "text"}`; `id` may be a string or a number, and a missing id becomes
//!   `FILE:LINE`. Other fields are kept in [`Article::extra`] and passed through to the output
//!   record. JSON Lines are streamed: memory holds one line at a time. A `.json` file whose
//!   content is one JSON array of such objects is also read.
//! - **Standard input** (`-`): JSON Lines when the first non-blank character is `{`, else text.
//!
//! Directories are walked recursively in sorted order, taking `.txt`, `.jsonl` and `.json`
//! files (and leaving out `*.expected.json[l]`, the expected records of `whosaid check`).
//!
//! # The article text
//! Spans point into [`Article::text`]: for JSON Lines the `text` field exactly; for text files
//! the file's content after the header line and the blank lines that follow it (the whole file
//! when there is no header). Invalid UTF-8 is replaced by U+FFFD with a warning
//! ([`Article::warnings`]), so one bad byte never costs a whole article.

use std::collections::HashSet;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;
use serde_json::{Map, Value};

use crate::error::{Error, Location, Result};
use crate::span::Span;

/// The default for [`ReadOptions::max_article_bytes`]: 20 MiB.
pub const DEFAULT_MAX_ARTICLE_BYTES: usize = 20 * 1024 * 1024;

/// One news article, ready for segmentation.
#[derive(Clone, Debug, Default)]
pub struct Article {
    /// Stable identifier: the file stem, the JSONL `id`, or `FILE:LINE`.
    pub id: String,
    /// Publication date as given (`YYYY-MM-DD` in the seed format), if any.
    pub date: Option<String>,
    /// Headline, if any. It is not part of [`Article::text`].
    pub title: Option<String>,
    /// The byline (`Staff, Agencies` for `By Staff, Agencies`), if the first paragraph is one.
    pub byline: Option<String>,
    /// The article text that every span points into.
    pub text: String,
    /// Body paragraphs, in order: spans into `text`, trimmed of surrounding white space. The
    /// byline paragraph is not among them.
    pub paragraphs: Vec<Span>,
    /// Fields of a JSONL record other than `id`, `date`, `title` and `text`, passed through.
    pub extra: Map<String, Value>,
    /// Where the article came from.
    pub origin: Location,
    /// Problems that did not stop the article from being read (e.g. invalid UTF-8 replaced).
    pub warnings: Vec<String>,
    /// Bytes of input the article was read from (its file, or its JSON line), for progress.
    pub input_bytes: u64,
}

impl Article {
    /// An article from plain text: no header, paragraphs separated by blank lines; a byline
    /// paragraph is recognised.
    pub fn from_text(id: impl Into<String>, text: impl Into<String>) -> Article {
        let mut article = Article {
            id: id.into(),
            text: text.into(),
            ..Article::default()
        };
        article.split_paragraphs();
        article
    }

    /// An article from a text file's content: the seed format when the first line is a
    /// `date YYYY-MM-DD Title` header, else plain text.
    pub fn from_file_content(id: impl Into<String>, content: &str) -> Article {
        let (header, body) = match content.split_once('\n') {
            Some((first, rest)) => (first, rest),
            None => (content, ""),
        };
        match SEED_HEADER.captures(header.trim_end_matches('\r')) {
            Some(caps) => {
                let title = caps.get(2).map(|m| m.as_str().trim().to_string());
                let mut article = Article::from_text(id, body.trim_start_matches(['\r', '\n']));
                article.date = caps.get(1).map(|m| m.as_str().to_string());
                article.title = title.filter(|t| !t.is_empty());
                article
            }
            None => Article::from_text(id, content),
        }
    }

    /// The text of paragraph `index`, or `""` when there is no such paragraph.
    pub fn paragraph_text(&self, index: usize) -> &str {
        self.paragraphs
            .get(index)
            .map_or("", |span| span.text(&self.text))
    }

    /// Splits `text` into paragraphs and takes a leading byline out of them.
    fn split_paragraphs(&mut self) {
        self.paragraphs = paragraph_spans(&self.text);
        if let Some(first) = self.paragraphs.first() {
            let first_text = first.text(&self.text);
            if let Some(byline) = byline_of(first_text) {
                self.byline = Some(byline.to_string());
                self.paragraphs.remove(0);
            }
        }
    }
}

/// `date YYYY-MM-DD Title`, the seed format's first line.
static SEED_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*date\s+(\d{4}-\d{2}-\d{2})(?:\s+(.*))?$").expect("valid header regex")
});

/// The byline of a paragraph that is one (see [`BYLINE`]): the names after `By`.
fn byline_of(paragraph: &str) -> Option<&str> {
    // Only `By`, white space and a capital can start a byline: most paragraphs need not run
    // a regex, and the Unicode one (slow to build) is built only for a non-ASCII candidate.
    let after_by = paragraph.strip_prefix("By")?;
    let name = after_by.trim_start();
    if name.len() == after_by.len() || !name.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    let regex = if paragraph.is_ascii() {
        &*ASCII_BYLINE
    } else {
        &*BYLINE
    };
    Some(regex.captures(paragraph)?.get(1)?.as_str())
}

/// The pattern of a byline paragraph, for a regex of `name` (one name) and `space` (white
/// space).
fn byline_pattern(name: &str, space: &str) -> String {
    format!(
        r"^By{space}+({name}(?:(?:{space}+|{space}*,{space}*|{space}+and{space}+|{space}*&{space}*)(?:{name}|of|de|van|von|al|bin|in)){{0,8}}){space}*$"
    )
}

/// A byline paragraph: `By` and a few capitalised names, with commas, `and` or `&` between
/// them, short and without a full stop at the end, so `By 2025, 40% of …` is body text.
static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&byline_pattern(r"\p{Lu}[\p{L}\p{M}'’.\-]*", r"\s")).expect("valid byline regex")
});

/// [`BYLINE`] for ASCII paragraphs: the same matches, built in a fraction of the time (the
/// Unicode classes, repeated nine times, cost as much to build as reading ten thousand
/// articles). `\s` in ASCII mode is `[\t\n\v\f\r ]`, the ASCII part of Unicode's.
static ASCII_BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        "(?-u){}",
        byline_pattern(r"[A-Z][A-Za-z'.\-]*", r"\s")
    ))
    .expect("valid ASCII byline regex")
});

/// Paragraph spans of `text`: maximal runs of lines that are not blank, trimmed.
pub fn paragraph_spans(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut line_start = 0;
    // Lines found with memchr's vectorised search: the article texts are many short lines.
    let line_ends = memchr::memchr_iter(b'\n', text.as_bytes())
        .map(|newline| newline + 1)
        .chain((!text.ends_with('\n')).then_some(text.len()));
    for line_end in line_ends {
        // `\n` is a whole character: the line always lies on char boundaries.
        let line = text.get(line_start..line_end).unwrap_or_default();
        let from_first_letter = line.trim_start();
        if from_first_letter.is_empty() {
            if let Some(s) = start.take() {
                spans.push(Span::new(s, end));
            }
        } else {
            let lead = line.len() - from_first_letter.len();
            if start.is_none() {
                start = Some(line_start + lead);
            }
            end = line_start + line.trim_end().len();
        }
        line_start = line_end;
    }
    if let Some(s) = start {
        spans.push(Span::new(s, end));
    }
    spans
}

/// Options for reading inputs.
#[derive(Clone, Debug)]
pub struct ReadOptions {
    /// An article (a text file, or one JSONL line) larger than this is skipped with an error
    /// instead of being read into memory.
    pub max_article_bytes: usize,
}

impl Default for ReadOptions {
    fn default() -> ReadOptions {
        ReadOptions {
            max_article_bytes: DEFAULT_MAX_ARTICLE_BYTES,
        }
    }
}

/// Reads articles from paths (files, directories, `-`) lazily, one at a time, in order.
///
/// Each item is an article or an error that names the file and line; after an error the reader
/// goes on with the rest of the input.
pub struct ArticleReader {
    pending: std::vec::IntoIter<Result<PathBuf>>,
    current: Option<JsonLines>,
    options: ReadOptions,
}

impl ArticleReader {
    /// A reader over `paths`, expanded now (directories walked, sorted), read lazily.
    pub fn new(paths: &[PathBuf], options: ReadOptions) -> ArticleReader {
        let mut files = Vec::new();
        for path in paths {
            expand(path, true, &mut HashSet::new(), &mut files);
        }
        ArticleReader {
            pending: files.into_iter(),
            current: None,
            options,
        }
    }

    /// Opens one file and returns its first item; JSON Lines files stay open in `current`.
    fn open(&mut self, path: PathBuf) -> Option<Result<Article>> {
        let is_stdin = path.as_os_str() == "-";
        let location = Location::file(&path);
        let input: Box<dyn Read + Send> = if is_stdin {
            Box::new(io::stdin())
        } else {
            match File::open(&path) {
                Ok(file) => Box::new(file),
                Err(e) => return Some(Err(Error::io(location, e))),
            }
        };
        let mut input = BufReader::with_capacity(1 << 16, input);
        let format = if is_stdin {
            match sniff_json(&mut input) {
                Ok(true) => Format::JsonLines,
                Ok(false) => Format::Text,
                Err(e) => return Some(Err(Error::io(location, e))),
            }
        } else {
            Format::of(&path)
        };
        match format {
            Format::JsonLines => {
                self.current = Some(JsonLines {
                    path,
                    input,
                    line: 0,
                    array: None,
                    buf: Vec::new(),
                });
                self.next()
            }
            Format::Text => Some(read_text(&path, input, self.options.max_article_bytes)),
        }
    }
}

impl Iterator for ArticleReader {
    type Item = Result<Article>;

    fn next(&mut self) -> Option<Result<Article>> {
        loop {
            if let Some(jsonl) = self.current.as_mut() {
                match jsonl.next_article(self.options.max_article_bytes) {
                    Some(item) => return Some(item),
                    None => self.current = None,
                }
            }
            match self.pending.next()? {
                Ok(path) => {
                    if let Some(item) = self.open(path) {
                        return Some(item);
                    }
                }
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Text,
    JsonLines,
}

impl Format {
    fn of(path: &Path) -> Format {
        match path.extension().and_then(|e| e.to_str()) {
            Some(ext) if ext.eq_ignore_ascii_case("jsonl") || ext.eq_ignore_ascii_case("json") => {
                Format::JsonLines
            }
            _ => Format::Text,
        }
    }
}

/// Adds `path` (a file, or the article files below a directory) to `out`, reporting unreadable
/// directories and symlink loops as errors in place.
fn expand(path: &Path, named: bool, seen: &mut HashSet<PathBuf>, out: &mut Vec<Result<PathBuf>>) {
    if path.as_os_str() == "-" {
        out.push(Ok(path.to_path_buf()));
        return;
    }
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) => {
            out.push(Err(Error::io(Location::file(path), e)));
            return;
        }
    };
    if !meta.is_dir() {
        if named || is_article_file(path) {
            out.push(Ok(path.to_path_buf()));
        }
        return;
    }
    // A directory reached twice (through a symbolic link) would be walked forever.
    let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    if !seen.insert(canonical) {
        out.push(Err(Error::invalid(
            Location::file(path),
            "directory already visited (symbolic link loop?); skipped",
        )));
        return;
    }
    let entries = match std::fs::read_dir(path) {
        Ok(entries) => entries,
        Err(e) => {
            out.push(Err(Error::io(Location::file(path), e)));
            return;
        }
    };
    let mut children: Vec<PathBuf> = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => children.push(entry.path()),
            Err(e) => out.push(Err(Error::io(Location::file(path), e))),
        }
    }
    children.sort();
    for child in children {
        expand(&child, false, seen, out);
    }
}

/// Files a directory walk takes: `.txt`, `.jsonl`, `.json`, but not expected records.
fn is_article_file(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    if name.starts_with('.') || name.contains(".expected.") {
        return false;
    }
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".txt") || lower.ends_with(".jsonl") || lower.ends_with(".json")
}

/// Peeks at standard input: true when the first non-blank byte is `{` or `[`.
fn sniff_json(input: &mut BufReader<Box<dyn Read + Send>>) -> io::Result<bool> {
    loop {
        let buf = input.fill_buf()?;
        if buf.is_empty() {
            return Ok(false);
        }
        match buf.iter().position(|b| !b.is_ascii_whitespace()) {
            Some(i) => return Ok(buf[i] == b'{' || buf[i] == b'['),
            None => {
                let n = buf.len();
                input.consume(n);
            }
        }
    }
}

/// The file stem, or the whole name, as the article id.
fn file_id(path: &Path) -> String {
    if path.as_os_str() == "-" {
        return "-".to_string();
    }
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Reads one text file as one article.
fn read_text(path: &Path, mut input: impl Read, max: usize) -> Result<Article> {
    let location = Location::file(path);
    let mut bytes = Vec::new();
    // One byte more than allowed tells "too large" from "exactly at the limit".
    let limit = u64::try_from(max).unwrap_or(u64::MAX).saturating_add(1);
    input
        .by_ref()
        .take(limit)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(location.clone(), e))?;
    if bytes.len() > max {
        return Err(Error::invalid(
            location,
            format!("article larger than --max-article-bytes ({max} bytes); skipped"),
        ));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::invalid(location, "empty file: no article"));
    }
    if looks_binary(&bytes) {
        return Err(Error::invalid(
            location,
            "binary file (NUL bytes): not an article",
        ));
    }
    let input_bytes = bytes.len() as u64;
    let (content, warning) = decode(bytes);
    let mut article = Article::from_file_content(file_id(path), &content);
    article.origin = location;
    article.warnings.extend(warning);
    article.input_bytes = input_bytes;
    Ok(article)
}

/// NUL bytes in the first 8 KiB mean a binary file, as for grep.
fn looks_binary(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(8192)].contains(&0)
}

/// UTF-8 text from bytes; invalid sequences become U+FFFD, with a warning that says where the
/// first one was.
fn decode(bytes: Vec<u8>) -> (String, Option<String>) {
    match String::from_utf8(bytes) {
        Ok(text) => (text, None),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            (
                text,
                Some(format!(
                    "invalid UTF-8 at byte {at}; invalid bytes replaced by U+FFFD"
                )),
            )
        }
    }
}

/// An open JSON Lines file, read one line at a time.
struct JsonLines {
    path: PathBuf,
    input: BufReader<Box<dyn Read + Send>>,
    line: u64,
    /// Records of a `.json` file that held one JSON array, with their 1-based index.
    array: Option<std::iter::Enumerate<std::vec::IntoIter<Value>>>,
    /// The line being read, kept from line to line so that it grows once, not every line.
    buf: Vec<u8>,
}

impl JsonLines {
    fn next_article(&mut self, max: usize) -> Option<Result<Article>> {
        if let Some(records) = self.array.as_mut() {
            let (index, value) = records.next()?;
            let location = Location::line(&self.path, index as u64 + 1);
            return Some(article_from_json(value, location));
        }
        let mut buf = std::mem::take(&mut self.buf);
        let item = self.next_line_article(&mut buf, max);
        self.buf = buf;
        item
    }

    /// [`JsonLines::next_article`] from the next lines, read into `buf`.
    fn next_line_article(&mut self, buf: &mut Vec<u8>, max: usize) -> Option<Result<Article>> {
        loop {
            buf.clear();
            self.line += 1;
            let location = Location::line(&self.path, self.line);
            let too_long = match read_line_capped(&mut self.input, buf, max) {
                Ok(None) => return None,
                Ok(Some(too_long)) => too_long,
                Err(e) => {
                    // A read error mid-file ends this file: the rest cannot be trusted.
                    self.array = Some(Vec::new().into_iter().enumerate());
                    return Some(Err(Error::io(location, e)));
                }
            };
            if too_long {
                return Some(Err(Error::invalid(
                    location,
                    format!("record larger than --max-article-bytes ({max} bytes); skipped"),
                )));
            }
            if buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            if self.line == 1 && buf.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
                return self.read_array(std::mem::take(buf), max, location);
            }
            let input_bytes = buf.len() as u64 + 1;
            let (parsed, warning) = match std::str::from_utf8(buf) {
                Ok(line) => (parse_line(line), None),
                Err(_) => {
                    let (line, warning) = decode(buf.clone());
                    (parse_line(&line), warning)
                }
            };
            let value = match parsed {
                Ok(value) => value,
                Err(e) => {
                    return Some(Err(Error::invalid(
                        location,
                        format!("not valid JSON: {e}"),
                    )));
                }
            };
            let mut item = article_from_json(value, location);
            if let Ok(article) = item.as_mut() {
                article.warnings.extend(warning);
                article.input_bytes = input_bytes;
            }
            return Some(item);
        }
    }

    /// A `.json` file that is one JSON array of records (read whole, within the size limit).
    fn read_array(
        &mut self,
        mut buf: Vec<u8>,
        max: usize,
        location: Location,
    ) -> Option<Result<Article>> {
        let limit = u64::try_from(max).unwrap_or(u64::MAX).saturating_add(1);
        let whole = (&mut self.input).take(limit).read_to_end(&mut buf);
        self.array = Some(Vec::new().into_iter().enumerate());
        if let Err(e) = whole {
            return Some(Err(Error::io(Location::file(&self.path), e)));
        }
        if buf.len() > max {
            return Some(Err(Error::invalid(
                Location::file(&self.path),
                format!("JSON file larger than --max-article-bytes ({max} bytes); skipped"),
            )));
        }
        match serde_json::from_slice::<Value>(&buf) {
            Ok(Value::Array(records)) => {
                self.array = Some(records.into_iter().enumerate());
                self.next_article(max)
            }
            Ok(_) => Some(Err(Error::invalid(
                location,
                "expected an array of records",
            ))),
            Err(e) => Some(Err(Error::invalid(
                Location::file(&self.path),
                format!("not valid JSON: {e}"),
            ))),
        }
    }
}

/// Reads one line (without its `\n`) into `buf`, keeping at most `max` bytes: `Ok(None)` at the
/// end of input, `Ok(Some(true))` when the line was longer than `max` (the rest was skipped).
fn read_line_capped(
    input: &mut impl BufRead,
    buf: &mut Vec<u8>,
    max: usize,
) -> io::Result<Option<bool>> {
    let mut read_any = false;
    let mut too_long = false;
    loop {
        let chunk = match input.fill_buf() {
            Ok(chunk) => chunk,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            return Ok(read_any.then_some(too_long));
        }
        read_any = true;
        let (part, used, done) = match memchr::memchr(b'\n', chunk) {
            Some(i) => (&chunk[..i], i + 1, true),
            None => (chunk, chunk.len(), false),
        };
        if !too_long {
            if buf.len() + part.len() > max {
                too_long = true;
                buf.clear();
            } else {
                buf.extend_from_slice(part);
            }
        }
        input.consume(used);
        if done {
            if buf.last() == Some(&b'\r') {
                buf.pop();
            }
            return Ok(Some(too_long));
        }
    }
}

/// One JSON line as serde_json parses it: the usual record (an object of strings and nulls)
/// by [`flat_object`], anything else, errors included, by serde_json.
fn parse_line(line: &str) -> serde_json::Result<Value> {
    match flat_object(line) {
        Some(fields) => Ok(Value::Object(fields)),
        None => serde_json::from_str(line),
    }
}

/// The fields of `line` when it is one JSON object whose values are all strings or `null`,
/// with no key twice, and nothing else in the line but JSON white space; `None` for anything
/// else (serde_json then parses the line, and reports its errors). Strings are found with
/// memchr, which is several times faster than serde_json's byte-by-byte string parser on
/// long article texts.
fn flat_object(line: &str) -> Option<Map<String, Value>> {
    let bytes = line.as_bytes();
    let mut at = skip_json_space(bytes, 0);
    if bytes.get(at) != Some(&b'{') {
        return None;
    }
    at = skip_json_space(bytes, at + 1);
    let mut fields = Map::new();
    if bytes.get(at) == Some(&b'}') {
        at += 1;
    } else {
        loop {
            if bytes.get(at) != Some(&b'"') {
                return None;
            }
            let (key, next) = json_string(line, at + 1)?;
            at = skip_json_space(bytes, next);
            if bytes.get(at) != Some(&b':') {
                return None;
            }
            at = skip_json_space(bytes, at + 1);
            let value = match bytes.get(at) {
                Some(b'"') => {
                    let (value, next) = json_string(line, at + 1)?;
                    at = next;
                    Value::String(value)
                }
                Some(b'n') if bytes.get(at..at + 4) == Some(b"null") => {
                    at += 4;
                    Value::Null
                }
                _ => return None,
            };
            if fields.insert(key, value).is_some() {
                return None;
            }
            at = skip_json_space(bytes, at);
            match bytes.get(at) {
                Some(b',') => at = skip_json_space(bytes, at + 1),
                Some(b'}') => {
                    at += 1;
                    break;
                }
                _ => return None,
            }
        }
    }
    (skip_json_space(bytes, at) == bytes.len()).then_some(fields)
}

/// The first byte at or after `at` that is not JSON white space.
fn skip_json_space(bytes: &[u8], mut at: usize) -> usize {
    while bytes
        .get(at)
        .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
    {
        at += 1;
    }
    at
}

/// The JSON string whose content starts at byte `start` of `line` (just after its opening
/// quote), unescaped, and the byte after its closing quote; `None` when it is not a plain
/// valid string (a raw control character, a bad escape, a lone surrogate, no closing quote).
fn json_string(line: &str, start: usize) -> Option<(String, usize)> {
    let bytes = line.as_bytes();
    let mut out = String::new();
    let mut at = start;
    loop {
        let rest = bytes.get(at..)?;
        let stop = memchr::memchr2(b'"', b'\\', rest)?;
        // Folded, not stopped early, so that it vectorises: raw control characters are rare.
        let has_control = rest
            .get(..stop)?
            .iter()
            .fold(false, |found, &b| found | (b < 0x20));
        if has_control {
            return None;
        }
        // `"` and `\` are ASCII: both ends lie on char boundaries.
        out.push_str(line.get(at..at + stop)?);
        at += stop;
        if bytes.get(at) == Some(&b'"') {
            return Some((out, at + 1));
        }
        let escaped = match bytes.get(at + 1)? {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let (c, next) = unicode_escape(bytes, at + 2)?;
                at = next - 2;
                c
            }
            _ => return None,
        };
        out.push(escaped);
        at += 2;
    }
}

/// The character of the `XXXX` of a `\uXXXX` escape at `at` (with the low half of a
/// surrogate pair when it is the high half), and the byte after it; `None` for a lone
/// surrogate or bad hex digits.
fn unicode_escape(bytes: &[u8], at: usize) -> Option<(char, usize)> {
    let hex = |at: usize| -> Option<u32> {
        let digits = bytes.get(at..at + 4)?;
        digits
            .iter()
            .try_fold(0, |n, &d| Some(n * 16 + char::from(d).to_digit(16)?))
    };
    let first = hex(at)?;
    match first {
        0xD800..=0xDBFF => {
            if bytes.get(at + 4..at + 6)? != b"\\u" {
                return None;
            }
            let second = hex(at + 6)?;
            if !(0xDC00..=0xDFFF).contains(&second) {
                return None;
            }
            let c = char::from_u32(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))?;
            Some((c, at + 10))
        }
        _ => Some((char::from_u32(first)?, at + 4)),
    }
}

/// An article from one JSON record; wrong shapes are errors naming the field.
fn article_from_json(value: Value, location: Location) -> Result<Article> {
    let Value::Object(mut fields) = value else {
        return Err(Error::invalid(
            location,
            format!("expected a JSON object, found {}", json_kind(&value)),
        ));
    };
    let text = match fields.remove("text") {
        Some(Value::String(text)) => text,
        Some(other) => {
            return Err(Error::invalid(
                location,
                format!(
                    "field \"text\" must be a string, found {}",
                    json_kind(&other)
                ),
            ));
        }
        None => return Err(Error::invalid(location, "missing field \"text\"")),
    };
    let id = match fields.remove("id") {
        Some(Value::String(id)) => id,
        Some(Value::Number(n)) => n.to_string(),
        None | Some(Value::Null) => location.to_string(),
        Some(other) => {
            return Err(Error::invalid(
                location,
                format!(
                    "field \"id\" must be a string or a number, found {}",
                    json_kind(&other)
                ),
            ));
        }
    };
    let date = optional_string(&mut fields, "date", &location)?;
    let title = optional_string(&mut fields, "title", &location)?;
    let mut article = Article::from_text(id, text);
    article.date = date;
    article.title = title;
    article.extra = fields;
    article.origin = location;
    Ok(article)
}

fn optional_string(
    fields: &mut Map<String, Value>,
    name: &str,
    location: &Location,
) -> Result<Option<String>> {
    match fields.remove(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(Error::invalid(
            location.clone(),
            format!(
                "field \"{name}\" must be a string or null, found {}",
                json_kind(&other)
            ),
        )),
    }
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED_LIKE: &str = " date 2023-09-20 Top Gen.: Iran, Russia Working on Pact\n\nBy Staff, Agencies\n\nFirst paragraph.\n\nSecond paragraph,\nwrapped.\n";

    #[test]
    fn seed_header_byline_and_paragraphs() {
        let article = Article::from_file_content("seed", SEED_LIKE);
        assert_eq!(article.date.as_deref(), Some("2023-09-20"));
        assert_eq!(
            article.title.as_deref(),
            Some("Top Gen.: Iran, Russia Working on Pact")
        );
        assert_eq!(article.byline.as_deref(), Some("Staff, Agencies"));
        assert!(article.text.starts_with("By Staff"));
        let paragraphs: Vec<&str> = (0..article.paragraphs.len())
            .map(|i| article.paragraph_text(i))
            .collect();
        assert_eq!(
            paragraphs,
            ["First paragraph.", "Second paragraph,\nwrapped."]
        );
    }

    #[test]
    fn plain_text_has_no_header() {
        let article = Article::from_file_content("plain", "Just a line.\n\n\n  Another.  ");
        assert_eq!(article.date, None);
        assert_eq!(article.title, None);
        assert_eq!(article.paragraphs.len(), 2);
        assert_eq!(article.paragraph_text(1), "Another.");
    }

    #[test]
    fn byline_needs_names_not_a_sentence() {
        for (text, byline) in [
            ("By Jane Doe\n\nBody.", Some("Jane Doe")),
            (
                "By Nick Brown and Ali Reza\n\nBody.",
                Some("Nick Brown and Ali Reza"),
            ),
            (
                "By 2025, 40% of the UK's population will be online.\n\nBody.",
                None,
            ),
            ("By now, we have all heard of it.\n\nBody.", None),
            (
                "By early 2005 the net could have two new domain names.",
                None,
            ),
        ] {
            assert_eq!(
                Article::from_text("t", text).byline.as_deref(),
                byline,
                "{text}"
            );
        }
    }

    /// [`paragraph_spans`] as it was written before lines were found with memchr.
    fn paragraph_spans_reference(text: &str) -> Vec<Span> {
        let mut spans = Vec::new();
        let mut start: Option<usize> = None;
        let mut end = 0;
        let mut line_start = 0;
        for line in text.split_inclusive('\n') {
            let line_end = line_start + line.len();
            if line.trim().is_empty() {
                if let Some(s) = start.take() {
                    spans.push(Span::new(s, end));
                }
            } else {
                let lead = line.len() - line.trim_start().len();
                if start.is_none() {
                    start = Some(line_start + lead);
                }
                end = line_start + line.trim_end().len();
            }
            line_start = line_end;
        }
        if let Some(s) = start {
            spans.push(Span::new(s, end));
        }
        spans
    }

    proptest::proptest! {
        #[test]
        fn paragraphs_as_the_line_by_line_reference(
            text in "([a-zé .’]{0,12}|\n|\r\n|\n\n|[ \t\u{a0}\u{2003}]{1,3}){0,12}",
        ) {
            proptest::prop_assert_eq!(paragraph_spans(&text), paragraph_spans_reference(&text));
        }

        /// The ASCII byline regex and the filter before it find what the Unicode regex finds.
        #[test]
        fn bylines_as_the_unicode_regex(
            text in "By([ \t\n\u{b}\u{c}\r]{0,2}|,|&| and |and|of|de|[A-Za-z'.\\-]{1,6}|[A-Z]|[ÉöŁ’]|[0-9%]|\u{2003}){0,10}",
        ) {
            let reference = BYLINE.captures(&text).and_then(|c| c.get(1)).map(|m| m.as_str());
            proptest::prop_assert_eq!(byline_of(&text), reference);
            if text.is_ascii() {
                let ascii = ASCII_BYLINE.captures(&text).and_then(|c| c.get(1)).map(|m| m.as_str());
                proptest::prop_assert_eq!(ascii, reference);
            }
        }
    }

    /// The fast path's fields, when it takes the line, are serde_json's.
    fn assert_parsed_as_serde_json(line: &str) -> bool {
        let Some(fields) = flat_object(line) else {
            return false;
        };
        let reference = serde_json::from_str::<Value>(line);
        assert_eq!(reference.ok(), Some(Value::Object(fields)), "{line:?}");
        true
    }

    #[test]
    fn flat_json_lines_parse_as_serde_json() {
        for line in [
            r#"{"id": "a", "date": null, "title": "T", "text": "Line one.\n\nTwo \"quoted\" \\ \/ \b\f\r\t \u00e9\u2019 \ud83d\ude00 \u0000 é’", "source": "x"}"#,
            r#"  {"text":"x"}  "#,
            "{}",
            "{\"text\":\"\",\t\"id\":\"\"}\r",
        ] {
            assert!(assert_parsed_as_serde_json(line), "not taken: {line:?}");
        }
        for line in [
            r#"{"text": "x", "text": "y"}"#,
            r#"{"id": 7, "text": "x"}"#,
            r#"{"text": "x"} x"#,
            r#"{"text": "\ud800"}"#,
            r#"{"text": "\udc00\ud800"}"#,
            r#"{"text": "\x"}"#,
            "{\"text\": \"a\u{1}b\"}",
            r#"{"text": "x",}"#,
            r#"{"text": nul}"#,
            r#"{"text": "x""#,
            r#"["text"]"#,
        ] {
            assert!(flat_object(line).is_none(), "taken: {line:?}");
        }
    }

    proptest::proptest! {
        /// Lines made of JSON pieces, valid and not: whenever the fast path takes one, it
        /// parses it as serde_json does.
        #[test]
        fn json_pieces_parse_as_serde_json(
            pieces in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::string::string_regex(
                        r#"(\{|\}|:|,| |\t|null|nul|7|"(id|text)"|"([a-zé’ \x01"/]|\\["\\/bfnrtux]|\\u(00[0-9a-fA-F]{2}|d8[0-3f][0-9a-f]|dc0[0-9]|20[0-9]{2}|FFFF))*"?)"#
                    ).unwrap(),
                ],
                0..16,
            ),
        ) {
            assert_parsed_as_serde_json(&pieces.concat());
        }

        /// Well-formed records of strings are always taken, and parsed as serde_json does.
        #[test]
        fn string_records_take_the_fast_path(
            fields in proptest::collection::btree_map("[a-z]{1,6}", proptest::option::of("(?s).{0,40}"), 0..6),
        ) {
            let line = serde_json::to_string(&fields).unwrap();
            proptest::prop_assert!(assert_parsed_as_serde_json(&line), "not taken: {}", line);
        }
    }

    #[test]
    fn crlf_paragraphs() {
        let article = Article::from_text("t", "One.\r\n\r\nTwo.\r\n");
        assert_eq!(article.paragraph_text(0), "One.");
        assert_eq!(article.paragraph_text(1), "Two.");
    }

    #[test]
    fn json_records_and_their_errors() {
        let at = || Location::line("x.jsonl", 3);
        let ok = article_from_json(
            serde_json::json!({"id": 7, "text": "Hi.", "source": "wire"}),
            at(),
        )
        .unwrap();
        assert_eq!(ok.id, "7");
        assert_eq!(ok.extra["source"], "wire");
        let missing = article_from_json(serde_json::json!({"text": "Hi."}), at()).unwrap();
        assert_eq!(missing.id, "x.jsonl:3");
        for (bad, message) in [
            (
                serde_json::json!([1]),
                "x.jsonl:3: expected a JSON object, found an array",
            ),
            (
                serde_json::json!({"id": "a"}),
                "x.jsonl:3: missing field \"text\"",
            ),
            (
                serde_json::json!({"text": 5}),
                "x.jsonl:3: field \"text\" must be a string, found a number",
            ),
            (
                serde_json::json!({"text": "t", "date": 2023}),
                "x.jsonl:3: field \"date\" must be a string or null, found a number",
            ),
        ] {
            let err = article_from_json(bad, at()).unwrap_err();
            assert_eq!(err.to_string(), message);
        }
    }

    /// A reader that fails like an unreadable file (root reads files whatever their mode, so
    /// the test cannot use permissions).
    struct Unreadable;

    impl Read for Unreadable {
        fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
            Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                "Permission denied",
            ))
        }
    }

    #[test]
    fn unreadable_files_name_the_file() {
        let err = read_text(Path::new("locked.txt"), Unreadable, 100).unwrap_err();
        assert_eq!(err.to_string(), "locked.txt: Permission denied");
        let mut lines = JsonLines {
            path: PathBuf::from("locked.jsonl"),
            input: BufReader::new(Box::new(Unreadable)),
            line: 0,
            array: None,
            buf: Vec::new(),
        };
        let err = lines.next_article(100).unwrap().unwrap_err();
        assert_eq!(err.to_string(), "locked.jsonl:1: Permission denied");
        // The rest of that file cannot be trusted: reading stops there.
        assert!(lines.next_article(100).is_none());
    }

    #[test]
    fn capped_lines() {
        let mut input = io::Cursor::new(b"short\r\nmuch too long line\nok".to_vec());
        let mut buf = Vec::new();
        assert_eq!(
            read_line_capped(&mut input, &mut buf, 8).unwrap(),
            Some(false)
        );
        assert_eq!(buf, b"short");
        buf.clear();
        assert_eq!(
            read_line_capped(&mut input, &mut buf, 8).unwrap(),
            Some(true)
        );
        buf.clear();
        assert_eq!(
            read_line_capped(&mut input, &mut buf, 8).unwrap(),
            Some(false)
        );
        assert_eq!(buf, b"ok");
        buf.clear();
        assert_eq!(read_line_capped(&mut input, &mut buf, 8).unwrap(), None);
    }
}
