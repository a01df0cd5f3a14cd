//! Quote attribution: the fifth stage. Finds every quote of an article — direct, indirect,
//! mixed — with its cue and its speaker resolved to an entity, and hands [`Quote`]s to
//! [`crate::record`].
//!
//! # Direct quotes
//! Quotation marks are paired first ([`marks`]): a quotation over several paragraphs, or one
//! interrupted by its attribution (`“We are ready,” he said, “to talk.”`), is one quote. A
//! quotation is attributed by
//! - a cue and speaker after it: `“…,” X said.`, `“…,” said X, the minister.` (`direct:after`);
//! - a speaker and cue, or a speaker and colon, before it: `X said: “…”`, `X: “…”`
//!   (`direct:before`);
//! - a dash and a name after it: `“…” — X` (`direct:dash`);
//! - the sentence before (ending in a colon or a cue) or after (`X made the remarks …`)
//!   (`direct:previous-sentence`, `direct:next-sentence`);
//! - else, for a quotation that makes up whole sentences, the speaker of the quote just before
//!   in the same or the previous paragraph (`direct:continued`).
//!
//! A short quotation (four words or fewer) with none of these is a term or scare quote, not a
//! quote; inside reported speech it makes the quote `mixed`.
//!
//! # Indirect quotes
//! Cues come from the lexicon `cues.tsv` (embedded, replaceable). Per sentence:
//! `According to X, …` / `…, according to X.` (`indirect:according-to`); `…, X said.`
//! (`indirect:after`); `X said (that) …`, `X stressed the need for …` (`indirect:before`);
//! `…, adding that …`, `…, stating that …` take the speaker of the clause they hang on
//! (`indirect:participle`). Content is the reported clause without cue and speaker.
//!
//! # Speakers
//! The words where the speaker stands are resolved, in order: a person the article names
//! (`name`, or `surname` for a short form), a pronoun → the most recent person speaker or
//! mentioned person (`pronoun`), a role (`the minister`, `Chief of Staff of the Iranian Armed
//! Forces`) → the person the article gives that role, else the nearest person of that country
//! (`role`), and anything else that reads as a source → its words as written (`a senior US
//! official`, `the ministry`: `description`). A pronoun or role that finds nobody is
//! `unresolved`; a pronoun is never output as a name.

mod lexer;
mod marks;
mod speaker;
mod words;

use rustc_hash::FxHashMap as HashMap;

use serde::Serialize;

use crate::article::Article;
use crate::error::{Error, Location, Result};
use crate::mentions::ArticleEntity;
use crate::segment::Sentence;
use crate::span::{Span, floor_char_boundary};
use lexer::{SentenceTokens, Tok};
use marks::{Quoted, quoted_regions};
pub use speaker::{ResolvedBy, Speaker};
use speaker::{Resolver, SpeakerPhrase};
use words::{WordSet, word_set};

/// The embedded cue lexicon.
pub const DEFAULT_CUES: &str = include_str!("cues.tsv");

/// What kind of quote.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// Words in quotation marks.
    Direct,
    /// Reported speech without quotation marks.
    Indirect,
    /// Reported speech carrying a quoted fragment.
    Mixed,
}

impl QuoteKind {
    /// `direct`, `indirect` or `mixed`.
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Indirect => "indirect",
            QuoteKind::Mixed => "mixed",
        }
    }
}

/// One quote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quote {
    /// Who said it.
    pub speaker: Speaker,
    /// The cue (`said`, `according to`, `:`), if there is one.
    pub cue: Option<Span>,
    /// Direct, indirect or mixed.
    pub kind: QuoteKind,
    /// The reported words: for a direct quote from after the opening mark to before the
    /// closing one (an interruption or a paragraph break in between included).
    pub content: Span,
    /// The pattern that found the quote (`direct:after`, `indirect:before`, …).
    pub rule: &'static str,
}

/// Who said a quote, before speakers are resolved (in text order, so that pronouns and roles
/// see the speakers before them).
#[derive(Clone, Debug)]
enum Who {
    /// The words where the speaker stands.
    Phrase(SpeakerPhrase),
    /// The speaker of the quote just before (a quotation going on).
    Previous,
    /// A participle (`…, adding that …`): the speaker of the clause it hangs on — the quote
    /// before in the same sentence, else the sentence's subject.
    Participle(Option<SpeakerPhrase>),
}

/// A quote found, its speaker not yet resolved.
#[derive(Clone, Debug)]
struct Pending {
    who: Who,
    cue: Option<Span>,
    kind: QuoteKind,
    content: Span,
    rule: &'static str,
    /// A description that resolves to nobody is no quote (`indirect:before` with a phrase that
    /// only looks like a source).
    needs_speaker: bool,
}

/// How a cue takes its content.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Frame {
    Speech,
    Object,
    /// Attributes quotations only: `“…,” he continued.` (`continues` in narration is no cue).
    Direct,
}

/// A cue form's words (lowercase) and its frame.
type CueForm = (Vec<String>, Frame);

/// The cue lexicon: forms grouped by their first word, longest first.
#[derive(Clone, Debug)]
struct Cues {
    /// (first word, its forms), one group per first word.
    groups: Vec<(Box<[u8]>, Vec<CueForm>)>,
    /// Group index by first word.
    by_first: HashMap<Box<[u8]>, usize>,
    /// (first word's [`filter_bit`], group index), sorted: the groups a word that passes
    /// the filter may belong to, in a small table that stays in cache.
    by_bit: Vec<(usize, usize)>,
    /// A bit for each first word's [`filter_bit`]: a cheap test that rules out nearly every
    /// other word.
    filter: Box<[u64; FILTER_WORDS]>,
    /// For each filter bit, where its entries start in `by_bit` ([`NO_GROUP`]: none, or
    /// past what a `u16` holds), instead of a binary search.
    first_of_bit: Box<[u16]>,
    /// Every first word is ASCII: a word that cannot lowercase to ASCII starts no cue.
    ascii_first_words: bool,
}

impl Default for Cues {
    fn default() -> Cues {
        Cues {
            groups: Vec::new(),
            by_first: HashMap::default(),
            by_bit: Vec::new(),
            filter: Box::new([0; FILTER_WORDS]),
            first_of_bit: vec![NO_GROUP; 1 << FILTER_BITS].into_boxed_slice(),
            ascii_first_words: true,
        }
    }
}

/// Classes of a byte in [`pair_index`]: `a` to `z` in either case, and anything else.
const BYTE_CLASSES: usize = 27;

/// [`pair_index`]'s class of every byte.
static BYTE_CLASS: [u8; 256] = {
    let mut table = [(BYTE_CLASSES - 1) as u8; 256];
    let mut b = 0;
    while b < 26 {
        table[b'a' as usize + b] = b as u8;
        table[b'A' as usize + b] = b as u8;
        b += 1;
    }
    table
};

/// The class of a word's first two bytes (case-blind; a one-byte word's missing second byte
/// counts as "anything else").
fn pair_index(word: &[u8]) -> usize {
    let class = |b: Option<&u8>| {
        b.map_or(BYTE_CLASSES - 1, |&b| {
            usize::from(BYTE_CLASS[usize::from(b)])
        })
    };
    class(word.first()) * BYTE_CLASSES + class(word.get(1))
}

/// [`Cues::first_of_bit`] for a bit with no entry.
const NO_GROUP: u16 = u16::MAX;

/// Bits in [`Cues::filter`] (2 KiB): with some 300 first words, about 2% of other words
/// pass the test.
const FILTER_BITS: u32 = 14;
const FILTER_WORDS: usize = 1 << (FILTER_BITS - 6);

/// A word's bit in [`Cues::filter`]: a hash of its first two bytes' [`pair_index`], its
/// length and its last byte's class, so the same for a word and its lowercase form.
#[inline(always)]
fn filter_bit(word: &[u8]) -> usize {
    let last = word.last().map_or(BYTE_CLASSES - 1, |&b| {
        usize::from(BYTE_CLASS[usize::from(b)])
    });
    filter_bit_of_classes(pair_index(word), word.len(), last)
}

/// [`filter_bit`] of a word of `len` bytes whose first two bytes have [`pair_index`] `pair`
/// and whose last byte has class `last` (the lexer has them at hand).
#[inline(always)]
fn filter_bit_of_classes(pair: usize, len: usize, last: usize) -> usize {
    let key = (pair * 64 + len.min(63)) * BYTE_CLASSES + last;
    // Fibonacci hashing: the top bits of the product.
    ((key as u32).wrapping_mul(0x9E37_79B9) >> (32 - FILTER_BITS)) as usize
}

/// [`filter_bit`] of the ASCII word `bytes[start..end]`, which starts with the byte `first`
/// (`start < end`): the bytes read by position, without slicing.
#[inline(always)]
fn filter_bit_at(bytes: &[u8], first: u8, start: usize, end: usize) -> usize {
    let class = |b: Option<&u8>| {
        b.map_or(BYTE_CLASSES - 1, |&b| {
            usize::from(BYTE_CLASS[usize::from(b)])
        })
    };
    let len = end - start;
    let second = if len >= 2 { bytes.get(start + 1) } else { None };
    let pair = usize::from(BYTE_CLASS[usize::from(first)]) * BYTE_CLASSES + class(second);
    filter_bit_of_classes(pair, len, class(bytes.get(end - 1)))
}

impl Cues {
    fn parse(name: &str, data: &str) -> Result<Cues> {
        let mut cues = Cues::default();
        for (number, line) in data.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut cells = line.split('\t');
            let forms = cells.next().unwrap_or("").trim();
            let frame = match cells.next().map(str::trim) {
                Some("speech") => Frame::Speech,
                Some("object") => Frame::Object,
                Some("direct") => Frame::Direct,
                other => {
                    return Err(Error::invalid(
                        Location::line(name, number as u64 + 1),
                        format!(
                            "frame must be speech or object, not {:?}",
                            other.unwrap_or("")
                        ),
                    ));
                }
            };
            for form in forms.split('|').map(str::trim).filter(|f| !f.is_empty()) {
                let words: Vec<String> = form.split_whitespace().map(str::to_lowercase).collect();
                if let Some(first) = words.first() {
                    let bytes = first.as_bytes();
                    let group = match cues.by_first.get(bytes) {
                        Some(&group) => group,
                        None => {
                            let group = cues.groups.len();
                            cues.groups.push((bytes.into(), Vec::new()));
                            cues.by_first.insert(bytes.into(), group);
                            let bit = filter_bit(bytes);
                            cues.filter[bit / 64] |= 1 << (bit % 64);
                            cues.by_bit.push((bit, group));
                            group
                        }
                    };
                    cues.groups[group].1.push((words, frame));
                }
            }
        }
        for (_, forms) in &mut cues.groups {
            forms.sort_by_key(|(words, _)| std::cmp::Reverse(words.len()));
        }
        cues.by_bit.sort_unstable();
        for (at, &(bit, _)) in cues.by_bit.iter().enumerate().rev() {
            if let (Some(first), Ok(at)) = (cues.first_of_bit.get_mut(bit), u16::try_from(at)) {
                *first = at;
            }
        }
        cues.ascii_first_words = cues.groups.iter().all(|(first, _)| first.is_ascii());
        Ok(cues)
    }

    /// False when `tok` starts no cue for sure: nearly every word is ruled out by its first
    /// two bytes, length and last byte (its [`Tok::cue_bit`], found by the lexer), in a few
    /// instructions (callers test this before [`Cues::at`] in loops over every word).
    #[inline(always)]
    fn may_start(&self, tok: &Tok) -> bool {
        if !tok.word {
            return false;
        }
        if !tok.ascii {
            return true;
        }
        let bit = usize::from(tok.cue_bit);
        self.filter
            .get(bit / 64)
            .is_some_and(|bits| bits & (1 << (bit % 64)) != 0)
    }

    /// The cue starting at word token `i`: (tokens it spans, frame).
    #[cfg(test)]
    fn at(&self, text: &str, toks: &[Tok], i: usize) -> Option<(usize, Frame)> {
        if !self.may_start(&toks[i]) {
            return None;
        }
        self.at_unfiltered(text, toks, i)
    }

    /// [`Cues::at`] for a token that passed [`Cues::may_start`].
    fn at_unfiltered(&self, text: &str, toks: &[Tok], i: usize) -> Option<(usize, Frame)> {
        let tok = &toks[i];
        if !tok.ascii {
            return self.lookup(text, toks, i);
        }
        // The words that pass are compared with the one or two first words of the same filter
        // bit, without lowercasing or hashing.
        let word = text.as_bytes().get(tok.span.range()).unwrap_or_default();
        let bit = usize::from(tok.cue_bit);
        let from = match self.first_of_bit.get(bit) {
            Some(&from) if from != NO_GROUP => usize::from(from),
            _ => self.by_bit.partition_point(|&(b, _)| b < bit),
        };
        let &(_, group) = self.by_bit[from..]
            .iter()
            .take_while(|&&(b, _)| b == bit)
            .find(|&&(_, g)| is_lower_word(word, &self.groups[g].0))?;
        self.forms_at(text, toks, i, &self.groups[group].1)
    }

    /// [`Cues::at`] for a word that is not all ASCII.
    #[inline(never)]
    fn lookup(&self, text: &str, toks: &[Tok], i: usize) -> Option<(usize, Frame)> {
        if self.ascii_first_words && !may_lower_to_ascii(toks[i].text(text)) {
            return None;
        }
        let group = *self.by_first.get(lower_word(text, &toks[i])?.as_bytes())?;
        self.forms_at(text, toks, i, &self.groups[group].1)
    }

    /// The first of `forms` (which share the word at token `i`) that the tokens from `i` on
    /// spell.
    fn forms_at(
        &self,
        text: &str,
        toks: &[Tok],
        i: usize,
        forms: &[CueForm],
    ) -> Option<(usize, Frame)> {
        'forms: for (words, frame) in forms {
            if i + words.len() > toks.len() {
                continue;
            }
            for (k, word) in words.iter().enumerate().skip(1) {
                if !is_word(text, &toks[i + k], word) {
                    continue 'forms;
                }
            }
            return Some((words.len(), *frame));
        }
        None
    }
}

/// Whether `lower_word` of the ASCII word `word` is `lower` (which has no capitals): equal
/// tails mean the word has none after its first letter, and only the first letter may differ
/// in case.
#[inline]
fn is_lower_word(word: &[u8], lower: &[u8]) -> bool {
    // (Byte by byte: these words are short, and a call to memcmp costs more.)
    word.len() == lower.len()
        && word
            .split_first()
            .zip(lower.split_first())
            .is_some_and(|((wf, wr), (lf, lr))| {
                wf.to_ascii_lowercase() == *lf && wr.iter().zip(lr).all(|(a, b)| a == b)
            })
}

/// Whether `lower_word(text, tok)` is `lower`, without allocating for an ASCII word.
#[inline]
fn is_word(text: &str, tok: &Tok, lower: &str) -> bool {
    if !tok.word {
        return false;
    }
    if !tok.ascii {
        return is_word_not_ascii(text, tok, lower);
    }
    // Most words have another length: ruled out before slicing the text.
    if tok.span.end.saturating_sub(tok.span.start) != lower.len() {
        return false;
    }
    let word = text.as_bytes().get(tok.span.range()).unwrap_or_default();
    is_lower_word(word, lower.as_bytes())
}

/// [`is_word`] for a word that is not all ASCII.
#[inline(never)]
fn is_word_not_ascii(text: &str, tok: &Tok, lower: &str) -> bool {
    if lower.is_ascii() && !may_lower_to_ascii(tok.text(text)) {
        return false;
    }
    lower_word(text, tok).as_deref() == Some(lower)
}

/// Whether `word.to_lowercase()` may be all ASCII: false when one of its characters has no
/// ASCII lowercase (`Iran’s`, `Zürich`), nearly every word that is not ASCII. (`str::to_lowercase`
/// lowercases character by character but for a final `Σ`, which is no ASCII either way.) A
/// word whose [`lower_word`] is ASCII passes.
fn may_lower_to_ascii(word: &str) -> bool {
    word.chars()
        .all(|c| c.is_ascii() || c.to_lowercase().all(|l| l.is_ascii()))
}

/// The word in lowercase if it is all lowercase or only capitalised (`Said` at a sentence
/// start), not in capitals (`SAID` in a headline-like run). Lowercase words, the common case,
/// are borrowed.
fn lower_word<'t>(text: &'t str, tok: &Tok) -> Option<std::borrow::Cow<'t, str>> {
    if !tok.word {
        return None;
    }
    let word = tok.text(text);
    let mut chars = word.chars();
    let first = chars.next()?;
    if chars.as_str().chars().any(char::is_uppercase) {
        return None;
    }
    if first.is_uppercase() {
        Some(std::borrow::Cow::Owned(word.to_lowercase()))
    } else {
        Some(std::borrow::Cow::Borrowed(word))
    }
}

/// Calls `f` with `word` in lowercase (`str::to_lowercase`), lowercased on the stack for a
/// short ASCII word (nearly every word) instead of allocating.
pub(super) fn with_lowercase<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 32];
    if word.is_ascii() {
        if let Some(out) = buf.get_mut(..word.len()) {
            out.copy_from_slice(word.as_bytes());
            out.make_ascii_lowercase();
            if let Ok(lower) = std::str::from_utf8(out) {
                return f(lower);
            }
        }
    }
    f(&word.to_lowercase())
}

/// Finds quotes.
#[derive(Clone, Debug)]
pub struct QuoteFinder {
    cues: Cues,
}

impl Default for QuoteFinder {
    fn default() -> QuoteFinder {
        QuoteFinder::new()
    }
}

impl QuoteFinder {
    /// A finder with the embedded cue lexicon.
    pub fn new() -> QuoteFinder {
        // The embedded lexicon is checked by the tests; an error here cannot happen.
        QuoteFinder::with_cues("cues.tsv", DEFAULT_CUES).unwrap_or(QuoteFinder {
            cues: Cues::default(),
        })
    }

    /// A finder with a cue lexicon in the format of `cues.tsv`; errors name `name` and line.
    pub fn with_cues(name: &str, data: &str) -> Result<QuoteFinder> {
        Ok(QuoteFinder {
            cues: Cues::parse(name, data)?,
        })
    }

    /// The quotes of `article`, in text order.
    pub fn find(
        &self,
        article: &Article,
        sentences: &[Sentence],
        entities: &[ArticleEntity],
    ) -> Vec<Quote> {
        let text = article.text.as_str();
        let regions = quoted_regions(text, &article.paragraphs);
        let mentions = speaker::sorted_mentions(entities);
        let lexed = SentenceTokens::new(text, sentences.iter().map(|s| s.span));
        let mut state = Finder {
            text,
            sentences,
            lexed: &lexed,
            names: &mentions,
            cues: &self.cues,
            regions: &regions,
            used_cues: Default::default(),
            quotes: Vec::new(),
            region_quoted: vec![false; regions.len()],
        };
        state.direct_quotes();
        state.indirect_quotes();
        let mut pending = state.quotes;
        pending.sort_by_key(|q| (q.content.start, q.content.end));
        pending.dedup_by(|b, a| a.content == b.content);
        resolve_in_order(text, sentences, entities, mentions, pending)
    }
}

/// Resolves the speakers of `pending` quotes in text order.
fn resolve_in_order(
    text: &str,
    sentences: &[Sentence],
    entities: &[ArticleEntity],
    mentions: Vec<(Span, usize)>,
    pending: Vec<Pending>,
) -> Vec<Quote> {
    let sentence_of = |at: usize| sentences.partition_point(|s| s.span.end <= at);
    let paragraph_of = |at: usize| sentences.get(sentence_of(at)).map_or(0, |s| s.paragraph);
    let mut resolver = Resolver::new(text, entities, sentences, mentions);
    let mut quotes: Vec<Quote> = Vec::with_capacity(pending.len());
    for p in pending {
        let previous = quotes.last();
        let speaker = match p.who {
            Who::Phrase(phrase) => resolver.resolve(&phrase, p.content.start),
            Who::Previous => match previous {
                Some(q) if paragraph_of(p.content.start) <= paragraph_of(q.content.end) + 1 => {
                    q.speaker.clone()
                }
                _ => continue,
            },
            Who::Participle(subject) => {
                let sentence = sentence_of(p.content.start);
                match previous {
                    Some(q)
                        if sentence_of(q.content.start) == sentence
                            || sentence_of(q.content.end) == sentence =>
                    {
                        q.speaker.clone()
                    }
                    _ => {
                        let from_subject = subject
                            .as_ref()
                            .filter(|s| s.is_named_or_described())
                            .map(|s| resolver.resolve(s, p.content.start))
                            .filter(|s| s.resolved_by != ResolvedBy::Unresolved);
                        match (from_subject, previous) {
                            (Some(speaker), _) => speaker,
                            (None, Some(q)) if sentence_of(q.content.end) + 1 >= sentence => {
                                q.speaker.clone()
                            }
                            _ => continue,
                        }
                    }
                }
            }
        };
        if p.needs_speaker && speaker.resolved_by == ResolvedBy::Unresolved {
            continue;
        }
        resolver.note_speaker(&speaker, p.content.start);
        quotes.push(Quote {
            speaker,
            cue: p.cue,
            kind: p.kind,
            content: p.content,
            rule: p.rule,
        });
    }
    quotes
}

/// Working state for one article.
struct Finder<'a> {
    text: &'a str,
    sentences: &'a [Sentence],
    /// The tokens of every sentence.
    lexed: &'a SentenceTokens,
    /// Every entity mention (span, entity), sorted: a cue word inside a name (`the United
    /// States`) is none.
    names: &'a [(Span, usize)],
    cues: &'a Cues,
    regions: &'a [Quoted],
    /// Starts of the cues already used by a quote.
    used_cues: rustc_hash::FxHashSet<usize>,
    quotes: Vec<Pending>,
    /// Which regions became (part of) a quote.
    region_quoted: Vec<bool>,
}

/// Tokens of reported speech before an attribution (`…, X said`) at most: the sentence's start
/// for any real sentence, a bound for an endless one.
const MAX_BEFORE_TOKENS: usize = 400;

/// Where content that ends at token `end` starts: the sentence's start, or
/// [`MAX_BEFORE_TOKENS`] before `end`.
fn content_start(end: usize) -> usize {
    end.saturating_sub(MAX_BEFORE_TOKENS)
}

/// Words of reported speech after which the next attribution in the sentence ends it.
const MAX_CONTENT_WORDS: usize = 60;

/// Tokens `clause_start` looks back at most.
const MAX_CLAUSE_TOKENS: usize = 48;

/// Bytes around a quotation searched for its attribution.
const WINDOW: usize = 400;

/// Words in `text`, counting no further than `limit`.
fn count_words(text: &str, limit: usize) -> usize {
    text.split(|c: char| !lexer::is_word_char(c))
        .filter(|w| !w.is_empty())
        .take(limit)
        .count()
}

/// Words in a quotation at most, with no attribution, for it to be a term or scare quote.
const SCARE_QUOTE_WORDS: usize = 4;
/// Words a speaker phrase may have.
const MAX_SPEAKER_WORDS: usize = 9;

impl<'a> Finder<'a> {
    /// The cue at token `i`, unless the word is part of a name (`the United States`).
    #[inline(always)]
    fn cue_at(&self, toks: &[Tok], i: usize) -> Option<(usize, Frame)> {
        if !self.cues.may_start(&toks[i]) {
            return None;
        }
        self.cue_at_slow(toks, i)
    }

    /// [`Finder::cue_at`] for a word that may start a cue.
    fn cue_at_slow(&self, toks: &[Tok], i: usize) -> Option<(usize, Frame)> {
        let found = self.cues.at_unfiltered(self.text, toks, i)?;
        let span = toks[i].span;
        let k = self.names.partition_point(|(n, _)| n.end <= span.start);
        let in_name = self.names[k..]
            .iter()
            .take(4)
            .any(|(n, _)| n.start <= span.start && span.end <= n.end);
        (!in_name).then_some(found)
    }

    fn sentence_at(&self, at: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.span.end <= at);
        (i < self.sentences.len() && self.sentences[i].span.start <= at).then_some(i)
    }

    // ---------------------------------------------------------------- direct quotes

    fn direct_quotes(&mut self) {
        // (outer, inner, region ids, the first interruption)
        let mut merged: Vec<(Span, Span, Vec<usize>, Option<Span>)> = Vec::new();
        // Interrupted quotations: `“A,” he said, “B.”` — the second part joins the first when
        // only an attribution stands between them, in one sentence.
        let mut i = 0;
        while i < self.regions.len() {
            let mut outer = self.regions[i].outer;
            let mut inner = self.regions[i].inner;
            let mut ids = vec![i];
            let mut interruption = None;
            while let Some(next) = self.regions.get(i + 1) {
                let between = Span::new(outer.end, next.outer.start).text(self.text);
                let same_sentence = self.sentence_at(outer.start.max(outer.end.saturating_sub(1)))
                    == self.sentence_at(next.outer.start);
                let ends_open = inner.text(self.text).trim_end().ends_with([',', '—', '–']);
                if same_sentence
                    && ends_open
                    && self.is_short_attribution(Span::new(outer.end, next.outer.start))
                    && !between.contains(['.', '?', '!'])
                {
                    interruption.get_or_insert(Span::new(outer.end, next.outer.start));
                    outer = Span::new(outer.start, next.outer.end);
                    inner = Span::new(inner.start, next.inner.end);
                    ids.push(i + 1);
                    i += 1;
                } else {
                    break;
                }
            }
            merged.push((outer, inner, ids, interruption));
            i += 1;
        }
        for (outer, inner, ids, interruption) in merged {
            if let Some(quote) = self.attribute_direct(outer, inner, interruption) {
                for id in ids {
                    self.region_quoted[id] = true;
                }
                self.quotes.push(quote);
            }
        }
    }

    /// Text between two quotations that is just `he said,` / `said X,`.
    fn is_short_attribution(&self, between: Span) -> bool {
        let toks = self.lexed.stretch(self.text, between);
        let words = toks.iter().filter(|t| t.word).count();
        words <= MAX_SPEAKER_WORDS
            && (0..toks.len()).any(|i| toks[i].word && self.cue_at(&toks, i).is_some())
    }

    fn attribute_direct(
        &mut self,
        outer: Span,
        inner: Span,
        interruption: Option<Span>,
    ) -> Option<Pending> {
        let text = self.text;
        let content = trim_span(text, inner);
        if content.is_empty() {
            return None;
        }
        let words = count_words(content.text(text), SCARE_QUOTE_WORDS + 1);
        let first_sentence = self.sentence_at(outer.start)?;
        let last_sentence = self
            .sentence_at(outer.end.saturating_sub(1))
            .unwrap_or(first_sentence);
        // Attributions stand near the quotation: looking no further than a window keeps a
        // sentence with thousands of quotation marks linear.
        let after_end = floor_char_boundary(
            text,
            (outer.end + WINDOW).min(self.sentences[last_sentence].span.end),
        );
        let after = Span::new(outer.end, after_end.max(outer.end));
        let sentence_start = self.sentences[first_sentence].span.start;
        let before_start =
            floor_char_boundary(text, outer.start.saturating_sub(WINDOW).max(sentence_start));
        let before = Span::new(before_start, outer.start);
        let direct = |who: Who, cue: Option<Span>, rule: &'static str| Pending {
            who,
            cue,
            kind: QuoteKind::Direct,
            content,
            rule,
            needs_speaker: false,
        };
        for after in interruption.into_iter().chain(std::iter::once(after)) {
            if let Some((phrase, cue)) = self.attribution_after(after) {
                self.used_cues.insert(cue.start);
                return Some(direct(Who::Phrase(phrase), Some(cue), "direct:after"));
            }
        }
        if let Some((who, cue)) = self.attribution_before(before) {
            if let Some(cue) = cue {
                self.used_cues.insert(cue.start);
            }
            let cue = cue.or_else(|| colon_before(text, outer.start));
            return Some(direct(who, cue, "direct:before"));
        }
        if let Some(phrase) = self.dash_after(after) {
            return Some(direct(Who::Phrase(phrase), None, "direct:dash"));
        }
        if words <= SCARE_QUOTE_WORDS {
            return None;
        }
        let whole =
            before.text(text).trim().is_empty() || before.text(text).trim_end().ends_with(':');
        if !whole {
            return None;
        }
        // The sentence before ends with a colon and holds a cue: `X said:` / `X told reporters:`
        // / `Stated Stone:`
        // (In the same paragraph, or ending the paragraph before: `Dr. Ward stated:` ¶ `“…`.)
        if first_sentence > 0 {
            let previous = self.sentences[first_sentence - 1].span;
            if previous.text(text).trim_end().ends_with(':') {
                if let Some((who, cue)) = self.attribution_before(previous) {
                    return Some(direct(who, cue, "direct:previous-sentence"));
                }
            }
        }
        // The sentence after names the speaker: `X made the remarks …`, `X said.`
        if let Some(next) = self.sentences.get(last_sentence + 1) {
            if self.same_paragraph(last_sentence, last_sentence + 1)
                || self.sentences[last_sentence + 1].paragraph
                    == self.sentences[last_sentence].paragraph + 1
            {
                let next_text = next.span.text(text);
                if next_text.contains("made the remarks")
                    || next_text.contains("made the comments")
                    || next_text.contains("was quoted")
                {
                    let toks = self.lexed.sentence(last_sentence + 1);
                    if let Some(phrase) = SpeakerPhrase::leading(text, toks) {
                        if phrase.is_speaker_like() {
                            return Some(direct(Who::Phrase(phrase), None, "direct:next-sentence"));
                        }
                    }
                }
            }
        }
        // A quotation standing alone goes on with the speaker of the quote before it, if that
        // is in the same or the previous paragraph (decided when speakers are resolved).
        Some(direct(Who::Previous, None, "direct:continued"))
    }

    fn same_paragraph(&self, a: usize, b: usize) -> bool {
        self.sentences[a].paragraph == self.sentences[b].paragraph
    }

    /// `, X said.` / `, said X, the minister.` / `, he added` after a quotation.
    fn attribution_after(&self, after: Span) -> Option<(SpeakerPhrase, Span)> {
        let text = self.text;
        let toks = self.lexed.stretch(text, after);
        let mut start = 0;
        while start < toks.len()
            && !toks[start].word
            && matches!(
                toks[start].punct(text),
                Some(',' | '.' | '?' | '!' | '—' | '–' | '-')
            )
        {
            start += 1;
        }
        // Within the first words: the cue, with the speaker before or after it.
        let limit = toks.len().min(start + MAX_SPEAKER_WORDS + 3);
        for i in start..limit {
            if !toks[i].word {
                if i > start && toks[i].punct(text) != Some('.') {
                    break;
                }
                continue;
            }
            let Some((len, _)) = self.cue_at(&toks, i) else {
                continue;
            };
            let cue = Span::new(toks[i].span.start, toks[i + len - 1].span.end);
            if i > start {
                // `X said`, then the sentence's end, a comma, or a few words (`told reporters.`):
                // `X said the plan was …` reports something else.
                if !ends_attribution(text, toks[i].text(text), &toks[i + len..]) {
                    return None;
                }
                let phrase = SpeakerPhrase::from_toks(text, &toks[start..i])?;
                return Some((phrase, cue));
            }
            // `said X`, `said Sen. Susan Collins`
            let rest = &toks[i + len..];
            let end = (0..rest.len())
                .find(|&k| {
                    let t = &rest[k];
                    let stop =
                        matches!(t.punct(text), Some(',' | '.' | ';' | ':' | '“' | '"' | '('));
                    // The full stop of a title or an initial is part of the name.
                    let abbreviation = t.punct(text) == Some('.')
                        && k > 0
                        && rest[k - 1].word
                        && is_name_abbreviation(rest[k - 1].text(text));
                    !t.word && stop && !abbreviation
                })
                .unwrap_or(rest.len());
            let phrase = SpeakerPhrase::from_toks(text, &rest[..end])?;
            return Some((phrase, cue));
        }
        None
    }

    /// `X said: ` / `X said, ` / `X: ` before a quotation.
    fn attribution_before(&self, before: Span) -> Option<(Who, Option<Span>)> {
        let text = self.text;
        let toks = self.lexed.stretch(text, before);
        let mut end = toks.len();
        while end > 0
            && !toks[end - 1].word
            && matches!(toks[end - 1].punct(text), Some(',' | ':' | '—' | '–' | '-'))
        {
            end -= 1;
        }
        let punctuated = end < toks.len();
        let colon = punctuated && toks[end..].iter().any(|t| t.punct(text) == Some(':'));
        // `saying that “…”`: the `that` belongs to the cue.
        let mut cue_end = end;
        if cue_end > 0 && is_word(text, &toks[cue_end - 1], "that") {
            cue_end -= 1;
        }
        if cue_end == 0 {
            return None;
        }
        // The cue is the last word (`X said “…”`), or nearly the last before a comma or colon:
        // `X told reporters:`, `X said in a statement,`.
        let from = if punctuated {
            cue_end.saturating_sub(5)
        } else {
            cue_end.saturating_sub(1)
        };
        for i in (from..cue_end).rev() {
            if !toks[i].word {
                continue;
            }
            let Some((len, _)) = self.cue_at(&toks, i) else {
                continue;
            };
            if i + len < cue_end && toks[i + len..cue_end].iter().any(|t| !t.word) {
                continue;
            }
            let cue = Span::new(toks[i].span.start, toks[i + len - 1].span.end);
            if self.hangs_on_clause(&toks, i) {
                let subject = SpeakerPhrase::subject(text, &toks);
                return Some((Who::Participle(subject), Some(cue)));
            }
            if let Some(phrase) = self.phrase_before(&toks, i) {
                return Some((Who::Phrase(phrase), Some(cue)));
            }
            // `Stated Stone: “…”`, `Continued Stone:`: the speaker after the cue.
            // (A cue that takes in `that` ends past `cue_end`: nothing after it then.)
            let after = toks.get(i + len..cue_end).unwrap_or(&[]);
            if !after.is_empty() && after.iter().all(|t| t.word) {
                let phrase = SpeakerPhrase::from_toks(text, after)?;
                return phrase
                    .is_named_or_described()
                    .then_some((Who::Phrase(phrase), Some(cue)));
            }
            return None;
        }
        if colon {
            // `X: “…”`: the words before the colon, when they read as a speaker.
            let start = clause_start(text, &toks[..end]);
            let phrase = SpeakerPhrase::from_toks(text, &toks[start..end])?;
            if phrase.is_named_or_described() {
                return Some((Who::Phrase(phrase), None));
            }
        }
        None
    }

    /// A cue that takes the speaker of the clause it hangs on: a participle after a comma
    /// (`…, adding that`) or a verb after `and` (`X met Y and said`).
    fn hangs_on_clause(&self, toks: &[Tok], i: usize) -> bool {
        let text = self.text;
        let previous = i.checked_sub(1).map(|p| &toks[p]);
        let after_comma = previous.is_some_and(|t| t.punct(text) == Some(','));
        let after_and = previous.is_some_and(|t| is_word(text, t, "and"));
        (toks[i].text(text).ends_with("ing") && after_comma) || after_and
    }

    /// `“…” — X` or `“…” - X.`
    fn dash_after(&self, after: Span) -> Option<SpeakerPhrase> {
        let text = self.text;
        let toks = self.lexed.stretch(text, after);
        if toks
            .first()?
            .punct(text)
            .is_some_and(|c| matches!(c, '—' | '–' | '-'))
        {
            let end = toks
                .iter()
                .skip(1)
                .position(|t| !t.word && t.punct(text) != Some('.'))
                .map_or(toks.len(), |p| p + 1);
            let phrase = SpeakerPhrase::from_toks(text, &toks[1..end])?;
            return phrase.is_named_or_described().then_some(phrase);
        }
        None
    }

    /// The speaker words before the cue at token `cue`: back to the clause start, skipping
    /// auxiliaries and adverbs; for `X, the minister, said`, the appositive's head.
    fn phrase_before(&self, toks: &[Tok], cue: usize) -> Option<SpeakerPhrase> {
        let text = self.text;
        let mut end = cue;
        loop {
            // `X also said`, `X on Saturday said`: adverbs and times are not the speaker.
            if end > 0
                && toks[end - 1].word
                && with_lowercase(toks[end - 1].text(text), is_skippable_before_cue)
            {
                end -= 1;
            } else if end > 1 && is_time_word(toks[end - 1].text(text)) {
                end -= 1;
                if matches!(
                    toks[end - 1].text(text),
                    "on" | "last" | "this" | "late" | "early"
                ) {
                    end -= 1;
                }
            } else {
                break;
            }
        }
        let start = clause_start(text, &toks[..end]);
        // `Eli Cohen, who recently told …`: the speaker is who `who` stands for.
        if start == end && start > 0 && is_word(text, &toks[start - 1], "who") {
            let mut head_end = start - 1;
            if head_end > 0 && toks[head_end - 1].punct(text) == Some(',') {
                head_end -= 1;
            }
            let head_start = clause_start(text, &toks[..head_end]);
            return SpeakerPhrase::from_toks(text, &toks[head_start..head_end]);
        }
        if start < end {
            return SpeakerPhrase::from_toks(text, &toks[start..end]);
        }
        // `X, the Y, said` / `X, Iran's ambassador and representative to Z, says`: the name
        // before the appositive when there is one, else the appositive.
        if end > 0 && toks[end - 1].punct(text) == Some(',') {
            let appositive_end = end - 1;
            let limit = appositive_end.saturating_sub(16);
            if let Some(comma) = (limit..appositive_end)
                .rev()
                .find(|&k| toks[k].punct(text) == Some(','))
            {
                let head_start = clause_start(text, &toks[..comma]);
                if let Some(head) = SpeakerPhrase::from_toks(text, &toks[head_start..comma]) {
                    if head.is_named_or_described() {
                        return Some(head);
                    }
                }
            }
            let appositive_start = clause_start(text, &toks[..appositive_end]);
            return SpeakerPhrase::from_toks(text, &toks[appositive_start..appositive_end]);
        }
        None
    }

    // ---------------------------------------------------------------- indirect quotes

    fn indirect_quotes(&mut self) {
        for index in 0..self.sentences.len() {
            self.indirect_in_sentence(self.lexed.sentence(index));
        }
    }

    fn indirect_in_sentence(&mut self, toks: &[Tok]) {
        let text = self.text;
        // Quotations inside the sentence that became direct quotes cut it: reported speech
        // is looked for in what is left.
        let mut i = 0;
        while i < toks.len() {
            if !toks[i].word {
                i += 1;
                continue;
            }
            // `according to X`
            if is_word(text, &toks[i], "according")
                && toks.get(i + 1).is_some_and(|t| is_word(text, t, "to"))
            {
                if let Some(quote) = self.according_to(toks, i) {
                    self.push_indirect(quote);
                }
                i += 2;
                continue;
            }
            let Some((len, frame)) = self.cue_at(toks, i) else {
                i += 1;
                continue;
            };
            let cue = Span::new(toks[i].span.start, toks[i + len - 1].span.end);
            if self.used_cues.contains(&cue.start) || self.in_quoted(cue) {
                i += len;
                continue;
            }
            if frame == Frame::Direct || is_noun_use(text, toks, i) || is_passive(text, toks, i) {
                i += len;
                continue;
            }
            // `…, adding that …` and `X said … and added that …` take the clause's speaker.
            let quote = if self.hangs_on_clause(toks, i) {
                self.participle(toks, i, len, cue)
            } else {
                self.postposed(toks, i, len, cue, frame)
                    .or_else(|| self.preposed(toks, i, len, cue))
            };
            if let Some(quote) = quote {
                self.used_cues.insert(cue.start);
                self.push_indirect(quote);
            }
            i += len;
        }
    }

    /// Inside a quotation's words. Regions are in text order and do not overlap.
    fn in_quoted(&self, span: Span) -> bool {
        let i = self
            .regions
            .partition_point(|r| r.inner.start <= span.start);
        i > 0 && span.end <= self.regions[i - 1].inner.end
    }

    /// Indices of the regions that overlap `span`.
    fn regions_overlapping(&self, span: Span) -> std::ops::Range<usize> {
        let first = self.regions.partition_point(|r| r.outer.end <= span.start);
        let last = self.regions.partition_point(|r| r.outer.start < span.end);
        first..last.max(first)
    }

    fn push_indirect(&mut self, mut quote: Pending) {
        let text = self.text;
        // A direct quote in the content: cut the content before it. A quotation that is not a
        // quote (a term, a fragment) in the content makes the quote mixed.
        for id in self.regions_overlapping(quote.content) {
            let region = &self.regions[id];
            if !overlaps(region.outer, quote.content) {
                continue;
            }
            if self.region_quoted[id] {
                if region.outer.start > quote.content.start {
                    quote.content =
                        trim_span(text, Span::new(quote.content.start, region.outer.start));
                    let trimmed = quote.content.text(text).trim_end_matches([',', ':', ' ']);
                    quote.content =
                        Span::new(quote.content.start, quote.content.start + trimmed.len());
                } else {
                    return;
                }
            } else if quote.content.contains(region.outer) || quote.content.contains(region.inner) {
                quote.kind = QuoteKind::Mixed;
            }
        }
        if count_words(quote.content.text(text), 2) < 2 {
            return;
        }
        self.quotes.push(quote);
    }

    /// `According to X, CONTENT.` or `CONTENT, according to X.`
    fn according_to(&mut self, toks: &[Tok], i: usize) -> Option<Pending> {
        let text = self.text;
        let after = i + 2;
        let end = toks[after..]
            .iter()
            .take(2 * MAX_SPEAKER_WORDS)
            .position(|t| {
                !t.word && matches!(t.punct(text), Some(',' | ';' | '.' | ':' | '(' | '“' | '"'))
            })
            .map_or(toks.len(), |p| after + p);
        let phrase = SpeakerPhrase::from_toks(text, &toks[after..end])?;
        let cue = Span::new(toks[i].span.start, toks[i + 1].span.end);
        let content = if i == 0 || toks[..i].iter().all(|t| !t.word) {
            // According to X, CONTENT
            self.content_after(toks, end + 1)?
        } else {
            // CONTENT, according to X
            span_of(toks, content_start(i), i)?
        };
        let content = trim_span(text, strip_edges(text, content));
        Some(Pending {
            who: Who::Phrase(phrase),
            cue: Some(cue),
            kind: QuoteKind::Indirect,
            content,
            rule: "indirect:according-to",
            needs_speaker: false,
        })
    }

    /// `CONTENT, X said.` / `CONTENT, said X.` / `CONTENT, X said, adding …`
    fn postposed(
        &mut self,
        toks: &[Tok],
        i: usize,
        len: usize,
        cue: Span,
        frame: Frame,
    ) -> Option<Pending> {
        let text = self.text;
        if frame == Frame::Direct {
            return None;
        }
        // What follows the cue: the sentence end, a comma, or a short adverbial.
        let after = i + len;
        // (Counting at most five words: an endless sentence must not make this quadratic.)
        let tail_words = toks[after..].iter().take(5).take_while(|t| t.word).count();
        let tail_ok = tail_words <= 4
            && toks[after + tail_words..]
                .first()
                .is_none_or(|t| matches!(t.punct(text), Some('.' | ',' | ';' | '?' | '!')));
        // `X said` before: the speaker words start after a comma.
        let start = clause_start(text, &toks[..i]);
        if start == 0 || toks[start - 1].punct(text) != Some(',') {
            // `, said X`: the cue right after the comma.
            if i > 0 && toks[i - 1].punct(text) == Some(',') && tail_ok {
                let rest = &toks[after..];
                let end = rest.iter().position(|t| !t.word).unwrap_or(rest.len());
                let phrase = SpeakerPhrase::from_toks(text, &rest[..end])?;
                let content = span_of(toks, content_start(i - 1), i - 1)?;
                let content = trim_span(text, strip_edges(text, content));
                return Some(indirect(
                    Who::Phrase(phrase),
                    cue,
                    content,
                    "indirect:after",
                    false,
                ));
            }
            return None;
        }
        if !tail_ok {
            return None;
        }
        let mut phrase_end = i;
        while phrase_end > start
            && with_lowercase(toks[phrase_end - 1].text(text), is_skippable_before_cue)
        {
            phrase_end -= 1;
        }
        let phrase = SpeakerPhrase::from_toks(text, &toks[start..phrase_end])?;
        if !phrase.is_speaker_like() {
            return None;
        }
        // `The Army, he said, has not stopped …`: the attribution interrupts a short subject
        // and its clause; the content is the whole sentence.
        let subject_words = toks[..start - 1].iter().filter(|t| t.word).take(7).count();
        let continues = toks.get(after).is_some_and(|t| t.punct(text) == Some(','))
            && toks.get(after + 1).is_some_and(|t| {
                t.word
                    && self.cue_at(toks, after + 1).is_none()
                    && !self.hangs_on_clause(toks, after + 1)
            });
        if continues && subject_words <= 6 {
            let content = span_of(toks, 0, (after + MAX_BEFORE_TOKENS).min(toks.len()))?;
            let content = trim_span(text, strip_edges(text, content));
            return Some(indirect(
                Who::Phrase(phrase),
                cue,
                content,
                "indirect:parenthetical",
                false,
            ));
        }
        let content = span_of(toks, content_start(start - 1), start - 1)?;
        let content = trim_span(text, strip_edges(text, content));
        Some(indirect(
            Who::Phrase(phrase),
            cue,
            content,
            "indirect:after",
            false,
        ))
    }

    /// `X said (that) CONTENT` / `X stressed the need for CONTENT`.
    fn preposed(&mut self, toks: &[Tok], i: usize, len: usize, cue: Span) -> Option<Pending> {
        let phrase = self.phrase_before(toks, i)?;
        if !phrase.is_speaker_like() {
            return None;
        }
        let content = self.content_after(toks, i + len)?;
        let needs_speaker = !phrase.is_pronoun();
        Some(indirect(
            Who::Phrase(phrase),
            cue,
            content,
            "indirect:before",
            needs_speaker,
        ))
    }

    /// `…, adding that CONTENT` / `…, stating that CONTENT`: the clause's speaker.
    fn participle(&mut self, toks: &[Tok], i: usize, len: usize, cue: Span) -> Option<Pending> {
        let content = self.content_after(toks, i + len)?;
        let subject = SpeakerPhrase::leading(self.text, toks);
        Some(indirect(
            Who::Participle(subject),
            cue,
            content,
            "indirect:participle",
            false,
        ))
    }

    /// The content after a cue: skips `that`, `reporters that`, a quotation's opening; runs to
    /// the sentence end or to `, adding …`-like participles.
    fn content_after(&self, toks: &[Tok], from: usize) -> Option<Span> {
        let text = self.text;
        if from >= toks.len() {
            return None;
        }
        let mut start = from;
        // `told reporters that …`: skip a short object before `that`.
        if let Some(that) = toks[from..]
            .iter()
            .take(8)
            .position(|t| is_word(text, t, "that"))
        {
            let between = &toks[from..from + that];
            if between.iter().all(|t| t.word || t.punct(text) == Some(','))
                && (that == 0 || self.skippable_object(&toks[from..from + that]))
            {
                start = from + that + 1;
            }
        }
        while start < toks.len()
            && !toks[start].word
            && matches!(toks[start].punct(text), Some(',' | ':'))
        {
            start += 1;
        }
        let mut end = toks.len();
        let mut words = 0;
        for k in start..toks.len() {
            if !toks[k].word {
                continue;
            }
            words += 1;
            if k == start || self.cue_at(toks, k).is_none() {
                continue;
            }
            // `, adding that …` ends this content; the participle makes its own quote.
            if toks[k - 1].punct(text) == Some(',') && toks[k].text(text).ends_with("ing") {
                end = k - 1;
                break;
            }
            // `X said that A, Y said that B`: another attribution after a comma ends this
            // content, and so does any attribution past a long clause — so that contents stay
            // short and records linear in the text, whatever the sentence.
            let next_speaker = clause_start(text, &toks[start..k]) + start;
            let after_comma =
                next_speaker > start && toks[next_speaker - 1].punct(text) == Some(',');
            if next_speaker > start
                && next_speaker < k
                && (after_comma || words > MAX_CONTENT_WORDS)
            {
                end = if after_comma {
                    next_speaker - 1
                } else {
                    next_speaker
                };
                break;
            }
        }
        let span = span_of(toks, start, end)?;
        let span = trim_span(text, strip_edges(text, span));
        (!span.is_empty()).then_some(span)
    }

    /// `reporters`, `the news agency`, `Al Jazeera`: an object between `told` and `that`.
    fn skippable_object(&self, toks: &[Tok]) -> bool {
        toks.len() <= 6
    }
}

fn indirect(
    who: Who,
    cue: Span,
    content: Span,
    rule: &'static str,
    needs_speaker: bool,
) -> Pending {
    Pending {
        who,
        cue: Some(cue),
        kind: QuoteKind::Indirect,
        content,
        rule,
        needs_speaker,
    }
}

/// After a cue, what ends an attribution: nothing or punctuation, or an adverbial or object
/// (`said on Tuesday.`, `told reporters,`) — not a clause of its own (`said the plan was …`,
/// `said that …`).
fn ends_attribution(text: &str, cue: &str, rest: &[Tok]) -> bool {
    let Some(first) = rest.first() else {
        return true;
    };
    if !first.word {
        return first.punct(text) != Some('“');
    }
    let original = first.text(text);
    // `said Iran would …` is a clause; `told Al Jazeera` an object.
    let takes_object = matches!(
        cue,
        "told" | "tells" | "telling" | "asked" | "asks" | "asking"
    );
    if original.starts_with(char::is_uppercase) && !takes_object {
        return false;
    }
    let word = original.to_ascii_lowercase();
    if takes_object {
        // `told a Parliamentary lunch`, `told the paper`: objects; `told … that` is handled
        // by the indirect patterns.
        return word != "that";
    }
    let clause = matches!(
        word.as_str(),
        "that"
            | "the"
            | "a"
            | "an"
            | "it"
            | "he"
            | "she"
            | "they"
            | "we"
            | "i"
            | "you"
            | "this"
            | "these"
            | "those"
            | "there"
            | "his"
            | "her"
            | "their"
            | "its"
            | "our"
            | "no"
            | "if"
            | "whether"
            | "what"
            | "how"
            | "why"
    );
    !clause
}

/// `Sen`, `Mr`, `Gen`, `J`: a word whose full stop belongs to a name.
fn is_name_abbreviation(word: &str) -> bool {
    (word.len() == 1 && word.chars().all(char::is_uppercase))
        || matches!(
            word,
            "Mr" | "Mrs"
                | "Ms"
                | "Dr"
                | "Sen"
                | "Rep"
                | "Gov"
                | "Gen"
                | "Lt"
                | "Col"
                | "Maj"
                | "Capt"
                | "Adm"
                | "Sgt"
                | "Prof"
                | "Rev"
                | "St"
                | "Jr"
                | "Sr"
                | "Brig"
                | "Cmdr"
        )
}

/// A cue in the passive (`it is said that`, `was considered`): no source to attribute.
fn is_passive(text: &str, toks: &[Tok], i: usize) -> bool {
    let mut k = i;
    while k > 0 && toks[k - 1].word && toks[k - 1].text(text).ends_with("ly") {
        k -= 1;
    }
    k > 0
        && with_lowercase(toks[k - 1].text(text), |word| {
            matches!(
                word,
                "is" | "was" | "were" | "are" | "be" | "been" | "being"
            )
        })
}

/// Words that look like reporting verbs (`said`, `added`): they end a subject phrase.
fn is_cue_like(word: &str) -> bool {
    matches!(
        word,
        "said"
            | "says"
            | "added"
            | "told"
            | "stated"
            | "noted"
            | "stressed"
            | "warned"
            | "announced"
    )
}

/// A cue form used as a noun: `his remarks`, `the reports`, `of claims` (an `-s` form right
/// after a determiner, possessive or preposition).
fn is_noun_use(text: &str, toks: &[Tok], i: usize) -> bool {
    let word = toks[i].text(text);
    if !word.ends_with('s') || word.ends_with("ss") {
        return false;
    }
    let Some(previous) = i.checked_sub(1).map(|p| &toks[p]) else {
        return false;
    };
    if !previous.word {
        return false;
    }
    with_lowercase(previous.text(text), is_noun_use_before)
}

/// [`is_noun_use`]: a word (lowercase) after which a cue form is a noun.
fn is_noun_use_before(before: &str) -> bool {
    matches!(
        before,
        "the"
            | "a"
            | "an"
            | "his"
            | "her"
            | "their"
            | "its"
            | "our"
            | "my"
            | "your"
            | "these"
            | "those"
            | "such"
            | "of"
            | "by"
            | "in"
            | "to"
            | "with"
            | "recent"
            | "latest"
            | "new"
            | "earlier"
            | "previous"
            | "similar"
            | "many"
            | "some"
            | "several"
            | "other"
            | "and"
            | "for"
            | "on"
            | "about"
            | "after"
            | "amid"
            | "despite"
    ) || before.ends_with("’s")
        || before.ends_with("'s")
}

/// Days and times that stand between a speaker and the cue: `X on Saturday said`.
fn is_time_word(word: &str) -> bool {
    matches!(
        word,
        "Monday"
            | "Tuesday"
            | "Wednesday"
            | "Thursday"
            | "Friday"
            | "Saturday"
            | "Sunday"
            | "yesterday"
            | "today"
            | "tonight"
            | "week"
            | "night"
            | "morning"
            | "evening"
            | "afternoon"
    )
}

/// Auxiliaries and adverbs between a speaker and the cue: `X has also said`.
fn is_skippable_before_cue(word: &str) -> bool {
    // Adverbs in -ly: `sharply criticized`, `strongly condemned`.
    (word.len() > 4 && word.ends_with("ly") && !matches!(word, "italy" | "family" | "ally"))
        || matches!(
            word,
            "has"
                | "have"
                | "had"
                | "also"
                | "further"
                | "then"
                | "later"
                | "earlier"
                | "again"
                | "once"
                | "recently"
                | "reportedly"
                | "separately"
                | "previously"
                | "already"
                | "repeatedly"
                | "publicly"
                | "explicitly"
                | "clearly"
                | "frequently"
                | "often"
                | "is"
                | "was"
                | "were"
                | "are"
                | "will"
                | "would"
                | "did"
                | "does"
                | "do"
                | "not"
                | "never"
                | "first"
                | "in"
                | "turn"
                | "however"
                | "meanwhile"
                | "too"
                | "likewise"
                | "elsewhere"
                | "strongly"
        )
}

/// Words that open a clause (lowercase; matched in any case).
const CLAUSE_OPENER_WORDS: &[&str] = &[
    "and", "but", "while", "as", "that", "which", "who", "whom", "where", "when", "because",
    "although", "though", "if", "whereas", "so", "since", "after", "before", "until", "or", "nor",
    "yet", "whether",
];
static CLAUSE_OPENERS: WordSet<{ CLAUSE_OPENER_WORDS.len() }> = word_set!(CLAUSE_OPENER_WORDS);

/// The index where the clause that ends at `toks.len()` starts: after the last punctuation
/// mark or clause-opening word.
fn clause_start(text: &str, toks: &[Tok]) -> usize {
    let mut start = toks.len();
    // A speaker phrase is short: looking back further only costs time.
    let limit = toks.len().saturating_sub(MAX_CLAUSE_TOKENS);
    while start > limit {
        let tok = &toks[start - 1];
        if !tok.word {
            if matches!(tok.punct(text), Some('\'' | '’' | '.')) {
                start -= 1;
                continue;
            }
            break;
        }
        if start < toks.len() && CLAUSE_OPENERS.contains_ascii_lowercase(tok.text(text)) {
            break;
        }
        start -= 1;
    }
    start
}

fn overlaps(a: Span, b: Span) -> bool {
    a.start < b.end && b.start < a.end
}

/// The span from token `start` to token `end` (exclusive).
fn span_of(toks: &[Tok], start: usize, end: usize) -> Option<Span> {
    if start >= end || end > toks.len() {
        return None;
    }
    Some(Span::new(toks[start].span.start, toks[end - 1].span.end))
}

/// The span without surrounding white space.
fn trim_span(text: &str, span: Span) -> Span {
    let slice = span.text(text);
    let lead = slice.len() - slice.trim_start().len();
    let body = slice.trim();
    Span::new(span.start + lead, span.start + lead + body.len())
}

/// The span without a final full stop or comma and without a leading `that`.
fn strip_edges(text: &str, span: Span) -> Span {
    let slice = span.text(text);
    let trimmed = slice.trim_end_matches(['.', ',', ';', ':', ' ']);
    let mut start = span.start;
    let mut body = trimmed;
    // A dateline is no part of what was said: `WASHINGTON (Reuters) - …`, `TEHRAN – …`.
    if may_open_with_dateline(body) {
        if let Some(m) = DATELINE.find(body) {
            start += m.end();
            body = &body[m.end()..];
        }
    }
    for lead in ["that ", "That "] {
        if let Some(rest) = body.strip_prefix(lead) {
            start += lead.len();
            body = rest;
        }
    }
    Span::new(start, start + body.len())
}

/// Whether `text` opens as [`DATELINE`] must: a capital and then a capital, `.`, `'`, `’` or
/// `-` (the regex is not run on nearly every other text).
fn may_open_with_dateline(text: &str) -> bool {
    match text.as_bytes() {
        [first, second, ..] => {
            first.is_ascii_uppercase()
                && (second.is_ascii_uppercase()
                    || matches!(second, b'.' | b'\'' | b'-')
                    || text.get(1..).is_some_and(|rest| rest.starts_with('’')))
        }
        _ => false,
    }
}

/// A dateline at the start of a paragraph: a place in capitals, maybe a date and an agency,
/// and a dash.
static DATELINE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"^[A-Z][A-Z.'’\-]+(?: [A-Z][A-Z.'’\-]+)*(?:, [A-Z][A-Za-z.]+(?: \d{1,2})?)?(?: \([A-Za-z ]+\))? ?(?:--|—|–|-) ?",
    )
    .expect("valid dateline regex")
});

/// The colon right before a quotation, as its cue.
fn colon_before(text: &str, at: usize) -> Option<Span> {
    let before = text[..at].trim_end();
    before
        .ends_with(':')
        .then(|| Span::new(before.len() - 1, before.len()))
}

#[cfg(test)]
mod tests;
