//! Sentence segmentation: the second stage. Splits each paragraph of an [`Article`] into
//! [`Sentence`]s, which the gazetteer, mention and quote stages work on.
//!
//! # How it decides
//! A sentence ends at a cluster of terminal punctuation (`.`, `!`, `?`, `…`, spaced `. . .`)
//! and the closing quotation marks and brackets right after it (`.”`, `?’`, `.)`), when white
//! space and then a sentence start follow. What counts as a sentence start depends on what
//! ends the candidate sentence:
//! - after an ordinary word, anything but a lowercase letter;
//! - after `!` or `?`, the same, except that a quotation closed by it keeps its attribution
//!   (`“Why now?” Araghchi asked.` is one sentence);
//! - after an abbreviation of class `abbrev` (`Corp.`, `Jan.`, `U.S.`, `a.m.`, an initial), only
//!   a sentence starter (`The`, `He`, `How`, …): `U.S. Government` goes on, `U.S. How` splits;
//! - after a `title` (`Gen.`, `Mr.`, `St.`, `p.`), never;
//! - after a three-dot ellipsis, only a capitalised word other than `I`; four dots (an ellipsis
//!   and a full stop) end a sentence like a full stop.
//!
//! Numbered, lettered and bulleted list items (`1.) …`, `a. …`, `• …`) are sentences of their
//! own. A paragraph break always ends a sentence.
//!
//! The abbreviations, sentence starters and attribution verbs are data files embedded in the
//! binary ([`Segmenter::new`]), replaceable at run time ([`Segmenter::from_data`]). Words next
//! to a candidate boundary are found with Unicode word boundaries (`unicode-segmentation`).
//!
//! # Invariant
//! The sentences of a paragraph tile it: in order, non-overlapping, each trimmed of white
//! space, and only white space between them.

use rustc_hash::FxHashSet as HashSet;

use unicode_segmentation::UnicodeSegmentation;

use crate::article::Article;
use crate::error::{Error, Location, Result};
use crate::span::Span;

/// The embedded abbreviation list (`FORM<TAB>CLASS<TAB>EXAMPLE`).
pub const DEFAULT_ABBREVIATIONS: &str = include_str!("abbreviations.tsv");
/// The embedded list of sentence starters, one word per line.
pub const DEFAULT_SENTENCE_STARTERS: &str = include_str!("sentence_starters.txt");
/// The embedded list of attribution verbs, one word per line.
pub const DEFAULT_ATTRIBUTION_VERBS: &str = include_str!("attribution_verbs.txt");

/// One sentence: its span in the article text and the index of its paragraph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sentence {
    /// Byte span into [`Article::text`].
    pub span: Span,
    /// Index into [`Article::paragraphs`].
    pub paragraph: usize,
}

/// A rule-based sentence segmenter for news English.
#[derive(Clone, Debug)]
pub struct Segmenter {
    titles: HashSet<String>,
    abbreviations: HashSet<String>,
    starters: HashSet<String>,
    attribution_verbs: HashSet<String>,
}

impl Default for Segmenter {
    fn default() -> Segmenter {
        Segmenter::new()
    }
}

impl Segmenter {
    /// The segmenter with the embedded data files.
    pub fn new() -> Segmenter {
        // The embedded files are checked by this module's tests, so this cannot fail.
        Segmenter::from_data(
            DEFAULT_ABBREVIATIONS,
            DEFAULT_SENTENCE_STARTERS,
            DEFAULT_ATTRIBUTION_VERBS,
        )
        .unwrap_or_else(|_| Segmenter::empty())
    }

    fn empty() -> Segmenter {
        Segmenter {
            titles: HashSet::default(),
            abbreviations: HashSet::default(),
            starters: HashSet::default(),
            attribution_verbs: HashSet::default(),
        }
    }

    /// A segmenter from data in the embedded files' formats. Errors name the data file
    /// (`abbreviations.tsv`) and line.
    pub fn from_data(
        abbreviations: &str,
        starters: &str,
        attribution_verbs: &str,
    ) -> Result<Segmenter> {
        let mut segmenter = Segmenter::empty();
        for (number, line) in data_lines(abbreviations) {
            let mut fields = line.split('\t');
            let form = fields.next().unwrap_or("").trim();
            let class = fields.next().unwrap_or("").trim();
            let location = || Location::line("abbreviations.tsv", number);
            let Some(stem) = form.strip_suffix(['.', '!', '?']) else {
                return Err(Error::invalid(
                    location(),
                    format!("abbreviation {form:?} must end in '.', '!' or '?'"),
                ));
            };
            if stem.is_empty() {
                return Err(Error::invalid(location(), "empty abbreviation"));
            }
            match class {
                "title" => segmenter.titles.insert(form.to_string()),
                "abbrev" => segmenter.abbreviations.insert(form.to_string()),
                other => {
                    return Err(Error::invalid(
                        location(),
                        format!("unknown class {other:?} (expected title or abbrev)"),
                    ));
                }
            };
        }
        segmenter.starters = data_lines(starters).map(|(_, w)| w.to_string()).collect();
        segmenter.attribution_verbs = data_lines(attribution_verbs)
            .map(|(_, w)| w.to_string())
            .collect();
        Ok(segmenter)
    }

    /// The sentences of every paragraph of `article`, in order.
    pub fn segment(&self, article: &Article) -> Vec<Sentence> {
        let mut sentences = Vec::new();
        for (index, paragraph) in article.paragraphs.iter().enumerate() {
            for span in self.split(paragraph.text(&article.text)) {
                sentences.push(Sentence {
                    span: Span::new(paragraph.start + span.start, paragraph.start + span.end),
                    paragraph: index,
                });
            }
        }
        sentences
    }

    /// Splits one paragraph (or any text treated as one) into sentence spans relative to it.
    pub fn split(&self, text: &str) -> Vec<Span> {
        let bytes = text.as_bytes();
        let list_cuts = list_item_starts(text);
        let mut next_list_cut = 0;
        let mut cuts: Vec<usize> = Vec::new();
        let mut sentence_start = 0;
        let mut i = 0;
        let mut marks = Marks::new(bytes);
        while let Some(at) = marks.next_from(i) {
            while next_list_cut < list_cuts.len() && list_cuts[next_list_cut] <= at {
                sentence_start = list_cuts[next_list_cut];
                cuts.push(sentence_start);
                next_list_cut += 1;
            }
            let Some(cluster) = Cluster::scan(text, at) else {
                i = at + 1;
                continue;
            };
            i = cluster.end;
            if let Some(cut) = self.boundary(text, &cluster, sentence_start) {
                cuts.push(cut);
                sentence_start = cut;
            }
        }
        cuts.extend_from_slice(&list_cuts[next_list_cut..]);
        let mut spans = Vec::with_capacity(cuts.len() + 1);
        let mut start = 0;
        for cut in cuts.into_iter().chain(std::iter::once(text.len())) {
            if let Some(span) = trimmed(text, start, cut) {
                spans.push(span);
            }
            start = cut;
        }
        spans
    }

    /// Where the sentence ends if `cluster` ends it (the byte after its last mark), or `None`.
    fn boundary(&self, text: &str, cluster: &Cluster, sentence_start: usize) -> Option<usize> {
        let rest = &text[cluster.end..];
        let gap = rest.len() - rest.trim_start().len();
        if gap == 0 {
            // Mid-token (`Jane.Doe`, `3.5`, `U.S`) or the paragraph's end.
            return None;
        }
        let next = Next::read(&rest[gap..]);
        if next.first.is_lowercase() {
            return None;
        }
        if cluster.question {
            if cluster.closes_quote && self.is_attribution(&rest[gap..]) {
                return None;
            }
            let token = previous_token(text, cluster.start);
            let form = &text[token..cluster.start + cluster.first_mark_len];
            if self.titles.contains(strip_openers(form)) {
                return None;
            }
            return Some(cluster.end);
        }
        if cluster.dots >= 4 {
            // An ellipsis and a full stop. `word. . . . Next`: the full stop ends the sentence
            // and the ellipsis opens the next one.
            if !next.starts_sentence_after_ellipsis() {
                return None;
            }
            return Some(cluster.attached_stop_end.unwrap_or(cluster.end));
        }
        if cluster.dots == 3 {
            return next.starts_sentence_after_ellipsis().then_some(cluster.end);
        }
        if cluster.closes_quote && self.is_attribution(&rest[gap..]) {
            return None;
        }
        let token_start = previous_token(text, cluster.start);
        let token = strip_openers(&text[token_start..cluster.start]);
        let is_first_token = text[sentence_start..token_start].trim().is_empty()
            || text[sentence_start..token_start]
                .trim()
                .chars()
                .all(is_bullet);
        if is_first_token && is_list_marker(token) {
            return None;
        }
        let form = &text[cluster.start - token.len()..cluster.start + cluster.first_mark_len];
        if self.titles.contains(form) {
            return None;
        }
        if self.abbreviations.contains(form) || is_initials(token) {
            return self.starters.contains(next.word).then_some(cluster.end);
        }
        Some(cluster.end)
    }

    /// True when `rest` opens with a name and a speech verb: `Araghchi asked.`,
    /// `Foreign Minister Sergei Lavrov told reporters …`.
    ///
    /// The verb must end the attribution — punctuation or the text's end after it, or at most
    /// three words first (`asked reporters.`) — or else `Mr Florin said the plan was …` after a
    /// quotation is a sentence of its own.
    fn is_attribution(&self, rest: &str) -> bool {
        let mut names = 0;
        let mut words = rest
            .split_word_bound_indices()
            .filter(|(_, w)| w.chars().next().is_some_and(char::is_alphanumeric));
        for (at, word) in words.by_ref().take(6) {
            if word.chars().next().is_some_and(char::is_uppercase) {
                if self.starters.contains(word) {
                    return false;
                }
                names += 1;
                continue;
            }
            if names == 0 || !self.attribution_verbs.contains(word) {
                return false;
            }
            let tail = &rest[at + word.len()..];
            let clause_end = tail
                .find(['.', ',', ';', ':', '!', '?'])
                .unwrap_or(tail.len());
            return tail[..clause_end].unicode_words().count() <= 3;
        }
        false
    }
}

/// Non-empty, non-comment lines of a data file, with their 1-based line numbers.
fn data_lines(data: &str) -> impl Iterator<Item = (u64, &str)> {
    data.lines().enumerate().filter_map(|(i, line)| {
        let line = line.trim_end();
        (!line.trim().is_empty() && !line.starts_with('#')).then_some((i as u64 + 1, line))
    })
}

/// Finds the marks that may end a sentence: `.`, `!`, `?` and `…`, with SIMD searches (the
/// byte-by-byte scan was a third of segmentation).
struct Marks<'t> {
    bytes: &'t [u8],
    /// The first `…` at or after the last search's start, if it was looked for.
    ellipsis: Option<Option<usize>>,
}

impl<'t> Marks<'t> {
    fn new(bytes: &'t [u8]) -> Marks<'t> {
        Marks {
            bytes,
            ellipsis: None,
        }
    }

    /// The first mark at or after byte `from`.
    fn next_from(&mut self, from: usize) -> Option<usize> {
        let rest = self.bytes.get(from..)?;
        let stop = memchr::memchr3(b'.', b'!', b'?', rest).map(|p| from + p);
        // The next `…` is looked for again only once the search has passed the last one
        // found, so that all searches together read the text once.
        let ellipsis = match self.ellipsis {
            Some(Some(at)) if at >= from => Some(at),
            Some(None) => None,
            _ => {
                let at = memchr::memmem::find(rest, "…".as_bytes()).map(|p| from + p);
                self.ellipsis = Some(at);
                at
            }
        };
        match (stop, ellipsis) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

/// A run of terminal punctuation and the closing marks after it.
#[derive(Debug)]
struct Cluster {
    /// Byte of the first mark.
    start: usize,
    /// Bytes of the first mark (`…` has three).
    first_mark_len: usize,
    /// Byte after the last mark or closing quote/bracket.
    end: usize,
    /// Full stops, counting `…` as three.
    dots: usize,
    /// A `!` or `?` is among the marks.
    question: bool,
    /// A closing quotation mark follows the marks.
    closes_quote: bool,
    /// For `word. . . .`: the byte after the first full stop, which is attached to the word.
    attached_stop_end: Option<usize>,
}

impl Cluster {
    /// The cluster whose first mark is at `at`, or `None` if the byte there starts no mark
    /// (a multi-byte character that is not `…`).
    fn scan(text: &str, at: usize) -> Option<Cluster> {
        let mut cluster = Cluster {
            start: at,
            first_mark_len: text[at..].chars().next().map_or(1, char::len_utf8),
            end: at,
            dots: 0,
            question: false,
            closes_quote: false,
            attached_stop_end: None,
        };
        let mut spaced_dots = false;
        let mut chars = text[at..].char_indices().peekable();
        while let Some(&(offset, c)) = chars.peek() {
            match c {
                '.' => cluster.dots += 1,
                '…' => cluster.dots += 3,
                '!' | '?' => cluster.question = true,
                // `. . .`: a space between full stops belongs to a spaced ellipsis.
                ' ' if cluster.dots > 0 && text[at + offset + 1..].starts_with('.') => {
                    spaced_dots = true;
                }
                _ => break,
            }
            chars.next();
            cluster.end = at + offset + c.len_utf8();
        }
        if cluster.end == at {
            return None;
        }
        let attached = at > 0 && !text[..at].ends_with(char::is_whitespace);
        if spaced_dots && attached && text[at..].starts_with(". .") {
            cluster.attached_stop_end = Some(at + 1);
        }
        for c in text[cluster.end..].chars() {
            if !is_closer(c) {
                break;
            }
            cluster.closes_quote |= !matches!(c, ')' | ']' | '}');
            cluster.end += c.len_utf8();
        }
        Some(cluster)
    }
}

/// The word after a candidate boundary, past any opening quotes or brackets.
struct Next<'t> {
    /// The first character after the white space (possibly an opening mark).
    first: char,
    /// The first character of the word.
    letter: char,
    /// The word itself.
    word: &'t str,
}

impl<'t> Next<'t> {
    fn read(rest: &'t str) -> Next<'t> {
        let first = rest.chars().next().unwrap_or(' ');
        // The common case, without the Unicode word-boundary rules: ASCII letters then a space
        // or the end are one word by those rules too.
        let letters = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
        if letters > 0 && matches!(rest.as_bytes().get(letters), None | Some(b' ')) {
            return Next {
                first,
                letter: first,
                word: &rest[..letters],
            };
        }
        let word = rest
            .split_word_bounds()
            .find(|w| w.chars().next().is_some_and(char::is_alphanumeric))
            .unwrap_or("");
        Next {
            first,
            letter: word.chars().next().unwrap_or(' '),
            word,
        }
    }

    /// After an ellipsis, only a capitalised word right after the space (not the pronoun `I`,
    /// which is capitalised anywhere) starts a sentence.
    fn starts_sentence_after_ellipsis(&self) -> bool {
        self.first == self.letter && self.letter.is_uppercase() && self.word != "I"
    }
}

fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | ')' | ']' | '}' | '”' | '’' | '»' | '›' | '\u{201F}'
    )
}

fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '(' | '[' | '{' | '“' | '‘' | '«' | '‹' | '„'
    )
}

fn is_bullet(c: char) -> bool {
    matches!(c, '•' | '⁃' | '◦' | '▪' | '‣' | '·')
}

/// The start of the token that ends at `end` (after the last white space before it), looking
/// back at most 64 characters: an abbreviation is short, and a text without spaces must not
/// make every full stop scan back to its start.
fn previous_token(text: &str, end: usize) -> usize {
    let mut start = end;
    for (i, c) in text[..end].char_indices().rev().take(64) {
        if c.is_whitespace() {
            return i + c.len_utf8();
        }
        start = i;
    }
    if start == 0 { 0 } else { start }
}

fn strip_openers(token: &str) -> &str {
    token.trim_start_matches(|c: char| is_opener(c) || is_bullet(c))
}

/// `U.S`, `a.m`, `Ph.D`, `E`: one- or two-letter parts joined by full stops (the final stop
/// cut off), or a single capital initial.
fn is_initials(token: &str) -> bool {
    let mut parts = 0;
    for part in token.split('.') {
        let letters = part.chars().count();
        if letters == 0 || letters > 2 || !part.chars().all(char::is_alphabetic) {
            return false;
        }
        parts += 1;
    }
    parts > 1 || (token.chars().count() == 1 && token.chars().all(char::is_uppercase))
}

/// `1`, `12`, `a`, `B`: what numbers or letters a list item.
fn is_list_marker(token: &str) -> bool {
    (1..=3).contains(&token.len()) && token.bytes().all(|b| b.is_ascii_digit())
        || token.len() == 1 && token.bytes().all(|b| b.is_ascii_alphabetic())
}

/// The style of a list-item marker: `1.)`, `1)`, `1.`, `a.`, `a)`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum MarkerSuffix {
    DotParen,
    Paren,
    Dot,
}

/// Parses a list marker at the start of `text`: its ordinal and style.
fn parse_marker(text: &str) -> Option<(u32, bool, MarkerSuffix, usize)> {
    let bytes = text.as_bytes();
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    let (ordinal, numeric, len) = if (1..=3).contains(&digits) {
        (text[..digits].parse().ok()?, true, digits)
    } else if bytes.first().is_some_and(u8::is_ascii_lowercase) {
        (u32::from(bytes[0] - b'a') + 1, false, 1)
    } else {
        return None;
    };
    let rest = &text[len..];
    let (suffix, suffix_len) = if rest.starts_with(".)") {
        (MarkerSuffix::DotParen, 2)
    } else if rest.starts_with(')') {
        (MarkerSuffix::Paren, 1)
    } else if rest.starts_with('.') {
        (MarkerSuffix::Dot, 1)
    } else {
        return None;
    };
    let end = len + suffix_len;
    text[end..]
        .starts_with(char::is_whitespace)
        .then_some((ordinal, numeric, suffix, end))
}

/// Where list items after the first begin: before each bullet, and before each marker that
/// continues the numbering the paragraph opens with (`1) … 2) …`, `a. … b. …`).
fn list_item_starts(text: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let body = text.trim_start();
    let lead = text.len() - body.len();
    if !body.starts_with(is_bullet) && parse_marker(body).is_none() {
        return starts;
    }
    for (i, c) in text.char_indices() {
        if i > lead && is_bullet(c) && text[..i].ends_with(char::is_whitespace) {
            starts.push(i);
        }
    }
    let first = body.trim_start_matches(|c: char| is_bullet(c) || c.is_whitespace());
    let Some((mut ordinal, numeric, suffix, _)) = parse_marker(first) else {
        return starts;
    };
    let mut from = text.len() - first.len() + 1;
    while from < text.len() {
        let wanted = if numeric {
            (ordinal + 1).to_string()
        } else {
            match char::from_u32(u32::from(b'a') + ordinal) {
                Some(c) => c.to_string(),
                None => break,
            }
        };
        let found = text[from..].match_indices(wanted.as_str()).find(|&(i, _)| {
            let at = from + i;
            text[..at].ends_with(char::is_whitespace)
                && parse_marker(&text[at..])
                    .is_some_and(|(n, num, s, _)| n == ordinal + 1 && num == numeric && s == suffix)
        });
        let Some((i, _)) = found else {
            break;
        };
        let at = from + i;
        if !starts
            .iter()
            .any(|&s| s < at && text[s..at].trim().chars().all(is_bullet))
        {
            starts.push(at);
        }
        ordinal += 1;
        from = at + 1;
    }
    starts.sort_unstable();
    starts.dedup();
    starts
}

/// `text[start..end]` without surrounding white space, or `None` if nothing is left.
fn trimmed(text: &str, start: usize, end: usize) -> Option<Span> {
    let slice = &text[start..end];
    let body = slice.trim_start();
    let from = start + (slice.len() - body.len());
    let to = from + body.trim_end().len();
    (to > from).then_some(Span::new(from, to))
}

#[cfg(test)]
mod tests;
